/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-static-test"

#include "config.h"

#include "proprio-static-test-private.h"

#include <glib/gi18n.h>
#include <math.h>

G_DEFINE_QUARK (proprio-static-test-error-quark, proprio_static_test_error)

double
proprio_romberg_quotient (const ProprioSwayMetrics *eyes_open,
                          const ProprioSwayMetrics *eyes_closed,
                          ProprioRombergMetric      metric,
                          GError                  **error)
{
  double eo, ec;

  g_return_val_if_fail (error == NULL || *error == NULL, NAN);

  if (eyes_open == NULL || eyes_closed == NULL)
    {
      g_set_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_NOT_RECORDED,
                   _("The Romberg quotient needs both an eyes-open and an eyes-closed recording"));
      return NAN;
    }

  if (metric == PROPRIO_ROMBERG_ELLIPSE_AREA)
    {
      eo = eyes_open->ellipse95.area;
      ec = eyes_closed->ellipse95.area;
    }
  else
    {
      eo = eyes_open->path_length_mm;
      ec = eyes_closed->path_length_mm;
    }

  if (!isfinite (eo) || !isfinite (ec) || eo <= 0.0 || ec < 0.0)
    {
      /* Whole sentences, so that translations can make the words agree. */
      g_set_error_literal (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_ZERO_BASELINE,
                           metric == PROPRIO_ROMBERG_ELLIPSE_AREA
                           ? _("The Romberg quotient of the ellipse area is undefined: the "
                               "eyes-open figure is zero or a figure is invalid")
                           : _("The Romberg quotient of the path length is undefined: the "
                               "eyes-open figure is zero or a figure is invalid"));
      return NAN;
    }

  return ec / eo;
}

void
proprio_static_test_set_conditions (ProprioStaticTest            *self,
                                    const ProprioStaticCondition *conds,
                                    guint                         n_conditions)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (conds != NULL || n_conditions == 0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  for (guint i = 0; i < n_conditions; i++)
    g_return_if_fail (conds[i] < PROPRIO_STATIC_N_CONDITION_KINDS);

  g_array_set_size (self->conditions, 0);
  g_array_append_vals (self->conditions, conds, n_conditions);
  /* Before the first run there are no results to keep: show the new list's empty slots. After a
   * run its results stay until the next start (). */
  if (proprio_exercise_get_phase (PROPRIO_EXERCISE (self)) == PROPRIO_EXERCISE_PHASE_IDLE)
    {
      proprio_static_test_rebuild_slots (self);
      self->current = 0;
    }
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_static_test_set_duration (ProprioStaticTest *self,
                                  double             seconds)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 1.0 && seconds <= 600.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.duration_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_static_test_set_countdown (ProprioStaticTest *self,
                                   double             seconds)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.countdown_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_static_test_set_hide_feedback (ProprioStaticTest *self,
                                       gboolean           hide)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.hide_feedback = !!hide;
}

void
proprio_static_test_set_auto_advance (ProprioStaticTest *self,
                                      gboolean           auto_advance)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.auto_advance = !!auto_advance;
}

double
proprio_static_test_get_run_lowpass (ProprioStaticTest *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), 0.0);
  return self->run.lowpass_hz;
}

void
proprio_static_test_set_lowpass (ProprioStaticTest *self,
                                 double             lowpass_hz)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (!isnan (lowpass_hz));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.lowpass_hz = MAX (lowpass_hz, 0.0);
}

guint
proprio_static_test_get_n_conditions (ProprioStaticTest *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), 0);
  return self->n_slots;
}

guint
proprio_static_test_get_current (ProprioStaticTest *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), 0);
  return self->current;
}

const ProprioStaticResult *
proprio_static_test_get_result (ProprioStaticTest *self,
                                guint              index)
{
  Slot *slot;

  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), NULL);
  g_return_val_if_fail (index < self->n_slots, NULL);

  /* The arrays may have been reallocated since the last call. */
  slot = &self->slots[index];
  slot->pub.n = slot->t_us->len;
  slot->pub.t_us = (const gint64 *) (gpointer) slot->t_us->data;
  slot->pub.x_mm = (const double *) (gpointer) slot->x_mm->data;
  slot->pub.y_mm = (const double *) (gpointer) slot->y_mm->data;
  return &slot->pub;
}

