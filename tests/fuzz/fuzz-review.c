/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-review"

#include <glib.h>
#include <math.h>
#include <stdint.h>

#include "report/proprio-review-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define N_SAMPLES 1200   /* 12 s at 100 Hz */
#define T0_US     1000000

/* The same recording for every input: a board with someone swaying and leaning, and a joint
 * angle moving between 40° and 95°. */
static void
fill_streams (ProprioReviewStream *balance,
              ProprioReviewStream *angle)
{
  balance->kind = PROPRIO_STREAM_BALANCE;
  balance->n_channels = PROPRIO_BALANCE_N_CHANNELS;
  angle->kind = PROPRIO_STREAM_ANGLE;
  angle->n_channels = 1;
  for (ProprioReviewStream *s = balance; s != NULL; s = s == balance ? angle : NULL)
    {
      s->n_samples = N_SAMPLES;
      s->t_us = g_new (gint64, N_SAMPLES);
      s->flags = g_new0 (guint32, N_SAMPLES);
      s->values = g_new0 (double, (gsize) N_SAMPLES * s->n_channels);
    }
  for (guint k = 0; k < N_SAMPLES; k++)
    {
      double t = k / 100.0;
      double *v = balance->values + (gsize) k * PROPRIO_BALANCE_N_CHANNELS;

      balance->t_us[k] = angle->t_us[k] = T0_US + (gint64) k * 10000;
      /* A second off the board in the middle. */
      if (k >= 600 && k < 700)
        {
          v[PROPRIO_BALANCE_CHANNEL_COP_X] = v[PROPRIO_BALANCE_CHANNEL_COP_Y] = NAN;
          v[PROPRIO_BALANCE_CHANNEL_TOTAL] = 1.0;
        }
      else
        {
          balance->flags[k] = PROPRIO_SAMPLE_HAS_COP;
          for (guint c = 0; c < 4; c++)
            v[c] = 17.5;
          v[PROPRIO_BALANCE_CHANNEL_TOTAL] = 70.0;
          v[PROPRIO_BALANCE_CHANNEL_COP_X] = 80.0 * sin (2 * G_PI * 0.1 * t);
          v[PROPRIO_BALANCE_CHANNEL_COP_Y] = 60.0 * sin (2 * G_PI * 0.07 * t) + 2.0 * cos (t);
        }
      angle->values[k] = 67.5 + 27.5 * sin (2 * G_PI * 0.08 * t);
    }
}

/* Any bytes as a stored result (settings and results) of each exercise the review recomputes,
 * with recorded events at the times the stored trials name: the engines take the settings they
 * accept and refuse the rest, and every figure is recomputed or said not to be, without a crash,
 * a hang or a warning. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const ids[] = {
    "weight-shift", "los-test", "jps-protocol", "cop-matching", "static-test", "activation-drill",
    "something-new",
  };
  static const char *const kinds[] = { "target-hit", "target-missed", "resume", "cue" };
  g_autofree char *text = g_strndup ((const char *) data, size);
  ProprioReviewStream balance = { 0 }, angle = { 0 };
  ProprioReview review = { 0 };

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  fill_streams (&balance, &angle);
  review.streams = g_ptr_array_new ();
  g_ptr_array_add (review.streams, &balance);
  g_ptr_array_add (review.streams, &angle);
  review.events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ProprioStoredExercise stored = {
        .exercise_id = (char *) ids[i], .title = (char *) ids[i], .outcome = (char *) "done",
        .start_us = T0_US, .end_us = T0_US + 11 * G_USEC_PER_SEC, .settings_json = text,
        .result_json = text,
      };
      ProprioReviewExercise exercise = { &stored };

      /* Events of this exercise every 0.37 s, each kind in turn (the bytes choose the phase). */
      g_ptr_array_set_size (review.events, 0);
      for (guint k = 0; k < 30; k++)
        g_ptr_array_add (review.events,
                         proprio_event_new (T0_US + (gint64) k * 370000 + (size > 0 ? data[0] : 0),
                                            kinds[k % G_N_ELEMENTS (kinds)], ids[i]));
      exercise.figures = g_ptr_array_new_with_free_func (_proprio_review_figure_free);
      _proprio_review_recompute (&review, &exercise);
      g_assert (exercise.note != NULL && g_utf8_validate (exercise.note, -1, NULL));
      g_assert (exercise.check != PROPRIO_REVIEW_AGREES || exercise.figures->len > 0);
      for (guint f = 0; f < exercise.figures->len; f++)
        g_assert (((ProprioReviewFigure *) exercise.figures->pdata[f])->label != NULL);
      g_ptr_array_unref (exercise.figures);
      g_free (exercise.note);
    }

  g_ptr_array_unref (review.events);
  g_ptr_array_unref (review.streams);
  for (ProprioReviewStream *s = &balance; s != NULL; s = s == &balance ? &angle : NULL)
    {
      g_free (s->t_us);
      g_free (s->flags);
      g_free (s->values);
    }
  return 0;
}
