/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated patient does the exercise on screen: the balance simulator, told what the running
 * exercise asks (proprio_station_intent_for_exercise), reaches weight-shift targets with a
 * reaction time and an overshoot, misses one now and then, and sways more with eyes closed and on
 * foam. Driven sample by sample on a virtual clock through the real protocol, so it is exact and
 * quick. */
#include "config.h"

#include <math.h>

#include "devices/proprio-protocol.h"
#include "devices/proprio-simulator-signals.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-static-test.h"
#include "exercises/proprio-weight-shift.h"
#include "station/proprio-station.h"

#define RATE_HZ 100.0

typedef struct
{
  ProprioSimGenerator *generator;
  ProprioProtocol     *protocol;
  ProprioExercise     *exercise;
  GByteArray          *bytes;
  gint64               t_us;
  gsize                n_fed;
} Patient;

static void
feed_cb (const ProprioSample *sample,
         gpointer             user_data)
{
  Patient *p = user_data;

  proprio_exercise_feed (p->exercise, sample);
  p->n_fed++;
}

static void
patient_init (Patient         *p,
              ProprioExercise *exercise,
              guint32          seed)
{
  g_autoptr(GError) error = NULL;

  p->generator = proprio_sim_generator_new (PROPRIO_SIM_BALANCE, RATE_HZ, seed);
  p->protocol = proprio_protocol_new ("balance", NULL, &error);
  g_assert_no_error (error);
  p->exercise = exercise;
  p->bytes = g_byte_array_new ();
  p->t_us = 1000000;
  p->n_fed = 0;
}

static void
patient_clear (Patient *p)
{
  proprio_sim_generator_free (p->generator);
  proprio_protocol_free (p->protocol);
  g_byte_array_unref (p->bytes);
}

/* One sample: the station's intent for the exercise, the simulator's bytes, the protocol, the
 * exercise — as the app runs them, minus the pty and the threads. */
static void
patient_step (Patient *p)
{
  ProprioSimIntent intent;

  proprio_station_intent_for_exercise (p->exercise, &intent);
  proprio_sim_generator_set_intent (p->generator, &intent);
  g_byte_array_set_size (p->bytes, 0);
  proprio_sim_generator_next (p->generator, p->bytes);
  proprio_protocol_feed (p->protocol, p->bytes->data, p->bytes->len, p->t_us, feed_cb, p);
  proprio_exercise_tick (p->exercise, p->t_us);
  p->t_us += (gint64) (G_USEC_PER_SEC / RATE_HZ);
}

static void
run_until_done (Patient *p,
                double   max_seconds)
{
  guint max_steps = (guint) (max_seconds * RATE_HZ);

  for (guint i = 0; i < max_steps && proprio_exercise_is_active (p->exercise); i++)
    {
      if (proprio_exercise_get_phase (p->exercise) == PROPRIO_EXERCISE_PHASE_PAUSED)
        proprio_exercise_proceed (p->exercise);
      patient_step (p);
    }
}

