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

/* --- the paintable --- */

struct _ProprioFramePaintable
{
  GObject        parent_instance;
  ProprioFrame  *frame;
  ProprioCamera *camera;   /* followed, not owned: the camera owns this paintable */
};

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
