/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The EMG activation drill: scripted envelopes give exact times in band, times to band, peaks and
 * means for each mode; then the simulated sleeve (the Cyton simulator told what the drill asks,
 * through the real protocol and the real EMG processing) does the drill on a virtual clock. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/proprio-emg.h"
#include "core/proprio-emg-mvc.h"
#include "devices/proprio-protocol.h"
#include "devices/proprio-simulator-signals.h"
#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-mvc-calibration.h"
#include "station/proprio-station.h"

#include "proprio-test-events.h"
#include "proprio-test-pty.h"

/* --- scripted envelopes --- */

#define STEP_US   G_GINT64_CONSTANT (10000)   /* 100 Hz */
#define T0_US     G_GINT64_CONSTANT (1000000) /* the first sample */
#define CD_US     G_GINT64_CONSTANT (1000000) /* countdown */
#define WORK_US   G_GINT64_CONSTANT (4000000)
#define REST_US   G_GINT64_CONSTANT (2000000)
#define TARGET_CH 1
#define QUIET_CH  2
#define TARGET_MVC 200.0                      /* µV: %MVC = envelope / 2 */
#define QUIET_MVC  100.0                      /* µV: %MVC = envelope */

/* The envelopes (µV) at `into_us` after the work cue of rep `rep` (from 1); negative `into_us`:
 * before the first cue; beyond the work time: the rest. */
typedef void (*ScriptFunc) (guint   rep,
                            gint64  into_us,
                            double *target_uv,
                            double *quiet_uv);

static gint64
work_start_us (guint rep)
{
  return T0_US + CD_US + (gint64) (rep - 1) * (WORK_US + REST_US);
}

static ProprioActivationDrill *
scripted_drill (ProprioActivationMode mode,
                guint                 reps)
{
  ProprioActivationDrill *drill = proprio_activation_drill_new ();

  proprio_activation_drill_set_mode (drill, mode);
  proprio_activation_drill_set_timing (drill, WORK_US / 1e6, REST_US / 1e6, reps);
  proprio_activation_drill_set_countdown (drill, CD_US / 1e6);
  proprio_activation_drill_set_band (drill, 30.0, 50.0);
  proprio_activation_drill_set_threshold (drill, 10.0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_TARGET, TARGET_CH, TARGET_MVC, 0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_QUIET, QUIET_CH, QUIET_MVC, 1);
  return drill;
}

static void
feed_at (ProprioActivationDrill *drill,
         gint64                  t_us,
         double                  target_uv,
         double                  quiet_uv)
{
  ProprioSample sample = { 0, };

  sample.t_us = t_us;
  sample.n_channels = 3;
  sample.values[0] = 0.0;  /* a raw channel: never read */
  sample.values[TARGET_CH] = target_uv;
  sample.values[QUIET_CH] = quiet_uv;
  proprio_exercise_feed (PROPRIO_EXERCISE (drill), &sample);
  proprio_exercise_tick (PROPRIO_EXERCISE (drill), t_us);
}

/* Feeds the script every 10 ms from T0 until the drill ends (or until `until_us`). */
static void
run_script (ProprioActivationDrill *drill,
            ScriptFunc              script,
            gint64                  until_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);

  for (gint64 t = T0_US; proprio_exercise_is_active (exercise) && t < until_us; t += STEP_US)
    {
      guint rep = t < work_start_us (1) ? 1
                  : (guint) ((t - work_start_us (1)) / (WORK_US + REST_US)) + 1;
      double target = 0.0, quiet = 0.0;

      script (rep, t - work_start_us (rep), &target, &quiet);
      feed_at (drill, t, target, quiet);
    }
}

static gboolean
between (gint64 into_us,
         double from_s,
         double to_s)
{
  return into_us >= (gint64) llround (from_s * 1e6) && into_us < (gint64) llround (to_s * 1e6);
}

/* Rep k holds (45 − k) %MVC from 0.5 s to 3.5 s of the 4 s work (3 s: 75 %), after a 0.2 s pass
 * through 20 %MVC (below the band: not counted), quiet muscle at 5 %MVC. */
static void
script_hold (guint   rep,
             gint64  into_us,
             double *target,
             double *quiet)
{
  *quiet = 5.0 * QUIET_MVC / 100.0;
  if (between (into_us, 0.3, 0.5))
    *target = 20.0 * TARGET_MVC / 100.0;
  else if (between (into_us, 0.5, 3.5))
    *target = (45.0 - rep) * TARGET_MVC / 100.0;
  else
    *target = 2.0;
}

static void
test_activate_hold (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 3);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  ProprioActivationSummary summary;
  ProprioTestEvents events;

  proprio_test_events_init (&events, exercise);
  g_assert_cmpstr (proprio_exercise_get_id (exercise), ==, "activation-drill");
  g_assert_cmpint (proprio_exercise_get_stream_kind (exercise), ==, PROPRIO_STREAM_EMG);
  proprio_exercise_start (exercise);
  run_script (drill, script_hold, G_MAXINT64);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (exercise), ==, 0);

  g_assert_cmpuint (proprio_activation_drill_get_n_reps (drill), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const ProprioActivationRep *rep = proprio_activation_drill_get_rep (drill, i);
      double level = 45.0 - (i + 1);

      g_assert_cmpuint (rep->rep, ==, i + 1);
      g_assert_cmpint (rep->work_start_us, ==, work_start_us (i + 1));
      /* Exact against the script: in band from 0.5 s to 3.5 s of each work. */
      g_assert_cmpfloat_with_epsilon (rep->time_to_band_s, 0.5, 1e-9);
      g_assert_cmpfloat_with_epsilon (rep->time_in_band_s, 3.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (rep->time_in_band_percent, 75.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (rep->peak, level, 1e-9);
      /* 400 samples in the work: 300 at the level, 20 at 20 %MVC, 80 at 1 %MVC. */
      g_assert_cmpfloat_with_epsilon (rep->mean, (300 * level + 20 * 20.0 + 80 * 1.0) / 400.0,
                                      1e-9);
      g_assert_true (isnan (rep->quiet_mean));
      g_assert_true (isnan (rep->coactivation_ratio));
      g_assert_true (rep->success);
    }
  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_reps, ==, 3);
  g_assert_cmpuint (summary.n_successes, ==, 3);
  g_assert_cmpfloat_with_epsilon (summary.mean_time_in_band_s, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary.mean_time_in_band_percent, 75.0, 1e-9);
  /* Peaks 44, 43, 42: one %MVC less per rep. */
  g_assert_cmpfloat_with_epsilon (summary.fatigue_slope_per_rep, -1.0, 1e-9);

  /* Every band entry after its cue, in order. */
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_START), ==, 3);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==, 3);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_STOP), ==, 3);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==,
                   work_start_us (1) + 500000);
  proprio_test_events_clear (&events);
}

