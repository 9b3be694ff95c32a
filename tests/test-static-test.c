/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "exercises/proprio-static-test.h"
#include "proprio-test-events.h"

#include <math.h>
#include <string.h>

/* Scripted balance samples at 100 Hz: sample k at T0 + k · 10 ms. */
#define T0     G_GINT64_CONSTANT (1000000000)
#define PERIOD G_GINT64_CONSTANT (10000)
/* The CoP goes round a circle once every 2 s. */
#define CIRCLE_HZ 0.5

/* Feeds samples k_from..k_to (inclusive) on a circle of radius r around (1, 2) mm. */
static void
feed_circle (ProprioExercise *ex,
             gint64           k_from,
             gint64           k_to,
             double           r)
{
  for (gint64 k = k_from; k <= k_to; k++)
    {
      ProprioSample s = { 0, };
      double phase = 2.0 * G_PI * CIRCLE_HZ * (double) k / 100.0;

      s.t_us = T0 + k * PERIOD;
      s.flags = PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = 7;
      s.values[5] = 1.0 + r * cos (phase);
      s.values[6] = 2.0 + r * sin (phase);
      proprio_exercise_feed (ex, &s);
    }
}

static void
feed_empty (ProprioExercise *ex,
            gint64           k_from,
            gint64           k_to)
{
  for (gint64 k = k_from; k <= k_to; k++)
    {
      ProprioSample s = { 0, };

      s.t_us = T0 + k * PERIOD;
      s.n_channels = 7;
      proprio_exercise_feed (ex, &s);
    }
}

/* A circle of radius r sampled n times 10 ms apart: n − 1 chords of 2 r sin(π f Δt). */
static double
circle_path (double r,
             gsize  n)
{
  return (double) (n - 1) * 2.0 * r * sin (G_PI * CIRCLE_HZ * 0.01);
}

static void
test_countdown_recording_done (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition two[] = { PROPRIO_STATIC_EYES_OPEN, PROPRIO_STATIC_EYES_CLOSED };
  const ProprioStaticResult *eo, *ec;
  g_autoptr(GError) error = NULL;
  ProprioTestEvents events;
  double q;

  proprio_static_test_set_conditions (st, two, G_N_ELEMENTS (two));
  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_true (proprio_exercise_get_feedback_visible (ex));

  /* The first CoP sample (k = 0) starts the 3 s countdown; the live CoP is hidden. */
  feed_circle (ex, 0, 0, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Eyes open — get ready… 3");
  g_assert_false (proprio_exercise_get_feedback_visible (ex));
  feed_circle (ex, 1, 299, 2.0);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Eyes open — get ready… 1");

  /* Recording from k = 300 (T0 + 3 s) for 30 s: samples 300..3299, n = 3000. */
  feed_circle (ex, 300, 300, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Eyes open — hold still");
  feed_circle (ex, 301, 3299, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  /* The sample at the end instant closes it. */
  feed_circle (ex, 3300, 3300, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);
  g_assert_true (proprio_exercise_get_feedback_visible (ex));
  g_assert_cmpstr (proprio_exercise_get_message (ex), ==,
                   "Eyes open recorded. Next: Eyes closed — continue when ready.");

  eo = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (eo->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpuint (eo->n, ==, 3000);
  g_assert_cmpint (eo->t_us[0], ==, T0 + 3000000);
  g_assert_cmpint (eo->t_us[2999], ==, T0 + 32990000);
  g_assert_cmpuint (eo->metrics.n, ==, 3000);
  g_assert_cmpfloat_with_epsilon (eo->metrics.path_length_mm, circle_path (2.0, 3000), 1e-9);

  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_COUNTDOWN), ==, 3);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_COUNTDOWN), ==, T0);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_START), ==, T0 + 3000000);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_STOP), ==, T0 + 33000000);

  /* Eyes closed, radius 4 mm: after "Continue" the next CoP sample starts its countdown. */
  g_assert_true (proprio_exercise_proceed (ex));
  g_assert_null (proprio_exercise_get_message (ex));
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  feed_circle (ex, 4000, 4000, 4.0);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Eyes closed — get ready… 3");
  feed_circle (ex, 4001, 7300, 4.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_DONE), ==, 1);

  ec = proprio_static_test_get_result (st, 1);
  g_assert_cmpint (ec->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpuint (ec->n, ==, 3000);
  g_assert_cmpfloat_with_epsilon (ec->metrics.path_length_mm, circle_path (4.0, 3000), 1e-9);

  /* Twice the radius: twice the path, four times the ellipse area. */
  q = proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_PATH_LENGTH, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (q, 2.0, 1e-9);
  q = proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_ELLIPSE_AREA, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (q, 4.0, 1e-9);

  /* The foam pair was not part of this test. */
  q = proprio_static_test_get_romberg (st, TRUE, PROPRIO_ROMBERG_PATH_LENGTH, &error);
  g_assert_true (isnan (q));
  g_assert_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_NOT_RECORDED);
  g_assert_nonnull (strstr (error->message, "Foam, eyes open"));
  proprio_test_events_clear (&events);
}

