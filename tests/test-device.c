/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "devices/proprio-balance-protocol.h"
#include "devices/proprio-cyton-protocol.h"
#include "devices/proprio-device-spec.h"
#include "devices/proprio-device.h"
#include "devices/proprio-protocol.h"
#include "devices/proprio-simulator.h"
#include "proprio-test-pty.h"

typedef struct
{
  ProprioDevice *device;
  GThread       *main_thread;
  GArray        *states;          /* every "state" notification, in order */
  GArray        *state_times;     /* when each arrived, µs */
} Watch;

static void
on_state (ProprioDevice *device,
          GParamSpec    *pspec,
          Watch         *watch)
{
  ProprioDeviceState state = proprio_device_get_state (device);
  gint64 now = g_get_monotonic_time ();

  /* Listeners are GUI code: they must only ever be called on the main thread. */
  g_assert_true (g_thread_self () == watch->main_thread);
  g_array_append_val (watch->states, state);
  g_array_append_val (watch->state_times, now);
}

static void
watch_init (Watch         *watch,
            ProprioDevice *device)
{
  watch->device = device;
  watch->main_thread = g_thread_self ();
  watch->states = g_array_new (FALSE, FALSE, sizeof (ProprioDeviceState));
  watch->state_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (device, "notify::state", G_CALLBACK (on_state), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->device, watch);
  g_array_unref (watch->states);
  g_array_unref (watch->state_times);
}

typedef struct
{
  ProprioDevice      *device;
  ProprioDeviceState  state;
} StateWait;

static gboolean
reached_state (gpointer data)
{
  StateWait *wait = data;

  return proprio_device_get_state (wait->device) == wait->state;
}

static gboolean
wait_for_state (ProprioDevice      *device,
                ProprioDeviceState  state,
                int                 timeout_ms)
{
  StateWait wait = { device, state };

  return proprio_test_wait_for (reached_state, &wait, timeout_ms);
}

/* Lets the reader thread finish and the main context deliver what it posted. */
static void
settle (ProprioDevice *device)
{
  gint64 until = g_get_monotonic_time () + 100000;

  proprio_device_disconnect (device);
  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
test_spec_validation (void)
{
  g_autoptr(GError) error = NULL;
  ProprioDevice *device;

  device = proprio_device_new ("bluetooth:board", &error);
  g_assert_null (device);
  g_assert_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID);
  g_clear_error (&error);

  /* The protocol rejects options it does not know, at creation, not on connect. */
  device = proprio_device_new ("/dev/ttyACM0?protocol=balance&colour=red", &error);
  g_assert_null (device);
  g_assert_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION);
  g_clear_error (&error);

  device = proprio_device_new ("sim:emg?rate=0", &error);
  g_assert_null (device);
  g_assert_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_INVALID);
  g_clear_error (&error);

  device = proprio_device_new ("sim:emg?seed=-4", &error);
  g_assert_null (device);
  g_assert_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_INVALID);
}

