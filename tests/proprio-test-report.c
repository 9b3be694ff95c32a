/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "proprio-test-report.h"

#include <ftw.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>

#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-static-test.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

#define BALANCE_PERIOD_US 10000   /* 100 Hz */
#define EMG_PERIOD_US     4000    /* 250 Hz */

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

/* A standing patient's sway (mm): slow and small with eyes open, wider with eyes closed. */
static void
sway (double  t_s,
      double  scale,
      double *x,
      double *y)
{
  *x = scale * (3.0 * sin (2 * G_PI * 0.3 * t_s) + 1.2 * sin (2 * G_PI * 1.1 * t_s + 0.4)) - 4.0;
  *y = scale * (4.0 * sin (2 * G_PI * 0.2 * t_s + 1.0) + 0.8 * cos (2 * G_PI * 0.9 * t_s))
       + 12.0;
}

static ProprioStreamFile *
new_stream (ProprioReportFixture     *fx,
            ProprioSession           *session,
            const char               *name,
            ProprioStreamKind         kind,
            const ProprioChannelInfo *channels,
            guint                     n_channels,
            double                    rate_hz)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (session->folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n_channels);
  g_autofree char *json = proprio_store_channels_to_json (channels, n_channels);
  ProprioStreamInfo info = { (char *) name, kind, NULL, rate_hz, json, (char *) "sim:test" };
  g_autoptr(GError) error = NULL;
  ProprioStreamFile *sf = proprio_stream_file_create (path, header, &error);

  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (fx->store, session->id, &info, &error));
  g_assert_no_error (error);
  return sf;
}

static void
append_sample (ProprioStreamFile   *sf,
               const ProprioSample *s)
{
  g_autoptr(GString) line = g_string_new (NULL);

  proprio_stream_file_format_sample (line, s, s->n_channels);
  proprio_stream_file_append_line (sf, line->str, line->len);
}

static void
close_stream (ProprioStreamFile *sf)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_stream_file_close (sf, &error));
  g_assert_no_error (error);
  proprio_stream_file_free (sf);
}

static void
store_result (ProprioReportFixture *fx,
              const char           *session_id,
              ProprioExercise      *exercise)
{
  g_autoptr(ProprioExerciseResult) result = proprio_exercise_dup_result (exercise);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (result);
  g_assert_true (proprio_store_add_exercise_sync (fx->store, session_id, result, &error));
  g_assert_no_error (error);
}

