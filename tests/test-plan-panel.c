/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan panel in a real window on the simulated board: a 3-step plan built through the panel
 * (static test eyes open 2 s, a short weight shift, a 1 s rest), run with the window's keys to
 * its end, a result kept for each exercise step, and the plan saved in the data folder. An
 * example is read-only; a deleted plan comes back with Undo. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "app/proprio-plan-panel-private.h"
#include "app/proprio-window-private.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;
static char *data_dir;

/* ---- helpers ---- */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      if (g_file_test (sub, G_FILE_TEST_IS_DIR) && !g_file_test (sub, G_FILE_TEST_IS_SYMLINK))
        remove_tree (sub);
      else
        g_unlink (sub);
    }
  g_rmdir (path);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
examples_loaded (gpointer data)
{
  return g_list_model_get_n_items (proprio_plan_library_get_plans (data)) >= 3;
}

static gboolean
board_streams (gpointer data)
{
  ProprioDevice *device = proprio_station_get_device (data);

  return device != NULL && proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

static ProprioWindow *
open_window (void)
{
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 5000));
  g_assert_true (proprio_test_wait_until (examples_loaded, proprio_application_get_plans (app),
                                          10000));
  return window;
}

static void
close_window (ProprioWindow *window)
{
  GtkWidget *weak = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_of_type (GtkWidget *root,
               GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (root, type) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    n += count_of_type (c, type);
  return n;
}

static GtkWidget *
find_button_labelled (GtkWidget  *root,
                      const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_labelled (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* What pressing the key does: the shortcut of the window's own key controller, as GTK runs it
 * (FALSE when the key does not apply now and goes on to the widgets). */
static gboolean
press (ProprioWindow *window,
       const char    *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "proprio-window-keys") != 0)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *text = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_error ("No window key “%s”", trigger);
  return FALSE;
}

typedef struct
{
  ProprioPlanRun  *run;
  ProprioPlanStep *step;
  ProprioPlanStepState state;
} StepWait;

static gboolean
step_in_state (gpointer data)
{
  StepWait *w = data;

  return proprio_plan_run_get_step_state (w->run, w->step) == w->state;
}

static void
wait_for_step (ProprioPlanRun       *run,
               ProprioPlan          *plan,
               guint                 index,
               ProprioPlanStepState  state,
               guint                 timeout_ms)
{
  StepWait w = { run, proprio_plan_get_step (plan, index), state };

  if (!proprio_test_wait_until (step_in_state, &w, timeout_ms))
    g_error ("Step %u is %s, not %s (message: %s)", index + 1,
             proprio_plan_step_state_to_string (proprio_plan_run_get_step_state (run, w.step)),
             proprio_plan_step_state_to_string (state),
             proprio_plan_run_get_step_message (run, w.step));
}

static void
apply (ProprioStation *station,
       const char     *id,
       const char     *settings)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_exercise_apply_settings (proprio_station_get_engine (station, id),
                                                  g_variant_new_parsed (settings), &error));
  g_assert_no_error (error);
}