static void
test_labels_and_channels (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) sim = proprio_device_new ("sim:balance", &error);
  g_autoptr(ProprioDevice) port = NULL;
  g_autoptr(ProprioDevice) emg = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (proprio_device_get_label (sim), ==, "Simulated balance board");
  g_assert_true (proprio_device_is_simulated (sim));
  g_assert_cmpstr (proprio_device_get_protocol_name (sim), ==, "balance");
  g_assert_cmpstr (proprio_device_get_spec (sim), ==, "sim:balance");
  g_assert_cmpint (proprio_device_get_state (sim), ==, PROPRIO_DEVICE_STATE_DISCONNECTED);
  g_assert_null (proprio_device_get_message (sim));
  g_assert_cmpuint (proprio_device_get_n_channels (sim), ==, PROPRIO_BALANCE_N_CHANNELS);
  g_assert_cmpstr (proprio_device_get_channel (sim, 5)->name, ==, "cop_x_mm");

  port = proprio_device_new ("/dev/ttyACM0?protocol=cyton", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (proprio_device_get_label (port), ==, "/dev/ttyACM0 · cyton");
  g_assert_false (proprio_device_is_simulated (port));
  g_assert_cmpstr (proprio_device_get_spec (port), ==, "/dev/ttyACM0?protocol=cyton&baud=115200");
  g_assert_cmpuint (proprio_device_get_n_channels (port), ==, PROPRIO_CYTON_N_CHANNELS);
  g_assert_cmpstr (proprio_device_get_channel (port, 0)->name, ==, "counter");
  g_assert_cmpstr (proprio_device_get_channel (port, 8)->name, ==, "ch8_uv");

  emg = proprio_device_new ("sim:emg?rate=1000&seed=3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (proprio_device_get_protocol_name (emg), ==, "lines");
  g_assert_cmpuint (proprio_device_get_n_channels (emg), ==, 1);
  g_assert_cmpstr (proprio_device_get_channel (emg, 0)->name, ==, "emg_uv");

  g_assert_true (G_TYPE_IS_ENUM (PROPRIO_TYPE_DEVICE_STATE));
}

typedef struct
{
  ProprioTestPty *pty;
  guint           next;
} LineFeeder;

static gboolean
feed_line (gpointer data)
{
  LineFeeder *feeder = data;
  g_autofree char *line = g_strdup_printf ("%u,%u,%u,%u\n", feeder->next, feeder->next + 1,
                                           feeder->next + 2, feeder->next + 3);

  proprio_test_pty_write (feeder->pty, line, strlen (line));
  feeder->next += 10;
  return G_SOURCE_CONTINUE;
}

/* Bytes written on the device side come out of the ring as exactly those samples, and the state
 * goes CONNECTING → STREAMING, announced on the main thread. */
static void
test_pty_exact_samples (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  LineFeeder feeder;
  ProprioRingCursor cursor;
  ProprioSample samples[64];
  ProprioDeviceHealth health;
  Watch watch;
  guint feed_id;
  gsize n;
  double first;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance&min_load=1", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  watch_init (&watch, device);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);

  proprio_device_connect (device);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_CONNECTING);

  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_source_remove (feed_id);
  /* Let the last lines arrive. */
  g_usleep (100000);

  n = proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
  g_assert_cmpuint (n, >=, 1);
  /* Lines written before the port was open are flushed; after that, none is missing. */
  first = samples[0].values[PROPRIO_BALANCE_CHANNEL_TL];
  for (gsize i = 0; i < n; i++)
    {
      double tl = first + 10.0 * i;
      double total = 4 * tl + 6;

      g_assert_cmpuint (samples[i].n_channels, ==, PROPRIO_BALANCE_N_CHANNELS);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_TL], ==, tl);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_TR], ==, tl + 1);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_BL], ==, tl + 2);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_BR], ==, tl + 3);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_TOTAL], ==, total);
      g_assert_cmpfloat_with_epsilon (samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_X],
                                      433.0 / 2 * 2.0 / total, 1e-9);
      g_assert_cmpfloat_with_epsilon (samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_Y],
                                      238.0 / 2 * -4.0 / total, 1e-9);
      if (i > 0)
        g_assert_cmpint (samples[i].t_us, >, samples[i - 1].t_us);
    }
  g_assert_cmpfloat (first + 10.0 * (n - 1), ==, feeder.next - 10.0);

  proprio_device_get_health (device, &health);
  g_assert_cmpuint (health.samples, ==, n);
  g_assert_cmpint (health.last_sample_us, ==, samples[n - 1].t_us);
  g_assert_cmpuint (health.lost, ==, 0);

  g_assert_cmpuint (watch.states->len, >=, 2);
  g_assert_cmpint (g_array_index (watch.states, ProprioDeviceState, 0), ==,
                   PROPRIO_DEVICE_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (watch.states, ProprioDeviceState, 1), ==,
                   PROPRIO_DEVICE_STATE_STREAMING);

  proprio_device_disconnect (device);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_DISCONNECTED);
  settle (device);
  proprio_ring_cursor_clear (&cursor);
  watch_clear (&watch);
  proprio_test_pty_close (&pty);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Five lines that arrive in one read were sampled over the time since the previous line: they get
 * evenly spread, strictly increasing times ending at their arrival, at most one period apart. */
static void
test_burst_is_spread (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  g_autoptr(GString) burst = g_string_new (NULL);
  LineFeeder feeder;
  ProprioRingCursor cursor;
  ProprioSample samples[256];
  ProprioDeviceHealth health;
  guint feed_id;
  gsize n;
  gint64 before_burst, step;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance&min_load=1", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_device_connect (device);

  /* 100 Hz for a second, so the device knows its rate. */
  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  proprio_test_wait_for (never, NULL, 1000);
  g_source_remove (feed_id);
  g_usleep (100000);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), TRUE);
  proprio_device_get_health (device, &health);
  before_burst = health.last_sample_us;
  g_assert_cmpfloat (health.rate_hz, >, 50);

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (burst, "%u,%u,%u,%u\n", 1000 + i, 1001 + i, 1002 + i, 1003 + i);
  proprio_test_pty_write (&pty, burst->str, burst->len);
  g_usleep (200000);

  n = proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
  g_assert_cmpuint (n, ==, 5);
  step = samples[1].t_us - samples[0].t_us;
  /* The gap before the burst was ~300 ms, far more than a period: the spacing is one period
   * as measured (about 10 ms), not 60 ms. */
  g_assert_cmpint (step, >, 5000);
  g_assert_cmpint (step, <=, (gint64) (1e6 / health.rate_hz) + 1);
  g_assert_cmpint (samples[0].t_us, >, before_burst);
  for (gsize i = 1; i < n; i++)
    {
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_TL], ==, 1000.0 + i);
      g_assert_cmpint (samples[i].t_us - samples[i - 1].t_us, >=, step - 1);
      g_assert_cmpint (samples[i].t_us - samples[i - 1].t_us, <=, step + 1);
    }

  proprio_device_disconnect (device);
  settle (device);
  proprio_ring_cursor_clear (&cursor);
  proprio_test_pty_close (&pty);
}

typedef struct
{
  ProprioDevice *device;
  guint64        samples;
} SamplesWait;

