/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames in the media layer, without GTK: pixels in each layout, the mapped buffer's lifetime,
 * formats refused with a reason, and the delayed replay's JPEG decoded to RGB. */
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <string.h>

#include "video/proprio-camera-source.h"
#include "video/proprio-frame.h"

/* 4×2 BGRA: top row red, green, blue, white; bottom row black, grey, yellow, cyan. */
static const guint8 bgra[2][4][4] = {
  { { 0, 0, 255, 255 }, { 0, 255, 0, 255 }, { 255, 0, 0, 255 }, { 255, 255, 255, 255 } },
  { { 0, 0, 0, 255 }, { 128, 128, 128, 255 }, { 0, 255, 255, 255 }, { 255, 255, 0, 255 } },
};

static void
video_info (GstVideoInfo   *info,
            GstVideoFormat  format)
{
  gst_video_info_init (info);
  g_assert_true (gst_video_info_set_format (info, format, 4, 2));
}

static void
test_pixels (void)
{
  g_autoptr(GstBuffer) buffer = gst_buffer_new_memdup (bgra, sizeof bgra);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioFrame) frame = NULL;
  g_autoptr(ProprioFrame) rgb = NULL;
  g_autoptr(GBytes) rgb_bytes = NULL;
  static const guint8 rgb_data[2 * 12] = {
    10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  };
  GstVideoInfo info;
  GstVideoFormat format = GST_VIDEO_FORMAT_UNKNOWN;
  gsize stride = 0;
  guint8 px[4];

  video_info (&info, GST_VIDEO_FORMAT_BGRA);
  frame = proprio_frame_new_from_buffer (buffer, &info, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpint (proprio_frame_get_width (frame), ==, 4);
  g_assert_cmpint (proprio_frame_get_height (frame), ==, 2);
  g_assert_cmpint (proprio_frame_get_time_us (frame), ==, 42);
  g_assert_cmpint (proprio_frame_get_format (frame), ==, GST_VIDEO_FORMAT_BGRA);
  g_assert_nonnull (proprio_frame_get_bytes (frame, &stride, &format));
  g_assert_cmpuint (stride, ==, 16);
  g_assert_cmpint (format, ==, GST_VIDEO_FORMAT_BGRA);

  g_assert_true (proprio_frame_get_pixel (frame, 0, 0, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 255, 0, 0, 255 }), 4);
  g_assert_true (proprio_frame_get_pixel (frame, 3, 1, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 0, 255, 255, 255 }), 4);
  g_assert_false (proprio_frame_get_pixel (frame, 4, 0, px));
  g_assert_false (proprio_frame_get_pixel (frame, 0, -1, px));

  rgb_bytes = g_bytes_new_static (rgb_data, sizeof rgb_data);
  rgb = proprio_frame_new (rgb_bytes, 4, 2, 12, GST_VIDEO_FORMAT_RGB, 5);
  g_assert_true (proprio_frame_get_pixel (rgb, 1, 1, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 4, 5, 6, 255 }), 4);
  g_assert_true (proprio_frame_get_pixel (rgb, 3, 0, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 100, 110, 120, 255 }), 4);
}

/* The frame keeps the buffer mapped and referenced, and so does whoever holds its bytes (a
 * texture in the UI does): the last one lets go. Data kept on the frame goes with it. */
static void
test_buffer_lifetime (void)
{
  g_autoptr(GstBuffer) buffer = gst_buffer_new_memdup (bgra, sizeof bgra);
  g_autoptr(GError) error = NULL;
  GQuark quark = g_quark_from_static_string ("test-frame-data");
  GstVideoInfo info;
  ProprioFrame *frame;
  GBytes *bytes;
  gboolean destroyed = FALSE;

  video_info (&info, GST_VIDEO_FORMAT_BGRA);
  frame = proprio_frame_new_from_buffer (buffer, &info, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 2);

  proprio_frame_set_qdata_full (frame, quark, &destroyed, NULL);
  g_assert_true (proprio_frame_get_qdata (frame, quark) == &destroyed);
  proprio_frame_set_qdata_full (frame, quark, NULL, NULL);
  g_assert_null (proprio_frame_get_qdata (frame, quark));

  bytes = g_bytes_ref (proprio_frame_get_bytes (frame, NULL, NULL));
  proprio_frame_unref (frame);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 2);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 4, bgra[0][0], 4);
  g_bytes_unref (bytes);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 1);
}

