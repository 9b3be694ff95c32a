/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app's CPU and memory while it shows a paced stream, as the user would see it.
 *
 * Method. For each case the real app (build/src/proprio) runs as a child process on a
 * pseudo-terminal, with the options a user would give it; a writer thread in this process puts
 * paced lines on the pty (1000 balance lines/s of four corners; 250 and 2000 lines/s of 8 EMG
 * channels through the lines protocol). After a warm-up (start, first samples, camera), the
 * child's utime + stime (/proc/PID/stat) over N seconds of wall time gives its CPU % of one core,
 * and VmHWM (/proc/PID/status) its peak RSS. The writer's own CPU is not the app's, so it is not
 * counted.
 *
 * The EMG cases show the Muscle page (eight bars and their strips, the EMG stage on the reader
 * thread). The Mirror case is the 720p30
 * test camera (--camera=test) with six overlays and the CoP inset on (from a settings key file
 * made for the child) and a 1 kHz board feeding the inset. "all-live" is the station with
 * everything at once: a window on the Mirror page (camera, overlays, inset on the 1 kHz board)
 * and a second device streaming 8 × 2 kHz EMG, drained on the frame clock's rhythm as the Muscle
 * page does; the app has one device, so that case runs this program's --host-all mode as the
 * child, built from the same parts.
 *
 * Needs a display (xvfb-run -a); without one it prints a TAP skip and exits 77.
 *   bench-load [--seconds N] [CASE…]     (N per case, default 8) */
#define G_LOG_DOMAIN "bench-load"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "app/proprio-mirror-page.h"
#include "core/proprio-clock.h"
#include "core/proprio-overlay.h"
#include "proprio-bench.h"

#define WARMUP_MS 3000
#define EMG_CHANNELS "emg1,emg2,emg3,emg4,emg5,emg6,emg7,emg8"

typedef enum
{
  CHILD_APP,       /* build/src/proprio */
  CHILD_HOST_ALL,  /* this program, --host-all */
} ChildKind;

typedef struct
{
  const char           *name;
  ChildKind             kind;
  const char           *view;
  const char           *camera;
  const char           *query;         /* the device spec's options after the pty path */
  double                rate_hz;
  ProprioBenchLineFunc  line;
  double                budget_pct;    /* of one core; 0 when none was set */
  const char           *note;
} LoadCase;

static const LoadCase cases[] = {
  { "balance-1khz", CHILD_APP, "balance", "none", "protocol=balance&baud=921600", 1000,
    proprio_bench_balance_line, 8, "Balance page, trail + ellipse on" },
  { "emg-lines-250hz-8ch", CHILD_APP, "muscle", "none",
    "protocol=lines&baud=921600&units=uV&channels=" EMG_CHANNELS, 250, proprio_bench_emg8_line,
    10, "Muscle page, 8 bars with their 10 s strips" },
  { "emg-lines-2khz-8ch", CHILD_APP, "muscle", "none",
    "protocol=lines&baud=921600&units=uV&channels=" EMG_CHANNELS, 2000, proprio_bench_emg8_line,
    10, "Muscle page, 8 bars with their 10 s strips" },
  { "mirror-720p30", CHILD_APP, "mirror", "test", "protocol=balance&baud=921600", 1000,
    proprio_bench_balance_line, 25,
    "Mirror page, 6 overlays, CoP inset on a 1 kHz board, delay 0" },
  { "all-live", CHILD_HOST_ALL, NULL, NULL, NULL, 1000, proprio_bench_balance_line, 40,
    "Mirror page + inset on 1 kHz balance, 720p30 camera, second device 8 x 2 kHz EMG lines" },
};

static void
add_overlays (ProprioOverlay *overlay)
{
  proprio_overlay_add_plumb (overlay, 0.5);
  proprio_overlay_add_level (overlay, 0.4);
  proprio_overlay_add_grid (overlay, 0.1, 0.1, 0.2, 0.2);
  proprio_overlay_add_line (overlay, 0.2, 0.8, 0.7, 0.3);
  proprio_overlay_add_circle (overlay, 0.6, 0.6, 0.7, 0.6);
  proprio_overlay_add_angle (overlay, 0.3, 0.3, 0.4, 0.5, 0.6, 0.35);
}

/* ---- --host-all: the station with everything at once (runs as the child) ---- */

