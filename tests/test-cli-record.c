/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `proprio-cli sim` and `proprio-cli record` end to end, as two processes talking through a pty,
 * plus the CSV writer they use. */
#include <glib/gstdio.h>
#include <fcntl.h>
#include <float.h>
#include <gio/gio.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/proprio-csv-writer.h"

#define CYTON_HEADER "t_us,counter,ch1_uv,ch2_uv,ch3_uv,ch4_uv,ch5_uv,ch6_uv,ch7_uv,ch8_uv,ax_g,ay_g,az_g"
#define BALANCE_HEADER "t_us,tl_kg,tr_kg,bl_kg,br_kg,total_kg,cop_x_mm,cop_y_mm"

static const char *
cli_path (void)
{
  return g_getenv ("PROPRIO_CLI");
}

static gboolean
have_cli (void)
{
  if (cli_path () == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return FALSE;
    }
  return TRUE;
}

/* Starts `proprio-cli sim` and waits for the path it prints. */
static GSubprocess *
start_sim (const char  *kind,
           const char  *link,
           const char  *duration,
           char       **pty_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *sim;

  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, cli_path (), "sim", "--device", kind, "--link", link,
                          "--duration", duration, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  *pty_path = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*pty_path);
  g_assert_true (g_str_has_prefix (*pty_path, "/dev/pts/"));
  /* The link is in place before the path is printed. */
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  return sim;
}

static int
run_cli (char       **stderr_text,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli_path ());
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

static GStrv
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  /* Whole lines only. */
  g_assert_cmpuint (len, >, 0);
  g_assert_cmpint (contents[len - 1], ==, '\n');
  contents[len - 1] = '\0';
  return g_strsplit (contents, "\n", -1);
}

static void
assert_private_file (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_sim_record_cyton (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "cyton.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "a.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows;

  if (!have_cli ())
    return;

  sim = start_sim ("cyton", link, "6", &pty);
  g_assert_cmpint (run_cli (&log, "record", "--port", link, "--protocol", "cyton",
                            "--duration", "2", "--out", csv, NULL), ==, 0);

  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, CYTON_HEADER);
  rows = g_strv_length (lines) - 1;
  /* 250 Hz for 2 s, counted from the first sample. */
  g_assert_cmpuint (rows, >=, 490);
  g_assert_cmpuint (rows, <=, 510);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 13);
      /* After "b" the board counts from 0, and no packet is missing. */
      g_assert_cmpint (atoi (fields[1]), ==, (i - 1) % 256);
      g_assert_cmpstr (fields[2], !=, "");
      /* The accelerometer reports every tenth packet; the others are empty fields. */
      if ((i - 1) % 10 == 0)
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[12], NULL), 0.98, 0.02);
      else
        g_assert_cmpstr (fields[12], ==, "");
    }
  g_assert_nonnull (strstr (log, "Lost samples: 0,"));
  assert_private_file (csv);

  /* The sim removes its link when it ends. */
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait_check (sim, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (link, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK));

  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_sim_record_balance (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "balance.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "b.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 prev_t = 0;
  guint rows;

  if (!have_cli ())
    return;

  sim = start_sim ("balance", link, "4", &pty);
  g_assert_cmpint (run_cli (&log, "record", "--port", link, "--protocol", "balance",
                            "--order", "tl,tr,bl,br", "--geometry", "433x238",
                            "--duration", "2", "--out", csv, NULL), ==, 0);

  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, BALANCE_HEADER);
  rows = g_strv_length (lines) - 1;
  g_assert_cmpuint (rows, >=, 195);
  g_assert_cmpuint (rows, <=, 205);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      gint64 t = g_ascii_strtoll (fields[0], NULL, 10);
      double total;

      g_assert_cmpuint (g_strv_length (fields), ==, 8);
      g_assert_cmpint (t, >=, prev_t);
      prev_t = t;
      total = g_ascii_strtod (fields[5], NULL);
      g_assert_cmpfloat (total, >, 65.0);
      g_assert_cmpfloat (total, <, 75.0);
      g_assert_cmpfloat (fabs (g_ascii_strtod (fields[6], NULL)), <, 60.0);
    }
  /* The samples are stamped with the monotonic clock of this machine. */
  g_assert_cmpint (prev_t, <=, g_get_monotonic_time ());
  g_assert_cmpint (prev_t, >, g_get_monotonic_time () - 10 * G_USEC_PER_SEC);

  g_subprocess_wait_check (sim, NULL, &error);
  g_assert_no_error (error);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A "lines" device without a channels option: the header comes from its labelled lines. */
