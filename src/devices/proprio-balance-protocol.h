/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/proprio-stream.h"

G_BEGIN_DECLS

/* The Wii Balance Board's sensor spacing (Leach et al. 2014): a sensible default geometry. */
#define PROPRIO_BALANCE_DEFAULT_WIDTH_MM   433.0
#define PROPRIO_BALANCE_DEFAULT_LENGTH_MM  238.0
/* Below this total load nobody is standing on the board. */
#define PROPRIO_BALANCE_DEFAULT_MIN_LOAD   5.0

/* The channels of a "balance" stream: see core/proprio-stream.h. */

/* Centre of pressure from the four corner loads (any unit shared by all four) and the sensor
 * spacing: x is + toward the patient's right, y is + forward, both in the unit of the spacing.
 * Returns FALSE and sets both to NAN when the total is not positive, below `min_load`, a value
 * is not finite, or the result lies off the board (beyond half the spacing plus 5 %). */
gboolean proprio_balance_compute_cop (double  tl,
                                      double  tr,
                                      double  bl,
                                      double  br,
                                      double  width_mm,
                                      double  length_mm,
                                      double  min_load,
                                      double *x_mm,
                                      double *y_mm);

G_END_DECLS
