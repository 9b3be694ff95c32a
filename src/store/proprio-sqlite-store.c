/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exercises/proprio-variant-json.h"
#include "proprio-sqlite-store.h"
#include "proprio-stream-file.h"

#define DB_NAME "proprio.db"
#define LOCK_NAME "proprio.lock"
#define SESSIONS_DIR "sessions"
#define EVENTS_FILE "events.csv"

struct _ProprioSqliteStore
{
  GObject      parent_instance;

  char        *data_dir;
  char        *db_path;
  int          lock_fd;
  GAsyncQueue *queue;    /* jobs for `thread`, the only one that touches `db` */
  GThread     *thread;
  sqlite3     *db;
  GStrv        recovered;
};

static void proprio_sqlite_store_iface_init (ProprioStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProprioSqliteStore, proprio_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PROPRIO_TYPE_STORE,
                                                      proprio_sqlite_store_iface_init))

/* --- jobs on the worker thread --- */

typedef void (*JobFunc) (ProprioSqliteStore *self, GTask *task);

/* A job for the worker; func NULL is the last one, which closes what the store left it. */
typedef struct
{
  JobFunc             func;
  GTask              *task;
  ProprioSqliteStore *store;    /* kept alive by the task */
  sqlite3            *db;       /* last job: the connection to close */
  int                 lock_fd;  /* last job: the lock to release after it */
} Job;

/* Results go back as the task's own context runs: this thread gives up its reference to the
 * task there, so the task (and with it the store) is only ever finalised on the caller's thread,
 * and closing the store is synchronous for the caller. */
typedef struct
{
  GTask          *task;
  gpointer        pointer;
  GDestroyNotify  destroy;
  gboolean        boolean;
  GError         *error;
  gboolean        is_pointer;
} Return;

static gboolean
deliver (gpointer data)
{
  Return *ret = data;

  if (ret->error != NULL)
    g_task_return_error (ret->task, g_steal_pointer (&ret->error));
  else if (ret->is_pointer)
    g_task_return_pointer (ret->task, g_steal_pointer (&ret->pointer), ret->destroy);
  else
    g_task_return_boolean (ret->task, ret->boolean);
  return G_SOURCE_REMOVE;
}

static void
return_free (gpointer data)
{
  Return *ret = data;

  if (ret->pointer != NULL && ret->destroy != NULL)
    ret->destroy (ret->pointer);
  g_clear_error (&ret->error);
  g_object_unref (ret->task);
  g_free (ret);
}

/* Takes the worker's reference on `task`. */
static void
task_return (Return *ret)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, ret, return_free);
  g_source_attach (source, g_task_get_context (ret->task));
  g_source_unref (source);
}

static void
task_return_error (GTask  *task,
                   GError *error)
{
  Return *ret = g_new0 (Return, 1);

  ret->task = task;
  ret->error = error;
  task_return (ret);
}

static void
task_return_pointer (GTask          *task,
                     gpointer        pointer,
                     GDestroyNotify  destroy)
{
  Return *ret = g_new0 (Return, 1);

  ret->task = task;
  ret->pointer = pointer;
  ret->destroy = destroy;
  ret->is_pointer = TRUE;
  task_return (ret);
}

static void
task_return_boolean (GTask    *task,
                     gboolean  value)
{
  Return *ret = g_new0 (Return, 1);

  ret->task = task;
  ret->boolean = value;
  task_return (ret);
}

#define task_return_new_error(task, domain, code, ...) \
  task_return_error ((task), g_error_new ((domain), (code), __VA_ARGS__))

/* The worker thread: the only one that touches the connection. It owns its queue, so a store
 * whose last reference goes on this thread (a task finalised here) can still stop it. */
static gpointer
worker_main (gpointer data)
{
  GAsyncQueue *queue = data;

  for (;;)
    {
      Job *job = g_async_queue_pop (queue);

      if (job->func == NULL)
        {
          if (job->db != NULL)
            sqlite3_close_v2 (job->db);
          if (job->lock_fd >= 0)
            close (job->lock_fd);  /* releases the lock, once the database is closed */
          g_free (job);
          break;
        }
      /* The job hands the task (and this thread's reference) to task_return_*(). */
      if (g_cancellable_is_cancelled (g_task_get_cancellable (job->task)))
        task_return_error (job->task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          _("Operation was cancelled")));
      else
        job->func (job->store, job->task);
      g_free (job);
    }
  g_async_queue_unref (queue);
  return NULL;
}

static void
push_job (ProprioSqliteStore *self,
          GTask              *task,
          JobFunc             func)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->task = task;  /* takes the reference */
  job->store = self;
  g_async_queue_push (self->queue, job);
}

/* The arguments of a call, copied on the caller's thread. */
typedef struct
{
  char                  *id;
  char                  *text;
  gint64                 t_us;
  GDateTime             *now;
  gboolean               flag;
  ProprioPatient        *patient;
  ProprioStreamInfo     *stream;
  ProprioMetric         *metric;
  ProprioExerciseResult *result;
  GPtrArray             *events;
} Args;

static void
args_free (Args *args)
{
  g_free (args->id);
  g_free (args->text);
  g_clear_pointer (&args->now, g_date_time_unref);
  g_clear_pointer (&args->patient, proprio_patient_free);
  g_clear_pointer (&args->stream, proprio_stream_info_free);
  g_clear_pointer (&args->metric, proprio_metric_free);
  g_clear_object (&args->result);
  g_clear_pointer (&args->events, g_ptr_array_unref);
  g_free (args);
}

static GTask *
new_task (ProprioSqliteStore  *self,
          gpointer             tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          Args               **args)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  *args = g_new0 (Args, 1);
  g_task_set_task_data (task, *args, (GDestroyNotify) args_free);
  return task;
}

