/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-balance-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"

#include "widgets/proprio-match-settings.h"

#include "proprio-balance-page-private.h"

static const char *
idle_prompt (ProprioBalanceExercise exercise)
{
  switch (exercise)
    {
    case PROPRIO_BALANCE_EXERCISE_STATIC:       return _("Static balance test");
    case PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT: return _("Weight shift");
    case PROPRIO_BALANCE_EXERCISE_LOS:          return _("Limits of stability");
    case PROPRIO_BALANCE_EXERCISE_MATCHING:     return _("Position matching");
    case PROPRIO_BALANCE_EXERCISE_LIVE:
    default:
      return _("Live view");
    }
}

static gboolean
engine_is_active (ProprioBalancePage *self)
{
  return proprio_balance_page_is_running (self);
}

/* ---- what the view shows ---- */

static gboolean
polygon_wanted (ProprioBalancePage *self)
{
  return self->exercise == PROPRIO_BALANCE_EXERCISE_LOS ||
         (self->exercise == PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT &&
          gtk_switch_get_active (self->scale_switch));
}

/* Position matching shows its targets only one at a time while it runs; before, all of them, so
 * the therapist sees what they placed. */
static gboolean
show_matching_layout (ProprioBalancePage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->cop_matching);
  g_autoptr(GVariant) settings = NULL;
  double tolerance = 15.0;
  guint n;

  if (self->exercise != PROPRIO_BALANCE_EXERCISE_MATCHING || self->review >= 0 ||
      proprio_exercise_is_active (PROPRIO_EXERCISE (self->cop_matching)))
    return FALSE;
  n = self->matching_cleared ? 0 : proprio_match_exercise_get_n_targets (match);
  settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->cop_matching));
  g_variant_lookup (settings, "tolerance-mm", "d", &tolerance);
  self->idle_targets = g_renew (ProprioTarget, self->idle_targets, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      double xy[2];

      proprio_match_exercise_get_target (match, i, xy);
      self->idle_targets[i] = (ProprioTarget) { xy[0], xy[1], tolerance, PROPRIO_TARGET_IDLE, 0 };
    }
  proprio_cop_view_set_targets (self->view, self->idle_targets, n);
  return TRUE;
}

void
proprio_balance_page_show_targets (ProprioBalancePage *self)
{
  double xy[2 * PROPRIO_N_DIRECTIONS];
  guint n_points = 0;

  if (show_matching_layout (self))
    ;
  else if (self->engine != NULL && self->review < 0)
    {
      guint n_targets = 0;
      const ProprioTarget *targets = proprio_exercise_get_targets (self->engine, &n_targets);

      proprio_cop_view_set_targets (self->view, targets, n_targets);
    }
  else
    proprio_cop_view_set_targets (self->view, NULL, 0);

  /* The measured limits, in direction order; directions not yet measured are left out. */
  if (polygon_wanted (self) && self->review < 0)
    {
      double all[2 * PROPRIO_N_DIRECTIONS];

      proprio_los_test_get_polygon (self->los_test, all);
      for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
        if (isfinite (all[2 * k]) && isfinite (all[2 * k + 1]))
          {
            xy[2 * n_points] = all[2 * k];
            xy[2 * n_points + 1] = all[2 * k + 1];
            n_points++;
          }
    }
  proprio_cop_view_set_polygon (self->view, xy, n_points);
}

/* ---- controls ---- */

