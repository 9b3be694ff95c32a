/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-protocol-lines"

#include <math.h>

#include "test-protocol-common.h"

#define EPS 1e-12

static void
assert_channel (ProprioProtocol *protocol,
                guint            i,
                const char      *name,
                const char      *label,
                const char      *unit)
{
  const ProprioChannelInfo *info = proprio_protocol_get_channel (protocol, i);

  g_assert_cmpstr (info->name, ==, name);
  g_assert_cmpstr (info->label, ==, label);
  g_assert_cmpstr (info->unit, ==, unit);
}

static void
test_infer_plain (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", NULL);
  g_autoptr(GArray) samples = samples_new ();

  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 0);
  feed_text (protocol, "1.5,2.5\n", 10, samples);
  /* One line only proposes the channels. */
  g_assert_cmpuint (samples->len, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 0);

  feed_text (protocol, "3 -4e2\n", 20, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 2);
  assert_channel (protocol, 0, "ch1", "ch1", "");
  assert_channel (protocol, 1, "ch2", "ch2", "");
  g_assert_cmpint (sample_at (samples, 0)->t_us, ==, 10);
  g_assert_cmpuint (sample_at (samples, 0)->n_channels, ==, 2);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[0], 1.5, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[1], 2.5, EPS);
  g_assert_cmpint (sample_at (samples, 1)->t_us, ==, 20);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[0], 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[1], -400.0, EPS);

  /* Now fixed: other widths are skipped, labels map onto ch1, ch2. */
  feed_text (protocol, "1\n1,2,3\nCH2:7,ch1:6\n", 30, samples);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 2)->values[0], 6.0, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 2)->values[1], 7.0, EPS);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->frames, ==, 3);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 2);
}

static void
test_infer_after_half_line (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", NULL);
  g_autoptr(GArray) samples = samples_new ();

  /* Connected mid-line: "5,6" is the tail of a three-column line. */
  feed_text (protocol, "Booting EMG board\n5,6\n1,2,3\n4,5,6\n7,8,9\n", 0, samples);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 3);
  g_assert_cmpuint (samples->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint c = 0; c < 3; c++)
      g_assert_cmpfloat_with_epsilon (sample_at (samples, i)->values[c], 3 * i + c + 1, EPS);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 2);
}

static void
test_single_column (void)
{
  g_autoptr(GHashTable) options = options_new ("units", "mV", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", options);
  g_autoptr(GArray) samples = samples_new ();

  /* A MyoWare envelope read with analogRead, one value a line. */
  feed_text (protocol, "512\r\n513\r\n\r\n514\r\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 1);
  assert_channel (protocol, 0, "ch1_mv", "ch1", "mV");
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 2)->values[0], 514.0, EPS);
  g_assert_cmpuint (sample_at (samples, 2)->n_channels, ==, 1);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 1);
}

static void
test_channels_option (void)
{
  g_autoptr(GHashTable) options = options_new ("channels", "EMG1, emg2", "units", "uV", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", options);
  g_autoptr(GArray) samples = samples_new ();

  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 2);
  assert_channel (protocol, 0, "emg1_uv", "EMG1", "uV");
  assert_channel (protocol, 1, "emg2_uv", "emg2", "uV");

  feed_text (protocol, "10\t20\n", 0, samples);
  feed_text (protocol, "emg2:5,Emg1:7,battery:3.9\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[0], 10.0, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[1], 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[0], 7.0, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[1], 5.0, EPS);

  /* A configured channel missing or doubled, NaN, too many columns. */
  feed_text (protocol, "emg1:7\nemg1:1,emg2:2,EMG1:3\nnan,1\n1,2,3\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 4);
}

static void
test_angle (void)
{
  g_autoptr(GHashTable) options = options_new ("channels", "angle", "units", "deg", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", options);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "angle:42.5\n-3.25\n", 0, samples);
  assert_channel (protocol, 0, "angle_deg", "angle", "deg");
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 0)->values[0], 42.5, EPS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[0], -3.25, EPS);
}

static void
test_infer_labelled (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", NULL);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "Raw:1,Env:2\nenv:4 raw:3\n5,6\n", 0, samples);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 2);
  assert_channel (protocol, 0, "Raw", "Raw", "");
  assert_channel (protocol, 1, "Env", "Env", "");
  g_assert_cmpuint (samples->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (sample_at (samples, i)->values[0], 2 * i + 1, EPS);
      g_assert_cmpfloat_with_epsilon (sample_at (samples, i)->values[1], 2 * i + 2, EPS);
    }
}

static void
test_unit_list (void)
{
  g_autoptr(GHashTable) options = options_new ("units", "uV,deg", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", options);
  g_autoptr(GHashTable) named_options = options_new ("channels", "a,b", "units", "%,m/s", NULL);
  g_autoptr(ProprioProtocol) named = protocol_new_with ("lines", named_options);
  g_autoptr(GArray) samples = samples_new ();

  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 2);
  assert_channel (protocol, 0, "ch1_uv", "ch1", "uV");
  assert_channel (protocol, 1, "ch2_deg", "ch2", "deg");
  feed_text (protocol, "1,2\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);

  assert_channel (named, 0, "a__", "a", "%");
  assert_channel (named, 1, "b_m_s", "b", "m/s");
}

static void
test_too_many_channels (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", NULL);
  g_autoptr(GArray) samples = samples_new ();
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < PROPRIO_MAX_CHANNELS + 1; i++)
    g_string_append_printf (line, "%u,", i);
  g_string_append_c (line, '\n');
  feed_text (protocol, line->str, 0, samples);
  feed_text (protocol, line->str, 0, samples);
  g_assert_cmpuint (samples->len, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 2);

  /* As many as a sample holds is fine. */
  g_string_truncate (line, 0);
  for (guint i = 0; i < PROPRIO_MAX_CHANNELS; i++)
    g_string_append_printf (line, "%u ", i);
  g_string_append_c (line, '\n');
  feed_text (protocol, line->str, 0, samples);
  feed_text (protocol, line->str, 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, PROPRIO_MAX_CHANNELS);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[PROPRIO_MAX_CHANNELS - 1],
                                  PROPRIO_MAX_CHANNELS - 1, EPS);
}

