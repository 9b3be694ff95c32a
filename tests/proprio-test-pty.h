/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A pseudo-terminal pair for tests: the test holds the master (the "device" side, raw and
 * non-blocking) and code under test opens `path`, the slave. */
typedef struct
{
  int   master;
  char *path;
} ProprioTestPty;

void     proprio_test_pty_open       (ProprioTestPty *pty);
void     proprio_test_pty_close      (ProprioTestPty *pty);
void     proprio_test_pty_write      (ProprioTestPty *pty,
                                      const void     *data,
                                      gsize           len);
/* Reads what arrives within `timeout_ms` (stops early once `want` bytes are in). */
GBytes  *proprio_test_pty_read       (ProprioTestPty *pty,
                                      gsize           want,
                                      int             timeout_ms);

/* Iterates the default main context until `done` returns TRUE or `timeout_ms` pass. Returns
 * whether `done` became TRUE. */
gboolean proprio_test_wait_for       (gboolean      (*done) (gpointer),
                                      gpointer        data,
                                      int             timeout_ms);

G_END_DECLS
