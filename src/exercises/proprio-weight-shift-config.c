/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-weight-shift"

#include "config.h"

#include "proprio-weight-shift-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

static ProprioTarget *
configured_target_at (ProprioWeightShift *self,
                      guint               index)
{
  return &g_array_index (self->targets, ProprioTarget, index);
}

static void
clamp_to_board (ProprioWeightShift *self,
                double             *x,
                double             *y)
{
  double hw = MAX (self->config.board_width_mm / 2.0 - self->config.radius_mm, 0.0);
  double hl = MAX (self->config.board_length_mm / 2.0 - self->config.radius_mm, 0.0);

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
  target.radius_mm = self->config.radius_mm;
  target.state = PROPRIO_TARGET_IDLE;
  g_array_append_val (self->targets, target);
}

static void
append_direction (ProprioWeightShift *self,
                  ProprioDirection    direction)
{
  double ux, uy, d, cx = 0.0, cy = 0.0;

  proprio_direction_get_unit (direction, &ux, &uy);
  if (self->config.has_limits)
    {
      d = self->config.los_percent / 100.0 * self->config.limits.max_excursion_mm[direction];
      cx = self->config.limits.centre_x_mm;
      cy = self->config.limits.centre_y_mm;
    }
  else
    d = self->config.distance_mm;
  append_target (self, cx + d * ux, cy + d * uy);
}

void
proprio_weight_shift_regenerate (ProprioWeightShift *self)
{
  if (self->config.preset == PROPRIO_WEIGHT_SHIFT_CUSTOM)
    {
      /* Keep the therapist's positions; only the radius and the board bounds apply. */
      for (guint i = 0; i < self->targets->len; i++)
        {
          ProprioTarget *target = configured_target_at (self, i);

          target->radius_mm = self->config.radius_mm;
          clamp_to_board (self, &target->x_mm, &target->y_mm);
        }
      return;
    }

  g_array_set_size (self->targets, 0);
  switch (self->config.preset)
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
        g_autoptr(GRand) rand = g_rand_new_with_seed (self->config.random_seed);

        for (guint i = 0; i < self->config.random_count; i++)
          {
            double theta = g_rand_double_range (rand, 0.0, 2.0 * G_PI);
            double frac = sqrt (0.25 + 0.75 * g_rand_double (rand));
            double ux = cos (theta), uy = sin (theta), reach, cx = 0.0, cy = 0.0;

            if (self->config.has_limits)
              {
                reach = self->config.los_percent / 100.0 *
                        proprio_limits_reach (&self->config.limits, ux, uy);
                cx = self->config.limits.centre_x_mm;
                cy = self->config.limits.centre_y_mm;
              }
            else
              reach = self->config.distance_mm;
            append_target (self, cx + frac * reach * ux, cy + frac * reach * uy);
          }
      }
      break;

    case PROPRIO_WEIGHT_SHIFT_CUSTOM:
    default:
      g_assert_not_reached ();
    }
}

/* The layout for the next run changed: views show it instead of the last run's targets (whose
 * trials keep their own copy of each target). */
static void
layout_changed (ProprioWeightShift *self)
{
  self->show_run_targets = FALSE;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

static void
reconfigured (ProprioWeightShift *self)
{
  proprio_weight_shift_regenerate (self);
  layout_changed (self);
}

void
proprio_weight_shift_set_preset (ProprioWeightShift       *self,
                                 ProprioWeightShiftPreset  preset)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (preset <= PROPRIO_WEIGHT_SHIFT_RANDOM);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->config.preset = preset;
  reconfigured (self);
}

ProprioWeightShiftPreset
proprio_weight_shift_get_preset (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), PROPRIO_WEIGHT_SHIFT_CUSTOM);
  return self->config.preset;
}

void
proprio_weight_shift_set_distance (ProprioWeightShift *self,
                                   double              distance_mm)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (distance_mm) && distance_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->config.distance_mm = distance_mm;
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
  self->config.random_count = count;
  self->config.random_seed = seed;
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
  self->config.has_limits = limits != NULL;
  if (limits)
    self->config.limits = *limits;
  reconfigured (self);
}

gboolean
proprio_weight_shift_has_limits (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), FALSE);
  return self->config.has_limits;
}

