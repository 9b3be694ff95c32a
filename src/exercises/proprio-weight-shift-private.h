/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-weight-shift.h"
#include "proprio-exercise-private.h"

G_BEGIN_DECLS

/* Shared by proprio-weight-shift.c (the run) and proprio-weight-shift-config.c (targets,
 * configuration, results). */

/* The configuration a run uses; the target layout is kept beside it. */
typedef struct
{
  ProprioWeightShiftPreset preset;
  double                   distance_mm;
  double                   los_percent;
  ProprioLimits            limits;
  gboolean                 has_limits;
  guint                    random_count;
  guint32                  random_seed;
  double                   radius_mm;
  gint64                   dwell_us;
  gint64                   timeout_us;
  gint64                   countdown_us;
  guint                    repetitions;
  double                   board_width_mm;
  double                   board_length_mm;
} WsConfig;

struct _ProprioWeightShift
{
  ProprioCopExercise parent_instance;

  /* configuration for the next start () */
  WsConfig                 config;
  GArray                  *targets;        /* ProprioTarget: the configured layout */

  /* the current or last run: its configuration and targets (copied at start, with live
   * states), shown until the configuration changes after the run */
  WsConfig                 run;
  GArray                  *run_targets;    /* ProprioTarget */
  gboolean                 show_run_targets;

  /* run state */
  GArray                  *trials;         /* ProprioWeightShiftTrial */
  guint                    seq_pos;        /* presentations completed */
  int                      current;        /* target index, -1 when none */
  gint64                   run_start_us;
  gint64                   presented_us;
  gint64                   deadline_us;
  gboolean                 dwelling;
  gint64                   entry_us;
  double                   path_mm;
  double                   path_at_entry_mm;
  gboolean                 have_prev;
  double                   prev_x, prev_y;
  gint64                   last_cop_us;
  int                      shown_seconds;
};

/* A target of the run. */
static inline ProprioTarget *
proprio_weight_shift_target_at (ProprioWeightShift *self,
                                guint               index)
{
  return &g_array_index (self->run_targets, ProprioTarget, index);
}

/* Rebuilds preset targets from the configuration (keeps custom ones, re-clamped). */
void      proprio_weight_shift_regenerate      (ProprioWeightShift *self);

GVariant *proprio_weight_shift_get_settings   (ProprioExercise    *exercise);
gboolean  proprio_weight_shift_apply_settings (ProprioExercise    *exercise,
                                               GVariant           *settings,
                                               GError            **error);
GVariant *proprio_weight_shift_get_results    (ProprioExercise    *exercise);

G_END_DECLS
