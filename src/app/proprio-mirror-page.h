/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "devices/proprio-device.h"
#include "station/proprio-station.h"
#include "video/proprio-camera.h"
#include "core/proprio-overlay.h"

G_BEGIN_DECLS

/* The Mirror work area: the camera as a mirror, with the therapist's overlays (plumb and level
 * lines, grid, lines, circles, angles), delayed replay, freeze frame, the centre-of-pressure view
 * as a picture-in-picture inset on the same clock as the video, and snapshots to PNG.
 *
 * A view of the station: the camera, its monitor and the device are the station's. The page
 * holds the camera while it is mapped, so the camera runs while a Mirror page is on screen in
 * any window, and another work area costs no CPU for video.
 *
 * Properties:
 *   "station" (ProprioStation *, construct-only) what the page shows.
 *   "device"  (ProprioDevice *, read-only) the station's device; a balance board feeds the inset,
 *             anything else (or NULL) hides it.
 *   "notice"  (string, read-only) the camera's notice for the therapist ("No camera found…"), or
 *             NULL when the video is what was asked for.
 *   "tool"    (string, read-write) the overlay tool: select, plumb, level, grid, line, circle,
 *             angle.
 *
 * Signals:
 *   "toast" (const char *text): a short message for the window's toast overlay (a template saved
 *           from the page's own buttons, or why a snapshot or a template failed).
 *   "add-toast" (AdwToast *toast): a toast with a button (a snapshot saved from the page's own
 *           button: its file name and Open Folder). The default handler adds it to the
 *           AdwToastOverlay the page is in; with none, its title goes out as "toast".
 *
 * Actions (group "mirror"): mirror.snapshot, mirror.freeze (F), mirror.mirror (M),
 * mirror.inset (I), mirror.delay-up (] or +), mirror.delay-down ([ or -), mirror.live (0),
 * mirror.tool::NAME (V select, P plumb, L level, G grid, N line, C circle, A angle),
 * mirror.undo (Ctrl+Z), mirror.redo (Ctrl+Shift+Z, Ctrl+Y), mirror.delete (Delete),
 * mirror.save-template, mirror.load-template. The single keys are the window's (see
 * proprio-window-actions.c): they work on this page whatever has the focus. */

#define PROPRIO_TYPE_MIRROR_PAGE (proprio_mirror_page_get_type ())

G_DECLARE_FINAL_TYPE (ProprioMirrorPage, proprio_mirror_page, PROPRIO, MIRROR_PAGE, GtkWidget)

/* `settings` (io.github.proprio.Proprio): camera, mirror-video, mirror-overlay, mirror-inset,
 * snapshot-folder, mirror-patient-view. `camera_spec_or_NULL` (the --camera option) takes the
 * place of the "camera" key until a camera is chosen in the page. */
GtkWidget      *proprio_mirror_page_new             (ProprioStation     *station,
                                                     GSettings          *settings,
                                                     const char         *camera_spec_or_NULL);

ProprioStation *proprio_mirror_page_get_station     (ProprioMirrorPage  *self);
ProprioDevice  *proprio_mirror_page_get_device      (ProprioMirrorPage  *self);
const char     *proprio_mirror_page_get_notice      (ProprioMirrorPage  *self);
const char     *proprio_mirror_page_get_tool        (ProprioMirrorPage  *self);
void            proprio_mirror_page_set_tool        (ProprioMirrorPage  *self,
                                                     const char         *tool);

/* The parts, for the window and tests. No new references. */
ProprioCamera  *proprio_mirror_page_get_camera      (ProprioMirrorPage  *self);
ProprioOverlay *proprio_mirror_page_get_overlay     (ProprioMirrorPage  *self);

/* Saves exactly what the page shows (video, overlays, inset) as a PNG in the snapshot folder
 * (created 0700; the file 0600, named proprio-snapshot-YYYYMMDD-HHMMSS.png, -2, -3… when taken
 * within the same second). The picture is taken at once, on the main thread; the file is written
 * on a worker thread. Fails with PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN (app/proprio-snapshot.h) while
 * the page is not on screen, and with a G_IO_ERROR naming the folder when it cannot be written. */
void            proprio_mirror_page_snapshot_async  (ProprioMirrorPage  *self,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
/* Returns the path of the saved file. */
char           *proprio_mirror_page_snapshot_finish (ProprioMirrorPage  *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

/* The picture shown now at the camera's own resolution (not the size on screen), with the
 * overlays drawn on it at that size, for the snapshot bundle; the inset is left out (its data
 * is in the bundle's streams). An image surface (CAIRO_FORMAT_ARGB32); NULL with an error before
 * the camera gave a picture. */
cairo_surface_t *proprio_mirror_page_render_full    (ProprioMirrorPage  *self,
                                                     GError            **error);

G_END_DECLS
