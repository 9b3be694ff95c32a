/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-protocol-cyton"

#include <math.h>

#include "devices/proprio-cyton-protocol.h"
#include "test-protocol-common.h"

#define EPS 1e-9

static const gint32 reference_counts[8] = { 1680, 180225, -1, -8281855, 0, 8388607, -8388608, 100 };

static void
feed_bytes (ProprioProtocol *protocol,
            const guint8    *data,
            gsize            len,
            GArray          *samples)
{
  proprio_protocol_feed (protocol, data, len, 42, collect_sample, samples);
}

static void
feed_packet (ProprioProtocol *protocol,
             guint8           counter,
             const gint16     accel[3],
             guint8           footer,
             GArray          *samples)
{
  guint8 packet[PROPRIO_CYTON_PACKET_SIZE];

  g_assert_cmpuint (proprio_cyton_encode_packet (packet, counter, reference_counts, accel, footer),
                    ==, PROPRIO_CYTON_PACKET_SIZE);
  feed_bytes (protocol, packet, sizeof packet, samples);
}

static void
assert_reference_values (const ProprioSample *s,
                         guint8               counter)
{
  double scale = proprio_cyton_scale_uv (24);

  g_assert_cmpuint (s->n_channels, ==, PROPRIO_CYTON_N_CHANNELS);
  g_assert_cmpfloat (s->values[PROPRIO_CYTON_CHANNEL_COUNTER], ==, counter);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_EXG1 + i],
                                    reference_counts[i] * scale, EPS);
}

static void
test_decode_24 (void)
{
  const guint8 a[3] = { 0x00, 0x06, 0x90 }, b[3] = { 0x02, 0xC0, 0x01 };
  const guint8 c[3] = { 0xFF, 0xFF, 0xFF }, d[3] = { 0x81, 0xA1, 0x01 };
  const guint8 max[3] = { 0x7F, 0xFF, 0xFF }, min[3] = { 0x80, 0x00, 0x00 };

  g_assert_cmpint (proprio_cyton_decode_24 (a), ==, 1680);
  g_assert_cmpint (proprio_cyton_decode_24 (b), ==, 180225);
  g_assert_cmpint (proprio_cyton_decode_24 (c), ==, -1);
  g_assert_cmpint (proprio_cyton_decode_24 (d), ==, -8281855);
  g_assert_cmpint (proprio_cyton_decode_24 (max), ==, 8388607);
  g_assert_cmpint (proprio_cyton_decode_24 (min), ==, -8388608);
}

static void
test_scale (void)
{
  g_assert_cmpfloat_with_epsilon (proprio_cyton_scale_uv (24), 0.02235, 0.000005);
  g_assert_cmpfloat_with_epsilon (proprio_cyton_scale_uv (24), 4.5 / 24 / 8388607.0 * 1e6, 1e-15);
  g_assert_cmpfloat_with_epsilon (proprio_cyton_scale_uv (1), 4.5 / 8388607.0 * 1e6, 1e-12);
  g_assert_cmpfloat (proprio_cyton_scale_uv (3), ==, 0.0);
  g_assert_cmpint (proprio_cyton_gain_to_code (24), ==, 6);
  g_assert_cmpint (proprio_cyton_gain_to_code (6), ==, 3);
  g_assert_cmpint (proprio_cyton_gain_to_code (5), ==, -1);
  g_assert_cmpuint (proprio_cyton_gain_from_code (4), ==, 8);
  g_assert_cmpuint (proprio_cyton_gain_from_code (7), ==, 0);
}

static void
test_channels_and_commands (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  const ProprioChannelInfo *info;

  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 12);
  g_assert_cmpstr (proprio_protocol_get_channel (protocol, 0)->name, ==, "counter");
  info = proprio_protocol_get_channel (protocol, 1);
  g_assert_cmpstr (info->name, ==, "ch1_uv");
  g_assert_cmpstr (info->unit, ==, "uV");
  g_assert_cmpstr (proprio_protocol_get_channel (protocol, 8)->name, ==, "ch8_uv");
  info = proprio_protocol_get_channel (protocol, 11);
  g_assert_cmpstr (info->name, ==, "az_g");
  g_assert_cmpstr (info->unit, ==, "g");

  assert_command (proprio_protocol_get_start_command (protocol), "b");
  assert_command (proprio_protocol_get_stop_command (protocol), "s");
  assert_command (proprio_protocol_get_reset_command (protocol), "v");
  g_assert_null (proprio_protocol_get_last_reply (protocol));
}