/* A first demo of weight shift on the default settings reaches its targets and scores well. */
static void
test_weight_shift_demo (void)
{
  g_autoptr(ProprioWeightShift) shift = proprio_weight_shift_new ();
  ProprioWeightShiftSummary summary;
  Patient p;

  /* The page's default is the eight directions once; the engine's left/right: both reach. */
  proprio_weight_shift_set_preset (shift, PROPRIO_WEIGHT_SHIFT_EIGHT_DIRECTIONS);
  patient_init (&p, PROPRIO_EXERCISE (shift), 1);
  proprio_exercise_start (p.exercise);
  run_until_done (&p, 200);
  g_assert_cmpint (proprio_exercise_get_phase (p.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  proprio_weight_shift_get_summary (shift, &summary);
  g_test_message ("%u presented, %u hits, %u missed, score %.1f, time to target %.2f s",
                  summary.n_presented, summary.n_hits, summary.n_missed, summary.score,
                  summary.mean_time_to_target_s);
  g_assert_cmpuint (summary.n_presented, ==, 8);
  g_assert_cmpuint (summary.n_hits, >=, summary.n_presented - 1);
  g_assert_cmpfloat (summary.score, >, 60.0);
  /* A reaction time and a movement: not instantaneous, not sluggish. */
  g_assert_cmpfloat (summary.mean_time_to_target_s, >, 0.4);
  g_assert_cmpfloat (summary.mean_time_to_target_s, <, 4.0);
  patient_clear (&p);
}

/* Over many presentations, a patient misses some (falls short), as patients do. */
static void
test_occasional_miss (void)
{
  guint hits = 0, missed = 0;

  for (guint32 seed = 1; seed <= 8; seed++)
    {
      g_autoptr(ProprioWeightShift) shift = proprio_weight_shift_new ();
      ProprioWeightShiftSummary summary;
      Patient p;

      proprio_weight_shift_set_timeout (shift, 4.0);
      proprio_weight_shift_set_repetitions (shift, 3);
      patient_init (&p, PROPRIO_EXERCISE (shift), seed);
      proprio_exercise_start (p.exercise);
      run_until_done (&p, 120);
      proprio_weight_shift_get_summary (shift, &summary);
      hits += summary.n_hits;
      missed += summary.n_missed;
      patient_clear (&p);
    }
  g_test_message ("%u hits, %u missed", hits, missed);
  g_assert_cmpuint (missed, >=, 1);
  g_assert_cmpuint (hits, >, 3 * missed);
}

/* Following a target: still at first (reaction time), past it briefly (overshoot), then there. */
static void
test_reach_shape (void)
{
  g_autoptr(ProprioSimGenerator) generator = proprio_sim_generator_new (PROPRIO_SIM_BALANCE,
                                                                         RATE_HZ, 3);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  ProprioSimIntent intent = PROPRIO_SIM_INTENT_INIT;
  ProprioSimTruth truth;
  double start_x, peak = -G_MAXDOUBLE;

  for (guint i = 0; i < 100; i++)
    proprio_sim_generator_next (generator, bytes);
  proprio_sim_generator_get_truth (generator, &truth);
  start_x = truth.cop_x_mm;

  intent.active = TRUE;
  intent.has_target = TRUE;
  intent.target_x_mm = 100;
  intent.target_y_mm = 0;
  proprio_sim_generator_set_intent (generator, &intent);
  for (guint i = 0; i < 20; i++)
    proprio_sim_generator_next (generator, bytes);
  proprio_sim_generator_get_truth (generator, &truth);
  /* 0.2 s in: not yet moving (sway aside). */
  g_assert_cmpfloat (fabs (truth.cop_x_mm - start_x), <, 10);

  for (guint i = 0; i < 400; i++)
    {
      proprio_sim_generator_next (generator, bytes);
      proprio_sim_generator_get_truth (generator, &truth);
      peak = MAX (peak, truth.cop_x_mm);
    }
  g_test_message ("start %.1f, peak %.1f, end %.1f mm", start_x, peak, truth.cop_x_mm);
  /* Either reached (with an overshoot) or one of the occasional short reaches. */
  if (truth.cop_x_mm > 80)
    {
      g_assert_cmpfloat (peak, >, 102);
      g_assert_cmpfloat (fabs (truth.cop_x_mm - 100), <, 12);
    }
  else
    g_assert_cmpfloat (truth.cop_x_mm, >, 35);
}

/* The limits of stability on the simulator: the patient leans toward every cue, so each direction
 * is measured (no "no movement"), with a human reaction time. */
static void
test_los_demo (void)
{
  g_autoptr(ProprioLosTest) los = proprio_los_test_new ();
  guint done = 0;
  Patient p;

  patient_init (&p, PROPRIO_EXERCISE (los), 2);
  proprio_exercise_start (p.exercise);
  run_until_done (&p, 300);
  g_assert_cmpint (proprio_exercise_get_phase (p.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      const ProprioLosResult *r = proprio_los_test_get_result (los, (ProprioDirection) k);

      g_test_message ("direction %u: status %d, reaction %.2f s, max excursion %.0f %%", k,
                      r->status, r->metrics.reaction_time_s, r->metrics.max_excursion_pct);
      if (r->status == PROPRIO_LOS_STATUS_DONE)
        {
          done++;
          g_assert_cmpfloat (r->metrics.reaction_time_s, >, 0.15);
          g_assert_cmpfloat (r->metrics.reaction_time_s, <, 1.5);
          g_assert_cmpfloat (r->metrics.max_excursion_pct, >, 40);
        }
    }
  g_assert_cmpuint (done, >=, PROPRIO_N_DIRECTIONS - 1);
  patient_clear (&p);
}

static double
condition_area (Patient                *p,
                ProprioStaticTest      *test,
                guint                   index)
{
  const ProprioStaticResult *result = proprio_static_test_get_result (test, index);

  g_assert_cmpint (result->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  return result->metrics.ellipse95.area;
}

/* The mCTSIB on the simulator gives what a patient gives: more sway with eyes closed and on foam,
 * Romberg quotients above 1. */
static void
test_static_test_conditions (void)
{
  g_autoptr(ProprioStaticTest) test = proprio_static_test_new ();
  Patient p;
  double eo, ec, feo, fec;

  proprio_static_test_set_duration (test, 20.0);
  proprio_static_test_set_countdown (test, 1.0);
  patient_init (&p, PROPRIO_EXERCISE (test), 5);
  proprio_exercise_start (p.exercise);
  run_until_done (&p, 200);
  g_assert_cmpint (proprio_exercise_get_phase (p.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  eo = condition_area (&p, test, 0);
  ec = condition_area (&p, test, 1);
  feo = condition_area (&p, test, 2);
  fec = condition_area (&p, test, 3);
  g_test_message ("ellipse areas: EO %.0f, EC %.0f, foam EO %.0f, foam EC %.0f mm²",
                  eo, ec, feo, fec);
  g_assert_cmpfloat (ec, >, 1.3 * eo);
  g_assert_cmpfloat (fec, >, 1.3 * feo);
  g_assert_cmpfloat (fec, >, 2.0 * eo);
  g_assert_cmpfloat (proprio_static_test_get_romberg (test, FALSE, PROPRIO_ROMBERG_ELLIPSE_AREA,
                                                      NULL), >, 1.3);
  patient_clear (&p);
}

static void
test_intent_for_exercise (void)
{
  g_autoptr(ProprioWeightShift) shift = proprio_weight_shift_new ();
  ProprioSimIntent intent;

  /* Nothing running: at ease. */
  proprio_station_intent_for_exercise (NULL, &intent);
  g_assert_false (intent.active);
  g_assert_cmpfloat (intent.sway_scale, ==, 1.0);
  proprio_station_intent_for_exercise (PROPRIO_EXERCISE (shift), &intent);
  g_assert_false (intent.active);
  g_assert_false (intent.has_target);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim-patient/intent-for-exercise", test_intent_for_exercise);
  g_test_add_func ("/sim-patient/reach-shape", test_reach_shape);
  g_test_add_func ("/sim-patient/weight-shift-demo", test_weight_shift_demo);
  g_test_add_func ("/sim-patient/occasional-miss", test_occasional_miss);
  g_test_add_func ("/sim-patient/los-demo", test_los_demo);
  g_test_add_func ("/sim-patient/static-test-conditions", test_static_test_conditions);
  return g_test_run ();
}
