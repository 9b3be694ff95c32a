/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-snapshot"

#include "config.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "proprio-snapshot.h"

G_DEFINE_QUARK (proprio-snapshot-error-quark, proprio_snapshot_error)

/* More snapshots than this within one second means something is wrong, not a busy therapist. */
#define MAX_NAME_TRIES 100

typedef struct
{
  GBytes    *pixels;   /* CAIRO_FORMAT_ARGB32, as gdk_texture_download() gives it */
  int        width;
  int        height;
  gsize      stride;
  char      *folder;
  char      *stamp;    /* YYYYMMDD-HHMMSS, local time of the shot */
} SnapshotJob;

static void
snapshot_job_free (SnapshotJob *job)
{
  g_clear_pointer (&job->pixels, g_bytes_unref);
  g_free (job->folder);
  g_free (job->stamp);
  g_free (job);
}

char *
proprio_snapshot_dup_folder (GSettings *settings)
{
  g_autofree char *setting = NULL;
  const char *pictures;

  if (settings != NULL)
    setting = g_settings_get_string (settings, "snapshot-folder");
  if (setting != NULL && setting[0] != '\0')
    {
      if (setting[0] == '~' && (setting[1] == '/' || setting[1] == '\0'))
        return g_build_filename (g_get_home_dir (), setting + 1, NULL);
      if (!g_path_is_absolute (setting))
        return g_build_filename (g_get_home_dir (), setting, NULL);
      return g_steal_pointer (&setting);
    }
  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures != NULL)
    return g_build_filename (pictures, "Proprio", NULL);
  return g_build_filename (g_get_home_dir (), "Pictures", "Proprio", NULL);
}

/* The area exactly as on screen, at the screen's pixel density. The area is drawn through its
 * parent, as a frame would draw it: a GtkWidgetPaintable would come out empty whenever a new
 * camera frame has just invalidated the area and the next frame has not been painted yet. */
static GdkTexture *
render_area (GtkWidget   *area,
             const char  *not_shown,
             GError     **error)
{
  GtkWidget *parent;
  int width, height, scale;
  g_autoptr(GskRenderNode) node = NULL;
  graphene_point_t origin;
  GtkSnapshot *snapshot;
  GtkNative *native;
  GskRenderer *renderer;

  /* The view was destroyed while the shot waited for a paint: there is nothing left to show. */
  if (area == NULL || (parent = gtk_widget_get_parent (area)) == NULL)
    {
      g_set_error_literal (error, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,
                           not_shown);
      return NULL;
    }
  width = gtk_widget_get_width (area);
  height = gtk_widget_get_height (area);
  scale = gtk_widget_get_scale_factor (area);
  native = gtk_widget_get_native (area);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  if (!gtk_widget_get_mapped (area) || renderer == NULL || width <= 0 || height <= 0 ||
      !gtk_widget_compute_point (area, parent, &GRAPHENE_POINT_INIT (0, 0), &origin))
    {
      g_set_error_literal (error, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,
                           not_shown);
      return NULL;
    }

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-origin.x, -origin.y));
  gtk_widget_snapshot_child (parent, area, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,
                           not_shown);
      return NULL;
    }
  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width * scale, height * scale));
}

/* ---- the worker ---- */

typedef struct
{
  int fd;
  int error;   /* errno of the first failed write, 0 while all is well */
} PngSink;

static cairo_status_t
png_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PngSink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->error = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_save_error (GError     **error,
                int          errsv,
                const char  *folder)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not save the snapshot in “%s”: %s"), folder, g_strerror (errsv));
}

