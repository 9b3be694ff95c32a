/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-emg"

/* EMG processing in core: filters against their designed responses, envelopes of known signals,
 * refusals of rates too low, Hodges & Bui onsets on synthetic bursts, MVC from scripted
 * contractions, and the signal-quality detectors. */

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/proprio-emg.h"
#include "core/proprio-emg-mvc.h"
#include "core/proprio-emg-onset.h"
#include "core/proprio-emg-quality.h"

static double
db (double ratio)
{
  return 20.0 * log10 (ratio);
}

/* Feeds `seconds` of A·sin(2πft) + offset and returns the RMS of the filtered output over the
 * last `measure_s` seconds; *mean_envelope receives the envelope's mean over them. */
static double
run_sine (ProprioEmgProcessor *proc,
          double               freq_hz,
          double               amplitude,
          double               offset,
          double               seconds,
          double               measure_s,
          double              *mean_envelope)
{
  double rate = proprio_emg_processor_get_config (proc)->rate_hz;
  guint n = (guint) lround (seconds * rate);
  guint from = n - (guint) lround (measure_s * rate);
  double sum_sq = 0.0, sum_env = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double y, env;

      env = proprio_emg_processor_process (proc, offset + amplitude *
                                           sin (2.0 * G_PI * freq_hz * i / rate), &y);
      if (i >= from)
        {
          sum_sq += y * y;
          sum_env += env;
        }
    }
  if (mean_envelope != NULL)
    *mean_envelope = sum_env / (n - from);
  return sqrt (sum_sq / (n - from));
}

static ProprioEmgProcessor *
new_processor (const ProprioEmgConfig *config)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgProcessor *proc = proprio_emg_processor_new (config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (proc);
  return proc;
}

static void
test_passband_amplitude (void)
{
  const double rates[] = { 250.0, 1000.0, 2000.0 };
  const double freqs[] = { 60.0, 120.0, 150.0 };

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      g_autoptr(ProprioEmgProcessor) proc = NULL;
      ProprioEmgConfig config;
      double rms;

      proprio_emg_config_init (&config, rates[r]);
      proc = new_processor (&config);
      /* A large offset on top, as a Cyton gives: it must not disturb the pass band. */
      rms = run_sine (proc, freqs[r], 100.0, 5000.0, 3.0, 1.0, NULL);
      g_test_message ("%g Hz at %g Hz: amplitude %.4f", freqs[r], rates[r], rms * G_SQRT2);
      g_assert_cmpfloat_with_epsilon (rms * G_SQRT2, 100.0, 1.0);
      g_assert_cmpfloat (proprio_emg_processor_magnitude (proc, freqs[r]), >, 0.99);
    }
}

static void
test_stopband_attenuation (void)
{
  struct { double rate, freq, min_db; } cases[] = {
    { 1000.0, 5.0, 45.0 },     /* a quarter of the 20 Hz high-pass: 4th order, ~48 dB */
    { 2000.0, 900.0, 24.0 },   /* one octave above the 450 Hz low-pass (pre-warped) */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(ProprioEmgProcessor) proc = NULL;
      ProprioEmgConfig config;
      double designed, measured;

      proprio_emg_config_init (&config, cases[c].rate);
      proc = new_processor (&config);
      designed = -db (proprio_emg_processor_magnitude (proc, cases[c].freq));
      measured = -db (run_sine (proc, cases[c].freq, 100.0, 0.0, 6.0, 2.0, NULL) * G_SQRT2 / 100.0);
      g_test_message ("%g Hz at %g Hz: designed %.2f dB, measured %.2f dB",
                      cases[c].freq, cases[c].rate, designed, measured);
      g_assert_cmpfloat (designed, >=, cases[c].min_db);
      g_assert_cmpfloat_with_epsilon (measured, designed, 0.5);
    }

  /* The cut-off itself is −3.01 dB for a 4th-order Butterworth. */
  {
    g_autoptr(ProprioEmgProcessor) proc = NULL;
    ProprioEmgConfig config;

    proprio_emg_config_init (&config, 1000.0);
    config.lowpass_hz = 0.0;
    proc = new_processor (&config);
    g_assert_cmpfloat_with_epsilon (db (proprio_emg_processor_magnitude (proc, 20.0)),
                                    -3.0103, 0.001);
  }
}

