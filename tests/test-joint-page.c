/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Joint position page in a real window under Xvfb: the simulated goniometer (sim:angle on a
 * pty, the reader thread, the station) runs a short protocol to the end with the simulated
 * patient; the dial is hidden and "Eyes closed" shown while reproducing; the results fill the
 * tables and the plot; Space starts and registers through the window. PROPRIO_SCREENSHOT=FILE
 * saves the README's picture of the page in the middle of a 6-trial knee test. */
#include "config.h"

#include <math.h>

#include "app/proprio-joint-page-private.h"
#include "app/proprio-window-private.h"
#include "video/proprio-sim-camera.h"
#include "widgets/proprio-marker-picker.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

typedef struct
{
  ProprioWindow      *window;
  ProprioStation     *station;
  ProprioJointPage   *page;
  ProprioJpsProtocol *jps;
} Harness;

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
harness_init (Harness    *h,
              const char *spec)
{
  g_autoptr(GError) error = NULL;

  h->station = proprio_application_get_station (app);
  g_assert_true (proprio_station_set_device_spec (h->station, spec, &error));
  g_assert_no_error (error);
  h->window = proprio_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1200, 800);
  proprio_window_set_view (h->window, "joint");
  gtk_window_present (GTK_WINDOW (h->window));
  g_assert_true (proprio_test_wait_until (is_drawn, h->window, 5000));
  h->page = h->window->joint;
  g_assert_nonnull (h->page);
  h->jps = proprio_joint_page_get_engine (h->page);
  g_assert_true (PROPRIO_EXERCISE (h->jps) ==
                 proprio_station_get_engine (h->station, "jps-protocol"));
}

static void
harness_clear (Harness *h)
{
  GtkWidget *weak = GTK_WIDGET (h->window);

  proprio_station_stop (h->station);
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
}

/* Short phases, so a run takes seconds; the simulated patient needs ~2.5 s per reproduction. */
static void
configure_short (Harness *h,
                 guint    trials_per_target)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (h->jps);
  static const double targets[] = { 45.0, 60.0 };
  static const double start[] = { 90.0 };

  proprio_match_exercise_set_targets (match, targets, 2);
  proprio_match_exercise_set_trials_per_target (match, trials_per_target);
  proprio_match_exercise_set_order (match, PROPRIO_MATCH_ORDER_CYCLED, 1);
  proprio_match_exercise_set_memorise (match, PROPRIO_MATCH_MEMORISE_AT_TARGET, 1.0, 3.0);
  proprio_match_exercise_set_register (match, PROPRIO_MATCH_REGISTER_STILL, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (match, PROPRIO_MATCH_FEEDBACK_ALWAYS, NULL, 0, 0);
  /* Two seconds back to the start: the simulated patient needs about 1.5 s to get there. */
  proprio_match_exercise_set_timing (match, 0.0, 2.0, 15.0, 0.5, 0.5);
  proprio_match_exercise_set_start (match, start);
}

static gboolean
streams_angles (gpointer data)
{
  Harness *h = data;

  return (h->page->is_angle || h->page->use_camera) && isfinite (h->page->live_angle);
}

static gboolean
is_reproducing (gpointer data)
{
  Harness *h = data;

  return proprio_match_exercise_get_stage (PROPRIO_MATCH_EXERCISE (h->jps)) ==
         PROPRIO_MATCH_STAGE_REPRODUCE;
}

static gboolean
is_memorising (gpointer data)
{
  Harness *h = data;

  return proprio_match_exercise_get_stage (PROPRIO_MATCH_EXERCISE (h->jps)) ==
         PROPRIO_MATCH_STAGE_MEMORISE;
}

static gboolean
is_done (gpointer data)
{
  Harness *h = data;

  return proprio_exercise_get_phase (PROPRIO_EXERCISE (h->jps)) == PROPRIO_EXERCISE_PHASE_DONE;
}

