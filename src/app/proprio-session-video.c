/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a session records of the camera: the frames the camera's recording branch hands over,
 * written by a ProprioVideoRecorder into the session's folder and listed as its "video" stream. */
#define G_LOG_DOMAIN "proprio-session"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-session-controller-private.h"

/* The channel list of the "video" stream: one picture a row of the index (video.csv). */
#define VIDEO_CHANNELS_JSON \
  "[{\"name\":\"frame\",\"label\":\"Video frame (JPEG in video.mjpeg)\",\"unit\":\"\"}]"

static ProprioCamera *
camera_of (ProprioSessionController *self)
{
  return proprio_station_get_camera (self->station);
}

static ProprioSessionVideo
video_state (ProprioSessionController *self)
{
  ProprioCamera *camera = camera_of (self);
  g_autofree char *spec = NULL;

  if (self->video == NULL)
    return PROPRIO_SESSION_VIDEO_NONE;
  if (proprio_video_recorder_get_failed (self->video))
    return PROPRIO_SESSION_VIDEO_STOPPED;
  if (proprio_camera_get_recording (camera))
    return PROPRIO_SESSION_VIDEO_RECORDING;
  spec = proprio_camera_dup_spec (camera);
  if (g_strcmp0 (spec, "none") == 0)
    return PROPRIO_SESSION_VIDEO_NONE;
  if (proprio_camera_get_state (camera) == PROPRIO_CAMERA_STATE_FALLBACK ||
      proprio_camera_get_state (camera) == PROPRIO_CAMERA_STATE_ERROR)
    return PROPRIO_SESSION_VIDEO_CAMERA_MISSING;
  return PROPRIO_SESSION_VIDEO_CAMERA_OFF;
}

static void
update_state (ProprioSessionController *self)
{
  ProprioSessionVideo state;

  /* Being disposed: the station is gone, and nobody listens. */
  if (self->station == NULL)
    return;
  state = video_state (self);
  if (state == self->video_state)
    return;
  self->video_state = state;
  _proprio_session_controller_notify_video (self);
}

/* On the camera's recording thread. */
static void
record_frame (gint64   t_us,
              GBytes  *jpeg,
              int      width,
              int      height,
              gpointer user_data)
{
  proprio_video_recorder_push (PROPRIO_VIDEO_RECORDER (user_data), t_us, jpeg, width, height);
}

static void
stream_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!proprio_store_finish_boolean (PROPRIO_STORE (source), result, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The video is recorded, but the records could not list it: %s"),
                         error->message);

      _proprio_session_controller_report (self, message, FALSE);
    }
  _proprio_session_controller_release (self);
}

static void
add_stream (ProprioSessionController *self,
            const char               *session_id,
            ProprioVideoRecorder     *video)
{
  g_autofree char *spec = proprio_camera_dup_spec (camera_of (self));
  ProprioStreamInfo info = { 0 };
  gint64 first = proprio_video_recorder_get_first_us (video);
  gint64 last = proprio_video_recorder_get_last_us (video);
  guint n = proprio_video_recorder_get_n_frames (video);

  info.name = (char *) PROPRIO_VIDEO_STREAM_NAME;
  info.kind = PROPRIO_STREAM_GENERIC;
  /* While recording, the most it records; at the end, what it did (gaps when the camera was off
   * lower it: an export need not guess). */
  info.rate_hz = n >= 2 && last > first ? (n - 1) * (double) G_USEC_PER_SEC / (last - first)
                                        : PROPRIO_CAMERA_RECORD_MAX_FPS;
  info.channels_json = (char *) VIDEO_CHANNELS_JSON;
  info.device_spec = spec;
  _proprio_session_controller_hold (self);
  proprio_store_add_stream (self->store, session_id, &info, NULL, stream_added_cb,
                            g_object_ref (self));
}

/* The first frame made the files: the session lists its video from now on, so a review finds
 * it even after a crash. */
static void
video_started_cb (ProprioVideoRecorder     *video,
                  ProprioSessionController *self)
{
  if (video != self->video || self->session == NULL)
    return;
  add_stream (self, self->session->id, video);
}

