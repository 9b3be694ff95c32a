/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-pacer.h"

G_DEFINE_ENUM_TYPE (ProprioPacerMode, proprio_pacer_mode,
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_BREATH, "breath"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_TEMPO, "tempo"))

G_DEFINE_ENUM_TYPE (ProprioPacerStatus, proprio_pacer_status,
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_DONE, "done"))

G_DEFINE_ENUM_TYPE (ProprioPacerPhase, proprio_pacer_phase,
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_INHALE, "inhale"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_HOLD_IN, "hold-in"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_EXHALE, "exhale"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_HOLD_OUT, "hold-out"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_DOWN, "down"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_HOLD_DOWN, "hold-down"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_UP, "up"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_PHASE_HOLD_UP, "hold-up"))

G_DEFINE_ENUM_TYPE (ProprioPacerEventKind, proprio_pacer_event_kind,
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_EVENT_PHASE, "phase"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_EVENT_SECOND, "second"),
  G_DEFINE_ENUM_VALUE (PROPRIO_PACER_EVENT_DONE, "done"))

G_DEFINE_QUARK (proprio-pacer-error-quark, proprio_pacer_error)

/* Timings as they are taught: 4-7-8 (Weil), box breathing, resonance (coherent) breathing at 6
 * breaths a minute (Lehrer), a longer breath out to calm down; for strength and motor control a
 * slow 3-1-3 and a slow lowering. */
static const ProprioPacerPreset presets[] = {
  { "breath-4-7-8", N_("4-7-8 breathing"), PROPRIO_PACER_BREATH, { 4000, 7000, 8000, 0 } },
  { "breath-box", N_("Box breathing 4-4-4-4"), PROPRIO_PACER_BREATH, { 4000, 4000, 4000, 4000 } },
  { "breath-resonance", N_("Resonance breathing, 6 a minute"), PROPRIO_PACER_BREATH,
    { 5000, 0, 5000, 0 } },
  { "breath-calm", N_("Calm breathing 4-6"), PROPRIO_PACER_BREATH, { 4000, 0, 6000, 0 } },
  { "tempo-3-1-3", N_("Slow tempo 3-1-3"), PROPRIO_PACER_TEMPO, { 3000, 1000, 3000, 0 } },
  { "tempo-4-1-2", N_("Slow lowering 4-1-2"), PROPRIO_PACER_TEMPO, { 4000, 1000, 2000, 0 } },
};

/* A tick this late (in cycles) skips what it missed instead of playing it all at once. */
#define STALE_CYCLES 2

/* One phase of a run: the lead-in (slot -1) or slot 0–3 of cycle `rep`. */
typedef struct
{
  int    slot;
  guint  rep;
  gint64 start_us;
  gint64 dur_us;
} Segment;

struct _ProprioPacer
{
  GObject              parent_instance;

  ProprioPacerPattern  pattern;
  char                *preset;
  ProprioPacerStatus   status;
  gint64               start_us;
  Segment              anchor;        /* the phase current at the last tick */
  gint64               last_tick_us;  /* events up to here are out */
  guint                serial;        /* moves on at every start and stop */
};

G_DEFINE_FINAL_TYPE (ProprioPacer, proprio_pacer, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_STATUS, PROP_MODE, PROP_PRESET, N_PROPS };
enum { SIGNAL_EVENT, SIGNAL_CHANGED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- presets and patterns ---- */

const ProprioPacerPreset *
proprio_pacer_get_presets (guint *n_presets)
{
  if (n_presets != NULL)
    *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const ProprioPacerPreset *
proprio_pacer_find_preset (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];
  return NULL;
}

gboolean
proprio_pacer_preset_apply (const char           *id,
                            ProprioPacerPattern  *pattern,
                            GError              **error)
{
  const ProprioPacerPreset *preset = proprio_pacer_find_preset (id);

  g_return_val_if_fail (pattern != NULL, FALSE);

  if (preset == NULL)
    {
      g_set_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_UNKNOWN,
                   _("There is no pacing preset “%s”"), id != NULL ? id : "");
      return FALSE;
    }
  pattern->mode = preset->mode;
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    pattern->phase_us[i] = (gint64) preset->phase_ms[i] * 1000;
  return TRUE;
}

