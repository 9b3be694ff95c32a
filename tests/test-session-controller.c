/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application's records without widgets: a session records the station's device ring exactly
 * (whatever shows it), the exercise's result, metrics and events, a second device in a file of
 * its own; a kill -9 of a recording program is recovered by the next controller with at most the
 * last second lost; a write error (a file size limit) is told at once; a second program gets a
 * clear "in use", the first keeps working. */
#include "config.h"

#include <ftw.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "core/proprio-clock.h"
#include <edflib.h>

#include "exercises/proprio-static-test.h"
#include "store/proprio-export.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

#include "proprio-test-records.h"

static char *self_path;

typedef struct
{
  char *tmp;
  char *data_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->tmp = g_dir_make_tmp ("proprio-session-controller-XXXXXX", NULL);
  fx->data_dir = g_build_filename (fx->tmp, "records", NULL);
}

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  nftw (fx->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  g_free (fx->tmp);
  g_free (fx->data_dir);
}

/* --- helpers --- */

static ProprioStation *
station_with (const char *spec)
{
  ProprioStation *station = proprio_station_new ();
  g_autoptr(GError) error = NULL;

  proprio_station_set_sound_enabled (station, FALSE);
  if (spec != NULL)
    {
      g_assert_true (proprio_station_set_device_spec (station, spec, &error));
      g_assert_no_error (error);
    }
  return station;
}

static void
add_patient (ProprioSessionController *controller,
             const char               *id)
{
  g_autoptr(ProprioPatient) patient = proprio_patient_new (id);
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_store_save_patient_sync (proprio_session_controller_get_store (controller),
                                                  patient, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_session_controller_set_patient (controller, patient, &error));
  g_assert_no_error (error);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
begin (ProprioSessionController *controller)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  proprio_session_controller_begin_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  g_assert_true (proprio_session_controller_begin_session_finish (controller, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
  g_assert_true (proprio_session_controller_is_recording (controller));
}

static ProprioSession *
end (ProprioSessionController *controller,
     GError                  **error)
{
  GAsyncResult *result = NULL;
  ProprioSession *session;

  proprio_session_controller_end_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  session = proprio_session_controller_end_session_finish (controller, result, error);
  g_object_unref (result);
  g_assert_null (proprio_session_controller_get_session (controller));
  return session;
}

static char *
stream_path (ProprioSessionController *controller,
             const char               *name)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);

  return g_build_filename (proprio_session_controller_get_session (controller)->folder, file,
                           NULL);
}

typedef struct
{
  ProprioSessionController *controller;
  const char               *name;
  guint                     rows;
} RowsWait;

static gboolean
has_rows (gpointer data)
{
  RowsWait *wait = data;
  g_autofree char *path = stream_path (wait->controller, wait->name);

  return proprio_records_rows (path) >= wait->rows;
}

static void
wait_rows (ProprioSessionController *controller,
           const char               *name,
           guint                     rows)
{
  RowsWait wait = { controller, name, rows };

  g_assert_true (proprio_records_wait (has_rows, &wait, 30000));
}

static gboolean
exercise_stored (gpointer data)
{
  return proprio_session_controller_get_n_exercises (data) >= 1;
}

static gboolean
engine_paused (gpointer data)
{
  ProprioExercise *engine = proprio_station_get_running (data);

  return engine != NULL && proprio_exercise_get_phase (engine) == PROPRIO_EXERCISE_PHASE_PAUSED;
}

static gboolean
idle_controller (gpointer data)
{
  return proprio_session_controller_get_n_pending (data) == 0;
}

/* --- a session records the station --- */

