/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The joint-position matching protocol driven by a scripted angle stream at 50 Hz: stage by
 * stage with exact times, stillness registration, the key, the orders, the faded feedback
 * schedule, hidden feedback, invalid trials (NaN, a stopped source, a timeout) and the error
 * metrics against hand-computed values. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "exercises/proprio-jps-protocol.h"

#include "proprio-test-events.h"

#define STEP_US G_GINT64_CONSTANT (20000)
#define T0_US   G_GINT64_CONSTANT (1000000)

typedef struct
{
  ProprioJpsProtocol *jps;
  ProprioExercise    *exercise;
  ProprioMatchExercise *match;
  ProprioTestEvents   events;
  gint64              t_us;      /* the next sample's time */
  double              angle;
} Rig;

static void
rig_init (Rig *rig)
{
  rig->jps = proprio_jps_protocol_new ();
  rig->exercise = PROPRIO_EXERCISE (rig->jps);
  rig->match = PROPRIO_MATCH_EXERCISE (rig->jps);
  proprio_test_events_init (&rig->events, rig->exercise);
  rig->t_us = T0_US;
  rig->angle = 90.0;
}

static void
rig_clear (Rig *rig)
{
  proprio_test_events_clear (&rig->events);
  g_object_unref (rig->jps);
}

