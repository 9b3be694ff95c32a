/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review"

/* Recomputing the figures of the exercises that follow a stream live (weight shift, limits of
 * stability, joint-position and CoP matching): the engine again, configured with the run's stored
 * settings, fed the recorded samples between the run's start and end on their own times, and
 * for the matching protocols the therapist's registrations at the instants the run recorded. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-jps-protocol.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-weight-shift.h"
#include "proprio-report-json.h"
#include "proprio-review-private.h"

/* A moment the therapist acted on a matching run: a key that registered a reproduction (the
 * trial's registered-us), ended a memorising early (a target-hit event the engine does not make
 * itself) or found no position (a target-missed event of a trial stored as "no-position"). */
typedef struct
{
  gint64   t_us;      /* when it happened on the run's clock */
  gint64   after_us;  /* applied once the sample of this time has been fed */
  int      kind;
} Instant;

enum
{
  INSTANT_REGISTERED,
  INSTANT_TARGET_HIT,
  INSTANT_TARGET_MISSED,
};

static gint
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  const Instant *x = a, *y = b;

  return x->after_us < y->after_us ? -1 : x->after_us > y->after_us ? 1 : x->kind - y->kind;
}

static gboolean
apply_settings (ProprioReviewExercise *exercise,
                ProprioExercise       *engine,
                JsonObject            *settings)
{
  g_autoptr(GVariant) run_settings =
    g_variant_ref_sink (_proprio_review_settings_from_json (engine, settings));
  g_autoptr(GError) error = NULL;

  if (proprio_exercise_apply_settings (engine, run_settings, &error))
    return TRUE;
  exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
  /* Translators: %s is why the engine refused the settings */
  exercise->note = g_strdup_printf (_("Not recomputed: the stored settings are not ones this "
                                      "version of the exercise takes (%s)"), error->message);
  return FALSE;
}

static void
set_paused (ProprioReviewExercise *exercise)
{
  exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
  exercise->note = g_strdup (_("Not recomputed: the run was paused (the patient stepped off the "
                               "board), and this recording is older than the ones that keep "
                               "the moment it was resumed"));
}

/* The instants the therapist resumed this run after a pause ("resume" events, recorded since
 * this version), in order. */
static GArray *
resume_times (ProprioReview               *review,
              const ProprioStoredExercise *stored)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; review->events != NULL && i < review->events->len; i++)
    {
      const ProprioEvent *event = review->events->pdata[i];

      if (g_strcmp0 (event->kind, "resume") == 0 &&
          g_strcmp0 (event->text, stored->exercise_id) == 0 && event->t_us >= stored->start_us &&
          (stored->end_us <= 0 || event->t_us <= stored->end_us))
        g_array_append_val (times, event->t_us);
    }
  return times;
}

/* Whether the run did something after `t_us` (an event of its own other than its end): after a
 * pause, the therapist resumed it. */
static gboolean
went_on_after (ProprioReview               *review,
               const ProprioStoredExercise *stored,
               gint64                       t_us)
{
  for (guint i = 0; review->events != NULL && i < review->events->len; i++)
    {
      const ProprioEvent *event = review->events->pdata[i];

      if (event->t_us > t_us && (stored->end_us <= 0 || event->t_us <= stored->end_us) &&
          g_strcmp0 (event->text, stored->exercise_id) == 0 &&
          g_strcmp0 (event->kind, "done") != 0)
        return TRUE;
    }
  return FALSE;
}

/* Feeds `engine` the samples of `stream` from `start_us`, on their own times, until it ends or
 * the run's end; a therapist's instant is applied once every sample up to it has been fed, and a
 * pause is resumed where the recording says it was. FALSE when the run paused and nothing
 * recorded resumes it (a session recorded before resumes were). */
