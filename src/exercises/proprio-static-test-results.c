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
  proprio_static_test_rebuild_slots (self);
  self->current = 0;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_static_test_set_duration (ProprioStaticTest *self,
                                  double             seconds)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 1.0 && seconds <= 600.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->duration_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_static_test_set_countdown (ProprioStaticTest *self,
                                   double             seconds)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->countdown_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_static_test_set_hide_feedback (ProprioStaticTest *self,
                                       gboolean           hide)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->hide_feedback = !!hide;
}

void
proprio_static_test_set_auto_advance (ProprioStaticTest *self,
                                      gboolean           auto_advance)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->auto_advance = !!auto_advance;
}

void
proprio_static_test_set_lowpass (ProprioStaticTest *self,
                                 double             lowpass_hz)
{
  g_return_if_fail (PROPRIO_IS_STATIC_TEST (self));
  g_return_if_fail (!isnan (lowpass_hz));

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->lowpass_hz = lowpass_hz;
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
