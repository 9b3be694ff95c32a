/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store: patients, sessions, exercises, events and metrics in SQLite on its own thread; file
 * modes; corrupt, foreign, newer and busy databases; migrations; recovery of a session a crash
 * left open. Real SQLite files in a temporary folder. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/proprio-ring.h"
#include "store/proprio-recorder.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
make_data_dir (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("proprio-store-XXXXXX", NULL);

  g_assert_nonnull (tmp);
  return g_build_filename (tmp, "data", NULL);
}

static void
remove_data_dir (const char *data_dir)
{
  g_autofree char *parent = g_path_get_dirname (data_dir);

  remove_tree (parent);
}

static ProprioStore *
open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  ProprioStore *store = proprio_sqlite_store_open_sync (data_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static ProprioPatient *
make_patient (const char *id)
{
  ProprioPatient *p = proprio_patient_new (id);

  p->name = g_strdup ("Zoë O’Brien / \"Jo\" 🦶 it's");
  p->birth_date = g_strdup ("1961-02-28");
  p->side = g_strdup ("left");
  p->notes = g_strdup ("ACL reconstruction; \"careful\" with ' and / and 💪\nsecond line");
  return p;
}

static ProprioExerciseResult *
make_result (gint64 start_us,
             gint64 end_us)
{
  g_auto(GVariantBuilder) settings = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 3, 4, 10, 11, 12.5);

  g_variant_builder_add (&settings, "{sv}", "duration_s", g_variant_new_double (30.0));
  g_variant_builder_add (&results, "{sv}", "path_length_mm", g_variant_new_double (123.25));
  g_variant_builder_add (&results, "{sv}", "hits", g_variant_new_int32 (7));
  g_variant_builder_add (&results, "{sv}", "romberg", g_variant_new_double (NAN));
  g_variant_builder_add (&results, "{sv}", "label", g_variant_new_string ("eyes \"open\""));
  return proprio_exercise_result_new ("static-test", "Static balance test", start_us, end_us,
                                      started, PROPRIO_EXERCISE_OUTCOME_DONE,
                                      g_variant_builder_end (&settings),
                                      g_variant_builder_end (&results));
}

/* --- patients --- */

