/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The drawn EMG view, rendered offscreen by the window's (Cairo) renderer with scripted samples in
 * the EMG stage's layout. PROPRIO_EMG_VIEW_PNG=FOLDER also writes its pictures there. */
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-emg-view-private.h"
#include "proprio-test-gui.h"

/* The Cyton's layout after the EMG stage: counter, ch1…ch8, 3 accelerometer axes, 8 envelopes. */
#define RAW_INDEX(i) (1 + (i))
#define ENV_INDEX(i) (12 + (i))
#define N_SAMPLE_CHANNELS 20

typedef struct
{
  GtkWidget      *window;
  ProprioEmgView *view;
  GdkPaintable   *paintable;
  guint           renders;
  gint64          t_next;       /* where push_constant () goes on; 0: ending now */
} Harness;

typedef struct
{
  guchar *data;
  int     width, height;
  gsize   stride;
} Image;

/* ---- helpers ---- */

static void
contents_cb (GdkPaintable *paintable,
             Harness      *h)
{
  h->renders++;
}

typedef struct
{
  GtkWidget *widget;
  int        width, height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *w = data;

  return gtk_widget_get_mapped (w->widget) && gtk_widget_get_width (w->widget) == w->width &&
         gtk_widget_get_height (w->widget) == w->height;
}

static void
harness_init_full (Harness  *h,
                   int       width,
                   int       height,
                   guint     n_channels,
                   gboolean  compact)
{
  guint raw[PROPRIO_EMG_VIEW_MAX_CHANNELS], env[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  SizeWait wait;

  h->renders = 0;
  h->t_next = 0;
  h->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (h->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (h->window), width, height);
  h->view = PROPRIO_EMG_VIEW (proprio_emg_view_new ());
  for (guint i = 0; i < n_channels; i++)
    {
      raw[i] = RAW_INDEX (i);
      env[i] = ENV_INDEX (i);
    }
  proprio_emg_view_set_channels (h->view, n_channels, raw, env);
  /* Before it is shown: the compact view is smaller than the full one can be. */
  proprio_emg_view_set_compact (h->view, compact);
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->view));
  h->paintable = gtk_widget_paintable_new (GTK_WIDGET (h->view));
  gtk_window_present (GTK_WINDOW (h->window));
  wait = (SizeWait) { GTK_WIDGET (h->view), width, height };
  g_assert_true (proprio_test_wait_until (has_size, &wait, 5000));
  g_signal_connect (h->paintable, "invalidate-contents", G_CALLBACK (contents_cb), h);
}

static void
harness_init (Harness *h,
              int      width,
              int      height,
              guint    n_channels)
{
  harness_init_full (h, width, height, n_channels, FALSE);
}

static void
harness_clear (Harness *h)
{
  g_signal_handlers_disconnect_by_func (h->paintable, contents_cb, h);
  g_clear_object (&h->paintable);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (20);
}

