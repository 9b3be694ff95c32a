/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "proprio-pacer-view-private.h"

/* A colour-blind-safe palette (Okabe & Ito): breathing in sky blue, holds orange, breathing out
 * bluish green; going down vermillion, coming up blue. Each is light enough for black numbers
 * and differs from the others in lightness too, and the word always says the phase. */
#define RGB_READY   0xBBBBBB
#define RGB_INHALE  0x56B4E9
#define RGB_HOLD    0xE69F00
#define RGB_EXHALE  0x009E73
#define RGB_DOWN    0xD55E00
#define RGB_UP      0x0072B2

/* The empty breath is this share of the full one: small enough to see the breath, large enough
 * for the count inside. */
#define MIN_RADIUS_SHARE 0.36

typedef struct
{
  GdkRGBA fg;
  GdkRGBA bg;
  gboolean high_contrast;
} Colors;

static GdkRGBA
hex_rgba (guint32 rgb,
          double  alpha)
{
  return (GdkRGBA) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                     (rgb & 0xff) / 255.0, alpha };
}

static void
get_colors (ProprioPacerView *self,
            Colors           *c)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &c->fg);
  c->fg.alpha = 1.0;
  /* The view's own background, opaque whatever is under it (a board, a video). */
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &c->bg))
    {
      gboolean dark = 0.2126 * c->fg.red + 0.7152 * c->fg.green + 0.0722 * c->fg.blue > 0.5;

      c->bg = dark ? hex_rgba (0x1e1e1e, 1.0) : hex_rgba (0xffffff, 1.0);
    }
  c->bg.alpha = 1.0;
  c->high_contrast = adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
}

static guint32
phase_rgb (ProprioPacerPhase phase)
{
  switch (phase)
    {
    case PROPRIO_PACER_PHASE_INHALE:    return RGB_INHALE;
    case PROPRIO_PACER_PHASE_EXHALE:    return RGB_EXHALE;
    case PROPRIO_PACER_PHASE_DOWN:      return RGB_DOWN;
    case PROPRIO_PACER_PHASE_UP:        return RGB_UP;
    case PROPRIO_PACER_PHASE_HOLD_IN:
    case PROPRIO_PACER_PHASE_HOLD_OUT:
    case PROPRIO_PACER_PHASE_HOLD_DOWN:
    case PROPRIO_PACER_PHASE_HOLD_UP:   return RGB_HOLD;
    case PROPRIO_PACER_PHASE_READY:
    case PROPRIO_PACER_PHASE_NONE:
    default:
      return RGB_READY;
    }
}

/* ---- texts ---- */

void
_proprio_pacer_view_clear_texts (ProprioPacerView *self)
{
  for (guint i = 0; i < N_PACER_TEXTS; i++)
    {
      g_clear_object (&self->texts[i].layout);
      g_clear_pointer (&self->texts[i].text, g_free);
    }
}

static PangoLayout *
make_layout (ProprioPacerView *self,
             const char       *text,
             int               px)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoFontDescription *font =
    pango_font_description_copy (pango_context_get_font_description (
                                   gtk_widget_get_pango_context (GTK_WIDGET (self))));

  pango_font_description_set_weight (font, PANGO_WEIGHT_HEAVY);
  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_font_description_free (font);
  return layout;
}

