/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-los-test"

#include "config.h"

#include "proprio-los-test-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define DEFAULT_HEIGHT_M 1.70
/* Default targets stay within this fraction of the board's half-size. */
#define BOARD_FRACTION   0.90

/* Defaults from the height, capped so each target stays on the board. */
void
proprio_los_test_default_distances (ProprioLosTest *self)
{
  double height = self->config.height_m > 0.0 ? self->config.height_m : DEFAULT_HEIGHT_M;
  double hw = BOARD_FRACTION * self->config.board_width_mm / 2.0;
  double hl = BOARD_FRACTION * self->config.board_length_mm / 2.0;

  proprio_los_theoretical_distances (height, self->config.distance_mm);
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      double ux, uy, cap;

      proprio_direction_get_unit (k, &ux, &uy);
      cap = MIN (fabs (ux) > 1e-9 ? hw / fabs (ux) : G_MAXDOUBLE,
                 fabs (uy) > 1e-9 ? hl / fabs (uy) : G_MAXDOUBLE);
      self->config.distance_mm[k] = MIN (self->config.distance_mm[k], cap);
    }
}

/* Views now show the next run's layout; the last run's results stay in their slots. */
static void
reconfigured (ProprioLosTest *self)
{
  proprio_los_test_rebuild_targets (self);
  self->show_run_targets = FALSE;
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
  self->config.height_m = height_m;
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
  self->config.board_width_mm = width_mm;
  self->config.board_length_mm = length_mm;
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
  self->config.distance_mm[direction] = distance_mm;
  reconfigured (self);
}

double
proprio_los_test_get_target_distance (ProprioLosTest   *self,
                                      ProprioDirection  direction)
{
  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), NAN);
  g_return_val_if_fail (direction < PROPRIO_N_DIRECTIONS, NAN);
  return self->config.distance_mm[direction];
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
    self->config.hold_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_los_test_set_trial_duration (ProprioLosTest *self,
                                     double          seconds)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 1.0 && seconds <= 60.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.trial_us = (gint64) llround (seconds * G_USEC_PER_SEC);
}

void
proprio_los_test_set_threshold (ProprioLosTest *self,
                                double          fraction)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (fraction) && fraction > 0.0 && fraction < 10.0);

  if (proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    self->config.threshold = fraction;
}

void
proprio_los_test_set_target_radius (ProprioLosTest *self,
                                    double          radius_mm)
{
  g_return_if_fail (PROPRIO_IS_LOS_TEST (self));
  g_return_if_fail (isfinite (radius_mm) && radius_mm > 0.0);

  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;
  self->config.radius_mm = radius_mm;
  reconfigured (self);
}

int
proprio_los_test_get_current (ProprioLosTest *self)
{
  g_return_val_if_fail (PROPRIO_IS_LOS_TEST (self), -1);

  if (!proprio_exercise_is_active (PROPRIO_EXERCISE (self)) || self->run_order->len == 0)
    return -1;
  return (int) g_array_index (self->run_order, ProprioDirection, self->pos);
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

/* ---- settings and results as GVariant ---- */

static const char * const status_nicks[] = {
  "not-run", "done", "no-movement", "stepped-off", "failed",
};

static const char * const setting_keys[] = {
  "height-m", "board-width-mm", "board-length-mm", "target-distances-mm", "directions", "hold-s",
  "trial-s", "threshold", "target-radius-mm", NULL,
};

GVariant *
proprio_los_test_get_settings (ProprioExercise *exercise)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);
  const LosConfig *c = &self->config;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantBuilder) directions = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_STRING_ARRAY);

  for (guint i = 0; i < self->order->len; i++)
    g_variant_builder_add (&directions, "s",
                           proprio_direction_get_abbrev (g_array_index (self->order,
                                                                        ProprioDirection, i)));
  g_variant_dict_insert_value (&dict, "directions", g_variant_builder_end (&directions));
  g_variant_dict_insert (&dict, "height-m", "d", c->height_m);
  g_variant_dict_insert (&dict, "board-width-mm", "d", c->board_width_mm);
  g_variant_dict_insert (&dict, "board-length-mm", "d", c->board_length_mm);
  g_variant_dict_insert_value (&dict, "target-distances-mm",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, c->distance_mm,
                                                          PROPRIO_N_DIRECTIONS, sizeof (double)));
  g_variant_dict_insert (&dict, "hold-s", "d", (double) c->hold_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "trial-s", "d", (double) c->trial_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "threshold", "d", c->threshold);
  g_variant_dict_insert (&dict, "target-radius-mm", "d", c->radius_mm);
  return g_variant_dict_end (&dict);
}

