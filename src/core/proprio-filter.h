/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Second-order IIR sections for the optional CoP pre-filter (metric definitions: 2nd-order
 * Butterworth low-pass, run forward and backward for zero phase).
 *
 * These filters work on the sample index: they assume one sample every 1/rate_hz seconds. For
 * unevenly sampled data, callers pass the MEAN rate of the window,
 * (n − 1) / (t_last − t_first); the samples are not resampled, so jitter shifts the effective cut-off of each stretch a little and a
 * long gap is filtered as if it were one sample period. */

#define PROPRIO_FILTER_ERROR (proprio_filter_error_quark ())

typedef enum
{
  PROPRIO_FILTER_ERROR_INVALID_CUTOFF,   /* cut-off not in (0, rate / 2), or a non-finite rate */
} ProprioFilterError;

/* Transposed direct form II coefficients, a0 normalised to 1:
 * y[k] = b0·x[k] + b1·x[k−1] + b2·x[k−2] − a1·y[k−1] − a2·y[k−2]. */
typedef struct
{
  double b0, b1, b2;
  double a1, a2;
} ProprioBiquad;

GQuark   proprio_filter_error_quark          (void);

/* Butterworth low-pass by the bilinear transform with the cut-off pre-warped, so the single-pass
 * gain at cutoff_hz is exactly 1/√2 (−3.01 dB) and the forward-backward gain there is 1/2. */
gboolean proprio_biquad_butterworth_lowpass  (double          cutoff_hz,
                                              double          rate_hz,
                                              ProprioBiquad  *out,
                                              GError        **error);

/* |H(e^{jω})| of one pass at freq_hz, for tests and for documenting a filter's response. */
double   proprio_biquad_magnitude            (const ProprioBiquad *bq,
                                              double               freq_hz,
                                              double               rate_hz);

/* One causal pass over data, in place, starting from rest. */
void     proprio_biquad_filter               (const ProprioBiquad *bq,
                                              double              *data,
                                              gsize                n);

/* Zero-phase filtering in place: forward pass, then backward pass. The ends are extended by odd
 * reflection (at least 9 samples and six time constants of the filter, at most n − 1) and each
 * pass starts in the steady state of its first input, so a constant comes through unchanged and
 * the edges carry no start-up step. Allocates two arrays of the padding's length. */
void     proprio_biquad_filtfilt             (const ProprioBiquad *bq,
                                              double              *data,
                                              gsize                n);

/* Convenience: design a Butterworth low-pass for rate_hz and run it forward-backward on data. */
gboolean proprio_filter_lowpass_zero_phase   (double   *data,
                                              gsize     n,
                                              double    cutoff_hz,
                                              double    rate_hz,
                                              GError  **error);

G_END_DECLS
