/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-balance-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-balance-page-private.h"
#include "proprio-units.h"
#include "proprio-results-table.h"
#include "proprio-options.h"

/* Weight-shift presentations listed one by one; older ones only count in the summary. */
#define MAX_TRIAL_ROWS 12

/* ---- cells ---- */



/* A figure, or a dash when it is undefined. */


/* ---- static test ---- */

static void
review_clicked_cb (GtkButton          *button,
                   ProprioBalancePage *self)
{
  proprio_balance_page_review (self,
                               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "condition")));
}

static int
add_romberg_row (ProprioBalancePage   *self,
                 int                   row,
                 gboolean              foam,
                 ProprioRombergMetric  metric,
                 const char           *title)
{
  double q = proprio_static_test_get_romberg (self->static_test, foam, metric, NULL);

  if (!isfinite (q))
    return row;
  proprio_results_add_cell (self->results_grid, 0, row, 4, title, NULL);
  proprio_results_add_number (self->results_grid, 4, row, 2, q);
  return row + 1;
}

static gboolean
fill_static (ProprioBalancePage *self)
{
  GtkGrid *grid = self->results_grid;
  guint n = proprio_static_test_get_n_conditions (self->static_test);
  gboolean any = FALSE;
  int row = 1;

  GSettings *units = self->settings;
  g_autofree char *path_head = NULL, *velocity_head = NULL, *area_head = NULL, *rms_head = NULL;

  /* The unit is the "distance-unit" preference's (the figures are kept in mm). */
  /* Translators: a column heading over a unit, such as "mm" or "cm" */
  path_head = g_strdup_printf (_("Path\n%s"), proprio_units_distance_symbol (units));
  /* Translators: a column heading over a unit, such as "mm/s" or "cm/s" */
  velocity_head = g_strdup_printf (_("Velocity\n%s"), proprio_units_speed_symbol (units));
  /* Translators: a column heading over a unit, such as "mm²" or "cm²" */
  area_head = g_strdup_printf (_("Area\n%s"), proprio_units_area_symbol (units));
  /* Translators: a column heading over a unit, such as "mm" or "cm" */
  rms_head = g_strdup_printf (_("RMS\n%s"), proprio_units_distance_symbol (units));
  proprio_results_add_header (grid, 0, 0, _("Condition"), NULL);
  proprio_results_add_header (grid, 1, 0, path_head, _("Path length of the centre of pressure"));
  proprio_results_add_header (grid, 2, 0, velocity_head, _("Mean velocity"));
  /* xgettext:no-c-format */
  proprio_results_add_header (grid, 3, 0, area_head, _("Area of the 95 % prediction ellipse"));
  proprio_results_add_header (grid, 4, 0, rms_head,
                              _("Root mean square distance from the mean position"));

  for (guint i = 0; i < n; i++, row++)
    {
      const ProprioStaticResult *result = proprio_static_test_get_result (self->static_test, i);

      proprio_results_add_cell (grid, 0, row, 1,
                                proprio_static_condition_get_name (result->condition), NULL);
      switch (result->status)
        {
        case PROPRIO_STATIC_STATUS_COMPLETE:
          any = TRUE;
          proprio_results_add_number (grid, 1, row, proprio_units_decimals (units, 1),
                                      proprio_units_distance (units,
                                                              result->metrics.path_length_mm));
          proprio_results_add_number (grid, 2, row, proprio_units_decimals (units, 1),
                                      proprio_units_distance (units,
                                                              result->metrics.mean_velocity_mm_s));
          /* An area scales by 100 from mm² to cm²: two more decimals there. */
          proprio_results_add_number (grid, 3, row, proprio_units_decimals (units, 0) * 2,
                                      proprio_units_area (units, result->metrics.ellipse95.area));
          proprio_results_add_number (grid, 4, row, proprio_units_decimals (units, 1),
                                      proprio_units_distance (units, result->metrics.rms_mm));
          break;
        case PROPRIO_STATIC_STATUS_STEPPED_OFF:
        case PROPRIO_STATIC_STATUS_FAILED:
          {
            g_autofree char *text = NULL;

            any = TRUE;
            if (result->status == PROPRIO_STATIC_STATUS_STEPPED_OFF)
              text = g_strdup_printf (_("Stepped off after %.1f s"), result->time_to_step_off_s);
            else
              text = g_strdup (_("Not analysed"));
            gtk_widget_set_tooltip_text (proprio_results_add_cell (grid, 1, row, 4, text, "error"),
                                         result->message);
          }
          break;
        case PROPRIO_STATIC_STATUS_NOT_RUN:
        default:
          proprio_results_add_cell (grid, 1, row, 4, _("Not recorded"), "dim-label");
          continue;
        }

      if (result->n > 0)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("find-location-symbolic");

          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Show the recorded trace"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Show the recorded trace"), -1);
          g_object_set_data (G_OBJECT (button), "condition", GINT_TO_POINTER (i));
          g_signal_connect (button, "clicked", G_CALLBACK (review_clicked_cb), self);
          gtk_grid_attach (grid, button, 5, row, 1, 1);
        }
    }

  /* Every figure says how it was computed: the filter is part of the result. */
  if (any)
    {
      g_autofree char *filter =
        proprio_analysis_filter_describe (proprio_static_test_get_run_lowpass (self->static_test));
      g_autofree char *text = g_strdup_printf (_("Sway metrics after: %s"), filter);

      proprio_results_add_cell (grid, 0, row++, 6, text, "dim-label");
    }
  row = add_romberg_row (self, row, FALSE, PROPRIO_ROMBERG_ELLIPSE_AREA,
                         _("Romberg quotient, area"));
  row = add_romberg_row (self, row, FALSE, PROPRIO_ROMBERG_PATH_LENGTH,
                         _("Romberg quotient, path"));
  row = add_romberg_row (self, row, TRUE, PROPRIO_ROMBERG_ELLIPSE_AREA,
                         _("Romberg on foam, area"));
  add_romberg_row (self, row, TRUE, PROPRIO_ROMBERG_PATH_LENGTH,
                   _("Romberg on foam, path"));
  return any;
}

