/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mirror-page"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-mirror-page-private.h"

/* A shown delay this much longer than the recorded past gets a hint: the buffer is still filling
 * (or the pictures are too detailed for the memory budget). */
#define DELAY_HINT_SLACK_S 0.25

/* Offered for every source; a camera adds the modes it reports. */
static const int common_sizes[][2] = { { 640, 360 }, { 640, 480 }, { 1280, 720 }, { 1920, 1080 } };
static const int common_rates[] = { 15, 24, 30, 60 };

/* ---- delay ---- */

void
proprio_mirror_page_update_delay_label (ProprioMirrorPage *self)
{
  double delay = proprio_camera_get_delay (self->camera);
  double available = proprio_camera_get_delay_available (self->camera);
  gboolean running = proprio_camera_get_state (self->camera) != PROPRIO_CAMERA_STATE_STOPPED;
  g_autofree char *text = NULL;

  if (proprio_camera_get_frozen (self->camera))
    text = g_strdup (_("Frozen"));
  else if (delay <= 0)
    text = g_strdup (_("Live"));
  else if (running && available + DELAY_HINT_SLACK_S < delay)
    /* Translators: the video is shown %.1f seconds late, but only %.1f seconds are recorded yet */
    text = g_strdup_printf (_("%.1f s behind (%.1f s recorded so far)"), delay, available);
  else
    text = g_strdup_printf (_("%.1f s behind"), delay);
  gtk_label_set_label (self->delay_label, text);
}

/* ---- health and status ---- */

void
proprio_mirror_page_update_health (ProprioMirrorPage *self)
{
  ProprioCameraState state = proprio_camera_get_state (self->camera);
  const char *source = proprio_camera_get_source_label (self->camera);
  guint64 dropped = proprio_camera_get_dropped (self->camera);
  g_autofree char *text = NULL;

  if (state == PROPRIO_CAMERA_STATE_PLAYING || state == PROPRIO_CAMERA_STATE_FALLBACK)
    /* Translators: video source, frames shown per second, frames lost since the camera started */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %.0f fps · %llu dropped",
                                         "%s · %.0f fps · %llu dropped", (gulong) dropped),
                            source ? source : _("Camera"),
                            proprio_camera_get_fps (self->camera), (unsigned long long) dropped);
  else
    text = g_strdup ("—");
  gtk_label_set_label (self->health_label, text);
}

void
proprio_mirror_page_update_status (ProprioMirrorPage *self)
{
  ProprioCameraState state = proprio_camera_get_state (self->camera);
  const char *text = NULL;

  if (state == PROPRIO_CAMERA_STATE_ERROR)
    text = proprio_camera_get_notice (self->camera);
  else if (state == PROPRIO_CAMERA_STATE_STOPPED && gtk_widget_get_mapped (GTK_WIDGET (self)))
    text = _("Video is off: choose a camera in the camera menu");

  gtk_label_set_label (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  proprio_mirror_page_update_health (self);
  proprio_mirror_page_update_delay_label (self);
}

/* ---- camera choice ---- */

void
proprio_mirror_page_choose_spec (ProprioMirrorPage *self,
                                 const char        *spec)
{
  g_autofree char *stored = NULL;

  g_clear_pointer (&self->explicit_spec, g_free);
  if (self->settings != NULL)
    stored = g_settings_get_string (self->settings, "camera");
  /* The setting's change handler shows it; an unchanged setting would not fire. */
  if (self->settings != NULL && g_strcmp0 (stored, spec) != 0)
    g_settings_set_string (self->settings, "camera", spec);
  else
    proprio_mirror_page_apply_spec (self, spec);
}

/* The source part of a spec, the key of a row in the camera list. */
static char *
spec_source (const ProprioCameraSpec *spec)
{
  switch (spec->kind)
    {
    case PROPRIO_CAMERA_SOURCE_AUTO: return g_strdup ("auto");
    case PROPRIO_CAMERA_SOURCE_TEST: return g_strdup ("test");
    case PROPRIO_CAMERA_SOURCE_SIM:  return g_strdup ("sim");
    case PROPRIO_CAMERA_SOURCE_NONE: return g_strdup ("none");
    case PROPRIO_CAMERA_SOURCE_PATH: return g_strdup (spec->path);
    case PROPRIO_CAMERA_SOURCE_NAME: return g_strdup_printf ("name:%s", spec->name);
    default: g_assert_not_reached ();
    }
}

static ProprioCameraSpec *
current_spec (ProprioMirrorPage *self)
{
  g_autofree char *text = proprio_camera_dup_spec (self->camera);

  return proprio_camera_spec_parse (text, NULL);
}

static void
add_camera_row (ProprioMirrorPage *self,
                const char        *label,
                const char        *source,
                const char        *selected_source)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *text = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (text, 12);
  gtk_widget_set_margin_end (text, 12);
  gtk_widget_set_margin_top (text, 8);
  gtk_widget_set_margin_bottom (text, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), text);
  g_object_set_data_full (G_OBJECT (row), "source", g_strdup (source), g_free);
  gtk_list_box_append (self->camera_list, row);
  if (g_strcmp0 (source, selected_source) == 0)
    gtk_list_box_select_row (self->camera_list, GTK_LIST_BOX_ROW (row));
}

