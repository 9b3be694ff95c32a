/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>

char **
_report_row (char *first,
             ...)
{
  GPtrArray *row = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (char *cell = first; cell != NULL; cell = va_arg (args, char *))
    g_ptr_array_add (row, cell);
  va_end (args);
  g_ptr_array_add (row, NULL);
  return (char **) g_ptr_array_free (row, FALSE);
}

/* --- settings --- */

/* Labels of the settings the engines write (their headers list them), in the report's language;
 * a key not listed here is shown as it is. */
static const struct
{
  const char *key;
  const char *label;
} setting_labels[] = {
  { "conditions", N_("Conditions") },
  { "duration-s", N_("Duration of each condition") },
  { "countdown-s", N_("Countdown") },
  { "hide-feedback", N_("Live feedback hidden") },
  { "auto-advance", N_("Next condition starts by itself") },
  { "lowpass-hz", N_("Low-pass filter before the metrics") },
  { "preset", N_("Targets") },
  { "distance-mm", N_("Target distance") },
  { "los-percent", N_("Share of the limits of stability") },
  { "target-radius-mm", N_("Target radius") },
  { "random-count", N_("Random targets") },
  { "random-seed", N_("Random seed") },
  { "dwell-s", N_("Dwell time") },
  { "timeout-s", N_("Time-out") },
  { "repetitions", N_("Repetitions") },
  { "board-width-mm", N_("Sensor spacing, side to side") },
  { "board-length-mm", N_("Sensor spacing, front to back") },
  { "targets-mm", N_("Target layout") },
  { "limits-excursion-mm", N_("Limits of stability used") },
  { "directions", N_("Directions") },
  { "height-m", N_("Body height") },
  { "target-distances-mm", N_("Target distances") },
  { "hold-s", N_("Hold before each cue") },
  { "trial-s", N_("Time per direction") },
  { "threshold", N_("Threshold") },
  { "mode", N_("Mode") },
  { "work-s", N_("Work") },
  { "rest-s", N_("Rest") },
  { "band-lower", N_("Band, lower edge") },
  { "band-upper", N_("Band, upper edge") },
  { "success-percent", N_("A rep succeeds after") },
  { "target-channel", N_("Target muscle: channel") },
  { "target-mvc", N_("Target muscle: MVC") },
  { "target-electrode", N_("Target muscle: electrode") },
  { "target-unit", N_("Target muscle: unit") },
  { "quiet-channel", N_("Quiet muscle: channel") },
  { "quiet-mvc", N_("Quiet muscle: MVC") },
  { "quiet-electrode", N_("Quiet muscle: electrode") },
  { "quiet-unit", N_("Quiet muscle: unit") },
  { "contractions", N_("Contractions") },
  { "contraction-s", N_("Contraction length") },
  { "window-s", N_("Best window") },
  { "channel", N_("Channel") },
  { "trials-per-target", N_("Trials per target") },
  { "order", N_("Order") },
  { "movement", N_("Movement") },
  { "memorise", N_("Memorise") },
  { "memorise-s", N_("Memorise time") },
  { "tolerance-deg", N_("Tolerance") },
  { "return-s", N_("Return time") },
  { "register", N_("Position registered") },
  { "still-range-deg", N_("Still within") },
  { "still-s", N_("Still for") },
  { "min-movement-deg", N_("Minimum movement") },
  { "reproduce-timeout-s", N_("Time to reproduce") },
  { "feedback", N_("Knowledge of results") },
  { "faded-percent", N_("Faded feedback") },
  { "faded-block", N_("Trials per feedback block") },
  { "feedback-s", N_("Feedback time") },
  { "start-deg", N_("Start position") },
  { "targets-deg", N_("Targets") },
};

/* Values the engines write as words (nicks), in the report's language. */
static const struct
{
  const char *nick;
  const char *text;
} value_words[] = {
  { "eyes-open", N_("eyes open") },
  { "eyes-closed", N_("eyes closed") },
  { "foam-eyes-open", N_("foam, eyes open") },
  { "foam-eyes-closed", N_("foam, eyes closed") },
  { "activate", N_("activate") },
  { "inhibit", N_("inhibit") },
  { "dual", N_("dual") },
  { "left-right", N_("left and right") },
  { "front-back", N_("front and back") },
  { "eight-directions", N_("eight directions") },
  { "random", N_("random") },
  { "custom", N_("placed by the therapist") },
  { "blocked", N_("blocked") },
  { "cycled", N_("cycled") },
  { "active", N_("active") },
  { "passive", N_("passive") },
  { "timed", N_("timed") },
  { "at-target", N_("at the target") },
  { "still", N_("when still") },
  { "key", N_("by key") },
  { "always", N_("always") },
  { "never", N_("never") },
  { "faded", N_("faded") },
  { "uV", "µV" },
};

