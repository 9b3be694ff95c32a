/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* Drawing the EMG view on the frame clock. What changes rarely (cards, tracks, ticks, names,
 * warnings, captions) is drawn once into an image, painted each frame in clipped pieces: as its
 * dozens of text and clip nodes it cost GTK 4.8's Cairo renderer 1.6 ms a frame at 1280×720, and
 * as a texture node more (GDK converts textures through floats). Per frame come the zones, the
 * bar fills (in fixed pieces) and the figures (each distinct one made once) as plain GSK nodes,
 * and the strips (proprio-emg-view-strip.c). On screen GTK repaints only what changed between
 * two frames' nodes, so what did not change is given again as the same nodes (see
 * bench/bench-emg-view.c and bench/bench-muscle-page.c). */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proprio-emg-view-private.h"

#define ZONE_EDGE_PX     3.0
#define ZONE_EDGE_HC_PX  4.0

static GdkRGBA
alpha_of (const GdkRGBA *c,
          double         alpha)
{
  return (GdkRGBA) { c->red, c->green, c->blue, c->alpha * alpha };
}

PangoLayout *
_proprio_emg_view_text (GtkWidget   *widget,
                        const char  *text,
                        double       px,
                        PangoWeight  weight)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font =
    pango_font_description_copy (pango_context_get_font_description (
                                   pango_layout_get_context (layout)));

  /* Sizes in pixels, not points: legibility from 2 m is a matter of pixels on the screen. */
  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* `layout` within `box` (centred when align is PANGO_ALIGN_CENTER), one line, ellipsized. */
