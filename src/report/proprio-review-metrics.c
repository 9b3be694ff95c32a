/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review"

/* Recomputing an exercise's figures from the session's raw streams, with the code that computed
 * them live, and setting them beside the stored ones. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-sway.h"
#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-static-test.h"
#include "proprio-report-json.h"
#include "proprio-review-private.h"

void
_proprio_review_add_figure (ProprioReviewExercise *exercise,
                            const char            *label,
                            const char            *unit,
                            double                 stored,
                            double                 recomputed)
{
  ProprioReviewFigure *figure = g_new0 (ProprioReviewFigure, 1);

  figure->label = g_strdup (label);
  figure->unit = g_strdup (unit);
  figure->stored = stored;
  figure->recomputed = recomputed;
  figure->agrees = proprio_review_figures_agree (stored, recomputed);
  g_ptr_array_add (exercise->figures, figure);
}

/* The stream of `kind` whose samples cover `t_us` (a second device of the same kind has a file of
 * its own, from when it was connected). */
ProprioReviewStream *
_proprio_review_stream_at (ProprioReview     *review,
                           ProprioStreamKind  kind,
                           gint64             t_us,
                           const char       **problem)
{
  for (guint i = 0; i < review->streams->len; i++)
    {
      ProprioReviewStream *stream = review->streams->pdata[i];

      if (stream->kind != kind)
        continue;
      if (stream->n_samples == 0)
        {
          *problem = stream->problem;
          continue;
        }
      if (stream->t_us[0] <= t_us && t_us <= stream->t_us[stream->n_samples - 1])
        return stream;
    }
  return NULL;
}

void
_proprio_review_set_missing (ProprioReviewExercise *exercise,
                             const char            *problem,
                             const char            *what)
{
  exercise->check = PROPRIO_REVIEW_MISSING_DATA;
  g_free (exercise->note);
  if (problem != NULL)
    /* Translators: %s says why a recording is not there ("The emg recording is missing …") */
    exercise->note = g_strdup_printf (_("Not recomputed. %s."), problem);
  else
    /* Translators: %s is "balance" or "EMG" */
    exercise->note = g_strdup_printf (_("Not recomputed: no %s recording covers this exercise"),
                                      what);
}

/* --- static test: the sway of each completed condition --- */