static gboolean
reached_samples (gpointer data)
{
  SamplesWait *wait = data;
  ProprioDeviceHealth health;

  proprio_device_get_health (wait->device, &health);
  return health.samples >= wait->samples;
}

/* A read can hold far more samples than a period's worth (4 KiB of one-digit lines is 2048):
 * every one of them reaches the ring with its own increasing time, and the health counts them
 * all. */
static void
test_large_burst_fully_counted (void)
{
  const guint n_burst = 2000;
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  g_autoptr(GString) burst = g_string_new (NULL);
  g_autofree ProprioSample *samples = g_new (ProprioSample, 4096);
  ProprioRingCursor cursor;
  ProprioDeviceHealth health;
  SamplesWait wait;
  gsize n;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=lines&channels=a", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);
  proprio_device_connect (device);

  /* One line at a time until the port is surely open (earlier bytes are flushed). */
  while (!wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 50))
    proprio_test_pty_write (&pty, "5\n", 2);
  g_usleep (50000);
  proprio_device_get_health (device, &health);
  n = proprio_ring_read (&cursor, samples, 4096);
  g_assert_cmpuint (n, ==, health.samples);

  for (guint i = 0; i < n_burst; i++)
    g_string_append_printf (burst, "%u\n", i % 10);
  proprio_test_pty_write (&pty, burst->str, burst->len);
  wait = (SamplesWait) { device, n + n_burst };
  g_assert_true (proprio_test_wait_for (reached_samples, &wait, 3000));

  proprio_device_get_health (device, &health);
  g_assert_cmpuint (health.samples, ==, n + n_burst);
  n = proprio_ring_read (&cursor, samples, 4096);
  g_assert_cmpuint (n, ==, n_burst);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (samples[i].values[0], ==, (double) (i % 10));
      if (i > 0)
        g_assert_cmpint (samples[i].t_us, >, samples[i - 1].t_us);
    }

  proprio_device_disconnect (device);
  settle (device);
  proprio_ring_cursor_clear (&cursor);
  proprio_test_pty_close (&pty);
}

static void
expect_command (ProprioTestPty *pty,
                const char     *command,
                int             timeout_ms)
{
  g_autoptr(GBytes) sent = proprio_test_pty_read (pty, strlen (command), timeout_ms);

  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), command, strlen (command));
}

static void
write_burst (ProprioTestPty *pty,
             guint           first,
             guint           n)
{
  g_autoptr(GString) burst = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (burst, "%u,%u,%u,%u\n", first + i, first + i + 1, first + i + 2,
                            first + i + 3);
  proprio_test_pty_write (pty, burst->str, burst->len);
}

/* A board that goes silent for over 2 s (so the rate estimate is 0 by then), is reopened, and
 * sends a burst: the burst is not spread back across the gap (it was up to 3.6 s early, before
 * the port was even reopened), its samples are at most about one period apart, the gap stays
 * visible and its first sample says it follows one. With `lines_before` = 1 there is no rate
 * estimate at all: the burst is not spread. */
static void
check_burst_after_gap (guint lines_before)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  g_autofree ProprioSample *samples = g_new (ProprioSample, 4096);
  ProprioRingCursor cursor;
  ProprioSample *burst;
  SamplesWait wait;
  LineFeeder feeder;
  gint64 silent_since, reopened_by;
  gsize n;

  proprio_test_pty_open (&pty);
  /* The start command tells the test when the port is open. */
  spec = g_strdup_printf ("%s?protocol=balance&min_load=1&start=r", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);
  proprio_device_connect (device);
  expect_command (&pty, "r", 3000);

  feeder = (LineFeeder) { &pty, 10 };
  if (lines_before == 1)
    feed_line (&feeder);
  else
    {
      guint feed_id = g_timeout_add (10, feed_line, &feeder);

      g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
      proprio_test_wait_for (never, NULL, 1000);
      g_source_remove (feed_id);
    }
  wait = (SamplesWait) { device, 1 };
  g_assert_true (proprio_test_wait_for (reached_samples, &wait, 3000));
  g_usleep (50000);
  silent_since = g_get_monotonic_time ();

  /* Silent for a second: unplugged; the path is still there, so it is reopened at once. */
  expect_command (&pty, "r", 3000);
  reopened_by = g_get_monotonic_time ();
  g_assert_cmpint (reopened_by - silent_since, >=, 800000);
  /* Past the 2 s health window. */
  while (g_get_monotonic_time () < silent_since + 2600000)
    proprio_test_wait_for (never, NULL, 50);

  n = proprio_ring_read (&cursor, samples, 4096);
  g_assert_cmpuint (n, >=, 1);
  write_burst (&pty, 1000, 5);
  wait = (SamplesWait) { device, n + 5 };
  g_assert_true (proprio_test_wait_for (reached_samples, &wait, 3000));
  g_assert_cmpuint (proprio_ring_read (&cursor, samples + n, 4096 - n), ==, 5);
  burst = samples + n;

  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpfloat (burst[i].values[PROPRIO_BALANCE_CHANNEL_TL], ==, 1000.0 + i);
      g_assert_cmpint (burst[i].t_us, >, i == 0 ? samples[n - 1].t_us : burst[i - 1].t_us);
    }
  /* Not before the port was reopened: the gap stays a gap. */
  g_assert_cmpint (burst[0].t_us, >, silent_since + 800000);
  g_assert_cmpint (burst[0].t_us - samples[n - 1].t_us, >, 2000000);
  if (lines_before == 1)
    g_assert_cmpint (burst[4].t_us - burst[0].t_us, <, 100);
  else
    {
      /* About 10 ms apart (100 Hz), on a busy machine perhaps 15: far from 0.5 s. */
      g_assert_cmpint (burst[4].t_us - burst[0].t_us, >=, 4 * 5000);
      g_assert_cmpint (burst[4].t_us - burst[0].t_us, <=, 4 * 20000);
    }
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (burst[i].flags & PROPRIO_SAMPLE_AFTER_GAP, ==,
                      i == 0 ? PROPRIO_SAMPLE_AFTER_GAP : 0);

  settle (device);
  proprio_ring_cursor_clear (&cursor);
  proprio_test_pty_close (&pty);
}

