/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-marker-sample.h"
#include "proprio-marker-picker.h"

G_BEGIN_DECLS

/* ProprioMarkerPicker is split over three files: proprio-marker-picker.c (the widget, following
 * the camera and the clicks), proprio-marker-picker-controls.c (the buttons and the tolerance
 * under the video) and proprio-marker-picker-draw.c (what is drawn over the video, and the states
 * in words). */

/* Samples kept to find the one of the frame shown: half a second at 30 fps. */
#define PICKER_HISTORY 16

struct _ProprioMarkerPicker
{
  GtkWidget                 parent_instance;

  ProprioCamera            *camera;
  GSignalGroup             *camera_signals;
  ProprioRingCursor         cursor;
  gboolean                  has_cursor;
  ProprioSample             history[PICKER_HISTORY];
  guint                     history_len;
  guint                     history_next;
  gint64                    last_sample_us;   /* when the newest sample was read (clock) */
  guint                     tick_id;

  /* what is drawn: the sample of the frame shown, if there is one */
  gboolean                  has_view;
  ProprioMarkerSampleView   view;

  int                       picking;          /* ProprioMarkerId, or -1 */
  gboolean                  in_sequence;      /* picking hip, knee, ankle in turn */
  gboolean                  show_angle;
  gboolean                  show_controls;
  gboolean                  updating;         /* setting the controls from the camera */
  char                     *status;
  char                     *hint;
  gboolean                  hint_is_error;
  char                     *marker_text[PROPRIO_N_MARKERS];
  /* The tracker's colours, read when they change ("markers-changed"): the tracker's lock is
   * held by its thread for each frame, and the main thread must not wait on it every frame. */
  gboolean                  has_color[PROPRIO_N_MARKERS];
  ProprioHsv                color[PROPRIO_N_MARKERS];

  GtkWidget                *overlay;
  GtkWidget                *picture;
  GtkWidget                *video;            /* drawing area over the picture: marks, clicks */
  GtkWidget                *status_label;
  GtkWidget                *controls;
  GtkWidget                *marker_button[PROPRIO_N_MARKERS];
  GtkWidget                *marker_swatch[PROPRIO_N_MARKERS];
  GtkWidget                *marker_label[PROPRIO_N_MARKERS];
  GtkAdjustment            *tolerance;
  GtkWidget                *hint_label;
};

/* Makes self->controls and what it holds. */
void  _proprio_marker_picker_build_controls (ProprioMarkerPicker *self);
/* The hint under the controls; @is_error shows it as an error (why a click did nothing). */
void  _proprio_marker_picker_set_hint    (ProprioMarkerPicker      *self,
                                          const char               *hint,
                                          gboolean                  is_error);

/* Draws the letterbox bars and, for the sample of the frame shown, the markers, the limb lines
 * and the angle (when shown) over a video area of width × height. */
void  _proprio_marker_picker_draw        (ProprioMarkerPicker      *self,
                                          cairo_t                  *cr,
                                          int                       width,
                                          int                       height);
/* The colour swatch of a marker's button: its picked colour, or an empty ring when none. */
void  _proprio_marker_picker_draw_swatch (ProprioMarkerPicker      *self,
                                          ProprioMarkerId           marker,
                                          cairo_t                  *cr,
                                          int                       width,
                                          int                       height);
/* A marker's state in words, for its button and the status line ("Knee marker lost", "Two
 * green blobs: hip ambiguous"). @view NULL: no sample yet (only whether it has a colour). */
char *_proprio_marker_picker_state_text  (ProprioMarkerPicker           *self,
                                          ProprioMarkerId                marker,
                                          const ProprioMarkerSampleView *view);
/* "green", "magenta"…: the everyday name of a marker colour (translated). */
const char *_proprio_marker_color_name   (const ProprioHsv              *color);

G_END_DECLS