ProprioPacerPhase
proprio_pacer_phase_for_slot (ProprioPacerMode mode,
                              guint            slot)
{
  static const ProprioPacerPhase breath[] = {
    PROPRIO_PACER_PHASE_INHALE, PROPRIO_PACER_PHASE_HOLD_IN,
    PROPRIO_PACER_PHASE_EXHALE, PROPRIO_PACER_PHASE_HOLD_OUT,
  };
  static const ProprioPacerPhase tempo[] = {
    PROPRIO_PACER_PHASE_DOWN, PROPRIO_PACER_PHASE_HOLD_DOWN,
    PROPRIO_PACER_PHASE_UP, PROPRIO_PACER_PHASE_HOLD_UP,
  };

  g_return_val_if_fail (slot < PROPRIO_PACER_N_SLOTS, PROPRIO_PACER_PHASE_NONE);
  return mode == PROPRIO_PACER_TEMPO ? tempo[slot] : breath[slot];
}

const char *
proprio_pacer_phase_get_word (ProprioPacerPhase phase)
{
  switch (phase)
    {
    case PROPRIO_PACER_PHASE_READY:     return _("Get ready");
    case PROPRIO_PACER_PHASE_INHALE:    return _("Breathe in");
    case PROPRIO_PACER_PHASE_EXHALE:    return _("Breathe out");
    case PROPRIO_PACER_PHASE_DOWN:      return C_("movement", "Down");
    case PROPRIO_PACER_PHASE_UP:        return C_("movement", "Up");
    case PROPRIO_PACER_PHASE_HOLD_IN:
    case PROPRIO_PACER_PHASE_HOLD_OUT:
    case PROPRIO_PACER_PHASE_HOLD_DOWN:
    case PROPRIO_PACER_PHASE_HOLD_UP:   return _("Hold");
    case PROPRIO_PACER_PHASE_NONE:
    default:
      return "";
    }
}

gboolean
proprio_pacer_phase_is_hold (ProprioPacerPhase phase)
{
  return phase == PROPRIO_PACER_PHASE_HOLD_IN || phase == PROPRIO_PACER_PHASE_HOLD_OUT
         || phase == PROPRIO_PACER_PHASE_HOLD_DOWN || phase == PROPRIO_PACER_PHASE_HOLD_UP;
}

gint64
proprio_pacer_pattern_cycle_us (const ProprioPacerPattern *pattern)
{
  gint64 cycle = 0;

  g_return_val_if_fail (pattern != NULL, 0);
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    cycle += pattern->phase_us[i];
  return cycle;
}

gboolean
proprio_pacer_pattern_validate (const ProprioPacerPattern  *pattern,
                                GError                    **error)
{
  g_return_val_if_fail (pattern != NULL, FALSE);

  if (pattern->mode != PROPRIO_PACER_BREATH && pattern->mode != PROPRIO_PACER_TEMPO)
    {
      g_set_error_literal (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID,
                           _("Choose breathing or tempo pacing"));
      return FALSE;
    }
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    {
      ProprioPacerPhase phase = proprio_pacer_phase_for_slot (pattern->mode, i);
      gint64 d = pattern->phase_us[i];
      gint64 min = proprio_pacer_phase_is_hold (phase) ? 0 : PROPRIO_PACER_MIN_MOVE_US;

      if (d < min || d > PROPRIO_PACER_MAX_PHASE_US)
        {
          if (proprio_pacer_phase_is_hold (phase))
            /* Translators: %s is a phase such as "Hold" after "Breathe in"; seconds follow. */
            g_set_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID,
                         _("“%s” (phase %u) lasts 0 to 60 seconds (0 leaves it out)"),
                         proprio_pacer_phase_get_word (phase), i + 1);
          else
            g_set_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID,
                         _("“%s” lasts 0.5 to 60 seconds"),
                         proprio_pacer_phase_get_word (phase));
          return FALSE;
        }
    }
  if (pattern->repetitions > PROPRIO_PACER_MAX_REPETITIONS)
    {
      g_set_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID,
                   _("Repetitions are 1 to %d, or 0 to go on until stopped"),
                   PROPRIO_PACER_MAX_REPETITIONS);
      return FALSE;
    }
  if (pattern->lead_in_us < 0 || pattern->lead_in_us > PROPRIO_PACER_MAX_LEAD_IN_US)
    {
      g_set_error_literal (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID,
                           _("“Get ready” lasts 0 to 10 seconds"));
      return FALSE;
    }
  return TRUE;
}

