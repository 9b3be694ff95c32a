/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-simulator"

#include <math.h>
#include <string.h>

#include "proprio-balance-protocol.h"
#include "proprio-cyton-protocol.h"
#include "proprio-simulator-signals.h"

/* Activation bursts, as a therapist asks for them: a contraction every few seconds, with smooth
 * onset and release, at a varying strength. */
typedef struct
{
  double next_start_s;
  double start_s;
  double length_s;
  double peak_uv;
} Bursts;

/* The simulated patient in an EMG drill: one contraction per work cue. Times in s of the
 * generator's clock. */
typedef struct
{
  gboolean drill;           /* following a drill now */
  gboolean working;         /* the last work cue has not been followed by a rest cue */
  guint    rep;             /* work cues since the drill began */
  double   onset_s;         /* the contraction starts */
  double   ramp_s;
  double   overshoot;
  double   release_s;       /* the contraction lets go (rest cue + delay) */
  double   release_len_s;
  double   tone;            /* inhibit: residual tone as a share of the quiet limit */
  /* the patient's constants */
  double   fatigue_per_rep;
  double   coactivation;
  double   wobble_hz;
  double   wobble_phase;
} EmgPatient;

struct _ProprioSimGenerator
{
  ProprioSimKind kind;
  double         rate_hz;
  GRand         *rand;
  guint64        n;              /* samples generated so far */
  gboolean       have_spare;     /* Box–Muller gives normals in pairs */
  double         spare;

  /* balance */
  double         mass_kg;
  double         x0_mm, y0_mm;
  double         sway_hz[2][3], sway_mm[2][3], sway_phase[2][3];
  double         drift_mm[2];    /* low-pass noise (Ornstein–Uhlenbeck) */
  double         shift_next_s, shift_start_s, shift_mm, shift_hold_s;
  /* following the exercise (see ProprioSimIntent) */
  ProprioSimIntent intent;
  gboolean       intent_new;
  double         goal_from[2], goal_to[2], goal_start_s, goal_move_s, goal_overshoot;

  /* EMG (and Cyton channels 1 and 2) */
  Bursts         bursts[2];
  /* following an EMG drill (see ProprioSimIntent); its own random numbers, so that the stream
   * outside a drill stays the same for a seed */
  EmgPatient     emg;
  GRand         *emg_rand;

  /* goniometer: the simulated patient's joint (core/proprio-sim-joint.h) */
  ProprioSimJoint *joint;
  /* position matching from memory (see ProprioSimIntent's recall): the patient's constant error,
   * mm, in the direction of the target (+: past it) and across it (+: to its left) */
  double         recall_along_mm, recall_across_mm;

  /* Cyton */
  gboolean       streaming;
  guint8         counter;
  guint64        packets;        /* since the last "b" */
  gboolean       channel_off[PROPRIO_CYTON_N_EXG];
  gboolean       in_x;
  char           x_buf[9];
  guint          x_len;

  ProprioSimTruth truth;
};

static const char * const kind_names[] = { "balance", "emg", "cyton", "angle" };

