/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session read back for review, headless (and leak-checked under ASan): the streams as
 * samples, the span to replay, the static test and the activation drill recomputed from the raw
 * recordings equal to what was stored, a recording changed after the fact reported as differing,
 * a missing recording said in words, and an unknown session an error. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "proprio-test-report.h"
#include "report/proprio-review.h"

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
#undef ADD
  return g_test_run ();
}