static void
test_sim_record_angle_learns_channels (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "angle.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "g.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows;

  if (!have_cli ())
    return;

  sim = start_sim ("angle", link, "3", &pty);
  g_assert_cmpint (run_cli (&log, "record", "--port", link, "--protocol", "lines",
                            "--duration", "1", "--out", csv, NULL), ==, 0);
  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, "t_us,angle");
  rows = g_strv_length (lines) - 1;
  g_assert_cmpuint (rows, >=, 48);
  g_assert_cmpuint (rows, <=, 52);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      double angle;

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      angle = g_ascii_strtod (fields[1], NULL);
      g_assert_cmpfloat (angle, >=, 0.0);
      g_assert_cmpfloat (angle, <=, 120.0);
    }

  g_subprocess_wait_check (sim, NULL, &error);
  g_assert_no_error (error);
  g_unlink (csv);
  g_rmdir (dir);
}

/* SIGTERM while recording without --duration: exit 0 and a complete file. */
static void
test_record_stops_cleanly_on_sigterm (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "emg.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "e.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GSubprocess) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows;

  if (!have_cli ())
    return;

  sim = start_sim ("emg", link, "5", &pty);
  rec = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli_path (), "record",
                          "--port", link, "--protocol", "lines", "--option", "channels=emg",
                          "--option", "units=uV", "--out", csv, NULL);
  g_assert_no_error (error);
  g_usleep (1500000);
  g_subprocess_send_signal (rec, SIGTERM);
  g_subprocess_communicate_utf8 (rec, NULL, NULL, NULL, &log, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (rec));
  g_assert_cmpint (g_subprocess_get_exit_status (rec), ==, 0);
  g_assert_nonnull (strstr (log, "Recorded "));

  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, "t_us,emg_uv");
  rows = g_strv_length (lines) - 1;
  /* ~1.5 s at 500 Hz, minus the time to start up. */
  g_assert_cmpuint (rows, >, 300);
  g_assert_cmpuint (rows, <, 800);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[1], !=, "");
    }

  g_subprocess_send_signal (sim, SIGINT);
  g_subprocess_wait_check (sim, NULL, &error);
  g_assert_no_error (error);
  g_unlink (csv);
  g_rmdir (dir);
}

/* A port that sends nothing usable is listened to, and the recorder says why nothing comes (a
 * board switched on later would still be recorded). */
static void
test_silent_port_is_explained (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "silent.csv", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) rec = NULL;
  g_autoptr(GError) error = NULL;
  int master;

  if (!have_cli ())
    return;

  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  rec = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli_path (), "record",
                          "--port", ptsname (master), "--protocol", "balance", "--out", csv,
                          NULL);
  g_assert_no_error (error);
  g_usleep (4500000);
  g_subprocess_send_signal (rec, SIGTERM);
  g_subprocess_communicate_utf8 (rec, NULL, NULL, NULL, &log, &error);
  g_assert_no_error (error);
  g_test_message ("%s", log);
  g_assert_nonnull (strstr (log, "sends nothing that reads as"));
  /* Nothing was recorded, so no file that looks like a recording is left. */
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  close (master);
  g_rmdir (dir);
}

static void
test_bad_arguments_exit_2 (void)
{
  const char *cases[][8] = {
    { "record", "--out", "x.csv", NULL },
    { "record", "--port", "/dev/null", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--baud", "1234", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--protocol", "morse", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--option", "novalue", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--option", "colour=red", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--order", "tl,tl,bl,br", NULL },
    { "record", "--port", "/dev/null", "--out", "x.csv", "--bogus", NULL },
    { "sim", NULL },
    { "sim", "--device", "wii", NULL },
    { "sim", "--device", "emg", "--rate", "-5", NULL },
    { "ports", "extra", NULL },
  };

  if (!have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *log = NULL;
      int status = run_cli (&log, cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4],
                            cases[i][5], cases[i][6], NULL);

      g_test_message ("case %u: %s", i, log);
      g_assert_cmpint (status, ==, 2);
      g_assert_true (g_str_has_prefix (log, "proprio-cli "));
      g_assert_nonnull (strstr (log, "--help"));
    }
  g_assert_false (g_file_test ("x.csv", G_FILE_TEST_EXISTS));
}

