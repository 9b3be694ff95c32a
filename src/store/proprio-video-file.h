/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A session's video: two files side by side in the session folder.
 *
 *   video.mjpeg  the frames as concatenated JPEG images (motion JPEG: ffmpeg and VLC play it as is)
 *   video.csv    the index, "t_us,offset,bytes,width,height" (after "# " comment lines, in an
 *                exported copy), one line per frame in the order of
 *                the frames: t_us on the monotonic clock (the clock of every other stream), the
 *                frame's first byte and length in video.mjpeg, its size in pixels
 *
 * The store registers the index as the session's stream named "video" (its path is video.csv).
 *
 * Crash safety, like the stream files: both files are created 0600 with O_EXCL (nothing is ever
 * overwritten); frames go into video.mjpeg as they come and their index lines are held back until
 * a flush has synced video.mjpeg to the disk, so an index line on the disk always points at a
 * whole frame. After a crash the index may end with a line cut short, and video.mjpeg with frames
 * no index line names; readers ignore both. */

/* --- reading --- */

typedef struct _ProprioVideoFile ProprioVideoFile;

/* `path`: the session's video stream path as registered in the store (stream name "video"), i.e.
 * the index video.csv; the path of video.mjpeg is also taken. Every index line is checked against
 * video.mjpeg (in range, in order, starting with a JPEG start-of-image marker); lines past the last
 * good one (a cut tail) are ignored, a bad line before a good one is G_IO_ERROR_INVALID_DATA. A
 * missing file is G_IO_ERROR_NOT_FOUND. */
ProprioVideoFile *proprio_video_file_open        (const char        *path,
                                                  GError           **error);
void              proprio_video_file_free        (ProprioVideoFile  *self);
guint             proprio_video_file_get_n_frames (ProprioVideoFile *self);
/* t_us (monotonic) of frame `index` (< n_frames); times never decrease. */
gint64            proprio_video_file_get_time    (ProprioVideoFile  *self,
                                                  guint              index);
/* The last frame at or before t_us; FALSE (index untouched) when t_us is before the first. */
gboolean          proprio_video_file_find        (ProprioVideoFile  *self,
                                                  gint64             t_us,
                                                  guint             *index);
/* One frame's JPEG bytes (read from the disk on each call). */
GBytes           *proprio_video_file_read        (ProprioVideoFile  *self,
                                                  guint              index,
                                                  GError           **error);
/* The frame's size in pixels as the index gives it (0 × 0 when the index did not say). */
void              proprio_video_file_get_size    (ProprioVideoFile  *self,
                                                  guint              index,
                                                  guint             *width,
                                                  guint             *height);
/* Seconds from the first frame to the last (0 with fewer than two frames). */
double            proprio_video_file_get_duration (ProprioVideoFile *self);
/* Bytes of video.mjpeg the index covers. */
guint64           proprio_video_file_get_bytes   (ProprioVideoFile  *self);

/* The path of the frames (video.mjpeg) that go with an index path (video.csv); NULL when `path`
 * does not end in ".csv". */
char             *proprio_video_file_mjpeg_path  (const char        *index_path);

/* --- writing --- */

typedef struct _ProprioVideoWriter ProprioVideoWriter;

/* Creates the index `index_path` (….csv) and its frames file (….mjpeg beside it); fails without
 * touching anything when either exists. */
ProprioVideoWriter *proprio_video_writer_create  (const char          *index_path,
                                                  GError             **error);
/* Writes one JPEG frame (it must start with the start-of-image marker) taken at t_us; times must
 * not go back. Every `sync_interval_us` of frame time (default one second) this flushes. After a
 * failure (the disk is full, …) every later call fails; what was flushed before is kept. */
gboolean            proprio_video_writer_append  (ProprioVideoWriter  *self,
                                                  gint64               t_us,
                                                  const guint8        *jpeg,
                                                  gsize                length,
                                                  guint                width,
                                                  guint                height,
                                                  GError             **error);
/* Syncs the frames to the disk, then writes and syncs their index lines. */
gboolean            proprio_video_writer_flush   (ProprioVideoWriter  *self,
                                                  GError             **error);
/* Flushes and closes both files (free() after it); FALSE after an earlier failure too. */
gboolean            proprio_video_writer_close   (ProprioVideoWriter  *self,
                                                  GError             **error);
/* Flushes (ignoring errors) and closes what is still open. */
void                proprio_video_writer_free    (ProprioVideoWriter  *self);
void                proprio_video_writer_set_sync_interval (ProprioVideoWriter *self,
                                                            gint64              interval_us);
/* Frames given to append() that were written; of those, frames whose index line is on the disk. */
guint               proprio_video_writer_get_n_frames (ProprioVideoWriter *self);
guint               proprio_video_writer_get_n_frames_synced (ProprioVideoWriter *self);
guint64             proprio_video_writer_get_bytes (ProprioVideoWriter *self);
const char         *proprio_video_writer_get_index_path (ProprioVideoWriter *self);
const char         *proprio_video_writer_get_mjpeg_path (ProprioVideoWriter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioVideoFile, proprio_video_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioVideoWriter, proprio_video_writer_free)

G_END_DECLS