static void
test_auto_advance_mctsib (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  g_autoptr(GError) error = NULL;
  const double radius[] = { 2.0, 4.0, 3.0, 6.0 };
  ProprioTestEvents events;

  g_assert_cmpuint (proprio_static_test_get_n_conditions (st), ==, 4);
  proprio_static_test_set_auto_advance (st, TRUE);
  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  /* Each condition: 3 s countdown from the end of the one before, 30 s of recording. */
  for (guint i = 0; i < 4; i++)
    feed_circle (ex, i * 3300, i * 3300 + 3299, radius[i]);
  feed_circle (ex, 13200, 13200, 6.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_START), ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      const ProprioStaticResult *r = proprio_static_test_get_result (st, i);

      g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
      g_assert_cmpuint (r->n, ==, 3000);
      g_assert_cmpint (r->start_us, ==, T0 + (i * 3300 + 300) * PERIOD);
    }
  g_assert_cmpfloat_with_epsilon (proprio_static_test_get_romberg (st, TRUE,
                                                                   PROPRIO_ROMBERG_PATH_LENGTH,
                                                                   &error), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_static_test_get_romberg (st, TRUE,
                                                                   PROPRIO_ROMBERG_ELLIPSE_AREA,
                                                                   &error), 4.0, 1e-9);
  g_assert_no_error (error);
  proprio_test_events_clear (&events);
}

static void
test_step_off_and_retry (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition one[] = { PROPRIO_STATIC_EYES_CLOSED };
  const ProprioStaticResult *r;
  ProprioTestEvents events;

  proprio_static_test_set_conditions (st, one, 1);
  proprio_test_events_init (&events, ex);
  proprio_exercise_start (ex);
  /* On the board until k = 799 (4.99 s into the recording), then an empty board. After more than
   * 1 s without CoP (k = 900) the condition is a step-off at 4.99 s. */
  feed_circle (ex, 0, 799, 2.0);
  feed_empty (ex, 800, 899);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  feed_empty (ex, 900, 900);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);

  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_STEPPED_OFF);
  g_assert_cmpfloat_with_epsilon (r->time_to_step_off_s, 4.99, 1e-12);
  g_assert_cmpuint (r->n, ==, 500);
  g_assert_cmpstr (r->message, ==,
                   "Eyes closed: the patient stepped off the board after 5.0 s. "
                   "Retry the condition or continue.");
  g_assert_cmpstr (proprio_exercise_get_message (ex), ==, r->message);
  g_assert_cmpint (proprio_test_events_first (&events, PROPRIO_EXERCISE_EVENT_STEP_OFF), ==, T0 + 7990000);
  g_assert_cmpuint (proprio_test_events_count (&events, PROPRIO_EXERCISE_EVENT_STOP), ==, 0);
  g_assert_true (isnan (proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_PATH_LENGTH,
                                                         NULL)));

  /* Retry: the same condition again from a new countdown; its result replaces the step-off. */
  g_assert_true (proprio_static_test_retry (st));
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpint (proprio_static_test_get_result (st, 0)->status, ==, PROPRIO_STATIC_STATUS_NOT_RUN);
  feed_circle (ex, 1000, 4300, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpuint (r->n, ==, 3000);
  g_assert_true (isnan (r->time_to_step_off_s));
  proprio_test_events_clear (&events);
}

