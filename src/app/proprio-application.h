/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-plan-library.h"
#include "station/proprio-plan-run.h"
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
/* The session plans (files and examples) and the one run of a plan; set up at startup. */
ProprioPlanLibrary *proprio_application_get_plans       (ProprioApplication *self);
ProprioPlanRun     *proprio_application_get_plan_run    (ProprioApplication *self);
/* What --device / --camera / --view asked for, or NULL when not given. */
const char         *proprio_application_get_device_spec (ProprioApplication *self);
const char         *proprio_application_get_camera_spec (ProprioApplication *self);
const char         *proprio_application_get_view        (ProprioApplication *self);
/* The folder of the records and plans, resolved at startup: $PROPRIO_DATA_DIR, else the
 * "data-folder" preference, else the user data folder's "proprio". */
const char         *proprio_application_get_data_dir    (ProprioApplication *self);
/* Whether activation opens the welcome tour when "onboarding-done" is not yet set (default: yes,
 * unless $PROPRIO_NO_WELCOME is set, as it is for the tests). The tour is "app.welcome". */
void                proprio_application_set_welcome_on_start (ProprioApplication *self,
                                                          gboolean            enabled);

G_END_DECLS
