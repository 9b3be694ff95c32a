/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/proprio-application.h"
#include "app/proprio-options.h"
#include "app/proprio-preferences-window.h"
#include "devices/proprio-device-spec.h"
#include "devices/proprio-port-list.h"
#include "video/proprio-camera-source.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

typedef struct
{
  GSettings                *settings;
  ProprioStation           *station;
  ProprioPreferencesWindow *window;
} Fixture;

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                   PROPRIO_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
window_shown (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
fixture_open (Fixture *f)
{
  f->window = proprio_preferences_window_new (f->settings, f->station);
  gtk_window_present (GTK_WINDOW (f->window));
  /* On screen, however long a loaded machine takes. */
  g_assert_true (proprio_test_wait_until (window_shown, f->window, 10000));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->settings = g_object_ref (proprio_application_get_settings (app));
  g_settings_reset (f->settings, "device");
  g_settings_reset (f->settings, "camera");
  g_settings_reset (f->settings, "analysis-lowpass-hz");
  /* A station of the test's own: its camera monitor is the one the window lists. */
  f->station = proprio_station_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *weak = GTK_WIDGET (f->window);

  if (f->window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
      gtk_window_destroy (GTK_WINDOW (f->window));
      proprio_test_wait_ms (50);
      g_assert_null (weak);
    }
  g_object_run_dispose (G_OBJECT (f->station));
  g_clear_object (&f->station);
  g_settings_reset (f->settings, "device");
  g_settings_reset (f->settings, "camera");
  g_settings_reset (f->settings, "analysis-lowpass-hz");
  g_clear_object (&f->settings);
}

/* The combo row's choices, "|"-joined. */
static char *
labels_of (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (8, NULL, TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (labels, (gpointer) gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_strjoinv ("|", (char **) labels->pdata);
}

static const char *
selected_label (AdwComboRow *row)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                     adw_combo_row_get_selected (row));
}

static void
choose (AdwComboRow *row,
        const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("No choice “%s” in %s", label, labels_of (row));
}

static void
apply_spec (AdwEntryRow *row,
            const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static ProprioPortInfo *
fake_port (const char *path,
           const char *description)
{
  ProprioPortInfo *info = g_new0 (ProprioPortInfo, 1);

  info->path = g_strdup (path);
  info->description = g_strdup (description);
  info->transport = g_strdup ("usb");
  info->usb_vid = 0x0403;
  info->usb_pid = 0x6001;
  return info;
}

/* The label that shows `text`, somewhere under `widget`. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_png (Fixture    *f,
          const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  /* What just changed is laid out and drawn first (the expander opens in 250 ms). */
  proprio_test_wait_ms (500);
  texture = proprio_test_render_widget (GTK_WIDGET (f->window));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* ---- the device picker ---- */

static void
test_device_picker (Fixture       *f,
                    gconstpointer  data)
{
  AdwComboRow *row;
  g_autoptr(GPtrArray) ports = NULL;
  g_autofree char *labels = NULL;

  fixture_open (f);
  row = child (f, "device_row");
  g_assert_true (adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)));
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "next start") != NULL);
  g_assert_cmpstr (selected_label (row), ==, "Automatic (simulated balance board)");
  g_assert_false (gtk_widget_get_visible (child (f, "device_other_row")));

  /* The ports the background listing found join the list. (The real listing's answer comes on
   * the main loop, which does not run until the wait below.) */
  ports = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_port_info_free);
  g_ptr_array_add (ports, fake_port ("/dev/ttyUSB7", "FT232R USB UART"));
  g_ptr_array_add (ports, fake_port ("/dev/ttyACM3", ""));
  proprio_preferences_window_set_ports (f->window, ports);
  labels = labels_of (row);
  g_assert_cmpstr (labels, ==,
                   "Automatic (simulated balance board)|Simulated balance board|"
                   "Simulated EMG sensor|Simulated OpenBCI Cyton|Simulated goniometer|"
                   "Balance board on /dev/ttyUSB7 — FT232R USB UART|"
                   "Balance board on /dev/ttyACM3|Other…");
  g_assert_cmpstr (selected_label (row), ==, "Automatic (simulated balance board)");

  /* Choosing stores the choice's spec. */
  choose (row, "Simulated OpenBCI Cyton");
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "sim:cyton");
  choose (row, "Balance board on /dev/ttyUSB7 — FT232R USB UART");
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==,
                   "/dev/ttyUSB7?protocol=balance&baud=115200");
  g_assert_cmpstr (selected_label (row), ==, "Balance board on /dev/ttyUSB7 — FT232R USB UART");
  choose (row, "Automatic (simulated balance board)");
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "auto");

  /* A setting made elsewhere while the window is open (a calibration applied) shows. */
  g_settings_set_string (f->settings, "device", "sim:angle");
  g_assert_cmpstr (selected_label (row), ==, "Simulated goniometer");

  /* The real background listing ends without harm, whatever the machine has. */
  proprio_test_wait_ms (200);
  save_png (f, "preferences.png");
}

