/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera pipeline end to end on GStreamer's videotestsrc (no display needed). */
#include <gst/gst.h>
#include <stdlib.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"

#define W 320
#define H 180

typedef struct
{
  ProprioCamera *camera;
  guint64 dropped_at_first;
  guint   frames;
  gint64  first_t_us;
  gint64  last_t_us;
  gint64  max_skew_us;     /* largest |arrival − capture time| */
  gboolean went_back;
} FrameLog;

static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          FrameLog      *log)
{
  gint64 t = proprio_frame_get_time_us (frame);
  gint64 skew = llabs (proprio_clock_now_us () - t);

  if (log->frames == 0)
    {
      log->first_t_us = t;
      log->dropped_at_first = proprio_camera_get_dropped (camera);
    }
  else if (t <= log->last_t_us)
    log->went_back = TRUE;
  log->last_t_us = t;
  log->max_skew_us = MAX (log->max_skew_us, skew);
  log->frames++;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

/* Runs the main loop until @log has @n more frames, failing after @timeout_ms. */
static void
wait_frames (FrameLog *log,
             guint     n,
             guint     timeout_ms)
{
  guint target = log->frames + n;
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (log->frames < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static ProprioCamera *
start_camera (const char *spec,
              FrameLog   *log)
{
  g_autoptr(GError) error = NULL;
  ProprioCamera *camera = proprio_camera_new ();

  g_assert_true (proprio_camera_set_spec (camera, spec, &error));
  g_assert_no_error (error);
  log->camera = camera;
  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), log);
  g_assert_true (proprio_camera_start (camera, &error));
  g_assert_no_error (error);
  /* Starting does not wait for the source: wait for its answer. */
  _proprio_camera_settle (camera);
  return camera;
}

static void
pixel (ProprioFrame *frame,
       int           x,
       int           y,
       guint8        rgba[4])
{
  g_assert_true (proprio_frame_get_pixel (frame, x, y, rgba));
}

static void
assert_rgb (const guint8 rgba[4],
            int          r,
            int          g,
            int          b,
            int          tolerance)
{
  g_assert_cmpint (abs (rgba[0] - r), <=, tolerance);
  g_assert_cmpint (abs (rgba[1] - g), <=, tolerance);
  g_assert_cmpint (abs (rgba[2] - b), <=, tolerance);
  g_assert_cmpint (rgba[3], ==, 255);
}

/* SMPTE bars run white … blue from left to right along the top: mirrored, blue is on the left.
 * The mirror is switched on a running pipeline, as the Mirror page does. */
static void
test_mirror (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = NULL;
  ProprioFrame *frame;
  guint8 left[4], right[4], plain[2][W][4];

  {
    g_autoptr(GError) error = NULL;

    camera = proprio_camera_new ();
    g_assert_true (proprio_camera_get_mirror (camera));   /* a mirror by default */
    proprio_camera_set_mirror (camera, FALSE);
    g_assert_true (proprio_camera_set_spec (camera, "test?size=320x180", &error));
    log.camera = camera;
    g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &log);
    g_assert_true (proprio_camera_start (camera, &error));
    /* Nothing is open yet when start returns: the worker opens it. */
    g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  }
  _proprio_camera_settle (camera);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_null (proprio_camera_get_notice (camera));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test pattern");

  wait_frames (&log, 2, 5000);
  frame = proprio_camera_get_live_frame (camera);
  g_assert_cmpint (proprio_frame_get_width (frame), ==, W);
  g_assert_cmpint (proprio_frame_get_height (frame), ==, H);
  pixel (frame, 0, 0, left);
  pixel (frame, W - 1, 0, right);
  assert_rgb (left, 255, 255, 255, 0);
  assert_rgb (right, 0, 0, 255, 0);
  /* Rows from the still part of the pattern (the bars, the strip under them), to check that the
   * mirror image is exact, pixel for pixel. */
  for (int x = 0; x < W; x++)
    {
      pixel (frame, x, 10, plain[0][x]);
      pixel (frame, x, H * 7 / 10, plain[1][x]);
    }

  proprio_camera_set_mirror (camera, TRUE);
  /* Frames already past the flip when it was switched may still come: wait a few. */
  wait_frames (&log, 4, 5000);
  frame = proprio_camera_get_live_frame (camera);
  for (int x = 0; x < W; x++)
    {
      guint8 got[4];

      pixel (frame, W - 1 - x, 10, got);
      g_assert_cmpmem (got, 4, plain[0][x], 4);
      pixel (frame, W - 1 - x, H * 7 / 10, got);
      g_assert_cmpmem (got, 4, plain[1][x], 4);
    }
  pixel (frame, 0, 0, left);
  pixel (frame, W - 1, 0, right);
  assert_rgb (left, 0, 0, 255, 0);
  assert_rgb (right, 255, 255, 255, 0);
  /* What is shown (no delay, not frozen) is the live frame itself. */
  g_assert_true (proprio_camera_get_shown_frame (camera) == frame);

  proprio_camera_stop (camera);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
}