static char *
device_source (GstDevice *device)
{
  g_autofree char *name = gst_device_get_display_name (device);
  char *path = proprio_camera_device_dup_path (device);

  return path != NULL ? path : g_strdup_printf ("name:%s", name);
}

static void
add_mode (GArray *sizes,
          GArray *rates,
          int     width,
          int     height,
          int     fps)
{
  gboolean known = FALSE;

  for (guint i = 0; i < sizes->len / 2 && !known; i++)
    known = g_array_index (sizes, int, 2 * i) == width &&
            g_array_index (sizes, int, 2 * i + 1) == height;
  if (!known && width > 0 && height > 0)
    {
      g_array_append_val (sizes, width);
      g_array_append_val (sizes, height);
    }
  known = FALSE;
  for (guint i = 0; i < rates->len && !known; i++)
    known = g_array_index (rates, int, i) == fps;
  if (!known && fps > 0)
    g_array_append_val (rates, fps);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Rebuilds the resolution and frame-rate choices for `spec`: the camera's own modes when the
 * monitor knows it, else common ones. */
static void
rebuild_modes (ProprioMirrorPage       *self,
               const ProprioCameraSpec *spec)
{
  g_autoptr(GtkStringList) size_items = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) rate_items = gtk_string_list_new (NULL);
  g_autoptr(GstDevice) device = NULL;
  g_autoptr(GArray) modes = NULL;
  guint size_index = 0, rate_index = 0;

  g_clear_pointer (&self->mode_sizes, g_array_unref);
  g_clear_pointer (&self->mode_rates, g_array_unref);
  self->mode_sizes = g_array_new (FALSE, FALSE, sizeof (int));
  self->mode_rates = g_array_new (FALSE, FALSE, sizeof (int));

  if (proprio_camera_monitor_is_started (self->monitor))
    device = proprio_camera_monitor_find (self->monitor, spec);
  if (device != NULL)
    modes = proprio_camera_device_list_modes (device);
  if (modes != NULL && modes->len > 0)
    for (guint i = 0; i < modes->len; i++)
      {
        const ProprioCameraMode *mode = &g_array_index (modes, ProprioCameraMode, i);

        add_mode (self->mode_sizes, self->mode_rates, mode->width, mode->height,
                  mode->fps_d > 0 ? mode->fps_n / mode->fps_d : 0);
      }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (common_sizes); i++)
        add_mode (self->mode_sizes, self->mode_rates, common_sizes[i][0], common_sizes[i][1], 0);
      for (guint i = 0; i < G_N_ELEMENTS (common_rates); i++)
        add_mode (self->mode_sizes, self->mode_rates, 0, 0, common_rates[i]);
    }
  g_array_sort (self->mode_rates, compare_ints);

  gtk_string_list_append (size_items, _("Default (closest to 1280 × 720)"));
  for (guint i = 0; i < self->mode_sizes->len / 2; i++)
    {
      int w = g_array_index (self->mode_sizes, int, 2 * i);
      int h = g_array_index (self->mode_sizes, int, 2 * i + 1);
      g_autofree char *label = g_strdup_printf ("%d × %d", w, h);

      gtk_string_list_append (size_items, label);
      if (w == spec->width && h == spec->height &&
          !(w == PROPRIO_CAMERA_DEFAULT_WIDTH && h == PROPRIO_CAMERA_DEFAULT_HEIGHT))
        size_index = i + 1;
    }
  gtk_string_list_append (rate_items, _("Default (up to 30 per second)"));
  for (guint i = 0; i < self->mode_rates->len; i++)
    {
      int fps = g_array_index (self->mode_rates, int, i);
      g_autofree char *label = g_strdup_printf (_("%d per second"), fps);

      gtk_string_list_append (rate_items, label);
      if (fps == spec->fps && fps != PROPRIO_CAMERA_DEFAULT_FPS)
        rate_index = i + 1;
    }

  gtk_drop_down_set_model (self->size_dropdown, G_LIST_MODEL (size_items));
  gtk_drop_down_set_selected (self->size_dropdown, size_index);
  gtk_drop_down_set_model (self->fps_dropdown, G_LIST_MODEL (rate_items));
  gtk_drop_down_set_selected (self->fps_dropdown, rate_index);
}