/* The band reached but held too briefly (1.5 s of 4: 37.5 %), or never reached (above it). */
static void
script_fail (guint   rep,
             gint64  into_us,
             double *target,
             double *quiet)
{
  *quiet = 0.0;
  *target = 0.0;
  if (rep == 1 && between (into_us, 1.0, 2.5))
    *target = 40.0 * TARGET_MVC / 100.0;
  else if (rep == 2 && between (into_us, 0.5, 3.5))
    *target = 60.0 * TARGET_MVC / 100.0;  /* overshoots the band: not in it */
}

static void
test_activate_fail (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 2);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  const ProprioActivationRep *rep;
  ProprioActivationSummary summary;
  ProprioTestEvents events;

  proprio_test_events_init (&events, exercise);
  proprio_exercise_start (exercise);
  run_script (drill, script_fail, G_MAXINT64);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);

  rep = proprio_activation_drill_get_rep (drill, 0);
  g_assert_cmpfloat_with_epsilon (rep->time_to_band_s, 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_s, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_percent, 37.5, 1e-9);
  g_assert_false (rep->success);
  rep = proprio_activation_drill_get_rep (drill, 1);
  g_assert_true (isnan (rep->time_to_band_s));
  g_assert_cmpfloat (rep->time_in_band_s, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (rep->peak, 60.0, 1e-9);
  g_assert_false (rep->success);
  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_successes, ==, 0);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==, 1);
  proprio_test_events_clear (&events);
}

/* A hold of exactly the success share (2 s of 4 at 50 %) succeeds; 10 ms less does not. */
static void
script_exact_half (guint   rep,
                   gint64  into_us,
                   double *target,
                   double *quiet)
{
  *quiet = 0.0;
  *target = 0.0;
  if (between (into_us, 1.0, rep == 1 ? 3.0 : 2.99))
    *target = 40.0 * TARGET_MVC / 100.0;
}

static void
test_activate_success_share (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 2);

  proprio_exercise_start (PROPRIO_EXERCISE (drill));
  run_script (drill, script_exact_half, G_MAXINT64);
  g_assert_cmpfloat_with_epsilon (proprio_activation_drill_get_rep (drill, 0)->time_in_band_s, 2.0,
                                  1e-9);
  g_assert_true (proprio_activation_drill_get_rep (drill, 0)->success);
  g_assert_cmpfloat_with_epsilon (proprio_activation_drill_get_rep (drill, 1)->time_in_band_s,
                                  1.99, 1e-9);
  g_assert_false (proprio_activation_drill_get_rep (drill, 1)->success);
}

/* Inhibit: rep 1 stays at 5 %MVC (below the 10 % threshold) throughout; rep 2 rises to 20 %MVC
 * from 1 s to 3.5 s (quiet only 1.5 s of 4). The target channel carries nonsense: not read. */
static void
script_inhibit (guint   rep,
                gint64  into_us,
                double *target,
                double *quiet)
{
  *target = NAN;
  *quiet = 5.0;
  if (rep == 2 && between (into_us, 1.0, 3.5))
    *quiet = 20.0;
}

static void
test_inhibit (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_INHIBIT, 2);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  const ProprioActivationRep *rep;
  ProprioTestEvents events;

  proprio_test_events_init (&events, exercise);
  proprio_exercise_start (exercise);
  run_script (drill, script_inhibit, G_MAXINT64);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  /* A NaN on a channel this mode does not use is no fault of the sample. */
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (exercise), ==, 0);

  rep = proprio_activation_drill_get_rep (drill, 0);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_s, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_percent, 100.0, 1e-9);
  g_assert_true (isnan (rep->time_to_band_s));
  g_assert_cmpfloat_with_epsilon (rep->peak, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->quiet_mean, 5.0, 1e-9);
  g_assert_true (rep->success);
  rep = proprio_activation_drill_get_rep (drill, 1);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_s, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->peak, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->mean, (150 * 5.0 + 250 * 20.0) / 400.0, 1e-9);
  g_assert_false (rep->success);
  /* Nothing to reach when the task is to stay quiet. */
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==, 0);
  g_assert_cmpstr (proprio_exercise_get_prompt (exercise), ==, "Finished");
  proprio_test_events_clear (&events);
}

/* Dual: rep 1 both hold (target 40 %MVC 0.5–3.5 s, quiet at 5 %); rep 2 the target holds but the
 * quiet muscle co-activates at 20 %MVC meanwhile; rep 3 the quiet muscle stays quiet but the
 * target never reaches the band. */
static void
script_dual (guint   rep,
             gint64  into_us,
             double *target,
             double *quiet)
{
  gboolean hold = between (into_us, 0.5, 3.5);

  *target = (hold && rep != 3 ? 40.0 : 10.0) * TARGET_MVC / 100.0;
  *quiet = (rep == 2 && hold ? 20.0 : 5.0) * QUIET_MVC / 100.0;
}

