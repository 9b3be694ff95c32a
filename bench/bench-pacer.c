/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the pacer costs and how late its cues are:
 *
 *   view-breath-300, view-breath-900, view-tempo-300: the pacer view at 300×330 (the overlay's
 *     card on a 720 px window) and 900×900 (the panel fullscreen on a patient's screen) while
 *     breathing in or going down, so every frame changes: the time display advances by one
 *     60 Hz frame, then its snapshot is built and rendered with the Cairo renderer offscreen.
 *     CPU time of the main thread per frame (CLOCK_THREAD_CPUTIME_ID).
 *   engine-state: proprio_pacer_get_state () on an endless run an hour in (whole cycles are
 *     stepped over at once), per call.
 *   cue-latency: a beep played through the pacer's GStreamer pipeline into an appsink that
 *     renders in real time (sync=TRUE): from proprio_pacer_sound_play () to the first non-silent
 *     sample reaching the sink, one cue every 250 ms. A real sound card adds its own buffer (the
 *     pipeline asks for 60 ms).
 *
 * Needs a display (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-pacer [--seconds N]     (N per case, default 3) */
#define G_LOG_DOMAIN "bench-pacer"

#include <gst/app/gstappsink.h>
#include <time.h>

#include "app/proprio-pacer-sound.h"
#include "core/proprio-clock.h"
#include "widgets/proprio-pacer-view.h"
#include "proprio-bench.h"

#define FRAME_US 16667

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
view_case (const char *case_name,
           const char *preset,
           int         width,
           int         height,
           double      seconds)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  g_autoptr(GArray) frame_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new (), *view;
  ProprioPacerPattern p;
  ProprioBenchStats st;
  gint64 t0 = G_GINT64_CONSTANT (1000000000);
  int frames = (int) (seconds * 60);

  proprio_pacer_set_preset (pacer, preset, NULL);
  proprio_pacer_get_pattern (pacer, &p);
  /* One long moving phase, so that every frame draws something new. */
  p.phase_us[0] = 60 * G_USEC_PER_SEC;
  proprio_pacer_set_pattern (pacer, &p, preset, NULL);
  proprio_pacer_start (pacer, t0);

  view = proprio_pacer_view_new (pacer);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) != width || gtk_widget_get_height (view) != height)
    g_main_context_iteration (NULL, TRUE);
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (window)), &error))
    g_error ("%s", error->message);

  /* Frame −1 warms up (fonts, layouts) and is not counted. */
  for (int f = -1; f < frames; f++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkSnapshot *snapshot;
      gint64 start, took;

      proprio_pacer_view_set_display_time (PROPRIO_PACER_VIEW (view),
                                           t0 + (gint64) (f + 1) * FRAME_US);
      start = thread_cpu_us ();
      snapshot = gtk_snapshot_new ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      took = thread_cpu_us () - start;
      if (f >= 0)
        g_array_append_val (frame_us, took);
    }
  proprio_bench_stats (frame_us, &st);
  g_print ("%s: %s at %dx%d, snapshot + Cairo render, a new picture every frame\n", case_name,
           preset, width, height);
  proprio_bench_print_stats ("frame (main thread CPU)", &st, 1000, "ms");
  proprio_bench_json ("pacer", case_name, "n", (double) st.n, "p50_ms", st.median / 1000,
                      "p99_ms", st.p99 / 1000, "max_ms", st.max / 1000, NULL);
  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
engine_case (void)
{
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  gint64 t0 = G_GINT64_CONSTANT (1000000000), start, took;
  const guint n = 1000000;
  ProprioPacerState st;
  double sum = 0;

  proprio_pacer_start (pacer, t0);
  start = thread_cpu_us ();
  for (guint i = 0; i < n; i++)
    {
      proprio_pacer_get_state (pacer, t0 + 3600 * G_GINT64_CONSTANT (1000000) + i * 997, &st);
      sum += st.level;
    }
  took = thread_cpu_us () - start;
  g_print ("engine-state: %u queries an hour into an endless 4-7-8 run: %.1f ns a query "
           "(checksum %.0f)\n", n, took * 1000.0 / n, sum);
  proprio_bench_json ("pacer", "engine-state", "n", (double) n, "ns_per_query",
                      took * 1000.0 / n, NULL);
}

