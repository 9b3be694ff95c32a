/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-jps.h"
#include "proprio-match-exercise.h"

G_BEGIN_DECLS

/* Centre-of-pressure position matching ("cop-matching") on the balance board: the matching
 * protocol of proprio-match-exercise.h on the CoP (two axes, board mm: x + toward the patient's
 * right, y + forward). The patient shifts their weight to a target with the dot visible and holds
 * it, then reproduces that position with the dot hidden (feedback-visible FALSE). A sample
 * without CoP (nobody, or too little load, on the board) has no position: more than a second of
 * it during a trial makes the trial invalid, as stepping off the board.
 *
 * get_targets () shows the target of MEMORISE (ACTIVE, DWELLING with the memorise progress while
 * the CoP is within the tolerance, which is also its radius) and, with knowledge of results, in
 * RESULT (HIT when the reproduction fell within the tolerance, else MISSED); none otherwise.
 *
 * Defaults: targets 50 mm left, 50 mm right and 40 mm forward, 2 trials each (6) in random order,
 * start at the centre, tolerance 15 mm, still within 12 mm for 1 s after moving at least 20 mm
 * (quiet standing sways a few mm), faded feedback.
 *
 * Settings: those of proprio-match-exercise.h with <u> = "mm": "targets-mm" a(dd),
 * "start-mm" (dd), "tolerance-mm", "still-range-mm", "min-movement-mm".
 * Results: the base's, each trial with "target-x-mm", "target-y-mm", "reproduced-x-mm",
 * "reproduced-y-mm", "error-x-mm", "error-y-mm", "radial-error-mm" (NaN when invalid);
 * "targets" aa{sv} per target ("target-index" u, "target-x-mm", "target-y-mm", "n" u,
 * "n-excluded" u, "ce-x-mm", "ce-y-mm" (mean error per axis), "radial-error-mm" (mean radial
 * error), "radial-error-max-mm") and "overall" a{sv} (the same without the target keys), from
 * proprio_jps_compute_2d (). */

#define PROPRIO_TYPE_COP_MATCHING (proprio_cop_matching_get_type ())
G_DECLARE_FINAL_TYPE (ProprioCopMatching, proprio_cop_matching,
                      PROPRIO, COP_MATCHING, ProprioMatchExercise)

ProprioCopMatching *proprio_cop_matching_new         (void);

/* Overall (target_index -1) or one target of the current (or last) run; n == 0 and NaN without
 * a valid trial. */
void                proprio_cop_matching_get_metrics (ProprioCopMatching  *self,
                                                      int                  target_index,
                                                      ProprioJps2dMetrics *out);

G_END_DECLS
