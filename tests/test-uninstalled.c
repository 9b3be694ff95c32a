/* SPDX-License-Identifier: GPL-3.0-or-later */
/* build/src/proprio started directly, as someone who just built it would: no GSETTINGS_SCHEMA_DIR,
 * no PROPRIO_LOCALEDIR. It must find its build folder's schema and translations, and run rather
 * than abort. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

/* An installed copy of the schema would hide what this test is about. */
static gboolean
schema_installed (void)
{
  const char * const *dirs = g_get_system_data_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "glib-2.0", "schemas",
                                                APP_ID ".gschema.xml", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

static char *
start_bus (GSubprocess **bus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  char *address;

  /* Its stderr is not the test's: a failed test must not leave the runner waiting on it. */
  *bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error, "dbus-daemon", "--session", "--print-address=1", "--nofork",
                           NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*bus));
  address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  return address;
}

static gboolean
name_has_owner (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

static void
test_runs_without_schema_dir (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autofree char *address = NULL;
  g_autofree char *proprio = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *err_path = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  gboolean owned = FALSE;
  gint64 deadline;
  int status;

  if (dbus_daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed (the test command installs it)");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display to open the window on (the test command runs under Xvfb)");
      return;
    }
  if (schema_installed ())
    {
      g_test_skip ("the schema is installed on this system, so the build folder is not needed");
      return;
    }
  g_assert_nonnull (build_root);

  tmpdir = g_dir_make_tmp ("proprio-uninstalled-XXXXXX", &error);
  g_assert_no_error (error);
  err_path = g_build_filename (tmpdir, "stderr", NULL);
  address = start_bus (&bus);
  connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  /* Exactly what the test environment adds for the other tests, taken away again. */
  g_subprocess_launcher_unsetenv (launcher, "GSETTINGS_SCHEMA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "PROPRIO_LOCALEDIR");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  proprio = g_build_filename (build_root, "src", "proprio", NULL);
  app = g_subprocess_launcher_spawn (launcher, &error, proprio, "--device=sim:balance",
                                     "--camera=none", NULL);
  g_assert_no_error (error);

  /* The name is taken when the application registers; its startup (where the settings are
   * made, and where it used to abort) follows at once. A second alive after that is past it. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!(owned = name_has_owner (connection)) && g_get_monotonic_time () < deadline
         && g_subprocess_get_identifier (app) != NULL)
    g_usleep (100 * 1000);
  if (owned)
    {
      deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
      while (g_get_monotonic_time () < deadline && g_subprocess_get_identifier (app) != NULL)
        g_usleep (50 * 1000);
    }

  if (g_subprocess_get_identifier (app) != NULL)
    g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, &error);
  g_assert_no_error (error);
  status = g_subprocess_get_status (app);
  g_file_get_contents (err_path, &err, NULL, NULL);
  if (err != NULL && err[0] != '\0')
    g_test_message ("proprio said:\n%s", err);

  /* Everything started is stopped before the verdict, so a failure leaves nothing running. */
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);
  g_unlink (err_path);
  g_rmdir (tmpdir);

  g_assert_null (strstr (err != NULL ? err : "", "is not installed"));
  g_assert_true (owned);
  /* Still running when told to stop: neither an abort nor an exit of its own. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGTERM);
}

/* The build's German catalogue, found without PROPRIO_LOCALEDIR: --help shows our option texts
 * in German (GLib's own words come from the system's catalogue either way). */
static void
test_finds_build_translations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autofree char *installed = g_build_filename (LOCALEDIR, "de", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *proprio = NULL;
  g_autofree char *out = NULL;
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");

  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the German catalogue is installed, so the build folder is not needed");
      return;
    }
  g_assert_nonnull (build_root);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_unsetenv (launcher, "PROPRIO_LOCALEDIR");
  g_subprocess_launcher_unsetenv (launcher, "GSETTINGS_SCHEMA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "de", TRUE);
  proprio = g_build_filename (build_root, "src", "proprio", NULL);
  app = g_subprocess_launcher_spawn (launcher, &error, proprio, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (app, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 0);
  g_assert_nonnull (strstr (out, "Zu verbindendes Gerät"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uninstalled/runs-without-schema-dir", test_runs_without_schema_dir);
  g_test_add_func ("/uninstalled/finds-build-translations", test_finds_build_translations);
  return g_test_run ();
}
