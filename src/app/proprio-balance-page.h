/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/proprio-sample.h"
#include "devices/proprio-device.h"
#include "exercises/proprio-exercise.h"

G_BEGIN_DECLS

/* The Balance work area: the live centre-of-pressure view, the static balance test (mCTSIB),
 * weight-shift training and the limits-of-stability test, with their settings and results, and
 * the board's calibration.
 *
 * Properties:
 *   "device"         (ProprioDevice *) the device the window uses; anything but a balance device
 *                    (or NULL) shows a message instead of the view.
 *   "exercise"       (ProprioBalanceExercise) the exercise chosen in the side panel.
 *   "sound-enabled"  (gboolean) beeps at countdown, start, stop, cue and hit.
 *
 * Signal:
 *   "calibration-changed" (const char *new_spec): the therapist applied a calibration; the page
 *                    cannot replace the window's device, so whoever owns it reconnects to
 *                    `new_spec` (the old spec with tare=, gain= and geometry= options).
 *
 * Actions (group "balance"): balance.start, balance.stop, balance.next, balance.calibrate.
 * Space and Ctrl+Return start or stop (a page shortcut); Escape stops. */

typedef enum
{
  PROPRIO_BALANCE_EXERCISE_LIVE,
  PROPRIO_BALANCE_EXERCISE_STATIC,
  PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT,
  PROPRIO_BALANCE_EXERCISE_LOS,
} ProprioBalanceExercise;

#define PROPRIO_BALANCE_N_EXERCISES 4

GType proprio_balance_exercise_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_BALANCE_EXERCISE (proprio_balance_exercise_get_type ())

#define PROPRIO_TYPE_BALANCE_PAGE (proprio_balance_page_get_type ())

G_DECLARE_FINAL_TYPE (ProprioBalancePage, proprio_balance_page, PROPRIO, BALANCE_PAGE, GtkWidget)

/* `settings` (io.github.proprio.Proprio) gives the board geometry and the mirror setting. */
GtkWidget             *proprio_balance_page_new               (GSettings              *settings);

ProprioDevice         *proprio_balance_page_get_device        (ProprioBalancePage     *self);
void                   proprio_balance_page_set_device        (ProprioBalancePage     *self,
                                                               ProprioDevice          *device);
ProprioBalanceExercise proprio_balance_page_get_exercise      (ProprioBalancePage     *self);
void                   proprio_balance_page_set_exercise      (ProprioBalancePage     *self,
                                                               ProprioBalanceExercise  exercise);
gboolean               proprio_balance_page_get_sound_enabled (ProprioBalancePage     *self);
void                   proprio_balance_page_set_sound_enabled (ProprioBalancePage     *self,
                                                               gboolean                enabled);

/* The engine of an exercise (NULL for the live view), owned by the page; it keeps its results
 * until the next start. */
ProprioExercise       *proprio_balance_page_get_engine        (ProprioBalancePage     *self,
                                                               ProprioBalanceExercise  exercise);

/* Hands samples to the page exactly as the per-frame drain of the device ring does (view, active
 * exercise), then ticks the exercise at the newest sample's time. For tests and replays: with
 * scripted samples, results are exact. */
void                   proprio_balance_page_push_samples      (ProprioBalancePage     *self,
                                                               const ProprioSample    *samples,
                                                               gsize                   n);

G_END_DECLS