/* The view's snapshot as GTK takes it for a frame, rendered by the window's renderer. */
static GdkTexture *
render_texture (Harness *h)
{
  GtkWidget *widget = GTK_WIDGET (h->view);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (h->window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static Image
render (Harness *h)
{
  g_autoptr(GdkTexture) texture = render_texture (h);
  Image image;

  image.width = gdk_texture_get_width (texture);
  image.height = gdk_texture_get_height (texture);
  image.stride = (gsize) image.width * 4;
  image.data = g_malloc (image.stride * image.height);
  gdk_texture_download (texture, image.data, image.stride);
  return image;
}

static void
maybe_save_texture (GdkTexture *texture,
                    const char *name)
{
  const char *folder = g_getenv ("PROPRIO_EMG_VIEW_PNG");
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  path = g_build_filename (folder, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

static void
maybe_save_png (Harness    *h,
                const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (g_getenv ("PROPRIO_EMG_VIEW_PNG") == NULL)
    return;
  texture = render_texture (h);
  maybe_save_texture (texture, name);
}

/* 0xRRGGBB of a pixel, which must be opaque (the full view paints its whole area). */
static guint32
pixel (const Image *image,
       double       x,
       double       y)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 argb;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, image->width);
  g_assert_cmpint (iy, <, image->height);
  argb = *(const guint32 *) (gconstpointer) (image->data + (gsize) iy * image->stride +
                                             (gsize) ix * 4);
  g_assert_cmphex (argb >> 24, ==, 0xff);
  return argb & 0xffffff;
}

static gboolean
near (guint32 a,
      guint32 b,
      int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return FALSE;
  return TRUE;
}

static double
luminance (guint32 rgb)
{
  return 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
}

static guint32
rgba_hex (const GdkRGBA *c)
{
  return ((guint32) lround (c->red * 255) << 16) | ((guint32) lround (c->green * 255) << 8) |
         (guint32) lround (c->blue * 255);
}

static ProprioSample
emg_sample (gint64        t_us,
            const double *env,
            const double *raw,
            guint         n)
{
  ProprioSample s = { 0 };

  s.t_us = t_us;
  s.n_channels = N_SAMPLE_CHANNELS;
  s.values[0] = (double) (t_us % 256);
  for (guint i = 0; i < n; i++)
    {
      s.values[RAW_INDEX (i)] = raw != NULL ? raw[i] : 0;
      s.values[ENV_INDEX (i)] = env[i];
    }
  return s;
}

/* `seconds` at `rate_hz` (the first time ending now, then going on from there), each channel at
 * its constant envelope and a raw sine. */
static void
push_constant (Harness      *h,
               const double *env,
               guint         n,
               double        seconds,
               double        rate_hz)
{
  guint count = (guint) (seconds * rate_hz);
  gint64 step = (gint64) (G_USEC_PER_SEC / rate_hz);
  gint64 t = h->t_next != 0 ? h->t_next : proprio_clock_now_us () - (gint64) (count - 1) * step;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, count);

  for (guint k = 0; k < count; k++, t += step)
    {
      double raw[PROPRIO_EMG_VIEW_MAX_CHANNELS];

      for (guint i = 0; i < n; i++)
        raw[i] = env[i] * 1.41 * sin (2 * G_PI * 80 * k / rate_hz);
      samples[k] = emg_sample (t, env, raw, n);
    }
  h->t_next = t;
  proprio_emg_view_push (h->view, samples, count);
}

static const EmgCellLayout *
cell_for (Harness *h,
          guint    channel)
{
  const EmgViewLayout *layout = _proprio_emg_view_get_layout (h->view);

  for (guint i = 0; i < layout->n_cells; i++)
    if (layout->cells[i].channel == channel)
      return &layout->cells[i];
  g_assert_not_reached ();
  return NULL;
}

static gboolean
near_edge (Harness             *h,
           guint                channel,
           const EmgCellLayout *cell,
           double               scale,
           double               y)
{
  double lower, upper;
  ProprioEmgZoneKind kind = proprio_emg_view_get_zone (h->view, channel, &lower, &upper);

  if (kind == PROPRIO_EMG_ZONE_NONE)
    return FALSE;
  return fabs (y - _proprio_emg_view_value_to_y (cell, scale, upper)) < 4 ||
         (kind == PROPRIO_EMG_ZONE_BAND &&
          fabs (y - _proprio_emg_view_value_to_y (cell, scale, lower)) < 4);
}

/* The bar of `channel` is filled with `fill` up to `value` and not above it. */
static void
assert_bar (Harness     *h,
            const Image *image,
            guint        channel,
            double       value,
            guint32      fill)
{
  const EmgCellLayout *cell = cell_for (h, channel);
  double scale = proprio_emg_view_get_scale (h->view, channel);
  double x = cell->bar.origin.x + cell->bar.size.width / 2;
  double bottom = cell->bar.origin.y + cell->bar.size.height;
  double top = bottom - value / scale * cell->bar.size.height;
  double widget_x, widget_y;

  g_test_message ("channel %u: %.1f of %.0f → y %.1f (bar %.0f–%.0f)", channel, value, scale,
                  top, cell->bar.origin.y, bottom);
  /* The point the latency bench reads is the top of this fill, in the middle of the bar. */
  g_assert_true (proprio_emg_view_value_to_widget (h->view, channel, value, &widget_x, &widget_y));
  g_assert_cmpfloat_with_epsilon (widget_x, x, 1e-9);
  g_assert_cmpfloat_with_epsilon (widget_y, top, 1e-6);
  g_assert_cmpfloat (top, >, cell->bar.origin.y + 4);
  /* Inside the bar, the fill (the zone's edges are drawn over it: not next to them). */
  for (double y = ceil (top + 1); y < bottom - 1; y += 1)
    if (!near_edge (h, channel, cell, scale, y))
      g_assert_cmphex (pixel (image, x, y), ==, fill);
  /* Above it, the track. */
  g_assert_cmphex (pixel (image, x, top - 3), !=, fill);
  g_assert_cmphex (pixel (image, x, cell->bar.origin.y + 2), !=, fill);
}

/* ---- tests ---- */

/* Eight channels of a Cyton, four calibrated (%MVC) with zones, four in µV with automatic
 * scales: each bar is filled to its value, in the zone colour inside its zone, in the warning
 * colours above it, in the channel's colour otherwise. */
static void
test_bars_heights_and_zone_colours (void)
{
  static const double env[8] = { 50, 50, 30, 50, 120, 180, 15, 75 };
  Harness h;
  Image image;
  GdkRGBA color;

  harness_init (&h, 1280, 400, 8);
  for (guint i = 0; i < 4; i++)
    proprio_emg_view_set_channel_mvc (h.view, i, 100);
  proprio_emg_view_set_zone (h.view, 0, PROPRIO_EMG_ZONE_BAND, 40, 60);
  proprio_emg_view_set_zone (h.view, 1, PROPRIO_EMG_ZONE_CEILING, 0, 30);
  proprio_emg_view_set_zone (h.view, 2, PROPRIO_EMG_ZONE_BAND, 60, 80);
  proprio_emg_view_set_zone (h.view, 3, PROPRIO_EMG_ZONE_BAND, 5, 25);
  push_constant (&h, env, 8, 3, 2000);

  /* %MVC on a 120 % bar; µV rounded up to 50, at least 100. */
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 120);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 4), ==, 150);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 5), ==, 200);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 6), ==, 100);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 7), ==, 100);

  image = render (&h);
  assert_bar (&h, &image, 0, 50, EMG_VIEW_GREEN_5);     /* in its band */
  assert_bar (&h, &image, 1, 50, EMG_VIEW_RED_3);       /* over its ceiling */
  assert_bar (&h, &image, 3, 50, EMG_VIEW_ORANGE_5);    /* over its band */
  proprio_emg_view_get_channel_color (h.view, 2, &color);
  assert_bar (&h, &image, 2, 30, rgba_hex (&color));    /* under its band */
  for (guint i = 4; i < 8; i++)
    {
      proprio_emg_view_get_channel_color (h.view, i, &color);
      assert_bar (&h, &image, i, env[i], rgba_hex (&color));
    }
  /* Beyond the scale the point stays at the bar's ends; a channel not shown has none. */
  {
    const EmgCellLayout *cell = cell_for (&h, 4);
    double y;

    g_assert_true (proprio_emg_view_value_to_widget (h.view, 4, 1000, NULL, &y));
    g_assert_cmpfloat_with_epsilon (y, cell->bar.origin.y, 1e-6);
    g_assert_true (proprio_emg_view_value_to_widget (h.view, 4, -5, NULL, &y));
    g_assert_cmpfloat_with_epsilon (y, cell->bar.origin.y + cell->bar.size.height, 1e-6);
    g_assert_false (proprio_emg_view_value_to_widget (h.view, 8, 10, NULL, NULL));
  }
  /* The channels' own colours are none of the zone colours. */
  for (guint i = 0; i < 8; i++)
    {
      proprio_emg_view_get_channel_color (h.view, i, &color);
      g_assert_cmphex (rgba_hex (&color), !=, EMG_VIEW_GREEN_5);
      g_assert_cmphex (rgba_hex (&color), !=, EMG_VIEW_RED_3);
    }
  g_free (image.data);

  /* Into the band: the bar turns the zone colour. */
  {
    const double in_band[8] = { 50, 20, 70, 15, 120, 180, 15, 75 };

    push_constant (&h, in_band, 8, 0.5, 2000);
    image = render (&h);
    assert_bar (&h, &image, 1, 20, EMG_VIEW_GREEN_5);
    assert_bar (&h, &image, 2, 70, EMG_VIEW_GREEN_5);
    assert_bar (&h, &image, 3, 15, EMG_VIEW_GREEN_5);
    g_free (image.data);
  }

  harness_clear (&h);
}

