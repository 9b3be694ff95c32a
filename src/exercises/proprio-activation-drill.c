/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-activation-drill"

#include "config.h"

#include "proprio-activation-drill.h"
#include "proprio-exercise-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* How long after the end of a work phase a tick may close it (samples may still be in transit). */
#define TICK_GRACE_US G_GINT64_CONSTANT (250000)

#define UNIT_MVC "%MVC"
#define UNIT_RAW "uV"

typedef struct
{
  guint  channel;    /* sample index of the envelope */
  double mvc;        /* envelope unit; 0: none */
  guint  electrode;
} Muscle;

typedef struct
{
  ProprioActivationMode mode;
  gint64                work_us;
  gint64                rest_us;
  gint64                countdown_us;
  guint                 repetitions;
  double                lower;
  double                upper;
  double                threshold;
  double                success_percent;
  Muscle                muscles[2];
} DrillConfig;

struct _ProprioActivationDrill
{
  ProprioExercise        parent_instance;

  DrillConfig            config;   /* for the next start () */
  DrillConfig            run;      /* the current or last run */

  GArray                *reps;     /* ProprioActivationRep */
  ProprioActivationStage stage;
  guint                  rep;      /* the rep worked or rested after, from 1; 0 before */
  gint64                 run_start_us;  /* the first work cue */
  int                    shown_seconds;

  /* The latest sample, whose state holds until the next one. */
  gboolean               have_prev;
  gint64                 prev_us;
  gboolean               prev_ok;        /* the mode's criterion held */
  gboolean               prev_in_band;   /* the target was in its band */

  /* The work phase in progress. */
  gint64                 in_band_us;
  gboolean               reached;
  gint64                 reached_us;
  double                 peak;
  double                 sum;
  double                 quiet_sum;
  guint                  n;

  /* Display. */
  gboolean               have_value[2];
  double                 display[2];
  double                 latest[2];
  gint64                 display_us;
};

G_DEFINE_FINAL_TYPE (ProprioActivationDrill, proprio_activation_drill, PROPRIO_TYPE_EXERCISE)

static const char * const mode_nicks[] = { "activate", "inhibit", "dual" };

static gboolean
mode_uses (ProprioActivationMode   mode,
           ProprioActivationMuscle muscle)
{
  if (mode == PROPRIO_ACTIVATION_DUAL)
    return TRUE;
  return (mode == PROPRIO_ACTIVATION_ACTIVATE) == (muscle == PROPRIO_ACTIVATION_TARGET);
}

/* The muscle whose peak and mean a rep reports. */
static ProprioActivationMuscle
primary_muscle (ProprioActivationMode mode)
{
  return mode == PROPRIO_ACTIVATION_INHIBIT ? PROPRIO_ACTIVATION_QUIET
                                            : PROPRIO_ACTIVATION_TARGET;
}

static gint64
work_start_of (ProprioActivationDrill *self,
               guint                   rep)
{
  return self->run_start_us + (gint64) (rep - 1) * (self->run.work_us + self->run.rest_us);
}

static gint64
work_end (ProprioActivationDrill *self)
{
  return work_start_of (self, self->rep) + self->run.work_us;
}

static gint64
next_work_start (ProprioActivationDrill *self)
{
  return work_start_of (self, self->rep + 1);
}

static const char *
work_prompt (ProprioActivationMode mode)
{
  switch (mode)
    {
    case PROPRIO_ACTIVATION_INHIBIT:
      return _("Keep it quiet");
    case PROPRIO_ACTIVATION_DUAL:
      return _("Squeeze — keep the other quiet");
    case PROPRIO_ACTIVATION_ACTIVATE:
    default:
      return _("Work — squeeze");
    }
}