/* The README's picture of a plan running: PROPRIO_PLAN_SCREENSHOT=path.png. */
static void
save_screenshot (GtkWidget *widget)
{
  const char *path = g_getenv ("PROPRIO_PLAN_SCREENSHOT");
  g_autoptr(GdkTexture) texture = NULL;

  if (path == NULL)
    return;
  /* After the panel's page transition and a few frames of the exercise. */
  proprio_test_wait_ms (800);
  texture = proprio_test_render_widget (widget);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef struct
{
  ProprioPlanLibrary *library;
  ProprioPlan        *plan;
  char               *path;
} Saved;

static gboolean
plan_on_disk (gpointer data)
{
  Saved *s = data;
  g_autofree char *text = NULL;

  return !proprio_plan_library_is_pending (s->library, s->plan) &&
         g_file_get_contents (s->path, &text, NULL, NULL) &&
         strstr (text, "\"Balance check\"") != NULL && strstr (text, "\"pause\"") != NULL;
}

/* ---- tests ---- */

static void
test_build_and_run_with_keys (void)
{
  ProprioWindow *window = open_window ();
  ProprioStation *station = proprio_application_get_station (app);
  ProprioPlanRun *run = proprio_application_get_plan_run (app);
  GListModel *results = proprio_station_get_results (station);
  guint results_before;
  ProprioPlanPanel *panel;
  ProprioPlan *plan;
  GtkWidget *spin;
  double duration = 0;
  ProprioPlanProgress progress;
  g_autofree char *conditions = NULL;

  g_assert_true (proprio_test_wait_until (board_streams, station, 10000));
  /* No plan runs: the arrows are the widgets' (focus moves as usual). */
  g_assert_false (press (window, "Right"));
  g_assert_false (press (window, "Page_Up"));

  /* F9 opens the panel. */
  g_assert_false (gtk_revealer_get_reveal_child (window->plan_revealer));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.plan-panel", NULL));
  g_assert_true (gtk_revealer_get_reveal_child (window->plan_revealer));
  panel = PROPRIO_PLAN_PANEL (window->plan_panel);
  g_assert_true (proprio_test_wait_until (is_drawn, panel, 5000));
  g_assert_cmpstr (proprio_plan_panel_get_page (panel), ==, "library");
  /* The examples are listed and marked. */
  g_assert_cmpuint (count_of_type (GTK_WIDGET (panel->plan_list), ADW_TYPE_ACTION_ROW), >=, 3);

  /* A new plan, named in the panel. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.new", NULL));
  g_assert_cmpstr (proprio_plan_panel_get_page (panel), ==, "editor");
  plan = proprio_plan_panel_get_plan (panel);
  g_assert_nonnull (plan);
  gtk_editable_set_text (GTK_EDITABLE (panel->title_row), "Balance check");
  g_assert_cmpstr (proprio_plan_get_title (plan), ==, "Balance check");
  g_assert_true (proprio_plan_run_get_plan (run) == plan);

  /* Each exercise set up as on its work area, then added with those settings. */
  apply (station, "static-test",
         "{'conditions': <['eyes-open']>, 'duration-s': <2.0>, 'countdown-s': <1.0>}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.add-step", "s",
                                             "static-test"));
  apply (station, "weight-shift",
         "{'preset': <'left-right'>, 'repetitions': <@u 1>, 'distance-mm': <40.0>, "
         "'target-radius-mm': <30.0>, 'dwell-s': <0.3>, 'timeout-s': <8.0>, "
         "'countdown-s': <1.0>}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.add-step", "s",
                                             "weight-shift"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.add-step", "s",
                                             "pause"));
  g_assert_cmpuint (proprio_plan_get_n_steps (plan), ==, 3);
  g_assert_cmpuint (count_of_type (GTK_WIDGET (panel->step_list), ADW_TYPE_EXPANDER_ROW), ==, 3);
  /* The step keeps the work area's settings, without the board's set-up. */
  {
    GVariant *settings = proprio_plan_step_get_settings (proprio_plan_get_step (plan, 0));
    g_autoptr(GVariant) list = g_variant_lookup_value (settings, "conditions",
                                                       G_VARIANT_TYPE ("as"));

    g_assert_true (g_variant_lookup (settings, "duration-s", "d", &duration));
    g_assert_cmpfloat (duration, ==, 2.0);
    conditions = g_variant_print (list, FALSE);
    g_assert_cmpstr (conditions, ==, "['eyes-open']");
    g_assert_false (g_variant_lookup (proprio_plan_step_get_settings (
                                        proprio_plan_get_step (plan, 1)),
                                      "board-width-mm", "d", NULL));
  }
  /* The rest is one second long, set in its row. */
  spin = find_named (GTK_WIDGET (panel->step_list), "plan-step-seconds");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  g_assert_cmpfloat (proprio_plan_step_get_seconds (proprio_plan_get_step (plan, 2)), ==, 1.0);
  /* The work area's own settings change after the plan was made: the plan's stay. */
  apply (station, "static-test", "{'duration-s': <30.0>, 'conditions': <['eyes-closed']>}");

  /* Start from the panel, while another work area is on screen. */
  proprio_window_set_view (window, "joint");
  results_before = g_list_model_get_n_items (results);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.start", NULL));
  g_assert_true (proprio_plan_run_is_active (run));
  g_assert_cmpstr (proprio_plan_panel_get_page (panel), ==, "run");
  g_assert_cmpstr (proprio_window_get_view (window), ==, "balance");
  g_assert_cmpint (proprio_plan_run_get_step_state (run, proprio_plan_get_step (plan, 0)), ==,
                   PROPRIO_PLAN_STEP_ACTIVE);
  g_assert_cmpstr (gtk_label_get_label (panel->run_step_title), ==, "Static balance test");
  g_assert_cmpstr (gtk_label_get_label (panel->run_position_label), ==, "Step 1 of 3");
  /* The note, written while the step runs, is the plan's. */
  gtk_editable_set_text (GTK_EDITABLE (panel->run_note_row), "Steady, arms crossed");
  g_assert_cmpstr (proprio_plan_step_get_note (proprio_plan_get_step (plan, 0)), ==,
                   "Steady, arms crossed");

  /* The simulated patient stands through the test: 1 s countdown, 2 s eyes open. */
  wait_for_step (run, plan, 0, PROPRIO_PLAN_STEP_DONE, 30000);
  {
    ProprioExerciseResult *result =
      proprio_plan_run_get_step_result (run, proprio_plan_get_step (plan, 0));
    GVariant *ran_with = proprio_exercise_result_get_settings (result);

    g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                     PROPRIO_EXERCISE_OUTCOME_DONE);
    g_assert_true (g_variant_lookup (ran_with, "duration-s", "d", &duration));
    g_assert_cmpfloat (duration, ==, 2.0);
  }

  /* Right: the weight shift. */
  g_assert_true (press (window, "Right"));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (panel->run_position_label), ==, "Step 2 of 3");
  save_screenshot (GTK_WIDGET (window));
  wait_for_step (run, plan, 1, PROPRIO_PLAN_STEP_DONE, 60000);

  /* Space after a finished step goes on: the rest, with its countdown. */
  g_assert_true (press (window, "space"));
  g_assert_cmpint (proprio_plan_run_get_current (run), ==, 2);
  g_assert_true (proprio_plan_run_is_resting (run));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel->run_countdown)));
  wait_for_step (run, plan, 2, PROPRIO_PLAN_STEP_DONE, 10000);

  /* Page Down after the last step: the plan is complete. */
  g_assert_true (press (window, "Page_Down"));
  g_assert_false (proprio_plan_run_is_active (run));
  proprio_plan_run_get_progress (run, &progress);
  g_assert_cmpuint (progress.n_done, ==, 3);
  g_assert_cmpuint (progress.n_pending, ==, 0);
  g_assert_cmpstr (gtk_label_get_label (panel->run_summary_label), ==, "Plan complete: 3 done.");
  /* A result per exercise step, the very ones the station keeps. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, results_before + 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ProprioExerciseResult) kept = g_list_model_get_item (results, results_before + i);

      g_assert_true (kept == proprio_plan_run_get_step_result (run, proprio_plan_get_step (plan,
                                                                                           i)));
    }
  /* The work area has its own settings again. */
  {
    g_autoptr(GVariant) settings =
      proprio_exercise_get_settings (proprio_station_get_engine (station, "static-test"));

    g_assert_true (g_variant_lookup (settings, "duration-s", "d", &duration));
    g_assert_cmpfloat (duration, ==, 30.0);
  }
  /* With no plan running the keys are the widgets' again. */
  g_assert_false (press (window, "Right"));

  /* Saved in the data folder by itself. */
  {
    g_autofree char *name = g_strconcat (proprio_plan_get_id (plan), ".json", NULL);
    Saved saved = { proprio_application_get_plans (app), plan,
                    g_build_filename (data_dir, "plans", name, NULL) };

    g_assert_true (proprio_test_wait_until (plan_on_disk, &saved, 10000));
    g_free (saved.path);
  }
  close_window (window);
}

