/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-plan-panel-private.h"

G_DEFINE_FINAL_TYPE (ProprioPlanPanel, proprio_plan_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_RUN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
proprio_plan_panel_new (ProprioPlanLibrary *library,
                        ProprioPlanRun     *run)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (library), NULL);
  g_return_val_if_fail (PROPRIO_IS_PLAN_RUN (run), NULL);

  return g_object_new (PROPRIO_TYPE_PLAN_PANEL, "library", library, "run", run, NULL);
}

ProprioPlan *
proprio_plan_panel_get_plan (ProprioPlanPanel *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_PANEL (self), NULL);
  return self->plan;
}

const char *
proprio_plan_panel_get_page (ProprioPlanPanel *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_PANEL (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
_proprio_plan_panel_toast (ProprioPlanPanel *self,
                           AdwToast         *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  g_object_ref_sink (toast);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
  else
    g_message ("%s", adw_toast_get_title (toast));
  g_object_unref (toast);
}

static void
toast_text (ProprioPlanPanel *self,
            const char       *text)
{
  AdwToast *toast = adw_toast_new (text);

  /* Messages with a file name or a reason are read, not glanced at. */
  adw_toast_set_timeout (toast, 6);
  _proprio_plan_panel_toast (self, toast);
}

static void
update_actions (ProprioPlanPanel *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean editable = self->plan != NULL && !proprio_plan_is_example (self->plan);
  gboolean running = proprio_plan_run_is_active (self->run);
  gboolean runs_this = running && proprio_plan_run_get_plan (self->run) == self->plan;

  gtk_widget_action_set_enabled (widget, "plan-panel.duplicate", self->plan != NULL);
  gtk_widget_action_set_enabled (widget, "plan-panel.export", self->plan != NULL);
  /* The plan that runs stays until it is stopped. */
  gtk_widget_action_set_enabled (widget, "plan-panel.delete", editable && !runs_this);
  gtk_widget_action_set_enabled (widget, "plan-panel.add-step", editable);
  gtk_widget_action_set_enabled (widget, "plan-panel.start",
                                 self->plan != NULL && !running &&
                                 proprio_plan_get_n_steps (self->plan) > 0);
  gtk_widget_action_set_enabled (widget, "plan-panel.edit", proprio_plan_run_get_plan (self->run)
                                                            != NULL);
}

/* ---- opening a plan ---- */

static void
plan_changed_cb (ProprioPlanPanel *self)
{
  _proprio_plan_panel_plan_changed (self);
  update_actions (self);
}

void
proprio_plan_panel_open (ProprioPlanPanel *self,
                         ProprioPlan      *plan)
{
  g_return_if_fail (PROPRIO_IS_PLAN_PANEL (self));
  g_return_if_fail (PROPRIO_IS_PLAN (plan));

  g_set_object (&self->plan, plan);
  g_signal_group_set_target (self->plan_signals, plan);
  /* What app.plan-start (and a station script) starts is the plan on screen. */
  if (!proprio_plan_run_is_active (self->run))
    proprio_plan_run_set_plan (self->run, plan);
  _proprio_plan_panel_show_plan (self);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

/* ---- the library page ---- */

static void
update_plan_row (GtkWidget   *row,
                 ProprioPlan *plan)
{
  guint n = proprio_plan_get_n_steps (plan);
  double timed = proprio_plan_get_timed_seconds (plan);
  g_autofree char *steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps",
                                                         n), n);
  g_autofree char *subtitle = NULL;

  if (timed > 0)
    {
      g_autofree char *time = _proprio_plan_format_seconds (timed);

      /* Translators: "5 steps · 2:30 of rests and pacing" */
      subtitle = g_strdup_printf (_("%s · %s of rests and pacing"), steps, time);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), proprio_plan_get_title (plan));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : steps);
}

static void
plan_row_changed_cb (ProprioPlan *plan,
                     GtkWidget   *row)
{
  update_plan_row (row, plan);
}