static void
test_dual (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_DUAL, 3);
  const ProprioActivationRep *rep;
  ProprioActivationSummary summary;

  proprio_exercise_start (PROPRIO_EXERCISE (drill));
  run_script (drill, script_dual, G_MAXINT64);
  g_assert_cmpuint (proprio_activation_drill_get_n_reps (drill), ==, 3);

  rep = proprio_activation_drill_get_rep (drill, 0);
  g_assert_cmpfloat_with_epsilon (rep->time_in_band_s, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->time_to_band_s, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->mean, (300 * 40.0 + 100 * 10.0) / 400.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->quiet_mean, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rep->coactivation_ratio, rep->mean / 5.0, 1e-9);
  g_assert_true (rep->success);

  /* Only the target held: the time both held is none. */
  rep = proprio_activation_drill_get_rep (drill, 1);
  g_assert_cmpfloat_with_epsilon (rep->time_to_band_s, 0.5, 1e-9);
  g_assert_cmpfloat (rep->time_in_band_s, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (rep->quiet_mean, (300 * 20.0 + 100 * 5.0) / 400.0, 1e-9);
  g_assert_false (rep->success);

  /* Only the quiet muscle held. */
  rep = proprio_activation_drill_get_rep (drill, 2);
  g_assert_true (isnan (rep->time_to_band_s));
  g_assert_cmpfloat (rep->time_in_band_s, ==, 0.0);
  g_assert_false (rep->success);

  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_successes, ==, 1);
  g_assert_cmpfloat_with_epsilon (summary.mean_time_in_band_s, 1.0, 1e-9);
}

/* COUNTDOWN, START, TARGET_HIT, STOP for each rep, then DONE; the prompts and the time left of
 * each phase; the feedback a page draws. */
static void
test_events_and_time_left (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 2);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  static const ProprioExerciseEvent expected[] = {
    PROPRIO_EXERCISE_EVENT_COUNTDOWN, PROPRIO_EXERCISE_EVENT_START,
    PROPRIO_EXERCISE_EVENT_TARGET_HIT, PROPRIO_EXERCISE_EVENT_STOP,
    PROPRIO_EXERCISE_EVENT_START, PROPRIO_EXERCISE_EVENT_TARGET_HIT,
    PROPRIO_EXERCISE_EVENT_STOP, PROPRIO_EXERCISE_EVENT_DONE,
  };
  ProprioActivationFeedback fb;
  ProprioTestEvents events;
  gint64 w1 = work_start_us (1), w2 = work_start_us (2);

  proprio_test_events_init (&events, exercise);
  proprio_activation_drill_set_countdown (drill, 3.0);
  proprio_exercise_start (exercise);
  g_assert_cmpfloat (proprio_exercise_get_time_left (exercise, T0_US), ==, -1.0);
  feed_at (drill, T0_US, 0.0, 0.0);
  g_assert_cmpint (proprio_activation_drill_get_stage (drill), ==,
                   PROPRIO_ACTIVATION_STAGE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (exercise), ==, "Get ready… 3");
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (exercise, T0_US), 3.0, 1e-9);
  proprio_test_events_clear (&events);
  g_object_unref (drill);

  /* The same with a 1 s countdown, fed throughout. */
  drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 2);
  exercise = PROPRIO_EXERCISE (drill);
  proprio_test_events_init (&events, exercise);
  proprio_exercise_start (exercise);
  run_script (drill, script_hold, w1 + 1000000 + 1);
  g_assert_cmpint (proprio_activation_drill_get_stage (drill), ==, PROPRIO_ACTIVATION_STAGE_WORK);
  g_assert_cmpuint (proprio_activation_drill_get_current_rep (drill), ==, 1);
  g_assert_cmpstr (proprio_exercise_get_prompt (exercise), ==, "Work — squeeze");
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (exercise, w1 + 1000000), 3.0,
                                  1e-9);
  proprio_activation_drill_get_feedback (drill, PROPRIO_ACTIVATION_TARGET, &fb);
  g_assert_true (fb.used);
  g_assert_true (fb.has_mvc);
  g_assert_true (fb.in_band);
  g_assert_cmpfloat (fb.lower, ==, 30.0);
  g_assert_cmpfloat (fb.upper, ==, 50.0);
  /* Smoothed: 0.5 s at 44 %MVC after 20 %: within a few τ of it, not above it. */
  g_assert_cmpfloat (fb.value, >, 42.0);
  g_assert_cmpfloat (fb.value, <=, 44.0 + 1e-9);
  proprio_activation_drill_get_feedback (drill, PROPRIO_ACTIVATION_QUIET, &fb);
  g_assert_false (fb.used);

  run_script (drill, script_hold, w1 + WORK_US + 500000 + 1);
  g_assert_cmpint (proprio_activation_drill_get_stage (drill), ==, PROPRIO_ACTIVATION_STAGE_REST);
  g_assert_cmpstr (proprio_exercise_get_prompt (exercise), ==, "Rest");
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (exercise,
                                                                  w1 + WORK_US + 500000),
                                  1.5, 1e-9);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  run_script (drill, script_hold, G_MAXINT64);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpfloat (proprio_exercise_get_time_left (exercise, w2 + WORK_US), ==, -1.0);

  g_assert_cmpuint (events.kinds->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (events.kinds, ProprioExerciseEvent, i), ==, expected[i]);
  /* Cues and ends on the schedule, whatever the sample times. */
  g_assert_cmpint (g_array_index (events.times, gint64, 0), ==, T0_US);
  g_assert_cmpint (g_array_index (events.times, gint64, 1), ==, w1);
  g_assert_cmpint (g_array_index (events.times, gint64, 3), ==, w1 + WORK_US);
  g_assert_cmpint (g_array_index (events.times, gint64, 4), ==, w2);
  g_assert_cmpint (g_array_index (events.times, gint64, 7), ==, w2 + WORK_US);
  proprio_test_events_clear (&events);
}

/* Without samples the schedule still runs on ticks; the held state is credited for at most
 * PROPRIO_ACTIVATION_MAX_HOLD_US after the last sample, never across a silence. */
static void
test_ticks_and_silence (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 1);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  gint64 w1 = work_start_us (1);

  proprio_exercise_start (exercise);
  feed_at (drill, T0_US, 0.0, 0.0);
  proprio_exercise_tick (exercise, w1);
  g_assert_cmpint (proprio_activation_drill_get_stage (drill), ==, PROPRIO_ACTIVATION_STAGE_WORK);
  /* One sample in band at 1 s, then the sleeve goes silent. */
  feed_at (drill, w1 + 1000000, 80.0, 0.0);
  proprio_exercise_tick (exercise, w1 + WORK_US);
  /* Within the grace after the end: samples may still come. */
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_tick (exercise, w1 + WORK_US + 300000);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_activation_drill_get_n_reps (drill), ==, 1);
  g_assert_cmpfloat_with_epsilon (proprio_activation_drill_get_rep (drill, 0)->time_in_band_s,
                                  PROPRIO_ACTIVATION_MAX_HOLD_US / 1e6, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_activation_drill_get_rep (drill, 0)->time_to_band_s,
                                  1.0, 1e-9);
}

