/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "devices/proprio-device.h"

#include "proprio-application.h"

G_BEGIN_DECLS

#define PROPRIO_TYPE_WINDOW (proprio_window_get_type ())

G_DECLARE_FINAL_TYPE (ProprioWindow, proprio_window, PROPRIO, WINDOW, AdwApplicationWindow)

typedef enum
{
  PROPRIO_NOTICE_INFO,
  PROPRIO_NOTICE_WARNING,
  PROPRIO_NOTICE_ERROR,
} ProprioNoticeKind;

ProprioWindow *proprio_window_new           (ProprioApplication *application);
const char    *proprio_window_get_view      (ProprioWindow      *self);
void           proprio_window_set_view      (ProprioWindow      *self,
                                             const char         *view);
/* Persistent notices under the header bar (no camera, no serial ports, a slow USB adapter…).
 * `id` identifies the notice so that it can be replaced or withdrawn. */
void           proprio_window_add_notice    (ProprioWindow      *self,
                                             const char         *id,
                                             ProprioNoticeKind   kind,
                                             const char         *text);
void           proprio_window_remove_notice (ProprioWindow      *self,
                                             const char         *id);
gboolean       proprio_window_has_notice    (ProprioWindow      *self,
                                             const char         *id);
void           proprio_window_add_toast     (ProprioWindow      *self,
                                             const char         *text);
/* The device in use (never NULL once the window is set up, unless its spec was invalid).
 * Pages follow it through notify::device. */
ProprioDevice *proprio_window_get_device    (ProprioWindow      *self);
/* Saves the mirror video as it is on screen to a PNG, with a toast saying where. */
void           proprio_window_snapshot      (ProprioWindow      *self);
/* The snapshot bundle (Ctrl+Shift+S): the view now (the Mirror page's picture at the camera's
 * resolution with its overlays, any other page as on screen) with the open session's streams,
 * results and report, in a new folder named by the patient's ID and the time, in the snapshot
 * folder (report/proprio-bundle.h); a toast says where, with Open Folder. Written on a worker
 * thread; without an open session a toast says what to do. */
void           proprio_window_save_bundle   (ProprioWindow      *self);
/* The folder of the last bundle saved from this window, or NULL; whether one is being saved. */
const char    *proprio_window_get_last_bundle  (ProprioWindow   *self);
gboolean       proprio_window_is_saving_bundle (ProprioWindow   *self);

G_END_DECLS
