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
} ProprioPortInfo;

void       proprio_port_info_free     (ProprioPortInfo      *info);
/* One line for a person: "/dev/ttyUSB0 — FT232R USB UART (USB 0403:6001, serial A50285BI)". */
char      *proprio_port_info_describe (const ProprioPortInfo *info);

/* Both return an array of ProprioPortInfo (sorted by path; empty when there is none). */
GPtrArray *proprio_port_list_sync     (GError              **error);
void       proprio_port_list_async    (GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray *proprio_port_list_finish   (GAsyncResult         *result,
                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioPortInfo, proprio_port_info_free)

G_END_DECLS
