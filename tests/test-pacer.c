/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pacer's schedule against a fake clock: every time here is made up, so phases, counts and
 * events must come out exact to the microsecond. */
#include "config.h"

#include <string.h>

#include "exercises/proprio-pacer.h"

#define S  G_GINT64_CONSTANT (1000000)
#define T0 G_GINT64_CONSTANT (1000000000)   /* an arbitrary "now" of the monotonic clock */

typedef struct
{
  GArray *events;   /* of ProprioPacerEvent */
} Recorder;

static void
record_cb (ProprioPacer            *pacer,
           const ProprioPacerEvent *event,
           Recorder                *rec)
{
  g_array_append_val (rec->events, *event);
}

static ProprioPacer *
pacer_with (const char *preset,
            guint       repetitions,
            gint64      lead_in_us,
            Recorder   *rec)
{
  ProprioPacer *pacer = proprio_pacer_new ();
  g_autoptr(GError) error = NULL;
  ProprioPacerPattern pattern;

  proprio_pacer_get_pattern (pacer, &pattern);
  g_assert_true (proprio_pacer_preset_apply (preset, &pattern, &error));
  pattern.repetitions = repetitions;
  pattern.lead_in_us = lead_in_us;
  g_assert_true (proprio_pacer_set_pattern (pacer, &pattern, preset, &error));
  g_assert_no_error (error);
  if (rec != NULL)
    {
      rec->events = g_array_new (FALSE, FALSE, sizeof (ProprioPacerEvent));
      g_signal_connect (pacer, "event", G_CALLBACK (record_cb), rec);
    }
  return pacer;
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->events, g_array_unref);
}

static const ProprioPacerEvent *
ev (Recorder *rec,
    guint     i)
{
  g_assert_cmpuint (i, <, rec->events->len);
  return &g_array_index (rec->events, ProprioPacerEvent, i);
}

static void
assert_event (Recorder              *rec,
              guint                  i,
              ProprioPacerEventKind  kind,
              ProprioPacerPhase      phase,
              guint                  count,
              gint64                 t_us)
{
  const ProprioPacerEvent *e = ev (rec, i);

  g_assert_cmpint (e->kind, ==, kind);
  g_assert_cmpint (e->phase, ==, phase);
  g_assert_cmpuint (e->count, ==, count);
  g_assert_cmpint (e->t_us, ==, t_us);
}

static void
test_presets (void)
{
  guint n = 0;
  const ProprioPacerPreset *presets = proprio_pacer_get_presets (&n);
  ProprioPacerPattern pattern = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n, >=, 5);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (proprio_pacer_preset_apply (presets[i].id, &pattern, &error));
      g_assert_true (proprio_pacer_pattern_validate (&pattern, &error));
      g_assert_no_error (error);
      g_assert_true (proprio_pacer_find_preset (presets[i].id) == &presets[i]);
    }

  g_assert_true (proprio_pacer_preset_apply ("breath-4-7-8", &pattern, NULL));
  g_assert_cmpint (pattern.mode, ==, PROPRIO_PACER_BREATH);
  g_assert_cmpint (pattern.phase_us[0], ==, 4 * S);
  g_assert_cmpint (pattern.phase_us[1], ==, 7 * S);
  g_assert_cmpint (pattern.phase_us[2], ==, 8 * S);
  g_assert_cmpint (pattern.phase_us[3], ==, 0);

  g_assert_true (proprio_pacer_preset_apply ("breath-box", &pattern, NULL));
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    g_assert_cmpint (pattern.phase_us[i], ==, 4 * S);

  /* Resonance breathing: 6 breaths a minute, as long in as out. */
  g_assert_true (proprio_pacer_preset_apply ("breath-resonance", &pattern, NULL));
  g_assert_cmpint (60 * S / proprio_pacer_pattern_cycle_us (&pattern), ==, 6);
  g_assert_cmpint (pattern.phase_us[0], ==, pattern.phase_us[2]);

  g_assert_true (proprio_pacer_preset_apply ("tempo-3-1-3", &pattern, NULL));
  g_assert_cmpint (pattern.mode, ==, PROPRIO_PACER_TEMPO);
  g_assert_cmpint (pattern.phase_us[0], ==, 3 * S);
  g_assert_cmpint (pattern.phase_us[1], ==, 1 * S);
  g_assert_cmpint (pattern.phase_us[2], ==, 3 * S);

  g_assert_false (proprio_pacer_preset_apply ("breath-9-9-9", &pattern, &error));
  g_assert_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_UNKNOWN);
}

