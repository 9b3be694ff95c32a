/* SPDX-License-Identifier: GPL-3.0-or-later */
/* MVC calibration: the schedule, prompts and exact MVCs from scripted envelopes; one channel,
 * a failed channel, a stopped run, settings; then through the station on a simulated Cyton. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "exercises/proprio-mvc-calibration.h"
#include "station/proprio-station.h"

#include "proprio-test-pty.h"

#define RATE_HZ  100
#define STEP_US  (G_USEC_PER_SEC / RATE_HZ)
#define T0_US    G_GINT64_CONSTANT (10000000)
#define N_CH     5   /* two raw, one other, two envelopes (channels 3 and 4) */

typedef struct
{
  guint countdown, start, stop, done;
  guint finished;
} Events;

static void
event_cb (ProprioExercise      *exercise,
          ProprioExerciseEvent  event,
          gint64                t_us,
          Events               *events)
{
  switch (event)
    {
    case PROPRIO_EXERCISE_EVENT_COUNTDOWN: events->countdown++; break;
    case PROPRIO_EXERCISE_EVENT_START: events->start++; break;
    case PROPRIO_EXERCISE_EVENT_STOP: events->stop++; break;
    case PROPRIO_EXERCISE_EVENT_DONE: events->done++; break;
    default: break;
    }
}

static void
finished_cb (ProprioExercise       *exercise,
             ProprioExerciseResult *result,
             Events                *events)
{
  events->finished++;
}

static ProprioMvcCalibration *
engine_new (void)
{
  static const guint envelopes[] = { 3, 4 };
  static const char * const names[] = { "ch1_uv", "ch2_uv" };
  ProprioMvcCalibration *mvc = proprio_mvc_calibration_new ();
  g_autoptr(GError) error = NULL;
  GVariantDict dict;

  proprio_mvc_calibration_set_channels (mvc, envelopes, names, 2);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "contractions", "u", 3);
  g_variant_dict_insert (&dict, "contraction-s", "d", 3.0);
  g_variant_dict_insert (&dict, "rest-s", "d", 5.0);
  g_variant_dict_insert (&dict, "countdown-s", "d", 2.0);
  g_variant_dict_insert (&dict, "window-s", "d", 1.0);
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (mvc),
                                                  g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  return mvc;
}

/* Scripted envelopes: countdown 2 s from T0, contraction k at T0 + 2 + 8k s for 3 s. Inside
 * contraction k ch1 holds a plateau p1[k] from 0.5 s to 2 s in (50 µV around it), so its best
 * 1 s window is exactly the plateau; ch2 holds p2[k] throughout. 10 µV at rest. */
static const double p1[] = { 300.0, 360.0, 330.0 };
static const double p2[] = { 80.0, 100.0, 90.0 };

static ProprioSample
scripted (gint64 t_us)
{
  ProprioSample s = { 0 };
  gint64 rel = t_us - T0_US - 2 * G_USEC_PER_SEC;

  s.t_us = t_us;
  s.n_channels = N_CH;
  s.values[0] = 1.0;
  s.values[1] = -1.0;
  s.values[2] = 0.5;
  s.values[3] = 10.0;
  s.values[4] = 10.0;
  if (rel >= 0)
    {
      guint k = rel / (8 * G_USEC_PER_SEC);
      gint64 in = rel % (8 * G_USEC_PER_SEC);

      if (k < 3 && in < 3 * G_USEC_PER_SEC)
        {
          s.values[3] = in >= 500000 && in < 2000000 ? p1[k] : 50.0;
          s.values[4] = p2[k];
        }
    }
  return s;
}

static void
feed_until (ProprioExercise *exercise,
            gint64          *t_us,
            gint64           until_us)
{
  for (; *t_us < until_us; *t_us += STEP_US)
    {
      ProprioSample s = scripted (*t_us);

      proprio_exercise_feed (exercise, &s);
    }
  proprio_exercise_tick (exercise, *t_us - STEP_US);
}

