/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* The EMG view as an object: its settings, the samples it keeps, the instant it shows. What is
 * shown is worked out in proprio-emg-view-model.c and drawn in proprio-emg-view-draw.c. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-emg-view-private.h"
#include "proprio-palette.h"

struct _ProprioEmgViewClass
{
  GtkWidgetClass parent_class;
};

G_DEFINE_FINAL_TYPE (ProprioEmgView, proprio_emg_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COMPACT,
  PROP_SHOW_RAW,
  PROP_ZONES_EDITABLE,
  PROP_HISTORY_S,
  PROP_HINT,
  PROP_DISPLAY_TIME_US,
  N_PROPS
};

enum { ZONE_CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Distinct hues for the channels that are none of the zone colours (green in the zone, orange and
 * red above it), so a bar's colour never reads as "in the zone". */
static const guint32 default_colors[PROPRIO_EMG_VIEW_MAX_CHANNELS] = {
  EMG_VIEW_BLUE_3, 0x9141ac, 0x986a44, 0x1a5fb4, 0xc061cb, 0x865e3c, 0x62a0ea, 0x613583,
};

/* ---- colours ---- */

static GdkRGBA
hex (guint32 rgb,
     double  alpha)
{
  return (GdkRGBA) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                     (rgb & 0xff) / 255.0, alpha };
}

static GdkRGBA
with_alpha (const GdkRGBA *c,
            double         alpha)
{
  return (GdkRGBA) { c->red, c->green, c->blue, c->alpha * alpha };
}

GdkRGBA
_proprio_emg_view_default_color (guint channel)
{
  guint32 standard = default_colors[channel % PROPRIO_EMG_VIEW_MAX_CHANNELS];

  return hex (proprio_palette_series (channel, standard), 1);
}

void
_proprio_emg_view_get_colors (ProprioEmgView *self,
                              EmgViewColors  *colors)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  double luminance;

  gtk_style_context_get_color (context, &colors->fg);
  /* The foreground says which way the style goes, also on a host's card (the Mirror inset is
   * white on dark whatever the desktop's style); the style manager adds high contrast. */
  luminance = 0.2126 * colors->fg.red + 0.7152 * colors->fg.green + 0.0722 * colors->fg.blue;
  colors->dark = luminance > 0.5;
  colors->high_contrast = adw_is_initialized () &&
                          adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &colors->bg))
    colors->bg = colors->dark ? hex (0x1e1e1e, 1) : hex (0xffffff, 1);
  if (colors->high_contrast)
    colors->bg = colors->dark ? hex (0x000000, 1) : hex (0xffffff, 1);
  /* Text is fully opaque: thin grey text is what fails first from 2 m. */
  colors->fg.alpha = 1;

  colors->card = with_alpha (&colors->fg, colors->high_contrast ? 0.08 : 0.04);
  colors->track = with_alpha (&colors->fg, colors->high_contrast ? 0.22 : 0.12);
  colors->grid = with_alpha (&colors->fg, colors->high_contrast ? 0.6 : 0.3);
  /* On white the lighter greens and yellows lose contrast: their darker shades there. */
  colors->in_zone = hex (proprio_palette_pick (PROPRIO_PALETTE_GOOD, colors->dark ? EMG_VIEW_GREEN_4
                                                                               : EMG_VIEW_GREEN_5,
                                               colors->dark), 1);
  colors->above_band = hex (proprio_palette_pick (PROPRIO_PALETTE_CAUTION,
                                                  colors->dark ? EMG_VIEW_ORANGE_3
                                                               : EMG_VIEW_ORANGE_5,
                                                  colors->dark), 1);
  colors->above_ceiling = hex (proprio_palette_pick (PROPRIO_PALETTE_ALERT, EMG_VIEW_RED_3,
                                                     colors->dark), 1);
  colors->zone_fill = colors->in_zone;
  colors->zone_fill.alpha = colors->high_contrast ? 0.45 : 0.28;
  colors->zone_edge = colors->high_contrast ? colors->fg : colors->in_zone;
  colors->warning = hex (proprio_palette_pick (PROPRIO_PALETTE_WARNING,
                                               colors->dark ? EMG_VIEW_YELLOW_2 : EMG_VIEW_ORANGE_5,
                                               colors->dark), 1);
}

