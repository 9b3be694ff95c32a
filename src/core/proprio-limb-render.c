/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-limb-render"

#include "config.h"

#include "proprio-limb-render.h"

#include <math.h>
#include <string.h>

/* Samples per pixel side on shape edges: the coverage is exact to 1/16, enough for the tracker's
 * centroids to be tested at a tenth of a pixel. */
#define AA 4

void
proprio_limb_scene_init_default (ProprioLimbScene *scene,
                                 int               width,
                                 int               height)
{
  g_return_if_fail (scene != NULL);

  memset (scene, 0, sizeof *scene);
  scene->hip_x = width / 2.0;
  scene->hip_y = height * 0.2;
  scene->thigh_length = scene->shank_length = height * 0.3;
  scene->thigh_direction_deg = 90.0;
  scene->knee_angle_deg = 180.0;
  scene->limb_width = height * 0.05;
  scene->marker_radius = height * 0.03;
  scene->background = (ProprioRgb) { 96, 100, 104 };
  scene->limb = (ProprioRgb) { 205, 160, 130 };
  scene->marker[0] = (ProprioRgb) { 20, 200, 60 };
  scene->marker[1] = (ProprioRgb) { 220, 20, 200 };
  scene->marker[2] = (ProprioRgb) { 20, 110, 250 };
}

void
proprio_limb_scene_get_points (const ProprioLimbScene *scene,
                               double                  points[3][2])
{
  double a, b;

  g_return_if_fail (scene != NULL);

  a = scene->thigh_direction_deg * G_PI / 180.0;
  /* Straight on (180°) the shank continues the thigh; less turns it by the difference. */
  b = a - (180.0 - scene->knee_angle_deg) * G_PI / 180.0;
  points[0][0] = scene->hip_x;
  points[0][1] = scene->hip_y;
  points[1][0] = points[0][0] + scene->thigh_length * cos (a);
  points[1][1] = points[0][1] + scene->thigh_length * sin (a);
  points[2][0] = points[1][0] + scene->shank_length * cos (b);
  points[2][1] = points[1][1] + scene->shank_length * sin (b);
}

/* Distance from p to the segment a–b. */
static double
segment_distance (double px,
                  double py,
                  double ax,
                  double ay,
                  double bx,
                  double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

typedef struct
{
  gboolean is_disc;
  double   ax, ay, bx, by;   /* disc: centre in a */
  double   radius;           /* disc radius or half the line width */
} Shape;

static gboolean
shape_contains (const Shape *s,
                double       x,
                double       y)
{
  if (s->is_disc)
    return hypot (x - s->ax, y - s->ay) <= s->radius;
  return segment_distance (x, y, s->ax, s->ay, s->bx, s->by) <= s->radius;
}

static void
blend (guint8     *p,
       ProprioRgb  c,
       double      coverage)
{
  p[0] = (guint8) lround (p[0] + (c.r - p[0]) * coverage);
  p[1] = (guint8) lround (p[1] + (c.g - p[1]) * coverage);
  p[2] = (guint8) lround (p[2] + (c.b - p[2]) * coverage);
}

/* Paints a shape with coverage anti-aliasing, only over its bounding box. */
static void
paint_shape (guint8      *rgb,
             int          width,
             int          height,
             gsize        stride,
             const Shape *s,
             ProprioRgb   color)
{
  double minx = MIN (s->ax, s->is_disc ? s->ax : s->bx) - s->radius - 1.0;
  double maxx = MAX (s->ax, s->is_disc ? s->ax : s->bx) + s->radius + 1.0;
  double miny = MIN (s->ay, s->is_disc ? s->ay : s->by) - s->radius - 1.0;
  double maxy = MAX (s->ay, s->is_disc ? s->ay : s->by) + s->radius + 1.0;
  int x0, x1, y0, y1;

  /* Clamped as doubles: a shape far off the frame (or not finite) must not overflow an int. */
  if (!isfinite (minx) || !isfinite (maxx) || !isfinite (miny) || !isfinite (maxy)
      || !(s->radius > 0.0) || maxx < 0.0 || maxy < 0.0 || minx >= width || miny >= height)
    return;
  x0 = (int) MAX (0.0, floor (minx));
  x1 = (int) MIN (width - 1.0, ceil (maxx));
  y0 = (int) MAX (0.0, floor (miny));
  y1 = (int) MIN (height - 1.0, ceil (maxy));

  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        double cx = x + 0.5, cy = y + 0.5;
        double d = s->is_disc ? hypot (cx - s->ax, cy - s->ay)
                              : segment_distance (cx, cy, s->ax, s->ay, s->bx, s->by);
        guint inside = 0;

        /* Well inside or well outside (more than half a pixel diagonal): no sampling needed. */
        if (d <= s->radius - 0.71)
          inside = AA * AA;
        else if (d < s->radius + 0.71)
          for (int sy = 0; sy < AA; sy++)
            for (int sx = 0; sx < AA; sx++)
              inside += shape_contains (s, x + (sx + 0.5) / AA, y + (sy + 0.5) / AA);
        if (inside > 0)
          blend (rgb + (gsize) y * stride + (gsize) x * 3, color, (double) inside / (AA * AA));
      }
}

