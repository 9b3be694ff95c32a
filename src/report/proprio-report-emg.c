/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "store/proprio-stream-file.h"

/* --- activation drill --- */

typedef struct
{
  gint64  start_us, end_us;
  gint64  target_col, quiet_col;
  double  target_scale, quiet_scale;  /* to the drill's units: 100 / MVC, or 1 */
  GArray *t;                          /* gint64 */
  GArray *target;                     /* double */
  GArray *quiet;                      /* double */
  guint   n_columns;
  GError *error;
} EnvelopeRead;

static void
envelope_read_free (gpointer data)
{
  EnvelopeRead *r = data;

  g_array_unref (r->t);
  g_array_unref (r->target);
  g_array_unref (r->quiet);
  g_clear_error (&r->error);
  g_free (r);
}

static gboolean
collect_row (gint64        t_us,
             const double *values,
             guint         n_values,
             gpointer      user_data)
{
  EnvelopeRead *r = user_data;
  double target = NAN, quiet = NAN;

  r->n_columns = MAX (r->n_columns, n_values);
  if (t_us < r->start_us)
    return TRUE;
  /* Rows are in time order: nothing after the exercise is needed. */
  if (t_us > r->end_us)
    return FALSE;
  if (r->target_col >= 0 && r->target_col < n_values)
    target = values[r->target_col] * r->target_scale;
  if (r->quiet_col >= 0 && r->quiet_col < n_values)
    quiet = values[r->quiet_col] * r->quiet_scale;
  g_array_append_val (r->t, t_us);
  g_array_append_val (r->target, target);
  g_array_append_val (r->quiet, quiet);
  return TRUE;
}

/* The drill's samples of the EMG file, read once for every pass of the report (a long session's
 * file is large). */
static EnvelopeRead *
envelope_read (ReportData                  *data,
               const ProprioStreamInfo     *emg,
               const ProprioStoredExercise *exercise,
               JsonObject                  *settings,
               gboolean                     with_quiet)
{
  double target_mvc = proprio_json_member_double (settings, "target-mvc");
  double quiet_mvc = proprio_json_member_double (settings, "quiet-mvc");
  EnvelopeRead *r;

  if (data->cache == NULL)
    data->cache = g_hash_table_new_full (NULL, NULL, NULL, envelope_read_free);
  r = g_hash_table_lookup (data->cache, exercise);
  if (r != NULL)
    return r;
  r = g_new0 (EnvelopeRead, 1);
  r->start_us = exercise->start_us;
  r->end_us = exercise->end_us > exercise->start_us ? exercise->end_us : G_MAXINT64;
  r->target_col = proprio_json_member_int (settings, "target-channel", -1);
  r->quiet_col = with_quiet ? proprio_json_member_int (settings, "quiet-channel", -1) : -1;
  r->target_scale = target_mvc > 0 ? 100.0 / target_mvc : 1.0;
  r->quiet_scale = quiet_mvc > 0 ? 100.0 / quiet_mvc : 1.0;
  r->t = g_array_new (FALSE, FALSE, sizeof (gint64));
  r->target = g_array_new (FALSE, FALSE, sizeof (double));
  r->quiet = g_array_new (FALSE, FALSE, sizeof (double));
  /* FALSE without an error when collect_row () stopped at the drill's end. */
  proprio_stream_file_foreach_row (emg->path, collect_row, r, &r->error);
  g_hash_table_insert (data->cache, (gpointer) exercise, r);
  return r;
}

typedef struct
{
  ProprioPlotEnvelope  envelope;
  char                *title;
} EnvelopeFigure;

static void
draw_envelope (cairo_t                *cr,
               const ProprioPlotStyle *style,
               const ProprioPlotRect  *area,
               gpointer                data)
{
  EnvelopeFigure *f = data;

  proprio_plot_envelope (cr, style, area, &f->envelope, f->title);
}