/* The real static test on the swaying CoP, written to balance.csv too when `sf` is given. */
static ProprioStaticTest *
run_static_test (ProprioSession    *session,
                 ProprioStreamFile *sf,
                 gint64             t0,
                 gboolean           both,
                 double             scale,
                 guint             *n_rows)
{
  const ProprioStaticCondition conditions[] = { PROPRIO_STATIC_EYES_OPEN,
                                                PROPRIO_STATIC_EYES_CLOSED };
  ProprioStaticTest *st = proprio_static_test_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (st);

  proprio_static_test_set_conditions (st, conditions, both ? 2 : 1);
  proprio_static_test_set_duration (st, 5.0);
  proprio_static_test_set_countdown (st, 0.0);
  proprio_static_test_set_auto_advance (st, TRUE);
  proprio_static_test_set_lowpass (st, 10.0);
  proprio_exercise_start (ex);
  for (guint k = 0; k < 1200 && proprio_exercise_get_phase (ex) != PROPRIO_EXERCISE_PHASE_DONE;
       k++)
    {
      ProprioSample s = { 0 };
      double t = k * BALANCE_PERIOD_US / 1e6;

      s.t_us = t0 + (gint64) k * BALANCE_PERIOD_US;
      s.flags = PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = 7;
      for (guint c = 0; c < 4; c++)
        s.values[c] = 17.0 + c;
      s.values[4] = 74.0;
      /* Eyes closed from the 6th second: twice the sway. */
      sway (t, scale * (t < 5.0 ? 1.0 : 2.0), &s.values[5], &s.values[6]);
      proprio_exercise_feed (ex, &s);
      if (sf != NULL)
        {
          append_sample (sf, &s);
          (*n_rows)++;
        }
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  return st;
}

/* The real activation drill on an EMG envelope in the band during each work, written to
 * emg.csv: ch1, ch2 (raw) and their envelopes. */
static ProprioActivationDrill *
run_drill (ProprioStreamFile *sf,
           gint64             t0)
{
  ProprioActivationDrill *drill = proprio_activation_drill_new ();
  ProprioExercise *ex = PROPRIO_EXERCISE (drill);

  proprio_activation_drill_set_mode (drill, PROPRIO_ACTIVATION_ACTIVATE);
  proprio_activation_drill_set_timing (drill, 2.0, 2.0, 3);
  proprio_activation_drill_set_countdown (drill, 0.0);
  proprio_activation_drill_set_band (drill, 30.0, 50.0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_TARGET, 2, 200.0, 0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_QUIET, 3, 0.0, 1);
  proprio_exercise_start (ex);
  for (guint k = 0; k < 3500 && proprio_exercise_get_phase (ex) != PROPRIO_EXERCISE_PHASE_DONE;
       k++)
    {
      ProprioSample s = { 0 };
      double t = k * EMG_PERIOD_US / 1e6;
      gboolean work = fmod (t, 4.0) >= 0.3 && fmod (t, 4.0) < 2.0;

      s.t_us = t0 + (gint64) k * EMG_PERIOD_US;
      s.n_channels = 4;
      s.values[0] = 30.0 * sin (k * 0.7);
      s.values[1] = 12.0 * sin (k * 1.3);
      /* 40 %MVC in the work (MVC 200 µV), a little less each rep; 5 %MVC at rest. */
      s.values[2] = work ? 80.0 - 4.0 * floor (t / 4.0) + 3.0 * sin (t * 9.0) : 10.0;
      s.values[3] = 6.0 + 2.0 * sin (t * 3.0);
      proprio_exercise_feed (ex, &s);
      append_sample (sf, &s);
    }
  g_assert_cmpint (proprio_exercise_get_phase (ex), ==, PROPRIO_EXERCISE_PHASE_DONE);
  return drill;
}

static GVariant *
dict_end (GVariantDict *dict)
{
  return g_variant_dict_end (dict);
}

static void
add_result (ProprioReportFixture *fx,
            const char           *session_id,
            const char           *id,
            const char           *title,
            gint64                start_us,
            GVariant             *settings,
            GVariant             *results)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(ProprioExerciseResult) result =
    proprio_exercise_result_new (id, title, start_us, start_us + 60 * G_USEC_PER_SEC, now,
                                 PROPRIO_EXERCISE_OUTCOME_DONE, settings, results);
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_store_add_exercise_sync (fx->store, session_id, result, &error));
  g_assert_no_error (error);
}

