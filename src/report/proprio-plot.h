/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "core/proprio-sway.h"
#include "proprio-trends.h"

G_BEGIN_DECLS

/* The plots of a session and of a patient's progress, as plain Cairo drawing: the PDF report
 * draws them on paper (vector, in points) and a view draws the same functions into its own
 * cairo_t (gtk_snapshot_append_cairo (), in pixels), so what the therapist reviews on screen and
 * what the referrer reads are one drawing.
 *
 * Every plot draws inside `area` only (labels and ticks included), with the cairo_t's state
 * saved and restored; text is Pango (pangocairo) in the style's font. Nothing is drawn for data
 * that is not there: a plot without data says so in words inside its area.
 *
 * Coordinates of the board: x medio-lateral (+ the patient's right), y antero-posterior
 * (+ forward), mm; plots show +y upward, as a top view of the board with the patient facing up. */

typedef struct
{
  double red, green, blue, alpha;
} ProprioPlotColor;

typedef struct
{
  const char       *font_family;  /* a Pango family list, "Cantarell, DejaVu Sans, Sans" */
  double            font_size;    /* tick labels, in the surface's units (pt on paper, px on
                                   * screen); titles are 1.15 × that, bold */
  double            line_width;   /* data lines; axes and grid are thinner */
  ProprioPlotColor  foreground;   /* text and axes */
  ProprioPlotColor  grid;
  ProprioPlotColor  trace;        /* the CoP path, ML, the target muscle, a trend */
  ProprioPlotColor  trace2;       /* AP, the quiet muscle */
  ProprioPlotColor  accent;       /* the ellipse, thresholds, targets */
  ProprioPlotColor  band;         /* a target band, work windows (translucent) */
  ProprioPlotColor  good;         /* hits, a change for the better */
  ProprioPlotColor  bad;          /* misses, a change for the worse */
} ProprioPlotStyle;

/* Black on white in points, for paper: dark enough for a greyscale copier. */
void proprio_plot_style_init_print  (ProprioPlotStyle *style);
/* For a view: light or dark background, fonts of `font_px` pixels. */
void proprio_plot_style_init_screen (ProprioPlotStyle *style,
                                     gboolean          dark,
                                     double            font_px);

typedef struct
{
  double x, y, width, height;
} ProprioPlotRect;

/* The outline of an ellipse as a path in the current user space, in the ellipse's own (data)
 * coordinates: the caller's transform maps mm to the device (with y up or down). Used by the
 * statokinesigram and by the live CoP view, so both draw the same 95 % ellipse. A flat ellipse
 * (minor 0) is a line. The current point is left at the end of the path. */
void   proprio_plot_ellipse_path      (cairo_t                *cr,
                                       const ProprioEllipse   *ellipse);

/* A CoP recording: n samples with times (µs, any monotonic origin) and positions (mm). */
typedef struct
{
  gsize          n;
  const gint64  *t_us;
  const double  *x_mm;
  const double  *y_mm;
} ProprioPlotTrace;

/* A half-range (mm) that fits every trace around its own mean, rounded up to a readable value,
 * so that several conditions drawn with it share one scale (sway compares at a glance). */
double proprio_plot_cop_half_range    (const ProprioPlotTrace *traces,
                                       guint                   n_traces);

/* Statokinesigram: the CoP path in the ML–AP plane at equal scales, centred on the mean, with
 * the 95 % prediction ellipse (NULL: none) and its area. half_range_mm <= 0: fitted to the
 * trace. `title` may be NULL. */
void   proprio_plot_statokinesigram   (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       const ProprioPlotTrace *trace,
                                       const ProprioEllipse   *ellipse,
                                       double                  half_range_mm,
                                       const char             *title);

/* Stabilogram: ML and AP (each about its mean) against time in seconds from the first sample. */
void   proprio_plot_stabilogram       (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       const ProprioPlotTrace *trace,
                                       double                  half_range_mm,
                                       const char             *title);

/* Limits of stability: the eight directions (F, FR, R, BR, B, BL, L, FL) from `centre`, the
 * target distances (NULL: none) as a dashed octagon and the measured polygon `polygon_xy` (16
 * values, x y per direction in that order; NaN where a direction was not measured). */
void   proprio_plot_los               (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       double                  centre_x_mm,
                                       double                  centre_y_mm,
                                       const double           *target_mm,
                                       const double           *polygon_xy,
                                       const char             *title);

/* Weight-shift targets on the board: circles (x, y, radius mm), filled when hit, crossed when
 * missed (hit NULL: plain), with their numbers; the board's outline (width × length mm). */
void   proprio_plot_targets           (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       const double           *targets_xyr,
                                       const int              *hit,
                                       guint                   n_targets,
                                       double                  board_width_mm,
                                       double                  board_length_mm,
                                       const char             *title);

/* EMG envelopes of an activation drill against time (s from t0_us): the target muscle and the
 * quiet one (quiet NULL: none), work windows shaded, the target band shaded and the quiet
 * muscle's threshold dashed (NaN: none), in `unit` ("%MVC", "µV"). */
typedef struct
{
  gsize          n;
  const gint64  *t_us;
  const double  *target;
  const double  *quiet;
  gint64         t0_us;
  guint          n_work;
  const gint64  *work_start_us;
  const gint64  *work_end_us;
  double         band_lower;
  double         band_upper;
  double         threshold;
  const char    *unit;
  const char    *target_label;
  const char    *quiet_label;
} ProprioPlotEnvelope;

void   proprio_plot_envelope          (cairo_t                   *cr,
                                       const ProprioPlotStyle    *style,
                                       const ProprioPlotRect     *area,
                                       const ProprioPlotEnvelope *envelope,
                                       const char                *title);

/* Joint-position errors per trial (reproduced − target, degrees) in trial order, with zero and
 * the ± tolerance band (tolerance <= 0 or NaN: none); invalid trials (valid[i] FALSE, or a NaN
 * error) are marked on the axis, not plotted as values. */
void   proprio_plot_jps_errors        (cairo_t                *cr,
                                       const ProprioPlotStyle *style,
                                       const ProprioPlotRect  *area,
                                       const double           *errors_deg,
                                       const gboolean         *valid,
                                       gsize                   n,
                                       double                  tolerance_deg,
                                       const char             *title);

typedef enum
{
  PROPRIO_PLOT_DATES_CALENDAR,    /* "2026-05-06", in local time */
  PROPRIO_PLOT_DATES_DAYS,        /* "day 0", "day 14": days since the first session (anonymised) */
} ProprioPlotDates;

/* A trend across sessions: the values against the sessions' dates (spaced by time; evenly when
 * they all fall within one hour), the first session's value as a dashed baseline, and the change
 * since then in words, coloured good or bad by the series' better direction. */
void   proprio_plot_trend             (cairo_t                  *cr,
                                       const ProprioPlotStyle   *style,
                                       const ProprioPlotRect    *area,
                                       const ProprioTrendSeries *series,
                                       ProprioPlotDates          dates);

G_END_DECLS
