/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-sessions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "store/proprio-video-recorder.h"

#include "proprio-session-actions.h"
#include "proprio-sessions-dialog.h"

#include "proprio-review-window.h"

struct _ProprioSessionsDialog
{
  AdwWindow                 parent_instance;

  ProprioSessionController *controller;
  ProprioPatient           *patient;
  GCancellable             *cancellable;      /* the dialog's store calls */
  GCancellable             *export_cancellable;
  GPtrArray                *sessions;         /* ProprioSession, oldest first */
  char                     *status;

  AdwToastOverlay          *toast_overlay;
  AdwWindowTitle           *window_title;
  GtkSwitch                *anonymise_switch;
  GtkStack                 *list_stack;
  GtkListBox               *list_box;
  GtkLabel                 *status_label;
  GtkRevealer              *progress_revealer;
  GtkLabel                 *progress_label;
  GtkProgressBar           *progress_bar;
  GtkWidget                *cancel_button;
};

G_DEFINE_FINAL_TYPE (ProprioSessionsDialog, proprio_sessions_dialog, ADW_TYPE_WINDOW)

/* --- names --- */

char *
proprio_sessions_export_name (const ProprioSession *session,
                              guint                 number,
                              gboolean              anonymised)
{
  g_autoptr(GString) name = g_string_new (NULL);

  g_return_val_if_fail (session != NULL, NULL);

  /* The ID as far as a file name allows it: "/" separates folders, a leading "." hides. */
  for (const char *p = session->patient_id; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c) ||
          (name->len == 0 && c == '.'))
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  if (anonymised)
    g_string_append_printf (name, "-session-%u", number);
  else
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (session->started_at);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d-%H%M");

      g_string_append_printf (name, "-%s", when);
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* --- status --- */

static void
set_status (ProprioSessionsDialog *self,
            const char            *text,
            gboolean               error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* --- exporting --- */

typedef struct
{
  ProprioSessionsDialog *self;
  char                  *session_id;
  ProprioExportFormat    format;
  char                  *path;
  ProprioExportFlags     flags;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  g_free (export->session_id);
  g_free (export->path);
  g_free (export);
}

static void run_export (Export *export);

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Export           *export)
{
  if (g_strcmp0 (response, "replace") == 0)
    {
      export->flags |= PROPRIO_EXPORT_REPLACE;
      run_export (export);
      return;
    }
  set_status (export->self, _("Not exported: the existing file was kept"), FALSE);
  export_free (export);
}

/* Never over an existing file or folder without asking. */
static void
ask_replace (Export *export)
{
  g_autofree char *base = g_path_get_basename (export->path);
  g_autofree char *folder = g_path_get_dirname (export->path);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (export->self),
                                   export->format == PROPRIO_EXPORT_CSV
                                   ? _("Replace the Folder?") : _("Replace the File?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” already exists in “%s”. Replacing it removes what it "
                                    "holds now."), base, folder);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep It"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (replace_response_cb), export);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ProprioSessionsDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = user_data;
  ProprioSessionsDialog *self = export->self;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->export_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  if (proprio_export_session_finish (PROPRIO_STORE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Exported to %s"), export->path);

      set_status (self, text, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Exported")));
    }
  else if (g_error_matches (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS))
    {
      ask_replace (export);
      return;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_status (self, _("Export cancelled: nothing was written"), FALSE);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Not exported: %s"), error->message);

      set_status (self, text, TRUE);
    }
  export_free (export);
}

static void
run_export (Export *export)
{
  ProprioSessionsDialog *self = export->self;
  ProprioStore *store = proprio_session_controller_get_store (self->controller);
  g_autofree char *base = g_path_get_basename (export->path);
  g_autofree char *label = NULL;

  if (store == NULL)
    {
      set_status (self, _("Not exported: the records are not open"), TRUE);
      export_free (export);
      return;
    }
  label = g_strdup_printf (export->format == PROPRIO_EXPORT_CSV ? _("Exporting CSV to “%s”…")
                                                                : _("Exporting EDF+ to “%s”…"),
                           base);
  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  set_status (self, NULL, FALSE);
  self->export_cancellable = g_cancellable_new ();
  proprio_export_session_async (store, export->session_id, export->format, export->path,
                                export->flags, progress_cb, self, self->export_cancellable,
                                exported_cb, export);
}

void
proprio_sessions_dialog_export (ProprioSessionsDialog *self,
                                const char            *session_id,
                                ProprioExportFormat    format,
                                const char            *path,
                                ProprioExportFlags     flags)
{
  Export *export;

  g_return_if_fail (PROPRIO_IS_SESSIONS_DIALOG (self));
  g_return_if_fail (session_id != NULL && path != NULL);

  if (self->export_cancellable != NULL)
    {
      set_status (self, _("Wait for the export under way, or cancel it"), TRUE);
      return;
    }
  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->session_id = g_strdup (session_id);
  export->format = format;
  export->path = g_strdup (path);
  export->flags = flags;
  if (gtk_switch_get_active (self->anonymise_switch))
    export->flags |= PROPRIO_EXPORT_ANONYMISE;
  run_export (export);
}

gboolean
proprio_sessions_dialog_is_exporting (ProprioSessionsDialog *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSIONS_DIALOG (self), FALSE);
  return self->export_cancellable != NULL;
}