/* A short protocol: one target of 45°, one trial, short phases, KR every time. */
static void
rig_configure_short (Rig *rig)
{
  static const double target[] = { 45.0 };

  proprio_match_exercise_set_targets (rig->match, target, 1);
  proprio_match_exercise_set_trials_per_target (rig->match, 1);
  proprio_match_exercise_set_order (rig->match, PROPRIO_MATCH_ORDER_BLOCKED, 1);
  proprio_match_exercise_set_memorise (rig->match, PROPRIO_MATCH_MEMORISE_AT_TARGET, 2.0, 3.0);
  proprio_match_exercise_set_register (rig->match, PROPRIO_MATCH_REGISTER_STILL, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (rig->match, PROPRIO_MATCH_FEEDBACK_ALWAYS, NULL, 0, 0);
  proprio_match_exercise_set_timing (rig->match, 1.0, 1.0, 10.0, 1.0, 1.0);
}

static void
step (Rig    *rig,
      double  angle)
{
  ProprioSample sample = { 0, };

  rig->angle = angle;
  sample.t_us = rig->t_us;
  sample.n_channels = 1;
  sample.values[0] = angle;
  proprio_exercise_feed (rig->exercise, &sample);
  proprio_exercise_tick (rig->exercise, rig->t_us);
  rig->t_us += STEP_US;
}

static void
hold (Rig    *rig,
      double  angle,
      double  seconds)
{
  guint n = (guint) llround (seconds * 50.0);

  for (guint i = 0; i < n; i++)
    step (rig, angle);
}

static ProprioMatchStage
stage (Rig *rig)
{
  return proprio_match_exercise_get_stage (rig->match);
}

/* Holds `angle` until the stage is `wanted` (FALSE after `max_s`). The sample that started it was
 * at rig->t_us − STEP_US. */
static gboolean
hold_until (Rig               *rig,
            double             angle,
            ProprioMatchStage  wanted,
            double             max_s)
{
  guint n = (guint) (max_s * 50.0);

  for (guint i = 0; i < n && stage (rig) != wanted; i++)
    step (rig, angle);
  return stage (rig) == wanted;
}

static gboolean
hold_until_done (Rig    *rig,
                 double  angle,
                 double  max_s)
{
  guint n = (guint) (max_s * 50.0);

  for (guint i = 0; i < n && proprio_exercise_is_active (rig->exercise); i++)
    step (rig, angle);
  return proprio_exercise_get_phase (rig->exercise) == PROPRIO_EXERCISE_PHASE_DONE;
}

static ProprioExerciseEvent
event_at (Rig  *rig,
          guint index)
{
  g_assert_cmpuint (index, <, rig->events.kinds->len);
  return g_array_index (rig->events.kinds, ProprioExerciseEvent, index);
}

/* One whole trial, stage by stage, with the instants the definitions give. */
static void
test_one_trial (void)
{
  Rig rig;
  const ProprioMatchTrial *trial;
  ProprioMatchDisplay display;
  gint64 cue_us, reached_us, first_48_us;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_exercise_start (rig.exercise);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Waiting for the joint angle");

  /* The first angle starts a 1 s countdown; the trial begins at its end. */
  step (&rig, 90.0);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Get ready… 1");
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  cue_us = proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_CUE);
  g_assert_cmpint (cue_us, ==, T0_US + G_USEC_PER_SEC);
  g_assert_true (proprio_exercise_get_feedback_visible (rig.exercise));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Move to the target");
  proprio_match_exercise_get_display (rig.match, &display);
  g_assert_true (display.show_target);
  g_assert_cmpfloat (display.target[0], ==, 45.0);
  g_assert_cmpuint (display.trial, ==, 1);
  g_assert_cmpuint (display.n_trials, ==, 1);

  /* At 48.5° (outside the 3° tolerance) the memorising has not started; at 47 it has. */
  hold (&rig, 48.5, 1.0);
  proprio_match_exercise_get_display (rig.match, &display);
  g_assert_false (display.at_target);
  reached_us = rig.t_us;
  hold (&rig, 47.0, 0.5);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Memorise this position");
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (rig.exercise, rig.t_us - STEP_US),
                                  1.52, 1e-9);
  hold (&rig, 45.0, 1.0);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_MEMORISE);
  /* Two seconds within the tolerance: memorised at the sample that completes them. */
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 2));
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==,
                   reached_us + 2 * G_USEC_PER_SEC);
  g_assert_false (proprio_exercise_get_feedback_visible (rig.exercise));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Eyes closed — back to the start");

  /* Back at the start; the reproduction begins after the 1 s return. */
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_START), ==,
                   reached_us + 3 * G_USEC_PER_SEC);
  g_assert_false (proprio_exercise_get_feedback_visible (rig.exercise));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==,
                   "Eyes closed — reproduce the position");
  proprio_match_exercise_get_display (rig.match, &display);
  g_assert_false (display.show_target);

  /* Still at the start: never registered, however still. */
  hold (&rig, 90.0, 2.0);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_REPRODUCE);
  g_assert_cmpuint (proprio_test_events_count (&rig.events, PROPRIO_EXERCISE_EVENT_STOP), ==, 0);

  /* At 48° and still: registered one second after the first sample there. */
  first_48_us = rig.t_us;
  hold (&rig, 48.0, 0.5);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Hold still…");
  g_assert_true (hold_until (&rig, 48.0, PROPRIO_MATCH_STAGE_RESULT, 1));
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_STOP), ==,
                   first_48_us + G_USEC_PER_SEC);
  g_assert_true (proprio_exercise_get_feedback_visible (rig.exercise));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Registered: 48°, target 45°");
  proprio_match_exercise_get_display (rig.match, &display);
  g_assert_true (display.show_registered);
  g_assert_cmpfloat (display.registered[0], ==, 48.0);

  g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, 1);
  trial = proprio_match_exercise_get_trial (rig.match, 0);
  g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_VALID);
  g_assert_cmpint (trial->registered_by, ==, PROPRIO_MATCH_REGISTERED_STILL);
  g_assert_cmpfloat (trial->reproduced[0], ==, 48.0);
  g_assert_cmpfloat (trial->error[0], ==, 3.0);
  g_assert_cmpfloat (trial->distance, ==, 3.0);
  g_assert_cmpfloat (trial->memorised[0], ==, 45.0);
  g_assert_true (trial->feedback_given);
  g_assert_cmpint (trial->presented_us, ==, cue_us);

  /* The KR shows for 1 s; the last trial then ends the protocol. */
  g_assert_true (hold_until_done (&rig, 48.0, 2));
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_DONE), ==,
                   first_48_us + 2 * G_USEC_PER_SEC);
  /* Every phase change had its cue, in order. */
  {
    static const ProprioExerciseEvent expected[] = {
      PROPRIO_EXERCISE_EVENT_COUNTDOWN, PROPRIO_EXERCISE_EVENT_CUE,
      PROPRIO_EXERCISE_EVENT_TARGET_HIT, PROPRIO_EXERCISE_EVENT_START,
      PROPRIO_EXERCISE_EVENT_STOP, PROPRIO_EXERCISE_EVENT_DONE,
    };

    g_assert_cmpuint (rig.events.kinds->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpint (event_at (&rig, i), ==, expected[i]);
  }
  rig_clear (&rig);
}