static char *
unit_text (const char *unit)
{
  return g_strdup (g_strcmp0 (unit, "uV") == 0 ? "µV" : unit != NULL ? unit : "");
}

static void
drill_plots (ReportWriter                *w,
             ReportData                  *data,
             const ProprioStoredExercise *exercise,
             JsonObject                  *settings,
             JsonObject                  *results)
{
  const ProprioStreamInfo *emg = _report_stream (data, PROPRIO_STREAM_EMG);
  const char *mode = proprio_json_member_string (settings, "mode");
  JsonArray *reps = proprio_json_member_array (results, "reps");
  double work_s = proprio_json_member_double (settings, "work-s");
  g_autofree char *target_unit = unit_text (proprio_json_member_string (results, "unit"));
  g_autofree char *quiet_unit = unit_text (proprio_json_member_string (results, "quiet-unit"));
  gboolean inhibit = g_strcmp0 (mode, "inhibit") == 0, dual = g_strcmp0 (mode, "dual") == 0;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gint64));
  EnvelopeRead *r;
  EnvelopeFigure figures[2] = { { { 0 } } };
  gpointer figure_data[2] = { &figures[0], &figures[1] };
  const char *names[2] = { "emg-envelope", "emg-envelope-quiet" };
  guint n_figures;

  if (emg == NULL)
    {
      _report_notice (w, _("No EMG recording is stored with this session: the envelope plot is "
                           "left out."));
      _report_add_missing (data, _("An activation drill’s EMG envelope plot: the session has no "
                                   "EMG recording."));
      return;
    }
  r = envelope_read (data, emg, exercise, settings, inhibit || dual);
  if (r->error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The EMG recording cannot be read (%s): the "
                                                 "envelope plot is left out."), r->error->message);

      _report_notice (w, text);
      _report_add_missing (data, text);
      return;
    }
  if (r->t->len < 2 || (r->target_col >= r->n_columns && r->quiet_col >= r->n_columns))
    {
      _report_notice (w, _("The EMG recording holds no samples of this drill’s channels: the "
                           "envelope plot is left out."));
      _report_add_missing (data, _("An activation drill’s EMG envelope plot: its channels are "
                                   "not in the recording."));
      return;
    }

  for (guint i = 0; reps != NULL && isfinite (work_s) && i < json_array_get_length (reps); i++)
    {
      gint64 start = proprio_json_member_int (proprio_json_array_object (reps, i),
                                              "work-start-us", 0);
      gint64 end = start + (gint64) llround (work_s * G_USEC_PER_SEC);

      if (start > 0)
        {
          g_array_append_val (starts, start);
          g_array_append_val (ends, end);
        }
    }
  for (guint k = 0; k < 2; k++)
    {
      ProprioPlotEnvelope *e = &figures[k].envelope;

      e->n = r->t->len;
      e->t_us = (const gint64 *) (gpointer) r->t->data;
      e->t0_us = exercise->start_us;
      e->n_work = starts->len;
      e->work_start_us = (const gint64 *) (gpointer) starts->data;
      e->work_end_us = (const gint64 *) (gpointer) ends->data;
      e->band_lower = e->band_upper = e->threshold = NAN;
    }
  /* Activate: the target in its band. Inhibit: the quiet muscle under its ceiling. Dual: both,
   * on one plot when they share a unit, else one plot each. */
  n_figures = 1;
  if (!inhibit)
    {
      ProprioPlotEnvelope *e = &figures[0].envelope;

      e->target = (const double *) (gpointer) r->target->data;
      e->band_lower = proprio_json_member_double (settings, "band-lower");
      e->band_upper = proprio_json_member_double (settings, "band-upper");
      e->unit = target_unit;
      e->target_label = _("Target muscle");
      figures[0].title = g_strdup (_("EMG envelope (shaded: work; green: the target band)"));
    }
  if (dual && g_strcmp0 (target_unit, quiet_unit) == 0)
    {
      ProprioPlotEnvelope *e = &figures[0].envelope;

      e->quiet = (const double *) (gpointer) r->quiet->data;
      e->quiet_label = _("Quiet muscle");
      e->threshold = proprio_json_member_double (settings, "threshold");
      g_free (figures[0].title);
      figures[0].title = g_strdup (_("EMG envelopes (shaded: work; green: the target band; "
                                     "dashed: the quiet muscle’s ceiling)"));
    }
  else if (inhibit || dual)
    {
      guint k = inhibit ? 0 : 1;
      ProprioPlotEnvelope *e = &figures[k].envelope;

      e->target = (const double *) (gpointer) r->quiet->data;
      e->target_label = _("Quiet muscle");
      e->threshold = proprio_json_member_double (settings, "threshold");
      e->unit = quiet_unit;
      figures[k].title = g_strdup (_("EMG envelope of the quiet muscle (dashed: its ceiling)"));
      n_figures = k + 1;
    }
  _report_heading (w, 2, _("Envelopes"));
  _report_figures (w, 1, 150.0, n_figures, draw_envelope, figure_data, names);
  g_free (figures[0].title);
  g_free (figures[1].title);
}

