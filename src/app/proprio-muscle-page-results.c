/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-muscle-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-muscle-page-private.h"

/* Reps listed one by one; older ones only count in the summary. */
#define MAX_REP_ROWS 20

/* ---- cells ---- */

static GtkWidget *
add_cell (GtkGrid    *grid,
          int         column,
          int         row,
          int         width,
          const char *text,
          const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  /* Names and messages wrap, so the table never widens the side panel. */
  if (column == 0 || width > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), width > 1 ? 40 : 14);
    }
  if (width > 1)
    gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  if (column > 0 && width == 1)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, width, 1);
  return label;
}

static void
add_header (GtkGrid    *grid,
            int         column,
            int         row,
            const char *text,
            const char *tooltip)
{
  GtkWidget *label = add_cell (grid, column, row, 1, text, "caption-heading");

  gtk_widget_remove_css_class (label, "numeric");
  gtk_label_set_justify (GTK_LABEL (label), column == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
}

/* A figure, or a dash when it is undefined (never reached, not measured in this mode). */
static void
add_number (GtkGrid *grid,
            int      column,
            int      row,
            int      decimals,
            double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_snprintf (text, sizeof text, "%.*f", decimals, value);
  else
    g_strlcpy (text, "—", sizeof text);
  add_cell (grid, column, row, 1, text, NULL);
}

static void
add_summary (GtkGrid    *grid,
             int         row,
             const char *title,
             const char *value,
             const char *style)
{
  add_cell (grid, 0, row, 3, title, style);
  add_cell (grid, 3, row, 3, value, style);
  gtk_label_set_xalign (GTK_LABEL (gtk_grid_get_child_at (grid, 3, row)), 1.0f);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
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
  add_header (grid, 0, row, _("Rep"), NULL);
  add_header (grid, 1, row, _("Reach\ns"), _("Time from the work cue to the band"));
  add_header (grid, 2, row, mode == PROPRIO_ACTIVATION_INHIBIT ? _("Quiet\ns") : _("In band\ns"),
              mode == PROPRIO_ACTIVATION_DUAL
              ? _("Time in the band with the other muscle quiet")
              : mode == PROPRIO_ACTIVATION_INHIBIT ? _("Time below the ceiling")
              : _("Time in the band"));
  add_header (grid, 3, row, peak_header,
              mode == PROPRIO_ACTIVATION_INHIBIT ? _("Peak of the muscle kept quiet")
                                                 : _("Peak of the muscle activated"));
  add_header (grid, 4, row, quiet_header,
              _("Mean of the muscle kept quiet during the work: its co-activation"));
  add_header (grid, 5, row, "", NULL);
  row++;

  first = n_reps > MAX_REP_ROWS ? n_reps - MAX_REP_ROWS : 0;
  for (guint i = first; i < n_reps; i++, row++)
    {
      const ProprioActivationRep *rep = proprio_activation_drill_get_rep (drill, i);
      g_autofree char *number = g_strdup_printf ("%u", rep->rep);
      GtkWidget *mark;

      add_cell (grid, 0, row, 1, number, NULL);
      add_number (grid, 1, row, 2, rep->time_to_band_s);
      add_number (grid, 2, row, 1, rep->time_in_band_s);
      add_number (grid, 3, row, 0, rep->peak);
      add_number (grid, 4, row, 1, rep->quiet_mean);
      mark = add_cell (grid, 5, row, 1, rep->success ? "✓" : "✗",
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

  add_header (grid, 0, 0, _("Channel"), NULL);
  add_header (grid, 1, 0, _("MVC\nµV"),
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
      add_cell (grid, 0, row, 1, name_of (self, name), NULL);
      if (g_str_equal (status, "done"))
        add_number (grid, 1, row, 1, mvc);
      else
        gtk_widget_set_tooltip_text (add_cell (grid, 1, row, 3, _("Failed: repeat the calibration"),
                                               "error"), message);
      row++;
      g_variant_unref (channel);
    }
  /* xgettext:no-c-format */
  add_cell (grid, 0, row, 4, _("Activation is now shown in %MVC of these values."), "dim-label");
  return TRUE;
}

/* Rebuilding the grid drops its children (a focused one among them): the panel would jump to
 * wherever the focus lands. It stays where the therapist had scrolled it. */
static gboolean
restore_panel_scroll_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (widget);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->panel_scroll),
                            self->panel_scroll_at);
  self->panel_scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

void
proprio_muscle_page_update_results (ProprioMusclePage *self)
{
  GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (self->panel_scroll);
  gboolean any = FALSE;

  if (self->panel_scroll_tick == 0)
    self->panel_scroll_at = gtk_adjustment_get_value (scroll);
  clear_grid (self->results_grid);
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
    clear_grid (self->results_grid);

  gtk_widget_set_visible (GTK_WIDGET (self->results_title),
                          self->exercise != PROPRIO_MUSCLE_EXERCISE_LIVE);
  gtk_widget_set_visible (GTK_WIDGET (self->results_placeholder),
                          self->exercise != PROPRIO_MUSCLE_EXERCISE_LIVE && !any);
  gtk_widget_set_visible (GTK_WIDGET (self->results_grid), any);

  gtk_adjustment_set_value (scroll, self->panel_scroll_at);
  if (self->panel_scroll_tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->panel_scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                            restore_panel_scroll_cb, NULL, NULL);
}
