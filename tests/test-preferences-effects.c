/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "app/proprio-balance-page.h"
#include "app/proprio-calibration-dialog.h"
#include "app/proprio-cue-sound.h"
#include "app/proprio-muscle-page.h"
#include "app/proprio-pedal-key.h"
#include "app/proprio-preferences-pages.h"
#include "app/proprio-preferences-window.h"
#include "app/proprio-units.h"
#include "app/proprio-window.h"
#include "core/proprio-clock.h"
#include "core/proprio-stream.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-error-plot.h"
#include "widgets/proprio-palette.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static ProprioPreferencesWindow *
open_preferences (void)
{
  ProprioPreferencesWindow *prefs =
    proprio_preferences_window_new (proprio_application_get_settings (app),
                                    proprio_application_get_station (app));

  proprio_preferences_window_set_data_dir (prefs, proprio_application_get_data_dir (app));
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (proprio_test_wait_until (mapped, prefs, 10000));
  return prefs;
}

static gpointer
find_child (GtkWidget *widget,
            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      gpointer found = find_child (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gpointer
page_child (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GObject *object = gtk_widget_get_template_child (page, type, name);

  g_assert_nonnull (object);
  return object;
}

/* ---- sounds ---- */

static void
test_cue_sounds (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioStation *station = proprio_application_get_station (app);
  ProprioPreferencesWindow *prefs = open_preferences ();
  GtkWidget *page = find_child (GTK_WIDGET (prefs), PROPRIO_TYPE_PREFERENCES_SOUND_PAGE);
  GtkSwitch *sounds;
  GtkAdjustment *volume;
  g_autoptr(ProprioCueSound) cue = proprio_cue_sound_new ();
  GtkWidget *label = gtk_label_new ("");

  g_assert_nonnull (page);
  sounds = page_child (page, PROPRIO_TYPE_PREFERENCES_SOUND_PAGE, "sounds_switch");
  volume = page_child (page, PROPRIO_TYPE_PREFERENCES_SOUND_PAGE, "volume_adjustment");

  /* The switch is the station's: the exercises' cues stop being played. */
  g_assert_true (proprio_station_get_sound_enabled (station));
  gtk_switch_set_active (sounds, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "cue-sounds"));
  g_assert_false (proprio_station_get_sound_enabled (station));
  /* … and a page's own sound switch is the preference too. */
  proprio_station_set_sound_enabled (station, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "cue-sounds"));
  g_assert_true (gtk_switch_get_active (sounds));

  /* Per cent on screen, 0–1 stored. */
  gtk_adjustment_set_value (volume, 30);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "cue-volume"), 0.3, 1e-9);
  g_settings_set_double (settings, "cue-volume", 0.55);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (volume), 55, 1e-9);

  /* The cue player follows the volume; at 0 even the bell is silent. */
  proprio_cue_sound_set_volume (cue, 2.0);
  g_assert_cmpfloat (proprio_cue_sound_get_volume (cue), ==, 1.0);
  g_assert_cmpstr (proprio_cue_sound_play (cue, label, PROPRIO_EXERCISE_EVENT_COUNTDOWN), ==,
                   "bell");
  proprio_cue_sound_set_volume (cue, 0.0);
  g_assert_null (proprio_cue_sound_play (cue, label, PROPRIO_EXERCISE_EVENT_COUNTDOWN));

  g_object_ref_sink (label);
  g_object_unref (label);
  g_settings_reset (settings, "cue-volume");
  g_settings_reset (settings, "cue-sounds");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* ---- the foot pedal ---- */

static GtkEventController *
controller_named (GtkWidget  *widget,
                  const char *name,
                  guint      *position)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return controller;   /* the widget keeps it */
        }
    }
  return NULL;
}

/* A press as the pedal's controller gets it from GTK. */
static gboolean
pedal_press (ProprioWindow *window,
             guint          keyval)
{
  GtkEventController *controller = controller_named (GTK_WIDGET (window), "proprio-pedal-key",
                                                     NULL);
  gboolean handled = FALSE;

  g_assert_nonnull (controller);
  g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

/* What the window's own key controller does with `trigger`, as GTK runs it. */
static gboolean
window_key (ProprioWindow *window,
            const char    *trigger)
{
  GtkEventController *controller = controller_named (GTK_WIDGET (window), "proprio-window-keys",
                                                     NULL);

  g_assert_nonnull (controller);
  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
      g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

      if (g_str_equal (text, trigger))
        return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                             GTK_SHORTCUT_ACTION_EXCLUSIVE, GTK_WIDGET (window),
                                             gtk_shortcut_get_arguments (shortcut));
    }
  g_error ("No window key “%s”", trigger);
  return FALSE;
}

