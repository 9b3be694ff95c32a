/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/proprio-clock.h"
#include "report/proprio-bundle.h"

#include "proprio-session-controller.h"
#include "proprio-snapshot.h"
#include "proprio-window-private.h"

/* The snapshot bundle (Ctrl+Shift+S, the snapshot button's menu): the view as it is now, with the
 * open session's streams, results and report, in one new folder of the snapshot folder. The
 * picture is taken on the main thread at once (the Mirror page's at the camera's resolution,
 * any other page as on screen); the bundle is written on a worker thread, so the live views go
 * on while the report is drawn. */

typedef struct
{
  ProprioStore    *store;
  char            *session_id;
  char            *folder;
  cairo_surface_t *view;
  char            *view_name;
  gint64           view_time_us;
  GDateTime       *time;
} BundleJob;

static void
bundle_job_free (BundleJob *job)
{
  g_clear_object (&job->store);
  g_free (job->session_id);
  g_free (job->folder);
  g_clear_pointer (&job->view, cairo_surface_destroy);
  g_free (job->view_name);
  g_clear_pointer (&job->time, g_date_time_unref);
  g_free (job);
}

static void
bundle_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BundleJob *job = task_data;
  ProprioReportOptions options = {
    .view_image = job->view,
    .view_name = job->view_name,
    .view_time_us = job->view_time_us,
    .bundle_time = job->time,
  };
  GError *error = NULL;
  char *path;

  options.paper = proprio_paper_for_locale ();

  /* Patient records: a folder only its owner can enter. */
  if (g_mkdir_with_parents (job->folder, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               _("Could not create the folder “%s”: %s"), job->folder,
                               g_strerror (errsv));
      return;
    }
  path = proprio_bundle_export (job->store, job->session_id, job->folder, &options, &error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

/* A long toast: the bundle's folder, and a button that opens it. */
static AdwToast *
bundle_toast_new (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  const char *home = g_get_home_dir ();
  AdwToast *toast;

  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
    shown = g_strconcat ("~", path + strlen (home), NULL);
  else
    shown = g_strdup (path);
  /* Translators: %s is the bundle's folder, such as ~/Pictures/Proprio/P-07_2026-12-02_0913 */
  title = g_strdup_printf (_("Snapshot bundle saved in %s"), shown);
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "app." PROPRIO_SNAPSHOT_OPEN_FOLDER_ACTION);
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  return toast;
}

static void
bundle_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(ProprioWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;

  self->saving_bundle = FALSE;
  g_clear_pointer (&self->bundle_path, g_free);
  if (self->bundle_toast != NULL)
    adw_toast_dismiss (self->bundle_toast);
  g_clear_object (&self->bundle_toast);
  if (path == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No snapshot bundle saved: %s"), error->message);

      proprio_window_add_toast (self, text);
      return;
    }
  self->bundle_path = g_strdup (path);
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, bundle_toast_new (path));
}

static void
start_bundle (ProprioWindow   *self,
              cairo_surface_t *view,
              gint64           view_time_us)
{
  ProprioApplication *app = PROPRIO_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  ProprioSessionController *controller = app != NULL ? proprio_application_get_sessions (app)
                                                     : NULL;
  const ProprioSession *session = controller != NULL
                                  ? proprio_session_controller_get_session (controller) : NULL;
  ProprioStore *store = controller != NULL ? proprio_session_controller_get_store (controller)
                                           : NULL;
  BundleJob *job;
  GWeakRef *ref;
  GTask *task;
  AdwToast *toast;

  /* The session may have ended while the picture waited for a paint. */
  if (session == NULL || store == NULL)
    {
      self->saving_bundle = FALSE;
      cairo_surface_destroy (view);
      proprio_window_add_toast (self, _("No snapshot bundle saved: the session has ended"));
      return;
    }

  job = g_new0 (BundleJob, 1);
  job->store = g_object_ref (store);
  job->session_id = g_strdup (session->id);
  job->folder = proprio_snapshot_dup_folder (self->settings);
  job->view = view;
  job->view_name = g_strdup (proprio_window_get_view (self));
  job->view_time_us = view_time_us;
  job->time = g_date_time_new_now_utc ();

  /* The report takes a few seconds on a long session: say that something is under way. */
  toast = adw_toast_new (_("Saving the snapshot bundle…"));
  adw_toast_set_timeout (toast, 0);
  self->bundle_toast = g_object_ref (toast);
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  else
    g_object_unref (toast);

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  task = g_task_new (NULL, NULL, bundle_done_cb, ref);
  g_task_set_name (task, "[proprio] snapshot bundle");
  g_task_set_task_data (task, job, (GDestroyNotify) bundle_job_free);
  g_task_run_in_thread (task, bundle_thread);
  g_object_unref (task);
}