static const ProprioSwayMetrics *
latest_complete (ProprioStaticTest      *self,
                 ProprioStaticCondition  condition)
{
  for (guint i = self->n_slots; i > 0; i--)
    {
      const Slot *slot = &self->slots[i - 1];

      if (slot->pub.condition == condition && slot->pub.status == PROPRIO_STATIC_STATUS_COMPLETE)
        return &slot->pub.metrics;
    }
  return NULL;
}

double
proprio_static_test_get_romberg (ProprioStaticTest     *self,
                                 gboolean               foam,
                                 ProprioRombergMetric   metric,
                                 GError               **error)
{
  ProprioStaticCondition eo_kind, ec_kind;
  const ProprioSwayMetrics *eo, *ec;

  g_return_val_if_fail (PROPRIO_IS_STATIC_TEST (self), NAN);
  g_return_val_if_fail (error == NULL || *error == NULL, NAN);

  eo_kind = foam ? PROPRIO_STATIC_FOAM_EYES_OPEN : PROPRIO_STATIC_EYES_OPEN;
  ec_kind = foam ? PROPRIO_STATIC_FOAM_EYES_CLOSED : PROPRIO_STATIC_EYES_CLOSED;
  eo = latest_complete (self, eo_kind);
  ec = latest_complete (self, ec_kind);

  if (eo == NULL || ec == NULL)
    {
      g_set_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_NOT_RECORDED,
                   _("The Romberg quotient needs a complete “%s” recording"),
                   proprio_static_condition_get_name (eo == NULL ? eo_kind : ec_kind));
      return NAN;
    }

  return proprio_romberg_quotient (eo, ec, metric, error);
}

/* ---- settings and results as GVariant ---- */

static const char * const condition_nicks[PROPRIO_STATIC_N_CONDITION_KINDS] = {
  "eyes-open", "eyes-closed", "foam-eyes-open", "foam-eyes-closed",
};

static const char * const status_nicks[] = {
  "not-run", "complete", "stepped-off", "failed",
};

static const char * const setting_keys[] = {
  "conditions", "duration-s", "countdown-s", "hide-feedback", "auto-advance", "lowpass-hz", NULL,
};

GVariant *
proprio_static_test_get_settings (ProprioExercise *exercise)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);
  g_auto(GVariantBuilder) conditions = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 0; i < self->conditions->len; i++)
    g_variant_builder_add (&conditions, "s",
                           condition_nicks[g_array_index (self->conditions,
                                                          ProprioStaticCondition, i)]);
  g_variant_dict_insert_value (&dict, "conditions", g_variant_builder_end (&conditions));
  g_variant_dict_insert (&dict, "duration-s", "d",
                         (double) self->config.duration_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "countdown-s", "d",
                         (double) self->config.countdown_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "hide-feedback", "b", self->config.hide_feedback);
  g_variant_dict_insert (&dict, "auto-advance", "b", self->config.auto_advance);
  g_variant_dict_insert (&dict, "lowpass-hz", "d", self->config.lowpass_hz);
  return g_variant_dict_end (&dict);
}