static void
select_row (ProprioMirrorPage *self,
            const char        *source)
{
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->camera_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "source"), source) == 0)
      {
        gtk_list_box_select_row (self->camera_list, GTK_LIST_BOX_ROW (child));
        return;
      }
  /* A camera named on the command line that is not connected still shows as chosen. */
  add_camera_row (self, source, source, source);
}

static void
rebuild_camera_rows (ProprioMirrorPage *self)
{
  GListModel *devices = proprio_camera_monitor_get_devices (self->monitor);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->camera_list))) != NULL)
    gtk_list_box_remove (self->camera_list, child);
  add_camera_row (self, _("Automatic: the first camera found"), "auto", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *name = gst_device_get_display_name (device);
      g_autofree char *source = device_source (device);

      add_camera_row (self, name, source, NULL);
    }
  add_camera_row (self, _("Test pattern"), "test", NULL);
  add_camera_row (self, _("Moving test pattern"), "sim", NULL);
  add_camera_row (self, _("No video"), "none", NULL);
}

void
proprio_mirror_page_update_camera_ui (ProprioMirrorPage *self)
{
  g_autoptr(ProprioCameraSpec) spec = current_spec (self);
  g_autofree char *selected = NULL;
  g_autofree char *heading = NULL;
  const char *label = proprio_camera_get_source_label (self->camera);

  if (spec == NULL)
    return;
  self->updating_camera_ui = TRUE;

  selected = spec_source (spec);
  select_row (self, selected);
  rebuild_modes (self, spec);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_dropdown),
                            spec->kind != PROPRIO_CAMERA_SOURCE_NONE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fps_dropdown),
                            spec->kind != PROPRIO_CAMERA_SOURCE_NONE);

  heading = g_strdup_printf (_("Showing: %s"), label ? label : _("nothing"));
  gtk_label_set_label (self->camera_label, heading);

  self->updating_camera_ui = FALSE;
}

static void
devices_changed_cb (ProprioMirrorPage *self)
{
  /* Rows go and come; never while one is being activated (the rebuild waits for the list). */
  self->updating_camera_ui = TRUE;
  rebuild_camera_rows (self);
  self->updating_camera_ui = FALSE;
  proprio_mirror_page_update_camera_ui (self);
}

static void
camera_popover_show_cb (ProprioMirrorPage *self)
{
  g_autoptr(GError) error = NULL;

  /* Probing happens only when the therapist looks, and then follows hot-plug events. Through
   * the camera portal, looking again after a refusal asks again. */
  if (!proprio_camera_monitor_start (self->monitor, &error))
    g_debug ("Camera list unavailable: %s", error->message);
  devices_changed_cb (self);
}

static void
camera_row_activated_cb (ProprioMirrorPage *self,
                         GtkListBoxRow     *row)
{
  g_autoptr(ProprioCameraSpec) old = current_spec (self);
  g_autoptr(ProprioCameraSpec) spec = NULL;
  g_autofree char *text = NULL;
  const char *source = g_object_get_data (G_OBJECT (row), "source");

  if (self->updating_camera_ui || source == NULL)
    return;
  spec = proprio_camera_spec_parse (source, NULL);
  if (spec == NULL)
    return;
  /* Another camera starts from its own best mode. */
  text = proprio_camera_spec_to_string (spec);
  if (old != NULL && old->kind == spec->kind && g_strcmp0 (old->path, spec->path) == 0 &&
      g_strcmp0 (old->name, spec->name) == 0)
    return;
  proprio_mirror_page_choose_spec (self, text);
}

static void
mode_selected_cb (ProprioMirrorPage *self)
{
  g_autoptr(ProprioCameraSpec) spec = NULL;
  g_autofree char *text = NULL;
  guint size_index, rate_index;

  if (self->updating_camera_ui || self->mode_sizes == NULL)
    return;
  spec = current_spec (self);
  if (spec == NULL)
    return;

  size_index = gtk_drop_down_get_selected (self->size_dropdown);
  rate_index = gtk_drop_down_get_selected (self->fps_dropdown);
  spec->width = PROPRIO_CAMERA_DEFAULT_WIDTH;
  spec->height = PROPRIO_CAMERA_DEFAULT_HEIGHT;
  spec->fps = PROPRIO_CAMERA_DEFAULT_FPS;
  if (size_index != GTK_INVALID_LIST_POSITION && size_index > 0 &&
      size_index <= self->mode_sizes->len / 2)
    {
      spec->width = g_array_index (self->mode_sizes, int, 2 * (size_index - 1));
      spec->height = g_array_index (self->mode_sizes, int, 2 * (size_index - 1) + 1);
    }
  if (rate_index != GTK_INVALID_LIST_POSITION && rate_index > 0 &&
      rate_index <= self->mode_rates->len)
    spec->fps = g_array_index (self->mode_rates, int, rate_index - 1);

  text = proprio_camera_spec_to_string (spec);
  proprio_mirror_page_choose_spec (self, text);
}

