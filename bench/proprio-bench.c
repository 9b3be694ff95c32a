/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-bench"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/proprio-clock.h"
#include "proprio-bench.h"

double
proprio_bench_parse_duration (int          *argc,
                              char       ***argv,
                              double        default_seconds,
                              const char   *usage)
{
  double seconds = default_seconds;
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];
      const char *value = NULL;
      double scale = 0;

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          g_print ("usage: %s [--seconds N | --minutes N] %s\n", g_get_prgname (),
                   usage != NULL ? usage : "");
          exit (0);
        }
      if (g_str_has_prefix (arg, "--seconds"))
        scale = 1;
      else if (g_str_has_prefix (arg, "--minutes"))
        scale = 60;
      if (scale == 0)
        {
          (*argv)[out++] = (*argv)[i];
          continue;
        }
      value = strchr (arg, '=');
      if (value != NULL)
        value++;
      else if (i + 1 < *argc)
        value = (*argv)[++i];
      {
        char *end = NULL;
        double v = value != NULL ? g_ascii_strtod (value, &end) : NAN;

        if (value == NULL || end == value || *end != '\0' || !(v > 0) || v * scale > 24 * 3600)
          {
            g_printerr ("%s: %s needs a positive number (at most a day)\n", g_get_prgname (), arg);
            exit (2);
          }
        seconds = v * scale;
      }
    }
  *argc = out;
  (*argv)[out] = NULL;
  return seconds;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

void
proprio_bench_stats (GArray            *values,
                     ProprioBenchStats *out)
{
  gint64 *v = (gint64 *) (gpointer) values->data;
  guint n = values->len;

  *out = (ProprioBenchStats) { 0 };
  if (n == 0)
    return;
  g_array_sort (values, compare_gint64);
  out->n = n;
  out->min = v[0];
  out->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  /* Nearest rank: the smallest value with at least 99 % of the values at or below it. */
  out->p99 = v[(guint) MIN (n - 1, ceil (0.99 * n) - 1)];
  out->max = v[n - 1];
}

void
proprio_bench_print_stats (const char              *what,
                           const ProprioBenchStats *s,
                           double                   scale,
                           const char              *unit)
{
  if (s->n == 0)
    {
      g_print ("  %-38s no data\n", what);
      return;
    }
  g_print ("  %-38s n=%-6u min %7.3f  median %7.3f  p99 %7.3f  max %7.3f %s\n", what, s->n,
           s->min / scale, s->median / scale, s->p99 / scale, s->max / scale, unit);
}

void
proprio_bench_json (const char *bench,
                    const char *case_name,
                    ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  const char *key;
  va_list ap;

  g_string_append_printf (line, "{\"bench\": \"%s\", \"case\": \"%s\"", bench, case_name);
  va_start (ap, case_name);
  while ((key = va_arg (ap, const char *)) != NULL)
    {
      double value = va_arg (ap, double);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (isnan (value) || isinf (value))
        g_string_append_printf (line, ", \"%s\": null", key);
      else
        g_string_append_printf (line, ", \"%s\": %s", key,
                                g_ascii_formatd (buf, sizeof buf, "%.4g", value));
    }
  va_end (ap);
  g_string_append (line, "}\n");
  fputs (line->str, stdout);
  fflush (stdout);
}

gint64
proprio_bench_cpu_us (pid_t pid,
                      pid_t tid)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  unsigned long long utime, stime;
  const char *p;

  if (tid > 0)
    path = g_strdup_printf ("/proc/%d/task/%d/stat", pid > 0 ? (int) pid : (int) getpid (),
                            (int) tid);
  else if (pid > 0)
    path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  else
    path = g_strdup ("/proc/self/stat");
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The command name may hold spaces and parentheses: count fields from the last ')'. */
  p = strrchr (text, ')');
  if (p == NULL || sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                           &utime, &stime) != 2)
    return -1;
  return (gint64) ((utime + stime) * G_USEC_PER_SEC / (unsigned long long) sysconf (_SC_CLK_TCK));
}

gint64
proprio_bench_status_kib (pid_t       pid,
                          const char *field)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/status", (int) pid)
                                  : g_strdup ("/proc/self/status");
  g_autofree char *text = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *p;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (p = strstr (text, key)) == NULL)
    return -1;
  return g_ascii_strtoll (p + strlen (key), NULL, 10);
}

pid_t
proprio_bench_gettid (void)
{
  return (pid_t) syscall (SYS_gettid);
}

int
proprio_bench_open_pty (char **path)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  struct termios tio;

  if (master < 0 || grantpt (master) != 0 || unlockpt (master) != 0)
    {
      if (master >= 0)
        close (master);
      return -1;
    }
  /* Raw, so no line discipline echoes or rewrites what the writer sends. */
  if (tcgetattr (master, &tio) == 0)
    {
      cfmakeraw (&tio);
      tcsetattr (master, TCSANOW, &tio);
    }
  *path = g_strdup (ptsname (master));
  fcntl (master, F_SETFL, fcntl (master, F_GETFL) | O_NONBLOCK);
  return master;
}

