/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Windows and pages are views of the application's station: two windows show the same live
 * state and survive each other, results outlive the choice of exercise, the keys are the
 * window's whatever has the focus, and a snapshot is of the page on screen. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "app/proprio-balance-page-private.h"
#include "app/proprio-window-private.h"
#include "exercises/proprio-static-test.h"
#include "widgets/proprio-cop-trail.h"
#include "widgets/proprio-cop-view-private.h"
#include "widgets/proprio-scroll-guard.h"
#include "proprio-test-balance.h"

static ProprioApplication *app;

/* ---- helpers ---- */

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static ProprioWindow *
open_window (void)
{
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  proprio_window_set_view (window, "balance");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 5000));
  proprio_test_wait_ms (200);
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

static ProprioCopTrail *
trail_of (ProprioWindow *window)
{
  ProprioCopView *view = PROPRIO_COP_VIEW (gtk_widget_get_template_child (
    GTK_WIDGET (window->balance), PROPRIO_TYPE_BALANCE_PAGE, "view"));

  return view->trail;
}

static const ProprioCopPoint *
newest_point (ProprioWindow *window)
{
  ProprioCopTrail *trail = trail_of (window);
  guint n = proprio_cop_trail_get_length (trail);

  return n > 0 ? proprio_cop_trail_get (trail, n - 1) : NULL;
}

typedef struct
{
  ProprioWindow *a;
  ProprioWindow *b;
  guint          min_points;
} Pair;

static gboolean
both_have_points (gpointer data)
{
  Pair *pair = data;

  return proprio_cop_trail_get_length (trail_of (pair->a)) >= pair->min_points &&
         (pair->b == NULL || proprio_cop_trail_get_length (trail_of (pair->b)) >= pair->min_points);
}

/* The window's own key controller, and the shortcut of `trigger` in it ("space", "Escape"…). */
static GtkShortcut *
window_shortcut (ProprioWindow *window,
                 const char    *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "proprio-window-keys") != 0)
        continue;
      /* Before any widget: a focused button cannot swallow the key. */
      g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==,
                       GTK_PHASE_CAPTURE);
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *text = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return shortcut;   /* the controller keeps it alive */
        }
    }
  return NULL;
}

/* What pressing the key does: the shortcut's action, on the window, as GTK would run it. */
static gboolean
press (ProprioWindow *window,
       const char    *trigger)
{
  GtkShortcut *shortcut = window_shortcut (window, trigger);

  g_assert_nonnull (shortcut);
  return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                       GTK_SHORTCUT_ACTION_EXCLUSIVE, GTK_WIDGET (window),
                                       gtk_shortcut_get_arguments (shortcut));
}

/* ---- tests ---- */

static void
test_two_windows_one_station (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioDevice *device = proprio_station_get_device (station);
  ProprioWindow *a = open_window ();
  ProprioWindow *b = open_window ();
  Pair pair = { a, b, 30 };
  const ProprioCopPoint *pa, *pb;
  guint before;

  g_assert_nonnull (device);
  g_assert_true (proprio_window_get_device (a) == device);
  g_assert_true (proprio_window_get_device (b) == device);
  g_assert_true (proprio_test_wait_until (both_have_points, &pair, 5000));

  /* Frozen (the device stopped), both views end on the same sample. */
  proprio_station_disconnect_device (station);
  proprio_test_wait_ms (300);
  pa = newest_point (a);
  pb = newest_point (b);
  g_assert_nonnull (pa);
  g_assert_nonnull (pb);
  g_assert_cmpint (pa->t_us, ==, pb->t_us);
  g_assert_cmpfloat (pa->x_mm, ==, pb->x_mm);
  g_assert_cmpfloat (pa->y_mm, ==, pb->y_mm);

  /* Closing one changes nothing for the other: the device streams on, the other view follows. */
  proprio_station_connect_device (station);
  close_window (a);
  g_assert_true (proprio_station_get_device (station) == device);
  before = proprio_cop_trail_get_length (trail_of (b));
  pair = (Pair) { b, NULL, before + 30 };
  g_assert_true (proprio_test_wait_until (both_have_points, &pair, 5000));
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_STREAMING);

  /* A device chosen in one window is every window's. */
  a = open_window ();
  g_assert_true (proprio_window_use_device_spec (b, "sim:emg", NULL));
  g_assert_cmpstr (proprio_device_get_spec (proprio_window_get_device (a)), ==, "sim:emg");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (
                     gtk_widget_get_template_child (GTK_WIDGET (a->balance),
                                                    PROPRIO_TYPE_BALANCE_PAGE, "stack"))),
                   ==, "no-device");
  /* The page says what to do, and its button does it: the device menu opens. */
  {
    GtkWidget *choose = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (a->balance),
                                                                   PROPRIO_TYPE_BALANCE_PAGE,
                                                                   "choose_device_button"));

    g_assert_true (gtk_widget_is_drawable (choose));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (a->device_popover)));
    g_signal_emit_by_name (choose, "clicked");
    proprio_test_wait_ms (100);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (a->device_popover)));
    gtk_popover_popdown (a->device_popover);
  }
  close_window (b);
  close_window (a);
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", NULL));
}

