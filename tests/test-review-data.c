/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session read back for review, headless (and leak-checked under ASan): the streams as
 * samples, the span to replay, the static test and the activation drill recomputed from the raw
 * recordings equal to what was stored, a recording changed after the fact reported as differing,
 * a missing recording said in words, and an unknown session an error. Weight shift, limits of
 * stability, CoP and joint-position matching run by their engines on a scripted patient, then
 * recomputed by the review to the same figures, and reported as differing once the recording is
 * altered. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-jps-protocol.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-weight-shift.h"
#include "proprio-test-report.h"
#include "report/proprio-review.h"
#include "store/proprio-stream-file.h"

static ProprioReviewExercise *
find_exercise (ProprioReview *review,
               const char    *id)
{
  for (guint i = 0; i < review->exercises->len; i++)
    {
      ProprioReviewExercise *exercise = review->exercises->pdata[i];

      if (g_str_equal (exercise->stored->exercise_id, id))
        return exercise;
    }
  g_assert_not_reached ();
}

static void
test_load (ProprioReportFixture *fx,
           gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioReview) review = proprio_review_load (fx->store, fx->sessions[1], &error);
  ProprioReviewStream *balance, *emg;
  ProprioReviewExercise *st, *drill, *ws;

  g_assert_no_error (error);
  g_assert_nonnull (review);
  balance = proprio_review_find_stream (review, PROPRIO_STREAM_BALANCE);
  emg = proprio_review_find_stream (review, PROPRIO_STREAM_EMG);
  g_assert_nonnull (balance);
  g_assert_nonnull (emg);
  g_assert_null (proprio_review_find_stream (review, PROPRIO_STREAM_ANGLE));
  g_assert_cmpuint (balance->n_samples, ==, fx->n_balance_rows);
  g_assert_cmpuint (balance->n_channels, ==, 7);
  g_assert_cmpuint (emg->n_channels, ==, 4);
  /* Kept compact, read back as samples: a CoP sample has every value and HAS_COP. */
  {
    ProprioSample s;

    proprio_review_stream_get_sample (balance, 10, &s);
    g_assert_cmpint (s.t_us, ==, balance->t_us[10]);
    g_assert_cmpuint (s.n_channels, ==, 7);
    g_assert_cmpuint (s.flags & PROPRIO_SAMPLE_HAS_COP, !=, 0);
    g_assert_cmpfloat (s.values[4], ==, 74.0);
    g_assert_cmpfloat (s.values[5], ==, balance->values[10 * 7 + 5]);
  }
  g_assert_null (balance->problem);
  g_assert_cmpstr (balance->labels[5], ==, "CoP x");
  g_assert_cmpstr (emg->labels[2], ==, "Ch 1 envelope");
  g_assert_cmpint (review->start_us, ==, review->session->start_us);
  g_assert_cmpint (review->end_us, ==, review->session->end_us);
  g_assert_null (review->video);
  g_assert_null (review->video_problem);

  /* upper_bound: the first sample after a time. */
  {
    gint64 t0 = balance->t_us[0];

    g_assert_cmpuint (proprio_review_upper_bound (balance, t0 - 1), ==, 0);
    g_assert_cmpuint (proprio_review_upper_bound (balance, t0), ==, 1);
    g_assert_cmpuint (proprio_review_upper_bound (balance, t0 + 10000), ==, 2);
    g_assert_cmpuint (proprio_review_upper_bound (balance, G_MAXINT64), ==,
                      balance->n_samples);
  }

  st = find_exercise (review, "static-test");
  drill = find_exercise (review, "activation-drill");
  ws = find_exercise (review, "weight-shift");
  g_assert_cmpint (st->check, ==, PROPRIO_REVIEW_AGREES);
  g_assert_cmpint (drill->check, ==, PROPRIO_REVIEW_AGREES);
  /* The weight shift of this fixture has no balance recording under it. */
  g_assert_cmpint (ws->check, ==, PROPRIO_REVIEW_MISSING_DATA);
  g_assert_nonnull (strstr (ws->note, "no balance recording covers"));
  g_assert_nonnull (strstr (st->note, "every figure agrees"));
  /* The report's own figure, formatted as it formats it, is the stored and recomputed one. */
  {
    const ProprioReviewFigure *path = st->figures->pdata[0];
    g_autofree char *text = g_strdup_printf ("%.1f", path->recomputed);

    g_assert_cmpstr (text, ==, fx->eo_path_mm);
    g_assert_cmpfloat (path->stored, ==, path->recomputed);
  }
}