gboolean
proprio_static_test_apply_settings (ProprioExercise  *exercise,
                                    GVariant         *settings,
                                    GError          **error)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);
  StaticConfig config = self->config;
  double duration_s = (double) config.duration_us / G_USEC_PER_SEC;
  double countdown_s = (double) config.countdown_us / G_USEC_PER_SEC;
  g_autoptr(GVariant) list = NULL;
  g_autoptr(GArray) conditions = NULL;

  if (!proprio_settings_check_keys (settings, setting_keys, error) ||
      !proprio_settings_get_double (settings, "duration-s", 1.0, 600.0, &duration_s, error) ||
      !proprio_settings_get_double (settings, "countdown-s", 0.0, 60.0, &countdown_s, error) ||
      !proprio_settings_get_boolean (settings, "hide-feedback", &config.hide_feedback, error) ||
      !proprio_settings_get_boolean (settings, "auto-advance", &config.auto_advance, error) ||
      !proprio_settings_get_double (settings, "lowpass-hz", 0.0, 1000.0, &config.lowpass_hz,
                                    error) ||
      !proprio_settings_get_value (settings, "conditions", G_VARIANT_TYPE_STRING_ARRAY, &list,
                                   error))
    return FALSE;

  if (list != NULL)
    {
      GVariantIter iter;
      const char *nick;

      conditions = g_array_new (FALSE, FALSE, sizeof (ProprioStaticCondition));
      g_variant_iter_init (&iter, list);
      while (g_variant_iter_next (&iter, "&s", &nick))
        {
          ProprioStaticCondition condition = PROPRIO_STATIC_N_CONDITION_KINDS;

          for (guint k = 0; k < PROPRIO_STATIC_N_CONDITION_KINDS; k++)
            if (g_str_equal (nick, condition_nicks[k]))
              condition = k;
          if (condition == PROPRIO_STATIC_N_CONDITION_KINDS)
            {
              g_autofree char *reason =
                g_strdup_printf (_("“%s” is not a condition of the static test (eyes-open, "
                                   "eyes-closed, foam-eyes-open, foam-eyes-closed)"), nick);

              proprio_settings_error (error, "conditions", reason);
              return FALSE;
            }
          g_array_append_val (conditions, condition);
        }
    }

  config.duration_us = (gint64) llround (duration_s * G_USEC_PER_SEC);
  config.countdown_us = (gint64) llround (countdown_s * G_USEC_PER_SEC);
  self->config = config;
  if (conditions != NULL)
    proprio_static_test_set_conditions (self, (const ProprioStaticCondition *) (gpointer)
                                        conditions->data, conditions->len);
  return TRUE;
}

static GVariant *
ellipse_to_variant (const ProprioEllipse *e)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "cx-mm", "d", e->cx);
  g_variant_dict_insert (&dict, "cy-mm", "d", e->cy);
  g_variant_dict_insert (&dict, "major-mm", "d", e->major);
  g_variant_dict_insert (&dict, "minor-mm", "d", e->minor);
  g_variant_dict_insert (&dict, "angle-deg", "d", e->angle_deg);
  g_variant_dict_insert (&dict, "area-mm2", "d", e->area);
  return g_variant_dict_end (&dict);
}

static GVariant *
sway_to_variant (const ProprioSwayMetrics *m)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "n", "u", m->n);
  g_variant_dict_insert (&dict, "duration-s", "d", m->duration_s);
  g_variant_dict_insert (&dict, "path-length-mm", "d", m->path_length_mm);
  g_variant_dict_insert (&dict, "path-length-ml-mm", "d", m->path_length_ml_mm);
  g_variant_dict_insert (&dict, "path-length-ap-mm", "d", m->path_length_ap_mm);
  g_variant_dict_insert (&dict, "mean-velocity-mm-s", "d", m->mean_velocity_mm_s);
  g_variant_dict_insert (&dict, "mean-velocity-ml-mm-s", "d", m->mean_velocity_ml_mm_s);
  g_variant_dict_insert (&dict, "mean-velocity-ap-mm-s", "d", m->mean_velocity_ap_mm_s);
  g_variant_dict_insert (&dict, "rms-mm", "d", m->rms_mm);
  g_variant_dict_insert (&dict, "rms-ml-mm", "d", m->rms_ml_mm);
  g_variant_dict_insert (&dict, "rms-ap-mm", "d", m->rms_ap_mm);
  g_variant_dict_insert (&dict, "sd-ml-mm", "d", m->sd_ml_mm);
  g_variant_dict_insert (&dict, "sd-ap-mm", "d", m->sd_ap_mm);
  g_variant_dict_insert (&dict, "range-ml-mm", "d", m->range_ml_mm);
  g_variant_dict_insert (&dict, "range-ap-mm", "d", m->range_ap_mm);
  g_variant_dict_insert (&dict, "mean-distance-mm", "d", m->mean_distance_mm);
  g_variant_dict_insert (&dict, "mean-x-mm", "d", m->mean_x_mm);
  g_variant_dict_insert (&dict, "mean-y-mm", "d", m->mean_y_mm);
  g_variant_dict_insert_value (&dict, "ellipse95", ellipse_to_variant (&m->ellipse95));
  g_variant_dict_insert (&dict, "confidence-ellipse95-area-mm2", "d",
                         m->confidence_ellipse95_area_mm2);
  g_variant_dict_insert (&dict, "mean-frequency-hz", "d", m->mean_frequency_hz);
  return g_variant_dict_end (&dict);
}