static void
test_over_long_and_reset (void)
{
  g_autoptr(GHashTable) options = options_new ("channels", "x", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", options);
  g_autoptr(GArray) samples = samples_new ();
  g_autofree char *junk = g_strnfill (10000, '1');

  feed_text (protocol, junk, 0, samples);
  feed_text (protocol, "\n2\n3", 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 10000);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 1);

  proprio_protocol_reset (protocol);
  feed_text (protocol, "4\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[0], 4.0, EPS);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 10001);
}

static void
test_reset_keeps_channels (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("lines", NULL);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "1,2\n3,4\n", 0, samples);
  proprio_protocol_reset (protocol);
  feed_text (protocol, "5\n5,6\n", 0, samples);
  g_assert_cmpuint (proprio_protocol_get_n_channels (protocol), ==, 2);
  g_assert_cmpuint (samples->len, ==, 3);

  /* A proposal interrupted by a reset is counted as skipped. */
  {
    g_autoptr(ProprioProtocol) fresh = protocol_new_with ("lines", NULL);

    feed_text (fresh, "1,2\n", 0, samples);
    proprio_protocol_reset (fresh);
    g_assert_cmpuint (proprio_protocol_get_stats (fresh)->skipped_lines, ==, 1);
    g_assert_cmpuint (proprio_protocol_get_n_channels (fresh), ==, 0);
  }
}

static void
test_invalid_options (void)
{
  g_autoptr(GString) too_many = g_string_new ("c0");

  /* One name more than a sample holds. */
  for (guint i = 1; i <= PROPRIO_MAX_CHANNELS; i++)
    g_string_append_printf (too_many, ",c%u", i);

  struct { const char *name, *value, *name2, *value2; } cases[] = {
    { "channel", "a", NULL, NULL },
    { "channels", "a,A", NULL, NULL },
    { "channels", "a,,b", NULL, NULL },
    { "channels", "a b", NULL, NULL },
    { "channels", too_many->str, NULL, NULL },
    { "channels", "a,b", "units", "uV,uV,uV" },
    { "units", "micro volts", NULL, NULL },
    { "order", "tl,tr,bl,br", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) options = options_new (cases[i].name, cases[i].value,
                                                   cases[i].name2, cases[i].value2, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioProtocol) protocol = proprio_protocol_new ("lines", options, &error);

      g_assert_null (protocol);
      g_assert_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, cases[i].name2 ? cases[i].name2 : cases[i].name));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lines/infer-plain-channels", test_infer_plain);
  g_test_add_func ("/lines/infer-after-half-line", test_infer_after_half_line);
  g_test_add_func ("/lines/single-column-crlf", test_single_column);
  g_test_add_func ("/lines/channels-option-and-labels", test_channels_option);
  g_test_add_func ("/lines/angle-in-degrees", test_angle);
  g_test_add_func ("/lines/infer-labelled-channels", test_infer_labelled);
  g_test_add_func ("/lines/unit-list", test_unit_list);
  g_test_add_func ("/lines/too-many-channels", test_too_many_channels);
  g_test_add_func ("/lines/over-long-line-and-reset", test_over_long_and_reset);
  g_test_add_func ("/lines/reset-keeps-channels", test_reset_keeps_channels);
  g_test_add_func ("/lines/invalid-options", test_invalid_options);

  return g_test_run ();
}
