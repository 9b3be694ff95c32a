/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-match-exercise"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-match-exercise-private.h"

/* The run: stages, trials, registration. Settings and results are in -config.c. */

/* How long after the end of a timed stage a tick may close it: samples up to that end may still
 * be on their way from the reader thread. */
#define TICK_GRACE_US G_GINT64_CONSTANT (250000)
/* A memorised position is the mean of a still stretch at least this long, else the latest one. */
#define MIN_MEMORISED_STRETCH_US G_GINT64_CONSTANT (250000)
/* "Hold still…" once a still stretch reached this share of still-s after the movement. */
#define HOLD_PROMPT_SHARE 0.3

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ProprioMatchExercise, proprio_match_exercise,
                                     PROPRIO_TYPE_EXERCISE)

ProprioMatchExercisePrivate *
_proprio_match_exercise_get_private (ProprioMatchExercise *self)
{
  return proprio_match_exercise_get_instance_private (self);
}

static guint
n_dims (ProprioMatchExercise *self)
{
  return PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->n_dims;
}

double
_proprio_match_distance (ProprioMatchExercise *self,
                         const double         *a,
                         const double         *b)
{
  if (n_dims (self) == 1)
    return fabs (a[0] - b[0]);
  return hypot (a[0] - b[0], a[1] - b[1]);
}

static void
set_nan (double *position)
{
  position[0] = position[1] = NAN;
}

/* One measured position per registration: nothing waits for a live one (see the header). */
static gboolean
stills (ProprioMatchExercisePrivate *priv)
{
  return priv->run.positions == PROPRIO_MATCH_POSITIONS_STILLS;
}

/* ---- prompts ---- */

static gboolean
passive (ProprioMatchExercisePrivate *priv)
{
  return priv->run.movement == PROPRIO_MATCH_PASSIVE;
}

static const char *
memorise_prompt (ProprioMatchExercisePrivate *priv)
{
  if (priv->at_target)
    return _("Memorise this position");
  return passive (priv) ? _("Relax — you are guided to the target") : _("Move to the target");
}

static gboolean
eyes_closed (ProprioMatchExercise *self)
{
  return PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->eyes_closed;
}

static const char *
reproduce_prompt (ProprioMatchExercise        *self,
                  ProprioMatchExercisePrivate *priv)
{
  if (priv->moved && proprio_stillness_get_progress (priv->stillness) >= HOLD_PROMPT_SHARE &&
      priv->run.register_mode == PROPRIO_MATCH_REGISTER_STILL)
    return _("Hold still…");
  if (!eyes_closed (self))
    return passive (priv) ? _("Say “stop” at the position") : _("Reproduce the position");
  return passive (priv) ? _("Eyes closed — say “stop” at the position")
                        : _("Eyes closed — reproduce the position");
}

static const char *
return_prompt (ProprioMatchExercise        *self,
               ProprioMatchExercisePrivate *priv)
{
  if (!eyes_closed (self))
    return passive (priv) ? _("Relax — back to the start") : _("Back to the start");
  return passive (priv) ? _("Eyes closed — relax, back to the start")
                        : _("Eyes closed — back to the start");
}

/* ---- stages ---- */

static void begin_trial (ProprioMatchExercise *self,
                         gint64                t_us);

static void
set_stage (ProprioMatchExercise *self,
           ProprioMatchStage     stage,
           gint64                start_us,
           gint64                length_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  priv->stage = stage;
  priv->stage_start_us = start_us;
  priv->stage_end_us = start_us + length_us;
  proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
}

static void
update_countdown (ProprioMatchExercise *self,
                  gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  int left = proprio_exercise_seconds_left (t_us, priv->stage_end_us);

  /* Only ever count down: a late sample must not show an earlier second again. */
  if (left <= 0 || (priv->shown_seconds >= 0 && left >= priv->shown_seconds))
    return;
  priv->shown_seconds = left;
  proprio_exercise_take_prompt (exercise, g_strdup_printf (_("Get ready… %d"), left));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_COUNTDOWN,
                               MAX (priv->stage_start_us,
                                    priv->stage_end_us - (gint64) left * G_USEC_PER_SEC));
}

