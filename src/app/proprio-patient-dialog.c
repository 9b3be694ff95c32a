/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-patient-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "proprio-patient-dialog.h"

/* The side as the records keep it (never translated), in the order of the combo row. */
static const char * const sides[] = { NULL, "left", "right", "both" };

struct _ProprioPatientDialog
{
  AdwWindow                 parent_instance;

  ProprioSessionController *controller;
  GCancellable             *cancellable;
  GHashTable               *n_sessions;     /* patient ID → number of sessions */
  guint                     n_patients;
  gboolean                  editing;        /* the form changes an existing patient */
  gboolean                  saving;

  AdwWindowTitle           *window_title;
  GtkWidget                *back_button;
  GtkWidget                *new_button;
  GtkStack                 *stack;
  GtkSearchEntry           *search_entry;
  GtkStack                 *list_stack;
  GtkListBox               *list_box;
  AdwStatusPage            *empty_page;
  GtkLabel                 *list_message;
  GtkWidget                *sessions_button;
  GtkWidget                *choose_button;
  AdwEntryRow              *id_row;
  AdwEntryRow              *name_row;
  AdwEntryRow              *birth_row;
  AdwComboRow              *side_row;
  GtkTextView              *notes_view;
  GtkLabel                 *form_message;
  GtkWidget                *cancel_button;
  GtkWidget                *save_button;
};

G_DEFINE_FINAL_TYPE (ProprioPatientDialog, proprio_patient_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CHOSEN,
  SIGNAL_SESSIONS_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- checks --- */

gboolean
proprio_patient_birth_date_is_valid (const char  *text,
                                     GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;
  char end;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date: write it as YYYY-MM-DD, e.g. 1956-03-14"), text);
      return FALSE;
    }
  if (year < 1900)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%d is too long ago for a date of birth: check the year"), year);
      return FALSE;
    }
  if (year * 10000 + month * 100 + day >
      g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
      g_date_time_get_day_of_month (now))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("A date of birth cannot be in the future"));
      return FALSE;
    }
  return TRUE;
}

static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normal != NULL ? normal : "", -1);
}

/* --- the list --- */

static const ProprioPatient *
row_patient (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "patient") : NULL;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  ProprioPatientDialog *self = user_data;
  const ProprioPatient *patient = row_patient (row);
  g_autofree char *query = fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  if (*query == '\0')
    return TRUE;
  id = fold (patient->id);
  name = fold (patient->name);
  return strstr (id, query) != NULL || strstr (name, query) != NULL;
}

static void
update_buttons (ProprioPatientDialog *self)
{
  GtkListBoxRow *row;
  gboolean selected;
  const ProprioSession *session;
  const ProprioPatient *current;

  /* The list empties itself as the dialog goes. */
  if (self->controller == NULL || self->list_box == NULL)
    return;
  row = gtk_list_box_get_selected_row (self->list_box);
  selected = row != NULL && gtk_widget_get_child_visible (GTK_WIDGET (row));
  session = proprio_session_controller_get_session (self->controller);
  current = proprio_session_controller_get_patient (self->controller);

  /* Another patient while a session records would mix two people's data. */
  gtk_widget_set_sensitive (self->choose_button,
                            selected && (session == NULL ||
                                         g_strcmp0 (row_patient (row)->id, current->id) == 0));
  gtk_widget_set_sensitive (self->sessions_button, selected);
  gtk_widget_set_tooltip_text (self->choose_button,
                               session != NULL
                               ? _("End the session before choosing another patient") : NULL);
}

static void edit_clicked_cb (GtkButton *button, ProprioPatientDialog *self);

static GtkWidget *
make_row (ProprioPatientDialog *self,
          const ProprioPatient *patient)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->n_sessions, patient->id));

  /* Names are shown as written: quotes, "&" or "<" are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), patient->id);
  if (patient->name != NULL)
    g_string_append (subtitle, patient->name);
  if (patient->birth_date != NULL)
    {
      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: %s is a date of birth, YYYY-MM-DD. */
      g_string_append_printf (subtitle, _("born %s"), patient->birth_date);
    }
  if (subtitle->len > 0)
    g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle, ngettext ("%u session", "%u sessions", n), n);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit the patient’s details"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edit the patient’s details"), -1);
  g_object_set_data (G_OBJECT (edit), "row", row);
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  g_object_set_data_full (G_OBJECT (row), "patient", proprio_patient_copy (patient),
                          (GDestroyNotify) proprio_patient_free);
  return row;
}