static guint
grid_rows (GtkGrid *grid)
{
  int max_row = -1;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (grid)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      int row;

      gtk_grid_query_child (grid, c, NULL, &row, NULL, NULL);
      max_row = MAX (max_row, row);
    }
  return (guint) (max_row + 1);
}

static const char *
cell_text (GtkGrid *grid,
           int      column,
           int      row)
{
  GtkWidget *cell = gtk_grid_get_child_at (grid, column, row);

  g_assert_true (GTK_IS_LABEL (cell));
  return gtk_label_get_text (GTK_LABEL (cell));
}

/* Not an angle device: the page says what to connect. */
static void
test_no_angle_device (void)
{
  Harness h;

  harness_init (&h, "sim:balance");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "no-device");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL) &&
                  proprio_station_is_running (h.station));
  g_assert_false (proprio_station_is_running (h.station));
  harness_clear (&h);
}

/* The dial as it is now: its snapshot, rendered by the window's renderer (no frame in between,
 * so the angle read is the one drawn). */
static GdkTexture *
render_dial (Harness *h)
{
  GtkWidget *dial = GTK_WIDGET (h->page->dial);
  int width = gtk_widget_get_width (dial), height = gtk_widget_get_height (dial);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (dial)->snapshot (dial, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (h->window)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The accent's blue (#3584e4 in the default style), not the dial's greys or the page behind. */
static gboolean
is_needle_blue (guint32 argb)
{
  guint r = (argb >> 16) & 0xff, g = (argb >> 8) & 0xff, b = argb & 0xff;

  return (argb >> 24) == 0xff && b > 0xc0 && r < 0x70 && g > 0x60 && g < 0xa0;
}

/* proprio_angle_dial_needle_to_widget () is where the needle is drawn: halfway along it at the
 * current angle the pixel is the needle's, where another angle's needle would be it is not. */
static void
assert_needle_where_drawn (Harness *h)
{
  ProprioAngleDial *dial = h->page->dial;
  double angle = proprio_angle_dial_get_angle (dial);
  double other = angle < 90.0 ? angle + 60.0 : angle - 60.0;
  double x, y, hub_x, hub_y, tip_x, tip_y;
  g_autoptr(GdkTexture) texture = render_dial (h);

  g_assert_true (proprio_angle_dial_needle_to_widget (dial, angle, 0.5, &x, &y));
  g_test_message ("needle at %.1f°: halfway at %.1f, %.1f", angle, x, y);
  g_assert_true (is_needle_blue (proprio_test_pixel (texture, (int) lround (x),
                                                     (int) lround (y))));
  g_assert_true (proprio_angle_dial_needle_to_widget (dial, other, 0.5, &x, &y));
  g_assert_false (is_needle_blue (proprio_test_pixel (texture, (int) lround (x),
                                                      (int) lround (y))));
  /* The hub and the tip: the fraction runs along the needle, clamped to it. */
  g_assert_true (proprio_angle_dial_needle_to_widget (dial, angle, 0.0, &hub_x, &hub_y));
  g_assert_true (proprio_angle_dial_needle_to_widget (dial, angle, 1.0, &tip_x, &tip_y));
  g_assert_true (proprio_angle_dial_needle_to_widget (dial, angle, 2.0, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, tip_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, tip_y, 1e-9);
  g_assert_cmpfloat (tip_y, <, hub_y);     /* the dial is the upper half circle */
}

/* A short protocol on sim:angle runs to the end: the dial hides in the reproduction, "Eyes
 * closed" covers it, and the tables and the plot fill with the trials. */
static void
test_short_protocol (void)
{
  Harness h;
  ProprioMatchExercise *match;
  ProprioJpsMetrics overall;

  harness_init (&h, "sim:angle");
  match = PROPRIO_MATCH_EXERCISE (h.jps);
  g_assert_true (proprio_test_wait_until (streams_angles, &h, 10000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "joint");
  g_assert_true (proprio_angle_dial_get_show_angle (h.page->dial));
  g_assert_true (isfinite (proprio_angle_dial_get_angle (h.page->dial)));
  assert_needle_where_drawn (&h);
  configure_short (&h, 1);

  /* Space on the Joint position page starts its protocol, whatever was chosen elsewhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.window), "win.exercise-toggle", NULL));
  g_assert_true (proprio_station_get_running (h.station) == PROPRIO_EXERCISE (h.jps));
  g_assert_cmpstr (proprio_station_get_exercise_id (h.station), ==, "jps-protocol");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h.page->stop_button)));

  g_assert_true (proprio_test_wait_until (is_memorising, &h, 20000));
  g_assert_true (isfinite (proprio_angle_dial_get_target (h.page->dial)));
  g_assert_false (gtk_widget_get_visible (h.page->cover));

  g_assert_true (proprio_test_wait_until (is_reproducing, &h, 30000));
  g_assert_false (proprio_exercise_get_feedback_visible (PROPRIO_EXERCISE (h.jps)));
  g_assert_false (proprio_angle_dial_get_show_angle (h.page->dial));
  g_assert_true (isnan (proprio_angle_dial_get_target (h.page->dial)));
  g_assert_true (gtk_widget_get_visible (h.page->cover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h.page->cover_label)));
  g_assert_cmpstr (gtk_label_get_text (h.page->cover_label), ==, "Eyes closed");

  g_assert_true (proprio_test_wait_until (is_done, &h, 60000));
  g_assert_false (gtk_widget_get_visible (h.page->cover));
  g_assert_true (proprio_angle_dial_get_show_angle (h.page->dial));
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (match), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      g_test_message ("trial %u: target %.0f°, reproduced %.1f°, %s", t->index, t->target[0],
                      t->reproduced[0], proprio_match_validity_to_string (t->validity));
    }
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (match), ==, 2);

  /* The table: a header and two trials; the summary: a header, two targets, all targets. */
  g_assert_cmpuint (grid_rows (h.page->trials_grid), ==, 3);
  g_assert_cmpstr (cell_text (h.page->trials_grid, 0, 1), ==, "1");
  g_assert_cmpstr (cell_text (h.page->trials_grid, 0, 2), ==, "2");
  g_assert_cmpuint (grid_rows (h.page->summary_grid), ==, 4);
  proprio_jps_protocol_get_metrics (h.jps, -1, &overall);
  {
    char expected[32];

    g_snprintf (expected, sizeof expected, "%.1f", overall.ae_deg);
    g_assert_cmpstr (cell_text (h.page->summary_grid, 2, 3), ==, expected);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h.page->plot)));
  g_assert_cmpuint (proprio_error_plot_get_n_points (h.page->plot), ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (h.page->results_placeholder)));
  /* The run's result is the station's. */
  {
    GListModel *results = proprio_station_get_results (h.station);
    g_autoptr(ProprioExerciseResult) last =
      g_list_model_get_item (results, g_list_model_get_n_items (results) - 1);

    g_assert_cmpstr (proprio_exercise_result_get_id (last), ==, "jps-protocol");
  }
  harness_clear (&h);
}

/* Space registers in the reproduction (it never stops the protocol); the dark screen setting
 * blacks the dial out without words. */
static void
test_space_registers_dark_screen (void)
{
  Harness h;
  GSettings *settings = proprio_application_get_settings (app);
  const ProprioMatchTrial *trial;

  g_settings_set_string (settings, "joint-reproduce-screen", "dark");
  harness_init (&h, "sim:angle");
  g_assert_cmpuint (adw_combo_row_get_selected (h.page->screen_row), ==, 1);
  g_assert_true (proprio_test_wait_until (streams_angles, &h, 10000));
  configure_short (&h, 1);
  proprio_match_exercise_set_register (PROPRIO_MATCH_EXERCISE (h.jps), PROPRIO_MATCH_REGISTER_KEY,
                                       2.0, 1.0, 5.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_true (proprio_test_wait_until (is_reproducing, &h, 30000));
  g_assert_true (gtk_widget_get_visible (h.page->cover));
  g_assert_true (gtk_widget_has_css_class (h.page->cover, "joint-dark"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (h.page->cover_label)));
  proprio_test_wait_ms (3000);
  g_assert_true (is_reproducing (&h));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.window), "win.exercise-toggle", NULL));
  g_assert_true (proprio_station_is_running (h.station));
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (PROPRIO_MATCH_EXERCISE (h.jps)), ==, 1);
  trial = proprio_match_exercise_get_trial (PROPRIO_MATCH_EXERCISE (h.jps), 0);
  g_assert_cmpint (trial->registered_by, ==, PROPRIO_MATCH_REGISTERED_KEY);
  g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_VALID);
  /* Escape stops. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.window), "win.exercise-stop", NULL));
  g_assert_false (proprio_station_is_running (h.station));
  g_settings_reset (settings, "joint-reproduce-screen");
  harness_clear (&h);
}

/* Capture: the current angle becomes a target; the settings panel follows the engine. */
static void
test_capture_target (void)
{
  Harness h;
  ProprioMatchExercise *match;
  double angle, captured;
  guint n;

  harness_init (&h, "sim:angle");
  match = PROPRIO_MATCH_EXERCISE (h.jps);
  g_assert_true (proprio_test_wait_until (streams_angles, &h, 10000));
  n = proprio_match_exercise_get_n_targets (match);
  angle = h.page->live_angle;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.capture", NULL));
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (match), ==, n + 1);
  proprio_match_exercise_get_target (match, n, &captured);
  /* Within what the limb moved meanwhile. */
  g_assert_cmpfloat (fabs (captured - angle), <, 10.0);
  g_assert_cmpfloat (fabs (captured * 10.0 - round (captured * 10.0)), <, 1e-9);
  {
    GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (h.page->targets_list));
    g_autofree char *title = g_strdup_printf ("Target %u (°)", n + 1);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (last)), ==, title);
  }
  /* Back to the two defaults for the other tests. */
  {
    static const double targets[] = { 45.0, 60.0 };

    proprio_match_exercise_set_targets (match, targets, 2);
  }
  harness_clear (&h);
}

