/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sample to photon: from a step on the wire to the pixels that show it on the framebuffer.
 *
 * Method. A writer thread puts a square wave on a pseudo-terminal: balance lines whose centre of
 * pressure jumps between x = −92.8 mm and x = +92.8 mm every STEP ms (137 ms, not a multiple of the
 * 16.7 ms frame interval, so the steps land on every phase of the frame clock). The first line
 * of each new half-period is stamped on CLOCK_MONOTONIC just before write(). The real parts
 * draw it: ProprioDevice on the pty (termios transport, reader thread, balance parser, ring),
 * ProprioStation, the Balance page in a real window, GTK's Cairo renderer, the X server. A
 * poller thread with its own X connection reads, with XGetImage, a 5×5 patch where the dot lands
 * on the side the step goes to, every POLL µs from the step on, and stamps the first read whose
 * patch is the dot's red. latency = that stamp − the write stamp; it includes the pty, parsing,
 * waiting for the next frame, drawing, and the X server's copy to the framebuffer. The poll
 * period bounds the resolution (the figure is up to POLL µs late).
 *
 * Cases are a table (balance 100 Hz and 1 kHz now; Cyton/EMG and angle cases come with their
 * pages). Needs an X display (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-sample-to-photon [--seconds N]     (N per case, default 4)
 * BENCH_DEBUG=FILE.png saves the window as the poller sees it (to check where the patches are)
 * and prints a patch's colour now and then. */
#define G_LOG_DOMAIN "bench-sample-to-photon"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "app/proprio-balance-page.h"
#include "core/proprio-clock.h"
#include "widgets/proprio-cop-view.h"
#include "proprio-bench.h"

#define POLL_US   300
#define PATCH     5
/* Where the lines put the dot: W/2 · ((TR + BR) − (TL + BL)) / total, W = 433 mm. */
#define X_MM      (433.0 / 2 * (50.0 - 20.0) / 70.0)

typedef struct
{
  const char *name;
  const char *protocol;
  double      rate_hz;
  guint       step_ms;
} BenchCase;

static const BenchCase cases[] = {
  { "balance-100hz", "balance", 100, 137 },
  { "balance-1khz", "balance", 1000, 137 },
};

typedef struct
{
  const BenchCase *c;

  /* Written by the writer thread, read by the poller, under `lock`. */
  GMutex           lock;
  GCond            cond;
  guint            step_seq;
  int              step_side;    /* 0 left, 1 right */
  gint64           step_us;
  gint             stop;

  /* The poller's. */
  Window           xid;
  int              patch_x[2], patch_y[2];   /* top-left of each side's patch, window pixels */
  GArray          *latency_us;
  guint            missed;
  guint            polls;
} Photon;

static int
side_of (const BenchCase *c,
         guint64          i)
{
  guint64 t_us = (guint64) (i * G_USEC_PER_SEC / c->rate_hz);

  return (int) ((t_us / (c->step_ms * 1000)) % 2);
}

static gsize
square_line (guint64  i,
             char    *buf,
             gsize    size,
             gpointer data)
{
  Photon *p = data;
  /* 70 kg, 50 of them on one side: x = ±W/2 · 30/70 = ±92.8 mm. */
  int n = side_of (p->c, i) ? g_snprintf (buf, size, "10.0,25.0,10.0,25.0\r\n")
                            : g_snprintf (buf, size, "25.0,10.0,25.0,10.0\r\n");

  return (gsize) n;
}

static void
on_write (guint64  i,
          gint64   t_us,
          gpointer data)
{
  Photon *p = data;
  int side = side_of (p->c, i);

  if (i == 0 || side == side_of (p->c, i - 1))
    return;
  g_mutex_lock (&p->lock);
  p->step_seq++;
  p->step_side = side;
  p->step_us = t_us;
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);
}

/* The dot is COP_VIEW_RED_3 (#e01b24) inside a ring of the view's background. */
static gboolean
patch_is_dot (XImage *image)
{
  guint red = 0;

  for (int y = 0; y < PATCH; y++)
    for (int x = 0; x < PATCH; x++)
      {
        unsigned long px = XGetPixel (image, x, y);
        guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        red += r > 170 && g < 90 && b < 90;
      }
  return red > PATCH * PATCH / 2;
}