static void
test_scripted (void)
{
  g_autoptr(ProprioMvcCalibration) mvc = engine_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (mvc);
  g_autoptr(ProprioEmgCalibration) calibration = NULL;
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) channels = NULL;
  Events events = { 0 };
  const double *best;
  const char *message;
  guint n_best;
  double value;
  gint64 t = T0_US;

  g_assert_cmpint (proprio_exercise_get_stream_kind (ex), ==, PROPRIO_STREAM_EMG);
  g_assert_cmpstr (proprio_exercise_get_id (ex), ==, "mvc-calibration");
  g_signal_connect (mvc, "event", G_CALLBACK (event_cb), &events);
  g_signal_connect (mvc, "finished", G_CALLBACK (finished_cb), &events);

  proprio_exercise_start (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 2");

  feed_until (ex, &t, T0_US + 500000);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 2");
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0_US + 500000), 1.5, 1e-9);
  feed_until (ex, &t, T0_US + 1500000);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Get ready… 1");
  g_assert_cmpuint (events.countdown, ==, 2);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 0);

  /* First contraction, 0.5 s in: 2.5 s left, shown as 3. */
  feed_until (ex, &t, T0_US + 2500000 + STEP_US);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_RUNNING);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Squeeze as hard as you can — 3");
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 1);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0_US + 3750000), 1.25,
                                  1e-9);
  g_assert_cmpuint (events.start, ==, 1);

  /* Resting after it. */
  feed_until (ex, &t, T0_US + 6000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  g_assert_cmpstr (proprio_exercise_get_prompt (ex), ==, "Rest");
  g_assert_cmpuint (events.stop, ==, 1);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 0);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0_US + 6000000), 4.0,
                                  1e-9);

  /* Second contraction. */
  feed_until (ex, &t, T0_US + 11000000);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 2);

  /* The third ends at T0 + 21 s: the first sample at or after it finishes the run. */
  feed_until (ex, &t, T0_US + 21000000);
  g_assert_true (proprio_exercise_is_active (ex));
  feed_until (ex, &t, T0_US + 21000000 + STEP_US);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (events.start, ==, 3);
  g_assert_cmpuint (events.stop, ==, 3);
  g_assert_cmpuint (events.done, ==, 1);
  g_assert_cmpuint (events.finished, ==, 1);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, t), ==, -1.0);

  /* Exact: the mean of the best windows. */
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 0, &value, &best, &n_best, &message),
                   ==, PROPRIO_MVC_STATUS_DONE);
  g_assert_cmpfloat_with_epsilon (value, 330.0, 1e-9);
  g_assert_cmpuint (n_best, ==, 3);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (best[k], p1[k], 1e-9);
  g_assert_null (message);
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 1, &value, NULL, NULL, NULL),
                   ==, PROPRIO_MVC_STATUS_DONE);
  g_assert_cmpfloat_with_epsilon (value, 90.0, 1e-9);

  calibration = proprio_mvc_calibration_dup_calibration (mvc);
  g_assert_nonnull (calibration);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (calibration), ==, 2);
  g_assert_true (proprio_emg_calibration_lookup (calibration, "ch1_uv", &value));
  g_assert_cmpfloat_with_epsilon (value, 330.0, 1e-9);

  /* The result as a value: what a session file keeps. */
  result = proprio_exercise_dup_result (ex);
  g_assert_nonnull (result);
  {
    GVariant *figures = proprio_exercise_result_get_results (result);
    guint completed = 0;
    double window = 0;
    g_autoptr(GVariant) starts = NULL;
    g_autoptr(GVariant) calib = NULL;
    g_autoptr(GVariant) ch = NULL;
    g_autoptr(GVariant) best_v = NULL;
    const char *name = NULL, *status = NULL;
    const double *b;
    gsize n;

    g_assert_true (g_variant_lookup (figures, "completed", "u", &completed));
    g_assert_cmpuint (completed, ==, 3);
    g_assert_true (g_variant_lookup (figures, "window-s", "d", &window));
    g_assert_cmpfloat (window, ==, 1.0);
    starts = g_variant_lookup_value (figures, "contraction-start-us", G_VARIANT_TYPE ("ax"));
    g_assert_nonnull (starts);
    g_assert_cmpuint (g_variant_n_children (starts), ==, 3);
    {
      gint64 s1;

      g_variant_get_child (starts, 1, "x", &s1);
      g_assert_cmpint (s1, ==, T0_US + 10000000);
    }
    channels = g_variant_lookup_value (figures, "channels", G_VARIANT_TYPE ("aa{sv}"));
    g_assert_nonnull (channels);
    g_assert_cmpuint (g_variant_n_children (channels), ==, 2);
    ch = g_variant_get_child_value (channels, 0);
    g_assert_true (g_variant_lookup (ch, "name", "&s", &name));
    g_assert_cmpstr (name, ==, "ch1_uv");
    g_assert_true (g_variant_lookup (ch, "status", "&s", &status));
    g_assert_cmpstr (status, ==, "done");
    g_assert_true (g_variant_lookup (ch, "mvc-uv", "d", &value));
    g_assert_cmpfloat_with_epsilon (value, 330.0, 1e-9);
    best_v = g_variant_lookup_value (ch, "best-uv", G_VARIANT_TYPE ("ad"));
    b = g_variant_get_fixed_array (best_v, &n, sizeof (double));
    g_assert_cmpuint (n, ==, 3);
    g_assert_cmpfloat_with_epsilon (b[1], 360.0, 1e-9);
    calib = g_variant_lookup_value (figures, "calibration", G_VARIANT_TYPE ("a{sd}"));
    g_assert_nonnull (calib);
    g_assert_true (g_variant_lookup (calib, "ch2_uv", "d", &value));
    g_assert_cmpfloat_with_epsilon (value, 90.0, 1e-9);
  }
}

