/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jps"

/* Joint-position sense metrics on cases worked by hand (the arithmetic is in the comments). */

#include <glib.h>
#include <math.h>

#include "core/proprio-jps.h"

#define EPS 1e-12

static void
assert_metrics (const ProprioJpsMetrics *m,
                guint                    n,
                guint                    n_excluded,
                double                   ce,
                double                   ae,
                double                   ve,
                double                   e)
{
  g_assert_cmpuint (m->n, ==, n);
  g_assert_cmpuint (m->n_excluded, ==, n_excluded);
  g_assert_cmpfloat_with_epsilon (m->ce_deg, ce, EPS);
  g_assert_cmpfloat_with_epsilon (m->ae_deg, ae, EPS);
  g_assert_cmpfloat_with_epsilon (m->ve_deg, ve, EPS);
  g_assert_cmpfloat_with_epsilon (m->e_deg, e, EPS);
}

/* Target 30° three times, reproduced 32, 27, 34: e = +2, −3, +4.
 * CE = (2 − 3 + 4) / 3 = 1; AE = (2 + 3 + 4) / 3 = 3;
 * VE = √(((2−1)² + (−3−1)² + (4−1)²) / 3) = √((1 + 16 + 9) / 3) = √(26/3);
 * E = √(CE² + VE²) = √(1 + 26/3) = √(29/3), which is the RMS √((4 + 9 + 16) / 3). */
static void
test_jps_hand_computed (void)
{
  const double target[] = { 30, 30, 30 };
  const double reproduced[] = { 32, 27, 34 };
  g_autoptr(GError) error = NULL;
  ProprioJpsMetrics m;

  g_assert_true (proprio_jps_compute (target, reproduced, NULL, 3, &m, &error));
  g_assert_no_error (error);
  assert_metrics (&m, 3, 0, 1.0, 3.0, sqrt (26.0 / 3.0), sqrt (29.0 / 3.0));
  g_assert_cmpfloat_with_epsilon (m.e_deg, sqrt ((4.0 + 9.0 + 16.0) / 3.0), EPS);
}

/* A pure bias: e = 5, 5, 5 → CE = AE = E = 5, VE = 0. A pure spread: e = −2, +2 → CE = 0,
 * AE = 2, VE = √((4 + 4) / 2) = 2 (population SD; the sample SD would be √8 = 2.83), E = 2. */
static void
test_jps_bias_and_spread (void)
{
  const double t1[] = { 10, 45, 90 }, r1[] = { 15, 50, 95 };
  const double t2[] = { 60, 60 }, r2[] = { 58, 62 };
  ProprioJpsMetrics m;

  g_assert_true (proprio_jps_compute (t1, r1, NULL, 3, &m, NULL));
  assert_metrics (&m, 3, 0, 5.0, 5.0, 0.0, 5.0);
  g_assert_true (proprio_jps_compute (t2, r2, NULL, 2, &m, NULL));
  assert_metrics (&m, 2, 0, 0.0, 2.0, 2.0, 2.0);

  /* One trial: e = −7 → CE −7, AE 7, VE 0, E 7. */
  g_assert_true (proprio_jps_compute (t2, (const double[]) { 53 }, NULL, 1, &m, NULL));
  assert_metrics (&m, 1, 0, -7.0, 7.0, 0.0, 7.0);
}

/* Invalid trials are left out and counted, and their values (here NaN) are never read:
 * e = +2, [excluded], −4, [excluded] → CE = −1, AE = 3, VE = √((9 + 9) / 2) = 3, E = √10. */
static void
test_jps_invalid_excluded (void)
{
  const double target[] = { 20, 20, 40, 40 };
  const double reproduced[] = { 22, NAN, 36, 1000 };
  const gboolean valid[] = { TRUE, FALSE, TRUE, FALSE };
  ProprioJpsMetrics m;

  g_assert_true (proprio_jps_compute (target, reproduced, valid, 4, &m, NULL));
  assert_metrics (&m, 2, 2, -1.0, 3.0, 3.0, sqrt (10.0));
}