/* A recording that no longer gives the stored figures (one CoP sample of the eyes-open condition
 * moved by 5 mm after the fact) is reported as differing, condition by condition; the agreement
 * test itself is strict. */
static void
test_changed_recording_differs (ProprioReportFixture *fx,
                                gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = proprio_store_list_streams_sync (fx->store, fx->sessions[1],
                                                                  &error);
  g_autoptr(ProprioReview) review = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *joined = NULL;
  const char *path = NULL;
  ProprioReviewExercise *st;
  guint n_differ = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < streams->len; i++)
    if (g_str_equal (((ProprioStreamInfo *) streams->pdata[i])->name, "balance"))
      path = ((ProprioStreamInfo *) streams->pdata[i])->path;
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  /* Line 0 is the header; line 100 is a second into eyes open. Column 6 is cop_x_mm. */
  fields = g_strsplit (lines[100], ",", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 8);
  {
    g_autofree char *moved = g_strdup_printf ("%.17g", g_ascii_strtod (fields[6], NULL) + 5.0);

    g_free (fields[6]);
    fields[6] = g_steal_pointer (&moved);
  }
  g_free (lines[100]);
  lines[100] = g_strjoinv (",", fields);
  joined = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (path, joined, -1, &error));

  review = proprio_review_load (fx->store, fx->sessions[1], &error);
  g_assert_no_error (error);
  st = find_exercise (review, "static-test");
  g_assert_cmpint (st->check, ==, PROPRIO_REVIEW_DISAGREES);
  g_assert_nonnull (strstr (st->note, "differ"));
  for (guint i = 0; i < st->figures->len; i++)
    {
      const ProprioReviewFigure *figure = st->figures->pdata[i];

      /* Eyes open (the first four) moved; eyes closed did not. */
      g_assert_cmpint (figure->agrees, ==, i >= 4);
      if (!figure->agrees)
        n_differ++;
    }
  g_assert_cmpuint (n_differ, ==, 4);
  /* The drill's recording was not touched. */
  g_assert_cmpint (find_exercise (review, "activation-drill")->check, ==, PROPRIO_REVIEW_AGREES);

  g_assert_false (proprio_review_figures_agree (100.0 * (1 + 1e-6), 100.0));
  g_assert_true (proprio_review_figures_agree (100.0 * (1 + 1e-12), 100.0));
  g_assert_true (proprio_review_figures_agree (NAN, NAN));
  g_assert_false (proprio_review_figures_agree (NAN, 1.0));
  g_assert_false (proprio_review_figures_agree (0.0, 1e-300));
}

static void
test_missing_and_unknown (ProprioReportFixture *fx,
                          gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioReview) review = proprio_review_load (fx->store, fx->sessions[2], &error);
  ProprioReviewStream *emg;
  ProprioReview *none;

  g_assert_no_error (error);
  g_assert_cmpuint (review->streams->len, ==, 1);
  emg = review->streams->pdata[0];
  g_assert_cmpuint (emg->n_samples, ==, 0);
  g_assert_nonnull (strstr (emg->problem, "missing"));
  g_assert_null (proprio_review_find_stream (review, PROPRIO_STREAM_EMG));
  g_assert_cmpuint (review->exercises->len, ==, 0);
  g_assert_cmpint (review->end_us, >, review->start_us);

  none = proprio_review_load (fx->store, "no-such-session", &error);
  g_assert_null (none);
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
}

/* --- the engines that follow a stream, on a scripted patient --- */

#define PERIOD_US 10000   /* 100 Hz, board and goniometer alike */