static void
test_validation (void)
{
  ProprioPacerPattern good = { PROPRIO_PACER_BREATH, { 4 * S, 0, 6 * S, 0 }, 0, 0 };
  ProprioPacerPattern bad;
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_pacer_pattern_validate (&good, &error));

  bad = good;
  bad.phase_us[0] = S / 4;   /* a breath in of a quarter second */
  g_assert_false (proprio_pacer_pattern_validate (&bad, &error));
  g_assert_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Breathe in"));
  g_clear_error (&error);

  bad = good;
  bad.phase_us[3] = 61 * S;
  g_assert_false (proprio_pacer_pattern_validate (&bad, &error));
  g_assert_nonnull (strstr (error->message, "Hold"));
  g_clear_error (&error);

  bad = good;
  bad.phase_us[1] = -1;
  g_assert_false (proprio_pacer_pattern_validate (&bad, NULL));
  bad = good;
  bad.repetitions = 1000;
  g_assert_false (proprio_pacer_pattern_validate (&bad, NULL));
  bad = good;
  bad.lead_in_us = 11 * S;
  g_assert_false (proprio_pacer_pattern_validate (&bad, NULL));
  bad = good;
  bad.mode = 7;
  g_assert_false (proprio_pacer_pattern_validate (&bad, NULL));

  /* A refused pattern changes nothing. */
  bad = good;
  bad.phase_us[2] = 0;
  g_assert_false (proprio_pacer_set_pattern (pacer, &bad, NULL, &error));
  g_assert_error (error, PROPRIO_PACER_ERROR, PROPRIO_PACER_ERROR_INVALID);
  g_assert_cmpstr (proprio_pacer_get_preset (pacer), ==, "breath-4-7-8");
  proprio_pacer_get_pattern (pacer, &bad);
  g_assert_cmpint (bad.phase_us[1], ==, 7 * S);
}

/* 4-7-8 from T0: in [0, 4), hold [4, 11), out [11, 19), then the next breath. */
static void
test_phase_boundaries (void)
{
  g_autoptr(ProprioPacer) pacer = pacer_with ("breath-4-7-8", 0, 0, NULL);
  ProprioPacerState st;

  proprio_pacer_get_state (pacer, T0, &st);
  g_assert_cmpint (st.status, ==, PROPRIO_PACER_IDLE);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_NONE);

  proprio_pacer_start (pacer, T0);
  g_assert_true (proprio_pacer_is_running (pacer));
  g_assert_cmpint (proprio_pacer_get_start_time (pacer), ==, T0);

  proprio_pacer_get_state (pacer, T0, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_INHALE);
  g_assert_cmpuint (st.count, ==, 1);
  g_assert_cmpuint (st.repetition, ==, 1);
  g_assert_cmpfloat (st.level, ==, 0.0);

  proprio_pacer_get_state (pacer, T0 + 2 * S, &st);
  g_assert_cmpfloat (st.progress, ==, 0.5);
  g_assert_cmpfloat (st.level, ==, 0.5);
  g_assert_cmpuint (st.count, ==, 3);

  proprio_pacer_get_state (pacer, T0 + 4 * S - 1, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_INHALE);
  g_assert_cmpuint (st.count, ==, 4);

  proprio_pacer_get_state (pacer, T0 + 4 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_IN);
  g_assert_cmpuint (st.slot, ==, 1);
  g_assert_cmpuint (st.count, ==, 1);
  g_assert_cmpint (st.phase_start_us, ==, T0 + 4 * S);
  g_assert_cmpint (st.phase_duration_us, ==, 7 * S);
  g_assert_cmpfloat (st.level, ==, 1.0);

  proprio_pacer_get_state (pacer, T0 + 11 * S - 1, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_IN);
  g_assert_cmpuint (st.count, ==, 7);

  proprio_pacer_get_state (pacer, T0 + 15 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_EXHALE);
  g_assert_cmpfloat (st.level, ==, 0.5);
  g_assert_cmpuint (st.count, ==, 5);

  proprio_pacer_get_state (pacer, T0 + 19 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_INHALE);
  g_assert_cmpuint (st.repetition, ==, 2);
  g_assert_cmpint (st.phase_start_us, ==, T0 + 19 * S);

  /* An hour on, endless: 3600 s = 189 breaths of 19 s + 9 s, i.e. 5 s into the hold. */
  proprio_pacer_get_state (pacer, T0 + 3600 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_IN);
  g_assert_cmpuint (st.repetition, ==, 190);
  g_assert_cmpuint (st.count, ==, 6);
  g_assert_cmpint (st.phase_start_us, ==, T0 + (189 * 19 + 4) * S);

  /* Asking does not move anything: the next event is still the first second. */
  g_assert_cmpint (proprio_pacer_get_next_event_us (pacer), ==, T0 + 1 * S);

  proprio_pacer_stop (pacer);
  proprio_pacer_get_state (pacer, T0 + 5 * S, &st);
  g_assert_cmpint (st.status, ==, PROPRIO_PACER_IDLE);
  g_assert_cmpint (proprio_pacer_get_next_event_us (pacer), ==, G_MAXINT64);
}

