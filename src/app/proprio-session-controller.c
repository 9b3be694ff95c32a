/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-session"

#include "config.h"

#include <glib/gi18n.h>

#include "core/proprio-clock.h"
#include "store/proprio-sqlite-store.h"

#include "proprio-session-controller-private.h"

/* close () waits this long at most for the store's last answers. */
#define CLOSE_WAIT_US (5 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (ProprioSessionController, proprio_session_controller, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATION,
  PROP_DATA_DIR,
  PROP_STATE,
  PROP_PATIENT,
  PROP_SESSION,
  PROP_RECORDING,
  PROP_PROBLEM,
  PROP_RECORD_VIDEO,
  PROP_VIDEO,
  N_PROPS
};

enum
{
  SIGNAL_RECOVERED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

ProprioSessionController *
proprio_session_controller_new (ProprioStation *station,
                                const char     *data_dir)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  return g_object_new (PROPRIO_TYPE_SESSION_CONTROLLER, "station", station, "data-dir", data_dir,
                       NULL);
}

void
_proprio_session_controller_hold (ProprioSessionController *self)
{
  self->n_pending++;
}

void
_proprio_session_controller_release (ProprioSessionController *self)
{
  g_assert (self->n_pending > 0);
  self->n_pending--;
}

void
_proprio_session_controller_report (ProprioSessionController *self,
                                    const char               *message,
                                    gboolean                  failed)
{
  gboolean was_recording = proprio_session_controller_is_recording (self);

  g_message ("%s", message);
  g_free (self->problem);
  self->problem = g_strdup (message);
  self->failed = self->failed || failed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  if (was_recording != proprio_session_controller_is_recording (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, message, self->failed);
}

void
_proprio_session_controller_notify_video (ProprioSessionController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO]);
}

void
_proprio_session_controller_notify_record_video (ProprioSessionController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_VIDEO]);
}

static void
set_state (ProprioSessionController *self,
           ProprioRecordsState       state,
           const char               *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* --- opening, recovery --- */

static void
recovered_session_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;
  g_autoptr(GError) error = NULL;
  ProprioSession *session = proprio_store_finish_pointer (PROPRIO_STORE (source), result, &error);

  if (session != NULL)
    g_ptr_array_add (self->recovered, session);
  else
    g_message ("A recovered session cannot be read: %s", error->message);
  _proprio_session_controller_release (self);
  /* All of them read: tell once. */
  if (self->n_pending == 0 && self->recovered->len > 0)
    g_signal_emit (self, signals[SIGNAL_RECOVERED], 0);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;
  g_autoptr(GError) error = NULL;
  ProprioStore *store = proprio_sqlite_store_open_finish (result, &error);
  const char * const *recovered;

  _proprio_session_controller_release (self);
  self->opening = FALSE;
  if (store == NULL)
    {
      g_message ("Records in %s not opened: %s", self->data_dir, error->message);
      set_state (self, PROPRIO_RECORDS_UNAVAILABLE, error->message);
      return;
    }
  self->store = store;
  set_state (self, PROPRIO_RECORDS_READY, NULL);

  recovered = proprio_store_get_recovered (store);
  for (guint i = 0; recovered != NULL && recovered[i] != NULL; i++)
    {
      _proprio_session_controller_hold (self);
      proprio_store_get_session (store, recovered[i], NULL, recovered_session_cb,
                                 g_object_ref (self));
    }
}

void
proprio_session_controller_open (ProprioSessionController *self)
{
  g_return_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self));

  if (self->store != NULL || self->opening)
    return;
  self->opening = TRUE;
  set_state (self, PROPRIO_RECORDS_OPENING, NULL);
  /* Counted, so close () right after startup waits until the lock is ours or refused. */
  _proprio_session_controller_hold (self);
  proprio_sqlite_store_open_async (self->data_dir, NULL, opened_cb, g_object_ref (self));
}

/* --- getters --- */

ProprioStation *
proprio_session_controller_get_station (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->station;
}