typedef struct
{
  ProprioDevice     *emg;
  ProprioRingCursor  cursor;
  guint64            samples;
} EmgDrain;

static gboolean
drain_emg (gpointer data)
{
  EmgDrain *d = data;
  ProprioSample buf[512];
  gsize n;

  while ((n = proprio_ring_read (&d->cursor, buf, G_N_ELEMENTS (buf))) > 0)
    d->samples += n;
  if (d->cursor.dropped > 0)
    {
      proprio_device_add_ring_overflows (d->emg, d->cursor.dropped);
      d->cursor.dropped = 0;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

static int
host_all (const char *balance_pty,
          const char *emg_pty)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.proprio.Proprio");
  g_autoptr(GError) error = NULL;
  g_autofree char *balance_spec = g_strdup_printf ("%s?protocol=balance&baud=921600",
                                                   balance_pty);
  g_autofree char *emg_spec = g_strdup_printf ("%s?protocol=lines&baud=921600&units=uV&"
                                               "channels=" EMG_CHANNELS, emg_pty);
  EmgDrain drain = { 0 };
  GtkWidget *window, *page;
  gboolean done = FALSE;

  proprio_station_set_sound_enabled (station, FALSE);
  if (!proprio_station_set_device_spec (station, balance_spec, &error))
    g_error ("%s", error->message);
  drain.emg = proprio_device_new (emg_spec, &error);
  if (drain.emg == NULL)
    g_error ("%s", error->message);
  proprio_device_connect (drain.emg);
  proprio_ring_cursor_init (&drain.cursor, proprio_device_get_ring (drain.emg), TRUE);
  g_timeout_add (16, drain_emg, &drain);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = proprio_mirror_page_new (station, settings, "test");
  add_overlays (proprio_mirror_page_get_overlay (PROPRIO_MIRROR_PAGE (page)));
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));

  g_unix_signal_add (SIGTERM, quit_cb, &done);
  g_unix_signal_add (SIGINT, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  proprio_ring_cursor_clear (&drain.cursor);
  proprio_device_disconnect (drain.emg);
  g_object_unref (drain.emg);
  proprio_station_disconnect_device (station);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_device_wait_for_readers (2000);
  return 0;
}

/* ---- the parent: measure a child ---- */

/* A settings key file for the child: the Mirror page's overlays and inset, a window size. */
static char *
make_config_home (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  g_autofree char *text = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  char *home = g_dir_make_tmp ("bench-load-XXXXXX", &error);

  if (home == NULL)
    g_error ("%s", error->message);
  add_overlays (overlay);
  text = proprio_overlay_to_string (overlay);
  quoted = g_variant_print (g_variant_new_string (text), FALSE);
  settings_dir = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_mkdir_with_parents (settings_dir, 0700);
  path = g_build_filename (settings_dir, "keyfile", NULL);
  contents = g_strdup_printf ("[io/github/proprio/Proprio]\nmirror-overlay=%s\n"
                              "mirror-inset=true\nwindow-width=1280\nwindow-height=800\n", quoted);
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    g_error ("%s", error->message);
  return home;
}

