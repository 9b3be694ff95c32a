/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay"

#include <math.h>
#include <pango/pangocairo.h>

#include "proprio-overlay-draw.h"

void
proprio_overlay_style_init (ProprioOverlayStyle *style,
                            double               video_width,
                            double               video_height)
{
  double height = MAX (video_height, 1.0);

  g_return_if_fail (style != NULL);

  /* GNOME palette: Yellow 2 over a translucent black band; Blue 2 for the selection. */
  *style = (ProprioOverlayStyle) {
    .stroke = { 0xf8 / 255.0, 0xe4 / 255.0, 0x5c / 255.0, 1.0 },
    .outline = { 0.0, 0.0, 0.0, 0.7 },
    .selected = { 0x62 / 255.0, 0xa0 / 255.0, 0xea / 255.0, 1.0 },
    .label = { 1.0, 1.0, 1.0, 1.0 },
    .label_bg = { 0.0, 0.0, 0.0, 0.8 },
  };
  /* Sized by the picture as shown, for a patient 2 m away: lines at least 0.4 % of its height
   * (3 px at least), the read-out 4 % (16 px at least). The small slack keeps 1000 px at 4 px,
   * not 5 through rounding. */
  style->line_width = MAX (PROPRIO_OVERLAY_MIN_LINE_WIDTH,
                           ceil (height * PROPRIO_OVERLAY_LINE_SHARE - 1e-6));
  style->outline_width = style->line_width + 2.0;
  style->font_size = MAX (PROPRIO_OVERLAY_MIN_FONT_SIZE,
                          ceil (height * PROPRIO_OVERLAY_FONT_SHARE - 1e-6));
}

