/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-jps.h"
#include "proprio-match-exercise.h"

G_BEGIN_DECLS

/* Joint-position matching ("jps-protocol"): the matching protocol of proprio-match-exercise.h on
 * a joint angle. It consumes the ANGLE stream, whatever its source (a goniometer, an IMU board,
 * the camera's marker tracker): channel 0 is the angle in degrees, NaN when there is none (a
 * marker lost or ambiguous); a sample without channels or with an infinite angle is invalid.
 * Angles are in the source's own convention (a goniometer's flexion, the tracker's interior
 * angle): targets, start and errors are simply in the same degrees.
 *
 * Defaults: targets 45° and 60°, 3 trials each (6 trials) in random order, start 90° (a knee
 * seated with the leg hanging, in flexion), tolerance 3°, still within 2° for 1 s after moving at
 * least 5°, faded feedback (blocks of 2 trials: 100 %, 50 %, 0 %).
 *
 * Settings: those of proprio-match-exercise.h with <u> = "deg": "targets-deg" ad, "start-deg" d,
 * "tolerance-deg", "still-range-deg", "min-movement-deg".
 * Results: the base's, each trial with "target-deg", "memorised-deg", "reproduced-deg",
 * "error-deg" (reproduced − target) and "absolute-error-deg" (NaN when invalid); "targets"
 * aa{sv} per target in list order ("target-index" u, "target-deg" d, "n" u, "n-excluded" u,
 * "ce-deg", "ae-deg", "ve-deg", "e-deg": NaN without a valid trial) and "overall" a{sv} (the same
 * without the target keys), with core/proprio-jps.h's definitions: CE = mean error, AE = mean
 * absolute error, VE = population SD of the errors, E = √(CE² + VE²). */

#define PROPRIO_TYPE_JPS_PROTOCOL (proprio_jps_protocol_get_type ())
G_DECLARE_FINAL_TYPE (ProprioJpsProtocol, proprio_jps_protocol,
                      PROPRIO, JPS_PROTOCOL, ProprioMatchExercise)

ProprioJpsProtocol *proprio_jps_protocol_new         (void);

/* The error metrics of the current (or last) run: overall (target_index -1) or of one target of
 * the run. n == 0 and NaN metrics without a valid trial. */
void                proprio_jps_protocol_get_metrics (ProprioJpsProtocol *self,
                                                      int                 target_index,
                                                      ProprioJpsMetrics  *out);

G_END_DECLS
