/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/proprio-sim-joint.h"

G_BEGIN_DECLS

/* The signal side of the simulator: pure code that produces the wire bytes a real device would
 * send, sample by sample, and answers its commands. No clock and no I/O: the same seed gives the
 * same bytes, so tests can pin them down. proprio-simulator.h paces it onto a pseudo-terminal. */

typedef enum
{
  PROPRIO_SIM_BALANCE,  /* four corner loads in kg, one text line per sample */
  PROPRIO_SIM_EMG,      /* raw EMG in µV, one number per line (Arduino style) */
  PROPRIO_SIM_CYTON,    /* OpenBCI Cyton binary packets, command replies ending in "$$$" */
  PROPRIO_SIM_ANGLE,    /* goniometer: "angle:42.5" lines */
} ProprioSimKind;

typedef struct _ProprioSimGenerator ProprioSimGenerator;

gboolean             proprio_sim_kind_from_string        (const char           *name,
                                                          ProprioSimKind       *kind);
const char          *proprio_sim_kind_to_string          (ProprioSimKind        kind);
/* balance 100 Hz, emg 500 Hz, cyton 250 Hz, angle 50 Hz. */
double               proprio_sim_kind_default_rate       (ProprioSimKind        kind);

ProprioSimGenerator *proprio_sim_generator_new           (ProprioSimKind        kind,
                                                          double                rate_hz,
                                                          guint32               seed);
void                 proprio_sim_generator_free          (ProprioSimGenerator  *self);
ProprioSimKind       proprio_sim_generator_get_kind      (ProprioSimGenerator  *self);
double               proprio_sim_generator_get_rate      (ProprioSimGenerator  *self);

/* Line devices stream from power-on; the Cyton only between "b" and "s" (or "v"). */
gboolean             proprio_sim_generator_is_streaming  (ProprioSimGenerator  *self);
/* Appends the bytes of the next sample to `out`. */
void                 proprio_sim_generator_next          (ProprioSimGenerator  *self,
                                                          GByteArray           *out);
/* Bytes the host sent: commands. Appends any reply to `out`. */
void                 proprio_sim_generator_handle_input  (ProprioSimGenerator  *self,
                                                          const guint8         *data,
                                                          gsize                 len,
                                                          GByteArray           *out);

/* The true values behind the last sample (before formatting and noise-free rounding): balance
 * CoP x/y in mm and total kg, EMG envelope in µV, angle in degrees. For tests of the pipeline. */
typedef struct
{
  double cop_x_mm;
  double cop_y_mm;
  double total_kg;
  double emg_envelope_uv;
  double angle_deg;
  guint8 counter;       /* Cyton: the counter of the last packet */
} ProprioSimTruth;

void                 proprio_sim_generator_get_truth     (ProprioSimGenerator  *self,
                                                          ProprioSimTruth      *truth);

/* What the exercise on screen asks of the simulated patient, so that a demo shows what the
 * exercise is for. The balance simulator follows it like a patient would: it starts toward a new
 * target after a reaction time of 0.25–0.55 s, overshoots by 5–15 % and settles, and now and then
 * (one target in eight) falls short at about half the distance; without a target it returns to
 * its stance. While an exercise is active it makes no spontaneous weight shifts. `sway_scale`
 * scales quiet-stance sway (1 eyes open on firm ground; more with eyes closed or on foam).
 *
 * The EMG simulators (sim:emg's one channel, sim:cyton's channels 1–8 as electrodes 0–7)
 * follow an EMG drill (active, with a target or a quiet electrode): each switch of `emg_work` to
 * TRUE is the work cue of a new rep. The target electrode contracts 0.15–0.4 s after the cue,
 * ramps up in 0.25–0.5 s, overshoots by 15–30 % and settles at `emg_level` of the simulated MVC
 * (PROPRIO_SIM_EMG_MVC_UV, the RMS of the raw signal), with a slow wobble of a few %. Fatigue:
 * the level it reaches drops 1.2–2.2 % per rep, and the overshoot by 8 % of itself per rep. The
 * quiet electrode co-activates with the target at 6–10 % of its level, 10 % more per rep as the
 * patient tires; with no target (an inhibit drill) it keeps a residual tone at 30–60 % of
 * `emg_quiet_limit` during work, rising a little per rep. Both let go 0.1–0.25 s after the rest
 * cue, within 0.2–0.4 s. Electrodes the drill does not use stay at rest. With
 * `emg_all_channels` (an MVC calibration of the whole sleeve) every electrode contracts as the
 * target does, at `emg_level`, at each work cue. Outside a drill the random activation bursts go
 * on as before, the same for a seed.
 *
 * Position matching: with `recall` the target is reproduced from memory (CoP position matching
 * with the dot hidden): the board goes near it rather than onto it, with the patient's constant
 * error (a few mm short of the target toward the stance, and a side bias, the same for the whole
 * run) and a variable error per trial (SD 6 mm), without the short reaches of weight shifts. The
 * goniometer (sim:angle) follows `joint` (core/proprio-sim-joint.h); outside a protocol (FREE)
 * it makes slow spontaneous movements through 0–120°, as before. */
typedef struct
{
  gboolean active;        /* an exercise runs */
  gboolean has_target;
  double   target_x_mm;
  double   target_y_mm;
  double   sway_scale;    /* ≥ 0.1; 1 by default */
  /* EMG drills */
  gboolean emg_work;            /* a work phase: the patient contracts */
  int      emg_target_channel;  /* electrode to activate (0-based), -1 none */
  int      emg_quiet_channel;   /* electrode to keep quiet (0-based), -1 none */
  double   emg_level;           /* 0–1 of the simulated MVC to aim for (the middle of the band) */
  double   emg_quiet_limit;     /* 0–1 of the simulated MVC the quiet electrode must stay below */
  gboolean emg_all_channels;    /* every electrode contracts as the target (MVC calibration) */
  /* position matching */
  gboolean recall;              /* the target is reproduced from memory (dot hidden) */
  ProprioSimJointIntent joint;  /* the goniometer's joint */
} ProprioSimIntent;

#define PROPRIO_SIM_INTENT_INIT \
  { FALSE, FALSE, 0.0, 0.0, 1.0, FALSE, -1, -1, 0.0, 0.0, FALSE, FALSE, \
    PROPRIO_SIM_JOINT_INTENT_INIT }

/* The simulated patient's maximum voluntary contraction: the RMS, in µV, of the raw EMG of a
 * full contraction (before any filtering). */
#define PROPRIO_SIM_EMG_MVC_UV 500.0

gboolean             proprio_sim_intent_equal            (const ProprioSimIntent  *a,
                                                          const ProprioSimIntent  *b);

/* Takes effect at the next sample. */
void                 proprio_sim_generator_set_intent    (ProprioSimGenerator     *self,
                                                          const ProprioSimIntent  *intent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioSimGenerator, proprio_sim_generator_free)

G_END_DECLS
