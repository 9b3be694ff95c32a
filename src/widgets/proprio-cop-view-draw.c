/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-view"

/* Per-frame drawing of the CoP view, on the frame clock. The board comes as a cached node
 * (proprio-cop-view-background.c); the trace and the ellipse are nodes kept while they do not change
 * (proprio-cop-view-nodes.c). Targets are Cairo nodes bounded by what they cover, because a
 * widget-sized Cairo node costs a widget-sized surface every frame; the dot, bars and text are
 * plain GSK nodes. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/proprio-sway.h"
#include "proprio-cop-view-private.h"
#include "proprio-panel-cache.h"
#include "proprio-palette.h"

#define RING_WIDTH_PX  2.0

void
proprio_cop_view_get_colors (ProprioCopView *self,
                             CopViewColors  *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean dark;

  if (self->transparent)
    {
      /* Over video the style's colours mean nothing: white on a dark scrim reads on any frame. */
      colors->fg = (GdkRGBA) { 1, 1, 1, 1 };
      colors->view_bg = (GdkRGBA) { 0, 0, 0, 0 };
      colors->ring = (GdkRGBA) { 1, 1, 1, 1 };
      return;
    }

  gtk_style_context_get_color (context, &colors->fg);
  /* The style's own view colour (high contrast, a recoloured theme); without one, a light
   * foreground means a dark style. */
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &colors->view_bg))
    {
      dark = 0.2126 * colors->fg.red + 0.7152 * colors->fg.green + 0.0722 * colors->fg.blue > 0.5;
      if (dark)
        colors->view_bg = (GdkRGBA) { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0, 1 };
      else
        colors->view_bg = (GdkRGBA) { 1, 1, 1, 1 };
    }
  colors->ring = colors->view_bg;
}

PangoLayout *
proprio_cop_view_text_layout (GtkWidget       *widget,
                              const char      *text,
                              CopViewTextSize  size)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs;

  if (size == COP_VIEW_TEXT_NORMAL)
    return layout;
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (size == COP_VIEW_TEXT_LARGE
                                                       ? COP_VIEW_LARGE_SCALE
                                                       : COP_VIEW_LABEL_SCALE));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static CopViewCachedText *
cached_text (ProprioCopView  *self,
             const char      *text,
             CopViewTextSize  size)
{
  CopViewCachedText *slot = &self->text_cache[0];

  self->text_clock++;
  for (guint i = 0; i < COP_VIEW_TEXT_CACHE; i++)
    {
      CopViewCachedText *c = &self->text_cache[i];

      if (c->layout != NULL && c->size == size && strcmp (c->text, text) == 0)
        {
          c->used = self->text_clock;
          return c;
        }
      if (c->used < slot->used)
        slot = c;            /* the least recently drawn, or an empty slot */
    }
  g_clear_object (&slot->layout);
  g_clear_pointer (&slot->node, gsk_render_node_unref);
  g_free (slot->text);
  slot->text = g_strdup (text);
  slot->size = size;
  slot->layout = proprio_cop_view_text_layout (GTK_WIDGET (self), text, size);
  slot->used = self->text_clock;
  return slot;
}

PangoLayout *
proprio_cop_view_cached_layout (ProprioCopView  *self,
                                const char      *text,
                                CopViewTextSize  size)
{
  return cached_text (self, text, size)->layout;
}

GskRenderNode *
proprio_cop_view_cached_text_node (ProprioCopView   *self,
                                   const char       *text,
                                   CopViewTextSize   size,
                                   const GdkRGBA    *color,
                                   PangoLayout     **layout)
{
  CopViewCachedText *slot = cached_text (self, text, size);

  if (slot->node == NULL || !gdk_rgba_equal (&slot->node_color, color))
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      g_clear_pointer (&slot->node, gsk_render_node_unref);
      gtk_snapshot_append_layout (snapshot, slot->layout, color);
      slot->node = gtk_snapshot_free_to_node (snapshot);
      slot->node_color = *color;
    }
  *layout = slot->layout;
  return slot->node;
}