/* ---- the writer thread ---- */

struct _ProprioBenchWriter
{
  int                   fd;
  double                rate_hz;
  ProprioBenchLineFunc  line;
  void                (*on_write) (guint64, gint64, gpointer);
  gpointer              data;
  GThread              *thread;
  gint                  stop;
  gint                  tid;
  gint                  lines;      /* atomically readable (a day at 20 kHz fits) */
};

static void
write_all (int         fd,
           const char *data,
           gsize       len,
           gint       *stop)
{
  while (len > 0 && !g_atomic_int_get (stop))
    {
      gssize n = write (fd, data, len);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          /* The reader fell behind and the pty's buffer is full: wait, as a UART would. */
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

static gpointer
writer_thread (gpointer data)
{
  ProprioBenchWriter *w = data;
  gint64 start = proprio_clock_now_us ();
  guint64 i = 0;
  char buf[16384];

  g_atomic_int_set (&w->tid, (gint) proprio_bench_gettid ());
  while (!g_atomic_int_get (&w->stop))
    {
      gint64 now = proprio_clock_now_us ();
      guint64 due = (guint64) ((now - start) * w->rate_hz / G_USEC_PER_SEC) + 1;
      gsize len = 0;
      gint64 next_us;
      struct timespec ts;

      /* Everything due now goes in one write, the first line's stamp being the write's. */
      while (i < due && len + 512 < sizeof buf)
        {
          len += w->line (i, buf + len, sizeof buf - len, w->data);
          if (w->on_write != NULL)
            w->on_write (i, proprio_clock_now_us (), w->data);
          i++;
        }
      write_all (w->fd, buf, len, &w->stop);
      g_atomic_int_set (&w->lines, (gint) i);

      next_us = start + (gint64) ceil (i * G_USEC_PER_SEC / w->rate_hz);
      ts.tv_sec = next_us / G_USEC_PER_SEC;
      ts.tv_nsec = (next_us % G_USEC_PER_SEC) * 1000;
      clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
  return NULL;
}

ProprioBenchWriter *
proprio_bench_writer_start (int                   fd,
                            double                rate_hz,
                            ProprioBenchLineFunc  line,
                            void                (*on_write) (guint64, gint64, gpointer),
                            gpointer              data)
{
  ProprioBenchWriter *w = g_new0 (ProprioBenchWriter, 1);

  w->fd = fd;
  w->rate_hz = rate_hz;
  w->line = line;
  w->on_write = on_write;
  w->data = data;
  w->thread = g_thread_new ("bench-writer", writer_thread, w);
  return w;
}

guint64
proprio_bench_writer_get_lines (ProprioBenchWriter *w)
{
  return (guint64) (guint) g_atomic_int_get (&w->lines);
}

gint64
proprio_bench_writer_cpu_us (ProprioBenchWriter *w)
{
  gint tid = g_atomic_int_get (&w->tid);

  return tid > 0 ? proprio_bench_cpu_us (0, tid) : 0;
}

guint64
proprio_bench_writer_stop (ProprioBenchWriter *w)
{
  guint64 lines;

  g_atomic_int_set (&w->stop, 1);
  g_thread_join (w->thread);
  lines = proprio_bench_writer_get_lines (w);
  g_free (w);
  return lines;
}

/* ---- lines ---- */

gsize
proprio_bench_balance_line (guint64  i,
                            char    *buf,
                            gsize    size,
                            gpointer data)
{
  /* 70 kg shifting a little between the corners, as quiet standing does at 0.3 and 0.7 Hz. */
  double t = i / 1000.0;
  double dx = 1.5 * sin (2 * G_PI * 0.3 * t), dy = 1.0 * sin (2 * G_PI * 0.7 * t);
  int n = g_snprintf (buf, size, "%.2f,%.2f,%.2f,%.2f\r\n", 17.5 - dx + dy, 17.5 + dx + dy,
                      17.5 - dx - dy, 17.5 + dx - dy);

  return (gsize) MIN ((gsize) n, size - 1);
}

gsize
proprio_bench_emg8_line (guint64  i,
                         char    *buf,
                         gsize    size,
                         gpointer data)
{
  gsize len = 0;

  for (guint c = 0; c < 8; c++)
    {
      /* A deterministic mix of tones, some tens of µV, different per channel. */
      double v = 40 * sin (0.37 * i + c) + 15 * sin (1.91 * i + 2 * c);
      int n = g_snprintf (buf + len, size - len, c < 7 ? "%.1f," : "%.1f\r\n", v);

      len += (gsize) MIN ((gsize) n, size - len - 1);
    }
  return len;
}

static gboolean
run_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
proprio_bench_run_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, run_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
