/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Session plans without a window: the JSON reader, the plan's file form, and a plan run on the
 * station (next, previous, skip, repeat, a step that fails), with scripted samples. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "exercises/proprio-static-test.h"
#include "station/proprio-plan-json.h"
#include "station/proprio-plan-run.h"
#include "station/proprio-station.h"

#define RATE_HZ 100
#define STEP_US (G_USEC_PER_SEC / RATE_HZ)

/* ---- the JSON reader ---- */

static void
test_json_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GVariant) item = NULL;
  const char *text;
  double d;
  gint64 x;

  v = proprio_json_parse (" {\"a\": [1, -2.5, 1e3, true, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
                          " \"b\": {}, \"c\": 9223372036854775807, \"d\": 9223372036854775808}",
                          -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT));

  item = g_variant_lookup_value (v, "a", G_VARIANT_TYPE ("av"));
  g_assert_nonnull (item);
  g_assert_cmpuint (g_variant_n_children (item), ==, 6);
  {
    g_autoptr(GVariant) a = NULL;
    g_autoptr(GVariant) b = NULL;
    g_autoptr(GVariant) c = NULL;
    g_autoptr(GVariant) e = NULL;
    g_autoptr(GVariant) f = NULL;
    g_autoptr(GVariant) g = NULL;

    g_variant_get_child (item, 0, "v", &a);
    g_variant_get_child (item, 1, "v", &b);
    g_variant_get_child (item, 2, "v", &c);
    g_variant_get_child (item, 3, "v", &e);
    g_variant_get_child (item, 4, "v", &f);
    g_variant_get_child (item, 5, "v", &g);
    g_assert_true (g_variant_is_of_type (a, G_VARIANT_TYPE_INT64));
    g_assert_cmpint (g_variant_get_int64 (a), ==, 1);
    g_assert_cmpfloat (g_variant_get_double (b), ==, -2.5);
    /* An exponent makes a double, even of a whole number. */
    g_assert_true (g_variant_is_of_type (c, G_VARIANT_TYPE_DOUBLE));
    g_assert_cmpfloat (g_variant_get_double (c), ==, 1000.0);
    g_assert_true (g_variant_get_boolean (e));
    g_assert_true (g_variant_is_of_type (f, G_VARIANT_TYPE_MAYBE));
    g_assert_cmpuint (g_variant_n_children (f), ==, 0);
    g_assert_cmpstr (g_variant_get_string (g, NULL), ==, "x\xc3\xa9\xf0\x9f\x98\x80\n");
  }
  g_assert_true (g_variant_lookup (v, "c", "x", &x));
  g_assert_cmpint (x, ==, G_MAXINT64);
  /* One past the 64-bit range is still a number, as a double. */
  g_assert_true (g_variant_lookup (v, "d", "d", &d));
  g_assert_cmpfloat (d, ==, 9223372036854775808.0);
  g_assert_true (g_variant_lookup (v, "b", "@a{sv}", NULL));

  /* Text before and after is whitespace only; a BOM is allowed. */
  g_clear_pointer (&v, g_variant_unref);
  v = proprio_json_parse ("\xEF\xBB\xBF \"ok\" \n", -1, &error);
  g_assert_no_error (error);
  g_variant_get (v, "&s", &text);
  g_assert_cmpstr (text, ==, "ok");
}

static void
check_json_error (const char *text,
                  int         code,
                  const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = proprio_json_parse (text, -1, &error);

  g_assert_null (v);
  g_assert_error (error, PROPRIO_JSON_ERROR, code);
  if (where != NULL && strstr (error->message, where) == NULL)
    g_error ("“%s”: expected “%s” in “%s”", text, where, error->message);
}

