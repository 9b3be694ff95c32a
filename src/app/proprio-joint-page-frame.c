/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-joint-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "widgets/proprio-frame-paintable.h"

#include "proprio-joint-page-private.h"

/* The third angle source, three points on a frozen frame (the station's FROZEN_FRAME): the
 * camera's picture as the Mirror page shows it (mirrored as the camera mirrors), the overlay
 * editor's angle tool over it, the target of the memorise phase drawn as an arc from the points
 * last placed, a Freeze button (F) and a line that says what to do next. The page tells the
 * station what is placed whenever the points, the freeze or the frame change; the station
 * registers it (Register, Return, Space). */

/* The arc of the target, in widget pixels: never tiny on a small picture. */
#define ARC_MIN_RADIUS 48.0
#define ARM_MIN_LENGTH 80.0

static ProprioCamera *
camera_of (ProprioJointPage *self)
{
  return proprio_station_get_camera (self->station);
}

static void
video_size (ProprioJointPage *self,
            int              *width,
            int              *height)
{
  GdkPaintable *paintable = GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera_of (self)));

  *width = gdk_paintable_get_intrinsic_width (paintable);
  *height = gdk_paintable_get_intrinsic_height (paintable);
  if (*width <= 0 || *height <= 0)
    {
      *width = PROPRIO_CAMERA_DEFAULT_WIDTH;
      *height = PROPRIO_CAMERA_DEFAULT_HEIGHT;
    }
}

/* The angle shape the therapist placed (the newest, there is at most one), or NULL. */
static const ProprioOverlayShape *
placed_shape (ProprioJointPage *self)
{
  guint n;

  if (self->frame_overlay == NULL)
    return NULL;
  n = proprio_overlay_get_n_shapes (self->frame_overlay);
  for (guint i = n; i > 0; i--)
    {
      const ProprioOverlayShape *shape = proprio_overlay_get_shape (self->frame_overlay, i - 1);

      if (shape->kind == PROPRIO_OVERLAY_ANGLE)
        return shape;
    }
  return NULL;
}

double
_proprio_joint_page_frame_angle (ProprioJointPage *self)
{
  const ProprioOverlayShape *shape = placed_shape (self);
  int width, height;

  if (shape == NULL)
    return NAN;
  video_size (self, &width, &height);
  return proprio_overlay_shape_angle (shape, width, height);
}

static gboolean
no_camera (ProprioJointPage *self)
{
  g_autofree char *text = proprio_camera_dup_spec (camera_of (self));
  g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (text, NULL);

  return spec == NULL || spec->kind == PROPRIO_CAMERA_SOURCE_NONE;
}

static void
update_hint (ProprioJointPage *self,
             double            angle)
{
  gboolean frozen = proprio_camera_get_frozen (camera_of (self));
  g_autofree char *text = NULL;

  ProprioCameraState state = proprio_camera_get_state (camera_of (self));
  const char *notice = proprio_camera_get_notice (camera_of (self));

  if (no_camera (self))
    text = g_strdup (_("No camera is chosen: choose one in Preferences to measure the angle on "
                       "its picture"));
  /* A test pattern standing in for a missing camera is no patient to measure. */
  else if ((state == PROPRIO_CAMERA_STATE_FALLBACK || state == PROPRIO_CAMERA_STATE_ERROR) &&
           notice != NULL)
    text = g_strdup (notice);
  else if (!isfinite (angle))
    text = g_strdup (_("Place the three points on the hip, knee and ankle"));
  else if (!frozen)
    text = g_strdup (_("The video is live: freeze it (F) when the patient holds the position, "
                       "then drag the points onto the limb"));
  else if (proprio_match_exercise_can_register (PROPRIO_MATCH_EXERCISE (self->engine)))
    /* Translators: the angle measured on the frozen frame */
    text = g_strdup_printf (_("Frozen frame: %.1f° — Register (Return) takes it, F goes live"),
                            angle);
  else
    /* Translators: the angle measured on the frozen frame, outside a trial */
    text = g_strdup_printf (_("Frozen frame: %.1f° — F goes live"), angle);
  gtk_label_set_label (self->frame_hint, text);
}

/* A trial's target is learnt on the live picture: a frame still frozen from the last
 * measurement goes live when the memorising begins. */
