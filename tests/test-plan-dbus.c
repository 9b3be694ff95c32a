/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan controls are application actions a station script reaches over D-Bus: the real
 * application on a private session bus, driven with `gapplication action` and org.gtk.Actions,
 * with every action enabled exactly while it applies. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#define APP_ID   "io.github.proprio.Proprio"
#define APP_PATH "/io/github/proprio/Proprio"

typedef struct
{
  char                *tmpdir;
  char                *bus_address;
  GSubprocess         *bus;
  GSubprocess         *app;
  GDBusConnection     *connection;
  GSubprocessLauncher *launcher;
} Fixture;

static GSubprocess *
start_bus (char **out_address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GSubprocess *bus;
  char *address;

  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", "--session",
                          "--print-address=1", "--nofork", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  *out_address = address;
  return bus;
}

static GSubprocessLauncher *
launcher_new (Fixture *f)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *config = g_build_filename (f->tmpdir, "config", NULL);
  g_autofree char *data = g_build_filename (f->tmpdir, "data", NULL);
  g_autofree char *cache = g_build_filename (f->tmpdir, "cache", NULL);
  g_autofree char *records = g_build_filename (f->tmpdir, "records", NULL);

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", f->bus_address, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", records, TRUE);
  /* The application's own warnings must not abort it here: this test is about the bus path. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  return launcher;
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

static GStrv
list_actions (GDBusConnection *connection)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GStrv names = NULL;

  /* The app answers once its startup is done: under sanitizers on a busy machine that can take a
   * while, and this is not a timing test. */
  reply = g_dbus_connection_call_sync (connection, APP_ID, APP_PATH, "org.gtk.Actions", "List",
                                       NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       30000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &names);
  return names;
}

static gboolean
is_enabled (GDBusConnection *connection,
            const char      *action)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean enabled = FALSE;

  reply = g_dbus_connection_call_sync (connection, APP_ID, APP_PATH, "org.gtk.Actions",
                                       "Describe", g_variant_new ("(s)", action),
                                       G_VARIANT_TYPE ("((bgav))"), G_DBUS_CALL_FLAGS_NONE,
                                       30000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "((bg@av))", &enabled, NULL, NULL);
  return enabled;
}

/* `gapplication action APP name [parameter]`, as a station script runs it. */
static void
gapplication (Fixture    *f,
              const char *action,
              const char *parameter)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_launcher_spawn (f->launcher, &error, "gapplication", "action", APP_ID,
                                         action, parameter, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

/* org.gtk.Actions.Activate directly. */
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

/* Actions change state on the app's main loop: ask again until they do (a generous limit). */
static gboolean
wait_enabled (Fixture    *f,
              const char *action,
              gboolean    wanted)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (is_enabled (f->connection, action) != wanted && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  return is_enabled (f->connection, action) == wanted;
}

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

static void
test_plan_actions (void)
{
  static const char * const plan_actions[] = {
    "plan-start", "plan-next", "plan-previous", "plan-skip", "plan-repeat", "plan-stop",
    "plan-select",
  };
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *proprio = NULL;
  g_auto(GStrv) actions = NULL;
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  gint64 deadline;

  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *gapplication_path = g_find_program_in_path ("gapplication");

  if (dbus_daemon == NULL || gapplication_path == NULL)
    {
      g_test_skip ("dbus-daemon or gapplication is not installed");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display to open the window on (the test command runs under Xvfb)");
      return;
    }
  g_assert_nonnull (build_root);

  f.tmpdir = g_dir_make_tmp ("proprio-plan-dbus-XXXXXX", &error);
  g_assert_no_error (error);
  f.bus = start_bus (&f.bus_address);
  f.connection = g_dbus_connection_new_for_address_sync (
    f.bus_address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  f.launcher = launcher_new (&f);
  proprio = g_build_filename (build_root, "src", "proprio", NULL);
  f.app = g_subprocess_launcher_spawn (f.launcher, &error, proprio, "--device=sim:balance",
                                       "--camera=none", "--view=balance", NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!name_has_owner (f.connection) && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_true (name_has_owner (f.connection));

  actions = list_actions (f.connection);
  for (guint i = 0; i < G_N_ELEMENTS (plan_actions); i++)
    if (!g_strv_contains ((const char * const *) actions, plan_actions[i]))
      g_error ("The application exports no “%s” action", plan_actions[i]);

  /* Nothing runs: only choosing a plan applies. */
  g_assert_true (wait_enabled (&f, "plan-select", TRUE));
  g_assert_false (is_enabled (f.connection, "plan-next"));
  g_assert_false (is_enabled (f.connection, "plan-stop"));

  /* Choose an example by its name; the plans are read in the background, so ask until it is
   * there (plan-start applies once a plan with steps is chosen). */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  do
    {
      gapplication (&f, "plan-select", "'ankle-sprain-balance'");
      if (is_enabled (f.connection, "plan-start"))
        break;
      g_usleep (200 * 1000);
    }
  while (g_get_monotonic_time () < deadline);
  g_assert_true (is_enabled (f.connection, "plan-start"));

  /* Start: the step controls apply, starting again and choosing another plan do not. */
  gapplication (&f, "plan-start", NULL);
  g_assert_true (wait_enabled (&f, "plan-next", TRUE));
  g_assert_true (is_enabled (f.connection, "plan-skip"));
  g_assert_true (is_enabled (f.connection, "plan-repeat"));
  g_assert_true (is_enabled (f.connection, "plan-stop"));
  g_assert_false (is_enabled (f.connection, "plan-start"));
  g_assert_false (is_enabled (f.connection, "plan-select"));
  /* On the first step there is no previous one. */
  g_assert_false (is_enabled (f.connection, "plan-previous"));

  /* Skip to the second step: now there is. */
  activate (&f, "plan-skip");
  g_assert_true (wait_enabled (&f, "plan-previous", TRUE));
  gapplication (&f, "plan-previous", NULL);
  g_assert_true (wait_enabled (&f, "plan-previous", FALSE));
  gapplication (&f, "plan-next", NULL);
  g_assert_true (wait_enabled (&f, "plan-previous", TRUE));
  gapplication (&f, "plan-repeat", NULL);
  g_assert_true (is_enabled (f.connection, "plan-previous"));

  /* Stop: back to where nothing runs. */
  gapplication (&f, "plan-stop", NULL);
  g_assert_true (wait_enabled (&f, "plan-next", FALSE));
  g_assert_false (is_enabled (f.connection, "plan-stop"));
  g_assert_true (is_enabled (f.connection, "plan-start"));
  g_assert_true (is_enabled (f.connection, "plan-select"));

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
  g_free (f.bus_address);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-dbus/actions-drive-the-plan", test_plan_actions);

  return g_test_run ();
}