static void
recompute_static (ProprioReview         *review,
                  ProprioReviewExercise *exercise,
                  JsonObject            *settings,
                  JsonObject            *results)
{
  JsonArray *conditions = proprio_json_member_array (results, "conditions");
  double lowpass_hz = proprio_json_member_double (settings, "lowpass-hz");

  if (!isfinite (lowpass_hz))
    lowpass_hz = 0;
  for (guint i = 0; conditions != NULL && i < json_array_get_length (conditions); i++)
    {
      JsonObject *c = proprio_json_array_object (conditions, i);
      JsonObject *metrics = proprio_json_member_object (c, "metrics");
      JsonObject *ellipse = proprio_json_member_object (metrics, "ellipse95");
      const char *name = proprio_json_member_string (c, "name");
      gint64 start_us = proprio_json_member_int (c, "start-us", 0);
      double duration_s = proprio_json_member_double (c, "duration-s");
      gint64 end_us = start_us + (gint64) llround (duration_s * G_USEC_PER_SEC);
      const char *problem = NULL;
      ProprioReviewStream *stream;
      g_autoptr(GArray) t = NULL, x = NULL, y = NULL;
      ProprioSwayMetrics m;
      g_autofree char *path = NULL, *velocity = NULL, *area = NULL, *rms = NULL;

      if (g_strcmp0 (proprio_json_member_string (c, "status"), "complete") != 0 ||
          !isfinite (duration_s))
        continue;
      if (name == NULL)
        name = proprio_json_member_string (c, "condition");
      stream = _proprio_review_stream_at (review, PROPRIO_STREAM_BALANCE, start_us, &problem);
      if (stream == NULL)
        {
          _proprio_review_set_missing (exercise, problem, _("balance"));
          return;
        }
      t = g_array_new (FALSE, FALSE, sizeof (gint64));
      x = g_array_new (FALSE, FALSE, sizeof (double));
      y = g_array_new (FALSE, FALSE, sizeof (double));
      /* The engine's trace: samples with a CoP and start ≤ t < start + duration. */
      if (stream->n_channels < PROPRIO_BALANCE_N_CHANNELS)
        {
          _proprio_review_set_missing (exercise, NULL, _("balance"));
          return;
        }
      for (guint k = proprio_review_upper_bound (stream, start_us - 1); k < stream->n_samples;
           k++)
        {
          const double *v = stream->values + (gsize) k * stream->n_channels;
          double sx = v[PROPRIO_BALANCE_CHANNEL_COP_X];
          double sy = v[PROPRIO_BALANCE_CHANNEL_COP_Y];

          if (stream->t_us[k] >= end_us)
            break;
          if (!(stream->flags[k] & PROPRIO_SAMPLE_HAS_COP) || !isfinite (sx) || !isfinite (sy))
            continue;
          g_array_append_val (t, stream->t_us[k]);
          g_array_append_val (x, sx);
          g_array_append_val (y, sy);
        }
      if (!proprio_sway_compute ((const gint64 *) (gpointer) t->data,
                                 (const double *) (gpointer) x->data,
                                 (const double *) (gpointer) y->data, t->len, lowpass_hz, &m,
                                 NULL))
        {
          _proprio_review_set_missing (exercise, NULL, _("balance"));
          return;
        }
      /* Translators: a figure of a static test's condition; %s is the condition ("Eyes open") */
      path = g_strdup_printf (_("%s: path length"), name);
      /* Translators: %s is the condition ("Eyes open") */
      velocity = g_strdup_printf (_("%s: mean velocity"), name);
      /* Translators: %s is the condition ("Eyes open") */
      area = g_strdup_printf (_("%s: 95 %% ellipse area"), name);
      /* Translators: %s is the condition ("Eyes open") */
      rms = g_strdup_printf (_("%s: RMS distance"), name);
      _proprio_review_add_figure (exercise, path, "mm",
                                  proprio_json_member_double (metrics, "path-length-mm"),
                                  m.path_length_mm);
      _proprio_review_add_figure (exercise, velocity, "mm/s",
                                  proprio_json_member_double (metrics, "mean-velocity-mm-s"),
                                  m.mean_velocity_mm_s);
      _proprio_review_add_figure (exercise, area, "mm²",
                                  proprio_json_member_double (ellipse, "area-mm2"),
                                  m.ellipse95.area);
      _proprio_review_add_figure (exercise, rms, "mm",
                                  proprio_json_member_double (metrics, "rms-mm"), m.rms_mm);
    }
}

/* --- activation drill: the engine again, on the recorded EMG --- */

/* A stored JSON value as a GVariant of `type` (what the engine's own settings have there), or
 * NULL when it does not fit. Arrays and tuples are read element by element, so "targets-mm" a(dd)
 * and "directions" as come back as the engine wrote them. */
static GVariant *
variant_from_json (const GVariantType *type,
                   JsonNode           *node)
{
  if (node == NULL)
    return NULL;
  if (g_variant_type_is_array (type) || g_variant_type_is_tuple (type))
    {
      JsonArray *array;
      g_autoptr(GPtrArray) items = NULL;
      const GVariantType *item = g_variant_type_is_array (type)
                                   ? g_variant_type_element (type) : g_variant_type_first (type);
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return NULL;
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      for (guint i = 0; i < n; i++)
        {
          GVariant *v;

          if (item == NULL)
            return NULL;
          v = variant_from_json (item, json_array_get_element (array, i));
          if (v == NULL)
            return NULL;
          g_ptr_array_add (items, g_variant_ref_sink (v));
          if (g_variant_type_is_tuple (type))
            item = g_variant_type_next (item);
        }
      if (g_variant_type_is_tuple (type))
        return item == NULL ? g_variant_new_tuple ((GVariant **) items->pdata, items->len) : NULL;
      return g_variant_new_array (g_variant_type_element (type), (GVariant **) items->pdata,
                                  items->len);
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    return g_variant_new_double (json_node_get_double (node));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    return g_variant_new_uint32 ((guint32) json_node_get_int (node));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT32))
    return g_variant_new_int32 ((gint32) json_node_get_int (node));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
    return g_variant_new_int64 (json_node_get_int (node));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    return g_variant_new_boolean (json_node_get_boolean (node));
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return g_variant_new_string (json_node_get_string (node));
  return NULL;
}

