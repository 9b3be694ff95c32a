/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-cop-exercise.h"
#include "proprio-los.h"

G_BEGIN_DECLS

/* Weight-shift training: the patient moves their centre of pressure (CoP) into targets.
 *
 * Targets: a preset (left/right, front/back, the eight directions, random) or placed by the
 * therapist (add / move / remove, board mm). Preset targets sit at `distance` mm from the board
 * centre — or, once the patient's limits of stability are set, at `los-percent` (default 75 %)
 * of the measured limit in that direction, from the limits' centre. Random targets (fixed seed,
 * so a session can be repeated) lie uniformly over the ring between half and the full reach
 * (distance, or los-percent of the LOS polygon along a random direction). Every target is kept on
 * the board: its centre at least a radius inside the board's edges.
 *
 * Run: WAITING until a CoP → COUNTDOWN (default 3 s, anchored at that sample) → RUNNING. The
 * targets are presented one after another in list order, `repetitions` times (CUE event at each
 * presentation). On each sample the CoP is inside when its distance to the target centre is
 * ≤ the radius; it must stay inside continuously for the dwell time (default 1 s): leaving,
 * or a sample without CoP, restarts the dwell. Hit at the sample that completes the dwell
 * (TARGET_HIT event); the next target is presented at that instant. Not hit within the timeout
 * (default 10 s) after presentation: missed at presentation + timeout (TARGET_MISSED event).
 * No CoP for more than 1 s: the current presentation is abandoned (not scored), the exercise
 * waits for the patient and presents the same target again.
 *
 * Per presentation:
 *   time to target = start of the dwell that led to the hit − presentation (s)
 *   time to hit    = hit − presentation (s) (≥ the dwell time)
 *   path length    = CoP path from the last CoP before presentation to the start of that dwell (mm)
 *   score          hit: 100 − 50 · clamp((time to hit − dwell) / (timeout − dwell), 0, 1), so an
 *                  immediate hit scores 100 and a hit at the timeout 50; missed: 0.
 * Summary: hits, misses, mean time to target and mean path length over hits, and the session
 * score = mean of the presentation scores (0–100).
 *
 * A run works on a copy of the configuration and of the target layout: editing the layout after a
 * run shows the new layout (get_targets ()) while the run's trials stay, each with the target it
 * presented.
 *
 * Settings (proprio_exercise_get_settings () / apply_settings ()):
 *   "preset" s             "custom", "left-right", "front-back", "eight-directions", "random"
 *   "distance-mm" d        "los-percent" d        "target-radius-mm" d
 *   "limits-centre-mm" (dd) and "limits-excursion-mm" ad (8, F…FL): both or neither; absent
 *                          when no limits are set
 *   "random-count" u       "random-seed" u
 *   "dwell-s" d            "timeout-s" d (> dwell)  "countdown-s" d   "repetitions" u
 *   "board-width-mm" d     "board-length-mm" d
 *   "targets-mm" a(dd)     the layout; applied only with the "custom" preset
 * Results: "trials" aa{sv} ("target-index" u, "target-x-mm", "target-y-mm", "target-radius-mm",
 *   "outcome" s ("hit"/"missed"), "presented-us" x, "time-to-target-s", "time-to-hit-s",
 *   "path-length-mm", "score" d), "targets-mm" a(ddd) (the run's layout: x, y, radius),
 *   "summary" a{sv} (the fields of ProprioWeightShiftSummary). */

typedef enum
{
  PROPRIO_WEIGHT_SHIFT_CUSTOM,            /* placed by the therapist */
  PROPRIO_WEIGHT_SHIFT_LEFT_RIGHT,        /* L, R */
  PROPRIO_WEIGHT_SHIFT_FRONT_BACK,        /* F, B */
  PROPRIO_WEIGHT_SHIFT_EIGHT_DIRECTIONS,  /* F, FR, R, BR, B, BL, L, FL */
  PROPRIO_WEIGHT_SHIFT_RANDOM,
} ProprioWeightShiftPreset;

typedef struct
{
  guint              target_index;     /* into the run's target list */
  ProprioTargetState outcome;          /* HIT or MISSED */
  gint64             presented_us;
  double             time_to_target_s; /* NAN when missed */
  double             time_to_hit_s;    /* NAN when missed */
  double             path_length_mm;   /* to the held entry; when missed: the whole path */
  double             score;            /* 0–100 */
  double             target_x_mm;      /* the target as presented, so a trial stays readable */
  double             target_y_mm;      /* after the layout is edited */
  double             target_radius_mm;
} ProprioWeightShiftTrial;

