/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-marker-tracker"

/* The colour-marker tracker on synthetic legs (proprio-limb-render) with markers at known
 * positions: the angle over a sweep with noise and blur, every pixel format, lost, ambiguous
 * and overlapping markers, colour picking and use from several threads. */

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/proprio-limb-render.h"
#include "core/proprio-marker-tracker.h"

#define W 640
#define H 360

typedef struct
{
  guint8             *rgb;
  ProprioMarkerFrame  frame;
} Picture;

static void
picture_clear (Picture *p)
{
  g_clear_pointer (&p->rgb, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picture, picture_clear)

static void
render (Picture                *p,
        const ProprioLimbScene *scene,
        int                     width,
        int                     height)
{
  g_clear_pointer (&p->rgb, g_free);
  p->rgb = g_malloc ((gsize) width * height * 3);
  proprio_limb_render (scene, p->rgb, width, height, (gsize) width * 3);
  p->frame = (ProprioMarkerFrame) { p->rgb, width, height, (gsize) width * 3,
                                    PROPRIO_PIXEL_FORMAT_RGB };
}

/* Colours as a therapist sets them: a click on the middle of each marker. */
static void
pick_markers (ProprioMarkerTracker   *tracker,
              const Picture          *p,
              const ProprioLimbScene *scene)
{
  double pts[3][2];

  proprio_limb_scene_get_points (scene, pts);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      g_assert_true (proprio_marker_pick_color (&p->frame, (int) pts[m][0], (int) pts[m][1], 3,
                                                &hsv));
      proprio_marker_tracker_set_color (tracker, m, &hsv);
    }
}

static void
assert_found_at (const ProprioMarkerResult *r,
                 double                     x,
                 double                     y,
                 double                     tolerance_px)
{
  g_assert_cmpstr (proprio_marker_state_to_string (r->state), ==, "found");
  g_assert_cmpfloat_with_epsilon (r->x, x, tolerance_px);
  g_assert_cmpfloat_with_epsilon (r->y, y, tolerance_px);
  g_assert_cmpfloat (r->quality, >, 0.5);
  g_assert_cmpfloat (r->quality, <=, 1.0);
}

