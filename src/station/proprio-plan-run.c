/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-run"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "exercises/proprio-variant-json.h"

#include "proprio-plan-json.h"
#include "proprio-plan-run-private.h"

G_DEFINE_ENUM_TYPE (ProprioPlanStepState, proprio_plan_step_state,
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_PENDING, "pending"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_ACTIVE, "active"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_SKIPPED, "skipped"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_FAILED, "failed"))

static const char * const state_names[] = {
  "pending", "active", "done", "stopped", "skipped", "failed"
};

const char *
proprio_plan_step_state_to_string (ProprioPlanStepState state)
{
  g_return_val_if_fail (state <= PROPRIO_PLAN_STEP_FAILED, "pending");
  return state_names[state];
}

static void
step_record_free (StepRecord *record)
{
  g_free (record->message);
  g_clear_object (&record->result);
  g_free (record);
}

G_DEFINE_FINAL_TYPE (ProprioPlanRun, proprio_plan_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_ACTIVE,
  PROP_CURRENT,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_STEP_STARTED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void finish_rest (ProprioPlanRun       *self,
                         ProprioPlanStepState  state);

ProprioPlanRun *
proprio_plan_run_new (ProprioStation *station)
{
  ProprioPlanRun *self;

  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);

  self = g_object_new (PROPRIO_TYPE_PLAN_RUN, NULL);
  self->station = g_object_ref (station);
  return self;
}

ProprioStation *
proprio_plan_run_get_station (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);
  return self->station;
}

static StepRecord *
record_for (ProprioPlanRun  *self,
            ProprioPlanStep *step)
{
  StepRecord *record;

  if (step == NULL)
    return NULL;
  record = g_hash_table_lookup (self->records, step);
  if (record == NULL)
    {
      record = g_new0 (StepRecord, 1);
      g_hash_table_insert (self->records, g_object_ref (step), record);
    }
  return record;
}

static void
emit_changed (ProprioPlanRun *self)
{
  int current = proprio_plan_run_get_current (self);

  if (current != self->shown_current)
    {
      self->shown_current = current;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
set_active (ProprioPlanRun *self,
            gboolean        active)
{
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
set_current (ProprioPlanRun  *self,
             ProprioPlanStep *step)
{
  g_set_object (&self->current, step);
}

static void G_GNUC_PRINTF (3, 4)
set_message (ProprioPlanRun  *self,
             ProprioPlanStep *step,
             const char      *format,
             ...)
{
  StepRecord *record = record_for (self, step);
  va_list args;

  g_clear_pointer (&record->message, g_free);
  if (format == NULL)
    return;
  va_start (args, format);
  record->message = g_strdup_vprintf (format, args);
  va_end (args);
}

/* ---- exercise steps ---- */

/* The step's values in the engine's types (a file gives JSON's: 30 for 30.0, lists for tuples).
 * A key the engine does not have is passed as it is: the engine's refusal names it. */
static GVariant *
typed_settings (GVariant  *settings,
                GVariant  *template,
                GError   **error)
{
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, settings);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_autoptr(GVariant) own = g_variant_lookup_value (template, key, NULL);
      g_autoptr(GVariant) typed = NULL;

      if (own == NULL)
        typed = g_variant_ref (value);
      else
        typed = proprio_json_coerce (value, g_variant_get_type (own), key, error);
      g_variant_unref (value);
      if (typed == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add (&builder, "{sv}", key, typed);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

gboolean
proprio_plan_run_check_step (ProprioPlanRun   *self,
                             ProprioPlanStep  *step,
                             GError          **error)
{
  g_autoptr(GVariant) own = NULL;
  g_autoptr(GVariant) typed = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *id;
  ProprioExercise *engine;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (step), FALSE);

  id = proprio_plan_step_get_exercise_id (step);
  if (proprio_plan_step_get_kind (step) == PROPRIO_PLAN_STEP_PAUSE)
    return TRUE;
  engine = *id != '\0' ? proprio_station_get_engine (self->station, id) : NULL;
  if (engine == NULL)
    {
      /* A pacer without its engine is a rest: nothing to check. */
      if (proprio_plan_step_get_kind (step) == PROPRIO_PLAN_STEP_PACER)
        return TRUE;
      g_set_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_STEP,
                   _("This step needs the exercise “%s”, which this version of Proprio does not "
                     "have"), id);
      return FALSE;
    }
  if (proprio_exercise_is_active (engine))
    {
      g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_BUSY,
                           _("The exercise is running: its settings can be checked once it "
                             "ends"));
      return FALSE;
    }
  own = proprio_exercise_get_settings (engine);
  typed = typed_settings (proprio_plan_step_get_settings (step), own, &local_error);
  if (typed == NULL || !proprio_exercise_apply_settings (engine, typed, &local_error))
    {
      g_set_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_STEP,
                   _("The settings of this step do not suit the exercise: %s"),
                   local_error->message);
      return FALSE;
    }
  if (!proprio_exercise_apply_settings (engine, own, &local_error))
    g_debug ("The settings of %s were not given back: %s", id, local_error->message);
  return TRUE;
}