static void
test_json_errors (void)
{
  check_json_error ("", PROPRIO_JSON_ERROR_SYNTAX, "Line 1, column 1");
  check_json_error ("{\"a\": 1,}", PROPRIO_JSON_ERROR_SYNTAX, "column 9");
  check_json_error ("{\n  \"a\": 1\n  \"b\": 2\n}", PROPRIO_JSON_ERROR_SYNTAX, "Line 3, column 3");
  check_json_error ("{\"a\": 1, \"a\": 2}", PROPRIO_JSON_ERROR_SYNTAX, "“a”");
  check_json_error ("[1, 2] x", PROPRIO_JSON_ERROR_SYNTAX, "after the end");
  check_json_error ("01", PROPRIO_JSON_ERROR_SYNTAX, NULL);
  check_json_error ("+1", PROPRIO_JSON_ERROR_SYNTAX, NULL);
  check_json_error ("1.", PROPRIO_JSON_ERROR_SYNTAX, NULL);
  check_json_error ("NaN", PROPRIO_JSON_ERROR_SYNTAX, NULL);
  check_json_error ("0x10", PROPRIO_JSON_ERROR_SYNTAX, NULL);
  check_json_error ("1e999", PROPRIO_JSON_ERROR_LIMIT, NULL);
  check_json_error ("\"a\tb\"", PROPRIO_JSON_ERROR_SYNTAX, "control character");
  check_json_error ("\"\\u0000\"", PROPRIO_JSON_ERROR_SYNTAX, "U+0000");
  check_json_error ("\"\\ud83d\"", PROPRIO_JSON_ERROR_SYNTAX, "surrogate");
  check_json_error ("\"\\ude00\"", PROPRIO_JSON_ERROR_SYNTAX, "surrogate");
  check_json_error ("\"\\x\"", PROPRIO_JSON_ERROR_SYNTAX, "escape");
  check_json_error ("\"abc", PROPRIO_JSON_ERROR_SYNTAX, "ends inside");
  check_json_error ("\"\xff\"", PROPRIO_JSON_ERROR_SYNTAX, "UTF-8");
  check_json_error ("tru", PROPRIO_JSON_ERROR_SYNTAX, NULL);

  {
    g_autoptr(GString) deep = g_string_new (NULL);

    for (int i = 0; i < PROPRIO_JSON_MAX_DEPTH + 1; i++)
      g_string_append_c (deep, '[');
    for (int i = 0; i < PROPRIO_JSON_MAX_DEPTH + 1; i++)
      g_string_append_c (deep, ']');
    check_json_error (deep->str, PROPRIO_JSON_ERROR_LIMIT, "levels deep");
    g_string_truncate (deep, 0);
    for (int i = 0; i < PROPRIO_JSON_MAX_DEPTH; i++)
      g_string_append_c (deep, '[');
    for (int i = 0; i < PROPRIO_JSON_MAX_DEPTH; i++)
      g_string_append_c (deep, ']');
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) ok = proprio_json_parse (deep->str, -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (ok);
    }
  }
  {
    /* A NUL byte inside the given length is not text. */
    g_autoptr(GError) error = NULL;
    g_autoptr(GVariant) v = proprio_json_parse ("[1,\0 2]", 7, &error);

    g_assert_null (v);
    g_assert_error (error, PROPRIO_JSON_ERROR, PROPRIO_JSON_ERROR_SYNTAX);
  }
}

static GVariant *
coerce_text (const char  *json,
             const char  *type,
             GError     **error)
{
  g_autoptr(GVariant) natural = proprio_json_parse (json, -1, NULL);

  g_assert_nonnull (natural);
  return proprio_json_coerce (natural, G_VARIANT_TYPE (type), "key", error);
}

static void
test_json_coerce (void)
{
  g_autoptr(GError) error = NULL;
  GVariant *v;

  v = coerce_text ("30", "d", &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (g_variant_get_double (v), ==, 30.0);
  g_variant_unref (v);

  v = coerce_text ("12.0", "u", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_get_uint32 (v), ==, 12);
  g_variant_unref (v);

  v = coerce_text ("null", "d", &error);
  g_assert_no_error (error);
  g_assert_true (isnan (g_variant_get_double (v)));
  g_variant_unref (v);

  v = coerce_text ("[[1, 2.5], [-3, 4]]", "a(dd)", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_type_string (v), ==, "a(dd)");
  g_assert_cmpuint (g_variant_n_children (v), ==, 2);
  {
    double x, y;

    g_variant_get_child (v, 1, "(dd)", &x, &y);
    g_assert_cmpfloat (x, ==, -3.0);
    g_assert_cmpfloat (y, ==, 4.0);
  }
  g_variant_unref (v);

  v = coerce_text ("[]", "as", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_type_string (v), ==, "as");
  g_variant_unref (v);

  v = coerce_text ("{\"a\": 1, \"b\": 2}", "a{sd}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_variant_get_type_string (v), ==, "a{sd}");
  g_variant_unref (v);

  v = coerce_text ("{\"a\": [1, \"x\"]}", "a{sv}", &error);
  g_assert_no_error (error);
  g_variant_unref (v);

  /* Refusals name the value and say what it should be. */
  g_assert_null (coerce_text ("-1", "u", &error));
  g_assert_error (error, PROPRIO_JSON_ERROR, PROPRIO_JSON_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "“key”"));
  g_clear_error (&error);
  g_assert_null (coerce_text ("4294967296", "u", &error));
  g_clear_error (&error);
  g_assert_null (coerce_text ("1.5", "i", &error));
  g_clear_error (&error);
  g_assert_null (coerce_text ("\"30\"", "d", &error));
  g_assert_nonnull (strstr (error->message, "number"));
  g_clear_error (&error);
  g_assert_null (coerce_text ("[1, 2, 3]", "(dd)", &error));
  g_clear_error (&error);
  g_assert_null (coerce_text ("[[1, 2], [3, \"y\"]]", "a(dd)", &error));
  g_assert_nonnull (strstr (error->message, "key[1][1]"));
  g_clear_error (&error);
  g_assert_null (coerce_text ("1", "b", &error));
  g_clear_error (&error);
  g_assert_null (coerce_text ("true", "s", &error));
  g_clear_error (&error);
}

/* ---- the plan's file form ---- */

static ProprioPlan *
make_plan (void)
{
  ProprioPlan *plan = proprio_plan_new ("Knee — week 3");
  g_autoptr(ProprioPlanStep) a = NULL;
  g_autoptr(ProprioPlanStep) b = NULL;
  g_autoptr(ProprioPlanStep) c = NULL;
  GVariantBuilder builder;
  const char *conditions[] = { "eyes-open", NULL };

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "conditions", g_variant_new_strv (conditions, -1));
  g_variant_builder_add (&builder, "{sv}", "duration-s", g_variant_new_double (1.0));
  g_variant_builder_add (&builder, "{sv}", "countdown-s", g_variant_new_double (0.0));
  a = proprio_plan_step_new_exercise ("static-test", g_variant_builder_end (&builder),
                                      "Eyes open \"quiet\"");
  proprio_plan_step_set_note (a, "Arms crossed.\nWatch the hips.");
  b = proprio_plan_step_new_pause (0.5, "Rest");
  c = proprio_plan_step_new_exercise ("static-test",
                                      g_variant_new_parsed ("{'conditions': <['eyes-closed']>, "
                                                            "'duration-s': <1.0>, "
                                                            "'countdown-s': <0.0>}"),
                                      "Again");
  proprio_plan_set_notes (plan, "Über die Woche");
  g_assert_true (proprio_plan_append_step (plan, a));
  g_assert_true (proprio_plan_append_step (plan, b));
  g_assert_true (proprio_plan_append_step (plan, c));
  return plan;
}

