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

/* Helpers for the engines' apply_settings () and get_settings (). Each lookup leaves *value
 * alone and returns TRUE when `key` is absent; it returns FALSE with
 * PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, naming the key, when the value has the wrong type or
 * is out of range. */
gboolean proprio_settings_check_keys   (GVariant            *settings,
                                        const char * const  *known,
                                        GError             **error);
gboolean proprio_settings_get_double   (GVariant            *settings,
                                        const char          *key,
                                        double               min,
                                        double               max,
                                        double              *value,
                                        GError             **error);
gboolean proprio_settings_get_uint     (GVariant            *settings,
                                        const char          *key,
                                        guint                min,
                                        guint                max,
                                        guint               *value,
                                        GError             **error);
gboolean proprio_settings_get_boolean  (GVariant            *settings,
                                        const char          *key,
                                        gboolean            *value,
                                        GError             **error);
/* A string naming one of `nicks` (n_nicks of them): *value is its index. */
gboolean proprio_settings_get_nick     (GVariant            *settings,
                                        const char          *key,
                                        const char * const  *nicks,
                                        guint                n_nicks,
                                        guint               *value,
                                        GError             **error);
/* Any other type: *value is a new reference (NULL when absent). */
gboolean proprio_settings_get_value    (GVariant            *settings,
                                        const char          *key,
                                        const GVariantType  *type,
                                        GVariant           **value,
                                        GError             **error);
void     proprio_settings_error        (GError             **error,
                                        const char          *key,
                                        const char          *reason);

/* Seconds from now to `end_us`, ≥ 0: the figure the patient display shows. */
static inline double
proprio_exercise_time_until (gint64 now_us,
                             gint64 end_us)
{
  return (double) MAX (end_us - now_us, 0) / G_USEC_PER_SEC;
}

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
