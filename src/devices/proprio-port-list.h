/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The serial ports the system knows, from libserialport. Listing reads sysfs and can take a
 * while with many USB devices, so the GUI uses the async call (it runs in a worker thread). */

typedef struct
{
  char *path;          /* "/dev/ttyACM0" */
  char *description;   /* what the port says it is, e.g. "FT232R USB UART" (may be empty) */
  char *transport;     /* "usb", "bluetooth" or "native" */
  int   usb_vid;       /* -1 when not USB */
  int   usb_pid;       /* -1 when not USB */
  char *manufacturer;  /* USB only, else NULL */
  char *product;       /* USB only, else NULL */
  char *serial;        /* USB serial number, else NULL */
  int   usb_bus;       /* USB bus number, 0 when unknown or not USB */
  int   usb_address;   /* USB device address on the bus (changes on every replug), 0 when unknown */
} ProprioPortInfo;

void       proprio_port_info_free     (ProprioPortInfo      *info);
ProprioPortInfo *proprio_port_info_copy (const ProprioPortInfo *info);
/* One line for a person: "/dev/ttyUSB0 — FT232R USB UART (USB 0403:6001, serial A50285BI)". */
char      *proprio_port_info_describe (const ProprioPortInfo *info);

/* Both return an array of ProprioPortInfo (sorted by path; empty when there is none). */
GPtrArray *proprio_port_list_sync     (GError              **error);
void       proprio_port_list_async    (GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray *proprio_port_list_finish   (GAsyncResult         *result,
                                       GError              **error);

/* The port `path` names (symlinks followed) as libserialport describes it, or NULL when it does
 * not know it (a pseudo-terminal, a file, nothing there). Reads sysfs: not on the main thread. */
ProprioPortInfo *proprio_port_info_for_path (const char *path);

/* Where the device first seen as `identity` is among `ports` now, e.g. a USB adapter that came
 * back as /dev/ttyUSB1 instead of ttyUSB0; NULL when no port is surely the same device. Pure.
 * Only USB ports have an identity: the same VID:PID and USB serial number; for adapters without
 * a serial number, the same VID:PID on the same bus, and only when exactly one such port is
 * present (or one of them has the old path), since two identical adapters cannot be told apart. */
const ProprioPortInfo *proprio_port_list_find_same_device (GPtrArray             *ports,
                                                           const ProprioPortInfo *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioPortInfo, proprio_port_info_free)

G_END_DECLS
