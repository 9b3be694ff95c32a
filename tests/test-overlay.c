/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "core/proprio-overlay.h"

#define EPS 1e-12

/* ---- contain fit and mapping ---- */

static void
assert_fit (int    video_w,
            int    video_h,
            double widget_w,
            double widget_h,
            double x,
            double y,
            double width,
            double height,
            double scale)
{
  ProprioOverlayFit fit;

  proprio_overlay_fit_contain (&fit, video_w, video_h, widget_w, widget_h);
  g_assert_cmpfloat (fit.x, ==, x);
  g_assert_cmpfloat (fit.y, ==, y);
  g_assert_cmpfloat (fit.width, ==, width);
  g_assert_cmpfloat (fit.height, ==, height);
  g_assert_cmpfloat (fit.scale, ==, scale);
  if (video_w > 0)
    {
      g_assert_cmpint (fit.video_width, ==, video_w);
      g_assert_cmpint (fit.video_height, ==, video_h);
    }
}

static void
test_fit_16x9_in_4x3 (void)
{
  ProprioOverlayFit fit;
  ProprioOverlayPoint p;
  double wx, wy;

  /* Bars above and below. */
  assert_fit (1280, 720, 640, 480, 0, 60, 640, 360, 0.5);
  assert_fit (1280, 720, 800, 600, 0, 75, 800, 450, 0.625);
  assert_fit (1920, 1080, 960, 720, 0, 90, 960, 540, 0.5);

  proprio_overlay_fit_contain (&fit, 1280, 720, 640, 480);
  p = proprio_overlay_fit_to_video (&fit, 320, 240);
  g_assert_cmpfloat (p.x, ==, 0.5);
  g_assert_cmpfloat (p.y, ==, 0.5);
  p = proprio_overlay_fit_to_video (&fit, 0, 60);
  g_assert_cmpfloat (p.x, ==, 0.0);
  g_assert_cmpfloat (p.y, ==, 0.0);
  p = proprio_overlay_fit_to_video (&fit, 640, 420);
  g_assert_cmpfloat (p.x, ==, 1.0);
  g_assert_cmpfloat (p.y, ==, 1.0);
  /* Over the top bar: above the video, negative. */
  p = proprio_overlay_fit_to_video (&fit, 160, 24);
  g_assert_cmpfloat (p.x, ==, 0.25);
  g_assert_cmpfloat (p.y, ==, -0.1);
  proprio_overlay_fit_to_widget (&fit, (ProprioOverlayPoint) { 0.25, 0.75 }, &wx, &wy);
  g_assert_cmpfloat (wx, ==, 160);
  g_assert_cmpfloat (wy, ==, 330);
}

static void
test_fit_16x9_in_21x9 (void)
{
  ProprioOverlayFit fit;
  ProprioOverlayPoint p;
  double wx, wy;

  /* Bars left and right. */
  assert_fit (1280, 720, 2520, 1080, 300, 0, 1920, 1080, 1.5);
  assert_fit (1280, 720, 840, 360, 100, 0, 640, 360, 0.5);

  proprio_overlay_fit_contain (&fit, 1280, 720, 840, 360);
  p = proprio_overlay_fit_to_video (&fit, 100, 0);
  g_assert_cmpfloat (p.x, ==, 0.0);
  g_assert_cmpfloat (p.y, ==, 0.0);
  p = proprio_overlay_fit_to_video (&fit, 420, 180);
  g_assert_cmpfloat (p.x, ==, 0.5);
  g_assert_cmpfloat (p.y, ==, 0.5);
  p = proprio_overlay_fit_to_video (&fit, 50, 90);
  g_assert_cmpfloat (p.x, ==, -50.0 / 640.0);
  proprio_overlay_fit_to_widget (&fit, (ProprioOverlayPoint) { 1.0, 1.0 }, &wx, &wy);
  g_assert_cmpfloat (wx, ==, 740);
  g_assert_cmpfloat (wy, ==, 360);
}

