/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-static-test"

#include "config.h"

#include "proprio-static-test-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* How long after a scheduled instant a tick may act on it: samples stamped before that instant
 * may still be on their way from the reader thread when the frame's tick comes. */
#define TICK_GRACE_US G_GINT64_CONSTANT (250000)
/* Below this mean rate a recording is not analysed (see the header). */
#define MIN_RATE_HZ 10.0

G_DEFINE_FINAL_TYPE (ProprioStaticTest, proprio_static_test, PROPRIO_TYPE_COP_EXERCISE)

static const ProprioStaticCondition default_conditions[] = {
  PROPRIO_STATIC_EYES_OPEN,
  PROPRIO_STATIC_EYES_CLOSED,
  PROPRIO_STATIC_FOAM_EYES_OPEN,
  PROPRIO_STATIC_FOAM_EYES_CLOSED,
};

const char *
proprio_static_condition_get_name (ProprioStaticCondition condition)
{
  switch (condition)
    {
    case PROPRIO_STATIC_EYES_OPEN:        return _("Eyes open");
    case PROPRIO_STATIC_EYES_CLOSED:      return _("Eyes closed");
    case PROPRIO_STATIC_FOAM_EYES_OPEN:   return _("Foam, eyes open");
    case PROPRIO_STATIC_FOAM_EYES_CLOSED: return _("Foam, eyes closed");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
slot_reset (Slot *slot)
{
  g_clear_pointer (&slot->message, g_free);
  g_array_set_size (slot->t_us, 0);
  g_array_set_size (slot->x_mm, 0);
  g_array_set_size (slot->y_mm, 0);
  slot->pub.status = PROPRIO_STATIC_STATUS_NOT_RUN;
  slot->pub.message = NULL;
  slot->pub.start_us = 0;
  slot->pub.time_to_step_off_s = NAN;
  memset (&slot->pub.metrics, 0, sizeof slot->pub.metrics);
}

static void
free_slots (ProprioStaticTest *self)
{
  for (guint i = 0; i < self->n_slots; i++)
    {
      g_free (self->slots[i].message);
      g_array_unref (self->slots[i].t_us);
      g_array_unref (self->slots[i].x_mm);
      g_array_unref (self->slots[i].y_mm);
    }
  g_clear_pointer (&self->slots, g_free);
  self->n_slots = 0;
}

/* Results follow the configured list: at start (), and on a new list before the first run. */
void
proprio_static_test_rebuild_slots (ProprioStaticTest *self)
{
  free_slots (self);
  self->n_slots = self->conditions->len;
  self->slots = g_new0 (Slot, self->n_slots);
  for (guint i = 0; i < self->n_slots; i++)
    {
      Slot *slot = &self->slots[i];

      slot->t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      slot->x_mm = g_array_new (FALSE, FALSE, sizeof (double));
      slot->y_mm = g_array_new (FALSE, FALSE, sizeof (double));
      slot->pub.condition = g_array_index (self->conditions, ProprioStaticCondition, i);
      slot_reset (slot);
    }
}

static Slot *
current_slot (ProprioStaticTest *self)
{
  g_assert (self->current < self->n_slots);
  return &self->slots[self->current];
}

static void
set_slot_message (Slot *slot,
                  char *message)
{
  g_free (slot->message);
  slot->message = message;
  slot->pub.message = message;
}

static void
wait_for_patient (ProprioStaticTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  slot_reset (current_slot (self));
  proprio_exercise_set_feedback_visible (exercise, TRUE);
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_WAITING);
  proprio_exercise_set_prompt (exercise, _("Step onto the board"));
}

static void
update_countdown (ProprioStaticTest *self,
                  gint64             t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  int left = proprio_exercise_seconds_left (t_us, self->rec_start_us);
  const char *name;

  /* Only ever count down: a late sample must not show an earlier second again. */
  if (left <= 0 || (self->shown_seconds >= 0 && left >= self->shown_seconds))
    return;
  self->shown_seconds = left;
  name = proprio_static_condition_get_name (current_slot (self)->pub.condition);
  proprio_exercise_take_prompt (exercise, g_strdup_printf (_("%s — get ready… %d"), name, left));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_COUNTDOWN,
                               MAX (self->rec_start_us - self->run.countdown_us,
                                    self->rec_start_us - (gint64) left * G_USEC_PER_SEC));
}