typedef struct
{
  GMutex lock;
  gint64 first_sound_us;   /* when the first non-silent sample arrived after a play, or 0 */
  gboolean armed;
} Ear;

static GstFlowReturn
hear_cb (GstAppSink *sink,
         gpointer    user_data)
{
  Ear *ear = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gint64 now = proprio_clock_now_us ();
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&ear->lock);
  if (ear->armed)
    for (gsize i = 0; i < map.size / 2; i++)
      if (((const gint16 *) map.data)[i] != 0)
        {
          ear->first_sound_us = now;
          ear->armed = FALSE;
          break;
        }
  g_mutex_unlock (&ear->lock);
  gst_buffer_unmap (buffer, &map);
  return GST_FLOW_OK;
}

static void
run_for (guint ms)
{
  gint64 until = proprio_clock_now_us () + ms * 1000;

  while (proprio_clock_now_us () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
cue_case (double seconds)
{
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/x-raw,format=S16LE,channels=1,"
                                                  "rate=22050,layout=interleaved");
  GstAppSinkCallbacks callbacks = { .new_sample = hear_cb };
  g_autoptr(GArray) latency = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  g_autoptr(ProprioPacerSound) sound = NULL;
  Ear ear = { 0 };
  ProprioBenchStats st;
  guint cues = (guint) (seconds * 4);

  if (sink == NULL)
    {
      g_print ("cue-latency: skipped (no appsink)\n");
      return;
    }
  g_mutex_init (&ear.lock);
  g_object_set (sink, "sync", TRUE, "caps", caps, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &ear, NULL);
  sound = proprio_pacer_sound_new_for_sink (sink);
  g_object_set (sound, "speech", FALSE, NULL);
  proprio_pacer_sound_prepare (sound, pacer);
  run_for (500);

  for (guint i = 0; i < cues; i++)
    {
      ProprioPacerEvent e = { PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_INHALE, 1, 1, 0 };
      gint64 heard;

      g_mutex_lock (&ear.lock);
      ear.armed = TRUE;
      ear.first_sound_us = 0;
      g_mutex_unlock (&ear.lock);
      e.t_us = proprio_clock_now_us ();
      proprio_pacer_sound_play (sound, &e);
      run_for (250);
      g_mutex_lock (&ear.lock);
      heard = ear.first_sound_us;
      g_mutex_unlock (&ear.lock);
      if (heard > 0)
        {
          gint64 d = heard - e.t_us;

          g_array_append_val (latency, d);
        }
    }
  proprio_bench_stats (latency, &st);
  g_print ("cue-latency: %u beeps into an appsink (sync), play () to the first sound\n", cues);
  proprio_bench_print_stats ("latency", &st, 1000, "ms");
  proprio_bench_json ("pacer", "cue-latency", "n", (double) st.n, "p50_ms", st.median / 1000,
                      "p99_ms", st.p99 / 1000, "max_ms", st.max / 1000, NULL);
  g_object_run_dispose (G_OBJECT (sound));
  g_mutex_clear (&ear.lock);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = proprio_bench_parse_duration (&argc, &argv, 3, "bench-pacer [--seconds N]");

  proprio_bench_gui_init ("bench-pacer");
  gst_init (NULL, NULL);
  g_print ("method: %s\n", "CPU time of the main thread per frame; wall time for cues");
  view_case ("view-breath-300", "breath-4-7-8", 300, 330, seconds);
  view_case ("view-breath-900", "breath-4-7-8", 900, 900, seconds);
  view_case ("view-tempo-300", "tempo-3-1-3", 300, 330, seconds);
  engine_case ();
  cue_case (seconds);
  return 0;
}
