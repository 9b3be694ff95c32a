/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "devices/proprio-balance-protocol.h"
#include "devices/proprio-cyton-protocol.h"
#include "devices/proprio-protocol.h"
#include "devices/proprio-simulator.h"
#include "devices/proprio-transport.h"

static void
collect_sample (const ProprioSample *sample,
                gpointer             user_data)
{
  g_array_append_val ((GArray *) user_data, *sample);
}

static GByteArray *
generate (ProprioSimKind kind,
          guint32        seed,
          guint          n)
{
  g_autoptr(ProprioSimGenerator) gen = proprio_sim_generator_new (kind, proprio_sim_kind_default_rate (kind), seed);
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GByteArray) reply = g_byte_array_new ();

  if (kind == PROPRIO_SIM_CYTON)
    proprio_sim_generator_handle_input (gen, (const guint8 *) "b", 1, reply);
  for (guint i = 0; i < n; i++)
    proprio_sim_generator_next (gen, out);
  return out;
}

static void
test_same_seed_same_bytes (void)
{
  for (ProprioSimKind kind = PROPRIO_SIM_BALANCE; kind <= PROPRIO_SIM_ANGLE; kind++)
    {
      g_autoptr(GByteArray) a = generate (kind, 7, 2000);
      g_autoptr(GByteArray) b = generate (kind, 7, 2000);
      g_autoptr(GByteArray) c = generate (kind, 8, 2000);

      g_assert_cmpuint (a->len, >, 2000);
      g_assert_cmpmem (a->data, a->len, b->data, b->len);
      g_assert_false (a->len == c->len && memcmp (a->data, c->data, a->len) == 0);
    }
}

static void
test_kind_names_and_rates (void)
{
  ProprioSimKind kind;

  g_assert_true (proprio_sim_kind_from_string ("cyton", &kind));
  g_assert_cmpint (kind, ==, PROPRIO_SIM_CYTON);
  g_assert_cmpstr (proprio_sim_kind_to_string (PROPRIO_SIM_ANGLE), ==, "angle");
  g_assert_false (proprio_sim_kind_from_string ("wii", &kind));
  g_assert_cmpfloat (proprio_sim_kind_default_rate (PROPRIO_SIM_BALANCE), ==, 100.0);
  g_assert_cmpfloat (proprio_sim_kind_default_rate (PROPRIO_SIM_EMG), ==, 500.0);
  g_assert_cmpfloat (proprio_sim_kind_default_rate (PROPRIO_SIM_CYTON), ==, 250.0);
  g_assert_cmpfloat (proprio_sim_kind_default_rate (PROPRIO_SIM_ANGLE), ==, 50.0);
}

/* The balance board's lines, decoded by the real protocol, give back the simulated person. */
static void
test_balance_matches_truth (void)
{
  g_autoptr(ProprioSimGenerator) gen = proprio_sim_generator_new (PROPRIO_SIM_BALANCE, 100.0, 3);
  g_autoptr(ProprioProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double sum_y = 0.0, sum_y2 = 0.0;
  const guint n = 6000;  /* one minute */

  protocol = proprio_protocol_new ("balance", NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GByteArray) line = g_byte_array_new ();
      g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (ProprioSample));
      ProprioSimTruth truth;
      const ProprioSample *s;
      double x, y;

      proprio_sim_generator_next (gen, line);
      proprio_sim_generator_get_truth (gen, &truth);
      /* Four numbers with two decimals, comma-separated, CRLF: what an Arduino prints. */
      g_assert_cmpuint (line->len, >=, 21);
      g_assert_cmpint (line->data[line->len - 2], ==, '\r');
      g_assert_cmpint (line->data[line->len - 1], ==, '\n');

      proprio_protocol_feed (protocol, line->data, line->len, i, collect_sample, samples);
      g_assert_cmpuint (samples->len, ==, 1);
      s = &g_array_index (samples, ProprioSample, 0);
      g_assert_true (s->flags & PROPRIO_SAMPLE_HAS_COP);

      x = s->values[PROPRIO_BALANCE_CHANNEL_COP_X];
      y = s->values[PROPRIO_BALANCE_CHANNEL_COP_Y];
      /* Rounding to 10 g and 20 g of load-cell noise move the CoP by well under 1 mm. */
      g_assert_cmpfloat_with_epsilon (x, truth.cop_x_mm, 1.0);
      g_assert_cmpfloat_with_epsilon (y, truth.cop_y_mm, 1.0);
      g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_BALANCE_CHANNEL_TOTAL], truth.total_kg, 0.2);
      g_assert_cmpfloat (truth.total_kg, >=, 66.0);
      g_assert_cmpfloat (truth.total_kg, <=, 74.0);
      min_x = MIN (min_x, x);
      max_x = MAX (max_x, x);
      min_y = MIN (min_y, y);
      max_y = MAX (max_y, y);
      sum_y += y;
      sum_y2 += y * y;
    }

  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 0);
  /* Quiet stance sways a few mm front to back; weight shifts reach 15–30 mm sideways. */
  g_assert_cmpfloat (sqrt (sum_y2 / n - (sum_y / n) * (sum_y / n)), >, 1.0);
  g_assert_cmpfloat (sqrt (sum_y2 / n - (sum_y / n) * (sum_y / n)), <, 8.0);
  g_assert_cmpfloat (max_y - min_y, <, 40.0);
  g_assert_cmpfloat (max_x - min_x, >, 15.0);
  g_assert_cmpfloat (max_x - min_x, <, 80.0);
}