/* ---- templates ---- */

static GtkWindow *
parent_window (ProprioMirrorPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
add_template_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) templates = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (templates, _("Overlay templates"));
  gtk_file_filter_add_pattern (templates, "*.proprio-overlay");
  gtk_file_chooser_add_filter (chooser, templates);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

/* The worker writes a private copy of the overlays, so the page's model stays main-thread only. */
static void
save_template_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  ProprioOverlay *copy = task_data;
  GError *error = NULL;

  if (proprio_overlay_save_template (copy, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
template_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);
  const char *path = g_object_get_data (G_OBJECT (result), "path");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    text = g_strdup_printf (_("Template saved to %s"), path);
  else
    text = g_strdup_printf (_("Could not save the template: %s"), error->message);
  proprio_mirror_page_emit_toast (self, text);
}

static void
save_response_cb (GtkNativeDialog   *dialog,
                  int                response,
                  ProprioMirrorPage *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  ProprioOverlay *copy;

  if (response == GTK_RESPONSE_ACCEPT && file != NULL && g_file_peek_path (file) != NULL)
    {
      text = proprio_overlay_to_string (self->overlay);
      copy = proprio_overlay_from_string (text, -1, NULL);
      g_assert (copy != NULL);
      task = g_task_new (self, NULL, template_done_cb, NULL);
      g_task_set_task_data (task, copy, g_object_unref);
      g_object_set_data_full (G_OBJECT (task), "path", g_file_get_path (file), g_free);
      g_task_run_in_thread (task, save_template_thread);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
proprio_mirror_page_save_template (ProprioMirrorPage *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Overlays as Template"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     _("Overlays.proprio-overlay"));
  add_template_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
load_contents_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ProprioMirrorPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (object));
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    text = g_strdup_printf (_("Could not open the template: %s"), error->message);
  else if (length > PROPRIO_OVERLAY_MAX_TEXT_BYTES)
    text = g_strdup (_("Could not load the template: the file is too large to be one"));
  else if (!proprio_overlay_set_from_string (self->overlay, contents, length, &error))
    text = g_strdup_printf (_("Could not load the template: %s"), error->message);
  else
    text = g_strdup_printf (_("Template loaded from %s"), path);
  proprio_mirror_page_emit_toast (self, text);
}

static void
load_response_cb (GtkNativeDialog   *dialog,
                  int                response,
                  ProprioMirrorPage *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    g_file_load_contents_async (file, NULL, load_contents_cb, g_object_ref (self));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
proprio_mirror_page_load_template (ProprioMirrorPage *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Load Overlay Template"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  add_template_filters (GTK_FILE_CHOOSER (chooser));
  g_signal_connect_object (chooser, "response", G_CALLBACK (load_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- setup ---- */

void
proprio_mirror_page_init_controls (ProprioMirrorPage *self)
{
  g_autofree char *budget = g_format_size (PROPRIO_CAMERA_DELAY_BUDGET);
  g_autofree char *tooltip = NULL;

  /* Translators: %.0f is the longest delay in seconds, %s a memory size such as "67.1 MB" */
  tooltip = g_strdup_printf (_("Show the video late, up to %.0f s, so the patient can move and "
                               "then watch (] and [ change it by a second, 0 goes live). The "
                               "replay is kept in memory only, at most %s, and is forgotten "
                               "when the Mirror page is left."),
                             PROPRIO_CAMERA_MAX_DELAY_S, budget);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->delay_scale), tooltip);
  gtk_adjustment_set_upper (self->delay_adjustment, PROPRIO_CAMERA_MAX_DELAY_S);

  g_signal_connect_object (self->camera, "notify::delay",
                           G_CALLBACK (proprio_mirror_page_update_delay_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::delay-available",
                           G_CALLBACK (proprio_mirror_page_update_delay_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::frozen",
                           G_CALLBACK (proprio_mirror_page_update_delay_label), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::fps",
                           G_CALLBACK (proprio_mirror_page_update_health), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::dropped",
                           G_CALLBACK (proprio_mirror_page_update_health), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::source-label",
                           G_CALLBACK (proprio_mirror_page_update_health), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (proprio_camera_monitor_get_devices (self->monitor), "items-changed",
                           G_CALLBACK (devices_changed_cb), self, G_CONNECT_SWAPPED);

  proprio_mirror_page_update_status (self);
  devices_changed_cb (self);
}

void
proprio_mirror_page_bind_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, camera_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, camera_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, mode_selected_cb);
}
