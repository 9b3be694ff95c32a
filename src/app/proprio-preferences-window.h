/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PROPRIO_TYPE_PREFERENCES_WINDOW (proprio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (ProprioPreferencesWindow, proprio_preferences_window, PROPRIO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

ProprioPreferencesWindow *proprio_preferences_window_new (GSettings *settings);

G_END_DECLS
