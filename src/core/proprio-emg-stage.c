/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg"

#include "config.h"

#include "proprio-emg-stage.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-stream.h"

/* A rate is measured over this span of uninterrupted samples. */
#define MEASURE_SPAN_US G_USEC_PER_SEC
/* What the settings are checked against before a rate is known: the highest rate a device
 * spec accepts, so only the rate itself can still turn out too low. */
#define MEASURE_CHECK_RATE_HZ 2000.0

typedef struct
{
  guint                    input;      /* channel of the input layout */
  guint                    envelope;   /* channel of the output, G_MAXUINT: no room */
  char                    *quality_name;
  const char              *env_name;   /* in `strings` */
  const char              *env_label;  /* in `strings` */
  ProprioEmgQuality       *quality;    /* NULL before the rate is known, or for envelope input */
  ProprioEmgQualityReport  report;
  char                    *message;
} EmgChannel;

struct _ProprioEmgStage
{
  GObject           parent_instance;

  /* Everything below is under `lock`: the reader thread takes it for one sample at a time, the
   * GUI for a quality report. */
  GMutex            lock;
  ProprioEmgConfig  config;        /* rate_hz: in use, 0 until measured */
  gboolean          measure;       /* the rate comes from the samples' times */
  double            mains_hz;
  char             *error;         /* a measured rate the filters cannot use */

  guint             n_input;
  char            **input_names;   /* the layout the channels were made for */
  guint             n_out;
  GArray           *channels;      /* of EmgChannel */
  GPtrArray        *strings;       /* every name and label handed out: valid as long as we are */
  ProprioEmgBank   *bank;          /* NULL until layout and rate are known */

  gint64            measure_first_us;
  gint64            measure_last_us;
  guint             measure_n;

  guint             quality_serial;  /* atomic */
};

static void proprio_emg_stage_iface_init (ProprioSampleStageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ProprioEmgStage, proprio_emg_stage, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PROPRIO_TYPE_SAMPLE_STAGE,
                                                      proprio_emg_stage_iface_init))

char *
proprio_emg_stage_envelope_name (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return g_strconcat (name, "_env", NULL);
}

static void
emg_channel_clear (gpointer data)
{
  EmgChannel *ch = data;

  g_clear_pointer (&ch->quality, proprio_emg_quality_free);
  g_clear_pointer (&ch->quality_name, g_free);
  g_clear_pointer (&ch->message, g_free);
}

static const char *
keep_string (ProprioEmgStage *self,
             char            *text)
{
  g_ptr_array_add (self->strings, text);
  return text;
}

static void
bump_serial (ProprioEmgStage *self)
{
  g_atomic_int_inc (&self->quality_serial);
}

/* Under the lock, with the rate known: the bank and the quality detectors for the layout. */
static void
build_processing (ProprioEmgStage *self)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgQualityConfig qconfig;

  g_clear_pointer (&self->bank, proprio_emg_bank_free);
  if (self->config.rate_hz <= 0.0 || self->channels->len == 0 || self->error != NULL)
    return;

  self->bank = proprio_emg_bank_new (&self->config, self->channels->len, &error);
  if (self->bank == NULL)
    {
      /* new () checked a known rate, so only a measured one gets here. */
      self->error = g_strdup (error->message);
      return;
    }

  proprio_emg_quality_config_init (&qconfig, self->config.rate_hz);
  qconfig.mains_hz = self->mains_hz;
  for (guint i = 0; i < self->channels->len; i++)
    {
      EmgChannel *ch = &g_array_index (self->channels, EmgChannel, i);
      g_autoptr(GError) qerror = NULL;

      g_clear_pointer (&ch->quality, proprio_emg_quality_free);
      memset (&ch->report, 0, sizeof ch->report);
      g_clear_pointer (&ch->message, g_free);
      /* An envelope has no raw signal to judge: no hum, and a quiet muscle may read flat. */
      if (self->config.input_is_envelope)
        continue;
      ch->quality = proprio_emg_quality_new (&qconfig, ch->quality_name, &qerror);
      /* A rate that carries the filters but not a quality window (e.g. 100 Hz with 50 Hz
       * mains, exactly at Nyquist) leaves the quality UNKNOWN rather than refusing the stage. */
      if (ch->quality == NULL)
        g_debug ("No signal quality for %s: %s", ch->quality_name, qerror->message);
    }
  bump_serial (self);
}

