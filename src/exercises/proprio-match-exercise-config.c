/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-match-exercise"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-match-exercise-private.h"

/* The configuration of a matching protocol: defaults, setters, settings and results, and the
 * knowledge-of-results schedule. */

/* Limits per unit: what a setting may be, in degrees (one axis) or millimetres (two). */
typedef struct
{
  double tolerance_min, tolerance_max;
  double still_min, still_max;
  double movement_max;
  double position_max;
} Bounds;

static const Bounds deg_bounds = { 0.1, 45.0, 0.1, 20.0, 90.0, 360.0 };
static const Bounds mm_bounds = { 1.0, 200.0, 1.0, 100.0, 300.0, 1000.0 };

static const char * const order_nicks[] = { "blocked", "cycled", "random" };
static const char * const movement_nicks[] = { "active", "passive" };
static const char * const memorise_nicks[] = { "timed", "at-target" };
static const char * const register_nicks[] = { "still", "key" };
static const char * const feedback_nicks[] = { "always", "never", "faded" };
static const char * const registration_nicks[] = { "", "key", "still" };

static guint
n_dims_of (ProprioMatchExercise *self)
{
  return PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->n_dims;
}

static const Bounds *
bounds_of (ProprioMatchExercise *self)
{
  return n_dims_of (self) == 1 ? &deg_bounds : &mm_bounds;
}

static gint64
seconds_to_us (double seconds)
{
  return (gint64) llround (seconds * G_USEC_PER_SEC);
}

static double
us_to_seconds (gint64 us)
{
  return (double) us / G_USEC_PER_SEC;
}

void
_proprio_match_config_init (MatchConfig *c)
{
  *c = (MatchConfig) { 0, };
  c->n_targets = 1;
  c->trials_per_target = 3;
  c->order = PROPRIO_MATCH_ORDER_RANDOM;
  c->seed = 1;
  c->movement = PROPRIO_MATCH_ACTIVE;
  /* Five seconds at the target with vision, as most protocols memorise. */
  c->memorise = PROPRIO_MATCH_MEMORISE_AT_TARGET;
  c->memorise_us = 5 * G_USEC_PER_SEC;
  c->tolerance = 3.0;
  c->return_us = 2 * G_USEC_PER_SEC;
  c->register_mode = PROPRIO_MATCH_REGISTER_STILL;
  c->still_range = 2.0;
  c->still_us = G_USEC_PER_SEC;
  c->min_movement = 5.0;
  c->timeout_us = 15 * G_USEC_PER_SEC;
  /* Faded: every trial of the first block, half of the second, none after. */
  c->feedback = PROPRIO_MATCH_FEEDBACK_FADED;
  c->percents[0] = 100.0;
  c->percents[1] = 50.0;
  c->percents[2] = 0.0;
  c->n_percents = 3;
  c->block = 2;
  c->feedback_us = 3 * G_USEC_PER_SEC;
  c->rest_us = 3 * G_USEC_PER_SEC;
  c->countdown_us = 3 * G_USEC_PER_SEC;
}

void
_proprio_match_exercise_set_defaults (ProprioMatchExercise *self,
                                      const double         *targets,
                                      guint                 n_targets,
                                      const double         *start,
                                      double                tolerance,
                                      double                still_range,
                                      double                min_movement)
{
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  guint n = n_dims_of (self);

  g_assert (n_targets >= 1 && n_targets <= PROPRIO_MATCH_MAX_TARGETS);
  priv->config.n_targets = n_targets;
  for (guint i = 0; i < n_targets; i++)
    for (guint d = 0; d < 2; d++)
      priv->config.targets[i][d] = d < n ? targets[i * n + d] : 0.0;
  for (guint d = 0; d < 2; d++)
    priv->config.start[d] = d < n ? start[d] : 0.0;
  priv->config.tolerance = tolerance;
  priv->config.still_range = still_range;
  priv->config.min_movement = min_movement;
  priv->run = priv->config;
}

/* ---- the knowledge-of-results schedule ---- */

static guint
ceil_div (guint a,
          guint b)
{
  return (a + b - 1) / b;
}

