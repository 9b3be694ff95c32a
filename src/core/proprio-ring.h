/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-sample.h"

G_BEGIN_DECLS

/* A ring of samples with exactly one writer (a device's reader thread) and any number of readers,
 * each with its own cursor (the render loop, the recorder). The writer never waits: a reader that
 * falls behind loses the oldest samples and its cursor counts them. Because the writer may be
 * filling one slot at any moment, a reader can get at most capacity − 1 samples back. */
typedef struct _ProprioRing ProprioRing;

typedef struct
{
  ProprioRing *ring;
  guint64      next;     /* sequence number of the next sample to read */
  guint64      dropped;  /* samples overwritten before this reader got to them */
} ProprioRingCursor;

ProprioRing *proprio_ring_new          (guint              min_capacity);
ProprioRing *proprio_ring_ref          (ProprioRing       *self);
void         proprio_ring_unref        (ProprioRing       *self);
guint        proprio_ring_get_capacity (ProprioRing       *self);
guint64      proprio_ring_get_written  (ProprioRing       *self);
void         proprio_ring_push         (ProprioRing       *self,
                                        const ProprioSample *sample);

void         proprio_ring_cursor_init  (ProprioRingCursor *cursor,
                                        ProprioRing       *ring,
                                        gboolean           from_now);
void         proprio_ring_cursor_clear (ProprioRingCursor *cursor);
gsize        proprio_ring_read         (ProprioRingCursor *cursor,
                                        ProprioSample     *out,
                                        gsize              max);
gsize        proprio_ring_available    (ProprioRingCursor *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioRing, proprio_ring_unref)

G_END_DECLS