gboolean
proprio_los_test_apply_settings (ProprioExercise  *exercise,
                                 GVariant         *settings,
                                 GError          **error)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);
  LosConfig saved = self->config, c = self->config;
  double hold_s = (double) c.hold_us / G_USEC_PER_SEC;
  double trial_s = (double) c.trial_us / G_USEC_PER_SEC;
  g_autoptr(GVariant) distances = NULL;
  g_autoptr(GVariant) directions = NULL;
  g_autoptr(GArray) order = NULL;

  if (!proprio_settings_check_keys (settings, setting_keys, error) ||
      !proprio_settings_get_double (settings, "height-m", 0.0, 2.5, &c.height_m, error) ||
      !proprio_settings_get_double (settings, "board-width-mm", 10.0, 5000.0, &c.board_width_mm,
                                    error) ||
      !proprio_settings_get_double (settings, "board-length-mm", 10.0, 5000.0,
                                    &c.board_length_mm, error) ||
      !proprio_settings_get_double (settings, "hold-s", 0.5, 60.0, &hold_s, error) ||
      !proprio_settings_get_double (settings, "trial-s", 1.0, 60.0, &trial_s, error) ||
      !proprio_settings_get_double (settings, "threshold", 0.001, 9.999, &c.threshold, error) ||
      !proprio_settings_get_double (settings, "target-radius-mm", 1.0, 500.0, &c.radius_mm,
                                    error) ||
      !proprio_settings_get_value (settings, "target-distances-mm", G_VARIANT_TYPE ("ad"),
                                   &distances, error) ||
      !proprio_settings_get_value (settings, "directions", G_VARIANT_TYPE_STRING_ARRAY,
                                   &directions, error))
    return FALSE;

  if (c.height_m != 0.0 && c.height_m < 0.5)
    {
      proprio_settings_error (error, "height-m",
                              _("a height is between 0.5 and 2.5 m (0 when not given)"));
      return FALSE;
    }
  if (distances != NULL)
    {
      gsize n = 0;
      const double *d = g_variant_get_fixed_array (distances, &n, sizeof (double));
      gboolean ok = n == PROPRIO_N_DIRECTIONS;

      for (gsize k = 0; ok && k < n; k++)
        ok = isfinite (d[k]) && d[k] > 0.0;
      if (!ok)
        {
          proprio_settings_error (error, "target-distances-mm",
                                  _("expected eight positive distances (F, FR, R, BR, B, BL, L, "
                                    "FL)"));
          return FALSE;
        }
    }
  if (directions != NULL)
    {
      gboolean seen[PROPRIO_N_DIRECTIONS] = { FALSE, };
      GVariantIter iter;
      const char *abbrev;

      order = g_array_new (FALSE, FALSE, sizeof (ProprioDirection));
      g_variant_iter_init (&iter, directions);
      while (g_variant_iter_next (&iter, "&s", &abbrev))
        {
          ProprioDirection direction = PROPRIO_N_DIRECTIONS;

          for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
            if (g_str_equal (abbrev, proprio_direction_get_abbrev (k)))
              direction = k;
          if (direction == PROPRIO_N_DIRECTIONS || seen[direction])
            {
              g_autofree char *reason =
                g_strdup_printf (_("“%s” is not a direction (F, FR, R, BR, B, BL, L, FL), or it "
                                   "appears twice"), abbrev);

              proprio_settings_error (error, "directions", reason);
              return FALSE;
            }
          seen[direction] = TRUE;
          g_array_append_val (order, direction);
        }
    }

  /* Height and board give the default distances, as their setters do; explicit ones win. */
  c.hold_us = (gint64) llround (hold_s * G_USEC_PER_SEC);
  c.trial_us = (gint64) llround (trial_s * G_USEC_PER_SEC);
  self->config = c;
  if (c.height_m != saved.height_m || c.board_width_mm != saved.board_width_mm ||
      c.board_length_mm != saved.board_length_mm)
    proprio_los_test_default_distances (self);
  if (distances != NULL)
    {
      gsize n = 0;
      const double *d = g_variant_get_fixed_array (distances, &n, sizeof (double));

      g_assert (n == PROPRIO_N_DIRECTIONS);
      memcpy (self->config.distance_mm, d, sizeof self->config.distance_mm);
    }
  if (order != NULL)
    {
      g_array_set_size (self->order, 0);
      g_array_append_vals (self->order, order->data, order->len);
    }
  proprio_los_test_rebuild_targets (self);
  self->show_run_targets = FALSE;
  return TRUE;
}

