/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The station's third angle source: three points on a frozen frame. A scripted joint-position
 * protocol on the station's own engine, the placed angles pushed as the Joint position page
 * pushes them (the angle, the frozen frame's time), registered with the key: the trials carry
 * those angles and times and the metrics are the hand-computed ones. What is refused (no camera,
 * no points, not frozen, a frame frozen too early) leaves the trial running and unscored. No
 * display needed; the camera is a test pattern that nobody looks at. */
#include "config.h"

#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "exercises/proprio-jps-protocol.h"
#include "station/proprio-station.h"
#include "video/proprio-camera-private.h"

#define STEP_US (100 * G_TIME_SPAN_MILLISECOND)
/* Scripted time: the stages are timed on it, so a few hundred steps cover any stage. */
#define MAX_STEPS 400

typedef struct
{
  ProprioStation       *station;
  ProprioCamera        *camera;
  ProprioMatchExercise *engine;
  gint64                now_us;
} Harness;

static void
harness_init (Harness    *h,
              const char *camera_spec)
{
  static const double targets[] = { 45.0, 60.0 };
  g_autoptr(GError) error = NULL;

  h->station = proprio_station_new ();
  h->camera = proprio_station_get_camera (h->station);
  proprio_camera_monitor_set_use_portal (proprio_station_get_camera_monitor (h->station), FALSE);
  g_assert_true (proprio_camera_set_spec (h->camera, camera_spec, &error));
  g_assert_no_error (error);
  h->engine = PROPRIO_MATCH_EXERCISE (proprio_station_get_engine (h->station, "jps-protocol"));
  proprio_match_exercise_set_targets (h->engine, targets, G_N_ELEMENTS (targets));
  proprio_match_exercise_set_trials_per_target (h->engine, 2);
  proprio_match_exercise_set_order (h->engine, PROPRIO_MATCH_ORDER_BLOCKED, 1);
  /* "at-target" cannot work without a live angle: the stills run memorises by time. */
  proprio_match_exercise_set_memorise (h->engine, PROPRIO_MATCH_MEMORISE_AT_TARGET, 2.0, 3.0);
  proprio_match_exercise_set_register (h->engine, PROPRIO_MATCH_REGISTER_KEY, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (h->engine, PROPRIO_MATCH_FEEDBACK_NEVER, NULL, 0, 0);
  /* countdown, return, reproduce timeout (short: a stills run must not time out), KR, rest */
  proprio_match_exercise_set_timing (h->engine, 1.0, 1.0, 2.0, 1.0, 1.0);
  g_assert_true (proprio_station_select_exercise (h->station, "jps-protocol", &error));
  g_assert_no_error (error);
  h->now_us = proprio_clock_now_us ();
}

static void
harness_clear (Harness *h)
{
  _proprio_camera_settle (h->camera);
  g_clear_object (&h->station);
}

static void
step (Harness *h)
{
  h->now_us += STEP_US;
  proprio_station_update (h->station, h->now_us);
}

/* Steps the scripted clock until the protocol reaches @stage (or ends, for NONE). */
static void
run_to_stage (Harness           *h,
              ProprioMatchStage  stage)
{
  for (guint i = 0; i < MAX_STEPS; i++)
    {
      if (proprio_match_exercise_get_stage (h->engine) == stage &&
          (stage != PROPRIO_MATCH_STAGE_NONE || !proprio_station_is_running (h->station)))
        return;
      step (h);
    }
  g_error ("stage %d not reached (now %d)", stage, proprio_match_exercise_get_stage (h->engine));
}

static void
assert_not_measured (Harness    *h,
                     const char *words)
{
  g_autoptr(GError) error = NULL;
  guint n = proprio_match_exercise_get_n_trials (h->engine);

  g_assert_false (proprio_station_register (h->station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NOT_MEASURED);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, words));
  /* Refused is not scored: the trial goes on. */
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (h->engine), ==, n);
  g_assert_cmpint (proprio_match_exercise_get_stage (h->engine), ==,
                   PROPRIO_MATCH_STAGE_REPRODUCE);
}

