/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "exercises/proprio-variant-json.h"

#include "proprio-plan-json.h"
#include "proprio-plan-private.h"

/* The file form of a plan (see proprio-plan.h): read strictly, so a typo in a hand-edited file is
 * an error that names it rather than a default that silently runs instead. */

#define MAX_ID_LENGTH 64

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError     **error,
         guint        step,
         const char  *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (step > 0)
    /* Translators: a plan file is wrong at one of its steps: "Step 3: “seconds” is missing" */
    g_set_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_PARSE, _("Step %u: %s"), step,
                 what);
  else
    g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_PARSE, what);
  return FALSE;
}

static gboolean
check_keys (GVariant            *dict,
            const char * const  *known,
            guint                step,
            GError             **error)
{
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (known, key))
      return invalid (error, step, _("“%s” is not something a plan file holds"), key);
  return TRUE;
}

/* The value of `key` unboxed, or NULL when absent. */
static GVariant *
lookup (GVariant   *dict,
        const char *key)
{
  GVariant *boxed = g_variant_lookup_value (dict, key, NULL);
  GVariant *value;

  if (boxed == NULL)
    return NULL;
  value = g_variant_is_of_type (boxed, G_VARIANT_TYPE_VARIANT) ? g_variant_get_variant (boxed)
                                                               : g_variant_ref (boxed);
  g_variant_unref (boxed);
  return value;
}

static gboolean
get_text (GVariant    *dict,
          const char  *key,
          guint        step,
          char       **out,
          GError     **error)
{
  g_autoptr(GVariant) value = lookup (dict, key);

  if (value == NULL)
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return invalid (error, step, _("“%s” should be a text in quotes"), key);
  if (g_utf8_strlen (g_variant_get_string (value, NULL), -1) > PROPRIO_PLAN_MAX_TEXT)
    return invalid (error, step, _("“%s” is longer than %d characters"), key,
                    PROPRIO_PLAN_MAX_TEXT);
  *out = g_variant_dup_string (value, NULL);
  return TRUE;
}

