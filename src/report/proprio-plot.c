/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plot"

#include "config.h"

#include "proprio-plot-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define RGB(hex, a) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                      ((hex) & 0xff) / 255.0, (a) }

void
proprio_plot_style_init_print (ProprioPlotStyle *style)
{
  /* GNOME palette, the darker shades: they stay apart on a greyscale copy. */
  const ProprioPlotStyle print = {
    .font_family = "Cantarell, DejaVu Sans, Sans",
    .font_size = 7.5,
    .line_width = 0.9,
    .foreground = RGB (0x241f31, 1.0),
    .grid = RGB (0x9a9996, 0.55),
    .trace = RGB (0x1a5fb4, 1.0),
    .trace2 = RGB (0xc64600, 1.0),
    .accent = RGB (0xa51d2d, 1.0),
    .band = RGB (0x2ec27e, 0.22),
    .good = RGB (0x26a269, 1.0),
    .bad = RGB (0xc01c28, 1.0),
  };

  g_return_if_fail (style != NULL);
  *style = print;
}

void
proprio_plot_style_init_screen (ProprioPlotStyle *style,
                                gboolean          dark,
                                double            font_px)
{
  g_return_if_fail (style != NULL);

  proprio_plot_style_init_print (style);
  style->font_size = font_px > 0 ? font_px : 14.0;
  style->line_width = MAX (1.5, style->font_size / 8.0);
  if (dark)
    {
      const ProprioPlotColor fg = RGB (0xffffff, 1.0), grid = RGB (0x77767b, 0.6);
      const ProprioPlotColor trace = RGB (0x62a0ea, 1.0), trace2 = RGB (0xffa348, 1.0);
      const ProprioPlotColor accent = RGB (0xff7b63, 1.0), good = RGB (0x57e389, 1.0);
      const ProprioPlotColor bad = RGB (0xff7b63, 1.0);

      style->foreground = fg;
      style->grid = grid;
      style->trace = trace;
      style->trace2 = trace2;
      style->accent = accent;
      style->good = good;
      style->bad = bad;
    }
}

void
proprio_plot_ellipse_path (cairo_t              *cr,
                           const ProprioEllipse *ellipse)
{
  cairo_matrix_t saved;

  g_return_if_fail (cr != NULL && ellipse != NULL);

  /* Only the transform is changed, so the caller's line width and dashes stay in its units. */
  cairo_get_matrix (cr, &saved);
  cairo_translate (cr, ellipse->cx, ellipse->cy);
  cairo_rotate (cr, ellipse->angle_deg * G_PI / 180.0);
  cairo_scale (cr, MAX (ellipse->major, 1e-9), MAX (ellipse->minor, ellipse->major * 1e-3));
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_close_path (cr);
  cairo_set_matrix (cr, &saved);
}

static void
trace_means (const ProprioPlotTrace *trace,
             double                 *mx,
             double                 *my)
{
  double sx = 0.0, sy = 0.0;
  gsize n = 0;

  for (gsize i = 0; i < trace->n; i++)
    if (isfinite (trace->x_mm[i]) && isfinite (trace->y_mm[i]))
      {
        sx += trace->x_mm[i];
        sy += trace->y_mm[i];
        n++;
      }
  *mx = n > 0 ? sx / n : 0.0;
  *my = n > 0 ? sy / n : 0.0;
}

