/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "video/proprio-camera.h"

G_BEGIN_DECLS

/* The camera's picture with what the marker tracker sees on it, and the controls to set the
 * markers up: for the joint angle from the webcam (video/proprio-camera.h, "marker tracking").
 *
 * It shows the camera's frames (through the camera's ProprioFramePaintable: textures over the
 * frames' own bytes, no copy), and over them, for the frame shown, the markers found (a ring
 * each, named), the thigh and shank lines, and the angle arc at the knee with its value in large
 * type. Below: a status line in large type (the angle, or what is wrong: "Knee marker lost",
 * "Two green blobs: hip ambiguous", "Tracking is off"), and the controls: a button per marker
 * with its colour and state in words, a colour tolerance slider, and a hint that says what a
 * click in the video does next.
 *
 * Picking: a click on the video sets the colour of the marker being picked (hip first, then
 * knee, then ankle, in turn) from a small disc around the click on the frame shown (live,
 * delayed or frozen: freezing the picture makes a moving marker easy to click). A click on
 * something that cannot be a marker (grey, white, dark, off the picture) changes nothing and
 * the hint says why. A marker's button picks that marker again.
 *
 * The widget neither starts the camera nor turns tracking on: whoever owns the camera does (the
 * station, see "the joint angle" in station/proprio-station.h). It follows the marker colours
 * set through the camera (proprio_camera_set_marker_color () and the others that notify
 * "markers-changed"), e.g. colours a page restores from its settings. How to embed it in a page:
 *
 *   picker = proprio_marker_picker_new (proprio_station_get_camera (station));
 *   gtk_box_append (GTK_BOX (video_box), picker);     // it expands to fill what it is given
 *   // while the page is on screen, hold the camera (map: proprio_station_hold_camera (),
 *   // unmap: proprio_station_release_camera ()): with the angle source "camera", the station
 *   // then tracks, and the picker draws what it tracks;
 *   // while the exercise hides the feedback (reproduce phase), hide the angle:
 *   proprio_marker_picker_set_show_angle (PROPRIO_MARKER_PICKER (picker),
 *                                         proprio_exercise_get_feedback_visible (exercise));
 *   // on a patient-facing screen, hide the set-up controls:
 *   proprio_marker_picker_set_show_controls (PROPRIO_MARKER_PICKER (picker), FALSE);
 *
 * Properties:
 *   "camera"         (ProprioCamera *) the camera shown and set up; NULL shows nothing.
 *   "picking"        (int) the marker the next click sets (ProprioMarkerId), or -1 for none.
 *   "show-angle"     (gboolean, default TRUE) the limb lines, the angle arc and its value, on the
 *                    picture and in the status line. FALSE: markers and their states only.
 *   "show-controls"  (gboolean, default TRUE) the marker buttons, the tolerance and the hint.
 *   "status"         (string, read-only) the status line's text, as shown. */
#define PROPRIO_TYPE_MARKER_PICKER (proprio_marker_picker_get_type ())

G_DECLARE_FINAL_TYPE (ProprioMarkerPicker, proprio_marker_picker, PROPRIO, MARKER_PICKER,
                      GtkWidget)

/* Tolerance slider range: the hue tolerance in degrees; saturation and value tolerances follow
 * in proportion to the tracker's defaults (±15°, ±0.30, ±0.35). */
#define PROPRIO_MARKER_PICKER_MIN_TOLERANCE_DEG  5.0
#define PROPRIO_MARKER_PICKER_MAX_TOLERANCE_DEG 45.0

GtkWidget     *proprio_marker_picker_new               (ProprioCamera       *camera);
ProprioCamera *proprio_marker_picker_get_camera        (ProprioMarkerPicker *self);
void           proprio_marker_picker_set_camera        (ProprioMarkerPicker *self,
                                                        ProprioCamera       *camera);
int            proprio_marker_picker_get_picking       (ProprioMarkerPicker *self);
/* -1: no click sets anything until a marker is chosen again. */
void           proprio_marker_picker_set_picking       (ProprioMarkerPicker *self,
                                                        int                  marker);
gboolean       proprio_marker_picker_get_show_angle    (ProprioMarkerPicker *self);
void           proprio_marker_picker_set_show_angle    (ProprioMarkerPicker *self,
                                                        gboolean             show);
gboolean       proprio_marker_picker_get_show_controls (ProprioMarkerPicker *self);
void           proprio_marker_picker_set_show_controls (ProprioMarkerPicker *self,
                                                        gboolean             show);
const char    *proprio_marker_picker_get_status        (ProprioMarkerPicker *self);
/* The hint under the controls, as shown (what a click does next, or why the last one did
 * nothing). */
const char    *proprio_marker_picker_get_hint          (ProprioMarkerPicker *self);
/* The state of @marker in words, as its button shows it. */
const char    *proprio_marker_picker_get_marker_text   (ProprioMarkerPicker *self,
                                                        ProprioMarkerId      marker);

/* A click at (x, y) on the video area, in its own widget coordinates (the gesture calls this;
 * tests call it directly). TRUE when it set a colour. */
gboolean       proprio_marker_picker_click             (ProprioMarkerPicker *self,
                                                        double               x,
                                                        double               y);
/* The video area, and where the frame shown sits in it ("contain", as GtkPicture draws it), in
 * its coordinates: for a test to click on a point of the frame. FALSE before any frame. */
GtkWidget     *proprio_marker_picker_get_video_area    (ProprioMarkerPicker *self);
gboolean       proprio_marker_picker_frame_to_widget   (ProprioMarkerPicker *self,
                                                        double               frame_x,
                                                        double               frame_y,
                                                        double              *widget_x,
                                                        double              *widget_y);

G_END_DECLS
