/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "devices/proprio-device-spec.h"
#include "video/proprio-camera-source.h"

#include "proprio-application.h"
#include "proprio-options.h"
#include "proprio-preferences-window.h"

struct _ProprioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *style_row;
  GtkSwitch            *mirror_switch;
  AdwEntryRow          *device_row;
  AdwEntryRow          *camera_row;
  AdwComboRow          *mains_row;
  GtkSpinButton        *board_width_spin;
  GtkSpinButton        *board_length_spin;
};

G_DEFINE_FINAL_TYPE (ProprioPreferencesWindow, proprio_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
mains_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) == 60 ? 1 : 0);
  return TRUE;
}

static GVariant *
mains_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  return g_variant_new_uint32 (g_value_get_uint (value) == 1 ? 60 : 50);
}

static gboolean
enum_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (nick, "light") ? 1 : g_str_equal (nick, "dark") ? 2 : 0);
  return TRUE;
}

static GVariant *
enum_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  static const char * const nicks[] = { "default", "light", "dark" };
  guint i = MIN (g_value_get_uint (value), G_N_ELEMENTS (nicks) - 1);

  return g_variant_new_string (nicks[i]);
}

/* Entry rows only store what parses, and say why when it does not. */
static void
show_entry_error (AdwEntryRow *row,
                  const char  *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
    }
}

static void
device_row_apply_cb (ProprioPreferencesWindow *self,
                     AdwEntryRow              *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(ProprioDeviceSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (text, "auto") && (spec = proprio_device_spec_parse (text, &error)) == NULL)
    {
      show_entry_error (row, error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }

  show_entry_error (row, NULL);
  g_settings_set_string (self->settings, "device", text);
}

static void
camera_row_apply_cb (ProprioPreferencesWindow *self,
                     AdwEntryRow              *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(ProprioCameraSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  if ((spec = proprio_camera_spec_parse (text, &error)) == NULL)
    {
      show_entry_error (row, error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }

  show_entry_error (row, NULL);
  g_settings_set_string (self->settings, "camera", text);
}

static void
proprio_preferences_window_constructed (GObject *object)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);
  g_autofree char *device = NULL;
  g_autofree char *camera = NULL;

  G_OBJECT_CLASS (proprio_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "mirror-patient-view", self->mirror_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "mains-frequency", self->mains_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, mains_get_mapping, mains_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "board-width-mm", self->board_width_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "board-length-mm", self->board_length_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  device = g_settings_get_string (self->settings, "device");
  camera = g_settings_get_string (self->settings, "camera");
  gtk_editable_set_text (GTK_EDITABLE (self->device_row), device);
  gtk_editable_set_text (GTK_EDITABLE (self->camera_row), camera);
}

static void
proprio_preferences_window_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_preferences_window_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_preferences_window_dispose (GObject *object)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_preferences_window_parent_class)->dispose (object);
}

static void
proprio_preferences_window_class_init (ProprioPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = proprio_preferences_window_constructed;
  object_class->set_property = proprio_preferences_window_set_property;
  object_class->get_property = proprio_preferences_window_get_property;
  object_class->dispose = proprio_preferences_window_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, mirror_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, device_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, camera_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, mains_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, board_width_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, board_length_spin);
}

static void
proprio_preferences_window_init (ProprioPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->device_row, "apply", G_CALLBACK (device_row_apply_cb), self);
  g_signal_connect_swapped (self->camera_row, "apply", G_CALLBACK (camera_row_apply_cb), self);
}

ProprioPreferencesWindow *
proprio_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
