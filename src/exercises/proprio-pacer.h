/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* ProprioPacer: a tempo metronome for movement slow-downs ("3 s down, 1 s hold, 3 s up") and a
 * breathing pacer ("4-7-8", box breathing, resonance breathing at 6 breaths a minute). GLib
 * only, and no clock of its own: every call takes the time (CLOCK_MONOTONIC µs), so the same
 * times give the same phases and events to the microsecond, in tests as in the app.
 *
 * It is not a ProprioExercise: it runs beside the station's one running exercise, or alone. The
 * station owns one (proprio_station_get_pacer ()) and ticks it; every window shows that one.
 *
 * A pattern is a cycle of four phases, each 0 (left out) to 60 s: breathe in, hold, breathe out,
 * hold; or down, hold, up, hold. The moving phases (in/out, down/up) last at least 0.5 s. An
 * optional lead-in ("Get ready", counting down) comes before the first cycle. A run has
 * `repetitions` cycles (breaths, reps), or goes on until stopped (0).
 *
 * Queries: proprio_pacer_get_state () answers for any time t from the last start () on, without
 * changing anything: which phase, how far into it, the count the patient follows, the "level"
 * (how full the lungs are, where the limb is: 0 … 1).
 *
 * Events: start () announces the first phase; tick (now) then emits, in order and with the
 * instants they were due, every event in (previous tick, now]: PHASE at each phase change,
 * SECOND at each whole second into a phase (the count moves on), DONE after the last cycle. A
 * tick that comes more than two cycles late skips the stale events (a suspended machine does not
 * play minutes of beeps at once).
 *
 * Changes while running: a pattern of the same mode applies from the phase after the one current
 * at the last tick (or start), so nothing on screen jumps; one of the other mode starts the pacer
 * again at the last tick's time. Fewer repetitions than already done end the run after the
 * current cycle.
 *
 * Signals:
 *   "event" (const ProprioPacerEvent *event) as above; the pointer is valid during the emission.
 *   "changed" () the status or the pattern changed (not emitted for the passing phases).
 * Properties (notified): "running" (gboolean), "status" (ProprioPacerStatus), "mode"
 * (ProprioPacerMode) and "preset" (string: the preset id the pattern came from, "custom"). */

#define PROPRIO_PACER_ERROR (proprio_pacer_error_quark ())

typedef enum
{
  PROPRIO_PACER_ERROR_INVALID,   /* a timing or count out of range: the message says which */
  PROPRIO_PACER_ERROR_UNKNOWN,   /* no preset of that name */
} ProprioPacerError;

typedef enum
{
  PROPRIO_PACER_BREATH,
  PROPRIO_PACER_TEMPO,
} ProprioPacerMode;

typedef enum
{
  PROPRIO_PACER_IDLE,      /* never started, or stopped */
  PROPRIO_PACER_RUNNING,
  PROPRIO_PACER_DONE,      /* the last repetition ended */
} ProprioPacerStatus;

typedef enum
{
  PROPRIO_PACER_PHASE_NONE,       /* idle or done */
  PROPRIO_PACER_PHASE_READY,      /* the lead-in: "Get ready", counting down */
  PROPRIO_PACER_PHASE_INHALE,
  PROPRIO_PACER_PHASE_HOLD_IN,    /* hold, lungs full */
  PROPRIO_PACER_PHASE_EXHALE,
  PROPRIO_PACER_PHASE_HOLD_OUT,   /* hold, lungs empty */
  PROPRIO_PACER_PHASE_DOWN,
  PROPRIO_PACER_PHASE_HOLD_DOWN,  /* hold at the bottom of the movement */
  PROPRIO_PACER_PHASE_UP,
  PROPRIO_PACER_PHASE_HOLD_UP,    /* hold at the top */
} ProprioPacerPhase;

typedef enum
{
  PROPRIO_PACER_EVENT_PHASE,      /* a phase begins */
  PROPRIO_PACER_EVENT_SECOND,     /* one more whole second of the phase: the count moves on */
  PROPRIO_PACER_EVENT_DONE,       /* the last repetition ended */
} ProprioPacerEventKind;

GType proprio_pacer_mode_get_type       (void) G_GNUC_CONST;
GType proprio_pacer_status_get_type     (void) G_GNUC_CONST;
GType proprio_pacer_phase_get_type      (void) G_GNUC_CONST;
GType proprio_pacer_event_kind_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_PACER_MODE       (proprio_pacer_mode_get_type ())
#define PROPRIO_TYPE_PACER_STATUS     (proprio_pacer_status_get_type ())
#define PROPRIO_TYPE_PACER_PHASE      (proprio_pacer_phase_get_type ())
#define PROPRIO_TYPE_PACER_EVENT_KIND (proprio_pacer_event_kind_get_type ())

#define PROPRIO_PACER_N_SLOTS        4
#define PROPRIO_PACER_MAX_PHASE_US   (60 * G_USEC_PER_SEC)
#define PROPRIO_PACER_MIN_MOVE_US    (G_USEC_PER_SEC / 2)
#define PROPRIO_PACER_MAX_LEAD_IN_US (10 * G_USEC_PER_SEC)
#define PROPRIO_PACER_MAX_REPETITIONS 999
/* The lead-in the app uses when "Get ready" is on. */
#define PROPRIO_PACER_DEFAULT_LEAD_IN_US (3 * G_USEC_PER_SEC)

