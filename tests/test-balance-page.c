/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "app/proprio-balance-page.h"
#include "core/proprio-clock.h"
#include "core/proprio-sway.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-static-test.h"
#include "exercises/proprio-weight-shift.h"
#include "widgets/proprio-cop-view.h"
#include "proprio-test-balance.h"

#define RATE_HZ  100
#define STEP_US  (G_USEC_PER_SEC / RATE_HZ)

static ProprioApplication *app;

typedef ProprioBalanceHarness Harness;

/* ---- helpers ---- */

static gpointer
child (Harness    *h,
       const char *name)
{
  return proprio_balance_harness_child (h, name);
}

static void
harness_init (Harness    *h,
              const char *spec)
{
  proprio_balance_harness_init (h, app, spec);
}

static void
harness_clear (Harness *h)
{
  proprio_balance_harness_clear (h);
}

static ProprioSample
make_sample (gint64 t_us,
             double x_mm,
             double y_mm)
{
  return proprio_balance_harness_sample (t_us, x_mm, y_mm);
}

static void
push_sway (Harness *h,
           double   seconds)
{
  proprio_balance_harness_push_sway (h, seconds);
}

static void
push_at (Harness *h,
         double   seconds,
         double   x_mm,
         double   y_mm)
{
  guint n = (guint) lround (seconds * RATE_HZ);

  for (guint i = 0; i < n; i++, h->t_us += STEP_US)
    {
      ProprioSample sample = make_sample (h->t_us, x_mm, y_mm);

      proprio_balance_page_push_samples (h->page, &sample, 1);
    }
}

static const char *
grid_text (Harness *h,
           int      column,
           int      row)
{
  GtkWidget *cell = gtk_grid_get_child_at (child (h, "results_grid"), column, row);

  g_assert_nonnull (cell);
  g_assert_true (GTK_IS_LABEL (cell));
  return gtk_label_get_label (GTK_LABEL (cell));
}

static void
assert_grid_number (Harness *h,
                    int      column,
                    int      row,
                    int      decimals,
                    double   value)
{
  g_autofree char *expected = g_strdup_printf ("%.*f", decimals, value);

  g_assert_cmpstr (grid_text (h, column, row), ==, expected);
}

static ProprioExercisePhase
phase_of (Harness                *h,
          ProprioBalanceExercise  exercise)
{
  return proprio_exercise_get_phase (proprio_balance_page_get_engine (h->page, exercise));
}

static gboolean
action_enabled (Harness    *h,
                const char *action)
{
  /* Widget actions answer through the widget's own muxer; activating a disabled one fails. */
  GtkWidget *button = child (h, g_str_equal (action, "balance.start") ? "start_button"
                                : g_str_equal (action, "balance.stop") ? "stop_button"
                                : "next_button");

  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

/* ---- tests ---- */

static void
test_device_shows_view_or_message (void)
{
  Harness h;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) emg = proprio_device_new ("sim:emg", &error);
  g_autoptr(ProprioDevice) board = proprio_device_new ("sim:balance?seed=1", &error);
  GtkStack *stack;

  g_assert_no_error (error);
  harness_init (&h, NULL);
  stack = child (&h, "stack");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-device");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL) &&
                  proprio_exercise_is_active (proprio_balance_page_get_engine (
                    h.page, PROPRIO_BALANCE_EXERCISE_STATIC)));

  proprio_station_set_device (h.station, emg);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-device");
  {
    AdwStatusPage *status = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (stack, "no-device"));

    g_assert_cmpstr (adw_status_page_get_description (status), ==,
                     "Connect a balance board: choose one in the device menu.");
  }

  proprio_station_set_device (h.station, board);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "board");
  g_assert_true (proprio_balance_page_get_device (h.page) == board);

  proprio_station_set_device (h.station, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-device");
  harness_clear (&h);
}

