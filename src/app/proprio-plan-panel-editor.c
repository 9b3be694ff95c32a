/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-plan-panel-private.h"

/* ---- what a step says about itself ---- */

char *
_proprio_plan_format_seconds (double seconds)
{
  long whole = lround (seconds);

  if (seconds < 59.5)
    {
      if (fabs (seconds - (double) whole) < 0.05)
        /* Translators: a duration under a minute, "45 s" */
        return g_strdup_printf (_("%ld s"), whole);
      /* Translators: a duration under a minute, "2.5 s" */
      return g_strdup_printf (_("%.1f s"), seconds);
    }
  return g_strdup_printf ("%ld:%02ld", whole / 60, whole % 60);
}

/* A number from settings that may come from a file (JSON's integers) or from an engine. */
static gboolean
lookup_number (GVariant   *settings,
               const char *key,
               double     *out)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (settings, key, NULL);

  if (value == NULL)
    return FALSE;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (value);

      g_variant_unref (value);
      value = inner;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    *out = g_variant_get_double (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    *out = (double) g_variant_get_int64 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    *out = g_variant_get_uint32 (value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    *out = g_variant_get_int32 (value);
  else
    return FALSE;
  return isfinite (*out);
}

static const char *
lookup_text (GVariant   *settings,
             const char *key)
{
  const char *text = NULL;

  if (!g_variant_lookup (settings, key, "&s", &text))
    return NULL;
  return text;
}

/* The strings of an "as" (an engine's) or an "av" of strings (a file's). */
static GPtrArray *
lookup_strings (GVariant   *settings,
                const char *key)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (settings, key, NULL);
  GPtrArray *strings;
  GVariantIter iter;
  GVariant *item;

  if (value == NULL || !g_variant_is_container (value))
    return NULL;
  strings = g_ptr_array_new ();
  g_variant_iter_init (&iter, value);
  while ((item = g_variant_iter_next_value (&iter)) != NULL)
    {
      GVariant *inner = g_variant_is_of_type (item, G_VARIANT_TYPE_VARIANT)
                        ? g_variant_get_variant (item) : g_variant_ref (item);

      if (g_variant_is_of_type (inner, G_VARIANT_TYPE_STRING))
        g_ptr_array_add (strings, (gpointer) g_intern_string (g_variant_get_string (inner,
                                                                                    NULL)));
      g_variant_unref (inner);
      g_variant_unref (item);
    }
  return strings;
}

static const char *
condition_name (const char *nick)
{
  if (g_str_equal (nick, "eyes-open"))
    return _("eyes open");
  if (g_str_equal (nick, "eyes-closed"))
    return _("eyes closed");
  if (g_str_equal (nick, "foam-eyes-open"))
    return _("foam, eyes open");
  if (g_str_equal (nick, "foam-eyes-closed"))
    return _("foam, eyes closed");
  return nick;
}

static const char *
preset_name (const char *nick)
{
  if (g_str_equal (nick, "left-right"))
    return _("left and right");
  if (g_str_equal (nick, "front-back"))
    return _("forwards and backwards");
  if (g_str_equal (nick, "eight-directions"))
    return _("eight directions");
  if (g_str_equal (nick, "random"))
    return _("random targets");
  if (g_str_equal (nick, "custom"))
    return _("own targets");
  return nick;
}

static const char *
mode_name (const char *nick)
{
  if (g_str_equal (nick, "activate"))
    return _("activate");
  if (g_str_equal (nick, "inhibit"))
    return _("keep quiet");
  if (g_str_equal (nick, "dual"))
    return _("activate and keep quiet");
  return nick;
}

static void
add_part (GPtrArray  *parts,
          char       *part)
{
  if (part != NULL)
    g_ptr_array_add (parts, part);
}