static void
append_text (GtkSnapshot           *snapshot,
             PangoLayout           *layout,
             const graphene_rect_t *box,
             PangoAlignment         align,
             const GdkRGBA         *color)
{
  int tw, th;

  pango_layout_set_width (layout, (int) (box->size.width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, align);
  pango_layout_get_pixel_size (layout, &tw, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (round (box->origin.x),
                                                round (box->origin.y +
                                                       (box->size.height - th) / 2)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_label (GtkWidget             *widget,
              GtkSnapshot           *snapshot,
              const char            *text,
              double                 px,
              PangoWeight            weight,
              const graphene_rect_t *box,
              PangoAlignment         align,
              const GdkRGBA         *color)
{
  g_autoptr(PangoLayout) layout = _proprio_emg_view_text (widget, text, px, weight);

  append_text (snapshot, layout, box, align, color);
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *box,
                double                 radius,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, box, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, box);
  gtk_snapshot_pop (snapshot);
}

double
_proprio_emg_view_nice_step (double x)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double decade = pow (10, floor (log10 (x)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * decade >= x * 0.999)
      return steps[i] * decade;
  return 10 * decade;
}

/* ---- the cached background ---- */

static char *
channel_name (ProprioEmgView *self,
              guint           channel)
{
  const char *name = self->channels[channel].name;

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  /* Translators: a channel of an EMG sleeve the page has not named */
  return g_strdup_printf (_("Channel %u"), channel + 1);
}

static void
background_ticks (ProprioEmgView      *self,
                  GtkSnapshot         *snapshot,
                  const EmgCellLayout *cell,
                  double               scale,
                  const EmgViewColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA label = alpha_of (&colors->fg, 0.8);
  double step = _proprio_emg_view_nice_step (scale / 4);

  for (double v = 0; v <= scale * 1.0001; v += step)
    {
      double y = round (_proprio_emg_view_value_to_y (cell, scale, v));
      char text[32];

      gtk_snapshot_append_color (snapshot, &colors->grid,
                                 &GRAPHENE_RECT_INIT (cell->bar.origin.x - 4, y - 0.5,
                                                      cell->bar.size.width + 4, 1));
      g_snprintf (text, sizeof text, "%g", v);
      append_label (widget, snapshot, text, EMG_VIEW_TICK_PX, PANGO_WEIGHT_NORMAL,
                    &GRAPHENE_RECT_INIT (cell->cell.origin.x + 4, y - 10,
                                         cell->bar.origin.x - cell->cell.origin.x - 12, 20),
                    PANGO_ALIGN_RIGHT, &label);
    }
}

static void
background_cell (ProprioEmgView      *self,
                 GtkSnapshot         *snapshot,
                 const EmgViewLayout *layout,
                 const EmgCellLayout *cell,
                 double               scale,
                 const EmgViewColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const EmgChannel *c = &self->channels[cell->channel];
  g_autofree char *name = channel_name (self, cell->channel);
  GdkRGBA caption = alpha_of (&colors->fg, 0.75);

  if (!layout->compact)
    {
      graphene_rect_t card;

      graphene_rect_inset_r (&cell->cell, 4, 4, &card);
      append_rounded (snapshot, &card, 12, &colors->card);
    }
  append_rounded (snapshot, &cell->bar, layout->compact ? 3 : 6, &colors->track);
  if (!layout->compact)
    {
      background_ticks (self, snapshot, cell, scale, colors);
      /* The scale's unit over its labels: the figure may have no room for it. */
      append_label (widget, snapshot, _proprio_emg_view_unit (self, cell->channel),
                    EMG_VIEW_TICK_PX, PANGO_WEIGHT_BOLD,
                    &GRAPHENE_RECT_INIT (cell->cell.origin.x + 4, cell->bar.origin.y - 28,
                                         cell->bar.origin.x - cell->cell.origin.x - 4, 16),
                    PANGO_ALIGN_RIGHT, &caption);
    }

  /* The name in the channel's colour would fail on some colours from 2 m: the foreground, with a
   * swatch of the colour under it. */
  append_label (widget, snapshot, name, cell->name_px, PANGO_WEIGHT_BOLD, &cell->name,
                PANGO_ALIGN_CENTER, &colors->fg);
  if (!layout->compact)
    append_rounded (snapshot,
                    &GRAPHENE_RECT_INIT (cell->name.origin.x + cell->name.size.width / 2 - 24,
                                         cell->name.origin.y + cell->name.size.height + 2, 48, 5),
                    2, &c->color);

  if (c->warning != NULL && cell->warning.size.height > 0)
    {
      g_autoptr(PangoLayout) text = _proprio_emg_view_text (widget, c->warning, cell->warning_px,
                                                            PANGO_WEIGHT_BOLD);

      /* Up to three lines, then cut (the tooltip has it whole). */
      pango_layout_set_width (text, (int) (cell->warning.size.width * PANGO_SCALE));
      pango_layout_set_height (text, -3);
      pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (cell->warning.origin.x),
                                                              round (cell->warning.origin.y)));
      gtk_snapshot_append_layout (snapshot, text, &colors->warning);
      gtk_snapshot_restore (snapshot);
    }

  if (cell->strip.size.height > 0)
    {
      g_autofree char *text = NULL;

      append_rounded (snapshot, &cell->strip, 4, &colors->card);
      /* Translators: the caption of the strip with the envelope of the last seconds */
      text = g_strdup_printf (_("Last %.0f s"), self->history_s);
      append_label (widget, snapshot, text, EMG_VIEW_TICK_PX, PANGO_WEIGHT_NORMAL,
                    &GRAPHENE_RECT_INIT (cell->strip.origin.x + 2, cell->strip.origin.y - 17,
                                         cell->strip.size.width - 4, 16),
                    PANGO_ALIGN_LEFT, &caption);
    }
  if (cell->raw.size.height > 0)
    {
      append_rounded (snapshot, &cell->raw, 4, &colors->card);
      gtk_snapshot_append_color (snapshot, &colors->grid,
                                 &GRAPHENE_RECT_INIT (cell->raw.origin.x,
                                                      round (cell->raw.origin.y +
                                                             cell->raw.size.height / 2) - 0.5,
                                                      cell->raw.size.width, 1));
      append_label (widget, snapshot, C_("EMG signal", "Raw"), EMG_VIEW_TICK_PX,
                    PANGO_WEIGHT_NORMAL,
                    &GRAPHENE_RECT_INIT (cell->raw.origin.x + 2, cell->raw.origin.y - 17,
                                         cell->raw.size.width - 4, 16),
                    PANGO_ALIGN_LEFT, &caption);
    }
}

static void
background_pair (ProprioEmgView      *self,
                 GtkSnapshot         *snapshot,
                 const EmgViewLayout *layout,
                 const EmgViewColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const graphene_rect_t *p = &layout->pair_panel;
  double px = layout->pair_px, caption_px = MAX (EMG_VIEW_TEXT_MIN_PX, px * 0.4);
  g_autofree char *a = channel_name (self, self->pair_a);
  g_autofree char *b = channel_name (self, self->pair_b);
  g_autofree char *names = g_strdup_printf ("%s ÷ %s", a, b);
  GdkRGBA caption = alpha_of (&colors->fg, 0.8);
  double y = p->origin.y + p->size.height * 0.2;

  append_label (widget, snapshot, _("Ratio"), caption_px, PANGO_WEIGHT_BOLD,
                &GRAPHENE_RECT_INIT (p->origin.x, y, p->size.width, caption_px * 1.3),
                PANGO_ALIGN_CENTER, &colors->fg);
  y += caption_px * 1.3 + px * 1.3;
  append_label (widget, snapshot, names, EMG_VIEW_TICK_PX + 3, PANGO_WEIGHT_NORMAL,
                &GRAPHENE_RECT_INIT (p->origin.x + 4, y, p->size.width - 8, 22),
                PANGO_ALIGN_CENTER, &caption);
  y = p->origin.y + p->size.height * 0.55;
  /* Translators: the symmetry index 100 · (a − b) / (a + b) of two muscles */
  append_label (widget, snapshot, _("Symmetry"), caption_px, PANGO_WEIGHT_BOLD,
                &GRAPHENE_RECT_INIT (p->origin.x, y, p->size.width, caption_px * 1.3),
                PANGO_ALIGN_CENTER, &colors->fg);
}

/* Cut positions of the background's pieces along one axis: sorted, unique, within [0, size]. */
static guint
add_cut (double *cuts,
         guint   n,
         guint   max,
         double  at,
         int     size)
{
  double v = CLAMP (round (at), 0, size);

  for (guint i = 0; i < n; i++)
    if (cuts[i] == v)
      return n;
  if (n < max)
    cuts[n++] = v;
  return n;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

#define MAX_CUTS 40

/* The node's pixels, once: drawn again each frame, dozens of text and clip nodes cost more
 * than painting their picture. The picture goes in pieces that tile the view (cut at the cells'
 * edges and above and below the bars), each a clip node over a Cairo node of the same image:
 * GTK 4.8's Cairo renderer replays a Cairo node into a scratch image as large as the node within
 * the bounding box of the frame's damage, which spans the view when a figure at the top and a
 * strip at the bottom change; clipped to its piece, a node replays only the damage within it, and
 * a piece with no damage is skipped. */
static GskRenderNode *
flatten (GskRenderNode       *node,
         const EmgViewLayout *layout,
         int                  scale)
{
  int width = layout->width, height = layout->height;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale,
                                                         height * scale);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  double xs[MAX_CUTS], ys[MAX_CUTS];
  guint nx = 0, ny = 0;
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  gsk_render_node_unref (node);
  cairo_surface_set_device_scale (surface, scale, scale);

  nx = add_cut (xs, nx, MAX_CUTS, 0, width);
  nx = add_cut (xs, nx, MAX_CUTS, width, width);
  ny = add_cut (ys, ny, MAX_CUTS, 0, height);
  ny = add_cut (ys, ny, MAX_CUTS, height, height);
  /* The compact inset is small and changes all over at once: one piece (each costs a replay). */
  for (guint i = 0; i < layout->n_cells && !layout->compact; i++)
    {
      const EmgCellLayout *c = &layout->cells[i];

      nx = add_cut (xs, nx, MAX_CUTS, c->cell.origin.x, width);
      nx = add_cut (xs, nx, MAX_CUTS, c->cell.origin.x + c->cell.size.width, width);
      ny = add_cut (ys, ny, MAX_CUTS, c->cell.origin.y, height);
      ny = add_cut (ys, ny, MAX_CUTS, c->cell.origin.y + c->cell.size.height, height);
      /* The figure above the bar; the bar with its zone grips; the strips below. */
      ny = add_cut (ys, ny, MAX_CUTS, c->bar.origin.y - 8, height);
      ny = add_cut (ys, ny, MAX_CUTS, c->bar.origin.y + c->bar.size.height + 8, height);
    }
  qsort (xs, nx, sizeof xs[0], compare_double);
  qsort (ys, ny, sizeof ys[0], compare_double);

  for (guint j = 0; j + 1 < ny; j++)
    for (guint i = 0; i + 1 < nx; i++)
      {
        graphene_rect_t piece = GRAPHENE_RECT_INIT (xs[i], ys[j], xs[i + 1] - xs[i],
                                                    ys[j + 1] - ys[j]);
        GtkSnapshot *part = gtk_snapshot_new ();
        GskRenderNode *image, *clipped;

        cr = gtk_snapshot_append_cairo (part, &piece);
        cairo_set_source_surface (cr, surface, 0, 0);
        cairo_paint (cr);
        cairo_destroy (cr);
        image = gtk_snapshot_free_to_node (part);
        /* Made by hand: a snapshot drops a clip that holds its child's bounds. */
        clipped = gsk_clip_node_new (image, &piece);
        gsk_render_node_unref (image);
        gtk_snapshot_append_node (snapshot, clipped);
        gsk_render_node_unref (clipped);
      }
  cairo_surface_destroy (surface);
  return gtk_snapshot_free_to_node (snapshot);
}

static GskRenderNode *
build_background (ProprioEmgView      *self,
                  const EmgViewLayout *layout,
                  const EmgViewState  *state,
                  const EmgViewColors *colors)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  /* Compact sits on its host's card (the Mirror inset); the full view paints its own page. */
  if (!layout->compact)
    gtk_snapshot_append_color (snapshot, &colors->bg,
                               &GRAPHENE_RECT_INIT (0, 0, layout->width, layout->height));
  for (guint i = 0; i < layout->n_cells; i++)
    background_cell (self, snapshot, layout, &layout->cells[i],
                     state->scale[layout->cells[i].channel], colors);
  if (layout->pair)
    background_pair (self, snapshot, layout, colors);
  return flatten (gtk_snapshot_free_to_node (snapshot), layout,
                  gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

/* ---- per frame ---- */

static void
draw_zone (ProprioEmgView      *self,
           GtkSnapshot         *snapshot,
           const EmgCellLayout *cell,
           double               scale,
           const EmgViewColors *colors,
           gboolean             behind)
{
  const EmgChannel *c = &self->channels[cell->channel];
  double x = cell->bar.origin.x - EMG_VIEW_ZONE_OVERHANG_PX;
  double w = cell->bar.size.width + 2 * EMG_VIEW_ZONE_OVERHANG_PX;
  double y_top = _proprio_emg_view_value_to_y (cell, scale, c->upper);
  double y_bottom = _proprio_emg_view_value_to_y (cell, scale, c->lower);
  double edge = colors->high_contrast ? ZONE_EDGE_HC_PX : ZONE_EDGE_PX;

  if (c->zone_kind == PROPRIO_EMG_ZONE_NONE)
    return;
  if (behind)
    {
      /* Under the fill, so the bar's colour stays true; it shows beside the bar. */
      gtk_snapshot_append_color (snapshot, &colors->zone_fill,
                                 &GRAPHENE_RECT_INIT (x, y_top, w, y_bottom - y_top));
      return;
    }
  gtk_snapshot_append_color (snapshot, &colors->zone_edge,
                             &GRAPHENE_RECT_INIT (x, round (y_top - edge / 2), w, edge));
  if (c->zone_kind == PROPRIO_EMG_ZONE_BAND)
    gtk_snapshot_append_color (snapshot, &colors->zone_edge,
                               &GRAPHENE_RECT_INIT (x, round (y_bottom - edge / 2), w, edge));
  if (self->editable && !self->compact)
    {
      /* Grips at the right end say that the edges move. */
      append_rounded (snapshot, &GRAPHENE_RECT_INIT (x + w - 4, round (y_top) - 6, 14, 12), 4,
                      &colors->zone_edge);
      if (c->zone_kind == PROPRIO_EMG_ZONE_BAND)
        append_rounded (snapshot, &GRAPHENE_RECT_INIT (x + w - 4, round (y_bottom) - 6, 14, 12),
                        4, &colors->zone_edge);
    }
}

static GdkRGBA
fill_color (ProprioEmgView      *self,
            guint                channel,
            double               value,
            const EmgViewColors *colors)
{
  switch (_proprio_emg_view_zone_state (self, channel, value))
    {
    case EMG_VIEW_IN_ZONE:
      return colors->in_zone;
    case EMG_VIEW_ABOVE:
      return self->channels[channel].zone_kind == PROPRIO_EMG_ZONE_CEILING
             ? colors->above_ceiling : colors->above_band;
    case EMG_VIEW_OUTSIDE:
    default:
      return self->channels[channel].color;
    }
}

/* The bar's fill from `y` down to `bottom`, in pieces cut at fixed whole pixels (every
 * BAR_PIECE_PX from the bottom): the pieces the value did not reach or leave are the same nodes
 * as the last frame's, so GTK's renderer repaints the top piece only, not the whole bar (as one
 * rectangle its every move damaged the whole fill). Whole-pixel cuts leave no seam. */
#define BAR_PIECE_PX 64

static void
append_bar_fill (GtkSnapshot           *snapshot,
                 const graphene_rect_t *bar,
                 double                 y,
                 double                 bottom,
                 const GdkRGBA         *fill)
{
  double base = floor (bottom), lower = bottom;

  for (int i = 1; lower > y; i++)
    {
      double upper = MAX (base - (double) i * BAR_PIECE_PX, y);

      gtk_snapshot_append_color (snapshot, fill,
                                 &GRAPHENE_RECT_INIT (bar->origin.x, upper, bar->size.width,
                                                      lower - upper));
      lower = upper;
    }
}

/* The figure and its unit in one layout, shaped again only when the text changes. */
static PangoLayout *
value_layout (ProprioEmgView      *self,
              PangoLayout        **cache,
              const char          *number,
              const char          *unit,
              double               px)
{
  char text[64];
  PangoAttrList *attrs;
  PangoAttribute *attr;

  g_snprintf (text, sizeof text, unit != NULL && *unit != '\0' ? "%s %s" : "%s", number, unit);
  if (*cache != NULL && strcmp (pango_layout_get_text (*cache), text) == 0)
    return *cache;
  if (*cache == NULL)
    *cache = _proprio_emg_view_text (GTK_WIDGET (self), text, px, PANGO_WEIGHT_HEAVY);
  else
    pango_layout_set_text (*cache, text, -1);
  attrs = pango_attr_list_new ();
  attr = pango_attr_scale_new (0.45);
  attr->start_index = (guint) strlen (number);
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
  attr->start_index = (guint) strlen (number);
  pango_attr_list_insert (attrs, attr);
  pango_layout_set_attributes (*cache, attrs);
  pango_attr_list_unref (attrs);
  return *cache;
}

/* The natural width of a one-line layout, whatever width it was last given. */
static double
text_width (PangoLayout *layout)
{
  PangoRectangle ink, logical;

  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  return logical.width;
}

static void
draw_cell (ProprioEmgView      *self,
           GtkSnapshot         *snapshot,
           const EmgViewLayout *layout,
           const EmgCellLayout *cell,
           const EmgViewState  *state,
           const EmgViewColors *colors)
{
  guint ch = cell->channel;
  double v = state->value[ch], scale = state->scale[ch];
  char number[16];
  PangoLayout *text;
  GskRenderNode *figure = NULL;

  draw_zone (self, snapshot, cell, scale, colors, TRUE);
  if (isfinite (v) && v > 0)
    {
      double y = _proprio_emg_view_value_to_y (cell, scale, v);
      double bottom = cell->bar.origin.y + cell->bar.size.height;
      GdkRGBA fill = fill_color (self, ch, v, colors);
      GskRoundedRect track;

      gsk_rounded_rect_init_from_rect (&track, &cell->bar, layout->compact ? 3 : 6);
      gtk_snapshot_push_rounded_clip (snapshot, &track);
      append_bar_fill (snapshot, &cell->bar, y, bottom, &fill);
      gtk_snapshot_pop (snapshot);
    }
  draw_zone (self, snapshot, cell, scale, colors, FALSE);

  _proprio_emg_view_format_value (v, number, sizeof number);
  if (self->value_text[ch] == NULL)
    {
      /* Once per layout: does the widest figure fit with its unit? In a narrow cell the figure
       * goes alone, large: the full view has the unit over the scale; the compact inset, eight
       * bars in a corner, is a glance at the bars (the Muscle page has the numbers). */
      PangoLayout *probe = NULL;

      value_layout (self, &probe, "888", _proprio_emg_view_unit (self, ch), cell->value_px);
      self->unit_fits[ch] = text_width (probe) <= cell->value.size.width;
      g_object_unref (probe);
    }
  for (guint i = 0; i < EMG_VIEW_FIGURE_CACHE && figure == NULL; i++)
    if (self->figures[ch][i].node != NULL && strcmp (self->figures[ch][i].text, number) == 0)
      figure = self->figures[ch][i].node;
  if (figure == NULL)
    {
      EmgFigureNode *slot = &self->figures[ch][self->figures_next[ch]];
      GtkSnapshot *part = gtk_snapshot_new ();

      self->figures_next[ch] = (self->figures_next[ch] + 1) % EMG_VIEW_FIGURE_CACHE;
      text = value_layout (self, &self->value_text[ch], number,
                           self->unit_fits[ch] ? _proprio_emg_view_unit (self, ch) : NULL,
                           cell->value_px);
      append_text (part, text, &cell->value, PANGO_ALIGN_CENTER, &colors->fg);
      g_clear_pointer (&slot->node, gsk_render_node_unref);
      slot->node = gtk_snapshot_free_to_node (part);
      g_strlcpy (slot->text, number, sizeof slot->text);
      figure = slot->node;
    }
  if (figure != NULL)
    gtk_snapshot_append_node (snapshot, figure);

  if (layout->strip_width > 0 && cell->strip.size.height > 0)
    _proprio_emg_view_draw_strip (self, snapshot, layout, cell, state, colors);
}

static void
draw_pair (ProprioEmgView      *self,
           GtkSnapshot         *snapshot,
           const EmgViewLayout *layout,
           const EmgViewState  *state,
           const EmgViewColors *colors)
{
  const graphene_rect_t *p = &layout->pair_panel;
  double px = layout->pair_px, caption_px = MAX (EMG_VIEW_TEXT_MIN_PX, px * 0.4);
  char ratio[16], symmetry[16];

  _proprio_emg_view_format_pair (state->ratio, state->symmetry, ratio, symmetry, sizeof ratio);
  append_text (snapshot, value_layout (self, &self->pair_text[0], ratio, NULL, px),
               &GRAPHENE_RECT_INIT (p->origin.x, p->origin.y + p->size.height * 0.2 +
                                    caption_px * 1.3, p->size.width, px * 1.3),
               PANGO_ALIGN_CENTER, &colors->fg);
  append_text (snapshot, value_layout (self, &self->pair_text[1], symmetry, NULL, px),
               &GRAPHENE_RECT_INIT (p->origin.x, p->origin.y + p->size.height * 0.55 +
                                    caption_px * 1.3, p->size.width, px * 1.3),
               PANGO_ALIGN_CENTER, &colors->fg);
}

static void
draw_hint (ProprioEmgView      *self,
           GtkSnapshot         *snapshot,
           const EmgViewLayout *layout,
           const EmgViewColors *colors)
{
  double px = self->compact ? EMG_VIEW_COMPACT_TEXT_MIN_PX + 2 : EMG_VIEW_TEXT_MIN_PX;
  g_autoptr(PangoLayout) text = _proprio_emg_view_text (GTK_WIDGET (self), self->hint, px,
                                                        PANGO_WEIGHT_BOLD);
  GdkRGBA pill = colors->dark ? (GdkRGBA) { 0, 0, 0, 0.8 } : (GdkRGBA) { 1, 1, 1, 0.92 };
  double max_w = MAX (layout->width - 24, 40);
  int tw, th;
  double x, y;

  pango_layout_set_width (text, (int) (max_w * PANGO_SCALE));
  pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (text, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (text, &tw, &th);
  x = round ((layout->width - max_w) / 2);
  y = round ((layout->height - th) / 2);
  append_rounded (snapshot,
                  &GRAPHENE_RECT_INIT ((layout->width - tw) / 2.0 - 12, y - 6, tw + 24, th + 12),
                  MIN ((th + 12) / 2.0, 20), &pill);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, text, &colors->fg);
  gtk_snapshot_restore (snapshot);
}

void
_proprio_emg_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (widget);
  const EmgViewLayout *layout = _proprio_emg_view_get_layout (self);
  gboolean rebuild;
  EmgViewColors colors;
  EmgViewState state;

  if (layout->width <= 0 || layout->height <= 0)
    return;
  _proprio_emg_view_get_colors (self, &colors);
  _proprio_emg_view_compute_state (self, &state);

  rebuild = self->background == NULL || !gdk_rgba_equal (&colors.fg, &self->background_fg);
  for (guint i = 0; i < layout->n_cells && !rebuild; i++)
    rebuild = self->background_scale[layout->cells[i].channel] !=
              state.scale[layout->cells[i].channel];
  if (rebuild)
    {
      /* The kept strips and figures are drawn in the foreground colour too. */
      if (!gdk_rgba_equal (&colors.fg, &self->background_fg))
        _proprio_emg_view_clear_strip_nodes (self);
      g_clear_pointer (&self->background, gsk_render_node_unref);
      self->background = build_background (self, layout, &state, &colors);
      self->background_fg = colors.fg;
      memcpy (self->background_scale, state.scale, sizeof self->background_scale);
    }
  if (self->background != NULL)
    gtk_snapshot_append_node (snapshot, self->background);

  for (guint i = 0; i < layout->n_cells; i++)
    draw_cell (self, snapshot, layout, &layout->cells[i], &state, &colors);
  if (layout->pair)
    draw_pair (self, snapshot, layout, &state, &colors);
  if (self->hint != NULL)
    draw_hint (self, snapshot, layout, &colors);
}