/* A setting that is none of the choices is listed by a readable name, and chosen. */
static void
test_device_current (Fixture       *f,
                     gconstpointer  data)
{
  AdwComboRow *row;
  g_autofree char *labels = NULL;

  g_settings_set_string (f->settings, "device",
                         "/dev/ttyACM0?protocol=balance&tare=1,2,3,4&gain=1,1,1,1"
                         "&geometry=440x240");
  fixture_open (f);
  row = child (f, "device_row");
  g_assert_cmpstr (selected_label (row), ==, "Balance board on /dev/ttyACM0, calibrated");
  labels = labels_of (row);
  g_assert_true (g_str_has_suffix (labels, "|Balance board on /dev/ttyACM0, calibrated|Other…"));

  g_settings_set_string (f->settings, "device", "sim:emg?rate=500");
  g_assert_cmpstr (selected_label (row), ==, "Simulated EMG sensor (rate=500)");
  g_settings_set_string (f->settings, "device", "/dev/ttyUSB1?protocol=lines&baud=9600");
  g_assert_cmpstr (selected_label (row), ==, "Line-based device on /dev/ttyUSB1, 9600 baud");
  /* The same spec written differently is the listed choice, not another one. */
  g_settings_set_string (f->settings, "device", "sim:cyton?");
  g_assert_cmpstr (selected_label (row), ==, "Simulated OpenBCI Cyton");
  g_clear_pointer (&labels, g_free);
  labels = labels_of (row);
  g_assert_null (strstr (labels, "ttyACM0"));
}

/* "Other…" opens the spec entry; what does not validate, options included, is said in full
 * under it and not stored. */
