/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CPU per frame of the EMG view with 8 channels at 2 kHz, rendered with the Cairo renderer
 * offscreen (gsk_renderer_render_texture), so the figure is software drawing and does not depend
 * on a GPU or driver.
 *
 * Method: the view is filled with 10 s of scripted samples (work/rest bursts with a raw signal,
 * the EMG stage's layout: raw channels, then their envelopes), then each frame of a 60 Hz clock
 * gets the 33 or 34 new samples that 2 kHz brings in 1/60 s, and the view's snapshot is built and
 * rendered: what the view costs the main thread a frame when it redraws (it redraws every frame
 * here; in the app it skips frames where nothing visible moved). Cases:
 *   bars-8ch:      the Muscle page's view, 1280×720: eight cells in a row, bars, zones on four
 *                  calibrated channels, the 10 s envelope strips;
 *   bars-8ch-raw:  the same with the raw traces;
 *   pair:          two channels large with their ratio and symmetry, 1280×720;
 *   compact-8ch:   the Mirror page's picture-in-picture, 384×288;
 *   bars-8ch-screen, bars-8ch-raw-screen: bars-8ch and bars-8ch-raw in a window drawn by GTK
 *                  on its frame clock, where only what changed is painted (the cases above
 *                  redraw the whole view every frame, as on a resize).
 *
 * Figures are CPU time of the main thread (CLOCK_THREAD_CPUTIME_ID), so a busy machine does not
 * inflate them; min / median / p99 / max per frame, against a budget of 2 ms. Needs a display
 * (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-emg-view [--seconds N]     (N per case, default 3) */
#define G_LOG_DOMAIN "bench-emg-view"

#include <math.h>
#include <time.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-emg-view.h"
#include "proprio-bench.h"

#define RATE_HZ    2000
#define N_CH       8
#define HISTORY_S  10
#define BUDGET_MS  2.0

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Sample k of a drill on 8 electrodes: raw µV in channels 0–7, their envelopes in 8–15. */
static ProprioSample
sample_at (guint64  k,
           gint64   t_us,
           GRand   *rand)
{
  ProprioSample s = { 0 };
  double t = (double) k / RATE_HZ;

  s.t_us = t_us;
  s.n_channels = 2 * N_CH;
  for (guint i = 0; i < N_CH; i++)
    {
      double phase = fmod (t - 0.2 * i, 6.0), on = phase > 0.4 && phase < 3.4 ? 1 : 0;
      double env = (60 + 30 * i) * on * (1 + 0.08 * sin (5 * t + i)) + 10;

      s.values[i] = env * 1.41 * g_rand_double_range (rand, -1.5, 1.5);
      s.values[N_CH + i] = env;
    }
  return s;
}

static void
setup_view (GtkWidget *widget,
            gboolean   compact,
            gboolean   raw,
            gboolean   pair)
{
  ProprioEmgView *view = PROPRIO_EMG_VIEW (widget);
  guint raw_index[N_CH], envelope_index[N_CH];
  static const char * const names[N_CH] = {
    "Glute med L", "Glute med R", "Upper trap", "Lower trap", "VMO L", "VMO R", "TA", "Gastroc",
  };

  for (guint i = 0; i < N_CH; i++)
    {
      raw_index[i] = i;
      envelope_index[i] = N_CH + i;
    }
  proprio_emg_view_set_channels (view, N_CH, raw_index, envelope_index);
  for (guint i = 0; i < N_CH; i++)
    proprio_emg_view_set_channel_name (view, i, names[i]);
  for (guint i = 0; i < 4; i++)
    {
      proprio_emg_view_set_channel_mvc (view, i, 250);
      proprio_emg_view_set_zone (view, i, i == 2 ? PROPRIO_EMG_ZONE_CEILING
                                                 : PROPRIO_EMG_ZONE_BAND, 30, 50);
    }
  proprio_emg_view_set_zones_editable (view, !compact);
  proprio_emg_view_set_compact (view, compact);
  proprio_emg_view_set_show_raw (view, raw);
  proprio_emg_view_set_mode (view, pair ? PROPRIO_EMG_VIEW_PAIR : PROPRIO_EMG_VIEW_BARS);
  proprio_emg_view_set_pair (view, 0, 1);
}

static void
run_case (const char *case_name,
          int         width,
          int         height,
          gboolean    compact,
          gboolean    raw,
          gboolean    pair,
          double      seconds)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rend = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint history = HISTORY_S * RATE_HZ;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, history);
  const int frames = (int) (seconds * 60);
  GtkWidget *window = gtk_window_new (), *view = proprio_emg_view_new ();
  gint64 t0 = proprio_clock_now_us () - (gint64) HISTORY_S * G_USEC_PER_SEC;
  guint64 k = 0;
  ProprioBenchStats t, s, r;

  setup_view (view, compact, raw, pair);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) != width || gtk_widget_get_height (view) != height)
    g_main_context_iteration (NULL, TRUE);
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (window)), &error))
    g_error ("%s", error->message);

  for (; k < history; k++)
    samples[k] = sample_at (k, t0 + (gint64) k * G_USEC_PER_SEC / RATE_HZ, rand);
  proprio_emg_view_push (PROPRIO_EMG_VIEW (view), samples, history);

  /* Frame −1 warms up (fonts, the cached background) and is not counted. */
  for (int f = -1; f < frames; f++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      ProprioSample batch[64];
      /* The samples of 2 kHz that arrive by the end of this 1/60 s. */
      guint64 until = (guint64) (history + (f + 2) * RATE_HZ / 60.0);
      guint n = 0;
      GtkSnapshot *snapshot;
      gint64 a, b, c;

      for (; k < until && n < G_N_ELEMENTS (batch); k++)
        batch[n++] = sample_at (k, t0 + (gint64) k * G_USEC_PER_SEC / RATE_HZ, rand);
      a = thread_cpu_us ();
      proprio_emg_view_push (PROPRIO_EMG_VIEW (view), batch, n);
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      b = thread_cpu_us ();
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      c = thread_cpu_us ();
      if (f >= 0)
        {
          gint64 sv = b - a, rv = c - b, tv = c - a;

          g_array_append_val (snap, sv);
          g_array_append_val (rend, rv);
          g_array_append_val (total, tv);
        }
    }

  proprio_bench_stats (snap, &s);
  proprio_bench_stats (rend, &r);
  proprio_bench_stats (total, &t);
  g_print ("%s: %dx%d, %u channels at %d Hz, %s, %d frames at 60 Hz\n", case_name, width, height,
           N_CH, RATE_HZ,
           compact ? "compact bars (no strips)"
                   : pair ? "a pair with 10 s strips and raw traces"
                          : raw ? "bars, 10 s strips and raw traces" : "bars and 10 s strips",
           frames);
  proprio_bench_print_stats ("push + snapshot (main thread)", &s, 1000, "ms");
  proprio_bench_print_stats ("render (Cairo, offscreen)", &r, 1000, "ms");
  proprio_bench_print_stats ("frame total", &t, 1000, "ms");
  g_print ("  budget %.1f ms CPU a frame: median %s, p99 %s\n", BUDGET_MS,
           t.median / 1000 <= BUDGET_MS ? "within" : "OVER",
           t.p99 / 1000 <= BUDGET_MS ? "within" : "OVER");
  proprio_bench_json ("emg-view", case_name, "n", (double) t.n, "min_ms", t.min / 1000,
                      "p50_ms", t.median / 1000, "p99_ms", t.p99 / 1000, "max_ms", t.max / 1000,
                      "snapshot_p50_ms", s.median / 1000, "render_p50_ms", r.median / 1000,
                      "budget_ms", BUDGET_MS, NULL);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* On screen: the view alone in a window, drawn by GTK on its frame clock (only what changed is
 * painted, as in the app); each frame the samples 2 kHz brings by then are pushed, and the main
 * thread's CPU from one frame to the next is the view's whole cost a frame. */
