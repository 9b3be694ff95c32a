/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A session plan: the exercises of a session in order, as a therapist prepares it once and runs
 * it with many patients (a template is a saved plan). GLib only; ProprioPlanRun runs one on the
 * station, ProprioPlanLibrary keeps them on disk.
 *
 * ProprioPlanStep: one step.
 *   kind        EXERCISE (an engine of the station by its id, with settings), PAUSE (a timed
 *               rest) or PACER (tempo or breathing pacing for `seconds`: run by the engine of
 *               `exercise-id` when the station has one, else as a timed rest with a countdown).
 *   exercise-id the engine's id ("static-test"; for a pacer the pacer's id), "" for a pause.
 *   settings    a{sv} for the engine's apply_settings (): only the keys the step fixes. Read from
 *               a file its values have JSON's types; ProprioPlanRun gives them the engine's types.
 *   title       what the patient and the therapist read ("Eyes closed, 30 s"); "" lets the view
 *               use the exercise's own title.
 *   note        the therapist's note for this step (cues, what to watch), editable while running.
 *   seconds     the length of a pause or pacer step (PROPRIO_PLAN_MIN_SECONDS–MAX); 0 otherwise.
 *
 * ProprioPlan: title, notes, an "example" flag (the examples shipped with Proprio are read-only:
 * duplicate one to edit it) and the steps (a GListModel of ProprioPlanStep). "changed" is emitted
 * after any change to the plan or one of its steps, so a library can save it.
 *
 * The file form (proprio_plan_to_json ()), UTF-8 JSON:
 *   { "format": "proprio-plan", "version": 1, "title": "…", "notes": "…", "example": false,
 *     "steps": [ { "kind": "exercise", "exercise": "static-test", "title": "…", "note": "…",
 *                  "settings": { "conditions": ["eyes-open"], "duration-s": 30 } },
 *                { "kind": "pause", "seconds": 60, "title": "Rest", "note": "" } ] }
 * Keys a reader does not know are an error (a typo must not pass as a default). */

#define PROPRIO_PLAN_FORMAT        "proprio-plan"
#define PROPRIO_PLAN_VERSION       1
#define PROPRIO_PLAN_MAX_STEPS     200
#define PROPRIO_PLAN_MAX_TEXT      10000      /* characters in a title or a note */
#define PROPRIO_PLAN_MIN_SECONDS   0.1
#define PROPRIO_PLAN_MAX_SECONDS   7200.0

#define PROPRIO_PLAN_ERROR (proprio_plan_error_quark ())

typedef enum
{
  PROPRIO_PLAN_ERROR_PARSE,          /* not JSON, or not a plan */
  PROPRIO_PLAN_ERROR_VERSION,        /* written by a newer Proprio */
  PROPRIO_PLAN_ERROR_FOREIGN_FILE,   /* the file on disk is not the one Proprio wrote */
  PROPRIO_PLAN_ERROR_READ_ONLY,      /* an example */
  PROPRIO_PLAN_ERROR_NO_STEPS,       /* nothing to run */
  PROPRIO_PLAN_ERROR_BUSY,           /* a plan runs already */
  PROPRIO_PLAN_ERROR_STEP,           /* a step could not start (see its message) */
} ProprioPlanError;

typedef enum
{
  PROPRIO_PLAN_STEP_EXERCISE,
  PROPRIO_PLAN_STEP_PAUSE,
  PROPRIO_PLAN_STEP_PACER,
} ProprioPlanStepKind;

GQuark      proprio_plan_error_quark            (void);
GType       proprio_plan_step_kind_get_type     (void) G_GNUC_CONST;
#define PROPRIO_TYPE_PLAN_STEP_KIND (proprio_plan_step_kind_get_type ())
/* "exercise", "pause", "pacer" (for files; never translated). */
const char *proprio_plan_step_kind_to_string    (ProprioPlanStepKind  kind);
gboolean    proprio_plan_step_kind_from_string  (const char          *text,
                                                 ProprioPlanStepKind *kind);

/* Settings keys that describe the set-up rather than the exercise (the board's size, limits and
 * MVCs measured on this patient, the analysis filter of the preferences, the EMG channel names of
 * this device): a step made from an engine's current settings leaves them out, so a plan run
 * with another patient or board uses theirs. */
gboolean    proprio_plan_is_setup_key           (const char          *key);

/* ---- steps ---- */

#define PROPRIO_TYPE_PLAN_STEP (proprio_plan_step_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlanStep, proprio_plan_step, PROPRIO, PLAN_STEP, GObject)

/* `settings` a{sv} or NULL (none); floating references are sunk. Set-up keys are kept: use
 * proprio_plan_step_new_from_engine_settings () for an engine's current settings. */
