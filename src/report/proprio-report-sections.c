/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* --- trends --- */

typedef struct
{
  const ProprioTrendSeries *series;
  ProprioPlotDates          dates;
} TrendFigure;

static void
draw_trend (cairo_t                *cr,
            const ProprioPlotStyle *style,
            const ProprioPlotRect  *area,
            gpointer                data)
{
  TrendFigure *f = data;

  proprio_plot_trend (cr, style, area, f->series, f->dates);
}

/* Decimals that suit a unit's figures. */
static int
unit_decimals (const char *unit)
{
  if (g_strcmp0 (unit, "mm/s") == 0 || g_strcmp0 (unit, "deg") == 0)
    return 2;
  return 1;
}

void
_report_trends_section (ReportWriter *w,
                        ReportData   *data)
{
  const ReportColumn columns[] = {
    { _("Series"), 0.40, CELL_START }, { _("Sessions"), 0.10, CELL_END },
    { _("First"), 0.12, CELL_END }, { _("This session"), 0.14, CELL_END },
    { _("Change"), 0.12, CELL_END }, { _("Change (%)"), 0.12, CELL_END },
  };
  ProprioTrends *trends = data->trends;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *intro = NULL;

  for (guint i = 0; i < trends->series->len; i++)
    {
      const ProprioTrendSeries *s = trends->series->pdata[i];
      const ProprioTrendPoint *first, *last;
      TrendFigure *f;
      double change, percent;
      int decimals = unit_decimals (s->unit);
      g_autofree char *title = NULL;

      if (s->points->len == 0)
        continue;
      first = &g_array_index (s->points, ProprioTrendPoint, 0);
      last = &g_array_index (s->points, ProprioTrendPoint, s->points->len - 1);
      proprio_trend_series_get_change (s, &change, &percent);
      title = *s->unit ? g_strdup_printf ("%s (%s)", s->title,
                                          proprio_trend_unit_display (s->unit))
                       : g_strdup (s->title);
      /* A series this session has no value for ends at an earlier session. */
      g_ptr_array_add (rows, _report_row (
        g_steal_pointer (&title), g_strdup_printf ("%u", s->points->len),
        _report_number (first->value, decimals),
        g_str_equal (last->session_id, data->session->id) ? _report_number (last->value, decimals)
                                                         : g_strdup ("—"),
        isfinite (change) ? g_strdup_printf ("%+.*f", decimals, change) : g_strdup ("—"),
        isfinite (percent) ? g_strdup_printf ("%+.0f", percent) : g_strdup ("—"), NULL));
      /* A chart needs two sessions; the table has the single values. */
      if (s->points->len < 2)
        continue;
      f = g_new0 (TrendFigure, 1);
      f->series = s;
      f->dates = data->options->anonymise ? PROPRIO_PLOT_DATES_DAYS : PROPRIO_PLOT_DATES_CALENDAR;
      g_ptr_array_add (figures, f);
      g_ptr_array_add (names, (gpointer) s->id);
    }

  _report_new_page (w);
  _report_heading (w, 1, _("Progress across sessions"));
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u session of this patient up to this one. Change: the "
                                        "last value minus the first session’s.",
                                        "%u sessions of this patient up to this one. Change: the "
                                        "last value minus the first session’s.",
                                        trends->n_sessions), trends->n_sessions);
  _report_paragraph (w, intro, 1.0, FALSE);
  if (rows->len == 0)
    {
      _report_paragraph (w, _("No session of this patient has a value for any series yet."),
                         1.0, FALSE);
      return;
    }
  _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  if (figures->len == 0)
    _report_paragraph (w, _("A chart shows a series once two sessions have a value for it."),
                       1.0, FALSE);
  _report_figures (w, 2, 150.0, figures->len, draw_trend, figures->pdata,
                   (const char * const *) names->pdata);
}

/* --- methods --- */

static gboolean
has_exercise (ReportData *data,
              const char *id)
{
  for (guint i = 0; i < data->exercises->len; i++)
    if (g_strcmp0 (((ProprioStoredExercise *) data->exercises->pdata[i])->exercise_id, id) == 0)
      return TRUE;
  return FALSE;
}

/* The low-pass filter of the session's first static test (Hz, 0: none), NaN without one. */
static double
static_lowpass (ReportData *data)
{
  for (guint i = 0; i < data->exercises->len; i++)
    {
      ProprioStoredExercise *e = data->exercises->pdata[i];

      if (g_strcmp0 (e->exercise_id, "static-test") == 0)
        {
          g_autoptr(JsonObject) settings = proprio_json_parse_object (e->settings_json);
          double hz = proprio_json_member_double (settings, "lowpass-hz");

          return isfinite (hz) ? hz : 0.0;
        }
    }
  return NAN;
}

