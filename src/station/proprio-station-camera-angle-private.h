/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-stream-reader.h"
#include "proprio-station.h"

G_BEGIN_DECLS

/* Between the files of ProprioStation: proprio-station-camera-angle.c holds the angle source
 * (device, camera or frozen frame) and the camera's marker tracking; these are its calls with
 * proprio-station.c. */

/* The angle source's state, owned by the station (made in init, freed in dispose). */
typedef struct _ProprioStationCameraAngle ProprioStationCameraAngle;

ProprioStationCameraAngle *
                   _proprio_station_camera_angle_new        (ProprioStation            *station);
void               _proprio_station_camera_angle_free       (ProprioStationCameraAngle *self);
ProprioAngleSource _proprio_station_camera_angle_get_source (ProprioStationCameraAngle *self);
gboolean           _proprio_station_camera_angle_set_source (ProprioStationCameraAngle *self,
                                                             ProprioAngleSource         source,
                                                             GError                   **error);
/* Before an ANGLE exercise starts: the chosen source can give angles (FALSE with an error the
 * therapist acts on), and its reader starts from now. */
gboolean           _proprio_station_camera_angle_prepare    (ProprioStationCameraAngle *self,
                                                             ProprioExercise           *exercise,
                                                             GError                   **error);
/* The reader that feeds @running (the running engine, or NULL): the camera's angle ring for an
 * ANGLE exercise on the camera source, else NULL (the device's). */
ProprioStreamReader *
                   _proprio_station_camera_angle_reader     (ProprioStationCameraAngle *self,
                                                             ProprioExercise           *running);
/* FROZEN_FRAME with an ANGLE exercise running: nothing streams, the station feeds nothing. */
gboolean           _proprio_station_camera_angle_feeds_nothing (ProprioStationCameraAngle *self,
                                                                ProprioExercise           *running);
/* proprio_station_set_frame_angle () / get_frame_angle () / register (). */
void               _proprio_station_camera_angle_set_frame  (ProprioStationCameraAngle *self,
                                                             double                     angle_deg,
                                                             gint64                     frame_us);
double             _proprio_station_camera_angle_get_frame  (ProprioStationCameraAngle *self,
                                                             gint64                    *frame_us);
gboolean           _proprio_station_camera_angle_register   (ProprioStationCameraAngle *self,
                                                             ProprioExercise           *running,
                                                             GError                   **error);
/* After a change of what runs or of the camera's holds: the station's own hold on the camera,
 * and the camera's tracking, follow. */
void               _proprio_station_camera_angle_sync       (ProprioStationCameraAngle *self);
/* On every update: the simulated leg does what @running (NULL: nothing) asks. */
void               _proprio_station_camera_angle_update     (ProprioStationCameraAngle *self,
                                                             ProprioExercise           *running);

/* For tests: @engine becomes one of the station's exercises under @id (selected, started and
 * fed like the station's own), for an exercise kind the station does not have yet. */
void               _proprio_station_add_engine              (ProprioStation            *self,
                                                             const char                *id,
                                                             ProprioExercise           *engine);

G_END_DECLS