static void
test_results_survive_exercise_switch (void)
{
  ProprioBalanceHarness h;
  ProprioStaticTest *engine;
  const ProprioStaticResult *result;
  double path;
  guint n;

  proprio_balance_harness_init (&h, app, "sim:balance?seed=1");
  engine = PROPRIO_STATIC_TEST (proprio_station_get_engine (h.station, "static-test"));
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_check_button_set_active (proprio_balance_harness_child (&h, "condition_check_1"), FALSE);
  gtk_check_button_set_active (proprio_balance_harness_child (&h, "condition_check_2"), FALSE);
  gtk_check_button_set_active (proprio_balance_harness_child (&h, "condition_check_3"), FALSE);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "duration_spin"), 1.0);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "countdown_spin"), 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_true (proprio_station_is_running (h.station));

  /* Choosing another exercise while one runs is refused; the selector stays. */
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_LOS);
  g_assert_cmpstr (proprio_station_get_exercise_id (h.station), ==, "static-test");
  g_assert_cmpuint (adw_combo_row_get_selected (proprio_balance_harness_child (&h,
                                                                              "exercise_row")),
                    ==, PROPRIO_BALANCE_EXERCISE_STATIC);

  proprio_balance_harness_push_sway (&h, 2.5);
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (engine)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_false (proprio_station_is_running (h.station));
  result = proprio_static_test_get_result (engine, 0);
  g_assert_cmpint (result->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  path = result->metrics.path_length_mm;
  n = result->n;
  g_assert_cmpfloat (path, >, 5.0);

  /* Away and back: the results and the trace are still there, and still shown. */
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_LIVE);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  result = proprio_static_test_get_result (engine, 0);
  g_assert_cmpint (result->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpfloat (result->metrics.path_length_mm, ==, path);
  g_assert_cmpuint (result->n, ==, n);
  {
    GtkWidget *cell = gtk_grid_get_child_at (proprio_balance_harness_child (&h, "results_grid"),
                                             0, 1);
    g_autofree char *shown = g_strdup_printf ("%.1f", path);

    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (cell)), ==, "Eyes open");
    cell = gtk_grid_get_child_at (proprio_balance_harness_child (&h, "results_grid"), 1, 1);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (cell)), ==, shown);
  }

  /* A setting changed after the run keeps its results, and the recorded trace can still be
   * reviewed. */
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "duration_spin"), 20.0);
  g_assert_cmpfloat (proprio_static_test_get_result (engine, 0)->metrics.path_length_mm, ==, path);
  {
    GtkWidget *review = gtk_grid_get_child_at (proprio_balance_harness_child (&h, "results_grid"),
                                               5, 1);

    g_assert_true (GTK_IS_BUTTON (review));
    g_signal_emit_by_name (review, "clicked");
    g_assert_true (gtk_widget_get_visible (proprio_balance_harness_child (&h, "review_bar")));
    gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.live", NULL);
  }

  /* A page built later (another window) shows the same results: they are the station's. */
  {
    GtkWidget *other = g_object_ref_sink (proprio_balance_page_new (h.station, h.settings));

    g_assert_cmpint (proprio_balance_page_get_exercise (PROPRIO_BALANCE_PAGE (other)), ==,
                     PROPRIO_BALANCE_EXERCISE_STATIC);
    g_assert_cmpfloat (proprio_static_test_get_result (engine, 0)->metrics.path_length_mm, ==,
                       path);
    g_object_unref (other);
  }
  proprio_balance_harness_clear (&h);
}

