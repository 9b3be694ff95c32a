/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "devices/proprio-device-spec.h"
#include "devices/proprio-port-list.h"
#include "video/proprio-camera-monitor.h"
#include "video/proprio-camera-source.h"

#include "proprio-application.h"
#include "proprio-options.h"
#include "proprio-preferences-patient.h"
#include "proprio-preferences-window.h"

/* One "… at Start" picker: a combo row of readable choices, each standing for a spec (NULL for
 * "Other…", which reveals the spec entry), over one string setting. */
typedef struct
{
  const char     *key;          /* the setting: "device" or "camera" */
  AdwComboRow    *row;
  AdwExpanderRow *other_row;
  AdwEntryRow    *entry_row;
  AdwActionRow   *error_row;
  GtkStringList  *labels;
  GPtrArray      *specs;        /* char *, parallel to labels; NULL for "Other…" */
  gboolean        rebuilding;   /* the model or selection is being set, not chosen */
  gboolean        applying;     /* a typed spec is being stored: show it, not "Other…" */
} Picker;

struct _ProprioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  ProprioStation       *station;
  ProprioCameraMonitor *monitor;
  GCancellable         *cancellable;
  GPtrArray            *ports;       /* ProprioPortInfo, as last listed */

  Picker                device;
  Picker                camera;

  AdwComboRow          *style_row;
  GtkSwitch            *mirror_switch;
  GtkSwitch            *session_video_switch;
  AdwComboRow          *device_row;
  AdwExpanderRow       *device_other_row;
  AdwEntryRow          *device_spec_row;
  AdwActionRow         *device_error_row;
  AdwComboRow          *camera_row;
  AdwExpanderRow       *camera_other_row;
  AdwEntryRow          *camera_spec_row;
  AdwActionRow         *camera_error_row;
  AdwComboRow          *mains_row;
  AdwActionRow         *lowpass_row;
  GtkSpinButton        *lowpass_spin;
  GtkSpinButton        *board_width_spin;
  GtkSpinButton        *board_length_spin;
  AdwPreferencesGroup  *patient_display_group;
};

