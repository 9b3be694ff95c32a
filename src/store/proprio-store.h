/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/proprio-stream.h"
#include "exercises/proprio-exercise-result.h"

G_BEGIN_DECLS

/* Where a clinic's records live: patients, their sessions, the exercises, events and metrics of
 * each session and the raw stream files a recorder wrote for it. An interface with no SQL in it:
 * ProprioSqliteStore keeps one station's records in SQLite; a server shared by several rooms is
 * a second implementation of the same calls.
 *
 * Every call is asynchronous: the work runs on the store's own thread and the callback runs on the
 * thread-default main context of the caller (the GTK main loop in the app). The _sync variants run
 * the same call and wait for it (on a private main context), for the command line and tests; never
 * call them from the GUI's main thread.
 *
 * Each implementation returns its results through a GTask on the store, so the _finish functions
 * are shared: a pointer (boxed or GPtrArray, documented per call) or a boolean. */

#define PROPRIO_STORE_ERROR (proprio_store_error_quark ())

typedef enum
{
  PROPRIO_STORE_ERROR_FAILED,
  PROPRIO_STORE_ERROR_IN_USE,       /* another Proprio has the records open */
  PROPRIO_STORE_ERROR_CORRUPT,      /* the database fails its integrity check */
  PROPRIO_STORE_ERROR_FOREIGN,      /* the file is not a Proprio database */
  PROPRIO_STORE_ERROR_TOO_NEW,      /* written by a newer Proprio */
  PROPRIO_STORE_ERROR_NOT_FOUND,    /* no such patient or session */
  PROPRIO_STORE_ERROR_INVALID,      /* an ID or value the store cannot keep */
  PROPRIO_STORE_ERROR_EXISTS,       /* a patient with this ID exists already */
} ProprioStoreError;

GQuark proprio_store_error_quark (void);

typedef enum
{
  PROPRIO_SESSION_OPEN,       /* being recorded (or the program died while it was) */
  PROPRIO_SESSION_COMPLETE,   /* ended properly */
  PROPRIO_SESSION_RECOVERED,  /* left open by a crash and closed when the store was next opened */
} ProprioSessionState;

/* "open", "complete", "recovered" (for files and the CLI; never translated). */
const char *proprio_session_state_to_string (ProprioSessionState state);

/* A patient. `id` is the pseudonymous ID everything else refers to (1–64 characters, no control
 * characters); the rest is optional (NULL). birth_date is "YYYY-MM-DD"; side is the affected or
 * dominant side as the clinic writes it ("left", "right", …). */
typedef struct
{
  char *id;
  char *name;
  char *birth_date;
  char *side;
  char *notes;
} ProprioPatient;

GType           proprio_patient_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_PATIENT (proprio_patient_get_type ())
ProprioPatient *proprio_patient_new      (const char           *id);
ProprioPatient *proprio_patient_copy     (const ProprioPatient *patient);
void            proprio_patient_free     (ProprioPatient       *patient);
/* TRUE when `id` can be a patient ID (see above); else a message a user can act on. */
gboolean        proprio_patient_id_is_valid (const char        *id,
                                             GError           **error);

/* A session. `folder` is where its stream files are (absolute path). Wall-clock times are UTC;
 * start_us is the CLOCK_MONOTONIC µs at started_at (the anchor that ties stream times to the
 * calendar); end_us is 0 while open. n_exercises counts the exercises stored for it. */
typedef struct
{
  char                *id;
  char                *patient_id;
  GDateTime           *started_at;
  GDateTime           *ended_at;     /* NULL while open */
  gint64               start_us;
  gint64               end_us;
  ProprioSessionState  state;
  char                *device_spec;  /* may be NULL */
  char                *folder;
  guint                n_exercises;
} ProprioSession;

GType           proprio_session_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_SESSION (proprio_session_get_type ())
ProprioSession *proprio_session_copy     (const ProprioSession *session);
void            proprio_session_free     (ProprioSession       *session);
/* Seconds from start to end (0 while open). */
double          proprio_session_get_duration (const ProprioSession *session);

/* A raw stream file of a session: `name` ("balance", "emg", "emg-envelope", "angle", …) is also
 * the file's name without ".csv"; `path` is absolute. rate_hz is the device's nominal rate (0 when
 * unknown); channels_json the channel list [{"name","label","unit"}…]. */