/* --- SQL helpers (worker thread only) --- */

static void
set_db_error (ProprioSqliteStore  *self,
              GError             **error,
              const char          *what)
{
  int code = sqlite3_errcode (self->db);

  /* `what` is a phrase marked N_() by the caller ("save a patient"). */
  what = _(what);
  if (code == SQLITE_FULL)
    g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                 _("Cannot %s: the disk holding “%s” is full"), what, self->db_path);
  else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_CORRUPT,
                 _("Cannot %s: the database “%s” is damaged (%s)"), what, self->db_path,
                 sqlite3_errmsg (self->db));
  else
    g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                 _("Cannot %s in “%s”: %s"), what, self->db_path, sqlite3_errmsg (self->db));
}

static sqlite3_stmt *
prepare (ProprioSqliteStore  *self,
         const char          *sql,
         const char          *what,
         GError             **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, what);
      return NULL;
    }
  return stmt;
}

static gboolean
exec (ProprioSqliteStore  *self,
      const char          *sql,
      const char          *what,
      GError             **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static int
query_int (ProprioSqliteStore *self,
           const char         *sql,
           int                *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* --- schema --- */

/* Each step takes the schema from version i to i + 1. Never edit a step once shipped: add one. */
static const char *const schema_steps[] = {
  /* 1: patients, sessions, exercises, events, stream files */
  "CREATE TABLE patients ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT, birth_date TEXT, side TEXT, notes TEXT,"
  "  created_at TEXT NOT NULL);"
  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  patient_id TEXT NOT NULL REFERENCES patients (id),"
  "  started_at TEXT NOT NULL, ended_at TEXT,"
  "  start_us INTEGER NOT NULL, end_us INTEGER NOT NULL DEFAULT 0,"
  "  state TEXT NOT NULL, device_spec TEXT);"
  "CREATE INDEX sessions_by_patient ON sessions (patient_id, started_at);"
  "CREATE TABLE exercises ("
  "  session_id TEXT NOT NULL REFERENCES sessions (id),"
  "  position INTEGER NOT NULL,"
  "  exercise_id TEXT NOT NULL, title TEXT, outcome TEXT,"
  "  start_us INTEGER, end_us INTEGER, started_at TEXT,"
  "  settings_json TEXT, result_json TEXT,"
  "  PRIMARY KEY (session_id, position));"
  "CREATE TABLE events ("
  "  session_id TEXT NOT NULL REFERENCES sessions (id),"
  "  t_us INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT);"
  "CREATE INDEX events_by_session ON events (session_id, t_us);"
  "CREATE TABLE streams ("
  "  session_id TEXT NOT NULL REFERENCES sessions (id),"
  "  name TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,"
  "  rate_hz REAL, channels_json TEXT,"
  "  PRIMARY KEY (session_id, name));",
  /* 2: metrics, and the device each stream came from */
  "CREATE TABLE metrics ("
  "  session_id TEXT NOT NULL REFERENCES sessions (id),"
  "  exercise_index INTEGER NOT NULL, name TEXT NOT NULL, value REAL, unit TEXT);"
  "CREATE INDEX metrics_by_session ON metrics (session_id);"
  "ALTER TABLE streams ADD COLUMN device_spec TEXT;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (schema_steps) == PROPRIO_SQLITE_STORE_SCHEMA_VERSION);

static gboolean
migrate (ProprioSqliteStore  *self,
         int                  from,
         int                  to,
         GError             **error)
{
  g_autofree char *pragmas = NULL;

  if (from >= to)
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", "update the database", error))
    return FALSE;
  for (int v = from; v < to; v++)
    if (!exec (self, schema_steps[v], "update the database", error))
      {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        return FALSE;
      }
  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             PROPRIO_SQLITE_STORE_APPLICATION_ID, to);
  if (!exec (self, pragmas, "update the database", error) ||
      !exec (self, "COMMIT", "update the database", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* --- folders and files --- */

static gboolean
make_private_dir (const char  *path,
                  GError     **error)
{
  if (g_mkdir (path, 0700) == 0)
    return TRUE;
  if (errno == EEXIST && g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  {
    int errsv = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Cannot make the folder “%s”: %s"), path, g_strerror (errsv));
  }
  return FALSE;
}

char *
proprio_sqlite_store_default_dir (void)
{
  const char *dir = g_getenv ("PROPRIO_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_data_dir (), "proprio", NULL);
}

static char *
session_folder (ProprioSqliteStore *self,
                const char         *session_id)
{
  return g_build_filename (self->data_dir, SESSIONS_DIR, session_id, NULL);
}

static gboolean
take_lock (ProprioSqliteStore  *self,
           GError             **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, LOCK_NAME, NULL);
  g_autofree char *pid = NULL;
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot open the lock file “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      char holder[32] = "";
      gssize n = pread (fd, holder, sizeof holder - 1, 0);

      holder[MAX (n, 0)] = '\0';
      g_strstrip (holder);
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_IN_USE,
                   _("The records in “%s” are already in use by another Proprio%s%s%s. Close "
                     "it (or wait for its recording to end) and try again."),
                   self->data_dir, *holder ? _(" (process ") : "", holder, *holder ? ")" : "");
      close (fd);
      return FALSE;
    }
  /* Who holds it, for the message above; the file is ours, so rewriting it harms nothing. */
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_debug ("cannot note the pid in %s: %s", path, g_strerror (errno));
  self->lock_fd = fd;
  return TRUE;
}

/* --- opening --- */

static gboolean
check_and_open (ProprioSqliteStore  *self,
                GError             **error)
{
  struct stat st;
  gboolean is_new = FALSE;
  g_autofree char *integrity = NULL;
  sqlite3_stmt *stmt;
  int app_id = 0, version = 0, n_tables = 0;
  int rc;

  if (lstat (self->db_path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FOREIGN,
                       _("“%s” is not a Proprio database (it is not a plain file); it is left as "
                         "it is. Move it away or choose another data folder."), self->db_path);
          return FALSE;
        }
      /* An empty file is a database whose creation was cut short: ours to fill. */
      is_new = st.st_size == 0;
    }
  else
    {
      int fd = open (self->db_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0)
        {
          int errsv = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       _("Cannot create the database “%s”: %s"), self->db_path,
                       g_strerror (errsv));
          return FALSE;
        }
      close (fd);
      is_new = TRUE;
    }

  /* No SQLITE_OPEN_CREATE: the file exists (made 0600 above), and SQLite gives its -wal and -shm
   * files the same mode. */
  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                   _("Cannot open the database “%s”: %s"), self->db_path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* Look before anything writes: a foreign or damaged file must stay exactly as it is. */
  rc = query_int (self, "PRAGMA application_id", &app_id);
  if (rc == SQLITE_OK)
    rc = query_int (self, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    rc = query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables);
  if (rc == SQLITE_NOTADB)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FOREIGN,
                   _("“%s” is not a Proprio database (not an SQLite file, or damaged beyond "
                     "reading); it is left as it is. Move it away or choose another data "
                     "folder."), self->db_path);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_CORRUPT,
                   _("The database “%s” cannot be read (%s); it is left as it is. Restore it "
                     "from a backup or move it away."), self->db_path,
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (app_id != PROPRIO_SQLITE_STORE_APPLICATION_ID && !(is_new || n_tables == 0))
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FOREIGN,
                   _("“%s” is a database of another program, not Proprio’s; it is left as it "
                     "is. Move it away or choose another data folder."), self->db_path);
      return FALSE;
    }
  if (version > PROPRIO_SQLITE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer Proprio (schema %d; this one "
                     "knows up to %d). Update Proprio to open it."), self->db_path, version,
                   PROPRIO_SQLITE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  stmt = prepare (self, "PRAGMA integrity_check", N_("check the database"), error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    integrity = column_text (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW || g_strcmp0 (integrity, "ok") != 0)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s); it is left as it is. Restore it from "
                     "a backup or move it away."), self->db_path,
                   integrity != NULL ? integrity : sqlite3_errmsg (self->db));
      return FALSE;
    }

  /* FULL: a committed session row survives a power cut, not only a crash. */
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                   "PRAGMA foreign_keys = ON;", "open the database", error))
    return FALSE;
  return migrate (self, version, PROPRIO_SQLITE_STORE_SCHEMA_VERSION, error);
}

