/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "proprio-session-controller.h"

G_BEGIN_DECLS

/* The session on screen, under the window's header bar: the patient, the session's time, what is
 * being recorded (samples and exercises) and a recording indicator, with the actions that change
 * them. Without a patient it says that nothing is stored; when the records cannot be opened, why
 * (with Try Again). A view of the application's ProprioSessionController. */

#define PROPRIO_TYPE_SESSION_BAR (proprio_session_bar_get_type ())
G_DECLARE_FINAL_TYPE (ProprioSessionBar, proprio_session_bar, PROPRIO, SESSION_BAR, GtkWidget)

GtkWidget  *proprio_session_bar_new              (ProprioSessionController *controller);
/* What the bar says (for tests and the accessibility of the window). */
const char *proprio_session_bar_get_title        (ProprioSessionBar        *self);
const char *proprio_session_bar_get_detail       (ProprioSessionBar        *self);

G_END_DECLS
