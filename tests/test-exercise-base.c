/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "exercises/proprio-exercise-private.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-static-test.h"
#include "exercises/proprio-variant-json.h"
#include "exercises/proprio-weight-shift.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

/* Scripted samples at 100 Hz: sample k at T0 + k · 10 ms. */
#define T0     G_GINT64_CONSTANT (1000000000)
#define PERIOD G_GINT64_CONSTANT (10000)

/* ---- a tiny exercise on an ANGLE stream: hold a joint at a target angle ----
 *
 * The first sample starts it (RUNNING); it is DONE `duration` after that sample. Results: the
 * largest angle, the time spent at or above the target (each sample counts until the next), the
 * number of samples. A sample without a finite first channel is invalid. */

#define TEST_TYPE_ANGLE_HOLD (test_angle_hold_get_type ())
G_DECLARE_FINAL_TYPE (TestAngleHold, test_angle_hold, TEST, ANGLE_HOLD, ProprioExercise)

struct _TestAngleHold
{
  ProprioExercise parent_instance;

  double   target_deg;
  double   duration_s;

  gint64   end_us;
  gboolean have_prev;
  gint64   prev_us;
  double   prev_deg;
  double   max_deg;
  double   at_target_s;
  guint    n;
};

G_DEFINE_FINAL_TYPE (TestAngleHold, test_angle_hold, PROPRIO_TYPE_EXERCISE)

static void
angle_hold_start (ProprioExercise *exercise)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);

  self->have_prev = FALSE;
  self->max_deg = NAN;
  self->at_target_s = 0.0;
  self->n = 0;
}

static void
account_until (TestAngleHold *self,
               gint64         t_us)
{
  if (self->have_prev && self->prev_deg >= self->target_deg)
    self->at_target_s += (double) (MIN (t_us, self->end_us) - self->prev_us) / G_USEC_PER_SEC;
}

static gboolean
angle_hold_feed (ProprioExercise     *exercise,
                 const ProprioSample *sample)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);
  double deg;

  if (sample->n_channels < 1 || !isfinite (sample->values[0]))
    return FALSE;
  deg = sample->values[0];

  if (proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_WAITING)
    {
      self->end_us = sample->t_us + (gint64) llround (self->duration_s * G_USEC_PER_SEC);
      proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
      proprio_exercise_set_prompt (exercise, "Hold");
    }
  account_until (self, sample->t_us);
  if (sample->t_us >= self->end_us)
    {
      proprio_exercise_finish (exercise, self->end_us);
      return TRUE;
    }
  self->have_prev = TRUE;
  self->prev_us = sample->t_us;
  self->prev_deg = deg;
  self->max_deg = isnan (self->max_deg) ? deg : MAX (self->max_deg, deg);
  self->n++;
  return TRUE;
}

static double
angle_hold_get_time_left (ProprioExercise *exercise,
                          gint64           now_us)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);

  if (proprio_exercise_get_phase (exercise) != PROPRIO_EXERCISE_PHASE_RUNNING)
    return -1.0;
  return proprio_exercise_time_until (now_us, self->end_us);
}

static GVariant *
angle_hold_get_settings (ProprioExercise *exercise)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "target-deg", "d", self->target_deg);
  g_variant_dict_insert (&dict, "duration-s", "d", self->duration_s);
  return g_variant_dict_end (&dict);
}

static gboolean
angle_hold_apply_settings (ProprioExercise  *exercise,
                           GVariant         *settings,
                           GError          **error)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);
  static const char * const keys[] = { "target-deg", "duration-s", NULL };
  double target = self->target_deg, duration = self->duration_s;

  if (!proprio_settings_check_keys (settings, keys, error) ||
      !proprio_settings_get_double (settings, "target-deg", 0.0, 180.0, &target, error) ||
      !proprio_settings_get_double (settings, "duration-s", 0.1, 60.0, &duration, error))
    return FALSE;
  self->target_deg = target;
  self->duration_s = duration;
  return TRUE;
}