/* The registered angle is the mean of the still stretch, not the last sample. */
static void
test_still_mean (void)
{
  Rig rig;
  const ProprioMatchTrial *trial;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_REPRODUCE, 10));
  /* A tremor of ±0.6° around 52°: within 2°, the mean is 52. */
  for (guint i = 0; i < 200 && stage (&rig) == PROPRIO_MATCH_STAGE_REPRODUCE; i++)
    step (&rig, 52.0 + (i % 2 == 0 ? 0.6 : -0.6));
  trial = proprio_match_exercise_get_trial (rig.match, 0);
  g_assert_nonnull (trial);
  /* 51 samples alternate, starting high: one more +0.6 than −0.6. */
  g_assert_cmpfloat_with_epsilon (trial->reproduced[0], 52.0 + 0.6 / 51.0, 1e-9);
  rig_clear (&rig);
}

/* With registration by key, stillness registers nothing; the key takes the latest angle. Without
 * an angle at the key the trial is invalid, and the key in MEMORISE moves on. */
static void
test_key_registration (void)
{
  Rig rig;
  const ProprioMatchTrial *trial;
  static const double targets[] = { 30.0 };

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_targets (rig.match, targets, 1);
  proprio_match_exercise_set_trials_per_target (rig.match, 2);
  proprio_match_exercise_set_register (rig.match, PROPRIO_MATCH_REGISTER_KEY, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (rig.match, PROPRIO_MATCH_FEEDBACK_NEVER, NULL, 0, 0);
  g_assert_false (proprio_match_exercise_can_register (rig.match));
  proprio_exercise_start (rig.exercise);
  g_assert_false (proprio_match_exercise_register (rig.match));

  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  /* The therapist ends the memorising (the patient never reached the target). */
  hold (&rig, 70.0, 0.5);
  g_assert_true (proprio_match_exercise_register (rig.match));
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_RETURN);
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  hold (&rig, 33.0, 3.0);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_REPRODUCE);
  step (&rig, 33.5);
  g_assert_true (proprio_match_exercise_register (rig.match));
  trial = proprio_match_exercise_get_trial (rig.match, 0);
  g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_VALID);
  g_assert_cmpint (trial->registered_by, ==, PROPRIO_MATCH_REGISTERED_KEY);
  g_assert_cmpfloat (trial->reproduced[0], ==, 33.5);
  g_assert_cmpfloat (trial->error[0], ==, 3.5);
  g_assert_cmpint (trial->registered_us, ==, rig.t_us - STEP_US);
  g_assert_false (trial->feedback_given);
  /* No KR: "Registered", then the rest. */
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_REST);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Registered");
  g_assert_false (proprio_exercise_get_feedback_visible (rig.exercise));

  /* Trial 2: the marker is lost (NaN) when the key is pressed. */
  g_assert_true (hold_until (&rig, 30.0, PROPRIO_MATCH_STAGE_RETURN, 10));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  hold (&rig, 40.0, 1.0);
  step (&rig, NAN);
  g_assert_true (proprio_match_exercise_register (rig.match));
  trial = proprio_match_exercise_get_trial (rig.match, 1);
  g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_INVALID_NO_POSITION);
  g_assert_true (isnan (trial->reproduced[0]));
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_nonnull (strstr (proprio_exercise_get_message (rig.exercise), "Trial 2 not scored"));
  rig_clear (&rig);
}

