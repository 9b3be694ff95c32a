/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <gst/gst.h>
#include <string.h>

#include "video/proprio-camera-source.h"

static void
check_spec (const char              *text,
            ProprioCameraSourceKind  kind,
            const char              *path,
            const char              *name,
            int                      width,
            int                      height,
            int                      fps,
            const char              *canonical)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (text, &error);
  g_autoptr(ProprioCameraSpec) copy = NULL;
  g_autofree char *str = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (spec);
  g_assert_cmpint (spec->kind, ==, kind);
  g_assert_cmpstr (spec->path, ==, path);
  g_assert_cmpstr (spec->name, ==, name);
  g_assert_cmpint (spec->width, ==, width);
  g_assert_cmpint (spec->height, ==, height);
  g_assert_cmpint (spec->fps, ==, fps);
  str = proprio_camera_spec_to_string (spec);
  g_assert_cmpstr (str, ==, canonical);
  copy = proprio_camera_spec_copy (spec);
  g_assert_cmpstr (copy->path, ==, path);
  g_assert_cmpstr (copy->name, ==, name);
}

static void
test_parse_valid (void)
{
  check_spec ("auto", PROPRIO_CAMERA_SOURCE_AUTO, NULL, NULL, 1280, 720, 30, "auto");
  check_spec ("test", PROPRIO_CAMERA_SOURCE_TEST, NULL, NULL, 1280, 720, 30, "test");
  check_spec ("sim", PROPRIO_CAMERA_SOURCE_SIM, NULL, NULL, 1280, 720, 30, "sim");
  check_spec ("ball?size=320x180", PROPRIO_CAMERA_SOURCE_TEST, NULL, NULL, 320, 180, 30,
              "ball?size=320x180");
  /* The moving ball is the test pattern with motion; "test" stays the still bars. */
  {
    g_autoptr(ProprioCameraSpec) ball = proprio_camera_spec_parse ("ball", NULL);
    g_autoptr(ProprioCameraSpec) bars = proprio_camera_spec_parse ("test", NULL);
    g_autoptr(ProprioCameraSpec) copy = proprio_camera_spec_copy (ball);

    g_assert_true (ball->ball);
    g_assert_true (copy->ball);
    g_assert_false (bars->ball);
  }
  check_spec ("none", PROPRIO_CAMERA_SOURCE_NONE, NULL, NULL, 1280, 720, 30, "none");
  check_spec ("/dev/video0", PROPRIO_CAMERA_SOURCE_PATH, "/dev/video0", NULL, 1280, 720, 30,
              "/dev/video0");
  check_spec ("/dev/video2?size=640x480&fps=15", PROPRIO_CAMERA_SOURCE_PATH, "/dev/video2", NULL,
              640, 480, 15, "/dev/video2?size=640x480&fps=15");
  check_spec ("auto?fps=60", PROPRIO_CAMERA_SOURCE_AUTO, NULL, NULL, 1280, 720, 60,
              "auto?fps=60");
  /* Options equal to the defaults are dropped from the canonical form. */
  check_spec ("test?size=1280x720&fps=30", PROPRIO_CAMERA_SOURCE_TEST, NULL, NULL, 1280, 720, 30,
              "test");
  check_spec ("name:Integrated Camera: Integrated C", PROPRIO_CAMERA_SOURCE_NAME, NULL,
              "Integrated Camera: Integrated C", 1280, 720, 30,
              "name:Integrated Camera: Integrated C");
}

static void
check_invalid (const char *text,
               const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (text, &error);

  g_assert_null (spec);
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s”: message “%s” lacks “%s”", text, error->message, expected_fragment);
}

static void
test_parse_invalid (void)
{
  check_invalid ("", "Unknown camera");
  check_invalid ("webcam", "Unknown camera “webcam”");
  check_invalid ("AUTO", "Unknown camera");
  check_invalid ("/dev/", "Unknown camera");
  check_invalid ("name:", "Unknown camera");
  check_invalid ("video0", "/dev/video0");           /* the message shows the right form */
  check_invalid ("test?size=1280", "1280x720");
  check_invalid ("test?size=1280x", "1280x720");
  check_invalid ("test?size=x720", "1280x720");
  check_invalid ("test?size=8x8", "1280x720");        /* too small to be a camera */
  check_invalid ("test?size=-640x480", "1280x720");
  check_invalid ("test?size=640x480x2", "1280x720");
  check_invalid ("test?fps=0", "fps must be");
  check_invalid ("test?fps=241", "fps must be");
  check_invalid ("test?fps=30.5", "fps must be");
  check_invalid ("test?fps=", "fps must be");
  check_invalid ("test?fps", "fps must be");
  check_invalid ("test?rate=30", "unknown option “rate”");
  check_invalid ("test?size=640x480&", "unknown option “”");
  check_invalid ("none?fps=30", "takes no options");
}

