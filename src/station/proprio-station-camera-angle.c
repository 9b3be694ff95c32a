/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-station"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "exercises/proprio-match-exercise.h"

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
  /* FROZEN_FRAME: what the view placed (NaN: not placed) and the frozen frame's time (0: live). */
  double               frame_angle;
  gint64               frame_us;
};

G_DEFINE_ENUM_TYPE (ProprioAngleSource, proprio_angle_source,
  G_DEFINE_ENUM_VALUE (PROPRIO_ANGLE_SOURCE_DEVICE, "device"),
  G_DEFINE_ENUM_VALUE (PROPRIO_ANGLE_SOURCE_CAMERA, "camera"),
  G_DEFINE_ENUM_VALUE (PROPRIO_ANGLE_SOURCE_FROZEN_FRAME, "frozen-frame"))

ProprioStationCameraAngle *
_proprio_station_camera_angle_new (ProprioStation *station)
{
  ProprioStationCameraAngle *self = g_new0 (ProprioStationCameraAngle, 1);
  ProprioCamera *camera = proprio_station_get_camera (station);

  self->station = station;
  self->source = PROPRIO_ANGLE_SOURCE_DEVICE;
  self->frame_angle = NAN;
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
runs_on_angles (ProprioExercise *running)
{
  return running != NULL && proprio_exercise_get_stream_kind (running) == PROPRIO_STREAM_ANGLE;
}

static gboolean
runs_on_camera (ProprioStationCameraAngle *self,
                ProprioExercise           *running)
{
  return self->source == PROPRIO_ANGLE_SOURCE_CAMERA && runs_on_angles (running);
}

/* Both video sources need the camera for the whole run: the frozen frame's points are placed on
 * it, and its memorise phase draws the target on the live picture. */
static gboolean
runs_on_video (ProprioStationCameraAngle *self,
               ProprioExercise           *running)
{
  return self->source != PROPRIO_ANGLE_SOURCE_DEVICE && runs_on_angles (running);
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
                                       ProprioExercise            *exercise,
                                       GError                    **error)
{
  ProprioCamera *camera = proprio_station_get_camera (self->station);
  ProprioMarkerTracker *tracker = proprio_camera_get_marker_tracker (camera);
  g_autofree char *spec_text = NULL;
  g_autoptr(ProprioCameraSpec) spec = NULL;

  /* A matching protocol takes one position per registration from a frozen frame, a stream
   * from the others. */
  if (PROPRIO_IS_MATCH_EXERCISE (exercise))
    proprio_match_exercise_set_positions (PROPRIO_MATCH_EXERCISE (exercise),
                                          self->source == PROPRIO_ANGLE_SOURCE_FROZEN_FRAME
                                          ? PROPRIO_MATCH_POSITIONS_STILLS
                                          : PROPRIO_MATCH_POSITIONS_STREAM);
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
  if (self->source == PROPRIO_ANGLE_SOURCE_FROZEN_FRAME)
    {
      if (isfinite (self->frame_angle))
        return TRUE;
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           _("Place the three points on the hip, knee and ankle first: freeze "
                             "the video and click them, then start"));
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
  want_hold = runs_on_video (self, proprio_station_get_running (self->station));
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

gboolean
_proprio_station_camera_angle_feeds_nothing (ProprioStationCameraAngle *self,
                                             ProprioExercise           *running)
{
  return self != NULL && self->source == PROPRIO_ANGLE_SOURCE_FROZEN_FRAME &&
         runs_on_angles (running);
}

void
_proprio_station_camera_angle_set_frame (ProprioStationCameraAngle *self,
                                         double                     angle_deg,
                                         gint64                     frame_us)
{
  self->frame_angle = isfinite (angle_deg) ? angle_deg : NAN;
  self->frame_us = MAX (frame_us, 0);
}

double
_proprio_station_camera_angle_get_frame (ProprioStationCameraAngle *self,
                                         gint64                    *frame_us)
{
  if (frame_us != NULL)
    *frame_us = self->frame_us;
  return self->frame_angle;
}

static gboolean
not_measured (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NOT_MEASURED, message);
  return FALSE;
}

gboolean
_proprio_station_camera_angle_register (ProprioStationCameraAngle  *self,
                                        ProprioExercise            *running,
                                        GError                    **error)
{
  ProprioMatchExercise *match;
  gboolean reproducing;
  ProprioSample sample;

  if (running == NULL || !PROPRIO_IS_MATCH_EXERCISE (running) ||
      !proprio_match_exercise_can_register (PROPRIO_MATCH_EXERCISE (running)))
    return not_measured (error, _("There is nothing to register now"));
  match = PROPRIO_MATCH_EXERCISE (running);
  if (!_proprio_station_camera_angle_feeds_nothing (self, running))
    return proprio_match_exercise_register (match) ||
           not_measured (error, _("There is nothing to register now"));

  reproducing = proprio_match_exercise_get_stage (match) == PROPRIO_MATCH_STAGE_REPRODUCE;
  /* Memorising: a frozen frame with the points on it is the memorised angle; without one the key
   * ends the memorising as it does for any source. */
  if (!reproducing && (self->frame_us == 0 || !isfinite (self->frame_angle)))
    return proprio_match_exercise_register (match);
  if (self->frame_us == 0)
    return not_measured (error, _("Freeze the video when the patient holds the position, then "
                                  "place the points on the frozen frame and register"));
  if (!isfinite (self->frame_angle))
    return not_measured (error, _("Place the three points on the hip, knee and ankle"));

  sample = (ProprioSample) { .t_us = self->frame_us, .n_channels = 1 };
  sample.values[0] = self->frame_angle;
  if (proprio_match_exercise_register_sample (match, &sample))
    return TRUE;
  if (!reproducing)
    return proprio_match_exercise_register (match);
  return not_measured (error, _("This frame was frozen before the reproduction began: unfreeze "
                                "the video, and freeze it again when the patient holds the "
                                "position"));
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