static void
test_burst_after_gap_not_spread_back (void)
{
  check_burst_after_gap (100);
}

static void
test_burst_without_rate_not_spread (void)
{
  check_burst_after_gap (1);
}

/* The done-criterion of the hardware path: unplug → DISCONNECTED within a second with a message,
 * samples kept; the same path returns → streaming again by itself. */
static void
test_unplug_and_return (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-device-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "board.port", NULL);
  g_autofree char *spec = g_strdup_printf ("%s?protocol=balance", link);
  g_autoptr(ProprioSimulator) sim = proprio_simulator_new (PROPRIO_SIM_BALANCE, 100.0, 1);
  g_autoptr(ProprioSimulator) sim2 = proprio_simulator_new (PROPRIO_SIM_BALANCE, 100.0, 2);
  g_autoptr(ProprioDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  ProprioDeviceHealth health;
  guint64 written_before;
  gint64 unplugged;
  Watch watch;

  g_assert_true (proprio_simulator_start (sim, &error));
  g_assert_true (proprio_simulator_link (sim, link, &error));
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  watch_init (&watch, device);

  proprio_device_connect (device);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  /* Past the health window (2 s), so the backlog that arrives at connect is not in the figures. */
  g_usleep (2100000);
  g_main_context_iteration (NULL, FALSE);

  /* The figures of a 100 Hz stream (10 ms between samples), with room for a loaded machine: the
   * simulator's writes are paced by a thread of its own, which a busy 2-core machine delays by a
   * few milliseconds now and then. A wrong figure (a rate of 1 kHz, a jitter of the interval
   * itself) still fails. */
  proprio_device_get_health (device, &health);
  g_assert_cmpfloat (health.rate_hz, >, 80.0);
  g_assert_cmpfloat (health.rate_hz, <, 120.0);
  g_assert_cmpfloat (health.jitter_ms, >=, 0.0);
  g_assert_cmpfloat (health.jitter_ms, <, 25.0);

  /* Pull the plug: the pty master closes and the link goes away. */
  unplugged = g_get_monotonic_time ();
  proprio_simulator_stop (sim);
  written_before = proprio_ring_get_written (proprio_device_get_ring (device));
  g_assert_cmpuint (written_before, >, 40);

  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_DISCONNECTED, 1000));
  g_assert_cmpint (g_array_index (watch.state_times, gint64, watch.state_times->len - 1) - unplugged,
                   <, G_USEC_PER_SEC);
  g_assert_nonnull (strstr (proprio_device_get_message (device), "unplugged or stopped answering"));
  g_assert_nonnull (strstr (proprio_device_get_message (device), link));
  /* Samples already received stay. */
  g_assert_cmpuint (proprio_ring_get_written (proprio_device_get_ring (device)), >=, written_before);

  /* Still away for a while: it keeps waiting, quietly. */
  g_assert_false (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 700));
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_DISCONNECTED);

  /* Plugged back in: a new pty at the same path. */
  g_assert_true (proprio_simulator_start (sim2, &error));
  g_assert_true (proprio_simulator_link (sim2, link, &error));
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 2000));
  g_assert_null (proprio_device_get_message (device));
  g_usleep (200000);
  proprio_device_get_health (device, &health);
  g_assert_cmpuint (health.reconnects, ==, 1);
  g_assert_cmpuint (proprio_ring_get_written (proprio_device_get_ring (device)), >, written_before + 5);

  /* An explicit disconnect also stops waiting for the device. */
  proprio_simulator_stop (sim2);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_DISCONNECTED, 1000));
  proprio_device_disconnect (device);
  g_assert_null (proprio_device_get_message (device));
  g_assert_true (proprio_simulator_start (sim, &error));
  g_assert_true (proprio_simulator_link (sim, link, &error));
  g_assert_false (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 1200));
  g_assert_false (wait_for_state (device, PROPRIO_DEVICE_STATE_CONNECTING, 10));

  settle (device);
  watch_clear (&watch);
  proprio_simulator_stop (sim);
  g_rmdir (dir);
}

