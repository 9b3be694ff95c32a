/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plot functions the report and the views share: each draws inside its area only (labels
 * included), draws something there with data and without (a message), and the 95 % ellipse's
 * path covers exactly the ellipse. */
#include <math.h>
#include <string.h>

#include "report/proprio-plot.h"

#define W 420
#define H 320
static const ProprioPlotRect area = { 60, 50, 300, 220 };

typedef void (*DrawFunc) (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data);

/* Draws on a transparent image; counts the painted pixels inside and outside the area. */
static void
check_inside (DrawFunc func,
              gboolean with_data,
              guint    min_inside)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_t *cr = cairo_create (surface);
  ProprioPlotStyle style;
  guint inside = 0, outside = 0;
  const guint8 *data;
  int stride;

  proprio_plot_style_init_print (&style);
  style.font_size = 9;
  func (cr, &style, with_data);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (g_getenv ("PLOT_PNG_DIR") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s-%d.png", g_getenv ("PLOT_PNG_DIR"),
                                               g_test_get_path (), with_data);

      g_strdelimit (name + strlen (g_getenv ("PLOT_PNG_DIR")) + 1, "/", '_');
      cairo_surface_write_to_png (surface, name);
    }
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint32 pixel = *(const guint32 *) (gconstpointer) (data + y * stride + 4 * x);
        gboolean in = x >= area.x && x < area.x + area.width && y >= area.y &&
                      y < area.y + area.height;

        if ((pixel >> 24) == 0)
          continue;
        if (in)
          inside++;
        else
          outside++;
      }
  cairo_surface_destroy (surface);
  g_assert_cmpuint (outside, ==, 0);
  g_assert_cmpuint (inside, >=, min_inside);
}

/* --- each plot, with and without data --- */

#define N 500
static gint64 t_us[N];
static double xs[N], ys[N], env[N], quiet[N];

static void
fill_data (void)
{
  for (guint i = 0; i < N; i++)
    {
      t_us[i] = 1000000 + (gint64) i * 10000;
      xs[i] = 3.0 * sin (i * 0.05) - 2.0;
      ys[i] = 5.0 * cos (i * 0.031) + 7.0;
      env[i] = i % 100 < 50 ? 40.0 + 3.0 * sin (i * 0.3) : 4.0;
      quiet[i] = 6.0 + sin (i * 0.1);
    }
}

static void
draw_statokinesigram (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  ProprioPlotTrace trace = { with_data ? N : 0, t_us, xs, ys };
  ProprioEllipse e = { -2.0, 7.0, 6.0, 3.0, 30.0, G_PI * 18.0 };

  proprio_plot_statokinesigram (cr, style, &area, &trace, &e, 0, "Eyes open, a title much too "
                                "long to fit the plot's width whatever its font");
}

static void
draw_stabilogram (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  ProprioPlotTrace trace = { with_data ? N : 0, t_us, xs, ys };

  proprio_plot_stabilogram (cr, style, &area, &trace, 10.0, "Eyes closed");
}

static void
draw_los (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  double targets[8], polygon[16];

  for (guint i = 0; i < 8; i++)
    {
      double angle = G_PI / 2 - i * G_PI / 4, reach = with_data ? 60.0 + 4 * i : NAN;

      targets[i] = with_data ? 80.0 : NAN;
      /* One direction not measured. */
      polygon[2 * i] = i == 3 ? NAN : reach * cos (angle);
      polygon[2 * i + 1] = i == 3 ? NAN : reach * sin (angle);
    }
  proprio_plot_los (cr, style, &area, 0, 0, targets, polygon, "LOS");
}

static void
draw_targets (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  const double targets[] = { -100, 0, 20, 100, 0, 20, 0, 80, 25 };
  const int hit[] = { 1, 0, 1 };

  proprio_plot_targets (cr, style, &area, targets, hit, with_data ? 3 : 0, 433, 238, NULL);
}

static void
draw_envelope (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  const gint64 starts[] = { 1000000, 2000000 }, ends[] = { 1500000, 2500000 };
  ProprioPlotEnvelope e = {
    .n = with_data ? N : 0, .t_us = t_us, .target = env, .quiet = quiet, .t0_us = 1000000,
    .n_work = 2, .work_start_us = starts, .work_end_us = ends, .band_lower = 30,
    .band_upper = 50, .threshold = 10, .unit = "%MVC", .target_label = "Target",
    .quiet_label = "Quiet",
  };

  proprio_plot_envelope (cr, style, &area, &e, "EMG");
}

static void
draw_jps (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  const double errors[] = { 4, -3, NAN, 6, 1 };
  const gboolean valid[] = { TRUE, TRUE, FALSE, TRUE, TRUE };

  proprio_plot_jps_errors (cr, style, &area, errors, valid, with_data ? 5 : 0, 3.0, "JPS");
}