static void
update_countdown (ProprioActivationDrill *self,
                  gint64                  t_us)
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
begin_countdown (ProprioActivationDrill *self,
                 gint64                  t_us)
{
  self->run_start_us = t_us + self->run.countdown_us;
  self->shown_seconds = -1;
  self->stage = PROPRIO_ACTIVATION_STAGE_COUNTDOWN;
  proprio_exercise_set_phase (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  update_countdown (self, t_us);
}

static gboolean
held_state_reaches (ProprioActivationDrill *self,
                    gint64                  t_us)
{
  return self->have_prev && t_us - self->prev_us <= PROPRIO_ACTIVATION_MAX_HOLD_US;
}

static void
band_reached (ProprioActivationDrill *self,
              gint64                  t_us)
{
  self->reached = TRUE;
  self->reached_us = t_us;
  proprio_exercise_emit_event (PROPRIO_EXERCISE (self), PROPRIO_EXERCISE_EVENT_TARGET_HIT, t_us);
  proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
}

static void
begin_work (ProprioActivationDrill *self,
            gint64                  t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  self->rep++;
  self->stage = PROPRIO_ACTIVATION_STAGE_WORK;
  self->in_band_us = 0;
  self->reached = FALSE;
  self->reached_us = 0;
  self->peak = -INFINITY;
  self->sum = 0.0;
  self->quiet_sum = 0.0;
  self->n = 0;
  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
  proprio_exercise_set_prompt (exercise, work_prompt (self->run.mode));
  proprio_exercise_mark_changed (exercise);
  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_START, t_us);
  /* Already in the band at the cue (the patient did not relax): reached at once. */
  if (self->run.mode != PROPRIO_ACTIVATION_INHIBIT && self->prev_in_band &&
      held_state_reaches (self, t_us))
    band_reached (self, t_us);
}

/* Credits the held state of the latest sample from its time up to `until_us`, within the work
 * window and at most PROPRIO_ACTIVATION_MAX_HOLD_US after that sample. */
static void
account (ProprioActivationDrill *self,
         gint64                  until_us)
{
  gint64 from, to;

  if (!self->have_prev || !self->prev_ok)
    return;
  from = MAX (self->prev_us, work_start_of (self, self->rep));
  to = MIN (MIN (until_us, work_end (self)), self->prev_us + PROPRIO_ACTIVATION_MAX_HOLD_US);
  if (to > from)
    self->in_band_us += to - from;
}

static void
end_work (ProprioActivationDrill *self,
          gint64                  t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  ProprioActivationRep rep = { 0, };
  double work_s = (double) self->run.work_us / G_USEC_PER_SEC;

  account (self, t_us);
  rep.rep = self->rep;
  rep.work_start_us = work_start_of (self, self->rep);
  rep.time_to_band_s = self->reached ? (double) (self->reached_us - rep.work_start_us) /
                                       G_USEC_PER_SEC
                                     : NAN;
  rep.time_in_band_s = (double) self->in_band_us / G_USEC_PER_SEC;
  rep.time_in_band_percent = 100.0 * rep.time_in_band_s / work_s;
  rep.peak = self->n > 0 ? self->peak : NAN;
  rep.mean = self->n > 0 ? self->sum / self->n : NAN;
  rep.quiet_mean = self->n > 0 && self->run.mode != PROPRIO_ACTIVATION_ACTIVATE
                   ? self->quiet_sum / self->n : NAN;
  rep.coactivation_ratio = self->run.mode == PROPRIO_ACTIVATION_DUAL && rep.quiet_mean > 0.0
                           ? rep.mean / rep.quiet_mean : NAN;
  /* Compared in µs, so a hold of exactly the share counts. */
  rep.success = (double) self->in_band_us * 100.0 >=
                self->run.success_percent * (double) self->run.work_us;
  g_array_append_val (self->reps, rep);

  proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STOP, t_us);
  proprio_exercise_mark_changed (exercise);
  if (self->rep >= self->run.repetitions)
    {
      self->stage = PROPRIO_ACTIVATION_STAGE_NONE;
      proprio_exercise_finish (exercise, t_us);
      return;
    }
  self->stage = PROPRIO_ACTIVATION_STAGE_REST;
  proprio_exercise_set_prompt (exercise, _("Rest"));
}

static double
muscle_value (const Muscle        *muscle,
              const ProprioSample *sample)
{
  double envelope = sample->values[muscle->channel];

  return muscle->mvc > 0.0 ? 100.0 * envelope / muscle->mvc : envelope;
}

