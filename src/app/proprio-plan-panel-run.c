/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"

#include "proprio-plan-panel-private.h"

/* The countdown of a rest is redrawn this often (it shows whole seconds). */
#define COUNTDOWN_MS 250

static const char *
state_icon (ProprioPlanStepState state)
{
  switch (state)
    {
    case PROPRIO_PLAN_STEP_ACTIVE:  return "media-playback-start-symbolic";
    case PROPRIO_PLAN_STEP_DONE:    return "emblem-ok-symbolic";
    case PROPRIO_PLAN_STEP_STOPPED: return "process-stop-symbolic";
    case PROPRIO_PLAN_STEP_SKIPPED: return "media-skip-forward-symbolic";
    case PROPRIO_PLAN_STEP_FAILED:  return "dialog-warning-symbolic";
    case PROPRIO_PLAN_STEP_PENDING:
    default:
      return NULL;
    }
}

static const char *
state_name (ProprioPlanStepState state)
{
  switch (state)
    {
    case PROPRIO_PLAN_STEP_ACTIVE:  return _("Running");
    case PROPRIO_PLAN_STEP_DONE:    return _("Done");
    case PROPRIO_PLAN_STEP_STOPPED: return _("Stopped");
    case PROPRIO_PLAN_STEP_SKIPPED: return _("Skipped");
    case PROPRIO_PLAN_STEP_FAILED:  return _("Could not start");
    case PROPRIO_PLAN_STEP_PENDING:
    default:
      return _("To do");
    }
}

/* ---- the list of steps with their state ---- */

static void
update_progress_row (ProprioPlanPanel *self,
                     GtkWidget        *row)
{
  ProprioPlanStep *step = g_object_get_data (G_OBJECT (row), "proprio-plan-step");
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "proprio-state-icon");
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);
  ProprioPlanStepState state = proprio_plan_run_get_step_state (self->run, step);
  g_autofree char *title = _proprio_plan_step_dup_title (step, self->station);
  g_autofree char *numbered = NULL;
  int index = plan != NULL ? proprio_plan_find_step (plan, step) : -1;
  const char *icon_name = state_icon (state);
  guint runs = proprio_plan_run_get_step_runs (self->run, step);
  g_autofree char *subtitle = NULL;

  numbered = g_strdup_printf (_("%d. %s"), index + 1, title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), numbered);
  if (runs > 1)
    /* Translators: a step's state and how many times it ran, "Done · 2 runs" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u run", "%s · %u runs",
                                             runs), state_name (state), runs);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle
                                                                      : state_name (state));
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_widget_set_opacity (GTK_WIDGET (icon), icon_name != NULL ? 1.0 : 0.0);
  if (step == proprio_plan_run_get_current_step (self->run))
    gtk_widget_add_css_class (row, "accent");
  else
    gtk_widget_remove_css_class (row, "accent");
}

static void
progress_row_activated_cb (AdwActionRow     *row,
                           ProprioPlanPanel *self)
{
  ProprioPlanStep *step = g_object_get_data (G_OBJECT (row), "proprio-plan-step");
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);
  int index = plan != NULL ? proprio_plan_find_step (plan, step) : -1;

  /* Going to a step starts it: only while the plan runs, and not the one running now. */
  if (index >= 0 && proprio_plan_run_is_active (self->run) &&
      step != proprio_plan_run_get_current_step (self->run))
    proprio_plan_run_go_to (self->run, (guint) index);
}

static GtkWidget *
create_progress_row (gpointer item,
                     gpointer user_data)
{
  ProprioPlanPanel *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Go to this step and start it"));
  g_object_set_data_full (G_OBJECT (row), "proprio-plan-step", g_object_ref (item),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "proprio-state-icon", icon);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  g_signal_connect (row, "activated", G_CALLBACK (progress_row_activated_cb), self);
  update_progress_row (self, row);
  return row;
}

/* ---- the current step ---- */

