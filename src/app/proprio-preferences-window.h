/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-station.h"

G_BEGIN_DECLS

#define PROPRIO_TYPE_PREFERENCES_WINDOW (proprio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ProprioPreferencesWindow, proprio_preferences_window, PROPRIO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Preferences over `settings`. The "… at Start" pickers list the serial ports (found in the
 * background) and the cameras of `station`'s camera monitor (started if it was not); without a
 * station only the fixed choices are offered. */
ProprioPreferencesWindow *proprio_preferences_window_new       (GSettings                *settings,
                                                                ProprioStation           *station);
/* Offers `ports` (ProprioPortInfo) in the device picker: what the background listing does with
 * its result, replacing the ports offered before. */
void                      proprio_preferences_window_set_ports (ProprioPreferencesWindow *self,
                                                                GPtrArray                *ports);
/* The folder the running application keeps its records in, so the Data page can say when a
 * folder chosen there takes over (the next start). */
void                      proprio_preferences_window_set_data_dir (ProprioPreferencesWindow *self,
                                                                   const char               *in_use);

G_END_DECLS