static GVariant *
angle_hold_get_results (ProprioExercise *exercise)
{
  TestAngleHold *self = TEST_ANGLE_HOLD (exercise);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "max-angle-deg", "d", self->max_deg);
  g_variant_dict_insert (&dict, "time-at-target-s", "d", self->at_target_s);
  g_variant_dict_insert (&dict, "n-samples", "u", self->n);
  return g_variant_dict_end (&dict);
}

static void
test_angle_hold_class_init (TestAngleHoldClass *klass)
{
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  exercise_class->stream_kind = PROPRIO_STREAM_ANGLE;
  exercise_class->id = "angle-hold";
  exercise_class->title = "Hold the angle";
  exercise_class->start = angle_hold_start;
  exercise_class->feed = angle_hold_feed;
  exercise_class->get_time_left = angle_hold_get_time_left;
  exercise_class->get_settings = angle_hold_get_settings;
  exercise_class->apply_settings = angle_hold_apply_settings;
  exercise_class->get_results = angle_hold_get_results;
}

static void
test_angle_hold_init (TestAngleHold *self)
{
  self->target_deg = 30.0;
  self->duration_s = 2.0;
}

/* Angle of the script: 20° until 0.5 s, then 40° (k counted from the first sample). */
static void
feed_angles (ProprioExercise *ex,
             gint64           k_from,
             gint64           k_to,
             gint64           k_start)
{
  for (gint64 k = k_from; k <= k_to; k++)
    {
      ProprioSample s = { 0, };

      s.t_us = T0 + k * PERIOD;
      s.n_channels = 1;
      s.values[0] = k - k_start < 50 ? 20.0 : 40.0;
      proprio_exercise_feed (ex, &s);
    }
}

typedef struct
{
  guint                   count;
  ProprioExerciseResult  *last;
  ProprioExercisePhase    phase_seen;
} Finished;

static void
on_finished (ProprioExercise       *exercise,
             ProprioExerciseResult *result,
             Finished              *finished)
{
  finished->count++;
  finished->phase_seen = proprio_exercise_get_phase (exercise);
  g_clear_object (&finished->last);
  finished->last = g_object_ref (result);
}

static void
test_generic_stream (void)
{
  g_autoptr(ProprioExercise) angle = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
  g_autoptr(ProprioLosTest) los = proprio_los_test_new ();

  g_assert_cmpint (proprio_exercise_get_stream_kind (angle), ==, PROPRIO_STREAM_ANGLE);
  g_assert_cmpstr (proprio_exercise_get_id (angle), ==, "angle-hold");
  g_assert_cmpstr (proprio_exercise_get_title (angle), ==, "Hold the angle");

  g_assert_cmpint (proprio_exercise_get_stream_kind (PROPRIO_EXERCISE (st)), ==,
                   PROPRIO_STREAM_BALANCE);
  g_assert_cmpstr (proprio_exercise_get_id (PROPRIO_EXERCISE (st)), ==, "static-test");
  g_assert_cmpstr (proprio_exercise_get_title (PROPRIO_EXERCISE (st)), ==, "Static balance test");
  g_assert_true (PROPRIO_IS_COP_EXERCISE (st));
  g_assert_cmpstr (proprio_exercise_get_id (PROPRIO_EXERCISE (ws)), ==, "weight-shift");
  g_assert_cmpstr (proprio_exercise_get_title (PROPRIO_EXERCISE (ws)), ==, "Weight shift");
  g_assert_cmpint (proprio_exercise_get_stream_kind (PROPRIO_EXERCISE (ws)), ==,
                   PROPRIO_STREAM_BALANCE);
  g_assert_cmpstr (proprio_exercise_get_id (PROPRIO_EXERCISE (los)), ==, "los-test");
  g_assert_cmpstr (proprio_exercise_get_title (PROPRIO_EXERCISE (los)), ==, "Limits of stability");

  /* The base runs an angle stream end to end: a one-channel sample, no CoP anywhere. */
  proprio_exercise_start (angle);
  feed_angles (angle, 0, 200, 0);
  g_assert_cmpint (proprio_exercise_get_phase (angle), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_exercise_get_n_invalid_samples (angle), ==, 0);
}

