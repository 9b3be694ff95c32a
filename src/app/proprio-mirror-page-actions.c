/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mirror-page"

#include "config.h"

#include <math.h>

#include "proprio-mirror-page-private.h"

/* Writing the setting on every step of a drag would hammer dconf; the last state is what counts. */
#define SAVE_OVERLAY_DELAY_MS 400

/* ---- overlays ---- */

static gboolean
save_overlay_cb (gpointer data)
{
  ProprioMirrorPage *self = data;
  g_autofree char *text = NULL;

  self->save_overlay_id = 0;
  text = proprio_overlay_to_string (self->overlay);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "mirror-overlay", text);
  return G_SOURCE_REMOVE;
}

void
proprio_mirror_page_flush_overlay (ProprioMirrorPage *self)
{
  if (self->save_overlay_id == 0)
    return;
  g_clear_handle_id (&self->save_overlay_id, g_source_remove);
  save_overlay_cb (self);
}

static void
update_edit_actions (ProprioMirrorPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "mirror.undo", proprio_overlay_can_undo (self->overlay));
  gtk_widget_action_set_enabled (widget, "mirror.redo", proprio_overlay_can_redo (self->overlay));
  gtk_widget_action_set_enabled (widget, "mirror.delete",
                                 proprio_overlay_lookup (self->overlay,
                                                         proprio_overlay_editor_get_selected (
                                                           self->editor)) != NULL);
}

static void
overlay_changed_cb (ProprioMirrorPage *self)
{
  update_edit_actions (self);
  if (self->settings == NULL)
    return;
  if (self->save_overlay_id == 0)
    self->save_overlay_id = g_timeout_add (SAVE_OVERLAY_DELAY_MS, save_overlay_cb, self);
}

static void
video_size_changed_cb (ProprioMirrorPage *self)
{
  int width, height;

  proprio_mirror_page_get_video_size (self, &width, &height);
  proprio_overlay_editor_set_video_size (self->editor, width, height);
}

/* The overlays of the last session, with no undo history: restoring is not an edit. */
static ProprioOverlay *
restore_overlay (GSettings *settings)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  ProprioOverlay *overlay;

  if (settings == NULL)
    return proprio_overlay_new ();
  text = g_settings_get_string (settings, "mirror-overlay");
  if (text[0] == '\0')
    return proprio_overlay_new ();
  overlay = proprio_overlay_from_string (text, -1, &error);
  if (overlay == NULL)
    {
      g_warning ("Starting without the saved overlays: %s", error->message);
      return proprio_overlay_new ();
    }
  return overlay;
}

void
proprio_mirror_page_init_overlay (ProprioMirrorPage *self)
{
  self->overlay = restore_overlay (self->settings);
  g_signal_connect_object (self->overlay, "changed", G_CALLBACK (overlay_changed_cb), self,
                           G_CONNECT_SWAPPED);
  proprio_overlay_editor_set_overlay (self->editor, self->overlay);
  g_object_bind_property (self, "tool", self->editor, "tool",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->editor, "notify::selected", G_CALLBACK (update_edit_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (proprio_frame_paintable_for_camera (self->camera), "invalidate-size",
                           G_CALLBACK (video_size_changed_cb), self, G_CONNECT_SWAPPED);
  video_size_changed_cb (self);
  update_edit_actions (self);
}

/* ---- actions ---- */

static void
snapshot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  proprio_mirror_page_snapshot_with_toast (PROPRIO_MIRROR_PAGE (widget));
}

static void
freeze_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioCamera *camera = PROPRIO_MIRROR_PAGE (widget)->camera;

  proprio_camera_set_frozen (camera, !proprio_camera_get_frozen (camera));
}

static void
mirror_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioCamera *camera = PROPRIO_MIRROR_PAGE (widget)->camera;

  proprio_camera_set_mirror (camera, !proprio_camera_get_mirror (camera));
}

static void
inset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GtkToggleButton *button = PROPRIO_MIRROR_PAGE (widget)->inset_button;

  if (gtk_widget_get_sensitive (GTK_WIDGET (button)))
    gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
delay_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (widget);
  double value = gtk_adjustment_get_value (self->delay_adjustment);

  if (g_str_equal (action_name, "mirror.live"))
    {
      gtk_adjustment_set_value (self->delay_adjustment, 0);
      proprio_camera_set_frozen (self->camera, FALSE);
      return;
    }
  /* Whole seconds, so a few presses give a round delay whatever the slider was at. */
  if (g_str_equal (action_name, "mirror.delay-up"))
    value = floor (value / PROPRIO_MIRROR_PAGE_DELAY_STEP + 1e-6) + 1;
  else
    value = ceil (value / PROPRIO_MIRROR_PAGE_DELAY_STEP - 1e-6) - 1;
  gtk_adjustment_set_value (self->delay_adjustment, value * PROPRIO_MIRROR_PAGE_DELAY_STEP);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (widget);

  if (g_str_equal (action_name, "mirror.undo"))
    proprio_overlay_undo (self->overlay);
  else if (g_str_equal (action_name, "mirror.redo"))
    proprio_overlay_redo (self->overlay);
  else if (g_str_equal (action_name, "mirror.delete"))
    {
      guint id = proprio_overlay_editor_get_selected (self->editor);

      if (id != 0 && proprio_overlay_remove (self->overlay, id))
        proprio_overlay_editor_set_selected (self->editor, 0);
    }
}

static void
template_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (widget);

  if (g_str_equal (action_name, "mirror.save-template"))
    proprio_mirror_page_save_template (self);
  else
    proprio_mirror_page_load_template (self);
}

void
proprio_mirror_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "mirror.snapshot", NULL, snapshot_action);
  gtk_widget_class_install_action (widget_class, "mirror.freeze", NULL, freeze_action);
  gtk_widget_class_install_action (widget_class, "mirror.mirror", NULL, mirror_action);
  gtk_widget_class_install_action (widget_class, "mirror.inset", NULL, inset_action);
  gtk_widget_class_install_action (widget_class, "mirror.delay-up", NULL, delay_action);
  gtk_widget_class_install_action (widget_class, "mirror.delay-down", NULL, delay_action);
  gtk_widget_class_install_action (widget_class, "mirror.live", NULL, delay_action);
  gtk_widget_class_install_property_action (widget_class, "mirror.tool", "tool");
  gtk_widget_class_install_action (widget_class, "mirror.undo", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "mirror.redo", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "mirror.delete", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "mirror.save-template", NULL, template_action);
  gtk_widget_class_install_action (widget_class, "mirror.load-template", NULL, template_action);
}
