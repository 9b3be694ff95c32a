/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-station.h"

#include "proprio-pacer-sound.h"

G_BEGIN_DECLS

/* The pacer panel (app.pacer-show, Ctrl+Shift+B): the station's pacer large, for a patient who
 * paces on its own or as a break between exercises, with the pattern (presets, custom timings,
 * repetitions, "Get ready"), the sound (volume, mute, ticks, spoken counts) and whether it also
 * shows over the work area. Everything it sets is a setting, so the main window's overlay and
 * a script see the same pacer. Escape closes it; the pacer goes on. */

#define PROPRIO_TYPE_PACER_WINDOW (proprio_pacer_window_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPacerWindow, proprio_pacer_window, PROPRIO, PACER_WINDOW, AdwWindow)

ProprioPacerWindow *proprio_pacer_window_new (ProprioStation    *station,
                                              GSettings         *settings,
                                              ProprioPacerSound *sound);

G_END_DECLS
