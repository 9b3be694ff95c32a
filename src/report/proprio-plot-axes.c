/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plot"

#include "config.h"

#include "proprio-plot-private.h"

#include <math.h>

/* Room between a box and its labels, in font sizes. */
#define GAP 0.35

void
_proprio_plot_set_color (cairo_t                *cr,
                         const ProprioPlotColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

PangoLayout *
_proprio_plot_layout (cairo_t                *cr,
                      const ProprioPlotStyle *style,
                      const char             *text,
                      double                  scale,
                      gboolean                bold,
                      double                  max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (style->font_family);

  /* Absolute size: the surface's units are points on paper and pixels on screen. */
  pango_font_description_set_absolute_size (font, style->font_size * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  return layout;
}

double
_proprio_plot_text (cairo_t                *cr,
                    const ProprioPlotStyle *style,
                    const char             *text,
                    double                  x,
                    double                  y,
                    double                  halign,
                    double                  valign,
                    double                  scale,
                    gboolean                bold,
                    double                  max_width,
                    const ProprioPlotColor *color)
{
  g_autoptr(PangoLayout) layout = _proprio_plot_layout (cr, style, text, scale, bold, max_width);
  PangoRectangle ink, logical;

  pango_layout_get_extents (layout, &ink, &logical);
  cairo_save (cr);
  _proprio_plot_set_color (cr, color != NULL ? color : &style->foreground);
  cairo_move_to (cr, x - halign * logical.width / PANGO_SCALE,
                 y - valign * logical.height / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  /* The path is not part of the saved state: a later arc must not start from the text. */
  cairo_new_path (cr);
  cairo_restore (cr);
  return (double) logical.width / PANGO_SCALE;
}

double
_proprio_plot_text_width (cairo_t                *cr,
                          const ProprioPlotStyle *style,
                          const char             *text,
                          double                  scale)
{
  g_autoptr(PangoLayout) layout = _proprio_plot_layout (cr, style, text, scale, FALSE, 0);
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) width / PANGO_SCALE;
}

double
_proprio_plot_line_height (cairo_t                *cr,
                           const ProprioPlotStyle *style,
                           double                  scale)
{
  g_autoptr(PangoLayout) layout = _proprio_plot_layout (cr, style, "0", scale, FALSE, 0);
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

void
_proprio_plot_title (cairo_t                *cr,
                     const ProprioPlotStyle *style,
                     ProprioPlotRect        *area,
                     const char             *title)
{
  double height;

  if (title == NULL || *title == '\0')
    return;
  height = _proprio_plot_line_height (cr, style, 1.15);
  _proprio_plot_text (cr, style, title, area->x, area->y, 0.0, 0.0, 1.15, TRUE, area->width,
                      NULL);
  area->y += height + GAP * style->font_size;
  area->height = MAX (area->height - height - GAP * style->font_size, 0.0);
}

void
_proprio_plot_no_data (cairo_t                *cr,
                       const ProprioPlotStyle *style,
                       const ProprioPlotRect  *area,
                       const char             *message)
{
  double dash[] = { 2.0, 2.0 };

  cairo_save (cr);
  _proprio_plot_set_color (cr, &style->grid);
  cairo_set_line_width (cr, 0.5 * style->line_width);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  /* Inset, so the frame and its antialiasing stay inside the area. */
  cairo_rectangle (cr, area->x + style->line_width, area->y + style->line_width,
                   area->width - 2 * style->line_width, area->height - 2 * style->line_width);
  cairo_stroke (cr);
  cairo_restore (cr);
  _proprio_plot_text (cr, style, message, area->x + area->width / 2, area->y + area->height / 2,
                      0.5, 0.5, 1.0, FALSE, area->width - style->font_size, NULL);
}

void
_proprio_plot_ticks (double  min,
                     double  max,
                     guint   target,
                     double *first,
                     double *step,
                     guint  *n)
{
  double span = max - min, raw, magnitude, fraction;

  if (!(span > 0) || !isfinite (span))
    {
      *first = min;
      *step = 1.0;
      *n = 1;
      return;
    }
  raw = span / MAX (target, 1);
  magnitude = pow (10.0, floor (log10 (raw)));
  fraction = raw / magnitude;
  *step = (fraction <= 1.0 ? 1.0 : fraction <= 2.0 ? 2.0 : fraction <= 5.0 ? 5.0 : 10.0)
          * magnitude;
  *first = ceil (min / *step - 1e-9) * *step;
  *n = (guint) floor ((max - *first) / *step + 1e-9) + 1;
}

void
_proprio_plot_nice_range (double *min,
                          double *max,
                          guint   target)
{
  double first, step;
  guint n;

  if (!isfinite (*min) || !isfinite (*max))
    {
      *min = 0.0;
      *max = 1.0;
      return;
    }
  if (*max - *min < 1e-9 * MAX (fabs (*min), 1.0))
    {
      /* One value: a range around it, so it sits in the middle of the box. */
      double pad = fabs (*min) > 0 ? 0.1 * fabs (*min) : 1.0;

      *min -= pad;
      *max += pad;
    }
  _proprio_plot_ticks (*min, *max, target, &first, &step, &n);
  *min = floor (*min / step + 1e-9) * step;
  *max = ceil (*max / step - 1e-9) * step;
}

char *
_proprio_plot_format_tick (double value,
                           double step)
{
  int decimals = step >= 1.0 ? 0 : (int) ceil (-log10 (step) - 1e-9);

  /* No "-0". */
  if (fabs (value) < step * 1e-6)
    value = 0.0;
  return g_strdup_printf ("%.*f", CLAMP (decimals, 0, 6), value);
}

void
_proprio_plot_place_box (cairo_t                *cr,
                         const ProprioPlotStyle *style,
                         const ProprioPlotRect  *area,
                         PlotFrame              *frame,
                         const char             *x_title,
                         const char             *y_title)
{
  double line = _proprio_plot_line_height (cr, style, 1.0);
  double first, step, widest = 0.0;
  double left, bottom, right, top;
  guint n;

  _proprio_plot_ticks (frame->y0, frame->y1, 5, &first, &step, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = _proprio_plot_format_tick (first + i * step, step);

      widest = MAX (widest, _proprio_plot_text_width (cr, style, label, 1.0));
    }
  left = widest + GAP * style->font_size + (y_title != NULL ? line + GAP * style->font_size : 0);
  bottom = line + GAP * style->font_size + (x_title != NULL ? line : 0);
  /* Room for the last x label's half and the top y label's half. */
  right = 0.6 * style->font_size;
  top = 0.5 * line;
  frame->box.x = area->x + left;
  frame->box.y = area->y + top;
  frame->box.width = MAX (area->width - left - right, 1.0);
  frame->box.height = MAX (area->height - top - bottom, 1.0);
}

void
_proprio_plot_axes (cairo_t                *cr,
                    const ProprioPlotStyle *style,
                    const PlotFrame        *frame,
                    gboolean                x_ticks,
                    const char             *x_title,
                    const char             *y_title)
{
  const ProprioPlotRect *b = &frame->box;
  double line = _proprio_plot_line_height (cr, style, 1.0);
  double gap = GAP * style->font_size;
  double first, step;
  guint n;

  cairo_save (cr);
  cairo_set_line_width (cr, 0.35 * style->line_width);
  _proprio_plot_set_color (cr, &style->grid);

  _proprio_plot_ticks (frame->y0, frame->y1, 5, &first, &step, &n);
  for (guint i = 0; i < n; i++)
    {
      double v = first + i * step, y = plot_frame_y (frame, v);
      g_autofree char *label = _proprio_plot_format_tick (v, step);

      cairo_move_to (cr, b->x, y);
      cairo_line_to (cr, b->x + b->width, y);
      cairo_stroke (cr);
      _proprio_plot_text (cr, style, label, b->x - gap, y, 1.0, 0.5, 1.0, FALSE, 0, NULL);
    }
  if (x_ticks)
    {
      double last_end = -G_MAXDOUBLE;

      _proprio_plot_ticks (frame->x0, frame->x1, MAX (2, (guint) (b->width / (5 * line))),
                           &first, &step, &n);
      for (guint i = 0; i < n; i++)
        {
          double v = first + i * step, x = plot_frame_x (frame, v);
          g_autofree char *label = _proprio_plot_format_tick (v, step);
          double width = _proprio_plot_text_width (cr, style, label, 1.0);

          _proprio_plot_set_color (cr, &style->grid);
          cairo_move_to (cr, x, b->y);
          cairo_line_to (cr, x, b->y + b->height);
          cairo_stroke (cr);
          /* Labels never overlap: one that would is left out. */
          if (x - width / 2 < last_end + 0.5 * style->font_size)
            continue;
          _proprio_plot_text (cr, style, label, x, b->y + b->height + gap, 0.5, 0.0, 1.0, FALSE,
                              0, NULL);
          last_end = x + width / 2;
        }
    }

  _proprio_plot_set_color (cr, &style->foreground);
  cairo_set_line_width (cr, 0.5 * style->line_width);
  cairo_rectangle (cr, b->x, b->y, b->width, b->height);
  cairo_stroke (cr);

  if (x_title != NULL)
    _proprio_plot_text (cr, style, x_title, b->x + b->width / 2, b->y + b->height + gap + line,
                        0.5, 0.0, 1.0, FALSE, b->width, NULL);
  if (y_title != NULL)
    {
      g_autoptr(PangoLayout) layout = _proprio_plot_layout (cr, style, y_title, 1.0, FALSE,
                                                            b->height);
      int width, height;
      double widest = 0.0;

      _proprio_plot_ticks (frame->y0, frame->y1, 5, &first, &step, &n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = _proprio_plot_format_tick (first + i * step, step);

          widest = MAX (widest, _proprio_plot_text_width (cr, style, label, 1.0));
        }
      pango_layout_get_size (layout, &width, &height);
      cairo_save (cr);
      cairo_translate (cr, b->x - 2 * gap - widest - (double) height / PANGO_SCALE,
                       b->y + b->height / 2 + (double) width / PANGO_SCALE / 2);
      cairo_rotate (cr, -G_PI / 2);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

void
_proprio_plot_series (cairo_t         *cr,
                      const PlotFrame *frame,
                      const double    *x,
                      const double    *y,
                      gsize            n)
{
  gboolean pen = FALSE;
  gsize i = 0;

  cairo_save (cr);
  cairo_rectangle (cr, frame->box.x, frame->box.y, frame->box.width, frame->box.height);
  cairo_clip (cr);
  cairo_new_path (cr);
  while (i < n)
    {
      double column, lo_y, hi_y, first_y, last_y, px;
      gsize lo_i, hi_i, j;

      if (!isfinite (x[i]) || !isfinite (y[i]))
        {
          pen = FALSE;
          i++;
          continue;
        }
      /* The points that fall into this device column (half a unit wide). */
      px = plot_frame_x (frame, x[i]);
      column = floor (px * 2.0);
      first_y = last_y = lo_y = hi_y = y[i];
      lo_i = hi_i = i;
      for (j = i + 1; j < n && isfinite (x[j]) && isfinite (y[j]) &&
                      floor (plot_frame_x (frame, x[j]) * 2.0) == column; j++)
        {
          if (y[j] < lo_y)
            lo_y = y[j], lo_i = j;
          if (y[j] > hi_y)
            hi_y = y[j], hi_i = j;
          last_y = y[j];
        }
      if (pen)
        cairo_line_to (cr, px, plot_frame_y (frame, first_y));
      else
        cairo_move_to (cr, px, plot_frame_y (frame, first_y));
      pen = TRUE;
      if (j - i > 1)
        {
          /* In time order, so the line goes where the signal went. */
          double a = lo_i < hi_i ? lo_y : hi_y, b = lo_i < hi_i ? hi_y : lo_y;

          cairo_line_to (cr, px, plot_frame_y (frame, a));
          cairo_line_to (cr, px, plot_frame_y (frame, b));
          cairo_line_to (cr, plot_frame_x (frame, x[j - 1]), plot_frame_y (frame, last_y));
        }
      i = j;
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}