static const char *
word (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_words); i++)
    if (g_strcmp0 (nick, value_words[i].nick) == 0)
      return _(value_words[i].text);
  return nick;
}

/* The unit a key's suffix gives ("duration-s" → "s"). */
static const char *
key_unit (const char *key)
{
  static const char *const units[][2] = {
    { "-mm", "mm" }, { "-s", "s" }, { "-hz", "Hz" }, { "-deg", "°" }, { "-percent", "%" },
    { "-m", "m" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_has_suffix (key, units[i][0]))
      return units[i][1];
  return "";
}

static char *
format_number (double value)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return g_strdup_printf ("%g", value);
}

/* The unit a setting is in: the drill's band and ceiling are in their muscle's unit. */
static const char *
setting_unit (JsonObject *settings,
              const char *key)
{
  const char *unit = NULL;

  if (g_str_equal (key, "band-lower") || g_str_equal (key, "band-upper"))
    unit = proprio_json_member_string (settings, "target-unit");
  else if (g_str_equal (key, "threshold") && proprio_json_member_string (settings, "mode"))
    unit = proprio_json_member_string (settings, "quiet-unit");
  else if (g_str_has_suffix (key, "-mvc"))
    unit = "uV";
  if (unit != NULL)
    return word (unit);
  return key_unit (key);
}

static char *
format_setting (JsonObject *settings,
                const char *key,
                JsonNode   *node)
{
  const char *unit = setting_unit (settings, key);

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      double value;

      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));
      if (type == G_TYPE_STRING)
        return g_strdup (word (json_node_get_string (node)));
      value = json_node_get_double (node);
      if ((g_str_equal (key, "lowpass-hz") || g_str_has_suffix (key, "-mvc") ||
           g_str_equal (key, "height-m")) && value <= 0)
        return g_strdup (_("none"));
      /* Electrodes are counted from 0 in files and from 1 on the sleeve. */
      if (g_str_has_suffix (key, "-electrode"))
        return g_strdup_printf (_("Ch %.0f"), value + 1);
      {
        g_autofree char *number = format_number (value);

        return *unit ? g_strdup_printf ("%s %s", number, unit) : g_steal_pointer (&number);
      }
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      g_autoptr(GString) out = g_string_new (NULL);

      /* Lists of points (a target layout) are counted; lists of values are listed. */
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element))
            {
              g_string_free (g_steal_pointer (&out), TRUE);
              return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n),
                                      n);
            }
          if (i > 0)
            g_string_append (out, ", ");
          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append (out, word (json_node_get_string (element)));
          else
            {
              g_autofree char *number = format_number (json_node_get_double (element));

              g_string_append (out, number);
            }
        }
      if (*unit && n > 0)
        g_string_append_printf (out, " %s", unit);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return g_strdup ("…");
}

typedef struct
{
  char *label;
  char *value;
} Setting;

static gint
compare_settings (gconstpointer a,
                  gconstpointer b)
{
  const Setting *sa = a, *sb = b;

  return g_utf8_collate (sa->label, sb->label);
}

void
_report_settings (ReportWriter *w,
                  JsonObject   *settings)
{
  const ReportColumn columns[] = {
    { _("Setting"), 0.30, CELL_START }, { _("Value"), 0.20, CELL_START },
    { _("Setting"), 0.30, CELL_START }, { _("Value"), 0.20, CELL_START },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GList) members = settings != NULL ? json_object_get_members (settings) : NULL;
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Setting));

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      Setting setting = { NULL, NULL };

      /* Internal: a sample index (the electrode says the channel), units said with the values,
       * the centre that goes with the limits used. */
      if (g_str_has_suffix (key, "-channel") || g_str_has_suffix (key, "-unit") ||
          g_str_equal (key, "limits-centre-mm"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (setting_labels); i++)
        if (g_str_equal (key, setting_labels[i].key))
          setting.label = g_strdup (_(setting_labels[i].label));
      if (setting.label == NULL)
        setting.label = g_strdup (key);
      setting.value = format_setting (settings, key, json_object_get_member (settings, key));
      g_array_append_val (list, setting);
    }
  if (list->len == 0)
    return;
  /* In the order of the reader's language, whatever order the engine kept them in. */
  g_array_sort (list, compare_settings);
  _report_heading (w, 2, _("Settings"));
  for (guint i = 0; i < list->len; i += 2)
    {
      Setting *a = &g_array_index (list, Setting, i);
      Setting *b = i + 1 < list->len ? &g_array_index (list, Setting, i + 1) : NULL;

      g_ptr_array_add (rows, _report_row (a->label, a->value,
                                          b != NULL ? b->label : g_strdup (""),
                                          b != NULL ? b->value : g_strdup (""), NULL));
    }
  _report_table (w, columns, G_N_ELEMENTS (columns), rows);
}

