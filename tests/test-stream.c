/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/proprio-stream.h"
#include "core/proprio-stream-reader.h"
#include "devices/proprio-device.h"

static void
test_kind_names (void)
{
  ProprioStreamKind kind = PROPRIO_STREAM_GENERIC;

  g_assert_cmpstr (proprio_stream_kind_to_string (PROPRIO_STREAM_BALANCE), ==, "balance");
  g_assert_cmpstr (proprio_stream_kind_to_string (PROPRIO_STREAM_EMG), ==, "emg");
  g_assert_true (proprio_stream_kind_from_string ("Angle", &kind));
  g_assert_cmpint (kind, ==, PROPRIO_STREAM_ANGLE);
  g_assert_false (proprio_stream_kind_from_string ("bogus", &kind));
  g_assert_cmpint (kind, ==, PROPRIO_STREAM_ANGLE);
}

static void
test_balance_layout (void)
{
  ProprioChannelInfo channels[PROPRIO_BALANCE_N_CHANNELS];
  const char *name, *label, *unit;

  proprio_stream_balance_channel (PROPRIO_BALANCE_CHANNEL_BR, "counts", &name, &label, &unit);
  g_assert_cmpstr (name, ==, "br_counts");
  g_assert_cmpstr (label, ==, "BR");
  g_assert_cmpstr (unit, ==, "counts");
  proprio_stream_balance_channel (PROPRIO_BALANCE_CHANNEL_COP_Y, "counts", &name, NULL, &unit);
  g_assert_cmpstr (name, ==, "cop_y_mm");
  g_assert_cmpstr (unit, ==, "mm");

  for (guint i = 0; i < PROPRIO_BALANCE_N_CHANNELS; i++)
    proprio_stream_balance_channel (i, "kg", &channels[i].name, &channels[i].label,
                                    &channels[i].unit);
  g_assert_cmpstr (channels[0].name, ==, "tl_kg");
  g_assert_cmpint (proprio_stream_kind_for_channels (channels, PROPRIO_BALANCE_N_CHANNELS), ==,
                   PROPRIO_STREAM_BALANCE);
  /* Six of the seven columns are not a balance stream. */
  g_assert_cmpint (proprio_stream_kind_for_channels (channels, 6), ==, PROPRIO_STREAM_GENERIC);
}

static void
test_kind_from_channels (void)
{
  const ProprioChannelInfo emg[] = { { "glute_l_uv", "Glute L", "uV" }, { "ax_g", "ax", "g" } };
  const ProprioChannelInfo emg_named[] = { { "emg1", "emg1", "" } };
  const ProprioChannelInfo angle[] = { { "knee_deg", "Knee", "deg" } };
  const ProprioChannelInfo other[] = { { "temp_c", "Temp", "C" } };

  g_assert_cmpint (proprio_stream_kind_for_channels (emg, 2), ==, PROPRIO_STREAM_EMG);
  g_assert_true (proprio_stream_is_emg_channel (&emg[0]));
  g_assert_false (proprio_stream_is_emg_channel (&emg[1]));
  g_assert_cmpint (proprio_stream_kind_for_channels (emg_named, 1), ==, PROPRIO_STREAM_EMG);
  g_assert_cmpint (proprio_stream_kind_for_channels (angle, 1), ==, PROPRIO_STREAM_ANGLE);
  g_assert_cmpint (proprio_stream_kind_for_channels (other, 1), ==, PROPRIO_STREAM_GENERIC);
  g_assert_cmpint (proprio_stream_kind_for_channels (NULL, 0), ==, PROPRIO_STREAM_GENERIC);
}

static void
test_device_kinds (void)
{
  static const struct { const char *spec; ProprioStreamKind kind; } cases[] = {
    { "sim:balance", PROPRIO_STREAM_BALANCE },
    { "sim:emg", PROPRIO_STREAM_EMG },
    { "sim:cyton", PROPRIO_STREAM_EMG },
    { "sim:angle", PROPRIO_STREAM_ANGLE },
    { "/dev/null?protocol=lines&channels=a,b&units=V", PROPRIO_STREAM_EMG },
    { "/dev/null?protocol=lines", PROPRIO_STREAM_GENERIC },  /* learns its channels later */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioDevice) device = proprio_device_new (cases[i].spec, &error);

      g_assert_no_error (error);
      g_test_message ("%s", cases[i].spec);
      g_assert_cmpint (proprio_device_get_stream_kind (device), ==, cases[i].kind);
    }
}