static GVariant *
metrics_to_variant (const ProprioLosMetrics *m)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "reaction-time-s", "d", m->reaction_time_s);
  g_variant_dict_insert (&dict, "movement-velocity-mm-s", "d", m->movement_velocity_mm_s);
  g_variant_dict_insert (&dict, "movement-velocity-deg-s", "d", m->movement_velocity_deg_s);
  g_variant_dict_insert (&dict, "endpoint-mm", "d", m->endpoint_mm);
  g_variant_dict_insert (&dict, "endpoint-pct", "d", m->endpoint_pct);
  g_variant_dict_insert (&dict, "max-excursion-mm", "d", m->max_excursion_mm);
  g_variant_dict_insert (&dict, "max-excursion-pct", "d", m->max_excursion_pct);
  g_variant_dict_insert (&dict, "max-x-mm", "d", m->max_x_mm);
  g_variant_dict_insert (&dict, "max-y-mm", "d", m->max_y_mm);
  g_variant_dict_insert (&dict, "directional-control-pct", "d", m->directional_control_pct);
  g_variant_dict_insert (&dict, "onset-s", "d", m->onset_s);
  g_variant_dict_insert (&dict, "end-s", "d", m->end_s);
  return g_variant_dict_end (&dict);
}

static GVariant *
result_to_variant (const ProprioLosResult *r)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "direction", "s", proprio_direction_get_abbrev (r->direction));
  g_variant_dict_insert (&dict, "name", "s", proprio_direction_get_name (r->direction));
  g_variant_dict_insert (&dict, "status", "s", status_nicks[r->status]);
  if (r->message != NULL)
    g_variant_dict_insert (&dict, "message", "s", r->message);
  g_variant_dict_insert (&dict, "target-mm", "d", r->target_mm);
  g_variant_dict_insert (&dict, "centre-x-mm", "d", r->centre_x_mm);
  g_variant_dict_insert (&dict, "centre-y-mm", "d", r->centre_y_mm);
  g_variant_dict_insert (&dict, "cue-us", "x", r->cue_us);
  if (r->status == PROPRIO_LOS_STATUS_DONE || r->status == PROPRIO_LOS_STATUS_NO_MOVEMENT)
    g_variant_dict_insert_value (&dict, "metrics", metrics_to_variant (&r->metrics));
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
proprio_los_test_get_results (ProprioExercise *exercise)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);
  g_auto(GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  double polygon[2 * PROPRIO_N_DIRECTIONS];
  ProprioLimits limits;

  /* The directions of the run, in the order they were tested. */
  for (guint i = 0; i < self->run_order->len; i++)
    {
      ProprioDirection direction = g_array_index (self->run_order, ProprioDirection, i);

      g_variant_builder_add_value (&results,
                                   result_to_variant (proprio_los_test_get_result (self,
                                                                                   direction)));
    }
  g_variant_dict_insert_value (&dict, "directions", g_variant_builder_end (&results));

  proprio_los_test_get_polygon (self, polygon);
  g_variant_dict_insert_value (&dict, "polygon-mm",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, polygon,
                                                          G_N_ELEMENTS (polygon),
                                                          sizeof (double)));
  if (proprio_los_test_get_limits (self, &limits, NULL))
    {
      g_auto(GVariantDict) l = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&l, "centre-mm", "(dd)", limits.centre_x_mm, limits.centre_y_mm);
      g_variant_dict_insert_value (&l, "excursion-mm",
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                                              limits.max_excursion_mm,
                                                              PROPRIO_N_DIRECTIONS,
                                                              sizeof (double)));
      g_variant_dict_insert_value (&dict, "limits", g_variant_dict_end (&l));
    }
  return g_variant_dict_end (&dict);
}
