/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Records a session's video (proprio-video-file.h) on a thread of its own: frames pushed from any
 * thread (a camera's streaming thread) wait in a queue and are written and synced there, so
 * neither a slow disk nor a sync ever holds up the camera.
 *
 * The files are made with the first frame: a session during which the camera never ran has no
 * video files. "started" is emitted then (on the main context the recorder was made on), so the
 * session can register its "video" stream.
 *
 * Problems are never silent: "problem" (message, failed) is emitted on the same main context.
 * A write that fails (the disk is full, the folder went) stops the video for good and is
 * failed; what was written stays readable. Frames lost because the queue was full (the disk
 * cannot keep up) are counted and told once, and the video goes on. */

#define PROPRIO_VIDEO_STREAM_NAME "video"
/* Frames waiting to be written, at most (some 10 s of 640x360 video). */
#define PROPRIO_VIDEO_RECORDER_QUEUE_BYTES (32u * 1024 * 1024)

#define PROPRIO_TYPE_VIDEO_RECORDER (proprio_video_recorder_get_type ())
G_DECLARE_FINAL_TYPE (ProprioVideoRecorder, proprio_video_recorder, PROPRIO, VIDEO_RECORDER,
                      GObject)

/* `index_path`: the index (…/video.csv) to make with the first frame (never over a file). */
ProprioVideoRecorder *proprio_video_recorder_new       (const char           *index_path);
/* Frames older than `t_us` (monotonic µs) are not written: the session's start. */
void                  proprio_video_recorder_set_since (ProprioVideoRecorder *self,
                                                        gint64                t_us);
gboolean              proprio_video_recorder_start     (ProprioVideoRecorder *self,
                                                        GError              **error);
/* Any thread. A reference to `jpeg` is taken. */
void                  proprio_video_recorder_push      (ProprioVideoRecorder *self,
                                                        gint64                t_us,
                                                        GBytes               *jpeg,
                                                        int                   width,
                                                        int                   height);
/* Writes what is queued, syncs, closes the files and stops the thread (it may wait for the
 * disk: not on the main thread). FALSE with the first write error when the video is
 * incomplete. */
gboolean              proprio_video_recorder_stop      (ProprioVideoRecorder *self,
                                                        GError              **error);

const char           *proprio_video_recorder_get_index_path (ProprioVideoRecorder *self);
/* The files exist (a first frame came). */
gboolean              proprio_video_recorder_has_files (ProprioVideoRecorder *self);
gboolean              proprio_video_recorder_get_failed (ProprioVideoRecorder *self);
/* Frames written (and synced, after stop), frames lost to a full queue, bytes of JPEG written. */
guint                 proprio_video_recorder_get_n_frames (ProprioVideoRecorder *self);
guint64               proprio_video_recorder_get_dropped (ProprioVideoRecorder *self);
guint64               proprio_video_recorder_get_bytes (ProprioVideoRecorder *self);
/* Times of the first and last frame written (0 before the first). */
gint64                proprio_video_recorder_get_first_us (ProprioVideoRecorder *self);
gint64                proprio_video_recorder_get_last_us (ProprioVideoRecorder *self);
/* CPU time (user + system) of the writing thread, µs (for the benchmark). */
gint64                proprio_video_recorder_get_cpu_us (ProprioVideoRecorder *self);

G_END_DECLS
