/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-filter"

#include "config.h"

#include "proprio-filter.h"

#include <glib/gi18n.h>
#include <math.h>

/* Odd-reflection padding at each end: at least three filter lengths (as common forward-backward
 * implementations do), and at least six time constants of the slowest pole, so that the start-up
 * transient of each pass has decayed to e⁻⁶ ≈ 0.25 % before the real samples begin. Low cut-offs
 * need long padding: τ ≈ rate / (2π·fc·0.7) samples. */
#define FILTFILT_MIN_PAD 9
#define FILTFILT_TIME_CONSTANTS 6.0

G_DEFINE_QUARK (proprio-filter-error-quark, proprio_filter_error)

gboolean
proprio_biquad_butterworth_lowpass (double          cutoff_hz,
                                    double          rate_hz,
                                    ProprioBiquad  *out,
                                    GError        **error)
{
  double k, k2, norm;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (rate_hz) || rate_hz <= 0.0)
    {
      g_set_error (error, PROPRIO_FILTER_ERROR, PROPRIO_FILTER_ERROR_INVALID_CUTOFF,
                   _("Cannot design a filter for a sample rate of %g Hz"), rate_hz);
      return FALSE;
    }
  if (!isfinite (cutoff_hz) || cutoff_hz <= 0.0 || cutoff_hz >= rate_hz / 2.0)
    {
      g_set_error (error, PROPRIO_FILTER_ERROR, PROPRIO_FILTER_ERROR_INVALID_CUTOFF,
                   _("The low-pass cut-off (%g Hz) must be above 0 and below half the sample "
                     "rate (%g Hz)"), cutoff_hz, rate_hz / 2.0);
      return FALSE;
    }

  /* Analogue prototype s² + √2·s + 1, bilinear transform with pre-warping: K = tan(π·fc/fs). */
  k = tan (G_PI * cutoff_hz / rate_hz);
  k2 = k * k;
  norm = 1.0 / (1.0 + G_SQRT2 * k + k2);
  out->b0 = k2 * norm;
  out->b1 = 2.0 * out->b0;
  out->b2 = out->b0;
  out->a1 = 2.0 * (k2 - 1.0) * norm;
  out->a2 = (1.0 - G_SQRT2 * k + k2) * norm;
  return TRUE;
}

double
proprio_biquad_magnitude (const ProprioBiquad *bq,
                          double               freq_hz,
                          double               rate_hz)
{
  double w, c1, s1, c2, s2, num_re, num_im, den_re, den_im;

  g_return_val_if_fail (bq != NULL, NAN);
  g_return_val_if_fail (rate_hz > 0.0, NAN);

  /* H(z) at z = e^{jω}: z⁻¹ = cos ω − j sin ω, z⁻² = cos 2ω − j sin 2ω. */
  w = 2.0 * G_PI * freq_hz / rate_hz;
  c1 = cos (w);
  s1 = sin (w);
  c2 = cos (2.0 * w);
  s2 = sin (2.0 * w);
  num_re = bq->b0 + bq->b1 * c1 + bq->b2 * c2;
  num_im = -bq->b1 * s1 - bq->b2 * s2;
  den_re = 1.0 + bq->a1 * c1 + bq->a2 * c2;
  den_im = -bq->a1 * s1 - bq->a2 * s2;
  return sqrt ((num_re * num_re + num_im * num_im) / (den_re * den_re + den_im * den_im));
}

typedef struct
{
  double z1, z2;
} BiquadState;

static inline double
biquad_step (const ProprioBiquad *bq,
             BiquadState         *st,
             double               x)
{
  double y = bq->b0 * x + st->z1;

  st->z1 = bq->b1 * x - bq->a1 * y + st->z2;
  st->z2 = bq->b2 * x - bq->a2 * y;
  return y;
}

/* The state the section settles in after a long constant input u, so that starting a pass there
 * produces no step transient at the first sample. */
