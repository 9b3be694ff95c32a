/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "exercises/proprio-los-test.h"

#include <math.h>
#include <string.h>

/* Scripted balance samples at 100 Hz: sample k at T0 + k · 10 ms. */
#define T0     G_GINT64_CONSTANT (1000000000)
#define PERIOD G_GINT64_CONSTANT (10000)
#define N_LEAN 800   /* 8 s */

/* The scripted lean of the brief, along the unit vector (ux, uy), from the cue at k = 0:
 *   k ≤ 30 (0.3 s)  still at the centre;
 *   then 50 mm/s (0.5 mm per sample) until `reach` mm, then held.
 * With `side_per_mm` ≠ 0 the CoP also drifts sideways by that many mm per mm of lean. */
static void
scripted_lean (gint64 *t,
               double *x,
               double *y,
               double  ux,
               double  uy,
               double  reach,
               double  side_per_mm)
{
  for (gint64 k = 0; k < N_LEAN; k++)
    {
      double u = k <= 30 ? 0.0 : MIN (50.0 * (double) (k - 30) / 100.0, reach);
      double w = side_per_mm * u;

      t[k] = T0 + k * PERIOD;
      /* (ux, uy) is on-axis, (-uy, ux) is off-axis. */
      x[k] = u * ux - w * uy;
      y[k] = u * uy + w * ux;
    }
}

static void
test_analyse_straight_lean (void)
{
  gint64 t[N_LEAN];
  double x[N_LEAN], y[N_LEAN];
  ProprioLosMetrics m;
  g_autoptr(GError) error = NULL;

  scripted_lean (t, x, y, 0.0, 1.0, 80.0, 0.0);

  /* Threshold 5 % of 100 mm = 5 mm/s. The 50 ms velocity at k = 31 is 0.5 mm / 0.05 s = 10 mm/s,
   * the first above the threshold, and it stays above for 100 ms: the movement began in the
   * interval ending at k = 31, so onset = t(30) = 0.30 s after the cue. */
  g_assert_true (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                      100.0, 0.05, 0.0, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (m.reaction_time_s, 0.30, 1e-12);
  /* 80 mm reached at k = 190 (1.9 s); the velocity stays under the threshold from k = 195. */
  g_assert_cmpfloat_with_epsilon (m.end_s, 1.90, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.endpoint_mm, 80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.endpoint_pct, 80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.max_excursion_mm, 80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.max_excursion_pct, 80.0, 1e-12);
  /* 5 % → 95 % of the 80 mm movement (4 → 76 mm) takes 72 / 50 = 1.44 s: 50 mm/s. */
  g_assert_cmpfloat_with_epsilon (m.movement_velocity_mm_s, 50.0, 1e-9);
  g_assert_true (isnan (m.movement_velocity_deg_s));
  g_assert_cmpfloat_with_epsilon (m.directional_control_pct, 100.0, 1e-12);
  g_assert_cmpfloat (m.max_x_mm, ==, 0.0);
  g_assert_cmpfloat (m.max_y_mm, ==, 80.0);

  /* The default threshold (10 % → 10 mm/s) sits exactly at the first window's velocity, so the
   * onset is found at 0.30 s or one sample later. Velocity, endpoint and control do not move. */
  g_assert_true (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                      100.0, PROPRIO_LOS_DEFAULT_THRESHOLD, 1.80, &m, &error));
  g_assert_cmpfloat (fabs (m.reaction_time_s - 0.30), <=, 0.010 + 1e-12);
  g_assert_cmpfloat_with_epsilon (m.movement_velocity_mm_s, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.endpoint_pct, 80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.directional_control_pct, 100.0, 1e-9);
  {
    /* °/s with a 1.80 m patient: the COG at 0.55 · 1800 = 990 mm; the 5 %–95 % levels of the
     * movement from u(onset) = 50 · (RT − 0.3) to 80 mm, angles atan(u / 990). */
    double u0 = 50.0 * (m.reaction_time_s - 0.30);
    double lo = u0 + 0.05 * (80.0 - u0), hi = u0 + 0.95 * (80.0 - u0);
    double deg = (atan (hi / 990.0) - atan (lo / 990.0)) * 180.0 / G_PI;

    g_assert_cmpfloat_with_epsilon (m.movement_velocity_deg_s, deg / ((hi - lo) / 50.0), 1e-9);
    /* about 2.89 °/s */
    g_assert_cmpfloat (fabs (m.movement_velocity_deg_s - 2.89), <, 0.01);
  }
}

