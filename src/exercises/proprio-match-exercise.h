/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-exercise.h"

G_BEGIN_DECLS

/* ProprioMatchExercise: the position-matching protocol shared by joint-position matching (one
 * axis, degrees: ProprioJpsProtocol) and centre-of-pressure position matching (two axes, mm:
 * ProprioCopMatching). The patient learns a target position with feedback, then reproduces it
 * without; the error between the two tells how well the brain knows where the body is.
 *
 * Targets and order: a list of target positions, each presented `trials-per-target` times, in one
 * of three orders: "blocked" (all trials of the first target, then the next: 1 1 1 2 2 2),
 * "cycled" (the list in turn: 1 2 1 2 1 2) or "random" (the whole sequence shuffled with
 * `random-seed`, Fisher–Yates on GLib's Mersenne Twister: the same seed gives the same order).
 *
 * A trial:
 *   MEMORISE   the target is shown with live feedback (CUE event, "Move to the target", then
 *              "Memorise this position"). "timed": the phase lasts `memorise-s`; "at-target":
 *              it ends once the position has stayed within `tolerance` of the target for
 *              `memorise-s` without a break. register () ends it early (the therapist moves on).
 *              The memorised position is the mean of the last still stretch (see below) at its
 *              end (TARGET_HIT event).
 *   RETURN     feedback hidden, back to the start position for `return-s` ("Eyes closed — back to
 *              the start", or "Back to the start" where the class does not close the eyes);
 *              skipped when 0.
 *   REPRODUCE  feedback hidden (START event, "Eyes closed — reproduce the position"). The position
 *              is registered (STOP event) by register () (the therapist's key: the latest position)
 *              or, with `register` = "still", automatically once the patient has moved at least
 *              `min-movement` away from where the phase began and then held still: within
 *              `still-range` (on each axis) for `still-s` (core/proprio-stillness.h); the
 *              registered position is the mean of that still stretch. "Hold still…" while a stretch
 *              builds up. Nothing registered within `reproduce-timeout-s`: the trial is invalid.
 *   RESULT     knowledge of results, when the schedule gives it for this trial: feedback shown
 *              again with the target and the registered position for `feedback-s` ("Registered:
 *              43°, target 45°"). Otherwise the prompt says "Registered" and the rest follows.
 *   REST       `rest-s` before the next trial ("Rest"); the last trial ends after its RESULT.
 * The whole run: WAITING for the first position → COUNTDOWN (`countdown-s`, a COUNTDOWN event
 * per second) → the trials → DONE. The phase is RUNNING throughout the trials; the stage tells
 * them apart (proprio_match_exercise_get_stage ()). Times are anchored on the samples' times;
 * ticks close timed stages a little after their end (samples may still be on their way).
 *
 * Invalid trials (never scored, listed with their reason, TARGET_MISSED event): no position for
 * more than PROPRIO_MATCH_LOST_US during MEMORISE or REPRODUCE (NaN angles: a lost marker; no
 * CoP: off the board; or no samples at all: a source that stopped), register () while there is
 * no position (none, or the latest older than PROPRIO_MATCH_MAX_GAP_US), or the reproduce
 * timeout. An invalid trial is not repeated; the sequence goes on.
 *
 * Knowledge of results (KR) after each trial: "always", "never" or "faded". Faded: the trials
 * are cut into blocks of `faded-block` trials (1–6, 7–12, … for 6), block b giving KR after
 * `faded-percent`[b] % of its trials (the last percentage holds for any later block); in a block
 * of n trials with p %, k = round (n · p / 100) trials get it, trial j of the block (from 0) when
 * ⌈(j + 1) · k / n⌉ > ⌈j · k / n⌉: the first trial of the block first, the others spread evenly.
 * E.g. 6 trials, blocks of 2, 100 / 50 / 0 %: KR after trials 1, 2 and 3.
 * proprio_match_feedback_given () computes it for the page's preview.
 *
 * Positions: a STREAM of samples (a goniometer, the tracked markers, the board: everything above),
 * or STILLS: one position measured per registration, at its own time (three points a therapist
 * places on a frozen video frame), handed over by register_sample (). With stills nothing waits
 * for a live position and no trial is lost for want of one: the countdown begins with the first
 * tick after the start, memorising is timed ("at-target" needs a live position), and the
 * reproduction has no timeout (the therapist ends it by registering, or stops the run).
 *
 * Movement: "active" (the patient moves) or "passive" (the therapist moves the limb or guides
 * the patient, the patient says when it is there): the engine runs the same, only the prompts
 * differ; the choice is part of the run's settings and results.
 *
 * Settings (proprio_exercise_get_settings () / apply_settings ()), where <u> is the unit of the
 * subclass ("deg" or "mm") and the target list key is the subclass's:
 *   "trials-per-target" u (1–20)   "order" s   "random-seed" u   "movement" s ("active",
 *   "passive")   "memorise" s ("timed", "at-target")   "memorise-s" d   "tolerance-<u>" d
 *   "return-s" d   "register" s ("still", "key")   "still-range-<u>" d   "still-s" d
 *   "min-movement-<u>" d   "reproduce-timeout-s" d   "feedback" s ("always", "never",
 *   "faded")   "faded-percent" ad   "faded-block" u   "feedback-s" d   "rest-s" d
 *   "countdown-s" d   "start-<u>" (the start position: d, or (dd) for two axes)
 * Results (keys of the base; each subclass adds its metrics): "movement" s, "positions" s
 *   ("stream", "stills"), "n-trials" u,
 *   "n-valid" u, "trials" aa{sv} with "trial" u (from 1), "target-index" u (from 0),
 *   "valid" b, "invalid-reason" s ("", "lost", "no-position", "timeout"), "feedback-given" b,
 *   "registered-by" s ("key", "still", "" when invalid), "presented-us" x, "registered-us" x
 *   (0 when invalid), "reproduce-time-s" d (reproduce cue → registration, NaN when invalid),
 *   and the subclass's positions and errors. */

