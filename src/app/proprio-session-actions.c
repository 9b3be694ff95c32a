/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-session"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-patient-dialog.h"
#include "proprio-session-actions.h"
#include "proprio-progress-window.h"
#include "proprio-sessions-dialog.h"
#include "proprio-window.h"

/* --- formatting --- */

char *
proprio_format_duration (double seconds)
{
  gint64 s = seconds > 0 ? (gint64) (seconds + 0.5) : 0;

  if (s < 60)
    /* Translators: a duration in seconds. */
    return g_strdup_printf (_("%d s"), (int) s);
  if (s < 3600)
    /* Translators: a duration in minutes and seconds, "12 min 04 s". */
    return g_strdup_printf (_("%d min %02d s"), (int) (s / 60), (int) (s % 60));
  /* Translators: a duration in hours and minutes, "1 h 02 min". */
  return g_strdup_printf (_("%d h %02d min"), (int) (s / 3600), (int) (s % 3600 / 60));
}

char *
proprio_format_session_start (GDateTime *started_at)
{
  g_autoptr(GDateTime) local = NULL;

  if (started_at == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (started_at);
  /* Translators: a session's start in lists, see strftime: "Tue 14 May 2024, 14:32". */
  return g_date_time_format (local, _("%a %-d %b %Y, %H:%M"));
}

/* --- where dialogs go --- */

static ProprioWindow *
main_window (GtkApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (app);

  if (PROPRIO_IS_WINDOW (active))
    return PROPRIO_WINDOW (active);
  /* A dialog may be in front: its window is the one to speak in. */
  if (active != NULL && PROPRIO_IS_WINDOW (gtk_window_get_transient_for (active)))
    return PROPRIO_WINDOW (gtk_window_get_transient_for (active));
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
toast (GtkApplication *app,
       const char     *text)
{
  ProprioWindow *window = main_window (app);

  if (window != NULL)
    proprio_window_add_toast (window, text);
}

static ProprioSessionController *
controller_of (gpointer app)
{
  return proprio_application_get_sessions (PROPRIO_APPLICATION (app));
}

/* --- starting --- */

static void
session_begun_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkApplication) app = user_data;
  g_autoptr(GError) error = NULL;

  if (!proprio_session_controller_begin_session_finish (PROPRIO_SESSION_CONTROLLER (source),
                                                        result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("No session started: %s"), error->message);
      ProprioWindow *window = main_window (app);

      if (window != NULL)
        proprio_window_add_notice (window, "session", PROPRIO_NOTICE_ERROR, text);
      return;
    }
  if (main_window (app) != NULL)
    proprio_window_remove_notice (main_window (app), "session");
  toast (app, _("Session started: everything is recorded until you end it"));
}

static void
begin_session (GtkApplication *app)
{
  proprio_session_controller_begin_session_async (controller_of (app), NULL, session_begun_cb,
                                                  g_object_ref (app));
}

static void
chosen_then_start_cb (ProprioPatientDialog *dialog,
                      ProprioPatient       *patient,
                      GtkApplication       *app)
{
  begin_session (app);
}

static void open_sessions (GtkApplication *app, const ProprioPatient *patient, GtkWindow *parent);

static void
sessions_requested_cb (ProprioPatientDialog *dialog,
                       ProprioPatient       *patient,
                       GtkApplication       *app)
{
  open_sessions (app, patient, GTK_WINDOW (dialog));
}

static ProprioPatientDialog *
open_patients (GtkApplication *app)
{
  ProprioPatientDialog *dialog =
    proprio_patient_dialog_new (controller_of (app), GTK_WINDOW (main_window (app)));

  gtk_window_set_application (GTK_WINDOW (dialog), app);
  g_signal_connect_object (dialog, "sessions-requested", G_CALLBACK (sessions_requested_cb), app,
                           0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
patient_choose_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  open_patients (GTK_APPLICATION (user_data));
}

static void
session_start_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);

  /* Without a patient, choosing one comes first; the session starts once one is chosen. */
  if (proprio_session_controller_get_patient (controller_of (app)) == NULL)
    {
      ProprioPatientDialog *dialog = open_patients (app);

      g_signal_connect_object (dialog, "chosen", G_CALLBACK (chosen_then_start_cb), app, 0);
      return;
    }
  begin_session (app);
}

/* --- ending --- */

static void
session_ended_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkApplication) app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session =
    proprio_session_controller_end_session_finish (PROPRIO_SESSION_CONTROLLER (source), result,
                                                   &error);
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;

  if (session == NULL)
    {
      ProprioWindow *window = main_window (app);

      text = g_strdup_printf (_("The session ended with a problem: %s"), error->message);
      if (window != NULL)
        proprio_window_add_notice (window, "session", PROPRIO_NOTICE_ERROR, text);
      return;
    }
  duration = proprio_format_duration (proprio_session_get_duration (session));
  /* A toast's title is markup: an ID may hold "&" or "<". */
  id = g_markup_escape_text (session->patient_id, -1);
  text = g_strdup_printf (ngettext ("Session of %s saved: %s, %u exercise",
                                    "Session of %s saved: %s, %u exercises",
                                    session->n_exercises),
                          id, duration, session->n_exercises);
  toast (app, text);
}

