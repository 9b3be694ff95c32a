/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-balance"

#include "fuzz-common.h"

static const char * const option_sets[][13] = {
  { NULL },
  { "order", "t,tr,tl,br,bl", NULL },
  { "order", "tl,tr,br,bl", "start", "r", "stop", "s", NULL },
  { "units", "counts", "tare", "8388607,-8388608,0.5,1e6", NULL },
  { "units", "counts", "tare", "100,200,300,400", "gain", "0.01,0.01,0.02,-0.02",
    "min_load", "0", NULL },
  { "geometry", "1x1", "min_load", "0", NULL },
  { "order", "-,br,-,bl,-,tr,-,tl,-", "geometry", "1e300x1e300", "min_load", "1e-300", NULL },
  { "units", "kg", "gain", "1e308,1e308,1e308,1e308", "min_load", "0", NULL },
};

static void
on_sample (const ProprioSample *sample,
           gpointer             user_data)
{
  FuzzState *state = user_data;

  fuzz_check_sample (state, sample);
  FUZZ_CHECK (sample->n_channels == 7);
  for (guint i = 0; i < 5; i++)
    FUZZ_CHECK (isfinite (sample->values[i]));
  if (sample->flags & PROPRIO_SAMPLE_HAS_COP)
    FUZZ_CHECK (isfinite (sample->values[5]) && isfinite (sample->values[6]));
  else
    FUZZ_CHECK (isnan (sample->values[5]) && isnan (sample->values[6]));
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
  state.protocol = proprio_protocol_new ("balance", options, &error);
  FUZZ_CHECK (state.protocol != NULL);

  fuzz_feed_chunked (&state, data + 2, size - 2, data[1], on_sample, NULL);
  FUZZ_CHECK (proprio_protocol_get_stats (state.protocol)->lost == 0);

  proprio_protocol_free (state.protocol);
  return 0;
}