static void
begin_countdown (ProprioStaticTest *self,
                 gint64             t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  slot_reset (current_slot (self));
  self->rec_start_us = t_us + self->run.countdown_us;
  self->rec_end_us = self->rec_start_us + self->run.duration_us;
  self->shown_seconds = -1;
  proprio_exercise_set_feedback_visible (exercise, !self->run.hide_feedback);
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  update_countdown (self, t_us);
}

static void
begin_recording (ProprioStaticTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);
  const char *name = proprio_static_condition_get_name (slot->pub.condition);

  slot->pub.start_us = self->rec_start_us;
  slot->pub.duration_s = (double) self->run.duration_us / G_USEC_PER_SEC;
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_take_prompt (exercise, g_strdup_printf (_("%s — hold still"), name));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_START, self->rec_start_us);
}

/* After a condition ended (recorded, failed or stepped off). Anything but a complete recording
 * pauses, so the therapist can retry it. */
static void
after_condition (ProprioStaticTest *self,
                 gint64             t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  const Slot *slot = current_slot (self);
  gboolean ok = slot->pub.status == PROPRIO_STATIC_STATUS_COMPLETE;
  gboolean last = self->current + 1 >= self->n_slots;

  proprio_exercise_mark_changed (exercise);
  proprio_exercise_set_feedback_visible (exercise, TRUE);

  if (ok && last)
    {
      proprio_exercise_finish (exercise, t_us);
      return;
    }
  if (ok && self->run.auto_advance)
    {
      self->current++;
      begin_countdown (self, t_us);
      return;
    }

  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_PAUSED);
  proprio_exercise_set_prompt (exercise, _("Rest"));
  if (!ok)
    proprio_exercise_set_message (exercise, slot->message);
  else
    {
      const Slot *next_slot = &self->slots[self->current + 1];
      const char *done = proprio_static_condition_get_name (slot->pub.condition);
      const char *next = proprio_static_condition_get_name (next_slot->pub.condition);
      char *message = g_strdup_printf (_("%s recorded. Next: %s — continue when ready."),
                                       done, next);

      proprio_exercise_take_message (exercise, message);
    }
}

static void
end_recording (ProprioStaticTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);
  g_autoptr(GError) error = NULL;
  gsize n = slot->t_us->len;
  double duration_s = (double) self->run.duration_us / G_USEC_PER_SEC;
  const char *name = proprio_static_condition_get_name (slot->pub.condition);

  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STOP, self->rec_end_us);

  if ((double) n < MIN_RATE_HZ * duration_s)
    {
      slot->pub.status = PROPRIO_STATIC_STATUS_FAILED;
      set_slot_message (slot, g_strdup_printf (_("%s: only %zu samples in %.0f s — "
                                                 "too few for sway figures. Check the board "
                                                 "connection and retry."),
                                               name, n, duration_s));
    }
  else if (!proprio_sway_compute ((const gint64 *) (gpointer) slot->t_us->data,
                                  (const double *) (gpointer) slot->x_mm->data,
                                  (const double *) (gpointer) slot->y_mm->data,
                                  n, self->run.lowpass_hz, &slot->pub.metrics, &error))
    {
      slot->pub.status = PROPRIO_STATIC_STATUS_FAILED;
      set_slot_message (slot, g_strdup_printf (_("%s could not be analysed: %s"),
                                               name, error->message));
    }
  else
    {
      slot->pub.status = PROPRIO_STATIC_STATUS_COMPLETE;
    }

  after_condition (self, self->rec_end_us);
}

