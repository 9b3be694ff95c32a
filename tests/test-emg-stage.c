/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The EMG stage: its layout, its envelope, its signal quality on scripted samples; then through a
 * real simulated Cyton behind a pseudo-terminal, and attached by the station to EMG devices only. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/proprio-emg-stage.h"
#include "core/proprio-ring.h"
#include "station/proprio-station.h"

#include "proprio-test-pty.h"

/* A Cyton-like layout: a counter, EMG channels, an accelerometer axis. */
static const ProprioChannelInfo layout[] = {
  { "counter", "Counter", "" },
  { "ch1_uv", "Ch 1", "uV" },
  { "ch2_uv", "Ch 2", "uV" },
  { "ch3_uv", "Ch 3", "uV" },
  { "ax_g", "Accel x", "g" },
};
#define N_LAYOUT G_N_ELEMENTS (layout)

static ProprioEmgStage *
stage_new (double rate_hz)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgConfig config;
  ProprioEmgStage *stage;

  proprio_emg_config_init (&config, rate_hz);
  stage = proprio_emg_stage_new (&config, 50.0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stage);
  return stage;
}

static void
test_layout (void)
{
  g_autoptr(ProprioEmgStage) stage = stage_new (250.0);
  ProprioSampleStage *s = PROPRIO_SAMPLE_STAGE (stage);
  ProprioChannelInfo info;
  guint input, envelope;

  g_assert_cmpuint (proprio_emg_stage_get_n_emg_channels (stage), ==, 0);
  g_assert_cmpuint (proprio_sample_stage_get_n_channels (s, layout, N_LAYOUT), ==, N_LAYOUT + 3);
  g_assert_cmpuint (proprio_emg_stage_get_n_emg_channels (stage), ==, 3);

  /* The input passes through in its order... */
  for (guint i = 0; i < N_LAYOUT; i++)
    {
      proprio_sample_stage_get_channel (s, layout, N_LAYOUT, i, &info);
      g_assert_cmpstr (info.name, ==, layout[i].name);
      g_assert_cmpstr (info.unit, ==, layout[i].unit);
    }
  /* ...then one envelope per EMG channel, same unit. */
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("ch%u_uv_env", k + 1);
      g_autofree char *label = g_strdup_printf ("Ch %u envelope", k + 1);

      proprio_sample_stage_get_channel (s, layout, N_LAYOUT, N_LAYOUT + k, &info);
      g_assert_cmpstr (info.name, ==, name);
      g_assert_cmpstr (info.label, ==, label);
      g_assert_cmpstr (info.unit, ==, "uV");

      g_assert_true (proprio_emg_stage_get_emg_channel (stage, k, &input, &envelope));
      g_assert_cmpuint (input, ==, k + 1);
      g_assert_cmpuint (envelope, ==, N_LAYOUT + k);
    }
  g_assert_false (proprio_emg_stage_get_emg_channel (stage, 3, &input, &envelope));

  {
    g_autofree char *env = proprio_emg_stage_envelope_name ("emg1");

    g_assert_cmpstr (env, ==, "emg1_env");
  }
}

/* More EMG channels than a sample has room for: the first get envelopes, the others none. */
static void
test_layout_full (void)
{
  g_autoptr(ProprioEmgStage) stage = stage_new (500.0);
  ProprioChannelInfo wide[PROPRIO_MAX_CHANNELS - 2];
  g_autofree char *names = NULL;
  char name[PROPRIO_MAX_CHANNELS - 2][16];
  guint envelope;

  for (guint i = 0; i < G_N_ELEMENTS (wide); i++)
    {
      g_snprintf (name[i], sizeof name[i], "emg%u", i);
      wide[i] = (ProprioChannelInfo) { name[i], name[i], "uV" };
    }
  g_assert_cmpuint (proprio_sample_stage_get_n_channels (PROPRIO_SAMPLE_STAGE (stage), wide,
                                                         G_N_ELEMENTS (wide)),
                    ==, PROPRIO_MAX_CHANNELS);
  g_assert_cmpuint (proprio_emg_stage_get_n_emg_channels (stage), ==, G_N_ELEMENTS (wide));
  g_assert_true (proprio_emg_stage_get_emg_channel (stage, 1, NULL, &envelope));
  g_assert_cmpuint (envelope, ==, G_N_ELEMENTS (wide) + 1);
  g_assert_true (proprio_emg_stage_get_emg_channel (stage, 2, NULL, &envelope));
  g_assert_cmpuint (envelope, ==, G_MAXUINT);
}