void
_report_activation_drill (ReportWriter                *w,
                          ReportData                  *data,
                          const ProprioStoredExercise *exercise,
                          JsonObject                  *settings,
                          JsonObject                  *results)
{
  const ReportColumn columns[] = {
    { _("Rep"), 0.07, CELL_END }, { _("To band (s)"), 0.13, CELL_END },
    { _("In band (s)"), 0.13, CELL_END }, { _("In band (%)"), 0.13, CELL_END },
    { _("Peak"), 0.12, CELL_END }, { _("Mean"), 0.12, CELL_END },
    { _("Quiet mean"), 0.14, CELL_END }, { _("Success"), 0.16, CELL_START },
  };
  JsonObject *summary = proprio_json_member_object (results, "summary");
  JsonArray *reps = proprio_json_member_array (results, "reps");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *unit = unit_text (proprio_json_member_string (results, "unit"));
  g_autofree char *n_reps = _report_number (proprio_json_member_double (summary, "n-reps"), 0);
  g_autofree char *successes = _report_number (proprio_json_member_double (summary,
                                                                           "n-successes"), 0);
  g_autofree char *in_band = _report_quantity (proprio_json_member_double (summary,
                                                                           "mean-time-in-band-s"),
                                               1, "s");
  g_autofree char *in_band_pct =
    _report_quantity (proprio_json_member_double (summary, "mean-time-in-band-percent"), 0, "%");
  g_autofree char *fatigue =
    _report_quantity (proprio_json_member_double (summary, "fatigue-slope-per-rep"), 2,
                      *unit ? unit : NULL);
  const char *pairs[] = {
    _("Reps"), n_reps, _("Successful reps"), successes, _("Mean time in band"), in_band,
    /* xgettext:no-c-format */
    _("Mean time in band, % of the work"), in_band_pct,
    _("Unit of the figures"), unit,
    _("Fatigue (change of the peak per rep)"), fatigue,
  };

  _report_heading (w, 2, _("Activation"));
  _report_key_values (w, pairs, G_N_ELEMENTS (pairs) / 2);
  for (guint i = 0; reps != NULL && i < json_array_get_length (reps); i++)
    {
      JsonObject *rep = proprio_json_array_object (reps, i);

      g_ptr_array_add (rows, _report_row (
        g_strdup_printf ("%" G_GINT64_FORMAT, proprio_json_member_int (rep, "rep", i + 1)),
        _report_number (proprio_json_member_double (rep, "time-to-band-s"), 2),
        _report_number (proprio_json_member_double (rep, "time-in-band-s"), 1),
        _report_number (proprio_json_member_double (rep, "time-in-band-percent"), 0),
        _report_number (proprio_json_member_double (rep, "peak"), 1),
        _report_number (proprio_json_member_double (rep, "mean"), 1),
        _report_number (proprio_json_member_double (rep, "quiet-mean"), 1),
        g_strdup (proprio_json_member_bool (rep, "success", FALSE) ? _("yes") : _("no")),
        NULL));
    }
  if (rows->len > 0)
    _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  drill_plots (w, data, exercise, settings, results);
}

