/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pacer view rendered offscreen in each phase: the disc's size and colour, the tempo ring's
 * progress and the position bar are checked in pixels, not only in what the view says it drew;
 * dark style, reduced motion, and the redraw budget (one draw per change, none while hidden). */
#include "config.h"

#include <math.h>

#include "widgets/proprio-pacer-view.h"
#include "proprio-test-gui.h"

#define S  G_GINT64_CONSTANT (1000000)
#define T0 G_GINT64_CONSTANT (5000000000)

#define RGB_INHALE 0x56B4E9
#define RGB_HOLD   0xE69F00
#define RGB_EXHALE 0x009E73
#define RGB_DOWN   0xD55E00
#define RGB_UP     0x0072B2

typedef struct
{
  ProprioPacer *pacer;
  GtkWidget    *window;
  GtkWidget    *view;
} Fixture;

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const char *preset = data;

  f->pacer = proprio_pacer_new ();
  g_assert_true (proprio_pacer_set_preset (f->pacer, preset, NULL));
  f->view = proprio_pacer_view_new (f->pacer);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 420, 420);
  gtk_window_set_child (GTK_WINDOW (f->window), f->view);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (proprio_test_wait_until (is_drawn, f->view, 5000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->pacer);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);
  proprio_test_wait_ms (20);
}

static ProprioPacerViewDrawn
render_at (Fixture     *f,
           gint64       t_us,
           GdkTexture **texture)
{
  ProprioPacerViewDrawn drawn;

  proprio_pacer_view_set_display_time (PROPRIO_PACER_VIEW (f->view), t_us);
  *texture = proprio_test_render_widget (f->view);
  proprio_pacer_view_get_drawn (PROPRIO_PACER_VIEW (f->view), &drawn);
  return drawn;
}

static guint32
rgb_at (GdkTexture *texture,
        double      x,
        double      y)
{
  return proprio_test_pixel (texture, (int) round (x), (int) round (y)) & 0xffffff;
}

static void
assert_rgb_near (guint32 got,
                 guint32 want)
{
  for (int shift = 0; shift <= 16; shift += 8)
    {
      int a = (got >> shift) & 0xff, b = (want >> shift) & 0xff;

      if (ABS (a - b) > 6)
        g_error ("colour %06x, expected %06x", got, want);
    }
}

static double
luminance (guint32 rgb)
{
  return (0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff)
          + 0.0722 * (rgb & 0xff)) / 255.0;
}

/* 4-7-8: the disc is small at the start of a breath in, full in the hold, half way through the
 * breath out at half its travel; its colour says the phase, the count sits in it. */
static void
test_breath_phases (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GdkTexture) in = NULL, hold = NULL, out = NULL;
  ProprioPacerViewDrawn d;
  double mid;

  proprio_pacer_start (f->pacer, T0);

  d = render_at (f, T0, &in);
  g_assert_cmpint (d.phase, ==, PROPRIO_PACER_PHASE_INHALE);
  g_assert_cmpuint (d.count, ==, 1);
  g_assert_cmpfloat_with_epsilon (d.radius, d.min_radius, 0.01);
  g_assert_cmpfloat (d.max_radius, >, 100);   /* the disc fills most of a 420 px view */
  g_assert_cmpfloat (d.word_px, >=, 40);      /* read from 2 m */
  mid = (d.min_radius + d.max_radius) / 2;
  /* Inside the small disc, its colour (below the count); between it and "full", background. */
  assert_rgb_near (rgb_at (in, d.cx, d.cy + d.min_radius * 0.85), RGB_INHALE);
  g_assert_cmpuint (rgb_at (in, d.cx + mid, d.cy), !=, RGB_INHALE);
  g_assert_cmpfloat (luminance (rgb_at (in, d.cx + mid, d.cy)), >, 0.9);   /* light style */
  /* The count is drawn in black in the middle. */
  g_assert_cmpfloat (luminance (rgb_at (in, d.cx, d.cy)), <, 0.2);

  if (g_getenv ("PACER_VIEW_SAVE") != NULL)
    gdk_texture_save_to_png (in, "breath-in.png");
  d = render_at (f, T0 + 5 * S, &hold);
  g_assert_cmpint (d.phase, ==, PROPRIO_PACER_PHASE_HOLD_IN);
  g_assert_cmpuint (d.count, ==, 2);
  g_assert_cmpfloat_with_epsilon (d.radius, d.max_radius, 0.01);
  assert_rgb_near (rgb_at (hold, d.cx + mid, d.cy), RGB_HOLD);
  assert_rgb_near (rgb_at (hold, d.cx, d.cy - d.max_radius * 0.9), RGB_HOLD);

  if (g_getenv ("PACER_VIEW_SAVE") != NULL)
    gdk_texture_save_to_png (hold, "breath-hold.png");
  d = render_at (f, T0 + 15 * S, &out);
  g_assert_cmpint (d.phase, ==, PROPRIO_PACER_PHASE_EXHALE);
  g_assert_cmpuint (d.count, ==, 5);
  g_assert_cmpfloat_with_epsilon (d.level, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (d.radius, mid, 0.01);
  assert_rgb_near (rgb_at (out, d.cx + mid - 6, d.cy), RGB_EXHALE);
  g_assert_cmpuint (rgb_at (out, d.cx + mid + 12, d.cy), !=, RGB_EXHALE);

  /* Eased: a quarter through the breath in, the disc has moved less than a quarter. */
  d = render_at (f, T0 + 1 * S, &in);
  g_assert_cmpfloat (d.level, <, 0.25);
  g_assert_cmpfloat (d.level, >, 0.1);
}