static void
test_fit_16x9_in_square (void)
{
  /* 1280×720 in 720×720: 405 high, 315 px of bars; GtkPicture puts the odd pixel below. */
  assert_fit (1280, 720, 720, 720, 0, 157, 720, 405, 0.5625);
  /* 500×500: 281.25 high; GtkPicture's offset is floor (500 - ceil (281.25)) / 2 = 109. */
  assert_fit (1280, 720, 500, 500, 0, 109, 500, 281.25, 500.0 / 1280.0);
  /* A 4:3 video in a 16:9 widget, and one that fits exactly. */
  assert_fit (640, 480, 1280, 720, 160, 0, 960, 720, 1.5);
  assert_fit (640, 360, 1280, 720, 0, 0, 1280, 720, 2.0);
  /* No video size yet: the widget itself. */
  assert_fit (0, 0, 300, 200, 0, 0, 300, 200, 1.0);
}

static void
test_fit_round_trip (void)
{
  static const int videos[][2] = { { 1280, 720 }, { 640, 480 }, { 1080, 1920 }, { 1000, 1000 } };
  static const double widgets[][2] = {
    { 640, 480 }, { 2520, 1080 }, { 500, 500 }, { 333, 777 }, { 1.5, 1.0 },
  };

  for (guint v = 0; v < G_N_ELEMENTS (videos); v++)
    for (guint w = 0; w < G_N_ELEMENTS (widgets); w++)
      {
        ProprioOverlayFit fit;

        proprio_overlay_fit_contain (&fit, videos[v][0], videos[v][1],
                                     widgets[w][0], widgets[w][1]);
        /* The picture fits inside and touches two opposite sides. */
        g_assert_cmpfloat (fit.width, <=, widgets[w][0] + EPS);
        g_assert_cmpfloat (fit.height, <=, widgets[w][1] + EPS);
        g_assert_true (fabs (fit.width - widgets[w][0]) < EPS ||
                       fabs (fit.height - widgets[w][1]) < EPS);
        g_assert_cmpfloat_with_epsilon (fit.width / fit.height,
                                        (double) videos[v][0] / videos[v][1], 1e-9);
        for (int i = 0; i <= 10; i++)
          for (int j = 0; j <= 10; j++)
            {
              ProprioOverlayPoint in = { i / 10.0, j / 10.0 }, out;
              double wx, wy;

              proprio_overlay_fit_to_widget (&fit, in, &wx, &wy);
              out = proprio_overlay_fit_to_video (&fit, wx, wy);
              g_assert_cmpfloat_with_epsilon (out.x, in.x, EPS);
              g_assert_cmpfloat_with_epsilon (out.y, in.y, EPS);
            }
      }
}

/* ---- angles ---- */

static void
test_angle_values (void)
{
  ProprioOverlayShape shape = { 0 };

  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (0, 0, 1, 0, 1, 1), 90.0, EPS);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (0, 0, 1, 0, 2, 0), 180.0, EPS);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (1, 0, 0, 0, 1, 1), 45.0, EPS);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (1, 0, 0, 0, 2, 0), 0.0, EPS);
  /* Reflex sides read as their inside angle, 0..180. */
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (1, 1, 1, 0, 0, 0), 90.0, EPS);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (-1, 1, 0, 0, 1, 1), 90.0, EPS);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_angle_deg (1, 0, 0, 0, -1, 1e-9), 180.0, 1e-6);
  g_assert_true (isnan (proprio_overlay_angle_deg (0, 0, 0, 0, 1, 1)));
  g_assert_true (isnan (proprio_overlay_angle_deg (0, 0, 1, 1, 1, 1)));

  /* Measured in video pixels: 128 px right and 128 px down on a 1280×720 video is 45°, though
   * in the unit square those arms are 0.1 and 0.178 long. */
  shape.kind = PROPRIO_OVERLAY_ANGLE;
  shape.p[0] = (ProprioOverlayPoint) { 0.6, 0.5 };
  shape.p[1] = (ProprioOverlayPoint) { 0.5, 0.5 };
  shape.p[2] = (ProprioOverlayPoint) { 0.6, 0.5 + 128.0 / 720.0 };
  g_assert_cmpfloat_with_epsilon (proprio_overlay_shape_angle (&shape, 1280, 720), 45.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_shape_angle (&shape, 1, 1),
                                  atan2 (128.0 / 720.0, 0.1) * 180.0 / G_PI, 1e-9);
  shape.kind = PROPRIO_OVERLAY_LINE;
  g_assert_true (isnan (proprio_overlay_shape_angle (&shape, 1280, 720)));
}

