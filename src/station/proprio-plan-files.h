/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* The file operations of the plan library, thread-safe and free of library state, so a worker
 * thread runs them: atomic writes that never replace a file they were not told about, and
 * deletions that only remove the file they were told about. */

/* What identifies a file Proprio wrote: when any of these differ, someone else wrote it. */
typedef struct
{
  dev_t   dev;
  ino_t   ino;
  goffset size;
  gint64  mtime_ns;
} ProprioFileId;

typedef enum
{
  PROPRIO_PLAN_WRITE_NEW,        /* the file must not exist (or be `expected` when given) */
  PROPRIO_PLAN_WRITE_REPLACE,    /* an existing regular file is replaced (an export) */
} ProprioPlanWriteMode;

/* lstat () of `path` as an id; FALSE (errno set) when it cannot be read. */
gboolean _proprio_file_id_read     (const char           *path,
                                    ProprioFileId        *id,
                                    gboolean             *is_regular);
gboolean _proprio_file_id_equal    (const ProprioFileId  *a,
                                    const ProprioFileId  *b);

/* Writes `contents` to `path` (0600; its folder made 0700 when missing) through a synced
 * temporary file renamed into place. With `expected`, the file may exist only as that very file;
 * without it (mode NEW), it must not exist at all. `written` receives the new file's id. */
gboolean _proprio_plan_write_file  (const char           *path,
                                    const char           *contents,
                                    gsize                 length,
                                    ProprioPlanWriteMode  mode,
                                    const ProprioFileId  *expected,
                                    ProprioFileId        *written,
                                    GError              **error);
/* Deletes `path` only when it is still `expected`; a missing file is success. */
gboolean _proprio_plan_delete_file (const char           *path,
                                    const ProprioFileId  *expected,
                                    GError              **error);

G_END_DECLS
