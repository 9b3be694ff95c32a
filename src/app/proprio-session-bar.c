/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-session-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "core/proprio-clock.h"

#include "proprio-session-actions.h"
#include "proprio-session-bar.h"

struct _ProprioSessionBar
{
  GtkWidget                 parent_instance;

  ProprioSessionController *controller;
  guint                     tick_id;     /* once a second while a session is open */

  GtkWidget                *box;
  GtkImage                 *icon;
  GtkLabel                 *title_label;
  GtkLabel                 *detail_label;
  GtkWidget                *retry_button;
  GtkWidget                *patient_button;
  GtkWidget                *sessions_button;
  GtkWidget                *start_button;
  GtkWidget                *end_button;
};

G_DEFINE_FINAL_TYPE (ProprioSessionBar, proprio_session_bar, GTK_TYPE_WIDGET)

static void
set_detail (ProprioSessionBar *self,
            const char        *text)
{
  gtk_label_set_text (self->detail_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), text != NULL && *text != '\0');
}

static char *
patient_title (const ProprioPatient *patient)
{
  /* The ID is what the records go by; a name, when the clinic keeps one, helps to check. */
  if (patient->name != NULL && *patient->name != '\0')
    return g_strdup_printf (_("Patient %s · %s"), patient->id, patient->name);
  return g_strdup_printf (_("Patient %s"), patient->id);
}

/* Whether the camera is recorded: said when it is not, so nobody expects a video that is not
 * there (NULL when the session records no video by choice). */
static const char *
video_detail (ProprioSessionBar *self)
{
  switch (proprio_session_controller_get_video (self->controller))
    {
    case PROPRIO_SESSION_VIDEO_RECORDING:
      return _("video");
    case PROPRIO_SESSION_VIDEO_CAMERA_OFF:
      return _("no video while the camera is off");
    case PROPRIO_SESSION_VIDEO_CAMERA_MISSING:
      return _("no video: the camera is missing");
    case PROPRIO_SESSION_VIDEO_STOPPED:
      return _("video stopped");
    case PROPRIO_SESSION_VIDEO_NONE:
    default:
      return NULL;
    }
}

/* The running session's line: time, exercises, samples; or the recorder's problem. */
static char *
session_detail (ProprioSessionBar    *self,
                const ProprioSession *session)
{
  g_autofree char *elapsed = NULL;
  g_autofree char *problem = proprio_session_controller_dup_problem (self->controller);
  g_autofree char *exercises = NULL;
  g_autofree char *samples = NULL;
  const char *video;
  gint64 now = proprio_clock_now_us ();
  guint n_exercises = proprio_session_controller_get_n_exercises (self->controller);
  guint64 n_samples = proprio_session_controller_get_samples (self->controller);

  elapsed = proprio_format_duration ((now - session->start_us) / (double) G_USEC_PER_SEC);
  if (proprio_session_controller_get_failed (self->controller))
    /* Translators: %s is the recorder's message, e.g. the disk is full. */
    return g_strdup_printf (_("Recording stopped after %s: %s"), elapsed, problem);
  exercises = g_strdup_printf (ngettext ("%u exercise", "%u exercises", n_exercises),
                               n_exercises);
  samples = g_strdup_printf (ngettext ("%llu sample", "%llu samples", (gulong) n_samples),
                             (unsigned long long) n_samples);
  video = video_detail (self);
  if (video != NULL)
    /* Translators: "Recording 12 min 04 s · 2 exercises · 72,000 samples · video". */
    return g_strdup_printf (_("Recording %s · %s · %s · %s"), elapsed, exercises, samples, video);
  /* Translators: "Recording 12 min 04 s · 2 exercises · 72,000 samples". */
  return g_strdup_printf (_("Recording %s · %s · %s"), elapsed, exercises, samples);
}

static gboolean tick_cb (gpointer user_data);