static void
test_patients_round_trip (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autoptr(ProprioPatient) p = make_patient ("P/01 \"x\" 🦶");
  g_autoptr(ProprioPatient) back = NULL;
  g_autoptr(ProprioPatient) other = proprio_patient_new ("A-0");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_save_patient_sync (store, other, FALSE, &error));
  g_assert_no_error (error);

  back = proprio_store_get_patient_sync (store, p->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->id, ==, p->id);
  g_assert_cmpstr (back->name, ==, p->name);
  g_assert_cmpstr (back->birth_date, ==, "1961-02-28");
  g_assert_cmpstr (back->side, ==, "left");
  g_assert_cmpstr (back->notes, ==, p->notes);

  /* The same ID again is refused unless it is an update. */
  g_assert_false (proprio_store_save_patient_sync (store, p, FALSE, &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_free (p->name);
  p->name = NULL;
  g_assert_true (proprio_store_save_patient_sync (store, p, TRUE, &error));
  g_clear_pointer (&back, proprio_patient_free);
  back = proprio_store_get_patient_sync (store, p->id, &error);
  g_assert_null (back->name);

  list = proprio_store_list_patients_sync (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((ProprioPatient *) list->pdata[0])->id, ==, "A-0");

  g_assert_null (proprio_store_get_patient_sync (store, "nobody", &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&other, proprio_patient_free);
  other = proprio_patient_new ("bad\nid");
  g_assert_false (proprio_store_save_patient_sync (store, other, FALSE, &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&other, proprio_patient_free);
  other = proprio_patient_new ("B");
  other->birth_date = g_strdup ("1961-13-45");
  g_assert_false (proprio_store_save_patient_sync (store, other, FALSE, &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID);

  g_clear_object (&store);
  remove_data_dir (dir);
}

/* --- sessions, exercises, events, metrics --- */

static void
test_session_lifecycle (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autoptr(ProprioPatient) p = proprio_patient_new ("P1");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioSession) back = NULL;
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GPtrArray) exercises = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  g_autoptr(GPtrArray) events_back = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  ProprioStoredExercise *e;
  ProprioMetric metric = { -1, (char *) "sway_area", 42.5, (char *) "mm2" };
  gboolean found_path = FALSE, found_hits = FALSE, found_nan = FALSE;

  g_assert_null (proprio_store_begin_session_sync (store, "P1", "sim:balance", &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, &error));
  session = proprio_store_begin_session_sync (store, "P1", "sim:balance", &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_OPEN);
  g_assert_cmpstr (session->patient_id, ==, "P1");
  g_assert_cmpstr (session->device_spec, ==, "sim:balance");
  g_assert_true (g_file_test (session->folder, G_FILE_TEST_IS_DIR));
  assert_mode (session->folder, 0700);
  g_assert_cmpint (session->start_us, >, 0);
  g_assert_null (session->ended_at);

  result = make_result (session->start_us + 1000, session->start_us + 31000000);
  g_assert_true (proprio_store_add_exercise_sync (store, session->id, result, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_add_exercise_sync (store, session->id, result, &error));
  exercises = proprio_store_list_exercises_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exercises->len, ==, 2);
  e = exercises->pdata[0];
  g_assert_cmpstr (e->exercise_id, ==, "static-test");
  g_assert_cmpstr (e->title, ==, "Static balance test");
  g_assert_cmpstr (e->outcome, ==, "done");
  g_assert_cmpint (e->start_us, ==, session->start_us + 1000);
  g_assert_cmpint (e->end_us, ==, session->start_us + 31000000);
  g_assert_nonnull (strstr (e->settings_json, "\"duration_s\""));
  g_assert_nonnull (strstr (e->result_json, "123.25"));
  g_assert_nonnull (strstr (e->started_at, "2026-03-04T10:11:12.5"));

  g_assert_true (proprio_store_add_metric_sync (store, session->id, &metric, &error));
  metrics = proprio_store_list_metrics_sync (store, session->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < metrics->len; i++)
    {
      ProprioMetric *m = metrics->pdata[i];

      if (g_str_equal (m->name, "path_length_mm") && m->exercise_index == 1)
        {
          g_assert_cmpfloat (m->value, ==, 123.25);
          g_assert_cmpstr (m->unit, ==, "mm");
          found_path = TRUE;
        }
      if (g_str_equal (m->name, "hits") && m->exercise_index == 0)
        found_hits = m->value == 7.0;
      if (g_str_equal (m->name, "romberg"))
        found_nan = isnan (m->value);
      g_assert_cmpstr (m->name, !=, "label");
    }
  g_assert_true (found_path && found_hits && found_nan);
  g_assert_cmpstr (((ProprioMetric *) metrics->pdata[metrics->len - 1])->name, ==, "sway_area");

  g_ptr_array_add (events, proprio_event_new (session->start_us + 20, "cue", "Close your eyes"));
  g_ptr_array_add (events, proprio_event_new (session->start_us + 10, "target", "x=\"1\", y=2"));
  g_assert_true (proprio_store_add_events_sync (store, session->id, events, &error));
  events_back = proprio_store_list_events_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events_back->len, ==, 2);
  g_assert_cmpstr (((ProprioEvent *) events_back->pdata[0])->text, ==, "x=\"1\", y=2");
  g_assert_cmpint (((ProprioEvent *) events_back->pdata[1])->t_us, ==, session->start_us + 20);

  g_assert_true (proprio_store_end_session_sync (store, session->id,
                                                 session->start_us + 90 * G_USEC_PER_SEC,
                                                 &error));
  back = proprio_store_get_session_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, PROPRIO_SESSION_COMPLETE);
  g_assert_cmpuint (back->n_exercises, ==, 2);
  g_assert_cmpfloat (proprio_session_get_duration (back), ==, 90.0);
  g_assert_cmpint (g_date_time_difference (back->ended_at, back->started_at), ==,
                   90 * G_USEC_PER_SEC);

  sessions = proprio_store_list_sessions_sync (store, "P1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_clear_pointer (&sessions, g_ptr_array_unref);
  g_assert_null (proprio_store_list_sessions_sync (store, "P2", &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (proprio_store_get_session_sync (store, "nope", &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  remove_data_dir (dir);
}

/* --- async: results on the caller's main context --- */

typedef struct
{
  GThread   *thread;
  GPtrArray *patients;
  gboolean   done;
} AsyncData;

static void
on_patients (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncData *data = user_data;
  g_autoptr(GError) error = NULL;

  data->thread = g_thread_self ();
  data->patients = proprio_store_finish_pointer (PROPRIO_STORE (source), result, &error);
  g_assert_no_error (error);
  data->done = TRUE;
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  ProprioStore **store = user_data;
  g_autoptr(GError) error = NULL;

  *store = proprio_sqlite_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async_on_main_context (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = NULL;
  AsyncData data = { 0 };

  proprio_sqlite_store_open_async (dir, NULL, on_opened, &store);
  /* Nothing is returned before the main context runs: the work is elsewhere. */
  g_assert_null (store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);

  proprio_store_list_patients (store, NULL, on_patients, &data);
  g_assert_false (data.done);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (data.thread == g_thread_self ());
  g_assert_cmpuint (data.patients->len, ==, 0);
  g_ptr_array_unref (data.patients);

  g_clear_object (&store);
  remove_data_dir (dir);
}

/* --- the files --- */

static void
test_file_modes_and_pragmas (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
  g_autofree char *wal = g_build_filename (dir, "proprio.db-wal", NULL);
  g_autofree char *lock = g_build_filename (dir, "proprio.lock", NULL);
  g_autofree char *sessions = g_build_filename (dir, "sessions", NULL);
  g_autoptr(ProprioPatient) p = proprio_patient_new ("P1");
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, NULL));
  assert_mode (dir, 0700);
  assert_mode (sessions, 0700);
  assert_mode (db, 0600);
  assert_mode (lock, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  assert_mode (wal, 0600);

  /* Read by an independent connection while the store is open (WAL allows readers). */
  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "PRAGMA journal_mode", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "PRAGMA application_id", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, PROPRIO_SQLITE_STORE_APPLICATION_ID);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, PROPRIO_SQLITE_STORE_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);

  g_clear_object (&store);
  remove_data_dir (dir);
}

static void
test_data_dir_from_environment (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("PROPRIO_DATA_DIR"));
  g_autofree char *dir = NULL;

  g_setenv ("PROPRIO_DATA_DIR", "/somewhere/else", TRUE);
  dir = proprio_sqlite_store_default_dir ();
  g_assert_cmpstr (dir, ==, "/somewhere/else");
  g_clear_pointer (&dir, g_free);
  g_unsetenv ("PROPRIO_DATA_DIR");
  dir = proprio_sqlite_store_default_dir ();
  g_assert_true (g_str_has_suffix (dir, "/proprio"));
  g_assert_true (g_str_has_prefix (dir, g_get_user_data_dir ()));
  if (saved != NULL)
    g_setenv ("PROPRIO_DATA_DIR", saved, TRUE);
}

static void
test_second_instance_is_refused (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autoptr(ProprioStore) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("(process %d)", (int) getpid ());

  second = proprio_sqlite_store_open_sync (dir, &error);
  g_assert_null (second);
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "already in use by another Proprio"));
  g_assert_nonnull (strstr (error->message, pid));
  g_clear_error (&error);

  /* Closing the first frees the records. */
  g_clear_object (&store);
  second = proprio_sqlite_store_open_sync (dir, &error);
  g_assert_no_error (error);
  g_clear_object (&second);
  remove_data_dir (dir);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
assert_refused_and_untouched (const char *dir,
                              const char *db,
                              int         code,
                              const char *words)
{
  g_autofree char *before = file_checksum (db);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  ProprioStore *store = proprio_sqlite_store_open_sync (dir, &error);

  g_assert_null (store);
  g_assert_error (error, PROPRIO_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, db));
  g_assert_nonnull (strstr (error->message, words));
  after = file_checksum (db);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_foreign_database (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
  sqlite3 *conn = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* Another program's SQLite database. */
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES "
                                       "('mine')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
  assert_refused_and_untouched (dir, db, PROPRIO_STORE_ERROR_FOREIGN, "another program");

  /* Not SQLite at all. */
  g_unlink (db);
  g_assert_true (g_file_set_contents (db, "these are my notes, not a database\n"
                                          "with quite a few bytes in them to look like a file "
                                          "that SQLite might try to read as a header......\n",
                                      -1, NULL));
  assert_refused_and_untouched (dir, db, PROPRIO_STORE_ERROR_FOREIGN, "not a Proprio database");
  remove_data_dir (dir);
}

static void
test_corrupt_database (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* Enough rows for several pages, then damage a page in the middle. Long notes fill the pages
   * with few saves: every save is a synchronous commit, slow on a busy disk. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("P%03u", i);
      g_autoptr(ProprioPatient) p = make_patient (id);

      g_free (p->notes);
      p->notes = g_strnfill (2000, 'n');
      g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, NULL));
    }
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (db, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 6 * 4096);
  /* Page headers and cell pointers of pages 2 to 5: what every table and index starts from. */
  for (gsize page = 1; page < 5; page++)
    for (gsize i = page * 4096; i < page * 4096 + 64; i++)
      contents[i] = (char) (i * 37 + 11);
  g_assert_true (g_file_set_contents_full (db, contents, length, G_FILE_SET_CONTENTS_NONE, 0600,
                                           NULL));
  assert_refused_and_untouched (dir, db, PROPRIO_STORE_ERROR_CORRUPT, "damaged");
  remove_data_dir (dir);
}

