/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-sample-stage"

#include "config.h"

#include "proprio-sample-stage.h"

G_DEFINE_INTERFACE (ProprioSampleStage, proprio_sample_stage, G_TYPE_OBJECT)

static void
proprio_sample_stage_default_init (ProprioSampleStageInterface *iface)
{
}

guint
proprio_sample_stage_get_n_channels (ProprioSampleStage       *self,
                                     const ProprioChannelInfo *input,
                                     guint                     n_input)
{
  ProprioSampleStageInterface *iface;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_SAMPLE_STAGE (self), n_input);
  g_return_val_if_fail (input != NULL || n_input == 0, 0);

  iface = PROPRIO_SAMPLE_STAGE_GET_IFACE (self);
  n = iface->get_n_channels != NULL ? iface->get_n_channels (self, input, n_input) : n_input;
  /* A sample has no room for more. */
  return MIN (n, PROPRIO_MAX_CHANNELS);
}

void
proprio_sample_stage_get_channel (ProprioSampleStage       *self,
                                  const ProprioChannelInfo *input,
                                  guint                     n_input,
                                  guint                     index,
                                  ProprioChannelInfo       *out)
{
  ProprioSampleStageInterface *iface;

  g_return_if_fail (PROPRIO_IS_SAMPLE_STAGE (self));
  g_return_if_fail (out != NULL);
  g_return_if_fail (index < proprio_sample_stage_get_n_channels (self, input, n_input));

  iface = PROPRIO_SAMPLE_STAGE_GET_IFACE (self);
  if (iface->get_channel != NULL)
    iface->get_channel (self, input, n_input, index, out);
  else
    *out = input[index];
}

void
proprio_sample_stage_process (ProprioSampleStage *self,
                              ProprioSample      *sample)
{
  ProprioSampleStageInterface *iface;

  g_return_if_fail (PROPRIO_IS_SAMPLE_STAGE (self));
  g_return_if_fail (sample != NULL);

  iface = PROPRIO_SAMPLE_STAGE_GET_IFACE (self);
  g_return_if_fail (iface->process != NULL);
  iface->process (self, sample);
  /* Whatever a stage does, a sample never claims more values than it holds. */
  if (sample->n_channels > PROPRIO_MAX_CHANNELS)
    sample->n_channels = PROPRIO_MAX_CHANNELS;
}

void
proprio_sample_stage_reset (ProprioSampleStage *self)
{
  ProprioSampleStageInterface *iface;

  g_return_if_fail (PROPRIO_IS_SAMPLE_STAGE (self));

  iface = PROPRIO_SAMPLE_STAGE_GET_IFACE (self);
  if (iface->reset != NULL)
    iface->reset (self);
}
