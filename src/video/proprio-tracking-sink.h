/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-marker-tracker.h"
#include "core/proprio-ring.h"
#include "proprio-camera.h"

G_BEGIN_DECLS

/* The end of a camera's tracking branch (private to src/video/): the tracker, the angle ring it
 * fills and the figures of its work. One per camera, shared by the camera and each of its
 * pipelines (reference counted), so the tracker's colours and the ring outlive a pipeline.
 *
 * process() runs on a tracking branch's streaming thread. It takes the sink's lock for the
 * frame, so the ring has one writer at a time even while an old pipeline is still being shut
 * down beside the new one. */
typedef struct _ProprioTrackingSink ProprioTrackingSink;

/* Room for 17 s of samples at 30 fps: readers pump far more often than that. */
#define PROPRIO_TRACKING_RING_CAPACITY 512

ProprioTrackingSink  *proprio_tracking_sink_new         (void);
ProprioTrackingSink  *proprio_tracking_sink_ref         (ProprioTrackingSink          *self);
void                  proprio_tracking_sink_unref       (ProprioTrackingSink          *self);
ProprioMarkerTracker *proprio_tracking_sink_get_tracker (ProprioTrackingSink          *self);
ProprioRing          *proprio_tracking_sink_get_ring    (ProprioTrackingSink          *self);

/* Tracks @frame, captured at @t_us, and pushes its sample. @missed: frames lost just before it
 * (counted); the sample carries PROPRIO_SAMPLE_AFTER_GAP after a loss or when @after_gap says
 * so (the first frame after tracking was switched on). A time not after the previous sample's
 * is moved just after it, so the stream's times strictly increase. */
void                  proprio_tracking_sink_process     (ProprioTrackingSink          *self,
                                                         const ProprioMarkerFrame     *frame,
                                                         gint64                        t_us,
                                                         guint64                       missed,
                                                         gboolean                      after_gap);
void                  proprio_tracking_sink_get_stats   (ProprioTrackingSink          *self,
                                                         ProprioCameraTrackingStats   *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioTrackingSink, proprio_tracking_sink_unref)

G_END_DECLS