/* `text` at `px`, or smaller so that it fits `max_width`; kept until text or size change. */
static PangoLayout *
text_layout (ProprioPacerView *self,
             PacerText         which,
             const char       *text,
             int               px,
             int               max_width)
{
  PacerLayout *slot = &self->texts[which];
  int width;

  px = MAX (px, 8);
  if (slot->layout != NULL && slot->px == px && g_strcmp0 (slot->text, text) == 0)
    return slot->layout;

  g_clear_object (&slot->layout);
  g_free (slot->text);
  slot->text = g_strdup (text);
  slot->px = px;
  slot->layout = make_layout (self, text, px);
  pango_layout_get_pixel_size (slot->layout, &width, NULL);
  if (width > max_width && max_width > 0)
    {
      g_object_unref (slot->layout);
      slot->layout = make_layout (self, text, MAX (8, px * max_width / width));
    }
  return slot->layout;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         cx,
             double         cy,
             const GdkRGBA *color)
{
  PangoRectangle ink, logical;

  /* Centred on its ink, so a digit sits in the middle of the disc whatever the font's
   * ascent. */
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (cx - (ink.x + ink.width / 2.0)),
                                                          round (cy - (ink.y + ink.height / 2.0))));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* ---- what the words say ---- */

static char *
idle_caption (ProprioPacerView   *self,
              ProprioPacerStatus  status)
{
  const ProprioPacerPreset *preset =
    proprio_pacer_find_preset (proprio_pacer_get_preset (self->pacer));

  if (status == PROPRIO_PACER_DONE)
    return g_strdup (_("Done"));
  if (preset != NULL)
    return g_strdup (_(preset->title));
  return g_strdup (proprio_pacer_get_mode (self->pacer) == PROPRIO_PACER_TEMPO
                   ? _("Custom tempo") : _("Custom breathing"));
}

/* "4 · 7 · 8 s": the timings, for the line under an idle pacer. */
static char *
timings_text (ProprioPacer *pacer)
{
  ProprioPacerPattern p;
  GString *s = g_string_new (NULL);

  proprio_pacer_get_pattern (pacer, &p);
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    {
      if (p.phase_us[i] == 0)
        continue;
      if (s->len > 0)
        g_string_append (s, " · ");
      g_string_append_printf (s, "%g", (double) p.phase_us[i] / G_USEC_PER_SEC);
    }
  /* Translators: after the timings of the pacer's phases, "4 · 7 · 8 s". */
  g_string_append (s, _(" s"));
  return g_string_free (s, FALSE);
}

static char *
sub_text (ProprioPacerView        *self,
          const ProprioPacerState *st)
{
  gboolean tempo = proprio_pacer_get_mode (self->pacer) == PROPRIO_PACER_TEMPO;

  if (st->status != PROPRIO_PACER_RUNNING)
    return timings_text (self->pacer);
  if (st->repetition == 0)
    return g_strdup ("");
  if (st->n_repetitions == 0)
    return g_strdup_printf (tempo ? _("Rep %u") : _("Breath %u"), st->repetition);
  return g_strdup_printf (tempo ? _("Rep %u of %u") : _("Breath %u of %u"), st->repetition,
                          st->n_repetitions);
}

/* ---- the drawing ---- */