static void
test_emg_has_bursts (void)
{
  g_autoptr(ProprioSimGenerator) gen = proprio_sim_generator_new (PROPRIO_SIM_EMG, 500.0, 5);
  guint quiet_windows = 0, active_windows = 0;

  /* 20 s in windows of 100 ms: RMS a few µV at rest, over 50 µV in a burst. */
  for (guint w = 0; w < 200; w++)
    {
      double sum2 = 0.0, env_max = 0.0, rms;

      for (guint i = 0; i < 50; i++)
        {
          g_autoptr(GByteArray) line = g_byte_array_new ();
          g_autofree char *text = NULL;
          ProprioSimTruth truth;
          double v;

          proprio_sim_generator_next (gen, line);
          proprio_sim_generator_get_truth (gen, &truth);
          text = g_strndup ((const char *) line->data, line->len);
          g_assert_true (g_str_has_suffix (text, "\r\n"));
          v = g_ascii_strtod (text, NULL);
          sum2 += v * v;
          env_max = MAX (env_max, truth.emg_envelope_uv);
        }
      rms = sqrt (sum2 / 50);
      if (env_max == 0.0)
        {
          g_assert_cmpfloat (rms, <, 8.0);
          quiet_windows++;
        }
      else if (env_max > 150.0)
        {
          g_assert_cmpfloat (rms, >, 50.0);
          active_windows++;
        }
    }
  g_assert_cmpuint (quiet_windows, >, 40);
  g_assert_cmpuint (active_windows, >, 20);
}

static void
test_angle_moves_smoothly (void)
{
  g_autoptr(ProprioSimGenerator) gen = proprio_sim_generator_new (PROPRIO_SIM_ANGLE, 50.0, 9);
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE, prev = NAN;

  for (guint i = 0; i < 3000; i++)  /* one minute */
    {
      g_autoptr(GByteArray) line = g_byte_array_new ();
      g_autofree char *text = NULL;
      double v;

      proprio_sim_generator_next (gen, line);
      text = g_strndup ((const char *) line->data, line->len);
      g_assert_true (g_str_has_prefix (text, "angle:"));
      g_assert_true (g_str_has_suffix (text, "\r\n"));
      v = g_ascii_strtod (text + 6, NULL);
      g_assert_cmpfloat (v, >=, 0.0);
      g_assert_cmpfloat (v, <=, 120.0);
      /* At 50 Hz a limb moving at most ~80°/s changes < 2° a sample (plus noise). */
      if (!isnan (prev))
        g_assert_cmpfloat (fabs (v - prev), <, 3.0);
      prev = v;
      min = MIN (min, v);
      max = MAX (max, v);
    }
  g_assert_cmpfloat (max - min, >, 60.0);
}

static char *
command (ProprioSimGenerator *gen,
         const char          *text)
{
  g_autoptr(GByteArray) reply = g_byte_array_new ();

  proprio_sim_generator_handle_input (gen, (const guint8 *) text, strlen (text), reply);
  return reply->len > 0 ? g_strndup ((const char *) reply->data, reply->len) : g_strdup ("");
}