ProprioRecordsState
proprio_session_controller_get_state (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), PROPRIO_RECORDS_UNAVAILABLE);
  return self->state;
}

const char *
proprio_session_controller_get_message (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->state == PROPRIO_RECORDS_UNAVAILABLE ? self->message : NULL;
}

const char *
proprio_session_controller_get_data_dir (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->data_dir;
}

ProprioStore *
proprio_session_controller_get_store (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->store;
}

GPtrArray *
proprio_session_controller_get_recovered (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->recovered;
}

const ProprioPatient *
proprio_session_controller_get_patient (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->patient;
}

gboolean
proprio_session_controller_set_patient (ProprioSessionController  *self,
                                        const ProprioPatient      *patient,
                                        GError                   **error)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), FALSE);

  if ((self->session != NULL || self->busy) &&
      (patient == NULL || self->patient == NULL || g_strcmp0 (patient->id, self->patient->id) != 0))
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                   _("End the session of %s before choosing another patient"), self->patient->id);
      return FALSE;
    }
  g_clear_pointer (&self->patient, proprio_patient_free);
  self->patient = patient != NULL ? proprio_patient_copy (patient) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENT]);
  return TRUE;
}

const ProprioSession *
proprio_session_controller_get_session (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->session;
}

gboolean
proprio_session_controller_is_recording (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), FALSE);
  return self->session != NULL && self->recorder != NULL && !self->failed;
}

char *
proprio_session_controller_dup_problem (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return g_strdup (self->problem);
}

gboolean
proprio_session_controller_get_failed (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), FALSE);
  return self->failed;
}

guint64
proprio_session_controller_get_samples (ProprioSessionController *self)
{
  guint64 rows = 0;

  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), 0);
  if (self->recorder == NULL)
    return 0;
  for (guint i = 0; i < self->streams->len; i++)
    rows += proprio_recorder_get_rows_written (
      self->recorder, ((ProprioSessionStream *) self->streams->pdata[i])->name);
  return rows;
}

guint
proprio_session_controller_get_n_exercises (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), 0);
  return self->n_exercises;
}

GStrv
proprio_session_controller_dup_stream_names (ProprioSessionController *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  for (guint i = 0; i < self->streams->len; i++)
    g_strv_builder_add (builder, ((ProprioSessionStream *) self->streams->pdata[i])->name);
  return g_strv_builder_end (builder);
}

guint
proprio_session_controller_get_n_pending (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), 0);
  return self->n_pending;
}

/* --- begin --- */

static void
recorder_problem_cb (ProprioRecorder          *recorder,
                     const char               *message,
                     ProprioSessionController *self)
{
  if (recorder != self->recorder)
    return;
  _proprio_session_controller_report (self, message, proprio_recorder_get_failed (recorder));
}

static void
session_begun_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProprioSessionController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  ProprioSession *session = proprio_store_finish_pointer (PROPRIO_STORE (source), result, &error);

  _proprio_session_controller_release (self);
  self->busy = FALSE;
  if (session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _proprio_session_recording_clear (self);
  self->session = session;
  self->recorder = proprio_recorder_new (session->folder);
  g_signal_connect_object (self->recorder, "problem", G_CALLBACK (recorder_problem_cb), self, 0);
  if (!_proprio_session_recording_start (self, &error))
    {
      /* Nothing could be written into its folder: the session ends at once, empty. */
      _proprio_session_recording_detach (self, 0);
      proprio_store_end_session (self->store, session->id, 0, NULL, NULL, NULL);
      g_clear_pointer (&self->session, proprio_session_free);
      _proprio_session_recording_clear (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
  g_task_return_boolean (task, TRUE);
}

void
proprio_session_controller_begin_session_async (ProprioSessionController *self,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ProprioDevice *device;

  g_return_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_session_controller_begin_session_async);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED, "%s",
                               self->message != NULL
                               ? self->message
                               : _("The records are not open yet: try again in a moment"));
      return;
    }
  if (self->patient == NULL)
    {
      g_task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID, "%s",
                               _("Choose a patient first"));
      return;
    }
  if (self->session != NULL || self->busy)
    {
      g_task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID, "%s",
                               _("A session is already open"));
      return;
    }
  device = proprio_station_get_device (self->station);
  self->busy = TRUE;
  _proprio_session_controller_hold (self);
  proprio_store_begin_session (self->store, self->patient->id,
                               device != NULL ? proprio_device_get_spec (device) : NULL,
                               cancellable, session_begun_cb, g_steal_pointer (&task));
}

