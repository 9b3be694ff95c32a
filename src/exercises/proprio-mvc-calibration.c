/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mvc-calibration"

#include "config.h"

#include "proprio-mvc-calibration.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-exercise-private.h"

/* Samples reach the station a little after they were taken: a tick ends a contraction only this
 * long after its end, so its last samples still count. */
#define TICK_GRACE_US (250 * 1000)

typedef struct
{
  double contraction_s;
  double rest_s;
  double countdown_s;
  double window_s;
  guint  contractions;
  char  *channel;        /* "" for all */
} MvcConfig;

/* One channel of a run: its samples inside the contractions, and what came of them. */
typedef struct
{
  char             *name;
  guint             envelope;
  GArray           *t_us;     /* gint64 */
  GArray           *value;    /* double */
  ProprioMvcStatus  status;
  double            mvc;
  double            best[PROPRIO_MVC_MAX_CONTRACTIONS];
  char             *message;
} RunChannel;

struct _ProprioMvcCalibration
{
  ProprioExercise parent_instance;

  MvcConfig       config;       /* for the next start () */
  GPtrArray      *names;        /* of char *: the channels set_channels () gave */
  GArray         *envelopes;    /* of guint */

  /* The current or last run. */
  MvcConfig       run;
  GArray         *channels;     /* of RunChannel */
  guint           max_envelope; /* the widest sample channel read + 1 */
  gboolean        anchored;
  gint64          t0_us;
  guint           segment;      /* 0 countdown, 2k + 1 contraction k, 2k + 2 rest after it */
  guint           completed;
  int             shown_seconds;
  gboolean        done;
};

G_DEFINE_FINAL_TYPE (ProprioMvcCalibration, proprio_mvc_calibration, PROPRIO_TYPE_EXERCISE)

static const char * const setting_keys[] = {
  "contractions", "contraction-s", "rest-s", "countdown-s", "window-s", "channel", NULL
};

static void
run_channel_clear (gpointer data)
{
  RunChannel *ch = data;

  g_clear_pointer (&ch->name, g_free);
  g_clear_pointer (&ch->t_us, g_array_unref);
  g_clear_pointer (&ch->value, g_array_unref);
  g_clear_pointer (&ch->message, g_free);
}

static gint64
seconds_to_us (double s)
{
  return (gint64) llround (s * G_USEC_PER_SEC);
}

static guint
n_segments (ProprioMvcCalibration *self)
{
  return 2 * self->run.contractions;
}

static void
contraction_bounds (ProprioMvcCalibration *self,
                    guint                  k,
                    gint64                *start,
                    gint64                *end)
{
  gint64 first = self->t0_us + seconds_to_us (self->run.countdown_s);
  gint64 period = seconds_to_us (self->run.contraction_s) + seconds_to_us (self->run.rest_s);

  *start = first + (gint64) k * period;
  *end = *start + seconds_to_us (self->run.contraction_s);
}

static void
segment_bounds (ProprioMvcCalibration *self,
                guint                  segment,
                gint64                *start,
                gint64                *end)
{
  gint64 s, e;

  if (segment == 0)
    {
      *start = self->t0_us;
      *end = self->t0_us + seconds_to_us (self->run.countdown_s);
      return;
    }
  contraction_bounds (self, (segment - 1) / 2, &s, &e);
  if (segment % 2 == 1)
    {
      *start = s;
      *end = e;
    }
  else
    {
      *start = e;
      *end = e + seconds_to_us (self->run.rest_s);
    }
}

static gboolean
in_contraction (ProprioMvcCalibration *self)
{
  return self->anchored && !self->done && self->segment % 2 == 1;
}

/* The prompt for the patient, and a COUNTDOWN event each time the lead-in's number drops. */
static void
update_prompt (ProprioMvcCalibration *self,
               gint64                 t_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);
  gint64 start, end;
  int seconds;

  segment_bounds (self, self->segment, &start, &end);
  seconds = proprio_exercise_seconds_left (t_us, end);

  if (self->segment == 0)
    {
      if (seconds != self->shown_seconds)
        {
          /* The instant that number came up: the lead-in's whole seconds, counted back. */
          gint64 at = MAX (start, end - (gint64) seconds * G_USEC_PER_SEC);

          self->shown_seconds = seconds;
          proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_COUNTDOWN, at);
        }
      proprio_exercise_take_prompt (exercise, g_strdup_printf (_("Get ready… %d"), seconds));
    }
  else if (self->segment % 2 == 1)
    {
      /* TRANSLATORS: the patient squeezes the muscle; the number is the seconds left. */
      proprio_exercise_take_prompt (exercise, g_strdup_printf (_("Squeeze as hard as you can — %d"),
                                                               seconds));
    }
  else
    proprio_exercise_set_prompt (exercise, _("Rest"));
}