static void
test_countdown_needs_patient (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);

  proprio_exercise_start (ex);
  /* An empty board never starts a countdown, however long it stays empty. */
  feed_empty (ex, -1000, -1);
  proprio_exercise_tick (ex, T0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Step onto the board");
  g_assert_cmpuint (proprio_static_test_get_result (st, 0)->n, ==, 0);
  feed_circle (ex, 0, 100, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  /* Stepping off during the countdown goes back to waiting, not into a recording. */
  feed_empty (ex, 101, 201);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Step onto the board");
  g_assert_true (proprio_exercise_get_feedback_visible (ex));
  /* Back on: a fresh 3 s countdown from that sample (k = 500 → recording from k = 800). */
  feed_circle (ex, 500, 799, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  feed_circle (ex, 800, 800, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
}

static void
test_board_stops_sending (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticResult *r;

  proprio_exercise_start (ex);
  feed_circle (ex, 0, 1000, 2.0);
  /* No samples at all after k = 1000 (T0 + 10 s): frame ticks notice after 1 s plus the grace. */
  proprio_exercise_tick (ex, T0 + 11000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_tick (ex, T0 + 11300000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);
  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_FAILED);
  g_assert_nonnull (strstr (r->message, "stopped sending data"));
}

static void
test_too_few_samples (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition one[] = { PROPRIO_STATIC_EYES_OPEN };
  const ProprioStaticResult *r;

  proprio_static_test_set_conditions (st, one, 1);
  proprio_exercise_start (ex);
  /* 5 Hz: 150 samples in 30 s, below the 10 Hz minimum: failed with a message, no figures. */
  for (gint64 k = 0; k <= 3300; k += 20)
    feed_circle (ex, k, k, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);
  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_FAILED);
  g_assert_cmpuint (r->n, ==, 150);
  g_assert_cmpstr (r->message, ==, "Eyes open: only 150 samples in 30 s — too few for sway "
                                   "figures. Check the board connection and retry.");
  /* Continue after a failed last condition ends the test. */
  g_assert_true (proprio_exercise_proceed (ex));
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
}

static void
test_nan_samples_dropped (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition one[] = { PROPRIO_STATIC_EYES_OPEN };
  const ProprioStaticResult *r;

  proprio_static_test_set_conditions (st, one, 1);
  proprio_static_test_set_duration (st, 10.0);
  proprio_exercise_start (ex);
  feed_circle (ex, 0, 499, 2.0);
  /* Ten samples with a NaN CoP in the recording: dropped and counted, never in the trace. */
  for (gint64 k = 500; k < 510; k++)
    {
      ProprioSample s = { 0, };

      s.t_us = T0 + k * PERIOD;
      s.flags = PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = 7;
      s.values[5] = NAN;
      s.values[6] = 0.0;
      proprio_exercise_feed (ex, &s);
    }
  feed_circle (ex, 510, 1300, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpuint (r->n, ==, 990);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (ex), ==, 10);
  for (gsize i = 0; i < r->n; i++)
    g_assert_true (isfinite (r->x_mm[i]));
}

static void
test_romberg_quotient (void)
{
  ProprioSwayMetrics eo = { 0, }, ec = { 0, };
  GError *error = NULL;

  eo.ellipse95.area = 100.0;
  ec.ellipse95.area = 250.0;
  eo.path_length_mm = 300.0;
  ec.path_length_mm = 450.0;
  g_assert_cmpfloat (proprio_romberg_quotient (&eo, &ec, PROPRIO_ROMBERG_ELLIPSE_AREA, &error), ==, 2.5);
  g_assert_cmpfloat (proprio_romberg_quotient (&eo, &ec, PROPRIO_ROMBERG_PATH_LENGTH, &error), ==, 1.5);
  g_assert_no_error (error);

  eo.ellipse95.area = 0.0;
  g_assert_true (isnan (proprio_romberg_quotient (&eo, &ec, PROPRIO_ROMBERG_ELLIPSE_AREA, &error)));
  g_assert_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_ZERO_BASELINE);
  g_clear_error (&error);

  ec.path_length_mm = NAN;
  g_assert_true (isnan (proprio_romberg_quotient (&eo, &ec, PROPRIO_ROMBERG_PATH_LENGTH, &error)));
  g_assert_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_ZERO_BASELINE);
  g_clear_error (&error);

  g_assert_true (isnan (proprio_romberg_quotient (NULL, &ec, PROPRIO_ROMBERG_PATH_LENGTH, &error)));
  g_assert_error (error, PROPRIO_STATIC_TEST_ERROR, PROPRIO_STATIC_TEST_ERROR_NOT_RECORDED);
  g_clear_error (&error);
}

