/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-station"

#include "config.h"

#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-jps-protocol.h"

#include "proprio-station-private.h"

/* The station's side of position matching: what the simulated patient does while a protocol
 * runs (the angle source itself is proprio-station-camera-angle.c's). */

void
proprio_station_joint_intent_for_exercise (ProprioExercise       *exercise,
                                           ProprioSimJointIntent *intent)
{
  ProprioMatchDisplay display;

  g_return_if_fail (exercise == NULL || PROPRIO_IS_EXERCISE (exercise));
  g_return_if_fail (intent != NULL);

  *intent = (ProprioSimJointIntent) PROPRIO_SIM_JOINT_INTENT_INIT;
  if (exercise == NULL || !PROPRIO_IS_JPS_PROTOCOL (exercise) ||
      !proprio_exercise_is_active (exercise))
    return;

  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (exercise), &display);
  intent->rest_deg = display.start[0];
  if (display.target_index >= 0)
    intent->target_deg = display.target[0];
  switch (display.stage)
    {
    case PROPRIO_MATCH_STAGE_MEMORISE:
      intent->phase = PROPRIO_SIM_JOINT_MEMORISE;
      break;
    case PROPRIO_MATCH_STAGE_REPRODUCE:
      intent->phase = PROPRIO_SIM_JOINT_REPRODUCE;
      break;
    case PROPRIO_MATCH_STAGE_NONE:        /* waiting for the angle: seated, ready */
    case PROPRIO_MATCH_STAGE_COUNTDOWN:
    case PROPRIO_MATCH_STAGE_RETURN:
    case PROPRIO_MATCH_STAGE_RESULT:
    case PROPRIO_MATCH_STAGE_REST:
    default:
      intent->phase = PROPRIO_SIM_JOINT_REST;
      break;
    }
}

void
_proprio_station_match_intent (ProprioExercise  *exercise,
                               ProprioSimIntent *intent)
{
  ProprioMatchDisplay display;

  if (!PROPRIO_IS_MATCH_EXERCISE (exercise) || !proprio_exercise_is_active (exercise))
    return;
  proprio_station_joint_intent_for_exercise (exercise, &intent->joint);
  if (!PROPRIO_IS_COP_MATCHING (exercise))
    return;

  /* With the dot hidden the patient goes for the target from memory: near it, not onto it. The
   * memorise phase's target is already in the intent (it is the active one on the view). */
  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (exercise), &display);
  if (display.stage == PROPRIO_MATCH_STAGE_REPRODUCE)
    {
      intent->has_target = TRUE;
      intent->recall = TRUE;
      intent->target_x_mm = display.target[0];
      intent->target_y_mm = display.target[1];
    }
}
