/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "store/proprio-recorder.h"
#include "store/proprio-video-recorder.h"

#include "proprio-session-controller.h"

G_BEGIN_DECLS

/* One stream file of the open session: a device's ring. */
typedef struct
{
  char          *name;         /* the file's name without ".csv" */
  ProprioDevice *device;       /* the device whose ring it records (a reference) */
  ProprioStreamKind kind;
  char          *channels_json;
  double         rate_hz;      /* the device's nominal rate, 0 when only the data tell */
  gboolean       measured;     /* rate_hz was measured at the end: to store again */
} ProprioSessionStream;

struct _ProprioSessionController
{
  GObject              parent_instance;

  ProprioStation      *station;
  char                *data_dir;
  ProprioRecordsState  state;
  char                *message;        /* why UNAVAILABLE */
  ProprioStore        *store;
  GPtrArray           *recovered;      /* ProprioSession */
  guint                n_pending;      /* store calls not yet answered */

  ProprioPatient      *patient;
  ProprioSession      *session;        /* open session, or NULL */
  gboolean             busy;           /* beginning or ending */
  gboolean             opening;

  /* Recording (proprio-session-recording.c) */
  ProprioRecorder     *recorder;
  GPtrArray           *streams;        /* ProprioSessionStream, in order */
  ProprioDevice       *waiting_device; /* streaming soon, its channels not known yet */
  guint                waiting_id;
  GSignalGroup        *station_signals;
  GSignalGroup        *engine_signals; /* the running engine: prompts and targets */
  char                *last_prompt;
  GArray              *last_targets;   /* ProprioTarget */
  ProprioExercisePhase last_phase;     /* of the running engine, to see a pause end */
  char                *problem;
  gboolean             failed;
  guint                n_exercises;

  /* Video (proprio-session-video.c) */
  gboolean              record_video;
  ProprioVideoRecorder *video;
  ProprioSessionVideo   video_state;
  gulong                camera_recording_id;
  gulong                camera_state_id;
};

/* proprio-session-recording.c: follows the station while a session is open. */
void     _proprio_session_recording_init    (ProprioSessionController *self);
/* The recorder of the new session is made; adds the device's stream and follows the station. */
gboolean _proprio_session_recording_start   (ProprioSessionController *self,
                                             GError                  **error);
/* Stops following (not the recorder: that is stopped off the main thread). */
void     _proprio_session_recording_detach  (ProprioSessionController *self,
                                             gint64                    end_us);
void     _proprio_session_recording_clear   (ProprioSessionController *self);
void     _proprio_session_stream_free       (ProprioSessionStream     *stream);

/* proprio-session-video.c: the camera's frames while a session is open. */
void     _proprio_session_video_start       (ProprioSessionController *self);
/* No more frames: the camera lets go of the recorder (which is stopped off the main thread). */
void     _proprio_session_video_detach      (ProprioSessionController *self);
/* The video of an ended session (may be NULL) is listed with its measured rate. */
void     _proprio_session_video_stored      (ProprioSessionController *self,
                                             const char               *session_id,
                                             ProprioVideoRecorder     *video);
void     _proprio_session_video_clear       (ProprioSessionController *self);
void     _proprio_session_controller_notify_video        (ProprioSessionController *self);
void     _proprio_session_controller_notify_record_video (ProprioSessionController *self);

/* A store call began / was answered (for close () to wait on). */
void     _proprio_session_controller_hold     (ProprioSessionController *self);
void     _proprio_session_controller_release  (ProprioSessionController *self);
void     _proprio_session_controller_report   (ProprioSessionController *self,
                                               const char               *message,
                                               gboolean                  failed);

G_END_DECLS
