/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The snapshot bundle of a session: its folder and files (names, modes), session.json parsed back
 * with json-glib and checked against the engines' figures, the CSV read back row for row against
 * the recording, the figures as PNG, anonymisation, a missing recording, a name already taken,
 * and the command. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "proprio-test-report.h"
#include "report/proprio-bundle.h"
#include "store/proprio-stream-file.h"

static char *
make_bundle (ProprioReportFixture *fx,
             guint                 session,
             gboolean              anonymise)
{
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4, .anonymise = anonymise };
  g_autoptr(GError) error = NULL;
  char *path = proprio_bundle_export (fx->store, fx->sessions[session], fx->out, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
  return path;
}

static JsonObject *
read_json (const char *bundle,
           JsonParser *parser)
{
  g_autofree char *path = g_build_filename (bundle, "session.json", NULL);
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

/* The session's own stream file, as the recorder wrote it. */
static char *
recording_of (ProprioReportFixture *fx,
              guint                 session,
              const char           *name)
{
  g_autoptr(GPtrArray) streams = proprio_store_list_streams_sync (fx->store, fx->sessions[session],
                                                                  NULL);

  for (guint i = 0; streams != NULL && i < streams->len; i++)
    {
      ProprioStreamInfo *info = streams->pdata[i];

      if (g_str_equal (info->name, name))
        return g_strdup (info->path);
    }
  g_assert_not_reached ();
}

static void
test_contents (ProprioReportFixture *fx,
               gconstpointer         data)
{
  g_autofree char *bundle = make_bundle (fx, 1, FALSE);
  g_autofree char *base = g_path_get_basename (bundle);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ProprioSession) session = proprio_store_get_session_sync (fx->store,
                                                                      fx->sessions[1], NULL);
  g_autofree char *expected_name = proprio_bundle_name ("P-07", session->started_at, 2);
  const char *files[] = { "balance.csv", "emg.csv", "events.csv", "exercises.json",
                          "session.json", "report.pdf" };
  JsonObject *root, *patient, *exercise, *condition, *metrics;
  JsonArray *exercises, *streams, *listed;
  g_autofree char *path_mm = NULL;
  g_autofree char *figures = g_build_filename (bundle, "figures", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_figures = 0;

  /* The folder: named by the patient and the session's start, the patient's data private. */
  g_assert_cmpstr (base, ==, expected_name);
  g_assert_true (g_str_has_prefix (base, "P-07_"));
  assert_mode (bundle, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (bundle, files[i], NULL);

      assert_mode (path, 0600);
    }
  assert_mode (figures, 0700);
  dir = g_dir_open (figures, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (figures, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_str_has_suffix (name, ".png"));
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
      assert_mode (path, 0600);
      n_figures++;
    }
  /* Two statokinesigrams and two stabilograms, the targets, the LOS polygon, the EMG envelope,
   * the JPS errors, and the two trends with two sessions. */
  g_assert_cmpuint (n_figures, ==, 10);

  /* session.json: what the engines computed, in one object. */
  root = read_json (bundle, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "proprio-bundle");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_false (json_object_get_boolean_member (root, "anonymised"));
  patient = json_object_get_object_member (root, "patient");
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, "P-07");
  g_assert_cmpstr (json_object_get_string_member (patient, "name"), ==,
                   PROPRIO_TEST_PATIENT_NAME);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "session"),
                                                  "id"), ==, fx->sessions[1]);
  exercises = json_object_get_array_member (root, "exercises");
  g_assert_cmpuint (json_array_get_length (exercises), ==, 5);
  exercise = json_array_get_object_element (exercises, 0);
  g_assert_cmpstr (json_object_get_string_member (exercise, "id"), ==, "static-test");
  condition = json_array_get_object_element (
    json_object_get_array_member (json_object_get_object_member (exercise, "results"),
                                  "conditions"), 0);
  metrics = json_object_get_object_member (condition, "metrics");
  path_mm = g_strdup_printf ("%.1f", json_object_get_double_member (metrics, "path-length-mm"));
  g_assert_cmpstr (path_mm, ==, fx->eo_path_mm);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (exercises, 3),
                                                  "id"), ==, "activation-drill");
  streams = json_object_get_array_member (root, "streams");
  g_assert_cmpuint (json_array_get_length (streams), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *s = json_array_get_object_element (streams, i);
      g_autofree char *path = g_build_filename (bundle, json_object_get_string_member (s, "file"),
                                                NULL);

      g_assert_false (json_object_get_boolean_member (s, "missing"));
      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (s, "channels")),
                        >=, 4);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "metrics")), >,
                    0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (root, "trends"), "series")), ==, 13);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "missing")), ==,
                    0);
  listed = json_object_get_array_member (root, "files");
  g_assert_cmpuint (json_array_get_length (listed), ==, G_N_ELEMENTS (files) + n_figures);
  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      g_autofree char *path = g_build_filename (bundle, json_array_get_string_element (listed, i),
                                                NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

/* The CSV reads back: the comment line, the header, and every row of the recording as it was. */
static void
test_csv (ProprioReportFixture *fx,
          gconstpointer         data)
{
  g_autofree char *bundle = make_bundle (fx, 1, FALSE);
  g_autofree char *csv = g_build_filename (bundle, "balance.csv", NULL);
  g_autofree char *recording = recording_of (fx, 1, "balance");
  g_autofree char *text = NULL, *original = NULL;
  g_auto(GStrv) lines = NULL, original_lines = NULL;
  g_autoptr(GArray) samples = NULL;
  g_auto(GStrv) columns = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_file_get_contents (recording, &original, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  original_lines = g_strsplit (original, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# start: "));
  g_assert_nonnull (strstr (lines[0], "software: Proprio"));
  g_assert_cmpstr (lines[1], ==, "t_us,tl_kg,tr_kg,bl_kg,br_kg,total_kg,cop_x_mm,cop_y_mm");
  n = g_strv_length (original_lines);
  g_assert_cmpuint (g_strv_length (lines), ==, n + 1);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (lines[i + 1], ==, original_lines[i]);

  /* And as numbers: the rows the engine was fed, with their CoP. */
  {
    g_autofree char *copy = g_build_filename (fx->out, "no-comment.csv", NULL);

    g_assert_true (g_file_set_contents (copy, strchr (text, '\n') + 1, -1, NULL));
    g_assert_true (proprio_stream_file_read_samples (copy, &columns, &samples, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (samples->len, ==, fx->n_balance_rows);
  g_assert_cmpstr (columns[5], ==, "cop_x_mm");
  for (guint i = 1; i < samples->len; i++)
    {
      const ProprioSample *s = &g_array_index (samples, ProprioSample, i);

      g_assert_cmpint (s->t_us - g_array_index (samples, ProprioSample, i - 1).t_us, ==, 10000);
      g_assert_true (isfinite (s->values[5]) && isfinite (s->values[6]));
      g_assert_cmpfloat (s->values[4], ==, 74.0);
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_anonymised (ProprioReportFixture *fx,
                 gconstpointer         data)
{
  g_autofree char *bundle = make_bundle (fx, 1, TRUE);
  g_autofree char *base = g_path_get_basename (bundle);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *csv = g_build_filename (bundle, "balance.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *patient, *session;
  JsonArray *exercises;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpstr (base, ==, "P-07_session-2");
  root = read_json (bundle, parser);
  g_assert_true (json_object_get_boolean_member (root, "anonymised"));
  patient = json_object_get_object_member (root, "patient");
  g_assert_cmpstr (json_object_get_string_member (patient, "id"), ==, "P-07");
  g_assert_true (json_object_get_null_member (patient, "name"));
  g_assert_true (json_object_get_null_member (patient, "birth_date"));
  session = json_object_get_object_member (root, "session");
  g_assert_true (json_object_get_null_member (session, "id"));
  g_assert_true (json_object_get_null_member (session, "start"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "clock"),
                                                  "t_us_origin"), ==, "session-start");
  exercises = json_object_get_array_member (root, "exercises");
  for (guint i = 0; i < json_array_get_length (exercises); i++)
    g_assert_true (json_object_get_null_member (json_array_get_object_element (exercises, i),
                                                "started_at"));

  /* No name, birth date or session ID in any file but the PDF (whose text test-report reads). */
  dir = g_dir_open (bundle, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (bundle, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) || g_str_has_suffix (name, ".pdf"))
        continue;
      g_assert_false (file_contains (path, "Featherstonehaugh"));
      g_assert_false (file_contains (path, PROPRIO_TEST_BIRTH_DATE));
      g_assert_false (file_contains (path, fx->sessions[1]));
    }
  /* Times from the session start. */
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", 4);
  g_assert_cmpint (g_ascii_strtoll (lines[2], NULL, 10), <, 10 * G_USEC_PER_SEC);
}

static void
test_missing_recording (ProprioReportFixture *fx,
                        gconstpointer         data)
{
  g_autofree char *bundle = make_bundle (fx, 2, FALSE);
  g_autofree char *emg = g_build_filename (bundle, "emg.csv", NULL);
  g_autofree char *report = g_build_filename (bundle, "report.pdf", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *stream;
  JsonArray *missing;
  gboolean names_file = FALSE;

  /* What is there is kept; what is not is said. */
  g_assert_false (g_file_test (emg, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (report, G_FILE_TEST_IS_REGULAR));
  root = read_json (bundle, parser);
  stream = json_array_get_object_element (json_object_get_array_member (root, "streams"), 0);
  g_assert_true (json_object_get_boolean_member (stream, "missing"));
  g_assert_true (json_object_get_null_member (stream, "file"));
  missing = json_object_get_array_member (root, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 2);
  for (guint i = 0; i < json_array_get_length (missing); i++)
    names_file |= strstr (json_array_get_string_element (missing, i), "emg.csv") != NULL;
  g_assert_true (names_file);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "exercises")), ==,
                    0);
}

static void
test_name_taken (ProprioReportFixture *fx,
                 gconstpointer         data)
{
  g_autofree char *first = make_bundle (fx, 1, TRUE);
  g_autofree char *second = make_bundle (fx, 1, TRUE);
  g_autoptr(GDir) dir = g_dir_open (fx->out, 0, NULL);
  const char *name;

  g_assert_true (g_str_has_suffix (first, "/P-07_session-2"));
  g_assert_true (g_str_has_suffix (second, "/P-07_session-2-2"));
  /* No temporary folder left behind. */
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.');
}

static void
test_names (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 5, 6, 7, 8, 9);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *day = g_date_time_format (local, "P-07_%Y-%m-%d_%H%M");
  g_autofree char *dated = proprio_bundle_name ("P-07", utc, 1);
  g_autofree char *odd = proprio_bundle_name ("../a/b c:é\"😀", NULL, 3);
  g_autofree char *empty = proprio_bundle_name ("", NULL, 1);

  g_assert_cmpstr (dated, ==, day);
  /* Nothing that climbs out of the folder, a separator, a quote or an emoji; letters stay. */
  g_assert_cmpstr (odd, ==, "_._a_b_c_é___session-3");
  g_assert_cmpstr (empty, ==, "patient_session-1");
}

static void
test_command (ProprioReportFixture *fx,
              gconstpointer         data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *missing = g_build_filename (fx->out, "not-there", NULL);

  if (g_getenv ("PROPRIO_CLI") == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  g_clear_object (&fx->store);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "bundle",
                                                   fx->sessions[1], "--out", fx->out,
                                                   "--anonymise", NULL), ==, 0);
  g_strstrip (out);
  g_assert_true (g_str_has_suffix (out, "/P-07_session-2"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_DIR));
  g_assert_nonnull (strstr (err, "Made the bundle of session"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "bundle",
                                                   fx->sessions[1], "--out", missing, NULL), ==,
                   1);
  g_assert_nonnull (strstr (err, "There is no folder"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "bundle",
                                                   fx->sessions[1], "--out", fx->out, "--force",
                                                   NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "bundle", "--help",
                                                   NULL), ==, 0);
  g_assert_nonnull (strstr (out, "session.json"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, ProprioReportFixture, NULL, \
                                    proprio_report_fixture_set_up, func, \
                                    proprio_report_fixture_tear_down)
  ADD ("/bundle/contents", test_contents);
  ADD ("/bundle/csv-reads-back", test_csv);
  ADD ("/bundle/anonymised", test_anonymised);
  ADD ("/bundle/missing-recording", test_missing_recording);
  ADD ("/bundle/name-taken", test_name_taken);
  ADD ("/bundle/command", test_command);
#undef ADD
  g_test_add_func ("/bundle/names", test_names);
  return g_test_run ();
}
