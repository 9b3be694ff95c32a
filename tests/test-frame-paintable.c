/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames and the paintable: zero-copy textures, pixel layouts, and rendering through GSK the way
 * a snapshot to PNG does. Needs a display for the renderer. */
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "video/proprio-camera-source.h"
#include "video/proprio-frame.h"
#include "video/proprio-frame-paintable.h"

/* 4×2 BGRA: top row red, green, blue, white; bottom row black, grey, yellow, cyan. */
static const guint8 bgra[2][4][4] = {
  { { 0, 0, 255, 255 }, { 0, 255, 0, 255 }, { 255, 0, 0, 255 }, { 255, 255, 255, 255 } },
  { { 0, 0, 0, 255 }, { 128, 128, 128, 255 }, { 0, 255, 255, 255 }, { 255, 255, 0, 255 } },
};

static GstBuffer *
make_buffer (guint8 **data_out)
{
  guint8 *data = g_memdup2 (bgra, sizeof bgra);

  *data_out = data;
  return gst_buffer_new_wrapped (data, sizeof bgra);
}

static void
video_info (GstVideoInfo  *info,
            GstVideoFormat format)
{
  gst_video_info_init (info);
  g_assert_true (gst_video_info_set_format (info, format, 4, 2));
}

static void
download (GdkTexture *texture,
          guint8      out[2][4][4])
{
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 4);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2);
  /* Cairo's layout: BGRA premultiplied on little-endian hosts. */
  gdk_texture_download (texture, (guint8 *) out, 16);
}

/* The texture reads the GstBuffer's own memory: a byte changed in the buffer after the texture
 * was made shows up in the texture, and the buffer stays alive (mapped) exactly as long as
 * the frame or the texture does. */
static void
test_zero_copy (void)
{
  guint8 *data;
  g_autoptr(GstBuffer) buffer = make_buffer (&data);
  g_autoptr(GError) error = NULL;
  GstVideoInfo info;
  ProprioFrame *frame;
  GdkTexture *texture;
  guint8 out[2][4][4];

  video_info (&info, GST_VIDEO_FORMAT_BGRA);
  frame = proprio_frame_new_from_buffer (buffer, &info, 1234, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 2);
  g_assert_cmpint (proprio_frame_get_time_us (frame), ==, 1234);

  texture = g_object_ref (proprio_frame_get_texture (frame));
  g_assert_true (proprio_frame_get_texture (frame) == texture);   /* made once */
  download (texture, out);
  g_assert_cmpmem (out, sizeof out, bgra, sizeof bgra);

  data[0] = 77;   /* blue of the top-left pixel */
  download (texture, out);
  g_assert_cmpint (out[0][0][0], ==, 77);

  proprio_frame_unref (frame);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 2);
  g_object_unref (texture);
  g_assert_cmpint (GST_MINI_OBJECT_REFCOUNT_VALUE (buffer), ==, 1);
}

static void
test_pixels (void)
{
  guint8 *data;
  g_autoptr(GstBuffer) buffer = make_buffer (&data);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioFrame) frame = NULL;
  g_autoptr(ProprioFrame) rgb = NULL;
  g_autoptr(GBytes) rgb_bytes = NULL;
  static const guint8 rgb_data[2 * 12] = {
    10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  };
  GstVideoInfo info;
  guint8 px[4];

  video_info (&info, GST_VIDEO_FORMAT_BGRA);
  frame = proprio_frame_new_from_buffer (buffer, &info, 0, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_frame_get_pixel (frame, 0, 0, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 255, 0, 0, 255 }), 4);
  g_assert_true (proprio_frame_get_pixel (frame, 3, 1, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 0, 255, 255, 255 }), 4);
  g_assert_false (proprio_frame_get_pixel (frame, 4, 0, px));
  g_assert_false (proprio_frame_get_pixel (frame, 0, -1, px));

  rgb_bytes = g_bytes_new_static (rgb_data, sizeof rgb_data);
  rgb = proprio_frame_new (rgb_bytes, 4, 2, 12, GDK_MEMORY_R8G8B8, 5);
  g_assert_true (proprio_frame_get_pixel (rgb, 1, 1, px));
  g_assert_cmpmem (px, 4, ((guint8[]) { 4, 5, 6, 255 }), 4);

  /* A texture frame reads its pixels back from the texture. */
  {
    g_autoptr(ProprioFrame) tex = proprio_frame_new_from_texture (proprio_frame_get_texture (rgb),
                                                                  9);

    g_assert_null (proprio_frame_get_bytes (tex, NULL, NULL));
    g_assert_true (proprio_frame_get_pixel (tex, 3, 0, px));
    g_assert_cmpmem (px, 4, ((guint8[]) { 100, 110, 120, 255 }), 4);
  }
}