static void
add_weight_shift (ProprioReportFixture *fx,
                  const char           *session_id,
                  gint64                start_us)
{
  g_auto(GVariantBuilder) trials = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ddd)"));
  g_auto(GVariantDict) summary = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);
  const double xy[][2] = { { -80, 0 }, { 80, 0 }, { 0, 60 }, { 0, -60 } };
  const double scores[] = { 90.0, 80.0, 0.0, 100.0 };

  for (guint i = 0; i < 4; i++)
    {
      g_auto(GVariantDict) t = G_VARIANT_DICT_INIT (NULL);

      g_variant_builder_add (&targets, "(ddd)", xy[i][0], xy[i][1], 20.0);
      g_variant_dict_insert (&t, "target-index", "u", i);
      g_variant_dict_insert (&t, "outcome", "s", i == 2 ? "missed" : "hit");
      g_variant_dict_insert (&t, "time-to-target-s", "d", 1.25 + i * 0.5);
      g_variant_dict_insert (&t, "time-to-hit-s", "d", i == 2 ? NAN : 2.25 + i * 0.5);
      g_variant_dict_insert (&t, "path-length-mm", "d", 110.0 + 10 * i);
      g_variant_dict_insert (&t, "score", "d", scores[i]);
      g_variant_builder_add_value (&trials, dict_end (&t));
    }
  g_variant_dict_insert (&summary, "n-presented", "u", 4);
  g_variant_dict_insert (&summary, "n-hits", "u", 3);
  g_variant_dict_insert (&summary, "n-missed", "u", 1);
  g_variant_dict_insert (&summary, "mean-time-to-target-s", "d", 2.0);
  g_variant_dict_insert (&summary, "mean-path-length-mm", "d", 125.0);
  g_variant_dict_insert (&summary, "score", "d", 67.5);
  g_variant_dict_insert_value (&results, "trials", g_variant_builder_end (&trials));
  g_variant_dict_insert_value (&results, "targets-mm", g_variant_builder_end (&targets));
  g_variant_dict_insert_value (&results, "summary", dict_end (&summary));
  g_variant_dict_insert (&settings, "preset", "s", "custom");
  g_variant_dict_insert (&settings, "dwell-s", "d", 1.0);
  g_variant_dict_insert (&settings, "timeout-s", "d", 8.0);
  g_variant_dict_insert (&settings, "board-width-mm", "d", 433.0);
  g_variant_dict_insert (&settings, "board-length-mm", "d", 238.0);
  add_result (fx, session_id, "weight-shift", "Weight shift", start_us, dict_end (&settings),
              dict_end (&results));
}

static void
add_los (ProprioReportFixture *fx,
         const char           *session_id,
         gint64                start_us)
{
  static const char *const abbrev[] = { "F", "FR", "R", "BR", "B", "BL", "L", "FL" };
  g_auto(GVariantBuilder) directions = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);
  double polygon[16];

  for (guint i = 0; i < 8; i++)
    {
      g_auto(GVariantDict) d = G_VARIANT_DICT_INIT (NULL);
      g_auto(GVariantDict) m = G_VARIANT_DICT_INIT (NULL);
      double angle = G_PI / 2 - i * G_PI / 4, reach = 70.0 + 5.0 * i;

      polygon[2 * i] = reach * cos (angle);
      polygon[2 * i + 1] = reach * sin (angle);
      g_variant_dict_insert (&m, "reaction-time-s", "d", 0.4 + 0.01 * i);
      g_variant_dict_insert (&m, "movement-velocity-deg-s", "d", 3.5);
      g_variant_dict_insert (&m, "endpoint-pct", "d", 80.0);
      g_variant_dict_insert (&m, "max-excursion-pct", "d", 90.0 + i);
      g_variant_dict_insert (&m, "directional-control-pct", "d", 75.0);
      g_variant_dict_insert (&d, "direction", "s", abbrev[i]);
      g_variant_dict_insert (&d, "name", "s", abbrev[i]);
      g_variant_dict_insert (&d, "status", "s", "done");
      g_variant_dict_insert (&d, "target-mm", "d", 80.0);
      g_variant_dict_insert (&d, "centre-x-mm", "d", 0.0);
      g_variant_dict_insert (&d, "centre-y-mm", "d", 0.0);
      g_variant_dict_insert_value (&d, "metrics", dict_end (&m));
      g_variant_builder_add_value (&directions, dict_end (&d));
    }
  g_variant_dict_insert_value (&results, "directions", g_variant_builder_end (&directions));
  g_variant_dict_insert_value (&results, "polygon-mm",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, polygon, 16,
                                                          sizeof (double)));
  g_variant_dict_insert (&settings, "trial-s", "d", 8.0);
  add_result (fx, session_id, "los-test", "Limits of stability", start_us, dict_end (&settings),
              dict_end (&results));
}

