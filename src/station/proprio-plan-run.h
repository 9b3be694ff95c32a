/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "exercises/proprio-exercise-result.h"
#include "proprio-plan.h"
#include "proprio-station.h"

G_BEGIN_DECLS

/* ProprioPlanRun: runs a plan on the station, one step at a time. The application owns one, so
 * every window, the patient display and `gapplication action` drive the same run.
 *
 * A step starts when the run comes to it (start, next, previous, skip, repeat):
 *   exercise  the station selects the step's engine, the step's settings are applied (given the
 *             engine's own types) and the station starts it; when it finishes, its result is the
 *             step's and the engine gets back the settings it had before, so a page's settings
 *             are the therapist's again after the plan.
 *   pause     a timed rest: a countdown of the step's seconds (tick () or the run's own timer).
 *   pacer     the station's engine of that id when there is one, else a timed rest.
 * A step that cannot start (no device for it, an exercise this version does not have, settings
 * the engine refuses, another exercise running) is FAILED with a message in words the therapist
 * acts on; the run stays on it: repeat () tries again, skip () or next () goes on.
 *
 * After a step ends the run waits on it (DONE or STOPPED): next () goes on. The controls:
 *   next ()      stop the current step if it runs (STOPPED), go to the next one and start it;
 *                after the last step the plan is complete ("finished", not active any more).
 *   previous ()  stop the current step if it runs, go back one step and start it again.
 *   skip ()      the current step is SKIPPED (stopped if it runs), then as next ().
 *   repeat ()    the current step again (stopped first if it runs).
 *   toggle ()    the therapist's one key: a running exercise goes on when it waits (paused) and
 *                is stopped otherwise, a running rest ends; a step that has not run (or failed)
 *                starts; after a step that ended, next ().
 *   stop ()      stop the running step and end the run (the progress stays readable).
 * Each returns FALSE when it does not apply now (nothing runs, no step before the first).
 *
 * Steps are known by their object, so editing the plan's other steps while it runs (a note, the
 * order of the steps still to come) keeps every record with its step; a removed step's record
 * goes with it.
 *
 * Properties (notified on the main thread): "plan" (ProprioPlan *), "active" (gboolean), "current"
 * (int, the current step's index, -1 before a start and once complete).
 * Signals:
 *   "changed"       a state, the current step or the progress changed.
 *   "step-started"  (ProprioPlanStep *step) a step started (the window shows its work area).
 *   "finished"      the last step was left with next () or skip (): the plan is complete. */

typedef enum
{
  PROPRIO_PLAN_STEP_PENDING,   /* not started in this run */
  PROPRIO_PLAN_STEP_ACTIVE,    /* running now */
  PROPRIO_PLAN_STEP_DONE,      /* its exercise reached its end (or the rest its time) */
  PROPRIO_PLAN_STEP_STOPPED,   /* started and stopped before its end (its result so far kept) */
  PROPRIO_PLAN_STEP_SKIPPED,   /* left out */
  PROPRIO_PLAN_STEP_FAILED,    /* could not start: see the message */
} ProprioPlanStepState;

GType       proprio_plan_step_state_get_type  (void) G_GNUC_CONST;
#define PROPRIO_TYPE_PLAN_STEP_STATE (proprio_plan_step_state_get_type ())
/* "pending", "active", "done", "stopped", "skipped", "failed" (never translated). */
const char *proprio_plan_step_state_to_string (ProprioPlanStepState state);

typedef struct
{
  guint n_steps;
  guint n_done;
  guint n_stopped;
  guint n_skipped;
  guint n_failed;
  guint n_pending;   /* not started yet, or running now */
} ProprioPlanProgress;

#define PROPRIO_TYPE_PLAN_RUN (proprio_plan_run_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlanRun, proprio_plan_run, PROPRIO, PLAN_RUN, GObject)

ProprioPlanRun       *proprio_plan_run_new              (ProprioStation   *station);
ProprioStation       *proprio_plan_run_get_station      (ProprioPlanRun   *self);

