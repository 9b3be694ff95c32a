/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-jps-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-jps-protocol.h"
#include "proprio-match-exercise-private.h"

struct _ProprioJpsProtocol
{
  ProprioMatchExercise parent_instance;
};

G_DEFINE_FINAL_TYPE (ProprioJpsProtocol, proprio_jps_protocol, PROPRIO_TYPE_MATCH_EXERCISE)

static gboolean
proprio_jps_protocol_sample_position (ProprioMatchExercise *self,
                                      const ProprioSample  *sample,
                                      double               *position)
{
  double angle;

  if (sample->n_channels < 1)
    return FALSE;
  angle = sample->values[0];
  /* NaN is "no angle" (a lost marker); an infinity is a decoding fault. */
  if (isinf (angle))
    return FALSE;
  position[0] = angle;
  return TRUE;
}

static char *
proprio_jps_protocol_format_position (ProprioMatchExercise *self,
                                      const double         *position)
{
  /* Translators: an angle in degrees */
  return g_strdup_printf (_("%.0f°"), position[0]);
}

static char *
proprio_jps_protocol_format_result (ProprioMatchExercise    *self,
                                    const ProprioMatchTrial *trial)
{
  /* Whole degrees for the patient: the table keeps the tenths. */
  return g_strdup_printf (_("Registered: %.0f°, target %.0f°"), trial->reproduced[0],
                          trial->target[0]);
}

static const char *
proprio_jps_protocol_waiting_prompt (ProprioMatchExercise *self)
{
  return _("Waiting for the joint angle");
}

static void
metrics_for (ProprioJpsProtocol *self,
             int                 target_index,
             ProprioJpsMetrics  *out)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self);
  guint n = proprio_match_exercise_get_n_trials (match);
  g_autofree double *targets = g_new (double, MAX (n, 1));
  g_autofree double *reproduced = g_new (double, MAX (n, 1));
  g_autofree gboolean *valid = g_new (gboolean, MAX (n, 1));
  g_autoptr(GError) error = NULL;
  guint used = 0, excluded = 0;

  for (guint i = 0; i < n; i++)
    {
      const ProprioMatchTrial *t = proprio_match_exercise_get_trial (match, i);

      if (target_index >= 0 && t->target_index != (guint) target_index)
        continue;
      targets[used] = t->target[0];
      reproduced[used] = t->reproduced[0];
      valid[used] = t->validity == PROPRIO_MATCH_VALID;
      excluded += !valid[used];
      used++;
    }
  if (!proprio_jps_compute (targets, reproduced, valid, used, out, &error))
    {
      /* No valid trial (yet): nothing to average, said with NaN. */
      *out = (ProprioJpsMetrics) { 0, excluded, NAN, NAN, NAN, NAN };
    }
}

void
proprio_jps_protocol_get_metrics (ProprioJpsProtocol *self,
                                  int                 target_index,
                                  ProprioJpsMetrics  *out)
{
  g_return_if_fail (PROPRIO_IS_JPS_PROTOCOL (self));
  g_return_if_fail (out != NULL);
  metrics_for (self, target_index, out);
}

static void
insert_metrics (GVariantDict            *dict,
                const ProprioJpsMetrics *m)
{
  g_variant_dict_insert (dict, "n", "u", m->n);
  g_variant_dict_insert (dict, "n-excluded", "u", m->n_excluded);
  g_variant_dict_insert (dict, "ce-deg", "d", m->ce_deg);
  g_variant_dict_insert (dict, "ae-deg", "d", m->ae_deg);
  g_variant_dict_insert (dict, "ve-deg", "d", m->ve_deg);
  g_variant_dict_insert (dict, "e-deg", "d", m->e_deg);
}

static void
proprio_jps_protocol_add_trial_results (ProprioMatchExercise    *self,
                                        const ProprioMatchTrial *trial,
                                        GVariantDict            *dict)
{
  g_variant_dict_insert (dict, "target-deg", "d", trial->target[0]);
  g_variant_dict_insert (dict, "memorised-deg", "d", trial->memorised[0]);
  g_variant_dict_insert (dict, "reproduced-deg", "d", trial->reproduced[0]);
  g_variant_dict_insert (dict, "error-deg", "d", trial->error[0]);
  g_variant_dict_insert (dict, "absolute-error-deg", "d", trial->distance);
}

static void
proprio_jps_protocol_add_results (ProprioMatchExercise *match,
                                  GVariantDict         *dict)
{
  ProprioJpsProtocol *self = PROPRIO_JPS_PROTOCOL (match);
  g_auto(GVariantBuilder) targets = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) overall = G_VARIANT_DICT_INIT (NULL);
  ProprioJpsMetrics m;

  for (guint i = 0; i < proprio_match_exercise_get_n_run_targets (match); i++)
    {
      g_auto(GVariantDict) target = G_VARIANT_DICT_INIT (NULL);
      double angle;

      proprio_match_exercise_get_run_target (match, i, &angle);
      metrics_for (self, (int) i, &m);
      g_variant_dict_insert (&target, "target-index", "u", i);
      g_variant_dict_insert (&target, "target-deg", "d", angle);
      insert_metrics (&target, &m);
      g_variant_builder_add_value (&targets, g_variant_dict_end (&target));
    }
  g_variant_dict_insert_value (dict, "targets", g_variant_builder_end (&targets));
  metrics_for (self, -1, &m);
  insert_metrics (&overall, &m);
  g_variant_dict_insert_value (dict, "overall", g_variant_dict_end (&overall));
}

static void
proprio_jps_protocol_class_init (ProprioJpsProtocolClass *klass)
{
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);
  ProprioMatchExerciseClass *match_class = PROPRIO_MATCH_EXERCISE_CLASS (klass);

  exercise_class->stream_kind = PROPRIO_STREAM_ANGLE;
  exercise_class->id = "jps-protocol";
  exercise_class->title = N_("Joint position matching");
  match_class->n_dims = 1;
  match_class->unit = "deg";
  match_class->targets_key = "targets-deg";
  match_class->sample_position = proprio_jps_protocol_sample_position;
  match_class->format_position = proprio_jps_protocol_format_position;
  match_class->format_result = proprio_jps_protocol_format_result;
  match_class->waiting_prompt = proprio_jps_protocol_waiting_prompt;
  match_class->add_trial_results = proprio_jps_protocol_add_trial_results;
  match_class->add_results = proprio_jps_protocol_add_results;
}

static void
proprio_jps_protocol_init (ProprioJpsProtocol *self)
{
  static const double targets[] = { 45.0, 60.0 };
  static const double start[] = { 90.0 };

  _proprio_match_exercise_set_defaults (PROPRIO_MATCH_EXERCISE (self), targets,
                                        G_N_ELEMENTS (targets), start, 3.0, 2.0, 5.0);
}

ProprioJpsProtocol *
proprio_jps_protocol_new (void)
{
  return g_object_new (PROPRIO_TYPE_JPS_PROTOCOL, NULL);
}