static void
test_device_other (Fixture       *f,
                   gconstpointer  data)
{
  AdwComboRow *row;
  AdwExpanderRow *other;
  AdwEntryRow *entry;
  AdwActionRow *error_row;
  g_autoptr(GError) expected = NULL;
  GtkLabel *shown;

  g_settings_set_string (f->settings, "device", "sim:balance?seed=4");
  fixture_open (f);
  row = child (f, "device_row");
  other = child (f, "device_other_row");
  entry = child (f, "device_spec_row");
  error_row = child (f, "device_error_row");

  choose (row, "Other…");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other)));
  g_assert_true (adw_expander_row_get_expanded (other));
  /* The syntax is at hand, and the entry starts from what is set. */
  g_assert_true (strstr (adw_expander_row_get_subtitle (other), "protocol=balance") != NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "sim:balance?seed=4");
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "sim:balance?seed=4");

  /* A simulator option out of range: parsing alone (what this window checked before) lets it
   * through, validating does not. */
  {
    g_autoptr(ProprioDeviceSpec) parsed = proprio_device_spec_parse ("sim:balance?rate=-5", NULL);

    g_assert_nonnull (parsed);
  }
  g_assert_false (proprio_device_spec_validate ("sim:balance?rate=-5", &expected));
  apply_spec (entry, "sim:balance?rate=-5");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (error_row), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (error_row), "error"));
  /* A screen reader is told the same words. */
  {
    char *wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (error_row),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                      expected->message);

    g_assert_null (wrong);
  }
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "sim:balance?seed=4");
  /* In full: the message wraps, it is never ellipsized. */
  shown = find_label (GTK_WIDGET (error_row), expected->message);
  g_assert_nonnull (shown);
  g_assert_true (gtk_label_get_wrap (shown));
  g_assert_cmpint (gtk_label_get_ellipsize (shown), ==, PANGO_ELLIPSIZE_NONE);
  save_png (f, "preferences-error.png");

  /* A protocol option: the port spec parses, the balance protocol refuses order=zz. */
  g_clear_error (&expected);
  {
    g_autoptr(ProprioDeviceSpec) parsed = proprio_device_spec_parse (
      "/dev/ttyACM0?protocol=balance&order=zz", NULL);

    g_assert_nonnull (parsed);
  }
  g_assert_false (proprio_device_spec_validate ("/dev/ttyACM0?protocol=balance&order=zz",
                                                &expected));
  apply_spec (entry, "/dev/ttyACM0?protocol=balance&order=zz");
  g_assert_cmpstr (adw_action_row_get_subtitle (error_row), ==, expected->message);
  g_assert_true (strstr (expected->message, "zz") != NULL);
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "sim:balance?seed=4");

  /* Editing the text takes the old message away. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "/dev/ttyACM0?protocol=balance&order=z");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  apply_spec (entry, "   ");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_true (strstr (adw_action_row_get_subtitle (error_row), "Type a device spec") != NULL);

  /* A valid spec is stored, named in the list, and the entry stays open. */
  apply_spec (entry, "/dev/ttyACM0?protocol=lines&baud=9600");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==,
                   "/dev/ttyACM0?protocol=lines&baud=9600");
  g_assert_cmpstr (selected_label (row), ==, "Line-based device on /dev/ttyACM0, 9600 baud");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (other)));
  apply_spec (entry, "auto");
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "auto");

  /* Choosing a listed device closes it. */
  choose (row, "Simulated EMG sensor");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (other)));
  g_assert_cmpstr (g_settings_get_string (f->settings, "device"), ==, "sim:emg");
}

/* ---- the camera picker ---- */

static void
test_camera_picker (Fixture       *f,
                    gconstpointer  data)
{
  AdwComboRow *row;
  AdwEntryRow *entry;
  AdwActionRow *error_row;
  g_autofree char *labels = NULL;
  g_autoptr(ProprioCameraSpec) spec = NULL;
  g_autoptr(GError) expected = NULL;
  GListModel *cameras;

  fixture_open (f);
  row = child (f, "camera_row");
  entry = child (f, "camera_spec_row");
  error_row = child (f, "camera_error_row");
  /* Opening the window starts looking for cameras, as the camera menu does. */
  g_assert_true (proprio_camera_monitor_is_started (
    proprio_station_get_camera_monitor (f->station)));
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "next start") != NULL);

  labels = labels_of (row);
  g_assert_true (g_str_has_prefix (labels, "Automatic|Test pattern|Simulated|None|"));
  g_assert_true (g_str_has_suffix (labels, "|Other…"));
  /* Whatever cameras this machine has are listed between them. */
  cameras = proprio_camera_monitor_get_devices (proprio_station_get_camera_monitor (f->station));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==,
                    5 + g_list_model_get_n_items (cameras));
  g_assert_cmpstr (selected_label (row), ==, "Automatic");

  choose (row, "Test pattern");
  g_assert_cmpstr (g_settings_get_string (f->settings, "camera"), ==, "test");
  choose (row, "None");
  g_assert_cmpstr (g_settings_get_string (f->settings, "camera"), ==, "none");

  choose (row, "Other…");
  g_assert_true (gtk_widget_get_visible (child (f, "camera_other_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "none");
  spec = proprio_camera_spec_parse ("/dev/video0?size=big", &expected);
  g_assert_null (spec);
  apply_spec (entry, "/dev/video0?size=big");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (error_row), ==, expected->message);
  g_assert_cmpstr (g_settings_get_string (f->settings, "camera"), ==, "none");

  apply_spec (entry, "/dev/video5?size=640x480&fps=15");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_row)));
  g_assert_cmpstr (g_settings_get_string (f->settings, "camera"), ==,
                   "/dev/video5?size=640x480&fps=15");
  g_assert_cmpstr (selected_label (row), ==, "Camera /dev/video5, 640×480 at 15 fps");
  g_settings_set_string (f->settings, "camera", "name:Front Desk");
  g_assert_cmpstr (selected_label (row), ==, "Camera “Front Desk”");
}