static void
get_sequence (ProprioMatchOrder  order,
              guint32            seed,
              guint             *out,
              guint              n)
{
  g_autoptr(ProprioJpsProtocol) jps = proprio_jps_protocol_new ();
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (jps);
  static const double targets[] = { 30.0, 45.0, 60.0 };

  proprio_match_exercise_set_targets (match, targets, 3);
  proprio_match_exercise_set_trials_per_target (match, 4);
  proprio_match_exercise_set_order (match, order, seed);
  proprio_exercise_start (PROPRIO_EXERCISE (jps));
  g_assert_cmpuint (proprio_match_exercise_get_n_planned (match), ==, n);
  for (guint i = 0; i < n; i++)
    out[i] = proprio_match_exercise_get_planned_target (match, i);
}

/* Blocked, cycled and random orders; random is the same for a seed and each target keeps its
 * number of trials. */
static void
test_orders (void)
{
  guint a[12], b[12], c[12], counts[3] = { 0, 0, 0 };
  gboolean differ = FALSE;

  get_sequence (PROPRIO_MATCH_ORDER_BLOCKED, 1, a, 12);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (a[i], ==, i / 4);
  get_sequence (PROPRIO_MATCH_ORDER_CYCLED, 1, a, 12);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpuint (a[i], ==, i % 3);

  get_sequence (PROPRIO_MATCH_ORDER_RANDOM, 7, a, 12);
  get_sequence (PROPRIO_MATCH_ORDER_RANDOM, 7, b, 12);
  get_sequence (PROPRIO_MATCH_ORDER_RANDOM, 8, c, 12);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  for (guint i = 0; i < 12; i++)
    {
      counts[a[i]]++;
      differ |= a[i] != c[i];
    }
  g_assert_true (differ);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpuint (counts[k], ==, 4);
  /* Shuffled: not left in the cycled order. */
  for (guint i = 0; i < 12 && !differ; i++)
    differ = a[i] != i % 3;
  g_assert_true (differ);
}

/* The faded schedule, from its definition. */
static void
test_faded_schedule (void)
{
  static const double fading[] = { 100.0, 50.0, 0.0 };
  static const double three_quarters[] = { 75.0 };
  static const gboolean six[] = { TRUE, TRUE, TRUE, FALSE, FALSE, FALSE };
  static const gboolean eight[] = { TRUE, TRUE, TRUE, FALSE, TRUE, TRUE, TRUE, FALSE };
  static const gboolean seven[] = { TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, FALSE };

  for (guint i = 0; i < 6; i++)
    {
      g_assert_cmpint (proprio_match_feedback_given (PROPRIO_MATCH_FEEDBACK_FADED, fading, 3, 2,
                                                     i, 6), ==, six[i]);
      g_assert_true (proprio_match_feedback_given (PROPRIO_MATCH_FEEDBACK_ALWAYS, NULL, 0, 0, i, 6));
      g_assert_false (proprio_match_feedback_given (PROPRIO_MATCH_FEEDBACK_NEVER, NULL, 0, 0, i, 6));
    }
  /* 75 % of blocks of 4: 3 of each, the first three. */
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (proprio_match_feedback_given (PROPRIO_MATCH_FEEDBACK_FADED, three_quarters,
                                                   1, 4, i, 8), ==, eight[i]);
  /* The last percentage holds for later blocks; a short last block (trial 7 of 7) at 0 %. */
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (proprio_match_feedback_given (PROPRIO_MATCH_FEEDBACK_FADED, fading, 3, 2,
                                                   i, 7), ==, seven[i]);
}

/* Six trials with the default faded schedule: KR after trials 1–3, the dial hidden in every
 * reproduction and shown with every KR. */