/* A sample without the configured envelope channel is invalid, counted, and never judged. */
static void
test_invalid_samples (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_DUAL, 1);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);
  ProprioSample sample = { 0, };

  proprio_exercise_start (exercise);
  sample.t_us = T0_US;
  sample.n_channels = 2;  /* no quiet channel */
  proprio_exercise_feed (exercise, &sample);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (exercise), ==, 1);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  feed_at (drill, T0_US + STEP_US, NAN, 0.0);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (exercise), ==, 2);
  feed_at (drill, T0_US + 2 * STEP_US, 1.0, 0.0);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (exercise), ==, 2);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
}

static void
test_settings (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_DUAL, 4);
  g_autoptr(ProprioActivationDrill) copy = proprio_activation_drill_new ();
  g_autoptr(ProprioActivationDrill) raw = proprio_activation_drill_new ();
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (drill));
  g_autoptr(GVariant) copied = NULL;
  g_autoptr(GVariant) raw_settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (raw));
  g_autoptr(GVariant) bad = NULL;
  g_autoptr(GError) error = NULL;
  const char *unit = NULL;
  double d = 0.0;
  guint u = 0;

  g_assert_true (g_variant_lookup (settings, "mode", "&s", &unit));
  g_assert_cmpstr (unit, ==, "dual");
  g_assert_true (g_variant_lookup (settings, "work-s", "d", &d));
  g_assert_cmpfloat (d, ==, 4.0);
  g_assert_true (g_variant_lookup (settings, "repetitions", "u", &u));
  g_assert_cmpuint (u, ==, 4);
  g_assert_true (g_variant_lookup (settings, "target-unit", "&s", &unit));
  g_assert_cmpstr (unit, ==, "%MVC");
  g_assert_true (g_variant_lookup (settings, "quiet-channel", "u", &u));
  g_assert_cmpuint (u, ==, QUIET_CH);

  /* Without an MVC the band is in the envelope's own unit, and the settings say so. */
  g_assert_true (g_variant_lookup (raw_settings, "target-unit", "&s", &unit));
  g_assert_cmpstr (unit, ==, "uV");
  g_assert_true (g_variant_lookup (raw_settings, "quiet-unit", "&s", &unit));
  g_assert_cmpstr (unit, ==, "uV");
  g_assert_true (g_variant_lookup (raw_settings, "mode", "&s", &unit));
  g_assert_cmpstr (unit, ==, "activate");

  /* A round trip gives the same configuration. */
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (copy), settings, &error));
  g_assert_no_error (error);
  copied = proprio_exercise_get_settings (PROPRIO_EXERCISE (copy));
  g_assert_true (g_variant_equal (settings, copied));

  /* A unit that contradicts the MVC is refused, naming the key; nothing changes. */
  bad = g_variant_ref_sink (g_variant_new_parsed ("{'target-unit': <'%MVC'>, 'work-s': <5.0>}"));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (raw), bad, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_assert_nonnull (strstr (error->message, "target-unit"));
  g_clear_error (&error);
  g_clear_pointer (&bad, g_variant_unref);
  g_clear_pointer (&copied, g_variant_unref);
  copied = proprio_exercise_get_settings (PROPRIO_EXERCISE (raw));
  g_assert_true (g_variant_equal (copied, raw_settings));

  bad = g_variant_ref_sink (g_variant_new_parsed ("{'band-lower': <60.0>}"));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (raw), bad, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_clear_error (&error);
  g_clear_pointer (&bad, g_variant_unref);
  bad = g_variant_ref_sink (g_variant_new_parsed ("{'mode': <'dual'>, "
                                                  "'quiet-channel': <uint32 1>}"));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (raw), bad, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_clear_error (&error);
  g_clear_pointer (&bad, g_variant_unref);
  bad = g_variant_ref_sink (g_variant_new_parsed ("{'mode': <'squeeze'>}"));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (raw), bad, &error));
  g_clear_error (&error);

  /* Running: refused. */
  proprio_exercise_start (PROPRIO_EXERCISE (copy));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (copy), settings, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_ACTIVE);
}

/* The result of a run, with its settings, as the other engines give it. */
static void
test_results_variant (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_DUAL, 3);
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) reps = NULL;
  g_autoptr(GVariant) first = NULL;
  g_autoptr(GVariant) summary = NULL;
  g_autofree char *json = NULL;
  static const char * const rep_keys[] = {
    "rep", "work-start-us", "time-to-band-s", "time-in-band-s", "time-in-band-percent", "peak",
    "mean", "quiet-mean", "coactivation-ratio", "success",
  };
  static const char * const summary_keys[] = {
    "n-reps", "n-successes", "mean-time-in-band-s", "mean-time-in-band-percent",
    "fatigue-slope-per-rep",
  };
  GVariant *results;
  const char *s = NULL;
  gboolean success = FALSE;
  guint n = 0;
  double d = 0.0;

  proprio_exercise_start (PROPRIO_EXERCISE (drill));
  run_script (drill, script_dual, G_MAXINT64);
  result = proprio_exercise_dup_result (PROPRIO_EXERCISE (drill));
  g_assert_nonnull (result);
  g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                   PROPRIO_EXERCISE_OUTCOME_DONE);
  g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "activation-drill");
  results = proprio_exercise_result_get_results (result);
  g_assert_true (g_variant_lookup (results, "unit", "&s", &s));
  g_assert_cmpstr (s, ==, "%MVC");
  g_assert_true (g_variant_lookup (results, "mode", "&s", &s));
  g_assert_cmpstr (s, ==, "dual");
  reps = g_variant_lookup_value (results, "reps", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (reps);
  g_assert_cmpuint (g_variant_n_children (reps), ==, 3);
  first = g_variant_get_child_value (reps, 0);
  for (guint i = 0; i < G_N_ELEMENTS (rep_keys); i++)
    {
      g_autoptr(GVariant) v = g_variant_lookup_value (first, rep_keys[i], NULL);

      g_assert_nonnull (v);
    }
  g_assert_true (g_variant_lookup (first, "success", "b", &success));
  g_assert_true (success);
  g_assert_true (g_variant_lookup (first, "time-in-band-s", "d", &d));
  g_assert_cmpfloat_with_epsilon (d, 3.0, 1e-9);
  summary = g_variant_lookup_value (results, "summary", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (summary);
  for (guint i = 0; i < G_N_ELEMENTS (summary_keys); i++)
    {
      g_autoptr(GVariant) v = g_variant_lookup_value (summary, summary_keys[i], NULL);

      g_assert_nonnull (v);
    }
  g_assert_true (g_variant_lookup (summary, "n-successes", "u", &n));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "mode", "&s",
                                   &s));
  g_assert_cmpstr (s, ==, "dual");
  /* Serialisable like the other engines' results (NaN included). */
  json = proprio_exercise_result_to_json (result);
  g_assert_nonnull (strstr (json, "\"coactivation-ratio\""));
}

