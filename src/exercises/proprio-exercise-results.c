/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise"

#include "config.h"

#include "proprio-exercise-internal.h"

#include <glib/gi18n.h>

/* The base's settings and results: the part of ProprioExercise that turns a run into a value. */

static GVariant *
empty_vardict (void)
{
  return g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0);
}

GVariant *
_proprio_exercise_real_get_settings (ProprioExercise *self)
{
  return empty_vardict ();
}

gboolean
_proprio_exercise_real_apply_settings (ProprioExercise  *self,
                                       GVariant         *settings,
                                       GError          **error)
{
  if (g_variant_n_children (settings) > 0)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (settings, 0);
      const char *key = NULL;

      g_variant_get_child (entry, 0, "&s", &key);
      g_set_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS,
                   _("“%s” is not a setting of this exercise"), key);
      return FALSE;
    }
  return TRUE;
}

GVariant *
_proprio_exercise_real_get_results (ProprioExercise *self)
{
  return empty_vardict ();
}

GVariant *
proprio_exercise_get_settings (ProprioExercise *self)
{
  GVariant *settings;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);

  settings = g_variant_take_ref (PROPRIO_EXERCISE_GET_CLASS (self)->get_settings (self));
  g_assert (g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT));
  return settings;
}

gboolean
proprio_exercise_apply_settings (ProprioExercise  *self,
                                 GVariant         *settings,
                                 GError          **error)
{
  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS,
                   _("The settings of “%s” must be a dictionary of named values, not “%s”"),
                   proprio_exercise_get_title (self), g_variant_get_type_string (settings));
      return FALSE;
    }
  if (proprio_exercise_is_active (self))
    {
      g_set_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_ACTIVE,
                   _("“%s” is running: stop it before changing its settings"),
                   proprio_exercise_get_title (self));
      return FALSE;
    }
  if (!PROPRIO_EXERCISE_GET_CLASS (self)->apply_settings (self, settings, error))
    return FALSE;
  proprio_exercise_emit_changed (self);
  return TRUE;
}

ProprioExerciseResult *
proprio_exercise_dup_result (ProprioExercise *self)
{
  ProprioExercisePrivate *priv;
  g_autoptr(GVariant) engine_results = NULL;
  g_autoptr(GVariantDict) results = NULL;
  ProprioExerciseOutcome outcome;
  gint64 start_us, end_us;

  g_return_val_if_fail (PROPRIO_IS_EXERCISE (self), NULL);

  priv = _proprio_exercise_get_private (self);
  if (!priv->started)
    return NULL;

  switch (priv->phase)
    {
    case PROPRIO_EXERCISE_PHASE_DONE:
      outcome = PROPRIO_EXERCISE_OUTCOME_DONE;
      break;
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
      outcome = PROPRIO_EXERCISE_OUTCOME_CANCELLED;
      break;
    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
    case PROPRIO_EXERCISE_PHASE_RUNNING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    default:
      outcome = PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS;
      break;
    }

  start_us = priv->have_time ? priv->first_us : priv->clock_start_us;
  end_us = priv->ended ? priv->end_us : _proprio_exercise_run_now (self);
  end_us = MAX (end_us, start_us);

  engine_results = g_variant_take_ref (PROPRIO_EXERCISE_GET_CLASS (self)->get_results (self));
  results = g_variant_dict_new (engine_results);
  g_variant_dict_insert (results, "n-invalid-samples", "u", priv->n_invalid);

  return proprio_exercise_result_new (proprio_exercise_get_id (self),
                                      proprio_exercise_get_title (self),
                                      start_us, end_us, priv->started_at, outcome,
                                      priv->run_settings, g_variant_dict_end (results));
}