static void
test_angle_function (void)
{
  g_assert_cmpfloat_with_epsilon (proprio_marker_angle_deg (1, 0, 0, 0, 0, 1), 90.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (proprio_marker_angle_deg (0, -5, 0, 0, 0, 7), 180.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (proprio_marker_angle_deg (2, 2, 1, 1, 3, 3), 0.0, 1e-12);
  /* (1, 0) and (1, √3) seen from the origin: 60°. */
  g_assert_cmpfloat_with_epsilon (proprio_marker_angle_deg (1, 0, 0, 0, 1, sqrt (3.0)), 60.0,
                                  1e-12);
  g_assert_true (isnan (proprio_marker_angle_deg (1, 1, 1, 1, 3, 3)));
}

static void
test_rgb_to_hsv (void)
{
  ProprioHsv hsv;

  proprio_rgb_to_hsv (1, 0, 0, &hsv);
  g_assert_cmpfloat (hsv.h, ==, 0);
  g_assert_cmpfloat (hsv.s, ==, 1);
  g_assert_cmpfloat (hsv.v, ==, 1);
  proprio_rgb_to_hsv (0, 0.5, 0, &hsv);
  g_assert_cmpfloat (hsv.h, ==, 120);
  g_assert_cmpfloat (hsv.v, ==, 0.5);
  proprio_rgb_to_hsv (0.5, 0.25, 0.5, &hsv);   /* magenta-ish: 300°, s = 0.25 / 0.5 */
  g_assert_cmpfloat_with_epsilon (hsv.h, 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (hsv.s, 0.5, 1e-12);
  proprio_rgb_to_hsv (1, 0, 0.25, &hsv);       /* just below red: 345° */
  g_assert_cmpfloat_with_epsilon (hsv.h, 345, 1e-9);
  proprio_rgb_to_hsv (0.3, 0.3, 0.3, &hsv);
  g_assert_cmpfloat (hsv.s, ==, 0);
}

/* Knee angles 20–180° in 10° steps, the thigh in several directions, with noise (±16 per
 * channel) and blur (box radius 2, twice): the angle within 1°, every centroid within 1 px. */
static void
test_angle_sweep (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  double worst = 0.0;
  guint frames = 0;

  for (double direction = 60; direction <= 120; direction += 30)
    for (double angle = 20; angle <= 180; angle += 10)
      {
        ProprioLimbScene scene;
        ProprioMarkerTrackerResult res;
        double pts[3][2];

        proprio_limb_scene_init_default (&scene, W, H);
        scene.hip_x = 300 + direction * 0.37;   /* off the pixel grid */
        scene.hip_y = 70.3;
        scene.thigh_direction_deg = direction;
        scene.knee_angle_deg = angle;
        scene.noise = 16;
        scene.blur_radius = 2;
        scene.seed = frames + 1;
        render (&p, &scene, W, H);
        pick_markers (tracker, &p, &scene);
        proprio_limb_scene_get_points (&scene, pts);

        g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
        for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
          {
            /* Blur mixes the limb's colour into the side of a disc it runs under, which
             * shifts that rim out of the colour range: the centroid moves by up to ~0.5 px. */
            assert_found_at (&res.markers[m], pts[m][0], pts[m][1], 1.0);
            /* A disc of radius 10.8: π · 10.8² = 366 px, give or take the blurred rim. */
            g_assert_cmpfloat (res.markers[m].area_px, >, 250);
            g_assert_cmpfloat (res.markers[m].area_px, <, 450);
          }
        g_assert_true (res.has_angle);
        g_assert_cmpfloat_with_epsilon (res.angle_deg, angle, 1.0);
        worst = MAX (worst, fabs (res.angle_deg - angle));
        frames++;
      }
  g_test_message ("%u frames, worst angle error %.3f°", frames, worst);
  g_assert_cmpuint (frames, ==, 3 * 17);
}

/* The same picture as RGB, RGBx and BGRx, each with a padded stride, gives the same result. */
static void
test_pixel_formats (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult reference;
  const ProprioPixelFormat formats[] = { PROPRIO_PIXEL_FORMAT_RGBX, PROPRIO_PIXEL_FORMAT_BGRX,
                                         PROPRIO_PIXEL_FORMAT_RGB };

  proprio_limb_scene_init_default (&scene, W, H);
  scene.knee_angle_deg = 135;
  scene.noise = 8;
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &reference));
  g_assert_true (reference.has_angle);

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      guint bpp = formats[f] == PROPRIO_PIXEL_FORMAT_RGB ? 3 : 4;
      gsize stride = (gsize) W * bpp + 13;
      /* Exactly as many bytes as the frame may read: the last row has no padding. */
      g_autofree guint8 *buf = g_malloc0 (stride * (H - 1) + (gsize) W * bpp);
      ProprioMarkerFrame frame = { buf, W, H, stride, formats[f] };
      ProprioMarkerTrackerResult res;

      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          {
            const guint8 *s = p.rgb + ((gsize) y * W + x) * 3;
            guint8 *d = buf + y * stride + (gsize) x * bpp;

            d[0] = formats[f] == PROPRIO_PIXEL_FORMAT_BGRX ? s[2] : s[0];
            d[1] = s[1];
            d[2] = formats[f] == PROPRIO_PIXEL_FORMAT_BGRX ? s[0] : s[2];
            if (bpp == 4)
              d[3] = 0xA5;
          }
      g_assert_true (proprio_marker_tracker_process (tracker, &frame, &res));
      g_assert_true (res.has_angle);
      g_assert_cmpfloat (res.angle_deg, ==, reference.angle_deg);
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        {
          g_assert_cmpfloat (res.markers[m].x, ==, reference.markers[m].x);
          g_assert_cmpfloat (res.markers[m].area_px, ==, reference.markers[m].area_px);
        }
    }
}

