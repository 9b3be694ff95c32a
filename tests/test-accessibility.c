/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accessibility and keys across the application: every interactive widget of every page and
 * window has an accessible name and a role that says what it is (checked with GTK's test
 * accessibility backend), and every action with a shortcut is in the shortcuts window, which
 * names only actions that exist. */
#include "config.h"

#include <string.h>

#include "app/proprio-calibration-dialog.h"
#include "app/proprio-pacer-window.h"
#include "app/proprio-patient-dialog.h"
#include "app/proprio-patient-display.h"
#include "app/proprio-preferences-window.h"
#include "app/proprio-review-window.h"
#include "app/proprio-sessions-dialog.h"
#include "app/proprio-welcome-window.h"
#include "app/proprio-window-private.h"
#include "proprio-test-gui.h"
#include "proprio-test-report.h"

static ProprioApplication *app;

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* ---- the walk ---- */

/* Widgets made of parts (a spin button's text and arrows, a menu button's toggle): the whole
 * is checked, as a screen reader presents it. */
static gboolean
is_composite (GtkWidget *widget)
{
  return GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget)
         || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_DROP_DOWN (widget)
         || GTK_IS_MENU_BUTTON (widget) || GTK_IS_COLOR_BUTTON (widget)
         || GTK_IS_FONT_BUTTON (widget) || GTK_IS_SCALE_BUTTON (widget)
         || ADW_IS_SPLIT_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget)
         || GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_POPOVER_MENU (widget)
         || GTK_IS_POPOVER_MENU_BAR (widget) || GTK_IS_CALENDAR (widget)
         || GTK_IS_SCROLLBAR (widget) || ADW_IS_COMBO_ROW (widget);
}

static gboolean
is_interactive (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget)
      || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_ENTRY (widget)
      || GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_TEXT (widget)
      || GTK_IS_SCALE (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_COLOR_BUTTON (widget)
      || GTK_IS_TEXT_VIEW (widget) || ADW_IS_SPLIT_BUTTON (widget) || ADW_IS_ENTRY_ROW (widget))
    return TRUE;
  /* Rows that do something when activated (a combo row, a row that opens a dialog). */
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget))
           && (ADW_IS_PREFERENCES_ROW (widget));
  /* The views the keyboard can reach (a drawing that takes keys). */
  return gtk_widget_get_focusable (widget) && !GTK_IS_LIST_BOX_ROW (widget)
         && !GTK_IS_LIST_BOX (widget) && !GTK_IS_FLOW_BOX_CHILD (widget)
         && !GTK_IS_WINDOW (widget) && !GTK_IS_SCROLLED_WINDOW (widget)
         && !GTK_IS_VIEWPORT (widget) && !GTK_IS_LABEL (widget) && !GTK_IS_LIST_VIEW (widget)
         && !GTK_IS_COLUMN_VIEW (widget) && !GTK_IS_GRID_VIEW (widget)
         && !GTK_IS_LIST_ITEM (widget) && !ADW_IS_CAROUSEL (widget)
         && !GTK_IS_STACK_SWITCHER (widget) && !ADW_IS_VIEW_SWITCHER (widget)
         && !GTK_IS_NOTEBOOK (widget) && !GTK_IS_PANED (widget);
}

/* A label under `widget` with words in it. */
static const char *
inner_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      if (text != NULL && *text != '\0')
        return text;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      const char *text = inner_text (c);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* Its name as a screen reader says it: its own words (a button's label, a check button's
 * text), the LABEL property, or another widget that labels it. */
static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  /* A button is labelled by its content, even an icon (which has no words): its own text or
   * the LABEL property is the name. */
  if (GTK_IS_BUTTON (widget) || GTK_IS_LINK_BUTTON (widget))
    return inner_text (widget) != NULL;
  /* A check box beside a row's title is named by the row (the title labels it). */
  if (GTK_IS_CHECK_BUTTON (widget) && inner_text (widget) != NULL)
    return TRUE;
  if (gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget))
    {
      /* The label of its inner toggle counts: GTK names the pair by it. */
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_BUTTON (c)
            && (inner_text (c) != NULL
                || gtk_test_accessible_has_property (GTK_ACCESSIBLE (c),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL)))
          return TRUE;
      return FALSE;
    }
  return FALSE;
}