static void
update_display (ProprioActivationDrill *self,
                gint64                  t_us,
                const double           *values)
{
  double alpha = 1.0;

  if (self->have_value[0] || self->have_value[1])
    alpha = 1.0 - exp (-(double) (t_us - self->display_us) / G_USEC_PER_SEC /
                       PROPRIO_ACTIVATION_DISPLAY_TAU_S);
  self->display_us = t_us;
  for (guint m = 0; m < 2; m++)
    {
      if (!mode_uses (self->run.mode, m))
        continue;
      self->latest[m] = values[m];
      if (!self->have_value[m])
        self->display[m] = values[m];
      else
        self->display[m] += alpha * (values[m] - self->display[m]);
      self->have_value[m] = TRUE;
    }
  proprio_exercise_mark_changed (PROPRIO_EXERCISE (self));
}

static gboolean
proprio_activation_drill_feed (ProprioExercise     *exercise,
                               const ProprioSample *sample)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);
  double values[2] = { NAN, NAN };
  gboolean in_band, quiet, ok;
  gint64 t_us = sample->t_us;

  /* A sample without the configured envelope (another layout, a NaN from the stage) is not
   * judged: it would count as out of the band for a reason that is not the patient's. */
  for (guint m = 0; m < 2; m++)
    if (mode_uses (self->run.mode, m))
      {
        const Muscle *muscle = &self->run.muscles[m];

        if (muscle->channel >= sample->n_channels ||
            !isfinite (sample->values[muscle->channel]))
          return FALSE;
        values[m] = muscle_value (muscle, sample);
      }

  in_band = values[0] >= self->run.lower && values[0] <= self->run.upper;
  quiet = values[1] < self->run.threshold;
  switch (self->run.mode)
    {
    case PROPRIO_ACTIVATION_INHIBIT:
      ok = quiet;
      break;
    case PROPRIO_ACTIVATION_DUAL:
      ok = in_band && quiet;
      break;
    case PROPRIO_ACTIVATION_ACTIVATE:
    default:
      ok = in_band;
      break;
    }
  update_display (self, t_us, values);

  for (;;)
    switch (self->stage)
      {
      case PROPRIO_ACTIVATION_STAGE_NONE:
        if (proprio_exercise_get_phase (exercise) != PROPRIO_EXERCISE_PHASE_WAITING)
          return TRUE;
        begin_countdown (self, t_us);
        continue;

      case PROPRIO_ACTIVATION_STAGE_COUNTDOWN:
        if (t_us < self->run_start_us)
          {
            update_countdown (self, t_us);
            goto hold;
          }
        begin_work (self, self->run_start_us);
        continue;

      case PROPRIO_ACTIVATION_STAGE_WORK:
        if (t_us >= work_end (self))
          {
            end_work (self, work_end (self));
            continue;
          }
        account (self, t_us);
        if (t_us >= work_start_of (self, self->rep))
          {
            double primary = values[primary_muscle (self->run.mode)];

            self->peak = MAX (self->peak, primary);
            self->sum += primary;
            self->quiet_sum += values[PROPRIO_ACTIVATION_QUIET];
            self->n++;
            if (in_band && !self->reached && self->run.mode != PROPRIO_ACTIVATION_INHIBIT)
              band_reached (self, t_us);
          }
        goto hold;

      case PROPRIO_ACTIVATION_STAGE_REST:
        if (t_us >= next_work_start (self))
          {
            begin_work (self, next_work_start (self));
            continue;
          }
        goto hold;

      default:
        g_assert_not_reached ();
      }

hold:
  self->have_prev = TRUE;
  self->prev_us = t_us;
  self->prev_ok = ok;
  self->prev_in_band = in_band;
  return TRUE;
}

static void
proprio_activation_drill_tick (ProprioExercise *exercise,
                               gint64           now_us)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);

  for (;;)
    switch (self->stage)
      {
      case PROPRIO_ACTIVATION_STAGE_COUNTDOWN:
        if (now_us < self->run_start_us)
          {
            update_countdown (self, now_us);
            return;
          }
        begin_work (self, self->run_start_us);
        continue;

      case PROPRIO_ACTIVATION_STAGE_WORK:
        /* Samples up to the end may still be on their way: wait a little before closing it. */
        if (now_us <= work_end (self) + TICK_GRACE_US)
          return;
        end_work (self, work_end (self));
        continue;

      case PROPRIO_ACTIVATION_STAGE_REST:
        if (now_us < next_work_start (self))
          return;
        begin_work (self, next_work_start (self));
        continue;

      case PROPRIO_ACTIVATION_STAGE_NONE:
      default:
        return;
      }
}