typedef struct
{
  char              *name;
  ProprioStreamKind  kind;
  char              *path;
  double             rate_hz;
  char              *channels_json;
  char              *device_spec;
} ProprioStreamInfo;

GType              proprio_stream_info_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_STREAM_INFO (proprio_stream_info_get_type ())
ProprioStreamInfo *proprio_stream_info_copy     (const ProprioStreamInfo *info);
void               proprio_stream_info_free     (ProprioStreamInfo       *info);

/* An exercise as stored: the fields of a ProprioExerciseResult, with settings and the whole
 * result as JSON (proprio_exercise_result_to_json ()). */
typedef struct
{
  char   *exercise_id;
  char   *title;
  char   *outcome;         /* proprio_exercise_outcome_to_string () */
  gint64  start_us;
  gint64  end_us;
  char   *started_at;      /* ISO 8601 UTC */
  char   *settings_json;
  char   *result_json;
} ProprioStoredExercise;

GType                  proprio_stored_exercise_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_STORED_EXERCISE (proprio_stored_exercise_get_type ())
ProprioStoredExercise *proprio_stored_exercise_copy     (const ProprioStoredExercise *exercise);
void                   proprio_stored_exercise_free     (ProprioStoredExercise       *exercise);

/* An event of a session on the monotonic clock: kind is a short word ("exercise-start", "cue",
 * "target", "prompt", …), text what happened. */
typedef struct
{
  gint64  t_us;
  char   *kind;
  char   *text;
} ProprioEvent;

GType         proprio_event_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_EVENT (proprio_event_get_type ())
ProprioEvent *proprio_event_new      (gint64              t_us,
                                      const char         *kind,
                                      const char         *text);
ProprioEvent *proprio_event_copy     (const ProprioEvent *event);
void          proprio_event_free     (ProprioEvent       *event);

/* A figure of a session: exercise_index is the exercise's position in the session (0-based), or
 * -1 for the session as a whole. */
typedef struct
{
  int     exercise_index;
  char   *name;
  double  value;
  char   *unit;
} ProprioMetric;

GType          proprio_metric_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_METRIC (proprio_metric_get_type ())
ProprioMetric *proprio_metric_copy     (const ProprioMetric *metric);
void           proprio_metric_free     (ProprioMetric       *metric);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioPatient, proprio_patient_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioSession, proprio_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStreamInfo, proprio_stream_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStoredExercise, proprio_stored_exercise_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEvent, proprio_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioMetric, proprio_metric_free)

#define PROPRIO_TYPE_STORE (proprio_store_get_type ())
G_DECLARE_INTERFACE (ProprioStore, proprio_store, PROPRIO, STORE, GObject)

/* Every vfunc starts the work and returns; the result goes to a GTask on the store (type noted). */
struct _ProprioStoreInterface
{
  GTypeInterface parent_iface;