static void
sleep_us (gint64 us)
{
  struct timespec ts = { us / G_USEC_PER_SEC, (us % G_USEC_PER_SEC) * 1000 };

  nanosleep (&ts, NULL);
}

static gpointer
poller (gpointer data)
{
  Photon *p = data;
  Display *display = XOpenDisplay (NULL);
  guint seen_seq = 0;

  if (display == NULL)
    g_error ("the poller cannot open the X display");
  g_mutex_lock (&p->lock);
  seen_seq = p->step_seq;
  for (;;)
    {
      guint seq;
      int side;
      gint64 step_us;
      gboolean found = FALSE;

      while (p->step_seq == seen_seq && !p->stop)
        g_cond_wait (&p->cond, &p->lock);
      if (p->stop)
        break;
      seq = seen_seq = p->step_seq;
      side = p->step_side;
      step_us = p->step_us;
      g_mutex_unlock (&p->lock);

      /* Poll until the dot shows on that side, or the next step comes first. */
      while (!found && (guint) g_atomic_int_get ((gint *) &p->step_seq) == seq
             && !g_atomic_int_get (&p->stop))
        {
          XImage *image = XGetImage (display, p->xid, p->patch_x[side], p->patch_y[side],
                                     PATCH, PATCH, AllPlanes, ZPixmap);
          gint64 now = proprio_clock_now_us ();

          p->polls++;
          if (image != NULL)
            {
              if (g_getenv ("BENCH_DEBUG") && p->polls % 50 == 0)
                g_printerr ("side %d at %d,%d: %06lx\n", side, p->patch_x[side], p->patch_y[side],
                            XGetPixel (image, PATCH / 2, PATCH / 2));
              found = patch_is_dot (image);
              XDestroyImage (image);
            }
          if (found)
            {
              gint64 latency = now - step_us;
              g_array_append_val (p->latency_us, latency);
            }
          else
            sleep_us (POLL_US);
        }
      if (!found)
        p->missed++;
      g_mutex_lock (&p->lock);
    }
  g_mutex_unlock (&p->lock);
  XCloseDisplay (display);
  return NULL;
}

