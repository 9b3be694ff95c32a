/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay-editor"

#include <glib/gi18n.h>
#include <string.h>

#include "proprio-overlay-editor-private.h"

enum
{
  PROP_0,
  PROP_OVERLAY,
  PROP_VIDEO_WIDTH,
  PROP_VIDEO_HEIGHT,
  PROP_TOOL,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ProprioOverlayEditor, proprio_overlay_editor, GTK_TYPE_WIDGET)

static const char * const tool_names[PROPRIO_OVERLAY_N_TOOLS] = {
  [PROPRIO_OVERLAY_TOOL_SELECT] = "select",
  [PROPRIO_OVERLAY_TOOL_PLUMB] = "plumb",
  [PROPRIO_OVERLAY_TOOL_LEVEL] = "level",
  [PROPRIO_OVERLAY_TOOL_GRID] = "grid",
  [PROPRIO_OVERLAY_TOOL_LINE] = "line",
  [PROPRIO_OVERLAY_TOOL_CIRCLE] = "circle",
  [PROPRIO_OVERLAY_TOOL_ANGLE] = "angle",
};

const char *
proprio_overlay_tool_to_string (ProprioOverlayTool tool)
{
  if ((int) tool < 0 || tool >= PROPRIO_OVERLAY_N_TOOLS)
    return NULL;
  return tool_names[tool];
}

gboolean
proprio_overlay_tool_from_string (const char         *name,
                                  ProprioOverlayTool *out_tool)
{
  for (guint i = 0; name != NULL && i < PROPRIO_OVERLAY_N_TOOLS; i++)
    if (strcmp (name, tool_names[i]) == 0)
      {
        if (out_tool != NULL)
          *out_tool = (ProprioOverlayTool) i;
        return TRUE;
      }
  return FALSE;
}

const char *
proprio_overlay_tool_get_hint (ProprioOverlayTool tool)
{
  switch (tool)
    {
    case PROPRIO_OVERLAY_TOOL_SELECT:
      return _("Click a shape to select it; drag to move it");
    case PROPRIO_OVERLAY_TOOL_PLUMB:
      return _("Click to place a plumb line; drag to move it");
    case PROPRIO_OVERLAY_TOOL_LEVEL:
      return _("Click to place a level line; drag to move it");
    case PROPRIO_OVERLAY_TOOL_GRID:
      return _("Click to place a grid; drag to size its cells");
    case PROPRIO_OVERLAY_TOOL_LINE:
      return _("Drag to draw a line, or click its two ends");
    case PROPRIO_OVERLAY_TOOL_CIRCLE:
      return _("Drag from the centre to the rim, or click for a circle");
    case PROPRIO_OVERLAY_TOOL_ANGLE:
      return _("Click three points: the angle is measured at the second");
    case PROPRIO_OVERLAY_N_TOOLS:
    default:
      return NULL;
    }
}

static void
update_actions (ProprioOverlayEditor *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "overlay.undo", proprio_overlay_can_undo (self->overlay));
  gtk_widget_action_set_enabled (widget, "overlay.redo", proprio_overlay_can_redo (self->overlay));
  gtk_widget_action_set_enabled (widget, "overlay.delete", self->selected != 0);
}