/* Only what the step fixes: a key it does not give keeps what the work area is set to. */
static void
describe_settings (const char *id,
                   GVariant   *settings,
                   GPtrArray  *parts)
{
  g_autoptr(GPtrArray) strings = NULL;
  const char *text;
  double value, other;

  if (g_str_equal (id, "static-test"))
    {
      strings = lookup_strings (settings, "conditions");
      if (strings != NULL && strings->len > 0)
        {
          GString *names = g_string_new (NULL);

          for (guint i = 0; i < strings->len; i++)
            g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                    condition_name (strings->pdata[i]));
          add_part (parts, g_string_free (names, FALSE));
        }
      if (lookup_number (settings, "duration-s", &value))
        /* Translators: the length of each condition of a static balance test */
        add_part (parts, g_strdup_printf (_("%g s each"), value));
      return;
    }
  if (g_str_equal (id, "weight-shift"))
    {
      if ((text = lookup_text (settings, "preset")) != NULL)
        add_part (parts, g_strdup (preset_name (text)));
      if (lookup_number (settings, "repetitions", &value))
        /* Translators: how many times the targets are presented */
        add_part (parts, g_strdup_printf (_("%g ×"), value));
      if (lookup_number (settings, "dwell-s", &value))
        /* Translators: how long the patient must stay in a target */
        add_part (parts, g_strdup_printf (_("hold %g s"), value));
      return;
    }
  if (g_str_equal (id, "los-test"))
    {
      strings = lookup_strings (settings, "directions");
      if (strings != NULL)
        add_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u direction",
                                                       "%u directions", strings->len),
                                          strings->len));
      if (lookup_number (settings, "trial-s", &value))
        /* Translators: the time for each direction of the limits of stability */
        add_part (parts, g_strdup_printf (_("%g s each"), value));
      return;
    }
  if (g_str_equal (id, "mvc-calibration"))
    {
      if (lookup_number (settings, "contractions", &value) &&
          lookup_number (settings, "contraction-s", &other))
        /* Translators: "3 × 5 s" contractions of an MVC calibration */
        add_part (parts, g_strdup_printf (_("%g × %g s"), value, other));
      return;
    }
  if (g_str_equal (id, "activation-drill"))
    {
      if ((text = lookup_text (settings, "mode")) != NULL)
        add_part (parts, g_strdup (mode_name (text)));
      if (lookup_number (settings, "band-lower", &value) &&
          lookup_number (settings, "band-upper", &other))
        /* Translators: the band a muscle's activation must stay in */
        add_part (parts, g_strdup_printf (_("band %g–%g"), value, other));
      if (lookup_number (settings, "repetitions", &value) &&
          lookup_number (settings, "work-s", &other))
        /* Translators: "10 × 10 s" work periods of an activation drill */
        add_part (parts, g_strdup_printf (_("%g × %g s"), value, other));
      return;
    }
  if (g_variant_n_children (settings) > 0)
    add_part (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting", "%u settings",
                                                   (guint) g_variant_n_children (settings)),
                                      (guint) g_variant_n_children (settings)));
}

char *
_proprio_plan_step_describe (ProprioPlanStep *step,
                             ProprioStation  *station)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *id = proprio_plan_step_get_exercise_id (step);
  gunichar first;
  char *line;

  switch (proprio_plan_step_get_kind (step))
    {
    case PROPRIO_PLAN_STEP_PAUSE:
      add_part (parts, g_strdup (_("Rest")));
      add_part (parts, _proprio_plan_format_seconds (proprio_plan_step_get_seconds (step)));
      break;
    case PROPRIO_PLAN_STEP_PACER:
      add_part (parts, g_strdup (*id != '\0' && proprio_station_get_engine (station, id) != NULL
                                 ? _("Pacer") : _("Pacer (a timed rest in this version)")));
      add_part (parts, _proprio_plan_format_seconds (proprio_plan_step_get_seconds (step)));
      break;
    case PROPRIO_PLAN_STEP_EXERCISE:
    default:
      describe_settings (id, proprio_plan_step_get_settings (step), parts);
      if (parts->len == 0)
        add_part (parts, g_strdup (_("As the work area is set")));
      break;
    }
  g_ptr_array_add (parts, NULL);
  line = g_strjoinv (" · ", (char **) parts->pdata);
  /* A capital first letter: it starts the line ("Left and right · 5 ×"). */
  first = g_utf8_get_char (line);
  if (g_unichar_islower (first))
    {
      char upper[8] = { 0 };
      char *rest = g_utf8_next_char (line);
      char *capital;

      g_unichar_to_utf8 (g_unichar_toupper (first), upper);
      capital = g_strconcat (upper, rest, NULL);
      g_free (line);
      line = capital;
    }
  return line;
}