/* Frame times are CLOCK_MONOTONIC µs of capture: close to g_get_monotonic_time() on arrival,
 * increasing, and on the source's 1/30 s grid, every frame shown or counted as dropped; the
 * measured rate is the source's less what was dropped. */
static void
test_times_and_fps (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("test?size=320x180&fps=30", &log);
  double fps, span_s, dropped_per_s;
  guint64 dropped, intervals;
  gint64 span, expected;

  wait_frames (&log, 75, 10000);
  g_assert_false (log.went_back);
  g_assert_cmpint (log.max_skew_us, <, 200 * G_TIME_SPAN_MILLISECOND);

  /* videotestsrc stamps frame n at n/30 s of running time, so the span covers exactly the
   * frames shown plus those dropped in between (to a microsecond of rounding). */
  dropped = proprio_camera_get_dropped (camera) - log.dropped_at_first;
  intervals = log.frames - 1 + dropped;
  span = log.last_t_us - log.first_t_us;
  expected = (gint64) (intervals * G_USEC_PER_SEC / 30);
  g_assert_cmpint (span, >=, expected - 2);
  g_assert_cmpint (span, <=, expected + 2);

  /* On an idle machine nothing is dropped and this is 30 ± 2; a loaded one shows fewer. */
  fps = proprio_camera_get_fps (camera);
  span_s = span / (double) G_USEC_PER_SEC;
  dropped_per_s = dropped / span_s;
  g_assert_cmpfloat (fps, <=, 32.0);
  g_assert_cmpfloat (fps + dropped_per_s, >=, 27.0);
}

/* A main thread busy for half a second sees only the newest frame afterwards; the frames it
 * never showed are counted as dropped (about 15 at 30 fps, exactly those between the two frame
 * times), none are queued up. */
static void
test_dropped_when_main_thread_stalls (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("test?size=320x180&fps=30", &log);
  guint64 dropped_before, dropped;
  gint64 t_before, frames_between;
  guint before;

  wait_frames (&log, 10, 5000);
  dropped_before = proprio_camera_get_dropped (camera);
  t_before = log.last_t_us;

  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  before = log.frames;
  /* One wake-up delivers one frame, the newest. */
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (log.frames, ==, before + 1);
  g_assert_cmpint (proprio_clock_now_us () - log.last_t_us, <, 100 * G_TIME_SPAN_MILLISECOND);

  dropped = proprio_camera_get_dropped (camera) - dropped_before;
  frames_between = (log.last_t_us - t_before + 16667) / 33333 - 1;
  g_assert_cmpint (frames_between, >=, 13);
  g_assert_cmpuint (dropped, ==, (guint64) frames_between);
}

/* With a delay of 1 s the frame shown was captured 1 s ago (a decoded JPEG of the delay
 * buffer); the live frame is still the newest. Freeze holds what is shown. */
