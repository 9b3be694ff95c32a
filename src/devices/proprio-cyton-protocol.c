/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-cyton-protocol.h"
#include "proprio-protocol-private.h"

/* A register dump ("?") is about 2 KiB; anything much longer is not a reply. */
#define MAX_REPLY 8192

typedef struct
{
  guint8   packet[PROPRIO_CYTON_PACKET_SIZE];
  guint    packet_len;          /* > 0 while collecting a packet that started with 0xA0 */

  char     text[MAX_REPLY];     /* ASCII seen outside packets, waiting for its "$$$" */
  gsize    text_len;

  int      last_counter;        /* -1: the next packet starts a new stream */
  guint    gain[PROPRIO_CYTON_N_EXG];
  double   scale_uv[PROPRIO_CYTON_N_EXG];

  /* Time-stamped packets (0xC3/0xC4) carry the accelerometer one byte at a time. */
  guint8   accel_high[3];
  guint8   accel_low[3];
  guint8   accel_have[3];       /* bit 0: high byte seen, bit 1: low byte seen */

  ProprioProtocol  *self;
  gint64            t_us;
  ProprioSampleFunc func;
  gpointer          user_data;
} Cyton;

static const char * const cyton_options[] = { "gains", NULL };
static const guint gains_by_code[] = { 1, 2, 4, 6, 8, 12, 24 };

gint32
proprio_cyton_decode_24 (const guint8 bytes[3])
{
  guint32 u = ((guint32) bytes[0] << 16) | ((guint32) bytes[1] << 8) | bytes[2];

  /* Sign-extend without shifting into the sign bit (undefined for negative values). */
  return (u & 0x800000u) != 0 ? (gint32) u - 0x1000000 : (gint32) u;
}

double
proprio_cyton_scale_uv (guint gain)
{
  if (proprio_cyton_gain_to_code (gain) < 0)
    return 0.0;
  return 4.5 / gain / (double) ((1 << 23) - 1) * 1e6;
}

int
proprio_cyton_gain_to_code (guint gain)
{
  for (guint i = 0; i < G_N_ELEMENTS (gains_by_code); i++)
    if (gains_by_code[i] == gain)
      return (int) i;
  return -1;
}

guint
proprio_cyton_gain_from_code (guint code)
{
  return code < G_N_ELEMENTS (gains_by_code) ? gains_by_code[code] : 0;
}

gsize
proprio_cyton_encode_packet (guint8       out[PROPRIO_CYTON_PACKET_SIZE],
                             guint8       counter,
                             const gint32 counts[PROPRIO_CYTON_N_EXG],
                             const gint16 accel[3],
                             guint8       footer)
{
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (counts != NULL, 0);
  g_return_val_if_fail (footer >= PROPRIO_CYTON_FOOTER_MIN && footer <= PROPRIO_CYTON_FOOTER_MAX, 0);

  out[0] = PROPRIO_CYTON_HEADER;
  out[1] = counter;
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    {
      guint32 u = (guint32) CLAMP (counts[i], -(1 << 23), (1 << 23) - 1) & 0xFFFFFFu;

      out[2 + 3 * i] = (u >> 16) & 0xFF;
      out[3 + 3 * i] = (u >> 8) & 0xFF;
      out[4 + 3 * i] = u & 0xFF;
    }
  for (guint i = 0; i < 3; i++)
    {
      guint16 u = accel != NULL ? (guint16) accel[i] : 0;

      out[26 + 2 * i] = u >> 8;
      out[27 + 2 * i] = u & 0xFF;
    }
  out[32] = footer;
  return PROPRIO_CYTON_PACKET_SIZE;
}

GBytes *
proprio_cyton_channel_command (guint             channel,
                               gboolean          power_down,
                               guint             gain_code,
                               ProprioCytonInput input,
                               gboolean          bias,
                               gboolean          srb2,
                               gboolean          srb1)
{
  char command[10];

  g_return_val_if_fail (channel >= 1 && channel <= PROPRIO_CYTON_N_EXG, NULL);
  g_return_val_if_fail (gain_code < G_N_ELEMENTS (gains_by_code), NULL);
  g_return_val_if_fail ((guint) input <= PROPRIO_CYTON_INPUT_BIAS_DRN, NULL);

  command[0] = 'x';
  command[1] = (char) ('0' + channel);
  command[2] = power_down ? '1' : '0';
  command[3] = (char) ('0' + gain_code);
  command[4] = (char) ('0' + input);
  command[5] = bias ? '1' : '0';
  command[6] = srb2 ? '1' : '0';
  command[7] = srb1 ? '1' : '0';
  command[8] = 'X';
  command[9] = '\0';
  return g_bytes_new (command, 9);
}

static void
set_gain (Cyton *cyton,
          guint  index,
          guint  gain)
{
  cyton->gain[index] = gain;
  cyton->scale_uv[index] = proprio_cyton_scale_uv (gain);
}