static void
test_analyse_off_axis_lean (void)
{
  gint64 t[N_LEAN];
  double x[N_LEAN], y[N_LEAN];
  ProprioLosMetrics m;
  g_autoptr(GError) error = NULL;

  /* Forward at 50 mm/s while drifting right at 10 mm/s (0.2 mm per mm of lean): over the primary
   * movement on-axis 80 mm, off-axis 16 mm: (80 − 16) / 80 = 80 %. */
  scripted_lean (t, x, y, 0.0, 1.0, 80.0, -0.2);
  g_assert_cmpfloat (x[190], ==, 16.0);
  g_assert_true (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                      100.0, 0.05, 0.0, &m, &error));
  g_assert_cmpfloat_with_epsilon (m.directional_control_pct, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.endpoint_pct, 80.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.reaction_time_s, 0.30, 1e-12);

  /* Toward backward-left, with a sideways drift of 0.5 mm per mm: (80 − 40) / 80 = 50 %. */
  scripted_lean (t, x, y, -G_SQRT2 / 2.0, -G_SQRT2 / 2.0, 80.0, 0.5);
  g_assert_true (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0,
                                      PROPRIO_DIRECTION_BACKWARD_LEFT,
                                      100.0, 0.05, 0.0, &m, &error));
  g_assert_cmpfloat_with_epsilon (m.directional_control_pct, 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.endpoint_mm, 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.movement_velocity_mm_s, 50.0, 1e-9);
}

