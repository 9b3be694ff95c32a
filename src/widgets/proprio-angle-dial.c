/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-angle-dial"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-angle-dial.h"

/* Sizes as shares of the dial's radius, so the dial reads the same on a laptop and on a wall
 * screen; floors in pixels keep the needle and the number legible from 2 m when it is small. */
#define TRACK_WIDTH      0.10
#define BAND_WIDTH       0.16
#define NEEDLE_LENGTH    0.88
#define NEEDLE_WIDTH_PX  7.0
#define NUMBER_SCALE     0.40
#define LABEL_SCALE      0.075
#define MIN_LABEL_PX     11.0

struct _ProprioAngleDial
{
  GtkWidget parent_instance;

  double    angle;
  gboolean  show_angle;
  double    target;
  double    tolerance;
  double    registered;
  double    start;
  double    min_deg, max_deg;
  double    progress;
};

G_DEFINE_FINAL_TYPE (ProprioAngleDial, proprio_angle_dial, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA fg, accent, success, warning;
} DialColors;

static void
lookup (GtkStyleContext *context,
        const char      *name,
        guint32          fallback,
        GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    *out = (GdkRGBA) { ((fallback >> 16) & 0xff) / 255.0, ((fallback >> 8) & 0xff) / 255.0,
                       (fallback & 0xff) / 255.0, 1.0 };
}

static void
get_colors (ProprioAngleDial *self,
            DialColors       *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->fg);
  lookup (context, "accent_bg_color", 0x3584e4, &colors->accent);
  lookup (context, "success_color", 0x26a269, &colors->success);
  lookup (context, "warning_color", 0xe5a50a, &colors->warning);
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The screen angle of a value: range-min on the left, range-max on the right, over the top. */
static double
screen_angle (ProprioAngleDial *self,
              double            deg)
{
  double span = self->max_deg - self->min_deg;
  double f = span > 0.0 ? (deg - self->min_deg) / span : 0.5;

  return G_PI + CLAMP (f, 0.0, 1.0) * G_PI;
}

static void
show_text (cairo_t     *cr,
           GtkWidget   *widget,
           const char  *text,
           double       size_px,
           gboolean     bold,
           double       x,
           double       y,
           double       ax,
           double       ay)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));
  int w, h;

  pango_font_description_set_absolute_size (font, size_px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_needle (cairo_t *cr,
             double   cx,
             double   cy,
             double   length,
             double   a,
             double   width)
{
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, cx, cy);
  cairo_line_to (cr, cx + length * cos (a), cy + length * sin (a));
  cairo_stroke (cr);
}

/* The dial's radius and centre in a widget of width × height; FALSE when it is too small to
 * draw. The half circle with the start mark above it (1.18 r) and the number under its centre
 * (0.57 r) share the height. */
static gboolean
get_geometry (double  width,
              double  height,
              double *r,
              double *cx,
              double *cy)
{
  *r = MIN (width * 0.44, height / 1.75);
  *cx = width / 2.0;
  *cy = (height - 1.75 * *r) / 2.0 + 1.18 * *r;
  return *r >= 20.0;
}

