/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "store/proprio-store.h"

G_BEGIN_DECLS

/* Progress across a patient's sessions: one value per session and series, from the exercises the
 * store kept for each session (their results, read back from JSON), with the change since the
 * first session. Which figure of which exercise makes each series:
 *
 *   sway-area-<condition>        mm²   static-test: the condition's 95 % prediction ellipse area
 *   sway-velocity-<condition>    mm/s  static-test: the condition's mean velocity
 *       <condition>: eyes-open, eyes-closed, foam-eyes-open, foam-eyes-closed; only conditions
 *       whose status is "complete" (not stepped off, not failed)
 *   los-excursion                %     los-test: maximum excursion (% of the target distance),
 *                                      the mean over the directions measured ("done")
 *   weight-shift-score           0–100 weight-shift: the run's score (summary)
 *   mvc-reached                  %MVC  activation-drill (activate or dual, with an MVC): the mean
 *                                      of the reps' peaks
 *   time-in-band                 %     activation-drill (activate or dual): mean time in band, %
 *                                      of the work time
 *   jps-absolute-error           deg   jps-protocol: the overall absolute error AE
 *
 * Runs still in progress are left out; so are cancelled runs, except for the static test, whose
 * conditions completed before a cancel are whole measurements. When a session holds several runs
 * with a value for one series, the last one counts (a repeat replaces a first attempt). */

typedef struct
{
  char      *session_id;
  GDateTime *date;          /* the session's start, UTC */
  double     value;
} ProprioTrendPoint;

typedef struct
{
  const char *id;           /* "sway-area-eyes-open": for files and JSON, never translated */
  const char *title;        /* translated: "Sway area, eyes open" */
  const char *unit;         /* "mm²", "mm/s", "%", "%MVC", "deg", "" */
  gboolean    lower_is_better;
  GArray     *points;       /* ProprioTrendPoint, oldest session first */
} ProprioTrendSeries;

typedef struct
{
  char      *patient_id;
  guint      n_sessions;    /* sessions looked at (with a value or not) */
  GPtrArray *series;        /* ProprioTrendSeries, in the order above, every series present */
} ProprioTrends;

/* A patient's trends over all their sessions, or those up to and including `until_session_id`
 * (NULL: all), e.g. for the report of an older session. Blocks on the store's _sync calls: not
 * on the GUI's main thread. NOT_FOUND for an unknown patient. A stored result that cannot be
 * read (damaged JSON) gives no value, never an error. */
ProprioTrends *proprio_trends_compute        (ProprioStore            *store,
                                              const char              *patient_id,
                                              const char              *until_session_id,
                                              GError                 **error);

/* The same from what the caller has already read: `sessions` (ProprioSession, any order) and for
 * each, at the same index, a GPtrArray of its ProprioStoredExercise. */
ProprioTrends *proprio_trends_new_from_sessions (const char           *patient_id,
                                                 GPtrArray            *sessions,
                                                 GPtrArray            *exercises);

void           proprio_trends_free           (ProprioTrends           *trends);

/* The series with this id, or NULL. */
const ProprioTrendSeries *
               proprio_trends_get_series     (const ProprioTrends     *trends,
                                              const char              *id);

/* Last value − first value, and that change in % of the first value. FALSE (both NaN) with fewer
 * than two points; *percent is NaN when the first value is 0. */
gboolean       proprio_trend_series_get_change (const ProprioTrendSeries *series,
                                                double                   *change,
                                                double                   *percent);

/* TRUE when the change goes the better way (lower sway, a higher score), FALSE otherwise or when
 * there is no change to judge. */
gboolean       proprio_trend_series_improved (const ProprioTrendSeries *series);

/* The unit as a reader writes it: "°" for "deg", the others as they are. */
const char    *proprio_trend_unit_display    (const char              *unit);

/* As JSON: {"patient", "sessions", "series": [{"id", "title", "unit", "better" ("lower" or
 * "higher"), "points": [{"session", "date" (ISO 8601 UTC), "value"}], "first", "last",
 * "change", "change_percent"}]}; numbers that read back exactly, null where undefined. Every
 * series is present, with "points": [] when no session has a value. */
char          *proprio_trends_to_json        (const ProprioTrends     *trends);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioTrends, proprio_trends_free)

G_END_DECLS
