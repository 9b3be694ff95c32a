/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The Preferences' "Patient Display" group: the monitor it opens on (Automatic, or one of the
 * connected monitors by model and connector, the list following monitors as they are plugged in
 * and out; a chosen monitor that is not connected stays listed as such) and its large text. */
void proprio_preferences_patient_init (AdwPreferencesGroup *group,
                                       GSettings           *settings);

G_END_DECLS