static gboolean
is_streaming (ProprioDevice *device)
{
  return proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

static gboolean
run_case (const BenchCase *c,
          double           seconds,
          GSettings       *settings)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *spec = NULL;
  ProprioBenchWriter *writer;
  ProprioBenchStats stats;
  ProprioDeviceHealth health;
  GtkWidget *window, *page;
  ProprioCopView *view;
  GThread *thread;
  Photon p = { .c = c };
  int master = proprio_bench_open_pty (&path);
  gint64 deadline;
  double sx, sy;

  if (master < 0)
    {
      g_printerr ("bench-sample-to-photon: no pseudo-terminal\n");
      return FALSE;
    }
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  p.latency_us = g_array_new (FALSE, FALSE, sizeof (gint64));

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  proprio_station_set_sound_enabled (station, FALSE);
  page = proprio_balance_page_new (station, settings);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  spec = g_strdup_printf ("%s?protocol=%s&baud=921600", path, c->protocol);
  if (!proprio_station_set_device_spec (station, spec, &error))
    {
      g_printerr ("bench-sample-to-photon: %s\n", error->message);
      return FALSE;
    }
  view = PROPRIO_COP_VIEW (gtk_widget_get_template_child (page, PROPRIO_TYPE_BALANCE_PAGE,
                                                          "view"));
  proprio_cop_view_set_zoom (view, 1.0);

  writer = proprio_bench_writer_start (master, c->rate_hz, square_line, on_write, &p);
  deadline = proprio_clock_now_us () + 10 * G_USEC_PER_SEC;
  while ((!is_streaming (proprio_station_get_device (station)) || !gtk_widget_get_mapped (page))
         && proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, TRUE);
  proprio_bench_run_ms (500);
  if (!is_streaming (proprio_station_get_device (station)))
    {
      g_printerr ("bench-sample-to-photon: %s did not stream\n", spec);
      return FALSE;
    }

  /* Where the dot lands on each side, in the X window's pixels. */
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  for (int side = 0; side < 2; side++)
    {
      double vx, vy;
      graphene_point_t w;

      if (!proprio_cop_view_board_to_widget (view, side ? X_MM : -X_MM, 0, &vx, &vy)
          || !gtk_widget_compute_point (GTK_WIDGET (view), window,
                                        &GRAPHENE_POINT_INIT (vx, vy), &w))
        {
          g_printerr ("bench-sample-to-photon: the board view has no size\n");
          return FALSE;
        }
      p.patch_x[side] = (int) lround (w.x + sx) - PATCH / 2;
      p.patch_y[side] = (int) lround (w.y + sy) - PATCH / 2;
    }
  p.xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));

  if (g_getenv ("BENCH_DEBUG"))
    {
      Display *d = XOpenDisplay (NULL);
      XWindowAttributes a;
      XImage *im;
      GdkPixbuf *pb;
      guchar *px8;

      XGetWindowAttributes (d, p.xid, &a);
      im = XGetImage (d, p.xid, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
      pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, a.width, a.height);
      px8 = gdk_pixbuf_get_pixels (pb);
      for (int y = 0; y < a.height; y++)
        for (int x = 0; x < a.width; x++)
          {
            unsigned long px = XGetPixel (im, x, y);
            guchar *o = px8 + y * gdk_pixbuf_get_rowstride (pb) + 3 * x;
            o[0] = (px >> 16) & 0xff; o[1] = (px >> 8) & 0xff; o[2] = px & 0xff;
          }
      gdk_pixbuf_save (pb, g_getenv ("BENCH_DEBUG"), "png", NULL, NULL);
      g_object_unref (pb);
      XDestroyImage (im);
      XCloseDisplay (d);
    }
  thread = g_thread_new ("bench-poller", poller, &p);
  proprio_bench_run_ms ((guint) (seconds * 1000));
  g_mutex_lock (&p.lock);
  p.stop = 1;
  g_cond_signal (&p.cond);
  g_mutex_unlock (&p.lock);
  g_thread_join (thread);
  proprio_bench_writer_stop (writer);

  proprio_device_get_health (proprio_station_get_device (station), &health);
  proprio_bench_stats (p.latency_us, &stats);
  g_print ("%s: %s %g Hz, a step every %u ms for %.0f s; patch %dx%d polled every %d µs\n",
           c->name, c->protocol, c->rate_hz, c->step_ms, seconds, PATCH, PATCH, POLL_US);
  proprio_bench_print_stats ("step written -> dot on the framebuffer", &stats, 1000, "ms");
  g_print ("  steps not seen before the next one: %u; device %.0f Hz, lost %" G_GUINT64_FORMAT
           ", skipped %" G_GUINT64_FORMAT "; budget median <= 10 ms, p99 <= 18.7 ms\n",
           p.missed, health.rate_hz, health.lost + health.ring_overflows, health.skipped_lines);
  proprio_bench_json ("sample-to-photon", c->name,
                      "n", (double) stats.n, "min_ms", stats.min / 1000,
                      "p50_ms", stats.median / 1000, "p99_ms", stats.p99 / 1000,
                      "max_ms", stats.max / 1000, "missed", (double) p.missed, NULL);

  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (window));
  close (master);
  g_array_unref (p.latency_us);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return stats.n > 0;
}

int
main (int   argc,
      char *argv[])
{
  double seconds;
  g_autoptr(GSettings) settings = NULL;
  gboolean ok = TRUE;

  g_set_prgname ("bench-sample-to-photon");
  seconds = proprio_bench_parse_duration (&argc, &argv, 4, "(per case)");
  /* The poller thread has its own connection; Xlib still wants to know threads exist. */
  XInitThreads ();
  proprio_bench_gui_init ("bench-sample-to-photon");
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP bench-sample-to-photon reads the framebuffer with Xlib: needs X11\n");
      return PROPRIO_BENCH_SKIP;
    }
  settings = g_settings_new ("io.github.proprio.Proprio");
  g_print ("renderer %s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    ok &= run_case (&cases[i], seconds, settings);
  proprio_device_wait_for_readers (3000);
  return ok ? 0 : 1;
}