void
_report_methods_section (ReportWriter *w,
                         ReportData   *data)
{
  gboolean balance = has_exercise (data, "static-test") || has_exercise (data, "los-test") ||
                     has_exercise (data, "weight-shift");
  gboolean emg = has_exercise (data, "activation-drill") ||
                 has_exercise (data, "mvc-calibration");
  gboolean jps = has_exercise (data, "jps-protocol");
  double lowpass = static_lowpass (data);
  g_autofree char *software =
    g_strdup_printf (_("Proprio %s. Every figure is computed from the recorded samples at their "
                       "own timestamps (one monotonic clock for every stream, in microseconds), "
                       "so uneven sampling does not bias durations or velocities."),
                     PACKAGE_VERSION);
  const char *sway[] = {
    _("Path length"), _("The sum of the distances between successive centre-of-pressure "
                        "positions (total, medio-lateral ML and antero-posterior AP)."),
    _("Mean velocity"), _("Path length ÷ duration, from the timestamps."),
    /* xgettext:no-c-format */
    _("95 % ellipse area"),
    /* xgettext:no-c-format */
    _("The prediction ellipse that holds 95 % of the positions: π · 5.991 · √det Σ, Σ the "
      "covariance of the positions (the recommended ellipse; Prieto’s confidence ellipse is in "
      "the exports)."),
    _("RMS"), _("The root mean square distance from the mean position."),
    _("Mean frequency"), _("Path length ÷ (2π · mean distance · duration)."),
    _("Romberg quotient"), _("Eyes closed ÷ eyes open, on the ellipse area or the path length; "
                             "above 1: more sway without vision."),
    _("Limits of stability"),
    /* xgettext:no-c-format */
    _("Per direction: reaction time (cue to movement onset), movement velocity, endpoint and "
      "maximum excursion in % of the target distance, directional control (movement toward the "
      "target in % of all movement)."),
    _("Weight-shift score"), _("Per target 100 − 50 · (time to hit − dwell) ÷ (time-out − "
                               "dwell), 0 for a miss; the mean over the targets."),
  };
  const char *muscle[] = {
    _("Envelope"), _("Offset removed; 4th-order Butterworth high-pass at 20 Hz and low-pass at "
                     "min(450 Hz, 0.45 × the rate); a notch at the mains frequency and its "
                     "harmonics (Q = 30); the RMS over a moving 100 ms window."),
    _("%MVC"), _("100 · envelope ÷ MVC; the MVC is the mean of the best 1 s window of the same "
                 "envelope in each calibration contraction."),
    _("Time in band"),
    /* xgettext:no-c-format */
    _("The time the target muscle’s envelope spent in the band during the work, in seconds and "
      "in % of the work time; a rep succeeds when that share reaches the setting."),
    _("Fatigue"), _("The least-squares slope of the reps’ peaks against the rep number."),
  };
  const char *joint[] = {
    _("Errors"), _("Per trial e = reproduced − target angle. Constant error CE = mean e; "
                   "absolute error AE = mean |e|; variable error VE = the population SD of e; "
                   "total error E = √(CE² + VE²), the RMS of e."),
  };

  _report_new_page (w);
  _report_heading (w, 1, _("Methods"));
  _report_heading (w, 2, _("Software"));
  _report_paragraph (w, software, 1.0, FALSE);
  if (balance)
    {
      g_autofree char *filter = NULL;

      if (isfinite (lowpass) && lowpass > 0)
        filter = g_strdup_printf (_("Sway metrics after a 2nd-order Butterworth low-pass filter "
                                    "at %g Hz, run forward and backward (zero phase)."), lowpass);
      else if (isfinite (lowpass))
        filter = g_strdup (_("Sway metrics from the unfiltered centre of pressure."));
      _report_heading (w, 2, _("Balance"));
      if (filter != NULL)
        _report_paragraph (w, filter, 1.0, FALSE);
      _report_key_values (w, sway, G_N_ELEMENTS (sway) / 2);
      _report_paragraph (w, _("Sources: Prieto et al. 1996 (IEEE Trans Biomed Eng 43:956); "
                              "Duarte & Freitas 2010 (Rev Bras Fisioter 14:183); Schubert & "
                              "Kirchner 2014 (Gait Posture 39:518); the NeuroCom limits-of-"
                              "stability protocol."), 0.9, FALSE);
    }
  if (emg)
    {
      _report_heading (w, 2, _("Muscle activation"));
      _report_key_values (w, muscle, G_N_ELEMENTS (muscle) / 2);
      _report_paragraph (w, _("Sources: the SENIAM and ISEK recommendations; Hodges & Bui 1996 "
                              "(Electroenceph Clin Neurophysiol 101:511)."), 0.9, FALSE);
    }
  if (jps)
    {
      _report_heading (w, 2, _("Joint position sense"));
      _report_key_values (w, joint, G_N_ELEMENTS (joint) / 2);
    }
  _report_heading (w, 2, _("Progress"));
  /* xgettext:no-c-format */
  _report_paragraph (w, _("Each series takes one value per session: the last run of that "
                          "session that has it (static test: its completed conditions; other "
                          "exercises: runs that were completed). Change since the first session: "
                          "the last value minus the first, and that difference in % of the "
                          "first."), 1.0, FALSE);
}