static ProprioTrendSeries *
series_new (guint n,
            gint64 spacing_s)
{
  ProprioTrendSeries *s = g_new0 (ProprioTrendSeries, 1);

  s->id = "sway-area-eyes-open";
  s->title = "Sway area, eyes open";
  s->unit = "mm²";
  s->lower_is_better = TRUE;
  s->points = g_array_new (FALSE, TRUE, sizeof (ProprioTrendPoint));
  for (guint i = 0; i < n; i++)
    {
      ProprioTrendPoint p = { g_strdup_printf ("S%u", i),
                              g_date_time_new_from_unix_utc (1750000000 + i * spacing_s),
                              200.0 - 20.0 * i };

      g_array_append_val (s->points, p);
    }
  return s;
}

static void
series_free (ProprioTrendSeries *s)
{
  for (guint i = 0; i < s->points->len; i++)
    {
      ProprioTrendPoint *p = &g_array_index (s->points, ProprioTrendPoint, i);

      g_free (p->session_id);
      g_date_time_unref (p->date);
    }
  g_array_unref (s->points);
  g_free (s);
}

static void
draw_trend (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  /* Twelve weekly sessions: dates thinned so they do not overlap. */
  ProprioTrendSeries *s = series_new (with_data ? 12 : 0, 7 * 86400);

  proprio_plot_trend (cr, style, &area, s, PROPRIO_PLOT_DATES_CALENDAR);
  series_free (s);
}

static void
draw_trend_same_day (cairo_t *cr, const ProprioPlotStyle *style, gboolean with_data)
{
  ProprioTrendSeries *s = series_new (with_data ? 3 : 0, 60);

  proprio_plot_trend (cr, style, &area, s, PROPRIO_PLOT_DATES_DAYS);
  series_free (s);
}

static const struct
{
  const char *name;
  DrawFunc    func;
} plots[] = {
  { "statokinesigram", draw_statokinesigram },
  { "stabilogram", draw_stabilogram },
  { "los", draw_los },
  { "targets", draw_targets },
  { "envelope", draw_envelope },
  { "jps", draw_jps },
  { "trend", draw_trend },
  { "trend-same-day", draw_trend_same_day },
};

static void
test_inside (gconstpointer data)
{
  DrawFunc func = plots[GPOINTER_TO_UINT (data)].func;

  /* With data: axes, labels and the data; without: a frame and a message. */
  check_inside (func, TRUE, 2000);
  check_inside (func, FALSE, 300);
}

/* The ellipse path covers the ellipse: inside along its axes, outside beyond them. */
static void
test_ellipse_path (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 200, 200);
  cairo_t *cr = cairo_create (surface);
  ProprioEllipse e = { 100, 100, 80, 20, 90.0, 0 };
  const guint8 *data;
  int stride;

  /* Major axis vertical (90°): (100, 100 ± 75) inside, (100 ± 30, 100) outside. */
  proprio_plot_ellipse_path (cr, &e);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
#define AT(x, y) data[(y) * stride + (x)]
  g_assert_cmpuint (AT (100, 100), ==, 255);
  g_assert_cmpuint (AT (100, 25), ==, 255);
  g_assert_cmpuint (AT (100, 175), ==, 255);
  g_assert_cmpuint (AT (115, 100), ==, 255);
  g_assert_cmpuint (AT (100, 185), ==, 0);
  g_assert_cmpuint (AT (125, 100), ==, 0);
  g_assert_cmpuint (AT (160, 100), ==, 0);
#undef AT
  cairo_surface_destroy (surface);
}

/* A common scale fits the widest trace around its own mean. */
static void
test_half_range (void)
{
  const double x1[] = { 0, 1, 2 }, y1[] = { 0, 0, 0 };
  const double x2[] = { 100, 100, 100 }, y2[] = { -7, 0, 7 };
  const gint64 t[] = { 0, 1, 2 };
  ProprioPlotTrace traces[] = { { 3, t, x1, y1 }, { 3, t, x2, y2 } };

  /* 7 mm from the mean, 5 % room: 10 mm is the next readable value. */
  g_assert_cmpfloat (proprio_plot_cop_half_range (traces, 2), ==, 10.0);
  /* 1 mm from the mean, and room: 2 mm. */
  g_assert_cmpfloat (proprio_plot_cop_half_range (traces, 1), ==, 2.0);
  g_assert_cmpfloat (proprio_plot_cop_half_range (NULL, 0), ==, 1.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fill_data ();
  for (guint i = 0; i < G_N_ELEMENTS (plots); i++)
    {
      g_autofree char *path = g_strdup_printf ("/plot/inside-its-area/%s", plots[i].name);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_inside);
    }
  g_test_add_func ("/plot/ellipse-path", test_ellipse_path);
  g_test_add_func ("/plot/half-range", test_half_range);
  return g_test_run ();
}
