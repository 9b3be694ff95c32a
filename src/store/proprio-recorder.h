/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/proprio-ring.h"
#include "core/proprio-sample.h"

G_BEGIN_DECLS

/* Records a session's streams into its folder, on a thread of its own, whatever the GUI shows.
 *
 * Each stream (a device's ring) goes to "<folder>/<name>.csv" (proprio-stream-file.h: t_us and the
 * channels with their units, numbers that read back exactly); events (exercise starts and ends,
 * cues, targets, prompts) given with add_event() from any thread go through a queue to
 * "<folder>/events.csv". The thread drains the rings every 50 ms and writes and fdatasync()s
 * every half second, so a killed program loses at most the last second.
 *
 * Problems are never silent: samples lost because the ring overflowed, or a write that fails
 * (disk full, folder removed), set "message" and emit "problem" on the main context the recorder
 * was made on. A failed write stops the recording (what was written stays readable; "failed"
 * turns TRUE); an overflow is counted and recording goes on. */

#define PROPRIO_TYPE_RECORDER (proprio_recorder_get_type ())
G_DECLARE_FINAL_TYPE (ProprioRecorder, proprio_recorder, PROPRIO, RECORDER, GObject)

/* `folder` must exist (the session's folder). */
ProprioRecorder *proprio_recorder_new          (const char               *folder);

/* A stream to record from now on (before or after start()): `name` names the file (letters,
 * digits, - and _). The file is created here (never over an existing one). */
gboolean         proprio_recorder_add_stream   (ProprioRecorder          *self,
                                                const char               *name,
                                                ProprioRing              *ring,
                                                const ProprioChannelInfo *channels,
                                                guint                     n_channels,
                                                GError                  **error);
/* Samples older than `t_us` (monotonic µs; 0: none) are not written: a session that begins while
 * a device has been streaming for a while starts at its own start, not at the oldest sample the
 * ring still holds. A stream added later (a device changed mid-session) starts with its ring. */
void             proprio_recorder_set_since    (ProprioRecorder          *self,
                                                gint64                    t_us);
/* Any thread; `t_us` on the monotonic clock. */
void             proprio_recorder_add_event    (ProprioRecorder          *self,
                                                gint64                    t_us,
                                                const char               *kind,
                                                const char               *text);

gboolean         proprio_recorder_start        (ProprioRecorder          *self,
                                                GError                  **error);
/* Writes what is left, syncs and closes every file and stops the thread. FALSE (with the first
 * write error) when the recording is incomplete; overflows are reported by get_dropped(). */
gboolean         proprio_recorder_stop         (ProprioRecorder          *self,
                                                GError                  **error);

gboolean         proprio_recorder_is_running   (ProprioRecorder          *self);
gboolean         proprio_recorder_get_failed   (ProprioRecorder          *self);
/* The newest problem, for a banner; NULL when none. Free it. */
char            *proprio_recorder_dup_message  (ProprioRecorder          *self);
/* Samples of stream `name` in its file (whole rows, flushed). */
guint64          proprio_recorder_get_rows_written (ProprioRecorder      *self,
                                                    const char           *name);
/* Samples lost to ring overflow, all streams. */
guint64          proprio_recorder_get_dropped  (ProprioRecorder          *self);
/* Newest sample time written, 0 before the first. */
gint64           proprio_recorder_get_last_us  (ProprioRecorder          *self);
/* CPU time (user + system) the recorder thread has used, µs (for the benchmark). */
gint64           proprio_recorder_get_cpu_us   (ProprioRecorder          *self);
const char      *proprio_recorder_get_folder   (ProprioRecorder          *self);

G_END_DECLS
