/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-protocol.h"

G_BEGIN_DECLS

/* OpenBCI Cyton: 33-byte binary packets while streaming, ASCII replies ending in "$$$" otherwise.
 * Channels of a "cyton" stream, in this order: counter, ch1_uv … ch8_uv, ax_g, ay_g, az_g. */

#define PROPRIO_CYTON_PACKET_SIZE 33
#define PROPRIO_CYTON_HEADER      0xA0
#define PROPRIO_CYTON_FOOTER_MIN  0xC0
#define PROPRIO_CYTON_FOOTER_MAX  0xC6
#define PROPRIO_CYTON_N_EXG       8
#define PROPRIO_CYTON_DEFAULT_GAIN 24
/* LIS3DH at ±4 g, as the firmware sets it: 2 mg per 16 counts. */
#define PROPRIO_CYTON_ACCEL_G_PER_COUNT (0.002 / 16.0)

enum
{
  PROPRIO_CYTON_CHANNEL_COUNTER,
  PROPRIO_CYTON_CHANNEL_EXG1,      /* … through EXG1 + 7 */
  PROPRIO_CYTON_CHANNEL_AX = PROPRIO_CYTON_CHANNEL_EXG1 + PROPRIO_CYTON_N_EXG,
  PROPRIO_CYTON_CHANNEL_AY,
  PROPRIO_CYTON_CHANNEL_AZ,
  PROPRIO_CYTON_N_CHANNELS
};

/* The ADS1299 input a channel reads (the fourth digit of a channel-setting command). */
typedef enum
{
  PROPRIO_CYTON_INPUT_NORMAL    = 0,
  PROPRIO_CYTON_INPUT_SHORTED   = 1,
  PROPRIO_CYTON_INPUT_BIAS_MEAS = 2,
  PROPRIO_CYTON_INPUT_MVDD      = 3,
  PROPRIO_CYTON_INPUT_TEMP      = 4,
  PROPRIO_CYTON_INPUT_TESTSIG   = 5,
  PROPRIO_CYTON_INPUT_BIAS_DRP  = 6,
  PROPRIO_CYTON_INPUT_BIAS_DRN  = 7,
} ProprioCytonInput;

/* Pure helpers. */
gint32   proprio_cyton_decode_24        (const guint8 bytes[3]);
/* µV per count at a programmable gain (1, 2, 4, 6, 8, 12 or 24); 0 for any other gain. */
double   proprio_cyton_scale_uv         (guint        gain);
/* Gain code of the channel-setting command (0 = ×1 … 6 = ×24) ↔ gain; -1 / 0 when invalid. */
int      proprio_cyton_gain_to_code     (guint        gain);
guint    proprio_cyton_gain_from_code   (guint        code);

/* Writes one packet into `out` and returns PROPRIO_CYTON_PACKET_SIZE (0 if `footer` is outside
 * 0xC0–0xC6). Counts are clamped to 24 bits; `accel` (raw counts, may be NULL for zeros) fills
 * the six auxiliary bytes as big-endian int16. For the simulator and the tests. */
gsize    proprio_cyton_encode_packet    (guint8       out[PROPRIO_CYTON_PACKET_SIZE],
                                         guint8       counter,
                                         const gint32 counts[PROPRIO_CYTON_N_EXG],
                                         const gint16 accel[3],
                                         guint8       footer);

/* "x" channel power_down gain_code input bias srb2 srb1 "X", e.g. "x1060110X" for channel 1 on,
 * gain 24, normal input, in bias, SRB2 connected. `channel` is 1–8, `gain_code` 0–6. Returns NULL
 * on invalid arguments. */
GBytes  *proprio_cyton_channel_command  (guint             channel,
                                         gboolean          power_down,
                                         guint             gain_code,
                                         ProprioCytonInput input,
                                         gboolean          bias,
                                         gboolean          srb2,
                                         gboolean          srb1);

/* On a protocol made with proprio_protocol_new ("cyton", …): builds the same command and makes
 * the protocol scale that channel with the new gain from the next packet on. Call it from the
 * thread that feeds the protocol, right before sending the command. */
GBytes  *proprio_cyton_protocol_set_channel (ProprioProtocol  *self,
                                             guint             channel,
                                             gboolean          power_down,
                                             guint             gain_code,
                                             ProprioCytonInput input,
                                             gboolean          bias,
                                             gboolean          srb2,
                                             gboolean          srb1);
/* The gain channel 1–8 is scaled with. */
guint    proprio_cyton_protocol_get_gain    (ProprioProtocol  *self,
                                             guint             channel);

G_END_DECLS