static void
test_faded_run (void)
{
  Rig rig;
  static const double fading[] = { 100.0, 50.0, 0.0 };
  guint hidden_reproduce = 0, shown_result = 0, result_stages = 0;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_trials_per_target (rig.match, 6);
  proprio_match_exercise_set_feedback (rig.match, PROPRIO_MATCH_FEEDBACK_FADED, fading, 3, 2);
  proprio_exercise_start (rig.exercise);
  for (guint trial = 0; trial < 6; trial++)
    {
      g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 10));
      g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
      hidden_reproduce += !proprio_exercise_get_feedback_visible (rig.exercise);
      hold (&rig, 44.0, 1.2);
      g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, trial + 1);
      if (stage (&rig) == PROPRIO_MATCH_STAGE_RESULT)
        {
          result_stages++;
          shown_result += proprio_exercise_get_feedback_visible (rig.exercise);
        }
    }
  g_assert_true (hold_until_done (&rig, 90.0, 5));
  g_assert_cmpuint (hidden_reproduce, ==, 6);
  g_assert_cmpuint (result_stages, ==, 3);
  g_assert_cmpuint (shown_result, ==, 3);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (proprio_match_exercise_get_trial (rig.match, i)->feedback_given, ==, i < 3);
  rig_clear (&rig);
}

/* NaN for over a second during the reproduction: invalid at exactly 1 s after the last angle;
 * the next trial waits for the angle to come back. */
static void
test_lost_angle (void)
{
  Rig rig;
  const ProprioMatchTrial *trial;
  gint64 last_angle_us;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_trials_per_target (rig.match, 2);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_REPRODUCE, 10));
  hold (&rig, 60.0, 0.3);
  last_angle_us = rig.t_us - STEP_US;
  /* 0.9 s of NaN is not yet lost. */
  hold (&rig, NAN, 0.9);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_REPRODUCE);
  hold (&rig, NAN, 0.2);
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, 1);
  trial = proprio_match_exercise_get_trial (rig.match, 0);
  g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_INVALID_LOST);
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_TARGET_MISSED),
                   ==, last_angle_us + PROPRIO_MATCH_LOST_US);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Trial not scored");
  g_assert_nonnull (proprio_exercise_get_message (rig.exercise));

  /* Still no angle when the rest ends: waiting, not another lost trial. */
  hold (&rig, NAN, 3.0);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, 1);
  /* The angle is back: trial 2 at once, scored as usual. */
  step (&rig, 90.0);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_MEMORISE);
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 5));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_true (hold_until_done (&rig, 46.0, 5));
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (rig.match), ==, 1);
  trial = proprio_match_exercise_get_trial (rig.match, 1);
  g_assert_cmpfloat (trial->reproduced[0], ==, 46.0);
  rig_clear (&rig);
}

/* A source that stops (no samples, only ticks): invalid once the second has passed, found by the
 * ticks alone. */
static void
test_stopped_source (void)
{
  Rig rig;
  gint64 last_us, t;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  hold (&rig, 50.0, 0.5);
  last_us = rig.t_us - STEP_US;
  for (t = rig.t_us; t < last_us + 3 * G_USEC_PER_SEC; t += 16000)
    proprio_exercise_tick (rig.exercise, t);
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, 1);
  g_assert_cmpint (proprio_match_exercise_get_trial (rig.match, 0)->validity, ==,
                   PROPRIO_MATCH_INVALID_LOST);
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_TARGET_MISSED),
                   ==, last_us + PROPRIO_MATCH_LOST_US);
  /* The only trial was lost: the protocol ends, with no valid trial. */
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (rig.match), ==, 0);
  rig_clear (&rig);
}

/* Nothing registered within the timeout: invalid at exactly the timeout. */
static void
test_timeout (void)
{
  Rig rig;
  gint64 start_us;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_timing (rig.match, 1.0, 1.0, 3.0, 1.0, 1.0);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 10));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  start_us = proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_START);
  /* Moving all the time: never still. */
  for (guint i = 0; i < 300 && proprio_exercise_is_active (rig.exercise); i++)
    step (&rig, 60.0 + 20.0 * sin (i * 0.2));
  g_assert_cmpint (proprio_match_exercise_get_trial (rig.match, 0)->validity, ==,
                   PROPRIO_MATCH_INVALID_TIMEOUT);
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_TARGET_MISSED),
                   ==, start_us + 3 * G_USEC_PER_SEC);
  rig_clear (&rig);
}