/* The role a screen reader announces must say what the widget does. */
static gboolean
role_fits (GtkWidget *widget)
{
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget));

  if (GTK_IS_SWITCH (widget))
    return role == GTK_ACCESSIBLE_ROLE_SWITCH;
  if (GTK_IS_SPIN_BUTTON (widget))
    return role == GTK_ACCESSIBLE_ROLE_SPIN_BUTTON;
  if (GTK_IS_SCALE (widget))
    return role == GTK_ACCESSIBLE_ROLE_SLIDER;
  if (GTK_IS_CHECK_BUTTON (widget))
    return role == GTK_ACCESSIBLE_ROLE_CHECKBOX || role == GTK_ACCESSIBLE_ROLE_RADIO;
  /* GTK 4.8 has no toggle-button role: a button (that says whether it is pressed), or a tab of
   * a view switcher. */
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return role == GTK_ACCESSIBLE_ROLE_BUTTON || role == GTK_ACCESSIBLE_ROLE_TAB
           || role == GTK_ACCESSIBLE_ROLE_RADIO;
  if (GTK_IS_LINK_BUTTON (widget))
    return role == GTK_ACCESSIBLE_ROLE_LINK;
  if (GTK_IS_BUTTON (widget))
    return role == GTK_ACCESSIBLE_ROLE_BUTTON;
  if (GTK_IS_DROP_DOWN (widget))
    return role == GTK_ACCESSIBLE_ROLE_COMBO_BOX;
  if (GTK_IS_SEARCH_ENTRY (widget))
    return role == GTK_ACCESSIBLE_ROLE_SEARCH_BOX;
  if (GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget) || GTK_IS_TEXT (widget)
      || GTK_IS_TEXT_VIEW (widget))
    return role == GTK_ACCESSIBLE_ROLE_TEXT_BOX;
  return role != GTK_ACCESSIBLE_ROLE_GENERIC && role != GTK_ACCESSIBLE_ROLE_NONE
         && role != GTK_ACCESSIBLE_ROLE_PRESENTATION;
}

/* What a failure says: the type and the nearest words around it, to find it. */
static char *
describe (GtkWidget *widget)
{
  g_autoptr(GString) out = g_string_new (G_OBJECT_TYPE_NAME (widget));
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *name = gtk_widget_get_name (widget);

  if (name != NULL && !g_str_equal (name, G_OBJECT_TYPE_NAME (widget)))
    g_string_append_printf (out, " #%s", name);
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (out, " icon %s", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  if (tooltip != NULL)
    g_string_append_printf (out, " “%s”", tooltip);
  for (GtkWidget *p = gtk_widget_get_parent (widget); p != NULL; p = gtk_widget_get_parent (p))
    if (ADW_IS_PREFERENCES_ROW (p))
      {
        g_string_append_printf (out, " in row “%s”",
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (p)));
        break;
      }
  g_string_append_printf (out, " (role %d)",
                          gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct
{
  const char *where;
  GPtrArray  *problems;
  guint       checked;
} Walk;

static void
walk (Walk      *w,
      GtkWidget *widget)
{
  /* GTK's own windows (the shortcuts window) are GTK's to label; what is hidden is not reached
   * (the pages are walked in each of their states: a device of each kind). */
  if (GTK_IS_SHORTCUTS_WINDOW (widget) || !gtk_widget_get_visible (widget))
    return;
  if (is_interactive (widget))
    {
      w->checked++;
      if (!is_named (widget))
        g_ptr_array_add (w->problems, g_strdup_printf ("%s: no accessible name: %s", w->where,
                                                       describe (widget)));
      else if (!role_fits (widget))
        g_ptr_array_add (w->problems, g_strdup_printf ("%s: a role that does not fit: %s",
                                                       w->where, describe (widget)));
    }
  if (is_composite (widget))
    return;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    walk (w, c);
}

static guint
check_tree (GPtrArray  *problems,
            const char *where,
            GtkWidget  *root)
{
  Walk w = { where, problems, 0 };

  walk (&w, root);
  g_test_message ("%s: %u interactive widgets", where, w.checked);
  return w.checked;
}

static void
report (GPtrArray *problems)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Each once: a row repeated per channel says the same. */
  for (guint i = 0; i < problems->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (problems, i)))
      g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > 0)
    g_error ("%u widgets a screen reader cannot name or place (listed above)", problems->len);
}

/* ---- every page of the main window ---- */

static gboolean
device_streaming (gpointer data)
{
  return proprio_station_get_device (data) != NULL
         && proprio_device_get_state (proprio_station_get_device (data))
            == PROPRIO_DEVICE_STATE_STREAMING;
}

