/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "proprio-emg.h"
#include "proprio-emg-quality.h"
#include "proprio-sample-stage.h"

G_BEGIN_DECLS

/* ProprioEmgStage: the EMG processing of a device, run on its reader thread (a
 * ProprioSampleStage), so the views, the recorder and the exercises all see the same envelope.
 *
 * Layout: the input channels pass through untouched, in their order; after them comes one
 * envelope channel per EMG channel of the input (proprio_stream_is_emg_channel ()), in the same
 * order, named "<name>_env" (proprio_emg_stage_envelope_name ()), labelled "<label> envelope",
 * in the same unit. A Cyton's 12 channels (counter, 8 EMG, 3 accelerometer) become 20. When the
 * input leaves no room for every envelope (more than PROPRIO_MAX_CHANNELS in all), the first EMG
 * channels get one and the others none; their quality is still judged.
 *
 * Processing: the core EMG bank (proprio-emg.h) with one configuration for every channel. The
 * filters run on the sample index, so the stage needs the stream's nominal rate: the caller
 * passes it in the configuration's rate_hz (a simulator's rate= option, 250 Hz for a Cyton).
 * When it is unknown (a "lines" port) rate_hz = 0 makes the stage measure it from the samples'
 * times over their first second (and again after a gap in that second); until then the
 * envelopes are NaN, and a measured rate too low for the filters leaves them NaN with the core's
 * error (proprio_emg_stage_dup_error ()). A known rate that is too low is refused by new ().
 *
 * Signal quality: a ProprioEmgQuality per EMG channel judges the raw signal (not when the input
 * is already an envelope: those report UNKNOWN), named by the channel's label ("Ch 3") in its
 * messages. Its latest report is readable from any thread (a lock guards it; the reader thread
 * holds it for one sample at a time). reset (), which the device calls on every connection,
 * forgets the filters and the quality windows. */

#define PROPRIO_TYPE_EMG_STAGE (proprio_emg_stage_get_type ())
G_DECLARE_FINAL_TYPE (ProprioEmgStage, proprio_emg_stage, PROPRIO, EMG_STAGE, GObject)

/* `config` as proprio_emg_config_init () makes it (rate_hz: the nominal rate, or 0 to measure
 * it); `mains_hz` (50 or 60) is what the quality checks look for as hum, whether or not the
 * configuration has a notch. Errors: PROPRIO_EMG_ERROR (a setting out of range, a known rate too
 * low for the filters). */
ProprioEmgStage *proprio_emg_stage_new                (const ProprioEmgConfig  *config,
                                                       double                   mains_hz,
                                                       GError                 **error);

/* The configuration in use; its rate_hz is the measured rate once known (0 before). */
void             proprio_emg_stage_get_config         (ProprioEmgStage         *self,
                                                       ProprioEmgConfig        *out);
/* Why the envelopes are NaN (a measured rate too low for the filters), or NULL. Any thread. */
char            *proprio_emg_stage_dup_error          (ProprioEmgStage         *self);

/* The EMG channels of the input layout last asked for (0 before the device knows its
 * channels). Any thread. */
guint            proprio_emg_stage_get_n_emg_channels (ProprioEmgStage         *self);
/* EMG channel `index` (< get_n_emg_channels ()): its input channel and its envelope channel in
 * the output (G_MAXUINT when there was no room for it). FALSE when index is out of range. */
gboolean         proprio_emg_stage_get_emg_channel    (ProprioEmgStage         *self,
                                                       guint                    index,
                                                       guint                   *input_index,
                                                       guint                   *envelope_index);
/* The latest quality report of EMG channel `index` into `out`, and (message may be NULL) the
 * sentence for the therapist naming the channel, NULL when the state is OK or UNKNOWN. FALSE
 * (out: UNKNOWN, message NULL) when index is out of range. Any thread. */
gboolean         proprio_emg_stage_get_quality        (ProprioEmgStage         *self,
                                                       guint                    index,
                                                       ProprioEmgQualityReport *out,
                                                       char                   **message);
/* Grows by one each time any channel's quality state changes (and on reset ()), so a watcher
 * on another thread can poll cheaply. Any thread. */
guint            proprio_emg_stage_get_quality_serial (ProprioEmgStage         *self);

/* "<name>_env": the name of the envelope channel of input channel `name`. */
char            *proprio_emg_stage_envelope_name      (const char              *name);

G_END_DECLS