/* Stopping discards the work in progress. */
static void
test_stop (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_ACTIVATE, 3);
  ProprioExercise *exercise = PROPRIO_EXERCISE (drill);

  proprio_exercise_start (exercise);
  run_script (drill, script_hold, work_start_us (2) + 1000000);
  proprio_exercise_stop (exercise);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_cmpuint (proprio_activation_drill_get_n_reps (drill), ==, 1);
  g_assert_cmpint (proprio_activation_drill_get_stage (drill), ==, PROPRIO_ACTIVATION_STAGE_NONE);
}

/* --- the simulated sleeve --- */

#define CYTON_HZ   250.0
#define CYTON_EXG  8
#define ENV0       12   /* envelopes after Cyton's 12 channels: ch1_uv_env, ch2_uv_env */

typedef struct
{
  ProprioSimGenerator *generator;
  ProprioProtocol     *protocol;
  ProprioEmgBank      *bank;
  ProprioExercise     *exercise;   /* NULL while calibrating */
  GByteArray          *bytes;
  gint64               t_us;
  /* calibration recording of one electrode */
  int                  record;
  GArray              *rec_t;
  GArray              *rec_env;
} Sleeve;

static void
sleeve_sample_cb (const ProprioSample *raw,
                  gpointer             user_data)
{
  Sleeve *s = user_data;
  ProprioSample sample = *raw;
  double x[2], env[2];

  /* What the processing stage does on the reader thread: the envelope of each electrode after
   * the raw channels (here the two the drills use, so the sample stays within its channels). */
  x[0] = raw->values[1];
  x[1] = raw->values[2];
  proprio_emg_bank_process (s->bank, x, env, NULL);
  sample.n_channels = ENV0 + 2;
  sample.values[ENV0] = env[0];
  sample.values[ENV0 + 1] = env[1];
  if (s->record >= 0)
    {
      g_array_append_val (s->rec_t, sample.t_us);
      g_array_append_val (s->rec_env, env[s->record]);
    }
  if (s->exercise != NULL)
    proprio_exercise_feed (s->exercise, &sample);
}

static void
sleeve_init (Sleeve  *s,
             guint32  seed)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgConfig config;
  GByteArray *reply = g_byte_array_new ();

  s->generator = proprio_sim_generator_new (PROPRIO_SIM_CYTON, CYTON_HZ, seed);
  proprio_sim_generator_handle_input (s->generator, (const guint8 *) "b", 1, reply);
  g_byte_array_unref (reply);
  s->protocol = proprio_protocol_new ("cyton", NULL, &error);
  g_assert_no_error (error);
  proprio_emg_config_init (&config, CYTON_HZ);
  s->bank = proprio_emg_bank_new (&config, 2, &error);
  g_assert_no_error (error);
  s->exercise = NULL;
  s->bytes = g_byte_array_new ();
  s->t_us = 1000000;
  s->record = -1;
  s->rec_t = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->rec_env = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
sleeve_clear (Sleeve *s)
{
  proprio_sim_generator_free (s->generator);
  proprio_protocol_free (s->protocol);
  proprio_emg_bank_free (s->bank);
  g_byte_array_unref (s->bytes);
  g_array_unref (s->rec_t);
  g_array_unref (s->rec_env);
}

/* One sample: the intent (the station's for the exercise, or the one given), the simulator's
 * packet, the protocol, the envelope, the exercise. */
static void
sleeve_step (Sleeve                 *s,
             const ProprioSimIntent *manual)
{
  ProprioSimIntent intent;

  if (manual != NULL)
    intent = *manual;
  else
    proprio_station_intent_for_exercise (s->exercise, &intent);
  proprio_sim_generator_set_intent (s->generator, &intent);
  g_byte_array_set_size (s->bytes, 0);
  proprio_sim_generator_next (s->generator, s->bytes);
  proprio_protocol_feed (s->protocol, s->bytes->data, s->bytes->len, s->t_us, sleeve_sample_cb, s);
  if (s->exercise != NULL)
    proprio_exercise_tick (s->exercise, s->t_us);
  s->t_us += (gint64) (G_USEC_PER_SEC / CYTON_HZ);
}

static void
sleeve_run (Sleeve                 *s,
            const ProprioSimIntent *manual,
            double                  seconds)
{
  guint n = (guint) (seconds * CYTON_HZ);

  for (guint i = 0; i < n; i++)
    sleeve_step (s, manual);
}

/* A calibration contraction of `electrode` as a therapist records it (rest 1 s, 4 s of maximal
 * effort, rest 1 s), and the MVC from it with the real rule; the rest's mean envelope (the noise
 * floor) goes to *floor_uv. */