static void
test_analyse_bad_input (void)
{
  gint64 t[N_LEAN];
  double x[N_LEAN], y[N_LEAN];
  ProprioLosMetrics m;
  GError *error = NULL;

  /* Standing still: no movement, the maximal excursion is still reported (0 %). */
  scripted_lean (t, x, y, 0.0, 1.0, 0.0, 0.0);
  g_assert_false (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                       100.0, 0.05, 0.0, &m, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_NO_MOVEMENT);
  g_clear_error (&error);
  g_assert_cmpfloat (m.max_excursion_pct, ==, 0.0);
  g_assert_true (isnan (m.reaction_time_s));
  g_assert_true (isnan (m.directional_control_pct));

  /* Too few samples after the cue. */
  scripted_lean (t, x, y, 0.0, 1.0, 80.0, 0.0);
  g_assert_false (proprio_los_analyse (t, x, y, N_LEAN, t[N_LEAN - 5], 0.0, 0.0,
                                       PROPRIO_DIRECTION_FORWARD, 100.0, 0.05, 0.0, &m, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_TOO_FEW_SAMPLES);
  g_clear_error (&error);
  g_assert_false (proprio_los_analyse (NULL, NULL, NULL, 0, T0, 0.0, 0.0,
                                       PROPRIO_DIRECTION_FORWARD, 100.0, 0.05, 0.0, &m, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_TOO_FEW_SAMPLES);
  g_clear_error (&error);

  /* A NaN, or a zero target distance: refused, never a silently wrong figure. */
  y[100] = NAN;
  g_assert_false (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                       100.0, 0.05, 0.0, &m, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (isnan (m.endpoint_pct));
  y[100] = 35.0;
  g_assert_false (proprio_los_analyse (t, x, y, N_LEAN, T0, 0.0, 0.0, PROPRIO_DIRECTION_FORWARD,
                                       0.0, 0.05, 0.0, &m, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_geometry (void)
{
  double d[PROPRIO_N_DIRECTIONS];
  ProprioLimits limits = { 0, };
  double ux, uy;

  /* 1.70 m: COG at 935 mm; forward 935 · tan 8° ≈ 131.4 mm, backward 935 · tan 4.5° ≈ 73.6 mm. */
  proprio_los_theoretical_distances (1.70, d);
  g_assert_cmpfloat_with_epsilon (d[PROPRIO_DIRECTION_FORWARD], 935.0 * tan (8.0 * G_PI / 180.0), 1e-9);
  g_assert_cmpfloat (fabs (d[PROPRIO_DIRECTION_FORWARD] - 131.4), <, 0.05);
  g_assert_cmpfloat (fabs (d[PROPRIO_DIRECTION_BACKWARD] - 73.6), <, 0.05);
  g_assert_cmpfloat (d[PROPRIO_DIRECTION_LEFT], ==, d[PROPRIO_DIRECTION_RIGHT]);
  /* At 45° on the ellipse with equal semi-axes: the same radius. */
  g_assert_cmpfloat_with_epsilon (d[PROPRIO_DIRECTION_FORWARD_RIGHT], d[PROPRIO_DIRECTION_RIGHT], 1e-9);

  proprio_direction_get_unit (PROPRIO_DIRECTION_BACKWARD_RIGHT, &ux, &uy);
  g_assert_cmpfloat_with_epsilon (ux, G_SQRT2 / 2.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (uy, -G_SQRT2 / 2.0, 1e-15);

  /* A regular octagon of radius 100: 100 at a vertex, the apothem 100 · cos 22.5° between. */
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    limits.max_excursion_mm[k] = 100.0;
  g_assert_cmpfloat_with_epsilon (proprio_limits_reach (&limits, 0.0, 1.0), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_limits_reach (&limits, -1.0, -1.0), 100.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_limits_reach (&limits, cos (G_PI * 67.5 / 180.0),
                                                        sin (G_PI * 67.5 / 180.0)),
                                  100.0 * cos (G_PI / 8.0), 1e-9);
  /* A vertex moved out to 200 mm is reached along its own direction. */
  limits.max_excursion_mm[PROPRIO_DIRECTION_RIGHT] = 200.0;
  {
    double s = proprio_limits_reach (&limits, 1.0, 0.0);
    g_assert_cmpfloat_with_epsilon (s, 200.0, 1e-9);
  }
  limits.max_excursion_mm[PROPRIO_DIRECTION_LEFT] = NAN;
  g_assert_false (proprio_limits_is_valid (&limits));
  g_assert_true (isnan (proprio_limits_reach (&limits, 1.0, 0.0)));
}

/* The engine: hold 1 s, trial 3 s, target 100 mm in every direction. The first CoP sample at T0
 * starts the hold, so direction i is cued at T0 + 1 s + i · 4 s and ends 3 s later. In direction
 * i the patient leans 60 + 5·i mm (0.3 s after the cue, at 50 mm/s), holds, and is back in the
 * centre when the trial ends. */
#define HOLD_S  1
#define TRIAL_S 3

static double
reach_of (guint i)
{
  return 60.0 + 5.0 * i;
}

static void
position_at (gint64  k,
             double *x,
             double *y)
{
  gint64 per_dir = (HOLD_S + TRIAL_S) * 100;
  gint64 i = k / per_dir, in_dir = k % per_dir - HOLD_S * 100;
  double ux, uy, u;

  *x = *y = 0.0;
  if (i >= PROPRIO_N_DIRECTIONS || in_dir <= 30)
    return;
  u = MIN (50.0 * (double) (in_dir - 30) / 100.0, reach_of ((guint) i));
  proprio_direction_get_unit ((ProprioDirection) i, &ux, &uy);
  *x = u * ux;
  *y = u * uy;
}

static ProprioSample
sample_at (gint64 k)
{
  ProprioSample s = { 0, };

  s.t_us = T0 + k * PERIOD;
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = 7;
  position_at (k, &s.values[5], &s.values[6]);
  return s;
}

static ProprioLosTest *
scripted_engine (void)
{
  ProprioLosTest *los = proprio_los_test_new ();

  proprio_los_test_set_hold (los, HOLD_S);
  proprio_los_test_set_trial_duration (los, TRIAL_S);
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    proprio_los_test_set_target_distance (los, k, 100.0);
  return los;
}

static void
count_event (ProprioExercise      *exercise,
             ProprioExerciseEvent  event,
             gint64                t_us,
             GArray               *cues)
{
  if (event == PROPRIO_EXERCISE_EVENT_CUE)
    g_array_append_val (cues, t_us);
}

static void
test_engine_eight_directions (void)
{
  g_autoptr(ProprioLosTest) los = scripted_engine ();
  ProprioExercise *ex = PROPRIO_EXERCISE (los);
  g_autoptr(GArray) cues = g_array_new (FALSE, FALSE, sizeof (gint64));
  double polygon[2 * PROPRIO_N_DIRECTIONS];
  ProprioLimits limits;
  const ProprioTarget *targets;
  g_autoptr(GError) error = NULL;
  guint n_targets;

  g_signal_connect (ex, "event", G_CALLBACK (count_event), cues);
  g_assert_false (proprio_los_test_get_polygon (los, polygon));
  proprio_exercise_start (ex);

  /* 8 × 4 s, plus one sample to close the last trial; a tick every 16 ms like a frame clock. */
  for (gint64 k = 0; k <= PROPRIO_N_DIRECTIONS * (HOLD_S + TRIAL_S) * 100; k++)
    {
      ProprioSample s = sample_at (k);

      proprio_exercise_feed (ex, &s);
      if (k % 2 == 0)
        proprio_exercise_tick (ex, s.t_us + 1000);
      if (k == 50)
        g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Stand still in the centre… 1");
      if (k == 150)
        {
          g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
          g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==,
                           "Forward: lean as far as you can and hold");
          g_assert_cmpint (proprio_los_test_get_current (los), ==, PROPRIO_DIRECTION_FORWARD);
        }
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (cues->len, ==, PROPRIO_N_DIRECTIONS);

  for (guint i = 0; i < PROPRIO_N_DIRECTIONS; i++)
    {
      const ProprioLosResult *r = proprio_los_test_get_result (los, i);

      g_assert_cmpint (g_array_index (cues, gint64, i), ==,
                       T0 + (HOLD_S + i * (HOLD_S + TRIAL_S)) * G_USEC_PER_SEC);
      g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_DONE);
      g_assert_null (r->message);
      g_assert_cmpint (r->cue_us, ==, g_array_index (cues, gint64, i));
      g_assert_cmpfloat (fabs (r->centre_x_mm), <, 1e-12);
      g_assert_cmpfloat (fabs (r->centre_y_mm), <, 1e-12);
      /* hold (100 samples) + trial (300) */
      g_assert_cmpuint (r->n, ==, (HOLD_S + TRIAL_S) * 100);
      g_assert_cmpfloat (fabs (r->metrics.reaction_time_s - 0.30), <=, 0.010 + 1e-9);
      g_assert_cmpfloat_with_epsilon (r->metrics.movement_velocity_mm_s, 50.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (r->metrics.endpoint_pct, reach_of (i), 1e-9);
      g_assert_cmpfloat_with_epsilon (r->metrics.max_excursion_pct, reach_of (i), 1e-9);
      g_assert_cmpfloat_with_epsilon (r->metrics.directional_control_pct, 100.0, 1e-9);
    }

  g_assert_true (proprio_los_test_get_polygon (los, polygon));
  g_assert_cmpfloat_with_epsilon (polygon[2 * PROPRIO_DIRECTION_FORWARD + 1], 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (polygon[2 * PROPRIO_DIRECTION_RIGHT], 70.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (polygon[2 * PROPRIO_DIRECTION_LEFT], -90.0, 1e-9);

  g_assert_true (proprio_los_test_get_limits (los, &limits, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_limits_is_valid (&limits));
  for (guint i = 0; i < PROPRIO_N_DIRECTIONS; i++)
    g_assert_cmpfloat_with_epsilon (limits.max_excursion_mm[i], reach_of (i), 1e-9);

  /* A target (100 mm, radius 15) shows HIT when the lean came within 15 mm of it: the 60 mm
   * forward lean did not, the 95 mm forward-left one did. */
  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpuint (n_targets, ==, PROPRIO_N_DIRECTIONS);
  g_assert_cmpint (targets[PROPRIO_DIRECTION_FORWARD].state, ==, PROPRIO_TARGET_MISSED);
  g_assert_cmpint (targets[PROPRIO_DIRECTION_FORWARD_LEFT].state, ==, PROPRIO_TARGET_HIT);
  g_assert_cmpfloat_with_epsilon (targets[PROPRIO_DIRECTION_RIGHT].x_mm, 100.0, 1e-9);
}

static void
test_engine_step_off_and_incomplete (void)
{
  g_autoptr(ProprioLosTest) los = scripted_engine ();
  ProprioExercise *ex = PROPRIO_EXERCISE (los);
  const ProprioDirection only[] = { PROPRIO_DIRECTION_FORWARD, PROPRIO_DIRECTION_FORWARD_RIGHT };
  const ProprioLosResult *r;
  ProprioLimits limits;
  GError *error = NULL;
  gint64 k;

  proprio_los_test_set_directions (los, only, G_N_ELEMENTS (only));
  proprio_exercise_start (ex);
  /* Hold 1 s, cue, then the board goes empty 0.5 s into the trial. */
  for (k = 0; k < 150; k++)
    {
      ProprioSample s = sample_at (k);
      proprio_exercise_feed (ex, &s);
    }
  for (; k < 300; k++)
    {
      ProprioSample s = { 0, };
      s.t_us = T0 + k * PERIOD;
      s.n_channels = 7;
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);
  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_STEPPED_OFF);
  g_assert_nonnull (strstr (r->message, "stepped off"));
  g_assert_cmpstr (proprio_exercise_get_message (ex), ==, r->message);

  /* Continue: the forward direction is run again from a new hold. */
  g_assert_true (proprio_exercise_proceed (ex));
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  for (; k < 1200; k++)
    {
      /* Re-use the script shifted so the new hold starts at k = 300. */
      ProprioSample s = sample_at (k - 300);
      s.t_us = T0 + k * PERIOD;
      proprio_exercise_feed (ex, &s);
    }
  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_DONE);
  g_assert_cmpfloat_with_epsilon (r->metrics.endpoint_pct, 60.0, 1e-9);
  g_assert_cmpint (r->cue_us, ==, T0 + 4 * G_USEC_PER_SEC);
  /* The second direction follows the script's second lean: forward right, 65 mm. */
  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD_RIGHT);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_DONE);
  g_assert_cmpfloat_with_epsilon (r->metrics.endpoint_pct, 65.0, 1e-9);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);

  /* Two directions are no basis for limits: the message names what is missing. */
  g_assert_false (proprio_los_test_get_limits (los, &limits, &error));
  g_assert_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INCOMPLETE);
  g_assert_nonnull (strstr (error->message, "Backward left"));
  g_assert_null (strstr (error->message, "Forward right"));
  g_assert_null (strstr (error->message, "Forward,"));
  g_clear_error (&error);
}

/* Finished with a direction where the patient did not move: one message for the finished test,
 * not "Finished" beside the last direction's "no movement" note (which stays in its result). */
static void
test_engine_finished_message (void)
{
  g_autoptr(ProprioLosTest) los = scripted_engine ();
  ProprioExercise *ex = PROPRIO_EXERCISE (los);
  const ProprioDirection only[] = { PROPRIO_DIRECTION_FORWARD, PROPRIO_DIRECTION_FORWARD_RIGHT };
  const ProprioLosResult *r;
  gint64 k;

  proprio_los_test_set_directions (los, only, G_N_ELEMENTS (only));
  proprio_exercise_start (ex);
  /* Forward as scripted; then standing still through the second direction. */
  for (k = 0; k < 1000; k++)
    {
      ProprioSample s = sample_at (k < 400 ? k : 0);

      s.t_us = T0 + k * PERIOD;
      proprio_exercise_feed (ex, &s);
    }
  proprio_exercise_tick (ex, T0 + k * PERIOD);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Finished");
  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD_RIGHT);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_NO_MOVEMENT);
  g_assert_nonnull (strstr (r->message, "no movement"));
  g_assert_cmpstr (proprio_exercise_get_message (ex), ==,
                   "1 of 2 directions measured: see the results for the others.");
}

static void
test_engine_default_targets (void)
{
  g_autoptr(ProprioLosTest) los = proprio_los_test_new ();

  /* 1.70 m by default; forward 131.4 mm is capped at 90 % of the board's 119 mm half-length. */
  g_assert_cmpfloat_with_epsilon (proprio_los_test_get_target_distance (los, PROPRIO_DIRECTION_FORWARD),
                                  0.9 * 119.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_los_test_get_target_distance (los, PROPRIO_DIRECTION_RIGHT),
                                  935.0 * tan (8.0 * G_PI / 180.0), 1e-9);
  /* A shorter patient (1.20 m): forward 660 · tan 8° ≈ 92.8 mm fits on the board. */
  proprio_los_test_set_height (los, 1.20);
  g_assert_cmpfloat_with_epsilon (proprio_los_test_get_target_distance (los, PROPRIO_DIRECTION_FORWARD),
                                  660.0 * tan (8.0 * G_PI / 180.0), 1e-9);
}

static void
test_engine_settings_keep_results (void)
{
  g_autoptr(ProprioLosTest) los = scripted_engine ();
  ProprioExercise *ex = PROPRIO_EXERCISE (los);
  const ProprioDirection two[] = { PROPRIO_DIRECTION_FORWARD, PROPRIO_DIRECTION_FORWARD_RIGHT };
  const ProprioDirection back[] = { PROPRIO_DIRECTION_BACKWARD };
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) directions = NULL;
  g_autoptr(GVariant) tested = NULL;
  g_autoptr(GArray) trace = g_array_new (FALSE, FALSE, sizeof (double));
  const ProprioLosResult *r;
  const ProprioTarget *targets;
  ProprioLosMetrics metrics;
  double trial_s;
  gsize n;
  guint n_targets;

  proprio_los_test_set_directions (los, two, G_N_ELEMENTS (two));
  proprio_exercise_start (ex);
  for (gint64 k = 0; k <= 2 * (HOLD_S + TRIAL_S) * 100; k++)
    {
      ProprioSample s = sample_at (k);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD_RIGHT);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_DONE);
  metrics = r->metrics;
  n = r->n;
  g_array_append_vals (trace, r->y_mm, r->n);
  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpuint (n_targets, ==, 2);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_MISSED);

  /* Another plan for the next test. */
  proprio_los_test_set_directions (los, back, G_N_ELEMENTS (back));
  proprio_los_test_set_trial_duration (los, 5.0);
  proprio_los_test_set_target_radius (los, 30.0);
  proprio_los_test_set_height (los, 1.20);

  r = proprio_los_test_get_result (los, PROPRIO_DIRECTION_FORWARD_RIGHT);
  g_assert_cmpint (r->status, ==, PROPRIO_LOS_STATUS_DONE);
  g_assert_cmpuint (r->n, ==, n);
  g_assert_cmpmem (&r->metrics, sizeof r->metrics, &metrics, sizeof metrics);
  g_assert_cmpmem (r->y_mm, r->n * sizeof (double), trace->data, trace->len * sizeof (double));
  g_assert_cmpfloat (r->target_mm, ==, 100.0);

  /* The result: the settings and the directions of the run. */
  result = proprio_exercise_dup_result (ex);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "trial-s", "d",
                                   &trial_s));
  g_assert_cmpfloat (trial_s, ==, TRIAL_S);
  directions = g_variant_lookup_value (proprio_exercise_result_get_settings (result),
                                       "directions", G_VARIANT_TYPE_STRING_ARRAY);
  g_assert_cmpuint (g_variant_n_children (directions), ==, 2);
  tested = g_variant_lookup_value (proprio_exercise_result_get_results (result), "directions",
                                   G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (tested), ==, 2);

  /* The view shows the next layout: one target backward, radius 30. */
  targets = proprio_exercise_get_targets (ex, &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpfloat (targets[0].radius_mm, ==, 30.0);
  g_assert_cmpfloat (targets[0].y_mm, <, 0.0);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_IDLE);
}

