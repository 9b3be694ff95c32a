/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The station's angle source on the camera: a scripted exercise of joint angles fed from the
 * marker tracking of the simulated leg, with no view at all; what refuses to start and why; and
 * when the camera is held and tracked. No display needed. */
#include "config.h"

#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "core/proprio-marker-sample.h"
#include "exercises/proprio-exercise-private.h"
#include "station/proprio-station.h"
#include "station/proprio-station-camera-angle-private.h"
#include "video/proprio-camera-private.h"

/* Generous: two busy cores, and ASan. */
#define WAIT_MS 20000

/* ---- a scripted exercise on an ANGLE stream ----
 *
 * A script of two phases, as a matching protocol has: "watch" for the first half of the run,
 * then "match" until its end (duration after the first sample). It keeps every sample it is fed
 * (time, angle or NaN, flags) and counts them per phase; a sample with no channels is invalid. */

#define TEST_TYPE_ANGLE_SCRIPT (test_angle_script_get_type ())
G_DECLARE_FINAL_TYPE (TestAngleScript, test_angle_script, TEST, ANGLE_SCRIPT, ProprioExercise)

struct _TestAngleScript
{
  ProprioExercise parent_instance;

  double  duration_s;
  gint64  first_us;
  gint64  end_us;
  GArray *fed;          /* ProprioSample */
  guint   in_phase[2];
};

G_DEFINE_FINAL_TYPE (TestAngleScript, test_angle_script, PROPRIO_TYPE_EXERCISE)

static void
script_start (ProprioExercise *exercise)
{
  TestAngleScript *self = TEST_ANGLE_SCRIPT (exercise);

  g_array_set_size (self->fed, 0);
  self->in_phase[0] = self->in_phase[1] = 0;
}

static gboolean
script_feed (ProprioExercise     *exercise,
             const ProprioSample *sample)
{
  TestAngleScript *self = TEST_ANGLE_SCRIPT (exercise);

  if (sample->n_channels < 1)
    return FALSE;
  if (proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_WAITING)
    {
      self->first_us = sample->t_us;
      self->end_us = sample->t_us + (gint64) (self->duration_s * G_USEC_PER_SEC);
      proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
      proprio_exercise_set_prompt (exercise, "Watch");
    }
  if (sample->t_us >= self->end_us)
    {
      proprio_exercise_finish (exercise, self->end_us);
      return TRUE;
    }
  if (sample->t_us >= self->first_us + (self->end_us - self->first_us) / 2)
    {
      proprio_exercise_set_prompt (exercise, "Match");
      self->in_phase[1]++;
    }
  else
    self->in_phase[0]++;
  g_array_append_val (self->fed, *sample);
  return TRUE;
}

static GVariant *
script_get_settings (ProprioExercise *exercise)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "duration-s", "d", TEST_ANGLE_SCRIPT (exercise)->duration_s);
  return g_variant_dict_end (&dict);
}

static GVariant *
script_get_results (ProprioExercise *exercise)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "n-samples", "u", TEST_ANGLE_SCRIPT (exercise)->fed->len);
  return g_variant_dict_end (&dict);
}

static void
script_finalize (GObject *object)
{
  g_array_unref (TEST_ANGLE_SCRIPT (object)->fed);
  G_OBJECT_CLASS (test_angle_script_parent_class)->finalize (object);
}

static void
test_angle_script_class_init (TestAngleScriptClass *klass)
{
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = script_finalize;
  exercise_class->stream_kind = PROPRIO_STREAM_ANGLE;
  exercise_class->id = "angle-script";
  exercise_class->title = "Watch, then match";
  exercise_class->start = script_start;
  exercise_class->feed = script_feed;
  exercise_class->get_settings = script_get_settings;
  exercise_class->get_results = script_get_results;
}

static void
test_angle_script_init (TestAngleScript *self)
{
  self->duration_s = 2.0;
  self->fed = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
}

/* ---- harness ---- */

typedef struct
{
  ProprioStation  *station;
  ProprioCamera   *camera;
  TestAngleScript *script;
} Harness;

