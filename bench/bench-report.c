/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long the PDF report and the snapshot bundle of a long session take.
 *
 *   bench-report [MINUTES]     (default 60)
 *
 * A session of MINUTES with an OpenBCI Cyton stream (counter, 8 channels, accelerometer: 13
 * values at 250 Hz) and a balance stream (7 values at 100 Hz) is written to stream files and
 * registered in a store, with a static test run by the real engine on the first two minutes of
 * the balance stream (four conditions of 30 s) and an activation drill at the session's end (so
 * its envelope plot reads the whole EMG file). Figures: the wall time and the CPU time of
 * proprio_report_write_pdf () and of proprio_bundle_export () (which copies every stream as CSV,
 * writes session.json, the report and its figures as PNG), and the sizes written.
 *
 * Each case ends with one JSON line. */
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "exercises/proprio-static-test.h"
#include "proprio-bench.h"
#include "report/proprio-bundle.h"
#include "report/proprio-report.h"
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

static guint64 total_bytes;

static int
add_size (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  if (flag == FTW_F)
    total_bytes += st->st_size;
  return 0;
}

static ProprioStreamFile *
new_stream (ProprioStore             *store,
            ProprioSession           *session,
            const char               *name,
            ProprioStreamKind         kind,
            const ProprioChannelInfo *channels,
            guint                     n_channels,
            double                    rate_hz)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (session->folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n_channels);
  g_autofree char *json = proprio_store_channels_to_json (channels, n_channels);
  ProprioStreamInfo info = { (char *) name, kind, NULL, rate_hz, json, (char *) "sim:bench" };
  ProprioStreamFile *sf = proprio_stream_file_create (path, header, NULL);

  if (sf == NULL || !proprio_store_add_stream_sync (store, session->id, &info, NULL))
    g_error ("cannot make the stream %s", name);
  return sf;
}

static void
append (ProprioStreamFile   *sf,
        GString             *line,
        const ProprioSample *s)
{
  g_string_truncate (line, 0);
  proprio_stream_file_format_sample (line, s, s->n_channels);
  proprio_stream_file_append_line (sf, line->str, line->len);
  if (proprio_stream_file_get_buffered (sf) > (1 << 20) && !proprio_stream_file_flush (sf, NULL))
    g_error ("cannot write the stream");
}

