/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-emg-mvc.h"
#include "proprio-exercise.h"

G_BEGIN_DECLS

/* MVC calibration ("mvc-calibration", EMG stream): guided maximal voluntary contractions, so
 * later drills can show %MVC. It reads the envelope channels the device's EMG stage appends
 * (core/proprio-emg-stage.h), so the MVC comes from exactly the processing the session uses;
 * set_channels () says which sample channels those are and the name each MVC is kept under (the
 * raw channel's, "ch1_uv").
 *
 * The run, anchored on the first sample or tick after start ():
 *   COUNTDOWN  "Get ready… 3" for countdown-s (COUNTDOWN event each second);
 *   RUNNING    contraction k of n: "Squeeze as hard as you can — 3" (whole seconds left) for
 *              contraction-s (START event at its start, STOP at its end);
 *   COUNTDOWN  "Rest" for rest-s between contractions (none after the last);
 *   DONE       after the last contraction: per channel, the MVC is the mean of the contractions'
 *              best windows of window-s (proprio_emg_mvc_compute ()).
 * A contraction ends at the first sample at or after its end, or a tick 250 ms later (samples
 * reach the station a little after they were taken). All channels are calibrated at once, or
 * only the one named by "channel". A channel whose envelope has no whole window in a contraction
 * (no samples, NaN) fails with a message; the others still get their MVC. Stopping discards the
 * run: no MVC.
 *
 * Settings: "contractions" u (1–5, default 3), "contraction-s" d (3–5, default 5), "rest-s" d
 *   (5–120, default 10), "countdown-s" d (0–10, default 3), "window-s" d (0.25–2, default 1,
 *   below contraction-s), "channel" s ("" for all, else one of the names given to
 *   set_channels ()).
 * Results: "contractions" u, "completed" u (contractions whose time has passed), "window-s" d,
 *   "contraction-start-us" ax and "contraction-end-us" ax (the intervals), "channels" aa{sv}
 *   ("name" s, "envelope-channel" u, "status" s: "not-run", "done" or "failed"; "mvc-uv" d and
 *   "best-uv" ad (each contraction's best window) when done, "message" s when failed), and
 *   "calibration" a{sd} (proprio_emg_calibration_to_variant ()) of the channels done. */

typedef enum
{
  PROPRIO_MVC_STATUS_NOT_RUN,
  PROPRIO_MVC_STATUS_DONE,
  PROPRIO_MVC_STATUS_FAILED,
} ProprioMvcStatus;

#define PROPRIO_MVC_MAX_CONTRACTIONS 5

#define PROPRIO_TYPE_MVC_CALIBRATION (proprio_mvc_calibration_get_type ())
G_DECLARE_FINAL_TYPE (ProprioMvcCalibration, proprio_mvc_calibration, PROPRIO, MVC_CALIBRATION,
                      ProprioExercise)

ProprioMvcCalibration *proprio_mvc_calibration_new             (void);

/* The channels to calibrate: envelopes[i] is the index of the envelope in the samples,
 * names[i] the name its MVC is kept under. Refused (with a warning) while active. */
void                   proprio_mvc_calibration_set_channels    (ProprioMvcCalibration *self,
                                                                const guint           *envelopes,
                                                                const char * const    *names,
                                                                guint                  n_channels);
guint                  proprio_mvc_calibration_get_n_channels  (ProprioMvcCalibration *self);
const char            *proprio_mvc_calibration_get_channel_name (ProprioMvcCalibration *self,
                                                                 guint                  index);

/* The contraction under way (1-based), or 0 outside contractions. */
guint                  proprio_mvc_calibration_get_contraction (ProprioMvcCalibration *self);

/* Channel `index` of the current or last run: its status, MVC (NaN unless DONE), each
 * contraction's best window (n_best values, NULL unless DONE; owned by the engine) and why it
 * failed (NULL unless FAILED). Any out-argument may be NULL. */
ProprioMvcStatus       proprio_mvc_calibration_get_result      (ProprioMvcCalibration *self,
                                                                guint                  index,
                                                                double                *mvc,
                                                                const double         **best,
                                                                guint                 *n_best,
                                                                const char           **message);
/* The MVC of every channel done in the last run, by name; NULL before a run is DONE or when
 * no channel succeeded. */
ProprioEmgCalibration *proprio_mvc_calibration_dup_calibration (ProprioMvcCalibration *self);

G_END_DECLS
