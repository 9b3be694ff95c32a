/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-sway"

#include "config.h"

#include "proprio-sway.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-filter.h"

/* Sources for every formula below:
 *   Prieto TE, Myklebust JB, Hoffmann RG, Lovett EG, Myklebust BM. Measures of postural steadiness:
 *     differences between healthy young and elderly adults. IEEE Trans Biomed Eng 1996;43:956–66.
 *   Duarte M, Freitas SMSF. Revision of posturography based on force plate for balance evaluation.
 *     Rev Bras Fisioter 2010;14:183–92.
 *   Schubert P, Kirchner M. Ellipse area calculations and their applicability in posturography.
 *     Gait Posture 2014;39:518–22.
 * Notation: x medio-lateral (ML), y antero-posterior (AP), mm; x̃ = x − mean(x), ỹ = y − mean(y);
 * T = t_last − t_first in s, from the timestamps. */

G_DEFINE_QUARK (proprio-sway-error-quark, proprio_sway_error)

double
proprio_sway_f_95_2_d (double d)
{
  g_return_val_if_fail (d > 0.0, NAN);

  /* For F with (2, d) degrees of freedom the CDF has a closed form,
   * P(F ≤ f) = 1 − (1 + 2f/d)^(−d/2); setting it to p = 0.95 and solving for f gives
   * f = (d/2)·((1 − p)^(−2/d) − 1). */
  return d / 2.0 * (pow (0.05, -2.0 / d) - 1.0);
}

/* 95 % prediction ellipse from the sample covariance Σ = [[sxx, sxy], [sxy, syy]] (Schubert &
 * Kirchner 2014): semi-axes √(χ²·λᵢ) with λ₁ ≥ λ₂ the eigenvalues of Σ, area π·χ²·√det Σ, and the
 * major axis along the eigenvector of λ₁. */
static void
ellipse_from_covariance (double          cx,
                         double          cy,
                         double          sxx,
                         double          syy,
                         double          sxy,
                         ProprioEllipse *out)
{
  double half_trace = (sxx + syy) / 2.0;
  double r = hypot ((sxx - syy) / 2.0, sxy);
  double det = MAX (sxx * syy - sxy * sxy, 0.0);   /* ≥ 0 for a covariance, up to rounding */
  double l1 = half_trace + r;
  /* λ₂ = det / λ₁ rather than half_trace − r, which cancels badly for a flat cloud. */
  double l2 = l1 > 0.0 ? det / l1 : 0.0;
  double angle;

  /* The eigenvector of λ₁ makes the angle θ with +x where tan 2θ = 2·sxy / (sxx − syy); atan2
   * picks the branch of the larger eigenvalue and gives 2θ in (−180°, 180°]. */
  angle = 0.5 * atan2 (2.0 * sxy, sxx - syy) * 180.0 / G_PI;
  if (angle <= -90.0)
    angle += 180.0;   /* atan2 (−0, negative) = −180°: the same axis as +90° */

  out->cx = cx;
  out->cy = cy;
  out->major = sqrt (PROPRIO_SWAY_CHI2_95_2DOF * l1);
  out->minor = sqrt (PROPRIO_SWAY_CHI2_95_2DOF * l2);
  out->angle_deg = angle;
  out->area = G_PI * PROPRIO_SWAY_CHI2_95_2DOF * sqrt (det);
}

gboolean
proprio_sway_prediction_ellipse (const double   *x,
                                 const double   *y,
                                 gsize           n,
                                 ProprioEllipse *out)
{
  double mx = 0.0, my = 0.0, cxx = 0.0, cyy = 0.0, cxy = 0.0;

  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (n < 3)
    return FALSE;

  /* Welford: running means and co-moments Σ(x−x̄)(y−ȳ) in one pass, without the cancellation of
   * Σx² − n·x̄² when the cloud sits far from the origin. */
  for (gsize i = 0; i < n; i++)
    {
      double k = (double) (i + 1);
      double dx = x[i] - mx;
      double dy = y[i] - my;

      mx += dx / k;
      my += dy / k;
      cxx += dx * (x[i] - mx);
      cyy += dy * (y[i] - my);
      cxy += dx * (y[i] - my);
    }

  if (!isfinite (cxx) || !isfinite (cyy) || !isfinite (cxy) || !isfinite (mx) || !isfinite (my))
    return FALSE;

  ellipse_from_covariance (mx, my,
                           cxx / (double) (n - 1), cyy / (double) (n - 1), cxy / (double) (n - 1),
                           out);
  return out->major > 0.0;
}

void
proprio_sway_moments_reset (ProprioSwayMoments *m)
{
  g_return_if_fail (m != NULL);
  memset (m, 0, sizeof *m);
}