typedef struct
{
  ProprioReportFixture *fx;
  ProprioSession       *session;
  ProprioStreamFile    *balance, *angle;
  GPtrArray            *events;     /* ProprioEvent, as the recording keeps them */
  gint64                t_us;       /* the next sample's time */
  double                x, y, deg;  /* where the patient is */
  guint                 n_cues;
  gint64                cue_us;
  ProprioMatchStage     stage;
  gint64                stage_us;
  guint                 n_keys;
  gboolean              off_board;  /* stepped off: no CoP */
  gboolean              record_resumes;
} Patient;

static ProprioStreamFile *
open_stream (Patient                  *p,
             const char               *name,
             ProprioStreamKind         kind,
             const ProprioChannelInfo *channels,
             guint                     n_channels)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (p->session->folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n_channels);
  g_autofree char *json = proprio_store_channels_to_json (channels, n_channels);
  ProprioStreamInfo info = { (char *) name, kind, NULL, 100.0, json, (char *) "sim:test" };
  g_autoptr(GError) error = NULL;
  ProprioStreamFile *sf = proprio_stream_file_create (path, header, &error);

  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (p->fx->store, p->session->id, &info, &error));
  g_assert_no_error (error);
  return sf;
}

static void
event_cb (ProprioExercise      *engine,
          ProprioExerciseEvent  event,
          gint64                t_us,
          Patient              *p)
{
  GEnumClass *klass = g_type_class_ref (PROPRIO_TYPE_EXERCISE_EVENT);
  GEnumValue *value = g_enum_get_value (klass, event);

  g_ptr_array_add (p->events, proprio_event_new (t_us, value->value_nick,
                                                 proprio_exercise_get_id (engine)));
  g_type_class_unref (klass);
  if (event == PROPRIO_EXERCISE_EVENT_CUE)
    {
      p->n_cues++;
      p->cue_us = t_us;
    }
}

/* One sample of the patient moving toward (gx, gy) or gdeg with a reaction lag (τ 0.25 s) and a
 * little sway, written to its stream and fed to the engine. */
static void
step (Patient         *p,
      ProprioExercise *engine,
      gboolean         board,
      double           goal_a,
      double           goal_b)
{
  g_autoptr(GString) line = g_string_new (NULL);
  ProprioSample s = { 0 };
  double t = p->t_us / 1e6, k = PERIOD_US / 250000.0;

  s.t_us = p->t_us;
  if (board)
    {
      p->x += k * (goal_a - p->x);
      p->y += k * (goal_b - p->y);
      s.flags = p->off_board ? 0 : PROPRIO_SAMPLE_HAS_COP;
      s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
      for (guint c = 0; c < 4; c++)
        s.values[c] = p->off_board ? 0.3 : 17.5;
      s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = p->off_board ? 1.2 : 70.0;
      s.values[PROPRIO_BALANCE_CHANNEL_COP_X] =
        p->off_board ? NAN : p->x + 1.5 * sin (2 * G_PI * 0.4 * t);
      s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] =
        p->off_board ? NAN : p->y + 1.0 * cos (2 * G_PI * 0.3 * t);
      proprio_stream_file_format_sample (line, &s, s.n_channels);
      proprio_stream_file_append_line (p->balance, line->str, line->len);
    }
  else
    {
      p->deg += k * (goal_a - p->deg);
      s.n_channels = 1;
      s.values[0] = p->deg + 0.3 * sin (2 * G_PI * 0.5 * t);
      proprio_stream_file_format_sample (line, &s, 1);
      proprio_stream_file_append_line (p->angle, line->str, line->len);
    }
  proprio_exercise_feed (engine, &s);
  p->t_us += PERIOD_US;
}

