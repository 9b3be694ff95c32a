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

static void
add_figure (ProprioReviewExercise *exercise,
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
static ProprioReviewStream *
stream_at (ProprioReview     *review,
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

static void
set_missing (ProprioReviewExercise *exercise,
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
      stream = stream_at (review, PROPRIO_STREAM_BALANCE, start_us, &problem);
      if (stream == NULL)
        {
          set_missing (exercise, problem, _("balance"));
          return;
        }
      t = g_array_new (FALSE, FALSE, sizeof (gint64));
      x = g_array_new (FALSE, FALSE, sizeof (double));
      y = g_array_new (FALSE, FALSE, sizeof (double));
      /* The engine's trace: samples with a CoP and start ≤ t < start + duration. */
      if (stream->n_channels < PROPRIO_BALANCE_N_CHANNELS)
        {
          set_missing (exercise, NULL, _("balance"));
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
          set_missing (exercise, NULL, _("balance"));
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
      add_figure (exercise, path, "mm", proprio_json_member_double (metrics, "path-length-mm"),
                  m.path_length_mm);
      add_figure (exercise, velocity, "mm/s",
                  proprio_json_member_double (metrics, "mean-velocity-mm-s"),
                  m.mean_velocity_mm_s);
      add_figure (exercise, area, "mm²", proprio_json_member_double (ellipse, "area-mm2"),
                  m.ellipse95.area);
      add_figure (exercise, rms, "mm", proprio_json_member_double (metrics, "rms-mm"), m.rms_mm);
    }
}

/* --- activation drill: the engine again, on the recorded EMG --- */

/* The run's settings as the engine takes them: each key of its own settings, of the type it has
 * there, read from the stored JSON (which cannot tell a double 3 from an integer 3). */
static GVariant *
settings_from_json (ProprioExercise *engine,
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
      const GVariantType *type = g_variant_get_type (value);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        {
          if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
            g_variant_dict_insert (&dict, key, "d", json_node_get_double (node));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
            g_variant_dict_insert (&dict, key, "u", (guint32) json_node_get_int (node));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT32))
            g_variant_dict_insert (&dict, key, "i", (gint32) json_node_get_int (node));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_INT64))
            g_variant_dict_insert (&dict, key, "x", (gint64) json_node_get_int (node));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
            g_variant_dict_insert (&dict, key, "b", json_node_get_boolean (node));
          else if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING))
            g_variant_dict_insert (&dict, key, "s", json_node_get_string (node));
        }
      g_variant_unref (value);
    }
  return g_variant_dict_end (&dict);
}

static double
summary_value (GVariant   *summary,
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
  g_autoptr(GVariant) run_settings = g_variant_ref_sink (settings_from_json (engine, settings));
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GVariant) summary = NULL;
  JsonObject *stored_summary = proprio_json_member_object (results, "summary");
  const char *unit = proprio_json_member_string (results, "unit");
  const char *problem = NULL;
  ProprioReviewStream *stream = stream_at (review, PROPRIO_STREAM_EMG, stored->start_us,
                                           &problem);
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
    { "mean-time-in-band-percent", N_("Mean time in band (% of the work)"), "%" },
    { "fatigue-slope-per-rep", N_("Fatigue (peak change per repetition)"), NULL },
  };

  if (stream == NULL)
    {
      set_missing (exercise, problem, _("EMG"));
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
    add_figure (exercise, _(keys[i].label), keys[i].unit != NULL ? keys[i].unit
                                                                 : (unit != NULL ? unit : ""),
                proprio_json_member_double (stored_summary, keys[i].key),
                summary_value (summary, keys[i].key));
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
        add_figure (exercise, l->data, "", json_node_get_double (node), NAN);
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
