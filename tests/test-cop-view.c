/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-cop-view-private.h"

/* Colours the view draws with (GNOME palette), checked at pixels. */
#define RED_3  0xe01b24
#define BLUE_1 0x99c1f1
#define BLUE_3 0x3584e4

typedef struct
{
  GtkWidget      *window;
  ProprioCopView *view;
  GdkPaintable   *paintable;
  guint           renders;
} Harness;

typedef struct
{
  guchar *data;
  int     width, height;
  gsize   stride;
} Image;

/* ---- helpers ---- */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The widget's paintable updates on the frame after the view queued a draw: counting its updates
 * counts the view's redraws. */
static void
contents_cb (GdkPaintable *paintable,
             Harness      *h)
{
  h->renders++;
}

static void
harness_init (Harness *h,
              int      width,
              int      height)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  h->renders = 0;
  h->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (h->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (h->window), width, height);
  h->view = PROPRIO_COP_VIEW (proprio_cop_view_new ());
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->view));
  h->paintable = gtk_widget_paintable_new (GTK_WIDGET (h->view));
  gtk_window_present (GTK_WINDOW (h->window));

  while ((!gtk_widget_get_mapped (GTK_WIDGET (h->view)) ||
          gtk_widget_get_width (GTK_WIDGET (h->view)) != width ||
          gtk_widget_get_height (GTK_WIDGET (h->view)) != height) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (h->view)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (h->view)), ==, height);

  g_signal_connect (h->paintable, "invalidate-contents", G_CALLBACK (contents_cb), h);
}

