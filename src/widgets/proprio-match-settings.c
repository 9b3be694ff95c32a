/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-match-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "core/proprio-percent-list.h"

#include "proprio-match-settings.h"
#include "proprio-scroll-guard.h"

struct _ProprioMatchSettings
{
  GtkBox                parent_instance;

  ProprioMatchExercise *exercise;
  gboolean              updating;
  char                 *error;
  guint32               seed;

  GtkSpinButton        *trials_spin;
  AdwComboRow          *order_row;
  AdwComboRow          *movement_row;
  AdwComboRow          *memorise_row;
  GtkSpinButton        *memorise_spin;
  GtkSpinButton        *tolerance_spin;
  AdwComboRow          *register_row;
  GtkSpinButton        *range_spin;
  GtkSpinButton        *still_spin;
  GtkSpinButton        *movement_spin;
  GtkSpinButton        *timeout_spin;
  AdwComboRow          *feedback_row;
  GtkEntry             *schedule_entry;
  GtkSpinButton        *block_spin;
  GtkLabel             *preview_label;
  GtkLabel             *error_label;
  GtkSpinButton        *feedback_spin;
  GtkSpinButton        *countdown_spin;
  GtkSpinButton        *return_spin;
  GtkSpinButton        *rest_spin;
  GtkWidget            *schedule_rows[2];
};

G_DEFINE_FINAL_TYPE (ProprioMatchSettings, proprio_match_settings, GTK_TYPE_BOX)

/* The combo rows list the engine's choices in this order. */
static const char * const order_nicks[] = { "random", "cycled", "blocked" };
static const char * const movement_nicks[] = { "active", "passive" };
static const char * const memorise_nicks[] = { "at-target", "timed" };
static const char * const register_nicks[] = { "still", "key" };
static const char * const feedback_nicks[] = { "faded", "always", "never" };

static const char *
unit_label (ProprioMatchSettings *self)
{
  return g_str_equal (PROPRIO_MATCH_EXERCISE_GET_CLASS (self->exercise)->unit, "mm") ? "mm" : "°";
}

static char *
key (ProprioMatchSettings *self,
     const char           *name)
{
  return g_strconcat (name, "-", PROPRIO_MATCH_EXERCISE_GET_CLASS (self->exercise)->unit, NULL);
}

/* ---- building ---- */

static void changed_cb (ProprioMatchSettings *self);

static AdwPreferencesGroup *
add_group (ProprioMatchSettings *self,
           const char           *title,
           const char           *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (self), group);
  return ADW_PREFERENCES_GROUP (group);
}

static GtkSpinButton *
add_spin (ProprioMatchSettings *self,
          AdwPreferencesGroup  *group,
          const char           *title,
          const char           *subtitle,
          double                lower,
          double                upper,
          double                step,
          guint                 digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (spin, "notify::value", G_CALLBACK (changed_cb), self);
  return GTK_SPIN_BUTTON (spin);
}