static void
harness_init (Harness    *h,
              const char *camera_spec)
{
  g_autoptr(GError) error = NULL;

  h->station = proprio_station_new ();
  h->camera = proprio_station_get_camera (h->station);
  /* A camera found on the machine must not stand in for the simulated one. */
  proprio_camera_monitor_set_use_portal (proprio_station_get_camera_monitor (h->station), FALSE);
  g_assert_true (proprio_camera_set_spec (h->camera, camera_spec, &error));
  g_assert_no_error (error);
  h->script = g_object_new (TEST_TYPE_ANGLE_SCRIPT, NULL);
  _proprio_station_add_engine (h->station, "angle-script", PROPRIO_EXERCISE (h->script));
  g_assert_true (proprio_station_select_exercise (h->station, "angle-script", &error));
  g_assert_no_error (error);
}

static void
harness_clear (Harness *h)
{
  _proprio_camera_settle (h->camera);
  g_clear_object (&h->script);
  g_clear_object (&h->station);
}

static void
set_sim_colors (ProprioCamera *camera)
{
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      proprio_sim_camera_get_marker_color (m, &hsv);
      proprio_marker_tracker_set_color (proprio_camera_get_marker_tracker (camera), m, &hsv);
    }
}

/* Pumps the station as its views' frame clocks would, until the script's run ends. */
static void
run_until_done (Harness *h)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  while (proprio_station_is_running (h->station))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      proprio_station_update (h->station, proprio_clock_now_us ());
      g_usleep (5000);
    }
}

/* ---- tests ---- */

/* The camera source with nothing showing the camera: the station holds it for the run, the
 * tracker's samples reach the exercise with the frames' times, each angle within 2° of the leg
 * as drawn, and at the end the camera is let go and tracking stops. */
