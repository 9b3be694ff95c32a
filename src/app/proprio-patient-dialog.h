/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "proprio-session-controller.h"

G_BEGIN_DECLS

/* Choosing the patient the station works for, or creating one: a search by ID or name over the
 * records' patients, and a form for a new patient (pseudonymous ID, optional name, date of birth,
 * side, notes) or for editing one. Every field is checked before anything is stored, with a
 * message that says what to write; a name may hold any character ("/", quotes, emoji).
 *
 * Signals:
 *   "chosen"             (ProprioPatient *) the controller's patient was set to it; the dialog
 *                        closes.
 *   "sessions-requested" (ProprioPatient *) Sessions… was pressed for this patient. */

#define PROPRIO_TYPE_PATIENT_DIALOG (proprio_patient_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPatientDialog, proprio_patient_dialog, PROPRIO, PATIENT_DIALOG,
                      AdwWindow)

ProprioPatientDialog *proprio_patient_dialog_new        (ProprioSessionController *controller,
                                                         GtkWindow                *parent);
/* Opens the form for a new patient at once. */
void                  proprio_patient_dialog_show_form  (ProprioPatientDialog     *self);
/* Patients in the list / shown by the search (for tests). */
guint                 proprio_patient_dialog_get_n_patients (ProprioPatientDialog *self);
guint                 proprio_patient_dialog_get_n_shown    (ProprioPatientDialog *self);

/* "YYYY-MM-DD" checked: a real day, not in the future, after 1900. NULL or "" is valid (no date).
 * For the form, and for tests. */
gboolean              proprio_patient_birth_date_is_valid (const char  *text,
                                                           GError     **error);

G_END_DECLS
