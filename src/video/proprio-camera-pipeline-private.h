/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "proprio-camera-pipeline.h"

G_BEGIN_DECLS

/* ProprioCameraPipeline is split over two files: proprio-camera-pipeline.c (the pipeline, the
 * live, delay and tracking branches) and proprio-camera-pipeline-record.c (the recording
 * branch). */

struct _ProprioCameraPipeline
{
  GstElement         *pipeline;
  GstElement         *source;
  gint                mirror;     /* atomic: flip the frames left to right before the tee */
  GstVideoInfo        flip_info;  /* the frames the flip probe sees: BGRA at the live size */
  GSource            *wake;
  ProprioDelayBuffer *delay;
  gboolean            monotonic;  /* the pipeline clock is CLOCK_MONOTONIC */
  int                 source_fd;  /* closed after the pipeline stopped, or -1 */

  /* live streaming thread only */
  GstCaps            *live_caps;
  GstVideoInfo        live_info;
  GstClockTime        last_pts;

  GMutex              lock;       /* guards the mailbox, the count and detached */
  ProprioFrame       *mailbox;
  guint64             lost;
  gboolean            detached;   /* no frames out: see proprio_camera_pipeline_set_attached() */
  GMutex              delay_lock; /* held while a delay frame is pushed; guards delay_detached */
  gboolean            delay_detached;
  GstClockTime        delay_kept_pts; /* the source's streaming thread only (the delay probe) */

  /* the tracking branch (NULL without one) */
  ProprioTrackingSink *tracking;
  GstElement         *valve;
  GMutex              tracking_lock; /* held while a frame is tracked; guards tracking_detached */
  gboolean            tracking_detached;
  gint                tracking_restart; /* atomic: the valve opened, forget the last time */
  /* tracking streaming thread only */
  GstCaps            *tracking_caps;
  GstVideoInfo        tracking_info;
  GstClockTime        tracking_last_pts;
  /* the source's streaming thread only (the rate probe) */
  GstClockTime        tracking_kept_pts;

  /* the recording branch (NULL without one); its streaming thread owns the times */
  ProprioRecordSink  *recording;
  GstElement         *record_valve;
  GMutex              record_lock;   /* held while a frame is handed over; guards the flag */
  gboolean            record_detached;
  gint                record_restart; /* atomic: the valve opened, forget the last time */
  GstClockTime        record_last_pts;
  GstClockTime        record_kept_pts; /* the source's streaming thread only */
};

/* Frames missing before @buffer, judged by its time (see the .c). */
guint64     _proprio_pipeline_frames_missing (GstClockTime                      *last_pts,
                                              GstBuffer                         *buffer,
                                              GstClockTime                       min_step);
/* The capture time of @sample on the monotonic clock, µs. */
gint64      _proprio_pipeline_sample_time_us (ProprioCameraPipeline             *self,
                                              GstSample                         *sample);
GstElement *_proprio_pipeline_make_capsfilter (GstCaps                          *caps);
/* Adds @chain to @bin (which then owns it, linked or not) and links it in order. */
gboolean    _proprio_pipeline_add_chain      (GstBin                            *bin,
                                              GstElement                       **chain,
                                              guint                              n,
                                              GError                           **error);
void        _proprio_pipeline_set_leaky      (GstElement                        *queue,
                                              guint                              max_buffers);
/* Every factory into @out, or none (and @error names the missing one). */
gboolean    _proprio_pipeline_make_all       (const char * const                *factories,
                                              GstElement                       **out,
                                              guint                              n,
                                              GError                           **error);
/* Leaves out frames closer than @min_interval to the last one kept (*@kept_pts), before @queue. */
void        _proprio_pipeline_add_rate_probe (GstElement                        *queue,
                                              GstClockTime                      *kept_pts,
                                              GstClockTime                       min_interval);
gboolean    _proprio_camera_pipeline_build_record_branch (ProprioCameraPipeline             *self,
                                                          const ProprioCameraPipelineConfig *config,
                                                          GstElement                        *tee,
                                                          GError                           **error);

G_END_DECLS