void
proprio_cop_view_clear_text_cache (ProprioCopView *self)
{
  for (guint i = 0; i < COP_VIEW_TEXT_CACHE; i++)
    {
      g_clear_object (&self->text_cache[i].layout);
      g_clear_pointer (&self->text_cache[i].node, gsk_render_node_unref);
      g_clear_pointer (&self->text_cache[i].text, g_free);
      self->text_cache[i].used = 0;
    }
}

double
proprio_cop_view_scale_bar_mm (double px_per_mm)
{
  static const double steps[] = { 1, 2, 5 };
  double decade = 0.001;

  g_return_val_if_fail (px_per_mm > 0, 10);

  /* The shortest round length that is at least 60 px; at most 150 px by construction. */
  for (guint n = 0; n < 30; n++, decade *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (steps[i] * decade * px_per_mm >= 60)
        return steps[i] * decade;
  return 1000;
}

void
proprio_cop_view_place_text (PangoLayout           *layout,
                             double                 x,
                             double                 y,
                             double                 ax,
                             double                 ay,
                             const graphene_rect_t *within,
                             double                *px,
                             double                *py)
{
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  *px = x - ax * tw;
  *py = y - ay * th;
  if (within != NULL && tw <= within->size.width)
    *px = CLAMP (*px, within->origin.x, within->origin.x + within->size.width - tw);
  if (within != NULL && th <= within->size.height)
    *py = CLAMP (*py, within->origin.y, within->origin.y + within->size.height - th);
  *px = round (*px);
  *py = round (*py);
}

static void
snapshot_text (GtkWidget       *widget,
               GtkSnapshot     *snapshot,
               const char      *text,
               CopViewTextSize  size,
               const GdkRGBA   *color,
               double           x,
               double           y,
               double           ax,
               double           ay)
{
  PangoLayout *layout;
  GskRenderNode *node = proprio_cop_view_cached_text_node (PROPRIO_COP_VIEW (widget), text, size,
                                                           color, &layout);
  double px, py;

  proprio_cop_view_place_text (layout, x, y, ax, ay, NULL, &px, &py);
  if (node == NULL)
    return;                  /* nothing to draw: an empty text */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (px, py));
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_restore (snapshot);
}

/* A colour by its meaning, in the chosen palette (proprio-palette.h): a light foreground means a
 * dark view, and over video the view is on a dark scrim. */
static guint32
pick (ProprioCopView     *self,
      ProprioPaletteRole  role,
      guint32             standard)
{
  GdkRGBA fg;
  gboolean dark;

  if (proprio_palette_get_kind () == PROPRIO_PALETTE_STANDARD)
    return standard;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  dark = self->transparent || 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  return proprio_palette_pick (role, standard, dark);
}

static GdkRGBA
hex_rgba (guint32 rgb,
          double  alpha)
{
  return (GdkRGBA) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                     (rgb & 0xff) / 255.0, alpha };
}

static GdkRGBA
fg_rgba (const CopViewColors *colors,
         double               alpha)
{
  GdkRGBA c = colors->fg;

  c.alpha *= alpha;
  return c;
}

static void
snapshot_rounded (GtkSnapshot           *snapshot,
                  const graphene_rect_t *rect,
                  double                 radius,
                  const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}


/* A Cairo context for the part of `area` that `want` covers, or NULL when that is empty. */
static cairo_t *
bounded_cairo (GtkSnapshot           *snapshot,
               const graphene_rect_t *area,
               const graphene_rect_t *want)
{
  graphene_rect_t bounds;

  if (!graphene_rect_intersection (area, want, &bounds) ||
      bounds.size.width < 1 || bounds.size.height < 1)
    return NULL;
  return gtk_snapshot_append_cairo (snapshot, &bounds);
}