static void
enter_segment (ProprioMvcCalibration *self,
               gint64                 start_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  if (self->segment % 2 == 1)
    {
      proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_RUNNING);
      proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_START, start_us);
    }
  else
    proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  proprio_exercise_mark_changed (exercise);
}

static void
compute_results (ProprioMvcCalibration *self)
{
  ProprioEmgInterval intervals[PROPRIO_MVC_MAX_CONTRACTIONS];

  for (guint k = 0; k < self->run.contractions; k++)
    contraction_bounds (self, k, &intervals[k].start_us, &intervals[k].end_us);

  for (guint i = 0; i < self->channels->len; i++)
    {
      RunChannel *ch = &g_array_index (self->channels, RunChannel, i);
      g_autoptr(GError) error = NULL;

      if (proprio_emg_mvc_compute ((const gint64 *) ch->t_us->data,
                                   (const double *) ch->value->data, ch->t_us->len,
                                   intervals, self->run.contractions, self->run.window_s,
                                   &ch->mvc, ch->best, &error))
        ch->status = PROPRIO_MVC_STATUS_DONE;
      else
        {
          ch->status = PROPRIO_MVC_STATUS_FAILED;
          ch->mvc = NAN;
          /* TRANSLATORS: a channel name, then why its MVC could not be computed. */
          ch->message = g_strdup_printf (_("%s: %s Repeat the calibration."), ch->name,
                                         error->message);
        }
    }
}

/* Moves the schedule on to `t_us`. A sample ends a segment at its end; a tick only `grace`
 * later. */
static void
advance (ProprioMvcCalibration *self,
         gint64                 t_us,
         gint64                 grace_us)
{
  ProprioExercise *exercise = PROPRIO_EXERCISE (self);

  if (self->done)
    return;
  if (!self->anchored)
    {
      self->anchored = TRUE;
      self->t0_us = t_us;
      self->segment = 0;
      enter_segment (self, t_us);
    }

  for (;;)
    {
      gint64 start, end;

      segment_bounds (self, self->segment, &start, &end);
      if (t_us < end + grace_us)
        break;
      if (self->segment % 2 == 1)
        {
          self->completed++;
          proprio_exercise_emit_event (exercise, PROPRIO_EXERCISE_EVENT_STOP, end);
        }
      self->segment++;
      if (self->segment >= n_segments (self))
        {
          self->done = TRUE;
          compute_results (self);
          proprio_exercise_set_prompt (exercise, _("Done"));
          proprio_exercise_mark_changed (exercise);
          proprio_exercise_finish (exercise, end);
          return;
        }
      enter_segment (self, end);
    }
  update_prompt (self, t_us);
}

static void
proprio_mvc_calibration_start (ProprioExercise *exercise)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);

  g_free (self->run.channel);
  self->run = self->config;
  self->run.channel = g_strdup (self->config.channel);
  g_array_set_size (self->channels, 0);
  self->max_envelope = 0;
  self->anchored = FALSE;
  self->segment = 0;
  self->completed = 0;
  self->shown_seconds = -1;
  self->done = FALSE;

  for (guint i = 0; i < self->names->len; i++)
    {
      const char *name = g_ptr_array_index (self->names, i);
      RunChannel ch = { 0, };

      if (*self->run.channel != '\0' && g_strcmp0 (self->run.channel, name) != 0)
        continue;
      ch.name = g_strdup (name);
      ch.envelope = g_array_index (self->envelopes, guint, i);
      ch.t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      ch.value = g_array_new (FALSE, FALSE, sizeof (double));
      ch.mvc = NAN;
      self->max_envelope = MAX (self->max_envelope, ch.envelope + 1);
      g_array_append_val (self->channels, ch);
    }

  proprio_exercise_set_phase (exercise, PROPRIO_EXERCISE_PHASE_COUNTDOWN);
  proprio_exercise_take_prompt (exercise, g_strdup_printf (_("Get ready… %d"),
                                                           (int) ceil (self->run.countdown_s)));
  if (self->channels->len == 0)
    {
      if (*self->run.channel != '\0')
        proprio_exercise_take_message (exercise,
                                       g_strdup_printf (_("The device has no EMG channel “%s” "
                                                          "to calibrate: choose another one"),
                                                        self->run.channel));
      else
        proprio_exercise_set_message (exercise, _("There is no EMG envelope to calibrate: "
                                                  "connect an EMG device first"));
      self->done = TRUE;
      proprio_exercise_finish (exercise, g_get_monotonic_time ());
    }
}

