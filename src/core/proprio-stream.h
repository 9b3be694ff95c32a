/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-sample.h"

G_BEGIN_DECLS

/* What a stream of samples is, declared once for every layer: the devices that produce it, the
 * exercises and views that consume it, the recorder and the CSV writer that store it. A device
 * says which kind it streams (proprio_device_get_stream_kind ()); nobody compares protocol names.
 *
 * Channel layouts:
 *   BALANCE  exactly PROPRIO_BALANCE_N_CHANNELS channels in the order below: four corner loads
 *            (kg, or counts for an uncalibrated board), their total, and the centre of pressure in
 *            mm (x + toward the patient's right, y + forward). PROPRIO_SAMPLE_HAS_COP says whether
 *            cop_x/cop_y hold a valid CoP.
 *   EMG      one channel per electrode (µV, or device units), possibly followed by auxiliary
 *            channels (Cyton: sample counter first, accelerometer in g last); a channel is an EMG
 *            channel when its unit is a voltage ("uV", "mV", "V") or its name starts "emg".
 *   ANGLE    one or more joint angles in degrees (unit "deg"); the first is the primary angle.
 *   GENERIC  numeric channels Proprio does not interpret (shown in the health and recorded). */
typedef enum
{
  PROPRIO_STREAM_GENERIC,
  PROPRIO_STREAM_BALANCE,
  PROPRIO_STREAM_EMG,
  PROPRIO_STREAM_ANGLE,
} ProprioStreamKind;

#define PROPRIO_STREAM_N_KINDS 4

/* The balance stream's channels, in this order (see above). */
enum
{
  PROPRIO_BALANCE_CHANNEL_TL,
  PROPRIO_BALANCE_CHANNEL_TR,
  PROPRIO_BALANCE_CHANNEL_BL,
  PROPRIO_BALANCE_CHANNEL_BR,
  PROPRIO_BALANCE_CHANNEL_TOTAL,
  PROPRIO_BALANCE_CHANNEL_COP_X,
  PROPRIO_BALANCE_CHANNEL_COP_Y,
  PROPRIO_BALANCE_N_CHANNELS
};

/* "generic", "balance", "emg", "angle": for specs, files and logs (never translated). */
const char        *proprio_stream_kind_to_string   (ProprioStreamKind         kind);
gboolean           proprio_stream_kind_from_string (const char               *text,
                                                    ProprioStreamKind        *kind);

/* The balance layout for a board whose loads are in `load_unit` ("kg" or "counts"): the column
 * name (with its unit, e.g. "tl_kg", "cop_x_mm"), a short label ("TL", "CoP x") and the unit of
 * channel `index`. Static strings for "kg" and "counts". */
void               proprio_stream_balance_channel  (guint                     index,
                                                    const char               *load_unit,
                                                    const char              **name,
                                                    const char              **label,
                                                    const char              **unit);

/* The kind a list of channels declares: the balance layout (by column names), angles (a "deg"
 * unit or a name starting with "angle"), EMG (a voltage unit or a name starting with "emg"),
 * else GENERIC. Devices whose protocol fixes the kind do not need this. */
ProprioStreamKind  proprio_stream_kind_for_channels (const ProprioChannelInfo *channels,
                                                     guint                     n_channels);

/* TRUE when channel `info` of an EMG stream carries muscle activation (see above). */
gboolean           proprio_stream_is_emg_channel   (const ProprioChannelInfo *info);

/* The CoP of a balance sample: FALSE (and NAN) when it has none, has too few channels or a
 * non-finite value. */
gboolean           proprio_stream_sample_cop       (const ProprioSample      *sample,
                                                    double                   *x_mm,
                                                    double                   *y_mm);

G_END_DECLS