static void
drill_result (ProprioStore *store,
              const char   *session_id,
              gint64        start_us)
{
  g_auto(GVariantBuilder) reps = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  g_auto(GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(ProprioExerciseResult) result = NULL;

  for (guint i = 0; i < 10; i++)
    {
      g_auto(GVariantDict) rep = G_VARIANT_DICT_INIT (NULL);

      g_variant_dict_insert (&rep, "rep", "u", i + 1);
      g_variant_dict_insert (&rep, "work-start-us", "x", start_us + i * 20 * G_USEC_PER_SEC);
      g_variant_dict_insert (&rep, "peak", "d", 60.0 - i);
      g_variant_dict_insert (&rep, "success", "b", TRUE);
      g_variant_builder_add_value (&reps, g_variant_dict_end (&rep));
    }
  g_variant_dict_insert (&settings, "mode", "s", "activate");
  g_variant_dict_insert (&settings, "work-s", "d", 10.0);
  g_variant_dict_insert (&settings, "target-channel", "u", 1);
  g_variant_dict_insert (&settings, "target-mvc", "d", 200.0);
  g_variant_dict_insert (&settings, "band-lower", "d", 30.0);
  g_variant_dict_insert (&settings, "band-upper", "d", 50.0);
  g_variant_dict_insert (&results, "unit", "s", "%MVC");
  g_variant_dict_insert_value (&results, "reps", g_variant_builder_end (&reps));
  result = proprio_exercise_result_new ("activation-drill", "Activation drill", start_us,
                                        start_us + 200 * G_USEC_PER_SEC, now,
                                        PROPRIO_EXERCISE_OUTCOME_DONE,
                                        g_variant_dict_end (&settings),
                                        g_variant_dict_end (&results));
  if (!proprio_store_add_exercise_sync (store, session_id, result, NULL))
    g_error ("cannot store the drill");
}

int
main (int argc, char **argv)
{
  double minutes = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 60.0;
  g_autofree char *tmp = g_dir_make_tmp ("proprio-bench-report-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *pdf = g_build_filename (tmp, "report.pdf", NULL);
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("BENCH-1");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = NULL;
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4 };
  ProprioStreamFile *emg, *board;
  guint64 n_emg, n_balance;
  gint64 t0, wall, cpu;
  double report_s, report_cpu_s, bundle_s, bundle_cpu_s;
  guint pages = 0;
  struct stat info;

  if (!(minutes >= 3.0) || minutes > 600.0)
    {
      g_printerr ("usage: bench-report [MINUTES]   (3–600, default 60)\n");
      return 2;
    }
  store = proprio_sqlite_store_open_sync (data_dir, &error);
  g_assert_no_error (error);
  proprio_store_save_patient_sync (store, patient, FALSE, &error);
  session = proprio_store_begin_session_sync (store, "BENCH-1", "sim:bench", &error);
  g_assert_no_error (error);
  t0 = session->start_us + G_USEC_PER_SEC;

  /* The recordings, and the static test on the first two minutes of the board. */
  emg = new_stream (store, session, "emg", PROPRIO_STREAM_EMG, cyton, G_N_ELEMENTS (cyton), 250);
  board = new_stream (store, session, "balance", PROPRIO_STREAM_BALANCE, balance,
                      G_N_ELEMENTS (balance), 100);
  n_emg = (guint64) (minutes * 60 * 250);
  n_balance = (guint64) (minutes * 60 * 100);
  proprio_static_test_set_countdown (st, 0.0);
  proprio_static_test_set_auto_advance (st, TRUE);
  proprio_exercise_start (PROPRIO_EXERCISE (st));
  for (guint64 i = 0; i < n_balance; i++)
    {
      ProprioSample s = { .t_us = t0 + (gint64) i * 10000, .flags = PROPRIO_SAMPLE_HAS_COP,
                          .n_channels = 7 };

      for (guint c = 0; c < 4; c++)
        s.values[c] = round ((18.0 + sin (i * 0.003 + c)) * 100.0) / 100.0;
      s.values[4] = s.values[0] + s.values[1] + s.values[2] + s.values[3];
      s.values[5] = 4.0 * sin (i * 0.013) + 1.5 * sin (i * 0.07);
      s.values[6] = 5.0 * cos (i * 0.011) + 12.0;
      append (board, line, &s);
      if (proprio_exercise_get_phase (PROPRIO_EXERCISE (st)) != PROPRIO_EXERCISE_PHASE_DONE)
        proprio_exercise_feed (PROPRIO_EXERCISE (st), &s);
    }
  for (guint64 i = 0; i < n_emg; i++)
    {
      ProprioSample s = { .t_us = t0 + (gint64) i * 4000, .n_channels = 12 };

      s.values[0] = (double) (i % 256);
      for (guint c = 1; c <= 8; c++)
        s.values[c] = round (200.0 * fabs (sin (i * 0.001 * c)) / 0.02235) * 0.02235;
      for (guint c = 9; c < 12; c++)
        s.values[c] = (i % 10 == 0) ? 0.002 * (c - 8) : NAN;
      append (emg, line, &s);
    }
  if (!proprio_stream_file_close (emg, NULL) || !proprio_stream_file_close (board, NULL))
    g_error ("cannot write the streams");
  proprio_stream_file_free (emg);
  proprio_stream_file_free (board);
  {
    g_autoptr(ProprioExerciseResult) result = proprio_exercise_dup_result (PROPRIO_EXERCISE (st));

    proprio_store_add_exercise_sync (store, session->id, result, &error);
    g_assert_no_error (error);
  }
  drill_result (store, session->id, t0 + (gint64) ((minutes * 60 - 200) * G_USEC_PER_SEC));
  proprio_store_end_session_sync (store, session->id,
                                  t0 + (gint64) (minutes * 60 * G_USEC_PER_SEC), &error);
  g_assert_no_error (error);

  /* The report. */
  wall = g_get_monotonic_time ();
  cpu = proprio_bench_cpu_us (0, 0);
  if (!proprio_report_write_pdf (store, session->id, pdf, &options, &pages, &error))
    g_error ("report: %s", error->message);
  report_s = (g_get_monotonic_time () - wall) / 1e6;
  report_cpu_s = (proprio_bench_cpu_us (0, 0) - cpu) / 1e6;
  g_assert_cmpint (stat (pdf, &info), ==, 0);
  g_print ("method: a %.0f-minute session (Cyton 12 values at 250 Hz, balance 7 values at 100 Hz, "
           "a static test, a drill at the end); wall and CPU time of one call\n", minutes);
  g_print ("report: %u pages, %.1f KiB, %.2f s wall, %.2f s CPU\n", pages,
           info.st_size / 1024.0, report_s, report_cpu_s);
  proprio_bench_json ("bench-report", "pdf", "minutes", minutes, "pages", (double) pages,
                      "kib", info.st_size / 1024.0, "wall_s", report_s, "cpu_s", report_cpu_s,
                      NULL);

  /* The bundle. */
  wall = g_get_monotonic_time ();
  cpu = proprio_bench_cpu_us (0, 0);
  bundle = proprio_bundle_export (store, session->id, tmp, &options, &error);
  if (bundle == NULL)
    g_error ("bundle: %s", error->message);
  bundle_s = (g_get_monotonic_time () - wall) / 1e6;
  bundle_cpu_s = (proprio_bench_cpu_us (0, 0) - cpu) / 1e6;
  nftw (bundle, add_size, 16, FTW_PHYS);
  g_print ("bundle: %.1f MiB, %.2f s wall, %.2f s CPU\n", total_bytes / 1048576.0, bundle_s,
           bundle_cpu_s);
  proprio_bench_json ("bench-report", "bundle", "minutes", minutes,
                      "mib", total_bytes / 1048576.0, "wall_s", bundle_s, "cpu_s", bundle_cpu_s,
                      NULL);

  g_clear_object (&store);
  nftw (tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}
