/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-muscle-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-muscle-page-private.h"
#include "proprio-results-table.h"

/* Reps listed one by one; older ones only count in the summary. */
#define MAX_REP_ROWS 20

/* ---- cells ---- */



/* A figure, or a dash when it is undefined (never reached, not measured in this mode). */

static void
add_summary (GtkGrid    *grid,
             int         row,
             const char *title,
             const char *value,
             const char *style)
{
  proprio_results_add_cell (grid, 0, row, 3, title, style);
  proprio_results_add_cell (grid, 3, row, 3, value, style);
  gtk_label_set_xalign (GTK_LABEL (gtk_grid_get_child_at (grid, 3, row)), 1.0f);
}


/* The engines say "uV"; the page writes the unit. */
static const char *
display_unit (const char *unit)
{
  return g_strcmp0 (unit, "uV") == 0 ? _("µV") : unit;
}

/* The therapist's name of a device channel ("ch3_uv"), else the name itself. */
static const char *
name_of (ProprioMusclePage *self,
         const char        *device_name)
{
  for (guint i = 0; i < self->n_channels; i++)
    if (g_strcmp0 (self->channels[i].device_name, device_name) == 0)
      return self->channels[i].name;
  return device_name;
}

/* ---- activation drill ---- */

static gboolean
fill_drill (ProprioMusclePage *self)
{
  GtkGrid *grid = self->results_grid;
  ProprioActivationDrill *drill = self->drill;
  guint n_reps = proprio_activation_drill_get_n_reps (drill);
  ProprioActivationMode mode = proprio_activation_drill_get_run_mode (drill);
  g_autoptr(ProprioExerciseResult) result = NULL;
  const char *unit = "uV", *quiet_unit = "uV";
  ProprioActivationSummary summary;
  g_autofree char *successes = NULL;
  g_autofree char *in_band = NULL;
  g_autofree char *peak_header = NULL;
  g_autofree char *quiet_header = NULL;
  g_autofree char *fatigue = NULL;
  guint first;
  int row = 0;

  if (n_reps == 0)
    return FALSE;
  result = proprio_exercise_dup_result (PROPRIO_EXERCISE (drill));
  if (result != NULL)
    {
      GVariant *figures = proprio_exercise_result_get_results (result);

      g_variant_lookup (figures, "unit", "&s", &unit);
      g_variant_lookup (figures, "quiet-unit", "&s", &quiet_unit);
    }
  proprio_activation_drill_get_summary (drill, &summary);

  successes = g_strdup_printf (_("%u of %u"), summary.n_successes, summary.n_reps);
  add_summary (grid, row++, _("Successful reps"), successes, "heading");
  if (isfinite (summary.mean_time_in_band_s))
    {
      in_band = g_strdup_printf (_("%.1f s (%.0f %%)"), summary.mean_time_in_band_s,
                                 summary.mean_time_in_band_percent);
      add_summary (grid, row++, mode == PROPRIO_ACTIVATION_INHIBIT ? _("Mean time quiet")
                                : mode == PROPRIO_ACTIVATION_DUAL ? _("Mean time both held")
                                : _("Mean time in band"), in_band, NULL);
    }
  if (isfinite (summary.fatigue_slope_per_rep))
    {
      /* Translators: the change of the peak from one rep to the next, then its unit */
      fatigue = g_strdup_printf (_("%+.1f %s per rep"), summary.fatigue_slope_per_rep,
                                 display_unit (unit));
      add_summary (grid, row++, _("Fatigue (peak trend)"), fatigue, NULL);
      gtk_widget_set_tooltip_text (gtk_grid_get_child_at (grid, 0, row - 1),
                                   _("Slope of each rep’s peak over the reps: below zero, the "
                                     "peak falls as the muscle tires"));
    }

  row++;
  peak_header = g_strdup_printf (_("Peak\n%s"), display_unit (unit));
  quiet_header = g_strdup_printf (_("Quiet\n%s"), display_unit (quiet_unit));
  proprio_results_add_header (grid, 0, row, _("Rep"), NULL);
  proprio_results_add_header (grid, 1, row, _("Reach\ns"), _("Time from the work cue to the band"));
  proprio_results_add_header (grid, 2, row,
                              mode == PROPRIO_ACTIVATION_INHIBIT ? _("Quiet\ns") : _("In band\ns"),
                              mode == PROPRIO_ACTIVATION_DUAL
                              ? _("Time in the band with the other muscle quiet")
                              : mode == PROPRIO_ACTIVATION_INHIBIT ? _("Time below the ceiling")
                              : _("Time in the band"));
  proprio_results_add_header (grid, 3, row, peak_header,
                              mode == PROPRIO_ACTIVATION_INHIBIT
                              ? _("Peak of the muscle kept quiet")
                              : _("Peak of the muscle activated"));
  proprio_results_add_header (grid, 4, row, quiet_header,
                              _("Mean of the muscle kept quiet during the work: "
                                "its co-activation"));
  proprio_results_add_header (grid, 5, row, "", NULL);
  row++;

  first = n_reps > MAX_REP_ROWS ? n_reps - MAX_REP_ROWS : 0;
  for (guint i = first; i < n_reps; i++, row++)
    {
      const ProprioActivationRep *rep = proprio_activation_drill_get_rep (drill, i);
      g_autofree char *number = g_strdup_printf ("%u", rep->rep);
      GtkWidget *mark;

      proprio_results_add_cell (grid, 0, row, 1, number, NULL);
      proprio_results_add_number (grid, 1, row, 2, rep->time_to_band_s);
      proprio_results_add_number (grid, 2, row, 1, rep->time_in_band_s);
      proprio_results_add_number (grid, 3, row, 0, rep->peak);
      proprio_results_add_number (grid, 4, row, 1, rep->quiet_mean);
      mark = proprio_results_add_cell (grid, 5, row, 1, rep->success ? "✓" : "✗",
                                       rep->success ? "success" : "warning");
      gtk_widget_set_tooltip_text (mark, rep->success ? _("Success") : _("Not held long enough"));
      if (isfinite (rep->coactivation_ratio))
        {
          g_autofree char *ratio = g_strdup_printf (_("Activated / quiet: %.1f"),
                                                    rep->coactivation_ratio);

          gtk_widget_set_tooltip_text (gtk_grid_get_child_at (grid, 4, row), ratio);
        }
    }
  return TRUE;
}