/* Stored frames a second over the last `ms`. */
static double
delay_rate (ProprioDelayBuffer *buf,
            guint               ms)
{
  guint before = proprio_delay_buffer_get_n_frames (buf);

  run_for (ms);
  return (proprio_delay_buffer_get_n_frames (buf) - before) * 1000.0 / ms;
}

/* While no delay is shown, the delay buffer keeps about 8 frames a second (a JPEG encode per
 * frame would cost a fifth of a core at 720p for nothing), so a delay switched on still starts
 * from the past; with a delay it keeps every frame (30 a second here). */
static void
test_delay_encodes_less_when_unused (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("test?size=320x180", &log);
  ProprioDelayBuffer *buf = proprio_camera_get_delay_buffer (camera);
  double idle, used;

  g_assert_false (proprio_delay_buffer_get_in_use (buf));
  run_for (300);
  idle = delay_rate (buf, 1500);
  proprio_camera_set_delay (camera, 2.0);
  g_assert_true (proprio_delay_buffer_get_in_use (buf));
  /* Switched on, it shows the past at once: the frames kept while idle. */
  g_assert_cmpfloat (proprio_camera_get_delay_available (camera), >, 1.0);
  run_for (200);
  used = delay_rate (buf, 1500);
  g_test_message ("delay frames a second: %.1f idle, %.1f in use", idle, used);
  g_assert_cmpfloat (idle, >, 5);
  g_assert_cmpfloat (idle, <, 10);
  g_assert_cmpfloat (used, >, 24);
  proprio_camera_set_delay (camera, 0);
  g_assert_false (proprio_delay_buffer_get_in_use (buf));
}

static void
test_delay_and_freeze (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("test?size=320x180", &log);
  ProprioDelayBuffer *buf = proprio_camera_get_delay_buffer (camera);
  ProprioFrame *shown;
  guint8 left[4], right[4];
  gint64 lag;

  proprio_camera_set_mirror (camera, FALSE);
  proprio_camera_set_delay (camera, 1.0);
  g_assert_cmpfloat (proprio_camera_get_delay (camera), ==, 1.0);
  run_for (1800);

  /* 1.8 s at 30 fps, minus pipeline start-up. */
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), >=, 40);
  g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), <=, PROPRIO_CAMERA_DELAY_BUDGET);
  g_assert_cmpfloat (proprio_camera_get_delay_available (camera), >=, 1.0);

  wait_frames (&log, 1, 2000);
  shown = proprio_camera_get_shown_frame (camera);
  g_assert_nonnull (shown);
  g_assert_true (shown != proprio_camera_get_live_frame (camera));
  /* Decoded from the delay buffer's JPEG (RGB), not a live frame (BGRA). */
  g_assert_cmpint (proprio_frame_get_format (shown), ==, GST_VIDEO_FORMAT_RGB);
  g_assert_cmpint (proprio_frame_get_width (shown), ==, W);
  g_assert_cmpint (proprio_camera_get_shown_time_us (camera), ==,
                   proprio_frame_get_time_us (shown));
  lag = proprio_clock_now_us () - proprio_frame_get_time_us (shown);
  g_assert_cmpint (lag, >=, 1000 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (lag, <, 1150 * G_TIME_SPAN_MILLISECOND);
  /* JPEG is lossy: the white bar is white within a few levels. */
  pixel (shown, 2, 2, left);
  assert_rgb (left, 255, 255, 255, 8);
  pixel (shown, W - 3, 2, right);
  assert_rgb (right, 0, 0, 255, 8);

  /* Freeze: the shown frame stays while live frames keep coming. */
  proprio_camera_set_frozen (camera, TRUE);
  shown = proprio_frame_ref (proprio_camera_get_shown_frame (camera));
  wait_frames (&log, 10, 5000);
  g_assert_true (proprio_camera_get_shown_frame (camera) == shown);
  g_assert_cmpint (proprio_frame_get_time_us (proprio_camera_get_live_frame (camera)), >,
                   proprio_frame_get_time_us (shown) + 1000 * G_TIME_SPAN_MILLISECOND);

  /* Back to live without delay: the newest frame at once. */
  proprio_camera_set_delay (camera, 0);
  g_assert_true (proprio_camera_get_shown_frame (camera) == shown);
  proprio_camera_set_frozen (camera, FALSE);
  g_assert_true (proprio_camera_get_shown_frame (camera) == proprio_camera_get_live_frame (camera));
  proprio_frame_unref (shown);

  /* Stopping forgets the recorded past. */
  proprio_camera_stop (camera);
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 0);
}