static void
update_countdown (ProprioPlanPanel *self)
{
  double left = proprio_plan_run_get_rest_left (self->run, proprio_clock_now_us ());
  int seconds = left >= 0 ? (int) ceil (left - 1e-6) : -1;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->run_countdown), seconds >= 0);
  if (seconds < 0)
    return;
  text = g_strdup_printf ("%d:%02d", seconds / 60, seconds % 60);
  gtk_label_set_label (self->run_countdown, text);
}

static gboolean
countdown_cb (gpointer user_data)
{
  ProprioPlanPanel *self = user_data;

  update_countdown (self);
  return G_SOURCE_CONTINUE;
}

static void
follow_countdown (ProprioPlanPanel *self)
{
  gboolean resting = proprio_plan_run_is_resting (self->run);

  if (resting && self->countdown_timer == 0)
    self->countdown_timer = g_timeout_add (COUNTDOWN_MS, countdown_cb, self);
  else if (!resting)
    g_clear_handle_id (&self->countdown_timer, g_source_remove);
  update_countdown (self);
}

static char *
state_text (ProprioPlanPanel *self,
            ProprioPlanStep  *step)
{
  ProprioPlanStepState state = proprio_plan_run_get_step_state (self->run, step);
  const char *message = proprio_plan_run_get_step_message (self->run, step);

  switch (state)
    {
    case PROPRIO_PLAN_STEP_ACTIVE:
      return g_strdup (proprio_plan_run_is_resting (self->run)
                       ? _("Resting. Space ends the rest.")
                       : _("Running. Space goes on when it waits, or stops it."));
    case PROPRIO_PLAN_STEP_DONE:
      return g_strdup (_("Done. Next (→ or Space) when the patient is ready."));
    case PROPRIO_PLAN_STEP_STOPPED:
      return g_strdup (_("Stopped before its end; what it measured is kept. Repeat it, or go "
                         "on (→)."));
    case PROPRIO_PLAN_STEP_SKIPPED:
      return g_strdup (_("Skipped."));
    case PROPRIO_PLAN_STEP_FAILED:
      /* Translators: why a step did not start, then what to do */
      return g_strdup_printf (_("%s. Repeat to try again, or Skip."),
                              message != NULL ? message : _("This step could not start"));
    case PROPRIO_PLAN_STEP_PENDING:
    default:
      return g_strdup (_("Not started: Space starts it."));
    }
}

static char *
summary_text (ProprioPlanPanel *self)
{
  ProprioPlanProgress p;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *list = NULL;

  proprio_plan_run_get_progress (self->run, &p);
  if (p.n_done > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u done", "%u done",
                                                          p.n_done), p.n_done));
  if (p.n_stopped > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stopped",
                                                          "%u stopped", p.n_stopped),
                                             p.n_stopped));
  if (p.n_skipped > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u skipped",
                                                          "%u skipped", p.n_skipped),
                                             p.n_skipped));
  if (p.n_failed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u could not start",
                                                          "%u could not start", p.n_failed),
                                             p.n_failed));
  if (p.n_pending > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not run",
                                                          "%u not run", p.n_pending),
                                             p.n_pending));
  g_ptr_array_add (parts, NULL);
  list = g_strjoinv (", ", (char **) parts->pdata);
  /* Translators: the end of a plan run, "Plan complete: 4 done, 1 skipped." */
  return g_strdup_printf (proprio_plan_run_get_current (self->run) < 0 &&
                          p.n_pending == 0 ? _("Plan complete: %s.") : _("Plan stopped: %s."),
                          list);
}

