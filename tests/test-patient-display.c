/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The patient display is a view of the station of its own: it opens and closes with its action,
 * shows what the therapist's page shows of the running exercise (prompt, time left, the CoP dot
 * at the same place), follows a plan from one work area to the next, and with one monitor it is
 * a window. Real widgets under Xvfb, the simulated board driven through the station. */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <math.h>

#include "app/proprio-balance-page-private.h"
#include "app/proprio-patient-display.h"
#include "app/proprio-patient-window-private.h"
#include "app/proprio-preferences-window.h"
#include "app/proprio-window-private.h"
#include "core/proprio-clock.h"
#include "exercises/proprio-pacer.h"
#include "widgets/proprio-cop-trail.h"
#include "widgets/proprio-cop-view-private.h"
#include "proprio-test-gui.h"

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
  g_assert_true (proprio_test_wait_until (is_drawn, window, 10000));
  proprio_test_wait_ms (100);
  return window;
}

static void
destroy_and_wait (GtkWidget *widget)
{
  gpointer weak = widget;

  g_object_add_weak_pointer (G_OBJECT (widget), &weak);
  gtk_window_destroy (GTK_WINDOW (widget));
  for (guint i = 0; i < 100 && weak != NULL; i++)
    proprio_test_wait_ms (20);
  g_assert_null (weak);
}

static gboolean
action_state (const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (app), name);

  g_assert_nonnull (state);
  return g_variant_get_boolean (state);
}

static ProprioPatientWindow *
open_display (void)
{
  ProprioPatientWindow *display;

  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display", NULL);
  display = proprio_patient_display_get_window (app);
  g_assert_nonnull (display);
  g_assert_true (proprio_test_wait_until (is_drawn, proprio_patient_window_get_content (display),
                                          10000));
  return display;
}

static GtkWidget *
find_by_class (GtkWidget  *root,
               const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkLabel *
page_label (ProprioWindow *window,
            const char    *name)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window->balance),
                                                   PROPRIO_TYPE_BALANCE_PAGE, name));
}

static ProprioCopView *
page_view (ProprioWindow *window)
{
  return PROPRIO_COP_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window->balance),
                                                          PROPRIO_TYPE_BALANCE_PAGE, "view"));
}

typedef struct
{
  ProprioWindow        *window;
  ProprioPatientWindow *display;
  const char           *area;
  ProprioExercisePhase  phase;
} Wait;

static gboolean
same_texts (gpointer data)
{
  Wait *w = data;
  GtkLabel *time = page_label (w->window, "time_label");
  const char *therapist_time = gtk_widget_get_visible (GTK_WIDGET (time))
                               ? gtk_label_get_label (time) : "";

  return g_strcmp0 (proprio_patient_window_get_prompt (w->display),
                    gtk_label_get_label (page_label (w->window, "prompt_label"))) == 0 &&
         g_strcmp0 (proprio_patient_window_get_time_text (w->display), therapist_time) == 0 &&
         *therapist_time != '\0';
}

static gboolean
shows_area (gpointer data)
{
  Wait *w = data;

  return g_strcmp0 (proprio_patient_window_get_area (w->display), w->area) == 0;
}

static gboolean
engine_in_phase (gpointer data)
{
  Wait *w = data;
  ProprioExercise *running = proprio_station_get_running (proprio_application_get_station (app));

  return running != NULL && proprio_exercise_get_phase (running) == w->phase;
}

static gboolean
has_cop (gpointer data)
{
  return proprio_patient_window_get_last_cop (data, NULL, NULL, NULL);
}

/* Pixels that differ between two renderings in a square of `r` px around (x, y). */
static guint
count_changed_near (GdkTexture *a,
                    GdkTexture *b,
                    double      x,
                    double      y,
                    double      r)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *pa = g_malloc (stride * height);
  g_autofree guint32 *pb = g_malloc (stride * height);
  guint changed = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  gdk_texture_download (a, (guchar *) pa, stride);
  gdk_texture_download (b, (guchar *) pb, stride);
  for (int j = MAX (0, (int) (y - r)); j <= MIN (height - 1, (int) (y + r)); j++)
    for (int i = MAX (0, (int) (x - r)); i <= MIN (width - 1, (int) (x + r)); i++)
      if (pa[(gsize) j * width + i] != pb[(gsize) j * width + i])
        changed++;
  return changed;
}

