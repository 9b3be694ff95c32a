/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sway"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/proprio-filter.h"
#include "core/proprio-sway.h"

#define CHI2 5.991

#define assert_rel(a, b, rel) g_assert_cmpfloat_with_epsilon ((a), (b), (rel) * fabs (b))
#define assert_abs(a, b, eps) g_assert_cmpfloat_with_epsilon ((a), (b), (eps))

#define S_US(s) ((gint64) llround ((s) * G_USEC_PER_SEC))

/* Expected values: the published table of the F distribution's upper 5 % points (e.g. NIST
 * e-Handbook 1.3.6.7.3, column ν1 = 2) and, for d = 1 and 2, the closed form worked by hand:
 * d = 1: ½(0.05⁻² − 1) = ½(400 − 1) = 199.5; d = 2: (0.05⁻¹ − 1) = 19. As d → ∞, 2·F → χ²(2) =
 * −2·ln 0.05 = 5.99146. */
static void
test_f_quantile_table (void)
{
  assert_abs (proprio_sway_f_95_2_d (1), 199.5, 1e-9);
  assert_abs (proprio_sway_f_95_2_d (2), 19.0, 1e-12);
  assert_abs (proprio_sway_f_95_2_d (5), 5.7861, 5e-5);
  assert_abs (proprio_sway_f_95_2_d (10), 4.1028, 5e-5);
  assert_abs (proprio_sway_f_95_2_d (30), 3.3158, 5e-5);
  assert_abs (proprio_sway_f_95_2_d (120), 3.0718, 5e-5);
  assert_abs (2.0 * proprio_sway_f_95_2_d (1e7), -2.0 * log (0.05), 1e-5);

  /* And it is the 95 % point of the F(2, d) CDF 1 − (1 + 2f/d)^(−d/2). */
  for (double d = 1; d <= 1000; d *= 3)
    {
      double f = proprio_sway_f_95_2_d (d);

      assert_abs (1.0 - pow (1.0 + 2.0 * f / d, -d / 2.0), 0.95, 1e-12);
    }
}

/* A 4-point square walked with uneven steps in time. By hand:
 * points (0,0) (10,0) (10,10) (0,10) at t = 0, 1, 3, 4 s → T = 4 s.
 * Path: 10 + 10 + 10 = 30; ML: 10 + 0 + 10 = 20; AP: 0 + 10 + 0 = 10 mm; velocities /4 s.
 * Mean (5, 5), every x̃, ỹ = ±5 → RMS_ML = RMS_AP = 5, RMS = √50, SD = √(4·25/3) = √(100/3),
 * mean distance √50, ranges 10. Σ x̃ỹ = 25 − 25 + 25 − 25 = 0, so Σ = (100/3)·I:
 * area π·5.991·100/3, both semi-axes √(5.991·100/3), angle atan2(0, 0)/2 = 0.
 * Prieto: d = 2 → F = 19 → 2π·19·100/3. Mean frequency 30 / (2π·√50·4). */