static void
draw_targets (ProprioCopView      *self,
              GtkSnapshot         *snapshot,
              const CopViewLayout *layout,
              const CopViewColors *colors)
{
  static const double dash[] = { 6, 4 };
  GtkWidget *widget = GTK_WIDGET (self);

  for (guint i = 0; i < self->targets->len; i++)
    {
      const ProprioTarget *t = &g_array_index (self->targets, ProprioTarget, i);
      double wx, wy, r = MAX (t->radius_mm * layout->scale, 3);
      char number[16];
      GdkRGBA ink;
      cairo_t *cr;

      cop_view_to_widget (layout, t->x_mm, t->y_mm, &wx, &wy);
      cr = bounded_cairo (snapshot, &layout->area,
                          &GRAPHENE_RECT_INIT (wx - r - 4, wy - r - 4, 2 * r + 8, 2 * r + 8));
      if (cr == NULL)
        continue;
      cairo_arc (cr, wx, wy, r, 0, 2 * G_PI);

      switch (t->state)
        {
        case PROPRIO_TARGET_ACTIVE:
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3), 0.22);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, TARGET_LINE_PX + 1);
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3), 1);
          cairo_stroke (cr);
          break;

        case PROPRIO_TARGET_DWELLING:
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3), 0.22);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, TARGET_LINE_PX);
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3), 0.6);
          cairo_stroke (cr);
          /* Dwell progress runs clockwise from the top, like a clock. */
          cairo_arc (cr, wx, wy, r, -G_PI / 2,
                     -G_PI / 2 + 2 * G_PI * CLAMP (t->progress, 0.0, 1.0));
          cairo_set_line_width (cr, TARGET_LINE_PX + 4);
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_GOOD, COP_VIEW_GREEN_4), 1);
          cairo_stroke (cr);
          break;

        case PROPRIO_TARGET_HIT:
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_GOOD, COP_VIEW_GREEN_4), 0.45);
          cairo_fill_preserve (cr);
          cairo_set_line_width (cr, TARGET_LINE_PX);
          cop_view_set_hex (cr, pick (self, PROPRIO_PALETTE_GOOD, COP_VIEW_GREEN_4), 1);
          cairo_stroke (cr);
          break;

        case PROPRIO_TARGET_MISSED:
          cop_view_set_fg (cr, colors, 0.06);
          cairo_fill_preserve (cr);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_set_line_width (cr, TARGET_LINE_PX - 1);
          cop_view_set_fg (cr, colors, 0.35);
          cairo_stroke (cr);
          break;

        case PROPRIO_TARGET_IDLE:
        default:
          cairo_set_line_width (cr, TARGET_LINE_PX - 1);
          cop_view_set_fg (cr, colors, 0.6);
          cairo_stroke (cr);
          break;
        }
      cairo_destroy (cr);

      /* The number the therapist calls out ("go to three"), when the target has room for it. */
      if (r < 12)
        continue;
      g_snprintf (number, sizeof number, "%u", i + 1);
      ink = t->state == PROPRIO_TARGET_MISSED ? fg_rgba (colors, 0.6) : fg_rgba (colors, 0.9);
      snapshot_text (widget, snapshot, number, COP_VIEW_TEXT_LARGE, &ink, wx, wy, 0.5, 0.5);
    }
}

/* After this many additions and removals the sums are made again from the window's points, so
 * rounding cannot build up over a long session (a pass costs what a few frames of updates do). */
#define MOMENTS_REFRESH_UPDATES 200000

static void
moments_point (ProprioCopView *self,
               guint64         seq,
               gboolean        add)
{
  guint index = (guint) (seq - proprio_cop_trail_get_first_seq (self->trail));
  const ProprioCopPoint *p = proprio_cop_trail_get (self->trail, index);

  if (!(p->flags & PROPRIO_SAMPLE_HAS_COP) || !isfinite (p->x_mm) || !isfinite (p->y_mm))
    return;
  if (add)
    proprio_sway_moments_add (&self->moments, p->x_mm, p->y_mm);
  else
    proprio_sway_moments_remove (&self->moments, p->x_mm, p->y_mm);
}

/* The 95 % ellipse of the window's points, from running sums: new points are added and those
 * that left are removed, so a frame costs what arrived since the last one, not the 10 000 points
 * of a 10 s window at 1 kHz. The window only moves forward while live; anything else (a replay
 * going back, a clear, points trimmed away) starts the sums again. */
