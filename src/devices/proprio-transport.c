/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-transport"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proprio-transport-private.h"

G_DEFINE_QUARK (proprio-transport-error-quark, proprio_transport_error)

/* Linux gives Unix98 pty slaves the majors 136–143 (UNIX98_PTY_SLAVE_MAJOR and up). */
#define PTY_SLAVE_MAJOR_FIRST 136
#define PTY_SLAVE_MAJOR_LAST  143

void
proprio_transport_set_open_error (GError     **error,
                                  const char  *path,
                                  int          errsv)
{
  switch (errsv)
    {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_NOT_FOUND,
                   _("“%s” does not exist. Is the device plugged in and switched on?"), path);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_PERMISSION,
                   _("Not allowed to open “%s”. Add your user to the “dialout” group, then log out and in again."),
                   path);
      break;
    case EBUSY:
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_BUSY,
                   _("“%s” is in use by another program. Close that program and try again."),
                   path);
      break;
    default:
      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_FAILED,
                   _("Cannot open “%s”: %s"), path, g_strerror (errsv));
      break;
    }
}

gboolean
proprio_transport_path_is_pty (const char *path)
{
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (stat (path, &st) != 0 || !S_ISCHR (st.st_mode))
    return FALSE;
  return major (st.st_rdev) >= PTY_SLAVE_MAJOR_FIRST && major (st.st_rdev) <= PTY_SLAVE_MAJOR_LAST;
}

ProprioTransport *
proprio_transport_open (const char  *path,
                        guint        baud,
                        GError     **error)
{
  g_autofree ProprioTransport *self = NULL;
  g_autofree char *resolved = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (stat (path, &st) != 0)
    {
      proprio_transport_set_open_error (error, path, errno);
      return NULL;
    }

  self = g_new0 (ProprioTransport, 1);
  self->fd = -1;
  self->cancel_fd = -1;

  /* libserialport only for real character devices it recognises; it finds ports by their sysfs
   * entry, which a pty (or a symlink to one) does not have. */
  resolved = realpath (path, NULL);
  if (resolved != NULL && S_ISCHR (st.st_mode) && !proprio_transport_path_is_pty (resolved))
    {
      g_autoptr(GError) local_error = NULL;

      if (proprio_transport_serialport_open (self, resolved, baud, &local_error))
        {
          self->path = g_strdup (path);
          return g_steal_pointer (&self);
        }
      if (local_error != NULL)
        {
          /* A port libserialport knows but cannot drive (some USB CDC adapters refuse its modem
           * line ioctls): plain termios usually still works, so only give up on clear causes. */
          if (!g_error_matches (local_error, PROPRIO_TRANSPORT_ERROR,
                                PROPRIO_TRANSPORT_ERROR_FAILED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_debug ("libserialport failed on %s (%s); trying termios", path, local_error->message);
        }
    }

  if (!proprio_transport_termios_open (self, path, baud, error))
    return NULL;
  self->path = g_strdup (path);
  return g_steal_pointer (&self);
}

/* Keeps the file descriptor of `cancellable` (NULL: lets go of the one kept). */
static void
watch_cancellable (ProprioTransport *self,
                   GCancellable     *cancellable)
{
  GPollFD gfd;

  if (cancellable == self->poll_cancellable)
    return;
  if (self->poll_cancellable != NULL)
    {
      if (self->cancel_fd >= 0)
        g_cancellable_release_fd (self->poll_cancellable);
      g_clear_object (&self->poll_cancellable);
    }
  self->cancel_fd = -1;
  if (cancellable == NULL)
    return;
  self->poll_cancellable = g_object_ref (cancellable);
  if (g_cancellable_make_pollfd (cancellable, &gfd))
    self->cancel_fd = gfd.fd;
}

void
proprio_transport_close (ProprioTransport *self)
{
  if (self == NULL)
    return;
  watch_cancellable (self, NULL);
  self->backend->close (self);
  g_free (self->path);
  g_free (self);
}

const char *
proprio_transport_get_path (ProprioTransport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
proprio_transport_get_backend (ProprioTransport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->backend->name;
}

static void
set_gone_error (GError     **error,
                const char  *path,
                const char  *why)
{
  g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_GONE,
               _("“%s” was unplugged or closed (%s)"), path, why);
}

gssize
proprio_transport_read (ProprioTransport  *self,
                        guint8            *buffer,
                        gsize              size,
                        int                timeout_ms,
                        GCancellable      *cancellable,
                        GError           **error)
{
  struct pollfd fds[2];
  nfds_t nfds = 1;
  gssize n;
  int r;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (buffer != NULL && size > 0, -1);

  fds[0] = (struct pollfd) { .fd = self->fd, .events = POLLIN };
  if (cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return 0;
      watch_cancellable (self, cancellable);
      if (self->cancel_fd >= 0)
        {
          fds[1] = (struct pollfd) { .fd = self->cancel_fd, .events = POLLIN };
          nfds = 2;
        }
    }

  do
    r = poll (fds, nfds, timeout_ms);
  while (r < 0 && errno == EINTR);

  if (r < 0)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_FAILED,
                   _("Waiting for data from “%s” failed: %s"), self->path, g_strerror (errsv));
      return -1;
    }
  if (r == 0 || (nfds == 2 && fds[1].revents != 0))
    return 0;

  /* Read even when POLLHUP is set: the last bytes before a hang-up are still worth having. */
  if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
    {
      if (fds[0].revents & POLLNVAL)
        {
          set_gone_error (error, self->path, g_strerror (EBADF));
          return -1;
        }
      return 0;
    }

  n = read (self->fd, buffer, size);
  if (n > 0)
    return n;
  if (n == 0)
    {
      set_gone_error (error, self->path, _("end of data"));
      return -1;
    }
  if (errno == EAGAIN || errno == EINTR)
    {
      /* A hang-up with nothing left to read shows as POLLHUP and EAGAIN on some drivers. */
      if (fds[0].revents & (POLLHUP | POLLERR))
        {
          set_gone_error (error, self->path, _("hang-up"));
          return -1;
        }
      return 0;
    }
  set_gone_error (error, self->path, g_strerror (errno));
  return -1;
}