static void
follow_stage (ProprioJointPage *self)
{
  ProprioMatchStage stage =
    proprio_match_exercise_get_stage (PROPRIO_MATCH_EXERCISE (self->engine));
  gboolean began = stage != self->frame_stage && stage == PROPRIO_MATCH_STAGE_MEMORISE;

  self->frame_stage = stage;
  if (began && self->use_frame && proprio_camera_get_frozen (camera_of (self)))
    proprio_camera_set_frozen (camera_of (self), FALSE);
}

/* What is placed now goes to the station, the hint and the arc. */
void
_proprio_joint_page_frame_update (ProprioJointPage *self)
{
  ProprioCamera *camera;
  double angle;
  gint64 frame_us = 0;

  if (self->frame_view == NULL)
    return;
  /* Going live notifies "frozen", which updates again: the rest is done there. */
  follow_stage (self);
  camera = camera_of (self);
  angle = _proprio_joint_page_frame_angle (self);
  if (proprio_camera_get_frozen (camera))
    frame_us = MAX (proprio_camera_get_shown_time_us (camera), 1);
  proprio_station_set_frame_angle (self->station, angle, frame_us);
  if (self->use_frame)
    self->live_angle = angle;
  update_hint (self, angle);
  gtk_widget_queue_draw (self->frame_arc);
}

/* One angle at a time: a new one replaces the old, and once it is there the pointer drags its
 * points (the angle tool would start another). */
static void
overlay_changed_cb (ProprioJointPage *self)
{
  const ProprioOverlayShape *newest = placed_shape (self);
  guint keep = newest != NULL ? newest->id : 0;
  g_autofree char *text = NULL;

  for (guint i = proprio_overlay_get_n_shapes (self->frame_overlay); i > 0; i--)
    {
      const ProprioOverlayShape *shape = proprio_overlay_get_shape (self->frame_overlay, i - 1);

      if (shape->id != keep)
        {
          /* Removing emits changed again, which finishes the work. */
          proprio_overlay_remove (self->frame_overlay, shape->id);
          return;
        }
    }
  proprio_overlay_editor_set_tool (self->frame_editor, keep != 0 ? PROPRIO_OVERLAY_TOOL_SELECT
                                                                 : PROPRIO_OVERLAY_TOOL_ANGLE);
  if (self->settings != NULL)
    {
      text = proprio_overlay_to_string (self->frame_overlay);
      g_settings_set_string (self->settings, "joint-frame-points", text);
    }
  _proprio_joint_page_frame_update (self);
  _proprio_joint_page_sync_controls (self);
  _proprio_joint_page_update_prompt (self);
}

/* Live, every frame has a new time and nothing measured changes: only a frozen frame's counts. */
static void
shown_time_cb (ProprioJointPage *self)
{
  if (proprio_camera_get_frozen (camera_of (self)))
    _proprio_joint_page_frame_update (self);
}

/* Frozen, the picture says so in large type: what is on screen is not the patient now. */
static void
frozen_cb (ProprioJointPage *self)
{
  gboolean frozen = proprio_camera_get_frozen (camera_of (self));

  gtk_widget_set_visible (self->frozen_badge, frozen);
  gtk_button_set_label (GTK_BUTTON (self->freeze_button), frozen ? _("Go _Live") : _("_Freeze"));
  _proprio_joint_page_frame_update (self);
  _proprio_joint_page_update_prompt (self);
}

static void
size_changed_cb (ProprioJointPage *self)
{
  int width, height;

  video_size (self, &width, &height);
  proprio_overlay_editor_set_video_size (self->frame_editor, width, height);
  _proprio_joint_page_frame_update (self);
}

/* ---- the target of the memorise phase ---- */

