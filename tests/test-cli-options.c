/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Both executables reject bad command lines with a message and a non-zero exit, never a crash,
 * and before any window or device is opened (so these run without a display). */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

static const char *build_root;

static int
run (const char * const *args,
     char              **out,
     char              **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  int status = -1;

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  /* No display to be had: had the app got as far as opening a window, it would fail with GTK's
   * own message and status, not with ours. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "GDK_BACKEND", "nowhere", TRUE);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  /* A signal (a crash) is never an acceptable answer to bad input. */
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
app_path (const char *name)
{
  return g_build_filename (build_root, "src", name, NULL);
}

typedef struct
{
  const char *option;
  const char *message;  /* a fragment the message must contain */
} BadOption;

static void
test_app_rejects_bad_options (void)
{
  static const BadOption cases[] = {
    { "--device=bogus", "neither a simulator" },
    { "--device=sim:treadmill", "unknown simulator" },
    { "--device=/dev/ttyACM0?protocol=morse", "unknown protocol" },
    { "--device=/dev/ttyACM0?baud=12345", "not a supported baud rate" },
    { "--device=/dev/ttyACM0?baud", "name=value" },
    { "--device=/dev/ttyACM0?baud=9600&baud=9600", "given twice" },
    { "--device=sim:emg?protocol=cyton", "speaks its own protocol" },
    { "--device=", "No device given" },
    { "--camera=webcam", "Unknown camera" },
    { "--view=legs", "Unknown view" },
    { "--no-such-option", "Unknown option" },
  };
  g_autofree char *proprio = app_path ("proprio");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { proprio, cases[i].option, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_test_message ("%s", cases[i].option);
      g_assert_cmpint (run (argv, &out, &err), !=, 0);
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_null (strstr (err, "CRITICAL"));
    }
}

typedef struct
{
  const char *option;
  const char *name;   /* the option the message must name */
  const char *value;  /* and its value */
} BadValue;

/* The whole device spec is checked before any window: simulator options, protocol options,
 * unknown command-line options. Always "proprio: <message>" and exit status 2. */
static void
test_app_validates_whole_spec (void)
{
  static const BadValue cases[] = {
    { "--device=sim:balance?rate=-5", "rate", "“-5”" },
    { "--device=sim:balance?rate=nan", "rate", "“nan”" },
    { "--device=sim:balance?rate=1e9", "rate", "“1e9”" },
    { "--device=sim:emg?rate=", "rate", "name=value" },
    { "--device=sim:balance?seed=-1", "seed", "“-1”" },
    { "--device=sim:cyton?seed=99999999999", "seed", "“99999999999”" },
    { "--device=sim:balance?bogus=1", "bogus", "sim:balance?bogus=1" },
    { "--device=/dev/x?bogus=1", "bogus", "/dev/x?bogus=1" },
    { "--device=/dev/x?order=zz", "order", "“zz”" },
    { "--device=/dev/x?protocol=cyton&gains=1,2", "gains", "“1,2”" },
    { "--device=/dev/x%zz", "%25", "/dev/x%zz" },
    { "--bogus", "Unknown option --bogus", "--bogus" },
    { "--device", "--device", "Missing argument" },
  };
  g_autofree char *proprio = app_path ("proprio");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { proprio, cases[i].option, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_test_message ("%s", cases[i].option);
      g_assert_cmpint (run (argv, &out, &err), ==, 2);
      g_test_message ("%s", err);
      g_assert_true (g_str_has_prefix (err, "proprio: "));
      g_assert_nonnull (strstr (err, cases[i].name));
      g_assert_nonnull (strstr (err, cases[i].value));
      /* One line: the message, nothing from GTK. */
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
      g_assert_cmpstr (out, ==, "");
    }
}

/* `proprio-cli record` judges its options as the app does, before opening anything. */
static void
test_cli_record_validates_options (void)
{
  static const BadValue cases[] = {
    { "--option=order=zz", "order", "“zz”" },
    { "--option=bogus=1", "bogus", "“bogus”" },
    { "--option=min_load=heavy", "min_load", "“heavy”" },
    { "--geometry=433", "geometry", "“433”" },
    { "--duration=nan", "duration", "seconds" },
    { "--baud=-1", "-1", "baud" },
  };
  g_autofree char *cli = app_path ("proprio-cli");
  g_autofree char *dir = g_dir_make_tmp ("proprio-options-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "x.csv", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[] = { cli, "record", "--port", "/dev/x", "--out", csv, cases[i].option,
                             NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_test_message ("%s", cases[i].option);
      g_assert_cmpint (run (argv, &out, &err), ==, 2);
      g_test_message ("%s", err);
      g_assert_true (g_str_has_prefix (err, "proprio-cli record: "));
      g_assert_nonnull (strstr (err, cases[i].name));
      g_assert_nonnull (strstr (err, cases[i].value));
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }
  g_rmdir (dir);
}

static void
test_app_version (void)
{
  g_autofree char *proprio = app_path ("proprio");
  const char *argv[] = { proprio, "--version", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (argv, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "proprio " PACKAGE_VERSION "\n");
}

static void
test_cli_version_and_help (void)
{
  g_autofree char *cli = app_path ("proprio-cli");
  const char *version[] = { cli, "--version", NULL };
  const char *help[] = { cli, "--help", NULL };
  const char *none[] = { cli, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *hout = NULL, *herr = NULL;
  g_autofree char *nout = NULL, *nerr = NULL;

  g_assert_cmpint (run (version, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "proprio-cli " PACKAGE_VERSION "\n");

  g_assert_cmpint (run (help, &hout, &herr), ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const commands[] = { "ports", "sim", "record", "metrics" };
      g_assert_nonnull (strstr (hout, commands[i]));
    }

  /* No command at all: usage on stderr, exit 2. */
  g_assert_cmpint (run (none, &nout, &nerr), ==, 2);
  g_assert_nonnull (strstr (nerr, "Usage:"));
}

static void
test_cli_rejects_unknown (void)
{
  g_autofree char *cli = app_path ("proprio-cli");
  const char *cmd[] = { cli, "frobnicate", NULL };
  const char *opt[] = { cli, "--frobnicate", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *oout = NULL, *oerr = NULL;

  g_assert_cmpint (run (cmd, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "Unknown command “frobnicate”"));
  g_assert_cmpint (run (opt, &oout, &oerr), ==, 2);
  g_assert_nonnull (strstr (oerr, "Unknown option “--frobnicate”"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  g_assert_nonnull (build_root);

  g_test_add_func ("/cli-options/app-rejects-bad-options", test_app_rejects_bad_options);
  g_test_add_func ("/cli-options/app-validates-whole-spec", test_app_validates_whole_spec);
  g_test_add_func ("/cli-options/cli-record-validates-options", test_cli_record_validates_options);
  g_test_add_func ("/cli-options/app-version", test_app_version);
  g_test_add_func ("/cli-options/cli-version-and-help", test_cli_version_and_help);
  g_test_add_func ("/cli-options/cli-rejects-unknown", test_cli_rejects_unknown);

  return g_test_run ();
}