static GVariant *
slot_to_variant (ProprioStaticTest *self,
                 guint              index)
{
  const ProprioStaticResult *r = proprio_static_test_get_result (self, index);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "condition", "s", condition_nicks[r->condition]);
  g_variant_dict_insert (&dict, "name", "s", proprio_static_condition_get_name (r->condition));
  g_variant_dict_insert (&dict, "status", "s", status_nicks[r->status]);
  if (r->message != NULL)
    g_variant_dict_insert (&dict, "message", "s", r->message);
  g_variant_dict_insert (&dict, "start-us", "x", r->start_us);
  g_variant_dict_insert (&dict, "duration-s", "d", r->duration_s);
  g_variant_dict_insert (&dict, "time-to-step-off-s", "d", r->time_to_step_off_s);
  if (r->status == PROPRIO_STATIC_STATUS_COMPLETE)
    g_variant_dict_insert_value (&dict, "metrics", sway_to_variant (&r->metrics));
  /* The trace, so that a review can be redrawn from the result alone. */
  g_variant_dict_insert_value (&dict, "t-us",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, r->t_us, r->n,
                                                          sizeof (gint64)));
  g_variant_dict_insert_value (&dict, "x-mm",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, r->x_mm, r->n,
                                                          sizeof (double)));
  g_variant_dict_insert_value (&dict, "y-mm",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, r->y_mm, r->n,
                                                          sizeof (double)));
  return g_variant_dict_end (&dict);
}

GVariant *
proprio_static_test_get_results (ProprioExercise *exercise)
{
  ProprioStaticTest *self = PROPRIO_STATIC_TEST (exercise);
  g_auto(GVariantBuilder) slots = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) romberg = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 0; i < self->n_slots; i++)
    g_variant_builder_add_value (&slots, slot_to_variant (self, i));
  g_variant_dict_insert_value (&dict, "conditions", g_variant_builder_end (&slots));

  /* NaN (null in JSON) when a condition of the pair is missing. */
  g_variant_dict_insert (&romberg, "ellipse-area", "d",
                         proprio_static_test_get_romberg (self, FALSE,
                                                          PROPRIO_ROMBERG_ELLIPSE_AREA, NULL));
  g_variant_dict_insert (&romberg, "path-length", "d",
                         proprio_static_test_get_romberg (self, FALSE,
                                                          PROPRIO_ROMBERG_PATH_LENGTH, NULL));
  g_variant_dict_insert (&romberg, "foam-ellipse-area", "d",
                         proprio_static_test_get_romberg (self, TRUE,
                                                          PROPRIO_ROMBERG_ELLIPSE_AREA, NULL));
  g_variant_dict_insert (&romberg, "foam-path-length", "d",
                         proprio_static_test_get_romberg (self, TRUE,
                                                          PROPRIO_ROMBERG_PATH_LENGTH, NULL));
  g_variant_dict_insert_value (&dict, "romberg", g_variant_dict_end (&romberg));
  return g_variant_dict_end (&dict);
}
