/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-exercise.h"

G_BEGIN_DECLS

/* ProprioCopExercise: the base of the balance engines (static test, weight shift, limits of
 * stability). It consumes the BALANCE stream and hands its subclasses the centre of pressure.
 *
 * A sample carries a CoP when it has PROPRIO_SAMPLE_HAS_COP; one that claims a CoP but has too
 * few channels or a non-finite CoP is invalid (counted, never fed). A sample without CoP is fed
 * with has_cop FALSE: nobody, or too little load, on the board. A stream without CoP for longer
 * than PROPRIO_EXERCISE_STEP_OFF_US while a trial runs is the patient stepping off the board
 * (proprio_cop_exercise_is_off_board ()); what follows is each engine's choice. */

#define PROPRIO_TYPE_COP_EXERCISE (proprio_cop_exercise_get_type ())
G_DECLARE_DERIVABLE_TYPE (ProprioCopExercise, proprio_cop_exercise,
                          PROPRIO, COP_EXERCISE, ProprioExercise)

struct _ProprioCopExerciseClass
{
  ProprioExerciseClass parent_class;

  /* One valid, time-ordered balance sample; has_cop FALSE means nobody (or nothing valid) on the
   * board, and x_mm, y_mm are then NAN. */
  void (*feed_cop) (ProprioCopExercise *self,
                    gint64              t_us,
                    gboolean            has_cop,
                    double              x_mm,
                    double              y_mm);

  gpointer padding[4];
};

/* TRUE when at `t_us` the last CoP (at `last_cop_us`) is more than the step-off limit plus
 * `grace_us` old: the patient left the board. Ticks pass a grace, so that samples still in
 * transit from the reader thread can arrive first. */
gboolean proprio_cop_exercise_is_off_board (gint64 t_us,
                                            gint64 last_cop_us,
                                            gint64 grace_us);

G_END_DECLS
