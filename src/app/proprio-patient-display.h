/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-application.h"
#include "proprio-patient-window.h"
#include "proprio-window.h"

G_BEGIN_DECLS

/* The patient display on the application side: its actions, where it opens, and the therapist
 * window's preview of it.
 *
 * Application actions (so a station script drives them:
 * `gapplication action io.github.proprio.Proprio patient-display`):
 *   app.patient-display             (stateful boolean, F11 in any Proprio window) open or close
 *                                   it; closing its window sets the state back to FALSE.
 *   app.patient-display-fullscreen  (Shift+F11) fullscreen on or off, opening it first.
 *
 * Where it opens: with two monitors or more, fullscreen on the "patient-display-monitor" setting's
 * monitor (a connector such as "HDMI-1"), or with "" (automatic) or a monitor that is not
 * connected, the first monitor the therapist's window is not on. With one monitor it is a normal
 * window beside the therapist's, made fullscreen with Shift+F11 (Escape leaves). A monitor
 * plugged in or chosen while it is open takes it there; its own monitor unplugged, it is a window
 * again on the screen left. It follows the "patient-display-large-text" setting, and it closes
 * with the last therapist window. */

void                  proprio_patient_display_add_actions (ProprioApplication *app);
/* The open display, or NULL. */
ProprioPatientWindow *proprio_patient_display_get_window  (ProprioApplication *app);
/* The monitor the display goes to for `connector` ("" or NULL: automatic), with the therapist's
 * window on `therapist` (may be NULL); NULL with fewer than two monitors: a window then. */
GdkMonitor           *proprio_patient_display_choose_monitor (GdkDisplay      *display,
                                                              const char      *connector,
                                                              GdkMonitor      *therapist);
/* "DELL U2419H (HDMI-1)": the model and the connector, for a list of monitors. */
char                 *proprio_patient_display_describe_monitor (GdkMonitor    *monitor);

/* For each therapist window: a live preview of the display in its header bar (what the patient
 * sees; a click brings the display to the front), and the window's page and overlays for it. */
void                  proprio_patient_display_attach      (ProprioWindow      *window,
                                                           ProprioApplication *app);

G_END_DECLS