static void
style_changed_cb (ProprioEmgView *self)
{
  _proprio_emg_view_invalidate (self, TRUE);
}

/* ---- redraws ---- */

void
_proprio_emg_view_invalidate (ProprioEmgView *self,
                              gboolean        background)
{
  self->layout_valid = FALSE;
  _proprio_emg_view_clear_strip_nodes (self);
  if (background)
    g_clear_pointer (&self->background, gsk_render_node_unref);
  /* A setting may change the scale the figures are shaped for: shape them again. */
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    g_clear_object (&self->value_text[i]);
  g_clear_object (&self->pair_text[0]);
  g_clear_object (&self->pair_text[1]);
  memset (&self->signature, 0, sizeof self->signature);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- channels (their names, colours, MVCs and zones: proprio-emg-view-channels.c) ---- */

GtkWidget *
proprio_emg_view_new (void)
{
  return g_object_new (PROPRIO_TYPE_EMG_VIEW, NULL);
}

static void
forget_samples (ProprioEmgView *self)
{
  _proprio_emg_rows_clear (&self->rows, self->n_channels);
  _proprio_emg_view_reset_strip (self);
  _proprio_emg_view_reset_blocks (self);
}

void
proprio_emg_view_set_channels (ProprioEmgView *self,
                               guint           n,
                               const guint    *raw_index,
                               const guint    *envelope_index)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  g_return_if_fail (n <= PROPRIO_EMG_VIEW_MAX_CHANNELS);

  self->n_channels = n;
  for (guint i = 0; i < n; i++)
    {
      self->channels[i].raw_index = raw_index != NULL ? raw_index[i] : G_MAXUINT;
      self->channels[i].envelope_index = envelope_index != NULL ? envelope_index[i] : G_MAXUINT;
    }
  forget_samples (self);
  _proprio_emg_view_invalidate (self, TRUE);
}

guint
proprio_emg_view_get_n_channels (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), 0);
  return self->n_channels;
}

gboolean
proprio_emg_view_get_channel_indices (ProprioEmgView *self,
                                      guint           channel,
                                      guint          *raw_index,
                                      guint          *envelope_index)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);

  if (channel >= self->n_channels)
    return FALSE;
  if (raw_index != NULL)
    *raw_index = self->channels[channel].raw_index;
  if (envelope_index != NULL)
    *envelope_index = self->channels[channel].envelope_index;
  return TRUE;
}

/* ---- how it is shown ---- */

static void
set_flag (ProprioEmgView *self,
          gboolean       *field,
          gboolean        value,
          guint           prop_id)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  _proprio_emg_view_invalidate (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
proprio_emg_view_set_zones_editable (ProprioEmgView *self,
                                     gboolean        editable)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  set_flag (self, &self->editable, editable, PROP_ZONES_EDITABLE);
  if (!self->editable)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

gboolean
proprio_emg_view_get_zones_editable (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);
  return self->editable;
}

void
proprio_emg_view_set_mode (ProprioEmgView     *self,
                           ProprioEmgViewMode  mode)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  g_return_if_fail (mode == PROPRIO_EMG_VIEW_BARS || mode == PROPRIO_EMG_VIEW_PAIR);

  if (self->mode == mode)
    return;
  self->mode = mode;
  _proprio_emg_view_invalidate (self, TRUE);
}

ProprioEmgViewMode
proprio_emg_view_get_mode (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), PROPRIO_EMG_VIEW_BARS);
  return self->mode;
}

void
proprio_emg_view_set_pair (ProprioEmgView *self,
                           guint           a,
                           guint           b)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));

  if (self->pair_a == a && self->pair_b == b)
    return;
  self->pair_a = a;
  self->pair_b = b;
  _proprio_emg_view_invalidate (self, TRUE);
}