static guint
count_shown (ProprioPatientDialog *self)
{
  guint shown = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    shown += GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row);
  return shown;
}

static void
update_empty (ProprioPatientDialog *self)
{
  if (self->n_patients == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Patients Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Create one with the + button: a pseudonymous ID is "
                                         "enough."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else if (count_shown (self) == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Patient Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("No ID or name contains that text. Create the patient "
                                         "with the + button."));
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "patients");
}

static void
select_patient (ProprioPatientDialog *self,
                const char           *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (row_patient (GTK_LIST_BOX_ROW (row))->id, id) == 0)
      {
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static void
show_list_message (ProprioPatientDialog *self,
                   const char           *text)
{
  gtk_label_set_text (self->list_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->list_message), text != NULL);
}

typedef struct
{
  ProprioPatientDialog *self;
  GPtrArray            *patients;
  char                 *select;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_clear_pointer (&load->patients, g_ptr_array_unref);
  g_free (load->select);
  g_free (load);
}

static void
sessions_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Load *load = user_data;
  ProprioPatientDialog *self = load->self;
  g_autoptr(GPtrArray) sessions = proprio_store_finish_pointer (PROPRIO_STORE (source), result,
                                                               NULL);
  GtkWidget *child;

  g_hash_table_remove_all (self->n_sessions);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const char *id = ((ProprioSession *) sessions->pdata[i])->patient_id;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->n_sessions, id));

      g_hash_table_insert (self->n_sessions, g_strdup (id), GUINT_TO_POINTER (n + 1));
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  for (guint i = 0; i < load->patients->len; i++)
    gtk_list_box_append (self->list_box, make_row (self, load->patients->pdata[i]));
  self->n_patients = load->patients->len;
  gtk_list_box_invalidate_filter (self->list_box);
  if (load->select != NULL)
    select_patient (self, load->select);
  update_empty (self);
  update_buttons (self);
  load_free (load);
}

static void
patients_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  load->patients = proprio_store_finish_pointer (PROPRIO_STORE (source), result, &error);
  if (load->patients == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The patients cannot be listed: %s"),
                                                   error->message);

          show_list_message (load->self, text);
        }
      load_free (load);
      return;
    }
  proprio_store_list_sessions (PROPRIO_STORE (source), NULL, load->self->cancellable,
                               sessions_listed_cb, load);
}

static void
reload (ProprioPatientDialog *self,
        const char           *select)
{
  ProprioStore *store = proprio_session_controller_get_store (self->controller);
  Load *load;

  if (store == NULL)
    {
      show_list_message (self, proprio_session_controller_get_message (self->controller) != NULL
                               ? proprio_session_controller_get_message (self->controller)
                               : _("The records are not open yet: try again in a moment"));
      return;
    }
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->select = g_strdup (select);
  proprio_store_list_patients (store, self->cancellable, patients_listed_cb, load);
}

/* --- choosing --- */

static void
choose (ProprioPatientDialog *self,
        GtkListBoxRow        *row)
{
  g_autoptr(GError) error = NULL;
  const ProprioPatient *patient = row_patient (row);

  if (patient == NULL || !gtk_widget_get_sensitive (self->choose_button))
    return;
  if (!proprio_session_controller_set_patient (self->controller, patient, &error))
    {
      show_list_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, patient);
  gtk_window_close (GTK_WINDOW (self));
}

static void
row_activated_cb (ProprioPatientDialog *self,
                  GtkListBoxRow        *row)
{
  gtk_list_box_select_row (self->list_box, row);
  update_buttons (self);
  choose (self, row);
}

static void
choose_clicked_cb (ProprioPatientDialog *self)
{
  choose (self, gtk_list_box_get_selected_row (self->list_box));
}

static void
sessions_clicked_cb (ProprioPatientDialog *self)
{
  const ProprioPatient *patient = row_patient (gtk_list_box_get_selected_row (self->list_box));

  if (patient != NULL)
    g_signal_emit (self, signals[SIGNAL_SESSIONS_REQUESTED], 0, patient);
}

static void
search_changed_cb (ProprioPatientDialog *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list_box);

  gtk_list_box_invalidate_filter (self->list_box);
  /* The first match is the one Enter chooses. */
  if (selected == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (selected)))
    {
      GtkWidget *row;

      for (row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (GTK_IS_LIST_BOX_ROW (row) && filter_row (GTK_LIST_BOX_ROW (row), self))
          break;
      if (row != NULL)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
      else
        gtk_list_box_unselect_all (self->list_box);
    }
  update_empty (self);
  update_buttons (self);
}

