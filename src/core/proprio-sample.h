/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Room for the widest stream we decode and what a processing stage appends to it: a Cyton's
 * counter, 8 channels and 3 accelerometer axes (12) plus an envelope per EMG channel (8) is 20.
 * A ring slot is 16 + 8 × this bytes (272 at 32), so the constant costs memory in every ring. */
#define PROPRIO_MAX_CHANNELS 32

typedef enum
{
  PROPRIO_SAMPLE_NONE      = 0,
  /* A balance sample whose total load is above the minimum: cop_x/cop_y are meaningful. */
  PROPRIO_SAMPLE_HAS_COP   = 1 << 0,
  /* At least one sample was lost just before this one (e.g. a gap in the Cyton counter). */
  PROPRIO_SAMPLE_AFTER_GAP = 1 << 1,
} ProprioSampleFlags;

/* One decoded, timestamped sample. Values are in the units named by the stream's channel list. */
typedef struct
{
  gint64   t_us;          /* CLOCK_MONOTONIC, µs: when the bytes that completed it arrived;
                           * a device spreads samples that arrive in one burst back over the
                           * time since the previous one, so times strictly increase */
  guint32  flags;         /* ProprioSampleFlags */
  guint16  n_channels;
  guint16  reserved;
  double   values[PROPRIO_MAX_CHANNELS];
} ProprioSample;

/* What one channel of a stream means. `name` already carries its unit for CSV headers ("tl_kg"). */
typedef struct
{
  const char *name;       /* column name, e.g. "cop_x_mm", "ch1_uv" */
  const char *label;      /* short human label, e.g. "CoP x", "Ch 1" (not translated here) */
  const char *unit;       /* "kg", "mm", "uV", "g", "deg", "" */
} ProprioChannelInfo;

G_END_DECLS
