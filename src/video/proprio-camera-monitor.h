/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "proprio-camera-source.h"

G_BEGIN_DECLS

/* The cameras connected now, kept current as they come and go (GstDeviceMonitor, "Video/Source":
 * V4L2 devices, and PipeWire cameras where the PipeWire provider is installed).
 *
 * Where cameras come through the camera portal (proprio_camera_portal_wanted(): a Flatpak),
 * starting asks the portal for access first (access ASKING), then lists the cameras of the
 * portal's PipeWire connection with the PipeWire device provider (access PORTAL), listed anew
 * every few seconds to follow cameras that come and go; their elements are pipewiresrc on a
 * second portal connection of their own. A refusal leaves the list empty (access REFUSED,
 * access-message says why) until start is called again. Where there is no camera portal, or it
 * offers no camera, cameras are opened directly (access DIRECT), as outside a sandbox.
 *
 * The list is a GListModel of GstDevice: bind a GtkDropDown to it and show
 * gst_device_get_display_name(). Nothing blocks the caller: starting and stopping the device
 * monitor and listing the portal's cameras run on a worker thread, and the list changes (and
 * the properties are notified) on the thread-default main context of the thread that called
 * proprio_camera_monitor_start(). The ready property turns TRUE once the list holds what the
 * first look found. */
#define PROPRIO_TYPE_CAMERA_MONITOR (proprio_camera_monitor_get_type ())
#define PROPRIO_TYPE_CAMERA_ACCESS (proprio_camera_access_get_type ())

typedef enum
{
  PROPRIO_CAMERA_ACCESS_DIRECT,   /* cameras are opened directly */
  PROPRIO_CAMERA_ACCESS_ASKING,   /* the camera portal is asking the user */
  PROPRIO_CAMERA_ACCESS_PORTAL,   /* granted: cameras come through the portal */
  PROPRIO_CAMERA_ACCESS_REFUSED,  /* the portal said no (or failed); see access-message */
} ProprioCameraAccess;

GType                 proprio_camera_access_get_type     (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (ProprioCameraMonitor, proprio_camera_monitor, PROPRIO, CAMERA_MONITOR,
                      GObject)

ProprioCameraMonitor *proprio_camera_monitor_new         (void);
/* Starts looking, without waiting: the cameras there are appear in the list a little later
 * (ready turns TRUE), then it follows hot-plug events. Through the portal, the look waits for
 * the user's answer. Starting a started monitor does nothing, except ask the portal again
 * after a refusal (the user may have changed their mind in the system settings). Returns TRUE:
 * a system without camera support shows as an empty list (and a debug message). @error is
 * kept for source compatibility. */
gboolean              proprio_camera_monitor_start       (ProprioCameraMonitor    *self,
                                                          GError                 **error);
void                  proprio_camera_monitor_stop        (ProprioCameraMonitor    *self);
gboolean              proprio_camera_monitor_is_started  (ProprioCameraMonitor    *self);
/* Started, and the list holds the cameras the first look found (through the portal: access
 * was granted and the portal's cameras are listed). FALSE again once stopped. */
gboolean              proprio_camera_monitor_is_ready    (ProprioCameraMonitor    *self);
/* Whether to use the camera portal; the default is proprio_camera_portal_wanted(). Set it
 * before starting. */
void                  proprio_camera_monitor_set_use_portal (ProprioCameraMonitor *self,
                                                          gboolean                 use_portal);
ProprioCameraAccess   proprio_camera_monitor_get_access  (ProprioCameraMonitor    *self);
/* Why access is REFUSED, as a sentence for the therapist; NULL otherwise. */
const char           *proprio_camera_monitor_get_access_message (ProprioCameraMonitor *self);
/* Items are GstDevice. No new reference. */
GListModel           *proprio_camera_monitor_get_devices (ProprioCameraMonitor    *self);
/* The device @spec asks for: the first one for auto, the one with that path or display name
 * otherwise; NULL when it is not connected (or @spec names no device). New reference. */
GstDevice            *proprio_camera_monitor_find        (ProprioCameraMonitor    *self,
                                                          const ProprioCameraSpec *spec);

/* The source element for @device (a device of this monitor): through the portal, a pipewiresrc
 * on a PipeWire connection of its own, which the monitor owns (free the element before
 * stopping the monitor). NULL when the device cannot make one. Floating. */
GstElement           *proprio_camera_monitor_create_element (ProprioCameraMonitor *self,
                                                          GstDevice               *device);
/* A copy of the PipeWire connection that portal cameras play on, for a pipewiresrc that must
 * outlive the monitor's: the caller owns it (and closes it after the element stopped). -1
 * without the portal. */
int                   proprio_camera_monitor_dup_play_fd (ProprioCameraMonitor    *self);

/* The V4L2 device node of @device ("/dev/video0"), or NULL when it has none (PipeWire). */
char                 *proprio_camera_device_dup_path     (GstDevice               *device);
/* The modes @device offers; see proprio_camera_modes_from_caps(). */
GArray               *proprio_camera_device_list_modes   (GstDevice               *device);

G_END_DECLS