/* No CoP (or no data at all) for longer than the step-off limit while recording. */
static void
stepped_off (ProprioStaticTest *self,
             gboolean           no_data)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);
  const char *name = proprio_static_condition_get_name (slot->pub.condition);

  if (no_data)
    {
      slot->pub.status = PROPRIO_STATIC_STATUS_FAILED;
      set_slot_message (slot, g_strdup_printf (_("%s: the board stopped sending data. Check the "
                                                 "connection, then retry the condition."), name));
    }
  else
    {
      double after_s = (double) MAX (self->last_cop_us - self->rec_start_us, 0) / G_USEC_PER_SEC;

      slot->pub.status = PROPRIO_STATIC_STATUS_STEPPED_OFF;
      slot->pub.time_to_step_off_s = after_s;
      set_slot_message (slot, g_strdup_printf (_("%s: the patient stepped off the board after "
                                                 "%.1f s. Retry the condition or continue."),
                                               name, after_s));
      proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STEP_OFF, self->last_cop_us);
    }

  after_condition (self, self->last_cop_us);
}

static void
proprio_static_test_feed (ProprioCopExercise *cop_exercise,
                          gint64              t_us,
                          gboolean            has_cop,
                          double              x_mm,
                          double              y_mm)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (cop_exercise);
  ProprioExercise *exercise = PROPRIO_EXERCISE (cop_exercise);
  gint64 previous_sample_us = self->last_sample_us;
  gboolean again;

  self->last_sample_us = t_us;

  do
    {
      again = FALSE;
      switch (proprio_exercise_get_phase (exercise))
        {
        case PROPRIO_EXERCISE_PHASE_WAITING:
          if (has_cop)
            {
              self->last_cop_us = t_us;
              begin_countdown (self, t_us);
              again = TRUE;
            }
          break;

        case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
          if (has_cop)
            self->last_cop_us = t_us;
          else if (proprio_cop_exercise_is_off_board (t_us, self->last_cop_us, 0))
            {
              wait_for_patient (self);
              break;
            }
          if (t_us >= self->rec_start_us)
            {
              begin_recording (self);
              again = TRUE;
            }
          else
            update_countdown (self, t_us);
          break;

        case PROPRIO_EXERCISE_PHASE_RUNNING:
          /* Only the time up to the planned end counts: a late sample after a short gap
           * still completes the condition. Silence since the last CoP means lost data;
           * samples without CoP mean the patient left the board. */
          if (proprio_cop_exercise_is_off_board (MIN (t_us, self->rec_end_us), self->last_cop_us,
                                                 0))
            {
              stepped_off (self, previous_sample_us <= self->last_cop_us);
              break;
            }
          if (t_us >= self->rec_end_us)
            {
              end_recording (self);
              again = proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_COUNTDOWN;
              break;
            }
          if (has_cop)
            {
              Slot *slot = current_slot (self);

              self->last_cop_us = t_us;
              if (t_us >= self->rec_start_us)
                {
                  g_array_append_val (slot->t_us, t_us);
                  g_array_append_val (slot->x_mm, x_mm);
                  g_array_append_val (slot->y_mm, y_mm);
                }
            }
          break;

        case PROPRIO_EXERCISE_PHASE_IDLE:
        case PROPRIO_EXERCISE_PHASE_PAUSED:
        case PROPRIO_EXERCISE_PHASE_DONE:
        case PROPRIO_EXERCISE_PHASE_CANCELLED:
        default:
          break;
        }
    }
  while (again);
}

static void
proprio_static_test_tick (ProprioExercise *exercise,
                          gint64           now_us)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);

  switch (proprio_exercise_get_phase (exercise))
    {
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
      if (proprio_cop_exercise_is_off_board (now_us, self->last_cop_us, TICK_GRACE_US))
        wait_for_patient (self);
      else if (now_us >= self->rec_start_us)
        begin_recording (self);
      else
        update_countdown (self, now_us);
      break;

    case PROPRIO_EXERCISE_PHASE_RUNNING:
      if (proprio_cop_exercise_is_off_board (MIN (now_us, self->rec_end_us), self->last_cop_us,
                                             TICK_GRACE_US))
        stepped_off (self, self->last_sample_us <= self->last_cop_us);
      else if (now_us >= self->rec_end_us + TICK_GRACE_US)
        end_recording (self);
      break;

    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    case PROPRIO_EXERCISE_PHASE_DONE:
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
    default:
      break;
    }
}

