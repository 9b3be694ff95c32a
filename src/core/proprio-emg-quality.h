/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Signal quality of one raw EMG channel, judged over a sliding window of about a second, so a
 * therapist hears about a loose electrode before trusting its numbers (SENIAM's advice: check the
 * raw signal at rest and in contraction before recording). Two windows run staggered by half a
 * window, so a report comes every half window, each over a whole window, from the first whole
 * window on. Each report sets a state:
 *   FLAT       the standard deviation is below flat_sd_uv (channel off, shorted or disconnected
 *              on a board that drives open inputs to a constant);
 *   SATURATED  at least rail_share of the samples sit at the amplifier's limit: at or beyond
 *              99 % of full_scale_uv when that is known, else in runs of three or more identical
 *              samples at the window's extreme value (a clipped waveform's flat top), and only
 *              when the window spans more than 100 × flat_sd_uv, so quantised rest noise is not
 *              mistaken for clipping;
 *   LEAD_OFF   the mains component (a Goertzel filter at mains_hz) makes up at least 90 % of the
 *              window's power and is at least lead_off_hum_uv RMS: an open input picking up hum;
 *   NOISY      the mains component makes up at least a quarter of the power and is at least
 *              hum_limit_uv RMS: line noise far above the muscle's own signal at rest;
 *   OK         none of these; UNKNOWN before the first window is complete.
 * The checks are made in this order; the first that holds wins. The offset is removed with the
 * last window's mean, and the rest of the window's mean is taken out of the Goertzel result
 * exactly, so an offset does not leak into the hum. */

#define PROPRIO_EMG_QUALITY_ERROR (proprio_emg_quality_error_quark ())

typedef enum
{
  PROPRIO_EMG_QUALITY_ERROR_INVALID_SETTING,
} ProprioEmgQualityError;

typedef enum
{
  PROPRIO_EMG_QUALITY_UNKNOWN,
  PROPRIO_EMG_QUALITY_OK,
  PROPRIO_EMG_QUALITY_FLAT,
  PROPRIO_EMG_QUALITY_SATURATED,
  PROPRIO_EMG_QUALITY_LEAD_OFF,
  PROPRIO_EMG_QUALITY_NOISY,
} ProprioEmgQualityState;

#define PROPRIO_EMG_QUALITY_N_STATES 6

typedef struct
{
  double rate_hz;
  double window_s;          /* default 1 */
  double mains_hz;          /* 50 or 60; default 50 */
  double flat_sd_uv;        /* default 0.1 µV */
  double full_scale_uv;     /* 0: unknown (default) */
  double rail_share;        /* default 0.05 */
  double hum_limit_uv;      /* default 20 µV RMS */
  double lead_off_hum_uv;   /* default 200 µV RMS */
} ProprioEmgQualityConfig;

/* What the last completed window showed. */
typedef struct
{
  ProprioEmgQualityState state;
  double                 sd_uv;       /* standard deviation of the raw signal */
  double                 hum_uv;      /* RMS of its mains-frequency component */
  double                 hum_share;   /* hum power / total power, 0–1 */
  double                 rail_share;  /* share of samples at the limits, 0–1 */
} ProprioEmgQualityReport;

typedef struct _ProprioEmgQuality ProprioEmgQuality;

GQuark              proprio_emg_quality_error_quark     (void);

void                proprio_emg_quality_config_init     (ProprioEmgQualityConfig       *config,
                                                         double                         rate_hz);
/* channel_name names the muscle or electrode in messages ("Glute med L"). */
ProprioEmgQuality  *proprio_emg_quality_new             (const ProprioEmgQualityConfig *config,
                                                         const char                 *channel_name,
                                                         GError                    **error);
void                proprio_emg_quality_free            (ProprioEmgQuality             *self);
/* Feeds one raw sample (non-finite ones are ignored). TRUE when it completed a window and the
 * report was updated (every half window, from the first whole window on). */
gboolean            proprio_emg_quality_push            (ProprioEmgQuality             *self,
                                                         double                         x);
ProprioEmgQualityState proprio_emg_quality_get_state    (ProprioEmgQuality             *self);
const ProprioEmgQualityReport *proprio_emg_quality_get_report (ProprioEmgQuality       *self);
guint               proprio_emg_quality_get_window_samples (ProprioEmgQuality          *self);
/* A sentence a therapist can act on, naming the channel; NULL when the state is OK or UNKNOWN. */
char               *proprio_emg_quality_dup_message     (ProprioEmgQuality             *self);
/* "unknown", "ok", "flat", "saturated", "lead-off", "noisy": for files and logs (not
 * translated). */
const char         *proprio_emg_quality_state_to_string (ProprioEmgQualityState         state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEmgQuality, proprio_emg_quality_free)

G_END_DECLS