static void
test_example_read_only_and_delete_undo (void)
{
  ProprioWindow *window = open_window ();
  ProprioPlanLibrary *library = proprio_application_get_plans (app);
  ProprioPlanPanel *panel = PROPRIO_PLAN_PANEL (window->plan_panel);
  ProprioPlan *example = proprio_plan_library_lookup (library, "ankle-sprain-balance");
  ProprioPlan *plan;
  GtkWidget *undo;
  g_autofree char *id = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.plan-panel", NULL);
  g_assert_nonnull (example);
  proprio_plan_panel_open (panel, example);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel->example_box)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel->add_button)));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (panel->title_row)));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.delete", NULL) &&
                  proprio_plan_library_lookup (library, "ankle-sprain-balance") == NULL);
  g_assert_nonnull (proprio_plan_library_lookup (library, "ankle-sprain-balance"));
  /* No row of an example has buttons to change it. */
  g_assert_null (find_named (GTK_WIDGET (panel->step_list), "plan-step-remove"));
  g_assert_null (find_named (GTK_WIDGET (panel->step_list), "plan-step-up"));

  /* Duplicate: the copy is the therapist's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.duplicate", NULL));
  plan = proprio_plan_panel_get_plan (panel);
  g_assert_true (plan != example);
  g_assert_false (proprio_plan_is_example (plan));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel->add_button)));
  g_assert_nonnull (find_named (GTK_WIDGET (panel->step_list), "plan-step-remove"));
  /* Move the first step down with its button. */
  {
    ProprioPlanStep *first = proprio_plan_get_step (plan, 0);
    GtkWidget *down = find_named (GTK_WIDGET (panel->step_list), "plan-step-down");

    g_assert_nonnull (down);
    g_signal_emit_by_name (down, "clicked");
    g_assert_true (proprio_plan_get_step (plan, 1) == first);
  }
  id = g_strdup (proprio_plan_get_id (plan));

  /* Delete, then Undo in the toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.delete", NULL));
  g_assert_null (proprio_plan_library_lookup (library, id));
  g_assert_cmpstr (proprio_plan_panel_get_page (panel), ==, "library");
  proprio_test_wait_ms (100);
  undo = find_button_labelled (GTK_WIDGET (window->toast_overlay), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_nonnull (proprio_plan_library_lookup (library, id));
  g_assert_cmpstr (proprio_plan_panel_get_page (panel), ==, "editor");
  close_window (window);
}

static GtkLabel *
find_visible_label_containing (GtkWidget  *root,
                               const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      strstr (gtk_label_get_label (GTK_LABEL (root)), text) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = find_visible_label_containing (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A step that will not start says so in its row before the session, and in the run page in
 * words the therapist acts on when it is reached; Skip goes on. */