static void
end_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 GtkApplication   *app)
{
  if (g_strcmp0 (response, "end") == 0)
    proprio_session_controller_end_session_async (controller_of (app), NULL, session_ended_cb,
                                                  g_object_ref (app));
}

/* Ending asks first. An ended session has closed, synced files; taking that back (a toast with
 * Undo) would mean reopening them, or keeping the session open behind the therapist's back for
 * the toast's seconds. A second session is cheap, but ending one by a stray key in the middle of
 * an exercise is not: it stops the exercise. So: a confirmation, with what is at stake. */
static void
session_end_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  ProprioSessionController *controller = controller_of (app);
  const ProprioSession *session = proprio_session_controller_get_session (controller);
  ProprioStation *station = proprio_session_controller_get_station (controller);
  g_autofree char *heading = NULL;
  g_autofree char *duration = NULL;
  GtkWidget *dialog;

  if (session == NULL)
    return;
  heading = g_strdup_printf (_("End the Session of %s?"), session->patient_id);
  duration = proprio_format_duration ((g_get_monotonic_time () - session->start_us) /
                                      (double) G_USEC_PER_SEC);
  dialog = adw_message_dialog_new (GTK_WINDOW (main_window (app)), heading, NULL);
  adw_message_dialog_set_heading_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  if (proprio_station_is_running (station))
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The exercise in progress stops and is kept as it is now. "
                                      "The %s recorded are saved."), duration);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("Recording stops. The %s recorded are saved; a new session "
                                      "can be started at any time."), duration);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Recording"),
                                    "end", _("_End Session"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "end");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_response_cb), app, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- the list --- */

static void
open_sessions (GtkApplication       *app,
               const ProprioPatient *patient,
               GtkWindow            *parent)
{
  ProprioSessionsDialog *dialog = proprio_sessions_dialog_new (controller_of (app), patient,
                                                               parent);

  gtk_window_set_application (GTK_WINDOW (dialog), app);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_list_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const ProprioPatient *patient = proprio_session_controller_get_patient (controller_of (app));

  if (patient == NULL)
    open_patients (app);
  else
    open_sessions (app, patient, GTK_WINDOW (main_window (app)));
}

/* The sessions to choose one from: each has its Review button (or the chooser, without a
 * patient). */
static void
session_review_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  session_list_action (action, parameter, user_data);
}

/* The chosen patient's progress across sessions (report/proprio-trends.h), or the chooser. */
static void
patient_progress_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  ProprioSessionController *controller = controller_of (app);
  const ProprioPatient *patient = proprio_session_controller_get_patient (controller);
  ProprioProgressWindow *window;

  if (patient == NULL)
    {
      open_patients (app);
      return;
    }
  window = proprio_progress_window_new (GTK_WINDOW (main_window (app)),
                                        proprio_session_controller_get_store (controller),
                                        patient->id);
  gtk_window_set_application (GTK_WINDOW (window), app);
  gtk_window_present (GTK_WINDOW (window));
}

static void
records_retry_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  proprio_session_controller_open (controller_of (user_data));
}

/* --- enabling --- */

static void
update_actions (GActionMap *app)
{
  ProprioSessionController *controller = controller_of (app);
  ProprioRecordsState state = proprio_session_controller_get_state (controller);
  gboolean open = proprio_session_controller_get_session (controller) != NULL;
  gboolean ready = state == PROPRIO_RECORDS_READY;
  struct { const char *name; gboolean enabled; } actions[] = {
    { "patient-choose", ready && !open },
    { "session-start", ready && !open },
    { "session-end", open },
    { "session-list", ready },
    { "session-review", ready },
    { "patient-progress", ready },
    { "records-retry", state == PROPRIO_RECORDS_UNAVAILABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (app,
                                                                              actions[i].name)),
                                 actions[i].enabled);
}

static const GActionEntry session_actions[] = {
  { "patient-choose", patient_choose_action },
  { "session-start", session_start_action },
  { "session-end", session_end_action },
  { "session-list", session_list_action },
  { "session-review", session_review_action },
  { "patient-progress", patient_progress_action },
  { "records-retry", records_retry_action },
};

static const struct {
  const char *action;
  const char *accels[2];
} session_accels[] = {
  { "app.patient-choose", { "<Control>p", NULL } },
  { "app.session-start", { "<Control>r", NULL } },
  { "app.session-end", { "<Control><Shift>r", NULL } },
  { "app.session-list", { "<Control>h", NULL } },
  { "app.patient-progress", { "<Control><Shift>h", NULL } },
};

void
proprio_session_actions_init (ProprioApplication *app)
{
  g_return_if_fail (PROPRIO_IS_APPLICATION (app));

  g_action_map_add_action_entries (G_ACTION_MAP (app), session_actions,
                                   G_N_ELEMENTS (session_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (session_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), session_accels[i].action,
                                           session_accels[i].accels);
  g_signal_connect_object (proprio_application_get_sessions (app), "notify",
                           G_CALLBACK (update_actions), app, G_CONNECT_SWAPPED);
  update_actions (G_ACTION_MAP (app));
}
