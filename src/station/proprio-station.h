/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/proprio-emg-mvc.h"
#include "core/proprio-emg-stage.h"
#include "devices/proprio-device.h"
#include "exercises/proprio-exercise.h"
#include "exercises/proprio-exercise-result.h"
#include "exercises/proprio-pacer.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-monitor.h"

G_BEGIN_DECLS

/* ProprioStation: the running session, owned by the application — the device, the camera, the
 * exercises and the results of every run since the application started. It has no widgets:
 * every window and page is a view that binds to it (GBindingGroup / GSignalGroup on its
 * properties), so two windows show the same live state and closing one changes nothing for the
 * other. Main thread only; the device reads on its own thread, the camera streams on GStreamer's.
 *
 * Exercises: one engine per kind lives as long as the station ("static-test", "weight-shift",
 * "los-test", "mvc-calibration", "activation-drill", "jps-protocol", "cop-matching"), so a page that is rebuilt, hidden or
 * switched never loses what they measured. The *selected* exercise ("exercise-id"; "live" for none) is what Space
 * starts; the *running* one is fed with every sample of the device's stream by
 * proprio_station_update (), which each view calls on its frame clock before drawing, and a
 * 16 ms timer while nothing draws (all windows hidden), so a test goes on whatever is shown.
 *
 * Properties (all notified on the main thread):
 *   "device"       (ProprioDevice *, read-only) the device in use, or NULL.
 *   "camera"       (ProprioCamera *, read-only) the one camera, for the lifetime of the station.
 *   "exercise-id"  (string, read-write) the selected exercise: "live", "static-test",
 *                  "weight-shift", "los-test", "mvc-calibration", "activation-drill",
 *                  "jps-protocol", "cop-matching".
 *                  Refused (with a warning) while an exercise runs.
 *   "exercise"     (ProprioExercise *, read-only) the selected engine, NULL for "live".
 *   "running"      (gboolean, read-only) an exercise is active (started and not yet ended).
 *   "sound-enabled" (gboolean, read-write) the exercises' cues are heard (default TRUE).
 *   "mains-hz"     (guint, read-write) 50 or 60 (default 50): the power-line frequency the EMG
 *                  stage's notch removes and its quality checks look for; the app binds it to
 *                  the GSettings key "mains-frequency".
 *   "angle-source" (ProprioAngleSource, read-write) where exercises of joint angles get them:
 *                  the device's stream (a goniometer), the camera's marker tracking or three
 *                  points on a frozen frame (see "the joint angle" below). Refused (with a
 *                  warning) while one runs.
 *
 * Results: every run that ends (done or stopped) leaves a ProprioExerciseResult in
 * proprio_station_get_results (), oldest first, for as long as the application runs (until the
 * session store keeps them on disk).
 *
 * Signals:
 *   "exercise-event" (ProprioExercise *, ProprioExerciseEvent, gint64 t_us): a cue of the running
 *                    exercise, once (the application plays its sound once, whatever the windows).
 *   "calibration-applied" (const char *spec): the device was replaced by a calibrated one.
 *   "emg-quality-changed" (): the signal quality state of at least one EMG channel changed
 *                    (read it with proprio_emg_stage_get_quality ()); at most twice a second.
 *   "emg-calibration-changed" (): proprio_station_get_emg_calibration () has new MVCs. */

#define PROPRIO_STATION_ERROR (proprio_station_error_quark ())

typedef enum
{
  PROPRIO_STATION_ERROR_BUSY,        /* an exercise is running */
  PROPRIO_STATION_ERROR_NO_STREAM,   /* the exercise needs a stream the device does not give */
  PROPRIO_STATION_ERROR_UNKNOWN,     /* no exercise of that name */
  PROPRIO_STATION_ERROR_NOT_MEASURED, /* nothing measured to register (see the joint angle) */
} ProprioStationError;

#define PROPRIO_STATION_EXERCISE_LIVE "live"

#define PROPRIO_TYPE_STATION (proprio_station_get_type ())

