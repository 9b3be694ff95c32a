/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-matching"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-cop-matching.h"
#include "proprio-match-exercise-private.h"

struct _ProprioCopMatching
{
  ProprioMatchExercise parent_instance;

  ProprioTarget        shown;   /* what get_targets () hands out */
};

G_DEFINE_FINAL_TYPE (ProprioCopMatching, proprio_cop_matching, PROPRIO_TYPE_MATCH_EXERCISE)

static gboolean
proprio_cop_matching_sample_position (ProprioMatchExercise *self,
                                      const ProprioSample  *sample,
                                      double               *position)
{
  /* A sample that claims a CoP it does not carry is a decoding fault, not an empty board. */
  if ((sample->flags & PROPRIO_SAMPLE_HAS_COP) == 0)
    return TRUE;
  return proprio_stream_sample_cop (sample, &position[0], &position[1]);
}

/* "12 mm right, 30 mm forward": the patient's own directions, as whole phrases. */
static char *
proprio_cop_matching_format_position (ProprioMatchExercise *self,
                                      const double         *position)
{
  double x = fabs (position[0]), y = fabs (position[1]);

  if (position[0] >= 0.0 && position[1] >= 0.0)
    return g_strdup_printf (_("%.0f mm right, %.0f mm forward"), x, y);
  if (position[1] >= 0.0)
    return g_strdup_printf (_("%.0f mm left, %.0f mm forward"), x, y);
  if (position[0] >= 0.0)
    return g_strdup_printf (_("%.0f mm right, %.0f mm back"), x, y);
  return g_strdup_printf (_("%.0f mm left, %.0f mm back"), x, y);
}

static char *
proprio_cop_matching_format_result (ProprioMatchExercise    *self,
                                    const ProprioMatchTrial *trial)
{
  return g_strdup_printf (_("Registered: %.0f mm from the target"), trial->distance);
}

static const char *
proprio_cop_matching_waiting_prompt (ProprioMatchExercise *self)
{
  return _("Step onto the board");
}

static const ProprioTarget *
proprio_cop_matching_get_targets (ProprioExercise *exercise,
                                  guint           *n_targets)
{
  ProprioCopMatching *self = PROPRIO_COP_MATCHING (exercise);
  ProprioMatchDisplay display;

  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (self), &display);
  *n_targets = 0;
  if (!display.show_target)
    return NULL;
  self->shown.x_mm = display.target[0];
  self->shown.y_mm = display.target[1];
  self->shown.radius_mm = display.tolerance;
  self->shown.progress = 0.0;
  if (display.stage == PROPRIO_MATCH_STAGE_RESULT)
    self->shown.state = hypot (display.registered[0] - display.target[0],
                               display.registered[1] - display.target[1]) <= display.tolerance
                        ? PROPRIO_TARGET_HIT : PROPRIO_TARGET_MISSED;
  else if (display.at_target)
    {
      self->shown.state = PROPRIO_TARGET_DWELLING;
      self->shown.progress = display.memorise_progress;
    }
  else
    self->shown.state = PROPRIO_TARGET_ACTIVE;
  *n_targets = 1;
  return &self->shown;
}

static void
metrics_for (ProprioCopMatching  *self,
             int                  target_index,
             ProprioJps2dMetrics *out)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self);
  guint n = proprio_match_exercise_get_n_trials (match);
  g_autofree double *tx = g_new (double, MAX (n, 1));
  g_autofree double *ty = g_new (double, MAX (n, 1));
  g_autofree double *rx = g_new (double, MAX (n, 1));
  g_autofree double *ry = g_new (double, MAX (n, 1));
  g_autofree gboolean *valid = g_new (gboolean, MAX (n, 1));
  g_autoptr(GError) error = NULL;
  guint used = 0, excluded = 0;

  for (guint i = 0; i < n; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      if (target_index >= 0 && t->target_index != (guint) target_index)
        continue;
      tx[used] = t->target[0];
      ty[used] = t->target[1];
      rx[used] = t->reproduced[0];
      ry[used] = t->reproduced[1];
      valid[used] = t->validity == PROPRIO_MATCH_VALID;
      excluded += !valid[used];
      used++;
    }
  if (!proprio_jps_compute_2d (tx, ty, rx, ry, valid, used, out, &error))
    *out = (ProprioJps2dMetrics) { 0, excluded, NAN, NAN, NAN, NAN };
}

void
proprio_cop_matching_get_metrics (ProprioCopMatching  *self,
                                  int                  target_index,
                                  ProprioJps2dMetrics *out)
{
  g_return_if_fail (PROPRIO_IS_COP_MATCHING (self));
  g_return_if_fail (out != NULL);
  metrics_for (self, target_index, out);
}