/* The reproductions of a table by key: CE, AE, VE and E per target and overall, hand-computed. */
static void
test_metrics (void)
{
  Rig rig;
  static const double targets[] = { 45.0, 60.0 };
  /* Blocked: 45, 45, 45, 60, 60, 60; errors +3 −2 +2 and −3 +2 −2. */
  static const double reproduced[] = { 48.0, 43.0, 47.0, 57.0, 62.0, 58.0 };
  ProprioJpsMetrics m;
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) overall = NULL, trials = NULL, targets_v = NULL, first = NULL;
  double value;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_targets (rig.match, targets, 2);
  proprio_match_exercise_set_trials_per_target (rig.match, 3);
  proprio_match_exercise_set_register (rig.match, PROPRIO_MATCH_REGISTER_KEY, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (rig.match, PROPRIO_MATCH_FEEDBACK_NEVER, NULL, 0, 0);
  proprio_exercise_start (rig.exercise);
  for (guint i = 0; i < 6; i++)
    {
      double target = targets[i / 3];

      g_assert_true (hold_until (&rig, target, PROPRIO_MATCH_STAGE_RETURN, 10));
      g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
      hold (&rig, reproduced[i], 0.5);
      g_assert_true (proprio_match_exercise_register (rig.match));
    }
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);

  proprio_jps_protocol_get_metrics (rig.jps, 0, &m);
  g_assert_cmpuint (m.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (m.ce_deg, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ae_deg, 7.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ve_deg, sqrt (14.0 / 3.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (m.e_deg, sqrt (17.0 / 3.0), 1e-12);
  proprio_jps_protocol_get_metrics (rig.jps, 1, &m);
  g_assert_cmpfloat_with_epsilon (m.ce_deg, -1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ae_deg, 7.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ve_deg, sqrt (14.0 / 3.0), 1e-12);
  proprio_jps_protocol_get_metrics (rig.jps, -1, &m);
  g_assert_cmpuint (m.n, ==, 6);
  g_assert_cmpfloat_with_epsilon (m.ce_deg, 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ae_deg, 14.0 / 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ve_deg, sqrt (34.0 / 6.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (m.e_deg, sqrt (34.0 / 6.0), 1e-12);

  /* The same figures in the run's result. */
  result = proprio_exercise_dup_result (rig.exercise);
  g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "jps-protocol");
  g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                   PROPRIO_EXERCISE_OUTCOME_DONE);
  overall = g_variant_lookup_value (proprio_exercise_result_get_results (result), "overall",
                                    G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (overall, "ve-deg", "d", &value));
  g_assert_cmpfloat_with_epsilon (value, sqrt (34.0 / 6.0), 1e-12);
  targets_v = g_variant_lookup_value (proprio_exercise_result_get_results (result), "targets",
                                      G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (targets_v), ==, 2);
  trials = g_variant_lookup_value (proprio_exercise_result_get_results (result), "trials",
                                   G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (trials), ==, 6);
  first = g_variant_get_child_value (trials, 0);
  g_assert_true (g_variant_lookup (first, "error-deg", "d", &value));
  g_assert_cmpfloat (value, ==, 3.0);
  {
    g_autofree char *json = proprio_exercise_result_to_json (result);

    g_assert_nonnull (strstr (json, "\"movement\":\"active\""));
    g_assert_nonnull (strstr (json, "\"targets-deg\":[45,60]"));
  }
  rig_clear (&rig);
}

/* Passive reproduction: the same run, other prompts, and the choice in settings and results. */
static void
test_passive (void)
{
  Rig rig;
  g_autoptr(ProprioExerciseResult) result = NULL;
  const char *movement = NULL;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_movement (rig.match, PROPRIO_MATCH_PASSIVE);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==,
                   "Relax — you are guided to the target");
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 5));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==,
                   "Eyes closed — say “stop” at the position");
  g_assert_true (hold_until_done (&rig, 47.0, 5));
  result = proprio_exercise_dup_result (rig.exercise);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "movement", "&s",
                                   &movement));
  g_assert_cmpstr (movement, ==, "passive");
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_results (result), "movement", "&s",
                                   &movement));
  g_assert_cmpstr (movement, ==, "passive");
  rig_clear (&rig);
}