static void
proprio_activation_drill_start (ProprioExercise *exercise)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);

  self->run = self->config;
  g_array_set_size (self->reps, 0);
  self->stage = PROPRIO_ACTIVATION_STAGE_NONE;
  self->rep = 0;
  self->have_prev = FALSE;
  self->prev_ok = FALSE;
  self->prev_in_band = FALSE;
  self->have_value[0] = self->have_value[1] = FALSE;
  self->display[0] = self->display[1] = NAN;
  self->latest[0] = self->latest[1] = NAN;
  proprio_exercise_set_prompt (exercise, _("Waiting for the muscle signal"));
}

static void
proprio_activation_drill_stop (ProprioExercise *exercise)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);

  /* The work phase in progress is not scored. */
  self->stage = PROPRIO_ACTIVATION_STAGE_NONE;
}

static double
proprio_activation_drill_get_time_left (ProprioExercise *exercise,
                                        gint64           now_us)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);

  if (!proprio_exercise_is_active (exercise))
    return -1.0;
  switch (self->stage)
    {
    case PROPRIO_ACTIVATION_STAGE_COUNTDOWN:
      return proprio_exercise_time_until (now_us, self->run_start_us);
    case PROPRIO_ACTIVATION_STAGE_WORK:
      return proprio_exercise_time_until (now_us, work_end (self));
    case PROPRIO_ACTIVATION_STAGE_REST:
      return proprio_exercise_time_until (now_us, next_work_start (self));
    case PROPRIO_ACTIVATION_STAGE_NONE:
    default:
      return -1.0;
    }
}

/* --- settings and results --- */

static const char *
unit_of (const DrillConfig       *c,
         ProprioActivationMuscle  muscle)
{
  return c->muscles[muscle].mvc > 0.0 ? UNIT_MVC : UNIT_RAW;
}

static const char * const setting_keys[] = {
  "mode", "work-s", "rest-s", "repetitions", "countdown-s", "band-lower", "band-upper",
  "threshold", "success-percent",
  "target-channel", "target-mvc", "target-electrode", "target-unit",
  "quiet-channel", "quiet-mvc", "quiet-electrode", "quiet-unit",
  NULL
};

static GVariant *
proprio_activation_drill_get_settings (ProprioExercise *exercise)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);
  const DrillConfig *c = &self->config;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "mode", "s", mode_nicks[c->mode]);
  g_variant_dict_insert (&dict, "work-s", "d", (double) c->work_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "rest-s", "d", (double) c->rest_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "repetitions", "u", c->repetitions);
  g_variant_dict_insert (&dict, "countdown-s", "d", (double) c->countdown_us / G_USEC_PER_SEC);
  g_variant_dict_insert (&dict, "band-lower", "d", c->lower);
  g_variant_dict_insert (&dict, "band-upper", "d", c->upper);
  g_variant_dict_insert (&dict, "threshold", "d", c->threshold);
  g_variant_dict_insert (&dict, "success-percent", "d", c->success_percent);
  g_variant_dict_insert (&dict, "target-channel", "u", c->muscles[0].channel);
  g_variant_dict_insert (&dict, "target-mvc", "d", c->muscles[0].mvc);
  g_variant_dict_insert (&dict, "target-electrode", "u", c->muscles[0].electrode);
  g_variant_dict_insert (&dict, "target-unit", "s", unit_of (c, PROPRIO_ACTIVATION_TARGET));
  g_variant_dict_insert (&dict, "quiet-channel", "u", c->muscles[1].channel);
  g_variant_dict_insert (&dict, "quiet-mvc", "d", c->muscles[1].mvc);
  g_variant_dict_insert (&dict, "quiet-electrode", "u", c->muscles[1].electrode);
  g_variant_dict_insert (&dict, "quiet-unit", "s", unit_of (c, PROPRIO_ACTIVATION_QUIET));
  return g_variant_dict_end (&dict);
}

