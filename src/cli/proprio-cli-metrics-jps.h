/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `proprio-cli metrics jps`: argv[0] is "jps". Returns the exit status. */
int proprio_cli_metrics_jps (int    argc,
                             char **argv);

G_END_DECLS