/* The plan to run next (while no run is active); start () uses it. */
void                  proprio_plan_run_set_plan         (ProprioPlanRun   *self,
                                                         ProprioPlan      *plan);
ProprioPlan          *proprio_plan_run_get_plan         (ProprioPlanRun   *self);

/* Starts the plan at step `first` (0: the beginning), clearing the last run's progress. FALSE
 * with an error when a run is active (BUSY), there is no plan or it has no steps (NO_STEPS). A
 * first step that cannot start is not an error: it is FAILED and the run is active on it. */
gboolean              proprio_plan_run_start            (ProprioPlanRun   *self,
                                                         guint             first,
                                                         GError          **error);
gboolean              proprio_plan_run_next             (ProprioPlanRun   *self);
gboolean              proprio_plan_run_previous         (ProprioPlanRun   *self);
gboolean              proprio_plan_run_skip             (ProprioPlanRun   *self);
gboolean              proprio_plan_run_repeat           (ProprioPlanRun   *self);
gboolean              proprio_plan_run_toggle           (ProprioPlanRun   *self);
gboolean              proprio_plan_run_stop             (ProprioPlanRun   *self);
/* Stops the running step (STOPPED) and stays on it (Escape); FALSE when no step runs. */
gboolean              proprio_plan_run_stop_step        (ProprioPlanRun   *self);
/* Goes to step `index` and starts it (a step chosen in the list). */
gboolean              proprio_plan_run_go_to            (ProprioPlanRun   *self,
                                                         guint             index);

gboolean              proprio_plan_run_is_active        (ProprioPlanRun   *self);
/* The current step's index, or -1. */
int                   proprio_plan_run_get_current      (ProprioPlanRun   *self);
ProprioPlanStep      *proprio_plan_run_get_current_step (ProprioPlanRun   *self);
/* What next () would go to, or NULL at the last step. */
ProprioPlanStep      *proprio_plan_run_get_next_step    (ProprioPlanRun   *self);
/* TRUE while the current step is a timed rest (a pause, or a pacer without its engine). */
gboolean              proprio_plan_run_is_resting       (ProprioPlanRun   *self);
/* Seconds left of the current rest at `now_us` (≥ 0), or -1 when no rest runs. */
double                proprio_plan_run_get_rest_left    (ProprioPlanRun   *self,
                                                         gint64            now_us);
/* Ends a rest whose time is up at `now_us`; the run's timer calls it, and so can a test. */
void                  proprio_plan_run_tick             (ProprioPlanRun   *self,
                                                         gint64            now_us);

ProprioPlanStepState  proprio_plan_run_get_step_state   (ProprioPlanRun   *self,
                                                         ProprioPlanStep  *step);
/* Why the step failed or what stopped it, or NULL. */
const char           *proprio_plan_run_get_step_message (ProprioPlanRun   *self,
                                                         ProprioPlanStep  *step);
/* The result of the step's last run (an exercise step), or NULL. */
ProprioExerciseResult *proprio_plan_run_get_step_result (ProprioPlanRun   *self,
                                                         ProprioPlanStep  *step);
/* How many times the step started in this run (repeats included). */
guint                 proprio_plan_run_get_step_runs    (ProprioPlanRun   *self,
                                                         ProprioPlanStep  *step);
void                  proprio_plan_run_get_progress     (ProprioPlanRun   *self,
                                                         ProprioPlanProgress *progress);
/* Whether `step` would start as far as the plan can tell without starting it: its engine exists
 * and accepts its settings (applied, then the engine's own given back). Whether a device for it
 * is connected is not checked. FALSE with BUSY while that engine runs. */
gboolean              proprio_plan_run_check_step       (ProprioPlanRun   *self,
                                                         ProprioPlanStep  *step,
                                                         GError          **error);
/* The run as JSON, for a session's records: the plan's title, then per step its title, kind,
 * exercise, state, message, note and result (proprio_exercise_result_to_json ()). */
char                 *proprio_plan_run_to_json          (ProprioPlanRun   *self);

G_END_DECLS