static void
store_run (Patient         *p,
           ProprioExercise *engine)
{
  g_autoptr(ProprioExerciseResult) result = proprio_exercise_dup_result (engine);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (proprio_exercise_get_phase (engine), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_true (proprio_store_add_exercise_sync (p->fx->store, p->session->id, result, &error));
  g_assert_no_error (error);
}

static void
run_weight_shift (Patient *p)
{
  g_autoptr(ProprioWeightShift) ws = proprio_weight_shift_new ();
  ProprioExercise *engine = PROPRIO_EXERCISE (ws);

  proprio_weight_shift_set_preset (ws, PROPRIO_WEIGHT_SHIFT_LEFT_RIGHT);
  proprio_weight_shift_set_distance (ws, 80.0);
  proprio_weight_shift_set_target_radius (ws, 20.0);
  proprio_weight_shift_set_dwell (ws, 1.0);
  proprio_weight_shift_set_timeout (ws, 4.0);
  proprio_weight_shift_set_countdown (ws, 1.0);
  proprio_weight_shift_set_repetitions (ws, 2);
  /* Scaled to the patient's limits of stability: settings that only a run with limits has. */
  {
    ProprioLimits limits = { 2.0, 5.0, { 110, 100, 95, 90, 85, 90, 100, 105 } };

    proprio_weight_shift_set_limits (ws, &limits);
    g_assert_true (proprio_weight_shift_has_limits (ws));
  }
  g_signal_connect (ws, "event", G_CALLBACK (event_cb), p);
  proprio_exercise_start (engine);
  for (guint k = 0; k < 6000 && proprio_exercise_is_active (engine); k++)
    {
      int current = proprio_weight_shift_get_current_target (ws);
      guint n = 0;
      const ProprioTarget *targets = proprio_exercise_get_targets (engine, &n);

      /* The third presentation: the patient does not manage it (a miss). */
      if (current >= 0 && (guint) current < n && p->n_cues != 3)
        step (p, engine, TRUE, targets[current].x_mm, targets[current].y_mm);
      else
        step (p, engine, TRUE, 0.0, 0.0);
    }
  store_run (p, engine);
  g_assert_cmpuint (proprio_weight_shift_get_n_trials (ws), ==, 4);
}

static void
run_los (Patient *p)
{
  const ProprioDirection directions[] = { PROPRIO_DIRECTION_FORWARD, PROPRIO_DIRECTION_RIGHT,
                                          PROPRIO_DIRECTION_BACKWARD_LEFT };
  g_autoptr(ProprioLosTest) los = proprio_los_test_new ();
  ProprioExercise *engine = PROPRIO_EXERCISE (los);

  proprio_los_test_set_directions (los, directions, G_N_ELEMENTS (directions));
  proprio_los_test_set_hold (los, 1.0);
  proprio_los_test_set_trial_duration (los, 3.0);
  g_signal_connect (los, "event", G_CALLBACK (event_cb), p);
  p->n_cues = 0;
  p->stage_us = 0;
  proprio_exercise_start (engine);
  for (guint k = 0; k < 6000 && proprio_exercise_is_active (engine); k++)
    {
      int current = proprio_los_test_get_current (los);
      double ux = 0, uy = 0;

      /* Steps off the board 1 s into the second direction; the therapist goes on 2 s later, as
       * the recording notes it: at the latest sample the run took. */
      p->off_board = p->n_cues == 2 && p->t_us - p->cue_us >= G_USEC_PER_SEC &&
                     proprio_exercise_get_phase (engine) != PROPRIO_EXERCISE_PHASE_COUNTDOWN &&
                     (proprio_exercise_get_phase (engine) != PROPRIO_EXERCISE_PHASE_PAUSED ||
                      p->t_us - p->stage_us < 2 * G_USEC_PER_SEC);
      if (proprio_exercise_get_phase (engine) == PROPRIO_EXERCISE_PHASE_PAUSED)
        {
          if (p->stage_us == 0)
            p->stage_us = p->t_us;
          if (p->t_us - p->stage_us >= 3 * G_USEC_PER_SEC)
            {
              g_assert_true (proprio_exercise_proceed (engine));
              if (p->record_resumes)
                g_ptr_array_add (p->events,
                                 proprio_event_new (proprio_exercise_get_last_sample_us (engine),
                                                    "resume", "los-test"));
              p->stage_us = 0;
              p->n_cues++;   /* the same direction again: no more stepping off */
            }
        }

      /* Leans 0.4 s after the cue, to 70 mm, and back for the next hold. */
      if (current >= 0 && proprio_exercise_get_phase (engine) == PROPRIO_EXERCISE_PHASE_RUNNING &&
          p->t_us - p->cue_us > 400000)
        proprio_direction_get_unit (current, &ux, &uy);
      step (p, engine, TRUE, 70.0 * ux, 70.0 * uy);
    }
  store_run (p, engine);
  {
    guint n_off = 0;

    for (guint i = 0; i < p->events->len; i++)
      n_off += g_str_equal (((ProprioEvent *) p->events->pdata[i])->kind, "step-off");
    g_assert_cmpuint (n_off, ==, 1);
  }
}

/* Where the matching patient goes: to the target while memorising, to the start on the way
 * back, and near the target (off by `bias`) to reproduce it. The therapist's key registers a
 * reproduction after 1.5 s, and ends the second memorising early. */
static void
match_goal (Patient              *p,
            ProprioMatchExercise *match,
            double               *goal,
            double                bias)
{
  ProprioMatchDisplay d;

  proprio_match_exercise_get_display (match, &d);
  if (d.stage != p->stage)
    {
      p->stage = d.stage;
      p->stage_us = p->t_us;
    }
  goal[0] = d.start[0];
  goal[1] = d.start[1];
  if (d.stage == PROPRIO_MATCH_STAGE_MEMORISE || d.stage == PROPRIO_MATCH_STAGE_REPRODUCE ||
      d.stage == PROPRIO_MATCH_STAGE_RESULT)
    {
      goal[0] = d.target[0] + bias * (d.stage != PROPRIO_MATCH_STAGE_MEMORISE);
      goal[1] = d.target[1];
    }
}

static void
press_keys (Patient              *p,
            ProprioMatchExercise *match,
            gboolean              every_reproduction)
{
  ProprioMatchDisplay d;

  proprio_match_exercise_get_display (match, &d);
  if (d.stage != p->stage)
    return;
  if ((d.stage == PROPRIO_MATCH_STAGE_MEMORISE && d.trial == 2 &&
       p->t_us - p->stage_us >= 800000) ||
      (d.stage == PROPRIO_MATCH_STAGE_REPRODUCE && (every_reproduction || d.trial == 1) &&
       p->t_us - p->stage_us >= 1500000))
    {
      /* As the station does it: the run's clock ticks ahead of the samples delivered, so the key
       * comes at a tick 15 ms past the next sample's time, and the samples of before the key
       * still on their way reach the run after it. */
      if (every_reproduction && d.stage == PROPRIO_MATCH_STAGE_REPRODUCE)
        proprio_exercise_tick (PROPRIO_EXERCISE (match), p->t_us + 15000);
      g_assert_true (proprio_match_exercise_register (match));
      p->n_keys++;
    }
}

static void
configure_match (ProprioMatchExercise *match,
                 ProprioMatchRegister  mode)
{
  proprio_match_exercise_set_trials_per_target (match, 2);
  proprio_match_exercise_set_order (match, PROPRIO_MATCH_ORDER_RANDOM, 7);
  proprio_match_exercise_set_memorise (match, PROPRIO_MATCH_MEMORISE_TIMED, 2.0, 15.0);
  proprio_match_exercise_set_feedback (match, PROPRIO_MATCH_FEEDBACK_FADED, NULL, 0, 0);
  proprio_match_exercise_set_timing (match, 1.0, 1.0, 10.0, 1.0, 0.5);
}

static void
run_cop_matching (Patient *p)
{
  const double targets[] = { -50, 0, 50, 0 };
  g_autoptr(ProprioCopMatching) cm = proprio_cop_matching_new ();
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (cm);
  ProprioExercise *engine = PROPRIO_EXERCISE (cm);

  proprio_match_exercise_set_targets (match, targets, 2);
  configure_match (match, PROPRIO_MATCH_REGISTER_KEY);
  proprio_match_exercise_set_register (match, PROPRIO_MATCH_REGISTER_KEY, 12.0, 1.0, 20.0);
  g_signal_connect (cm, "event", G_CALLBACK (event_cb), p);
  p->n_keys = 0;
  proprio_exercise_start (engine);
  for (guint k = 0; k < 20000 && proprio_exercise_is_active (engine); k++)
    {
      double goal[2];

      match_goal (p, match, goal, 6.0);
      step (p, engine, TRUE, goal[0], goal[1]);
      press_keys (p, match, TRUE);
    }
  store_run (p, engine);
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (match), ==, 4);
  g_assert_cmpuint (p->n_keys, ==, 5);   /* four reproductions, one memorising */
}