static void
test_stop_discards_partial (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);

  proprio_exercise_start (ex);
  feed_circle (ex, 0, 1000, 2.0);
  proprio_exercise_stop (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_cmpint (proprio_static_test_get_result (st, 0)->status, ==, PROPRIO_STATIC_STATUS_NOT_RUN);
  g_assert_cmpuint (proprio_static_test_get_result (st, 0)->n, ==, 0);
  /* Samples after the stop are ignored. */
  feed_circle (ex, 1001, 1100, 2.0);
  g_assert_cmpuint (proprio_static_test_get_result (st, 0)->n, ==, 0);
}

/* Stopped while paused between conditions: "Stopped" alone, not with "Next: … continue when
 * ready", which no longer holds. */
static void
test_stop_clears_stale_message (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);

  proprio_static_test_set_duration (st, 5.0);
  proprio_exercise_start (ex);
  feed_circle (ex, 0, 800, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_PAUSED);
  g_assert_nonnull (strstr (proprio_exercise_get_message (ex), "Next:"));
  proprio_exercise_stop (ex);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Stopped");
  g_assert_null (proprio_exercise_get_message (ex));
}

/* Two 5 s conditions with auto-advance: recordings k = 300..799 and 1100..1599, done at 1600. */
static ProprioStaticTest *
finished_two_conditions (void)
{
  ProprioStaticTest *st = proprio_static_test_new ();
  const ProprioStaticCondition two[] = { PROPRIO_STATIC_EYES_OPEN, PROPRIO_STATIC_EYES_CLOSED };

  proprio_static_test_set_conditions (st, two, G_N_ELEMENTS (two));
  proprio_static_test_set_duration (st, 5.0);
  proprio_static_test_set_auto_advance (st, TRUE);
  proprio_exercise_start (PROPRIO_EXERCISE (st));
  feed_circle (PROPRIO_EXERCISE (st), 0, 799, 2.0);
  feed_circle (PROPRIO_EXERCISE (st), 800, 1600, 4.0);
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (st)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  return st;
}

static void
test_settings_keep_results (void)
{
  g_autoptr(ProprioStaticTest) st = finished_two_conditions ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition foam[] = { PROPRIO_STATIC_FOAM_EYES_OPEN };
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(GArray) trace = g_array_new (FALSE, FALSE, sizeof (double));
  const ProprioStaticResult *r;
  double path[2], romberg;
  gsize n[2];
  double duration_s;

  for (guint i = 0; i < 2; i++)
    {
      r = proprio_static_test_get_result (st, i);
      g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
      n[i] = r->n;
      path[i] = r->metrics.path_length_mm;
    }
  g_assert_cmpuint (n[0], ==, 500);
  r = proprio_static_test_get_result (st, 1);
  g_array_append_vals (trace, r->x_mm, r->n);
  romberg = proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_PATH_LENGTH, NULL);
  g_assert_cmpfloat_with_epsilon (romberg, 2.0, 1e-9);

  /* The therapist prepares the next test: another list, longer, no countdown, a filter. */
  proprio_static_test_set_conditions (st, foam, G_N_ELEMENTS (foam));
  proprio_static_test_set_duration (st, 20.0);
  proprio_static_test_set_countdown (st, 0.0);
  proprio_static_test_set_auto_advance (st, FALSE);
  proprio_static_test_set_lowpass (st, 5.0);

  /* The finished test's results and review traces are untouched. */
  g_assert_cmpuint (proprio_static_test_get_n_conditions (st), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      r = proprio_static_test_get_result (st, i);
      g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
      g_assert_cmpint (r->condition, ==, i == 0 ? PROPRIO_STATIC_EYES_OPEN
                                                : PROPRIO_STATIC_EYES_CLOSED);
      g_assert_cmpuint (r->n, ==, n[i]);
      g_assert_cmpfloat (r->metrics.path_length_mm, ==, path[i]);
      g_assert_cmpfloat (r->duration_s, ==, 5.0);
    }
  r = proprio_static_test_get_result (st, 1);
  g_assert_cmpmem (r->x_mm, r->n * sizeof (double), trace->data, trace->len * sizeof (double));
  g_assert_cmpfloat (proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_PATH_LENGTH,
                                                      NULL), ==, romberg);

  /* The result carries the settings it ran with; the engine reports those of the next run. */
  result = proprio_exercise_dup_result (ex);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "duration-s",
                                   "d", &duration_s));
  g_assert_cmpfloat (duration_s, ==, 5.0);
  settings = proprio_exercise_get_settings (ex);
  g_assert_true (g_variant_lookup (settings, "duration-s", "d", &duration_s));
  g_assert_cmpfloat (duration_s, ==, 20.0);

  /* Only the next start makes room for the new list. */
  proprio_exercise_start (ex);
  g_assert_cmpuint (proprio_static_test_get_n_conditions (st), ==, 1);
  r = proprio_static_test_get_result (st, 0);
  g_assert_cmpint (r->condition, ==, PROPRIO_STATIC_FOAM_EYES_OPEN);
  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_NOT_RUN);
  /* No countdown now: the first CoP starts the 20 s recording. */
  feed_circle (ex, 5000, 5000, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 5000 * PERIOD), ==, 20.0);
}