/* The camera as the angle source, on the simulated camera (a seated leg with three markers, its
 * knee following the protocol through the station): the tracked picture replaces the dial, the
 * page holds the camera while it shows it, a short protocol runs to the end from the tracked
 * angle, and the picture's angle is hidden while reproducing. */
static void
test_camera_source (void)
{
  Harness h;
  ProprioMatchExercise *match;
  ProprioCamera *camera;
  static const double targets[] = { 135.0, 120.0 };
  gboolean hidden_in_reproduce = FALSE;

  harness_init (&h, "sim:balance");
  camera = proprio_station_get_camera (h.station);
  proprio_camera_monitor_set_use_portal (proprio_station_get_camera_monitor (h.station), FALSE);
  g_assert_true (proprio_camera_set_spec (camera, "sim", NULL));
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      proprio_sim_camera_get_marker_color (m, &hsv);
      proprio_camera_set_marker_color (camera, m, &hsv);
    }
  match = PROPRIO_MATCH_EXERCISE (h.jps);
  /* No angle device: the page says so and offers the camera. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "no-device");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.use-camera", NULL));
  g_assert_cmpint (proprio_station_get_angle_source (h.station), ==, PROPRIO_ANGLE_SOURCE_CAMERA);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "joint");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->view_stack), ==, "camera");
  g_assert_true (PROPRIO_IS_MARKER_PICKER (h.page->picker));
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), >=, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (h.page->source_combo), ==, 1);
  /* The tracked angle reaches the page. */
  g_assert_true (proprio_test_wait_until (streams_angles, &h, 20000));

  configure_short (&h, 1);
  proprio_match_exercise_set_targets (match, targets, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_true (proprio_station_get_running (h.station) == PROPRIO_EXERCISE (h.jps));
  while (!is_done (&h) && proprio_test_wait_until (is_reproducing, &h, 30000))
    {
      hidden_in_reproduce |=
        !proprio_marker_picker_get_show_angle (PROPRIO_MARKER_PICKER (h.page->picker));
      proprio_test_wait_until (is_memorising, &h, 30000);
      if (proprio_match_exercise_get_n_trials (match) >= 2)
        break;
    }
  g_assert_true (proprio_test_wait_until (is_done, &h, 60000));
  g_assert_true (hidden_in_reproduce);
  g_assert_true (proprio_marker_picker_get_show_angle (PROPRIO_MARKER_PICKER (h.page->picker)));
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (match), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      g_test_message ("camera trial %u: target %.0f°, reproduced %.1f°, %s", t->index,
                      t->target[0], t->reproduced[0],
                      proprio_match_validity_to_string (t->validity));
      g_assert_cmpint (t->validity, ==, PROPRIO_MATCH_VALID);
      g_assert_cmpfloat (fabs (t->error[0]), <, 12.0);
    }

  /* Back to the device: the page lets the camera go. */
  g_assert_cmpuint (adw_combo_row_get_selected (h.page->source_combo), ==, 1);
  adw_combo_row_set_selected (h.page->source_combo, 0);
  g_assert_cmpint (proprio_station_get_angle_source (h.station), ==, PROPRIO_ANGLE_SOURCE_DEVICE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "no-device");
  g_assert_false (h.page->holds_camera);
  {
    static const double defaults[] = { 45.0, 60.0 };

    proprio_match_exercise_set_targets (match, defaults, 2);
  }
  g_assert_true (proprio_camera_set_spec (camera, "none", NULL));
  harness_clear (&h);
}