void
proprio_weight_shift_set_los_percent (ProprioWeightShift *self,
                                      double              percent)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (percent) && percent > 0.0 && percent <= 150.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->config.los_percent = percent;
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
  self->config.radius_mm = radius_mm;
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
  self->config.dwell_us = (gint64) llround (seconds * G_USEC_PER_SEC);
  /* The score needs some time between the dwell and the timeout. */
  if (self->config.timeout_us <= self->config.dwell_us)
    self->config.timeout_us = self->config.dwell_us + G_USEC_PER_SEC;
}

void
proprio_weight_shift_set_timeout (ProprioWeightShift *self,
                                  double              seconds)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (seconds) && seconds > 0.0 && seconds <= 600.0);
  g_return_if_fail ((gint64) llround (seconds * G_USEC_PER_SEC) > self->config.dwell_us);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.timeout_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_weight_shift_set_countdown (ProprioWeightShift *self,
                                    double              seconds)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.countdown_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_weight_shift_set_repetitions (ProprioWeightShift *self,
                                      guint               repetitions)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));
  g_return_if_fail (repetitions >= 1 && repetitions <= 1000);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.repetitions = repetitions;
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
  self->config.board_width_mm = width_mm;
  self->config.board_length_mm = length_mm;
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
  self->config.preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  append_target (self, x_mm, y_mm);
  layout_changed (self);
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
  self->config.preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  clamp_to_board (self, &x_mm, &y_mm);
  target = configured_target_at (self, index);
  target->x_mm = x_mm;
  target->y_mm = y_mm;
  layout_changed (self);
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
  self->config.preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  g_array_remove_index (self->targets, index);
  layout_changed (self);
  return TRUE;
}

void
proprio_weight_shift_clear_targets (ProprioWeightShift *self)
{
  g_return_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self));

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->config.preset = PROPRIO_WEIGHT_SHIFT_CUSTOM;
  g_array_set_size (self->targets, 0);
  layout_changed (self);
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

/* ---- settings and results as GVariant ---- */

static const char * const preset_nicks[] = {
  "custom", "left-right", "front-back", "eight-directions", "random",
};

static const char * const setting_keys[] = {
  "preset", "distance-mm", "los-percent", "limits-centre-mm", "limits-excursion-mm",
  "random-count", "random-seed", "target-radius-mm", "dwell-s", "timeout-s", "countdown-s",
  "repetitions", "board-width-mm", "board-length-mm", "targets-mm", NULL,
};

GVariant *
proprio_weight_shift_get_settings (ProprioExercise *exercise)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);
  const WsConfig *c = &self->config;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(dd)"));

  g_variant_dict_insert (&dict, "preset", "s", preset_nicks[c->preset]);
  g_variant_dict_insert (&dict, "distance-mm", "d", c->distance_mm);
  g_variant_dict_insert (&dict, "los-percent", "d", c->los_percent);
  if (c->has_limits)
    {
      g_variant_dict_insert (&dict, "limits-centre-mm", "(dd)",
                             c->limits.centre_x_mm, c->limits.centre_y_mm);
      g_variant_dict_insert_value (&dict, "limits-excursion-mm",
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                                              c->limits.max_excursion_mm,
                                                              PROPRIO_N_DIRECTIONS,
                                                              sizeof (double)));
    }
  g_variant_dict_insert (&dict, "random-count", "u", c->random_count);
  g_variant_dict_insert (&dict, "random-seed", "u", c->random_seed);
  g_variant_dict_insert (&dict, "target-radius-mm", "d", c->radius_mm);
  g_variant_dict_insert (&dict, "dwell-s", "d", (double) c->dwell_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "timeout-s", "d", (double) c->timeout_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "countdown-s", "d", (double) c->countdown_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "repetitions", "u", c->repetitions);
  g_variant_dict_insert (&dict, "board-width-mm", "d", c->board_width_mm);
  g_variant_dict_insert (&dict, "board-length-mm", "d", c->board_length_mm);
  /* The layout itself, so that a custom one can be planned and a preset one is on record. */
  for (guint i = 0; i < self->targets->len; i++)
    g_variant_builder_add (&targets, "(dd)", configured_target_at (self, i)->x_mm,
                           configured_target_at (self, i)->y_mm);
  g_variant_dict_insert_value (&dict, "targets-mm", g_variant_builder_end (&targets));
  return g_variant_dict_end (&dict);
}

