/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "proprio-sample.h"

G_BEGIN_DECLS

/* A processing step between a device's protocol and its ring: it runs on the device's reader
 * thread on every decoded sample, after the sample got its time and before it is pushed, so every
 * consumer (views, recorder, exercises) sees the same processed stream. A stage may rewrite
 * values and append channels; it says what its output channels are for a given input layout.
 * EMG filtering (offset removal, high-pass, notch, envelope) is meant to be such a stage.
 *
 * The device asks get_n_channels() and get_channel() for the layout (on any thread, never at the
 * same time as process()), calls reset() whenever a connection starts (the stream is not
 * continuous across it) and process() for each sample, whose n_channels is the input layout's.
 * process() sets n_channels to the output count (at most PROPRIO_MAX_CHANNELS). A stage serves
 * one device at a time. */

#define PROPRIO_TYPE_SAMPLE_STAGE (proprio_sample_stage_get_type ())
G_DECLARE_INTERFACE (ProprioSampleStage, proprio_sample_stage, PROPRIO, SAMPLE_STAGE, GObject)

struct _ProprioSampleStageInterface
{
  GTypeInterface parent_iface;

  /* Optional: the default passes the input layout through unchanged. */
  guint (*get_n_channels) (ProprioSampleStage       *self,
                           const ProprioChannelInfo *input,
                           guint                     n_input);
  /* Optional with get_n_channels: fills `out` for output channel `index`; its strings must stay
   * valid as long as the stage and `input` do. */
  void  (*get_channel)    (ProprioSampleStage       *self,
                           const ProprioChannelInfo *input,
                           guint                     n_input,
                           guint                     index,
                           ProprioChannelInfo       *out);
  /* Required. */
  void  (*process)        (ProprioSampleStage       *self,
                           ProprioSample            *sample);
  /* Optional: forget filter state. */
  void  (*reset)          (ProprioSampleStage       *self);
};

/* The number of output channels for `n_input` input channels, at most PROPRIO_MAX_CHANNELS. */
guint proprio_sample_stage_get_n_channels (ProprioSampleStage       *self,
                                           const ProprioChannelInfo *input,
                                           guint                     n_input);
/* Output channel `index` (< get_n_channels()). */
void  proprio_sample_stage_get_channel    (ProprioSampleStage       *self,
                                           const ProprioChannelInfo *input,
                                           guint                     n_input,
                                           guint                     index,
                                           ProprioChannelInfo       *out);
void  proprio_sample_stage_process        (ProprioSampleStage       *self,
                                           ProprioSample            *sample);
void  proprio_sample_stage_reset          (ProprioSampleStage       *self);

G_END_DECLS