typedef struct
{
  GtkWidget     *view;
  GRand         *rand;
  gint64         t0, start_us;
  guint64        k, history;
  gint64         last_cpu_us;
  gboolean       measuring;
  GArray        *frame_us;
} ScreenRun;

static gboolean
screen_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  ScreenRun *run = data;
  gint64 cpu = thread_cpu_us (), now = gdk_frame_clock_get_frame_time (clock);
  guint64 until;
  ProprioSample batch[256];
  guint n = 0;

  if (run->measuring && run->last_cpu_us > 0)
    {
      gint64 spent = cpu - run->last_cpu_us;

      g_array_append_val (run->frame_us, spent);
    }
  run->last_cpu_us = cpu;
  if (run->start_us == 0)
    run->start_us = now;
  until = run->history + (guint64) ((now - run->start_us) * RATE_HZ / G_USEC_PER_SEC);
  for (; run->k < until && n < G_N_ELEMENTS (batch); run->k++)
    batch[n++] = sample_at (run->k, run->t0 + (gint64) run->k * G_USEC_PER_SEC / RATE_HZ,
                            run->rand);
  proprio_emg_view_push (PROPRIO_EMG_VIEW (run->view), batch, n);
  return G_SOURCE_CONTINUE;
}

static void
run_screen_case (const char *case_name,
                 int         width,
                 int         height,
                 gboolean    raw,
                 double      seconds)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint history = HISTORY_S * RATE_HZ;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, history);
  GtkWidget *window = gtk_window_new (), *view = proprio_emg_view_new ();
  ScreenRun run = { view, rand, proprio_clock_now_us () - (gint64) HISTORY_S * G_USEC_PER_SEC,
                    0, 0, history, 0, FALSE, frames };
  ProprioBenchStats t;
  guint tick;

  setup_view (view, FALSE, raw, FALSE);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) != width || gtk_widget_get_height (view) != height)
    g_main_context_iteration (NULL, TRUE);
  for (guint64 k = 0; k < history; k++)
    samples[k] = sample_at (k, run.t0 + (gint64) k * G_USEC_PER_SEC / RATE_HZ, rand);
  proprio_emg_view_push (PROPRIO_EMG_VIEW (view), samples, history);
  run.k = history;

  tick = gtk_widget_add_tick_callback (view, screen_tick_cb, &run, NULL);
  proprio_bench_run_ms (500);
  run.measuring = TRUE;
  proprio_bench_run_ms ((guint) (seconds * 1000));
  run.measuring = FALSE;
  gtk_widget_remove_tick_callback (view, tick);

  proprio_bench_stats (frames, &t);
  g_print ("%s: %dx%d in a window, %u channels at %d Hz, %s, drawn by GTK on its frame clock\n",
           case_name, width, height, N_CH, RATE_HZ,
           raw ? "bars, 10 s strips and raw traces" : "bars and 10 s strips");
  proprio_bench_print_stats ("CPU per frame (main thread)", &t, 1000, "ms");
  g_print ("  budget %.1f ms CPU a frame: median %s, p99 %s\n", BUDGET_MS,
           t.median / 1000 <= BUDGET_MS ? "within" : "OVER",
           t.p99 / 1000 <= BUDGET_MS ? "within" : "OVER");
  proprio_bench_json ("emg-view", case_name, "n", (double) t.n, "min_ms", t.min / 1000,
                      "p50_ms", t.median / 1000, "p99_ms", t.p99 / 1000, "max_ms", t.max / 1000,
                      "budget_ms", BUDGET_MS, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  double seconds;

  g_set_prgname ("bench-emg-view");
  seconds = proprio_bench_parse_duration (&argc, &argv, 3, "(per case)");
  proprio_bench_gui_init ("bench-emg-view");

  run_case ("bars-8ch", 1280, 720, FALSE, FALSE, FALSE, seconds);
  run_case ("bars-8ch-raw", 1280, 720, FALSE, TRUE, FALSE, seconds);
  run_case ("pair", 1280, 720, FALSE, TRUE, TRUE, seconds);
  run_case ("compact-8ch", 384, 288, TRUE, FALSE, FALSE, seconds);
  run_screen_case ("bars-8ch-screen", 1280, 720, FALSE, seconds);
  run_screen_case ("bars-8ch-raw-screen", 1280, 720, TRUE, seconds);
  return 0;
}
