/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-store.h"

G_BEGIN_DECLS

/* One station's records in SQLite, in a data folder (proprio_sqlite_store_default_dir ()):
 *
 *   proprio.db                  the database (WAL mode), application_id "PrPr", user_version
 *                               PROPRIO_SQLITE_STORE_SCHEMA_VERSION
 *   proprio.lock                held (flock) while a Proprio has the records open
 *   sessions/<session-id>/      the session's stream files (proprio-stream-file.h)
 *
 * Folders are made 0700 and files 0600. The connection lives on one worker thread of the store's
 * own; every call is queued to it in order.
 *
 * One program at a time: opening takes an exclusive lock on proprio.lock, and a second Proprio
 * (app or proprio-cli) gets PROPRIO_STORE_ERROR_IN_USE until the first closes the store. That is
 * what makes recovery safe: a session still "open" when the lock is free was left by a program
 * that died. The kernel drops the lock of a killed process.
 *
 * A file that is not a Proprio database (another application_id, not SQLite at all) or fails
 * PRAGMA integrity_check is an error and is left exactly as it was. An older schema is migrated
 * in one transaction; a newer one is refused. */

#define PROPRIO_SQLITE_STORE_SCHEMA_VERSION 2
#define PROPRIO_SQLITE_STORE_APPLICATION_ID 0x50725072  /* "PrPr" */

#define PROPRIO_TYPE_SQLITE_STORE (proprio_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (ProprioSqliteStore, proprio_sqlite_store, PROPRIO, SQLITE_STORE, GObject)

/* $PROPRIO_DATA_DIR when set, else the user data folder's "proprio". */
char         *proprio_sqlite_store_default_dir  (void);

/* Opens (creating when new) the records in `data_dir` (NULL: the default), migrates them and
 * recovers sessions a crash left open (proprio_store_get_recovered ()). */
void          proprio_sqlite_store_open_async   (const char          *data_dir,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
ProprioStore *proprio_sqlite_store_open_finish  (GAsyncResult        *result,
                                                 GError             **error);
ProprioStore *proprio_sqlite_store_open_sync    (const char          *data_dir,
                                                 GError             **error);

const char   *proprio_sqlite_store_get_data_dir (ProprioSqliteStore  *self);
const char   *proprio_sqlite_store_get_db_path  (ProprioSqliteStore  *self);

/* For migration tests: makes a new database file at `path` with the schema of `version` (1 ..
 * PROPRIO_SQLITE_STORE_SCHEMA_VERSION), exactly as that version of Proprio made it. */
gboolean      proprio_sqlite_store_create_schema (const char         *path,
                                                  int                 version,
                                                  GError            **error);

G_END_DECLS
