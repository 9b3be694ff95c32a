/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-stream-reader.h"
#include "widgets/proprio-angle-dial.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-stream-follower.h"

#include "proprio-patient-window.h"

G_BEGIN_DECLS

struct _ProprioPatientWindow
{
  AdwWindow              parent_instance;

  ProprioStation        *station;
  ProprioPlanRun        *plan_run;       /* may be NULL */
  GSettings             *settings;       /* may be NULL */
  GSignalGroup          *engine_signals; /* the exercise followed: running, else selected */
  ProprioExercise       *engine;         /* not owned: what engine_signals follows */
  ProprioOverlay        *overlay;        /* the therapist's, drawn over the video */
  gulong                 overlay_changed_id;
  char                  *fallback_view;
  const char            *area;           /* static string */
  gboolean               large_text;
  gboolean               covered;
  int                    shown_seconds;
  char                  *time_text;

  /* The parts */
  GtkWidget             *header_revealer; /* a title bar to move the window, not fullscreen */
  GtkWidget             *content;         /* what the patient sees (the preview paints it) */
  GtkLabel              *prompt_label;
  GtkLabel              *time_label;
  GtkStack              *stack;
  GtkWidget             *cover;
  GtkLabel              *cover_label;
  GtkWidget             *pacer_card;      /* over the feedback's corner */
  GtkWidget             *pacer_full;      /* the "pacer" area */
  GtkLabel              *rest_label;      /* the "rest" area's countdown */

  /* The areas (proprio-patient-window-areas.c) */
  ProprioCopView        *cop;
  ProprioStreamFollower *cop_follower;
  gboolean               has_cop;
  double                 cop_xy[2];
  gint64                 cop_us;
  ProprioEmgView        *emg;
  ProprioStreamFollower *emg_follower;
  guint                  n_emg;
  GtkWidget             *video;           /* a GtkOverlay: picture and overlays */
  GtkWidget             *overlay_area;
  gboolean               holds_camera;
  ProprioAngleDial      *dial;
  ProprioStreamFollower *angle_follower;
  ProprioStreamReader   *camera_angles;
  double                 live_angle;

  /* Fullscreen: the pointer hides after a while */
  guint                  cursor_timeout;
};

/* The areas: made once, then refreshed when the engine, the device or a frame says so. */
void _proprio_patient_window_init_areas    (ProprioPatientWindow *self);
void _proprio_patient_window_dispose_areas (ProprioPatientWindow *self);
void _proprio_patient_window_device_changed (ProprioPatientWindow *self);
/* The engine followed changed: targets, zones, dial. */
void _proprio_patient_window_update_areas  (ProprioPatientWindow *self);
/* Before each frame of an area's view: the station catches up, the texts follow. */
void _proprio_patient_window_frame         (ProprioPatientWindow *self,
                                            gint64                now_us);
void _proprio_patient_window_hold_camera   (ProprioPatientWindow *self,
                                            gboolean              hold);

G_END_DECLS