gboolean
proprio_session_controller_begin_session_finish (ProprioSessionController  *self,
                                                 GAsyncResult              *result,
                                                 GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- end --- */

typedef struct
{
  ProprioSession       *session;
  ProprioRecorder      *recorder;
  ProprioVideoRecorder *video;
  GError               *recording_error;
  gint64                end_us;
} Ending;

static void
ending_free (Ending *ending)
{
  g_clear_pointer (&ending->session, proprio_session_free);
  g_clear_object (&ending->recorder);
  g_clear_object (&ending->video);
  g_clear_error (&ending->recording_error);
  g_free (ending);
}

/* The device's measured rate, for a stream whose nominal one is unknown (an export then need not
 * estimate it). */
static void
note_measured_rate (ProprioSessionController *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  for (guint i = 0; device != NULL && i < self->streams->len; i++)
    {
      ProprioSessionStream *stream = self->streams->pdata[i];
      ProprioDeviceHealth health;

      if (stream->device != device || stream->rate_hz > 0)
        continue;
      proprio_device_get_health (device, &health);
      if (health.rate_hz > 0)
        {
          stream->rate_hz = health.rate_hz;
          stream->measured = TRUE;
        }
    }
}

/* The session is over for the controller, whatever the store said. */
static void
end_done (ProprioSessionController *self)
{
  self->busy = FALSE;
  _proprio_session_recording_clear (self);
}

static void
session_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProprioSessionController *self = g_task_get_source_object (task);
  Ending *ending = g_task_get_task_data (task);
  ProprioSession *session = proprio_store_finish_pointer (PROPRIO_STORE (source), result, NULL);

  _proprio_session_controller_release (self);
  end_done (self);
  if (session == NULL)
    session = proprio_session_copy (ending->session);
  /* A recording that stopped early was told as it happened ("problem"); the session itself is
   * saved, with what was written. */
  if (ending->recording_error != NULL)
    g_message ("Session %s ended; its recording had stopped: %s", session->id,
               ending->recording_error->message);
  g_task_return_pointer (task, session, (GDestroyNotify) proprio_session_free);
}

static void
session_ended_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProprioSessionController *self = g_task_get_source_object (task);
  Ending *ending = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  _proprio_session_controller_release (self);
  if (!proprio_store_finish_boolean (PROPRIO_STORE (source), result, &error))
    {
      end_done (self);
      g_task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                               _("The session could not be closed in the records (%s). What was "
                                 "recorded is kept: the next start closes it as recovered."),
                               error->message);
      return;
    }
  _proprio_session_controller_hold (self);
  proprio_store_get_session (PROPRIO_STORE (source), ending->session->id, NULL, session_read_cb,
                             g_steal_pointer (&task));
}

static void
stop_recorder_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Ending *ending = task_data;

  /* Joins the recorder thread, which writes what is left and syncs: not on the main thread. */
  proprio_recorder_stop (ending->recorder, &ending->recording_error);
  /* A video that stopped early was told as it happened. */
  if (ending->video != NULL)
    proprio_video_recorder_stop (ending->video, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
rate_stored_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;

  /* Only a help for exports, which estimate the rate without it. */
  proprio_store_finish_boolean (PROPRIO_STORE (source), result, NULL);
  _proprio_session_controller_release (self);
}

