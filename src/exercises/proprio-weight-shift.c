/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-weight-shift"

#include "config.h"

#include "proprio-weight-shift-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* How long after a deadline a tick may act on it (samples may still be in transit). */
#define TICK_GRACE_US G_GINT64_CONSTANT (250000)

G_DEFINE_FINAL_TYPE (ProprioWeightShift, proprio_weight_shift, PROPRIO_TYPE_COP_EXERCISE)

static guint
sequence_length (ProprioWeightShift *self)
{
  return self->run_targets->len * self->run.repetitions;
}

static void
update_countdown (ProprioWeightShift *self,
                  gint64              t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  int left = proprio_exercise_seconds_left (t_us, self->run_start_us);

  /* Only ever count down: a late sample must not show an earlier second again. */
  if (left <= 0 || (self->shown_seconds >= 0 && left >= self->shown_seconds))
    return;
  self->shown_seconds = left;
  proprio_exercise_take_prompt (exercise, g_strdup_printf (_("Get ready… %d"), left));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_COUNTDOWN,
                               MAX (self->run_start_us - self->run.countdown_us,
                                    self->run_start_us - (gint64) left * G_USEC_PER_SEC));
}

static void
begin_countdown (ProprioWeightShift *self,
                 gint64              t_us)
{
  self->run_start_us = t_us + self->run.countdown_us;
  self->shown_seconds = -1;
  proprio_exercise_set_phase (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  update_countdown (self, t_us);
}

static void
present (ProprioWeightShift *self,
         gint64              t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  guint index = self->seq_pos % self->run_targets->len;

  /* A new round over the list starts with clean targets. */
  if (index == 0)
    for (guint i = 0; i < self->run_targets->len; i++)
      {
        proprio_weight_shift_target_at (self, i)->state = PROPRIO_TARGET_IDLE;
        proprio_weight_shift_target_at (self, i)->progress = 0.0;
      }

  self->current = (int) index;
  proprio_weight_shift_target_at (self, index)->state = PROPRIO_TARGET_ACTIVE;
  proprio_weight_shift_target_at (self, index)->progress = 0.0;
  self->presented_us = t_us;
  self->deadline_us = t_us + self->run.timeout_us;
  self->dwelling = FALSE;
  self->path_mm = 0.0;
  self->path_at_entry_mm = 0.0;

  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_set_prompt (exercise, _("Move to the target"));
  proprio_exercise_mark_changed (exercise);
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_CUE, t_us);
}

static void
end_presentation (ProprioWeightShift *self,
                  gboolean            hit,
                  gint64              t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  ProprioWeightShiftTrial trial = { 0, };
  ProprioTarget *target = proprio_weight_shift_target_at (self, (guint) self->current);

  trial.target_index = (guint) self->current;
  trial.target_x_mm = target->x_mm;
  trial.target_y_mm = target->y_mm;
  trial.target_radius_mm = target->radius_mm;
  trial.presented_us = self->presented_us;
  if (hit)
    {
      double dwell_s = (double) self->run.dwell_us / G_USEC_PER_SEC;
      double timeout_s = (double) self->run.timeout_us / G_USEC_PER_SEC;
      double late;

      trial.outcome = PROPRIO_TARGET_HIT;
      trial.time_to_target_s = (double) (self->entry_us - self->presented_us) / G_USEC_PER_SEC;
      trial.time_to_hit_s = (double) (t_us - self->presented_us) / G_USEC_PER_SEC;
      trial.path_length_mm = self->path_at_entry_mm;
      late = (trial.time_to_hit_s - dwell_s) / (timeout_s - dwell_s);
      trial.score = 100.0 - 50.0 * CLAMP (late, 0.0, 1.0);
    }
  else
    {
      trial.outcome = PROPRIO_TARGET_MISSED;
      trial.time_to_target_s = NAN;
      trial.time_to_hit_s = NAN;
      trial.path_length_mm = self->path_mm;
      trial.score = 0.0;
    }
  g_array_append_val (self->trials, trial);

  target->state = trial.outcome;
  target->progress = hit ? 1.0 : 0.0;
  proprio_exercise_emit_event (exercise,
                               hit ? PROPRIO_EXERCISE_EVENT_TARGET_HIT
                                   : PROPRIO_EXERCISE_EVENT_TARGET_MISSED,
                               t_us);
  proprio_exercise_mark_changed (exercise);

  self->current = -1;
  self->seq_pos++;
  if (self->seq_pos >= sequence_length (self))
    proprio_exercise_finish (exercise, t_us);
  else
    present (self, t_us);
}

static void
reset_dwell (ProprioWeightShift *self)
{
  ProprioTarget *target = proprio_weight_shift_target_at (self, (guint) self->current);

  if (!self->dwelling)
    return;
  self->dwelling = FALSE;
  target->state = PROPRIO_TARGET_ACTIVE;
  target->progress = 0.0;
  proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
}

