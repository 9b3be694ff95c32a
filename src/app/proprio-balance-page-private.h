/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-results-table.h"

#include "station/proprio-station.h"
#include "widgets/proprio-stream-follower.h"
#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-static-test.h"
#include "exercises/proprio-weight-shift.h"
#include "widgets/proprio-cop-view.h"

#include "proprio-balance-page.h"

G_BEGIN_DECLS

struct _ProprioBalancePage
{
  GtkWidget               parent_instance;

  GSettings              *settings;
  ProprioStation         *station;
  ProprioStreamFollower  *follower;         /* the station's device, for the view */
  GSignalGroup           *engine_signals;   /* the station's selected engine */
  gboolean                is_balance;

  /* The station's engines (not owned): they outlive any page. */
  ProprioStaticTest      *static_test;
  ProprioWeightShift     *weight_shift;
  ProprioLosTest         *los_test;
  ProprioCopMatching     *cop_matching;
  GtkWidget              *matching_settings;   /* ProprioMatchSettings */
  gboolean                matching_cleared;    /* targets cleared: the next click starts anew */
  ProprioTarget          *idle_targets;        /* the configured matching targets, to draw */
  ProprioBalanceExercise  exercise;
  ProprioExercise        *engine;           /* the chosen exercise's engine, or NULL */
  ProprioExercisePhase    shown_phase;
  guint                   shown_trials;     /* weight shift: trials when results were last built */
  gboolean                updating_ui;

  int                     review;           /* static-test condition shown on the view, or -1 */
  int                     shown_seconds;    /* on time_label, or -1 when hidden */
  ProprioPanelScroll      panel_keeper;     /* the side panel stays put as results change */
  ProprioSample          *review_samples;

  /* Template children */
  GtkStack               *stack;
  AdwFlap                *flap;
  GtkScrolledWindow      *panel_scroll;
  GtkButton              *choose_device_button;
  GtkToggleButton        *panel_button;
  ProprioCopView         *view;
  GtkLabel               *prompt_label;
  GtkLabel               *time_label;
  GtkLabel               *message_label;
  GtkBox                 *review_bar;
  GtkLabel               *review_label;
  AdwComboRow            *exercise_row;
  GtkStack               *settings_stack;
  GtkSwitch              *trail_switch;
  GtkSwitch              *ellipse_switch;
  GtkCheckButton         *condition_checks[PROPRIO_STATIC_N_CONDITION_KINDS];
  GtkSpinButton          *duration_spin;
  GtkSpinButton          *countdown_spin;
  AdwComboRow            *preset_row;
  GtkSpinButton          *distance_spin;
  GtkSpinButton          *radius_spin;
  GtkSpinButton          *dwell_spin;
  GtkSpinButton          *timeout_spin;
  GtkSpinButton          *repetitions_spin;
  AdwActionRow           *scale_row;
  GtkSwitch              *scale_switch;
  GtkLabel               *targets_label;
  GtkSpinButton          *los_distance_spin;
  GtkSpinButton          *height_spin;
  GtkBox                 *matching_box;
  GtkLabel               *matching_targets_label;
  GtkButton              *start_button;
  GtkButton              *stop_button;
  GtkButton              *next_button;
  GtkButton              *retry_button;
  GtkSwitch              *sound_switch;
  GtkLabel               *results_title;
  GtkGrid                *results_grid;
  GtkLabel               *results_placeholder;
};

/* The id of an exercise in the station ("live", "static-test"…) and back. */
const char *proprio_balance_exercise_to_id (ProprioBalanceExercise  exercise);
gboolean    proprio_balance_exercise_from_id (const char            *id,
                                              ProprioBalanceExercise *exercise);
gboolean    proprio_balance_page_is_running (ProprioBalancePage    *self);

/* proprio-balance-page-exercises.c: the engines' settings and running them. */
void proprio_balance_page_init_exercises    (ProprioBalancePage *self);
void proprio_balance_page_engine_changed    (ProprioBalancePage *self);
/* The seconds left of the running phase, large, for the patient (every frame; cheap). */
void proprio_balance_page_update_time_left  (ProprioBalancePage *self,
                                             gint64              now_us);
void proprio_balance_page_apply_board_size  (ProprioBalancePage *self);
void proprio_balance_page_apply_settings    (ProprioBalancePage *self);
void proprio_balance_page_update_controls   (ProprioBalancePage *self);
void proprio_balance_page_start             (ProprioBalancePage *self);
void proprio_balance_page_stop              (ProprioBalancePage *self);
void proprio_balance_page_next              (ProprioBalancePage *self);
void proprio_balance_page_retry             (ProprioBalancePage *self);
void proprio_balance_page_show_targets      (ProprioBalancePage *self);
void proprio_balance_page_clear_matching_targets (ProprioBalancePage *self);
void proprio_balance_page_bind_callbacks    (GtkWidgetClass     *widget_class);

/* proprio-balance-page-results.c: the results area and the review of recorded traces. */
void proprio_balance_page_update_results    (ProprioBalancePage *self);
void proprio_balance_page_review            (ProprioBalancePage *self,
                                             int                 condition_index);
void proprio_balance_page_end_review        (ProprioBalancePage *self);

G_END_DECLS