static void
test_setter_refused_while_running (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition one[] = { PROPRIO_STATIC_EYES_OPEN };
  g_autoptr(GVariant) settings = NULL;
  double duration_s;

  proprio_static_test_set_conditions (st, one, 1);
  proprio_static_test_set_duration (st, 5.0);
  proprio_exercise_start (ex);
  feed_circle (ex, 0, 400, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);

  /* A programming error (the GUI locks its settings): a warning, and nothing changes. */
  g_test_expect_message ("proprio-exercise", G_LOG_LEVEL_WARNING, "*cannot be reconfigured*");
  proprio_static_test_set_duration (st, 10.0);
  g_test_assert_expected_messages ();
  settings = proprio_exercise_get_settings (ex);
  g_assert_true (g_variant_lookup (settings, "duration-s", "d", &duration_s));
  g_assert_cmpfloat (duration_s, ==, 5.0);

  /* The recording still ends after 5 s. */
  feed_circle (ex, 401, 800, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_static_test_get_result (st, 0)->n, ==, 500);
}

static void
test_time_left (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  const ProprioStaticCondition one[] = { PROPRIO_STATIC_EYES_OPEN };

  proprio_static_test_set_conditions (st, one, 1);
  proprio_static_test_set_duration (st, 5.0);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  proprio_exercise_start (ex);
  /* Waiting for the patient: nothing is being timed. */
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  /* The countdown: 3 s from the first CoP (T0). */
  feed_circle (ex, 0, 50, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 500000), 2.5, 1e-12);
  /* The condition: 5 s from T0 + 3 s; never below 0 past the end. */
  feed_circle (ex, 51, 300, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 3250000), 4.75, 1e-12);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 8100000), ==, 0.0);
  feed_circle (ex, 301, 800, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 8100000), ==, -1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/static-test/countdown-recording-done", test_countdown_recording_done);
  g_test_add_func ("/static-test/auto-advance-mctsib", test_auto_advance_mctsib);
  g_test_add_func ("/static-test/step-off-and-retry", test_step_off_and_retry);
  g_test_add_func ("/static-test/countdown-needs-patient", test_countdown_needs_patient);
  g_test_add_func ("/static-test/board-stops-sending", test_board_stops_sending);
  g_test_add_func ("/static-test/too-few-samples", test_too_few_samples);
  g_test_add_func ("/static-test/nan-samples-dropped", test_nan_samples_dropped);
  g_test_add_func ("/static-test/romberg-quotient", test_romberg_quotient);
  g_test_add_func ("/static-test/stop-clears-stale-message", test_stop_clears_stale_message);
  g_test_add_func ("/static-test/stop-discards-partial", test_stop_discards_partial);
  g_test_add_func ("/static-test/settings-keep-results", test_settings_keep_results);
  g_test_add_func ("/static-test/setter-refused-while-running", test_setter_refused_while_running);
  g_test_add_func ("/static-test/time-left", test_time_left);

  return g_test_run ();
}
