/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-trends"

#include "config.h"

#include "proprio-trends.h"

#include <glib/gi18n.h>
#include <math.h>

#include "exercises/proprio-variant-json.h"
#include "proprio-report-json.h"

/* The series, in the order of the header. Titles are marked here and translated when a series is
 * made, so a report in German says "Schwankungsfläche" whatever the order of calls. */
typedef enum
{
  SERIES_AREA_EO,
  SERIES_AREA_EC,
  SERIES_AREA_FOAM_EO,
  SERIES_AREA_FOAM_EC,
  SERIES_VELOCITY_EO,
  SERIES_VELOCITY_EC,
  SERIES_VELOCITY_FOAM_EO,
  SERIES_VELOCITY_FOAM_EC,
  SERIES_LOS_EXCURSION,
  SERIES_WEIGHT_SHIFT_SCORE,
  SERIES_MVC_REACHED,
  SERIES_TIME_IN_BAND,
  SERIES_JPS_ERROR,
  N_SERIES
} SeriesIndex;

static const struct
{
  const char *id;
  const char *title;
  const char *unit;
  gboolean    lower_is_better;
} series_info[N_SERIES] = {
  { "sway-area-eyes-open", N_("Sway area, eyes open"), "mm²", TRUE },
  { "sway-area-eyes-closed", N_("Sway area, eyes closed"), "mm²", TRUE },
  { "sway-area-foam-eyes-open", N_("Sway area, foam, eyes open"), "mm²", TRUE },
  { "sway-area-foam-eyes-closed", N_("Sway area, foam, eyes closed"), "mm²", TRUE },
  { "sway-velocity-eyes-open", N_("Sway velocity, eyes open"), "mm/s", TRUE },
  { "sway-velocity-eyes-closed", N_("Sway velocity, eyes closed"), "mm/s", TRUE },
  { "sway-velocity-foam-eyes-open", N_("Sway velocity, foam, eyes open"), "mm/s", TRUE },
  { "sway-velocity-foam-eyes-closed", N_("Sway velocity, foam, eyes closed"), "mm/s", TRUE },
  { "los-excursion", N_("Limits of stability: maximum excursion"), "%", FALSE },
  { "weight-shift-score", N_("Weight-shift score"), "", FALSE },
  { "mvc-reached", N_("Activation reached"), "%MVC", FALSE },
  { "time-in-band", N_("Time in band"), "%", FALSE },
  { "jps-absolute-error", N_("Joint position: absolute error"), "deg", TRUE },
};

/* The static test's condition nicks, in the order of the series. */
static const char *const condition_nicks[] = {
  "eyes-open", "eyes-closed", "foam-eyes-open", "foam-eyes-closed",
};

static void
point_clear (gpointer data)
{
  ProprioTrendPoint *point = data;

  g_clear_pointer (&point->session_id, g_free);
  g_clear_pointer (&point->date, g_date_time_unref);
}

static void
series_free (gpointer data)
{
  ProprioTrendSeries *series = data;

  g_array_unref (series->points);
  g_free (series);
}

void
proprio_trends_free (ProprioTrends *trends)
{
  if (trends == NULL)
    return;
  g_free (trends->patient_id);
  g_ptr_array_unref (trends->series);
  g_free (trends);
}

static ProprioTrends *
trends_new (const char *patient_id)
{
  ProprioTrends *trends = g_new0 (ProprioTrends, 1);

  trends->patient_id = g_strdup (patient_id);
  trends->series = g_ptr_array_new_with_free_func (series_free);
  for (guint i = 0; i < N_SERIES; i++)
    {
      ProprioTrendSeries *series = g_new0 (ProprioTrendSeries, 1);

      series->id = series_info[i].id;
      series->title = _(series_info[i].title);
      series->unit = series_info[i].unit;
      series->lower_is_better = series_info[i].lower_is_better;
      series->points = g_array_new (FALSE, TRUE, sizeof (ProprioTrendPoint));
      g_array_set_clear_func (series->points, point_clear);
      g_ptr_array_add (trends->series, series);
    }
  return trends;
}

/* --- one session's values --- */