void
proprio_sway_moments_add (ProprioSwayMoments *m,
                          double              x,
                          double              y)
{
  double dx, dy;

  g_return_if_fail (m != NULL);
  if (!m->has_ref)
    {
      m->has_ref = TRUE;
      m->rx = x;
      m->ry = y;
    }
  dx = x - m->rx;
  dy = y - m->ry;
  m->n += 1.0;
  m->sx += dx;
  m->sy += dy;
  m->sxx += dx * dx;
  m->syy += dy * dy;
  m->sxy += dx * dy;
}

void
proprio_sway_moments_remove (ProprioSwayMoments *m,
                             double              x,
                             double              y)
{
  double dx, dy;

  g_return_if_fail (m != NULL && m->has_ref);
  dx = x - m->rx;
  dy = y - m->ry;
  m->n -= 1.0;
  m->sx -= dx;
  m->sy -= dy;
  m->sxx -= dx * dx;
  m->syy -= dy * dy;
  m->sxy -= dx * dy;
}

gboolean
proprio_sway_moments_ellipse (const ProprioSwayMoments *m,
                              ProprioEllipse           *out)
{
  double n, cxx, cyy, cxy;

  g_return_val_if_fail (m != NULL && out != NULL, FALSE);
  n = m->n;
  if (n < 3.0)
    return FALSE;
  /* Co-moments about the mean; rounding can leave a variance a hair below 0 for a flat cloud. */
  cxx = MAX (m->sxx - m->sx * m->sx / n, 0.0);
  cyy = MAX (m->syy - m->sy * m->sy / n, 0.0);
  cxy = m->sxy - m->sx * m->sy / n;
  if (!isfinite (cxx) || !isfinite (cyy) || !isfinite (cxy))
    return FALSE;
  ellipse_from_covariance (m->rx + m->sx / n, m->ry + m->sy / n,
                           cxx / (n - 1.0), cyy / (n - 1.0), cxy / (n - 1.0), out);
  return out->major > 0.0;
}

static double
seconds_since_first (const gint64 *t_us,
                     gsize         i)
{
  /* In double: exact below 2⁵³ µs, and no integer overflow for absurd timestamps. */
  return ((double) t_us[i] - (double) t_us[0]) / G_USEC_PER_SEC;
}

static gboolean
validate_input (const gint64  *t_us,
                const double  *x,
                const double  *y,
                gsize          n,
                GError       **error)
{
  if (n < 3)
    {
      g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_TOO_FEW_SAMPLES,
                   _("Sway metrics need at least 3 samples with a centre of pressure; there are "
                     "%zu"), n);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]) || !isfinite (y[i]))
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                       _("Sample %zu (at %.6f s) has a centre of pressure that is "
                         "not a finite number (x = %g, y = %g)"),
                       i + 1, seconds_since_first (t_us, i), x[i], y[i]);
          return FALSE;
        }
      if (i > 0 && t_us[i] <= t_us[i - 1])
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_MONOTONIC,
                       _("Sample %zu (at %.6f s) is not after the sample before it "
                         "(at %.6f s): the timestamps must increase"),
                       i + 1, seconds_since_first (t_us, i), seconds_since_first (t_us, i - 1));
          return FALSE;
        }
    }

  /* Unreachable with strictly increasing times and n ≥ 3, kept so that a zero duration can never
   * turn into a division by zero below. */
  if (!(seconds_since_first (t_us, n - 1) > 0.0))
    {
      g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_TOO_FEW_SAMPLES,
                   _("The samples span no time: the first and last timestamps are equal"));
      return FALSE;
    }
  return TRUE;
}

