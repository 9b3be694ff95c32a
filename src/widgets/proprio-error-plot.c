/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-error-plot"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-error-plot.h"
#include "proprio-palette.h"

#define MARGIN_LEFT_PX   44.0
#define MARGIN_RIGHT_PX  10.0
#define MARGIN_TOP_PX    10.0
#define MARGIN_BOTTOM_PX 24.0
#define POINT_RADIUS_PX   5.0

struct _ProprioErrorPlot
{
  GtkWidget  parent_instance;

  GArray    *points;    /* ProprioErrorPoint */
  guint      n_planned;
  gboolean   is_signed;
  char      *unit;
  double     tolerance;
};

G_DEFINE_FINAL_TYPE (ProprioErrorPlot, proprio_error_plot, GTK_TYPE_WIDGET)

/* GNOME's palette, in an order where neighbours differ in hue and lightness. */
static const guint32 target_palette[] = {
  0x1c71d8, 0xe66100, 0x2ec27e, 0x9141ac, 0xc01c28, 0x865e3c,
  0x1a5fb4, 0xf5c211, 0x26a269, 0x813d9c, 0xe01b24, 0x63452c,
};

void
proprio_error_plot_target_color (guint    index,
                                 GdkRGBA *color)
{
  guint32 standard = target_palette[index % G_N_ELEMENTS (target_palette)];
  guint32 rgb = proprio_palette_series (index, standard);

  g_return_if_fail (color != NULL);
  *color = (GdkRGBA) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                       (rgb & 0xff) / 255.0, 1.0 };
}

char *
proprio_error_plot_target_hex (guint index)
{
  guint32 standard = target_palette[index % G_N_ELEMENTS (target_palette)];

  return g_strdup_printf ("#%06x", proprio_palette_series (index, standard));
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
show_text (cairo_t    *cr,
           GtkWidget  *widget,
           const char *text,
           double      x,
           double      y,
           double      ax,
           double      ay)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}

/* A round step that gives 2–5 gridlines over `span`. */
static double
nice_step (double span)
{
  static const double steps[] = { 1, 2, 5 };
  double decade = 0.1;

  for (guint n = 0; n < 12; n++, decade *= 10)
    for (guint k = 0; k < G_N_ELEMENTS (steps); k++)
      if (span / (steps[k] * decade) <= 5.0)
        return steps[k] * decade;
  return span;
}