char *
_proprio_plan_step_dup_title (ProprioPlanStep *step,
                              ProprioStation  *station)
{
  const char *title = proprio_plan_step_get_title (step);
  const char *id = proprio_plan_step_get_exercise_id (step);
  ProprioExercise *engine;

  if (*title != '\0')
    return g_strdup (title);
  switch (proprio_plan_step_get_kind (step))
    {
    case PROPRIO_PLAN_STEP_PAUSE:
      return g_strdup (_("Rest"));
    case PROPRIO_PLAN_STEP_PACER:
      return g_strdup (_("Pacer"));
    case PROPRIO_PLAN_STEP_EXERCISE:
    default:
      engine = proprio_station_get_engine (station, id);
      return g_strdup (engine != NULL ? proprio_exercise_get_title (engine) : id);
    }
}

static const char *
step_icon (ProprioPlanStep *step,
           ProprioStation  *station)
{
  ProprioExercise *engine;

  switch (proprio_plan_step_get_kind (step))
    {
    case PROPRIO_PLAN_STEP_PAUSE:
      return "preferences-system-time-symbolic";
    case PROPRIO_PLAN_STEP_PACER:
      return "weather-windy-symbolic";
    case PROPRIO_PLAN_STEP_EXERCISE:
    default:
      engine = proprio_station_get_engine (station, proprio_plan_step_get_exercise_id (step));
      switch (engine != NULL ? proprio_exercise_get_stream_kind (engine) : PROPRIO_STREAM_GENERIC)
        {
        case PROPRIO_STREAM_BALANCE: return "proprio-balance-symbolic";
        case PROPRIO_STREAM_EMG:     return "proprio-muscle-symbolic";
        case PROPRIO_STREAM_ANGLE:   return "proprio-joint-symbolic";
        case PROPRIO_STREAM_GENERIC:
        default:
          return "dialog-warning-symbolic";
        }
    }
}

/* ---- the rows of the steps ---- */

static gboolean
editable (ProprioPlanPanel *self)
{
  return self->plan != NULL && !proprio_plan_is_example (self->plan);
}

static ProprioPlanStep *
row_step (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW);

  return row != NULL ? g_object_get_data (G_OBJECT (row), "proprio-plan-step") : NULL;
}

/* `check`: whether to ask the engine again if the step would start (it applies the settings and
 * gives its own back, so only when the settings changed, not for every key of a note). */
static void
update_step_row (ProprioPlanPanel *self,
                 GtkWidget        *row,
                 gboolean          check_settings)
{
  ProprioPlanStep *step = g_object_get_data (G_OBJECT (row), "proprio-plan-step");
  GtkLabel *check = g_object_get_data (G_OBJECT (row), "proprio-check-label");
  g_autofree char *title = _proprio_plan_step_dup_title (step, self->station);
  g_autofree char *numbered = NULL;
  g_autofree char *summary = _proprio_plan_step_describe (step, self->station);
  g_autoptr(GError) error = NULL;
  int index = proprio_plan_find_step (self->plan, step);
  GtkWidget *up = g_object_get_data (G_OBJECT (row), "proprio-up");
  GtkWidget *down = g_object_get_data (G_OBJECT (row), "proprio-down");

  /* Translators: a step of a plan in its list, "2. Weight shift" */
  numbered = g_strdup_printf (_("%d. %s"), index + 1, title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), numbered);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), summary);
  if (up != NULL)
    gtk_widget_set_sensitive (up, index > 0);
  if (down != NULL)
    gtk_widget_set_sensitive (down, index + 1 < (int) proprio_plan_get_n_steps (self->plan));

  /* A step that will not start is said now, not in front of the patient. */
  if (check != NULL && check_settings)
    {
      gboolean ok = proprio_plan_run_check_step (self->run, step, &error) ||
                    g_error_matches (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_BUSY);

      gtk_label_set_label (check, ok ? "" : error->message);
      gtk_widget_set_visible (GTK_WIDGET (check), !ok);
    }
}

static void
update_all_rows (ProprioPlanPanel *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->step_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_EXPANDER_ROW (row))
      update_step_row (self, row, FALSE);
}

static void
step_notify_cb (ProprioPlanStep *step,
                GParamSpec      *pspec,
                GtkWidget       *row)
{
  ProprioPlanPanel *self = g_object_get_data (G_OBJECT (row), "proprio-plan-panel");

  update_step_row (self, row, g_str_equal (pspec->name, "settings"));
}

