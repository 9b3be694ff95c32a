/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

#include "config.h"

#include "proprio-emg-view-station.h"

/* How a channel's unit is written for people; "" stays "" (device units: a bare number). */
static const char *
display_unit (const char *unit)
{
  if (unit == NULL || g_strcmp0 (unit, "uV") == 0)
    return "µV";
  return unit;
}

guint
proprio_emg_view_show_station_channels (ProprioEmgView *view,
                                        ProprioStation *station)
{
  guint raw[PROPRIO_EMG_VIEW_MAX_CHANNELS], envelope[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  ProprioEmgCalibration *calibration;
  ProprioEmgStage *stage;
  ProprioDevice *device;
  guint n = 0, n_device, n_emg;
  gboolean same;

  g_return_val_if_fail (PROPRIO_IS_EMG_VIEW (view), 0);
  g_return_val_if_fail (PROPRIO_IS_STATION (station), 0);

  device = proprio_station_get_device (station);
  stage = proprio_station_get_emg_stage (station);
  n_device = device != NULL ? proprio_device_get_n_channels (device) : 0;
  n_emg = stage != NULL ? proprio_emg_stage_get_n_emg_channels (stage) : 0;
  for (guint i = 0; i < n_emg && n < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      guint input, env;

      /* The stage's layout may be ahead of the device's (a lines port learning its channels). */
      if (!proprio_emg_stage_get_emg_channel (stage, i, &input, &env) || env == G_MAXUINT ||
          input >= n_device || env >= n_device)
        continue;
      raw[n] = input;
      envelope[n] = env;
      n++;
    }

  same = proprio_emg_view_get_n_channels (view) == n;
  for (guint i = 0; i < n && same; i++)
    {
      guint r, e;

      proprio_emg_view_get_channel_indices (view, i, &r, &e);
      same = r == raw[i] && e == envelope[i];
    }
  if (!same)
    proprio_emg_view_set_channels (view, n, raw, envelope);

  calibration = proprio_station_get_emg_calibration (station);
  for (guint i = 0; i < n; i++)
    {
      const ProprioChannelInfo *info = proprio_device_get_channel (device, raw[i]);
      double mvc = 0;

      if (!same || proprio_emg_view_get_channel_name (view, i) == NULL)
        proprio_emg_view_set_channel_name (view, i, info->label);
      proprio_emg_view_set_channel_unit (view, i, display_unit (info->unit));
      if (calibration == NULL || !proprio_emg_calibration_lookup (calibration, info->name, &mvc))
        mvc = 0;
      proprio_emg_view_set_channel_mvc (view, i, mvc);
    }
  return n;
}