static void
test_newer_database (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
  g_autoptr(ProprioStore) store = open_store (dir);
  sqlite3 *conn = NULL;

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);
  assert_refused_and_untouched (dir, db, PROPRIO_STORE_ERROR_TOO_NEW, "newer Proprio");
  remove_data_dir (dir);
}

/* --- migrations --- */

static void
test_migrate_from_v1 (void)
{
  g_autofree char *dir = make_data_dir ();
  g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GPtrArray) exercises = NULL;
  g_autoptr(ProprioPatient) patient = NULL;
  ProprioMetric metric = { 0, (char *) "x", 1.5, (char *) "mm" };
  sqlite3 *conn = NULL;
  int version = -1;
  sqlite3_stmt *stmt;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (proprio_sqlite_store_create_schema (db, 1, &error));
  g_assert_no_error (error);
  /* What version 1 wrote. */
  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (conn,
                                 "INSERT INTO patients VALUES ('OLD-1', 'Ann', '1950-01-02', "
                                 "'right', NULL, '2025-01-01T00:00:00Z');"
                                 "INSERT INTO sessions VALUES ('20250101T090000Z-0001', 'OLD-1', "
                                 "'2025-01-01T09:00:00Z', '2025-01-01T09:10:00Z', 1000, "
                                 "600001000, 'complete', 'sim:balance');"
                                 "INSERT INTO exercises VALUES ('20250101T090000Z-0001', 0, "
                                 "'static-test', 'Static', 'done', 2000, 3000, NULL, '{}', "
                                 "'{\"id\":\"static-test\"}');"
                                 "INSERT INTO streams VALUES ('20250101T090000Z-0001', 'balance', "
                                 "'balance', 'sessions/20250101T090000Z-0001/balance.csv', 100, "
                                 "'[]');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (conn);

  store = open_store (dir);
  patient = proprio_store_get_patient_sync (store, "OLD-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient->name, ==, "Ann");
  session = proprio_store_get_session_sync (store, "20250101T090000Z-0001", &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  g_assert_cmpfloat (proprio_session_get_duration (session), ==, 600.0);
  g_assert_cmpuint (session->n_exercises, ==, 1);
  exercises = proprio_store_list_exercises_sync (store, session->id, &error);
  g_assert_cmpuint (exercises->len, ==, 1);
  streams = proprio_store_list_streams_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 1);
  g_assert_cmpfloat (((ProprioStreamInfo *) streams->pdata[0])->rate_hz, ==, 100.0);
  g_assert_null (((ProprioStreamInfo *) streams->pdata[0])->device_spec);
  /* What version 2 added works. */
  g_assert_true (proprio_store_add_metric_sync (store, session->id, &metric, &error));
  metrics = proprio_store_list_metrics_sync (store, session->id, &error);
  g_assert_cmpuint (metrics->len, ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (db, &conn), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  g_assert_cmpint (version, ==, PROPRIO_SQLITE_STORE_SCHEMA_VERSION);
  remove_data_dir (dir);
}

/* Every earlier version opens and ends at the current one. */
static void
test_migrate_from_every_version (void)
{
  for (int v = 1; v <= PROPRIO_SQLITE_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *dir = make_data_dir ();
      g_autofree char *db = g_build_filename (dir, "proprio.db", NULL);
      g_autoptr(ProprioStore) store = NULL;
      g_autoptr(ProprioPatient) p = proprio_patient_new ("P");
      g_autoptr(ProprioSession) session = NULL;
      ProprioMetric metric = { -1, (char *) "m", 2.0, (char *) "" };
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (proprio_sqlite_store_create_schema (db, v, &error));
      store = open_store (dir);
      g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, &error));
      session = proprio_store_begin_session_sync (store, "P", NULL, &error);
      g_assert_no_error (error);
      g_assert_true (proprio_store_add_metric_sync (store, session->id, &metric, &error));
      g_assert_no_error (error);
      g_clear_object (&store);
      remove_data_dir (dir);
    }
}