static void
plan_row_activated_cb (AdwActionRow     *row,
                       ProprioPlanPanel *self)
{
  ProprioPlan *plan = g_object_get_data (G_OBJECT (row), "proprio-plan");

  proprio_plan_panel_open (self, plan);
}

static GtkWidget *
create_plan_row (gpointer item,
                 gpointer user_data)
{
  ProprioPlanPanel *self = user_data;
  ProprioPlan *plan = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "proprio-plan", g_object_ref (plan), g_object_unref);
  if (proprio_plan_is_example (plan))
    {
      GtkWidget *tag = gtk_label_new (_("Example"));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_add_css_class (tag, "accent");
      gtk_widget_set_tooltip_text (tag, _("Comes with Proprio to show how a plan is built; not "
                                          "clinical advice. Duplicate it to change it."));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  update_plan_row (row, plan);
  g_signal_connect_object (plan, "changed", G_CALLBACK (plan_row_changed_cb), row, 0);
  g_signal_connect (row, "activated", G_CALLBACK (plan_row_activated_cb), self);
  return row;
}

static void
library_changed_cb (ProprioPlanPanel *self)
{
  const char * const *problems = proprio_plan_library_get_problems (self->library);
  g_autofree char *text = problems[0] != NULL ? g_strjoinv ("\n", (char **) problems) : NULL;

  gtk_label_set_label (self->problems_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text != NULL);
  /* The plan on screen was deleted (in another window, or undone elsewhere). */
  if (self->plan != NULL &&
      !g_list_store_find (G_LIST_STORE (proprio_plan_library_get_plans (self->library)),
                          self->plan, NULL) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    gtk_stack_set_visible_child_name (self->stack, "library");
}

/* ---- actions ---- */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);
  ProprioPlan *plan = proprio_plan_library_create (self->library, _("New plan"));

  proprio_plan_panel_open (self, plan);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (PROPRIO_PLAN_PANEL (widget)->stack, "library");
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);

  if (plan != NULL)
    proprio_plan_panel_open (self, plan);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);

  if (self->plan == NULL || proprio_plan_run_is_active (self->run))
    return;
  proprio_plan_run_set_plan (self->run, self->plan);
  gtk_widget_activate_action (widget, "app.plan-start", NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);
  ProprioPlan *copy;

  if (self->plan == NULL)
    return;
  copy = proprio_plan_library_duplicate (self->library, self->plan);
  proprio_plan_panel_open (self, copy);
  toast_text (self, _("This copy is yours to change"));
}

typedef struct
{
  ProprioPlanPanel *panel;
  ProprioPlan      *plan;
} UndoDelete;

static void
undo_delete_free (gpointer  data,
                  GClosure *closure)
{
  UndoDelete *undo = data;

  g_object_unref (undo->panel);
  g_object_unref (undo->plan);
  g_free (undo);
}

static void
undo_delete_cb (AdwToast   *toast,
                UndoDelete *undo)
{
  proprio_plan_library_restore (undo->panel->library, undo->plan);
  proprio_plan_panel_open (undo->panel, undo->plan);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);
  g_autoptr(ProprioPlan) plan = self->plan != NULL ? g_object_ref (self->plan) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  UndoDelete *undo;
  AdwToast *toast;

  if (plan == NULL)
    return;
  if (!proprio_plan_library_remove (self->library, plan, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not deleted: %s"), error->message);

      toast_text (self, text);
      return;
    }
  if (proprio_plan_run_get_plan (self->run) == plan && !proprio_plan_run_is_active (self->run))
    proprio_plan_run_set_plan (self->run, NULL);
  g_signal_group_set_target (self->plan_signals, NULL);
  g_clear_object (&self->plan);
  update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, "library");

  /* Translators: a toast after deleting a plan, with an Undo button */
  title = g_strdup_printf (_("“%s” deleted"), proprio_plan_get_title (plan));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  undo = g_new0 (UndoDelete, 1);
  undo->panel = g_object_ref (self);
  undo->plan = g_steal_pointer (&plan);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), undo,
                         undo_delete_free, 0);
  _proprio_plan_panel_toast (self, toast);
}

