/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-plan-library.h"
#include "station/proprio-plan-run.h"
#include "station/proprio-station.h"

G_BEGIN_DECLS

/* ProprioPlanPanel: the window's side panel for session plans. Three pages:
 *   library  the plans (the therapist's, then the examples, marked), New, Import;
 *   editor   one plan: title, notes, steps (add from every work area's exercises with the
 *            settings its page shows now, a rest or a pacer; reorder, note, remove), Start;
 *            Duplicate, Export, Delete (with Undo) in its menu; an example is read-only;
 *   run      the current step large, Previous / Repeat / Skip / Next, the step's note (editable
 *            while it runs), the progress of every step.
 * A view of the application's library and run: every window's panel shows the same run. The
 * plan opened in the editor is the run's plan while no plan runs (what app.plan-start starts). */

#define PROPRIO_TYPE_PLAN_PANEL (proprio_plan_panel_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlanPanel, proprio_plan_panel, PROPRIO, PLAN_PANEL, GtkBox)

GtkWidget   *proprio_plan_panel_new      (ProprioPlanLibrary *library,
                                          ProprioPlanRun     *run);
/* The plan in the editor (or running), or NULL. */
ProprioPlan *proprio_plan_panel_get_plan (ProprioPlanPanel   *self);
/* Opens `plan` in the editor. */
void         proprio_plan_panel_open     (ProprioPlanPanel   *self,
                                          ProprioPlan        *plan);
/* "library", "editor" or "run". */
const char  *proprio_plan_panel_get_page (ProprioPlanPanel   *self);

G_END_DECLS