static void
test_settings_drive_view (void)
{
  Harness h;
  ProprioCopView *view;

  harness_init (&h, "sim:balance?seed=1");
  view = child (&h, "view");

  g_assert_false (proprio_cop_view_get_mirrored (view));
  g_settings_set_boolean (h.settings, "mirror-patient-view", TRUE);
  g_assert_true (proprio_cop_view_get_mirrored (view));
  g_settings_set_double (h.settings, "board-width-mm", 500.0);
  g_settings_set_double (h.settings, "board-length-mm", 300.0);
  g_assert_cmpfloat (proprio_cop_view_get_board_width_mm (view), ==, 500.0);
  g_assert_cmpfloat (proprio_cop_view_get_board_length_mm (view), ==, 300.0);

  harness_clear (&h);
}

static void
test_static_test_runs_and_reports (void)
{
  Harness h;
  ProprioStaticTest *engine;
  ProprioCopView *view;
  GtkLabel *prompt;
  const ProprioStaticResult *open, *closed;
  double romberg;

  harness_init (&h, "sim:balance?seed=1");
  engine = PROPRIO_STATIC_TEST (proprio_balance_page_get_engine (h.page,
                                                                  PROPRIO_BALANCE_EXERCISE_STATIC));
  view = child (&h, "view");
  prompt = child (&h, "prompt_label");

  /* The cues go through the sound path (silent where there is no audio). */
  proprio_balance_page_set_sound_enabled (h.page, TRUE);
  g_assert_true (gtk_switch_get_active (child (&h, "sound_switch")));
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&h, "settings_stack")), ==, "static");
  gtk_check_button_set_active (child (&h, "condition_check_2"), FALSE);
  gtk_check_button_set_active (child (&h, "condition_check_3"), FALSE);
  gtk_spin_button_set_value (child (&h, "duration_spin"), 1.0);
  gtk_spin_button_set_value (child (&h, "countdown_spin"), 3.0);

  g_assert_true (action_enabled (&h, "balance.start"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpuint (proprio_static_test_get_n_conditions (engine), ==, 2);
  g_assert_true (action_enabled (&h, "balance.stop"));
  g_assert_false (gtk_widget_is_sensitive (child (&h, "exercise_row")));

  /* Countdown: the prompt counts, the live CoP is hidden. */
  push_sway (&h, 0.5);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (gtk_label_get_label (prompt), ==, "Eyes open — get ready… 3");
  g_assert_false (proprio_cop_view_get_show_feedback (view));

  push_sway (&h, 2.6);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpstr (gtk_label_get_label (prompt), ==, "Eyes open — hold still");
  g_assert_false (proprio_cop_view_get_show_feedback (view));

  push_sway (&h, 1.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_PAUSED);
  g_assert_true (proprio_cop_view_get_show_feedback (view));
  g_assert_true (action_enabled (&h, "balance.next"));
  g_assert_true (gtk_widget_get_visible (child (&h, "retry_button")));

  /* The first row is there before the second condition. */
  open = proprio_static_test_get_result (engine, 0);
  g_assert_cmpint (open->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpstr (grid_text (&h, 0, 1), ==, "Eyes open");
  assert_grid_number (&h, 1, 1, 1, open->metrics.path_length_mm);
  g_assert_cmpstr (grid_text (&h, 1, 2), ==, "Not recorded");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.next", NULL));
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_WAITING);
  push_sway (&h, 3.2);
  g_assert_cmpstr (gtk_label_get_label (prompt), ==, "Eyes closed — hold still");
  push_sway (&h, 1.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_true (action_enabled (&h, "balance.start"));
  g_assert_true (gtk_widget_is_sensitive (child (&h, "exercise_row")));

  /* Results: exactly the engine's figures, as displayed. */
  open = proprio_static_test_get_result (engine, 0);
  closed = proprio_static_test_get_result (engine, 1);
  g_assert_cmpint (closed->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpfloat (open->metrics.path_length_mm, >, 10.0);
  assert_grid_number (&h, 1, 1, 1, open->metrics.path_length_mm);
  assert_grid_number (&h, 2, 1, 1, open->metrics.mean_velocity_mm_s);
  assert_grid_number (&h, 3, 1, 0, open->metrics.ellipse95.area);
  assert_grid_number (&h, 4, 1, 1, open->metrics.rms_mm);
  g_assert_cmpstr (grid_text (&h, 0, 2), ==, "Eyes closed");
  assert_grid_number (&h, 1, 2, 1, closed->metrics.path_length_mm);
  romberg = proprio_static_test_get_romberg (engine, FALSE, PROPRIO_ROMBERG_ELLIPSE_AREA, NULL);
  g_assert_true (isfinite (romberg));
  /* The analysis filter of the preferences (10 Hz by default) is applied, and said. */
  g_assert_cmpfloat (proprio_static_test_get_run_lowpass (engine), ==, 10.0);
  {
    /* Exactly what `proprio-cli metrics sway --lowpass 10` computes on the same trace. */
    ProprioSwayMetrics cli, raw;

    g_assert_true (proprio_sway_compute (open->t_us, open->x_mm, open->y_mm, open->n, 10.0, &cli,
                                         NULL));
    g_assert_true (proprio_sway_compute (open->t_us, open->x_mm, open->y_mm, open->n, 0.0, &raw,
                                         NULL));
    g_assert_cmpfloat (open->metrics.mean_velocity_mm_s, ==, cli.mean_velocity_mm_s);
    g_assert_cmpfloat (open->metrics.mean_velocity_mm_s, !=, raw.mean_velocity_mm_s);
  }
  g_assert_cmpstr (grid_text (&h, 0, 3), ==, "Sway metrics after: Low-pass 10 Hz");
  g_assert_cmpstr (grid_text (&h, 0, 4), ==, "Romberg quotient, area");
  assert_grid_number (&h, 4, 4, 2, romberg);

  /* Review: the stored trace goes on the view, frozen at its end. */
  g_assert_true (GTK_IS_BUTTON (gtk_grid_get_child_at (child (&h, "results_grid"), 5, 2)));
  g_signal_emit_by_name (gtk_grid_get_child_at (child (&h, "results_grid"), 5, 2), "clicked");
  g_assert_true (gtk_widget_get_visible (child (&h, "review_bar")));
  g_assert_cmpstr (gtk_label_get_label (child (&h, "review_label")), ==,
                   "Recorded trace: Eyes closed");
  g_assert_cmpint (proprio_cop_view_get_display_time_us (view), ==,
                   closed->t_us[closed->n - 1] + 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.live", NULL));
  g_assert_false (gtk_widget_get_visible (child (&h, "review_bar")));
  g_assert_cmpint (proprio_cop_view_get_display_time_us (view), ==, 0);

  harness_clear (&h);
}

static void
test_stop_cancels (void)
{
  Harness h;

  harness_init (&h, "sim:balance?seed=1");
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  push_sway (&h, 1.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.stop", NULL));
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==,
                   PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_true (proprio_cop_view_get_show_feedback (child (&h, "view")));
  g_assert_true (action_enabled (&h, "balance.start"));
  harness_clear (&h);
}

static GdkTexture *
render_view (Harness *h)
{
  GtkWidget *widget = child (h, "view");
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  /* The view's own drawing, as GTK takes it for a frame. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &GRAPHENE_RECT_INIT (0, 0,
                                                                 gtk_widget_get_width (widget),
                                                                 gtk_widget_get_height (widget)));
}

/* Pixels that differ between two renderings within `r_mm` of a board point. */
static guint
count_changed_near (Harness    *h,
                    GdkTexture *a,
                    GdkTexture *b,
                    double      x_mm,
                    double      y_mm,
                    double      r_mm)
{
  ProprioCopView *view = child (h, "view");
  int width = gdk_texture_get_width (a);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *pa = g_malloc (stride * gdk_texture_get_height (a));
  g_autofree guint32 *pb = g_malloc (stride * gdk_texture_get_height (a));
  double x0, y0, x1, y1;
  guint changed = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  gdk_texture_download (a, (guchar *) pa, stride);
  gdk_texture_download (b, (guchar *) pb, stride);

  g_assert_true (proprio_cop_view_board_to_widget (view, x_mm - r_mm, y_mm + r_mm, &x0, &y0));
  g_assert_true (proprio_cop_view_board_to_widget (view, x_mm + r_mm, y_mm - r_mm, &x1, &y1));
  for (int y = (int) MIN (y0, y1); y <= (int) MAX (y0, y1); y++)
    for (int x = (int) MIN (x0, x1); x <= (int) MAX (x0, x1); x++)
      if (pa[(gsize) y * width + x] != pb[(gsize) y * width + x])
        changed++;
  return changed;
}

static void
test_weight_shift_click_and_session (void)
{
  Harness h;
  ProprioWeightShift *engine;
  ProprioWeightShiftSummary summary;
  const ProprioTarget *targets;
  guint n_targets = 0;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;

  harness_init (&h, "sim:balance?seed=1");
  engine = PROPRIO_WEIGHT_SHIFT (proprio_balance_page_get_engine (
    h.page, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT));
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT);
  proprio_test_wait_ms (100);

  /* The preset's two targets are on the view. */
  targets = proprio_exercise_get_targets (PROPRIO_EXERCISE (engine), &n_targets);
  g_assert_cmpuint (n_targets, ==, 2);
  g_assert_cmpfloat (targets[0].x_mm, ==, -80.0);

  gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.clear-targets", NULL);
  before = render_view (&h);
  g_signal_emit_by_name (child (&h, "view"), "board-clicked", 60.0, 40.0);
  proprio_test_wait_ms (50);
  after = render_view (&h);

  targets = proprio_exercise_get_targets (PROPRIO_EXERCISE (engine), &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpfloat (targets[0].x_mm, ==, 60.0);
  g_assert_cmpfloat (targets[0].y_mm, ==, 40.0);
  g_assert_cmpint (proprio_weight_shift_get_preset (engine), ==, PROPRIO_WEIGHT_SHIFT_CUSTOM);
  g_assert_cmpuint (adw_combo_row_get_selected (child (&h, "preset_row")), ==,
                    PROPRIO_WEIGHT_SHIFT_CUSTOM);
  /* The view draws the new target where it was clicked. */
  g_assert_cmpuint (count_changed_near (&h, before, after, 60.0, 40.0, 25.0), >, 20);
  g_assert_cmpuint (count_changed_near (&h, before, after, -60.0, -40.0, 25.0), ==, 0);

  /* A session: one target, reached after 0.5 s and held for the dwell. */
  gtk_spin_button_set_value (child (&h, "dwell_spin"), 0.5);
  gtk_spin_button_set_value (child (&h, "countdown_spin"), 3.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  push_at (&h, 3.5, 0.0, 0.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT), ==,
                   PROPRIO_EXERCISE_PHASE_RUNNING);
  push_at (&h, 1.0, 60.0, 40.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);

  proprio_weight_shift_get_summary (engine, &summary);
  g_assert_cmpuint (summary.n_hits, ==, 1);
  g_assert_cmpstr (grid_text (&h, 4, 1), ==, "1 of 1");
  assert_grid_number (&h, 4, 2, 2, summary.mean_time_to_target_s);
  assert_grid_number (&h, 4, 4, 0, summary.score);
  g_assert_cmpstr (grid_text (&h, 1, 7), ==, "Hit");
  proprio_test_wait_ms (200);
  {
    g_autoptr(GdkTexture) texture = proprio_test_render_widget (h.window);
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "balance-page-weight-shift.png",
                                                   NULL);

    g_assert_true (gdk_texture_save_to_png (texture, path));
  }

  harness_clear (&h);
}

static void
test_los_results_table (void)
{
  Harness h;
  ProprioLosTest *engine;
  double polygon[2 * PROPRIO_N_DIRECTIONS];

  harness_init (&h, "sim:balance?seed=1");
  engine = PROPRIO_LOS_TEST (proprio_balance_page_get_engine (h.page, PROPRIO_BALANCE_EXERCISE_LOS));
  proprio_los_test_set_hold (engine, 1.0);
  proprio_los_test_set_trial_duration (engine, 2.0);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_LOS);
  g_assert_cmpstr (grid_text (&h, 1, 1), ==, "Not tested");
  g_assert_false (gtk_widget_is_sensitive (child (&h, "scale_row")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      double target = proprio_los_test_get_target_distance (engine, k);
      double ux, uy;

      proprio_direction_get_unit (k, &ux, &uy);
      /* Hold still, then after 0.2 s lean to 80 % of the target over 0.5 s and stay. */
      push_at (&h, 1.0, 0.0, 0.0);
      g_assert_cmpint (proprio_los_test_get_current (engine), ==, (int) k);
      push_at (&h, 0.2, 0.0, 0.0);
      for (guint i = 1; i <= 50; i++)
        push_at (&h, 0.01, 0.8 * target * ux * i / 50.0, 0.8 * target * uy * i / 50.0);
      push_at (&h, 1.3, 0.8 * target * ux, 0.8 * target * uy);
    }
  push_at (&h, 0.1, 0.0, 0.0);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_LOS), ==, PROPRIO_EXERCISE_PHASE_DONE);

  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      const ProprioLosResult *result = proprio_los_test_get_result (engine, k);

      g_assert_cmpint (result->status, ==, PROPRIO_LOS_STATUS_DONE);
      g_assert_cmpstr (grid_text (&h, 0, (int) k + 1), ==, proprio_direction_get_name (k));
      assert_grid_number (&h, 1, (int) k + 1, 2, result->metrics.reaction_time_s);
      assert_grid_number (&h, 4, (int) k + 1, 0, result->metrics.max_excursion_pct);
      g_assert_cmpstr (grid_text (&h, 4, (int) k + 1), ==, "80");
      assert_grid_number (&h, 5, (int) k + 1, 0, result->metrics.directional_control_pct);
    }
  g_assert_true (proprio_los_test_get_polygon (engine, polygon));

  /* Weight shift can now scale its targets to these limits. */
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT);
  g_assert_true (gtk_widget_is_sensitive (child (&h, "scale_row")));
  gtk_switch_set_active (child (&h, "scale_switch"), TRUE);
  g_assert_true (proprio_weight_shift_has_limits (PROPRIO_WEIGHT_SHIFT (
    proprio_balance_page_get_engine (h.page, PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT))));
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_LOS);

  {
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "balance-page-los.png", NULL);

    proprio_test_wait_ms (100);
    texture = proprio_test_render_widget (h.window);
    g_assert_true (gdk_texture_save_to_png (texture, path));
  }
  harness_clear (&h);
}