/* A drill as it looks: 10 s of work/rest bursts on eight channels at 2 kHz, four calibrated
 * with zones, a raw trace, a warning. The numbers and bars agree with get_value (). */
static void
render_scene (Harness *h)
{
  const guint rate = 2000, count = 10 * rate;
  gint64 now = proprio_clock_now_us ();
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, count);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const char * const names[8] = {
    "Glute med L", "Glute med R", "Upper trap", "Lower trap", "VMO L", "VMO R", "TA", "Gastroc",
  };

  for (guint k = 0; k < count; k++)
    {
      double t = (double) k / rate, env[8], raw[8];

      for (guint i = 0; i < 8; i++)
        {
          /* Work 3 s, rest 2 s; each channel a little later and at its own level. */
          double phase = fmod (t - 0.15 * i, 5.0), on = phase > 0.3 && phase < 3.3 ? 1 : 0;
          double level = (40 + 25 * i) * on + 8 + 3 * sin (t * (1 + i));

          env[i] = level * (1 + 0.05 * sin (7 * t + i));
          raw[i] = env[i] * 1.41 * g_rand_double_range (rand, -1.5, 1.5);
        }
      samples[k] = emg_sample (now - (gint64) (count - 1 - k) * (G_USEC_PER_SEC / rate), env,
                               raw, 8);
    }
  for (guint i = 0; i < 8; i++)
    proprio_emg_view_set_channel_name (h->view, i, names[i]);
  for (guint i = 0; i < 4; i++)
    proprio_emg_view_set_channel_mvc (h->view, i, 200);
  proprio_emg_view_set_zone (h->view, 0, PROPRIO_EMG_ZONE_BAND, 30, 50);
  proprio_emg_view_set_zone (h->view, 1, PROPRIO_EMG_ZONE_BAND, 30, 50);
  proprio_emg_view_set_zone (h->view, 2, PROPRIO_EMG_ZONE_CEILING, 0, 15);
  proprio_emg_view_set_channel_warning (h->view, 6, "Check the electrode on TA: the signal is "
                                        "flat");
  proprio_emg_view_set_show_raw (h->view, TRUE);
  proprio_emg_view_set_zones_editable (h->view, TRUE);
  proprio_emg_view_push (h->view, samples, count);
}

static void
test_render_scene (void)
{
  Harness h;
  Image image;
  GdkRGBA color;

  harness_init (&h, 1280, 720, 8);
  render_scene (&h);
  image = render (&h);
  /* Channel 4 (µV, no zone) and channel 7 in their own colours, at their values. */
  proprio_emg_view_get_channel_color (h.view, 4, &color);
  assert_bar (&h, &image, 4, proprio_emg_view_get_value (h.view, 4), rgba_hex (&color));
  proprio_emg_view_get_channel_color (h.view, 7, &color);
  assert_bar (&h, &image, 7, proprio_emg_view_get_value (h.view, 7), rgba_hex (&color));
  g_free (image.data);
  maybe_save_png (&h, "emg-view.png");

  proprio_emg_view_set_mode (h.view, PROPRIO_EMG_VIEW_PAIR);
  proprio_emg_view_set_pair (h.view, 0, 1);
  maybe_save_png (&h, "emg-view-pair.png");
  harness_clear (&h);

  harness_init (&h, 1280, 480, 8);
  render_scene (&h);
  maybe_save_png (&h, "emg-view-row.png");
  harness_clear (&h);
}

/* With an MVC the value is 100 · envelope / MVC in %MVC; without, the envelope in its unit. */
static void
test_values_mvc_and_microvolts (void)
{
  static const double env[3] = { 100, 100, 42.5 };
  Harness h;

  harness_init (&h, 800, 500, 3);
  g_assert_true (isnan (proprio_emg_view_get_value (h.view, 0)));
  push_constant (&h, env, 3, 1, 1000);
  g_assert_cmpfloat_with_epsilon (proprio_emg_view_get_value (h.view, 0), 100, 1e-9);
  g_assert_cmpstr (proprio_emg_view_get_display_unit (h.view, 0), ==, "µV");

  proprio_emg_view_set_channel_mvc (h.view, 0, 400);
  g_assert_cmpfloat_with_epsilon (proprio_emg_view_get_value (h.view, 0), 25, 1e-9);
  g_assert_cmpstr (proprio_emg_view_get_display_unit (h.view, 0), ==, "%MVC");
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 120);
  /* An MVC that is no number is none. */
  proprio_emg_view_set_channel_mvc (h.view, 0, NAN);
  g_assert_cmpfloat_with_epsilon (proprio_emg_view_get_value (h.view, 0), 100, 1e-9);
  proprio_emg_view_set_channel_mvc (h.view, 0, -5);
  g_assert_cmpfloat (proprio_emg_view_get_channel_mvc (h.view, 0), ==, 0);

  /* Device units are said as such: no µV on a bare number. */
  proprio_emg_view_set_channel_unit (h.view, 1, "");
  g_assert_cmpstr (proprio_emg_view_get_display_unit (h.view, 1), ==, "");
  g_assert_cmpfloat_with_epsilon (proprio_emg_view_get_value (h.view, 2), 42.5, 1e-6);

  /* A set full scale wins over the automatic one. */
  proprio_emg_view_set_full_scale (h.view, 2, 300);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 2), ==, 300);
  proprio_emg_view_set_full_scale (h.view, 2, 0);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 2), ==, 100);

  /* Beyond the channels there is no value; a channel without an envelope shows none. */
  g_assert_true (isnan (proprio_emg_view_get_value (h.view, 3)));
  {
    const guint raw[1] = { RAW_INDEX (0) }, none[1] = { G_MAXUINT };

    proprio_emg_view_set_channel_name (h.view, 0, "Upper trap");
    proprio_emg_view_set_channels (h.view, 1, raw, none);
    push_constant (&h, env, 1, 0.2, 1000);
    g_assert_true (isnan (proprio_emg_view_get_value (h.view, 0)));
    /* Names of channels that stay are kept. */
    g_assert_cmpstr (proprio_emg_view_get_channel_name (h.view, 0), ==, "Upper trap");
  }
  harness_clear (&h);
}

