/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trends across a patient's sessions against values computed by hand, on a store the test fills
 * with results in the shape each engine writes; then the same through `proprio-cli trends`. */
#include <ftw.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "report/proprio-trends.h"
#include "store/proprio-sqlite-store.h"

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

typedef struct
{
  char         *tmp;
  char         *data_dir;
  ProprioStore *store;
  char         *sessions[3];  /* P-07's, oldest first */
} Fixture;

/* --- results in the engines' shapes (see each engine's header) --- */

static GVariant *
condition (const char *nick,
           const char *status,
           double      area_mm2,
           double      velocity_mm_s)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) metrics = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) ellipse = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "condition", "s", nick);
  g_variant_dict_insert (&dict, "status", "s", status);
  if (g_str_equal (status, "complete"))
    {
      g_variant_dict_insert (&ellipse, "area-mm2", "d", area_mm2);
      g_variant_dict_insert_value (&metrics, "ellipse95", g_variant_dict_end (&ellipse));
      g_variant_dict_insert (&metrics, "mean-velocity-mm-s", "d", velocity_mm_s);
      g_variant_dict_insert (&metrics, "path-length-mm", "d", velocity_mm_s * 30.0);
      g_variant_dict_insert_value (&dict, "metrics", g_variant_dict_end (&metrics));
    }
  return g_variant_dict_end (&dict);
}

static GVariant *
vardict (const char *key,
         GVariant   *value)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  if (key != NULL)
    g_variant_dict_insert_value (&dict, key, value);
  return g_variant_dict_end (&dict);
}

static void
add (Fixture    *fx,
     const char *session_id,
     const char *exercise_id,
     ProprioExerciseOutcome outcome,
     GVariant   *settings,
     GVariant   *results)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(ProprioExerciseResult) result =
    proprio_exercise_result_new (exercise_id, exercise_id, 1000, 2000, now, outcome,
                                 settings != NULL ? settings : vardict (NULL, NULL), results);
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_store_add_exercise_sync (fx->store, session_id, result, &error));
  g_assert_no_error (error);
}

static void
add_static (Fixture              *fx,
            const char           *session_id,
            ProprioExerciseOutcome outcome,
            GVariant             *c1,
            GVariant             *c2)
{
  GVariant *conditions[] = { c1, c2 };

  add (fx, session_id, "static-test", outcome, NULL,
       vardict ("conditions", g_variant_new_array (G_VARIANT_TYPE_VARDICT, conditions,
                                                   c2 != NULL ? 2 : 1)));
}

static void
add_los (Fixture      *fx,
         const char   *session_id,
         const double *pct,
         const char  **status,
         guint         n)
{
  g_auto(GVariantBuilder) directions = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));

  for (guint i = 0; i < n; i++)
    {
      g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&d, "status", "s", status[i]);
      g_variant_dict_insert_value (&d, "metrics",
                                   vardict ("max-excursion-pct", g_variant_new_double (pct[i])));
      g_variant_builder_add_value (&directions, g_variant_dict_end (&d));
    }
  add (fx, session_id, "los-test", PROPRIO_EXERCISE_OUTCOME_DONE, NULL,
       vardict ("directions", g_variant_builder_end (&directions)));
}

static void
add_weight_shift (Fixture               *fx,
                  const char            *session_id,
                  ProprioExerciseOutcome outcome,
                  double                 score)
{
  add (fx, session_id, "weight-shift", outcome, NULL,
       vardict ("summary", vardict ("score", g_variant_new_double (score))));
}

static void
add_drill (Fixture      *fx,
           const char   *session_id,
           const char   *mode,
           const char   *unit,
           const double *peaks,
           guint         n,
           double        in_band_pct)
{
  g_auto(GVariantBuilder) reps = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 0; i < n; i++)
    g_variant_builder_add_value (&reps, vardict ("peak", g_variant_new_double (peaks[i])));
  g_variant_dict_insert (&results, "unit", "s", unit);
  g_variant_dict_insert_value (&results, "reps", g_variant_builder_end (&reps));
  g_variant_dict_insert_value (&results, "summary",
                               vardict ("mean-time-in-band-percent",
                                        g_variant_new_double (in_band_pct)));
  add (fx, session_id, "activation-drill", PROPRIO_EXERCISE_OUTCOME_DONE,
       vardict ("mode", g_variant_new_string (mode)), g_variant_dict_end (&results));
}

static void
add_jps (Fixture    *fx,
         const char *session_id,
         double      ae_deg)
{
  add (fx, session_id, "jps-protocol", PROPRIO_EXERCISE_OUTCOME_DONE, NULL,
       vardict ("overall", vardict ("ae-deg", g_variant_new_double (ae_deg))));
}