static void
test_packet_values (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const gint16 accel[3] = { 1000, -2000, 16000 };
  const ProprioSample *s;

  feed_packet (protocol, 7, accel, 0xC0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  s = sample_at (samples, 0);
  assert_reference_values (s, 7);
  g_assert_cmpint (s->t_us, ==, 42);
  g_assert_cmpuint (s->flags, ==, 0);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_AX], 0.125, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_AY], -0.25, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_AZ], 2.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_EXG1], 1680 * 0.0223517445, 1e-6);
}

static void
test_accel_absent (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const gint16 accel[3] = { 1, 2, 3 };

  /* Zeros between accelerometer readings, user bytes (C1/C2), raw aux (C5/C6). */
  feed_packet (protocol, 0, NULL, 0xC0, samples);
  feed_packet (protocol, 1, accel, 0xC1, samples);
  feed_packet (protocol, 2, accel, 0xC2, samples);
  feed_packet (protocol, 3, accel, 0xC5, samples);
  feed_packet (protocol, 4, accel, 0xC6, samples);
  g_assert_cmpuint (samples->len, ==, 5);
  for (guint i = 0; i < samples->len; i++)
    {
      assert_reference_values (sample_at (samples, i), i);
      for (guint a = PROPRIO_CYTON_CHANNEL_AX; a <= PROPRIO_CYTON_CHANNEL_AZ; a++)
        g_assert_true (isnan (sample_at (samples, i)->values[a]));
    }
}

static void
test_accel_half_bytes (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const guint8 halves[][2] = { { 'X', 0x01 }, { 'x', 0x02 }, { 'Y', 0xFF }, { 'y', 0x00 },
                               { 'z', 0x40 }, { 'Z', 0x00 }, { '?', 0x12 } };

  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      guint8 packet[PROPRIO_CYTON_PACKET_SIZE];

      proprio_cyton_encode_packet (packet, i, reference_counts, NULL, i % 2 ? 0xC4 : 0xC3);
      packet[26] = halves[i][0];
      packet[27] = halves[i][1];
      packet[28] = 0x12;   /* a time stamp, not accelerometer data */
      feed_bytes (protocol, packet, sizeof packet, samples);
    }
  g_assert_cmpuint (samples->len, ==, 7);
  /* A value appears when its second half arrives: 0x0102, 0xFF00 (-256), 0x0040. */
  g_assert_true (isnan (sample_at (samples, 0)->values[PROPRIO_CYTON_CHANNEL_AX]));
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[PROPRIO_CYTON_CHANNEL_AX],
                                  0x0102 * 0.000125, EPS);
  g_assert_true (isnan (sample_at (samples, 1)->values[PROPRIO_CYTON_CHANNEL_AY]));
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 3)->values[PROPRIO_CYTON_CHANNEL_AY],
                                  -256 * 0.000125, EPS);
  g_assert_true (isnan (sample_at (samples, 4)->values[PROPRIO_CYTON_CHANNEL_AZ]));
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 5)->values[PROPRIO_CYTON_CHANNEL_AZ],
                                  0x40 * 0.000125, EPS);
  for (guint a = PROPRIO_CYTON_CHANNEL_AX; a <= PROPRIO_CYTON_CHANNEL_AZ; a++)
    g_assert_true (isnan (sample_at (samples, 6)->values[a]));
}

static void
test_resync_after_garbage (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const guint8 garbage[] = { 0x00, 0xFF, 0xA0, 0x13, 0xC0, 'a', 0xA0, 0xA0, 0x01 };
  guint8 two[2 * PROPRIO_CYTON_PACKET_SIZE];

  feed_bytes (protocol, garbage, sizeof garbage, samples);
  feed_packet (protocol, 1, NULL, 0xC0, samples);
  feed_packet (protocol, 2, NULL, 0xC0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  assert_reference_values (sample_at (samples, 0), 1);
  assert_reference_values (sample_at (samples, 1), 2);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, sizeof garbage);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->frames, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 0);

  /* A packet cut short (bytes lost on the wire) costs exactly its remaining bytes. */
  proprio_cyton_encode_packet (two, 3, reference_counts, NULL, 0xC0);
  proprio_cyton_encode_packet (two + PROPRIO_CYTON_PACKET_SIZE, 4, reference_counts, NULL, 0xC0);
  memmove (two + 10, two + 20, sizeof two - 20);
  feed_bytes (protocol, two, sizeof two - 10, samples);
  feed_packet (protocol, 5, NULL, 0xC0, samples);
  g_assert_cmpuint (samples->len, ==, 4);
  assert_reference_values (sample_at (samples, 2), 4);
  g_assert_cmpuint (sample_at (samples, 2)->flags, ==, PROPRIO_SAMPLE_AFTER_GAP);
  assert_reference_values (sample_at (samples, 3), 5);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==,
                    sizeof garbage + PROPRIO_CYTON_PACKET_SIZE - 10);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 1);
}