GBytes *
proprio_cyton_protocol_set_channel (ProprioProtocol  *self,
                                    guint             channel,
                                    gboolean          power_down,
                                    guint             gain_code,
                                    ProprioCytonInput input,
                                    gboolean          bias,
                                    gboolean          srb2,
                                    gboolean          srb1)
{
  GBytes *command;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->klass == &proprio_cyton_protocol_class, NULL);

  command = proprio_cyton_channel_command (channel, power_down, gain_code, input, bias, srb2, srb1);
  if (command != NULL)
    set_gain (self->impl, channel - 1, proprio_cyton_gain_from_code (gain_code));
  return command;
}

guint
proprio_cyton_protocol_get_gain (ProprioProtocol *self,
                                 guint            channel)
{
  Cyton *cyton;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (self->klass == &proprio_cyton_protocol_class, 0);
  g_return_val_if_fail (channel >= 1 && channel <= PROPRIO_CYTON_N_EXG, 0);

  cyton = self->impl;
  return cyton->gain[channel - 1];
}

static gboolean
parse_gains (Cyton       *cyton,
             const char  *value,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  guint gains[PROPRIO_CYTON_N_EXG];

  if (g_strv_length (parts) != PROPRIO_CYTON_N_EXG)
    goto fail;
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    {
      guint64 gain = 0;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 24, &gain, NULL) ||
          proprio_cyton_gain_to_code ((guint) gain) < 0)
        goto fail;
      gains[i] = (guint) gain;
    }
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    set_gain (cyton, i, gains[i]);
  return TRUE;

fail:
  g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
               _("The cyton protocol’s option “gains” needs eight comma-separated gains, each "
                 "1, 2, 4, 6, 8, 12 or 24 (as set on the board), not “%s”"),
               value);
  return FALSE;
}

static gboolean
cyton_init (ProprioProtocol  *self,
            GHashTable       *options,
            GError          **error)
{
  Cyton *cyton = g_new0 (Cyton, 1);
  const char *value;

  self->impl = cyton;
  cyton->last_counter = -1;
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    set_gain (cyton, i, PROPRIO_CYTON_DEFAULT_GAIN);

  if (options != NULL && (value = g_hash_table_lookup (options, "gains")) &&
      !parse_gains (cyton, value, error))
    return FALSE;

  proprio_protocol_set_channel (self, PROPRIO_CYTON_CHANNEL_COUNTER, "counter", "Counter", "");
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    {
      g_autofree char *name = g_strdup_printf ("ch%u_uv", i + 1);
      g_autofree char *label = g_strdup_printf ("Ch %u", i + 1);

      proprio_protocol_set_channel (self, PROPRIO_CYTON_CHANNEL_EXG1 + i, name, label, "uV");
    }
  proprio_protocol_set_channel (self, PROPRIO_CYTON_CHANNEL_AX, "ax_g", "Accel X", "g");
  proprio_protocol_set_channel (self, PROPRIO_CYTON_CHANNEL_AY, "ay_g", "Accel Y", "g");
  proprio_protocol_set_channel (self, PROPRIO_CYTON_CHANNEL_AZ, "az_g", "Accel Z", "g");

  self->start_command = g_bytes_new_static ("b", 1);
  self->stop_command = g_bytes_new_static ("s", 1);
  self->reset_command = g_bytes_new_static ("v", 1);
  return TRUE;
}

static void
cyton_finalize (ProprioProtocol *self)
{
  g_clear_pointer (&self->impl, g_free);
}