static void
test_notch (void)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  g_autoptr(ProprioEmgProcessor) pass = NULL;
  ProprioEmgConfig config;
  const double *notches;
  guint n_notches;
  double rms;

  proprio_emg_config_init (&config, 1000.0);
  config.notch_hz = 50.0;
  proc = new_processor (&config);
  notches = proprio_emg_processor_get_notches (proc, &n_notches);
  /* Harmonics up to 0.95 × Nyquist: 50, 100, …, 450. */
  g_assert_cmpuint (n_notches, ==, 9);
  g_assert_cmpfloat (notches[0], ==, 50.0);
  g_assert_cmpfloat (notches[8], ==, 450.0);

  /* Q = 30: the notch rings for τ = 2Q/ω₀ ≈ 0.19 s, so measure after 4 s. */
  rms = run_sine (proc, 50.0, 100.0, 0.0, 6.0, 1.0, NULL);
  g_test_message ("50 Hz through the notch: %.2f dB", db (rms * G_SQRT2 / 100.0));
  g_assert_cmpfloat (db (rms * G_SQRT2 / 100.0), <=, -30.0);
  proprio_emg_processor_reset (proc);
  rms = run_sine (proc, 150.0, 100.0, 0.0, 6.0, 1.0, NULL);
  g_assert_cmpfloat (db (rms * G_SQRT2 / 100.0), <=, -30.0);

  /* Between the notches the signal passes. */
  pass = new_processor (&config);
  rms = run_sine (pass, 75.0, 100.0, 0.0, 4.0, 1.0, NULL);
  g_assert_cmpfloat_with_epsilon (rms * G_SQRT2, 100.0, 1.0);

  /* 60 Hz mains at Cyton's 250 Hz: 60 and 120 Hz, not 180. */
  {
    g_autoptr(ProprioEmgProcessor) cyton = NULL;

    proprio_emg_config_init (&config, 250.0);
    config.notch_hz = 60.0;
    cyton = new_processor (&config);
    proprio_emg_processor_get_notches (cyton, &n_notches);
    g_assert_cmpuint (n_notches, ==, 1);   /* 120 Hz is above 0.95 × 125 = 118.75 Hz */
  }
}

static void
test_rms_envelope_sine (void)
{
  /* Frequencies with a whole number of periods in each window, so the RMS of the window is
   * exactly A/√2 whatever the phase; the processing's gain there is within 0.2 % of 1. */
  struct { double rate, window_ms, freq; } cases[] = {
    { 250.0, 25.0, 250.0 / 6.0 }, { 250.0, 100.0, 50.0 }, { 250.0, 500.0, 50.0 },
    { 1000.0, 25.0, 80.0 }, { 1000.0, 50.0, 80.0 }, { 1000.0, 100.0, 80.0 },
    { 1000.0, 200.0, 80.0 }, { 1000.0, 500.0, 80.0 },
    { 2000.0, 25.0, 120.0 }, { 2000.0, 100.0, 120.0 }, { 2000.0, 500.0, 120.0 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(ProprioEmgProcessor) proc = NULL;
      ProprioEmgConfig config;
      double env;

      proprio_emg_config_init (&config, cases[c].rate);
      config.window_ms = cases[c].window_ms;
      proc = new_processor (&config);
      run_sine (proc, cases[c].freq, 200.0, -300.0, 3.0, 1.0, &env);
      g_test_message ("%g Hz at %g Hz, %g ms: %.4f", cases[c].freq, cases[c].rate,
                      cases[c].window_ms, env);
      g_assert_cmpfloat_with_epsilon (env, 200.0 / G_SQRT2, 0.01 * 200.0 / G_SQRT2);
    }
}

/* The running sum of squares must not remember a huge signal once it has left the window: after
 * 10 s of a 1e8 amplitude (window sums near 1e18, whose rounding steps exceed the 100 µV² of the
 * later window), a plain running sum ends far from the 1 µV sine's; re-summing the window at each
 * wrap of the ring keeps it exact. */
static void
test_rms_envelope_no_drift (void)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  ProprioEmgConfig config;
  double env;

  proprio_emg_config_init (&config, 2000.0);
  proc = new_processor (&config);
  run_sine (proc, 100.0, 1e8, 0.0, 10.0, 1.0, NULL);
  run_sine (proc, 100.0, 1.0, 0.0, 3.0, 1.0, &env);
  g_assert_cmpfloat_with_epsilon (env, 1.0 / G_SQRT2, 0.01 / G_SQRT2);
}