static void
test_file_round_trip (void)
{
  g_autoptr(ProprioPlan) plan = make_plan ();
  g_autoptr(ProprioPlan) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = proprio_plan_to_json (plan);
  g_autofree char *again = NULL;
  ProprioPlanStep *step;

  back = proprio_plan_new_from_json (json, -1, FALSE, &error);
  g_assert_no_error (error);
  again = proprio_plan_to_json (back);
  g_assert_cmpstr (again, ==, json);

  g_assert_cmpstr (proprio_plan_get_title (back), ==, "Knee — week 3");
  g_assert_cmpstr (proprio_plan_get_notes (back), ==, "Über die Woche");
  g_assert_false (proprio_plan_is_example (back));
  g_assert_cmpuint (proprio_plan_get_n_steps (back), ==, 3);
  step = proprio_plan_get_step (back, 0);
  g_assert_cmpint (proprio_plan_step_get_kind (step), ==, PROPRIO_PLAN_STEP_EXERCISE);
  g_assert_cmpstr (proprio_plan_step_get_exercise_id (step), ==, "static-test");
  g_assert_cmpstr (proprio_plan_step_get_title (step), ==, "Eyes open \"quiet\"");
  g_assert_cmpstr (proprio_plan_step_get_note (step), ==, "Arms crossed.\nWatch the hips.");
  /* Read back, values have JSON's types: the run gives them the engine's. */
  g_assert_true (g_variant_lookup (proprio_plan_step_get_settings (step), "conditions", "av",
                                   NULL));
  g_assert_true (g_variant_lookup (proprio_plan_step_get_settings (step), "duration-s", "x",
                                   NULL));
  step = proprio_plan_get_step (back, 1);
  g_assert_cmpint (proprio_plan_step_get_kind (step), ==, PROPRIO_PLAN_STEP_PAUSE);
  g_assert_cmpfloat (proprio_plan_step_get_seconds (step), ==, 0.5);
  g_assert_cmpfloat (proprio_plan_get_timed_seconds (back), ==, 0.5);

  /* An example read from a file is read-only, whatever the file says. */
  g_clear_object (&back);
  back = proprio_plan_new_from_json (json, -1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_plan_is_example (back));
  g_assert_false (proprio_plan_remove_step (back, 0));
  g_assert_cmpuint (proprio_plan_get_n_steps (back), ==, 3);
}

static void
check_plan_error (const char *json,
                  int         code,
                  const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioPlan) plan = proprio_plan_new_from_json (json, -1, FALSE, &error);

  g_assert_null (plan);
  g_assert_error (error, PROPRIO_PLAN_ERROR, code);
  if (strstr (error->message, what) == NULL)
    g_error ("expected “%s” in “%s”", what, error->message);
}