static inline gboolean
is_reply_byte (guint8 b)
{
  return (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t';
}

static void
drop_text (Cyton *cyton)
{
  cyton->self->stats.discarded_bytes += cyton->text_len;
  cyton->text_len = 0;
}

/* A byte outside any packet: part of a reply, or noise. */
static void
text_byte (Cyton  *cyton,
           guint8  b)
{
  ProprioProtocol *self = cyton->self;

  /* Replies are plain ASCII: binary noise means what came before was not a reply either. */
  if (!is_reply_byte (b))
    {
      drop_text (cyton);
      self->stats.discarded_bytes++;
      return;
    }
  if (cyton->text_len == MAX_REPLY)
    drop_text (cyton);

  cyton->text[cyton->text_len++] = (char) b;
  if (cyton->text_len >= 3 && memcmp (cyton->text + cyton->text_len - 3, "$$$", 3) == 0)
    {
      proprio_protocol_set_last_reply (self, cyton->text, cyton->text_len - 3);
      self->stats.replies++;
      cyton->text_len = 0;
      /* The board only answers while it is not streaming: the next packet starts afresh. */
      cyton->last_counter = -1;
    }
}

static void
decode_accel (Cyton         *cyton,
              const guint8  *aux,
              guint8         footer,
              double        *out)
{
  for (guint i = 0; i < 3; i++)
    out[i] = NAN;

  if (footer == 0xC0)
    {
      gint16 v[3];

      for (guint i = 0; i < 3; i++)
        v[i] = (gint16) (((guint16) aux[2 * i] << 8) | aux[2 * i + 1]);
      /* Between accelerometer readings (25 Hz) the firmware sends zeros, not a new value. */
      if (v[0] == 0 && v[1] == 0 && v[2] == 0)
        return;
      for (guint i = 0; i < 3; i++)
        out[i] = v[i] * PROPRIO_CYTON_ACCEL_G_PER_COUNT;
    }
  else if (footer == 0xC3 || footer == 0xC4)
    {
      const char *axes = "XYZ";
      const char *hit = aux[0] != '\0' ? strchr (axes, g_ascii_toupper (aux[0])) : NULL;
      guint axis;

      if (hit == NULL)
        return;
      axis = hit - axes;
      if (g_ascii_isupper (aux[0]))
        {
          cyton->accel_high[axis] = aux[1];
          cyton->accel_have[axis] |= 1;
        }
      else
        {
          cyton->accel_low[axis] = aux[1];
          cyton->accel_have[axis] |= 2;
        }
      if (cyton->accel_have[axis] == 3)
        {
          gint16 v = (gint16) (((guint16) cyton->accel_high[axis] << 8) | cyton->accel_low[axis]);

          out[axis] = v * PROPRIO_CYTON_ACCEL_G_PER_COUNT;
          cyton->accel_have[axis] = 0;
        }
    }
  /* 0xC1/0xC2 and 0xC5/0xC6 carry user or raw auxiliary bytes: no accelerometer. */
}

static void
emit_packet (Cyton *cyton)
{
  ProprioProtocol *self = cyton->self;
  const guint8 *p = cyton->packet;
  ProprioSample sample = { 0 };
  int counter = p[1];

  /* Text that did not end in "$$$" before the stream began was not a reply. */
  drop_text (cyton);

  if (cyton->last_counter >= 0)
    {
      guint expected = ((guint) cyton->last_counter + 1) & 0xFF;
      guint missing = ((guint) counter - expected) & 0xFF;

      if (missing > 0)
        {
          self->stats.lost += missing;
          sample.flags |= PROPRIO_SAMPLE_AFTER_GAP;
          memset (cyton->accel_have, 0, sizeof cyton->accel_have);
        }
    }
  cyton->last_counter = counter;

  sample.t_us = cyton->t_us;
  sample.n_channels = PROPRIO_CYTON_N_CHANNELS;
  sample.values[PROPRIO_CYTON_CHANNEL_COUNTER] = counter;
  for (guint i = 0; i < PROPRIO_CYTON_N_EXG; i++)
    sample.values[PROPRIO_CYTON_CHANNEL_EXG1 + i] =
      proprio_cyton_decode_24 (p + 2 + 3 * i) * cyton->scale_uv[i];
  decode_accel (cyton, p + 26, p[32], &sample.values[PROPRIO_CYTON_CHANNEL_AX]);

  self->stats.frames++;
  cyton->func (&sample, cyton->user_data);
}

static void
packet_byte (Cyton  *cyton,
             guint8  b)
{
  guint8 rest[PROPRIO_CYTON_PACKET_SIZE - 1];

  if (cyton->packet_len == 0)
    {
      if (b == PROPRIO_CYTON_HEADER)
        cyton->packet[cyton->packet_len++] = b;
      else
        text_byte (cyton, b);
      return;
    }

  cyton->packet[cyton->packet_len++] = b;
  if (cyton->packet_len < PROPRIO_CYTON_PACKET_SIZE)
    return;

  cyton->packet_len = 0;
  if (b >= PROPRIO_CYTON_FOOTER_MIN && b <= PROPRIO_CYTON_FOOTER_MAX)
    {
      emit_packet (cyton);
      return;
    }

  /* That 0xA0 was not a header: drop it and look for one in the 32 bytes that followed. They are
   * fewer than a packet, so this recursion goes one level deep at most. */
  memcpy (rest, cyton->packet + 1, sizeof rest);
  text_byte (cyton, PROPRIO_CYTON_HEADER);
  for (guint i = 0; i < sizeof rest; i++)
    packet_byte (cyton, rest[i]);
}

static void
cyton_feed (ProprioProtocol   *self,
            const guint8      *data,
            gsize              len,
            gint64             t_us,
            ProprioSampleFunc  func,
            gpointer           user_data)
{
  Cyton *cyton = self->impl;

  cyton->self = self;
  cyton->t_us = t_us;
  cyton->func = func;
  cyton->user_data = user_data;

  for (gsize i = 0; i < len; i++)
    packet_byte (cyton, data[i]);

  cyton->func = NULL;
  cyton->user_data = NULL;
}

static void
cyton_reset (ProprioProtocol *self)
{
  Cyton *cyton = self->impl;

  cyton->self = self;
  /* A partial packet or reply from before the reconnect will never complete. */
  self->stats.discarded_bytes += cyton->packet_len;
  cyton->packet_len = 0;
  drop_text (cyton);
  cyton->last_counter = -1;
  memset (cyton->accel_have, 0, sizeof cyton->accel_have);
}

const ProprioProtocolClass proprio_cyton_protocol_class = {
  .name = "cyton",
  .kind = PROPRIO_STREAM_EMG,
  .options = cyton_options,
  .init = cyton_init,
  .finalize = cyton_finalize,
  .feed = cyton_feed,
  .reset = cyton_reset,
};