/* --- MVC calibration --- */

void
_report_mvc_calibration (ReportWriter                *w,
                         ReportData                  *data,
                         const ProprioStoredExercise *exercise,
                         JsonObject                  *settings,
                         JsonObject                  *results)
{
  const ReportColumn columns[] = {
    { _("Channel"), 0.22, CELL_START }, { _("Status"), 0.20, CELL_START },
    { _("MVC (µV)"), 0.16, CELL_END }, { _("Best window of each contraction (µV)"), 0.42,
                                         CELL_START },
  };
  JsonArray *channels = proprio_json_member_array (results, "channels");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  _report_heading (w, 2, _("Maximal voluntary contraction"));
  for (guint i = 0; channels != NULL && i < json_array_get_length (channels); i++)
    {
      JsonObject *c = proprio_json_array_object (channels, i);
      const char *status = proprio_json_member_string (c, "status");
      gsize n = 0;
      g_autofree double *best = proprio_json_array_doubles (proprio_json_member_array (c,
                                                                                      "best-uv"),
                                                            &n);
      g_autoptr(GString) list = g_string_new (NULL);

      for (gsize k = 0; k < n; k++)
        {
          g_autofree char *v = _report_number (best[k], 1);

          g_string_append_printf (list, "%s%s", k > 0 ? ", " : "", v);
        }
      g_ptr_array_add (rows, _report_row (
        g_strdup (proprio_json_member_string (c, "name") ?: "?"),
        g_strdup (g_strcmp0 (status, "done") == 0 ? _("Measured")
                  : g_strcmp0 (status, "failed") == 0 ? _("Failed") : _("Not run")),
        _report_number (proprio_json_member_double (c, "mvc-uv"), 1),
        g_string_free (g_steal_pointer (&list), FALSE), NULL));
    }
  if (rows->len > 0)
    _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  else
    _report_paragraph (w, _("No channel was calibrated."), 1.0, FALSE);
  _report_paragraph (w, _("The MVC of a channel is the mean, over the contractions, of the best "
                          "window of its envelope: the reference for %MVC."), 0.9, FALSE);
}

/* --- joint position --- */

typedef struct
{
  double   *errors;
  gboolean *valid;
  gsize     n;
  double    tolerance;
} JpsFigure;

static void
draw_jps (cairo_t                *cr,
          const ProprioPlotStyle *style,
          const ProprioPlotRect  *area,
          gpointer                data)
{
  JpsFigure *f = data;

  proprio_plot_jps_errors (cr, style, area, f->errors, f->valid, f->n, f->tolerance,
                           _("Error per trial, reproduced − target (green: the tolerance)"));
}

static char *
invalid_reason (JsonObject *trial)
{
  const char *reason = proprio_json_member_string (trial, "invalid-reason");

  if (g_strcmp0 (reason, "lost") == 0)
    return g_strdup (_("Excluded: the angle was lost"));
  if (g_strcmp0 (reason, "no-position") == 0)
    return g_strdup (_("Excluded: no position registered"));
  if (g_strcmp0 (reason, "timeout") == 0)
    return g_strdup (_("Excluded: time ran out"));
  return g_strdup (_("Excluded"));
}

