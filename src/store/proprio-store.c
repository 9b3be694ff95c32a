/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "proprio-store.h"

G_DEFINE_QUARK (proprio-store-error-quark, proprio_store_error)

G_DEFINE_INTERFACE (ProprioStore, proprio_store, G_TYPE_OBJECT)

static void
proprio_store_default_init (ProprioStoreInterface *iface)
{
}

const char *
proprio_session_state_to_string (ProprioSessionState state)
{
  switch (state)
    {
    case PROPRIO_SESSION_OPEN:
      return "open";
    case PROPRIO_SESSION_COMPLETE:
      return "complete";
    case PROPRIO_SESSION_RECOVERED:
      return "recovered";
    default:
      return "unknown";
    }
}

/* --- values --- */

ProprioPatient *
proprio_patient_new (const char *id)
{
  ProprioPatient *patient = g_new0 (ProprioPatient, 1);

  patient->id = g_strdup (id);
  return patient;
}

ProprioPatient *
proprio_patient_copy (const ProprioPatient *patient)
{
  ProprioPatient *copy;

  g_return_val_if_fail (patient != NULL, NULL);
  copy = proprio_patient_new (patient->id);
  copy->name = g_strdup (patient->name);
  copy->birth_date = g_strdup (patient->birth_date);
  copy->side = g_strdup (patient->side);
  copy->notes = g_strdup (patient->notes);
  return copy;
}

void
proprio_patient_free (ProprioPatient *patient)
{
  if (patient == NULL)
    return;
  g_free (patient->id);
  g_free (patient->name);
  g_free (patient->birth_date);
  g_free (patient->side);
  g_free (patient->notes);
  g_free (patient);
}

G_DEFINE_BOXED_TYPE (ProprioPatient, proprio_patient, proprio_patient_copy, proprio_patient_free)

gboolean
proprio_patient_id_is_valid (const char  *id,
                             GError     **error)
{
  gsize length;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                   _("A patient needs an ID"));
      return FALSE;
    }
  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                   _("The patient ID is not valid text"));
      return FALSE;
    }
  length = g_utf8_strlen (id, -1);
  if (length > 64)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                   _("The patient ID “%s” is longer than 64 characters"), id);
      return FALSE;
    }
  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                     _("The patient ID contains a control character"));
        return FALSE;
      }
  if (g_ascii_isspace (id[0]) || g_ascii_isspace (id[strlen (id) - 1]))
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_INVALID,
                   _("The patient ID “%s” starts or ends with a space"), id);
      return FALSE;
    }
  return TRUE;
}

ProprioSession *
proprio_session_copy (const ProprioSession *session)
{
  ProprioSession *copy;

  g_return_val_if_fail (session != NULL, NULL);
  copy = g_new0 (ProprioSession, 1);
  *copy = *session;
  copy->id = g_strdup (session->id);
  copy->patient_id = g_strdup (session->patient_id);
  copy->started_at = session->started_at ? g_date_time_ref (session->started_at) : NULL;
  copy->ended_at = session->ended_at ? g_date_time_ref (session->ended_at) : NULL;
  copy->device_spec = g_strdup (session->device_spec);
  copy->folder = g_strdup (session->folder);
  return copy;
}

void
proprio_session_free (ProprioSession *session)
{
  if (session == NULL)
    return;
  g_free (session->id);
  g_free (session->patient_id);
  g_clear_pointer (&session->started_at, g_date_time_unref);
  g_clear_pointer (&session->ended_at, g_date_time_unref);
  g_free (session->device_spec);
  g_free (session->folder);
  g_free (session);
}

G_DEFINE_BOXED_TYPE (ProprioSession, proprio_session, proprio_session_copy, proprio_session_free)

double
proprio_session_get_duration (const ProprioSession *session)
{
  g_return_val_if_fail (session != NULL, 0.0);
  if (session->end_us <= session->start_us)
    return 0.0;
  return (session->end_us - session->start_us) / (double) G_USEC_PER_SEC;
}

ProprioStreamInfo *
proprio_stream_info_copy (const ProprioStreamInfo *info)
{
  ProprioStreamInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);
  copy = g_new0 (ProprioStreamInfo, 1);
  *copy = *info;
  copy->name = g_strdup (info->name);
  copy->path = g_strdup (info->path);
  copy->channels_json = g_strdup (info->channels_json);
  copy->device_spec = g_strdup (info->device_spec);
  return copy;
}

void
proprio_stream_info_free (ProprioStreamInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->path);
  g_free (info->channels_json);
  g_free (info->device_spec);
  g_free (info);
}

G_DEFINE_BOXED_TYPE (ProprioStreamInfo, proprio_stream_info, proprio_stream_info_copy,
                     proprio_stream_info_free)

