/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "proprio-plot.h"

G_BEGIN_DECLS

/* What the plot files share: text, ticks, axes and the data-to-device mapping. */

/* The plotting box (device units) and the data range it shows. */
typedef struct
{
  ProprioPlotRect box;
  double          x0, x1;
  double          y0, y1;
} PlotFrame;

static inline double
plot_frame_x (const PlotFrame *f,
              double           x)
{
  return f->box.x + (x - f->x0) / (f->x1 - f->x0) * f->box.width;
}

static inline double
plot_frame_y (const PlotFrame *f,
              double           y)
{
  return f->box.y + f->box.height - (y - f->y0) / (f->y1 - f->y0) * f->box.height;
}

void         _proprio_plot_set_color   (cairo_t                *cr,
                                        const ProprioPlotColor *color);
/* A layout of `text` at `scale` × the style's font size; max_width > 0 ellipsises at the end. */
PangoLayout *_proprio_plot_layout      (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const char             *text,
                                        double                  scale,
                                        gboolean                bold,
                                        double                  max_width);
/* Draws `text` with its box's point (halign, valign) ∈ [0, 1]² at (x, y); returns its width. */
double       _proprio_plot_text        (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const char             *text,
                                        double                  x,
                                        double                  y,
                                        double                  halign,
                                        double                  valign,
                                        double                  scale,
                                        gboolean                bold,
                                        double                  max_width,
                                        const ProprioPlotColor *color);
double       _proprio_plot_text_width  (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const char             *text,
                                        double                  scale);
double       _proprio_plot_line_height (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        double                  scale);
/* Draws the title at the top of `area` (nothing for NULL) and shrinks `area` below it. */
void         _proprio_plot_title       (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        ProprioPlotRect        *area,
                                        const char             *title);
/* A message in the middle of `area` for a plot without data. */
void         _proprio_plot_no_data     (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const ProprioPlotRect  *area,
                                        const char             *message);
/* Round tick values covering [min, max]: about `target` of them, step 1, 2 or 5 × 10ⁿ. */
void         _proprio_plot_ticks       (double                  min,
                                        double                  max,
                                        guint                   target,
                                        double                 *first,
                                        double                 *step,
                                        guint                  *n);
/* Widens [*min, *max] to whole steps of its ticks (a flat range gets a little room). */
void         _proprio_plot_nice_range  (double                 *min,
                                        double                 *max,
                                        guint                   target);
/* A tick value with as many decimals as its step needs, in the user's locale. */
char        *_proprio_plot_format_tick (double                  value,
                                        double                  step);
/* Lays out the box inside `area`, leaving room for tick labels (y ticks' widest label from the
 * frame's y range) and the axis titles, and fills frame->box. */
void         _proprio_plot_place_box   (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const ProprioPlotRect  *area,
                                        PlotFrame              *frame,
                                        const char             *x_title,
                                        const char             *y_title);
/* Grid, box, ticks and their labels, axis titles. x_ticks FALSE: none on x (the caller labels
 * it, e.g. with dates). */
void         _proprio_plot_axes        (cairo_t                *cr,
                                        const ProprioPlotStyle *style,
                                        const PlotFrame        *frame,
                                        gboolean                x_ticks,
                                        const char             *x_title,
                                        const char             *y_title);
/* A line through (x[i], y[i]) in data units, clipped to the box; NaN breaks it. More points
 * than the box has device units across are thinned to each column's first, lowest, highest and
 * last point, which keeps every peak. x must not decrease. */
void         _proprio_plot_series      (cairo_t                *cr,
                                        const PlotFrame        *frame,
                                        const double           *x,
                                        const double           *y,
                                        gsize                   n);

G_END_DECLS