  /* boolean; PROPRIO_STORE_ERROR_EXISTS when the ID is taken and !update */
  void (*save_patient)    (ProprioStore *self, const ProprioPatient *patient, gboolean update,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* ProprioPatient*; NOT_FOUND */
  void (*get_patient)     (ProprioStore *self, const char *patient_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioPatient, by ID */
  void (*list_patients)   (ProprioStore *self,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* ProprioSession* (open, its folder made); the patient must exist */
  void (*begin_session)   (ProprioStore *self, const char *patient_id, const char *device_spec,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* boolean: marks it complete; end_us is the monotonic end (0: now) */
  void (*end_session)     (ProprioStore *self, const char *session_id, gint64 end_us,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* ProprioSession* */
  void (*get_session)     (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioSession, oldest first; patient_id NULL: all */
  void (*list_sessions)   (ProprioStore *self, const char *patient_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* boolean */
  void (*add_stream)      (ProprioStore *self, const char *session_id,
                           const ProprioStreamInfo *info,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioStreamInfo */
  void (*list_streams)    (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* boolean; its numeric results are also kept as metrics */
  void (*add_exercise)    (ProprioStore *self, const char *session_id,
                           ProprioExerciseResult *result,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioStoredExercise, in order */
  void (*list_exercises)  (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* boolean: events (GPtrArray of ProprioEvent) kept in the database */
  void (*add_events)      (ProprioStore *self, const char *session_id, GPtrArray *events,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioEvent: the database's and the recorder's events file's, by time */
  void (*list_events)     (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* boolean */
  void (*add_metric)      (ProprioStore *self, const char *session_id,
                           const ProprioMetric *metric,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* GPtrArray of ProprioMetric */
  void (*list_metrics)    (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer data);
  /* Not async: the IDs of the sessions the store recovered when it was opened (owned). */
  const char * const * (*get_recovered) (ProprioStore *self);
};

void       proprio_store_save_patient     (ProprioStore *self, const ProprioPatient *patient,
                                           gboolean update, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_get_patient      (ProprioStore *self, const char *patient_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_patients    (ProprioStore *self, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_begin_session    (ProprioStore *self, const char *patient_id,
                                           const char *device_spec, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_end_session      (ProprioStore *self, const char *session_id,
                                           gint64 end_us, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_get_session      (ProprioStore *self, const char *session_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_sessions    (ProprioStore *self, const char *patient_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_add_stream       (ProprioStore *self, const char *session_id,
                                           const ProprioStreamInfo *info,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_streams     (ProprioStore *self, const char *session_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_add_exercise     (ProprioStore *self, const char *session_id,
                                           ProprioExerciseResult *result,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_exercises   (ProprioStore *self, const char *session_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_add_events       (ProprioStore *self, const char *session_id,
                                           GPtrArray *events, GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_events      (ProprioStore *self, const char *session_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_add_metric       (ProprioStore *self, const char *session_id,
                                           const ProprioMetric *metric,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
void       proprio_store_list_metrics     (ProprioStore *self, const char *session_id,
                                           GCancellable *cancellable,
                                           GAsyncReadyCallback callback, gpointer user_data);
const char * const *proprio_store_get_recovered (ProprioStore *self);

/* The finish of every call: a boolean one, and a pointer one (the type the call names; free it
 * with its free function or g_ptr_array_unref ()). */
gboolean   proprio_store_finish_boolean   (ProprioStore *self, GAsyncResult *result,
                                           GError **error);
gpointer   proprio_store_finish_pointer   (ProprioStore *self, GAsyncResult *result,
                                           GError **error);

/* The same calls, waited for. */
gboolean        proprio_store_save_patient_sync   (ProprioStore *self,
                                                   const ProprioPatient *patient,
                                                   gboolean update, GError **error);
ProprioPatient *proprio_store_get_patient_sync    (ProprioStore *self, const char *patient_id,
                                                   GError **error);
GPtrArray      *proprio_store_list_patients_sync  (ProprioStore *self, GError **error);
ProprioSession *proprio_store_begin_session_sync  (ProprioStore *self, const char *patient_id,
                                                   const char *device_spec, GError **error);
gboolean        proprio_store_end_session_sync    (ProprioStore *self, const char *session_id,
                                                   gint64 end_us, GError **error);
ProprioSession *proprio_store_get_session_sync    (ProprioStore *self, const char *session_id,
                                                   GError **error);
GPtrArray      *proprio_store_list_sessions_sync  (ProprioStore *self, const char *patient_id,
                                                   GError **error);
gboolean        proprio_store_add_stream_sync     (ProprioStore *self, const char *session_id,
                                                   const ProprioStreamInfo *info,
                                                   GError **error);
GPtrArray      *proprio_store_list_streams_sync   (ProprioStore *self, const char *session_id,
                                                   GError **error);
gboolean        proprio_store_add_exercise_sync   (ProprioStore *self, const char *session_id,
                                                   ProprioExerciseResult *result,
                                                   GError **error);
GPtrArray      *proprio_store_list_exercises_sync (ProprioStore *self, const char *session_id,
                                                   GError **error);
gboolean        proprio_store_add_events_sync     (ProprioStore *self, const char *session_id,
                                                   GPtrArray *events, GError **error);
GPtrArray      *proprio_store_list_events_sync    (ProprioStore *self, const char *session_id,
                                                   GError **error);
gboolean        proprio_store_add_metric_sync     (ProprioStore *self, const char *session_id,
                                                   const ProprioMetric *metric, GError **error);
GPtrArray      *proprio_store_list_metrics_sync   (ProprioStore *self, const char *session_id,
                                                   GError **error);

/* A stream list as JSON [{"name","label","unit"}…], and back (for ProprioStreamInfo). */
char     *proprio_store_channels_to_json   (const ProprioChannelInfo *channels,
                                            guint                     n_channels);

G_END_DECLS
