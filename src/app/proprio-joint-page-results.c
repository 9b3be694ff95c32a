/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-joint-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-joint-page-private.h"

/* The results of the current or last run: CE, AE, VE and E overall and per target, the errors
 * over the trials, and the table of trials. Rebuilt when a trial ends or the run starts or ends,
 * never per frame. */

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
add_cell (GtkGrid    *grid,
          int         column,
          int         row,
          const char *text,
          const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0f : 1.0f);
  if (column == 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
      gtk_widget_set_hexpand (label, TRUE);
    }
  else
    gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  return label;
}

static void
add_header (GtkGrid    *grid,
            int         column,
            const char *text,
            const char *tooltip)
{
  GtkWidget *label = add_cell (grid, column, 0, text, "caption-heading");

  gtk_widget_remove_css_class (label, "numeric");
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
}

typedef enum
{
  PLAIN,    /* 2.3 */
  SIGNED,   /* +1.0, −2.0: an error's direction */
  DEGREES,  /* 43.5° */
} NumberStyle;

/* A figure with one decimal, or a dash when it is undefined. */
static void
add_number (GtkGrid     *grid,
            int          column,
            int          row,
            NumberStyle  style,
            double       value)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    text = g_strdup ("—");
  else if (style == SIGNED)
    text = g_strdup_printf ("%+.1f", value);
  else if (style == DEGREES)
    text = g_strdup_printf (_("%.1f°"), value);
  else
    text = g_strdup_printf ("%.1f", value);
  add_cell (grid, column, row, text, NULL);
}

/* A label in the target's plot colour, so the table and the plot read together. */
static GtkWidget *
colored_label (guint       target,
               const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *color = proprio_error_plot_target_hex (target);
  g_autofree char *escaped = g_markup_escape_text (text, -1), *markup = NULL;

  markup = g_strdup_printf ("<span foreground=\"%s\">●</span> %s", color, escaped);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  return label;
}

static void
add_metrics_row (ProprioJointPage        *self,
                 int                      row,
                 GtkWidget               *name,
                 const ProprioJpsMetrics *m)
{
  GtkGrid *grid = self->summary_grid;

  gtk_grid_attach (grid, name, 0, row, 1, 1);
  add_number (grid, 1, row, SIGNED, m->ce_deg);
  add_number (grid, 2, row, PLAIN, m->ae_deg);
  add_number (grid, 3, row, PLAIN, m->ve_deg);
  add_number (grid, 4, row, PLAIN, m->e_deg);
  {
    g_autofree char *n = g_strdup_printf ("%u", m->n);

    add_cell (grid, 5, row, n, "dim-label");
  }
}

static void
fill_summary (ProprioJointPage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->engine);
  GtkGrid *grid = self->summary_grid;
  ProprioJpsMetrics m;
  int row = 1;

  add_header (grid, 0, _("Target"), NULL);
  add_header (grid, 1, _("CE °"), _("Constant error: the mean of reproduced − target (the "
                                     "direction of the bias)"));
  add_header (grid, 2, _("AE °"), _("Absolute error: the mean size of the errors"));
  add_header (grid, 3, _("VE °"), _("Variable error: how much the errors scatter around the "
                                     "constant error (their standard deviation)"));
  add_header (grid, 4, _("E °"), _("Total error √(CE² + VE²): the root mean square of the "
                                    "errors"));
  add_header (grid, 5, _("n"), _("Trials scored"));
  for (guint i = 0; i < proprio_match_exercise_get_n_run_targets (match); i++)
    {
      double angle;
      g_autofree char *name = NULL;

      proprio_match_exercise_get_run_target (match, i, &angle);
      proprio_jps_protocol_get_metrics (self->engine, (int) i, &m);
      /* Translators: a target angle in the results table */
      name = g_strdup_printf (_("%.1f°"), angle);
      add_metrics_row (self, row++, colored_label (i, name), &m);
    }
  proprio_jps_protocol_get_metrics (self->engine, -1, &m);
  {
    GtkWidget *name = gtk_label_new (_("All targets"));

    gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
    gtk_widget_add_css_class (name, "heading");
    add_metrics_row (self, row, name, &m);
  }
}

static void
fill_trials (ProprioJointPage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->engine);
  GtkGrid *grid = self->trials_grid;
  guint n = proprio_match_exercise_get_n_trials (match);

  add_header (grid, 0, _("Trial"), NULL);
  add_header (grid, 1, _("Target"), NULL);
  add_header (grid, 2, _("Reproduced"), _("The registered angle"));
  add_header (grid, 3, _("Error"), _("Reproduced − target"));
  add_header (grid, 4, _("Results"), _("Whether the result was shown to the patient after the "
                                       "trial (knowledge of results)"));
  for (guint i = 0; i < n; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);
      g_autofree char *number = g_strdup_printf ("%u", t->index);
      g_autofree char *target = g_strdup_printf (_("%.1f°"), t->target[0]);
      int row = (int) i + 1;

      add_cell (grid, 0, row, number, NULL);
      gtk_grid_attach (grid, colored_label (t->target_index, target), 1, row, 1, 1);
      if (t->validity == PROPRIO_MATCH_VALID)
        {
          add_number (grid, 2, row, DEGREES, t->reproduced[0]);
          add_number (grid, 3, row, SIGNED, t->error[0]);
          add_cell (grid, 4, row, t->feedback_given ? _("Shown") : _("Hidden"),
                    t->feedback_given ? NULL : "dim-label");
        }
      else
        {
          GtkWidget *label = gtk_label_new (_("Not scored"));

          gtk_widget_add_css_class (label, "warning");
          gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
          gtk_widget_set_tooltip_text (label, proprio_match_validity_describe (t->validity));
          gtk_grid_attach (grid, label, 2, row, 3, 1);
        }
    }
}

static void
fill_plot (ProprioJointPage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->engine);
  guint n = proprio_match_exercise_get_n_trials (match);
  g_autofree ProprioErrorPoint *points = g_new0 (ProprioErrorPoint, MAX (n, 1));
  ProprioMatchDisplay display;

  for (guint i = 0; i < n; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      points[i].error = t->error[0];
      points[i].target = t->target_index;
      points[i].valid = t->validity == PROPRIO_MATCH_VALID;
      points[i].feedback = t->feedback_given;
    }
  proprio_match_exercise_get_display (match, &display);
  proprio_error_plot_set_scale (self->plot, TRUE, "°", display.tolerance);
  proprio_error_plot_set_points (self->plot, points, n,
                                 proprio_match_exercise_get_n_planned (match));
}

void
_proprio_joint_page_update_results (ProprioJointPage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->engine);
  guint n = proprio_match_exercise_get_n_trials (match);

  clear_grid (self->summary_grid);
  clear_grid (self->trials_grid);
  gtk_widget_set_visible (GTK_WIDGET (self->results_placeholder), n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_grid), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->trials_grid), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->plot), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->plot_caption), n > 0);
  if (n == 0)
    return;
  fill_summary (self);
  fill_plot (self);
  fill_trials (self);
}
