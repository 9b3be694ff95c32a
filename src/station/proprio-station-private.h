/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "exercises/proprio-pacer.h"

G_BEGIN_DECLS

/* Between the files of ProprioStation. */

/* The station's pacer and what keeps it ticking (proprio-station-pacer.c). */
typedef struct _ProprioStationPacer ProprioStationPacer;

ProprioStationPacer *_proprio_station_pacer_new     (void);
void                 _proprio_station_pacer_free    (ProprioStationPacer *self);
ProprioPacer        *_proprio_station_pacer_get     (ProprioStationPacer *self);

G_END_DECLS