static void
begin_countdown (ProprioMatchExercise *self,
                 gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  if (priv->run.countdown_us == 0)
    {
      begin_trial (self, t_us);
      return;
    }
  priv->shown_seconds = -1;
  set_stage (self, PROPRIO_MATCH_STAGE_COUNTDOWN, t_us, priv->run.countdown_us);
  proprio_exercise_set_phase (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  update_countdown (self, t_us);
}

static void
finish (ProprioMatchExercise *self,
        gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  priv->stage = PROPRIO_MATCH_STAGE_NONE;
  proprio_exercise_finish (PROPRIO_EXERCISE (self), t_us);
}

static void
begin_trial (ProprioMatchExercise *self,
             gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  ProprioMatchTrial *trial = &priv->trial;
  guint target;

  if (priv->current >= priv->sequence->len)
    {
      finish (self, t_us);
      return;
    }
  /* No position to work with (a lost marker, a source that stopped): the trial would only be
   * lost too, so the next one waits for the position to come back. */
  if (!stills (priv) &&
      (!priv->has_position || t_us - priv->last_sample_us > PROPRIO_MATCH_LOST_US))
    {
      priv->stage = PROPRIO_MATCH_STAGE_NONE;
      proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_WAITING);
      proprio_exercise_set_feedback_visible (exercise, TRUE);
      proprio_exercise_set_prompt (exercise,
                                   PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->waiting_prompt (self));
      return;
    }
  target = g_array_index (priv->sequence, guint, priv->current);
  *trial = (ProprioMatchTrial) { 0, };
  trial->index = priv->current + 1;
  trial->target_index = target;
  trial->target[0] = priv->run.targets[target][0];
  trial->target[1] = priv->run.targets[target][1];
  set_nan (trial->memorised);
  set_nan (trial->reproduced);
  set_nan (trial->error);
  trial->distance = NAN;
  trial->presented_us = t_us;

  priv->at_target = FALSE;
  proprio_stillness_reset (priv->stillness);
  set_stage (self, PROPRIO_MATCH_STAGE_MEMORISE, t_us, priv->run.memorise_us);
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_set_feedback_visible (exercise, TRUE);
  proprio_exercise_set_message (exercise, NULL);
  proprio_exercise_set_prompt (exercise, memorise_prompt (priv));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_CUE, t_us);
}

static void
begin_reproduce (ProprioMatchExercise *self,
                 gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  /* Moving is measured from where the patient is when asked: after the return, the start. */
  priv->have_origin = priv->has_position &&
                      t_us - priv->last_position_us <= PROPRIO_MATCH_MAX_GAP_US;
  priv->origin[0] = priv->position[0];
  priv->origin[1] = priv->position[1];
  priv->moved = FALSE;
  proprio_stillness_reset (priv->stillness);
  priv->trial.reproduce_us = t_us;
  set_stage (self, PROPRIO_MATCH_STAGE_REPRODUCE, t_us, priv->run.timeout_us);
  proprio_exercise_set_feedback_visible (exercise, FALSE);
  proprio_exercise_set_prompt (exercise, reproduce_prompt (self, priv));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_START, t_us);
}

static void
end_memorise (ProprioMatchExercise *self,
              gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  if (proprio_stillness_get_held_us (priv->stillness) >= MIN_MEMORISED_STRETCH_US)
    proprio_stillness_get_mean (priv->stillness, priv->trial.memorised);
  else if (priv->has_position)
    {
      priv->trial.memorised[0] = priv->position[0];
      priv->trial.memorised[1] = n_dims (self) > 1 ? priv->position[1] : 0.0;
    }
  if (n_dims (self) == 1)
    priv->trial.memorised[1] = 0.0;
  priv->at_target = FALSE;
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_TARGET_HIT, t_us);
  if (priv->run.return_us == 0)
    {
      begin_reproduce (self, t_us);
      return;
    }
  set_stage (self, PROPRIO_MATCH_STAGE_RETURN, t_us, priv->run.return_us);
  proprio_exercise_set_feedback_visible (exercise, FALSE);
  proprio_exercise_set_prompt (exercise, return_prompt (self, priv));
}