/* A typical USB webcam: raw YUY2 is slow at the larger sizes (USB 2 bandwidth), MJPEG is not. */
static const char *webcam_caps =
  "video/x-raw, format=YUY2, width=1280, height=720, framerate=10/1; "
  "video/x-raw, format=YUY2, width=640, height=480, framerate={ 30/1, 15/1 }; "
  "image/jpeg, width=1920, height=1080, framerate=30/1; "
  "image/jpeg, width=1280, height=720, framerate={ 30/1, 60/1 }; "
  "image/jpeg, width=640, height=480, framerate=30/1; "
  "video/x-bayer, width=1280, height=720, framerate=30/1";

static void
check_choice (GArray   *modes,
              int       w,
              int       h,
              int       fps,
              int       want_w,
              int       want_h,
              int       want_fps,
              gboolean  want_jpeg)
{
  ProprioCameraMode mode;

  g_assert_true (proprio_camera_mode_choose (modes, w, h, fps, &mode));
  g_assert_cmpint (mode.width, ==, want_w);
  g_assert_cmpint (mode.height, ==, want_h);
  g_assert_cmpint (mode.fps_n / mode.fps_d, ==, want_fps);
  g_assert_cmpint (mode.jpeg, ==, want_jpeg);
}

static void
test_modes (void)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (webcam_caps);
  g_autoptr(GArray) modes = proprio_camera_modes_from_caps (caps);
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (ProprioCameraMode));
  g_autoptr(GstCaps) chosen = NULL;
  ProprioCameraMode mode;

  /* Bayer is skipped; lists expand to one mode per rate. */
  g_assert_cmpuint (modes->len, ==, 7);

  /* 720p30: MJPEG (raw 720p only does 10 fps). */
  check_choice (modes, 1280, 720, 30, 1280, 720, 30, TRUE);
  /* 640x480 at 30: raw and MJPEG both offer it; raw needs no decoding. */
  check_choice (modes, 640, 480, 30, 640, 480, 30, FALSE);
  /* 15 fps asked: only raw 640x480 has exactly 15; nothing above the request wins over it. */
  check_choice (modes, 1280, 720, 15, 640, 480, 15, FALSE);
  /* 1080p30. */
  check_choice (modes, 1920, 1080, 30, 1920, 1080, 30, TRUE);
  /* 60 fps: only MJPEG 720p. */
  check_choice (modes, 1280, 720, 60, 1280, 720, 60, TRUE);
  /* 5 fps: nothing at or below it; the nearest rate above (10) wins. */
  check_choice (modes, 1280, 720, 5, 1280, 720, 10, FALSE);

  g_assert_false (proprio_camera_mode_choose (empty, 1280, 720, 30, &mode));

  check_choice (modes, 1280, 720, 30, 1280, 720, 30, TRUE);
  g_assert_true (proprio_camera_mode_choose (modes, 1280, 720, 30, &mode));
  chosen = proprio_camera_mode_to_caps (&mode);
  g_assert_true (gst_caps_is_fixed (chosen));
  {
    g_autofree char *str = gst_caps_to_string (chosen);

    g_assert_cmpstr (str, ==, "image/jpeg, width=(int)1280, height=(int)720, "
                              "framerate=(fraction)30/1");
  }
}

/* Ranges (PipeWire, some drivers) fixate to the default size and rate when they hold them. */
static void
test_mode_ranges (void)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (
    "video/x-raw, format=NV12, width=[ 160, 1920 ], height=[ 120, 1080 ], "
    "framerate=[ 1/1, 60/1 ]; "
    "video/x-raw, format=NV12, width=[ 160, 640 ], height=[ 120, 480 ], "
    "framerate=[ 50/1, 90/1 ]");
  g_autoptr(GArray) modes = proprio_camera_modes_from_caps (caps);
  ProprioCameraMode *m;

  g_assert_cmpuint (modes->len, ==, 2);
  m = &g_array_index (modes, ProprioCameraMode, 0);
  g_assert_cmpint (m->width, ==, 1280);
  g_assert_cmpint (m->height, ==, 720);
  g_assert_cmpint (m->fps_n, ==, 30);
  g_assert_cmpint (m->fps_d, ==, 1);
  m = &g_array_index (modes, ProprioCameraMode, 1);
  g_assert_cmpint (m->width, ==, 640);
  g_assert_cmpint (m->height, ==, 480);
  g_assert_cmpint (m->fps_n, ==, 90);
  check_choice (modes, 1280, 720, 30, 1280, 720, 30, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera-spec/parse-valid-and-canonical", test_parse_valid);
  g_test_add_func ("/camera-spec/parse-errors-say-what-to-write", test_parse_invalid);
  g_test_add_func ("/camera-spec/mode-choice-prefers-rate-then-size-then-raw", test_modes);
  g_test_add_func ("/camera-spec/mode-ranges-fixate-to-default", test_mode_ranges);

  return g_test_run ();
}
