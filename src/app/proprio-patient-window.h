/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/proprio-overlay.h"
#include "station/proprio-plan-run.h"
#include "station/proprio-station.h"
#include "widgets/proprio-cop-view.h"

G_BEGIN_DECLS

/* ProprioPatientWindow: the patient display. A second window, read from 2 m, that shows only the
 * feedback of what is active, in large high-contrast type: the prompt at the top, the work
 * area's feedback in the middle, the time left at the bottom. No controls, no side panels.
 *
 * A view of the station like the therapist's window, with views of its own (never a copy of
 * the therapist's pixels): each reads the device's ring on this window's frame clock, so it is
 * as current as the therapist's view of the same samples.
 *
 * The area it shows ("area"):
 *   "balance"  the CoP dot, the targets and their dwell ring, the weight-bearing bars;
 *   "muscle"   the activation bars with the drill's target band and quiet ceiling;
 *   "mirror"   the camera's video with the therapist's overlays;
 *   "joint"    the joint-angle dial;
 *   "pacer"    the breathing or tempo pacer alone (nothing else runs);
 *   "rest"     a plan's rest: its title and countdown.
 * It follows the running exercise (its stream: balance, EMG, angle), else the plan's rest or the
 * pacer when that is all that runs, else the work area the therapist's window shows
 * ("fallback-view"), else the selected exercise's. While an exercise hides its feedback (a
 * static test's trial, a joint-position reproduction) a dark screen says only the prompt. A pacer
 * that runs beside an exercise is a card over the feedback's corner.
 *
 * Fullscreen: Escape leaves it; the pointer hides after two seconds without moving. Other keys
 * go to the therapist's window (its application's first ProprioWindow), so Space, Escape and the
 * plan's keys work whichever window has the focus.
 *
 * Properties:
 *   "station"       (ProprioStation *, construct-only)
 *   "plan-run"      (ProprioPlanRun *, construct-only, may be NULL)
 *   "settings"      (GSettings *, construct-only, may be NULL): board size and mirroring.
 *   "fallback-view" (string) the therapist's page: "balance", "muscle", "mirror", "joint".
 *   "large-text"    (gboolean) larger prompt and time.
 *   "area"          (string, read-only) what is shown, as above. */

#define PROPRIO_TYPE_PATIENT_WINDOW (proprio_patient_window_get_type ())

G_DECLARE_FINAL_TYPE (ProprioPatientWindow, proprio_patient_window, PROPRIO, PATIENT_WINDOW,
                      AdwWindow)

ProprioPatientWindow *proprio_patient_window_new               (ProprioStation       *station,
                                                                ProprioPlanRun       *plan_run,
                                                                GSettings            *settings);
const char           *proprio_patient_window_get_area          (ProprioPatientWindow *self);
const char           *proprio_patient_window_get_fallback_view (ProprioPatientWindow *self);
void                  proprio_patient_window_set_fallback_view (ProprioPatientWindow *self,
                                                                const char           *view);
gboolean              proprio_patient_window_get_large_text    (ProprioPatientWindow *self);
void                  proprio_patient_window_set_large_text    (ProprioPatientWindow *self,
                                                                gboolean              large);
/* The therapist's overlays drawn over the video (NULL: none). */
void                  proprio_patient_window_set_overlay       (ProprioPatientWindow *self,
                                                                ProprioOverlay       *overlay);

/* What the patient reads now: the prompt, and the time left as shown ("12 seconds"; "" when
 * nothing is timed); whether the dark screen covers the feedback. */
const char           *proprio_patient_window_get_prompt        (ProprioPatientWindow *self);
const char           *proprio_patient_window_get_time_text     (ProprioPatientWindow *self);
gboolean              proprio_patient_window_get_covered       (ProprioPatientWindow *self);
/* The whole picture the patient sees (what a preview paints), and the balance area's view. */
GtkWidget            *proprio_patient_window_get_content       (ProprioPatientWindow *self);
ProprioCopView       *proprio_patient_window_get_cop_view      (ProprioPatientWindow *self);
/* The newest CoP the display has drawn, in board mm; FALSE before any. */
gboolean              proprio_patient_window_get_last_cop      (ProprioPatientWindow *self,
                                                                double               *x_mm,
                                                                double               *y_mm,
                                                                gint64               *t_us);

G_END_DECLS