/* One chosen channel; a channel without a usable envelope fails, the other still calibrates. */
static void
test_one_channel_and_failure (void)
{
  g_autoptr(ProprioMvcCalibration) mvc = engine_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (mvc);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgCalibration) calibration = NULL;
  static const guint envelopes[] = { 3, 7 };
  static const char * const names[] = { "ch1_uv", "ch2_uv" };
  const char *message = NULL;
  GVariantDict dict;
  double value;
  gint64 t = T0_US;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "channel", "s", "ch9_uv");
  g_assert_false (proprio_exercise_apply_settings (ex, g_variant_dict_end (&dict), &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
  g_assert_nonnull (strstr (error->message, "channel"));
  g_clear_error (&error);

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "channel", "s", "ch2_uv");
  g_assert_true (proprio_exercise_apply_settings (ex, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  proprio_exercise_start (ex);
  feed_until (ex, &t, T0_US + 22000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpfloat_with_epsilon (proprio_mvc_calibration_get_result (mvc, 0, &value, NULL,
                                                                      NULL, NULL) ==
                                  PROPRIO_MVC_STATUS_DONE ? value : -1.0, 90.0, 1e-9);
  calibration = proprio_mvc_calibration_dup_calibration (mvc);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (calibration), ==, 1);
  g_assert_false (proprio_emg_calibration_lookup (calibration, "ch1_uv", &value));
  g_clear_pointer (&calibration, proprio_emg_calibration_free);

  /* ch2's envelope now at channel 7, which holds NaN: it fails, ch1 is still done. */
  proprio_mvc_calibration_set_channels (mvc, envelopes, names, 2);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "channel", "s", "");
  g_assert_true (proprio_exercise_apply_settings (ex, g_variant_dict_end (&dict), NULL));
  proprio_exercise_start (ex);
  t = T0_US;
  for (; t < T0_US + 22000000; t += STEP_US)
    {
      ProprioSample s = scripted (t);

      s.n_channels = 8;
      s.values[7] = NAN;
      proprio_exercise_feed (ex, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 0, &value, NULL, NULL, NULL), ==,
                   PROPRIO_MVC_STATUS_DONE);
  g_assert_cmpfloat_with_epsilon (value, 330.0, 1e-9);
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 1, &value, NULL, NULL, &message), ==,
                   PROPRIO_MVC_STATUS_FAILED);
  g_assert_true (isnan (value));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "ch2_uv"));
  calibration = proprio_mvc_calibration_dup_calibration (mvc);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (calibration), ==, 1);
  g_assert_true (proprio_emg_calibration_lookup (calibration, "ch1_uv", &value));

  /* A sample without the envelope channels is not this stream's. */
  proprio_exercise_start (ex);
  {
    ProprioSample s = scripted (T0_US);
    guint before = proprio_exercise_get_n_invalid_samples (ex);

    s.n_channels = 4;
    proprio_exercise_feed (ex, &s);
    g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (ex), ==, before + 1);
  }
  proprio_exercise_stop (ex);
}

