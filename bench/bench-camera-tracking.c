/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints what tracking the markers on the live camera costs, on the simulated camera (the leg
 * with three markers, "sim") at 30 fps through the camera's real pipeline:
 *   1. camera frame → angle available: from a frame's capture time (the time its sample
 *      carries) to the moment a reader of the angle ring can have its sample, seen by a thread
 *      polling the ring every 250 µs (as the station's and the views' cursors read it, without
 *      their frame-clock wait); median and p95 against the budget of 40 ms median;
 *   2. tracking CPU per frame: the branch's own thread CPU for each frame (scaling to 640x360
 *      when the camera is larger, the hand-over and the tracker), and the tracker alone;
 *      median and p95 against the budget of 5 ms;
 *   3. the whole process's CPU with tracking off, then on (the camera's other branches, the
 *      leg's drawing and the delay encoder included), so the difference is what tracking adds.
 * Cases: sim at 640x360 (no scaling) and at 1280x720 (scaled on the branch). Ends with one
 * JSON line per case.
 *   bench-camera-tracking [--seconds N]     (N of tracking per case, default 10) */
#define G_LOG_DOMAIN "bench-camera-tracking"

#include <gst/gst.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/proprio-clock.h"
#include "core/proprio-marker-sample.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"
#include "proprio-bench.h"

#define POLL_US 250

typedef struct
{
  ProprioCamera     *camera;
  ProprioRingCursor  cursor;
  gint               stop;
  gint               tid;
  GArray            *latency_us;   /* gint64 */
  GArray            *branch_us;    /* gint64 */
  GArray            *tracker_us;   /* gint64 */
  guint              with_angle;
  guint              samples;
} Poller;

