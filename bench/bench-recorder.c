/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What recording a session costs, and how long exporting a long one takes.
 *
 *   bench-recorder [SECONDS] [EXPORT_MINUTES]     (defaults: 20 s of recording, 60 min export)
 *
 * recorder: a producer thread pushes an OpenBCI Cyton stream (counter, 8 channels, accelerometer:
 * 13 values at 250 Hz) and a balance stream (7 values at 100 Hz) into two rings at their real
 * pace, plus two events a second; a ProprioRecorder writes them to a session folder (fdatasync
 * twice a second). The figure is the recorder thread's own CPU time (CLOCK_THREAD_CPUTIME_ID,
 * user + system) over the wall time, in % of one core; the goal is at most 2 %.
 *
 * export: a session of EXPORT_MINUTES with the same two streams is written to stream files and
 * registered in a store, then exported to EDF+ (resampling, 16-bit conversion, annotations);
 * the figure is the wall time of proprio_export_session (); the goal is at most 5 s for 60 min.
 *
 * Each case ends with one JSON line. */
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/proprio-ring.h"
#include "store/proprio-export.h"
#include "store/proprio-recorder.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

static const ProprioChannelInfo cyton[] = {
  { "counter", "Counter", "" }, { "ch1_uv", "1", "uV" }, { "ch2_uv", "2", "uV" },
  { "ch3_uv", "3", "uV" }, { "ch4_uv", "4", "uV" }, { "ch5_uv", "5", "uV" },
  { "ch6_uv", "6", "uV" }, { "ch7_uv", "7", "uV" }, { "ch8_uv", "8", "uV" },
  { "ax_g", "ax", "g" }, { "ay_g", "ay", "g" }, { "az_g", "az", "g" },
};
static const ProprioChannelInfo balance[] = {
  { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
  { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
  { "cop_y_mm", "CoP y", "mm" },
};

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

/* Values as a device gives them: µV with a gain's resolution, loads in 10 g steps. */
static void
cyton_sample (ProprioSample *s,
              guint64        i,
              gint64         t_us)
{
  s->t_us = t_us;
  s->flags = 0;
  s->n_channels = G_N_ELEMENTS (cyton);
  s->values[0] = (double) (i % 256);
  for (guint c = 1; c <= 8; c++)
    s->values[c] = round (200.0 * sin (i * 0.01 * c) / 0.02235) * 0.02235;
  for (guint c = 9; c < 12; c++)
    s->values[c] = (i % 10 == 0) ? 0.002 * (c - 8) : NAN;
}

static void
balance_sample (ProprioSample *s,
                guint64        i,
                gint64         t_us)
{
  s->t_us = t_us;
  s->flags = PROPRIO_SAMPLE_HAS_COP;
  s->n_channels = G_N_ELEMENTS (balance);
  for (guint c = 0; c < 4; c++)
    s->values[c] = round ((18.0 + sin (i * 0.003 + c)) * 100.0) / 100.0;
  s->values[4] = s->values[0] + s->values[1] + s->values[2] + s->values[3];
  s->values[5] = 216.5 * ((s->values[1] + s->values[3]) - (s->values[0] + s->values[2])) /
                 s->values[4];
  s->values[6] = 119.0 * ((s->values[0] + s->values[1]) - (s->values[2] + s->values[3])) /
                 s->values[4];
}

typedef struct
{
  ProprioRing     *cyton;
  ProprioRing     *balance;
  ProprioRecorder *recorder;
  double           seconds;
} Producer;

static gpointer
produce (gpointer data)
{
  Producer *p = data;
  gint64 start = g_get_monotonic_time ();
  guint64 n_cyton = 0, n_balance = 0, n_events = 0;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 elapsed = now - start;
      ProprioSample s;

      if (elapsed >= (gint64) (p->seconds * G_USEC_PER_SEC))
        break;
      while ((gint64) (n_cyton * 4000) <= elapsed)
        {
          cyton_sample (&s, n_cyton, start + (gint64) n_cyton * 4000);
          proprio_ring_push (p->cyton, &s);
          n_cyton++;
        }
      while ((gint64) (n_balance * 10000) <= elapsed)
        {
          balance_sample (&s, n_balance, start + (gint64) n_balance * 10000);
          proprio_ring_push (p->balance, &s);
          n_balance++;
        }
      while ((gint64) (n_events * 500000) <= elapsed)
        {
          g_autofree char *text = g_strdup_printf ("Target %" G_GUINT64_FORMAT " at 40, -25",
                                                   n_events);

          proprio_recorder_add_event (p->recorder, now, "target", text);
          n_events++;
        }
      /* A device's reader thread pushes every few milliseconds. */
      g_usleep (2000);
    }
  return NULL;
}

static gboolean
bench_recorder (double seconds)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-bench-recorder-XXXXXX", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) cyton_ring = proprio_ring_new (16384);
  g_autoptr(ProprioRing) balance_ring = proprio_ring_new (16384);
  g_autoptr(GError) error = NULL;
  Producer producer = { cyton_ring, balance_ring, recorder, seconds };
  GThread *thread;
  gint64 t0, t1, cpu;
  double percent;
  gboolean pass;

  if (!proprio_recorder_add_stream (recorder, "emg", cyton_ring, cyton, G_N_ELEMENTS (cyton),
                                    &error) ||
      !proprio_recorder_add_stream (recorder, "balance", balance_ring, balance,
                                    G_N_ELEMENTS (balance), &error) ||
      !proprio_recorder_start (recorder, &error))
    {
      g_printerr ("bench-recorder: %s\n", error->message);
      return FALSE;
    }
  t0 = g_get_monotonic_time ();
  thread = g_thread_new ("producer", produce, &producer);
  g_thread_join (thread);
  if (!proprio_recorder_stop (recorder, &error))
    {
      g_printerr ("bench-recorder: %s\n", error->message);
      return FALSE;
    }
  t1 = g_get_monotonic_time ();
  cpu = proprio_recorder_get_cpu_us (recorder);
  percent = 100.0 * (double) cpu / (double) (t1 - t0);
  pass = percent <= 2.0 && proprio_recorder_get_dropped (recorder) == 0;

  printf ("recorder: Cyton 12 values at 250 Hz + balance 7 values at 100 Hz + 2 events/s, "
          "%.1f s\n", (t1 - t0) / 1e6);
  printf ("  rows written: emg %" G_GUINT64_FORMAT ", balance %" G_GUINT64_FORMAT
          ", lost %" G_GUINT64_FORMAT "\n",
          proprio_recorder_get_rows_written (recorder, "emg"),
          proprio_recorder_get_rows_written (recorder, "balance"),
          proprio_recorder_get_dropped (recorder));
  printf ("  recorder thread CPU (user+system): %.3f s = %.2f %% of one core (goal ≤ 2 %%)\n",
          cpu / 1e6, percent);
  printf ("{\"case\":\"recorder\",\"seconds\":%.3f,\"thread_cpu_s\":%.4f,\"cpu_percent\":%.3f,"
          "\"limit_percent\":2,\"lost\":%" G_GUINT64_FORMAT ",\"pass\":%s}\n",
          (t1 - t0) / 1e6, cpu / 1e6, percent, proprio_recorder_get_dropped (recorder),
          pass ? "true" : "false");
  g_clear_object (&recorder);
  nftw (dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return pass;
}

static void
write_file (const char               *folder,
            const char               *name,
            const ProprioChannelInfo *channels,
            guint                     n_channels,
            guint64                   n,
            gint64                    t0,
            gint64                    period_us,
            gboolean                  is_cyton)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n_channels);
  g_autoptr(ProprioStreamFile) sf = proprio_stream_file_create (path, header, NULL);
  g_autoptr(GString) line = g_string_new (NULL);

  g_assert (sf != NULL);
  for (guint64 i = 0; i < n; i++)
    {
      ProprioSample s;

      if (is_cyton)
        cyton_sample (&s, i, t0 + (gint64) i * period_us);
      else
        balance_sample (&s, i, t0 + (gint64) i * period_us);
      g_string_truncate (line, 0);
      proprio_stream_file_format_sample (line, &s, n_channels);
      proprio_stream_file_append_line (sf, line->str, line->len);
      if (proprio_stream_file_get_buffered (sf) > 4 * 1024 * 1024)
        proprio_stream_file_flush (sf, NULL);
    }
  proprio_stream_file_close (sf, NULL);
}