static void
test_rectified_envelope (void)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  ProprioEmgConfig config;
  double env;

  proprio_emg_config_init (&config, 2000.0);
  config.envelope_mode = PROPRIO_EMG_ENVELOPE_LOWPASS;
  config.envelope_lowpass_hz = 6.0;
  proc = new_processor (&config);
  g_assert_cmpuint (proprio_emg_processor_get_window_samples (proc), ==, 0);
  /* 50 samples a period, so the sampled |sin| averages to within 0.1 % of the continuous 2/π;
   * the high-pass takes another 0.2 % at 40 Hz. */
  run_sine (proc, 40.0, 100.0, 0.0, 3.0, 1.0, &env);
  /* The mean of a rectified sine is 2A/π. */
  g_assert_cmpfloat_with_epsilon (env, 200.0 / G_PI, 0.01 * 200.0 / G_PI);
}

static void
test_input_is_envelope (void)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  ProprioEmgConfig config;
  double filtered;

  /* A MyoWare at 100 Hz: no filter would fit, and none is needed. */
  proprio_emg_config_init (&config, 100.0);
  config.input_is_envelope = TRUE;
  proc = new_processor (&config);
  g_assert_cmpfloat (proprio_emg_processor_process (proc, 412.0, &filtered), ==, 412.0);
  g_assert_cmpfloat (filtered, ==, 412.0);
  g_assert_true (isnan (proprio_emg_processor_process (proc, NAN, &filtered)));
  g_assert_true (isnan (filtered));
}

static void
assert_refused (const ProprioEmgConfig *config,
                int                     code,
                const char             *needle1,
                const char             *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgProcessor) proc = proprio_emg_processor_new (config, &error);

  g_assert_null (proc);
  g_assert_error (error, PROPRIO_EMG_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle1));
  if (needle2 != NULL)
    g_assert_nonnull (strstr (error->message, needle2));
}

static void
test_rate_too_low (void)
{
  ProprioEmgConfig config;

  proprio_emg_config_init (&config, 40.0);
  assert_refused (&config, PROPRIO_EMG_ERROR_RATE_TOO_LOW,
                  "A 20 Hz high-pass needs at least 100 samples per second", "gives 40");

  proprio_emg_config_init (&config, 500.0);
  config.lowpass_hz = 450.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_RATE_TOO_LOW, "450 Hz low-pass", "900");

  proprio_emg_config_init (&config, 100.0);
  config.notch_hz = 50.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_RATE_TOO_LOW, "50 Hz mains notch needs at least 106",
                  "gives 100");

  proprio_emg_config_init (&config, 50.0);
  config.highpass_hz = 0.0;
  config.window_ms = 25.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_RATE_TOO_LOW, "25 ms RMS window", "gives 50");

  proprio_emg_config_init (&config, 1000.0);
  config.window_ms = 600.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_INVALID_SETTING, "25 to 500 ms", NULL);
  proprio_emg_config_init (&config, 1000.0);
  config.notch_hz = 55.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_INVALID_SETTING, "50 or 60", NULL);
  proprio_emg_config_init (&config, 1000.0);
  config.lowpass_hz = 15.0;
  assert_refused (&config, PROPRIO_EMG_ERROR_INVALID_SETTING, "above the high-pass", NULL);

  /* The boundaries that are fine: Cyton's 250 Hz with everything on. */
  proprio_emg_config_init (&config, 250.0);
  config.notch_hz = 50.0;
  g_assert_true (proprio_emg_config_validate (&config, NULL));
  proprio_emg_config_init (&config, 100.0);
  g_assert_true (proprio_emg_config_validate (&config, NULL));
  g_assert_cmpfloat (config.lowpass_hz, ==, 45.0);
}