static ProprioSample
frame (gint64        t_us,
       const double *values,
       guint         n)
{
  ProprioSample sample = { 0 };

  sample.t_us = t_us;
  sample.n_channels = n;
  memcpy (sample.values, values, n * sizeof values[0]);
  return sample;
}

/* The RMS envelope of a sine is A/√2 times the filters' gain at its frequency, once the
 * filters and the window have settled; the other channels come out as they went in. */
static void
test_sine_envelope (void)
{
  const double rate = 500.0, f = 80.0, a = 100.0;
  g_autoptr(ProprioEmgStage) stage = stage_new (rate);
  ProprioSampleStage *s = PROPRIO_SAMPLE_STAGE (stage);
  g_autoptr(ProprioEmgProcessor) reference = NULL;
  ProprioEmgConfig config;
  double expected, worst = 0.0;
  guint checked = 0;

  proprio_emg_config_init (&config, rate);
  reference = proprio_emg_processor_new (&config, NULL);
  expected = a / sqrt (2.0) * proprio_emg_processor_magnitude (reference, f);
  /* The pass band is flat here: the gain is not what makes the check pass. */
  g_assert_cmpfloat (fabs (expected - a / sqrt (2.0)), <, 0.02 * a);

  g_assert_cmpuint (proprio_sample_stage_get_n_channels (s, layout, N_LAYOUT), ==, 8);
  proprio_sample_stage_reset (s);
  for (guint i = 0; i < 4 * (guint) rate; i++)
    {
      double t = i / rate;
      double v[N_LAYOUT] = { i % 256, a * sin (2 * G_PI * f * t), 0.0, -3.5, 0.98 };
      ProprioSample sample = frame (1000000 + (gint64) llround (t * 1e6), v, N_LAYOUT);

      proprio_sample_stage_process (s, &sample);
      g_assert_cmpuint (sample.n_channels, ==, 8);
      /* Untouched, bit for bit. */
      for (guint c = 0; c < N_LAYOUT; c++)
        g_assert_cmpfloat (sample.values[c], ==, v[c]);
      if (t >= 2.0)
        {
          worst = MAX (worst, fabs (sample.values[5] - expected));
          /* Zero in, zero out (after the offset); a constant offset gives no envelope. */
          g_assert_cmpfloat (fabs (sample.values[6]), <, 1e-9);
          g_assert_cmpfloat (fabs (sample.values[7]), <, 1e-9);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 2 * (guint) rate);
  /* A 100 ms window holds 8 whole periods of 80 Hz: the RMS is A/√2 to within 0.5 %. */
  g_assert_cmpfloat (worst, <, 0.005 * expected);
}

static void
test_rate_too_low (void)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgConfig config;
  ProprioEmgStage *stage;

  proprio_emg_config_init (&config, 50.0);
  stage = proprio_emg_stage_new (&config, 50.0, &error);
  g_assert_null (stage);
  g_assert_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW);
  /* The core's message, with the numbers that let a researcher fix it. */
  g_assert_nonnull (strstr (error->message, "100"));
  g_clear_error (&error);

  proprio_emg_config_init (&config, 250.0);
  stage = proprio_emg_stage_new (&config, 55.0, &error);
  g_assert_null (stage);
  g_assert_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING);
  g_assert_nonnull (strstr (error->message, "55"));
}