gboolean
proprio_match_feedback_given (ProprioMatchFeedback  mode,
                              const double         *percents,
                              guint                 n_percents,
                              guint                 block,
                              guint                 trial_index,
                              guint                 n_trials)
{
  guint b, first, n, k, j;
  double percent;

  switch (mode)
    {
    case PROPRIO_MATCH_FEEDBACK_ALWAYS:
      return TRUE;
    case PROPRIO_MATCH_FEEDBACK_NEVER:
      return FALSE;
    case PROPRIO_MATCH_FEEDBACK_FADED:
    default:
      break;
    }
  g_return_val_if_fail (percents != NULL || n_percents == 0, TRUE);
  if (n_percents == 0 || block == 0)
    return TRUE;

  b = trial_index / block;
  first = b * block;
  /* The last block may be short; a trial past the plan counts in a whole block. */
  n = first < n_trials ? MIN (block, n_trials - first) : block;
  percent = CLAMP (percents[MIN (b, n_percents - 1)], 0.0, 100.0);
  k = (guint) floor (n * percent / 100.0 + 0.5);
  j = trial_index - first;
  return k > 0 && ceil_div ((j + 1) * k, n) > ceil_div (j * k, n);
}

const char *
proprio_match_validity_to_string (ProprioMatchValidity validity)
{
  switch (validity)
    {
    case PROPRIO_MATCH_INVALID_LOST:        return "lost";
    case PROPRIO_MATCH_INVALID_NO_POSITION: return "no-position";
    case PROPRIO_MATCH_INVALID_TIMEOUT:     return "timeout";
    case PROPRIO_MATCH_VALID:
    default:
      return "";
    }
}

const char *
proprio_match_validity_describe (ProprioMatchValidity validity)
{
  switch (validity)
    {
    case PROPRIO_MATCH_INVALID_LOST:
      return _("the position was lost for more than a second (a marker out of sight, a sensor "
               "that stopped, or a step off the board)");
    case PROPRIO_MATCH_INVALID_NO_POSITION:
      return _("there was no position to register when the key was pressed");
    case PROPRIO_MATCH_INVALID_TIMEOUT:
      return _("no position was registered before the time ran out");
    case PROPRIO_MATCH_VALID:
    default:
      return "";
    }
}

/* ---- configuration ---- */

static ProprioMatchExercisePrivate *
configurable (ProprioMatchExercise *self)
{
  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return NULL;
  return _proprio_match_exercise_get_private (self);
}

static void
changed (ProprioMatchExercise *self)
{
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_match_exercise_set_targets (ProprioMatchExercise *self,
                                    const double         *positions,
                                    guint                 n_targets)
{
  ProprioMatchExercisePrivate *priv;
  guint n;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (positions != NULL);
  g_return_if_fail (n_targets >= 1 && n_targets <= PROPRIO_MATCH_MAX_TARGETS);

  n = n_dims_of (self);
  for (guint i = 0; i < n_targets * n; i++)
    g_return_if_fail (isfinite (positions[i]) &&
                      fabs (positions[i]) <= bounds_of (self)->position_max);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.n_targets = n_targets;
  for (guint i = 0; i < n_targets; i++)
    for (guint d = 0; d < 2; d++)
      priv->config.targets[i][d] = d < n ? positions[i * n + d] : 0.0;
  changed (self);
}

guint
proprio_match_exercise_get_n_targets (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  return _proprio_match_exercise_get_private (self)->config.n_targets;
}

void
proprio_match_exercise_get_target (ProprioMatchExercise *self,
                                   guint                 index,
                                   double               *position)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (position != NULL);
  priv = _proprio_match_exercise_get_private (self);
  g_return_if_fail (index < priv->config.n_targets);
  for (guint d = 0; d < n_dims_of (self); d++)
    position[d] = priv->config.targets[index][d];
}

void
proprio_match_exercise_set_trials_per_target (ProprioMatchExercise *self,
                                              guint                 trials)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (trials >= 1 && trials <= 20);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.trials_per_target = trials;
  changed (self);
}