/* No position for longer than this during a trial makes it invalid. */
#define PROPRIO_MATCH_LOST_US G_GINT64_CONSTANT (1000000)
/* A position older than this is no longer current (a key press then registers nothing). */
#define PROPRIO_MATCH_MAX_GAP_US G_GINT64_CONSTANT (250000)
#define PROPRIO_MATCH_MAX_TARGETS 12
#define PROPRIO_MATCH_MAX_BLOCKS 20

typedef enum
{
  PROPRIO_MATCH_STAGE_NONE,       /* not started, waiting for a position, or ended */
  PROPRIO_MATCH_STAGE_COUNTDOWN,
  PROPRIO_MATCH_STAGE_MEMORISE,
  PROPRIO_MATCH_STAGE_RETURN,
  PROPRIO_MATCH_STAGE_REPRODUCE,
  PROPRIO_MATCH_STAGE_RESULT,
  PROPRIO_MATCH_STAGE_REST,
} ProprioMatchStage;

typedef enum
{
  PROPRIO_MATCH_ORDER_BLOCKED,
  PROPRIO_MATCH_ORDER_CYCLED,
  PROPRIO_MATCH_ORDER_RANDOM,
} ProprioMatchOrder;

typedef enum
{
  PROPRIO_MATCH_MEMORISE_TIMED,
  PROPRIO_MATCH_MEMORISE_AT_TARGET,
} ProprioMatchMemorise;

typedef enum
{
  PROPRIO_MATCH_REGISTER_STILL,   /* automatically when still (the key works too) */
  PROPRIO_MATCH_REGISTER_KEY,     /* only by register () */
} ProprioMatchRegister;

typedef enum
{
  PROPRIO_MATCH_POSITIONS_STREAM,  /* samples keep coming (the default) */
  PROPRIO_MATCH_POSITIONS_STILLS,  /* one measured position per registration */
} ProprioMatchPositions;

typedef enum
{
  PROPRIO_MATCH_FEEDBACK_ALWAYS,
  PROPRIO_MATCH_FEEDBACK_NEVER,
  PROPRIO_MATCH_FEEDBACK_FADED,
} ProprioMatchFeedback;

typedef enum
{
  PROPRIO_MATCH_ACTIVE,
  PROPRIO_MATCH_PASSIVE,
} ProprioMatchMovement;

typedef enum
{
  PROPRIO_MATCH_VALID,
  PROPRIO_MATCH_INVALID_LOST,         /* no position for over a second */
  PROPRIO_MATCH_INVALID_NO_POSITION,  /* register () without a current position */
  PROPRIO_MATCH_INVALID_TIMEOUT,      /* nothing registered in time */
} ProprioMatchValidity;

typedef enum
{
  PROPRIO_MATCH_REGISTERED_NONE,
  PROPRIO_MATCH_REGISTERED_KEY,
  PROPRIO_MATCH_REGISTERED_STILL,
} ProprioMatchRegistration;

