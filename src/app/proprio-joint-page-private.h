/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-overlay.h"
#include "core/proprio-stream-reader.h"
#include "widgets/proprio-overlay-editor.h"
#include "widgets/proprio-angle-dial.h"
#include "widgets/proprio-error-plot.h"
#include "widgets/proprio-match-settings.h"
#include "widgets/proprio-stream-follower.h"

#include "proprio-joint-page.h"

G_BEGIN_DECLS

struct _ProprioJointPage
{
  GtkWidget              parent_instance;

  GSettings             *settings;
  ProprioStation        *station;
  ProprioJpsProtocol    *engine;          /* the station's (not owned) */
  ProprioStreamFollower *follower;        /* the device's angle, for the dial */
  GSignalGroup          *device_signals;  /* the station's device */
  gboolean               is_angle;        /* the device streams angles */
  /* The camera as the angle source (the station's "angle-source"): its tracked picture, the
   * page's hold on the camera while it is on screen, and a cursor on its angle ring. */
  gboolean               use_camera;
  GtkWidget             *picker;          /* ProprioMarkerPicker, made when first needed */
  gboolean               holds_camera;
  ProprioStreamReader   *camera_reader;
  gboolean               updating_source;
  /* Three points on a frozen frame (proprio-joint-page-frame.c): the view, made when first
   * chosen, and the points, shared by the station's pages and kept with the station (and in
   * "joint-frame-points"). */
  gboolean               use_frame;
  GtkWidget             *frame_view;
  GtkPicture            *frame_picture;
  ProprioOverlayEditor  *frame_editor;
  ProprioOverlay        *frame_overlay;
  GtkWidget             *frame_arc;
  GtkLabel              *frame_hint;
  GtkToggleButton       *freeze_button;
  GtkWidget             *frozen_badge;
  ProprioMatchStage      frame_stage;     /* the stage the view last saw */
  double                 live_angle;      /* the newest angle, NaN for none */
  gint64                 live_us;
  ProprioExercisePhase   shown_phase;
  guint                  shown_trials;
  int                    shown_seconds;
  gboolean               dark_screen;
  GtkWidget             *match_settings;

  /* Template children */
  GtkStack              *stack;
  AdwFlap               *flap;
  GtkLabel              *prompt_label;
  GtkLabel              *time_label;
  GtkLabel              *message_label;
  GtkStack              *view_stack;
  ProprioAngleDial      *dial;
  GtkBox                *camera_box;
  AdwComboRow           *source_combo;
  GtkWidget             *cover;           /* over the dial while reproducing */
  GtkLabel              *cover_label;
  AdwActionRow          *source_row;
  GtkButton             *start_button;
  GtkButton             *register_button;
  GtkButton             *stop_button;
  GtkLabel              *progress_label;
  GtkLabel              *results_placeholder;
  GtkGrid               *summary_grid;
  ProprioErrorPlot      *plot;
  GtkLabel              *plot_caption;
  GtkGrid               *trials_grid;
  AdwPreferencesGroup   *targets_group;
  GtkListBox            *targets_list;
  GtkSpinButton         *new_target_spin;
  GtkSpinButton         *start_spin;
  GtkLabel              *targets_message;
  GtkBox                *settings_box;
  AdwComboRow           *screen_row;
};

/* proprio-joint-page-targets.c: the targets editor and the start position. */
void _proprio_joint_page_init_targets    (ProprioJointPage *self);
void _proprio_joint_page_update_targets  (ProprioJointPage *self);
void _proprio_joint_page_add_target      (ProprioJointPage *self,
                                          double            angle);
void _proprio_joint_page_capture         (ProprioJointPage *self);
/* The warning about a target too close to the start position. */
void _proprio_joint_page_update_target_message (ProprioJointPage *self);

/* proprio-joint-page.c: the actions' sensitivity after a change of the source; the prompt and
 * the exercise's message again (a refusal shown over it is then out of date). */
void _proprio_joint_page_sync_controls   (ProprioJointPage *self);
void _proprio_joint_page_update_prompt   (ProprioJointPage *self);

/* proprio-joint-page-frame.c: points on a frozen frame. ensure builds the view (once) and adds
 * it to the view stack as "frame"; update tells the station what is placed, and redraws. */
void   _proprio_joint_page_frame_ensure        (ProprioJointPage *self);
void   _proprio_joint_page_frame_update        (ProprioJointPage *self);
void   _proprio_joint_page_frame_dispose       (ProprioJointPage *self);
void   _proprio_joint_page_frame_toggle_freeze (ProprioJointPage *self);
void   _proprio_joint_page_frame_clear         (ProprioJointPage *self);
/* The angle at the points placed (NaN: none). */
double _proprio_joint_page_frame_angle         (ProprioJointPage *self);

/* proprio-joint-page-results.c: the results, the plot, the table. */
void _proprio_joint_page_update_results  (ProprioJointPage *self);

G_END_DECLS
