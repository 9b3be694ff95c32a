/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Marker tracking on the camera's own pipeline, with the simulated leg ("sim") as the camera:
 * the angles against the model's truth frame by frame, a hidden marker, the branch off and on,
 * the sample times, and picking a marker's colour on a known frame. No display needed. */
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "core/proprio-limb-render.h"
#include "core/proprio-marker-sample.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-pipeline.h"
#include "video/proprio-camera-private.h"

/* Generous: two busy cores, and ASan. */
#define WAIT_MS 20000

typedef struct
{
  ProprioCamera     *camera;
  ProprioRingCursor  cursor;
  GArray            *samples;     /* ProprioSample, everything read so far */
  GHashTable        *live_times;  /* t_us of the live frames that reached the main thread */
  guint              live_frames;
} Harness;

static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          Harness       *h)
{
  gint64 *t = g_new (gint64, 1);

  *t = proprio_frame_get_time_us (frame);
  g_hash_table_add (h->live_times, t);
  h->live_frames++;
}

static void
harness_init (Harness    *h,
              const char *spec,
              gboolean    tracking)
{
  g_autoptr(GError) error = NULL;

  memset (h, 0, sizeof *h);
  h->camera = proprio_camera_new ();
  h->samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  h->live_times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  proprio_ring_cursor_init (&h->cursor, proprio_camera_get_angle_ring (h->camera), TRUE);
  g_signal_connect (h->camera, "frame", G_CALLBACK (on_frame), h);
  g_assert_true (proprio_camera_set_spec (h->camera, spec, &error));
  g_assert_no_error (error);
  proprio_camera_set_tracking (h->camera, tracking);
  g_assert_true (proprio_camera_start (h->camera, &error));
  g_assert_no_error (error);
  _proprio_camera_settle (h->camera);
  g_assert_cmpint (proprio_camera_get_state (h->camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
}

static void
harness_clear (Harness *h)
{
  proprio_camera_stop (h->camera);
  _proprio_camera_settle (h->camera);
  proprio_ring_cursor_clear (&h->cursor);
  g_clear_object (&h->camera);
  g_clear_pointer (&h->samples, g_array_unref);
  g_clear_pointer (&h->live_times, g_hash_table_unref);
}

/* The colours of the simulated markers, as a therapist's clicks would set them. */
static void
set_sim_colors (ProprioCamera *camera)
{
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      proprio_sim_camera_get_marker_color (m, &hsv);
      proprio_marker_tracker_set_color (proprio_camera_get_marker_tracker (camera), m, &hsv);
    }
}

static guint
drain (Harness *h)
{
  ProprioSample buf[64];
  gsize n;
  guint total = 0;

  while ((n = proprio_ring_read (&h->cursor, buf, G_N_ELEMENTS (buf))) > 0)
    {
      g_array_append_vals (h->samples, buf, n);
      total += n;
    }
  g_assert_cmpuint (h->cursor.dropped, ==, 0);
  return total;
}

static const ProprioSample *
sample_at (Harness *h,
           guint    i)
{
  return &g_array_index (h->samples, ProprioSample, i);
}

/* Runs the main loop until @n more samples have come, failing after WAIT_MS. */
static void
wait_samples (Harness *h,
              guint    n)
{
  guint target = h->samples->len + n;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (h->samples->len < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      drain (h);
      g_usleep (2000);
    }
}

static void
wait_live_frames (Harness *h,
                  guint    n)
{
  guint target = h->live_frames + n;
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (h->live_frames < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  guint  compared;
  guint  with_angle;
  double max_error;
} Comparison;

/* Every sample from @from on against the angle the simulated leg was drawn at in that frame. */
static Comparison
compare_with_truth (Harness *h,
                    guint    from)
{
  ProprioSimCamera *sim = proprio_camera_get_sim (h->camera);
  Comparison c = { 0 };

  for (guint i = from; i < h->samples->len; i++)
    {
      ProprioMarkerSampleView view;
      double truth;

      g_assert_true (proprio_marker_sample_unpack (sample_at (h, i), &view));
      if (!proprio_sim_camera_lookup_truth (sim, view.t_us, &truth))
        continue;
      c.compared++;
      if (isnan (view.angle_deg))
        continue;
      c.with_angle++;
      c.max_error = MAX (c.max_error, fabs (view.angle_deg - truth));
    }
  return c;
}

static void
hold_target (Harness *h,
             double   target_deg)
{
  ProprioSimJointIntent intent = PROPRIO_SIM_JOINT_INTENT_INIT;

  intent.phase = PROPRIO_SIM_JOINT_MEMORISE;
  intent.target_deg = target_deg;
  proprio_camera_set_sim_intent (h->camera, &intent);
}

/* The mean of the last @n angles. */
static double
recent_angle (Harness *h,
              guint    n)
{
  double sum = 0.0;
  guint count = 0;

  for (guint i = h->samples->len > n ? h->samples->len - n : 0; i < h->samples->len; i++)
    if (!isnan (sample_at (h, i)->values[PROPRIO_MARKER_SAMPLE_ANGLE]))
      {
        sum += sample_at (h, i)->values[PROPRIO_MARKER_SAMPLE_ANGLE];
        count++;
      }
  return count > 0 ? sum / count : NAN;
}

/* The leg moving freely, then holding 120° and 60°, through the real pipeline at @spec: every
 * tracked frame is within 2° of the angle it was drawn at, and the held angles are reached. */
static void
check_angles_follow_model (const char *spec,
                           int         tracked_width,
                           int         tracked_height)
{
  ProprioCameraTrackingStats stats;
  Comparison c;
  Harness h;

  harness_init (&h, spec, TRUE);
  set_sim_colors (h.camera);

  /* Moving (the simulated patient's free movements): frames are drawn for their own instant,
   * so even a moving leg is tracked at its true angle. */
  wait_samples (&h, 45);
  c = compare_with_truth (&h, 0);
  g_test_message ("moving: %u compared, %u with an angle, max error %.2f°", c.compared,
                  c.with_angle, c.max_error);
  g_assert_cmpuint (c.compared, >=, 40);
  g_assert_cmpuint (c.with_angle, ==, c.compared);
  g_assert_cmpfloat (c.max_error, <, 2.0);

  for (guint k = 0; k < 2; k++)
    {
      double target = k == 0 ? 120.0 : 60.0;
      guint from = h.samples->len;
      gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

      hold_target (&h, target);
      /* The simulated joint settles within a few seconds of camera time (a patient holds it
       * with a little tremor). */
      while (!(fabs (recent_angle (&h, 10) - target) < 3.0))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          wait_samples (&h, 5);
        }
      c = compare_with_truth (&h, from);
      g_test_message ("to %.0f°: %u compared, max error %.2f°", target, c.compared, c.max_error);
      g_assert_cmpuint (c.with_angle, ==, c.compared);
      g_assert_cmpfloat (c.max_error, <, 2.0);
    }

  proprio_camera_get_tracking_stats (h.camera, &stats);
  g_assert_cmpint (stats.width, ==, tracked_width);
  g_assert_cmpint (stats.height, ==, tracked_height);
  g_assert_cmpuint (stats.frames, >=, h.samples->len);
  g_assert_cmpfloat (stats.mean_tracker_ms, >, 0.0);
  harness_clear (&h);
}

static void
test_angles_follow_model_640 (void)
{
  check_angles_follow_model ("sim?size=640x360", 640, 360);
}

/* 1280x720 frames are scaled down on the branch: the tracker gets 640x360. */
static void
test_angles_follow_model_scaled (void)
{
  check_angles_follow_model ("sim?size=1280x720", 640, 360);
}

/* A hidden knee is reported LOST, with no angle, frame after frame; shown again, the angle is
 * back. Nothing is guessed from the frames before. */
static void
test_hidden_marker_is_lost (void)
{
  ProprioSimCamera *sim;
  ProprioMarkerSampleView view;
  Harness h;
  guint first_lost = G_MAXUINT;

  harness_init (&h, "sim?size=640x360", TRUE);
  sim = proprio_camera_get_sim (h.camera);
  set_sim_colors (h.camera);
  wait_samples (&h, 10);
  g_assert_true (proprio_marker_sample_unpack (sample_at (&h, h.samples->len - 1), &view));
  g_assert_false (isnan (view.angle_deg));

  proprio_sim_camera_set_marker_hidden (sim, PROPRIO_MARKER_KNEE, TRUE);
  for (guint tries = 0; first_lost == G_MAXUINT; tries++)
    {
      g_assert_cmpuint (tries, <, 200);
      wait_samples (&h, 1);
      g_assert_true (proprio_marker_sample_unpack (sample_at (&h, h.samples->len - 1), &view));
      if (view.markers[PROPRIO_MARKER_KNEE].state == PROPRIO_MARKER_LOST)
        first_lost = h.samples->len - 1;
    }
  wait_samples (&h, 15);
  for (guint i = first_lost; i < h.samples->len; i++)
    {
      const ProprioSample *s = sample_at (&h, i);

      g_assert_true (proprio_marker_sample_unpack (s, &view));
      g_assert_cmpint (view.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_LOST);
      g_assert_true (isnan (view.markers[PROPRIO_MARKER_KNEE].x));
      g_assert_cmpint (view.markers[PROPRIO_MARKER_HIP].state, ==, PROPRIO_MARKER_FOUND);
      g_assert_cmpint (view.markers[PROPRIO_MARKER_ANKLE].state, ==, PROPRIO_MARKER_FOUND);
      g_assert_true (isnan (view.angle_deg));
      g_assert_true (isnan (s->values[PROPRIO_MARKER_SAMPLE_ANGLE]));
      g_assert_cmpfloat (s->values[PROPRIO_MARKER_SAMPLE_QUALITY], ==, 0.0);
    }

  proprio_sim_camera_set_marker_hidden (sim, PROPRIO_MARKER_KNEE, FALSE);
  for (guint tries = 0; isnan (view.angle_deg); tries++)
    {
      g_assert_cmpuint (tries, <, 200);
      wait_samples (&h, 1);
      g_assert_true (proprio_marker_sample_unpack (sample_at (&h, h.samples->len - 1), &view));
    }
  harness_clear (&h);
}

/* Off, the branch tracks nothing (its valve drops the frames before they are scaled); on, every
 * frame gives a sample; off again, the samples stop while the video goes on. */
static void
test_off_tracks_nothing (void)
{
  ProprioCameraTrackingStats stats;
  ProprioRing *ring;
  Harness h;
  guint64 written;

  harness_init (&h, "sim?size=640x360", FALSE);
  ring = proprio_camera_get_angle_ring (h.camera);
  set_sim_colors (h.camera);
  wait_live_frames (&h, 20);
  proprio_camera_get_tracking_stats (h.camera, &stats);
  g_assert_cmpuint (stats.frames, ==, 0);
  g_assert_cmpuint (proprio_ring_get_written (ring), ==, 0);

  proprio_camera_set_tracking (h.camera, TRUE);
  g_assert_true (proprio_camera_get_tracking (h.camera));
  wait_samples (&h, 10);
  /* The first sample after the valve opened follows a gap; the next ones do not. */
  g_assert_cmpuint (sample_at (&h, 0)->flags & PROPRIO_SAMPLE_AFTER_GAP, !=, 0);
  g_assert_cmpuint (sample_at (&h, 5)->flags & PROPRIO_SAMPLE_AFTER_GAP, ==, 0);

  proprio_camera_set_tracking (h.camera, FALSE);
  /* A frame already past the valve may still be tracked. */
  wait_live_frames (&h, 3);
  written = proprio_ring_get_written (ring);
  wait_live_frames (&h, 20);
  g_assert_cmpuint (proprio_ring_get_written (ring), ==, written);
  harness_clear (&h);
}

/* Each sample carries the capture time of its frame: the same time as that frame on the live
 * branch, strictly increasing, and close to now. */
static void
test_sample_times_are_frame_times (void)
{
  Harness h;
  guint matched = 0;
  gint64 now;

  harness_init (&h, "sim?size=640x360", TRUE);
  set_sim_colors (h.camera);
  wait_samples (&h, 30);
  /* Let the main thread take the live frames of the last samples too. */
  wait_live_frames (&h, 3);
  now = proprio_clock_now_us ();
  for (guint i = 0; i < h.samples->len; i++)
    {
      gint64 t = sample_at (&h, i)->t_us;

      if (i > 0)
        g_assert_cmpint (t, >, sample_at (&h, i - 1)->t_us);
      g_assert_cmpint (t, <=, now);
      g_assert_cmpint (t, >, now - 30 * G_USEC_PER_SEC);
      matched += g_hash_table_contains (h.live_times, &t);
    }
  /* The live branch may skip a frame while the main thread is busy; the tracker's are the same
   * frames. */
  g_test_message ("%u of %u sample times are live frame times", matched, h.samples->len);
  g_assert_cmpuint (matched, >=, h.samples->len * 3 / 4);
  harness_clear (&h);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* A camera faster than 30 fps is tracked at 30: frames are left out evenly, before they are
 * scaled, and not counted as dropped. */
static void
test_at_most_30_fps (void)
{
  ProprioCameraTrackingStats stats;
  Harness h;
  gint64 min_step = G_MAXINT64;
  guint frames_before;

  harness_init (&h, "sim?size=320x180&fps=60", TRUE);
  set_sim_colors (h.camera);
  wait_samples (&h, 2);
  frames_before = h.live_frames;
  wait_samples (&h, 30);
  for (guint i = 2; i < h.samples->len; i++)
    min_step = MIN (min_step, sample_at (&h, i)->t_us - sample_at (&h, i - 1)->t_us);
  proprio_camera_get_tracking_stats (h.camera, &stats);
  g_test_message ("shortest step %.1f ms, %u live frames meanwhile, %" G_GUINT64_FORMAT
                  " counted missed", min_step / 1000.0, h.live_frames - frames_before,
                  stats.frames_missed);
  /* 60 fps frames are 16.7 ms apart; the tracked ones at least 26.7 ms (80 % of 1/30 s). */
  g_assert_cmpint (min_step, >=, 26 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (stats.frames_missed, <, 5);
  harness_clear (&h);
}

/* A known frame: a still leg, in RGB and in BGRA (the camera's own format). A click in the
 * middle of each marker sets its colour; the tracker then finds all three at the drawn angle.
 * A click on the grey background or outside the frame is refused, and changes nothing. */
static void
check_pick_on_frame (GstVideoFormat format)
{
  const int w = 320, h = 180;
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioFrame) frame = NULL;
  g_autofree guint8 *rgb = g_malloc ((gsize) w * h * 3);
  ProprioMarkerTracker *tracker = proprio_camera_get_marker_tracker (camera);
  ProprioMarkerTrackerResult result;
  ProprioMarkerFrame pixels;
  ProprioLimbScene scene;
  ProprioHsv hsv, expected;
  GBytes *bytes;
  gsize stride;
  double pts[3][2];
  guint changes = 0;

  proprio_sim_camera_scene (w, h, 100.0, &scene);
  proprio_limb_render (&scene, rgb, w, h, (gsize) w * 3);
  proprio_limb_scene_get_points (&scene, pts);
  if (format == GST_VIDEO_FORMAT_RGB)
    frame = proprio_frame_new (g_bytes_new (rgb, (gsize) w * h * 3), w, h, (gsize) w * 3,
                               format, 0);
  else
    {
      guint8 *bgra = g_malloc ((gsize) w * h * 4);

      for (int i = 0; i < w * h; i++)
        {
          bgra[i * 4] = rgb[i * 3 + 2];
          bgra[i * 4 + 1] = rgb[i * 3 + 1];
          bgra[i * 4 + 2] = rgb[i * 3];
          bgra[i * 4 + 3] = 255;
        }
      frame = proprio_frame_new (g_bytes_new_take (bgra, (gsize) w * h * 4), w, h, (gsize) w * 4,
                                 format, 0);
    }
  g_signal_connect_swapped (camera, "markers-changed", G_CALLBACK (count_cb), &changes);

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      g_assert_false (proprio_marker_tracker_get_color (tracker, m, &hsv));
      /* Off the centre by a pixel or two, as a hand clicks. */
      g_assert_true (proprio_camera_pick_marker_color (camera, frame, m, pts[m][0] + 1.3,
                                                       pts[m][1] - 0.8, &error));
      g_assert_no_error (error);
      g_assert_true (proprio_marker_tracker_get_color (tracker, m, &hsv));
      proprio_rgb_to_hsv (scene.marker[m].r / 255.0, scene.marker[m].g / 255.0,
                          scene.marker[m].b / 255.0, &expected);
      g_assert_cmpfloat_with_epsilon (hsv.h, expected.h, 2.0);
      g_assert_cmpfloat_with_epsilon (hsv.s, expected.s, 0.03);
      g_assert_cmpfloat_with_epsilon (hsv.v, expected.v, 0.03);
    }
  g_assert_cmpuint (changes, ==, PROPRIO_N_MARKERS);

  bytes = proprio_frame_get_bytes (frame, &stride, NULL);
  pixels = (ProprioMarkerFrame) { g_bytes_get_data (bytes, NULL), w, h, stride,
                                  format == GST_VIDEO_FORMAT_RGB ? PROPRIO_PIXEL_FORMAT_RGB
                                                                 : PROPRIO_PIXEL_FORMAT_BGRX };
  g_assert_true (proprio_marker_tracker_process (tracker, &pixels, &result));
  g_assert_true (result.has_angle);
  g_assert_cmpfloat_with_epsilon (result.angle_deg, 100.0, 1.0);

  /* The grey background, and points off the frame. */
  g_assert_false (proprio_camera_pick_marker_color (camera, frame, PROPRIO_MARKER_HIP, 5, 5,
                                                    &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR);
  g_clear_error (&error);
  g_assert_false (proprio_camera_pick_marker_color (camera, frame, PROPRIO_MARKER_HIP, -1, 5,
                                                    &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR);
  g_clear_error (&error);
  g_assert_false (proprio_camera_pick_marker_color (camera, frame, PROPRIO_MARKER_HIP, w, NAN,
                                                    &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR);
  g_clear_error (&error);
  /* Still the hip's green. */
  g_assert_true (proprio_marker_tracker_get_color (tracker, PROPRIO_MARKER_HIP, &hsv));
  proprio_rgb_to_hsv (scene.marker[0].r / 255.0, scene.marker[0].g / 255.0,
                      scene.marker[0].b / 255.0, &expected);
  g_assert_cmpfloat_with_epsilon (hsv.h, expected.h, 2.0);

  g_assert_cmpuint (changes, ==, PROPRIO_N_MARKERS);

  proprio_camera_clear_marker_color (camera, PROPRIO_MARKER_HIP);
  g_assert_false (proprio_marker_tracker_get_color (tracker, PROPRIO_MARKER_HIP, &hsv));
  g_assert_cmpuint (changes, ==, PROPRIO_N_MARKERS + 1);
}

static void
test_pick_on_known_frame (void)
{
  check_pick_on_frame (GST_VIDEO_FORMAT_RGB);
  check_pick_on_frame (GST_VIDEO_FORMAT_BGRA);
}

/* Setting colours and tolerance through the camera tells its views, and sets the tracker. */
static void
test_markers_changed_signal (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  ProprioMarkerTolerance tol = { 25.0, 0.4, 0.45 }, got;
  guint count = 0;

  g_signal_connect_swapped (camera, "markers-changed", G_CALLBACK (count_cb), &count);
  proprio_camera_set_marker_tolerance (camera, &tol);
  g_assert_cmpuint (count, ==, 1);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      proprio_marker_tracker_get_tolerance (proprio_camera_get_marker_tracker (camera), m, &got);
      g_assert_cmpfloat (got.hue_deg, ==, 25.0);
      g_assert_cmpfloat (got.saturation, ==, 0.4);
      g_assert_cmpfloat (got.value, ==, 0.45);
    }
  proprio_camera_clear_marker_color (camera, PROPRIO_MARKER_ANKLE);
  g_assert_cmpuint (count, ==, 2);
  {
    ProprioHsv blue = { 220.0, 0.9, 0.95 }, got_color;

    proprio_camera_set_marker_color (camera, PROPRIO_MARKER_ANKLE, &blue);
    g_assert_cmpuint (count, ==, 3);
    g_assert_true (proprio_marker_tracker_get_color (proprio_camera_get_marker_tracker (camera),
                                                     PROPRIO_MARKER_ANKLE, &got_color));
    g_assert_cmpfloat (got_color.h, ==, 220.0);
  }
}

/* The tracked frame size: within 640x360, the aspect kept, never enlarged, even. */
static void
test_tracking_size (void)
{
  static const int cases[][4] = {
    { 1280, 720, 640, 360 },
    { 1920, 1080, 640, 360 },
    { 640, 480, 480, 360 },
    { 640, 360, 640, 360 },
    { 320, 180, 320, 180 },
    { 160, 120, 160, 120 },
    { 161, 121, 160, 120 },
    { 720, 1280, 202, 360 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int w, h;

      proprio_camera_tracking_size (cases[i][0], cases[i][1], &w, &h);
      g_assert_cmpint (w, ==, cases[i][2]);
      g_assert_cmpint (h, ==, cases[i][3]);
    }
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera-tracking/angles-follow-model-640x360", test_angles_follow_model_640);
  g_test_add_func ("/camera-tracking/angles-follow-model-scaled-from-720p",
                   test_angles_follow_model_scaled);
  g_test_add_func ("/camera-tracking/hidden-marker-is-lost-no-angle", test_hidden_marker_is_lost);
  g_test_add_func ("/camera-tracking/off-tracks-nothing", test_off_tracks_nothing);
  g_test_add_func ("/camera-tracking/sample-times-are-frame-times",
                   test_sample_times_are_frame_times);
  g_test_add_func ("/camera-tracking/at-most-30-fps", test_at_most_30_fps);
  g_test_add_func ("/camera-tracking/pick-color-on-known-frame", test_pick_on_known_frame);
  g_test_add_func ("/camera-tracking/markers-changed-signal", test_markers_changed_signal);
  g_test_add_func ("/camera-tracking/tracking-size", test_tracking_size);
  return g_test_run ();
}