/* ---- hit tests ---- */

static ProprioOverlayShape
make_shape (ProprioOverlayKind kind,
            double x0, double y0, double x1, double y1, double x2, double y2)
{
  ProprioOverlayShape s = { .kind = kind, .p = { { x0, y0 }, { x1, y1 }, { x2, y2 } } };

  return s;
}

static void
assert_hit (const ProprioOverlayShape *shape,
            const ProprioOverlayFit   *fit,
            double                     x,
            double                     y,
            double                     tolerance,
            gboolean                   hit,
            int                        handle)
{
  int got_handle = 99;
  double distance = -1;

  g_assert_cmpint (proprio_overlay_shape_hit (shape, fit, x, y, tolerance, &got_handle, &distance),
                   ==, hit);
  g_assert_cmpint (got_handle, ==, hit ? handle : -1);
  g_assert_cmpfloat (distance, >=, 0.0);
}

static void
test_hit_tolerance_edges (void)
{
  ProprioOverlayFit fit;
  ProprioOverlayShape s;

  /* 1000×1000 at scale 1: normalised 0.5 is widget pixel 500. */
  proprio_overlay_fit_contain (&fit, 1000, 1000, 1000, 1000);

  s = make_shape (PROPRIO_OVERLAY_PLUMB, 0.5, 0.5, 0, 0, 0, 0);
  assert_hit (&s, &fit, 506, 300, 6, TRUE, -1);
  assert_hit (&s, &fit, 494, 300, 6, TRUE, -1);
  assert_hit (&s, &fit, 506.01, 300, 6, FALSE, -1);
  assert_hit (&s, &fit, 500, 503, 6, TRUE, 0);        /* its handle */
  assert_hit (&s, &fit, 500, 1006, 6, TRUE, -1);      /* 6 px past the video's bottom edge */
  assert_hit (&s, &fit, 500, 1006.01, 6, FALSE, -1);

  s = make_shape (PROPRIO_OVERLAY_LEVEL, 0.5, 0.25, 0, 0, 0, 0);
  assert_hit (&s, &fit, 100, 258, 8, TRUE, -1);
  assert_hit (&s, &fit, 100, 258.01, 8, FALSE, -1);

  s = make_shape (PROPRIO_OVERLAY_LINE, 0.125, 0.125, 0.5, 0.125, 0, 0);
  assert_hit (&s, &fit, 300, 133, 8, TRUE, -1);
  assert_hit (&s, &fit, 300, 133.01, 8, FALSE, -1);
  assert_hit (&s, &fit, 508, 125, 8, TRUE, 1);        /* past the end: only the handle reaches */
  assert_hit (&s, &fit, 117, 125, 8, TRUE, 0);
  assert_hit (&s, &fit, 508.01, 125, 8, FALSE, -1);

  s = make_shape (PROPRIO_OVERLAY_CIRCLE, 0.5, 0.5, 0.625, 0.5, 0, 0);  /* radius 125 px */
  assert_hit (&s, &fit, 500, 365, 10, TRUE, -1);      /* 135 from the centre */
  assert_hit (&s, &fit, 500, 365, 9.99, FALSE, -1);
  assert_hit (&s, &fit, 500, 500, 10, TRUE, 0);       /* the centre handle */
  assert_hit (&s, &fit, 500, 450, 10, FALSE, -1);     /* inside, far from rim and centre */

  s = make_shape (PROPRIO_OVERLAY_ANGLE, 0.25, 0.75, 0.5, 0.25, 0.75, 0.75);
  assert_hit (&s, &fit, 500, 250, 4, TRUE, 1);
  assert_hit (&s, &fit, 500, 600, 4, FALSE, -1);      /* between the arms */

  s = make_shape (PROPRIO_OVERLAY_GRID, 0.125, 0.125, 0.375, 0.375, 0, 0);  /* every 250 px */
  assert_hit (&s, &fit, 629, 800, 4, TRUE, -1);       /* 4 px right of x = 625 */
  assert_hit (&s, &fit, 629.01, 800, 4, FALSE, -1);
  assert_hit (&s, &fit, 800, 871, 4, TRUE, -1);       /* 4 px below y = 875 */
  assert_hit (&s, &fit, 750, 750, 4, FALSE, -1);

  /* In a letterboxed 640×480 widget: a 1280×720 video's 0.25 is x = 160, the video spans
   * y 60..420, so the bars above and below are not the plumb line. */
  proprio_overlay_fit_contain (&fit, 1280, 720, 640, 480);
  s = make_shape (PROPRIO_OVERLAY_PLUMB, 0.25, 0.5, 0, 0, 0, 0);
  assert_hit (&s, &fit, 168, 100, 8, TRUE, -1);
  assert_hit (&s, &fit, 168.01, 100, 8, FALSE, -1);
  assert_hit (&s, &fit, 160, 52, 8, TRUE, -1);
  assert_hit (&s, &fit, 160, 51.99, 8, FALSE, -1);
}

