/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay"

#include <math.h>
#include <string.h>

#include "proprio-overlay-geometry.h"

static const struct
{
  const char *name;
  guint       n_points;
} kinds[PROPRIO_OVERLAY_N_KINDS] = {
  [PROPRIO_OVERLAY_PLUMB] = { "plumb", 1 },
  [PROPRIO_OVERLAY_LEVEL] = { "level", 1 },
  [PROPRIO_OVERLAY_GRID] = { "grid", 2 },
  [PROPRIO_OVERLAY_LINE] = { "line", 2 },
  [PROPRIO_OVERLAY_CIRCLE] = { "circle", 2 },
  [PROPRIO_OVERLAY_ANGLE] = { "angle", 3 },
};

static gboolean
kind_is_valid (ProprioOverlayKind kind)
{
  return (int) kind >= 0 && kind < PROPRIO_OVERLAY_N_KINDS;
}

guint
proprio_overlay_kind_n_points (ProprioOverlayKind kind)
{
  return kind_is_valid (kind) ? kinds[kind].n_points : 0;
}

const char *
proprio_overlay_kind_to_string (ProprioOverlayKind kind)
{
  return kind_is_valid (kind) ? kinds[kind].name : NULL;
}

gboolean
proprio_overlay_kind_from_string (const char         *name,
                                  ProprioOverlayKind *out_kind)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint k = 0; k < PROPRIO_OVERLAY_N_KINDS; k++)
    if (strcmp (name, kinds[k].name) == 0)
      {
        if (out_kind != NULL)
          *out_kind = (ProprioOverlayKind) k;
        return TRUE;
      }
  return FALSE;
}

void
proprio_overlay_fit_contain (ProprioOverlayFit *fit,
                             int                video_width,
                             int                video_height,
                             double             widget_width,
                             double             widget_height)
{
  double vw, vh, w, h;

  g_return_if_fail (fit != NULL);

  widget_width = MAX (widget_width, 0.0);
  widget_height = MAX (widget_height, 0.0);
  if (video_width <= 0 || video_height <= 0)
    {
      video_width = MAX (1, (int) ceil (widget_width));
      video_height = MAX (1, (int) ceil (widget_height));
    }
  vw = video_width;
  vh = video_height;

  /* Compare aspect ratios by cross-multiplying: exact for integer sizes, no rounding at ties. */
  if (vw * widget_height > widget_width * vh)
    {
      fit->scale = widget_width / vw;
      w = widget_width;
      h = vh * fit->scale;
    }
  else
    {
      fit->scale = widget_height / vh;
      w = vw * fit->scale;
      h = widget_height;
    }

  fit->width = w;
  fit->height = h;
  /* GtkPicture translates the picture by whole pixels: match it so the lines sit on the video. */
  fit->x = (double) (int) ((widget_width - ceil (w)) / 2.0);
  fit->y = (double) (int) (floor (widget_height - ceil (h)) / 2.0);
  fit->video_width = video_width;
  fit->video_height = video_height;
}

ProprioOverlayPoint
proprio_overlay_fit_to_video (const ProprioOverlayFit *fit,
                              double                   widget_x,
                              double                   widget_y)
{
  ProprioOverlayPoint p = { 0.0, 0.0 };

  g_return_val_if_fail (fit != NULL, p);

  if (fit->width > 0.0)
    p.x = (widget_x - fit->x) / fit->width;
  if (fit->height > 0.0)
    p.y = (widget_y - fit->y) / fit->height;
  return p;
}

void
proprio_overlay_fit_to_widget (const ProprioOverlayFit *fit,
                               ProprioOverlayPoint      video,
                               double                  *widget_x,
                               double                  *widget_y)
{
  g_return_if_fail (fit != NULL);

  if (widget_x != NULL)
    *widget_x = fit->x + video.x * fit->width;
  if (widget_y != NULL)
    *widget_y = fit->y + video.y * fit->height;
}

double
proprio_overlay_distance_to_segment (double ax, double ay,
                                     double bx, double by,
                                     double px, double py)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t;

  if (len2 <= 0.0)
    return hypot (px - ax, py - ay);
  t = ((px - ax) * dx + (py - ay) * dy) / len2;
  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

double
proprio_overlay_angle_deg (double ax, double ay,
                           double vx, double vy,
                           double bx, double by)
{
  double ux = ax - vx, uy = ay - vy;
  double wx = bx - vx, wy = by - vy;
  double cross, dot;

  if ((ux == 0.0 && uy == 0.0) || (wx == 0.0 && wy == 0.0))
    return NAN;
  /* atan2 of |cross| and dot stays accurate near 0° and 180°, where acos loses digits. */
  cross = ux * wy - uy * wx;
  dot = ux * wx + uy * wy;
  return atan2 (fabs (cross), dot) * (180.0 / G_PI);
}

double
proprio_overlay_shape_angle (const ProprioOverlayShape *shape,
                             int                        video_width,
                             int                        video_height)
{
  double sx = MAX (video_width, 1), sy = MAX (video_height, 1);

  g_return_val_if_fail (shape != NULL, NAN);

  if (shape->kind != PROPRIO_OVERLAY_ANGLE)
    return NAN;
  return proprio_overlay_angle_deg (shape->p[0].x * sx, shape->p[0].y * sy,
                                    shape->p[1].x * sx, shape->p[1].y * sy,
                                    shape->p[2].x * sx, shape->p[2].y * sy);
}

guint
proprio_overlay_grid_lines (double  origin,
                            double  step,
                            double *out,
                            guint   max)
{
  double first;
  guint n = 0;

  step = fabs (step);
  if (!isfinite (origin) || !isfinite (step) || step < PROPRIO_OVERLAY_GRID_MIN_CELL * 0.5)
    return 0;
  /* Counting k from the lowest line in range, not accumulating, keeps every line exact. */
  first = origin - floor (origin / step) * step;
  for (guint k = 0; n < max; k++)
    {
      double v = first + k * step;

      if (v > 1.0 + 1e-12)
        break;
      out[n++] = MIN (v, 1.0);
    }
  return n;
}