static gpointer
poll_ring (gpointer data)
{
  Poller *p = data;

  g_atomic_int_set (&p->tid, proprio_bench_gettid ());
  while (!g_atomic_int_get (&p->stop))
    {
      ProprioSample s;

      while (proprio_ring_read (&p->cursor, &s, 1) == 1)
        {
          gint64 latency = proprio_clock_now_us () - s.t_us;
          ProprioCameraTrackingStats stats;

          g_array_append_val (p->latency_us, latency);
          /* The figures of the frame just tracked (the poller keeps up with 30 fps easily). */
          proprio_camera_get_tracking_stats (p->camera, &stats);
          if (stats.branch_ms > 0.0)
            {
              gint64 us = (gint64) llround (stats.branch_ms * 1000.0);

              g_array_append_val (p->branch_us, us);
            }
          {
            gint64 us = (gint64) llround (stats.tracker_ms * 1000.0);

            g_array_append_val (p->tracker_us, us);
          }
          p->samples++;
          p->with_angle += !isnan (s.values[PROPRIO_MARKER_SAMPLE_ANGLE]);
        }
      g_usleep (POLL_US);
    }
  return NULL;
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

/* The process's CPU (all threads but the bench's own poller, `tid`, 0 for none) as % of one
 * core over `seconds` of running the main loop. */
static double
cpu_percent_over (double seconds,
                  pid_t  tid)
{
  gint64 cpu0 = proprio_bench_cpu_us (0, 0);
  gint64 poller0 = tid > 0 ? proprio_bench_cpu_us (0, tid) : 0;
  gint64 t0 = proprio_clock_now_us ();
  gint64 cpu;

  proprio_bench_run_ms ((guint) (seconds * 1000));
  cpu = proprio_bench_cpu_us (0, 0) - cpu0;
  if (tid > 0)
    cpu -= proprio_bench_cpu_us (0, tid) - poller0;
  return 100.0 * cpu / (double) (proprio_clock_now_us () - t0);
}

static gboolean
run_case (const char *case_name,
          const char *spec,
          double      seconds)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(GError) error = NULL;
  ProprioCameraTrackingStats stats;
  Poller p = { 0 };
  GThread *thread;
  double cpu_off, cpu_on;
  double lat50, lat95, br50, br95, tr50, tr95;
  gboolean ok;

  if (!proprio_camera_set_spec (camera, spec, &error) || !proprio_camera_start (camera, &error))
    {
      g_printerr ("%s: %s\n", case_name, error->message);
      return FALSE;
    }
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      proprio_sim_camera_get_marker_color (m, &hsv);
      proprio_marker_tracker_set_color (proprio_camera_get_marker_tracker (camera), m, &hsv);
    }
  _proprio_camera_settle (camera);

  /* Warm up (caps, pools, the colour table), then the same camera with tracking off. */
  proprio_bench_run_ms (1000);
  cpu_off = cpu_percent_over (MAX (2.0, seconds / 2), 0);

  p.camera = camera;
  p.latency_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  p.branch_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  p.tracker_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  proprio_ring_cursor_init (&p.cursor, proprio_camera_get_angle_ring (camera), TRUE);
  thread = g_thread_new ("ring-poller", poll_ring, &p);
  proprio_camera_set_tracking (camera, TRUE);
  proprio_bench_run_ms (500);
  cpu_on = cpu_percent_over (seconds, g_atomic_int_get (&p.tid));
  proprio_camera_set_tracking (camera, FALSE);
  proprio_bench_run_ms (100);
  g_atomic_int_set (&p.stop, TRUE);
  g_thread_join (thread);
  proprio_camera_get_tracking_stats (camera, &stats);
  proprio_camera_stop (camera);
  _proprio_camera_settle (camera);

  lat50 = percentile_ms (p.latency_us, 0.5);
  lat95 = percentile_ms (p.latency_us, 0.95);
  br50 = percentile_ms (p.branch_us, 0.5);
  br95 = percentile_ms (p.branch_us, 0.95);
  tr50 = percentile_ms (p.tracker_us, 0.5);
  tr95 = percentile_ms (p.tracker_us, 0.95);

  printf ("%s (%s), tracked %dx%d, %u samples, %u with an angle, %" G_GUINT64_FORMAT
          " frames dropped by the branch:\n", case_name, spec, stats.width, stats.height,
          p.samples, p.with_angle, stats.frames_missed);
  printf ("  camera frame -> angle available   median %6.2f ms   p95 %6.2f ms   "
          "(budget: median <= 40 ms) %s\n", lat50, lat95, lat50 <= 40.0 ? "met" : "NOT MET");
  printf ("  tracking CPU per frame (branch)   median %6.2f ms   p95 %6.2f ms   "
          "(budget: <= 5 ms) %s\n", br50, br95, br95 <= 5.0 ? "met" : "NOT MET");
  printf ("  of which the tracker              median %6.2f ms   p95 %6.2f ms\n", tr50, tr95);
  printf ("  process CPU, tracking off / on    %5.1f %% / %5.1f %% of a core (+%.1f; the "
          "poller left out)\n",
          cpu_off, cpu_on, cpu_on - cpu_off);
  proprio_bench_json ("camera-tracking", case_name,
                      "p50_ms", lat50, "p95_ms", lat95,
                      "branch_p50_ms", br50, "branch_p95_ms", br95,
                      "tracker_p50_ms", tr50, "tracker_p95_ms", tr95,
                      "cpu_off_pct", cpu_off, "cpu_on_pct", cpu_on,
                      "samples", (double) p.samples, "dropped", (double) stats.frames_missed,
                      NULL);

  ok = p.samples > 0 && p.with_angle == p.samples;
  proprio_ring_cursor_clear (&p.cursor);
  g_array_unref (p.latency_us);
  g_array_unref (p.branch_us);
  g_array_unref (p.tracker_us);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  double seconds;
  gboolean ok = TRUE;

  gst_init (&argc, &argv);
  seconds = proprio_bench_parse_duration (&argc, &argv, 10, NULL);

  printf ("Marker tracking on the live camera: the simulated leg at 30 fps through the camera's\n"
          "pipeline (appsrc drawing each frame, clocksync, BGRA, tee: live, delay and tracking\n"
          "branches). Latency: capture time -> sample readable in the angle ring (a thread polls\n"
          "it every %d us). CPU: the tracking branch's thread CPU per frame "
          "(CLOCK_THREAD_CPUTIME_ID).\n\n", POLL_US);
  ok &= run_case ("sim-640x360", "sim?size=640x360&fps=30", seconds);
  ok &= run_case ("sim-1280x720", "sim?size=1280x720&fps=30", seconds);
  return ok ? 0 : 1;
}