static void
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_qdata_goes_with_the_frame (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (bgra, sizeof bgra);
  ProprioFrame *frame = proprio_frame_new (bytes, 4, 2, 16, GST_VIDEO_FORMAT_BGRA, 0);
  GQuark quark = g_quark_from_static_string ("test-frame-data");
  gboolean destroyed = FALSE;

  proprio_frame_set_qdata_full (frame, quark, &destroyed, set_true);
  proprio_frame_ref (frame);
  proprio_frame_unref (frame);
  g_assert_false (destroyed);
  proprio_frame_unref (frame);
  g_assert_true (destroyed);
}

static void
test_unsupported_format (void)
{
  g_autoptr(GstBuffer) buffer = gst_buffer_new_allocate (NULL, 4 * 2 * 2, NULL);
  g_autoptr(GError) error = NULL;
  GstVideoInfo info;

  video_info (&info, GST_VIDEO_FORMAT_I420);
  g_assert_null (proprio_frame_new_from_buffer (buffer, &info, 0, &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE);
  g_assert_nonnull (strstr (error->message, "I420"));
  g_assert_false (proprio_frame_format_is_supported (GST_VIDEO_FORMAT_NV12));
  g_assert_false (proprio_frame_format_is_supported (GST_VIDEO_FORMAT_I420));
  g_assert_true (proprio_frame_format_is_supported (GST_VIDEO_FORMAT_BGRA));
  g_assert_true (proprio_frame_format_is_supported (GST_VIDEO_FORMAT_RGB));
}

/* A JPEG as the delay buffer stores it (the same encoder settings), decoded to RGB. */
static GBytes *
encode_jpeg (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *jpeg;

  description = g_strdup_printf ("videotestsrc pattern=%s num-buffers=1 "
                                 "! video/x-raw,format=BGRA,width=64,height=32 ! videoconvert "
                                 "! video/x-raw,format=I420,colorimetry=1:4:0:0 "
                                 "! jpegenc quality=75 ! appsink name=sink sync=false", pattern);
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
  g_assert_nonnull (sample);
  buffer = gst_sample_get_buffer (sample);
  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
  jpeg = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return jpeg;
}

static void
test_jpeg (void)
{
  g_autoptr(GBytes) white = encode_jpeg ("white");
  g_autoptr(GBytes) red = encode_jpeg ("red");
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a picture at all", 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioFrame) frame = NULL;
  g_autoptr(ProprioFrame) none = NULL;
  guint8 px[4];

  frame = proprio_frame_new_from_jpeg (white, 77, &error);
  g_assert_no_error (error);
  g_assert_cmpint (proprio_frame_get_width (frame), ==, 64);
  g_assert_cmpint (proprio_frame_get_height (frame), ==, 32);
  g_assert_cmpint (proprio_frame_get_time_us (frame), ==, 77);
  g_assert_cmpint (proprio_frame_get_format (frame), ==, GST_VIDEO_FORMAT_RGB);
  g_assert_true (proprio_frame_get_pixel (frame, 63, 31, px));
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (px[c], >=, 245);
  g_clear_pointer (&frame, proprio_frame_unref);

  /* JPEG is lossy: red within a few levels. */
  frame = proprio_frame_new_from_jpeg (red, 78, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_frame_get_pixel (frame, 10, 10, px));
  g_assert_cmpint (px[0], >=, 240);
  g_assert_cmpint (px[1], <=, 15);
  g_assert_cmpint (px[2], <=, 15);

  none = proprio_frame_new_from_jpeg (junk, 0, &error);
  g_assert_null (none);
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame/pixels-in-each-layout", test_pixels);
  g_test_add_func ("/frame/bytes-keep-the-buffer-mapped", test_buffer_lifetime);
  g_test_add_func ("/frame/qdata-goes-with-the-frame", test_qdata_goes_with_the_frame);
  g_test_add_func ("/frame/unsupported-format-is-an-error", test_unsupported_format);
  g_test_add_func ("/frame/jpeg-decodes-to-rgb", test_jpeg);

  return g_test_run ();
}