static gboolean
window_ellipse (ProprioCopView       *self,
                const CopViewWindows *windows,
                ProprioEllipse       *out)
{
  guint64 first = proprio_cop_trail_get_first_seq (self->trail);
  guint64 start = first + windows->ellipse_start, end = first + windows->shown_end;

  if (self->moments_start < first || start < self->moments_start || end < self->moments_end ||
      start > self->moments_end || self->moments_updates > MOMENTS_REFRESH_UPDATES)
    {
      proprio_sway_moments_reset (&self->moments);
      self->moments_start = self->moments_end = start;
      self->moments_updates = 0;
    }
  for (guint64 seq = self->moments_end; seq < end; seq++)
    moments_point (self, seq, TRUE);
  for (guint64 seq = self->moments_start; seq < start; seq++)
    moments_point (self, seq, FALSE);
  self->moments_updates += (end - self->moments_end) + (start - self->moments_start);
  self->moments_start = start;
  self->moments_end = end;
  return proprio_sway_moments_ellipse (&self->moments, out);
}

static void
draw_ellipse (ProprioCopView       *self,
              GtkSnapshot          *snapshot,
              const CopViewLayout  *layout,
              const CopViewWindows *windows)
{
  ProprioEllipse e;

  if (!window_ellipse (self, windows, &e))
    return;
  if (!isfinite (e.cx) || !isfinite (e.cy) || !isfinite (e.major) || !isfinite (e.minor) ||
      !isfinite (e.angle_deg) || e.major <= 0)
    return;
  proprio_cop_view_snapshot_ellipse (self, snapshot, layout, &e,
                                     proprio_cop_view_step_time (windows));
}

static const ProprioCopPoint *
latest_shown (ProprioCopView       *self,
              const CopViewWindows *windows)
{
  if (windows->shown_end == 0)
    return NULL;
  return proprio_cop_trail_get (self->trail, windows->shown_end - 1);
}

static void
snapshot_disc (GtkSnapshot   *snapshot,
               double         cx,
               double         cy,
               double         radius,
               const GdkRGBA *color)
{
  graphene_rect_t box = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);

  snapshot_rounded (snapshot, &box, radius, color);
}

/* Mean load fractions over the last moments before the step time (proprio_cop_view_step_time):
 * the bars follow five times a second, together with the trail's fading, so that the frames in
 * between redraw only around the dot. FALSE without load. */
static gboolean
bar_fractions (ProprioCopView       *self,
               const CopViewWindows *windows,
               double               *left,
               double               *front)
{
  guint end = windows->bars_end;
  const ProprioCopPoint *latest = end > 0 ? proprio_cop_trail_get (self->trail, end - 1) : NULL;
  double sum_left = 0, sum_front = 0;
  guint n = 0;

  if (latest == NULL || !(latest->flags & PROPRIO_SAMPLE_HAS_COP))
    return FALSE;

  for (guint i = end; i-- > 0;)
    {
      const ProprioCopPoint *p = proprio_cop_trail_get (self->trail, i);

      if (p->t_us < latest->t_us - COP_VIEW_BARS_WINDOW_US)
        break;
      if (!(p->flags & PROPRIO_SAMPLE_HAS_COP) || !isfinite (p->left_frac) ||
          !isfinite (p->front_frac))
        continue;
      sum_left += p->left_frac;
      sum_front += p->front_frac;
      n++;
    }
  if (n == 0)
    return FALSE;
  *left = CLAMP (sum_left / n, 0.0, 1.0);
  *front = CLAMP (sum_front / n, 0.0, 1.0);
  return TRUE;
}

double
proprio_cop_view_gauge_position (ProprioCopView *self,
                                 gboolean        vertical,
                                 double          left,
                                 double          front)
{
  /* The needle sits where the weight goes, like the dot: toward the side that shows the
   * patient's right as the right share grows, up as the front share grows. */
  if (vertical)
    return 1.0 - front;
  return self->mirrored ? left : 1.0 - left;
}

/* A weight-bearing gauge: a track, the shift from an even split filled from the middle, and a
 * needle at `position` (0 at the start of the bar, 1 at its end). */