/* Creates the next free name, 0600 and exclusive so an older snapshot is never overwritten. */
static int
create_file (const SnapshotJob  *job,
             char              **out_path,
             GError            **error)
{
  for (guint n = 1; n <= MAX_NAME_TRIES; n++)
    {
      g_autofree char *name = n == 1
        ? g_strdup_printf ("proprio-snapshot-%s.png", job->stamp)
        : g_strdup_printf ("proprio-snapshot-%s-%u.png", job->stamp, n);
      g_autofree char *path = g_build_filename (job->folder, name, NULL);
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      int errsv = errno;

      if (fd >= 0)
        {
          *out_path = g_steal_pointer (&path);
          return fd;
        }
      if (errsv != EEXIST)
        {
          set_save_error (error, errsv, job->folder);
          return -1;
        }
    }
  set_save_error (error, EEXIST, job->folder);
  return -1;
}

static void
snapshot_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SnapshotJob *job = task_data;
  g_autofree char *path = NULL;
  GError *error = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  PngSink sink = { -1, 0 };

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Patient pictures: a folder only its owner can enter. */
  if (g_mkdir_with_parents (job->folder, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               _("Could not create the snapshot folder “%s”: %s"),
                               job->folder, g_strerror (errsv));
      return;
    }

  sink.fd = create_file (job, &path, &error);
  if (sink.fd < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  surface = cairo_image_surface_create_for_data ((unsigned char *) g_bytes_get_data (job->pixels,
                                                                                     NULL),
                                                 CAIRO_FORMAT_ARGB32, job->width, job->height,
                                                 (int) job->stride);
  status = cairo_surface_write_to_png_stream (surface, png_write_cb, &sink);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && fsync (sink.fd) != 0)
    sink.error = errno;
  if (!g_close (sink.fd, NULL) && sink.error == 0)
    sink.error = errno;
  if (status != CAIRO_STATUS_SUCCESS || sink.error != 0)
    {
      /* A half-written PNG is worse than none. */
      g_unlink (path);
      if (sink.error != 0)
        set_save_error (&error, sink.error, job->folder);
      else
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Could not save the snapshot in “%s”: %s"), job->folder,
                     cairo_status_to_string (status));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

/* ---- taking the picture ---- */

/* How long to wait for the window to paint before giving up (a minimised window paints never). */
#define PAINT_TIMEOUT_MS 2000

typedef struct
{
  GTask         *task;
  GWeakRef       area;
  char          *folder;
  char          *not_shown;
  GdkFrameClock *clock;
  gulong         after_paint_id;
  guint          timeout_id;
} PendingShot;

static void
take_picture (PendingShot *pending)
{
  g_autoptr(GTask) task = pending->task;
  g_autoptr(GtkWidget) area = g_weak_ref_get (&pending->area);
  g_autofree char *folder = pending->folder;
  g_autofree char *not_shown = pending->not_shown;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GDateTime) now = NULL;
  GError *error = NULL;
  SnapshotJob *job;
  guchar *pixels;

  /* A window closed meanwhile disposed its frame clock, and that took the handler along. */
  if (g_signal_handler_is_connected (pending->clock, pending->after_paint_id))
    g_signal_handler_disconnect (pending->clock, pending->after_paint_id);
  pending->after_paint_id = 0;
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_clear_object (&pending->clock);
  g_weak_ref_clear (&pending->area);
  g_free (pending);

  texture = render_area (area, not_shown, &error);
  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A capture: the picture is the result. */
  if (folder == NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&texture), g_object_unref);
      return;
    }

  job = g_new0 (SnapshotJob, 1);
  job->width = gdk_texture_get_width (texture);
  job->height = gdk_texture_get_height (texture);
  job->stride = (gsize) job->width * 4;
  pixels = g_malloc (job->stride * (gsize) job->height);
  gdk_texture_download (texture, pixels, job->stride);
  job->pixels = g_bytes_new_take (pixels, job->stride * (gsize) job->height);
  job->folder = g_steal_pointer (&folder);
  now = g_date_time_new_now_local ();
  job->stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_task_set_task_data (task, job, (GDestroyNotify) snapshot_job_free);

  g_task_run_in_thread (task, snapshot_thread);
}

static void
after_paint_cb (GdkFrameClock *clock,
                PendingShot   *pending)
{
  take_picture (pending);
}