gboolean
proprio_transport_write_all (ProprioTransport  *self,
                             const guint8      *data,
                             gsize              len,
                             int                timeout_ms,
                             GError           **error)
{
  gint64 deadline;
  gsize done = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (done < len)
    {
      gssize n = write (self->fd, data + done, len - done);

      if (n > 0)
        {
          done += (gsize) n;
          continue;
        }
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          struct pollfd fd = { .fd = self->fd, .events = POLLOUT };
          gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;

          if (left_ms <= 0)
            {
              g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_TIMEOUT,
                           _("“%s” does not accept data (it may be stuck or unplugged)"),
                           self->path);
              return FALSE;
            }
          if (poll (&fd, 1, (int) left_ms) < 0 && errno != EINTR)
            {
              set_gone_error (error, self->path, g_strerror (errno));
              return FALSE;
            }
          if (fd.revents & (POLLHUP | POLLERR | POLLNVAL))
            {
              set_gone_error (error, self->path, _("hang-up"));
              return FALSE;
            }
          continue;
        }
      set_gone_error (error, self->path, n == 0 ? _("end of data") : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
proprio_transport_discard_input (ProprioTransport *self)
{
  g_return_if_fail (self != NULL);
  self->backend->discard (self);
}

char *
proprio_transport_check_latency_timer (const char *path,
                                       const char *sysfs_root)
{
  g_autofree char *resolved = NULL;
  g_autofree char *name = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  guint64 ms = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (sysfs_root == NULL)
    sysfs_root = "/sys";

  resolved = realpath (path, NULL);
  name = g_path_get_basename (resolved != NULL ? resolved : path);
  if (!g_str_has_prefix (name, "ttyUSB") || name[6] == '\0' ||
      strspn (name + 6, "0123456789") != strlen (name + 6))
    return NULL;

  file = g_build_filename (sysfs_root, "bus", "usb-serial", "devices", name, "latency_timer",
                           NULL);
  if (!g_file_get_contents (file, &contents, NULL, NULL))
    return NULL;
  g_strstrip (contents);
  if (!g_ascii_string_to_unsigned (contents, 10, 0, 1000, &ms, NULL) || ms <= 1)
    return NULL;

  /* At 250 samples a second one sample takes 4 ms, so the adapter holds back ms / 4 of them. */
  return g_strdup_printf (_("%s holds data back for %u ms before passing it on (FTDI latency timer), "
                            "so samples arrive in bursts of about %u at 250 Hz and live feedback "
                            "stutters. To fix it until the adapter is unplugged, run: "
                            "echo 1 | sudo tee %s"),
                          name, (guint) ms, MAX (1u, (guint) ms / 4), file);
}