static void
move_clicked_cb (GtkButton        *button,
                 ProprioPlanPanel *self)
{
  ProprioPlanStep *step = row_step (GTK_WIDGET (button));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "proprio-delta"));
  int index = proprio_plan_find_step (self->plan, step);

  if (index < 0 || index + delta < 0)
    return;
  proprio_plan_move_step (self->plan, (guint) index, (guint) (index + delta));
}

static void
remove_clicked_cb (GtkButton        *button,
                   ProprioPlanPanel *self)
{
  int index = proprio_plan_find_step (self->plan, row_step (GTK_WIDGET (button)));

  if (index >= 0)
    proprio_plan_remove_step (self->plan, (guint) index);
}

static void
take_settings_clicked_cb (GtkButton        *button,
                          ProprioPlanPanel *self)
{
  ProprioPlanStep *step = row_step (GTK_WIDGET (button));
  const char *id = proprio_plan_step_get_exercise_id (step);
  ProprioExercise *engine = proprio_station_get_engine (self->station, id);
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(ProprioPlanStep) fresh = NULL;

  if (engine == NULL)
    return;
  settings = proprio_exercise_get_settings (engine);
  fresh = proprio_plan_step_new_from_engine_settings (id, settings, NULL);
  proprio_plan_step_set_settings (step, proprio_plan_step_get_settings (fresh));
}

static void
entry_changed_cb (GtkEditable      *editable,
                  ProprioPlanPanel *self)
{
  ProprioPlanStep *step = row_step (GTK_WIDGET (editable));
  const char *property = g_object_get_data (G_OBJECT (editable), "proprio-property");

  if (step != NULL && !self->updating)
    g_object_set (step, property, gtk_editable_get_text (editable), NULL);
}

static void
seconds_changed_cb (GtkSpinButton    *spin,
                    ProprioPlanPanel *self)
{
  ProprioPlanStep *step = row_step (GTK_WIDGET (spin));

  if (step != NULL && !self->updating)
    proprio_plan_step_set_seconds (step, gtk_spin_button_get_value (spin));
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

static GtkWidget *
text_row (ProprioPlanPanel *self,
          const char       *title,
          const char       *text,
          const char       *property)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_editable_set_editable (GTK_EDITABLE (row), editable (self));
  g_object_set_data (G_OBJECT (row), "proprio-property", (gpointer) property);
  gtk_widget_set_name (row, property);
  g_signal_connect (row, "changed", G_CALLBACK (entry_changed_cb), self);
  return row;
}

