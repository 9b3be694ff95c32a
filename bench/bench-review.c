/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What reviewing a long session costs.
 *
 *   bench-review [--minutes N]     (default 60; `meson test --benchmark` runs 2)
 *
 * A session of N minutes is written to stream files and registered in a store: an 8-electrode
 * EMG sleeve with its envelopes (16 values at 250 Hz, as the EMG stage records them) and a
 * balance board (7 values at 100 Hz), with a static test on its first 30 s run by the real
 * engine. Figures:
 *
 *   load     proprio_review_load (): wall and CPU time (reading the files, recomputing the static
 *            test) and the memory the samples take (the compact arrays, and VmRSS before/after)
 *   frame    the main thread's CPU for one frame of playing at 4× (the clock 66.7 ms on): the CoP
 *            and EMG views fed and the timeline moved, drawing not included (bench-render and
 *            bench-emg-view measure that)
 *   seek     a seek to a random instant: the views rebuilt from the seconds before it
 *
 * CPU times are the main thread's (CLOCK_THREAD_CPUTIME_ID), so a busy machine does not inflate
 * them. Each case ends with one JSON line. */
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "app/proprio-review-window.h"
#include "exercises/proprio-static-test.h"
#include "proprio-bench.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

#define EMG_RATE_HZ     250
#define BALANCE_RATE_HZ 100
#define N_ELECTRODES    8

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static ProprioStreamFile *
add_stream (ProprioStore             *store,
            ProprioSession           *session,
            const char               *name,
            ProprioStreamKind         kind,
            const ProprioChannelInfo *channels,
            guint                     n,
            double                    rate_hz)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (session->folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n);
  g_autofree char *json = proprio_store_channels_to_json (channels, n);
  ProprioStreamInfo info = { (char *) name, kind, NULL, rate_hz, json, (char *) "sim:bench" };
  ProprioStreamFile *sf = proprio_stream_file_create (path, header, NULL);

  if (sf == NULL || !proprio_store_add_stream_sync (store, session->id, &info, NULL))
    g_error ("cannot make the stream %s", name);
  return sf;
}

static void
write_row (ProprioStreamFile   *sf,
           GString             *line,
           const ProprioSample *s)
{
  g_string_truncate (line, 0);
  proprio_stream_file_format_sample (line, s, s->n_channels);
  proprio_stream_file_append_line (sf, line->str, line->len);
  if (proprio_stream_file_get_buffered (sf) > (1 << 20) && !proprio_stream_file_flush (sf, NULL))
    g_error ("cannot write the stream");
}