void
proprio_balance_page_update_controls (ProprioBalancePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean active = engine_is_active (self);
  ProprioExercisePhase phase =
    self->engine != NULL ? proprio_exercise_get_phase (self->engine) : PROPRIO_EXERCISE_PHASE_IDLE;
  gboolean paused = active && phase == PROPRIO_EXERCISE_PHASE_PAUSED;
  ProprioLimits limits;
  gboolean has_limits = proprio_los_test_get_limits (self->los_test, &limits, NULL);

  gtk_widget_action_set_enabled (widget, "balance.start",
                                 self->is_balance && self->engine != NULL && !active);
  gtk_widget_action_set_enabled (widget, "balance.stop", active);
  gtk_widget_action_set_enabled (widget, "balance.next", paused);
  gtk_widget_action_set_enabled (widget, "balance.retry",
                                 paused && self->exercise == PROPRIO_BALANCE_EXERCISE_STATIC);
  gtk_widget_action_set_enabled (widget, "balance.calibrate", self->is_balance && !active);
  gtk_widget_action_set_enabled (widget, "balance.clear-targets",
                                 (self->exercise == PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT ||
                                  self->exercise == PROPRIO_BALANCE_EXERCISE_MATCHING) && !active);
  gtk_widget_action_set_enabled (widget, "balance.live", self->review >= 0);

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->start_button)),
                          self->engine != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !active);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), paused);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          paused && self->exercise == PROPRIO_BALANCE_EXERCISE_STATIC);

  gtk_widget_set_sensitive (GTK_WIDGET (self->exercise_row), !active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->settings_stack), !active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), has_limits);
  if (!has_limits && gtk_switch_get_active (self->scale_switch))
    gtk_switch_set_active (self->scale_switch, FALSE);
}

static void
update_prompt (ProprioBalancePage *self)
{
  const char *prompt = NULL;
  const char *message = NULL;

  if (self->engine != NULL && proprio_exercise_get_phase (self->engine) != PROPRIO_EXERCISE_PHASE_IDLE)
    {
      prompt = proprio_exercise_get_prompt (self->engine);
      message = proprio_exercise_get_message (self->engine);
    }
  if (prompt == NULL || *prompt == '\0')
    prompt = idle_prompt (self->exercise);

  gtk_label_set_label (self->prompt_label, prompt);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

/* ---- time left ---- */

void
proprio_balance_page_update_time_left (ProprioBalancePage *self,
                                       gint64              now_us)
{
  ProprioExercise *running = proprio_station_get_running (self->station);
  double left = -1;
  int seconds;

  /* Counted down in whole seconds, rounded up: "1" until the very end. The countdown before a
   * trial says its own numbers in the prompt. */
  if (running != NULL && running == self->engine &&
      proprio_exercise_get_phase (running) == PROPRIO_EXERCISE_PHASE_RUNNING)
    left = proprio_exercise_get_time_left (running,
                                           proprio_station_get_exercise_time (self->station,
                                                                              now_us));
  seconds = left >= 0 ? (int) ceil (left - 1e-6) : -1;
  if (seconds == self->shown_seconds)
    return;
  self->shown_seconds = seconds;
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), seconds >= 0);
  if (seconds >= 0)
    {
      /* Translators: seconds left of a balance test condition, target or direction */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second",
                                                            "%d seconds", seconds), seconds);

      gtk_label_set_label (self->time_label, text);
    }
}

/* ---- the engines ---- */

/* The selected engine changed (a sample, a tick, a start or stop — from any window). */
void
proprio_balance_page_engine_changed (ProprioBalancePage *self)
{
  ProprioExercise *engine = self->engine;
  ProprioExercisePhase phase;
  guint trials;

  if (engine == NULL)
    {
      update_prompt (self);
      return;
    }

  phase = proprio_exercise_get_phase (engine);
  if (engine == PROPRIO_EXERCISE (self->weight_shift))
    trials = proprio_weight_shift_get_n_trials (self->weight_shift);
  else if (engine == PROPRIO_EXERCISE (self->cop_matching))
    trials = proprio_match_exercise_get_n_trials (PROPRIO_MATCH_EXERCISE (self->cop_matching));
  else
    trials = 0;

  update_prompt (self);
  proprio_balance_page_update_time_left (self, proprio_clock_now_us ());
  proprio_cop_view_set_show_feedback (self->view,
                                      self->review >= 0 ||
                                      proprio_exercise_get_feedback_visible (engine));
  /* Position matching: the weight-bearing gauges would tell where the CoP is, so they hide with
   * the dot. */
  if (self->review < 0)
    proprio_cop_view_set_show_bars (self->view,
                                    engine != PROPRIO_EXERCISE (self->cop_matching) ||
                                    proprio_exercise_get_feedback_visible (engine));
  proprio_balance_page_show_targets (self);

  if (phase != self->shown_phase || trials != self->shown_trials)
    {
      gboolean ended = !proprio_exercise_is_active (engine) && self->shown_phase != phase;

      self->shown_phase = phase;
      self->shown_trials = trials;
      if (ended)
        {
          /* The board may have been resized while the exercise ran. */
          proprio_balance_page_apply_board_size (self);
          proprio_cop_view_set_show_feedback (self->view, TRUE);
        }
      proprio_balance_page_update_results (self);
    }
  proprio_balance_page_update_controls (self);
}