/* The patient left the board: the presentation is abandoned and shown again on return. */
static void
step_off (ProprioWeightShift *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  if (self->current >= 0)
    {
      proprio_weight_shift_target_at (self, (guint) self->current)->state = PROPRIO_TARGET_IDLE;
      proprio_weight_shift_target_at (self, (guint) self->current)->progress = 0.0;
    }
  self->current = -1;
  self->have_prev = FALSE;
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STEP_OFF, self->last_cop_us);
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_WAITING);
  proprio_exercise_set_prompt (exercise, _("Step back onto the board"));
  proprio_exercise_set_message (exercise,
                                _("The patient stepped off the board (or the board stopped sending "
                                  "data). The current target starts again when they are back."));
  proprio_exercise_mark_changed (exercise);
}

static void
running_sample (ProprioWeightShift *self,
                gint64              t_us,
                gboolean            has_cop,
                double              x,
                double              y)
{
  ProprioTarget *target = proprio_weight_shift_target_at (self, (guint) self->current);

  if (!has_cop)
    {
      reset_dwell (self);
      if (proprio_cop_exercise_is_off_board (t_us, self->last_cop_us, 0))
        step_off (self);
      return;
    }

  self->last_cop_us = t_us;
  if (self->have_prev)
    self->path_mm += hypot (x - self->prev_x, y - self->prev_y);
  self->have_prev = TRUE;
  self->prev_x = x;
  self->prev_y = y;

  if (hypot (x - target->x_mm, y - target->y_mm) > target->radius_mm)
    {
      reset_dwell (self);
      return;
    }

  if (!self->dwelling)
    {
      self->dwelling = TRUE;
      self->entry_us = t_us;
      self->path_at_entry_mm = self->path_mm;
      target->state = PROPRIO_TARGET_DWELLING;
    }

  if (t_us - self->entry_us >= self->run.dwell_us)
    end_presentation (self, TRUE, t_us);
  else
    {
      target->progress = (double) (t_us - self->entry_us) / (double) self->run.dwell_us;
      proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
    }
}

static void
proprio_weight_shift_feed (ProprioCopExercise *cop_exercise,
                           gint64              t_us,
                           gboolean            has_cop,
                           double              x_mm,
                           double              y_mm)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (cop_exercise);
  ProprioExercise *exercise = PROPRIO_EXERCISE (cop_exercise);

  for (;;)
    switch (proprio_exercise_get_phase (exercise))
      {
      case PROPRIO_EXERCISE_PHASE_WAITING:
        if (!has_cop)
          return;
        begin_countdown (self, t_us);
        continue;

      case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
        if (has_cop)
          {
            self->last_cop_us = t_us;
            self->have_prev = TRUE;
            self->prev_x = x_mm;
            self->prev_y = y_mm;
          }
        else if (proprio_cop_exercise_is_off_board (t_us, self->last_cop_us, 0))
          {
            proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_WAITING);
            proprio_exercise_set_prompt (exercise, _("Step onto the board"));
            return;
          }
        if (t_us < self->run_start_us)
          {
            update_countdown (self, t_us);
            return;
          }
        present (self, self->run_start_us);
        continue;

      case PROPRIO_EXERCISE_PHASE_RUNNING:
        /* A sample past the deadline belongs to the next presentation, which began then. */
        if (t_us > self->deadline_us)
          {
            end_presentation (self, FALSE, self->deadline_us);
            continue;
          }
        running_sample (self, t_us, has_cop, x_mm, y_mm);
        return;

      case PROPRIO_EXERCISE_PHASE_IDLE:
      case PROPRIO_EXERCISE_PHASE_PAUSED:
      case PROPRIO_EXERCISE_PHASE_DONE:
      case PROPRIO_EXERCISE_PHASE_CANCELLED:
      default:
        return;
      }
}

static void
proprio_weight_shift_tick (ProprioExercise *exercise,
                           gint64           now_us)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);

  if (proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_COUNTDOWN)
    {
      if (proprio_cop_exercise_is_off_board (now_us, self->last_cop_us, TICK_GRACE_US))
        {
          proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_WAITING);
          proprio_exercise_set_prompt (exercise, _("Step onto the board"));
        }
      else if (now_us >= self->run_start_us)
        present (self, self->run_start_us);
      else
        update_countdown (self, now_us);
    }

  while (proprio_exercise_get_phase (exercise) == PROPRIO_EXERCISE_PHASE_RUNNING)
    {
      if (proprio_cop_exercise_is_off_board (now_us, self->last_cop_us, TICK_GRACE_US))
        step_off (self);
      else if (now_us > self->deadline_us + TICK_GRACE_US)
        end_presentation (self, FALSE, self->deadline_us);
      else
        break;
    }
}