static void
check_478_events (Recorder *rec)
{
  guint i = 0;

  g_assert_cmpuint (rec->events->len, ==, 20);
  assert_event (rec, i++, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_INHALE, 1, T0);
  for (guint k = 1; k <= 3; k++)
    assert_event (rec, i++, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_INHALE, k + 1,
                  T0 + k * S);
  assert_event (rec, i++, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_HOLD_IN, 1, T0 + 4 * S);
  for (guint k = 1; k <= 6; k++)
    assert_event (rec, i++, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_HOLD_IN, k + 1,
                  T0 + (4 + k) * S);
  assert_event (rec, i++, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_EXHALE, 1, T0 + 11 * S);
  for (guint k = 1; k <= 7; k++)
    assert_event (rec, i++, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_EXHALE, k + 1,
                  T0 + (11 + k) * S);
  assert_event (rec, i++, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_INHALE, 1, T0 + 19 * S);
  g_assert_cmpuint (ev (rec, 19)->repetition, ==, 2);
  g_assert_cmpuint (ev (rec, 18)->repetition, ==, 1);
}

/* The same events, with their due times, whether the clock ticks once or every 7 ms. */
static void
test_events (void)
{
  Recorder one = { 0 }, many = { 0 };
  g_autoptr(ProprioPacer) a = pacer_with ("breath-4-7-8", 0, 0, &one);
  g_autoptr(ProprioPacer) b = pacer_with ("breath-4-7-8", 0, 0, &many);

  proprio_pacer_start (a, T0);
  g_assert_cmpuint (one.events->len, ==, 1);
  proprio_pacer_tick (a, T0 + 19 * S);
  check_478_events (&one);
  /* A tick back in time, or at the same time, adds nothing. */
  proprio_pacer_tick (a, T0 + 5 * S);
  proprio_pacer_tick (a, T0 + 19 * S);
  g_assert_cmpuint (one.events->len, ==, 20);
  g_assert_cmpint (proprio_pacer_get_next_event_us (a), ==, T0 + 20 * S);

  proprio_pacer_start (b, T0);
  for (gint64 t = T0; t <= T0 + 19 * S; t += 7000)
    proprio_pacer_tick (b, t);
  proprio_pacer_tick (b, T0 + 19 * S);
  check_478_events (&many);

  recorder_clear (&one);
  recorder_clear (&many);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

/* A set of 2 slow reps after "Get ready": 3, 2, 1, then down 3 s, hold 1 s, up 3 s, twice. */
static void
test_repetitions_and_lead_in (void)
{
  Recorder rec = { 0 };
  g_autoptr(ProprioPacer) pacer = pacer_with ("tempo-3-1-3", 2, 3 * S, &rec);
  ProprioPacerState st;
  guint changed = 0;
  gint64 end = T0 + (3 + 2 * 7) * S;

  proprio_pacer_start (pacer, T0);
  proprio_pacer_get_state (pacer, T0 + S / 2, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_READY);
  g_assert_cmpuint (st.count, ==, 3);
  g_assert_cmpuint (st.repetition, ==, 0);
  g_assert_cmpfloat (st.level, ==, 1.0);   /* a rep starts at the top */
  proprio_pacer_get_state (pacer, T0 + 2 * S, &st);
  g_assert_cmpuint (st.count, ==, 1);

  proprio_pacer_get_state (pacer, T0 + 4500000, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_DOWN);
  g_assert_cmpfloat (st.level, ==, 0.5);
  g_assert_cmpuint (st.n_repetitions, ==, 2);

  proprio_pacer_get_state (pacer, T0 + 6 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_DOWN);
  g_assert_cmpfloat (st.level, ==, 0.0);
  proprio_pacer_get_state (pacer, T0 + 8 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_UP);
  g_assert_cmpfloat (st.level, ==, 1.0 / 3.0);
  proprio_pacer_get_state (pacer, T0 + 10 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_DOWN);
  g_assert_cmpuint (st.repetition, ==, 2);
  proprio_pacer_get_state (pacer, end - 1, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_UP);
  proprio_pacer_get_state (pacer, end, &st);
  g_assert_cmpint (st.status, ==, PROPRIO_PACER_DONE);

  g_signal_connect_swapped (pacer, "changed", G_CALLBACK (count_cb), &changed);
  proprio_pacer_tick (pacer, end - 1);
  g_assert_true (proprio_pacer_is_running (pacer));
  g_assert_cmpint (proprio_pacer_get_next_event_us (pacer), ==, end);
  proprio_pacer_tick (pacer, end + 5 * S);
  g_assert_false (proprio_pacer_is_running (pacer));
  g_assert_cmpint (proprio_pacer_get_status (pacer), ==, PROPRIO_PACER_DONE);
  g_assert_cmpuint (changed, ==, 1);

  /* READY 3 (start), 2, 1; per rep: down 1 2 3, hold 1, up 1 2 3 (7 events); DONE. */
  g_assert_cmpuint (rec.events->len, ==, 3 + 2 * 7 + 1);
  assert_event (&rec, 0, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_READY, 3, T0);
  assert_event (&rec, 1, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_READY, 2, T0 + S);
  assert_event (&rec, 2, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_READY, 1, T0 + 2 * S);
  assert_event (&rec, 3, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_DOWN, 1, T0 + 3 * S);
  assert_event (&rec, 6, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_HOLD_DOWN, 1, T0 + 6 * S);
  assert_event (&rec, 7, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_UP, 1, T0 + 7 * S);
  assert_event (&rec, 10, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_DOWN, 1, T0 + 10 * S);
  g_assert_cmpuint (ev (&rec, 10)->repetition, ==, 2);
  assert_event (&rec, 17, PROPRIO_PACER_EVENT_DONE, PROPRIO_PACER_PHASE_NONE, 0, end);

  /* Done stays done; a new start begins again. */
  proprio_pacer_get_state (pacer, end + 60 * S, &st);
  g_assert_cmpint (st.status, ==, PROPRIO_PACER_DONE);
  proprio_pacer_start (pacer, end + 60 * S);
  g_assert_true (proprio_pacer_is_running (pacer));
  g_assert_cmpint (ev (&rec, 18)->phase, ==, PROPRIO_PACER_PHASE_READY);
  recorder_clear (&rec);
}

/* Phases that are not whole seconds: the count moves on at whole seconds into each phase. */
static void
test_fractional_phases (void)
{
  Recorder rec = { 0 };
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  ProprioPacerPattern p = { PROPRIO_PACER_BREATH, { 2500000, 0, 1500000, 0 }, 1, 0 };

  rec.events = g_array_new (FALSE, FALSE, sizeof (ProprioPacerEvent));
  g_signal_connect (pacer, "event", G_CALLBACK (record_cb), &rec);
  g_assert_true (proprio_pacer_set_pattern (pacer, &p, NULL, NULL));
  g_assert_cmpstr (proprio_pacer_get_preset (pacer), ==, PROPRIO_PACER_PRESET_CUSTOM);
  proprio_pacer_start (pacer, T0);
  proprio_pacer_tick (pacer, T0 + 10 * S);
  g_assert_cmpuint (rec.events->len, ==, 6);
  assert_event (&rec, 1, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_INHALE, 2, T0 + S);
  assert_event (&rec, 2, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_INHALE, 3, T0 + 2 * S);
  assert_event (&rec, 3, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_EXHALE, 1, T0 + 2500000);
  assert_event (&rec, 4, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_EXHALE, 2, T0 + 3500000);
  assert_event (&rec, 5, PROPRIO_PACER_EVENT_DONE, PROPRIO_PACER_PHASE_NONE, 0, T0 + 4 * S);
  recorder_clear (&rec);
}

/* New timings while running apply from the next phase; the phase on screen keeps its length. */
static void
test_change_while_running (void)
{
  Recorder rec = { 0 };
  g_autoptr(ProprioPacer) pacer = pacer_with ("breath-4-7-8", 0, 0, &rec);
  ProprioPacerPattern p = { PROPRIO_PACER_BREATH, { 6 * S, 2 * S, 6 * S, 0 }, 0, 0 };
  ProprioPacerState st;
  guint n;

  proprio_pacer_start (pacer, T0);
  proprio_pacer_tick (pacer, T0 + 2 * S);
  g_assert_true (proprio_pacer_set_pattern (pacer, &p, NULL, NULL));
  g_assert_true (proprio_pacer_is_running (pacer));

  /* The breath in started as 4 s and stays 4 s; the hold is then the new 2 s. */
  proprio_pacer_get_state (pacer, T0 + 3 * S, &st);
  g_assert_cmpint (st.phase_duration_us, ==, 4 * S);
  g_assert_cmpfloat (st.level, ==, 0.75);
  proprio_pacer_get_state (pacer, T0 + 5 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_IN);
  g_assert_cmpint (st.phase_duration_us, ==, 2 * S);
  proprio_pacer_get_state (pacer, T0 + 6 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_EXHALE);
  proprio_pacer_get_state (pacer, T0 + 12 * S, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_INHALE);
  g_assert_cmpint (st.phase_duration_us, ==, 6 * S);
  g_assert_cmpuint (st.repetition, ==, 2);

  n = rec.events->len;
  proprio_pacer_tick (pacer, T0 + 12 * S);
  assert_event (&rec, n + 1, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_HOLD_IN, 1,
                T0 + 4 * S);
  assert_event (&rec, n + 3, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_EXHALE, 1,
                T0 + 6 * S);
  assert_event (&rec, rec.events->len - 1, PROPRIO_PACER_EVENT_PHASE,
                PROPRIO_PACER_PHASE_INHALE, 1, T0 + 12 * S);

  /* Fewer repetitions than done so far: the run ends with the cycle in progress. */
  proprio_pacer_tick (pacer, T0 + 13 * S);
  p.repetitions = 1;
  g_assert_true (proprio_pacer_set_pattern (pacer, &p, NULL, NULL));
  proprio_pacer_tick (pacer, T0 + 30 * S);
  g_assert_cmpint (proprio_pacer_get_status (pacer), ==, PROPRIO_PACER_DONE);
  assert_event (&rec, rec.events->len - 1, PROPRIO_PACER_EVENT_DONE, PROPRIO_PACER_PHASE_NONE,
                0, T0 + 26 * S);

  /* Tempo instead of breathing starts again, at the last tick's time. */
  proprio_pacer_start (pacer, T0 + 100 * S);
  proprio_pacer_tick (pacer, T0 + 101500000);
  g_assert_true (proprio_pacer_set_preset (pacer, "tempo-3-1-3", NULL));
  g_assert_cmpint (proprio_pacer_get_mode (pacer), ==, PROPRIO_PACER_TEMPO);
  assert_event (&rec, rec.events->len - 1, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_DOWN,
                1, T0 + 101500000);
  proprio_pacer_get_state (pacer, T0 + 104500000, &st);
  g_assert_cmpint (st.phase, ==, PROPRIO_PACER_PHASE_HOLD_DOWN);
  recorder_clear (&rec);
}

/* A machine that slept for an hour does not play an hour of beeps on waking. */
static void
test_late_tick (void)
{
  Recorder rec = { 0 };
  g_autoptr(ProprioPacer) pacer = pacer_with ("breath-4-7-8", 0, 0, &rec);
  ProprioPacerState st;

  proprio_pacer_start (pacer, T0);
  proprio_pacer_tick (pacer, T0 + 3600 * S);
  g_assert_cmpuint (rec.events->len, ==, 1);
  proprio_pacer_get_state (pacer, T0 + 3600 * S, &st);
  g_assert_cmpuint (st.repetition, ==, 190);
  g_assert_cmpint (proprio_pacer_get_next_event_us (pacer), ==, T0 + (189 * 19 + 10) * S);
  proprio_pacer_tick (pacer, T0 + (189 * 19 + 11) * S);
  assert_event (&rec, 1, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_HOLD_IN, 7,
                T0 + (189 * 19 + 10) * S);
  assert_event (&rec, 2, PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_EXHALE, 1,
                T0 + (189 * 19 + 11) * S);

  /* A finite run that ended while nobody ticked is done, once. */
  proprio_pacer_stop (pacer);
  g_object_unref (pacer);
  recorder_clear (&rec);
  pacer = pacer_with ("breath-box", 3, 0, &rec);
  proprio_pacer_start (pacer, T0);
  proprio_pacer_tick (pacer, T0 + 3600 * S);
  g_assert_cmpuint (rec.events->len, ==, 2);
  assert_event (&rec, 1, PROPRIO_PACER_EVENT_DONE, PROPRIO_PACER_PHASE_NONE, 0, T0 + 48 * S);
  recorder_clear (&rec);
}

static void
stop_on_second_cb (ProprioPacer            *pacer,
                   const ProprioPacerEvent *event,
                   gpointer                 user_data)
{
  if (event->kind == PROPRIO_PACER_EVENT_SECOND)
    proprio_pacer_stop (pacer);
}

/* A handler may stop the pacer (a foot switch, a plan step ending): nothing follows. */
static void
test_stop_from_handler (void)
{
  Recorder rec = { 0 };
  g_autoptr(ProprioPacer) pacer = pacer_with ("breath-resonance", 0, 0, &rec);

  g_signal_connect (pacer, "event", G_CALLBACK (stop_on_second_cb), NULL);
  proprio_pacer_start (pacer, T0);
  proprio_pacer_tick (pacer, T0 + 10 * S);
  g_assert_cmpuint (rec.events->len, ==, 2);
  g_assert_cmpint (proprio_pacer_get_status (pacer), ==, PROPRIO_PACER_IDLE);
  recorder_clear (&rec);
}

static void
test_words (void)
{
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_INHALE), ==, "Breathe in");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_EXHALE), ==, "Breathe out");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_HOLD_OUT), ==, "Hold");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_DOWN), ==, "Down");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_UP), ==, "Up");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_HOLD_UP), ==, "Hold");
  g_assert_cmpstr (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_READY), ==, "Get ready");
  g_assert_true (proprio_pacer_phase_is_hold (PROPRIO_PACER_PHASE_HOLD_DOWN));
  g_assert_false (proprio_pacer_phase_is_hold (PROPRIO_PACER_PHASE_UP));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pacer/presets", test_presets);
  g_test_add_func ("/pacer/validation-names-the-phase", test_validation);
  g_test_add_func ("/pacer/phase-boundaries-exact", test_phase_boundaries);
  g_test_add_func ("/pacer/events-same-for-any-tick-rate", test_events);
  g_test_add_func ("/pacer/repetitions-and-lead-in", test_repetitions_and_lead_in);
  g_test_add_func ("/pacer/fractional-phases", test_fractional_phases);
  g_test_add_func ("/pacer/change-while-running", test_change_while_running);
  g_test_add_func ("/pacer/late-tick-skips-stale-events", test_late_tick);
  g_test_add_func ("/pacer/stop-from-handler", test_stop_from_handler);
  g_test_add_func ("/pacer/phase-words", test_words);

  return g_test_run ();
}
