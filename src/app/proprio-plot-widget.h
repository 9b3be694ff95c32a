/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "report/proprio-plot.h"

G_BEGIN_DECLS

/* A widget that shows one of the report's plots (report/proprio-plot.h), drawn by the same
 * function that draws it on paper: on screen in pixels, in the widget's own colours (its style's
 * foreground, light or dark) and font size, at whatever size the widget gets. */

/* Draws into `area` (the widget's bounds); `data` is the widget's. */
typedef void (*ProprioPlotWidgetFunc) (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       gpointer                data);

#define PROPRIO_TYPE_PLOT_WIDGET (proprio_plot_widget_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlotWidget, proprio_plot_widget, PROPRIO, PLOT_WIDGET, GtkWidget)

GtkWidget *proprio_plot_widget_new        (void);
/* What to draw; `destroy` frees `data` when replaced or when the widget goes. Redraws. */
void       proprio_plot_widget_set_func   (ProprioPlotWidget     *self,
                                           ProprioPlotWidgetFunc  func,
                                           gpointer               data,
                                           GDestroyNotify         destroy);
/* A trend across sessions (proprio_plot_trend ()); the series must outlive the widget, or be
 * replaced first. */
void       proprio_plot_widget_set_trend  (ProprioPlotWidget        *self,
                                           const ProprioTrendSeries *series,
                                           ProprioPlotDates          dates);

G_END_DECLS
