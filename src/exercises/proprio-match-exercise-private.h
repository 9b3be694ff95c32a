/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-stillness.h"
#include "proprio-exercise-private.h"
#include "proprio-match-exercise.h"

G_BEGIN_DECLS

/* Shared by proprio-match-exercise.c (the run) and proprio-match-exercise-config.c (settings,
 * results). */

typedef struct
{
  double               targets[PROPRIO_MATCH_MAX_TARGETS][2];
  guint                n_targets;
  guint                trials_per_target;
  ProprioMatchOrder    order;
  guint32              seed;
  ProprioMatchMovement movement;
  ProprioMatchMemorise memorise;
  gint64               memorise_us;
  double               tolerance;
  gint64               return_us;
  ProprioMatchRegister register_mode;
  double               still_range;
  gint64               still_us;
  double               min_movement;
  gint64               timeout_us;
  ProprioMatchFeedback feedback;
  double               percents[PROPRIO_MATCH_MAX_BLOCKS];
  guint                n_percents;
  guint                block;
  gint64               feedback_us;
  gint64               rest_us;
  gint64               countdown_us;
  double               start[2];
  ProprioMatchPositions positions;
} MatchConfig;

typedef struct
{
  MatchConfig        config;          /* for the next start () */
  MatchConfig        run;             /* the current or last run */

  GArray            *sequence;        /* guint: the target index of each trial */
  GArray            *trials;          /* ProprioMatchTrial, ended */
  ProprioMatchStage  stage;
  guint              current;         /* index into sequence of the trial in progress */
  ProprioMatchTrial  trial;           /* the trial in progress */
  gint64             stage_start_us;
  gint64             stage_end_us;    /* timed stages */
  int                shown_seconds;

  /* The latest sample, and the latest position; the latest sample or tick time. */
  gint64             latest_us;
  gboolean           have_sample;
  gint64             last_sample_us;
  gboolean           has_position;    /* the latest sample had one */
  gboolean           ever_position;
  double             position[2];
  gint64             last_position_us;

  /* MEMORISE */
  gboolean           at_target;
  gint64             at_target_since_us;
  /* REPRODUCE */
  gboolean           have_origin;
  double             origin[2];
  gboolean           moved;
  ProprioStillness  *stillness;
} ProprioMatchExercisePrivate;

ProprioMatchExercisePrivate *_proprio_match_exercise_get_private (ProprioMatchExercise *self);
/* The unit-free defaults (the base's init). */
void                         _proprio_match_config_init          (MatchConfig          *config);
/* For the subclasses' init: what depends on their unit (n_dims values per position). */
void _proprio_match_exercise_set_defaults (ProprioMatchExercise *self,
                                           const double         *targets,
                                           guint                 n_targets,
                                           const double         *start,
                                           double                tolerance,
                                           double                still_range,
                                           double                min_movement);
/* Distance between two positions (|Δ| on one axis, radial on two). */
double                       _proprio_match_distance             (ProprioMatchExercise *self,
                                                                  const double         *a,
                                                                  const double         *b);

GVariant *_proprio_match_exercise_get_settings   (ProprioExercise  *exercise);
gboolean  _proprio_match_exercise_apply_settings (ProprioExercise  *exercise,
                                                  GVariant         *settings,
                                                  GError          **error);
GVariant *_proprio_match_exercise_get_results    (ProprioExercise  *exercise);

G_END_DECLS