/* The board keeps its size for the whole session: results filling in do not widen the side
 * panel, and the panel stays where the therapist scrolled it. */
static void
test_board_keeps_its_size (void)
{
  ProprioBalanceHarness h;
  GtkWidget *view, *panel;
  GtkAdjustment *scroll;
  int view_width, panel_width;

  proprio_balance_harness_init (&h, app, "sim:balance?seed=1");
  view = proprio_balance_harness_child (&h, "view");
  panel = proprio_balance_harness_child (&h, "panel_scroll");
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "duration_spin"), 1.0);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "countdown_spin"), 1.0);
  proprio_test_wait_ms (100);
  view_width = gtk_widget_get_width (view);
  panel_width = gtk_widget_get_width (panel);
  g_assert_cmpint (view_width, >, 300);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  for (guint condition = 0; condition < 4; condition++)
    {
      proprio_balance_harness_push_sway (&h, 2.5);
      gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.next", NULL);
    }
  g_assert_false (proprio_station_is_running (h.station));
  proprio_test_wait_ms (200);
  g_assert_cmpint (gtk_widget_get_width (panel), ==, panel_width);
  g_assert_cmpint (gtk_widget_get_width (view), ==, view_width);

  /* Scrolled down to the results, the panel stays there when they are rebuilt. */
  scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (panel));
  if (gtk_adjustment_get_upper (scroll) - gtk_adjustment_get_page_size (scroll) > 50)
    {
      gtk_adjustment_set_value (scroll, 50);
      proprio_balance_page_update_results (h.page);
      proprio_test_wait_ms (100);
      g_assert_cmpfloat (gtk_adjustment_get_value (scroll), ==, 50);
    }
  else
    g_test_message ("the panel does not scroll at this size");
  proprio_balance_harness_clear (&h);
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelWait;

static gboolean
label_reads (gpointer data)
{
  LabelWait *wait = data;

  return gtk_widget_get_visible (GTK_WIDGET (wait->label)) &&
         g_strcmp0 (gtk_label_get_label (wait->label), wait->text) == 0;
}

static gboolean
label_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* The patient sees the seconds left of a condition, in large type; not before the recording nor
 * after it. */
static void
test_time_left_is_shown (void)
{
  ProprioBalanceHarness h;
  GtkLabel *label;
  int height;

  proprio_balance_harness_init (&h, app, "sim:balance?seed=1");
  label = proprio_balance_harness_child (&h, "time_label");
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "duration_spin"), 5.0);
  gtk_spin_button_set_value (proprio_balance_harness_child (&h, "countdown_spin"), 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  proprio_balance_harness_push_sway (&h, 0.5);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));   /* the countdown's own */

  proprio_balance_harness_push_sway (&h, 0.6 + 2.0);   /* 2 s of the 5 s recorded */
  /* The label follows on the next frame (which a busy machine may take a while to draw). */
  g_assert_true (proprio_test_wait_until (label_reads, &(LabelWait) { label, "3 seconds" }, 5000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  proprio_test_wait_ms (100);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  g_test_message ("time left label: %d px high", height);
  g_assert_cmpint (height, >=, 50);

  proprio_balance_harness_push_sway (&h, 3.0);
  g_assert_true (proprio_test_wait_until (label_hidden, label, 5000));   /* paused: nothing runs */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.stop", NULL);
  proprio_balance_harness_clear (&h);
}

/* In German the exercise names are long: the selector shows them whole. */
static void
test_exercise_names_not_cut_off (void)
{
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (language);
  ProprioBalanceHarness h;
  AdwComboRow *row;
  int min_width, nat_width;

  g_setenv ("LANGUAGE", "de", TRUE);
  proprio_balance_harness_init (&h, app, "sim:balance?seed=1");
  row = proprio_balance_harness_child (&h, "exercise_row");
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  proprio_test_wait_ms (100);
  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Übung") != 0)
    g_test_skip ("the German catalogue is not built");
  else
    {
      g_assert_true (adw_combo_row_get_use_subtitle (row));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       "Statischer Gleichgewichtstest");
      /* The row has the room its text asks for: nothing is ellipsized. */
      gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                          &nat_width, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (row)), >=, MIN (nat_width, 360));
    }
  proprio_balance_harness_clear (&h);
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Another device would end the exercise in progress: the window asks first, and keeps it running
 * unless told to stop. */