static void
test_lost_across_wrap (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const guint8 counters[] = { 254, 255, 0, 1, 250, 2, 3 };

  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    feed_packet (protocol, counters[i], NULL, 0xC0, samples);

  g_assert_cmpuint (samples->len, ==, G_N_ELEMENTS (counters));
  /* 255 → 0 is no gap; 1 → 250 loses 248; 250 → 2 loses 251..255, 0, 1: 7. */
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 248 + 7);
  for (guint i = 0; i < samples->len; i++)
    g_assert_cmpuint (sample_at (samples, i)->flags, ==,
                      (i == 4 || i == 5) ? PROPRIO_SAMPLE_AFTER_GAP : 0);
}

static void
test_replies (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const char *banner = "OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n"
                       "LIS3DH Device ID: 0x33\nFirmware: v3.1.2\n$$$";

  feed_text (protocol, banner, 0, samples);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->replies, ==, 1);
  g_assert_cmpstr (proprio_protocol_get_last_reply (protocol), ==,
                   "OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n"
                   "LIS3DH Device ID: 0x33\nFirmware: v3.1.2");

  feed_packet (protocol, 0, NULL, 0xC0, samples);
  feed_packet (protocol, 1, NULL, 0xC0, samples);
  feed_text (protocol, "Success: Channel set for 3$", 0, samples);
  feed_text (protocol, "$$", 0, samples);
  feed_packet (protocol, 0, NULL, 0xC0, samples);

  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->replies, ==, 2);
  g_assert_cmpstr (proprio_protocol_get_last_reply (protocol), ==, "Success: Channel set for 3");
  /* The reply ended the stream: the counter restarting at 0 is no gap. */
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 0);

  /* Text that never reaches "$$$" before streaming starts is not a reply. */
  feed_text (protocol, "\r\nhalf a rep", 0, samples);
  feed_packet (protocol, 1, NULL, 0xC0, samples);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->replies, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 12);
}

static void
test_dollars_inside_packets (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const gint32 dollars[8] = { 0x242424, 0x242424, 0x242424, 0x242424,
                              0x242424, 0x242424, 0x242424, 0x242424 };
  const gint16 accel[3] = { 0x2424, 0x2424, 0x2424 };
  guint8 packet[PROPRIO_CYTON_PACKET_SIZE];

  proprio_cyton_encode_packet (packet, 0x24, dollars, accel, 0xC0);
  feed_text (protocol, "Stream started", 0, samples);
  for (guint i = 0; i < 3; i++)
    feed_bytes (protocol, packet, sizeof packet, samples);

  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->replies, ==, 0);
  g_assert_null (proprio_protocol_get_last_reply (protocol));
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[1],
                                  0x242424 * proprio_cyton_scale_uv (24), EPS);
  /* Same counter three times: each repeat counts as 255 lost (a full wrap). */
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 2 * 255);
}

static void
test_split_every_offset (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const gint16 accel[3] = { -16, 32, 8000 };
  guint8 stream[2 * PROPRIO_CYTON_PACKET_SIZE];
  guint8 counter = 0;

  for (gsize cut = 0; cut <= sizeof stream; cut++)
    {
      proprio_cyton_encode_packet (stream, counter, reference_counts, accel, 0xC0);
      proprio_cyton_encode_packet (stream + PROPRIO_CYTON_PACKET_SIZE, counter + 1,
                                   reference_counts, accel, 0xC0);
      counter += 2;
      feed_bytes (protocol, stream, cut, samples);
      feed_bytes (protocol, stream + cut, sizeof stream - cut, samples);
    }
  g_assert_cmpuint (samples->len, ==, 2 * (sizeof stream + 1));
  for (guint i = 0; i < samples->len; i++)
    {
      assert_reference_values (sample_at (samples, i), i & 0xFF);
      g_assert_cmpfloat_with_epsilon (sample_at (samples, i)->values[PROPRIO_CYTON_CHANNEL_AZ],
                                      1.0, EPS);
    }
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 0);

  /* And one byte at a time. */
  g_array_set_size (samples, 0);
  for (gsize i = 0; i < sizeof stream; i++)
    feed_bytes (protocol, stream + i, 1, samples);
  g_assert_cmpuint (samples->len, ==, 2);
}