void
proprio_overlay_editor_select (ProprioOverlayEditor *self,
                               guint                 id)
{
  if (id != 0 && proprio_overlay_lookup (self->overlay, id) == NULL)
    id = 0;
  if (self->selected == id)
    return;
  self->selected = id;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
overlay_changed_cb (ProprioOverlay       *overlay,
                    ProprioOverlayEditor *self)
{
  /* An undo may have taken away the selected shape, or the one being dragged. */
  if (self->drag_id != 0 && proprio_overlay_lookup (overlay, self->drag_id) == NULL)
    self->drag_id = 0;
  proprio_overlay_editor_select (self, self->selected);
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- actions ---- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (widget);

  proprio_overlay_editor_cancel_draft (self);
  proprio_overlay_undo (self->overlay);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (widget);

  proprio_overlay_editor_cancel_draft (self);
  proprio_overlay_redo (self->overlay);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (widget);

  if (self->selected != 0 && !self->pressed)
    proprio_overlay_remove (self->overlay, self->selected);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (widget);

  proprio_overlay_editor_cancel_draft (self);
  proprio_overlay_editor_select (self, 0);
}

/* ---- drawing ---- */

void
proprio_overlay_editor_get_fit (ProprioOverlayEditor *self,
                                ProprioOverlayFit    *fit)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));
  g_return_if_fail (fit != NULL);

  proprio_overlay_fit_contain (fit, self->video_width, self->video_height,
                               gtk_widget_get_width (GTK_WIDGET (self)),
                               gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
proprio_overlay_editor_snapshot (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  ProprioOverlayStyle style;
  ProprioOverlayShape draft;
  ProprioOverlayFit fit;
  cairo_t *cr;
  guint n;

  n = proprio_overlay_get_n_shapes (self->overlay);
  if (width <= 0 || height <= 0 || (n == 0 && self->angle_n == 0 && !self->line_pending))
    return;

  proprio_overlay_editor_get_fit (self, &fit);
  proprio_overlay_style_init (&style, fit.width, fit.height);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < n; i++)
    {
      const ProprioOverlayShape *shape = proprio_overlay_get_shape (self->overlay, i);

      proprio_overlay_draw_shape (cr, shape, &fit, &style, shape->id == self->selected);
    }
  if (proprio_overlay_editor_get_draft (self, &draft))
    proprio_overlay_draw_shape (cr, &draft, &fit, &style, TRUE);
  cairo_destroy (cr);
}

/* ---- object ---- */

static void
proprio_overlay_editor_dispose (GObject *object)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (object);

  /* The model may outlive the editor: never leave it with a drag's undo group open. */
  if (self->group_open)
    {
      self->group_open = FALSE;
      proprio_overlay_end_group (self->overlay);
    }
  if (self->overlay != NULL)
    g_clear_signal_handler (&self->changed_id, self->overlay);
  g_clear_object (&self->overlay);

  G_OBJECT_CLASS (proprio_overlay_editor_parent_class)->dispose (object);
}