static void
set_source_rgb (cairo_t *cr,
                guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* A bright line on a dark one, seen on any picture. */
static void
stroke_twice (cairo_t *cr,
              double   width)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_set_line_width (cr, width + 4.0);
  cairo_stroke_preserve (cr);
  set_source_rgb (cr, 0xf6d32d);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static void
draw_target (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ProprioJointPage *self = user_data;
  const ProprioOverlayShape *shape = placed_shape (self);
  ProprioMatchDisplay display;
  ProprioOverlayFit fit;
  double ax, ay, vx, vy, bx, by, from, to, arm, radius, tol, side, mid;
  g_autofree char *label = NULL;
  cairo_text_extents_t extents;

  if (shape == NULL || !proprio_exercise_is_active (PROPRIO_EXERCISE (self->engine)))
    return;
  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (self->engine), &display);
  /* Shown while the patient may see it (memorising, knowledge of results); hidden otherwise, as
   * the dial and the markers hide theirs. */
  if (!display.show_target ||
      !proprio_exercise_get_feedback_visible (PROPRIO_EXERCISE (self->engine)))
    return;

  proprio_overlay_editor_get_fit (self->frame_editor, &fit);
  proprio_overlay_fit_to_widget (&fit, shape->p[0], &ax, &ay);
  proprio_overlay_fit_to_widget (&fit, shape->p[1], &vx, &vy);
  proprio_overlay_fit_to_widget (&fit, shape->p[2], &bx, &by);
  if (hypot (ax - vx, ay - vy) < 1.0)
    return;
  /* From the proximal arm, turned by the target towards the side the distal point lies on. */
  side = (ax - vx) * (by - vy) - (ay - vy) * (bx - vx) >= 0.0 ? 1.0 : -1.0;
  from = atan2 (ay - vy, ax - vx);
  to = from + side * display.target[0] * G_PI / 180.0;
  tol = display.tolerance * G_PI / 180.0;
  arm = MAX (hypot (bx - vx, by - vy), ARM_MIN_LENGTH);
  radius = MAX (arm * 0.35, ARC_MIN_RADIUS);

  /* The tolerance band, then the arc, then the arm to reach. */
  cairo_move_to (cr, vx, vy);
  cairo_arc (cr, vx, vy, arm, MIN (to - tol, to + tol), MAX (to - tol, to + tol));
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.965, 0.827, 0.176, 0.35);
  cairo_fill (cr);
  if (side > 0)
    cairo_arc (cr, vx, vy, radius, from, to);
  else
    cairo_arc_negative (cr, vx, vy, radius, from, to);
  stroke_twice (cr, 5.0);
  cairo_move_to (cr, vx, vy);
  cairo_line_to (cr, vx + arm * cos (to), vy + arm * sin (to));
  stroke_twice (cr, 6.0);

  /* The target in large type beside the arc, legible from the patient's chair. */
  label = g_strdup_printf (_("%.0f°"), display.target[0]);
  mid = (from + to) / 2.0;
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, MAX (36.0, height / 12.0));
  cairo_text_extents (cr, label, &extents);
  cairo_move_to (cr, vx + (radius + 20.0 + extents.width / 2) * cos (mid) - extents.width / 2,
                 vy + (radius + 20.0 + extents.height / 2) * sin (mid) + extents.height / 2);
  cairo_text_path (cr, label);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  cairo_set_line_width (cr, 6.0);
  cairo_stroke_preserve (cr);
  set_source_rgb (cr, 0xf6d32d);
  cairo_fill (cr);
}

/* ---- building the view ---- */

static void
picture_realize_cb (GtkWidget        *picture,
                    ProprioJointPage *self)
{
  proprio_frame_paintable_follow_renderer (proprio_frame_paintable_for_camera (camera_of (self)),
                                           picture);
}

/* One set of points for every page of the station (a second window shows the same ones, and
 * pushes the same angle), made by the first page from the points kept the last time (a text
 * that no longer parses is dropped), and kept with the station for the application's life. */
static ProprioOverlay *
shared_points (ProprioJointPage *self)
{
  GQuark quark = g_quark_from_static_string ("proprio-joint-frame-points");
  ProprioOverlay *points = g_object_get_qdata (G_OBJECT (self->station), quark);

  if (points != NULL)
    return points;
  if (self->settings != NULL)
    {
      g_autofree char *text = g_settings_get_string (self->settings, "joint-frame-points");

      if (text != NULL && *text != '\0')
        points = proprio_overlay_from_string (text, -1, NULL);
    }
  if (points == NULL)
    points = proprio_overlay_new ();
  g_object_set_qdata_full (G_OBJECT (self->station), quark, points, g_object_unref);
  return points;
}