static double
sleeve_calibrate (Sleeve *s,
                  int     electrode,
                  double *floor_uv)
{
  ProprioSimIntent rest = PROPRIO_SIM_INTENT_INIT;
  ProprioSimIntent effort = PROPRIO_SIM_INTENT_INIT;
  ProprioEmgInterval hold;
  g_autoptr(GError) error = NULL;
  double mvc = 0.0, sum = 0.0;
  gint64 cue_us;

  effort.active = rest.active = TRUE;
  effort.emg_target_channel = rest.emg_target_channel = electrode;
  effort.emg_level = rest.emg_level = 1.0;
  effort.emg_work = TRUE;
  g_array_set_size (s->rec_t, 0);
  g_array_set_size (s->rec_env, 0);
  s->record = electrode;
  sleeve_run (s, &rest, 1.0);
  for (guint i = 0; i < s->rec_env->len; i++)
    sum += g_array_index (s->rec_env, double, i);
  *floor_uv = sum / MAX (s->rec_env->len, 1);
  cue_us = s->t_us;
  sleeve_run (s, &effort, 4.0);
  sleeve_run (s, &rest, 1.0);
  s->record = -1;
  /* The plateau, after the ramp and the overshoot have settled. */
  hold.start_us = cue_us + 2000000;
  hold.end_us = cue_us + 3900000;
  g_assert_true (proprio_emg_mvc_compute ((const gint64 *) (gpointer) s->rec_t->data,
                                          (const double *) (gpointer) s->rec_env->data,
                                          s->rec_t->len, &hold, 1, 1.0, &mvc, NULL, &error));
  g_assert_no_error (error);
  /* Back to no drill: the patient is rested for the next one. */
  {
    ProprioSimIntent none = PROPRIO_SIM_INTENT_INIT;

    sleeve_run (s, &none, 2.0);
  }
  return mvc;
}

static ProprioActivationDrill *
sleeve_drill (ProprioActivationMode mode,
              double                mvc0,
              double                mvc1)
{
  ProprioActivationDrill *drill = proprio_activation_drill_new ();

  proprio_activation_drill_set_mode (drill, mode);
  proprio_activation_drill_set_timing (drill, 5.0, 5.0, 10);
  proprio_activation_drill_set_countdown (drill, 2.0);
  proprio_activation_drill_set_band (drill, 30.0, 50.0);
  proprio_activation_drill_set_threshold (drill, 10.0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_TARGET, ENV0, mvc0, 0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_QUIET, ENV0 + 1, mvc1, 1);
  return drill;
}

static void
sleeve_do_drill (Sleeve                 *s,
                 ProprioActivationDrill *drill)
{
  s->exercise = PROPRIO_EXERCISE (drill);
  proprio_exercise_start (s->exercise);
  for (guint i = 0; i < 200 * CYTON_HZ && proprio_exercise_is_active (s->exercise); i++)
    sleeve_step (s, NULL);
  g_assert_cmpint (proprio_exercise_get_phase (s->exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (s->exercise), ==, 0);
  s->exercise = NULL;
}

static void
log_reps (ProprioActivationDrill *drill)
{
  for (guint i = 0; i < proprio_activation_drill_get_n_reps (drill); i++)
    {
      const ProprioActivationRep *r = proprio_activation_drill_get_rep (drill, i);

      g_test_message ("rep %u: to band %.2f s, in band %.2f s, peak %.1f, mean %.1f, quiet %.2f, "
                      "%s", r->rep, r->time_to_band_s, r->time_in_band_s, r->peak, r->mean,
                      r->quiet_mean, r->success ? "success" : "fail");
    }
}

static void
test_sleeve_activate (void)
{
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      g_autoptr(ProprioActivationDrill) drill = NULL;
      ProprioActivationSummary summary;
      const ProprioActivationRep *first, *last;
      double floor_uv, mvc;
      Sleeve s;

      sleeve_init (&s, seed);
      mvc = sleeve_calibrate (&s, 0, &floor_uv);
      g_test_message ("seed %u: MVC %.1f µV, floor %.2f µV", seed, mvc, floor_uv);
      /* The RMS of the simulated MVC, minus what the 20–112 Hz pass band leaves out. */
      g_assert_cmpfloat (mvc, >, 0.7 * PROPRIO_SIM_EMG_MVC_UV);
      g_assert_cmpfloat (mvc, <, 1.1 * PROPRIO_SIM_EMG_MVC_UV);
      drill = sleeve_drill (PROPRIO_ACTIVATION_ACTIVATE, mvc, 0.0);
      sleeve_do_drill (&s, drill);
      log_reps (drill);
      proprio_activation_drill_get_summary (drill, &summary);
      g_test_message ("seed %u: %u/%u, fatigue %.2f %%MVC per rep", seed, summary.n_successes,
                      summary.n_reps, summary.fatigue_slope_per_rep);
      g_assert_cmpuint (summary.n_reps, ==, 10);
      g_assert_cmpuint (summary.n_successes, >=, 7);
      g_assert_cmpfloat (summary.fatigue_slope_per_rep, <, 0.0);
      first = proprio_activation_drill_get_rep (drill, 0);
      last = proprio_activation_drill_get_rep (drill, 9);
      g_assert_cmpfloat (last->peak, <, first->peak);
      /* A reaction, then a ramp: the band is reached a little after the cue, never at it. */
      g_assert_cmpfloat (first->time_to_band_s, >, 0.15);
      g_assert_cmpfloat (first->time_to_band_s, <, 1.5);
      sleeve_clear (&s);
    }
}

static void
test_sleeve_inhibit (void)
{
  g_autoptr(ProprioActivationDrill) drill = NULL;
  ProprioActivationSummary summary;
  double floor_uv, mvc;
  Sleeve s;

  sleeve_init (&s, 7);
  mvc = sleeve_calibrate (&s, 1, &floor_uv);
  drill = sleeve_drill (PROPRIO_ACTIVATION_INHIBIT, 0.0, mvc);
  sleeve_do_drill (&s, drill);
  log_reps (drill);
  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_reps, ==, 10);
  g_assert_cmpuint (summary.n_successes, ==, 10);
  /* Quiet, but not silent: the residual tone of a muscle at work beside another. */
  for (guint i = 0; i < 10; i++)
    {
      const ProprioActivationRep *r = proprio_activation_drill_get_rep (drill, i);

      g_assert_cmpfloat (r->mean, >, 100.0 * 2.0 * floor_uv / mvc);
      g_assert_cmpfloat (r->mean, <, 10.0);
    }
  sleeve_clear (&s);
}

