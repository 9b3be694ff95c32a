/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-ring"

#include "proprio-ring.h"

#include <stdatomic.h>
#include <string.h>

struct _ProprioRing
{
  gatomicrefcount   ref_count;
  guint             capacity;   /* a power of two */
  guint             mask;
  _Atomic guint64   written;    /* samples published so far; slot = seq & mask */
  ProprioSample    *slots;
};

ProprioRing *
proprio_ring_new (guint min_capacity)
{
  ProprioRing *self;
  guint capacity = 16;

  g_return_val_if_fail (min_capacity <= (1u << 26), NULL);

  while (capacity < min_capacity)
    capacity <<= 1;

  self = g_new0 (ProprioRing, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->capacity = capacity;
  self->mask = capacity - 1;
  atomic_init (&self->written, 0);
  self->slots = g_new0 (ProprioSample, capacity);
  return self;
}

ProprioRing *
proprio_ring_ref (ProprioRing *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
proprio_ring_unref (ProprioRing *self)
{
  g_return_if_fail (self != NULL);
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->slots);
      g_free (self);
    }
}

guint
proprio_ring_get_capacity (ProprioRing *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->capacity;
}

guint64
proprio_ring_get_written (ProprioRing *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return atomic_load_explicit (&self->written, memory_order_acquire);
}

void
proprio_ring_push (ProprioRing         *self,
                   const ProprioSample *sample)
{
  guint64 seq;

  g_return_if_fail (self != NULL);
  g_return_if_fail (sample != NULL);

  /* Only one thread writes, so a relaxed load of our own counter is enough. */
  seq = atomic_load_explicit (&self->written, memory_order_relaxed);
  /* Order the previous publication (written = seq) before the stores into the slot: a reader
   * that sees any of these stores must then also see `written` >= seq, or its torn-copy check in
   * proprio_ring_read() would miss the overwrite on a weakly ordered CPU. Pairs with the
   * reader's acquire fence. (On x86 this only stops the compiler.) */
  atomic_thread_fence (memory_order_release);
  self->slots[seq & self->mask] = *sample;
  atomic_store_explicit (&self->written, seq + 1, memory_order_release);
}

void
proprio_ring_cursor_init (ProprioRingCursor *cursor,
                          ProprioRing       *ring,
                          gboolean           from_now)
{
  g_return_if_fail (cursor != NULL);
  g_return_if_fail (ring != NULL);

  cursor->ring = proprio_ring_ref (ring);
  cursor->next = from_now ? proprio_ring_get_written (ring) : 0;
  cursor->dropped = 0;
}

void
proprio_ring_cursor_clear (ProprioRingCursor *cursor)
{
  g_return_if_fail (cursor != NULL);
  g_clear_pointer (&cursor->ring, proprio_ring_unref);
}

gsize
proprio_ring_available (ProprioRingCursor *cursor)
{
  guint64 written;

  g_return_val_if_fail (cursor != NULL && cursor->ring != NULL, 0);
  written = proprio_ring_get_written (cursor->ring);
  return (gsize) MIN (written - cursor->next, (guint64) cursor->ring->capacity - 1);
}

gsize
proprio_ring_read (ProprioRingCursor *cursor,
                   ProprioSample     *out,
                   gsize              max)
{
  ProprioRing *ring;
  guint64 written, oldest, after;
  gsize n = 0;

  g_return_val_if_fail (cursor != NULL && cursor->ring != NULL, 0);
  g_return_val_if_fail (out != NULL || max == 0, 0);

  ring = cursor->ring;
  written = atomic_load_explicit (&ring->written, memory_order_acquire);
  /* The slot of sequence `written - capacity` is the one the writer may be filling right now. */
  oldest = written >= ring->capacity ? written - ring->capacity + 1 : 0;
  if (cursor->next < oldest)
    {
      cursor->dropped += oldest - cursor->next;
      cursor->next = oldest;
    }

  while (n < max && cursor->next < written)
    {
      out[n] = ring->slots[cursor->next & ring->mask];
      n++;
      cursor->next++;
    }

  if (n == 0)
    return 0;

  /* Seqlock-style check: while we copied, the writer may have lapped us and be rewriting the
   * oldest slots we copied. The writer touches sequence s while `written == s`, so a copied
   * sequence q is intact only if `written` is still below q + capacity. Discard the torn ones. */
  atomic_thread_fence (memory_order_acquire);
  after = atomic_load_explicit (&ring->written, memory_order_acquire);
  if (after >= ring->capacity)
    {
      guint64 first = cursor->next - n;
      guint64 safe_from = after - ring->capacity + 1;

      if (first < safe_from)
        {
          guint64 torn = MIN (safe_from - first, (guint64) n);

          memmove (out, out + torn, (n - torn) * sizeof *out);
          n -= torn;
          cursor->dropped += torn;
          if (cursor->next < safe_from)
            {
              cursor->dropped += safe_from - cursor->next;
              cursor->next = safe_from;
            }
        }
    }

  return n;
}