static void
search_activate_cb (ProprioPatientDialog *self)
{
  choose (self, gtk_list_box_get_selected_row (self->list_box));
}

/* --- the form --- */

static void
set_form_message (ProprioPatientDialog *self,
                  AdwEntryRow          *row,
                  const char           *text)
{
  gtk_label_set_text (self->form_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->form_message), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->birth_row), "error");
  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static void
show_form (ProprioPatientDialog *self,
           const ProprioPatient *patient)
{
  GtkTextBuffer *notes = gtk_text_view_get_buffer (self->notes_view);
  guint side = 0;

  self->editing = patient != NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), patient != NULL ? patient->id : "");
  gtk_editable_set_editable (GTK_EDITABLE (self->id_row), patient == NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         patient != NULL && patient->name != NULL ? patient->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->birth_row),
                         patient != NULL && patient->birth_date != NULL ? patient->birth_date : "");
  for (guint i = 1; patient != NULL && i < G_N_ELEMENTS (sides); i++)
    if (g_strcmp0 (patient->side, sides[i]) == 0)
      side = i;
  adw_combo_row_set_selected (self->side_row, side);
  gtk_text_buffer_set_text (notes, patient != NULL && patient->notes != NULL ? patient->notes : "",
                            -1);
  gtk_button_set_label (GTK_BUTTON (self->save_button),
                        patient != NULL ? _("_Save") : _("C_reate Patient"));
  adw_window_title_set_title (self->window_title,
                              patient != NULL ? _("Edit Patient") : _("New Patient"));
  set_form_message (self, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->new_button, FALSE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  gtk_widget_grab_focus (patient != NULL ? GTK_WIDGET (self->name_row)
                                         : GTK_WIDGET (self->id_row));
}

static void
show_list (ProprioPatientDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  adw_window_title_set_title (self->window_title, _("Patients"));
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->new_button, TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->choose_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
proprio_patient_dialog_show_form (ProprioPatientDialog *self)
{
  g_return_if_fail (PROPRIO_IS_PATIENT_DIALOG (self));
  show_form (self, NULL);
}

static void
edit_clicked_cb (GtkButton            *button,
                 ProprioPatientDialog *self)
{
  show_form (self, row_patient (g_object_get_data (G_OBJECT (button), "row")));
}

/* An optional field: NULL when only spaces were typed. */
static char *
field (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy != '\0' ? g_steal_pointer (&copy) : NULL;
}

typedef struct
{
  ProprioPatientDialog *self;
  ProprioPatient       *patient;
} Save;

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Save *save = user_data;
  ProprioPatientDialog *self = save->self;
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  if (!proprio_store_finish_boolean (PROPRIO_STORE (source), result, &error))
    {
      if (g_error_matches (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_EXISTS))
        {
          g_autofree char *text =
            g_strdup_printf (_("There is already a patient %s: choose them from the list, or "
                               "give this one another ID"), save->patient->id);

          set_form_message (self, self->id_row, text);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The patient was not stored: %s"),
                                                   error->message);

          set_form_message (self, NULL, text);
        }
    }
  else
    {
      const ProprioPatient *current = proprio_session_controller_get_patient (self->controller);

      /* The patient on the station keeps its new details. */
      if (current != NULL && g_str_equal (current->id, save->patient->id))
        proprio_session_controller_set_patient (self->controller, save->patient, NULL);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      reload (self, save->patient->id);
      show_list (self);
    }
  proprio_patient_free (save->patient);
  g_object_unref (save->self);
  g_free (save);
}