/* One trial. Positions are in the subclass's unit; [1] is unused (0) for one axis. */
typedef struct
{
  guint                    index;           /* from 1, in presentation order */
  guint                    target_index;    /* into the run's targets, from 0 */
  double                   target[2];       /* as presented, so a trial stays readable */
  double                   memorised[2];    /* held at the end of MEMORISE; NaN when unknown */
  double                   reproduced[2];   /* NaN when invalid */
  double                   error[2];        /* reproduced − target; NaN when invalid */
  double                   distance;        /* |error| (one axis) or the radial error */
  ProprioMatchValidity     validity;
  ProprioMatchRegistration registered_by;
  gboolean                 feedback_given;  /* KR shown after it */
  gint64                   presented_us;    /* MEMORISE began */
  gint64                   reproduce_us;    /* REPRODUCE began (0 when it never did) */
  gint64                   registered_us;   /* 0 when invalid */
} ProprioMatchTrial;

/* What a view draws now. */
typedef struct
{
  ProprioMatchStage stage;
  guint             trial;            /* the trial in progress or last ended, from 1; 0 before */
  guint             n_trials;
  int               target_index;     /* of that trial, -1 before */
  gboolean          show_target;      /* MEMORISE, and RESULT with KR */
  double            target[2];
  double            tolerance;
  gboolean          at_target;        /* MEMORISE: within the tolerance now */
  double            memorise_progress; /* 0..1 of the memorise time */
  gboolean          show_registered;  /* RESULT: the registered position next to the target */
  double            registered[2];
  double            still_progress;   /* REPRODUCE: 0..1 of still-s held after moving */
  gboolean          has_position;     /* the latest sample had one */
  double            position[2];
  double            start[2];         /* the start position */
} ProprioMatchDisplay;

#define PROPRIO_TYPE_MATCH_EXERCISE (proprio_match_exercise_get_type ())
G_DECLARE_DERIVABLE_TYPE (ProprioMatchExercise, proprio_match_exercise,
                          PROPRIO, MATCH_EXERCISE, ProprioExercise)

struct _ProprioMatchExerciseClass
{
  ProprioExerciseClass parent_class;

  /* Set in class_init. */
  guint        n_dims;          /* 1 or 2 */
  const char  *unit;            /* "deg", "mm": the settings' key suffix */
  const char  *targets_key;     /* "targets-deg" (ad), "targets-mm" (a(dd)) */
  /* The prompts of RETURN and REPRODUCE say "Eyes closed — …" (joint angles; default TRUE), or
   * only what to do (the CoP: the dot is hidden, the eyes may stay open). */
  gboolean     eyes_closed;

  /* The position a sample carries: FALSE for a sample that is not valid for the stream (counted);
   * TRUE with NaN in `position` when it has none (a lost marker, nobody on the board). */
  gboolean   (*sample_position) (ProprioMatchExercise    *self,
                                 const ProprioSample     *sample,
                                 double                  *position);
  /* Translated texts: "43°", "12 mm right, 30 mm forward". */
  char      *(*format_position) (ProprioMatchExercise    *self,
                                 const double            *position);
  /* The prompt of RESULT with KR: "Registered: 43°, target 45°". */
  char      *(*format_result)   (ProprioMatchExercise    *self,
                                 const ProprioMatchTrial *trial);
  /* "Waiting for the angle signal", "Step onto the board". */
  const char *(*waiting_prompt) (ProprioMatchExercise    *self);
  /* The subclass's figures: per trial (positions, errors) and for the run (metrics). */
  void       (*add_trial_results) (ProprioMatchExercise    *self,
                                   const ProprioMatchTrial *trial,
                                   GVariantDict            *dict);
  void       (*add_results)     (ProprioMatchExercise    *self,
                                 GVariantDict            *dict);

  gpointer padding[6];
};

/* Configuration for the next start (): refused with a warning while the exercise runs. Positions
 * are n_dims values each. At least one target, at most PROPRIO_MATCH_MAX_TARGETS. */
void     proprio_match_exercise_set_targets           (ProprioMatchExercise *self,
                                                       const double         *positions,
                                                       guint                 n_targets);
guint    proprio_match_exercise_get_n_targets         (ProprioMatchExercise *self);
/* The configured target `index` (n_dims values). */
void     proprio_match_exercise_get_target            (ProprioMatchExercise *self,
                                                       guint                 index,
                                                       double               *position);
void     proprio_match_exercise_set_trials_per_target (ProprioMatchExercise *self,
                                                       guint                 trials);
guint    proprio_match_exercise_get_trials_per_target (ProprioMatchExercise *self);
void     proprio_match_exercise_set_order             (ProprioMatchExercise *self,
                                                       ProprioMatchOrder     order,
                                                       guint32               seed);