static void
proprio_mvc_calibration_stop (ProprioExercise *exercise)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);

  /* The run is discarded: a partial calibration would set every %MVC after it wrong. */
  for (guint i = 0; i < self->channels->len; i++)
    {
      RunChannel *ch = &g_array_index (self->channels, RunChannel, i);

      ch->status = PROPRIO_MVC_STATUS_NOT_RUN;
      ch->mvc = NAN;
      g_array_set_size (ch->t_us, 0);
      g_array_set_size (ch->value, 0);
    }
  self->done = TRUE;
}

static gboolean
proprio_mvc_calibration_feed (ProprioExercise     *exercise,
                              const ProprioSample *sample)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);
  gint64 start, end;

  /* A sample without the envelopes is not from the stream this run was set up for. */
  if (sample->n_channels < self->max_envelope)
    return FALSE;

  advance (self, sample->t_us, 0);
  if (!in_contraction (self))
    return TRUE;
  segment_bounds (self, self->segment, &start, &end);
  if (sample->t_us < start || sample->t_us >= end)
    return TRUE;

  for (guint i = 0; i < self->channels->len; i++)
    {
      RunChannel *ch = &g_array_index (self->channels, RunChannel, i);
      double v = sample->values[ch->envelope];

      /* NaN (an envelope still settling, a lost value) is left out, not averaged in. */
      if (!isfinite (v))
        continue;
      g_array_append_val (ch->t_us, sample->t_us);
      g_array_append_val (ch->value, v);
    }
  return TRUE;
}

static void
proprio_mvc_calibration_tick (ProprioExercise *exercise,
                              gint64           now_us)
{
  advance (PROPRIO_MVC_CALIBRATION (exercise), now_us, TICK_GRACE_US);
}

static double
proprio_mvc_calibration_get_time_left (ProprioExercise *exercise,
                                       gint64           now_us)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);
  gint64 start, end;

  if (!proprio_exercise_is_active (exercise) || self->done)
    return -1.0;
  if (!self->anchored)
    return self->run.countdown_s;
  segment_bounds (self, self->segment, &start, &end);
  return proprio_exercise_time_until (now_us, end);
}

static GVariant *
proprio_mvc_calibration_get_settings (ProprioExercise *exercise)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&dict, "contractions", "u", self->config.contractions);
  g_variant_dict_insert (&dict, "contraction-s", "d", self->config.contraction_s);
  g_variant_dict_insert (&dict, "rest-s", "d", self->config.rest_s);
  g_variant_dict_insert (&dict, "countdown-s", "d", self->config.countdown_s);
  g_variant_dict_insert (&dict, "window-s", "d", self->config.window_s);
  g_variant_dict_insert (&dict, "channel", "s", self->config.channel);
  return g_variant_dict_end (&dict);
}

static gboolean
proprio_mvc_calibration_apply_settings (ProprioExercise  *exercise,
                                        GVariant         *settings,
                                        GError          **error)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);
  MvcConfig c = self->config;
  g_autoptr(GVariant) channel_value = NULL;
  const char *channel = NULL;

  if (!proprio_settings_check_keys (settings, setting_keys, error) ||
      !proprio_settings_get_uint (settings, "contractions", 1, PROPRIO_MVC_MAX_CONTRACTIONS,
                                  &c.contractions, error) ||
      !proprio_settings_get_double (settings, "contraction-s", 3.0, 5.0, &c.contraction_s,
                                    error) ||
      !proprio_settings_get_double (settings, "rest-s", 5.0, 120.0, &c.rest_s, error) ||
      !proprio_settings_get_double (settings, "countdown-s", 0.0, 10.0, &c.countdown_s, error) ||
      !proprio_settings_get_double (settings, "window-s", 0.25, 2.0, &c.window_s, error))
    return FALSE;

  if (!proprio_settings_get_value (settings, "channel", G_VARIANT_TYPE_STRING, &channel_value,
                                   error))
    return FALSE;
  if (channel_value != NULL)
    {
      channel = g_variant_get_string (channel_value, NULL);
      /* Before the device is known any name goes: start () says when it is not there. */
      if (*channel != '\0' && self->names->len > 0 &&
          !g_ptr_array_find_with_equal_func (self->names, channel, g_str_equal, NULL))
        {
          proprio_settings_error (error, "channel", _("not an EMG channel of this device"));
          return FALSE;
        }
    }

  /* The best window has to fit in a contraction, with room to move. */
  if (c.window_s >= c.contraction_s)
    {
      proprio_settings_error (error, "window-s", _("must be shorter than the contraction"));
      return FALSE;
    }

  self->config.contractions = c.contractions;
  self->config.contraction_s = c.contraction_s;
  self->config.rest_s = c.rest_s;
  self->config.countdown_s = c.countdown_s;
  self->config.window_s = c.window_s;
  if (channel != NULL)
    {
      g_free (self->config.channel);
      self->config.channel = g_strdup (channel);
    }
  return TRUE;
}