/* The automatic µV scale follows the largest envelope of the strip's window, not of all time. */
static void
test_auto_scale_follows_window (void)
{
  Harness h;
  gint64 now = proprio_clock_now_us ();
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, 2000);

  harness_init (&h, 800, 500, 1);
  proprio_emg_view_set_history_s (h.view, 5);
  /* 20 s at 100 Hz: a 420 µV burst 15 s ago, 60 µV since. */
  for (guint k = 0; k < 2000; k++)
    {
      double env = k >= 400 && k < 500 ? 420 : 60;

      samples[k] = emg_sample (now - (gint64) (1999 - k) * 10000, &env, NULL, 1);
    }
  proprio_emg_view_push (h.view, samples, 2000);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 100);
  /* Shown at the burst's end (a delayed video), the burst is on the scale. */
  proprio_emg_view_set_display_time_us (h.view, samples[499].t_us);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 420);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 450);
  /* Just before it, nothing later leaks into the scale. */
  proprio_emg_view_set_display_time_us (h.view, samples[399].t_us);
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 100);
  harness_clear (&h);
}

/* Dragging a zone edge emits "zone-changed" with the value under the pointer; the cursor says
 * where an edge can be taken. */
typedef struct
{
  guint  n;
  guint  channel;
  double lower, upper;
} ZoneChange;

static void
zone_changed_cb (ProprioEmgView *view,
                 guint           channel,
                 double          lower,
                 double          upper,
                 ZoneChange     *change)
{
  change->n++;
  change->channel = channel;
  change->lower = lower;
  change->upper = upper;
}

static const char *
cursor_name (Harness *h)
{
  GdkCursor *cursor = gtk_widget_get_cursor (GTK_WIDGET (h->view));

  return cursor != NULL ? gdk_cursor_get_name (cursor) : NULL;
}

static void
test_drag_zone_edges (void)
{
  static const double env[2] = { 40, 40 };
  ZoneChange change = { 0 };
  const EmgCellLayout *cell;
  double lower, upper, x;
  Harness h;

  harness_init (&h, 900, 600, 2);
  proprio_emg_view_set_channel_mvc (h.view, 1, 200);
  proprio_emg_view_set_zone (h.view, 1, PROPRIO_EMG_ZONE_BAND, 30, 50);
  proprio_emg_view_set_zone (h.view, 0, PROPRIO_EMG_ZONE_CEILING, 0, 60);
  push_constant (&h, env, 2, 1, 1000);
  g_signal_connect (h.view, "zone-changed", G_CALLBACK (zone_changed_cb), &change);
  cell = cell_for (&h, 1);
  x = cell->bar.origin.x + cell->bar.size.width / 2;

  /* Not editable: an edge is only a line. */
  g_assert_false (_proprio_emg_view_pointer_down (h.view, x,
                                                  _proprio_emg_view_value_to_y (cell, 120, 50)));
  _proprio_emg_view_pointer_hover (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 50));
  g_assert_null (cursor_name (&h));

  proprio_emg_view_set_zones_editable (h.view, TRUE);
  /* Hovering an edge (on the bar or its overhang) shows the resize cursor; elsewhere none. */
  _proprio_emg_view_pointer_hover (h.view, cell->bar.origin.x - 5,
                                   _proprio_emg_view_value_to_y (cell, 120, 50) + 4);
  g_assert_cmpstr (cursor_name (&h), ==, "ns-resize");
  _proprio_emg_view_pointer_hover (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 40));
  g_assert_null (cursor_name (&h));
  g_assert_false (_proprio_emg_view_pointer_down (h.view, x,
                                                  _proprio_emg_view_value_to_y (cell, 120, 40)));

  /* The upper edge, dragged up to 70 %MVC. */
  g_assert_true (_proprio_emg_view_pointer_down (h.view, x,
                                                 _proprio_emg_view_value_to_y (cell, 120, 50)
                                                 - 3));
  _proprio_emg_view_pointer_move (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 62));
  _proprio_emg_view_pointer_up (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 70));
  g_assert_cmpuint (change.n, ==, 2);
  g_assert_cmpuint (change.channel, ==, 1);
  g_assert_cmpfloat_with_epsilon (change.lower, 30, 1e-9);
  g_assert_cmpfloat_with_epsilon (change.upper, 70, 1e-9);
  g_assert_cmpint (proprio_emg_view_get_zone (h.view, 1, &lower, &upper), ==,
                   PROPRIO_EMG_ZONE_BAND);
  g_assert_cmpfloat (upper, ==, 70);

  /* The lower edge, to 12; then past the upper one, where it stops just under it. */
  g_assert_true (_proprio_emg_view_pointer_down (h.view, x,
                                                 _proprio_emg_view_value_to_y (cell, 120, 30)));
  _proprio_emg_view_pointer_up (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 12));
  g_assert_cmpfloat_with_epsilon (change.lower, 12, 1e-9);
  g_assert_cmpfloat_with_epsilon (change.upper, 70, 1e-9);
  g_assert_true (_proprio_emg_view_pointer_down (h.view, x,
                                                 _proprio_emg_view_value_to_y (cell, 120, 12)));
  _proprio_emg_view_pointer_up (h.view, x, _proprio_emg_view_value_to_y (cell, 120, 100));
  g_assert_cmpfloat (change.lower, <, 70);
  g_assert_cmpfloat (change.lower, >=, 68);
  g_assert_cmpfloat (change.upper, ==, 70);

  /* The other channel's ceiling, in µV (its scale is 100 µV). */
  cell = cell_for (&h, 0);
  x = cell->bar.origin.x + cell->bar.size.width / 2;
  g_assert_cmpfloat (proprio_emg_view_get_scale (h.view, 0), ==, 100);
  g_assert_true (_proprio_emg_view_pointer_down (h.view, x,
                                                 _proprio_emg_view_value_to_y (cell, 100, 60)));
  _proprio_emg_view_pointer_up (h.view, x, _proprio_emg_view_value_to_y (cell, 100, 25));
  g_assert_cmpuint (change.channel, ==, 0);
  g_assert_cmpfloat (change.lower, ==, 0);
  g_assert_cmpfloat_with_epsilon (change.upper, 25, 1e-9);

  maybe_save_png (&h, "emg-view-editable.png");
  g_signal_handlers_disconnect_by_func (h.view, zone_changed_cb, &change);
  harness_clear (&h);
}

