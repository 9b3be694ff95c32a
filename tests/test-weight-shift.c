/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "exercises/proprio-weight-shift.h"
#include "proprio-test-events.h"

#include <math.h>

/* Scripted balance samples at 100 Hz: sample k is at T0 + k · 10 ms. */
#define T0     G_GINT64_CONSTANT (1000000000)
#define PERIOD G_GINT64_CONSTANT (10000)

static ProprioSample
cop_sample (gint64  k,
            double  x,
            double  y)
{
  ProprioSample s = { 0, };

  s.t_us = T0 + k * PERIOD;
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = 7;
  s.values[4] = 70.0;
  s.values[5] = x;
  s.values[6] = y;
  return s;
}

static ProprioSample
empty_sample (gint64 k)
{
  ProprioSample s = { 0, };

  s.t_us = T0 + k * PERIOD;
  s.n_channels = 7;
  s.values[5] = NAN;
  s.values[6] = NAN;
  return s;
}

/* One target at (100, 0), radius 25, dwell 1 s, timeout 10 s, no countdown: the target is
 * presented at the first CoP sample (k = 0). */
static ProprioWeightShift *
single_target (void)
{
  ProprioWeightShift *ws = proprio_weight_shift_new ();

  proprio_weight_shift_set_target_radius (ws, 25.0);
  proprio_weight_shift_clear_targets (ws);
  g_assert_cmpuint (proprio_weight_shift_add_target (ws, 100.0, 0.0), ==, 0);
  proprio_weight_shift_set_dwell (ws, 1.0);
  proprio_weight_shift_set_timeout (ws, 10.0);
  proprio_weight_shift_set_countdown (ws, 0.0);
  return ws;
}

static void
test_hit_after_dwell (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  const ProprioWeightShiftTrial *trial;
  const ProprioTarget *targets;
  ProprioWeightShiftSummary summary;
  ProprioTestEvents events;
  guint n_targets;

  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);

  /* x = 37.5 mm/s · t: at t = 2.00 s (k = 200) x = 75, exactly on the edge of the target
   * (100 − 75 = 25 = radius: inside); at k = 199 x = 74.625, outside. Then hold at 75. */
  for (gint64 k = 0; k <= 200; k++)
    {
      ProprioSample s = cop_sample (k, 37.5 * (double) k / 100.0, 0.0);
      proprio_exercise_feed (ex, &s);
      if (k == 0)
        {
          g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
          g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Move to the target");
        }
    }
  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_DWELLING);
  g_assert_cmpfloat (targets[0].progress, ==, 0.0);

  /* Half-way through the dwell (t = 2.5 s) progress is 0.5. */
  for (gint64 k = 201; k <= 250; k++)
    {
      ProprioSample s = cop_sample (k, 75.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpfloat_with_epsilon (targets[0].progress, 0.5, 1e-12);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);

  /* The dwell completes at k = 300 (t = 3.0 s): hit, and the single-target session is done. */
  for (gint64 k = 251; k <= 299; k++)
    {
      ProprioSample s = cop_sample (k, 75.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);
  {
    ProprioSample s = cop_sample (300, 75.0, 0.0);
    proprio_exercise_feed (ex, &s);
  }
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);

  trial = proprio_weight_shift_get_trial (ws, 0);
  g_assert_cmpint (trial->outcome, ==, PROPRIO_TARGET_HIT);
  g_assert_cmpint (trial->presented_us, ==, T0);
  g_assert_cmpfloat_with_epsilon (trial->time_to_target_s, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (trial->time_to_hit_s, 3.0, 1e-9);
  /* Straight from x = 0 to x = 75. */
  g_assert_cmpfloat_with_epsilon (trial->path_length_mm, 75.0, 1e-9);
  /* 100 − 50 · (3 − 1) / (10 − 1) = 100 − 100/9 */
  g_assert_cmpfloat_with_epsilon (trial->score, 100.0 - 100.0 / 9.0, 1e-9);

  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_HIT);

  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_CUE), ==, T0);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==, T0 + 3000000);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_DONE), ==, T0 + 3000000);

  proprio_weight_shift_get_summary (ws, &summary);
  g_assert_cmpuint (summary.n_presented, ==, 1);
  g_assert_cmpuint (summary.n_hits, ==, 1);
  g_assert_cmpuint (summary.n_missed, ==, 0);
  g_assert_cmpfloat_with_epsilon (summary.mean_time_to_target_s, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary.score, 100.0 - 100.0 / 9.0, 1e-9);
  proprio_test_events_clear (&events);
}

