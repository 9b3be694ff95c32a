/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Render cost per frame, with the Cairo renderer offscreen (gsk_renderer_render_texture), so
 * the figure is software drawing and does not depend on a GPU or driver:
 *
 *   cop-view-*: the CoP view at 800×500 with a 10 s trail and the 10 s ellipse at 1 kHz (10 000
 *     points), each frame given the 17 new samples a 60 Hz frame gets at 1 kHz, then its
 *     snapshot built and rendered: what the view costs the main thread a frame. Quiet standing
 *     (~15 mm/s) and fast sway (~100 mm/s, every point a pixel or more from the last).
 *   mirror-video-720p: the Mirror page's video area (the 720p30 test camera, six overlays and
 *     the CoP inset on a 1 kHz simulated board) in a 1280×800 window, snapshotted and rendered
 *     after each new camera frame.
 *
 * Figures are CPU time of the main thread (CLOCK_THREAD_CPUTIME_ID), so a busy machine does not
 * inflate them; min / median / p99 / max per frame. Needs a display (xvfb-run -a); without one it
 * prints a TAP skip and exits 77.
 *   bench-render [--seconds N]     (N per case, default 3) */
#define G_LOG_DOMAIN "bench-render"

#include <math.h>
#include <time.h>

#include "app/proprio-mirror-page.h"
#include "core/proprio-clock.h"
#include "widgets/proprio-cop-view.h"
#include "proprio-bench.h"

#define RATE_HZ   1000
#define SECONDS   10
#define WIDTH     800
#define HEIGHT    500

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static ProprioSample
sample_at (gint64   t_us,
           double   t_s,
           gboolean fast)
{
  ProprioSample s = { 0 };
  double x, y;

  if (fast)
    {
      x = 40 * sin (1.3 * t_s) + 8 * sin (7.1 * t_s);
      y = 25 * sin (2.1 * t_s) + 5 * sin (11.3 * t_s);
    }
  else
    {
      x = 6 * sin (1.1 * t_s) + 2 * sin (4.3 * t_s);
      y = 8 * sin (0.7 * t_s) + 3 * sin (3.1 * t_s);
    }
  s.t_us = t_us;
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  s.values[PROPRIO_BALANCE_CHANNEL_TL] = 18;
  s.values[PROPRIO_BALANCE_CHANNEL_TR] = 17;
  s.values[PROPRIO_BALANCE_CHANNEL_BL] = 19;
  s.values[PROPRIO_BALANCE_CHANNEL_BR] = 16;
  s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = 70;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = x;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = y;
  return s;
}

/* The snapshot GTK would take of `widget`: its own drawing and its children's. */
static GskRenderNode *
take_snapshot (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
report (const char *case_name,
        const char *what,
        GArray     *total_us,
        GArray     *snapshot_us,
        GArray     *render_us,
        double      budget_ms)
{
  ProprioBenchStats t, s, r;

  proprio_bench_stats (snapshot_us, &s);
  proprio_bench_stats (render_us, &r);
  proprio_bench_stats (total_us, &t);
  g_print ("%s: %s\n", case_name, what);
  proprio_bench_print_stats ("snapshot (main thread)", &s, 1000, "ms");
  proprio_bench_print_stats ("render (Cairo, offscreen)", &r, 1000, "ms");
  proprio_bench_print_stats ("frame total", &t, 1000, "ms");
  if (budget_ms > 0)
    g_print ("  budget %.2f ms CPU a frame: median %s\n", budget_ms,
             t.median / 1000 <= budget_ms ? "within" : "OVER");
  proprio_bench_json ("render", case_name, "n", (double) t.n, "min_ms", t.min / 1000,
                      "p50_ms", t.median / 1000, "p99_ms", t.p99 / 1000, "max_ms", t.max / 1000,
                      "snapshot_p50_ms", s.median / 1000, "render_p50_ms", r.median / 1000, NULL);
}

static void
run_cop_view (GtkWidget   *view,
              GskRenderer *renderer,
              double       seconds,
              gboolean     fast)
{
  const int n = RATE_HZ * SECONDS, per_frame = (RATE_HZ + 59) / 60;
  const int frames = (int) (seconds * 60);
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, n);
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rend = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now = proprio_clock_now_us (), t_us;
  g_autofree char *what = NULL;
  int index = n;

  proprio_cop_view_clear (PROPRIO_COP_VIEW (view));
  for (int i = 0; i < n; i++)
    samples[i] = sample_at (now - (gint64) (n - 1 - i) * (G_USEC_PER_SEC / RATE_HZ),
                            i / (double) RATE_HZ, fast);
  proprio_cop_view_push (PROPRIO_COP_VIEW (view), samples, n);
  t_us = now;

  /* Frame −1 warms up (fonts, the board) and is not counted. */
  for (int f = -1; f < frames; f++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      ProprioSample batch[32];
      gint64 t0, t1, t2;

      for (int k = 0; k < per_frame; k++, index++)
        {
          t_us += G_USEC_PER_SEC / RATE_HZ;
          batch[k] = sample_at (t_us, index / (double) RATE_HZ, fast);
        }
      t0 = thread_cpu_us ();
      proprio_cop_view_push (PROPRIO_COP_VIEW (view), batch, (gsize) per_frame);
      node = take_snapshot (view);
      t1 = thread_cpu_us ();
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      t2 = thread_cpu_us ();
      if (f >= 0)
        {
          gint64 s = t1 - t0, r = t2 - t1, t = t2 - t0;

          g_array_append_val (snap, s);
          g_array_append_val (rend, r);
          g_array_append_val (total, t);
        }
    }
  what = g_strdup_printf ("%s, %dx%d, trail and ellipse %d s x %d Hz (%d points), "
                          "%d samples pushed a frame", fast ? "fast sway" : "quiet standing",
                          WIDTH, HEIGHT, SECONDS, RATE_HZ, n, per_frame);
  report (fast ? "cop-view-1khz-fast" : "cop-view-1khz-quiet", what, total, snap, rend, 0.5);
}

