/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-exercise-private.h"

G_BEGIN_DECLS

/* Shared by the files of ProprioExercise itself (proprio-exercise.c, the run; and
 * proprio-exercise-results.c, settings and results); engines use proprio-exercise-private.h. */

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

  /* The run's timeline and settings, for its result. */
  gboolean             started;        /* start () was called at least once */
  GDateTime           *started_at;     /* UTC, at start () */
  GVariant            *run_settings;   /* a{sv}, the configuration the run started with */
  gint64               clock_start_us; /* the clock at start (), when no time came */
  gboolean             have_time;      /* a sample or tick since start () */
  gint64               first_us;
  gint64               latest_us;
  gboolean             ended;
  gint64               end_us;
  gboolean             finish_pending; /* "finished" is due when the current call returns */
} ProprioExercisePrivate;

ProprioExercisePrivate *_proprio_exercise_get_private        (ProprioExercise  *self);
/* The latest instant of the run's timeline (the clock when no time came yet). */
gint64                  _proprio_exercise_run_now            (ProprioExercise  *self);

GVariant               *_proprio_exercise_real_get_settings   (ProprioExercise  *self);
gboolean                _proprio_exercise_real_apply_settings (ProprioExercise  *self,
                                                               GVariant         *settings,
                                                               GError          **error);
GVariant               *_proprio_exercise_real_get_results    (ProprioExercise  *self);

G_END_DECLS
