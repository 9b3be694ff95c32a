/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mirror-page"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-mirror-page-private.h"
#include "proprio-snapshot.h"

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