static void
test_finished_once (void)
{
  g_autoptr(ProprioExercise) ex = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);
  Finished finished = { 0, };

  g_signal_connect (ex, "finished", G_CALLBACK (on_finished), &finished);
  g_assert_null (proprio_exercise_dup_result (ex));
  proprio_exercise_start (ex);
  feed_angles (ex, 0, 199, 0);
  g_assert_cmpuint (finished.count, ==, 0);
  /* The sample at T0 + 2 s ends it: one emission, after the state settled. */
  feed_angles (ex, 200, 200, 0);
  g_assert_cmpuint (finished.count, ==, 1);
  g_assert_cmpint (finished.phase_seen, ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpint (proprio_exercise_result_get_outcome (finished.last), ==,
                   PROPRIO_EXERCISE_OUTCOME_DONE);
  g_assert_cmpint (proprio_exercise_result_get_end_us (finished.last), ==, T0 + 2000000);

  /* Nothing after the end emits again: samples, ticks, stop, proceed. */
  feed_angles (ex, 201, 300, 0);
  proprio_exercise_tick (ex, T0 + 4000000);
  proprio_exercise_stop (ex);
  g_assert_false (proprio_exercise_proceed (ex));
  g_assert_cmpuint (finished.count, ==, 1);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);

  /* A second run, stopped half-way: CANCELLED, with the figures so far, ending at the latest
   * time the engine saw (a tick after the last sample). */
  proprio_exercise_start (ex);
  feed_angles (ex, 1000, 1099, 1000);
  proprio_exercise_tick (ex, T0 + 1099 * PERIOD + 5000);
  g_assert_cmpuint (finished.count, ==, 1);
  proprio_exercise_stop (ex);
  g_assert_cmpuint (finished.count, ==, 2);
  g_assert_cmpint (finished.phase_seen, ==, PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_cmpint (proprio_exercise_result_get_outcome (finished.last), ==,
                   PROPRIO_EXERCISE_OUTCOME_CANCELLED);
  g_assert_cmpint (proprio_exercise_result_get_start_us (finished.last), ==, T0 + 1000 * PERIOD);
  g_assert_cmpint (proprio_exercise_result_get_end_us (finished.last), ==,
                   T0 + 1099 * PERIOD + 5000);
  proprio_exercise_stop (ex);
  g_assert_cmpuint (finished.count, ==, 2);

  /* An engine with nothing to do finishes inside start (): reported when start () returns. */
  {
    g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
    Finished ws_finished = { 0, };

    g_signal_connect (ws, "finished", G_CALLBACK (on_finished), &ws_finished);
    proprio_weight_shift_clear_targets (ws);
    proprio_exercise_start (PROPRIO_EXERCISE (ws));
    g_assert_cmpuint (ws_finished.count, ==, 1);
    g_assert_cmpint (proprio_exercise_result_get_outcome (ws_finished.last), ==,
                     PROPRIO_EXERCISE_OUTCOME_DONE);
    g_clear_object (&ws_finished.last);
  }
  g_clear_object (&finished.last);
}

static void
restart_when_cancelled (ProprioExercise *exercise,
                        gpointer         user_data)
{
  if (proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_CANCELLED)
    proprio_exercise_start (exercise);
}

static void
test_restart_from_changed (void)
{
  g_autoptr(ProprioExercise) ex = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);
  Finished finished = { 0, };

  g_signal_connect (ex, "finished", G_CALLBACK (on_finished), &finished);
  proprio_exercise_start (ex);
  feed_angles (ex, 0, 10, 0);
  /* A view that starts the next run as soon as it sees the stop: the stopped run is still
   * reported, once, before the new one begins. */
  g_signal_connect (ex, "changed", G_CALLBACK (restart_when_cancelled), NULL);
  proprio_exercise_stop (ex);
  g_assert_cmpuint (finished.count, ==, 1);
  g_assert_cmpint (finished.phase_seen, ==, PROPRIO_EXERCISE_PHASE_CANCELLED);
  g_assert_cmpint (proprio_exercise_result_get_outcome (finished.last), ==,
                   PROPRIO_EXERCISE_OUTCOME_CANCELLED);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_WAITING);
  g_clear_object (&finished.last);
}