static gboolean
trials_done (gpointer data)
{
  Harness *h = data;

  return proprio_match_exercise_get_n_trials (PROPRIO_MATCH_EXERCISE (h->jps)) >= 4 &&
         is_memorising (data);
}

/* The README's picture: a 6-trial knee test with faded feedback, memorising trial 5. */
static void
test_screenshot (void)
{
  const char *wanted = g_getenv ("PROPRIO_SCREENSHOT");
  ProprioMatchExercise *match;
  g_autoptr(GdkTexture) texture = NULL;
  Harness h;

  if (wanted == NULL)
    {
      g_test_skip ("set PROPRIO_SCREENSHOT=FILE to make the README's picture");
      return;
    }
  harness_init (&h, "sim:angle");
  match = PROPRIO_MATCH_EXERCISE (h.jps);
  g_assert_true (proprio_test_wait_until (streams_angles, &h, 10000));
  configure_short (&h, 3);
  proprio_match_exercise_set_order (match, PROPRIO_MATCH_ORDER_RANDOM, 1);
  proprio_match_exercise_set_feedback (match, PROPRIO_MATCH_FEEDBACK_FADED,
                                       (double[]) { 100.0, 50.0, 0.0 }, 3, 2);
  proprio_match_exercise_set_memorise (match, PROPRIO_MATCH_MEMORISE_AT_TARGET, 3.0, 3.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_true (proprio_test_wait_until (trials_done, &h, 120000));
  proprio_test_wait_ms (1800);
  texture = proprio_test_render_widget (GTK_WIDGET (h.window));
  g_assert_true (gdk_texture_save_to_png (texture, wanted));
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/joint-page/no-angle-device", test_no_angle_device);
  g_test_add_func ("/joint-page/short-protocol-on-sim-angle", test_short_protocol);
  g_test_add_func ("/joint-page/space-registers-dark-screen", test_space_registers_dark_screen);
  g_test_add_func ("/joint-page/capture-target", test_capture_target);
  g_test_add_func ("/joint-page/camera-source-on-sim-camera", test_camera_source);
  g_test_add_func ("/joint-page/screenshot", test_screenshot);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