static void
test_file_errors (void)
{
#define HEAD "{\"format\": \"proprio-plan\", \"version\": 1, "
  check_plan_error ("[]", PROPRIO_PLAN_ERROR_PARSE, "not a Proprio plan");
  check_plan_error ("{\"title\": \"x\"}", PROPRIO_PLAN_ERROR_PARSE, "format");
  check_plan_error ("{\"format\": \"proprio-plan\", \"version\": 7}", PROPRIO_PLAN_ERROR_VERSION,
                    "newer version");
  check_plan_error ("{\"format\": \"proprio-plan\"}", PROPRIO_PLAN_ERROR_PARSE, "version");
  check_plan_error ("{\"format\": \"proprio-plan\", \"version\": 1, \"titel\": \"x\"}",
                    PROPRIO_PLAN_ERROR_PARSE, "“titel”");
  check_plan_error (HEAD "\"steps\": {}}", PROPRIO_PLAN_ERROR_PARSE, "steps");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"juggle\"}]}", PROPRIO_PLAN_ERROR_PARSE,
                    "Step 1");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"exercise\"}]}", PROPRIO_PLAN_ERROR_PARSE,
                    "which exercise");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"exercise\", \"exercise\": \"Static Test\"}]}",
                    PROPRIO_PLAN_ERROR_PARSE, "exercise name");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"pause\", \"seconds\": 0}]}",
                    PROPRIO_PLAN_ERROR_PARSE, "seconds");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"pause\", \"seconds\": 9000}]}",
                    PROPRIO_PLAN_ERROR_PARSE, "seconds");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"pause\"}]}", PROPRIO_PLAN_ERROR_PARSE,
                    "seconds");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"pause\", \"seconds\": 5, "
                    "\"settings\": {\"a\": 1}}]}", PROPRIO_PLAN_ERROR_PARSE, "no settings");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"exercise\", \"exercise\": \"static-test\", "
                    "\"seconds\": 5}]}", PROPRIO_PLAN_ERROR_PARSE, "seconds");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"exercise\", \"exercise\": \"static-test\", "
                    "\"settings\": []}]}", PROPRIO_PLAN_ERROR_PARSE, "settings");
  check_plan_error (HEAD "\"steps\": [{\"kind\": \"pause\", \"seconds\": 5}, {\"kind\": \"pause\","
                    " \"seconds\": 5, \"note\": 3}]}", PROPRIO_PLAN_ERROR_PARSE, "Step 2");
  check_plan_error (HEAD "\"example\": \"yes\"}", PROPRIO_PLAN_ERROR_PARSE, "example");
  check_plan_error ("{\"format\": \"proprio-plan\", \"version\": 1,,}", PROPRIO_PLAN_ERROR_PARSE,
                    "Line 1");
  {
    g_autoptr(GString) many = g_string_new (HEAD "\"steps\": [");

    for (int i = 0; i <= PROPRIO_PLAN_MAX_STEPS; i++)
      g_string_append_printf (many, "%s{\"kind\": \"pause\", \"seconds\": 1}", i ? "," : "");
    g_string_append (many, "]}");
    check_plan_error (many->str, PROPRIO_PLAN_ERROR_PARSE, "at most");
  }
#undef HEAD
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