static double
lookup_double (GVariant   *dict,
               const char *key)
{
  double value = NAN;

  g_assert_true (g_variant_lookup (dict, key, "d", &value));
  return value;
}

/* ---- tests ---- */

/* Four trials, each reproduction measured on a frozen frame taken while the limb was held and
 * registered some seconds later (the points take time to place, longer than the protocol's
 * reproduce timeout): each trial has the placed angle and the frame's time, and CE/AE are those
 * of the errors +4, −2 (45°) and +6, +1 (60°). */
static void
test_scores_placed_angles (void)
{
  static const double errors[] = { 4.0, -2.0, 6.0, 1.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioExerciseResult) result = NULL;
  GVariant *results;
  g_autoptr(GVariant) overall = NULL;
  g_autoptr(GVariant) targets = NULL;
  g_autoptr(GVariant) target = NULL;
  ProprioJpsMetrics m;
  const char *positions = NULL;
  Harness h;

  harness_init (&h, "test?size=320x180");
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_FROZEN_FRAME,
                                                   &error));
  g_assert_no_error (error);
  /* Before the run: the points placed once, on a frame frozen for it, then the video live. */
  proprio_station_set_frame_angle (h.station, 88.0, h.now_us - G_USEC_PER_SEC);
  proprio_station_set_frame_angle (h.station, 88.0, 0);
  g_assert_true (proprio_station_start (h.station, &error));
  g_assert_no_error (error);
  /* The run needs the camera whatever page is shown, but tracks nothing. */
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 1);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  g_assert_cmpint (proprio_match_exercise_get_positions (h.engine), ==,
                   PROPRIO_MATCH_POSITIONS_STILLS);

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      const ProprioMatchTrial *trial;
      ProprioMatchDisplay display;
      gint64 frozen_us;
      double angle;

      /* No live angle, yet the trial begins and memorising ends by time. */
      run_to_stage (&h, PROPRIO_MATCH_STAGE_MEMORISE);
      if (i == 0)
        {
          /* The memorised angle, measured on a frame frozen during memorising. */
          step (&h);
          proprio_station_set_frame_angle (h.station, 44.5, h.now_us - 30000);
          step (&h);
          g_assert_true (proprio_station_register (h.station, &error));
          g_assert_no_error (error);
          g_assert_cmpint (proprio_match_exercise_get_stage (h.engine), ==,
                           PROPRIO_MATCH_STAGE_RETURN);
          /* Frozen during memorising: too early for the reproduction. */
          run_to_stage (&h, PROPRIO_MATCH_STAGE_REPRODUCE);
          assert_not_measured (&h, "before the reproduction began");
          proprio_station_set_frame_angle (h.station, 44.5, 0);
        }
      run_to_stage (&h, PROPRIO_MATCH_STAGE_REPRODUCE);
      proprio_match_exercise_get_display (h.engine, &display);
      angle = display.target[0] + errors[i];

      /* Still live: nothing measured to register. */
      step (&h);
      assert_not_measured (&h, "Freeze the video");
      /* Frozen now, the points moved off the limb: not placed. */
      step (&h);
      frozen_us = h.now_us - 20000;
      proprio_station_set_frame_angle (h.station, NAN, frozen_us);
      assert_not_measured (&h, "Place the three points");
      /* Placing the points takes longer than the reproduce timeout: no timeout with stills. */
      for (guint s = 0; s < 35; s++)
        {
          step (&h);
          proprio_station_set_frame_angle (h.station, angle + (34 - s) * 0.5, frozen_us);
        }
      g_assert_cmpint (proprio_match_exercise_get_stage (h.engine), ==,
                       PROPRIO_MATCH_STAGE_REPRODUCE);
      g_assert_true (proprio_station_register (h.station, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (proprio_match_exercise_get_n_trials (h.engine), ==, i + 1);
      trial = proprio_match_exercise_get_trial (h.engine, i);
      g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_VALID);
      g_assert_cmpint (trial->registered_by, ==, PROPRIO_MATCH_REGISTERED_KEY);
      g_assert_cmpfloat_with_epsilon (trial->reproduced[0], angle, 1e-9);
      g_assert_cmpfloat_with_epsilon (trial->error[0], errors[i], 1e-9);
      /* The frame's time, not the key's. */
      g_assert_cmpint (trial->registered_us, ==, frozen_us);
      if (i == 0)
        g_assert_cmpfloat_with_epsilon (trial->memorised[0], 44.5, 1e-9);
      else
        g_assert_true (isnan (trial->memorised[0]));
      /* Unfrozen for the next trial. */
      proprio_station_set_frame_angle (h.station, angle, 0);
    }
  run_to_stage (&h, PROPRIO_MATCH_STAGE_NONE);
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (h.engine)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);

  proprio_jps_protocol_get_metrics (PROPRIO_JPS_PROTOCOL (h.engine), -1, &m);
  g_assert_cmpuint (m.n, ==, 4);
  g_assert_cmpfloat_with_epsilon (m.ce_deg, 2.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.ae_deg, 3.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.ve_deg, sqrt (36.75 / 4.0), 1e-9);
  /* The run's result, as the station keeps it. */
  g_assert_cmpuint (g_list_model_get_n_items (proprio_station_get_results (h.station)), ==, 1);
  result = g_list_model_get_item (proprio_station_get_results (h.station), 0);
  results = proprio_exercise_result_get_results (result);
  g_assert_true (g_variant_lookup (results, "positions", "&s", &positions));
  g_assert_cmpstr (positions, ==, "stills");
  overall = g_variant_lookup_value (results, "overall", G_VARIANT_TYPE_VARDICT);
  g_assert_cmpfloat_with_epsilon (lookup_double (overall, "ce-deg"), 2.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (lookup_double (overall, "ae-deg"), 3.25, 1e-9);
  targets = g_variant_lookup_value (results, "targets", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_cmpuint (g_variant_n_children (targets), ==, 2);
  target = g_variant_get_child_value (targets, 1);
  g_assert_cmpfloat_with_epsilon (lookup_double (target, "target-deg"), 60.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lookup_double (target, "ce-deg"), 3.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (lookup_double (target, "ae-deg"), 3.5, 1e-9);
  harness_clear (&h);
}

/* No camera, or no points placed yet: refused at the start in words, nothing runs. */
static void
test_refused_at_start (void)
{
  g_autoptr(GError) error = NULL;
  Harness h;

  harness_init (&h, "test?size=320x180");
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_FROZEN_FRAME,
                                                   NULL));
  g_assert_false (proprio_station_start (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "Place the three points"));
  g_clear_error (&error);

  proprio_station_set_frame_angle (h.station, 70.0, 0);
  g_assert_true (proprio_camera_set_spec (h.camera, "none", NULL));
  g_assert_false (proprio_station_start (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "no camera"));
  g_clear_error (&error);

  g_assert_false (proprio_station_is_running (h.station));
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);
  /* Nothing runs: the key has nothing to register. */
  g_assert_false (proprio_station_register (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NOT_MEASURED);
  harness_clear (&h);
}

