/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Each subcommand of proprio-cli: argv[0] is the subcommand's name. Returns the exit status. */
typedef int (*ProprioCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char            *name;
  const char            *summary;  /* translatable, marked with N_() */
  ProprioCliCommandFunc  func;
} ProprioCliCommand;

int proprio_cli_ports   (int argc, char **argv);
int proprio_cli_sim     (int argc, char **argv);
int proprio_cli_record  (int argc, char **argv);
int proprio_cli_metrics (int argc, char **argv);

/* The whole CLI, as `main()` runs it; tests call it in-process. */
int proprio_cli_run     (int argc, char **argv);

/* Shared by subcommands: print "proprio-cli CMD: message" to stderr, return the usage exit code. */
int proprio_cli_usage_error (const char *command,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

/* The options and the one FILE of an analysis ("metrics sway FILE …"): parses `entries` (which
 * must include --help into `help`), prints `print_help` for --help. Returns -1 with `file` set
 * to go on, or the exit status (0 after help, 2 after a usage message). */
int proprio_cli_parse_file_command (const char          *command,
                                    int                  argc,
                                    char               **argv,
                                    const GOptionEntry  *entries,
                                    const gboolean      *help,
                                    void               (*print_help) (FILE *out),
                                    char               **file);

G_END_DECLS
