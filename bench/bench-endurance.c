/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A long session: does the app stay put? The station shows a 1 kHz balance board on a
 * pseudo-terminal (Balance page: trail and ellipse; Mirror page beside it: 720p30 test camera
 * with its CoP inset), and a second device streams 8 × 2 kHz EMG lines on another pty, drained on
 * a 16 ms timer as the Muscle page will (the station has one device). Writer threads pace the
 * lines.
 *
 * Every 10 s: resident memory (VmRSS) and the CPU since the last report, of this process without
 * the writer threads (they stand in for the hardware). At the end: RSS growth from the report at
 * 40 s on (start-up's allocations and the Mirror page's 30 s replay buffer filling up are not
 * growth; shorter runs count from the first report), samples lost (every line written and not
 * decoded, plus the devices' lost counters and the readers' ring overflows) and CPU per minute.
 * Needs a display (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-endurance [--minutes N]     (default 1; the real run is --minutes 60) */
#define G_LOG_DOMAIN "bench-endurance"

#include <glib-unix.h>
#include <signal.h>
#include <unistd.h>

#include "app/proprio-balance-page.h"
#include "app/proprio-mirror-page.h"
#include "core/proprio-clock.h"
#include "proprio-bench.h"

#define REPORT_S 10
#define EMG_CHANNELS "emg1,emg2,emg3,emg4,emg5,emg6,emg7,emg8"

typedef struct
{
  ProprioDevice     *emg;
  ProprioRingCursor  cursor;
} EmgDrain;

static gboolean
drain_emg (gpointer data)
{
  EmgDrain *d = data;
  ProprioSample buf[512];

  while (proprio_ring_read (&d->cursor, buf, G_N_ELEMENTS (buf)) > 0)
    ;
  if (d->cursor.dropped > 0)
    {
      proprio_device_add_ring_overflows (d->emg, d->cursor.dropped);
      d->cursor.dropped = 0;
    }
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  ProprioBenchWriter *balance_writer, *emg_writer;
  gint64              start_us, last_us, last_cpu_us, minute_cpu_us, minute_us;
  guint               reports;
  GArray             *rss_kib;       /* gint64, one per report */
  GArray             *minute_pct;    /* double, one per whole minute */
  gboolean            done;
} Session;

/* This process's CPU without the writer threads. */
static gint64
app_cpu_us (Session *s)
{
  return proprio_bench_cpu_us (0, 0) - proprio_bench_writer_cpu_us (s->balance_writer)
         - proprio_bench_writer_cpu_us (s->emg_writer);
}

static gboolean
report_cb (gpointer data)
{
  Session *s = data;
  gint64 now = proprio_clock_now_us (), cpu = app_cpu_us (s);
  gint64 rss = proprio_bench_status_kib (0, "VmRSS");

  g_autofree char *loadavg = NULL;

  /* On a shared machine the CPU time of the same work rises with the load (caches, SMT
   * siblings): the load average says when a change in CPU is the machine's, not the app's. */
  if (!g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    loadavg = g_strdup ("?");
  g_strdelimit (loadavg, "\n", '\0');
  s->reports++;
  g_array_append_val (s->rss_kib, rss);
  g_print ("  %5.0f s   RSS %7.1f MiB   CPU %5.1f %% (last %d s)   machine load %.14s\n",
           (now - s->start_us) / 1e6, rss / 1024.0,
           100.0 * (cpu - s->last_cpu_us) / (double) (now - s->last_us), REPORT_S, loadavg);
  s->last_us = now;
  s->last_cpu_us = cpu;
  if (s->reports % (60 / REPORT_S) == 0)
    {
      double pct = 100.0 * (cpu - s->minute_cpu_us) / (double) (now - s->minute_us);

      g_array_append_val (s->minute_pct, pct);
      g_print ("  minute %u: CPU %.1f %%\n", s->minute_pct->len, pct);
      s->minute_cpu_us = cpu;
      s->minute_us = now;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

static guint64
lost_of (ProprioDevice *device,
         guint64        written,
         guint64       *decoded_out)
{
  ProprioDeviceHealth h;

  proprio_device_get_health (device, &h);
  *decoded_out = h.samples;
  return (written > h.samples ? written - h.samples : 0) + h.lost + h.ring_overflows;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ProprioStation) station = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pty = NULL;
  g_autofree char *pty2 = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *spec2 = NULL;
  EmgDrain drain = { 0 };
  Session s = { 0 };
  GtkWidget *window, *box, *balance, *mirror;
  int master, master2;
  double seconds, growth_mib, max_pct = 0;
  guint64 written_b, written_e, decoded_b = 0, decoded_e = 0, lost_b, lost_e;
  guint timer, report, base;
  gint64 deadline;

  g_set_prgname ("bench-endurance");
  seconds = proprio_bench_parse_duration (&argc, &argv, 60, NULL);
  proprio_bench_gui_init ("bench-endurance");
  settings = g_settings_new ("io.github.proprio.Proprio");

  master = proprio_bench_open_pty (&pty);
  master2 = proprio_bench_open_pty (&pty2);
  if (master < 0 || master2 < 0)
    g_error ("no pseudo-terminal");
  spec = g_strdup_printf ("%s?protocol=balance&baud=921600", pty);
  spec2 = g_strdup_printf ("%s?protocol=lines&baud=921600&units=uV&channels=" EMG_CHANNELS, pty2);

  station = proprio_station_new ();
  proprio_station_set_sound_enabled (station, FALSE);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 700);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  balance = proprio_balance_page_new (station, settings);
  mirror = proprio_mirror_page_new (station, settings, "test");
  gtk_box_append (GTK_BOX (box), balance);
  gtk_box_append (GTK_BOX (box), mirror);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  /* Connect before the lines flow, so every line written is one the devices should decode. */
  if (!proprio_station_set_device_spec (station, spec, &error))
    g_error ("%s", error->message);
  drain.emg = proprio_device_new (spec2, &error);
  if (drain.emg == NULL)
    g_error ("%s", error->message);
  proprio_device_connect (drain.emg);
  proprio_ring_cursor_init (&drain.cursor, proprio_device_get_ring (drain.emg), TRUE);
  timer = g_timeout_add (16, drain_emg, &drain);
  proprio_bench_run_ms (1000);

  s.rss_kib = g_array_new (FALSE, FALSE, sizeof (gint64));
  s.minute_pct = g_array_new (FALSE, FALSE, sizeof (double));
  s.balance_writer = proprio_bench_writer_start (master, 1000, proprio_bench_balance_line,
                                                 NULL, NULL);
  s.emg_writer = proprio_bench_writer_start (master2, 2000, proprio_bench_emg8_line, NULL, NULL);
  proprio_bench_run_ms (2000);

  g_print ("endurance: %.1f min, balance 1 kHz (Balance page, trail + ellipse) + Mirror page "
           "(720p30 test camera, CoP inset) + EMG 8 x 2 kHz lines on a second device\n",
           seconds / 60);
  s.start_us = s.last_us = s.minute_us = proprio_clock_now_us ();
  s.last_cpu_us = s.minute_cpu_us = app_cpu_us (&s);
  report = g_timeout_add_seconds (REPORT_S, report_cb, &s);
  g_timeout_add ((guint) (seconds * 1000) + 200, quit_cb, &s.done);
  g_unix_signal_add (SIGINT, quit_cb, &s.done);
  while (!s.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (report);

  /* Stop the wire, then give the readers time to decode what is still in the ptys. */
  written_b = proprio_bench_writer_stop (s.balance_writer);
  written_e = proprio_bench_writer_stop (s.emg_writer);
  s.balance_writer = s.emg_writer = NULL;
  deadline = proprio_clock_now_us () + 3 * G_USEC_PER_SEC;
  do
    {
      proprio_bench_run_ms (100);
      lost_b = lost_of (proprio_station_get_device (station), written_b, &decoded_b);
      lost_e = lost_of (drain.emg, written_e, &decoded_e);
    }
  while ((decoded_b < written_b || decoded_e < written_e) && proprio_clock_now_us () < deadline);

  /* From 40 s on: by then the replay buffer holds its 30 s and the ellipse its 10 s. */
  base = s.rss_kib->len > 4 ? 3 : 0;
  growth_mib = s.rss_kib->len > 0
               ? (g_array_index (s.rss_kib, gint64, s.rss_kib->len - 1)
                  - g_array_index (s.rss_kib, gint64, base)) / 1024.0 : NAN;
  for (guint i = 0; i < s.minute_pct->len; i++)
    max_pct = MAX (max_pct, g_array_index (s.minute_pct, double, i));
  g_print ("  samples: balance %" G_GUINT64_FORMAT " written, %" G_GUINT64_FORMAT
           " decoded, %" G_GUINT64_FORMAT " lost; EMG %" G_GUINT64_FORMAT " written, %"
           G_GUINT64_FORMAT " decoded, %" G_GUINT64_FORMAT " lost\n",
           written_b, decoded_b, lost_b, written_e, decoded_e, lost_e);
  g_print ("  RSS growth from %u s on: %.2f MiB (budget < 5 MB); peak RSS %.1f MiB\n",
           (base + 1) * REPORT_S, growth_mib, proprio_bench_status_kib (0, "VmHWM") / 1024.0);
  proprio_bench_json ("endurance", "balance-emg-camera", "minutes", seconds / 60,
                      "rss_growth_mib", growth_mib,
                      "rss_end_mib", s.rss_kib->len > 0
                        ? g_array_index (s.rss_kib, gint64, s.rss_kib->len - 1) / 1024.0 : NAN,
                      "samples_lost", (double) (lost_b + lost_e),
                      "cpu_pct_first_min", s.minute_pct->len > 0
                        ? g_array_index (s.minute_pct, double, 0) : NAN,
                      "cpu_pct_last_min", s.minute_pct->len > 0
                        ? g_array_index (s.minute_pct, double, s.minute_pct->len - 1) : NAN,
                      "cpu_pct_max_min", s.minute_pct->len > 0 ? max_pct : NAN, NULL);

  g_source_remove (timer);
  proprio_ring_cursor_clear (&drain.cursor);
  proprio_device_disconnect (drain.emg);
  g_clear_object (&drain.emg);
  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (window));
  close (master);
  close (master2);
  g_array_unref (s.rss_kib);
  g_array_unref (s.minute_pct);
  proprio_device_wait_for_readers (3000);
  return 0;
}