/* A device that is still there but has stopped sending counts as gone after ~1 s. */
static void
test_silence_is_unplug (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  LineFeeder feeder;
  guint feed_id;
  gint64 silent_since, elapsed;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);

  proprio_device_connect (device);
  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_source_remove (feed_id);
  silent_since = g_get_monotonic_time ();

  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_DISCONNECTED, 2000));
  elapsed = g_get_monotonic_time () - silent_since;
  g_assert_cmpint (elapsed, >=, 900000);
  g_assert_cmpint (elapsed, <, 1400000);
  g_assert_nonnull (strstr (proprio_device_get_message (device), "stopped answering"));

  /* It talks again on the same (still open) port: back to streaming by itself. */
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_source_remove (feed_id);

  settle (device);
  proprio_test_pty_close (&pty);
}

static void
test_missing_port_is_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new ("/nonexistent/ttyACM7?protocol=balance", &error);

  g_assert_no_error (error);
  proprio_device_connect (device);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_ERROR, 2000));
  g_assert_nonnull (strstr (proprio_device_get_message (device), "/nonexistent/ttyACM7"));
  g_assert_nonnull (strstr (proprio_device_get_message (device), "plugged in"));

  /* ERROR ends the attempt: connect() tries again. */
  proprio_device_connect (device);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_CONNECTING);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_ERROR, 2000));
  settle (device);
}

typedef struct
{
  ProprioDevice *device;
  const char    *text;
} MessageWait;

static gboolean
reached_message (gpointer data)
{
  MessageWait *wait = data;
  const char *message = proprio_device_get_message (wait->device);

  return message != NULL && strstr (message, wait->text) != NULL;
}

static gboolean
wait_for_message (ProprioDevice *device,
                  const char    *text,
                  int            timeout_ms)
{
  MessageWait wait = { device, text };

  return proprio_test_wait_for (reached_message, &wait, timeout_ms);
}

static gboolean
saw_state (Watch              *watch,
           ProprioDeviceState  state)
{
  for (guint i = 0; i < watch->states->len; i++)
    if (g_array_index (watch->states, ProprioDeviceState, i) == state)
      return TRUE;
  return FALSE;
}

/* A Cyton that does not answer "v" with "$$$" (the board is off, the dongle is plugged in): a clear
 * message after ~3 s, and we keep asking; "b" only once it answers. Switched on later, it
 * streams. */
static void
test_cyton_no_answer (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autoptr(GBytes) sent = NULL;
  g_autofree char *spec = NULL;
  const char banner[] = "OpenBCI V3 8-16 channel\nFirmware: v3.1.2\n$$$";
  gint64 start, elapsed;
  Watch watch;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=cyton", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  watch_init (&watch, device);

  start = g_get_monotonic_time ();
  proprio_device_connect (device);
  sent = proprio_test_pty_read (&pty, 1, 1000);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), "v", 1);

  g_assert_true (wait_for_message (device, "does not answer", 5000));
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 2900000);
  g_assert_cmpint (elapsed, <, 4000000);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_CONNECTING);

  /* Asked again, never told to start. */
  g_clear_pointer (&sent, g_bytes_unref);
  sent = proprio_test_pty_read (&pty, 1, 1500);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), "v", 1);

  /* Switched on: it answers, is told "b" and streams. */
  proprio_test_pty_write (&pty, banner, strlen (banner));
  g_clear_pointer (&sent, g_bytes_unref);
  sent = proprio_test_pty_read (&pty, 1, 2000);
  g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), "b", 1);
  for (guint i = 0; i < 50 && proprio_device_get_state (device) != PROPRIO_DEVICE_STATE_STREAMING; i++)
    {
      guint8 packet[PROPRIO_CYTON_PACKET_SIZE];
      gint32 counts[PROPRIO_CYTON_N_EXG] = { 0 };
      gint16 accel[3] = { 0, 0, 0 };

      proprio_cyton_encode_packet (packet, (guint8) i, counts, accel, 0xC0);
      proprio_test_pty_write (&pty, packet, sizeof packet);
      wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 20);
    }
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_STREAMING);
  g_assert_null (proprio_device_get_message (device));
  g_assert_false (saw_state (&watch, PROPRIO_DEVICE_STATE_ERROR));

  settle (device);
  watch_clear (&watch);
  proprio_test_pty_close (&pty);
}

/* A port that sends nothing parseable after opening (a board switched on a minute later) gets a
 * message after ~3 s, stays connecting, and streams as soon as valid lines come. */
static void
test_silent_port_keeps_listening (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  LineFeeder feeder;
  guint feed_id;
  Watch watch;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  watch_init (&watch, device);
  proprio_device_connect (device);

  g_assert_false (wait_for_state (device, PROPRIO_DEVICE_STATE_ERROR, 4000));
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_CONNECTING);
  g_assert_nonnull (strstr (proprio_device_get_message (device),
                            "sends nothing that reads as balance data"));

  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_source_remove (feed_id);
  g_assert_null (proprio_device_get_message (device));
  g_assert_false (saw_state (&watch, PROPRIO_DEVICE_STATE_ERROR));

  settle (device);
  watch_clear (&watch);
  proprio_test_pty_close (&pty);
}

