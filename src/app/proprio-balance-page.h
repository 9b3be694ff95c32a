/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/proprio-sample.h"
#include "devices/proprio-device.h"
#include "exercises/proprio-exercise.h"
#include "station/proprio-station.h"

G_BEGIN_DECLS

/* The Balance work area: the live centre-of-pressure view, the static balance test (mCTSIB),
 * weight-shift training, the limits-of-stability test and CoP position matching, with their
 * settings and results, and the board's calibration. Position matching lives here rather than on
 * the Joint position page because it is done on the board: its device, view, calibration and
 * mirror setting are this page's, and a therapist looks for board exercises in this list.
 *
 * A view of the station (station/proprio-station.h): the device, the engines and their results
 * live there, so a page can be rebuilt, hidden or doubled (a second window) without losing a
 * measurement. The page only shows them and applies its settings to the station's engines.
 *
 * Properties:
 *   "station"        (ProprioStation *, construct-only) what the page shows.
 *   "device"         (ProprioDevice *, read-only) the station's device; anything but a balance
 *                    device (or NULL) shows a message instead of the view.
 *   "exercise"       (ProprioBalanceExercise) the exercise chosen in the side panel: the
 *                    station's "exercise-id".
 *   "sound-enabled"  (gboolean) the station's cues are heard.
 *
 * Actions (group "balance"): balance.start, balance.stop, balance.next, balance.retry,
 * balance.calibrate. The keys (Space, Ctrl+Return, Escape) are the window's: see
 * proprio-window-actions.c, so they work whatever has the focus. Calibration goes to the
 * station directly. */

typedef enum
{
  PROPRIO_BALANCE_EXERCISE_LIVE,
  PROPRIO_BALANCE_EXERCISE_STATIC,
  PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT,
  PROPRIO_BALANCE_EXERCISE_LOS,
  PROPRIO_BALANCE_EXERCISE_MATCHING,    /* CoP position matching ("cop-matching") */
} ProprioBalanceExercise;

#define PROPRIO_BALANCE_N_EXERCISES 5

GType proprio_balance_exercise_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_BALANCE_EXERCISE (proprio_balance_exercise_get_type ())

#define PROPRIO_TYPE_BALANCE_PAGE (proprio_balance_page_get_type ())

G_DECLARE_FINAL_TYPE (ProprioBalancePage, proprio_balance_page, PROPRIO, BALANCE_PAGE, GtkWidget)

/* `settings` (io.github.proprio.Proprio) gives the board geometry and the mirror setting. */
GtkWidget             *proprio_balance_page_new               (ProprioStation         *station,
                                                               GSettings              *settings);

ProprioStation        *proprio_balance_page_get_station       (ProprioBalancePage     *self);
ProprioDevice         *proprio_balance_page_get_device        (ProprioBalancePage     *self);
ProprioBalanceExercise proprio_balance_page_get_exercise      (ProprioBalancePage     *self);
void                   proprio_balance_page_set_exercise      (ProprioBalancePage     *self,
                                                               ProprioBalanceExercise  exercise);
gboolean               proprio_balance_page_get_sound_enabled (ProprioBalancePage     *self);
void                   proprio_balance_page_set_sound_enabled (ProprioBalancePage     *self,
                                                               gboolean                enabled);

/* The engine of an exercise (NULL for the live view), owned by the station; it keeps its results
 * until the next start. */
ProprioExercise       *proprio_balance_page_get_engine        (ProprioBalancePage     *self,
                                                               ProprioBalanceExercise  exercise);

/* Hands samples to the view and to the station's running exercise exactly as the per-frame drain
 * of the device ring does, then ticks the exercise at the newest sample's time. For tests and
 * replays: with scripted samples, results are exact. */
void                   proprio_balance_page_push_samples      (ProprioBalancePage     *self,
                                                               const ProprioSample    *samples,
                                                               gsize                   n);

G_END_DECLS
