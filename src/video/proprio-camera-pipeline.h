/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "proprio-delay-buffer.h"
#include "proprio-frame.h"
#include "proprio-record-sink.h"
#include "proprio-tracking-sink.h"

G_BEGIN_DECLS

/* One running GStreamer pipeline of ProprioCamera (private to src/video/):
 *
 *   source ! capsfilter(mode) [! jpegdec] ! videoconvert ! videoscale
 *          ! video/x-raw,format=BGRA,WxH ! [mirrored in place by a pad probe] ! tee
 *   tee ! queue leaky ! appsink "live"  (max-buffers=1, drop, sync=false)
 *   tee ! [8 frames a second while no delay is in use] ! queue leaky ! videoscale ! videoconvert
 *       ! I420 640 wide ! jpegenc ! appsink "delay"
 *   tee ! valve ! queue leaky ! videoscale ! BGRA within 640x360 ! appsink "tracking"
 *   tee ! valve ! queue leaky ! videoscale ! videoconvert ! I420 within 640x360 ! jpegenc
 *       ! appsink "recording"
 *
 * The live branch keeps only the latest frame in a one-slot mailbox and wakes @wake (a GSource
 * of the main context) by setting its ready time, so however many frames arrive while the main
 * thread is busy, it runs once and takes the newest; the others count as lost, and so do gaps
 * in the frame times (frames the source skipped or a leaky queue dropped). The delay
 * branch pushes JPEG frames into the delay buffer from its own streaming thread: encoding never
 * touches the main thread, and a slow encoder drops delay frames, not live ones. The tracking
 * branch runs the marker tracker on its own streaming thread (proprio-tracking-sink.h); its
 * valve drops every frame while tracking is off, so it costs nothing then. The recording
 * branch hands JPEG frames to the record sink the same way (proprio-record-sink.h).
 */
typedef struct _ProprioCameraPipeline ProprioCameraPipeline;

typedef struct
{
  GstElement         *source;       /* a reference is taken (a floating one is sunk) */
  GstCaps            *source_caps;  /* what to ask of the source, or NULL */
  int                 width;        /* size of the frames handed out */
  int                 height;
  gboolean            mirror;
  ProprioDelayBuffer *delay;        /* NULL: no delay branch */
  int                 delay_width;  /* width of stored delay frames; height keeps the aspect */
  int                 delay_quality;
  GSource            *wake;
  int                 source_fd;    /* a descriptor the source uses (pipewiresrc's fd), taken
                                     * over and closed when the pipeline is freed; -1 for none.
                                     * 0 is a valid descriptor: set it explicitly. */
  ProprioTrackingSink *tracking;    /* NULL: no tracking branch */
  gboolean            tracking_on;  /* whether its valve lets frames through at first */
  ProprioRecordSink  *recording;    /* NULL: no recording branch */
  gboolean            recording_on;
} ProprioCameraPipelineConfig;

ProprioCameraPipeline *proprio_camera_pipeline_new        (const ProprioCameraPipelineConfig *config,
                                                           GError                           **error);
/* Sets it playing (this can block for a camera: call it off the main thread). On failure the
 * error carries GStreamer's own message where there is one. */
gboolean               proprio_camera_pipeline_play       (ProprioCameraPipeline *self,
                                                           GError               **error);
/* Stops it (joining the streaming threads) and frees it. This can block (a camera driver, a
 * PipeWire connection): the camera calls it on its worker thread. */
void                   proprio_camera_pipeline_free       (ProprioCameraPipeline *self);
/* Whether frames leave the pipeline. A new pipeline is detached: its frames are dropped, the
 * wake source is not touched and the delay buffer gets nothing. The camera attaches it when it
 * shows it, and detaches it before it hands it to its worker to be freed, so that what the
 * camera holds is final at once (when this returns, a delay push under way has finished).
 * Quick, any thread. */
void                   proprio_camera_pipeline_set_attached (ProprioCameraPipeline *self,
                                                             gboolean               attached);
GstBus                *proprio_camera_pipeline_get_bus    (ProprioCameraPipeline *self);
GstElement            *proprio_camera_pipeline_get_source (ProprioCameraPipeline *self);
void                   proprio_camera_pipeline_set_mirror (ProprioCameraPipeline *self,
                                                           gboolean               mirror);
/* Opens or closes the tracking branch's valve (no branch: nothing). Quick, any thread. */
void                   proprio_camera_pipeline_set_tracking (ProprioCameraPipeline *self,
                                                             gboolean               tracking);
/* Opens or closes the recording branch's valve (no branch: nothing). Quick, any thread. */
void                   proprio_camera_pipeline_set_recording (ProprioCameraPipeline *self,
                                                              gboolean               recording);
/* The size of the frames the tracking branch hands to the tracker for @width x @height video:
 * within PROPRIO_CAMERA_TRACK_MAX_WIDTH x PROPRIO_CAMERA_TRACK_MAX_HEIGHT, the aspect kept,
 * never larger than the video, even sides. */
void                   proprio_camera_tracking_size       (int                    width,
                                                           int                    height,
                                                           int                   *out_width,
                                                           int                   *out_height);
/* The newest frame not yet taken (or NULL), and how many frames were lost before it since the
 * last call. Any thread. */
ProprioFrame          *proprio_camera_pipeline_take_frame (ProprioCameraPipeline *self,
                                                           guint64               *lost);

G_END_DECLS
