/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plot"

#include "config.h"

#include "proprio-plot-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* F, FR, R, BR, B, BL, L, FL as unit vectors (x right, y forward). */
static void
direction_unit (guint   i,
                double *ux,
                double *uy)
{
  double angle = G_PI / 2 - i * G_PI / 4;

  *ux = cos (angle);
  *uy = sin (angle);
}

/* Square data frame of half-range `range` around (cx, cy), centred in `rest`. */
static void
square_frame (cairo_t                *cr,
              const ProprioPlotStyle *style,
              const ProprioPlotRect  *rest,
              PlotFrame              *frame,
              double                  cx,
              double                  cy,
              double                  range_x,
              double                  range_y)
{
  double side, line = _proprio_plot_line_height (cr, style, 1.0), scale;

  frame->x0 = cx - range_x;
  frame->x1 = cx + range_x;
  frame->y0 = cy - range_y;
  frame->y1 = cy + range_y;
  _proprio_plot_place_box (cr, style, rest, frame, _("ML (mm)"), _("AP (mm)"));
  /* Equal scales on both axes. */
  scale = MIN (frame->box.width / (2 * range_x), (frame->box.height - line) / (2 * range_y));
  side = 2 * range_x * scale;
  frame->box.x += (frame->box.width - side) / 2;
  frame->box.width = side;
  frame->box.height = 2 * range_y * scale;
}