static void
restore_engine (ProprioPlanRun *self)
{
  g_autoptr(GError) error = NULL;

  if (self->engine == NULL)
    return;
  g_clear_signal_handler (&self->finished_id, self->engine);
  if (self->saved_settings != NULL &&
      !proprio_exercise_apply_settings (self->engine, self->saved_settings, &error))
    g_debug ("The settings of %s were not given back: %s",
             proprio_exercise_get_id (self->engine), error->message);
  g_clear_pointer (&self->saved_settings, g_variant_unref);
  self->engine = NULL;
}

static void
engine_finished_cb (ProprioExercise       *engine,
                    ProprioExerciseResult *result,
                    ProprioPlanRun        *self)
{
  StepRecord *record = record_for (self, self->current);

  if (engine != self->engine || record == NULL)
    return;
  g_set_object (&record->result, result);
  if (record->state == PROPRIO_PLAN_STEP_ACTIVE)
    record->state = proprio_exercise_result_get_outcome (result) == PROPRIO_EXERCISE_OUTCOME_DONE
                    ? PROPRIO_PLAN_STEP_DONE : PROPRIO_PLAN_STEP_STOPPED;
  restore_engine (self);
  emit_changed (self);
}

static gboolean
start_exercise (ProprioPlanRun  *self,
                ProprioPlanStep *step,
                const char      *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) typed = NULL;
  ProprioExercise *engine;

  if (proprio_station_is_running (self->station))
    {
      set_message (self, step, _("Another exercise is running: stop it (Escape) first, then "
                                 "repeat this step"));
      return FALSE;
    }
  engine = proprio_station_get_engine (self->station, id);
  if (engine == NULL)
    {
      set_message (self, step, _("This step needs the exercise “%s”, which this version of "
                                 "Proprio does not have: skip it"), id);
      return FALSE;
    }

  self->saved_settings = proprio_exercise_get_settings (engine);
  typed = typed_settings (proprio_plan_step_get_settings (step), self->saved_settings, &error);
  if (typed == NULL || !proprio_station_select_exercise (self->station, id, &error) ||
      !proprio_exercise_apply_settings (engine, typed, &error))
    {
      set_message (self, step, _("The settings of this step do not suit the exercise (%s): "
                                 "change them in the plan, or skip the step"), error->message);
      g_clear_pointer (&self->saved_settings, g_variant_unref);
      return FALSE;
    }

  /* Before the start: an engine may finish within the call that started it. */
  self->engine = engine;
  self->finished_id = g_signal_connect (engine, "finished", G_CALLBACK (engine_finished_cb),
                                        self);
  record_for (self, step)->state = PROPRIO_PLAN_STEP_ACTIVE;
  if (!proprio_station_start (self->station, &error))
    {
      restore_engine (self);
      set_message (self, step, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- rests ---- */

static gboolean
rest_timer_cb (gpointer user_data)
{
  ProprioPlanRun *self = user_data;

  self->rest_timer = 0;
  proprio_plan_run_tick (self, proprio_clock_now_us ());
  /* Woken a little early (timers round to milliseconds): wait for the rest of it. */
  if (self->resting && self->rest_timer == 0)
    self->rest_timer = g_timeout_add (10, rest_timer_cb, self);
  return G_SOURCE_REMOVE;
}

static void
start_rest (ProprioPlanRun  *self,
            ProprioPlanStep *step)
{
  gint64 length_us = (gint64) llround (proprio_plan_step_get_seconds (step) * G_USEC_PER_SEC);

  self->resting = TRUE;
  self->rest_end_us = proprio_clock_now_us () + length_us;
  g_clear_handle_id (&self->rest_timer, g_source_remove);
  self->rest_timer = g_timeout_add ((guint) ((length_us + 999) / 1000), rest_timer_cb, self);
  record_for (self, step)->state = PROPRIO_PLAN_STEP_ACTIVE;
}

static void
finish_rest (ProprioPlanRun       *self,
             ProprioPlanStepState  state)
{
  StepRecord *record = record_for (self, self->current);

  if (!self->resting)
    return;
  self->resting = FALSE;
  g_clear_handle_id (&self->rest_timer, g_source_remove);
  if (record != NULL && record->state == PROPRIO_PLAN_STEP_ACTIVE)
    record->state = state;
}

void
proprio_plan_run_tick (ProprioPlanRun *self,
                       gint64          now_us)
{
  g_return_if_fail (PROPRIO_IS_PLAN_RUN (self));

  if (self->resting && now_us >= self->rest_end_us)
    {
      finish_rest (self, PROPRIO_PLAN_STEP_DONE);
      emit_changed (self);
    }
}

gboolean
proprio_plan_run_is_resting (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);
  return self->resting;
}

double
proprio_plan_run_get_rest_left (ProprioPlanRun *self,
                                gint64          now_us)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), -1);

  if (!self->resting)
    return -1;
  return MAX (0.0, (double) (self->rest_end_us - now_us) / G_USEC_PER_SEC);
}

