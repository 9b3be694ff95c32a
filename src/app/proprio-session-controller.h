/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "station/proprio-station.h"
#include "store/proprio-store.h"

G_BEGIN_DECLS

/* ProprioSessionController: the records of the running application — the store, the patient on
 * the station and the session being recorded. Owned by the application, like the station it
 * records; windows are views of it. No widgets (GLib only), so a test drives it headless.
 *
 * Records: opened in the background at startup from `data_dir` (NULL: $PROPRIO_DATA_DIR, else
 * the user data folder's "proprio"). "state" goes OPENING → READY, or UNAVAILABLE with a message a
 * therapist acts on (another Proprio holds them, a damaged database…); open () tries again. Until
 * READY, and without a patient, the station works as it always does and nothing is stored.
 *
 * Recovery: sessions a crash or a kill left open are closed by the store as it opens; they are in
 * get_recovered () (ProprioSession, with their end) when "recovered" is emitted.
 *
 * Recording: between begin and end, a ProprioRecorder thread writes every stream of the station's
 * device (its ring: balance corners and CoP, EMG raw and envelopes, angles) into the session's
 * folder, whatever page is shown, from the session's start on. A device changed during the session
 * adds a new stream file ("balance-2"), the old one stays. Exercise starts and ends, the engines'
 * cues (countdown, start, stop, cue, target-hit…), prompt changes and target changes go to its
 * events file; every exercise result that the station keeps during the session is stored with its
 * settings and metrics. Overflow and write errors are never silent: "problem" is emitted at once
 * (a failed write stops the recording; what was written stays readable, the session stays open
 * until it is ended).
 *
 * Every store call is asynchronous; the callbacks of the _async functions run on the main
 * context. close () is the one that waits, for the application's shutdown. */

typedef enum
{
  PROPRIO_RECORDS_OPENING,
  PROPRIO_RECORDS_READY,
  PROPRIO_RECORDS_UNAVAILABLE,
} ProprioRecordsState;

/* The camera in the open session (the "video" property): */
typedef enum
{
  PROPRIO_SESSION_VIDEO_NONE,            /* no session, video not asked for, or no camera chosen */
  PROPRIO_SESSION_VIDEO_RECORDING,       /* frames are being recorded now */
  PROPRIO_SESSION_VIDEO_CAMERA_OFF,      /* nothing shows the camera: no frames now */
  PROPRIO_SESSION_VIDEO_CAMERA_MISSING,  /* the camera is not there or failed: no frames now */
  PROPRIO_SESSION_VIDEO_STOPPED,         /* a write failed: no more video in this session */
} ProprioSessionVideo;

#define PROPRIO_TYPE_SESSION_CONTROLLER (proprio_session_controller_get_type ())
G_DECLARE_FINAL_TYPE (ProprioSessionController, proprio_session_controller,
                      PROPRIO, SESSION_CONTROLLER, GObject)

ProprioSessionController *
                      proprio_session_controller_new            (ProprioStation           *station,
                                                                 const char               *dir);

/* Starts opening the records (again, after UNAVAILABLE); nothing while OPENING or READY. */
void                  proprio_session_controller_open           (ProprioSessionController *self);
/* Ends the open session (stops the running exercise, waits for the files and the database) and
 * closes the records. For the application's shutdown: it blocks. */
void                  proprio_session_controller_close          (ProprioSessionController *self);

ProprioStation       *proprio_session_controller_get_station    (ProprioSessionController *self);
ProprioRecordsState   proprio_session_controller_get_state      (ProprioSessionController *self);
/* Why the records are unavailable (UNAVAILABLE), else NULL. */
const char           *proprio_session_controller_get_message    (ProprioSessionController *self);
const char           *proprio_session_controller_get_data_dir   (ProprioSessionController *self);
/* NULL unless READY. */
ProprioStore         *proprio_session_controller_get_store      (ProprioSessionController *self);
/* Sessions closed as recovered when the records opened (ProprioSession); empty before. */
GPtrArray            *proprio_session_controller_get_recovered  (ProprioSessionController *self);

/* The patient the station works for ("patient"), or NULL: then nothing is stored. Another patient
 * is refused while a session is open. */
const ProprioPatient *proprio_session_controller_get_patient    (ProprioSessionController *self);
gboolean              proprio_session_controller_set_patient    (ProprioSessionController *self,
                                                                 const ProprioPatient     *patient,
                                                                 GError                  **error);

/* The open session ("session"), or NULL. */
const ProprioSession *proprio_session_controller_get_session    (ProprioSessionController *self);
/* A session is open and its recorder writes ("recording"; FALSE after a failed write). */
gboolean              proprio_session_controller_is_recording   (ProprioSessionController *self);
/* The recorder's last problem (overflow, write error) in this session, or NULL. Free it. */
char                 *proprio_session_controller_dup_problem    (ProprioSessionController *self);
gboolean              proprio_session_controller_get_failed     (ProprioSessionController *self);
/* Samples in the session's stream files so far (all streams), and exercises stored. */
guint64               proprio_session_controller_get_samples    (ProprioSessionController *self);
guint                 proprio_session_controller_get_n_exercises (ProprioSessionController *self);
/* The session's stream names, in the order they were added ("balance", "emg", "balance-2"). */
GStrv                 proprio_session_controller_dup_stream_names (ProprioSessionController *self);
/* Store calls not yet answered (exercises, streams, the session's end). */
guint                 proprio_session_controller_get_n_pending  (ProprioSessionController *self);

/* Video: while a session is open and "record-video" (default TRUE) was on when it began, the
 * station camera's frames are recorded whenever the camera runs (src/video/proprio-camera.h:
 * JPEG within 640x360) into the session's video.mjpeg, indexed by video.csv, which the store
 * lists as the stream named "video" from the first frame on (store/proprio-video-file.h reads
 * it). A camera nothing shows records nothing: the video then has a gap. A failed write stops
 * the video only ("problem", not failed), the session goes on. */
gboolean              proprio_session_controller_get_record_video (ProprioSessionController *self);
void                  proprio_session_controller_set_record_video (ProprioSessionController *self,
                                                                   gboolean                  record);
ProprioSessionVideo   proprio_session_controller_get_video      (ProprioSessionController *self);
/* Frames of the open session's video written so far; its index path (NULL without video). */
guint                 proprio_session_controller_get_video_frames (ProprioSessionController *self);
const char           *proprio_session_controller_get_video_path (ProprioSessionController *self);

/* Begins a session of the patient with the station's device. Fails when the records are not
 * READY, without a patient, or with a session open. */
void      proprio_session_controller_begin_session_async  (ProprioSessionController  *self,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
gboolean  proprio_session_controller_begin_session_finish (ProprioSessionController  *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error);
/* Stops a running exercise (its result is stored), stops the recorder and closes the session in
 * the store. Returns the closed session (ProprioSession *, free it); an error only when the store
 * could not close it (a recording that had stopped early was told by "problem" already). */
void      proprio_session_controller_end_session_async    (ProprioSessionController  *self,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
ProprioSession *
          proprio_session_controller_end_session_finish   (ProprioSessionController  *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error);

G_END_DECLS
