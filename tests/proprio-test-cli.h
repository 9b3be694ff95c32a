/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the tests of the CLI's analyses share: a scratch folder for input files, and running the
 * real `proprio-cli metrics …` (PROPRIO_CLI) to read its exit status, stdout and stderr. */
typedef struct
{
  char *dir;
} ProprioCliFixture;

void     proprio_cli_fixture_setup    (ProprioCliFixture *f,
                                       const char        *prefix);
/* Removes the files written and the folder (asserting that it can). */
void     proprio_cli_fixture_teardown (ProprioCliFixture *f);
/* Writes `contents` to `name` in the folder; returns its path. */
char    *proprio_cli_fixture_write    (ProprioCliFixture *f,
                                       const char        *name,
                                       const char        *contents);
/* Skips the test (and returns FALSE) when PROPRIO_CLI is not set. */
gboolean proprio_test_have_cli        (void);
/* Runs `proprio-cli metrics ARGS…` (NULL-terminated); returns its exit status. */
int      proprio_test_run_metrics     (char       **out,
                                       char       **err,
                                       const char  *first,
                                       ...);

G_END_DECLS
