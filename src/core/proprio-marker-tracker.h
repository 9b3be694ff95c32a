/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Finds three coloured markers (hip, knee, ankle) in a video frame and the angle at the middle
 * one. Pure code on packed pixels, so it can be tested and fuzzed without a camera.
 *
 * Method: every colour is first classified through a table of 32 × 32 × 32 RGB cells (rebuilt
 * when a colour or tolerance changes) that says which markers' HSV ranges the cell falls in. A
 * frame is sampled on a grid (every pixel up to 320 × 180, every 2nd on 640 × 360, and so on);
 * the matching cells of each marker are split into 4-connected blobs. Blobs smaller than the
 * minimum area are noise. The largest blob is the marker; blobs within a quarter of its diameter
 * are pieces of it (a thin line across it); a blob of at least a quarter of its area further
 * away makes the marker ambiguous, and smaller ones only lower its quality. The centroid and
 * area are then measured at full resolution over the marker's box, so they are sub-pixel and
 * not quantised by the grid.
 *
 * Nothing is guessed: a marker with too few pixels is LOST, two separate blobs of its colour or a
 * colour range that overlaps another marker's make it AMBIGUOUS, and then there is no angle. The
 * tracker keeps no position from frame to frame, so a wrong frame never drags the next ones.
 *
 * Threads: one instance may be used from several threads; process() and the setters take the
 * instance's lock (process() holds it for the frame, a few milliseconds). */

typedef enum
{
  PROPRIO_PIXEL_FORMAT_RGB,    /* 3 bytes: R, G, B */
  PROPRIO_PIXEL_FORMAT_RGBX,   /* 4 bytes: R, G, B, ignored */
  PROPRIO_PIXEL_FORMAT_BGRX,   /* 4 bytes: B, G, R, ignored */
} ProprioPixelFormat;

/* Largest frame side accepted; a frame beyond it (or with a short stride) is not processed. */
#define PROPRIO_MARKER_FRAME_MAX_SIDE 16384

typedef struct
{
  const guint8       *data;
  int                 width, height;
  gsize               stride;   /* bytes from one row to the next, >= width × bytes per pixel */
  ProprioPixelFormat  format;
} ProprioMarkerFrame;

/* Hue in degrees [0, 360), saturation and value in [0, 1]. */
typedef struct
{
  double h, s, v;
} ProprioHsv;

/* A pixel matches when each of its hue (circular), saturation and value is within these
 * distances of the marker's colour. */
typedef struct
{
  double hue_deg;
  double saturation;
  double value;
} ProprioMarkerTolerance;

typedef enum
{
  PROPRIO_MARKER_HIP,
  PROPRIO_MARKER_KNEE,    /* the vertex of the angle */
  PROPRIO_MARKER_ANKLE,
  PROPRIO_N_MARKERS
} ProprioMarkerId;

typedef enum
{
  PROPRIO_MARKER_UNSET,            /* no colour chosen yet */
  PROPRIO_MARKER_FOUND,
  PROPRIO_MARKER_LOST,             /* no blob of at least the minimum area */
  PROPRIO_MARKER_AMBIGUOUS,        /* two separate blobs of the colour */
  PROPRIO_MARKER_COLOR_OVERLAP,    /* its colour range overlaps another marker's */
} ProprioMarkerState;

typedef struct
{
  ProprioMarkerState state;
  double             x, y;      /* centroid in frame pixels (centre of pixel (0,0) is 0.5, 0.5);
                                 * FOUND only */
  /* FOUND: the marker's matching pixels, counted at full resolution. LOST or AMBIGUOUS: all the
   * colour's matching pixels in the frame, estimated from the sampling grid (why it failed). */
  double             area_px;
  /* 0–1, FOUND only: how round and filled the blob is (area over the disc its box holds) times
   * the share of the colour's matching pixels that belong to it (the rest is stray noise). */
  double             quality;
} ProprioMarkerResult;

typedef struct
{
  ProprioMarkerResult markers[PROPRIO_N_MARKERS];
  gboolean            has_angle;   /* all three markers FOUND and hip, ankle apart from the knee */
  /* The angle at the knee between knee→hip and knee→ankle, 0–180°: 180° is a straight leg, so
   * the knee flexion is 180° − angle_deg. NaN when !has_angle. */
  double              angle_deg;
} ProprioMarkerTrackerResult;

typedef struct _ProprioMarkerTracker ProprioMarkerTracker;

/* Default tolerance (hue ±15°, saturation ±0.30, value ±0.35) and minimum area (20 pixels). */
ProprioMarkerTracker *proprio_marker_tracker_new           (void);
void                  proprio_marker_tracker_free          (ProprioMarkerTracker         *self);

void                  proprio_marker_tracker_set_color     (ProprioMarkerTracker         *self,
                                                            ProprioMarkerId               marker,
                                                            const ProprioHsv             *color);
void                  proprio_marker_tracker_unset_color   (ProprioMarkerTracker         *self,
                                                            ProprioMarkerId               marker);
/* The marker's colour, or FALSE when none is set. */
gboolean              proprio_marker_tracker_get_color     (ProprioMarkerTracker         *self,
                                                            ProprioMarkerId               marker,
                                                            ProprioHsv                   *out);
void                  proprio_marker_tracker_set_tolerance (ProprioMarkerTracker         *self,
                                                            ProprioMarkerId               marker,
                                                            const ProprioMarkerTolerance *tol);
void                  proprio_marker_tracker_get_tolerance (ProprioMarkerTracker         *self,
                                                            ProprioMarkerId               marker,
                                                            ProprioMarkerTolerance       *out);
/* Below this many matching pixels (full resolution) a blob is noise; default 20. */
void                  proprio_marker_tracker_set_min_area  (ProprioMarkerTracker         *self,
                                                            double                        min_area);

/* Returns FALSE, with every set marker LOST, when the frame cannot be read: a side of 0 or over
 * PROPRIO_MARKER_FRAME_MAX_SIDE, or a stride shorter than a row. The frame's bytes from data to
 * the end of the last row's pixels must be readable; nothing past them is read. */
gboolean              proprio_marker_tracker_process       (ProprioMarkerTracker         *self,
                                                            const ProprioMarkerFrame     *frame,
                                                            ProprioMarkerTrackerResult   *out);

/* The mean colour of the pixels within `radius` of (x, y) (a clicked pixel), as HSV. FALSE when
 * (x, y) is outside the frame or the frame cannot be read. */
gboolean              proprio_marker_pick_color            (const ProprioMarkerFrame     *frame,
                                                            int                           x,
                                                            int                           y,
                                                            int                           radius,
                                                            ProprioHsv                   *out);

void                  proprio_rgb_to_hsv                   (double                        r,
                                                            double                        g,
                                                            double                        b,
                                                            ProprioHsv                   *out);
/* Angle at b between b→a and b→c, 0–180°; NaN when a or c coincides with b. */
double                proprio_marker_angle_deg             (double                        ax,
                                                            double                        ay,
                                                            double                        bx,
                                                            double                        by,
                                                            double                        cx,
                                                            double                        cy);
const char           *proprio_marker_state_to_string       (ProprioMarkerState            state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioMarkerTracker, proprio_marker_tracker_free)

G_END_DECLS
