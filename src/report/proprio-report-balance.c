/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* --- static balance test --- */

typedef struct
{
  ProprioPlotTrace  trace;
  gint64           *t_us;
  double           *x_mm;
  double           *y_mm;
  ProprioEllipse    ellipse;
  gboolean          has_ellipse;
  double            half_range;
  char             *title;
  char             *stato_name;   /* the figures' PNG names */
  char             *stabilo_name;
} ConditionFigure;

static void
condition_figure_free (gpointer data)
{
  ConditionFigure *f = data;

  g_free (f->t_us);
  g_free (f->x_mm);
  g_free (f->y_mm);
  g_free (f->title);
  g_free (f->stato_name);
  g_free (f->stabilo_name);
  g_free (f);
}

static void
draw_statokinesigram (cairo_t                *cr,
                      const ProprioPlotStyle *style,
                      const ProprioPlotRect  *area,
                      gpointer                data)
{
  ConditionFigure *f = data;

  proprio_plot_statokinesigram (cr, style, area, &f->trace, f->has_ellipse ? &f->ellipse : NULL,
                                f->half_range, f->title);
}

static void
draw_stabilogram (cairo_t                *cr,
                  const ProprioPlotStyle *style,
                  const ProprioPlotRect  *area,
                  gpointer                data)
{
  ConditionFigure *f = data;

  proprio_plot_stabilogram (cr, style, area, &f->trace, f->half_range, f->title);
}

static const char *
condition_name (const char *nick)
{
  if (g_strcmp0 (nick, "eyes-open") == 0)
    return _("Eyes open");
  if (g_strcmp0 (nick, "eyes-closed") == 0)
    return _("Eyes closed");
  if (g_strcmp0 (nick, "foam-eyes-open") == 0)
    return _("Foam, eyes open");
  if (g_strcmp0 (nick, "foam-eyes-closed") == 0)
    return _("Foam, eyes closed");
  return nick != NULL ? nick : "?";
}

static char *
condition_status (JsonObject *condition)
{
  const char *status = proprio_json_member_string (condition, "status");

  if (g_strcmp0 (status, "complete") == 0)
    return g_strdup (_("Complete"));
  if (g_strcmp0 (status, "stepped-off") == 0)
    {
      double t = proprio_json_member_double (condition, "time-to-step-off-s");

      return isfinite (t) ? g_strdup_printf (_("Stepped off at %.1f s"), t)
                          : g_strdup (_("Stepped off"));
    }
  if (g_strcmp0 (status, "failed") == 0)
    return g_strdup (_("Not analysed"));
  return g_strdup (_("Not run"));
}