static gboolean
outcome_is (const ProprioStoredExercise *exercise,
            const char                  *outcome)
{
  return g_strcmp0 (exercise->outcome, outcome) == 0;
}

static void
static_test_values (JsonObject *results,
                    double      values[N_SERIES])
{
  JsonArray *conditions = proprio_json_member_array (results, "conditions");

  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *condition = proprio_json_array_object (conditions, i);
      JsonObject *metrics = proprio_json_member_object (condition, "metrics");
      const char *nick = proprio_json_member_string (condition, "condition");
      double area, velocity;

      if (g_strcmp0 (proprio_json_member_string (condition, "status"), "complete") != 0 ||
          metrics == NULL)
        continue;
      area = proprio_json_member_double (proprio_json_member_object (metrics, "ellipse95"),
                                         "area-mm2");
      velocity = proprio_json_member_double (metrics, "mean-velocity-mm-s");
      for (guint c = 0; c < G_N_ELEMENTS (condition_nicks); c++)
        if (g_strcmp0 (nick, condition_nicks[c]) == 0)
          {
            /* A later run of the same condition replaces an earlier one. */
            if (isfinite (area))
              values[SERIES_AREA_EO + c] = area;
            if (isfinite (velocity))
              values[SERIES_VELOCITY_EO + c] = velocity;
          }
    }
}

static void
los_values (JsonObject *results,
            double      values[N_SERIES])
{
  JsonArray *directions = proprio_json_member_array (results, "directions");
  double sum = 0.0;
  guint n = 0;

  for (guint i = 0; directions != NULL && i < json_array_get_length (directions); i++)
    {
      JsonObject *direction = proprio_json_array_object (directions, i);
      double pct = proprio_json_member_double (proprio_json_member_object (direction, "metrics"),
                                               "max-excursion-pct");

      if (g_strcmp0 (proprio_json_member_string (direction, "status"), "done") == 0 &&
          isfinite (pct))
        {
          sum += pct;
          n++;
        }
    }
  if (n > 0)
    values[SERIES_LOS_EXCURSION] = sum / n;
}

static void
drill_values (JsonObject *settings,
              JsonObject *results,
              double      values[N_SERIES])
{
  const char *mode = proprio_json_member_string (settings, "mode");
  JsonArray *reps = proprio_json_member_array (results, "reps");
  double in_band = proprio_json_member_double (proprio_json_member_object (results, "summary"),
                                               "mean-time-in-band-percent");
  double sum = 0.0;
  guint n = 0;

  /* Inhibit rewards quiet: its peak is not an activation reached, its "band" is a ceiling. */
  if (g_strcmp0 (mode, "activate") != 0 && g_strcmp0 (mode, "dual") != 0)
    return;
  if (isfinite (in_band))
    values[SERIES_TIME_IN_BAND] = in_band;
  /* Peaks in µV (no MVC) do not compare across sessions or electrodes placed anew. */
  if (g_strcmp0 (proprio_json_member_string (results, "unit"), "%MVC") != 0)
    return;
  for (guint i = 0; reps != NULL && i < json_array_get_length (reps); i++)
    {
      double peak = proprio_json_member_double (proprio_json_array_object (reps, i), "peak");

      if (isfinite (peak))
        {
          sum += peak;
          n++;
        }
    }
  if (n > 0)
    values[SERIES_MVC_REACHED] = sum / n;
}

static void
exercise_values (const ProprioStoredExercise *exercise,
                 double                       values[N_SERIES])
{
  g_autoptr(JsonObject) root = proprio_json_parse_object (exercise->result_json);
  JsonObject *results = proprio_json_member_object (root, "results");
  JsonObject *settings = proprio_json_member_object (root, "settings");
  const char *id = exercise->exercise_id;
  double score;

  if (results == NULL || outcome_is (exercise, "in-progress"))
    return;
  if (g_strcmp0 (id, "static-test") == 0)
    {
      static_test_values (results, values);
      return;
    }
  if (!outcome_is (exercise, "done"))
    return;
  if (g_strcmp0 (id, "los-test") == 0)
    los_values (results, values);
  else if (g_strcmp0 (id, "weight-shift") == 0)
    {
      score = proprio_json_member_double (proprio_json_member_object (results, "summary"),
                                          "score");
      if (isfinite (score))
        values[SERIES_WEIGHT_SHIFT_SCORE] = score;
    }
  else if (g_strcmp0 (id, "activation-drill") == 0)
    drill_values (settings, results, values);
  else if (g_strcmp0 (id, "jps-protocol") == 0)
    {
      double ae = proprio_json_member_double (proprio_json_member_object (results, "overall"),
                                              "ae-deg");

      if (isfinite (ae))
        values[SERIES_JPS_ERROR] = ae;
    }
}