static gboolean
valid_id (const char *id)
{
  gsize n = strlen (id);

  if (n == 0 || n > MAX_ID_LENGTH)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static ProprioPlanStep *
step_from_variant (GVariant  *value,
                   guint      number,
                   GError   **error)
{
  static const char * const known[] = {
    "kind", "exercise", "title", "note", "settings", "seconds", NULL
  };
  g_autoptr(GVariant) kind_value = NULL;
  g_autoptr(GVariant) exercise_value = NULL;
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(GVariant) seconds_value = NULL;
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  const char *exercise_id = "";
  ProprioPlanStepKind kind;
  ProprioPlanStep *step;
  double seconds = 0;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      invalid (error, number, _("a step should be a group of named values in braces"));
      return NULL;
    }
  if (!check_keys (value, known, number, error))
    return NULL;

  kind_value = lookup (value, "kind");
  if (kind_value == NULL || !g_variant_is_of_type (kind_value, G_VARIANT_TYPE_STRING) ||
      !proprio_plan_step_kind_from_string (g_variant_get_string (kind_value, NULL), &kind))
    {
      invalid (error, number, _("“kind” should be “exercise”, “pause” or “pacer”"));
      return NULL;
    }

  exercise_value = lookup (value, "exercise");
  if (exercise_value != NULL)
    {
      if (!g_variant_is_of_type (exercise_value, G_VARIANT_TYPE_STRING) ||
          !(valid_id (g_variant_get_string (exercise_value, NULL)) ||
            (kind != PROPRIO_PLAN_STEP_EXERCISE &&
             *g_variant_get_string (exercise_value, NULL) == '\0')))
        {
          invalid (error, number, _("“exercise” should be an exercise name such as "
                                    "“static-test”"));
          return NULL;
        }
      exercise_id = g_variant_get_string (exercise_value, NULL);
    }
  if (kind == PROPRIO_PLAN_STEP_EXERCISE && *exercise_id == '\0')
    {
      invalid (error, number, _("“exercise” is missing: which exercise does this step run?"));
      return NULL;
    }
  if (kind == PROPRIO_PLAN_STEP_PAUSE && *exercise_id != '\0')
    {
      invalid (error, number, _("a pause runs no exercise: remove “exercise”"));
      return NULL;
    }

  settings = lookup (value, "settings");
  if (settings != NULL && !g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT))
    {
      invalid (error, number, _("“settings” should be a group of named values in braces"));
      return NULL;
    }
  if (settings != NULL && kind == PROPRIO_PLAN_STEP_PAUSE && g_variant_n_children (settings) > 0)
    {
      invalid (error, number, _("a pause has no settings: remove “settings”"));
      return NULL;
    }

  seconds_value = lookup (value, "seconds");
  if (kind == PROPRIO_PLAN_STEP_EXERCISE)
    {
      if (seconds_value != NULL)
        {
          invalid (error, number, _("an exercise step takes its time from its settings: "
                                    "remove “seconds”"));
          return NULL;
        }
    }
  else
    {
      if (seconds_value != NULL && g_variant_is_of_type (seconds_value, G_VARIANT_TYPE_INT64))
        seconds = (double) g_variant_get_int64 (seconds_value);
      else if (seconds_value != NULL &&
               g_variant_is_of_type (seconds_value, G_VARIANT_TYPE_DOUBLE))
        seconds = g_variant_get_double (seconds_value);
      else
        seconds = NAN;
      if (!(seconds >= PROPRIO_PLAN_MIN_SECONDS && seconds <= PROPRIO_PLAN_MAX_SECONDS))
        {
          invalid (error, number, _("“seconds” should be a number from %.1f to %.0f"),
                   PROPRIO_PLAN_MIN_SECONDS, PROPRIO_PLAN_MAX_SECONDS);
          return NULL;
        }
    }

  if (!get_text (value, "title", number, &title, error) ||
      !get_text (value, "note", number, &note, error))
    return NULL;

  switch (kind)
    {
    case PROPRIO_PLAN_STEP_EXERCISE:
      step = proprio_plan_step_new_exercise (exercise_id, settings, title);
      break;
    case PROPRIO_PLAN_STEP_PAUSE:
      step = proprio_plan_step_new_pause (seconds, title);
      break;
    case PROPRIO_PLAN_STEP_PACER:
    default:
      step = proprio_plan_step_new_pacer (exercise_id, seconds, settings, title);
      break;
    }
  proprio_plan_step_set_note (step, note);
  return step;
}

ProprioPlan *
proprio_plan_new_from_json (const char  *text,
                            gssize       length,
                            gboolean     example,
                            GError     **error)
{
  static const char * const known[] = {
    "format", "version", "title", "notes", "example", "steps", NULL
  };
  g_autoptr(GError) json_error = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) format = NULL;
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GVariant) example_value = NULL;
  g_autoptr(GVariant) steps = NULL;
  g_autoptr(ProprioPlan) plan = NULL;
  g_autofree char *title = NULL;
  g_autofree char *notes = NULL;
  gsize n_steps;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = proprio_json_parse (text, length, &json_error);
  if (root == NULL)
    {
      g_set_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_PARSE,
                   _("This is not a plan file (not JSON): %s"), json_error->message);
      return NULL;
    }
  format = g_variant_is_of_type (root, G_VARIANT_TYPE_VARDICT) ? lookup (root, "format") : NULL;
  if (format == NULL || !g_variant_is_of_type (format, G_VARIANT_TYPE_STRING) ||
      !g_str_equal (g_variant_get_string (format, NULL), PROPRIO_PLAN_FORMAT))
    {
      invalid (error, 0, _("This is not a Proprio plan file (it does not say "
                           "“\"format\": \"proprio-plan\"”)"));
      return NULL;
    }
  version = lookup (root, "version");
  if (version == NULL || !g_variant_is_of_type (version, G_VARIANT_TYPE_INT64) ||
      g_variant_get_int64 (version) < 1)
    {
      invalid (error, 0, _("“version” should be a whole number from 1"));
      return NULL;
    }
  if (g_variant_get_int64 (version) > PROPRIO_PLAN_VERSION)
    {
      g_set_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_VERSION,
                   _("This plan was saved by a newer version of Proprio (plan format %d; this "
                     "version reads %d): update Proprio to open it"),
                   (int) MIN (g_variant_get_int64 (version), G_MAXINT), PROPRIO_PLAN_VERSION);
      return NULL;
    }
  if (!check_keys (root, known, 0, error))
    return NULL;

  example_value = lookup (root, "example");
  if (example_value != NULL && !g_variant_is_of_type (example_value, G_VARIANT_TYPE_BOOLEAN))
    {
      invalid (error, 0, _("“example” should be true or false"));
      return NULL;
    }
  if (!get_text (root, "title", 0, &title, error) ||
      !get_text (root, "notes", 0, &notes, error))
    return NULL;

  steps = lookup (root, "steps");
  if (steps != NULL && !g_variant_is_of_type (steps, G_VARIANT_TYPE ("av")))
    {
      invalid (error, 0, _("“steps” should be a list in brackets"));
      return NULL;
    }
  n_steps = steps != NULL ? g_variant_n_children (steps) : 0;
  if (n_steps > PROPRIO_PLAN_MAX_STEPS)
    {
      invalid (error, 0, _("A plan holds at most %d steps; this one has %u"),
               PROPRIO_PLAN_MAX_STEPS, (guint) MIN (n_steps, G_MAXUINT));
      return NULL;
    }

  plan = proprio_plan_new (*title != '\0' ? title : _("Untitled plan"));
  proprio_plan_set_notes (plan, notes);
  for (gsize i = 0; i < n_steps; i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (steps, i);
      g_autoptr(GVariant) item = g_variant_get_variant (boxed);
      g_autoptr(ProprioPlanStep) step = step_from_variant (item, (guint) i + 1, error);

      if (step == NULL)
        return NULL;
      proprio_plan_append_step (plan, step);
    }
  /* Last: an example refuses changes to its title, notes and list of steps. */
  _proprio_plan_set_example (plan, example);
  return g_steal_pointer (&plan);
}

