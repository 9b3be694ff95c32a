/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The station without any window: it owns the device, the camera and the exercises, runs an
 * exercise to its end with nobody drawing, and keeps results whatever is selected. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "exercises/proprio-static-test.h"
#include "station/proprio-station.h"

#define RATE_HZ 100
#define STEP_US (G_USEC_PER_SEC / RATE_HZ)

typedef struct
{
  guint notify_device;
  guint notify_running;
  guint events;
  guint event_start;
} Counts;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Counts     *counts)
{
  if (g_str_equal (pspec->name, "device"))
    counts->notify_device++;
  else if (g_str_equal (pspec->name, "running"))
    counts->notify_running++;
}

static void
count_event_cb (ProprioStation       *station,
                ProprioExercise      *exercise,
                ProprioExerciseEvent  event,
                gint64                t_us,
                Counts               *counts)
{
  g_assert_true (PROPRIO_IS_EXERCISE (exercise));
  g_assert_cmpint (t_us, >, 0);
  counts->events++;
  if (event == PROPRIO_EXERCISE_EVENT_START)
    counts->event_start++;
}

static ProprioSample
make_sample (gint64 t_us,
             double x_mm,
             double y_mm)
{
  ProprioSample s = { 0 };

  s.t_us = t_us;
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  for (guint c = 0; c < 4; c++)
    s.values[c] = 17.5;
  s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = 70.0;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = x_mm;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = y_mm;
  return s;
}

static void
configure_short_static_test (ProprioStation *station)
{
  ProprioStaticTest *test = PROPRIO_STATIC_TEST (proprio_station_get_engine (station,
                                                                              "static-test"));
  const ProprioStaticCondition eyes_open = PROPRIO_STATIC_EYES_OPEN;

  proprio_static_test_set_conditions (test, &eyes_open, 1);
  proprio_static_test_set_duration (test, 1.0);
  proprio_static_test_set_countdown (test, 1.0);
}

