/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-simulator"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "proprio-simulator.h"

G_DEFINE_QUARK (proprio-simulator-error-quark, proprio_simulator_error)

/* Bytes the pty would not take that we keep for a reader that is slow or absent, before we start
 * dropping whole samples. Kept small: a USB device whose port nobody has open loses its data too,
 * and a reader that connects late should get fresh samples, not a backlog. */
#define MAX_PENDING 256
/* How long the thread sleeps at most, which bounds how late it notices stop(). */
#define IDLE_WAIT_US 50000
/* Behind by more than this (the machine was suspended): skip ahead rather than burst. */
#define MAX_BEHIND_US G_USEC_PER_SEC

struct _ProprioSimulator
{
  ProprioSimGenerator *generator;
  GThread             *thread;
  gint                 stop;        /* atomic */
  int                  master_fd;
  /* We keep the slave open ourselves: without it the master reports a hang-up whenever no reader
   * is connected, and poll() would spin. */
  int                  slave_fd;
  char                *path;
  char                *link_path;
  guint64              sent;        /* atomic */
  guint64              dropped;     /* atomic */
  gint                 stall_ms;    /* atomic; a test's one-off stall */
  GMutex               intent_lock;
  ProprioSimIntent     intent;      /* under intent_lock, for the thread to take */
  gboolean             intent_new;  /* under intent_lock */
};

void
proprio_simulator_set_intent (ProprioSimulator       *self,
                              const ProprioSimIntent *intent)
{
  g_return_if_fail (self != NULL && intent != NULL);

  g_mutex_lock (&self->intent_lock);
  self->intent = *intent;
  self->intent_new = TRUE;
  g_mutex_unlock (&self->intent_lock);
}

/* On the simulator's thread: the generator is its alone. */
static void
take_intent (ProprioSimulator *self)
{
  ProprioSimIntent intent;
  gboolean fresh;

  g_mutex_lock (&self->intent_lock);
  fresh = self->intent_new;
  intent = self->intent;
  self->intent_new = FALSE;
  g_mutex_unlock (&self->intent_lock);
  if (fresh)
    proprio_sim_generator_set_intent (self->generator, &intent);
}

ProprioSimulator *
proprio_simulator_new (ProprioSimKind kind,
                       double         rate_hz,
                       guint32        seed)
{
  ProprioSimulator *self;

  g_return_val_if_fail (rate_hz > 0.0 && rate_hz <= 10000.0, NULL);

  self = g_new0 (ProprioSimulator, 1);
  g_mutex_init (&self->intent_lock);
  self->generator = proprio_sim_generator_new (kind, rate_hz, seed);
  self->master_fd = -1;
  self->slave_fd = -1;
  return self;
}

void
proprio_simulator_free (ProprioSimulator *self)
{
  if (self == NULL)
    return;
  proprio_simulator_stop (self);
  proprio_sim_generator_free (self->generator);
  g_mutex_clear (&self->intent_lock);
  g_free (self);
}

gboolean
proprio_simulator_is_running (ProprioSimulator *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->thread != NULL;
}