static void
biquad_steady_state (const ProprioBiquad *bq,
                     double               u,
                     BiquadState         *st)
{
  double den = 1.0 + bq->a1 + bq->a2;
  double gain = den != 0.0 ? (bq->b0 + bq->b1 + bq->b2) / den : 1.0;

  st->z2 = (bq->b2 - bq->a2 * gain) * u;
  st->z1 = (bq->b1 - bq->a1 * gain) * u + st->z2;
}

void
proprio_biquad_filter (const ProprioBiquad *bq,
                       double              *data,
                       gsize                n)
{
  BiquadState st = { 0.0, 0.0 };

  g_return_if_fail (bq != NULL);
  g_return_if_fail (data != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    data[i] = biquad_step (bq, &st, data[i]);
}

static gsize
filtfilt_pad_length (const ProprioBiquad *bq,
                     gsize                n)
{
  /* For complex poles, |p|² = a2; for real ones the larger |p| bounds the decay. */
  double disc = bq->a1 * bq->a1 - 4.0 * bq->a2;
  double radius = disc < 0.0 ? sqrt (bq->a2) : (fabs (bq->a1) + sqrt (disc)) / 2.0;
  double pad = FILTFILT_MIN_PAD;

  if (radius > 0.0 && radius < 1.0)
    pad = MAX (pad, ceil (FILTFILT_TIME_CONSTANTS / -log (radius)));
  return (gsize) MIN (pad, (double) (n - 1));
}

void
proprio_biquad_filtfilt (const ProprioBiquad *bq,
                         double              *data,
                         gsize                n)
{
  /* tail: original values at the right end (the forward pass overwrites them but the right padding
   * is made of them); fwd_pad: forward outputs over the right padding (the backward pass's first
   * inputs). */
  g_autofree double *tail = NULL;
  g_autofree double *fwd_pad = NULL;
  BiquadState st;
  gsize pad;
  double x_first, x_last, e;

  g_return_if_fail (bq != NULL);
  g_return_if_fail (data != NULL || n == 0);

  if (n < 2)
    return;

  pad = filtfilt_pad_length (bq, n);
  tail = g_new (double, pad + 1);
  fwd_pad = g_new (double, MAX (pad, 1));
  x_first = data[0];
  x_last = data[n - 1];
  for (gsize j = 0; j <= pad; j++)
    tail[j] = data[n - 1 - j];          /* tail[j] = x[n−1−j] */

  /* Forward pass over the extended signal. Left padding: 2·x₀ − x[p], …, 2·x₀ − x[1]; its outputs
   * are only needed to bring the state up to date, so they are discarded. */
  biquad_steady_state (bq, 2.0 * x_first - data[pad], &st);
  for (gsize i = 0; i < pad; i++)
    biquad_step (bq, &st, 2.0 * x_first - data[pad - i]);
  for (gsize i = 0; i < n; i++)
    data[i] = biquad_step (bq, &st, data[i]);
  /* Right padding: 2·x[n−1] − x[n−2], …, 2·x[n−1] − x[n−1−p]. */
  for (gsize j = 0; j < pad; j++)
    fwd_pad[j] = biquad_step (bq, &st, 2.0 * x_last - tail[j + 1]);

  /* Backward pass, starting at the far end of the right padding. */
  e = pad > 0 ? fwd_pad[pad - 1] : data[n - 1];
  biquad_steady_state (bq, e, &st);
  for (gsize j = pad; j > 0; j--)
    biquad_step (bq, &st, fwd_pad[j - 1]);
  for (gsize i = n; i > 0; i--)
    data[i - 1] = biquad_step (bq, &st, data[i - 1]);
}

gboolean
proprio_filter_lowpass_zero_phase (double   *data,
                                   gsize     n,
                                   double    cutoff_hz,
                                   double    rate_hz,
                                   GError  **error)
{
  ProprioBiquad bq;

  g_return_val_if_fail (data != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!proprio_biquad_butterworth_lowpass (cutoff_hz, rate_hz, &bq, error))
    return FALSE;
  proprio_biquad_filtfilt (&bq, data, n);
  return TRUE;
}
