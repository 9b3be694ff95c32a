/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "app/proprio-mirror-page.h"
#include "proprio-test-gui.h"

int
main (int   argc,
      char *argv[])
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  return g_test_run ();
}
