/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-ring.h"
#include "proprio-sample.h"

G_BEGIN_DECLS

/* A reader of one ring that drains it in chunks into a callback and keeps count of what it lost
 * because it fell behind. GLib only: the frame-clock follower in the UI (ProprioStreamFollower),
 * the station's exercise pump and the recorder are all this. Not thread-safe: one thread per
 * reader. */
typedef struct _ProprioStreamReader ProprioStreamReader;

/* Called with consecutive samples, oldest first; `samples` is valid only during the call. */
typedef void (*ProprioSamplesFunc) (const ProprioSample *samples,
                                    gsize                n_samples,
                                    gpointer             user_data);

/* `chunk`: the most samples handed over per call (0: 256). */
ProprioStreamReader *proprio_stream_reader_new          (guint                chunk);
void                 proprio_stream_reader_free         (ProprioStreamReader *self);
/* Follow `ring` (NULL: nothing), from its newest sample (`from_now`) or its oldest kept one. */
void                 proprio_stream_reader_set_ring     (ProprioStreamReader *self,
                                                         ProprioRing         *ring,
                                                         gboolean             from_now);
ProprioRing         *proprio_stream_reader_get_ring     (ProprioStreamReader *self);
/* Skip what is waiting: the next drain starts at the newest sample. */
void                 proprio_stream_reader_skip_to_now  (ProprioStreamReader *self);
/* Hands every waiting sample to `func`; returns how many. */
gsize                proprio_stream_reader_drain        (ProprioStreamReader *self,
                                                         ProprioSamplesFunc   func,
                                                         gpointer             user_data);
/* Samples lost to overflow since the last call (for the device's health); 0 when none. */
guint64              proprio_stream_reader_take_dropped (ProprioStreamReader *self);
/* Newest sample time drained so far, 0 before the first. */
gint64               proprio_stream_reader_get_newest_us (ProprioStreamReader *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStreamReader, proprio_stream_reader_free)

G_END_DECLS