static gboolean
plans_loaded (gpointer data)
{
  return proprio_plan_library_lookup (data, "ankle-sprain-balance") != NULL;
}

static void
test_pedal_key (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPlanRun *run = proprio_application_get_plan_run (app);
  ProprioWindow *window = proprio_window_new (app);
  GtkEventController *keys;
  guint pedal_at = 0, keys_at = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GtkWidget *entry;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (mapped, window, 10000));

  /* Out of the box: Page Down, the next step (what the pedals most often type). */
  g_assert_cmpuint (proprio_pedal_key_get (settings), ==, GDK_KEY_Page_Down);
  g_assert_cmpstr (proprio_pedal_action_name (settings), ==, "app.plan-next");
  label = proprio_pedal_key_label (settings);
  g_assert_cmpstr (label, ==, "Page Down");

  /* The pedal's controller runs before the window's own keys (GTK runs them in this order). */
  g_assert_nonnull (controller_named (GTK_WIDGET (window), "proprio-pedal-key", &pedal_at));
  keys = controller_named (GTK_WIDGET (window), "proprio-window-keys", &keys_at);
  g_assert_nonnull (keys);
  g_assert_cmpuint (pedal_at, <, keys_at);

  /* No plan running: the key is left to do what it does. */
  g_settings_set_string (settings, "pedal-key", "b");
  g_assert_false (pedal_press (window, GDK_KEY_b));

  g_assert_true (proprio_test_wait_until (plans_loaded, proprio_application_get_plans (app),
                                          20000));
  proprio_plan_run_set_plan (run, proprio_plan_library_lookup (proprio_application_get_plans (app),
                                                               "ankle-sprain-balance"));
  g_assert_true (proprio_plan_run_start (run, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 0);

  /* The key set, in either case, steps the plan; another key does not. */
  g_assert_false (pedal_press (window, GDK_KEY_a));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 0);
  g_assert_true (pedal_press (window, GDK_KEY_b));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 1);
  g_assert_true (pedal_press (window, GDK_KEY_B));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 2);

  /* The action is the preference's. */
  g_settings_set_string (settings, "pedal-action", "plan-previous");
  g_assert_true (pedal_press (window, GDK_KEY_b));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 1);

  /* A pedal key that is one of the window's own (Page Down: the next step) does the pedal's
   * action there too, whichever controller GTK asks first. */
  g_settings_set_string (settings, "pedal-key", "Page_Down");
  g_assert_true (window_key (window, "Page_Down"));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 0);
  g_settings_set_string (settings, "pedal-key", "b");
  g_assert_true (window_key (window, "Page_Down"));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 1);

  /* With Ctrl it is a shortcut, not the pedal. */
  {
    gboolean handled = TRUE;

    g_signal_emit_by_name (controller_named (GTK_WIDGET (window), "proprio-pedal-key", NULL),
                           "key-pressed", GDK_KEY_b, 0, GDK_CONTROL_MASK, &handled);
    g_assert_false (handled);
  }

  /* Typing in an entry types the letter. */
  entry = gtk_entry_new ();
  gtk_window_set_child (GTK_WINDOW (window), entry);
  gtk_widget_grab_focus (entry);
  g_assert_false (pedal_press (window, GDK_KEY_b));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 1);

  /* No key: nothing caught. */
  g_settings_set_string (settings, "pedal-key", "");
  g_assert_cmpuint (proprio_pedal_key_get (settings), ==, 0);
  g_settings_set_string (settings, "pedal-key", "NotAKey");
  g_assert_cmpuint (proprio_pedal_key_get (settings), ==, 0);

  proprio_plan_run_stop (run);
  g_settings_reset (settings, "pedal-key");
  g_settings_reset (settings, "pedal-action");
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