static void
test_records_everything (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance?seed=5");
  g_autoptr(ProprioSessionController) controller =
    proprio_session_controller_new (station, fx->data_dir);
  g_autoptr(ProprioRingCopy) first = NULL;
  g_autoptr(ProprioRingCopy) second = NULL;
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GPtrArray) exercises = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *balance2 = NULL;
  ProprioStaticTest *test;
  ProprioStore *store;
  const ProprioStaticCondition conditions[] = { PROPRIO_STATIC_EYES_OPEN,
                                                PROPRIO_STATIC_EYES_CLOSED };
  gint64 resumed_us;
  /* Session, device, exercise, what the patient is shown, the engine's cues. */
  const char * const event_kinds[] = {
    "session-start", "device", "exercise-start", "prompt", "countdown", "start", "stop", "done",
    "exercise-end", "session-end", "resume"
  };
  guint rows;

  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  store = proprio_session_controller_get_store (controller);

  /* Without a patient nothing can begin. */
  {
    GAsyncResult *result = NULL;

    proprio_session_controller_begin_session_async (controller, NULL, done_cb, &result);
    g_assert_true (proprio_records_wait (has_result, &result, 5000));
    g_assert_false (proprio_session_controller_begin_session_finish (controller, result, &error));
    g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_object_unref (result);
  }

  add_patient (controller, "R-1");
  /* The ring has held samples for a while: the session starts at its own start. */
  first = proprio_ring_copy_new (proprio_device_get_ring (proprio_station_get_device (station)));
  proprio_records_wait_ms (300);
  begin (controller);
  balance = stream_path (controller, "balance");
  {
    g_autoptr(ProprioPatient) other = proprio_patient_new ("R-2");

    /* Another patient would mix two people's data. */
    g_assert_false (proprio_session_controller_set_patient (controller, other, &error));
    g_assert_nonnull (strstr (error->message, "End the session of R-1"));
    g_clear_error (&error);
  }

  /* A short static test, fed by the station's own pump (no view draws here). */
  test = PROPRIO_STATIC_TEST (proprio_station_get_engine (station, "static-test"));
  proprio_static_test_set_conditions (test, conditions, 2);
  proprio_static_test_set_duration (test, 1.0);
  proprio_static_test_set_countdown (test, 1.0);
  /* Paused between the conditions until the therapist goes on: the moment is recorded. */
  proprio_static_test_set_auto_advance (test, FALSE);
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_records_wait (engine_paused, station, 60000));
  /* The run's latest sample, just before the key (nothing is fed in between: one thread). */
  resumed_us = proprio_exercise_get_last_sample_us (proprio_station_get_running (station));
  g_assert_cmpint (resumed_us, >, 0);
  g_assert_cmpint (resumed_us, <=,
                   proprio_station_get_exercise_time (station, proprio_clock_now_us ()));
  g_assert_true (proprio_station_proceed (station));
  g_assert_true (proprio_records_wait (exercise_stored, controller, 60000));
  g_assert_cmpuint (proprio_session_controller_get_n_exercises (controller), ==, 1);
  wait_rows (controller, "balance", 100);

  /* Another board mid-session: a new file; the first stays as it was. */
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance?seed=9", &error));
  second = proprio_ring_copy_new (proprio_device_get_ring (proprio_station_get_device (station)));
  balance2 = stream_path (controller, "balance-2");
  wait_rows (controller, "balance-2", 50);
  names = proprio_session_controller_dup_stream_names (controller);
  g_assert_cmpstrv (names, ((const char *[]) { "balance", "balance-2", NULL }));
  g_assert_cmpuint (proprio_session_controller_get_samples (controller), >=, 150);

  session = end (controller, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  g_assert_cmpstr (session->patient_id, ==, "R-1");
  g_assert_cmpint (session->end_us, >, session->start_us);
  g_assert_cmpuint (session->n_exercises, ==, 1);

  /* The files hold exactly what the rings held, from the session's start on. */
  rows = proprio_records_assert_file_matches (balance, proprio_ring_copy_get (first),
                                              PROPRIO_BALANCE_N_CHANNELS);
  g_assert_cmpuint (rows, >=, 100);
  {
    g_autoptr(GArray) samples = NULL;

    g_assert_true (proprio_stream_file_read_samples (balance, NULL, &samples, &error));
    g_assert_cmpint (g_array_index (samples, ProprioSample, 0).t_us, >=, session->start_us);
    /* And nothing of the session's beginning is missing: the ring had samples right before. */
    g_assert_cmpint (g_array_index (samples, ProprioSample, 0).t_us, <,
                     session->start_us + 100 * 1000);
  }
  g_assert_cmpuint (proprio_records_assert_file_matches (balance2, proprio_ring_copy_get (second),
                                                         PROPRIO_BALANCE_N_CHANNELS), >=, 50);

  streams = proprio_store_list_streams_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 2);
  g_assert_cmpstr (((ProprioStreamInfo *) streams->pdata[0])->name, ==, "balance");
  g_assert_cmpint (((ProprioStreamInfo *) streams->pdata[0])->kind, ==, PROPRIO_STREAM_BALANCE);
  g_assert_cmpfloat (((ProprioStreamInfo *) streams->pdata[0])->rate_hz, ==, 100.0);
  g_assert_cmpstr (((ProprioStreamInfo *) streams->pdata[1])->device_spec, ==,
                   "sim:balance?seed=9");

  exercises = proprio_store_list_exercises_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exercises->len, ==, 1);
  g_assert_cmpstr (((ProprioStoredExercise *) exercises->pdata[0])->exercise_id, ==,
                   "static-test");
  g_assert_cmpstr (((ProprioStoredExercise *) exercises->pdata[0])->outcome, ==, "done");
  g_assert_nonnull (strstr (((ProprioStoredExercise *) exercises->pdata[0])->settings_json,
                            "\"duration-s\":1"));
  metrics = proprio_store_list_metrics_sync (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, >, 0);
  g_assert_cmpint (((ProprioMetric *) metrics->pdata[0])->exercise_index, ==, 0);

  events = proprio_store_list_events_sync (store, session->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (event_kinds); i++)
    if (!proprio_records_has_event (events, event_kinds[i]))
      g_error ("no “%s” event among the %u stored", event_kinds[i], events->len);
  /* One resume, of the static test, at the latest sample the run had when the therapist went
   * on: a replay of the recording resumes between the same two samples. */
  {
    guint n_resumed = 0;

    for (guint i = 0; i < events->len; i++)
      {
        const ProprioEvent *event = events->pdata[i];

        if (!g_str_equal (event->kind, "resume"))
          continue;
        n_resumed++;
        g_assert_cmpstr (event->text, ==, "static-test");
        g_assert_cmpint (event->t_us, ==, resumed_us);
      }
    g_assert_cmpuint (n_resumed, ==, 1);
  }

  /* In EDF+, the second board's signals are told apart from the first's. */
  {
    g_autofree char *edf = g_build_filename (fx->tmp, "session.edf", NULL);
    struct edf_hdr_struct hdr;
    gboolean first_cop = FALSE, second_cop = FALSE;

    g_assert_true (proprio_export_session (store, session->id, PROPRIO_EXPORT_EDF, edf,
                                           PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (edfopen_file_readonly (edf, &hdr, EDFLIB_DO_NOT_READ_ANNOTATIONS), ==, 0);
    for (int i = 0; i < hdr.edfsignals; i++)
      {
        g_autofree char *label = g_strstrip (g_strdup (hdr.signalparam[i].label));

        first_cop = first_cop || g_str_equal (label, "cop_x");
        second_cop = second_cop || g_str_equal (label, "2:cop_x");
      }
    edfclose_file (hdr.handle);
    g_assert_true (first_cop);
    g_assert_true (second_cop);
  }
  proprio_session_controller_close (controller);
  g_assert_null (proprio_session_controller_get_store (controller));
}

/* --- kill -9 --- */

static gboolean
quit_on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* The child: records a session of K-9 on a simulated board until it is killed. */
static int
record_child (const char *data_dir)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance?seed=4");
  g_autoptr(ProprioSessionController) controller =
    proprio_session_controller_new (station, data_dir);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  add_patient (controller, "K-9");
  begin (controller);
  g_timeout_add_seconds (120, quit_on_signal, loop);
  g_main_loop_run (loop);
  return 0;
}