static gboolean
same_layout (ProprioEmgStage          *self,
             const ProprioChannelInfo *input,
             guint                     n_input)
{
  if (self->input_names == NULL || n_input != self->n_input)
    return FALSE;
  for (guint i = 0; i < n_input; i++)
    if (g_strcmp0 (self->input_names[i], input[i].name) != 0)
      return FALSE;
  return TRUE;
}

/* Under the lock: the EMG channels of `input`, their envelopes, and the processing for them. */
static void
ensure_layout (ProprioEmgStage          *self,
               const ProprioChannelInfo *input,
               guint                     n_input)
{
  guint room, n_env = 0;

  if (same_layout (self, input, n_input))
    return;

  g_array_set_size (self->channels, 0);
  g_clear_pointer (&self->bank, proprio_emg_bank_free);
  g_strfreev (self->input_names);
  self->input_names = g_new0 (char *, n_input + 1);
  self->n_input = n_input;
  room = n_input < PROPRIO_MAX_CHANNELS ? PROPRIO_MAX_CHANNELS - n_input : 0;

  for (guint i = 0; i < n_input; i++)
    {
      EmgChannel ch = { 0, };
      const char *label;

      self->input_names[i] = g_strdup (input[i].name);
      if (!proprio_stream_is_emg_channel (&input[i]))
        continue;
      label = input[i].label != NULL && *input[i].label != '\0' ? input[i].label
                                                                : input[i].name;
      ch.input = i;
      ch.envelope = n_env < room ? n_input + n_env++ : G_MAXUINT;
      ch.quality_name = g_strdup (label != NULL ? label : "");
      ch.env_name = keep_string (self, proprio_emg_stage_envelope_name (input[i].name != NULL
                                                                        ? input[i].name : ""));
      /* TRANSLATORS: the label of a channel's EMG envelope, e.g. "Ch 3 envelope". */
      ch.env_label = keep_string (self, g_strdup_printf (_("%s envelope"), ch.quality_name));
      g_array_append_val (self->channels, ch);
    }
  self->n_out = n_input + n_env;
  build_processing (self);
  bump_serial (self);
}

static guint
proprio_emg_stage_get_n_channels_impl (ProprioSampleStage       *stage,
                                       const ProprioChannelInfo *input,
                                       guint                     n_input)
{
  ProprioEmgStage *self = PROPRIO_EMG_STAGE (stage);
  guint n;

  g_mutex_lock (&self->lock);
  ensure_layout (self, input, n_input);
  n = self->n_out;
  g_mutex_unlock (&self->lock);
  return n;
}

static void
proprio_emg_stage_get_channel_impl (ProprioSampleStage       *stage,
                                    const ProprioChannelInfo *input,
                                    guint                     n_input,
                                    guint                     index,
                                    ProprioChannelInfo       *out)
{
  ProprioEmgStage *self = PROPRIO_EMG_STAGE (stage);

  if (index < n_input)
    {
      *out = input[index];
      return;
    }

  g_mutex_lock (&self->lock);
  ensure_layout (self, input, n_input);
  for (guint i = 0; i < self->channels->len; i++)
    {
      EmgChannel *ch = &g_array_index (self->channels, EmgChannel, i);

      if (ch->envelope == index)
        {
          out->name = ch->env_name;
          out->label = ch->env_label;
          out->unit = input[ch->input].unit;
          break;
        }
    }
  g_mutex_unlock (&self->lock);
}

