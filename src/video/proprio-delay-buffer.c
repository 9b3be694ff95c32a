/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-delay-buffer"

#include "proprio-delay-buffer.h"

typedef struct
{
  gint64  t_us;
  GBytes *data;
} Entry;

struct _ProprioDelayBuffer
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  gsize           budget;
  gint64          max_age_us;
  /* A circular array in time order: slot (head + i) & (capacity - 1) holds the i-th oldest. An
   * array rather than a list so that lookup can bisect. */
  Entry          *entries;
  guint           capacity;   /* a power of two, or 0 before the first push */
  guint           head;
  guint           count;
  gsize           bytes;
  guint64         evicted;
  gint            in_use;     /* atomic */
};

static inline gsize
entry_cost (GBytes *data)
{
  return g_bytes_get_size (data) + PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD;
}

static inline Entry *
entry_at (ProprioDelayBuffer *self,
          guint               i)
{
  return &self->entries[(self->head + i) & (self->capacity - 1)];
}

ProprioDelayBuffer *
proprio_delay_buffer_new (gsize  budget_bytes,
                          gint64 max_age_us)
{
  ProprioDelayBuffer *self;

  g_return_val_if_fail (max_age_us >= 0, NULL);

  self = g_new0 (ProprioDelayBuffer, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->budget = budget_bytes;
  self->max_age_us = max_age_us;
  return self;
}

ProprioDelayBuffer *
proprio_delay_buffer_ref (ProprioDelayBuffer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
clear_locked (ProprioDelayBuffer *self)
{
  for (guint i = 0; i < self->count; i++)
    g_bytes_unref (entry_at (self, i)->data);
  self->head = 0;
  self->count = 0;
  self->bytes = 0;
}

void
proprio_delay_buffer_unref (ProprioDelayBuffer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  clear_locked (self);
  g_free (self->entries);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static void
drop_oldest_locked (ProprioDelayBuffer *self)
{
  Entry *e = entry_at (self, 0);

  g_assert (self->count > 0);
  self->bytes -= entry_cost (e->data);
  g_clear_pointer (&e->data, g_bytes_unref);
  self->head = (self->head + 1) & (self->capacity - 1);
  self->count--;
}

static void
enforce_budget_locked (ProprioDelayBuffer *self)
{
  while (self->count > 0 && self->bytes > self->budget)
    {
      drop_oldest_locked (self);
      self->evicted++;
    }
}

static void
grow_locked (ProprioDelayBuffer *self)
{
  guint new_capacity = self->capacity ? self->capacity * 2 : 64;
  Entry *entries = g_new (Entry, new_capacity);

  for (guint i = 0; i < self->count; i++)
    entries[i] = *entry_at (self, i);
  g_free (self->entries);
  self->entries = entries;
  self->capacity = new_capacity;
  self->head = 0;
}

gboolean
proprio_delay_buffer_push (ProprioDelayBuffer *self,
                           gint64              t_us,
                           GBytes             *data)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gsize cost;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  cost = entry_cost (data);
  if (cost > self->budget)
    return FALSE;
  if (self->count > 0 && t_us < entry_at (self, self->count - 1)->t_us)
    return FALSE;

  /* Age first: frames that no delay will reach go before any that still might. */
  while (self->count > 0 && t_us - entry_at (self, 0)->t_us > self->max_age_us)
    drop_oldest_locked (self);

  self->bytes += cost;
  if (self->count == self->capacity)
    grow_locked (self);
  *entry_at (self, self->count) = (Entry) { t_us, g_bytes_ref (data) };
  self->count++;

  /* The new frame fits the budget on its own (checked above), so this never evicts it. */
  enforce_budget_locked (self);
  return TRUE;
}

GBytes *
proprio_delay_buffer_lookup (ProprioDelayBuffer *self,
                             gint64              t_us,
                             gint64             *out_t_us)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint lo = 0, hi;
  Entry *e;

  g_return_val_if_fail (self != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  /* Find the first frame newer than t_us; the one before it is the answer. */
  hi = self->count;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (entry_at (self, mid)->t_us <= t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return NULL;

  e = entry_at (self, lo - 1);
  if (out_t_us != NULL)
    *out_t_us = e->t_us;
  return g_bytes_ref (e->data);
}

GBytes *
proprio_delay_buffer_get_oldest (ProprioDelayBuffer *self,
                                 gint64             *out_t_us)
{
  g_autoptr(GMutexLocker) locker = NULL;
  Entry *e;

  g_return_val_if_fail (self != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (self->count == 0)
    return NULL;
  e = entry_at (self, 0);
  if (out_t_us != NULL)
    *out_t_us = e->t_us;
  return g_bytes_ref (e->data);
}

void
proprio_delay_buffer_clear (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (self != NULL);

  locker = g_mutex_locker_new (&self->mutex);
  clear_locked (self);
}

void
proprio_delay_buffer_set_budget (ProprioDelayBuffer *self,
                                 gsize               budget_bytes)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (self != NULL);

  locker = g_mutex_locker_new (&self->mutex);
  self->budget = budget_bytes;
  enforce_budget_locked (self);
}

gsize
proprio_delay_buffer_get_budget (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->budget;
}

gint64
proprio_delay_buffer_get_max_age_us (ProprioDelayBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  /* Fixed at construction: no lock needed. */
  return self->max_age_us;
}

gsize
proprio_delay_buffer_get_bytes (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->bytes;
}

guint
proprio_delay_buffer_get_n_frames (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->count;
}

gint64
proprio_delay_buffer_get_span_us (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  if (self->count < 2)
    return 0;
  return entry_at (self, self->count - 1)->t_us - entry_at (self, 0)->t_us;
}

guint64
proprio_delay_buffer_get_evicted (ProprioDelayBuffer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (self != NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  return self->evicted;
}

void
proprio_delay_buffer_set_in_use (ProprioDelayBuffer *self,
                                 gboolean            in_use)
{
  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->in_use, !!in_use);
}

gboolean
proprio_delay_buffer_get_in_use (ProprioDelayBuffer *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_atomic_int_get (&self->in_use);
}
