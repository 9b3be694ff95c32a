/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise"

#include "config.h"

#include "proprio-exercise-internal.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"

G_DEFINE_QUARK (proprio-exercise-error-quark, proprio_exercise_error)

G_DEFINE_ENUM_TYPE (ProprioExercisePhase, proprio_exercise_phase,
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_COUNTDOWN, "countdown"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_PHASE_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (ProprioExerciseEvent, proprio_exercise_event,
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_COUNTDOWN, "countdown"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_START, "start"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_STOP, "stop"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_CUE, "cue"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_TARGET_HIT, "target-hit"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_TARGET_MISSED, "target-missed"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_STEP_OFF, "step-off"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_EVENT_DONE, "done"))


G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ProprioExercise, proprio_exercise, G_TYPE_OBJECT)

ProprioExercisePrivate *
_proprio_exercise_get_private (ProprioExercise *self)
{
  return proprio_exercise_get_instance_private (self);
}

enum {
  PROP_0,
  PROP_PHASE,
  PROP_PROMPT,
  PROP_MESSAGE,
  PROP_FEEDBACK_VISIBLE,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_EVENT,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
flush_changed (ProprioExercise *self)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  if (priv->dirty && priv->in_feed == 0)
    {
      priv->dirty = FALSE;
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
}

static void
flush_finished (ProprioExercise *self)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);
  g_autoptr(ProprioExerciseResult) result = NULL;

  if (!priv->finish_pending || priv->in_feed > 0)
    return;
  priv->finish_pending = FALSE;
  result = proprio_exercise_dup_result (self);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, result);
}

/* At the end of every public entry point: what views and the station wait for. */
static void
flush (ProprioExercise *self)
{
  flush_changed (self);
  flush_finished (self);
}

static void
note_time (ProprioExercise *self,
           gint64           t_us)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  if (!priv->have_time)
    {
      priv->have_time = TRUE;
      priv->first_us = priv->latest_us = t_us;
    }
  else
    priv->latest_us = MAX (priv->latest_us, t_us);
}

gint64
_proprio_exercise_run_now (ProprioExercise *self)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  return priv->have_time ? priv->latest_us : proprio_clock_now_us ();
}

static void
mark_ended (ProprioExercise *self,
            gint64           end_us)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  /* Once per run, whatever an engine does after its end. */
  if (priv->ended)
    return;
  priv->ended = TRUE;
  priv->end_us = end_us;
  priv->finish_pending = TRUE;
}

static const ProprioTarget *
proprio_exercise_real_get_targets (ProprioExercise *self,
                                   guint           *n_targets)
{
  *n_targets = 0;
  return NULL;
}

static gboolean
proprio_exercise_real_proceed (ProprioExercise *self)
{
  return FALSE;
}

/* An exercise driven by time alone (a pacer) needs no samples. */
static gboolean
proprio_exercise_real_feed (ProprioExercise     *self,
                            const ProprioSample *sample)
{
  return TRUE;
}

static double
proprio_exercise_real_get_time_left (ProprioExercise *self,
                                     gint64           now_us)
{
  return -1.0;
}

static void
proprio_exercise_finalize (GObject *object)
{
  ProprioExercise *self = PROPRIO_EXERCISE (object);
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  g_clear_pointer (&priv->prompt, g_free);
  g_clear_pointer (&priv->message, g_free);
  g_clear_pointer (&priv->started_at, g_date_time_unref);
  g_clear_pointer (&priv->run_settings, g_variant_unref);

  G_OBJECT_CLASS (proprio_exercise_parent_class)->finalize (object);
}