static void
test_square_uneven_times (void)
{
  const gint64 t[] = { 0, S_US (1), S_US (3), S_US (4) };
  const double x[] = { 0, 10, 10, 0 };
  const double y[] = { 0, 0, 10, 10 };
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;

  g_assert_true (proprio_sway_compute (t, x, y, 4, 0, &m, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (m.n, ==, 4);
  assert_abs (m.duration_s, 4.0, 1e-12);
  assert_abs (m.path_length_mm, 30.0, 1e-12);
  assert_abs (m.path_length_ml_mm, 20.0, 1e-12);
  assert_abs (m.path_length_ap_mm, 10.0, 1e-12);
  assert_abs (m.mean_velocity_mm_s, 7.5, 1e-12);
  assert_abs (m.mean_velocity_ml_mm_s, 5.0, 1e-12);
  assert_abs (m.mean_velocity_ap_mm_s, 2.5, 1e-12);
  assert_abs (m.rms_mm, sqrt (50.0), 1e-12);
  assert_abs (m.rms_ml_mm, 5.0, 1e-12);
  assert_abs (m.rms_ap_mm, 5.0, 1e-12);
  assert_abs (m.sd_ml_mm, sqrt (100.0 / 3.0), 1e-12);
  assert_abs (m.sd_ap_mm, sqrt (100.0 / 3.0), 1e-12);
  assert_abs (m.range_ml_mm, 10.0, 1e-12);
  assert_abs (m.range_ap_mm, 10.0, 1e-12);
  assert_abs (m.mean_distance_mm, sqrt (50.0), 1e-12);
  assert_abs (m.mean_x_mm, 5.0, 1e-12);
  assert_abs (m.mean_y_mm, 5.0, 1e-12);
  assert_abs (m.ellipse95.area, G_PI * CHI2 * 100.0 / 3.0, 1e-9);
  assert_abs (m.ellipse95.major, sqrt (CHI2 * 100.0 / 3.0), 1e-12);
  assert_abs (m.ellipse95.minor, sqrt (CHI2 * 100.0 / 3.0), 1e-12);
  assert_abs (m.ellipse95.angle_deg, 0.0, 1e-12);
  assert_abs (m.ellipse95.cx, 5.0, 1e-12);
  assert_abs (m.ellipse95.cy, 5.0, 1e-12);
  assert_abs (m.confidence_ellipse95_area_mm2, 2.0 * G_PI * 19.0 * 100.0 / 3.0, 1e-9);
  assert_abs (m.mean_frequency_hz, 30.0 / (2.0 * G_PI * sqrt (50.0) * 4.0), 1e-12);
}

/* A 3-4-5 triangle, closed, with uneven steps. By hand:
 * (0,0) t=0, (3,0) t=0.5, (3,4) t=2.0, (0,0) t=2.5 s → T = 2.5 s.
 * Path 3 + 4 + 5 = 12, ML 3 + 0 + 3 = 6, AP 0 + 4 + 4 = 8 mm.
 * Mean (1.5, 1); x̃ = −1.5, 1.5, 1.5, −1.5; ỹ = −1, −1, 3, −1.
 * Σx̃² = 9, Σỹ² = 12, Σx̃ỹ = 1.5 − 1.5 + 4.5 + 1.5 = 6.
 * RMS_ML = √(9/4) = 1.5, RMS_AP = √3, RMS = √(21/4); SD_ML = √3, SD_AP = 2.
 * Σ = [[3, 2], [2, 4]]: det 8, λ = 3.5 ± √(0.25 + 4) = 3.5 ± √4.25,
 * angle = ½·atan2(4, −1) = ½·(180° − atan 4) = 52.0181°.
 * Distances from the mean: √3.25 three times and √11.25 once. */
static void
test_triangle_uneven_times (void)
{
  const gint64 t[] = { 0, S_US (0.5), S_US (2.0), S_US (2.5) };
  const double x[] = { 0, 3, 3, 0 };
  const double y[] = { 0, 0, 4, 0 };
  double md = (3.0 * sqrt (3.25) + sqrt (11.25)) / 4.0;
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;

  g_assert_true (proprio_sway_compute (t, x, y, 4, 0, &m, &error));
  g_assert_no_error (error);

  assert_abs (m.duration_s, 2.5, 1e-12);
  assert_abs (m.path_length_mm, 12.0, 1e-12);
  assert_abs (m.path_length_ml_mm, 6.0, 1e-12);
  assert_abs (m.path_length_ap_mm, 8.0, 1e-12);
  assert_abs (m.mean_velocity_mm_s, 4.8, 1e-12);
  assert_abs (m.mean_velocity_ml_mm_s, 2.4, 1e-12);
  assert_abs (m.mean_velocity_ap_mm_s, 3.2, 1e-12);
  assert_abs (m.rms_mm, sqrt (21.0 / 4.0), 1e-12);
  assert_abs (m.rms_ml_mm, 1.5, 1e-12);
  assert_abs (m.rms_ap_mm, sqrt (3.0), 1e-12);
  assert_abs (m.sd_ml_mm, sqrt (3.0), 1e-12);
  assert_abs (m.sd_ap_mm, 2.0, 1e-12);
  assert_abs (m.range_ml_mm, 3.0, 1e-12);
  assert_abs (m.range_ap_mm, 4.0, 1e-12);
  assert_abs (m.mean_distance_mm, md, 1e-12);
  assert_abs (m.ellipse95.area, G_PI * CHI2 * sqrt (8.0), 1e-9);
  assert_abs (m.ellipse95.major, sqrt (CHI2 * (3.5 + sqrt (4.25))), 1e-12);
  assert_abs (m.ellipse95.minor, sqrt (CHI2 * (3.5 - sqrt (4.25))), 1e-12);
  assert_abs (m.ellipse95.angle_deg, 0.5 * (180.0 - atan (4.0) * 180.0 / G_PI), 1e-9);
  assert_abs (m.ellipse95.angle_deg, 52.0181, 1e-4);
  assert_abs (m.confidence_ellipse95_area_mm2, 2.0 * G_PI * 19.0 * sqrt (8.0), 1e-9);
  assert_abs (m.mean_frequency_hz, 12.0 / (2.0 * G_PI * md * 2.5), 1e-12);
}

/* Four points built so that their sample covariance is exactly Σ = [[4, 1.5], [1.5, 2]]:
 * p = c ± a·L·e₁, c ± a·L·e₂ with L the Cholesky factor [[2, 0], [0.75, √1.4375]] and a = √1.5
 * (the four ±a·eᵢ have covariance 2a²/3·I = I, and L·I·Lᵀ = Σ).
 * By hand: λ = 3 ± √(1² + 1.5²) = 3 ± √3.25 → 4.80278, 1.19722; det = 8 − 2.25 = 5.75;
 * tan 2θ = 2·1.5 / (4 − 2) = 1.5 → θ = ½·atan 1.5 = 28.1550°. */
static void
fill_known_covariance (double  cx,
                       double  cy,
                       double  sign_xy,
                       double *x,
                       double *y)
{
  double a = sqrt (1.5);
  double l11 = 2.0, l21 = 0.75 * sign_xy, l22 = sqrt (2.0 - 0.75 * 0.75);

  x[0] = cx + a * l11;  y[0] = cy + a * l21;
  x[1] = cx - a * l11;  y[1] = cy - a * l21;
  x[2] = cx;            y[2] = cy + a * l22;
  x[3] = cx;            y[3] = cy - a * l22;
}

static void
test_ellipse_known_covariance (void)
{
  const gint64 t[] = { 0, 10000, 20000, 30000 };
  double x[4], y[4];
  double l1 = 3.0 + sqrt (3.25), l2 = 3.0 - sqrt (3.25);
  double angle = 0.5 * atan (1.5) * 180.0 / G_PI;
  ProprioEllipse e;
  ProprioSwayMetrics m;
  g_autoptr(GError) error = NULL;

  fill_known_covariance (120.0, -35.0, 1.0, x, y);

  g_assert_true (proprio_sway_prediction_ellipse (x, y, 4, &e));
  assert_abs (e.cx, 120.0, 1e-12);
  assert_abs (e.cy, -35.0, 1e-12);
  assert_abs (e.major, sqrt (CHI2 * l1), 1e-12);
  assert_abs (e.minor, sqrt (CHI2 * l2), 1e-12);
  assert_abs (e.angle_deg, angle, 1e-9);
  assert_abs (e.angle_deg, 28.1550, 1e-4);
  assert_abs (e.area, G_PI * CHI2 * sqrt (5.75), 1e-9);
  assert_abs (e.area, G_PI * e.major * e.minor, 1e-9);

  /* The batch computation agrees with the live helper. */
  g_assert_true (proprio_sway_compute (t, x, y, 4, 0, &m, &error));
  g_assert_no_error (error);
  assert_abs (m.ellipse95.major, e.major, 1e-12);
  assert_abs (m.ellipse95.minor, e.minor, 1e-12);
  assert_abs (m.ellipse95.angle_deg, e.angle_deg, 1e-9);
  assert_abs (m.ellipse95.area, e.area, 1e-9);
  assert_abs (m.sd_ml_mm, 2.0, 1e-12);
  assert_abs (m.sd_ap_mm, sqrt (2.0), 1e-12);

  /* Negative covariance mirrors the angle. */
  fill_known_covariance (0.0, 0.0, -1.0, x, y);
  g_assert_true (proprio_sway_prediction_ellipse (x, y, 4, &e));
  assert_abs (e.angle_deg, -angle, 1e-9);

  /* Far from the origin (1 km), the one-pass helper still gets the shape right. */
  fill_known_covariance (1e6, -1e6, 1.0, x, y);
  g_assert_true (proprio_sway_prediction_ellipse (x, y, 4, &e));
  assert_abs (e.major, sqrt (CHI2 * l1), 1e-8);
  assert_abs (e.minor, sqrt (CHI2 * l2), 1e-8);
  assert_abs (e.angle_deg, angle, 1e-6);
}

/* Axis-aligned clouds: a major axis along AP is +90° (never −90°), along ML 0°. Built from
 * (±1, 0), (0, ±2): Σ = diag(2/3, 8/3) (and transposed). */
static void
test_ellipse_axis_aligned (void)
{
  const double a[] = { 1, -1, 0, 0 };
  const double b[] = { 0, 0, 2, -2 };
  const double b_neg_zero[] = { -0.0, -0.0, 2, -2 };
  ProprioEllipse e;

  g_assert_true (proprio_sway_prediction_ellipse (a, b, 4, &e));
  assert_abs (e.angle_deg, 90.0, 1e-12);
  assert_abs (e.major, sqrt (CHI2 * 8.0 / 3.0), 1e-12);
  assert_abs (e.minor, sqrt (CHI2 * 2.0 / 3.0), 1e-12);

  g_assert_true (proprio_sway_prediction_ellipse (a, b_neg_zero, 4, &e));
  assert_abs (e.angle_deg, 90.0, 1e-12);

  g_assert_true (proprio_sway_prediction_ellipse (b, a, 4, &e));
  assert_abs (e.angle_deg, 0.0, 1e-12);
}

/* The live helper's documented refusals, and a flat (collinear) cloud, which is drawable. */
static void
test_ellipse_degenerate (void)
{
  const double x[] = { 1, 2, 3, 4 };
  const double y_line[] = { 2, 4, 6, 8 };
  const double same[] = { 7, 7, 7, 7 };
  const double with_nan[] = { 1, NAN, 3, 4 };
  ProprioEllipse e;

  g_assert_false (proprio_sway_prediction_ellipse (x, y_line, 2, &e));
  g_assert_false (proprio_sway_prediction_ellipse (same, same, 4, &e));
  g_assert_false (proprio_sway_prediction_ellipse (with_nan, y_line, 4, &e));

  /* y = 2x: Σ = var(x)·[[1, 2], [2, 4]], var(x) = 5/3; λ₁ = 5·5/3, λ₂ = 0; angle atan 2. */
  g_assert_true (proprio_sway_prediction_ellipse (x, y_line, 4, &e));
  assert_abs (e.minor, 0.0, 1e-7);
  assert_abs (e.area, 0.0, 1e-6);
  assert_abs (e.major, sqrt (CHI2 * 25.0 / 3.0), 1e-12);
  assert_abs (e.angle_deg, atan (2.0) * 180.0 / G_PI, 1e-9);
}

/* A sliding window through running sums gives the ellipse a pass over the window's points gives,
 * for a cloud far from the origin (where Σx² − n·x̄² would cancel without the reference), after
 * many slides; too few points and a single spot are refused as by the one-pass function. */
static void
test_moments_sliding_window (void)
{
  const guint n = 20000, window = 3000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  ProprioSwayMoments m;
  ProprioEllipse a, b;

  for (guint i = 0; i < n; i++)
    {
      double t = i / 1000.0;

      x[i] = 150.0 + 6.0 * sin (1.1 * t) + 2.0 * sin (4.3 * t);
      y[i] = -120.0 + 8.0 * sin (0.7 * t) + 3.0 * cos (3.1 * t);
    }
  proprio_sway_moments_reset (&m);
  for (guint i = 0; i < n; i++)
    {
      proprio_sway_moments_add (&m, x[i], y[i]);
      if (i >= window)
        proprio_sway_moments_remove (&m, x[i - window], y[i - window]);
      if (i >= window && i % 997 == 0)
        {
          g_assert_true (proprio_sway_moments_ellipse (&m, &a));
          g_assert_true (proprio_sway_prediction_ellipse (x + i + 1 - window, y + i + 1 - window,
                                                          window, &b));
          assert_abs (a.cx, b.cx, 1e-9);
          assert_abs (a.cy, b.cy, 1e-9);
          assert_abs (a.major, b.major, 1e-9 * b.major);
          assert_abs (a.minor, b.minor, 1e-9 * b.major);
          assert_abs (a.angle_deg, b.angle_deg, 1e-7);
          assert_abs (a.area, b.area, 1e-8 * b.area);
        }
    }

  proprio_sway_moments_reset (&m);
  proprio_sway_moments_add (&m, 1, 2);
  proprio_sway_moments_add (&m, 2, 4);
  g_assert_false (proprio_sway_moments_ellipse (&m, &a));
  proprio_sway_moments_reset (&m);
  for (guint i = 0; i < 5; i++)
    proprio_sway_moments_add (&m, 7, 7);
  g_assert_false (proprio_sway_moments_ellipse (&m, &a));
}

/* x = R cos ωt, y = R sin ωt sampled N times at Δt over exactly 5 periods, so the sample mean is 0
 * and every point is at distance R from it. Closed forms: path = (N−1)·2R·sin(ωΔt/2) (chords),
 * ≈ R·ω·T; mean distance = RMS = R; RMS per axis R/√2; Σ = (R²/2)·N/(N−1)·I; mean frequency
 * = path / (2πR·T) = sin(ωΔt/2)/(πΔt) ≈ ω/2π. */
static void
test_circle_closed_form (void)
{
  const guint n = 1000;
  const double dt = 0.01, r = 12.5, w = 2.0 * G_PI * 0.5;
  g_autofree gint64 *t = g_new (gint64, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  double total_t = (n - 1) * dt;
  double chord_path = (n - 1) * 2.0 * r * sin (w * dt / 2.0);
  double var = r * r / 2.0 * n / (n - 1.0);
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;

  for (guint i = 0; i < n; i++)
    {
      t[i] = (gint64) i * 10000;
      x[i] = r * cos (w * i * dt);
      y[i] = r * sin (w * i * dt);
    }

  g_assert_true (proprio_sway_compute (t, x, y, n, 0, &m, &error));
  g_assert_no_error (error);

  assert_abs (m.duration_s, total_t, 1e-12);
  assert_rel (m.path_length_mm, chord_path, 1e-12);
  assert_rel (m.path_length_mm, r * w * total_t, 5e-5);   /* chord vs arc: (ωΔt)²/24 */
  assert_rel (m.mean_velocity_mm_s, r * w, 5e-5);
  assert_rel (m.mean_distance_mm, r, 1e-12);
  assert_rel (m.rms_mm, r, 1e-12);
  assert_rel (m.rms_ml_mm, r / G_SQRT2, 1e-12);
  assert_rel (m.rms_ap_mm, r / G_SQRT2, 1e-12);
  assert_rel (m.ellipse95.major, sqrt (CHI2 * var), 1e-12);
  assert_rel (m.ellipse95.minor, sqrt (CHI2 * var), 1e-12);
  assert_rel (m.ellipse95.area, G_PI * CHI2 * var, 1e-12);
  assert_rel (m.mean_frequency_hz, sin (w * dt / 2.0) / (G_PI * dt), 1e-12);
  assert_rel (m.mean_frequency_hz, 0.5, 5e-5);
  assert_abs (m.mean_x_mm, 0.0, 1e-12);
}

static guint32
lcg_next (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;   /* Numerical Recipes' LCG: deterministic noise */
  return *state;
}

static double
lcg_uniform (guint32 *state)
{
  return (lcg_next (state) >> 8) / 16777216.0 - 0.5;   /* [-0.5, 0.5) */
}

static void
make_long_trace (guint n, gint64 *t, double *x, double *y)
{
  guint32 seed = 12345;

  for (guint i = 0; i < n; i++)
    {
      double s;

      /* 100 Hz with ±2 ms jitter: uneven but increasing. */
      t[i] = (gint64) i * 10000 + (gint64) (lcg_uniform (&seed) * 4000.0);
      s = t[i] / 1e6;
      x[i] = 5.0 * sin (2 * G_PI * 0.3 * s) + 2.0 * sin (2 * G_PI * 1.1 * s + 0.5)
             + 0.5 * lcg_uniform (&seed) - 3.0;
      y[i] = 7.0 * sin (2 * G_PI * 0.2 * s + 1.0) + 1.5 * cos (2 * G_PI * 2.3 * s)
             + 0.5 * lcg_uniform (&seed) + 30.0;
    }
}

/* 60 s at 100 Hz of sines plus deterministic noise, uneven timestamps. The reference is computed
 * differently: long double, raw moments in one pass (Σx, Σx², Σxy …) instead of the module's
 * two passes about the mean; the eigen-decomposition is checked by its defining properties
 * (Σv = λv for the reported angle, trace and determinant) rather than by the same formula. */
static void
test_long_trace_independent (void)
{
  const guint n = 6001;
  g_autofree gint64 *t = g_new (gint64, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  long double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, path = 0, pml = 0, pap = 0, sd = 0;
  long double mx, my, cxx, cyy, cxy, rn = n, dur, l1, l2, th, md;
  double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;

  make_long_trace (n, t, x, y);

  for (guint i = 0; i < n; i++)
    {
      sx += x[i];
      sy += y[i];
      sxx += (long double) x[i] * x[i];
      syy += (long double) y[i] * y[i];
      sxy += (long double) x[i] * y[i];
      minx = MIN (minx, x[i]);
      maxx = MAX (maxx, x[i]);
      miny = MIN (miny, y[i]);
      maxy = MAX (maxy, y[i]);
      if (i > 0)
        {
          long double dx = (long double) x[i] - x[i - 1], dy = (long double) y[i] - y[i - 1];

          path += sqrtl (dx * dx + dy * dy);
          pml += fabsl (dx);
          pap += fabsl (dy);
        }
    }
  mx = sx / rn;
  my = sy / rn;
  cxx = (sxx - rn * mx * mx) / (rn - 1);
  cyy = (syy - rn * my * my) / (rn - 1);
  cxy = (sxy - rn * mx * my) / (rn - 1);
  for (guint i = 0; i < n; i++)
    sd += sqrtl ((x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my));
  md = sd / rn;
  dur = (t[n - 1] - t[0]) / 1e6L;

  g_assert_true (proprio_sway_compute (t, x, y, n, 0, &m, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (m.n, ==, n);
  assert_rel (m.duration_s, (double) dur, 1e-14);
  assert_rel (m.path_length_mm, (double) path, 1e-11);
  assert_rel (m.path_length_ml_mm, (double) pml, 1e-11);
  assert_rel (m.path_length_ap_mm, (double) pap, 1e-11);
  assert_rel (m.mean_velocity_mm_s, (double) (path / dur), 1e-11);
  assert_rel (m.rms_ml_mm, (double) sqrtl (cxx * (rn - 1) / rn), 1e-10);
  assert_rel (m.rms_ap_mm, (double) sqrtl (cyy * (rn - 1) / rn), 1e-10);
  assert_rel (m.rms_mm, (double) sqrtl ((cxx + cyy) * (rn - 1) / rn), 1e-10);
  assert_rel (m.sd_ml_mm, (double) sqrtl (cxx), 1e-10);
  assert_rel (m.sd_ap_mm, (double) sqrtl (cyy), 1e-10);
  assert_rel (m.range_ml_mm, maxx - minx, 1e-14);
  assert_rel (m.range_ap_mm, maxy - miny, 1e-14);
  assert_rel (m.mean_distance_mm, (double) md, 1e-10);
  assert_rel (m.ellipse95.area, (double) (G_PI * CHI2 * sqrtl (cxx * cyy - cxy * cxy)), 1e-10);
  assert_rel (m.confidence_ellipse95_area_mm2,
              (double) (2 * G_PI * proprio_sway_f_95_2_d (n - 2)
                        * sqrtl (cxx * cyy - cxy * cxy)), 1e-10);
  assert_rel (m.mean_frequency_hz, (double) (path / (2 * G_PI * md * dur)), 1e-10);

  l1 = (long double) m.ellipse95.major * m.ellipse95.major / CHI2;
  l2 = (long double) m.ellipse95.minor * m.ellipse95.minor / CHI2;
  assert_rel ((double) (l1 + l2), (double) (cxx + cyy), 1e-10);
  assert_rel ((double) (l1 * l2), (double) (cxx * cyy - cxy * cxy), 1e-9);
  g_assert_cmpfloat (l1, >=, l2);
  th = m.ellipse95.angle_deg * G_PI / 180.0;
  /* Σ·(cos θ, sin θ) = λ₁·(cos θ, sin θ) */
  assert_abs ((double) (cxx * cosl (th) + cxy * sinl (th)), (double) (l1 * cosl (th)), 1e-9);
  assert_abs ((double) (cxy * cosl (th) + cyy * sinl (th)), (double) (l1 * sinl (th)), 1e-9);
  g_assert_cmpfloat (m.ellipse95.angle_deg, >, -90.0);
  g_assert_cmpfloat (m.ellipse95.angle_deg, <=, 90.0);

  /* The Welford one-pass live helper gives the same ellipse as the two-pass batch. */
  {
    ProprioEllipse e;

    g_assert_true (proprio_sway_prediction_ellipse (x, y, n, &e));
    assert_rel (e.area, m.ellipse95.area, 1e-10);
    assert_rel (e.major, m.ellipse95.major, 1e-10);
    assert_abs (e.angle_deg, m.ellipse95.angle_deg, 1e-8);
  }
}

/* With a low-pass, the metrics are those of the zero-phase filtered trace (same numbers as
 * filtering by hand at the mean rate, then computing unfiltered), and a 30 Hz tremor on a slow
 * sway is removed: the path comes back to that of the slow sway alone. */
static void
test_lowpass_applied (void)
{
  const guint n = 3001;
  g_autofree gint64 *t = g_new (gint64, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *xs = g_new (double, n);
  g_autofree double *ys = g_new (double, n);
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics filtered, by_hand, slow;
  double rate;

  make_long_trace (n, t, x, y);
  rate = (n - 1) / ((t[n - 1] - t[0]) / 1e6);

  g_assert_true (proprio_sway_compute (t, x, y, n, 8.0, &filtered, &error));
  g_assert_no_error (error);

  memcpy (xs, x, n * sizeof (double));
  memcpy (ys, y, n * sizeof (double));
  g_assert_true (proprio_filter_lowpass_zero_phase (xs, n, 8.0, rate, &error));
  g_assert_true (proprio_filter_lowpass_zero_phase (ys, n, 8.0, rate, &error));
  g_assert_true (proprio_sway_compute (t, xs, ys, n, 0, &by_hand, &error));
  g_assert_cmpfloat (filtered.path_length_mm, ==, by_hand.path_length_mm);
  g_assert_cmpfloat (filtered.ellipse95.area, ==, by_hand.ellipse95.area);
  g_assert_cmpfloat (filtered.mean_frequency_hz, ==, by_hand.mean_frequency_hz);
  /* The white noise above 8 Hz no longer adds to the path, so it is shorter than unfiltered. */
  g_assert_true (proprio_sway_compute (t, x, y, n, 0, &slow, &error));
  g_assert_cmpfloat (filtered.path_length_mm, <, slow.path_length_mm);

  /* Even sampling, slow sway + tremor; the 5 Hz filtfilt gain at 30 Hz (100 Hz rate) is
   * 1/(1 + (tan(0.3π)/tan(0.05π))⁴) ≈ 1.7e-4, and ≈ 1 − 1e-8 at 0.25 Hz. The tremor crosses 0 at
   * both ends: odd-reflection padding keeps a trace's end values, so a tremor caught mid-swing at
   * an end would survive there for a few tenths of a second (see the filter tests). */
  for (guint i = 0; i < n; i++)
    {
      double s = i / 100.0;

      t[i] = (gint64) i * 10000;
      xs[i] = 4.0 * sin (2 * G_PI * 0.25 * s);
      ys[i] = 3.0 * cos (2 * G_PI * 0.25 * s);
      x[i] = xs[i] + 0.8 * sin (2 * G_PI * 30.0 * s);
      y[i] = ys[i] + 0.6 * sin (2 * G_PI * 31.0 * s);
    }
  g_assert_true (proprio_sway_compute (t, xs, ys, n, 0, &slow, &error));
  g_assert_true (proprio_sway_compute (t, x, y, n, 0, &by_hand, &error));
  g_assert_true (proprio_sway_compute (t, x, y, n, 5.0, &filtered, &error));
  g_assert_no_error (error);
  /* Unfiltered, the tremor dominates the path (≈ 4 · 0.7 mm · 30 Hz per axis vs ≈ 5.5 mm/s). */
  g_assert_cmpfloat (by_hand.path_length_mm, >, 5.0 * slow.path_length_mm);
  assert_rel (filtered.path_length_mm, slow.path_length_mm, 1e-4);
  assert_rel (filtered.ellipse95.area, slow.ellipse95.area, 1e-4);
}

static void
assert_error_mentions (GError *error, int code, const char *needle)
{
  g_assert_error (error, PROPRIO_SWAY_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

/* Bad input never yields a number: each case fails with the documented code, names the sample,
 * and leaves the output untouched. */
static void
test_errors (void)
{
  gint64 t[] = { 0, 10000, 20000, 30000, 40000 };
  double x[] = { 1, 2, 3, 4, 5 };
  double y[] = { 5, 4, 3, 2, 1 };
  ProprioSwayMetrics m = { .n = 777 };
  GError *error = NULL;

  g_assert_false (proprio_sway_compute (t, x, y, 2, 0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_TOO_FEW_SAMPLES, "3");
  g_clear_error (&error);

  t[3] = 20000;   /* sample 4 repeats the time of sample 3 */
  g_assert_false (proprio_sway_compute (t, x, y, 5, 0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_NOT_MONOTONIC, "Sample 4 (at 0.020000 s)");
  g_clear_error (&error);

  t[3] = 5000;    /* goes back in time */
  g_assert_false (proprio_sway_compute (t, x, y, 5, 0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_NOT_MONOTONIC, "Sample 4");
  g_clear_error (&error);
  t[3] = 30000;

  x[2] = NAN;
  g_assert_false (proprio_sway_compute (t, x, y, 5, 0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_NOT_FINITE, "Sample 3 (at 0.020000 s)");
  g_clear_error (&error);
  x[2] = 3;

  y[4] = -INFINITY;
  g_assert_false (proprio_sway_compute (t, x, y, 5, 0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_NOT_FINITE, "Sample 5");
  g_clear_error (&error);
  y[4] = 1;

  /* 100 Hz mean rate: 50 Hz is the Nyquist frequency and not allowed. */
  g_assert_false (proprio_sway_compute (t, x, y, 5, 50.0, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_INVALID_FILTER, "50 Hz");
  g_clear_error (&error);
  g_assert_false (proprio_sway_compute (t, x, y, 5, NAN, &m, &error));
  assert_error_mentions (error, PROPRIO_SWAY_ERROR_INVALID_FILTER, "nan");
  g_clear_error (&error);

  g_assert_cmpuint (m.n, ==, 777);

  /* The same data is fine once repaired, and 49 Hz is accepted. */
  g_assert_true (proprio_sway_compute (t, x, y, 5, 49.0, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m.n, ==, 5);
}

/* A CoP that never moves: every spread metric is exactly 0 and the mean frequency (0/0) is NaN, as
 * documented, rather than a made-up number. */
static void
test_still_cop (void)
{
  const gint64 t[] = { 0, 10000, 20000 };
  const double x[] = { 4, 4, 4 };
  const double y[] = { -2, -2, -2 };
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;

  g_assert_true (proprio_sway_compute (t, x, y, 3, 0, &m, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (m.path_length_mm, ==, 0.0);
  g_assert_cmpfloat (m.ellipse95.area, ==, 0.0);
  g_assert_cmpfloat (m.confidence_ellipse95_area_mm2, ==, 0.0);
  g_assert_cmpfloat (m.mean_distance_mm, ==, 0.0);
  g_assert_true (isnan (m.mean_frequency_hz));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sway/f-quantile-matches-table", test_f_quantile_table);
  g_test_add_func ("/sway/square-with-uneven-times", test_square_uneven_times);
  g_test_add_func ("/sway/triangle-with-uneven-times", test_triangle_uneven_times);
  g_test_add_func ("/sway/ellipse-of-known-covariance", test_ellipse_known_covariance);
  g_test_add_func ("/sway/ellipse-axis-aligned-angles", test_ellipse_axis_aligned);
  g_test_add_func ("/sway/ellipse-degenerate-clouds", test_ellipse_degenerate);
  g_test_add_func ("/sway/moments-sliding-window", test_moments_sliding_window);
  g_test_add_func ("/sway/circle-matches-closed-form", test_circle_closed_form);
  g_test_add_func ("/sway/long-trace-matches-independent-computation",
                   test_long_trace_independent);
  g_test_add_func ("/sway/lowpass-filters-before-metrics", test_lowpass_applied);
  g_test_add_func ("/sway/bad-input-is-an-error", test_errors);
  g_test_add_func ("/sway/still-cop-has-undefined-frequency", test_still_cop);

  return g_test_run ();
}