static char *
wait_for_session_folder (const char *data_dir)
{
  g_autofree char *sessions = g_build_filename (data_dir, "sessions", NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) dir = g_dir_open (sessions, 0, NULL);
      const char *name = dir != NULL ? g_dir_read_name (dir) : NULL;

      if (name != NULL)
        return g_build_filename (sessions, name, NULL);
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static gboolean
recovered_cb (ProprioSessionController *controller,
              gboolean                 *seen)
{
  *seen = TRUE;
  return FALSE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_kill_9_recovered (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStation) station = NULL;
  g_autoptr(ProprioSessionController) controller = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *balance = NULL;
  ProprioSession *session;
  GPtrArray *recovered;
  gint64 killed_at, deadline, last_t;
  gboolean seen = FALSE;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--record-child",
                            fx->data_dir, NULL);
  g_assert_no_error (error);
  folder = wait_for_session_folder (fx->data_dir);
  balance = g_build_filename (folder, "balance.csv", NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (proprio_records_rows (balance) < 200 && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  g_assert_cmpuint (proprio_records_rows (balance), >=, 200);
  g_usleep (1200000);
  killed_at = g_get_monotonic_time ();
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));

  /* The next program to open the records closes the session at its last saved sample. */
  station = station_with (NULL);
  controller = proprio_session_controller_new (station, fx->data_dir);
  g_signal_connect (controller, "recovered", G_CALLBACK (recovered_cb), &seen);
  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  g_assert_true (proprio_records_wait (is_true, &seen, 30000));
  recovered = proprio_session_controller_get_recovered (controller);
  g_assert_cmpuint (recovered->len, ==, 1);
  session = recovered->pdata[0];
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_RECOVERED);
  g_assert_cmpstr (session->patient_id, ==, "K-9");

  g_assert_true (proprio_stream_file_read_samples (balance, NULL, &samples, &error));
  g_assert_no_error (error);
  last_t = g_array_index (samples, ProprioSample, samples->len - 1).t_us;
  /* At most the last second is lost. */
  g_assert_cmpint (last_t, >=, killed_at - G_USEC_PER_SEC);
  g_assert_cmpint (session->end_us, ==, last_t);
  g_assert_cmpfloat (proprio_session_get_duration (session), >=,
                     (killed_at - session->start_us) / (double) G_USEC_PER_SEC - 1.0);
  proprio_session_controller_close (controller);
}