static void
test_failing_steps_are_said (void)
{
  ProprioWindow *window = open_window ();
  ProprioPlanLibrary *library = proprio_application_get_plans (app);
  ProprioPlanRun *run = proprio_application_get_plan_run (app);
  ProprioPlanPanel *panel = PROPRIO_PLAN_PANEL (window->plan_panel);
  const char *json =
    "{\"format\": \"proprio-plan\", \"version\": 1, \"title\": \"Faulty\", \"steps\": ["
    " {\"kind\": \"exercise\", \"exercise\": \"juggling\"},"
    " {\"kind\": \"exercise\", \"exercise\": \"static-test\","
    "  \"settings\": {\"duration-s\": 5000}}]}";
  g_autoptr(GError) error = NULL;
  ProprioPlan *plan = proprio_plan_library_import (library, json, strlen (json), &error);
  GtkLabel *label;

  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.plan-panel", NULL);
  proprio_plan_panel_open (panel, plan);
  proprio_test_wait_ms (100);
  label = find_visible_label_containing (GTK_WIDGET (panel->step_list), "“juggling”");
  g_assert_nonnull (label);
  label = find_visible_label_containing (GTK_WIDGET (panel->step_list), "duration-s");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "plan-panel.start", NULL));
  g_assert_cmpint (proprio_plan_run_get_step_state (run, proprio_plan_get_step (plan, 0)), ==,
                   PROPRIO_PLAN_STEP_FAILED);
  g_assert_nonnull (strstr (gtk_label_get_label (panel->run_state_label),
                            "“juggling”, which this version of Proprio does not have"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (panel->run_state_label), "error"));
  /* Skip: the next one fails too, and says which setting. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.plan-skip", NULL));
  g_assert_nonnull (strstr (gtk_label_get_label (panel->run_state_label), "duration-s"));
  g_assert_true (press (window, "Escape") == FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.plan-stop", NULL));
  g_assert_false (proprio_plan_run_is_active (run));
  g_assert_cmpstr (gtk_label_get_label (panel->run_summary_label), ==,
                   "Plan stopped: 1 skipped, 1 could not start.");
  close_window (window);
}

static void
collect_shortcuts (GtkWidget  *root,
                   GPtrArray  *found)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (root, "accelerator", &accelerator, "action-name", &action, NULL);
      if (accelerator != NULL)
        g_ptr_array_add (found, g_strdup (accelerator));
      if (action != NULL)
        g_ptr_array_add (found, g_strdup (action));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_shortcuts (c, found);
}

/* F9 for the panel; the step keys and the panel's action are in the shortcuts window. */
static void
test_keys_listed (void)
{
  ProprioWindow *window = open_window ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.plan-panel");
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GtkShortcutsWindow *overlay =
    gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F9");
  g_assert_nonnull (overlay);
  collect_shortcuts (GTK_WIDGET (overlay), found);
  g_ptr_array_add (found, NULL);
  g_assert_true (g_strv_contains ((const char * const *) found->pdata, "win.plan-panel"));
  g_assert_true (g_strv_contains ((const char * const *) found->pdata, "Right Page_Down"));
  g_assert_true (g_strv_contains ((const char * const *) found->pdata, "Left Page_Up"));
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  data_dir = g_dir_make_tmp ("proprio-plan-panel-XXXXXX", &error);
  g_assert_no_error (error);
  /* The plans (and the records) go to a folder of the test's own, not the user's. */
  app = proprio_test_app_new_in (data_dir);

  g_test_add_func ("/plan-panel/build-and-run-with-keys", test_build_and_run_with_keys);
  g_test_add_func ("/plan-panel/example-read-only-delete-undo",
                   test_example_read_only_and_delete_undo);
  g_test_add_func ("/plan-panel/failing-steps-are-said", test_failing_steps_are_said);
  g_test_add_func ("/plan-panel/keys-listed", test_keys_listed);

  status = g_test_run ();
  g_clear_object (&app);
  remove_tree (data_dir);
  g_free (data_dir);
  return status;
}