static void
test_hidden_marker_lost (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult res;
  double pts[3][2];

  proprio_limb_scene_init_default (&scene, W, H);
  scene.knee_angle_deg = 90;
  scene.noise = 10;
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);

  scene.hide_marker[PROPRIO_MARKER_KNEE] = TRUE;
  render (&p, &scene, W, H);
  proprio_limb_scene_get_points (&scene, pts);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_LOST);
  g_assert_true (isnan (res.markers[PROPRIO_MARKER_KNEE].x));
  g_assert_cmpfloat (res.markers[PROPRIO_MARKER_KNEE].quality, ==, 0);
  assert_found_at (&res.markers[PROPRIO_MARKER_HIP], pts[0][0], pts[0][1], 0.5);
  assert_found_at (&res.markers[PROPRIO_MARKER_ANKLE], pts[2][0], pts[2][1], 0.5);
  g_assert_false (res.has_angle);
  g_assert_true (isnan (res.angle_deg));

  /* Covered but for a sliver (a marker turning away) is lost too, not a centroid of a sliver. */
  scene.hide_marker[PROPRIO_MARKER_KNEE] = FALSE;
  scene.marker_radius = 2.0;   /* π · 2² ≈ 13 px, below the 20 px minimum */
  render (&p, &scene, W, H);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_LOST);
  g_assert_false (res.has_angle);
}

/* A second disc of the ankle's colour elsewhere: which one is the ankle cannot be known. */
static void
test_two_discs_ambiguous (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult res;
  double pts[3][2];

  proprio_limb_scene_init_default (&scene, W, H);
  scene.knee_angle_deg = 120;
  scene.noise = 10;
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_true (res.has_angle);
  proprio_limb_scene_get_points (&scene, pts);

  /* A smaller one (70 % of the radius, half the area) still is a rival. */
  proprio_limb_render_disc (p.rgb, W, H, W * 3, 80, 300, scene.marker_radius * 0.7,
                            scene.marker[PROPRIO_MARKER_ANKLE]);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_ANKLE].state, ==, PROPRIO_MARKER_AMBIGUOUS);
  g_assert_true (isnan (res.markers[PROPRIO_MARKER_ANKLE].x));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_HIP].state, ==, PROPRIO_MARKER_FOUND);
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_FOUND);
  g_assert_false (res.has_angle);
  g_assert_true (isnan (res.angle_deg));
}

/* A speck of the colour (radius 2.5, ~20 px, 5 % of the marker) is not a rival: the marker is
 * found where it is, but with a lower quality. */
static void
test_small_speck_lowers_quality (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult clean, specked;
  double pts[3][2];

  proprio_limb_scene_init_default (&scene, W, H);
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);
  proprio_limb_scene_get_points (&scene, pts);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &clean));
  proprio_limb_render_disc (p.rgb, W, H, W * 3, 600, 40, 2.5, scene.marker[PROPRIO_MARKER_HIP]);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &specked));
  assert_found_at (&specked.markers[PROPRIO_MARKER_HIP], pts[0][0], pts[0][1], 0.25);
  g_assert_cmpfloat (specked.markers[PROPRIO_MARKER_HIP].quality, <,
                     clean.markers[PROPRIO_MARKER_HIP].quality);
  g_assert_true (specked.has_angle);
}

/* Knee and ankle 10° of hue apart with ±15° tolerances: their ranges overlap, so both are
 * reported as such (a pixel could be either), while the hip is still found. */
