/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `gapplication action io.github.proprio.Proprio snapshot` against the real application on a
 * private session bus: a PNG lands in the snapshot folder. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#define APP_ID   "io.github.proprio.Proprio"
#define APP_PATH "/io/github/proprio/Proprio"

typedef struct
{
  char            *tmpdir;
  char            *folder;
  char            *bus_address;
  GSubprocess     *bus;
  GSubprocess     *app;
  GDBusConnection *connection;
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

static void
write_settings (Fixture *f)
{
  g_autofree char *dir = g_build_filename (f->tmpdir, "config", "glib-2.0", "settings", NULL);
  g_autofree char *path = g_build_filename (dir, "keyfile", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* A GVariant string in the keyfile backend's format: the group is the schema path. */
  contents = g_strdup_printf ("[io/github/proprio/Proprio]\nsnapshot-folder='%s'\n", f->folder);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static GSubprocessLauncher *
launcher_new (Fixture *f)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *config = g_build_filename (f->tmpdir, "config", NULL);
  g_autofree char *data = g_build_filename (f->tmpdir, "data", NULL);
  g_autofree char *cache = g_build_filename (f->tmpdir, "cache", NULL);

  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", f->bus_address, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
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

static gboolean
app_has_action (GDBusConnection *connection,
                const char      *action)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree const char **list = NULL;

  /* The app answers once its startup is done: under sanitizers on a busy machine that can take a
   * while, and this is not a timing test. */
  reply = g_dbus_connection_call_sync (connection, APP_ID, APP_PATH, "org.gtk.Actions", "List",
                                       NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       30000, NULL, &error);
  g_assert_no_error (error);
  names = g_variant_get_child_value (reply, 0);
  list = g_variant_get_strv (names, NULL);
  return g_strv_contains (list, action);
}

static char *
find_png (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "proprio-snapshot-") && g_str_has_suffix (name, ".png"))
      return g_build_filename (folder, name, NULL);
  return NULL;
}

/* The PNG signature at the start and the IEND chunk (with its fixed CRC) at the end. */
static gboolean
png_is_complete (const char *path)
{
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guchar iend[8] = { 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < 16)
    return FALSE;
  return memcmp (contents, signature, 8) == 0 && memcmp (contents + length - 8, iend, 8) == 0;
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
test_snapshot_action (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *proprio = NULL;
  g_autofree char *png = NULL;
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  gint64 deadline;
  GStatBuf st;

  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *gapplication = g_find_program_in_path ("gapplication");

  if (dbus_daemon == NULL || gapplication == NULL)
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

  f.tmpdir = g_dir_make_tmp ("proprio-dbus-XXXXXX", &error);
  g_assert_no_error (error);
  f.folder = g_build_filename (f.tmpdir, "shots", NULL);
  write_settings (&f);
  f.bus = start_bus (&f.bus_address);
  f.connection = g_dbus_connection_new_for_address_sync (
    f.bus_address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);

  launcher = launcher_new (&f);
  proprio = g_build_filename (build_root, "src", "proprio", NULL);
  f.app = g_subprocess_launcher_spawn (launcher, &error, proprio, "--camera=test", "--view=mirror",
                                       NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (f.connection) && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_true (name_has_owner (f.connection));

  if (!app_has_action (f.connection, "snapshot"))
    g_test_skip ("the application exports no “snapshot” action yet");
  else
    {
      /* Until the window has painted the page, a snapshot fails with a toast; ask again. */
      while (png == NULL && g_get_monotonic_time () < deadline + 10 * G_USEC_PER_SEC)
        {
          g_autoptr(GSubprocess) action = NULL;

          action = g_subprocess_launcher_spawn (launcher, &error, "gapplication", "action",
                                                APP_ID, "snapshot", NULL);
          g_assert_no_error (error);
          g_assert_true (g_subprocess_wait_check (action, NULL, &error));
          g_assert_no_error (error);
          for (int i = 0; i < 10 && png == NULL; i++)
            {
              g_usleep (100 * 1000);
              png = find_png (f.folder);
            }
        }
      g_assert_nonnull (png);
      /* The worker creates the file, then writes it: wait for the end of the PNG. */
      while (!png_is_complete (png) && g_get_monotonic_time () < deadline + 15 * G_USEC_PER_SEC)
        g_usleep (50 * 1000);
      g_assert_true (png_is_complete (png));
      g_assert_cmpint (g_stat (png, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (st.st_size, >, 1000);
    }

  g_subprocess_force_exit (f.app);
  g_subprocess_wait (f.app, NULL, NULL);
  g_dbus_connection_close_sync (f.connection, NULL, NULL);
  g_clear_object (&f.connection);
  g_subprocess_force_exit (f.bus);
  g_subprocess_wait (f.bus, NULL, NULL);
  g_clear_object (&f.app);
  g_clear_object (&f.bus);
  remove_tree (f.tmpdir);
  g_free (f.tmpdir);
  g_free (f.folder);
  g_free (f.bus_address);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/snapshot-dbus/gapplication-action-saves-png", test_snapshot_action);
  return g_test_run ();
}