/* ---- moving through the plan ---- */

static void
start_current (ProprioPlanRun *self)
{
  ProprioPlanStep *step = self->current;
  StepRecord *record = record_for (self, step);
  const char *id = proprio_plan_step_get_exercise_id (step);
  gboolean started = TRUE;

  g_assert (step != NULL);
  record->runs++;
  set_message (self, step, NULL);
  switch (proprio_plan_step_get_kind (step))
    {
    case PROPRIO_PLAN_STEP_PAUSE:
      start_rest (self, step);
      break;
    case PROPRIO_PLAN_STEP_PACER:
      /* Until the station has a pacer engine of that id, the step is a rest with a countdown. */
      if (*id != '\0' && proprio_station_get_engine (self->station, id) != NULL)
        started = start_exercise (self, step, id);
      else
        start_rest (self, step);
      break;
    case PROPRIO_PLAN_STEP_EXERCISE:
    default:
      started = start_exercise (self, step, id);
      break;
    }
  if (!started)
    record->state = PROPRIO_PLAN_STEP_FAILED;
  else
    g_signal_emit (self, signals[SIGNAL_STEP_STARTED], 0, step);
  emit_changed (self);
}

/* Ends the current step if it runs, leaving it `state` (STOPPED or SKIPPED). */
static void
stop_current (ProprioPlanRun       *self,
              ProprioPlanStepState  state)
{
  StepRecord *record = record_for (self, self->current);

  if (record == NULL || record->state != PROPRIO_PLAN_STEP_ACTIVE)
    return;
  if (self->resting)
    finish_rest (self, state);
  else if (self->engine != NULL)
    {
      /* The engine's "finished" records the stopped run's result and gives its settings back. */
      if (proprio_station_get_running (self->station) == self->engine)
        proprio_station_stop (self->station);
      restore_engine (self);
      record->state = state;
    }
  else
    record->state = state;
}