static gboolean
check_unit (GVariant          *settings,
            const char        *key,
            const DrillConfig *c,
            guint              muscle,
            GError           **error)
{
  g_autoptr(GVariant) value = NULL;

  if (!proprio_settings_get_value (settings, key, G_VARIANT_TYPE_STRING, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (!g_str_equal (g_variant_get_string (value, NULL), unit_of (c, muscle)))
    {
      proprio_settings_error (error, key,
                              c->muscles[muscle].mvc > 0.0
                              ? _("with an MVC the values are in %MVC")
                              : _("without an MVC the values are in the envelope’s own unit "
                                  "(uV); give an MVC to work in %MVC"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
proprio_activation_drill_apply_settings (ProprioExercise  *exercise,
                                         GVariant         *settings,
                                         GError          **error)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);
  DrillConfig c = self->config;
  guint mode = c.mode;
  double work_s = (double) c.work_us / G_USEC_PER_SEC;
  double rest_s = (double) c.rest_us / G_USEC_PER_SEC;
  double countdown_s = (double) c.countdown_us / G_USEC_PER_SEC;

  if (!proprio_settings_check_keys (settings, setting_keys, error) ||
      !proprio_settings_get_nick (settings, "mode", mode_nicks, G_N_ELEMENTS (mode_nicks), &mode,
                                  error) ||
      !proprio_settings_get_double (settings, "work-s", 0.5, 600.0, &work_s, error) ||
      !proprio_settings_get_double (settings, "rest-s", 0.0, 600.0, &rest_s, error) ||
      !proprio_settings_get_uint (settings, "repetitions", 1, 1000, &c.repetitions, error) ||
      !proprio_settings_get_double (settings, "countdown-s", 0.0, 60.0, &countdown_s, error) ||
      !proprio_settings_get_double (settings, "band-lower", 0.0, 1e6, &c.lower, error) ||
      !proprio_settings_get_double (settings, "band-upper", 0.0, 1e6, &c.upper, error) ||
      !proprio_settings_get_double (settings, "threshold", 0.0, 1e6, &c.threshold, error) ||
      !proprio_settings_get_double (settings, "success-percent", 1.0, 100.0, &c.success_percent,
                                    error) ||
      !proprio_settings_get_uint (settings, "target-channel", 0, PROPRIO_MAX_CHANNELS - 1,
                                  &c.muscles[0].channel, error) ||
      !proprio_settings_get_double (settings, "target-mvc", 0.0, 1e7, &c.muscles[0].mvc, error) ||
      !proprio_settings_get_uint (settings, "target-electrode", 0, PROPRIO_MAX_CHANNELS - 1,
                                  &c.muscles[0].electrode, error) ||
      !proprio_settings_get_uint (settings, "quiet-channel", 0, PROPRIO_MAX_CHANNELS - 1,
                                  &c.muscles[1].channel, error) ||
      !proprio_settings_get_double (settings, "quiet-mvc", 0.0, 1e7, &c.muscles[1].mvc, error) ||
      !proprio_settings_get_uint (settings, "quiet-electrode", 0, PROPRIO_MAX_CHANNELS - 1,
                                  &c.muscles[1].electrode, error) ||
      !check_unit (settings, "target-unit", &c, PROPRIO_ACTIVATION_TARGET, error) ||
      !check_unit (settings, "quiet-unit", &c, PROPRIO_ACTIVATION_QUIET, error))
    return FALSE;

  if (c.lower >= c.upper)
    {
      proprio_settings_error (error, "band-upper",
                              _("the top of the band must be above its bottom"));
      return FALSE;
    }
  if (c.threshold <= 0.0)
    {
      proprio_settings_error (error, "threshold", _("the threshold must be above 0"));
      return FALSE;
    }
  c.mode = mode;
  if (c.mode == PROPRIO_ACTIVATION_DUAL && c.muscles[0].channel == c.muscles[1].channel)
    {
      proprio_settings_error (error, "quiet-channel",
                              _("the muscle to keep quiet must be another channel than the one "
                                "to activate"));
      return FALSE;
    }
  c.work_us = (gint64) llround (work_s * G_USEC_PER_SEC);
  c.rest_us = (gint64) llround (rest_s * G_USEC_PER_SEC);
  c.countdown_us = (gint64) llround (countdown_s * G_USEC_PER_SEC);
  self->config = c;
  return TRUE;
}

static GVariant *
proprio_activation_drill_get_results (ProprioExercise *exercise)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (exercise);
  g_auto(GVariantBuilder) reps = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) summary_dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  ProprioActivationSummary summary;

  g_variant_dict_insert (&dict, "mode", "s", mode_nicks[self->run.mode]);
  g_variant_dict_insert (&dict, "unit", "s",
                         unit_of (&self->run, primary_muscle (self->run.mode)));
  g_variant_dict_insert (&dict, "quiet-unit", "s", unit_of (&self->run, PROPRIO_ACTIVATION_QUIET));
  for (guint i = 0; i < self->reps->len; i++)
    {
      const ProprioActivationRep *r = proprio_activation_drill_get_rep (self, i);
      g_auto(GVariantDict) rep = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&rep, "rep", "u", r->rep);
      g_variant_dict_insert (&rep, "work-start-us", "x", r->work_start_us);
      g_variant_dict_insert (&rep, "time-to-band-s", "d", r->time_to_band_s);
      g_variant_dict_insert (&rep, "time-in-band-s", "d", r->time_in_band_s);
      g_variant_dict_insert (&rep, "time-in-band-percent", "d", r->time_in_band_percent);
      g_variant_dict_insert (&rep, "peak", "d", r->peak);
      g_variant_dict_insert (&rep, "mean", "d", r->mean);
      g_variant_dict_insert (&rep, "quiet-mean", "d", r->quiet_mean);
      g_variant_dict_insert (&rep, "coactivation-ratio", "d", r->coactivation_ratio);
      g_variant_dict_insert (&rep, "success", "b", r->success);
      g_variant_builder_add_value (&reps, g_variant_dict_end (&rep));
    }
  g_variant_dict_insert_value (&dict, "reps", g_variant_builder_end (&reps));

  proprio_activation_drill_get_summary (self, &summary);
  g_variant_dict_insert (&summary_dict, "n-reps", "u", summary.n_reps);
  g_variant_dict_insert (&summary_dict, "n-successes", "u", summary.n_successes);
  g_variant_dict_insert (&summary_dict, "mean-time-in-band-s", "d", summary.mean_time_in_band_s);
  g_variant_dict_insert (&summary_dict, "mean-time-in-band-percent", "d",
                         summary.mean_time_in_band_percent);
  g_variant_dict_insert (&summary_dict, "fatigue-slope-per-rep", "d",
                         summary.fatigue_slope_per_rep);
  g_variant_dict_insert_value (&dict, "summary", g_variant_dict_end (&summary_dict));
  return g_variant_dict_end (&dict);
}

/* --- object --- */

static void
proprio_activation_drill_finalize (GObject *object)
{
  ProprioActivationDrill *self = PROPRIO_ACTIVATION_DRILL (object);

  g_clear_pointer (&self->reps, g_array_unref);

  G_OBJECT_CLASS (proprio_activation_drill_parent_class)->finalize (object);
}

static void
proprio_activation_drill_class_init (ProprioActivationDrillClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_activation_drill_finalize;

  exercise_class->stream_kind = PROPRIO_STREAM_EMG;
  exercise_class->id = "activation-drill";
  exercise_class->title = N_("Activation drill");
  exercise_class->start = proprio_activation_drill_start;
  exercise_class->stop = proprio_activation_drill_stop;
  exercise_class->feed = proprio_activation_drill_feed;
  exercise_class->tick = proprio_activation_drill_tick;
  exercise_class->get_time_left = proprio_activation_drill_get_time_left;
  exercise_class->get_settings = proprio_activation_drill_get_settings;
  exercise_class->apply_settings = proprio_activation_drill_apply_settings;
  exercise_class->get_results = proprio_activation_drill_get_results;
}

static void
proprio_activation_drill_init (ProprioActivationDrill *self)
{
  self->reps = g_array_new (FALSE, TRUE, sizeof (ProprioActivationRep));
  self->config.mode = PROPRIO_ACTIVATION_ACTIVATE;
  self->config.work_us = 10 * G_USEC_PER_SEC;
  self->config.rest_us = 10 * G_USEC_PER_SEC;
  self->config.countdown_us = 3 * G_USEC_PER_SEC;
  self->config.repetitions = 10;
  self->config.lower = 30.0;
  self->config.upper = 50.0;
  self->config.threshold = 10.0;
  self->config.success_percent = 50.0;
  self->config.muscles[0] = (Muscle) { 1, 0.0, 0 };
  self->config.muscles[1] = (Muscle) { 2, 0.0, 1 };
  self->run = self->config;
  self->display[0] = self->display[1] = NAN;
  self->latest[0] = self->latest[1] = NAN;
}

ProprioActivationDrill *
proprio_activation_drill_new (void)
{
  return g_object_new (PROPRIO_TYPE_ACTIVATION_DRILL, NULL);
}

/* --- configuration --- */

static gboolean
configurable (ProprioActivationDrill *self)
{
  return proprio_exercise_check_configurable (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_mode (ProprioActivationDrill *self,
                                   ProprioActivationMode   mode)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (mode <= PROPRIO_ACTIVATION_DUAL);

  if (!configurable (self))
    return;
  self->config.mode = mode;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

ProprioActivationMode
proprio_activation_drill_get_mode (ProprioActivationDrill *self)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), PROPRIO_ACTIVATION_ACTIVATE);
  return self->config.mode;
}