ProprioStoredExercise *
proprio_stored_exercise_copy (const ProprioStoredExercise *exercise)
{
  ProprioStoredExercise *copy;

  g_return_val_if_fail (exercise != NULL, NULL);
  copy = g_new0 (ProprioStoredExercise, 1);
  *copy = *exercise;
  copy->exercise_id = g_strdup (exercise->exercise_id);
  copy->title = g_strdup (exercise->title);
  copy->outcome = g_strdup (exercise->outcome);
  copy->started_at = g_strdup (exercise->started_at);
  copy->settings_json = g_strdup (exercise->settings_json);
  copy->result_json = g_strdup (exercise->result_json);
  return copy;
}

void
proprio_stored_exercise_free (ProprioStoredExercise *exercise)
{
  if (exercise == NULL)
    return;
  g_free (exercise->exercise_id);
  g_free (exercise->title);
  g_free (exercise->outcome);
  g_free (exercise->started_at);
  g_free (exercise->settings_json);
  g_free (exercise->result_json);
  g_free (exercise);
}

G_DEFINE_BOXED_TYPE (ProprioStoredExercise, proprio_stored_exercise, proprio_stored_exercise_copy,
                     proprio_stored_exercise_free)

ProprioEvent *
proprio_event_new (gint64      t_us,
                   const char *kind,
                   const char *text)
{
  ProprioEvent *event = g_new0 (ProprioEvent, 1);

  event->t_us = t_us;
  event->kind = g_strdup (kind != NULL ? kind : "");
  event->text = g_strdup (text != NULL ? text : "");
  return event;
}

ProprioEvent *
proprio_event_copy (const ProprioEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);
  return proprio_event_new (event->t_us, event->kind, event->text);
}

void
proprio_event_free (ProprioEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->text);
  g_free (event);
}

G_DEFINE_BOXED_TYPE (ProprioEvent, proprio_event, proprio_event_copy, proprio_event_free)

ProprioMetric *
proprio_metric_copy (const ProprioMetric *metric)
{
  ProprioMetric *copy;

  g_return_val_if_fail (metric != NULL, NULL);
  copy = g_new0 (ProprioMetric, 1);
  *copy = *metric;
  copy->name = g_strdup (metric->name);
  copy->unit = g_strdup (metric->unit);
  return copy;
}

void
proprio_metric_free (ProprioMetric *metric)
{
  if (metric == NULL)
    return;
  g_free (metric->name);
  g_free (metric->unit);
  g_free (metric);
}

G_DEFINE_BOXED_TYPE (ProprioMetric, proprio_metric, proprio_metric_copy, proprio_metric_free)

char *
proprio_store_channels_to_json (const ProprioChannelInfo *channels,
                                guint                     n_channels)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < n_channels; i++)
    {
      const char *fields[3] = { channels[i].name, channels[i].label, channels[i].unit };
      const char *keys[3] = { "name", "label", "unit" };

      g_string_append (out, i > 0 ? ",{" : "{");
      for (guint k = 0; k < 3; k++)
        {
          const char *text = fields[k] != NULL ? fields[k] : "";

          g_string_append_printf (out, "%s\"%s\":\"", k > 0 ? "," : "", keys[k]);
          for (const char *p = text; *p != '\0'; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_printf (out, "\\%c", *p);
              else if ((guchar) *p < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar) *p);
              else
                g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* --- calls --- */

#define STORE_IFACE(self) PROPRIO_STORE_GET_IFACE (self)

void
proprio_store_save_patient (ProprioStore *self, const ProprioPatient *patient, gboolean update,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (patient != NULL);
  STORE_IFACE (self)->save_patient (self, patient, update, cancellable, callback, user_data);
}

void
proprio_store_get_patient (ProprioStore *self, const char *patient_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (patient_id != NULL);
  STORE_IFACE (self)->get_patient (self, patient_id, cancellable, callback, user_data);
}

void
proprio_store_list_patients (ProprioStore *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  STORE_IFACE (self)->list_patients (self, cancellable, callback, user_data);
}

void
proprio_store_begin_session (ProprioStore *self, const char *patient_id,
                             const char *device_spec, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (patient_id != NULL);
  STORE_IFACE (self)->begin_session (self, patient_id, device_spec, cancellable, callback,
                                     user_data);
}

void
proprio_store_end_session (ProprioStore *self, const char *session_id, gint64 end_us,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->end_session (self, session_id, end_us, cancellable, callback, user_data);
}

void
proprio_store_get_session (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->get_session (self, session_id, cancellable, callback, user_data);
}

void
proprio_store_list_sessions (ProprioStore *self, const char *patient_id,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  STORE_IFACE (self)->list_sessions (self, patient_id, cancellable, callback, user_data);
}

void
proprio_store_add_stream (ProprioStore *self, const char *session_id,
                          const ProprioStreamInfo *info, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL && info != NULL && info->name != NULL);
  STORE_IFACE (self)->add_stream (self, session_id, info, cancellable, callback, user_data);
}

void
proprio_store_list_streams (ProprioStore *self, const char *session_id,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->list_streams (self, session_id, cancellable, callback, user_data);
}

void
proprio_store_add_exercise (ProprioStore *self, const char *session_id,
                            ProprioExerciseResult *result, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  g_return_if_fail (PROPRIO_IS_EXERCISE_RESULT (result));
  STORE_IFACE (self)->add_exercise (self, session_id, result, cancellable, callback, user_data);
}

void
proprio_store_list_exercises (ProprioStore *self, const char *session_id,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->list_exercises (self, session_id, cancellable, callback, user_data);
}

void
proprio_store_add_events (ProprioStore *self, const char *session_id, GPtrArray *events,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL && events != NULL);
  STORE_IFACE (self)->add_events (self, session_id, events, cancellable, callback, user_data);
}