static AdwComboRow *
add_combo (ProprioMatchSettings *self,
           AdwPreferencesGroup  *group,
           const char           *title,
           const char * const   *items,
           guint                 n_items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    gtk_string_list_append (model, items[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Under the title, where a long choice wraps instead of being cut off. */
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (changed_cb), self);
  return ADW_COMBO_ROW (row);
}

static void
shuffle_cb (ProprioMatchSettings *self)
{
  /* A new order the results can name: the seed is part of the run's settings. */
  self->seed = g_random_int ();
  changed_cb (self);
}

static void
build (ProprioMatchSettings *self)
{
  const char *order_items[] = {
    _("Random"), _("Through the targets in turn"), _("All trials of a target together")
  };
  const char *movement_items[] = {
    _("Active — the patient moves"), _("Passive — the therapist moves the limb")
  };
  const char *memorise_items[] = { _("Held at the target"), _("A set time") };
  const char *register_items[] = { _("When held still"), _("By key only (Space)") };
  const char *feedback_items[] = { _("Faded"), _("After every trial"), _("Never") };
  const char *unit = unit_label (self);
  g_autofree char *tolerance_title = g_strdup_printf (_("Tolerance (%s)"), unit);
  g_autofree char *range_title = g_strdup_printf (_("Still Within (%s)"), unit);
  g_autofree char *movement_title = g_strdup_printf (_("Move at Least (%s)"), unit);
  AdwPreferencesGroup *group;
  GtkWidget *row, *button, *box;

  group = add_group (self, _("Trials"), NULL);
  self->trials_spin = add_spin (self, group, _("Trials per Target"), NULL, 1, 20, 1, 0);
  self->order_row = add_combo (self, group, _("Order"), order_items, G_N_ELEMENTS (order_items));
  button = gtk_button_new_from_icon_name ("media-playlist-shuffle-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Draw a new random order (the same order comes back "
                                         "for the same seed, so a session can be repeated)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New random order"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (shuffle_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->order_row), button);
  self->movement_row = add_combo (self, group, _("Movement"), movement_items,
                                  G_N_ELEMENTS (movement_items));

  group = add_group (self, _("Memorise"), _("The target is shown with live feedback."));
  self->memorise_row = add_combo (self, group, _("Until"), memorise_items,
                                  G_N_ELEMENTS (memorise_items));
  self->memorise_spin = add_spin (self, group, _("Time (s)"), NULL, 0, 60, 0.5, 1);
  self->tolerance_spin = add_spin (self, group, tolerance_title, _("How close counts as there"),
                                   0.5, unit[0] == 'm' ? 200 : 45, unit[0] == 'm' ? 1 : 0.5,
                                   unit[0] == 'm' ? 0 : 1);

  group = add_group (self, _("Reproduce"), _("Feedback is hidden: the patient’s eyes are "
                                             "closed."));
  self->register_row = add_combo (self, group, _("Register"), register_items,
                                  G_N_ELEMENTS (register_items));
  self->range_spin = add_spin (self, group, range_title, NULL, unit[0] == 'm' ? 1 : 0.5,
                               unit[0] == 'm' ? 100 : 20, unit[0] == 'm' ? 1 : 0.5,
                               unit[0] == 'm' ? 0 : 1);
  self->still_spin = add_spin (self, group, _("Held For (s)"), NULL, 0.2, 10, 0.1, 1);
  self->movement_spin = add_spin (self, group, movement_title,
                                  _("Away from the start before a hold counts"), 0,
                                  unit[0] == 'm' ? 300 : 90, 1, 0);
  self->timeout_spin = add_spin (self, group, _("Time Limit (s)"),
                                 _("No position registered by then: the trial is not scored"),
                                 2, 120, 1, 0);

  group = add_group (self, _("Knowledge of Results"),
                     _("The registered position and the target, shown after a trial."));
  self->feedback_row = add_combo (self, group, _("After Each Trial"), feedback_items,
                                  G_N_ELEMENTS (feedback_items));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Schedule (%)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("One percentage per block of trials"));
  self->schedule_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->schedule_entry), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->schedule_entry), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->schedule_entry),
                               _("For example “100, 50, 0”: results after every trial of the "
                                 "first block, half of the second, none after"));
  /* A tooltip is no name: a screen reader says the row's. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->schedule_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Schedule (%)"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->schedule_entry));
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (self->schedule_entry, "changed", G_CALLBACK (changed_cb), self);
  self->schedule_rows[0] = row;
  self->block_spin = add_spin (self, group, _("Trials per Block"), NULL, 1, 50, 1, 0);
  self->schedule_rows[1] = gtk_widget_get_ancestor (GTK_WIDGET (self->block_spin),
                                                    ADW_TYPE_ACTION_ROW);
  self->feedback_spin = add_spin (self, group, _("Shown For (s)"), NULL, 0.5, 30, 0.5, 1);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->preview_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->preview_label, TRUE);
  gtk_label_set_xalign (self->preview_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->preview_label));
  gtk_box_append (GTK_BOX (self), box);

  group = add_group (self, _("Timing"), NULL);
  self->countdown_spin = add_spin (self, group, _("Countdown (s)"), NULL, 0, 10, 1, 0);
  self->return_spin = add_spin (self, group, _("Back to the Start (s)"),
                                _("Between memorising and reproducing"), 0, 30, 0.5, 1);
  self->rest_spin = add_spin (self, group, _("Rest Between Trials (s)"), NULL, 0, 60, 0.5, 1);

  /* Scrolling the panel scrolls it; it never changes a setting. */
  proprio_scroll_guard_spin_buttons (GTK_WIDGET (self));
}

