/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Value types and pure math for the therapist's overlays on the mirror video. No GObject, no GTK:
 * the model, the editor widget, the snapshot export and the fuzzer all share it.
 *
 * Coordinates. Shapes live in NORMALISED video coordinates: (0, 0) is the top-left corner of the
 * video as shown (already mirrored), (1, 1) the bottom-right. A therapist's plumb line at the
 * patient's midline then stays on the midline when the window is resized, when the camera switches
 * from 640×480 to 1280×720, and when a template is reused with another camera. Anything metric
 * (an angle, a circle's roundness) is computed in video PIXELS from the video size, so a 45° line
 * on a 16:9 video reads 45°, never the distorted value of the unit square. */

typedef struct
{
  double x;
  double y;
} ProprioOverlayPoint;

typedef enum
{
  PROPRIO_OVERLAY_PLUMB,   /* vertical line through the whole video at p[0].x */
  PROPRIO_OVERLAY_LEVEL,   /* horizontal line through the whole video at p[0].y */
  PROPRIO_OVERLAY_GRID,    /* lines through p[0], spaced p[1] - p[0] apart, over the whole video */
  PROPRIO_OVERLAY_LINE,    /* segment p[0]–p[1] */
  PROPRIO_OVERLAY_CIRCLE,  /* centre p[0], p[1] on the rim (round in video pixels) */
  PROPRIO_OVERLAY_ANGLE,   /* arms p[1]→p[0] and p[1]→p[2]; the angle is at the vertex p[1] */
  PROPRIO_OVERLAY_N_KINDS
} ProprioOverlayKind;

#define PROPRIO_OVERLAY_MAX_POINTS 3
/* The smallest grid cell, as a fraction of the video: at most 50 lines each way. */
#define PROPRIO_OVERLAY_GRID_MIN_CELL 0.02

typedef struct
{
  guint               id;     /* given by the overlay, unique within it; 0 = none */
  ProprioOverlayKind  kind;
  ProprioOverlayPoint p[PROPRIO_OVERLAY_MAX_POINTS];
} ProprioOverlayShape;

/* Where the video shows inside a widget: "contain", centred, the same placement GtkPicture uses
 * (scale exact; offsets truncated to whole pixels, as GtkPicture translates by an int), so the
 * overlay lines up with the picture under it to the pixel. */
typedef struct
{
  double x;            /* left edge of the picture in widget pixels */
  double y;            /* top edge of the picture in widget pixels */
  double width;        /* picture width in widget pixels = video_width * scale */
  double height;       /* picture height in widget pixels = video_height * scale */
  double scale;        /* widget pixels per video pixel */
  int    video_width;
  int    video_height;
} ProprioOverlayFit;

/* Number of points a kind uses (1, 2 or 3); 0 for an invalid kind. */
guint       proprio_overlay_kind_n_points    (ProprioOverlayKind         kind);
/* "plumb", "level", "grid", "line", "circle", "angle"; NULL for an invalid kind. */
const char *proprio_overlay_kind_to_string   (ProprioOverlayKind         kind);
/* FALSE when `name` is no kind. */
gboolean    proprio_overlay_kind_from_string (const char                *name,
                                              ProprioOverlayKind        *out_kind);

/* A video size of 0 (unknown) is fitted as if it were the widget's own size. */
void        proprio_overlay_fit_contain      (ProprioOverlayFit         *fit,
                                              int                        video_width,
                                              int                        video_height,
                                              double                     widget_width,
                                              double                     widget_height);
/* Widget pixels → normalised video coordinates (outside 0..1 over the letterbox bars). */
ProprioOverlayPoint proprio_overlay_fit_to_video  (const ProprioOverlayFit *fit,
                                                   double                   widget_x,
                                                   double                   widget_y);
/* Normalised video coordinates → widget pixels. */
void        proprio_overlay_fit_to_widget    (const ProprioOverlayFit   *fit,
                                              ProprioOverlayPoint        video,
                                              double                    *widget_x,
                                              double                    *widget_y);

/* Distance from (px, py) to the segment a–b (to a when a == b). */
double      proprio_overlay_distance_to_segment (double ax, double ay,
                                                 double bx, double by,
                                                 double px, double py);
/* Angle a–v–b at the vertex v in degrees, 0..180; NaN when an arm has no length. */
double      proprio_overlay_angle_deg        (double ax, double ay,
                                              double vx, double vy,
                                              double bx, double by);
/* The angle of an ANGLE shape measured in video pixels; NaN for other kinds. */
double      proprio_overlay_shape_angle      (const ProprioOverlayShape *shape,
                                              int                        video_width,
                                              int                        video_height);

/* The positions (normalised) of a grid's lines along one axis: origin + k·step for every integer
 * k that falls in 0..1, ascending, at most `max`. Returns how many were written. */
guint       proprio_overlay_grid_lines       (double                     origin,
                                              double                     step,
                                              double                    *out,
                                              guint                      max);

/* Hit test in widget pixels. TRUE when (x, y) lies within `tolerance` (inclusive) of the drawn
 * shape. `out_handle` (may be NULL) gets the index of the point handle within tolerance, the closest
 * one, or -1 when only the body is hit; `out_distance` (may be NULL) the distance to the nearest
 * of body and handles. */
gboolean    proprio_overlay_shape_hit        (const ProprioOverlayShape *shape,
                                              const ProprioOverlayFit   *fit,
                                              double                     x,
                                              double                     y,
                                              double                     tolerance,
                                              int                       *out_handle,
                                              double                    *out_distance);

/* Points of a shape in range, finite, of a valid kind and (grids) with a cell of at least
 * PROPRIO_OVERLAY_GRID_MIN_CELL each way. */
gboolean    proprio_overlay_shape_is_valid   (const ProprioOverlayShape *shape);
/* Same kind and the same points (ids are not compared). */
gboolean    proprio_overlay_shape_equal      (const ProprioOverlayShape *a,
                                              const ProprioOverlayShape *b);

G_END_DECLS