static void
test_unsupported_format (void)
{
  g_autoptr(GstBuffer) buffer = gst_buffer_new_allocate (NULL, 4 * 2 * 2, NULL);
  g_autoptr(GError) error = NULL;
  GstVideoInfo info;
  GdkMemoryFormat format;

  video_info (&info, GST_VIDEO_FORMAT_I420);
  g_assert_null (proprio_frame_new_from_buffer (buffer, &info, 0, &error));
  g_assert_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE);
  g_assert_nonnull (strstr (error->message, "I420"));
  g_assert_false (proprio_frame_format_from_video (GST_VIDEO_FORMAT_NV12, &format));
  g_assert_true (proprio_frame_format_from_video (GST_VIDEO_FORMAT_BGRA, &format));
  g_assert_cmpint (format, ==, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED);
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

/* Renders the paintable at 8×4 with the cairo renderer, as a PNG snapshot would. */
static GdkTexture *
render (GdkPaintable *paintable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  GdkSurface *surface = gdk_surface_new_toplevel (gdk_display_get_default ());
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;

  g_assert_true (gsk_renderer_realize (renderer, surface, &error));
  g_assert_no_error (error);
  gdk_paintable_snapshot (paintable, snapshot, 8, 4);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, 8, 4));
  gsk_renderer_unrealize (renderer);
  gdk_surface_destroy (surface);
  g_object_unref (surface);
  return texture;
}

static void
test_paintable (void)
{
  g_autoptr(ProprioFramePaintable) paintable = proprio_frame_paintable_new ();
  GdkPaintable *p = GDK_PAINTABLE (paintable);
  g_autoptr(GBytes) bytes = g_bytes_new_static (bgra, sizeof bgra);
  g_autoptr(ProprioFrame) a = proprio_frame_new (bytes, 4, 2, 16,
                                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, 1);
  g_autoptr(ProprioFrame) b = proprio_frame_new (bytes, 4, 2, 16,
                                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, 2);
  g_autoptr(GdkTexture) black = NULL;
  g_autoptr(GdkTexture) shown = NULL;
  guint size_changes = 0, content_changes = 0;
  guint8 px[4 * 8 * 4];

  g_signal_connect (p, "invalidate-size", G_CALLBACK (count_signal), &size_changes);
  g_signal_connect (p, "invalidate-contents", G_CALLBACK (count_signal), &content_changes);

  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 0);
  g_assert_cmpfloat (gdk_paintable_get_intrinsic_aspect_ratio (p), ==, 16.0 / 9.0);
  g_assert_null (proprio_frame_paintable_get_texture (paintable));
  black = render (p);
  gdk_texture_download (black, px, 32);
  g_assert_cmpmem (px, 4, ((guint8[]) { 0, 0, 0, 255 }), 4);

  proprio_frame_paintable_set_frame (paintable, a);
  g_assert_cmpuint (size_changes, ==, 1);
  g_assert_cmpuint (content_changes, ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (p), ==, 4);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (p), ==, 2);
  g_assert_cmpfloat (gdk_paintable_get_intrinsic_aspect_ratio (p), ==, 2.0);
  g_assert_true (proprio_frame_paintable_get_texture (paintable) == proprio_frame_get_texture (a));

  /* Same size: contents only. The same frame again: nothing. */
  proprio_frame_paintable_set_frame (paintable, b);
  proprio_frame_paintable_set_frame (paintable, b);
  g_assert_cmpuint (size_changes, ==, 1);
  g_assert_cmpuint (content_changes, ==, 2);
  g_assert_true (proprio_frame_paintable_get_frame (paintable) == b);

  /* Drawn at twice the size: the top-left 2×2 block is the top-left pixel (red). */
  shown = render (p);
  gdk_texture_download (shown, px, 32);
  g_assert_cmpint (px[0 + 2], >=, 250);          /* R of (0,0) */
  g_assert_cmpint (px[0 + 1], <=, 5);
  g_assert_cmpint (px[0 + 0], <=, 5);
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 1], >=, 250);   /* (7,3) is cyan: G and B high */
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 0], >=, 250);
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 2], <=, 5);

  proprio_frame_paintable_set_frame (paintable, NULL);
  g_assert_cmpuint (size_changes, ==, 2);
  g_assert_null (proprio_frame_paintable_get_frame (paintable));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/frame/texture-shares-buffer-memory", test_zero_copy);
  g_test_add_func ("/frame/pixels-in-each-layout", test_pixels);
  g_test_add_func ("/frame/unsupported-format-is-an-error", test_unsupported_format);
  g_test_add_func ("/frame-paintable/size-contents-and-rendering", test_paintable);

  return g_test_run ();
}
