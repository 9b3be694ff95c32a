/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-results-table.h"

#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-mvc-calibration.h"
#include "station/proprio-station.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-stream-follower.h"

#include "proprio-muscle-page.h"
#include "widgets/proprio-panel-cache.h"

G_BEGIN_DECLS

/* One EMG channel of the device as the page shows it. */
typedef struct
{
  guint                  input;        /* sample index of the raw signal */
  guint                  envelope;     /* sample index of its envelope, G_MAXUINT for none */
  char                  *device_name;  /* "ch3_uv": what the calibration is kept under */
  char                  *label;        /* the device's label, "Ch 3" */
  char                  *name;         /* the therapist's name, else the label */
  double                 mvc;          /* from the station's calibration, 0 for none */
  ProprioEmgQualityState state;
  double                 hum_uv;
  GtkWidget             *name_row;     /* AdwEntryRow in channels_group */
  GtkWidget             *color_button;
  GtkWidget             *quality_row;  /* AdwActionRow in quality_group */
  GtkWidget             *quality_icon;
} ProprioMuscleChannel;

struct _ProprioMusclePage
{
  GtkWidget               parent_instance;

  GSettings              *settings;
  ProprioStation         *station;
  ProprioStreamFollower  *follower;        /* the station's device, for the view */
  GSignalGroup           *engine_signals;  /* the station's selected engine */
  GSignalGroup           *device_signals;  /* the station's device ("notify::state") */
  gboolean                is_emg;

  /* The station's engines (not owned). */
  ProprioMvcCalibration  *mvc;
  ProprioActivationDrill *drill;
  ProprioMuscleExercise   exercise;
  ProprioExercise        *engine;          /* the chosen exercise's engine, or NULL */
  ProprioExercisePhase    shown_phase;
  guint                   shown_reps;      /* drill reps when the results were last built */
  gboolean                updating_ui;
  gboolean                show_raw;
  gboolean                pair_view;
  gboolean                mvc_rested;      /* the running calibration has had a contraction */
  guint                   run_total;       /* reps or contractions of the run shown */

  /* The channels chosen in the side panel (indices into `channels`), kept while the lists
   * are rebuilt. */
  guint                   target_choice;
  guint                   quiet_choice;
  guint                   pair_a_choice;
  guint                   pair_b_choice;
  guint                   mvc_choice;      /* 0: all channels, else channel mvc_choice − 1 */
  double                  shown_hold;      /* on hold_bar, or -1 when hidden */
  guint                   shown_rep;       /* on rep_label (0: hidden; G_MAXUINT: unknown) */
  gboolean                shown_rep_is_drill;
  guint                   shown_successes; /* on successes_label, G_MAXUINT when hidden */