/* Timed memorising: the phase lasts its time from the cue, wherever the joint is. */
static void
test_timed_memorise (void)
{
  Rig rig;
  gint64 cue_us;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_memorise (rig.match, PROPRIO_MATCH_MEMORISE_TIMED, 1.5, 3.0);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  cue_us = rig.t_us - STEP_US;
  g_assert_true (hold_until (&rig, 52.0, PROPRIO_MATCH_STAGE_RETURN, 3));
  g_assert_cmpint (proprio_test_events_first (&rig.events, PROPRIO_EXERCISE_EVENT_TARGET_HIT), ==,
                   cue_us + 1500000);
  g_assert_cmpfloat (rig.angle, ==, 52.0);
  rig_clear (&rig);
}

/* Settings: every key reads back; a wrong key, type or value is refused naming it, and nothing
 * changes; none while the protocol runs. */
static void
test_settings (void)
{
  g_autoptr(ProprioJpsProtocol) jps = proprio_jps_protocol_new ();
  ProprioExercise *exercise = PROPRIO_EXERCISE (jps);
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (exercise);
  g_autoptr(GVariant) again = NULL;
  g_autoptr(GError) error = NULL;
  GVariantDict dict;
  const char *text;
  double d;
  guint u;

  /* The defaults a therapist starts from: 2 targets × 3, faded feedback. */
  g_assert_true (g_variant_lookup (settings, "trials-per-target", "u", &u));
  g_assert_cmpuint (u, ==, 3);
  g_assert_true (g_variant_lookup (settings, "feedback", "&s", &text));
  g_assert_cmpstr (text, ==, "faded");
  g_assert_true (g_variant_lookup (settings, "start-deg", "d", &d));
  g_assert_cmpfloat (d, ==, 90.0);
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (PROPRIO_MATCH_EXERCISE (jps)), ==, 2);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "targets-deg", "@ad",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                                    (double[]) { 20.0, 35.0, 50.0 }, 3,
                                                    sizeof (double)));
  g_variant_dict_insert (&dict, "order", "s", "cycled");
  g_variant_dict_insert (&dict, "movement", "s", "passive");
  g_variant_dict_insert (&dict, "still-range-deg", "d", 1.5);
  g_variant_dict_insert (&dict, "memorise-s", "i", 4);
  g_assert_true (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  again = proprio_exercise_get_settings (exercise);
  g_assert_true (g_variant_lookup (again, "order", "&s", &text));
  g_assert_cmpstr (text, ==, "cycled");
  g_assert_true (g_variant_lookup (again, "still-range-deg", "d", &d));
  g_assert_cmpfloat (d, ==, 1.5);
  g_assert_true (g_variant_lookup (again, "memorise-s", "d", &d));
  g_assert_cmpfloat (d, ==, 4.0);
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (PROPRIO_MATCH_EXERCISE (jps)), ==, 3);
  /* A whole configuration read back applies unchanged. */
  g_assert_true (proprio_exercise_apply_settings (exercise, again, &error));

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "still-range-deg", "d", 50.0);
  g_variant_dict_insert (&dict, "order", "s", "random");
  g_assert_false (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_assert_nonnull (strstr (error->message, "still-range-deg"));
  g_clear_error (&error);
  /* All or nothing: the order did not change. */
  g_clear_pointer (&again, g_variant_unref);
  again = proprio_exercise_get_settings (exercise);
  g_assert_true (g_variant_lookup (again, "order", "&s", &text));
  g_assert_cmpstr (text, ==, "cycled");

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "targets-mm", "d", 1.0);
  g_assert_false (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_nonnull (strstr (error->message, "targets-mm"));
  g_clear_error (&error);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "targets-deg", "@ad",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, NULL, 0,
                                                    sizeof (double)));
  g_assert_false (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_nonnull (strstr (error->message, "targets-deg"));
  g_clear_error (&error);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "faded-percent", "@ad",
                         g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                                    (double[]) { 100.0, 120.0 }, 2,
                                                    sizeof (double)));
  g_assert_false (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_nonnull (strstr (error->message, "faded-percent"));
  g_clear_error (&error);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "feedback", "s", "sometimes");
  g_assert_false (proprio_exercise_apply_settings (exercise, g_variant_dict_end (&dict), &error));
  g_assert_nonnull (strstr (error->message, "faded"));
  g_clear_error (&error);

  proprio_exercise_start (exercise);
  g_assert_false (proprio_exercise_apply_settings (exercise, again, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_ACTIVE);
}