static void
proprio_weight_shift_start (ProprioExercise *exercise)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);

  /* The run works on copies: the therapist may edit the layout for the next run meanwhile, and
   * the last run's trials and targets stay as they were until this start. */
  self->run = self->config;
  g_array_set_size (self->run_targets, 0);
  g_array_append_vals (self->run_targets, self->targets->data, self->targets->len);
  self->show_run_targets = TRUE;
  g_array_set_size (self->trials, 0);
  self->seq_pos = 0;
  self->current = -1;
  self->have_prev = FALSE;
  self->last_cop_us = G_MININT64 / 2;
  for (guint i = 0; i < self->run_targets->len; i++)
    {
      proprio_weight_shift_target_at (self, i)->state = PROPRIO_TARGET_IDLE;
      proprio_weight_shift_target_at (self, i)->progress = 0.0;
    }

  if (self->run_targets->len == 0)
    {
      proprio_exercise_set_message (exercise, _("Place at least one target before starting"));
      proprio_exercise_finish (exercise, 0);
    }
}

static void
proprio_weight_shift_stop (ProprioExercise *exercise)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);

  /* The presentation in progress is not scored. */
  if (self->current >= 0)
    {
      proprio_weight_shift_target_at (self, (guint) self->current)->state = PROPRIO_TARGET_IDLE;
      proprio_weight_shift_target_at (self, (guint) self->current)->progress = 0.0;
    }
  self->current = -1;
}

static const ProprioTarget *
proprio_weight_shift_get_targets (ProprioExercise *exercise,
                                  guint           *n_targets)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);
  GArray *shown = self->show_run_targets ? self->run_targets : self->targets;

  *n_targets = shown->len;
  return (const ProprioTarget *) (gpointer) shown->data;
}

static double
proprio_weight_shift_get_time_left (ProprioExercise *exercise,
                                    gint64           now_us)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (exercise);

  switch (proprio_exercise_get_phase (exercise))
    {
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
      return proprio_exercise_time_until (now_us, self->run_start_us);
    case PROPRIO_EXERCISE_PHASE_RUNNING:
      return proprio_exercise_time_until (now_us, self->deadline_us);
    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    case PROPRIO_EXERCISE_PHASE_DONE:
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
    default:
      return -1.0;
    }
}

double
proprio_weight_shift_get_dwell_progress (ProprioWeightShift *self)
{
  g_return_val_if_fail (PROPRIO_IS_WEIGHT_SHIFT (self), 0.0);

  if (self->current < 0 || !self->dwelling ||
      proprio_exercise_get_phase (PROPRIO_EXERCISE (self)) != PROPRIO_EXERCISE_PHASE_RUNNING)
    return 0.0;
  return CLAMP (proprio_weight_shift_target_at (self, (guint) self->current)->progress, 0.0, 1.0);
}

static void
proprio_weight_shift_finalize (GObject *object)
{
  ProprioWeightShift *self = PROPRIO_WEIGHT_SHIFT (object);

  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_pointer (&self->run_targets, g_array_unref);
  g_clear_pointer (&self->trials, g_array_unref);

  G_OBJECT_CLASS (proprio_weight_shift_parent_class)->finalize (object);
}

static void
proprio_weight_shift_class_init (ProprioWeightShiftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);
  ProprioCopExerciseClass *cop_class = PROPRIO_COP_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_weight_shift_finalize;

  exercise_class->id = "weight-shift";
  exercise_class->title = N_("Weight shift");
  exercise_class->start = proprio_weight_shift_start;
  exercise_class->stop = proprio_weight_shift_stop;
  exercise_class->tick = proprio_weight_shift_tick;
  exercise_class->get_targets = proprio_weight_shift_get_targets;
  exercise_class->get_time_left = proprio_weight_shift_get_time_left;
  exercise_class->get_settings = proprio_weight_shift_get_settings;
  exercise_class->apply_settings = proprio_weight_shift_apply_settings;
  exercise_class->get_results = proprio_weight_shift_get_results;
  cop_class->feed_cop = proprio_weight_shift_feed;
}

static void
proprio_weight_shift_init (ProprioWeightShift *self)
{
  self->targets = g_array_new (FALSE, TRUE, sizeof (ProprioTarget));
  self->run_targets = g_array_new (FALSE, TRUE, sizeof (ProprioTarget));
  self->trials = g_array_new (FALSE, TRUE, sizeof (ProprioWeightShiftTrial));
  self->config.preset = PROPRIO_WEIGHT_SHIFT_LEFT_RIGHT;
  self->config.distance_mm = 80.0;
  self->config.los_percent = 75.0;
  self->config.random_count = 8;
  self->config.random_seed = 1;
  self->config.radius_mm = 20.0;
  self->config.dwell_us = G_USEC_PER_SEC;
  self->config.timeout_us = 10 * G_USEC_PER_SEC;
  self->config.countdown_us = 3 * G_USEC_PER_SEC;
  self->config.repetitions = 1;
  self->config.board_width_mm = 433.0;
  self->config.board_length_mm = 238.0;
  self->current = -1;
  proprio_weight_shift_regenerate (self);
  self->run = self->config;
}

ProprioWeightShift *
proprio_weight_shift_new (void)
{
  return g_object_new (PROPRIO_TYPE_WEIGHT_SHIFT, NULL);
}