static void
test_cyton_answers_commands (void)
{
  g_autoptr(ProprioSimGenerator) gen = proprio_sim_generator_new (PROPRIO_SIM_CYTON, 250.0, 1);
  g_autoptr(GByteArray) packets = g_byte_array_new ();
  char *reply;

  g_assert_false (proprio_sim_generator_is_streaming (gen));

  reply = command (gen, "v");
  g_assert_true (g_str_has_prefix (reply, "OpenBCI V3 8-16 channel\n"));
  g_assert_true (g_str_has_suffix (reply, "$$$"));
  g_free (reply);

  reply = command (gen, "?");
  g_assert_true (g_str_has_suffix (reply, "$$$"));
  g_assert_nonnull (strstr (reply, "ADS_ID"));
  g_free (reply);

  reply = command (gen, "D");
  g_assert_cmpstr (reply, ==, "060110$$$");
  g_free (reply);
  reply = command (gen, "V");
  g_assert_cmpstr (reply, ==, "v3.1.2$$$");
  g_free (reply);
  reply = command (gen, "x3060110X");
  g_assert_cmpstr (reply, ==, "Success: Channel set for 3$$$");
  g_free (reply);
  reply = command (gen, "x9060110X");
  g_assert_cmpstr (reply, ==, "Failure: invalid channel setting$$$");
  g_free (reply);
  reply = command (gen, "x10601X");
  g_assert_cmpstr (reply, ==, "Failure: too few chars$$$");
  g_free (reply);

  /* Streaming: silent about commands, like the firmware. */
  reply = command (gen, "b");
  g_assert_cmpstr (reply, ==, "");
  g_free (reply);
  g_assert_true (proprio_sim_generator_is_streaming (gen));
  reply = command (gen, "?");
  g_assert_cmpstr (reply, ==, "");
  g_free (reply);

  reply = command (gen, "s");
  g_assert_cmpstr (reply, ==, "");
  g_free (reply);
  g_assert_false (proprio_sim_generator_is_streaming (gen));

  /* Channel 2 powered down through a setting command; "1" turns channel 1 off. */
  reply = command (gen, "x2160110X");
  g_assert_cmpstr (reply, ==, "Success: Channel set for 2$$$");
  g_free (reply);
  g_free (command (gen, "1b"));
  proprio_sim_generator_next (gen, packets);
  g_assert_cmpuint (packets->len, ==, PROPRIO_CYTON_PACKET_SIZE);
  g_assert_cmpint (packets->data[0], ==, 0xA0);
  g_assert_cmpint (packets->data[1], ==, 0);
  g_assert_cmpint (proprio_cyton_decode_24 (packets->data + 2), ==, 0);
  g_assert_cmpint (proprio_cyton_decode_24 (packets->data + 5), ==, 0);
  g_assert_cmpint (proprio_cyton_decode_24 (packets->data + 8), !=, 0);
  g_assert_cmpint (packets->data[32], ==, 0xC0);

  /* "!" turns channel 1 back on. */
  g_free (command (gen, "!"));
  g_byte_array_set_size (packets, 0);
  proprio_sim_generator_next (gen, packets);
  g_assert_cmpint (packets->data[1], ==, 1);
  g_assert_cmpint (proprio_cyton_decode_24 (packets->data + 2), !=, 0);
}

static void
test_cyton_packets_decode (void)
{
  g_autoptr(ProprioProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) bytes = generate (PROPRIO_SIM_CYTON, 2, 600);
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (ProprioSample));
  const ProprioProtocolStats *stats;
  guint with_accel = 0;

  protocol = proprio_protocol_new ("cyton", NULL, &error);
  g_assert_no_error (error);
  proprio_protocol_feed (protocol, bytes->data, bytes->len, 1, collect_sample, samples);
  stats = proprio_protocol_get_stats (protocol);

  g_assert_cmpuint (samples->len, ==, 600);
  g_assert_cmpuint (stats->lost, ==, 0);
  g_assert_cmpuint (stats->discarded_bytes, ==, 0);
  for (guint i = 0; i < samples->len; i++)
    {
      const ProprioSample *s = &g_array_index (samples, ProprioSample, i);

      g_assert_cmpfloat (s->values[PROPRIO_CYTON_CHANNEL_COUNTER], ==, (double) (i % 256));
      /* Noise channels stay within a few tens of µV. */
      g_assert_cmpfloat (fabs (s->values[PROPRIO_CYTON_CHANNEL_EXG1 + 5]), <, 30.0);
      if (!isnan (s->values[PROPRIO_CYTON_CHANNEL_AZ]))
        {
          g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_CYTON_CHANNEL_AZ], 0.98, 0.02);
          with_accel++;
        }
    }
  /* The accelerometer reports at 25 Hz: every tenth packet. */
  g_assert_cmpuint (with_accel, ==, 60);
}