void
_proprio_joint_page_frame_ensure (ProprioJointPage *self)
{
  ProprioCamera *camera = camera_of (self);
  GdkPaintable *paintable = GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera));
  GtkWidget *overlay, *bar, *freeze, *clear;

  if (self->frame_view != NULL)
    return;

  self->frame_view = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  overlay = gtk_overlay_new ();
  gtk_widget_set_hexpand (overlay, TRUE);
  gtk_widget_set_vexpand (overlay, TRUE);
  self->frame_picture = GTK_PICTURE (gtk_picture_new_for_paintable (paintable));
  gtk_picture_set_can_shrink (self->frame_picture, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->frame_picture), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->frame_picture), TRUE);
  g_signal_connect_object (self->frame_picture, "realize", G_CALLBACK (picture_realize_cb), self,
                           0);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->frame_picture));

  self->frame_arc = gtk_drawing_area_new ();
  gtk_widget_set_can_target (self->frame_arc, FALSE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->frame_arc), draw_target, self, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->frame_arc);

  self->frame_editor = PROPRIO_OVERLAY_EDITOR (proprio_overlay_editor_new (shared_points (self)));
  self->frame_overlay = g_object_ref (proprio_overlay_editor_get_overlay (self->frame_editor));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->frame_editor),
                               _("Click the hip, the knee and the ankle; drag a point to move it"));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->frame_editor));
  /* Top right of the picture, where the points are seldom placed; the pointer goes through. */
  self->frozen_badge = gtk_label_new (_("Frozen"));
  gtk_widget_set_halign (self->frozen_badge, GTK_ALIGN_END);
  gtk_widget_set_valign (self->frozen_badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->frozen_badge, 12);
  gtk_widget_set_margin_end (self->frozen_badge, 12);
  gtk_widget_set_can_target (self->frozen_badge, FALSE);
  gtk_widget_add_css_class (self->frozen_badge, "joint-frozen");
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->frozen_badge);
  gtk_box_append (GTK_BOX (self->frame_view), overlay);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_bottom (bar, 6);
  freeze = gtk_toggle_button_new_with_mnemonic (_("_Freeze"));
  gtk_widget_set_tooltip_text (freeze, _("Freeze the video when the patient holds the position "
                                         "(F); again to go live for the next trial"));
  g_object_bind_property (camera, "frozen", freeze, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  self->freeze_button = GTK_TOGGLE_BUTTON (freeze);
  gtk_widget_set_valign (freeze, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (freeze, "suggested-action");
  gtk_box_append (GTK_BOX (bar), freeze);
  clear = gtk_button_new_with_mnemonic (_("_Place Again"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (clear), "joint.clear-points");
  gtk_widget_set_tooltip_text (clear, _("Remove the three points and place them anew"));
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (bar), clear);
  self->frame_hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->frame_hint, TRUE);
  gtk_label_set_xalign (self->frame_hint, 0.0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->frame_hint), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->frame_hint), "joint-frame-hint");
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->frame_hint));
  gtk_box_append (GTK_BOX (self->frame_view), bar);

  gtk_stack_add_named (self->view_stack, self->frame_view, "frame");

  g_signal_connect_object (self->frame_overlay, "changed", G_CALLBACK (overlay_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (camera, "notify::frozen", G_CALLBACK (frozen_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (camera, "notify::shown-time-us", G_CALLBACK (shown_time_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (camera, "notify::state", G_CALLBACK (_proprio_joint_page_frame_update),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (paintable, "invalidate-size", G_CALLBACK (size_changed_cb), self,
                           G_CONNECT_SWAPPED);
  frozen_cb (self);
  size_changed_cb (self);
  proprio_overlay_editor_set_tool (self->frame_editor, placed_shape (self) != NULL
                                                       ? PROPRIO_OVERLAY_TOOL_SELECT
                                                       : PROPRIO_OVERLAY_TOOL_ANGLE);
}

void
_proprio_joint_page_frame_dispose (ProprioJointPage *self)
{
  if (self->frame_overlay != NULL)
    g_signal_handlers_disconnect_by_data (self->frame_overlay, self);
  if (self->station != NULL)
    {
      g_signal_handlers_disconnect_by_data (camera_of (self), self);
      g_signal_handlers_disconnect_by_data (proprio_frame_paintable_for_camera (camera_of (self)),
                                            self);
    }
  g_clear_object (&self->frame_overlay);
  self->frame_view = NULL;
  self->frame_editor = NULL;
  self->frame_arc = NULL;
}

void
_proprio_joint_page_frame_toggle_freeze (ProprioJointPage *self)
{
  ProprioCamera *camera = camera_of (self);

  proprio_camera_set_frozen (camera, !proprio_camera_get_frozen (camera));
}

void
_proprio_joint_page_frame_clear (ProprioJointPage *self)
{
  if (self->frame_overlay != NULL)
    proprio_overlay_clear (self->frame_overlay);
}

ProprioOverlay *
proprio_joint_page_get_frame_overlay (ProprioJointPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_JOINT_PAGE (self), NULL);

  _proprio_joint_page_frame_ensure (self);
  return self->frame_overlay;
}
