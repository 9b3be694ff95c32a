/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-stillness"

#include "config.h"

#include <math.h>
#include <string.h>

#include "proprio-stillness.h"

#define MAX_DIMS 2
#define INITIAL_CAPACITY 64

typedef struct
{
  gint64 t_us;
  double p[MAX_DIMS];
} Point;

/* A queue of absolute sample indices, stored modulo the capacity like the points. */
typedef struct
{
  guint64 *items;
  guint64  head;   /* absolute position of the first item */
  guint64  tail;   /* one past the last */
} Queue;

struct _ProprioStillness
{
  guint    n_dims;
  double   range;
  gint64   hold_us;
  gint64   max_gap_us;

  /* Samples [first, end) of the stretch, at index % capacity; capacity is a power of two. */
  Point   *points;
  guint64  capacity;
  guint64  first;
  guint64  end;
  /* Per axis: indices whose values increase (minimum at the head) and decrease (maximum). */
  Queue    min_q[MAX_DIMS];
  Queue    max_q[MAX_DIMS];
  gboolean still;
};

static Point *
point_at (ProprioStillness *self,
          guint64           index)
{
  return &self->points[index & (self->capacity - 1)];
}

static guint64
queue_get (ProprioStillness *self,
           Queue            *q,
           guint64           pos)
{
  return q->items[pos & (self->capacity - 1)];
}

static void
queue_set (ProprioStillness *self,
           Queue            *q,
           guint64           pos,
           guint64           value)
{
  q->items[pos & (self->capacity - 1)] = value;
}

ProprioStillness *
proprio_stillness_new (guint  n_dims,
                       double range,
                       gint64 hold_us,
                       gint64 max_gap_us)
{
  ProprioStillness *self;

  g_return_val_if_fail (n_dims >= 1 && n_dims <= MAX_DIMS, NULL);
  g_return_val_if_fail (isfinite (range) && range >= 0.0, NULL);
  g_return_val_if_fail (hold_us >= 0 && max_gap_us > 0, NULL);

  self = g_new0 (ProprioStillness, 1);
  self->n_dims = n_dims;
  self->range = range;
  self->hold_us = hold_us;
  self->max_gap_us = max_gap_us;
  self->capacity = INITIAL_CAPACITY;
  self->points = g_new0 (Point, self->capacity);
  for (guint d = 0; d < MAX_DIMS; d++)
    {
      self->min_q[d].items = g_new0 (guint64, self->capacity);
      self->max_q[d].items = g_new0 (guint64, self->capacity);
    }
  return self;
}

void
proprio_stillness_free (ProprioStillness *self)
{
  if (self == NULL)
    return;
  g_free (self->points);
  for (guint d = 0; d < MAX_DIMS; d++)
    {
      g_free (self->min_q[d].items);
      g_free (self->max_q[d].items);
    }
  g_free (self);
}

void
proprio_stillness_reset (ProprioStillness *self)
{
  g_return_if_fail (self != NULL);

  self->first = self->end = 0;
  for (guint d = 0; d < MAX_DIMS; d++)
    {
      self->min_q[d].head = self->min_q[d].tail = 0;
      self->max_q[d].head = self->max_q[d].tail = 0;
    }
  self->still = FALSE;
}

/* Twice the room, every stored index at its place modulo the new capacity. */
static void
grow (ProprioStillness *self)
{
  guint64 capacity = self->capacity * 2;
  Point *points = g_new0 (Point, capacity);

  for (guint64 i = self->first; i < self->end; i++)
    points[i & (capacity - 1)] = *point_at (self, i);
  for (guint d = 0; d < MAX_DIMS; d++)
    {
      Queue *queues[2] = { &self->min_q[d], &self->max_q[d] };

      for (guint k = 0; k < 2; k++)
        {
          guint64 *items = g_new0 (guint64, capacity);

          for (guint64 pos = queues[k]->head; pos < queues[k]->tail; pos++)
            items[pos & (capacity - 1)] = queue_get (self, queues[k], pos);
          g_free (queues[k]->items);
          queues[k]->items = items;
        }
    }
  g_free (self->points);
  self->points = points;
  self->capacity = capacity;
}

