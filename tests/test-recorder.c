/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recorder: rings to stream files on its own thread, exactly; events through its queue;
 * overflows and write errors (a removed folder, a file size limit) told at once on the main
 * context, with what was written still readable. */
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "core/proprio-ring.h"
#include "core/proprio-stream.h"
#include "store/proprio-recorder.h"
#include "store/proprio-store.h"
#include "store/proprio-stream-file.h"

static const ProprioChannelInfo balance_channels[] = {
  { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
  { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
  { "cop_y_mm", "CoP y", "mm" },
};

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Values that are hard to write and read back: signed zero, the extremes, awkward decimals. */
static double
tricky_value (guint i,
              guint c)
{
  static const double values[] = {
    0.0, -0.0, 0.1 + 0.2, 1e-300, -1.7976931348623157e308, 4.9e-324, 123456.789, -2.5,
    1.0 / 3.0, 72.90000000000001,
  };

  return values[(i + c) % G_N_ELEMENTS (values)] * (i % 2 ? 1.0 : -1.0) + (c == 4 ? i : 0.0);
}

static ProprioSample
balance_sample (guint i)
{
  ProprioSample s = { 0 };

  s.t_us = 1000000 + (gint64) i * 10000 + (i % 3);
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  for (guint c = 0; c < PROPRIO_BALANCE_N_CHANNELS; c++)
    s.values[c] = tricky_value (i, c);
  /* Nobody on the board now and then: no CoP. */
  if (i % 7 == 0)
    s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = NAN;
  else
    s.flags = PROPRIO_SAMPLE_HAS_COP;
  return s;
}

static gboolean
same_double (double a,
             double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;  /* the sign of zero too */
}

static void
assert_samples_equal (const char          *path,
                      const ProprioSample *expected,
                      guint                n_expected,
                      guint                n_channels)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_stream_file_read_samples (path, &columns, &samples, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (columns), ==, n_channels);
  g_assert_cmpuint (samples->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const ProprioSample *s = &g_array_index (samples, ProprioSample, i);

      g_assert_cmpint (s->t_us, ==, expected[i].t_us);
      for (guint c = 0; c < n_channels; c++)
        if (!same_double (s->values[c], expected[i].values[c]))
          g_error ("row %u column %u: %.17g read back as %.17g", i, c, expected[i].values[c],
                   s->values[c]);
    }
}

static void
test_round_trip_exact (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *balance = g_build_filename (dir, "balance.csv", NULL);
  g_autofree char *emg = g_build_filename (dir, "emg.csv", NULL);
  g_autofree char *events_path = g_build_filename (dir, "events.csv", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (4096);
  g_autoptr(ProprioRing) emg_ring = proprio_ring_new (4096);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  ProprioChannelInfo emg_channels[9];
  g_autofree ProprioSample *expected = g_new0 (ProprioSample, 3000);
  g_autofree ProprioSample *emg_expected = g_new0 (ProprioSample, 2000);
  struct stat st;

  emg_channels[0] = (ProprioChannelInfo) { "counter", "Counter", "" };
  for (guint c = 1; c < 9; c++)
    {
      static const char *const names[] = { "", "ch1_uv", "ch2_uv", "ch3_uv", "ch4_uv", "ch5_uv",
                                           "ch6_uv", "ch7_uv", "ch8_uv" };

      emg_channels[c] = (ProprioChannelInfo) { names[c], "Ch", "uV" };
    }

  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  g_assert_no_error (error);
  /* Before anything: a stream name that could leave the folder is refused. */
  g_assert_false (proprio_recorder_add_stream (recorder, "../x", ring, balance_channels, 1,
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (proprio_recorder_start (recorder, &error));
  g_assert_no_error (error);
  /* A stream added while recording. */
  g_assert_true (proprio_recorder_add_stream (recorder, "emg", emg_ring, emg_channels, 9,
                                              &error));
  g_assert_no_error (error);
  /* The same name twice never overwrites. */
  g_assert_false (proprio_recorder_add_stream (recorder, "emg", emg_ring, emg_channels, 9,
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  for (guint i = 0; i < 3000; i++)
    {
      expected[i] = balance_sample (i);
      proprio_ring_push (ring, &expected[i]);
      if (i < 2000)
        {
          ProprioSample *s = &emg_expected[i];

          s->t_us = 2000000 + (gint64) i * 4000;
          s->n_channels = 9;
          s->values[0] = i % 256;
          for (guint c = 1; c < 9; c++)
            s->values[c] = sin (i * 0.01 * c) * 187500.0 / 24.0;
          proprio_ring_push (emg_ring, s);
        }
      if (i % 500 == 0)
        {
          g_autofree char *text = g_strdup_printf ("Target %u at \"x,y\" = 1, 2\nnext", i);

          proprio_recorder_add_event (recorder, expected[i].t_us, "target", text);
        }
      /* Let the thread drain now and then, as a device's pace does. */
      if (i % 1000 == 999)
        g_usleep (60000);
    }
  g_assert_true (proprio_recorder_stop (recorder, &error));
  g_assert_no_error (error);
  g_assert_false (proprio_recorder_get_failed (recorder));
  g_assert_cmpuint (proprio_recorder_get_dropped (recorder), ==, 0);
  g_assert_cmpuint (proprio_recorder_get_rows_written (recorder, "balance"), ==, 3000);
  g_assert_cmpuint (proprio_recorder_get_rows_written (recorder, "emg"), ==, 2000);
  g_assert_cmpint (proprio_recorder_get_last_us (recorder), ==, expected[2999].t_us);

  assert_samples_equal (balance, expected, 3000, PROPRIO_BALANCE_N_CHANNELS);
  assert_samples_equal (emg, emg_expected, 2000, 9);
  {
    g_auto(GStrv) columns = proprio_stream_file_read_columns (balance, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (columns[0], ==, "tl_kg");
    g_assert_cmpstr (columns[6], ==, "cop_y_mm");
  }
  g_assert_true (proprio_stream_file_read_events (events_path, &events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 6);
  g_assert_cmpint (((ProprioEvent *) events->pdata[1])->t_us, ==, expected[500].t_us);
  g_assert_cmpstr (((ProprioEvent *) events->pdata[1])->kind, ==, "target");
  /* One event, one line: the line break became a space. */
  g_assert_cmpstr (((ProprioEvent *) events->pdata[1])->text, ==,
                   "Target 500 at \"x,y\" = 1, 2 next");

  g_assert_cmpint (g_stat (balance, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (events_path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&recorder);
  remove_tree (dir);
}

/* Rows reach the disk while recording, without stop(). */
static void
test_flushes_while_running (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *balance = g_build_filename (dir, "balance.csv", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (1024);
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  guint rows = 0;

  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  g_assert_true (proprio_recorder_start (recorder, &error));
  for (guint i = 0; i < 100; i++)
    {
      ProprioSample s = balance_sample (i);

      proprio_ring_push (ring, &s);
    }
  /* A generous deadline, not a timing assertion: a busy machine may be slow. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (rows < 100 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GArray) samples = NULL;

      g_usleep (50000);
      g_assert_true (proprio_stream_file_read_samples (balance, NULL, &samples, NULL));
      rows = samples->len;
    }
  g_assert_cmpuint (rows, ==, 100);
  g_assert_true (proprio_recorder_is_running (recorder));
  g_assert_true (proprio_recorder_stop (recorder, &error));
  g_clear_object (&recorder);
  remove_tree (dir);
}

typedef struct
{
  GThread *thread;
  char    *message;
  guint    n;
} Problems;

static void
on_problem (ProprioRecorder *recorder,
            const char      *message,
            Problems        *problems)
{
  problems->thread = g_thread_self ();
  g_free (problems->message);
  problems->message = g_strdup (message);
  problems->n++;
}

static void
wait_for_problem (Problems *problems)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (problems->n == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
  g_assert_cmpuint (problems->n, >, 0);
  g_assert_true (problems->thread == g_thread_self ());
}

static void
test_overflow_is_reported (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (64);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Problems problems = { 0 };

  g_signal_connect (recorder, "problem", G_CALLBACK (on_problem), &problems);
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  /* Far more than the ring holds before the recorder reads anything. */
  for (guint i = 0; i < 1000; i++)
    {
      ProprioSample s = balance_sample (i);

      proprio_ring_push (ring, &s);
    }
  g_assert_true (proprio_recorder_start (recorder, &error));
  wait_for_problem (&problems);
  g_assert_nonnull (strstr (problems.message, "missing from the recording"));
  message = proprio_recorder_dup_message (recorder);
  g_assert_cmpstr (message, ==, problems.message);
  g_assert_true (proprio_recorder_stop (recorder, &error));
  g_assert_cmpuint (proprio_recorder_get_dropped (recorder), >=, 1000 - 64);
  /* Not a write error: what was there is in the file. */
  g_assert_false (proprio_recorder_get_failed (recorder));
  g_assert_cmpuint (proprio_recorder_get_rows_written (recorder, "balance"), ==,
                    1000 - proprio_recorder_get_dropped (recorder));
  g_free (problems.message);
  g_clear_object (&recorder);
  remove_tree (dir);
}

static void
test_removed_folder_is_reported (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *balance = g_build_filename (dir, "balance.csv", NULL);
  g_autofree char *events = g_build_filename (dir, "events.csv", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (4096);
  g_autoptr(GError) error = NULL;
  Problems problems = { 0 };

  g_signal_connect (recorder, "problem", G_CALLBACK (on_problem), &problems);
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  g_assert_true (proprio_recorder_start (recorder, &error));
  g_unlink (balance);
  g_unlink (events);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  for (guint i = 0; i < 10; i++)
    {
      ProprioSample s = balance_sample (i);

      proprio_ring_push (ring, &s);
    }
  wait_for_problem (&problems);
  g_assert_nonnull (strstr (problems.message, "Recording stopped"));
  g_assert_nonnull (strstr (problems.message, balance));
  g_assert_true (proprio_recorder_get_failed (recorder));
  g_assert_false (proprio_recorder_stop (recorder, &error));
  g_assert_nonnull (error);
  g_free (problems.message);
  g_clear_object (&recorder);
}

static void
test_file_size_limit_keeps_whole_rows (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *balance = g_build_filename (dir, "balance.csv", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (16384);
  g_autoptr(GError) error = NULL;
  g_autofree ProprioSample *expected = g_new0 (ProprioSample, 8000);
  Problems problems = { 0 };
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  guint64 rows;

  g_signal_connect (recorder, "problem", G_CALLBACK (on_problem), &problems);
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  g_assert_true (proprio_recorder_start (recorder, &error));

  getrlimit (RLIMIT_FSIZE, &saved);
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  limit = saved;
  limit.rlim_cur = 100 * 1024;
  setrlimit (RLIMIT_FSIZE, &limit);
  /* Some flushes fit, then one is cut short, as on a disk that fills up mid-session. */
  for (guint i = 0; i < 8000 && problems.n == 0; i++)
    {
      expected[i] = balance_sample (i);
      proprio_ring_push (ring, &expected[i]);
      if (i % 50 == 49)
        {
          g_usleep (100000);
          g_main_context_iteration (NULL, FALSE);
        }
    }
  wait_for_problem (&problems);
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, saved_handler);

  g_assert_nonnull (strstr (problems.message, "largest file size"));
  g_assert_true (proprio_recorder_get_failed (recorder));
  g_assert_false (proprio_recorder_stop (recorder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  rows = proprio_recorder_get_rows_written (recorder, "balance");
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, 8000);
  /* What was written is whole and exactly what was recorded. */
  assert_samples_equal (balance, expected, (guint) rows, PROPRIO_BALANCE_N_CHANNELS);
  g_free (problems.message);
  g_clear_object (&recorder);
  remove_tree (dir);
}

/* A session that begins while the device has been streaming starts at its own start. */
static void
test_since_skips_what_came_before (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *balance = g_build_filename (dir, "balance.csv", NULL);
  g_autoptr(ProprioRecorder) recorder = proprio_recorder_new (dir);
  g_autoptr(ProprioRing) ring = proprio_ring_new (4096);
  g_autoptr(GError) error = NULL;
  ProprioSample expected[100];

  for (guint i = 0; i < 200; i++)
    {
      ProprioSample s = balance_sample (i);

      proprio_ring_push (ring, &s);
      if (i >= 100)
        expected[i - 100] = s;
    }
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, balance_channels,
                                              PROPRIO_BALANCE_N_CHANNELS, &error));
  proprio_recorder_set_since (recorder, expected[0].t_us);
  g_assert_true (proprio_recorder_start (recorder, &error));
  g_assert_true (proprio_recorder_stop (recorder, &error));
  g_assert_no_error (error);
  assert_samples_equal (balance, expected, 100, PROPRIO_BALANCE_N_CHANNELS);
  g_clear_object (&recorder);
  remove_tree (dir);
}

static void
test_last_time_of_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-recorder-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "s.csv", NULL);
  g_autoptr(GString) big = g_string_new ("t_us,a\n");
  gint64 t = 0;

  g_assert_true (g_file_set_contents (path, "t_us,a\n", -1, NULL));
  g_assert_false (proprio_stream_file_last_time (path, &t));
  g_assert_true (g_file_set_contents (path, "t_us,a\n5,1\n17,2\n", -1, NULL));
  g_assert_true (proprio_stream_file_last_time (path, &t));
  g_assert_cmpint (t, ==, 17);
  /* A row cut short by a crash does not count. */
  g_assert_true (g_file_set_contents (path, "t_us,a\n5,1\n17,2\n1234", -1, NULL));
  g_assert_true (proprio_stream_file_last_time (path, &t));
  g_assert_cmpint (t, ==, 17);
  /* Larger than the tail read. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (big, "%u,%u\n", 1000 + i, i);
  g_assert_true (g_file_set_contents (path, big->str, -1, NULL));
  g_assert_true (proprio_stream_file_last_time (path, &t));
  g_assert_cmpint (t, ==, 5999);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/recorder/round-trip-exact", test_round_trip_exact);
  g_test_add_func ("/recorder/flushes-while-running", test_flushes_while_running);
  g_test_add_func ("/recorder/overflow-reported", test_overflow_is_reported);
  g_test_add_func ("/recorder/removed-folder-reported", test_removed_folder_is_reported);
  g_test_add_func ("/recorder/file-size-limit", test_file_size_limit_keeps_whole_rows);
  g_test_add_func ("/recorder/last-time", test_last_time_of_files);
  g_test_add_func ("/recorder/since", test_since_skips_what_came_before);
  return g_test_run ();
}