typedef struct
{
  guint  n_presented;
  guint  n_hits;
  guint  n_missed;
  double mean_time_to_target_s;   /* over hits; NAN without hits */
  double mean_path_length_mm;     /* over hits; NAN without hits */
  double score;                   /* 0–100; NAN before any presentation ended */
} ProprioWeightShiftSummary;

#define PROPRIO_TYPE_WEIGHT_SHIFT (proprio_weight_shift_get_type ())
G_DECLARE_FINAL_TYPE (ProprioWeightShift, proprio_weight_shift,
                      PROPRIO, WEIGHT_SHIFT, ProprioCopExercise)

ProprioWeightShift *proprio_weight_shift_new              (void);

/* Configuration for the next start (): while the exercise runs a setter is refused with a
 * warning (see proprio-exercise.h). Preset, distance, LOS percent, limits, random count/seed,
 * radius and board size regenerate preset targets. */
void     proprio_weight_shift_set_preset         (ProprioWeightShift       *self,
                                                  ProprioWeightShiftPreset  preset);
ProprioWeightShiftPreset
         proprio_weight_shift_get_preset         (ProprioWeightShift       *self);
void     proprio_weight_shift_set_distance       (ProprioWeightShift       *self,
                                                  double                    distance_mm);
void     proprio_weight_shift_set_random         (ProprioWeightShift       *self,
                                                  guint                     count,
                                                  guint32                   seed);
/* NULL clears the limits (back to `distance`). Invalid limits are refused. */
void     proprio_weight_shift_set_limits         (ProprioWeightShift       *self,
                                                  const ProprioLimits      *limits);
gboolean proprio_weight_shift_has_limits         (ProprioWeightShift       *self);
void     proprio_weight_shift_set_los_percent    (ProprioWeightShift       *self,
                                                  double                    percent);
void     proprio_weight_shift_set_target_radius  (ProprioWeightShift       *self,
                                                  double                    radius_mm);
/* The timeout must exceed the dwell (the score divides by the difference): a dwell at or above
 * the timeout raises the timeout to dwell + 1 s; set_timeout refuses one ≤ the dwell. */
void     proprio_weight_shift_set_dwell          (ProprioWeightShift       *self,
                                                  double                    seconds);
void     proprio_weight_shift_set_timeout        (ProprioWeightShift       *self,
                                                  double                    seconds);
void     proprio_weight_shift_set_countdown      (ProprioWeightShift       *self,
                                                  double                    seconds);
void     proprio_weight_shift_set_repetitions    (ProprioWeightShift       *self,
                                                  guint                     repetitions);
/* Sensor spacing side to side and front to back (default 433 × 238 mm, the Wii board). */
void     proprio_weight_shift_set_board_size     (ProprioWeightShift       *self,
                                                  double                    width_mm,
                                                  double                    length_mm);

/* The therapist's own targets (switch the preset to CUSTOM, keeping the current targets). */
guint    proprio_weight_shift_add_target         (ProprioWeightShift       *self,
                                                  double                    x_mm,
                                                  double                    y_mm);
gboolean proprio_weight_shift_move_target        (ProprioWeightShift       *self,
                                                  guint                     index,
                                                  double                    x_mm,
                                                  double                    y_mm);
gboolean proprio_weight_shift_remove_target      (ProprioWeightShift       *self,
                                                  guint                     index);
void     proprio_weight_shift_clear_targets      (ProprioWeightShift       *self);

/* 0..1: how much of the dwell time the CoP has held the current target (0 when outside or
 * when no target is presented); the time left of the target's timeout is
 * proprio_exercise_get_time_left (). */
double   proprio_weight_shift_get_dwell_progress (ProprioWeightShift       *self);

/* Index of the target being presented, or -1. */
int      proprio_weight_shift_get_current_target (ProprioWeightShift       *self);
guint    proprio_weight_shift_get_n_trials       (ProprioWeightShift       *self);
const ProprioWeightShiftTrial *
         proprio_weight_shift_get_trial          (ProprioWeightShift       *self,
                                                  guint                     index);
void     proprio_weight_shift_get_summary        (ProprioWeightShift       *self,
                                                  ProprioWeightShiftSummary *out);

G_END_DECLS