static void
compute_metrics (const double       *x,
                 const double       *y,
                 gsize               n,
                 double              duration_s,
                 ProprioSwayMetrics *m)
{
  double dn = (double) n;
  double sum_x = 0.0, sum_y = 0.0;
  double min_x = x[0], max_x = x[0], min_y = y[0], max_y = y[0];
  double path = 0.0, path_ml = 0.0, path_ap = 0.0;
  double sxx = 0.0, syy = 0.0, sxy = 0.0, sum_dist = 0.0;
  double mean_x, mean_y, cov_xx, cov_yy, cov_xy;

  /* First pass: means, ranges and path lengths.
   * Path length: Σ √(Δx² + Δy²) (total), Σ |Δx| (ML), Σ |Δy| (AP) — Prieto 1996 "total
   * excursion"; Duarte & Freitas 2010. Range: max − min per axis. */
  for (gsize i = 0; i < n; i++)
    {
      sum_x += x[i];
      sum_y += y[i];
      min_x = MIN (min_x, x[i]);
      max_x = MAX (max_x, x[i]);
      min_y = MIN (min_y, y[i]);
      max_y = MAX (max_y, y[i]);
      if (i > 0)
        {
          double dx = x[i] - x[i - 1];
          double dy = y[i] - y[i - 1];

          path += hypot (dx, dy);
          path_ml += fabs (dx);
          path_ap += fabs (dy);
        }
    }
  mean_x = sum_x / dn;
  mean_y = sum_y / dn;

  /* Second pass, about the mean: sums of x̃², ỹ², x̃ỹ and of the distance √(x̃² + ỹ²). */
  for (gsize i = 0; i < n; i++)
    {
      double dx = x[i] - mean_x;
      double dy = y[i] - mean_y;

      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
      sum_dist += hypot (dx, dy);
    }

  m->n = (guint) MIN (n, (gsize) G_MAXUINT);
  m->duration_s = duration_s;
  m->mean_x_mm = mean_x;
  m->mean_y_mm = mean_y;

  m->path_length_mm = path;
  m->path_length_ml_mm = path_ml;
  m->path_length_ap_mm = path_ap;

  /* Mean velocity = path length / T (Prieto 1996 "mean velocity"), mm/s. */
  m->mean_velocity_mm_s = path / duration_s;
  m->mean_velocity_ml_mm_s = path_ml / duration_s;
  m->mean_velocity_ap_mm_s = path_ap / duration_s;

  /* RMS distance about the mean, population form (÷ n): √mean(x̃² + ỹ²), √mean(x̃²), √mean(ỹ²). */
  m->rms_mm = sqrt ((sxx + syy) / dn);
  m->rms_ml_mm = sqrt (sxx / dn);
  m->rms_ap_mm = sqrt (syy / dn);

  /* Standard deviation per axis, sample form (÷ (n − 1)). */
  cov_xx = sxx / (dn - 1.0);
  cov_yy = syy / (dn - 1.0);
  cov_xy = sxy / (dn - 1.0);
  m->sd_ml_mm = sqrt (cov_xx);
  m->sd_ap_mm = sqrt (cov_yy);

  m->range_ml_mm = max_x - min_x;
  m->range_ap_mm = max_y - min_y;

  /* Mean distance: mean √(x̃² + ỹ²) (Prieto 1996). */
  m->mean_distance_mm = sum_dist / dn;

  /* 95 % prediction ellipse of the sample covariance (Schubert & Kirchner 2014):
   * area = π · 5.991 · √det Σ. */
  ellipse_from_covariance (mean_x, mean_y, cov_xx, cov_yy, cov_xy, &m->ellipse95);

  /* Prieto's 95 % confidence ellipse: 2π · F₀.₀₅[2, n−2] · √(s_x² s_y² − s_xy²), with the same
   * sample (n − 1) variances and covariance. */
  m->confidence_ellipse95_area_mm2 = 2.0 * G_PI * proprio_sway_f_95_2_d (dn - 2.0)
                                     * sqrt (MAX (cov_xx * cov_yy - cov_xy * cov_xy, 0.0));

  /* Mean frequency = path length / (2π · mean distance · T) (Prieto 1996): the rotation rate of a
   * circle of radius MD walked at the mean velocity. 0/0 when the CoP never moves. */
  m->mean_frequency_hz = m->mean_distance_mm > 0.0
                         ? path / (2.0 * G_PI * m->mean_distance_mm * duration_s)
                         : NAN;
}

gboolean
proprio_sway_compute (const gint64       *t_us,
                      const double       *x,
                      const double       *y,
                      gsize               n,
                      double              lowpass_hz,
                      ProprioSwayMetrics *out,
                      GError            **error)
{
  g_autofree double *fx = NULL;
  g_autofree double *fy = NULL;
  ProprioSwayMetrics m = { 0 };
  double duration_s;

  g_return_val_if_fail (t_us != NULL || n == 0, FALSE);
  g_return_val_if_fail (x != NULL || n == 0, FALSE);
  g_return_val_if_fail (y != NULL || n == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_input (t_us, x, y, n, error))
    return FALSE;

  /* T from the timestamps, not n × a nominal period, so dropped samples do not shrink it. */
  duration_s = seconds_since_first (t_us, n - 1);

  if (isnan (lowpass_hz) || lowpass_hz > 0.0)
    {
      /* Filtered on the sample index at the mean rate of this window (see proprio-filter.h);
       * the metrics below still use the real timestamps. */
      double rate_hz = (double) (n - 1) / duration_s;
      ProprioBiquad bq;

      if (!proprio_biquad_butterworth_lowpass (lowpass_hz, rate_hz, &bq, NULL))
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_INVALID_FILTER,
                       _("The low-pass cut-off (%g Hz) must be above 0 and below half the mean "
                         "sample rate (%g Hz)"), lowpass_hz, rate_hz / 2.0);
          return FALSE;
        }
      fx = g_memdup2 (x, n * sizeof (double));
      fy = g_memdup2 (y, n * sizeof (double));
      proprio_biquad_filtfilt (&bq, fx, n);
      proprio_biquad_filtfilt (&bq, fy, n);
      x = fx;
      y = fy;
    }

  compute_metrics (x, y, n, duration_s, &m);
  *out = m;
  return TRUE;
}