static gsize
read_for (ProprioTransport *transport,
          GByteArray       *into,
          int               ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  gsize before = into->len;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[1024];
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      gssize n = proprio_transport_read (transport, buf, sizeof buf, MAX (left, 1), NULL, &error);

      g_assert_no_error (error);
      g_byte_array_append (into, buf, (guint) n);
    }
  return into->len - before;
}

static guint
count_lines (GByteArray *bytes)
{
  guint n = 0;

  for (guint i = 0; i < bytes->len; i++)
    n += bytes->data[i] == '\n';
  return n;
}

static void
test_pty_paced_at_rate (void)
{
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_BALANCE, 100.0, 1);
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint lines;

  g_assert_true (proprio_simulator_start (sim, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_transport_path_is_pty (proprio_simulator_get_path (sim)));

  transport = proprio_transport_open (proprio_simulator_get_path (sim), 115200, &error);
  g_assert_no_error (error);
  proprio_transport_discard_input (transport);
  read_for (transport, bytes, 50);
  g_byte_array_set_size (bytes, 0);

  /* Two seconds at 100 Hz, paced by absolute deadlines: 200 lines, give or take the edges. */
  read_for (transport, bytes, 2000);
  lines = count_lines (bytes);
  g_assert_cmpuint (lines, >=, 195);
  g_assert_cmpuint (lines, <=, 205);
  g_assert_cmpuint (proprio_simulator_get_dropped (sim), ==, 0);

  g_clear_pointer (&transport, proprio_transport_close);
}

static void
test_pty_nobody_reading_does_not_block (void)
{
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_EMG, 10000.0, 1);
  g_autoptr(GError) error = NULL;
  gint64 start;

  g_assert_true (proprio_simulator_start (sim, &error));
  /* ~70 kB a second and no reader: the pty's buffer fills, then whole samples are dropped. */
  g_usleep (2000000);
  g_assert_cmpuint (proprio_simulator_get_dropped (sim), >, 0);
  g_assert_cmpuint (proprio_simulator_get_sent (sim) + proprio_simulator_get_dropped (sim), >=, 19000);

  start = g_get_monotonic_time ();
  proprio_simulator_stop (sim);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200000);
  g_assert_false (proprio_simulator_is_running (sim));
}

static void
test_pty_cyton_waits_for_b (void)
{
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_CYTON, 250.0, 1);
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_simulator_start (sim, &error));
  transport = proprio_transport_open (proprio_simulator_get_path (sim), 115200, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (read_for (transport, bytes, 300), ==, 0);

  g_assert_true (proprio_transport_write_all (transport, (const guint8 *) "v", 1, 500, &error));
  read_for (transport, bytes, 300);
  g_assert_cmpuint (bytes->len, >, 3);
  g_assert_cmpmem (bytes->data + bytes->len - 3, 3, "$$$", 3);

  g_byte_array_set_size (bytes, 0);
  g_assert_true (proprio_transport_write_all (transport, (const guint8 *) "b", 1, 500, &error));
  read_for (transport, bytes, 1000);
  /* ~250 packets of 33 bytes, starting at counter 0. */
  g_assert_cmpuint (bytes->len % PROPRIO_CYTON_PACKET_SIZE, ==, 0);
  g_assert_cmpuint (bytes->len / PROPRIO_CYTON_PACKET_SIZE, >=, 240);
  g_assert_cmpuint (bytes->len / PROPRIO_CYTON_PACKET_SIZE, <=, 260);
  g_assert_cmpint (bytes->data[0], ==, 0xA0);
  g_assert_cmpint (bytes->data[1], ==, 0);
  g_assert_cmpint (bytes->data[PROPRIO_CYTON_PACKET_SIZE + 1], ==, 1);

  g_assert_true (proprio_transport_write_all (transport, (const guint8 *) "s", 1, 500, &error));
  g_usleep (100000);
  proprio_transport_discard_input (transport);
  g_byte_array_set_size (bytes, 0);
  g_assert_cmpuint (read_for (transport, bytes, 200), ==, 0);

  g_clear_pointer (&transport, proprio_transport_close);
}

