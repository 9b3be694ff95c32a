/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-trail"

#include "proprio-cop-trail.h"

struct _ProprioCopTrail
{
  ProprioCopPoint *points;
  guint            capacity;   /* a power of two, grown on demand up to max_points */
  guint            max_points; /* a power of two */
  guint            head;       /* index of the oldest point in `points` */
  guint            length;
  guint64          first_seq;
};

ProprioCopTrail *
proprio_cop_trail_new (guint max_points)
{
  ProprioCopTrail *self = g_new0 (ProprioCopTrail, 1);

  /* Both are powers of two so that an index wraps with a mask. */
  self->max_points = 16;
  while (self->max_points < max_points && self->max_points < (1u << 30))
    self->max_points <<= 1;
  /* Start small: most views hold a few seconds at 100 Hz, and growing is cheap. */
  self->capacity = MIN (1024u, self->max_points);
  self->points = g_new (ProprioCopPoint, self->capacity);
  return self;
}

void
proprio_cop_trail_free (ProprioCopTrail *self)
{
  if (self == NULL)
    return;
  g_free (self->points);
  g_free (self);
}

void
proprio_cop_trail_clear (ProprioCopTrail *self)
{
  g_return_if_fail (self != NULL);

  self->first_seq += self->length;
  self->head = 0;
  self->length = 0;
}

static inline ProprioCopPoint *
slot (ProprioCopTrail *self,
      guint            index)
{
  return &self->points[(self->head + index) & (self->capacity - 1)];
}

static void
grow (ProprioCopTrail *self)
{
  guint new_capacity = self->capacity * 2;
  ProprioCopPoint *points = g_new (ProprioCopPoint, new_capacity);

  for (guint i = 0; i < self->length; i++)
    points[i] = *slot (self, i);
  g_free (self->points);
  self->points = points;
  self->capacity = new_capacity;
  self->head = 0;
}

gboolean
proprio_cop_trail_append (ProprioCopTrail       *self,
                          const ProprioCopPoint *p)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (p != NULL, FALSE);

  if (self->length > 0 && p->t_us < slot (self, self->length - 1)->t_us)
    return FALSE;

  if (self->length == self->capacity)
    {
      if (self->capacity * 2 <= self->max_points)
        grow (self);
      else
        {
          self->head = (self->head + 1) & (self->capacity - 1);
          self->length--;
          self->first_seq++;
        }
    }

  *slot (self, self->length) = *p;
  self->length++;
  return TRUE;
}

guint
proprio_cop_trail_upper_bound (ProprioCopTrail *self,
                               gint64           t)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, 0);

  hi = self->length;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (slot (self, mid)->t_us <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
proprio_cop_trail_trim_before (ProprioCopTrail *self,
                               gint64           t_us)
{
  guint n;

  g_return_if_fail (self != NULL);

  /* Points with t < t_us are those up to the upper bound of t_us − 1. */
  n = t_us == G_MININT64 ? 0 : proprio_cop_trail_upper_bound (self, t_us - 1);
  self->head = (self->head + n) & (self->capacity - 1);
  self->length -= n;
  self->first_seq += n;
}

guint
proprio_cop_trail_get_length (ProprioCopTrail *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->length;
}

guint64
proprio_cop_trail_get_first_seq (ProprioCopTrail *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->first_seq;
}

const ProprioCopPoint *
proprio_cop_trail_get (ProprioCopTrail *self,
                       guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->length, NULL);
  return slot (self, index);
}
