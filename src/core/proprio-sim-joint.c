/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-sim-joint"

#include "config.h"

#include <math.h>

#include "proprio-sim-joint.h"

/* The simulated patient of joint-position matching. Each movement is a minimum-jerk reach after a
 * reaction time, with a small overshoot that settles (with vision it settles on the target, from
 * memory on the remembered one), then a hold with a physiological tremor well inside a stillness
 * detector's 2°. Reproductions carry the patient's constant error for that target (drawn the
 * first time the target is reproduced: mostly an undershoot toward the rest angle, as most
 * patients show) and a variable error per trial. Numbers are from the joint-position-sense
 * literature's healthy-to-impaired range: CE within ±4°, VE about 2°. */

#define DEFAULT_MIN_DEG   30.0
#define DEFAULT_MAX_DEG  170.0
#define VE_SD_DEG          2.0
#define VE_LIMIT_DEG       6.0

typedef struct
{
  double target_deg;
  double constant_deg;  /* signed: + toward the rest angle (an undershoot) */
} TargetError;

struct _ProprioSimJoint
{
  GRand                *rand;
  double                min_deg, max_deg;
  ProprioSimJointIntent intent;
  gboolean              has_intent;

  /* The movement in progress: from → goal, overshooting by `overshoot_deg` and settling. */
  double                from_deg, goal_deg, overshoot_deg;
  double                move_start_s, move_length_s;
  double                hold_until_s;   /* FREE: the next spontaneous movement */
  double                last_t_s;

  /* The patient's constants. */
  double                tremor_hz, tremor_deg, tremor_phase;
  double                speed_deg_s;
  GArray               *errors;         /* TargetError, per target reproduced */
};

ProprioSimJoint *
proprio_sim_joint_new (guint32 seed)
{
  ProprioSimJoint *self = g_new0 (ProprioSimJoint, 1);

  self->rand = g_rand_new_with_seed (seed);
  self->min_deg = DEFAULT_MIN_DEG;
  self->max_deg = DEFAULT_MAX_DEG;
  self->from_deg = self->goal_deg = 170.0;
  self->intent = (ProprioSimJointIntent) PROPRIO_SIM_JOINT_INTENT_INIT;
  self->tremor_hz = g_rand_double_range (self->rand, 5.0, 8.0);
  self->tremor_deg = g_rand_double_range (self->rand, 0.08, 0.18);
  self->tremor_phase = g_rand_double_range (self->rand, 0.0, 2.0 * G_PI);
  self->speed_deg_s = g_rand_double_range (self->rand, 45.0, 70.0);
  self->hold_until_s = g_rand_double_range (self->rand, 0.5, 1.5);
  self->errors = g_array_new (FALSE, FALSE, sizeof (TargetError));
  return self;
}

void
proprio_sim_joint_free (ProprioSimJoint *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_array_unref (self->errors);
  g_free (self);
}

void
proprio_sim_joint_set_range (ProprioSimJoint *self,
                             double           min_deg,
                             double           max_deg)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (min_deg) && isfinite (max_deg) && max_deg - min_deg >= 40.0);

  self->min_deg = min_deg;
  self->max_deg = max_deg;
  self->from_deg = CLAMP (self->from_deg, min_deg, max_deg);
  self->goal_deg = CLAMP (self->goal_deg, min_deg, max_deg);
}

static double
uniform (ProprioSimJoint *self,
         double           lo,
         double           hi)
{
  return g_rand_double_range (self->rand, lo, hi);
}