void
_proprio_plan_panel_update_run (ProprioPlanPanel *self)
{
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);
  ProprioPlanStep *step = proprio_plan_run_get_current_step (self->run);
  ProprioPlanStep *next = proprio_plan_run_get_next_step (self->run);
  gboolean active = proprio_plan_run_is_active (self->run);
  ProprioPlanStepState state = proprio_plan_run_get_step_state (self->run, step);
  ProprioPlanProgress progress;
  guint n = plan != NULL ? proprio_plan_get_n_steps (plan) : 0;
  g_autofree char *position = NULL;

  proprio_plan_run_get_progress (self->run, &progress);
  gtk_label_set_label (self->run_plan_label, plan != NULL ? proprio_plan_get_title (plan) : "");
  if (step != NULL)
    /* Translators: where the plan is, "Step 2 of 5" */
    position = g_strdup_printf (_("Step %d of %u"), proprio_plan_run_get_current (self->run) + 1,
                                n);
  gtk_label_set_label (self->run_position_label, position != NULL ? position : "");
  gtk_progress_bar_set_fraction (self->run_progress,
                                 n > 0 ? (double) (n - progress.n_pending) / n : 0.0);

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->run_step_title)),
                          step != NULL);
  if (step != NULL)
    {
      g_autofree char *title = _proprio_plan_step_dup_title (step, self->station);
      g_autofree char *kind = _proprio_plan_step_describe (step, self->station);
      g_autofree char *text = state_text (self, step);
      const char *note = proprio_plan_step_get_note (step);

      gtk_label_set_label (self->run_step_title, title);
      gtk_label_set_label (self->run_step_kind, kind);
      gtk_label_set_label (self->run_state_label, text);
      if (state == PROPRIO_PLAN_STEP_FAILED)
        gtk_widget_add_css_class (GTK_WIDGET (self->run_state_label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->run_state_label), "error");

      /* Only when it differs: the therapist may be typing in it. */
      self->updating = TRUE;
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->run_note_row)), note) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->run_note_row), note);
      self->updating = FALSE;
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->run_note_row)), step != NULL);
  gtk_editable_set_editable (GTK_EDITABLE (self->run_note_row),
                             plan != NULL && !proprio_plan_is_example (plan));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run_note_row),
                               plan != NULL && proprio_plan_is_example (plan)
                               ? _("Examples are read-only: duplicate this plan to keep notes")
                               : _("What to watch or cue in this step; kept with the plan"));

  if (next != NULL)
    {
      g_autofree char *title = _proprio_plan_step_dup_title (next, self->station);
      g_autofree char *text = g_strdup_printf (_("Next: %s"), title);

      gtk_label_set_label (self->run_next_label, text);
    }
  else
    gtk_label_set_label (self->run_next_label, step != NULL ? _("This is the last step.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->run_next_label), active);

  gtk_widget_set_visible (GTK_WIDGET (self->run_controls), active);
  gtk_widget_set_visible (GTK_WIDGET (self->run_stop_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->run_back_button), !active && plan != NULL);
  if (!active && plan != NULL && progress.n_pending < n)
    {
      g_autofree char *summary = summary_text (self);

      gtk_label_set_label (self->run_summary_label, summary);
      gtk_widget_set_visible (GTK_WIDGET (self->run_summary_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->run_summary_label), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->run_step_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      update_progress_row (self, row);
  follow_countdown (self);
}

static void
run_plan_changed_cb (ProprioPlanPanel *self)
{
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);

  gtk_list_box_bind_model (self->run_step_list,
                           plan != NULL ? proprio_plan_get_steps (plan) : NULL,
                           create_progress_row, self, NULL);
  _proprio_plan_panel_update_run (self);
}

static void
run_note_changed_cb (ProprioPlanPanel *self)
{
  ProprioPlanStep *step = proprio_plan_run_get_current_step (self->run);
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);

  if (self->updating || step == NULL || plan == NULL || proprio_plan_is_example (plan))
    return;
  proprio_plan_step_set_note (step, gtk_editable_get_text (GTK_EDITABLE (self->run_note_row)));
}

void
_proprio_plan_panel_init_run (ProprioPlanPanel *self)
{
  g_signal_connect_object (self->run, "changed", G_CALLBACK (_proprio_plan_panel_update_run),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify::plan", G_CALLBACK (run_plan_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->run_note_row, "changed", G_CALLBACK (run_note_changed_cb),
                            self);
  run_plan_changed_cb (self);
}

void
_proprio_plan_panel_dispose_run (ProprioPlanPanel *self)
{
  g_clear_handle_id (&self->countdown_timer, g_source_remove);
}