static char *
new_session (Fixture    *fx,
             const char *patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session =
    proprio_store_begin_session_sync (fx->store, patient_id, "sim:balance", &error);

  g_assert_no_error (error);
  g_assert_true (proprio_store_end_session_sync (fx->store, session->id, 0, &error));
  return g_strdup (session->id);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  static const double los1[] = { 80.0, 90.0, 50.0 }, los3[] = { 100.0, 110.0 };
  static const char *los1_status[] = { "done", "done", "no-movement" };
  static const char *los3_status[] = { "done", "done" };
  static const double peaks1[] = { 30.0, 40.0, 50.0 }, peaks3[] = { 90.0, 110.0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;
  const char *ids[] = { "P-07", "P-08" };

  fx->tmp = g_dir_make_tmp ("proprio-trends-XXXXXX", NULL);
  fx->data_dir = g_build_filename (fx->tmp, "data", NULL);
  fx->store = proprio_sqlite_store_open_sync (fx->data_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(ProprioPatient) patient = proprio_patient_new (ids[i]);

      g_assert_true (proprio_store_save_patient_sync (fx->store, patient, FALSE, &error));
    }
  for (guint i = 0; i < 3; i++)
    {
      fx->sessions[i] = new_session (fx, "P-07");
      /* Distinct start times, whatever the clock's resolution. */
      g_usleep (2000);
    }
  other = new_session (fx, "P-08");

  /* Session 1: the baseline. */
  add_static (fx, fx->sessions[0], PROPRIO_EXERCISE_OUTCOME_DONE,
              condition ("eyes-open", "complete", 200.0, 8.0),
              condition ("eyes-closed", "complete", 400.0, 12.0));
  add_los (fx, fx->sessions[0], los1, los1_status, 3);
  add_weight_shift (fx, fx->sessions[0], PROPRIO_EXERCISE_OUTCOME_DONE, 60.0);
  add_drill (fx, fx->sessions[0], "activate", "%MVC", peaks1, 3, 55.0);
  /* Session 2: eyes closed stepped off; a cancelled and two finished weight shifts; an inhibit
   * drill; a static test still running when stored. */
  add_static (fx, fx->sessions[1], PROPRIO_EXERCISE_OUTCOME_CANCELLED,
              condition ("eyes-open", "complete", 150.0, 7.0),
              condition ("eyes-closed", "stepped-off", 0.0, 0.0));
  add_static (fx, fx->sessions[1], PROPRIO_EXERCISE_OUTCOME_IN_PROGRESS,
              condition ("eyes-open", "complete", 1.0, 1.0), NULL);
  add_weight_shift (fx, fx->sessions[1], PROPRIO_EXERCISE_OUTCOME_CANCELLED, 10.0);
  add_weight_shift (fx, fx->sessions[1], PROPRIO_EXERCISE_OUTCOME_DONE, 65.0);
  add_weight_shift (fx, fx->sessions[1], PROPRIO_EXERCISE_OUTCOME_DONE, 75.0);
  add_drill (fx, fx->sessions[1], "inhibit", "%MVC", peaks1, 3, 99.0);
  add_jps (fx, fx->sessions[1], 6.0);
  /* Session 3: a repeat of eyes open within the session replaces the first one. */
  add_static (fx, fx->sessions[2], PROPRIO_EXERCISE_OUTCOME_DONE,
              condition ("eyes-open", "complete", 120.0, 6.0),
              condition ("eyes-closed", "complete", 300.0, 10.0));
  add_static (fx, fx->sessions[2], PROPRIO_EXERCISE_OUTCOME_DONE,
              condition ("eyes-open", "complete", 100.0, 6.5), NULL);
  add_los (fx, fx->sessions[2], los3, los3_status, 2);
  add_drill (fx, fx->sessions[2], "dual", "uV", peaks3, 2, 70.0);
  add_jps (fx, fx->sessions[2], 4.5);
  /* Another patient's session never counts. */
  add_static (fx, other, PROPRIO_EXERCISE_OUTCOME_DONE,
              condition ("eyes-open", "complete", 999.0, 99.0), NULL);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  nftw (fx->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  for (guint i = 0; i < G_N_ELEMENTS (fx->sessions); i++)
    g_free (fx->sessions[i]);
  g_free (fx->tmp);
  g_free (fx->data_dir);
}

/* The values of a series, oldest first, and which sessions they came from. */
static void
assert_series (const ProprioTrends *trends,
               const char          *id,
               Fixture             *fx,
               const int           *sessions,
               const double        *values,
               guint                n)
{
  const ProprioTrendSeries *series = proprio_trends_get_series (trends, id);

  g_assert_nonnull (series);
  g_assert_cmpuint (series->points->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const ProprioTrendPoint *p = &g_array_index (series->points, ProprioTrendPoint, i);

      g_assert_cmpstr (p->session_id, ==, fx->sessions[sessions[i]]);
      g_assert_cmpfloat_with_epsilon (p->value, values[i], 1e-9);
      g_assert_nonnull (p->date);
    }
}

static void
assert_change (const ProprioTrends *trends,
               const char          *id,
               double               change,
               double               percent,
               gboolean             improved)
{
  const ProprioTrendSeries *series = proprio_trends_get_series (trends, id);
  double c, p;

  g_assert_true (proprio_trend_series_get_change (series, &c, &p));
  g_assert_cmpfloat_with_epsilon (c, change, 1e-9);
  g_assert_cmpfloat_with_epsilon (p, percent, 1e-9);
  g_assert_cmpint (proprio_trend_series_improved (series), ==, improved);
}

static void
test_values (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTrends) trends = proprio_trends_compute (fx->store, "P-07", NULL, &error);
  const int s012[] = { 0, 1, 2 }, s02[] = { 0, 2 }, s0[] = { 0 }, s01[] = { 0, 1 };
  const int s12[] = { 1, 2 };

  g_assert_no_error (error);
  g_assert_nonnull (trends);
  g_assert_cmpstr (trends->patient_id, ==, "P-07");
  g_assert_cmpuint (trends->n_sessions, ==, 3);
  g_assert_cmpuint (trends->series->len, ==, 13);

  /* Sway: the in-progress run (1 mm²) and the other patient's (999 mm²) never count. */
  assert_series (trends, "sway-area-eyes-open", fx, s012, (double[]) { 200.0, 150.0, 100.0 }, 3);
  assert_change (trends, "sway-area-eyes-open", -100.0, -50.0, TRUE);
  assert_series (trends, "sway-velocity-eyes-open", fx, s012, (double[]) { 8.0, 7.0, 6.5 }, 3);
  assert_change (trends, "sway-velocity-eyes-open", -1.5, -18.75, TRUE);
  /* Stepped off in session 2: no value there. */
  assert_series (trends, "sway-area-eyes-closed", fx, s02, (double[]) { 400.0, 300.0 }, 2);
  assert_change (trends, "sway-area-eyes-closed", -100.0, -25.0, TRUE);
  assert_series (trends, "sway-area-foam-eyes-open", fx, s0, NULL, 0);
  g_assert_false (proprio_trend_series_get_change (
                    proprio_trends_get_series (trends, "sway-area-foam-eyes-open"), NULL, NULL));

  /* LOS: the mean over the directions measured, (80 + 90) / 2 and (100 + 110) / 2. */
  assert_series (trends, "los-excursion", fx, s02, (double[]) { 85.0, 105.0 }, 2);
  assert_change (trends, "los-excursion", 20.0, 100.0 * 20.0 / 85.0, TRUE);
  /* Weight shift: the cancelled run is left out, the last finished one counts. */
  assert_series (trends, "weight-shift-score", fx, s01, (double[]) { 60.0, 75.0 }, 2);
  assert_change (trends, "weight-shift-score", 15.0, 25.0, TRUE);
  /* Drills: inhibit is left out; a drill in µV gives a time in band but no %MVC. */
  assert_series (trends, "mvc-reached", fx, s0, (double[]) { 40.0 }, 1);
  assert_series (trends, "time-in-band", fx, s02, (double[]) { 55.0, 70.0 }, 2);
  assert_change (trends, "time-in-band", 15.0, 100.0 * 15.0 / 55.0, TRUE);
  assert_series (trends, "jps-absolute-error", fx, s12, (double[]) { 6.0, 4.5 }, 2);
  assert_change (trends, "jps-absolute-error", -1.5, -25.0, TRUE);
}

static void
test_until (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTrends) trends =
    proprio_trends_compute (fx->store, "P-07", fx->sessions[1], &error);
  g_autoptr(ProprioTrends) none = NULL;
  const int s01[] = { 0, 1 };

  g_assert_no_error (error);
  g_assert_cmpuint (trends->n_sessions, ==, 2);
  assert_series (trends, "sway-area-eyes-open", fx, s01, (double[]) { 200.0, 150.0 }, 2);

  /* Another patient's session, an unknown patient: said, not guessed. */
  none = proprio_trends_compute (fx->store, "P-08", fx->sessions[1], &error);
  g_assert_null (none);
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = proprio_trends_compute (fx->store, "P-99", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
}

/* A result that is not JSON, or JSON of another shape, gives no value and no crash. */
static void
test_damaged (void)
{
  ProprioSession session = { .id = (char *) "S1", .patient_id = (char *) "P" };
  ProprioStoredExercise bad[] = {
    { .exercise_id = (char *) "static-test", .outcome = (char *) "done",
      .result_json = (char *) "{\"results\": {\"conditions\": [1, null, {\"status\": 3}" },
    { .exercise_id = (char *) "static-test", .outcome = (char *) "done",
      .result_json = (char *) "{\"results\": {\"conditions\": [{\"condition\": \"eyes-open\", "
                               "\"status\": \"complete\", \"metrics\": {\"ellipse95\": [],"
                               "\"mean-velocity-mm-s\": \"fast\"}}]}}" },
    { .exercise_id = (char *) "weight-shift", .outcome = (char *) "done",
      .result_json = (char *) "[]" },
    { .exercise_id = (char *) "los-test", .outcome = (char *) "done", .result_json = NULL },
    { .exercise_id = (char *) "jps-protocol", .outcome = (char *) "done",
      .result_json = (char *) "{\"results\": {\"overall\": {\"ae-deg\": 2}}}" },
  };
  g_autoptr(GPtrArray) sessions = g_ptr_array_new ();
  g_autoptr(GPtrArray) exercises =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *list = g_ptr_array_new ();
  g_autoptr(ProprioTrends) trends = NULL;
  guint with_values = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_ptr_array_add (list, &bad[i]);
  g_ptr_array_add (sessions, &session);
  g_ptr_array_add (exercises, list);
  trends = proprio_trends_new_from_sessions ("P", sessions, exercises);
  for (guint i = 0; i < trends->series->len; i++)
    with_values += ((ProprioTrendSeries *) trends->series->pdata[i])->points->len > 0;
  /* Only the well-formed JPS result (an integer is a number too). */
  g_assert_cmpuint (with_values, ==, 1);
  g_assert_cmpfloat (g_array_index (proprio_trends_get_series (trends, "jps-absolute-error")
                                      ->points, ProprioTrendPoint, 0).value, ==, 2.0);
}

/* --- the command --- */

static int
run_cli (Fixture     *fx,
         char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", fx->data_dir, TRUE);
  g_ptr_array_add (args, (gpointer) g_getenv ("PROPRIO_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
series_in_json (JsonObject *root,
                const char *id)
{
  JsonArray *series = json_object_get_array_member (root, "series");

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *s = json_array_get_object_element (series, i);

      if (g_str_equal (json_object_get_string_member (s, "id"), id))
        return s;
    }
  g_assert_not_reached ();
}

static void
test_cli (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *area, *foam;
  JsonArray *points;

  if (g_getenv ("PROPRIO_CLI") == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  /* One program at a time has the records open. */
  g_clear_object (&fx->store);

  g_assert_cmpint (run_cli (fx, &out, &err, "trends", "P-07", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "patient"), ==, "P-07");
  g_assert_cmpint (json_object_get_int_member (root, "sessions"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "series")), ==,
                    13);
  area = series_in_json (root, "sway-area-eyes-open");
  g_assert_cmpstr (json_object_get_string_member (area, "unit"), ==, "mm²");
  g_assert_cmpstr (json_object_get_string_member (area, "better"), ==, "lower");
  points = json_object_get_array_member (area, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (points, 0),
                                                  "session"), ==, fx->sessions[0]);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (points, 2),
                                                    "value"), ==, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (area, "first"), ==, 200.0);
  g_assert_cmpfloat (json_object_get_double_member (area, "last"), ==, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (area, "change"), ==, -100.0);
  g_assert_cmpfloat (json_object_get_double_member (area, "change_percent"), ==, -50.0);
  foam = series_in_json (root, "sway-area-foam-eyes-closed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (foam, "points")), ==, 0);
  g_assert_true (json_object_get_null_member (foam, "change"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The table: each series with values, its change and the verdict. */
  g_assert_cmpint (run_cli (fx, &out, &err, "trends", "P-07", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sway area, eyes open (mm²)"));
  g_assert_nonnull (strstr (out, "Change since the first session: -100 (-50 %), better"));
  g_assert_nonnull (strstr (out, "Weight-shift score\n"));
  g_assert_nonnull (strstr (out, "No values yet: Sway area, foam, eyes open"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (fx, &out, &err, "trends", "P-99", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "P-99"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fx, &out, &err, "trends", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (fx, &out, &err, "trends", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"change_percent\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/trends/values", Fixture, NULL, fixture_set_up, test_values, fixture_tear_down);
  g_test_add ("/trends/until-session", Fixture, NULL, fixture_set_up, test_until,
              fixture_tear_down);
  g_test_add_func ("/trends/damaged-results", test_damaged);
  g_test_add ("/trends/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  return g_test_run ();
}
