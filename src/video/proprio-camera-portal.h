/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The XDG camera portal (org.freedesktop.portal.Camera): how a sandboxed application, such as
 * the Flatpak, reaches cameras. The portal asks the user once whether Proprio may use the
 * camera, then hands over a connection to PipeWire on which only cameras are visible; the
 * PipeWire device provider lists them on it and pipewiresrc plays them (see
 * proprio-camera-monitor.h).
 *
 *   1. IsCameraPresent: is there any camera for the portal to offer?
 *   2. AccessCamera: the portal asks the user (or recalls the answer); the answer comes as the
 *      Response signal of a request object.
 *   3. OpenPipeWireRemote: the PipeWire connection, as a file descriptor. */

#define PROPRIO_CAMERA_PORTAL_ERROR (proprio_camera_portal_error_quark ())

typedef enum
{
  PROPRIO_CAMERA_PORTAL_ERROR_UNAVAILABLE,  /* no portal, no camera interface, or no camera:
                                             * open cameras directly instead */
  PROPRIO_CAMERA_PORTAL_ERROR_REFUSED,      /* the user (or a policy) said no */
  PROPRIO_CAMERA_PORTAL_ERROR_FAILED,       /* the portal answered with an error */
} ProprioCameraPortalError;

GQuark   proprio_camera_portal_error_quark  (void);

/* Whether cameras should come through the portal: inside a Flatpak sandbox, or when the
 * environment variable PROPRIO_CAMERA_PORTAL is 1 (0 turns it off even in a sandbox). */
gboolean proprio_camera_portal_wanted       (void);

/* Asks for access and opens the PipeWire connection. @connection is the session bus, or NULL
 * to use the default one. The callback runs in the thread-default main context of the caller. */
void     proprio_camera_portal_open_async   (GDBusConnection      *connection,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
/* The PipeWire connection (a file descriptor the caller owns), or -1 with @error set. */
int      proprio_camera_portal_open_finish  (GAsyncResult         *result,
                                             GError              **error);

/* Another PipeWire connection once access is granted (no question is asked): the cameras'
 * pipewiresrc elements play on one of their own, apart from the one the cameras are listed on.
 * @connection is the session bus, or NULL to use the default one. Asynchronous like every call
 * here: nothing waits on D-Bus. The callback runs in the thread-default main context of the
 * caller. */
void     proprio_camera_portal_open_remote_async  (GDBusConnection      *connection,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
/* A file descriptor the caller owns, or -1 with @error set. */
int      proprio_camera_portal_open_remote_finish (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
