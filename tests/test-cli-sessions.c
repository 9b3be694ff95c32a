/* SPDX-License-Identifier: GPL-3.0-or-later */
/* proprio-cli record --patient, patients, sessions and export, as a user runs them: real
 * processes, a simulated board on a pty, a store in a temporary data folder. Includes a kill -9
 * of a recording and its recovery, and a session folder removed while recording. */
#include <ftw.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

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

static const char *
cli_path (void)
{
  return g_getenv ("PROPRIO_CLI");
}

typedef struct
{
  char *tmp;
  char *data_dir;
  char *link;
  GSubprocess *sim;
} Fixture;

static GSubprocessLauncher *
launcher_for (Fixture *fx,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", fx->data_dir, TRUE);
  return launcher;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *pty = NULL;

  fx->tmp = g_dir_make_tmp ("proprio-cli-sessions-XXXXXX", NULL);
  fx->data_dir = g_build_filename (fx->tmp, "data", NULL);
  fx->link = g_build_filename (fx->tmp, "board.port", NULL);
  if (cli_path () == NULL)
    return;
  fx->sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, cli_path (), "sim", "--device", data ? data : "balance",
                              "--link", fx->link, "--duration", "120", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fx->sim));
  pty = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pty);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  if (fx->sim != NULL)
    {
      g_subprocess_force_exit (fx->sim);
      g_subprocess_wait (fx->sim, NULL, NULL);
      g_clear_object (&fx->sim);
    }
  remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->data_dir);
  g_free (fx->link);
}