static gint
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  const ProprioSession *sa = *(ProprioSession * const *) a;
  const ProprioSession *sb = *(ProprioSession * const *) b;

  if (sa->started_at == NULL || sb->started_at == NULL)
    return (sa->started_at != NULL) - (sb->started_at != NULL);
  return g_date_time_compare (sa->started_at, sb->started_at);
}

ProprioTrends *
proprio_trends_new_from_sessions (const char *patient_id,
                                  GPtrArray  *sessions,
                                  GPtrArray  *exercises)
{
  ProprioTrends *trends;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) index = NULL;

  g_return_val_if_fail (patient_id != NULL, NULL);
  g_return_val_if_fail (sessions != NULL && exercises != NULL, NULL);
  g_return_val_if_fail (sessions->len == exercises->len, NULL);

  trends = trends_new (patient_id);
  /* Oldest first, whatever order the caller had. */
  order = g_ptr_array_new ();
  index = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < sessions->len; i++)
    {
      g_ptr_array_add (order, sessions->pdata[i]);
      g_hash_table_insert (index, sessions->pdata[i], exercises->pdata[i]);
    }
  g_ptr_array_sort (order, compare_sessions);

  for (guint s = 0; s < order->len; s++)
    {
      ProprioSession *session = order->pdata[s];
      GPtrArray *list = g_hash_table_lookup (index, session);
      double values[N_SERIES];

      for (guint i = 0; i < N_SERIES; i++)
        values[i] = NAN;
      for (guint e = 0; list != NULL && e < list->len; e++)
        exercise_values (list->pdata[e], values);
      trends->n_sessions++;
      for (guint i = 0; i < N_SERIES; i++)
        {
          ProprioTrendSeries *series = trends->series->pdata[i];
          ProprioTrendPoint point = { 0 };

          if (!isfinite (values[i]))
            continue;
          point.session_id = g_strdup (session->id);
          point.date = session->started_at != NULL ? g_date_time_ref (session->started_at)
                                                   : g_date_time_new_from_unix_utc (0);
          point.value = values[i];
          g_array_append_val (series->points, point);
        }
    }
  return trends;
}

ProprioTrends *
proprio_trends_compute (ProprioStore  *store,
                        const char    *patient_id,
                        const char    *until_session_id,
                        GError       **error)
{
  g_autoptr(ProprioPatient) patient = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) exercises = NULL;
  ProprioSession *until = NULL;

  g_return_val_if_fail (PROPRIO_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  patient = proprio_store_get_patient_sync (store, patient_id, error);
  if (patient == NULL)
    return NULL;
  sessions = proprio_store_list_sessions_sync (store, patient_id, error);
  if (sessions == NULL)
    return NULL;
  for (guint i = 0; until_session_id != NULL && i < sessions->len; i++)
    if (g_strcmp0 (((ProprioSession *) sessions->pdata[i])->id, until_session_id) == 0)
      until = sessions->pdata[i];
  if (until_session_id != NULL && until == NULL)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND,
                   _("Patient %s has no session %s"), patient_id, until_session_id);
      return NULL;
    }

  kept = g_ptr_array_new ();
  exercises = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < sessions->len; i++)
    {
      ProprioSession *session = sessions->pdata[i];
      GPtrArray *list;

      if (until != NULL && session != until && compare_sessions (&session, &until) > 0)
        continue;
      list = proprio_store_list_exercises_sync (store, session->id, error);
      if (list == NULL)
        return NULL;
      g_ptr_array_add (kept, session);
      g_ptr_array_add (exercises, list);
    }
  return proprio_trends_new_from_sessions (patient_id, kept, exercises);
}