void
_report_static_test (ReportWriter                *w,
                     ReportData                  *data,
                     const ProprioStoredExercise *exercise,
                     JsonObject                  *settings,
                     JsonObject                  *results)
{
  const ReportColumn columns[] = {
    { _("Condition"), 0.18, CELL_START }, { _("Status"), 0.18, CELL_START },
    { _("Path (mm)"), 0.12, CELL_END }, { _("Velocity (mm/s)"), 0.16, CELL_END },
    { _("Area (mm²)"), 0.13, CELL_END }, { _("RMS (mm)"), 0.11, CELL_END },
    { _("Freq. (Hz)"), 0.12, CELL_END },
  };
  JsonArray *conditions = proprio_json_member_array (results, "conditions");
  JsonObject *romberg = proprio_json_member_object (results, "romberg");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func (condition_figure_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) traces = g_array_new (FALSE, FALSE, sizeof (ProprioPlotTrace));
  g_autoptr(GString) notes = g_string_new (NULL);
  double half_range, width;

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *c = proprio_json_array_object (conditions, i);
      JsonObject *m = proprio_json_member_object (c, "metrics");
      JsonObject *e = proprio_json_member_object (m, "ellipse95");
      const char *nick = proprio_json_member_string (c, "condition");
      const char *message = proprio_json_member_string (c, "message");
      ConditionFigure *f;
      gsize nt, nx, ny;

      g_ptr_array_add (rows, _report_row (
        g_strdup (condition_name (nick)), condition_status (c),
        _report_number (proprio_json_member_double (m, "path-length-mm"), 1),
        _report_number (proprio_json_member_double (m, "mean-velocity-mm-s"), 2),
        _report_number (proprio_json_member_double (e, "area-mm2"), 1),
        _report_number (proprio_json_member_double (m, "rms-mm"), 2),
        _report_number (proprio_json_member_double (m, "mean-frequency-hz"), 2), NULL));
      if (message != NULL)
        g_string_append_printf (notes, "%s%s: %s", notes->len > 0 ? "\n" : "",
                                condition_name (nick), message);

      f = g_new0 (ConditionFigure, 1);
      f->t_us = proprio_json_array_ints (proprio_json_member_array (c, "t-us"), &nt);
      f->x_mm = proprio_json_array_doubles (proprio_json_member_array (c, "x-mm"), &nx);
      f->y_mm = proprio_json_array_doubles (proprio_json_member_array (c, "y-mm"), &ny);
      f->trace.n = MIN (nt, MIN (nx, ny));
      f->trace.t_us = f->t_us;
      f->trace.x_mm = f->x_mm;
      f->trace.y_mm = f->y_mm;
      if (e != NULL)
        {
          f->ellipse.cx = proprio_json_member_double (e, "cx-mm");
          f->ellipse.cy = proprio_json_member_double (e, "cy-mm");
          f->ellipse.major = proprio_json_member_double (e, "major-mm");
          f->ellipse.minor = proprio_json_member_double (e, "minor-mm");
          f->ellipse.angle_deg = proprio_json_member_double (e, "angle-deg");
          f->ellipse.area = proprio_json_member_double (e, "area-mm2");
          f->has_ellipse = TRUE;
        }
      f->title = g_strdup (condition_name (nick));
      f->stato_name = g_strdup_printf ("condition-%s", nick != NULL ? nick : "unknown");
      f->stabilo_name = g_strdup_printf ("stabilogram-%s", nick != NULL ? nick : "unknown");
      if (f->trace.n >= 2)
        g_array_append_val (traces, f->trace);
      g_ptr_array_add (figures, f);
    }

  _report_heading (w, 2, _("Sway"));
  if (rows->len == 0)
    {
      _report_paragraph (w, _("No condition was recorded."), 1.0, FALSE);
      return;
    }
  _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  if (notes->len > 0)
    _report_paragraph (w, notes->str, 0.9, FALSE);
  if (romberg != NULL)
    {
      g_autofree char *area = _report_number (proprio_json_member_double (romberg,
                                                                          "ellipse-area"), 2);
      g_autofree char *path = _report_number (proprio_json_member_double (romberg,
                                                                          "path-length"), 2);
      g_autofree char *foam_area =
        _report_number (proprio_json_member_double (romberg, "foam-ellipse-area"), 2);
      g_autofree char *foam_path =
        _report_number (proprio_json_member_double (romberg, "foam-path-length"), 2);
      g_autofree char *text =
        g_strdup_printf (_("Romberg quotient (eyes closed ÷ eyes open): ellipse area %s, path "
                           "length %s; on foam: ellipse area %s, path length %s."),
                         area, path, foam_area, foam_path);

      _report_paragraph (w, text, 1.0, FALSE);
    }

  /* One scale for every condition, so that more sway looks like more sway. */
  half_range = proprio_plot_cop_half_range ((ProprioPlotTrace *) (gpointer) traces->data,
                                            traces->len);
  for (guint i = 0; i < figures->len; i++)
    {
      ConditionFigure *f = figures->pdata[i];

      f->half_range = half_range;
      g_ptr_array_add (names, f->stato_name);
    }
  {
    g_autofree char *text =
      g_strdup_printf (_("Statokinesigrams: the path of the centre of pressure seen from above "
                         "(forward is up, the patient’s right is right) with the 95 %% "
                         "prediction ellipse, ±%g mm around each condition’s mean, the same "
                         "scale for all."), half_range);

    _report_heading (w, 2, _("Statokinesigrams"));
    _report_paragraph (w, text, 0.9, FALSE);
  }
  width = (_report_writer_width (w) - 14.0) / 2;
  _report_figures (w, 2, width * 0.92, figures->len, draw_statokinesigram, figures->pdata,
                   (const char * const *) names->pdata);

  _report_heading (w, 2, _("Stabilograms"));
  _report_paragraph (w, _("Medio-lateral (ML) and antero-posterior (AP) sway about the mean "
                          "against time."), 0.9, FALSE);
  for (guint i = 0; i < figures->len; i++)
    names->pdata[i] = ((ConditionFigure *) figures->pdata[i])->stabilo_name;
  _report_figures (w, 2, 105.0, figures->len, draw_stabilogram, figures->pdata,
                   (const char * const *) names->pdata);
}