static gboolean
replay (ProprioReview               *review,
        ProprioExercise             *engine,
        const ProprioReviewStream   *stream,
        const ProprioStoredExercise *stored,
        GArray                      *instants,
        void                       (*act) (ProprioExercise *engine,
                                           const Instant   *instant,
                                           gpointer         data),
        gpointer                     data)
{
  g_autoptr(GArray) resumes = resume_times (review, stored);
  guint next = 0, next_resume = 0;
  gboolean pause_seen = FALSE;

  proprio_exercise_start (engine);
  for (guint k = proprio_review_upper_bound (stream, stored->start_us - 1);
       k < stream->n_samples && proprio_exercise_is_active (engine); k++)
    {
      ProprioSample s;

      while (instants != NULL && next < instants->len &&
             g_array_index (instants, Instant, next).after_us < stream->t_us[k])
        act (engine, &g_array_index (instants, Instant, next++), data);
      if (!proprio_exercise_is_active (engine))
        break;
      if (stored->end_us > 0 && stream->t_us[k] > stored->end_us)
        {
          /* Stopped by the therapist: what it measured until then. */
          proprio_exercise_tick (engine, stored->end_us);
          break;
        }
      if (proprio_exercise_get_phase (engine) == PROPRIO_EXERCISE_PHASE_PAUSED)
        {
          /* The samples before the therapist went on reached the paused run live too. */
          if (next_resume >= resumes->len)
            {
              /* Stopped while paused, or resumed when resumes were not recorded yet. */
              if (!pause_seen && went_on_after (review, stored, stream->t_us[k]))
                return FALSE;
              pause_seen = TRUE;
            }
          else if (g_array_index (resumes, gint64, next_resume) < stream->t_us[k])
            {
              proprio_exercise_proceed (engine);
              next_resume++;
            }
        }
      proprio_review_stream_get_sample (stream, k, &s);
      proprio_exercise_feed (engine, &s);
    }
  while (instants != NULL && next < instants->len && proprio_exercise_is_active (engine))
    act (engine, &g_array_index (instants, Instant, next++), data);
  if (proprio_exercise_is_active (engine))
    proprio_exercise_stop (engine);
  return TRUE;
}

static GVariant *
result_member (ProprioExercise *engine,
               const char      *key)
{
  g_autoptr(ProprioExerciseResult) result = proprio_exercise_dup_result (engine);

  return g_variant_lookup_value (proprio_exercise_result_get_results (result), key, NULL);
}

typedef struct
{
  const char *key;
  const char *label;
  const char *unit;
} Key;

static void
compare_dict (ProprioReviewExercise *exercise,
              const char            *prefix,
              JsonObject            *stored,
              GVariant              *recomputed,
              const Key             *keys,
              guint                  n_keys)
{
  for (guint i = 0; i < n_keys; i++)
    {
      /* Translators: a figure of one direction of the limits of stability, "FR: reaction time" */
      g_autofree char *label = prefix != NULL ? g_strdup_printf (_("%s: %s"), prefix,
                                                                 _(keys[i].label))
                                              : g_strdup (_(keys[i].label));

      _proprio_review_add_figure (exercise, label, keys[i].unit,
                                  proprio_json_member_double (stored, keys[i].key),
                                  _proprio_review_summary_value (recomputed, keys[i].key));
    }
}

/* --- weight shift and limits of stability --- */

static const Key weight_shift_keys[] = {
  { "n-presented", N_("Targets presented"), "" },
  { "n-hits", N_("Targets hit"), "" },
  { "n-missed", N_("Targets missed"), "" },
  { "mean-time-to-target-s", N_("Mean time to target"), "s" },
  { "mean-path-length-mm", N_("Mean path length"), "mm" },
  { "score", N_("Score"), "" },
};

static const Key los_keys[] = {
  { "reaction-time-s", N_("reaction time"), "s" },
  { "movement-velocity-deg-s", N_("movement velocity"), "°/s" },
  { "endpoint-pct", N_("endpoint excursion"), "%" },
  { "max-excursion-pct", N_("maximal excursion"), "%" },
  { "directional-control-pct", N_("directional control"), "%" },
};

void
_proprio_review_recompute_cop (ProprioReview         *review,
                               ProprioReviewExercise *exercise,
                               JsonObject            *settings,
                               JsonObject            *results)
{
  gboolean los = g_strcmp0 (exercise->stored->exercise_id, "los-test") == 0;
  g_autoptr(ProprioExercise) engine = los ? PROPRIO_EXERCISE (proprio_los_test_new ())
                                          : PROPRIO_EXERCISE (proprio_weight_shift_new ());
  const char *problem = NULL;
  ProprioReviewStream *stream = _proprio_review_stream_at (review, PROPRIO_STREAM_BALANCE,
                                                           exercise->stored->start_us,
                                                           &problem);

  if (stream == NULL || stream->n_channels < PROPRIO_BALANCE_N_CHANNELS)
    {
      _proprio_review_set_missing (exercise, problem, _("balance"));
      return;
    }
  if (!apply_settings (exercise, engine, settings))
    return;
  if (!replay (review, engine, stream, exercise->stored, NULL, NULL, NULL))
    {
      set_paused (exercise);
      return;
    }
  if (!los)
    {
      g_autoptr(GVariant) summary = result_member (engine, "summary");

      compare_dict (exercise, NULL, proprio_json_member_object (results, "summary"), summary,
                    weight_shift_keys, G_N_ELEMENTS (weight_shift_keys));
      return;
    }
  {
    g_autoptr(GVariant) directions = result_member (engine, "directions");
    JsonArray *stored = proprio_json_member_array (results, "directions");
    guint n_stored = stored != NULL ? json_array_get_length (stored) : 0;
    guint n = directions != NULL ? (guint) g_variant_n_children (directions) : 0;

    /* Directions in the run's order: a direction one side measured and the other did not
     * differs (its figures are NaN on that side). */
    for (guint i = 0; i < MAX (n, n_stored); i++)
      {
        JsonObject *d = i < n_stored ? proprio_json_array_object (stored, i) : NULL;
        g_autoptr(GVariant) dir = i < n ? g_variant_get_child_value (directions, i) : NULL;
        g_autoptr(GVariant) metrics = dir != NULL ? g_variant_lookup_value (dir, "metrics",
                                                                            NULL) : NULL;
        const char *name = proprio_json_member_string (d, "direction");
        g_autofree char *fallback = NULL;

        if (name == NULL && dir != NULL)
          g_variant_lookup (dir, "direction", "s", &fallback);
        compare_dict (exercise, name != NULL ? name : fallback,
                      proprio_json_member_object (d, "metrics"), metrics, los_keys,
                      G_N_ELEMENTS (los_keys));
      }
  }
}

