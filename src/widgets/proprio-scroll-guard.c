/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-scroll-guard"

#include "config.h"

#include "proprio-scroll-guard.h"

/* GtkSpinButton changes its value from a scroll controller of its own; with that controller out
 * of the propagation (GTK_PHASE_NONE) the event is not handled and bubbles to the panel. */
static guint
guard_spin (GtkWidget *spin,
            gboolean   apply)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (spin);
  guint active = 0;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        continue;
      if (apply)
        gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_NONE);
      else if (gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_NONE)
        active++;
    }
  return active;
}

gboolean
proprio_scroll_guard_spin_scrolls (GtkSpinButton *spin)
{
  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), FALSE);
  return guard_spin (GTK_WIDGET (spin), FALSE) > 0;
}

guint
proprio_scroll_guard_spin_buttons (GtkWidget *root)
{
  guint n = 0;

  g_return_val_if_fail (GTK_IS_WIDGET (root), 0);

  if (GTK_IS_SPIN_BUTTON (root))
    {
      guard_spin (root, TRUE);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += proprio_scroll_guard_spin_buttons (child);
  return n;
}