/* The newest sample time in a session's stream files; FALSE when they hold none. */
static gboolean
last_time_in_folder (const char *folder,
                     gint64     *last_us)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  gboolean found = FALSE;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gint64 t_us;

      if (!g_str_has_suffix (name, ".csv") || g_str_equal (name, EVENTS_FILE))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (proprio_stream_file_last_time (path, &t_us) && (!found || t_us > *last_us))
        {
          *last_us = t_us;
          found = TRUE;
        }
    }
  return found;
}

static GDateTime *
parse_time (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static char *
format_time (GDateTime *time)
{
  return g_date_time_format_iso8601 (time);
}

static gboolean
recover (ProprioSqliteStore  *self,
         GError             **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) starts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) start_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT id, started_at, start_us FROM sessions WHERE state = 'open' "
                        "ORDER BY started_at", N_("look for unfinished sessions"), error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 t = sqlite3_column_int64 (stmt, 2);

      g_ptr_array_add (ids, column_text (stmt, 0));
      g_ptr_array_add (starts, column_text (stmt, 1));
      g_array_append_val (start_us, t);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, N_("look for unfinished sessions"));
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *folder = session_folder (self, ids->pdata[i]);
      g_autoptr(GDateTime) started = parse_time (starts->pdata[i]);
      g_autoptr(GDateTime) ended = NULL;
      g_autofree char *ended_text = NULL;
      gint64 first = g_array_index (start_us, gint64, i);
      gint64 last = first;

      /* The end is the last thing the recorder got onto the disk. */
      if (!last_time_in_folder (folder, &last) || last < first)
        last = first;
      if (started != NULL)
        {
          ended = g_date_time_add (started, last - first);
          ended_text = format_time (ended);
        }
      stmt = prepare (self, "UPDATE sessions SET state = 'recovered', end_us = ?, ended_at = ? "
                            "WHERE id = ?", N_("close an unfinished session"), error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, last);
      bind_text (stmt, 2, ended_text);
      bind_text (stmt, 3, ids->pdata[i]);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          set_db_error (self, error, N_("close an unfinished session"));
          return FALSE;
        }
      g_debug ("Session %s was not closed (the program stopped during it); recovered %.1f s",
                 (const char *) ids->pdata[i], (last - first) / (double) G_USEC_PER_SEC);
    }
  g_ptr_array_add (ids, NULL);
  self->recovered = (GStrv) g_ptr_array_steal (ids, NULL);
  return TRUE;
}

static void
open_job (ProprioSqliteStore *self,
          GTask              *task)
{
  GError *error = NULL;

  if (!check_and_open (self, &error) || !recover (self, &error))
    {
      task_return_error (task, error);
      return;
    }
  task_return_pointer (task, g_object_ref (self), g_object_unref);
}