static void
proprio_overlay_editor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_OVERLAY:
      g_value_set_object (value, self->overlay);
      break;

    case PROP_VIDEO_WIDTH:
      g_value_set_int (value, self->video_width);
      break;

    case PROP_VIDEO_HEIGHT:
      g_value_set_int (value, self->video_height);
      break;

    case PROP_TOOL:
      g_value_set_string (value, proprio_overlay_tool_to_string (self->tool));
      break;

    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_overlay_editor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ProprioOverlayEditor *self = PROPRIO_OVERLAY_EDITOR (object);
  ProprioOverlayTool tool;

  switch (prop_id)
    {
    case PROP_OVERLAY:
      proprio_overlay_editor_set_overlay (self, g_value_get_object (value));
      break;

    case PROP_VIDEO_WIDTH:
      proprio_overlay_editor_set_video_size (self, g_value_get_int (value), self->video_height);
      break;

    case PROP_VIDEO_HEIGHT:
      proprio_overlay_editor_set_video_size (self, self->video_width, g_value_get_int (value));
      break;

    case PROP_TOOL:
      /* An unknown name (from a stale action target) keeps the current tool. */
      if (proprio_overlay_tool_from_string (g_value_get_string (value), &tool))
        proprio_overlay_editor_set_tool (self, tool);
      break;

    case PROP_SELECTED:
      proprio_overlay_editor_set_selected (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_overlay_editor_class_init (ProprioOverlayEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* A picture the therapist draws on with the mouse or the tool keys. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  object_class->dispose = proprio_overlay_editor_dispose;
  object_class->get_property = proprio_overlay_editor_get_property;
  object_class->set_property = proprio_overlay_editor_set_property;
  widget_class->snapshot = proprio_overlay_editor_snapshot;

  properties[PROP_OVERLAY] =
    g_param_spec_object ("overlay", NULL, NULL, PROPRIO_TYPE_OVERLAY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VIDEO_WIDTH] =
    g_param_spec_int ("video-width", NULL, NULL, 0, G_MAXINT, 1280,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VIDEO_HEIGHT] =
    g_param_spec_int ("video-height", NULL, NULL, 0, G_MAXINT, 720,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "overlay.tool", "tool");
  gtk_widget_class_install_action (widget_class, "overlay.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "overlay.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "overlay.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "overlay.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "overlay.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "overlay.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "overlay.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK,
                                       "overlay.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "overlay.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "overlay.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "overlay.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "overlay.cancel", NULL);

  gtk_widget_class_set_css_name (widget_class, "overlay-editor");
}

static void
drag_begin_cb (GtkGestureDrag       *gesture,
               double                x,
               double                y,
               ProprioOverlayEditor *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  proprio_overlay_editor_pointer_down (self, x, y);
}

static void
drag_update_cb (GtkGestureDrag       *gesture,
                double                dx,
                double                dy,
                ProprioOverlayEditor *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    proprio_overlay_editor_pointer_move (self, x + dx, y + dy);
}

static void
drag_end_cb (GtkGestureDrag       *gesture,
             double                dx,
             double                dy,
             ProprioOverlayEditor *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    proprio_overlay_editor_pointer_up (self, x + dx, y + dy);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ProprioOverlayEditor     *self)
{
  proprio_overlay_editor_pointer_hover (self, x, y);
}

static void
proprio_overlay_editor_init (ProprioOverlayEditor *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lines and angles over the video"), -1);
  self->video_width = 1280;
  self->video_height = 720;
  self->tool = PROPRIO_OVERLAY_TOOL_SELECT;
  self->drag_handle = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
proprio_overlay_editor_new (ProprioOverlay *overlay)
{
  g_return_val_if_fail (overlay == NULL || PROPRIO_IS_OVERLAY (overlay), NULL);

  return g_object_new (PROPRIO_TYPE_OVERLAY_EDITOR, "overlay", overlay, NULL);
}

ProprioOverlay *
proprio_overlay_editor_get_overlay (ProprioOverlayEditor *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self), NULL);

  return self->overlay;
}

void
proprio_overlay_editor_set_overlay (ProprioOverlayEditor *self,
                                    ProprioOverlay       *overlay)
{
  g_autoptr(ProprioOverlay) fresh = NULL;

  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));
  g_return_if_fail (overlay == NULL || PROPRIO_IS_OVERLAY (overlay));

  /* The editor always has a model, so drawing and actions never check for none. */
  if (overlay == NULL)
    overlay = fresh = proprio_overlay_new ();
  if (self->overlay == overlay)
    return;

  if (self->pressed)
    proprio_overlay_editor_pointer_up (self, self->last_x, self->last_y);
  proprio_overlay_editor_cancel_draft (self);
  if (self->overlay != NULL)
    g_clear_signal_handler (&self->changed_id, self->overlay);
  g_set_object (&self->overlay, overlay);
  self->changed_id = g_signal_connect (overlay, "changed", G_CALLBACK (overlay_changed_cb), self);
  self->selected = 0;
  update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERLAY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
proprio_overlay_editor_set_video_size (ProprioOverlayEditor *self,
                                       int                   width,
                                       int                   height)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));
  g_return_if_fail (width >= 0 && height >= 0);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->video_width != width)
    {
      self->video_width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_WIDTH]);
    }
  if (self->video_height != height)
    {
      self->video_height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIDEO_HEIGHT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
proprio_overlay_editor_set_tool (ProprioOverlayEditor *self,
                                 ProprioOverlayTool    tool)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));
  g_return_if_fail ((int) tool >= 0 && tool < PROPRIO_OVERLAY_N_TOOLS);

  if (self->tool == tool)
    return;
  /* Finish a drag where the pointer is: the release must run with the tool that began it. */
  if (self->pressed)
    proprio_overlay_editor_pointer_up (self, self->last_x, self->last_y);
  proprio_overlay_editor_cancel_draft (self);
  self->tool = tool;
  self->cursor = tool == PROPRIO_OVERLAY_TOOL_SELECT ? NULL : "crosshair";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->cursor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

ProprioOverlayTool
proprio_overlay_editor_get_tool (ProprioOverlayEditor *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self), PROPRIO_OVERLAY_TOOL_SELECT);

  return self->tool;
}

guint
proprio_overlay_editor_get_selected (ProprioOverlayEditor *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self), 0);

  return self->selected;
}

void
proprio_overlay_editor_set_selected (ProprioOverlayEditor *self,
                                     guint                 id)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));

  proprio_overlay_editor_select (self, id);
}