/* ---- engine → widgets ---- */

static guint
nick_index (const char * const *nicks,
            guint               n,
            const char         *nick)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (nicks[i], nick) == 0)
      return i;
  return 0;
}

static double
lookup_double (GVariant   *settings,
               const char *name)
{
  double value = 0.0;

  g_variant_lookup (settings, name, "d", &value);
  return value;
}

static void
update_preview (ProprioMatchSettings *self)
{
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->exercise));
  g_autoptr(GVariant) percents_v = g_variant_lookup_value (settings, "faded-percent",
                                                           G_VARIANT_TYPE ("ad"));
  g_autoptr(GString) list = g_string_new (NULL);
  const char *feedback = NULL;
  const double *percents = NULL;
  gsize n_percents = 0;
  guint block = 2, n_trials, given = 0;
  guint mode;
  g_autofree char *text = NULL;

  g_variant_lookup (settings, "feedback", "&s", &feedback);
  g_variant_lookup (settings, "faded-block", "u", &block);
  if (percents_v != NULL)
    percents = g_variant_get_fixed_array (percents_v, &n_percents, sizeof (double));
  mode = g_strcmp0 (feedback, "always") == 0 ? PROPRIO_MATCH_FEEDBACK_ALWAYS
         : g_strcmp0 (feedback, "never") == 0 ? PROPRIO_MATCH_FEEDBACK_NEVER
         : PROPRIO_MATCH_FEEDBACK_FADED;
  n_trials = proprio_match_exercise_get_n_targets (self->exercise) *
             proprio_match_exercise_get_trials_per_target (self->exercise);
  for (guint i = 0; i < n_trials; i++)
    if (proprio_match_feedback_given (mode, percents, (guint) n_percents, block, i, n_trials))
      {
        g_string_append_printf (list, "%s%u", given > 0 ? ", " : "", i + 1);
        given++;
      }
  if (given == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial: no results shown",
                                         "%u trials: no results shown", n_trials), n_trials);
  else if (given == n_trials)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial: results after it",
                                         "%u trials: results after every one", n_trials),
                            n_trials);
  else
    /* Translators: the second %s is a list of trial numbers, "1, 2, 3" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial: results after trial %s",
                                         "%u trials: results after trials %s", n_trials),
                            n_trials, list->str);
  gtk_label_set_label (self->preview_label, text);
}

static gboolean
schedule_matches (ProprioMatchSettings *self,
                  const double         *percents,
                  gsize                 n_percents)
{
  double typed[PROPRIO_MATCH_MAX_BLOCKS];
  guint n = 0;

  if (!proprio_percent_list_parse (gtk_editable_get_text (GTK_EDITABLE (self->schedule_entry)),
                                   typed, PROPRIO_MATCH_MAX_BLOCKS, &n, NULL) || n != n_percents)
    return FALSE;
  for (gsize i = 0; i < n_percents; i++)
    if (typed[i] != percents[i])
      return FALSE;
  return TRUE;
}

void
proprio_match_settings_sync (ProprioMatchSettings *self)
{
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(GVariant) percents_v = NULL;
  g_autofree char *tolerance_key = NULL, *range_key = NULL, *movement_key = NULL;
  g_autofree char *schedule = NULL;
  const char *nick = NULL;
  const double *percents;
  gsize n_percents = 0;
  guint u = 0;

  g_return_if_fail (PROPRIO_IS_MATCH_SETTINGS (self));

  settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->exercise));
  tolerance_key = key (self, "tolerance");
  range_key = key (self, "still-range");
  movement_key = key (self, "min-movement");
  self->updating = TRUE;
  if (g_variant_lookup (settings, "trials-per-target", "u", &u))
    gtk_spin_button_set_value (self->trials_spin, u);
  if (g_variant_lookup (settings, "random-seed", "u", &u))
    self->seed = u;
#define SELECT(row, nicks, name)                                                            \
  if (g_variant_lookup (settings, name, "&s", &nick))                                       \
    adw_combo_row_set_selected (row, nick_index (nicks, G_N_ELEMENTS (nicks), nick));
  SELECT (self->order_row, order_nicks, "order");
  SELECT (self->movement_row, movement_nicks, "movement");
  SELECT (self->memorise_row, memorise_nicks, "memorise");
  SELECT (self->register_row, register_nicks, "register");
  SELECT (self->feedback_row, feedback_nicks, "feedback");
#undef SELECT
  gtk_spin_button_set_value (self->memorise_spin, lookup_double (settings, "memorise-s"));
  gtk_spin_button_set_value (self->tolerance_spin, lookup_double (settings, tolerance_key));
  gtk_spin_button_set_value (self->range_spin, lookup_double (settings, range_key));
  gtk_spin_button_set_value (self->still_spin, lookup_double (settings, "still-s"));
  gtk_spin_button_set_value (self->movement_spin, lookup_double (settings, movement_key));
  gtk_spin_button_set_value (self->timeout_spin, lookup_double (settings, "reproduce-timeout-s"));
  gtk_spin_button_set_value (self->feedback_spin, lookup_double (settings, "feedback-s"));
  gtk_spin_button_set_value (self->countdown_spin, lookup_double (settings, "countdown-s"));
  gtk_spin_button_set_value (self->return_spin, lookup_double (settings, "return-s"));
  gtk_spin_button_set_value (self->rest_spin, lookup_double (settings, "rest-s"));
  if (g_variant_lookup (settings, "faded-block", "u", &u))
    gtk_spin_button_set_value (self->block_spin, u);
  percents_v = g_variant_lookup_value (settings, "faded-percent", G_VARIANT_TYPE ("ad"));
  percents = percents_v != NULL ? g_variant_get_fixed_array (percents_v, &n_percents,
                                                             sizeof (double)) : NULL;
  schedule = proprio_percent_list_format (percents, (guint) n_percents);
  /* Only when it says something else: rewriting what is being typed ("100, 50,") would move the
   * cursor and eat the comma. */
  if (self->error == NULL && !schedule_matches (self, percents, n_percents))
    gtk_editable_set_text (GTK_EDITABLE (self->schedule_entry), schedule);
  self->updating = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (self->schedule_rows); i++)
    gtk_widget_set_sensitive (self->schedule_rows[i],
                              adw_combo_row_get_selected (self->feedback_row) == 0);
  update_preview (self);
}

