/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay-editor"

#include <math.h>

#include "proprio-overlay-editor-private.h"

/* A press that moves less than this (widget pixels) before its release is a click. */
#define CLICK_SLOP 6.0
/* Sizes given to a shape placed by a click, as fractions of the video height. */
#define DEFAULT_GRID_CELL     0.125
#define DEFAULT_CIRCLE_RADIUS 0.1

static ProprioOverlayPoint
to_video (ProprioOverlayEditor *self,
          double                x,
          double                y,
          gboolean              clamp)
{
  ProprioOverlayFit fit;
  ProprioOverlayPoint p;

  proprio_overlay_editor_get_fit (self, &fit);
  p = proprio_overlay_fit_to_video (&fit, x, y);
  if (clamp)
    {
      p.x = CLAMP (p.x, 0.0, 1.0);
      p.y = CLAMP (p.y, 0.0, 1.0);
    }
  return p;
}

/* Width over height of the video as shown, to make default shapes square in pixels. */
static double
video_aspect (ProprioOverlayEditor *self)
{
  ProprioOverlayFit fit;

  proprio_overlay_editor_get_fit (self, &fit);
  return (double) fit.video_width / fit.video_height;
}

/* One axis of a grid cell corner: at least the minimum cell away from the origin, on the video. */
static double
cell_axis (double origin,
           double corner)
{
  double min = PROPRIO_OVERLAY_GRID_MIN_CELL * 1.001;
  double d = corner - origin;

  if (fabs (d) < min)
    d = d < 0 ? -min : min;
  if (origin + d > 1.0 || origin + d < 0.0)
    d = -d;
  return CLAMP (origin + d, 0.0, 1.0);
}

static ProprioOverlayPoint
cell_corner (ProprioOverlayPoint origin,
             ProprioOverlayPoint corner)
{
  return (ProprioOverlayPoint) { cell_axis (origin.x, corner.x), cell_axis (origin.y, corner.y) };
}