ProprioPlanStep    *proprio_plan_step_new_exercise     (const char       *exercise_id,
                                                        GVariant         *settings,
                                                        const char       *title);
/* An engine's get_settings () without the set-up keys. */
ProprioPlanStep    *proprio_plan_step_new_from_engine_settings (const char *exercise_id,
                                                                GVariant   *settings,
                                                                const char *title);
ProprioPlanStep    *proprio_plan_step_new_pause        (double            seconds,
                                                        const char       *title);
/* `pacer_id` the pacer engine's id ("" or NULL: none yet, a timed rest). */
ProprioPlanStep    *proprio_plan_step_new_pacer        (const char       *pacer_id,
                                                        double            seconds,
                                                        GVariant         *settings,
                                                        const char       *title);
ProprioPlanStep    *proprio_plan_step_copy             (ProprioPlanStep  *self);

ProprioPlanStepKind proprio_plan_step_get_kind         (ProprioPlanStep  *self);
const char         *proprio_plan_step_get_exercise_id  (ProprioPlanStep  *self);
/* a{sv}, owned by the step. */
GVariant           *proprio_plan_step_get_settings     (ProprioPlanStep  *self);
void                proprio_plan_step_set_settings     (ProprioPlanStep  *self,
                                                        GVariant         *settings);
const char         *proprio_plan_step_get_title        (ProprioPlanStep  *self);
void                proprio_plan_step_set_title        (ProprioPlanStep  *self,
                                                        const char       *title);
const char         *proprio_plan_step_get_note         (ProprioPlanStep  *self);
void                proprio_plan_step_set_note         (ProprioPlanStep  *self,
                                                        const char       *note);
double              proprio_plan_step_get_seconds      (ProprioPlanStep  *self);
/* Clamped to PROPRIO_PLAN_MIN_SECONDS–MAX; ignored for exercise steps. */
void                proprio_plan_step_set_seconds      (ProprioPlanStep  *self,
                                                        double            seconds);
/* A pause, or a pacer step: timed by the plan (unless a pacer engine runs it). */
gboolean            proprio_plan_step_is_timed         (ProprioPlanStep  *self);

/* ---- plans ---- */

#define PROPRIO_TYPE_PLAN (proprio_plan_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlan, proprio_plan, PROPRIO, PLAN, GObject)

ProprioPlan     *proprio_plan_new          (const char       *title);
/* A plan from its file form; `example` marks it read-only whatever the file says. */
ProprioPlan     *proprio_plan_new_from_json (const char      *text,
                                             gssize           length,
                                             gboolean         example,
                                             GError         **error);
/* The file form: pretty-printed JSON ending in a newline. */
char            *proprio_plan_to_json      (ProprioPlan      *self);
/* An editable copy (never an example) with copies of the steps and the same title. */
ProprioPlan     *proprio_plan_duplicate    (ProprioPlan      *self);

/* The library's name for it (a file name without ".json"), or NULL while it has none. */
const char      *proprio_plan_get_id       (ProprioPlan      *self);
void             proprio_plan_set_id       (ProprioPlan      *self,
                                            const char       *id);
const char      *proprio_plan_get_title    (ProprioPlan      *self);
void             proprio_plan_set_title    (ProprioPlan      *self,
                                            const char       *title);
const char      *proprio_plan_get_notes    (ProprioPlan      *self);
void             proprio_plan_set_notes    (ProprioPlan      *self,
                                            const char       *notes);
gboolean         proprio_plan_is_example   (ProprioPlan      *self);

/* Of ProprioPlanStep, in order. Change the steps with the functions below (not the model). */
GListModel      *proprio_plan_get_steps    (ProprioPlan      *self);
guint            proprio_plan_get_n_steps  (ProprioPlan      *self);
/* Borrowed, or NULL past the end. */
ProprioPlanStep *proprio_plan_get_step     (ProprioPlan      *self,
                                            guint             index);
/* Index of `step`, or -1. */
int              proprio_plan_find_step    (ProprioPlan      *self,
                                            ProprioPlanStep  *step);
/* At `index` (past the end: appended). Refused (FALSE) on an example or beyond
 * PROPRIO_PLAN_MAX_STEPS. */
gboolean         proprio_plan_insert_step  (ProprioPlan      *self,
                                            guint             index,
                                            ProprioPlanStep  *step);
gboolean         proprio_plan_append_step  (ProprioPlan      *self,
                                            ProprioPlanStep  *step);
gboolean         proprio_plan_remove_step  (ProprioPlan      *self,
                                            guint             index);
gboolean         proprio_plan_move_step    (ProprioPlan      *self,
                                            guint             from,
                                            guint             to);
/* The planned seconds of the timed steps (exercises last as long as the patient needs). */
double           proprio_plan_get_timed_seconds (ProprioPlan *self);

G_END_DECLS