static void
test_model_edit (void)
{
  g_autoptr(ProprioPlan) plan = make_plan ();
  ProprioPlanStep *a = proprio_plan_get_step (plan, 0);
  ProprioPlanStep *c = proprio_plan_get_step (plan, 2);
  g_autoptr(ProprioPlanStep) copy = NULL;
  guint changed = 0;

  g_signal_connect (plan, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_true (proprio_plan_move_step (plan, 0, 2));
  g_assert_true (proprio_plan_get_step (plan, 2) == a);
  g_assert_true (proprio_plan_get_step (plan, 1) == c);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (proprio_plan_move_step (plan, 2, 0));
  g_assert_true (proprio_plan_get_step (plan, 0) == a);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_false (proprio_plan_move_step (plan, 0, 3));

  /* A step's note or title is a change of the plan (a library saves it). */
  proprio_plan_step_set_note (c, "Slower");
  g_assert_cmpuint (changed, ==, 3);
  proprio_plan_step_set_note (c, "Slower");
  g_assert_cmpuint (changed, ==, 3);
  proprio_plan_set_title (plan, "Knee — week 4");
  g_assert_cmpuint (changed, ==, 4);

  copy = proprio_plan_step_copy (c);
  g_assert_cmpstr (proprio_plan_step_get_note (copy), ==, "Slower");
  g_assert_true (g_variant_equal (proprio_plan_step_get_settings (copy),
                                  proprio_plan_step_get_settings (c)));
  /* The same step object twice would make two rows of one step. */
  g_assert_false (proprio_plan_append_step (plan, c));
  g_assert_true (proprio_plan_insert_step (plan, 1, copy));
  g_assert_cmpint (proprio_plan_find_step (plan, copy), ==, 1);
  g_assert_cmpuint (changed, ==, 5);
  g_assert_true (proprio_plan_remove_step (plan, 1));
  g_assert_cmpint (proprio_plan_find_step (plan, copy), ==, -1);
  g_assert_cmpuint (proprio_plan_get_n_steps (plan), ==, 3);
  /* A removed step is no longer the plan's: its changes are not the plan's either. */
  proprio_plan_step_set_note (copy, "gone");
  g_assert_cmpuint (changed, ==, 6);

  /* Set-up keys are left out of a step made from an engine's settings. */
  {
    g_autoptr(ProprioPlanStep) s = proprio_plan_step_new_from_engine_settings (
      "weight-shift",
      g_variant_new_parsed ("{'repetitions': <@u 2>, 'board-width-mm': <433.0>, "
                            "'limits-centre-mm': <(0.0, 0.0)>}"),
      NULL);

    g_assert_true (g_variant_lookup (proprio_plan_step_get_settings (s), "repetitions", "u",
                                     NULL));
    g_assert_false (g_variant_lookup (proprio_plan_step_get_settings (s), "board-width-mm", "d",
                                      NULL));
    g_assert_cmpuint (g_variant_n_children (proprio_plan_step_get_settings (s)), ==, 1);
  }
  /* Pause lengths are clamped to what a file may hold. */
  {
    g_autoptr(ProprioPlanStep) p = proprio_plan_step_new_pause (1e9, NULL);

    g_assert_cmpfloat (proprio_plan_step_get_seconds (p), ==, PROPRIO_PLAN_MAX_SECONDS);
    proprio_plan_step_set_seconds (p, 0.0);
    g_assert_cmpfloat (proprio_plan_step_get_seconds (p), ==, PROPRIO_PLAN_MIN_SECONDS);
  }
}

/* ---- running a plan ---- */

typedef struct
{
  ProprioStation *station;
  ProprioPlanRun *run;
  gint64          t_us;
  guint           started;
  guint           finished;
  guint           changed;
} RunFixture;

static void
started_cb (ProprioPlanRun  *run,
            ProprioPlanStep *step,
            RunFixture      *f)
{
  g_assert_true (PROPRIO_IS_PLAN_STEP (step));
  f->started++;
}

static void
run_fixture_init (RunFixture  *f,
                  const char  *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new (spec, &error);

  g_assert_no_error (error);
  f->station = proprio_station_new ();
  /* Not connected: the samples come from the script only. */
  proprio_station_set_device (f->station, device);
  f->run = proprio_plan_run_new (f->station);
  f->t_us = proprio_clock_now_us ();
  g_signal_connect (f->run, "step-started", G_CALLBACK (started_cb), f);
  g_signal_connect (f->run, "finished", G_CALLBACK (count_cb), &f->finished);
  g_signal_connect (f->run, "changed", G_CALLBACK (count_cb), &f->changed);
}

static void
run_fixture_clear (RunFixture *f)
{
  g_clear_object (&f->run);
  g_object_run_dispose (G_OBJECT (f->station));
  g_clear_object (&f->station);
}

/* A quiet stance, one sample at a time, until the running exercise ends (or `max` samples). */
static void
stand (RunFixture *f,
       guint       max)
{
  for (guint i = 0; i < max && proprio_station_is_running (f->station); i++)
    {
      ProprioSample s = { 0 };
      double t = (double) i / RATE_HZ;

      f->t_us += STEP_US;
      s.t_us = f->t_us;
      s.flags = PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
      for (guint c = 0; c < 4; c++)
        s.values[c] = 17.5;
      s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = 70.0;
      s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = 4.0 * sin (G_PI * t);
      s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = 2.0 * cos (G_PI * t);
      proprio_station_push_samples (f->station, &s, 1);
    }
}

static ProprioPlanStepState
state_of (RunFixture *f,
          ProprioPlan *plan,
          guint       i)
{
  return proprio_plan_run_get_step_state (f->run, proprio_plan_get_step (plan, i));
}

static void
end_rest (RunFixture *f)
{
  g_assert_true (proprio_plan_run_is_resting (f->run));
  proprio_plan_run_tick (f->run, proprio_clock_now_us () + 10 * G_USEC_PER_SEC);
  g_assert_false (proprio_plan_run_is_resting (f->run));
}

static void
test_run_steps (void)
{
  RunFixture f = { 0 };
  g_autoptr(ProprioPlan) plan = make_plan ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) before = NULL;
  g_autoptr(GVariant) after = NULL;
  ProprioExercise *engine;
  ProprioExerciseResult *result;
  ProprioPlanProgress progress;
  double duration = 0;

  run_fixture_init (&f, "sim:balance?seed=3");
  engine = proprio_station_get_engine (f.station, "static-test");
  /* The page's settings, which the plan must give back after its step. */
  g_assert_true (proprio_exercise_apply_settings (engine,
                                                  g_variant_new_parsed ("{'duration-s': <25.0>}"),
                                                  &error));
  before = proprio_exercise_get_settings (engine);

  g_assert_false (proprio_plan_run_start (f.run, 0, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_NO_STEPS);
  g_clear_error (&error);
  g_assert_false (proprio_plan_run_next (f.run));

  proprio_plan_run_set_plan (f.run, plan);
  g_assert_true (proprio_plan_run_start (f.run, 0, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_plan_run_is_active (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 0);
  g_assert_cmpuint (f.started, ==, 1);
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_ACTIVE);
  g_assert_true (proprio_station_get_running (f.station) == engine);
  g_assert_cmpstr (proprio_station_get_exercise_id (f.station), ==, "static-test");
  /* A second start while it runs is refused. */
  g_assert_false (proprio_plan_run_start (f.run, 0, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_BUSY);
  g_clear_error (&error);

  stand (&f, 5 * RATE_HZ);
  g_assert_false (proprio_station_is_running (f.station));
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_DONE);
  result = proprio_plan_run_get_step_result (f.run, proprio_plan_get_step (plan, 0));
  g_assert_nonnull (result);
  g_assert_cmpint (proprio_exercise_result_get_outcome (result), ==,
                   PROPRIO_EXERCISE_OUTCOME_DONE);
  /* The step ran with its own settings (a file's 1 became the engine's 1.0)… */
  g_assert_true (g_variant_lookup (proprio_exercise_result_get_settings (result), "duration-s",
                                   "d", &duration));
  g_assert_cmpfloat (duration, ==, 1.0);
  /* …and the result is the one the station keeps. */
  {
    GListModel *results = proprio_station_get_results (f.station);
    g_autoptr(ProprioExerciseResult) last =
      g_list_model_get_item (results, g_list_model_get_n_items (results) - 1);

    g_assert_true (last == result);
  }
  /* The engine has its page's settings again. */
  after = proprio_exercise_get_settings (engine);
  g_assert_true (g_variant_equal (before, after));
  /* The run waits on the finished step. */
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 0);
  g_assert_true (proprio_plan_run_is_active (f.run));

  /* Next: the pause. */
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);
  g_assert_true (proprio_plan_run_is_resting (f.run));
  g_assert_cmpfloat (proprio_plan_run_get_rest_left (f.run, proprio_clock_now_us ()), >, 0.3);
  g_assert_cmpfloat (proprio_plan_run_get_rest_left (f.run, proprio_clock_now_us ()), <=, 0.5);
  end_rest (&f);
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_DONE);

  /* Repeat: the same rest again. */
  g_assert_true (proprio_plan_run_repeat (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_ACTIVE);
  g_assert_cmpuint (proprio_plan_run_get_step_runs (f.run, proprio_plan_get_step (plan, 1)), ==,
                    2);

  /* Skip: the rest is left out, the last step starts. */
  g_assert_true (proprio_plan_run_skip (f.run));
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_SKIPPED);
  g_assert_false (proprio_plan_run_is_resting (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 2);
  g_assert_true (proprio_station_is_running (f.station));
  g_assert_null (proprio_plan_run_get_next_step (f.run));

  /* Previous while it runs: the last step is stopped (its result so far kept), the rest
   * starts again. */
  g_assert_true (proprio_plan_run_previous (f.run));
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_STOPPED);
  g_assert_nonnull (proprio_plan_run_get_step_result (f.run, proprio_plan_get_step (plan, 2)));
  g_assert_cmpint (proprio_exercise_result_get_outcome (
                     proprio_plan_run_get_step_result (f.run, proprio_plan_get_step (plan, 2))),
                   ==, PROPRIO_EXERCISE_OUTCOME_CANCELLED);
  g_assert_false (proprio_station_is_running (f.station));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);
  g_assert_true (proprio_plan_run_is_resting (f.run));

  /* Next stops the rest (stopped) and runs the last step to its end. */
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_STOPPED);
  stand (&f, 5 * RATE_HZ);
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_DONE);
  g_assert_cmpuint (f.finished, ==, 0);

  /* Next after the last step: the plan is complete. */
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_false (proprio_plan_run_is_active (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, -1);
  g_assert_cmpuint (f.finished, ==, 1);
  g_assert_false (proprio_plan_run_next (f.run));
  g_assert_false (proprio_plan_run_skip (f.run));

  proprio_plan_run_get_progress (f.run, &progress);
  g_assert_cmpuint (progress.n_steps, ==, 3);
  g_assert_cmpuint (progress.n_done, ==, 2);
  g_assert_cmpuint (progress.n_stopped, ==, 1);
  g_assert_cmpuint (progress.n_skipped, ==, 0);
  g_assert_cmpuint (progress.n_failed, ==, 0);
  g_assert_cmpuint (progress.n_pending, ==, 0);
  g_assert_cmpuint (f.started, ==, 6);

  {
    g_autofree char *json = proprio_plan_run_to_json (f.run);

    g_assert_nonnull (strstr (json, "\"state\":\"done\""));
    g_assert_nonnull (strstr (json, "\"state\":\"stopped\""));
    g_assert_nonnull (strstr (json, "\"outcome\":\"done\""));
    g_assert_nonnull (strstr (json, "\"runs\":3"));
  }

  /* A new start clears the progress. */
  g_assert_true (proprio_plan_run_start (f.run, 1, &error));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_PENDING);
  g_assert_true (proprio_plan_run_stop (f.run));
  g_assert_false (proprio_plan_run_is_active (f.run));
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_STOPPED);
  run_fixture_clear (&f);
}