void
proprio_emg_view_set_compact (ProprioEmgView *self,
                              gboolean        compact)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  set_flag (self, &self->compact, compact, PROP_COMPACT);
}

gboolean
proprio_emg_view_get_compact (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);
  return self->compact;
}

void
proprio_emg_view_set_show_raw (ProprioEmgView *self,
                               gboolean        show_raw)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  set_flag (self, &self->show_raw, show_raw, PROP_SHOW_RAW);
}

gboolean
proprio_emg_view_get_show_raw (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);
  return self->show_raw;
}

void
proprio_emg_view_set_history_s (ProprioEmgView *self,
                                double          seconds)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));

  seconds = isfinite (seconds) ? CLAMP (seconds, 2, 60) : 10;
  if (self->history_s == seconds)
    return;
  self->history_s = seconds;
  _proprio_emg_view_reset_strip (self);
  _proprio_emg_view_invalidate (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_S]);
}

double
proprio_emg_view_get_history_s (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), 10);
  return self->history_s;
}

void
proprio_emg_view_set_hint (ProprioEmgView *self,
                           const char     *hint)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));

  if (g_strcmp0 (self->hint, hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  _proprio_emg_view_invalidate (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

const char *
proprio_emg_view_get_hint (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NULL);
  return self->hint;
}

/* ---- samples and time ---- */

static float
value_of (const ProprioSample *sample,
          guint                index)
{
  double v;

  if (index >= sample->n_channels || index >= PROPRIO_MAX_CHANNELS)
    return NAN;
  v = sample->values[index];
  /* Out of float range is not a reading: no bar rather than an infinite one. */
  return isfinite (v) && fabs (v) < 1e30 ? (float) v : NAN;
}

void
proprio_emg_view_push (ProprioEmgView      *self,
                       const ProprioSample *samples,
                       gsize                n)
{
  float env[PROPRIO_EMG_VIEW_MAX_CHANNELS], raw[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  gint64 keep_us;

  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  g_return_if_fail (samples != NULL || n == 0);

  if (n == 0 || self->n_channels == 0)
    return;
  for (gsize s = 0; s < n; s++)
    {
      const ProprioSample *sample = &samples[s];

      /* Time went back: another trace (a replay, a reconnected board), not more of this one. */
      if (self->rows.len > 0 && sample->t_us < emg_rows_t (&self->rows, self->rows.len - 1))
        forget_samples (self);
      for (guint i = 0; i < self->n_channels; i++)
        {
          env[i] = value_of (sample, self->channels[i].envelope_index);
          raw[i] = value_of (sample, self->channels[i].raw_index);
        }
      _proprio_emg_rows_push (&self->rows, sample->t_us, env, raw);
      _proprio_emg_view_note_block (self, sample->t_us, env);
    }
  keep_us = (gint64) (self->history_s * G_USEC_PER_SEC) + EMG_VIEW_KEEP_EXTRA_US;
  _proprio_emg_rows_trim (&self->rows, emg_rows_t (&self->rows, self->rows.len - 1) - keep_us);
  _proprio_emg_view_update_visible (self);
}

void
proprio_emg_view_clear (ProprioEmgView *self)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  forget_samples (self);
  _proprio_emg_view_invalidate (self, FALSE);
}

void
proprio_emg_view_set_display_time_us (ProprioEmgView *self,
                                      gint64          t_us)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));

  t_us = MAX (t_us, 0);
  if (self->display_time_us == t_us)
    return;
  self->display_time_us = t_us;
  /* A time that moves with each video frame changes the picture only when the sample shown
   * does: no unconditional redraw. */
  _proprio_emg_view_update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TIME_US]);
}

gint64
proprio_emg_view_get_display_time_us (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), 0);
  return self->display_time_us;
}

double
proprio_emg_view_get_value (ProprioEmgView *self,
                            guint           channel)
{
  EmgViewState state;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NAN);
  if (channel >= self->n_channels)
    return NAN;
  _proprio_emg_view_compute_state (self, &state);
  return state.value[channel];
}