static void
test_sleeve_dual (void)
{
  g_autoptr(ProprioActivationDrill) drill = NULL;
  ProprioActivationSummary summary;
  double floor0, floor1, mvc0, mvc1, early = 0.0, late = 0.0;
  Sleeve s;

  sleeve_init (&s, 11);
  mvc0 = sleeve_calibrate (&s, 0, &floor0);
  mvc1 = sleeve_calibrate (&s, 1, &floor1);
  drill = sleeve_drill (PROPRIO_ACTIVATION_DUAL, mvc0, mvc1);
  sleeve_do_drill (&s, drill);
  log_reps (drill);
  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_successes, >=, 7);
  for (guint i = 0; i < 10; i++)
    {
      const ProprioActivationRep *r = proprio_activation_drill_get_rep (drill, i);

      /* The compensating muscle works along, well above its noise floor, below its ceiling. */
      g_assert_cmpfloat (r->quiet_mean, >, 100.0 * 2.0 * floor1 / mvc1);
      g_assert_cmpfloat (r->quiet_mean, <, 10.0);
      g_assert_cmpfloat (r->coactivation_ratio, >, 2.0);
      if (i < 3)
        early += r->quiet_mean / r->mean / 3.0;
      else if (i >= 7)
        late += r->quiet_mean / r->mean / 3.0;
    }
  g_test_message ("co-activation share: %.3f early, %.3f late", early, late);
  /* Tired, the patient recruits more of the compensating muscle. */
  g_assert_cmpfloat (late, >, early);
  sleeve_clear (&s);
}

/* Outside a drill (a balance exercise, or none) an EMG simulator keeps its random bursts, the
 * same for a seed whatever the station says. */
static void
test_sleeve_no_drill (void)
{
  g_autoptr(ProprioSimGenerator) a = proprio_sim_generator_new (PROPRIO_SIM_EMG, 500.0, 3);
  g_autoptr(ProprioSimGenerator) b = proprio_sim_generator_new (PROPRIO_SIM_EMG, 500.0, 3);
  g_autoptr(GByteArray) out_a = g_byte_array_new ();
  g_autoptr(GByteArray) out_b = g_byte_array_new ();
  ProprioSimIntent balance = PROPRIO_SIM_INTENT_INIT;

  balance.active = TRUE;
  balance.has_target = TRUE;
  balance.target_x_mm = 50.0;
  proprio_sim_generator_set_intent (b, &balance);
  for (guint i = 0; i < 5000; i++)
    {
      proprio_sim_generator_next (a, out_a);
      proprio_sim_generator_next (b, out_b);
    }
  g_assert_cmpmem (out_a->data, out_a->len, out_b->data, out_b->len);
}

/* The station's intent for a drill: the electrodes, the work phase, the level aimed at. */
static void
test_station_intent (void)
{
  g_autoptr(ProprioActivationDrill) drill = scripted_drill (PROPRIO_ACTIVATION_DUAL, 1);
  ProprioSimIntent intent;

  proprio_station_intent_for_exercise (PROPRIO_EXERCISE (drill), &intent);
  g_assert_false (intent.active);
  g_assert_cmpint (intent.emg_target_channel, ==, -1);
  proprio_exercise_start (PROPRIO_EXERCISE (drill));
  feed_at (drill, T0_US, 0.0, 0.0);
  proprio_station_intent_for_exercise (PROPRIO_EXERCISE (drill), &intent);
  g_assert_true (intent.active);
  g_assert_false (intent.emg_work);
  g_assert_cmpint (intent.emg_target_channel, ==, 0);
  g_assert_cmpint (intent.emg_quiet_channel, ==, 1);
  g_assert_cmpfloat_with_epsilon (intent.emg_level, 0.4, 1e-12);
  g_assert_cmpfloat_with_epsilon (intent.emg_quiet_limit, 0.1, 1e-12);
  feed_at (drill, work_start_us (1), 0.0, 0.0);
  proprio_station_intent_for_exercise (PROPRIO_EXERCISE (drill), &intent);
  g_assert_true (intent.emg_work);
  g_assert_false (intent.has_target);
}

/* An MVC calibration on the simulated sleeve: in each contraction the patient squeezes every
 * muscle as hard as they can, so each channel gets an MVC near the simulated one (less what the
 * 20–112 Hz pass band leaves out), not the noise floor of a muscle left at rest. */