static void
test_result_variant (void)
{
  g_autoptr(ProprioExercise) ex = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);
  g_autoptr(ProprioExerciseResult) running = NULL;
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autoptr(GVariant) settings = NULL;
  GVariant *results;
  ProprioSample s = { 0, };
  double d;
  guint u;

  settings = g_variant_ref_sink (g_variant_new_parsed ("{'target-deg': <35.0>, "
                                                       "'duration-s': <1.5>}"));
  g_assert_true (proprio_exercise_apply_settings (ex, settings, NULL));
  before = g_date_time_new_now_utc ();
  proprio_exercise_start (ex);
  after = g_date_time_new_now_utc ();
  g_assert_cmpint (proprio_exercise_get_last_sample_us (ex), ==, 0);
  feed_angles (ex, 0, 100, 0);
  /* Two invalid samples: no channel, and a NaN angle; one backward in time. */
  s.t_us = T0 + 101 * PERIOD;
  proprio_exercise_feed (ex, &s);
  s.n_channels = 1;
  s.values[0] = NAN;
  proprio_exercise_feed (ex, &s);
  s.t_us = T0 + 50 * PERIOD;
  s.values[0] = 90.0;
  proprio_exercise_feed (ex, &s);

  /* The latest sample the run took: not the invalid nor the backward ones. */
  g_assert_cmpint (proprio_exercise_get_last_sample_us (ex), ==, T0 + 100 * PERIOD);

  running = proprio_exercise_dup_result (ex);
  g_assert_cmpint (proprio_exercise_result_get_outcome (running), ==,
                   PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS);
  g_assert_cmpint (proprio_exercise_result_get_end_us (running), ==, T0 + 100 * PERIOD);
  /* Nor a tick, which moves the run's clock on. */
  proprio_exercise_tick (ex, T0 + 100 * PERIOD + 5000);
  g_assert_cmpint (proprio_exercise_get_last_sample_us (ex), ==, T0 + 100 * PERIOD);

  feed_angles (ex, 101, 150, 0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  result = proprio_exercise_dup_result (ex);

  g_assert_cmpstr (proprio_exercise_result_get_id (result), ==, "angle-hold");
  g_assert_cmpstr (proprio_exercise_result_get_title (result), ==, "Hold the angle");
  g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                   PROPRIO_EXERCISE_OUTCOME_DONE);
  g_assert_cmpint (proprio_exercise_result_get_start_us (result), ==, T0);
  g_assert_cmpint (proprio_exercise_result_get_end_us (result), ==, T0 + 1500000);
  g_assert_cmpint (g_date_time_compare (proprio_exercise_result_get_started_at (result),
                                        before), >=, 0);
  g_assert_cmpint (g_date_time_compare (proprio_exercise_result_get_started_at (result),
                                        after), <=, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (proprio_exercise_result_get_started_at (result)),
                   ==, 0);

  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "target-deg",
                                   "d", &d));
  g_assert_cmpfloat (d, ==, 35.0);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "duration-s",
                                   "d", &d));
  g_assert_cmpfloat (d, ==, 1.5);
  results = proprio_exercise_result_get_results (result);
  g_assert_true (g_variant_is_of_type (results, G_VARIANT_TYPE_VARDICT));
  g_assert_true (g_variant_lookup (results, "max-angle-deg", "d", &d));
  g_assert_cmpfloat (d, ==, 40.0);
  /* At or above 35° from 0.5 s to the end at 1.5 s. */
  g_assert_true (g_variant_lookup (results, "time-at-target-s", "d", &d));
  g_assert_cmpfloat_with_epsilon (d, 1.0, 1e-12);
  g_assert_true (g_variant_lookup (results, "n-samples", "u", &u));
  g_assert_cmpuint (u, ==, 150);
  g_assert_true (g_variant_lookup (results, "n-invalid-samples", "u", &u));
  g_assert_cmpuint (u, ==, 3);

  /* The result is a value: later settings and runs do not change it. */
  settings = (g_variant_unref (settings),
              g_variant_ref_sink (g_variant_new_parsed ("{'target-deg': <10.0>}")));
  g_assert_true (proprio_exercise_apply_settings (ex, settings, NULL));
  proprio_exercise_start (ex);
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "target-deg",
                                   "d", &d));
  g_assert_cmpfloat (d, ==, 35.0);
  g_assert_true (g_variant_lookup (results, "n-samples", "u", &u));
  g_assert_cmpuint (u, ==, 150);
}