/* ---- the schedule ---- */

static gint64
slot_duration (ProprioPacer *self,
               int           slot)
{
  return self->pattern.phase_us[slot];
}

/* The first phase of cycle `rep` (slot 0 is never empty: it is a moving phase). */
static void
first_of_cycle (ProprioPacer *self,
                guint         rep,
                gint64        start_us,
                Segment      *out)
{
  *out = (Segment) { 0, rep, start_us, slot_duration (self, 0) };
}

/* The phase after `seg`, with the current pattern; FALSE when the run ends with `seg`. */
static gboolean
next_segment (ProprioPacer  *self,
              const Segment *seg,
              Segment       *out)
{
  gint64 end = seg->start_us + seg->dur_us;
  guint n = self->pattern.repetitions;

  if (seg->slot < 0)
    {
      first_of_cycle (self, 1, end, out);
      return TRUE;
    }
  for (int slot = seg->slot + 1; slot < PROPRIO_PACER_N_SLOTS; slot++)
    if (slot_duration (self, slot) > 0)
      {
        *out = (Segment) { slot, seg->rep, end, slot_duration (self, slot) };
        return TRUE;
      }
  if (n != 0 && seg->rep >= n)
    return FALSE;
  first_of_cycle (self, seg->rep + 1, end, out);
  return TRUE;
}

static void
first_segment (ProprioPacer *self,
               gint64        t_us,
               Segment      *out)
{
  if (self->pattern.lead_in_us > 0)
    *out = (Segment) { -1, 0, t_us, self->pattern.lead_in_us };
  else
    first_of_cycle (self, 1, t_us, out);
}

/* The phase at `t_us` from the anchor on. FALSE when the run has ended by then, with the end in
 * `*end_us`. Whole cycles are stepped over at once, so an hour of pacing costs no more. */
static gboolean
resolve (ProprioPacer *self,
         gint64        t_us,
         Segment      *out,
         gint64       *end_us)
{
  gint64 cycle = proprio_pacer_pattern_cycle_us (&self->pattern);
  guint n = self->pattern.repetitions;
  Segment seg = self->anchor;

  while (t_us >= seg.start_us + seg.dur_us)
    {
      Segment next;

      if (!next_segment (self, &seg, &next))
        {
          if (end_us != NULL)
            *end_us = seg.start_us + seg.dur_us;
          return FALSE;
        }
      seg = next;
      if (seg.slot == 0 && cycle > 0)
        {
          gint64 k = (t_us - seg.start_us) / cycle;

          if (n != 0)
            k = MIN (k, (gint64) n - (gint64) seg.rep);
          if (k > 0)
            {
              seg.rep += (guint) k;
              seg.start_us += k * cycle;
            }
        }
    }
  *out = seg;
  return TRUE;
}

static ProprioPacerPhase
segment_phase (ProprioPacer  *self,
               const Segment *seg)
{
  if (seg->slot < 0)
    return PROPRIO_PACER_PHASE_READY;
  return proprio_pacer_phase_for_slot (self->pattern.mode, (guint) seg->slot);
}