/* With a display time the view shows the last sample at or before it, from what it kept. */
static void
test_display_time_picks_sample (void)
{
  Harness h;
  gint64 t0 = proprio_clock_now_us () - 5 * G_USEC_PER_SEC;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, 4000);
  Image image;
  GdkRGBA color;

  harness_init (&h, 600, 600, 1);
  proprio_emg_view_set_full_scale (h.view, 0, 4000);
  for (guint k = 0; k < 4000; k++)
    {
      double env = k;

      samples[k] = emg_sample (t0 + (gint64) k * 500, &env, NULL, 1);
    }
  proprio_emg_view_push (h.view, samples, 4000);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 3999);

  proprio_emg_view_set_display_time_us (h.view, t0 + 1234 * 500 + 200);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 1234);
  g_assert_cmpint (proprio_emg_view_get_shown_time_us (h.view), ==, t0 + 1234 * 500);
  proprio_emg_view_set_display_time_us (h.view, t0 + 1235 * 500);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 1235);
  image = render (&h);
  proprio_emg_view_get_channel_color (h.view, 0, &color);
  assert_bar (&h, &image, 0, 1235, rgba_hex (&color));
  g_free (image.data);

  /* Before the first sample kept: nothing to show. */
  proprio_emg_view_set_display_time_us (h.view, t0 - 1);
  g_assert_true (isnan (proprio_emg_view_get_value (h.view, 0)));
  g_assert_cmpint (proprio_emg_view_get_shown_time_us (h.view), ==, 0);
  /* Later than the newest: the newest; 0: live. */
  proprio_emg_view_set_display_time_us (h.view, t0 + 100 * G_USEC_PER_SEC);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 3999);
  proprio_emg_view_set_display_time_us (h.view, 0);
  g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 3999);

  /* Time going back is another trace: the old one is forgotten. */
  {
    double env = 7;
    ProprioSample again = emg_sample (t0 + 10, &env, NULL, 1);

    proprio_emg_view_push (h.view, &again, 1);
    g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 7);
    proprio_emg_view_set_display_time_us (h.view, t0 + 1234 * 500);
    g_assert_cmpfloat (proprio_emg_view_get_value (h.view, 0), ==, 7);
  }
  harness_clear (&h);
}

/* The history strip: min/max per pixel column as a band, the mean as a line, gaps left open. */
static gboolean
strip_column_has (const Image         *image,
                  const EmgCellLayout *cell,
                  double               x,
                  double               y,
                  guint32              rgb)
{
  for (double dy = -3; dy <= 3; dy++)
    {
      double py = CLAMP (y + dy, cell->strip.origin.y,
                         cell->strip.origin.y + cell->strip.size.height - 1);

      if (near (pixel (image, x, py), rgb, 10))
        return TRUE;
    }
  return FALSE;
}

static void
test_strip_shows_history (void)
{
  Harness h;
  gint64 now = proprio_clock_now_us ();
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, 10000);
  const EmgCellLayout *cell;
  double top, hgt, right, width;
  guint32 ink;
  GdkRGBA color;
  Image image;
  guint n = 0;

  harness_init (&h, 700, 700, 1);
  proprio_emg_view_set_full_scale (h.view, 0, 100);
  /* 10 s at 1 kHz: 20 µV for 4 s, a 2 s gap (unplugged), then 80 µV. */
  for (guint k = 0; k < 10000; k++)
    {
      double env = k < 4000 ? 20 : 80;

      if (k >= 4000 && k < 6000)
        continue;
      samples[n++] = emg_sample (now - (gint64) (9999 - k) * 1000, &env, NULL, 1);
    }
  proprio_emg_view_push (h.view, samples, n);
  image = render (&h);
  maybe_save_png (&h, "emg-view-strip.png");

  cell = cell_for (&h, 0);
  g_assert_cmpfloat (cell->strip.size.height, >=, 36);
  proprio_emg_view_get_channel_color (h.view, 0, &color);
  ink = rgba_hex (&color);
  top = cell->strip.origin.y;
  hgt = cell->strip.size.height;
  width = _proprio_emg_view_get_layout (h.view)->strip_width;
  right = cell->strip.origin.x + width - 1;

  /* 2 s ago (80 µV), 7 s ago (20 µV), and 5 s ago (the gap). */
  g_assert_true (strip_column_has (&image, cell, right - width * 0.2, top + hgt * 0.2, ink));
  g_assert_false (strip_column_has (&image, cell, right - width * 0.2, top + hgt * 0.8, ink));
  g_assert_true (strip_column_has (&image, cell, right - width * 0.7, top + hgt * 0.8, ink));
  g_assert_false (strip_column_has (&image, cell, right - width * 0.7, top + hgt * 0.2, ink));
  for (double y = top + 20; y < top + hgt - 1; y += 3)
    g_assert_false (near (pixel (&image, right - width * 0.5, y), ink, 40));
  g_free (image.data);
  harness_clear (&h);
}