static void
video_problem_cb (ProprioVideoRecorder     *video,
                  const char               *message,
                  gboolean                  failed,
                  ProprioSessionController *self)
{
  if (video != self->video)
    return;
  /* The video only: the session's other streams go on, so the session has not failed. */
  _proprio_session_controller_report (self, message, FALSE);
  if (failed)
    {
      /* No more frames to a recorder that has stopped for good. */
      proprio_camera_set_record_func (camera_of (self), NULL, NULL, NULL);
      update_state (self);
    }
}

void
_proprio_session_video_start (ProprioSessionController *self)
{
  g_autofree char *index = NULL;
  g_autoptr(GError) error = NULL;
  ProprioCamera *camera = camera_of (self);

  g_assert (self->session != NULL && self->video == NULL);

  if (!self->record_video)
    return;
  index = g_build_filename (self->session->folder, PROPRIO_VIDEO_STREAM_NAME ".csv", NULL);
  self->video = proprio_video_recorder_new (index);
  proprio_video_recorder_set_since (self->video, self->session->start_us);
  g_signal_connect_object (self->video, "started", G_CALLBACK (video_started_cb), self, 0);
  g_signal_connect_object (self->video, "problem", G_CALLBACK (video_problem_cb), self, 0);
  if (!proprio_video_recorder_start (self->video, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The video is not recorded: %s"),
                                                  error->message);

      _proprio_session_controller_report (self, message, FALSE);
      g_clear_object (&self->video);
      return;
    }
  proprio_camera_set_record_func (camera, record_frame, g_object_ref (self->video),
                                  g_object_unref);
  self->camera_recording_id =
    g_signal_connect_object (camera, "notify::recording", G_CALLBACK (update_state), self,
                             G_CONNECT_SWAPPED);
  self->camera_state_id =
    g_signal_connect_object (camera, "notify::state", G_CALLBACK (update_state), self,
                             G_CONNECT_SWAPPED);
  update_state (self);
}

void
_proprio_session_video_detach (ProprioSessionController *self)
{
  ProprioCamera *camera;

  if (self->video == NULL || self->station == NULL)
    return;
  camera = camera_of (self);
  /* When this returns the camera's thread is done with the recorder: what it queued is all. */
  proprio_camera_set_record_func (camera, NULL, NULL, NULL);
  g_clear_signal_handler (&self->camera_recording_id, camera);
  g_clear_signal_handler (&self->camera_state_id, camera);
}

void
_proprio_session_video_stored (ProprioSessionController *self,
                               const char               *session_id,
                               ProprioVideoRecorder     *video)
{
  /* Listed again with the rate it had: the row of the first frame said the most it could. */
  if (video != NULL && proprio_video_recorder_has_files (video))
    add_stream (self, session_id, video);
}

void
_proprio_session_video_clear (ProprioSessionController *self)
{
  _proprio_session_video_detach (self);
  g_clear_object (&self->video);
  update_state (self);
}

ProprioSessionVideo
proprio_session_controller_get_video (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), PROPRIO_SESSION_VIDEO_NONE);
  return self->video_state;
}

guint
proprio_session_controller_get_video_frames (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), 0);
  return self->video != NULL ? proprio_video_recorder_get_n_frames (self->video) : 0;
}

const char *
proprio_session_controller_get_video_path (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), NULL);
  return self->video != NULL ? proprio_video_recorder_get_index_path (self->video) : NULL;
}

gboolean
proprio_session_controller_get_record_video (ProprioSessionController *self)
{
  g_return_val_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self), FALSE);
  return self->record_video;
}

void
proprio_session_controller_set_record_video (ProprioSessionController *self,
                                             gboolean                  record_video)
{
  g_return_if_fail (PROPRIO_IS_SESSION_CONTROLLER (self));

  record_video = !!record_video;
  if (self->record_video == record_video)
    return;
  self->record_video = record_video;
  /* A session already open keeps what it began with: a video that starts or stops half way
   * would be a surprise in the review. The next session follows the setting. */
  _proprio_session_controller_notify_record_video (self);
}