static gboolean
bench_export (double minutes)
{
  g_autofree char *tmp = g_dir_make_tmp ("proprio-bench-export-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *edf = g_build_filename (tmp, "session.edf", NULL);
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("BENCH");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  g_autoptr(GError) error = NULL;
  guint64 n_cyton = (guint64) (minutes * 60 * 250), n_balance = (guint64) (minutes * 60 * 100);
  ProprioStreamInfo emg_info = { (char *) "emg", PROPRIO_STREAM_EMG, NULL, 250.0, NULL, NULL };
  ProprioStreamInfo balance_info = { (char *) "balance", PROPRIO_STREAM_BALANCE, NULL, 100.0,
                                     NULL, NULL };
  gint64 t0, t1, w0;
  struct stat st;
  double seconds;
  gboolean pass;

  store = proprio_sqlite_store_open_sync (data_dir, &error);
  if (store == NULL || !proprio_store_save_patient_sync (store, patient, FALSE, &error) ||
      (session = proprio_store_begin_session_sync (store, "BENCH", "sim:cyton", &error)) == NULL)
    {
      g_printerr ("bench-recorder: %s\n", error->message);
      return FALSE;
    }
  w0 = g_get_monotonic_time ();
  write_file (session->folder, "emg", cyton, G_N_ELEMENTS (cyton), n_cyton,
              session->start_us, 4000, TRUE);
  write_file (session->folder, "balance", balance, G_N_ELEMENTS (balance), n_balance,
              session->start_us, 10000, FALSE);
  proprio_store_add_stream_sync (store, session->id, &emg_info, NULL);
  proprio_store_add_stream_sync (store, session->id, &balance_info, NULL);
  for (guint i = 0; i < minutes * 60 / 2; i++)
    g_ptr_array_add (events, proprio_event_new (session->start_us + (gint64) i * 2000000, "cue",
                                                "Shift your weight to the left"));
  proprio_store_add_events_sync (store, session->id, events, NULL);
  proprio_store_end_session_sync (store, session->id,
                                  session->start_us + (gint64) (minutes * 60 * 1e6), NULL);
  printf ("export: a %.0f-minute session (%" G_GUINT64_FORMAT " Cyton rows, %" G_GUINT64_FORMAT
          " balance rows, %u events) written in %.1f s\n", minutes, n_cyton, n_balance,
          events->len, (g_get_monotonic_time () - w0) / 1e6);

  t0 = g_get_monotonic_time ();
  if (!proprio_export_session (store, session->id, PROPRIO_EXPORT_EDF, edf,
                               PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error))
    {
      g_printerr ("bench-recorder: %s\n", error->message);
      return FALSE;
    }
  t1 = g_get_monotonic_time ();
  seconds = (t1 - t0) / 1e6;
  g_stat (edf, &st);
  pass = seconds <= 5.0 * minutes / 60.0;
  printf ("  EDF+ export (read CSV, resample, 16-bit, annotations, fsync): %.2f s, %.1f MB "
          "(goal ≤ %.1f s)\n", seconds, st.st_size / 1e6, 5.0 * minutes / 60.0);
  printf ("{\"case\":\"export-edf\",\"minutes\":%.1f,\"seconds\":%.3f,\"bytes\":%lld,"
          "\"limit_s\":%.2f,\"pass\":%s}\n", minutes, seconds, (long long) st.st_size,
          5.0 * minutes / 60.0, pass ? "true" : "false");
  g_clear_object (&store);
  nftw (tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return pass;
}

int
main (int argc, char **argv)
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 20.0;
  double minutes = argc > 2 ? g_ascii_strtod (argv[2], NULL) : 60.0;
  gboolean ok = TRUE;

  if (!(seconds > 0) || !(minutes > 0))
    {
      g_printerr ("usage: bench-recorder [SECONDS] [EXPORT_MINUTES]\n");
      return 2;
    }
  ok = bench_recorder (seconds) && ok;
  ok = bench_export (minutes) && ok;
  return ok ? 0 : 1;
}
