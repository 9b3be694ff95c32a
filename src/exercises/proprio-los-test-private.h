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

struct _ProprioLosTest
{
  ProprioExercise parent_instance;

  /* configuration */
  double            height_m;            /* 0: not given */
  double            board_width_mm;
  double            board_length_mm;
  double            distance_mm[PROPRIO_N_DIRECTIONS];
  GArray           *order;               /* ProprioDirection */
  gint64            hold_us;
  gint64            trial_us;
  double            threshold;
  double            radius_mm;

  /* run state */
  Slot              slots[PROPRIO_N_DIRECTIONS];
  GArray           *targets;             /* ProprioTarget, one per entry of `order` */
  guint             pos;                 /* index into `order` */
  gint64            cue_us;
  gint64            end_us;
  gint64            last_cop_us;
  gint64            last_sample_us;
  gboolean          entered;             /* the CoP entered the current target */
  int               shown_seconds;
};

/* Target distances from the height (or 1.70 m), capped to the board. */
void proprio_los_test_default_distances (ProprioLosTest *self);
/* One idle target per direction in the list, placed around the board centre. */
void proprio_los_test_rebuild_targets   (ProprioLosTest *self);

G_END_DECLS