/* Stopping discards the run: no calibration comes of it. A tick ends a contraction only after a
 * grace, so a late sample still counts. */
static void
test_stop_and_ticks (void)
{
  g_autoptr(ProprioMvcCalibration) mvc = engine_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (mvc);
  gint64 t = T0_US;

  proprio_exercise_start (ex);
  feed_until (ex, &t, T0_US + 12000000);
  proprio_exercise_stop (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_null (proprio_mvc_calibration_dup_calibration (mvc));
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 0, NULL, NULL, NULL, NULL), ==,
                   PROPRIO_MVC_STATUS_NOT_RUN);

  /* Ticks alone, no samples: anchored on the first tick, each channel fails (no data). */
  proprio_exercise_start (ex);
  proprio_exercise_tick (ex, T0_US);
  proprio_exercise_tick (ex, T0_US + 5000000);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 1);
  /* At its end plus less than the grace the contraction is still on... */
  proprio_exercise_tick (ex, T0_US + 5000000 + 100000);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 1);
  /* ...and over after it. */
  proprio_exercise_tick (ex, T0_US + 5000000 + 300000);
  g_assert_cmpuint (proprio_mvc_calibration_get_contraction (mvc), ==, 0);
  proprio_exercise_tick (ex, T0_US + 30000000);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpint (proprio_mvc_calibration_get_result (mvc, 0, NULL, NULL, NULL, NULL), ==,
                   PROPRIO_MVC_STATUS_FAILED);
  g_assert_null (proprio_mvc_calibration_dup_calibration (mvc));
}

static void
test_settings (void)
{
  g_autoptr(ProprioMvcCalibration) mvc = proprio_mvc_calibration_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (mvc);
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (ex);
  g_autoptr(GError) error = NULL;
  guint n = 0;
  double d = 0;
  struct { const char *key; GVariant *value; } bad[] = {
    { "contraction-s", g_variant_new_double (6.0) },
    { "contractions", g_variant_new_uint32 (0) },
    { "window-s", g_variant_new_double (3.0) },   /* not shorter than the 3 s below */
    { "channel", g_variant_new_uint32 (1) },
    { "colour", g_variant_new_string ("red") },
  };

  /* The defaults: 3 contractions of 5 s, 10 s rest. */
  g_assert_true (g_variant_lookup (settings, "contractions", "u", &n));
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (g_variant_lookup (settings, "contraction-s", "d", &d));
  g_assert_cmpfloat (d, ==, 5.0);
  g_assert_true (g_variant_lookup (settings, "rest-s", "d", &d));
  g_assert_cmpfloat (d, ==, 10.0);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GVariantDict dict;

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "contraction-s", "d", 3.0);
      g_variant_dict_insert_value (&dict, bad[i].key, bad[i].value);
      g_assert_false (proprio_exercise_apply_settings (ex, g_variant_dict_end (&dict), &error));
      g_assert_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS);
      g_assert_nonnull (strstr (error->message, bad[i].key));
      g_clear_error (&error);
    }
  /* All or nothing: the 3 s given with each bad key was not applied either. */
  g_clear_pointer (&settings, g_variant_unref);
  settings = proprio_exercise_get_settings (ex);
  g_assert_true (g_variant_lookup (settings, "contraction-s", "d", &d));
  g_assert_cmpfloat (d, ==, 5.0);

  /* Nothing to calibrate: said at once, the run ends. */
  proprio_exercise_start (ex);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_nonnull (proprio_exercise_get_message (ex));
  g_assert_null (proprio_mvc_calibration_dup_calibration (mvc));
}

static void
calibration_changed_cb (ProprioStation *station,
                        guint          *count)
{
  (*count)++;
}

static gboolean
has_envelopes (gpointer data)
{
  ProprioStation *station = data;
  ProprioDevice *device = proprio_station_get_device (station);

  return device != NULL && proprio_device_get_n_channels (device) == 20
         && proprio_device_get_state (device) == PROPRIO_DEVICE_STATE_STREAMING;
}