static void
proprio_exercise_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProprioExercise *self = PROPRIO_EXERCISE (object);
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, priv->phase);
      break;
    case PROP_PROMPT:
      g_value_set_string (value, priv->prompt);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, priv->message);
      break;
    case PROP_FEEDBACK_VISIBLE:
      g_value_set_boolean (value, priv->feedback_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_exercise_class_init (ProprioExerciseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = proprio_exercise_finalize;
  object_class->get_property = proprio_exercise_get_property;

  klass->get_targets = proprio_exercise_real_get_targets;
  klass->proceed = proprio_exercise_real_proceed;
  klass->feed = proprio_exercise_real_feed;
  klass->get_time_left = proprio_exercise_real_get_time_left;
  klass->get_settings = _proprio_exercise_real_get_settings;
  klass->apply_settings = _proprio_exercise_real_apply_settings;
  klass->get_results = _proprio_exercise_real_get_results;
  klass->stream_kind = PROPRIO_STREAM_GENERIC;
  klass->id = "exercise";
  klass->title = N_("Exercise");

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL,
                       PROPRIO_TYPE_EXERCISE_PHASE, PROPRIO_EXERCISE_PHASE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FEEDBACK_VISIBLE] =
    g_param_spec_boolean ("feedback-visible", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  PROPRIO_TYPE_EXERCISE_EVENT, G_TYPE_INT64);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PROPRIO_TYPE_EXERCISE_RESULT);
}

static void
proprio_exercise_init (ProprioExercise *self)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  priv->phase = PROPRIO_EXERCISE_PHASE_IDLE;
  priv->feedback_visible = TRUE;
}

void
proprio_exercise_start (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_EXERCISE (self));

  priv = proprio_exercise_get_instance_private (self);
  /* Restarted from a "changed" handler before the last run was reported: report it first. */
  flush_finished (self);
  g_object_freeze_notify (G_OBJECT (self));
  priv->have_last_t = FALSE;
  priv->n_invalid = 0;
  priv->started = TRUE;
  g_clear_pointer (&priv->started_at, g_date_time_unref);
  priv->started_at = g_date_time_new_now_utc ();
  priv->clock_start_us = proprio_clock_now_us ();
  priv->have_time = FALSE;
  priv->ended = FALSE;
  priv->finish_pending = FALSE;
  g_clear_pointer (&priv->run_settings, g_variant_unref);
  priv->run_settings = proprio_exercise_get_settings (self);
  proprio_exercise_set_message (self, NULL);
  proprio_exercise_set_feedback_visible (self, TRUE);
  proprio_exercise_set_phase (self, PROPRIO_EXERCISE_PHASE_WAITING);
  proprio_exercise_set_prompt (self, _("Step onto the board"));
  if (PROPRIO_EXERCISE_GET_CLASS (self)->start)
    PROPRIO_EXERCISE_GET_CLASS (self)->start (self);
  proprio_exercise_mark_changed (self);
  g_object_thaw_notify (G_OBJECT (self));
  flush (self);
}