/* An infinite angle or a sample without channels is a fault: counted, never a position. */
static void
test_invalid_samples (void)
{
  Rig rig;
  ProprioSample sample = { 0, };

  rig_init (&rig);
  proprio_exercise_start (rig.exercise);
  sample.t_us = rig.t_us;
  sample.n_channels = 1;
  sample.values[0] = INFINITY;
  proprio_exercise_feed (rig.exercise, &sample);
  sample.t_us += STEP_US;
  sample.n_channels = 0;
  proprio_exercise_feed (rig.exercise, &sample);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (rig.exercise), ==, 2);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  /* NaN is a valid sample without an angle: still waiting. */
  sample.t_us += STEP_US;
  sample.n_channels = 1;
  sample.values[0] = NAN;
  proprio_exercise_feed (rig.exercise, &sample);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (rig.exercise), ==, 2);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  rig_clear (&rig);
}

/* Stopped by the therapist: the trial in progress is dropped, the ended ones kept. */
static void
test_stop_keeps_trials (void)
{
  Rig rig;
  g_autoptr(ProprioExerciseResult) result = NULL;
  guint n = 0;

  rig_init (&rig);
  rig_configure_short (&rig);
  proprio_match_exercise_set_trials_per_target (rig.match, 3);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RETURN, 10));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_true (hold_until (&rig, 45.0, PROPRIO_MATCH_STAGE_RESULT, 3));
  g_assert_true (hold_until (&rig, 90.0, PROPRIO_MATCH_STAGE_MEMORISE, 5));
  proprio_exercise_stop (rig.exercise);
  g_assert_cmpint (proprio_match_exercise_get_stage (rig.match), ==, PROPRIO_MATCH_STAGE_NONE);
  g_assert_true (proprio_exercise_get_feedback_visible (rig.exercise));
  result = proprio_exercise_dup_result (rig.exercise);
  g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                   PROPRIO_EXERCISE_OUTCOME_CANCELLED);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_results (result), "n-trials", "u",
                                   &n));
  g_assert_cmpuint (n, ==, 1);
  rig_clear (&rig);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jps-protocol/one-trial", test_one_trial);
  g_test_add_func ("/jps-protocol/still-mean", test_still_mean);
  g_test_add_func ("/jps-protocol/key-registration", test_key_registration);
  g_test_add_func ("/jps-protocol/orders", test_orders);
  g_test_add_func ("/jps-protocol/faded-schedule", test_faded_schedule);
  g_test_add_func ("/jps-protocol/faded-run-hidden-feedback", test_faded_run);
  g_test_add_func ("/jps-protocol/lost-angle", test_lost_angle);
  g_test_add_func ("/jps-protocol/stopped-source", test_stopped_source);
  g_test_add_func ("/jps-protocol/timeout", test_timeout);
  g_test_add_func ("/jps-protocol/metrics", test_metrics);
  g_test_add_func ("/jps-protocol/passive", test_passive);
  g_test_add_func ("/jps-protocol/timed-memorise", test_timed_memorise);
  g_test_add_func ("/jps-protocol/settings", test_settings);
  g_test_add_func ("/jps-protocol/invalid-samples", test_invalid_samples);
  g_test_add_func ("/jps-protocol/stop-keeps-trials", test_stop_keeps_trials);
  return g_test_run ();
}
