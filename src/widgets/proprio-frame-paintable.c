/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-frame-paintable"

#include "proprio-frame-paintable.h"

/* --- textures over frames --- */

/* Premultiplied formats are right for opaque video (alpha is 255, so multiplying changes
 * nothing), and they are the ones GSK uploads or blits without converting. */
gboolean
proprio_frame_memory_format (GstVideoFormat   format,
                             GdkMemoryFormat *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  switch (format)
    {
    case GST_VIDEO_FORMAT_BGRA: *out = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_RGBA: *out = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_ARGB: *out = GDK_MEMORY_A8R8G8B8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_ABGR: *out = GDK_MEMORY_A8B8G8R8; return TRUE;
    case GST_VIDEO_FORMAT_RGB:  *out = GDK_MEMORY_R8G8B8; return TRUE;
    case GST_VIDEO_FORMAT_BGR:  *out = GDK_MEMORY_B8G8R8; return TRUE;
    default: return FALSE;
    }
}

GdkTexture *
proprio_frame_get_texture (ProprioFrame *frame)
{
  static GQuark texture_quark;
  GdkTexture *texture;

  g_return_val_if_fail (frame != NULL, NULL);

  if (G_UNLIKELY (texture_quark == 0))
    texture_quark = g_quark_from_static_string ("proprio-frame-texture");

  texture = proprio_frame_get_qdata (frame, texture_quark);
  if (texture == NULL)
    {
      GstVideoFormat video_format;
      GdkMemoryFormat format;
      gsize stride;
      GBytes *bytes = proprio_frame_get_bytes (frame, &stride, &video_format);

      /* A frame only ever holds formats with a GDK twin (proprio_frame_format_is_supported). */
      if (!proprio_frame_memory_format (video_format, &format))
        g_assert_not_reached ();
      /* The texture takes its own reference to the bytes: it may outlive the frame in a render
       * node, and the mapped buffer stays alive exactly as long as either does. */
      texture = gdk_memory_texture_new (proprio_frame_get_width (frame),
                                        proprio_frame_get_height (frame), format, bytes, stride);
      proprio_frame_set_qdata_full (frame, texture_quark, texture, g_object_unref);
    }
  return texture;
}

/* --- frames as Cairo images --- */

static cairo_user_data_key_t bytes_key;
static cairo_user_data_key_t keep_key;

/* A BGRA frame as a Cairo image over the same bytes (CAIRO_FORMAT_RGB24 is B, G, R, x in memory
 * on little-endian machines, and video is opaque), kept on the frame like the texture. GTK 4.8's
 * Cairo renderer converts a memory texture through floats on every frame it draws (about 7 ms
 * for 1280 × 720 here, premultiplied or not); an image surface it composites directly. NULL for
 * other formats, and on big-endian machines. */
static cairo_surface_t *
frame_cairo_surface (ProprioFrame *frame)
{
  static GQuark surface_quark;
  cairo_surface_t *surface;
  GstVideoFormat format;
  GBytes *bytes;
  gsize stride;

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    return NULL;
  if (G_UNLIKELY (surface_quark == 0))
    surface_quark = g_quark_from_static_string ("proprio-frame-cairo-surface");

  surface = proprio_frame_get_qdata (frame, surface_quark);
  if (surface != NULL)
    return surface;

  bytes = proprio_frame_get_bytes (frame, &stride, &format);
  if (format != GST_VIDEO_FORMAT_BGRA || stride % 4 != 0 || stride > G_MAXINT)
    return NULL;
  surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (bytes, NULL),
                                                 CAIRO_FORMAT_RGB24,
                                                 proprio_frame_get_width (frame),
                                                 proprio_frame_get_height (frame), (int) stride);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  /* Like the texture, the image holds the bytes: a render node may outlive the frame. */
  cairo_surface_set_user_data (surface, &bytes_key, g_bytes_ref (bytes),
                               (cairo_destroy_func_t) g_bytes_unref);
  proprio_frame_set_qdata_full (frame, surface_quark, surface,
                                (GDestroyNotify) cairo_surface_destroy);
  return surface;
}

/* --- the paintable --- */

struct _ProprioFramePaintable
{
  GObject        parent_instance;
  ProprioFrame  *frame;
  ProprioCamera *camera;   /* followed, not owned: the camera owns this paintable */
  gboolean       cairo_direct;
};

static gboolean
snapshot_cairo_direct (ProprioFrame *frame,
                       GdkSnapshot  *snapshot,
                       double        width,
                       double        height)
{
  cairo_surface_t *surface = frame_cairo_surface (frame);
  cairo_pattern_t *pattern;
  cairo_t *cr;

  if (surface == NULL || width <= 0 || height <= 0)
    return FALSE;
  cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot),
                                  &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, width / proprio_frame_get_width (frame),
               height / proprio_frame_get_height (frame));
  cairo_set_source_surface (cr, surface, 0, 0);
  pattern = cairo_get_source (cr);
  /* What GSK uses for textures; Cairo's default would pick a box filter when shrinking a lot. */
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  /* The node records a snapshot of the image, which copies all of it (a fresh 3.5 MiB for
   * 1280 x 720) if the image dies first, as it does when the next frame replaces this one
   * while GTK still holds this frame's node. The recording keeps the image alive instead. */
  cairo_surface_set_user_data (cairo_get_target (cr), &keep_key, cairo_surface_reference (surface),
                               (cairo_destroy_func_t) cairo_surface_destroy);
  cairo_destroy (cr);
  return TRUE;
}

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProprioFramePaintable, proprio_frame_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