/* Runs python3 on `json_text`: it must parse, and `expression` (over the parsed value `d`) is
 * printed with repr (), one value per line. NULL, with a skip, when there is no python3. */
static char **
python_json (const char *json_text,
             const char *expression)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *path = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int fd, status = 0;

  if (python == NULL)
    {
      g_test_skip ("python3 is needed to parse the JSON back");
      return NULL;
    }
  fd = g_file_open_tmp ("proprio-result-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, json_text, -1, &error));
  g_assert_no_error (error);
  script = g_strdup_printf ("import json, sys\n"
                            "d = json.load(open(sys.argv[1]), parse_constant=lambda c: 1 / 0)\n"
                            "for v in (%s,):\n"
                            "    print(repr(v))\n", expression);
  {
    const char *argv[] = { python, "-c", script, path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &out, &err, &status, &error));
  }
  g_assert_no_error (error);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python3 could not read the JSON: %s\n%s", err, json_text);
  g_strchomp (out);
  return g_strsplit (out, "\n", -1);
}

static double
parse_double (const char *text)
{
  char *end = NULL;
  double d = g_ascii_strtod (text, &end);

  g_assert_true (end != text && *end == '\0');
  return d;
}

static void
test_json_printer (void)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) v = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;

  g_variant_builder_add (&b, "{sv}", "text", g_variant_new_string ("a\"b\\c\n\001é"));
  g_variant_builder_add (&b, "{sv}", "nan", g_variant_new_double (NAN));
  g_variant_builder_add (&b, "{sv}", "inf", g_variant_new_double (-INFINITY));
  g_variant_builder_add (&b, "{sv}", "tenth", g_variant_new_double (0.1));
  g_variant_builder_add (&b, "{sv}", "third", g_variant_new_double (1.0 / 3.0));
  g_variant_builder_add (&b, "{sv}", "big", g_variant_new_int64 (G_MAXINT64));
  g_variant_builder_add (&b, "{sv}", "none", g_variant_new_maybe (G_VARIANT_TYPE_INT32, NULL));
  g_variant_builder_add (&b, "{sv}", "tuple", g_variant_new_parsed ("(uint32 7, true, @ad [])"));
  g_variant_builder_add (&b, "{sv}", "keys", g_variant_new_parsed ("{1: 'one'}"));
  v = g_variant_ref_sink (g_variant_builder_end (&b));

  json = proprio_variant_to_json (v);
  g_assert_cmpstr (json, ==,
                   "{\"text\":\"a\\\"b\\\\c\\n\\u0001é\",\"nan\":null,\"inf\":null,"
                   "\"tenth\":0.10000000000000001,\"third\":0.33333333333333331,"
                   "\"big\":9223372036854775807,\"none\":null,\"tuple\":[7,true,[]],"
                   "\"keys\":{\"1\":\"one\"}}");

  lines = python_json (json, "d['text'], d['third'], d['big'], d['nan'], d['keys']['1']");
  if (lines == NULL)
    return;
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "'a\"b\\\\c\\n\\x01é'");
  g_assert_cmpfloat (parse_double (lines[1]), ==, 1.0 / 3.0);
  g_assert_cmpstr (lines[2], ==, "9223372036854775807");
  g_assert_cmpstr (lines[3], ==, "None");
  g_assert_cmpstr (lines[4], ==, "'one'");
}

/* A circle of radius r around (1, 2) mm, one turn every 2 s. */
static void
feed_circle (ProprioExercise *ex,
             gint64           k_from,
             gint64           k_to,
             double           r)
{
  for (gint64 k = k_from; k <= k_to; k++)
    {
      ProprioSample s = { 0, };
      double phase = G_PI * (double) k / 100.0;

      s.t_us = T0 + k * PERIOD;
      s.flags = PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
      s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = 1.0 + r * cos (phase);
      s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = 2.0 + r * sin (phase);
      proprio_exercise_feed (ex, &s);
    }
}