/* Keys an engine's settings have only when set (a default engine cannot tell their type). */
static const struct
{
  const char *key;
  const char *type;
} optional_keys[] = {
  /* weight shift scaled to the patient's limits of stability */
  { "limits-centre-mm", "(dd)" },
  { "limits-excursion-mm", "ad" },
};

/* The run's settings as the engine takes them: each key of its own settings, of the type it has
 * there, read from the stored JSON (which cannot tell a double 3 from an integer 3). A key the
 * run did not store (it had no limits, say) is left out, as the engine left it out. */
GVariant *
_proprio_review_settings_from_json (ProprioExercise *engine,
                                    JsonObject      *json)
{
  g_autoptr(GVariant) defaults = proprio_exercise_get_settings (engine);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_variant_iter_init (&iter, defaults);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      JsonNode *node = json != NULL ? json_object_get_member (json, key) : NULL;
      GVariant *v = variant_from_json (g_variant_get_type (value), node);

      if (v != NULL)
        g_variant_dict_insert_value (&dict, key, v);
      g_variant_unref (value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (optional_keys); i++)
    {
      JsonNode *node = json != NULL ? json_object_get_member (json, optional_keys[i].key) : NULL;
      GVariant *v;

      if (node == NULL || g_variant_dict_contains (&dict, optional_keys[i].key))
        continue;
      v = variant_from_json (G_VARIANT_TYPE (optional_keys[i].type), node);
      if (v != NULL)
        g_variant_dict_insert_value (&dict, optional_keys[i].key, v);
    }
  return g_variant_dict_end (&dict);
}

double
_proprio_review_summary_value (GVariant   *summary,
               const char *key)
{
  g_autoptr(GVariant) value = summary != NULL ? g_variant_lookup_value (summary, key, NULL)
                                              : NULL;

  if (value == NULL)
    return NAN;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    return g_variant_get_uint32 (value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return g_variant_get_double (value);
  return NAN;
}

static void
recompute_drill (ProprioReview         *review,
                 ProprioReviewExercise *exercise,
                 JsonObject            *settings,
                 JsonObject            *results)
{
  const ProprioStoredExercise *stored = exercise->stored;
  g_autoptr(ProprioActivationDrill) drill = proprio_activation_drill_new ();
  ProprioExercise *engine = PROPRIO_EXERCISE (drill);
  g_autoptr(GVariant) run_settings =
    g_variant_ref_sink (_proprio_review_settings_from_json (engine, settings));
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) summary = NULL;
  JsonObject *stored_summary = proprio_json_member_object (results, "summary");
  const char *unit = proprio_json_member_string (results, "unit");
  const char *problem = NULL;
  ProprioReviewStream *stream = _proprio_review_stream_at (review, PROPRIO_STREAM_EMG,
                                                           stored->start_us, &problem);
  GVariant *figures;
  static const struct
  {
    const char *key;
    const char *label;
    const char *unit;    /* NULL: the target's unit */
  } keys[] = {
    { "n-reps", N_("Repetitions"), "" },
    { "n-successes", N_("Successful repetitions"), "" },
    { "mean-time-in-band-s", N_("Mean time in band"), "s" },
    /* xgettext:no-c-format */
    { "mean-time-in-band-percent", N_("Mean time in band (% of the work)"), "%" },
    { "fatigue-slope-per-rep", N_("Fatigue (peak change per repetition)"), NULL },
  };

  if (stream == NULL)
    {
      _proprio_review_set_missing (exercise, problem, _("EMG"));
      return;
    }
  if (!proprio_exercise_apply_settings (engine, run_settings, NULL))
    {
      exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
      exercise->note = g_strdup (_("Not recomputed: the stored settings are not ones this "
                                   "version of the drill takes"));
      return;
    }
  proprio_exercise_start (engine);
  /* The drill anchors its schedule on the first sample it gets, as it did live. */
  for (guint k = proprio_review_upper_bound (stream, stored->start_us - 1);
       k < stream->n_samples && proprio_exercise_is_active (engine); k++)
    {
      ProprioSample s;

      if (stored->end_us > 0 && stream->t_us[k] > stored->end_us)
        {
          /* Stopped by the therapist: what it measured until then. */
          proprio_exercise_tick (engine, stored->end_us);
          break;
        }
      proprio_review_stream_get_sample (stream, k, &s);
      proprio_exercise_feed (engine, &s);
    }
  if (proprio_exercise_is_active (engine))
    proprio_exercise_stop (engine);
  result = proprio_exercise_dup_result (engine);
  figures = proprio_exercise_result_get_results (result);
  summary = g_variant_lookup_value (figures, "summary", G_VARIANT_TYPE_VARDICT);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    _proprio_review_add_figure (exercise, _(keys[i].label),
                                keys[i].unit != NULL ? keys[i].unit : (unit != NULL ? unit : ""),
                                proprio_json_member_double (stored_summary, keys[i].key),
                                _proprio_review_summary_value (summary, keys[i].key));
}

