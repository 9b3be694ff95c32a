/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulated patient does position matching: sim:angle, told by the station what the running
 * protocol asks (proprio_station_joint_intent_for_exercise), memorises each knee target and
 * reproduces it with a constant error per target and a variable one per trial, then holds still
 * so the protocol registers it; the balance simulator does the same with the CoP. The bytes go
 * through the real line and balance protocols and the station, on a virtual clock, so a whole
 * 6-trial run takes milliseconds. */
#include "config.h"

#include <math.h>

#include "devices/proprio-device.h"
#include "devices/proprio-protocol.h"
#include "devices/proprio-simulator-signals.h"
#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-jps-protocol.h"
#include "station/proprio-station.h"

typedef struct
{
  ProprioSimGenerator *generator;
  ProprioProtocol     *protocol;
  GArray              *samples;
  GByteArray          *bytes;
  gint64               t_us;
  gint64               step_us;
} Patient;

static void
collect_cb (const ProprioSample *sample,
            gpointer             user_data)
{
  Patient *p = user_data;

  g_array_append_val (p->samples, *sample);
}

static void
patient_init (Patient        *p,
              ProprioSimKind  kind,
              double          rate_hz,
              guint32         seed)
{
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  p->generator = proprio_sim_generator_new (kind, rate_hz, seed);
  if (kind == PROPRIO_SIM_ANGLE)
    {
      /* As the device makes it for sim:angle. */
      g_hash_table_insert (options, (gpointer) "channels", (gpointer) "angle");
      g_hash_table_insert (options, (gpointer) "units", (gpointer) "deg");
      p->protocol = proprio_protocol_new ("lines", options, &error);
    }
  else
    p->protocol = proprio_protocol_new ("balance", NULL, &error);
  g_assert_no_error (error);
  p->samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  p->bytes = g_byte_array_new ();
  p->t_us = 5 * G_USEC_PER_SEC;
  p->step_us = (gint64) llround (G_USEC_PER_SEC / rate_hz);
}

static void
patient_clear (Patient *p)
{
  proprio_sim_generator_free (p->generator);
  proprio_protocol_free (p->protocol);
  g_array_unref (p->samples);
  g_byte_array_unref (p->bytes);
}

/* One sample: what the running exercise asks, the simulator's bytes, the protocol, the station —
 * as the app runs them, minus the pty and the reader thread. */
static void
patient_step (Patient         *p,
              ProprioStation  *station,
              ProprioExercise *exercise)
{
  ProprioSimIntent intent;

  proprio_station_intent_for_exercise (station != NULL ? proprio_station_get_running (station)
                                                       : exercise, &intent);
  proprio_sim_generator_set_intent (p->generator, &intent);
  g_byte_array_set_size (p->bytes, 0);
  proprio_sim_generator_next (p->generator, p->bytes);
  g_array_set_size (p->samples, 0);
  proprio_protocol_feed (p->protocol, p->bytes->data, p->bytes->len, p->t_us, collect_cb, p);
  if (station != NULL)
    proprio_station_push_samples (station, (const ProprioSample *) p->samples->data,
                                  p->samples->len);
  else
    {
      proprio_exercise_feed_many (exercise, (const ProprioSample *) p->samples->data,
                                  p->samples->len);
      proprio_exercise_tick (exercise, p->t_us);
    }
  p->t_us += p->step_us;
}