static void
append_circle (GtkSnapshot   *snapshot,
               double         cx,
               double         cy,
               double         r,
               const GdkRGBA *fill,
               const GdkRGBA *stroke,
               double         stroke_width)
{
  graphene_rect_t box = GRAPHENE_RECT_INIT (cx - r - stroke_width, cy - r - stroke_width,
                                            2 * (r + stroke_width), 2 * (r + stroke_width));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &box);

  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  if (fill != NULL)
    {
      gdk_cairo_set_source_rgba (cr, fill);
      cairo_fill_preserve (cr);
    }
  if (stroke != NULL)
    {
      gdk_cairo_set_source_rgba (cr, stroke);
      cairo_set_line_width (cr, stroke_width);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
draw_breath (ProprioPacerView        *self,
             GtkSnapshot             *snapshot,
             const Colors            *c,
             const ProprioPacerState *st,
             const graphene_rect_t   *area,
             int                      m)
{
  ProprioPacerViewDrawn *d = &self->drawn;
  GdkRGBA fill = hex_rgba (d->fill_rgb, 1.0);
  GdkRGBA guide = c->fg, black = { 0, 0, 0, 1 };
  double line = MAX (2.0, m * 0.01);

  d->cx = area->origin.x + area->size.width / 2.0;
  d->cy = area->origin.y + area->size.height / 2.0;
  d->max_radius = MAX (4.0, MIN (area->size.width, area->size.height) / 2.0 - line);
  d->min_radius = d->max_radius * MIN_RADIUS_SHARE;
  d->radius = d->min_radius + (d->max_radius - d->min_radius) * d->level;

  /* Where "full" is, so the patient sees how far there is to go. */
  guide.alpha = c->high_contrast ? 1.0 : 0.35;
  append_circle (snapshot, d->cx, d->cy, d->max_radius, NULL, &guide, line);
  append_circle (snapshot, d->cx, d->cy, d->radius, &fill,
                 c->high_contrast ? &c->fg : NULL, c->high_contrast ? line * 1.5 : 0);
  if (d->count > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", d->count);
      PangoLayout *layout = text_layout (self, PACER_TEXT_COUNT, count,
                                         (int) (d->min_radius * 1.3),
                                         (int) (d->min_radius * 1.8));

      append_text (snapshot, layout, d->cx, d->cy, &black);
    }
}

static void
draw_tempo (ProprioPacerView        *self,
            GtkSnapshot             *snapshot,
            const Colors            *c,
            const ProprioPacerState *st,
            const graphene_rect_t   *area,
            int                      m)
{
  ProprioPacerViewDrawn *d = &self->drawn;
  GdkRGBA fill = hex_rgba (d->fill_rgb, 1.0), track = c->fg;
  double bar_w = MAX (10.0, m * 0.07), gap = bar_w;
  double ring_w = area->size.width - bar_w - gap;
  double r_out = MAX (8.0, MIN (ring_w, area->size.height) / 2.0);
  double thick = r_out * 0.2;
  double progress = st->progress;
  double top = area->origin.y + bar_w / 2, bottom = area->origin.y + area->size.height - bar_w / 2;
  graphene_rect_t box;
  cairo_t *cr;

  /* Without animations the ring, like the disc, fills in whole-second steps. */
  if (st->status == PROPRIO_PACER_RUNNING && !_proprio_pacer_view_animates (self)
      && st->phase_duration_us > 0)
    progress = MIN (1.0, (double) ((gint64) st->count * G_USEC_PER_SEC)
                         / (double) st->phase_duration_us);
  if (st->phase == PROPRIO_PACER_PHASE_READY || st->status != PROPRIO_PACER_RUNNING)
    progress = st->status == PROPRIO_PACER_DONE ? 1.0 : st->progress;

  d->cx = area->origin.x + ring_w / 2.0;
  d->cy = area->origin.y + area->size.height / 2.0;
  d->radius = r_out - thick / 2.0;
  d->max_radius = r_out;
  d->min_radius = r_out - thick;
  d->marker_y = bottom - d->level * (bottom - top);

  box = GRAPHENE_RECT_INIT (area->origin.x, area->origin.y, area->size.width, area->size.height);
  cr = gtk_snapshot_append_cairo (snapshot, &box);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_width (cr, thick);
  track.alpha = c->high_contrast ? 0.45 : 0.15;
  gdk_cairo_set_source_rgba (cr, &track);
  cairo_arc (cr, d->cx, d->cy, d->radius, 0, 2 * G_PI);
  cairo_stroke (cr);
  if (progress > 0)
    {
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_arc (cr, d->cx, d->cy, d->radius, -G_PI / 2, -G_PI / 2 + 2 * G_PI * progress);
      cairo_stroke (cr);
    }

  /* Where the limb should be: a bar from the bottom of the movement to its top. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, bar_w * 0.35);
  gdk_cairo_set_source_rgba (cr, &track);
  cairo_move_to (cr, area->origin.x + area->size.width - bar_w / 2, top);
  cairo_line_to (cr, area->origin.x + area->size.width - bar_w / 2, bottom);
  cairo_stroke (cr);
  cairo_arc (cr, area->origin.x + area->size.width - bar_w / 2, d->marker_y, bar_w / 2, 0,
             2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &c->fg);
  cairo_set_line_width (cr, c->high_contrast ? 3.0 : 1.5);
  cairo_stroke (cr);
  cairo_destroy (cr);

  if (d->count > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", d->count);
      PangoLayout *layout = text_layout (self, PACER_TEXT_COUNT, count,
                                         (int) (d->min_radius * 1.0),
                                         (int) (d->min_radius * 1.6));

      append_text (snapshot, layout, d->cx, d->cy, &c->fg);
    }
}

void
_proprio_pacer_view_snapshot (ProprioPacerView *self,
                              GtkSnapshot      *snapshot)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  int m = MIN (w, h);
  ProprioPacerViewDrawn *d = &self->drawn;
  ProprioPacerState st;
  g_autofree char *word = NULL, *sub = NULL;
  PangoLayout *word_layout, *sub_layout;
  GskRoundedRect card;
  graphene_rect_t area;
  double pad = MAX (6.0, m * 0.05), sub_px;
  int word_h, sub_h;
  Colors c;

  if (self->pacer == NULL || w <= 0 || h <= 0)
    return;
  get_colors (self, &c);
  proprio_pacer_get_state (self->pacer, _proprio_pacer_view_now (self), &st);

  d->n_draws++;
  d->mode = proprio_pacer_get_mode (self->pacer);
  d->phase = st.phase;
  d->count = st.status == PROPRIO_PACER_RUNNING ? st.count : 0;
  d->level = _proprio_pacer_view_shown_level (self, &st);
  d->fill_rgb = phase_rgb (st.phase);

  gsk_rounded_rect_init_from_rect (&card, &GRAPHENE_RECT_INIT (0, 0, w, h), MIN (16.0, m * 0.06));
  gtk_snapshot_push_rounded_clip (snapshot, &card);
  gtk_snapshot_append_color (snapshot, &c.bg, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_snapshot_pop (snapshot);
  /* Its edge, so the card stands out from a page of the same colour. */
  {
    GdkRGBA edge = c.fg;
    float width = c.high_contrast ? 2.0f : 1.0f;

    edge.alpha = c.high_contrast ? 1.0 : 0.25;
    gtk_snapshot_append_border (snapshot, &card, (float[4]) { width, width, width, width },
                                (GdkRGBA[4]) { edge, edge, edge, edge });
  }

  word = st.status == PROPRIO_PACER_RUNNING ? g_strdup (proprio_pacer_phase_get_word (st.phase))
                                            : idle_caption (self, st.status);
  sub = sub_text (self, &st);
  d->word_px = CLAMP (m * 0.15, 14.0, 160.0);
  word_layout = text_layout (self, PACER_TEXT_WORD, word, (int) d->word_px, (int) (w - 2 * pad));
  sub_px = CLAMP (m * 0.065, 11.0, 64.0);
  sub_layout = text_layout (self, PACER_TEXT_SUB, sub, (int) sub_px, (int) (w - 2 * pad));
  /* Lines of a fixed height: a longer word shrinks to fit, but the disc never jumps. */
  word_h = (int) ceil (d->word_px * 1.3);
  sub_h = (int) ceil (sub_px * 1.3);

  append_text (snapshot, word_layout, w / 2.0, pad + word_h / 2.0, &c.fg);
  if (*sub != '\0')
    append_text (snapshot, sub_layout, w / 2.0, h - pad - sub_h / 2.0, &c.fg);

  area = GRAPHENE_RECT_INIT (pad, pad * 1.5 + word_h, w - 2 * pad,
                             MAX (16.0, h - 4 * pad - word_h - sub_h));
  if (d->mode == PROPRIO_PACER_TEMPO)
    draw_tempo (self, snapshot, &c, &st, &area, m);
  else
    draw_breath (self, snapshot, &c, &st, &area, m);
}