static void
test_feeds_exercise_from_camera (void)
{
  g_autoptr(GError) error = NULL;
  ProprioSimCamera *sim;
  GListModel *results;
  Harness h;
  guint with_angle = 0;
  double max_error = 0.0;

  harness_init (&h, "sim?size=320x180");
  sim = proprio_camera_get_sim (h.camera);
  set_sim_colors (h.camera);
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_CAMERA,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (proprio_station_get_angle_source (h.station), ==, PROPRIO_ANGLE_SOURCE_CAMERA);
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);
  g_assert_false (proprio_camera_get_tracking (h.camera));

  g_assert_true (proprio_station_start (h.station, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 1);
  g_assert_true (proprio_camera_get_tracking (h.camera));
  /* The station's own hold: the source is not refused to a view, and cannot change mid-run. */
  g_assert_false (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_DEVICE,
                                                    &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY);
  g_clear_error (&error);

  run_until_done (&h);
  g_assert_cmpint (proprio_exercise_get_phase (PROPRIO_EXERCISE (h.script)), ==,
                   PROPRIO_EXERCISE_PHASE_DONE);
  /* 2 s at 30 fps; a busy machine may skip a few frames. */
  g_test_message ("%u samples: %u watching, %u matching", h.script->fed->len,
                  h.script->in_phase[0], h.script->in_phase[1]);
  g_assert_cmpuint (h.script->fed->len, >=, 40);
  g_assert_cmpuint (h.script->in_phase[0], >=, 15);
  g_assert_cmpuint (h.script->in_phase[1], >=, 15);
  for (guint i = 0; i < h.script->fed->len; i++)
    {
      const ProprioSample *s = &g_array_index (h.script->fed, ProprioSample, i);
      ProprioMarkerSampleView view;
      double truth;

      g_assert_cmpuint (s->n_channels, ==, PROPRIO_MARKER_SAMPLE_N_CHANNELS);
      if (i > 0)
        g_assert_cmpint (s->t_us, >, (s - 1)->t_us);
      g_assert_true (proprio_marker_sample_unpack (s, &view));
      if (isnan (view.angle_deg))
        continue;
      with_angle++;
      g_assert_true (proprio_sim_camera_lookup_truth (sim, s->t_us, &truth));
      max_error = MAX (max_error, fabs (view.angle_deg - truth));
    }
  g_test_message ("%u with an angle, max error %.2f°", with_angle, max_error);
  g_assert_cmpuint (with_angle, ==, h.script->fed->len);
  g_assert_cmpfloat (max_error, <, 2.0);

  /* The run ended: the station's hold is let go, and with it the camera and the tracking. */
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  g_assert_cmpint (proprio_camera_get_state (h.camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  results = proprio_station_get_results (h.station);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  harness_clear (&h);
}

/* What cannot give angles is refused at start, in words, and nothing runs or is held. */
static void
test_refused_without_angles (void)
{
  g_autoptr(GError) error = NULL;
  Harness h;

  harness_init (&h, "sim?size=320x180");

  /* The device source with no goniometer. */
  g_assert_false (proprio_station_start (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "goniometer"));
  g_clear_error (&error);

  /* The camera source before the markers' colours are picked. */
  g_assert_true (proprio_station_set_angle_source (h.station, PROPRIO_ANGLE_SOURCE_CAMERA, NULL));
  g_assert_false (proprio_station_start (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "marker colours"));
  g_clear_error (&error);

  /* The camera source with the camera off. */
  set_sim_colors (h.camera);
  g_assert_true (proprio_camera_set_spec (h.camera, "none", NULL));
  g_assert_false (proprio_station_start (h.station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "no camera"));
  g_clear_error (&error);

  g_assert_false (proprio_station_is_running (h.station));
  g_assert_cmpuint (proprio_station_get_camera_holds (h.station), ==, 0);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  harness_clear (&h);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Tracking runs exactly while the camera is the source and something holds the camera. */
static void
test_tracking_follows_source_and_holds (void)
{
  Harness h;
  guint notified = 0;

  harness_init (&h, "sim?size=320x180");
  g_signal_connect_swapped (h.station, "notify::angle-source", G_CALLBACK (count_cb), &notified);

  proprio_station_hold_camera (h.station);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  g_object_set (h.station, "angle-source", PROPRIO_ANGLE_SOURCE_CAMERA, NULL);
  g_assert_true (proprio_camera_get_tracking (h.camera));
  proprio_station_release_camera (h.station);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  proprio_station_hold_camera (h.station);
  proprio_station_hold_camera (h.station);
  g_assert_true (proprio_camera_get_tracking (h.camera));
  proprio_station_release_camera (h.station);
  g_assert_true (proprio_camera_get_tracking (h.camera));
  g_object_set (h.station, "angle-source", PROPRIO_ANGLE_SOURCE_DEVICE, NULL);
  g_assert_false (proprio_camera_get_tracking (h.camera));
  /* The same source again is no change. */
  g_object_set (h.station, "angle-source", PROPRIO_ANGLE_SOURCE_DEVICE, NULL);
  proprio_station_release_camera (h.station);
  g_assert_cmpuint (notified, ==, 2);
  harness_clear (&h);
}

/* The simulated leg is told what the running exercise asks of a patient on every update: the
 * station's intent replaces whatever was set on the camera before. */
static void
test_update_gives_leg_its_intent (void)
{
  ProprioSimJointIntent intent = { PROPRIO_SIM_JOINT_MEMORISE, 45.0, 170.0 }, got;
  Harness h;

  harness_init (&h, "sim?size=320x180");
  proprio_camera_set_sim_intent (h.camera, &intent);
  proprio_sim_camera_get_intent (proprio_camera_get_sim (h.camera), &got);
  g_assert_cmpint (got.phase, ==, PROPRIO_SIM_JOINT_MEMORISE);
  proprio_station_update (h.station, proprio_clock_now_us ());
  proprio_sim_camera_get_intent (proprio_camera_get_sim (h.camera), &got);
  /* Nothing runs: the patient moves freely. */
  g_assert_cmpint (got.phase, ==, PROPRIO_SIM_JOINT_FREE);
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/station-camera-angle/feeds-exercise-from-camera",
                   test_feeds_exercise_from_camera);
  g_test_add_func ("/station-camera-angle/refused-without-angles", test_refused_without_angles);
  g_test_add_func ("/station-camera-angle/tracking-follows-source-and-holds",
                   test_tracking_follows_source_and_holds);
  g_test_add_func ("/station-camera-angle/update-gives-leg-its-intent",
                   test_update_gives_leg_its_intent);
  return g_test_run ();
}
