/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-los-test"

#include "config.h"

#include "proprio-los-test-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define TICK_GRACE_US     G_GINT64_CONSTANT (250000)
/* The centre is the mean CoP over this long before the cue. */
#define CENTRE_WINDOW_US  G_GINT64_CONSTANT (500000)

G_DEFINE_FINAL_TYPE (ProprioLosTest, proprio_los_test, PROPRIO_TYPE_COP_EXERCISE)

static ProprioDirection
direction_at (ProprioLosTest *self,
              guint           pos)
{
  return g_array_index (self->run_order, ProprioDirection, pos);
}

static Slot *
current_slot (ProprioLosTest *self)
{
  return &self->slots[direction_at (self, self->pos)];
}

static ProprioTarget *
current_target (ProprioLosTest *self)
{
  return &g_array_index (self->run_targets, ProprioTarget, self->pos);
}

static void
set_slot_message (Slot *slot,
                  char *message)
{
  g_free (slot->message);
  slot->message = message;
  slot->pub.message = message;
}

static void
slot_reset (Slot *slot)
{
  ProprioDirection direction = slot->pub.direction;

  set_slot_message (slot, NULL);
  g_array_set_size (slot->t_us, 0);
  g_array_set_size (slot->x_mm, 0);
  g_array_set_size (slot->y_mm, 0);
  memset (&slot->pub, 0, sizeof slot->pub);
  slot->pub.direction = direction;
  slot->pub.status = PROPRIO_LOS_STATUS_NOT_RUN;
  slot->pub.target_mm = NAN;
  slot->pub.centre_x_mm = slot->pub.centre_y_mm = NAN;
}

/* All targets around (cx, cy), the current one active, those done showing their outcome. */
static void
place_targets (ProprioLosTest *self,
               double          cx,
               double          cy)
{
  for (guint i = 0; i < self->run_targets->len; i++)
    {
      ProprioTarget *target = &g_array_index (self->run_targets, ProprioTarget, i);
      ProprioDirection direction = direction_at (self, i);
      double ux, uy;

      proprio_direction_get_unit (direction, &ux, &uy);
      target->x_mm = cx + self->run.distance_mm[direction] * ux;
      target->y_mm = cy + self->run.distance_mm[direction] * uy;
      target->radius_mm = self->run.radius_mm;
    }
  proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
}

/* The configured layout for the next run, around the board centre: what views show before a run
 * and once the configuration changed after one. */
void
proprio_los_test_rebuild_targets (ProprioLosTest *self)
{
  g_array_set_size (self->targets, self->order->len);
  for (guint i = 0; i < self->targets->len; i++)
    {
      ProprioTarget *target = &g_array_index (self->targets, ProprioTarget, i);
      ProprioDirection direction = g_array_index (self->order, ProprioDirection, i);
      double ux, uy;

      proprio_direction_get_unit (direction, &ux, &uy);
      target->x_mm = self->config.distance_mm[direction] * ux;
      target->y_mm = self->config.distance_mm[direction] * uy;
      target->radius_mm = self->config.radius_mm;
      target->state = PROPRIO_TARGET_IDLE;
      target->progress = 0.0;
    }
}

static void
update_countdown (ProprioLosTest *self,
                  gint64          t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  int left = proprio_exercise_seconds_left (t_us, self->cue_us);

  /* Only ever count down: a late sample must not show an earlier second again. */
  if (left <= 0 || (self->shown_seconds >= 0 && left >= self->shown_seconds))
    return;
  self->shown_seconds = left;
  proprio_exercise_take_prompt (exercise,
                                g_strdup_printf (_("Stand still in the centre… %d"), left));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_COUNTDOWN,
                               MAX (self->cue_us - self->run.hold_us,
                                    self->cue_us - (gint64) left * G_USEC_PER_SEC));
}