static void
test_engine_time_left (void)
{
  g_autoptr(ProprioLosTest) los = scripted_engine ();
  ProprioExercise *ex = PROPRIO_EXERCISE (los);

  proprio_exercise_start (ex);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  /* The hold: from the first CoP (T0) to the cue at T0 + 1 s. */
  for (gint64 k = 0; k <= 50; k++)
    {
      ProprioSample s = sample_at (k);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 500000), 0.5, 1e-12);
  /* The direction's trial: 3 s from the cue. */
  for (gint64 k = 51; k <= 150; k++)
    {
      ProprioSample s = sample_at (k);
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 1500000), 2.5, 1e-12);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 9000000), ==, 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/los/analyse-straight-lean", test_analyse_straight_lean);
  g_test_add_func ("/los/analyse-off-axis-lean", test_analyse_off_axis_lean);
  g_test_add_func ("/los/analyse-bad-input", test_analyse_bad_input);
  g_test_add_func ("/los/geometry", test_geometry);
  g_test_add_func ("/los/engine-eight-directions", test_engine_eight_directions);
  g_test_add_func ("/los/engine-step-off-and-incomplete", test_engine_step_off_and_incomplete);
  g_test_add_func ("/los/engine-finished-message", test_engine_finished_message);
  g_test_add_func ("/los/engine-default-targets", test_engine_default_targets);
  g_test_add_func ("/los/engine-settings-keep-results", test_engine_settings_keep_results);
  g_test_add_func ("/los/engine-time-left", test_engine_time_left);

  return g_test_run ();
}
