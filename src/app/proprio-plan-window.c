/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-plan-panel.h"
#include "proprio-window-private.h"

/* The plan panel sits beside the work areas (not on a page of its own), so the current step and
 * its controls stay in view while the step's work area shows the exercise. */

#define PANEL_WIDTH 360

/* The work area that shows a step's exercise: where its stream is drawn. */
static const char *
view_for_step (ProprioWindow   *self,
               ProprioPlanStep *step)
{
  ProprioExercise *engine = proprio_station_get_engine (self->station,
                                                        proprio_plan_step_get_exercise_id (step));

  if (engine == NULL)
    return NULL;
  switch (proprio_exercise_get_stream_kind (engine))
    {
    case PROPRIO_STREAM_BALANCE: return "balance";
    case PROPRIO_STREAM_EMG:     return "muscle";
    case PROPRIO_STREAM_ANGLE:   return "joint";
    case PROPRIO_STREAM_GENERIC:
    default:
      return NULL;
    }
}

static void
step_started_cb (ProprioWindow   *self,
                 ProprioPlanStep *step)
{
  const char *view = view_for_step (self, step);

  if (view != NULL)
    proprio_window_set_view (self, view);
}

static void
run_active_cb (ProprioWindow *self)
{
  /* A plan started from a script or another window shows its step here too. */
  if (proprio_plan_run_is_active (self->plan_run))
    gtk_toggle_button_set_active (self->plan_button, TRUE);
}

void
proprio_window_toggle_plan_panel (ProprioWindow *self)
{
  g_return_if_fail (PROPRIO_IS_WINDOW (self));

  if (self->plan_button != NULL)
    gtk_toggle_button_set_active (self->plan_button,
                                  !gtk_toggle_button_get_active (self->plan_button));
}

void
proprio_window_init_plan (ProprioWindow      *self,
                          ProprioApplication *app)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self->view_stack));
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *button;

  self->plan_run = g_object_ref (proprio_application_get_plan_run (app));
  self->plan_panel = proprio_plan_panel_new (proprio_application_get_plans (app),
                                             self->plan_run);
  gtk_widget_set_size_request (self->plan_panel, PANEL_WIDTH, -1);

  /* The view stack moves into a row with the panel, where it was in the window's column. */
  g_object_ref (self->view_stack);
  gtk_box_insert_child_after (GTK_BOX (parent), row, GTK_WIDGET (self->view_stack));
  gtk_box_remove (GTK_BOX (parent), GTK_WIDGET (self->view_stack));
  gtk_widget_set_vexpand (row, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->view_stack), TRUE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->view_stack));
  g_object_unref (self->view_stack);

  gtk_box_append (GTK_BOX (side), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (side), self->plan_panel);
  self->plan_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->plan_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_LEFT);
  gtk_revealer_set_child (self->plan_revealer, side);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->plan_revealer));

  button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (button), "view-list-ordered-symbolic");
  gtk_widget_set_tooltip_text (button, _("Session Plan (F9)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Session plan"), -1);
  self->plan_button = GTK_TOGGLE_BUTTON (button);
  g_object_bind_property (button, "active", self->plan_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_end (self->header_bar, button);

  g_signal_connect_object (self->plan_run, "step-started", G_CALLBACK (step_started_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan_run, "notify::active", G_CALLBACK (run_active_cb), self,
                           G_CONNECT_SWAPPED);
  run_active_cb (self);
}