gboolean
proprio_weight_shift_apply_settings (ProprioExercise  *exercise,
                                     GVariant         *settings,
                                     GError          **error)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);
  WsConfig c = self->config;
  guint preset = c.preset, seed = c.random_seed;
  double dwell_s = (double) c.dwell_us / G_USEC_PER_SEC;
  double timeout_s = (double) c.timeout_us / G_USEC_PER_SEC;
  double countdown_s = (double) c.countdown_us / G_USEC_PER_SEC;
  g_autoptr(GVariant) centre = NULL;
  g_autoptr(GVariant) excursion = NULL;
  g_autoptr(GVariant) targets = NULL;

  if (!proprio_settings_check_keys (settings, setting_keys, error) ||
      !proprio_settings_get_nick (settings, "preset", preset_nicks, G_N_ELEMENTS (preset_nicks),
                                  &preset, error) ||
      !proprio_settings_get_double (settings, "distance-mm", 1.0, 1000.0, &c.distance_mm,
                                    error) ||
      !proprio_settings_get_double (settings, "los-percent", 1.0, 150.0, &c.los_percent,
                                    error) ||
      !proprio_settings_get_uint (settings, "random-count", 1, 1000, &c.random_count, error) ||
      !proprio_settings_get_uint (settings, "random-seed", 0, G_MAXUINT32, &seed, error) ||
      !proprio_settings_get_double (settings, "target-radius-mm", 1.0, 500.0, &c.radius_mm,
                                    error) ||
      !proprio_settings_get_double (settings, "dwell-s", 0.0, 59.0, &dwell_s, error) ||
      !proprio_settings_get_double (settings, "timeout-s", 0.1, 600.0, &timeout_s, error) ||
      !proprio_settings_get_double (settings, "countdown-s", 0.0, 60.0, &countdown_s, error) ||
      !proprio_settings_get_uint (settings, "repetitions", 1, 1000, &c.repetitions, error) ||
      !proprio_settings_get_double (settings, "board-width-mm", 10.0, 5000.0, &c.board_width_mm,
                                    error) ||
      !proprio_settings_get_double (settings, "board-length-mm", 10.0, 5000.0,
                                    &c.board_length_mm, error) ||
      !proprio_settings_get_value (settings, "limits-centre-mm", G_VARIANT_TYPE ("(dd)"),
                                   &centre, error) ||
      !proprio_settings_get_value (settings, "limits-excursion-mm", G_VARIANT_TYPE ("ad"),
                                   &excursion, error) ||
      !proprio_settings_get_value (settings, "targets-mm", G_VARIANT_TYPE ("a(dd)"), &targets,
                                   error))
    return FALSE;

  c.preset = preset;
  c.random_seed = seed;
  c.dwell_us = (gint64) llround (dwell_s * G_USEC_PER_SEC);
  c.timeout_us = (gint64) llround (timeout_s * G_USEC_PER_SEC);
  c.countdown_us = (gint64) llround (countdown_s * G_USEC_PER_SEC);
  if (c.timeout_us <= c.dwell_us)
    {
      proprio_settings_error (error, "timeout-s",
                              _("the timeout must be longer than the dwell time"));
      return FALSE;
    }

  if ((centre == NULL) != (excursion == NULL))
    {
      proprio_settings_error (error, centre == NULL ? "limits-centre-mm" : "limits-excursion-mm",
                              _("the limits of stability need both their centre and their "
                                "eight excursions"));
      return FALSE;
    }
  if (centre != NULL)
    {
      gsize n = 0;
      const double *d = g_variant_get_fixed_array (excursion, &n, sizeof (double));
      ProprioLimits limits = { 0, };

      g_variant_get (centre, "(dd)", &limits.centre_x_mm, &limits.centre_y_mm);
      if (n == PROPRIO_N_DIRECTIONS)
        memcpy (limits.max_excursion_mm, d, sizeof limits.max_excursion_mm);
      if (n != PROPRIO_N_DIRECTIONS || !proprio_limits_is_valid (&limits))
        {
          proprio_settings_error (error, "limits-excursion-mm",
                                  _("expected eight positive excursions (F, FR, R, BR, B, BL, L, "
                                    "FL) and a finite centre"));
          return FALSE;
        }
      c.limits = limits;
      c.has_limits = TRUE;
    }

  if (targets != NULL)
    {
      GVariantIter iter;
      double x, y;

      g_variant_iter_init (&iter, targets);
      while (g_variant_iter_next (&iter, "(dd)", &x, &y))
        if (!isfinite (x) || !isfinite (y))
          {
            proprio_settings_error (error, "targets-mm", _("a target position is not a number"));
            return FALSE;
          }
    }

  self->config = c;
  /* A preset places its own targets; a custom layout is the list given (or the current one). */
  if (targets != NULL && c.preset == PROPRIO_WEIGHT_SHIFT_CUSTOM)
    {
      GVariantIter iter;
      double x, y;

      g_array_set_size (self->targets, 0);
      g_variant_iter_init (&iter, targets);
      while (g_variant_iter_next (&iter, "(dd)", &x, &y))
        append_target (self, x, y);
    }
  proprio_weight_shift_regenerate (self);
  self->show_run_targets = FALSE;
  return TRUE;
}