static void
test_jps_errors (void)
{
  const double target[] = { 20, 20, 40 };
  const double reproduced[] = { 22, NAN, 36 };
  const gboolean none_valid[] = { FALSE, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  ProprioJpsMetrics m = { .n = 77 };

  g_assert_false (proprio_jps_compute (target, reproduced, NULL, 3, &m, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "trial 2"));
  g_assert_nonnull (g_strstr_len (error->message, -1, "reproduced"));
  g_assert_cmpuint (m.n, ==, 77);   /* untouched on failure */
  g_clear_error (&error);

  g_assert_false (proprio_jps_compute ((const double[]) { INFINITY }, (const double[]) { 1 }, NULL,
                                       1, &m, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "target"));
  g_clear_error (&error);

  g_assert_false (proprio_jps_compute (target, reproduced, none_valid, 3, &m, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS);
  g_assert_nonnull (g_strstr_len (error->message, -1, "3"));
  g_clear_error (&error);

  g_assert_false (proprio_jps_compute (NULL, NULL, NULL, 0, &m, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS);
}

/* Angles far from 0 with a small spread: e = +0.5, −0.5 around 10⁶ must give VE = 0.5 exactly
 * (one pass Σe² − n·CE² would cancel here; the two-pass sum does not). */
static void
test_jps_precision (void)
{
  const double target[] = { 1e6, 1e6 };
  const double reproduced[] = { 1e6 + 1000.5, 1e6 + 999.5 };
  ProprioJpsMetrics m;

  /* e = 1000.5, 999.5: CE 1000, AE 1000, VE 0.5, E √(10⁶ + 0.25). */
  g_assert_true (proprio_jps_compute (target, reproduced, NULL, 2, &m, NULL));
  assert_metrics (&m, 2, 0, 1000.0, 1000.0, 0.5, sqrt (1e6 + 0.25));
}

/* Grouped by target angle (no ids), in order of first appearance:
 *   30°: 33, 29, [invalid], 31   → e = 3, −1, 1 → CE 1, AE 5/3, VE √((4 + 4 + 0) / 3) = √(8/3)
 *   −0° and 0°: one target "0":  → e = 2, −2   → CE 0, AE 2, VE 2, E 2
 *   42.5°: [invalid] only        → n 0, metrics NaN
 * Overall: e = 3, −1, 1, 2, −2 → CE 3/5, AE 9/5, VE² = (2.4² + 1.6² + 0.4² + 1.4² + 2.6²) / 5
 * = (5.76 + 2.56 + 0.16 + 1.96 + 6.76) / 5 = 17.2 / 5 = 3.44; E² = 0.36 + 3.44 = 3.8
 * = (9 + 1 + 1 + 4 + 4) / 5 = 19/5. */
static void
test_jps_per_target_by_angle (void)
{
  const ProprioJpsTrial trials[] = {
    { 30, 33, TRUE, NULL },
    { -0.0, 2, TRUE, NULL },
    { 30, 29, TRUE, NULL },
    { 42.5, NAN, FALSE, NULL },
    { 30, 0, FALSE, NULL },
    { 0, -2, TRUE, NULL },
    { 30, 31, TRUE, NULL },
  };
  g_autoptr(ProprioJpsResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const ProprioJpsTarget *t;

  result = proprio_jps_analyse (trials, G_N_ELEMENTS (trials), &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  assert_metrics (&result->overall, 5, 2, 0.6, 1.8, sqrt (3.44), sqrt (3.8));
  g_assert_cmpuint (result->targets->len, ==, 3);

  t = &g_array_index (result->targets, ProprioJpsTarget, 0);
  g_assert_cmpstr (t->key, ==, "30");
  assert_metrics (&t->metrics, 3, 1, 1.0, 5.0 / 3.0, sqrt (8.0 / 3.0), sqrt (1.0 + 8.0 / 3.0));
  t = &g_array_index (result->targets, ProprioJpsTarget, 1);
  g_assert_cmpstr (t->key, ==, "0");
  assert_metrics (&t->metrics, 2, 0, 0.0, 2.0, 2.0, 2.0);
  t = &g_array_index (result->targets, ProprioJpsTarget, 2);
  g_assert_cmpstr (t->key, ==, "42.5");
  g_assert_cmpfloat (t->target_deg, ==, 42.5);
  g_assert_cmpuint (t->metrics.n, ==, 0);
  g_assert_cmpuint (t->metrics.n_excluded, ==, 1);
  g_assert_true (isnan (t->metrics.ce_deg) && isnan (t->metrics.ae_deg));
  g_assert_true (isnan (t->metrics.ve_deg) && isnan (t->metrics.e_deg));
}

/* Grouped by id: "flex" holds targets 30 and 60 (e = +1, −3 → CE −1, AE 2, VE 2, E √5), "ext"
 * one trial (e = +4). An invalid trial without a readable angle and no id joins no target. */
static void
test_jps_per_target_by_id (void)
{
  const ProprioJpsTrial trials[] = {
    { 30, 31, TRUE, "flex" },
    { 10, 14, TRUE, "ext" },
    { 60, 57, TRUE, "flex" },
    { NAN, NAN, FALSE, NULL },
  };
  g_autoptr(ProprioJpsResult) result = proprio_jps_analyse (trials, 4, NULL);
  const ProprioJpsTarget *t;

  g_assert_nonnull (result);
  g_assert_cmpuint (result->targets->len, ==, 2);
  /* overall e = 1, 4, −3: CE 2/3, AE 8/3, VE² = ((1/3)² + (10/3)² + (11/3)²) / 3 = 222/27,
   * E² = 26/3 = (1 + 16 + 9) / 3. */
  assert_metrics (&result->overall, 3, 1, 2.0 / 3.0, 8.0 / 3.0, sqrt (222.0 / 27.0),
                  sqrt (26.0 / 3.0));
  t = &g_array_index (result->targets, ProprioJpsTarget, 0);
  g_assert_cmpstr (t->key, ==, "flex");
  assert_metrics (&t->metrics, 2, 0, -1.0, 2.0, 2.0, sqrt (5.0));
  t = &g_array_index (result->targets, ProprioJpsTarget, 1);
  g_assert_cmpstr (t->key, ==, "ext");
  assert_metrics (&t->metrics, 1, 0, 4.0, 4.0, 0.0, 4.0);
}

static void
test_jps_analyse_errors (void)
{
  const ProprioJpsTrial bad[] = { { 30, 31, TRUE, NULL }, { 30, NAN, TRUE, NULL } };
  const ProprioJpsTrial excluded[] = { { 30, 31, FALSE, NULL } };
  g_autoptr(GError) error = NULL;

  g_assert_null (proprio_jps_analyse (bad, 2, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "trial 2"));
  g_clear_error (&error);
  g_assert_null (proprio_jps_analyse (excluded, 1, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS);
  g_clear_error (&error);
  g_assert_null (proprio_jps_analyse (NULL, 0, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS);
}

/* Target (10, 20) mm. Reproduced (13, 24): Δ = (3, 4), r = 5; (4, 12): Δ = (−6, −8), r = 10;
 * a third trial invalid. CE x = (3 − 6) / 2 = −1.5, CE y = (4 − 8) / 2 = −2, mean r = 7.5. */
static void
test_jps_2d (void)
{
  const double tx[] = { 10, 10, 10 }, ty[] = { 20, 20, 20 };
  const double rx[] = { 13, 4, NAN }, ry[] = { 24, 12, NAN };
  const gboolean valid[] = { TRUE, TRUE, FALSE };
  g_autoptr(GError) error = NULL;
  ProprioJps2dMetrics m;

  g_assert_true (proprio_jps_compute_2d (tx, ty, rx, ry, valid, 3, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m.n, ==, 2);
  g_assert_cmpuint (m.n_excluded, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.ce_x, -1.5, EPS);
  g_assert_cmpfloat_with_epsilon (m.ce_y, -2.0, EPS);
  g_assert_cmpfloat_with_epsilon (m.radial_mean, 7.5, EPS);
  g_assert_cmpfloat_with_epsilon (m.radial_max, 10.0, EPS);

  g_assert_false (proprio_jps_compute_2d (tx, ty, rx, ry, NULL, 3, &m, &error));
  g_assert_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE);
  g_assert_nonnull (g_strstr_len (error->message, -1, "trial 3"));
}

static void
test_jps_format_number (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_cmpstr (proprio_jps_format_number (30, buf), ==, "30");
  g_assert_cmpstr (proprio_jps_format_number (42.5, buf), ==, "42.5");
  g_assert_cmpstr (proprio_jps_format_number (-15, buf), ==, "-15");
  g_assert_cmpstr (proprio_jps_format_number (0.1, buf), ==, "0.1");
  g_assert_cmpstr (proprio_jps_format_number (-0.0, buf), ==, "0");
  g_assert_cmpstr (proprio_jps_format_number (1e20, buf), ==, "1e+20");
  g_assert_cmpstr (proprio_jps_format_number (1.0 / 3.0, buf), ==, "0.3333333333333333");
  g_assert_cmpfloat (g_ascii_strtod (proprio_jps_format_number (G_PI, buf), NULL), ==, G_PI);
  g_assert_cmpfloat (g_ascii_strtod (proprio_jps_format_number (1.5e-9, buf), NULL), ==, 1.5e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/jps/hand-computed", test_jps_hand_computed);
  g_test_add_func ("/jps/bias-and-spread", test_jps_bias_and_spread);
  g_test_add_func ("/jps/invalid-trials-excluded-and-counted", test_jps_invalid_excluded);
  g_test_add_func ("/jps/errors", test_jps_errors);
  g_test_add_func ("/jps/variable-error-far-from-zero", test_jps_precision);
  g_test_add_func ("/jps/per-target-by-angle", test_jps_per_target_by_angle);
  g_test_add_func ("/jps/per-target-by-id", test_jps_per_target_by_id);
  g_test_add_func ("/jps/analyse-errors", test_jps_analyse_errors);
  g_test_add_func ("/jps/2d-radial-error", test_jps_2d);
  g_test_add_func ("/jps/format-number-shortest-exact", test_jps_format_number);

  return g_test_run ();
}