/* --- an exercise --- */

static const char *
outcome_words (const char *outcome)
{
  if (g_strcmp0 (outcome, "done") == 0)
    return _("Completed");
  if (g_strcmp0 (outcome, "cancelled") == 0)
    return _("Stopped early by the therapist: the figures are those measured until then");
  return _("Still running when it was saved: the figures are those measured until then");
}

/* The store's figures of an exercise we have no layout for. */
static void
generic_section (ReportWriter                *w,
                 ReportData                  *data,
                 const ProprioStoredExercise *exercise,
                 guint                        index)
{
  const ReportColumn columns[] = {
    { _("Figure"), 0.6, CELL_START }, { _("Value"), 0.25, CELL_END },
    { _("Unit"), 0.15, CELL_START },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < data->metrics->len; i++)
    {
      const ProprioMetric *m = data->metrics->pdata[i];

      if (m->exercise_index != (int) index)
        continue;
      g_ptr_array_add (rows, _report_row (g_strdup (m->name), format_number (m->value),
                                          g_strdup (m->unit != NULL ? m->unit : ""), NULL));
    }
  _report_heading (w, 2, _("Results"));
  if (rows->len > 0)
    _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  else
    _report_paragraph (w, _("This version of Proprio has no report layout for this exercise and "
                            "it stored no single figures: its full results are in the session’s "
                            "export (exercises.json)."), 1.0, FALSE);
}

void
_report_exercise (ReportWriter *w,
                  ReportData   *data,
                  guint         index)
{
  static const struct
  {
    const char        *id;
    ReportSectionFunc  func;
  } sections[] = {
    { "static-test", _report_static_test },
    { "weight-shift", _report_weight_shift },
    { "los-test", _report_los_test },
    { "activation-drill", _report_activation_drill },
    { "mvc-calibration", _report_mvc_calibration },
    { "jps-protocol", _report_jps },
  };
  const ProprioStoredExercise *exercise = data->exercises->pdata[index];
  g_autoptr(JsonObject) root = proprio_json_parse_object (exercise->result_json);
  JsonObject *settings = proprio_json_member_object (root, "settings");
  JsonObject *results = proprio_json_member_object (root, "results");
  g_autoptr(GDateTime) started = exercise->started_at != NULL
                                 ? g_date_time_new_from_iso8601 (exercise->started_at, NULL)
                                 : NULL;
  g_autofree char *title = g_strdup_printf ("%u. %s", index + 1, _report_exercise_name (exercise));
  g_autofree char *start = _report_time (data, started, exercise->start_us);
  g_autofree char *duration = _report_duration (exercise->end_us > exercise->start_us
                                                ? (exercise->end_us - exercise->start_us) / 1e6
                                                : NAN);
  const char *pairs[] = {
    _("Started"), start,
    _("Duration"), duration,
    _("Outcome"), outcome_words (exercise->outcome),
  };
  ReportSectionFunc func = NULL;

  _report_new_page (w);
  _report_heading (w, 1, title);
  _report_key_values (w, pairs, G_N_ELEMENTS (pairs) / 2);
  if (settings == NULL && root == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The results of exercise %u cannot be read (they were stored "
                           "damaged): only its name and times are shown."), index + 1);

      _report_notice (w, text);
      _report_add_missing (data, text);
      return;
    }
  _report_settings (w, settings);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (exercise->exercise_id, sections[i].id) == 0)
      func = sections[i].func;
  if (func != NULL && results != NULL)
    func (w, data, exercise, settings, results);
  else
    generic_section (w, data, exercise, index);
}
