/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-cop-exercise.h"
#include "core/proprio-sway.h"

G_BEGIN_DECLS

/* Static balance test (mCTSIB: modified Clinical Test of Sensory Interaction on Balance;
 * Shumway-Cook & Horak 1986, Phys Ther 66:1548; Cohen et al. 1993, Phys Ther 73:346).
 *
 * A list of conditions (default: eyes open, eyes closed, foam eyes open, foam eyes closed), each
 * recorded for a fixed duration (default 30 s) after a countdown (default 3 s).
 *
 * Per condition:
 *   WAITING    until a sample with a CoP arrives ("Step onto the board");
 *   COUNTDOWN  anchored at that sample's time; a COUNTDOWN event at each whole second shown, the
 *              live CoP hidden (feedback-visible FALSE) when hide-feedback is set (default), so the
 *              patient cannot position themselves with it; losing the CoP for more than 1 s
 *              returns to WAITING;
 *   RUNNING    from countdown start + countdown (START event at exactly that instant) for the
 *              duration: samples with a CoP and start ≤ t < start + duration form the trace.
 *              The condition ends at the first sample at or after the end, or at a tick 250 ms
 *              past it (the grace lets samples still in transit arrive): STOP event at the end
 *              instant. The sway metrics (proprio_sway_compute, low-pass as configured, default
 *              none) are computed on the trace.
 *              No CoP for more than 1 s: the condition is marked STEPPED_OFF at the last CoP
 *              (time to step-off kept: the mCTSIB's "time to fall"), STEP_OFF event, message.
 *   then       PAUSED, waiting for proprio_exercise_proceed () (next condition — time to hand out
 *              the foam or the blindfold) or proprio_static_test_retry () (the same condition
 *              again, replacing its result). With auto-advance the next countdown starts at once.
 *              After the last condition the test is DONE.
 *
 * A recording with fewer than 10 samples per second on average is FAILED with a message, not
 * analysed: sway figures from so few samples would not be comparable.
 *
 * Settings (proprio_exercise_get_settings () / apply_settings ()):
 *   "conditions" as   "eyes-open", "eyes-closed", "foam-eyes-open", "foam-eyes-closed"
 *   "duration-s" d    1–600          "countdown-s" d   0–60
 *   "hide-feedback" b                "auto-advance" b
 *   "lowpass-hz" d    0 (none)–1000
 * Results (in the ProprioExerciseResult):
 *   "conditions" aa{sv}, one per condition of the run, in order: "condition" s (as above),
 *     "name" s (translated), "status" s ("not-run", "complete", "stepped-off", "failed"),
 *     "message" s (when not complete), "start-us" x, "duration-s" d, "time-to-step-off-s" d,
 *     "metrics" a{sv} (when complete: every field of ProprioSwayMetrics, e.g. "path-length-mm",
 *     "ellipse95" {"area-mm2", …}), and the trace "t-us" ax, "x-mm" ad, "y-mm" ad;
 *   "romberg" a{sv}: "ellipse-area", "path-length", "foam-ellipse-area", "foam-path-length" d
 *     (NaN when the pair is missing). */

typedef enum
{
  PROPRIO_STATIC_EYES_OPEN,
  PROPRIO_STATIC_EYES_CLOSED,
  PROPRIO_STATIC_FOAM_EYES_OPEN,
  PROPRIO_STATIC_FOAM_EYES_CLOSED,
} ProprioStaticCondition;

#define PROPRIO_STATIC_N_CONDITION_KINDS 4

typedef enum
{
  PROPRIO_STATIC_STATUS_NOT_RUN,
  PROPRIO_STATIC_STATUS_COMPLETE,     /* metrics valid */
  PROPRIO_STATIC_STATUS_STEPPED_OFF,  /* stepped off / fell: time_to_step_off_s, partial trace */
  PROPRIO_STATIC_STATUS_FAILED,       /* recorded but not analysable: see message */
} ProprioStaticStatus;