static gboolean
not_mapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* The row's "Set…" takes the next key pressed; Escape keeps the key; "No Key" clears it. */
static void
test_pedal_capture (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPreferencesWindow *prefs = open_preferences ();
  ProprioPreferencesSoundPage *page = find_child (GTK_WIDGET (prefs),
                                                  PROPRIO_TYPE_PREFERENCES_SOUND_PAGE);
  GtkLabel *shown = page_child (GTK_WIDGET (page), PROPRIO_TYPE_PREFERENCES_SOUND_PAGE,
                                "pedal_key_label");
  GtkWidget *dialog;

  g_assert_cmpstr (gtk_label_get_text (shown), ==, "Page Down");

  dialog = proprio_preferences_sound_page_capture (page);
  g_object_ref (dialog);
  g_assert_true (proprio_test_wait_until (mapped, dialog, 10000));
  g_assert_false (proprio_pedal_key_capture_press (dialog, GDK_KEY_Escape, 0));
  g_assert_false (proprio_pedal_key_capture_press (dialog, GDK_KEY_Shift_L, 0));
  g_assert_cmpstr (g_settings_get_string (settings, "pedal-key"), ==, "Page_Down");
  g_assert_true (proprio_pedal_key_capture_press (dialog, GDK_KEY_F5, 0));
  g_assert_true (proprio_test_wait_until (not_mapped, dialog, 10000));
  g_object_unref (dialog);
  {
    g_autofree char *key = g_settings_get_string (settings, "pedal-key");

    g_assert_cmpstr (key, ==, "F5");
  }
  g_assert_cmpstr (gtk_label_get_text (shown), ==, "F5");

  dialog = proprio_preferences_sound_page_capture (page);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "none");
  {
    g_autofree char *key = g_settings_get_string (settings, "pedal-key");

    g_assert_cmpstr (key, ==, "");
  }
  g_assert_cmpstr (gtk_label_get_text (shown), ==, "None");

  g_settings_reset (settings, "pedal-key");
  gtk_window_destroy (GTK_WINDOW (prefs));
  proprio_test_wait_ms (50);
}

/* ---- the data folder ---- */