static gboolean
strip_columns_have (const Image         *image,
                    const EmgCellLayout *cell,
                    double               from_x,
                    double               to_x,
                    double               y,
                    guint32              rgb)
{
  for (double x = floor (from_x); x <= ceil (to_x); x++)
    if (strip_column_has (image, cell, x, y, rgb))
      return TRUE;
  return FALSE;
}

/* The newest column is drawn over the strip kept from the last frames, and the kept strip
 * follows as it scrolls: a burst filling only the newest column shows at the right edge; 1 s
 * later it is a tenth of the strip to the left and no longer at the edge. */
static void
test_strip_newest_and_scroll (void)
{
  Harness h;
  gint64 now = proprio_clock_now_us (), col_us, t;
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, 10000);
  const EmgCellLayout *cell;
  double top, hgt, right, width, peak_y, env = 20;
  guint32 ink;
  GdkRGBA color;
  Image image;
  guint n = 0;

  harness_init (&h, 700, 700, 1);
  proprio_emg_view_set_full_scale (h.view, 0, 100);
  for (guint k = 0; k < 10000; k++)
    samples[k] = emg_sample (now - (gint64) (9999 - k) * 1000, &env, NULL, 1);
  proprio_emg_view_push (h.view, samples, 10000);
  cell = cell_for (&h, 0);
  width = _proprio_emg_view_get_layout (h.view)->strip_width;
  g_assert_cmpfloat (width, >, 100);
  /* The view's columns: 10 s over the strip's pixels, keyed to absolute time. */
  col_us = (gint64) (10 * G_USEC_PER_SEC) / (gint64) width;
  env = 90;
  for (t = (now / col_us + 1) * col_us; t < (now / col_us + 2) * col_us;
       t += 1000)
    samples[n++] = emg_sample (t, &env, NULL, 1);
  g_assert_cmpuint (n, >, 2);
  proprio_emg_view_push (h.view, samples, n);
  image = render (&h);

  proprio_emg_view_get_channel_color (h.view, 0, &color);
  ink = rgba_hex (&color);
  top = cell->strip.origin.y;
  hgt = cell->strip.size.height;
  right = cell->strip.origin.x + width - 1;
  peak_y = top + hgt * 0.1;
  g_assert_true (strip_column_has (&image, cell, right, peak_y, ink));
  g_assert_false (strip_columns_have (&image, cell, right - 20, right - 2, peak_y, ink));
  g_free (image.data);

  env = 20;
  for (guint k = 0; k < 1000; k++)
    samples[k] = emg_sample (t + (gint64) (k + 1) * 1000, &env, NULL, 1);
  proprio_emg_view_push (h.view, samples, 1000);
  image = render (&h);
  g_assert_false (strip_columns_have (&image, cell, right - 3, right, peak_y, ink));
  g_assert_true (strip_columns_have (&image, cell, right - width * 0.1 - 4,
                                     right - width * 0.1 + 4, peak_y, ink));
  g_assert_true (strip_columns_have (&image, cell, right - 3, right, top + hgt * 0.8, ink));
  g_free (image.data);
  harness_clear (&h);
}

/* PAIR: two channels large, their ratio and symmetry index in large type. */
static gboolean
dark_text_in (const Image           *image,
              const graphene_rect_t *box)
{
  guint n = 0;

  for (int y = (int) box->origin.y; y < (int) (box->origin.y + box->size.height); y++)
    for (int x = (int) box->origin.x; x < (int) (box->origin.x + box->size.width); x++)
      n += luminance (pixel (image, x, y)) < 90;
  return n > 40;
}

