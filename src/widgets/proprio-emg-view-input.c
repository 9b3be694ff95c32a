/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* Dragging a zone's edges on the bars, the cursor that says they move, and tooltips. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-emg-view-private.h"

/* ---- handles ---- */

gboolean
_proprio_emg_view_find_handle (ProprioEmgView *self,
                               double          x,
                               double          y,
                               guint          *channel,
                               gboolean       *upper)
{
  const EmgViewLayout *layout;
  EmgViewState state;
  double best = EMG_VIEW_HANDLE_REACH_PX + 1;
  gboolean found = FALSE;

  if (!self->editable || self->compact)
    return FALSE;
  layout = _proprio_emg_view_get_layout (self);
  _proprio_emg_view_compute_state (self, &state);
  for (guint i = 0; i < layout->n_cells; i++)
    {
      const EmgCellLayout *cell = &layout->cells[i];
      const EmgChannel *c = &self->channels[cell->channel];
      double scale = state.scale[cell->channel];
      /* The zone's overhang and its grip take the pointer too. */
      double x1 = cell->bar.origin.x - EMG_VIEW_ZONE_OVERHANG_PX - 6;
      double x2 = cell->bar.origin.x + cell->bar.size.width + EMG_VIEW_ZONE_OVERHANG_PX + 16;
      double d;

      if (c->zone_kind == PROPRIO_EMG_ZONE_NONE || x < x1 || x > x2)
        continue;
      d = fabs (y - _proprio_emg_view_value_to_y (cell, scale, c->upper));
      if (d < best)
        {
          best = d;
          *channel = cell->channel;
          *upper = TRUE;
          found = TRUE;
        }
      if (c->zone_kind != PROPRIO_EMG_ZONE_BAND)
        continue;
      d = fabs (y - _proprio_emg_view_value_to_y (cell, scale, c->lower));
      /* Edges that touch: the lower one when the pointer is under them, so both stay movable. */
      if (d < best || (d == best && found && *channel == cell->channel &&
                       y > _proprio_emg_view_value_to_y (cell, scale, c->lower)))
        {
          best = d;
          *channel = cell->channel;
          *upper = FALSE;
          found = TRUE;
        }
    }
  return found;
}

static const EmgCellLayout *
cell_of (ProprioEmgView *self,
         guint           channel)
{
  const EmgViewLayout *layout = _proprio_emg_view_get_layout (self);

  for (guint i = 0; i < layout->n_cells; i++)
    if (layout->cells[i].channel == channel)
      return &layout->cells[i];
  return NULL;
}

/* The step values snap to: whole %MVC or µV on ordinary scales, finer on small ones. */
static double
snap (double value,
      double scale)
{
  double step = scale >= 50 ? 1 : scale >= 5 ? 0.1 : 0.01;

  return round (value / step) * step;
}

gboolean
_proprio_emg_view_pointer_down (ProprioEmgView *self,
                                double          x,
                                double          y)
{
  EmgViewState state;
  guint channel;
  gboolean upper;

  if (!_proprio_emg_view_find_handle (self, x, y, &channel, &upper))
    return FALSE;
  _proprio_emg_view_compute_state (self, &state);
  self->dragging = TRUE;
  self->drag_channel = channel;
  self->drag_upper = upper;
  /* The automatic scale may move with the data: the drag keeps the one it started on, so the
   * edge stays under the pointer. */
  self->drag_scale = state.scale[channel];
  return TRUE;
}

void
_proprio_emg_view_pointer_move (ProprioEmgView *self,
                                double          x,
                                double          y)
{
  const EmgCellLayout *cell;
  EmgChannel *c;
  double value, gap, lower, upper;

  if (!self->dragging || (cell = cell_of (self, self->drag_channel)) == NULL)
    return;
  c = &self->channels[self->drag_channel];
  value = snap (_proprio_emg_view_y_to_value (cell, self->drag_scale, y), self->drag_scale);
  /* A band keeps some width, so its two edges never swap or vanish under the pointer. */
  gap = self->drag_scale / 100;
  lower = c->lower;
  upper = c->upper;
  if (self->drag_upper)
    upper = MAX (value, c->zone_kind == PROPRIO_EMG_ZONE_BAND ? lower + gap : gap);
  else
    lower = MIN (value, upper - gap);
  lower = MAX (lower, 0);
  if (lower == c->lower && upper == c->upper)
    return;
  c->lower = lower;
  c->upper = upper;
  _proprio_emg_view_invalidate (self, FALSE);
  _proprio_emg_view_emit_zone_changed (self, self->drag_channel);
}

void
_proprio_emg_view_pointer_up (ProprioEmgView *self,
                              double          x,
                              double          y)
{
  if (!self->dragging)
    return;
  _proprio_emg_view_pointer_move (self, x, y);
  self->dragging = FALSE;
}

void
_proprio_emg_view_pointer_hover (ProprioEmgView *self,
                                 double          x,
                                 double          y)
{
  guint channel;
  gboolean upper;
  const char *want = NULL;
  GdkCursor *now = gtk_widget_get_cursor (GTK_WIDGET (self));

  if (self->dragging || _proprio_emg_view_find_handle (self, x, y, &channel, &upper))
    want = "ns-resize";
  if (want == NULL && now == NULL)
    return;
  if (want != NULL && now != NULL && g_strcmp0 (gdk_cursor_get_name (now), want) == 0)
    return;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), want);
}

/* ---- gestures ---- */

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               ProprioEmgView *self)
{
  /* Anywhere but on an edge the press is not ours (a page may scroll or select). */
  if (!_proprio_emg_view_pointer_down (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                ProprioEmgView *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    _proprio_emg_view_pointer_move (self, x + dx, y + dy);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             ProprioEmgView *self)
{
  double x, y;

  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    _proprio_emg_view_pointer_up (self, x + dx, y + dy);
  self->dragging = FALSE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           ProprioEmgView           *self)
{
  _proprio_emg_view_pointer_hover (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          ProprioEmgView           *self)
{
  if (!self->dragging)
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static gboolean
query_tooltip_cb (GtkWidget      *widget,
                  int             x,
                  int             y,
                  gboolean        keyboard,
                  GtkTooltip     *tooltip,
                  ProprioEmgView *self)
{
  const EmgViewLayout *layout = _proprio_emg_view_get_layout (self);
  guint channel;
  gboolean upper;

  if (_proprio_emg_view_find_handle (self, x, y, &channel, &upper))
    {
      gtk_tooltip_set_text (tooltip, upper ? _("Drag to move the zone’s upper edge")
                                           : _("Drag to move the zone’s lower edge"));
      return TRUE;
    }
  /* A warning is cut to one line on the bar: its whole text here. */
  for (guint i = 0; i < layout->n_cells; i++)
    {
      const EmgCellLayout *cell = &layout->cells[i];
      const char *warning = self->channels[cell->channel].warning;

      if (warning != NULL && graphene_rect_contains_point (&cell->cell,
                                                           &GRAPHENE_POINT_INIT (x, y)))
        {
          gtk_tooltip_set_text (tooltip, warning);
          return TRUE;
        }
    }
  return FALSE;
}

void
_proprio_emg_view_init_input (ProprioEmgView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}