static void
test_sleeve_mvc_all_channels (void)
{
  g_autoptr(ProprioMvcCalibration) mvc = proprio_mvc_calibration_new ();
  g_autoptr(ProprioEmgCalibration) calibration = NULL;
  const guint envelopes[] = { ENV0, ENV0 + 1 };
  const char * const names[] = { "ch1_uv", "ch2_uv" };
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GError) error = NULL;
  gboolean saw_work = FALSE;
  ProprioSimIntent intent;
  Sleeve s;

  proprio_mvc_calibration_set_channels (mvc, envelopes, names, 2);
  g_variant_dict_insert (&dict, "contractions", "u", 2);
  g_variant_dict_insert (&dict, "contraction-s", "d", 3.0);
  g_variant_dict_insert (&dict, "rest-s", "d", 5.0);
  g_variant_dict_insert (&dict, "countdown-s", "d", 1.0);
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (mvc),
                                                  g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);

  sleeve_init (&s, 17);
  s.exercise = PROPRIO_EXERCISE (mvc);
  proprio_exercise_start (s.exercise);
  for (guint i = 0; i < 60 * CYTON_HZ && proprio_exercise_is_active (s.exercise); i++)
    {
      sleeve_step (&s, NULL);
      proprio_station_intent_for_exercise (s.exercise, &intent);
      if (!proprio_exercise_is_active (s.exercise))
        break;
      g_assert_true (intent.emg_all_channels);
      g_assert_cmpfloat (intent.emg_level, ==, 1.0);
      g_assert_true (intent.emg_work == (proprio_mvc_calibration_get_contraction (mvc) > 0));
      saw_work |= intent.emg_work;
    }
  g_assert_true (saw_work);
  g_assert_cmpint (proprio_exercise_get_phase (s.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  calibration = proprio_mvc_calibration_dup_calibration (mvc);
  g_assert_nonnull (calibration);
  for (guint i = 0; i < 2; i++)
    {
      double value = 0;

      g_assert_true (proprio_emg_calibration_lookup (calibration, names[i], &value));
      g_test_message ("%s: MVC %.1f µV", names[i], value);
      g_assert_cmpfloat (value, >, 0.7 * PROPRIO_SIM_EMG_MVC_UV);
      g_assert_cmpfloat (value, <, 1.2 * PROPRIO_SIM_EMG_MVC_UV);
    }
  s.exercise = NULL;
  sleeve_clear (&s);
}

/* ---- through the station, on sim:emg ---- */

static gboolean
station_streams (gpointer data)
{
  ProprioStation *station = data;
  ProprioDevice *device = proprio_station_get_device (station);
  ProprioEmgStage *stage = proprio_station_get_emg_stage (station);

  return device != NULL && stage != NULL && proprio_emg_stage_get_n_emg_channels (stage) == 1 &&
         proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

static gboolean
station_done (gpointer data)
{
  ProprioStation *station = data;

  proprio_station_update (station, g_get_monotonic_time ());
  return !proprio_station_is_running (station);
}

/* The whole path a therapist takes on sim:emg, without a view: an MVC calibration, then a drill
 * started with proprio_station_start () on the stage's envelope in %MVC; the simulated patient
 * does it, and both runs stay in the station's results. */
static void
test_station_sim_emg (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  ProprioExercise *mvc = proprio_station_get_engine (station, "mvc-calibration");
  ProprioActivationDrill *drill =
    PROPRIO_ACTIVATION_DRILL (proprio_station_get_engine (station, "activation-drill"));
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  ProprioActivationSummary summary;
  GListModel *results = proprio_station_get_results (station);
  guint input = 0, envelope = 0;
  double mvc_uv = 0;

  /* Not on a balance board: said in words. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_true (proprio_station_select_exercise (station, "activation-drill", &error));
  g_assert_false (proprio_station_start (station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_cmpstr (error->message, ==,
                   "This exercise needs an EMG device: choose one in the device menu");
  g_clear_error (&error);

  g_assert_true (proprio_station_set_device_spec (station, "sim:emg?seed=4", &error));
  g_assert_true (proprio_test_wait_for (station_streams, station, 20000));
  g_assert_true (proprio_emg_stage_get_emg_channel (proprio_station_get_emg_stage (station), 0,
                                                    &input, &envelope));

  g_variant_dict_insert (&dict, "contractions", "u", 1);
  g_variant_dict_insert (&dict, "contraction-s", "d", 3.0);
  g_variant_dict_insert (&dict, "countdown-s", "d", 0.0);
  g_assert_true (proprio_exercise_apply_settings (mvc, g_variant_dict_end (&dict), &error));
  g_assert_true (proprio_station_select_exercise (station, "mvc-calibration", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_for (station_done, station, 60000));
  g_assert_cmpint (proprio_exercise_get_phase (mvc), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_nonnull (proprio_station_get_emg_calibration (station));
  g_assert_true (proprio_emg_calibration_lookup (proprio_station_get_emg_calibration (station),
                                                 proprio_device_get_channel (
                                                   proprio_station_get_device (station),
                                                   input)->name, &mvc_uv));
  g_test_message ("sim:emg MVC %.1f µV", mvc_uv);
  g_assert_cmpfloat (mvc_uv, >, 0.6 * PROPRIO_SIM_EMG_MVC_UV);

  proprio_activation_drill_set_mode (drill, PROPRIO_ACTIVATION_ACTIVATE);
  proprio_activation_drill_set_timing (drill, 3.0, 1.0, 3);
  proprio_activation_drill_set_countdown (drill, 1.0);
  proprio_activation_drill_set_band (drill, 30.0, 50.0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_TARGET, envelope, mvc_uv, 0);
  g_assert_true (proprio_station_select_exercise (station, "activation-drill", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_for (station_done, station, 60000));
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (drill)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  log_reps (drill);
  proprio_activation_drill_get_summary (drill, &summary);
  g_assert_cmpuint (summary.n_reps, ==, 3);
  g_assert_cmpuint (summary.n_successes, >=, 2);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (PROPRIO_EXERCISE (drill)), ==, 0);

  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  {
    g_autoptr(ProprioExerciseResult) first = g_list_model_get_item (results, 0);
    g_autoptr(ProprioExerciseResult) second = g_list_model_get_item (results, 1);

    g_assert_cmpstr (proprio_exercise_result_get_id (first), ==, "mvc-calibration");
    g_assert_cmpstr (proprio_exercise_result_get_id (second), ==, "activation-drill");
  }
  proprio_station_set_device (station, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/activation-drill/activate/hold", test_activate_hold);
  g_test_add_func ("/activation-drill/activate/fail", test_activate_fail);
  g_test_add_func ("/activation-drill/activate/success-share", test_activate_success_share);
  g_test_add_func ("/activation-drill/inhibit", test_inhibit);
  g_test_add_func ("/activation-drill/dual", test_dual);
  g_test_add_func ("/activation-drill/events-and-time-left", test_events_and_time_left);
  g_test_add_func ("/activation-drill/ticks-and-silence", test_ticks_and_silence);
  g_test_add_func ("/activation-drill/invalid-samples", test_invalid_samples);
  g_test_add_func ("/activation-drill/settings", test_settings);
  g_test_add_func ("/activation-drill/results", test_results_variant);
  g_test_add_func ("/activation-drill/stop", test_stop);
  g_test_add_func ("/activation-drill/station-intent", test_station_intent);
  g_test_add_func ("/activation-drill/sleeve/no-drill", test_sleeve_no_drill);
  g_test_add_func ("/activation-drill/sleeve/activate", test_sleeve_activate);
  g_test_add_func ("/activation-drill/sleeve/inhibit", test_sleeve_inhibit);
  g_test_add_func ("/activation-drill/sleeve/dual", test_sleeve_dual);
  g_test_add_func ("/activation-drill/sleeve/mvc-all-channels", test_sleeve_mvc_all_channels);
  g_test_add_func ("/activation-drill/station/sim-emg", test_station_sim_emg);

  return g_test_run ();
}