static void
test_pair_ratio_and_symmetry (void)
{
  static const double env[3] = { 60, 20, 5 };
  const EmgViewLayout *layout;
  double ratio, symmetry;
  Harness h;
  Image image;

  harness_init (&h, 1200, 600, 3);
  push_constant (&h, env, 3, 1, 1000);
  proprio_emg_view_set_mode (h.view, PROPRIO_EMG_VIEW_PAIR);
  proprio_emg_view_set_pair (h.view, 0, 1);
  g_assert_true (proprio_emg_view_get_pair_values (h.view, &ratio, &symmetry));
  g_assert_cmpfloat_with_epsilon (ratio, 3.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (symmetry, 50.0, 1e-6);

  layout = _proprio_emg_view_get_layout (h.view);
  g_assert_true (layout->pair);
  g_assert_cmpuint (layout->n_cells, ==, 2);
  g_assert_cmpuint (layout->cells[0].channel, ==, 0);
  g_assert_cmpuint (layout->cells[1].channel, ==, 1);
  /* Double size: the figures are larger than in the bars of three. */
  g_assert_cmpfloat (layout->cells[0].value_px, >=, 1.4 * 28);
  g_assert_cmpfloat (layout->pair_px, >=, EMG_VIEW_TEXT_MIN_PX);
  image = render (&h);
  g_assert_true (dark_text_in (&image, &GRAPHENE_RECT_INIT (layout->pair_panel.origin.x,
                                                            layout->pair_panel.size.height * 0.2,
                                                            layout->pair_panel.size.width,
                                                            layout->pair_panel.size.height * 0.6)));
  g_free (image.data);
  proprio_emg_view_set_channel_name (h.view, 0, "Glute med L");
  proprio_emg_view_set_channel_name (h.view, 1, "Glute med R");

  /* The other way round. */
  proprio_emg_view_set_pair (h.view, 1, 0);
  proprio_emg_view_get_pair_values (h.view, &ratio, &symmetry);
  g_assert_cmpfloat_with_epsilon (ratio, 1 / 3.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (symmetry, -50.0, 1e-6);

  /* %MVC against µV does not compare; with both calibrated it does again. */
  proprio_emg_view_set_channel_mvc (h.view, 0, 120);
  g_assert_false (proprio_emg_view_get_pair_values (h.view, &ratio, &symmetry));
  g_assert_true (isnan (ratio));
  g_assert_true (isnan (symmetry));
  proprio_emg_view_set_channel_mvc (h.view, 1, 40);
  g_assert_true (proprio_emg_view_get_pair_values (h.view, &ratio, &symmetry));
  g_assert_cmpfloat_with_epsilon (ratio, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (symmetry, 0.0, 1e-6);

  /* A pair of one channel is no pair: bars. */
  proprio_emg_view_set_pair (h.view, 2, 2);
  g_assert_false (_proprio_emg_view_get_layout (h.view)->pair);
  harness_clear (&h);
}

/* Within, up to rounding (graphene's own test compares unions exactly). */
static gboolean
inside (const graphene_rect_t *a,
        const graphene_rect_t *b)
{
  return a->origin.x >= b->origin.x - 0.01 && a->origin.y >= b->origin.y - 0.01 &&
         a->origin.x + a->size.width <= b->origin.x + b->size.width + 0.01 &&
         a->origin.y + a->size.height <= b->origin.y + b->size.height + 0.01;
}

/* From 1 to 8 channels and from a corner inset to a wide screen, the cells fit and the figures
 * and names stay at their 2 m size. */
static void
check_layout (int      width,
              int      height,
              guint    n,
              gboolean compact,
              guint    expect_rows)
{
  const EmgViewLayout *layout;
  Harness h;
  GHashTable *rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  double min_px = compact ? EMG_VIEW_COMPACT_TEXT_MIN_PX : EMG_VIEW_TEXT_MIN_PX;

  harness_init_full (&h, width, height, n, compact);
  layout = _proprio_emg_view_get_layout (h.view);
  g_assert_cmpuint (layout->n_cells, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const EmgCellLayout *c = &layout->cells[i];
      graphene_rect_t all = GRAPHENE_RECT_INIT (0, 0, width, height);

      g_hash_table_add (rows, GINT_TO_POINTER ((int) c->cell.origin.y));
      g_assert_cmpfloat (c->value_px, >=, min_px);
      g_assert_cmpfloat (c->name_px, >=, min_px);
      g_assert_true (inside (&c->cell, &all));
      g_assert_true (inside (&c->bar, &c->cell));
      g_assert_cmpfloat (c->bar.size.height, >=, compact ? 20 : 60);
      if (compact)
        g_assert_cmpfloat (c->strip.size.height, ==, 0);
    }
  g_test_message ("%dx%d, %u channels%s: %u rows", width, height, n, compact ? " compact" : "",
                  g_hash_table_size (rows));
  g_assert_cmpuint (g_hash_table_size (rows), ==, expect_rows);
  g_hash_table_unref (rows);
  harness_clear (&h);
}

static void
test_layout_adapts (void)
{
  check_layout (1280, 400, 8, FALSE, 1);      /* a wide window: bars in a row */
  check_layout (1280, 720, 8, FALSE, 1);
  check_layout (700, 900, 8, FALSE, 2);       /* too narrow for a row of eight */
  check_layout (400, 1000, 8, FALSE, 4);
  check_layout (800, 600, 1, FALSE, 1);
  check_layout (800, 600, 2, FALSE, 1);
  check_layout (640, 480, 3, FALSE, 1);
  check_layout (384, 288, 8, TRUE, 1);        /* the Mirror inset: always one row */
  check_layout (120, 90, 1, TRUE, 1);
}

/* The view redraws when what it shows changes, at most once per frame, and not otherwise. */
static void
push_value (Harness *h,
            gint64  *t,
            double   env,
            guint    count)
{
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, count);

  for (guint k = 0; k < count; k++, *t += 500)
    samples[k] = emg_sample (*t, &env, NULL, 1);
  proprio_emg_view_push (h->view, samples, count);
}

typedef struct
{
  Harness *h;
  guint    at_least;
} RenderWait;

static gboolean
rendered (gpointer data)
{
  RenderWait *w = data;

  return w->h->renders >= w->at_least;
}

/* Waits (generously: a busy machine) for the view to have been drawn `at_least` times, then a
 * little longer, so a redraw that should not come has had its chance. */
static void
wait_renders (Harness *h,
              guint    at_least)
{
  RenderWait w = { h, at_least };

  g_assert_true (proprio_test_wait_until (rendered, &w, 5000));
  proprio_test_wait_ms (100);
}

static void
test_redraws_only_on_change (void)
{
  Harness h;
  gint64 t = proprio_clock_now_us ();
  guint before;

  harness_init_full (&h, 300, 220, 1, TRUE);
  proprio_emg_view_set_full_scale (h.view, 0, 100);
  push_value (&h, &t, 50, 10);
  wait_renders (&h, 1);

  /* The same figure and bar height: nothing to draw. */
  before = h.renders;
  push_value (&h, &t, 50, 40);
  push_value (&h, &t, 50.05, 40);
  proprio_test_wait_ms (150);
  g_assert_cmpuint (h.renders, ==, before);

  /* Many changes in one frame: one redraw. */
  for (guint k = 0; k < 100; k++)
    push_value (&h, &t, 60 + k * 0.3, 1);
  wait_renders (&h, before + 1);
  g_assert_cmpuint (h.renders, ==, before + 1);

  /* A zone is a change too. */
  before = h.renders;
  proprio_emg_view_set_zone (h.view, 0, PROPRIO_EMG_ZONE_BAND, 20, 40);
  wait_renders (&h, before + 1);
  g_assert_cmpuint (h.renders, ==, before + 1);

  /* A display time moving over samples of the same value changes nothing on screen; one back
   * to another value does. */
  push_value (&h, &t, 30, 20);
  wait_renders (&h, before + 2);
  before = h.renders;
  proprio_emg_view_set_display_time_us (h.view, t - 3000);
  proprio_test_wait_ms (100);
  proprio_emg_view_set_display_time_us (h.view, t - 2000);
  proprio_test_wait_ms (100);
  g_assert_cmpuint (h.renders, ==, before);
  proprio_emg_view_set_display_time_us (h.view, t - 10000 - 500 * 50);
  wait_renders (&h, before + 1);
  g_assert_cmpuint (h.renders, ==, before + 1);
  harness_clear (&h);
}

/* The dark style: a dark page and the lighter zone green. */
static gboolean
style_is_dark (gpointer data)
{
  EmgViewColors colors;

  _proprio_emg_view_get_colors (data, &colors);
  return colors.dark;
}

static gboolean
style_is_light (gpointer data)
{
  return !style_is_dark (data);
}

static void
test_dark_style (void)
{
  static const double env[2] = { 50, 90 };
  AdwStyleManager *manager = adw_style_manager_get_default ();
  EmgViewColors colors;
  Harness h;
  Image image;

  harness_init (&h, 800, 600, 2);
  proprio_emg_view_set_channel_mvc (h.view, 0, 100);
  proprio_emg_view_set_zone (h.view, 0, PROPRIO_EMG_ZONE_BAND, 40, 60);
  push_constant (&h, env, 2, 2, 1000);
  image = render (&h);
  g_assert_cmpfloat (luminance (pixel (&image, 2, 2)), >, 200);
  g_free (image.data);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (proprio_test_wait_until (style_is_dark, h.view, 5000));
  proprio_test_wait_ms (100);
  image = render (&h);
  g_assert_cmpfloat (luminance (pixel (&image, 2, 2)), <, 60);
  assert_bar (&h, &image, 0, 50, EMG_VIEW_GREEN_4);
  _proprio_emg_view_get_colors (h.view, &colors);
  g_assert_false (colors.high_contrast);
  g_free (image.data);
  maybe_save_png (&h, "emg-view-dark.png");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (proprio_test_wait_until (style_is_light, h.view, 5000));
  harness_clear (&h);
}

/* Compact (the Mirror inset): bars only, no background of its own, small but legible figures. */
static void
test_compact_bars (void)
{
  static const double env[8] = { 10, 20, 30, 40, 50, 60, 70, 80 };
  Harness h;
  Image image;
  GdkRGBA color;

  harness_init_full (&h, 384, 288, 8, TRUE);
  for (guint i = 0; i < 8; i++)
    proprio_emg_view_set_full_scale (h.view, i, 100);
  push_constant (&h, env, 8, 1, 2000);
  {
    g_autoptr(GdkTexture) texture = render_texture (&h);
    g_autofree guchar *data = g_malloc ((gsize) 384 * 288 * 4);

    /* Nothing painted where no bar or text is: the host's card shows. */
    gdk_texture_download (texture, data, 384 * 4);
    g_assert_cmphex (*(guint32 *) (gpointer) data >> 24, ==, 0);
  }
  /* On its host's background (the window here, the Mirror inset's card there) the bars are
   * filled to their values. */
  {
    g_autoptr(GdkTexture) texture = proprio_test_render_widget (h.window);

    image.width = gdk_texture_get_width (texture);
    image.height = gdk_texture_get_height (texture);
    image.stride = (gsize) image.width * 4;
    image.data = g_malloc (image.stride * image.height);
    gdk_texture_download (texture, image.data, image.stride);
    maybe_save_texture (texture, "emg-view-compact.png");
  }
  for (guint i = 0; i < 8; i++)
    {
      proprio_emg_view_get_channel_color (h.view, i, &color);
      assert_bar (&h, &image, i, env[i], rgba_hex (&color));
    }
  g_free (image.data);
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/emg-view/bars/heights-and-zone-colours",
                   test_bars_heights_and_zone_colours);
  g_test_add_func ("/emg-view/render/scene", test_render_scene);
  g_test_add_func ("/emg-view/values/mvc-and-microvolts", test_values_mvc_and_microvolts);
  g_test_add_func ("/emg-view/values/auto-scale-follows-window", test_auto_scale_follows_window);
  g_test_add_func ("/emg-view/zones/drag-edges", test_drag_zone_edges);
  g_test_add_func ("/emg-view/time/display-time-picks-sample", test_display_time_picks_sample);
  g_test_add_func ("/emg-view/strip/history-band-and-gaps", test_strip_shows_history);
  g_test_add_func ("/emg-view/strip/newest-column-and-scroll", test_strip_newest_and_scroll);
  g_test_add_func ("/emg-view/pair/ratio-and-symmetry", test_pair_ratio_and_symmetry);
  g_test_add_func ("/emg-view/layout/adapts-to-channels-and-size", test_layout_adapts);
  g_test_add_func ("/emg-view/redraw/only-on-change", test_redraws_only_on_change);
  g_test_add_func ("/emg-view/style/dark", test_dark_style);
  g_test_add_func ("/emg-view/compact/bars-only", test_compact_bars);

  return g_test_run ();
}
