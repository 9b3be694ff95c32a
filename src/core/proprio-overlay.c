/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay"

#include <math.h>
#include <string.h>

#include "proprio-overlay-private.h"

struct _ProprioOverlay
{
  GObject    parent_instance;

  GArray    *shapes;        /* ProprioOverlayShape, bottom to top */
  /* Undo history as whole snapshots of the shape list: a list holds at most a few dozen small
   * structs, so copying it is cheaper and far simpler than inverting every kind of edit. */
  GPtrArray *undo;          /* GArray*, oldest first */
  GPtrArray *redo;          /* GArray*, oldest first */
  GArray    *group_before;  /* the list when the outermost open group began */
  guint      group_depth;
  guint      next_id;

  /* What the last notifications said, to notify only on change. */
  guint      notified_n_shapes;
  gboolean   notified_can_undo;
  gboolean   notified_can_redo;
};

enum
{
  PROP_0,
  PROP_N_SHAPES,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ProprioOverlay, proprio_overlay, G_TYPE_OBJECT)
G_DEFINE_QUARK (proprio-overlay-error-quark, proprio_overlay_error)

static GArray *
shapes_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (ProprioOverlayShape));
}

static GArray *
shapes_copy (GArray *shapes)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (ProprioOverlayShape), shapes->len);

  g_array_append_vals (copy, shapes->data, shapes->len);
  return copy;
}

/* Equal including ids: an undo step that restores other ids is a real change. */
static gboolean
shapes_equal (GArray *a,
              GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      const ProprioOverlayShape *sa = &g_array_index (a, ProprioOverlayShape, i);
      const ProprioOverlayShape *sb = &g_array_index (b, ProprioOverlayShape, i);

      if (sa->id != sb->id || !proprio_overlay_shape_equal (sa, sb))
        return FALSE;
    }
  return TRUE;
}

static void
emit_changed (ProprioOverlay *self)
{
  gboolean can_undo = proprio_overlay_can_undo (self);
  gboolean can_redo = proprio_overlay_can_redo (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->notified_n_shapes != self->shapes->len)
    {
      self->notified_n_shapes = self->shapes->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHAPES]);
    }
  if (self->notified_can_undo != can_undo)
    {
      self->notified_can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (self->notified_can_redo != can_redo)
    {
      self->notified_can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
push_undo (ProprioOverlay *self,
           GArray         *before)
{
  g_ptr_array_add (self->undo, before);
  while (self->undo->len > PROPRIO_OVERLAY_MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
}

/* Called right before every change; inside a group the group's start state is what undo restores. */
static void
record (ProprioOverlay *self)
{
  if (self->group_depth == 0)
    push_undo (self, shapes_copy (self->shapes));
}

static ProprioOverlayShape *
find (ProprioOverlay *self,
      guint           id,
      guint          *out_index)
{
  for (guint i = 0; id != 0 && i < self->shapes->len; i++)
    if (g_array_index (self->shapes, ProprioOverlayShape, i).id == id)
      {
        if (out_index != NULL)
          *out_index = i;
        return &g_array_index (self->shapes, ProprioOverlayShape, i);
      }
  return NULL;
}

static void
proprio_overlay_finalize (GObject *object)
{
  ProprioOverlay *self = PROPRIO_OVERLAY (object);

  g_clear_pointer (&self->shapes, g_array_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->group_before, g_array_unref);

  G_OBJECT_CLASS (proprio_overlay_parent_class)->finalize (object);
}

static void
proprio_overlay_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ProprioOverlay *self = PROPRIO_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_N_SHAPES:
      g_value_set_uint (value, self->shapes->len);
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, proprio_overlay_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, proprio_overlay_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_overlay_class_init (ProprioOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = proprio_overlay_finalize;
  object_class->get_property = proprio_overlay_get_property;

  properties[PROP_N_SHAPES] =
    g_param_spec_uint ("n-shapes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after every change of the shapes, including undo, redo and loading. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
proprio_overlay_init (ProprioOverlay *self)
{
  self->shapes = shapes_new ();
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->next_id = 1;
}

ProprioOverlay *
proprio_overlay_new (void)
{
  return g_object_new (PROPRIO_TYPE_OVERLAY, NULL);
}

guint
proprio_overlay_get_n_shapes (ProprioOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), 0);

  return self->shapes->len;
}

const ProprioOverlayShape *
proprio_overlay_get_shape (ProprioOverlay *self,
                           guint           index)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), NULL);
  g_return_val_if_fail (index < self->shapes->len, NULL);

  return &g_array_index (self->shapes, ProprioOverlayShape, index);
}

const ProprioOverlayShape *
proprio_overlay_lookup (ProprioOverlay *self,
                        guint           id)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), NULL);

  return find (self, id, NULL);
}

