/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-run"

#include "config.h"

#include "exercises/proprio-variant-json.h"

#include "proprio-plan-run-private.h"

/* What a run says about itself: the current step, each step's state, message and result, the
 * progress, and the whole run as JSON. */

gboolean
proprio_plan_run_is_active (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), FALSE);
  return self->active;
}

int
proprio_plan_run_get_current (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), -1);
  return self->current != NULL ? proprio_plan_find_step (self->plan, self->current) : -1;
}

ProprioPlanStep *
proprio_plan_run_get_current_step (ProprioPlanRun *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);
  return self->current;
}

ProprioPlanStep *
proprio_plan_run_get_next_step (ProprioPlanRun *self)
{
  int index;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);

  index = proprio_plan_run_get_current (self);
  if (index < 0)
    return NULL;
  return proprio_plan_get_step (self->plan, (guint) index + 1);
}

ProprioPlanStepState
proprio_plan_run_get_step_state (ProprioPlanRun  *self,
                                 ProprioPlanStep *step)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), PROPRIO_PLAN_STEP_PENDING);

  record = step != NULL ? g_hash_table_lookup (self->records, step) : NULL;
  return record != NULL ? record->state : PROPRIO_PLAN_STEP_PENDING;
}

const char *
proprio_plan_run_get_step_message (ProprioPlanRun  *self,
                                   ProprioPlanStep *step)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);

  record = step != NULL ? g_hash_table_lookup (self->records, step) : NULL;
  return record != NULL ? record->message : NULL;
}

ProprioExerciseResult *
proprio_plan_run_get_step_result (ProprioPlanRun  *self,
                                  ProprioPlanStep *step)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);

  record = step != NULL ? g_hash_table_lookup (self->records, step) : NULL;
  return record != NULL ? record->result : NULL;
}

guint
proprio_plan_run_get_step_runs (ProprioPlanRun  *self,
                                ProprioPlanStep *step)
{
  StepRecord *record;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), 0);

  record = step != NULL ? g_hash_table_lookup (self->records, step) : NULL;
  return record != NULL ? record->runs : 0;
}

void
proprio_plan_run_get_progress (ProprioPlanRun      *self,
                               ProprioPlanProgress *progress)
{
  guint n;

  g_return_if_fail (PROPRIO_IS_PLAN_RUN (self));
  g_return_if_fail (progress != NULL);

  *progress = (ProprioPlanProgress) { 0 };
  n = self->plan != NULL ? proprio_plan_get_n_steps (self->plan) : 0;
  progress->n_steps = n;
  for (guint i = 0; i < n; i++)
    switch (proprio_plan_run_get_step_state (self, proprio_plan_get_step (self->plan, i)))
      {
      case PROPRIO_PLAN_STEP_DONE:    progress->n_done++; break;
      case PROPRIO_PLAN_STEP_STOPPED: progress->n_stopped++; break;
      case PROPRIO_PLAN_STEP_SKIPPED: progress->n_skipped++; break;
      case PROPRIO_PLAN_STEP_FAILED:  progress->n_failed++; break;
      case PROPRIO_PLAN_STEP_PENDING:
      case PROPRIO_PLAN_STEP_ACTIVE:
      default:
        progress->n_pending++;
        break;
      }
}

char *
proprio_plan_run_to_json (ProprioPlanRun *self)
{
  GString *out;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (self), NULL);

  out = g_string_new ("{\"plan\":");
  if (self->plan == NULL)
    {
      g_string_append (out, "null,\"steps\":[]}");
      return g_string_free (out, FALSE);
    }
  proprio_json_append_string (out, proprio_plan_get_title (self->plan));
  g_string_append (out, ",\"steps\":[");
  n = proprio_plan_get_n_steps (self->plan);
  for (guint i = 0; i < n; i++)
    {
      ProprioPlanStep *step = proprio_plan_get_step (self->plan, i);
      const char *message = proprio_plan_run_get_step_message (self, step);
      ProprioExerciseResult *result = proprio_plan_run_get_step_result (self, step);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"title\":");
      proprio_json_append_string (out, proprio_plan_step_get_title (step));
      g_string_append (out, ",\"kind\":");
      proprio_json_append_string (out,
                                  proprio_plan_step_kind_to_string (proprio_plan_step_get_kind (step)));
      g_string_append (out, ",\"exercise\":");
      proprio_json_append_string (out, proprio_plan_step_get_exercise_id (step));
      g_string_append (out, ",\"state\":");
      proprio_json_append_string (out, proprio_plan_step_state_to_string (
                                         proprio_plan_run_get_step_state (self, step)));
      g_string_append_printf (out, ",\"runs\":%u,\"message\":",
                              proprio_plan_run_get_step_runs (self, step));
      if (message != NULL)
        proprio_json_append_string (out, message);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"note\":");
      proprio_json_append_string (out, proprio_plan_step_get_note (step));
      g_string_append (out, ",\"result\":");
      if (result != NULL)
        {
          g_autofree char *json = proprio_exercise_result_to_json (result);

          g_string_append (out, json);
        }
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}
