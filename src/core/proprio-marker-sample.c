/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-marker-sample"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-marker-sample.h"

/* Names carry their unit for CSV headers; shares of the frame have none. */
static const ProprioChannelInfo channels[PROPRIO_MARKER_SAMPLE_N_CHANNELS] = {
  { "angle_deg", "Angle", "deg" },
  { "quality", "Quality", "" },
  { "hip_state", "Hip state", "" },
  { "hip_x", "Hip x", "" },
  { "hip_y", "Hip y", "" },
  { "hip_r", "Hip radius", "" },
  { "hip_quality", "Hip quality", "" },
  { "knee_state", "Knee state", "" },
  { "knee_x", "Knee x", "" },
  { "knee_y", "Knee y", "" },
  { "knee_r", "Knee radius", "" },
  { "knee_quality", "Knee quality", "" },
  { "ankle_state", "Ankle state", "" },
  { "ankle_x", "Ankle x", "" },
  { "ankle_y", "Ankle y", "" },
  { "ankle_r", "Ankle radius", "" },
  { "ankle_quality", "Ankle quality", "" },
};

G_STATIC_ASSERT (PROPRIO_MARKER_SAMPLE_N_CHANNELS == 17);
G_STATIC_ASSERT (PROPRIO_MARKER_SAMPLE_N_CHANNELS <= PROPRIO_MAX_CHANNELS);

const ProprioChannelInfo *
proprio_marker_sample_channels (guint *n_channels)
{
  if (n_channels != NULL)
    *n_channels = G_N_ELEMENTS (channels);
  return channels;
}

void
proprio_marker_sample_pack (const ProprioMarkerTrackerResult *result,
                            int                               width,
                            int                               height,
                            gint64                            t_us,
                            ProprioSample                    *out)
{
  double quality = 1.0;

  g_return_if_fail (result != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->t_us = t_us;
  out->n_channels = PROPRIO_MARKER_SAMPLE_N_CHANNELS;
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      const ProprioMarkerResult *r = &result->markers[m];
      gboolean found = r->state == PROPRIO_MARKER_FOUND && width > 0 && height > 0;
      double *v = &out->values[PROPRIO_MARKER_SAMPLE_CHANNEL (m, 0)];

      v[PROPRIO_MARKER_FIELD_STATE] = r->state;
      v[PROPRIO_MARKER_FIELD_X] = found ? r->x / width : NAN;
      v[PROPRIO_MARKER_FIELD_Y] = found ? r->y / height : NAN;
      v[PROPRIO_MARKER_FIELD_R] = found ? sqrt (MAX (r->area_px, 0.0) / G_PI) / height : NAN;
      v[PROPRIO_MARKER_FIELD_QUALITY] = found ? r->quality : 0.0;
      quality = MIN (quality, found ? r->quality : 0.0);
    }
  if (result->has_angle && isfinite (result->angle_deg))
    {
      out->values[PROPRIO_MARKER_SAMPLE_ANGLE] = result->angle_deg;
      out->values[PROPRIO_MARKER_SAMPLE_QUALITY] = quality;
    }
  else
    {
      out->values[PROPRIO_MARKER_SAMPLE_ANGLE] = NAN;
      out->values[PROPRIO_MARKER_SAMPLE_QUALITY] = 0.0;
    }
}

static double
share_or_nan (double v)
{
  return isfinite (v) ? v : NAN;
}

gboolean
proprio_marker_sample_unpack (const ProprioSample     *sample,
                              ProprioMarkerSampleView *out)
{
  gboolean all_found = TRUE;
  double angle;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->t_us = sample->t_us;
  out->angle_deg = NAN;
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      out->markers[m].state = PROPRIO_MARKER_UNSET;
      out->markers[m].x = out->markers[m].y = out->markers[m].radius = NAN;
    }
  if (sample->n_channels < PROPRIO_MARKER_SAMPLE_N_CHANNELS
      || sample->n_channels > PROPRIO_MAX_CHANNELS)
    return FALSE;

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      const double *v = &sample->values[PROPRIO_MARKER_SAMPLE_CHANNEL (m, 0)];
      ProprioMarkerSampleMarker *mk = &out->markers[m];
      double state = v[PROPRIO_MARKER_FIELD_STATE];

      /* Compared as doubles first: a huge or NaN state must not reach an int conversion. */
      if (state >= PROPRIO_MARKER_UNSET && state <= PROPRIO_MARKER_COLOR_OVERLAP
          && state == floor (state))
        mk->state = (ProprioMarkerState) state;
      else
        mk->state = PROPRIO_MARKER_LOST;
      if (mk->state == PROPRIO_MARKER_FOUND)
        {
          mk->x = share_or_nan (v[PROPRIO_MARKER_FIELD_X]);
          mk->y = share_or_nan (v[PROPRIO_MARKER_FIELD_Y]);
          mk->radius = share_or_nan (v[PROPRIO_MARKER_FIELD_R]);
          mk->quality = v[PROPRIO_MARKER_FIELD_QUALITY];
          if (!isfinite (mk->quality))
            mk->quality = 0.0;
          mk->quality = CLAMP (mk->quality, 0.0, 1.0);
          if (isnan (mk->x) || isnan (mk->y))
            {
              mk->state = PROPRIO_MARKER_LOST;
              mk->x = mk->y = mk->radius = NAN;
              mk->quality = 0.0;
            }
        }
      all_found = all_found && mk->state == PROPRIO_MARKER_FOUND;
    }

  angle = sample->values[PROPRIO_MARKER_SAMPLE_ANGLE];
  if (all_found && isfinite (angle) && angle >= 0.0 && angle <= 180.0)
    {
      out->angle_deg = angle;
      out->quality = sample->values[PROPRIO_MARKER_SAMPLE_QUALITY];
      if (!isfinite (out->quality))
        out->quality = 0.0;
      out->quality = CLAMP (out->quality, 0.0, 1.0);
    }
  return TRUE;
}

const char *
proprio_marker_get_label (ProprioMarkerId marker)
{
  switch (marker)
    {
    case PROPRIO_MARKER_HIP:   return _("Hip");
    case PROPRIO_MARKER_KNEE:  return _("Knee");
    case PROPRIO_MARKER_ANKLE: return _("Ankle");
    case PROPRIO_N_MARKERS:
    default:
      g_return_val_if_reached (NULL);
    }
}
