/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Centre-of-pressure position matching driven by scripted balance samples at 100 Hz: the target
 * shown while memorising and hidden (with the dot) while reproducing, the radial error and the
 * constant error per axis against hand-computed values, stepping off the board. */
#include "config.h"

#include <math.h>

#include "exercises/proprio-cop-matching.h"

#define STEP_US G_GINT64_CONSTANT (10000)

typedef struct
{
  ProprioCopMatching   *cop;
  ProprioExercise      *exercise;
  ProprioMatchExercise *match;
  gint64                t_us;
} Rig;

static void
rig_init (Rig *rig)
{
  rig->cop = proprio_cop_matching_new ();
  rig->exercise = PROPRIO_EXERCISE (rig->cop);
  rig->match = PROPRIO_MATCH_EXERCISE (rig->cop);
  rig->t_us = 2 * G_USEC_PER_SEC;
}

static void
rig_configure (Rig *rig)
{
  static const double targets[] = { 60.0, 0.0, 0.0, 40.0 };

  proprio_match_exercise_set_targets (rig->match, targets, 2);
  proprio_match_exercise_set_trials_per_target (rig->match, 1);
  proprio_match_exercise_set_order (rig->match, PROPRIO_MATCH_ORDER_BLOCKED, 1);
  proprio_match_exercise_set_memorise (rig->match, PROPRIO_MATCH_MEMORISE_AT_TARGET, 1.0, 15.0);
  proprio_match_exercise_set_register (rig->match, PROPRIO_MATCH_REGISTER_STILL, 12.0, 1.0, 20.0);
  proprio_match_exercise_set_feedback (rig->match, PROPRIO_MATCH_FEEDBACK_ALWAYS, NULL, 0, 0);
  proprio_match_exercise_set_timing (rig->match, 0.0, 1.0, 10.0, 1.0, 1.0);
}

/* One balance sample: a CoP, or nobody on the board (x NaN). */
static void
step (Rig    *rig,
      double  x,
      double  y)
{
  ProprioSample sample = { 0, };

  sample.t_us = rig->t_us;
  sample.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  for (guint i = 0; i < 4; i++)
    sample.values[i] = isnan (x) ? 0.5 : 17.5;
  sample.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = isnan (x) ? 2.0 : 70.0;
  if (!isnan (x))
    {
      sample.flags = PROPRIO_SAMPLE_HAS_COP;
      sample.values[PROPRIO_BALANCE_CHANNEL_COP_X] = x;
      sample.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = y;
    }
  proprio_exercise_feed (rig->exercise, &sample);
  proprio_exercise_tick (rig->exercise, rig->t_us);
  rig->t_us += STEP_US;
}

static ProprioMatchStage
stage (Rig *rig)
{
  return proprio_match_exercise_get_stage (rig->match);
}

static gboolean
hold_until (Rig               *rig,
            double             x,
            double             y,
            ProprioMatchStage  wanted,
            double             max_s)
{
  for (guint i = 0; i < (guint) (max_s * 100) && stage (rig) != wanted; i++)
    step (rig, x, y);
  return stage (rig) == wanted;
}

static void
hold (Rig    *rig,
      double  x,
      double  y,
      double  seconds)
{
  for (guint i = 0; i < (guint) llround (seconds * 100); i++)
    step (rig, x, y);
}

/* Two trials: the target drawn while memorising only, the dot hidden in the reproduction, the
 * radial and per-axis errors exact. */
static void
test_two_trials (void)
{
  Rig rig;
  const ProprioTarget *targets;
  guint n_targets = 0;
  ProprioJps2dMetrics m;
  const ProprioMatchTrial *t;

  rig_init (&rig);
  rig_configure (&rig);
  proprio_exercise_start (rig.exercise);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Step onto the board");
  /* Nobody on the board: still waiting. */
  hold (&rig, NAN, NAN, 0.5);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);

  g_assert_true (hold_until (&rig, 0.0, 0.0, PROPRIO_MATCH_STAGE_MEMORISE, 1));
  targets = proprio_exercise_get_targets (rig.exercise, &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpfloat (targets[0].x_mm, ==, 60.0);
  g_assert_cmpfloat (targets[0].radius_mm, ==, 15.0);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_ACTIVE);
  hold (&rig, 55.0, 3.0, 0.5);
  targets = proprio_exercise_get_targets (rig.exercise, &n_targets);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_DWELLING);
  g_assert_cmpfloat (targets[0].progress, >, 0.4);

  g_assert_true (hold_until (&rig, 55.0, 3.0, PROPRIO_MATCH_STAGE_RETURN, 2));
  g_assert_false (proprio_exercise_get_feedback_visible (rig.exercise));
  proprio_exercise_get_targets (rig.exercise, &n_targets);
  g_assert_cmpuint (n_targets, ==, 0);
  g_assert_true (hold_until (&rig, 0.0, 0.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_false (proprio_exercise_get_feedback_visible (rig.exercise));
  /* The dot is hidden; the eyes may stay open. */
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Reproduce the position");
  /* From memory, 8 mm short and 6 mm forward of the target: a radial error of 10 mm. */
  g_assert_true (hold_until (&rig, 52.0, 6.0, PROPRIO_MATCH_STAGE_RESULT, 2));
  g_assert_true (proprio_exercise_get_feedback_visible (rig.exercise));
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==,
                   "Registered: 10 mm from the target");
  targets = proprio_exercise_get_targets (rig.exercise, &n_targets);
  g_assert_cmpuint (n_targets, ==, 1);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_HIT);

  /* Trial 2: 40 mm forward, reproduced 24 mm right of it: outside the tolerance. */
  g_assert_true (hold_until (&rig, 0.0, 40.0, PROPRIO_MATCH_STAGE_RETURN, 5));
  g_assert_true (hold_until (&rig, 0.0, 0.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  g_assert_true (hold_until (&rig, 24.0, 40.0, PROPRIO_MATCH_STAGE_RESULT, 2));
  targets = proprio_exercise_get_targets (rig.exercise, &n_targets);
  g_assert_cmpint (targets[0].state, ==, PROPRIO_TARGET_MISSED);
  hold (&rig, 0.0, 0.0, 1.5);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_DONE);

  t = proprio_match_exercise_get_trial (rig.match, 0);
  g_assert_cmpfloat (t->error[0], ==, -8.0);
  g_assert_cmpfloat (t->error[1], ==, 6.0);
  g_assert_cmpfloat (t->distance, ==, 10.0);
  g_assert_cmpfloat (t->memorised[0], ==, 55.0);
  g_assert_cmpfloat (t->memorised[1], ==, 3.0);
  proprio_cop_matching_get_metrics (rig.cop, -1, &m);
  g_assert_cmpuint (m.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.ce_x, (-8.0 + 24.0) / 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.ce_y, 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.radial_mean, 17.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.radial_max, 24.0, 1e-12);
  proprio_cop_matching_get_metrics (rig.cop, 1, &m);
  g_assert_cmpuint (m.n, ==, 1);
  g_assert_cmpfloat_with_epsilon (m.radial_mean, 24.0, 1e-12);
  {
    g_autoptr(ProprioExerciseResult) result = proprio_exercise_dup_result (rig.exercise);
    g_autoptr(GVariant) overall = g_variant_lookup_value (
      proprio_exercise_result_get_results (result), "overall", G_VARIANT_TYPE_VARDICT);
    double radial = NAN;

    g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "cop-matching");
    g_assert_true (g_variant_lookup (overall, "radial-error-mm", "d", &radial));
    g_assert_cmpfloat_with_epsilon (radial, 17.0, 1e-12);
  }
  g_object_unref (rig.cop);
}