void
proprio_sqlite_store_open_async (const char          *data_dir,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(ProprioSqliteStore) self = g_object_new (PROPRIO_TYPE_SQLITE_STORE, NULL);
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *sessions = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, proprio_sqlite_store_open_async);
  /* The task has no source object: it keeps the store alive itself until the job has run. */
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);
  self->data_dir = data_dir != NULL ? g_strdup (data_dir) : proprio_sqlite_store_default_dir ();
  self->db_path = g_build_filename (self->data_dir, DB_NAME, NULL);
  sessions = g_build_filename (self->data_dir, SESSIONS_DIR, NULL);

  /* Only the last folder is made 0700 by us; a parent that did not exist is made 0700 too. */
  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int errsv = errno;

      task_return_new_error (g_steal_pointer (&task), G_IO_ERROR, g_io_error_from_errno (errsv),
                             _("Cannot make the data folder “%s”: %s"), self->data_dir,
                             g_strerror (errsv));
      return;
    }
  if (!make_private_dir (sessions, &error) || !take_lock (self, &error))
    {
      task_return_error (g_steal_pointer (&task), error);
      return;
    }
  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("proprio-store", worker_main, g_async_queue_ref (self->queue));
  push_job (self, g_steal_pointer (&task), open_job);
}

ProprioStore *
proprio_sqlite_store_open_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} OpenWait;

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenWait *wait = user_data;

  wait->result = g_object_ref (result);
}

ProprioStore *
proprio_sqlite_store_open_sync (const char  *data_dir,
                                GError     **error)
{
  OpenWait wait = { g_main_context_new (), NULL };
  ProprioStore *store;

  g_main_context_push_thread_default (wait.context);
  proprio_sqlite_store_open_async (data_dir, NULL, on_opened, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (wait.context, TRUE);
  g_main_context_pop_thread_default (wait.context);
  store = proprio_sqlite_store_open_finish (wait.result, error);
  g_object_unref (wait.result);
  g_main_context_unref (wait.context);
  return store;
}

const char *
proprio_sqlite_store_get_data_dir (ProprioSqliteStore *self)
{
  g_return_val_if_fail (PROPRIO_IS_SQLITE_STORE (self), NULL);
  return self->data_dir;
}

const char *
proprio_sqlite_store_get_db_path (ProprioSqliteStore *self)
{
  g_return_val_if_fail (PROPRIO_IS_SQLITE_STORE (self), NULL);
  return self->db_path;
}

gboolean
proprio_sqlite_store_create_schema (const char  *path,
                                    int          version,
                                    GError     **error)
{
  ProprioSqliteStore fake = { 0 };
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version >= 1 && version <= PROPRIO_SQLITE_STORE_SCHEMA_VERSION, FALSE);

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", path,
                   g_strerror (errsv));
      return FALSE;
    }
  close (fd);
  fake.db_path = (char *) path;
  if (sqlite3_open_v2 (path, &fake.db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      set_db_error (&fake, error, "create a database");
      sqlite3_close (fake.db);
      return FALSE;
    }
  ok = exec (&fake, "PRAGMA journal_mode = WAL", "create a database", error) &&
       migrate (&fake, 0, version, error);
  sqlite3_close (fake.db);
  return ok;
}

/* --- the calls --- */

static gboolean
patient_exists (ProprioSqliteStore  *self,
                const char          *id,
                GError             **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM patients WHERE id = ?", N_("find a patient"),
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND,
                 _("There is no patient “%s”"), id);
  else
    set_db_error (self, error, N_("find a patient"));
  return FALSE;
}

static gboolean
step_done (ProprioSqliteStore  *self,
           sqlite3_stmt        *stmt,
           const char          *what,
           GError             **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

static void
save_patient_job (ProprioSqliteStore *self,
                  GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  ProprioPatient *p = args->patient;
  GError *error = NULL;
  g_autofree char *now = format_time (args->now);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, args->flag
                  ? "INSERT INTO patients (id, name, birth_date, side, notes, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET "
                    "name = ?2, birth_date = ?3, side = ?4, notes = ?5"
                  : "INSERT INTO patients (id, name, birth_date, side, notes, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", N_("save a patient"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, p->id);
  bind_text (stmt, 2, p->name);
  bind_text (stmt, 3, p->birth_date);
  bind_text (stmt, 4, p->side);
  bind_text (stmt, 5, p->notes);
  bind_text (stmt, 6, now);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_CONSTRAINT)
    task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_EXISTS,
                             _("A patient with the ID “%s” exists already"), p->id);
  else if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("save a patient"));
      task_return_error (task, error);
    }
  else
    task_return_boolean (task, TRUE);
}

static void
sqlite_save_patient (ProprioStore *store, const ProprioPatient *patient, gboolean update,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  GError *error = NULL;
  Args *args;
  GTask *task = new_task (self, sqlite_save_patient, cancellable, callback, data, &args);

  if (!proprio_patient_id_is_valid (patient->id, &error))
    {
      task_return_error (task, error);
      return;
    }
  if (patient->birth_date != NULL)
    {
      g_autofree char *iso = g_strconcat (patient->birth_date, "T00:00:00Z", NULL);
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);

      if (date == NULL || strlen (patient->birth_date) != 10)
        {
          task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                                   _("The birth date “%s” is not a date of the form "
                                     "YYYY-MM-DD"), patient->birth_date);
          return;
        }
    }
  args->patient = proprio_patient_copy (patient);
  args->flag = update;
  args->now = g_date_time_new_now_utc ();
  push_job (self, task, save_patient_job);
}

static ProprioPatient *
read_patient (sqlite3_stmt *stmt)
{
  ProprioPatient *p = g_new0 (ProprioPatient, 1);

  p->id = column_text (stmt, 0);
  p->name = column_text (stmt, 1);
  p->birth_date = column_text (stmt, 2);
  p->side = column_text (stmt, 3);
  p->notes = column_text (stmt, 4);
  return p;
}