static void
snapshot_gauge (GtkSnapshot           *snapshot,
                const graphene_rect_t *bar,
                gboolean               vertical,
                gboolean               have,
                double                 position,
                const CopViewColors   *colors)
{
  GskRoundedRect rounded;
  GdkRGBA track = fg_rgba (colors, 0.12), fill = hex_rgba (COP_VIEW_BLUE_3, 1);
  GdkRGBA light = hex_rgba (COP_VIEW_BLUE_1, 1), needle = fg_rgba (colors, 0.9);
  double length = vertical ? bar->size.height : bar->size.width;
  /* On whole pixels: a share that moved by less is the same node, so nothing is redrawn. */
  double at = round (length * CLAMP (position, 0.0, 1.0)), mid = round (length / 2);
  double from = MIN (at, mid), span = fabs (at - mid);

  gsk_rounded_rect_init_from_rect (&rounded, bar, 4);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, have ? &light : &track, bar);
  if (have)
    {
      if (vertical)
        {
          gtk_snapshot_append_color (snapshot, &fill,
                                     &GRAPHENE_RECT_INIT (bar->origin.x, bar->origin.y + from,
                                                          bar->size.width, span));
          gtk_snapshot_append_color (snapshot, &needle,
                                     &GRAPHENE_RECT_INIT (bar->origin.x, bar->origin.y + at - 2,
                                                          bar->size.width, 4));
        }
      else
        {
          gtk_snapshot_append_color (snapshot, &fill,
                                     &GRAPHENE_RECT_INIT (bar->origin.x + from, bar->origin.y,
                                                          span, bar->size.height));
          gtk_snapshot_append_color (snapshot, &needle,
                                     &GRAPHENE_RECT_INIT (bar->origin.x + at - 2, bar->origin.y,
                                                          4, bar->size.height));
        }
    }
  gtk_snapshot_pop (snapshot);
}

static void
draw_bars (ProprioCopView       *self,
           GtkSnapshot          *snapshot,
           const CopViewLayout  *layout,
           const CopViewColors  *colors,
           const CopViewWindows *windows)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const graphene_rect_t *lr = &layout->lr_bar, *fb = &layout->fb_bar;
  const char *l = C_("board side", "L"), *r = C_("board side", "R");
  GdkRGBA text = fg_rgba (colors, 0.8);
  double left = 0, front = 0;
  gboolean have = bar_fractions (self, windows, &left, &front);
  /* Stack buffers: this runs every frame. */
  char left_text[64], right_text[64], front_text[16], back_text[16];
  double lr_mid = lr->origin.x + lr->size.width / 2, fb_mid = fb->origin.y + fb->size.height / 2;

  snapshot_gauge (snapshot, lr, FALSE, have,
                  proprio_cop_view_gauge_position (self, FALSE, left, front), colors);
  snapshot_gauge (snapshot, fb, TRUE, have,
                  proprio_cop_view_gauge_position (self, TRUE, left, front), colors);

  if (have)
    {
      /* Rounded once, so that the two shares always add up to 100. */
      int left_pct = (int) round (left * 100), front_pct = (int) round (front * 100);

      g_snprintf (left_text, sizeof left_text, "%s %d %%", l, left_pct);
      g_snprintf (right_text, sizeof right_text, "%s %d %%", r, 100 - left_pct);
      g_snprintf (front_text, sizeof front_text, "%d %%", front_pct);
      g_snprintf (back_text, sizeof back_text, "%d %%", 100 - front_pct);
    }
  else
    {
      g_snprintf (left_text, sizeof left_text, "%s –", l);
      g_snprintf (right_text, sizeof right_text, "%s –", r);
      g_strlcpy (front_text, "–", sizeof front_text);
      g_strlcpy (back_text, "–", sizeof back_text);
    }

  /* Notches at 50 %, outside the bars so that they never hide a share. */
  gtk_snapshot_append_color (snapshot, &text,
                             &GRAPHENE_RECT_INIT (lr_mid - 1, lr->origin.y - 4, 2, 4));
  gtk_snapshot_append_color (snapshot, &text,
                             &GRAPHENE_RECT_INIT (lr_mid - 1, lr->origin.y + lr->size.height,
                                                  2, 4));
  gtk_snapshot_append_color (snapshot, &text,
                             &GRAPHENE_RECT_INIT (fb->origin.x - 4, fb_mid - 1, 4, 2));
  gtk_snapshot_append_color (snapshot, &text,
                             &GRAPHENE_RECT_INIT (fb->origin.x + fb->size.width, fb_mid - 1,
                                                  4, 2));

  snapshot_text (widget, snapshot, self->mirrored ? right_text : left_text, COP_VIEW_TEXT_LARGE,
                 &text, lr->origin.x, lr->origin.y + lr->size.height + 6, 0, 0);
  snapshot_text (widget, snapshot, self->mirrored ? left_text : right_text, COP_VIEW_TEXT_LARGE,
                 &text, lr->origin.x + lr->size.width, lr->origin.y + lr->size.height + 6, 1, 0);
  snapshot_text (widget, snapshot, front_text, COP_VIEW_TEXT_LARGE, &text,
                 fb->origin.x + fb->size.width + 6, fb->origin.y, 0, 0);
  snapshot_text (widget, snapshot, back_text, COP_VIEW_TEXT_LARGE, &text,
                 fb->origin.x + fb->size.width + 6, fb->origin.y + fb->size.height, 0, 1);
}

