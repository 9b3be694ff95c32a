/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Latency and throughput of the device path: bytes written on a pty's device side → termios
 * transport → "balance" parser → ring, with the same ProprioDevice the GUI uses.
 *
 *   bench-latency [--seconds N] [RATE_HZ]     (defaults: 250 Hz for 5 s)
 *   bench-latency RATE_HZ SECONDS             (the older form)
 *
 * Prints, in µs, how long after the write() each sample (a) was stamped by the reader thread
 * (arrival) and (b) became readable from the ring (seen by a reader polling every 100 µs); then
 * the throughput when lines are written as fast as the pty takes them. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proprio-clock.h"
#include "devices/proprio-device.h"
#include "proprio-bench.h"

typedef struct
{
  int     master;
  double  rate_hz;
  guint   n;
  gint64 *sent_us;      /* when line i was written */
  gint    stop;
} Writer;

static void
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          struct pollfd p = { .fd = fd, .events = POLLOUT };

          poll (&p, 1, 10);
          continue;
        }
      if (n <= 0)
        return;
      data += n;
      len -= (gsize) n;
    }
}

/* Line i carries i in its first column, so the reader can match it to its send time. */
static gpointer
paced_writer (gpointer data)
{
  Writer *w = data;
  gint64 base = g_get_monotonic_time ();

  for (guint i = 0; i < w->n && !g_atomic_int_get (&w->stop); i++)
    {
      gint64 deadline = base + (gint64) (i * G_USEC_PER_SEC / w->rate_hz);
      char line[64];
      int len;

      while (g_get_monotonic_time () < deadline)
        g_usleep (MIN (1000, deadline - g_get_monotonic_time ()));
      len = g_snprintf (line, sizeof line, "%u,20,20,20\r\n", i + 1);
      w->sent_us[i] = proprio_clock_now_us ();
      write_all (w->master, line, (gsize) len);
    }
  return NULL;
}

static gpointer
blast_writer (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < w->n && !g_atomic_int_get (&w->stop); i++)
    {
      char line[64];
      int len = g_snprintf (line, sizeof line, "%u,20,20,20\r\n", i + 1);

      write_all (w->master, line, (gsize) len);
    }
  return NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *what,
               GArray     *values)
{
  gint64 *v = (gint64 *) values->data;

  if (values->len == 0)
    {
      printf ("%-34s no samples\n", what);
      return;
    }
  g_array_sort (values, compare_gint64);
  printf ("%-34s median %6" G_GINT64_FORMAT " µs   p95 %6" G_GINT64_FORMAT " µs   max %6"
          G_GINT64_FORMAT " µs   (n = %u)\n",
          what, v[values->len / 2], v[(values->len * 95) / 100], v[values->len - 1], values->len);
}

static int
open_pty (char **path)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);

  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0)
    return -1;
  *path = g_strdup (ptsname (master));
  fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK);
  return master;
}

static ProprioDevice *
connect_device (const char *path)
{
  g_autofree char *spec = g_strdup_printf ("%s?protocol=balance", path);
  g_autoptr(GError) error = NULL;
  ProprioDevice *device = proprio_device_new (spec, &error);

  if (device == NULL)
    {
      fprintf (stderr, "bench-latency: %s\n", error->message);
      exit (1);
    }
  proprio_device_connect (device);
  /* Let the reader open the port (and flush it) before anything is written. */
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return device;
}

int
main (int argc, char **argv)
{
  double rate, seconds;
  g_autofree char *path = NULL;
  g_autoptr(GArray) arrival = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  ProprioDevice *device;
  ProprioRingCursor cursor;
  ProprioSample samples[256];
  Writer w = { 0 };
  GThread *thread;
  gint64 start, end;
  guint got = 0;
  ProprioBenchStats stats;

  g_set_prgname ("bench-latency");
  seconds = proprio_bench_parse_duration (&argc, &argv, 5, "[RATE_HZ]");
  rate = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 250.0;
  /* The older form, `bench-latency RATE SECONDS`, still works. */
  if (argc > 2)
    seconds = g_ascii_strtod (argv[2], NULL);
  if (!(rate >= 1.0 && rate <= 20000.0) || !(seconds > 0.0 && seconds <= 600.0))
    {
      fprintf (stderr, "usage: bench-latency [--seconds N] [RATE_HZ 1–20000]\n");
      return 2;
    }

  /* 1. Paced: latency at the device's real rate. */
  w.master = open_pty (&path);
  if (w.master < 0)
    {
      fprintf (stderr, "bench-latency: no pseudo-terminal: %s\n", g_strerror (errno));
      return 1;
    }
  w.rate_hz = rate;
  w.n = (guint) (rate * seconds);
  w.sent_us = g_new0 (gint64, w.n);
  device = connect_device (path);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), TRUE);

  thread = g_thread_new ("writer", paced_writer, &w);
  end = g_get_monotonic_time () + (gint64) ((seconds + 1.0) * G_USEC_PER_SEC);
  while (got < w.n && g_get_monotonic_time () < end)
    {
      gsize n = proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
      gint64 now = proprio_clock_now_us ();

      for (gsize i = 0; i < n; i++)
        {
          guint index = (guint) samples[i].values[0] - 1;
          gint64 a, s;

          if (index >= w.n || w.sent_us[index] == 0)
            continue;
          a = samples[i].t_us - w.sent_us[index];
          s = now - w.sent_us[index];
          g_array_append_val (arrival, a);
          g_array_append_val (seen, s);
          got++;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100);
    }
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);

  printf ("Paced: %g lines/s for %g s through %s (balance protocol)\n", rate, seconds, path);
  print_figures ("write → arrival stamp", arrival);
  print_figures ("write → readable in the ring", seen);
  printf ("%-34s %u of %u\n", "samples received", got, w.n);
  proprio_bench_stats (seen, &stats);
  proprio_bench_json ("latency", "pty-to-ring", "rate_hz", rate, "p50_us", stats.median,
                      "p99_us", stats.p99, "max_us", stats.max, "received", (double) got,
                      "sent", (double) w.n, NULL);

  proprio_ring_cursor_clear (&cursor);
  g_object_unref (device);
  close (w.master);
  g_free (w.sent_us);
  g_clear_pointer (&path, g_free);

  /* 2. Throughput: as fast as the pty and the parser go. */
  w = (Writer) { 0 };
  w.master = open_pty (&path);
  w.n = 200000;
  device = connect_device (path);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), TRUE);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("writer", blast_writer, &w);
  got = 0;
  end = start + 30 * G_USEC_PER_SEC;
  while (got < w.n && g_get_monotonic_time () < end)
    {
      got += (guint) proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
      if (proprio_ring_available (&cursor) == 0)
        g_usleep (200);
    }
  printf ("Throughput: %u lines in %.2f s = %.0f samples/s (ring drops seen: %" G_GUINT64_FORMAT ")\n",
          got, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
          got / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC), cursor.dropped);
  proprio_bench_json ("latency", "pty-throughput", "samples_per_s",
                      got / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC), NULL);
  g_atomic_int_set (&w.stop, 1);
  g_thread_join (thread);

  proprio_ring_cursor_clear (&cursor);
  g_object_unref (device);
  close (w.master);
  return 0;
}
