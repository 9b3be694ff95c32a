/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-camera.h"

G_BEGIN_DECLS

/* The end of a camera's recording branch (private to src/video/): who gets the JPEG frames. One
 * per camera, shared by the camera and each of its pipelines (reference counted), so a pipeline
 * replaced mid-session hands its frames to the same place.
 *
 * push() runs on a recording branch's streaming thread and calls the function under the sink's
 * lock; set_func() takes the same lock, so once it returns the old function is never called
 * again (its data may go). */
typedef struct _ProprioRecordSink ProprioRecordSink;

ProprioRecordSink *proprio_record_sink_new      (void);
ProprioRecordSink *proprio_record_sink_ref      (ProprioRecordSink       *self);
void               proprio_record_sink_unref    (ProprioRecordSink       *self);
/* Any thread. The old function's @notify runs (outside the lock) before this returns. */
void               proprio_record_sink_set_func (ProprioRecordSink       *self,
                                                 ProprioCameraRecordFunc  func,
                                                 gpointer                 user_data,
                                                 GDestroyNotify           notify);
gboolean           proprio_record_sink_has_func (ProprioRecordSink       *self);
/* Whether frames pass to the function: a frame pushed while off is dropped (a pipeline whose
 * valve is about to close). */
void               proprio_record_sink_set_on   (ProprioRecordSink       *self,
                                                 gboolean                 on);
/* A JPEG frame of @width x @height captured at @t_us (times of one sink never go back: an older
 * frame, from a pipeline shutting down beside its successor, is dropped). @missed: frames the
 * branch lost just before it. */
void               proprio_record_sink_push     (ProprioRecordSink       *self,
                                                 gint64                   t_us,
                                                 GBytes                  *jpeg,
                                                 int                      width,
                                                 int                      height,
                                                 guint64                  missed);
void               proprio_record_sink_get_stats (ProprioRecordSink      *self,
                                                  ProprioCameraRecordStats *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioRecordSink, proprio_record_sink_unref)

G_END_DECLS
