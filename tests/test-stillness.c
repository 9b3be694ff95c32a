/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stillness detector: still exactly when the position has stayed within the range for the
 * hold time; a movement, a missing position or a gap starts the stretch again; the mean is the
 * held position. */
#include "config.h"

#include <math.h>

#include "core/proprio-stillness.h"

#define STEP_US G_GINT64_CONSTANT (20000)

/* Held within the range: still at exactly the hold time after the first sample, not before. */
static void
test_still_after_hold (void)
{
  g_autoptr(ProprioStillness) s = proprio_stillness_new (1, 2.0, 1000000, 250000);
  gint64 t = 1000000;
  double a;

  for (guint i = 0; i < 50; i++, t += STEP_US)
    {
      a = 40.0 + (i % 2 == 0 ? 0.9 : -0.9);  /* a 1.8° wobble: within 2° */
      g_assert_false (proprio_stillness_push (s, t, &a));
      g_assert_cmpint (proprio_stillness_get_held_us (s), ==, (gint64) i * STEP_US);
    }
  /* The 51st sample is 1 s after the first. */
  a = 40.9;
  g_assert_true (proprio_stillness_push (s, t, &a));
  g_assert_true (proprio_stillness_is_still (s));
  g_assert_cmpfloat (proprio_stillness_get_progress (s), ==, 1.0);
  /* Capped to the hold: the stretch slides and stays one second long. */
  for (guint i = 0; i < 100; i++)
    {
      t += STEP_US;
      a = 40.0 + (i % 2 == 0 ? -0.9 : 0.9);
      g_assert_true (proprio_stillness_push (s, t, &a));
      g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 1000000);
    }
}

/* A sample out of the range drops what came before it; the stretch restarts at the first sample
 * within the range of the newest. */
static void
test_movement_restarts (void)
{
  g_autoptr(ProprioStillness) s = proprio_stillness_new (1, 2.0, 500000, 250000);
  gint64 t = 0;
  double a = 10.0, mean = NAN;

  for (guint i = 0; i < 30; i++, t += STEP_US)
    proprio_stillness_push (s, t, &a);
  g_assert_true (proprio_stillness_is_still (s));
  /* A step of 3°: not still, the stretch is the new sample alone. */
  a = 13.0;
  g_assert_false (proprio_stillness_push (s, t, &a));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 0);
  /* 1.5° back: within 2° of 13, so the stretch grows from the step on. */
  t += STEP_US;
  a = 11.5;
  g_assert_false (proprio_stillness_push (s, t, &a));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, STEP_US);
  g_assert_true (proprio_stillness_get_mean (s, &mean));
  g_assert_cmpfloat_with_epsilon (mean, 12.25, 1e-12);
}

/* A missing position (NaN) or a gap longer than the limit starts again; a shorter gap does not. */
static void
test_nan_and_gaps (void)
{
  g_autoptr(ProprioStillness) s = proprio_stillness_new (1, 2.0, 200000, 250000);
  double a = 5.0, nan_value = NAN;
  gint64 t = 0;

  for (guint i = 0; i < 20; i++, t += STEP_US)
    proprio_stillness_push (s, t, &a);
  g_assert_true (proprio_stillness_is_still (s));
  g_assert_false (proprio_stillness_push (s, t, &nan_value));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 0);
  g_assert_false (proprio_stillness_get_mean (s, &a));
  a = 5.0;
  t += STEP_US;
  proprio_stillness_push (s, t, &a);
  /* 240 ms later: still one stretch. */
  t += 240000;
  proprio_stillness_push (s, t, &a);
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 240000);
  g_assert_true (proprio_stillness_is_still (s));
  /* 260 ms later: a gap, a new stretch. */
  t += 260000;
  g_assert_false (proprio_stillness_push (s, t, &a));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 0);
  /* NULL is no position either; a time that does not increase is ignored. */
  g_assert_false (proprio_stillness_push (s, t + STEP_US, NULL));
  proprio_stillness_push (s, t + 2 * STEP_US, &a);
  a = 100.0;
  proprio_stillness_push (s, t + 2 * STEP_US, &a);
  g_assert_true (proprio_stillness_get_mean (s, &a));
  g_assert_cmpfloat (a, ==, 5.0);
}

/* Two axes: each must stay within the range; the mean is per axis. */
static void
test_two_axes (void)
{
  g_autoptr(ProprioStillness) s = proprio_stillness_new (2, 10.0, 1000000, 250000);
  double p[2], mean[2];
  gint64 t = 0;

  for (guint i = 0; i <= 50; i++, t += STEP_US)
    {
      /* x wobbles by 8 mm, y by 9 mm: within 10 on each axis (the diagonal is 12). */
      p[0] = 50.0 + (i % 2 == 0 ? 4.0 : -4.0);
      p[1] = -20.0 + (i % 3 == 0 ? 4.5 : -4.5);
      proprio_stillness_push (s, t, p);
    }
  g_assert_true (proprio_stillness_is_still (s));
  g_assert_true (proprio_stillness_get_mean (s, mean));
  /* 51 samples: 26 at +4 and 25 at −4 in x; 17 at +4.5 and 34 at −4.5 in y. */
  g_assert_cmpfloat_with_epsilon (mean[0], 50.0 + 4.0 / 51.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mean[1], -21.5, 1e-9);
  /* y jumps 11 mm: no longer still. */
  p[0] = 50.0;
  p[1] = -20.0 + 4.5 + 11.0;
  g_assert_false (proprio_stillness_push (s, t, p));
}

/* A long hold at a high rate: the storage grows and the answer stays exact. */
static void
test_long_window (void)
{
  g_autoptr(ProprioStillness) s = proprio_stillness_new (1, 1.0, 5000000, 250000);
  double a, mean = NAN;
  gint64 t = 0;

  /* 1 kHz for 6 s: 5001 samples in the stretch at the end. */
  for (guint i = 0; i < 6000; i++, t += 1000)
    {
      a = 20.0 + 0.4 * sin (i * 0.01);
      proprio_stillness_push (s, t, &a);
    }
  g_assert_true (proprio_stillness_is_still (s));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 5000000);
  g_assert_true (proprio_stillness_get_mean (s, &mean));
  g_assert_cmpfloat (fabs (mean - 20.0), <, 0.4);
  /* The queues survived the growth: a step beyond the range is seen at once. */
  a = 22.0;
  g_assert_false (proprio_stillness_push (s, t, &a));
  g_assert_cmpint (proprio_stillness_get_held_us (s), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stillness/still-after-hold", test_still_after_hold);
  g_test_add_func ("/stillness/movement-restarts", test_movement_restarts);
  g_test_add_func ("/stillness/nan-and-gaps", test_nan_and_gaps);
  g_test_add_func ("/stillness/two-axes", test_two_axes);
  g_test_add_func ("/stillness/long-window", test_long_window);
  return g_test_run ();
}
