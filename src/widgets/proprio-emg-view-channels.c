/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* What the EMG view knows of each channel: its name, colour, unit, MVC, warning, scale and
 * zone. */

#include "config.h"

#include <math.h>

#include "proprio-emg-view-private.h"

static EmgChannel *
channel_at (ProprioEmgView *self,
            guint           channel)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NULL);
  g_return_val_if_fail (channel < PROPRIO_EMG_VIEW_MAX_CHANNELS, NULL);
  return &self->channels[channel];
}

static void
set_string (ProprioEmgView  *self,
            char           **field,
            const char      *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  _proprio_emg_view_invalidate (self, TRUE);
}

void
proprio_emg_view_set_channel_name (ProprioEmgView *self,
                                   guint           channel,
                                   const char     *name)
{
  EmgChannel *c = channel_at (self, channel);

  if (c != NULL)
    set_string (self, &c->name, name);
}

const char *
proprio_emg_view_get_channel_name (ProprioEmgView *self,
                                   guint           channel)
{
  EmgChannel *c = channel_at (self, channel);

  return c != NULL ? c->name : NULL;
}

void
proprio_emg_view_set_channel_unit (ProprioEmgView *self,
                                   guint           channel,
                                   const char     *unit)
{
  EmgChannel *c = channel_at (self, channel);

  if (c != NULL)
    set_string (self, &c->unit, unit);
}

const char *
proprio_emg_view_get_display_unit (ProprioEmgView *self,
                                   guint           channel)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (self), NULL);
  g_return_val_if_fail (channel < PROPRIO_EMG_VIEW_MAX_CHANNELS, NULL);
  return _proprio_emg_view_unit (self, channel);
}

void
proprio_emg_view_set_channel_color (ProprioEmgView *self,
                                    guint           channel,
                                    const GdkRGBA  *color)
{
  EmgChannel *c = channel_at (self, channel);

  if (c == NULL)
    return;
  c->color = color != NULL ? *color : _proprio_emg_view_default_color (channel);
  /* The swatch under the name is part of the cached background. */
  _proprio_emg_view_invalidate (self, TRUE);
}

void
proprio_emg_view_get_channel_color (ProprioEmgView *self,
                                    guint           channel,
                                    GdkRGBA        *color)
{
  EmgChannel *c = channel_at (self, channel);

  g_return_if_fail (color != NULL);
  if (c != NULL)
    *color = c->color;
}

void
proprio_emg_view_set_channel_mvc (ProprioEmgView *self,
                                  guint           channel,
                                  double          mvc)
{
  EmgChannel *c = channel_at (self, channel);

  if (c == NULL)
    return;
  mvc = isfinite (mvc) && mvc > 0 ? mvc : 0;
  if (c->mvc == mvc)
    return;
  c->mvc = mvc;
  _proprio_emg_view_invalidate (self, TRUE);
}

double
proprio_emg_view_get_channel_mvc (ProprioEmgView *self,
                                  guint           channel)
{
  EmgChannel *c = channel_at (self, channel);

  return c != NULL ? c->mvc : 0;
}

void
proprio_emg_view_set_channel_warning (ProprioEmgView *self,
                                      guint           channel,
                                      const char     *warning)
{
  EmgChannel *c = channel_at (self, channel);

  if (c != NULL)
    set_string (self, &c->warning, warning != NULL && *warning != '\0' ? warning : NULL);
}

void
proprio_emg_view_set_full_scale (ProprioEmgView *self,
                                 guint           channel,
                                 double          full_scale)
{
  EmgChannel *c = channel_at (self, channel);

  if (c == NULL)
    return;
  full_scale = isfinite (full_scale) && full_scale > 0 ? full_scale : 0;
  if (c->full_scale == full_scale)
    return;
  c->full_scale = full_scale;
  _proprio_emg_view_invalidate (self, TRUE);
}

void
proprio_emg_view_set_zone (ProprioEmgView     *self,
                           guint               channel,
                           ProprioEmgZoneKind  kind,
                           double              lower,
                           double              upper)
{
  EmgChannel *c = channel_at (self, channel);

  if (c == NULL)
    return;
  if (kind != PROPRIO_EMG_ZONE_NONE && (!isfinite (lower) || !isfinite (upper)))
    {
      g_warning ("Zone of channel %u ignored: its edges are not numbers", channel);
      return;
    }
  if (kind == PROPRIO_EMG_ZONE_CEILING)
    lower = 0;
  if (kind == PROPRIO_EMG_ZONE_BAND && lower > upper)
    {
      double swap = lower;

      lower = upper;
      upper = swap;
    }
  c->zone_kind = kind;
  c->lower = lower;
  c->upper = upper;
  _proprio_emg_view_invalidate (self, FALSE);
}

ProprioEmgZoneKind
proprio_emg_view_get_zone (ProprioEmgView *self,
                           guint           channel,
                           double         *lower,
                           double         *upper)
{
  EmgChannel *c = channel_at (self, channel);

  if (c == NULL)
    return PROPRIO_EMG_ZONE_NONE;
  if (lower != NULL)
    *lower = c->lower;
  if (upper != NULL)
    *upper = c->upper;
  return c->zone_kind;
}