static void
test_help_for_each_command (void)
{
  const char *commands[] = { "ports", "sim", "record" };
  const char *must_mention[] = { "ports", "--link", "--geometry" };

  if (!have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, cli_path (), commands[i],
                               "--help", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
      g_assert_nonnull (strstr (out, must_mention[i]));
    }
}

static void
test_record_missing_port_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *csv = g_build_filename (dir, "m.csv", NULL);
  g_autofree char *log = NULL;

  if (!have_cli ())
    return;

  g_assert_cmpint (run_cli (&log, "record", "--port", "/nonexistent/ttyACM3", "--protocol",
                            "cyton", "--out", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (log, "/nonexistent/ttyACM3"));
  g_assert_nonnull (strstr (log, "plugged in"));
  /* Nothing was recorded, so no file pretends to be a recording. */
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_null (strstr (log, "Recorded 0 samples"));
  g_rmdir (dir);
}

/* A file size limit (RLIMIT_FSIZE) makes write() fail part way, as a disk that fills up does:
 * some flushes succeed, then one is cut short. SIGXFSZ is ignored so the write returns EFBIG
 * instead of killing the process. Unlike a /dev/full node this works for any user, on a plain
 * file, which is what a recording is. */
static void write_old_file (const char *path);
static void assert_old_file (const char *path);

static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit;

  signal (SIGXFSZ, SIG_IGN);
  getrlimit (RLIMIT_FSIZE, &limit);
  limit.rlim_cur = GPOINTER_TO_SIZE (user_data);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static guint
count_rows (const char *path)
{
  g_auto(GStrv) lines = read_lines (path);

  return g_strv_length (lines) - 1;
}

/* The first number after `prefix` in `text`; fails if there is none. */
static guint64
number_after (const char *text,
              const char *prefix)
{
  const char *at = strstr (text, prefix);

  g_assert_nonnull (at);
  return g_ascii_strtoull (at + strlen (prefix), NULL, 10);
}