/* READY counts the seconds left (3, 2, 1); the other phases count up from 1. */
static guint
segment_count (const Segment *seg,
               gint64         t_us)
{
  gint64 elapsed = t_us - seg->start_us;

  if (seg->slot < 0)
    return (guint) ((seg->dur_us - elapsed + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return (guint) (elapsed / G_USEC_PER_SEC) + 1;
}

static double
phase_level (ProprioPacerPhase phase,
             ProprioPacerMode  mode,
             double            progress)
{
  switch (phase)
    {
    case PROPRIO_PACER_PHASE_INHALE:    return progress;
    case PROPRIO_PACER_PHASE_HOLD_IN:   return 1.0;
    case PROPRIO_PACER_PHASE_EXHALE:    return 1.0 - progress;
    case PROPRIO_PACER_PHASE_HOLD_OUT:  return 0.0;
    case PROPRIO_PACER_PHASE_DOWN:      return 1.0 - progress;
    case PROPRIO_PACER_PHASE_HOLD_DOWN: return 0.0;
    case PROPRIO_PACER_PHASE_UP:        return progress;
    case PROPRIO_PACER_PHASE_HOLD_UP:   return 1.0;
    /* Before the first breath the lungs are "empty"; before the first rep the limb is up. */
    case PROPRIO_PACER_PHASE_READY:
    case PROPRIO_PACER_PHASE_NONE:
    default:
      return mode == PROPRIO_PACER_TEMPO ? 1.0 : 0.0;
    }
}

/* ---- events ---- */

static void
set_status (ProprioPacer       *self,
            ProprioPacerStatus  status)
{
  gboolean was_running = self->status == PROPRIO_PACER_RUNNING;

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (was_running != (status == PROPRIO_PACER_RUNNING))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
emit_event (ProprioPacer          *self,
            ProprioPacerEventKind  kind,
            const Segment         *seg,
            gint64                 t_us)
{
  ProprioPacerEvent event = {
    .kind = kind,
    .phase = seg != NULL ? segment_phase (self, seg) : PROPRIO_PACER_PHASE_NONE,
    .count = seg != NULL ? segment_count (seg, t_us) : 0,
    .repetition = seg != NULL ? seg->rep : 0,
    .t_us = t_us,
  };

  g_signal_emit (self, signals[SIGNAL_EVENT], 0, &event);
}

/* The first event after `after` from the anchor: a whole second into the anchor phase, its end
 * (the next PHASE), or the end of the run (DONE). */
static ProprioPacerEventKind
next_event (ProprioPacer *self,
            gint64        after,
            gint64       *t_us,
            Segment      *next)
{
  const Segment *a = &self->anchor;
  gint64 end = a->start_us + a->dur_us;
  gint64 mark = a->start_us + ((after - a->start_us) / G_USEC_PER_SEC + 1) * G_USEC_PER_SEC;

  if (mark < end)
    {
      *t_us = mark;
      return PROPRIO_PACER_EVENT_SECOND;
    }
  *t_us = end;
  return next_segment (self, a, next) ? PROPRIO_PACER_EVENT_PHASE : PROPRIO_PACER_EVENT_DONE;
}

static void
finish (ProprioPacer *self,
        gint64        t_us)
{
  self->last_tick_us = t_us;
  set_status (self, PROPRIO_PACER_DONE);
  emit_event (self, PROPRIO_PACER_EVENT_DONE, NULL, t_us);
}

void
proprio_pacer_tick (ProprioPacer *self,
                    gint64        now_us)
{
  guint serial;

  g_return_if_fail (PROPRIO_IS_PACER (self));

  if (self->status != PROPRIO_PACER_RUNNING || now_us <= self->last_tick_us)
    return;
  serial = self->serial;

  if (now_us - self->last_tick_us
      > STALE_CYCLES * proprio_pacer_pattern_cycle_us (&self->pattern) + self->anchor.dur_us)
    {
      Segment seg;
      gint64 end;

      if (!resolve (self, now_us, &seg, &end))
        {
          finish (self, end);
          return;
        }
      self->anchor = seg;
      self->last_tick_us = now_us;
      return;
    }

  while (self->status == PROPRIO_PACER_RUNNING && self->serial == serial)
    {
      Segment next;
      gint64 t;
      ProprioPacerEventKind kind = next_event (self, self->last_tick_us, &t, &next);

      if (t > now_us)
        break;
      self->last_tick_us = t;
      switch (kind)
        {
        case PROPRIO_PACER_EVENT_SECOND:
          emit_event (self, kind, &self->anchor, t);
          break;
        case PROPRIO_PACER_EVENT_PHASE:
          self->anchor = next;
          emit_event (self, kind, &self->anchor, t);
          break;
        case PROPRIO_PACER_EVENT_DONE:
        default:
          finish (self, t);
          return;
        }
    }
  if (self->status == PROPRIO_PACER_RUNNING && self->serial == serial)
    self->last_tick_us = now_us;
}

gint64
proprio_pacer_get_next_event_us (ProprioPacer *self)
{
  Segment next;
  gint64 t;

  g_return_val_if_fail (PROPRIO_IS_PACER (self), G_MAXINT64);

  if (self->status != PROPRIO_PACER_RUNNING)
    return G_MAXINT64;
  next_event (self, self->last_tick_us, &t, &next);
  return t;
}

void
proprio_pacer_get_state (ProprioPacer      *self,
                         gint64             t_us,
                         ProprioPacerState *out)
{
  Segment seg;
  gint64 elapsed;

  g_return_if_fail (PROPRIO_IS_PACER (self));
  g_return_if_fail (out != NULL);

  *out = (ProprioPacerState) {
    .status = self->status,
    .phase = PROPRIO_PACER_PHASE_NONE,
    .n_repetitions = self->pattern.repetitions,
    .level = phase_level (PROPRIO_PACER_PHASE_NONE, self->pattern.mode, 0),
  };
  if (self->status != PROPRIO_PACER_RUNNING)
    {
      /* A finished run ends as its last phase left it: breath out, limb up. */
      if (self->status == PROPRIO_PACER_DONE)
        out->level = self->pattern.mode == PROPRIO_PACER_TEMPO ? 1.0 : 0.0;
      return;
    }
  if (!resolve (self, MAX (t_us, self->anchor.start_us), &seg, NULL))
    {
      out->status = PROPRIO_PACER_DONE;
      return;
    }
  elapsed = MAX (t_us, seg.start_us) - seg.start_us;
  out->phase = segment_phase (self, &seg);
  out->slot = seg.slot < 0 ? 0 : (guint) seg.slot;
  out->repetition = seg.rep;
  out->phase_start_us = seg.start_us;
  out->phase_duration_us = seg.dur_us;
  out->progress = CLAMP ((double) elapsed / (double) seg.dur_us, 0.0, 1.0);
  out->count = segment_count (&seg, seg.start_us + elapsed);
  out->level = phase_level (out->phase, self->pattern.mode, out->progress);
}

/* ---- running ---- */

void
proprio_pacer_start (ProprioPacer *self,
                     gint64        t_us)
{
  g_return_if_fail (PROPRIO_IS_PACER (self));

  self->serial++;
  self->start_us = t_us;
  self->last_tick_us = t_us;
  first_segment (self, t_us, &self->anchor);
  if (self->status == PROPRIO_PACER_RUNNING)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  else
    set_status (self, PROPRIO_PACER_RUNNING);
  emit_event (self, PROPRIO_PACER_EVENT_PHASE, &self->anchor, t_us);
}

void
proprio_pacer_stop (ProprioPacer *self)
{
  g_return_if_fail (PROPRIO_IS_PACER (self));

  self->serial++;
  set_status (self, PROPRIO_PACER_IDLE);
}

ProprioPacerStatus
proprio_pacer_get_status (ProprioPacer *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER (self), PROPRIO_PACER_IDLE);
  return self->status;
}

gboolean
proprio_pacer_is_running (ProprioPacer *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER (self), FALSE);
  return self->status == PROPRIO_PACER_RUNNING;
}

gint64
proprio_pacer_get_start_time (ProprioPacer *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER (self), 0);
  return self->status == PROPRIO_PACER_IDLE ? 0 : self->start_us;
}