static gboolean
more_trials (ProprioMatchExercisePrivate *priv)
{
  return priv->current < priv->sequence->len;
}

static void
begin_rest (ProprioMatchExercise *self,
            gint64                t_us,
            const char           *prompt)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  if (!more_trials (priv))
    {
      finish (self, t_us);
      return;
    }
  if (priv->run.rest_us == 0)
    {
      begin_trial (self, t_us);
      return;
    }
  set_stage (self, PROPRIO_MATCH_STAGE_REST, t_us, priv->run.rest_us);
  proprio_exercise_set_feedback_visible (exercise, FALSE);
  proprio_exercise_set_prompt (exercise, prompt);
}

/* The trial in progress is over (scored or not): into the table, then KR or the rest. */
static void
end_trial (ProprioMatchExercise *self,
           gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  ProprioMatchTrial *trial = &priv->trial;
  gboolean valid = trial->validity == PROPRIO_MATCH_VALID;

  trial->feedback_given = valid &&
                          proprio_match_feedback_given (priv->run.feedback, priv->run.percents,
                                                        priv->run.n_percents, priv->run.block,
                                                        priv->current, priv->sequence->len);
  g_array_append_val (priv->trials, *trial);
  priv->current++;
  proprio_exercise_mark_changed (exercise);

  if (trial->feedback_given)
    {
      set_stage (self, PROPRIO_MATCH_STAGE_RESULT, t_us, priv->run.feedback_us);
      proprio_exercise_set_feedback_visible (exercise, TRUE);
      proprio_exercise_take_prompt (exercise,
                                    PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->format_result (self,
                                                                                            trial));
      return;
    }
  begin_rest (self, t_us, valid ? _("Registered") : _("Trial not scored"));
}

/* The reproduction measured at registered_us, registered at t_us (the same for a live source; a
 * still was measured earlier): the trial ends and what follows starts at t_us. */
static void
register_at (ProprioMatchExercise     *self,
             gint64                    t_us,
             gint64                    registered_us,
             const double             *position,
             ProprioMatchRegistration  by)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioMatchTrial *trial = &priv->trial;

  for (guint d = 0; d < 2; d++)
    {
      gboolean used = d < n_dims (self);

      trial->reproduced[d] = used ? position[d] : 0.0;
      trial->error[d] = used ? position[d] - trial->target[d] : 0.0;
    }
  trial->distance = _proprio_match_distance (self, trial->reproduced, trial->target);
  trial->validity = PROPRIO_MATCH_VALID;
  trial->registered_by = by;
  trial->registered_us = registered_us;
  proprio_exercise_emit_event (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_EVENT_STOP, t_us);
  end_trial (self, t_us);
}

static void
invalidate (ProprioMatchExercise *self,
            gint64                t_us,
            ProprioMatchValidity  validity)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  priv->trial.validity = validity;
  priv->trial.registered_by = PROPRIO_MATCH_REGISTERED_NONE;
  priv->at_target = FALSE;
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_TARGET_MISSED, t_us);
  proprio_exercise_take_message (exercise,
                                 g_strdup_printf (_("Trial %u not scored: %s"), priv->trial.index,
                                                  proprio_match_validity_describe (validity)));
  end_trial (self, t_us);
}