/* The intent follows the protocol's stages: rest at the start, memorise, reproduce. */
static void
test_joint_intent (void)
{
  g_autoptr(ProprioJpsProtocol) jps = proprio_jps_protocol_new ();
  ProprioExercise *exercise = PROPRIO_EXERCISE (jps);
  ProprioSimJointIntent intent;
  ProprioSimIntent sim;

  proprio_station_joint_intent_for_exercise (NULL, &intent);
  g_assert_cmpint (intent.phase, ==, PROPRIO_SIM_JOINT_FREE);
  proprio_station_joint_intent_for_exercise (exercise, &intent);
  g_assert_cmpint (intent.phase, ==, PROPRIO_SIM_JOINT_FREE);

  proprio_exercise_start (exercise);
  proprio_station_joint_intent_for_exercise (exercise, &intent);
  g_assert_cmpint (intent.phase, ==, PROPRIO_SIM_JOINT_REST);
  g_assert_cmpfloat (intent.rest_deg, ==, 90.0);
  /* The same in the device's intent, for sim:angle. */
  proprio_station_intent_for_exercise (exercise, &sim);
  g_assert_true (sim.active);
  g_assert_cmpint (sim.joint.phase, ==, PROPRIO_SIM_JOINT_REST);
  g_assert_false (sim.recall);
}

typedef struct
{
  guint  n_trials, n_valid, n_still;
  double ce, ve, ae;
} RunSummary;

static void
run_knee_test (guint32     seed,
               RunSummary *out)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioDevice) device = proprio_device_new ("sim:angle", NULL);
  g_autoptr(GError) error = NULL;
  ProprioJpsProtocol *jps;
  ProprioMatchExercise *match;
  ProprioExerciseResult *result;
  ProprioJpsMetrics overall;
  Patient p;
  guint steps = 0;

  g_assert_nonnull (device);
  proprio_station_set_device (station, device);
  g_assert_cmpint (proprio_station_get_stream_kind (station), ==, PROPRIO_STREAM_ANGLE);
  g_assert_true (proprio_station_select_exercise (station, "jps-protocol", &error));
  jps = PROPRIO_JPS_PROTOCOL (proprio_station_get_exercise (station));
  match = PROPRIO_MATCH_EXERCISE (jps);
  /* The defaults: 45° and 60°, 3 trials each, random order, faded knowledge of results. */
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (match), ==, 2);
  g_assert_cmpuint (proprio_match_exercise_get_trials_per_target (match), ==, 3);
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);

  patient_init (&p, PROPRIO_SIM_ANGLE, 50.0, seed);
  while (proprio_station_is_running (station) && steps++ < 50 * 300)
    patient_step (&p, station, NULL);
  patient_clear (&p);

  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (jps)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  /* Six trials in about two minutes, as in a clinic. */
  g_test_message ("seed %u: the run took %.0f s", seed, steps / 50.0);
  g_assert_cmpuint (steps, <, 50 * 200);
  g_assert_cmpuint (g_list_model_get_n_items (proprio_station_get_results (station)), ==, 1);
  result = g_list_model_get_item (proprio_station_get_results (station), 0);
  g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "jps-protocol");
  g_object_unref (result);

  *out = (RunSummary) { 0, };
  out->n_trials = proprio_match_exercise_get_n_trials (match);
  for (guint i = 0; i < out->n_trials; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      g_test_message ("trial %u: target %.0f°, memorised %.1f°, reproduced %.1f°, error %+.1f°, "
                      "%s, KR %s, %.1f s", t->index, t->target[0], t->memorised[0],
                      t->reproduced[0], t->error[0],
                      t->validity == PROPRIO_MATCH_VALID
                      ? "valid" : proprio_match_validity_to_string (t->validity),
                      t->feedback_given ? "yes" : "no",
                      (t->registered_us - t->reproduce_us) / 1e6);
      if (t->validity != PROPRIO_MATCH_VALID)
        continue;
      out->n_valid++;
      out->n_still += t->registered_by == PROPRIO_MATCH_REGISTERED_STILL;
      /* Memorised on the target (within the tolerance), reproduced near it. */
      g_assert_cmpfloat (fabs (t->memorised[0] - t->target[0]), <=, 3.0);
      g_assert_cmpfloat (fabs (t->error[0]), <, 12.0);
      /* Moving, then holding for a second: not instantaneous. */
      g_assert_cmpint (t->registered_us - t->reproduce_us, >, 1500000);
      g_assert_cmpint (t->registered_us - t->reproduce_us, <, 8000000);
      /* Faded: KR after the first three trials only. */
      g_assert_cmpint (t->feedback_given, ==, i < 3);
    }
  proprio_jps_protocol_get_metrics (jps, -1, &overall);
  out->ce = overall.ce_deg;
  out->ve = overall.ve_deg;
  out->ae = overall.ae_deg;
  g_test_message ("seed %u: CE %+.2f°, AE %.2f°, VE %.2f°, E %.2f°", seed, overall.ce_deg,
                  overall.ae_deg, overall.ve_deg, overall.e_deg);
}

