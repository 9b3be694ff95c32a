/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-marker-tracker.h"
#include "proprio-sample.h"

G_BEGIN_DECLS

/* The camera's angle stream: one ANGLE sample per tracked video frame (core/proprio-stream.h),
 * declared once for whoever reads it (the station's exercises, the marker view, a recorder).
 *
 *   0  angle_deg     the interior angle at the knee marker, 0–180° (180° straight); NaN when
 *                    there is no angle (a marker lost, ambiguous or not set): never a guess
 *   1  quality       0–1, the lowest of the three markers' qualities; 0 without an angle
 *   then per marker, hip, knee and ankle in turn (PROPRIO_MARKER_SAMPLE_CHANNEL ()):
 *      <m>_state     a ProprioMarkerState as a number (0 unset, 1 found, 2 lost, 3 ambiguous,
 *                    4 colour overlap)
 *      <m>_x, <m>_y  the centroid as a share of the frame's width and height (0–1, the frame as
 *                    shown: mirrored when the camera mirrors); NaN unless found
 *      <m>_r         the radius of a disc of the marker's area, as a share of the frame height;
 *                    NaN unless found
 *      <m>_quality   the marker's quality 0–1; 0 unless found
 *
 * Positions are shares of the frame, so they map onto the picture at any size the frame is
 * shown (the tracker runs on a downscaled copy of the camera's frames). The sample's time is the
 * frame's capture time on the common clock; PROPRIO_SAMPLE_AFTER_GAP marks a sample after frames
 * the tracker did not get to. */

enum
{
  PROPRIO_MARKER_SAMPLE_ANGLE,
  PROPRIO_MARKER_SAMPLE_QUALITY,
  PROPRIO_MARKER_SAMPLE_FIRST_MARKER,
};

enum
{
  PROPRIO_MARKER_FIELD_STATE,
  PROPRIO_MARKER_FIELD_X,
  PROPRIO_MARKER_FIELD_Y,
  PROPRIO_MARKER_FIELD_R,
  PROPRIO_MARKER_FIELD_QUALITY,
  PROPRIO_MARKER_N_FIELDS
};

#define PROPRIO_MARKER_SAMPLE_CHANNEL(marker, field) \
  (PROPRIO_MARKER_SAMPLE_FIRST_MARKER + (marker) * PROPRIO_MARKER_N_FIELDS + (field))
#define PROPRIO_MARKER_SAMPLE_N_CHANNELS \
  PROPRIO_MARKER_SAMPLE_CHANNEL (PROPRIO_N_MARKERS, 0)

/* One marker as a sample carries it: positions as shares of the frame. */
typedef struct
{
  ProprioMarkerState state;
  double             x, y;      /* 0–1 of width and height; NaN unless FOUND */
  double             radius;    /* share of the frame height; NaN unless FOUND */
  double             quality;   /* 0–1 */
} ProprioMarkerSampleMarker;

typedef struct
{
  gint64                    t_us;
  double                    angle_deg;   /* NaN: no angle */
  double                    quality;
  ProprioMarkerSampleMarker markers[PROPRIO_N_MARKERS];
} ProprioMarkerSampleView;

/* The channels of the stream, in order (names with units for files, short labels). */
const ProprioChannelInfo *proprio_marker_sample_channels (guint                       *n_channels);

/* A tracker's result for a frame of width × height pixels captured at t_us, as a sample. */
void                      proprio_marker_sample_pack     (const ProprioMarkerTrackerResult *result,
                                                          int                          width,
                                                          int                          height,
                                                          gint64                       t_us,
                                                          ProprioSample               *out);
/* Reads a sample of this stream back. FALSE (and `out` all unset, no angle) when it has too few
 * channels; a state out of range reads as LOST, non-finite positions of a found marker make it
 * LOST, and an angle outside 0–180° reads as none, so a damaged recording never shows a marker
 * or an angle that was not there. */
gboolean                  proprio_marker_sample_unpack   (const ProprioSample         *sample,
                                                          ProprioMarkerSampleView     *out);

/* A therapist's name for the marker, capitalised: "Hip", "Knee", "Ankle" (translated). */
const char               *proprio_marker_get_label       (ProprioMarkerId              marker);

G_END_DECLS