/* ---- the analysis filter ---- */

static void
test_analysis_filter (Fixture       *f,
                      gconstpointer  data)
{
  GtkSpinButton *spin;
  AdwActionRow *row;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) too_high = g_variant_ref_sink (g_variant_new_double (50.5));
  g_autoptr(GVariant) negative = g_variant_ref_sink (g_variant_new_double (-1.0));
  g_autofree char *ten = proprio_analysis_filter_describe (10.0);
  g_autofree char *off = proprio_analysis_filter_describe (0.0);
  g_autofree char *half = proprio_analysis_filter_describe (2.5);
  g_autofree char *nan_hz = proprio_analysis_filter_describe (NAN);

  /* The default is what force-plate software uses, and what proprio-cli --lowpass 10 does. */
  g_assert_cmpfloat (g_settings_get_double (f->settings, "analysis-lowpass-hz"), ==, 10.0);
  g_object_get (f->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "analysis-lowpass-hz");
  g_assert_false (g_settings_schema_key_range_check (key, too_high));
  g_assert_false (g_settings_schema_key_range_check (key, negative));

  g_assert_cmpstr (ten, ==, "Low-pass 10 Hz");
  g_assert_cmpstr (off, ==, "No filter");
  g_assert_cmpstr (half, ==, "Low-pass 2.5 Hz");
  g_assert_cmpstr (nan_hz, ==, "No filter");

  fixture_open (f);
  spin = child (f, "lowpass_spin");
  row = child (f, "lowpass_row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "_Analysis Filter");
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "Low-pass before sway metrics (2nd-order Butterworth, zero phase); 10 Hz as "
                   "most force-plate software");
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 10.0);
  gtk_spin_button_set_value (spin, 0.0);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "analysis-lowpass-hz"), ==, 0.0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "Off");
  gtk_spin_button_set_value (spin, 4.5);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "analysis-lowpass-hz"), ==, 4.5);
  /* Typing "off" is understood. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "off");
  gtk_spin_button_update (spin);
  g_assert_cmpfloat (g_settings_get_double (f->settings, "analysis-lowpass-hz"), ==, 0.0);
  g_settings_set_double (f->settings, "analysis-lowpass-hz", 20.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 20.0);
}

/* ---- keyboard and screen readers ---- */

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* Whether a label under `widget` answers to the mnemonic `keyval` (the key works, not only the
 * underline shows). */
static gboolean
has_mnemonic (GtkWidget *widget,
              guint      keyval)
{
  if (GTK_IS_LABEL (widget)
      && gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget))) == keyval)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (has_mnemonic (c, keyval))
      return TRUE;
  return FALSE;
}

static void
check_labelled (GtkWidget *widget)
{
  /* What is hidden cannot be reached (the expanders' unused enable switch). */
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SWITCH (widget))
    if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
      g_error ("A %s without an accessible label", G_OBJECT_TYPE_NAME (widget));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    check_labelled (c);
}

