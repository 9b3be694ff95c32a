/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Centre-of-pressure sway metrics (posturography), exactly as defined in the project's metric
 * definitions: Prieto et al. 1996; Duarte & Freitas 2010; Schubert & Kirchner 2014.
 * x is medio-lateral (+ right), y antero-posterior (+ forward), both mm; t in µs (CLOCK_MONOTONIC
 * or any monotonic origin). Uneven sampling is fine: durations come from the timestamps. */

#define PROPRIO_SWAY_ERROR (proprio_sway_error_quark ())

typedef enum
{
  PROPRIO_SWAY_ERROR_TOO_FEW_SAMPLES,   /* fewer than 3 samples, or zero duration */
  PROPRIO_SWAY_ERROR_NOT_MONOTONIC,     /* a timestamp is not after the one before it */
  PROPRIO_SWAY_ERROR_NOT_FINITE,        /* NaN or infinity in the input */
  PROPRIO_SWAY_ERROR_INVALID_FILTER,    /* cut-off not below the Nyquist frequency */
} ProprioSwayError;

/* A 2-D ellipse: centre, semi-axes (mm) and the angle of the major axis from +x, degrees,
 * counter-clockwise, in (-90, 90]. */
typedef struct
{
  double cx, cy;
  double major, minor;    /* semi-axes */
  double angle_deg;
  double area;            /* π · major · minor */
} ProprioEllipse;

typedef struct
{
  guint  n;
  double duration_s;
  double path_length_mm, path_length_ml_mm, path_length_ap_mm;
  double mean_velocity_mm_s, mean_velocity_ml_mm_s, mean_velocity_ap_mm_s;
  double rms_mm, rms_ml_mm, rms_ap_mm;
  double sd_ml_mm, sd_ap_mm;
  double range_ml_mm, range_ap_mm;
  double mean_distance_mm;
  double mean_x_mm, mean_y_mm;
  ProprioEllipse ellipse95;              /* 95 % prediction ellipse */
  double confidence_ellipse95_area_mm2;  /* Prieto's 95 % confidence ellipse */
  double mean_frequency_hz;
} ProprioSwayMetrics;

GQuark   proprio_sway_error_quark     (void);

/* lowpass_hz <= 0: no filter; else a 2nd-order Butterworth low-pass run forward and backward.
 * The filter runs on the sample index, designed for the mean rate (n − 1) / duration of the
 * window (see proprio-filter.h); the metrics then use the real timestamps. Checks, in order:
 * n >= 3, every value finite, every timestamp after the one before it; errors name the sample
 * (counted from 1) and its time from the first sample. mean_frequency_hz is NaN when the CoP never
 * moves (mean distance 0: the ratio is 0/0). `out` is written only on success. */
gboolean proprio_sway_compute         (const gint64       *t_us,
                                       const double       *x,
                                       const double       *y,
                                       gsize               n,
                                       double              lowpass_hz,
                                       ProprioSwayMetrics *out,
                                       GError            **error);

/* The 95 % prediction ellipse of a point cloud (sample covariance), for live views.
 * Returns FALSE with fewer than 3 points or a degenerate cloud.
 * One pass (Welford's update of the means and co-moments, stable for CoP values far from 0), no
 * allocation. "Degenerate" means: a NaN or infinity among the points, or all points at one spot
 * (major axis 0). Points on a line give a flat ellipse (minor = 0, area = 0) and TRUE. */
gboolean proprio_sway_prediction_ellipse (const double    *x,
                                          const double    *y,
                                          gsize            n,
                                          ProprioEllipse  *out);

/* Running sums of a sliding window of points, for a live ellipse that costs O(1) a point rather
 * than a pass over the window each frame: add the newest points, remove the oldest. Sums are kept
 * relative to a reference (the first point added after a reset), so Σx² − n·x̄² does not cancel
 * for a cloud far from the origin. Removing only what was added keeps them exact up to rounding,
 * which grows with the number of updates: start again from a reset now and then (the CoP view does
 * every few hundred thousand). Points with a NaN or infinity must not be added. */
typedef struct
{
  gboolean has_ref;
  double   rx, ry;
  double   n, sx, sy, sxx, syy, sxy;
} ProprioSwayMoments;

void     proprio_sway_moments_reset   (ProprioSwayMoments       *m);
void     proprio_sway_moments_add     (ProprioSwayMoments       *m,
                                       double                    x,
                                       double                    y);
void     proprio_sway_moments_remove  (ProprioSwayMoments       *m,
                                       double                    x,
                                       double                    y);
/* The 95 % prediction ellipse of the points in the window, as proprio_sway_prediction_ellipse ()
 * gives it for the same points (to rounding); FALSE with fewer than 3 points or all at one spot. */
gboolean proprio_sway_moments_ellipse (const ProprioSwayMoments *m,
                                       ProprioEllipse           *out);

/* χ²(0.95, 2 degrees of freedom) as tabulated in the posturography literature (exact value
 * −2·ln 0.05 = 5.99146…); the metric definitions use 5.991. */
#define PROPRIO_SWAY_CHI2_95_2DOF 5.991

/* Upper 5 % point of the F distribution with (2, d) degrees of freedom: F₀.₀₅[2, d], in closed
 * form. Used for Prieto's confidence ellipse with d = n − 2. d >= 1. */
double   proprio_sway_f_95_2_d        (double d);

G_END_DECLS