static void
draw (ProprioErrorPlot *self,
      cairo_t          *cr,
      double            width,
      double            height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  GdkRGBA fg;
  guint n_x = MAX (self->n_planned, self->points->len);
  double x0 = MARGIN_LEFT_PX, x1 = width - MARGIN_RIGHT_PX;
  double y0 = MARGIN_TOP_PX, y1 = height - MARGIN_BOTTOM_PX;
  double extent = 5.0, lo, hi, step, zero_y;

  gtk_style_context_get_color (context, &fg);
  if (x1 - x0 < 40.0 || y1 - y0 < 30.0)
    return;
  n_x = MAX (n_x, 1);

  for (guint i = 0; i < self->points->len; i++)
    {
      const ProprioErrorPoint *p = &g_array_index (self->points, ProprioErrorPoint, i);

      if (p->valid && isfinite (p->error))
        extent = MAX (extent, fabs (p->error) * 1.1);
    }
  if (isfinite (self->tolerance))
    extent = MAX (extent, self->tolerance * 1.2);
  step = nice_step (self->is_signed ? 2.0 * extent : extent);
  extent = ceil (extent / step) * step;
  lo = self->is_signed ? -extent : 0.0;
  hi = extent;

#define X(i) (x0 + ((i) + 0.5) * (x1 - x0) / n_x)
#define Y(v) (y1 - ((v) - lo) / (hi - lo) * (y1 - y0))

  /* The tolerance, shaded. */
  if (isfinite (self->tolerance) && self->tolerance > 0.0)
    {
      double top = Y (MIN (self->tolerance, hi)), bottom = Y (self->is_signed
                                                            ? -MIN (self->tolerance, hi) : lo);

      set_source (cr, &fg, 0.07);
      cairo_rectangle (cr, x0, top, x1 - x0, bottom - top);
      cairo_fill (cr);
    }

  /* Gridlines and their values. */
  cairo_set_line_width (cr, 1.0);
  for (double v = lo; v <= hi + step * 1e-6; v += step)
    {
      char text[32];
      double y = round (Y (v)) + 0.5;

      set_source (cr, &fg, fabs (v) < step * 1e-6 && self->is_signed ? 0.6 : 0.15);
      cairo_move_to (cr, x0, y);
      cairo_line_to (cr, x1, y);
      cairo_stroke (cr);
      g_snprintf (text, sizeof text, "%g", fabs (v) < step * 1e-6 ? 0.0 : v);
      set_source (cr, &fg, 0.7);
      show_text (cr, widget, text, x0 - 6.0, y, 1.0, 0.5);
    }
  if (self->unit != NULL)
    {
      set_source (cr, &fg, 0.7);
      show_text (cr, widget, self->unit, 4.0, y0, 0.0, 0.0);
    }
  /* Trial numbers, thinned out when they would crowd. */
  for (guint i = 0; i < n_x; i++)
    {
      guint every = n_x > 24 ? 5 : n_x > 12 ? 2 : 1;
      char text[16];

      if ((i + 1) % every != 0 && i != 0)
        continue;
      g_snprintf (text, sizeof text, "%u", i + 1);
      set_source (cr, &fg, 0.7);
      show_text (cr, widget, text, X (i), y1 + 4.0, 0.5, 0.0);
    }

  zero_y = Y (0.0);
  for (guint i = 0; i < self->points->len; i++)
    {
      const ProprioErrorPoint *p = &g_array_index (self->points, ProprioErrorPoint, i);
      GdkRGBA color;
      double x = X (i);

      proprio_error_plot_target_color (p->target, &color);
      if (!p->valid || !isfinite (p->error))
        {
          double d = POINT_RADIUS_PX * 0.8;

          set_source (cr, &fg, 0.5);
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, x - d, zero_y - d);
          cairo_line_to (cr, x + d, zero_y + d);
          cairo_move_to (cr, x + d, zero_y - d);
          cairo_line_to (cr, x - d, zero_y + d);
          cairo_stroke (cr);
          continue;
        }
      /* A stem from the axis makes the sign readable at a glance. */
      set_source (cr, &color, 0.5);
      cairo_set_line_width (cr, 2.0);
      cairo_move_to (cr, x, zero_y);
      cairo_line_to (cr, x, Y (CLAMP (p->error, lo, hi)));
      cairo_stroke (cr);
      set_source (cr, &color, 1.0);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, Y (CLAMP (p->error, lo, hi)), POINT_RADIUS_PX, 0, 2 * G_PI);
      if (p->feedback)
        cairo_fill (cr);
      else
        {
          cairo_set_line_width (cr, 2.0);
          cairo_stroke (cr);
        }
    }
#undef X
#undef Y
}

static void
proprio_error_plot_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ProprioErrorPlot *self = PROPRIO_ERROR_PLOT (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
proprio_error_plot_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 160;
}

static void
proprio_error_plot_finalize (GObject *object)
{
  ProprioErrorPlot *self = PROPRIO_ERROR_PLOT (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (proprio_error_plot_parent_class)->finalize (object);
}

static void
proprio_error_plot_class_init (ProprioErrorPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = proprio_error_plot_finalize;
  widget_class->snapshot = proprio_error_plot_snapshot;
  widget_class->measure = proprio_error_plot_measure;
  gtk_widget_class_set_css_name (widget_class, "errorplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
proprio_error_plot_init (ProprioErrorPlot *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (ProprioErrorPoint));
  self->is_signed = TRUE;
  self->unit = g_strdup ("°");
  self->tolerance = NAN;
  /* Another palette: the targets' points take its colours. */
  g_signal_connect_object (proprio_palette_get_default (), "notify::kind",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
proprio_error_plot_new (void)
{
  return g_object_new (PROPRIO_TYPE_ERROR_PLOT, NULL);
}

void
proprio_error_plot_set_points (ProprioErrorPlot        *self,
                               const ProprioErrorPoint *points,
                               guint                    n_points,
                               guint                    n_planned)
{
  g_return_if_fail (PROPRIO_IS_ERROR_PLOT (self));
  g_return_if_fail (points != NULL || n_points == 0);

  g_array_set_size (self->points, 0);
  g_array_append_vals (self->points, points, n_points);
  self->n_planned = n_planned;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
proprio_error_plot_get_n_points (ProprioErrorPlot *self)
{
  g_return_val_if_fail (PROPRIO_IS_ERROR_PLOT (self), 0);
  return self->points->len;
}

void
proprio_error_plot_set_scale (ProprioErrorPlot *self,
                              gboolean          is_signed,
                              const char       *unit,
                              double            tolerance)
{
  g_return_if_fail (PROPRIO_IS_ERROR_PLOT (self));

  self->is_signed = !!is_signed;
  g_free (self->unit);
  self->unit = g_strdup (unit);
  self->tolerance = tolerance;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
