/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-filter"

#include <glib.h>
#include <math.h>

#include "core/proprio-filter.h"

#define assert_abs(a, b, eps) g_assert_cmpfloat_with_epsilon ((a), (b), (eps))

/* Least-squares fit of a·sin(ωk) + b·cos(ωk) over samples [from, to) of data at f/rate cycles per
 * sample; returns the amplitude and the phase relative to sin(ωk). Used to measure gain and lag of
 * a filtered sine away from the ends. */
static void
fit_sine (const double *data,
          gsize         from,
          gsize         to,
          double        f,
          double        rate,
          double       *amplitude,
          double       *phase)
{
  double ss = 0, cc = 0, sc = 0, ds = 0, dc = 0, det, a, b;

  for (gsize k = from; k < to; k++)
    {
      double w = 2.0 * G_PI * f * k / rate;

      ss += sin (w) * sin (w);
      cc += cos (w) * cos (w);
      sc += sin (w) * cos (w);
      ds += data[k] * sin (w);
      dc += data[k] * cos (w);
    }
  det = ss * cc - sc * sc;
  a = (ds * cc - dc * sc) / det;
  b = (dc * ss - ds * sc) / det;
  *amplitude = hypot (a, b);
  *phase = atan2 (b, a);
}

/* fc = 10 Hz at 100 Hz: the textbook 2nd-order Butterworth (bilinear, pre-warped). By hand:
 * K = tan(π/10) = 0.3249197, K² = 0.1055728, √2·K = 0.4595058, D = 1 + √2K + K² = 1.5650786;
 * b0 = K²/D = 0.0674553, b1 = 2·b0 = 0.1349105, a1 = 2(K² − 1)/D = −1.1429805,
 * a2 = (1 − √2K + K²)/D = 0.4128016 (the same as published design tables for Wn = 0.2). */
static void
test_design_coefficients (void)
{
  ProprioBiquad bq;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_biquad_butterworth_lowpass (10.0, 100.0, &bq, &error));
  g_assert_no_error (error);
  assert_abs (bq.b0, 0.0674553, 1e-7);
  assert_abs (bq.b1, 0.1349105, 1e-7);
  assert_abs (bq.b2, 0.0674553, 1e-7);
  assert_abs (bq.a1, -1.1429805, 1e-7);
  assert_abs (bq.a2, 0.4128016, 1e-7);
}

/* DC gain 1: (b0 + b1 + b2)/(1 + a1 + a2) = 4K²/D / (4K²/D) = 1. A constant must come through
 * forward-backward unchanged, including at both ends (steady-state start, no transient). */
static void
test_dc_gain_is_one (void)
{
  ProprioBiquad bq;
  double data[500];

  g_assert_true (proprio_biquad_butterworth_lowpass (2.0, 100.0, &bq, NULL));
  assert_abs (proprio_biquad_magnitude (&bq, 0.0, 100.0), 1.0, 1e-12);

  for (guint i = 0; i < G_N_ELEMENTS (data); i++)
    data[i] = 3.7;
  proprio_biquad_filtfilt (&bq, data, G_N_ELEMENTS (data));
  for (guint i = 0; i < G_N_ELEMENTS (data); i++)
    assert_abs (data[i], 3.7, 1e-12);
}

/* At the cut-off a pre-warped Butterworth has |H| = 1/√2 (−3.01 dB) per pass, so forward-backward
 * gives |H|² = 1/2 (−6.02 dB). Generally, the forward-backward gain is
 * 1/(1 + (tan(πf/fs)/tan(πfc/fs))⁴).
 * Measured on a filtered 10 Hz sine at 100 Hz, in the middle of 20 s. */
static void
test_gain_at_cutoff (void)
{
  const gsize n = 2000;
  g_autofree double *data = g_new (double, n);
  ProprioBiquad bq;
  double amplitude, phase;

  g_assert_true (proprio_biquad_butterworth_lowpass (10.0, 100.0, &bq, NULL));
  assert_abs (proprio_biquad_magnitude (&bq, 10.0, 100.0), 1.0 / G_SQRT2, 1e-12);
  assert_abs (20.0 * log10 (pow (proprio_biquad_magnitude (&bq, 10.0, 100.0), 2)), -6.0206, 1e-4);

  for (gsize k = 0; k < n; k++)
    data[k] = sin (2.0 * G_PI * 10.0 * k / 100.0);
  proprio_biquad_filtfilt (&bq, data, n);
  fit_sine (data, 200, n - 200, 10.0, 100.0, &amplitude, &phase);
  assert_abs (amplitude, 0.5, 1e-6);
  assert_abs (phase, 0.0, 1e-6);
}

/* Zero phase: a 2 Hz sine through a 10 Hz low-pass at 100 Hz keeps its phase (no lag) and has the
 * gain of the formula above: tan(0.02π)/tan(0.1π) = 0.0629147/0.3249197 = 0.193632, so
 * 1/(1 + 0.193632⁴) = 1/1.0014058 = 0.998596. A single causal pass, for
 * contrast, does lag: its phase is −arg H, clearly non-zero. */