static ProprioPlan *
plan_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  ProprioPlan *plan = proprio_plan_new_from_json (json, -1, FALSE, &error);

  g_assert_no_error (error);
  return plan;
}

static void
test_run_failing_steps (void)
{
  RunFixture f = { 0 };
  g_autoptr(ProprioPlan) plan = plan_from_json (
    "{\"format\": \"proprio-plan\", \"version\": 1, \"title\": \"Faults\", \"steps\": ["
    " {\"kind\": \"exercise\", \"exercise\": \"juggling\"},"
    " {\"kind\": \"exercise\", \"exercise\": \"activation-drill\"},"
    " {\"kind\": \"exercise\", \"exercise\": \"static-test\", \"settings\": {\"duration-s\": 5000}},"
    " {\"kind\": \"exercise\", \"exercise\": \"static-test\", \"settings\": {\"duration-s\": \"x\"}},"
    " {\"kind\": \"exercise\", \"exercise\": \"static-test\", \"settings\": {\"speed\": 2}},"
    " {\"kind\": \"pacer\", \"exercise\": \"breathing-pacer\", \"seconds\": 3}]}");
  g_autoptr(GError) error = NULL;
  const char *message;
  ProprioPlanStep *step;
  ProprioPlanProgress progress;

  run_fixture_init (&f, "sim:balance?seed=4");
  proprio_plan_run_set_plan (f.run, plan);

  /* An exercise this version does not have: failed, in words, and the run stays on it. */
  g_assert_true (proprio_plan_run_start (f.run, 0, &error));
  g_assert_no_error (error);
  step = proprio_plan_get_step (plan, 0);
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_FAILED);
  message = proprio_plan_run_get_step_message (f.run, step);
  g_assert_nonnull (strstr (message, "“juggling”"));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 0);
  g_assert_true (proprio_plan_run_is_active (f.run));
  g_assert_cmpuint (f.started, ==, 0);
  g_assert_false (proprio_plan_run_check_step (f.run, step, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_STEP);
  g_clear_error (&error);
  /* Repeat tries again (and fails again); toggle does the same on a failed step. */
  g_assert_true (proprio_plan_run_repeat (f.run));
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_FAILED);
  g_assert_cmpuint (proprio_plan_run_get_step_runs (f.run, step), ==, 2);
  g_assert_true (proprio_plan_run_toggle (f.run));
  g_assert_cmpuint (proprio_plan_run_get_step_runs (f.run, step), ==, 3);

  /* Skip: the EMG exercise on a balance board cannot start, and says what to do. */
  g_assert_true (proprio_plan_run_skip (f.run));
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_SKIPPED);
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_FAILED);
  message = proprio_plan_run_get_step_message (f.run, proprio_plan_get_step (plan, 1));
  g_assert_nonnull (strstr (message, "EMG"));
  /* The check does not know about devices: the step itself is fine. */
  g_assert_true (proprio_plan_run_check_step (f.run, proprio_plan_get_step (plan, 1), &error));
  g_assert_no_error (error);

  /* Settings the engine refuses, of three kinds: out of range, wrong type, unknown key. */
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_cmpint (state_of (&f, plan, 1), ==, PROPRIO_PLAN_STEP_FAILED);
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_FAILED);
  message = proprio_plan_run_get_step_message (f.run, proprio_plan_get_step (plan, 2));
  g_assert_nonnull (strstr (message, "duration-s"));
  g_assert_false (proprio_station_is_running (f.station));
  g_assert_false (proprio_plan_run_check_step (f.run, proprio_plan_get_step (plan, 2), &error));
  g_assert_nonnull (strstr (error->message, "duration-s"));
  g_clear_error (&error);
  g_assert_true (proprio_plan_run_next (f.run));
  message = proprio_plan_run_get_step_message (f.run, proprio_plan_get_step (plan, 3));
  g_assert_nonnull (strstr (message, "duration-s"));
  g_assert_true (proprio_plan_run_next (f.run));
  message = proprio_plan_run_get_step_message (f.run, proprio_plan_get_step (plan, 4));
  g_assert_nonnull (strstr (message, "speed"));
  /* A refused step changed nothing: the engine keeps its own settings. */
  {
    double duration = 0;
    g_autoptr(GVariant) settings =
      proprio_exercise_get_settings (proprio_station_get_engine (f.station, "static-test"));

    g_assert_true (g_variant_lookup (settings, "duration-s", "d", &duration));
    g_assert_cmpfloat (duration, ==, 30.0);
  }

  /* A pacer whose engine is not there yet is a rest with a countdown. */
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_true (proprio_plan_run_is_resting (f.run));
  g_assert_cmpfloat (proprio_plan_run_get_rest_left (f.run, proprio_clock_now_us ()), >, 2.0);
  g_assert_true (proprio_plan_run_check_step (f.run, proprio_plan_get_step (plan, 5), NULL));
  /* Toggle ends a rest: it is over, not failed. */
  g_assert_true (proprio_plan_run_toggle (f.run));
  g_assert_cmpint (state_of (&f, plan, 5), ==, PROPRIO_PLAN_STEP_DONE);
  /* …and toggle again after a finished last step completes the plan. */
  g_assert_true (proprio_plan_run_toggle (f.run));
  g_assert_false (proprio_plan_run_is_active (f.run));
  g_assert_cmpuint (f.finished, ==, 1);

  proprio_plan_run_get_progress (f.run, &progress);
  g_assert_cmpuint (progress.n_failed, ==, 4);
  g_assert_cmpuint (progress.n_skipped, ==, 1);
  g_assert_cmpuint (progress.n_done, ==, 1);
  run_fixture_clear (&f);
}

