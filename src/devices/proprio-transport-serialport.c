/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-transport"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <libserialport.h>
#include <unistd.h>

#include "proprio-transport-private.h"

/* libserialport opens and configures the port (it knows the quirks of USB adapters); the bytes
 * then go through the descriptor it hands out, so waiting and cancelling work as for termios.
 * (sp_nonblocking_read() reports "nothing yet" as 0, which would read as end of data.) */

static void
serialport_discard (ProprioTransport *self)
{
  sp_flush (self->port, SP_BUF_INPUT);
}

static void
free_port (struct sp_port *port)
{
  sp_close (port);
  sp_free_port (port);
}

static void
serialport_close (ProprioTransport *self)
{
  g_clear_pointer (&self->port, free_port);
  self->fd = -1;
}

const ProprioTransportBackend proprio_transport_serialport_backend = {
  .name = "libserialport",
  .discard = serialport_discard,
  .close = serialport_close,
};

gboolean
proprio_transport_serialport_open (ProprioTransport  *self,
                                   const char        *path,
                                   guint              baud,
                                   GError           **error)
{
  struct sp_port *port = NULL;
  int fd = -1;

  if (sp_get_port_by_name (path, &port) != SP_OK)
    return FALSE;  /* not a port it knows: the caller uses termios */

  if (sp_open (port, SP_MODE_READ_WRITE) != SP_OK)
    {
      int errsv = sp_last_error_code ();

      sp_free_port (port);
      proprio_transport_set_open_error (error, path, errsv);
      return FALSE;
    }

  if (sp_set_baudrate (port, (int) baud) != SP_OK ||
      sp_set_bits (port, 8) != SP_OK ||
      sp_set_parity (port, SP_PARITY_NONE) != SP_OK ||
      sp_set_stopbits (port, 1) != SP_OK ||
      sp_set_flowcontrol (port, SP_FLOWCONTROL_NONE) != SP_OK ||
      sp_get_port_handle (port, &fd) != SP_OK || fd < 0 ||
      fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK) != 0)
    {
      char *message = sp_last_error_message ();

      /* FAILED lets the caller retry with termios. */
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_FAILED,
                   _("Cannot set “%s” to %u baud, 8N1: %s"), path, baud,
                   message != NULL ? message : "?");
      sp_free_error_message (message);
      free_port (port);
      return FALSE;
    }

  self->backend = &proprio_transport_serialport_backend;
  self->port = port;
  self->fd = fd;
  return TRUE;
}
