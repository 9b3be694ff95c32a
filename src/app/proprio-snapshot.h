/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Snapshots of what a view shows, for every page (Ctrl+S): the area is drawn after the next paint,
 * exactly as on screen, and written as a PNG on a worker thread into the snapshot folder
 * (created 0700; the file 0600, named proprio-snapshot-YYYYMMDD-HHMMSS.png, -2, -3… when taken
 * within the same second; an existing file is never overwritten, a half-written one removed). */

#define PROPRIO_SNAPSHOT_ERROR (proprio_snapshot_error_quark ())

typedef enum
{
  PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,  /* the area is not on screen */
} ProprioSnapshotError;

GQuark  proprio_snapshot_error_quark (void);

/* The folder snapshots go to: the "snapshot-folder" setting (~ allowed), else Pictures/Proprio. */
char   *proprio_snapshot_dup_folder  (GSettings            *settings);

/* Fails with PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN and the message `not_shown` when `area` is not on
 * screen. The result (proprio_snapshot_finish) is the path of the file written. */
void    proprio_snapshot_async       (gpointer              source_object,
                                      GtkWidget            *area,
                                      const char           *folder,
                                      const char           *not_shown,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char   *proprio_snapshot_finish      (GAsyncResult         *result,
                                      GError              **error);

/* The same picture of `area`, after the next paint, as a texture instead of a file (for the
 * snapshot bundle). */
void        proprio_snapshot_capture_async  (GtkWidget            *area,
                                             const char           *not_shown,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GdkTexture *proprio_snapshot_capture_finish (GAsyncResult         *result,
                                             GError              **error);

/* A texture's pixels as a new image surface (CAIRO_FORMAT_ARGB32, premultiplied, as cairo draws
 * on it), or NULL when there is no memory for it. */
cairo_surface_t *proprio_snapshot_texture_to_surface (GdkTexture  *texture);

/* The application action a snapshot toast's button activates: "app.open-folder" with the URI of
 * the folder (a string) as its target. */
#define PROPRIO_SNAPSHOT_OPEN_FOLDER_ACTION "open-folder"

/* A short toast for a saved snapshot: "Saved proprio-snapshot-….png" (the file's name, not its
 * path), a few seconds, and an Open Folder button on app.open-folder with the folder's URI. */
AdwToast *proprio_snapshot_toast_new  (const char           *path);

/* Adds "open-folder" (string parameter: a file:// URI) to `map`, the application: it opens the
 * folder in the file manager, and refuses anything that is not a local folder (the action can
 * be called over D-Bus). */
void      proprio_snapshot_add_actions (GActionMap          *map);

G_END_DECLS