static void
proprio_frame_paintable_snapshot (GdkPaintable *paintable,
                                  GdkSnapshot  *snapshot,
                                  double        width,
                                  double        height)
{
  ProprioFramePaintable *self = PROPRIO_FRAME_PAINTABLE (paintable);

  if (self->frame != NULL)
    {
      if (!self->cairo_direct || !snapshot_cairo_direct (self->frame, snapshot, width, height))
        gdk_paintable_snapshot (GDK_PAINTABLE (proprio_frame_get_texture (self->frame)),
                                snapshot, width, height);
    }
  else
    {
      static const GdkRGBA black = { 0, 0, 0, 1 };

      gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &black,
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
}

static int
proprio_frame_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  ProprioFramePaintable *self = PROPRIO_FRAME_PAINTABLE (paintable);

  return self->frame ? proprio_frame_get_width (self->frame) : 0;
}

static int
proprio_frame_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  ProprioFramePaintable *self = PROPRIO_FRAME_PAINTABLE (paintable);

  return self->frame ? proprio_frame_get_height (self->frame) : 0;
}

static double
proprio_frame_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  ProprioFramePaintable *self = PROPRIO_FRAME_PAINTABLE (paintable);

  if (self->frame == NULL)
    return 16.0 / 9.0;
  return (double) proprio_frame_get_width (self->frame) / proprio_frame_get_height (self->frame);
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = proprio_frame_paintable_snapshot;
  iface->get_intrinsic_width = proprio_frame_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = proprio_frame_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = proprio_frame_paintable_get_intrinsic_aspect_ratio;
}

static void
proprio_frame_paintable_finalize (GObject *object)
{
  ProprioFramePaintable *self = PROPRIO_FRAME_PAINTABLE (object);

  g_assert (self->camera == NULL);
  g_clear_pointer (&self->frame, proprio_frame_unref);

  G_OBJECT_CLASS (proprio_frame_paintable_parent_class)->finalize (object);
}

static void
proprio_frame_paintable_class_init (ProprioFramePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = proprio_frame_paintable_finalize;
}

static void
proprio_frame_paintable_init (ProprioFramePaintable *self)
{
}

ProprioFramePaintable *
proprio_frame_paintable_new (void)
{
  return g_object_new (PROPRIO_TYPE_FRAME_PAINTABLE, NULL);
}

static void
shown_frame_changed_cb (ProprioCamera         *camera,
                        GParamSpec            *pspec,
                        ProprioFramePaintable *self)
{
  proprio_frame_paintable_set_frame (self, proprio_camera_get_shown_frame (camera));
}

/* Runs when the camera is finalized (its qdata goes last, after its handlers): from then on the
 * paintable is on its own and shows its last frame for as long as a picture holds it. */
static void
camera_gone (gpointer data)
{
  ProprioFramePaintable *self = data;

  self->camera = NULL;
  g_object_unref (self);
}

ProprioFramePaintable *
proprio_frame_paintable_for_camera (ProprioCamera *camera)
{
  static GQuark paintable_quark;
  ProprioFramePaintable *self;

  g_return_val_if_fail (PROPRIO_IS_CAMERA (camera), NULL);

  if (G_UNLIKELY (paintable_quark == 0))
    paintable_quark = g_quark_from_static_string ("proprio-frame-paintable");

  self = g_object_get_qdata (G_OBJECT (camera), paintable_quark);
  if (self == NULL)
    {
      self = proprio_frame_paintable_new ();
      self->camera = camera;
      g_signal_connect_object (camera, "notify::shown-frame", G_CALLBACK (shown_frame_changed_cb),
                               self, 0);
      proprio_frame_paintable_set_frame (self, proprio_camera_get_shown_frame (camera));
      g_object_set_qdata_full (G_OBJECT (camera), paintable_quark, self, camera_gone);
    }
  return self;
}

void
proprio_frame_paintable_set_frame (ProprioFramePaintable *self,
                                   ProprioFrame          *frame)
{
  gboolean size_changed;

  g_return_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self));

  if (frame == self->frame)
    return;

  size_changed = frame == NULL || self->frame == NULL
                 || proprio_frame_get_width (frame) != proprio_frame_get_width (self->frame)
                 || proprio_frame_get_height (frame) != proprio_frame_get_height (self->frame);

  if (frame != NULL)
    proprio_frame_ref (frame);
  g_clear_pointer (&self->frame, proprio_frame_unref);
  self->frame = frame;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

ProprioFrame *
proprio_frame_paintable_get_frame (ProprioFramePaintable *self)
{
  g_return_val_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self), NULL);

  return self->frame;
}

GdkTexture *
proprio_frame_paintable_get_texture (ProprioFramePaintable *self)
{
  g_return_val_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self), NULL);

  return self->frame ? proprio_frame_get_texture (self->frame) : NULL;
}

void
proprio_frame_paintable_set_cairo_direct (ProprioFramePaintable *self,
                                          gboolean               cairo_direct)
{
  g_return_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self));

  cairo_direct = !!cairo_direct;
  if (self->cairo_direct == cairo_direct)
    return;
  self->cairo_direct = cairo_direct;
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

gboolean
proprio_frame_paintable_get_cairo_direct (ProprioFramePaintable *self)
{
  g_return_val_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self), FALSE);

  return self->cairo_direct;
}

void
proprio_frame_paintable_follow_renderer (ProprioFramePaintable *self,
                                         GtkWidget             *widget)
{
  GtkNative *native;
  GskRenderer *renderer;

  g_return_if_fail (PROPRIO_IS_FRAME_PAINTABLE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  if (renderer != NULL)
    proprio_frame_paintable_set_cairo_direct (self, GSK_IS_CAIRO_RENDERER (renderer));
}