static void
pop_front (ProprioStillness *self)
{
  guint64 gone = self->first++;

  for (guint d = 0; d < self->n_dims; d++)
    {
      Queue *min_q = &self->min_q[d], *max_q = &self->max_q[d];

      if (min_q->head < min_q->tail && queue_get (self, min_q, min_q->head) == gone)
        min_q->head++;
      if (max_q->head < max_q->tail && queue_get (self, max_q, max_q->head) == gone)
        max_q->head++;
    }
}

static gboolean
out_of_range (ProprioStillness *self)
{
  for (guint d = 0; d < self->n_dims; d++)
    {
      double lo = point_at (self, queue_get (self, &self->min_q[d], self->min_q[d].head))->p[d];
      double hi = point_at (self, queue_get (self, &self->max_q[d], self->max_q[d].head))->p[d];

      if (hi - lo > self->range)
        return TRUE;
    }
  return FALSE;
}

gboolean
proprio_stillness_push (ProprioStillness *self,
                        gint64            t_us,
                        const double     *position)
{
  guint64 index;
  Point *point;

  g_return_val_if_fail (self != NULL, FALSE);

  if (position == NULL)
    {
      proprio_stillness_reset (self);
      return FALSE;
    }
  for (guint d = 0; d < self->n_dims; d++)
    if (!isfinite (position[d]))
      {
        proprio_stillness_reset (self);
        return FALSE;
      }
  if (self->end > self->first)
    {
      gint64 last_us = point_at (self, self->end - 1)->t_us;

      if (t_us <= last_us)
        return self->still;
      if (t_us - last_us > self->max_gap_us)
        proprio_stillness_reset (self);
    }

  if (self->end - self->first == self->capacity)
    grow (self);
  index = self->end++;
  point = point_at (self, index);
  point->t_us = t_us;
  memset (point->p, 0, sizeof point->p);
  for (guint d = 0; d < self->n_dims; d++)
    {
      Queue *min_q = &self->min_q[d], *max_q = &self->max_q[d];

      point->p[d] = position[d];
      while (min_q->tail > min_q->head &&
             point_at (self, queue_get (self, min_q, min_q->tail - 1))->p[d] >= position[d])
        min_q->tail--;
      queue_set (self, min_q, min_q->tail++, index);
      while (max_q->tail > max_q->head &&
             point_at (self, queue_get (self, max_q, max_q->tail - 1))->p[d] <= position[d])
        max_q->tail--;
      queue_set (self, max_q, max_q->tail++, index);
    }

  /* Keep the one sample at or before t − hold, so a stretch spans the whole hold. */
  while (self->end - self->first >= 2 &&
         point_at (self, self->first + 1)->t_us <= t_us - self->hold_us)
    pop_front (self);
  /* A movement: the stretch starts after it. */
  while (self->end - self->first >= 2 && out_of_range (self))
    pop_front (self);

  self->still = t_us - point_at (self, self->first)->t_us >= self->hold_us;
  return self->still;
}

gboolean
proprio_stillness_is_still (ProprioStillness *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->still;
}

gint64
proprio_stillness_get_held_us (ProprioStillness *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->end == self->first)
    return 0;
  return point_at (self, self->end - 1)->t_us - point_at (self, self->first)->t_us;
}

double
proprio_stillness_get_progress (ProprioStillness *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  if (self->end == self->first)
    return 0.0;
  if (self->hold_us == 0)
    return 1.0;
  return CLAMP ((double) proprio_stillness_get_held_us (self) / (double) self->hold_us, 0.0, 1.0);
}

gboolean
proprio_stillness_get_mean (ProprioStillness *self,
                            double           *mean)
{
  double sum[MAX_DIMS] = { 0.0, 0.0 };
  guint64 n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (mean != NULL, FALSE);

  n = self->end - self->first;
  if (n == 0)
    return FALSE;
  for (guint64 i = self->first; i < self->end; i++)
    for (guint d = 0; d < self->n_dims; d++)
      sum[d] += point_at (self, i)->p[d];
  for (guint d = 0; d < self->n_dims; d++)
    mean[d] = sum[d] / (double) n;
  return TRUE;
}
