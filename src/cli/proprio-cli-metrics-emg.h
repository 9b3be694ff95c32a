/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `proprio-cli metrics emg FILE [OPTIONS…]`: argv[0] is "emg". Returns the exit status: 0, 1 when
 * the file cannot be analysed, 2 after a usage error (as `metrics sway`). */
int proprio_cli_metrics_emg (int    argc,
                             char **argv);

G_END_DECLS