/* The session: the whole EMG and balance recordings, and a static test on the first 30 s. */
static char *
make_session (ProprioStore *store,
              double        minutes)
{
  ProprioChannelInfo emg[2 * N_ELECTRODES];
  char *names[2 * N_ELECTRODES] = { NULL };
  static const ProprioChannelInfo balance[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("BENCH-1");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioStaticTest) st = proprio_static_test_new ();
  g_autoptr(ProprioExerciseResult) result = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  const ProprioStaticCondition eyes_open = PROPRIO_STATIC_EYES_OPEN;
  ProprioStreamFile *sf;
  gint64 t0, n;

  for (guint i = 0; i < N_ELECTRODES; i++)
    {
      names[i] = g_strdup_printf ("ch%u_uv", i + 1);
      names[N_ELECTRODES + i] = g_strdup_printf ("ch%u_uv_env", i + 1);
      emg[i] = (ProprioChannelInfo) { names[i], names[i], "uV" };
      emg[N_ELECTRODES + i] = (ProprioChannelInfo) { names[N_ELECTRODES + i],
                                                     names[N_ELECTRODES + i], "uV" };
    }
  if (!proprio_store_save_patient_sync (store, patient, FALSE, NULL))
    g_error ("cannot save the patient");
  session = proprio_store_begin_session_sync (store, "BENCH-1", "sim:bench", NULL);
  if (session == NULL)
    g_error ("cannot begin the session");
  t0 = session->start_us + 1000;

  sf = add_stream (store, session, "emg", PROPRIO_STREAM_EMG, emg, 2 * N_ELECTRODES,
                   EMG_RATE_HZ);
  n = (gint64) (minutes * 60 * EMG_RATE_HZ);
  for (gint64 k = 0; k < n; k++)
    {
      ProprioSample s = { .t_us = t0 + k * G_USEC_PER_SEC / EMG_RATE_HZ,
                          .n_channels = 2 * N_ELECTRODES };
      double t = (double) k / EMG_RATE_HZ;

      for (guint c = 0; c < N_ELECTRODES; c++)
        {
          s.values[c] = 40.0 * sin (k * (0.7 + 0.1 * c));
          s.values[N_ELECTRODES + c] = 30.0 + 20.0 * sin (t * 0.5 + c);
        }
      write_row (sf, line, &s);
    }
  if (!proprio_stream_file_close (sf, NULL))
    g_error ("cannot close the EMG stream");
  proprio_stream_file_free (sf);

  sf = add_stream (store, session, "balance", PROPRIO_STREAM_BALANCE, balance,
                   G_N_ELEMENTS (balance), BALANCE_RATE_HZ);
  proprio_static_test_set_conditions (st, &eyes_open, 1);
  proprio_static_test_set_duration (st, 30.0);
  proprio_static_test_set_countdown (st, 0.0);
  proprio_exercise_start (PROPRIO_EXERCISE (st));
  n = (gint64) (minutes * 60 * BALANCE_RATE_HZ);
  for (gint64 k = 0; k < n; k++)
    {
      ProprioSample s = { .t_us = t0 + k * G_USEC_PER_SEC / BALANCE_RATE_HZ,
                          .flags = PROPRIO_SAMPLE_HAS_COP, .n_channels = 7 };
      double t = (double) k / BALANCE_RATE_HZ;

      for (guint c = 0; c < 4; c++)
        s.values[c] = 17.0 + c;
      s.values[4] = 74.0;
      s.values[5] = 4.0 * sin (t * 1.3) + 1.5 * sin (t * 5.1);
      s.values[6] = 6.0 * sin (t * 0.9 + 1.0) + 1.0 * sin (t * 4.3);
      if (proprio_exercise_is_active (PROPRIO_EXERCISE (st)))
        proprio_exercise_feed (PROPRIO_EXERCISE (st), &s);
      write_row (sf, line, &s);
    }
  if (!proprio_stream_file_close (sf, NULL))
    g_error ("cannot close the balance stream");
  proprio_stream_file_free (sf);
  result = proprio_exercise_dup_result (PROPRIO_EXERCISE (st));
  if (!proprio_store_add_exercise_sync (store, session->id, result, NULL) ||
      !proprio_store_end_session_sync (store, session->id,
                                       t0 + (gint64) (minutes * 60 * G_USEC_PER_SEC), NULL))
    g_error ("cannot store the session");
  for (guint i = 0; i < 2 * N_ELECTRODES; i++)
    g_free (names[i]);
  return g_strdup (session->id);
}

static gboolean
loaded (gpointer data)
{
  return g_strcmp0 (proprio_review_window_get_state (data), "loading") != 0;
}