static void
patients_job (ProprioSqliteStore *self,
              GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_patient_free);
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, args->id != NULL
                  ? "SELECT id, name, birth_date, side, notes FROM patients WHERE id = ?"
                  : "SELECT id, name, birth_date, side, notes FROM patients ORDER BY id",
                  N_("list the patients"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  if (args->id != NULL)
    bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_patient (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the patients"));
      task_return_error (task, error);
    }
  else if (args->id == NULL)
    task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
  else if (list->len == 0)
    task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND,
                             _("There is no patient “%s”"), args->id);
  else
    task_return_pointer (task, g_ptr_array_steal_index (list, 0),
                           (GDestroyNotify) proprio_patient_free);
}

static void
sqlite_get_patient (ProprioStore *store, const char *patient_id, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_get_patient, cancellable, callback, data, &args);

  args->id = g_strdup (patient_id);
  push_job (self, task, patients_job);
}

static void
sqlite_list_patients (ProprioStore *store, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_patients, cancellable, callback, data, &args);

  push_job (self, task, patients_job);
}

#define SESSION_COLUMNS \
  "s.id, s.patient_id, s.started_at, s.ended_at, s.start_us, s.end_us, s.state, " \
  "s.device_spec, (SELECT count(*) FROM exercises e WHERE e.session_id = s.id)"

static ProprioSession *
read_session (ProprioSqliteStore *self,
              sqlite3_stmt       *stmt)
{
  ProprioSession *s = g_new0 (ProprioSession, 1);
  g_autofree char *started = column_text (stmt, 2);
  g_autofree char *ended = column_text (stmt, 3);
  g_autofree char *state = column_text (stmt, 6);

  s->id = column_text (stmt, 0);
  s->patient_id = column_text (stmt, 1);
  s->started_at = parse_time (started);
  s->ended_at = parse_time (ended);
  s->start_us = sqlite3_column_int64 (stmt, 4);
  s->end_us = sqlite3_column_int64 (stmt, 5);
  s->state = g_strcmp0 (state, "complete") == 0 ? PROPRIO_SESSION_COMPLETE
           : g_strcmp0 (state, "recovered") == 0 ? PROPRIO_SESSION_RECOVERED
           : PROPRIO_SESSION_OPEN;
  s->device_spec = column_text (stmt, 7);
  s->n_exercises = (guint) sqlite3_column_int (stmt, 8);
  s->folder = session_folder (self, s->id);
  return s;
}

static ProprioSession *
fetch_session (ProprioSqliteStore  *self,
               const char          *id,
               GError             **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT " SESSION_COLUMNS " FROM sessions s WHERE id = ?",
                                N_("find a session"), error);
  ProprioSession *session = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    session = read_session (self, stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND,
                 _("There is no session “%s” (proprio-cli sessions lists them)"), id);
  else
    set_db_error (self, error, N_("find a session"));
  sqlite3_finalize (stmt);
  return session;
}

static void
begin_session_job (ProprioSqliteStore *self,
                   GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *started = format_time (args->now);
  g_autofree char *stamp = g_date_time_format (args->now, "%Y%m%dT%H%M%SZ");

  if (!patient_exists (self, args->id, &error))
    {
      task_return_error (task, error);
      return;
    }
  /* The ID names a folder: only [0-9A-Z-], and never a folder that exists. */
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%04X", stamp, g_random_int_range (0, 0x10000));
      g_autofree char *folder = session_folder (self, id);
      sqlite3_stmt *stmt;

      if (g_mkdir (folder, 0700) != 0)
        {
          int errsv = errno;

          if (errsv == EEXIST)
            continue;
          task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                                   _("Cannot make the session folder “%s”: %s"), folder,
                                   g_strerror (errsv));
          return;
        }
      stmt = prepare (self, "INSERT INTO sessions (id, patient_id, started_at, start_us, state, "
                            "device_spec) VALUES (?, ?, ?, ?, 'open', ?)", N_("start a session"),
                      &error);
      if (stmt != NULL)
        {
          bind_text (stmt, 1, id);
          bind_text (stmt, 2, args->id);
          bind_text (stmt, 3, started);
          sqlite3_bind_int64 (stmt, 4, args->t_us);
          bind_text (stmt, 5, args->text);
        }
      if (stmt == NULL || !step_done (self, stmt, N_("start a session"), &error))
        {
          g_rmdir (folder);
          task_return_error (task, error);
          return;
        }
      {
        ProprioSession *session = fetch_session (self, id, &error);

        if (session == NULL)
          task_return_error (task, error);
        else
          task_return_pointer (task, session, (GDestroyNotify) proprio_session_free);
      }
      return;
    }
  task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                           _("Cannot find a free name for a new session folder"));
}

static void
sqlite_begin_session (ProprioStore *store, const char *patient_id, const char *device_spec,
                      GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_begin_session, cancellable, callback, data, &args);

  args->id = g_strdup (patient_id);
  args->text = g_strdup (device_spec);
  /* The anchor: both clocks read together, on the caller's thread, when the session starts. */
  args->now = g_date_time_new_now_utc ();
  args->t_us = g_get_monotonic_time ();
  push_job (self, task, begin_session_job);
}

static void
end_session_job (ProprioSqliteStore *self,
                 GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  g_autoptr(GDateTime) ended = NULL;
  g_autofree char *ended_text = NULL;
  sqlite3_stmt *stmt;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  if (session->started_at != NULL)
    {
      ended = g_date_time_add (session->started_at, MAX (args->t_us - session->start_us, 0));
      ended_text = format_time (ended);
    }
  stmt = prepare (self, "UPDATE sessions SET state = 'complete', end_us = ?, ended_at = ? "
                        "WHERE id = ?", N_("end a session"), &error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, MAX (args->t_us, session->start_us));
      bind_text (stmt, 2, ended_text);
      bind_text (stmt, 3, args->id);
    }
  if (stmt == NULL || !step_done (self, stmt, N_("end a session"), &error))
    task_return_error (task, error);
  else
    task_return_boolean (task, TRUE);
}