/* --- joint-position and CoP matching --- */

typedef struct
{
  JsonArray *trials;   /* the stored trials, in presentation order */
} MatchReplay;

static const char *
stored_trial_string (MatchReplay *m,
                     guint        index,
                     const char  *key)
{
  if (m->trials == NULL || index >= json_array_get_length (m->trials))
    return NULL;
  return proprio_json_member_string (proprio_json_array_object (m->trials, index), key);
}

static void
act_matching (ProprioExercise *engine,
              const Instant   *instant,
              gpointer         data)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (engine);
  MatchReplay *m = data;
  ProprioMatchStage stage = proprio_match_exercise_get_stage (match);
  guint current = proprio_match_exercise_get_n_trials (match);
  gboolean press = FALSE;

  if (!proprio_match_exercise_can_register (match))
    return;
  switch (instant->kind)
    {
    case INSTANT_REGISTERED:
      /* The trial in progress is the one the key registered (a still registration is made by
       * the engine itself, at a sample). */
      press = stage == PROPRIO_MATCH_STAGE_REPRODUCE &&
              g_strcmp0 (stored_trial_string (m, current, "registered-by"), "key") == 0;
      break;
    case INSTANT_TARGET_HIT:
      /* Memorising ends by itself when its time is up; before that, only the key ends it. */
      press = stage == PROPRIO_MATCH_STAGE_MEMORISE &&
              proprio_exercise_get_time_left (engine, instant->t_us) != 0.0;
      break;
    case INSTANT_TARGET_MISSED:
      press = g_strcmp0 (stored_trial_string (m, current, "invalid-reason"), "no-position") == 0;
      break;
    default:
      break;
    }
  if (!press)
    return;
  /* The key's instant was the latest sample's or tick's time. */
  proprio_exercise_tick (engine, instant->t_us);
  if (proprio_match_exercise_can_register (match))
    proprio_match_exercise_register (match);
}

/* The sample a key registered: the latest one at most PROPRIO_MATCH_MAX_GAP_US before the
 * press whose position is the stored reproduction. Live, the press came at the run's latest
 * tick, and samples of a moment before it could still be on their way: they reached the run
 * after the key, and the replay feeds them after it too. The press time when none matches. */
static gint64
registered_sample (const ProprioReviewStream *stream,
                   gboolean                   jps,
                   JsonObject                *trial,
                   gint64                     pressed_us)
{
  double a = proprio_json_member_double (trial, jps ? "reproduced-deg" : "reproduced-x-mm");
  double b = jps ? 0.0 : proprio_json_member_double (trial, "reproduced-y-mm");

  for (guint k = proprio_review_upper_bound (stream, pressed_us); k-- > 0;)
    {
      const double *v = stream->values + (gsize) k * stream->n_channels;

      if (stream->t_us[k] < pressed_us - PROPRIO_MATCH_MAX_GAP_US)
        break;
      if (jps ? v[0] == a
              : v[PROPRIO_BALANCE_CHANNEL_COP_X] == a && v[PROPRIO_BALANCE_CHANNEL_COP_Y] == b)
        return stream->t_us[k];
    }
  return pressed_us;
}