  /* The layout shown: the stage's EMG channels (at most what the view shows). */
  ProprioEmgStage        *layout_stage;    /* the stage `channels` came from (a reference) */
  guint                   layout_n_stage;  /* its EMG channel count when read */
  guint                   n_channels;
  ProprioMuscleChannel    channels[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  GtkStringList          *channel_names;   /* the names, for the channel choosers */
  GtkStringList          *mvc_channels;    /* "All channels", then the names */

  int                     shown_seconds;   /* on time_label, or -1 when hidden */
  ProprioPanelScroll      panel_keeper;     /* the side panel stays put as results change */

  /* Template children */
  GtkStack               *stack;
  AdwStatusPage          *no_device_status;
  GtkLabel               *refusal_label;
  AdwFlap                *flap;
  GtkScrolledWindow      *panel_scroll;
  GtkLabel               *prompt_label;
  GtkBox                 *status_box;
  GtkLabel               *rep_label;
  GtkLabel               *time_label;
  GtkLabel               *successes_label;
  GtkProgressBar         *hold_bar;
  GtkLabel               *message_label;
  GtkBox                 *error_bar;
  GtkLabel               *error_label;
  GtkLabel               *unit_label;
  ProprioEmgView         *view;
  AdwComboRow            *exercise_row;
  GtkButton              *start_button;
  GtkButton              *stop_button;
  GtkLabel               *results_title;
  GtkLabel               *results_placeholder;
  GtkGrid                *results_grid;
  AdwPreferencesGroup    *zone_group;
  AdwComboRow            *mode_row;
  AdwComboRow            *target_row;
  AdwActionRow           *band_lower_spin_row;
  GtkSpinButton          *band_lower_spin;
  AdwActionRow           *band_upper_spin_row;
  GtkSpinButton          *band_upper_spin;
  AdwComboRow            *quiet_row;
  AdwActionRow           *threshold_spin_row;
  GtkSpinButton          *threshold_spin;
  GtkStack               *settings_stack;
  GtkSpinButton          *work_spin;
  GtkSpinButton          *rest_spin;
  GtkSpinButton          *reps_spin;
  GtkSpinButton          *countdown_spin;
  GtkSpinButton          *success_spin;
  AdwComboRow            *mvc_channel_row;
  GtkSpinButton          *contractions_spin;
  GtkSpinButton          *contraction_spin;
  GtkSpinButton          *mvc_rest_spin;
  GtkSpinButton          *mvc_countdown_spin;
  AdwActionRow           *calibration_row;
  GtkButton              *forget_button;
  AdwPreferencesGroup    *channels_group;
  AdwPreferencesGroup    *quality_group;
  GtkSwitch              *raw_switch;
  GtkSwitch              *pair_switch;
  AdwComboRow            *pair_a_row;
  AdwComboRow            *pair_b_row;
  GtkSwitch              *sound_switch;
};

/* The station's id of an exercise ("live", "mvc-calibration", "activation-drill") and back. */
const char *proprio_muscle_exercise_to_id   (ProprioMuscleExercise   exercise);
gboolean    proprio_muscle_exercise_from_id (const char             *id,
                                             ProprioMuscleExercise  *exercise);
gboolean    proprio_muscle_page_is_running  (ProprioMusclePage      *self);

/* proprio-muscle-page-channels.c: the channel layout, names, colours, quality, calibration. */
void proprio_muscle_page_init_channels      (ProprioMusclePage *self);
void proprio_muscle_page_clear_channels     (ProprioMusclePage *self);
/* Reads the layout from the station's EMG stage when it changed (cheap otherwise). */
void proprio_muscle_page_sync_layout        (ProprioMusclePage *self,
                                             gboolean           force);
void proprio_muscle_page_update_quality     (ProprioMusclePage *self);
void proprio_muscle_page_update_calibration (ProprioMusclePage *self);
void proprio_muscle_page_update_error       (ProprioMusclePage *self);
/* The sentence for a quality state with the therapist's name, NULL when OK or UNKNOWN. */
char *proprio_muscle_quality_sentence       (ProprioEmgQualityState state,
                                             const char            *name,
                                             double                 hum_uv);

/* proprio-muscle-page-exercises.c: the engines' settings, the zones, running them. */
void proprio_muscle_page_init_exercises     (ProprioMusclePage *self);
void proprio_muscle_page_bind_callbacks     (GtkWidgetClass    *widget_class);
/* The layout or the calibration changed: the choosers, zones and units follow. */
void proprio_muscle_page_channels_changed   (ProprioMusclePage *self);
void proprio_muscle_page_apply_settings     (ProprioMusclePage *self);
void proprio_muscle_page_show_zones         (ProprioMusclePage *self);
void proprio_muscle_page_engine_changed     (ProprioMusclePage *self);
void proprio_muscle_page_update_controls    (ProprioMusclePage *self);
/* The live numbers of a run (time left, rep, hold), every frame; cheap. */
void proprio_muscle_page_update_running     (ProprioMusclePage *self,
                                             gint64             now_us);
void proprio_muscle_page_start              (ProprioMusclePage *self);
void proprio_muscle_page_stop               (ProprioMusclePage *self);

/* proprio-muscle-page-results.c: the results area. */
void proprio_muscle_page_update_results     (ProprioMusclePage *self);



G_END_DECLS