static void
recorder_stopped_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProprioSessionController *self = PROPRIO_SESSION_CONTROLLER (source);
  Ending *ending = g_task_get_task_data (task);

  g_task_propagate_boolean (G_TASK (result), NULL);
  _proprio_session_controller_release (self);

  for (guint i = 0; i < self->streams->len; i++)
    {
      ProprioSessionStream *stream = self->streams->pdata[i];
      ProprioStreamInfo info = { 0 };

      if (!stream->measured)
        continue;
      info.name = stream->name;
      info.kind = stream->kind;
      info.rate_hz = stream->rate_hz;
      info.channels_json = stream->channels_json;
      info.device_spec = (char *) proprio_device_get_spec (stream->device);
      _proprio_session_controller_hold (self);
      proprio_store_add_stream (self->store, ending->session->id, &info, NULL, rate_stored_cb,
                                g_object_ref (self));
    }
  _proprio_session_video_stored (self, ending->session->id, ending->video);
  _proprio_session_controller_hold (self);
  proprio_store_end_session (self->store, ending->session->id, ending->end_us, NULL,
                             session_ended_cb, g_steal_pointer (&task));
}

void
proprio_session_controller_end_session_async (ProprioSessionController *self,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *stop;
  Ending *ending;

  g_return_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_session_controller_end_session_async);
  if (self->session == NULL || self->busy)
    {
      g_task_return_new_error (task, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID, "%s",
                               _("No session is open"));
      return;
    }

  /* A run in progress belongs to the session: stopped, its result is stored with it. */
  proprio_station_stop (self->station);
  note_measured_rate (self);
  ending = g_new0 (Ending, 1);
  ending->end_us = proprio_clock_now_us ();
  _proprio_session_recording_detach (self, ending->end_us);
  ending->session = g_steal_pointer (&self->session);
  ending->recorder = g_object_ref (self->recorder);
  ending->video = self->video != NULL ? g_object_ref (self->video) : NULL;
  g_task_set_task_data (task, ending, (GDestroyNotify) ending_free);
  self->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);

  stop = g_task_new (self, NULL, recorder_stopped_cb, g_steal_pointer (&task));
  g_task_set_task_data (stop, ending, NULL);
  _proprio_session_controller_hold (self);
  g_task_run_in_thread (stop, stop_recorder_thread);
  g_object_unref (stop);
}

ProprioSession *
proprio_session_controller_end_session_finish (ProprioSessionController  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- close --- */

static gboolean
close_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
proprio_session_controller_close (ProprioSessionController *self)
{
  gint64 deadline = g_get_monotonic_time () + CLOSE_WAIT_US;

  g_return_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self));

  if (self->session != NULL && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 end_us;

      proprio_station_stop (self->station);
      end_us = proprio_clock_now_us ();
      _proprio_session_recording_detach (self, end_us);
      if (!proprio_recorder_stop (self->recorder, &error))
        g_message ("The recording of session %s is incomplete: %s", self->session->id,
                   error->message);
      g_clear_error (&error);
      if (self->video != NULL && !proprio_video_recorder_stop (self->video, &error))
        g_message ("The video of session %s is incomplete: %s", self->session->id,
                   error->message);
      g_clear_error (&error);
      _proprio_session_video_stored (self, self->session->id, self->video);
      /* Queued after the exercises still on their way, so they are in before it closes. */
      if (!proprio_store_end_session_sync (self->store, self->session->id, end_us, &error))
        g_message ("Session %s not closed: %s", self->session->id, error->message);
      g_clear_pointer (&self->session, proprio_session_free);
      _proprio_session_recording_clear (self);
    }
  /* The answers of calls still on their way come back on this main context; a timer wakes the
   * wait so the deadline holds. */
  if (self->n_pending > 0)
    {
      guint wake = g_timeout_add (20, close_wake_cb, NULL);

      while (self->n_pending > 0 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (wake);
    }
  g_clear_object (&self->store);
}

/* --- GObject --- */