static void
sqlite_end_session (ProprioStore *store, const char *session_id, gint64 end_us,
                    GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_end_session, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  args->t_us = end_us > 0 ? end_us : g_get_monotonic_time ();
  push_job (self, task, end_session_job);
}

static void
sessions_job (ProprioSqliteStore *self,
              GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_session_free);
  GError *error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (args->flag)
    {
      ProprioSession *session = fetch_session (self, args->id, &error);

      if (session == NULL)
        task_return_error (task, error);
      else
        task_return_pointer (task, session, (GDestroyNotify) proprio_session_free);
      return;
    }
  if (args->id != NULL && !patient_exists (self, args->id, &error))
    {
      task_return_error (task, error);
      return;
    }
  stmt = prepare (self, args->id != NULL
                  ? "SELECT " SESSION_COLUMNS " FROM sessions s WHERE patient_id = ? "
                    "ORDER BY started_at, id"
                  : "SELECT " SESSION_COLUMNS " FROM sessions s ORDER BY started_at, id",
                  N_("list the sessions"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  if (args->id != NULL)
    bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_session (self, stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the sessions"));
      task_return_error (task, error);
      return;
    }
  task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

static void
sqlite_get_session (ProprioStore *store, const char *session_id, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_get_session, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  args->flag = TRUE;
  push_job (self, task, sessions_job);
}

static void
sqlite_list_sessions (ProprioStore *store, const char *patient_id, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_sessions, cancellable, callback, data, &args);

  args->id = g_strdup (patient_id);
  push_job (self, task, sessions_job);
}

static gboolean
valid_stream_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 32 || g_str_equal (name, "events"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
add_stream_job (ProprioSqliteStore *self,
                GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  ProprioStreamInfo *info = args->stream;
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  g_autofree char *file = NULL;
  sqlite3_stmt *stmt;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  file = g_strconcat (SESSIONS_DIR "/", args->id, "/", info->name, ".csv", NULL);
  stmt = prepare (self, "INSERT OR REPLACE INTO streams (session_id, name, kind, file, rate_hz, "
                        "channels_json, device_spec) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  N_("note a stream"), &error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, args->id);
      bind_text (stmt, 2, info->name);
      bind_text (stmt, 3, proprio_stream_kind_to_string (info->kind));
      bind_text (stmt, 4, file);
      sqlite3_bind_double (stmt, 5, info->rate_hz);
      bind_text (stmt, 6, info->channels_json);
      bind_text (stmt, 7, info->device_spec);
    }
  if (stmt == NULL || !step_done (self, stmt, N_("note a stream"), &error))
    task_return_error (task, error);
  else
    task_return_boolean (task, TRUE);
}

static void
sqlite_add_stream (ProprioStore *store, const char *session_id, const ProprioStreamInfo *info,
                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_add_stream, cancellable, callback, data, &args);

  if (!valid_stream_name (info->name))
    {
      task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                               _("“%s” cannot name a stream (letters, digits, - and _ only)"),
                               info->name);
      return;
    }
  args->id = g_strdup (session_id);
  args->stream = proprio_stream_info_copy (info);
  push_job (self, task, add_stream_job);
}

static void
list_streams_job (ProprioSqliteStore *self,
                  GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_stream_info_free);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  sqlite3_stmt *stmt;
  int rc;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  stmt = prepare (self, "SELECT name, kind, file, rate_hz, channels_json, device_spec FROM "
                        "streams WHERE session_id = ? ORDER BY name", N_("list the streams"),
                  &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProprioStreamInfo *info = g_new0 (ProprioStreamInfo, 1);
      g_autofree char *kind = column_text (stmt, 1);
      g_autofree char *file = column_text (stmt, 2);

      info->name = column_text (stmt, 0);
      if (kind == NULL || !proprio_stream_kind_from_string (kind, &info->kind))
        info->kind = PROPRIO_STREAM_GENERIC;
      info->path = g_build_filename (self->data_dir, file, NULL);
      info->rate_hz = sqlite3_column_double (stmt, 3);
      info->channels_json = column_text (stmt, 4);
      info->device_spec = column_text (stmt, 5);
      g_ptr_array_add (list, info);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the streams"));
      task_return_error (task, error);
      return;
    }
  task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

static void
sqlite_list_streams (ProprioStore *store, const char *session_id, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_streams, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  push_job (self, task, list_streams_job);
}

