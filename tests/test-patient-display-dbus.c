/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The patient display is an application action a station script reaches over D-Bus: the real
 * application on a private session bus, toggled with org.gtk.Actions.Activate (what
 * `gdbus call … org.gtk.Actions.Activate patient-display [] {}` sends) and with
 * `gapplication action`, its state following each time. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#define APP_ID   "io.github.proprio.Proprio"
#define APP_PATH "/io/github/proprio/Proprio"

typedef struct
{
  char                *tmpdir;
  GSubprocess         *bus;
  GSubprocess         *app;
  GDBusConnection     *connection;
  GSubprocessLauncher *launcher;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);

      remove_tree (sub);
    }
  g_rmdir (path);
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

/* The action's state as the bus tells it. */
static gboolean
state_of (GDBusConnection *connection,
          const char      *action)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) state = NULL;
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;
  GVariantIter *iter = NULL;
  GVariant *value;

  /* The app answers once its startup is done: under sanitizers on a busy machine that can take a
   * while, and this is not a timing test. */
  reply = g_dbus_connection_call_sync (connection, APP_ID, APP_PATH, "org.gtk.Actions",
                                       "Describe", g_variant_new ("(s)", action),
                                       G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NONE,
                                       30000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "((bgav))", &enabled, NULL, &iter);
  g_assert_true (enabled);
  while ((value = g_variant_iter_next_value (iter)) != NULL)
    {
      g_clear_pointer (&state, g_variant_unref);
      state = g_variant_get_variant (value);
      g_variant_unref (value);
    }
  g_variant_iter_free (iter);
  g_assert_nonnull (state);
  g_assert_true (g_variant_is_of_type (state, G_VARIANT_TYPE_BOOLEAN));
  return g_variant_get_boolean (state);
}

static gboolean
wait_state (Fixture    *f,
            const char *action,
            gboolean    wanted)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (state_of (f->connection, action) != wanted && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  return state_of (f->connection, action) == wanted;
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (f->connection, APP_ID, APP_PATH, "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(sava{sv})", action, NULL, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
}

static void
gapplication (Fixture    *f,
              const char *action)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_launcher_spawn (f->launcher, &error, "gapplication", "action", APP_ID,
                                         action, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static void
test_action_over_the_bus (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *address = NULL;
  g_autofree char *proprio = NULL;
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *gapplication_path = g_find_program_in_path ("gapplication");
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  const char *dirs[] = { "config", "data", "cache", "records" };
  const char *vars[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "PROPRIO_DATA_DIR" };
  gint64 deadline;

  if (dbus_daemon == NULL || gapplication_path == NULL)
    {
      g_test_skip ("dbus-daemon or gapplication is not installed");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display to open the windows on (the test command runs under Xvfb)");
      return;
    }
  g_assert_nonnull (build_root);

  f.tmpdir = g_dir_make_tmp ("proprio-patient-dbus-XXXXXX", &error);
  g_assert_no_error (error);
  f.bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", "--session",
                            "--print-address=1", "--nofork", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f.bus));
  address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  f.connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  f.launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (f.launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_setenv (f.launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (f.tmpdir, dirs[i], NULL);

      g_subprocess_launcher_setenv (f.launcher, vars[i], dir, TRUE);
    }
  /* The application's own warnings must not abort it here: this test is about the bus path. */
  g_subprocess_launcher_unsetenv (f.launcher, "G_DEBUG");

  proprio = g_build_filename (build_root, "src", "proprio", NULL);
  f.app = g_subprocess_launcher_spawn (f.launcher, &error, proprio, "--device=sim:balance",
                                       "--camera=none", "--view=balance", NULL);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!name_has_owner (f.connection) && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_true (name_has_owner (f.connection));

  /* Closed at start; Activate opens it, again closes it. */
  g_assert_false (state_of (f.connection, "patient-display"));
  activate (&f, "patient-display");
  g_assert_true (wait_state (&f, "patient-display", TRUE));
  activate (&f, "patient-display");
  g_assert_true (wait_state (&f, "patient-display", FALSE));

  /* The same from a station script. */
  gapplication (&f, "patient-display");
  g_assert_true (wait_state (&f, "patient-display", TRUE));
  gapplication (&f, "patient-display");
  g_assert_true (wait_state (&f, "patient-display", FALSE));

  /* Fullscreen opens it when it is closed. */
  activate (&f, "patient-display-fullscreen");
  g_assert_true (wait_state (&f, "patient-display", TRUE));

  g_subprocess_force_exit (f.app);
  g_subprocess_wait (f.app, NULL, NULL);
  g_dbus_connection_close_sync (f.connection, NULL, NULL);
  g_clear_object (&f.connection);
  g_subprocess_force_exit (f.bus);
  g_subprocess_wait (f.bus, NULL, NULL);
  g_clear_object (&f.app);
  g_clear_object (&f.bus);
  g_clear_object (&f.launcher);
  remove_tree (f.tmpdir);
  g_free (f.tmpdir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/patient-display-dbus/action-over-the-bus", test_action_over_the_bus);

  return g_test_run ();
}