static void
test_device (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  Counts counts = { 0 };
  ProprioDevice *first;

  g_signal_connect (station, "notify", G_CALLBACK (count_notify_cb), &counts);
  g_assert_null (proprio_station_get_device (station));
  g_assert_cmpint (proprio_station_get_stream_kind (station), ==, PROPRIO_STREAM_GENERIC);

  g_assert_true (proprio_station_set_device_spec (station, "sim:cyton", &error));
  g_assert_no_error (error);
  first = proprio_station_get_device (station);
  g_assert_cmpint (proprio_station_get_stream_kind (station), ==, PROPRIO_STREAM_EMG);
  g_assert_cmpuint (counts.notify_device, ==, 1);
  /* Connected at once: the reader thread is on its way. */
  g_assert_cmpint (proprio_device_get_state (first), !=, PROPRIO_DEVICE_STATE_DISCONNECTED);

  /* A bad spec is an error and keeps the device in use. */
  g_assert_false (proprio_station_set_device_spec (station, "sim:nothing", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (proprio_station_get_device (station) == first);
  g_assert_cmpuint (counts.notify_device, ==, 1);

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance?seed=2", &error));
  g_assert_cmpint (proprio_station_get_stream_kind (station), ==, PROPRIO_STREAM_BALANCE);
  g_assert_cmpuint (counts.notify_device, ==, 2);

  proprio_station_set_device (station, NULL);
  g_assert_null (proprio_station_get_device (station));
  g_assert_cmpuint (counts.notify_device, ==, 3);
}

static void
test_exercise_selection (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpstr (proprio_station_get_exercise_id (station), ==, "live");
  g_assert_null (proprio_station_get_exercise (station));
  g_assert_true (proprio_station_select_exercise (station, "los-test", &error));
  g_assert_true (proprio_station_get_exercise (station) ==
                 proprio_station_get_engine (station, "los-test"));
  g_object_get (station, "exercise-id", &id, NULL);
  g_assert_cmpstr (id, ==, "los-test");

  g_assert_false (proprio_station_select_exercise (station, "juggling", &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_cmpstr (proprio_station_get_exercise_id (station), ==, "los-test");

  /* No device that streams a centre of pressure: a clear refusal. */
  g_assert_false (proprio_station_start (station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_clear_error (&error);
  g_assert_false (proprio_station_is_running (station));

  /* Live has nothing to start. */
  g_assert_true (proprio_station_select_exercise (station, NULL, &error));
  g_assert_cmpstr (proprio_station_get_exercise_id (station), ==, "live");
  g_assert_false (proprio_station_start (station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_UNKNOWN);
}

static void
test_scripted_run_keeps_results (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  ProprioExercise *engine;
  Counts counts = { 0 };
  gint64 t = proprio_clock_now_us ();
  double path;

  /* Not connected: the samples come from the script only. */
  {
    g_autoptr(ProprioDevice) board = proprio_device_new ("sim:balance?seed=1", &error);

    g_assert_no_error (error);
    proprio_station_set_device (station, board);
  }
  g_signal_connect (station, "notify", G_CALLBACK (count_notify_cb), &counts);
  g_signal_connect (station, "exercise-event", G_CALLBACK (count_event_cb), &counts);
  configure_short_static_test (station);
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  engine = proprio_station_get_exercise (station);
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_station_is_running (station));
  g_assert_true (proprio_station_get_running (station) == engine);
  g_assert_cmpuint (counts.notify_running, ==, 1);

  /* Busy: another exercise and a second start are refused. */
  g_assert_false (proprio_station_select_exercise (station, "los-test", &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (proprio_station_start (station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY);
  g_clear_error (&error);

  for (guint i = 0; i < 250; i++, t += STEP_US)
    {
      double s = (double) i / RATE_HZ;
      ProprioSample sample = make_sample (t, 5.0 * sin (G_PI * s), 2.0 * cos (G_PI * s));

      proprio_station_push_samples (station, &sample, 1);
    }
  g_assert_cmpint (proprio_exercise_get_phase (engine), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_false (proprio_station_is_running (station));
  g_assert_null (proprio_station_get_running (station));
  g_assert_cmpuint (counts.notify_running, ==, 2);
  g_assert_cmpuint (counts.event_start, ==, 1);
  g_assert_cmpuint (counts.events, >=, 3);   /* countdown, start, stop, done */

  path = proprio_static_test_get_result (PROPRIO_STATIC_TEST (engine), 0)->metrics.path_length_mm;
  g_assert_cmpfloat (path, >, 5.0);

  /* The run is archived as a value with its settings, whatever happens to the engine next. */
  {
    GListModel *results = proprio_station_get_results (station);
    g_autoptr(ProprioExerciseResult) result = NULL;
    g_autofree char *json = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
    result = g_list_model_get_item (results, 0);
    g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "static-test");
    g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                     PROPRIO_EXERCISE_OUTCOME_DONE);
    json = proprio_exercise_result_to_json (result);
    g_assert_nonnull (strstr (json, "\"static-test\""));
  }

  /* Selecting others and coming back leaves the engine and its results alone. */
  g_assert_true (proprio_station_select_exercise (station, "weight-shift", NULL));
  g_assert_true (proprio_station_select_exercise (station, "live", NULL));
  g_assert_true (proprio_station_select_exercise (station, "static-test", NULL));
  g_assert_true (proprio_station_get_exercise (station) == engine);
  g_assert_cmpfloat (proprio_static_test_get_result (PROPRIO_STATIC_TEST (engine),
                                                     0)->metrics.path_length_mm, ==, path);

  /* A second run, stopped: both are kept, in order. */
  g_assert_true (proprio_station_start (station, NULL));
  g_assert_true (proprio_station_stop (station));
  g_assert_cmpuint (g_list_model_get_n_items (proprio_station_get_results (station)), ==, 2);
  {
    g_autoptr(ProprioExerciseResult) first = g_list_model_get_item (
      proprio_station_get_results (station), 0);
    g_autoptr(ProprioExerciseResult) second = g_list_model_get_item (
      proprio_station_get_results (station), 1);

    g_assert_cmpint (proprio_exercise_result_get_outcome (first), ==,
                     PROPRIO_EXERCISE_OUTCOME_DONE);
    g_assert_cmpint (proprio_exercise_result_get_outcome (second), ==,
                     PROPRIO_EXERCISE_OUTCOME_CANCELLED);
  }
}

static gboolean
done_or_timeout (ProprioExercise *engine,
                 gint64           deadline)
{
  return proprio_exercise_get_phase (engine) == PROPRIO_EXERCISE_PHASE_DONE ||
         proprio_clock_now_us () > deadline;
}

/* With no view at all (every window hidden or closed), the station's own pump feeds the running
 * exercise from the device's ring until it ends. */
static void
test_runs_without_views (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GError) error = NULL;
  ProprioExercise *engine;
  ProprioDevice *device;
  gint64 deadline;

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance?seed=3", &error));
  device = proprio_station_get_device (station);
  deadline = proprio_clock_now_us () + 5 * G_USEC_PER_SEC;
  while (proprio_device_get_state (device) != PROPRIO_DEVICE_STATE_STREAMING &&
         proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_STREAMING);

  configure_short_static_test (station);
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  engine = proprio_station_get_exercise (station);
  g_assert_true (proprio_station_start (station, &error));

  deadline = proprio_clock_now_us () + 10 * G_USEC_PER_SEC;
  while (!done_or_timeout (engine, deadline))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (proprio_exercise_get_phase (engine), ==, PROPRIO_EXERCISE_PHASE_DONE);
  {
    const ProprioStaticResult *result =
      proprio_static_test_get_result (PROPRIO_STATIC_TEST (engine), 0);

    g_assert_cmpint (result->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
    /* One second at the simulator's 100 Hz: every sample reached the exercise. */
    g_assert_cmpuint (result->n, >=, 95);
    g_assert_cmpuint (result->n, <=, 102);
  }
}

static void
test_device_switch_stops_exercise (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioDevice) board = proprio_device_new ("sim:balance", NULL);

  proprio_station_set_device (station, board);
  g_assert_true (proprio_station_select_exercise (station, "weight-shift", NULL));
  g_assert_true (proprio_station_start (station, NULL));
  g_assert_true (proprio_station_is_running (station));
  /* Samples of another device mean nothing to the exercise in progress. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:emg", NULL));
  g_assert_false (proprio_station_is_running (station));
  g_assert_cmpint (proprio_exercise_get_phase (proprio_station_get_exercise (station)), ==,
                   PROPRIO_EXERCISE_PHASE_CANCELLED);
}

static void
test_toggle (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioDevice) board = proprio_device_new ("sim:balance", NULL);

  proprio_station_set_device (station, board);
  proprio_station_toggle (station);          /* live: nothing to start */
  g_assert_false (proprio_station_is_running (station));
  g_assert_true (proprio_station_select_exercise (station, "static-test", NULL));
  proprio_station_toggle (station);
  g_assert_true (proprio_station_is_running (station));
  proprio_station_toggle (station);
  g_assert_false (proprio_station_is_running (station));
  g_assert_false (proprio_station_stop (station));
}

static gboolean
camera_playing (ProprioCamera *camera)
{
  return proprio_camera_get_state (camera) == PROPRIO_CAMERA_STATE_PLAYING;
}

static void
test_camera_holds (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  ProprioCamera *camera = proprio_station_get_camera (station);
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  g_assert_true (PROPRIO_IS_CAMERA (camera));
  g_assert_true (proprio_camera_set_spec (camera, "test", &error));
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);

  /* Two views on screen, one camera; it stops when the last one goes. */
  proprio_station_hold_camera (station);
  proprio_station_hold_camera (station);
  g_assert_cmpuint (proprio_station_get_camera_holds (station), ==, 2);
  deadline = proprio_clock_now_us () + 5 * G_USEC_PER_SEC;
  while (!camera_playing (camera) && proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (camera_playing (camera));

  proprio_station_release_camera (station);
  g_assert_true (camera_playing (camera));
  proprio_station_release_camera (station);
  deadline = proprio_clock_now_us () + 5 * G_USEC_PER_SEC;
  while (proprio_camera_get_state (camera) != PROPRIO_CAMERA_STATE_STOPPED &&
         proprio_clock_now_us () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  g_assert_cmpuint (proprio_station_get_camera_holds (station), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/station/device", test_device);
  g_test_add_func ("/station/exercise-selection", test_exercise_selection);
  g_test_add_func ("/station/scripted-run-keeps-results", test_scripted_run_keeps_results);
  g_test_add_func ("/station/runs-without-views", test_runs_without_views);
  g_test_add_func ("/station/device-switch-stops-exercise", test_device_switch_stops_exercise);
  g_test_add_func ("/station/toggle", test_toggle);
  g_test_add_func ("/station/camera-holds", test_camera_holds);
  return g_test_run ();
}