static gboolean
paint_timeout_cb (gpointer data)
{
  PendingShot *pending = data;

  pending->timeout_id = 0;
  take_picture (pending);
  return G_SOURCE_REMOVE;
}

/* ---- public API ---- */

/* `folder` NULL: the texture is the task's result. */
static void
shoot_after_paint (GTask      *task,
                   GtkWidget  *area,
                   const char *folder,
                   const char *not_shown)
{
  PendingShot *pending;

  if (!gtk_widget_get_mapped (area) || gtk_widget_get_frame_clock (area) == NULL)
    {
      g_task_return_new_error (task, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN,
                               "%s", not_shown);
      g_object_unref (task);
      return;
    }

  /* The picture is taken right after the next paint: laid out and drawn, it is exactly what the
   * therapist sees, and it is the frame on screen when the key was pressed (or the next). */
  pending = g_new0 (PendingShot, 1);
  pending->task = task;
  g_weak_ref_init (&pending->area, area);
  pending->folder = g_strdup (folder);
  pending->not_shown = g_strdup (not_shown);
  pending->clock = g_object_ref (gtk_widget_get_frame_clock (area));
  pending->after_paint_id = g_signal_connect (pending->clock, "after-paint",
                                              G_CALLBACK (after_paint_cb), pending);
  pending->timeout_id = g_timeout_add (PAINT_TIMEOUT_MS, paint_timeout_cb, pending);
  gtk_widget_queue_draw (area);
}

void
proprio_snapshot_async (gpointer             source_object,
                        GtkWidget           *area,
                        const char          *folder,
                        const char          *not_shown,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (source_object == NULL || G_IS_OBJECT (source_object));
  g_return_if_fail (GTK_IS_WIDGET (area));
  g_return_if_fail (folder != NULL && not_shown != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_snapshot_async);
  g_task_set_name (task, "[proprio] snapshot");
  shoot_after_paint (task, area, folder, not_shown);
}

void
proprio_snapshot_capture_async (GtkWidget           *area,
                                const char          *not_shown,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GTK_IS_WIDGET (area));
  g_return_if_fail (not_shown != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_snapshot_capture_async);
  g_task_set_name (task, "[proprio] capture");
  shoot_after_paint (task, area, NULL, not_shown);
}

GdkTexture *
proprio_snapshot_capture_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == proprio_snapshot_capture_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
proprio_snapshot_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == proprio_snapshot_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

cairo_surface_t *
proprio_snapshot_texture_to_surface (GdkTexture *texture)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* ---- telling the user ---- */

/* Short, so it is gone before the therapist reaches for what it covers. */
#define TOAST_TIMEOUT_S 3

AdwToast *
proprio_snapshot_toast_new (const char *path)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  AdwToast *toast;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_path_get_basename (path);
  folder = g_path_get_dirname (path);
  file = g_file_new_for_path (folder);
  uri = g_file_get_uri (file);
  /* Translators: %s is the file name of the snapshot, such as proprio-snapshot-20261201-093000.png */
  title = g_strdup_printf (_("Saved %s"), name);
  /* A toast's title is markup. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, TOAST_TIMEOUT_S);
  adw_toast_set_button_label (toast, _("Open Folder"));
  adw_toast_set_action_name (toast, "app." PROPRIO_SNAPSHOT_OPEN_FOLDER_ACTION);
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  return toast;
}

static void
launch_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = user_data;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the folder %s: %s", uri, error->message);
}

static void
open_folder_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  const char *uri = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  if (!g_file_has_uri_scheme (file, "file") ||
      g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_warning ("Not opening %s: it is not a folder on this computer", uri);
      return;
    }
  /* Asynchronous: a file manager that is slow to start never holds up the window. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, g_strdup (uri));
}

void
proprio_snapshot_add_actions (GActionMap *map)
{
  static const GActionEntry entries[] = {
    { PROPRIO_SNAPSHOT_OPEN_FOLDER_ACTION, open_folder_action, "s" },
  };

  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), NULL);
}