/* Escape on the window stops the station's exercise directly: the step is stopped, and a step
 * cannot start while the therapist runs something else by hand. */
static void
test_run_outside_stops (void)
{
  RunFixture f = { 0 };
  g_autoptr(ProprioPlan) plan = make_plan ();
  g_autoptr(GError) error = NULL;

  run_fixture_init (&f, "sim:balance?seed=5");
  proprio_plan_run_set_plan (f.run, plan);
  g_assert_true (proprio_plan_run_start (f.run, 0, &error));
  g_assert_true (proprio_station_stop (f.station));
  g_assert_cmpint (state_of (&f, plan, 0), ==, PROPRIO_PLAN_STEP_STOPPED);
  g_assert_true (proprio_plan_run_is_active (f.run));

  /* Toggle on a stopped step goes on to the next. */
  g_assert_true (proprio_plan_run_toggle (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);
  end_rest (&f);

  g_assert_true (proprio_station_select_exercise (f.station, "los-test", &error));
  g_assert_true (proprio_station_start (f.station, &error));
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_FAILED);
  g_assert_nonnull (strstr (proprio_plan_run_get_step_message (f.run,
                                                               proprio_plan_get_step (plan, 2)),
                            "Another exercise"));
  /* The therapist's exercise was left alone. */
  g_assert_true (proprio_station_get_running (f.station) ==
                 proprio_station_get_engine (f.station, "los-test"));
  proprio_station_stop (f.station);
  g_assert_true (proprio_plan_run_repeat (f.run));
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_ACTIVE);

  /* Toggle while an exercise step runs stops it. */
  g_assert_true (proprio_plan_run_toggle (f.run));
  g_assert_cmpint (state_of (&f, plan, 2), ==, PROPRIO_PLAN_STEP_STOPPED);
  g_assert_false (proprio_station_is_running (f.station));
  run_fixture_clear (&f);
}