const ProprioTrendSeries *
proprio_trends_get_series (const ProprioTrends *trends,
                           const char          *id)
{
  g_return_val_if_fail (trends != NULL, NULL);

  for (guint i = 0; i < trends->series->len; i++)
    {
      const ProprioTrendSeries *series = trends->series->pdata[i];

      if (g_strcmp0 (series->id, id) == 0)
        return series;
    }
  return NULL;
}

gboolean
proprio_trend_series_get_change (const ProprioTrendSeries *series,
                                 double                   *change,
                                 double                   *percent)
{
  double first, last;

  g_return_val_if_fail (series != NULL, FALSE);

  if (change != NULL)
    *change = NAN;
  if (percent != NULL)
    *percent = NAN;
  if (series->points->len < 2)
    return FALSE;
  first = g_array_index (series->points, ProprioTrendPoint, 0).value;
  last = g_array_index (series->points, ProprioTrendPoint, series->points->len - 1).value;
  if (change != NULL)
    *change = last - first;
  if (percent != NULL && first != 0.0)
    *percent = 100.0 * (last - first) / fabs (first);
  return TRUE;
}

const char *
proprio_trend_unit_display (const char *unit)
{
  return g_strcmp0 (unit, "deg") == 0 ? "°" : unit != NULL ? unit : "";
}

gboolean
proprio_trend_series_improved (const ProprioTrendSeries *series)
{
  double change;

  if (!proprio_trend_series_get_change (series, &change, NULL) || change == 0.0)
    return FALSE;
  return series->lower_is_better ? change < 0.0 : change > 0.0;
}

char *
proprio_trends_to_json (const ProprioTrends *trends)
{
  g_autoptr(GString) out = g_string_new ("{\"patient\":");

  g_return_val_if_fail (trends != NULL, NULL);

  proprio_json_append_string (out, trends->patient_id);
  g_string_append_printf (out, ",\"sessions\":%u,\"series\":[", trends->n_sessions);
  for (guint i = 0; i < trends->series->len; i++)
    {
      const ProprioTrendSeries *series = trends->series->pdata[i];
      GArray *points = series->points;
      double change, percent;

      proprio_trend_series_get_change (series, &change, &percent);
      g_string_append (out, i > 0 ? ",\n {\"id\":" : "\n {\"id\":");
      proprio_json_append_string (out, series->id);
      g_string_append (out, ",\"title\":");
      proprio_json_append_string (out, series->title);
      g_string_append (out, ",\"unit\":");
      proprio_json_append_string (out, series->unit);
      g_string_append_printf (out, ",\"better\":\"%s\",\"points\":[",
                              series->lower_is_better ? "lower" : "higher");
      for (guint p = 0; p < points->len; p++)
        {
          const ProprioTrendPoint *point = &g_array_index (points, ProprioTrendPoint, p);
          g_autofree char *date = g_date_time_format_iso8601 (point->date);

          g_string_append (out, p > 0 ? ",{\"session\":" : "{\"session\":");
          proprio_json_append_string (out, point->session_id);
          g_string_append (out, ",\"date\":");
          proprio_json_append_string (out, date);
          g_string_append (out, ",\"value\":");
          proprio_json_append_double (out, point->value);
          g_string_append_c (out, '}');
        }
      g_string_append (out, "],\"first\":");
      proprio_json_append_double (out, points->len > 0
                                       ? g_array_index (points, ProprioTrendPoint, 0).value
                                       : NAN);
      g_string_append (out, ",\"last\":");
      proprio_json_append_double (out, points->len > 0
                                       ? g_array_index (points, ProprioTrendPoint,
                                                        points->len - 1).value
                                       : NAN);
      g_string_append (out, ",\"change\":");
      proprio_json_append_double (out, change);
      g_string_append (out, ",\"change_percent\":");
      proprio_json_append_double (out, percent);
      g_string_append_c (out, '}');
    }
  g_string_append (out, trends->series->len > 0 ? "\n]}\n" : "]}\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