gint64
proprio_emg_view_get_shown_time_us (ProprioEmgView *self)
{
  EmgViewState state;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), 0);
  _proprio_emg_view_compute_state (self, &state);
  return state.have ? state.t_us : 0;
}

double
proprio_emg_view_get_scale (ProprioEmgView *self,
                            guint           channel)
{
  EmgViewState state;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NAN);
  if (channel >= self->n_channels)
    return NAN;
  _proprio_emg_view_compute_state (self, &state);
  return state.scale[channel];
}

gboolean
proprio_emg_view_value_to_widget (ProprioEmgView *self,
                                  guint           channel,
                                  double          value,
                                  double         *widget_x,
                                  double         *widget_y)
{
  const EmgViewLayout *layout;
  EmgViewState state;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);
  g_return_val_if_fail (isfinite (value), FALSE);
  if (channel >= self->n_channels)
    return FALSE;
  /* The layout and the scale the next frame draws with: what the snapshot would compute. */
  layout = _proprio_emg_view_get_layout (self);
  _proprio_emg_view_compute_state (self, &state);
  for (guint i = 0; i < layout->n_cells; i++)
    {
      const EmgCellLayout *cell = &layout->cells[i];

      if (cell->channel != channel || cell->bar.size.width <= 0 || cell->bar.size.height <= 0)
        continue;
      if (widget_x != NULL)
        *widget_x = cell->bar.origin.x + cell->bar.size.width / 2;
      if (widget_y != NULL)
        *widget_y = _proprio_emg_view_value_to_y (cell, state.scale[channel], value);
      return TRUE;
    }
  return FALSE;
}

gboolean
proprio_emg_view_get_pair_values (ProprioEmgView *self,
                                  double         *ratio,
                                  double         *symmetry)
{
  EmgViewState state;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), FALSE);
  _proprio_emg_view_compute_state (self, &state);
  if (ratio != NULL)
    *ratio = state.ratio;
  if (symmetry != NULL)
    *symmetry = state.symmetry;
  return isfinite (state.ratio) || isfinite (state.symmetry);
}

/* ---- GObject / GtkWidget ---- */

static void
proprio_emg_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (widget);

  /* Compact fits a picture-in-picture corner; the full view wants room for 2 m type. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->compact ? 96 : 160;
      *natural = self->compact ? 240 : 720;
    }
  else
    {
      *minimum = self->compact ? 72 : 200;
      *natural = self->compact ? 180 : 480;
    }
}

static void
proprio_emg_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (widget);

  if (self->layout.width != width || self->layout.height != height)
    _proprio_emg_view_invalidate (self, TRUE);
}

static void
proprio_emg_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (proprio_emg_view_parent_class)->css_changed (widget, change);
  _proprio_emg_view_invalidate (PROPRIO_EMG_VIEW (widget), TRUE);
}

static void
proprio_emg_view_system_setting_changed (GtkWidget        *widget,
                                         GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (proprio_emg_view_parent_class)->system_setting_changed (widget, setting);
  /* Fonts and scaling change the text drawn into the cached background. */
  _proprio_emg_view_invalidate (PROPRIO_EMG_VIEW (widget), TRUE);
}

static void
proprio_emg_view_dispose (GObject *object)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (object);

  if (adw_is_initialized ())
    g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->background, gsk_render_node_unref);
  _proprio_emg_view_clear_strip_nodes (self);
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    g_clear_object (&self->value_text[i]);
  g_clear_object (&self->pair_text[0]);
  g_clear_object (&self->pair_text[1]);
  G_OBJECT_CLASS (proprio_emg_view_parent_class)->dispose (object);
}

static void
proprio_emg_view_finalize (GObject *object)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (object);

  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      g_free (self->channels[i].name);
      g_free (self->channels[i].unit);
      g_free (self->channels[i].warning);
    }
  g_free (self->hint);
  _proprio_emg_rows_free (&self->rows);
  g_free (self->strip.tags);
  g_free (self->strip.cols);
  G_OBJECT_CLASS (proprio_emg_view_parent_class)->finalize (object);
}

