/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One run of an exercise as a value: what ran (id, title), when (monotonic start and end on the
 * engine's timeline, and the wall-clock start in UTC), how it ended, the settings it ran with and
 * every figure it produced. Immutable, so the station can keep it, a review can redraw from it
 * and an export can write it while the engine runs the next exercise.
 *
 * settings and results are GVariant dictionaries (a{sv}); the keys each engine writes are listed
 * in its header. Numbers that are undefined (e.g. a Romberg quotient without an eyes-open
 * recording) are NaN in the GVariant and null in the JSON. */

typedef enum
{
  PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS,  /* taken while the exercise still ran */
  PROPRIO_EXERCISE_OUTCOME_DONE,         /* the exercise reached its end */
  PROPRIO_EXERCISE_OUTCOME_CANCELLED,    /* stopped by the therapist: figures so far */
} ProprioExerciseOutcome;

GType proprio_exercise_outcome_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_EXERCISE_OUTCOME (proprio_exercise_outcome_get_type ())

/* "in-progress", "done", "cancelled" (never translated: for files). */
const char *proprio_exercise_outcome_to_string (ProprioExerciseOutcome outcome);

#define PROPRIO_TYPE_EXERCISE_RESULT (proprio_exercise_result_get_type ())
G_DECLARE_FINAL_TYPE (ProprioExerciseResult, proprio_exercise_result,
                      PROPRIO, EXERCISE_RESULT, GObject)

/* `settings` and `results` must be a{sv}; floating references are sunk. */
ProprioExerciseResult *proprio_exercise_result_new           (const char             *id,
                                                              const char             *title,
                                                              gint64                  start_us,
                                                              gint64                  end_us,
                                                              GDateTime              *started_at,
                                                              ProprioExerciseOutcome  outcome,
                                                              GVariant               *settings,
                                                              GVariant               *results);

const char             *proprio_exercise_result_get_id         (ProprioExerciseResult *self);
const char             *proprio_exercise_result_get_title      (ProprioExerciseResult *self);
gint64                  proprio_exercise_result_get_start_us   (ProprioExerciseResult *self);
gint64                  proprio_exercise_result_get_end_us     (ProprioExerciseResult *self);
/* UTC. */
GDateTime              *proprio_exercise_result_get_started_at (ProprioExerciseResult *self);
ProprioExerciseOutcome  proprio_exercise_result_get_outcome    (ProprioExerciseResult *self);
/* a{sv}, owned by the result. */
GVariant               *proprio_exercise_result_get_settings   (ProprioExerciseResult *self);
GVariant               *proprio_exercise_result_get_results    (ProprioExerciseResult *self);

/* The whole result as one JSON object: "id", "title", "start_us", "end_us", "started_at"
 * (ISO 8601, UTC), "outcome", "settings", "results". Numbers read back exactly (%.17g); NaN and
 * infinities are null. */
char                   *proprio_exercise_result_to_json        (ProprioExerciseResult *self);

G_END_DECLS
