/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "store/proprio-store.h"

G_BEGIN_DECLS

/* A patient's progress across sessions at a glance: one chart per trend series that has values
 * (report/proprio-trends.h), drawn by the report's own plot code, with the dates on the axis and
 * the change since the first session. The trends are computed on a worker thread; the window
 * says while it loads, when the patient has no values yet, and why it could not read them.
 * Escape closes it. */

#define PROPRIO_TYPE_PROGRESS_WINDOW (proprio_progress_window_get_type ())
G_DECLARE_FINAL_TYPE (ProprioProgressWindow, proprio_progress_window,
                      PROPRIO, PROGRESS_WINDOW, AdwWindow)

ProprioProgressWindow *proprio_progress_window_new       (GtkWindow             *parent,
                                                          ProprioStore          *store,
                                                          const char            *patient_id);
/* "loading", "charts", "empty" or "error": what the window shows (for tests). */
const char            *proprio_progress_window_get_state (ProprioProgressWindow *self);
/* The charts shown, in series order. */
guint                  proprio_progress_window_get_n_charts (ProprioProgressWindow *self);

G_END_DECLS