static void
test_leaving_resets_dwell (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  const ProprioWeightShiftTrial *trial;

  proprio_exercise_start (ex);
  /* Outside until 2.0 s, inside (x = 90) 2.0–2.49 s, outside 2.5–2.99 s, inside from 3.0 s: the
   * first stay is too short, so the hit comes 1 s after re-entering, at 4.0 s. */
  for (gint64 k = 0; k <= 500; k++)
    {
      ProprioSample s;
      double x = 0.0;

      if ((k >= 200 && k < 250) || k >= 300)
        x = 90.0;
      s = cop_sample (k, x, 0.0);
      proprio_exercise_feed (ex, &s);
      if (k == 399)
        g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);
      if (k == 260)
        {
          guint n;
          const ProprioTarget *t = proprio_exercise_get_targets (ex, &n);
          g_assert_cmpint (t[0].state, ==, PROPRIO_TARGET_ACTIVE);
          g_assert_cmpfloat (t[0].progress, ==, 0.0);
        }
    }
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);
  trial = proprio_weight_shift_get_trial (ws, 0);
  g_assert_cmpint (trial->outcome, ==, PROPRIO_TARGET_HIT);
  g_assert_cmpfloat_with_epsilon (trial->time_to_target_s, 3.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (trial->time_to_hit_s, 4.0, 1e-9);
  /* 0 → 90, 90 → 0, 0 → 90 */
  g_assert_cmpfloat_with_epsilon (trial->path_length_mm, 270.0, 1e-9);
}

static void
test_timeout_missed (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  const ProprioWeightShiftTrial *trial;
  ProprioWeightShiftSummary summary;
  ProprioTestEvents events;

  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  /* Standing still at the centre for 10 s: nothing yet at exactly the deadline (k = 1000)... */
  for (gint64 k = 0; k <= 1000; k++)
    {
      ProprioSample s = cop_sample (k, 0.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);
  /* ...a tick within the grace after it does not decide either; one 250 ms later does. */
  proprio_exercise_tick (ex, T0 + 10200000);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);
  proprio_exercise_tick (ex, T0 + 10250001);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);

  trial = proprio_weight_shift_get_trial (ws, 0);
  g_assert_cmpint (trial->outcome, ==, PROPRIO_TARGET_MISSED);
  g_assert_true (isnan (trial->time_to_target_s));
  g_assert_cmpfloat (trial->score, ==, 0.0);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_TARGET_MISSED), ==, T0 + 10000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);

  proprio_weight_shift_get_summary (ws, &summary);
  g_assert_cmpuint (summary.n_missed, ==, 1);
  g_assert_true (isnan (summary.mean_time_to_target_s));
  g_assert_cmpfloat (summary.score, ==, 0.0);
  proprio_test_events_clear (&events);
}