static void
test_static_test_json (void)
{
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) plan = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;
  const ProprioStaticResult *eo, *ec;
  double romberg;

  plan = g_variant_ref_sink (g_variant_new_parsed ("{'conditions': <['eyes-open', "
                                                   "'eyes-closed']>, 'duration-s': <5.0>, "
                                                   "'auto-advance': <true>}"));
  g_assert_true (proprio_exercise_apply_settings (ex, plan, NULL));
  proprio_exercise_start (ex);
  feed_circle (ex, 0, 799, 2.0);
  feed_circle (ex, 800, 1600, 3.0);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  eo = proprio_static_test_get_result (st, 0);
  ec = proprio_static_test_get_result (st, 1);
  g_assert_cmpint (eo->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  g_assert_cmpint (ec->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  romberg = proprio_static_test_get_romberg (st, FALSE, PROPRIO_ROMBERG_ELLIPSE_AREA, NULL);

  result = proprio_exercise_dup_result (ex);
  json = proprio_exercise_result_to_json (result);
  lines = python_json (json,
                       "d['id'], d['outcome'], d['start_us'], d['end_us'], "
                       "d['settings']['duration-s'], d['settings']['conditions'][1], "
                       "len(d['results']['conditions']), "
                       "d['results']['conditions'][0]['status'], "
                       "d['results']['conditions'][0]['metrics']['path-length-mm'], "
                       "d['results']['conditions'][1]['metrics']['ellipse95']['area-mm2'], "
                       "d['results']['conditions'][1]['metrics']['mean-velocity-mm-s'], "
                       "len(d['results']['conditions'][1]['t-us']), "
                       "d['results']['conditions'][1]['t-us'][7], "
                       "d['results']['conditions'][1]['x-mm'][7], "
                       "d['results']['conditions'][1]['y-mm'][499], "
                       "d['results']['romberg']['ellipse-area'], "
                       "d['results']['romberg']['foam-path-length'], "
                       "d['results']['n-invalid-samples'], "
                       "d['started_at'][-1]");
  if (lines == NULL)
    return;
  g_assert_cmpuint (g_strv_length (lines), ==, 19);
  g_assert_cmpstr (lines[0], ==, "'static-test'");
  g_assert_cmpstr (lines[1], ==, "'done'");
  g_assert_cmpstr (lines[2], ==, "1000000000");
  g_assert_cmpstr (lines[3], ==, "1016000000");
  g_assert_cmpfloat (parse_double (lines[4]), ==, 5.0);
  g_assert_cmpstr (lines[5], ==, "'eyes-closed'");
  g_assert_cmpstr (lines[6], ==, "2");
  g_assert_cmpstr (lines[7], ==, "'complete'");
  /* Every figure reads back to the very same double. */
  g_assert_cmpfloat (parse_double (lines[8]), ==, eo->metrics.path_length_mm);
  g_assert_cmpfloat (parse_double (lines[9]), ==, ec->metrics.ellipse95.area);
  g_assert_cmpfloat (parse_double (lines[10]), ==, ec->metrics.mean_velocity_mm_s);
  g_assert_cmpstr (lines[11], ==, "500");
  g_assert_cmpint (g_ascii_strtoll (lines[12], NULL, 10), ==, ec->t_us[7]);
  g_assert_cmpfloat (parse_double (lines[13]), ==, ec->x_mm[7]);
  g_assert_cmpfloat (parse_double (lines[14]), ==, ec->y_mm[499]);
  g_assert_cmpfloat (parse_double (lines[15]), ==, romberg);
  g_assert_cmpfloat_with_epsilon (romberg, 2.25, 1e-9);
  /* No foam conditions: the quotient is undefined, null in JSON. */
  g_assert_cmpstr (lines[16], ==, "None");
  g_assert_cmpstr (lines[17], ==, "0");
  g_assert_cmpstr (lines[18], ==, "'Z'");
}

static void
assert_settings_error (ProprioExercise *ex,
                       const char      *text,
                       int              code,
                       const char      *in_message)
{
  g_autoptr(GVariant) before = proprio_exercise_get_settings (ex);
  g_autoptr(GVariant) after = NULL;
  g_autoptr(GVariant) settings = g_variant_ref_sink (g_variant_new_parsed (text));
  g_autoptr(GError) error = NULL;

  g_assert_false (proprio_exercise_apply_settings (ex, settings, &error));
  g_assert_error (error, PROPRIO_EXERCISE_ERROR, code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, in_message);
  /* All or nothing. */
  after = proprio_exercise_get_settings (ex);
  g_assert_true (g_variant_equal (before, after));
}

static void
assert_round_trip (ProprioExercise *configured,
                   ProprioExercise *fresh)
{
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (configured);
  g_autoptr(GVariant) copied = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_exercise_apply_settings (fresh, settings, &error));
  g_assert_no_error (error);
  copied = proprio_exercise_get_settings (fresh);
  if (!g_variant_equal (settings, copied))
    {
      g_autofree char *a = g_variant_print (settings, TRUE);
      g_autofree char *b = g_variant_print (copied, TRUE);

      g_error ("settings differ after a round trip:\n%s\n%s", a, b);
    }
}

