/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-view"

/* The part of the CoP view that rarely changes: the board to scale, its grid, axes and labels and
 * the limits-of-stability polygon, drawn with Cairo into an image once and wrapped in one render
 * node that frames reuse. The same node instance lets the GL renderer keep its rendering; the
 * Cairo renderer blits the image. (A texture would be cheaper for GL but GTK 4.8's Cairo renderer
 * converts it every frame.) */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-cop-view-private.h"

#define BOARD_CORNER_MM 14.0
#define GRID_MM         50

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
cairo_text (GtkWidget             *widget,
            cairo_t               *cr,
            const char            *text,
            double                 x,
            double                 y,
            double                 ax,
            double                 ay,
            const graphene_rect_t *within)
{
  g_autoptr(PangoLayout) layout = proprio_cop_view_text_layout (widget, text, COP_VIEW_TEXT_LABEL);
  double px, py;

  proprio_cop_view_place_text (layout, x, y, ax, ay, within, &px, &py);
  cairo_move_to (cr, px, py);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_grid (ProprioCopView      *self,
           cairo_t             *cr,
           const CopViewLayout *layout,
           const CopViewColors *colors)
{
  double half_w = self->board_width_mm / 2, half_l = self->board_length_mm / 2;
  double wx, wy;

  cairo_set_line_width (cr, 1);
  for (int mm = GRID_MM; mm < half_w; mm += GRID_MM)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        cop_view_to_widget (layout, sign * mm, 0, &wx, &wy);
        /* Half-pixel positions keep 1 px lines sharp. */
        cairo_move_to (cr, floor (wx) + 0.5, layout->cy - half_l * layout->scale);
        cairo_line_to (cr, floor (wx) + 0.5, layout->cy + half_l * layout->scale);
      }
  for (int mm = GRID_MM; mm < half_l; mm += GRID_MM)
    for (int sign = -1; sign <= 1; sign += 2)
      {
        cop_view_to_widget (layout, 0, sign * mm, &wx, &wy);
        cairo_move_to (cr, layout->cx - half_w * layout->scale, floor (wy) + 0.5);
        cairo_line_to (cr, layout->cx + half_w * layout->scale, floor (wy) + 0.5);
      }
  cop_view_set_fg (cr, colors, 0.12);
  cairo_stroke (cr);

  cairo_move_to (cr, floor (layout->cx) + 0.5, layout->cy - half_l * layout->scale);
  cairo_line_to (cr, floor (layout->cx) + 0.5, layout->cy + half_l * layout->scale);
  cairo_move_to (cr, layout->cx - half_w * layout->scale, floor (layout->cy) + 0.5);
  cairo_line_to (cr, layout->cx + half_w * layout->scale, floor (layout->cy) + 0.5);
  cop_view_set_fg (cr, colors, 0.35);
  cairo_stroke (cr);
}

static void
draw_polygon (ProprioCopView      *self,
              cairo_t             *cr,
              const CopViewLayout *layout)
{
  static const double dash[] = { 6, 4 };
  guint n = self->polygon->len / 2;
  const double *xy = (const double *) (gpointer) self->polygon->data;

  if (n < 3)
    return;

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double wx, wy;

      cop_view_to_widget (layout, xy[2 * i], xy[2 * i + 1], &wx, &wy);
      cairo_line_to (cr, wx, wy);
    }
  cairo_close_path (cr);
  cop_view_set_hex (cr, COP_VIEW_GREEN_4, 0.10);
  cairo_fill_preserve (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 2);
  cop_view_set_hex (cr, COP_VIEW_GREEN_4, 0.9);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* A millimetre scale in the board area's bottom-left corner: zoomed in on quiet standing, the
 * grid alone does not say how small the sway is. */