static void
captured_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(ProprioWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = proprio_snapshot_capture_finish (result, &error);
  cairo_surface_t *surface = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);
  if (self == NULL)
    return;

  if (texture != NULL)
    surface = proprio_snapshot_texture_to_surface (texture);
  if (surface == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No snapshot bundle saved: %s"),
                                               error != NULL ? error->message
                                               : _("not enough memory for the picture"));

      self->saving_bundle = FALSE;
      proprio_window_add_toast (self, text);
      return;
    }
  start_bundle (self, surface, proprio_clock_now_us ());
}

void
proprio_window_save_bundle (ProprioWindow *self)
{
  ProprioApplication *app;
  ProprioSessionController *controller;
  const char *view;
  GWeakRef *ref;

  g_return_if_fail (PROPRIO_IS_WINDOW (self));

  app = PROPRIO_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  controller = app != NULL ? proprio_application_get_sessions (app) : NULL;
  if (controller == NULL || proprio_session_controller_get_session (controller) == NULL)
    {
      proprio_window_add_toast (self, _("A snapshot bundle holds a session’s records: start a "
                                        "session first (Ctrl+R). Ctrl+S saves a picture alone."));
      return;
    }
  if (self->saving_bundle)
    {
      proprio_window_add_toast (self, _("A snapshot bundle is being saved: wait for it"));
      return;
    }
  self->saving_bundle = TRUE;

  view = proprio_window_get_view (self);
  if (g_strcmp0 (view, "mirror") == 0 && self->mirror != NULL)
    {
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface = proprio_mirror_page_render_full (self->mirror, &error);

      if (surface != NULL)
        {
          start_bundle (self, surface, proprio_clock_now_us ());
          return;
        }
      /* No picture from the camera yet: the page as it is, with its notice. */
    }

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  proprio_snapshot_capture_async (adw_view_stack_get_visible_child (self->view_stack),
                                  _("Nothing is shown to take a snapshot of"), NULL, captured_cb,
                                  ref);
}

const char *
proprio_window_get_last_bundle (ProprioWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), NULL);
  return self->bundle_path;
}

gboolean
proprio_window_is_saving_bundle (ProprioWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), FALSE);
  return self->saving_bundle;
}

void
proprio_window_init_snapshot_button (ProprioWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button;

  g_menu_append (menu, _("Save a _Picture of the View"), "app.snapshot");
  g_menu_append (menu, _("Save a Snapshot _Bundle"), "app.snapshot-bundle");

  /* One click saves a picture (Ctrl+S); the menu also has the whole bundle (Ctrl+Shift+S). */
  button = adw_split_button_new ();
  adw_split_button_set_icon_name (ADW_SPLIT_BUTTON (button), "camera-photo-symbolic");
  adw_split_button_set_menu_model (ADW_SPLIT_BUTTON (button), G_MENU_MODEL (menu));
  adw_split_button_set_dropdown_tooltip (ADW_SPLIT_BUTTON (button),
                                         _("Snapshot Bundle (Ctrl+Shift+S)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.snapshot");
  gtk_widget_set_tooltip_text (button, _("Save a Picture of the View (Ctrl+S)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Snapshot"), -1);
  adw_header_bar_pack_end (self->header_bar, button);
}