static void
test_record_full_disk_counts_agree (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "cyton.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "full.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GSubprocess) rec = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  guint rows;

  if (!have_cli ())
    return;

  sim = start_sim ("cyton", link, "8", &pty);
  /* Cyton rows are under 200 bytes: 60 kB hold more than the first flush (under a second of
   * 250 Hz data) and less than the 5 s asked for, so a later flush is cut short. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, GSIZE_TO_POINTER (60000),
                                         NULL);
  rec = g_subprocess_launcher_spawn (launcher, &error, cli_path (), "record", "--port", link,
                                     "--protocol", "cyton", "--duration", "5", "--out", csv,
                                     NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (rec, NULL, NULL, NULL, &log, &error);
  g_assert_no_error (error);
  g_test_message ("%s", log);
  g_assert_true (g_subprocess_get_if_exited (rec));
  g_assert_cmpint (g_subprocess_get_exit_status (rec), ==, 1);

  /* The file, the error and the summary tell the same number. */
  rows = count_rows (csv);
  g_assert_cmpuint (rows, >, 0);
  g_assert_cmpuint (rows, <, 1250);
  g_assert_cmpuint (number_after (log, "Recorded "), ==, rows);
  g_assert_cmpuint (number_after (log, "here; the "), ==, rows);
  assert_private_file (csv);

  /* With --force over an old recording: the old file stays whole, and the rows that were written
   * are kept in the new file the message names. */
  g_unlink (csv);
  write_old_file (csv);
  g_clear_object (&rec);
  g_clear_pointer (&log, g_free);
  rec = g_subprocess_launcher_spawn (launcher, &error, cli_path (), "record", "--port", link,
                                     "--protocol", "cyton", "--duration", "5", "--out", csv,
                                     "--force", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (rec, NULL, NULL, NULL, &log, &error);
  g_assert_no_error (error);
  g_test_message ("%s", log);
  g_assert_cmpint (g_subprocess_get_exit_status (rec), ==, 1);
  assert_old_file (csv);
  {
    g_autofree char *prefix = g_strdup_printf ("is unchanged; the incomplete recording is in “%s",
                                               csv);
    const char *at = strstr (log, prefix);
    g_autofree char *partial = NULL;

    g_assert_nonnull (at);
    at += strlen (prefix) - strlen (csv);
    partial = g_strndup (at, strstr (at, "”") - at);
    g_assert_true (g_str_has_prefix (partial, csv));
    g_assert_cmpuint (count_rows (partial), ==, number_after (log, "Recorded "));
    g_assert_cmpuint (count_rows (partial), >, 0);
    g_unlink (partial);
  }

  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  g_unlink (link);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
write_old_file (const char *path)
{
  g_assert_true (g_file_set_contents (path, "t_us,tl_kg\n1,2\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
}

static void
assert_old_file (const char *path)
{
  g_autofree char *contents = NULL;
  struct stat st;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "t_us,tl_kg\n1,2\n");
  g_assert_cmpint (lstat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* An existing recording survives every failed or refused run, with or without --force. */
static void
test_record_keeps_existing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *old = g_build_filename (dir, "old.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "balance.port", NULL);
  g_autofree char *log = NULL, *log2 = NULL, *log3 = NULL;
  g_autofree char *pty = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_cli ())
    return;

  write_old_file (old);
  /* The device fails: the file is not ours to remove. */
  g_assert_cmpint (run_cli (&log, "record", "--port", "/nonexistent", "--out", old, NULL), ==, 1);
  assert_old_file (old);
  /* --force replaces only a recording that succeeded; a failed one leaves nothing behind. */
  g_assert_cmpint (run_cli (&log2, "record", "--port", "/nonexistent", "--out", old, "--force",
                            NULL), ==, 1);
  assert_old_file (old);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* A working device does not change that: without --force the file is refused... */
  sim = start_sim ("balance", link, "5", &pty);
  g_clear_pointer (&log, g_free);
  g_assert_cmpint (run_cli (&log, "record", "--port", link, "--duration", "0.5", "--out", old,
                            NULL), ==, 1);
  g_assert_nonnull (strstr (log, "already exists"));
  g_assert_nonnull (strstr (log, "--force"));
  assert_old_file (old);

  /* ...and with it, replaced by the new recording once that is complete. */
  g_assert_cmpint (run_cli (&log3, "record", "--port", link, "--duration", "0.5", "--out", old,
                            "--force", NULL), ==, 0);
  g_test_message ("%s", log3);
  lines = read_lines (old);
  g_assert_cmpstr (lines[0], ==, BALANCE_HEADER);
  g_assert_cmpuint (g_strv_length (lines), >, 20);
  g_assert_cmpuint (number_after (log3, "Recorded "), ==, g_strv_length (lines) - 1);
  g_assert_nonnull (strstr (log3, old));
  assert_private_file (old);
  /* No temporary file is left next to it (the old file, the sim's link). */
  g_assert_cmpuint (count_entries (dir), ==, 2);

  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, &error);
  g_unlink (link);
  g_unlink (old);
  g_rmdir (dir);
}

/* --out never follows a link, and never writes to or removes a device. */
static void
test_record_refuses_links_and_devices (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "t.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "l.csv", NULL);
  g_autofree char *dangling = g_build_filename (dir, "d.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  const char *flags[] = { NULL, "--force" };
  struct stat st;

  if (!have_cli ())
    return;

  write_old_file (target);
  g_assert_cmpint (symlink (target, link), ==, 0);
  g_assert_cmpint (symlink (missing, dangling), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autofree char *log = NULL, *log2 = NULL, *log3 = NULL;

      g_assert_cmpint (run_cli (&log, "record", "--port", "/nonexistent", "--out", link,
                                flags[i], NULL), ==, 1);
      g_test_message ("%s", log);
      assert_old_file (target);
      g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
      g_assert_nonnull (strstr (log, "not a plain file"));

      g_assert_cmpint (run_cli (&log2, "record", "--port", "/nonexistent", "--out", dangling,
                                flags[i], NULL), ==, 1);
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      g_assert_nonnull (strstr (log2, "not a plain file"));

      g_assert_cmpint (run_cli (&log3, "record", "--port", "/nonexistent", "--out", "/dev/null",
                                flags[i], NULL), ==, 1);
      g_assert_nonnull (strstr (log3, "not a plain file"));
      g_assert_cmpint (lstat ("/dev/null", &st), ==, 0);
      g_assert_true (S_ISCHR (st.st_mode));
    }
  g_assert_cmpuint (count_entries (dir), ==, 3);

  g_unlink (link);
  g_unlink (dangling);
  g_unlink (target);
  g_rmdir (dir);
}

/* A port whose name holds the characters of the spec syntax (?, &, =, %) still records. */
static void
test_record_port_name_with_spec_characters (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-record-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "board?baud=9600&x=1%41.port", NULL);
  g_autofree char *csv = g_build_filename (dir, "q.csv", NULL);
  g_autofree char *pty = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_cli ())
    return;

  sim = start_sim ("balance", link, "4", &pty);
  g_assert_cmpint (run_cli (&log, "record", "--port", link, "--duration", "0.5", "--out", csv,
                            NULL), ==, 0);
  g_test_message ("%s", log);
  lines = read_lines (csv);
  g_assert_cmpstr (lines[0], ==, BALANCE_HEADER);
  g_assert_cmpuint (g_strv_length (lines), >, 20);
  /* The label names the real path. */
  g_assert_nonnull (strstr (log, link));

  g_subprocess_force_exit (sim);
  g_subprocess_wait (sim, NULL, NULL);
  g_unlink (link);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_csv_writer_rows (void)
{
  static const ProprioChannelInfo channels[] = {
    { "a_kg", "A", "kg" }, { "b_mm", "B", "mm" }, { "c", "C", "" },
  };
  g_autofree char *dir = g_dir_make_tmp ("proprio-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "w.csv", NULL);
  g_autoptr(ProprioCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ProprioSample s = { .t_us = 1234567, .n_channels = 3, .values = { 12.31, NAN, -0.5 } };
  ProprioSample t = { .t_us = -5, .n_channels = 3, .values = { 1e-7, 180225.0 * 0.02235, 1.0 / 3 } };

  /* Created 0600, whatever the umask allows. */
  writer = proprio_csv_writer_new (path, PROPRIO_CSV_WRITER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  assert_private_file (path);

  g_assert_true (proprio_csv_writer_write_header (writer, channels, 3, &error));
  /* The header is on disk at once. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "t_us,a_kg,b_mm,c\n");
  g_clear_pointer (&contents, g_free);

  g_assert_true (proprio_csv_writer_write_sample (writer, &s, &error));
  g_assert_true (proprio_csv_writer_write_sample (writer, &t, &error));
  g_assert_cmpuint (proprio_csv_writer_get_rows (writer), ==, 2);
  g_assert_cmpuint (proprio_csv_writer_get_rows_written (writer), ==, 0);
  g_assert_true (proprio_csv_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_csv_writer_get_rows_written (writer), ==, 2);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "t_us,a_kg,b_mm,c\n"
                   "1234567,12.31,,-0.5\n"
                   "-5,1e-07,4028.0287499999995,0.3333333333333333\n");
  g_unlink (path);
  g_rmdir (dir);
}

/* Every value reads back exactly, in as few digits as that takes. */
static void
test_csv_format_round_trips (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0.1, "0.1" },
    { -0.0, "-0" },
    { 0.0, "0" },
    { 1e-300, "1e-300" },
    /* 16 digits would round DBL_MAX up to a value that reads back as inf. */
    { DBL_MAX, "1.7976931348623157e+308" },
    { -DBL_MAX, "-1.7976931348623157e+308" },
    { DBL_MIN, "2.2250738585072014e-308" },
    { 4.9406564584124654e-324, "4.94065645841247e-324" },    /* the smallest denormal */
    { 2.2250738585072009e-308, "2.225073858507201e-308" },   /* the largest denormal */
    { 1.0 / 3, "0.3333333333333333" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 123456789012345678.0, "1.2345678901234568e+17" },
    { 100, "100" },
    { INFINITY, "inf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      double back;

      proprio_csv_format_value (out, cases[i].value);
      back = g_ascii_strtod (out->str, NULL);
      g_test_message ("%.17g → %s", cases[i].value, out->str);
      g_assert_true (memcmp (&back, &cases[i].value, sizeof back) == 0);
      g_assert_cmpstr (out->str, ==, cases[i].text);
    }
}

static void
test_csv_writer_refuses_existing_links_devices (void)
{
  g_autofree char *dir = g_dir_make_tmp ("proprio-csv-XXXXXX", NULL);
  g_autofree char *old = g_build_filename (dir, "old.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "link.csv", NULL);
  g_autofree char *sub = g_build_filename (dir, "folder", NULL);
  const ProprioCsvWriterFlags flags[] = { PROPRIO_CSV_WRITER_FLAGS_NONE,
                                          PROPRIO_CSV_WRITER_REPLACE };

  write_old_file (old);
  g_assert_cmpint (symlink (old, link), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;

      g_assert_null (proprio_csv_writer_new (link, flags[i], &e1));
      g_assert_error (e1, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NOT_REGULAR);
      g_assert_null (proprio_csv_writer_new ("/dev/null", flags[i], &e2));
      g_assert_error (e2, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NOT_REGULAR);
      g_assert_null (proprio_csv_writer_new (sub, flags[i], &e3));
      g_assert_error (e3, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NOT_REGULAR);
      if (flags[i] == PROPRIO_CSV_WRITER_FLAGS_NONE)
        {
          g_assert_null (proprio_csv_writer_new (old, flags[i], &e4));
          g_assert_error (e4, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_EXISTS);
        }
      assert_old_file (old);
      g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
    }
  g_assert_cmpuint (count_entries (dir), ==, 3);

  g_unlink (link);
  g_unlink (old);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_csv_writer_replaces_atomically (void)
{
  static const ProprioChannelInfo channel = { "v", "V", "" };
  g_autofree char *dir = g_dir_make_tmp ("proprio-csv-XXXXXX", NULL);
  g_autofree char *old = g_build_filename (dir, "old.csv", NULL);
  g_autoptr(ProprioCsvWriter) writer = NULL;
  g_autoptr(ProprioCsvWriter) discarded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ProprioSample s = { .t_us = 7, .n_channels = 1, .values = { 0.25 } };

  write_old_file (old);

  /* Discarded: the old file is as it was and nothing else is left. */
  discarded = proprio_csv_writer_new (old, PROPRIO_CSV_WRITER_REPLACE, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_csv_writer_write_header (discarded, &channel, 1, &error));
  g_assert_cmpstr (proprio_csv_writer_get_path (discarded), ==, old);
  g_assert_cmpstr (proprio_csv_writer_get_file_path (discarded), !=, old);
  proprio_csv_writer_discard (discarded);
  assert_old_file (old);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Until close() the old file is untouched; then the new one is there, whole. */
  writer = proprio_csv_writer_new (old, PROPRIO_CSV_WRITER_REPLACE, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_csv_writer_write_header (writer, &channel, 1, &error));
  g_assert_true (proprio_csv_writer_write_sample (writer, &s, &error));
  g_assert_true (proprio_csv_writer_flush (writer, &error));
  assert_old_file (old);
  g_assert_true (proprio_csv_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "t_us,v\n7,0.25\n");
  g_assert_cmpstr (proprio_csv_writer_get_file_path (writer), ==, old);
  assert_private_file (old);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Nothing to replace: the file is made in place at once, and discarding removes only it. */
  g_unlink (old);
  {
    g_autoptr(ProprioCsvWriter) fresh = proprio_csv_writer_new (old, PROPRIO_CSV_WRITER_REPLACE,
                                                                &error);

    g_assert_no_error (error);
    g_assert_cmpstr (proprio_csv_writer_get_file_path (fresh), ==, old);
    g_assert_true (proprio_csv_writer_write_header (fresh, &channel, 1, &error));
    assert_private_file (old);
    proprio_csv_writer_discard (fresh);
    g_assert_cmpuint (count_entries (dir), ==, 0);
  }

  g_rmdir (dir);
}

static void
test_csv_writer_flushes_within_a_second (void)
{
  static const ProprioChannelInfo channel = { "v", "V", "" };
  g_autofree char *dir = g_dir_make_tmp ("proprio-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "f.csv", NULL);
  g_autoptr(ProprioCsvWriter) writer = proprio_csv_writer_new (path, PROPRIO_CSV_WRITER_FLAGS_NONE,
                                                               NULL);
  g_autoptr(GError) error = NULL;
  ProprioSample s = { .t_us = 1, .n_channels = 1, .values = { 2.0 } };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (proprio_csv_writer_write_header (writer, &channel, 1, &error));
  g_assert_true (proprio_csv_writer_write_sample (writer, &s, &error));
  /* Buffered for now... */
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  g_assert_cmpstr (before, ==, "t_us,v\n");
  /* ...and on disk once a second has passed, even without another sample. */
  g_usleep (1050000);
  g_assert_true (proprio_csv_writer_maybe_flush (writer, &error));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "t_us,v\n1,2\n");

  g_clear_pointer (&writer, proprio_csv_writer_free);
  g_unlink (path);
  g_rmdir (dir);
}

/* A write cut short: the file ends with the last whole row, and the writer's counts say how many
 * rows that is. */
static void
test_csv_writer_full_disk (void)
{
  static const ProprioChannelInfo channel = { "v", "V", "" };
  g_autofree char *dir = g_dir_make_tmp ("proprio-full-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "full.csv", NULL);
  g_autoptr(ProprioCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved;
  void (*saved_handler) (int);
  gint64 first = 0, last = 0;
  gboolean ok = TRUE;
  guint64 flushed = 0;

  writer = proprio_csv_writer_new (path, PROPRIO_CSV_WRITER_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_csv_writer_write_header (writer, &channel, 1, &error));

  getrlimit (RLIMIT_FSIZE, &saved);
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  limit_file_size (GSIZE_TO_POINTER (1000));
  /* Rows "N,0.5\n": flush every 10 rows until the limit cuts a flush short. */
  for (gint64 t = 1; ok && t < 10000; t++)
    {
      ProprioSample s = { .t_us = t, .n_channels = 1, .values = { 0.5 } };

      ok = proprio_csv_writer_write_sample (writer, &s, &error);
      if (ok && t % 10 == 0)
        {
          ok = proprio_csv_writer_flush (writer, &error);
          if (ok)
            flushed = (guint64) t;
        }
    }
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NO_SPACE);
  g_assert_cmpuint (flushed, >, 0);
  g_assert_cmpuint (proprio_csv_writer_get_rows_written (writer), ==, flushed);
  g_assert_true (proprio_csv_writer_get_written_span (writer, &first, &last));
  g_assert_cmpint (first, ==, 1);
  g_assert_cmpint (last, ==, (gint64) flushed);
  g_assert_cmpuint (number_after (error->message, "here; the "), ==, flushed);
  g_assert_cmpuint (count_rows (path), ==, flushed);
  g_assert_false (proprio_csv_writer_close (writer, NULL));
  g_assert_cmpuint (count_rows (path), ==, flushed);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-writer/rows-nan-and-mode", test_csv_writer_rows);
  g_test_add_func ("/csv-writer/format-round-trips", test_csv_format_round_trips);
  g_test_add_func ("/csv-writer/refuses-existing-links-devices",
                   test_csv_writer_refuses_existing_links_devices);
  g_test_add_func ("/csv-writer/replaces-atomically", test_csv_writer_replaces_atomically);
  g_test_add_func ("/csv-writer/flushes-within-a-second", test_csv_writer_flushes_within_a_second);
  g_test_add_func ("/csv-writer/full-disk-is-an-error", test_csv_writer_full_disk);
  g_test_add_func ("/cli/sim-record/cyton-consecutive-counters", test_sim_record_cyton);
  g_test_add_func ("/cli/sim-record/balance", test_sim_record_balance);
  g_test_add_func ("/cli/sim-record/angle-learns-channels", test_sim_record_angle_learns_channels);
  g_test_add_func ("/cli/record/sigterm-leaves-complete-file", test_record_stops_cleanly_on_sigterm);
  g_test_add_func ("/cli/record/missing-port-exits-1", test_record_missing_port_fails);
  g_test_add_func ("/cli/record/full-disk-counts-agree", test_record_full_disk_counts_agree);
  g_test_add_func ("/cli/record/keeps-existing-file", test_record_keeps_existing_file);
  g_test_add_func ("/cli/record/refuses-links-and-devices", test_record_refuses_links_and_devices);
  g_test_add_func ("/cli/record/port-name-with-spec-characters",
                   test_record_port_name_with_spec_characters);
  g_test_add_func ("/cli/record/silent-port-is-explained", test_silent_port_is_explained);
  g_test_add_func ("/cli/bad-arguments-exit-2", test_bad_arguments_exit_2);
  g_test_add_func ("/cli/help-for-each-command", test_help_for_each_command);

  return g_test_run ();
}