static void
cop_view_cases (double seconds)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new (), *view = proprio_cop_view_new ();

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  proprio_cop_view_set_trail_seconds (PROPRIO_COP_VIEW (view), SECONDS);
  proprio_cop_view_set_ellipse_seconds (PROPRIO_COP_VIEW (view), SECONDS);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) != WIDTH || gtk_widget_get_height (view) != HEIGHT)
    g_main_context_iteration (NULL, TRUE);
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (window)), &error))
    g_error ("%s", error->message);

  run_cop_view (view, renderer, seconds, FALSE);
  run_cop_view (view, renderer, seconds, TRUE);
  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the Mirror page's video area ---- */

typedef struct
{
  GtkWidget   *area;
  GskRenderer *renderer;
  GArray      *total, *snap, *rend;
  guint        frames;
} MirrorRun;

static gboolean
measure_frame (gpointer data)
{
  MirrorRun *run = data;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (run->area), h = gtk_widget_get_height (run->area);
  gint64 t0, t1, t2, s, r, t;

  t0 = thread_cpu_us ();
  node = take_snapshot (run->area);
  t1 = thread_cpu_us ();
  texture = gsk_renderer_render_texture (run->renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  t2 = thread_cpu_us ();
  s = t1 - t0, r = t2 - t1, t = t2 - t0;
  /* The first frames load the pattern and fonts: not counted. */
  if (run->frames++ >= 3)
    {
      g_array_append_val (run->snap, s);
      g_array_append_val (run->rend, r);
      g_array_append_val (run->total, t);
    }
  return G_SOURCE_REMOVE;
}

/* After the page took the new frame: measure once the main loop is idle again. */
static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          MirrorRun     *run)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, measure_frame, run, NULL);
}

static void
mirror_case (double     seconds,
             GSettings *settings)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) rend = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *what = NULL;
  MirrorRun run = { 0 };
  GtkWidget *window = gtk_window_new (), *page;
  ProprioOverlay *overlay;
  ProprioCamera *camera;

  proprio_station_set_sound_enabled (station, FALSE);
  if (!proprio_station_set_device_spec (station, "sim:balance?rate=1000", &error))
    g_error ("%s", error->message);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = proprio_mirror_page_new (station, settings, "test");
  gtk_window_set_child (GTK_WINDOW (window), page);
  overlay = proprio_mirror_page_get_overlay (PROPRIO_MIRROR_PAGE (page));
  proprio_overlay_add_plumb (overlay, 0.5);
  proprio_overlay_add_level (overlay, 0.4);
  proprio_overlay_add_grid (overlay, 0.1, 0.1, 0.2, 0.2);
  proprio_overlay_add_line (overlay, 0.2, 0.8, 0.7, 0.3);
  proprio_overlay_add_circle (overlay, 0.6, 0.6, 0.7, 0.6);
  proprio_overlay_add_angle (overlay, 0.3, 0.3, 0.4, 0.5, 0.6, 0.35);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (window)), &error))
    g_error ("%s", error->message);

  run.area = GTK_WIDGET (gtk_widget_get_template_child (page, PROPRIO_TYPE_MIRROR_PAGE,
                                                        "video_overlay"));
  run.renderer = renderer;
  run.total = total, run.snap = snap, run.rend = rend;
  camera = proprio_mirror_page_get_camera (PROPRIO_MIRROR_PAGE (page));
  /* Let the camera start and the page settle on its size before measuring. */
  proprio_bench_run_ms (700);
  g_signal_connect_after (camera, "frame", G_CALLBACK (on_frame), &run);
  proprio_bench_run_ms ((guint) (seconds * 1000) + 500);
  g_signal_handlers_disconnect_by_data (camera, &run);
  /* A measurement may still be queued: let it run while `run` exists. */
  proprio_bench_run_ms (50);

  what = g_strdup_printf ("Mirror video area %dx%d, test camera (1280x720@30), 6 overlays, "
                          "CoP inset on a 1 kHz board, %u camera frames",
                          gtk_widget_get_width (run.area), gtk_widget_get_height (run.area),
                          total->len);
  report ("mirror-video-720p", what, total, snap, rend, 0);

  gsk_renderer_unrealize (renderer);
  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  double seconds;

  g_set_prgname ("bench-render");
  seconds = proprio_bench_parse_duration (&argc, &argv, 3, "(per case)");
  proprio_bench_gui_init ("bench-render");
  settings = g_settings_new ("io.github.proprio.Proprio");

  cop_view_cases (seconds);
  mirror_case (seconds, settings);
  proprio_device_wait_for_readers (3000);
  return 0;
}