static void
update (ProprioSessionBar *self)
{
  ProprioRecordsState state = proprio_session_controller_get_state (self->controller);
  const ProprioPatient *patient = proprio_session_controller_get_patient (self->controller);
  const ProprioSession *session = proprio_session_controller_get_session (self->controller);
  gboolean recording = proprio_session_controller_is_recording (self->controller);
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  const char *icon = "avatar-default-symbolic";

  if (state == PROPRIO_RECORDS_UNAVAILABLE)
    {
      title = g_strdup (_("Records unavailable: nothing is stored"));
      detail = g_strdup (proprio_session_controller_get_message (self->controller));
      icon = "dialog-warning-symbolic";
    }
  else if (patient == NULL)
    {
      title = g_strdup (_("No patient: nothing is stored"));
      if (state == PROPRIO_RECORDS_OPENING)
        detail = g_strdup (_("Opening the records…"));
    }
  else
    {
      title = patient_title (patient);
      if (session != NULL)
        {
          detail = session_detail (self, session);
          icon = recording ? "media-record-symbolic" : "dialog-error-symbolic";
        }
      else
        detail = g_strdup (_("No session: start one to record this patient’s exercises"));
    }

  gtk_label_set_text (self->title_label, title);
  set_detail (self, detail);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon),
                               recording ? _("Recording") : session != NULL
                               ? _("Not recording") : NULL);
  if (recording)
    gtk_widget_add_css_class (self->box, "recording");
  else
    gtk_widget_remove_css_class (self->box, "recording");
  if (session != NULL && !recording)
    gtk_widget_add_css_class (self->box, "failed");
  else
    gtk_widget_remove_css_class (self->box, "failed");

  gtk_widget_set_visible (self->retry_button, state == PROPRIO_RECORDS_UNAVAILABLE);
  gtk_widget_set_visible (self->patient_button, state == PROPRIO_RECORDS_READY && session == NULL);
  gtk_widget_set_visible (self->sessions_button, state == PROPRIO_RECORDS_READY &&
                                                 patient != NULL && session == NULL);
  gtk_widget_set_visible (self->start_button, state == PROPRIO_RECORDS_READY && patient != NULL &&
                                              session == NULL);
  gtk_widget_set_visible (self->end_button, session != NULL);

  if (session != NULL && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (session == NULL)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
tick_cb (gpointer user_data)
{
  ProprioSessionBar *self = user_data;
  const ProprioSession *session = proprio_session_controller_get_session (self->controller);
  g_autofree char *detail = NULL;

  if (session == NULL)
    {
      self->tick_id = 0;
      update (self);
      return G_SOURCE_REMOVE;
    }
  detail = session_detail (self, session);
  set_detail (self, detail);
  return G_SOURCE_CONTINUE;
}

GtkWidget *
proprio_session_bar_new (ProprioSessionController *controller)
{
  ProprioSessionBar *self;

  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (controller), NULL);

  self = g_object_new (PROPRIO_TYPE_SESSION_BAR, NULL);
  self->controller = g_object_ref (controller);
  g_signal_connect_object (controller, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

const char *
proprio_session_bar_get_title (ProprioSessionBar *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_BAR (self), NULL);
  return gtk_label_get_text (self->title_label);
}

const char *
proprio_session_bar_get_detail (ProprioSessionBar *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_BAR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->detail_label))
         ? gtk_label_get_text (self->detail_label) : "";
}

static void
proprio_session_bar_dispose (GObject *object)
{
  ProprioSessionBar *self = PROPRIO_SESSION_BAR (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->controller);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_SESSION_BAR);
  G_OBJECT_CLASS (proprio_session_bar_parent_class)->dispose (object);
}

static void
proprio_session_bar_class_init (ProprioSessionBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_session_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sessionbar");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-session-bar.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioSessionBar, name)
  BIND (box);
  BIND (icon);
  BIND (title_label);
  BIND (detail_label);
  BIND (retry_button);
  BIND (patient_button);
  BIND (sessions_button);
  BIND (start_button);
  BIND (end_button);
#undef BIND
}

static void
proprio_session_bar_init (ProprioSessionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
