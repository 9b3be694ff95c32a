/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan-run.h"

G_BEGIN_DECLS

/* Between proprio-plan-run.c (moving through the plan) and proprio-plan-run-state.c (what the
 * run says about itself). */

/* What the run knows of one step. */
typedef struct
{
  ProprioPlanStepState   state;
  char                  *message;
  ProprioExerciseResult *result;
  guint                  runs;
} StepRecord;

struct _ProprioPlanRun
{
  GObject          parent_instance;

  ProprioStation  *station;
  ProprioPlan     *plan;
  gulong           steps_changed_id;
  GHashTable      *records;        /* ProprioPlanStep * (ref) → StepRecord */
  gboolean         active;
  ProprioPlanStep *current;        /* ref, or NULL */
  int              shown_current;  /* what "current" announced last */

  /* The current exercise step while it runs. */
  ProprioExercise *engine;         /* not owned: the station's */
  gulong           finished_id;
  GVariant        *saved_settings; /* the engine's own, given back when the step ends */

  /* The current rest while it runs. */
  gboolean         resting;
  gint64           rest_end_us;
  guint            rest_timer;
};

G_END_DECLS