/* Distance to the nearest of a set of full-length lines across the picture. */
static double
distance_to_lines (const double *lines,
                   guint         n,
                   double        offset,
                   double        length,
                   double        p)
{
  double best = INFINITY;

  for (guint i = 0; i < n; i++)
    best = MIN (best, fabs (p - (offset + lines[i] * length)));
  return best;
}

/* How far (x, y) lies outside the picture along one axis, 0 inside. */
static double
outside (double v,
         double lo,
         double len)
{
  if (v < lo)
    return lo - v;
  if (v > lo + len)
    return v - (lo + len);
  return 0.0;
}

static double
body_distance (const ProprioOverlayShape *shape,
               const ProprioOverlayFit   *fit,
               const double              *wx,
               const double              *wy,
               double                     x,
               double                     y)
{
  double out_x = outside (x, fit->x, fit->width);
  double out_y = outside (y, fit->y, fit->height);

  switch (shape->kind)
    {
    case PROPRIO_OVERLAY_PLUMB:
      return hypot (x - wx[0], out_y);

    case PROPRIO_OVERLAY_LEVEL:
      return hypot (y - wy[0], out_x);

    case PROPRIO_OVERLAY_GRID:
      {
        double lines[64];
        guint n;
        double dv, dh;

        n = proprio_overlay_grid_lines (shape->p[0].x, shape->p[1].x - shape->p[0].x, lines,
                                        G_N_ELEMENTS (lines));
        dv = hypot (distance_to_lines (lines, n, fit->x, fit->width, x), out_y);
        n = proprio_overlay_grid_lines (shape->p[0].y, shape->p[1].y - shape->p[0].y, lines,
                                        G_N_ELEMENTS (lines));
        dh = hypot (distance_to_lines (lines, n, fit->y, fit->height, y), out_x);
        return MIN (dv, dh);
      }

    case PROPRIO_OVERLAY_LINE:
      return proprio_overlay_distance_to_segment (wx[0], wy[0], wx[1], wy[1], x, y);

    case PROPRIO_OVERLAY_CIRCLE:
      return fabs (hypot (x - wx[0], y - wy[0]) - hypot (wx[1] - wx[0], wy[1] - wy[0]));

    case PROPRIO_OVERLAY_ANGLE:
      return MIN (proprio_overlay_distance_to_segment (wx[1], wy[1], wx[0], wy[0], x, y),
                  proprio_overlay_distance_to_segment (wx[1], wy[1], wx[2], wy[2], x, y));

    case PROPRIO_OVERLAY_N_KINDS:
    default:
      return INFINITY;
    }
}

gboolean
proprio_overlay_shape_hit (const ProprioOverlayShape *shape,
                           const ProprioOverlayFit   *fit,
                           double                     x,
                           double                     y,
                           double                     tolerance,
                           int                       *out_handle,
                           double                    *out_distance)
{
  double wx[PROPRIO_OVERLAY_MAX_POINTS], wy[PROPRIO_OVERLAY_MAX_POINTS];
  guint n;
  int handle = -1;
  double best = INFINITY;

  g_return_val_if_fail (shape != NULL, FALSE);
  g_return_val_if_fail (fit != NULL, FALSE);

  n = proprio_overlay_kind_n_points (shape->kind);
  for (guint i = 0; i < n; i++)
    {
      double d;

      proprio_overlay_fit_to_widget (fit, shape->p[i], &wx[i], &wy[i]);
      d = hypot (x - wx[i], y - wy[i]);
      if (d <= tolerance && d < best)
        {
          best = d;
          handle = (int) i;
        }
    }
  /* A handle decides what a drag does; the body's distance still ranks the shape against others,
   * so a line passing right under the pointer beats another's handle a little further away. */
  best = MIN (best, body_distance (shape, fit, wx, wy, x, y));

  if (out_handle != NULL)
    *out_handle = best <= tolerance ? handle : -1;
  if (out_distance != NULL)
    *out_distance = best;
  return best <= tolerance;
}

gboolean
proprio_overlay_shape_is_valid (const ProprioOverlayShape *shape)
{
  guint n;

  g_return_val_if_fail (shape != NULL, FALSE);

  n = proprio_overlay_kind_n_points (shape->kind);
  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      double x = shape->p[i].x, y = shape->p[i].y;

      /* The negated form also rejects NaN. */
      if (!(x >= 0.0 && x <= 1.0 && y >= 0.0 && y <= 1.0))
        return FALSE;
    }
  /* With a hair of slack: moving a grid of the smallest cell shifts both corners, and the
   * rounding of the two sums must not make the moved grid invalid. */
  if (shape->kind == PROPRIO_OVERLAY_GRID &&
      (fabs (shape->p[1].x - shape->p[0].x) < PROPRIO_OVERLAY_GRID_MIN_CELL * (1.0 - 1e-9) ||
       fabs (shape->p[1].y - shape->p[0].y) < PROPRIO_OVERLAY_GRID_MIN_CELL * (1.0 - 1e-9)))
    return FALSE;
  return TRUE;
}

gboolean
proprio_overlay_shape_equal (const ProprioOverlayShape *a,
                             const ProprioOverlayShape *b)
{
  guint n;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->kind != b->kind)
    return FALSE;
  n = proprio_overlay_kind_n_points (a->kind);
  for (guint i = 0; i < n; i++)
    if (a->p[i].x != b->p[i].x || a->p[i].y != b->p[i].y)
      return FALSE;
  return TRUE;
}