void
proprio_overlay_editor_cancel_draft (ProprioOverlayEditor *self)
{
  if (self->angle_n == 0 && !self->line_pending)
    return;
  self->angle_n = 0;
  self->line_pending = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
proprio_overlay_editor_get_draft (ProprioOverlayEditor *self,
                                  ProprioOverlayShape  *out_shape)
{
  if (self->line_pending)
    {
      *out_shape = (ProprioOverlayShape) { .kind = PROPRIO_OVERLAY_LINE };
      out_shape->p[0] = self->line_start;
      out_shape->p[1] = self->line_live;
      return TRUE;
    }
  if (self->angle_n == 0)
    return FALSE;

  *out_shape = (ProprioOverlayShape) { .kind = PROPRIO_OVERLAY_ANGLE };
  out_shape->p[0] = self->angle_points[0];
  if (self->angle_n == 1)
    {
      /* One arm so far, ending at the pointer: it becomes the vertex. */
      out_shape->p[1] = self->angle_live;
      out_shape->p[2] = self->angle_live;
    }
  else
    {
      out_shape->p[1] = self->angle_points[1];
      out_shape->p[2] = self->angle_live;
    }
  return TRUE;
}

static void
begin_create (ProprioOverlayEditor      *self,
              const ProprioOverlayShape *shape,
              int                        handle)
{
  guint id;

  /* The add and the drag that shapes it are one undo step. */
  proprio_overlay_begin_group (self->overlay);
  self->group_open = TRUE;
  id = proprio_overlay_add (self->overlay, shape);
  if (id == 0)
    return;   /* the overlay is full: nothing to drag; the release closes the empty group */
  self->drag_id = id;
  self->drag_handle = handle;
  self->drag_creates = TRUE;
  proprio_overlay_editor_select (self, id);
}

static void
begin_select (ProprioOverlayEditor *self,
              double                x,
              double                y)
{
  ProprioOverlayFit fit;
  int handle = -1;
  guint id;

  proprio_overlay_editor_get_fit (self, &fit);
  id = proprio_overlay_hit_test (self->overlay, &fit, x, y, PROPRIO_OVERLAY_EDITOR_TOLERANCE,
                                 &handle);
  proprio_overlay_editor_select (self, id);
  if (id == 0)
    return;

  self->drag_id = id;
  self->drag_start = *proprio_overlay_lookup (self->overlay, id);
  /* A grid's origin handle moves the whole grid: its cell size is what the other handle sets. */
  self->drag_handle = (self->drag_start.kind == PROPRIO_OVERLAY_GRID && handle == 0) ? -1 : handle;
  proprio_overlay_begin_group (self->overlay);
  self->group_open = TRUE;
}

void
proprio_overlay_editor_pointer_down (ProprioOverlayEditor *self,
                                     double                x,
                                     double                y)
{
  ProprioOverlayShape shape = { 0 };
  ProprioOverlayPoint p;

  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));

  if (self->pressed)
    proprio_overlay_editor_pointer_up (self, x, y);

  self->pressed = TRUE;
  self->drag_moved = FALSE;
  self->press_x = self->last_x = x;
  self->press_y = self->last_y = y;
  self->drag_origin = to_video (self, x, y, FALSE);
  p = to_video (self, x, y, TRUE);
  shape.p[0] = shape.p[1] = p;

  switch (self->tool)
    {
    case PROPRIO_OVERLAY_TOOL_SELECT:
      begin_select (self, x, y);
      break;

    case PROPRIO_OVERLAY_TOOL_PLUMB:
      shape.kind = PROPRIO_OVERLAY_PLUMB;
      begin_create (self, &shape, 0);
      break;

    case PROPRIO_OVERLAY_TOOL_LEVEL:
      shape.kind = PROPRIO_OVERLAY_LEVEL;
      begin_create (self, &shape, 0);
      break;

    case PROPRIO_OVERLAY_TOOL_LINE:
      shape.kind = PROPRIO_OVERLAY_LINE;
      /* After a first click, this press ends the line there (a drag instead starts afresh). */
      self->line_second = self->line_pending;
      if (self->line_pending)
        {
          shape.p[0] = self->line_start;
          self->line_pending = FALSE;
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      begin_create (self, &shape, 1);
      break;

    case PROPRIO_OVERLAY_TOOL_CIRCLE:
      shape.kind = PROPRIO_OVERLAY_CIRCLE;
      begin_create (self, &shape, 1);
      break;

    case PROPRIO_OVERLAY_TOOL_GRID:
      shape.kind = PROPRIO_OVERLAY_GRID;
      shape.p[1] = cell_corner (p, (ProprioOverlayPoint) {
        p.x + DEFAULT_GRID_CELL / video_aspect (self), p.y + DEFAULT_GRID_CELL });
      begin_create (self, &shape, 1);
      break;

    case PROPRIO_OVERLAY_TOOL_ANGLE:
      self->angle_press_added = self->angle_n == 0;
      if (self->angle_press_added)
        {
          self->angle_points[0] = p;
          self->angle_n = 1;
        }
      self->angle_live = p;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;

    case PROPRIO_OVERLAY_N_TOOLS:
    default:
      g_assert_not_reached ();
    }
}

void
proprio_overlay_editor_pointer_move (ProprioOverlayEditor *self,
                                     double                x,
                                     double                y)
{
  const ProprioOverlayShape *shape;
  ProprioOverlayPoint p;

  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));

  if (!self->pressed)
    return;
  self->last_x = x;
  self->last_y = y;
  /* Until the pointer leaves the click slop, a press is a click: a shaky hand must not turn a
   * click into a zero-size line or nudge the shape it selects. */
  if (!self->drag_moved && hypot (x - self->press_x, y - self->press_y) < CLICK_SLOP)
    return;
  p = to_video (self, x, y, TRUE);
  if (!self->drag_moved && self->line_second && self->drag_id != 0)
    {
      /* A drag after a first click: the line runs from this press, as any drag draws it. */
      ProprioOverlayPoint start = to_video (self, self->press_x, self->press_y, TRUE);

      self->line_second = FALSE;
      proprio_overlay_move_point (self->overlay, self->drag_id, 0, start.x, start.y);
    }
  self->drag_moved = TRUE;

  if (self->tool == PROPRIO_OVERLAY_TOOL_ANGLE)
    {
      self->angle_live = p;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  if (self->drag_id == 0 || (shape = proprio_overlay_lookup (self->overlay, self->drag_id)) == NULL)
    return;

  if (self->drag_handle >= 0)
    {
      if (shape->kind == PROPRIO_OVERLAY_GRID)
        p = cell_corner (shape->p[0], p);
      proprio_overlay_move_point (self->overlay, self->drag_id, (guint) self->drag_handle, p.x, p.y);
    }
  else
    {
      /* Follow the pointer from where the shape was at the press; the model stops it at the
       * video's edges, and it follows again once the pointer comes back. */
      ProprioOverlayPoint raw = to_video (self, x, y, FALSE);
      double tx = self->drag_start.p[0].x + (raw.x - self->drag_origin.x);
      double ty = self->drag_start.p[0].y + (raw.y - self->drag_origin.y);

      proprio_overlay_move (self->overlay, self->drag_id, tx - shape->p[0].x, ty - shape->p[0].y);
    }
}