guint
proprio_match_exercise_get_trials_per_target (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), 0);
  return _proprio_match_exercise_get_private (self)->config.trials_per_target;
}

void
proprio_match_exercise_set_order (ProprioMatchExercise *self,
                                  ProprioMatchOrder     order,
                                  guint32               seed)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (order <= PROPRIO_MATCH_ORDER_RANDOM);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.order = order;
  priv->config.seed = seed;
  changed (self);
}

void
proprio_match_exercise_set_movement (ProprioMatchExercise *self,
                                     ProprioMatchMovement  movement)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (movement <= PROPRIO_MATCH_PASSIVE);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.movement = movement;
  changed (self);
}

void
proprio_match_exercise_set_memorise (ProprioMatchExercise *self,
                                     ProprioMatchMemorise  mode,
                                     double                seconds,
                                     double                tolerance)
{
  ProprioMatchExercisePrivate *priv;
  const Bounds *bounds;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  bounds = bounds_of (self);
  g_return_if_fail (mode <= PROPRIO_MATCH_MEMORISE_AT_TARGET);
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);
  g_return_if_fail (isfinite (tolerance) && tolerance >= bounds->tolerance_min &&
                    tolerance <= bounds->tolerance_max);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.memorise = mode;
  priv->config.memorise_us = seconds_to_us (seconds);
  priv->config.tolerance = tolerance;
  changed (self);
}

void
proprio_match_exercise_set_register (ProprioMatchExercise *self,
                                     ProprioMatchRegister  mode,
                                     double                still_range,
                                     double                still_s,
                                     double                min_movement)
{
  ProprioMatchExercisePrivate *priv;
  const Bounds *bounds;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  bounds = bounds_of (self);
  g_return_if_fail (mode <= PROPRIO_MATCH_REGISTER_KEY);
  g_return_if_fail (isfinite (still_range) && still_range >= bounds->still_min &&
                    still_range <= bounds->still_max);
  g_return_if_fail (isfinite (still_s) && still_s >= 0.2 && still_s <= 10.0);
  g_return_if_fail (isfinite (min_movement) && min_movement >= 0.0 &&
                    min_movement <= bounds->movement_max);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.register_mode = mode;
  priv->config.still_range = still_range;
  priv->config.still_us = seconds_to_us (still_s);
  priv->config.min_movement = min_movement;
  changed (self);
}

void
proprio_match_exercise_set_feedback (ProprioMatchExercise *self,
                                     ProprioMatchFeedback  mode,
                                     const double         *percents,
                                     guint                 n_percents,
                                     guint                 block)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (mode <= PROPRIO_MATCH_FEEDBACK_FADED);
  g_return_if_fail (n_percents <= PROPRIO_MATCH_MAX_BLOCKS);
  g_return_if_fail (percents != NULL || n_percents == 0);
  g_return_if_fail (block <= 50);
  for (guint i = 0; i < n_percents; i++)
    g_return_if_fail (isfinite (percents[i]) && percents[i] >= 0.0 && percents[i] <= 100.0);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.feedback = mode;
  if (n_percents > 0)
    {
      priv->config.n_percents = n_percents;
      for (guint i = 0; i < n_percents; i++)
        priv->config.percents[i] = percents[i];
    }
  if (block > 0)
    priv->config.block = block;
  changed (self);
}

void
proprio_match_exercise_set_timing (ProprioMatchExercise *self,
                                   double                countdown_s,
                                   double                return_s,
                                   double                timeout_s,
                                   double                feedback_s,
                                   double                rest_s)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (isfinite (countdown_s) && countdown_s >= 0.0 && countdown_s <= 10.0);
  g_return_if_fail (isfinite (return_s) && return_s >= 0.0 && return_s <= 30.0);
  g_return_if_fail (isfinite (timeout_s) && timeout_s >= 2.0 && timeout_s <= 120.0);
  g_return_if_fail (isfinite (feedback_s) && feedback_s >= 0.5 && feedback_s <= 30.0);
  g_return_if_fail (isfinite (rest_s) && rest_s >= 0.0 && rest_s <= 60.0);
  if ((priv = configurable (self)) == NULL)
    return;
  priv->config.countdown_us = seconds_to_us (countdown_s);
  priv->config.return_us = seconds_to_us (return_s);
  priv->config.timeout_us = seconds_to_us (timeout_s);
  priv->config.feedback_us = seconds_to_us (feedback_s);
  priv->config.rest_us = seconds_to_us (rest_s);
  changed (self);
}