static void
save_clicked_cb (ProprioPatientDialog *self)
{
  ProprioStore *store = proprio_session_controller_get_store (self->controller);
  g_autoptr(ProprioPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = field (gtk_editable_get_text (GTK_EDITABLE (self->id_row)));
  g_autofree char *birth = field (gtk_editable_get_text (GTK_EDITABLE (self->birth_row)));
  GtkTextBuffer *notes = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *notes_text = NULL;
  GtkTextIter start, end;
  guint side = adw_combo_row_get_selected (self->side_row);
  Save *save;

  if (self->saving)
    return;
  if (id == NULL)
    {
      set_form_message (self, self->id_row,
                        _("Give the patient an ID: a pseudonym such as P-07 is enough"));
      return;
    }
  if (!proprio_patient_id_is_valid (id, &error) ||
      !proprio_patient_birth_date_is_valid (birth, &error))
    {
      set_form_message (self, error->domain == PROPRIO_STORE_ERROR ? self->id_row
                                                                   : self->birth_row,
                        error->message);
      return;
    }
  if (store == NULL)
    {
      set_form_message (self, NULL, _("The records are not open: nothing can be stored"));
      return;
    }

  gtk_text_buffer_get_bounds (notes, &start, &end);
  notes_text = gtk_text_buffer_get_text (notes, &start, &end, FALSE);
  patient = proprio_patient_new (id);
  patient->name = field (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  patient->birth_date = g_steal_pointer (&birth);
  patient->side = side < G_N_ELEMENTS (sides) ? g_strdup (sides[side]) : NULL;
  patient->notes = field (notes_text);

  set_form_message (self, NULL, NULL);
  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  save = g_new0 (Save, 1);
  save->self = g_object_ref (self);
  save->patient = g_steal_pointer (&patient);
  proprio_store_save_patient (store, save->patient, self->editing, self->cancellable, saved_cb,
                              save);
}

static void
back_clicked_cb (ProprioPatientDialog *self)
{
  show_list (self);
}

/* --- keys --- */

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  ProprioPatientDialog *self = PROPRIO_PATIENT_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "form") == 0)
    show_list (self);
  else
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static gboolean
new_cb (GtkWidget *widget,
        GVariant  *args,
        gpointer   user_data)
{
  show_form (PROPRIO_PATIENT_DIALOG (widget), NULL);
  return TRUE;
}

/* --- GObject --- */

ProprioPatientDialog *
proprio_patient_dialog_new (ProprioSessionController *controller,
                            GtkWindow                *parent)
{
  ProprioPatientDialog *self;
  const ProprioPatient *current;

  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (controller), NULL);

  self = g_object_new (PROPRIO_TYPE_PATIENT_DIALOG, "transient-for", parent, NULL);
  self->controller = g_object_ref (controller);
  current = proprio_session_controller_get_patient (controller);
  reload (self, current != NULL ? current->id : NULL);
  show_list (self);
  return self;
}

guint
proprio_patient_dialog_get_n_patients (ProprioPatientDialog *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_DIALOG (self), 0);
  return self->n_patients;
}

guint
proprio_patient_dialog_get_n_shown (ProprioPatientDialog *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_DIALOG (self), 0);
  return count_shown (self);
}

static void
proprio_patient_dialog_dispose (GObject *object)
{
  ProprioPatientDialog *self = PROPRIO_PATIENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->controller);
  g_clear_pointer (&self->n_sessions, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PATIENT_DIALOG);
  G_OBJECT_CLASS (proprio_patient_dialog_parent_class)->dispose (object);
}

static void
proprio_patient_dialog_class_init (ProprioPatientDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_patient_dialog_dispose;

  signals[SIGNAL_CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PROPRIO_TYPE_PATIENT);
  signals[SIGNAL_SESSIONS_REQUESTED] =
    g_signal_new ("sessions-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, PROPRIO_TYPE_PATIENT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-patient-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioPatientDialog, name)
  BIND (window_title);
  BIND (back_button);
  BIND (new_button);
  BIND (stack);
  BIND (search_entry);
  BIND (list_stack);
  BIND (list_box);
  BIND (empty_page);
  BIND (list_message);
  BIND (sessions_button);
  BIND (choose_button);
  BIND (id_row);
  BIND (name_row);
  BIND (birth_row);
  BIND (side_row);
  BIND (notes_view);
  BIND (form_message);
  BIND (cancel_button);
  BIND (save_button);
#undef BIND

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, new_cb, NULL);
}

static void
proprio_patient_dialog_init (ProprioPatientDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->n_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_row, self, NULL);
  g_signal_connect_swapped (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->list_box, "selected-rows-changed", G_CALLBACK (update_buttons),
                            self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                            self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  g_signal_connect_swapped (self->sessions_button, "clicked", G_CALLBACK (sessions_clicked_cb),
                            self);
  g_signal_connect_swapped (self->new_button, "clicked",
                            G_CALLBACK (proprio_patient_dialog_show_form), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (back_clicked_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->id_row, "entry-activated", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (self->birth_row, "entry-activated", G_CALLBACK (save_clicked_cb),
                            self);
}