const char *
proprio_sessions_dialog_get_status (ProprioSessionsDialog *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSIONS_DIALOG (self), NULL);
  return self->status;
}

void
proprio_sessions_dialog_cancel_export (ProprioSessionsDialog *self)
{
  g_return_if_fail (PROPRIO_IS_SESSIONS_DIALOG (self));
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

/* --- choosing where --- */

typedef struct
{
  ProprioSessionsDialog *self;
  char                  *session_id;
  char                  *name;
  ProprioExportFormat    format;
} Choice;

static void
choice_free (Choice *choice)
{
  g_object_unref (choice->self);
  g_free (choice->session_id);
  g_free (choice->name);
  g_free (choice);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Choice          *choice)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *path = NULL;
  ProprioExportFlags flags = PROPRIO_EXPORT_FLAGS_NONE;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  chosen = file != NULL ? g_file_get_path (file) : NULL;
  if (chosen != NULL && choice->format == PROPRIO_EXPORT_CSV)
    path = g_build_filename (chosen, choice->name, NULL);
  else if (chosen != NULL)
    {
      path = g_steal_pointer (&chosen);
      /* A save dialog asks itself before it returns an existing file's name. */
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        flags |= PROPRIO_EXPORT_REPLACE;
    }
  if (path != NULL)
    proprio_sessions_dialog_export (choice->self, choice->session_id, choice->format, path, flags);
  else if (response == GTK_RESPONSE_ACCEPT)
    set_status (choice->self, _("Not exported: choose a folder on this computer"), TRUE);
  g_object_unref (chooser);
  choice_free (choice);
}

static void
export_clicked_cb (GtkButton             *button,
                   ProprioSessionsDialog *self)
{
  const ProprioSession *session = g_object_get_data (G_OBJECT (button), "session");
  ProprioExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "format"));
  gboolean anonymise = gtk_switch_get_active (self->anonymise_switch);
  GtkFileChooserNative *chooser;
  Choice *choice;
  guint number = 0;

  for (guint i = 0; i < self->sessions->len; i++)
    if (self->sessions->pdata[i] == session)
      number = i + 1;
  choice = g_new0 (Choice, 1);
  choice->self = g_object_ref (self);
  choice->session_id = g_strdup (session->id);
  choice->format = format;
  choice->name = proprio_sessions_export_name (session, number, anonymise);

  if (format == PROPRIO_EXPORT_CSV)
    chooser = gtk_file_chooser_native_new (_("Export as CSV: Choose a Folder"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                           _("_Cancel"));
  else
    {
      g_autofree char *file_name = g_strconcat (choice->name, ".edf", NULL);

      chooser = gtk_file_chooser_native_new (_("Export as EDF+"), GTK_WINDOW (self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                             _("_Cancel"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- the list --- */

static GtkWidget *
export_button (ProprioSessionsDialog *self,
               ProprioSession        *session,
               ProprioExportFormat    format)
{
  GtkWidget *button = gtk_button_new_with_label (format == PROPRIO_EXPORT_CSV ? _("CSV…")
                                                                              : _("EDF+…"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, format == PROPRIO_EXPORT_CSV
                                       ? _("Export every stream, the events and the exercises as "
                                           "CSV files in a new folder")
                                       : _("Export EMG, centre of pressure, angles and events as "
                                           "one EDF+ file"));
  g_object_set_data (G_OBJECT (button), "session", session);
  g_object_set_data (G_OBJECT (button), "format", GINT_TO_POINTER (format));
  g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), self);
  return button;
}

static void
review_clicked_cb (GtkButton             *button,
                   ProprioSessionsDialog *self)
{
  const ProprioSession *session = g_object_get_data (G_OBJECT (button), "session");
  ProprioStore *store = proprio_session_controller_get_store (self->controller);
  ProprioReviewWindow *window;

  if (store == NULL)
    {
      set_status (self, _("Not opened: the records are not open"), TRUE);
      return;
    }
  /* Its own window beside the station's, which goes on as it was (a session may be recording). */
  window = proprio_review_window_new (gtk_window_get_transient_for (GTK_WINDOW (self)), store,
                                      session->id);
  gtk_window_set_application (GTK_WINDOW (window),
                              gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
review_button (ProprioSessionsDialog *self,
               ProprioSession        *session)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Review"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Replay the session: centre of pressure, muscles and "
                                         "angles on one timeline, with its exercises’ figures "
                                         "recomputed from the recording"));
  g_object_set_data (G_OBJECT (button), "session", session);
  g_signal_connect (button, "clicked", G_CALLBACK (review_clicked_cb), self);
  return button;
}

/* The video's index is made with its first frame (store/proprio-video-recorder.h). */
static gboolean
session_has_video (const ProprioSession *session)
{
  g_autofree char *index = NULL;

  if (session->folder == NULL)
    return FALSE;
  index = g_build_filename (session->folder, PROPRIO_VIDEO_STREAM_NAME ".csv", NULL);
  return g_file_test (index, G_FILE_TEST_IS_REGULAR);
}

static GtkWidget *
session_row (ProprioSessionsDialog *self,
             ProprioSession        *session)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = proprio_format_session_start (session->started_at);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const ProprioSession *open = proprio_session_controller_get_session (self->controller);
  gboolean recording = open != NULL && g_str_equal (open->id, session->id);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (session->state == PROPRIO_SESSION_OPEN)
    g_string_append (subtitle, recording ? _("recording now") : _("open"));
  else
    {
      g_autofree char *duration = proprio_format_duration (proprio_session_get_duration (session));

      g_string_append (subtitle, duration);
    }
  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle, ngettext ("%u exercise", "%u exercises", session->n_exercises),
                          session->n_exercises);
  if (session_has_video (session))
    {
      g_string_append (subtitle, " · ");
      /* Translators: the session's camera picture was recorded (see Preferences). */
      g_string_append (subtitle, _("video"));
    }
  if (session->state == PROPRIO_SESSION_RECOVERED)
    {
      g_string_append (subtitle, " · ");
      /* Translators: the session was closed after a crash, with what had been saved. */
      g_string_append (subtitle, _("recovered"));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_set_tooltip_text (row, session->id);
  if (!recording)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), review_button (self, session));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 export_button (self, session, PROPRIO_EXPORT_CSV));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 export_button (self, session, PROPRIO_EXPORT_EDF));
    }
  return row;
}