/* ---- MVC calibration ---- */

static gboolean
fill_mvc (ProprioMusclePage *self)
{
  GtkGrid *grid = self->results_grid;
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) channels = NULL;
  ProprioExercisePhase phase = proprio_exercise_get_phase (PROPRIO_EXERCISE (self->mvc));
  GVariantIter iter;
  GVariant *channel;
  int row = 1;

  /* Only a whole run has results: a stopped one is discarded. */
  if (phase != PROPRIO_EXERCISE_PHASE_DONE)
    return FALSE;
  result = proprio_exercise_dup_result (PROPRIO_EXERCISE (self->mvc));
  if (result == NULL)
    return FALSE;
  channels = g_variant_lookup_value (proprio_exercise_result_get_results (result), "channels",
                                     G_VARIANT_TYPE ("aa{sv}"));
  if (channels == NULL || g_variant_n_children (channels) == 0)
    return FALSE;

  proprio_results_add_header (grid, 0, 0, _("Channel"), NULL);
  proprio_results_add_header (grid, 1, 0, _("MVC\nµV"),
              _("Mean of the contractions’ best windows of the envelope"));
  g_variant_iter_init (&iter, channels);
  while ((channel = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = "", *status = "", *message = NULL;
      double mvc = NAN;

      g_variant_lookup (channel, "name", "&s", &name);
      g_variant_lookup (channel, "status", "&s", &status);
      g_variant_lookup (channel, "mvc-uv", "d", &mvc);
      g_variant_lookup (channel, "message", "&s", &message);
      proprio_results_add_cell (grid, 0, row, 1, name_of (self, name), NULL);
      if (g_str_equal (status, "done"))
        proprio_results_add_number (grid, 1, row, 1, mvc);
      else
        gtk_widget_set_tooltip_text (proprio_results_add_cell (grid, 1, row, 3,
                                                               _("Failed: repeat the calibration"),
                                                               "error"),
                                     message);
      row++;
      g_variant_unref (channel);
    }
  /* xgettext:no-c-format */
  proprio_results_add_cell (grid, 0, row, 4, _("Activation is now shown in %MVC of these values."),
                            "dim-label");
  return TRUE;
}


void
proprio_muscle_page_update_results (ProprioMusclePage *self)
{
  gboolean any = FALSE;

  proprio_panel_scroll_hold (&self->panel_keeper);
  proprio_results_clear (self->results_grid);
  switch (self->exercise)
    {
    case PROPRIO_MUSCLE_EXERCISE_DRILL:
      any = fill_drill (self);
      break;
    case PROPRIO_MUSCLE_EXERCISE_MVC:
      any = fill_mvc (self);
      break;
    case PROPRIO_MUSCLE_EXERCISE_LIVE:
    default:
      break;
    }
  if (!any)
    proprio_results_clear (self->results_grid);

  gtk_widget_set_visible (GTK_WIDGET (self->results_title),
                          self->exercise != PROPRIO_MUSCLE_EXERCISE_LIVE);
  gtk_widget_set_visible (GTK_WIDGET (self->results_placeholder),
                          self->exercise != PROPRIO_MUSCLE_EXERCISE_LIVE && !any);
  gtk_widget_set_visible (GTK_WIDGET (self->results_grid), any);

  proprio_panel_scroll_restore (&self->panel_keeper);
}