void
proprio_exercise_stop (ProprioExercise *self)
{
  g_return_if_fail (PROPRIO_IS_EXERCISE (self));

  if (!proprio_exercise_is_active (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (PROPRIO_EXERCISE_GET_CLASS (self)->stop)
    PROPRIO_EXERCISE_GET_CLASS (self)->stop (self);
  proprio_exercise_set_feedback_visible (self, TRUE);
  proprio_exercise_set_phase (self, PROPRIO_EXERCISE_PHASE_CANCELLED);
  proprio_exercise_set_prompt (self, _("Stopped"));
  /* One message per state: what was said while it ran ("Next: …") no longer holds. */
  proprio_exercise_set_message (self, NULL);
  mark_ended (self, _proprio_exercise_run_now (self));
  g_object_thaw_notify (G_OBJECT (self));
  flush (self);
}

void
proprio_exercise_feed (ProprioExercise     *self,
                       const ProprioSample *sample)
{
  ProprioExercisePrivate *priv;
  gboolean valid;

  g_return_if_fail (PROPRIO_IS_EXERCISE (self));
  g_return_if_fail (sample != NULL);

  priv = proprio_exercise_get_instance_private (self);
  if (!proprio_exercise_is_active (self))
    return;

  /* Traces must be strictly increasing in time (the sway metrics reject anything else), so a
   * repeated or backward timestamp is dropped rather than reordered. */
  if (priv->have_last_t && sample->t_us <= priv->last_t_us)
    {
      priv->n_invalid++;
      return;
    }

  priv->in_feed++;
  g_object_freeze_notify (G_OBJECT (self));
  valid = PROPRIO_EXERCISE_GET_CLASS (self)->feed (self, sample);
  if (valid)
    {
      priv->have_last_t = TRUE;
      priv->last_t_us = sample->t_us;
      note_time (self, sample->t_us);
    }
  else
    priv->n_invalid++;
  g_object_thaw_notify (G_OBJECT (self));
  priv->in_feed--;
  flush_finished (self);
}

void
proprio_exercise_feed_many (ProprioExercise     *self,
                            const ProprioSample *samples,
                            gsize                n_samples)
{
  g_return_if_fail (PROPRIO_IS_EXERCISE (self));
  g_return_if_fail (samples != NULL || n_samples == 0);

  for (gsize i = 0; i < n_samples; i++)
    proprio_exercise_feed (self, &samples[i]);
}

void
proprio_exercise_tick (ProprioExercise *self,
                       gint64           now_us)
{
  g_return_if_fail (PROPRIO_IS_EXERCISE (self));

  if (proprio_exercise_is_active (self))
    {
      note_time (self, now_us);
      if (PROPRIO_EXERCISE_GET_CLASS (self)->tick)
        {
          g_object_freeze_notify (G_OBJECT (self));
          PROPRIO_EXERCISE_GET_CLASS (self)->tick (self, now_us);
          g_object_thaw_notify (G_OBJECT (self));
        }
    }
  flush (self);
}

gboolean
proprio_exercise_proceed (ProprioExercise *self)
{
  gboolean ret;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), FALSE);

  if (proprio_exercise_get_phase (self) != PROPRIO_EXERCISE_PHASE_PAUSED)
    return FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  ret = PROPRIO_EXERCISE_GET_CLASS (self)->proceed (self);
  g_object_thaw_notify (G_OBJECT (self));
  flush (self);
  return ret;
}

ProprioExercisePhase
proprio_exercise_get_phase (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), PROPRIO_EXERCISE_PHASE_IDLE);

  priv = proprio_exercise_get_instance_private (self);
  return priv->phase;
}

/* Started and neither finished nor cancelled. */
gboolean
proprio_exercise_is_active (ProprioExercise *self)
{
  ProprioExercisePhase phase;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), FALSE);

  phase = proprio_exercise_get_phase (self);
  return phase != PROPRIO_EXERCISE_PHASE_IDLE &&
         phase != PROPRIO_EXERCISE_PHASE_DONE &&
         phase != PROPRIO_EXERCISE_PHASE_CANCELLED;
}

const char *
proprio_exercise_get_prompt (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);

  priv = proprio_exercise_get_instance_private (self);
  return priv->prompt;
}

const char *
proprio_exercise_get_message (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);

  priv = proprio_exercise_get_instance_private (self);
  return priv->message;
}

gboolean
proprio_exercise_get_feedback_visible (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), TRUE);

  priv = proprio_exercise_get_instance_private (self);
  return priv->feedback_visible;
}

const ProprioTarget *
proprio_exercise_get_targets (ProprioExercise *self,
                              guint           *n_targets)
{
  guint n = 0;
  const ProprioTarget *targets;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);

  targets = PROPRIO_EXERCISE_GET_CLASS (self)->get_targets (self, &n);
  if (n_targets)
    *n_targets = n;
  return targets;
}

guint
proprio_exercise_get_n_invalid_samples (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), 0);

  priv = proprio_exercise_get_instance_private (self);
  return priv->n_invalid;
}