static void
test_keyboard_accessible (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  GtkWidget *lowpass_row, *focus;
  char *text = NULL;

  fixture_open (f);
  /* The hidden rows count too: they show when "Other…" is chosen. */
  choose (child (f, "device_row"), "Other…");
  choose (child (f, "camera_row"), "Other…");
  proprio_test_wait_ms (50);
  collect_rows (GTK_WIDGET (f->window), rows);
  g_assert_cmpuint (rows->len, >=, 12);

  for (guint i = 0; i < rows->len; i++)
    {
      AdwPreferencesRow *row = g_ptr_array_index (rows, i);
      const char *title = adw_preferences_row_get_title (row);
      const char *mark = strchr (title, '_');
      guint keyval;

      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("Row “%s” has no accessible label", title);
      GtkWidget *expander = gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (row)),
                                                     ADW_TYPE_EXPANDER_ROW);

      /* The expanders (and the header row inside each) open with their picker, and the error
       * rows are messages, not controls. */
      if (ADW_IS_EXPANDER_ROW (row) || gtk_widget_has_css_class (GTK_WIDGET (row), "error")
          || (expander != NULL
              && g_strcmp0 (title, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)))
                 == 0))
        continue;
      if (!adw_preferences_row_get_use_underline (row) || mark == NULL)
        g_error ("Row “%s” has no mnemonic", title);
      keyval = gdk_keyval_to_lower (gdk_unicode_to_keyval (g_utf8_get_char (mark + 1)));
      if (!has_mnemonic (GTK_WIDGET (row), keyval))
        g_error ("Row “%s” shows a mnemonic that no key reaches", title);
      if (g_hash_table_contains (keys, GUINT_TO_POINTER (keyval)))
        g_error ("Row “%s” repeats the mnemonic %s", title, gdk_keyval_name (keyval));
      g_hash_table_add (keys, GUINT_TO_POINTER (keyval));
    }
  check_labelled (GTK_WIDGET (f->window));

  /* The row's words name its control, without the mnemonic mark. */
  lowpass_row = child (f, "lowpass_row");
  text = gtk_test_accessible_check_property (GTK_ACCESSIBLE (lowpass_row),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "Analysis Filter");
  g_assert_null (text);
  text = gtk_test_accessible_check_property (child (f, "lowpass_spin"),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "Analysis Filter");
  g_assert_null (text);
  text = gtk_test_accessible_check_property (child (f, "board_width_spin"),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL, "Side to Side (mm)");
  g_assert_null (text);

  /* A mnemonic takes the keyboard to its control. */
  g_assert_true (gtk_widget_mnemonic_activate (lowpass_row, FALSE));
  proprio_test_wait_ms (50);
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  g_assert_true (focus == child (f, "lowpass_spin")
                 || gtk_widget_is_ancestor (focus, child (f, "lowpass_spin")));
}

static gboolean
has_preferences_window (gpointer data)
{
  ProprioPreferencesWindow **out = data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (PROPRIO_IS_PREFERENCES_WINDOW (l->data))
      *out = l->data;
  return *out != NULL;
}

/* The application's Preferences action hands the window its station (for the camera list). */
static void
test_app_action (void)
{
  ProprioPreferencesWindow *window = NULL;
  g_autoptr(ProprioStation) station = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (proprio_test_wait_until (has_preferences_window, &window, 10000));
  g_object_get (window, "station", &station, NULL);
  g_assert_true (station == proprio_application_get_station (app));
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

/* "Record Video in Sessions": on by default, the setting follows the switch, and so does what
 * the application's sessions will record. */
static void
test_session_video (Fixture       *f,
                    gconstpointer  data)
{
  GtkSwitch *toggle;
  ProprioSessionController *sessions = proprio_application_get_sessions (app);

  g_settings_reset (f->settings, "session-video");
  fixture_open (f);
  toggle = child (f, "session_video_switch");
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_true (g_settings_get_boolean (f->settings, "session-video"));
  g_assert_nonnull (sessions);
  g_assert_true (proprio_session_controller_get_record_video (sessions));

  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "session-video"));
  g_assert_false (proprio_session_controller_get_record_video (sessions));
  g_settings_reset (f->settings, "session-video");
  g_assert_true (gtk_switch_get_active (toggle));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The test accessibility backend keeps what screen readers would be told, to check it. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

#define ADD(path, func) \
  g_test_add ("/preferences/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("device-picker", test_device_picker);
  ADD ("device-current", test_device_current);
  ADD ("device-other", test_device_other);
  ADD ("camera-picker", test_camera_picker);
  ADD ("analysis-filter", test_analysis_filter);
  ADD ("session-video", test_session_video);
  ADD ("keyboard-accessible", test_keyboard_accessible);
#undef ADD
  g_test_add_func ("/preferences/app-action", test_app_action);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
