/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the Muscle page costs the main thread a frame: the page in a 1280×800 window on the
 * simulated Cyton sleeve at 2 kHz (8 EMG channels and their envelopes, through the real pty,
 * protocol and EMG stage), a dual activation drill running, the window drawn by the Cairo
 * renderer as on screen.
 *
 * Method: a tick callback on the page reads the main thread's CPU time (CLOCK_THREAD_CPUTIME_ID)
 * at every frame; the difference between two frames is everything the main thread did for one
 * frame: the station's update and the drill, the samples handed to the view, the page's labels
 * and hold bar, GTK's layout, the snapshot and the Cairo drawing of the whole window. min /
 * median / p99 / max per frame, and frames per second. Needs a display (xvfb-run -a); without one
 * it prints a TAP skip and exits 77.
 *   bench-muscle-page [--seconds N]     (default 5) */
#define G_LOG_DOMAIN "bench-muscle-page"

#include <time.h>

#include "app/proprio-muscle-page-private.h"
#include "exercises/proprio-activation-drill.h"
#include "proprio-bench.h"

#define RATE_HZ 2000
#define BUDGET_MS 2.0

typedef struct
{
  GArray  *frame_us;
  gint64   last_cpu_us;
  gint64   first_frame_us;
  gint64   last_frame_us;
  gboolean measuring;
} Run;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Run *run = data;
  gint64 cpu = thread_cpu_us ();

  if (run->measuring && run->last_cpu_us > 0)
    {
      gint64 spent = cpu - run->last_cpu_us;

      g_array_append_val (run->frame_us, spent);
      run->last_frame_us = gdk_frame_clock_get_frame_time (clock);
      if (run->first_frame_us == 0)
        run->first_frame_us = run->last_frame_us;
    }
  run->last_cpu_us = cpu;
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(ProprioStation) station = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *spec = g_strdup_printf ("sim:cyton?rate=%d&seed=3", RATE_HZ);
  ProprioActivationDrill *drill;
  ProprioDeviceHealth health;
  ProprioBenchStats stats;
  GtkWidget *window, *page;
  ProprioPanelCache *panel;
  guint panel_drawn;
  Run run = { frames, 0, 0, 0, FALSE };
  double seconds, fps;
  guint tick;

  g_set_prgname ("bench-muscle-page");
  seconds = proprio_bench_parse_duration (&argc, &argv, 5, "");
  proprio_bench_gui_init ("bench-muscle-page");
  settings = g_settings_new ("io.github.proprio.Proprio");

  station = proprio_station_new ();
  proprio_station_set_sound_enabled (station, FALSE);
  if (!proprio_station_set_device_spec (station, spec, &error))
    g_error ("%s", error->message);
  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = proprio_muscle_page_new (station, settings);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  while (proprio_muscle_page_get_n_channels (PROPRIO_MUSCLE_PAGE (page)) < 8)
    g_main_context_iteration (NULL, TRUE);

  /* A dual drill long enough for the whole measurement. */
  drill = PROPRIO_ACTIVATION_DRILL (proprio_station_get_engine (station, "activation-drill"));
  proprio_muscle_page_set_exercise (PROPRIO_MUSCLE_PAGE (page), PROPRIO_MUSCLE_EXERCISE_DRILL);
  proprio_activation_drill_set_mode (drill, PROPRIO_ACTIVATION_DUAL);
  proprio_activation_drill_set_timing (drill, 5.0, 2.0, 100);
  proprio_activation_drill_set_countdown (drill, 0.0);
  if (!proprio_station_start (station, &error))
    g_error ("%s", error->message);

  tick = gtk_widget_add_tick_callback (page, tick_cb, &run, NULL);
  /* Fonts, the first layout, the envelopes settling: not counted. */
  proprio_bench_run_ms (1000);
  panel = PROPRIO_PANEL_CACHE (adw_flap_get_flap (PROPRIO_MUSCLE_PAGE (page)->flap));
  panel_drawn = proprio_panel_cache_get_n_drawn (panel);
  run.measuring = TRUE;
  proprio_bench_run_ms ((guint) (seconds * 1000));
  run.measuring = FALSE;
  panel_drawn = proprio_panel_cache_get_n_drawn (panel) - panel_drawn;
  gtk_widget_remove_tick_callback (page, tick);
  proprio_device_get_health (proprio_station_get_device (station), &health);

  proprio_bench_stats (frames, &stats);
  fps = run.last_frame_us > run.first_frame_us
        ? (stats.n - 1) * (double) G_USEC_PER_SEC /
            (double) (run.last_frame_us - run.first_frame_us)
        : 0;
  g_print ("muscle-page-8ch-2khz: Muscle page 1280x800, sim:cyton at %d Hz (%.0f samples/s "
           "measured), 8 EMG channels and envelopes, dual drill running, Cairo renderer; main "
           "thread CPU between frames\n", RATE_HZ, health.rate_hz);
  proprio_bench_print_stats ("CPU per frame", &stats, 1000, "ms");
  g_print ("  side panel drawn again %u times (unchanged: kept as one picture)\n", panel_drawn);
  g_print ("  %.1f frames per second; budget %.1f ms CPU a frame: median %s\n", fps, BUDGET_MS,
           stats.median / 1000 <= BUDGET_MS ? "within" : "OVER");
  proprio_bench_json ("muscle-page", "muscle-page-8ch-2khz", "n", (double) stats.n,
                      "min_ms", stats.min / 1000, "p50_ms", stats.median / 1000,
                      "p99_ms", stats.p99 / 1000, "max_ms", stats.max / 1000, "fps", fps,
                      "rate_hz", health.rate_hz, "panel_drawn", (double) panel_drawn, NULL);

  proprio_station_stop (station);
  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_device_wait_for_readers (3000);
  return 0;
}