/* --- the rest: stored figures only --- */

static void
stored_only (ProprioReviewExercise *exercise,
             JsonObject            *results)
{
  g_autoptr(GList) members = results != NULL ? json_object_get_members (results) : NULL;

  exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
  exercise->note = g_strdup (_("Stored figures only: this exercise is not recomputed from the raw "
                               "recording in this version"));
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (results, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING &&
          json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        _proprio_review_add_figure (exercise, l->data, "", json_node_get_double (node), NAN);
    }
}

void
_proprio_review_recompute (ProprioReview         *review,
                           ProprioReviewExercise *exercise)
{
  g_autoptr(JsonObject) root = proprio_json_parse_object (exercise->stored->result_json);
  JsonObject *settings = proprio_json_member_object (root, "settings");
  JsonObject *results = proprio_json_member_object (root, "results");
  const char *id = exercise->stored->exercise_id;
  guint differ = 0;

  exercise->check = PROPRIO_REVIEW_AGREES;
  if (g_strcmp0 (id, "static-test") == 0)
    recompute_static (review, exercise, settings, results);
  else if (g_strcmp0 (id, "activation-drill") == 0)
    recompute_drill (review, exercise, settings, results);
  else if (g_strcmp0 (id, "weight-shift") == 0 || g_strcmp0 (id, "los-test") == 0)
    _proprio_review_recompute_cop (review, exercise, settings, results);
  else if (g_strcmp0 (id, "jps-protocol") == 0 || g_strcmp0 (id, "cop-matching") == 0)
    _proprio_review_recompute_matching (review, exercise, settings, results);
  else
    {
      stored_only (exercise, results);
      return;
    }
  if (exercise->check != PROPRIO_REVIEW_AGREES)
    return;
  for (guint i = 0; i < exercise->figures->len; i++)
    if (!((ProprioReviewFigure *) exercise->figures->pdata[i])->agrees)
      differ++;
  if (exercise->figures->len == 0)
    {
      exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
      exercise->note = g_strdup (_("No completed figures to recompute"));
    }
  else if (differ == 0)
    exercise->note = g_strdup (_("Recomputed from the raw recording: every figure agrees with "
                                 "the stored one"));
  else
    {
      exercise->check = PROPRIO_REVIEW_DISAGREES;
      exercise->note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Recomputed from the raw recording: %u "
                                                     "figure differs from the stored one",
                                                     "Recomputed from the raw recording: %u "
                                                     "figures differ from the stored ones",
                                                     differ), differ);
    }
}