static gboolean
engine_counting (gpointer data)
{
  Harness *h = data;

  return phase_of (h, PROPRIO_BALANCE_EXERCISE_STATIC) == PROPRIO_EXERCISE_PHASE_COUNTDOWN;
}

/* The real path: the simulated board's samples reach the engine through the ring each frame. */
static void
test_simulated_board_feeds_engine (void)
{
  Harness h;
  ProprioDeviceHealth health;
  ProprioDevice *device;

  harness_init (&h, "sim:balance?seed=1");
  device = proprio_balance_page_get_device (h.page);
  proprio_device_connect (device);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_true (proprio_test_wait_until (engine_counting, &h, 10000));
  proprio_device_get_health (device, &health);
  g_assert_cmpuint (health.ring_overflows, ==, 0);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (proprio_balance_page_get_engine (
    h.page, PROPRIO_BALANCE_EXERCISE_STATIC)), ==, 0);
  proprio_device_disconnect (device);
  harness_clear (&h);
}

static gboolean
static_test_done (gpointer data)
{
  return phase_of (data, PROPRIO_BALANCE_EXERCISE_STATIC) == PROPRIO_EXERCISE_PHASE_DONE;
}

/* The therapist switches to another work area during a test: the test goes on without frames and
 * finishes on time. */