static void
test_bank (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgBank) bank = NULL;
  g_autoptr(ProprioEmgProcessor) single = NULL;
  ProprioEmgConfig config;
  double x[8], env[8], filt[8];

  proprio_emg_config_init (&config, 250.0);
  config.notch_hz = 50.0;
  bank = proprio_emg_bank_new (&config, 8, &error);
  g_assert_no_error (error);
  single = new_processor (&config);
  g_assert_cmpuint (proprio_emg_bank_get_n_channels (bank), ==, 8);

  for (guint i = 0; i < 1000; i++)
    {
      double e, f;

      for (guint c = 0; c < 8; c++)
        x[c] = (c + 1) * 10.0 * sin (2.0 * G_PI * 70.0 * i / 250.0 + c);
      proprio_emg_bank_process (bank, x, env, filt);
      e = proprio_emg_processor_process (single, x[3], &f);
      g_assert_cmpfloat (env[3], ==, e);
      g_assert_cmpfloat (filt[3], ==, f);
    }
  /* Channel 8 carries 8 × channel 1's amplitude. */
  g_assert_cmpfloat_with_epsilon (env[7] / env[0], 8.0, 0.08);

  proprio_emg_config_init (&config, 40.0);
  g_clear_error (&error);
  g_assert_null (proprio_emg_bank_new (&config, 8, &error));
  g_assert_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW);
}

/* --- Onsets --- */

typedef struct
{
  double start_s, end_s, amplitude;
} Burst;

/* Raw EMG at 1 kHz: 3 µV noise plus Gaussian-carrier bursts; fixed seed. Returns the envelope. */
static double *
synthetic_envelope (const Burst *bursts,
                    guint        n_bursts,
                    double       seconds,
                    guint       *n_out)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  ProprioEmgConfig config;
  guint n = (guint) (seconds * 1000.0);
  double *env = g_new (double, n);

  proprio_emg_config_init (&config, 1000.0);
  proc = new_processor (&config);
  for (guint i = 0; i < n; i++)
    {
      double t = i / 1000.0, a = 0.0, x;

      for (guint b = 0; b < n_bursts; b++)
        if (t >= bursts[b].start_s && t < bursts[b].end_s)
          a = bursts[b].amplitude;
      x = 800.0 + (a + 3.0) * (g_rand_double (rand) * 2.0 - 1.0) * sqrt (3.0);
      env[i] = proprio_emg_processor_process (proc, x, NULL);
    }
  *n_out = n;
  return env;
}

static GArray *
detect (const double *env,
        guint         n,
        double        cue_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgOnsetDetector) det = NULL;
  ProprioEmgOnsetConfig config;
  GArray *events = g_array_new (FALSE, FALSE, sizeof (ProprioEmgOnsetEvent));
  const gint64 t0 = 5000000000;   /* a monotonic clock far from zero */

  proprio_emg_onset_config_init (&config, 1000.0);
  det = proprio_emg_onset_detector_new (&config, &error);
  g_assert_no_error (error);
  proprio_emg_onset_detector_learn_baseline (det, t0, t0 + 1000000);
  proprio_emg_onset_detector_set_cue (det, t0 + (gint64) (cue_s * 1e6));
  for (guint i = 0; i < n; i++)
    {
      ProprioEmgOnsetEvent ev;

      if (proprio_emg_onset_detector_push (det, t0 + i * 1000, env[i], &ev))
        {
          g_assert_cmpint (ev.t_us, >=, t0);
          g_array_append_val (events, ev);
        }
    }
  return events;
}