/* ---- widgets → engine ---- */

static void
set_error (ProprioMatchSettings *self,
           char                 *error)
{
  g_free (self->error);
  self->error = error;
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
changed_cb (ProprioMatchSettings *self)
{
  double percents[PROPRIO_MATCH_MAX_BLOCKS];
  guint n_percents = 0;
  g_autoptr(GError) schedule_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tolerance_key = key (self, "tolerance");
  g_autofree char *range_key = key (self, "still-range");
  g_autofree char *movement_key = key (self, "min-movement");
  GVariantDict dict;

  if (self->updating || proprio_exercise_is_active (PROPRIO_EXERCISE (self->exercise)))
    return;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "trials-per-target", "u",
                         (guint) gtk_spin_button_get_value_as_int (self->trials_spin));
  g_variant_dict_insert (&dict, "order", "s",
                         order_nicks[adw_combo_row_get_selected (self->order_row) % 3]);
  g_variant_dict_insert (&dict, "random-seed", "u", self->seed);
  g_variant_dict_insert (&dict, "movement", "s",
                         movement_nicks[adw_combo_row_get_selected (self->movement_row) % 2]);
  g_variant_dict_insert (&dict, "memorise", "s",
                         memorise_nicks[adw_combo_row_get_selected (self->memorise_row) % 2]);
  g_variant_dict_insert (&dict, "memorise-s", "d",
                         gtk_spin_button_get_value (self->memorise_spin));
  g_variant_dict_insert (&dict, tolerance_key, "d",
                         gtk_spin_button_get_value (self->tolerance_spin));
  g_variant_dict_insert (&dict, "register", "s",
                         register_nicks[adw_combo_row_get_selected (self->register_row) % 2]);
  g_variant_dict_insert (&dict, range_key, "d", gtk_spin_button_get_value (self->range_spin));
  g_variant_dict_insert (&dict, "still-s", "d", gtk_spin_button_get_value (self->still_spin));
  g_variant_dict_insert (&dict, movement_key, "d",
                         gtk_spin_button_get_value (self->movement_spin));
  g_variant_dict_insert (&dict, "reproduce-timeout-s", "d",
                         gtk_spin_button_get_value (self->timeout_spin));
  g_variant_dict_insert (&dict, "feedback", "s",
                         feedback_nicks[adw_combo_row_get_selected (self->feedback_row) % 3]);
  g_variant_dict_insert (&dict, "faded-block", "u",
                         (guint) gtk_spin_button_get_value_as_int (self->block_spin));
  g_variant_dict_insert (&dict, "feedback-s", "d",
                         gtk_spin_button_get_value (self->feedback_spin));
  g_variant_dict_insert (&dict, "countdown-s", "d",
                         gtk_spin_button_get_value (self->countdown_spin));
  g_variant_dict_insert (&dict, "return-s", "d", gtk_spin_button_get_value (self->return_spin));
  g_variant_dict_insert (&dict, "rest-s", "d", gtk_spin_button_get_value (self->rest_spin));
  if (proprio_percent_list_parse (gtk_editable_get_text (GTK_EDITABLE (self->schedule_entry)),
                                  percents, PROPRIO_MATCH_MAX_BLOCKS, &n_percents,
                                  &schedule_error))
    g_variant_dict_insert_value (&dict, "faded-percent",
                                 g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, percents,
                                                            n_percents, sizeof (double)));
  set_error (self, schedule_error != NULL ? g_strdup (schedule_error->message) : NULL);
  if (!proprio_exercise_apply_settings (PROPRIO_EXERCISE (self->exercise),
                                        g_variant_dict_end (&dict), &error))
    set_error (self, g_strdup (error->message));
  proprio_match_settings_sync (self);
}