static PangoLayout *
label_layout (PangoContext              *context,
              const ProprioOverlayStyle *style,
              const char                *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

  pango_font_description_set_absolute_size (font, style->font_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

void
proprio_overlay_measure_label (const ProprioOverlayStyle *style,
                               const char                *text,
                               int                       *width,
                               int                       *height)
{
  PangoContext *context;
  g_autoptr(PangoLayout) layout = NULL;
  int w, h;

  g_return_if_fail (style != NULL && text != NULL);

  context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  layout = label_layout (context, style, text);
  g_object_unref (context);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

/* Puts a coordinate where a line of that whole width covers whole pixels. */
static double
snap (double v,
      double width)
{
  return ((int) width % 2 == 0) ? round (v) : floor (v) + 0.5;
}

static void
set_rgba (cairo_t      *cr,
          const double *rgba)
{
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

/* Strokes the current path twice: the dark band, then the bright line on it. */
static void
stroke_outlined (cairo_t                   *cr,
                 const ProprioOverlayStyle *style,
                 const double              *rgba,
                 double                     line_width)
{
  cairo_set_line_width (cr, line_width + (style->outline_width - style->line_width));
  set_rgba (cr, style->outline);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, line_width);
  set_rgba (cr, rgba);
  cairo_stroke (cr);
}

/* Centred on (x, y): bold white text on a dark pill, which reads over any picture. */
static void
draw_label (cairo_t                   *cr,
            const ProprioOverlayStyle *style,
            const char                *text,
            double                     x,
            double                     y)
{
  PangoContext *context = pango_cairo_create_context (cr);
  g_autoptr(PangoLayout) layout = label_layout (context, style, text);
  double pad = round (style->font_size * 0.3), left, top, w, h, r;
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  w = width + 2 * pad;
  h = height + pad / 2;
  left = round (x - w / 2.0);
  top = round (y - h / 2.0);
  r = h / 2.0;
  cairo_new_path (cr);
  cairo_arc (cr, left + r, top + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, left + w - r, top + r, r, 3 * G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  set_rgba (cr, style->label_bg);
  cairo_fill (cr);

  cairo_move_to (cr, left + pad, top + pad / 4);
  set_rgba (cr, style->label);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (context);
}

static void
draw_angle_readout (cairo_t                   *cr,
                    const ProprioOverlayShape *shape,
                    const ProprioOverlayFit   *fit,
                    const ProprioOverlayStyle *style,
                    const double              *wx,
                    const double              *wy)
{
  double degrees = proprio_overlay_shape_angle (shape, fit->video_width, fit->video_height);
  double a0, a1, bis_x, bis_y, len, radius, sweep;
  g_autofree char *text = NULL;

  if (isnan (degrees))
    return;

  /* A small arc inside the angle, then the number on the far side of the vertex, along the
   * bisector pointing away from the arms, where it never covers the limb being measured. */
  a0 = atan2 (wy[0] - wy[1], wx[0] - wx[1]);
  a1 = atan2 (wy[2] - wy[1], wx[2] - wx[1]);
  sweep = remainder (a1 - a0, 2 * G_PI);
  radius = MIN (MIN (hypot (wx[0] - wx[1], wy[0] - wy[1]), hypot (wx[2] - wx[1], wy[2] - wy[1])),
                style->font_size * 2.0) * 0.6;
  cairo_new_path (cr);
  if (sweep >= 0)
    cairo_arc (cr, wx[1], wy[1], radius, a0, a0 + sweep);
  else
    cairo_arc_negative (cr, wx[1], wy[1], radius, a0, a0 + sweep);
  stroke_outlined (cr, style, style->stroke, MAX (1.0, style->line_width - 1.0));

  bis_x = cos (a0 + sweep / 2.0);
  bis_y = sin (a0 + sweep / 2.0);
  len = style->font_size * 1.6;
  text = g_strdup_printf ("%.0f°", degrees);
  draw_label (cr, style, text, wx[1] - bis_x * len, wy[1] - bis_y * len);
}

static void
draw_handles (cairo_t                   *cr,
              const ProprioOverlayStyle *style,
              const double              *wx,
              const double              *wy,
              guint                      n)
{
  double side = style->line_width * 3.0 + 2.0;

  for (guint i = 0; i < n; i++)
    cairo_rectangle (cr, round (wx[i] - side / 2.0), round (wy[i] - side / 2.0), side, side);
  cairo_set_line_width (cr, 2.0);
  set_rgba (cr, style->outline);
  cairo_stroke_preserve (cr);
  set_rgba (cr, style->selected);
  cairo_fill (cr);
}

void
proprio_overlay_draw_shape (cairo_t                   *cr,
                            const ProprioOverlayShape *shape,
                            const ProprioOverlayFit   *fit,
                            const ProprioOverlayStyle *style,
                            gboolean                   selected)
{
  double wx[PROPRIO_OVERLAY_MAX_POINTS], wy[PROPRIO_OVERLAY_MAX_POINTS];
  const double *rgba;
  double lw = style->line_width;
  guint n;

  g_return_if_fail (cr != NULL && shape != NULL && fit != NULL && style != NULL);

  n = proprio_overlay_kind_n_points (shape->kind);
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    proprio_overlay_fit_to_widget (fit, shape->p[i], &wx[i], &wy[i]);
  rgba = selected ? style->selected : style->stroke;

  cairo_save (cr);
  cairo_rectangle (cr, fit->x, fit->y, fit->width, fit->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  switch (shape->kind)
    {
    case PROPRIO_OVERLAY_PLUMB:
      cairo_move_to (cr, snap (wx[0], lw), fit->y);
      cairo_line_to (cr, snap (wx[0], lw), fit->y + fit->height);
      break;

    case PROPRIO_OVERLAY_LEVEL:
      cairo_move_to (cr, fit->x, snap (wy[0], lw));
      cairo_line_to (cr, fit->x + fit->width, snap (wy[0], lw));
      break;

    case PROPRIO_OVERLAY_GRID:
      {
        double lines[64];
        guint count;

        /* Thinner than the other lines: a grid is background, the lines drawn on it matter. */
        lw = MAX (1.0, lw - 1.0);
        count = proprio_overlay_grid_lines (shape->p[0].x, shape->p[1].x - shape->p[0].x,
                                            lines, G_N_ELEMENTS (lines));
        for (guint i = 0; i < count; i++)
          {
            double x = snap (fit->x + lines[i] * fit->width, lw);

            cairo_move_to (cr, x, fit->y);
            cairo_line_to (cr, x, fit->y + fit->height);
          }
        count = proprio_overlay_grid_lines (shape->p[0].y, shape->p[1].y - shape->p[0].y,
                                            lines, G_N_ELEMENTS (lines));
        for (guint i = 0; i < count; i++)
          {
            double y = snap (fit->y + lines[i] * fit->height, lw);

            cairo_move_to (cr, fit->x, y);
            cairo_line_to (cr, fit->x + fit->width, y);
          }
      }
      break;

    case PROPRIO_OVERLAY_LINE:
      cairo_move_to (cr, wx[0], wy[0]);
      cairo_line_to (cr, wx[1], wy[1]);
      break;

    case PROPRIO_OVERLAY_CIRCLE:
      cairo_arc (cr, wx[0], wy[0], hypot (wx[1] - wx[0], wy[1] - wy[0]), 0, 2 * G_PI);
      break;

    case PROPRIO_OVERLAY_ANGLE:
      cairo_move_to (cr, wx[0], wy[0]);
      cairo_line_to (cr, wx[1], wy[1]);
      cairo_line_to (cr, wx[2], wy[2]);
      break;

    case PROPRIO_OVERLAY_N_KINDS:
    default:
      g_assert_not_reached ();
    }
  stroke_outlined (cr, style, rgba, lw);

  if (shape->kind == PROPRIO_OVERLAY_ANGLE)
    draw_angle_readout (cr, shape, fit, style, wx, wy);
  if (selected)
    draw_handles (cr, style, wx, wy, n);

  cairo_restore (cr);
}

void
proprio_overlay_draw (ProprioOverlay            *overlay,
                      cairo_t                   *cr,
                      double                     widget_width,
                      double                     widget_height,
                      int                        video_width,
                      int                        video_height,
                      const ProprioOverlayStyle *style)
{
  ProprioOverlayStyle default_style;
  ProprioOverlayFit fit;
  guint n;

  g_return_if_fail (PROPRIO_IS_OVERLAY (overlay));
  g_return_if_fail (cr != NULL);

  if (widget_width <= 0 || widget_height <= 0)
    return;
  proprio_overlay_fit_contain (&fit, video_width, video_height, widget_width, widget_height);
  if (style == NULL)
    {
      proprio_overlay_style_init (&default_style, fit.width, fit.height);
      style = &default_style;
    }

  n = proprio_overlay_get_n_shapes (overlay);
  for (guint i = 0; i < n; i++)
    proprio_overlay_draw_shape (cr, proprio_overlay_get_shape (overlay, i), &fit, style, FALSE);
}