/* 1, 2, 2.5, 5 × 10ⁿ at or above `value`. */
static double
readable_ceiling (double value)
{
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double magnitude;

  if (!(value > 0) || !isfinite (value))
    return 1.0;
  magnitude = pow (10.0, floor (log10 (value)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= value * (1.0 - 1e-12))
      return steps[i] * magnitude;
  return 10.0 * magnitude;
}

double
proprio_plot_cop_half_range (const ProprioPlotTrace *traces,
                             guint                   n_traces)
{
  double reach = 0.0;

  for (guint t = 0; traces != NULL && t < n_traces; t++)
    {
      double mx, my;

      trace_means (&traces[t], &mx, &my);
      for (gsize i = 0; i < traces[t].n; i++)
        if (isfinite (traces[t].x_mm[i]) && isfinite (traces[t].y_mm[i]))
          reach = MAX (reach, MAX (fabs (traces[t].x_mm[i] - mx),
                                   fabs (traces[t].y_mm[i] - my)));
    }
  /* A little room around the farthest point; never under 1 mm (a still board's noise). */
  return readable_ceiling (MAX (reach * 1.05, 1.0));
}

void
proprio_plot_statokinesigram (cairo_t                *cr,
                              const ProprioPlotStyle *style,
                              const ProprioPlotRect  *area,
                              const ProprioPlotTrace *trace,
                              const ProprioEllipse   *ellipse,
                              double                  half_range_mm,
                              const char             *title)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  double mx, my, range, side, line;
  gboolean pen = FALSE;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL && trace != NULL);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (trace->n < 2)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No centre-of-pressure data"));
      cairo_restore (cr);
      return;
    }
  trace_means (trace, &mx, &my);
  range = half_range_mm > 0 ? half_range_mm : proprio_plot_cop_half_range (trace, 1);
  frame.x0 = mx - range;
  frame.x1 = mx + range;
  frame.y0 = my - range;
  frame.y1 = my + range;
  _proprio_plot_place_box (cr, style, &rest, &frame, _("ML (mm)"), _("AP (mm)"));
  /* Equal scales: a square box, centred in what the labels leave. */
  line = _proprio_plot_line_height (cr, style, 1.0);
  side = MIN (frame.box.width, frame.box.height - line);
  frame.box.x += (frame.box.width - side) / 2;
  frame.box.width = side;
  frame.box.height = side;
  _proprio_plot_axes (cr, style, &frame, TRUE, _("ML (mm)"), _("AP (mm)"));

  cairo_save (cr);
  cairo_rectangle (cr, frame.box.x, frame.box.y, frame.box.width, frame.box.height);
  cairo_clip (cr);
  _proprio_plot_set_color (cr, &style->trace);
  cairo_set_line_width (cr, 0.5 * style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize i = 0; i < trace->n; i++)
    {
      double x, y;

      if (!isfinite (trace->x_mm[i]) || !isfinite (trace->y_mm[i]))
        {
          pen = FALSE;
          continue;
        }
      x = plot_frame_x (&frame, trace->x_mm[i]);
      y = plot_frame_y (&frame, trace->y_mm[i]);
      if (pen)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen = TRUE;
    }
  cairo_stroke (cr);

  if (ellipse != NULL && isfinite (ellipse->major) && isfinite (ellipse->minor) &&
      isfinite (ellipse->cx) && isfinite (ellipse->cy))
    {
      double scale = frame.box.width / (frame.x1 - frame.x0);

      /* Data to device: the same mapping as plot_frame_x/y, +y up. */
      cairo_save (cr);
      cairo_translate (cr, plot_frame_x (&frame, 0.0), plot_frame_y (&frame, 0.0));
      cairo_scale (cr, scale, -scale);
      proprio_plot_ellipse_path (cr, ellipse);
      cairo_restore (cr);
      _proprio_plot_set_color (cr, &style->accent);
      cairo_set_line_width (cr, style->line_width);
      cairo_stroke (cr);
      /* The centre of the ellipse (the mean CoP). */
      cairo_arc (cr, plot_frame_x (&frame, ellipse->cx), plot_frame_y (&frame, ellipse->cy),
                 1.2 * style->line_width, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  if (ellipse != NULL && isfinite (ellipse->area))
    {
      g_autofree char *label = g_strdup_printf (_("95 %% ellipse: %.0f mm²"), ellipse->area);

      _proprio_plot_text (cr, style, label, frame.box.x + 0.3 * style->font_size,
                          frame.box.y + 0.2 * style->font_size, 0.0, 0.0, 1.0, FALSE,
                          frame.box.width - 0.6 * style->font_size, &style->accent);
    }
  cairo_restore (cr);
}

void
proprio_plot_stabilogram (cairo_t                *cr,
                          const ProprioPlotStyle *style,
                          const ProprioPlotRect  *area,
                          const ProprioPlotTrace *trace,
                          double                  half_range_mm,
                          const char             *title)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  g_autofree double *t = NULL, *x = NULL, *y = NULL;
  double mx, my, range, legend_x;
  gint64 t0 = 0;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL && trace != NULL);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (trace->n < 2)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No centre-of-pressure data"));
      cairo_restore (cr);
      return;
    }
  trace_means (trace, &mx, &my);
  t = g_new (double, trace->n);
  x = g_new (double, trace->n);
  y = g_new (double, trace->n);
  t0 = trace->t_us[0];
  for (gsize i = 0; i < trace->n; i++)
    {
      t[i] = (trace->t_us[i] - t0) / 1e6;
      x[i] = trace->x_mm[i] - mx;
      y[i] = trace->y_mm[i] - my;
    }
  range = half_range_mm > 0 ? half_range_mm : proprio_plot_cop_half_range (trace, 1);
  frame.x0 = 0.0;
  frame.x1 = MAX (t[trace->n - 1], 1e-3);
  frame.y0 = -range;
  frame.y1 = range;
  _proprio_plot_place_box (cr, style, &rest, &frame, _("Time (s)"), _("mm"));
  _proprio_plot_axes (cr, style, &frame, TRUE, _("Time (s)"), _("mm"));

  cairo_save (cr);
  cairo_set_line_width (cr, 0.6 * style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  _proprio_plot_set_color (cr, &style->trace);
  _proprio_plot_series (cr, &frame, t, x, trace->n);
  _proprio_plot_set_color (cr, &style->trace2);
  _proprio_plot_series (cr, &frame, t, y, trace->n);
  cairo_restore (cr);

  /* The legend, in the colours of the lines. */
  legend_x = frame.box.x + frame.box.width - 0.3 * style->font_size;
  legend_x -= _proprio_plot_text (cr, style, _("AP"), legend_x,
                                  frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, TRUE, 0,
                                  &style->trace2);
  _proprio_plot_text (cr, style, _("ML"), legend_x - 0.6 * style->font_size,
                      frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, TRUE, 0,
                      &style->trace);
  cairo_restore (cr);
}
