/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/proprio-sample.h"
#include "core/proprio-target.h"

G_BEGIN_DECLS

/* ProprioExercise: the base of the balance exercise engines (static test, weight shift, limits of
 * stability). GLib only, so the GUI, the CLI and the tests drive the same code.
 *
 * How the GUI drives an engine, once per frame:
 *   proprio_exercise_start ()                      once
 *   proprio_exercise_feed () for every new sample  balance stream, in time order
 *   proprio_exercise_tick (now_us)                 so countdowns advance even without samples
 *   then read phase, prompt, feedback-visible, targets; results from the subclass at the end.
 *
 * Times: every time is CLOCK_MONOTONIC µs (proprio_clock_now_us ()). Engines anchor their
 * schedules on sample times, never on the wall clock, so scripted samples give exact results.
 *
 * Samples: the "balance" stream's channels 5 and 6 (cop_x_mm, cop_y_mm) are read when the sample
 * carries PROPRIO_SAMPLE_HAS_COP. A sample whose time does not increase, or that claims a CoP but
 * has too few channels or a non-finite CoP, is ignored and counted (n-invalid-samples): it never
 * enters a trace or a metric. A stream without CoP for more than one second while a trial runs is
 * treated as the patient stepping off the board (see each engine for what follows).
 *
 * Signals:
 *   "changed"  emitted at most once per tick () and after start/stop/proceed/configuration when
 *              anything a view shows has changed (phase, prompt, targets, progress, results), so a
 *              view redraws once per frame.
 *   "event"    (ProprioExerciseEvent, gint64 t_us) cues the GUI turns into sounds, emitted as they
 *              happen with the time they happened (a sample's time, or the scheduled instant). */

/* Index of the CoP in the "balance" stream's channel list
 * (tl_kg, tr_kg, bl_kg, br_kg, total_kg, cop_x_mm, cop_y_mm). */
#define PROPRIO_EXERCISE_COP_X_CHANNEL 5
#define PROPRIO_EXERCISE_COP_Y_CHANNEL 6

/* A stream without CoP for longer than this during a trial means the patient left the board. */
#define PROPRIO_EXERCISE_STEP_OFF_US G_GINT64_CONSTANT (1000000)

typedef enum
{
  PROPRIO_EXERCISE_PHASE_IDLE,        /* configured, not started */
  PROPRIO_EXERCISE_PHASE_WAITING,     /* started, waiting for someone on the board */
  PROPRIO_EXERCISE_PHASE_COUNTDOWN,   /* "Get ready… 3" (LOS: hold still before the cue) */
  PROPRIO_EXERCISE_PHASE_RUNNING,     /* a trial is being recorded / targets are live */
  PROPRIO_EXERCISE_PHASE_PAUSED,      /* between trials, waiting for proprio_exercise_proceed () */
  PROPRIO_EXERCISE_PHASE_DONE,        /* finished: results are complete */
  PROPRIO_EXERCISE_PHASE_CANCELLED,   /* stopped by the therapist: results so far are kept */
} ProprioExercisePhase;

typedef enum
{
  PROPRIO_EXERCISE_EVENT_COUNTDOWN,   /* one second of the countdown passed (short tick sound) */
  PROPRIO_EXERCISE_EVENT_START,       /* a trial starts recording (start beep) */
  PROPRIO_EXERCISE_EVENT_STOP,        /* a trial ended normally (stop beep) */
  PROPRIO_EXERCISE_EVENT_CUE,         /* "go": a target is presented (LOS, weight shift) */
  PROPRIO_EXERCISE_EVENT_TARGET_HIT,  /* the CoP stayed inside the target for the dwell time */
  PROPRIO_EXERCISE_EVENT_TARGET_MISSED, /* the target timed out */
  PROPRIO_EXERCISE_EVENT_STEP_OFF,    /* no CoP for more than a second during a trial */
  PROPRIO_EXERCISE_EVENT_DONE,        /* the whole exercise is finished */
} ProprioExerciseEvent;

GType proprio_exercise_phase_get_type (void) G_GNUC_CONST;
GType proprio_exercise_event_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_EXERCISE_PHASE (proprio_exercise_phase_get_type ())
#define PROPRIO_TYPE_EXERCISE_EVENT (proprio_exercise_event_get_type ())

#define PROPRIO_TYPE_EXERCISE (proprio_exercise_get_type ())
G_DECLARE_DERIVABLE_TYPE (ProprioExercise, proprio_exercise, PROPRIO, EXERCISE, GObject)

struct _ProprioExerciseClass
{
  GObjectClass parent_class;

  /* Reset results and begin; the base has already set the phase to WAITING. */
  void                 (*start)       (ProprioExercise *self);
  /* Abandon the trial in progress (its data is discarded); the base then sets CANCELLED. */
  void                 (*stop)        (ProprioExercise *self);
  /* One valid, time-ordered sample; has_cop FALSE means nobody (or nothing valid) on the board. */
  void                 (*feed)        (ProprioExercise *self,
                                       gint64           t_us,
                                       gboolean         has_cop,
                                       double           x_mm,
                                       double           y_mm);
  void                 (*tick)        (ProprioExercise *self,
                                       gint64           now_us);
  /* Continue after PAUSED; returns FALSE when there is nothing to continue. */
  gboolean             (*proceed)     (ProprioExercise *self);
  const ProprioTarget *(*get_targets) (ProprioExercise *self,
                                       guint           *n_targets);

  gpointer padding[8];
};

void                 proprio_exercise_start                 (ProprioExercise     *self);
void                 proprio_exercise_stop                  (ProprioExercise     *self);
void                 proprio_exercise_feed                  (ProprioExercise     *self,
                                                             const ProprioSample *sample);
void                 proprio_exercise_feed_many             (ProprioExercise     *self,
                                                             const ProprioSample *samples,
                                                             gsize                n_samples);
void                 proprio_exercise_tick                  (ProprioExercise     *self,
                                                             gint64               now_us);
gboolean             proprio_exercise_proceed               (ProprioExercise     *self);

ProprioExercisePhase proprio_exercise_get_phase             (ProprioExercise     *self);
gboolean             proprio_exercise_is_active             (ProprioExercise     *self);
/* Short text for the patient display ("Get ready… 3", "Eyes closed — hold still"). */
const char          *proprio_exercise_get_prompt            (ProprioExercise     *self);
/* A message for the therapist about what went wrong or what to do next, or NULL. */
const char          *proprio_exercise_get_message           (ProprioExercise     *self);
/* FALSE while the live CoP must be hidden from the patient (e.g. static test trials). */
gboolean             proprio_exercise_get_feedback_visible  (ProprioExercise     *self);
/* The targets to draw; owned by the engine, valid until the next call into it. */
const ProprioTarget *proprio_exercise_get_targets           (ProprioExercise     *self,
                                                             guint               *n_targets);
guint                proprio_exercise_get_n_invalid_samples (ProprioExercise     *self);

G_END_DECLS