typedef struct
{
  ProprioPacerMode mode;
  /* Breath: in, hold, out, hold. Tempo: down, hold, up, hold. µs; 0 leaves a hold out. */
  gint64           phase_us[PROPRIO_PACER_N_SLOTS];
  guint            repetitions;   /* cycles in a run; 0: until stopped */
  gint64           lead_in_us;    /* "Get ready" before the first cycle; 0: none */
} ProprioPacerPattern;

typedef struct
{
  const char       *id;       /* "breath-4-7-8", for settings and the app.pacer-preset action */
  const char       *title;    /* marked with N_(): translate when shown */
  ProprioPacerMode  mode;
  guint             phase_ms[PROPRIO_PACER_N_SLOTS];
} ProprioPacerPreset;

#define PROPRIO_PACER_PRESET_CUSTOM "custom"

typedef struct
{
  ProprioPacerStatus status;
  ProprioPacerPhase  phase;            /* NONE unless running */
  guint              slot;             /* 0–3 in the cycle (0 in READY) */
  guint              repetition;       /* 1-based cycle; 0 in READY and when not running */
  guint              n_repetitions;    /* 0: until stopped */
  gint64             phase_start_us;
  gint64             phase_duration_us;
  double             progress;         /* 0 … 1 through the phase */
  /* What the patient counts: 1, 2, 3… into the phase; in READY the seconds left (3, 2, 1). */
  guint              count;
  /* Breath: 0 empty … 1 full. Tempo: 0 at the bottom … 1 at the top. Linear in time. */
  double             level;
} ProprioPacerState;

typedef struct
{
  ProprioPacerEventKind kind;
  ProprioPacerPhase     phase;         /* the phase that begins or goes on; NONE for DONE */
  guint                 count;         /* the count from then on (as ProprioPacerState.count) */
  guint                 repetition;
  gint64                t_us;          /* when it was due */
} ProprioPacerEvent;

#define PROPRIO_TYPE_PACER (proprio_pacer_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPacer, proprio_pacer, PROPRIO, PACER, GObject)

GQuark                    proprio_pacer_error_quark       (void);

/* Presets in the order a menu shows them; the first is the default. */
const ProprioPacerPreset *proprio_pacer_get_presets       (guint                     *n_presets);
const ProprioPacerPreset *proprio_pacer_find_preset       (const char                *id);
/* Fills the timings and mode of preset `id`; repetitions and lead-in are left as they are. */
gboolean                  proprio_pacer_preset_apply      (const char                *id,
                                                           ProprioPacerPattern       *pattern,
                                                           GError                   **error);

/* Checks every field; the message names the one out of range in a therapist's words. */
gboolean                  proprio_pacer_pattern_validate  (const ProprioPacerPattern *pattern,
                                                           GError                   **error);
gint64                    proprio_pacer_pattern_cycle_us  (const ProprioPacerPattern *pattern);
/* The phase of slot `slot` (0–3) in `mode`. */
ProprioPacerPhase         proprio_pacer_phase_for_slot    (ProprioPacerMode           mode,
                                                           guint                      slot);
/* "Breathe in", "Hold", "Breathe out", "Down", "Up", "Get ready": translated. "" for NONE. */
const char               *proprio_pacer_phase_get_word    (ProprioPacerPhase          phase);
gboolean                  proprio_pacer_phase_is_hold     (ProprioPacerPhase          phase);

/* A new pacer: idle, with the first preset, 0 repetitions, no lead-in. */
ProprioPacer             *proprio_pacer_new               (void);

/* Validated; FALSE (and nothing changes) when out of range. `preset` names where the pattern
 * came from (a preset id, or NULL for "custom"). */
gboolean                  proprio_pacer_set_pattern       (ProprioPacer              *self,
                                                           const ProprioPacerPattern *pattern,
                                                           const char                *preset,
                                                           GError                   **error);
void                      proprio_pacer_get_pattern       (ProprioPacer              *self,
                                                           ProprioPacerPattern       *out);
/* The preset's timings with the current repetitions and lead-in. */
gboolean                  proprio_pacer_set_preset        (ProprioPacer              *self,
                                                           const char                *id,
                                                           GError                   **error);
const char               *proprio_pacer_get_preset        (ProprioPacer              *self);
ProprioPacerMode          proprio_pacer_get_mode          (ProprioPacer              *self);

/* (Re)starts at `t_us` and emits the first PHASE event. */
void                      proprio_pacer_start             (ProprioPacer              *self,
                                                           gint64                     t_us);
/* Back to IDLE (no event). */
void                      proprio_pacer_stop              (ProprioPacer              *self);
ProprioPacerStatus        proprio_pacer_get_status        (ProprioPacer              *self);
gboolean                  proprio_pacer_is_running        (ProprioPacer              *self);
/* When the current run started, or 0. */
gint64                    proprio_pacer_get_start_time    (ProprioPacer              *self);

/* Emits the events due in (last tick, now_us]; earlier times than the last tick do nothing. */
void                      proprio_pacer_tick              (ProprioPacer              *self,
                                                           gint64                     now_us);
/* When the next event after the last tick is due (to sleep until then), or G_MAXINT64 when
 * not running. */
gint64                    proprio_pacer_get_next_event_us (ProprioPacer              *self);
/* The state at `t_us` (clamped to the phase current at the last tick when earlier). */
void                      proprio_pacer_get_state         (ProprioPacer              *self,
                                                           gint64                     t_us,
                                                           ProprioPacerState         *out);

G_END_DECLS