static double
proprio_static_test_get_time_left (ProprioExercise *exercise,
                                   gint64           now_us)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);

  switch (proprio_exercise_get_phase (exercise))
    {
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
      return proprio_exercise_time_until (now_us, self->rec_start_us);
    case PROPRIO_EXERCISE_PHASE_RUNNING:
      return proprio_exercise_time_until (now_us, self->rec_end_us);
    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    case PROPRIO_EXERCISE_PHASE_DONE:
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
    default:
      return -1.0;
    }
}

static void
proprio_static_test_start (ProprioExercise *exercise)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);

  /* The last run's results go only now: until this start they stayed reviewable. */
  self->run = self->config;
  proprio_static_test_rebuild_slots (self);
  self->current = 0;
  self->last_cop_us = self->last_sample_us = G_MININT64 / 2;
  if (self->n_slots == 0)
    {
      proprio_exercise_set_message (exercise, _("No conditions are selected for the static test"));
      proprio_exercise_finish (exercise, 0);
    }
}

static void
proprio_static_test_stop (ProprioExercise *exercise)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);
  ProprioExercisePhase phase = proprio_exercise_get_phase (exercise);

  /* A half-recorded condition is not a result. */
  if (phase == PROPRIO_EXERCISE_PHASE_COUNTDOWN || phase == PROPRIO_EXERCISE_PHASE_RUNNING)
    slot_reset (current_slot (self));
}

static gboolean
proprio_static_test_proceed (ProprioExercise *exercise)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);

  proprio_exercise_set_message (exercise, NULL);
  if (self->current + 1 >= self->n_slots)
    {
      proprio_exercise_finish (exercise, self->last_sample_us);
      return TRUE;
    }
  self->current++;
  wait_for_patient (self);
  return TRUE;
}

gboolean
proprio_static_test_retry (ProprioStaticTest *self)
{
  ProprioExercise *exercise;

  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), FALSE);

  exercise = PROPRIO_EXERCISE (self);
  if (proprio_exercise_get_phase (exercise) != PROPRIO_EXERCISE_PHASE_PAUSED)
    return FALSE;
  proprio_exercise_set_message (exercise, NULL);
  wait_for_patient (self);
  proprio_exercise_emit_changed (exercise);
  return TRUE;
}

static void
proprio_static_test_finalize (GObject *object)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (object);

  free_slots (self);
  g_clear_pointer (&self->conditions, g_array_unref);

  G_OBJECT_CLASS (proprio_static_test_parent_class)->finalize (object);
}

static void
proprio_static_test_class_init (ProprioStaticTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);
  ProprioCopExerciseClass *cop_class = PROPRIO_COP_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_static_test_finalize;

  exercise_class->id = "static-test";
  exercise_class->title = N_("Static balance test");
  exercise_class->start = proprio_static_test_start;
  exercise_class->stop = proprio_static_test_stop;
  exercise_class->tick = proprio_static_test_tick;
  exercise_class->proceed = proprio_static_test_proceed;
  exercise_class->get_time_left = proprio_static_test_get_time_left;
  exercise_class->get_settings = proprio_static_test_get_settings;
  exercise_class->apply_settings = proprio_static_test_apply_settings;
  exercise_class->get_results = proprio_static_test_get_results;
  cop_class->feed_cop = proprio_static_test_feed;
}

static void
proprio_static_test_init (ProprioStaticTest *self)
{
  self->conditions = g_array_new (FALSE, FALSE, sizeof (ProprioStaticCondition));
  g_array_append_vals (self->conditions, default_conditions, G_N_ELEMENTS (default_conditions));
  self->config.duration_us = 30 * G_USEC_PER_SEC;
  self->config.countdown_us = 3 * G_USEC_PER_SEC;
  self->config.hide_feedback = TRUE;
  self->config.lowpass_hz = 0.0;
  self->run = self->config;
  proprio_static_test_rebuild_slots (self);
}

ProprioStaticTest *
proprio_static_test_new (void)
{
  return g_object_new (PROPRIO_TYPE_STATIC_TEST, NULL);
}