static void
begin_hold (ProprioLosTest *self,
            gint64          t_us)
{
  slot_reset (current_slot (self));
  self->cue_us = t_us + self->run.hold_us;
  self->end_us = self->cue_us + self->run.trial_us;
  self->shown_seconds = -1;
  proprio_exercise_set_phase (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  update_countdown (self, t_us);
}

static void
wait_for_patient (ProprioLosTest *self)
{
  slot_reset (current_slot (self));
  proprio_exercise_set_phase (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_PHASE_WAITING);
  proprio_exercise_set_prompt (PROPRIO_EXERCISE (self), _("Step onto the board"));
}

static void
cue (ProprioLosTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);
  double sx = 0.0, sy = 0.0;
  guint n = 0;

  for (guint i = slot->t_us->len; i > 0; i--)
    {
      gint64 t = g_array_index (slot->t_us, gint64, i - 1);

      if (t >= self->cue_us)
        continue;
      if (t < self->cue_us - CENTRE_WINDOW_US)
        break;
      sx += g_array_index (slot->x_mm, double, i - 1);
      sy += g_array_index (slot->y_mm, double, i - 1);
      n++;
    }
  if (n > 0)
    {
      slot->pub.centre_x_mm = sx / n;
      slot->pub.centre_y_mm = sy / n;
    }
  else if (slot->t_us->len > 0)
    {
      slot->pub.centre_x_mm = g_array_index (slot->x_mm, double, slot->x_mm->len - 1);
      slot->pub.centre_y_mm = g_array_index (slot->y_mm, double, slot->y_mm->len - 1);
    }
  else
    slot->pub.centre_x_mm = slot->pub.centre_y_mm = 0.0;

  slot->pub.cue_us = self->cue_us;
  slot->pub.target_mm = self->run.distance_mm[slot->pub.direction];
  self->entered = FALSE;
  place_targets (self, slot->pub.centre_x_mm, slot->pub.centre_y_mm);
  current_target (self)->state = PROPRIO_TARGET_ACTIVE;

  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_take_prompt (exercise,
                                g_strdup_printf (_("%s: lean as far as you can and hold"),
                                                 proprio_direction_get_name (slot->pub.direction)));
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_CUE, self->cue_us);
}

static void
next_direction (ProprioLosTest *self,
                gint64          t_us)
{
  self->pos++;
  if (self->pos >= self->run_order->len)
    {
      guint measured = 0;

      self->pos = self->run_order->len - 1;
      /* Finished: one message for the whole test, not the last direction's note (each
       * direction's own note stays in its result). */
      for (guint i = 0; i < self->run_order->len; i++)
        if (self->slots[direction_at (self, i)].pub.status == PROPRIO_LOS_STATUS_DONE)
          measured++;
      if (measured < self->run_order->len)
        proprio_exercise_take_message (PROPRIO_EXERCISE (self),
                                       g_strdup_printf (_("%u of %u directions measured: see the "
                                                          "results for the others."),
                                                        measured, self->run_order->len));
      else
        proprio_exercise_set_message (PROPRIO_EXERCISE (self), NULL);
      proprio_exercise_finish (PROPRIO_EXERCISE (self), t_us);
      return;
    }
  begin_hold (self, t_us);
}

static void
end_trial (ProprioLosTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);
  const char *name = proprio_direction_get_name (slot->pub.direction);
  g_autoptr(GError) error = NULL;

  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STOP, self->end_us);

  if (proprio_los_analyse ((const gint64 *) (gpointer) slot->t_us->data,
                           (const double *) (gpointer) slot->x_mm->data,
                           (const double *) (gpointer) slot->y_mm->data,
                           slot->t_us->len, slot->pub.cue_us,
                           slot->pub.centre_x_mm, slot->pub.centre_y_mm,
                           slot->pub.direction, slot->pub.target_mm, self->run.threshold,
                           self->run.height_m, &slot->pub.metrics, &error))
    slot->pub.status = PROPRIO_LOS_STATUS_DONE;
  else if (g_error_matches (error, PROPRIO_LOS_ERROR, PROPRIO_LOS_ERROR_NO_MOVEMENT))
    {
      slot->pub.status = PROPRIO_LOS_STATUS_NO_MOVEMENT;
      set_slot_message (slot, g_strdup_printf (_("%s: no movement toward the target."), name));
    }
  else
    {
      slot->pub.status = PROPRIO_LOS_STATUS_FAILED;
      set_slot_message (slot, g_strdup_printf (_("%s could not be analysed: %s"),
                                               name, error->message));
    }

  current_target (self)->state = self->entered ? PROPRIO_TARGET_HIT : PROPRIO_TARGET_MISSED;
  if (slot->message)
    proprio_exercise_set_message (exercise, slot->message);
  proprio_exercise_mark_changed (exercise);
  next_direction (self, self->end_us);
}