void
proprio_match_exercise_set_start (ProprioMatchExercise *self,
                                  const double         *position)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (position != NULL);
  for (guint d = 0; d < n_dims_of (self); d++)
    g_return_if_fail (isfinite (position[d]) &&
                      fabs (position[d]) <= bounds_of (self)->position_max);
  if ((priv = configurable (self)) == NULL)
    return;
  for (guint d = 0; d < n_dims_of (self); d++)
    priv->config.start[d] = position[d];
  changed (self);
}

void
proprio_match_exercise_set_positions (ProprioMatchExercise *self,
                                      ProprioMatchPositions positions)
{
  ProprioMatchExercisePrivate *priv;

  g_return_if_fail (PROPRIO_IS_MATCH_EXERCISE (self));
  g_return_if_fail (positions == PROPRIO_MATCH_POSITIONS_STREAM ||
                    positions == PROPRIO_MATCH_POSITIONS_STILLS);
  if ((priv = configurable (self)) == NULL || priv->config.positions == positions)
    return;
  priv->config.positions = positions;
  changed (self);
}

ProprioMatchPositions
proprio_match_exercise_get_positions (ProprioMatchExercise *self)
{
  g_return_val_if_fail (PROPRIO_IS_MATCH_EXERCISE (self), PROPRIO_MATCH_POSITIONS_STREAM);
  return _proprio_match_exercise_get_private (self)->config.positions;
}

/* ---- settings ---- */

static char *
key_with_unit (ProprioMatchExercise *self,
               const char           *name)
{
  return g_strconcat (name, "-", PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->unit, NULL);
}

static GVariant *
position_variant (ProprioMatchExercise *self,
                  const double         *position)
{
  if (n_dims_of (self) == 1)
    return g_variant_new_double (position[0]);
  return g_variant_new ("(dd)", position[0], position[1]);
}

GVariant *
_proprio_match_exercise_get_settings (ProprioExercise *exercise)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  const MatchConfig *c = &_proprio_match_exercise_get_private (self)->config;
  ProprioMatchExerciseClass *klass = PROPRIO_MATCH_EXERCISE_GET_CLASS (self);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (klass->n_dims == 1
                                                            ? G_VARIANT_TYPE ("ad")
                                                            : G_VARIANT_TYPE ("a(dd)"));
  g_auto(GVariantBuilder) percents = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ad"));
  g_autofree char *tolerance_key = key_with_unit (self, "tolerance");
  g_autofree char *range_key = key_with_unit (self, "still-range");
  g_autofree char *movement_key = key_with_unit (self, "min-movement");
  g_autofree char *start_key = key_with_unit (self, "start");

  for (guint i = 0; i < c->n_targets; i++)
    g_variant_builder_add_value (&targets, position_variant (self, c->targets[i]));
  for (guint i = 0; i < c->n_percents; i++)
    g_variant_builder_add (&percents, "d", c->percents[i]);

  g_variant_dict_insert_value (&dict, klass->targets_key, g_variant_builder_end (&targets));
  g_variant_dict_insert (&dict, "trials-per-target", "u", c->trials_per_target);
  g_variant_dict_insert (&dict, "order", "s", order_nicks[c->order]);
  g_variant_dict_insert (&dict, "random-seed", "u", c->seed);
  g_variant_dict_insert (&dict, "movement", "s", movement_nicks[c->movement]);
  g_variant_dict_insert (&dict, "memorise", "s", memorise_nicks[c->memorise]);
  g_variant_dict_insert (&dict, "memorise-s", "d", us_to_seconds (c->memorise_us));
  g_variant_dict_insert (&dict, tolerance_key, "d", c->tolerance);
  g_variant_dict_insert (&dict, "return-s", "d", us_to_seconds (c->return_us));
  g_variant_dict_insert (&dict, "register", "s", register_nicks[c->register_mode]);
  g_variant_dict_insert (&dict, range_key, "d", c->still_range);
  g_variant_dict_insert (&dict, "still-s", "d", us_to_seconds (c->still_us));
  g_variant_dict_insert (&dict, movement_key, "d", c->min_movement);
  g_variant_dict_insert (&dict, "reproduce-timeout-s", "d", us_to_seconds (c->timeout_us));
  g_variant_dict_insert (&dict, "feedback", "s", feedback_nicks[c->feedback]);
  g_variant_dict_insert_value (&dict, "faded-percent", g_variant_builder_end (&percents));
  g_variant_dict_insert (&dict, "faded-block", "u", c->block);
  g_variant_dict_insert (&dict, "feedback-s", "d", us_to_seconds (c->feedback_us));
  g_variant_dict_insert (&dict, "rest-s", "d", us_to_seconds (c->rest_us));
  g_variant_dict_insert (&dict, "countdown-s", "d", us_to_seconds (c->countdown_us));
  g_variant_dict_insert_value (&dict, start_key, position_variant (self, c->start));
  return g_variant_dict_end (&dict);
}

