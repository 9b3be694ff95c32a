/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-to-end latency of the Balance page: from a sample's arrival (its CLOCK_MONOTONIC stamp, taken
 * by the device's reader thread as the bytes come off the pseudo-terminal of the simulated board)
 * to the end of painting the frame that shows it. This is the whole live path: simulator → pty →
 * reader thread → parser → ring → the page's tick callback → CoP view → GSK render.
 *
 * Method: our handler of the frame clock's "update" phase runs after the page's tick callback, so
 * the newest sample in the ring at that moment is the newest one the page drew in this frame;
 * "after-paint" then gives the time the frame was painted. Frames that brought no new sample are
 * not counted.
 *
 * Needs a display and the build's schemas:
 *   GSETTINGS_SCHEMA_DIR=build/resources GSETTINGS_BACKEND=memory GTK_A11Y=none \
 *     xvfb-run -a build/bench/bench-frame-latency [--seconds N] [device-spec]
 * Without a display it prints a TAP skip and exits 77. */

#include <stdlib.h>

#include "app/proprio-balance-page.h"
#include "core/proprio-clock.h"
#include "core/proprio-ring.h"
#include "devices/proprio-device.h"
#include "proprio-bench.h"

typedef struct
{
  ProprioRingCursor cursor;
  gint64            newest_drawn;   /* stamp of the newest sample at layout time, 0 when none */
  gint64            last_counted;
  gint64            last_paint;
  GArray           *latency_us;
  GArray           *interval_us;
  guint64           samples;
} Bench;

static void
update_cb (GdkFrameClock *clock,
           Bench         *bench)
{
  ProprioSample buf[256];
  gsize n;

  while ((n = proprio_ring_read (&bench->cursor, buf, G_N_ELEMENTS (buf))) > 0)
    {
      bench->newest_drawn = buf[n - 1].t_us;
      bench->samples += n;
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = proprio_clock_now_us ();

  if (bench->last_paint != 0)
    {
      gint64 interval = now - bench->last_paint;
      g_array_append_val (bench->interval_us, interval);
    }
  bench->last_paint = now;

  if (bench->newest_drawn != 0 && bench->newest_drawn != bench->last_counted)
    {
      gint64 latency = now - bench->newest_drawn;

      g_array_append_val (bench->latency_us, latency);
      bench->last_counted = bench->newest_drawn;
    }
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_stats (const char *what,
             GArray     *values)
{
  gsize n = values->len;
  gint64 *v = (gint64 *) (gpointer) values->data;

  if (n == 0)
    {
      g_print ("%-28s no data\n", what);
      return;
    }
  g_array_sort (values, compare_gint64);
  g_print ("%-28s n=%-6zu median %6.2f ms   p95 %6.2f ms   max %6.2f ms\n", what, n,
           v[n / 2] / 1000.0, v[(n * 95) / 100] / 1000.0, v[n - 1] / 1000.0);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
is_streaming (ProprioDevice *device)
{
  return proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

int
main (int argc, char **argv)
{
  double seconds;
  const char *spec;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  ProprioDeviceHealth health;
  GdkFrameClock *clock;
  GtkWidget *window, *page;
  g_autoptr(ProprioStation) station = NULL;
  Bench bench = { 0 };
  gboolean done = FALSE;
  gint64 deadline;

  g_set_prgname ("bench-frame-latency");
  seconds = proprio_bench_parse_duration (&argc, &argv, 10, "[device-spec]");
  /* The older form, `bench-frame-latency SECONDS [SPEC]`, still works. */
  if (argc > 1 && g_ascii_strtod (argv[1], NULL) > 0)
    {
      seconds = g_ascii_strtod (argv[1], NULL);
      argv++, argc--;
    }
  spec = argc > 1 ? argv[1] : "sim:balance";
  proprio_bench_gui_init ("bench-frame-latency");

  device = proprio_device_new (spec, &error);
  if (device == NULL)
    {
      g_printerr ("bench-frame-latency: %s\n", error->message);
      return 1;
    }
  settings = g_settings_new ("io.github.proprio.Proprio");
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  station = proprio_station_new ();
  page = proprio_balance_page_new (station, settings);
  proprio_balance_page_set_sound_enabled (PROPRIO_BALANCE_PAGE (page), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), page);
  proprio_station_set_device (station, device);
  proprio_device_connect (device);
  gtk_window_present (GTK_WINDOW (window));

  deadline = proprio_clock_now_us () + 5 * G_USEC_PER_SEC;
  while (!is_streaming (device) && proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!is_streaming (device))
    {
      g_printerr ("bench-frame-latency: %s did not start streaming\n", spec);
      return 1;
    }

  bench.latency_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.interval_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  proprio_ring_cursor_init (&bench.cursor, proprio_device_get_ring (device), TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect_after (clock, "update", G_CALLBACK (update_cb), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);

  g_timeout_add ((guint) (seconds * 1000), quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  proprio_device_get_health (device, &health);
  g_print ("device %s, %.1f s, renderer %s\n", spec, seconds,
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_print ("%-28s %.1f per second (device: %.1f Hz, jitter %.2f ms)\n", "samples drawn",
           bench.samples / seconds, health.rate_hz, health.jitter_ms);
  print_stats ("arrival -> frame painted", bench.latency_us);
  print_stats ("frame interval", bench.interval_us);
  {
    ProprioBenchStats stats;

    proprio_bench_stats (bench.latency_us, &stats);
    proprio_bench_json ("frame-latency", spec, "p50_ms", stats.median / 1000,
                        "p99_ms", stats.p99 / 1000, "max_ms", stats.max / 1000, NULL);
  }

  g_signal_handlers_disconnect_by_data (clock, &bench);
  proprio_ring_cursor_clear (&bench.cursor);
  g_array_unref (bench.latency_us);
  g_array_unref (bench.interval_us);
  proprio_device_disconnect (device);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