static void
draw_hint (ProprioCopView      *self,
           GtkSnapshot         *snapshot,
           const CopViewLayout *layout,
           const CopViewColors *colors)
{
  g_autoptr(PangoLayout) text = proprio_cop_view_text_layout (GTK_WIDGET (self),
                                                              proprio_cop_view_get_shown_hint (self),
                                                              COP_VIEW_TEXT_LABEL);
  GdkRGBA pill = colors->view_bg, ink = fg_rgba (colors, 0.9);
  int tw, th;
  double x, y;

  pango_layout_get_pixel_size (text, &tw, &th);
  x = round (layout->cx - tw / 2.0);
  y = round (layout->cy - th / 2.0);
  if (self->transparent)
    pill = (GdkRGBA) { 0, 0, 0, 0.6 };
  else
    pill.alpha = 0.9;
  snapshot_rounded (snapshot, &GRAPHENE_RECT_INIT (x - 10, y - 5, tw + 20, th + 10),
                    (th + 10) / 2.0, &pill);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, text, &ink);
  gtk_snapshot_restore (snapshot);
}

/* The nodes a snapshot part holds, in order. */
static void
collect_nodes (GskRenderNode *node,
               GPtrArray     *into)
{
  if (node == NULL)
    return;
  if (gsk_render_node_get_node_type (node) != GSK_CONTAINER_NODE)
    {
      g_ptr_array_add (into, node);
      return;
    }
  for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
    g_ptr_array_add (into, gsk_container_node_get_child (node, i));
}

/* The board, the ellipse and the trail's pieces but the newest, as one picture (the `flatten`
 * property). They are nodes kept across frames, so the same nodes are the same picture: it is
 * drawn again when the trail fades a step or gains a piece, or the ellipse moves, five times a
 * second, while a frame over video costs one paint of it and the newest piece. */
static void
snapshot_flat (ProprioCopView       *self,
               GtkSnapshot          *snapshot,
               const CopViewLayout  *layout,
               const CopViewWindows *windows)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  GskRenderNode *slow, *trail = NULL, *head = NULL;
  GPtrArray *nodes = g_ptr_array_new ();
  GtkSnapshot *part = gtk_snapshot_new ();
  gboolean same;

  gtk_snapshot_append_node (part, self->background);
  if (self->show_feedback && self->show_ellipse)
    draw_ellipse (self, part, layout, windows);
  slow = gtk_snapshot_free_to_node (part);
  collect_nodes (slow, nodes);
  if (self->show_feedback && self->show_trail && self->trail_seconds > 0)
    {
      part = gtk_snapshot_new ();
      proprio_cop_view_snapshot_trail (self, part, layout, windows,
                                       pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3));
      trail = gtk_snapshot_free_to_node (part);
      collect_nodes (trail, nodes);
      /* The newest piece grows every frame: it stays a node of its own. */
      if (trail != NULL)
        head = g_ptr_array_steal_index (nodes, nodes->len - 1);
    }

  same = self->flat_nodes != NULL && self->flat_scale == scale &&
         self->flat_nodes->len == nodes->len &&
         memcmp (self->flat_nodes->pdata, nodes->pdata, nodes->len * sizeof (gpointer)) == 0;
  if (!same && nodes->len > 0)
    {
      GskRenderNode *group = gsk_container_node_new ((GskRenderNode **) nodes->pdata, nodes->len);

      g_clear_pointer (&self->flat_picture, gsk_render_node_unref);
      g_clear_pointer (&self->flat_nodes, g_ptr_array_unref);
      self->flat_picture = proprio_panel_cache_draw_picture (group, scale);
      gsk_render_node_unref (group);
      /* Held, so that no other node can take one of their addresses while compared. */
      self->flat_nodes = g_ptr_array_new_full (nodes->len, (GDestroyNotify) gsk_render_node_unref);
      for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add (self->flat_nodes, gsk_render_node_ref (g_ptr_array_index (nodes, i)));
      self->flat_scale = scale;
      self->flat_drawn++;
    }
  if (nodes->len > 0 && self->flat_picture != NULL)
    gtk_snapshot_append_node (snapshot, self->flat_picture);
  else
    for (guint i = 0; i < nodes->len; i++)
      gtk_snapshot_append_node (snapshot, g_ptr_array_index (nodes, i));
  if (head != NULL)
    gtk_snapshot_append_node (snapshot, head);

  g_ptr_array_unref (nodes);
  g_clear_pointer (&slow, gsk_render_node_unref);
  g_clear_pointer (&trail, gsk_render_node_unref);
}