typedef struct
{
  ProprioStaticCondition condition;
  ProprioStaticStatus    status;
  const char            *message;          /* why it is not COMPLETE, else NULL */
  gint64                 start_us;         /* recording start */
  double                 duration_s;       /* planned duration */
  double                 time_to_step_off_s; /* STEPPED_OFF: last CoP − start; else NAN */
  /* The trace for review: CoP samples of the recording, time-ordered, owned by the engine. */
  gsize                  n;
  const gint64          *t_us;
  const double          *x_mm;
  const double          *y_mm;
  ProprioSwayMetrics     metrics;          /* only when COMPLETE */
} ProprioStaticResult;

/* What the Romberg quotient divides. */
typedef enum
{
  PROPRIO_ROMBERG_ELLIPSE_AREA,   /* 95 % prediction ellipse area */
  PROPRIO_ROMBERG_PATH_LENGTH,
} ProprioRombergMetric;

#define PROPRIO_STATIC_TEST_ERROR (proprio_static_test_error_quark ())

typedef enum
{
  PROPRIO_STATIC_TEST_ERROR_NOT_RECORDED,   /* a condition the quotient needs has no result */
  PROPRIO_STATIC_TEST_ERROR_ZERO_BASELINE,  /* the eyes-open figure is zero or not finite */
} ProprioStaticTestError;

GQuark proprio_static_test_error_quark (void);

/* Romberg quotient = metric(eyes closed) / metric(eyes open), dimensionless, from the 95 %
 * prediction ellipse area (mm²) or the path length (mm) of proprio_sway_compute (). Conditions
 * have equal durations, so the path-length quotient equals the mean-velocity quotient. NAN with
 * an error when a figure is missing, not finite, or the eyes-open figure is zero. */
double proprio_romberg_quotient (const ProprioSwayMetrics *eyes_open,
                                 const ProprioSwayMetrics *eyes_closed,
                                 ProprioRombergMetric      metric,
                                 GError                  **error);

const char *proprio_static_condition_get_name (ProprioStaticCondition condition);

#define PROPRIO_TYPE_STATIC_TEST (proprio_static_test_get_type ())
G_DECLARE_FINAL_TYPE (ProprioStaticTest, proprio_static_test, PROPRIO, STATIC_TEST,
                      ProprioCopExercise)

ProprioStaticTest *proprio_static_test_new               (void);

/* Configuration for the next start (): while the test runs a setter is refused with a warning
 * (see proprio-exercise.h). The results of the last run are kept until the next start. */
void               proprio_static_test_set_conditions    (ProprioStaticTest   *self,
                                                          const ProprioStaticCondition *conds,
                                                          guint                n_conditions);
void               proprio_static_test_set_duration      (ProprioStaticTest *self,
                                                          double             seconds);
void               proprio_static_test_set_countdown     (ProprioStaticTest *self,
                                                          double             seconds);
void               proprio_static_test_set_hide_feedback (ProprioStaticTest *self,
                                                          gboolean           hide);
void               proprio_static_test_set_auto_advance  (ProprioStaticTest *self,
                                                          gboolean           auto_advance);
/* lowpass_hz <= 0: no filter (the default). */
void               proprio_static_test_set_lowpass       (ProprioStaticTest *self,
                                                          double             lowpass_hz);

/* The low-pass filter (Hz, 0 = none) the current or last run's metrics were computed with. */
double             proprio_static_test_get_run_lowpass   (ProprioStaticTest *self);
/* The conditions of the current or last run (before the first run: of the configuration). */
guint              proprio_static_test_get_n_conditions  (ProprioStaticTest *self);
/* The condition being run or just finished. */
guint              proprio_static_test_get_current       (ProprioStaticTest *self);
/* Result of the condition at `index` of the run (status NOT_RUN before it ran). The pointers in
 * it stay valid until the engine is next fed or started; configuring the next run keeps them. */
const ProprioStaticResult *
                   proprio_static_test_get_result        (ProprioStaticTest *self,
                                                          guint              index);
/* Runs the condition just finished (or stepped off) again; only while PAUSED. */
gboolean           proprio_static_test_retry             (ProprioStaticTest *self);

/* From the latest COMPLETE results of eyes closed / eyes open (foam: the foam pair). */
double             proprio_static_test_get_romberg       (ProprioStaticTest     *self,
                                                          gboolean               foam,
                                                          ProprioRombergMetric   metric,
                                                          GError               **error);

G_END_DECLS
