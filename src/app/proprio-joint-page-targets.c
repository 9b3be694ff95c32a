/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-joint-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-joint-page-private.h"

/* The targets editor: one row per target (its angle, a remove button), a typed new target, the
 * current angle captured as one, and the start position. Every edit goes to the engine at once;
 * the rows are rebuilt from the engine, so two windows agree. */

static ProprioMatchExercise *
match (ProprioJointPage *self)
{
  return PROPRIO_MATCH_EXERCISE (self->engine);
}

static guint
get_targets (ProprioJointPage *self,
             double           *out)
{
  guint n = proprio_match_exercise_get_n_targets (match (self));

  for (guint i = 0; i < n; i++)
    proprio_match_exercise_get_target (match (self), i, &out[i]);
  return n;
}

static gboolean
configurable (ProprioJointPage *self)
{
  return !proprio_exercise_is_active (PROPRIO_EXERCISE (self->engine));
}

/* A target the still detector cannot register (the limb would not move away from the start). */
void
_proprio_joint_page_update_target_message (ProprioJointPage *self)
{
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->engine));
  double targets[PROPRIO_MATCH_MAX_TARGETS], start = 0.0, movement = 0.0;
  guint n = get_targets (self, targets);
  g_autofree char *text = NULL;

  g_variant_lookup (settings, "start-deg", "d", &start);
  g_variant_lookup (settings, "min-movement-deg", "d", &movement);
  for (guint i = 0; i < n && text == NULL; i++)
    if (fabs (targets[i] - start) <= movement)
      text = g_strdup_printf (_("Target %u (%.1f°) is within %.0f° of the start position: holding "
                                "still there is not registered, press Space instead."),
                              i + 1, targets[i], movement);
  gtk_label_set_label (self->targets_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->targets_message), text != NULL);
}

static void
target_value_cb (GtkSpinButton    *spin,
                 ProprioJointPage *self)
{
  double targets[PROPRIO_MATCH_MAX_TARGETS];
  guint n = get_targets (self, targets);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "target-index"));

  if (!configurable (self) || index >= n || targets[index] == gtk_spin_button_get_value (spin))
    return;
  targets[index] = gtk_spin_button_get_value (spin);
  proprio_match_exercise_set_targets (match (self), targets, n);
  _proprio_joint_page_update_target_message (self);
}

static void
remove_cb (GtkButton        *button,
           ProprioJointPage *self)
{
  double targets[PROPRIO_MATCH_MAX_TARGETS];
  guint n = get_targets (self, targets);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "target-index"));

  if (!configurable (self) || index >= n || n <= 1)
    return;
  for (guint i = index; i + 1 < n; i++)
    targets[i] = targets[i + 1];
  proprio_match_exercise_set_targets (match (self), targets, n - 1);
  _proprio_joint_page_update_targets (self);
}

static GtkWidget *
target_row (ProprioJointPage *self,
            guint             index,
            double            angle,
            gboolean          removable)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (-360.0, 360.0, 1.0);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *title = g_strdup_printf (_("Target %u (°)"), index + 1);
  g_autofree char *color = proprio_error_plot_target_hex (index);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"%s\">●</span>", color);
  GtkWidget *swatch = gtk_label_new (NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* The target's colour in the plot. */
  gtk_label_set_markup (GTK_LABEL (swatch), markup);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), angle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (spin), "target-index", GUINT_TO_POINTER (index));
  g_signal_connect (spin, "value-changed", G_CALLBACK (target_value_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (remove, removable);
  gtk_widget_set_tooltip_text (remove, removable ? _("Remove this target")
                                                 : _("A protocol needs at least one target"));
  /* Icon-only: a screen reader needs the words, and the row's title names the spin button. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this target"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data (G_OBJECT (remove), "target-index", GUINT_TO_POINTER (index));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

void
_proprio_joint_page_update_targets (ProprioJointPage *self)
{
  double targets[PROPRIO_MATCH_MAX_TARGETS];
  guint n = get_targets (self, targets);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->targets_list))) != NULL)
    gtk_list_box_remove (self->targets_list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->targets_list, target_row (self, i, targets[i], n > 1));
  _proprio_joint_page_update_target_message (self);
  proprio_match_settings_sync (PROPRIO_MATCH_SETTINGS (self->match_settings));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "joint.add-target",
                                 configurable (self) && n < PROPRIO_MATCH_MAX_TARGETS);
}

void
_proprio_joint_page_add_target (ProprioJointPage *self,
                                double            angle)
{
  double targets[PROPRIO_MATCH_MAX_TARGETS];
  guint n = get_targets (self, targets);

  if (!configurable (self) || n >= PROPRIO_MATCH_MAX_TARGETS || !isfinite (angle))
    return;
  targets[n] = CLAMP (angle, -360.0, 360.0);
  proprio_match_exercise_set_targets (match (self), targets, n + 1);
  _proprio_joint_page_update_targets (self);
}

void
_proprio_joint_page_capture (ProprioJointPage *self)
{
  /* A tenth of a degree: what a goniometer shows, and what the table prints. */
  if (isfinite (self->live_angle))
    _proprio_joint_page_add_target (self, round (self->live_angle * 10.0) / 10.0);
}

static void
start_value_cb (ProprioJointPage *self)
{
  double start = gtk_spin_button_get_value (self->start_spin);

  if (!configurable (self))
    return;
  proprio_match_exercise_set_start (match (self), &start);
  _proprio_joint_page_update_target_message (self);
  proprio_angle_dial_set_start (self->dial, start);
}

void
_proprio_joint_page_init_targets (ProprioJointPage *self)
{
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->engine));
  double start = 90.0;

  g_variant_lookup (settings, "start-deg", "d", &start);
  gtk_spin_button_set_value (self->start_spin, start);
  g_signal_connect_swapped (self->start_spin, "value-changed", G_CALLBACK (start_value_cb), self);
  _proprio_joint_page_update_targets (self);
}