void
proprio_activation_drill_set_timing (ProprioActivationDrill *self,
                                     double                  work_s,
                                     double                  rest_s,
                                     guint                   repetitions)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (isfinite (work_s) && work_s >= 0.5 && work_s <= 600.0);
  g_return_if_fail (isfinite (rest_s) && rest_s >= 0.0 && rest_s <= 600.0);
  g_return_if_fail (repetitions >= 1 && repetitions <= 1000);

  if (!configurable (self))
    return;
  self->config.work_us = (gint64) llround (work_s * G_USEC_PER_SEC);
  self->config.rest_us = (gint64) llround (rest_s * G_USEC_PER_SEC);
  self->config.repetitions = repetitions;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_countdown (ProprioActivationDrill *self,
                                        double                  seconds)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (isfinite (seconds) && seconds >= 0.0 && seconds <= 60.0);

  if (!configurable (self))
    return;
  self->config.countdown_us = (gint64) llround (seconds * G_USEC_PER_SEC);
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_band (ProprioActivationDrill *self,
                                   double                  lower,
                                   double                  upper)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (isfinite (lower) && isfinite (upper) && lower >= 0.0 && lower < upper);

  if (!configurable (self))
    return;
  self->config.lower = lower;
  self->config.upper = upper;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_threshold (ProprioActivationDrill *self,
                                        double                  threshold)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (isfinite (threshold) && threshold > 0.0);

  if (!configurable (self))
    return;
  self->config.threshold = threshold;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_success_percent (ProprioActivationDrill *self,
                                              double                  percent)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (isfinite (percent) && percent >= 1.0 && percent <= 100.0);

  if (!configurable (self))
    return;
  self->config.success_percent = percent;
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

