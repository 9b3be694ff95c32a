/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-patient-display.h"
#include "proprio-preferences-patient.h"

typedef struct
{
  GSettings     *settings;
  AdwComboRow   *row;
  GtkStringList *labels;
  GPtrArray     *connectors;   /* char *, parallel to labels; "" for Automatic */
  GListModel    *monitors;
  gboolean       rebuilding;
  gboolean       storing;      /* the row's own choice is being stored: the list stays */
  guint          idle_id;      /* rebuilds once the choice is stored or the monitors changed */
} Group;

static void
group_free (gpointer data)
{
  Group *g = data;

  g_clear_handle_id (&g->idle_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (g->monitors, g);
  g_signal_handlers_disconnect_by_data (g->settings, g);
  g_clear_object (&g->monitors);
  g_clear_object (&g->settings);
  g_clear_pointer (&g->connectors, g_ptr_array_unref);
  g_free (g);
}

static void
add_choice (Group      *g,
            const char *label,
            const char *connector)
{
  gtk_string_list_append (g->labels, label);
  g_ptr_array_add (g->connectors, g_strdup (connector));
}

static void
rebuild (Group *g)
{
  g_autofree char *chosen = g_settings_get_string (g->settings, "patient-display-monitor");
  guint n = g_list_model_get_n_items (g->monitors);
  guint selected = 0;
  g_autoptr(GtkStringList) labels = NULL;

  /* A new model now would pull the selection from under the row that is setting it. */
  if (g->storing)
    return;
  labels = gtk_string_list_new (NULL);
  g->rebuilding = TRUE;
  g->labels = labels;
  g_ptr_array_set_size (g->connectors, 0);
  add_choice (g, _("Automatic"), "");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (g->monitors, i);
      const char *connector = gdk_monitor_get_connector (monitor);
      g_autofree char *label = proprio_patient_display_describe_monitor (monitor);

      if (connector == NULL || *connector == '\0')
        continue;
      if (g_str_equal (connector, chosen))
        selected = g->connectors->len;
      add_choice (g, label, connector);
    }
  /* Unplugged for now: kept, so the choice is there again when it comes back. */
  if (*chosen != '\0' && selected == 0)
    {
      /* Translators: a chosen monitor that is not plugged in; %s is its connector ("HDMI-1") */
      g_autofree char *label = g_strdup_printf (_("%s (not connected)"), chosen);

      selected = g->connectors->len;
      add_choice (g, label, chosen);
    }
  adw_combo_row_set_model (g->row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (g->row, selected);
  g->labels = NULL;
  g->rebuilding = FALSE;
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  Group *g = data;

  g->idle_id = 0;
  rebuild (g);
  return G_SOURCE_REMOVE;
}

/* GDK lists a new monitor before it names it (on X11 the connector comes later in the same
 * update): the list is made again once the update is done, or the monitor would be left out. */
static void
monitors_changed_cb (Group *g)
{
  if (g->idle_id == 0)
    g->idle_id = g_idle_add (rebuild_idle_cb, g);
}

static void
selected_cb (Group *g)
{
  guint i = adw_combo_row_get_selected (g->row);

  if (g->rebuilding || i >= g->connectors->len)
    return;
  g->storing = TRUE;
  g_settings_set_string (g->settings, "patient-display-monitor",
                         g_ptr_array_index (g->connectors, i));
  g->storing = FALSE;
  /* A monitor listed as not connected goes once another is chosen. */
  if (g->idle_id == 0)
    g->idle_id = g_idle_add (rebuild_idle_cb, g);
}

void
proprio_preferences_patient_init (AdwPreferencesGroup *group,
                                  GSettings           *settings)
{
  Group *g;
  GtkWidget *row;
  GtkWidget *toggle;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g = g_new0 (Group, 1);
  g->settings = g_object_ref (settings);
  g->connectors = g_ptr_array_new_with_free_func (g_free);
  g->monitors = g_object_ref (gdk_display_get_monitors (gdk_display_get_default ()));

  g->row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (g->row), _("Mo_nitor"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (g->row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (g->row),
                               _("Fullscreen there when there are two screens; Automatic: the one "
                                 "the therapist’s window is not on"));
  adw_preferences_group_add (group, GTK_WIDGET (g->row));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("_Large Text"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The prompt and the time left in even larger type"));
  toggle = gtk_switch_new ();
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, "patient-display-large-text", toggle, "active",
                   G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);

  g_object_set_data_full (G_OBJECT (g->row), "proprio-patient-group", g, group_free);
  g_signal_connect_swapped (g->row, "notify::selected", G_CALLBACK (selected_cb), g);
  g_signal_connect_swapped (g->monitors, "items-changed", G_CALLBACK (monitors_changed_cb), g);
  g_signal_connect_swapped (settings, "changed::patient-display-monitor", G_CALLBACK (rebuild), g);
  rebuild (g);
}
