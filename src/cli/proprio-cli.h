/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <stdio.h>

#include "core/proprio-ring.h"
#include "core/proprio-stream.h"
#include "store/proprio-store.h"

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
int proprio_cli_patients (int argc, char **argv);
int proprio_cli_sessions (int argc, char **argv);
int proprio_cli_export  (int argc, char **argv);
int proprio_cli_trends  (int argc, char **argv);
/* `export pdf|bundle` (proprio-cli-report.c); argv[1] is the format. */
int proprio_cli_export_report (int argc, char **argv);

/* The records in the data folder ($PROPRIO_DATA_DIR or the user's); says on stderr which
 * sessions were recovered, and why it cannot open them (then NULL). */
ProprioStore *proprio_cli_open_store (const char *command);

/* `record --patient`: a session of the store that the device's stream is recorded into, by a
 * ProprioRecorder (proprio-cli-sessions.c). */
typedef struct _ProprioCliSession ProprioCliSession;

ProprioCliSession *proprio_cli_session_begin      (const char               *patient_id,
                                                   const char               *device_spec,
                                                   GError                  **error);
const char        *proprio_cli_session_get_id     (ProprioCliSession        *self);
/* Once the device's channels are known; a second call does nothing. */
gboolean           proprio_cli_session_add_stream (ProprioCliSession        *self,
                                                   ProprioStreamKind         kind,
                                                   ProprioRing              *ring,
                                                   const ProprioChannelInfo *channels,
                                                   guint                     n_channels,
                                                   double                    rate_hz,
                                                   GError                  **error);
gboolean           proprio_cli_session_has_stream (ProprioCliSession        *self);
/* FALSE once the recording has failed (the message is printed already). */
gboolean           proprio_cli_session_check      (ProprioCliSession        *self);
/* Stops the recorder, closes the session; FALSE when anything was lost. `rate_hz`: the rate
 * measured (0: unknown), kept for exports. */
gboolean           proprio_cli_session_end        (ProprioCliSession        *self,
                                                   double                    rate_hz,
                                                   GError                  **error);
void               proprio_cli_session_free       (ProprioCliSession        *self);

/* The whole CLI, as `main()` runs it; tests call it in-process. */
int proprio_cli_run     (int argc, char **argv);

/* Shared by subcommands: print "proprio-cli CMD: message" to stderr, return the usage exit code. */
int proprio_cli_usage_error (const char *command,
                             const char *format,
                             ...) G_GNUC_PRINTF (2, 3);

/* Table output: `label` padded to `width` characters (not bytes: translated labels with accents
 * still line up). */
void proprio_cli_print_padded (const char *label,
                               int         width);
/* A JSON number in the C locale (%.9g), or null when it is not finite (JSON has no NaN). */
void proprio_cli_json_number  (GString    *out,
                               double      value);

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