static void
complete (ProprioPlanRun *self)
{
  set_current (self, NULL);
  set_active (self, FALSE);
  emit_changed (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

static gboolean
go_to_index (ProprioPlanRun *self,
             int             index)
{
  guint n = proprio_plan_get_n_steps (self->plan);

  if (index < 0)
    return FALSE;
  if ((guint) index >= n)
    {
      complete (self);
      return TRUE;
    }
  set_current (self, proprio_plan_get_step (self->plan, (guint) index));
  start_current (self);
  return TRUE;
}

static void
clear_records (ProprioPlanRun *self)
{
  g_hash_table_remove_all (self->records);
}

gboolean
proprio_plan_run_start (ProprioPlanRun  *self,
                        guint            first,
                        GError         **error)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (self->active)
    {
      g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_BUSY,
                           _("A plan is running: stop it before starting another"));
      return FALSE;
    }
  if (self->plan == NULL || proprio_plan_get_n_steps (self->plan) == 0)
    {
      g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_NO_STEPS,
                           self->plan == NULL ? _("Choose a plan first")
                                              : _("This plan has no steps yet: add one first"));
      return FALSE;
    }
  clear_records (self);
  set_active (self, TRUE);
  go_to_index (self, (int) MIN (first, proprio_plan_get_n_steps (self->plan) - 1));
  return TRUE;
}

static int
current_index (ProprioPlanRun *self)
{
  return self->plan != NULL ? proprio_plan_find_step (self->plan, self->current) : -1;
}

gboolean
proprio_plan_run_next (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active)
    return FALSE;
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  return go_to_index (self, current_index (self) + 1);
}

gboolean
proprio_plan_run_previous (ProprioPlanRun *self)
{
  int index;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  index = current_index (self);
  if (!self->active || index <= 0)
    return FALSE;
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  return go_to_index (self, index - 1);
}

gboolean
proprio_plan_run_skip (ProprioPlanRun *self)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active)
    return FALSE;
  record = record_for (self, self->current);
  if (record->state == PROPRIO_PLAN_STEP_ACTIVE)
    stop_current (self, PROPRIO_PLAN_STEP_SKIPPED);
  else if (record->state != PROPRIO_PLAN_STEP_DONE)
    record->state = PROPRIO_PLAN_STEP_SKIPPED;
  return go_to_index (self, current_index (self) + 1);
}

gboolean
proprio_plan_run_repeat (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active)
    return FALSE;
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  start_current (self);
  return TRUE;
}

gboolean
proprio_plan_run_go_to (ProprioPlanRun *self,
                        guint           index)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (self->plan == NULL || index >= proprio_plan_get_n_steps (self->plan))
    return FALSE;
  if (!self->active)
    return proprio_plan_run_start (self, index, NULL);
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  return go_to_index (self, (int) index);
}

gboolean
proprio_plan_run_toggle (ProprioPlanRun *self)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active)
    return FALSE;
  record = record_for (self, self->current);
  switch (record->state)
    {
    case PROPRIO_PLAN_STEP_ACTIVE:
      if (self->resting)
        {
          /* A rest the therapist ends is over, not cut short. */
          finish_rest (self, PROPRIO_PLAN_STEP_DONE);
          emit_changed (self);
        }
      else if (self->engine != NULL &&
               proprio_exercise_get_phase (self->engine) == PROPRIO_EXERCISE_PHASE_PAUSED)
        proprio_station_proceed (self->station);
      else
        stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
      return TRUE;
    case PROPRIO_PLAN_STEP_PENDING:
    case PROPRIO_PLAN_STEP_FAILED:
      start_current (self);
      return TRUE;
    case PROPRIO_PLAN_STEP_DONE:
    case PROPRIO_PLAN_STEP_STOPPED:
    case PROPRIO_PLAN_STEP_SKIPPED:
    default:
      return proprio_plan_run_next (self);
    }
}

gboolean
proprio_plan_run_stop (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active)
    return FALSE;
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  set_active (self, FALSE);
  emit_changed (self);
  return TRUE;
}