/* --- limits of stability --- */

static const char *const direction_abbrev[] = { "F", "FR", "R", "BR", "B", "BL", "L", "FL" };

typedef struct
{
  double centre_x, centre_y;
  double targets[8];
  gboolean has_targets;
  double polygon[16];
} LosFigure;

static void
draw_los (cairo_t                *cr,
          const ProprioPlotStyle *style,
          const ProprioPlotRect  *area,
          gpointer                data)
{
  LosFigure *f = data;

  proprio_plot_los (cr, style, area, f->centre_x, f->centre_y,
                    f->has_targets ? f->targets : NULL, f->polygon,
                    _("Reach in eight directions (dashed: the targets)"));
}

static const char *
los_status (const char *status)
{
  if (g_strcmp0 (status, "done") == 0)
    return _("Measured");
  if (g_strcmp0 (status, "no-movement") == 0)
    return _("No movement");
  if (g_strcmp0 (status, "stepped-off") == 0)
    return _("Stepped off");
  if (g_strcmp0 (status, "failed") == 0)
    return _("Not analysed");
  return _("Not run");
}

void
_report_los_test (ReportWriter                *w,
                  ReportData                  *data,
                  const ProprioStoredExercise *exercise,
                  JsonObject                  *settings,
                  JsonObject                  *results)
{
  ReportColumn columns[] = {
    { _("Direction"), 0.19, CELL_START }, { _("Status"), 0.16, CELL_START },
    { _("Reaction (s)"), 0.12, CELL_END }, { _("Velocity (°/s)"), 0.13, CELL_END },
    { _("Endpoint (%)"), 0.13, CELL_END }, { _("Maximum (%)"), 0.14, CELL_END },
    { _("Control (%)"), 0.13, CELL_END },
  };
  const char *keys[] = {
    "reaction-time-s", "movement-velocity-deg-s", "endpoint-pct", "max-excursion-pct",
    "directional-control-pct",
  };
  JsonArray *directions = proprio_json_member_array (results, "directions");
  JsonArray *polygon = proprio_json_member_array (results, "polygon-mm");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  double sums[G_N_ELEMENTS (keys)] = { 0 };
  guint counts[G_N_ELEMENTS (keys)] = { 0 };
  double cx = 0.0, cy = 0.0;
  guint n_centres = 0;
  LosFigure figure = { 0 };

  for (guint i = 0; i < 8; i++)
    figure.targets[i] = figure.polygon[2 * i] = figure.polygon[2 * i + 1] = NAN;
  /* Degrees per second need the body height; without it the velocity is in mm/s. */
  {
    gboolean degrees = FALSE;

    for (guint i = 0; directions != NULL && i < json_array_get_length (directions); i++)
      degrees |= isfinite (proprio_json_member_double (
        proprio_json_member_object (proprio_json_array_object (directions, i), "metrics"),
        "movement-velocity-deg-s"));
    if (!degrees)
      {
        keys[1] = "movement-velocity-mm-s";
        columns[3].title = _("Velocity (mm/s)");
      }
  }
  for (guint i = 0; directions != NULL && i < json_array_get_length (directions); i++)
    {
      JsonObject *d = proprio_json_array_object (directions, i);
      JsonObject *m = proprio_json_member_object (d, "metrics");
      const char *abbrev = proprio_json_member_string (d, "direction");
      const char *name = proprio_json_member_string (d, "name");
      gboolean done = g_strcmp0 (proprio_json_member_string (d, "status"), "done") == 0;
      char *cells[G_N_ELEMENTS (keys)];

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          double v = proprio_json_member_double (m, keys[k]);

          cells[k] = _report_number (v, k == 0 ? 2 : 0);
          if (done && isfinite (v))
            {
              sums[k] += v;
              counts[k]++;
            }
        }
      g_ptr_array_add (rows, _report_row (g_strdup (name != NULL ? name : abbrev != NULL
                                                    ? abbrev : "?"),
                                          g_strdup (los_status (proprio_json_member_string (
                                            d, "status"))),
                                          cells[0], cells[1], cells[2], cells[3], cells[4],
                                          NULL));
      for (guint k = 0; k < 8; k++)
        if (g_strcmp0 (abbrev, direction_abbrev[k]) == 0)
          {
            figure.targets[k] = proprio_json_member_double (d, "target-mm");
            figure.has_targets |= isfinite (figure.targets[k]);
          }
      if (isfinite (proprio_json_member_double (d, "centre-x-mm")) &&
          isfinite (proprio_json_member_double (d, "centre-y-mm")))
        {
          cx += proprio_json_member_double (d, "centre-x-mm");
          cy += proprio_json_member_double (d, "centre-y-mm");
          n_centres++;
        }
    }
  _report_heading (w, 2, _("Limits of stability"));
  if (rows->len == 0)
    {
      _report_paragraph (w, _("No direction was tested."), 1.0, FALSE);
      return;
    }
  g_ptr_array_add (rows, _report_row (g_strdup (_("Mean of the measured")), g_strdup (""),
                                      _report_number (counts[0] ? sums[0] / counts[0] : NAN, 2),
                                      _report_number (counts[1] ? sums[1] / counts[1] : NAN, 0),
                                      _report_number (counts[2] ? sums[2] / counts[2] : NAN, 0),
                                      _report_number (counts[3] ? sums[3] / counts[3] : NAN, 0),
                                      _report_number (counts[4] ? sums[4] / counts[4] : NAN, 0),
                                      NULL));
  _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  /* xgettext:no-c-format */
  _report_paragraph (w, _("Excursions in % of the target distance. Reaction: from the cue to "
                          "the start of the movement. Control: movement toward the target in % "
                          "of all movement."), 0.9, FALSE);

  for (guint i = 0; polygon != NULL && i < 16 && i < json_array_get_length (polygon); i++)
    {
      JsonNode *node = json_array_get_element (polygon, i);

      figure.polygon[i] = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : NAN;
    }
  figure.centre_x = n_centres > 0 ? cx / n_centres : 0.0;
  figure.centre_y = n_centres > 0 ? cy / n_centres : 0.0;
  _report_figure (w, MIN (_report_writer_width (w) * 0.75, 330.0), draw_los, &figure,
                  "limits-of-stability");
}

