/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Joint-position sense (JPS) metrics, as the project's metric definitions give them. For trials i
 * with target θᵢ and reproduced angle rᵢ the error is eᵢ = rᵢ − θᵢ (degrees, signed):
 *   CE = mean eᵢ                      constant error (direction of the bias)
 *   AE = mean |eᵢ|                    absolute error
 *   VE = √(Σ(eᵢ − CE)² / n)           variable error, the population SD (divides by n, not n − 1)
 *   E  = √(CE² + VE²)                 total error, which is the RMS of eᵢ
 * For a 2-D target (centre-of-pressure position matching), Δx and Δy per trial, the radial error
 * √(Δx² + Δy²) and its mean; mean Δx and mean Δy are the constant error per axis.
 *
 * A trial marked invalid (the patient moved off, the trial was aborted) is excluded and counted,
 * and its values are not even looked at. A valid trial with a NaN or infinite value is an error:
 * a number that would silently poison the mean is never averaged. */

#define PROPRIO_JPS_ERROR (proprio_jps_error_quark ())

typedef enum
{
  PROPRIO_JPS_ERROR_NO_TRIALS,    /* no valid trial at all */
  PROPRIO_JPS_ERROR_NOT_FINITE,   /* NaN or infinity in a valid trial */
} ProprioJpsError;

typedef struct
{
  guint  n;            /* valid trials the metrics come from */
  guint  n_excluded;   /* invalid trials, left out */
  double ce_deg;       /* NaN when n == 0 (only in a per-target group) */
  double ae_deg;
  double ve_deg;
  double e_deg;
} ProprioJpsMetrics;

/* One trial, as a protocol or a CSV file gives it. */
typedef struct
{
  double      target_deg;
  double      reproduced_deg;
  gboolean    valid;
  const char *target_id;   /* NULL: the trial is grouped by its target angle */
} ProprioJpsTrial;

/* The trials of one target: those with the same target_id, or without ids the same angle. */
typedef struct
{
  char              *key;         /* the target_id, or the angle from proprio_jps_format_number */
  double             target_deg;  /* of the group's first trial */
  ProprioJpsMetrics  metrics;
} ProprioJpsTarget;

typedef struct
{
  ProprioJpsMetrics  overall;
  GArray            *targets;   /* ProprioJpsTarget, in order of first appearance */
} ProprioJpsResult;

typedef struct
{
  guint  n;
  guint  n_excluded;
  double ce_x, ce_y;        /* mean Δx, mean Δy (constant error per axis), input units */
  double radial_mean;       /* mean √(Δx² + Δy²) */
  double radial_max;
} ProprioJps2dMetrics;

GQuark            proprio_jps_error_quark   (void);

/* valid may be NULL (every trial valid). Errors: no valid trial; a valid trial with a value that
 * is not finite (the message names the trial, counted from 1). `out` is written only on success. */
gboolean          proprio_jps_compute       (const double         *target_deg,
                                             const double         *reproduced_deg,
                                             const gboolean       *valid,
                                             gsize                 n,
                                             ProprioJpsMetrics    *out,
                                             GError              **error);

/* Overall and per target. A target whose trials are all invalid is listed with n == 0 and NaN
 * metrics; the result is an error only when no trial at all is valid. */
ProprioJpsResult *proprio_jps_analyse       (const ProprioJpsTrial *trials,
                                             gsize                  n,
                                             GError               **error);
void              proprio_jps_result_free   (ProprioJpsResult     *result);

/* 2-D position matching: target (tx, ty) and reproduced (rx, ry) per trial, any one length unit.
 * Same rules for valid and for errors as proprio_jps_compute. */
gboolean          proprio_jps_compute_2d    (const double         *tx,
                                             const double         *ty,
                                             const double         *rx,
                                             const double         *ry,
                                             const gboolean       *valid,
                                             gsize                 n,
                                             ProprioJps2dMetrics  *out,
                                             GError              **error);

/* The shortest text that reads back as exactly `value` (C locale): 30, 42.5, 0.1, -15. -0 is
 * written 0. `buf` must hold G_ASCII_DTOSTR_BUF_SIZE bytes; returns buf. */
char             *proprio_jps_format_number (double                value,
                                             char                 *buf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioJpsResult, proprio_jps_result_free)

G_END_DECLS
