/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise"

#include "config.h"

#include "proprio-exercise-private.h"

#include <glib/gi18n.h>
#include <math.h>

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

typedef struct
{
  ProprioExercisePhase phase;
  char                *prompt;
  char                *message;
  gboolean             feedback_visible;
  gboolean             dirty;
  guint                in_feed;        /* > 0 while a sample is being fed: "changed" waits */
  gboolean             have_last_t;
  gint64               last_t_us;
  guint                n_invalid;
} ProprioExercisePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ProprioExercise, proprio_exercise, G_TYPE_OBJECT)

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

static void
proprio_exercise_finalize (GObject *object)
{
  ProprioExercise *self = PROPRIO_EXERCISE (object);
  ProprioExercisePrivate *priv = proprio_exercise_get_instance_private (self);

  g_clear_pointer (&priv->prompt, g_free);
  g_clear_pointer (&priv->message, g_free);

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
  g_object_freeze_notify (G_OBJECT (self));
  priv->have_last_t = FALSE;
  priv->n_invalid = 0;
  proprio_exercise_set_message (self, NULL);
  proprio_exercise_set_feedback_visible (self, TRUE);
  proprio_exercise_set_phase (self, PROPRIO_EXERCISE_PHASE_WAITING);
  proprio_exercise_set_prompt (self, _("Step onto the board"));
  if (PROPRIO_EXERCISE_GET_CLASS (self)->start)
    PROPRIO_EXERCISE_GET_CLASS (self)->start (self);
  proprio_exercise_mark_changed (self);
  g_object_thaw_notify (G_OBJECT (self));
  flush_changed (self);
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
  g_object_thaw_notify (G_OBJECT (self));
  flush_changed (self);
}

void
proprio_exercise_feed (ProprioExercise     *self,
                       const ProprioSample *sample)
{
  ProprioExercisePrivate *priv;
  gboolean has_cop;
  double x = 0.0, y = 0.0;

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

  has_cop = (sample->flags & PROPRIO_SAMPLE_HAS_COP) != 0;
  if (has_cop)
    {
      if (sample->n_channels <= PROPRIO_EXERCISE_COP_Y_CHANNEL)
        {
          priv->n_invalid++;
          return;
        }
      x = sample->values[PROPRIO_EXERCISE_COP_X_CHANNEL];
      y = sample->values[PROPRIO_EXERCISE_COP_Y_CHANNEL];
      if (!isfinite (x) || !isfinite (y))
        {
          priv->n_invalid++;
          return;
        }
    }

  priv->have_last_t = TRUE;
  priv->last_t_us = sample->t_us;

  priv->in_feed++;
  g_object_freeze_notify (G_OBJECT (self));
  PROPRIO_EXERCISE_GET_CLASS (self)->feed (self, sample->t_us, has_cop, x, y);
  g_object_thaw_notify (G_OBJECT (self));
  priv->in_feed--;
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

  if (proprio_exercise_is_active (self) && PROPRIO_EXERCISE_GET_CLASS (self)->tick)
    {
      g_object_freeze_notify (G_OBJECT (self));
      PROPRIO_EXERCISE_GET_CLASS (self)->tick (self, now_us);
      g_object_thaw_notify (G_OBJECT (self));
    }
  flush_changed (self);
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
  flush_changed (self);
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
  flush_changed (self);
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
}