static void
draw (ProprioAngleDial *self,
      cairo_t          *cr,
      double            width,
      double            height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  DialColors colors;
  double r, cx, cy, label_px;

  get_colors (self, &colors);
  if (!get_geometry (width, height, &r, &cx, &cy))
    return;
  label_px = MAX (MIN_LABEL_PX, LABEL_SCALE * r);

  /* The track, with ticks every 10° and numbers every 30°. */
  set_source (cr, &colors.fg, 0.12);
  cairo_set_line_width (cr, TRACK_WIDTH * r);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_arc (cr, cx, cy, r, G_PI, 2.0 * G_PI);
  cairo_stroke (cr);
  for (double v = ceil (self->min_deg / 10.0) * 10.0; v <= self->max_deg + 1e-9; v += 10.0)
    {
      double a = screen_angle (self, v);
      gboolean major = fmod (fabs (v), 30.0) < 1e-6;
      double inner = r * (major ? 0.80 : 0.86), outer = r * 0.93;

      set_source (cr, &colors.fg, major ? 0.7 : 0.35);
      cairo_set_line_width (cr, major ? 2.0 : 1.0);
      cairo_move_to (cr, cx + inner * cos (a), cy + inner * sin (a));
      cairo_line_to (cr, cx + outer * cos (a), cy + outer * sin (a));
      cairo_stroke (cr);
      if (major)
        {
          char text[16];

          g_snprintf (text, sizeof text, "%.0f", v);
          set_source (cr, &colors.fg, 0.7);
          show_text (cr, widget, text, label_px, FALSE, cx + 0.70 * r * cos (a),
                     cy + 0.70 * r * sin (a), 0.5, 0.5);
        }
    }

  /* The start position: a small wedge outside the track. */
  if (isfinite (self->start))
    {
      double a = screen_angle (self, self->start), d = 0.04;

      set_source (cr, &colors.fg, 0.55);
      cairo_move_to (cr, cx + 1.06 * r * cos (a), cy + 1.06 * r * sin (a));
      cairo_line_to (cr, cx + 1.16 * r * cos (a - d), cy + 1.16 * r * sin (a - d));
      cairo_line_to (cr, cx + 1.16 * r * cos (a + d), cy + 1.16 * r * sin (a + d));
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  /* The target: a band of the tolerance and a line at its middle. */
  if (isfinite (self->target))
    {
      double a = screen_angle (self, self->target);
      double a1 = screen_angle (self, self->target - self->tolerance);
      double a2 = screen_angle (self, self->target + self->tolerance);

      set_source (cr, &colors.success, 0.55);
      cairo_set_line_width (cr, BAND_WIDTH * r);
      cairo_arc (cr, cx, cy, r, MIN (a1, a2), MAX (MAX (a1, a2), MIN (a1, a2) + 0.01));
      cairo_stroke (cr);
      set_source (cr, &colors.success, 1.0);
      cairo_set_line_width (cr, MAX (4.0, 0.02 * r));
      cairo_move_to (cr, cx + 0.80 * r * cos (a), cy + 0.80 * r * sin (a));
      cairo_line_to (cr, cx + 1.10 * r * cos (a), cy + 1.10 * r * sin (a));
      cairo_stroke (cr);
    }

  if (isfinite (self->registered))
    {
      set_source (cr, &colors.warning, 1.0);
      draw_needle (cr, cx, cy, NEEDLE_LENGTH * r, screen_angle (self, self->registered),
                   MAX (NEEDLE_WIDTH_PX * 0.6, 0.025 * r));
    }

  if (self->show_angle && isfinite (self->angle))
    {
      char text[32];

      set_source (cr, &colors.accent, 1.0);
      draw_needle (cr, cx, cy, NEEDLE_LENGTH * r, screen_angle (self, self->angle),
                   MAX (NEEDLE_WIDTH_PX, 0.04 * r));
      /* Translators: the joint angle on the dial, in degrees */
      g_snprintf (text, sizeof text, _("%.0f°"), self->angle);
      set_source (cr, &colors.fg, 1.0);
      show_text (cr, widget, text, NUMBER_SCALE * r, TRUE, cx, cy + 0.08 * r, 0.5, 0.0);
    }

  /* The hub, and the progress of memorising or holding still around it. */
  set_source (cr, &colors.fg, 0.8);
  cairo_arc (cr, cx, cy, MAX (6.0, 0.05 * r), 0, 2.0 * G_PI);
  cairo_fill (cr);
  if (isfinite (self->progress) && self->progress > 0.0)
    {
      set_source (cr, &colors.success, 1.0);
      cairo_set_line_width (cr, MAX (4.0, 0.03 * r));
      cairo_arc (cr, cx, cy, MAX (12.0, 0.11 * r), -G_PI / 2.0,
                 -G_PI / 2.0 + 2.0 * G_PI * CLAMP (self->progress, 0.0, 1.0));
      cairo_stroke (cr);
    }
}

static void
proprio_angle_dial_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ProprioAngleDial *self = PROPRIO_ANGLE_DIAL (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
proprio_angle_dial_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 360;
}

static void
proprio_angle_dial_class_init (ProprioAngleDialClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = proprio_angle_dial_snapshot;
  widget_class->measure = proprio_angle_dial_measure;
  gtk_widget_class_set_css_name (widget_class, "angledial");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
proprio_angle_dial_init (ProprioAngleDial *self)
{
  self->angle = NAN;
  self->show_angle = TRUE;
  self->target = NAN;
  self->tolerance = 0.0;
  self->registered = NAN;
  self->start = NAN;
  self->min_deg = 0.0;
  self->max_deg = 180.0;
  self->progress = NAN;
}

GtkWidget *
proprio_angle_dial_new (void)
{
  return g_object_new (PROPRIO_TYPE_ANGLE_DIAL, NULL);
}

/* NaN equals NaN here: "nothing" did not change. */
static gboolean
set_value (ProprioAngleDial *self,
           double           *field,
           double            value)
{
  if (*field == value || (isnan (*field) && isnan (value)))
    return FALSE;
  *field = value;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

void
proprio_angle_dial_set_angle (ProprioAngleDial *self,
                              double            angle_deg)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  set_value (self, &self->angle, angle_deg);
}

double
proprio_angle_dial_get_angle (ProprioAngleDial *self)
{
  g_return_val_if_fail (PROPRIO_IS_ANGLE_DIAL (self), NAN);
  return self->angle;
}

void
proprio_angle_dial_set_show_angle (ProprioAngleDial *self,
                                   gboolean          show)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  show = !!show;
  if (self->show_angle == show)
    return;
  self->show_angle = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
proprio_angle_dial_get_show_angle (ProprioAngleDial *self)
{
  g_return_val_if_fail (PROPRIO_IS_ANGLE_DIAL (self), FALSE);
  return self->show_angle;
}

void
proprio_angle_dial_set_target (ProprioAngleDial *self,
                               double            target_deg,
                               double            tolerance_deg)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  set_value (self, &self->target, target_deg);
  set_value (self, &self->tolerance, isfinite (tolerance_deg) ? fabs (tolerance_deg) : 0.0);
}

double
proprio_angle_dial_get_target (ProprioAngleDial *self)
{
  g_return_val_if_fail (PROPRIO_IS_ANGLE_DIAL (self), NAN);
  return self->target;
}

void
proprio_angle_dial_set_registered (ProprioAngleDial *self,
                                   double            angle_deg)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  set_value (self, &self->registered, angle_deg);
}

