/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A byte pipe to one serial device: 8N1, no flow control, raw. Two backends behind the same calls:
 * libserialport for the real ports it knows, plain termios for everything else (pseudo-terminals,
 * symlinks to them, FIFOs and files). libserialport cannot open a pty, and a pty is what the
 * simulator and the tests use, so both paths are needed. Not thread-safe: one thread uses it. */

#define PROPRIO_TRANSPORT_ERROR (proprio_transport_error_quark ())

typedef enum
{
  PROPRIO_TRANSPORT_ERROR_NOT_FOUND,    /* the path does not exist (not plugged in) */
  PROPRIO_TRANSPORT_ERROR_PERMISSION,   /* no permission (dialout group) */
  PROPRIO_TRANSPORT_ERROR_BUSY,         /* another program holds the port */
  PROPRIO_TRANSPORT_ERROR_CONFIG,       /* the port refuses the baud rate or mode */
  PROPRIO_TRANSPORT_ERROR_GONE,         /* the port vanished: hang-up, end of file, I/O error */
  PROPRIO_TRANSPORT_ERROR_TIMEOUT,      /* a write could not complete in time */
  PROPRIO_TRANSPORT_ERROR_FAILED,
} ProprioTransportError;

typedef struct _ProprioTransport ProprioTransport;

GQuark            proprio_transport_error_quark   (void);

ProprioTransport *proprio_transport_open          (const char        *path,
                                                   guint              baud,
                                                   GError           **error);
void              proprio_transport_close         (ProprioTransport  *self);

const char       *proprio_transport_get_path      (ProprioTransport  *self);
/* "termios" or "libserialport". */
const char       *proprio_transport_get_backend   (ProprioTransport  *self);

/* Waits up to `timeout_ms` for bytes, or until `cancellable` is cancelled. Returns the number of
 * bytes read, 0 on timeout or cancellation, -1 with an error (GONE when the port vanished). */
gssize            proprio_transport_read          (ProprioTransport  *self,
                                                   guint8            *buffer,
                                                   gsize              size,
                                                   int                timeout_ms,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
gboolean          proprio_transport_write_all     (ProprioTransport  *self,
                                                   const guint8      *data,
                                                   gsize              len,
                                                   int                timeout_ms,
                                                   GError           **error);
/* Drop bytes that arrived before we were ready for them (stale data after opening). */
void              proprio_transport_discard_input (ProprioTransport  *self);

/* TRUE when `path` (after following symlinks) is a pseudo-terminal slave. */
gboolean          proprio_transport_path_is_pty   (const char        *path);

/* A translated notice when `path` is an FTDI adapter whose latency timer is above 1 ms, or NULL.
 * `sysfs_root` is "/sys" except in tests. */
char             *proprio_transport_check_latency_timer (const char  *path,
                                                         const char  *sysfs_root);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioTransport, proprio_transport_close)

G_END_DECLS
