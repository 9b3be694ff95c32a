/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-station.h"

G_BEGIN_DECLS

/* Between the files of ProprioStation: proprio-station-joint.c holds what the position-matching
 * exercises need from the station. */

/* Before an exercise on the ANGLE stream starts: the device gives a joint angle. */
gboolean _proprio_station_joint_prepare  (ProprioStation   *self,
                                          ProprioExercise  *exercise,
                                          GError          **error);
/* What a simulated patient does for a running matching exercise (joint angle and CoP), on top
 * of what proprio_station_intent_for_exercise () already set. */
void     _proprio_station_match_intent   (ProprioExercise  *exercise,
                                          ProprioSimIntent *intent);

G_END_DECLS