gint64
proprio_exercise_get_last_sample_us (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), 0);

  priv = proprio_exercise_get_instance_private (self);
  return priv->have_last_t ? priv->last_t_us : 0;
}

ProprioStreamKind
proprio_exercise_get_stream_kind (ProprioExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), PROPRIO_STREAM_GENERIC);
  return PROPRIO_EXERCISE_GET_CLASS (self)->stream_kind;
}

const char *
proprio_exercise_get_id (ProprioExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);
  return PROPRIO_EXERCISE_GET_CLASS (self)->id;
}

const char *
proprio_exercise_get_title (ProprioExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);
  return _(PROPRIO_EXERCISE_GET_CLASS (self)->title);
}

double
proprio_exercise_get_time_left (ProprioExercise *self,
                                gint64           now_us)
{
  double left;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), -1.0);

  if (!proprio_exercise_is_active (self))
    return -1.0;
  left = PROPRIO_EXERCISE_GET_CLASS (self)->get_time_left (self, now_us);
  return left < 0.0 ? -1.0 : left;
}

/* Protected API */

void
proprio_exercise_set_phase (ProprioExercise      *self,
                            ProprioExercisePhase  phase)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  if (priv->phase == phase)
    return;
  priv->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
  proprio_exercise_mark_changed (self);
}

void
proprio_exercise_take_prompt (ProprioExercise *self,
                              char            *prompt)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  if (g_strcmp0 (priv->prompt, prompt) == 0)
    {
      g_free (prompt);
      return;
    }
  g_free (priv->prompt);
  priv->prompt = prompt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
  proprio_exercise_mark_changed (self);
}

void
proprio_exercise_set_prompt (ProprioExercise *self,
                             const char      *prompt)
{
  proprio_exercise_take_prompt (self, g_strdup (prompt));
}

void
proprio_exercise_take_message (ProprioExercise *self,
                               char            *message)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  if (g_strcmp0 (priv->message, message) == 0)
    {
      g_free (message);
      return;
    }
  g_free (priv->message);
  priv->message = message;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  proprio_exercise_mark_changed (self);
}

void
proprio_exercise_set_message (ProprioExercise *self,
                              const char      *message)
{
  proprio_exercise_take_message (self, g_strdup (message));
}

void
proprio_exercise_set_feedback_visible (ProprioExercise *self,
                                       gboolean         visible)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  visible = !!visible;
  if (priv->feedback_visible == visible)
    return;
  priv->feedback_visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEEDBACK_VISIBLE]);
  proprio_exercise_mark_changed (self);
}

void
proprio_exercise_emit_event (ProprioExercise      *self,
                             ProprioExerciseEvent  event,
                             gint64                t_us)
{
  g_signal_emit (self, signals[SIGNAL_EVENT], 0, event, t_us);
}

void
proprio_exercise_mark_changed (ProprioExercise *self)
{
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  priv->dirty = TRUE;
}

void
proprio_exercise_emit_changed (ProprioExercise *self)
{
  proprio_exercise_mark_changed (self);
  flush (self);
}

gboolean
proprio_exercise_check_configurable (ProprioExercise *self)
{
  if (proprio_exercise_is_active (self))
    {
      g_warning ("%s cannot be reconfigured while it runs", G_OBJECT_TYPE_NAME (self));
      return FALSE;
    }
  return TRUE;
}

void
proprio_exercise_finish (ProprioExercise *self,
                         gint64           t_us)
{
  proprio_exercise_set_feedback_visible (self, TRUE);
  proprio_exercise_set_phase (self, PROPRIO_EXERCISE_PHASE_DONE);
  proprio_exercise_set_prompt (self, _("Finished"));
  proprio_exercise_emit_event (self, PROPRIO_EXERCISE_EVENT_DONE, t_us);
  /* Engines that end before any time came (nothing to do) pass 0. */
  {
    ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

    mark_ended (self, priv->have_time ? MAX (t_us, priv->first_us) : _proprio_exercise_run_now (self));
  }
}