static gboolean
check_position (ProprioMatchExercise *self,
                const char           *key,
                const double         *position,
                GError              **error)
{
  double limit = bounds_of (self)->position_max;

  for (guint d = 0; d < n_dims_of (self); d++)
    if (!isfinite (position[d]) || fabs (position[d]) > limit)
      {
        g_autofree char *reason = g_strdup_printf (_("every position must lie within ±%g"),
                                                   limit);

        proprio_settings_error (error, key, reason);
        return FALSE;
      }
  return TRUE;
}

static gboolean
get_position (ProprioMatchExercise *self,
              GVariant             *settings,
              const char           *key,
              double               *position,
              GError              **error)
{
  g_autoptr(GVariant) value = NULL;
  double p[2] = { 0.0, 0.0 };

  if (!proprio_settings_get_value (settings, key, n_dims_of (self) == 1 ? G_VARIANT_TYPE_DOUBLE
                                                                       : G_VARIANT_TYPE ("(dd)"),
                                   &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (n_dims_of (self) == 1)
    p[0] = g_variant_get_double (value);
  else
    g_variant_get (value, "(dd)", &p[0], &p[1]);
  if (!check_position (self, key, p, error))
    return FALSE;
  position[0] = p[0];
  position[1] = p[1];
  return TRUE;
}

static gboolean
get_targets (ProprioMatchExercise *self,
             GVariant             *settings,
             MatchConfig          *c,
             GError              **error)
{
  const char *key = PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->targets_key;
  g_autoptr(GVariant) value = NULL;
  gsize n;

  if (!proprio_settings_get_value (settings, key, n_dims_of (self) == 1 ? G_VARIANT_TYPE ("ad")
                                                                       : G_VARIANT_TYPE ("a(dd)"),
                                   &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  n = g_variant_n_children (value);
  if (n < 1 || n > PROPRIO_MATCH_MAX_TARGETS)
    {
      g_autofree char *reason = g_strdup_printf (_("give between 1 and %u targets"),
                                                 PROPRIO_MATCH_MAX_TARGETS);

      proprio_settings_error (error, key, reason);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
      double p[2] = { 0.0, 0.0 };

      if (n_dims_of (self) == 1)
        p[0] = g_variant_get_double (child);
      else
        g_variant_get (child, "(dd)", &p[0], &p[1]);
      if (!check_position (self, key, p, error))
        return FALSE;
      c->targets[i][0] = p[0];
      c->targets[i][1] = p[1];
    }
  c->n_targets = (guint) n;
  return TRUE;
}

static gboolean
get_percents (GVariant     *settings,
              MatchConfig  *c,
              GError      **error)
{
  g_autoptr(GVariant) value = NULL;
  gsize n;
  const double *values;

  if (!proprio_settings_get_value (settings, "faded-percent", G_VARIANT_TYPE ("ad"), &value,
                                   error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  values = g_variant_get_fixed_array (value, &n, sizeof (double));
  if (n < 1 || n > PROPRIO_MATCH_MAX_BLOCKS)
    {
      g_autofree char *reason = g_strdup_printf (_("give between 1 and %u percentages, one per "
                                                   "block"), PROPRIO_MATCH_MAX_BLOCKS);

      proprio_settings_error (error, "faded-percent", reason);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (values[i]) || values[i] < 0.0 || values[i] > 100.0)
      {
        proprio_settings_error (error, "faded-percent",
                                _("every percentage must be between 0 and 100"));
        return FALSE;
      }
  for (gsize i = 0; i < n; i++)
    c->percents[i] = values[i];
  c->n_percents = (guint) n;
  return TRUE;
}

gboolean
_proprio_match_exercise_apply_settings (ProprioExercise  *exercise,
                                        GVariant         *settings,
                                        GError          **error)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  const Bounds *b = bounds_of (self);
  MatchConfig c = priv->config;
  g_autofree char *tolerance_key = key_with_unit (self, "tolerance");
  g_autofree char *range_key = key_with_unit (self, "still-range");
  g_autofree char *movement_key = key_with_unit (self, "min-movement");
  g_autofree char *start_key = key_with_unit (self, "start");
  const char *known[] = {
    PROPRIO_MATCH_EXERCISE_GET_CLASS (self)->targets_key, "trials-per-target", "order",
    "random-seed", "movement", "memorise", "memorise-s", tolerance_key, "return-s", "register",
    range_key, "still-s", movement_key, "reproduce-timeout-s", "feedback", "faded-percent",
    "faded-block", "feedback-s", "rest-s", "countdown-s", start_key, NULL
  };
  guint order = c.order, movement = c.movement, memorise = c.memorise;
  guint register_mode = c.register_mode, feedback = c.feedback;
  double memorise_s = us_to_seconds (c.memorise_us), return_s = us_to_seconds (c.return_us);
  double still_s = us_to_seconds (c.still_us), timeout_s = us_to_seconds (c.timeout_us);
  double feedback_s = us_to_seconds (c.feedback_us), rest_s = us_to_seconds (c.rest_us);
  double countdown_s = us_to_seconds (c.countdown_us);

  if (!proprio_settings_check_keys (settings, known, error) ||
      !get_targets (self, settings, &c, error) ||
      !proprio_settings_get_uint (settings, "trials-per-target", 1, 20, &c.trials_per_target,
                                  error) ||
      !proprio_settings_get_nick (settings, "order", order_nicks, G_N_ELEMENTS (order_nicks),
                                  &order, error) ||
      !proprio_settings_get_uint (settings, "random-seed", 0, G_MAXUINT32, &c.seed, error) ||
      !proprio_settings_get_nick (settings, "movement", movement_nicks,
                                  G_N_ELEMENTS (movement_nicks), &movement, error) ||
      !proprio_settings_get_nick (settings, "memorise", memorise_nicks,
                                  G_N_ELEMENTS (memorise_nicks), &memorise, error) ||
      !proprio_settings_get_double (settings, "memorise-s", 0.0, 60.0, &memorise_s, error) ||
      !proprio_settings_get_double (settings, tolerance_key, b->tolerance_min, b->tolerance_max,
                                    &c.tolerance, error) ||
      !proprio_settings_get_double (settings, "return-s", 0.0, 30.0, &return_s, error) ||
      !proprio_settings_get_nick (settings, "register", register_nicks,
                                  G_N_ELEMENTS (register_nicks), &register_mode, error) ||
      !proprio_settings_get_double (settings, range_key, b->still_min, b->still_max,
                                    &c.still_range, error) ||
      !proprio_settings_get_double (settings, "still-s", 0.2, 10.0, &still_s, error) ||
      !proprio_settings_get_double (settings, movement_key, 0.0, b->movement_max,
                                    &c.min_movement, error) ||
      !proprio_settings_get_double (settings, "reproduce-timeout-s", 2.0, 120.0, &timeout_s,
                                    error) ||
      !proprio_settings_get_nick (settings, "feedback", feedback_nicks,
                                  G_N_ELEMENTS (feedback_nicks), &feedback, error) ||
      !get_percents (settings, &c, error) ||
      !proprio_settings_get_uint (settings, "faded-block", 1, 50, &c.block, error) ||
      !proprio_settings_get_double (settings, "feedback-s", 0.5, 30.0, &feedback_s, error) ||
      !proprio_settings_get_double (settings, "rest-s", 0.0, 60.0, &rest_s, error) ||
      !proprio_settings_get_double (settings, "countdown-s", 0.0, 10.0, &countdown_s, error) ||
      !get_position (self, settings, start_key, c.start, error))
    return FALSE;

  c.order = order;
  c.movement = movement;
  c.memorise = memorise;
  c.register_mode = register_mode;
  c.feedback = feedback;
  c.memorise_us = seconds_to_us (memorise_s);
  c.return_us = seconds_to_us (return_s);
  c.still_us = seconds_to_us (still_s);
  c.timeout_us = seconds_to_us (timeout_s);
  c.feedback_us = seconds_to_us (feedback_s);
  c.rest_us = seconds_to_us (rest_s);
  c.countdown_us = seconds_to_us (countdown_s);
  priv->config = c;
  return TRUE;
}

/* ---- results ---- */

GVariant *
_proprio_match_exercise_get_results (ProprioExercise *exercise)
{
  ProprioMatchExercise *self = PROPRIO_MATCH_EXERCISE (exercise);
  ProprioMatchExercisePrivate *priv = _proprio_match_exercise_get_private (self);
  ProprioMatchExerciseClass *klass = PROPRIO_MATCH_EXERCISE_GET_CLASS (self);
  g_auto(GVariantBuilder) trials = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "movement", "s", movement_nicks[priv->run.movement]);
  g_variant_dict_insert (&dict, "positions", "s",
                         priv->run.positions == PROPRIO_MATCH_POSITIONS_STILLS ? "stills"
                                                                               : "stream");
  g_variant_dict_insert (&dict, "n-trials", "u", priv->trials->len);
  g_variant_dict_insert (&dict, "n-valid", "u", proprio_match_exercise_get_n_valid (self));
  for (guint i = 0; i < priv->trials->len; i++)
    {
      const ProprioMatchTrial *t = &g_array_index (priv->trials, ProprioMatchTrial, i);
      g_auto(GVariantDict) trial = G_VARIANT_DICT_INIT (NULL);
      double reproduce_s = t->validity == PROPRIO_MATCH_VALID
                           ? us_to_seconds (t->registered_us - t->reproduce_us) : NAN;

      g_variant_dict_insert (&trial, "trial", "u", t->index);
      g_variant_dict_insert (&trial, "target-index", "u", t->target_index);
      g_variant_dict_insert (&trial, "valid", "b", t->validity == PROPRIO_MATCH_VALID);
      g_variant_dict_insert (&trial, "invalid-reason", "s",
                             proprio_match_validity_to_string (t->validity));
      g_variant_dict_insert (&trial, "feedback-given", "b", t->feedback_given);
      g_variant_dict_insert (&trial, "registered-by", "s", registration_nicks[t->registered_by]);
      g_variant_dict_insert (&trial, "presented-us", "x", t->presented_us);
      g_variant_dict_insert (&trial, "registered-us", "x", t->registered_us);
      g_variant_dict_insert (&trial, "reproduce-time-s", "d", reproduce_s);
      if (klass->add_trial_results != NULL)
        klass->add_trial_results (self, t, &trial);
      g_variant_builder_add_value (&trials, g_variant_dict_end (&trial));
    }
  g_variant_dict_insert_value (&dict, "trials", g_variant_builder_end (&trials));
  if (klass->add_results != NULL)
    klass->add_results (self, &dict);
  return g_variant_dict_end (&dict);
}