static gboolean
pump_until_done (gpointer data)
{
  ProprioStation *station = data;

  proprio_station_update (station, g_get_monotonic_time ());
  return !proprio_station_is_running (station);
}

/* Through the station on a simulated Cyton: the engine reads the stage's envelopes, every
 * channel gets a finite positive MVC, and the station keeps the calibration. */
static void
test_station_simulator (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(ProprioEmgCalibration) restored = NULL;
  g_auto(GStrv) names = NULL;
  ProprioEmgCalibration *calibration;
  ProprioExercise *engine;
  GVariantDict dict;
  guint changed = 0;

  g_signal_connect (station, "emg-calibration-changed", G_CALLBACK (calibration_changed_cb),
                    &changed);

  /* Not with a balance board. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_true (proprio_station_select_exercise (station, "mvc-calibration", &error));
  g_assert_no_error (error);
  g_assert_false (proprio_station_start (station, &error));
  g_assert_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM);
  g_assert_nonnull (strstr (error->message, "EMG"));
  g_clear_error (&error);

  g_assert_true (proprio_station_set_device_spec (station, "sim:cyton?seed=11", &error));
  g_assert_true (proprio_test_wait_for (has_envelopes, station, 20000));

  engine = proprio_station_get_engine (station, "mvc-calibration");
  g_assert_true (PROPRIO_IS_MVC_CALIBRATION (engine));
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "contractions", "u", 1);
  g_variant_dict_insert (&dict, "contraction-s", "d", 3.0);
  g_variant_dict_insert (&dict, "countdown-s", "d", 0.0);
  g_variant_dict_insert (&dict, "window-s", "d", 0.5);
  g_assert_true (proprio_exercise_apply_settings (engine, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);

  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_mvc_calibration_get_n_channels (PROPRIO_MVC_CALIBRATION (engine)),
                    ==, 8);
  g_assert_cmpstr (proprio_mvc_calibration_get_channel_name (PROPRIO_MVC_CALIBRATION (engine),
                                                             0), ==, "ch1_uv");
  /* A 3 s run: the wait is only a limit for a very busy machine. */
  g_assert_true (proprio_test_wait_for (pump_until_done, station, 60000));
  g_assert_cmpint (proprio_exercise_get_phase (engine), ==, PROPRIO_EXERCISE_PHASE_DONE);

  calibration = proprio_station_get_emg_calibration (station);
  g_assert_nonnull (calibration);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (calibration), ==, 8);
  names = proprio_emg_calibration_dup_channels (calibration);
  for (guint i = 0; names[i] != NULL; i++)
    {
      double mvc = 0;

      g_assert_true (proprio_emg_calibration_lookup (calibration, names[i], &mvc));
      g_assert_true (isfinite (mvc));
      g_assert_cmpfloat (mvc, >, 0.0);
    }

  /* Stored and given back: the same MVCs. */
  stored = g_variant_ref_sink (proprio_emg_calibration_to_variant (calibration));
  proprio_station_set_emg_calibration (station, NULL);
  g_assert_null (proprio_station_get_emg_calibration (station));
  restored = proprio_emg_calibration_new_from_variant (stored, &error);
  g_assert_no_error (error);
  proprio_station_set_emg_calibration (station, restored);
  g_assert_true (proprio_station_get_emg_calibration (station) != restored);
  {
    g_autoptr(GVariant) again = g_variant_ref_sink (
      proprio_emg_calibration_to_variant (proprio_station_get_emg_calibration (station)));

    g_assert_true (g_variant_equal (again, stored));
  }
  g_assert_cmpuint (changed, ==, 3);
  proprio_station_set_device (station, NULL);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mvc/scripted", test_scripted);
  g_test_add_func ("/mvc/one-channel-and-failure", test_one_channel_and_failure);
  g_test_add_func ("/mvc/stop-and-ticks", test_stop_and_ticks);
  g_test_add_func ("/mvc/settings", test_settings);
  g_test_add_func ("/mvc/station-simulator", test_station_simulator);

  ret = g_test_run ();
  g_assert_true (proprio_device_wait_for_readers (5000));
  return ret;
}