double
proprio_angle_dial_get_registered (ProprioAngleDial *self)
{
  g_return_val_if_fail (PROPRIO_IS_ANGLE_DIAL (self), NAN);
  return self->registered;
}

void
proprio_angle_dial_set_start (ProprioAngleDial *self,
                              double            angle_deg)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  set_value (self, &self->start, angle_deg);
}

void
proprio_angle_dial_set_range (ProprioAngleDial *self,
                              double            min_deg,
                              double            max_deg)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  g_return_if_fail (isfinite (min_deg) && isfinite (max_deg) && max_deg > min_deg);
  set_value (self, &self->min_deg, min_deg);
  set_value (self, &self->max_deg, max_deg);
}

gboolean
proprio_angle_dial_needle_to_widget (ProprioAngleDial *self,
                                     double            angle_deg,
                                     double            fraction,
                                     double           *widget_x,
                                     double           *widget_y)
{
  double r, cx, cy, a;

  g_return_val_if_fail (PROPRIO_IS_ANGLE_DIAL (self), FALSE);
  g_return_val_if_fail (isfinite (angle_deg) && isfinite (fraction), FALSE);

  if (!get_geometry (gtk_widget_get_width (GTK_WIDGET (self)),
                     gtk_widget_get_height (GTK_WIDGET (self)), &r, &cx, &cy))
    return FALSE;
  a = screen_angle (self, angle_deg);
  if (widget_x != NULL)
    *widget_x = cx + CLAMP (fraction, 0.0, 1.0) * NEEDLE_LENGTH * r * cos (a);
  if (widget_y != NULL)
    *widget_y = cy + CLAMP (fraction, 0.0, 1.0) * NEEDLE_LENGTH * r * sin (a);
  return TRUE;
}

void
proprio_angle_dial_set_progress (ProprioAngleDial *self,
                                 double            progress)
{
  g_return_if_fail (PROPRIO_IS_ANGLE_DIAL (self));
  set_value (self, &self->progress, progress);
}
