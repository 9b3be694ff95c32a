/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review-window"

/* The session's exercises beside the views: each with what the check of its figures found, its
 * figures stored and recomputed, and a button that takes the replay to its start. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-review-window-private.h"

static char *
format_value (double      value,
              const char *unit,
              gboolean    precise)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    /* Translators: a figure that has no value */
    return g_strdup (_("none"));
  number = g_strdup_printf (precise ? "%.9g" : "%.2f", value);
  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

static GtkWidget *
figure_row (const ProprioReviewFigure *figure,
            gboolean                   checked)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *stored = format_value (figure->stored, figure->unit, FALSE);
  g_autofree char *recomputed = format_value (figure->recomputed, figure->unit, FALSE);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), figure->label);
  if (!checked)
    /* Translators: a figure kept in the records, not recomputed */
    subtitle = g_strdup_printf (_("Stored %s"), stored);
  else
    {
      if (!figure->agrees && g_str_equal (stored, recomputed))
        {
          /* Two figures that differ must not read alike. */
          g_free (stored);
          g_free (recomputed);
          stored = format_value (figure->stored, figure->unit, TRUE);
          recomputed = format_value (figure->recomputed, figure->unit, TRUE);
        }
      /* Translators: a figure as stored and as recomputed from the recording */
      subtitle = g_strdup_printf (_("Stored %s · recomputed %s"), stored, recomputed);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (checked)
    {
      GtkWidget *mark = gtk_image_new_from_icon_name (figure->agrees ? "emblem-ok-symbolic"
                                                                     : "dialog-warning-symbolic");

      gtk_widget_add_css_class (mark, figure->agrees ? "success" : "error");
      gtk_widget_set_tooltip_text (mark, figure->agrees ? _("Agrees with the stored figure")
                                                        : _("Differs from the stored figure"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
  return row;
}

static void
go_to_clicked_cb (GtkButton           *button,
                  ProprioReviewWindow *self)
{
  const ProprioReviewExercise *exercise = g_object_get_data (G_OBJECT (button), "exercise");

  proprio_review_window_seek (self, exercise->stored->start_us);
}

static const char *
check_icon (ProprioReviewCheck check)
{
  switch (check)
    {
    case PROPRIO_REVIEW_AGREES:
      return "emblem-ok-symbolic";
    case PROPRIO_REVIEW_DISAGREES:
    case PROPRIO_REVIEW_MISSING_DATA:
      return "dialog-warning-symbolic";
    case PROPRIO_REVIEW_NOT_CHECKED:
    default:
      return "document-properties-symbolic";
    }
}

static GtkWidget *
exercise_row (ProprioReviewWindow   *self,
              ProprioReviewExercise *exercise)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (check_icon (exercise->check));
  GtkWidget *go_to = gtk_button_new_from_icon_name ("find-location-symbolic");
  gboolean checked = exercise->check == PROPRIO_REVIEW_AGREES ||
                     exercise->check == PROPRIO_REVIEW_DISAGREES;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), exercise->stored->title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), exercise->note);
  if (exercise->check == PROPRIO_REVIEW_AGREES)
    gtk_widget_add_css_class (icon, "success");
  else if (exercise->check != PROPRIO_REVIEW_NOT_CHECKED)
    gtk_widget_add_css_class (icon, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  gtk_widget_set_valign (go_to, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (go_to, "flat");
  gtk_widget_set_tooltip_text (go_to, _("Replay from this exercise’s start"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (go_to), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Replay from this exercise’s start"), -1);
  g_object_set_data (G_OBJECT (go_to), "exercise", exercise);
  g_signal_connect (go_to, "clicked", G_CALLBACK (go_to_clicked_cb), self);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), go_to);

  for (guint i = 0; i < exercise->figures->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              figure_row (exercise->figures->pdata[i], checked));
  /* A disagreement or a gap is what a reviewer must see first. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row),
                                 exercise->check == PROPRIO_REVIEW_DISAGREES);
  return row;
}

void
_proprio_review_window_fill_exercises (ProprioReviewWindow *self)
{
  GPtrArray *exercises = self->review->exercises;

  if (exercises->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No exercise was stored in this session"));
      gtk_list_box_append (self->exercises, row);
      return;
    }
  for (guint i = 0; i < exercises->len; i++)
    gtk_list_box_append (self->exercises, exercise_row (self, exercises->pdata[i]));
}
