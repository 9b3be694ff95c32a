/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-transport.h"

G_BEGIN_DECLS

/* Each backend opens and configures the port and hands back a non-blocking file descriptor; the
 * shared code in proprio-transport.c reads, writes and waits on it, so both behave the same. */
typedef struct
{
  const char *name;
  void      (*discard) (ProprioTransport *self);
  void      (*close)   (ProprioTransport *self);
} ProprioTransportBackend;

struct _ProprioTransport
{
  const ProprioTransportBackend *backend;
  char                          *path;
  int                            fd;
  gpointer                       port;   /* struct sp_port * for libserialport */
  /* The cancellable the reads wait on, with its file descriptor kept for as long as the reads
   * use it: asking GLib for one per read made and closed an eventfd a thousand times a second. */
  GCancellable                  *poll_cancellable;
  int                            cancel_fd;   /* -1: the cancellable has none */
};

extern const ProprioTransportBackend proprio_transport_termios_backend;
extern const ProprioTransportBackend proprio_transport_serialport_backend;

/* Both return FALSE with `error` set (and leave `self` untouched) on failure. For serialport,
 * FALSE with no error set means "not a port libserialport knows": try termios instead. */
gboolean proprio_transport_termios_open    (ProprioTransport  *self,
                                            const char        *path,
                                            guint              baud,
                                            GError           **error);
gboolean proprio_transport_serialport_open (ProprioTransport  *self,
                                            const char        *path,
                                            guint              baud,
                                            GError           **error);

/* Sets a therapist-readable error for a failed open(2)-like call with `errsv`. */
void     proprio_transport_set_open_error  (GError           **error,
                                            const char        *path,
                                            int                errsv);

G_END_DECLS