/* ---- configuration ---- */

static gboolean
pattern_equal (const ProprioPacerPattern *a,
               const ProprioPacerPattern *b)
{
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    if (a->phase_us[i] != b->phase_us[i])
      return FALSE;
  return a->mode == b->mode && a->repetitions == b->repetitions
         && a->lead_in_us == b->lead_in_us;
}

gboolean
proprio_pacer_set_pattern (ProprioPacer               *self,
                           const ProprioPacerPattern  *pattern,
                           const char                 *preset,
                           GError                    **error)
{
  ProprioPacerMode old_mode;
  gboolean same;

  g_return_val_if_fail (PROPRIO_IS_PACER (self), FALSE);
  g_return_val_if_fail (pattern != NULL, FALSE);

  if (!proprio_pacer_pattern_validate (pattern, error))
    return FALSE;
  if (preset == NULL)
    preset = PROPRIO_PACER_PRESET_CUSTOM;

  old_mode = self->pattern.mode;
  same = pattern_equal (&self->pattern, pattern);
  self->pattern = *pattern;
  if (g_strcmp0 (self->preset, preset) != 0)
    {
      g_free (self->preset);
      self->preset = g_strdup (preset);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESET]);
    }
  if (old_mode != pattern->mode)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  if (same)
    return TRUE;

  /* Breathing and tempo share no phase to go on from. */
  if (self->status == PROPRIO_PACER_RUNNING && old_mode != pattern->mode)
    proprio_pacer_start (self, self->last_tick_us);
  else
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

