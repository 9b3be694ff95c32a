/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A simulated patient's joint for joint-position matching: where the joint is at time t, given
 * what the protocol on screen asks. One model for every simulated angle source (the simulated
 * goniometer, the simulated camera's limb), so they move alike. Deterministic for a seed.
 *
 * FREE: slow spontaneous movements through the range (the joint before a test).
 * MEMORISE: moves to the target after a reaction time and holds it (with a little tremor).
 * REPRODUCE: moves to the target as the patient remembers it (a constant error per target and a
 * variable one per trial, a few degrees), then holds still: a protocol's stillness detector
 * registers it.
 * REST: back to the rest angle.
 *
 * Movements start after a reaction time (0.2–0.8 s), follow a minimum-jerk profile at the
 * patient's own speed and overshoot a little before settling; holds carry a tremor of about
 * ±0.1–0.2° at 5–8 Hz. The constant error of a target (−1.5 to +4°, + meaning short of the target
 * on the side of the rest angle: most patients undershoot) is drawn the first time that target is
 * reproduced and kept; the variable error is normal with an SD of 2° (at most ±6°) per trial.
 * Angles stay within the range (30–170° unless set: an interior angle, 180° = straight). */

typedef enum
{
  PROPRIO_SIM_JOINT_FREE,
  PROPRIO_SIM_JOINT_MEMORISE,
  PROPRIO_SIM_JOINT_REPRODUCE,
  PROPRIO_SIM_JOINT_REST,
} ProprioSimJointPhase;

typedef struct
{
  ProprioSimJointPhase phase;
  double               target_deg;   /* MEMORISE, REPRODUCE */
  double               rest_deg;     /* REST */
} ProprioSimJointIntent;

#define PROPRIO_SIM_JOINT_INTENT_INIT { PROPRIO_SIM_JOINT_FREE, 90.0, 170.0 }

typedef struct _ProprioSimJoint ProprioSimJoint;

ProprioSimJoint *proprio_sim_joint_new        (guint32                      seed);
void             proprio_sim_joint_free       (ProprioSimJoint             *self);
/* The joint's range of motion (at least 40° wide): free movements stay inside it and every angle
 * is clamped to it. A goniometer that reads knee flexion (0° = straight) uses 0–120. */
void             proprio_sim_joint_set_range  (ProprioSimJoint             *self,
                                               double                       min_deg,
                                               double                       max_deg);
/* Takes effect at t_s (seconds on the caller's clock); a new phase or target starts a new
 * movement, the same intent again changes nothing. */
void             proprio_sim_joint_set_intent (ProprioSimJoint             *self,
                                               const ProprioSimJointIntent *intent,
                                               double                       t_s);
/* The angle in degrees at t_s (t_s never decreasing between calls). */
double           proprio_sim_joint_angle      (ProprioSimJoint             *self,
                                               double                       t_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioSimJoint, proprio_sim_joint_free)

G_END_DECLS