static void
run_jps (Patient *p)
{
  const double targets[] = { 45, 60 };
  const double start = 90;
  g_autoptr(ProprioJpsProtocol) jps = proprio_jps_protocol_new ();
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (jps);
  ProprioExercise *engine = PROPRIO_EXERCISE (jps);

  proprio_match_exercise_set_targets (match, targets, 2);
  configure_match (match, PROPRIO_MATCH_REGISTER_STILL);
  proprio_match_exercise_set_register (match, PROPRIO_MATCH_REGISTER_STILL, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_start (match, &start);
  g_signal_connect (jps, "event", G_CALLBACK (event_cb), p);
  p->n_keys = 0;
  p->deg = start;
  proprio_exercise_start (engine);
  for (guint k = 0; k < 20000 && proprio_exercise_is_active (engine); k++)
    {
      double goal[2];

      match_goal (p, match, goal, 3.0);
      step (p, engine, FALSE, goal[0], 0.0);
      press_keys (p, match, FALSE);
    }
  store_run (p, engine);
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (match), ==, 4);
  g_assert_cmpuint (p->n_keys, ==, 2);   /* the first reproduction, the second memorising */
}

static char *
record_engine_session (ProprioReportFixture *fx,
                       gboolean              record_resumes)
{
  static const ProprioChannelInfo balance[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };
  static const ProprioChannelInfo angle[] = { { "angle_deg", "Angle", "deg" } };
  g_autoptr(GError) error = NULL;
  Patient p = { fx };
  char *id;

  p.record_resumes = record_resumes;
  p.session = proprio_store_begin_session_sync (fx->store, "P-07", "sim:balance", &error);
  g_assert_no_error (error);
  p.events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  p.t_us = p.session->start_us + G_USEC_PER_SEC;
  p.balance = open_stream (&p, "balance", PROPRIO_STREAM_BALANCE, balance, G_N_ELEMENTS (balance));
  run_weight_shift (&p);
  run_los (&p);
  run_cop_matching (&p);
  g_assert_true (proprio_stream_file_close (p.balance, &error));
  g_assert_no_error (error);
  proprio_stream_file_free (p.balance);
  p.angle = open_stream (&p, "angle", PROPRIO_STREAM_ANGLE, angle, 1);
  run_jps (&p);
  g_assert_true (proprio_stream_file_close (p.angle, &error));
  g_assert_no_error (error);
  proprio_stream_file_free (p.angle);
  g_assert_true (proprio_store_add_events_sync (fx->store, p.session->id, p.events, &error));
  g_assert_no_error (error);
  g_ptr_array_unref (p.events);
  id = g_strdup (p.session->id);
  proprio_session_free (p.session);
  return id;
}