const char *
proprio_simulator_get_path (ProprioSimulator *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

guint64
proprio_simulator_get_sent (ProprioSimulator *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return __atomic_load_n (&self->sent, __ATOMIC_RELAXED);
}

guint64
proprio_simulator_get_dropped (ProprioSimulator *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return __atomic_load_n (&self->dropped, __ATOMIC_RELAXED);
}

void
proprio_simulator_stall_once (ProprioSimulator *self,
                              guint             ms)
{
  g_return_if_fail (self != NULL);
  g_atomic_int_set (&self->stall_ms, (gint) MIN (ms, (guint) G_MAXINT / 1000));
}

/* Writes what the pty takes now; the rest waits for the next tick. Never blocks. */
static void
flush_pending (ProprioSimulator *self,
               GByteArray       *pending)
{
  while (pending->len > 0)
    {
      gssize n = write (self->master_fd, pending->data, pending->len);

      if (n > 0)
        g_byte_array_remove_range (pending, 0, (guint) n);
      else if (n < 0 && errno == EINTR)
        continue;
      else
        break;  /* EAGAIN: the buffer is full because nobody reads; try again later */
    }
}

static void
read_commands (ProprioSimulator *self,
               GByteArray       *pending)
{
  guint8 buf[256];
  gssize n;

  while ((n = read (self->master_fd, buf, sizeof buf)) > 0)
    proprio_sim_generator_handle_input (self->generator, buf, (gsize) n, pending);
}

static gpointer
simulator_thread (gpointer data)
{
  ProprioSimulator *self = data;
  g_autoptr(GByteArray) pending = g_byte_array_new ();
  g_autoptr(GByteArray) sample = g_byte_array_new ();
  double rate = proprio_sim_generator_get_rate (self->generator);
  gboolean was_streaming = FALSE;
  gint64 base = 0;
  guint64 n = 0;

  while (!g_atomic_int_get (&self->stop))
    {
      struct pollfd fd = { .fd = self->master_fd, .events = POLLIN };
      gint64 wait_us = IDLE_WAIT_US;
      struct timespec ts;

      gint stall_ms = g_atomic_int_and (&self->stall_ms, 0);

      if (stall_ms > 0)
        g_usleep ((gulong) stall_ms * 1000);
      take_intent (self);

      if (proprio_sim_generator_is_streaming (self->generator))
        {
          gint64 now = g_get_monotonic_time ();
          gint64 deadline;

          if (!was_streaming)
            {
              base = now;
              n = 0;
              was_streaming = TRUE;
            }

          /* Absolute deadlines base + n / rate: late wake-ups never accumulate into drift. */
          deadline = base + (gint64) ((double) n * G_USEC_PER_SEC / rate);
          if (now - deadline > MAX_BEHIND_US)
            {
              n = (guint64) ((double) (now - base) * rate / G_USEC_PER_SEC);
              continue;
            }
          /* A late wake-up owes every sample that fell due meanwhile: write them now. Only what
           * the pty refuses (nobody reads) counts against MAX_PENDING and may be dropped. */
          while (deadline <= now)
            {
              g_byte_array_set_size (sample, 0);
              proprio_sim_generator_next (self->generator, sample);
              if (pending->len + sample->len > MAX_PENDING)
                flush_pending (self, pending);
              if (pending->len + sample->len <= MAX_PENDING)
                {
                  g_byte_array_append (pending, sample->data, sample->len);
                  __atomic_add_fetch (&self->sent, 1, __ATOMIC_RELAXED);
                }
              else
                __atomic_add_fetch (&self->dropped, 1, __ATOMIC_RELAXED);
              n++;
              deadline = base + (gint64) ((double) n * G_USEC_PER_SEC / rate);
            }
          flush_pending (self, pending);
          wait_us = MIN (deadline - now, IDLE_WAIT_US);
        }
      else
        {
          was_streaming = FALSE;
          flush_pending (self, pending);
        }

      ts.tv_sec = wait_us / G_USEC_PER_SEC;
      ts.tv_nsec = (wait_us % G_USEC_PER_SEC) * 1000;
      if (ppoll (&fd, 1, &ts, NULL) > 0 && (fd.revents & POLLIN))
        {
          read_commands (self, pending);
          flush_pending (self, pending);
        }
    }

  return NULL;
}

static gboolean
open_pty (ProprioSimulator  *self,
          GError           **error)
{
  char name[128];
  struct termios tio;
  int master, slave;

  master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0 ||
      ptsname_r (master, name, sizeof name) != 0)
    {
      int errsv = errno;

      if (master >= 0)
        close (master);
      g_set_error (error, PROPRIO_SIMULATOR_ERROR, PROPRIO_SIMULATOR_ERROR_PTY,
                   _("Cannot create a pseudo-terminal for the simulator: %s"), g_strerror (errsv));
      return FALSE;
    }

  slave = open (name, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (slave < 0)
    {
      int errsv = errno;

      close (master);
      g_set_error (error, PROPRIO_SIMULATOR_ERROR, PROPRIO_SIMULATOR_ERROR_PTY,
                   _("Cannot open the simulator’s pseudo-terminal %s: %s"), name,
                   g_strerror (errsv));
      return FALSE;
    }

  /* Raw like a serial line, so that nothing echoes or rewrites bytes even before a reader sets
   * its own mode. */
  if (tcgetattr (slave, &tio) == 0)
    {
      cfmakeraw (&tio);
      cfsetispeed (&tio, B115200);
      cfsetospeed (&tio, B115200);
      tcsetattr (slave, TCSANOW, &tio);
    }
  fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK);

  self->master_fd = master;
  self->slave_fd = slave;
  self->path = g_strdup (name);
  return TRUE;
}

gboolean
proprio_simulator_start (ProprioSimulator  *self,
                         GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  if (!open_pty (self, error))
    return FALSE;

  g_atomic_int_set (&self->stop, 0);
  self->thread = g_thread_new ("proprio-sim", simulator_thread, self);
  return TRUE;
}

static void
remove_link (ProprioSimulator *self)
{
  g_autofree char *target = NULL;

  if (self->link_path == NULL)
    return;
  /* Another simulator may have taken the name over since: leave its link alone. */
  target = g_file_read_link (self->link_path, NULL);
  if (target != NULL && self->path != NULL && g_str_equal (target, self->path))
    g_unlink (self->link_path);
  g_clear_pointer (&self->link_path, g_free);
}

void
proprio_simulator_stop (ProprioSimulator *self)
{
  g_return_if_fail (self != NULL);

  if (self->thread != NULL)
    {
      g_atomic_int_set (&self->stop, 1);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  remove_link (self);
  if (self->slave_fd >= 0)
    close (self->slave_fd);
  if (self->master_fd >= 0)
    close (self->master_fd);
  self->slave_fd = self->master_fd = -1;
  g_clear_pointer (&self->path, g_free);
}

gboolean
proprio_simulator_link (ProprioSimulator  *self,
                        const char        *link_path,
                        GError           **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->path != NULL, FALSE);
  g_return_val_if_fail (link_path != NULL, FALSE);

  /* symlink() then rename() over the old name: a reader polling the name never sees it missing
   * or half made. */
  dir = g_path_get_dirname (link_path);
  base = g_path_get_basename (link_path);
  tmp = g_strdup_printf ("%s/.%s.%d.tmp", dir, base, (int) getpid ());
  g_unlink (tmp);
  if (symlink (self->path, tmp) != 0 || rename (tmp, link_path) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      g_set_error (error, PROPRIO_SIMULATOR_ERROR, PROPRIO_SIMULATOR_ERROR_LINK,
                   _("Cannot make the link “%s”: %s"), link_path, g_strerror (errsv));
      return FALSE;
    }

  if (self->link_path != NULL && !g_str_equal (self->link_path, link_path))
    remove_link (self);
  g_free (self->link_path);
  self->link_path = g_strdup (link_path);
  return TRUE;
}