static void
test_window_pages (void)
{
  static const struct { const char *view, *device; } pages[] = {
    { "balance", "sim:balance" },
    { "muscle", "sim:emg" },
    { "muscle", "sim:cyton" },
    { "mirror", "sim:balance" },
    { "joint", "sim:angle" },
  };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  ProprioStation *station = proprio_application_get_station (app);
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (mapped, window, 10000));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *where = g_strdup_printf ("%s page (%s)", pages[i].view, pages[i].device);

      g_assert_true (proprio_station_set_device_spec (station, pages[i].device, &error));
      g_assert_no_error (error);
      g_assert_true (proprio_test_wait_until (device_streaming, station, 20000));
      proprio_window_set_view (window, pages[i].view);
      g_assert_cmpuint (check_tree (problems, where, GTK_WIDGET (window)), >, 10);
    }

  /* The plan panel beside the page (F9). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plan-panel", NULL));
  proprio_test_wait_ms (100);
  check_tree (problems, "plan panel", GTK_WIDGET (window));
  report (problems);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

/* ---- every dialog and window ---- */

static void
check_window (GPtrArray  *problems,
              const char *where,
              GtkWidget  *window)
{
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (mapped, window, 10000));
  g_assert_cmpuint (check_tree (problems, where, window), >, 0);
}

static void
test_windows (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GSettings *settings = proprio_application_get_settings (app);
  ProprioStation *station = proprio_application_get_station (app);
  ProprioSessionController *sessions = proprio_application_get_sessions (app);
  ProprioWindow *main_window = proprio_window_new (app);
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("A-1");
  GtkWidget *window;
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (main_window));
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_true (proprio_test_wait_until (device_streaming, station, 20000));

  window = GTK_WIDGET (proprio_preferences_window_new (settings, station));
  check_window (problems, "preferences", window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = GTK_WIDGET (proprio_patient_dialog_new (sessions, GTK_WINDOW (main_window)));
  check_window (problems, "patients", window);
  proprio_patient_dialog_show_form (PROPRIO_PATIENT_DIALOG (window));
  proprio_test_wait_ms (50);
  check_tree (problems, "patient form", window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = GTK_WIDGET (proprio_sessions_dialog_new (sessions, patient, GTK_WINDOW (main_window)));
  check_window (problems, "sessions", window);
  gtk_window_destroy (GTK_WINDOW (window));

  window = proprio_calibration_dialog_new (station, settings);
  check_window (problems, "calibration", window);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The pacer's panel, as the menu opens it (with the application's sounds). */
  g_action_group_activate_action (G_ACTION_GROUP (app), "pacer-show", NULL);
  window = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_PACER_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  check_window (problems, "pacer", window);
  gtk_window_close (GTK_WINDOW (window));

  window = GTK_WIDGET (proprio_welcome_window_new ("/srv/records"));
  check_window (problems, "welcome tour", window);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The patient display: no controls of its own, but what it has must be named. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display", NULL);
  window = GTK_WIDGET (proprio_patient_display_get_window (app));
  g_assert_nonnull (window);
  check_window (problems, "patient display", window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display", NULL);

  report (problems);
  gtk_window_destroy (GTK_WINDOW (main_window));
  proprio_test_wait_ms (50);
}

static gboolean
review_loaded (gpointer data)
{
  return g_strcmp0 (proprio_review_window_get_state (data), "loading") != 0;
}

/* The review of a recorded session, with its views, timeline, controls and figures. */
static void
test_review_window (ProprioReportFixture *fx,
                    gconstpointer         data)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  ProprioReviewWindow *window = proprio_review_window_new (NULL, fx->store, fx->sessions[1]);
  GObject *weak = G_OBJECT (window);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (review_loaded, window, 30000));
  g_assert_cmpstr (proprio_review_window_get_state (window), ==, "review");
  check_window (problems, "review", GTK_WIDGET (window));
  report (problems);

  /* The store must not outlive the window's hold on it. */
  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && weak != NULL; i++)
    proprio_test_wait_ms (10);
}

/* ---- keys ---- */

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *actions,
                   GPtrArray *accelerators)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "action-name", &action, "accelerator", &accelerator, NULL);
      if (action != NULL && *action != '\0')
        g_ptr_array_add (actions, g_steal_pointer (&action));
      if (accelerator != NULL && *accelerator != '\0')
        {
          g_auto(GStrv) parts = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (*parts[i] != '\0')
              g_ptr_array_add (accelerators, g_strdup (parts[i]));
        }
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_shortcuts (c, actions, accelerators);
}

static gboolean
contains (GPtrArray  *strings,
          const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), s))
      return TRUE;
  return FALSE;
}

