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

/* Sanity checks, each refused with a message that says what is probably wrong:
 * - the empty board, after the current tare, reads at most 5 kg on every corner: a board's own
 *   drift and what rests on it stay well under that, while anyone standing on it puts 15 kg or
 *   more on each corner (the simulated person puts 70 kg on the board);
 * - the known weight is 1 to 200 kg (the spin button allows nothing else);
 * - with it on the board every corner's reading goes up (none goes down by over a tenth of the
 *   load), and the load measured is 0.5 to 2 times the weight typed, so the gain changes by a
 *   factor of 0.5 to 2 at most: a wrong weight typed, a weight partly off the board or a second
 *   load falls outside that, a load cell slightly off does not.
 * Readings in raw counts (units=counts without gain=) have no kg scale yet: the kg bounds do not
 * apply to them, the corner check does.
 * "Apply" is enabled once the board was tared (the latest tare succeeded), and, when a
 * known-weight step was started, once the latest weighing succeeded. */
#define PROPRIO_CALIBRATION_EMPTY_MAX_KG   5.0
#define PROPRIO_CALIBRATION_KNOWN_MIN_KG   1.0
#define PROPRIO_CALIBRATION_KNOWN_MAX_KG   200.0
#define PROPRIO_CALIBRATION_GAIN_MIN_RATIO 0.5
#define PROPRIO_CALIBRATION_GAIN_MAX_RATIO 2.0
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

/* Measures `samples` as if the board had sent them: for tests and replays (scripted samples give
 * exact results). Samples before the measurement started are only shown. */
void       proprio_calibration_dialog_push_samples (ProprioCalibrationDialog *self,
                                                    const ProprioSample      *samples,
                                                    gsize                     n);

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
/* Whether the board of `spec` reads kg: not units=counts, or a gain= that scales counts to kg. */
gboolean   proprio_calibration_spec_reads_kg    (const char                *spec);
/* NULL when the empty board's mean corner readings (after the current tare) are plausible;
 * else what is wrong, for the therapist. */
char      *proprio_calibration_check_empty  (const double mean_empty[PROPRIO_CALIBRATION_CORNERS]);
/* NULL when the known weight and the load measured with it (the corners' means, empty and
 * loaded) fit together; else what is probably wrong. `in_kg`: the readings are kg. */
char      *proprio_calibration_check_weight (const double mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                             const double mean_loaded[PROPRIO_CALIBRATION_CORNERS],
                                             double       known_kg,
                                             gboolean     in_kg);
/* `spec` with tare=, gain= and geometry=WIDTHxLENGTH set (other options kept). */
char      *proprio_calibration_build_spec       (const char                *spec,
                                                 const double              tare[PROPRIO_CALIBRATION_CORNERS],
                                                 const double              gain[PROPRIO_CALIBRATION_CORNERS],
                                                 double                    width_mm,
                                                 double                    length_mm,
                                                 GError                   **error);

G_END_DECLS
