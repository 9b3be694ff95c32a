/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the protocol harnesses. Input layout: byte 0 picks an option set, byte 1 seeds how
 * the rest is cut into feed() calls (and whether the protocol is reset half way), the rest is
 * the byte stream. Every check failure aborts, which both libFuzzer and the driver report. */

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "devices/proprio-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  ProprioProtocol *protocol;
  guint64          emitted;
  gint64           t_us;
  gint64           last_sample_t_us;
} FuzzState;

#define FUZZ_CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

static inline GHashTable *
fuzz_options (const char * const *pairs)
{
  GHashTable *options;

  if (pairs == NULL || pairs[0] == NULL)
    return NULL;
  options = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; pairs[i] != NULL; i += 2)
    g_hash_table_insert (options, (gpointer) pairs[i], (gpointer) pairs[i + 1]);
  return options;
}

/* Checks common to every protocol; `extra` checks a protocol's own invariants. */
static inline void
fuzz_check_sample (FuzzState           *state,
                   const ProprioSample *sample)
{
  FUZZ_CHECK (sample->n_channels > 0);
  FUZZ_CHECK (sample->n_channels <= PROPRIO_MAX_CHANNELS);
  FUZZ_CHECK (sample->n_channels == proprio_protocol_get_n_channels (state->protocol));
  /* A sample may be held back until a later line confirms it (lines inference), so its time
   * is that of its own bytes: never later than now, never before the previous sample. */
  FUZZ_CHECK (sample->t_us <= state->t_us);
  FUZZ_CHECK (sample->t_us >= state->last_sample_t_us);
  state->last_sample_t_us = sample->t_us;
  for (guint i = 0; i < sample->n_channels; i++)
    FUZZ_CHECK (proprio_protocol_get_channel (state->protocol, i)->name != NULL);
  state->emitted++;
}

typedef void (*FuzzBetweenFunc) (FuzzState *state,
                                 guint8     seed);

/* Feeds `data` in chunks of 1–64 bytes chosen by `seed`; `between` runs after every chunk. */
static inline void
fuzz_feed_chunked (FuzzState         *state,
                   const guint8      *data,
                   gsize              size,
                   guint8             seed,
                   ProprioSampleFunc  func,
                   FuzzBetweenFunc    between)
{
  guint32 x = 0x9E3779B9u ^ seed;
  gsize offset = 0;
  gboolean do_reset = (seed & 0x80) != 0;

  while (offset < size)
    {
      gsize chunk;

      x = x * 1664525u + 1013904223u;
      chunk = MIN (size - offset, 1 + ((x >> 16) % 64));
      state->t_us += 4000;
      proprio_protocol_feed (state->protocol, data + offset, chunk, state->t_us, func, state);
      offset += chunk;
      FUZZ_CHECK (proprio_protocol_get_stats (state->protocol)->frames == state->emitted);

      if (do_reset && offset >= size / 2)
        {
          proprio_protocol_reset (state->protocol);
          do_reset = FALSE;
        }
      if (between != NULL)
        between (state, (guint8) (x >> 24));
    }
}