/* Without a known rate the stage measures it over the first second; until then, NaN. */
static void
test_measured_rate (void)
{
  g_autoptr(ProprioEmgStage) stage = stage_new (0.0);
  g_autoptr(ProprioEmgStage) slow = stage_new (0.0);
  ProprioEmgConfig config;
  g_autofree char *error = NULL;
  gboolean saw_nan = FALSE, saw_value = FALSE;

  proprio_sample_stage_get_n_channels (PROPRIO_SAMPLE_STAGE (stage), layout, N_LAYOUT);
  for (guint i = 0; i < 1500; i++)
    {
      double t = i / 500.0;
      double v[N_LAYOUT] = { 0, 50 * sin (2 * G_PI * 70 * t), 1, 2, 3 };
      ProprioSample sample = frame (5000000 + i * 2000, v, N_LAYOUT);

      proprio_sample_stage_process (PROPRIO_SAMPLE_STAGE (stage), &sample);
      if (t < 0.99)
        saw_nan |= isnan (sample.values[5]);
      else if (t > 1.01)
        {
          g_assert_true (isfinite (sample.values[5]));
          saw_value = TRUE;
        }
    }
  g_assert_true (saw_nan && saw_value);
  proprio_emg_stage_get_config (stage, &config);
  g_assert_cmpfloat_with_epsilon (config.rate_hz, 500.0, 1e-6);
  g_assert_null (proprio_emg_stage_dup_error (stage));

  /* 50 samples a second cannot carry a 20 Hz high-pass: said once, envelopes stay NaN. */
  proprio_sample_stage_get_n_channels (PROPRIO_SAMPLE_STAGE (slow), layout, N_LAYOUT);
  for (guint i = 0; i < 150; i++)
    {
      double v[N_LAYOUT] = { 0, 1, 2, 3, 4 };
      ProprioSample sample = frame (5000000 + i * 20000, v, N_LAYOUT);

      proprio_sample_stage_process (PROPRIO_SAMPLE_STAGE (slow), &sample);
      g_assert_true (isnan (sample.values[5]));
    }
  error = proprio_emg_stage_dup_error (slow);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "100"));
}

static void
assert_quality (ProprioEmgStage        *stage,
                guint                   index,
                ProprioEmgQualityState  state,
                const char             *label)
{
  ProprioEmgQualityReport report;
  g_autofree char *message = NULL;

  g_assert_true (proprio_emg_stage_get_quality (stage, index, &report, &message));
  g_assert_cmpstr (proprio_emg_quality_state_to_string (report.state), ==,
                   proprio_emg_quality_state_to_string (state));
  if (label == NULL)
    g_assert_null (message);
  else
    {
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, label));
    }
}

/* Flat, railed and humming electrodes are reported by name; a good one is OK. */
static void
test_quality (void)
{
  static const ProprioChannelInfo four[] = {
    { "counter", "Counter", "" },
    { "ch1_uv", "Ch 1", "uV" },
    { "ch2_uv", "Ch 2", "uV" },
    { "ch3_uv", "Ch 3", "uV" },
    { "ch4_uv", "Ch 4", "uV" },
  };
  const double rate = 250.0;
  g_autoptr(ProprioEmgStage) stage = stage_new (rate);
  ProprioSampleStage *s = PROPRIO_SAMPLE_STAGE (stage);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  ProprioEmgQualityReport report;
  guint serial;

  proprio_sample_stage_get_n_channels (s, four, G_N_ELEMENTS (four));
  serial = proprio_emg_stage_get_quality_serial (stage);
  assert_quality (stage, 0, PROPRIO_EMG_QUALITY_UNKNOWN, NULL);

  for (guint i = 0; i < 3 * (guint) rate; i++)
    {
      double t = i / rate;
      double v[5];
      ProprioSample sample;

      v[0] = i;
      v[1] = 12.0;                                               /* flat */
      v[2] = CLAMP (3000.0 * sin (2 * G_PI * 7 * t), -1000.0, 1000.0);  /* clipped */
      v[3] = 400.0 * sin (2 * G_PI * 50 * t);                    /* an open input: hum */
      v[4] = g_rand_double_range (rand, -30.0, 30.0);            /* rest noise */
      sample = frame (1000000 + i * 4000, v, 5);
      proprio_sample_stage_process (s, &sample);
      g_assert_cmpuint (sample.n_channels, ==, 9);
    }

  assert_quality (stage, 0, PROPRIO_EMG_QUALITY_FLAT, "Ch 1");
  assert_quality (stage, 1, PROPRIO_EMG_QUALITY_SATURATED, "Ch 2");
  assert_quality (stage, 2, PROPRIO_EMG_QUALITY_LEAD_OFF, "Ch 3");
  assert_quality (stage, 3, PROPRIO_EMG_QUALITY_OK, NULL);
  g_assert_cmpuint (proprio_emg_stage_get_quality_serial (stage), >, serial);
  g_assert_false (proprio_emg_stage_get_quality (stage, 4, &report, NULL));
  g_assert_cmpint (report.state, ==, PROPRIO_EMG_QUALITY_UNKNOWN);

  /* A new connection: nothing is known about the electrodes any more. */
  serial = proprio_emg_stage_get_quality_serial (stage);
  proprio_sample_stage_reset (s);
  assert_quality (stage, 0, PROPRIO_EMG_QUALITY_UNKNOWN, NULL);
  assert_quality (stage, 2, PROPRIO_EMG_QUALITY_UNKNOWN, NULL);
  g_assert_cmpuint (proprio_emg_stage_get_quality_serial (stage), >, serial);
}