/* ---- weight shift ---- */

static gboolean
fill_weight_shift (ProprioBalancePage *self)
{
  GtkGrid *grid = self->results_grid;
  ProprioWeightShiftSummary summary;
  guint n_trials = proprio_weight_shift_get_n_trials (self->weight_shift);
  g_autofree char *hits = NULL;
  guint first;
  int row = 1;

  if (n_trials == 0)
    return FALSE;

  proprio_weight_shift_get_summary (self->weight_shift, &summary);
  hits = g_strdup_printf (_("%u of %u"), summary.n_hits, summary.n_presented);

  proprio_results_add_header (grid, 0, 0, _("Summary"), NULL);
  proprio_results_add_cell (grid, 0, row, 3, _("Targets hit"), NULL);
  proprio_results_add_cell (grid, 4, row++, 1, hits, NULL);
  proprio_results_add_cell (grid, 0, row, 3, _("Mean time to target (s)"), NULL);
  proprio_results_add_number (grid, 4, row++, 2, summary.mean_time_to_target_s);
  proprio_results_add_cell (grid, 0, row, 3, _("Mean path to target (mm)"), NULL);
  proprio_results_add_number (grid, 4, row++, 0, summary.mean_path_length_mm);
  proprio_results_add_cell (grid, 0, row, 3, _("Score (0–100)"), "heading");
  proprio_results_add_number (grid, 4, row++, 0, summary.score);

  row++;
  proprio_results_add_cell (grid, 0, row, 1, _("Target"), "caption-heading");
  proprio_results_add_cell (grid, 1, row, 1, _("Result"), "caption-heading");
  proprio_results_add_cell (grid, 2, row, 1, _("Time s"), "caption-heading");
  proprio_results_add_cell (grid, 3, row, 1, _("Path mm"), "caption-heading");
  proprio_results_add_cell (grid, 4, row, 1, _("Score"), "caption-heading");
  row++;

  first = n_trials > MAX_TRIAL_ROWS ? n_trials - MAX_TRIAL_ROWS : 0;
  for (guint i = first; i < n_trials; i++, row++)
    {
      const ProprioWeightShiftTrial *trial = proprio_weight_shift_get_trial (self->weight_shift, i);
      gboolean hit = trial->outcome == PROPRIO_TARGET_HIT;
      g_autofree char *name = g_strdup_printf ("%u", trial->target_index + 1);

      proprio_results_add_cell (grid, 0, row, 1, name, NULL);
      proprio_results_add_cell (grid, 1, row, 1, hit ? _("Hit") : _("Missed"),
                                hit ? "success" : "warning");
      proprio_results_add_number (grid, 2, row, 2, trial->time_to_target_s);
      proprio_results_add_number (grid, 3, row, 0, trial->path_length_mm);
      proprio_results_add_number (grid, 4, row, 0, trial->score);
    }
  return TRUE;
}