/* A board whose corner reads far below zero: the lines are skipped and counted, and the device
 * says which corner once, in its message. */
static void
test_negative_load_message (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec = NULL;
  ProprioDeviceHealth health;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_device_connect (device);

  for (guint i = 0; i < 100 && !wait_for_message (device, "Corner TR", 20); i++)
    proprio_test_pty_write (&pty, "100,-90,0,0\n", 12);
  g_assert_cmpstr (proprio_device_get_message (device), ==,
                   "Corner TR reads −90 kg: check the load cell or tare the empty board");
  proprio_device_get_health (device, &health);
  g_assert_cmpuint (health.skipped_lines, >=, 1);
  g_assert_cmpuint (health.samples, ==, 0);

  settle (device);
  proprio_test_pty_close (&pty);
}

/* The simulated Cyton goes through v → $$$ → b like the board, and stops on disconnect. */
static void
test_sim_cyton_streams (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new ("sim:cyton", &error);
  ProprioRingCursor cursor;
  ProprioSample samples[512];
  ProprioDeviceHealth health;
  gsize n;

  g_assert_no_error (error);
  g_assert_cmpstr (proprio_device_get_label (device), ==, "Simulated OpenBCI Cyton");
  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);

  proprio_device_connect (device);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_usleep (1200000);

  proprio_device_get_health (device, &health);
  g_assert_cmpfloat (health.rate_hz, >, 225.0);
  g_assert_cmpfloat (health.rate_hz, <, 275.0);
  g_assert_cmpuint (health.lost, ==, 0);
  g_assert_cmpuint (health.discarded_bytes, ==, 0);

  n = proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
  g_assert_cmpuint (n, >=, 250);
  g_assert_cmpfloat (samples[0].values[PROPRIO_CYTON_CHANNEL_COUNTER], ==, 0.0);
  for (gsize i = 1; i < n; i++)
    g_assert_cmpfloat (samples[i].values[PROPRIO_CYTON_CHANNEL_COUNTER], ==, (double) (i % 256));

  settle (device);
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_DISCONNECTED);
  proprio_ring_cursor_clear (&cursor);
}

static void
test_sim_lines_devices_stream (void)
{
  const char *specs[] = { "sim:balance", "sim:emg", "sim:angle" };
  const double rates[] = { 100.0, 500.0, 50.0 };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioDevice) device = proprio_device_new (specs[i], &error);
      ProprioDeviceHealth health;

      g_assert_no_error (error);
      proprio_device_connect (device);
      g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
      g_usleep (1000000);
      proprio_device_get_health (device, &health);
      g_assert_cmpfloat (health.rate_hz, >, rates[i] * 0.9);
      g_assert_cmpfloat (health.rate_hz, <, rates[i] * 1.1);
      g_assert_cmpuint (health.skipped_lines, ==, 0);
      settle (device);
    }
}

/* connect()/disconnect() in quick succession never block, and only the last one counts. */
static void
test_connect_disconnect_quickly (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new ("sim:cyton", &error);
  Watch watch;
  gint64 start;

  g_assert_no_error (error);
  watch_init (&watch, device);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 5; i++)
    {
      proprio_device_connect (device);
      proprio_device_connect (device);  /* a second connect while connecting does nothing */
      proprio_device_disconnect (device);
    }
  proprio_device_connect (device);
  /* Each call returns at once: the threads do the work. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100000);

  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 5000));
  g_usleep (300000);
  g_main_context_iteration (NULL, FALSE);
  /* No stale news from the cancelled attempts. */
  g_assert_cmpint (proprio_device_get_state (device), ==, PROPRIO_DEVICE_STATE_STREAMING);
  g_assert_cmpint (g_array_index (watch.states, ProprioDeviceState, watch.states->len - 1), ==,
                   PROPRIO_DEVICE_STATE_STREAMING);
  g_assert_cmpuint (watch.states->len, ==, 5 * 2 + 2);

  settle (device);
  watch_clear (&watch);
}