void
proprio_plot_los (cairo_t                *cr,
                  const ProprioPlotStyle *style,
                  const ProprioPlotRect  *area,
                  double                  centre_x_mm,
                  double                  centre_y_mm,
                  const double           *target_mm,
                  const double           *polygon_xy,
                  const char             *title)
{
  static const char *const abbrev[] = { N_("F"), N_("FR"), N_("R"), N_("BR"), N_("B"), N_("BL"),
                                        N_("L"), N_("FL") };
  double dash[] = { 3.0, 2.0 };
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  double reach = 0.0, range;
  guint measured = 0;
  gboolean pen = FALSE;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL && polygon_xy != NULL);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (!isfinite (centre_x_mm) || !isfinite (centre_y_mm))
    centre_x_mm = centre_y_mm = 0.0;
  for (guint i = 0; i < 8; i++)
    {
      double dx = polygon_xy[2 * i] - centre_x_mm, dy = polygon_xy[2 * i + 1] - centre_y_mm;

      if (isfinite (dx) && isfinite (dy))
        {
          reach = MAX (reach, hypot (dx, dy));
          measured++;
        }
      if (target_mm != NULL && isfinite (target_mm[i]))
        reach = MAX (reach, target_mm[i]);
    }
  if (measured == 0 && reach <= 0)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No direction was measured"));
      cairo_restore (cr);
      return;
    }
  /* Room for the direction names beyond the farthest reach. */
  range = reach * 1.3;
  square_frame (cr, style, &rest, &frame, centre_x_mm, centre_y_mm, range, range);
  _proprio_plot_axes (cr, style, &frame, TRUE, _("ML (mm)"), _("AP (mm)"));

  cairo_save (cr);
  cairo_rectangle (cr, frame.box.x, frame.box.y, frame.box.width, frame.box.height);
  cairo_clip (cr);
  /* The spokes, with their names beyond the farthest reach. */
  cairo_set_line_width (cr, 0.35 * style->line_width);
  for (guint i = 0; i < 8; i++)
    {
      double ux, uy, lx, ly;

      direction_unit (i, &ux, &uy);
      _proprio_plot_set_color (cr, &style->grid);
      cairo_move_to (cr, plot_frame_x (&frame, centre_x_mm), plot_frame_y (&frame, centre_y_mm));
      cairo_line_to (cr, plot_frame_x (&frame, centre_x_mm + ux * reach * 1.1),
                     plot_frame_y (&frame, centre_y_mm + uy * reach * 1.1));
      cairo_stroke (cr);
      lx = plot_frame_x (&frame, centre_x_mm + ux * reach * 1.17);
      ly = plot_frame_y (&frame, centre_y_mm + uy * reach * 1.17);
      _proprio_plot_text (cr, style, _(abbrev[i]), lx, ly, 0.5, 0.5, 1.0, TRUE, 0, NULL);
    }
  if (target_mm != NULL)
    {
      _proprio_plot_set_color (cr, &style->accent);
      cairo_set_line_width (cr, 0.6 * style->line_width);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      for (guint i = 0; i <= 8; i++)
        {
          double ux, uy, d = target_mm[i % 8];

          if (!isfinite (d))
            {
              pen = FALSE;
              continue;
            }
          direction_unit (i % 8, &ux, &uy);
          if (pen)
            cairo_line_to (cr, plot_frame_x (&frame, centre_x_mm + ux * d),
                           plot_frame_y (&frame, centre_y_mm + uy * d));
          else
            cairo_move_to (cr, plot_frame_x (&frame, centre_x_mm + ux * d),
                           plot_frame_y (&frame, centre_y_mm + uy * d));
          pen = TRUE;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  /* The measured polygon: filled where all eight are there, else the points joined in order. */
  pen = FALSE;
  for (guint i = 0; i <= 8; i++)
    {
      double x = polygon_xy[2 * (i % 8)], y = polygon_xy[2 * (i % 8) + 1];

      if (!isfinite (x) || !isfinite (y))
        {
          pen = FALSE;
          continue;
        }
      if (pen)
        cairo_line_to (cr, plot_frame_x (&frame, x), plot_frame_y (&frame, y));
      else
        cairo_move_to (cr, plot_frame_x (&frame, x), plot_frame_y (&frame, y));
      pen = TRUE;
    }
  if (measured == 8)
    {
      ProprioPlotColor fill = style->trace;

      fill.alpha = 0.18;
      _proprio_plot_set_color (cr, &fill);
      cairo_fill_preserve (cr);
    }
  _proprio_plot_set_color (cr, &style->trace);
  cairo_set_line_width (cr, style->line_width);
  cairo_stroke (cr);
  for (guint i = 0; i < 8; i++)
    if (isfinite (polygon_xy[2 * i]) && isfinite (polygon_xy[2 * i + 1]))
      {
        cairo_arc (cr, plot_frame_x (&frame, polygon_xy[2 * i]),
                   plot_frame_y (&frame, polygon_xy[2 * i + 1]), 1.3 * style->line_width, 0,
                   2 * G_PI);
        cairo_fill (cr);
      }
  cairo_restore (cr);
  cairo_restore (cr);
}

void
proprio_plot_targets (cairo_t                *cr,
                      const ProprioPlotStyle *style,
                      const ProprioPlotRect  *area,
                      const double           *targets_xyr,
                      const int              *hit,
                      guint                   n_targets,
                      double                  board_width_mm,
                      double                  board_length_mm,
                      const char             *title)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  double range_x, range_y, scale;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  g_return_if_fail (targets_xyr != NULL || n_targets == 0);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (n_targets == 0)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No targets"));
      cairo_restore (cr);
      return;
    }
  if (!(board_width_mm > 0) || !(board_length_mm > 0))
    board_width_mm = 433.0, board_length_mm = 238.0;
  range_x = board_width_mm / 2 * 1.05;
  range_y = board_length_mm / 2 * 1.05;
  for (guint i = 0; i < n_targets; i++)
    {
      range_x = MAX (range_x, fabs (targets_xyr[3 * i]) + targets_xyr[3 * i + 2]);
      range_y = MAX (range_y, fabs (targets_xyr[3 * i + 1]) + targets_xyr[3 * i + 2]);
    }
  square_frame (cr, style, &rest, &frame, 0.0, 0.0, range_x, range_y);
  _proprio_plot_axes (cr, style, &frame, TRUE, _("ML (mm)"), _("AP (mm)"));
  scale = frame.box.width / (frame.x1 - frame.x0);

  cairo_save (cr);
  _proprio_plot_set_color (cr, &style->grid);
  cairo_set_line_width (cr, 0.6 * style->line_width);
  cairo_rectangle (cr, plot_frame_x (&frame, -board_width_mm / 2),
                   plot_frame_y (&frame, board_length_mm / 2), board_width_mm * scale,
                   board_length_mm * scale);
  cairo_stroke (cr);
  for (guint i = 0; i < n_targets; i++)
    {
      double x = plot_frame_x (&frame, targets_xyr[3 * i]);
      double y = plot_frame_y (&frame, targets_xyr[3 * i + 1]);
      double r = MAX (targets_xyr[3 * i + 2] * scale, 2.0 * style->line_width);
      const ProprioPlotColor *color = hit == NULL ? &style->accent
                                      : hit[i] ? &style->good : &style->bad;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      ProprioPlotColor fill = *color;

      fill.alpha = 0.25;
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      if (hit != NULL && hit[i])
        {
          _proprio_plot_set_color (cr, &fill);
          cairo_fill_preserve (cr);
        }
      _proprio_plot_set_color (cr, color);
      cairo_set_line_width (cr, style->line_width);
      cairo_stroke (cr);
      if (hit != NULL && !hit[i])
        {
          double d = r * 0.6;

          cairo_move_to (cr, x - d, y - d);
          cairo_line_to (cr, x + d, y + d);
          cairo_move_to (cr, x + d, y - d);
          cairo_line_to (cr, x - d, y + d);
          cairo_stroke (cr);
        }
      _proprio_plot_text (cr, style, number, x, y - r - 0.1 * style->font_size, 0.5, 1.0, 0.9,
                          TRUE, 0, NULL);
    }
  cairo_restore (cr);
  cairo_restore (cr);
}