static void
test_sample_past_deadline_misses (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  ProprioSample s;

  proprio_weight_shift_set_repetitions (ws, 2);
  proprio_exercise_start (ex);
  s = cop_sample (0, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  /* The next sample comes 10.01 s later: the first presentation was missed at 10.0 s and the
   * second one (same target, second repetition) began then. */
  s = cop_sample (1001, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);
  g_assert_cmpint (proprio_weight_shift_get_trial (ws, 0)->outcome, ==, PROPRIO_TARGET_MISSED);
  g_assert_cmpint (proprio_weight_shift_get_current_target (ws), ==, 0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
}

static void
test_countdown (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  ProprioSample s;
  ProprioTestEvents events;

  proprio_weight_shift_set_countdown (ws, 3.0);
  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  /* The countdown is anchored at the first CoP sample (T0) and shows whole seconds left. */
  for (gint64 k = 0; k < 150; k++)
    {
      s = cop_sample (k, 0.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 2");
  proprio_exercise_tick (ex, T0 + 1500000);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 2");
  for (gint64 k = 150; k < 296; k++)
    {
      s = cop_sample (k, 0.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 1");
  /* A late sample (time order is kept, but it is older than the last tick) cannot count up. */
  proprio_exercise_tick (ex, T0 + 2990000);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 1");
  /* A tick at the end presents the target at exactly T0 + 3 s, even before its sample. */
  proprio_exercise_tick (ex, T0 + 3000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_CUE), ==, T0 + 3000000);
  g_assert_cmpuint (events.kinds->len, ==, 4);  /* 3 countdown ticks, then the cue */
  g_assert_cmpint (g_array_index (events.times, gint64, 1), ==, T0 + 1000000);
  proprio_test_events_clear (&events);
}

static void
test_step_off_pauses (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  ProprioSample s;
  ProprioTestEvents events;

  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  s = cop_sample (0, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  /* Empty board from k = 1: after more than 1 s without CoP (k = 101) the patient is off. */
  for (gint64 k = 1; k <= 100; k++)
    {
      s = empty_sample (k);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  s = empty_sample (101);
  proprio_exercise_feed (ex, &s);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_STEP_OFF), ==, T0);
  g_assert_nonnull (proprio_exercise_get_message (ex));
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);

  /* Back on the board: the same target is presented again, timed from then. */
  s = cop_sample (500, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpint (proprio_weight_shift_get_current_target (ws), ==, 0);
  proprio_test_events_clear (&events);
}

static void
test_bad_samples_ignored (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  ProprioSample s;

  proprio_exercise_start (ex);
  s = cop_sample (0, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  /* NaN CoP, too few channels, a repeated time and a backward time: all four are dropped and
   * counted; none of them moves the CoP into the target. */
  s = cop_sample (1, NAN, 0.0);
  proprio_exercise_feed (ex, &s);
  s = cop_sample (2, 100.0, 0.0);
  s.n_channels = 5;
  proprio_exercise_feed (ex, &s);
  s = cop_sample (3, 0.0, 0.0);
  proprio_exercise_feed (ex, &s);
  s = cop_sample (3, 100.0, 0.0);
  proprio_exercise_feed (ex, &s);
  s = cop_sample (2, 100.0, 0.0);
  proprio_exercise_feed (ex, &s);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (ex), ==, 4);
  {
    guint n;
    const ProprioTarget *t = proprio_exercise_get_targets (ex, &n);
    g_assert_cmpint (t[0].state, ==, PROPRIO_TARGET_ACTIVE);
  }
}

static void
test_presets_and_los_scaling (void)
{
  g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
  ProprioLimits limits = { 0, };
  const ProprioTarget *t;
  guint n;

  proprio_weight_shift_set_distance (ws, 80.0);
  proprio_weight_shift_set_preset (ws, PROPRIO_WEIGHT_SHIFT_LEFT_RIGHT);
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (t[0].x_mm, ==, -80.0);
  g_assert_cmpfloat (t[1].x_mm, ==, 80.0);
  g_assert_cmpfloat (t[1].y_mm, ==, 0.0);

  proprio_weight_shift_set_preset (ws, PROPRIO_WEIGHT_SHIFT_EIGHT_DIRECTIONS);
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpuint (n, ==, 8);
  g_assert_cmpfloat_with_epsilon (t[1].x_mm, 80.0 / G_SQRT2, 1e-9);   /* FR */
  g_assert_cmpfloat_with_epsilon (t[1].y_mm, 80.0 / G_SQRT2, 1e-9);

  /* Limits: 100 mm everywhere but right (120) and backward (60), centre (10, -5).
   * At 75 %: right target at 10 + 90, backward at -5 - 45. */
  limits.centre_x_mm = 10.0;
  limits.centre_y_mm = -5.0;
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    limits.max_excursion_mm[k] = 100.0;
  limits.max_excursion_mm[PROPRIO_DIRECTION_RIGHT] = 120.0;
  limits.max_excursion_mm[PROPRIO_DIRECTION_BACKWARD] = 60.0;
  proprio_weight_shift_set_limits (ws, &limits);
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_RIGHT].x_mm, 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_RIGHT].y_mm, -5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_BACKWARD].y_mm, -50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_BACKWARD].x_mm, 10.0, 1e-9);

  /* 50 %: the forward target at -5 + 50. */
  proprio_weight_shift_set_los_percent (ws, 50.0);
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_FORWARD].y_mm, 45.0, 1e-9);

  /* Targets stay on the board: 200 % of a 120 mm reach would leave it (433/2 − 20 = 196.5). */
  limits.max_excursion_mm[PROPRIO_DIRECTION_RIGHT] = 300.0;
  proprio_weight_shift_set_limits (ws, &limits);
  proprio_weight_shift_set_los_percent (ws, 100.0);
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpfloat_with_epsilon (t[PROPRIO_DIRECTION_RIGHT].x_mm, 196.5, 1e-9);
}