static void
test_hit_topmost_wins (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  ProprioOverlayFit fit;
  guint below, above, far;
  int handle = 42;

  proprio_overlay_fit_contain (&fit, 1000, 1000, 1000, 1000);
  below = proprio_overlay_add_plumb (overlay, 0.5);
  above = proprio_overlay_add_plumb (overlay, 0.5);
  far = proprio_overlay_add_level (overlay, 0.9);
  g_assert_cmpuint (below, !=, 0);

  g_assert_cmpuint (proprio_overlay_hit_test (overlay, &fit, 503, 100, 6, &handle), ==, above);
  g_assert_cmpint (handle, ==, -1);
  g_assert_cmpuint (proprio_overlay_hit_test (overlay, &fit, 503, 898, 6, NULL), ==, far);
  g_assert_cmpuint (proprio_overlay_hit_test (overlay, &fit, 200, 100, 6, &handle), ==, 0);
  g_assert_cmpint (handle, ==, -1);
  /* The top one gone, the one beneath answers. */
  g_assert_true (proprio_overlay_remove (overlay, above));
  g_assert_cmpuint (proprio_overlay_hit_test (overlay, &fit, 503, 100, 6, NULL), ==, below);
}

static void
test_grid_lines (void)
{
  double lines[64];
  guint n;

  n = proprio_overlay_grid_lines (0.3, 0.25, lines, G_N_ELEMENTS (lines));
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat_with_epsilon (lines[0], 0.05, EPS);
  g_assert_cmpfloat_with_epsilon (lines[3], 0.8, EPS);
  n = proprio_overlay_grid_lines (0.5, -0.5, lines, G_N_ELEMENTS (lines));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (lines[0], ==, 0.0);
  g_assert_cmpfloat (lines[2], ==, 1.0);
  n = proprio_overlay_grid_lines (0.0, PROPRIO_OVERLAY_GRID_MIN_CELL, lines, G_N_ELEMENTS (lines));
  g_assert_cmpuint (n, ==, 51);
  g_assert_cmpuint (proprio_overlay_grid_lines (0.5, 0.0, lines, 64), ==, 0);
  g_assert_cmpuint (proprio_overlay_grid_lines (0.5, NAN, lines, 64), ==, 0);
}

/* In test-overlay-model.c: the model, undo, text form and templates. */
void add_model_tests (void);

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overlay/fit/16x9-in-4x3-letterboxed", test_fit_16x9_in_4x3);
  g_test_add_func ("/overlay/fit/16x9-in-21x9-pillarboxed", test_fit_16x9_in_21x9);
  g_test_add_func ("/overlay/fit/square-and-odd-sizes-match-gtkpicture", test_fit_16x9_in_square);
  g_test_add_func ("/overlay/fit/widget-video-round-trip", test_fit_round_trip);
  g_test_add_func ("/overlay/angle/degrees-at-vertex", test_angle_values);
  g_test_add_func ("/overlay/hit/tolerance-edges", test_hit_tolerance_edges);
  g_test_add_func ("/overlay/hit/topmost-wins", test_hit_topmost_wins);
  g_test_add_func ("/overlay/grid/lines-cover-video", test_grid_lines);
  add_model_tests ();

  return g_test_run ();
}