static void
test_zero_phase (void)
{
  const gsize n = 3000;
  g_autofree double *data = g_new (double, n);
  g_autofree double *causal = g_new (double, n);
  ProprioBiquad bq;
  double amplitude, phase, expected;

  g_assert_true (proprio_biquad_butterworth_lowpass (10.0, 100.0, &bq, NULL));
  for (gsize k = 0; k < n; k++)
    data[k] = causal[k] = 2.0 * sin (2.0 * G_PI * 2.0 * k / 100.0);

  proprio_biquad_filtfilt (&bq, data, n);
  expected = 1.0 / (1.0 + pow (tan (G_PI * 0.02) / tan (G_PI * 0.1), 4));
  fit_sine (data, 300, n - 300, 2.0, 100.0, &amplitude, &phase);
  assert_abs (amplitude, 2.0 * expected, 1e-6);
  assert_abs (expected, 0.998596, 1e-6);
  assert_abs (phase, 0.0, 1e-6);

  proprio_biquad_filter (&bq, causal, n);
  fit_sine (causal, 300, n - 300, 2.0, 100.0, &amplitude, &phase);
  assert_abs (amplitude, 2.0 * proprio_biquad_magnitude (&bq, 2.0, 100.0), 1e-6);
  g_assert_cmpfloat (phase, <, -0.1);
}

/* The ends: odd reflection continues a sine that crosses zero at an end exactly, so such a sine
 * comes out with the interior gain right up to the first and last samples. */
static void
test_edges_of_odd_signal (void)
{
  const gsize n = 401;   /* 4 s: the 1 Hz sine is 0 at both ends */
  g_autofree double *data = g_new (double, n);
  ProprioBiquad bq;
  double gain;

  g_assert_true (proprio_biquad_butterworth_lowpass (5.0, 100.0, &bq, NULL));
  gain = 1.0 / (1.0 + pow (tan (G_PI * 0.01) / tan (G_PI * 0.05), 4));
  for (gsize k = 0; k < n; k++)
    data[k] = sin (2.0 * G_PI * k / 100.0);
  proprio_biquad_filtfilt (&bq, data, n);
  for (gsize k = 0; k < n; k++)
    assert_abs (data[k], gain * sin (2.0 * G_PI * k / 100.0), 2e-4);
}

static void
test_invalid_cutoff (void)
{
  const double bad[][2] = {
    { 50.0, 100.0 },   /* at Nyquist */
    { 60.0, 100.0 },
    { 0.0, 100.0 },
    { -1.0, 100.0 },
    { NAN, 100.0 },
    { 10.0, 0.0 },
    { 10.0, INFINITY },
  };
  ProprioBiquad bq;
  double data[3] = { 1, 2, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (proprio_biquad_butterworth_lowpass (bad[i][0], bad[i][1], &bq, &error));
      g_assert_error (error, PROPRIO_FILTER_ERROR, PROPRIO_FILTER_ERROR_INVALID_CUTOFF);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (proprio_filter_lowpass_zero_phase (data, 3, 50.0, 100.0, &error));
    g_assert_error (error, PROPRIO_FILTER_ERROR, PROPRIO_FILTER_ERROR_INVALID_CUTOFF);
    g_assert_cmpfloat (data[1], ==, 2.0);   /* untouched */
  }
}

/* Very short inputs: no reads outside the array (checked under ASan), constants preserved. */
static void
test_short_input (void)
{
  ProprioBiquad bq;
  double one[1] = { 4.0 };
  double two[2] = { 4.0, 4.0 };
  double three[3] = { 1.0, 1.0, 1.0 };

  g_assert_true (proprio_biquad_butterworth_lowpass (1.0, 100.0, &bq, NULL));
  proprio_biquad_filtfilt (&bq, NULL, 0);
  proprio_biquad_filtfilt (&bq, one, 1);
  g_assert_cmpfloat (one[0], ==, 4.0);
  proprio_biquad_filtfilt (&bq, two, 2);
  assert_abs (two[0], 4.0, 1e-12);
  assert_abs (two[1], 4.0, 1e-12);
  proprio_biquad_filtfilt (&bq, three, 3);
  for (guint i = 0; i < 3; i++)
    assert_abs (three[i], 1.0, 1e-12);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter/butterworth-coefficients", test_design_coefficients);
  g_test_add_func ("/filter/dc-gain-is-one", test_dc_gain_is_one);
  g_test_add_func ("/filter/minus-6db-at-cutoff-forward-backward", test_gain_at_cutoff);
  g_test_add_func ("/filter/forward-backward-has-no-lag", test_zero_phase);
  g_test_add_func ("/filter/odd-signal-kept-to-the-ends", test_edges_of_odd_signal);
  g_test_add_func ("/filter/invalid-cutoff-is-an-error", test_invalid_cutoff);
  g_test_add_func ("/filter/short-input", test_short_input);

  return g_test_run ();
}