/* ---- limits of stability ---- */

static gboolean
fill_los (ProprioBalancePage *self)
{
  GtkGrid *grid = self->results_grid;
  gboolean any = FALSE;

  proprio_results_add_header (grid, 0, 0, _("Direction"), NULL);
  proprio_results_add_header (grid, 1, 0, _("RT\ns"), _("Reaction time: cue to movement onset"));
  proprio_results_add_header (grid, 2, 0, _("MVL\nmm/s"), _("Movement velocity"));
  /* xgettext:no-c-format */
  proprio_results_add_header (grid, 3, 0, _("EPE\n%"),
                              _("Endpoint excursion, % of the target distance"));
  /* xgettext:no-c-format */
  proprio_results_add_header (grid, 4, 0, _("MXE\n%"),
                              _("Maximal excursion, % of the target distance"));
  proprio_results_add_header (grid, 5, 0, _("DCL\n%"), _("Directional control"));

  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      const ProprioLosResult *result = proprio_los_test_get_result (self->los_test, k);
      const ProprioLosMetrics *m = &result->metrics;
      int row = (int) k + 1;
      GtkWidget *name = proprio_results_add_cell (grid, 0, row, 1,
                                                  proprio_direction_get_name (k), NULL);

      switch (result->status)
        {
        case PROPRIO_LOS_STATUS_DONE:
        case PROPRIO_LOS_STATUS_NO_MOVEMENT:
          any = TRUE;
          proprio_results_add_number (grid, 1, row, 2, m->reaction_time_s);
          proprio_results_add_number (grid, 2, row, 0, m->movement_velocity_mm_s);
          proprio_results_add_number (grid, 3, row, 0, m->endpoint_pct);
          proprio_results_add_number (grid, 4, row, 0, m->max_excursion_pct);
          proprio_results_add_number (grid, 5, row, 0, m->directional_control_pct);
          if (result->message != NULL)
            {
              gtk_widget_set_tooltip_text (name, result->message);
              gtk_widget_add_css_class (name, "warning");
            }
          break;
        case PROPRIO_LOS_STATUS_STEPPED_OFF:
        case PROPRIO_LOS_STATUS_FAILED:
          any = TRUE;
          gtk_widget_set_tooltip_text (proprio_results_add_cell (grid, 1, row, 5,
                                                                 result->status ==
                                                                 PROPRIO_LOS_STATUS_FAILED
                                                                 ? _("Not analysed")
                                                                 : _("Stepped off"),
                                                                 "error"),
                                       result->message);
          break;
        case PROPRIO_LOS_STATUS_NOT_RUN:
        default:
          proprio_results_add_cell (grid, 1, row, 5, _("Not tested"), "dim-label");
          break;
        }
    }
  return any;
}

/* ---- position matching ---- */

static void
add_matching_row (GtkGrid                   *grid,
                  GSettings                 *units,
                  int                        row,
                  const char                *name,
                  const ProprioJps2dMetrics *m)
{
  g_autofree char *n = g_strdup_printf ("%u", m->n);
  int decimals = proprio_units_decimals (units, 0);

  proprio_results_add_cell (grid, 0, row, 1, name, NULL);
  proprio_results_add_number (grid, 1, row, decimals,
                              proprio_units_distance (units, m->radial_mean));
  proprio_results_add_number (grid, 2, row, decimals, proprio_units_distance (units, m->ce_x));
  proprio_results_add_number (grid, 3, row, decimals, proprio_units_distance (units, m->ce_y));
  proprio_results_add_cell (grid, 4, row, 1, n, "dim-label");
}