static GtkWidget *
create_step_row (gpointer item,
                 gpointer user_data)
{
  ProprioPlanPanel *self = user_data;
  ProprioPlanStep *step = item;
  GtkWidget *row = adw_expander_row_new ();
  gboolean can_edit = editable (self);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "proprio-plan-step", g_object_ref (step),
                          g_object_unref);
  g_object_set_data (G_OBJECT (row), "proprio-plan-panel", self);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                               gtk_image_new_from_icon_name (step_icon (step, self->station)));

  if (can_edit)
    {
      GtkWidget *up = icon_button ("go-up-symbolic", _("Move Up"));
      GtkWidget *down = icon_button ("go-down-symbolic", _("Move Down"));

      g_object_set_data (G_OBJECT (up), "proprio-delta", GINT_TO_POINTER (-1));
      g_object_set_data (G_OBJECT (down), "proprio-delta", GINT_TO_POINTER (1));
      gtk_widget_set_name (up, "plan-step-up");
      gtk_widget_set_name (down, "plan-step-down");
      g_signal_connect (up, "clicked", G_CALLBACK (move_clicked_cb), self);
      g_signal_connect (down, "clicked", G_CALLBACK (move_clicked_cb), self);
      g_object_set_data (G_OBJECT (row), "proprio-up", up);
      g_object_set_data (G_OBJECT (row), "proprio-down", down);
      /* Each action goes before the ones added earlier. */
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), down);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), up);
    }

  self->updating = TRUE;
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            text_row (self, _("Title"), proprio_plan_step_get_title (step),
                                      "title"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                            text_row (self, _("Note"), proprio_plan_step_get_note (step),
                                      "note"));
  if (proprio_plan_step_is_timed (step))
    {
      GtkWidget *length = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (1, PROPRIO_PLAN_MAX_SECONDS, 5);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (length), _("Length (seconds)"));
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), proprio_plan_step_get_seconds (step));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (spin, can_edit);
      gtk_widget_set_name (spin, "plan-step-seconds");
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Length in seconds"), -1);
      g_signal_connect (spin, "value-changed", G_CALLBACK (seconds_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (length), spin);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), length);
    }
  self->updating = FALSE;

  if (proprio_plan_step_get_kind (step) != PROPRIO_PLAN_STEP_PAUSE)
    {
      GtkWidget *check = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (check), TRUE);
      gtk_label_set_xalign (GTK_LABEL (check), 0);
      gtk_widget_add_css_class (check, "error");
      gtk_widget_set_margin_start (check, 12);
      gtk_widget_set_margin_end (check, 12);
      gtk_widget_set_margin_top (check, 6);
      gtk_widget_set_margin_bottom (check, 6);
      gtk_widget_set_visible (check, FALSE);
      g_object_set_data (G_OBJECT (row), "proprio-check-label", check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), check);
    }
  if (can_edit && proprio_plan_step_get_kind (step) == PROPRIO_PLAN_STEP_EXERCISE)
    {
      GtkWidget *take = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use Current"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (take), _("Settings"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (take),
                                   _("Take the settings its work area shows now"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (button, "plan-step-take-settings");
      g_signal_connect (button, "clicked", G_CALLBACK (take_settings_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (take), button);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), take);
    }
  if (can_edit)
    {
      GtkWidget *remove = adw_action_row_new ();
      GtkWidget *button = icon_button ("user-trash-symbolic", _("Remove Step"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove), _("Remove this step"));
      gtk_widget_set_name (button, "plan-step-remove");
      gtk_widget_add_css_class (button, "destructive-action");
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove), button);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), remove);
    }

  g_signal_connect_object (step, "notify", G_CALLBACK (step_notify_cb), row, 0);
  update_step_row (self, row, TRUE);
  return row;
}

static void
update_summary (ProprioPlanPanel *self)
{
  guint n = self->plan != NULL ? proprio_plan_get_n_steps (self->plan) : 0;
  double timed = self->plan != NULL ? proprio_plan_get_timed_seconds (self->plan) : 0;
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (editable (self) ? _("No steps yet: set an exercise up on its work area, "
                                         "then add it here with its settings.")
                                     : "");
  else if (timed > 0)
    {
      g_autofree char *time = _proprio_plan_format_seconds (timed);

      /* Translators: what the timed steps of a plan add up to */
      text = g_strdup_printf (_("Rests and pacing: %s, plus the exercises."), time);
    }
  gtk_label_set_label (self->duration_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->duration_label), text != NULL && *text != '\0');
}

void
_proprio_plan_panel_plan_changed (ProprioPlanPanel *self)
{
  update_summary (self);
}

static void
steps_changed_cb (ProprioPlanPanel *self)
{
  /* Numbers of the rows after a move or a removal. */
  update_all_rows (self);
  update_summary (self);
}

/* ---- the editor page ---- */

static void
title_changed_cb (ProprioPlanPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  if (self->updating || !editable (self))
    return;
  proprio_plan_set_title (self->plan, text);
  gtk_label_set_label (self->editor_title, proprio_plan_get_title (self->plan));
}

static void
notes_changed_cb (ProprioPlanPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (self->updating || !editable (self))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  proprio_plan_set_notes (self->plan, text);
}

void
_proprio_plan_panel_show_plan (ProprioPlanPanel *self)
{
  GListModel *steps = self->plan != NULL ? proprio_plan_get_steps (self->plan) : NULL;

  if (self->steps != NULL)
    g_clear_signal_handler (&self->steps_changed_id, self->steps);
  g_set_object (&self->steps, steps);
  if (steps != NULL)
    self->steps_changed_id = g_signal_connect_object (steps, "items-changed",
                                                      G_CALLBACK (steps_changed_cb), self,
                                                      G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  self->updating = TRUE;
  gtk_label_set_label (self->editor_title, self->plan != NULL ? proprio_plan_get_title (self->plan)
                                                              : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         self->plan != NULL ? proprio_plan_get_title (self->plan) : "");
  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), editable (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            self->plan != NULL ? proprio_plan_get_notes (self->plan) : "", -1);
  gtk_text_view_set_editable (self->notes_view, editable (self));
  gtk_text_view_set_cursor_visible (self->notes_view, editable (self));
  gtk_widget_set_visible (GTK_WIDGET (self->example_box),
                          self->plan != NULL && proprio_plan_is_example (self->plan));
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), editable (self));
  self->updating = FALSE;

  gtk_list_box_bind_model (self->step_list, steps, create_step_row, self, NULL);
  update_summary (self);
}