static void
test_overlapping_colors (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult res;
  ProprioHsv knee, ankle;
  ProprioMarkerTolerance narrow = { 4.0, 0.3, 0.35 }, tol;

  proprio_limb_scene_init_default (&scene, W, H);
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);
  proprio_rgb_to_hsv (220 / 255.0, 20 / 255.0, 200 / 255.0, &knee);
  ankle = knee;
  ankle.h = fmod (knee.h + 10.0, 360.0);
  proprio_marker_tracker_set_color (tracker, PROPRIO_MARKER_KNEE, &knee);
  proprio_marker_tracker_set_color (tracker, PROPRIO_MARKER_ANKLE, &ankle);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_COLOR_OVERLAP);
  g_assert_cmpint (res.markers[PROPRIO_MARKER_ANKLE].state, ==, PROPRIO_MARKER_COLOR_OVERLAP);
  g_assert_cmpint (res.markers[PROPRIO_MARKER_HIP].state, ==, PROPRIO_MARKER_FOUND);
  g_assert_false (res.has_angle);

  /* Narrower hue tolerances separate them again: the ankle disc itself is blue, so the ankle
   * is lost and the knee found. */
  proprio_marker_tracker_set_tolerance (tracker, PROPRIO_MARKER_KNEE, &narrow);
  proprio_marker_tracker_set_tolerance (tracker, PROPRIO_MARKER_ANKLE, &narrow);
  proprio_marker_tracker_get_tolerance (tracker, PROPRIO_MARKER_ANKLE, &tol);
  g_assert_cmpfloat (tol.hue_deg, ==, 4.0);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_FOUND);
  g_assert_cmpint (res.markers[PROPRIO_MARKER_ANKLE].state, ==, PROPRIO_MARKER_LOST);
}

/* A red marker whose noisy pixels fall on both sides of hue 0°/360°: the hue distance is
 * circular, so the whole disc matches, not just the half on the side of the picked hue. */
static void
test_red_across_hue_zero (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult res;
  ProprioHsv red;
  double pts[3][2];

  proprio_limb_scene_init_default (&scene, W, H);
  scene.marker[PROPRIO_MARKER_HIP] = (ProprioRgb) { 240, 30, 34 };   /* hue 358.9° */
  scene.limb = (ProprioRgb) { 150, 150, 150 };   /* keep skin's reds out of this one */
  scene.noise = 16;
  render (&p, &scene, W, H);
  pick_markers (tracker, &p, &scene);
  proprio_rgb_to_hsv (240 / 255.0, 30 / 255.0, 34 / 255.0, &red);
  g_assert_cmpfloat (red.h, >, 358.0);
  proprio_marker_tracker_set_color (tracker, PROPRIO_MARKER_HIP, &red);
  proprio_limb_scene_get_points (&scene, pts);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  assert_found_at (&res.markers[PROPRIO_MARKER_HIP], pts[0][0], pts[0][1], 0.25);
  /* π · 10.8² = 366 px: nearly all of the disc, not half of it. */
  g_assert_cmpfloat (res.markers[PROPRIO_MARKER_HIP].area_px, >, 330);
  g_assert_true (res.has_angle);
}

