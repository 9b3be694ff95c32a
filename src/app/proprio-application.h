/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-station.h"

#include "proprio-session-controller.h"

G_BEGIN_DECLS

#define PROPRIO_TYPE_APPLICATION (proprio_application_get_type ())

G_DECLARE_FINAL_TYPE (ProprioApplication, proprio_application, PROPRIO, APPLICATION, AdwApplication)

ProprioApplication *proprio_application_new             (void);
/* Our settings schema: the installed one, else the one compiled in this build folder (an
 * uninstalled build run directly). NULL with @error saying how to run Proprio when neither. */
GSettingsSchema    *proprio_application_lookup_schema   (GError            **error);
GSettings          *proprio_application_get_settings    (ProprioApplication *self);
/* The running session (devices, camera, exercises, results); set up at startup. */
ProprioStation     *proprio_application_get_station     (ProprioApplication *self);
/* The records: patients, the open session and its recording; set up at startup. */
ProprioSessionController *proprio_application_get_sessions (ProprioApplication *self);
/* What --device / --camera / --view asked for, or NULL when not given. */
const char         *proprio_application_get_device_spec (ProprioApplication *self);
const char         *proprio_application_get_camera_spec (ProprioApplication *self);
const char         *proprio_application_get_view        (ProprioApplication *self);

G_END_DECLS