/* The instant a trial stage loses its position for good, or G_MAXINT64. */
static gint64
lost_at (ProprioMatchExercisePrivate *priv)
{
  gint64 since;

  if (stills (priv) ||
      (priv->stage != PROPRIO_MATCH_STAGE_MEMORISE && priv->stage != PROPRIO_MATCH_STAGE_REPRODUCE))
    return G_MAXINT64;
  if (priv->has_position)
    since = priv->last_sample_us;
  else
    since = priv->ever_position ? priv->last_position_us : priv->stage_start_us;
  return MAX (since, priv->stage_start_us) + PROPRIO_MATCH_LOST_US;
}

/* Every stage change due at or before t_us (ends of timed stages, a lost position), in order. */
static void
run_until (ProprioMatchExercise *self,
           gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  for (;;)
    {
      gint64 lost = lost_at (priv);

      switch (priv->stage)
        {
        case PROPRIO_MATCH_STAGE_COUNTDOWN:
          if (t_us < priv->stage_end_us)
            {
              update_countdown (self, t_us);
              return;
            }
          begin_trial (self, priv->stage_end_us);
          continue;

        case PROPRIO_MATCH_STAGE_MEMORISE:
          if (priv->run.memorise == PROPRIO_MATCH_MEMORISE_TIMED && t_us >= priv->stage_end_us &&
              priv->stage_end_us <= lost)
            {
              end_memorise (self, priv->stage_end_us);
              continue;
            }
          if (t_us > lost)
            {
              invalidate (self, lost, PROPRIO_MATCH_INVALID_LOST);
              continue;
            }
          return;

        case PROPRIO_MATCH_STAGE_RETURN:
          if (t_us < priv->stage_end_us)
            return;
          begin_reproduce (self, priv->stage_end_us);
          continue;

        case PROPRIO_MATCH_STAGE_REPRODUCE:
          if (!stills (priv) && t_us >= priv->stage_end_us && priv->stage_end_us <= lost)
            {
              invalidate (self, priv->stage_end_us, PROPRIO_MATCH_INVALID_TIMEOUT);
              continue;
            }
          if (t_us > lost)
            {
              invalidate (self, lost, PROPRIO_MATCH_INVALID_LOST);
              continue;
            }
          return;

        case PROPRIO_MATCH_STAGE_RESULT:
          if (t_us < priv->stage_end_us)
            return;
          begin_rest (self, priv->stage_end_us, _("Rest"));
          continue;

        case PROPRIO_MATCH_STAGE_REST:
          if (t_us < priv->stage_end_us)
            return;
          begin_trial (self, priv->stage_end_us);
          continue;

        case PROPRIO_MATCH_STAGE_NONE:
        default:
          return;
        }
    }
}

/* The sample's own effect on the stage it falls in. */
static void
use_position (ProprioMatchExercise *self,
              gint64                t_us)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  const double *position = priv->has_position ? priv->position : NULL;

  switch (priv->stage)
    {
    case PROPRIO_MATCH_STAGE_MEMORISE:
      {
        gboolean at = position != NULL &&
                      _proprio_match_distance (self, position, priv->trial.target) <=
                      priv->run.tolerance;

        proprio_stillness_push (priv->stillness, t_us, position);
        if (at && !priv->at_target)
          priv->at_target_since_us = t_us;
        priv->at_target = at;
        proprio_exercise_set_prompt (exercise, memorise_prompt (priv));
        proprio_exercise_mark_changed (exercise);
        if (at && priv->run.memorise == PROPRIO_MATCH_MEMORISE_AT_TARGET &&
            t_us - priv->at_target_since_us >= priv->run.memorise_us)
          end_memorise (self, t_us);
      }
      break;

    case PROPRIO_MATCH_STAGE_REPRODUCE:
      proprio_exercise_mark_changed (exercise);
      if (position == NULL)
        {
          proprio_stillness_push (priv->stillness, t_us, NULL);
          break;
        }
      if (!priv->have_origin)
        {
          priv->have_origin = TRUE;
          priv->origin[0] = position[0];
          priv->origin[1] = position[1];
        }
      if (_proprio_match_distance (self, position, priv->origin) > priv->run.min_movement)
        priv->moved = TRUE;
      proprio_stillness_push (priv->stillness, t_us, position);
      if (priv->run.register_mode == PROPRIO_MATCH_REGISTER_STILL && priv->moved &&
          proprio_stillness_is_still (priv->stillness))
        {
          double mean[2] = { 0.0, 0.0 };

          proprio_stillness_get_mean (priv->stillness, mean);
          register_at (self, t_us, t_us, mean, PROPRIO_MATCH_REGISTERED_STILL);
          break;
        }
      proprio_exercise_set_prompt (exercise, reproduce_prompt (self, priv));
      break;

    case PROPRIO_MATCH_STAGE_NONE:
    case PROPRIO_MATCH_STAGE_COUNTDOWN:
    case PROPRIO_MATCH_STAGE_RETURN:
    case PROPRIO_MATCH_STAGE_RESULT:
    case PROPRIO_MATCH_STAGE_REST:
    default:
      /* The live position is drawn while feedback is shown. */
      if (proprio_exercise_get_feedback_visible (exercise))
        proprio_exercise_mark_changed (exercise);
      break;
    }
}

