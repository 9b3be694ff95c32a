/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First version of the simulated joint: a smooth approach to the phase's goal. The patient-like
 * details (reaction time, overshoot, errors in reproduction, tremor) come with the protocol. */
#include "config.h"

#include <math.h>

#include "proprio-sim-joint.h"

struct _ProprioSimJoint
{
  GRand                *rand;
  ProprioSimJointIntent intent;
  gboolean              has_intent;
  double                from_deg, to_deg;
  double                move_start_s, move_length_s;
  double                last_t_s;
};

ProprioSimJoint *
proprio_sim_joint_new (guint32 seed)
{
  ProprioSimJoint *self = g_new0 (ProprioSimJoint, 1);

  self->rand = g_rand_new_with_seed (seed);
  self->from_deg = self->to_deg = 170.0;
  return self;
}

void
proprio_sim_joint_free (ProprioSimJoint *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_free (self);
}

static double
smooth_step (double x)
{
  x = CLAMP (x, 0.0, 1.0);
  return x * x * (3.0 - 2.0 * x);
}

static double
position (ProprioSimJoint *self, double t_s)
{
  return self->from_deg + (self->to_deg - self->from_deg) *
         smooth_step ((t_s - self->move_start_s) / MAX (self->move_length_s, 1e-6));
}

static void
move_to (ProprioSimJoint *self, double goal_deg, double t_s)
{
  self->from_deg = position (self, t_s);
  self->to_deg = CLAMP (goal_deg, 0.0, 180.0);
  self->move_start_s = t_s;
  self->move_length_s = MAX (0.3, fabs (self->to_deg - self->from_deg) / 40.0);
}

void
proprio_sim_joint_set_intent (ProprioSimJoint *self, const ProprioSimJointIntent *intent,
                              double t_s)
{
  double goal;

  g_return_if_fail (self != NULL && intent != NULL);
  if (self->has_intent && intent->phase == self->intent.phase
      && intent->target_deg == self->intent.target_deg
      && intent->rest_deg == self->intent.rest_deg)
    return;
  self->intent = *intent;
  self->has_intent = TRUE;
  switch (intent->phase)
    {
    case PROPRIO_SIM_JOINT_MEMORISE:
      goal = intent->target_deg;
      break;
    case PROPRIO_SIM_JOINT_REPRODUCE:
      goal = intent->target_deg + g_rand_double_range (self->rand, -6.0, 6.0);
      break;
    case PROPRIO_SIM_JOINT_REST:
      goal = intent->rest_deg;
      break;
    case PROPRIO_SIM_JOINT_FREE:
    default:
      goal = g_rand_double_range (self->rand, 30.0, 170.0);
      break;
    }
  move_to (self, goal, t_s);
}

double
proprio_sim_joint_angle (ProprioSimJoint *self, double t_s)
{
  g_return_val_if_fail (self != NULL, NAN);
  if (t_s < self->last_t_s)
    t_s = self->last_t_s;
  self->last_t_s = t_s;
  if (self->intent.phase == PROPRIO_SIM_JOINT_FREE
      && t_s > self->move_start_s + self->move_length_s + 1.5)
    move_to (self, g_rand_double_range (self->rand, 30.0, 170.0), t_s);
  return position (self, t_s);
}
