/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-los"

#include "config.h"

#include "proprio-los.h"

#include <glib/gi18n.h>
#include <math.h>

G_DEFINE_QUARK (proprio-los-error-quark, proprio_los_error)

void
proprio_direction_get_unit (ProprioDirection  direction,
                            double           *ux,
                            double           *uy)
{
  /* Clockwise from forward, 45° apart: the order the LOS test and the polygon use. */
  double angle;

  g_return_if_fail (direction < PROPRIO_N_DIRECTIONS);
  g_return_if_fail (ux != NULL && uy != NULL);

  switch (direction)
    {
    case PROPRIO_DIRECTION_FORWARD:  *ux = 0.0;  *uy = 1.0;  return;
    case PROPRIO_DIRECTION_RIGHT:    *ux = 1.0;  *uy = 0.0;  return;
    case PROPRIO_DIRECTION_BACKWARD: *ux = 0.0;  *uy = -1.0; return;
    case PROPRIO_DIRECTION_LEFT:     *ux = -1.0; *uy = 0.0;  return;
    case PROPRIO_DIRECTION_FORWARD_RIGHT:
    case PROPRIO_DIRECTION_BACKWARD_RIGHT:
    case PROPRIO_DIRECTION_BACKWARD_LEFT:
    case PROPRIO_DIRECTION_FORWARD_LEFT:
    default:
      angle = G_PI / 2.0 - (G_PI / 4.0) * (double) direction;
      *ux = cos (angle);
      *uy = sin (angle);
      return;
    }
}