/* --- a write error --- */

typedef struct
{
  char     *message;
  gboolean  failed;
} Problem;

static void
problem_cb (ProprioSessionController *controller,
            const char               *message,
            gboolean                  failed,
            Problem                  *problem)
{
  g_free (problem->message);
  problem->message = g_strdup (message);
  problem->failed = failed;
}

static gboolean
has_failed (gpointer data)
{
  return ((Problem *) data)->failed;
}

static void
test_file_size_limit_told_at_once (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance?rate=400");
  g_autoptr(ProprioSessionController) controller =
    proprio_session_controller_new (station, fx->data_dir);
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *balance = NULL;
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  GStatBuf st;
  Problem problem = { 0 };
  guint rows;

  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  add_patient (controller, "F-1");
  g_signal_connect (controller, "problem", G_CALLBACK (problem_cb), &problem);
  begin (controller);
  balance = stream_path (controller, "balance");
  wait_rows (controller, "balance", 100);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));

  /* A disk that fills up mid-session, as far as this process goes: a file size limit a little
   * above what the stream file holds now. */
  g_assert_cmpint (g_stat (balance, &st), ==, 0);
  getrlimit (RLIMIT_FSIZE, &saved);
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  limit = saved;
  limit.rlim_cur = st.st_size + 16 * 1024;
  setrlimit (RLIMIT_FSIZE, &limit);
  g_assert_true (proprio_records_wait (has_failed, &problem, 30000));
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, saved_handler);

  g_assert_nonnull (strstr (problem.message, "Recording stopped"));
  g_assert_false (proprio_session_controller_is_recording (controller));
  g_assert_true (proprio_session_controller_get_failed (controller));
  /* The session is still open; ending it keeps what was written, readable. */
  g_assert_nonnull (proprio_session_controller_get_session (controller));
  session = end (controller, &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  rows = proprio_records_rows (balance);
  g_assert_cmpuint (rows, >=, 100);
  {
    g_autoptr(GPtrArray) sessions =
      proprio_store_list_sessions_sync (proprio_session_controller_get_store (controller), "F-1",
                                        NULL);

    g_assert_cmpuint (sessions->len, ==, 1);
    g_assert_cmpint (((ProprioSession *) sessions->pdata[0])->state, ==,
                     PROPRIO_SESSION_COMPLETE);
  }
  g_free (problem.message);
  proprio_session_controller_close (controller);
}

/* --- two programs --- */