/* Under the lock: one more sample time toward the measured rate. */
static void
measure_rate (ProprioEmgStage *self,
              const ProprioSample *sample)
{
  gint64 span;

  if (self->measure_n == 0 || (sample->flags & PROPRIO_SAMPLE_AFTER_GAP) != 0
      || sample->t_us <= self->measure_last_us)
    {
      /* A gap (or a clock that went back) would understate the rate: start over. */
      self->measure_first_us = sample->t_us;
      self->measure_last_us = sample->t_us;
      self->measure_n = 1;
      return;
    }

  self->measure_last_us = sample->t_us;
  self->measure_n++;
  span = self->measure_last_us - self->measure_first_us;
  if (span < MEASURE_SPAN_US)
    return;

  self->config.rate_hz = (self->measure_n - 1) / ((double) span / G_USEC_PER_SEC);
  /* The low-pass follows the rate it could not know before (0.45 × rate at most). */
  if (self->config.lowpass_hz > proprio_emg_default_lowpass_hz (self->config.rate_hz))
    self->config.lowpass_hz = proprio_emg_default_lowpass_hz (self->config.rate_hz);
  {
    g_autoptr(GError) error = NULL;

    if (!proprio_emg_config_validate (&self->config, &error))
      self->error = g_strdup (error->message);
  }
  g_debug ("Measured EMG rate: %.2f samples per second", self->config.rate_hz);
  build_processing (self);
}

static void
proprio_emg_stage_process_impl (ProprioSampleStage *stage,
                                ProprioSample      *sample)
{
  ProprioEmgStage *self = PROPRIO_EMG_STAGE (stage);

  g_mutex_lock (&self->lock);
  /* Not the layout we were asked about (cannot happen with a device): leave it as it is. */
  if (self->input_names == NULL || sample->n_channels != self->n_input)
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  if (self->measure && self->bank == NULL && self->error == NULL && self->channels->len > 0)
    measure_rate (self, sample);

  for (guint i = 0; i < self->channels->len; i++)
    {
      EmgChannel *ch = &g_array_index (self->channels, EmgChannel, i);
      double x = sample->values[ch->input];
      double env = NAN;

      if (self->bank != NULL)
        env = proprio_emg_processor_process (proprio_emg_bank_get_processor (self->bank, i), x,
                                             NULL);
      if (ch->envelope != G_MAXUINT)
        sample->values[ch->envelope] = env;

      if (ch->quality != NULL && proprio_emg_quality_push (ch->quality, x))
        {
          ProprioEmgQualityState before = ch->report.state;

          ch->report = *proprio_emg_quality_get_report (ch->quality);
          if (ch->report.state != before)
            {
              g_free (ch->message);
              ch->message = proprio_emg_quality_dup_message (ch->quality);
              bump_serial (self);
            }
        }
    }
  sample->n_channels = self->n_out;
  g_mutex_unlock (&self->lock);
}

static void
proprio_emg_stage_reset_impl (ProprioSampleStage *stage)
{
  ProprioEmgStage *self = PROPRIO_EMG_STAGE (stage);

  g_mutex_lock (&self->lock);
  /* A rate once measured stays: it is the same device. */
  self->measure_n = 0;
  if (self->bank != NULL)
    {
      for (guint i = 0; i < self->channels->len; i++)
        proprio_emg_processor_reset (proprio_emg_bank_get_processor (self->bank, i));
    }
  /* The quality windows have no reset of their own: new ones, reports back to UNKNOWN. */
  build_processing (self);
  bump_serial (self);
  g_mutex_unlock (&self->lock);
}

static void
proprio_emg_stage_iface_init (ProprioSampleStageInterface *iface)
{
  iface->get_n_channels = proprio_emg_stage_get_n_channels_impl;
  iface->get_channel = proprio_emg_stage_get_channel_impl;
  iface->process = proprio_emg_stage_process_impl;
  iface->reset = proprio_emg_stage_reset_impl;
}