static void
test_data_folder (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPreferencesWindow *prefs = open_preferences ();
  ProprioPreferencesDataPage *page = find_child (GTK_WIDGET (prefs),
                                                 PROPRIO_TYPE_PREFERENCES_DATA_PAGE);
  g_autofree char *dir = proprio_test_make_tmp_dir ();
  g_autofree char *file_path = g_build_filename (dir, "not-a-folder", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GError) error = NULL;
  const char *in_use = proprio_application_get_data_dir (app);
  g_autofree char *setting = NULL;

  /* The tests' records are in $PROPRIO_DATA_DIR, which wins, and the page says so. */
  g_assert_cmpstr (in_use, ==, g_getenv ("PROPRIO_DATA_DIR"));
  g_assert_nonnull (proprio_preferences_data_page_get_note (page));
  g_assert_nonnull (strstr (proprio_preferences_data_page_get_note (page), "PROPRIO_DATA_DIR"));

  /* Not a folder: refused in words, nothing stored. */
  g_assert_true (g_file_set_contents (file_path, "x", 1, NULL));
  g_assert_false (proprio_preferences_data_page_choose (page, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (proprio_preferences_data_page_get_note (page), "not a folder"));
  setting = g_settings_get_string (settings, "data-folder");
  g_assert_cmpstr (setting, ==, "");
  g_clear_error (&error);
  g_clear_pointer (&setting, g_free);

  /* A folder: stored, used from the next start (the records stay where they are). */
  g_assert_true (proprio_preferences_data_page_choose (page, folder, &error));
  g_assert_no_error (error);
  setting = g_settings_get_string (settings, "data-folder");
  g_assert_cmpstr (setting, ==, dir);
  g_assert_cmpstr (proprio_application_get_data_dir (app), ==, in_use);

  /* Without $PROPRIO_DATA_DIR the page says which folder is in use until the next start. */
  {
    g_autofree char *env = g_strdup (g_getenv ("PROPRIO_DATA_DIR"));

    g_unsetenv ("PROPRIO_DATA_DIR");
    proprio_preferences_data_page_set_in_use (page, in_use);
    g_assert_nonnull (strstr (proprio_preferences_data_page_get_note (page), in_use));
    g_assert_nonnull (strstr (proprio_preferences_data_page_get_note (page), "next"));
    proprio_preferences_data_page_set_in_use (page, dir);
    g_assert_null (proprio_preferences_data_page_get_note (page));
    g_setenv ("PROPRIO_DATA_DIR", env, TRUE);
  }

  g_settings_reset (settings, "data-folder");
  gtk_window_destroy (GTK_WINDOW (prefs));
  proprio_test_wait_ms (50);
}

/* ---- the palette ---- */

static void
test_palette (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  GdkRGBA color;

  g_assert_cmpint (proprio_palette_get_kind (), ==, PROPRIO_PALETTE_STANDARD);
  g_assert_cmphex (proprio_palette_series (0, 0x123456), ==, 0x123456);
  g_assert_cmphex (proprio_palette_pick (PROPRIO_PALETTE_DOT, 0xe01b24, FALSE), ==, 0xe01b24);

  g_settings_set_string (settings, "palette", "colorblind");
  g_assert_cmpint (proprio_palette_get_kind (), ==, PROPRIO_PALETTE_COLORBLIND);
  /* Okabe–Ito: blue first, vermillion for the dot, bluish green for "good". */
  g_assert_cmphex (proprio_palette_series (0, 0x123456), ==, 0x0072b2);
  g_assert_cmphex (proprio_palette_pick (PROPRIO_PALETTE_DOT, 0xe01b24, FALSE), ==, 0xd55e00);
  g_assert_cmphex (proprio_palette_pick (PROPRIO_PALETTE_GOOD, 0x2ec27e, TRUE), ==, 0x009e73);
  g_assert_cmphex (proprio_palette_pick (PROPRIO_PALETTE_TRAIL, 0x3584e4, TRUE), ==, 0x56b4e9);
  /* The series never takes the meaning colours. */
  for (guint i = 0; i < 8; i++)
    {
      guint32 c = proprio_palette_series (i, 0);

      g_assert_cmphex (c, !=, 0x009e73);
      g_assert_cmphex (c, !=, 0xe69f00);
      g_assert_cmphex (c, !=, 0xd55e00);
      for (guint j = 0; j < i; j++)
        g_assert_cmphex (c, !=, proprio_palette_series (j, 0));
    }
  /* The joint page's targets. */
  proprio_error_plot_target_color (0, &color);
  g_assert_cmpfloat_with_epsilon (color.blue, 0xb2 / 255.0, 1e-6);
  {
    g_autofree char *hex = proprio_error_plot_target_hex (1);

    g_assert_cmpstr (hex, ==, "#cc79a7");
  }

  g_settings_reset (settings, "palette");
  g_assert_cmpint (proprio_palette_get_kind (), ==, PROPRIO_PALETTE_STANDARD);
}

/* 0xRRGGBB of the view's pixel at its board position (x, y) mm. */
static guint32
dot_pixel (ProprioCopView *view,
           double          x_mm,
           double          y_mm)
{
  g_autoptr(GdkTexture) texture = proprio_test_render_widget (GTK_WIDGET (view));
  double wx, wy;

  proprio_cop_view_board_to_widget (view, x_mm, y_mm, &wx, &wy);
  return proprio_test_pixel (texture, (int) wx, (int) wy) & 0xffffff;
}

/* The balance view takes the palette at once: the dot turns vermillion. */
static void
test_palette_cop_view (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  GtkWidget *window = gtk_window_new ();
  ProprioCopView *view = PROPRIO_COP_VIEW (proprio_cop_view_new ());
  ProprioSample s = { 0 };

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (mapped, view, 10000));

  s.t_us = proprio_clock_now_us ();
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  for (guint c = PROPRIO_BALANCE_CHANNEL_TL; c <= PROPRIO_BALANCE_CHANNEL_BR; c++)
    s.values[c] = 20;
  s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = 80;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = 100;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = 0;
  proprio_cop_view_push (view, &s, 1);

  g_assert_cmphex (dot_pixel (view, 100, 0), ==, 0xe01b24);
  g_settings_set_string (settings, "palette", "colorblind");
  g_assert_cmphex (dot_pixel (view, 100, 0), ==, 0xd55e00);
  g_settings_reset (settings, "palette");
  g_assert_cmphex (dot_pixel (view, 100, 0), ==, 0xe01b24);

  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

/* ---- the high-contrast style, the board's calibration ---- */

static void
css_error_cb (GtkCssProvider *provider,
              GtkCssSection  *section,
              GError         *error,
              guint          *n_errors)
{
  g_test_message ("style-hc.css: %s", error->message);
  (*n_errors)++;
}

/* libadwaita loads RESOURCE_PREFIX/style-hc.css when the desktop asks for high contrast: it is
 * there and every rule parses. */
static void
test_high_contrast_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_PREFIX "/style-hc.css", 0, NULL);
  g_autofree char *text = NULL;
  guint n_errors = 0;

  g_assert_nonnull (bytes);
  g_signal_connect (provider, "parsing-error", G_CALLBACK (css_error_cb), &n_errors);
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style-hc.css");
  g_assert_cmpuint (n_errors, ==, 0);
  text = gtk_css_provider_to_string (provider);
  g_assert_nonnull (strstr (text, ".notices"));
}