static double
normal (ProprioSimJoint *self)
{
  double u, v, s;

  do
    {
      u = uniform (self, -1.0, 1.0);
      v = uniform (self, -1.0, 1.0);
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  return u * sqrt (-2.0 * log (s) / s);
}

/* 0 → 1 without jerks at either end (minimum-jerk profile). */
static double
min_jerk (double u)
{
  u = CLAMP (u, 0.0, 1.0);
  return u * u * u * (10.0 - 15.0 * u + 6.0 * u * u);
}

/* Where the limb is at t_s, without tremor: the reach past the goal, then the settle. */
static double
trajectory (ProprioSimJoint *self,
            double           t_s)
{
  double u;

  if (t_s <= self->move_start_s || self->move_length_s <= 0.0)
    return self->from_deg;
  u = (t_s - self->move_start_s) / self->move_length_s;
  if (u <= 1.0)
    return self->from_deg + (self->goal_deg + self->overshoot_deg - self->from_deg) * min_jerk (u);
  if (u <= 1.6)
    return self->goal_deg + self->overshoot_deg * (1.0 - min_jerk ((u - 1.0) / 0.6));
  return self->goal_deg;
}

static void
move_to (ProprioSimJoint *self,
         double           goal_deg,
         double           t_s,
         double           reaction_s,
         double           overshoot_share)
{
  double distance;

  self->from_deg = trajectory (self, t_s);
  self->goal_deg = CLAMP (goal_deg, self->min_deg, self->max_deg);
  distance = self->goal_deg - self->from_deg;
  self->overshoot_deg = distance * overshoot_share;
  self->move_start_s = t_s + reaction_s;
  self->move_length_s = 0.4 + fabs (distance) / self->speed_deg_s;
}

/* The patient's constant error for a target, the same every time that target is reproduced. */
static double
constant_error (ProprioSimJoint *self,
                double           target_deg)
{
  TargetError error;

  for (guint i = 0; i < self->errors->len; i++)
    {
      const TargetError *e = &g_array_index (self->errors, TargetError, i);

      if (fabs (e->target_deg - target_deg) < 1e-6)
        return e->constant_deg;
    }
  error.target_deg = target_deg;
  error.constant_deg = uniform (self, -1.5, 4.0);
  g_array_append_val (self->errors, error);
  return error.constant_deg;
}

/* A spontaneous movement of at least 20° within the range, slow enough to follow. */
static void
free_move (ProprioSimJoint *self,
           double           t_s)
{
  double lo = self->min_deg, hi = self->max_deg, goal, now = trajectory (self, t_s);

  do
    goal = uniform (self, lo, hi);
  while (fabs (goal - now) < 20.0);
  self->from_deg = now;
  self->goal_deg = goal;
  self->overshoot_deg = 0.0;
  self->move_start_s = t_s;
  self->move_length_s = fabs (goal - now) / uniform (self, 25.0, 40.0);
  self->hold_until_s = t_s + self->move_length_s + uniform (self, 1.0, 2.5);
}

void
proprio_sim_joint_set_intent (ProprioSimJoint             *self,
                              const ProprioSimJointIntent *intent,
                              double                       t_s)
{
  double toward_rest, goal, variable;

  g_return_if_fail (self != NULL && intent != NULL);

  if (self->has_intent && intent->phase == self->intent.phase &&
      intent->target_deg == self->intent.target_deg && intent->rest_deg == self->intent.rest_deg)
    return;
  self->intent = *intent;
  self->has_intent = TRUE;
  t_s = MAX (t_s, self->last_t_s);

  switch (intent->phase)
    {
    case PROPRIO_SIM_JOINT_MEMORISE:
      /* Seeing the target: a little past it, then on it. */
      move_to (self, intent->target_deg, t_s, uniform (self, 0.3, 0.6), uniform (self, 0.03, 0.08));
      break;
    case PROPRIO_SIM_JOINT_REPRODUCE:
      toward_rest = intent->rest_deg >= intent->target_deg ? 1.0 : -1.0;
      /* Drawn once: CLAMP evaluates its argument more than once. */
      variable = VE_SD_DEG * normal (self);
      goal = intent->target_deg + toward_rest * constant_error (self, intent->target_deg) +
             CLAMP (variable, -VE_LIMIT_DEG, VE_LIMIT_DEG);
      move_to (self, goal, t_s, uniform (self, 0.4, 0.8), uniform (self, 0.0, 0.05));
      break;
    case PROPRIO_SIM_JOINT_REST:
      move_to (self, intent->rest_deg, t_s, uniform (self, 0.2, 0.5), 0.0);
      break;
    case PROPRIO_SIM_JOINT_FREE:
    default:
      self->hold_until_s = t_s + uniform (self, 0.5, 1.5);
      break;
    }
}

double
proprio_sim_joint_angle (ProprioSimJoint *self,
                         double           t_s)
{
  double angle;

  g_return_val_if_fail (self != NULL, NAN);

  t_s = MAX (t_s, self->last_t_s);
  self->last_t_s = t_s;
  if (self->intent.phase == PROPRIO_SIM_JOINT_FREE && t_s >= self->hold_until_s &&
      t_s >= self->move_start_s + self->move_length_s)
    free_move (self, t_s);

  angle = trajectory (self, t_s) +
          self->tremor_deg * sin (2.0 * G_PI * self->tremor_hz * t_s + self->tremor_phase);
  return CLAMP (angle, self->min_deg, self->max_deg);
}