/* The view alone, drawn as GTK draws it for a frame, rendered offscreen. */
static GdkTexture *
render_view (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0,
                                                                 gtk_widget_get_width (widget),
                                                                 gtk_widget_get_height (widget)));
}

/* ---- tests ---- */

static void
test_action_toggles_the_window (void)
{
  ProprioWindow *window = open_window ();
  ProprioPatientWindow *display;
  GtkWidget *preview;

  g_assert_false (action_state ("patient-display"));
  g_assert_null (proprio_patient_display_get_window (app));
  preview = find_by_class (GTK_WIDGET (window->header_bar), "patient-preview");
  g_assert_nonnull (preview);
  g_assert_false (gtk_widget_get_visible (preview));

  /* Open: the state says so, and the therapist sees a preview of it. */
  display = open_display ();
  g_assert_true (action_state ("patient-display"));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (display)) == GTK_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (preview));
  g_assert_nonnull (gtk_widget_get_tooltip_text (preview));
  {
    GtkPicture *picture = GTK_PICTURE (find_by_class (preview, "patient-preview") != NULL
                                       ? gtk_widget_get_first_child (
                                           gtk_widget_get_first_child (preview))
                                       : NULL);

    g_assert_true (GTK_IS_PICTURE (picture));
    g_assert_nonnull (gtk_picture_get_paintable (picture));
  }
  /* F11 in every Proprio window, the patient display's own included. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "app.patient-display");

    g_assert_cmpstr (accels[0], ==, "F11");
  }

  /* The same action closes it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display", NULL);
  proprio_test_wait_ms (50);
  g_assert_null (proprio_patient_display_get_window (app));
  g_assert_false (action_state ("patient-display"));
  g_assert_false (gtk_widget_get_visible (preview));

  /* Its own close sets the state back; so does a script that sets the state. */
  display = open_display ();
  destroy_and_wait (GTK_WIDGET (display));
  g_assert_false (action_state ("patient-display"));
  g_action_group_change_action_state (G_ACTION_GROUP (app), "patient-display",
                                      g_variant_new_boolean (TRUE));
  g_assert_nonnull (proprio_patient_display_get_window (app));
  g_assert_true (action_state ("patient-display"));
  g_action_group_change_action_state (G_ACTION_GROUP (app), "patient-display",
                                      g_variant_new_boolean (FALSE));
  proprio_test_wait_ms (50);
  g_assert_null (proprio_patient_display_get_window (app));

  /* It goes with the last therapist window. */
  display = open_display ();
  {
    gpointer weak = display;

    g_object_add_weak_pointer (G_OBJECT (display), &weak);
    destroy_and_wait (GTK_WIDGET (window));
    for (guint i = 0; i < 100 && weak != NULL; i++)
      proprio_test_wait_ms (20);
    g_assert_null (weak);
  }
  g_assert_false (action_state ("patient-display"));
}

static void
test_one_monitor_is_a_window (void)
{
  GdkDisplay *gdk = gdk_display_get_default ();
  GListModel *monitors = gdk_display_get_monitors (gdk);
  g_autoptr(GdkMonitor) only = g_list_model_get_item (monitors, 0);
  ProprioWindow *window;
  ProprioPatientWindow *display;
  g_autofree char *label = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (monitors), ==, 1);
  /* Whatever is chosen, one screen keeps the therapist's window usable: no monitor to go to. */
  g_assert_null (proprio_patient_display_choose_monitor (gdk, "", only));
  g_assert_null (proprio_patient_display_choose_monitor (gdk, "HDMI-9", NULL));
  g_assert_null (proprio_patient_display_choose_monitor (gdk, gdk_monitor_get_connector (only),
                                                         only));
  label = proprio_patient_display_describe_monitor (only);
  g_assert_cmpstr (label, !=, "");

  g_settings_set_string (proprio_application_get_settings (app), "patient-display-monitor",
                         "HDMI-9");
  window = open_window ();
  display = open_display ();
  proprio_test_wait_ms (200);
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (display)));
  /* The title bar is there to move it; fullscreen (Shift+F11) hides it, Escape leaves. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (display->header_revealer)));

  /* Large text from the preference. */
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (display), "large-text"));
  g_settings_set_boolean (proprio_application_get_settings (app), "patient-display-large-text",
                          TRUE);
  g_assert_true (proprio_patient_window_get_large_text (display));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (display), "large-text"));
  g_settings_reset (proprio_application_get_settings (app), "patient-display-large-text");
  g_settings_reset (proprio_application_get_settings (app), "patient-display-monitor");

  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