void
proprio_pacer_get_pattern (ProprioPacer        *self,
                           ProprioPacerPattern *out)
{
  g_return_if_fail (PROPRIO_IS_PACER (self));
  g_return_if_fail (out != NULL);
  *out = self->pattern;
}

gboolean
proprio_pacer_set_preset (ProprioPacer  *self,
                          const char    *id,
                          GError       **error)
{
  ProprioPacerPattern pattern;

  g_return_val_if_fail (PROPRIO_IS_PACER (self), FALSE);

  pattern = self->pattern;
  if (!proprio_pacer_preset_apply (id, &pattern, error))
    return FALSE;
  return proprio_pacer_set_pattern (self, &pattern, id, error);
}

const char *
proprio_pacer_get_preset (ProprioPacer *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER (self), NULL);
  return self->preset;
}

ProprioPacerMode
proprio_pacer_get_mode (ProprioPacer *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER (self), PROPRIO_PACER_BREATH);
  return self->pattern.mode;
}

/* ---- GObject ---- */

static void
proprio_pacer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ProprioPacer *self = PROPRIO_PACER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->status == PROPRIO_PACER_RUNNING);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->pattern.mode);
      break;
    case PROP_PRESET:
      g_value_set_string (value, self->preset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_pacer_finalize (GObject *object)
{
  ProprioPacer *self = PROPRIO_PACER (object);

  g_free (self->preset);
  G_OBJECT_CLASS (proprio_pacer_parent_class)->finalize (object);
}

static void
proprio_pacer_class_init (ProprioPacerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_pacer_get_property;
  object_class->finalize = proprio_pacer_finalize;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, PROPRIO_TYPE_PACER_STATUS,
                                               PROPRIO_PACER_IDLE, ro);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, PROPRIO_TYPE_PACER_MODE,
                                             PROPRIO_PACER_BREATH, ro);
  properties[PROP_PRESET] = g_param_spec_string ("preset", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
proprio_pacer_init (ProprioPacer *self)
{
  proprio_pacer_preset_apply (presets[0].id, &self->pattern, NULL);
  self->preset = g_strdup (presets[0].id);
}

ProprioPacer *
proprio_pacer_new (void)
{
  return g_object_new (PROPRIO_TYPE_PACER, NULL);
}