/* A thread that wakes up late (a busy machine) writes the samples that fell due meanwhile: the
 * Cyton's counter has no gap and nothing is dropped while someone reads. */
static void
test_pty_late_wake_up_loses_nothing (void)
{
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_CYTON, 250.0, 1);
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint n_packets;

  g_assert_true (proprio_simulator_start (sim, &error));
  transport = proprio_transport_open (proprio_simulator_get_path (sim), 115200, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_transport_write_all (transport, (const guint8 *) "b", 1, 500, &error));
  read_for (transport, bytes, 200);

  /* 50 ms is 12 or 13 packets, more than the simulator keeps for a reader that lags. */
  for (guint i = 0; i < 3; i++)
    {
      proprio_simulator_stall_once (sim, 50);
      read_for (transport, bytes, 250);
    }

  g_assert_cmpuint (bytes->len % PROPRIO_CYTON_PACKET_SIZE, ==, 0);
  n_packets = bytes->len / PROPRIO_CYTON_PACKET_SIZE;
  g_assert_cmpuint (n_packets, >=, 200);
  for (guint i = 0; i < n_packets; i++)
    {
      g_assert_cmpint (bytes->data[i * PROPRIO_CYTON_PACKET_SIZE], ==, 0xA0);
      g_assert_cmpint (bytes->data[i * PROPRIO_CYTON_PACKET_SIZE + 1], ==, i % 256);
    }
  g_assert_cmpuint (proprio_simulator_get_dropped (sim), ==, 0);
  g_assert_cmpuint (proprio_simulator_get_sent (sim), >=, n_packets);
}

static void
test_link_follows_and_is_removed (void)
{
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_ANGLE, 50.0, 1);
  g_autofree char *dir = g_dir_make_tmp ("proprio-sim-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "angle.port", NULL);
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;

  /* A stale file in the way is replaced. */
  g_assert_true (g_file_set_contents (link, "old", -1, NULL));
  g_assert_true (proprio_simulator_start (sim, &error));
  g_assert_true (proprio_simulator_link (sim, link, &error));
  g_assert_no_error (error);
  target = g_file_read_link (link, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target, ==, proprio_simulator_get_path (sim));

  proprio_simulator_stop (sim);
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));
  g_assert_null (proprio_simulator_get_path (sim));
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulator/same-seed-same-bytes", test_same_seed_same_bytes);
  g_test_add_func ("/simulator/kind-names-and-rates", test_kind_names_and_rates);
  g_test_add_func ("/simulator/balance-decodes-to-truth", test_balance_matches_truth);
  g_test_add_func ("/simulator/emg-bursts-over-quiet-noise", test_emg_has_bursts);
  g_test_add_func ("/simulator/angle-moves-smoothly-0-120", test_angle_moves_smoothly);
  g_test_add_func ("/simulator/cyton-answers-commands", test_cyton_answers_commands);
  g_test_add_func ("/simulator/cyton-packets-decode-consecutive", test_cyton_packets_decode);
  g_test_add_func ("/simulator/pty-paced-at-rate", test_pty_paced_at_rate);
  g_test_add_func ("/simulator/pty-nobody-reading-does-not-block", test_pty_nobody_reading_does_not_block);
  g_test_add_func ("/simulator/pty-cyton-waits-for-b", test_pty_cyton_waits_for_b);
  g_test_add_func ("/simulator/pty-late-wake-up-loses-nothing", test_pty_late_wake_up_loses_nothing);
  g_test_add_func ("/simulator/link-follows-and-is-removed", test_link_follows_and_is_removed);

  return g_test_run ();
}
