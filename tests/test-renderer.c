/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The renderer Proprio asks for when the user chose none: Cairo without a GPU render node (GL
 * would run on the software rasteriser), GTK's own choice with one; a renderer or a GDK_DEBUG the
 * user set is never overridden. */
#include "config.h"

#include <glib/gstdio.h>

#include "app/proprio-renderer.h"

static char *
make_dri (const char *first_node,
          ...)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("proprio-dri-XXXXXX", &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, first_node);
  for (const char *node = first_node; node != NULL; node = va_arg (args, const char *))
    {
      g_autofree char *path = g_build_filename (dir, node, NULL);

      g_assert_true (g_file_set_contents (path, "", 0, NULL));
    }
  va_end (args);
  return dir;
}

static void
remove_dri (char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;

  while (entries != NULL && (name = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

static void
test_default (void)
{
  char *none = make_dri (NULL, NULL);
  char *card_only = make_dri ("card0", NULL);
  char *gpu = make_dri ("card0", "renderD128", NULL);

  /* No render node, or no DRM at all: GL would be the software rasteriser. */
  g_assert_cmpstr (proprio_renderer_default (none), ==, "cairo");
  g_assert_cmpstr (proprio_renderer_default (card_only), ==, "cairo");
  g_assert_cmpstr (proprio_renderer_default ("/nonexistent/dri"), ==, "cairo");
  /* A GPU: GTK chooses (GL). */
  g_assert_null (proprio_renderer_default (gpu));

  remove_dri (none);
  remove_dri (card_only);
  remove_dri (gpu);
}

static void
test_setup_keeps_the_users_choice (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("GSK_RENDERER", "ngl", TRUE);
      g_unsetenv ("GDK_DEBUG");
      proprio_renderer_setup ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "ngl");
      g_assert_null (g_getenv ("GDK_DEBUG"));

      g_setenv ("GSK_RENDERER", "cairo", TRUE);
      g_setenv ("GDK_DEBUG", "frames", TRUE);
      proprio_renderer_setup ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "cairo");
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "frames");

      g_unsetenv ("GDK_DEBUG");
      proprio_renderer_setup ();
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "gl-disable");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Unset, the choice follows this machine's /dev/dri. */
static void
test_setup_without_a_choice (void)
{
  if (g_test_subprocess ())
    {
      const char *expected = proprio_renderer_default ("/dev/dri");

      g_unsetenv ("GSK_RENDERER");
      g_unsetenv ("GDK_DEBUG");
      proprio_renderer_setup ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, expected);
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, expected != NULL ? "gl-disable" : NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/default", test_default);
  g_test_add_func ("/renderer/setup-keeps-the-users-choice", test_setup_keeps_the_users_choice);
  g_test_add_func ("/renderer/setup-without-a-choice", test_setup_without_a_choice);
  return g_test_run ();
}