static gboolean
proprio_match_exercise_feed (ProprioExercise     *exercise,
                             const ProprioSample *sample)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  double position[2] = { NAN, NAN };
  gboolean has;
  gint64 t_us = sample->t_us;

  if (!PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->sample_position (self, sample, position))
    return FALSE;
  has = isfinite (position[0]) && (n_dims (self) == 1 || isfinite (position[1]));

  /* What was due before this sample happened before it: a lost stretch ends where it ended. */
  run_until (self, t_us);

  priv->latest_us = MAX (priv->latest_us, t_us);
  priv->have_sample = TRUE;
  priv->last_sample_us = t_us;
  priv->has_position = has;
  if (has)
    {
      priv->ever_position = TRUE;
      priv->position[0] = position[0];
      priv->position[1] = n_dims (self) > 1 ? position[1] : 0.0;
      priv->last_position_us = t_us;
    }

  if (priv->stage == PROPRIO_MATCH_STAGE_NONE &&
      proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_WAITING)
    {
      if (!has)
        return TRUE;
      /* The first position starts the run; after a lost one, the next trial goes on. */
      if (priv->current == 0)
        begin_countdown (self, t_us);
      else
        begin_trial (self, t_us);
      run_until (self, t_us);
    }
  use_position (self, t_us);
  return TRUE;
}

static void
proprio_match_exercise_tick (ProprioExercise *exercise,
                             gint64           now_us)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  priv->latest_us = MAX (priv->latest_us, now_us);
  /* Stills: no first position to wait for, the run begins with its first tick. */
  if (stills (priv) && priv->stage == PROPRIO_MATCH_STAGE_NONE && priv->current == 0 &&
      proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_WAITING)
    begin_countdown (self, now_us);
  run_until (self, now_us - TICK_GRACE_US);
}

gboolean
proprio_match_exercise_can_register (ProprioMatchExercise *self)
{
  ProprioMatchExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), FALSE);

  priv = _proprio_match_exercise_get_private (self);
  return proprio_exercise_is_active (PROPRIO_EXERCISE (self)) &&
         (priv->stage == PROPRIO_MATCH_STAGE_MEMORISE ||
          priv->stage == PROPRIO_MATCH_STAGE_REPRODUCE);
}