static void
sessions_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ProprioSessionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions = proprio_store_finish_pointer (PROPRIO_STORE (source), result, &error);

  if (sessions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The sessions cannot be listed: %s"),
                                                   error->message);

          set_status (self, text, TRUE);
        }
      return;
    }
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  self->sessions = sessions;
  /* Newest first: today's session is the one a therapist looks for. */
  for (guint i = sessions->len; i > 0; i--)
    gtk_list_box_append (self->list_box, session_row (self, sessions->pdata[i - 1]));
  gtk_stack_set_visible_child_name (self->list_stack, sessions->len > 0 ? "sessions" : "empty");
}

ProprioSessionsDialog *
proprio_sessions_dialog_new (ProprioSessionController *controller,
                             const ProprioPatient     *patient,
                             GtkWindow                *parent)
{
  ProprioSessionsDialog *self;
  ProprioStore *store;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (controller), NULL);
  g_return_val_if_fail (patient != NULL, NULL);

  self = g_object_new (PROPRIO_TYPE_SESSIONS_DIALOG, "transient-for", parent, NULL);
  self->controller = g_object_ref (controller);
  self->patient = proprio_patient_copy (patient);
  title = g_strdup_printf (_("Sessions of %s"), patient->id);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, patient->name != NULL ? patient->name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
  store = proprio_session_controller_get_store (controller);
  if (store != NULL)
    proprio_store_list_sessions (store, patient->id, self->cancellable, sessions_listed_cb,
                                 g_object_ref (self));
  else
    set_status (self, _("The records are not open"), TRUE);
  return self;
}

guint
proprio_sessions_dialog_get_n_sessions (ProprioSessionsDialog *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSIONS_DIALOG (self), 0);
  return self->sessions != NULL ? self->sessions->len : 0;
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  ProprioSessionsDialog *self = PROPRIO_SESSIONS_DIALOG (widget);

  /* Escape stops an export first; a second one closes. */
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
proprio_sessions_dialog_dispose (GObject *object)
{
  ProprioSessionsDialog *self = PROPRIO_SESSIONS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->patient, proprio_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_SESSIONS_DIALOG);
  G_OBJECT_CLASS (proprio_sessions_dialog_parent_class)->dispose (object);
}

static void
proprio_sessions_dialog_finalize (GObject *object)
{
  ProprioSessionsDialog *self = PROPRIO_SESSIONS_DIALOG (object);

  g_free (self->status);
  G_OBJECT_CLASS (proprio_sessions_dialog_parent_class)->finalize (object);
}

static void
proprio_sessions_dialog_class_init (ProprioSessionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_sessions_dialog_dispose;
  object_class->finalize = proprio_sessions_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-sessions-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioSessionsDialog, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (anonymise_switch);
  BIND (list_stack);
  BIND (list_box);
  BIND (status_label);
  BIND (progress_revealer);
  BIND (progress_label);
  BIND (progress_bar);
  BIND (cancel_button);
#undef BIND

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
proprio_sessions_dialog_init (ProprioSessionsDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->cancel_button, "clicked",
                            G_CALLBACK (proprio_sessions_dialog_cancel_export), self);
}
