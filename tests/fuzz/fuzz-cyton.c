/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-cyton"

#include <string.h>

#include "devices/proprio-cyton-protocol.h"
#include "fuzz-common.h"

static const char * const option_sets[][3] = {
  { NULL },
  { "gains", "1,2,4,6,8,12,24,24", NULL },
  { "gains", "24,24,24,24,24,24,24,1", NULL },
};

static void
on_sample (const ProprioSample *sample,
           gpointer             user_data)
{
  FuzzState *state = user_data;
  double max_uv = 8388608 * proprio_cyton_scale_uv (1);

  fuzz_check_sample (state, sample);
  FUZZ_CHECK (sample->n_channels == PROPRIO_CYTON_N_CHANNELS);
  FUZZ_CHECK (sample->values[0] >= 0 && sample->values[0] <= 255);
  for (guint i = PROPRIO_CYTON_CHANNEL_EXG1; i < PROPRIO_CYTON_CHANNEL_AX; i++)
    FUZZ_CHECK (fabs (sample->values[i]) <= max_uv);
  for (guint i = PROPRIO_CYTON_CHANNEL_AX; i <= PROPRIO_CYTON_CHANNEL_AZ; i++)
    FUZZ_CHECK (isnan (sample->values[i]) || fabs (sample->values[i]) <= 4.096);
}

/* Change a channel's gain now and then, as the device layer would between reads. */
static void
between_feeds (FuzzState *state,
               guint8     seed)
{
  g_autoptr(GBytes) command = NULL;
  const char *reply;

  if (seed % 16 != 0)
    return;
  command = proprio_cyton_protocol_set_channel (state->protocol, 1 + seed % 8, FALSE,
                                                (seed / 8) % 7, PROPRIO_CYTON_INPUT_NORMAL,
                                                TRUE, TRUE, FALSE);
  FUZZ_CHECK (command != NULL && g_bytes_get_size (command) == 9);
  reply = proprio_protocol_get_last_reply (state->protocol);
  FUZZ_CHECK (reply == NULL || strstr (reply, "$$$") == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) options = NULL;
  g_autoptr(GError) error = NULL;
  FuzzState state = { 0 };

  if (size < 2)
    return 0;

  options = fuzz_options (option_sets[data[0] % G_N_ELEMENTS (option_sets)]);
  state.protocol = proprio_protocol_new ("cyton", options, &error);
  FUZZ_CHECK (state.protocol != NULL);

  fuzz_feed_chunked (&state, data + 2, size - 2, data[1], on_sample, between_feeds);
  FUZZ_CHECK (proprio_protocol_get_stats (state.protocol)->skipped_lines == 0);
  /* Every byte ends up in a packet, a reply, the discard count or a pending buffer. */
  FUZZ_CHECK (proprio_protocol_get_stats (state.protocol)->discarded_bytes <= size - 2);

  proprio_protocol_free (state.protocol);
  return 0;
}