static void
test_random_reproducible (void)
{
  g_autoptr(ProprioWeightShift) a = proprio_weight_shift_new ();
  g_autoptr(ProprioWeightShift) b = proprio_weight_shift_new ();
  const ProprioTarget *ta, *tb;
  guint na, nb;

  proprio_weight_shift_set_random (a, 12, 42);
  proprio_weight_shift_set_preset (a, PROPRIO_WEIGHT_SHIFT_RANDOM);
  proprio_weight_shift_set_random (b, 12, 42);
  proprio_weight_shift_set_preset (b, PROPRIO_WEIGHT_SHIFT_RANDOM);
  ta = proprio_exercise_get_targets (PROPRIO_EXERCISE (a), &na);
  tb = proprio_exercise_get_targets (PROPRIO_EXERCISE (b), &nb);
  g_assert_cmpuint (na, ==, 12);
  g_assert_cmpuint (nb, ==, 12);
  for (guint i = 0; i < na; i++)
    {
      double r = hypot (ta[i].x_mm, ta[i].y_mm);

      g_assert_cmpfloat (ta[i].x_mm, ==, tb[i].x_mm);
      g_assert_cmpfloat (ta[i].y_mm, ==, tb[i].y_mm);
      /* In the ring between half and the full distance (80 mm). */
      g_assert_cmpfloat (r, >=, 40.0 - 1e-9);
      g_assert_cmpfloat (r, <=, 80.0 + 1e-9);
    }
}

static void
test_custom_targets (void)
{
  g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
  const ProprioTarget *t;
  guint n;

  proprio_weight_shift_clear_targets (ws);
  g_assert_cmpint (proprio_weight_shift_get_preset (ws), ==, PROPRIO_WEIGHT_SHIFT_CUSTOM);
  proprio_weight_shift_add_target (ws, 10.0, 20.0);
  proprio_weight_shift_add_target (ws, -30.0, 40.0);
  g_assert_true (proprio_weight_shift_move_target (ws, 0, 15.0, 25.0));
  g_assert_false (proprio_weight_shift_move_target (ws, 5, 0.0, 0.0));
  g_assert_true (proprio_weight_shift_remove_target (ws, 1));
  t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (t[0].x_mm, ==, 15.0);
  g_assert_cmpfloat (t[0].y_mm, ==, 25.0);

  /* With no target at all the exercise ends at once with a message, instead of running empty. */
  proprio_weight_shift_clear_targets (ws);
  proprio_exercise_start (PROPRIO_EXERCISE (ws));
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (ws)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_nonnull (proprio_exercise_get_message (PROPRIO_EXERCISE (ws)));
}

static void
count_changed (ProprioExercise *exercise,
               guint           *count)
{
  (*count)++;
}

