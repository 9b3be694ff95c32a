/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-stream"

#include "config.h"

#include "proprio-stream-reader.h"

struct _ProprioStreamReader
{
  ProprioRingCursor  cursor;          /* ring NULL while following nothing */
  ProprioSample     *chunk;
  guint              chunk_len;
  guint64            reported_dropped;
  gint64             newest_us;
};

ProprioStreamReader *
proprio_stream_reader_new (guint chunk)
{
  ProprioStreamReader *self = g_new0 (ProprioStreamReader, 1);

  self->chunk_len = chunk > 0 ? chunk : 256;
  self->chunk = g_new (ProprioSample, self->chunk_len);
  return self;
}

void
proprio_stream_reader_free (ProprioStreamReader *self)
{
  if (self == NULL)
    return;
  proprio_ring_cursor_clear (&self->cursor);
  g_free (self->chunk);
  g_free (self);
}

void
proprio_stream_reader_set_ring (ProprioStreamReader *self,
                                ProprioRing         *ring,
                                gboolean             from_now)
{
  g_return_if_fail (self != NULL);

  proprio_ring_cursor_clear (&self->cursor);
  self->reported_dropped = 0;
  self->newest_us = 0;
  if (ring != NULL)
    proprio_ring_cursor_init (&self->cursor, ring, from_now);
}

ProprioRing *
proprio_stream_reader_get_ring (ProprioStreamReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->cursor.ring;
}

void
proprio_stream_reader_skip_to_now (ProprioStreamReader *self)
{
  ProprioRing *ring;

  g_return_if_fail (self != NULL);

  if (self->cursor.ring == NULL)
    return;
  /* A fresh cursor from now; what was skipped on purpose is not an overflow. */
  ring = proprio_ring_ref (self->cursor.ring);
  proprio_ring_cursor_clear (&self->cursor);
  proprio_ring_cursor_init (&self->cursor, ring, TRUE);
  self->reported_dropped = 0;
  proprio_ring_unref (ring);
}

gsize
proprio_stream_reader_drain (ProprioStreamReader *self,
                             ProprioSamplesFunc   func,
                             gpointer             user_data)
{
  gsize total = 0, n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  if (self->cursor.ring == NULL)
    return 0;

  while ((n = proprio_ring_read (&self->cursor, self->chunk, self->chunk_len)) > 0)
    {
      self->newest_us = MAX (self->newest_us, self->chunk[n - 1].t_us);
      func (self->chunk, n, user_data);
      total += n;
    }
  return total;
}

guint64
proprio_stream_reader_take_dropped (ProprioStreamReader *self)
{
  guint64 n;

  g_return_val_if_fail (self != NULL, 0);

  if (self->cursor.dropped <= self->reported_dropped)
    return 0;
  n = self->cursor.dropped - self->reported_dropped;
  self->reported_dropped = self->cursor.dropped;
  return n;
}

gint64
proprio_stream_reader_get_newest_us (ProprioStreamReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->newest_us;
}
