/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Muscle onset and offset after Hodges & Bui 1996 (Electroenceph Clin Neurophysiol 101:511):
 * the envelope's mean over a moving window of window_ms (25–50 ms) is compared with
 * threshold = baseline mean + h · baseline SD, measured over a quiet baseline.
 *   - Onset: the window mean rises above the threshold and stays above it for min_duration_ms;
 *     a shorter excursion is a spike and is dropped. The onset is the time of the last sample
 *     of the first window above the threshold (the envelope has just risen).
 *   - Offset, symmetrically: the window mean falls to or below the threshold and stays there
 *     for min_duration_ms. The offset is the time of the first sample of the first window at
 *     or below the threshold (the envelope has been low since then).
 * These two choices mirror each other under time reversal. Times are on the clock of the samples
 * (CLOCK_MONOTONIC µs) and, when a cue is set, also in seconds after the cue. Events are reported
 * once they are confirmed, min_duration_ms after the crossing. */

#define PROPRIO_EMG_ONSET_ERROR (proprio_emg_onset_error_quark ())

typedef enum
{
  PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING,
} ProprioEmgOnsetError;

#define PROPRIO_EMG_ONSET_DEFAULT_WINDOW_MS       25.0
#define PROPRIO_EMG_ONSET_DEFAULT_H               3.0
#define PROPRIO_EMG_ONSET_DEFAULT_MIN_DURATION_MS 50.0

typedef struct
{
  double rate_hz;
  double window_ms;        /* 25–50 */
  double h;                /* SD multiplier, > 0 */
  double min_duration_ms;  /* ≥ 0 */
} ProprioEmgOnsetConfig;

typedef enum
{
  PROPRIO_EMG_ONSET,
  PROPRIO_EMG_OFFSET,
} ProprioEmgOnsetKind;

typedef struct
{
  ProprioEmgOnsetKind kind;
  gint64              t_us;
  double              since_cue_s;   /* NaN without a cue */
} ProprioEmgOnsetEvent;

typedef struct _ProprioEmgOnsetDetector ProprioEmgOnsetDetector;

GQuark                   proprio_emg_onset_error_quark      (void);

void                     proprio_emg_onset_config_init      (ProprioEmgOnsetConfig *config,
                                                             double                 rate_hz);
ProprioEmgOnsetDetector *proprio_emg_onset_detector_new     (const ProprioEmgOnsetConfig *config,
                                                             GError               **error);
void                     proprio_emg_onset_detector_free    (ProprioEmgOnsetDetector *self);
/* A baseline measured elsewhere (e.g. a rest recording). */
void                     proprio_emg_onset_detector_set_baseline (ProprioEmgOnsetDetector *self,
                                                                  double                   mean,
                                                                  double                   sd);
/* Measure the baseline from the samples pushed with start_us ≤ t < end_us; detection starts
 * with the first sample at or after end_us. */
void                     proprio_emg_onset_detector_learn_baseline (ProprioEmgOnsetDetector *self,
                                                                    gint64                 start_us,
                                                                    gint64                 end_us);
/* FALSE until a baseline is set or learnt (from at least two samples). */
gboolean                 proprio_emg_onset_detector_get_baseline (ProprioEmgOnsetDetector *self,
                                                                  double                  *mean,
                                                                  double                  *sd);
double                   proprio_emg_onset_detector_get_threshold (ProprioEmgOnsetDetector *self);
gboolean                 proprio_emg_onset_detector_is_active (ProprioEmgOnsetDetector *self);
void                     proprio_emg_onset_detector_set_cue (ProprioEmgOnsetDetector *self,
                                                             gint64                   cue_us);
/* Pushes one envelope sample (times strictly increasing; non-finite values are skipped). TRUE
 * when an onset or offset was confirmed; it is stored in *event. */
gboolean                 proprio_emg_onset_detector_push    (ProprioEmgOnsetDetector *self,
                                                             gint64                   t_us,
                                                             double                   envelope,
                                                             ProprioEmgOnsetEvent    *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEmgOnsetDetector, proprio_emg_onset_detector_free)

G_END_DECLS
