/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints what recording a session's video costs: the camera at 1280x720, 30 fps, through its
 * real pipeline, recorded as a session does (the recording branch scales to 640x360 and encodes
 * JPEG at quality 75 on its own streaming thread; a ProprioVideoRecorder thread writes and syncs
 * the files in a temporary folder):
 *   1. the recording branch's thread CPU per frame (scale, convert, encode), median and p95;
 *   2. the writing thread's CPU per frame;
 *   3. the whole process's CPU with recording off, then on, so the difference is what recording
 *      adds (the camera's other branches and the source's drawing are in both);
 *   4. frames recorded against frames shown, frames the branch lost, JPEG bytes per frame and
 *      what an hour then takes on the disk.
 * Picture content matters for JPEG: "test" (smpte bars) is flat, "ball" moves on a flat ground,
 * "sim" (the simulated leg) is nearest a camera picture of a room. Ends with one JSON line per
 * case.
 *   bench-session-video [--seconds N]     (N of recording per case, default 10) */
#define G_LOG_DOMAIN "bench-session-video"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/proprio-clock.h"
#include "store/proprio-video-file.h"
#include "store/proprio-video-recorder.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"
#include "proprio-bench.h"

typedef struct
{
  ProprioCamera *camera;
  GArray        *branch_us;   /* gint64, one a frame */
  guint64        last_frames;
} Poll;

/* On the recording branch's thread. */
static void
record_frame (gint64   t_us,
              GBytes  *jpeg,
              int      width,
              int      height,
              gpointer user_data)
{
  proprio_video_recorder_push (user_data, t_us, jpeg, width, height);
}

/* Every few ms on the main loop: the branch's CPU of the frame just recorded (one frame since
 * the last look; two or more at once would not say which cost what). */
static gboolean
poll_stats (gpointer user_data)
{
  Poll *p = user_data;
  ProprioCameraRecordStats stats;

  proprio_camera_get_record_stats (p->camera, &stats);
  if (stats.frames == p->last_frames + 1 && stats.branch_ms > 0)
    {
      gint64 us = (gint64) llround (stats.branch_ms * 1000.0);

      g_array_append_val (p->branch_us, us);
    }
  p->last_frames = stats.frames;
  return G_SOURCE_CONTINUE;
}

static double
percentile_ms (GArray *values,
               double  q)
{
  ProprioBenchStats stats;
  guint i;

  if (values->len == 0)
    return NAN;
  proprio_bench_stats (values, &stats);   /* sorts */
  i = MIN (values->len - 1, (guint) ceil (values->len * q) - (q > 0 ? 1 : 0));
  return g_array_index (values, gint64, i) / 1000.0;
}

static double
cpu_percent_over (double seconds)
{
  gint64 cpu0 = proprio_bench_cpu_us (0, 0);
  gint64 t0 = proprio_clock_now_us ();

  proprio_bench_run_ms ((guint) (seconds * 1000));
  return 100.0 * (proprio_bench_cpu_us (0, 0) - cpu0) / (double) (proprio_clock_now_us () - t0);
}

static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          guint         *shown)
{
  (*shown)++;
}

