/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-los-test.h"
#include "proprio-exercise-private.h"

G_BEGIN_DECLS

/* Shared by proprio-los-test.c (the run) and proprio-los-test-config.c (configuration,
 * results, polygon, limits). */

typedef struct
{
  ProprioLosResult pub;
  char            *message;
  GArray          *t_us;
  GArray          *x_mm;
  GArray          *y_mm;
} Slot;

/* The configuration a run uses (the list of directions is kept beside it). */
typedef struct
{
  double            height_m;            /* 0: not given */
  double            board_width_mm;
  double            board_length_mm;
  double            distance_mm[PROPRIO_N_DIRECTIONS];
  gint64            hold_us;
  gint64            trial_us;
  double            threshold;
  double            radius_mm;
} LosConfig;

struct _ProprioLosTest
{
  ProprioCopExercise parent_instance;

  /* configuration for the next start () */
  LosConfig         config;
  GArray           *order;               /* ProprioDirection */
  GArray           *targets;             /* ProprioTarget: the layout, one per entry of `order` */

  /* the current or last run: copies taken at start, the targets with live states (shown until
   * the configuration changes after the run) */
  LosConfig         run;
  GArray           *run_order;
  GArray           *run_targets;
  gboolean          show_run_targets;

  /* run state */
  Slot              slots[PROPRIO_N_DIRECTIONS];
  guint             pos;                 /* index into `run_order` */
  gint64            cue_us;
  gint64            end_us;
  gint64            last_cop_us;
  gint64            last_sample_us;
  gboolean          entered;             /* the CoP entered the current target */
  int               shown_seconds;
};

/* Target distances from the height (or 1.70 m), capped to the board. */
void proprio_los_test_default_distances (ProprioLosTest *self);
/* The configured layout: one idle target per direction in the list, around the board centre. */
void      proprio_los_test_rebuild_targets   (ProprioLosTest   *self);

GVariant *proprio_los_test_get_settings      (ProprioExercise  *exercise);
gboolean  proprio_los_test_apply_settings    (ProprioExercise  *exercise,
                                              GVariant         *settings,
                                              GError          **error);
GVariant *proprio_los_test_get_results       (ProprioExercise  *exercise);

G_END_DECLS