void
proprio_balance_page_apply_board_size (ProprioBalancePage *self)
{
  double width = proprio_cop_view_get_board_width_mm (self->view);
  double length = proprio_cop_view_get_board_length_mm (self->view);

  if (self->settings != NULL)
    {
      width = g_settings_get_double (self->settings, "board-width-mm");
      length = g_settings_get_double (self->settings, "board-length-mm");
    }

  if (!proprio_exercise_is_active (PROPRIO_EXERCISE (self->weight_shift)))
    proprio_weight_shift_set_board_size (self->weight_shift, width, length);
  if (!proprio_exercise_is_active (PROPRIO_EXERCISE (self->los_test)))
    proprio_los_test_set_board_size (self->los_test, width, length);
  proprio_balance_page_show_targets (self);
}

static void
apply_static (ProprioBalancePage *self)
{
  ProprioStaticCondition conditions[PROPRIO_STATIC_N_CONDITION_KINDS];
  guint n = 0;

  for (guint i = 0; i < PROPRIO_STATIC_N_CONDITION_KINDS; i++)
    if (gtk_check_button_get_active (self->condition_checks[i]))
      conditions[n++] = (ProprioStaticCondition) i;

  proprio_static_test_set_conditions (self->static_test, conditions, n);
  proprio_static_test_set_duration (self->static_test,
                                    gtk_spin_button_get_value (self->duration_spin));
  proprio_static_test_set_countdown (self->static_test,
                                     gtk_spin_button_get_value (self->countdown_spin));
  /* The analysis filter of the preferences (10 Hz by default, as force-plate software): the app
   * and `proprio-cli metrics sway --lowpass` then give the same figures for one recording. */
  if (self->settings != NULL)
    proprio_static_test_set_lowpass (self->static_test,
                                     g_settings_get_double (self->settings,
                                                            "analysis-lowpass-hz"));
}

static void
apply_weight_shift (ProprioBalancePage *self)
{
  ProprioWeightShiftPreset preset = adw_combo_row_get_selected (self->preset_row);
  ProprioLimits limits;

  if (preset != proprio_weight_shift_get_preset (self->weight_shift))
    proprio_weight_shift_set_preset (self->weight_shift, preset);
  proprio_weight_shift_set_distance (self->weight_shift,
                                     gtk_spin_button_get_value (self->distance_spin));
  proprio_weight_shift_set_target_radius (self->weight_shift,
                                          gtk_spin_button_get_value (self->radius_spin));
  proprio_weight_shift_set_dwell (self->weight_shift, gtk_spin_button_get_value (self->dwell_spin));
  proprio_weight_shift_set_timeout (self->weight_shift,
                                    gtk_spin_button_get_value (self->timeout_spin));
  proprio_weight_shift_set_repetitions (self->weight_shift,
                                        gtk_spin_button_get_value_as_int (self->repetitions_spin));

  if (gtk_switch_get_active (self->scale_switch) &&
      proprio_los_test_get_limits (self->los_test, &limits, NULL))
    proprio_weight_shift_set_limits (self->weight_shift, &limits);
  else if (proprio_weight_shift_has_limits (self->weight_shift))
    proprio_weight_shift_set_limits (self->weight_shift, NULL);

  /* The distance places preset targets; the therapist's own and scaled ones ignore it. */
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->distance_spin),
                                                     ADW_TYPE_ACTION_ROW),
                            preset != PROPRIO_WEIGHT_SHIFT_CUSTOM &&
                            !proprio_weight_shift_has_limits (self->weight_shift));
  gtk_label_set_label (self->targets_label,
                       preset == PROPRIO_WEIGHT_SHIFT_CUSTOM
                       ? _("Click the board to add a target.")
                       : _("Click the board to place your own targets."));
}