static void
remove_config_home (const char *home)
{
  g_autofree char *path = g_build_filename (home, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *settings = g_build_filename (home, "glib-2.0", "settings", NULL);
  g_autofree char *glib = g_build_filename (home, "glib-2.0", NULL);

  /* Only what make_config_home () made (the app may have written its key file back). */
  g_unlink (path);
  g_rmdir (settings);
  g_rmdir (glib);
  g_rmdir (home);
}

static char *app_path;
static char *self_path;

static gboolean
run_case (const LoadCase *c,
          double          seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pty = NULL;
  g_autofree char *pty2 = NULL;
  g_autofree char *home = make_config_home ();
  ProprioBenchWriter *writer, *writer2 = NULL;
  int master = proprio_bench_open_pty (&pty), master2 = -1;
  gint64 cpu0, cpu1, t0, t1, hwm, rss;
  guint64 lines0, lines1;
  double cpu_pct;
  pid_t pid;
  gboolean alive;

  if (master < 0)
    g_error ("no pseudo-terminal");
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  if (c->kind == CHILD_APP)
    {
      g_ptr_array_add (args, g_strdup (app_path));
      g_ptr_array_add (args, g_strdup_printf ("--device=%s?%s", pty, c->query));
      g_ptr_array_add (args, g_strdup_printf ("--view=%s", c->view));
      g_ptr_array_add (args, g_strdup_printf ("--camera=%s", c->camera));
    }
  else
    {
      master2 = proprio_bench_open_pty (&pty2);
      g_ptr_array_add (args, g_strdup (self_path));
      g_ptr_array_add (args, g_strdup ("--host-all"));
      g_ptr_array_add (args, g_strdup (pty));
      g_ptr_array_add (args, g_strdup (pty2));
    }
  g_ptr_array_add (args, NULL);

  /* The lines flow from the start, as from a board that streams when plugged in. */
  writer = proprio_bench_writer_start (master, c->rate_hz, c->line, NULL, NULL);
  if (master2 >= 0)
    writer2 = proprio_bench_writer_start (master2, 2000, proprio_bench_emg8_line, NULL, NULL);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  if (child == NULL)
    g_error ("%s", error->message);
  pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);

  proprio_bench_run_ms (WARMUP_MS);
  cpu0 = proprio_bench_cpu_us (pid, 0);
  lines0 = proprio_bench_writer_get_lines (writer);
  t0 = proprio_clock_now_us ();
  proprio_bench_run_ms ((guint) (seconds * 1000));
  cpu1 = proprio_bench_cpu_us (pid, 0);
  t1 = proprio_clock_now_us ();
  lines1 = proprio_bench_writer_get_lines (writer);
  hwm = proprio_bench_status_kib (pid, "VmHWM");
  rss = proprio_bench_status_kib (pid, "VmRSS");
  alive = cpu0 >= 0 && cpu1 >= 0;

  g_subprocess_send_signal (child, SIGTERM);
  g_subprocess_wait (child, NULL, NULL);
  proprio_bench_writer_stop (writer);
  if (writer2 != NULL)
    proprio_bench_writer_stop (writer2);
  close (master);
  if (master2 >= 0)
    close (master2);
  remove_config_home (home);

  if (!alive)
    {
      g_print ("%s: the app exited before the measurement ended\n", c->name);
      return FALSE;
    }
  cpu_pct = 100.0 * (cpu1 - cpu0) / (double) (t1 - t0);
  g_print ("%s: %s\n", c->name, c->note);
  g_print ("  %.0f lines/s on the wire (%.0f due): CPU %.1f %% of one core over %.1f s; "
           "peak RSS %.1f MiB (now %.1f MiB)", (lines1 - lines0) / ((t1 - t0) / 1e6), c->rate_hz,
           cpu_pct, (t1 - t0) / 1e6, hwm / 1024.0, rss / 1024.0);
  if (c->budget_pct > 0)
    g_print ("; budget %.0f %%: %s\n", c->budget_pct, cpu_pct <= c->budget_pct ? "within" : "OVER");
  else
    g_print ("\n");
  proprio_bench_json ("load", c->name, "cpu_pct", cpu_pct, "rss_mib", hwm / 1024.0,
                      "budget_cpu_pct", c->budget_pct > 0 ? c->budget_pct : NAN, NULL);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  double seconds;
  gboolean ok = TRUE;

  g_set_prgname ("bench-load");
  if (argc == 4 && g_str_equal (argv[1], "--host-all"))
    {
      proprio_bench_gui_init ("bench-load");
      return host_all (argv[2], argv[3]);
    }
  seconds = proprio_bench_parse_duration (&argc, &argv, 8, "[CASE…] (N per case)");
  /* The app and the host children need a display; so does the parent's check. */
  proprio_bench_gui_init ("bench-load");

  self_path = g_canonicalize_filename (argv[0], NULL);
  dir = g_path_get_dirname (self_path);
  app_path = g_strdup (g_getenv ("PROPRIO_APP"));
  if (app_path == NULL)
    app_path = g_build_filename (dir, "..", "src", "proprio", NULL);
  if (!g_file_test (app_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-load: no app at %s (set PROPRIO_APP)\n", app_path);
      return 1;
    }

  g_print ("app %s, renderer %s, %.0f s per case after %d ms of warm-up\n", app_path,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default", seconds, WARMUP_MS);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean wanted = argc <= 1;

      for (int a = 1; a < argc; a++)
        wanted |= g_str_equal (argv[a], cases[i].name);
      if (wanted)
        ok &= run_case (&cases[i], seconds);
    }
  g_free (app_path);
  g_free (self_path);
  return ok ? 0 : 1;
}
