/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-weight-shift"

#include "config.h"

#include "proprio-weight-shift-private.h"

#include <glib/gi18n.h>
#include <math.h>

static void
clamp_to_board (ProprioWeightShift *self,
                double             *x,
                double             *y)
{
  double hw = MAX (self->board_width_mm / 2.0 - self->radius_mm, 0.0);
  double hl = MAX (self->board_length_mm / 2.0 - self->radius_mm, 0.0);

  *x = CLAMP (*x, -hw, hw);
  *y = CLAMP (*y, -hl, hl);
}

static void
append_target (ProprioWeightShift *self,
               double              x,
               double              y)
{
  ProprioTarget target = { 0, };

  clamp_to_board (self, &x, &y);
  target.x_mm = x;
  target.y_mm = y;
  target.radius_mm = self->radius_mm;
  target.state = PROPRIO_TARGET_IDLE;
  g_array_append_val (self->targets, target);
}

static void
append_direction (ProprioWeightShift *self,
                  ProprioDirection    direction)
{
  double ux, uy, d, cx = 0.0, cy = 0.0;

  proprio_direction_get_unit (direction, &ux, &uy);
  if (self->has_limits)
    {
      d = self->los_percent / 100.0 * self->limits.max_excursion_mm[direction];
      cx = self->limits.centre_x_mm;
      cy = self->limits.centre_y_mm;
    }
  else
    d = self->distance_mm;
  append_target (self, cx + d * ux, cy + d * uy);
}

void
proprio_weight_shift_regenerate (ProprioWeightShift *self)
{
  if (self->preset == PROPRIO_WEIGHT_SHIFT_CUSTOM)
    {
      /* Keep the therapist's positions; only the radius and the board bounds apply. */
      for (guint i = 0; i < self->targets->len; i++)
        {
          ProprioTarget *target = proprio_weight_shift_target_at (self, i);

          target->radius_mm = self->radius_mm;
          clamp_to_board (self, &target->x_mm, &target->y_mm);
        }
      return;
    }

  g_array_set_size (self->targets, 0);
  switch (self->preset)
    {
    case PROPRIO_WEIGHT_SHIFT_LEFT_RIGHT:
      append_direction (self, PROPRIO_DIRECTION_LEFT);
      append_direction (self, PROPRIO_DIRECTION_RIGHT);
      break;

    case PROPRIO_WEIGHT_SHIFT_FRONT_BACK:
      append_direction (self, PROPRIO_DIRECTION_FORWARD);
      append_direction (self, PROPRIO_DIRECTION_BACKWARD);
      break;

    case PROPRIO_WEIGHT_SHIFT_EIGHT_DIRECTIONS:
      for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
        append_direction (self, k);
      break;

    case PROPRIO_WEIGHT_SHIFT_RANDOM:
      {
        g_autoptr(GRand) rand = g_rand_new_with_seed (self->random_seed);

        for (guint i = 0; i < self->random_count; i++)
          {
            double theta = g_rand_double_range (rand, 0.0, 2.0 * G_PI);
            double frac = sqrt (0.25 + 0.75 * g_rand_double (rand));
            double ux = cos (theta), uy = sin (theta), reach, cx = 0.0, cy = 0.0;

            if (self->has_limits)
              {
                reach = self->los_percent / 100.0 * proprio_limits_reach (&self->limits, ux, uy);
                cx = self->limits.centre_x_mm;
                cy = self->limits.centre_y_mm;
              }
            else
              reach = self->distance_mm;
            append_target (self, cx + frac * reach * ux, cy + frac * reach * uy);
          }
      }
      break;

    case PROPRIO_WEIGHT_SHIFT_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

static void
reconfigured (ProprioWeightShift *self)
{
  proprio_weight_shift_regenerate (self);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_weight_shift_set_preset (ProprioWeightShift       *self,
                                 ProprioWeightShiftPreset  preset)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (preset <= PROPRIO_WEIGHT_SHIFT_RANDOM);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->preset = preset;
  reconfigured (self);
}

ProprioWeightShiftPreset
proprio_weight_shift_get_preset (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), PROPRIO_WEIGHT_SHIFT_CUSTOM);
  return self->preset;
}

void
proprio_weight_shift_set_distance (ProprioWeightShift *self,
                                   double              distance_mm)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (distance_mm) && distance_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->distance_mm = distance_mm;
  reconfigured (self);
}

void
proprio_weight_shift_set_random (ProprioWeightShift *self,
                                 guint               count,
                                 guint32             seed)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (count >= 1 && count <= 1000);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->random_count = count;
  self->random_seed = seed;
  reconfigured (self);
}

void
proprio_weight_shift_set_limits (ProprioWeightShift  *self,
                                 const ProprioLimits *limits)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (limits == NULL || proprio_limits_is_valid (limits));

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->has_limits = limits != NULL;
  if (limits)
    self->limits = *limits;
  reconfigured (self);
}

