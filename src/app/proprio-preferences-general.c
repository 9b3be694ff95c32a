/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-calibration-dialog.h"
#include "proprio-preferences-general.h"

static gboolean
palette_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "colorblind"));
  return TRUE;
}

static GVariant *
palette_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "colorblind" : "default");
}

static gboolean
unit_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "cm"));
  return TRUE;
}

static GVariant *
unit_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "cm" : "mm");
}

/* ---- the board's calibration ---- */

typedef struct
{
  GtkWindow      *window;     /* not owned: the row is its child */
  GSettings      *settings;
  ProprioStation *station;
  GtkWidget      *row;
} Calibrate;

static void
calibrate_free (gpointer data)
{
  Calibrate *c = data;

  g_clear_object (&c->settings);
  g_clear_object (&c->station);
  g_free (c);
}

static gboolean
board_connected (Calibrate *c)
{
  ProprioDevice *device = c->station != NULL ? proprio_station_get_device (c->station) : NULL;

  return device != NULL && proprio_device_get_stream_kind (device) == PROPRIO_STREAM_BALANCE;
}

static void
device_changed_cb (Calibrate *c)
{
  gtk_widget_set_sensitive (c->row, board_connected (c));
}

/* The station's device changed: the row it lives on finds its state there. */
static void
device_notify_cb (GtkWidget *row)
{
  device_changed_cb (g_object_get_data (G_OBJECT (row), "proprio-calibrate"));
}

/* The same dialog as the Balance page's "Calibrate…", over the Preferences. */
static void
calibrate_activated_cb (Calibrate *c)
{
  GtkWidget *dialog;

  if (!board_connected (c))
    return;
  dialog = proprio_calibration_dialog_new (c->station, c->settings);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), c->window);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
proprio_preferences_general_bind (GtkWindow      *window,
                                  GSettings      *settings,
                                  ProprioStation *station,
                                  AdwComboRow    *unit_row,
                                  AdwComboRow    *palette_row,
                                  AdwActionRow   *calibrate_row)
{
  Calibrate *c;

  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind_with_mapping (settings, "palette", palette_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, palette_get_mapping, palette_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "distance-unit", unit_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, unit_get_mapping, unit_set_mapping,
                                NULL, NULL);

  c = g_new0 (Calibrate, 1);
  c->window = window;
  c->settings = g_object_ref (settings);
  c->station = station != NULL ? g_object_ref (station) : NULL;
  c->row = GTK_WIDGET (calibrate_row);
  g_object_set_data_full (G_OBJECT (calibrate_row), "proprio-calibrate", c, calibrate_free);
  g_signal_connect_swapped (calibrate_row, "activated", G_CALLBACK (calibrate_activated_cb), c);
  if (station != NULL)
    g_signal_connect_object (station, "notify::device", G_CALLBACK (device_notify_cb),
                             calibrate_row, G_CONNECT_SWAPPED);
  device_changed_cb (c);
}

/* ---- accessibility ---- */

/* Screen readers name each row by its title, and the control in it by the same words: the
 * mnemonic underscores are not part of the name. */
void
proprio_preferences_label_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    proprio_preferences_label_rows (child);

  /* The window's own search entry (search is off, but it is there) has no name of its own. */
  if (GTK_IS_SEARCH_ENTRY (widget))
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Search Preferences"), -1);
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      g_autoptr(GString) name = g_string_new (NULL);

      for (const char *p = title; p != NULL && *p != '\0'; p++)
        {
          if (*p == '_' && p[1] == '_')
            p++;                          /* "__" is a real underscore */
          else if (*p == '_')
            continue;                     /* the mnemonic mark */
          g_string_append_c (name, *p);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      name->str, -1);
      if (ADW_IS_ACTION_ROW (widget))
        {
          GtkWidget *control = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget));
          const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

          if (control != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
          if (subtitle != NULL && subtitle[0] != '\0')
            gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
        }
    }
}