static const char *
area_of (ProprioExercise *engine)
{
  switch (proprio_exercise_get_stream_kind (engine))
    {
    case PROPRIO_STREAM_BALANCE: return _("Balance");
    case PROPRIO_STREAM_EMG:     return _("Muscle");
    case PROPRIO_STREAM_ANGLE:   return _("Joint Position");
    case PROPRIO_STREAM_GENERIC:
    default:
      return _("Other");
    }
}

/* Pacer engines are being written: one whose id ends in "pacer" runs pacer steps once it is
 * there, until then a pacer step is a timed rest. */
static const char *
pacer_id (ProprioStation *station)
{
  const char * const *ids = proprio_station_get_exercise_ids (station);

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_has_suffix (ids[i], "pacer"))
      return ids[i];
  return "";
}

static GMenuModel *
add_step_menu (ProprioPlanPanel *self)
{
  const char * const *ids = proprio_station_get_exercise_ids (self->station);
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) timed = g_menu_new ();
  GMenu *section = NULL;
  const char *area = NULL;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      ProprioExercise *engine = proprio_station_get_engine (self->station, ids[i]);
      g_autoptr(GMenuItem) item = NULL;

      if (engine == NULL || g_str_has_suffix (ids[i], "pacer"))
        continue;
      if (g_strcmp0 (area, area_of (engine)) != 0)
        {
          area = area_of (engine);
          section = g_menu_new ();
          g_menu_append_section (menu, area, G_MENU_MODEL (section));
          g_object_unref (section);
        }
      item = g_menu_item_new (proprio_exercise_get_title (engine), NULL);
      g_menu_item_set_action_and_target (item, "plan-panel.add-step", "s", ids[i]);
      g_menu_append_item (section, item);
    }
  g_menu_append (timed, _("Rest"), "plan-panel.add-step::pause");
  g_menu_append (timed, _("Breathing Pacer"), "plan-panel.add-step::pacer");
  g_menu_append_section (menu, _("Between Exercises"), G_MENU_MODEL (timed));
  return G_MENU_MODEL (menu);
}

void
_proprio_plan_panel_add_step (ProprioPlanPanel *self,
                              const char       *what)
{
  g_autoptr(ProprioPlanStep) step = NULL;

  if (!editable (self))
    return;
  if (g_str_equal (what, "pause"))
    step = proprio_plan_step_new_pause (60, _("Rest"));
  else if (g_str_equal (what, "pacer"))
    step = proprio_plan_step_new_pacer (pacer_id (self->station), 300, NULL,
                                        _("Breathing, 6 breaths a minute"));
  else
    {
      ProprioExercise *engine = proprio_station_get_engine (self->station, what);
      g_autoptr(GVariant) settings = NULL;

      if (engine == NULL)
        return;
      /* The settings the work area shows now: what the therapist just set up there. */
      settings = proprio_exercise_get_settings (engine);
      step = proprio_plan_step_new_from_engine_settings (what, settings,
                                                        proprio_exercise_get_title (engine));
    }
  if (!proprio_plan_append_step (self->plan, step))
    {
      AdwToast *toast = adw_toast_new_format (_("A plan holds at most %d steps"),
                                              PROPRIO_PLAN_MAX_STEPS);

      _proprio_plan_panel_toast (self, toast);
    }
}

void
_proprio_plan_panel_init_editor (ProprioPlanPanel *self)
{
  g_autoptr(GMenuModel) menu = add_step_menu (self);

  gtk_menu_button_set_menu_model (self->add_button, menu);
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (title_changed_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->notes_view), "changed",
                            G_CALLBACK (notes_changed_cb), self);
  _proprio_plan_panel_show_plan (self);
}