static void
test_gains (void)
{
  g_autoptr(GHashTable) options = options_new ("gains", "1,2,4,6,8,12,24,24", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", options);
  g_autoptr(GArray) samples = samples_new ();
  g_autoptr(GBytes) command = NULL;
  const guint gains[8] = { 1, 2, 4, 6, 8, 12, 24, 24 };

  feed_packet (protocol, 0, NULL, 0xC0, samples);
  for (guint i = 0; i < 8; i++)
    {
      g_assert_cmpuint (proprio_cyton_protocol_get_gain (protocol, i + 1), ==, gains[i]);
      g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[1 + i],
                                      reference_counts[i] * 4.5 / gains[i] / 8388607.0 * 1e6,
                                      1e-6);
    }

  /* Channel 1 to gain 6 (code 3), normal input, in bias, SRB2 on. */
  command = proprio_cyton_protocol_set_channel (protocol, 1, FALSE, 3, PROPRIO_CYTON_INPUT_NORMAL,
                                                TRUE, TRUE, FALSE);
  assert_command (g_steal_pointer (&command), "x1030110X");
  g_assert_cmpuint (proprio_cyton_protocol_get_gain (protocol, 1), ==, 6);
  feed_packet (protocol, 1, NULL, 0xC0, samples);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[1],
                                  1680 * proprio_cyton_scale_uv (6), EPS);
}

static void
test_channel_command (void)
{
  assert_command (proprio_cyton_channel_command (1, FALSE, 6, PROPRIO_CYTON_INPUT_NORMAL,
                                                 TRUE, TRUE, FALSE), "x1060110X");
  assert_command (proprio_cyton_channel_command (8, TRUE, 0, PROPRIO_CYTON_INPUT_SHORTED,
                                                 FALSE, FALSE, TRUE), "x8101001X");
  assert_command (proprio_cyton_channel_command (3, FALSE, 4, PROPRIO_CYTON_INPUT_TESTSIG,
                                                 FALSE, TRUE, FALSE), "x3045010X");
}

static void
test_invalid_gains (void)
{
  const char *values[] = { "24", "24,24,24,24,24,24,24,3", "24,24,24,24,24,24,24,24,24",
                           "24,24,24,24,24,24,24,x" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GHashTable) options = options_new ("gains", values[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioProtocol) protocol = proprio_protocol_new ("cyton", options, &error);

      g_assert_null (protocol);
      g_assert_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, "gains"));
    }
}

static void
test_reset (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("cyton", NULL);
  g_autoptr(GArray) samples = samples_new ();
  guint8 packet[PROPRIO_CYTON_PACKET_SIZE];

  feed_packet (protocol, 10, NULL, 0xC0, samples);
  proprio_cyton_encode_packet (packet, 11, reference_counts, NULL, 0xC0);
  feed_bytes (protocol, packet, 20, samples);
  proprio_protocol_reset (protocol);
  feed_packet (protocol, 0, NULL, 0xC0, samples);

  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpuint (sample_at (samples, 1)->flags, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 20);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->lost, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cyton/decode-24-bit", test_decode_24);
  g_test_add_func ("/cyton/scale-and-gain-codes", test_scale);
  g_test_add_func ("/cyton/channels-and-commands", test_channels_and_commands);
  g_test_add_func ("/cyton/packet-values", test_packet_values);
  g_test_add_func ("/cyton/accel-absent-is-nan", test_accel_absent);
  g_test_add_func ("/cyton/accel-half-bytes", test_accel_half_bytes);
  g_test_add_func ("/cyton/resync-after-garbage", test_resync_after_garbage);
  g_test_add_func ("/cyton/lost-packets-across-wrap", test_lost_across_wrap);
  g_test_add_func ("/cyton/replies-between-packets", test_replies);
  g_test_add_func ("/cyton/dollars-inside-packets", test_dollars_inside_packets);
  g_test_add_func ("/cyton/split-at-every-offset", test_split_every_offset);
  g_test_add_func ("/cyton/gains", test_gains);
  g_test_add_func ("/cyton/channel-command", test_channel_command);
  g_test_add_func ("/cyton/invalid-gains", test_invalid_gains);
  g_test_add_func ("/cyton/reset-drops-partial-packet", test_reset);

  return g_test_run ();
}