static void
test_device_switch_asks_first (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioWindow *window = open_window ();
  ProprioDevice *board = proprio_station_get_device (station);
  AdwMessageDialog *dialog;
  guint emg_entry = 1;   /* "Simulated EMG sensor", after the simulated board */

  g_assert_true (proprio_station_select_exercise (station, "weight-shift", NULL));
  g_assert_true (proprio_station_start (station, NULL));

  gtk_drop_down_set_selected (window->device_dropdown, emg_entry);
  proprio_test_wait_ms (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (proprio_station_is_running (station));
  g_assert_true (proprio_station_get_device (station) == board);

  /* Keep running: nothing changes, the menu shows the board again. */
  adw_message_dialog_response (dialog, "cancel");
  proprio_test_wait_ms (100);
  g_assert_true (proprio_station_is_running (station));
  g_assert_true (proprio_station_get_device (station) == board);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->device_dropdown), !=, emg_entry);

  /* Stop and change: the run ends (kept as a result), the new device is used. */
  gtk_drop_down_set_selected (window->device_dropdown, emg_entry);
  proprio_test_wait_ms (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "switch");
  proprio_test_wait_ms (100);
  g_assert_false (proprio_station_is_running (station));
  g_assert_cmpstr (proprio_device_get_spec (proprio_station_get_device (station)), ==, "sim:emg");

  close_window (window);
  g_assert_true (proprio_station_select_exercise (station, "live", NULL));
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", NULL));
}

static void
test_keys_are_the_windows (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioWindow *window = open_window ();
  GtkWidget *start = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->balance),
                                                                PROPRIO_TYPE_BALANCE_PAGE,
                                                                "start_button"));
  GtkWidget *duration = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->balance),
                                                                   PROPRIO_TYPE_BALANCE_PAGE,
                                                                   "duration_spin"));
  const char *all[] = { "space", "<Control>Return", "Escape", "p", "v", "Delete", "<Control>z" };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    g_assert_nonnull (window_shortcut (window, all[i]));

  /* With no exercise chosen, Space is left to the widgets (a focused button presses). */
  g_assert_true (proprio_station_select_exercise (station, "live", NULL));
  g_assert_false (press (window, "space"));

  /* The therapist clicked Start: the button has the focus, then hides when the test runs. */
  proprio_balance_page_set_exercise (window->balance, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_widget_grab_focus (start);
  g_assert_true (press (window, "space"));
  g_assert_true (proprio_station_is_running (station));
  g_assert_false (gtk_widget_get_visible (start));
  g_assert_true (press (window, "Escape"));
  g_assert_false (proprio_station_is_running (station));
  /* Nothing runs: Escape goes on to whoever wants it. */
  g_assert_false (press (window, "Escape"));
  g_assert_true (press (window, "<Control>Return"));
  g_assert_true (proprio_station_is_running (station));
  g_assert_true (press (window, "space"));
  g_assert_false (proprio_station_is_running (station));

  /* Typing a number goes into the spin button, not to the exercise. */
  gtk_widget_grab_focus (duration);
  g_assert_false (press (window, "space"));
  g_assert_false (proprio_station_is_running (station));

  /* The Mirror keys work on the Mirror page only, wherever the focus is. */
  g_assert_false (press (window, "p"));
  proprio_window_set_view (window, "mirror");
  proprio_test_wait_ms (200);
  gtk_widget_grab_focus (GTK_WIDGET (window->device_button));
  g_assert_true (press (window, "p"));
  g_assert_cmpstr (proprio_mirror_page_get_tool (window->mirror), ==, "plumb");
  g_assert_true (press (window, "v"));
  g_assert_cmpstr (proprio_mirror_page_get_tool (window->mirror), ==, "select");

  g_assert_true (proprio_station_select_exercise (station, "live", NULL));
  proprio_window_set_view (window, "balance");
  close_window (window);
  g_settings_reset (proprio_application_get_settings (app), "last-view");
}