void
proprio_store_list_events (ProprioStore *self, const char *session_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->list_events (self, session_id, cancellable, callback, user_data);
}

void
proprio_store_add_metric (ProprioStore *self, const char *session_id,
                          const ProprioMetric *metric, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL && metric != NULL && metric->name != NULL);
  STORE_IFACE (self)->add_metric (self, session_id, metric, cancellable, callback, user_data);
}

void
proprio_store_list_metrics (ProprioStore *self, const char *session_id,
                            GCancellable *cancellable, GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (PROPRIO_IS_STORE (self));
  g_return_if_fail (session_id != NULL);
  STORE_IFACE (self)->list_metrics (self, session_id, cancellable, callback, user_data);
}

const char * const *
proprio_store_get_recovered (ProprioStore *self)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  return STORE_IFACE (self)->get_recovered (self);
}

gboolean
proprio_store_finish_boolean (ProprioStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gpointer
proprio_store_finish_pointer (ProprioStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- waiting --- */

/* The call runs with a private main context as the thread default, so its GTask comes back there
 * and nothing else of the caller's main loop runs meanwhile. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Wait;

static void
wait_begin (Wait *wait)
{
  wait->context = g_main_context_new ();
  wait->result = NULL;
  g_main_context_push_thread_default (wait->context);
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static void
wait_end (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);
  g_main_context_pop_thread_default (wait->context);
  g_main_context_unref (wait->context);
}

#define WAIT_BOOLEAN(call) \
  G_STMT_START { \
    Wait wait; \
    gboolean ok; \
    wait_begin (&wait); \
    call; \
    wait_end (&wait); \
    ok = proprio_store_finish_boolean (self, wait.result, error); \
    g_object_unref (wait.result); \
    return ok; \
  } G_STMT_END

#define WAIT_POINTER(call) \
  G_STMT_START { \
    Wait wait; \
    gpointer value; \
    wait_begin (&wait); \
    call; \
    wait_end (&wait); \
    value = proprio_store_finish_pointer (self, wait.result, error); \
    g_object_unref (wait.result); \
    return value; \
  } G_STMT_END

gboolean
proprio_store_save_patient_sync (ProprioStore *self, const ProprioPatient *patient,
                                 gboolean update, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_save_patient (self, patient, update, NULL, on_waited, &wait));
}

ProprioPatient *
proprio_store_get_patient_sync (ProprioStore *self, const char *patient_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_get_patient (self, patient_id, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_patients_sync (ProprioStore *self, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_patients (self, NULL, on_waited, &wait));
}

ProprioSession *
proprio_store_begin_session_sync (ProprioStore *self, const char *patient_id,
                                  const char *device_spec, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_begin_session (self, patient_id, device_spec, NULL, on_waited,
                                             &wait));
}

gboolean
proprio_store_end_session_sync (ProprioStore *self, const char *session_id, gint64 end_us,
                                GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_end_session (self, session_id, end_us, NULL, on_waited, &wait));
}

ProprioSession *
proprio_store_get_session_sync (ProprioStore *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_get_session (self, session_id, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_sessions_sync (ProprioStore *self, const char *patient_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_sessions (self, patient_id, NULL, on_waited, &wait));
}

gboolean
proprio_store_add_stream_sync (ProprioStore *self, const char *session_id,
                               const ProprioStreamInfo *info, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_add_stream (self, session_id, info, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_streams_sync (ProprioStore *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_streams (self, session_id, NULL, on_waited, &wait));
}

gboolean
proprio_store_add_exercise_sync (ProprioStore *self, const char *session_id,
                                 ProprioExerciseResult *result, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_add_exercise (self, session_id, result, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_exercises_sync (ProprioStore *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_exercises (self, session_id, NULL, on_waited, &wait));
}

gboolean
proprio_store_add_events_sync (ProprioStore *self, const char *session_id, GPtrArray *events,
                               GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_add_events (self, session_id, events, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_events_sync (ProprioStore *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_events (self, session_id, NULL, on_waited, &wait));
}

gboolean
proprio_store_add_metric_sync (ProprioStore *self, const char *session_id,
                               const ProprioMetric *metric, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), FALSE);
  WAIT_BOOLEAN (proprio_store_add_metric (self, session_id, metric, NULL, on_waited, &wait));
}

GPtrArray *
proprio_store_list_metrics_sync (ProprioStore *self, const char *session_id, GError **error)
{
  g_return_val_if_fail (PROPRIO_IS_STORE (self), NULL);
  WAIT_POINTER (proprio_store_list_metrics (self, session_id, NULL, on_waited, &wait));
}