static void
test_apply_settings (void)
{
  g_autoptr(ProprioExercise) angle = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  g_autoptr(ProprioStaticTest) st2 = proprio_static_test_new ();
  g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
  g_autoptr(ProprioWeightShift) ws2 = proprio_weight_shift_new ();
  g_autoptr(ProprioLosTest) los = proprio_los_test_new ();
  g_autoptr(ProprioLosTest) los2 = proprio_los_test_new ();
  g_autoptr(GVariant) settings = NULL;
  g_autoptr(GVariant) plan = NULL;
  g_autoptr(GError) error = NULL;
  double d;

  /* A partial plan changes only what it names. */
  plan = g_variant_ref_sink (g_variant_new_parsed ("{'duration-s': <4.0>}"));
  g_assert_true (proprio_exercise_apply_settings (angle, plan, &error));
  g_assert_no_error (error);
  settings = proprio_exercise_get_settings (angle);
  g_assert_true (g_variant_lookup (settings, "duration-s", "d", &d));
  g_assert_cmpfloat (d, ==, 4.0);
  g_assert_true (g_variant_lookup (settings, "target-deg", "d", &d));
  g_assert_cmpfloat (d, ==, 30.0);

  assert_settings_error (angle, "{'durration-s': <4.0>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "durration-s");
  assert_settings_error (angle, "{'target-deg': <'high'>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "target-deg");
  assert_settings_error (angle, "{'target-deg': <200.0>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "outside the range");
  /* A valid key next to an invalid one: neither applies. */
  assert_settings_error (angle, "{'target-deg': <45.0>, 'duration-s': <-1.0>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "duration-s");
  assert_settings_error (angle, "('not', 'a dictionary')",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "dictionary");

  /* Not while it runs. */
  proprio_exercise_start (angle);
  assert_settings_error (angle, "{'target-deg': <45.0>}", PROPRIO_EXERCISE_ERROR_ACTIVE,
                         "running");
  proprio_exercise_stop (angle);
  g_clear_pointer (&plan, g_variant_unref);
  plan = g_variant_ref_sink (g_variant_new_parsed ("{'target-deg': <45.0>}"));
  g_assert_true (proprio_exercise_apply_settings (angle, plan, NULL));

  /* The engines: their own checks, and every setting survives a round trip. */
  assert_settings_error (PROPRIO_EXERCISE (st), "{'conditions': <['eyes-open', 'eyes-shut']>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "eyes-shut");
  assert_settings_error (PROPRIO_EXERCISE (st), "{'duration-s': <0.5>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "duration-s");
  g_clear_pointer (&plan, g_variant_unref);
  plan = g_variant_ref_sink (g_variant_new_parsed ("{'conditions': <['foam-eyes-closed']>, "
                                                   "'duration-s': <20>, 'lowpass-hz': <6.0>, "
                                                   "'hide-feedback': <false>}"));
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (st), plan, NULL));
  g_assert_cmpuint (proprio_static_test_get_n_conditions (st), ==, 1);
  g_assert_cmpint (proprio_static_test_get_result (st, 0)->condition, ==,
                   PROPRIO_STATIC_FOAM_EYES_CLOSED);
  assert_round_trip (PROPRIO_EXERCISE (st), PROPRIO_EXERCISE (st2));

  assert_settings_error (PROPRIO_EXERCISE (ws), "{'dwell-s': <5.0>, 'timeout-s': <4.0>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "timeout-s");
  assert_settings_error (PROPRIO_EXERCISE (ws), "{'preset': <'zigzag'>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "eight-directions");
  assert_settings_error (PROPRIO_EXERCISE (ws), "{'limits-centre-mm': <(0.0, 0.0)>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "limits-excursion-mm");
  g_clear_pointer (&plan, g_variant_unref);
  plan = g_variant_ref_sink (g_variant_new_parsed ("{'preset': <'custom'>, "
                                                   "'targets-mm': <[(10.0, 20.0), (-30.0, 0.0)]>, "
                                                   "'repetitions': <uint32 2>, "
                                                   "'dwell-s': <0.5>}"));
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (ws), plan, NULL));
  {
    guint n;
    const ProprioTarget *t = proprio_exercise_get_targets (PROPRIO_EXERCISE (ws), &n);

    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpfloat (t[1].x_mm, ==, -30.0);
  }
  assert_round_trip (PROPRIO_EXERCISE (ws), PROPRIO_EXERCISE (ws2));

  assert_settings_error (PROPRIO_EXERCISE (los), "{'directions': <['F', 'B', 'F']>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "twice");
  assert_settings_error (PROPRIO_EXERCISE (los), "{'target-distances-mm': <[100.0, 100.0]>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "eight");
  assert_settings_error (PROPRIO_EXERCISE (los), "{'height-m': <0.3>}",
                         PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS, "height-m");
  g_clear_pointer (&plan, g_variant_unref);
  plan = g_variant_ref_sink (g_variant_new_parsed ("{'directions': <['L', 'R']>, "
                                                   "'height-m': <1.2>, 'trial-s': <5.0>}"));
  g_assert_true (proprio_exercise_apply_settings (PROPRIO_EXERCISE (los), plan, NULL));
  g_assert_cmpfloat_with_epsilon (proprio_los_test_get_target_distance (los,
                                                                        PROPRIO_DIRECTION_FORWARD),
                                  660.0 * tan (8.0 * G_PI / 180.0), 1e-9);
  assert_round_trip (PROPRIO_EXERCISE (los), PROPRIO_EXERCISE (los2));
}

static void
test_time_left (void)
{
  g_autoptr(ProprioExercise) ex = g_object_new (TEST_TYPE_ANGLE_HOLD, NULL);

  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  proprio_exercise_start (ex);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0), ==, -1.0);
  /* 2 s from the first sample at T0 + 0.1 s. */
  feed_angles (ex, 10, 60, 10);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 600000), 1.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (proprio_exercise_get_time_left (ex, T0 + 2099999), 1e-6, 1e-12);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 2200000), ==, 0.0);
  feed_angles (ex, 61, 210, 10);
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpfloat (proprio_exercise_get_time_left (ex, T0 + 600000), ==, -1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exercise-base/generic-stream", test_generic_stream);
  g_test_add_func ("/exercise-base/finished-once", test_finished_once);
  g_test_add_func ("/exercise-base/restart-from-changed", test_restart_from_changed);
  g_test_add_func ("/exercise-base/result-variant", test_result_variant);
  g_test_add_func ("/exercise-base/json-printer", test_json_printer);
  g_test_add_func ("/exercise-base/static-test-json", test_static_test_json);
  g_test_add_func ("/exercise-base/apply-settings", test_apply_settings);
  g_test_add_func ("/exercise-base/time-left", test_time_left);

  return g_test_run ();
}