/* --- weight shift --- */

typedef struct
{
  double *targets;   /* x, y, r */
  int    *hit;
  guint   n;
  double  board_width, board_length;
} TargetsFigure;

static void
draw_targets (cairo_t                *cr,
              const ProprioPlotStyle *style,
              const ProprioPlotRect  *area,
              gpointer                data)
{
  TargetsFigure *f = data;

  proprio_plot_targets (cr, style, area, f->targets, f->hit, f->n, f->board_width,
                        f->board_length,
                        _("Targets (filled: reached every time; crossed: missed at least once)"));
}

void
_report_weight_shift (ReportWriter                *w,
                      ReportData                  *data,
                      const ProprioStoredExercise *exercise,
                      JsonObject                  *settings,
                      JsonObject                  *results)
{
  const ReportColumn columns[] = {
    { "#", 0.06, CELL_END }, { _("Target"), 0.10, CELL_END }, { _("Outcome"), 0.16, CELL_START },
    { _("To target (s)"), 0.17, CELL_END }, { _("To hit (s)"), 0.17, CELL_END },
    { _("Path (mm)"), 0.17, CELL_END }, { _("Score"), 0.17, CELL_END },
  };
  JsonObject *summary = proprio_json_member_object (results, "summary");
  JsonArray *trials = proprio_json_member_array (results, "trials");
  JsonArray *layout = proprio_json_member_array (results, "targets-mm");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *presented = _report_number (proprio_json_member_double (summary,
                                                                           "n-presented"), 0);
  g_autofree char *hits = _report_number (proprio_json_member_double (summary, "n-hits"), 0);
  g_autofree char *missed = _report_number (proprio_json_member_double (summary, "n-missed"), 0);
  g_autofree char *time = _report_quantity (proprio_json_member_double (summary,
                                                                        "mean-time-to-target-s"),
                                            2, "s");
  g_autofree char *path = _report_quantity (proprio_json_member_double (summary,
                                                                        "mean-path-length-mm"),
                                            0, "mm");
  g_autofree char *score = _report_number (proprio_json_member_double (summary, "score"), 1);
  const char *pairs[] = {
    _("Targets presented"), presented, _("Reached"), hits, _("Missed"), missed,
    _("Mean time to target"), time, _("Mean path length"), path, _("Score (0–100)"), score,
  };
  TargetsFigure figure = { 0 };
  guint n_layout = layout != NULL ? json_array_get_length (layout) : 0;

  _report_heading (w, 2, _("Weight shift"));
  _report_key_values (w, pairs, G_N_ELEMENTS (pairs) / 2);

  figure.n = n_layout;
  figure.targets = g_new0 (double, 3 * MAX (n_layout, 1));
  figure.hit = g_new0 (int, MAX (n_layout, 1));
  for (guint i = 0; i < n_layout; i++)
    {
      JsonNode *node = json_array_get_element (layout, i);
      JsonArray *xyr = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      gsize n = 0;
      g_autofree double *v = proprio_json_array_doubles (xyr, &n);

      for (guint k = 0; k < 3; k++)
        figure.targets[3 * i + k] = k < n ? v[k] : NAN;
      figure.hit[i] = 1;
    }
  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    {
      JsonObject *t = proprio_json_array_object (trials, i);
      gint64 target = proprio_json_member_int (t, "target-index", -1);
      gboolean hit = g_strcmp0 (proprio_json_member_string (t, "outcome"), "hit") == 0;

      if (target >= 0 && target < n_layout && !hit)
        figure.hit[target] = 0;
      g_ptr_array_add (rows, _report_row (
        g_strdup_printf ("%u", i + 1),
        target >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, target + 1) : g_strdup ("—"),
        g_strdup (hit ? _("Reached") : _("Missed")),
        _report_number (proprio_json_member_double (t, "time-to-target-s"), 2),
        _report_number (proprio_json_member_double (t, "time-to-hit-s"), 2),
        _report_number (proprio_json_member_double (t, "path-length-mm"), 0),
        _report_number (proprio_json_member_double (t, "score"), 0), NULL));
    }
  if (rows->len > 0)
    _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  figure.board_width = proprio_json_member_double (settings, "board-width-mm");
  figure.board_length = proprio_json_member_double (settings, "board-length-mm");
  _report_figure (w, MIN (_report_writer_width (w) * 0.6, 280.0), draw_targets, &figure,
                  "weight-shift-targets");
  g_free (figure.targets);
  g_free (figure.hit);
}
