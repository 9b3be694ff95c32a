/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frames in the UI layer: zero-copy textures, the GDK layout of each frame format, the
 * paintable, and rendering through GSK the way a snapshot to PNG does; the paintable following a
 * camera. Needs a display for the renderer. (Frames themselves: test-frame.c, headless.) */
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "video/proprio-camera.h"
#include "video/proprio-frame.h"
#include "widgets/proprio-frame-paintable.h"

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

/* Every format a frame accepts has a GDK layout, and the texture shows the same pixels as the
 * frame reads. */
static void
test_formats (void)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_ABGR,
    GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR,
  };
  static const guint8 rgb_data[2 * 12] = {
    10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120,
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  };
  g_autoptr(GBytes) rgb_bytes = g_bytes_new_static (rgb_data, sizeof rgb_data);
  g_autoptr(ProprioFrame) rgb = NULL;
  GdkMemoryFormat format;
  guint8 out[2][4][4];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_assert_true (proprio_frame_format_is_supported (formats[i]));
      g_assert_true (proprio_frame_memory_format (formats[i], &format));
    }
  g_assert_false (proprio_frame_memory_format (GST_VIDEO_FORMAT_NV12, &format));
  g_assert_true (proprio_frame_memory_format (GST_VIDEO_FORMAT_BGRA, &format));
  g_assert_cmpint (format, ==, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED);

  /* RGB (what a decoded JPEG of the delayed replay is): pixel (3,0) is 100, 110, 120. */
  rgb = proprio_frame_new (rgb_bytes, 4, 2, 12, GST_VIDEO_FORMAT_RGB, 5);
  download (proprio_frame_get_texture (rgb), out);
  g_assert_cmpmem (out[0][3], 3, ((guint8[]) { 120, 110, 100 }), 3);   /* as BGRA */
  g_assert_cmpmem (out[1][0], 3, ((guint8[]) { 3, 2, 1 }), 3);
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
  g_autoptr(ProprioFrame) a = proprio_frame_new (bytes, 4, 2, 16, GST_VIDEO_FORMAT_BGRA, 1);
  g_autoptr(ProprioFrame) b = proprio_frame_new (bytes, 4, 2, 16, GST_VIDEO_FORMAT_BGRA, 2);
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

/* The kind of node the paintable draws itself with. */
static GskRenderNodeType
node_type (GdkPaintable *paintable)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, 8, 4);
  node = gtk_snapshot_free_to_node (snapshot);
  return gsk_render_node_get_node_type (node);
}

static void
assert_corners (GdkTexture *texture)
{
  guint8 px[4 * 8 * 4];

  gdk_texture_download (texture, px, 32);
  g_assert_cmpint (px[0 + 2], >=, 250);                /* (0,0) is red */
  g_assert_cmpint (px[0 + 1], <=, 5);
  g_assert_cmpint (px[0 + 0], <=, 5);
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 1], >=, 250);   /* (7,3) is cyan: G and B high */
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 0], >=, 250);
  g_assert_cmpint (px[3 * 32 + 7 * 4 + 2], <=, 5);
  g_assert_cmpint (px[3 * 32 + 0 * 4 + 0], <=, 5);     /* (0,3) is black */
  g_assert_cmpint (px[3 * 32 + 0 * 4 + 1], <=, 5);
  g_assert_cmpint (px[3 * 32 + 0 * 4 + 2], <=, 5);
}

/* Drawn as a Cairo image over the frame's bytes (for the Cairo renderer), a BGRA frame looks as
 * it does through the texture; a frame without a Cairo twin (RGB) still draws, as a texture. */
