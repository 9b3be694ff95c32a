/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise-result"

#include "config.h"

#include "proprio-exercise-result.h"
#include "proprio-variant-json.h"

struct _ProprioExerciseResult
{
  GObject                 parent_instance;

  char                   *id;
  char                   *title;
  gint64                  start_us;
  gint64                  end_us;
  GDateTime              *started_at;
  ProprioExerciseOutcome  outcome;
  GVariant               *settings;
  GVariant               *results;
};

G_DEFINE_FINAL_TYPE (ProprioExerciseResult, proprio_exercise_result, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ProprioExerciseOutcome, proprio_exercise_outcome,
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS, "in-progress"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_OUTCOME_DONE, "done"),
  G_DEFINE_ENUM_VALUE (PROPRIO_EXERCISE_OUTCOME_CANCELLED, "cancelled"))

const char *
proprio_exercise_outcome_to_string (ProprioExerciseOutcome outcome)
{
  switch (outcome)
    {
    case PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS: return "in-progress";
    case PROPRIO_EXERCISE_OUTCOME_DONE:        return "done";
    case PROPRIO_EXERCISE_OUTCOME_CANCELLED:   return "cancelled";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
proprio_exercise_result_finalize (GObject *object)
{
  ProprioExerciseResult *self = PROPRIO_EXERCISE_RESULT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->settings, g_variant_unref);
  g_clear_pointer (&self->results, g_variant_unref);

  G_OBJECT_CLASS (proprio_exercise_result_parent_class)->finalize (object);
}

static void
proprio_exercise_result_class_init (ProprioExerciseResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = proprio_exercise_result_finalize;
}

static void
proprio_exercise_result_init (ProprioExerciseResult *self)
{
}

ProprioExerciseResult *
proprio_exercise_result_new (const char             *id,
                             const char             *title,
                             gint64                  start_us,
                             gint64                  end_us,
                             GDateTime              *started_at,
                             ProprioExerciseOutcome  outcome,
                             GVariant               *settings,
                             GVariant               *results)
{
  ProprioExerciseResult *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (started_at != NULL, NULL);
  g_return_val_if_fail (outcome <= PROPRIO_EXERCISE_OUTCOME_CANCELLED, NULL);
  g_return_val_if_fail (settings != NULL &&
                        g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT), NULL);
  g_return_val_if_fail (results != NULL &&
                        g_variant_is_of_type (results, G_VARIANT_TYPE_VARDICT), NULL);

  self = g_object_new (PROPRIO_TYPE_EXERCISE_RESULT, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->start_us = start_us;
  self->end_us = end_us;
  self->started_at = g_date_time_to_utc (started_at);
  self->outcome = outcome;
  self->settings = g_variant_ref_sink (settings);
  self->results = g_variant_ref_sink (results);
  return self;
}

const char *
proprio_exercise_result_get_id (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);
  return self->id;
}

const char *
proprio_exercise_result_get_title (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);
  return self->title;
}

gint64
proprio_exercise_result_get_start_us (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), 0);
  return self->start_us;
}

gint64
proprio_exercise_result_get_end_us (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), 0);
  return self->end_us;
}

GDateTime *
proprio_exercise_result_get_started_at (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);
  return self->started_at;
}

ProprioExerciseOutcome
proprio_exercise_result_get_outcome (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS);
  return self->outcome;
}

GVariant *
proprio_exercise_result_get_settings (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);
  return self->settings;
}

GVariant *
proprio_exercise_result_get_results (ProprioExerciseResult *self)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);
  return self->results;
}

char *
proprio_exercise_result_to_json (ProprioExerciseResult *self)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *started = NULL;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE_RESULT (self), NULL);

  /* Microseconds, so two results started within a second still sort. */
  started = g_date_time_format (self->started_at, "%Y-%m-%dT%H:%M:%S.%fZ");
  out = g_string_new ("{\"id\":");
  proprio_json_append_string (out, self->id);
  g_string_append (out, ",\"title\":");
  proprio_json_append_string (out, self->title);
  g_string_append_printf (out, ",\"start_us\":%" G_GINT64_FORMAT ",\"end_us\":%" G_GINT64_FORMAT,
                          self->start_us, self->end_us);
  g_string_append (out, ",\"started_at\":");
  proprio_json_append_string (out, started);
  g_string_append (out, ",\"outcome\":");
  proprio_json_append_string (out, proprio_exercise_outcome_to_string (self->outcome));
  g_string_append (out, ",\"settings\":");
  proprio_variant_json_append (out, self->settings);
  g_string_append (out, ",\"results\":");
  proprio_variant_json_append (out, self->results);
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
