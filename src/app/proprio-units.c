/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "proprio-units.h"

ProprioDistanceUnit
proprio_units_get_distance (GSettings *settings)
{
  if (settings == NULL)
    return PROPRIO_DISTANCE_MM;
  return g_settings_get_enum (settings, "distance-unit") == PROPRIO_DISTANCE_CM
         ? PROPRIO_DISTANCE_CM : PROPRIO_DISTANCE_MM;
}

double
proprio_units_distance (GSettings *settings,
                        double     mm)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? mm / 10.0 : mm;
}

double
proprio_units_area (GSettings *settings,
                    double     mm2)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? mm2 / 100.0 : mm2;
}

/* Unit symbols are the same in every language (SI): not translated. */
const char *
proprio_units_distance_symbol (GSettings *settings)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? "cm" : "mm";
}

const char *
proprio_units_area_symbol (GSettings *settings)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? "cm²" : "mm²";
}

const char *
proprio_units_speed_symbol (GSettings *settings)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? "cm/s" : "mm/s";
}

int
proprio_units_decimals (GSettings *settings,
                        int        mm_decimals)
{
  return proprio_units_get_distance (settings) == PROPRIO_DISTANCE_CM ? mm_decimals + 1
                                                                       : mm_decimals;
}
