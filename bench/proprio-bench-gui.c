/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-bench"

#include <adwaita.h>
#include <stdlib.h>

#include "proprio-bench.h"

void
proprio_bench_gui_init (const char *name)
{
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP %s needs a display (run it under xvfb-run -a)\n", name);
      exit (PROPRIO_BENCH_SKIP);
    }
  adw_init ();
}
