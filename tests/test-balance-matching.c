/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CoP position matching on the Balance page, with scripted samples: the targets placed by
 * clicking the board, the dot shown while memorising and hidden while reproducing, and the
 * radial errors in the results. */
#include "config.h"

#include <math.h>

#include "app/proprio-balance-page-private.h"
#include "widgets/proprio-match-settings.h"
#include "proprio-test-balance.h"

static ProprioApplication *app;

typedef ProprioBalanceHarness Harness;

static void
push_at (Harness *h,
         double   seconds,
         double   x_mm,
         double   y_mm)
{
  guint n = (guint) lround (seconds * PROPRIO_BALANCE_HARNESS_RATE_HZ);

  for (guint i = 0; i < n; i++, h->t_us += PROPRIO_BALANCE_HARNESS_STEP_US)
    {
      ProprioSample sample = proprio_balance_harness_sample (h->t_us, x_mm, y_mm);

      proprio_balance_page_push_samples (h->page, &sample, 1);
    }
}

static ProprioMatchStage
stage (Harness *h)
{
  return proprio_match_exercise_get_stage (PROPRIO_MATCH_EXERCISE (h->page->cop_matching));
}

static gboolean
push_until (Harness           *h,
            double             x_mm,
            double             y_mm,
            ProprioMatchStage  wanted,
            double             max_s)
{
  for (guint i = 0; i < (guint) (max_s * 10) && stage (h) != wanted; i++)
    push_at (h, 0.1, x_mm, y_mm);
  return stage (h) == wanted;
}

static void
test_matching_on_the_page (void)
{
  Harness h;
  ProprioMatchExercise *match;
  guint n_targets = 0;
  const ProprioTarget *targets;
  GtkWidget *cell;

  proprio_balance_harness_init (&h, app, "sim:balance");
  match = PROPRIO_MATCH_EXERCISE (h.page->cop_matching);
  proprio_balance_page_set_exercise (h.page, PROPRIO_BALANCE_EXERCISE_MATCHING);
  g_assert_cmpstr (proprio_station_get_exercise_id (h.station), ==, "cop-matching");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->settings_stack), ==, "matching");
  /* The settings of the protocol are shown, as on the Joint position page. */
  g_assert_true (PROPRIO_IS_MATCH_SETTINGS (h.page->matching_settings));
  g_assert_true (gtk_widget_is_ancestor (h.page->matching_settings,
                                         GTK_WIDGET (h.page->settings_stack)));

  /* Cleared, nothing to start; two clicks place two targets. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.clear-targets", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_false (proprio_station_is_running (h.station));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (h.page->message_label)));
  g_signal_emit_by_name (h.page->view, "board-clicked", 60.0, 0.0);
  g_signal_emit_by_name (h.page->view, "board-clicked", -40.0, 30.0);
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (match), ==, 2);
  g_assert_cmpstr (gtk_label_get_text (h.page->matching_targets_label), ==,
                   "2 targets: click the board to add one.");

  proprio_match_exercise_set_trials_per_target (match, 1);
  proprio_match_exercise_set_order (match, PROPRIO_MATCH_ORDER_BLOCKED, 1);
  proprio_match_exercise_set_memorise (match, PROPRIO_MATCH_MEMORISE_AT_TARGET, 1.0, 15.0);
  proprio_match_exercise_set_feedback (match, PROPRIO_MATCH_FEEDBACK_ALWAYS, NULL, 0, 0);
  proprio_match_exercise_set_timing (match, 0.0, 1.0, 10.0, 1.0, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.start", NULL));
  g_assert_true (proprio_station_is_running (h.station));
  /* While it runs the settings cannot change. */
  g_assert_false (gtk_widget_get_sensitive (h.page->matching_settings));

  g_assert_true (push_until (&h, 0.0, 0.0, PROPRIO_MATCH_STAGE_MEMORISE, 2));
  g_assert_true (proprio_cop_view_get_show_feedback (h.page->view));
  targets = proprio_exercise_get_targets (PROPRIO_EXERCISE (h.page->cop_matching), &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpfloat (targets[0].x_mm, ==, 60.0);
  g_assert_true (push_until (&h, 60.0, 0.0, PROPRIO_MATCH_STAGE_RETURN, 3));
  g_assert_true (push_until (&h, 0.0, 0.0, PROPRIO_MATCH_STAGE_REPRODUCE, 3));
  /* The dot is hidden, and the weight-bearing gauges with it: the patient reproduces from
   * memory. */
  g_assert_false (proprio_cop_view_get_show_feedback (h.page->view));
  g_assert_false (proprio_cop_view_get_show_bars (h.page->view));
  g_assert_true (push_until (&h, 51.0, 12.0, PROPRIO_MATCH_STAGE_RESULT, 3));
  g_assert_true (proprio_cop_view_get_show_feedback (h.page->view));
  g_assert_true (proprio_cop_view_get_show_bars (h.page->view));

  g_assert_true (push_until (&h, -40.0, 30.0, PROPRIO_MATCH_STAGE_RETURN, 5));
  g_assert_true (push_until (&h, 0.0, 0.0, PROPRIO_MATCH_STAGE_REPRODUCE, 3));
  g_assert_true (push_until (&h, -40.0, 50.0, PROPRIO_MATCH_STAGE_RESULT, 3));
  push_at (&h, 1.5, 0.0, 0.0);
  g_assert_false (proprio_station_is_running (h.station));
  g_assert_true (gtk_widget_get_sensitive (h.page->matching_settings));

  /* Radial errors 15 (9, 12) and 20 mm: the first target row, then all targets (17.5 → 18). */
  cell = gtk_grid_get_child_at (h.page->results_grid, 1, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "15");
  cell = gtk_grid_get_child_at (h.page->results_grid, 1, 2);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "20");
  cell = gtk_grid_get_child_at (h.page->results_grid, 0, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "All targets");
  cell = gtk_grid_get_child_at (h.page->results_grid, 1, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "18");
  /* After the run, the whole layout shows again. */
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (match), ==, 2);
  proprio_balance_harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();
  g_test_add_func ("/balance-matching/on-the-page", test_matching_on_the_page);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
