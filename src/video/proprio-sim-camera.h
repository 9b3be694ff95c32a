/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "core/proprio-limb-render.h"
#include "core/proprio-marker-tracker.h"
#include "core/proprio-sim-joint.h"

G_BEGIN_DECLS

/* The simulated camera of the "sim" spec: a seated patient's leg seen from the side (hip on the
 * right, thigh level, shank hanging from the knee), with green, magenta and blue markers on hip,
 * knee and ankle, drawn by core/proprio-limb-render.h. The knee angle follows the simulated
 * joint (core/proprio-sim-joint.h, the same model as the simulated goniometer) with the intent
 * it is given, so the leg moves freely before a test, goes to the target while the protocol asks
 * to memorise it and reproduces it, a little off, when asked to: the marker tracker can be shown
 * and tested without anyone in front of a webcam.
 *
 * Frames come through GStreamer as a live source: an appsrc that draws each frame at the spec's
 * size, in packed RGB, for the instant it is captured, then a clocksync that lets it go at that
 * instant, so frames leave at the frame rate with capture times on the pipeline clock
 * (CLOCK_MONOTONIC). A source that falls behind skips frames, as a busy camera does.
 *
 * One ProprioSimCamera belongs to a ProprioCamera for its lifetime, so the joint keeps moving
 * smoothly when the pipeline is rebuilt (another size, the mirror). All functions may be called
 * from any thread. */
typedef struct _ProprioSimCamera ProprioSimCamera;

ProprioSimCamera *proprio_sim_camera_new               (guint32                      seed);
ProprioSimCamera *proprio_sim_camera_ref               (ProprioSimCamera            *self);
void              proprio_sim_camera_unref             (ProprioSimCamera            *self);

/* What the simulated patient does from the next frame on (see ProprioSimJointIntent). */
void              proprio_sim_camera_set_intent        (ProprioSimCamera            *self,
                                                        const ProprioSimJointIntent *intent);
void              proprio_sim_camera_get_intent        (ProprioSimCamera            *self,
                                                        ProprioSimJointIntent       *out);
/* Leaves a marker out of the picture from the next frame (a marker covered or off the leg). */
void              proprio_sim_camera_set_marker_hidden (ProprioSimCamera            *self,
                                                        ProprioMarkerId              marker,
                                                        gboolean                     hidden);
/* The colour of a marker as drawn, as a tracker takes it. */
void              proprio_sim_camera_get_marker_color  (ProprioMarkerId              marker,
                                                        ProprioHsv                  *out);
/* The knee angle drawn in the frame captured at t_us (the frames of the last few seconds, within
 * a millisecond): the model's truth a tracker is compared with. FALSE for a time not drawn. */
gboolean          proprio_sim_camera_lookup_truth      (ProprioSimCamera            *self,
                                                        gint64                       t_us,
                                                        double                      *angle_deg);
/* Frames drawn so far, by every source made from it. */
guint64           proprio_sim_camera_get_frames_drawn  (ProprioSimCamera            *self);

/* The scene of a width × height frame with the knee at knee_angle_deg (interior, 180° straight):
 * what each frame draws. */
void              proprio_sim_camera_scene             (int                          width,
                                                        int                          height,
                                                        double                       knee_angle_deg,
                                                        ProprioLimbScene            *scene);

/* A new source element (floating) drawing width × height frames at fps, for a camera pipeline;
 * NULL with @error set when an element is missing. */
GstElement       *proprio_sim_camera_create_source     (ProprioSimCamera            *self,
                                                        int                          width,
                                                        int                          height,
                                                        int                          fps,
                                                        GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioSimCamera, proprio_sim_camera_unref)

G_END_DECLS