void
proprio_activation_drill_set_muscle (ProprioActivationDrill  *self,
                                     ProprioActivationMuscle  muscle,
                                     guint                    channel,
                                     double                   mvc,
                                     guint                    electrode)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (muscle <= PROPRIO_ACTIVATION_QUIET);
  g_return_if_fail (channel < PROPRIO_MAX_CHANNELS && electrode < PROPRIO_MAX_CHANNELS);
  g_return_if_fail (isfinite (mvc) && mvc >= 0.0);

  if (!configurable (self))
    return;
  self->config.muscles[muscle] = (Muscle) { channel, mvc, electrode };
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

guint
proprio_activation_drill_get_electrode (ProprioActivationDrill  *self,
                                        ProprioActivationMuscle  muscle)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), 0);
  g_return_val_if_fail (muscle <= PROPRIO_ACTIVATION_QUIET, 0);
  return self->run.muscles[muscle].electrode;
}

gboolean
proprio_activation_drill_has_mvc (ProprioActivationDrill  *self,
                                  ProprioActivationMuscle  muscle)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), FALSE);
  g_return_val_if_fail (muscle <= PROPRIO_ACTIVATION_QUIET, FALSE);
  return self->config.muscles[muscle].mvc > 0.0;
}

/* --- state for views --- */