/* Dropping the last reference while streaming stops and joins the reader. */
static void
test_unref_while_streaming (void)
{
  g_autoptr(GError) error = NULL;
  ProprioDevice *device = proprio_device_new ("sim:emg", &error);
  GWeakRef weak;

  g_assert_no_error (error);
  g_weak_ref_init (&weak, device);
  proprio_device_connect (device);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  g_object_unref (device);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  /* Updates it had posted are dropped with it; nothing may run afterwards. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A stage that appends the sum of the first two channels, and counts what it is asked. */
#define TEST_TYPE_SUM_STAGE (test_sum_stage_get_type ())
G_DECLARE_FINAL_TYPE (TestSumStage, test_sum_stage, TEST, SUM_STAGE, GObject)

struct _TestSumStage
{
  GObject parent_instance;
  guint   resets;
  guint   processed;
};

static void test_sum_stage_iface_init (ProprioSampleStageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSumStage, test_sum_stage, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (PROPRIO_TYPE_SAMPLE_STAGE, test_sum_stage_iface_init))

static guint
test_sum_stage_get_n_channels (ProprioSampleStage       *stage,
                               const ProprioChannelInfo *input,
                               guint                     n_input)
{
  return n_input + 1;
}

static void
test_sum_stage_get_channel (ProprioSampleStage       *stage,
                            const ProprioChannelInfo *input,
                            guint                     n_input,
                            guint                     index,
                            ProprioChannelInfo       *out)
{
  static const ProprioChannelInfo sum = { "front_kg", "TL+TR", "kg" };

  *out = index < n_input ? input[index] : sum;
}

static void
test_sum_stage_process (ProprioSampleStage *stage,
                        ProprioSample      *sample)
{
  TestSumStage *self = (TestSumStage *) stage;

  sample->values[sample->n_channels] = sample->values[0] + sample->values[1];
  sample->n_channels++;
  g_atomic_int_inc (&self->processed);
}

static void
test_sum_stage_reset (ProprioSampleStage *stage)
{
  g_atomic_int_inc (&((TestSumStage *) stage)->resets);
}

static void
test_sum_stage_iface_init (ProprioSampleStageInterface *iface)
{
  iface->get_n_channels = test_sum_stage_get_n_channels;
  iface->get_channel = test_sum_stage_get_channel;
  iface->process = test_sum_stage_process;
  iface->reset = test_sum_stage_reset;
}

static void
test_sum_stage_class_init (TestSumStageClass *klass)
{
}

static void
test_sum_stage_init (TestSumStage *self)
{
}

/* The stage sees every decoded sample before the ring: ring samples carry its extra channel, the
 * device publishes its layout, and it is reset when a connection starts. */
static void
test_stage_appends_channel (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autoptr(ProprioDevice) lines = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *lines_spec = NULL;
  g_autoptr(TestSumStage) stage = g_object_new (TEST_TYPE_SUM_STAGE, NULL);
  g_autoptr(TestSumStage) lines_stage = g_object_new (TEST_TYPE_SUM_STAGE, NULL);
  ProprioSample samples[256];
  ProprioRingCursor cursor;
  LineFeeder feeder;
  guint feed_id;
  gsize n;

  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance&min_load=1", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_device_get_n_channels (device), ==, PROPRIO_BALANCE_N_CHANNELS);

  proprio_device_set_stage (device, PROPRIO_SAMPLE_STAGE (stage));
  g_assert_cmpuint (proprio_device_get_n_channels (device), ==, PROPRIO_BALANCE_N_CHANNELS + 1);
  g_assert_cmpstr (proprio_device_get_channel (device, 5)->name, ==, "cop_x_mm");
  g_assert_cmpstr (proprio_device_get_channel (device, 7)->name, ==, "front_kg");
  g_assert_cmpstr (proprio_device_get_channel (device, 7)->label, ==, "TL+TR");
  g_assert_cmpstr (proprio_device_get_channel (device, 7)->unit, ==, "kg");
  g_assert_cmpint (proprio_device_get_stream_kind (device), ==, PROPRIO_STREAM_BALANCE);

  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);
  proprio_device_connect (device);
  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  proprio_test_wait_for (never, NULL, 200);
  g_source_remove (feed_id);
  g_usleep (100000);

  n = proprio_ring_read (&cursor, samples, G_N_ELEMENTS (samples));
  g_assert_cmpuint (n, >=, 1);
  for (gsize i = 0; i < n; i++)
    {
      double tl = samples[i].values[PROPRIO_BALANCE_CHANNEL_TL];

      g_assert_cmpuint (samples[i].n_channels, ==, PROPRIO_BALANCE_N_CHANNELS + 1);
      g_assert_cmpfloat (samples[i].values[PROPRIO_BALANCE_CHANNEL_TOTAL], ==, 4 * tl + 6);
      g_assert_cmpfloat (samples[i].values[7], ==, 2 * tl + 1);
    }
  g_assert_cmpuint (g_atomic_int_get (&stage->processed), ==, n);
  g_assert_cmpuint (g_atomic_int_get (&stage->resets), ==, 1);

  /* Disconnected, the stage can go again: the protocol's layout is back. */
  settle (device);
  proprio_device_set_stage (device, NULL);
  g_assert_cmpuint (proprio_device_get_n_channels (device), ==, PROPRIO_BALANCE_N_CHANNELS);
  g_assert_cmpstr (proprio_device_get_channel (device, 6)->name, ==, "cop_y_mm");

  /* A "lines" device learns its channels from the data: the stage's layout follows them. */
  lines_spec = g_strdup_printf ("%s?protocol=lines", pty.path);
  lines = proprio_device_new (lines_spec, &error);
  g_assert_no_error (error);
  proprio_device_set_stage (lines, PROPRIO_SAMPLE_STAGE (lines_stage));
  g_assert_cmpuint (proprio_device_get_n_channels (lines), ==, 0);
  proprio_device_connect (lines);
  while (!wait_for_state (lines, PROPRIO_DEVICE_STATE_STREAMING, 50))
    proprio_test_pty_write (&pty, "1,2\n", 4);
  g_assert_cmpuint (proprio_device_get_n_channels (lines), ==, 3);
  g_assert_cmpstr (proprio_device_get_channel (lines, 1)->name, ==, "ch2");
  g_assert_cmpstr (proprio_device_get_channel (lines, 2)->name, ==, "front_kg");

  settle (lines);
  proprio_ring_cursor_clear (&cursor);
  proprio_test_pty_close (&pty);
}