static const char *const engine_ids[] = { "weight-shift", "los-test", "cop-matching",
                                          "jps-protocol" };

static void
test_engines_recomputed (ProprioReportFixture *fx,
                         gconstpointer         data)
{
  g_autofree char *id = record_engine_session (fx, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioReview) review = proprio_review_load (fx->store, id, &error);

  g_assert_no_error (error);
  for (guint e = 0; e < G_N_ELEMENTS (engine_ids); e++)
    {
      ProprioReviewExercise *exercise = find_exercise (review, engine_ids[e]);
      guint n_real = 0;

      g_test_message ("%s: %s", engine_ids[e], exercise->note);
      for (guint i = 0; i < exercise->figures->len; i++)
        {
          const ProprioReviewFigure *figure = exercise->figures->pdata[i];

          if (!figure->agrees)
            g_test_message ("  %s: stored %.17g, recomputed %.17g", figure->label,
                            figure->stored, figure->recomputed);
          if (isfinite (figure->stored) && figure->stored != 0)
            n_real++;
        }
      g_assert_cmpint (exercise->check, ==, PROPRIO_REVIEW_AGREES);
      g_assert_nonnull (strstr (exercise->note, "every figure agrees"));
      /* Figures with something in them, not a row of zeros and NaN. */
      g_assert_cmpuint (n_real, >=, 3);
    }
  /* The weight shift: 4 presentations, 3 hits. */
  {
    ProprioReviewExercise *ws = find_exercise (review, "weight-shift");

    g_assert_cmpfloat (((ProprioReviewFigure *) ws->figures->pdata[0])->recomputed, ==, 4);
    g_assert_cmpfloat (((ProprioReviewFigure *) ws->figures->pdata[1])->recomputed, ==, 3);
  }
}

