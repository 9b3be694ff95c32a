/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/proprio-stream-reader.h"
#include "devices/proprio-device.h"

G_BEGIN_DECLS

/* A view's follower of one device's stream: on every frame of `widget`'s frame clock (while it is
 * mapped) it calls `before` (e.g. to pump the station), then hands every new sample to `func`,
 * oldest first, and reports samples it lost by falling behind to the device's health. It starts
 * from the newest sample whenever the device changes or the widget is mapped again: what a hidden
 * view did not draw is not lost data (the recorder and the exercises have cursors of their own).
 *
 * Owned by the widget (free it in dispose); no allocation per frame. */
typedef struct _ProprioStreamFollower ProprioStreamFollower;

/* Called once per frame before the samples, with the frame time on the monotonic clock. */
typedef void (*ProprioFollowerTickFunc) (gint64   now_us,
                                         gpointer user_data);

ProprioStreamFollower *proprio_stream_follower_new         (GtkWidget               *widget,
                                                            ProprioFollowerTickFunc  before,
                                                            ProprioSamplesFunc       func,
                                                            gpointer                 user_data);
void                   proprio_stream_follower_free        (ProprioStreamFollower   *self);
/* Follow `device`'s ring (NULL: none), from now. */
void                   proprio_stream_follower_set_device  (ProprioStreamFollower   *self,
                                                            ProprioDevice           *device);
ProprioDevice         *proprio_stream_follower_get_device  (ProprioStreamFollower   *self);
/* Drop what is waiting: the next frame starts at the newest sample. */
void                   proprio_stream_follower_restart     (ProprioStreamFollower   *self);
/* Drains now, as a frame would (for tests and for a view that must be current at once). */
gsize                  proprio_stream_follower_drain       (ProprioStreamFollower   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStreamFollower, proprio_stream_follower_free)

G_END_DECLS