void
proprio_plot_envelope (cairo_t                   *cr,
                       const ProprioPlotStyle    *style,
                       const ProprioPlotRect     *area,
                       const ProprioPlotEnvelope *envelope,
                       const char                *title)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  g_autofree double *t = NULL;
  g_autofree char *y_title = NULL;
  double top = 0.0, legend_x;
  double dash[] = { 4.0, 2.0 };

  g_return_if_fail (cr != NULL && style != NULL && area != NULL && envelope != NULL);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (envelope->n < 2)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No EMG envelope recorded"));
      cairo_restore (cr);
      return;
    }
  t = g_new (double, envelope->n);
  for (gsize i = 0; i < envelope->n; i++)
    {
      t[i] = (envelope->t_us[i] - envelope->t0_us) / 1e6;
      if (isfinite (envelope->target[i]))
        top = MAX (top, envelope->target[i]);
      if (envelope->quiet != NULL && isfinite (envelope->quiet[i]))
        top = MAX (top, envelope->quiet[i]);
    }
  if (isfinite (envelope->band_upper))
    top = MAX (top, envelope->band_upper);
  if (isfinite (envelope->threshold))
    top = MAX (top, envelope->threshold);
  frame.x0 = MIN (t[0], 0.0);
  frame.x1 = MAX (t[envelope->n - 1], frame.x0 + 1e-3);
  frame.y0 = 0.0;
  frame.y1 = top * 1.1;
  _proprio_plot_nice_range (&frame.y0, &frame.y1, 5);
  y_title = g_strdup (envelope->unit != NULL ? envelope->unit : "");
  _proprio_plot_place_box (cr, style, &rest, &frame, _("Time (s)"), y_title);

  /* Work windows and the band under the grid lines and the data. */
  cairo_save (cr);
  cairo_rectangle (cr, frame.box.x, frame.box.y, frame.box.width, frame.box.height);
  cairo_clip (cr);
  for (guint i = 0; i < envelope->n_work; i++)
    {
      double x0 = plot_frame_x (&frame, (envelope->work_start_us[i] - envelope->t0_us) / 1e6);
      double x1 = plot_frame_x (&frame, (envelope->work_end_us[i] - envelope->t0_us) / 1e6);
      ProprioPlotColor work = style->grid;

      work.alpha = 0.18;
      _proprio_plot_set_color (cr, &work);
      cairo_rectangle (cr, x0, frame.box.y, x1 - x0, frame.box.height);
      cairo_fill (cr);
    }
  if (isfinite (envelope->band_lower) && isfinite (envelope->band_upper))
    {
      double y0 = plot_frame_y (&frame, envelope->band_lower);
      double y1 = plot_frame_y (&frame, envelope->band_upper);

      _proprio_plot_set_color (cr, &style->band);
      cairo_rectangle (cr, frame.box.x, y1, frame.box.width, y0 - y1);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  _proprio_plot_axes (cr, style, &frame, TRUE, _("Time (s)"), y_title);

  cairo_save (cr);
  cairo_set_line_width (cr, 0.6 * style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (envelope->quiet != NULL)
    {
      _proprio_plot_set_color (cr, &style->trace2);
      _proprio_plot_series (cr, &frame, t, envelope->quiet, envelope->n);
    }
  _proprio_plot_set_color (cr, &style->trace);
  _proprio_plot_series (cr, &frame, t, envelope->target, envelope->n);
  if (isfinite (envelope->threshold))
    {
      double y = plot_frame_y (&frame, envelope->threshold);

      _proprio_plot_set_color (cr, &style->accent);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_move_to (cr, frame.box.x, y);
      cairo_line_to (cr, frame.box.x + frame.box.width, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  legend_x = frame.box.x + frame.box.width - 0.3 * style->font_size;
  if (envelope->quiet != NULL && envelope->quiet_label != NULL)
    legend_x -= _proprio_plot_text (cr, style, envelope->quiet_label, legend_x,
                                    frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, TRUE,
                                    frame.box.width / 3, &style->trace2)
                + 0.6 * style->font_size;
  if (envelope->target_label != NULL)
    _proprio_plot_text (cr, style, envelope->target_label, legend_x,
                        frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, TRUE,
                        frame.box.width / 3, &style->trace);
  cairo_restore (cr);
}

void
proprio_plot_jps_errors (cairo_t                *cr,
                         const ProprioPlotStyle *style,
                         const ProprioPlotRect  *area,
                         const double           *errors_deg,
                         const gboolean         *valid,
                         gsize                   n,
                         double                  tolerance_deg,
                         const char             *title)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  double reach = 1.0, y0;
  gboolean tolerance = isfinite (tolerance_deg) && tolerance_deg > 0;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL);
  g_return_if_fail (errors_deg != NULL || n == 0);

  cairo_save (cr);
  rest = *area;
  _proprio_plot_title (cr, style, &rest, title);
  if (n == 0)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No trials"));
      cairo_restore (cr);
      return;
    }
  for (gsize i = 0; i < n; i++)
    if ((valid == NULL || valid[i]) && isfinite (errors_deg[i]))
      reach = MAX (reach, fabs (errors_deg[i]));
  if (tolerance)
    reach = MAX (reach, tolerance_deg);
  frame.x0 = 0.5;
  frame.x1 = n + 0.5;
  frame.y0 = -reach * 1.15;
  frame.y1 = reach * 1.15;
  _proprio_plot_nice_range (&frame.y0, &frame.y1, 4);
  _proprio_plot_place_box (cr, style, &rest, &frame, _("Trial"), _("Error (°)"));
  if (tolerance)
    {
      cairo_save (cr);
      _proprio_plot_set_color (cr, &style->band);
      cairo_rectangle (cr, frame.box.x, plot_frame_y (&frame, tolerance_deg), frame.box.width,
                       plot_frame_y (&frame, -tolerance_deg) - plot_frame_y (&frame,
                                                                             tolerance_deg));
      cairo_fill (cr);
      cairo_restore (cr);
    }
  _proprio_plot_axes (cr, style, &frame, FALSE, _("Trial"), _("Error (°)"));

  /* Trial numbers: all of them when they fit, else every k-th. */
  {
    double width = _proprio_plot_text_width (cr, style, "00", 1.0) * 1.5;
    guint every = MAX (1, (guint) ceil (width / (frame.box.width / n)));

    for (gsize i = 0; i < n; i += every)
      {
        g_autofree char *label = g_strdup_printf ("%" G_GSIZE_FORMAT, i + 1);

        _proprio_plot_text (cr, style, label, plot_frame_x (&frame, i + 1.0),
                            frame.box.y + frame.box.height + 0.35 * style->font_size, 0.5, 0.0,
                            1.0, FALSE, 0, NULL);
      }
  }

  cairo_save (cr);
  y0 = plot_frame_y (&frame, 0.0);
  _proprio_plot_set_color (cr, &style->foreground);
  cairo_set_line_width (cr, 0.5 * style->line_width);
  cairo_move_to (cr, frame.box.x, y0);
  cairo_line_to (cr, frame.box.x + frame.box.width, y0);
  cairo_stroke (cr);
  for (gsize i = 0; i < n; i++)
    {
      double x = plot_frame_x (&frame, i + 1.0);

      if ((valid != NULL && !valid[i]) || !isfinite (errors_deg[i]))
        {
          /* An excluded trial: a cross on the zero line, no value. */
          double d = 1.5 * style->line_width;

          _proprio_plot_set_color (cr, &style->grid);
          cairo_set_line_width (cr, 0.6 * style->line_width);
          cairo_move_to (cr, x - d, y0 - d);
          cairo_line_to (cr, x + d, y0 + d);
          cairo_move_to (cr, x + d, y0 - d);
          cairo_line_to (cr, x - d, y0 + d);
          cairo_stroke (cr);
          continue;
        }
      _proprio_plot_set_color (cr, &style->trace);
      cairo_set_line_width (cr, style->line_width);
      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, plot_frame_y (&frame, errors_deg[i]));
      cairo_stroke (cr);
      cairo_arc (cr, x, plot_frame_y (&frame, errors_deg[i]), 1.6 * style->line_width, 0,
                 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);
  cairo_restore (cr);
}