/* Back on a streaming source, the same engine runs with a stream again. */
static void
test_device_source_streams_again (void)
{
  g_autoptr(GError) error = NULL;
  Harness h;

  harness_init (&h, "test?size=320x180");
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_FROZEN_FRAME,
                                                   NULL));
  proprio_station_set_frame_angle (h.station, 70.0, 0);
  g_assert_true (proprio_station_start (h.station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_stop (h.station));
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_DEVICE, NULL));
  g_assert_true (proprio_station_set_device_spec (h.station, "sim:angle", &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_start (h.station, &error));
  g_assert_no_error (error);
  g_assert_cmpint (proprio_match_exercise_get_positions (h.engine), ==,
                   PROPRIO_MATCH_POSITIONS_STREAM);
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);
  proprio_station_stop (h.station);
  proprio_station_disconnect_device (h.station);
  harness_clear (&h);
}

/* The engine itself: with stills it starts and runs without a single sample, refuses what is
 * not a measured position, and a plain key press in the reproduction scores nothing. */
static void
test_engine_stills (void)
{
  g_autoptr(ProprioJpsProtocol) jps = proprio_jps_protocol_new ();
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (jps);
  ProprioSample sample = { .n_channels = 1 };
  gint64 t = 1000 * G_USEC_PER_SEC, reproduce_us = 0;

  proprio_match_exercise_set_positions (match, PROPRIO_MATCH_POSITIONS_STILLS);
  proprio_match_exercise_set_timing (match, 0.0, 0.0, 2.0, 1.0, 0.0);
  proprio_match_exercise_set_memorise (match, PROPRIO_MATCH_MEMORISE_TIMED, 1.0, 3.0);
  proprio_exercise_start (PROPRIO_EXERCISE (jps));
  /* Not even a register sample before the run began. */
  sample.t_us = t;
  sample.values[0] = 50.0;
  g_assert_false (proprio_match_exercise_register_sample (match, &sample));
  for (guint i = 0; i < 100 && proprio_match_exercise_get_stage (match) !=
       PROPRIO_MATCH_STAGE_REPRODUCE; i++)
    {
      t += STEP_US;
      proprio_exercise_tick (PROPRIO_EXERCISE (jps), t);
      if (reproduce_us == 0 &&
          proprio_match_exercise_get_stage (match) == PROPRIO_MATCH_STAGE_REPRODUCE)
        reproduce_us = t;
    }
  g_assert_cmpint (proprio_match_exercise_get_stage (match), ==, PROPRIO_MATCH_STAGE_REPRODUCE);

  /* The key alone has no position to take: refused, nothing scored. */
  g_assert_false (proprio_match_exercise_register (match));
  sample.t_us = t;
  sample.values[0] = NAN;
  g_assert_false (proprio_match_exercise_register_sample (match, &sample));
  sample.values[0] = INFINITY;
  g_assert_false (proprio_match_exercise_register_sample (match, &sample));
  sample.n_channels = 0;
  sample.values[0] = 50.0;
  g_assert_false (proprio_match_exercise_register_sample (match, &sample));
  /* Measured before the reproduction began (during memorising, 2 s ago). */
  sample.n_channels = 1;
  sample.t_us = t - 2 * G_USEC_PER_SEC;
  g_assert_false (proprio_match_exercise_register_sample (match, &sample));
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (match), ==, 0);

  /* Long past the timeout the trial still waits; a measured angle scores it. */
  for (guint i = 0; i < 50; i++)
    {
      t += STEP_US;
      proprio_exercise_tick (PROPRIO_EXERCISE (jps), t);
    }
  g_assert_cmpint (proprio_match_exercise_get_stage (match), ==, PROPRIO_MATCH_STAGE_REPRODUCE);
  sample.t_us = t - 4 * G_USEC_PER_SEC;
  sample.values[0] = 51.5;
  g_assert_true (proprio_match_exercise_register_sample (match, &sample));
  g_assert_cmpuint (proprio_match_exercise_get_n_trials (match), ==, 1);
  g_assert_cmpfloat (proprio_match_exercise_get_trial (match, 0)->reproduced[0], ==, 51.5);
  g_assert_cmpint (proprio_match_exercise_get_trial (match, 0)->registered_us, ==, sample.t_us);
  proprio_exercise_stop (PROPRIO_EXERCISE (jps));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/station-frozen-frame/scores-placed-angles", test_scores_placed_angles);
  g_test_add_func ("/station-frozen-frame/refused-at-start", test_refused_at_start);
  g_test_add_func ("/station-frozen-frame/engine-stills", test_engine_stills);
  g_test_add_func ("/station-frozen-frame/device-source-streams-again",
                   test_device_source_streams_again);
  return g_test_run ();
}