/* The longest single main-context iteration over `ms`. */
static gint64
longest_iteration (int ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
  gint64 longest = 0;

  while (g_get_monotonic_time () < until)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_usleep (1000);
    }
  return longest;
}

/* disconnect() and the last unref of a streaming device never wait for its reader, even when
 * the reader takes long to end; the reader still sends its stop command. */
static void
check_no_stall (ProprioDevice *device,
                gint64        *reader_end_us)
{
  gint64 start, disconnect_us, unref_us, begin;

  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 5000));
  proprio_test_wait_for (never, NULL, 200);

  begin = start = g_get_monotonic_time ();
  proprio_device_disconnect (device);
  disconnect_us = g_get_monotonic_time () - start;
  start = g_get_monotonic_time ();
  g_object_unref (device);
  unref_us = g_get_monotonic_time () - start;

  g_assert_cmpint (disconnect_us, <, 20000);
  g_assert_cmpint (unref_us, <, 20000);
  g_assert_cmpint (longest_iteration (100), <, 20000);
  g_assert_true (proprio_device_wait_for_readers (5000));
  *reader_end_us = g_get_monotonic_time () - begin;
}

static void
test_disconnect_never_blocks (void)
{
  g_autoptr(GError) error = NULL;
  ProprioDevice *device = proprio_device_new ("sim:cyton", &error);
  ProprioTestPty pty;
  g_autofree char *spec = NULL;
  LineFeeder feeder;
  guint feed_id;
  gint64 reader_end_us;
  guint8 junk[4096];
  int fd;

  g_assert_no_error (error);
  proprio_device_connect (device);
  check_no_stall (device, &reader_end_us);

  /* A peer that never reads: once the line towards it is full, the stop command cannot be sent
   * and the reader gives up on it only after its write timeout. */
  proprio_test_pty_open (&pty);
  spec = g_strdup_printf ("%s?protocol=balance&stop=s", pty.path);
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_device_connect (device);
  feeder = (LineFeeder) { &pty, 10 };
  feed_id = g_timeout_add (10, feed_line, &feeder);
  g_assert_true (wait_for_state (device, PROPRIO_DEVICE_STATE_STREAMING, 3000));
  fd = open (pty.path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  memset (junk, 'x', sizeof junk);
  /* The tty layer moves bytes on in the background: full means full even after a pause. */
  for (guint accepted = 1; accepted > 0;)
    {
      accepted = 0;
      while (write (fd, junk, sizeof junk) > 0)
        accepted++;
      g_assert_cmpint (errno, ==, EAGAIN);
      g_usleep (50000);
      if (write (fd, junk, 1) == 1)
        accepted++;
    }

  check_no_stall (device, &reader_end_us);
  g_source_remove (feed_id);
  /* The premise: the reader really was held up by the stop command. */
  g_assert_cmpint (reader_end_us, >=, 400000);

  close (fd);
  proprio_test_pty_close (&pty);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/device/spec-and-options-validated-at-creation", test_spec_validation);
  g_test_add_func ("/device/labels-and-channels", test_labels_and_channels);
  g_test_add_func ("/device/pty-bytes-to-exact-samples", test_pty_exact_samples);
  g_test_add_func ("/device/burst-is-spread-over-time", test_burst_is_spread);
  g_test_add_func ("/device/large-burst-fully-counted", test_large_burst_fully_counted);
  g_test_add_func ("/device/burst-after-gap-not-spread-back", test_burst_after_gap_not_spread_back);
  g_test_add_func ("/device/burst-without-rate-not-spread", test_burst_without_rate_not_spread);
  g_test_add_func ("/device/unplug-and-return", test_unplug_and_return);
  g_test_add_func ("/device/silence-counts-as-unplugged", test_silence_is_unplug);
  g_test_add_func ("/device/missing-port-is-error", test_missing_port_is_error);
  g_test_add_func ("/device/cyton-without-answer-keeps-asking", test_cyton_no_answer);
  g_test_add_func ("/device/silent-port-keeps-listening", test_silent_port_keeps_listening);
  g_test_add_func ("/device/negative-load-is-a-message", test_negative_load_message);
  g_test_add_func ("/device/sim-cyton-streams-consecutive", test_sim_cyton_streams);
  g_test_add_func ("/device/sim-line-devices-stream-at-rate", test_sim_lines_devices_stream);
  g_test_add_func ("/device/connect-disconnect-quickly", test_connect_disconnect_quickly);
  g_test_add_func ("/device/unref-while-streaming", test_unref_while_streaming);
  g_test_add_func ("/device/stage-appends-channel", test_stage_appends_channel);
  g_test_add_func ("/device/disconnect-and-unref-never-block", test_disconnect_never_blocks);

  ret = g_test_run ();
  /* Readers of freed devices end by themselves: let them, before the process goes. */
  g_assert_true (proprio_device_wait_for_readers (5000));
  return ret;
}
