/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long the CoP view takes per frame with a 10 s × 100 Hz trail: building its snapshot (what the
 * main thread pays each frame) and rendering that to pixels with the Cairo renderer. Needs a
 * display: run it under `xvfb-run -a`. Usage: bench-cop-view [frames] */

#include <math.h>
#include <stdlib.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-cop-view.h"

#define RATE_HZ   100
#define SECONDS   10
#define WIDTH     800
#define HEIGHT    500

/* Quiet standing sways at some 10–20 mm/s; the fast case moves ~100 mm/s, so that almost every
 * point is a pixel or more from the last and none can be skipped. */
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

static GskRenderNode *
take_snapshot (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
run (GtkWidget   *view,
     GskRenderer *renderer,
     int          frames,
     gboolean     fast)
{
  const int n = RATE_HZ * SECONDS;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, n);
  gint64 now = proprio_clock_now_us (), start, snapshot_us = 0, render_us = 0, worst_us = 0;

  proprio_cop_view_clear (PROPRIO_COP_VIEW (view));
  for (int i = 0; i < n; i++)
    samples[i] = sample_at (now - (gint64) (n - 1 - i) * (G_USEC_PER_SEC / RATE_HZ),
                            i / (double) RATE_HZ, fast);
  proprio_cop_view_push (PROPRIO_COP_VIEW (view), samples, n);

  /* Each frame gets a new sample, as when live, so nothing but the board is reused. Frame −1
   * warms up (fonts, the board) and is not counted. */
  for (int f = -1; f < frames; f++)
    {
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      ProprioSample s = sample_at (proprio_clock_now_us (), (n + f) / (double) RATE_HZ, fast);
      gint64 frame_start;

      proprio_cop_view_push (PROPRIO_COP_VIEW (view), &s, 1);
      frame_start = start = g_get_monotonic_time ();
      node = take_snapshot (view);
      snapshot_us += g_get_monotonic_time () - start;

      start = g_get_monotonic_time ();
      texture = gsk_renderer_render_texture (renderer, node,
                                             &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      render_us += g_get_monotonic_time () - start;
      worst_us = MAX (worst_us, g_get_monotonic_time () - frame_start);
      if (f < 0)
        snapshot_us = render_us = worst_us = 0;
    }

  g_print ("%s sway, %dx%d, trail and ellipse %d s x %d Hz (%d points), %d frames:\n",
           fast ? "fast (~100 mm/s)" : "quiet standing (~15 mm/s)",
           WIDTH, HEIGHT, SECONDS, RATE_HZ, n, frames);
  g_print ("  snapshot (main thread)     %8.3f ms/frame\n", snapshot_us / (1000.0 * frames));
  g_print ("  render (Cairo renderer)    %8.3f ms/frame\n", render_us / (1000.0 * frames));
  g_print ("  total                      %8.3f ms/frame (worst %.3f ms; 60 Hz budget 16.7 ms)\n",
           (snapshot_us + render_us) / (1000.0 * frames), worst_us / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  int frames = argc > 1 ? atoi (argv[1]) : 300;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window, *view;

  if (frames <= 0 || !gtk_init_check ())
    {
      g_printerr ("bench-cop-view: needs a display (run under xvfb-run -a) and frames > 0\n");
      return 1;
    }

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  view = proprio_cop_view_new ();
  proprio_cop_view_set_trail_seconds (PROPRIO_COP_VIEW (view), SECONDS);
  proprio_cop_view_set_ellipse_seconds (PROPRIO_COP_VIEW (view), SECONDS);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (view) != WIDTH || gtk_widget_get_height (view) != HEIGHT)
    g_main_context_iteration (NULL, TRUE);

  /* Always the Cairo renderer: software, so the figure does not depend on the GPU or driver
   * (under Xvfb the GL renderer runs on llvmpipe and measures that instead). */
  renderer = gsk_cairo_renderer_new ();
  if (!gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (window)), &error))
    {
      g_printerr ("bench-cop-view: %s\n", error->message);
      return 1;
    }

  run (view, renderer, frames, FALSE);
  run (view, renderer, frames, TRUE);

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