static void
apply_los (ProprioBalancePage *self)
{
  double distance = gtk_spin_button_get_value (self->los_distance_spin);

  proprio_los_test_set_height (self->los_test, gtk_spin_button_get_value (self->height_spin));
  if (distance > 0.0)
    for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
      proprio_los_test_set_target_distance (self->los_test, (ProprioDirection) k, distance);
}

void
proprio_balance_page_apply_settings (ProprioBalancePage *self)
{
  if (self->updating_ui || engine_is_active (self))
    return;

  apply_static (self);
  apply_weight_shift (self);
  apply_los (self);
  proprio_cop_view_set_show_trail (self->view, gtk_switch_get_active (self->trail_switch));
  proprio_cop_view_set_show_ellipse (self->view, gtk_switch_get_active (self->ellipse_switch));
  proprio_balance_page_show_targets (self);
}

static void
setting_changed_cb (ProprioBalancePage *self)
{
  proprio_balance_page_apply_settings (self);
}

/* A click on the board adds a matching target; after "Clear Targets" it starts a new list. */
static void
add_matching_target (ProprioBalancePage *self,
                     double              x_mm,
                     double              y_mm)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->cop_matching);
  double xy[2 * PROPRIO_MATCH_MAX_TARGETS];
  guint n = self->matching_cleared ? 0 : proprio_match_exercise_get_n_targets (match);
  g_autofree char *text = NULL;

  if (proprio_exercise_is_active (PROPRIO_EXERCISE (self->cop_matching)) ||
      n >= PROPRIO_MATCH_MAX_TARGETS)
    return;
  for (guint i = 0; i < n; i++)
    proprio_match_exercise_get_target (match, i, &xy[2 * i]);
  xy[2 * n] = x_mm;
  xy[2 * n + 1] = y_mm;
  proprio_match_exercise_set_targets (match, xy, n + 1);
  self->matching_cleared = FALSE;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u target: click the board to add one.",
                                       "%u targets: click the board to add one.", n + 1), n + 1);
  gtk_label_set_label (self->matching_targets_label, text);
  proprio_match_settings_sync (PROPRIO_MATCH_SETTINGS (self->matching_settings));
  proprio_balance_page_show_targets (self);
}

void
proprio_balance_page_clear_matching_targets (ProprioBalancePage *self)
{
  self->matching_cleared = TRUE;
  gtk_label_set_label (self->matching_targets_label, _("Click the board to add a target."));
  proprio_balance_page_show_targets (self);
}

static void
board_clicked_cb (ProprioCopView     *view,
                  double              x_mm,
                  double              y_mm,
                  ProprioBalancePage *self)
{
  if (self->exercise == PROPRIO_BALANCE_EXERCISE_MATCHING && self->review < 0)
    {
      add_matching_target (self, x_mm, y_mm);
      return;
    }
  if (self->exercise != PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT || self->review >= 0 ||
      proprio_exercise_is_active (PROPRIO_EXERCISE (self->weight_shift)))
    return;

  proprio_weight_shift_add_target (self->weight_shift, x_mm, y_mm);
  /* Placing a target turns the preset into the therapist's own list. */
  self->updating_ui = TRUE;
  adw_combo_row_set_selected (self->preset_row, PROPRIO_WEIGHT_SHIFT_CUSTOM);
  self->updating_ui = FALSE;
  gtk_label_set_label (self->targets_label, _("Click the board to add a target."));
  proprio_balance_page_show_targets (self);
}