gboolean
proprio_plan_run_stop_step (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);

  if (!self->active ||
      proprio_plan_run_get_step_state (self, self->current) != PROPRIO_PLAN_STEP_ACTIVE)
    return FALSE;
  stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
  emit_changed (self);
  return TRUE;
}

/* ---- the plan ---- */

static void
steps_changed_cb (GListModel     *steps,
                  guint           position,
                  guint           removed,
                  guint           added,
                  ProprioPlanRun *self)
{
  GHashTableIter iter;
  ProprioPlanStep *step;

  /* Records of steps that left the plan go with them (a move removes and adds the same one). */
  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, (gpointer *) &step, NULL))
    if (step != self->current && proprio_plan_find_step (self->plan, step) < 0)
      g_hash_table_iter_remove (&iter);

  if (self->current != NULL && proprio_plan_find_step (self->plan, self->current) < 0 &&
      added == 0)
    {
      /* The current step itself was deleted: the run cannot say where it is any more. */
      stop_current (self, PROPRIO_PLAN_STEP_STOPPED);
      g_hash_table_remove (self->records, self->current);
      set_current (self, NULL);
      set_active (self, FALSE);
    }
  emit_changed (self);
}

void
proprio_plan_run_set_plan (ProprioPlanRun *self,
                           ProprioPlan    *plan)
{
  g_return_if_fail (PROPRIO_IS_PLAN_RUN (self));
  g_return_if_fail (plan == NULL || PROPRIO_IS_PLAN (plan));

  if (self->plan == plan)
    return;
  if (self->active)
    proprio_plan_run_stop (self);
  if (self->plan != NULL)
    g_clear_signal_handler (&self->steps_changed_id, proprio_plan_get_steps (self->plan));
  set_current (self, NULL);
  clear_records (self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    self->steps_changed_id = g_signal_connect (proprio_plan_get_steps (plan), "items-changed",
                                               G_CALLBACK (steps_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  emit_changed (self);
}

ProprioPlan *
proprio_plan_run_get_plan (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);
  return self->plan;
}

/* ---- GObject ---- */

static void
proprio_plan_run_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProprioPlanRun *self = PROPRIO_PLAN_RUN (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_CURRENT:
      g_value_set_int (value, proprio_plan_run_get_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_run_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ProprioPlanRun *self = PROPRIO_PLAN_RUN (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      proprio_plan_run_set_plan (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_run_dispose (GObject *object)
{
  ProprioPlanRun *self = PROPRIO_PLAN_RUN (object);

  if (self->active)
    proprio_plan_run_stop (self);
  finish_rest (self, PROPRIO_PLAN_STEP_STOPPED);
  restore_engine (self);
  if (self->plan != NULL)
    g_clear_signal_handler (&self->steps_changed_id, proprio_plan_get_steps (self->plan));
  g_clear_object (&self->plan);
  g_clear_object (&self->current);
  if (self->records != NULL)
    g_hash_table_remove_all (self->records);
  g_clear_object (&self->station);

  G_OBJECT_CLASS (proprio_plan_run_parent_class)->dispose (object);
}

static void
proprio_plan_run_finalize (GObject *object)
{
  ProprioPlanRun *self = PROPRIO_PLAN_RUN (object);

  g_clear_pointer (&self->records, g_hash_table_unref);

  G_OBJECT_CLASS (proprio_plan_run_parent_class)->finalize (object);
}

static void
proprio_plan_run_class_init (ProprioPlanRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = proprio_plan_run_get_property;
  object_class->set_property = proprio_plan_run_set_property;
  object_class->dispose = proprio_plan_run_dispose;
  object_class->finalize = proprio_plan_run_finalize;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, PROPRIO_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, PROPRIO_TYPE_PLAN_STEP);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
proprio_plan_run_init (ProprioPlanRun *self)
{
  self->records = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref,
                                         (GDestroyNotify) step_record_free);
  self->shown_current = -1;
}
