/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-cop-exercise.h"
#include "proprio-los.h"

G_BEGIN_DECLS

/* Limits of stability test (NeuroCom-style), eight directions.
 *
 * Target distances: by default the theoretical limits (proprio_los_theoretical_distances ()) for
 * the patient's height (1.70 m when not given), each capped at 90 % of the board's half-size in
 * that direction so the target stays on the board; set_height () recomputes them, and
 * set_target_distance () overrides one direction.
 *
 * For each direction in the list (default F, FR, R, BR, B, BL, L, FL):
 *   COUNTDOWN  "hold still in the centre" for `hold` (default 3 s): anchored at the first CoP
 *              sample (first direction) or at the end of the previous trial. Losing the CoP for
 *              more than 1 s returns to WAITING.
 *   cue        at the end of the hold: the centre is the mean CoP of the last 0.5 s before it
 *              (the last CoP if none); all targets are placed around it; CUE event.
 *   RUNNING    for `trial` (default 8 s): "lean toward the target and hold". The trial ends at the
 *              first sample at or after cue + trial, or a tick 250 ms later (STOP event at the end
 *              instant). The trace from the start of the hold to the end is analysed with
 *              proprio_los_analyse () (reaction time, velocity, endpoint and maximal excursion,
 *              directional control). The target shows HIT when the CoP entered it, else MISSED.
 *              No CoP for more than 1 s: STEPPED_OFF, STEP_OFF event, PAUSED; proceed () runs
 *              the same direction again.
 * Results per direction, the polygon of maximal excursions for the view, and a ProprioLimits for
 * weight-shift training once all eight directions are measured.
 *
 * Settings (proprio_exercise_get_settings () / apply_settings ()):
 *   "directions" as           abbreviations "F", "FR", "R", "BR", "B", "BL", "L", "FL", each once
 *   "height-m" d              0 (not given) or 0.5–2.5; with the board size it gives the default
 *   "board-width-mm" d        target distances, which "target-distances-mm" ad (8, F…FL)
 *   "board-length-mm" d       overrides
 *   "hold-s" d  "trial-s" d  "threshold" d  "target-radius-mm" d
 * Results: "directions" aa{sv}, the run's directions in order ("direction" s, "name" s,
 *   "status" s ("not-run", "done", "no-movement", "stepped-off", "failed"), "message" s,
 *   "target-mm", "centre-x-mm", "centre-y-mm" d, "cue-us" x, "metrics" a{sv} (the fields of
 *   ProprioLosMetrics), the trace "t-us" ax, "x-mm" ad, "y-mm" ad); "polygon-mm" ad (16, NaN
 *   where not measured); "limits" a{sv} ("centre-mm" (dd), "excursion-mm" ad) once complete. */

typedef enum
{
  PROPRIO_LOS_STATUS_NOT_RUN,
  PROPRIO_LOS_STATUS_DONE,          /* all metrics valid (some may still be NAN, e.g. °/s) */
  PROPRIO_LOS_STATUS_NO_MOVEMENT,   /* no movement detected: only the max excursion is valid */
  PROPRIO_LOS_STATUS_STEPPED_OFF,
  PROPRIO_LOS_STATUS_FAILED,        /* too few samples or bad data: see message */
} ProprioLosStatus;

typedef struct
{
  ProprioDirection  direction;
  ProprioLosStatus  status;
  const char       *message;      /* why it is not DONE, else NULL */
  double            target_mm;
  double            centre_x_mm, centre_y_mm;
  gint64            cue_us;
  ProprioLosMetrics metrics;
  /* The trace (hold and trial), owned by the engine. */
  gsize             n;
  const gint64     *t_us;
  const double     *x_mm;
  const double     *y_mm;
} ProprioLosResult;

#define PROPRIO_TYPE_LOS_TEST (proprio_los_test_get_type ())
G_DECLARE_FINAL_TYPE (ProprioLosTest, proprio_los_test, PROPRIO, LOS_TEST, ProprioCopExercise)

ProprioLosTest         *proprio_los_test_new                 (void);

/* Configuration for the next start (): while the test runs a setter is refused with a warning
 * (see proprio-exercise.h). Results stay until the next start. */
void                    proprio_los_test_set_height          (ProprioLosTest         *self,
                                                              double                  height_m);
void                    proprio_los_test_set_board_size      (ProprioLosTest         *self,
                                                              double                  width_mm,
                                                              double                  length_mm);
void                    proprio_los_test_set_target_distance (ProprioLosTest         *self,
                                                              ProprioDirection        direction,
                                                              double                  distance_mm);
double                  proprio_los_test_get_target_distance (ProprioLosTest         *self,
                                                              ProprioDirection        direction);
void                    proprio_los_test_set_directions      (ProprioLosTest         *self,
                                                              const ProprioDirection *directions,
                                                              guint                   n_directions);
void                    proprio_los_test_set_hold            (ProprioLosTest         *self,
                                                              double                  seconds);
void                    proprio_los_test_set_trial_duration  (ProprioLosTest         *self,
                                                              double                  seconds);
/* Movement threshold as a fraction of the target distance per second (default 0.10). */
void                    proprio_los_test_set_threshold       (ProprioLosTest         *self,
                                                              double                  fraction);
void                    proprio_los_test_set_target_radius   (ProprioLosTest         *self,
                                                              double                  radius_mm);

/* The direction being tested, or -1. */
int                     proprio_los_test_get_current         (ProprioLosTest         *self);
const ProprioLosResult *proprio_los_test_get_result          (ProprioLosTest         *self,
                                                              ProprioDirection        direction);
/* Fills xy[2 · PROPRIO_N_DIRECTIONS] with eight points (x0, y0, x1, y1, …) in board mm, in
 * direction order F…FL: each direction's centre plus its maximal excursion (≥ 0) along it; NAN
 * for directions not measured. TRUE when all eight are measured. */
gboolean                proprio_los_test_get_polygon         (ProprioLosTest         *self,
                                                              double                 *xy);
/* The measured limits for weight-shift scaling: centre = mean of the trial centres. FALSE with a
 * message naming the directions still missing (or without a positive excursion). */
gboolean                proprio_los_test_get_limits          (ProprioLosTest         *self,
                                                              ProprioLimits          *out,
                                                              GError                **error);

G_END_DECLS
