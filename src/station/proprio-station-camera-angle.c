/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-station"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-station-camera-angle-private.h"

/* The station's angle source (see "the joint angle" in proprio-station.h): which stream feeds
 * an exercise of joint angles, the camera's tracking while that is the source, and the
 * simulated leg of the "sim" camera. Main thread only, like the station. */
struct _ProprioStationCameraAngle
{
  ProprioStation      *station;   /* not owned: it owns this */
  ProprioAngleSource   source;
  ProprioStreamReader *reader;    /* the camera's angle ring, for the running exercise */
  gboolean             held;      /* the station's own hold on the camera, for a run */
  gboolean             syncing;   /* holding the camera syncs again: once is enough */
};

G_DEFINE_ENUM_TYPE (ProprioAngleSource, proprio_angle_source,
  G_DEFINE_ENUM_VALUE (PROPRIO_ANGLE_SOURCE_DEVICE, "device"),
  G_DEFINE_ENUM_VALUE (PROPRIO_ANGLE_SOURCE_CAMERA, "camera"))

ProprioStationCameraAngle *
_proprio_station_camera_angle_new (ProprioStation *station)
{
  ProprioStationCameraAngle *self = g_new0 (ProprioStationCameraAngle, 1);
  ProprioCamera *camera = proprio_station_get_camera (station);

  self->station = station;
  self->source = PROPRIO_ANGLE_SOURCE_DEVICE;
  self->reader = proprio_stream_reader_new (0);
  proprio_stream_reader_set_ring (self->reader, proprio_camera_get_angle_ring (camera), TRUE);
  return self;
}

void
_proprio_station_camera_angle_free (ProprioStationCameraAngle *self)
{
  if (self == NULL)
    return;
  /* The station stops the camera as it goes: its own hold needs no release. */
  proprio_stream_reader_free (self->reader);
  g_free (self);
}

static gboolean
runs_on_camera (ProprioStationCameraAngle *self,
                ProprioExercise           *running)
{
  return self->source == PROPRIO_ANGLE_SOURCE_CAMERA && running != NULL
         && proprio_exercise_get_stream_kind (running) == PROPRIO_STREAM_ANGLE;
}

ProprioAngleSource
_proprio_station_camera_angle_get_source (ProprioStationCameraAngle *self)
{
  return self->source;
}

gboolean
_proprio_station_camera_angle_set_source (ProprioStationCameraAngle  *self,
                                          ProprioAngleSource          source,
                                          GError                    **error)
{
  ProprioExercise *running = proprio_station_get_running (self->station);

  if (source == self->source)
    return TRUE;
  if (running != NULL && proprio_exercise_get_stream_kind (running) == PROPRIO_STREAM_ANGLE)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY,
                           _("Stop the running exercise before changing where the joint angle "
                             "comes from"));
      return FALSE;
    }
  self->source = source;
  _proprio_station_camera_angle_sync (self);
  return TRUE;
}

gboolean
_proprio_station_camera_angle_prepare (ProprioStationCameraAngle  *self,
                                       GError                    **error)
{
  ProprioCamera *camera = proprio_station_get_camera (self->station);
  ProprioMarkerTracker *tracker = proprio_camera_get_marker_tracker (camera);
  g_autofree char *spec_text = NULL;
  g_autoptr(ProprioCameraSpec) spec = NULL;

  if (self->source == PROPRIO_ANGLE_SOURCE_DEVICE)
    {
      if (proprio_station_get_stream_kind (self->station) == PROPRIO_STREAM_ANGLE)
        return TRUE;
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           _("This exercise needs a joint angle: connect a goniometer in the "
                             "device menu, or take the angle from the camera"));
      return FALSE;
    }

  spec_text = proprio_camera_dup_spec (camera);
  spec = proprio_camera_spec_parse (spec_text, NULL);
  if (spec == NULL || spec->kind == PROPRIO_CAMERA_SOURCE_NONE)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           _("The joint angle is to come from the camera, but no camera is "
                             "chosen: choose one in Preferences, or take the angle from a "
                             "goniometer"));
      return FALSE;
    }
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv color;

      if (!proprio_marker_tracker_get_color (tracker, m, &color))
        {
          g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                               _("Pick the marker colours first: click the hip, the knee and "
                                 "the ankle marker in the video"));
          return FALSE;
        }
    }
  /* The run begins now: angles tracked before are not part of it. */
  proprio_stream_reader_skip_to_now (self->reader);
  return TRUE;
}

ProprioStreamReader *
_proprio_station_camera_angle_reader (ProprioStationCameraAngle *self,
                                      ProprioExercise           *running)
{
  return self != NULL && runs_on_camera (self, running) ? self->reader : NULL;
}

void
_proprio_station_camera_angle_sync (ProprioStationCameraAngle *self)
{
  ProprioCamera *camera;
  gboolean want_hold;

  /* Gone with the station's dispose: nothing to hold or track any more. */
  if (self == NULL || self->syncing)
    return;
  camera = proprio_station_get_camera (self->station);
  self->syncing = TRUE;
  want_hold = runs_on_camera (self, proprio_station_get_running (self->station));
  if (want_hold && !self->held)
    {
      self->held = TRUE;
      proprio_station_hold_camera (self->station);
    }
  else if (!want_hold && self->held)
    {
      self->held = FALSE;
      proprio_station_release_camera (self->station);
    }
  self->syncing = FALSE;

  proprio_camera_set_tracking (camera, self->source == PROPRIO_ANGLE_SOURCE_CAMERA
                                       && proprio_station_get_camera_holds (self->station) > 0);
}

/* What the simulated patient in front of the "sim" camera does for @exercise: moves freely at
 * ease, and follows the joint-position protocol's stages (its targets, memorise and reproduce
 * phases) as the simulated goniometer does. */
static void
joint_intent_for (ProprioExercise       *exercise,
                  ProprioSimJointIntent *out)
{
  proprio_station_joint_intent_for_exercise (exercise, out);
}

void
_proprio_station_camera_angle_update (ProprioStationCameraAngle *self,
                                      ProprioExercise           *running)
{
  ProprioSimJointIntent intent;

  if (self == NULL)
    return;
  joint_intent_for (running, &intent);
  proprio_camera_set_sim_intent (proprio_station_get_camera (self->station), &intent);
  /* Not feeding anything: keep the cursor at the newest sample so a start begins from now. */
  if (!runs_on_camera (self, running))
    proprio_stream_reader_skip_to_now (self->reader);
}