G_DECLARE_FINAL_TYPE (ProprioStation, proprio_station, PROPRIO, STATION, GObject)

GQuark                proprio_station_error_quark        (void);

ProprioStation       *proprio_station_new                (void);

/* ---- the device ---- */

ProprioDevice        *proprio_station_get_device         (ProprioStation   *self);
/* Replaces the device with one made from `spec` and connects it. A running exercise is stopped
 * first (samples of another device mean nothing to it). On error the old device stays. */
gboolean              proprio_station_set_device_spec    (ProprioStation   *self,
                                                          const char       *spec,
                                                          GError          **error);
/* Uses `device` as it is (connected or not); NULL leaves the station without a device. */
void                  proprio_station_set_device         (ProprioStation   *self,
                                                          ProprioDevice    *device);
void                  proprio_station_connect_device     (ProprioStation   *self);
void                  proprio_station_disconnect_device  (ProprioStation   *self);
/* What the device streams (PROPRIO_STREAM_GENERIC without a device). */
ProprioStreamKind     proprio_station_get_stream_kind    (ProprioStation   *self);
/* The calibration dialog's result: the same board with tare=, gain= and geometry= options. */
gboolean              proprio_station_apply_calibration  (ProprioStation   *self,
                                                          const char       *spec,
                                                          GError          **error);

/* ---- the camera ---- */

ProprioCamera        *proprio_station_get_camera         (ProprioStation   *self);
ProprioCameraMonitor *proprio_station_get_camera_monitor (ProprioStation   *self);
/* The camera runs while at least one view holds it (a Mirror page on screen): no camera, no
 * encoding and no CPU while nothing shows it. Each hold needs one release. */
void                  proprio_station_hold_camera        (ProprioStation   *self);
void                  proprio_station_release_camera     (ProprioStation   *self);
guint                 proprio_station_get_camera_holds   (ProprioStation   *self);

/* ---- exercises ---- */

/* Every exercise id the station has an engine for, in the order of the work areas (without
 * "live"); NULL-terminated, owned by the station. */
const char * const   *proprio_station_get_exercise_ids   (ProprioStation   *self);
/* The engine of `id` (one of the exercise ids above), or NULL ("live", unknown). */
ProprioExercise      *proprio_station_get_engine         (ProprioStation   *self,
                                                          const char       *id);
const char           *proprio_station_get_exercise_id    (ProprioStation   *self);
gboolean              proprio_station_select_exercise    (ProprioStation   *self,
                                                          const char       *id,
                                                          GError          **error);
ProprioExercise      *proprio_station_get_exercise       (ProprioStation   *self);
/* The engine started last, until it ends (DONE or CANCELLED), else NULL. */
ProprioExercise      *proprio_station_get_running        (ProprioStation   *self);
gboolean              proprio_station_is_running         (ProprioStation   *self);

/* Start the selected exercise. Fails without a device that streams what it needs. */
gboolean              proprio_station_start              (ProprioStation   *self,
                                                          GError          **error);
/* Stop the running exercise (results so far are kept); FALSE when nothing ran. */
gboolean              proprio_station_stop               (ProprioStation   *self);
/* Continue a paused exercise (the next condition); FALSE when it is not paused. */
gboolean              proprio_station_proceed            (ProprioStation   *self);
/* The one key for the therapist's free hand: start when idle, next when paused, else stop; a
 * position-matching protocol registers the position instead of stopping
 * (proprio_match_exercise_register ()). */
void                  proprio_station_toggle             (ProprioStation   *self);

/* The running exercise's "now": `now_us`, or the newest sample it was fed when that is later (a
 * replay or a script runs ahead of the clock). */
gint64                proprio_station_get_exercise_time  (ProprioStation   *self,
                                                          gint64            now_us);
gboolean              proprio_station_get_sound_enabled  (ProprioStation   *self);
void                  proprio_station_set_sound_enabled  (ProprioStation   *self,
                                                          gboolean          enabled);

/* Every run since the station started (ProprioExerciseResult), oldest first. */
GListModel           *proprio_station_get_results        (ProprioStation   *self);

