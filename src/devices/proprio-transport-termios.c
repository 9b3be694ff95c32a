/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-transport"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <termios.h>
#include <unistd.h>

#include "proprio-transport-private.h"

static speed_t
speed_for_baud (guint baud)
{
  switch (baud)
    {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 500000: return B500000;
    case 921600: return B921600;
    case 1000000: return B1000000;
    case 2000000: return B2000000;
    default: return B0;
    }
}

static void
termios_discard (ProprioTransport *self)
{
  if (isatty (self->fd))
    tcflush (self->fd, TCIFLUSH);
}

static void
termios_close (ProprioTransport *self)
{
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
}

const ProprioTransportBackend proprio_transport_termios_backend = {
  .name = "termios",
  .discard = termios_discard,
  .close = termios_close,
};

/* Returns 0, or the errno of the step that failed. */
static int
configure_tty (int     fd,
               speed_t speed)
{
  struct termios tio;

  if (tcgetattr (fd, &tio) != 0)
    return errno;
  cfmakeraw (&tio);
  tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS | CSIZE);
  tio.c_cflag |= CS8 | CLOCAL | CREAD;
  tio.c_iflag &= ~(IXON | IXOFF | IXANY);
  /* Reads never block (O_NONBLOCK) and return whatever has arrived. */
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  if (cfsetispeed (&tio, speed) != 0 || cfsetospeed (&tio, speed) != 0)
    return errno;
  if (tcsetattr (fd, TCSANOW, &tio) != 0)
    return errno;
  return 0;
}

gboolean
proprio_transport_termios_open (ProprioTransport  *self,
                                const char        *path,
                                guint              baud,
                                GError           **error)
{
  speed_t speed = speed_for_baud (baud);
  int fd;

  if (speed == B0)
    {
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_CONFIG,
                   _("%u baud is not a supported speed for “%s”"), baud, path);
      return FALSE;
    }

  /* O_NOCTTY: a serial device must never become our controlling terminal (a hang-up would then
   * send us SIGHUP). O_NONBLOCK: all waiting happens in poll(), where it can be cancelled. */
  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      proprio_transport_set_open_error (error, path, errno);
      return FALSE;
    }

  /* FIFOs and plain files (recordings played back) have no line settings; that is fine. */
  if (isatty (fd))
    {
      int errsv = configure_tty (fd, speed);

      if (errsv != 0)
        {
          close (fd);
          g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_CONFIG,
                       _("Cannot set “%s” to %u baud, 8N1: %s"), path, baud, g_strerror (errsv));
          return FALSE;
        }
    }

  self->backend = &proprio_transport_termios_backend;
  self->fd = fd;
  self->port = NULL;
  return TRUE;
}