/* An envelope input (a MyoWare SIG pin) is not filtered and not judged as raw EMG. */
static void
test_envelope_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgStage) stage = NULL;
  ProprioEmgConfig config;

  proprio_emg_config_init (&config, 250.0);
  config.input_is_envelope = TRUE;
  stage = proprio_emg_stage_new (&config, 60.0, &error);
  g_assert_no_error (error);
  proprio_sample_stage_get_n_channels (PROPRIO_SAMPLE_STAGE (stage), layout, N_LAYOUT);
  for (guint i = 0; i < 500; i++)
    {
      double v[N_LAYOUT] = { i, 40.0 + i % 3, 0.0, 0.0, 1.0 };
      ProprioSample sample = frame (1000000 + i * 4000, v, N_LAYOUT);

      proprio_sample_stage_process (PROPRIO_SAMPLE_STAGE (stage), &sample);
      g_assert_cmpfloat (sample.values[5], ==, v[1]);
    }
  assert_quality (stage, 1, PROPRIO_EMG_QUALITY_UNKNOWN, NULL);
}

typedef struct
{
  ProprioRingCursor *cursor;
  guint              want;
  GArray            *samples;
} RingWait;

static gboolean
ring_has (gpointer data)
{
  RingWait *wait = data;
  ProprioSample buf[64];
  gsize n;

  while ((n = proprio_ring_read (wait->cursor, buf, G_N_ELEMENTS (buf))) > 0)
    g_array_append_vals (wait->samples, buf, n);
  return wait->samples->len >= wait->want;
}

static gboolean
wait_ring (ProprioRing *ring,
           gboolean     from_now,
           guint        want,
           GArray      *samples,
           int          timeout_ms)
{
  ProprioRingCursor cursor;
  RingWait wait = { &cursor, want, samples };
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean done = FALSE;

  proprio_ring_cursor_init (&cursor, ring, from_now);
  /* Not a timing assertion: a busy machine only makes the wait longer, up to the limit. */
  while (!(done = ring_has (&wait)) && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  proprio_ring_cursor_clear (&cursor);
  return done;
}

/* A simulated Cyton behind a pty, through its reader thread: the ring carries 12 + 8 channels. */
static void
test_cyton_end_to_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new ("sim:cyton?seed=3", &error);
  g_autoptr(ProprioEmgStage) stage = stage_new (250.0);
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  guint checked = 0;

  g_assert_no_error (error);
  proprio_device_set_stage (device, PROPRIO_SAMPLE_STAGE (stage));
  proprio_device_connect (device);
  g_assert_true (wait_ring (proprio_device_get_ring (device), FALSE, 750, samples, 20000));

  g_assert_cmpuint (proprio_device_get_n_channels (device), ==, 20);
  g_assert_cmpstr (proprio_device_get_channel (device, 1)->name, ==, "ch1_uv");
  for (guint k = 0; k < 8; k++)
    {
      const ProprioChannelInfo *raw = proprio_device_get_channel (device, 1 + k);
      const ProprioChannelInfo *env = proprio_device_get_channel (device, 12 + k);
      g_autofree char *name = proprio_emg_stage_envelope_name (raw->name);

      g_assert_cmpstr (env->name, ==, name);
      g_assert_cmpstr (env->unit, ==, raw->unit);
    }
  /* After the first second (filters and window settled), every envelope is a real level. */
  for (guint i = 250; i < samples->len; i++)
    {
      ProprioSample *s = &g_array_index (samples, ProprioSample, i);

      g_assert_cmpuint (s->n_channels, ==, 20);
      for (guint c = 12; c < 20; c++)
        {
          g_assert_true (isfinite (s->values[c]));
          g_assert_cmpfloat (s->values[c], >, 0.0);
        }
      checked++;
    }
  g_assert_cmpuint (checked, >=, 500);
  g_assert_cmpuint (proprio_emg_stage_get_n_emg_channels (stage), ==, 8);
  proprio_device_disconnect (device);
}

static void
quality_changed_cb (ProprioStation *station,
                    guint          *count)
{
  (*count)++;
}

static gboolean
count_positive (gpointer data)
{
  return *(guint *) data > 0;
}

