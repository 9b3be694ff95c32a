/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "app/proprio-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(ProprioApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* PROPRIO_LOCALEDIR lets an uninstalled build (the README's run command, tests) find its
   * translations in the build folder. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PROPRIO_LOCALEDIR") ? g_getenv ("PROPRIO_LOCALEDIR")
                                                                   : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = proprio_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