static void
test_side_panel_ignores_scroll (void)
{
  ProprioBalanceHarness h;
  const char *spins[] = {
    "duration_spin", "countdown_spin", "distance_spin", "radius_spin", "dwell_spin",
    "timeout_spin", "repetitions_spin", "los_distance_spin", "height_spin",
  };

  proprio_balance_harness_init (&h, app, "sim:balance?seed=1");
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    {
      GtkSpinButton *spin = proprio_balance_harness_child (&h, spins[i]);

      g_test_message ("%s", spins[i]);
      g_assert_false (proprio_scroll_guard_spin_scrolls (spin));
    }
  /* A spin button elsewhere still scrolls: the guard is what stops it. */
  {
    GtkWidget *plain = g_object_ref_sink (gtk_spin_button_new_with_range (0, 10, 1));

    g_assert_true (proprio_scroll_guard_spin_scrolls (GTK_SPIN_BUTTON (plain)));
    g_assert_cmpuint (proprio_scroll_guard_spin_buttons (plain), ==, 1);
    g_assert_false (proprio_scroll_guard_spin_scrolls (GTK_SPIN_BUTTON (plain)));
    g_object_unref (plain);
  }
  proprio_balance_harness_clear (&h);
}

static gboolean
file_appeared (gpointer data)
{
  const char *folder = data;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

static void
test_snapshot_of_the_balance_page (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  g_autofree char *tmp = g_dir_make_tmp ("proprio-station-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (tmp, "shots", NULL);
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "app.snapshot");
  ProprioWindow *window;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *name;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Control>s");
  g_settings_set_string (settings, "snapshot-folder", folder);
  window = open_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "snapshot", NULL);
  g_assert_true (proprio_test_wait_until (file_appeared, folder, 5000));
  /* No page switch: the picture is of what is on screen. */
  g_assert_cmpstr (proprio_window_get_view (window), ==, "balance");

  dir = g_dir_open (folder, 0, NULL);
  name = g_dir_read_name (dir);
  path = g_build_filename (folder, name, NULL);
  proprio_test_wait_ms (200);
  texture = gdk_texture_new_from_filename (path, NULL);
  g_assert_nonnull (texture);
  /* The whole work area: the board and the side panel with its results. */
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (GTK_WIDGET (window->balance)) *
                   gtk_widget_get_scale_factor (GTK_WIDGET (window)));
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >, 8);

  close_window (window);
  g_unlink (path);
  g_rmdir (folder);
  g_rmdir (tmp);
  g_settings_reset (settings, "snapshot-folder");
}

int
main (int argc, char **argv)
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  app = proprio_test_app_new ();

  g_test_add_func ("/station-views/two-windows-one-station", test_two_windows_one_station);
  g_test_add_func ("/station-views/results-survive-exercise-switch",
                   test_results_survive_exercise_switch);
  g_test_add_func ("/station-views/board-keeps-its-size", test_board_keeps_its_size);
  g_test_add_func ("/station-views/time-left-is-shown", test_time_left_is_shown);
  g_test_add_func ("/station-views/exercise-names-not-cut-off", test_exercise_names_not_cut_off);
  g_test_add_func ("/station-views/device-switch-asks-first", test_device_switch_asks_first);
  g_test_add_func ("/station-views/keys-are-the-windows", test_keys_are_the_windows);
  g_test_add_func ("/station-views/side-panel-ignores-scroll", test_side_panel_ignores_scroll);
  g_test_add_func ("/station-views/snapshot-of-the-balance-page",
                   test_snapshot_of_the_balance_page);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
