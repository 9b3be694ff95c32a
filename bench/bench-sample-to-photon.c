/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sample to photon: from a step on the wire to the pixels that show it on the framebuffer.
 *
 * Method. A writer thread puts a square wave on a pseudo-terminal, in the protocol of the case:
 * the signal jumps between two levels every STEP ms (137 ms, not a multiple of the 16.7 ms frame
 * interval, so the steps land on every phase of the frame clock). The first line or packet of
 * each new half-period is stamped on CLOCK_MONOTONIC just before write(). The real parts draw
 * it: ProprioDevice on the pty (termios transport, reader thread, parser, the EMG stage for EMG,
 * ring), ProprioStation, the case's page in a real window, GTK's Cairo renderer, the X server. A
 * poller thread with its own X connection reads, with XGetImage, a 5×5 patch where the step
 * shows, every POLL µs from the step on, and stamps the first read whose patch is in the new
 * state (most of its pixels within TOLERANCE of the patch's colour, or most of them not).
 * latency = that stamp − the write stamp; it includes the pty, parsing, the filters, waiting for
 * the next frame, drawing, and the X server's copy to the framebuffer. The poll period bounds the
 * resolution (the figure is up to POLL µs late). A step whose patch did not change before the
 * next step is "missed".
 *
 * The cases (each placed from the widget's own geometry, so the patch is where it draws):
 *   balance-100hz, balance-1khz   balance lines, the centre of pressure at x = ±92.8 mm on the
 *       Balance page; the patch is where the dot lands on the side the step goes to, and shows
 *       the dot's red.
 *   cyton-250hz-muscle            an OpenBCI Cyton: binary 33-byte packets at 250 Hz after the
 *       board's "v" → "…$$$", "b" handshake, which the bench answers on the pty.
 *   lines-2khz-muscle             8 channels of µV in text lines at 2 kHz ("lines" protocol).
 *       Both EMG cases put an 80 Hz sine on the eight channels whose amplitude steps between
 *       36 and 300 µV: an envelope (RMS over the default 100 ms, after the 20 Hz high-pass and
 *       the 50 Hz notches) of 25 and 212 µV, 10 % and 85 % of the bar on the Muscle page's live
 *       view (the automatic scale: 250 µV), in a 1280×1000 window so the bars are tall (about
 *       190 px; xvfb-run's default 1280×1024 screen holds it). The bar is the second channel's: the page puts its Activate band on the first,
 *       whose bar changes colour across it. The envelope is part of what the patient sees, but
 *       it takes its whole window to settle; the bench measures the first frame that shows the
 *       change: a patch inside the bar 4 px above the low level (31 µV) that fills with the
 *       channel's colour on a rise, and one 4 px below the high level (207 µV) that empties on a
 *       fall. Fed the same samples offline, the envelope crosses those 2–3 ms after the step on a
 *       rise and 7–8 ms after it on a fall (the filters' delay; an RMS falls slowly at first):
 *       those ms are in the figures, which also print by direction.
 *   angle-joint-dial              a goniometer in text lines ("angle:40.0", the "lines" protocol
 *       with a channel in degrees, the Joint position page's device source) at 100 Hz, stepping
 *       between 40° and 130°; the patch is on the dial's needle halfway along it at the angle
 *       the step goes to, and shows the needle's accent colour.
 *
 * Needs an X display (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-sample-to-photon [--seconds N] [CASE…]     (N per case, default 4; all cases without
 *                                                    CASE)
 * BENCH_DEBUG=FILE.png saves the window as the poller sees it once the case has settled, one
 * picture per case (FILE-CASE.png), with a frame drawn around each patch (magenta: the patch of
 * the step to the first level — left, low, 40° —, cyan: to the second), and prints a patch's
 * colour now and then. */
#define G_LOG_DOMAIN "bench-sample-to-photon"

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <errno.h>
#include <gdk/x11/gdkx.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/proprio-balance-page.h"
#include "app/proprio-joint-page.h"
#include "app/proprio-muscle-page.h"
#include "core/proprio-clock.h"
#include "devices/proprio-cyton-protocol.h"
#include "widgets/proprio-angle-dial.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-emg-view.h"
#include "proprio-bench.h"

#define POLL_US    300
#define PATCH      5
/* How far (in each of R, G, B) a pixel may be from the patch's colour and still count. */
#define TOLERANCE  60
#define STEP_MS    137

/* Balance: where the lines put the dot, W/2 · ((TR + BR) − (TL + BL)) / total, W = 433 mm. */
#define X_MM       (433.0 / 2 * (50.0 - 20.0) / 70.0)
/* The CoP view's dot, COP_VIEW_RED_3. */
#define DOT_RGB    0xe01b24

/* EMG: the carrier and its two amplitudes; the envelope is the RMS, amplitude / √2 (the filters
 * pass 80 Hz at both rates unchanged to within 1 %, and 100 ms holds exactly 8 periods, so the
 * envelope has no ripple). */
#define EMG_CARRIER_HZ 80.0
#define EMG_LOW_UV     36.0
#define EMG_HIGH_UV    300.0
/* The bar measured: the second channel's. The page puts the Activate exercise's band on the
 * first one (the muscle to activate), whose bar then changes colour across the band. */
#define EMG_CHANNEL    1

/* Joint: the two angles and where along the needle the patch is. */
#define ANGLE_A_DEG    40.0
#define ANGLE_B_DEG    130.0
#define NEEDLE_AT      0.5

typedef enum
{
  PAGE_BALANCE,
  PAGE_MUSCLE,
  PAGE_JOINT,
} BenchPage;

typedef struct _Photon Photon;

typedef struct
{
  const char           *name;
  const char           *title;
  const char           *query;      /* the device spec's options after the pty path */
  double                rate_hz;
  ProprioBenchLineFunc  line;       /* line or packet i; its level is side_of (i) */
  gboolean              cyton;      /* answers the board's handshake before streaming */
  BenchPage             page;
  guint                 settle_ms;  /* after the page shows data, before measuring */
  int                   width, height;   /* the window */
} BenchCase;

struct _Photon
{
  const BenchCase *c;

  /* Written by the writer thread, read by the poller, under `lock`. */
  GMutex           lock;
  GCond            cond;
  guint            step_seq;
  int              step_side;    /* the level the step goes to: 0 or 1 */
  gint64           step_us;
  gint             stop;

  /* Set before the poller starts. For each side: the top-left of the patch that shows the step
   * to that side (window pixels), its colour, and whether the step makes the patch that colour
   * (TRUE) or makes it lose it (FALSE). */
  Window           xid;
  int              patch_x[2], patch_y[2];
  guint32          patch_rgb[2];
  gboolean         patch_want[2];

  /* The poller's. */
  GArray          *latency_us;
  GArray          *side_us[2];   /* the same, by the level the step went to */
  guint            missed;
  guint            polls;

  /* The page and the widget that draws the step. */
  GtkWidget       *window;
  GtkWidget       *page;
  GtkWidget       *widget;
  double           seen_min, seen_max;   /* Muscle: the bar's values while settling */
  double           patch_uv[2];          /* Muscle: the value at each patch's middle row */
};

static int
side_of (const BenchCase *c,
         guint64          i)
{
  guint64 t_us = (guint64) (i * G_USEC_PER_SEC / c->rate_hz);

  return (int) ((t_us / (STEP_MS * 1000)) % 2);
}

/* ---- the square waves ---- */

static gsize
balance_line (guint64  i,
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

/* Channel `channel` of sample i in µV: the carrier at the level of i's half-period, each channel
 * at its own phase (as electrodes over one muscle pick it up a little apart). */
static double
emg_uv (const BenchCase *c,
        guint64          i,
        guint            channel)
{
  double amplitude = side_of (c, i) ? EMG_HIGH_UV : EMG_LOW_UV;

  return amplitude * sin (2 * G_PI * EMG_CARRIER_HZ * (double) i / c->rate_hz + 0.9 * channel);
}

static gsize
emg8_line (guint64  i,
           char    *buf,
           gsize    size,
           gpointer data)
{
  Photon *p = data;
  gsize len = 0;

  for (guint c = 0; c < 8; c++)
    {
      int n = g_snprintf (buf + len, size - len, c < 7 ? "%.1f," : "%.1f\r\n", emg_uv (p->c, i, c));

      len += (gsize) MIN ((gsize) n, size - len - 1);
    }
  return len;
}

/* A Cyton packet: the counter, the eight channels in counts at the default gain (×24), no
 * accelerometer reading (zeros, as between the board's 25 Hz readings), the standard footer. */
static gsize
cyton_packet (guint64  i,
              char    *buf,
              gsize    size,
              gpointer data)
{
  Photon *p = data;
  double uv_per_count = proprio_cyton_scale_uv (PROPRIO_CYTON_DEFAULT_GAIN);
  gint32 counts[PROPRIO_CYTON_N_EXG];

  g_assert (size >= PROPRIO_CYTON_PACKET_SIZE);
  for (guint c = 0; c < PROPRIO_CYTON_N_EXG; c++)
    counts[c] = (gint32) lround (emg_uv (p->c, i, c) / uv_per_count);
  return proprio_cyton_encode_packet ((guint8 *) buf, (guint8) (i & 0xff), counts, NULL, 0xC0);
}

static gsize
angle_line (guint64  i,
            char    *buf,
            gsize    size,
            gpointer data)
{
  Photon *p = data;

  return (gsize) g_snprintf (buf, size, "angle:%.1f\r\n",
                             side_of (p->c, i) ? ANGLE_B_DEG : ANGLE_A_DEG);
}

#define EMG_CHANNELS "channels=emg1,emg2,emg3,emg4,emg5,emg6,emg7,emg8"

static const BenchCase cases[] = {
  { "balance-100hz", "balance 100 Hz (Balance dot)", "protocol=balance&baud=921600", 100,
    balance_line, FALSE, PAGE_BALANCE, 500, 1000, 680 },
  { "balance-1khz", "balance 1 kHz (Balance dot)", "protocol=balance&baud=921600", 1000,
    balance_line, FALSE, PAGE_BALANCE, 500, 1000, 680 },
  { "cyton-250hz-muscle", "Cyton 250 Hz (Muscle bar)", "protocol=cyton&baud=115200", 250,
    cyton_packet, TRUE, PAGE_MUSCLE, 1500, 1280, 1000 },
  { "lines-2khz-muscle", "lines 2 kHz (Muscle bar)",
    "protocol=lines&baud=921600&units=uV&" EMG_CHANNELS, 2000, emg8_line, FALSE, PAGE_MUSCLE,
    1500, 1280, 1000 },
  { "angle-joint-dial", "angle (joint dial)", "protocol=lines&baud=115200&channels=angle&units=deg",
    100, angle_line, FALSE, PAGE_JOINT, 500, 1000, 680 },
};

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

/* ---- the poller ---- */

static gboolean
near_rgb (unsigned long px,
          guint32       rgb)
{
  int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

  return ABS (r - (int) ((rgb >> 16) & 0xff)) <= TOLERANCE &&
         ABS (g - (int) ((rgb >> 8) & 0xff)) <= TOLERANCE &&
         ABS (b - (int) (rgb & 0xff)) <= TOLERANCE;
}

/* Most of the patch is `rgb`. */
static gboolean
patch_is (XImage  *image,
          guint32  rgb)
{
  guint hits = 0;

  for (int y = 0; y < PATCH; y++)
    for (int x = 0; x < PATCH; x++)
      hits += near_rgb (XGetPixel (image, x, y), rgb);
  return hits > PATCH * PATCH / 2;
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

      /* Poll until the patch of that side shows the new state, or the next step comes first. */
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
              found = patch_is (image, p->patch_rgb[side]) == p->patch_want[side];
              XDestroyImage (image);
            }
          if (found)
            {
              gint64 latency = now - step_us;
              g_array_append_val (p->latency_us, latency);
              g_array_append_val (p->side_us[side], latency);
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

/* ---- the pages ---- */

static guint32
rgba_to_rgb (const GdkRGBA *c)
{
  return ((guint32) lround (CLAMP (c->red, 0, 1) * 255) << 16) |
         ((guint32) lround (CLAMP (c->green, 0, 1) * 255) << 8) |
         (guint32) lround (CLAMP (c->blue, 0, 1) * 255);
}

static void
build_page (Photon         *p,
            ProprioStation *station,
            GSettings      *settings)
{
  switch (p->c->page)
    {
    case PAGE_BALANCE:
      p->page = proprio_balance_page_new (station, settings);
      p->widget = GTK_WIDGET (gtk_widget_get_template_child (p->page, PROPRIO_TYPE_BALANCE_PAGE,
                                                             "view"));
      proprio_cop_view_set_zoom (PROPRIO_COP_VIEW (p->widget), 1.0);
      break;
    case PAGE_MUSCLE:
      p->page = proprio_muscle_page_new (station, settings);
      p->widget = GTK_WIDGET (gtk_widget_get_template_child (p->page, PROPRIO_TYPE_MUSCLE_PAGE,
                                                             "view"));
      break;
    case PAGE_JOINT:
      p->page = proprio_joint_page_new (station, settings);
      p->widget = GTK_WIDGET (gtk_widget_get_template_child (p->page, PROPRIO_TYPE_JOINT_PAGE,
                                                             "dial"));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The page shows the stream (the Muscle page's envelopes come once the stage knows the rate). */
static gboolean
page_has_data (Photon *p)
{
  switch (p->c->page)
    {
    case PAGE_MUSCLE:
      return isfinite (proprio_emg_view_get_value (PROPRIO_EMG_VIEW (p->widget), EMG_CHANNEL));
    case PAGE_JOINT:
      return isfinite (proprio_angle_dial_get_angle (PROPRIO_ANGLE_DIAL (p->widget)));
    case PAGE_BALANCE:
    default:
      return TRUE;
    }
}

/* The envelope at the two levels, µV. */
static double
emg_level (int side)
{
  return (side ? EMG_HIGH_UV : EMG_LOW_UV) / G_SQRT2;
}

/* Where each side's patch is (widget coordinates of its centre), its colour and the state the
 * step brings. FALSE when the widget has no geometry yet. */
static gboolean
locate_patches (Photon   *p,
                double    x[2],
                double    y[2],
                guint32   rgb[2],
                gboolean  want[2])
{
  switch (p->c->page)
    {
    case PAGE_BALANCE:
      for (int side = 0; side < 2; side++)
        {
          if (!proprio_cop_view_board_to_widget (PROPRIO_COP_VIEW (p->widget),
                                                 side ? X_MM : -X_MM, 0, &x[side], &y[side]))
            return FALSE;
          rgb[side] = DOT_RGB;
          want[side] = TRUE;
        }
      return TRUE;

    case PAGE_MUSCLE:
      {
        ProprioEmgView *view = PROPRIO_EMG_VIEW (p->widget);
        GdkRGBA color;

        /* The bar in the channel's colour (no zone on it), PATCH − 1 px inside the level the
         * step leaves: at that level the whole patch is in the old state, antialiased top row
         * included, and the bar's top crosses its middle row once it has moved 4.5 px. */
        double scale = proprio_emg_view_get_scale (view, EMG_CHANNEL), y0, y1, uv_per_px;

        proprio_emg_view_get_channel_color (view, EMG_CHANNEL, &color);
        if (!proprio_emg_view_value_to_widget (view, EMG_CHANNEL, 0, NULL, &y0) ||
            !proprio_emg_view_value_to_widget (view, EMG_CHANNEL, scale, NULL, &y1) || y0 <= y1)
          return FALSE;
        uv_per_px = scale / (y0 - y1);
        for (int side = 0; side < 2; side++)
          {
            if (!proprio_emg_view_value_to_widget (view, EMG_CHANNEL, emg_level (!side),
                                                   &x[side], &y[side]))
              return FALSE;
            /* A rise fills the patch above the low level; a fall empties the one below the
             * high level. */
            y[side] += side ? -(PATCH - 1) : PATCH - 1;
            p->patch_uv[side] = emg_level (!side) + (side ? 1 : -1) * (PATCH - 1) * uv_per_px;
            rgb[side] = rgba_to_rgb (&color);
            want[side] = side == 1;
          }
        return TRUE;
      }

    case PAGE_JOINT:
      {
        ProprioAngleDial *dial = PROPRIO_ANGLE_DIAL (p->widget);
        GdkRGBA accent;

        /* The colour the dial draws its needle with. */
        if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (p->widget),
                                             "accent_bg_color", &accent))
          accent = (GdkRGBA) { 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0, 1 };
        for (int side = 0; side < 2; side++)
          {
            if (!proprio_angle_dial_needle_to_widget (dial, side ? ANGLE_B_DEG : ANGLE_A_DEG,
                                                      NEEDLE_AT, &x[side], &y[side]))
              return FALSE;
            rgb[side] = rgba_to_rgb (&accent);
            want[side] = TRUE;
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

/* The patches in the X window's pixels (top-left corners). */
static gboolean
place_patches (Photon *p,
               int     px[2],
               int     py[2])
{
  double x[2], y[2], sx, sy;

  if (!locate_patches (p, x, y, p->patch_rgb, p->patch_want))
    return FALSE;
  gtk_native_get_surface_transform (GTK_NATIVE (p->window), &sx, &sy);
  for (int side = 0; side < 2; side++)
    {
      graphene_point_t w;

      if (!gtk_widget_compute_point (p->widget, p->window,
                                     &GRAPHENE_POINT_INIT (x[side], y[side]), &w))
        return FALSE;
      px[side] = (int) lround (w.x + sx) - PATCH / 2;
      py[side] = (int) lround (w.y + sy) - PATCH / 2;
    }
  return TRUE;
}

/* ---- the run ---- */

static gboolean
is_streaming (ProprioDevice *device)
{
  return proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

/* The Cyton's side of the handshake: the device resets the board with "v" and waits for its
 * reply ("…$$$"), then starts it with "b"; packets go out only after that, as the board sends
 * them. Iterates the main context meanwhile. */
static gboolean
answer_cyton (int    master,
              gint64 deadline)
{
  static const char reply[] = "OpenBCI V3 8-16 channel\n"
                              "On Board ADS1299 Device ID: 0x3E\n"
                              "LIS3DH Device ID: 0x33\n"
                              "Firmware: v3.1.2\n"
                              "$$$";

  while (proprio_clock_now_us () < deadline)
    {
      struct pollfd pfd = { .fd = master, .events = POLLIN };
      guint8 buf[64];
      gssize n;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (poll (&pfd, 1, 10) <= 0)
        continue;
      n = read (master, buf, sizeof buf);
      if (n <= 0)
        {
          /* No one has the other end open yet (EIO on a pty's master): wait for the device. */
          if (n < 0 && errno != EAGAIN && errno != EINTR)
            sleep_us (5000);
          continue;
        }
      for (gssize i = 0; i < n; i++)
        {
          if (buf[i] == 'v' && write (master, reply, strlen (reply)) != (gssize) strlen (reply))
            return FALSE;
          if (buf[i] == 'b')
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
settle_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for `ms`, noting the range of what the Muscle bar shows. */
static void
settle (Photon *p,
        guint   ms)
{
  gboolean done = FALSE;

  p->seen_min = INFINITY;
  p->seen_max = -INFINITY;
  g_timeout_add (ms, settle_done_cb, &done);
  while (!done)
    {
      g_main_context_iteration (NULL, TRUE);
      if (p->c->page == PAGE_MUSCLE)
        {
          double v = proprio_emg_view_get_value (PROPRIO_EMG_VIEW (p->widget), EMG_CHANNEL);

          if (isfinite (v))
            {
              p->seen_min = MIN (p->seen_min, v);
              p->seen_max = MAX (p->seen_max, v);
            }
        }
    }
}

/* FILE.png → FILE-CASE.png */
static char *
debug_path (const char *path,
            const char *case_name)
{
  const char *dot = strrchr (path, '.');

  if (dot == NULL || strchr (dot, '/') != NULL)
    return g_strdup_printf ("%s-%s.png", path, case_name);
  return g_strdup_printf ("%.*s-%s%s", (int) (dot - path), path, case_name, dot);
}

/* The window as the poller sees it, with a 1-px frame just outside each patch. */
static void
save_debug_picture (Photon     *p,
                    const char *path)
{
  static const guchar frame[2][3] = { { 0xff, 0x00, 0xff }, { 0x00, 0xff, 0xff } };
  Display *d = XOpenDisplay (NULL);
  XWindowAttributes a;
  XImage *im;
  GdkPixbuf *pb;
  guchar *px8;
  int stride;

  if (d == NULL)
    return;
  XGetWindowAttributes (d, p->xid, &a);
  im = XGetImage (d, p->xid, 0, 0, a.width, a.height, AllPlanes, ZPixmap);
  pb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, a.width, a.height);
  px8 = gdk_pixbuf_get_pixels (pb);
  stride = gdk_pixbuf_get_rowstride (pb);
  for (int y = 0; y < a.height; y++)
    for (int x = 0; x < a.width; x++)
      {
        unsigned long px = XGetPixel (im, x, y);
        guchar *o = px8 + y * stride + 3 * x;

        o[0] = (px >> 16) & 0xff;
        o[1] = (px >> 8) & 0xff;
        o[2] = px & 0xff;
      }
  for (int side = 0; side < 2; side++)
    for (int y = p->patch_y[side] - 1; y <= p->patch_y[side] + PATCH; y++)
      for (int x = p->patch_x[side] - 1; x <= p->patch_x[side] + PATCH; x++)
        {
          gboolean edge = y == p->patch_y[side] - 1 || y == p->patch_y[side] + PATCH ||
                          x == p->patch_x[side] - 1 || x == p->patch_x[side] + PATCH;

          if (edge && x >= 0 && y >= 0 && x < a.width && y < a.height)
            memcpy (px8 + y * stride + 3 * x, frame[side], 3);
        }
  if (!gdk_pixbuf_save (pb, path, "png", NULL, NULL))
    g_printerr ("bench-sample-to-photon: cannot write %s\n", path);
  else
    g_printerr ("%s: the window is in %s\n", p->c->name, path);
  g_object_unref (pb);
  XDestroyImage (im);
  XCloseDisplay (d);
}

/* What the step to `side` looks like, for the figures by direction. */
static const char *
side_label (const BenchCase *c,
            int              side)
{
  switch (c->page)
    {
    case PAGE_BALANCE:
      return side ? "  of which to the right" : "  of which to the left";
    case PAGE_MUSCLE:
      return side ? "  of which rises" : "  of which falls";
    case PAGE_JOINT:
      return side ? "  of which to the second angle" : "  of which to the first angle";
    default:
      g_assert_not_reached ();
    }
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
  GThread *thread;
  Photon p = { .c = c };
  int master = proprio_bench_open_pty (&path);
  int end_x[2], end_y[2];
  gint64 deadline;
  double scale = NAN;
  gboolean ok;

  if (master < 0)
    {
      g_printerr ("bench-sample-to-photon: no pseudo-terminal\n");
      return FALSE;
    }
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  p.latency_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (int side = 0; side < 2; side++)
    p.side_us[side] = g_array_new (FALSE, FALSE, sizeof (gint64));

  p.window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (p.window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (p.window), c->width, c->height);
  proprio_station_set_sound_enabled (station, FALSE);
  build_page (&p, station, settings);
  gtk_window_set_child (GTK_WINDOW (p.window), p.page);
  gtk_window_present (GTK_WINDOW (p.window));
  spec = g_strdup_printf ("%s?%s", path, c->query);
  if (!proprio_station_set_device_spec (station, spec, &error))
    {
      g_printerr ("bench-sample-to-photon: %s\n", error->message);
      return FALSE;
    }

  deadline = proprio_clock_now_us () + 10 * G_USEC_PER_SEC;
  if (c->cyton && !answer_cyton (master, deadline))
    {
      g_printerr ("bench-sample-to-photon: %s: the device never started the board\n", c->name);
      return FALSE;
    }
  writer = proprio_bench_writer_start (master, c->rate_hz, c->line, on_write, &p);
  while ((!is_streaming (proprio_station_get_device (station)) || !gtk_widget_get_mapped (p.page)
          || !page_has_data (&p))
         && proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, TRUE);
  settle (&p, c->settle_ms);
  if (!is_streaming (proprio_station_get_device (station)) || !page_has_data (&p))
    {
      g_printerr ("bench-sample-to-photon: %s did not stream to the page\n", spec);
      proprio_bench_writer_stop (writer);
      return FALSE;
    }

  if (!place_patches (&p, p.patch_x, p.patch_y))
    {
      g_printerr ("bench-sample-to-photon: %s: the page's view has no size\n", c->name);
      proprio_bench_writer_stop (writer);
      return FALSE;
    }
  if (c->page == PAGE_MUSCLE)
    scale = proprio_emg_view_get_scale (PROPRIO_EMG_VIEW (p.widget), EMG_CHANNEL);
  p.xid = gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (p.window)));

  if (g_getenv ("BENCH_DEBUG"))
    {
      g_autofree char *file = debug_path (g_getenv ("BENCH_DEBUG"), c->name);

      save_debug_picture (&p, file);
    }
  thread = g_thread_new ("bench-poller", poller, &p);
  proprio_bench_run_ms ((guint) (seconds * 1000));
  g_mutex_lock (&p.lock);
  p.stop = 1;
  g_cond_signal (&p.cond);
  g_mutex_unlock (&p.lock);
  g_thread_join (thread);

  /* The patches must still be where the step shows: a layout or a bar's scale that moved
   * during the run would have made the figures meaningless. */
  ok = place_patches (&p, end_x, end_y);
  for (int side = 0; ok && side < 2; side++)
    ok = end_x[side] == p.patch_x[side] && end_y[side] == p.patch_y[side];
  proprio_bench_writer_stop (writer);

  proprio_device_get_health (proprio_station_get_device (station), &health);
  proprio_bench_stats (p.latency_us, &stats);
  g_print ("%s, %s: %g Hz, a step every %u ms for %.0f s; patch %dx%d polled every %d µs\n",
           c->name, c->title, c->rate_hz, STEP_MS, seconds, PATCH, PATCH, POLL_US);
  if (c->page == PAGE_MUSCLE)
    g_print ("  ch %d bar: envelope %.0f / %.0f µV (%.0f–%.0f seen settling) on a %.0f µV scale; "
             "patches at %.1f µV (rise) and %.1f µV (fall)\n",
             EMG_CHANNEL + 1, emg_level (0), emg_level (1), p.seen_min, p.seen_max, scale,
             p.patch_uv[1], p.patch_uv[0]);
  if (!ok)
    g_print ("  the patches moved during the run (the layout or the scale changed): "
             "the figures are not to be trusted\n");
  proprio_bench_print_stats ("step written -> change on the framebuffer", &stats, 1000, "ms");
  for (int side = 1; side >= 0; side--)
    {
      ProprioBenchStats side_stats;

      proprio_bench_stats (p.side_us[side], &side_stats);
      proprio_bench_print_stats (side_label (c, side), &side_stats, 1000, "ms");
    }
  g_print ("  steps not seen before the next one: %u; device %.0f Hz, lost %" G_GUINT64_FORMAT
           ", skipped %" G_GUINT64_FORMAT "; budget median <= 10 ms, p99 <= 18.7 ms\n",
           p.missed, health.rate_hz, health.lost + health.ring_overflows, health.skipped_lines);
  proprio_bench_json ("sample-to-photon", c->name,
                      "n", (double) stats.n, "min_ms", stats.min / 1000,
                      "p50_ms", stats.median / 1000, "p99_ms", stats.p99 / 1000,
                      "max_ms", stats.max / 1000, "missed", (double) p.missed, NULL);

  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (p.window));
  close (master);
  g_array_unref (p.latency_us);
  for (int side = 0; side < 2; side++)
    g_array_unref (p.side_us[side]);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return ok && stats.n > 0;
}

int
main (int   argc,
      char *argv[])
{
  double seconds;
  g_autoptr(GSettings) settings = NULL;
  gboolean ok = TRUE;

  g_set_prgname ("bench-sample-to-photon");
  seconds = proprio_bench_parse_duration (&argc, &argv, 4, "[CASE…] (N per case)");
  for (int a = 1; a < argc; a++)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        known |= g_str_equal (argv[a], cases[i].name);
      if (!known)
        {
          g_printerr ("bench-sample-to-photon: no case \"%s\"; the cases are:", argv[a]);
          for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
            g_printerr (" %s", cases[i].name);
          g_printerr ("\n");
          return 2;
        }
    }
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
    {
      gboolean wanted = argc <= 1;

      for (int a = 1; a < argc; a++)
        wanted |= g_str_equal (argv[a], cases[i].name);
      if (wanted)
        ok &= run_case (&cases[i], seconds, settings);
    }
  proprio_device_wait_for_readers (3000);
  return ok ? 0 : 1;
}