static void
test_cairo_direct (void)
{
  g_autoptr(ProprioFramePaintable) paintable = proprio_frame_paintable_new ();
  GdkPaintable *p = GDK_PAINTABLE (paintable);
  g_autoptr(GBytes) bytes = g_bytes_new_static (bgra, sizeof bgra);
  g_autoptr(ProprioFrame) frame = proprio_frame_new (bytes, 4, 2, 16, GST_VIDEO_FORMAT_BGRA, 1);
  static const guint8 rgb_data[2 * 12] = {
    255, 0, 0,  0, 255, 0,  0, 0, 255,  255, 255, 255,
    0, 0, 0,    128, 128, 128,  255, 255, 0,  0, 255, 255,
  };
  g_autoptr(GBytes) rgb_bytes = g_bytes_new_static (rgb_data, sizeof rgb_data);
  g_autoptr(ProprioFrame) rgb = proprio_frame_new (rgb_bytes, 4, 2, 12, GST_VIDEO_FORMAT_RGB, 2);
  g_autoptr(GdkTexture) via_texture = NULL, direct = NULL, rgb_direct = NULL;
  guint content_changes = 0;

  g_signal_connect (p, "invalidate-contents", G_CALLBACK (count_signal), &content_changes);
  g_assert_false (proprio_frame_paintable_get_cairo_direct (paintable));
  proprio_frame_paintable_set_frame (paintable, frame);
  via_texture = render (p);
  assert_corners (via_texture);
  g_assert_cmpint (node_type (p), ==, GSK_TEXTURE_NODE);

  proprio_frame_paintable_set_cairo_direct (paintable, TRUE);
  proprio_frame_paintable_set_cairo_direct (paintable, TRUE);
  g_assert_true (proprio_frame_paintable_get_cairo_direct (paintable));
  g_assert_cmpuint (content_changes, ==, 2);   /* the frame, then the mode once */
  direct = render (p);
  assert_corners (direct);
  g_assert_cmpint (node_type (p), ==, GSK_CAIRO_NODE);

  proprio_frame_paintable_set_frame (paintable, rgb);
  rgb_direct = render (p);
  assert_corners (rgb_direct);
  g_assert_cmpint (node_type (p), ==, GSK_TEXTURE_NODE);
}

static gboolean
nothing_shown_yet (gpointer data)
{
  ProprioCamera *camera = data;

  return proprio_camera_get_shown_frame (camera) == NULL;
}

/* One paintable per camera, which shows whatever frame the camera announces, delayed ones too,
 * and outlives the camera with its last frame. */
static void
test_follows_camera (void)
{
  g_autoptr(GError) error = NULL;
  ProprioCamera *camera = proprio_camera_new ();
  g_autoptr(ProprioFramePaintable) paintable = NULL;
  guint size_changes = 0;
  gint64 deadline;

  paintable = g_object_ref (proprio_frame_paintable_for_camera (camera));
  g_assert_true (proprio_frame_paintable_for_camera (camera) == paintable);
  g_assert_null (proprio_frame_paintable_get_frame (paintable));
  g_signal_connect (paintable, "invalidate-size", G_CALLBACK (count_signal), &size_changes);

  g_assert_true (proprio_camera_set_spec (camera, "test?size=320x180", &error));
  g_assert_true (proprio_camera_start (camera, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (nothing_shown_yet (camera) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (proprio_camera_get_shown_frame (camera));
  g_assert_true (proprio_frame_paintable_get_frame (paintable)
                 == proprio_camera_get_shown_frame (camera));
  g_assert_cmpuint (size_changes, ==, 1);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 320);
  /* The texture is the frame's own, made once over its bytes. */
  g_assert_true (proprio_frame_paintable_get_texture (paintable)
                 == proprio_frame_get_texture (proprio_camera_get_shown_frame (camera)));

  /* Frozen, then back: the paintable is told about each frame shown and nothing else. */
  proprio_camera_set_frozen (camera, TRUE);
  {
    ProprioFrame *frozen = proprio_camera_get_shown_frame (camera);

    deadline = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
    while (g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (proprio_frame_paintable_get_frame (paintable) == frozen);
  }
  proprio_camera_set_frozen (camera, FALSE);
  g_assert_true (proprio_frame_paintable_get_frame (paintable)
                 == proprio_camera_get_live_frame (camera));

  proprio_camera_stop (camera);
  {
    ProprioFrame *shown = proprio_frame_paintable_get_frame (paintable);
    g_autoptr(ProprioFrame) last = proprio_frame_ref (shown);

    g_object_unref (camera);
    g_assert_true (proprio_frame_paintable_get_frame (paintable) == last);
  }
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
  g_test_add_func ("/frame/texture-in-each-layout", test_formats);
  g_test_add_func ("/frame-paintable/size-contents-and-rendering", test_paintable);
  g_test_add_func ("/frame-paintable/follows-the-camera", test_follows_camera);
  g_test_add_func ("/frame-paintable/cairo-direct-draws-the-same", test_cairo_direct);

  return g_test_run ();
}