static void
test_second_program_is_told (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance");
  g_autoptr(ProprioStation) other_station = station_with (NULL);
  g_autoptr(ProprioSessionController) first = proprio_session_controller_new (station,
                                                                              fx->data_dir);
  g_autoptr(ProprioSessionController) second = NULL;
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pid = g_strdup_printf ("(process %d)", (int) getpid ());
  const char *message;

  proprio_session_controller_open (first);
  g_assert_cmpint (proprio_records_wait_open (first), ==, PROPRIO_RECORDS_READY);

  second = proprio_session_controller_new (other_station, fx->data_dir);
  proprio_session_controller_open (second);
  g_assert_cmpint (proprio_records_wait_open (second), ==, PROPRIO_RECORDS_UNAVAILABLE);
  message = proprio_session_controller_get_message (second);
  g_assert_nonnull (strstr (message, "already in use by another Proprio"));
  g_assert_nonnull (strstr (message, pid));
  g_assert_null (proprio_session_controller_get_store (second));

  /* The command line is told the same. */
  if (g_getenv ("PROPRIO_CLI") != NULL)
    {
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", fx->data_dir, TRUE);
      cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PROPRIO_CLI"), "sessions",
                                         NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 1);
      g_assert_nonnull (strstr (err, "already in use by another Proprio"));
    }

  /* The first keeps working. */
  add_patient (first, "T-2");
  begin (first);
  wait_rows (first, "balance", 20);
  session = end (first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);

  /* Once the first has closed, Try Again opens them. */
  proprio_session_controller_close (first);
  proprio_session_controller_open (second);
  g_assert_cmpint (proprio_records_wait_open (second), ==, PROPRIO_RECORDS_READY);
  g_assert_null (proprio_session_controller_get_message (second));
  proprio_session_controller_close (second);
}

/* Quitting the app with a session open ends it properly: complete, not recovered next time. */
static void
test_close_ends_the_session (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance");
  g_autoptr(ProprioSessionController) controller =
    proprio_session_controller_new (station, fx->data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *balance = NULL;
  ProprioSession *session;
  guint rows;

  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  add_patient (controller, "Q-1");
  begin (controller);
  balance = stream_path (controller, "balance");
  wait_rows (controller, "balance", 30);
  /* An exercise still running belongs to the session: stopped, and stored as it is. */
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  proprio_records_wait_ms (200);
  proprio_session_controller_close (controller);
  g_assert_false (proprio_station_is_running (station));
  g_assert_null (proprio_session_controller_get_session (controller));
  g_assert_null (proprio_session_controller_get_store (controller));
  rows = proprio_records_rows (balance);
  g_assert_cmpuint (rows, >=, 30);

  store = proprio_sqlite_store_open_sync (fx->data_dir, &error);
  g_assert_no_error (error);
  g_assert_null (proprio_store_get_recovered (store)[0]);
  sessions = proprio_store_list_sessions_sync (store, "Q-1", &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = sessions->pdata[0];
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  g_assert_cmpint (session->end_us, >, session->start_us);
  {
    g_autoptr(GPtrArray) exercises = proprio_store_list_exercises_sync (store, session->id,
                                                                        &error);

    g_assert_no_error (error);
    g_assert_cmpuint (exercises->len, ==, 1);
    g_assert_cmpstr (((ProprioStoredExercise *) exercises->pdata[0])->outcome, ==, "cancelled");
  }
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--record-child"))
    return record_child (argv[2]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/session-controller/records-everything", Fixture, NULL, fixture_set_up,
              test_records_everything, fixture_tear_down);
  g_test_add ("/session-controller/kill-9-recovered", Fixture, NULL, fixture_set_up,
              test_kill_9_recovered, fixture_tear_down);
  g_test_add ("/session-controller/file-size-limit", Fixture, NULL, fixture_set_up,
              test_file_size_limit_told_at_once, fixture_tear_down);
  g_test_add ("/session-controller/second-program", Fixture, NULL, fixture_set_up,
              test_second_program_is_told, fixture_tear_down);
  g_test_add ("/session-controller/close-ends-session", Fixture, NULL, fixture_set_up,
              test_close_ends_the_session, fixture_tear_down);
  return g_test_run ();
}