int
main (int    argc,
      char **argv)
{
  double seconds = proprio_bench_parse_duration (&argc, &argv, 60 * 60, "(of session)");
  double minutes = seconds / 60;
  g_autofree char *tmp = g_dir_make_tmp ("proprio-bench-review-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *session_id = NULL;
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) seeks = g_array_new (FALSE, FALSE, sizeof (gint64));
  ProprioBenchStats stats;
  ProprioReviewWindow *window;
  ProprioReview *review;
  gint64 wall, cpu, rss_before, rss_after, held = 0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  proprio_bench_gui_init ("bench-review");
  store = proprio_sqlite_store_open_sync (data_dir, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  printf ("# bench-review: a %.0f-minute session, EMG 16 values at %d Hz, balance 7 at %d Hz\n",
          minutes, EMG_RATE_HZ, BALANCE_RATE_HZ);
  session_id = make_session (store, minutes);

  /* Loading, as the window's worker does it. */
  {
    g_autoptr(ProprioReview) r = NULL;

    rss_before = proprio_bench_status_kib (0, "VmRSS");
    wall = g_get_monotonic_time ();
    cpu = thread_cpu_us ();
    r = proprio_review_load (store, session_id, &error);
    cpu = thread_cpu_us () - cpu;
    wall = g_get_monotonic_time () - wall;
    rss_after = proprio_bench_status_kib (0, "VmRSS");
    if (r == NULL)
      g_error ("%s", error->message);
    for (guint i = 0; i < r->streams->len; i++)
      {
        const ProprioReviewStream *s = r->streams->pdata[i];

        held += (gint64) s->n_samples * (8 + 4 + 8 * s->n_channels);
      }
    printf ("  load: %.2f s wall, %.2f s CPU; samples held %.1f MiB (RSS +%.1f MiB); "
            "static test %s\n", wall / 1e6, cpu / 1e6, held / 1048576.0,
            (rss_after - rss_before) / 1024.0,
            ((ProprioReviewExercise *) r->exercises->pdata[0])->check == PROPRIO_REVIEW_AGREES
            ? "agrees" : "DIFFERS");
    proprio_bench_json ("review", "load", "minutes", minutes, "wall_s", wall / 1e6,
                        "cpu_s", cpu / 1e6, "held_mib", held / 1048576.0,
                        "rss_growth_mib", (rss_after - rss_before) / 1024.0, NULL);
  }

  window = proprio_review_window_new (NULL, store, session_id);
  gtk_window_present (GTK_WINDOW (window));
  while (!loaded (window))
    g_main_context_iteration (NULL, TRUE);
  review = proprio_review_window_get_review (window);
  proprio_bench_run_ms (200);

  /* Playing at 4×: each frame moves the clock 4 × 16.7 ms; the views are fed, not drawn. */
  proprio_review_window_seek (window, review->start_us + 10 * G_USEC_PER_SEC);
  for (guint i = 0; i < 3000; i++)
    {
      gint64 t = proprio_review_window_get_position (window) + 66667;
      gint64 c;

      /* Round again before the end (a frame there would find nothing new). */
      if (t > review->end_us - G_USEC_PER_SEC)
        proprio_review_window_seek (window, review->start_us + 10 * G_USEC_PER_SEC);
      t = proprio_review_window_get_position (window) + 66667;
      c = thread_cpu_us ();

      proprio_review_window_seek (window, t);
      c = thread_cpu_us () - c;
      g_array_append_val (frames, c);
    }
  proprio_bench_stats (frames, &stats);
  proprio_bench_print_stats ("frame at 4x (feed the views, main thread)", &stats, 1000, "ms");
  proprio_bench_json ("review", "frame-4x", "p50_ms", stats.median / 1000,
                      "p99_ms", stats.p99 / 1000, "max_ms", stats.max / 1000, NULL);

  /* Seeking anywhere: the views rebuilt from the seconds before the instant. */
  for (guint i = 0; i < 300; i++)
    {
      gint64 t = review->start_us + (gint64) (g_rand_double (rand) *
                                              (review->end_us - review->start_us));
      gint64 c = thread_cpu_us ();

      proprio_review_window_seek (window, t);
      c = thread_cpu_us () - c;
      g_array_append_val (seeks, c);
    }
  proprio_bench_stats (seeks, &stats);
  proprio_bench_print_stats ("seek anywhere (rebuild the views)", &stats, 1000, "ms");
  proprio_bench_json ("review", "seek", "p50_ms", stats.median / 1000,
                      "p99_ms", stats.p99 / 1000, "max_ms", stats.max / 1000, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  proprio_bench_run_ms (100);
  g_clear_object (&store);
  nftw (tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}
