/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-exercise.h"

G_BEGIN_DECLS

/* For the engines only: the state the base class publishes on their behalf. Each setter notifies
 * the property and marks the exercise changed only when the value really changes. */

void proprio_exercise_set_phase            (ProprioExercise      *self,
                                            ProprioExercisePhase  phase);
void proprio_exercise_set_prompt           (ProprioExercise      *self,
                                            const char           *prompt);
void proprio_exercise_take_prompt          (ProprioExercise      *self,
                                            char                 *prompt);
void proprio_exercise_set_message          (ProprioExercise      *self,
                                            const char           *message);
void proprio_exercise_take_message         (ProprioExercise      *self,
                                            char                 *message);
void proprio_exercise_set_feedback_visible (ProprioExercise      *self,
                                            gboolean              visible);
void proprio_exercise_emit_event           (ProprioExercise      *self,
                                            ProprioExerciseEvent  event,
                                            gint64                t_us);
/* Something a view shows changed (targets, progress, results): "changed" follows at the end of
 * the current tick/start/stop/proceed. */
void proprio_exercise_mark_changed         (ProprioExercise      *self);
/* For configuration setters, called outside any feed/tick: "changed" now. */
void proprio_exercise_emit_changed         (ProprioExercise      *self);
/* For configuration setters: FALSE, with a warning, while the exercise is active (a new plan
 * would not match the trial in progress). */
gboolean proprio_exercise_check_configurable (ProprioExercise *self);
/* Ends the exercise: phase DONE, the DONE event. */
void proprio_exercise_finish               (ProprioExercise      *self,
                                            gint64                t_us);

/* Whole seconds left before `end_us`, rounded up: the number a countdown shows. */
static inline int
proprio_exercise_seconds_left (gint64 now_us,
                               gint64 end_us)
{
  gint64 left = end_us - now_us;

  if (left <= 0)
    return 0;
  return (int) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

G_END_DECLS