static void
test_changed_once_per_tick (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  guint changed = 0;

  g_signal_connect (ex, "changed", G_CALLBACK (count_changed), &changed);
  proprio_exercise_start (ex);
  g_assert_cmpuint (changed, ==, 1);

  /* A frame's worth of samples moving the dwell progress: no emission while feeding... */
  for (gint64 k = 0; k < 5; k++)
    {
      ProprioSample s = cop_sample (k, 90.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpuint (changed, ==, 1);
  /* ...one at the frame's tick, none at a tick with nothing new. */
  proprio_exercise_tick (ex, T0 + 50000);
  g_assert_cmpuint (changed, ==, 2);
  proprio_exercise_tick (ex, T0 + 60000);
  g_assert_cmpuint (changed, ==, 2);

  /* Configuration changes emit at once (the target editor redraws). */
  proprio_exercise_stop (ex);
  g_assert_cmpuint (changed, ==, 3);
  proprio_weight_shift_move_target (ws, 0, 50.0, 10.0);
  g_assert_cmpuint (changed, ==, 4);
}

/* Hits the single target: in at k = 200 (x = 75 mm), held until k = 300. */
static void
feed_hit (ProprioExercise *ex,
          gint64           k_from)
{
  for (gint64 k = k_from; k <= k_from + 300; k++)
    {
      ProprioSample s = cop_sample (k, k - k_from < 200 ? 0.0 : 75.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
}

static void
test_settings_keep_results (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) trials = NULL;
  g_autoptr(GVariant) trial = NULL;
  ProprioWeightShiftTrial before;
  const ProprioWeightShiftTrial *after;
  const ProprioTarget *t;
  double dwell_s, x_mm;
  guint n;

  proprio_exercise_start (ex);
  feed_hit (ex, 0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);
  before = *proprio_weight_shift_get_trial (ws, 0);
  g_assert_cmpfloat (before.target_x_mm, ==, 100.0);
  g_assert_cmpfloat (before.target_radius_mm, ==, 25.0);
  /* Until the layout changes, the view shows the run's targets with their outcome. */
  t = proprio_exercise_get_targets (ex, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (t[0].state, ==, PROPRIO_TARGET_HIT);

  /* A new layout and timing for the next session. */
  proprio_weight_shift_set_preset (ws, PROPRIO_WEIGHT_SHIFT_FRONT_BACK);
  proprio_weight_shift_set_target_radius (ws, 30.0);
  proprio_weight_shift_set_dwell (ws, 2.0);
  proprio_weight_shift_set_repetitions (ws, 3);

  /* The finished session is unchanged, with the target it presented. */
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 1);
  after = proprio_weight_shift_get_trial (ws, 0);
  g_assert_cmpmem (after, sizeof *after, &before, sizeof before);
  result = proprio_exercise_dup_result (ex);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "dwell-s", "d",
                                   &dwell_s));
  g_assert_cmpfloat (dwell_s, ==, 1.0);
  trials = g_variant_lookup_value (proprio_exercise_result_get_results (result), "trials",
                                   G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (trials), ==, 1);
  trial = g_variant_get_child_value (trials, 0);
  g_assert_true (g_variant_lookup (trial, "target-x-mm", "d", &x_mm));
  g_assert_cmpfloat (x_mm, ==, 100.0);

  /* The view now shows the next run's layout: forward and backward, radius 30. */
  t = proprio_exercise_get_targets (ex, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (t[0].x_mm, ==, 0.0);
  g_assert_cmpfloat (t[0].y_mm, ==, 80.0);
  g_assert_cmpfloat (t[0].radius_mm, ==, 30.0);

  /* The next start clears the trials and uses the new settings. */
  proprio_exercise_start (ex);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 0);
  {
    ProprioSample s = cop_sample (1000, 0.0, 0.0);
    proprio_exercise_feed (ex, &s);
  }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpint (proprio_weight_shift_get_current_target (ws), ==, 0);
}

static void
test_time_left_and_dwell (void)
{
  g_autoptr(ProprioWeightShift) ws = single_target ();
  ProprioExercise *ex = PROPRIO_EXERCISE (ws);

  proprio_weight_shift_set_countdown (ws, 2.0);
  proprio_exercise_start (ex);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  g_assert_cmpfloat (proprio_weight_shift_get_dwell_progress (ws), ==, 0.0);
  /* The countdown from the first CoP (T0) to T0 + 2 s. */
  for (gint64 k = 0; k < 100; k++)
    {
      ProprioSample s = cop_sample (k, 0.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 1250000), 0.75, 1e-12);
  /* Presented at T0 + 2 s: 10 s to reach it. Inside from k = 450, so at k = 700 the dwell is
   * a quarter done... */
  for (gint64 k = 100; k <= 475; k++)
    {
      ProprioSample s = cop_sample (k, k >= 450 ? 90.0 : 0.0, 0.0);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 4750000), 7.25, 1e-12);
  g_assert_cmpfloat_with_epsilon (proprio_weight_shift_get_dwell_progress (ws), 0.25, 1e-12);
  /* ...and leaving resets it. */
  {
    ProprioSample s = cop_sample (476, 0.0, 0.0);
    proprio_exercise_feed (ex, &s);
  }
  g_assert_cmpfloat (proprio_weight_shift_get_dwell_progress (ws), ==, 0.0);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 13000000), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weight-shift/hit-after-dwell", test_hit_after_dwell);
  g_test_add_func ("/weight-shift/leaving-resets-dwell", test_leaving_resets_dwell);
  g_test_add_func ("/weight-shift/timeout-missed", test_timeout_missed);
  g_test_add_func ("/weight-shift/sample-past-deadline-misses", test_sample_past_deadline_misses);
  g_test_add_func ("/weight-shift/countdown", test_countdown);
  g_test_add_func ("/weight-shift/step-off-pauses", test_step_off_pauses);
  g_test_add_func ("/weight-shift/settings-keep-results", test_settings_keep_results);
  g_test_add_func ("/weight-shift/time-left-and-dwell", test_time_left_and_dwell);
  g_test_add_func ("/weight-shift/bad-samples-ignored", test_bad_samples_ignored);
  g_test_add_func ("/weight-shift/presets-and-los-scaling", test_presets_and_los_scaling);
  g_test_add_func ("/weight-shift/random-reproducible", test_random_reproducible);
  g_test_add_func ("/weight-shift/custom-targets", test_custom_targets);
  g_test_add_func ("/weight-shift/changed-once-per-tick", test_changed_once_per_tick);

  return g_test_run ();
}