gboolean
proprio_match_exercise_register (ProprioMatchExercise *self)
{
  ProprioMatchExercisePrivate *priv;
  ProprioExercise *exercise;
  gint64 now;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), FALSE);

  if (!proprio_match_exercise_can_register (self))
    return FALSE;
  priv = _proprio_match_exercise_get_private (self);
  exercise = PROPRIO_EXERCISE (self);
  /* Stills have no latest position: without a measured one the trial is not scored, it goes on. */
  if (stills (priv) && priv->stage == PROPRIO_MATCH_STAGE_REPRODUCE)
    return FALSE;
  /* The key's instant on the run's timeline: the latest sample or tick. */
  now = MAX (priv->latest_us, priv->stage_start_us);

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->stage == PROPRIO_MATCH_STAGE_MEMORISE)
    end_memorise (self, now);
  else if (priv->has_position && now - priv->last_position_us <= PROPRIO_MATCH_MAX_GAP_US)
    register_at (self, now, now, priv->position, PROPRIO_MATCH_REGISTERED_KEY);
  else
    invalidate (self, now, PROPRIO_MATCH_INVALID_NO_POSITION);
  g_object_thaw_notify (G_OBJECT (self));
  proprio_exercise_emit_changed (exercise);
  return TRUE;
}

gboolean
proprio_match_exercise_register_sample (ProprioMatchExercise *self,
                                        const ProprioSample  *sample)
{
  ProprioMatchExercisePrivate *priv;
  double position[2] = { NAN, NAN };
  gint64 now;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  if (!proprio_match_exercise_can_register (self))
    return FALSE;
  priv = _proprio_match_exercise_get_private (self);
  if (!PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->sample_position (self, sample, position) ||
      !isfinite (position[0]) || (n_dims (self) > 1 && !isfinite (position[1])))
    return FALSE;
  /* A frame frozen before the stage began shows another moment than the one asked for. */
  if (sample->t_us < priv->stage_start_us)
    return FALSE;
  now = MAX (MAX (priv->latest_us, priv->stage_start_us), sample->t_us);
  priv->latest_us = now;

  g_object_freeze_notify (G_OBJECT (self));
  if (priv->stage == PROPRIO_MATCH_STAGE_MEMORISE)
    {
      /* The trial is still the one in progress after the memorising (returning or reproducing):
       * the measured position replaces what the stream would have given. */
      end_memorise (self, now);
      priv->trial.memorised[0] = position[0];
      priv->trial.memorised[1] = n_dims (self) > 1 ? position[1] : 0.0;
    }
  else
    register_at (self, now, sample->t_us, position, PROPRIO_MATCH_REGISTERED_KEY);
  g_object_thaw_notify (G_OBJECT (self));
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
  return TRUE;
}

static void
proprio_match_exercise_start (ProprioExercise *exercise)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioMatchExerciseClass *klass = PROPRIO_MATCH_EXERCISE_GET_CLASS (self);
  guint n;

  priv->run = priv->config;
  /* "At the target" needs a live position to know it is there. */
  if (stills (priv))
    priv->run.memorise = PROPRIO_MATCH_MEMORISE_TIMED;
  g_array_set_size (priv->trials, 0);
  g_array_set_size (priv->sequence, 0);
  n = priv->run.n_targets * priv->run.trials_per_target;
  for (guint i = 0; i < n; i++)
    {
      /* Blocked: 1 1 1 2 2 2; cycled (and the start of random): 1 2 1 2 1 2. */
      guint target = priv->run.order == PROPRIO_MATCH_ORDER_BLOCKED
                     ? i / priv->run.trials_per_target : i % priv->run.n_targets;

      g_array_append_val (priv->sequence, target);
    }
  if (priv->run.order == PROPRIO_MATCH_ORDER_RANDOM)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (priv->run.seed);

      /* Fisher–Yates: every order equally likely, the same one for a seed. */
      for (guint i = n - 1; i > 0; i--)
        {
          guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
          guint tmp = g_array_index (priv->sequence, guint, i);

          g_array_index (priv->sequence, guint, i) = g_array_index (priv->sequence, guint, j);
          g_array_index (priv->sequence, guint, j) = tmp;
        }
    }

  proprio_stillness_free (priv->stillness);
  priv->stillness = proprio_stillness_new (klass->n_dims, priv->run.still_range,
                                           priv->run.still_us, PROPRIO_MATCH_MAX_GAP_US);
  priv->stage = PROPRIO_MATCH_STAGE_NONE;
  priv->current = 0;
  priv->trial = (ProprioMatchTrial) { 0, };
  priv->latest_us = G_MININT64;
  priv->have_sample = FALSE;
  priv->has_position = FALSE;
  priv->ever_position = FALSE;
  priv->at_target = FALSE;
  priv->moved = FALSE;
  proprio_exercise_set_prompt (exercise, klass->waiting_prompt (self));
}