/* Off the board for more than a second while reproducing: the trial is not scored. */
static void
test_step_off (void)
{
  Rig rig;

  rig_init (&rig);
  rig_configure (&rig);
  proprio_exercise_start (rig.exercise);
  g_assert_true (hold_until (&rig, 60.0, 0.0, PROPRIO_MATCH_STAGE_RETURN, 3));
  g_assert_true (hold_until (&rig, 0.0, 0.0, PROPRIO_MATCH_STAGE_REPRODUCE, 2));
  hold (&rig, 30.0, 0.0, 0.2);
  hold (&rig, NAN, NAN, 1.2);
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (rig.match), ==, 1);
  g_assert_cmpint (proprio_match_exercise_get_trial (rig.match, 0)->validity, ==,
                   PROPRIO_MATCH_INVALID_LOST);
  /* The next trial waits for the patient to step back on. */
  hold (&rig, NAN, NAN, 2.0);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_assert_cmpstr (proprio_exercise_get_prompt (rig.exercise), ==, "Step onto the board");
  step (&rig, 0.0, 0.0);
  g_assert_cmpint (stage (&rig), ==, PROPRIO_MATCH_STAGE_MEMORISE);
  g_object_unref (rig.cop);
}

/* A sample that claims a CoP it does not carry is a fault, not an empty board. */
static void
test_invalid_sample (void)
{
  Rig rig;
  ProprioSample sample = { 0, };

  rig_init (&rig);
  proprio_exercise_start (rig.exercise);
  sample.t_us = rig.t_us;
  sample.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  sample.flags = PROPRIO_SAMPLE_HAS_COP;
  sample.values[PROPRIO_BALANCE_CHANNEL_COP_X] = NAN;
  proprio_exercise_feed (rig.exercise, &sample);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (rig.exercise), ==, 1);
  g_assert_cmpint (proprio_exercise_get_phase (rig.exercise), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_object_unref (rig.cop);
}

/* The settings speak millimetres and two axes. */
static void
test_settings (void)
{
  g_autoptr(ProprioCopMatching) cop = proprio_cop_matching_new ();
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (PROPRIO_EXERCISE (cop));
  g_autoptr(GVariant) targets = g_variant_lookup_value (settings, "targets-mm",
                                                        G_VARIANT_TYPE ("a(dd)"));
  g_autoptr(GError) error = NULL;
  double tolerance = 0, x = 1, y = 1;
  GVariantDict dict;

  g_assert_nonnull (targets);
  g_assert_cmpuint (g_variant_n_children (targets), ==, 3);
  g_assert_true (g_variant_lookup (settings, "tolerance-mm", "d", &tolerance));
  g_assert_cmpfloat (tolerance, ==, 15.0);
  g_assert_true (g_variant_lookup (settings, "start-mm", "(dd)", &x, &y));
  g_assert_cmpfloat (x, ==, 0.0);
  g_assert_cmpfloat (y, ==, 0.0);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert_value (&dict, "targets-mm",
                               g_variant_new_parsed ("[(30.0, 2000.0)]"));
  g_assert_false (proprio_exercise_apply_settings (PROPRIO_EXERCISE (cop),
                                                   g_variant_dict_end (&dict), &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_clear_error (&error);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert_value (&dict, "targets-mm",
                               g_variant_new_parsed ("[(30.0, 20.0), (-40.0, 0.0)]"));
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (cop),
                                                  g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_match_exercise_get_n_targets (PROPRIO_MATCH_EXERCISE (cop)), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cop-matching/two-trials", test_two_trials);
  g_test_add_func ("/cop-matching/step-off", test_step_off);
  g_test_add_func ("/cop-matching/invalid-sample", test_invalid_sample);
  g_test_add_func ("/cop-matching/settings", test_settings);
  return g_test_run ();
}
