/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A time-indexed store of encoded video frames (JPEG in the camera, any bytes here) for the delayed
 * replay. It knows nothing of clocks: every time is an argument, CLOCK_MONOTONIC µs, so a test can
 * drive it with a fake clock and the camera with proprio_clock_now_us().
 *
 * Two bounds keep the memory stated:
 *   - budget_bytes: payload plus a fixed per-frame overhead (PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD);
 *     pushing past it evicts the oldest frames first;
 *   - max_age_us: frames older than the newest one by more than this are evicted, since no delay
 *     that long will ever be asked for.
 * So the effective replay span may be shorter than max_age_us when frames are large: ask
 * proprio_delay_buffer_get_span_us() and tell the user.
 *
 * Thread safety: all functions lock an internal mutex, so one thread may push (a GStreamer
 * streaming thread) while another looks up (the main thread). Lookups are O(log n). */
typedef struct _ProprioDelayBuffer ProprioDelayBuffer;

/* Bytes charged per frame on top of its payload: the index slot, the GBytes and malloc headers. */
#define PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD 96

ProprioDelayBuffer *proprio_delay_buffer_new            (gsize               budget_bytes,
                                                         gint64              max_age_us);
ProprioDelayBuffer *proprio_delay_buffer_ref            (ProprioDelayBuffer *self);
void                proprio_delay_buffer_unref          (ProprioDelayBuffer *self);

/* Stores @data (a reference is taken) as the frame captured at @t_us. Times must not go back:
 * a frame older than the newest stored one is refused (returns FALSE). A frame larger than the
 * whole budget is refused too. */
gboolean            proprio_delay_buffer_push           (ProprioDelayBuffer *self,
                                                         gint64              t_us,
                                                         GBytes             *data);

/* The newest frame captured at or before @t_us, or NULL when every stored frame is newer (or
 * none is stored). @out_t_us, if not NULL, receives that frame's time. Returns a new reference. */
GBytes             *proprio_delay_buffer_lookup         (ProprioDelayBuffer *self,
                                                         gint64              t_us,
                                                         gint64             *out_t_us);

/* The oldest frame stored, or NULL when empty: what to show while the buffer does not yet reach
 * back as far as the delay asks. Returns a new reference. */
GBytes             *proprio_delay_buffer_get_oldest     (ProprioDelayBuffer *self,
                                                         gint64             *out_t_us);

void                proprio_delay_buffer_clear          (ProprioDelayBuffer *self);
/* Lowers or raises the byte budget; lowering evicts at once. */
void                proprio_delay_buffer_set_budget     (ProprioDelayBuffer *self,
                                                         gsize               budget_bytes);
gsize               proprio_delay_buffer_get_budget     (ProprioDelayBuffer *self);
gint64              proprio_delay_buffer_get_max_age_us (ProprioDelayBuffer *self);
/* Payload plus overhead of what is stored now; never more than the budget. */
gsize               proprio_delay_buffer_get_bytes      (ProprioDelayBuffer *self);
guint               proprio_delay_buffer_get_n_frames   (ProprioDelayBuffer *self);
/* Newest time minus oldest time (0 with fewer than two frames). */
gint64              proprio_delay_buffer_get_span_us    (ProprioDelayBuffer *self);
/* Frames evicted to keep within the budget (not those that aged out). */
guint64             proprio_delay_buffer_get_evicted    (ProprioDelayBuffer *self);

/* Whether a delay is being shown (set from any thread): while not, the camera stores fewer
 * frames a second, enough for a delay switched on to start from the past. FALSE at first. */
void                proprio_delay_buffer_set_in_use     (ProprioDelayBuffer *self,
                                                         gboolean            in_use);
gboolean            proprio_delay_buffer_get_in_use     (ProprioDelayBuffer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioDelayBuffer, proprio_delay_buffer_unref)

G_END_DECLS