static gboolean
fill_matching (ProprioBalancePage *self)
{
  GtkGrid *grid = self->results_grid;
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->cop_matching);
  guint n_trials = proprio_match_exercise_get_n_trials (match);
  ProprioJps2dMetrics m;
  GSettings *units = self->settings;
  g_autofree char *error_head = NULL, *ce_x_head = NULL, *ce_y_head = NULL;
  g_autofree char *error_caption = NULL;
  int row = 1;
  guint first;

  if (n_trials == 0)
    return FALSE;
  /* Translators: a column heading over a unit, such as "mm" or "cm" */
  error_head = g_strdup_printf (_("Error\n%s"), proprio_units_distance_symbol (units));
  /* Translators: constant error, a column heading over a unit, such as "mm" or "cm" */
  ce_x_head = g_strdup_printf (_("CE x\n%s"), proprio_units_distance_symbol (units));
  /* Translators: constant error, a column heading over a unit, such as "mm" or "cm" */
  ce_y_head = g_strdup_printf (_("CE y\n%s"), proprio_units_distance_symbol (units));
  /* Translators: a column heading and its unit, such as "mm" or "cm" */
  error_caption = g_strdup_printf (_("Error %s"), proprio_units_distance_symbol (units));
  proprio_results_add_header (grid, 0, 0, _("Target"), NULL);
  proprio_results_add_header (grid, 1, 0, error_head,
                              _("Radial error: the mean distance from the target to the "
                                "reproduced position"));
  proprio_results_add_header (grid, 2, 0, ce_x_head,
                              _("Constant error side to side (+ to the right)"));
  proprio_results_add_header (grid, 3, 0, ce_y_head,
                              _("Constant error front to back (+ forward)"));
  proprio_results_add_header (grid, 4, 0, _("n"), _("Trials scored"));
  for (guint i = 0; i < proprio_match_exercise_get_n_run_targets (match); i++)
    {
      g_autofree char *name = g_strdup_printf ("%u", i + 1);

      proprio_cop_matching_get_metrics (self->cop_matching, (int) i, &m);
      add_matching_row (grid, units, row++, name, &m);
    }
  proprio_cop_matching_get_metrics (self->cop_matching, -1, &m);
  add_matching_row (grid, units, row++, _("All targets"), &m);

  row++;
  proprio_results_add_cell (grid, 0, row, 1, _("Trial"), "caption-heading");
  proprio_results_add_cell (grid, 1, row, 1, _("Target"), "caption-heading");
  proprio_results_add_cell (grid, 2, row, 1, error_caption, "caption-heading");
  proprio_results_add_cell (grid, 3, row, 1, _("Results"), "caption-heading");
  row++;
  first = n_trials > MAX_TRIAL_ROWS ? n_trials - MAX_TRIAL_ROWS : 0;
  for (guint i = first; i < n_trials; i++, row++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);
      g_autofree char *number = g_strdup_printf ("%u", t->index);
      g_autofree char *target = g_strdup_printf ("%u", t->target_index + 1);

      proprio_results_add_cell (grid, 0, row, 1, number, NULL);
      proprio_results_add_cell (grid, 1, row, 1, target, NULL);
      if (t->validity == PROPRIO_MATCH_VALID)
        {
          proprio_results_add_number (grid, 2, row, proprio_units_decimals (units, 0),
                                      proprio_units_distance (units, t->distance));
          proprio_results_add_cell (grid, 3, row, 1,
                                    t->feedback_given ? _("Shown") : _("Hidden"),
                                    t->feedback_given ? NULL : "dim-label");
        }
      else
        gtk_widget_set_tooltip_text (proprio_results_add_cell (grid, 2, row, 3, _("Not scored"),
                                                               "warning"),
                                     proprio_match_validity_describe (t->validity));
    }
  return TRUE;
}