/* Rewrites one column of a stream file, every row. */
static void
alter_stream (ProprioReportFixture *fx,
              const char           *session_id,
              const char           *name,
              guint                 column,
              double                scale,
              double                offset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = proprio_store_list_streams_sync (fx->store, session_id, &error);
  g_autofree char *contents = NULL, *joined = NULL;
  g_auto(GStrv) lines = NULL;
  const char *path = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < streams->len; i++)
    if (g_str_equal (((ProprioStreamInfo *) streams->pdata[i])->name, name))
      path = ((ProprioStreamInfo *) streams->pdata[i])->path;
  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[l], ",", -1);
      char *value;

      if (g_strv_length (fields) <= column)
        continue;
      value = g_strdup_printf ("%.17g", g_ascii_strtod (fields[column], NULL) * scale + offset);
      g_free (fields[column]);
      fields[column] = value;
      g_free (lines[l]);
      lines[l] = g_strjoinv (",", fields);
    }
  joined = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (path, joined, -1, &error));
}

static void
test_engines_changed_recording (ProprioReportFixture *fx,
                                gconstpointer         data)
{
  g_autofree char *id = record_engine_session (fx, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioReview) review = NULL;

  /* Every CoP 10 % further to the side, every angle 2° more. */
  alter_stream (fx, id, "balance", 6, 1.1, 0.0);
  alter_stream (fx, id, "angle", 1, 1.0, 2.0);
  review = proprio_review_load (fx->store, id, &error);
  g_assert_no_error (error);
  for (guint e = 0; e < G_N_ELEMENTS (engine_ids); e++)
    {
      ProprioReviewExercise *exercise = find_exercise (review, engine_ids[e]);

      g_test_message ("%s: %s", engine_ids[e], exercise->note);
      g_assert_cmpint (exercise->check, ==, PROPRIO_REVIEW_DISAGREES);
      g_assert_nonnull (strstr (exercise->note, "differ"));
    }
}

/* A session recorded before resumes were: the limits of stability went on after the patient
 * stepped off, and the review says it cannot tell when; the others are still recomputed. */
static void
test_engines_resume_not_recorded (ProprioReportFixture *fx,
                                  gconstpointer         data)
{
  g_autofree char *id = record_engine_session (fx, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioReview) review = proprio_review_load (fx->store, id, &error);
  ProprioReviewExercise *los;

  g_assert_no_error (error);
  los = find_exercise (review, "los-test");
  g_assert_cmpint (los->check, ==, PROPRIO_REVIEW_NOT_CHECKED);
  g_assert_nonnull (strstr (los->note, "paused"));
  g_assert_nonnull (strstr (los->note, "resumed"));
  g_assert_cmpint (find_exercise (review, "weight-shift")->check, ==, PROPRIO_REVIEW_AGREES);
  g_assert_cmpint (find_exercise (review, "cop-matching")->check, ==, PROPRIO_REVIEW_AGREES);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, ProprioReportFixture, NULL, proprio_report_fixture_set_up, func, \
              proprio_report_fixture_tear_down)
  ADD ("/review-data/load-and-recompute", test_load);
  ADD ("/review-data/changed-recording-differs", test_changed_recording_differs);
  ADD ("/review-data/missing-recording-and-unknown-session", test_missing_and_unknown);
  ADD ("/review-data/engines-recomputed", test_engines_recomputed);
  ADD ("/review-data/engines-changed-recording-differs", test_engines_changed_recording);
  ADD ("/review-data/engines-resume-not-recorded", test_engines_resume_not_recorded);
#undef ADD
  return g_test_run ();
}