/* -- export and import -- */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ProprioPlan *plan = g_object_get_data (G_OBJECT (task), "proprio-plan");
  GError *error = NULL;

  if (proprio_plan_export_to_file (plan, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_filename_display_basename (g_task_get_task_data (G_TASK (result)));

  if (g_task_propagate_boolean (G_TASK (result), &error))
    /* Translators: a plan was written to this file */
    text = g_strdup_printf (_("Plan exported to “%s”"), name);
  else
    text = g_strdup_printf (_("The plan was not exported: %s"), error->message);
  toast_text (self, text);
}

static void
export_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    ProprioPlanPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  char *path;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL || self->plan == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast_text (self, _("Plans can be exported to local folders only"));
      return;
    }
  /* The chooser asked before replacing a file; the writing happens off the main thread. */
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_object_set_data_full (G_OBJECT (task), "proprio-plan", g_object_ref (self->plan),
                          g_object_unref);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, export_thread);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Plan files (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->plan == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Plan"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.json", proprio_plan_get_title (self->plan));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ProprioPlanPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;
  gsize length = 0;
  ProprioPlan *plan = NULL;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    plan = proprio_plan_library_import (self->library, contents, length, &error);
  if (plan == NULL)
    {
      /* Translators: a file could not be imported as a plan, and why */
      text = g_strdup_printf (_("“%s” was not imported: %s"), name, error->message);
      toast_text (self, text);
      return;
    }
  proprio_plan_panel_open (self, plan);
  text = g_strdup_printf (_("Imported “%s”"), proprio_plan_get_title (plan));
  toast_text (self, text);
}