guint
proprio_overlay_add (ProprioOverlay            *self,
                     const ProprioOverlayShape *shape)
{
  ProprioOverlayShape copy;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), 0);
  g_return_val_if_fail (shape != NULL, 0);

  if (!proprio_overlay_shape_is_valid (shape) || self->shapes->len >= PROPRIO_OVERLAY_MAX_SHAPES)
    return 0;

  copy = *shape;
  copy.id = self->next_id++;
  /* Unused points are zero so equal shapes compare and serialise alike. */
  for (guint i = proprio_overlay_kind_n_points (copy.kind); i < PROPRIO_OVERLAY_MAX_POINTS; i++)
    copy.p[i] = (ProprioOverlayPoint) { 0.0, 0.0 };

  record (self);
  g_array_append_val (self->shapes, copy);
  emit_changed (self);
  return copy.id;
}

static guint
add_points (ProprioOverlay     *self,
            ProprioOverlayKind  kind,
            double              x0,
            double              y0,
            double              x1,
            double              y1,
            double              x2,
            double              y2)
{
  ProprioOverlayShape shape = {
    .kind = kind,
    .p = { { x0, y0 }, { x1, y1 }, { x2, y2 } },
  };

  return proprio_overlay_add (self, &shape);
}

guint
proprio_overlay_add_plumb (ProprioOverlay *self,
                           double          x)
{
  return add_points (self, PROPRIO_OVERLAY_PLUMB, x, 0.5, 0, 0, 0, 0);
}

guint
proprio_overlay_add_level (ProprioOverlay *self,
                           double          y)
{
  return add_points (self, PROPRIO_OVERLAY_LEVEL, 0.5, y, 0, 0, 0, 0);
}

guint
proprio_overlay_add_grid (ProprioOverlay *self,
                          double          x,
                          double          y,
                          double          cell_x,
                          double          cell_y)
{
  return add_points (self, PROPRIO_OVERLAY_GRID, x, y, cell_x, cell_y, 0, 0);
}

guint
proprio_overlay_add_line (ProprioOverlay *self,
                          double          x0,
                          double          y0,
                          double          x1,
                          double          y1)
{
  return add_points (self, PROPRIO_OVERLAY_LINE, x0, y0, x1, y1, 0, 0);
}

guint
proprio_overlay_add_circle (ProprioOverlay *self,
                            double          cx,
                            double          cy,
                            double          rim_x,
                            double          rim_y)
{
  return add_points (self, PROPRIO_OVERLAY_CIRCLE, cx, cy, rim_x, rim_y, 0, 0);
}

guint
proprio_overlay_add_angle (ProprioOverlay *self,
                           double          ax,
                           double          ay,
                           double          vx,
                           double          vy,
                           double          bx,
                           double          by)
{
  return add_points (self, PROPRIO_OVERLAY_ANGLE, ax, ay, vx, vy, bx, by);
}

gboolean
proprio_overlay_update (ProprioOverlay            *self,
                        guint                      id,
                        const ProprioOverlayShape *shape)
{
  ProprioOverlayShape *current;
  ProprioOverlayShape copy;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);
  g_return_val_if_fail (shape != NULL, FALSE);

  current = find (self, id, NULL);
  if (current == NULL || current->kind != shape->kind || !proprio_overlay_shape_is_valid (shape))
    return FALSE;
  if (proprio_overlay_shape_equal (current, shape))
    return TRUE;

  copy = *shape;
  copy.id = id;
  for (guint i = proprio_overlay_kind_n_points (copy.kind); i < PROPRIO_OVERLAY_MAX_POINTS; i++)
    copy.p[i] = (ProprioOverlayPoint) { 0.0, 0.0 };

  record (self);
  *find (self, id, NULL) = copy;
  emit_changed (self);
  return TRUE;
}

gboolean
proprio_overlay_move (ProprioOverlay *self,
                      guint           id,
                      double          dx,
                      double          dy)
{
  const ProprioOverlayShape *current;
  ProprioOverlayShape moved;
  double min_x = 1.0, max_x = 0.0, min_y = 1.0, max_y = 0.0;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  current = find (self, id, NULL);
  if (current == NULL || !isfinite (dx) || !isfinite (dy))
    return FALSE;

  n = proprio_overlay_kind_n_points (current->kind);
  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, current->p[i].x);
      max_x = MAX (max_x, current->p[i].x);
      min_y = MIN (min_y, current->p[i].y);
      max_y = MAX (max_y, current->p[i].y);
    }
  /* Cut the move short rather than squash the shape against the edge. */
  dx = CLAMP (dx, -min_x, 1.0 - max_x);
  dy = CLAMP (dy, -min_y, 1.0 - max_y);

  moved = *current;
  for (guint i = 0; i < n; i++)
    {
      moved.p[i].x = CLAMP (moved.p[i].x + dx, 0.0, 1.0);
      moved.p[i].y = CLAMP (moved.p[i].y + dy, 0.0, 1.0);
    }
  return proprio_overlay_update (self, id, &moved);
}

