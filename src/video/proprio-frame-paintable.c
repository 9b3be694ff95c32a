/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-frame-paintable"

#include "proprio-frame-paintable.h"

struct _ProprioFramePaintable
{
  GObject       parent_instance;
  ProprioFrame *frame;
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