/* --- recovery --- */

static void
test_recovery_of_open_session (void)
{
  static const ProprioChannelInfo channels[] = { { "v_mm", "v", "mm" } };
  g_autofree char *dir = make_data_dir ();
  g_autoptr(ProprioStore) store = open_store (dir);
  g_autoptr(ProprioPatient) p = proprio_patient_new ("P");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioSession) back = NULL;
  g_autoptr(ProprioRecorder) recorder = NULL;
  g_autoptr(ProprioRing) ring = proprio_ring_new (1024);
  g_autoptr(GError) error = NULL;
  const char * const *recovered;
  gint64 last = 0;

  g_assert_true (proprio_store_save_patient_sync (store, p, FALSE, &error));
  session = proprio_store_begin_session_sync (store, "P", "sim:balance", &error);
  g_assert_no_error (error);
  recorder = proprio_recorder_new (session->folder);
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, channels, 1, &error));
  g_assert_true (proprio_recorder_start (recorder, &error));
  for (guint i = 0; i < 500; i++)
    {
      ProprioSample s = { .t_us = session->start_us + 5000 + i * 10000, .n_channels = 1,
                          .values = { i * 0.5 } };

      proprio_ring_push (ring, &s);
      last = s.t_us;
    }
  g_assert_true (proprio_recorder_stop (recorder, &error));
  g_assert_no_error (error);
  /* The program "dies" here: the session is never ended. A cut-short line follows. */
  {
    g_autofree char *path = g_build_filename (session->folder, "balance.csv", NULL);
    int fd = open (path, O_WRONLY | O_APPEND);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (write (fd, "99999999999,1.", 14), ==, 14);
    close (fd);
  }
  g_clear_object (&store);

  store = open_store (dir);
  recovered = proprio_store_get_recovered (store);
  g_assert_nonnull (recovered);
  g_assert_cmpstr (recovered[0], ==, session->id);
  g_assert_null (recovered[1]);
  back = proprio_store_get_session_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->state, ==, PROPRIO_SESSION_RECOVERED);
  g_assert_cmpint (back->end_us, ==, last);
  g_assert_cmpint (g_date_time_difference (back->ended_at, back->started_at), ==,
                   last - session->start_us);

  /* Recovered once: the next open finds nothing to do. */
  g_clear_object (&store);
  store = open_store (dir);
  g_assert_null (proprio_store_get_recovered (store)[0]);
  g_clear_object (&store);
  remove_data_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/patients", test_patients_round_trip);
  g_test_add_func ("/store/session-lifecycle", test_session_lifecycle);
  g_test_add_func ("/store/async-main-context", test_async_on_main_context);
  g_test_add_func ("/store/file-modes-and-pragmas", test_file_modes_and_pragmas);
  g_test_add_func ("/store/data-dir-environment", test_data_dir_from_environment);
  g_test_add_func ("/store/second-instance", test_second_instance_is_refused);
  g_test_add_func ("/store/foreign-database", test_foreign_database);
  g_test_add_func ("/store/corrupt-database", test_corrupt_database);
  g_test_add_func ("/store/newer-database", test_newer_database);
  g_test_add_func ("/store/migrate-v1", test_migrate_from_v1);
  g_test_add_func ("/store/migrate-every-version", test_migrate_from_every_version);
  g_test_add_func ("/store/recovery", test_recovery_of_open_session);
  return g_test_run ();
}
