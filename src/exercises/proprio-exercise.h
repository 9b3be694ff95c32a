/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/proprio-sample.h"
#include "core/proprio-stream.h"
#include "core/proprio-target.h"
#include "proprio-exercise-result.h"

G_BEGIN_DECLS

/* ProprioExercise: the base of every exercise engine (balance tests and training, and the EMG,
 * joint-angle and pacing drills to come). GLib only, so the GUI, the CLI and the tests drive the
 * same code. Each class says which stream kind it consumes (stream-kind), its short id for files
 * ("static-test") and its translated title.
 *
 * How the GUI (or the station) drives an engine, once per frame:
 *   proprio_exercise_start ()                      once
 *   proprio_exercise_feed () for every new sample  of the stream kind it consumes, in time order
 *   proprio_exercise_tick (now_us)                 so countdowns advance even without samples
 *   then read phase, prompt, feedback-visible, targets, time left; at the end, the result.
 *
 * Times: every time is CLOCK_MONOTONIC µs (proprio_clock_now_us ()). Engines anchor their
 * schedules on sample times, never on the wall clock, so scripted samples give exact results.
 *
 * Samples: a sample whose time does not increase is ignored and counted (n-invalid-samples); so
 * is one the engine finds invalid for its stream (balance engines: a sample that claims a CoP
 * but has too few channels or a non-finite CoP, see ProprioCopExercise). An invalid sample never
 * enters a trace or a metric.
 *
 * Configuration: setters (and apply_settings ()) store the configuration for the next start ();
 * the run in progress and the results of the last run keep the settings they were started with.
 * While the exercise is active a setter is refused: it warns (a programming error: the GUI locks
 * its settings while an exercise runs) and changes nothing; apply_settings () fails with
 * PROPRIO_EXERCISE_ERROR_ACTIVE. Results of the last run stay readable until the next start ().
 *
 * Results: proprio_exercise_dup_result () builds an immutable ProprioExerciseResult at any time
 * after start (), with the settings of that run. Its timeline: start = the first sample or tick
 * time after start () (the clock at start () when none came), end = the instant the exercise
 * finished (DONE), or the latest sample or tick time when it was stopped or is still running.
 *
 * Signals:
 *   "changed"  emitted at most once per tick () and after start/stop/proceed/configuration when
 *              anything a view shows has changed (phase, prompt, targets, progress, results), so a
 *              view redraws once per frame.
 *   "event"    (ProprioExerciseEvent, gint64 t_us) cues the GUI turns into sounds, emitted as they
 *              happen with the time they happened (a sample's time, or the scheduled instant).
 *   "finished" (ProprioExerciseResult *) exactly once per run, when it reaches DONE or CANCELLED;
 *              emitted when the call that ended it (feed, tick, stop, proceed, start) returns, so
 *              a handler may start the next exercise. */

/* Index of the CoP in the "balance" stream's channel list (see core/proprio-stream.h). */
#define PROPRIO_EXERCISE_COP_X_CHANNEL PROPRIO_BALANCE_CHANNEL_COP_X
#define PROPRIO_EXERCISE_COP_Y_CHANNEL PROPRIO_BALANCE_CHANNEL_COP_Y

/* A stream without CoP for longer than this during a trial means the patient left the board. */
#define PROPRIO_EXERCISE_STEP_OFF_US G_GINT64_CONSTANT (1000000)

#define PROPRIO_EXERCISE_ERROR (proprio_exercise_error_quark ())

typedef enum
{
  PROPRIO_EXERCISE_ERROR_ACTIVE,            /* settings cannot change while the exercise runs */
  PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS,  /* unknown key, wrong type or value out of range */
} ProprioExerciseError;

GQuark proprio_exercise_error_quark (void);

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

  /* Set in class_init: the stream fed to this engine, a short id for files and logs (never
   * translated) and the title, marked with N_() and translated when read. */
  ProprioStreamKind    stream_kind;
  const char          *id;
  const char          *title;

  /* Reset results and begin; the base has already set the phase to WAITING. */
  void                 (*start)          (ProprioExercise     *self);
  /* Abandon the trial in progress (its data is discarded); the base then sets CANCELLED. */
  void                 (*stop)           (ProprioExercise     *self);
  /* One time-ordered sample. Returns FALSE when the sample is not valid for the stream: it is
   * then counted in n-invalid-samples and its time is not taken as the latest. */
  gboolean             (*feed)           (ProprioExercise     *self,
                                          const ProprioSample *sample);
  void                 (*tick)           (ProprioExercise     *self,
                                          gint64               now_us);
  /* Continue after PAUSED; returns FALSE when there is nothing to continue. */
  gboolean             (*proceed)        (ProprioExercise     *self);
  const ProprioTarget *(*get_targets)    (ProprioExercise     *self,
                                          guint               *n_targets);
  /* Seconds left in the current phase or trial at now_us (≥ 0), or -1 when not applicable. */
  double               (*get_time_left)  (ProprioExercise     *self,
                                          gint64               now_us);
  /* The configuration for the next start: a new a{sv} reference (floating or not). */
  GVariant            *(*get_settings)   (ProprioExercise     *self);
  /* Validate every key of `settings` (a{sv}; keys not given keep their value), then apply all or
   * nothing. Only called while not active. */
  gboolean             (*apply_settings) (ProprioExercise     *self,
                                          GVariant            *settings,
                                          GError             **error);
  /* Every figure of the current (or last) run: a new a{sv} reference (floating or not). */
  GVariant            *(*get_results)    (ProprioExercise     *self);

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
/* The time of the latest sample the run took (0 before any): what the run had seen when the
 * therapist acted, so a replay of the recording can act between the same two samples. */
gint64               proprio_exercise_get_last_sample_us    (ProprioExercise     *self);

ProprioStreamKind    proprio_exercise_get_stream_kind       (ProprioExercise     *self);
/* "static-test", "weight-shift", "los-test", …: for files and logs. */
const char          *proprio_exercise_get_id                (ProprioExercise     *self);
/* Translated: "Static balance test". */
const char          *proprio_exercise_get_title             (ProprioExercise     *self);
/* For the patient display: seconds left (≥ 0) in the current phase or trial at now_us (the
 * countdown, the recording, the target's timeout), or -1 when nothing is being timed. */
double               proprio_exercise_get_time_left         (ProprioExercise     *self,
                                                             gint64               now_us);

/* The configuration the next start () will use, a{sv} (full reference); see each engine's header
 * for the keys. */
GVariant            *proprio_exercise_get_settings          (ProprioExercise     *self);
/* Validated: FALSE with PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS (naming the key) when a key is
 * unknown, has the wrong type or an out-of-range value, and nothing is changed; FALSE with
 * PROPRIO_EXERCISE_ERROR_ACTIVE while the exercise runs. Keys not given keep their value. */
gboolean             proprio_exercise_apply_settings        (ProprioExercise     *self,
                                                             GVariant            *settings,
                                                             GError             **error);
/* The current or last run as a result (outcome IN_PROGRESS while it runs); NULL before the first
 * start (). */
ProprioExerciseResult *
                     proprio_exercise_dup_result            (ProprioExercise     *self);

G_END_DECLS
