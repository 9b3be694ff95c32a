/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plot-widget"

#include "config.h"

#include "proprio-plot-widget.h"

struct _ProprioPlotWidget
{
  GtkWidget              parent_instance;

  ProprioPlotWidgetFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
};

G_DEFINE_FINAL_TYPE (ProprioPlotWidget, proprio_plot_widget, GTK_TYPE_WIDGET)

/* Text at the size the rest of the window uses (the style's font, in pixels). */
static double
font_px (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double size = font != NULL ? pango_font_description_get_size (font) / (double) PANGO_SCALE : 0;

  if (font != NULL && !pango_font_description_get_size_is_absolute (font))
    size *= 96.0 / 72.0;
  return size > 0 ? size : 14.0;
}

static void
proprio_plot_widget_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ProprioPlotWidget *self = PROPRIO_PLOT_WIDGET (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  ProprioPlotStyle style;
  GdkRGBA fg;
  gboolean dark;
  cairo_t *cr;

  if (self->func == NULL || width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (context, &fg);
  /* A light foreground means a dark style (the CoP view decides the same way). */
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  proprio_plot_style_init_screen (&style, dark, 0.85 * font_px (widget));
  style.foreground = (ProprioPlotColor) { fg.red, fg.green, fg.blue, fg.alpha };
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->func (cr, &style, &(ProprioPlotRect) { 0, 0, width, height }, self->data);
  cairo_destroy (cr);
}

static void
proprio_plot_widget_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  double px = font_px (widget);

  /* Room for the title, the ticks and a readable plot. */
  *minimum = (int) (orientation == GTK_ORIENTATION_HORIZONTAL ? 16 * px : 10 * px);
  *natural = (int) (orientation == GTK_ORIENTATION_HORIZONTAL ? 26 * px : 14 * px);
}

static void
proprio_plot_widget_dispose (GObject *object)
{
  ProprioPlotWidget *self = PROPRIO_PLOT_WIDGET (object);

  proprio_plot_widget_set_func (self, NULL, NULL, NULL);
  G_OBJECT_CLASS (proprio_plot_widget_parent_class)->dispose (object);
}

static void
proprio_plot_widget_class_init (ProprioPlotWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_plot_widget_dispose;
  widget_class->snapshot = proprio_plot_widget_snapshot;
  widget_class->measure = proprio_plot_widget_measure;
  gtk_widget_class_set_css_name (widget_class, "plot");
}

static void
proprio_plot_widget_init (ProprioPlotWidget *self)
{
}

GtkWidget *
proprio_plot_widget_new (void)
{
  return g_object_new (PROPRIO_TYPE_PLOT_WIDGET, NULL);
}

void
proprio_plot_widget_set_func (ProprioPlotWidget     *self,
                              ProprioPlotWidgetFunc  func,
                              gpointer               data,
                              GDestroyNotify         destroy)
{
  g_return_if_fail (PROPRIO_IS_PLOT_WIDGET (self));

  if (self->destroy != NULL)
    self->destroy (self->data);
  self->func = func;
  self->data = data;
  self->destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

typedef struct
{
  const ProprioTrendSeries *series;
  ProprioPlotDates          dates;
} Trend;

static void
draw_trend (cairo_t                *cr,
            const ProprioPlotStyle *style,
            const ProprioPlotRect  *area,
            gpointer                data)
{
  Trend *trend = data;

  proprio_plot_trend (cr, style, area, trend->series, trend->dates);
}

void
proprio_plot_widget_set_trend (ProprioPlotWidget        *self,
                               const ProprioTrendSeries *series,
                               ProprioPlotDates          dates)
{
  Trend *trend;

  g_return_if_fail (PROPRIO_IS_PLOT_WIDGET (self));
  g_return_if_fail (series != NULL);

  trend = g_new0 (Trend, 1);
  trend->series = series;
  trend->dates = dates;
  proprio_plot_widget_set_func (self, draw_trend, trend, g_free);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), series->title);
}