/* Notes change while the plan runs; steps still to come can move; deleting the running step
 * ends the run (it cannot say where it is any more). */
static void
test_run_edit_while_running (void)
{
  RunFixture f = { 0 };
  g_autoptr(ProprioPlan) plan = make_plan ();
  g_autoptr(GError) error = NULL;
  ProprioPlanStep *first = proprio_plan_get_step (plan, 0);

  run_fixture_init (&f, "sim:balance?seed=6");
  proprio_plan_run_set_plan (f.run, plan);
  g_assert_true (proprio_plan_run_start (f.run, 0, &error));
  stand (&f, 5 * RATE_HZ);
  g_assert_true (proprio_plan_run_next (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 1);

  proprio_plan_step_set_note (proprio_plan_get_step (plan, 1), "Sit down");
  g_assert_true (proprio_plan_run_is_resting (f.run));
  /* The finished first step moves behind the current one: its record goes with it. */
  g_assert_true (proprio_plan_move_step (plan, 0, 2));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, 0);
  g_assert_cmpint (proprio_plan_run_get_step_state (f.run, first), ==, PROPRIO_PLAN_STEP_DONE);
  g_assert_true (proprio_plan_run_is_resting (f.run));

  g_assert_true (proprio_plan_remove_step (plan, 0));
  g_assert_false (proprio_plan_run_is_active (f.run));
  g_assert_false (proprio_plan_run_is_resting (f.run));
  g_assert_cmpint (proprio_plan_run_get_current (f.run), ==, -1);
  run_fixture_clear (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan/json/values", test_json_values);
  g_test_add_func ("/plan/json/errors-say-where", test_json_errors);
  g_test_add_func ("/plan/json/coerce-to-engine-types", test_json_coerce);
  g_test_add_func ("/plan/file/round-trip", test_file_round_trip);
  g_test_add_func ("/plan/file/errors-name-the-problem", test_file_errors);
  g_test_add_func ("/plan/model/edit", test_model_edit);
  g_test_add_func ("/plan/run/next-repeat-skip-previous", test_run_steps);
  g_test_add_func ("/plan/run/failing-steps-are-reported-and-skipped", test_run_failing_steps);
  g_test_add_func ("/plan/run/stopped-from-outside", test_run_outside_stops);
  g_test_add_func ("/plan/run/edit-while-running", test_run_edit_while_running);

  return g_test_run ();
}