/* ---- following the engine ---- */

static void
engine_changed_cb (ProprioMatchSettings *self)
{
  gboolean active = proprio_exercise_is_active (PROPRIO_EXERCISE (self->exercise));

  gtk_widget_set_sensitive (GTK_WIDGET (self), !active);
  /* Another window may have changed them; while typing a bad schedule, keep what is typed. */
  if (!active && !self->updating)
    proprio_match_settings_sync (self);
}

static void
proprio_match_settings_dispose (GObject *object)
{
  ProprioMatchSettings *self = PROPRIO_MATCH_SETTINGS (object);

  if (self->exercise != NULL)
    g_signal_handlers_disconnect_by_data (self->exercise, self);
  g_clear_object (&self->exercise);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (proprio_match_settings_parent_class)->dispose (object);
}

static void
proprio_match_settings_class_init (ProprioMatchSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = proprio_match_settings_dispose;
}

static void
proprio_match_settings_init (ProprioMatchSettings *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
}

GtkWidget *
proprio_match_settings_new (ProprioMatchExercise *exercise)
{
  ProprioMatchSettings *self;

  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (exercise), NULL);

  self = g_object_new (PROPRIO_TYPE_MATCH_SETTINGS, NULL);
  self->exercise = g_object_ref (exercise);
  build (self);
  proprio_match_settings_sync (self);
  g_signal_connect_object (exercise, "changed", G_CALLBACK (engine_changed_cb), self,
                           G_CONNECT_SWAPPED);
  engine_changed_cb (self);
  return GTK_WIDGET (self);
}

ProprioMatchExercise *
proprio_match_settings_get_exercise (ProprioMatchSettings *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_SETTINGS (self), NULL);
  return self->exercise;
}

const char *
proprio_match_settings_get_error (ProprioMatchSettings *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_SETTINGS (self), NULL);
  return self->error;
}