static void
test_sample_cop (void)
{
  ProprioSample s = { .t_us = 1, .n_channels = PROPRIO_BALANCE_N_CHANNELS };
  double x = 0, y = 0;

  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = 12.5;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = -3.0;
  g_assert_false (proprio_stream_sample_cop (&s, &x, &y));   /* no HAS_COP flag */
  g_assert_true (isnan (x) && isnan (y));
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  g_assert_true (proprio_stream_sample_cop (&s, &x, &y));
  g_assert_cmpfloat (x, ==, 12.5);
  g_assert_cmpfloat (y, ==, -3.0);
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = INFINITY;
  g_assert_false (proprio_stream_sample_cop (&s, &x, &y));
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = 1.0;
  s.n_channels = 6;
  g_assert_false (proprio_stream_sample_cop (&s, NULL, NULL));
}

typedef struct
{
  guint   calls;
  gsize   total;
  gint64  first_us;
  gint64  last_us;
} Drained;

static void
drained_cb (const ProprioSample *samples,
            gsize                n,
            gpointer             user_data)
{
  Drained *d = user_data;

  if (d->total == 0)
    d->first_us = samples[0].t_us;
  for (gsize i = 1; i < n; i++)
    g_assert_cmpint (samples[i].t_us, ==, samples[i - 1].t_us + 1);
  d->calls++;
  d->total += n;
  d->last_us = samples[n - 1].t_us;
}

static void
push_n (ProprioRing *ring,
        gint64       from,
        guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      ProprioSample s = { .t_us = from + i, .n_channels = 1 };

      proprio_ring_push (ring, &s);
    }
}

static void
test_reader_drain (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (64);
  g_autoptr(ProprioStreamReader) reader = proprio_stream_reader_new (10);
  guint capacity = proprio_ring_get_capacity (ring);
  Drained d = { 0 };

  /* Following nothing drains nothing. */
  g_assert_cmpuint (proprio_stream_reader_drain (reader, drained_cb, &d), ==, 0);

  push_n (ring, 1, 5);
  proprio_stream_reader_set_ring (reader, ring, TRUE);   /* from now: the five are not wanted */
  push_n (ring, 6, 25);
  g_assert_cmpuint (proprio_stream_reader_drain (reader, drained_cb, &d), ==, 25);
  g_assert_cmpuint (d.calls, ==, 3);                      /* chunks of 10 */
  g_assert_cmpint (d.first_us, ==, 6);
  g_assert_cmpint (d.last_us, ==, 30);
  g_assert_cmpint (proprio_stream_reader_get_newest_us (reader), ==, 30);
  g_assert_cmpuint (proprio_stream_reader_take_dropped (reader), ==, 0);

  /* Fall behind by more than the ring holds: the loss is counted once. */
  push_n (ring, 31, capacity + 20);
  memset (&d, 0, sizeof d);
  proprio_stream_reader_drain (reader, drained_cb, &d);
  g_assert_cmpuint (d.total, <, capacity);
  g_assert_cmpint (d.last_us, ==, 30 + capacity + 20);
  g_assert_cmpuint (proprio_stream_reader_take_dropped (reader), ==, capacity + 20 - d.total);
  g_assert_cmpuint (proprio_stream_reader_take_dropped (reader), ==, 0);

  /* Skipping on purpose is not an overflow. */
  push_n (ring, 100000, 7);
  proprio_stream_reader_skip_to_now (reader);
  memset (&d, 0, sizeof d);
  g_assert_cmpuint (proprio_stream_reader_drain (reader, drained_cb, &d), ==, 0);
  g_assert_cmpuint (proprio_stream_reader_take_dropped (reader), ==, 0);
  g_assert_true (proprio_stream_reader_get_ring (reader) == ring);

  proprio_stream_reader_set_ring (reader, NULL, TRUE);
  g_assert_null (proprio_stream_reader_get_ring (reader));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stream/kind-names", test_kind_names);
  g_test_add_func ("/stream/balance-layout", test_balance_layout);
  g_test_add_func ("/stream/kind-from-channels", test_kind_from_channels);
  g_test_add_func ("/stream/device-kinds", test_device_kinds);
  g_test_add_func ("/stream/sample-cop", test_sample_cop);
  g_test_add_func ("/stream/reader-drain", test_reader_drain);
  return g_test_run ();
}
