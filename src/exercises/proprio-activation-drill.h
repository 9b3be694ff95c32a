/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-exercise.h"

G_BEGIN_DECLS

/* EMG activation drill: work / rest cycles on the envelope of one or two muscles.
 *
 * Muscles: the *target* (the muscle to wake up) and the *quiet* one (the muscle that must stay
 * quiet: an overactive or compensating muscle, e.g. the upper trapezius). Each is configured with
 * the index, in the EMG sample, of its envelope channel (the processing stage appends one
 * "<raw name>_env" channel per electrode after the raw channels), its MVC in the envelope's unit
 * (0: none) and its electrode (0-based EMG channel, Cyton channel 1 = 0: what a simulated sleeve
 * activates, and what a view names). With an MVC a muscle's values, band and threshold are in
 * %MVC (100 · envelope / MVC); without one they are in the envelope's own unit (µV on Proprio's
 * EMG devices), and the settings say so ("target-unit", "quiet-unit").
 *
 * Modes:
 *   activate  the target must reach the band [lower, upper] and hold it;
 *   inhibit   the quiet muscle must stay below its threshold (rewarded for quiet);
 *   dual      the target in its band while the quiet muscle stays below its threshold, together.
 * A rep succeeds when its criterion (activate: target in band; inhibit: quiet muscle below the
 * threshold; dual: both at once) held for at least `success-percent` (default 50 %) of the work
 * time, in total (not necessarily in one stretch: patients with weak muscles lose and find the
 * band again, and a single drop must not void the rep).
 *
 * Run: WAITING until the first sample → COUNTDOWN (default 3 s, anchored at that sample, a
 * COUNTDOWN event each second) → `repetitions` times: work (START event, "Work — squeeze" /
 * "Keep it quiet"), then rest (STOP event, "Rest"), except that the last work ends the drill
 * (STOP, then DONE). Work and rest are timed from the schedule, not from the samples: rep k's work
 * starts at countdown end + k · (work + rest). The phase is RUNNING during work and rest
 * (proprio_activation_drill_get_stage () tells them apart); get_time_left () is the time left in
 * the countdown, the work or the rest.
 *
 * Time: each sample's state (in band or not) holds until the next sample (at most
 * PROPRIO_ACTIVATION_MAX_HOLD_US: across a longer gap nothing is credited), and only the part
 * inside the work window counts, so scripted samples give exact times. Time to band = the first
 * instant the target is in band in the work window − the work cue (0 when it already was at the
 * cue); TARGET_HIT is emitted then. Inhibit has no band to reach: no time to band, no TARGET_HIT.
 * Peak and mean are over the samples inside the work window, of the target (inhibit: of the quiet
 * muscle). Co-activation (dual): the quiet muscle's mean during work and the ratio target mean /
 * quiet mean (both in their own units).
 *
 * Summary: reps done, successes, mean time in band (s and % of the work time), and fatigue: the
 * least-squares slope of the reps' peaks against the rep number (per rep, in the target's unit;
 * negative: the peak falls rep after rep), NaN with fewer than two reps.
 *
 * Settings (proprio_exercise_get_settings () / apply_settings ()):
 *   "mode" s ("activate", "inhibit", "dual")
 *   "work-s" d   "rest-s" d   "repetitions" u   "countdown-s" d
 *   "band-lower" d   "band-upper" d   (the target's band, in the target's unit; lower < upper)
 *   "threshold" d    (the quiet muscle's ceiling, in its unit)
 *   "success-percent" d (1–100)
 *   "target-channel" u  "target-mvc" d (0: none)  "target-electrode" u  "target-unit" s
 *   "quiet-channel" u   "quiet-mvc" d  (0: none)  "quiet-electrode" u   "quiet-unit" s
 *   The unit keys ("%MVC" or "uV") follow from the MVCs: given to apply_settings () they must
 *   agree with them.
 * Results: "unit" s, "quiet-unit" s, "reps" aa{sv} ("rep" u (from 1), "work-start-us" x,
 *   "time-to-band-s" d (NaN: never reached, or inhibit), "time-in-band-s" d,
 *   "time-in-band-percent" d, "peak" d, "mean" d, "quiet-mean" d, "coactivation-ratio" d (NaN
 *   outside dual), "success" b), "summary" a{sv} ("n-reps" u, "n-successes" u,
 *   "mean-time-in-band-s" d, "mean-time-in-band-percent" d, "fatigue-slope-per-rep" d). */

/* Across a gap longer than this (a lost packet burst, an unplugged sleeve) no time is credited. */
#define PROPRIO_ACTIVATION_MAX_HOLD_US G_GINT64_CONSTANT (250000)
/* The time constant of the display smoothing (get_feedback ()'s value). */
#define PROPRIO_ACTIVATION_DISPLAY_TAU_S 0.15

typedef enum
{
  PROPRIO_ACTIVATION_ACTIVATE,
  PROPRIO_ACTIVATION_INHIBIT,
  PROPRIO_ACTIVATION_DUAL,
} ProprioActivationMode;

typedef enum
{
  PROPRIO_ACTIVATION_TARGET,  /* the muscle to activate */
  PROPRIO_ACTIVATION_QUIET,   /* the muscle to keep quiet */
} ProprioActivationMuscle;

typedef enum
{
  PROPRIO_ACTIVATION_STAGE_NONE,       /* not started, waiting, or ended */
  PROPRIO_ACTIVATION_STAGE_COUNTDOWN,
  PROPRIO_ACTIVATION_STAGE_WORK,
  PROPRIO_ACTIVATION_STAGE_REST,
} ProprioActivationStage;

