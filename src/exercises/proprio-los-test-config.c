/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-los-test"

#include "config.h"

#include "proprio-los-test-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define DEFAULT_HEIGHT_M 1.70
/* Default targets stay within this fraction of the board's half-size. */
#define BOARD_FRACTION   0.90

/* Defaults from the height, capped so each target stays on the board. */
void
proprio_los_test_default_distances (ProprioLosTest *self)
{
  double height = self->height_m > 0.0 ? self->height_m : DEFAULT_HEIGHT_M;
  double hw = BOARD_FRACTION * self->board_width_mm / 2.0;
  double hl = BOARD_FRACTION * self->board_length_mm / 2.0;

  proprio_los_theoretical_distances (height, self->distance_mm);
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      double ux, uy, cap;

      proprio_direction_get_unit (k, &ux, &uy);
      cap = MIN (fabs (ux) > 1e-9 ? hw / fabs (ux) : G_MAXDOUBLE,
                 fabs (uy) > 1e-9 ? hl / fabs (uy) : G_MAXDOUBLE);
      self->distance_mm[k] = MIN (self->distance_mm[k], cap);
    }
}

static void
reconfigured (ProprioLosTest *self)
{
  proprio_los_test_rebuild_targets (self);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_los_test_set_height (ProprioLosTest *self,
                             double          height_m)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (height_m));
  g_return_if_fail (height_m == 0.0 || (height_m >= 0.5 && height_m <= 2.5));

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->height_m = height_m;
  proprio_los_test_default_distances (self);
  reconfigured (self);
}

void
proprio_los_test_set_board_size (ProprioLosTest *self,
                                 double          width_mm,
                                 double          length_mm)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (width_mm) && width_mm > 0.0);
  g_return_if_fail (isfinite (length_mm) && length_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->board_width_mm = width_mm;
  self->board_length_mm = length_mm;
  proprio_los_test_default_distances (self);
  reconfigured (self);
}

void
proprio_los_test_set_target_distance (ProprioLosTest   *self,
                                      ProprioDirection  direction,
                                      double            distance_mm)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (direction < PROPRIO_N_DIRECTIONS);
  g_return_if_fail (isfinite (distance_mm) && distance_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->distance_mm[direction] = distance_mm;
  reconfigured (self);
}

double
proprio_los_test_get_target_distance (ProprioLosTest   *self,
                                      ProprioDirection  direction)
{
  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), NAN);
  g_return_val_if_fail (direction < PROPRIO_N_DIRECTIONS, NAN);
  return self->distance_mm[direction];
}

void
proprio_los_test_set_directions (ProprioLosTest         *self,
                                 const ProprioDirection *directions,
                                 guint                   n_directions)
{
  gboolean seen[PROPRIO_N_DIRECTIONS] = { FALSE, };

  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (directions != NULL || n_directions == 0);

  for (guint i = 0; i < n_directions; i++)
    {
      /* Results are kept per direction, so each may appear once. */
      g_return_if_fail (directions[i] < PROPRIO_N_DIRECTIONS && !seen[directions[i]]);
      seen[directions[i]] = TRUE;
    }
  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  g_array_set_size (self->order, 0);
  g_array_append_vals (self->order, directions, n_directions);
  reconfigured (self);
}

void
proprio_los_test_set_hold (ProprioLosTest *self,
                           double          seconds)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.5 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->hold_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_los_test_set_trial_duration (ProprioLosTest *self,
                                     double          seconds)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 1.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->trial_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_los_test_set_threshold (ProprioLosTest *self,
                                double          fraction)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (fraction) && fraction > 0.0 && fraction < 10.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->threshold = fraction;
}

void
proprio_los_test_set_target_radius (ProprioLosTest *self,
                                    double          radius_mm)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (radius_mm) && radius_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->radius_mm = radius_mm;
  reconfigured (self);
}

int
proprio_los_test_get_current (ProprioLosTest *self)
{
  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), -1);

  if (!proprio_exercise_is_active (PROPRIO_EXERCISE (self)) || self->order->len == 0)
    return -1;
  return (int) g_array_index (self->order, ProprioDirection, self->pos);
}

const ProprioLosResult *
proprio_los_test_get_result (ProprioLosTest   *self,
                             ProprioDirection  direction)
{
  Slot *slot;

  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), NULL);
  g_return_val_if_fail (direction < PROPRIO_N_DIRECTIONS, NULL);

  slot = &self->slots[direction];
  slot->pub.n = slot->t_us->len;
  slot->pub.t_us = (const gint64 *) (gpointer) slot->t_us->data;
  slot->pub.x_mm = (const double *) (gpointer) slot->x_mm->data;
  slot->pub.y_mm = (const double *) (gpointer) slot->y_mm->data;
  return &slot->pub;
}

static gboolean
has_excursion (const Slot *slot)
{
  return (slot->pub.status == PROPRIO_LOS_STATUS_DONE ||
          slot->pub.status == PROPRIO_LOS_STATUS_NO_MOVEMENT) &&
         isfinite (slot->pub.metrics.max_excursion_mm);
}

gboolean
proprio_los_test_get_polygon (ProprioLosTest *self,
                              double         *xy)
{
  gboolean complete = TRUE;

  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), FALSE);
  g_return_val_if_fail (xy != NULL, FALSE);

  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      const Slot *slot = &self->slots[k];
      double ux, uy, d;

      if (!has_excursion (slot))
        {
          xy[2 * k] = xy[2 * k + 1] = NAN;
          complete = FALSE;
          continue;
        }
      proprio_direction_get_unit (k, &ux, &uy);
      d = MAX (slot->pub.metrics.max_excursion_mm, 0.0);
      xy[2 * k] = slot->pub.centre_x_mm + d * ux;
      xy[2 * k + 1] = slot->pub.centre_y_mm + d * uy;
    }
  return complete;
}

gboolean
proprio_los_test_get_limits (ProprioLosTest *self,
                             ProprioLimits  *out,
                             GError        **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  double cx = 0.0, cy = 0.0;

  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      const Slot *slot = &self->slots[k];

      if (!has_excursion (slot) || slot->pub.metrics.max_excursion_mm <= 0.0)
        {
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, proprio_direction_get_name (k));
          continue;
        }
      out->max_excursion_mm[k] = slot->pub.metrics.max_excursion_mm;
      cx += slot->pub.centre_x_mm;
      cy += slot->pub.centre_y_mm;
    }

  if (missing->len > 0)
    {
      g_set_error (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_INCOMPLETE,
                   _("The limits of stability need a measured excursion in all eight directions; "
                     "missing: %s"), missing->str);
      return FALSE;
    }

  out->centre_x_mm = cx / PROPRIO_N_DIRECTIONS;
  out->centre_y_mm = cy / PROPRIO_N_DIRECTIONS;
  return TRUE;
}