/* Accelerators compared by what they mean ("<Primary>s", "<Control>s" and "<Ctrl>S" alike); a
 * keypad key is listed by its main key (Enter by Return, + by plus). */
static char *
normalise (const char *accelerator)
{
  static const guint keypad[][2] = {
    { GDK_KEY_KP_Enter, GDK_KEY_Return }, { GDK_KEY_KP_Add, GDK_KEY_plus },
    { GDK_KEY_KP_Subtract, GDK_KEY_minus }, { GDK_KEY_KP_Delete, GDK_KEY_Delete },
  };
  guint key = 0;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accelerator, &key, &mods))
    return g_strdup (accelerator);
  for (guint i = 0; i < G_N_ELEMENTS (keypad); i++)
    if (key == keypad[i][0])
      key = keypad[i][1];
  return gtk_accelerator_name (gdk_keyval_to_lower (key), mods);
}

static gboolean
accelerator_listed (GPtrArray  *accelerators,
                    const char *accelerator)
{
  g_autofree char *want = normalise (accelerator);

  for (guint i = 0; i < accelerators->len; i++)
    {
      g_autofree char *have = normalise (g_ptr_array_index (accelerators, i));

      if (g_str_equal (have, want))
        return TRUE;
    }
  return FALSE;
}

static gboolean
window_has_action (ProprioWindow *window,
                   const char    *name)
{
  const char *plain = name + strlen ("win.");
  GType type = G_OBJECT_TYPE (window);

  if (g_action_map_lookup_action (G_ACTION_MAP (window), plain) != NULL)
    return TRUE;
  /* The actions the widget classes install (ProprioWindow's, GtkWindow's window.close). */
  for (GType t = type; t != G_TYPE_INVALID && g_type_is_a (t, GTK_TYPE_WIDGET);
       t = g_type_parent (t))
    {
      GtkWidgetClass *klass = g_type_class_ref (t);
      const char *action_name;
      GType owner;
      const GVariantType *parameter;
      const char *property;

      for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action_name,
                                                       &parameter, &property); i++)
        if (g_str_equal (action_name, name))
          {
            g_type_class_unref (klass);
            return TRUE;
          }
      g_type_class_unref (klass);
    }
  return FALSE;
}

static void
test_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) accelerators = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) described = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  ProprioWindow *window = proprio_window_new (app);
  g_autoptr(GListModel) controllers = NULL;
  guint n_bound = 0;

  g_assert_nonnull (overlay);
  collect_shortcuts (overlay, actions, accelerators);
  g_assert_cmpuint (actions->len, >, 10);

  /* Every action with an accelerator is listed, by its name or by its keys. */
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    described[i]);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (accels == NULL || accels[0] == NULL)
        continue;
      n_bound++;
      g_assert_true (g_action_parse_detailed_name (described[i], &name, &target, NULL));
      if (contains (actions, name) && target == NULL)
        continue;
      for (guint k = 0; accels[k] != NULL; k++)
        if (!accelerator_listed (accelerators, accels[k]))
          g_ptr_array_add (problems, g_strdup_printf ("%s (%s) is not in the shortcuts window",
                                                      described[i], accels[k]));
    }
  g_assert_cmpuint (n_bound, >=, 15);

  /* The window's own single keys (Space, the arrows, the Mirror tools) are listed too. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "proprio-window-keys") != 0)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *trigger =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (!accelerator_listed (accelerators, trigger))
            g_ptr_array_add (problems, g_strdup_printf ("The window key %s is not in the "
                                                        "shortcuts window", trigger));
        }
    }

  /* Every action the shortcuts window names exists. */
  for (guint i = 0; i < actions->len; i++)
    {
      const char *name = g_ptr_array_index (actions, i);
      gboolean exists;

      if (g_str_has_prefix (name, "app."))
        exists = g_action_group_has_action (G_ACTION_GROUP (app), name + 4);
      else if (g_str_has_prefix (name, "win.") || g_str_has_prefix (name, "window."))
        exists = window_has_action (window, name);
      else
        exists = FALSE;
      if (!exists)
        g_ptr_array_add (problems, g_strdup_printf ("The shortcuts window lists %s, which is no "
                                                    "action", name));
    }

  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (overlay));
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

  g_test_add_func ("/accessibility/window-pages", test_window_pages);
  g_test_add_func ("/accessibility/windows", test_windows);
  g_test_add ("/accessibility/review", ProprioReportFixture, NULL, proprio_report_fixture_set_up,
              test_review_window, proprio_report_fixture_tear_down);
  g_test_add_func ("/accessibility/shortcuts", test_shortcuts);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