static void
finish_angle_press (ProprioOverlayEditor *self,
                    gboolean              moved)
{
  const ProprioOverlayPoint *pts = self->angle_points;
  guint id;

  if (self->angle_press_added && !moved)
    return;   /* a click on the first point: the vertex comes next */
  self->angle_points[self->angle_n++] = self->angle_live;
  if (self->angle_n < 3)
    return;

  /* A third point on the vertex measures nothing: wait for another. */
  if (pts[2].x == pts[1].x && pts[2].y == pts[1].y)
    {
      self->angle_n = 2;
      return;
    }
  self->angle_n = 0;
  id = proprio_overlay_add_angle (self->overlay, pts[0].x, pts[0].y, pts[1].x, pts[1].y,
                                  pts[2].x, pts[2].y);
  proprio_overlay_editor_select (self, id);
}

void
proprio_overlay_editor_pointer_up (ProprioOverlayEditor *self,
                                   double                x,
                                   double                y)
{
  const ProprioOverlayShape *shape;
  gboolean moved;

  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));

  if (!self->pressed)
    return;
  proprio_overlay_editor_pointer_move (self, x, y);
  self->pressed = FALSE;
  moved = self->drag_moved;

  if (self->tool == PROPRIO_OVERLAY_TOOL_ANGLE)
    {
      finish_angle_press (self, moved);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  shape = self->drag_id != 0 ? proprio_overlay_lookup (self->overlay, self->drag_id) : NULL;
  if (shape != NULL && self->drag_creates && !moved)
    {
      if (shape->kind == PROPRIO_OVERLAY_LINE && !self->line_second)
        {
          /* A first click fixes one end and shows the line to the pointer until the second; no
           * shape yet, so the group nets to nothing and leaves no undo step. */
          self->line_pending = TRUE;
          self->line_start = self->line_live = shape->p[0];
          proprio_overlay_remove (self->overlay, self->drag_id);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      else if (shape->kind == PROPRIO_OVERLAY_LINE &&
               shape->p[0].x == shape->p[1].x && shape->p[0].y == shape->p[1].y)
        {
          /* A second click on the first: no line of no length. */
          proprio_overlay_remove (self->overlay, self->drag_id);
        }
      else if (shape->kind == PROPRIO_OVERLAY_CIRCLE)
        {
          double r = DEFAULT_CIRCLE_RADIUS / video_aspect (self);
          double rim_x = shape->p[0].x + r <= 1.0 ? shape->p[0].x + r : shape->p[0].x - r;

          proprio_overlay_move_point (self->overlay, self->drag_id, 1, rim_x, shape->p[0].y);
        }
    }
  /* Closed even when the shape vanished mid-drag (removed by other code): an open group would
   * block undo for good. */
  if (self->group_open)
    {
      self->group_open = FALSE;
      proprio_overlay_end_group (self->overlay);
    }
  if (self->drag_id != 0)
    proprio_overlay_editor_select (self, self->drag_id);
  self->drag_id = 0;
  self->drag_handle = -1;
  self->drag_creates = FALSE;
  self->line_second = FALSE;
}

void
proprio_overlay_editor_pointer_hover (ProprioOverlayEditor *self,
                                      double                x,
                                      double                y)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY_EDITOR (self));

  if (self->pressed)
    return;
  if (self->tool == PROPRIO_OVERLAY_TOOL_ANGLE && self->angle_n > 0)
    {
      self->angle_live = to_video (self, x, y, TRUE);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->tool == PROPRIO_OVERLAY_TOOL_LINE && self->line_pending)
    {
      self->line_live = to_video (self, x, y, TRUE);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->tool == PROPRIO_OVERLAY_TOOL_SELECT)
    {
      ProprioOverlayFit fit;
      const char *cursor;

      proprio_overlay_editor_get_fit (self, &fit);
      cursor = proprio_overlay_hit_test (self->overlay, &fit, x, y,
                                         PROPRIO_OVERLAY_EDITOR_TOLERANCE, NULL) != 0 ? "move"
                                                                                     : NULL;
      if (g_strcmp0 (cursor, self->cursor) != 0)
        {
          self->cursor = cursor;
          gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
        }
    }
}
