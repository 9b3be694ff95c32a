/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cost of EMG processing: 8 channels at 2 kHz (the most Proprio expects) through the core's
 * streaming chain, one sample at a time as the live path runs it.
 *
 *   bench-emg [SECONDS]     (default: 60 s of signal)
 *
 * Method: the signal (Gaussian-like noise with bursts, a 1 mV offset and 50 Hz hum) is generated
 * first, so only processing is timed. Each case runs three times on one thread; the best run's
 * thread CPU time counts (the machine may be shared). Real-time factor = seconds of signal /
 * seconds of CPU. Cases:
 *   filters+RMS      ProprioEmgBank, 20–450 Hz 4th-order Butterworth, 100 ms RMS, no notch
 *   +notch           the same with the 50 Hz notch and its 18 harmonics (23 biquads a sample)
 *   full pipeline    +notch, plus signal quality and the onset detector on every channel
 * The last line is JSON, for the full pipeline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/proprio-emg.h"
#include "core/proprio-emg-onset.h"
#include "core/proprio-emg-quality.h"

#define N_CHANNELS 8
#define RATE_HZ    2000.0
#define RUNS       3

typedef enum
{
  CASE_FILTERS,
  CASE_NOTCH,
  CASE_FULL,
} BenchCase;

static double
thread_cpu_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double *
make_signal (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  double *x = g_new (double, (gsize) n * N_CHANNELS);

  for (guint i = 0; i < n; i++)
    {
      double t = i / RATE_HZ;
      double burst = fmod (t, 3.0) < 1.0 ? 150.0 : 3.0;

      for (guint c = 0; c < N_CHANNELS; c++)
        {
          /* Sum of three uniforms: close enough to Gaussian for a load test. */
          double u = g_rand_double (rand) + g_rand_double (rand) + g_rand_double (rand) - 1.5;

          x[(gsize) i * N_CHANNELS + c] = 1000.0 + burst * 2.0 * u +
                                          5.0 * sin (2.0 * G_PI * 50.0 * t + c);
        }
    }
  return x;
}

/* Returns the CPU seconds of one run; *checksum keeps the work from being optimised away. */
static double
run_case (BenchCase     which,
          const double *x,
          guint         n,
          double       *checksum)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgBank) bank = NULL;
  ProprioEmgQuality *quality[N_CHANNELS] = { NULL, };
  ProprioEmgOnsetDetector *onset[N_CHANNELS] = { NULL, };
  ProprioEmgConfig config;
  double env[N_CHANNELS], filt[N_CHANNELS], sum = 0.0, start;
  guint events = 0;

  proprio_emg_config_init (&config, RATE_HZ);
  if (which != CASE_FILTERS)
    config.notch_hz = 50.0;
  bank = proprio_emg_bank_new (&config, N_CHANNELS, &error);
  g_assert_no_error (error);
  if (which == CASE_FULL)
    for (guint c = 0; c < N_CHANNELS; c++)
      {
        ProprioEmgQualityConfig qc;
        ProprioEmgOnsetConfig oc;

        proprio_emg_quality_config_init (&qc, RATE_HZ);
        quality[c] = proprio_emg_quality_new (&qc, "bench", &error);
        g_assert_no_error (error);
        proprio_emg_onset_config_init (&oc, RATE_HZ);
        onset[c] = proprio_emg_onset_detector_new (&oc, &error);
        g_assert_no_error (error);
        proprio_emg_onset_detector_learn_baseline (onset[c], 0, 1000000);
      }

  start = thread_cpu_s ();
  for (guint i = 0; i < n; i++)
    {
      const double *frame = x + (gsize) i * N_CHANNELS;

      proprio_emg_bank_process (bank, frame, env, filt);
      if (which == CASE_FULL)
        for (guint c = 0; c < N_CHANNELS; c++)
          {
            gint64 t_us = (gint64) i * 500;

            proprio_emg_quality_push (quality[c], frame[c]);
            events += proprio_emg_onset_detector_push (onset[c], t_us, env[c], NULL);
          }
      sum += env[i % N_CHANNELS];
    }
  start = thread_cpu_s () - start;

  for (guint c = 0; c < N_CHANNELS; c++)
    {
      proprio_emg_quality_free (quality[c]);
      proprio_emg_onset_detector_free (onset[c]);
    }
  *checksum += sum + events;
  return start;
}

int
main (int    argc,
      char **argv)
{
  const char *names[] = { "filters+RMS", "+notch (50 Hz and harmonics)", "full pipeline" };
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 60.0;
  guint n = (guint) (seconds * RATE_HZ);
  g_autofree double *x = NULL;
  double checksum = 0.0, factor = 0.0;

  if (!(seconds >= 1.0 && seconds <= 3600.0))
    {
      fprintf (stderr, "usage: bench-emg [SECONDS]   (1 to 3600)\n");
      return 2;
    }

  x = make_signal (n);
  printf ("EMG processing: %u channels at %.0f Hz, %.0f s of signal (%u frames), best of %d "
          "runs, thread CPU time\n", N_CHANNELS, RATE_HZ, seconds, n, RUNS);
  for (guint which = CASE_FILTERS; which <= CASE_FULL; which++)
    {
      double best = INFINITY;

      for (guint r = 0; r < RUNS; r++)
        best = MIN (best, run_case (which, x, n, &checksum));
      factor = seconds / best;
      printf ("  %-30s %8.3f s CPU  %12.0f channel-samples/s  %8.0f× real time  "
              "(%.1f ns per channel-sample)\n",
              names[which], best, (double) n * N_CHANNELS / best, factor,
              1e9 * best / ((double) n * N_CHANNELS));
    }
  printf ("  (checksum %g)\n", checksum);
  printf ("{\"bench\": \"emg-processing\", \"case\": \"8ch-2khz\", \"realtime_factor\": %.1f}\n",
          factor);
  return 0;
}