const char *
proprio_direction_get_name (ProprioDirection direction)
{
  switch (direction)
    {
    case PROPRIO_DIRECTION_FORWARD:        return _("Forward");
    case PROPRIO_DIRECTION_FORWARD_RIGHT:  return _("Forward right");
    case PROPRIO_DIRECTION_RIGHT:          return _("Right");
    case PROPRIO_DIRECTION_BACKWARD_RIGHT: return _("Backward right");
    case PROPRIO_DIRECTION_BACKWARD:       return _("Backward");
    case PROPRIO_DIRECTION_BACKWARD_LEFT:  return _("Backward left");
    case PROPRIO_DIRECTION_LEFT:           return _("Left");
    case PROPRIO_DIRECTION_FORWARD_LEFT:   return _("Forward left");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
proprio_direction_get_abbrev (ProprioDirection direction)
{
  static const char * const abbrev[PROPRIO_N_DIRECTIONS] = {
    "F", "FR", "R", "BR", "B", "BL", "L", "FL",
  };

  g_return_val_if_fail (direction < PROPRIO_N_DIRECTIONS, NULL);
  return abbrev[direction];
}

gboolean
proprio_limits_is_valid (const ProprioLimits *limits)
{
  g_return_val_if_fail (limits != NULL, FALSE);

  if (!isfinite (limits->centre_x_mm) || !isfinite (limits->centre_y_mm))
    return FALSE;
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    if (!isfinite (limits->max_excursion_mm[k]) || limits->max_excursion_mm[k] <= 0.0)
      return FALSE;
  return TRUE;
}

double
proprio_limits_reach (const ProprioLimits *limits,
                      double               ux,
                      double               uy)
{
  double len, theta, sector, ax, ay, bx, by, ex, ey, denom;
  guint k;

  g_return_val_if_fail (limits != NULL, NAN);

  len = hypot (ux, uy);
  if (!proprio_limits_is_valid (limits) || !isfinite (len) || len == 0.0)
    return NAN;
  ux /= len;
  uy /= len;

  /* Direction k sits at 90° − 45°·k; find the polygon edge between k and k + 1 the ray crosses. */
  theta = atan2 (uy, ux);
  sector = floor ((G_PI / 2.0 - theta) / (G_PI / 4.0));
  k = (guint) (((long) sector % 8 + 8) % 8);

  proprio_direction_get_unit (k, &ax, &ay);
  proprio_direction_get_unit ((k + 1) % 8, &bx, &by);
  ax *= limits->max_excursion_mm[k];
  ay *= limits->max_excursion_mm[k];
  bx *= limits->max_excursion_mm[(k + 1) % 8];
  by *= limits->max_excursion_mm[(k + 1) % 8];
  ex = bx - ax;
  ey = by - ay;

  /* s·u = a + t·e  ⇒  s = (a × e) / (u × e) */
  denom = ux * ey - uy * ex;
  if (denom == 0.0)
    return NAN;
  return (ax * ey - ay * ex) / denom;
}

void
proprio_los_theoretical_distances (double height_m,
                                   double distances_mm[PROPRIO_N_DIRECTIONS])
{
  double h_mm, fwd, back, side;

  g_return_if_fail (distances_mm != NULL);
  g_return_if_fail (isfinite (height_m) && height_m > 0.0);

  h_mm = PROPRIO_LOS_COG_HEIGHT_FRACTION * height_m * 1000.0;
  fwd = h_mm * tan (8.0 * G_PI / 180.0);
  back = h_mm * tan (4.5 * G_PI / 180.0);
  side = h_mm * tan (8.0 * G_PI / 180.0);

  distances_mm[PROPRIO_DIRECTION_FORWARD] = fwd;
  distances_mm[PROPRIO_DIRECTION_BACKWARD] = back;
  distances_mm[PROPRIO_DIRECTION_RIGHT] = side;
  distances_mm[PROPRIO_DIRECTION_LEFT] = side;
  /* Radius at 45° of the ellipse with semi-axes side and fwd (or back): a·b·√2 / √(a² + b²). */
  distances_mm[PROPRIO_DIRECTION_FORWARD_RIGHT] =
    distances_mm[PROPRIO_DIRECTION_FORWARD_LEFT] = side * fwd * G_SQRT2 / hypot (side, fwd);
  distances_mm[PROPRIO_DIRECTION_BACKWARD_RIGHT] =
    distances_mm[PROPRIO_DIRECTION_BACKWARD_LEFT] = side * back * G_SQRT2 / hypot (side, back);
}

/* Velocity toward the target at sample i over the 50 ms before it; FALSE near the trace start. */
static gboolean
window_velocity (const gint64 *t_us,
                 const double *u,
                 const gsize  *back,
                 gsize         i,
                 double       *v)
{
  gsize j = back[i];

  if (j == G_MAXSIZE)
    return FALSE;
  *v = (u[i] - u[j]) / ((double) (t_us[i] - t_us[j]) / G_USEC_PER_SEC);
  return TRUE;
}

/* Whether v stays on one side of the threshold for PROPRIO_LOS_SUSTAIN_US from sample i. With
 * `need_full`, the trace must also extend over the whole span. */
static gboolean
sustained (const gint64 *t_us,
           const double *u,
           const gsize  *back,
           gsize         n,
           gsize         i,
           double        threshold,
           gboolean      above,
           gboolean      need_full)
{
  gsize k;

  for (k = i; k < n && t_us[k] - t_us[i] <= PROPRIO_LOS_SUSTAIN_US; k++)
    {
      double v;
      gboolean is_above = window_velocity (t_us, u, back, k, &v) && v >= threshold;

      if (is_above != above)
        return FALSE;
    }
  return !need_full || k < n;
}

/* The time u first reaches `level` in [from, to], interpolated between samples. */
static double
crossing_time_s (const gint64 *t_us,
                 const double *u,
                 gsize         from,
                 gsize         to,
                 double        level)
{
  for (gsize k = from + 1; k <= to; k++)
    if (u[k] >= level && u[k - 1] < level)
      {
        double frac = (level - u[k - 1]) / (u[k] - u[k - 1]);
        return ((double) t_us[k - 1] + frac * (double) (t_us[k] - t_us[k - 1])) / G_USEC_PER_SEC;
      }
  return NAN;
}

gboolean
proprio_los_analyse (const gint64      *t_us,
                     const double      *x_mm,
                     const double      *y_mm,
                     gsize              n,
                     gint64             cue_us,
                     double             cx_mm,
                     double             cy_mm,
                     ProprioDirection   direction,
                     double             target_mm,
                     double             threshold_fraction,
                     double             height_m,
                     ProprioLosMetrics *out,
                     GError           **error)
{
  g_autofree double *u = NULL;
  g_autofree double *w = NULL;
  g_autofree gsize *back = NULL;
  double ux, uy, threshold, on = 0.0, off = 0.0;
  gsize first = G_MAXSIZE, onset_i = G_MAXSIZE, stop, end_i, n_after = 0, j = 0;

  g_return_val_if_fail (n == 0 || (t_us != NULL && x_mm != NULL && y_mm != NULL), FALSE);
  g_return_val_if_fail (direction < PROPRIO_N_DIRECTIONS, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out->reaction_time_s = NAN;
  out->movement_velocity_mm_s = NAN;
  out->movement_velocity_deg_s = NAN;
  out->endpoint_mm = out->endpoint_pct = NAN;
  out->max_excursion_mm = out->max_excursion_pct = NAN;
  out->max_x_mm = out->max_y_mm = NAN;
  out->directional_control_pct = NAN;
  out->onset_s = out->end_s = NAN;

  if (!isfinite (target_mm) || target_mm <= 0.0 || !isfinite (cx_mm) || !isfinite (cy_mm) ||
      !isfinite (threshold_fraction) || threshold_fraction <= 0.0)
    {
      g_set_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INVALID,
                   _("The target distance and the movement threshold must be positive numbers"));
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x_mm[i]) || !isfinite (y_mm[i]) || (i > 0 && t_us[i] <= t_us[i - 1]))
        {
          g_set_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INVALID,
                       _("The recording holds invalid values or out-of-order times (sample %zu)"), i);
          return FALSE;
        }
      if (t_us[i] >= cue_us)
        {
          if (first == G_MAXSIZE)
            first = i;
          n_after++;
        }
    }

  if (n_after < PROPRIO_LOS_MIN_SAMPLES)
    {
      g_set_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_TOO_FEW_SAMPLES,
                   _("Only %zu samples after the cue (at least %d are needed): "
                     "check the board connection"), n_after, PROPRIO_LOS_MIN_SAMPLES);
      return FALSE;
    }

  proprio_direction_get_unit (direction, &ux, &uy);
  u = g_new (double, n);
  w = g_new (double, n);
  back = g_new (gsize, n);
  for (gsize i = 0; i < n; i++)
    {
      double dx = x_mm[i] - cx_mm, dy = y_mm[i] - cy_mm;

      u[i] = dx * ux + dy * uy;
      w[i] = -dx * uy + dy * ux;
      /* Timestamps increase, so the window start only moves forward. */
      while (j + 1 < i && t_us[j + 1] <= t_us[i] - PROPRIO_LOS_VELOCITY_WINDOW_US)
        j++;
      back[i] = (j < i && t_us[j] <= t_us[i] - PROPRIO_LOS_VELOCITY_WINDOW_US) ? j : G_MAXSIZE;
    }

  for (gsize i = first; i < n; i++)
    if (G_UNLIKELY (i == first) || u[i] > out->max_excursion_mm)
      {
        out->max_excursion_mm = u[i];
        out->max_x_mm = x_mm[i];
        out->max_y_mm = y_mm[i];
      }
  out->max_excursion_pct = 100.0 * out->max_excursion_mm / target_mm;

  threshold = threshold_fraction * target_mm;
  for (gsize i = MAX (first, 1); i < n; i++)
    if (t_us[i - 1] >= cue_us && sustained (t_us, u, back, n, i, threshold, TRUE, TRUE))
      {
        onset_i = i;
        break;
      }

  if (onset_i == G_MAXSIZE)
    {
      g_set_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_NO_MOVEMENT,
                   _("No movement toward the target was detected"));
      return FALSE;
    }

  stop = n - 1;
  for (gsize k = onset_i + 1; k < n; k++)
    if (sustained (t_us, u, back, n, k, threshold, FALSE, FALSE))
      {
        stop = k;
        break;
      }

  /* The movement began within the interval that ends at onset_i. */
  onset_i--;
  end_i = onset_i;
  for (gsize k = onset_i; k <= stop; k++)
    if (u[k] > u[end_i])
      end_i = k;

  out->reaction_time_s = (double) (t_us[onset_i] - cue_us) / G_USEC_PER_SEC;
  out->onset_s = out->reaction_time_s;
  out->end_s = (double) (t_us[end_i] - cue_us) / G_USEC_PER_SEC;
  out->endpoint_mm = u[end_i];
  out->endpoint_pct = 100.0 * u[end_i] / target_mm;

  if (u[end_i] > u[onset_i])
    {
      double span = u[end_i] - u[onset_i];
      double lo = u[onset_i] + 0.05 * span, hi = u[onset_i] + 0.95 * span;
      double t_lo = crossing_time_s (t_us, u, onset_i, end_i, lo);
      double t_hi = crossing_time_s (t_us, u, onset_i, end_i, hi);

      if (isfinite (t_lo) && isfinite (t_hi) && t_hi > t_lo)
        {
          out->movement_velocity_mm_s = (hi - lo) / (t_hi - t_lo);
          if (isfinite (height_m) && height_m > 0.0)
            {
              double h_mm = PROPRIO_LOS_COG_HEIGHT_FRACTION * height_m * 1000.0;
              double deg = (atan (hi / h_mm) - atan (lo / h_mm)) * 180.0 / G_PI;

              out->movement_velocity_deg_s = deg / (t_hi - t_lo);
            }
        }
    }

  for (gsize k = onset_i + 1; k <= end_i; k++)
    {
      double du = u[k] - u[k - 1];

      if (du > 0.0)
        on += du;
      else
        off -= du;
      off += fabs (w[k] - w[k - 1]);
    }
  if (on > 0.0)
    out->directional_control_pct = 100.0 * (on - off) / on;

  return TRUE;
}
