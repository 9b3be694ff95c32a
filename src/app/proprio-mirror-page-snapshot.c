/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mirror-page"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-mirror-page-private.h"
#include "proprio-snapshot.h"
#include "widgets/proprio-overlay-draw.h"

/* The Mirror page's snapshot is its video area: video, overlays and inset, as on screen. */
void
proprio_mirror_page_snapshot_async (ProprioMirrorPage   *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (PROPRIO_IS_MIRROR_PAGE (self));

  folder = proprio_snapshot_dup_folder (self->settings);
  proprio_snapshot_async (self, GTK_WIDGET (self->video_overlay), folder,
                          _("Open the Mirror page to take a snapshot"), cancellable, callback,
                          user_data);
}

char *
proprio_mirror_page_snapshot_finish (ProprioMirrorPage  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);

  return proprio_snapshot_finish (result, error);
}

static void
snapshot_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = proprio_mirror_page_snapshot_finish (self, result, &error);

  if (path != NULL)
    proprio_mirror_page_add_toast (self, proprio_snapshot_toast_new (path));
  else
    proprio_mirror_page_emit_toast (self, error->message);
}

void
proprio_mirror_page_snapshot_with_toast (ProprioMirrorPage *self)
{
  proprio_mirror_page_snapshot_async (self, NULL, snapshot_done_cb, NULL);
}

cairo_surface_t *
proprio_mirror_page_render_full (ProprioMirrorPage  *self,
                                 GError            **error)
{
  ProprioFramePaintable *paintable;
  ProprioFrame *frame;
  GdkTexture *texture;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;

  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);

  paintable = proprio_frame_paintable_for_camera (self->camera);
  frame = proprio_frame_paintable_get_frame (paintable);
  if (frame == NULL)
    {
      g_set_error_literal (error, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,
                           _("The camera has not shown a picture yet"));
      return NULL;
    }
  /* The frame as shown (mirrored, delayed or frozen as it is), in cairo's own layout. */
  texture = proprio_frame_get_texture (frame);
  surface = proprio_snapshot_texture_to_surface (texture);
  if (surface == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for a picture of %d × %d pixels"),
                   gdk_texture_get_width (texture), gdk_texture_get_height (texture));
      return NULL;
    }
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);

  cr = cairo_create (surface);
  proprio_overlay_draw (self->overlay, cr, width, height, width, height, NULL);
  cairo_destroy (cr);
  return surface;
}
