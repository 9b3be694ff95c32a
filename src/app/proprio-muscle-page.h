/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/proprio-emg-quality.h"
#include "core/proprio-sample.h"
#include "devices/proprio-device.h"
#include "exercises/proprio-exercise.h"
#include "station/proprio-station.h"

G_BEGIN_DECLS

/* The Muscle work area: the live activation of the EMG sleeve's channels (ProprioEmgView), their
 * signal quality, the MVC calibration and the activation drills (activate, inhibit, dual), with
 * their settings and results.
 *
 * A view of the station (station/proprio-station.h), like the Balance page: the device, its EMG
 * stage, the engines, the latest calibration and every run's result live there, so a page can be
 * rebuilt, hidden or doubled (a second window) without losing anything. The page applies its
 * settings to the station's "mvc-calibration" and "activation-drill" engines whenever they change
 * (so Space starts them configured from any page) and shows what they do.
 *
 * Channels: the device's EMG channels as the station's EMG stage lays them out (raw, then one
 * envelope each), at most PROPRIO_EMG_VIEW_MAX_CHANNELS. Each has the therapist's name ("Glute
 * med L"; the device's label, "Ch 3", until one is given) and a colour, kept in GSettings by
 * channel position ("emg-channel-names", "emg-channel-colors"). Signal quality sentences are built
 * here from the stage's states with those names ("Check the electrode on Glute med L: the signal
 * is flat"). The latest MVC calibration is kept in "emg-calibration" (by the device's channel
 * name) and given back to the station at start; muscle.forget-calibration drops it.
 *
 * Properties:
 *   "station"    (ProprioStation *, construct-only) what the page shows.
 *   "settings"   (GSettings *, construct-only) io.github.proprio.Proprio, or NULL.
 *   "device"     (ProprioDevice *, read-only) the station's device; anything but an EMG device
 *                (or none) shows a hint with the device menu and the simulated sleeve instead.
 *   "exercise"   (ProprioMuscleExercise) the exercise chosen in the side panel: the station's
 *                "exercise-id" ("live", "mvc-calibration", "activation-drill").
 *   "show-raw"   (gboolean) the raw traces beside the bars ("emg-show-raw").
 *   "pair-view"  (gboolean) two channels side by side with their ratio and symmetry.
 *
 * Actions (group "muscle"): muscle.start, muscle.stop, muscle.forget-calibration,
 * muscle.use-simulator (the simulated Cyton sleeve), muscle.show-raw and muscle.pair-view
 * (stateful). Space, Ctrl+Return and Escape are the window's (proprio-window-actions.c), as are
 * R and P on this page. */

typedef enum
{
  PROPRIO_MUSCLE_EXERCISE_LIVE,
  PROPRIO_MUSCLE_EXERCISE_MVC,
  PROPRIO_MUSCLE_EXERCISE_DRILL,
} ProprioMuscleExercise;

#define PROPRIO_MUSCLE_N_EXERCISES 3

GType proprio_muscle_exercise_get_type (void) G_GNUC_CONST;
#define PROPRIO_TYPE_MUSCLE_EXERCISE (proprio_muscle_exercise_get_type ())

#define PROPRIO_TYPE_MUSCLE_PAGE (proprio_muscle_page_get_type ())

G_DECLARE_FINAL_TYPE (ProprioMusclePage, proprio_muscle_page, PROPRIO, MUSCLE_PAGE, GtkWidget)

GtkWidget            *proprio_muscle_page_new              (ProprioStation        *station,
                                                            GSettings             *settings);

ProprioStation       *proprio_muscle_page_get_station      (ProprioMusclePage     *self);
ProprioDevice        *proprio_muscle_page_get_device       (ProprioMusclePage     *self);
ProprioMuscleExercise proprio_muscle_page_get_exercise     (ProprioMusclePage     *self);
void                  proprio_muscle_page_set_exercise     (ProprioMusclePage     *self,
                                                            ProprioMuscleExercise  exercise);

/* The EMG channels shown (0 without an EMG device, or before it says what it streams). */
guint                 proprio_muscle_page_get_n_channels   (ProprioMusclePage     *self);
/* The therapist's name of channel `channel`, else the device's label; NULL when out of range. */
const char           *proprio_muscle_page_get_channel_name (ProprioMusclePage     *self,
                                                            guint                  channel);
/* Names channel `channel` ("Glute med L"); NULL or "" goes back to the device's label. Kept in
 * the settings by position. */
void                  proprio_muscle_page_set_channel_name (ProprioMusclePage     *self,
                                                            guint                  channel,
                                                            const char            *name);
/* The signal quality of channel `channel` as last reported, and (message may be NULL) the
 * sentence for the therapist with the channel's name, NULL when the signal is fine or not judged
 * yet. */
ProprioEmgQualityState
                      proprio_muscle_page_get_quality      (ProprioMusclePage     *self,
                                                            guint                  channel,
                                                            char                 **message);

/* Hands samples to the view and to the station's running exercise exactly as the per-frame drain
 * of the device ring does, then ticks the exercise at the newest sample's time. For tests. */
void                  proprio_muscle_page_push_samples     (ProprioMusclePage     *self,
                                                            const ProprioSample   *samples,
                                                            gsize                  n);

G_END_DECLS