typedef struct
{
  guint    rep;                   /* from 1 */
  gint64   work_start_us;
  double   time_to_band_s;        /* NaN: not reached (or inhibit) */
  double   time_in_band_s;        /* the criterion's time */
  double   time_in_band_percent;  /* of the work time */
  double   peak;                  /* target (inhibit: quiet muscle), its unit */
  double   mean;
  double   quiet_mean;            /* quiet muscle during work (inhibit, dual), else NaN */
  double   coactivation_ratio;    /* dual: mean / quiet_mean, else NaN */
  gboolean success;
} ProprioActivationRep;

typedef struct
{
  guint  n_reps;
  guint  n_successes;
  double mean_time_in_band_s;        /* NaN without reps */
  double mean_time_in_band_percent;
  double fatigue_slope_per_rep;      /* NaN with fewer than two reps */
} ProprioActivationSummary;

/* What the page draws for one muscle. */
typedef struct
{
  gboolean used;       /* the mode uses this muscle */
  gboolean has_mvc;    /* values in %MVC, else in the envelope's unit (µV) */
  gboolean has_value;  /* a sample came since start () */
  double   value;      /* smoothed for display (τ = PROPRIO_ACTIVATION_DISPLAY_TAU_S) */
  gboolean in_band;    /* the latest sample: target within the band, quiet below the threshold */
  double   lower;      /* target: the band; quiet: 0 … threshold */
  double   upper;
  double   threshold;  /* the quiet muscle's ceiling (also given for the target) */
} ProprioActivationFeedback;

#define PROPRIO_TYPE_ACTIVATION_DRILL (proprio_activation_drill_get_type ())
G_DECLARE_FINAL_TYPE (ProprioActivationDrill, proprio_activation_drill,
                      PROPRIO, ACTIVATION_DRILL, ProprioExercise)

ProprioActivationDrill *proprio_activation_drill_new (void);

/* Configuration for the next start (): refused with a warning while the drill runs. */
void     proprio_activation_drill_set_mode           (ProprioActivationDrill  *self,
                                                      ProprioActivationMode    mode);
ProprioActivationMode
         proprio_activation_drill_get_mode           (ProprioActivationDrill  *self);
/* Default 10 s work, 10 s rest, 10 repetitions. */
void     proprio_activation_drill_set_timing         (ProprioActivationDrill  *self,
                                                      double                   work_s,
                                                      double                   rest_s,
                                                      guint                    repetitions);
void     proprio_activation_drill_set_countdown      (ProprioActivationDrill  *self,
                                                      double                   seconds);
/* The target's band, in its unit (default 30–50 %MVC, or µV without an MVC). */
void     proprio_activation_drill_set_band           (ProprioActivationDrill  *self,
                                                      double                   lower,
                                                      double                   upper);
/* The quiet muscle's ceiling, in its unit (default 10). */
void     proprio_activation_drill_set_threshold      (ProprioActivationDrill  *self,
                                                      double                   threshold);
void     proprio_activation_drill_set_success_percent (ProprioActivationDrill *self,
                                                      double                   percent);
/* `channel`: the sample index of the muscle's envelope; `mvc`: in the envelope's unit, 0 for
 * none; `electrode`: 0-based EMG channel (for the simulator and labels). Defaults: target
 * channel 1, electrode 0; quiet channel 2, electrode 1; no MVCs. */
void     proprio_activation_drill_set_muscle         (ProprioActivationDrill  *self,
                                                      ProprioActivationMuscle  muscle,
                                                      guint                    channel,
                                                      double                   mvc,
                                                      guint                    electrode);
/* The electrode of the current (or last) run's muscle: what the station tells a simulator. */
guint    proprio_activation_drill_get_electrode      (ProprioActivationDrill  *self,
                                                      ProprioActivationMuscle  muscle);
/* Whether the muscle's values are in %MVC (TRUE) or in the envelope's unit, in the configuration
 * for the next start (get_feedback () tells it for the run). */
gboolean proprio_activation_drill_has_mvc            (ProprioActivationDrill  *self,
                                                      ProprioActivationMuscle  muscle);

ProprioActivationStage
         proprio_activation_drill_get_stage          (ProprioActivationDrill  *self);
/* The rep being worked or rested after (from 1), 0 before the first work. */
guint    proprio_activation_drill_get_current_rep    (ProprioActivationDrill  *self);
/* The work phase under way, or the last one: how long its criterion has held so far and how long
 * a success needs (success-percent of the work time), in seconds, for a hold-progress bar. FALSE
 * (both 0) before the first work phase of a run. */
gboolean proprio_activation_drill_get_hold           (ProprioActivationDrill  *self,
                                                      double                  *held_s,
                                                      double                  *needed_s);
/* The configuration the current (or last) run uses. */
ProprioActivationMode
         proprio_activation_drill_get_run_mode       (ProprioActivationDrill  *self);
void     proprio_activation_drill_get_run_band       (ProprioActivationDrill  *self,
                                                      double                  *lower,
                                                      double                  *upper);
void     proprio_activation_drill_get_feedback       (ProprioActivationDrill  *self,
                                                      ProprioActivationMuscle  muscle,
                                                      ProprioActivationFeedback *out);

guint    proprio_activation_drill_get_n_reps         (ProprioActivationDrill  *self);
const ProprioActivationRep *
         proprio_activation_drill_get_rep            (ProprioActivationDrill  *self,
                                                      guint                    index);
void     proprio_activation_drill_get_summary        (ProprioActivationDrill  *self,
                                                      ProprioActivationSummary *out);

G_END_DECLS
