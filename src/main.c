/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "app/proprio-application.h"
#include "app/proprio-renderer.h"
#include "devices/proprio-device.h"

/* Whether LOCALEDIR holds any catalogue of ours that the build folder has. */
static gboolean
catalogues_installed (GDir *build)
{
  const char *lang;

  while ((lang = g_dir_read_name (build)) != NULL)
    {
      g_autofree char *mo = g_strconcat (GETTEXT_PACKAGE, ".mo", NULL);
      g_autofree char *installed = g_build_filename (LOCALEDIR, lang, "LC_MESSAGES", mo, NULL);

      if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }
  return FALSE;
}

/* PROPRIO_LOCALEDIR lets the README's run command and the tests choose; otherwise the installed
 * catalogues, and for an uninstalled build started directly, its build folder's. */
static const char *
locale_dir (void)
{
  g_autoptr(GDir) build = NULL;

  if (g_getenv ("PROPRIO_LOCALEDIR") != NULL)
    return g_getenv ("PROPRIO_LOCALEDIR");
  build = g_dir_open (PROPRIO_BUILD_LOCALEDIR, 0, NULL);
  if (build != NULL && !catalogues_installed (build))
    return PROPRIO_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

int
main (int argc, char **argv)
{
  g_autoptr(ProprioApplication) app = NULL;
  int status;

  proprio_renderer_setup ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = proprio_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);
  /* Readers wind down on their own threads: let them stop the devices (a Cyton gets its "s")
   * before the process goes. */
  proprio_device_wait_for_readers (1000);
  return status;
}