static void
add_jps (ProprioReportFixture *fx,
         const char           *session_id,
         gint64                start_us)
{
  const double targets[] = { 45, 60, 45, 60, 45, 60 };
  const double reproduced[] = { 49, 57, 43, 66, NAN, 61 };
  g_auto(GVariantBuilder) trials = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) overall = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);

  for (guint i = 0; i < 6; i++)
    {
      g_auto(GVariantDict) t = G_VARIANT_DICT_INIT (NULL);
      gboolean valid = isfinite (reproduced[i]);

      g_variant_dict_insert (&t, "trial", "u", i + 1);
      g_variant_dict_insert (&t, "target-index", "u", i % 2);
      g_variant_dict_insert (&t, "valid", "b", valid);
      g_variant_dict_insert (&t, "invalid-reason", "s", valid ? "" : "timeout");
      g_variant_dict_insert (&t, "target-deg", "d", targets[i]);
      g_variant_dict_insert (&t, "reproduced-deg", "d", reproduced[i]);
      g_variant_dict_insert (&t, "error-deg", "d", reproduced[i] - targets[i]);
      g_variant_builder_add_value (&trials, dict_end (&t));
    }
  g_variant_dict_insert (&overall, "n", "u", 5);
  g_variant_dict_insert (&overall, "ce-deg", "d", 1.4);
  g_variant_dict_insert (&overall, "ae-deg", "d", 3.4);
  g_variant_dict_insert (&overall, "ve-deg", "d", 3.44);
  g_variant_dict_insert (&overall, "e-deg", "d", 3.71);
  g_variant_dict_insert (&results, "n-trials", "u", 6);
  g_variant_dict_insert (&results, "n-valid", "u", 5);
  g_variant_dict_insert_value (&results, "trials", g_variant_builder_end (&trials));
  g_variant_dict_insert_value (&results, "overall", dict_end (&overall));
  g_variant_dict_insert (&settings, "tolerance-deg", "d", 3.0);
  g_variant_dict_insert_value (&settings, "targets-deg",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, targets, 2,
                                                          sizeof (double)));
  add_result (fx, session_id, "jps-protocol", "Joint position", start_us, dict_end (&settings),
              dict_end (&results));
}

static char *
figure_of (ProprioStaticTest *st,
           guint              condition,
           gboolean           area)
{
  const ProprioStaticResult *r = proprio_static_test_get_result (st, condition);

  g_assert_cmpint (r->status, ==, PROPRIO_STATIC_STATUS_COMPLETE);
  return g_strdup_printf ("%.1f", area ? r->metrics.ellipse95.area : r->metrics.path_length_mm);
}