static void
draw_scale_bar (GtkWidget           *widget,
                cairo_t             *cr,
                const CopViewLayout *layout)
{
  double mm = proprio_cop_view_scale_bar_mm (layout->scale);
  double length = mm * layout->scale;
  double x = layout->area.origin.x + 14, y = layout->area.origin.y + layout->area.size.height - 14;
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) label = NULL;
  double px, py;

  if (length > layout->area.size.width / 2)
    return;
  /* Translators: the length of the scale bar on the balance board view */
  text = mm >= 1 ? g_strdup_printf (_("%.0f mm"), mm) : g_strdup_printf (_("%.1f mm"), mm);
  label = proprio_cop_view_text_layout (widget, text, COP_VIEW_TEXT_LABEL);

  cairo_save (cr);
  cairo_set_line_width (cr, 3);
  cairo_move_to (cr, x, y - 8);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x + length, y);
  cairo_line_to (cr, x + length, y - 8);
  cairo_stroke (cr);
  proprio_cop_view_place_text (label, x + length / 2, y - 6, 0.5, 1, NULL, &px, &py);
  cairo_move_to (cr, px, py);
  pango_cairo_show_layout (cr, label);
  cairo_restore (cr);
}

/* Drawn once into an image at the display's scale, then each frame blits it: replaying the
 * board's paths and text costs GTK 4.8's Cairo renderer about 0.3 ms a frame at 800 × 500, a
 * blit of the opaque image a fraction of that. (A GdkTexture would be converted per frame.) */
GskRenderNode *
proprio_cop_view_build_background (ProprioCopView      *self,
                                   const CopViewLayout *layout,
                                   const CopViewColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkSnapshot *snapshot;
  const graphene_rect_t *area = &layout->area;
  double half_w = self->board_width_mm / 2 * layout->scale;
  double half_l = self->board_length_mm / 2 * layout->scale;
  double x0 = layout->cx - half_w, y0 = layout->cy - half_l;
  int scale = MAX (gtk_widget_get_scale_factor (widget), 1);
  gboolean opaque = !self->transparent && colors->view_bg.alpha >= 1.0;
  cairo_surface_t *image;
  cairo_t *cr;

  image = cairo_image_surface_create (opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                      MAX (1, (int) ceil (layout->width * scale)),
                                      MAX (1, (int) ceil (layout->height * scale)));
  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  if (!self->transparent)
    {
      gdk_cairo_set_source_rgba (cr, &colors->view_bg);
      cairo_paint (cr);
    }

  cairo_rectangle (cr, area->origin.x, area->origin.y, area->size.width, area->size.height);
  cairo_clip (cr);

  rounded_rect (cr, x0, y0, 2 * half_w, 2 * half_l, BOARD_CORNER_MM * layout->scale);
  if (self->transparent)
    cairo_set_source_rgba (cr, 0, 0, 0, 0.4);
  else
    cop_view_set_fg (cr, colors, 0.04);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  draw_grid (self, cr, layout, colors);
  cairo_restore (cr);

  rounded_rect (cr, x0, y0, 2 * half_w, 2 * half_l, BOARD_CORNER_MM * layout->scale);
  cairo_set_line_width (cr, 2);
  cop_view_set_fg (cr, colors, 0.7);
  cairo_stroke (cr);

  draw_polygon (self, cr, layout);

  /* Labels name the patient's sides; when mirrored they swap places but are never mirror text. */
  cop_view_set_fg (cr, colors, 0.8);
  cairo_text (widget, cr, _("Front"), layout->cx, y0 - 3, 0.5, 1, area);
  cairo_text (widget, cr, _("Back"), layout->cx, y0 + 2 * half_l + 3, 0.5, 0, area);
  cairo_text (widget, cr, self->mirrored ? C_("board side", "R") : C_("board side", "L"),
              x0 - 7, layout->cy, 1, 0.5, area);
  cairo_text (widget, cr, self->mirrored ? C_("board side", "L") : C_("board side", "R"),
              x0 + 2 * half_w + 7, layout->cy, 0, 0.5, area);

  draw_scale_bar (widget, cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, layout->width, layout->height));
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  return gtk_snapshot_free_to_node (snapshot);
}