static void
proprio_emg_stage_finalize (GObject *object)
{
  ProprioEmgStage *self = PROPRIO_EMG_STAGE (object);

  g_clear_pointer (&self->bank, proprio_emg_bank_free);
  g_clear_pointer (&self->channels, g_array_unref);
  g_clear_pointer (&self->strings, g_ptr_array_unref);
  g_strfreev (self->input_names);
  g_free (self->error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (proprio_emg_stage_parent_class)->finalize (object);
}

static void
proprio_emg_stage_class_init (ProprioEmgStageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = proprio_emg_stage_finalize;
}

static void
proprio_emg_stage_init (ProprioEmgStage *self)
{
  g_mutex_init (&self->lock);
  self->channels = g_array_new (FALSE, TRUE, sizeof (EmgChannel));
  g_array_set_clear_func (self->channels, emg_channel_clear);
  self->strings = g_ptr_array_new_with_free_func (g_free);
}

ProprioEmgStage *
proprio_emg_stage_new (const ProprioEmgConfig  *config,
                       double                   mains_hz,
                       GError                 **error)
{
  ProprioEmgStage *self;
  ProprioEmgConfig check;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mains_hz != 50.0 && mains_hz != 60.0)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The mains frequency must be 50 or 60 Hz, not %g"), mains_hz);
      return NULL;
    }
  check = *config;
  if (!(config->rate_hz >= 0.0) || !isfinite (config->rate_hz))
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The sample rate must be a positive number of samples per second (or 0 to "
                     "measure it), not %g"), config->rate_hz);
      return NULL;
    }
  if (config->rate_hz == 0.0)
    check.rate_hz = MEASURE_CHECK_RATE_HZ;
  /* A known rate too low for the filters is refused here, with the core's numbers. */
  if (!proprio_emg_config_validate (&check, error))
    return NULL;

  self = g_object_new (PROPRIO_TYPE_EMG_STAGE, NULL);
  self->config = *config;
  self->measure = config->rate_hz == 0.0;
  self->mains_hz = mains_hz;
  return self;
}

void
proprio_emg_stage_get_config (ProprioEmgStage  *self,
                              ProprioEmgConfig *out)
{
  g_return_if_fail (PROPRIO_IS_EMG_STAGE (self));
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->config;
  g_mutex_unlock (&self->lock);
}

char *
proprio_emg_stage_dup_error (ProprioEmgStage *self)
{
  char *error;

  g_return_val_if_fail (PROPRIO_IS_EMG_STAGE (self), NULL);

  g_mutex_lock (&self->lock);
  error = g_strdup (self->error);
  g_mutex_unlock (&self->lock);
  return error;
}

guint
proprio_emg_stage_get_n_emg_channels (ProprioEmgStage *self)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_EMG_STAGE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->channels->len;
  g_mutex_unlock (&self->lock);
  return n;
}

gboolean
proprio_emg_stage_get_emg_channel (ProprioEmgStage *self,
                                   guint            index,
                                   guint           *input_index,
                                   guint           *envelope_index)
{
  gboolean found = FALSE;

  g_return_val_if_fail (PROPRIO_IS_EMG_STAGE (self), FALSE);

  g_mutex_lock (&self->lock);
  if (index < self->channels->len)
    {
      EmgChannel *ch = &g_array_index (self->channels, EmgChannel, index);

      if (input_index != NULL)
        *input_index = ch->input;
      if (envelope_index != NULL)
        *envelope_index = ch->envelope;
      found = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

gboolean
proprio_emg_stage_get_quality (ProprioEmgStage          *self,
                               guint                     index,
                               ProprioEmgQualityReport  *out,
                               char                    **message)
{
  gboolean found = FALSE;

  g_return_val_if_fail (PROPRIO_IS_EMG_STAGE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->state = PROPRIO_EMG_QUALITY_UNKNOWN;
  if (message != NULL)
    *message = NULL;

  g_mutex_lock (&self->lock);
  if (index < self->channels->len)
    {
      EmgChannel *ch = &g_array_index (self->channels, EmgChannel, index);

      *out = ch->report;
      if (message != NULL)
        *message = g_strdup (ch->message);
      found = TRUE;
    }
  g_mutex_unlock (&self->lock);
  return found;
}

guint
proprio_emg_stage_get_quality_serial (ProprioEmgStage *self)
{
  g_return_val_if_fail (PROPRIO_IS_EMG_STAGE (self), 0);
  return (guint) g_atomic_int_get (&self->quality_serial);
}