/* The station gives EMG devices a stage (with its mains frequency), balance boards none. */
static void
test_station_attaches (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  ProprioEmgStage *stage, *before;
  ProprioEmgConfig config;
  guint changes = 0;
  guint mains = 0;

  g_signal_connect (station, "emg-quality-changed", G_CALLBACK (quality_changed_cb), &changes);
  g_assert_null (proprio_station_get_emg_stage (station));
  g_object_get (station, "mains-hz", &mains, NULL);
  g_assert_cmpuint (mains, ==, 50);

  g_assert_true (proprio_station_set_device_spec (station, "sim:cyton?seed=5", &error));
  g_assert_no_error (error);
  stage = proprio_station_get_emg_stage (station);
  g_assert_nonnull (stage);
  proprio_emg_stage_get_config (stage, &config);
  g_assert_cmpfloat (config.rate_hz, ==, 250.0);
  g_assert_cmpfloat (config.notch_hz, ==, 50.0);

  g_assert_true (wait_ring (proprio_device_get_ring (proprio_station_get_device (station)), FALSE,
                            300, samples, 20000));
  g_assert_cmpuint (proprio_device_get_n_channels (proprio_station_get_device (station)), ==, 20);
  g_assert_cmpuint (g_array_index (samples, ProprioSample, 0).n_channels, ==, 20);
  /* The first whole quality window turns UNKNOWN into a state: the GUI hears of it. */
  g_assert_true (proprio_test_wait_for (count_positive, &changes, 20000));

  /* 60 Hz mains: a new stage, notch and quality at 60 Hz, and still streaming. */
  before = stage;
  g_object_set (station, "mains-hz", 60u, NULL);
  stage = proprio_station_get_emg_stage (station);
  g_assert_nonnull (stage);
  g_assert_true (stage != before);
  proprio_emg_stage_get_config (stage, &config);
  g_assert_cmpfloat (config.notch_hz, ==, 60.0);
  g_array_set_size (samples, 0);
  g_assert_true (wait_ring (proprio_device_get_ring (proprio_station_get_device (station)), TRUE,
                            300, samples, 20000));
  g_assert_cmpuint (g_array_index (samples, ProprioSample, 299).n_channels, ==, 20);

  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_no_error (error);
  g_assert_null (proprio_station_get_emg_stage (station));
  g_array_set_size (samples, 0);
  g_assert_true (wait_ring (proprio_device_get_ring (proprio_station_get_device (station)), FALSE,
                            50, samples, 20000));
  g_assert_cmpuint (g_array_index (samples, ProprioSample, 0).n_channels, ==,
                    PROPRIO_BALANCE_N_CHANNELS);
  proprio_station_set_device (station, NULL);
}

/* Room for a Cyton with its envelopes costs memory in every ring slot: a device's ring stays
 * within a budget (4.25 MiB at 16384 slots of 272 bytes). */
static void
test_ring_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = proprio_device_new ("sim:cyton", &error);
  gsize bytes;

  g_assert_no_error (error);
  g_assert_cmpuint (PROPRIO_MAX_CHANNELS, >=, 12 + 8);
  g_assert_cmpuint (sizeof (ProprioSample), ==, 16 + PROPRIO_MAX_CHANNELS * sizeof (double));
  bytes = (gsize) proprio_ring_get_capacity (proprio_device_get_ring (device))
          * sizeof (ProprioSample);
  g_test_message ("A device's ring: %" G_GSIZE_FORMAT " bytes", bytes);
  g_assert_cmpuint (bytes, <=, 8 * 1024 * 1024);
}

int
main (int argc, char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/emg-stage/layout", test_layout);
  g_test_add_func ("/emg-stage/layout-full", test_layout_full);
  g_test_add_func ("/emg-stage/sine-envelope", test_sine_envelope);
  g_test_add_func ("/emg-stage/rate-too-low", test_rate_too_low);
  g_test_add_func ("/emg-stage/measured-rate", test_measured_rate);
  g_test_add_func ("/emg-stage/quality", test_quality);
  g_test_add_func ("/emg-stage/envelope-input", test_envelope_input);
  g_test_add_func ("/emg-stage/ring-memory", test_ring_memory);
  g_test_add_func ("/emg-stage/cyton-end-to-end", test_cyton_end_to_end);
  g_test_add_func ("/emg-stage/station-attaches", test_station_attaches);

  ret = g_test_run ();
  g_assert_true (proprio_device_wait_for_readers (5000));
  return ret;
}