static void
insert_metrics (GVariantDict              *dict,
                const ProprioJps2dMetrics *m)
{
  g_variant_dict_insert (dict, "n", "u", m->n);
  g_variant_dict_insert (dict, "n-excluded", "u", m->n_excluded);
  g_variant_dict_insert (dict, "ce-x-mm", "d", m->ce_x);
  g_variant_dict_insert (dict, "ce-y-mm", "d", m->ce_y);
  g_variant_dict_insert (dict, "radial-error-mm", "d", m->radial_mean);
  g_variant_dict_insert (dict, "radial-error-max-mm", "d", m->radial_max);
}

static void
proprio_cop_matching_add_trial_results (ProprioMatchExercise    *self,
                                        const ProprioMatchTrial *trial,
                                        GVariantDict            *dict)
{
  g_variant_dict_insert (dict, "target-x-mm", "d", trial->target[0]);
  g_variant_dict_insert (dict, "target-y-mm", "d", trial->target[1]);
  g_variant_dict_insert (dict, "memorised-x-mm", "d", trial->memorised[0]);
  g_variant_dict_insert (dict, "memorised-y-mm", "d", trial->memorised[1]);
  g_variant_dict_insert (dict, "reproduced-x-mm", "d", trial->reproduced[0]);
  g_variant_dict_insert (dict, "reproduced-y-mm", "d", trial->reproduced[1]);
  g_variant_dict_insert (dict, "error-x-mm", "d", trial->error[0]);
  g_variant_dict_insert (dict, "error-y-mm", "d", trial->error[1]);
  g_variant_dict_insert (dict, "radial-error-mm", "d", trial->distance);
}

static void
proprio_cop_matching_add_results (ProprioMatchExercise *match,
                                  GVariantDict         *dict)
{
  ProprioCopMatching *self = PROPRIO_COP_MATCHING (match);
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) overall = G_VARIANT_DICT_INIT (NULL);
  ProprioJps2dMetrics m;

  for (guint i = 0; i < proprio_match_exercise_get_n_run_targets (match); i++)
    {
      g_auto(GVariantDict) target = G_VARIANT_DICT_INIT (NULL);
      double xy[2];

      proprio_match_exercise_get_run_target (match, i, xy);
      metrics_for (self, (int) i, &m);
      g_variant_dict_insert (&target, "target-index", "u", i);
      g_variant_dict_insert (&target, "target-x-mm", "d", xy[0]);
      g_variant_dict_insert (&target, "target-y-mm", "d", xy[1]);
      insert_metrics (&target, &m);
      g_variant_builder_add_value (&targets, g_variant_dict_end (&target));
    }
  g_variant_dict_insert_value (dict, "targets", g_variant_builder_end (&targets));
  metrics_for (self, -1, &m);
  insert_metrics (&overall, &m);
  g_variant_dict_insert_value (dict, "overall", g_variant_dict_end (&overall));
}

static void
proprio_cop_matching_class_init (ProprioCopMatchingClass *klass)
{
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);
  ProprioMatchExerciseClass *match_class = PROPRIO_MATCH_EXERCISE_CLASS (klass);

  exercise_class->stream_kind = PROPRIO_STREAM_BALANCE;
  exercise_class->id = "cop-matching";
  exercise_class->title = N_("Position matching");
  exercise_class->get_targets = proprio_cop_matching_get_targets;
  match_class->n_dims = 2;
  match_class->eyes_closed = FALSE;
  match_class->unit = "mm";
  match_class->targets_key = "targets-mm";
  match_class->sample_position = proprio_cop_matching_sample_position;
  match_class->format_position = proprio_cop_matching_format_position;
  match_class->format_result = proprio_cop_matching_format_result;
  match_class->waiting_prompt = proprio_cop_matching_waiting_prompt;
  match_class->add_trial_results = proprio_cop_matching_add_trial_results;
  match_class->add_results = proprio_cop_matching_add_results;
}

static void
proprio_cop_matching_init (ProprioCopMatching *self)
{
  static const double targets[] = { -50.0, 0.0, 50.0, 0.0, 0.0, 40.0 };
  static const double start[] = { 0.0, 0.0 };
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self);

  _proprio_match_exercise_set_defaults (match, targets, G_N_ELEMENTS (targets) / 2, start,
                                        15.0, 12.0, 20.0);
  _proprio_match_exercise_get_private (match)->config.trials_per_target = 2;
  _proprio_match_exercise_get_private (match)->run.trials_per_target = 2;
}

ProprioCopMatching *
proprio_cop_matching_new (void)
{
  return g_object_new (PROPRIO_TYPE_COP_MATCHING, NULL);
}
