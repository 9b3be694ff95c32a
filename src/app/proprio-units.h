/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The unit the therapist reads centre-of-pressure distances in (the "distance-unit"
 * preference): millimetres, as force-plate software and the literature report sway, or
 * centimetres, as many clinical forms do. The figures are computed and stored in mm; only what is
 * shown changes. `settings` may be NULL (then mm). */

typedef enum
{
  PROPRIO_DISTANCE_MM,
  PROPRIO_DISTANCE_CM,
} ProprioDistanceUnit;

ProprioDistanceUnit proprio_units_get_distance   (GSettings *settings);
/* `mm` in the unit shown. */
double              proprio_units_distance       (GSettings *settings,
                                                  double     mm);
/* `mm2` (an area) in the unit shown, squared. */
double              proprio_units_area           (GSettings *settings,
                                                  double     mm2);
/* "mm" or "cm"; "mm²" or "cm²"; "mm/s" or "cm/s". */
const char         *proprio_units_distance_symbol (GSettings *settings);
const char         *proprio_units_area_symbol    (GSettings *settings);
const char         *proprio_units_speed_symbol   (GSettings *settings);
/* Decimals for a figure that has `mm_decimals` in mm (one more in cm). */
int                 proprio_units_decimals       (GSettings *settings,
                                                  int        mm_decimals);

G_END_DECLS