static void
test_onset_bursts (void)
{
  const Burst bursts[] = { { 2.0, 3.0, 100.0 }, { 4.5, 5.0, 40.0 }, { 6.2, 7.7, 200.0 } };
  g_autofree double *env = NULL;
  g_autoptr(GArray) events = NULL;
  guint n;

  env = synthetic_envelope (bursts, G_N_ELEMENTS (bursts), 9.0, &n);
  events = detect (env, n, 1.5);
  g_assert_cmpuint (events->len, ==, 2 * G_N_ELEMENTS (bursts));
  for (guint b = 0; b < G_N_ELEMENTS (bursts); b++)
    {
      ProprioEmgOnsetEvent *on = &g_array_index (events, ProprioEmgOnsetEvent, 2 * b);
      ProprioEmgOnsetEvent *off = &g_array_index (events, ProprioEmgOnsetEvent, 2 * b + 1);

      g_test_message ("burst %u: onset %.3f s, offset %.3f s after the cue", b, on->since_cue_s,
                      off->since_cue_s);
      g_assert_cmpint (on->kind, ==, PROPRIO_EMG_ONSET);
      g_assert_cmpint (off->kind, ==, PROPRIO_EMG_OFFSET);
      /* Onset within one onset window (25 ms) of the truth, relative to the cue at 1.5 s. */
      g_assert_cmpfloat (fabs (on->since_cue_s - (bursts[b].start_s - 1.5)), <=, 0.025);
      /* The offset trails by the RMS window (100 ms), as the trailing window holds the burst
       * until then, plus one onset window and the high-pass's ringing (τ ≈ 21 ms). */
      g_assert_cmpfloat (off->since_cue_s - (bursts[b].end_s - 1.5), >=, 0.0);
      g_assert_cmpfloat (off->since_cue_s - (bursts[b].end_s - 1.5), <=, 0.150);
      g_assert_cmpint (off->t_us - on->t_us, ==,
                       (gint64) llround ((off->since_cue_s - on->since_cue_s) * 1e6));
    }
}

/* An envelope at 10 ± 1 with two 10 ms spikes to 100: each keeps the 25 ms window mean above the
 * threshold for about 34 ms, less than the 50 ms minimum. */
static guint
count_spike_events (double min_duration_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgOnsetDetector) det = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  ProprioEmgOnsetConfig config;
  guint fired = 0;

  proprio_emg_onset_config_init (&config, 1000.0);
  config.min_duration_ms = min_duration_ms;
  det = proprio_emg_onset_detector_new (&config, &error);
  g_assert_no_error (error);
  proprio_emg_onset_detector_learn_baseline (det, 0, 1000000);
  for (guint i = 0; i < 4000; i++)
    {
      gboolean spike = (i >= 2000 && i < 2010) || (i >= 3000 && i < 3010);
      double env = spike ? 100.0 : 10.0 + (g_rand_double (rand) * 2.0 - 1.0) * sqrt (3.0);

      fired += proprio_emg_onset_detector_push (det, (gint64) i * 1000, env, NULL);
    }
  return fired;
}

static void
test_onset_spike_rejected (void)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgOnsetConfig config;

  g_assert_cmpuint (count_spike_events (50.0), ==, 0);
  /* With no minimum duration each spike is an onset and an offset, so the check above can fail. */
  g_assert_cmpuint (count_spike_events (0.0), ==, 4);

  /* Settings outside Hodges & Bui's range are refused. */
  proprio_emg_onset_config_init (&config, 1000.0);
  config.window_ms = 10.0;
  g_assert_null (proprio_emg_onset_detector_new (&config, &error));
  g_assert_error (error, PROPRIO_EMG_ONSET_ERROR, PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING);
}

static void
test_onset_given_baseline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgOnsetDetector) det = NULL;
  ProprioEmgOnsetConfig config;
  ProprioEmgOnsetEvent ev = { 0 };
  double mean, sd;
  guint events = 0;

  proprio_emg_onset_config_init (&config, 1000.0);
  det = proprio_emg_onset_detector_new (&config, &error);
  g_assert_no_error (error);
  g_assert_false (proprio_emg_onset_detector_get_baseline (det, &mean, &sd));
  proprio_emg_onset_detector_set_baseline (det, 10.0, 2.0);
  g_assert_cmpfloat (proprio_emg_onset_detector_get_threshold (det), ==, 16.0);

  /* A step from 10 to 30 at 1.000 s: the first 25 ms window above 16 ends at 1.000 s + 7 ms
   * (the mean passes 16 once 8 of 25 samples are at 30). No cue: since_cue_s is NaN. */
  for (guint i = 0; i < 2000; i++)
    if (proprio_emg_onset_detector_push (det, (gint64) i * 1000, i >= 1000 ? 30.0 : 10.0, &ev))
      events++;
  g_assert_cmpuint (events, ==, 1);
  g_assert_cmpint (ev.kind, ==, PROPRIO_EMG_ONSET);
  g_assert_cmpint (ev.t_us, ==, 1007000);
  g_assert_true (isnan (ev.since_cue_s));
  g_assert_true (proprio_emg_onset_detector_is_active (det));

  /* And back down at 2.000 s: the first window at or below 16 starts at 2.000 − 7 ms. */
  for (guint i = 2000; i < 3000; i++)
    if (proprio_emg_onset_detector_push (det, (gint64) i * 1000, 10.0, &ev))
      events++;
  g_assert_cmpuint (events, ==, 2);
  g_assert_cmpint (ev.kind, ==, PROPRIO_EMG_OFFSET);
  g_assert_cmpint (ev.t_us, ==, 1993000);
}