static GArray *
matching_instants (ProprioReview             *review,
                   ProprioReviewExercise     *exercise,
                   const ProprioReviewStream *stream,
                   gboolean                   jps,
                   JsonArray                 *trials)
{
  const ProprioStoredExercise *stored = exercise->stored;
  GArray *instants = g_array_new (FALSE, FALSE, sizeof (Instant));
  gint64 end_us = stored->end_us > 0 ? stored->end_us : G_MAXINT64;

  for (guint i = 0; trials != NULL && i < json_array_get_length (trials); i++)
    {
      JsonObject *t = proprio_json_array_object (trials, i);
      Instant instant = { proprio_json_member_int (t, "registered-us", 0), 0,
                          INSTANT_REGISTERED };

      if (g_strcmp0 (proprio_json_member_string (t, "registered-by"), "key") == 0 &&
          instant.t_us > 0)
        {
          instant.after_us = registered_sample (stream, jps, t, instant.t_us);
          g_array_append_val (instants, instant);
        }
    }
  for (guint i = 0; review->events != NULL && i < review->events->len; i++)
    {
      const ProprioEvent *event = review->events->pdata[i];
      Instant instant = { event->t_us, event->t_us, -1 };

      if (event->t_us < stored->start_us || event->t_us > end_us ||
          g_strcmp0 (event->text, stored->exercise_id) != 0)
        continue;
      if (g_strcmp0 (event->kind, "target-hit") == 0)
        instant.kind = INSTANT_TARGET_HIT;
      else if (g_strcmp0 (event->kind, "target-missed") == 0)
        instant.kind = INSTANT_TARGET_MISSED;
      else
        continue;
      g_array_append_val (instants, instant);
    }
  g_array_sort (instants, compare_instants);
  return instants;
}

static const Key jps_keys[] = {
  { "ce-deg", N_("Constant error"), "°" },
  { "ae-deg", N_("Absolute error"), "°" },
  { "ve-deg", N_("Variable error"), "°" },
  { "e-deg", N_("Total error"), "°" },
};

static const Key cop_matching_keys[] = {
  { "ce-x-mm", N_("Constant error side to side"), "mm" },
  { "ce-y-mm", N_("Constant error front to back"), "mm" },
  { "radial-error-mm", N_("Mean radial error"), "mm" },
  { "radial-error-max-mm", N_("Largest radial error"), "mm" },
};

void
_proprio_review_recompute_matching (ProprioReview         *review,
                                    ProprioReviewExercise *exercise,
                                    JsonObject            *settings,
                                    JsonObject            *results)
{
  gboolean jps = g_strcmp0 (exercise->stored->exercise_id, "jps-protocol") == 0;
  g_autoptr(ProprioExercise) engine = jps ? PROPRIO_EXERCISE (proprio_jps_protocol_new ())
                                          : PROPRIO_EXERCISE (proprio_cop_matching_new ());
  JsonArray *trials = proprio_json_member_array (results, "trials");
  const char *problem = NULL;
  ProprioReviewStream *stream;
  g_autoptr(GArray) instants = NULL;
  g_autoptr(GVariant) n_valid = NULL;
  g_autoptr(GVariant) overall = NULL;
  MatchReplay m = { trials };

  if (g_strcmp0 (proprio_json_member_string (results, "positions"), "stills") == 0)
    {
      exercise->check = PROPRIO_REVIEW_NOT_CHECKED;
      exercise->note = g_strdup (_("Not recomputed: the positions were measured on frozen video "
                                   "frames, and the points placed on them are not in the "
                                   "recording"));
      return;
    }
  stream = _proprio_review_stream_at (review, jps ? PROPRIO_STREAM_ANGLE : PROPRIO_STREAM_BALANCE,
                                      exercise->stored->start_us, &problem);
  if (stream == NULL || stream->n_channels < (jps ? 1 : PROPRIO_BALANCE_N_CHANNELS))
    {
      _proprio_review_set_missing (exercise, problem, jps ? _("angle") : _("balance"));
      return;
    }
  if (!apply_settings (exercise, engine, settings))
    return;
  instants = matching_instants (review, exercise, stream, jps, trials);
  if (!replay (review, engine, stream, exercise->stored, instants, act_matching, &m))
    {
      set_paused (exercise);
      return;
    }
  n_valid = result_member (engine, "n-valid");
  _proprio_review_add_figure (exercise, _("Valid trials"), "",
                              proprio_json_member_double (results, "n-valid"),
                              n_valid != NULL && g_variant_is_of_type (n_valid,
                                                                       G_VARIANT_TYPE_UINT32)
                                ? g_variant_get_uint32 (n_valid) : NAN);
  overall = result_member (engine, "overall");
  compare_dict (exercise, NULL, proprio_json_member_object (results, "overall"), overall,
                jps ? jps_keys : cop_matching_keys,
                jps ? G_N_ELEMENTS (jps_keys) : G_N_ELEMENTS (cop_matching_keys));
}