static void
stepped_off (ProprioLosTest *self)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  Slot *slot = current_slot (self);

  slot->pub.status = PROPRIO_LOS_STATUS_STEPPED_OFF;
  set_slot_message (slot,
                    g_strdup_printf (_("%s: the patient stepped off the board (or the board "
                                       "stopped sending data). Continue to repeat this direction."),
                                     proprio_direction_get_name (slot->pub.direction)));
  current_target (self)->state = PROPRIO_TARGET_IDLE;
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STEP_OFF, self->last_cop_us);
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_PAUSED);
  proprio_exercise_set_prompt (exercise, _("Paused"));
  proprio_exercise_set_message (exercise, slot->message);
  proprio_exercise_mark_changed (exercise);
}

static void
record (ProprioLosTest *self,
        gint64          t_us,
        double          x,
        double          y)
{
  Slot *slot = current_slot (self);

  g_array_append_val (slot->t_us, t_us);
  g_array_append_val (slot->x_mm, x);
  g_array_append_val (slot->y_mm, y);
}

static void
proprio_los_test_feed (ProprioCopExercise *cop_exercise,
                       gint64              t_us,
                       gboolean            has_cop,
                       double              x_mm,
                       double              y_mm)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (cop_exercise);
  ProprioExercise *exercise = PROPRIO_EXERCISE (cop_exercise);

  self->last_sample_us = t_us;

  for (;;)
    switch (proprio_exercise_get_phase (exercise))
      {
      case PROPRIO_EXERCISE_PHASE_WAITING:
        if (!has_cop)
          return;
        self->last_cop_us = t_us;
        begin_hold (self, t_us);
        continue;

      case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
        if (t_us >= self->cue_us)
          {
            cue (self);
            continue;
          }
        if (has_cop)
          {
            self->last_cop_us = t_us;
            record (self, t_us, x_mm, y_mm);
          }
        else if (proprio_cop_exercise_is_off_board (t_us, self->last_cop_us, 0))
          {
            wait_for_patient (self);
            return;
          }
        update_countdown (self, t_us);
        return;

      case PROPRIO_EXERCISE_PHASE_RUNNING:
        if (proprio_cop_exercise_is_off_board (MIN (t_us, self->end_us), self->last_cop_us, 0))
          {
            stepped_off (self);
            return;
          }
        if (t_us >= self->end_us)
          {
            end_trial (self);
            continue;
          }
        if (has_cop)
          {
            const ProprioTarget *target = current_target (self);

            self->last_cop_us = t_us;
            record (self, t_us, x_mm, y_mm);
            if (!self->entered &&
                hypot (x_mm - target->x_mm, y_mm - target->y_mm) <= target->radius_mm)
              self->entered = TRUE;
          }
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
proprio_los_test_tick (ProprioExercise *exercise,
                       gint64           now_us)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);

  switch (proprio_exercise_get_phase (exercise))
    {
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
      if (proprio_cop_exercise_is_off_board (now_us, self->last_cop_us, TICK_GRACE_US))
        wait_for_patient (self);
      else if (now_us >= self->cue_us)
        cue (self);
      else
        update_countdown (self, now_us);
      break;

    case PROPRIO_EXERCISE_PHASE_RUNNING:
      if (proprio_cop_exercise_is_off_board (MIN (now_us, self->end_us), self->last_cop_us,
                                             TICK_GRACE_US))
        stepped_off (self);
      else if (now_us >= self->end_us + TICK_GRACE_US)
        end_trial (self);
      break;

    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    case PROPRIO_EXERCISE_PHASE_DONE:
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
    default:
      break;
    }
}

static void
proprio_los_test_start (ProprioExercise *exercise)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);

  /* The run works on copies of the configuration and of the layout (with live states). */
  self->run = self->config;
  g_array_set_size (self->run_order, 0);
  g_array_append_vals (self->run_order, self->order->data, self->order->len);
  proprio_los_test_rebuild_targets (self);
  g_array_set_size (self->run_targets, 0);
  g_array_append_vals (self->run_targets, self->targets->data, self->targets->len);
  self->show_run_targets = TRUE;
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    slot_reset (&self->slots[k]);
  self->pos = 0;
  self->last_cop_us = self->last_sample_us = G_MININT64 / 2;
  if (self->run_order->len == 0)
    {
      proprio_exercise_set_message (exercise, _("No directions are selected for the test"));
      proprio_exercise_finish (exercise, 0);
    }
}

static void
proprio_los_test_stop (ProprioExercise *exercise)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);
  ProprioExercisePhase phase = proprio_exercise_get_phase (exercise);

  if (phase == PROPRIO_EXERCISE_PHASE_COUNTDOWN || phase == PROPRIO_EXERCISE_PHASE_RUNNING)
    {
      slot_reset (current_slot (self));
      current_target (self)->state = PROPRIO_TARGET_IDLE;
    }
}

