/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Streaming surface-EMG pre-processing and envelope, one channel at a time, O(1) per sample.
 * The definitions follow the SENIAM and ISEK recommendations (see the metric definitions):
 *
 *   raw → offset removal → high-pass (motion artefact) → notch at the mains frequency and its
 *   harmonics → low-pass (below Nyquist) → "filtered"
 *   filtered → RMS over a moving window, or |filtered| → low-pass → "envelope"
 *
 * Filter design (all biquads, transposed direct form II, bilinear transform with the cut-off
 * pre-warped so the analogue and digital responses agree exactly at the cut-off):
 *   - high-pass and low-pass: 4th-order Butterworth, each two cascaded 2nd-order sections with
 *     Q = 1/(2 cos(π/8)) ≈ 0.5412 and 1/(2 cos(3π/8)) ≈ 1.3066; −3.01 dB at the cut-off and
 *     −24 dB per octave beyond it;
 *   - notch: 2nd-order band-stop with Q = PROPRIO_EMG_NOTCH_Q (−3 dB band f₀/Q wide, 1.7 Hz at
 *     50 Hz), zeros exactly on the unit circle at f₀; one section at the mains frequency and one
 *     at each harmonic k·f₀ below 0.95 × Nyquist (at most PROPRIO_EMG_MAX_NOTCHES);
 *   - rectify + low-pass envelope: 2nd-order Butterworth.
 * The first sample is taken as the offset and subtracted, and every section starts at rest, which
 * is the steady state of that offset: a DC offset produces no start-up step. Without a high-pass
 * the offset then follows the signal with a 2 s time constant. The notch rings for about
 * τ = 2Q/(2πf₀) ≈ 0.19 s at 50 Hz after a strong burst, lengthening offsets a little: use it only
 * where hum is present (SENIAM advises against notches otherwise). The filters run on the sample
 * index: callers give the stream's nominal rate.
 *
 * Input flagged as already an envelope (e.g. a MyoWare SIG pin) is passed through unfiltered. */

#define PROPRIO_EMG_ERROR (proprio_emg_error_quark ())

typedef enum
{
  PROPRIO_EMG_ERROR_RATE_TOO_LOW,     /* the sample rate cannot carry the chosen filters */
  PROPRIO_EMG_ERROR_INVALID_SETTING,  /* a setting outside its allowed range */
  PROPRIO_EMG_ERROR_INVALID_DATA,     /* not enough, non-finite or out-of-order samples */
} ProprioEmgError;

typedef enum
{
  PROPRIO_EMG_ENVELOPE_RMS,       /* RMS over a moving window of window_ms */
  PROPRIO_EMG_ENVELOPE_LOWPASS,   /* full-wave rectification, then envelope_lowpass_hz low-pass */
} ProprioEmgEnvelopeMode;

#define PROPRIO_EMG_DEFAULT_HIGHPASS_HZ          20.0
#define PROPRIO_EMG_DEFAULT_LOWPASS_MAX_HZ       450.0
#define PROPRIO_EMG_DEFAULT_WINDOW_MS            100.0
#define PROPRIO_EMG_MIN_WINDOW_MS                25.0
#define PROPRIO_EMG_MAX_WINDOW_MS                500.0
#define PROPRIO_EMG_DEFAULT_ENVELOPE_LOWPASS_HZ  6.0
#define PROPRIO_EMG_NOTCH_Q                      30.0
#define PROPRIO_EMG_MAX_NOTCHES                  20
/* A high-pass at most this share of the rate, so its pass band reaches the default low-pass
 * (0.45 × rate) across more than an octave: a 20 Hz high-pass needs 100 samples per second. */
#define PROPRIO_EMG_HIGHPASS_MAX_RATE_SHARE      0.2

typedef struct
{
  double                 rate_hz;
  double                 highpass_hz;          /* 0: off (then only the offset is removed) */
  double                 lowpass_hz;           /* 0: off */
  double                 notch_hz;             /* 0: off, 50 or 60 */
  ProprioEmgEnvelopeMode envelope_mode;
  double                 window_ms;            /* RMS window, 25–500 */
  double                 envelope_lowpass_hz;  /* rectify + low-pass cut-off */
  gboolean               input_is_envelope;    /* skip filtering, envelope = input */
} ProprioEmgConfig;

typedef struct _ProprioEmgProcessor ProprioEmgProcessor;
typedef struct _ProprioEmgBank ProprioEmgBank;

GQuark               proprio_emg_error_quark            (void);

/* min(450 Hz, 0.45 × rate). */
double               proprio_emg_default_lowpass_hz     (double                  rate_hz);
/* Defaults for a stream at rate_hz: 20 Hz high-pass, default low-pass, no notch, 100 ms RMS. */
void                 proprio_emg_config_init            (ProprioEmgConfig       *config,
                                                         double                  rate_hz);
/* Checks that the settings are in range and that the rate can carry them; the error says why,
 * with the numbers ("A 20 Hz high-pass needs at least 100 samples per second; …"). */
gboolean             proprio_emg_config_validate        (const ProprioEmgConfig *config,
                                                         GError                **error);

ProprioEmgProcessor *proprio_emg_processor_new          (const ProprioEmgConfig *config,
                                                         GError                **error);
void                 proprio_emg_processor_free         (ProprioEmgProcessor    *self);
/* Back to the state before the first sample (the next sample sets the offset again). */
void                 proprio_emg_processor_reset        (ProprioEmgProcessor    *self);
const ProprioEmgConfig *proprio_emg_processor_get_config (ProprioEmgProcessor   *self);
/* One sample in, the envelope out (same unit as the input); `filtered` (may be NULL) receives the
 * pre-processed sample. A non-finite input is not fed to the filters: it yields NaN and leaves
 * the state as it was. */
double               proprio_emg_processor_process      (ProprioEmgProcessor    *self,
                                                         double                  x,
                                                         double                 *filtered);
/* Samples in the RMS window (0 in the other modes). */
guint                proprio_emg_processor_get_window_samples (ProprioEmgProcessor *self);
/* The notch frequencies in use (fundamental and harmonics); n_out receives their number. */
const double        *proprio_emg_processor_get_notches  (ProprioEmgProcessor    *self,
                                                         guint                  *n_out);
/* The designed gain |H(f)| of the whole pre-processing chain (offset removal aside), for tests
 * and documentation. */
double               proprio_emg_processor_magnitude    (ProprioEmgProcessor    *self,
                                                         double                  freq_hz);

/* N channels sharing one configuration (a Cyton's 8 electrodes). */
ProprioEmgBank      *proprio_emg_bank_new               (const ProprioEmgConfig *config,
                                                         guint                   n_channels,
                                                         GError                **error);
void                 proprio_emg_bank_free              (ProprioEmgBank         *self);
guint                proprio_emg_bank_get_n_channels    (ProprioEmgBank         *self);
ProprioEmgProcessor *proprio_emg_bank_get_processor     (ProprioEmgBank         *self,
                                                         guint                   channel);
/* One frame: x[n_channels] in, envelope[n_channels] out; filtered may be NULL. */
void                 proprio_emg_bank_process           (ProprioEmgBank         *self,
                                                         const double           *x,
                                                         double                 *envelope,
                                                         double                 *filtered);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEmgProcessor, proprio_emg_processor_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEmgBank, proprio_emg_bank_free)

G_END_DECLS
