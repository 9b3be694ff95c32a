/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-match-exercise"

#include "config.h"

#include <math.h>

#include "proprio-match-exercise-private.h"

/* What views read of a matching protocol: its stage, what to draw now, the plan and the trials. */

ProprioMatchStage
proprio_match_exercise_get_stage (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), PROPRIO_MATCH_STAGE_NONE);

  if (!proprio_exercise_is_active (PROPRIO_EXERCISE (self)))
    return PROPRIO_MATCH_STAGE_NONE;
  return _proprio_match_exercise_get_private (self)->stage;
}

void
proprio_match_exercise_get_display (ProprioMatchExercise *self,
                                    ProprioMatchDisplay  *out)
{
  ProprioMatchExercisePrivate *priv;
  ProprioMatchStage stage;
  const ProprioMatchTrial *shown = NULL;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (out != NULL);

  priv = _proprio_match_exercise_get_private (self);
  stage = proprio_match_exercise_get_stage (self);
  *out = (ProprioMatchDisplay) { 0, };
  out->stage = stage;
  out->n_trials = priv->sequence->len;
  out->target_index = -1;
  out->tolerance = priv->run.tolerance;
  out->start[0] = priv->run.start[0];
  out->start[1] = priv->run.start[1];
  out->has_position = priv->has_position;
  out->position[0] = priv->has_position ? priv->position[0] : NAN;
  out->position[1] = priv->has_position ? priv->position[1] : NAN;

  if (stage == PROPRIO_MATCH_STAGE_MEMORISE || stage == PROPRIO_MATCH_STAGE_RETURN ||
      stage == PROPRIO_MATCH_STAGE_REPRODUCE)
    shown = &priv->trial;
  else if (priv->trials->len > 0)
    shown = &g_array_index (priv->trials, ProprioMatchTrial, priv->trials->len - 1);
  if (shown != NULL)
    {
      out->trial = shown->index;
      out->target_index = (int) shown->target_index;
      out->target[0] = shown->target[0];
      out->target[1] = shown->target[1];
    }

  switch (stage)
    {
    case PROPRIO_MATCH_STAGE_MEMORISE:
      out->show_target = TRUE;
      out->at_target = priv->at_target;
      if (priv->run.memorise_us <= 0)
        out->memorise_progress = 1.0;
      else if (priv->run.memorise == PROPRIO_MATCH_MEMORISE_TIMED)
        out->memorise_progress = (double) (priv->last_sample_us - priv->stage_start_us) /
                                 (double) priv->run.memorise_us;
      else if (priv->at_target)
        out->memorise_progress = (double) (priv->last_sample_us - priv->at_target_since_us) /
                                 (double) priv->run.memorise_us;
      out->memorise_progress = CLAMP (out->memorise_progress, 0.0, 1.0);
      break;
    case PROPRIO_MATCH_STAGE_REPRODUCE:
      out->still_progress = priv->moved ? proprio_stillness_get_progress (priv->stillness) : 0.0;
      break;
    case PROPRIO_MATCH_STAGE_RESULT:
      out->show_target = TRUE;
      out->show_registered = TRUE;
      out->registered[0] = shown->reproduced[0];
      out->registered[1] = shown->reproduced[1];
      break;
    case PROPRIO_MATCH_STAGE_NONE:
    case PROPRIO_MATCH_STAGE_COUNTDOWN:
    case PROPRIO_MATCH_STAGE_RETURN:
    case PROPRIO_MATCH_STAGE_REST:
    default:
      break;
    }
}

ProprioMatchMovement
proprio_match_exercise_get_run_movement (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), PROPRIO_MATCH_ACTIVE);
  return _proprio_match_exercise_get_private (self)->run.movement;
}

guint
proprio_match_exercise_get_n_planned (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  return _proprio_match_exercise_get_private (self)->sequence->len;
}

guint
proprio_match_exercise_get_planned_target (ProprioMatchExercise *self,
                                           guint                 trial_index)
{
  ProprioMatchExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  priv = _proprio_match_exercise_get_private (self);
  g_return_val_if_fail (trial_index < priv->sequence->len, 0);
  return g_array_index (priv->sequence, guint, trial_index);
}

guint
proprio_match_exercise_get_n_run_targets (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  return _proprio_match_exercise_get_private (self)->run.n_targets;
}

void
proprio_match_exercise_get_run_target (ProprioMatchExercise *self,
                                       guint                 index,
                                       double               *position)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (position != NULL);
  priv = _proprio_match_exercise_get_private (self);
  g_return_if_fail (index < priv->run.n_targets);
  for (guint d = 0; d < PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->n_dims; d++)
    position[d] = priv->run.targets[index][d];
}

guint
proprio_match_exercise_get_n_trials (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  return _proprio_match_exercise_get_private (self)->trials->len;
}

const ProprioMatchTrial *
proprio_match_exercise_get_trial (ProprioMatchExercise *self,
                                  guint                 index)
{
  ProprioMatchExercisePrivate *priv;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), NULL);
  priv = _proprio_match_exercise_get_private (self);
  g_return_val_if_fail (index < priv->trials->len, NULL);
  return &g_array_index (priv->trials, ProprioMatchTrial, index);
}

guint
proprio_match_exercise_get_n_valid (ProprioMatchExercise *self)
{
  ProprioMatchExercisePrivate *priv;
  guint n = 0;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  priv = _proprio_match_exercise_get_private (self);
  for (guint i = 0; i < priv->trials->len; i++)
    n += g_array_index (priv->trials, ProprioMatchTrial, i).validity == PROPRIO_MATCH_VALID;
  return n;
}