static GtkWidget *
calibration_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PROPRIO_IS_CALIBRATION_DIALOG (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static gboolean
device_kind_is (gpointer data)
{
  ProprioDevice *device = proprio_station_get_device (proprio_application_get_station (app));

  return device != NULL && (int) proprio_device_get_stream_kind (device) == GPOINTER_TO_INT (data);
}

static void
test_calibrate_row (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioPreferencesWindow *prefs;
  GtkWidget *row, *dialog;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_station_set_device_spec (station, "sim:emg", &error));
  g_assert_true (proprio_test_wait_until (device_kind_is, GINT_TO_POINTER (PROPRIO_STREAM_EMG),
                                          10000));
  prefs = open_preferences ();
  row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                   PROPRIO_TYPE_PREFERENCES_WINDOW,
                                                   "calibrate_row"));
  /* No board, nothing to calibrate. */
  g_assert_false (gtk_widget_get_sensitive (row));

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_true (proprio_test_wait_until (device_kind_is,
                                          GINT_TO_POINTER (PROPRIO_STREAM_BALANCE), 10000));
  g_assert_true (gtk_widget_get_sensitive (row));
  g_assert_null (calibration_dialog ());
  g_signal_emit_by_name (row, "activated");
  dialog = calibration_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (prefs));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (prefs));
  proprio_test_wait_ms (50);
}

/* ---- units ---- */

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

static void
test_distance_unit (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioStation *station = proprio_application_get_station (app);
  g_autoptr(GError) error = NULL;
  GtkWidget *balance, *grid;

  g_assert_cmpint (proprio_units_get_distance (NULL), ==, PROPRIO_DISTANCE_MM);
  g_assert_cmpfloat (proprio_units_distance (settings, 123.0), ==, 123.0);
  g_assert_cmpstr (proprio_units_area_symbol (settings), ==, "mm²");

  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  g_assert_no_error (error);
  balance = g_object_ref_sink (proprio_balance_page_new (station, settings));
  grid = page_child (balance, PROPRIO_TYPE_BALANCE_PAGE, "results_grid");
  g_assert_true (has_label (grid, "Path\nmm"));
  g_assert_true (has_label (grid, "Area\nmm²"));

  /* Centimetres: the table is made again at once, the figures a tenth (areas a hundredth). */
  g_settings_set_string (settings, "distance-unit", "cm");
  g_assert_true (has_label (grid, "Path\ncm"));
  g_assert_true (has_label (grid, "Velocity\ncm/s"));
  g_assert_true (has_label (grid, "Area\ncm²"));
  g_assert_false (has_label (grid, "Path\nmm"));
  g_assert_cmpfloat (proprio_units_distance (settings, 123.0), ==, 12.3);
  g_assert_cmpfloat (proprio_units_area (settings, 450.0), ==, 4.5);
  g_assert_cmpint (proprio_units_decimals (settings, 1), ==, 2);

  g_settings_reset (settings, "distance-unit");
  g_assert_true (has_label (grid, "Path\nmm"));
  g_object_run_dispose (G_OBJECT (balance));
  g_object_unref (balance);
  g_assert_true (proprio_station_select_exercise (station, PROPRIO_STATION_EXERCISE_LIVE, NULL));
}

/* ---- the exercises' starting values and the EMG filters ---- */

static gboolean
emg_streaming (gpointer data)
{
  ProprioStation *station = data;

  return proprio_station_get_emg_stage (station) != NULL
         && proprio_device_get_state (proprio_station_get_device (station))
            == PROPRIO_DEVICE_STATE_STREAMING;
}