/* --- MVC --- */

static void
test_mvc_scripted (void)
{
  g_autoptr(GError) error = NULL;
  /* 10 s at 100 Hz: two contractions with plateaus of 300 and 500 µV for 1.2 s inside 200 µV
   * holds; rest at 5 µV. The best 1 s window sits on each plateau. */
  const ProprioEmgInterval contractions[] = {
    { 1000000, 4000000 },
    { 6000000, 9000000 },
  };
  gint64 t[1000];
  double env[1000], best[2], mvc;

  for (guint i = 0; i < 1000; i++)
    {
      double s = i / 100.0;

      t[i] = 10000 * (gint64) i;
      env[i] = 5.0;
      if (s >= 1.0 && s < 4.0)
        env[i] = s >= 2.0 && s < 3.2 ? 300.0 : 200.0;
      if (s >= 6.0 && s < 9.0)
        env[i] = s >= 7.5 && s < 8.7 ? 500.0 : 200.0;
    }
  g_assert_true (proprio_emg_mvc_compute (t, env, 1000, contractions, 2, 1.0, &mvc, best,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (best[0], 300.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (best[1], 500.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mvc, 400.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (proprio_emg_mvc_percent (100.0, mvc), 25.0, 1e-12);
  g_assert_true (isnan (proprio_emg_mvc_percent (100.0, 0.0)));

  /* A 2 s window no longer fits on the plateaus: it must mix in the 200 µV hold. */
  g_assert_true (proprio_emg_mvc_compute (t, env, 1000, contractions, 2, 2.0, &mvc, best,
                                          &error));
  g_assert_cmpfloat_with_epsilon (best[0], (1.2 * 300.0 + 0.8 * 200.0) / 2.0, 1e-9);

  /* A contraction shorter than the window is refused, naming it. */
  {
    const ProprioEmgInterval short_one[] = { { 1000000, 4000000 }, { 6000000, 6500000 } };

    g_assert_false (proprio_emg_mvc_compute (t, env, 1000, short_one, 2, 1.0, &mvc, NULL,
                                             &error));
    g_assert_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_NO_CONTRACTION);
    g_assert_nonnull (strstr (error->message, "Contraction 2 lasts 0.50 s"));
    g_clear_error (&error);
    g_assert_false (proprio_emg_mvc_compute (t, env, 1000, contractions, 0, 1.0, &mvc, NULL,
                                             &error));
    g_assert_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_NO_CONTRACTION);
  }
}

static void
test_mvc_calibration_store (void)
{
  g_autoptr(ProprioEmgCalibration) cal = proprio_emg_calibration_new ();
  g_autoptr(ProprioEmgCalibration) back = NULL;
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GVariant) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) names = NULL;
  double mvc;

  proprio_emg_calibration_set (cal, "Glute med L", 412.5);
  proprio_emg_calibration_set (cal, "ch1_uv", 88.0);
  proprio_emg_calibration_set (cal, "ch1_uv", 90.0);   /* a new calibration replaces the old */
  v = g_variant_ref_sink (proprio_emg_calibration_to_variant (cal));
  text = g_variant_print (v, FALSE);
  g_assert_cmpstr (text, ==, "{'Glute med L': 412.5, 'ch1_uv': 90.0}");

  /* Through text, as a settings backend would store it. */
  parsed = g_variant_parse (NULL, text, NULL, NULL, &error);
  g_assert_no_error (error);
  back = proprio_emg_calibration_new_from_variant (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (back), ==, 2);
  g_assert_true (proprio_emg_calibration_lookup (back, "Glute med L", &mvc));
  g_assert_cmpfloat (mvc, ==, 412.5);
  g_assert_false (proprio_emg_calibration_lookup (back, "ch2_uv", &mvc));
  g_assert_true (isnan (mvc));
  names = proprio_emg_calibration_dup_channels (back);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Glute med L");

  {
    g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_parsed ("{'a': -1.0}"));
    g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new_parsed ("[1, 2]"));

    g_assert_null (proprio_emg_calibration_new_from_variant (bad, &error));
    g_assert_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT);
    g_clear_error (&error);
    g_assert_null (proprio_emg_calibration_new_from_variant (wrong, &error));
    g_assert_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT);
  }
}