static GVariant *
proprio_mvc_calibration_get_results (ProprioExercise *exercise)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (exercise);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantBuilder) starts = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ax"));
  g_auto(GVariantBuilder) ends = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("ax"));
  g_auto(GVariantBuilder) channels = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_autoptr(ProprioEmgCalibration) calibration = proprio_emg_calibration_new ();
  static const char * const status_names[] = { "not-run", "done", "failed" };

  g_variant_dict_insert (&dict, "contractions", "u", self->run.contractions);
  g_variant_dict_insert (&dict, "completed", "u", self->completed);
  g_variant_dict_insert (&dict, "window-s", "d", self->run.window_s);
  if (self->anchored)
    {
      for (guint k = 0; k < self->run.contractions; k++)
        {
          gint64 s, e;

          contraction_bounds (self, k, &s, &e);
          g_variant_builder_add (&starts, "x", s);
          g_variant_builder_add (&ends, "x", e);
        }
    }
  g_variant_dict_insert_value (&dict, "contraction-start-us", g_variant_builder_end (&starts));
  g_variant_dict_insert_value (&dict, "contraction-end-us", g_variant_builder_end (&ends));

  for (guint i = 0; i < self->channels->len; i++)
    {
      RunChannel *ch = &g_array_index (self->channels, RunChannel, i);
      g_auto(GVariantDict) c = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&c, "name", "s", ch->name);
      g_variant_dict_insert (&c, "envelope-channel", "u", ch->envelope);
      g_variant_dict_insert (&c, "status", "s", status_names[ch->status]);
      if (ch->status == PROPRIO_MVC_STATUS_DONE)
        {
          g_variant_dict_insert (&c, "mvc-uv", "d", ch->mvc);
          g_variant_dict_insert_value (&c, "best-uv",
                                       g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, ch->best,
                                                                  self->run.contractions,
                                                                  sizeof (double)));
          proprio_emg_calibration_set (calibration, ch->name, ch->mvc);
        }
      if (ch->status == PROPRIO_MVC_STATUS_FAILED && ch->message != NULL)
        g_variant_dict_insert (&c, "message", "s", ch->message);
      g_variant_builder_add_value (&channels, g_variant_dict_end (&c));
    }
  g_variant_dict_insert_value (&dict, "channels", g_variant_builder_end (&channels));
  g_variant_dict_insert_value (&dict, "calibration",
                               proprio_emg_calibration_to_variant (calibration));
  return g_variant_dict_end (&dict);
}

static void
proprio_mvc_calibration_finalize (GObject *object)
{
  ProprioMvcCalibration *self = PROPRIO_MVC_CALIBRATION (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->envelopes, g_array_unref);
  g_clear_pointer (&self->channels, g_array_unref);
  g_free (self->config.channel);
  g_free (self->run.channel);

  G_OBJECT_CLASS (proprio_mvc_calibration_parent_class)->finalize (object);
}

static void
proprio_mvc_calibration_class_init (ProprioMvcCalibrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ProprioExerciseClass *exercise_class = PROPRIO_EXERCISE_CLASS (klass);

  object_class->finalize = proprio_mvc_calibration_finalize;

  exercise_class->stream_kind = PROPRIO_STREAM_EMG;
  exercise_class->id = "mvc-calibration";
  exercise_class->title = N_("MVC calibration");
  exercise_class->start = proprio_mvc_calibration_start;
  exercise_class->stop = proprio_mvc_calibration_stop;
  exercise_class->feed = proprio_mvc_calibration_feed;
  exercise_class->tick = proprio_mvc_calibration_tick;
  exercise_class->get_time_left = proprio_mvc_calibration_get_time_left;
  exercise_class->get_settings = proprio_mvc_calibration_get_settings;
  exercise_class->apply_settings = proprio_mvc_calibration_apply_settings;
  exercise_class->get_results = proprio_mvc_calibration_get_results;
}