static void
import_response_cb (GtkNativeDialog  *chooser,
                    int               response,
                    ProprioPlanPanel *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL)
    g_file_load_contents_async (file, NULL, import_loaded_cb, g_object_ref (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Import Plan"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json_filter ());
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
add_step_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _proprio_plan_panel_add_step (PROPRIO_PLAN_PANEL (widget), g_variant_get_string (parameter,
                                                                                   NULL));
}

/* ---- saving that did not work ---- */

typedef struct
{
  ProprioPlanLibrary *library;
  ProprioPlan        *plan;
} SaveAgain;

static void
save_again_free (gpointer  data,
                 GClosure *closure)
{
  SaveAgain *again = data;

  g_object_unref (again->library);
  g_object_unref (again->plan);
  g_free (again);
}

static void
save_as_new_cb (AdwToast  *toast,
                SaveAgain *again)
{
  g_autoptr(GError) error = NULL;

  if (!proprio_plan_library_save_as_new (again->library, again->plan, &error))
    g_warning ("Plan “%s” not saved: %s", proprio_plan_get_title (again->plan), error->message);
}

static void
save_failed_cb (ProprioPlanLibrary *library,
                ProprioPlan        *plan,
                GError             *error,
                ProprioPlanPanel   *self)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Every window's panel hears it: the one on screen says it. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && self->plan != plan)
    return;
  /* Translators: a plan was not saved, and why */
  title = g_strdup_printf (_("“%s” was not saved: %s"), proprio_plan_get_title (plan),
                           error->message);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  if (g_error_matches (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE))
    {
      SaveAgain *again = g_new0 (SaveAgain, 1);

      again->library = g_object_ref (library);
      again->plan = g_object_ref (plan);
      adw_toast_set_button_label (toast, _("Save as _New Plan"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (save_as_new_cb), again,
                             save_again_free, 0);
    }
  _proprio_plan_panel_toast (self, toast);
}

/* ---- the run ---- */

static void
run_active_cb (ProprioPlanPanel *self)
{
  update_actions (self);
  /* A plan started from anywhere (a key, another window, a station script) shows here. */
  if (proprio_plan_run_is_active (self->run))
    {
      ProprioPlan *plan = proprio_plan_run_get_plan (self->run);

      if (plan != self->plan)
        {
          g_set_object (&self->plan, plan);
          g_signal_group_set_target (self->plan_signals, plan);
          _proprio_plan_panel_show_plan (self);
        }
      gtk_stack_set_visible_child_name (self->stack, "run");
    }
}

/* Another window's panel or a script (app.plan-select) chose the plan: show it here too. */
static void
run_plan_cb (ProprioPlanPanel *self)
{
  ProprioPlan *plan = proprio_plan_run_get_plan (self->run);

  if (plan != NULL && plan != self->plan && !proprio_plan_run_is_active (self->run))
    proprio_plan_panel_open (self, plan);
  update_actions (self);
}

/* ---- GObject ---- */

static void
proprio_plan_panel_constructed (GObject *object)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (object);

  G_OBJECT_CLASS (proprio_plan_panel_parent_class)->constructed (object);

  g_assert (self->library != NULL && self->run != NULL);
  self->station = g_object_ref (proprio_plan_run_get_station (self->run));
  gtk_list_box_bind_model (self->plan_list, proprio_plan_library_get_plans (self->library),
                           create_plan_row, self, NULL);
  g_signal_connect_object (proprio_plan_library_get_plans (self->library), "items-changed",
                           G_CALLBACK (library_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->library, "save-failed", G_CALLBACK (save_failed_cb), self, 0);
  g_signal_connect_object (self->run, "notify::active", G_CALLBACK (run_active_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify::plan", G_CALLBACK (run_plan_cb), self,
                           G_CONNECT_SWAPPED);
  _proprio_plan_panel_init_editor (self);
  _proprio_plan_panel_init_run (self);
  library_changed_cb (self);
  update_actions (self);
  if (proprio_plan_run_is_active (self->run))
    run_active_cb (self);
  else if (proprio_plan_run_get_plan (self->run) != NULL)
    proprio_plan_panel_open (self, proprio_plan_run_get_plan (self->run));
}

static void
proprio_plan_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_RUN:
      self->run = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_panel_dispose (GObject *object)
{
  ProprioPlanPanel *self = PROPRIO_PLAN_PANEL (object);

  _proprio_plan_panel_dispose_run (self);
  if (self->plan_signals != NULL)
    g_signal_group_set_target (self->plan_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PLAN_PANEL);
  g_clear_object (&self->plan_signals);
  if (self->steps != NULL)
    g_clear_signal_handler (&self->steps_changed_id, self->steps);
  g_clear_object (&self->steps);
  g_clear_object (&self->plan);
  g_clear_object (&self->station);
  g_clear_object (&self->run);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (proprio_plan_panel_parent_class)->dispose (object);
}

static void
proprio_plan_panel_class_init (ProprioPlanPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = proprio_plan_panel_constructed;
  object_class->get_property = proprio_plan_panel_get_property;
  object_class->set_property = proprio_plan_panel_set_property;
  object_class->dispose = proprio_plan_panel_dispose;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, PROPRIO_TYPE_PLAN_LIBRARY, flags);
  properties[PROP_RUN] = g_param_spec_object ("run", NULL, NULL, PROPRIO_TYPE_PLAN_RUN, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-plan-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioPlanPanel, name)
  BIND (stack);
  BIND (new_button);
  BIND (problems_label);
  BIND (plan_list);
  BIND (editor_title);
  BIND (example_box);
  BIND (title_row);
  BIND (notes_view);
  BIND (steps_label);
  BIND (add_button);
  BIND (step_list);
  BIND (duration_label);
  BIND (start_button);
  BIND (run_plan_label);
  BIND (run_position_label);
  BIND (run_progress);
  BIND (run_step_title);
  BIND (run_step_kind);
  BIND (run_countdown);
  BIND (run_state_label);
  BIND (run_controls);
  BIND (run_next_button);
  BIND (run_next_label);
  BIND (run_note_row);
  BIND (run_step_list);
  BIND (run_summary_label);
  BIND (run_stop_button);
  BIND (run_back_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "plan-panel.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "plan-panel.add-step", "s", add_step_action);
}

static void
proprio_plan_panel_init (ProprioPlanPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->plan_signals = g_signal_group_new (PROPRIO_TYPE_PLAN);
  g_signal_group_connect_swapped (self->plan_signals, "changed", G_CALLBACK (plan_changed_cb),
                                  self);
}