/* What a simulated patient does for `exercise` (NULL or not active: stands at ease): goes for its
 * active target, sways as the static test's condition makes a person sway, contracts the drill's
 * muscles in its work phases and squeezes every muscle in an MVC calibration's contractions. The
 * station hands it to a simulated device on every update, so a first demo shows what the exercise
 * is for. */
void                  proprio_station_intent_for_exercise (ProprioExercise  *exercise,
                                                           ProprioSimIntent *intent);

/* What the simulated patient's joint (core/proprio-sim-joint.h) does for `exercise`: FREE unless
 * a joint-position protocol ("jps-protocol") runs; then MEMORISE the target while it is shown,
 * REPRODUCE it while feedback is hidden, and REST at the protocol's start position in between
 * (waiting, countdown, return, results, rest). proprio_station_intent_for_exercise () puts it in
 * the intent's `joint` for sim:angle; a simulated camera's limb calls it directly. */
void                  proprio_station_joint_intent_for_exercise (ProprioExercise       *exercise,
                                                                 ProprioSimJointIntent *intent);

/* Feeds the running exercise with every sample the device produced since the last call, then
 * ticks it at `now_us` (never behind the samples fed). Cheap when there is nothing to do. */
void                  proprio_station_update             (ProprioStation   *self,
                                                          gint64            now_us);
/* Hands samples to the running exercise exactly as update () does with the device's, then ticks
 * at the newest sample's time. For tests and replays: with scripted samples, results are exact. */
void                  proprio_station_push_samples       (ProprioStation      *self,
                                                          const ProprioSample *samples,
                                                          gsize                n);

/* ---- the joint angle ----
 *
 * An exercise that consumes ANGLE samples is fed by proprio_station_update () from the chosen
 * angle source: DEVICE, the device's own stream (a goniometer or IMU board, sim:angle), or
 * CAMERA, the camera's marker tracking (video/proprio-camera.h: an angle ring filled off the
 * main thread, one sample per frame, core/proprio-marker-sample.h).
 *
 * Tracking runs exactly while the camera source is chosen and the camera is held: by a view
 * that shows it (the Joint position page) or by the station itself, which holds the camera for
 * as long as an angle exercise runs from it. Why the station holds it then: a joint-position
 * test must go on whatever page or window is shown (the therapist may look at the results page
 * mid-test), and a page that released the camera would starve it. Outside a run, nothing is
 * tracked unless something shows the camera: no CPU, no camera light, for a source nobody
 * looks at.
 *
 * With the "sim" camera, the simulated leg is given what the running exercise asks of a patient
 * on every update, as a simulated device is (the camera's sim intent).
 *
 * FROZEN_FRAME: the therapist freezes the video when the patient holds the position and places
 * three points (proximal, joint, distal) on the frozen frame; the angle at the middle one, with
 * the frozen frame's capture time, is one angle sample, the one registered. A view that shows the
 * video tells the station what is placed (proprio_station_set_frame_angle ()); the station
 * registers it when asked (proprio_station_register (), the key). Nothing streams: a matching
 * protocol runs with PROPRIO_MATCH_POSITIONS_STILLS (exercises/proprio-match-exercise.h), so it
 * waits for no live angle and loses no trial for want of one. Starting needs a camera and the
 * points placed once (they draw the memorise phase's target); the station holds the camera
 * while such a run goes on, as for CAMERA, but tracks nothing. */
typedef enum
{
  PROPRIO_ANGLE_SOURCE_DEVICE,        /* the device's ANGLE stream */
  PROPRIO_ANGLE_SOURCE_CAMERA,        /* the camera's marker tracking */
  PROPRIO_ANGLE_SOURCE_FROZEN_FRAME,  /* three points placed on a frozen frame */
} ProprioAngleSource;

GType                 proprio_angle_source_get_type      (void) G_GNUC_CONST;
#define PROPRIO_TYPE_ANGLE_SOURCE (proprio_angle_source_get_type ())