gboolean
proprio_overlay_move_point (ProprioOverlay *self,
                            guint           id,
                            guint           index,
                            double          x,
                            double          y)
{
  const ProprioOverlayShape *current;
  ProprioOverlayShape moved;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  current = find (self, id, NULL);
  if (current == NULL || index >= proprio_overlay_kind_n_points (current->kind) ||
      !isfinite (x) || !isfinite (y))
    return FALSE;

  moved = *current;
  moved.p[index].x = CLAMP (x, 0.0, 1.0);
  moved.p[index].y = CLAMP (y, 0.0, 1.0);
  return proprio_overlay_update (self, id, &moved);
}

gboolean
proprio_overlay_remove (ProprioOverlay *self,
                        guint           id)
{
  guint index;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  if (find (self, id, &index) == NULL)
    return FALSE;
  record (self);
  g_array_remove_index (self->shapes, index);
  emit_changed (self);
  return TRUE;
}

void
proprio_overlay_clear (ProprioOverlay *self)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY (self));

  if (self->shapes->len == 0)
    return;
  record (self);
  g_array_set_size (self->shapes, 0);
  emit_changed (self);
}

guint
proprio_overlay_hit_test (ProprioOverlay          *self,
                          const ProprioOverlayFit *fit,
                          double                   x,
                          double                   y,
                          double                   tolerance,
                          int                     *out_handle)
{
  guint best_id = 0;
  int best_handle = -1;
  double best = INFINITY;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), 0);
  g_return_val_if_fail (fit != NULL, 0);

  /* Top first, and only a strictly closer shape wins, so ties go to the one drawn on top. */
  for (guint i = self->shapes->len; i-- > 0;)
    {
      const ProprioOverlayShape *shape = &g_array_index (self->shapes, ProprioOverlayShape, i);
      double distance;
      int handle;

      if (proprio_overlay_shape_hit (shape, fit, x, y, tolerance, &handle, &distance) &&
          distance < best)
        {
          best = distance;
          best_id = shape->id;
          best_handle = handle;
        }
    }
  if (out_handle != NULL)
    *out_handle = best_handle;
  return best_id;
}

void
proprio_overlay_begin_group (ProprioOverlay *self)
{
  g_return_if_fail (PROPRIO_IS_OVERLAY (self));

  if (self->group_depth++ == 0)
    self->group_before = shapes_copy (self->shapes);
}

void
proprio_overlay_end_group (ProprioOverlay *self)
{
  g_autoptr(GArray) before = NULL;

  g_return_if_fail (PROPRIO_IS_OVERLAY (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;
  before = g_steal_pointer (&self->group_before);
  if (shapes_equal (before, self->shapes))
    return;
  push_undo (self, g_steal_pointer (&before));
  emit_changed (self);
}

static gboolean
step_history (ProprioOverlay *self,
              GPtrArray      *from,
              GPtrArray      *to)
{
  if (self->group_depth > 0 || from->len == 0)
    return FALSE;
  g_ptr_array_add (to, g_steal_pointer (&self->shapes));
  self->shapes = g_ptr_array_steal_index (from, from->len - 1);
  emit_changed (self);
  return TRUE;
}

gboolean
proprio_overlay_undo (ProprioOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  return step_history (self, self->undo, self->redo);
}

gboolean
proprio_overlay_redo (ProprioOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  return step_history (self, self->redo, self->undo);
}

gboolean
proprio_overlay_can_undo (ProprioOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  return self->undo->len > 0 && self->group_depth == 0;
}

gboolean
proprio_overlay_can_redo (ProprioOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);

  return self->redo->len > 0 && self->group_depth == 0;
}

/* Replaces the list with parsed shapes (ids unset), as one undo step when `undoable`. */
void
proprio_overlay_replace_shapes (ProprioOverlay *self,
                                GArray         *parsed,
                                gboolean        undoable)
{
  g_autoptr(GArray) shapes = shapes_new ();

  for (guint i = 0; i < parsed->len; i++)
    {
      ProprioOverlayShape shape = g_array_index (parsed, ProprioOverlayShape, i);

      shape.id = self->next_id++;
      g_array_append_val (shapes, shape);
    }
  if (undoable)
    record (self);
  g_clear_pointer (&self->shapes, g_array_unref);
  self->shapes = g_steal_pointer (&shapes);
  emit_changed (self);
}