static void
harness_clear (Harness *h)
{
  g_signal_handlers_disconnect_by_func (h->paintable, contents_cb, h);
  g_clear_object (&h->paintable);
  gtk_window_destroy (GTK_WINDOW (h->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Renders the view as it is now: its snapshot, as GTK takes it for a frame, rendered by the
 * window's (Cairo) renderer into a texture. */
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
  g_assert_cmpint (image.width, ==, gtk_widget_get_width (GTK_WIDGET (h->view)));
  g_assert_cmpint (image.height, ==, gtk_widget_get_height (GTK_WIDGET (h->view)));
  image.stride = (gsize) image.width * 4;
  image.data = g_malloc (image.stride * image.height);
  gdk_texture_download (texture, image.data, image.stride);
  return image;
}

static void
save_png (Harness    *h,
          const char *name)
{
  g_autoptr(GdkTexture) texture = render_texture (h);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

/* 0xRRGGBB of an opaque pixel (the view paints its whole area unless transparent). */
static guint32
pixel (const Image *image,
       int          x,
       int          y)
{
  guint32 argb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, image->width);
  g_assert_cmpint (y, <, image->height);
  /* gdk_texture_download gives Cairo's ARGB32: native-endian words. */
  argb = *(const guint32 *) (gconstpointer) (image->data + (gsize) y * image->stride +
                                             (gsize) x * 4);
  g_assert_cmphex (argb >> 24, ==, 0xff);
  return argb & 0xffffff;
}

static guint
alpha (const Image *image,
       int          x,
       int          y)
{
  return *(const guint32 *) (gconstpointer) (image->data + (gsize) y * image->stride +
                                             (gsize) x * 4) >> 24;
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

static guint
count_near (const Image *image,
            guint32      rgb)
{
  guint n = 0;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      n += near (pixel (image, x, y), rgb, 6);
  return n;
}

static guint32
pixel_at_board (Harness     *h,
                const Image *image,
                double       x_mm,
                double       y_mm)
{
  double wx, wy;

  g_assert_true (proprio_cop_view_board_to_widget (h->view, x_mm, y_mm, &wx, &wy));
  return pixel (image, (int) floor (wx), (int) floor (wy));
}

static ProprioSample
balance_sample (gint64 t_us,
                double tl,
                double tr,
                double bl,
                double br,
                double x_mm,
                double y_mm,
                guint32 flags)
{
  ProprioSample s = { 0 };

  s.t_us = t_us;
  s.flags = flags;
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  s.values[PROPRIO_BALANCE_CHANNEL_TL] = tl;
  s.values[PROPRIO_BALANCE_CHANNEL_TR] = tr;
  s.values[PROPRIO_BALANCE_CHANNEL_BL] = bl;
  s.values[PROPRIO_BALANCE_CHANNEL_BR] = br;
  s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = tl + tr + bl + br;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = x_mm;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = y_mm;
  return s;
}

static void
push_one (Harness *h,
          gint64   t_us,
          double   x_mm,
          double   y_mm,
          guint32  flags)
{
  ProprioSample s = balance_sample (t_us, 20, 20, 20, 20, x_mm, y_mm, flags);

  proprio_cop_view_push (h->view, &s, 1);
}

/* Whether the "Step onto the board" hint is drawn: dark grey text pixels around the board's
 * centre. */
static gboolean
hint_shown (Harness     *h,
            const Image *image)
{
  double cx, cy;

  proprio_cop_view_board_to_widget (h->view, 0, 0, &cx, &cy);
  for (int y = (int) cy - 6; y <= (int) cy + 6; y++)
    for (int x = (int) cx - 50; x <= (int) cx + 50; x++)
      {
        guint32 p = pixel (image, x, y);
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

        /* Dark grey text, not the red dot that may sit nearby. */
        if (r + g + b < 330 && ABS (r - g) < 40 && ABS (g - b) < 40)
          return TRUE;
      }
  return FALSE;
}

/* ---- mapping ---- */

static void
test_mapping_unallocated (void)
{
  GtkWidget *view = g_object_ref_sink (proprio_cop_view_new ());
  double a = 1, b = 1;

  g_assert_false (proprio_cop_view_board_to_widget (PROPRIO_COP_VIEW (view), 10, 10, &a, &b));
  g_assert_cmpfloat (a, ==, 0);
  g_assert_cmpfloat (b, ==, 0);
  g_assert_false (proprio_cop_view_widget_to_board (PROPRIO_COP_VIEW (view), 10, 10, &a, &b));
  g_object_unref (view);
}

static void
test_mapping_round_trip (void)
{
  static const int sizes[][2] = { { 400, 300 }, { 640, 200 }, { 180, 420 }, { 240, 135 } };
  static const double zooms[] = { 0.5, 1.0, 2.5 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      Harness h;
      int w = sizes[s][0], ht = sizes[s][1];

      harness_init (&h, w, ht);
      for (int bars = 0; bars <= 1; bars++)
        for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
          for (int mirrored = 0; mirrored <= 1; mirrored++)
            {
              double ox, oy, rx, ry;

              proprio_cop_view_set_show_bars (h.view, bars);
              proprio_cop_view_set_zoom (h.view, zooms[z]);
              proprio_cop_view_set_mirrored (h.view, mirrored);
              g_assert_true (proprio_cop_view_board_to_widget (h.view, 0, 0, &ox, &oy));
              if (!bars)
                {
                  /* Without bars the board's origin is the widget's centre. */
                  g_assert_cmpfloat_with_epsilon (ox, w / 2.0, 1e-9);
                  g_assert_cmpfloat_with_epsilon (oy, ht / 2.0, 1e-9);
                }
              /* Right is right of the origin unless mirrored; forward is up. */
              g_assert_true (proprio_cop_view_board_to_widget (h.view, 100, 50, &rx, &ry));
              g_assert_true (mirrored ? rx < ox : rx > ox);
              g_assert_cmpfloat (ry, <, oy);

              for (double x = -250; x <= 250; x += 62.5)
                for (double y = -150; y <= 150; y += 37.5)
                  {
                    double wx, wy, bx, by, mx, my;

                    g_assert_true (proprio_cop_view_board_to_widget (h.view, x, y, &wx, &wy));
                    g_assert_true (proprio_cop_view_widget_to_board (h.view, wx, wy, &bx, &by));
                    g_assert_cmpfloat_with_epsilon (bx, x, 1e-9);
                    g_assert_cmpfloat_with_epsilon (by, y, 1e-9);
                    /* Mirroring reflects about the origin's column. */
                    proprio_cop_view_set_mirrored (h.view, !mirrored);
                    proprio_cop_view_board_to_widget (h.view, x, y, &mx, &my);
                    proprio_cop_view_set_mirrored (h.view, mirrored);
                    g_assert_cmpfloat_with_epsilon (mx + wx, 2 * ox, 1e-9);
                    g_assert_cmpfloat_with_epsilon (my, wy, 1e-9);
                  }
            }

      /* Zoom scales distances from the origin exactly. */
      proprio_cop_view_set_show_bars (h.view, FALSE);
      proprio_cop_view_set_mirrored (h.view, FALSE);
      {
        double x1, y1, x2, y2;

        proprio_cop_view_set_zoom (h.view, 1.0);
        proprio_cop_view_board_to_widget (h.view, 120, -80, &x1, &y1);
        proprio_cop_view_set_zoom (h.view, 2.0);
        proprio_cop_view_board_to_widget (h.view, 120, -80, &x2, &y2);
        g_assert_cmpfloat_with_epsilon (x2 - w / 2.0, 2 * (x1 - w / 2.0), 1e-9);
        g_assert_cmpfloat_with_epsilon (y2 - ht / 2.0, 2 * (y1 - ht / 2.0), 1e-9);
      }

      /* At zoom 1 the whole board fits and fills most of one dimension. */
      {
        double left, top, right, bottom;

        proprio_cop_view_set_zoom (h.view, 1.0);
        proprio_cop_view_board_to_widget (h.view, -433 / 2.0, 238 / 2.0, &left, &top);
        proprio_cop_view_board_to_widget (h.view, 433 / 2.0, -238 / 2.0, &right, &bottom);
        g_assert_cmpfloat (left, >=, 0);
        g_assert_cmpfloat (top, >=, 0);
        g_assert_cmpfloat (right, <=, w);
        g_assert_cmpfloat (bottom, <=, ht);
        g_assert_true (right - left >= 0.6 * w || bottom - top >= 0.6 * ht);
        /* To scale: millimetres are the same size across and along. */
        g_assert_cmpfloat_with_epsilon ((right - left) / 433, (bottom - top) / 238, 1e-9);
      }
      harness_clear (&h);
    }
}

/* ---- pixels ---- */

static void
test_dot_at_cop (void)
{
  Harness h;
  Image image;
  double wx, wy, mx, my;

  harness_init (&h, 400, 300);
  push_one (&h, proprio_clock_now_us (), 100, 0, PROPRIO_SAMPLE_HAS_COP);
  proprio_cop_view_board_to_widget (h.view, 100, 0, &wx, &wy);
  proprio_cop_view_board_to_widget (h.view, -100, 0, &mx, &my);

  image = render (&h);
  g_assert_cmphex (pixel (&image, (int) wx, (int) wy), ==, RED_3);
  g_assert_false (near (pixel (&image, (int) mx, (int) my), RED_3, 40));
  /* A dot, not a blob: about π·7² px of red. */
  g_assert_cmpuint (count_near (&image, RED_3), >, 100);
  g_assert_cmpuint (count_near (&image, RED_3), <, 200);
  g_assert_false (hint_shown (&h, &image));
  g_free (image.data);

  /* Mirrored for the patient: the same sample shows where its right appears on a mirror. */
  proprio_cop_view_set_mirrored (h.view, TRUE);
  image = render (&h);
  g_assert_cmphex (pixel (&image, (int) mx, (int) my), ==, RED_3);
  g_assert_false (near (pixel (&image, (int) wx, (int) wy), RED_3, 40));
  g_assert_cmphex (pixel_at_board (&h, &image, 100, 0), ==, RED_3);
  g_free (image.data);

  harness_clear (&h);
}

static void
test_no_dot_without_cop (void)
{
  Harness h;
  Image image;

  harness_init (&h, 400, 300);
  push_one (&h, proprio_clock_now_us (), 100, 0, PROPRIO_SAMPLE_NONE);
  image = render (&h);
  g_assert_cmpuint (count_near (&image, RED_3), ==, 0);
  g_assert_true (hint_shown (&h, &image));
  g_free (image.data);

  /* Stepping on brings the dot back and the hint goes. */
  push_one (&h, proprio_clock_now_us (), 100, 0, PROPRIO_SAMPLE_HAS_COP);
  image = render (&h);
  g_assert_cmphex (pixel_at_board (&h, &image, 100, 0), ==, RED_3);
  g_assert_false (hint_shown (&h, &image));
  g_free (image.data);

  /* Without feedback the board stays but the dot goes. */
  proprio_cop_view_set_show_feedback (h.view, FALSE);
  image = render (&h);
  g_assert_cmpuint (count_near (&image, RED_3), ==, 0);
  g_assert_cmphex (pixel (&image, 0, 0), ==, 0xffffff);
  g_assert_cmphex (pixel_at_board (&h, &image, 100, 0), !=, 0xffffff);
  g_free (image.data);

  harness_clear (&h);
}

/* The horizontal span (px) of what the hint changes in the band through the board's centre:
 * `image` against `bare`, the same view with a CoP far from the centre (so no hint). */
static int
hint_span (Harness     *h,
           const Image *image,
           const Image *bare)
{
  int first = -1, last = -1;
  double cx, cy;

  proprio_cop_view_board_to_widget (h->view, 0, 0, &cx, &cy);
  for (int x = 0; x < image->width; x++)
    for (int y = MAX (0, (int) cy - 8); y <= MIN (image->height - 1, (int) cy + 8); y++)
      if (pixel (image, x, y) != pixel (bare, x, y))
        {
          if (first < 0)
            first = x;
          last = x;
          break;
        }
  return first < 0 ? 0 : last - first + 1;
}

/* Renders the view as it is and as it would be with a CoP (so without its hint), and measures. */
static int
measure_hint (Harness *h)
{
  gint64 now = proprio_clock_now_us ();
  Image image, bare;
  int span;

  proprio_cop_view_clear (h->view);
  push_one (h, now, 0, 0, PROPRIO_SAMPLE_NONE);
  image = render (h);
  proprio_cop_view_clear (h->view);
  push_one (h, now, -180, 90, PROPRIO_SAMPLE_HAS_COP);
  bare = render (h);
  span = hint_span (h, &image, &bare);
  proprio_cop_view_clear (h->view);
  g_free (image.data);
  g_free (bare.data);
  return span;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The hint is the owner's to set; NULL gives back the default, drawn the same as before. */
static void
test_hint_property (void)
{
  const char *long_hint = "No balance data that far back, none at all";
  Harness h;
  Image image;
  guint notified = 0;
  int default_span, long_span, short_span;
  g_autofree char *read = NULL;

  harness_init (&h, 600, 300);
  proprio_cop_view_set_show_bars (h.view, FALSE);
  proprio_cop_view_set_show_trail (h.view, FALSE);
  proprio_cop_view_set_show_ellipse (h.view, FALSE);
  g_assert_null (proprio_cop_view_get_hint (h.view));
  g_assert_cmpstr (proprio_cop_view_get_shown_hint (h.view), ==, "Step onto the board");
  default_span = measure_hint (&h);
  g_assert_cmpint (default_span, >, 60);
  g_assert_cmpint (default_span, <, 400);

  g_signal_connect (h.view, "notify::hint", G_CALLBACK (count_notify), &notified);
  proprio_cop_view_set_hint (h.view, long_hint);
  g_assert_cmpuint (notified, ==, 1);
  proprio_cop_view_set_hint (h.view, long_hint);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (h.view, "hint", &read, NULL);
  g_assert_cmpstr (read, ==, long_hint);
  g_assert_cmpstr (proprio_cop_view_get_shown_hint (h.view), ==, long_hint);
  /* The drawn text is the hint's: a longer one spans more, a short one less. */
  long_span = measure_hint (&h);
  g_assert_cmpint (long_span, >, default_span + 60);
  proprio_cop_view_set_hint (h.view, "Off");
  short_span = measure_hint (&h);
  g_assert_cmpint (short_span, >, 0);
  g_assert_cmpint (short_span, <, default_span / 2);

  /* "" is the default again, drawn exactly as the default. */
  proprio_cop_view_set_hint (h.view, "");
  g_assert_null (proprio_cop_view_get_hint (h.view));
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpint (measure_hint (&h), ==, default_span);

  /* With a CoP at the instant shown, no hint at all, whatever it says. */
  proprio_cop_view_set_hint (h.view, long_hint);
  push_one (&h, proprio_clock_now_us (), 100, 0, PROPRIO_SAMPLE_HAS_COP);
  image = render (&h);
  g_assert_false (hint_shown (&h, &image));
  g_free (image.data);

  harness_clear (&h);
}

/* Finds the row (or column) through a two-colour bar with the most bar pixels and returns the
 * counts and the first position of each colour along it. */
static void
scan_bar (const Image *image,
          gboolean     vertical,
          int          from,
          int          to,
          guint       *n_first,
          guint       *n_second,
          int         *pos_first,
          int         *pos_second)
{
  guint best = 0;

  *n_first = *n_second = 0;
  for (int line = from; line < to; line++)
    {
      guint a = 0, b = 0;
      int pa = -1, pb = -1;
      int length = vertical ? image->height : image->width;

      for (int i = 0; i < length; i++)
        {
          guint32 p = vertical ? pixel (image, line, i) : pixel (image, i, line);

          if (near (p, BLUE_3, 2))
            {
              if (pa < 0)
                pa = i;
              a++;
            }
          else if (near (p, BLUE_1, 2))
            {
              if (pb < 0)
                pb = i;
              b++;
            }
        }
      if (a + b > best)
        {
          best = a + b;
          *n_first = a;
          *n_second = b;
          *pos_first = pa;
          *pos_second = pb;
        }
    }
}

/* The weight-bearing bars are gauges whose needle moves with the dot: the share away from an even
 * split is filled (BLUE_3) from the middle toward the heavier side, the rest is the track (BLUE_1). */
static void
test_bars_show_load_split (void)
{
  Harness h;
  Image image;
  /* 70 % on the left (TL + BL), 40 % in front (TL + TR): the dot is left of and behind centre. */
  ProprioSample s = balance_sample (proprio_clock_now_us (), 28, 12, 42, 18, -86.6, -23.8,
                                    PROPRIO_SAMPLE_HAS_COP);
  guint n_fill, n_track;
  int p_fill, p_track;
  double dot_x, dot_y;

  harness_init (&h, 400, 300);
  proprio_cop_view_set_show_trail (h.view, FALSE);
  /* The bars follow the view's step time (up to 200 ms behind): half a second of standing. */
  for (int i = 5; i >= 0; i--)
    {
      ProprioSample at = s;

      at.t_us = s.t_us - i * 100000;
      proprio_cop_view_push (h.view, &at, 1);
    }
  image = render (&h);
  proprio_cop_view_board_to_widget (h.view, -86.6, -23.8, &dot_x, &dot_y);

  /* Left/right in the bottom strip: 20 % filled (70 − 50), on the left like the dot. */
  scan_bar (&image, FALSE, image.height - 64, image.height, &n_fill, &n_track, &p_fill, &p_track);
  g_assert_cmpuint (n_fill + n_track, >, 200);
  g_assert_cmpfloat (fabs (n_fill - 0.2 * (n_fill + n_track)), <=, 4);
  g_assert_cmpint (p_track, <, p_fill);
  g_assert_cmpfloat (p_fill, <, image.width / 2.0);
  g_assert_cmpfloat (dot_x, <, image.width / 2.0);
  /* The needle sits at 30 % of the bar from the left. */
  g_assert_cmpfloat (fabs (p_fill - (p_track + 0.3 * (n_fill + n_track + 4))), <=, 5);

  /* Front/back in the right strip: 10 % filled below the middle, where the dot is (behind). */
  scan_bar (&image, TRUE, image.width - 104, image.width, &n_fill, &n_track, &p_fill, &p_track);
  g_assert_cmpuint (n_fill + n_track, >, 120);
  g_assert_cmpfloat (fabs (n_fill - 0.1 * (n_fill + n_track)), <=, 4);
  g_assert_cmpint (p_track, <, p_fill);
  g_assert_cmpfloat (dot_y, >, p_fill - 2);
  g_free (image.data);

  /* Mirrored for the patient: the dot and the needle both go to the right. */
  proprio_cop_view_set_mirrored (h.view, TRUE);
  image = render (&h);
  proprio_cop_view_board_to_widget (h.view, -86.6, -23.8, &dot_x, &dot_y);
  scan_bar (&image, FALSE, image.height - 64, image.height, &n_fill, &n_track, &p_fill, &p_track);
  g_assert_cmpfloat (fabs (n_fill - 0.2 * (n_fill + n_track)), <=, 4);
  g_assert_cmpfloat (dot_x, >, image.width / 2.0 - 52);
  g_assert_cmpfloat (p_fill, >, (image.width - 104) / 2.0 - 2);
  g_free (image.data);

  harness_clear (&h);
}

static void
test_delay_hides_newer_samples (void)
{
  Harness h;
  Image image;
  gint64 now = proprio_clock_now_us ();

  harness_init (&h, 400, 300);
  push_one (&h, now - 5 * G_USEC_PER_SEC, -100, 0, PROPRIO_SAMPLE_HAS_COP);
  push_one (&h, now, 100, 0, PROPRIO_SAMPLE_HAS_COP);

  /* Live: the newest sample. */
  image = render (&h);
  g_assert_cmphex (pixel_at_board (&h, &image, 100, 0), ==, RED_3);
  g_assert_false (near (pixel_at_board (&h, &image, -100, 0), RED_3, 40));
  g_free (image.data);

  /* 2 s behind: the state at now − 2 s is the older sample. */
  proprio_cop_view_set_delay_us (h.view, 2 * G_USEC_PER_SEC);
  image = render (&h);
  g_assert_cmphex (pixel_at_board (&h, &image, -100, 0), ==, RED_3);
  g_assert_false (near (pixel_at_board (&h, &image, 100, 0), RED_3, 40));
  g_free (image.data);

  /* A pinned display time (a delayed video frame's time) works the same way... */
  proprio_cop_view_set_delay_us (h.view, 0);
  proprio_cop_view_set_display_time_us (h.view, now - 1);
  image = render (&h);
  g_assert_cmphex (pixel_at_board (&h, &image, -100, 0), ==, RED_3);
  g_assert_cmpuint (count_near (&image, RED_3), <, 200);
  g_free (image.data);

  /* ...and before the first sample there is nothing to show. */
  proprio_cop_view_set_display_time_us (h.view, now - 6 * G_USEC_PER_SEC);
  image = render (&h);
  g_assert_cmpuint (count_near (&image, RED_3), ==, 0);
  g_assert_true (hint_shown (&h, &image));
  g_free (image.data);

  harness_clear (&h);
}

static void
test_targets_drawn_by_state (void)
{
  Harness h;
  Image image;
  const ProprioTarget targets[] = {
    { .x_mm = 120, .y_mm = 50, .radius_mm = 25, .state = PROPRIO_TARGET_HIT },
    { .x_mm = -120, .y_mm = -50, .radius_mm = 25, .state = PROPRIO_TARGET_ACTIVE },
    { .x_mm = -120, .y_mm = 50, .radius_mm = 25, .state = PROPRIO_TARGET_MISSED },
  };
  guint32 hit, active, missed;

  harness_init (&h, 400, 300);
  proprio_cop_view_set_targets (h.view, targets, G_N_ELEMENTS (targets));
  image = render (&h);
  /* Off the centre, where the target's number is written. */
  hit = pixel_at_board (&h, &image, 120 + 15, 50);
  active = pixel_at_board (&h, &image, -120 + 15, -50);
  missed = pixel_at_board (&h, &image, -120 + 15, 50);
  /* Hit is green, active blue, missed a dim grey. */
  g_assert_cmpint ((int) ((hit >> 8) & 0xff), >, (int) ((hit >> 16) & 0xff) + 40);
  g_assert_cmpint ((int) (active & 0xff), >, (int) ((active >> 16) & 0xff) + 40);
  g_assert_cmpint (ABS ((int) (missed & 0xff) - (int) ((missed >> 16) & 0xff)), <=, 3);
  g_assert_cmpint ((int) (missed & 0xff), >, 200);

  /* Each target carries its number in large type, readable from the patient's place. */
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      double cx, cy;
      guint dark = 0;

      proprio_cop_view_board_to_widget (h.view, targets[i].x_mm, targets[i].y_mm, &cx, &cy);
      for (int y = (int) cy - 12; y <= (int) cy + 12; y++)
        for (int x = (int) cx - 10; x <= (int) cx + 10; x++)
          {
            guint32 p = pixel (&image, x, y);

            /* Dark ink, or the dimmed grey of a missed target's number. */
            if (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff) < 450)
              dark++;
          }
      g_test_message ("target %u: %u dark pixels", i + 1, dark);
      g_assert_cmpuint (dark, >, 20);
    }
  g_free (image.data);
  harness_clear (&h);
}

static void
test_redraws_only_on_change (void)
{
  Harness h;
  const ProprioTarget target = { .x_mm = 50, .y_mm = 0, .radius_mm = 20 };
  guint before;

  harness_init (&h, 400, 300);
  wait_ms (200);

  /* A sample that the delay keeps hidden for 5 s changes nothing on screen yet. */
  proprio_cop_view_set_delay_us (h.view, 5 * G_USEC_PER_SEC);
  wait_ms (200);
  before = h.renders;
  push_one (&h, proprio_clock_now_us (), 10, 10, PROPRIO_SAMPLE_HAS_COP);
  wait_ms (300);
  g_assert_cmpuint (h.renders, ==, before);

  /* Targets: new ones redraw, the same ones again do not. */
  proprio_cop_view_set_targets (h.view, &target, 1);
  wait_ms (200);
  g_assert_cmpuint (h.renders, >, before);
  before = h.renders;
  proprio_cop_view_set_targets (h.view, &target, 1);
  wait_ms (200);
  g_assert_cmpuint (h.renders, ==, before);

  /* Live again: the waiting sample appears. */
  proprio_cop_view_set_delay_us (h.view, 0);
  wait_ms (200);
  g_assert_cmpuint (h.renders, >, before);

  harness_clear (&h);
}

static void
snapshot_view (Harness *h)
{
  GtkWidget *widget = GTK_WIDGET (h->view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
}

static gboolean
images_equal (const Image *a,
              const Image *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  return memcmp (a->data, b->data, a->stride * a->height) == 0;
}

/* The trail is drawn in pieces that are kept while unchanged, and the ellipse is kept until it
 * moves: a frame with a few new samples draws one or two pieces anew, not the whole trace, and
 * the kept pieces draw exactly what freshly drawn ones would. */
static void
test_kept_nodes (void)
{
  Harness h;
  gint64 now = proprio_clock_now_us (), t0 = now - 2 * G_USEC_PER_SEC;
  GskRenderNode *ellipse;
  Image kept, fresh;
  guint64 built;
  double cx;

  harness_init (&h, 400, 300);
  /* 2 s of a wide sway at 1 kHz: ten pieces of 200 ms. */
  for (guint i = 0; i < 2000; i++)
    push_one (&h, t0 + i * 1000, 60 * sin (i / 150.0), 40 * cos (i / 110.0),
              PROPRIO_SAMPLE_HAS_COP);
  snapshot_view (&h);
  built = h.view->chunks_built;
  g_test_message ("pieces drawn for 2 s of trail: %" G_GUINT64_FORMAT, built);
  g_assert_cmpuint (built, >=, 10);
  g_assert_cmpuint (built, <=, 12);
  ellipse = h.view->ellipse_node;
  g_assert_nonnull (ellipse);

  /* The same picture again: nothing is drawn anew. */
  snapshot_view (&h);
  g_assert_cmpuint (h.view->chunks_built, ==, built);
  g_assert_true (h.view->ellipse_node == ellipse);

  /* One frame's worth of new samples (16 at 1 kHz): the newest piece, and at most one that steps
   * to a fainter shade or begins. */
  for (guint i = 2000; i < 2016; i++)
    push_one (&h, t0 + i * 1000, 60 * sin (i / 150.0), 40 * cos (i / 110.0),
              PROPRIO_SAMPLE_HAS_COP);
  snapshot_view (&h);
  g_test_message ("pieces drawn for 16 new samples: %" G_GUINT64_FORMAT,
                  h.view->chunks_built - built);
  g_assert_cmpuint (h.view->chunks_built - built, >=, 1);
  g_assert_cmpuint (h.view->chunks_built - built, <=, 3);
  /* 16 of 2000 points move the ellipse by far less than half a pixel: the same node. */
  g_assert_true (h.view->ellipse_node == ellipse);

  /* Kept pieces draw what a view drawing the whole trail anew draws, pixel for pixel. (The
   * kept ellipse may be up to half a pixel from a fresh one, so it is left out here.) */
  proprio_cop_view_set_show_ellipse (h.view, FALSE);
  kept = render (&h);
  built = h.view->chunks_built;
  proprio_cop_view_drop_nodes (h.view);
  fresh = render (&h);
  g_assert_cmpuint (h.view->chunks_built - built, >=, 10);
  g_assert_true (images_equal (&kept, &fresh));
  g_free (kept.data);
  g_free (fresh.data);
  proprio_cop_view_set_show_ellipse (h.view, TRUE);
  snapshot_view (&h);

  /* A lean far to one side moves the ellipse: after a quarter second it is drawn anew. (By its
   * centre: a freed node's address may come back for the new one.) */
  cx = h.view->ellipse_px[0];
  for (guint i = 2016; i < 2600; i++)
    push_one (&h, t0 + i * 1000, 120 + 5 * sin (i / 10.0), 60 + 5 * cos (i / 7.0),
              PROPRIO_SAMPLE_HAS_COP);
  wait_ms (300);
  snapshot_view (&h);
  g_assert_nonnull (h.view->ellipse_node);
  g_test_message ("ellipse centre moved by %.1f px", h.view->ellipse_px[0] - cx);
  g_assert_cmpfloat (fabs (h.view->ellipse_px[0] - cx), >, 5);

  harness_clear (&h);
}

/* The largest difference of one channel between two images of the same size. */
static guint
max_channel_difference (const Image *a,
                        const Image *b)
{
  guint worst = 0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  for (gsize i = 0; i < a->stride * a->height; i++)
    worst = MAX (worst, (guint) ABS ((int) a->data[i] - (int) b->data[i]));
  return worst;
}

/* Flattened (as the inset over the Mirror page's video is), the board, the ellipse and the
 * trail's kept pieces are one picture: it draws what the view draws otherwise, and it is drawn
 * again when one of them changes (at the 200 ms steps), not at every frame. */
static void
test_flatten (void)
{
  const gint64 t0 = 1000 * G_USEC_PER_SEC, shown = t0 + 2050 * 1000;
  Harness h;
  Image plain, flat;
  guint64 drawn;
  guint worst;

  harness_init (&h, 400, 300);
  for (guint i = 0; i < 3200; i++)
    push_one (&h, t0 + i * 1000, 60 * sin (i / 150.0), 40 * cos (i / 110.0),
              PROPRIO_SAMPLE_HAS_COP);
  proprio_cop_view_set_display_time_us (h.view, shown);
  plain = render (&h);
  g_assert_cmpuint (h.view->flat_drawn, ==, 0);

  proprio_cop_view_set_flatten (h.view, TRUE);
  g_assert_true (proprio_cop_view_get_flatten (h.view));
  flat = render (&h);
  g_assert_cmpuint (h.view->flat_drawn, ==, 1);
  worst = max_channel_difference (&plain, &flat);
  g_test_message ("flattened against plain: largest channel difference %u", worst);
  g_assert_cmpuint (worst, <=, 1);
  g_free (plain.data);
  g_free (flat.data);

  /* The same time again: the same picture. */
  snapshot_view (&h);
  g_assert_cmpuint (h.view->flat_drawn, ==, 1);

  /* A second of 60 Hz frames: the trail fades a step and gains a piece five times, at 2.2 s to
   * 3.0 s, and the picture is drawn then only. */
  for (guint f = 1; f <= 60; f++)
    {
      proprio_cop_view_set_display_time_us (h.view, shown + f * G_USEC_PER_SEC / 60);
      snapshot_view (&h);
    }
  drawn = h.view->flat_drawn - 1;
  g_test_message ("pictures drawn in 60 frames: %" G_GUINT64_FORMAT, drawn);
  g_assert_cmpuint (drawn, >=, 5);
  g_assert_cmpuint (drawn, <=, 6);

  /* With a target (drawn between the board and the trail) the view draws as usual. */
  {
    ProprioTarget target = { .x_mm = 20, .y_mm = 20, .radius_mm = 10,
                             .state = PROPRIO_TARGET_ACTIVE };

    proprio_cop_view_set_targets (h.view, &target, 1);
    snapshot_view (&h);
    g_assert_cmpuint (h.view->flat_drawn - 1, ==, drawn);
  }

  harness_clear (&h);
}

static void
test_render_scene_png (void)
{
  Harness h;
  gint64 now = proprio_clock_now_us ();
  g_autofree ProprioSample *samples = g_new0 (ProprioSample, 1000);
  const ProprioTarget targets[] = {
    { .x_mm = 140, .y_mm = 0, .radius_mm = 22, .state = PROPRIO_TARGET_HIT },
    { .x_mm = 0, .y_mm = 80, .radius_mm = 22, .state = PROPRIO_TARGET_DWELLING, .progress = 0.6 },
    { .x_mm = -140, .y_mm = 0, .radius_mm = 22, .state = PROPRIO_TARGET_ACTIVE },
    { .x_mm = 0, .y_mm = -80, .radius_mm = 22, .state = PROPRIO_TARGET_MISSED },
  };
  double polygon[16];
  Image image;

  /* 10 s at 100 Hz of a slow figure-of-eight sway, leaning left. */
  for (int i = 0; i < 1000; i++)
    {
      double t = i / 100.0, x = -20 + 35 * sin (1.7 * t), y = 10 + 18 * sin (3.4 * t);

      samples[i] = balance_sample (now - (999 - i) * 10000, 28, 12, 42, 18, x, y,
                                   PROPRIO_SAMPLE_HAS_COP);
    }
  for (int i = 0; i < 8; i++)
    {
      polygon[2 * i] = 170 * cos (i * G_PI / 4);
      polygon[2 * i + 1] = 95 * sin (i * G_PI / 4);
    }

  harness_init (&h, 480, 320);
  proprio_cop_view_push (h.view, samples, 1000);
  proprio_cop_view_set_targets (h.view, targets, G_N_ELEMENTS (targets));
  proprio_cop_view_set_polygon (h.view, polygon, 8);
  save_png (&h, "cop-view.png");

  /* The newest point carries the dot; the ellipse and trail are drawn around it. */
  image = render (&h);
  g_assert_cmphex (pixel_at_board (&h, &image, samples[999].values[5], samples[999].values[6]),
                   ==, RED_3);
  g_free (image.data);

  /* The picture-in-picture inset: mirrored, no bars, nothing painted outside the board. */
  proprio_cop_view_set_transparent (h.view, TRUE);
  proprio_cop_view_set_mirrored (h.view, TRUE);
  proprio_cop_view_set_show_bars (h.view, FALSE);
  save_png (&h, "cop-view-inset.png");
  image = render (&h);
  g_assert_cmphex (alpha (&image, 2, 2), ==, 0);
  g_assert_cmphex (alpha (&image, image.width / 2, image.height / 2), >, 0);
  g_free (image.data);
  harness_clear (&h);
}

/* ---- zoom ---- */

static gboolean
inside_view (Harness *h,
             double   x_mm,
             double   y_mm)
{
  double wx, wy;

  proprio_cop_view_board_to_widget (h->view, x_mm, y_mm, &wx, &wy);
  return wx >= 0 && wy >= 0 && wx < gtk_widget_get_width (GTK_WIDGET (h->view)) &&
         wy < gtk_widget_get_height (GTK_WIDGET (h->view));
}

/* Quiet standing sways a few millimetres on a 433 mm board: the view fits its zoom to the last
 * seconds of sway, zooms out at once when the patient moves further, and gives way to a zoom set
 * by hand. */
static void
test_auto_zoom_fits_sway (void)
{
  Harness h;
  gint64 t = proprio_clock_now_us () - 3 * G_USEC_PER_SEC;

  harness_init (&h, 400, 300);
  g_assert_false (proprio_cop_view_get_auto_zoom (h.view));
  proprio_cop_view_set_auto_zoom (h.view, TRUE);
  for (guint i = 0; i < 300; i++, t += 10000)
    push_one (&h, t, 5 + 3 * sin (i / 20.0), 20 + 2 * cos (i / 15.0), PROPRIO_SAMPLE_HAS_COP);
  wait_ms (50);
  g_test_message ("zoom after quiet sway: %.2f", proprio_cop_view_get_zoom (h.view));
  g_assert_cmpfloat (proprio_cop_view_get_zoom (h.view), >, 3.0);
  g_assert_true (inside_view (&h, 8, 22));
  g_assert_true (inside_view (&h, 2, 18));

  /* A lean far to the right: out at once, so the dot never leaves the view. */
  push_one (&h, t, 150, 20, PROPRIO_SAMPLE_HAS_COP);
  wait_ms (50);
  g_assert_true (inside_view (&h, 150, 20));
  g_assert_cmpfloat (proprio_cop_view_get_zoom (h.view), <, 2.0);

  /* The therapist's own zoom wins; the range is the slider's. */
  proprio_cop_view_set_zoom (h.view, 4.0);
  g_assert_false (proprio_cop_view_get_auto_zoom (h.view));
  push_one (&h, t + 10000, 5, 20, PROPRIO_SAMPLE_HAS_COP);
  wait_ms (50);
  g_assert_cmpfloat (proprio_cop_view_get_zoom (h.view), ==, 4.0);
  proprio_cop_view_set_zoom (h.view, 0.3);
  g_assert_cmpfloat (proprio_cop_view_get_zoom (h.view), ==, PROPRIO_COP_VIEW_ZOOM_MIN);
  proprio_cop_view_set_zoom (h.view, 100);
  g_assert_cmpfloat (proprio_cop_view_get_zoom (h.view), ==, PROPRIO_COP_VIEW_ZOOM_MAX);
  harness_clear (&h);
}

static void
test_scale_bar_lengths (void)
{
  /* A round length, 60–150 px on screen, whatever the zoom. */
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (0.6), ==, 100);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (1.0), ==, 100);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (1.3), ==, 50);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (3.0), ==, 20);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (12.0), ==, 5);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (24.0), ==, 5);
  g_assert_cmpfloat (proprio_cop_view_scale_bar_mm (31.0), ==, 2);
  for (double px = 0.5; px < 80; px *= 1.07)
    {
      double mm = proprio_cop_view_scale_bar_mm (px);

      g_assert_cmpfloat (mm * px, >=, 60);
      g_assert_cmpfloat (mm * px, <=, 150);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (the test command runs this suite under Xvfb)\n");
      return 0;
    }

  g_test_add_func ("/cop-view/mapping/unallocated", test_mapping_unallocated);
  g_test_add_func ("/cop-view/mapping/round-trip-sizes-zooms-mirror", test_mapping_round_trip);
  g_test_add_func ("/cop-view/render/dot-at-cop-and-mirrored", test_dot_at_cop);
  g_test_add_func ("/cop-view/render/no-dot-without-cop", test_no_dot_without_cop);
  g_test_add_func ("/cop-view/render/hint-property", test_hint_property);
  g_test_add_func ("/cop-view/render/bars-show-load-split", test_bars_show_load_split);
  g_test_add_func ("/cop-view/render/delay-hides-newer-samples", test_delay_hides_newer_samples);
  g_test_add_func ("/cop-view/render/targets-by-state", test_targets_drawn_by_state);
  g_test_add_func ("/cop-view/render/scene-png", test_render_scene_png);
  g_test_add_func ("/cop-view/render/kept-nodes", test_kept_nodes);
  g_test_add_func ("/cop-view/render/flatten", test_flatten);
  g_test_add_func ("/cop-view/redraw/only-on-change", test_redraws_only_on_change);
  g_test_add_func ("/cop-view/zoom/auto-fits-sway", test_auto_zoom_fits_sway);
  g_test_add_func ("/cop-view/zoom/scale-bar-lengths", test_scale_bar_lengths);

  return g_test_run ();
}