static void
test_runs_on_while_hidden (void)
{
  Harness h;
  ProprioDevice *device;
  ProprioStaticTest *engine;
  const ProprioStaticResult *result;

  harness_init (&h, "sim:balance?seed=2");
  device = proprio_balance_page_get_device (h.page);
  proprio_device_connect (device);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_check_button_set_active (child (&h, "condition_check_1"), FALSE);
  gtk_check_button_set_active (child (&h, "condition_check_2"), FALSE);
  gtk_check_button_set_active (child (&h, "condition_check_3"), FALSE);
  gtk_spin_button_set_value (child (&h, "duration_spin"), 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_true (proprio_test_wait_until (engine_counting, &h, 10000));

  gtk_widget_set_visible (GTK_WIDGET (h.page), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (h.page)));
  /* Countdown (3 s) and one second of recording, with no frame drawn. */
  g_assert_true (proprio_test_wait_until (static_test_done, &h, 8000));

  engine = PROPRIO_STATIC_TEST (proprio_balance_page_get_engine (h.page,
                                                                 PROPRIO_BALANCE_EXERCISE_STATIC));
  result = proprio_static_test_get_result (engine, 0);
  /* 1 s at 100 Hz: 100 samples, give or take the one at each edge. */
  g_assert_cmpuint (result->metrics.n, >=, 99);
  g_assert_cmpuint (result->metrics.n, <=, 101);

  gtk_widget_set_visible (GTK_WIDGET (h.page), TRUE);
  proprio_device_disconnect (device);
  harness_clear (&h);
}

