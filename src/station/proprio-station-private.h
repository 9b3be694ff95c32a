/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "exercises/proprio-pacer.h"
#include "proprio-station.h"

G_BEGIN_DECLS

/* Between the files of ProprioStation. */

/* The station's pacer and what keeps it ticking (proprio-station-pacer.c). */
typedef struct _ProprioStationPacer ProprioStationPacer;

ProprioStationPacer *_proprio_station_pacer_new     (void);
void                 _proprio_station_pacer_free    (ProprioStationPacer *self);
ProprioPacer        *_proprio_station_pacer_get     (ProprioStationPacer *self);

/* What a simulated patient does for a running matching exercise (joint angle and CoP), on top
 * of what proprio_station_intent_for_exercise () already set (proprio-station-joint.c). */
void                 _proprio_station_match_intent  (ProprioExercise     *exercise,
                                                     ProprioSimIntent    *intent);

G_END_DECLS