void
proprio_limb_render_disc (guint8     *rgb,
                          int         width,
                          int         height,
                          gsize       stride,
                          double      cx,
                          double      cy,
                          double      radius,
                          ProprioRgb  color)
{
  Shape s = { TRUE, cx, cy, cx, cy, radius };

  g_return_if_fail (rgb != NULL);
  g_return_if_fail (width > 0 && height > 0 && stride >= (gsize) width * 3);

  paint_shape (rgb, width, height, stride, &s, color);
}

/* One horizontal and one vertical running-sum pass of a (2r + 1) box, edges clamped. */
static void
box_blur (guint8 *rgb,
          int     width,
          int     height,
          gsize   stride,
          int     r)
{
  int n = MAX (width, height);
  g_autofree guint8 *line = g_malloc ((gsize) n * 3);

  for (int pass = 0; pass < 2; pass++)
    {
      int len = pass == 0 ? width : height;
      int lines = pass == 0 ? height : width;

      for (int l = 0; l < lines; l++)
        {
          guint8 *base = pass == 0 ? rgb + (gsize) l * stride : rgb + (gsize) l * 3;
          gsize step = pass == 0 ? 3 : stride;

          for (int i = 0; i < len; i++)
            memcpy (line + i * 3, base + i * step, 3);
          for (int c = 0; c < 3; c++)
            {
              int sum = 0;

              for (int k = -r; k <= r; k++)
                sum += line[CLAMP (k, 0, len - 1) * 3 + c];
              for (int i = 0; i < len; i++)
                {
                  base[i * step + c] = (guint8) ((sum + r) / (2 * r + 1));
                  sum += line[CLAMP (i + r + 1, 0, len - 1) * 3 + c]
                         - line[CLAMP (i - r, 0, len - 1) * 3 + c];
                }
            }
        }
    }
}

void
proprio_limb_render (const ProprioLimbScene *scene,
                     guint8                 *rgb,
                     int                     width,
                     int                     height,
                     gsize                   stride)
{
  double pts[3][2];
  guint32 x;

  g_return_if_fail (scene != NULL);
  g_return_if_fail (rgb != NULL);
  g_return_if_fail (width > 0 && height > 0 && stride >= (gsize) width * 3);

  for (int y = 0; y < height; y++)
    for (int i = 0; i < width; i++)
      memcpy (rgb + (gsize) y * stride + (gsize) i * 3, &scene->background, 3);

  proprio_limb_scene_get_points (scene, pts);
  for (int seg = 0; seg < 2; seg++)
    {
      Shape s = { FALSE, pts[seg][0], pts[seg][1], pts[seg + 1][0], pts[seg + 1][1],
                  scene->limb_width / 2.0 };

      paint_shape (rgb, width, height, stride, &s, scene->limb);
    }
  for (int m = 0; m < 3; m++)
    if (!scene->hide_marker[m])
      proprio_limb_render_disc (rgb, width, height, stride, pts[m][0], pts[m][1],
                                scene->marker_radius, scene->marker[m]);

  /* A box wider than the frame blurs no further. */
  for (guint k = 0; k < 2 && scene->blur_radius > 0; k++)
    box_blur (rgb, width, height, stride,
              (int) MIN (scene->blur_radius, (guint) MAX (width, height)));

  if (scene->noise > 0.0 && isfinite (scene->noise))
    {
      x = scene->seed * 2654435761u + 0x9E3779B9u;
      if (x == 0)
        x = 1;   /* xorshift would stay at 0 */
      for (int y = 0; y < height; y++)
        for (int i = 0; i < width * 3; i++)
          {
            guint8 *p = rgb + (gsize) y * stride + i;
            double v;

            /* xorshift32: cheap, and the same bytes on every machine. */
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            v = *p + scene->noise * ((x >> 8) / 8388608.0 - 1.0);
            *p = (guint8) lround (CLAMP (v, 0.0, 255.0));
          }
    }
}