void
proprio_cop_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  const ProprioCopPoint *latest;
  gboolean has_cop;
  CopViewLayout layout;
  CopViewColors colors;
  CopViewWindows windows;

  if (width <= 0 || height <= 0)
    return;

  proprio_cop_view_compute_layout (self, width, height, &layout);
  proprio_cop_view_get_colors (self, &colors);

  /* The board is an image at the display's scale: a move to a HiDPI monitor draws it again. */
  if (self->background == NULL || self->background_width != width ||
      self->background_height != height || !gdk_rgba_equal (&self->background_fg, &colors.fg) ||
      self->background_scale != gtk_widget_get_scale_factor (widget))
    {
      g_clear_pointer (&self->background, gsk_render_node_unref);
      self->background = proprio_cop_view_build_background (self, &layout, &colors);
      self->background_width = width;
      self->background_height = height;
      self->background_scale = gtk_widget_get_scale_factor (widget);
      self->background_fg = colors.fg;
    }

  proprio_cop_view_compute_windows (self, proprio_cop_view_now (self), &windows);
  latest = latest_shown (self, &windows);
  has_cop = latest != NULL && (latest->flags & PROPRIO_SAMPLE_HAS_COP);

  /* Targets lie between the board and the trail: with any, the view is drawn as usual. */
  if (self->flatten && self->targets->len == 0 && proprio_panel_cache_renders_with_cairo (widget))
    snapshot_flat (self, snapshot, &layout, &windows);
  else
    {
      gtk_snapshot_append_node (snapshot, self->background);
      draw_targets (self, snapshot, &layout, &colors);
      if (self->show_feedback && self->show_ellipse)
        draw_ellipse (self, snapshot, &layout, &windows);
      if (self->show_feedback && self->show_trail && self->trail_seconds > 0)
        proprio_cop_view_snapshot_trail (self, snapshot, &layout, &windows,
                                         pick (self, PROPRIO_PALETTE_TRAIL, COP_VIEW_BLUE_3));
    }
  if (self->show_feedback)
    {
      if (has_cop)
        {
          double wx, wy;

          cop_view_to_widget (&layout, latest->x_mm, latest->y_mm, &wx, &wy);
          if (graphene_rect_contains_point (&layout.area, &GRAPHENE_POINT_INIT (wx, wy)))
            {
              GdkRGBA red = hex_rgba (pick (self, PROPRIO_PALETTE_DOT, COP_VIEW_RED_3), 1);

              double r = self->dot_radius_px;

              /* The ring grows with the dot, so a large dot stands out from the trail too. */
              snapshot_disc (snapshot, wx, wy, r + MAX (RING_WIDTH_PX, r * RING_WIDTH_PX / 7.0),
                             &colors.ring);
              snapshot_disc (snapshot, wx, wy, r, &red);
            }
        }
    }

  if (!has_cop)
    draw_hint (self, snapshot, &layout, &colors);
  if (self->show_bars)
    draw_bars (self, snapshot, &layout, &colors, &windows);
}