static const char *
outcome_nick (ProprioTargetState outcome)
{
  return outcome == PROPRIO_TARGET_HIT ? "hit" : "missed";
}

GVariant *
proprio_weight_shift_get_results (ProprioExercise *exercise)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);
  g_auto(GVariantBuilder) trials = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ddd)"));
  g_auto(GVariantDict) summary_dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  ProprioWeightShiftSummary summary;

  for (guint i = 0; i < self->trials->len; i++)
    {
      const ProprioWeightShiftTrial *t = proprio_weight_shift_get_trial (self, i);
      g_auto(GVariantDict) trial = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&trial, "target-index", "u", t->target_index);
      g_variant_dict_insert (&trial, "target-x-mm", "d", t->target_x_mm);
      g_variant_dict_insert (&trial, "target-y-mm", "d", t->target_y_mm);
      g_variant_dict_insert (&trial, "target-radius-mm", "d", t->target_radius_mm);
      g_variant_dict_insert (&trial, "outcome", "s", outcome_nick (t->outcome));
      g_variant_dict_insert (&trial, "presented-us", "x", t->presented_us);
      g_variant_dict_insert (&trial, "time-to-target-s", "d", t->time_to_target_s);
      g_variant_dict_insert (&trial, "time-to-hit-s", "d", t->time_to_hit_s);
      g_variant_dict_insert (&trial, "path-length-mm", "d", t->path_length_mm);
      g_variant_dict_insert (&trial, "score", "d", t->score);
      g_variant_builder_add_value (&trials, g_variant_dict_end (&trial));
    }
  g_variant_dict_insert_value (&dict, "trials", g_variant_builder_end (&trials));

  /* The run's layout: x, y, radius. */
  for (guint i = 0; i < self->run_targets->len; i++)
    {
      const ProprioTarget *t = proprio_weight_shift_target_at (self, i);

      g_variant_builder_add (&targets, "(ddd)", t->x_mm, t->y_mm, t->radius_mm);
    }
  g_variant_dict_insert_value (&dict, "targets-mm", g_variant_builder_end (&targets));

  proprio_weight_shift_get_summary (self, &summary);
  g_variant_dict_insert (&summary_dict, "n-presented", "u", summary.n_presented);
  g_variant_dict_insert (&summary_dict, "n-hits", "u", summary.n_hits);
  g_variant_dict_insert (&summary_dict, "n-missed", "u", summary.n_missed);
  g_variant_dict_insert (&summary_dict, "mean-time-to-target-s", "d",
                         summary.mean_time_to_target_s);
  g_variant_dict_insert (&summary_dict, "mean-path-length-mm", "d", summary.mean_path_length_mm);
  g_variant_dict_insert (&summary_dict, "score", "d", summary.score);
  g_variant_dict_insert_value (&dict, "summary", g_variant_dict_end (&summary_dict));
  return g_variant_dict_end (&dict);
}