static void
append_member (GString    *out,
               guint       indent,
               const char *key,
               gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '\n');
  for (guint i = 0; i < indent; i++)
    g_string_append (out, "  ");
  proprio_json_append_string (out, key);
  g_string_append (out, ": ");
}

static void
append_step (GString         *out,
             ProprioPlanStep *step)
{
  ProprioPlanStepKind kind = proprio_plan_step_get_kind (step);
  const char *exercise_id = proprio_plan_step_get_exercise_id (step);

  g_string_append (out, "    {");
  append_member (out, 3, "kind", TRUE);
  proprio_json_append_string (out, proprio_plan_step_kind_to_string (kind));
  if (*exercise_id != '\0')
    {
      append_member (out, 3, "exercise", FALSE);
      proprio_json_append_string (out, exercise_id);
    }
  if (kind != PROPRIO_PLAN_STEP_EXERCISE)
    {
      append_member (out, 3, "seconds", FALSE);
      proprio_json_append_double (out, proprio_plan_step_get_seconds (step));
    }
  append_member (out, 3, "title", FALSE);
  proprio_json_append_string (out, proprio_plan_step_get_title (step));
  append_member (out, 3, "note", FALSE);
  proprio_json_append_string (out, proprio_plan_step_get_note (step));
  if (kind != PROPRIO_PLAN_STEP_PAUSE)
    {
      append_member (out, 3, "settings", FALSE);
      proprio_variant_json_append (out, proprio_plan_step_get_settings (step));
    }
  g_string_append (out, "\n    }");
}

char *
proprio_plan_to_json (ProprioPlan *self)
{
  GString *out;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);

  out = g_string_new ("{");
  append_member (out, 1, "format", TRUE);
  proprio_json_append_string (out, PROPRIO_PLAN_FORMAT);
  append_member (out, 1, "version", FALSE);
  g_string_append_printf (out, "%d", PROPRIO_PLAN_VERSION);
  append_member (out, 1, "title", FALSE);
  proprio_json_append_string (out, proprio_plan_get_title (self));
  append_member (out, 1, "notes", FALSE);
  proprio_json_append_string (out, proprio_plan_get_notes (self));
  append_member (out, 1, "example", FALSE);
  g_string_append (out, proprio_plan_is_example (self) ? "true" : "false");
  append_member (out, 1, "steps", FALSE);
  n = proprio_plan_get_n_steps (self);
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, i == 0 ? "\n" : ",\n");
      append_step (out, proprio_plan_get_step (self, i));
    }
  g_string_append (out, n > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return g_string_free (out, FALSE);
}