static void
proprio_session_controller_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  ProprioSessionController *self = PROPRIO_SESSION_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PATIENT:
      g_value_set_boxed (value, self->patient);
      break;
    case PROP_SESSION:
      g_value_set_boxed (value, self->session);
      break;
    case PROP_RECORDING:
      g_value_set_boolean (value, proprio_session_controller_is_recording (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_RECORD_VIDEO:
      g_value_set_boolean (value, self->record_video);
      break;
    case PROP_VIDEO:
      g_value_set_uint (value, self->video_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_session_controller_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  ProprioSessionController *self = PROPRIO_SESSION_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_DATA_DIR:
      self->data_dir = g_value_get_string (value) != NULL
                       ? g_value_dup_string (value) : proprio_sqlite_store_default_dir ();
      break;
    case PROP_RECORD_VIDEO:
      proprio_session_controller_set_record_video (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_session_controller_dispose (GObject *object)
{
  ProprioSessionController *self = PROPRIO_SESSION_CONTROLLER (object);

  if (self->session != NULL)
    proprio_session_controller_close (self);
  if (self->station_signals != NULL)
    {
      g_signal_group_set_target (self->station_signals, NULL);
      g_signal_group_set_target (self->engine_signals, NULL);
    }
  g_clear_object (&self->station_signals);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->waiting_device);
  g_clear_handle_id (&self->waiting_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->station);
  G_OBJECT_CLASS (proprio_session_controller_parent_class)->dispose (object);
}

static void
proprio_session_controller_finalize (GObject *object)
{
  ProprioSessionController *self = PROPRIO_SESSION_CONTROLLER (object);

  _proprio_session_recording_clear (self);
  g_ptr_array_unref (self->streams);
  g_array_unref (self->last_targets);
  g_ptr_array_unref (self->recovered);
  g_clear_pointer (&self->patient, proprio_patient_free);
  g_clear_pointer (&self->session, proprio_session_free);
  g_free (self->message);
  g_free (self->data_dir);
  G_OBJECT_CLASS (proprio_session_controller_parent_class)->finalize (object);
}

static void
proprio_session_controller_class_init (ProprioSessionControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_session_controller_get_property;
  object_class->set_property = proprio_session_controller_set_property;
  object_class->dispose = proprio_session_controller_dispose;
  object_class->finalize = proprio_session_controller_finalize;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* ProprioRecordsState (an int: the enum is not registered for one property). */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PROPRIO_RECORDS_OPENING, PROPRIO_RECORDS_UNAVAILABLE,
                      PROPRIO_RECORDS_OPENING, ro);
  properties[PROP_PATIENT] =
    g_param_spec_boxed ("patient", NULL, NULL, PROPRIO_TYPE_PATIENT, ro);
  properties[PROP_SESSION] =
    g_param_spec_boxed ("session", NULL, NULL, PROPRIO_TYPE_SESSION, ro);
  properties[PROP_RECORDING] =
    g_param_spec_boolean ("recording", NULL, NULL, FALSE, ro);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL, ro);
  /* Whether the next session records the camera (the "session-video" setting). */
  properties[PROP_RECORD_VIDEO] =
    g_param_spec_boolean ("record-video", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* ProprioSessionVideo (a uint: the enum is not registered for one property). */
  properties[PROP_VIDEO] =
    g_param_spec_uint ("video", NULL, NULL, PROPRIO_SESSION_VIDEO_NONE,
                       PROPRIO_SESSION_VIDEO_STOPPED, PROPRIO_SESSION_VIDEO_NONE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::recovered (): get_recovered () holds the sessions the store closed as it opened. */
  signals[SIGNAL_RECOVERED] =
    g_signal_new ("recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* ::problem (message, failed): samples lost, or (failed) the recording stopped. At once. */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
proprio_session_controller_init (ProprioSessionController *self)
{
  self->state = PROPRIO_RECORDS_OPENING;
  self->record_video = TRUE;
  self->recovered = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_session_free);
  _proprio_session_recording_init (self);
}
