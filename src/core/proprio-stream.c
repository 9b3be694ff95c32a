/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-stream"

#include "config.h"

#include <math.h>
#include <string.h>

#include "proprio-stream.h"

static const char * const kind_names[PROPRIO_STREAM_N_KINDS] = {
  [PROPRIO_STREAM_GENERIC] = "generic",
  [PROPRIO_STREAM_BALANCE] = "balance",
  [PROPRIO_STREAM_EMG] = "emg",
  [PROPRIO_STREAM_ANGLE] = "angle",
};

const char *
proprio_stream_kind_to_string (ProprioStreamKind kind)
{
  g_return_val_if_fail (kind < PROPRIO_STREAM_N_KINDS, "generic");
  return kind_names[kind];
}

gboolean
proprio_stream_kind_from_string (const char        *text,
                                 ProprioStreamKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < PROPRIO_STREAM_N_KINDS; i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = (ProprioStreamKind) i;
        return TRUE;
      }
  return FALSE;
}

static const char * const balance_labels[PROPRIO_BALANCE_N_CHANNELS] = {
  "TL", "TR", "BL", "BR", "Total", "CoP x", "CoP y"
};
static const char * const balance_names_kg[PROPRIO_BALANCE_N_CHANNELS] = {
  "tl_kg", "tr_kg", "bl_kg", "br_kg", "total_kg", "cop_x_mm", "cop_y_mm"
};
static const char * const balance_names_counts[PROPRIO_BALANCE_N_CHANNELS] = {
  "tl_counts", "tr_counts", "bl_counts", "br_counts", "total_counts", "cop_x_mm", "cop_y_mm"
};

void
proprio_stream_balance_channel (guint        index,
                                const char  *load_unit,
                                const char **name,
                                const char **label,
                                const char **unit)
{
  gboolean counts = g_strcmp0 (load_unit, "counts") == 0;

  g_return_if_fail (index < PROPRIO_BALANCE_N_CHANNELS);

  if (name != NULL)
    *name = counts ? balance_names_counts[index] : balance_names_kg[index];
  if (label != NULL)
    *label = balance_labels[index];
  if (unit != NULL)
    *unit = index >= PROPRIO_BALANCE_CHANNEL_COP_X ? "mm" : (counts ? "counts" : "kg");
}

static gboolean
is_voltage (const char *unit)
{
  return unit != NULL &&
         (g_ascii_strcasecmp (unit, "uv") == 0 || g_ascii_strcasecmp (unit, "µv") == 0 ||
          g_ascii_strcasecmp (unit, "mv") == 0 || g_ascii_strcasecmp (unit, "v") == 0);
}

gboolean
proprio_stream_is_emg_channel (const ProprioChannelInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return is_voltage (info->unit) ||
         (info->name != NULL && g_ascii_strncasecmp (info->name, "emg", 3) == 0);
}

ProprioStreamKind
proprio_stream_kind_for_channels (const ProprioChannelInfo *channels,
                                  guint                     n_channels)
{
  gboolean balance = n_channels == PROPRIO_BALANCE_N_CHANNELS;

  g_return_val_if_fail (channels != NULL || n_channels == 0, PROPRIO_STREAM_GENERIC);

  for (guint i = 0; balance && i < n_channels; i++)
    {
      const char *kg, *counts;

      proprio_stream_balance_channel (i, "kg", &kg, NULL, NULL);
      proprio_stream_balance_channel (i, "counts", &counts, NULL, NULL);
      balance = g_strcmp0 (channels[i].name, kg) == 0 || g_strcmp0 (channels[i].name, counts) == 0;
    }
  if (balance)
    return PROPRIO_STREAM_BALANCE;

  for (guint i = 0; i < n_channels; i++)
    if (g_strcmp0 (channels[i].unit, "deg") == 0 ||
        (channels[i].name != NULL && g_ascii_strncasecmp (channels[i].name, "angle", 5) == 0))
      return PROPRIO_STREAM_ANGLE;

  for (guint i = 0; i < n_channels; i++)
    if (proprio_stream_is_emg_channel (&channels[i]))
      return PROPRIO_STREAM_EMG;

  return PROPRIO_STREAM_GENERIC;
}

gboolean
proprio_stream_sample_cop (const ProprioSample *sample,
                           double              *x_mm,
                           double              *y_mm)
{
  double x = NAN, y = NAN;
  gboolean ok;

  g_return_val_if_fail (sample != NULL, FALSE);

  ok = (sample->flags & PROPRIO_SAMPLE_HAS_COP) != 0 &&
       sample->n_channels >= PROPRIO_BALANCE_N_CHANNELS &&
       isfinite (sample->values[PROPRIO_BALANCE_CHANNEL_COP_X]) &&
       isfinite (sample->values[PROPRIO_BALANCE_CHANNEL_COP_Y]);
  if (ok)
    {
      x = sample->values[PROPRIO_BALANCE_CHANNEL_COP_X];
      y = sample->values[PROPRIO_BALANCE_CHANNEL_COP_Y];
    }
  if (x_mm != NULL)
    *x_mm = x;
  if (y_mm != NULL)
    *y_mm = y;
  return ok;
}
