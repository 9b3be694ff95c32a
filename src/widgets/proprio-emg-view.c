/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder implementation of ProprioEmgView: keeps the state the header describes and the
 * latest value of each channel, draws nothing yet. Replaced by the drawn view. */
#include "config.h"

#include <math.h>

#include "proprio-emg-view.h"

typedef struct
{
  guint              raw_index, envelope_index;
  char              *name;
  GdkRGBA            color;
  double             mvc;
  char              *warning;
  double             full_scale;
  ProprioEmgZoneKind zone_kind;
  double             lower, upper;
  double             latest;
} Channel;

struct _ProprioEmgView
{
  GtkWidget           parent_instance;
  guint               n_channels;
  Channel             channels[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  gboolean            editable, compact, show_raw;
  ProprioEmgViewMode  mode;
  guint               pair_a, pair_b;
  double              history_s;
  char               *hint;
  gint64              display_time_us;
};

enum { ZONE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ProprioEmgView, proprio_emg_view, GTK_TYPE_WIDGET)

static Channel *
channel_at (ProprioEmgView *self, guint channel)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NULL);
  g_return_val_if_fail (channel < PROPRIO_EMG_VIEW_MAX_CHANNELS, NULL);
  return &self->channels[channel];
}

static void
proprio_emg_view_finalize (GObject *object)
{
  ProprioEmgView *self = PROPRIO_EMG_VIEW (object);

  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      g_free (self->channels[i].name);
      g_free (self->channels[i].warning);
    }
  g_free (self->hint);
  G_OBJECT_CLASS (proprio_emg_view_parent_class)->finalize (object);
}

static void
proprio_emg_view_class_init (ProprioEmgViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = proprio_emg_view_finalize;
  signals[ZONE_CHANGED] = g_signal_new ("zone-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                        G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "emgview");
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
      self->channels[i].latest = NAN;
    }
}

GtkWidget *
proprio_emg_view_new (void)
{
  return g_object_new (PROPRIO_TYPE_EMG_VIEW, NULL);
}

void
proprio_emg_view_set_channels (ProprioEmgView *self, guint n, const guint *raw_index,
                               const guint *envelope_index)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  g_return_if_fail (n <= PROPRIO_EMG_VIEW_MAX_CHANNELS);
  self->n_channels = n;
  for (guint i = 0; i < n; i++)
    {
      self->channels[i].raw_index = raw_index != NULL ? raw_index[i] : G_MAXUINT;
      self->channels[i].envelope_index = envelope_index != NULL ? envelope_index[i] : G_MAXUINT;
    }
  proprio_emg_view_clear (self);
}

guint
proprio_emg_view_get_n_channels (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), 0);
  return self->n_channels;
}

void
proprio_emg_view_set_channel_name (ProprioEmgView *self, guint channel, const char *name)
{
  Channel *c = channel_at (self, channel);

  if (c != NULL)
    {
      g_free (c->name);
      c->name = g_strdup (name);
    }
}

const char *
proprio_emg_view_get_channel_name (ProprioEmgView *self, guint channel)
{
  Channel *c = channel_at (self, channel);

  return c != NULL ? c->name : NULL;
}

void
proprio_emg_view_set_channel_color (ProprioEmgView *self, guint channel, const GdkRGBA *color)
{
  Channel *c = channel_at (self, channel);

  if (c != NULL && color != NULL)
    c->color = *color;
}

void
proprio_emg_view_set_channel_mvc (ProprioEmgView *self, guint channel, double mvc)
{
  Channel *c = channel_at (self, channel);

  if (c != NULL)
    c->mvc = mvc > 0 ? mvc : 0;
}

void
proprio_emg_view_set_channel_warning (ProprioEmgView *self, guint channel, const char *warning)
{
  Channel *c = channel_at (self, channel);

  if (c != NULL)
    {
      g_free (c->warning);
      c->warning = g_strdup (warning);
    }
}

void
proprio_emg_view_set_full_scale (ProprioEmgView *self, guint channel, double full_scale)
{
  Channel *c = channel_at (self, channel);

  if (c != NULL)
    c->full_scale = full_scale;
}

void
proprio_emg_view_set_zone (ProprioEmgView *self, guint channel, ProprioEmgZoneKind kind,
                           double lower, double upper)
{
  Channel *c = channel_at (self, channel);

  if (c == NULL)
    return;
  c->zone_kind = kind;
  c->lower = kind == PROPRIO_EMG_ZONE_CEILING ? 0 : lower;
  c->upper = upper;
}

ProprioEmgZoneKind
proprio_emg_view_get_zone (ProprioEmgView *self, guint channel, double *lower, double *upper)
{
  Channel *c = channel_at (self, channel);

  if (c == NULL)
    return PROPRIO_EMG_ZONE_NONE;
  if (lower != NULL)
    *lower = c->lower;
  if (upper != NULL)
    *upper = c->upper;
  return c->zone_kind;
}

void
proprio_emg_view_set_zones_editable (ProprioEmgView *self, gboolean editable)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->editable = editable;
}

void
proprio_emg_view_set_mode (ProprioEmgView *self, ProprioEmgViewMode mode)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->mode = mode;
}

ProprioEmgViewMode
proprio_emg_view_get_mode (ProprioEmgView *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), PROPRIO_EMG_VIEW_BARS);
  return self->mode;
}

void
proprio_emg_view_set_pair (ProprioEmgView *self, guint a, guint b)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->pair_a = a;
  self->pair_b = b;
}

void
proprio_emg_view_set_compact (ProprioEmgView *self, gboolean compact)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->compact = compact;
}

void
proprio_emg_view_set_show_raw (ProprioEmgView *self, gboolean show_raw)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->show_raw = show_raw;
}

void
proprio_emg_view_set_history_s (ProprioEmgView *self, double seconds)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->history_s = CLAMP (seconds, 2, 60);
}

void
proprio_emg_view_set_hint (ProprioEmgView *self, const char *hint)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  g_free (self->hint);
  self->hint = g_strdup (hint);
}

void
proprio_emg_view_push (ProprioEmgView *self, const ProprioSample *samples, gsize n)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  for (gsize s = 0; s < n; s++)
    for (guint i = 0; i < self->n_channels; i++)
      {
        Channel *c = &self->channels[i];

        if (c->envelope_index < samples[s].n_channels)
          c->latest = samples[s].values[c->envelope_index];
      }
}

void
proprio_emg_view_clear (ProprioEmgView *self)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    self->channels[i].latest = NAN;
}

void
proprio_emg_view_set_display_time_us (ProprioEmgView *self, gint64 t_us)
{
  g_return_if_fail (PROPRIO_IS_EMG_VIEW (self));
  self->display_time_us = t_us;
}

double
proprio_emg_view_get_value (ProprioEmgView *self, guint channel)
{
  Channel *c = channel_at (self, channel);

  if (c == NULL || channel >= self->n_channels)
    return NAN;
  return c->mvc > 0 ? 100.0 * c->latest / c->mvc : c->latest;
}
