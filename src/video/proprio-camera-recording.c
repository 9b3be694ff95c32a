/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The frames a session records: which pipeline's recording valve is open, and who gets them. */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include "proprio-camera-private.h"

void
_proprio_camera_recording_init (ProprioCamera *self)
{
  self->recording = proprio_record_sink_new ();
}

void
_proprio_camera_recording_finalize (ProprioCamera *self)
{
  g_clear_pointer (&self->recording, proprio_record_sink_unref);
}

void
_proprio_camera_update_recording (ProprioCamera *self)
{
  gboolean on;

  if (self->recording == NULL)
    return;
  /* A test pattern standing in for a missing camera is not the patient: never recorded. */
  on = self->pipeline != NULL && self->state == PROPRIO_CAMERA_STATE_PLAYING &&
       proprio_record_sink_has_func (self->recording);
  /* The sink first when closing, the valve first when opening: no frame of a pattern slips in,
   * none of the camera is refused. */
  if (!on)
    proprio_record_sink_set_on (self->recording, FALSE);
  if (self->pipeline != NULL)
    proprio_camera_pipeline_set_recording (self->pipeline, on);
  if (on)
    proprio_record_sink_set_on (self->recording, TRUE);
  if (on != self->recording_on)
    {
      self->recording_on = on;
      _proprio_camera_notify_recording (self);
    }
}

void
proprio_camera_set_record_func (ProprioCamera           *self,
                                ProprioCameraRecordFunc  func,
                                gpointer                 user_data,
                                GDestroyNotify           notify)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  proprio_record_sink_set_func (self->recording, func, user_data, notify);
  _proprio_camera_update_recording (self);
}

gboolean
proprio_camera_get_recording (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);

  return self->recording_on;
}

void
proprio_camera_get_record_stats (ProprioCamera            *self,
                                 ProprioCameraRecordStats *out)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (out != NULL);

  proprio_record_sink_get_stats (self->recording, out);
}
