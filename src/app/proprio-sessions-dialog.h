/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "store/proprio-export.h"

#include "proprio-session-controller.h"

G_BEGIN_DECLS

/* A patient's sessions, newest first: when each began, how long it lasted, its exercises and
 * whether it was recovered after a crash; each exported as CSV (a new folder in the folder chosen)
 * or EDF+ (a file), anonymised when the switch says so. An existing target is replaced only after
 * asking. An export runs on a thread with its progress shown and Cancel, which leaves nothing
 * behind. */

#define PROPRIO_TYPE_SESSIONS_DIALOG (proprio_sessions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ProprioSessionsDialog, proprio_sessions_dialog, PROPRIO, SESSIONS_DIALOG,
                      AdwWindow)

ProprioSessionsDialog *proprio_sessions_dialog_new            (ProprioSessionController *controller,
                                                               const ProprioPatient     *patient,
                                                               GtkWindow                *parent);
/* Sessions listed (once loaded). */
guint                  proprio_sessions_dialog_get_n_sessions (ProprioSessionsDialog    *self);
/* Exports `session_id` to `path` as the Export buttons do after their file chooser (without
 * PROPRIO_EXPORT_REPLACE, an existing target is asked about first). */
void                   proprio_sessions_dialog_export         (ProprioSessionsDialog    *self,
                                                               const char               *session_id,
                                                               ProprioExportFormat       format,
                                                               const char               *path,
                                                               ProprioExportFlags        flags);
gboolean               proprio_sessions_dialog_is_exporting   (ProprioSessionsDialog    *self);
/* What the last export said ("Exported to …", an error, "cancelled"), or NULL. */
const char            *proprio_sessions_dialog_get_status     (ProprioSessionsDialog    *self);
/* Cancels the running export. */
void                   proprio_sessions_dialog_cancel_export  (ProprioSessionsDialog    *self);
/* The name an export of `session` gets (no folder): "P-07-2024-05-14-1432", or when anonymised
 * "P-07-session-3" (its place among the patient's sessions); "/" and the like become "_". */
char                  *proprio_sessions_export_name           (const ProprioSession     *session,
                                                               guint                     number,
                                                               gboolean                  anonymous);

G_END_DECLS