G_DEFINE_FINAL_TYPE (ProprioPreferencesWindow, proprio_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STATION,
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

/* ---- readable names for specs ---- */

typedef struct
{
  const char *spec;
  const char *label;
} Fixed;

static const Fixed fixed_devices[] = {
  { "auto", N_("Automatic (simulated balance board)") },
  { "sim:balance", N_("Simulated balance board") },
  { "sim:emg", N_("Simulated EMG sensor") },
  { "sim:cyton", N_("Simulated OpenBCI Cyton") },
  { "sim:angle", N_("Simulated goniometer") },
};

static const Fixed fixed_cameras[] = {
  { "auto", N_("Automatic") },
  { "test", N_("Test pattern") },
  { "sim", N_("Simulated") },
  { "none", N_("None") },
};

/* Specs are compared by what they mean, not how they were typed ("sim:emg?" is "sim:emg"). */
static char *
canonical_device (const char *text)
{
  g_autoptr(ProprioDeviceSpec) spec = NULL;

  if (text == NULL)
    return NULL;
  if (g_str_equal (text, "auto"))
    return g_strdup (text);
  spec = proprio_device_spec_parse (text, NULL);
  return spec != NULL ? proprio_device_spec_to_string (spec) : g_strdup (text);
}

static char *
canonical_camera (const char *text)
{
  g_autoptr(ProprioCameraSpec) spec = NULL;

  if (text == NULL)
    return NULL;
  spec = proprio_camera_spec_parse (text, NULL);
  return spec != NULL ? proprio_camera_spec_to_string (spec) : g_strdup (text);
}

static const char *
protocol_label (const char *protocol)
{
  if (g_strcmp0 (protocol, "lines") == 0)
    return _("Line-based device");
  if (g_strcmp0 (protocol, "cyton") == 0)
    return _("OpenBCI Cyton");
  return _("Balance board");
}

/* A setting that is none of the listed choices, e.g. a calibrated board: said in words, so the
 * therapist sees what is set without reading the spec. */
static char *
describe_device (const char *text)
{
  g_autoptr(ProprioDeviceSpec) spec = proprio_device_spec_parse (text, NULL);
  g_autoptr(GString) out = NULL;
  gboolean calibrated;

  if (spec == NULL)
    return g_strdup_printf (_("“%s” (not a valid spec)"), text);

  calibrated = g_hash_table_contains (spec->options, "tare")
               || g_hash_table_contains (spec->options, "gain");
  out = g_string_new (NULL);
  if (spec->sim != NULL)
    {
      g_autofree char *name = g_strconcat ("sim:", spec->sim, NULL);
      const char *label = name;

      for (guint i = 1; i < G_N_ELEMENTS (fixed_devices); i++)
        if (g_str_equal (fixed_devices[i].spec, name))
          label = _(fixed_devices[i].label);
      g_string_append (out, label);
    }
  else
    g_string_append_printf (out, _("%s on %s"), protocol_label (spec->protocol), spec->path);

  if (calibrated)
    g_string_append (out, _(", calibrated"));
  if (spec->sim == NULL && spec->baud != 115200)
    g_string_append_printf (out, _(", %u baud"), spec->baud);
  else if (spec->sim != NULL && g_hash_table_size (spec->options) > 0 && !calibrated)
    {
      /* A simulator's rate= or seed= is what sets it apart from the plain one listed. */
      g_autofree char *canonical = proprio_device_spec_to_string (spec);
      const char *options = strchr (canonical, '?');

      if (options != NULL)
        g_string_append_printf (out, " (%s)", options + 1);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
describe_camera (const char *text)
{
  g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (text, NULL);
  g_autoptr(GString) out = NULL;

  if (spec == NULL)
    return g_strdup_printf (_("“%s” (not a valid spec)"), text);

  out = g_string_new (NULL);
  switch (spec->kind)
    {
    case PROPRIO_CAMERA_SOURCE_PATH:
      g_string_append_printf (out, _("Camera %s"), spec->path);
      break;
    case PROPRIO_CAMERA_SOURCE_NAME:
      g_string_append_printf (out, _("Camera “%s”"), spec->name);
      break;
    default:
      /* auto, test, sim and none: fixed_cameras is in the order of the kinds. */
      if ((guint) spec->kind < G_N_ELEMENTS (fixed_cameras))
        g_string_append (out, _(fixed_cameras[spec->kind].label));
      break;
    }
  if (spec->width != PROPRIO_CAMERA_DEFAULT_WIDTH || spec->height != PROPRIO_CAMERA_DEFAULT_HEIGHT
      || spec->fps != PROPRIO_CAMERA_DEFAULT_FPS)
    g_string_append_printf (out, _(", %d×%d at %d fps"), spec->width, spec->height, spec->fps);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the pickers ---- */

static void
picker_add (Picker     *picker,
            const char *label,
            const char *spec)
{
  gtk_string_list_append (picker->labels, label);
  g_ptr_array_add (picker->specs, g_strdup (spec));
}

static gboolean
picker_other_selected (Picker *picker)
{
  guint selected = adw_combo_row_get_selected (picker->row);

  return selected < picker->specs->len && g_ptr_array_index (picker->specs, selected) == NULL;
}

static void
show_spec_error (Picker     *picker,
                 const char *message)
{
  adw_action_row_set_subtitle (picker->error_row, message != NULL ? message : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker->error_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (picker->error_row), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (picker->entry_row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (picker->entry_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (picker->entry_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (picker->entry_row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (picker->entry_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (picker->entry_row),
                                  GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
picker_set_other_open (Picker   *picker,
                       gboolean  open)
{
  gtk_widget_set_visible (GTK_WIDGET (picker->other_row), open);
  adw_expander_row_set_expanded (picker->other_row, open);
  if (!open)
    show_spec_error (picker, NULL);
}

/* Lists the choices anew (the ports or cameras changed, or the setting did) and selects the
 * setting's; while "Other…" is chosen, it stays chosen (someone is typing a spec). */
static void
picker_rebuild (ProprioPreferencesWindow *self,
                Picker                   *picker)
{
  gboolean is_device = picker == &self->device;
  g_autofree char *setting = g_settings_get_string (self->settings, picker->key);
  g_autofree char *current = is_device ? canonical_device (setting) : canonical_camera (setting);
  gboolean keep_other = !picker->applying && picker->labels != NULL
                        && picker_other_selected (picker);
  guint selected = GTK_INVALID_LIST_POSITION;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_clear_pointer (&picker->specs, g_ptr_array_unref);
  picker->specs = g_ptr_array_new_with_free_func (g_free);
  g_set_object (&picker->labels, labels);

  if (is_device)
    {
      for (guint i = 0; i < G_N_ELEMENTS (fixed_devices); i++)
        picker_add (picker, _(fixed_devices[i].label), fixed_devices[i].spec);
      for (guint i = 0; self->ports != NULL && i < self->ports->len; i++)
        {
          const ProprioPortInfo *port = g_ptr_array_index (self->ports, i);
          g_autofree char *spec = proprio_device_spec_build (port->path, "balance", 115200, NULL);
          g_autofree char *label = NULL;

          /* A port speaks a protocol the list cannot guess: balance, the usual board, is
           * offered; another protocol or speed is typed under "Other…". */
          if (port->description != NULL && port->description[0] != '\0')
            label = g_strdup_printf (_("Balance board on %s — %s"), port->path, port->description);
          else
            label = g_strdup_printf (_("Balance board on %s"), port->path);
          picker_add (picker, label, spec);
        }
    }
  else
    {
      GListModel *devices = self->monitor != NULL
                            ? proprio_camera_monitor_get_devices (self->monitor) : NULL;

      for (guint i = 0; i < G_N_ELEMENTS (fixed_cameras); i++)
        picker_add (picker, _(fixed_cameras[i].label), fixed_cameras[i].spec);
      for (guint i = 0; devices != NULL && i < g_list_model_get_n_items (devices); i++)
        {
          g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
          g_autofree char *name = gst_device_get_display_name (device);
          g_autofree char *path = proprio_camera_device_dup_path (device);
          g_autofree char *spec = path != NULL ? g_strdup (path)
                                                : g_strconcat ("name:", name, NULL);

          picker_add (picker, name, spec);
        }
    }

  for (guint i = 0; i < picker->specs->len && selected == GTK_INVALID_LIST_POSITION; i++)
    {
      const char *spec = g_ptr_array_index (picker->specs, i);
      g_autofree char *canonical = is_device ? canonical_device (spec) : canonical_camera (spec);

      if (g_strcmp0 (canonical, current) == 0)
        selected = i;
    }
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      g_autofree char *label = is_device ? describe_device (setting) : describe_camera (setting);

      selected = picker->specs->len;
      picker_add (picker, label, setting);
    }
  picker_add (picker, _("Other…"), NULL);
  if (keep_other)
    selected = picker->specs->len - 1;

  picker->rebuilding = TRUE;
  adw_combo_row_set_model (picker->row, G_LIST_MODEL (picker->labels));
  adw_combo_row_set_selected (picker->row, selected);
  picker->rebuilding = FALSE;
}

static void
picker_selected_cb (ProprioPreferencesWindow *self,
                    Picker                   *picker)
{
  guint selected = adw_combo_row_get_selected (picker->row);
  const char *spec;

  if (picker->rebuilding || selected >= picker->specs->len)
    return;

  spec = g_ptr_array_index (picker->specs, selected);
  if (spec == NULL)
    {
      g_autofree char *setting = g_settings_get_string (self->settings, picker->key);

      /* Start from what is set: a calibrated board's spec is edited, not typed anew. */
      gtk_editable_set_text (GTK_EDITABLE (picker->entry_row), setting);
      picker_set_other_open (picker, TRUE);
      return;
    }
  picker_set_other_open (picker, FALSE);
  g_settings_set_string (self->settings, picker->key, spec);
}

static void
device_selected_cb (ProprioPreferencesWindow *self)
{
  picker_selected_cb (self, &self->device);
}

static void
camera_selected_cb (ProprioPreferencesWindow *self)
{
  picker_selected_cb (self, &self->camera);
}

/* The setting changed elsewhere (a calibration applied, another window): follow it. A choice
 * made here already shows. */
static void
setting_changed_cb (ProprioPreferencesWindow *self,
                    const char               *key)
{
  Picker *picker = g_str_equal (key, "device") ? &self->device : &self->camera;
  guint selected = adw_combo_row_get_selected (picker->row);
  g_autofree char *setting = g_settings_get_string (self->settings, key);

  if (picker->specs != NULL && selected < picker->specs->len
      && g_strcmp0 (g_ptr_array_index (picker->specs, selected), setting) == 0)
    return;
  picker_rebuild (self, picker);
}

/* The spec typed under "Other…" is stored only when all of it is valid (options included: a
 * board's order=, a simulator's rate=); otherwise the whole message shows under the entry. */
static void
spec_apply_cb (ProprioPreferencesWindow *self,
               AdwEntryRow              *row)
{
  Picker *picker = row == self->device_spec_row ? &self->device : &self->camera;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (text[0] == '\0')
    g_set_error_literal (&error, PROPRIO_OPTIONS_ERROR, PROPRIO_OPTIONS_ERROR_INVALID,
                         picker == &self->device
                         ? _("Type a device spec, such as sim:balance or "
                             "/dev/ttyACM0?protocol=balance, or choose one in the list above.")
                         : _("Type a camera spec, such as /dev/video0 or test, or choose one in "
                             "the list above."));
  else if (picker == &self->device)
    {
      if (!g_str_equal (text, "auto"))
        proprio_device_spec_validate (text, &error);
    }
  else
    {
      g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (text, &error);
    }

  if (error != NULL)
    {
      show_spec_error (picker, error->message);
      return;
    }
  show_spec_error (picker, NULL);
  /* The list then shows the new setting by its name; the entry stays open to see it. */
  picker->applying = TRUE;
  g_settings_set_string (self->settings, picker->key, text);
  picker_rebuild (self, picker);
  picker->applying = FALSE;
}

static void
spec_changed_cb (ProprioPreferencesWindow *self,
                 GtkEditable              *editable)
{
  Picker *picker = editable == GTK_EDITABLE (self->device_spec_row) ? &self->device : &self->camera;

  /* The message was about the text as it was: editing it starts over. */
  show_spec_error (picker, NULL);
}

static void
ports_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = proprio_port_list_finish (result, &error);

  /* Cancelled: the window is gone, user_data with it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (ports == NULL)
    {
      g_debug ("Serial ports not listed: %s", error->message);
      return;
    }
  proprio_preferences_window_set_ports (PROPRIO_PREFERENCES_WINDOW (user_data), ports);
}

void
proprio_preferences_window_set_ports (ProprioPreferencesWindow *self,
                                      GPtrArray                *ports)
{
  g_return_if_fail (PROPRIO_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (ports != NULL);

  g_clear_pointer (&self->ports, g_ptr_array_unref);
  self->ports = g_ptr_array_ref (ports);
  picker_rebuild (self, &self->device);
}

static void
cameras_changed_cb (ProprioPreferencesWindow *self)
{
  picker_rebuild (self, &self->camera);
}

/* ---- the analysis filter row ---- */

/* 0 is no filter: the spin button says so instead of "0.0". */
static gboolean
lowpass_output_cb (GtkSpinButton *spin,
                   gpointer       user_data)
{
  double value = gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin));
  g_autofree char *text = NULL;

  if (value > 0.0)
    return FALSE;
  text = g_strdup (C_("filter", "Off"));
  if (!g_str_equal (gtk_editable_get_text (GTK_EDITABLE (spin)), text))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
lowpass_input_cb (GtkSpinButton *spin,
                  double        *new_value,
                  gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (g_utf8_collate (text, C_("filter", "Off")) == 0 || g_ascii_strcasecmp (text, "off") == 0)
    {
      *new_value = 0.0;
      return TRUE;
    }
  return FALSE;
}

/* ---- accessibility ---- */

/* Screen readers name each row by its title, and the control in it by the same words: the
 * mnemonic underscores are not part of the name. */
static void
label_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    label_rows (child);

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

/* ---- GObject ---- */

static void
picker_init (Picker         *picker,
             const char     *key,
             AdwComboRow    *row,
             AdwExpanderRow *other_row,
             AdwEntryRow    *entry_row,
             AdwActionRow   *error_row)
{
  picker->key = key;
  picker->row = row;
  picker->other_row = other_row;
  picker->entry_row = entry_row;
  picker->error_row = error_row;
}

static void
picker_clear (Picker *picker)
{
  g_clear_object (&picker->labels);
  g_clear_pointer (&picker->specs, g_ptr_array_unref);
}

static void
proprio_preferences_window_constructed (GObject *object)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (proprio_preferences_window_parent_class)->constructed (object);

  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_get_mapping, enum_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "session-video", self->session_video_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "mirror-patient-view", self->mirror_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "mains-frequency", self->mains_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, mains_get_mapping, mains_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "analysis-lowpass-hz", self->lowpass_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "board-width-mm", self->board_width_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "board-length-mm", self->board_length_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  proprio_preferences_patient_init (self->patient_display_group, self->settings);

  if (self->station != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->monitor = g_object_ref (proprio_station_get_camera_monitor (self->station));
      g_signal_connect_object (proprio_camera_monitor_get_devices (self->monitor), "items-changed",
                               G_CALLBACK (cameras_changed_cb), self, G_CONNECT_SWAPPED);
      /* Cameras are looked for when someone looks at the list, as the camera menu does; the
       * monitor then follows them as they come and go (it never blocks). */
      if (!proprio_camera_monitor_start (self->monitor, &error))
        g_debug ("Cameras not listed: %s", error->message);
    }

  picker_rebuild (self, &self->device);
  picker_rebuild (self, &self->camera);
  g_signal_connect_object (self->settings, "changed::device", G_CALLBACK (setting_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::camera", G_CALLBACK (setting_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* Listing reads sysfs, slow with many USB devices: the ports join the list when found. */
  self->cancellable = g_cancellable_new ();
  proprio_port_list_async (self->cancellable, ports_listed_cb, self);

  label_rows (GTK_WIDGET (self));
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
    case PROP_STATION:
      self->station = g_value_dup_object (value);
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
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_preferences_window_dispose (GObject *object)
{
  ProprioPreferencesWindow *self = PROPRIO_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PREFERENCES_WINDOW);
  picker_clear (&self->device);
  picker_clear (&self->camera);
  g_clear_pointer (&self->ports, g_ptr_array_unref);
  g_clear_object (&self->monitor);
  g_clear_object (&self->station);
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
  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, mirror_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow,
                                        session_video_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, device_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, device_other_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, device_spec_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, device_error_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, camera_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, camera_other_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, camera_spec_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, camera_error_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, mains_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, lowpass_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, lowpass_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, board_width_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow, board_length_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesWindow,
                                        patient_display_group);
}

static void
proprio_preferences_window_init (ProprioPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  picker_init (&self->device, "device", self->device_row, self->device_other_row,
               self->device_spec_row, self->device_error_row);
  picker_init (&self->camera, "camera", self->camera_row, self->camera_other_row,
               self->camera_spec_row, self->camera_error_row);
  /* The syntax, where the spec is typed (markup off: specs are full of '&'). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->device_other_row), FALSE);
  adw_expander_row_set_subtitle (self->device_other_row,
                                 _("sim:balance, sim:emg, sim:cyton, sim:angle, or a port: "
                                   "/dev/ttyACM0?protocol=balance&baud=115200 (protocol balance, "
                                   "lines or cyton, then the protocol’s options)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->camera_other_row), FALSE);
  adw_expander_row_set_subtitle (self->camera_other_row,
                                 _("auto, test, sim, none, a device such as /dev/video0, or "
                                   "name:CAMERA NAME; options: ?size=1280x720&fps=30"));

  g_signal_connect_swapped (self->device_row, "notify::selected", G_CALLBACK (device_selected_cb),
                            self);
  g_signal_connect_swapped (self->camera_row, "notify::selected", G_CALLBACK (camera_selected_cb),
                            self);
  g_signal_connect_swapped (self->device_spec_row, "apply", G_CALLBACK (spec_apply_cb), self);
  g_signal_connect_swapped (self->camera_spec_row, "apply", G_CALLBACK (spec_apply_cb), self);
  g_signal_connect_swapped (self->device_spec_row, "changed", G_CALLBACK (spec_changed_cb), self);
  g_signal_connect_swapped (self->camera_spec_row, "changed", G_CALLBACK (spec_changed_cb), self);
  g_signal_connect (self->lowpass_spin, "output", G_CALLBACK (lowpass_output_cb), NULL);
  g_signal_connect (self->lowpass_spin, "input", G_CALLBACK (lowpass_input_cb), NULL);
}

ProprioPreferencesWindow *
proprio_preferences_window_new (GSettings      *settings,
                                ProprioStation *station)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (station == NULL || PROPRIO_IS_STATION (station), NULL);

  return g_object_new (PROPRIO_TYPE_PREFERENCES_WINDOW, "settings", settings, "station", station,
                       NULL);
}
