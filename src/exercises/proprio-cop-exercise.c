/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise"

#include "config.h"

#include "proprio-cop-exercise.h"

#include <math.h>

G_DEFINE_ABSTRACT_TYPE (ProprioCopExercise, proprio_cop_exercise, PROPRIO_TYPE_EXERCISE)

static gboolean
proprio_cop_exercise_feed (ProprioExercise     *exercise,
                           const ProprioSample *sample)
{
  ProprioCopExercise *self = PROPRIO_COP_EXERCISE (exercise);
  gboolean has_cop = (sample->flags & PROPRIO_SAMPLE_HAS_COP) != 0;
  double x = NAN, y = NAN;

  /* A sample that claims a CoP it does not carry is a decoding fault, not an empty board. */
  if (has_cop && !proprio_stream_sample_cop (sample, &x, &y))
    return FALSE;

  PROPRIO_COP_EXERCISE_GET_CLASS (self)->feed_cop (self, sample->t_us, has_cop, x, y);
  return TRUE;
}

static void
proprio_cop_exercise_class_init (ProprioCopExerciseClass *klass)
{
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  exercise_class->feed = proprio_cop_exercise_feed;
  exercise_class->stream_kind = PROPRIO_STREAM_BALANCE;
}

static void
proprio_cop_exercise_init (ProprioCopExercise *self)
{
}

gboolean
proprio_cop_exercise_is_off_board (gint64 t_us,
                                   gint64 last_cop_us,
                                   gint64 grace_us)
{
  return t_us - last_cop_us > PROPRIO_EXERCISE_STEP_OFF_US + grace_us;
}