static void
proprio_mvc_calibration_init (ProprioMvcCalibration *self)
{
  self->config.contractions = 3;
  self->config.contraction_s = 5.0;
  self->config.rest_s = 10.0;
  self->config.countdown_s = 3.0;
  self->config.window_s = 1.0;
  self->config.channel = g_strdup ("");
  self->run = self->config;
  self->run.channel = g_strdup ("");
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->envelopes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->channels = g_array_new (FALSE, TRUE, sizeof (RunChannel));
  g_array_set_clear_func (self->channels, run_channel_clear);
  self->done = TRUE;
}

ProprioMvcCalibration *
proprio_mvc_calibration_new (void)
{
  return g_object_new (PROPRIO_TYPE_MVC_CALIBRATION, NULL);
}

void
proprio_mvc_calibration_set_channels (ProprioMvcCalibration *self,
                                      const guint           *envelopes,
                                      const char * const    *names,
                                      guint                  n_channels)
{
  g_return_if_fail (PROPRIO_IS_MVC_CALIBRATION (self));
  g_return_if_fail (n_channels == 0 || (envelopes != NULL && names != NULL));

  for (guint i = 0; i < n_channels; i++)
    {
      g_return_if_fail (names[i] != NULL);
      g_return_if_fail (envelopes[i] < PROPRIO_MAX_CHANNELS);
    }
  if (!proprio_exercise_check_configurable (PROPRIO_EXERCISE (self)))
    return;

  g_ptr_array_set_size (self->names, 0);
  g_array_set_size (self->envelopes, 0);
  for (guint i = 0; i < n_channels; i++)
    {
      g_ptr_array_add (self->names, g_strdup (names[i]));
      g_array_append_val (self->envelopes, envelopes[i]);
    }
  proprio_exercise_emit_changed (PROPRIO_EXERCISE (self));
}

guint
proprio_mvc_calibration_get_n_channels (ProprioMvcCalibration *self)
{
  g_return_val_if_fail (PROPRIO_IS_MVC_CALIBRATION (self), 0);
  return self->names->len;
}

const char *
proprio_mvc_calibration_get_channel_name (ProprioMvcCalibration *self,
                                          guint                  index)
{
  g_return_val_if_fail (PROPRIO_IS_MVC_CALIBRATION (self), NULL);
  g_return_val_if_fail (index < self->names->len, NULL);
  return g_ptr_array_index (self->names, index);
}

guint
proprio_mvc_calibration_get_contraction (ProprioMvcCalibration *self)
{
  g_return_val_if_fail (PROPRIO_IS_MVC_CALIBRATION (self), 0);
  return in_contraction (self) ? (self->segment - 1) / 2 + 1 : 0;
}

ProprioMvcStatus
proprio_mvc_calibration_get_result (ProprioMvcCalibration  *self,
                                    guint                   index,
                                    double                 *mvc,
                                    const double          **best,
                                    guint                  *n_best,
                                    const char            **message)
{
  RunChannel *ch;

  g_return_val_if_fail (PROPRIO_IS_MVC_CALIBRATION (self), PROPRIO_MVC_STATUS_NOT_RUN);
  g_return_val_if_fail (index < self->channels->len, PROPRIO_MVC_STATUS_NOT_RUN);

  ch = &g_array_index (self->channels, RunChannel, index);
  if (mvc != NULL)
    *mvc = ch->status == PROPRIO_MVC_STATUS_DONE ? ch->mvc : NAN;
  if (best != NULL)
    *best = ch->status == PROPRIO_MVC_STATUS_DONE ? ch->best : NULL;
  if (n_best != NULL)
    *n_best = ch->status == PROPRIO_MVC_STATUS_DONE ? self->run.contractions : 0;
  if (message != NULL)
    *message = ch->status == PROPRIO_MVC_STATUS_FAILED ? ch->message : NULL;
  return ch->status;
}

ProprioEmgCalibration *
proprio_mvc_calibration_dup_calibration (ProprioMvcCalibration *self)
{
  g_autoptr(ProprioEmgCalibration) calibration = NULL;

  g_return_val_if_fail (PROPRIO_IS_MVC_CALIBRATION (self), NULL);

  if (proprio_exercise_get_phase (PROPRIO_EXERCISE (self)) != PROPRIO_EXERCISE_PHASE_DONE)
    return NULL;
  calibration = proprio_emg_calibration_new ();
  for (guint i = 0; i < self->channels->len; i++)
    {
      RunChannel *ch = &g_array_index (self->channels, RunChannel, i);

      if (ch->status == PROPRIO_MVC_STATUS_DONE)
        proprio_emg_calibration_set (calibration, ch->name, ch->mvc);
    }
  if (proprio_emg_calibration_get_n_channels (calibration) == 0)
    return NULL;
  return g_steal_pointer (&calibration);
}