/* Reduced motion: the disc stands still within each second, at where the count leads. */
static void
test_breath_reduced_motion (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GdkTexture) a = NULL, b = NULL;
  ProprioPacerViewDrawn d1, d2;

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  proprio_pacer_start (f->pacer, T0);
  d1 = render_at (f, T0 + 1100000, &a);
  d2 = render_at (f, T0 + 1900000, &b);
  g_assert_cmpuint (d1.count, ==, 2);
  g_assert_cmpfloat (d1.level, ==, 0.5);   /* by the end of "2" of 4: half full */
  g_assert_cmpfloat (d2.radius, ==, d1.radius);
  g_assert_cmpuint (proprio_test_count_colors (a, 4096), ==, proprio_test_count_colors (b, 4096));
}

static gboolean
light_text (gpointer data)
{
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (data), &fg);
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

static void
test_breath_dark (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GdkTexture) t = NULL;
  ProprioPacerViewDrawn d;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (proprio_test_wait_until (light_text, f->view, 5000));
  proprio_pacer_start (f->pacer, T0);
  d = render_at (f, T0, &t);
  g_assert_cmpfloat (luminance (rgb_at (t, d.cx + (d.min_radius + d.max_radius) / 2, d.cy)), <,
                     0.2);
  assert_rgb_near (rgb_at (t, d.cx, d.cy + d.min_radius * 0.85), RGB_INHALE);
}

/* Tempo 3-1-3: the ring fills clockwise from the top through each phase; the marker goes down
 * the bar while going down, sits at the bottom in the hold, comes back up. */
