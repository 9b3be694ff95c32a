/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-application.h"

G_BEGIN_DECLS

/* The application's session actions and their keys (every window shows them in its session bar
 * and in the shortcuts window):
 *   app.patient-choose  Ctrl+P         choose or create the patient
 *   app.session-start   Ctrl+R         begin a session (asks for a patient first when none)
 *   app.session-end     Ctrl+Shift+R   end it, after a confirmation
 *   app.session-list    Ctrl+H         the patient's sessions: review, export, anonymise
 *   app.records-retry                  open the records again (another Proprio had them) */
void  proprio_session_actions_init  (ProprioApplication *app);

/* "45 s", "12 min 04 s", "1 h 02 min": how long a session lasted. */
char *proprio_format_duration       (double              seconds);
/* A session's start in local time for lists: "Tue 14 May 2024, 14:32". */
char *proprio_format_session_start  (GDateTime          *started_at);

G_END_DECLS