void
proprio_report_fixture_set_up (ProprioReportFixture *fx,
                               gconstpointer         data)
{
  static const ProprioChannelInfo balance[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };
  static const ProprioChannelInfo emg[] = {
    { "ch1_uv", "Ch 1", "uV" }, { "ch2_uv", "Ch 2", "uV" },
    { "ch1_uv_env", "Ch 1 envelope", "uV" }, { "ch2_uv_env", "Ch 2 envelope", "uV" },
  };
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("P-07");
  g_autoptr(GError) error = NULL;
  ProprioSession *sessions[3];
  g_autoptr(ProprioStaticTest) first = NULL;
  g_autoptr(ProprioStaticTest) st = NULL;
  g_autoptr(ProprioActivationDrill) drill = NULL;
  ProprioStreamFile *sf;
  g_autofree char *emg_path = NULL;

  fx->tmp = g_dir_make_tmp ("proprio-report-XXXXXX", NULL);
  fx->data_dir = g_build_filename (fx->tmp, "data", NULL);
  fx->out = g_build_filename (fx->tmp, "out", NULL);
  g_assert_cmpint (g_mkdir (fx->out, 0700), ==, 0);
  fx->store = proprio_sqlite_store_open_sync (fx->data_dir, &error);
  g_assert_no_error (error);
  patient->name = g_strdup (PROPRIO_TEST_PATIENT_NAME);
  patient->birth_date = g_strdup (PROPRIO_TEST_BIRTH_DATE);
  patient->side = g_strdup ("left");
  patient->notes = g_strdup ("Ankle sprain in March; works standing all day.");
  g_assert_true (proprio_store_save_patient_sync (fx->store, patient, FALSE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      sessions[i] = proprio_store_begin_session_sync (fx->store, "P-07", "sim:balance", &error);
      g_assert_no_error (error);
      fx->sessions[i] = g_strdup (sessions[i]->id);
      g_usleep (2000);
    }

  /* The first session: eyes open only, wider sway than today. */
  first = run_static_test (sessions[0], NULL, sessions[0]->start_us + 1000, FALSE, 1.5, NULL);
  store_result (fx, fx->sessions[0], PROPRIO_EXERCISE (first));

  /* The session under test. */
  sf = new_stream (fx, sessions[1], "balance", PROPRIO_STREAM_BALANCE, balance,
                   G_N_ELEMENTS (balance), 100.0);
  st = run_static_test (sessions[1], sf, sessions[1]->start_us + G_USEC_PER_SEC, TRUE, 1.0,
                        &fx->n_balance_rows);
  close_stream (sf);
  store_result (fx, fx->sessions[1], PROPRIO_EXERCISE (st));
  fx->eo_path_mm = figure_of (st, 0, FALSE);
  fx->ec_area_mm2 = figure_of (st, 1, TRUE);
  add_weight_shift (fx, fx->sessions[1], sessions[1]->start_us + 20 * G_USEC_PER_SEC);
  fx->ws_score = g_strdup ("67.5");
  add_los (fx, fx->sessions[1], sessions[1]->start_us + 90 * G_USEC_PER_SEC);
  sf = new_stream (fx, sessions[1], "emg", PROPRIO_STREAM_EMG, emg, G_N_ELEMENTS (emg), 250.0);
  drill = run_drill (sf, sessions[1]->start_us + 200 * G_USEC_PER_SEC);
  close_stream (sf);
  store_result (fx, fx->sessions[1], PROPRIO_EXERCISE (drill));
  add_jps (fx, fx->sessions[1], sessions[1]->start_us + 300 * G_USEC_PER_SEC);

  /* The third: nothing but a recording that has gone missing. */
  sf = new_stream (fx, sessions[2], "emg", PROPRIO_STREAM_EMG, emg, G_N_ELEMENTS (emg), 250.0);
  close_stream (sf);
  emg_path = g_build_filename (sessions[2]->folder, "emg.csv", NULL);
  g_assert_cmpint (g_unlink (emg_path), ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (proprio_store_end_session_sync (fx->store, fx->sessions[i],
                                                     sessions[i]->start_us +
                                                     400 * G_USEC_PER_SEC, &error));
      g_assert_no_error (error);
      proprio_session_free (sessions[i]);
    }
}

void
proprio_report_fixture_tear_down (ProprioReportFixture *fx,
                                  gconstpointer         data)
{
  g_clear_object (&fx->store);
  nftw (fx->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  for (guint i = 0; i < G_N_ELEMENTS (fx->sessions); i++)
    g_free (fx->sessions[i]);
  g_free (fx->tmp);
  g_free (fx->data_dir);
  g_free (fx->out);
  g_free (fx->eo_path_mm);
  g_free (fx->ec_area_mm2);
  g_free (fx->ws_score);
}

static int
run_argv (GPtrArray   *args,
          const char  *data_dir,
          char       **out,
          char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", data_dir, TRUE);
  g_ptr_array_add (args, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

int
proprio_report_fixture_run_cli (ProprioReportFixture  *fx,
                                char                 **out,
                                char                 **err,
                                const char            *first,
                                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("PROPRIO_CLI"));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  return run_argv (args, fx->data_dir, out, err);
}

gboolean
proprio_test_run_tool (char       **out,
                       const char  *first,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *program = g_find_program_in_path (first);
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  if (program == NULL)
    return FALSE;
  g_ptr_array_add (args, program);
  va_start (ap, first);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  status = run_argv (args, NULL, out, &err);
  if (status != 0)
    g_error ("%s failed (%d): %s", first, status, err);
  return TRUE;
}