void
_report_jps (ReportWriter                *w,
             ReportData                  *data,
             const ProprioStoredExercise *exercise,
             JsonObject                  *settings,
             JsonObject                  *results)
{
  const ReportColumn target_columns[] = {
    { _("Target (°)"), 0.16, CELL_END }, { _("Trials"), 0.12, CELL_END },
    { _("Excluded"), 0.12, CELL_END }, { _("CE (°)"), 0.15, CELL_END },
    { _("AE (°)"), 0.15, CELL_END }, { _("VE (°)"), 0.15, CELL_END },
    { _("E (°)"), 0.15, CELL_END },
  };
  const ReportColumn trial_columns[] = {
    { _("Trial"), 0.10, CELL_END }, { _("Target (°)"), 0.15, CELL_END },
    { _("Reproduced (°)"), 0.17, CELL_END }, { _("Error (°)"), 0.15, CELL_END },
    { _("Note"), 0.43, CELL_START },
  };
  JsonObject *overall = proprio_json_member_object (results, "overall");
  JsonArray *targets = proprio_json_member_array (results, "targets");
  JsonArray *trials = proprio_json_member_array (results, "trials");
  g_autoptr(GPtrArray) target_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) trial_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *n_trials = _report_number (proprio_json_member_double (results, "n-trials"), 0);
  g_autofree char *n_valid = _report_number (proprio_json_member_double (results, "n-valid"), 0);
  g_autofree char *ce = _report_quantity (proprio_json_member_double (overall, "ce-deg"), 1, "°");
  g_autofree char *ae = _report_quantity (proprio_json_member_double (overall, "ae-deg"), 1, "°");
  g_autofree char *ve = _report_quantity (proprio_json_member_double (overall, "ve-deg"), 1, "°");
  g_autofree char *e = _report_quantity (proprio_json_member_double (overall, "e-deg"), 1, "°");
  const char *pairs[] = {
    _("Trials"), n_trials, _("Valid trials"), n_valid, _("Constant error CE"), ce,
    _("Absolute error AE"), ae, _("Variable error VE"), ve, _("Total error E"), e,
  };
  JpsFigure figure = { 0 };
  guint n = trials != NULL ? json_array_get_length (trials) : 0;

  _report_heading (w, 2, _("Joint position errors"));
  _report_key_values (w, pairs, G_N_ELEMENTS (pairs) / 2);
  for (guint i = 0; targets != NULL && i < json_array_get_length (targets); i++)
    {
      JsonObject *t = proprio_json_array_object (targets, i);

      g_ptr_array_add (target_rows, _report_row (
        _report_number (proprio_json_member_double (t, "target-deg"), 1),
        _report_number (proprio_json_member_double (t, "n"), 0),
        _report_number (proprio_json_member_double (t, "n-excluded"), 0),
        _report_number (proprio_json_member_double (t, "ce-deg"), 1),
        _report_number (proprio_json_member_double (t, "ae-deg"), 1),
        _report_number (proprio_json_member_double (t, "ve-deg"), 1),
        _report_number (proprio_json_member_double (t, "e-deg"), 1), NULL));
    }
  if (target_rows->len > 0)
    _report_table (w, target_columns, G_N_ELEMENTS (target_columns), target_rows);

  figure.n = n;
  figure.errors = g_new0 (double, MAX (n, 1));
  figure.valid = g_new0 (gboolean, MAX (n, 1));
  figure.tolerance = proprio_json_member_double (settings, "tolerance-deg");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *t = proprio_json_array_object (trials, i);
      gboolean valid = proprio_json_member_bool (t, "valid", FALSE);

      figure.errors[i] = proprio_json_member_double (t, "error-deg");
      figure.valid[i] = valid && isfinite (figure.errors[i]);
      g_ptr_array_add (trial_rows, _report_row (
        g_strdup_printf ("%" G_GINT64_FORMAT, proprio_json_member_int (t, "trial", i + 1)),
        _report_number (proprio_json_member_double (t, "target-deg"), 1),
        _report_number (proprio_json_member_double (t, "reproduced-deg"), 1),
        _report_number (figure.errors[i], 1),
        valid ? g_strdup ("") : invalid_reason (t), NULL));
    }
  if (n > 0)
    {
      _report_figure (w, 150.0, draw_jps, &figure, "joint-position-errors");
      _report_table (w, trial_columns, G_N_ELEMENTS (trial_columns), trial_rows);
    }
  g_free (figure.errors);
  g_free (figure.valid);
}