gboolean
proprio_weight_shift_has_limits (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), FALSE);
  return self->has_limits;
}

void
proprio_weight_shift_set_los_percent (ProprioWeightShift *self,
                                      double              percent)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (percent) && percent > 0.0 && percent <= 150.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->los_percent = percent;
  reconfigured (self);
}

void
proprio_weight_shift_set_target_radius (ProprioWeightShift *self,
                                        double              radius_mm)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (radius_mm) && radius_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->radius_mm = radius_mm;
  reconfigured (self);
}

void
proprio_weight_shift_set_dwell (ProprioWeightShift *self,
                                double              seconds)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds < 60.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->dwell_us = (gint64) llround (seconds * G_USEC_PER_SEC);
  /* The score needs some time between the dwell and the timeout. */
  if (self->timeout_us <= self->dwell_us)
    self->timeout_us = self->dwell_us + G_USEC_PER_SEC;
}

void
proprio_weight_shift_set_timeout (ProprioWeightShift *self,
                                  double              seconds)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (seconds) && seconds > 0.0 && seconds <= 600.0);
  g_return_if_fail ((gint64) llround (seconds * G_USEC_PER_SEC) > self->dwell_us);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->timeout_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_weight_shift_set_countdown (ProprioWeightShift *self,
                                    double              seconds)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->countdown_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_weight_shift_set_repetitions (ProprioWeightShift *self,
                                      guint               repetitions)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (repetitions >= 1 && repetitions <= 1000);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->repetitions = repetitions;
}

void
proprio_weight_shift_set_board_size (ProprioWeightShift *self,
                                     double              width_mm,
                                     double              length_mm)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (width_mm) && width_mm > 0.0);
  g_return_if_fail (isfinite (length_mm) && length_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->board_width_mm = width_mm;
  self->board_length_mm = length_mm;
  reconfigured (self);
}

guint
proprio_weight_shift_add_target (ProprioWeightShift *self,
                                 double              x_mm,
                                 double              y_mm)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), 0);
  g_return_val_if_fail (isfinite (x_mm) && isfinite (y_mm), 0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return self->targets->len;
  self->preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  append_target (self, x_mm, y_mm);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
  return self->targets->len - 1;
}

gboolean
proprio_weight_shift_move_target (ProprioWeightShift *self,
                                  guint               index,
                                  double              x_mm,
                                  double              y_mm)
{
  ProprioTarget *target;

  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), FALSE);
  g_return_val_if_fail (isfinite (x_mm) && isfinite (y_mm), FALSE);

  if (index >= self->targets->len ||
      !proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return FALSE;
  self->preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  clamp_to_board (self, &x_mm, &y_mm);
  target = proprio_weight_shift_target_at (self, index);
  target->x_mm = x_mm;
  target->y_mm = y_mm;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
  return TRUE;
}

gboolean
proprio_weight_shift_remove_target (ProprioWeightShift *self,
                                    guint               index)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), FALSE);

  if (index >= self->targets->len ||
      !proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return FALSE;
  self->preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  g_array_remove_index (self->targets, index);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
  return TRUE;
}

void
proprio_weight_shift_clear_targets (ProprioWeightShift *self)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  g_array_set_size (self->targets, 0);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

int
proprio_weight_shift_get_current_target (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), -1);
  return self->current;
}

guint
proprio_weight_shift_get_n_trials (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), 0);
  return self->trials->len;
}

const ProprioWeightShiftTrial *
proprio_weight_shift_get_trial (ProprioWeightShift *self,
                                guint               index)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), NULL);
  g_return_val_if_fail (index < self->trials->len, NULL);
  return &g_array_index (self->trials, ProprioWeightShiftTrial, index);
}

void
proprio_weight_shift_get_summary (ProprioWeightShift        *self,
                                  ProprioWeightShiftSummary *out)
{
  double time_sum = 0.0, path_sum = 0.0, score_sum = 0.0;

  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (out != NULL);

  out->n_presented = self->trials->len;
  out->n_hits = 0;
  out->n_missed = 0;
  for (guint i = 0; i < self->trials->len; i++)
    {
      const ProprioWeightShiftTrial *trial = proprio_weight_shift_get_trial (self, i);

      score_sum += trial->score;
      if (trial->outcome == PROPRIO_TARGET_HIT)
        {
          out->n_hits++;
          time_sum += trial->time_to_target_s;
          path_sum += trial->path_length_mm;
        }
      else
        out->n_missed++;
    }
  out->mean_time_to_target_s = out->n_hits ? time_sum / out->n_hits : NAN;
  out->mean_path_length_mm = out->n_hits ? path_sum / out->n_hits : NAN;
  out->score = out->n_presented ? score_sum / out->n_presented : NAN;
}