gboolean
proprio_sim_kind_from_string (const char     *name,
                              ProprioSimKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (name, kind_names[i]))
      {
        *kind = (ProprioSimKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
proprio_sim_kind_to_string (ProprioSimKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

double
proprio_sim_kind_default_rate (ProprioSimKind kind)
{
  switch (kind)
    {
    case PROPRIO_SIM_BALANCE: return 100.0;
    case PROPRIO_SIM_EMG: return 500.0;
    case PROPRIO_SIM_CYTON: return 250.0;
    case PROPRIO_SIM_ANGLE: return 50.0;
    default: g_return_val_if_reached (100.0);
    }
}

static double
uniform (ProprioSimGenerator *self,
         double               lo,
         double               hi)
{
  return g_rand_double_range (self->rand, lo, hi);
}

static double
normal (ProprioSimGenerator *self)
{
  double u, v, s;

  if (self->have_spare)
    {
      self->have_spare = FALSE;
      return self->spare;
    }
  do
    {
      u = g_rand_double_range (self->rand, -1.0, 1.0);
      v = g_rand_double_range (self->rand, -1.0, 1.0);
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  s = sqrt (-2.0 * log (s) / s);
  self->spare = v * s;
  self->have_spare = TRUE;
  return u * s;
}

/* 0 → 1 without jerks at either end (minimum-jerk profile). */
static double
smooth_step (double tau)
{
  tau = CLAMP (tau, 0.0, 1.0);
  return tau * tau * tau * (10.0 - 15.0 * tau + 6.0 * tau * tau);
}

static void
bursts_init (ProprioSimGenerator *self,
             Bursts              *b,
             double               first_s)
{
  b->next_start_s = first_s;
  b->start_s = -1.0;
  b->length_s = 0.0;
  b->peak_uv = 0.0;
}

static double
bursts_envelope (ProprioSimGenerator *self,
                 Bursts              *b,
                 double               t)
{
  const double ramp = 0.15;
  double into;

  if (t >= b->next_start_s)
    {
      b->start_s = b->next_start_s;
      b->length_s = uniform (self, 0.8, 2.0);
      b->peak_uv = uniform (self, 150.0, 400.0);
      b->next_start_s = b->start_s + b->length_s + uniform (self, 1.5, 4.0);
    }
  if (b->start_s < 0.0)
    return 0.0;
  into = t - b->start_s;
  if (into < 0.0 || into > b->length_s)
    return 0.0;
  return b->peak_uv * MIN (smooth_step (into / ramp), smooth_step ((b->length_s - into) / ramp));
}

ProprioSimGenerator *
proprio_sim_generator_new (ProprioSimKind kind,
                           double         rate_hz,
                           guint32        seed)
{
  ProprioSimGenerator *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  g_return_val_if_fail (rate_hz > 0.0 && rate_hz <= 10000.0, NULL);

  self = g_new0 (ProprioSimGenerator, 1);
  self->kind = kind;
  self->rate_hz = rate_hz;
  self->rand = g_rand_new_with_seed (seed);

  /* A ~70 kg adult standing a little in front of the board's centre. */
  self->mass_kg = uniform (self, 66.0, 74.0);
  self->x0_mm = uniform (self, -4.0, 4.0);
  self->y0_mm = uniform (self, -2.0, 10.0);
  for (guint axis = 0; axis < 2; axis++)
    for (guint k = 0; k < 3; k++)
      {
        /* Quiet stance sways mostly at 0.3–1 Hz, more front to back than side to side. */
        self->sway_hz[axis][k] = uniform (self, 0.3, 1.0);
        self->sway_mm[axis][k] = (axis == 0 ? 1.2 : 2.0) / (k + 1.0) * uniform (self, 0.7, 1.3);
        self->sway_phase[axis][k] = uniform (self, 0.0, 2.0 * G_PI);
      }
  self->shift_next_s = uniform (self, 6.0, 12.0);
  self->shift_start_s = -1.0;
  self->intent = (ProprioSimIntent) PROPRIO_SIM_INTENT_INIT;

  bursts_init (self, &self->bursts[0], uniform (self, 0.5, 2.0));
  bursts_init (self, &self->bursts[1], uniform (self, 1.0, 3.0));
  self->emg_rand = g_rand_new_with_seed (seed ^ 0x5eed3a11u);
  self->emg.fatigue_per_rep = g_rand_double_range (self->emg_rand, 0.012, 0.022);
  self->emg.coactivation = g_rand_double_range (self->emg_rand, 0.06, 0.10);
  self->emg.wobble_hz = g_rand_double_range (self->emg_rand, 0.3, 0.7);
  self->emg.wobble_phase = g_rand_double_range (self->emg_rand, 0.0, 2.0 * G_PI);

  /* Two draws the first goniometer made, kept so the balance stream stays the same for a seed. */
  uniform (self, 10.0, 30.0);
  uniform (self, 0.5, 1.5);
  /* The joint and the matching patient have their own random numbers, for the same reason. A
   * goniometer reading knee flexion: 0° straight, 120° well bent. */
  self->joint = proprio_sim_joint_new (seed ^ 0x6a017e5u);
  proprio_sim_joint_set_range (self->joint, 0.0, 120.0);
  {
    g_autoptr(GRand) recall = g_rand_new_with_seed (seed ^ 0x3ecf11u);

    self->recall_along_mm = g_rand_double_range (recall, -14.0, 2.0);
    self->recall_across_mm = g_rand_double_range (recall, -6.0, 6.0);
  }

  /* Line devices talk from power-on; the Cyton waits for "b". */
  self->streaming = kind != PROPRIO_SIM_CYTON;
  return self;
}

void
proprio_sim_generator_free (ProprioSimGenerator *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_rand_free (self->emg_rand);
  proprio_sim_joint_free (self->joint);
  g_free (self);
}

ProprioSimKind
proprio_sim_generator_get_kind (ProprioSimGenerator *self)
{
  g_return_val_if_fail (self != NULL, PROPRIO_SIM_BALANCE);
  return self->kind;
}

double
proprio_sim_generator_get_rate (ProprioSimGenerator *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->rate_hz;
}

gboolean
proprio_sim_generator_is_streaming (ProprioSimGenerator *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->streaming;
}

void
proprio_sim_generator_get_truth (ProprioSimGenerator *self,
                                 ProprioSimTruth     *truth)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (truth != NULL);
  *truth = self->truth;
}

static void
append_formatted (GByteArray *out,
                  const char *format,
                  double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Locale-independent: a device always prints a decimal point. */
  g_ascii_formatd (buf, sizeof buf, format, value);
  g_byte_array_append (out, (const guint8 *) buf, strlen (buf));
}

static void
append_text (GByteArray *out,
             const char *text)
{
  g_byte_array_append (out, (const guint8 *) text, strlen (text));
}

/* Weight shifts: every 6–12 s the person leans 15–30 mm to one side for a few seconds. */
static double
weight_shift_mm (ProprioSimGenerator *self,
                 double               t)
{
  const double move_s = 2.0;
  double into;

  if (self->shift_start_s < 0.0 && t >= self->shift_next_s)
    {
      self->shift_start_s = t;
      self->shift_mm = uniform (self, 15.0, 30.0) * (g_rand_boolean (self->rand) ? 1.0 : -1.0);
      self->shift_hold_s = uniform (self, 3.0, 6.0);
    }
  if (self->shift_start_s < 0.0)
    return 0.0;

  into = t - self->shift_start_s;
  if (into < move_s)
    return self->shift_mm * smooth_step (into / move_s);
  if (into < move_s + self->shift_hold_s)
    return self->shift_mm;
  if (into < 2 * move_s + self->shift_hold_s)
    return self->shift_mm * (1.0 - smooth_step ((into - move_s - self->shift_hold_s) / move_s));

  self->shift_start_s = -1.0;
  self->shift_next_s = t + uniform (self, 6.0, 12.0);
  return 0.0;
}

gboolean
proprio_sim_intent_equal (const ProprioSimIntent *a,
                          const ProprioSimIntent *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->active == b->active && a->has_target == b->has_target &&
         a->target_x_mm == b->target_x_mm && a->target_y_mm == b->target_y_mm &&
         a->sway_scale == b->sway_scale && a->emg_work == b->emg_work &&
         a->emg_target_channel == b->emg_target_channel &&
         a->emg_quiet_channel == b->emg_quiet_channel && a->emg_level == b->emg_level &&
         a->emg_quiet_limit == b->emg_quiet_limit && a->emg_all_channels == b->emg_all_channels &&
         a->recall == b->recall && a->joint.phase == b->joint.phase &&
         a->joint.target_deg == b->joint.target_deg && a->joint.rest_deg == b->joint.rest_deg;
}

void
proprio_sim_generator_set_intent (ProprioSimGenerator    *self,
                                  const ProprioSimIntent *intent)
{
  g_return_if_fail (self != NULL && intent != NULL);

  if (proprio_sim_intent_equal (intent, &self->intent))
    return;
  self->intent = *intent;
  self->intent.sway_scale = MAX (intent->sway_scale, 0.1);
  self->intent.emg_level = CLAMP (intent->emg_level, 0.0, 1.0);
  self->intent.emg_quiet_limit = CLAMP (intent->emg_quiet_limit, 0.0, 1.0);
  self->intent_new = TRUE;
}

/* Where the patient means to be, as an offset from the stance, at time t: a reaching movement
 * with a reaction time, a slight overshoot and a settling back. */
static double
goal_offset (ProprioSimGenerator *self,
             guint                axis,
             double               t)
{
  double u, shape;

  if (self->goal_move_s <= 0.0 || t <= self->goal_start_s)
    return self->goal_from[axis];
  u = (t - self->goal_start_s) / self->goal_move_s;
  if (u <= 1.0)
    shape = smooth_step (u) * (1.0 + self->goal_overshoot);
  else if (u <= 1.5)
    shape = 1.0 + self->goal_overshoot * (1.0 - smooth_step ((u - 1.0) / 0.5));
  else
    shape = 1.0;
  return self->goal_from[axis] + (self->goal_to[axis] - self->goal_from[axis]) * shape;
}

static void
plan_goal (ProprioSimGenerator *self,
           double               t)
{
  double to[2] = { 0.0, 0.0 }, dist;
  gboolean reaching = self->intent.has_target;

  for (guint axis = 0; axis < 2; axis++)
    self->goal_from[axis] = goal_offset (self, axis, t);
  if (reaching && self->intent.recall)
    {
      /* From memory: near the target, with this patient's bias and a new error each time. */
      double dx = self->intent.target_x_mm - self->x0_mm;
      double dy = self->intent.target_y_mm - self->y0_mm;
      double d = hypot (dx, dy), ux = d > 1e-9 ? dx / d : 1.0, uy = d > 1e-9 ? dy / d : 0.0;
      double along = self->recall_along_mm + 6.0 * normal (self);
      double across = self->recall_across_mm + 6.0 * normal (self);

      to[0] = dx + ux * along - uy * across;
      to[1] = dy + uy * along + ux * across;
    }
  else if (reaching)
    {
      double share = g_rand_int_range (self->rand, 0, 8) == 0 ? uniform (self, 0.45, 0.6) : 1.0;

      to[0] = (self->intent.target_x_mm - self->x0_mm) * share;
      to[1] = (self->intent.target_y_mm - self->y0_mm) * share;
    }
  dist = hypot (to[0] - self->goal_from[0], to[1] - self->goal_from[1]);
  self->goal_to[0] = to[0];
  self->goal_to[1] = to[1];
  self->goal_start_s = t + (reaching ? uniform (self, 0.25, 0.55) : uniform (self, 0.1, 0.3));
  self->goal_move_s = 0.4 + dist / uniform (self, 120.0, 180.0);
  self->goal_overshoot = reaching ? uniform (self, 0.05, 0.15) : 0.0;
}

static void
next_balance (ProprioSimGenerator *self,
              double               t,
              GByteArray          *out)
{
  const double w = PROPRIO_BALANCE_DEFAULT_WIDTH_MM, l = PROPRIO_BALANCE_DEFAULT_LENGTH_MM;
  const double tau_s = 0.5, sigma = 2.0;
  double dt = 1.0 / self->rate_hz;
  double scale = self->intent.sway_scale;
  double cop[2], right, front, loads[4];

  if (self->intent_new)
    {
      plan_goal (self, t);
      self->intent_new = FALSE;
    }
  for (guint axis = 0; axis < 2; axis++)
    {
      cop[axis] = axis == 0 ? self->x0_mm : self->y0_mm;
      for (guint k = 0; k < 3; k++)
        cop[axis] += scale * self->sway_mm[axis][k] *
                     sin (2.0 * G_PI * self->sway_hz[axis][k] * t + self->sway_phase[axis][k]);
      self->drift_mm[axis] += -self->drift_mm[axis] / tau_s * dt +
                              scale * sigma * sqrt (dt) * normal (self);
      cop[axis] += self->drift_mm[axis] + goal_offset (self, axis, t);
    }
  /* Left alone, a person shifts weight now and then; doing an exercise, they follow it. */
  if (!self->intent.active)
    cop[0] += weight_shift_mm (self, t);
  else
    {
      self->shift_start_s = -1.0;
      self->shift_next_s = t + uniform (self, 6.0, 12.0);
    }

  /* Invert x = W/2·(right − left)/total and y = L/2·(front − back)/total. */
  right = 0.5 + cop[0] / w;
  front = 0.5 + cop[1] / l;
  loads[0] = self->mass_kg * front * (1.0 - right);          /* tl */
  loads[1] = self->mass_kg * front * right;                  /* tr */
  loads[2] = self->mass_kg * (1.0 - front) * (1.0 - right);  /* bl */
  loads[3] = self->mass_kg * (1.0 - front) * right;          /* br */

  self->truth.cop_x_mm = cop[0];
  self->truth.cop_y_mm = cop[1];
  self->truth.total_kg = self->mass_kg;

  for (guint i = 0; i < 4; i++)
    {
      if (i > 0)
        g_byte_array_append (out, (const guint8 *) ",", 1);
      append_formatted (out, "%.2f", loads[i] + 0.02 * normal (self));
    }
  append_text (out, "\r\n");
}

static double
emg_uniform (ProprioSimGenerator *self,
             double               lo,
             double               hi)
{
  return g_rand_double_range (self->emg_rand, lo, hi);
}

/* Follows the drill's cues: a new contraction at each work cue, a release at each rest cue. */
static void
emg_patient_update (ProprioSimGenerator *self,
                    double               t)
{
  EmgPatient *p = &self->emg;
  const ProprioSimIntent *intent = &self->intent;
  gboolean drill = intent->active && (intent->emg_target_channel >= 0 ||
                                      intent->emg_quiet_channel >= 0 || intent->emg_all_channels);

  if (drill != p->drill)
    {
      /* A new drill starts rested. */
      p->drill = drill;
      p->working = FALSE;
      p->rep = 0;
      p->onset_s = p->release_s = -1.0;
    }
  if (!drill || intent->emg_work == p->working)
    return;
  p->working = intent->emg_work;
  if (p->working)
    {
      p->rep++;
      p->onset_s = t + emg_uniform (self, 0.15, 0.4);
      p->ramp_s = emg_uniform (self, 0.25, 0.5);
      /* A tired muscle loses its burst first: the overshoot fades faster than the level. */
      p->overshoot = emg_uniform (self, 0.15, 0.30) * MAX (1.0 - 0.08 * (p->rep - 1), 0.2);
      p->tone = emg_uniform (self, 0.3, 0.6);
      p->release_s = -1.0;
    }
  else
    {
      p->release_s = t + emg_uniform (self, 0.1, 0.25);
      p->release_len_s = emg_uniform (self, 0.2, 0.4);
    }
}

/* The contraction while held, at t ≥ onset: ramp with overshoot, settle, a slow wobble. */
static double
emg_patient_hold (EmgPatient *p,
                  double      t,
                  double      overshoot)
{
  double u = (t - p->onset_s) / p->ramp_s;

  if (u <= 1.0)
    return smooth_step (u) * (1.0 + overshoot);
  if (u <= 3.0)
    return 1.0 + overshoot * (1.0 - smooth_step ((u - 1.0) / 2.0));
  return 1.0 + 0.04 * sin (2.0 * G_PI * p->wobble_hz * t + p->wobble_phase);
}

/* The contraction's shape at t (1 = the level aimed at), with or without its overshoot. */
static double
emg_patient_shape (EmgPatient *p,
                   double      t,
                   gboolean    with_overshoot)
{
  double overshoot = with_overshoot ? p->overshoot : 0.0;

  if (p->onset_s < 0.0 || t < p->onset_s)
    return 0.0;
  if (p->release_s < 0.0 || t < p->release_s)
    return emg_patient_hold (p, t, overshoot);
  /* A rest cue before the onset: nothing to let go. */
  if (p->release_s < p->onset_s)
    return 0.0;
  return emg_patient_hold (p, p->release_s, overshoot) *
         (1.0 - smooth_step ((t - p->release_s) / p->release_len_s));
}

/* The activation envelope of electrode `ch` in a drill, in µV. */
static double
emg_patient_envelope (ProprioSimGenerator *self,
                      int                  ch,
                      double               t)
{
  EmgPatient *p = &self->emg;
  const ProprioSimIntent *intent = &self->intent;
  double tired = p->rep > 0 ? (double) (p->rep - 1) : 0.0;
  double reach = MAX (1.0 - p->fatigue_per_rep * tired, 0.2);

  if (ch == intent->emg_target_channel || intent->emg_all_channels)
    return PROPRIO_SIM_EMG_MVC_UV * intent->emg_level * reach * emg_patient_shape (p, t, TRUE);
  if (ch == intent->emg_quiet_channel)
    {
      if (intent->emg_target_channel >= 0)
        return PROPRIO_SIM_EMG_MVC_UV * intent->emg_level * reach *
               p->coactivation * (1.0 + 0.1 * tired) * emg_patient_shape (p, t, FALSE);
      return PROPRIO_SIM_EMG_MVC_UV * intent->emg_quiet_limit * p->tone * (1.0 + 0.03 * tired) *
             emg_patient_shape (p, t, FALSE);
    }
  return 0.0;
}

static double
emg_uv (ProprioSimGenerator *self,
        guint                ch,
        double               t,
        double               strength)
{
  double envelope;

  if (self->emg.drill)
    envelope = emg_patient_envelope (self, (int) ch, t);
  else
    envelope = strength * bursts_envelope (self, &self->bursts[ch], t);

  self->truth.emg_envelope_uv = envelope;
  /* Surface EMG is close to a zero-mean random carrier under the activation envelope, on top of
   * a few µV of amplifier noise and some mains hum. */
  return envelope * normal (self) + 3.0 * normal (self) + 1.5 * sin (2.0 * G_PI * 50.0 * t);
}

static void
next_angle (ProprioSimGenerator *self,
            double               t,
            GByteArray          *out)
{
  double angle;

  /* The same intent again changes nothing; a new phase or target starts a movement at t. */
  proprio_sim_joint_set_intent (self->joint, &self->intent.joint, t);
  angle = proprio_sim_joint_angle (self->joint, t);
  self->truth.angle_deg = angle;
  /* The noise drawn once: CLAMP evaluates its argument more than once. */
  angle += 0.15 * normal (self);
  angle = CLAMP (angle, 0.0, 120.0);

  append_text (out, "angle:");
  append_formatted (out, "%.1f", angle);
  append_text (out, "\r\n");
}

static void
next_cyton (ProprioSimGenerator *self,
            double               t,
            GByteArray          *out)
{
  const double scale = proprio_cyton_scale_uv (PROPRIO_CYTON_DEFAULT_GAIN);
  guint8 packet[PROPRIO_CYTON_PACKET_SIZE];
  gint32 counts[PROPRIO_CYTON_N_EXG];
  gint16 accel[3] = { 0, 0, 0 };

  for (guint ch = 0; ch < PROPRIO_CYTON_N_EXG; ch++)
    {
      double uv;

      /* Channels 1 and 2 sit on an agonist / antagonist pair; the rest see only noise, unless
       * a drill puts its muscles on them. */
      if (ch < 2 || (self->emg.drill && (self->intent.emg_all_channels ||
                                         (int) ch == self->intent.emg_target_channel ||
                                         (int) ch == self->intent.emg_quiet_channel)))
        uv = emg_uv (self, ch, t, ch == 0 ? 1.0 : 0.5);
      else
        uv = 1.5 * normal (self) + 3.0 * sin (2.0 * G_PI * 50.0 * t + ch);
      counts[ch] = self->channel_off[ch] ? 0 : (gint32) lround (uv / scale);
    }

  /* The accelerometer updates at 25 Hz; packets in between carry zeros, as on the board. */
  if (self->packets % 10 == 0)
    {
      const double g_per_count = PROPRIO_CYTON_ACCEL_G_PER_COUNT;

      accel[0] = (gint16) lround ((0.02 + 0.003 * normal (self)) / g_per_count);
      accel[1] = (gint16) lround ((-0.05 + 0.003 * normal (self)) / g_per_count);
      accel[2] = (gint16) lround ((0.98 + 0.003 * normal (self)) / g_per_count);
    }

  proprio_cyton_encode_packet (packet, self->counter, counts, accel, 0xC0);
  g_byte_array_append (out, packet, sizeof packet);
  self->truth.counter = self->counter;
  self->counter++;
  self->packets++;
}

void
proprio_sim_generator_next (ProprioSimGenerator *self,
                            GByteArray          *out)
{
  double t;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  t = (double) self->n / self->rate_hz;
  self->n++;

  switch (self->kind)
    {
    case PROPRIO_SIM_BALANCE:
      next_balance (self, t, out);
      break;
    case PROPRIO_SIM_EMG:
      emg_patient_update (self, t);
      append_formatted (out, "%.1f", emg_uv (self, 0, t, 1.0));
      append_text (out, "\r\n");
      break;
    case PROPRIO_SIM_CYTON:
      emg_patient_update (self, t);
      next_cyton (self, t, out);
      break;
    case PROPRIO_SIM_ANGLE:
      next_angle (self, t, out);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cyton_reply (ProprioSimGenerator *self,
             GByteArray          *out,
             const char          *text)
{
  /* Like the firmware, stay quiet while streaming: text would break the packet stream. */
  if (!self->streaming)
    append_text (out, text);
}

static void
cyton_channel_setting (ProprioSimGenerator *self,
                       GByteArray          *out)
{
  char reply[64];

  if (self->x_len != 7)
    {
      cyton_reply (self, out, self->x_len < 7 ? "Failure: too few chars$$$"
                                              : "Failure: too many chars$$$");
      return;
    }
  if (self->x_buf[0] < '1' || self->x_buf[0] > '8' ||
      strspn (self->x_buf + 1, "01234567") != 6 || self->x_buf[2] > '6')
    {
      cyton_reply (self, out, "Failure: invalid channel setting$$$");
      return;
    }
  self->channel_off[self->x_buf[0] - '1'] = self->x_buf[1] == '1';
  g_snprintf (reply, sizeof reply, "Success: Channel set for %c$$$", self->x_buf[0]);
  cyton_reply (self, out, reply);
}

static void
cyton_command (ProprioSimGenerator *self,
               guint8               c,
               GByteArray          *out)
{
  static const char on_keys[] = "!@#$%^&*";
  const char *on;

  if (self->in_x)
    {
      if (c == 'X')
        {
          self->in_x = FALSE;
          cyton_channel_setting (self, out);
        }
      else if (self->x_len < sizeof self->x_buf - 1)
        self->x_buf[self->x_len++] = (char) c;
      else
        self->x_len = sizeof self->x_buf;  /* too long: reported at the 'X' */
      return;
    }

  switch (c)
    {
    case 'v':
      self->streaming = FALSE;
      memset (self->channel_off, 0, sizeof self->channel_off);
      cyton_reply (self, out,
                   "OpenBCI V3 8-16 channel\n"
                   "On Board ADS1299 Device ID: 0x3E\n"
                   "LIS3DH Device ID: 0x33\n"
                   "Firmware: v3.1.2 (simulated)\n"
                   "$$$");
      break;
    case 'b':
      self->streaming = TRUE;
      self->counter = 0;
      self->packets = 0;
      break;
    case 's':
      self->streaming = FALSE;
      break;
    case '?':
      cyton_reply (self, out,
                   "\nBoard ADS Registers\n"
                   "ADS_ID, 00, 3E, 0, 0, 1, 1, 1, 1, 1, 0\n"
                   "CONFIG1, 01, 96, 1, 0, 0, 1, 0, 1, 1, 0\n"
                   "CH1SET, 05, 60, 0, 1, 1, 0, 0, 0, 0, 0\n"
                   "$$$");
      break;
    case 'D':
      cyton_reply (self, out, "060110$$$");
      break;
    case 'd':
      memset (self->channel_off, 0, sizeof self->channel_off);
      cyton_reply (self, out, "updating channel settings to default$$$");
      break;
    case 'V':
      cyton_reply (self, out, "v3.1.2$$$");
      break;
    case 'c':
      cyton_reply (self, out, "daisy removed$$$");
      break;
    case 'C':
      cyton_reply (self, out, "no daisy to attach!8$$$");
      break;
    case '<':
    case '>':
      cyton_reply (self, out, "Failure: time stamps are not simulated$$$");
      break;
    case 'x':
      self->in_x = TRUE;
      self->x_len = 0;
      break;
    default:
      if (c >= '1' && c <= '8')
        self->channel_off[c - '1'] = TRUE;
      else if (c != '\0' && (on = strchr (on_keys, c)) != NULL)
        self->channel_off[on - on_keys] = FALSE;
      break;
    }
}

void
proprio_sim_generator_handle_input (ProprioSimGenerator *self,
                                    const guint8        *data,
                                    gsize                len,
                                    GByteArray          *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (out != NULL);

  /* The line devices we imitate ignore what they are sent. */
  if (self->kind != PROPRIO_SIM_CYTON)
    return;
  for (gsize i = 0; i < len; i++)
    cyton_command (self, data[i], out);
}