static void
test_screenshot (void)
{
  Harness h;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "balance-page.png", NULL);

  harness_init (&h, "sim:balance?seed=1");
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_check_button_set_active (child (&h, "condition_check_2"), FALSE);
  gtk_check_button_set_active (child (&h, "condition_check_3"), FALSE);
  gtk_spin_button_set_value (child (&h, "duration_spin"), 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  push_sway (&h, 4.2);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.next", NULL);
  push_sway (&h, 4.2);
  g_assert_cmpint (phase_of (&h, PROPRIO_BALANCE_EXERCISE_STATIC), ==, PROPRIO_EXERCISE_PHASE_DONE);
  /* Live samples again, as the board would send them now. */
  h.t_us = proprio_clock_now_us () - 2 * G_USEC_PER_SEC;
  push_sway (&h, 2.0);
  proprio_test_wait_ms (200);

  texture = proprio_test_render_widget (h.window);
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 16);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);

  /* The dark style: text and backgrounds follow the style, nothing hard-coded stays light. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  proprio_test_wait_ms (300);
  g_clear_object (&texture);
  texture = proprio_test_render_widget (h.window);
  g_clear_pointer (&path, g_free);
  path = g_test_build_filename (G_TEST_BUILT, "balance-page-dark.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  /* The side panel's background (right edge, near the bottom) is dark. */
  {
    guint32 px = proprio_test_pixel (texture, gdk_texture_get_width (texture) - 4,
                                     gdk_texture_get_height (texture) - 4);

    g_assert_cmpuint ((px >> 16) & 0xff, <, 0x60);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
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

  g_test_add_func ("/balance-page/device-shows-view-or-message", test_device_shows_view_or_message);
  g_test_add_func ("/balance-page/settings-drive-view", test_settings_drive_view);
  g_test_add_func ("/balance-page/static-test-runs-and-reports", test_static_test_runs_and_reports);
  g_test_add_func ("/balance-page/stop-cancels", test_stop_cancels);
  g_test_add_func ("/balance-page/weight-shift-click-and-session",
                   test_weight_shift_click_and_session);
  g_test_add_func ("/balance-page/los-results-table", test_los_results_table);
  g_test_add_func ("/balance-page/runs-on-while-hidden", test_runs_on_while_hidden);
  g_test_add_func ("/balance-page/simulated-board-feeds-engine", test_simulated_board_feeds_engine);
  g_test_add_func ("/balance-page/screenshot", test_screenshot);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