void     proprio_match_exercise_set_movement          (ProprioMatchExercise *self,
                                                       ProprioMatchMovement  movement);
void     proprio_match_exercise_set_memorise          (ProprioMatchExercise *self,
                                                       ProprioMatchMemorise  mode,
                                                       double                seconds,
                                                       double                tolerance);
void     proprio_match_exercise_set_register          (ProprioMatchExercise *self,
                                                       ProprioMatchRegister  mode,
                                                       double                still_range,
                                                       double                still_s,
                                                       double                min_movement);
/* KR: `percents` (0–100 each, 1–PROPRIO_MATCH_MAX_BLOCKS of them) and `block` (trials per
 * block) are used by FADED only; NULL / 0 keep the current ones. */
void     proprio_match_exercise_set_feedback          (ProprioMatchExercise *self,
                                                       ProprioMatchFeedback  mode,
                                                       const double         *percents,
                                                       guint                 n_percents,
                                                       guint                 block);
/* Durations in seconds: countdown 0–10, return 0–30, reproduce timeout 2–120, KR display 0.5–30,
 * rest 0–60. */
void     proprio_match_exercise_set_timing            (ProprioMatchExercise *self,
                                                       double                countdown_s,
                                                       double                return_s,
                                                       double                timeout_s,
                                                       double                feedback_s,
                                                       double                rest_s);
void     proprio_match_exercise_set_start             (ProprioMatchExercise *self,
                                                       const double         *position);
/* Where positions come from (see "Positions" above); set by whoever runs the exercise with its
 * source (the station), not a setting of the protocol. */
void     proprio_match_exercise_set_positions         (ProprioMatchExercise *self,
                                                       ProprioMatchPositions positions);
ProprioMatchPositions
         proprio_match_exercise_get_positions         (ProprioMatchExercise *self);

/* Registers the reproduction now (REPRODUCE: the latest position, or an invalid trial when there
 * is none) or ends MEMORISE early. FALSE (nothing happens) in any other stage, and in REPRODUCE
 * with STILLS (there is no latest position: register_sample () brings it). */
gboolean proprio_match_exercise_register              (ProprioMatchExercise *self);
/* Registers the position @sample carries, measured at its time (a frozen frame's), as a key
 * press would register the latest one: in REPRODUCE the trial's reproduction (registered-us is
 * the sample's time; what follows starts now), in MEMORISE the memorised position (and the
 * memorising ends). FALSE, and nothing happens, in any other stage, for a sample without a
 * valid position, or one measured before the stage began (a frame frozen too early). */
gboolean proprio_match_exercise_register_sample       (ProprioMatchExercise *self,
                                                       const ProprioSample  *sample);
/* TRUE while register () would do something. */
gboolean proprio_match_exercise_can_register          (ProprioMatchExercise *self);

ProprioMatchStage
         proprio_match_exercise_get_stage             (ProprioMatchExercise *self);
ProprioMatchMovement
         proprio_match_exercise_get_run_movement      (ProprioMatchExercise *self);
void     proprio_match_exercise_get_display           (ProprioMatchExercise *self,
                                                       ProprioMatchDisplay  *out);
/* The run's sequence: the target index of each trial, and the number of trials. */
guint    proprio_match_exercise_get_n_planned         (ProprioMatchExercise *self);
guint    proprio_match_exercise_get_planned_target    (ProprioMatchExercise *self,
                                                       guint                 trial_index);
/* The run's targets (copied at start): n_dims values each. */
guint    proprio_match_exercise_get_n_run_targets     (ProprioMatchExercise *self);
void     proprio_match_exercise_get_run_target        (ProprioMatchExercise *self,
                                                       guint                 index,
                                                       double               *position);
guint    proprio_match_exercise_get_n_trials          (ProprioMatchExercise *self);
const ProprioMatchTrial *
         proprio_match_exercise_get_trial             (ProprioMatchExercise *self,
                                                       guint                 index);
guint    proprio_match_exercise_get_n_valid           (ProprioMatchExercise *self);

/* Whether trial `trial_index` (from 0) of `n_trials` gets knowledge of results (see above). */
gboolean proprio_match_feedback_given                 (ProprioMatchFeedback  mode,
                                                       const double         *percents,
                                                       guint                 n_percents,
                                                       guint                 block,
                                                       guint                 trial_index,
                                                       guint                 n_trials);
/* "lost", "no-position", "timeout", "" (never translated), and a sentence for the therapist. */
const char *proprio_match_validity_to_string          (ProprioMatchValidity  validity);
const char *proprio_match_validity_describe           (ProprioMatchValidity  validity);

G_END_DECLS