void
proprio_balance_page_start (ProprioBalancePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->is_balance || self->engine == NULL || engine_is_active (self))
    return;
  if (self->exercise == PROPRIO_BALANCE_EXERCISE_MATCHING && self->matching_cleared)
    {
      gtk_label_set_label (self->message_label, _("Click the board to place at least one target"));
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }

  proprio_balance_page_end_review (self);
  proprio_balance_page_apply_settings (self);
  self->shown_phase = PROPRIO_EXERCISE_PHASE_IDLE;
  self->shown_trials = 0;
  if (!proprio_station_start (self->station, &error))
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }
  proprio_balance_page_engine_changed (self);
}

void
proprio_balance_page_stop (ProprioBalancePage *self)
{
  proprio_station_stop (self->station);
}

void
proprio_balance_page_next (ProprioBalancePage *self)
{
  ProprioExercise *running = proprio_station_get_running (self->station);

  if (running == NULL || proprio_exercise_get_phase (running) != PROPRIO_EXERCISE_PHASE_PAUSED)
    return;
  proprio_balance_page_end_review (self);
  proprio_station_proceed (self->station);
}

void
proprio_balance_page_retry (ProprioBalancePage *self)
{
  if (proprio_station_get_running (self->station) != PROPRIO_EXERCISE (self->static_test))
    return;
  proprio_balance_page_end_review (self);
  proprio_static_test_retry (self->static_test);
}

void
proprio_balance_page_init_exercises (ProprioBalancePage *self)
{
  self->matching_settings =
    proprio_match_settings_new (PROPRIO_MATCH_EXERCISE (self->cop_matching));
  gtk_box_append (self->matching_box, self->matching_settings);
  g_signal_connect (self->view, "board-clicked", G_CALLBACK (board_clicked_cb), self);
  adw_combo_row_set_selected (self->preset_row, proprio_weight_shift_get_preset (self->weight_shift));

  for (guint i = 0; i < PROPRIO_STATIC_N_CONDITION_KINDS; i++)
    g_signal_connect_swapped (self->condition_checks[i], "notify::active",
                              G_CALLBACK (setting_changed_cb), self);
  {
    GtkSpinButton *spins[] = {
      self->duration_spin, self->countdown_spin, self->distance_spin, self->radius_spin,
      self->dwell_spin, self->timeout_spin, self->repetitions_spin, self->los_distance_spin,
      self->height_spin,
    };

    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      g_signal_connect_swapped (spins[i], "notify::value", G_CALLBACK (setting_changed_cb), self);
  }
  g_signal_connect_swapped (self->preset_row, "notify::selected",
                            G_CALLBACK (setting_changed_cb), self);
  g_signal_connect_swapped (self->scale_switch, "notify::active",
                            G_CALLBACK (setting_changed_cb), self);
  g_signal_connect_swapped (self->trail_switch, "notify::active",
                            G_CALLBACK (setting_changed_cb), self);
  g_signal_connect_swapped (self->ellipse_switch, "notify::active",
                            G_CALLBACK (setting_changed_cb), self);
}

void
proprio_balance_page_bind_callbacks (GtkWidgetClass *widget_class)
{
  static const char * const check_names[] = {
    "condition_check_0", "condition_check_1", "condition_check_2", "condition_check_3",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (check_names) == PROPRIO_STATIC_N_CONDITION_KINDS);
  for (guint i = 0; i < PROPRIO_STATIC_N_CONDITION_KINDS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, check_names[i], FALSE,
                                               G_STRUCT_OFFSET (ProprioBalancePage,
                                                                condition_checks[i]));
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, trail_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, ellipse_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, countdown_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, preset_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, distance_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, dwell_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, repetitions_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, scale_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, scale_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, targets_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, los_distance_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, height_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, matching_box);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, matching_targets_label);
}
