/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-lines"

#include "fuzz-common.h"

static const char * const option_sets[][7] = {
  { NULL },
  { "channels", "emg1,emg2", "units", "uV", NULL },
  { "channels", "angle", "units", "deg", NULL },
  { "units", "deg", NULL },
  { "units", "uV,mV,%", "start", "r\\n", NULL },
  { "channels", "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p", NULL },
  { "channels", "TL,tr,Bl,bR", "units", "kg,kg,kg,kg", NULL },
};

static void
on_sample (const ProprioSample *sample,
           gpointer             user_data)
{
  FuzzState *state = user_data;

  fuzz_check_sample (state, sample);
  for (guint i = 0; i < sample->n_channels; i++)
    FUZZ_CHECK (isfinite (sample->values[i]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GHashTable) options = NULL;
  g_autoptr(GError) error = NULL;
  FuzzState state = { 0 };
  guint n_channels;

  if (size < 2)
    return 0;

  options = fuzz_options (option_sets[data[0] % G_N_ELEMENTS (option_sets)]);
  state.protocol = proprio_protocol_new ("lines", options, &error);
  FUZZ_CHECK (state.protocol != NULL);

  fuzz_feed_chunked (&state, data + 2, size - 2, data[1], on_sample, NULL);

  /* Once known, the channel list is complete and printable. */
  n_channels = proprio_protocol_get_n_channels (state.protocol);
  FUZZ_CHECK (n_channels <= PROPRIO_MAX_CHANNELS);
  for (guint i = 0; i < n_channels; i++)
    {
      const ProprioChannelInfo *info = proprio_protocol_get_channel (state.protocol, i);

      FUZZ_CHECK (info->name[0] != '\0');
      FUZZ_CHECK (g_utf8_validate (info->label, -1, NULL));
      FUZZ_CHECK (info->unit != NULL);
    }

  proprio_protocol_free (state.protocol);
  return 0;
}