void
proprio_plot_trend (cairo_t                  *cr,
                    const ProprioPlotStyle   *style,
                    const ProprioPlotRect    *area,
                    const ProprioTrendSeries *series,
                    ProprioPlotDates          dates)
{
  ProprioPlotRect rest;
  PlotFrame frame = { 0 };
  GArray *points;
  g_autofree double *x = NULL, *y = NULL;
  g_autofree char *title = NULL;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, change, percent;
  double dash[] = { 3.0, 2.0 };
  gint64 first_s, last_s;
  gboolean by_time;

  g_return_if_fail (cr != NULL && style != NULL && area != NULL && series != NULL);

  points = series->points;
  cairo_save (cr);
  rest = *area;
  title = *series->unit ? g_strdup_printf ("%s (%s)", series->title,
                                           proprio_trend_unit_display (series->unit))
                        : g_strdup (series->title);
  _proprio_plot_title (cr, style, &rest, title);
  if (points->len == 0)
    {
      _proprio_plot_no_data (cr, style, &rest, _("No session has a value yet"));
      cairo_restore (cr);
      return;
    }

  first_s = g_date_time_to_unix (g_array_index (points, ProprioTrendPoint, 0).date);
  last_s = g_date_time_to_unix (g_array_index (points, ProprioTrendPoint, points->len - 1).date);
  /* Sessions of one sitting would pile up on a time axis: then one step per session. */
  by_time = last_s - first_s >= 3600;
  x = g_new (double, points->len);
  y = g_new (double, points->len);
  for (guint i = 0; i < points->len; i++)
    {
      const ProprioTrendPoint *p = &g_array_index (points, ProprioTrendPoint, i);

      x[i] = by_time ? (g_date_time_to_unix (p->date) - first_s) / 86400.0 : i;
      y[i] = p->value;
      lo = MIN (lo, p->value);
      hi = MAX (hi, p->value);
    }
  frame.x0 = x[0];
  frame.x1 = x[points->len - 1];
  if (frame.x1 - frame.x0 <= 0)
    frame.x0 -= 1, frame.x1 += 1;
  else
    {
      /* Room for the first and last points' markers and date labels. */
      double pad = (frame.x1 - frame.x0) * 0.08;

      frame.x0 -= pad;
      frame.x1 += pad;
    }
  frame.y0 = MIN (lo, 0.0);
  frame.y1 = hi * 1.1;
  if (lo < 0)
    frame.y0 = lo * 1.1;
  _proprio_plot_nice_range (&frame.y0, &frame.y1, 4);
  _proprio_plot_place_box (cr, style, &rest, &frame, "", NULL);
  _proprio_plot_axes (cr, style, &frame, FALSE, NULL, NULL);

  cairo_save (cr);
  /* The first session's value, to compare with. */
  _proprio_plot_set_color (cr, &style->grid);
  cairo_set_line_width (cr, 0.6 * style->line_width);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, frame.box.x, plot_frame_y (&frame, y[0]));
  cairo_line_to (cr, frame.box.x + frame.box.width, plot_frame_y (&frame, y[0]));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  _proprio_plot_set_color (cr, &style->trace);
  cairo_set_line_width (cr, style->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < points->len; i++)
    {
      if (i == 0)
        cairo_move_to (cr, plot_frame_x (&frame, x[i]), plot_frame_y (&frame, y[i]));
      else
        cairo_line_to (cr, plot_frame_x (&frame, x[i]), plot_frame_y (&frame, y[i]));
    }
  cairo_stroke (cr);
  for (guint i = 0; i < points->len; i++)
    {
      cairo_arc (cr, plot_frame_x (&frame, x[i]), plot_frame_y (&frame, y[i]),
                 1.8 * style->line_width, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);

  /* Dates under the points, from the latest back, each only where it does not touch the one to
   * its right: the latest session's date always shows. */
  {
    double date_y = frame.box.y + frame.box.height + 0.3 * style->font_size;
    double next_start = G_MAXDOUBLE;

    for (guint i = points->len; i-- > 0;)
      {
        const ProprioTrendPoint *p = &g_array_index (points, ProprioTrendPoint, i);
        g_autoptr(GDateTime) local = g_date_time_to_local (p->date);
        g_autofree char *date = dates == PROPRIO_PLOT_DATES_DAYS
                                ? g_strdup_printf (_("day %ld"), (long) ((g_date_time_to_unix (
                                                     p->date) - first_s) / 86400))
                                : g_date_time_format (local, "%Y-%m-%d");
        double px = plot_frame_x (&frame, x[i]);
        double width = _proprio_plot_text_width (cr, style, date, 0.9);

        if (px + width / 2 > next_start - 0.4 * style->font_size)
          continue;
        _proprio_plot_text (cr, style, date, px, date_y, 0.5, 0.0, 0.9, FALSE, 0, NULL);
        next_start = px - width / 2;
      }
  }

  if (proprio_trend_series_get_change (series, &change, &percent))
    {
      g_autofree char *text = NULL;
      const ProprioPlotColor *color = change == 0 ? &style->foreground
                                      : proprio_trend_series_improved (series) ? &style->good
                                      : &style->bad;

      if (isfinite (percent))
        /* TRANSLATORS: a trend's change since the first session, e.g. "-50 % since the first
         * session" */
        text = g_strdup_printf (_("%+.0f %% since the first session"), percent);
      else
        text = g_strdup_printf (_("%+.3g since the first session"), change);
      _proprio_plot_text (cr, style, text, frame.box.x + frame.box.width - 0.3 * style->font_size,
                          frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, TRUE,
                          frame.box.width - 0.6 * style->font_size, color);
    }
  else
    _proprio_plot_text (cr, style, _("One session: no change yet"),
                        frame.box.x + frame.box.width - 0.3 * style->font_size,
                        frame.box.y + 0.2 * style->font_size, 1.0, 0.0, 1.0, FALSE,
                        frame.box.width - 0.6 * style->font_size, NULL);
  cairo_restore (cr);
}
