/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "proprio-test-pty.h"

void
proprio_test_pty_open (ProprioTestPty *pty)
{
  char name[128];
  struct termios tio;
  int fd;

  pty->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (pty->master, >=, 0);
  g_assert_cmpint (grantpt (pty->master), ==, 0);
  g_assert_cmpint (unlockpt (pty->master), ==, 0);
  g_assert_cmpint (ptsname_r (pty->master, name, sizeof name), ==, 0);
  pty->path = g_strdup (name);

  /* Raw from the start, so nothing the test writes is echoed or rewritten before the code under
   * test sets its own mode. */
  fd = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &tio), ==, 0);
  cfmakeraw (&tio);
  g_assert_cmpint (tcsetattr (fd, TCSANOW, &tio), ==, 0);
  close (fd);

  g_assert_cmpint (fcntl (pty->master, F_SETFL, fcntl (pty->master, F_GETFL) | O_NONBLOCK), ==, 0);
}

void
proprio_test_pty_close (ProprioTestPty *pty)
{
  if (pty->master >= 0)
    close (pty->master);
  pty->master = -1;
  g_clear_pointer (&pty->path, g_free);
}

void
proprio_test_pty_write (ProprioTestPty *pty,
                        const void     *data,
                        gsize           len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = write (pty->master, p, len);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          struct pollfd fd = { .fd = pty->master, .events = POLLOUT };

          poll (&fd, 1, 100);
          continue;
        }
      g_assert_cmpint (n, >, 0);
      p += n;
      len -= (gsize) n;
    }
}

GBytes *
proprio_test_pty_read (ProprioTestPty *pty,
                       gsize           want,
                       int             timeout_ms)
{
  g_autoptr(GByteArray) got = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (got->len < want)
    {
      struct pollfd fd = { .fd = pty->master, .events = POLLIN };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      guint8 buf[1024];
      gssize n;

      if (left <= 0)
        break;
      if (poll (&fd, 1, (int) left) <= 0)
        continue;
      n = read (pty->master, buf, sizeof buf);
      if (n > 0)
        g_byte_array_append (got, buf, (guint) n);
      else if (n < 0 && errno == EIO)
        g_usleep (5000);  /* no slave open yet: the code under test has not opened it */
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&got));
}

gboolean
proprio_test_wait_for (gboolean (*done) (gpointer),
                       gpointer   data,
                       int        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}