combo_label (AdwComboRow *row,
             guint        i)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)), i);
}

/* Preferences: Automatic and the connected monitors by name; a choice is stored as the
 * monitor's connector, and a stored monitor that is not connected stays listed as such. */
static void
test_monitor_preference (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
  g_autoptr(GdkMonitor) only = g_list_model_get_item (monitors, 0);
  g_autofree char *name = proprio_patient_display_describe_monitor (only);
  g_autofree char *stored = NULL;
  ProprioPreferencesWindow *prefs =
    proprio_preferences_window_new (settings, proprio_application_get_station (app));
  AdwComboRow *row = find_combo_row (GTK_WIDGET (prefs), "Mo_nitor");

  g_assert_nonnull (row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 2);
  g_assert_cmpstr (combo_label (row, 0), ==, "Automatic");
  g_assert_cmpstr (combo_label (row, 1), ==, name);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  adw_combo_row_set_selected (row, 1);
  stored = g_settings_get_string (settings, "patient-display-monitor");
  g_assert_cmpstr (stored, ==, gdk_monitor_get_connector (only));

  g_settings_set_string (settings, "patient-display-monitor", "HDMI-9");
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 3);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  g_assert_cmpstr (combo_label (row, 2), ==, "HDMI-9 (not connected)");
  adw_combo_row_set_selected (row, 0);
  g_clear_pointer (&stored, g_free);
  stored = g_settings_get_string (settings, "patient-display-monitor");
  g_assert_cmpstr (stored, ==, "");
  proprio_test_wait_ms (100);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_same_state_as_the_therapist (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  g_autoptr(GError) error = NULL;
  ProprioWindow *window;
  ProprioPatientWindow *display;
  ProprioCopView *view;
  ProprioExercise *engine;
  Wait w = { 0 };
  double x_mm, y_mm, px, py, tx, ty;
  gint64 t_us;

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance?seed=3", &error));
  g_assert_no_error (error);
  window = open_window ();
  display = open_display ();
  w = (Wait) { window, display, "balance", PROPRIO_EXERCISE_PHASE_RUNNING };
  g_assert_true (proprio_test_wait_until (shows_area, &w, 5000));

  /* A weight shift, started on the station as Space would. */
  g_assert_true (proprio_station_select_exercise (station, "weight-shift", &error));
  g_assert_no_error (error);
  engine = proprio_station_get_engine (station, "weight-shift");
  g_assert_true (proprio_exercise_apply_settings (engine,
                                                  g_variant_new_parsed ("{'countdown-s': <1.0>}"),
                                                  &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (engine_in_phase, &w, 20000));

  /* The prompt and the time left are the therapist page's, word for word. */
  g_assert_true (proprio_test_wait_until (same_texts, &w, 20000));
  g_assert_cmpstr (proprio_patient_window_get_prompt (display), ==,
                   proprio_exercise_get_prompt (engine));
  g_assert_cmpstr (proprio_patient_window_get_area (display), ==, "balance");
  g_assert_false (proprio_patient_window_get_covered (display));

  g_assert_true (proprio_test_wait_until (has_cop, display, 5000));
  /* It is drawn there: without the dot (feedback hidden) the picture differs around it, and not
   * in the far corner of the board. Rendered at once, before the loop runs again. */
  view = proprio_patient_window_get_cop_view (display);
  g_assert_true (proprio_patient_window_get_last_cop (display, &x_mm, &y_mm, &t_us));
  g_assert_true (proprio_cop_view_board_to_widget (view, x_mm, y_mm, &px, &py));
  {
    g_autoptr(GdkTexture) with_dot = NULL;
    g_autoptr(GdkTexture) without = NULL;
    double fx, fy;

    with_dot = render_view (GTK_WIDGET (view));
    proprio_cop_view_set_show_feedback (view, FALSE);
    without = render_view (GTK_WIDGET (view));
    proprio_cop_view_set_show_feedback (view, TRUE);
    g_assert_cmpuint (count_changed_near (with_dot, without, px, py, 14), >, 30);
    g_assert_true (proprio_cop_view_board_to_widget (view, x_mm > 0 ? -180 : 180,
                                                     y_mm > 0 ? -100 : 100, &fx, &fy));
    g_assert_cmpuint (count_changed_near (with_dot, without, fx, fy, 10), ==, 0);
  }

  /* Frozen on one sample (the board stops): both views end on it. */
  proprio_station_disconnect_device (station);
  proprio_test_wait_ms (400);
  g_assert_true (proprio_patient_window_get_last_cop (display, &x_mm, &y_mm, &t_us));
  {
    ProprioCopView *therapist = page_view (window);
    double ax, ay;

    guint n = proprio_cop_trail_get_length (therapist->trail);
    const ProprioCopPoint *newest = n > 0 ? proprio_cop_trail_get (therapist->trail, n - 1) : NULL;

    /* The therapist's view ends on the very sample the display ends on. */
    g_assert_nonnull (newest);
    g_assert_cmpint (newest->t_us, ==, t_us);
    g_assert_cmpfloat_with_epsilon (newest->x_mm, x_mm, 1e-4);   /* the trail keeps floats */
    g_assert_cmpfloat_with_epsilon (newest->y_mm, y_mm, 1e-4);
    view = proprio_patient_window_get_cop_view (display);
    /* The same normalised place on both (each view its own size). */
    g_assert_true (proprio_cop_view_board_to_widget (view, x_mm, y_mm, &px, &py));
    g_assert_true (proprio_cop_view_board_to_widget (therapist, x_mm, y_mm, &tx, &ty));
    g_assert_true (proprio_cop_view_board_to_widget (view, 0, 0, &ax, &ay));
    g_assert_cmpfloat (proprio_cop_view_get_zoom (view), ==, proprio_cop_view_get_zoom (therapist));
    g_assert_cmpfloat (proprio_cop_view_get_mirrored (view), ==,
                       proprio_cop_view_get_mirrored (therapist));
    /* Right of the board's centre on one is right on the other. */
    {
      double t0x, t0y;

      g_assert_true (proprio_cop_view_board_to_widget (therapist, 0, 0, &t0x, &t0y));
      g_assert_cmpint (px > ax, ==, tx > t0x);
      g_assert_cmpint (py > ay, ==, ty > t0y);
    }
  }

  /* The whole display, rendered offscreen, is a picture (not a blank window). */
  {
    g_autoptr(GdkTexture) texture =
      proprio_test_render_widget (proprio_patient_window_get_content (display));

    g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 8);
  }

  proprio_station_stop (station);
  g_assert_cmpstr (proprio_patient_window_get_time_text (display), ==, "");
  proprio_station_connect_device (station);
  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

static void
test_dark_screen_and_pacer (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioPacer *pacer = proprio_station_get_pacer (station);
  g_autoptr(GError) error = NULL;
  ProprioWindow *window = open_window ();
  ProprioPatientWindow *display = open_display ();
  ProprioExercise *engine = proprio_station_get_engine (station, "static-test");
  Wait w = { window, display, "pacer", PROPRIO_EXERCISE_PHASE_RUNNING };

  /* Eyes closed: the feedback goes, a dark screen says only the prompt. */
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  g_assert_true (proprio_exercise_apply_settings (
    engine, g_variant_new_parsed ("{'conditions': <['eyes-closed']>, 'countdown-s': <1.0>, "
                                  "'duration-s': <30.0>}"), &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (engine_in_phase, &w, 20000));
  g_assert_true (proprio_patient_window_get_covered (display));
  g_assert_true (gtk_widget_get_visible (display->cover));
  g_assert_cmpstr (gtk_label_get_label (display->cover_label), ==,
                   proprio_exercise_get_prompt (engine));
  g_assert_cmpstr (gtk_label_get_label (display->cover_label), !=, "");
  proprio_station_stop (station);
  g_assert_false (proprio_patient_window_get_covered (display));

  /* The pacer alone fills the display; beside an exercise it is a card in the corner. */
  proprio_pacer_start (pacer, proprio_clock_now_us ());
  g_assert_true (proprio_test_wait_until (shows_area, &w, 5000));
  g_assert_false (gtk_widget_get_visible (display->pacer_card));
  g_assert_true (proprio_station_select_exercise (station, "weight-shift", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  w.area = "balance";
  g_assert_true (proprio_test_wait_until (shows_area, &w, 5000));
  g_assert_true (gtk_widget_get_visible (display->pacer_card));
  proprio_station_stop (station);
  proprio_pacer_stop (pacer);
  g_assert_false (gtk_widget_get_visible (display->pacer_card));

  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

static void
test_follows_the_plan (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioPlanRun *run = proprio_application_get_plan_run (app);
  g_autoptr(ProprioPlan) plan = proprio_plan_new ("Three areas");
  g_autoptr(GError) error = NULL;
  ProprioWindow *window = open_window ();
  ProprioPatientWindow *display = open_display ();
  Wait w = { window, display, "balance", PROPRIO_EXERCISE_PHASE_RUNNING };

  {
    g_autoptr(ProprioPlanStep) a =
      proprio_plan_step_new_exercise ("weight-shift", g_variant_new_parsed ("{'countdown-s': <1.0>}"),
                                      "Shift");
    g_autoptr(ProprioPlanStep) b = proprio_plan_step_new_pause (30, "Rest and breathe");
    g_autoptr(ProprioPlanStep) c = proprio_plan_step_new_exercise ("activation-drill", NULL,
                                                                   "Squeeze");

    g_autoptr(ProprioPlanStep) d = proprio_plan_step_new_exercise ("jps-protocol", NULL,
                                                                   "Find the angle");

    proprio_plan_append_step (plan, a);
    proprio_plan_append_step (plan, b);
    proprio_plan_append_step (plan, c);
    proprio_plan_append_step (plan, d);
  }
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  proprio_plan_run_set_plan (run, plan);
  g_assert_true (proprio_plan_run_start (run, 0, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (shows_area, &w, 10000));

  /* The rest: its title and its countdown, large. */
  g_assert_true (proprio_plan_run_next (run));
  w.area = "rest";
  g_assert_true (proprio_test_wait_until (shows_area, &w, 10000));
  g_assert_cmpstr (proprio_patient_window_get_prompt (display), ==, "Rest and breathe");
  g_assert_true (g_str_has_suffix (proprio_patient_window_get_time_text (display), "seconds"));
  g_assert_cmpstr (gtk_label_get_label (display->rest_label), ==,
                   proprio_patient_window_get_time_text (display));
  /* Once, large, in the middle: not again under it. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (display->time_label)));

  /* The sleeve for the drill, then the drill: the activation bars. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:emg", &error));
  g_assert_no_error (error);
  g_assert_true (proprio_plan_run_next (run));
  w.area = "muscle";
  g_assert_true (proprio_test_wait_until (shows_area, &w, 10000));
  g_assert_cmpstr (proprio_window_get_view (window), ==, "muscle");
  g_assert_cmpstr (proprio_patient_window_get_prompt (display), !=, "");

  /* The goniometer, then the joint-position protocol: the dial, the third work area. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:angle", &error));
  g_assert_no_error (error);
  g_assert_true (proprio_plan_run_next (run));
  w.area = "joint";
  g_assert_true (proprio_test_wait_until (shows_area, &w, 10000));
  g_assert_cmpstr (proprio_window_get_view (window), ==, "joint");

  proprio_plan_run_stop (run);
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

/* The Mirror page's overlays and the therapist's page follow into the display. */
static void
test_follows_the_page (void)
{
  ProprioWindow *window = open_window ();
  ProprioPatientWindow *display = open_display ();
  Wait w = { window, display, "mirror", PROPRIO_EXERCISE_PHASE_RUNNING };

  proprio_window_set_view (window, "mirror");
  g_assert_true (proprio_test_wait_until (shows_area, &w, 5000));
  g_assert_cmpuint (proprio_station_get_camera_holds (proprio_application_get_station (app)), >=,
                    1);
  g_assert_true (display->overlay != NULL);
  g_assert_true (display->overlay == proprio_mirror_page_get_overlay (window->mirror));
  proprio_window_set_view (window, "balance");
  w.area = "balance";
  g_assert_true (proprio_test_wait_until (shows_area, &w, 5000));

  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

static gboolean
station_running (gpointer data)
{
  return proprio_station_is_running (data);
}

/* The therapist clicks the display to raise it and goes on with the keyboard: Space there is
 * Space in the therapist's window (a real key through the X server). */
static void
test_keys_reach_the_therapist (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = NULL;
  ProprioWindow *window;
  ProprioPatientWindow *display;
  GdkSurface *surface;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed: no real key to press");
      return;
    }
  window = open_window ();
  display = open_display ();
  surface = gtk_native_get_surface (GTK_NATIVE (display));
  if (!GDK_IS_X11_SURFACE (surface))
    {
      g_test_skip ("not an X11 display");
      destroy_and_wait (GTK_WIDGET (display));
      destroy_and_wait (GTK_WIDGET (window));
      return;
    }
  g_assert_true (proprio_station_select_exercise (station, "weight-shift", &error));
  g_assert_false (proprio_station_is_running (station));

  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  {
    const char *argv[] = { xdotool, "windowfocus", "--sync", xid, "key", "space", NULL };

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                                  &error));
    g_assert_no_error (error);
  }
  g_assert_true (proprio_test_wait_until (station_running, station, 20000));
  g_assert_true (gtk_window_is_active (GTK_WINDOW (display)));

  proprio_station_stop (station);
  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

/* ---- the README's pictures ---- */

/* Both windows mid-exercise: a weight shift on the simulated board, the display beside the
 * therapist's window. PROPRIO_PATIENT_SCREENSHOTS=DIR also writes them there
 * (build-aux/patient-screenshot). */
static void
test_screenshot (void)
{
  const char *wanted = g_getenv ("PROPRIO_PATIENT_SCREENSHOTS");
  ProprioStation *station = proprio_application_get_station (app);
  ProprioExercise *engine = proprio_station_get_engine (station, "weight-shift");
  g_autoptr(GError) error = NULL;
  ProprioWindow *window;
  ProprioPatientWindow *display;
  Wait w = { 0 };
  const struct { const char *name; GtkWidget **widget; } shots[] = {
    { "patient-display.png", (GtkWidget **) &display },
    { "patient-display-therapist.png", (GtkWidget **) &window },
  };

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance?seed=7", &error));
  window = proprio_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  proprio_window_set_view (window, "balance");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 10000));
  display = open_display ();
  gtk_window_set_default_size (GTK_WINDOW (display), 1280, 720);
  w = (Wait) { window, display, "balance", PROPRIO_EXERCISE_PHASE_RUNNING };

  g_assert_true (proprio_station_select_exercise (station, "weight-shift", &error));
  g_assert_true (proprio_exercise_apply_settings (
    engine, g_variant_new_parsed ("{'countdown-s': <1.0>, 'preset': <'eight-directions'>}"),
    &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (engine_in_phase, &w, 20000));
  /* The simulated patient on the way to the first target. */
  proprio_test_wait_ms (2500);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autoptr(GdkTexture) texture = proprio_test_render_widget (*shots[i].widget);
      g_autofree char *path = g_test_build_filename (G_TEST_BUILT, shots[i].name, NULL);

      g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 16);
      g_assert_true (gdk_texture_save_to_png (texture, path));
      if (wanted != NULL)
        {
          g_autofree char *copy = g_build_filename (wanted, shots[i].name, NULL);

          g_assert_true (gdk_texture_save_to_png (texture, copy));
          g_test_message ("Saved %s", copy);
        }
    }

  proprio_station_stop (station);
  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/patient-display/action-toggles-the-window", test_action_toggles_the_window);
  g_test_add_func ("/patient-display/one-monitor-is-a-window", test_one_monitor_is_a_window);
  g_test_add_func ("/patient-display/monitor-preference", test_monitor_preference);
  g_test_add_func ("/patient-display/same-state-as-the-therapist",
                   test_same_state_as_the_therapist);
  g_test_add_func ("/patient-display/dark-screen-and-pacer", test_dark_screen_and_pacer);
  g_test_add_func ("/patient-display/follows-the-plan", test_follows_the_plan);
  g_test_add_func ("/patient-display/follows-the-page", test_follows_the_page);
  g_test_add_func ("/patient-display/keys-reach-the-therapist", test_keys_reach_the_therapist);
  g_test_add_func ("/patient-display/screenshot", test_screenshot);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