void
proprio_balance_page_update_results (ProprioBalancePage *self)
{
  gboolean any = FALSE;

  proprio_panel_scroll_hold (&self->panel_keeper);
  proprio_results_clear (self->results_grid);
  switch (self->exercise)
    {
    case PROPRIO_BALANCE_EXERCISE_STATIC:
      any = fill_static (self);
      break;
    case PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT:
      any = fill_weight_shift (self);
      if (!any)
        proprio_results_clear (self->results_grid);
      break;
    case PROPRIO_BALANCE_EXERCISE_LOS:
      any = fill_los (self);
      break;
    case PROPRIO_BALANCE_EXERCISE_MATCHING:
      any = fill_matching (self);
      break;
    case PROPRIO_BALANCE_EXERCISE_LIVE:
    default:
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->results_title),
                          self->exercise != PROPRIO_BALANCE_EXERCISE_LIVE);
  gtk_widget_set_visible (GTK_WIDGET (self->results_placeholder),
                          self->exercise != PROPRIO_BALANCE_EXERCISE_LIVE && !any);
  gtk_widget_set_visible (GTK_WIDGET (self->results_grid), any);

  proprio_panel_scroll_restore (&self->panel_keeper);
}

/* ---- review of a recorded static-test trace ---- */

void
proprio_balance_page_review (ProprioBalancePage *self,
                             int                 condition_index)
{
  const ProprioStaticResult *result;
  g_autofree char *title = NULL;
  double seconds;

  if (condition_index < 0 ||
      (guint) condition_index >= proprio_static_test_get_n_conditions (self->static_test))
    return;
  result = proprio_static_test_get_result (self->static_test, (guint) condition_index);
  if (result->n == 0)
    return;

  self->review_samples = g_renew (ProprioSample, self->review_samples, result->n);
  for (gsize i = 0; i < result->n; i++)
    {
      ProprioSample *sample = &self->review_samples[i];

      memset (sample, 0, sizeof *sample);
      sample->t_us = result->t_us[i];
      sample->flags = PROPRIO_SAMPLE_HAS_COP;
      sample->n_channels = PROPRIO_BALANCE_N_CHANNELS;
      sample->values[PROPRIO_BALANCE_CHANNEL_COP_X] = result->x_mm[i];
      sample->values[PROPRIO_BALANCE_CHANNEL_COP_Y] = result->y_mm[i];
    }

  /* The whole recording as the trail and the ellipse, frozen at its last sample. */
  seconds = (double) (result->t_us[result->n - 1] - result->t_us[0]) / G_USEC_PER_SEC + 1.0;
  self->review = condition_index;
  proprio_cop_view_clear (self->view);
  proprio_cop_view_set_trail_seconds (self->view, CLAMP (seconds, 1.0, 60.0));
  proprio_cop_view_set_ellipse_seconds (self->view, CLAMP (seconds, 1.0, 60.0));
  proprio_cop_view_set_show_bars (self->view, FALSE);
  proprio_cop_view_set_show_trail (self->view, TRUE);
  proprio_cop_view_set_show_ellipse (self->view, TRUE);
  proprio_cop_view_set_show_feedback (self->view, TRUE);
  proprio_cop_view_set_display_time_us (self->view, result->t_us[result->n - 1] + 1);
  proprio_cop_view_push (self->view, self->review_samples, result->n);
  proprio_balance_page_show_targets (self);

  title = g_strdup_printf (_("Recorded trace: %s"),
                           proprio_static_condition_get_name (result->condition));
  gtk_label_set_label (self->review_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->review_bar), TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.live", TRUE);
}

void
proprio_balance_page_end_review (ProprioBalancePage *self)
{
  if (self->review < 0)
    return;

  self->review = -1;
  g_clear_pointer (&self->review_samples, g_free);
  proprio_cop_view_clear (self->view);
  proprio_cop_view_set_display_time_us (self->view, 0);
  proprio_cop_view_set_trail_seconds (self->view, 3.0);
  proprio_cop_view_set_ellipse_seconds (self->view, 10.0);
  proprio_cop_view_set_show_bars (self->view, TRUE);
  proprio_cop_view_set_show_trail (self->view, gtk_switch_get_active (self->trail_switch));
  proprio_cop_view_set_show_ellipse (self->view, gtk_switch_get_active (self->ellipse_switch));
  gtk_widget_set_visible (GTK_WIDGET (self->review_bar), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "balance.live", FALSE);
  proprio_balance_page_show_targets (self);
}