/* --- Signal quality --- */

typedef double (*SignalFunc) (double t, GRand *rand);

static ProprioEmgQuality *
run_quality (SignalFunc  signal,
             double      full_scale,
             double      seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  ProprioEmgQualityConfig config;
  ProprioEmgQuality *q;
  guint windows = 0;

  proprio_emg_quality_config_init (&config, 1000.0);
  config.full_scale_uv = full_scale;
  q = proprio_emg_quality_new (&config, "Glute med L", &error);
  g_assert_no_error (error);
  g_assert_cmpint (proprio_emg_quality_get_state (q), ==, PROPRIO_EMG_QUALITY_UNKNOWN);
  for (guint i = 0; i < (guint) (seconds * 1000.0); i++)
    windows += proprio_emg_quality_push (q, signal (i / 1000.0, rand));
  /* A report every half window once the first whole window is in: 1 s, 1.5 s, … */
  g_assert_cmpuint (windows, ==, 2 * (guint) seconds - 1);
  return q;
}

static double
noise (GRand *rand,
       double sd)
{
  /* Uniform with the given SD: enough for these checks and exactly reproducible. */
  return sd * sqrt (3.0) * (g_rand_double (rand) * 2.0 - 1.0);
}

static double
signal_good (double t, GRand *rand)
{
  double burst = fmod (t, 2.0) < 1.0 ? 150.0 : 0.0;

  return 2000.0 + noise (rand, 3.0 + burst) + 1.5 * sin (2.0 * G_PI * 50.0 * t);
}

static double
signal_flat (double t, GRand *rand)
{
  return 1234.0 + noise (rand, 0.01);
}

static double
signal_railed (double t, GRand *rand)
{
  /* A big motion artefact clipped at the amplifier's ±1000 µV. */
  double v = 1500.0 * sin (2.0 * G_PI * 3.0 * t) + noise (rand, 5.0);

  return CLAMP (v, -1000.0, 1000.0);
}

static double
signal_hum (double t, GRand *rand)
{
  return -500.0 + noise (rand, 3.0) + 40.0 * G_SQRT2 * sin (2.0 * G_PI * 50.0 * t + 0.3);
}

static double
signal_lead_off (double t, GRand *rand)
{
  return noise (rand, 3.0) + 800.0 * G_SQRT2 * sin (2.0 * G_PI * 50.0 * t + 1.0);
}