/* A 6-trial knee test with faded feedback on the simulated goniometer: every trial valid and
 * registered by stillness, errors of a few degrees as a patient makes. */
static void
test_knee_test (void)
{
  for (guint32 seed = 1; seed <= 4; seed++)
    {
      RunSummary s;

      run_knee_test (seed, &s);
      g_assert_cmpuint (s.n_trials, ==, 6);
      g_assert_cmpuint (s.n_valid, ==, 6);
      g_assert_cmpuint (s.n_still, ==, 6);
      g_assert_cmpfloat (fabs (s.ce), <, 6.0);
      /* A variable error: not the same reproduction every time, and not wild. */
      g_assert_cmpfloat (s.ve, >, 0.2);
      g_assert_cmpfloat (s.ve, <, 6.0);
      g_assert_cmpfloat (s.ae, >, 0.3);
      g_assert_cmpfloat (s.ae, <, 8.0);
    }
}

/* CoP position matching on the simulated board: memorise on the target with the dot, reproduce
 * near it without; radial errors of a patient, not of a machine. */
static void
test_cop_matching (void)
{
  g_autoptr(ProprioCopMatching) matching = proprio_cop_matching_new ();
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (matching);
  ProprioExercise *exercise = PROPRIO_EXERCISE (matching);
  ProprioJps2dMetrics m;
  guint steps = 0, hidden = 0, reproducing = 0;
  Patient p;

  patient_init (&p, PROPRIO_SIM_BALANCE, 100.0, 3);
  proprio_exercise_start (exercise);
  while (proprio_exercise_is_active (exercise) && steps++ < 100 * 300)
    {
      patient_step (&p, NULL, exercise);
      if (proprio_match_exercise_get_stage (match) == PROPRIO_MATCH_STAGE_REPRODUCE)
        {
          ProprioSimIntent intent;

          reproducing++;
          hidden += !proprio_exercise_get_feedback_visible (exercise);
          proprio_station_intent_for_exercise (exercise, &intent);
          g_assert_true (intent.recall);
          g_assert_true (intent.has_target);
        }
    }
  patient_clear (&p);
  g_assert_cmpint (proprio_exercise_get_phase (exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (reproducing, >, 0);
  g_assert_cmpuint (hidden, ==, reproducing);
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (match), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      g_test_message ("trial %u: target (%.0f, %.0f), reproduced (%.1f, %.1f), radial %.1f mm, %s",
                      t->index, t->target[0], t->target[1], t->reproduced[0], t->reproduced[1],
                      t->distance, t->validity == PROPRIO_MATCH_VALID
                                   ? "valid" : proprio_match_validity_to_string (t->validity));
    }
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (match), >=, 5);
  proprio_cop_matching_get_metrics (matching, -1, &m);
  g_test_message ("radial error %.1f mm (max %.1f), CE x %+.1f, y %+.1f mm", m.radial_mean,
                  m.radial_max, m.ce_x, m.ce_y);
  g_assert_cmpfloat (m.radial_mean, >, 2.0);
  g_assert_cmpfloat (m.radial_mean, <, 40.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jps-sim/joint-intent", test_joint_intent);
  g_test_add_func ("/jps-sim/knee-test-6-trials-faded", test_knee_test);
  g_test_add_func ("/jps-sim/cop-matching", test_cop_matching);
  return g_test_run ();
}