ProprioActivationStage
proprio_activation_drill_get_stage (ProprioActivationDrill *self)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), PROPRIO_ACTIVATION_STAGE_NONE);
  return proprio_exercise_is_active (PROPRIO_EXERCISE (self)) ? self->stage
                                                               : PROPRIO_ACTIVATION_STAGE_NONE;
}

guint
proprio_activation_drill_get_current_rep (ProprioActivationDrill *self)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), 0);
  return self->rep;
}

gboolean
proprio_activation_drill_get_hold (ProprioActivationDrill *self,
                                   double                 *held_s,
                                   double                 *needed_s)
{
  gboolean any;

  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), FALSE);

  any = self->rep > 0;
  if (held_s != NULL)
    *held_s = any ? (double) self->in_band_us / G_USEC_PER_SEC : 0.0;
  if (needed_s != NULL)
    *needed_s = any ? self->run.success_percent / 100.0 * (double) self->run.work_us /
                      G_USEC_PER_SEC
                    : 0.0;
  return any;
}

ProprioActivationMode
proprio_activation_drill_get_run_mode (ProprioActivationDrill *self)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), PROPRIO_ACTIVATION_ACTIVATE);
  return self->run.mode;
}

void
proprio_activation_drill_get_run_band (ProprioActivationDrill *self,
                                       double                 *lower,
                                       double                 *upper)
{
  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  if (lower != NULL)
    *lower = self->run.lower;
  if (upper != NULL)
    *upper = self->run.upper;
}

void
proprio_activation_drill_get_feedback (ProprioActivationDrill    *self,
                                       ProprioActivationMuscle    muscle,
                                       ProprioActivationFeedback *out)
{
  const DrillConfig *c;

  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (muscle <= PROPRIO_ACTIVATION_QUIET);
  g_return_if_fail (out != NULL);

  c = &self->run;
  out->used = mode_uses (c->mode, muscle);
  out->has_mvc = c->muscles[muscle].mvc > 0.0;
  out->has_value = self->have_value[muscle];
  out->value = self->display[muscle];
  out->threshold = c->threshold;
  if (muscle == PROPRIO_ACTIVATION_TARGET)
    {
      out->lower = c->lower;
      out->upper = c->upper;
      out->in_band = self->have_value[muscle] && self->latest[muscle] >= c->lower &&
                     self->latest[muscle] <= c->upper;
    }
  else
    {
      out->lower = 0.0;
      out->upper = c->threshold;
      out->in_band = self->have_value[muscle] && self->latest[muscle] < c->threshold;
    }
}

guint
proprio_activation_drill_get_n_reps (ProprioActivationDrill *self)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), 0);
  return self->reps->len;
}

const ProprioActivationRep *
proprio_activation_drill_get_rep (ProprioActivationDrill *self,
                                  guint                   index)
{
  g_return_val_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self), NULL);
  g_return_val_if_fail (index < self->reps->len, NULL);
  return &g_array_index (self->reps, ProprioActivationRep, index);
}

void
proprio_activation_drill_get_summary (ProprioActivationDrill   *self,
                                      ProprioActivationSummary *out)
{
  double sum_s = 0.0, sum_pct = 0.0;
  double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
  guint n_peaks = 0;

  g_return_if_fail (PROPRIO_IS_ACTIVATION_DRILL (self));
  g_return_if_fail (out != NULL);

  out->n_reps = self->reps->len;
  out->n_successes = 0;
  for (guint i = 0; i < self->reps->len; i++)
    {
      const ProprioActivationRep *r = proprio_activation_drill_get_rep (self, i);

      out->n_successes += r->success ? 1 : 0;
      sum_s += r->time_in_band_s;
      sum_pct += r->time_in_band_percent;
      if (isfinite (r->peak))
        {
          sx += r->rep;
          sy += r->peak;
          sxx += (double) r->rep * r->rep;
          sxy += r->rep * r->peak;
          n_peaks++;
        }
    }
  out->mean_time_in_band_s = out->n_reps > 0 ? sum_s / out->n_reps : NAN;
  out->mean_time_in_band_percent = out->n_reps > 0 ? sum_pct / out->n_reps : NAN;
  /* Ordinary least squares of peak on rep number. */
  out->fatigue_slope_per_rep = n_peaks >= 2
                               ? (n_peaks * sxy - sx * sy) / (n_peaks * sxx - sx * sx)
                               : NAN;
}
