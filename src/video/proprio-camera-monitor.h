/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "proprio-camera-source.h"

G_BEGIN_DECLS

/* The cameras connected now, kept current as they come and go (GstDeviceMonitor, "Video/Source":
 * V4L2 devices, and PipeWire cameras where the PipeWire provider is installed).
 *
 * The list is a GListModel of GstDevice: bind a GtkDropDown to it and show
 * gst_device_get_display_name(). Device events arrive on the thread-default main context of
 * the thread that called proprio_camera_monitor_start(). */
#define PROPRIO_TYPE_CAMERA_MONITOR (proprio_camera_monitor_get_type ())

G_DECLARE_FINAL_TYPE (ProprioCameraMonitor, proprio_camera_monitor, PROPRIO, CAMERA_MONITOR,
                      GObject)

ProprioCameraMonitor *proprio_camera_monitor_new         (void);
/* Probes once (synchronously: the V4L2 provider reads udev, a few milliseconds) and then
 * follows hot-plug events. Starting a started monitor does nothing. */
gboolean              proprio_camera_monitor_start       (ProprioCameraMonitor    *self,
                                                          GError                 **error);
void                  proprio_camera_monitor_stop        (ProprioCameraMonitor    *self);
gboolean              proprio_camera_monitor_is_started  (ProprioCameraMonitor    *self);
/* Items are GstDevice. No new reference. */
GListModel           *proprio_camera_monitor_get_devices (ProprioCameraMonitor    *self);
/* The device @spec asks for: the first one for auto, the one with that path or display name
 * otherwise; NULL when it is not connected (or @spec names no device). New reference. */
GstDevice            *proprio_camera_monitor_find        (ProprioCameraMonitor    *self,
                                                          const ProprioCameraSpec *spec);

/* The V4L2 device node of @device ("/dev/video0"), or NULL when it has none (PipeWire). */
char                 *proprio_camera_device_dup_path     (GstDevice               *device);
/* The modes @device offers; see proprio_camera_modes_from_caps(). */
GArray               *proprio_camera_device_list_modes   (GstDevice               *device);

G_END_DECLS