static void
test_tempo_phases (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GdkTexture) down = NULL, hold = NULL, up = NULL, idle = NULL;
  ProprioPacerViewDrawn d, d_hold, d_up;
  double top_y, bottom_y;

  d = render_at (f, T0, &idle);
  g_assert_cmpint (d.phase, ==, PROPRIO_PACER_PHASE_NONE);
  g_assert_cmpuint (d.count, ==, 0);

  proprio_pacer_start (f->pacer, T0);
  d = render_at (f, T0 + 1500000, &down);
  g_assert_cmpint (d.mode, ==, PROPRIO_PACER_TEMPO);
  g_assert_cmpint (d.phase, ==, PROPRIO_PACER_PHASE_DOWN);
  g_assert_cmpuint (d.count, ==, 2);
  /* Half way: the right half of the ring is filled, the left half is the track. */
  assert_rgb_near (rgb_at (down, d.cx + d.radius, d.cy), RGB_DOWN);
  g_assert_cmpuint (rgb_at (down, d.cx - d.radius, d.cy), !=, RGB_DOWN);

  d_hold = render_at (f, T0 + 3500000, &hold);
  g_assert_cmpint (d_hold.phase, ==, PROPRIO_PACER_PHASE_HOLD_DOWN);
  assert_rgb_near (rgb_at (hold, d_hold.cx + d_hold.radius, d_hold.cy), RGB_HOLD);
  g_assert_cmpuint (rgb_at (hold, d_hold.cx - d_hold.radius, d_hold.cy), !=, RGB_HOLD);

  d_up = render_at (f, T0 + 6 * S, &up);
  g_assert_cmpint (d_up.phase, ==, PROPRIO_PACER_PHASE_UP);
  g_assert_cmpfloat_with_epsilon (d_up.level, 2.0 / 3.0, 1e-9);
  /* Two thirds round (to 240° clockwise from the top): the bottom is filled, the left not yet. */
  assert_rgb_near (rgb_at (up, d_up.cx, d_up.cy + d_up.radius), RGB_UP);
  g_assert_cmpuint (rgb_at (up, d_up.cx - d_up.radius, d_up.cy), !=, RGB_UP);
  if (g_getenv ("PACER_VIEW_SAVE") != NULL)
    {
      gdk_texture_save_to_png (up, "tempo-up.png");
      gdk_texture_save_to_png (hold, "tempo-hold.png");
    }

  /* The marker: half way down, at the bottom, two thirds up. */
  bottom_y = d_hold.marker_y;
  top_y = bottom_y - (bottom_y - d.marker_y) * 2;
  g_assert_cmpfloat (d.marker_y, <, bottom_y);
  g_assert_cmpfloat_with_epsilon (d_up.marker_y, bottom_y - (bottom_y - top_y) * 2 / 3, 0.01);
}

static guint
n_draws (Fixture *f)
{
  ProprioPacerViewDrawn d;

  proprio_pacer_view_get_drawn (PROPRIO_PACER_VIEW (f->view), &d);
  return d.n_draws;
}

typedef struct
{
  Fixture *f;
  guint    until;
} DrawWait;

static gboolean
drawn_enough (gpointer data)
{
  DrawWait *w = data;

  return n_draws (w->f) >= w->until;
}

/* On the frame clock: it animates while breathing in, draws about once a second in a hold, and
 * not at all while hidden. */
static void
test_redraw_budget (Fixture       *f,
                    gconstpointer  data)
{
  ProprioPacerPattern p = { PROPRIO_PACER_BREATH, { 10 * S, 30 * S, 10 * S, 0 }, 0, 0 };
  gint64 now = g_get_monotonic_time ();
  guint before, during;
  DrawWait wait;

  g_assert_true (proprio_pacer_set_pattern (f->pacer, &p, NULL, NULL));
  /* Breathing in: the disc grows on every frame. */
  proprio_pacer_start (f->pacer, now);
  wait.f = f;
  wait.until = n_draws (f) + 5;
  g_assert_true (proprio_test_wait_until (drawn_enough, &wait, 5000));

  /* In the hold (started 10 s ago): only the count changes, once a second. */
  proprio_pacer_start (f->pacer, g_get_monotonic_time () - 10 * S - 100000);
  proprio_test_wait_ms (100);
  before = n_draws (f);
  proprio_test_wait_ms (1500);
  during = n_draws (f) - before;
  g_assert_cmpuint (during, >=, 1);
  g_assert_cmpuint (during, <=, 3);

  /* Hidden: nothing. */
  proprio_pacer_start (f->pacer, g_get_monotonic_time ());
  gtk_widget_set_visible (f->view, FALSE);
  proprio_test_wait_ms (50);
  before = n_draws (f);
  proprio_test_wait_ms (500);
  g_assert_cmpuint (n_draws (f), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_LIGHT);

#define ADD(path, preset, func) \
  g_test_add ("/pacer-view/" path, Fixture, preset, fixture_setup, func, fixture_teardown)
  ADD ("breath-phases-in-pixels", "breath-4-7-8", test_breath_phases);
  ADD ("breath-reduced-motion-steps", "breath-4-7-8", test_breath_reduced_motion);
  ADD ("breath-dark-style", "breath-4-7-8", test_breath_dark);
  ADD ("tempo-phases-in-pixels", "tempo-3-1-3", test_tempo_phases);
  ADD ("redraw-only-on-change", "breath-4-7-8", test_redraw_budget);
#undef ADD

  return g_test_run ();
}
