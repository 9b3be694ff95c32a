/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A synthetic leg seen from the side, for the marker tracker's tests and a simulated camera:
 * a background, the thigh and the shank as thick lines, and coloured discs at hip, knee and
 * ankle, with optional noise and blur. Packed RGB, 3 bytes per pixel. Deterministic: the same
 * scene and seed give the same bytes. */

typedef struct
{
  guint8 r, g, b;
} ProprioRgb;

typedef struct
{
  /* Geometry, in pixels (x right, y down) and degrees. */
  double     hip_x, hip_y;
  double     thigh_length, shank_length;
  double     thigh_direction_deg;   /* direction hip → knee, from +x, clockwise on screen */
  /* Interior angle at the knee, 0–180° (180° straight); the shank turns counter-clockwise on
   * screen from the straight line, so the ankle lies to the left of hip → knee. */
  double     knee_angle_deg;
  double     limb_width;
  double     marker_radius;

  ProprioRgb background, limb;
  ProprioRgb marker[3];             /* hip, knee, ankle */
  gboolean   hide_marker[3];

  double     noise;                 /* amplitude per channel, 0–255 (uniform ± noise) */
  guint      blur_radius;           /* box blur, applied twice (close to a Gaussian), 0: none */
  guint32    seed;
} ProprioLimbScene;

/* A leg in the middle of a width × height frame: thigh pointing down, straight knee (180°),
 * segments of 0.3 × height, green, magenta and blue markers of radius 0.03 × height on a grey
 * background, no noise, no blur. */
void proprio_limb_scene_init_default (ProprioLimbScene       *scene,
                                      int                     width,
                                      int                     height);

/* Hip, knee, ankle centres: points[i][0] = x, points[i][1] = y. */
void proprio_limb_scene_get_points   (const ProprioLimbScene *scene,
                                      double                  points[3][2]);

/* Draws the scene into rgb (rows of at least width × 3 bytes, `stride` apart). */
void proprio_limb_render             (const ProprioLimbScene *scene,
                                      guint8                 *rgb,
                                      int                     width,
                                      int                     height,
                                      gsize                   stride);

/* A filled, anti-aliased disc (also for extra blobs in tests). */
void proprio_limb_render_disc        (guint8                 *rgb,
                                      int                     width,
                                      int                     height,
                                      gsize                   stride,
                                      double                  cx,
                                      double                  cy,
                                      double                  radius,
                                      ProprioRgb              color);

G_END_DECLS
