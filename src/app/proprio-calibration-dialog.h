/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "devices/proprio-device.h"
#include "station/proprio-station.h"

G_BEGIN_DECLS

/* Calibration of a balance board, in three steps: tare the empty board (2 s average of the four
 * corners), check with a known weight (measured vs known, error %, gain), sensor spacing.
 *
 * The balance protocol turns a corner's raw value into kg as (raw − tare) · gain. The device's
 * samples already carry the current spec's tare and gain, so the new ones are derived from them:
 *   new tare = old tare + mean empty reading / old gain
 *   measured = Σ (mean loaded − mean empty) over the corners (kg under the new tare)
 *   new gain = old gain · known / measured
 * "Apply" stores the spacing in GSettings, hands the station the device's spec carrying tare=,
 * gain= and geometry= options (proprio_station_apply_calibration: the station reconnects the board
 * and every window follows), and emits "applied" with that spec. */

#define PROPRIO_CALIBRATION_CORNERS 4
/* How long each measurement averages. */
#define PROPRIO_CALIBRATION_MEASURE_US (2 * G_USEC_PER_SEC)

#define PROPRIO_TYPE_CALIBRATION_DIALOG (proprio_calibration_dialog_get_type ())

G_DECLARE_FINAL_TYPE (ProprioCalibrationDialog, proprio_calibration_dialog, PROPRIO,
                      CALIBRATION_DIALOG, AdwWindow)

/* Calibrates the station's device (a balance board). */
GtkWidget *proprio_calibration_dialog_new       (ProprioStation            *station,
                                                 GSettings                 *settings);
/* The spec "Apply" would emit now, or NULL (error set) when the device's spec is not valid. */
char      *proprio_calibration_dialog_get_spec  (ProprioCalibrationDialog  *self,
                                                 GError                   **error);

/* The calibration arithmetic, without widgets. */
/* Reads tare= and gain= of a spec (defaults 0 and 1). */
gboolean   proprio_calibration_read_spec        (const char                *spec,
                                                 double                     tare[PROPRIO_CALIBRATION_CORNERS],
                                                 double                     gain[PROPRIO_CALIBRATION_CORNERS],
                                                 GError                   **error);
void       proprio_calibration_compute_tare     (const double              old_tare[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              old_gain[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                                 double                    new_tare[PROPRIO_CALIBRATION_CORNERS]);
/* Returns the measured load (NAN, new_gain untouched, when it is not positive). */
double     proprio_calibration_compute_gain     (const double              old_gain[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              mean_loaded[PROPRIO_CALIBRATION_CORNERS],
                                                 double                    known_kg,
                                                 double                    new_gain[PROPRIO_CALIBRATION_CORNERS]);
/* `spec` with tare=, gain= and geometry=WIDTHxLENGTH set (other options kept). */
char      *proprio_calibration_build_spec       (const char                *spec,
                                                 const double              tare[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              gain[PROPRIO_CALIBRATION_CORNERS],
                                                 double                    width_mm,
                                                 double                    length_mm,
                                                 GError                   **error);

G_END_DECLS