static void
proprio_emg_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    case PROP_SHOW_RAW:
      g_value_set_boolean (value, self->show_raw);
      break;
    case PROP_ZONES_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_HISTORY_S:
      g_value_set_double (value, self->history_s);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_DISPLAY_TIME_US:
      g_value_set_int64 (value, self->display_time_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_emg_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      proprio_emg_view_set_compact (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_RAW:
      proprio_emg_view_set_show_raw (self, g_value_get_boolean (value));
      break;
    case PROP_ZONES_EDITABLE:
      proprio_emg_view_set_zones_editable (self, g_value_get_boolean (value));
      break;
    case PROP_HISTORY_S:
      proprio_emg_view_set_history_s (self, g_value_get_double (value));
      break;
    case PROP_HINT:
      proprio_emg_view_set_hint (self, g_value_get_string (value));
      break;
    case PROP_DISPLAY_TIME_US:
      proprio_emg_view_set_display_time_us (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_emg_view_class_init (ProprioEmgViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = proprio_emg_view_dispose;
  object_class->finalize = proprio_emg_view_finalize;
  object_class->get_property = proprio_emg_view_get_property;
  object_class->set_property = proprio_emg_view_set_property;

  widget_class->measure = proprio_emg_view_measure;
  widget_class->size_allocate = proprio_emg_view_size_allocate;
  widget_class->snapshot = _proprio_emg_view_snapshot;
  widget_class->css_changed = proprio_emg_view_css_changed;
  widget_class->system_setting_changed = proprio_emg_view_system_setting_changed;

  /* Bars only, small labels, no background of its own: for a picture-in-picture card. */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE, flags);
  properties[PROP_SHOW_RAW] =
    g_param_spec_boolean ("show-raw", NULL, NULL, FALSE, flags);
  /* The zone edges on the bars can be dragged ("zone-changed"). */
  properties[PROP_ZONES_EDITABLE] =
    g_param_spec_boolean ("zones-editable", NULL, NULL, FALSE, flags);
  /* Seconds of envelope in each channel's strip. */
  properties[PROP_HISTORY_S] =
    g_param_spec_double ("history-s", NULL, NULL, 2, 60, 10, flags);
  /* A line across the view when there is nothing to show; NULL: none. */
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL, flags);
  /* 0: live (the newest sample); else the instant shown (a delayed video's frame time). */
  properties[PROP_DISPLAY_TIME_US] =
    g_param_spec_int64 ("display-time-us", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ZONE_CHANGED] = g_signal_new ("zone-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  gtk_widget_class_set_css_name (widget_class, "emgview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

void
_proprio_emg_view_emit_zone_changed (ProprioEmgView *self,
                                     guint           channel)
{
  const EmgChannel *c = &self->channels[channel];

  g_signal_emit (self, signals[ZONE_CHANGED], 0, channel, c->lower, c->upper);
}

static void
proprio_emg_view_init (ProprioEmgView *self)
{
  self->history_s = 10;
  self->pair_b = 1;
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      self->channels[i].raw_index = G_MAXUINT;
      self->channels[i].envelope_index = G_MAXUINT;
      self->channels[i].color = _proprio_emg_view_default_color (i);
    }
  _proprio_emg_view_reset_blocks (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Muscle activation"), -1);
  _proprio_emg_view_init_input (self);
  /* The cached background is drawn at the screen's scale. */
  g_signal_connect_swapped (self, "notify::scale-factor", G_CALLBACK (style_changed_cb), self);
  g_signal_connect_object (proprio_palette_get_default (), "notify::kind",
                           G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);

  /* Dark and high-contrast styles restyle the widget too; the high-contrast one may not change
   * its foreground, so follow the style manager as well. */
  if (adw_is_initialized ())
    {
      AdwStyleManager *manager = adw_style_manager_get_default ();

      g_signal_connect_swapped (manager, "notify::dark", G_CALLBACK (style_changed_cb), self);
      g_signal_connect_swapped (manager, "notify::high-contrast", G_CALLBACK (style_changed_cb),
                                self);
    }
}
