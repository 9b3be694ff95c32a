/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits of stability (LOS): the eight directions, the measured limits that weight-shift training
 * scales its targets to, and the per-direction analysis of one LOS trial. The measures (reaction
 * time, movement velocity, endpoint and maximal excursion, directional control) follow the
 * NeuroCom Balance Master LOS protocol; the exact detection rules below are ours and stated in
 * full so that figures can be reproduced.
 *
 * Board coordinates: x medio-lateral (+ patient's right), y antero-posterior (+ forward), mm. */

typedef enum
{
  PROPRIO_DIRECTION_FORWARD,
  PROPRIO_DIRECTION_FORWARD_RIGHT,
  PROPRIO_DIRECTION_RIGHT,
  PROPRIO_DIRECTION_BACKWARD_RIGHT,
  PROPRIO_DIRECTION_BACKWARD,
  PROPRIO_DIRECTION_BACKWARD_LEFT,
  PROPRIO_DIRECTION_LEFT,
  PROPRIO_DIRECTION_FORWARD_LEFT,
} ProprioDirection;

#define PROPRIO_N_DIRECTIONS 8

/* Unit vector of a direction (diagonals at 45°). */
void        proprio_direction_get_unit   (ProprioDirection  direction,
                                          double           *ux,
                                          double           *uy);
/* Translated name ("Forward right") and untranslated abbreviation for file headers ("FR"). */
const char *proprio_direction_get_name   (ProprioDirection  direction);
const char *proprio_direction_get_abbrev (ProprioDirection  direction);

/* The measured limits: from `centre`, the maximal excursion reached along each direction. */
typedef struct
{
  double centre_x_mm;
  double centre_y_mm;
  double max_excursion_mm[PROPRIO_N_DIRECTIONS];
} ProprioLimits;

/* TRUE when the centre is finite and all eight excursions are finite and > 0. */
gboolean proprio_limits_is_valid (const ProprioLimits *limits);
/* Distance from the centre to the LOS polygon (the eight excursion points joined by straight
 * edges) along the unit vector (ux, uy). NAN when the limits are not valid. */
double   proprio_limits_reach    (const ProprioLimits *limits,
                                  double               ux,
                                  double               uy);

/* Theoretical limits (NeuroCom): 8° forward, 4.5° backward, 8° to each side, as sway angles of
 * the centre of gravity about the ankles at a height of 0.55 × body height; diagonals on the
 * ellipse through those four. distance = 0.55 · height · tan(angle). */
void     proprio_los_theoretical_distances (double height_m,
                                            double distances_mm[PROPRIO_N_DIRECTIONS]);

/* The fraction of body height at which the centre of gravity is taken to sit, for °/s and for the
 * theoretical limits (NeuroCom uses 0.5527; the difference is below 0.5 %). */
#define PROPRIO_LOS_COG_HEIGHT_FRACTION 0.55

#define PROPRIO_LOS_ERROR (proprio_los_error_quark ())

typedef enum
{
  PROPRIO_LOS_ERROR_INVALID,          /* bad arguments: target distance, times */
  PROPRIO_LOS_ERROR_TOO_FEW_SAMPLES,  /* fewer than PROPRIO_LOS_MIN_SAMPLES after the cue */
  PROPRIO_LOS_ERROR_NO_MOVEMENT,      /* no sustained movement toward the target */
  PROPRIO_LOS_ERROR_INCOMPLETE,       /* limits asked for before all directions were measured */
} ProprioLosError;

GQuark proprio_los_error_quark (void);

#define PROPRIO_LOS_MIN_SAMPLES 10

/* How the analysis finds the movement (see proprio_los_analyse ()). */
#define PROPRIO_LOS_VELOCITY_WINDOW_US G_GINT64_CONSTANT (50000)
#define PROPRIO_LOS_SUSTAIN_US         G_GINT64_CONSTANT (100000)
#define PROPRIO_LOS_DEFAULT_THRESHOLD  0.10   /* of the target distance, per second */

typedef struct
{
  double reaction_time_s;          /* cue → movement onset */
  double movement_velocity_mm_s;   /* mean, 5 %–95 % of the primary movement */
  double movement_velocity_deg_s;  /* same in degrees of COG sway; NAN without a height */
  double endpoint_mm;              /* on-axis excursion at the end of the primary movement */
  double endpoint_pct;             /* % of the target distance */
  double max_excursion_mm;         /* largest on-axis excursion during the trial */
  double max_excursion_pct;
  double max_x_mm, max_y_mm;       /* the CoP where that maximum occurred */
  double directional_control_pct;  /* 100 · (on − off) / on over the primary movement */
  double onset_s, end_s;           /* onset and end of the primary movement, s after the cue */
} ProprioLosMetrics;

/* Analyses one trial toward `direction`. The trace may start before the cue (it is used for the
 * velocity window only); samples after the cue are analysed. With x, y relative to (cx, cy):
 *   u = on-axis displacement (toward the target), w = off-axis displacement.
 *   v(i) = (u(i) − u(j)) / (t(i) − t(j)), j the latest sample at least 50 ms before i.
 *   threshold = threshold_fraction × target distance, per second (default 10 %: 10 mm/s at 100 mm).
 *   Onset: the first sample i after the cue from which v stays ≥ threshold for 100 ms; the movement
 *     began in the interval ending at i, so onset time = t(i − 1). Reaction time = onset − cue.
 *   Primary movement end: the first later sample from which v stays < threshold for 100 ms (or the
 *     trace's end); the endpoint is the sample of largest u between onset and there.
 *   Endpoint excursion = u(endpoint); % of the target distance.
 *   Movement velocity = mean velocity between the instants u first crosses 5 % and 95 % of the
 *     primary movement (u(onset) → u(endpoint)), linearly interpolated between samples; in °/s
 *     with the sway angle atan(u / (0.55 × height)) when height_m > 0.
 *   Maximum excursion = largest u after the cue; % of the target distance.
 *   Directional control (NeuroCom): over the primary movement, on = Σ max(Δu, 0) (movement toward
 *     the target), off = Σ |Δw| + Σ max(−Δu, 0) (sideways and backward movement);
 *     100 × (on − off) / on. A straight movement gives 100 %; it can fall below 0 when extraneous
 *     movement exceeds intended movement.
 * Undefined figures are NAN. Returns FALSE with PROPRIO_LOS_ERROR_NO_MOVEMENT when no onset was
 * found: then `out` still holds the maximum excursion (everything else NAN). */
gboolean proprio_los_analyse (const gint64      *t_us,
                              const double      *x_mm,
                              const double      *y_mm,
                              gsize              n,
                              gint64             cue_us,
                              double             cx_mm,
                              double             cy_mm,
                              ProprioDirection   direction,
                              double             target_mm,
                              double             threshold_fraction,
                              double             height_m,
                              ProprioLosMetrics *out,
                              GError           **error);

G_END_DECLS