/* After a step-off: the same direction again, once the patient is back on the board. */
static gboolean
proprio_los_test_proceed (ProprioExercise *exercise)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);

  proprio_exercise_set_message (exercise, NULL);
  wait_for_patient (self);
  return TRUE;
}

static const ProprioTarget *
proprio_los_test_get_targets (ProprioExercise *exercise,
                              guint           *n_targets)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);
  GArray *shown = self->show_run_targets ? self->run_targets : self->targets;

  *n_targets = shown->len;
  return (const ProprioTarget *) (gpointer) shown->data;
}

static double
proprio_los_test_get_time_left (ProprioExercise *exercise,
                                gint64           now_us)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (exercise);

  switch (proprio_exercise_get_phase (exercise))
    {
    case PROPRIO_EXERCISE_PHASE_COUNTDOWN:
      return proprio_exercise_time_until (now_us, self->cue_us);
    case PROPRIO_EXERCISE_PHASE_RUNNING:
      return proprio_exercise_time_until (now_us, self->end_us);
    case PROPRIO_EXERCISE_PHASE_IDLE:
    case PROPRIO_EXERCISE_PHASE_WAITING:
    case PROPRIO_EXERCISE_PHASE_PAUSED:
    case PROPRIO_EXERCISE_PHASE_DONE:
    case PROPRIO_EXERCISE_PHASE_CANCELLED:
    default:
      return -1.0;
    }
}

static void
proprio_los_test_finalize (GObject *object)
{
  ProprioLosTest *self = PROPRIO_LOS_TEST (object);

  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      g_free (self->slots[k].message);
      g_array_unref (self->slots[k].t_us);
      g_array_unref (self->slots[k].x_mm);
      g_array_unref (self->slots[k].y_mm);
    }
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->run_order, g_array_unref);
  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_pointer (&self->run_targets, g_array_unref);

  G_OBJECT_CLASS (proprio_los_test_parent_class)->finalize (object);
}

static void
proprio_los_test_class_init (ProprioLosTestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);
  ProprioCopExerciseClass *cop_class = PROPRIO_COP_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_los_test_finalize;

  exercise_class->id = "los-test";
  exercise_class->title = N_("Limits of stability");
  exercise_class->start = proprio_los_test_start;
  exercise_class->stop = proprio_los_test_stop;
  exercise_class->tick = proprio_los_test_tick;
  exercise_class->proceed = proprio_los_test_proceed;
  exercise_class->get_targets = proprio_los_test_get_targets;
  exercise_class->get_time_left = proprio_los_test_get_time_left;
  exercise_class->get_settings = proprio_los_test_get_settings;
  exercise_class->apply_settings = proprio_los_test_apply_settings;
  exercise_class->get_results = proprio_los_test_get_results;
  cop_class->feed_cop = proprio_los_test_feed;
}

static void
proprio_los_test_init (ProprioLosTest *self)
{
  self->config.board_width_mm = 433.0;
  self->config.board_length_mm = 238.0;
  self->config.hold_us = 3 * G_USEC_PER_SEC;
  self->config.trial_us = 8 * G_USEC_PER_SEC;
  self->config.threshold = PROPRIO_LOS_DEFAULT_THRESHOLD;
  self->config.radius_mm = 15.0;
  proprio_los_test_default_distances (self);
  self->run = self->config;

  self->order = g_array_new (FALSE, FALSE, sizeof (ProprioDirection));
  self->run_order = g_array_new (FALSE, FALSE, sizeof (ProprioDirection));
  for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
    {
      ProprioDirection direction = k;

      g_array_append_val (self->order, direction);
      self->slots[k].t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      self->slots[k].x_mm = g_array_new (FALSE, FALSE, sizeof (double));
      self->slots[k].y_mm = g_array_new (FALSE, FALSE, sizeof (double));
      self->slots[k].pub.direction = direction;
      slot_reset (&self->slots[k]);
    }
  self->targets = g_array_new (FALSE, TRUE, sizeof (ProprioTarget));
  self->run_targets = g_array_new (FALSE, TRUE, sizeof (ProprioTarget));
  proprio_los_test_rebuild_targets (self);
}

ProprioLosTest *
proprio_los_test_new (void)
{
  return g_object_new (PROPRIO_TYPE_LOS_TEST, NULL);
}