static gboolean
run_case (const char *case_name,
          const char *spec,
          double      seconds)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(ProprioVideoRecorder) video = NULL;
  g_autoptr(ProprioVideoFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("proprio-bench-video-XXXXXX", NULL);
  g_autofree char *index = g_build_filename (dir, "video.csv", NULL);
  g_autofree char *frames_path = proprio_video_file_mjpeg_path (index);
  ProprioCameraRecordStats stats;
  Poll p = { 0 };
  guint shown = 0, shown_at_start, poll_id, n;
  double cpu_off, cpu_on, br50, br95, writer_ms, kb, fps_recorded;
  gint64 t0, elapsed_us;

  if (!proprio_camera_set_spec (camera, spec, &error) || !proprio_camera_start (camera, &error))
    {
      g_printerr ("%s: %s\n", case_name, error->message);
      return FALSE;
    }
  _proprio_camera_settle (camera);
  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &shown);

  /* Warm up, then the same camera without recording. */
  proprio_bench_run_ms (1000);
  cpu_off = cpu_percent_over (MAX (2.0, seconds / 2));

  video = proprio_video_recorder_new (index);
  if (!proprio_video_recorder_start (video, &error))
    g_error ("%s", error->message);
  p.camera = camera;
  p.branch_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  proprio_camera_get_record_stats (camera, &stats);
  p.last_frames = stats.frames;
  poll_id = g_timeout_add (3, poll_stats, &p);
  proprio_camera_set_record_func (camera, record_frame, g_object_ref (video), g_object_unref);
  proprio_bench_run_ms (300);
  shown_at_start = shown;
  t0 = proprio_clock_now_us ();
  cpu_on = cpu_percent_over (seconds);
  elapsed_us = proprio_clock_now_us () - t0;
  proprio_camera_set_record_func (camera, NULL, NULL, NULL);
  g_source_remove (poll_id);
  if (!proprio_video_recorder_stop (video, &error))
    g_error ("%s", error->message);
  proprio_camera_get_record_stats (camera, &stats);
  proprio_camera_stop (camera);
  _proprio_camera_settle (camera);

  file = proprio_video_file_open (index, &error);
  if (file == NULL)
    g_error ("%s", error->message);
  n = proprio_video_file_get_n_frames (file);
  br50 = percentile_ms (p.branch_us, 0.5);
  br95 = percentile_ms (p.branch_us, 0.95);
  writer_ms = n > 0 ? proprio_video_recorder_get_cpu_us (video) / 1000.0 / n : NAN;
  kb = n > 0 ? proprio_video_file_get_bytes (file) / 1000.0 / n : NAN;
  fps_recorded = proprio_video_file_get_duration (file) > 0
                 ? (n - 1) / proprio_video_file_get_duration (file) : NAN;

  printf ("%s (%s), recorded %dx%d JPEG q%d: %u frames in %.1f s (%.1f fps; %.1f shown), "
          "%" G_GUINT64_FORMAT " lost by the branch, %" G_GUINT64_FORMAT " by the writer:\n",
          case_name, spec, stats.width, stats.height, PROPRIO_CAMERA_RECORD_QUALITY, n,
          elapsed_us / 1e6, fps_recorded, (shown - shown_at_start) / (elapsed_us / 1e6),
          stats.frames_missed, proprio_video_recorder_get_dropped (video));
  printf ("  recording branch CPU per frame     median %6.2f ms   p95 %6.2f ms   (%u frames)\n",
          br50, br95, p.branch_us->len);
  printf ("  writing thread CPU per frame       mean   %6.3f ms\n", writer_ms);
  printf ("  process CPU, recording off / on    %5.1f %% / %5.1f %% of a core (+%.1f)\n",
          cpu_off, cpu_on, cpu_on - cpu_off);
  printf ("  JPEG per frame                     mean %6.1f kB  ->  %.0f MB a minute, %.2f GB "
          "an hour at %.0f fps\n", kb, kb * fps_recorded * 60 / 1000.0,
          kb * fps_recorded * 3600 / 1e6, fps_recorded);
  proprio_bench_json ("session-video", case_name,
                      "branch_p50_ms", br50, "branch_p95_ms", br95,
                      "writer_ms_per_frame", writer_ms,
                      "cpu_off_pct", cpu_off, "cpu_on_pct", cpu_on,
                      "jpeg_kb", kb, "fps_recorded", fps_recorded,
                      "gb_per_hour", kb * fps_recorded * 3600 / 1e6,
                      "lost_branch", (double) stats.frames_missed,
                      "lost_writer", (double) proprio_video_recorder_get_dropped (video), NULL);

  g_array_unref (p.branch_us);
  g_clear_pointer (&file, proprio_video_file_free);
  g_unlink (index);
  g_unlink (frames_path);
  g_rmdir (dir);
  return n > 0;
}

int
main (int    argc,
      char **argv)
{
  double seconds;
  gboolean ok = TRUE;

  g_set_prgname ("bench-session-video");
  seconds = proprio_bench_parse_duration (&argc, &argv, 10, NULL);
  gst_init (&argc, &argv);
  printf ("Session video: camera 1280x720 at 30 fps recorded as a session records it\n\n");
  ok = run_case ("test-720p30", "test?size=1280x720&fps=30", seconds) && ok;
  printf ("\n");
  ok = run_case ("ball-720p30", "ball?size=1280x720&fps=30", seconds) && ok;
  printf ("\n");
  ok = run_case ("sim-720p30", "sim?size=1280x720&fps=30", seconds) && ok;
  return ok ? 0 : 1;
}