static void
test_pick_color (void)
{
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioHsv hsv, expected;
  double pts[3][2];

  proprio_limb_scene_init_default (&scene, W, H);
  scene.noise = 10;
  render (&p, &scene, W, H);
  proprio_limb_scene_get_points (&scene, pts);

  /* Knee (220, 20, 200): h = 300 + 60 · (220 − 200) / 200 = 306°, s = 200/220, v = 220/255;
   * the mean of 29 noisy pixels (radius 3) lies close. */
  g_assert_true (proprio_marker_pick_color (&p.frame, (int) pts[1][0], (int) pts[1][1], 3, &hsv));
  proprio_rgb_to_hsv (220 / 255.0, 20 / 255.0, 200 / 255.0, &expected);
  g_assert_cmpfloat_with_epsilon (expected.h, 354.0 - 48.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (hsv.h, expected.h, 2.0);
  g_assert_cmpfloat_with_epsilon (hsv.s, expected.s, 0.03);
  g_assert_cmpfloat_with_epsilon (hsv.v, expected.v, 0.03);

  /* Radius 0: the one clicked pixel, exactly. */
  {
    const guint8 *px = p.rgb + (gsize) 5 * W * 3 + 7 * 3;

    g_assert_true (proprio_marker_pick_color (&p.frame, 7, 5, 0, &hsv));
    proprio_rgb_to_hsv (px[0] / 255.0, px[1] / 255.0, px[2] / 255.0, &expected);
    g_assert_cmpfloat (hsv.h, ==, expected.h);
    g_assert_cmpfloat (hsv.s, ==, expected.s);
    g_assert_cmpfloat (hsv.v, ==, expected.v);
  }

  /* At a corner the disc is clipped to the frame; outside the frame there is nothing. */
  g_assert_true (proprio_marker_pick_color (&p.frame, 0, 0, 5, &hsv));
  g_assert_cmpfloat (hsv.s, <, 0.2);   /* the grey background */
  g_assert_false (proprio_marker_pick_color (&p.frame, -1, 0, 3, &hsv));
  g_assert_false (proprio_marker_pick_color (&p.frame, W, 10, 3, &hsv));
  g_assert_false (proprio_marker_pick_color (&p.frame, 10, H, 3, &hsv));
}

static void
test_unset_and_bad_frames (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_auto(Picture) p = { 0 };
  ProprioLimbScene scene;
  ProprioMarkerTrackerResult res;
  ProprioMarkerFrame bad;
  ProprioHsv hsv = { 120, 0.9, 0.8 };

  proprio_limb_scene_init_default (&scene, W, H);
  render (&p, &scene, W, H);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    g_assert_cmpint (res.markers[m].state, ==, PROPRIO_MARKER_UNSET);
  g_assert_false (res.has_angle);

  proprio_marker_tracker_set_color (tracker, PROPRIO_MARKER_HIP, &hsv);
  bad = p.frame;
  bad.stride = W * 3 - 1;
  g_assert_false (proprio_marker_tracker_process (tracker, &bad, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_HIP].state, ==, PROPRIO_MARKER_LOST);
  g_assert_cmpint (res.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_UNSET);
  bad = p.frame;
  bad.width = 0;
  g_assert_false (proprio_marker_tracker_process (tracker, &bad, &res));
  bad = p.frame;
  bad.height = PROPRIO_MARKER_FRAME_MAX_SIDE + 1;
  g_assert_false (proprio_marker_tracker_process (tracker, &bad, &res));
  g_assert_false (proprio_marker_pick_color (&bad, 1, 1, 1, &hsv));

  proprio_marker_tracker_unset_color (tracker, PROPRIO_MARKER_HIP);
  g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
  g_assert_cmpint (res.markers[PROPRIO_MARKER_HIP].state, ==, PROPRIO_MARKER_UNSET);
}

/* Other frame sizes take other grid steps (1 below 320 × 180, 4 at 1280 × 720): the centroids
 * stay sub-pixel, measured at full resolution. */
static void
test_frame_sizes (void)
{
  const int sizes[][2] = { { 320, 180 }, { 1280, 720 }, { 240, 400 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
      g_auto(Picture) p = { 0 };
      ProprioLimbScene scene;
      ProprioMarkerTrackerResult res;
      double pts[3][2];

      proprio_limb_scene_init_default (&scene, sizes[i][0], sizes[i][1]);
      scene.knee_angle_deg = 100;
      scene.thigh_direction_deg = sizes[i][0] < sizes[i][1] ? 100 : 80;   /* ankle in frame */
      scene.marker_radius = MAX (scene.marker_radius, 4.0);
      scene.noise = 8;
      render (&p, &scene, sizes[i][0], sizes[i][1]);
      pick_markers (tracker, &p, &scene);
      proprio_limb_scene_get_points (&scene, pts);
      g_assert_true (proprio_marker_tracker_process (tracker, &p.frame, &res));
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        assert_found_at (&res.markers[m], pts[m][0], pts[m][1], 0.5);
      g_assert_true (res.has_angle);
      g_assert_cmpfloat_with_epsilon (res.angle_deg, 100, 1.0);
    }
}

typedef struct
{
  ProprioMarkerTracker             *tracker;
  const Picture                    *pictures;
  const ProprioMarkerTrackerResult *expected;
  guint                             first;
  guint                             mismatches;
} ThreadJob;

static gpointer
thread_run (gpointer data)
{
  ThreadJob *job = data;

  for (guint i = 0; i < 200; i++)
    {
      guint k = (job->first + i) % 2;
      ProprioMarkerTrackerResult res;

      proprio_marker_tracker_process (job->tracker, &job->pictures[k].frame, &res);
      if (memcmp (&res, &job->expected[k], sizeof res) != 0)
        job->mismatches++;
    }
  return NULL;
}

/* Two threads on one instance, each alternating two different frames, get exactly the results
 * of one thread alone: the scratch buffers are never shared mid-frame. */
static void
test_thread_safe (void)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  Picture pictures[2] = { { 0 }, { 0 } };
  ProprioMarkerTrackerResult expected[2];
  ThreadJob jobs[2];
  GThread *threads[2];

  for (guint k = 0; k < 2; k++)
    {
      ProprioLimbScene scene;

      proprio_limb_scene_init_default (&scene, W, H);
      scene.knee_angle_deg = k == 0 ? 60 : 150;
      scene.noise = 10;
      scene.seed = k;
      render (&pictures[k], &scene, W, H);
      if (k == 0)
        pick_markers (tracker, &pictures[k], &scene);
    }
  for (guint k = 0; k < 2; k++)
    {
      memset (&expected[k], 0, sizeof expected[k]);
      g_assert_true (proprio_marker_tracker_process (tracker, &pictures[k].frame, &expected[k]));
      g_assert_true (expected[k].has_angle);
    }
  g_assert_cmpfloat (fabs (expected[0].angle_deg - expected[1].angle_deg), >, 80);

  for (guint t = 0; t < 2; t++)
    {
      jobs[t] = (ThreadJob) { tracker, pictures, expected, t, 0 };
      threads[t] = g_thread_new ("tracker", thread_run, &jobs[t]);
    }
  for (guint t = 0; t < 2; t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpuint (jobs[t].mismatches, ==, 0);
    }
  for (guint k = 0; k < 2; k++)
    picture_clear (&pictures[k]);
}

/* Deterministic rendering: the same scene and seed give the same bytes, another seed does not. */
static void
test_render_deterministic (void)
{
  g_auto(Picture) a = { 0 };
  g_auto(Picture) b = { 0 };
  ProprioLimbScene scene;

  proprio_limb_scene_init_default (&scene, 160, 90);
  scene.noise = 20;
  scene.blur_radius = 2;
  scene.seed = 7;
  render (&a, &scene, 160, 90);
  render (&b, &scene, 160, 90);
  g_assert_cmpmem (a.rgb, 160 * 90 * 3, b.rgb, 160 * 90 * 3);
  scene.seed = 8;
  render (&b, &scene, 160, 90);
  g_assert_true (memcmp (a.rgb, b.rgb, 160 * 90 * 3) != 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/marker-tracker/angle-function", test_angle_function);
  g_test_add_func ("/marker-tracker/rgb-to-hsv", test_rgb_to_hsv);
  g_test_add_func ("/marker-tracker/angle-sweep-with-noise-and-blur", test_angle_sweep);
  g_test_add_func ("/marker-tracker/pixel-formats-and-strides", test_pixel_formats);
  g_test_add_func ("/marker-tracker/hidden-marker-is-lost", test_hidden_marker_lost);
  g_test_add_func ("/marker-tracker/two-discs-of-one-colour-are-ambiguous",
                   test_two_discs_ambiguous);
  g_test_add_func ("/marker-tracker/small-speck-lowers-quality", test_small_speck_lowers_quality);
  g_test_add_func ("/marker-tracker/overlapping-colour-ranges", test_overlapping_colors);
  g_test_add_func ("/marker-tracker/red-across-hue-zero", test_red_across_hue_zero);
  g_test_add_func ("/marker-tracker/pick-color", test_pick_color);
  g_test_add_func ("/marker-tracker/unset-and-bad-frames", test_unset_and_bad_frames);
  g_test_add_func ("/marker-tracker/frame-sizes", test_frame_sizes);
  g_test_add_func ("/marker-tracker/thread-safe", test_thread_safe);
  g_test_add_func ("/limb-render/deterministic", test_render_deterministic);

  return g_test_run ();
}