/* A delay longer than what is recorded holds the oldest frame rather than showing nothing. */
static void
test_delay_longer_than_recorded (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("test?size=320x180", &log);
  gint64 oldest_t = 0;
  g_autoptr(GBytes) oldest = NULL;

  proprio_camera_set_delay (camera, 30.0);
  wait_frames (&log, 15, 5000);
  oldest = proprio_delay_buffer_get_oldest (proprio_camera_get_delay_buffer (camera), &oldest_t);
  g_assert_nonnull (oldest);
  g_assert_cmpint (proprio_camera_get_shown_time_us (camera), ==, oldest_t);

  /* Out of range values are clamped to the slider's range. */
  proprio_camera_set_delay (camera, 99);
  g_assert_cmpfloat (proprio_camera_get_delay (camera), ==, PROPRIO_CAMERA_MAX_DELAY_S);
  proprio_camera_set_delay (camera, -1);
  g_assert_cmpfloat (proprio_camera_get_delay (camera), ==, 0);
}

/* A camera that is not there: a test pattern stands in, and the notice says so and names it. */
static void
test_missing_device_falls_back (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("/dev/video-proprio-missing?size=320x180",
                                                  &log);

  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_FALLBACK);
  g_assert_nonnull (proprio_camera_get_notice (camera));
  g_assert_nonnull (strstr (proprio_camera_get_notice (camera), "/dev/video-proprio-missing"));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test pattern");
  wait_frames (&log, 3, 5000);
  g_assert_cmpint (proprio_frame_get_width (proprio_camera_get_live_frame (camera)), ==, W);

  /* Asking for the test pattern instead clears the notice. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (proprio_camera_set_spec (camera, "test?size=320x180", &error));
    _proprio_camera_settle (camera);
    g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
    g_assert_null (proprio_camera_get_notice (camera));
  }
}

static void
test_none_shows_nothing (void)
{
  FrameLog log = { 0 };
  g_autoptr(ProprioCamera) camera = start_camera ("none", &log);

  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  run_for (300);
  g_assert_cmpuint (log.frames, ==, 0);
  g_assert_null (proprio_camera_get_live_frame (camera));
}

static void
test_bad_spec_keeps_old (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;

  g_assert_true (proprio_camera_set_spec (camera, "sim?fps=15", &error));
  g_assert_false (proprio_camera_set_spec (camera, "webcam", &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC);
  spec = proprio_camera_dup_spec (camera);
  g_assert_cmpstr (spec, ==, "sim?fps=15");
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera/mirror-flips-smpte-bars", test_mirror);
  g_test_add_func ("/camera/frame-times-monotonic-and-fps", test_times_and_fps);
  g_test_add_func ("/camera/dropped-when-main-thread-stalls", test_dropped_when_main_thread_stalls);
  g_test_add_func ("/camera/delay-shows-past-and-freeze-holds", test_delay_and_freeze);
  g_test_add_func ("/camera/delay-encodes-less-when-unused", test_delay_encodes_less_when_unused);
  g_test_add_func ("/camera/delay-longer-than-recorded-holds-oldest",
                   test_delay_longer_than_recorded);
  g_test_add_func ("/camera/missing-device-falls-back-with-notice",
                   test_missing_device_falls_back);
  g_test_add_func ("/camera/none-shows-nothing", test_none_shows_nothing);
  g_test_add_func ("/camera/bad-spec-keeps-old", test_bad_spec_keeps_old);

  return g_test_run ();
}
