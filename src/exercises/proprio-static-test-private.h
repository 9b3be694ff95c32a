/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-static-test.h"
#include "proprio-exercise-private.h"

G_BEGIN_DECLS

/* Shared by proprio-static-test.c (the run) and proprio-static-test-results.c (configuration,
 * results, Romberg quotient). */

typedef struct
{
  ProprioStaticResult pub;
  char               *message;
  GArray             *t_us;
  GArray             *x_mm;
  GArray             *y_mm;
} Slot;

/* What a run uses besides its list of conditions (that list lives in the slots). */
typedef struct
{
  gint64   duration_us;
  gint64   countdown_us;
  gboolean hide_feedback;
  gboolean auto_advance;
  double   lowpass_hz;          /* <= 0: none */
} StaticConfig;

struct _ProprioStaticTest
{
  ProprioCopExercise parent_instance;

  /* configuration for the next start () */
  GArray      *conditions;      /* ProprioStaticCondition */
  StaticConfig config;

  /* the current or last run: the configuration it started with, its results */
  StaticConfig run;
  Slot    *slots;               /* one per condition */
  guint    n_slots;
  guint    current;
  gint64   rec_start_us;        /* countdown start + countdown */
  gint64   rec_end_us;
  gint64   last_cop_us;
  gint64   last_sample_us;
  int      shown_seconds;
};

/* One empty result per configured condition. */
void      proprio_static_test_rebuild_slots  (ProprioStaticTest *self);

GVariant *proprio_static_test_get_settings   (ProprioExercise   *exercise);
gboolean  proprio_static_test_apply_settings (ProprioExercise   *exercise,
                                              GVariant          *settings,
                                              GError           **error);
GVariant *proprio_static_test_get_results    (ProprioExercise   *exercise);

G_END_DECLS