static void
proprio_match_exercise_stop (ProprioExercise *exercise)
{
  ProprioMatchExercisePrivate *priv =
    _proprio_match_exercise_get_private (PROPRIO_MATCH_EXERCISE (exercise));

  /* The trial in progress is not scored. */
  priv->stage = PROPRIO_MATCH_STAGE_NONE;
}

static double
proprio_match_exercise_get_time_left (ProprioExercise *exercise,
                                      gint64           now_us)
{
  ProprioMatchExercisePrivate *priv =
    _proprio_match_exercise_get_private (PROPRIO_MATCH_EXERCISE (exercise));

  switch (priv->stage)
    {
    case PROPRIO_MATCH_STAGE_MEMORISE:
      if (priv->run.memorise == PROPRIO_MATCH_MEMORISE_TIMED)
        return proprio_exercise_time_until (now_us, priv->stage_end_us);
      if (!priv->at_target)
        return -1.0;
      return proprio_exercise_time_until (now_us, priv->at_target_since_us +
                                                  priv->run.memorise_us);
    case PROPRIO_MATCH_STAGE_COUNTDOWN:
    case PROPRIO_MATCH_STAGE_RETURN:
    case PROPRIO_MATCH_STAGE_REPRODUCE:
    case PROPRIO_MATCH_STAGE_RESULT:
    case PROPRIO_MATCH_STAGE_REST:
      return proprio_exercise_time_until (now_us, priv->stage_end_us);
    case PROPRIO_MATCH_STAGE_NONE:
    default:
      return -1.0;
    }
}

/* ---- object ---- */

static void
proprio_match_exercise_finalize (GObject *object)
{
  ProprioMatchExercisePrivate *priv =
    _proprio_match_exercise_get_private (PROPRIO_MATCH_EXERCISE (object));

  g_clear_pointer (&priv->sequence, g_array_unref);
  g_clear_pointer (&priv->trials, g_array_unref);
  g_clear_pointer (&priv->stillness, proprio_stillness_free);

  G_OBJECT_CLASS (proprio_match_exercise_parent_class)->finalize (object);
}

static void
proprio_match_exercise_class_init (ProprioMatchExerciseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_match_exercise_finalize;

  exercise_class->start = proprio_match_exercise_start;
  exercise_class->stop = proprio_match_exercise_stop;
  exercise_class->feed = proprio_match_exercise_feed;
  exercise_class->tick = proprio_match_exercise_tick;
  exercise_class->get_time_left = proprio_match_exercise_get_time_left;
  exercise_class->get_settings = _proprio_match_exercise_get_settings;
  exercise_class->apply_settings = _proprio_match_exercise_apply_settings;
  exercise_class->get_results = _proprio_match_exercise_get_results;
  klass->n_dims = 1;
  klass->eyes_closed = TRUE;
  klass->unit = "deg";
  klass->targets_key = "targets-deg";
}

static void
proprio_match_exercise_init (ProprioMatchExercise *self)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);

  priv->sequence = g_array_new (FALSE, FALSE, sizeof (guint));
  priv->trials = g_array_new (FALSE, TRUE, sizeof (ProprioMatchTrial));
  /* The subclass sets what depends on its unit (targets, tolerances) in its own init. */
  _proprio_match_config_init (&priv->config);
  priv->run = priv->config;
}