static void
test_quality (void)
{
  struct {
    SignalFunc             signal;
    double                 full_scale;
    ProprioEmgQualityState state;
    const char            *message;
  } cases[] = {
    { signal_good, 0.0, PROPRIO_EMG_QUALITY_OK, NULL },
    { signal_flat, 0.0, PROPRIO_EMG_QUALITY_FLAT,
      "Check the electrode on Glute med L: the signal is flat" },
    { signal_railed, 0.0, PROPRIO_EMG_QUALITY_SATURATED, "saturated" },
    { signal_railed, 1000.0, PROPRIO_EMG_QUALITY_SATURATED, "saturated" },
    { signal_good, 180.0, PROPRIO_EMG_QUALITY_SATURATED, "saturated" },
    { signal_hum, 0.0, PROPRIO_EMG_QUALITY_NOISY,
      "Check the electrode on Glute med L: strong mains hum (40 µV)" },
    { signal_lead_off, 0.0, PROPRIO_EMG_QUALITY_LEAD_OFF, "off the skin (mains hum 800 µV)" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(ProprioEmgQuality) q = run_quality (cases[c].signal, cases[c].full_scale, 4.0);
      const ProprioEmgQualityReport *r = proprio_emg_quality_get_report (q);
      g_autofree char *message = proprio_emg_quality_dup_message (q);

      g_test_message ("case %u: %s, sd %.2f, hum %.2f µV (%.0f %%), rails %.3f: %s", c,
                      proprio_emg_quality_state_to_string (r->state), r->sd_uv, r->hum_uv,
                      100.0 * r->hum_share, r->rail_share, message ? message : "(none)");
      g_assert_cmpstr (proprio_emg_quality_state_to_string (r->state), ==,
                       proprio_emg_quality_state_to_string (cases[c].state));
      if (cases[c].message == NULL)
        g_assert_null (message);
      else
        {
          g_assert_nonnull (message);
          g_assert_nonnull (strstr (message, cases[c].message));
          g_assert_nonnull (strstr (message, "Glute med L"));
        }
    }
}

static void
test_quality_hum_level (void)
{
  g_autoptr(ProprioEmgQuality) hum = run_quality (signal_hum, 0.0, 3.0);
  g_autoptr(ProprioEmgQuality) good = run_quality (signal_good, 0.0, 3.0);

  /* 40 µV RMS of hum on a −500 µV offset, measured within 2 %. */
  g_assert_cmpfloat_with_epsilon (proprio_emg_quality_get_report (hum)->hum_uv, 40.0, 0.8);
  /* 1.5 µV amplitude = 1.06 µV RMS under a burst, within 0.5 µV (noise leaks into the bin). */
  g_assert_cmpfloat_with_epsilon (proprio_emg_quality_get_report (good)->hum_uv,
                                  1.5 / G_SQRT2, 0.5);
}

/* An electrode that comes off at 2.5 s is reported once a whole window has seen it: at 3.5 s, half a
 * window sooner than back-to-back windows (4 s) would. */
static void
test_quality_sliding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(ProprioEmgQuality) q = NULL;
  ProprioEmgQualityConfig config;
  double flat_at = NAN;

  proprio_emg_quality_config_init (&config, 1000.0);
  q = proprio_emg_quality_new (&config, "Tib ant R", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_emg_quality_get_window_samples (q), ==, 1000);
  for (guint i = 0; i < 5000 && isnan (flat_at); i++)
    {
      double t = i / 1000.0;
      double x = t < 2.5 ? signal_good (t, rand) : 0.0;

      if (proprio_emg_quality_push (q, x)
          && proprio_emg_quality_get_state (q) == PROPRIO_EMG_QUALITY_FLAT)
        flat_at = (i + 1) / 1000.0;
      if (t < 3.0)
        g_assert_cmpint (proprio_emg_quality_get_state (q), !=, PROPRIO_EMG_QUALITY_FLAT);
    }
  g_assert_cmpfloat (flat_at, ==, 3.5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/emg/filter/passband-amplitude", test_passband_amplitude);
  g_test_add_func ("/emg/filter/stopband-attenuation", test_stopband_attenuation);
  g_test_add_func ("/emg/filter/notch-removes-mains", test_notch);
  g_test_add_func ("/emg/envelope/rms-of-sine", test_rms_envelope_sine);
  g_test_add_func ("/emg/envelope/rms-no-drift", test_rms_envelope_no_drift);
  g_test_add_func ("/emg/envelope/rectify-lowpass", test_rectified_envelope);
  g_test_add_func ("/emg/envelope/input-is-envelope", test_input_is_envelope);
  g_test_add_func ("/emg/config/rate-too-low-refused", test_rate_too_low);
  g_test_add_func ("/emg/bank/eight-channels", test_bank);
  g_test_add_func ("/emg/onset/synthetic-bursts", test_onset_bursts);
  g_test_add_func ("/emg/onset/spike-rejected", test_onset_spike_rejected);
  g_test_add_func ("/emg/onset/given-baseline-exact-times", test_onset_given_baseline);
  g_test_add_func ("/emg/mvc/scripted-contractions", test_mvc_scripted);
  g_test_add_func ("/emg/mvc/calibration-store", test_mvc_calibration_store);
  g_test_add_func ("/emg/quality/detectors", test_quality);
  g_test_add_func ("/emg/quality/hum-level", test_quality_hum_level);
  g_test_add_func ("/emg/quality/sliding-window", test_quality_sliding);
  return g_test_run ();
}
