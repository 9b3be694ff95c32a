/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan-panel.h"

G_BEGIN_DECLS

struct _ProprioPlanPanel
{
  GtkBox              parent_instance;

  ProprioPlanLibrary *library;
  ProprioPlanRun     *run;
  ProprioStation     *station;
  ProprioPlan        *plan;            /* in the editor (a ref), or NULL */
  GSignalGroup       *plan_signals;
  GListModel         *steps;           /* the editor's plan's, followed for the row numbers */
  gulong              steps_changed_id;
  guint               countdown_timer; /* while a rest runs */
  gboolean            updating;        /* the views are being filled in from the model */

  /* Template children */
  GtkStack           *stack;
  GtkButton          *new_button;
  GtkLabel           *problems_label;
  GtkListBox         *plan_list;
  GtkLabel           *editor_title;
  GtkBox             *example_box;
  AdwEntryRow        *title_row;
  GtkTextView        *notes_view;
  GtkLabel           *steps_label;
  GtkMenuButton      *add_button;
  GtkListBox         *step_list;
  GtkLabel           *duration_label;
  GtkButton          *start_button;
  GtkLabel           *run_plan_label;
  GtkLabel           *run_position_label;
  GtkProgressBar     *run_progress;
  GtkLabel           *run_step_title;
  GtkLabel           *run_step_kind;
  GtkLabel           *run_countdown;
  GtkLabel           *run_state_label;
  GtkBox             *run_controls;
  GtkButton          *run_next_button;
  GtkLabel           *run_next_label;
  AdwEntryRow        *run_note_row;
  GtkListBox         *run_step_list;
  GtkLabel           *run_summary_label;
  GtkButton          *run_stop_button;
  GtkButton          *run_back_button;
};

/* proprio-plan-panel-editor.c */
void   _proprio_plan_panel_init_editor   (ProprioPlanPanel *self);
void   _proprio_plan_panel_show_plan     (ProprioPlanPanel *self);
/* The plan in the editor changed (a title, a rest's length): the texts that sum it up. */
void   _proprio_plan_panel_plan_changed  (ProprioPlanPanel *self);
void   _proprio_plan_panel_add_step      (ProprioPlanPanel *self,
                                          const char       *what);
/* What a therapist reads about a step: its title (the exercise's own when it has none) and a
 * line on its settings ("Eyes open, eyes closed · 30 s each"). */
char  *_proprio_plan_step_dup_title      (ProprioPlanStep  *step,
                                          ProprioStation   *station);
char  *_proprio_plan_step_describe       (ProprioPlanStep  *step,
                                          ProprioStation   *station);
/* "45 s", "2:30". */
char  *_proprio_plan_format_seconds      (double            seconds);

/* proprio-plan-panel-run.c */
void   _proprio_plan_panel_init_run      (ProprioPlanPanel *self);
void   _proprio_plan_panel_update_run    (ProprioPlanPanel *self);
void   _proprio_plan_panel_dispose_run   (ProprioPlanPanel *self);

/* proprio-plan-panel.c */
void   _proprio_plan_panel_toast         (ProprioPlanPanel *self,
                                          AdwToast         *toast);

G_END_DECLS
