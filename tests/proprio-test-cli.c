/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>

#include "proprio-test-cli.h"

void
proprio_cli_fixture_setup (ProprioCliFixture *f,
                           const char        *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);

  f->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
}

void
proprio_cli_fixture_teardown (ProprioCliFixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  g_clear_pointer (&f->dir, g_free);
}

char *
proprio_cli_fixture_write (ProprioCliFixture *f,
                           const char        *name,
                           const char        *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

gboolean
proprio_test_have_cli (void)
{
  if (g_getenv ("PROPRIO_CLI") == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return FALSE;
    }
  return TRUE;
}

int
proprio_test_run_metrics (char       **out,
                          char       **err,
                          const char  *first,
                          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("PROPRIO_CLI");
  va_list args;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "metrics");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &stdout_text, &stderr_text, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", stdout_text, stderr_text);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_assert_error (error, G_SPAWN_EXIT_ERROR, error->code);
      return error->code;
    }
  return 0;
}