/* Runs proprio-cli with the fixture's data folder; returns the exit status. */
static int
run (Fixture     *fx,
     char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    launcher_for (fx, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli_path ());
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

/* The only session's folder, once the recorder has made it. */
static char *
wait_for_session_folder (Fixture *fx)
{
  g_autofree char *sessions = g_build_filename (fx->data_dir, "sessions", NULL);
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

static guint
rows_in (const char *path)
{
  g_autoptr(GArray) samples = NULL;

  if (!proprio_stream_file_read_samples (path, NULL, &samples, NULL))
    return 0;
  return samples->len;
}

static void
test_kill_9_then_recovery (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(ProprioSession) session = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GArray) samples = NULL;
  gint64 killed_at, deadline, last_t;
  const char * const *recovered;

  if (cli_path () == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  launcher = launcher_for (fx, G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  rec = g_subprocess_launcher_spawn (launcher, &error, cli_path (), "record", "--port", fx->link,
                                     "--patient", "K-9", NULL);
  g_assert_no_error (error);
  folder = wait_for_session_folder (fx);
  balance = g_build_filename (folder, "balance.csv", NULL);
  /* Until it has recorded a good two seconds (100 Hz). */
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (rows_in (balance) < 200 && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  g_assert_cmpuint (rows_in (balance), >=, 200);
  g_usleep (1200000);
  killed_at = g_get_monotonic_time ();
  g_subprocess_send_signal (rec, SIGKILL);
  g_subprocess_wait (rec, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (rec));

  /* What was written is readable, and reaches to within a second of the kill. */
  g_assert_true (proprio_stream_file_read_samples (balance, NULL, &samples, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, >=, 200);
  last_t = g_array_index (samples, ProprioSample, samples->len - 1).t_us;
  g_assert_cmpint (last_t, >=, killed_at - G_USEC_PER_SEC);

  /* The next program to open the records closes the session. */
  g_assert_cmpint (run (fx, &out, &err, "sessions", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "marked “recovered”"));
  g_assert_nonnull (strstr (out, "\"state\":\"recovered\""));
  g_assert_nonnull (strstr (out, "\"patient\":\"K-9\""));

  store = proprio_sqlite_store_open_sync (fx->data_dir, &error);
  g_assert_no_error (error);
  recovered = proprio_store_get_recovered (store);
  g_assert_null (recovered[0]);  /* already done by the CLI */
  {
    g_autoptr(GPtrArray) sessions = proprio_store_list_sessions_sync (store, "K-9", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sessions->len, ==, 1);
    session = proprio_session_copy (sessions->pdata[0]);
  }
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_RECOVERED);
  g_assert_cmpint (session->end_us, ==, last_t);
  g_clear_object (&store);
}

static void
test_record_list_export (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autofree char *edf = g_build_filename (fx->tmp, "s.edf", NULL);
  g_autofree char *csv = g_build_filename (fx->tmp, "csv", NULL);
  g_autofree char *precious = NULL;
  const char *p;

  if (cli_path () == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  g_assert_cmpint (run (fx, &out, &err, "record", "--port", fx->link, "--duration", "2",
                        "--patient", "P/1 \"q\" 🦶", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "New patient"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fx, &out, &err, "patients", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"id\":\"P/1 \\\"q\\\" 🦶\""));
  g_assert_nonnull (strstr (out, "\"sessions\":1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fx, &out, &err, "sessions", "--patient", "P/1 \"q\" 🦶", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "complete"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, &out, &err, "sessions", "--json", NULL), ==, 0);
  p = strstr (out, "\"id\":\"");
  g_assert_nonnull (p);
  id = g_strndup (p + 6, strchr (p + 6, '"') - (p + 6));
  g_assert_nonnull (strstr (out, "\"state\":\"complete\""));
  g_assert_nonnull (strstr (out, "\"exercises\":0"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (fx, &out, &err, "export", "edf", id, "--out", edf, NULL), ==, 0);
  g_assert_true (g_file_test (edf, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, &out, &err, "export", "csv", id, "--out", csv, "--anonymise", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An existing file is refused and left as it is. */
  g_assert_true (g_file_set_contents (edf, "precious", -1, NULL));
  g_assert_cmpint (run (fx, &out, &err, "export", "edf", id, "--out", edf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists already"));
  g_assert_true (g_file_get_contents (edf, &precious, NULL, NULL));
  g_assert_cmpstr (precious, ==, "precious");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, &out, &err, "export", "edf", id, "--out", edf, "--force", NULL), ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors. */
  g_assert_cmpint (run (fx, &out, &err, "export", "xls", id, "--out", edf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Unknown format “xls”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fx, &out, &err, "export", "edf", "no-such-session", "--out",
                        "/nonexistent/x.edf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no session"));
}

static void
test_removed_folder_fails_the_recording (Fixture       *fx,
                                         gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *events = NULL;
  g_autofree char *log = NULL;

  if (cli_path () == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  launcher = launcher_for (fx, G_SUBPROCESS_FLAGS_STDERR_PIPE);
  rec = g_subprocess_launcher_spawn (launcher, &error, cli_path (), "record", "--port", fx->link,
                                     "--patient", "R", "--duration", "60", NULL);
  g_assert_no_error (error);
  folder = wait_for_session_folder (fx);
  balance = g_build_filename (folder, "balance.csv", NULL);
  events = g_build_filename (folder, "events.csv", NULL);
  while (!g_file_test (balance, G_FILE_TEST_EXISTS))
    g_usleep (50000);
  g_usleep (500000);
  g_unlink (balance);
  g_unlink (events);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
  /* It stops at once with the reason, long before its 60 s. */
  g_subprocess_communicate_utf8 (rec, NULL, NULL, NULL, &log, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (rec));
  g_assert_cmpint (g_subprocess_get_exit_status (rec), ==, 1);
  g_assert_nonnull (strstr (log, "Recording stopped"));
  g_assert_nonnull (strstr (log, balance));
}

static void
test_help_and_usage (Fixture       *fx,
                     gconstpointer  data)
{
  const char *commands[] = { "patients", "sessions", "export" };

  if (cli_path () == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run (fx, &out, &err, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (out, commands[i]));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (run (fx, &out, &err, commands[i], "--bogus", NULL), ==, 2);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run (fx, &out, &err, "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "export"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run (fx, &out, &err, "record", "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "--patient"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-sessions/kill-9-recovery", Fixture, NULL, fixture_set_up,
              test_kill_9_then_recovery, fixture_tear_down);
  g_test_add ("/cli-sessions/record-list-export", Fixture, NULL, fixture_set_up,
              test_record_list_export, fixture_tear_down);
  g_test_add ("/cli-sessions/removed-folder", Fixture, NULL, fixture_set_up,
              test_removed_folder_fails_the_recording, fixture_tear_down);
  g_test_add ("/cli-sessions/help", Fixture, NULL, fixture_set_up, test_help_and_usage,
              fixture_tear_down);
  return g_test_run ();
}