/* The unit of a result key, from its suffix ("path_length_mm" → "mm"). */
static const char *
unit_of_key (const char *key)
{
  static const char *const units[][2] = {
    { "_mm2", "mm2" }, { "_mm_s", "mm/s" }, { "_mm", "mm" }, { "_s", "s" }, { "_ms", "ms" },
    { "_hz", "Hz" }, { "_deg", "deg" }, { "_kg", "kg" }, { "_pct", "%" }, { "_percent", "%" },
    { "_uv", "uV" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_has_suffix (key, units[i][0]))
      return units[i][1];
  return "";
}

static gboolean
insert_metric (ProprioSqliteStore  *self,
               const char          *session_id,
               int                  exercise_index,
               const char          *name,
               double               value,
               const char          *unit,
               GError             **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO metrics (session_id, exercise_index, name, "
                                      "value, unit) VALUES (?, ?, ?, ?, ?)", "save a metric",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  sqlite3_bind_int (stmt, 2, exercise_index);
  bind_text (stmt, 3, name);
  if (isfinite (value))
    sqlite3_bind_double (stmt, 4, value);
  else
    sqlite3_bind_null (stmt, 4);  /* undefined, as in the result's JSON */
  bind_text (stmt, 5, unit);
  return step_done (self, stmt, "save a metric", error);
}

static void
add_exercise_job (ProprioSqliteStore *self,
                  GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  ProprioExerciseResult *result = args->result;
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  g_autofree char *settings = NULL;
  g_autofree char *json = NULL;
  g_autofree char *started = NULL;
  GDateTime *started_at;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  sqlite3_stmt *stmt;
  int position = 0;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  settings = proprio_variant_to_json (proprio_exercise_result_get_settings (result));
  json = proprio_exercise_result_to_json (result);
  started_at = proprio_exercise_result_get_started_at (result);
  started = started_at != NULL ? format_time (started_at) : NULL;

  if (!exec (self, "BEGIN IMMEDIATE", N_("save an exercise"), &error) ||
      query_int (self, "SELECT 0", &position) != SQLITE_OK)
    {
      task_return_error (task, error);
      return;
    }
  stmt = prepare (self, "SELECT count(*) FROM exercises WHERE session_id = ?", N_("save an exercise"),
                  &error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, args->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        position = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      stmt = prepare (self, "INSERT INTO exercises (session_id, position, exercise_id, title, "
                            "outcome, start_us, end_us, started_at, settings_json, result_json) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", N_("save an exercise"), &error);
    }
  if (stmt != NULL)
    {
      bind_text (stmt, 1, args->id);
      sqlite3_bind_int (stmt, 2, position);
      bind_text (stmt, 3, proprio_exercise_result_get_id (result));
      bind_text (stmt, 4, proprio_exercise_result_get_title (result));
      bind_text (stmt, 5, proprio_exercise_outcome_to_string (
                            proprio_exercise_result_get_outcome (result)));
      sqlite3_bind_int64 (stmt, 6, proprio_exercise_result_get_start_us (result));
      sqlite3_bind_int64 (stmt, 7, proprio_exercise_result_get_end_us (result));
      bind_text (stmt, 8, started);
      bind_text (stmt, 9, settings);
      bind_text (stmt, 10, json);
    }
  if (stmt == NULL || !step_done (self, stmt, N_("save an exercise"), &error))
    goto fail;

  /* The figures a result holds at its top level are also metrics, to be queried across
   * sessions without parsing JSON. */
  g_variant_iter_init (&iter, proprio_exercise_result_get_results (result));
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      double number = NAN;
      gboolean numeric = TRUE;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        number = g_variant_get_double (value);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
        number = g_variant_get_int32 (value);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        number = g_variant_get_uint32 (value);
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        number = (double) g_variant_get_int64 (value);
      else
        numeric = FALSE;
      g_variant_unref (value);
      if (numeric && !insert_metric (self, args->id, position, key, number, unit_of_key (key),
                                     &error))
        goto fail;
    }
  if (!exec (self, "COMMIT", N_("save an exercise"), &error))
    goto fail;
  task_return_boolean (task, TRUE);
  return;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  task_return_error (task, error);
}

static void
sqlite_add_exercise (ProprioStore *store, const char *session_id, ProprioExerciseResult *result,
                     GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_add_exercise, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  args->result = g_object_ref (result);  /* immutable: safe to read on the worker */
  push_job (self, task, add_exercise_job);
}

static void
list_exercises_job (ProprioSqliteStore *self,
                    GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_stored_exercise_free);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  sqlite3_stmt *stmt;
  int rc;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  stmt = prepare (self, "SELECT exercise_id, title, outcome, start_us, end_us, started_at, "
                        "settings_json, result_json FROM exercises WHERE session_id = ? "
                        "ORDER BY position", N_("list the exercises"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProprioStoredExercise *e = g_new0 (ProprioStoredExercise, 1);

      e->exercise_id = column_text (stmt, 0);
      e->title = column_text (stmt, 1);
      e->outcome = column_text (stmt, 2);
      e->start_us = sqlite3_column_int64 (stmt, 3);
      e->end_us = sqlite3_column_int64 (stmt, 4);
      e->started_at = column_text (stmt, 5);
      e->settings_json = column_text (stmt, 6);
      e->result_json = column_text (stmt, 7);
      g_ptr_array_add (list, e);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the exercises"));
      task_return_error (task, error);
      return;
    }
  task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

static void
sqlite_list_exercises (ProprioStore *store, const char *session_id, GCancellable *cancellable,
                       GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_exercises, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  push_job (self, task, list_exercises_job);
}

static void
add_events_job (ProprioSqliteStore *self,
                GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);

  if (session == NULL || !exec (self, "BEGIN IMMEDIATE", N_("save events"), &error))
    {
      task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < args->events->len; i++)
    {
      ProprioEvent *event = args->events->pdata[i];
      sqlite3_stmt *stmt = prepare (self, "INSERT INTO events (session_id, t_us, kind, text) "
                                          "VALUES (?, ?, ?, ?)", N_("save events"), &error);

      if (stmt != NULL)
        {
          bind_text (stmt, 1, args->id);
          sqlite3_bind_int64 (stmt, 2, event->t_us);
          bind_text (stmt, 3, event->kind);
          bind_text (stmt, 4, event->text);
        }
      if (stmt == NULL || !step_done (self, stmt, N_("save events"), &error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          task_return_error (task, error);
          return;
        }
    }
  if (!exec (self, "COMMIT", N_("save events"), &error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      task_return_error (task, error);
      return;
    }
  task_return_boolean (task, TRUE);
}

static void
sqlite_add_events (ProprioStore *store, const char *session_id, GPtrArray *events,
                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_add_events, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  args->events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  for (guint i = 0; i < events->len; i++)
    g_ptr_array_add (args->events, proprio_event_copy (events->pdata[i]));
  push_job (self, task, add_events_job);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const ProprioEvent *ea = *(ProprioEvent *const *) a;
  const ProprioEvent *eb = *(ProprioEvent *const *) b;

  return (ea->t_us > eb->t_us) - (ea->t_us < eb->t_us);
}

static void
list_events_job (ProprioSqliteStore *self,
                 GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  /* The recorder's file first (what happened live), then what was added to the database. */
  path = g_build_filename (session->folder, EVENTS_FILE, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!proprio_stream_file_read_events (path, &list, &error))
        {
          task_return_error (task, error);
          return;
        }
    }
  else
    list = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  stmt = prepare (self, "SELECT t_us, kind, text FROM events WHERE session_id = ? ORDER BY t_us",
                  N_("list the events"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, proprio_event_new (sqlite3_column_int64 (stmt, 0),
                                              (const char *) sqlite3_column_text (stmt, 1),
                                              (const char *) sqlite3_column_text (stmt, 2)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the events"));
      task_return_error (task, error);
      return;
    }
  g_ptr_array_sort (list, compare_events);
  task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

static void
sqlite_list_events (ProprioStore *store, const char *session_id, GCancellable *cancellable,
                    GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_events, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  push_job (self, task, list_events_job);
}

static void
add_metric_job (ProprioSqliteStore *self,
                GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);

  if (session == NULL ||
      !insert_metric (self, args->id, args->metric->exercise_index, args->metric->name,
                      args->metric->value, args->metric->unit, &error))
    task_return_error (task, error);
  else
    task_return_boolean (task, TRUE);
}

static void
sqlite_add_metric (ProprioStore *store, const char *session_id, const ProprioMetric *metric,
                   GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_add_metric, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  args->metric = proprio_metric_copy (metric);
  push_job (self, task, add_metric_job);
}

static void
list_metrics_job (ProprioSqliteStore *self,
                  GTask              *task)
{
  Args *args = g_task_get_task_data (task);
  g_autoptr(GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_metric_free);
  GError *error = NULL;
  g_autoptr(ProprioSession) session = fetch_session (self, args->id, &error);
  sqlite3_stmt *stmt;
  int rc;

  if (session == NULL)
    {
      task_return_error (task, error);
      return;
    }
  stmt = prepare (self, "SELECT exercise_index, name, value, unit FROM metrics WHERE "
                        "session_id = ? ORDER BY rowid", N_("list the metrics"), &error);
  if (stmt == NULL)
    {
      task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, args->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ProprioMetric *m = g_new0 (ProprioMetric, 1);

      m->exercise_index = sqlite3_column_int (stmt, 0);
      m->name = column_text (stmt, 1);
      m->value = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN
                                                             : sqlite3_column_double (stmt, 2);
      m->unit = column_text (stmt, 3);
      g_ptr_array_add (list, m);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, &error, N_("list the metrics"));
      task_return_error (task, error);
      return;
    }
  task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

static void
sqlite_list_metrics (ProprioStore *store, const char *session_id, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer data)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  Args *args;
  GTask *task = new_task (self, sqlite_list_metrics, cancellable, callback, data, &args);

  args->id = g_strdup (session_id);
  push_job (self, task, list_metrics_job);
}

static const char * const *
sqlite_get_recovered (ProprioStore *store)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (store);
  static const char *const none[] = { NULL };

  return self->recovered != NULL ? (const char * const *) self->recovered : none;
}

/* --- object --- */

static void
proprio_sqlite_store_finalize (GObject *object)
{
  ProprioSqliteStore *self = PROPRIO_SQLITE_STORE (object);

  /* Every task holds a reference on the store, so no job is queued: the last one closes the
   * connection on the thread that owns it. The last reference may go on that very thread (a
   * task finalised there); then it is not waited for. */
  if (self->thread != NULL)
    {
      Job *last = g_new0 (Job, 1);

      last->db = g_steal_pointer (&self->db);
      last->lock_fd = self->lock_fd;
      self->lock_fd = -1;
      g_async_queue_push (self->queue, last);
      if (g_thread_self () == self->thread)
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
    }
  g_clear_pointer (&self->queue, g_async_queue_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_strfreev (self->recovered);
  g_free (self->data_dir);
  g_free (self->db_path);
  G_OBJECT_CLASS (proprio_sqlite_store_parent_class)->finalize (object);
}

static void
proprio_sqlite_store_class_init (ProprioSqliteStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = proprio_sqlite_store_finalize;
}

static void
proprio_sqlite_store_init (ProprioSqliteStore *self)
{
  self->lock_fd = -1;
}

static void
proprio_sqlite_store_iface_init (ProprioStoreInterface *iface)
{
  iface->save_patient = sqlite_save_patient;
  iface->get_patient = sqlite_get_patient;
  iface->list_patients = sqlite_list_patients;
  iface->begin_session = sqlite_begin_session;
  iface->end_session = sqlite_end_session;
  iface->get_session = sqlite_get_session;
  iface->list_sessions = sqlite_list_sessions;
  iface->add_stream = sqlite_add_stream;
  iface->list_streams = sqlite_list_streams;
  iface->add_exercise = sqlite_add_exercise;
  iface->list_exercises = sqlite_list_exercises;
  iface->add_events = sqlite_add_events;
  iface->list_events = sqlite_list_events;
  iface->add_metric = sqlite_add_metric;
  iface->list_metrics = sqlite_list_metrics;
  iface->get_recovered = sqlite_get_recovered;
}