static gboolean
window_is (gpointer data)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioEmgStage *stage = proprio_station_get_emg_stage (station);
  ProprioEmgConfig config;

  if (stage == NULL)
    return FALSE;
  proprio_emg_stage_get_config (stage, &config);
  return config.window_ms == *(double *) data;
}

static void
test_exercise_defaults (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioStation *station = proprio_application_get_station (app);
  g_autoptr(GError) error = NULL;
  GtkWidget *balance, *muscle;
  double want = 50;

  /* The pages start with the preferences' values, and follow them. */
  g_settings_set_double (settings, "default-static-duration-s", 45);
  g_settings_set_double (settings, "default-drill-work-s", 7);
  balance = g_object_ref_sink (proprio_balance_page_new (station, settings));
  muscle = g_object_ref_sink (proprio_muscle_page_new (station, settings));
  g_assert_cmpfloat (gtk_spin_button_get_value (page_child (balance, PROPRIO_TYPE_BALANCE_PAGE,
                                                            "duration_spin")), ==, 45);
  g_assert_cmpfloat (gtk_spin_button_get_value (page_child (muscle, PROPRIO_TYPE_MUSCLE_PAGE,
                                                            "work_spin")), ==, 7);
  g_settings_set_double (settings, "default-shift-timeout-s", 20);
  g_settings_set_double (settings, "default-drill-reps", 4);
  g_assert_cmpfloat (gtk_spin_button_get_value (page_child (balance, PROPRIO_TYPE_BALANCE_PAGE,
                                                            "timeout_spin")), ==, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (page_child (muscle, PROPRIO_TYPE_MUSCLE_PAGE,
                                                            "reps_spin")), ==, 4);
  /* A value changed on the page is the page's: the preference stays. */
  gtk_spin_button_set_value (page_child (balance, PROPRIO_TYPE_BALANCE_PAGE, "duration_spin"), 60);
  g_assert_cmpfloat (g_settings_get_double (settings, "default-static-duration-s"), ==, 45);

  /* The EMG filters reach the stage of a connected sleeve. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:emg", &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (emg_streaming, station, 20000));
  g_assert_cmpfloat (proprio_station_get_emg_window_ms (station), ==, 100);
  g_settings_set_double (settings, "emg-window-ms", want);
  g_assert_cmpfloat (proprio_station_get_emg_window_ms (station), ==, 50);
  g_assert_true (proprio_test_wait_until (window_is, &want, 20000));
  g_settings_set_double (settings, "emg-highpass-hz", 10);
  g_assert_cmpfloat (proprio_station_get_emg_highpass_hz (station), ==, 10);
  g_assert_true (proprio_test_wait_until (emg_streaming, station, 20000));
  {
    ProprioEmgConfig config;

    proprio_emg_stage_get_config (proprio_station_get_emg_stage (station), &config);
    g_assert_cmpfloat (config.highpass_hz, ==, 10);
    g_assert_cmpfloat (config.window_ms, ==, 50);
  }

  g_object_run_dispose (G_OBJECT (balance));
  g_object_run_dispose (G_OBJECT (muscle));
  g_object_unref (balance);
  g_object_unref (muscle);
  for (const char * const *k = (const char * const[]) { "default-static-duration-s",
                                                        "default-drill-work-s",
                                                        "default-shift-timeout-s",
                                                        "default-drill-reps", "emg-window-ms",
                                                        "emg-highpass-hz", NULL }; *k; k++)
    g_settings_reset (settings, *k);
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/preferences-effects/cue-sounds", test_cue_sounds);
  g_test_add_func ("/preferences-effects/pedal-key", test_pedal_key);
  g_test_add_func ("/preferences-effects/pedal-capture", test_pedal_capture);
  g_test_add_func ("/preferences-effects/data-folder", test_data_folder);
  g_test_add_func ("/preferences-effects/exercise-defaults", test_exercise_defaults);
  g_test_add_func ("/preferences-effects/distance-unit", test_distance_unit);
  g_test_add_func ("/preferences-effects/palette", test_palette);
  g_test_add_func ("/preferences-effects/high-contrast-style", test_high_contrast_style);
  g_test_add_func ("/preferences-effects/calibrate-row", test_calibrate_row);
  g_test_add_func ("/preferences-effects/palette-cop-view", test_palette_cop_view);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