ProprioAngleSource    proprio_station_get_angle_source   (ProprioStation      *self);
/* FALSE (PROPRIO_STATION_ERROR_BUSY) while an angle exercise runs: its trials come from one
 * source. */
gboolean              proprio_station_set_angle_source   (ProprioStation      *self,
                                                          ProprioAngleSource   source,
                                                          GError             **error);
/* FROZEN_FRAME: the angle at the three points placed now (NaN: not all placed), and the capture
 * time of the frame they are placed on (0: the video is not frozen). Kept whatever the source,
 * so a view can set it before choosing it. */
void                  proprio_station_set_frame_angle    (ProprioStation      *self,
                                                          double               angle_deg,
                                                          gint64               frame_us);
double                proprio_station_get_frame_angle    (ProprioStation      *self,
                                                          gint64              *frame_us);
/* The register key of a running matching protocol (proprio_station_toggle () calls it): ends
 * the memorising or registers the reproduction from the angle source — the latest position of
 * a stream, or the angle placed on the frozen frame. FALSE (PROPRIO_STATION_ERROR_NOT_MEASURED,
 * in words the therapist acts on) when there is nothing to register now: no protocol in a stage
 * that registers, the video not frozen, the points not placed, or a frame frozen before the
 * reproduction began. Refused, the trial goes on: nothing is scored without an angle. */
gboolean              proprio_station_register           (ProprioStation      *self,
                                                          GError             **error);

/* ---- EMG ---- */

/* A device that streams EMG (proprio_device_get_stream_kind ()) gets a ProprioEmgStage when the
 * station takes it, before it connects: its ring then carries the raw channels followed by one
 * "<name>_env" envelope per EMG channel (core/proprio-emg-stage.h), filtered with a notch at
 * "mains-hz", for the nominal rate (a simulator's, a Cyton's 250 Hz; measured for other ports).
 * NULL for other devices, and for one handed over already connected. Changing "mains-hz" while
 * no exercise runs reconnects the device with a new stage. */
ProprioEmgStage       *proprio_station_get_emg_stage       (ProprioStation        *self);
/* Why the EMG device in use has no stage (its known rate is too low for the filters: "A 20 Hz
 * high-pass needs at least 100 samples per second…"), or NULL. Set with the device. */
const char            *proprio_station_get_emg_error       (ProprioStation        *self);
guint                  proprio_station_get_mains_hz        (ProprioStation        *self);
void                   proprio_station_set_mains_hz        (ProprioStation        *self,
                                                            guint                  mains_hz);
/* The stage's high-pass cut-off and RMS envelope window ("emg-highpass-hz", "emg-window-ms";
 * core/proprio-emg.h's defaults until set), applied as "mains-hz" is. A rate too low for the
 * high-pass leaves the device without envelopes and says why (get_emg_error). */
double                 proprio_station_get_emg_highpass_hz (ProprioStation        *self);
double                 proprio_station_get_emg_window_ms   (ProprioStation        *self);
void                   proprio_station_set_emg_filters     (ProprioStation        *self,
                                                            double                 highpass_hz,
                                                            double                 window_ms);
/* The latest MVC calibration (by channel name): set by each "mvc-calibration" run that ends
 * DONE with at least one channel, or by set (a copy is kept; NULL forgets it), e.g. from a
 * stored proprio_emg_calibration_to_variant (). NULL when there is none. */
ProprioEmgCalibration *proprio_station_get_emg_calibration (ProprioStation        *self);
void                   proprio_station_set_emg_calibration (ProprioStation        *self,
                                                            ProprioEmgCalibration *calibration);

/* ---- pacing ---- */

/* The one tempo metronome / breathing pacer (exercises/proprio-pacer.h), beside whatever
 * exercise runs, or alone; every window shows this one. The station ticks it on the monotonic
 * clock exactly when its next event is due, so its "event" signal comes once and on time
 * (the application turns it into sound). Stopped when the station is disposed. */
ProprioPacer          *proprio_station_get_pacer           (ProprioStation        *self);

G_END_DECLS
