/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-marker-tracker"

/* Prints what the colour-marker tracker costs per 640 × 360 frame, in CPU time of the calling
 * thread (CLOCK_THREAD_CPUTIME_ID, so a busy machine stretches it less than wall time): min,
 * median, p99 and max over a run of frames, then one JSON line for scripts.
 * Frames: synthetic legs (proprio-limb-render) at 8 knee angles, noise ±12 and blur, converted
 * to BGRx as cameras deliver them; all three markers are found in every frame.
 * Run: build/bench/bench-marker-tracker [FRAMES] */

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/proprio-limb-render.h"
#include "core/proprio-marker-tracker.h"

#define W 640
#define H 360
#define N_POSES 8

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static int
cmp_int64 (const void *a,
           const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  guint8 *bgrx[N_POSES];
  g_autofree guint8 *rgb = g_malloc (W * H * 3);
  g_autofree gint64 *ns = NULL;
  guint n_frames = argc > 1 ? (guint) CLAMP (atoi (argv[1]), 10, 1000000) : 2000;
  guint found = 0;
  double p50, p99;

  ns = g_new (gint64, n_frames);
  for (guint k = 0; k < N_POSES; k++)
    {
      ProprioLimbScene scene;

      proprio_limb_scene_init_default (&scene, W, H);
      scene.knee_angle_deg = 40 + k * 20;
      scene.noise = 12;
      scene.blur_radius = 1;
      scene.seed = k + 1;
      proprio_limb_render (&scene, rgb, W, H, W * 3);
      bgrx[k] = g_malloc (W * H * 4);
      for (gsize i = 0; i < (gsize) W * H; i++)
        {
          bgrx[k][i * 4 + 0] = rgb[i * 3 + 2];
          bgrx[k][i * 4 + 1] = rgb[i * 3 + 1];
          bgrx[k][i * 4 + 2] = rgb[i * 3 + 0];
          bgrx[k][i * 4 + 3] = 0xff;
        }
      if (k == 0)
        {
          double pts[3][2];
          ProprioMarkerFrame frame = { rgb, W, H, W * 3, PROPRIO_PIXEL_FORMAT_RGB };

          proprio_limb_scene_get_points (&scene, pts);
          for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
            {
              ProprioHsv hsv;

              proprio_marker_pick_color (&frame, (int) pts[m][0], (int) pts[m][1], 3, &hsv);
              proprio_marker_tracker_set_color (tracker, m, &hsv);
            }
        }
    }

  for (guint i = 0; i < n_frames; i++)
    {
      ProprioMarkerFrame frame = { bgrx[i % N_POSES], W, H, W * 4, PROPRIO_PIXEL_FORMAT_BGRX };
      ProprioMarkerTrackerResult res;
      gint64 t0 = thread_cpu_ns ();

      proprio_marker_tracker_process (tracker, &frame, &res);
      ns[i] = thread_cpu_ns () - t0;
      found += res.has_angle;
    }
  qsort (ns, n_frames, sizeof *ns, cmp_int64);
  p50 = ns[n_frames / 2] / 1e6;
  p99 = ns[MIN (n_frames - 1, (guint) ceil (n_frames * 0.99) - 1)] / 1e6;

  printf ("Marker tracker, %dx%d BGRx, 3 markers, %u frames (%u with an angle):\n", W, H,
          n_frames, found);
  printf ("  CPU per frame: min %.3f ms   median %.3f ms   p99 %.3f ms   max %.3f ms\n",
          ns[0] / 1e6, p50, p99, ns[n_frames - 1] / 1e6);
  printf ("  method: thread CPU time around proprio_marker_tracker_process(); the first frame\n"
          "  builds the colour table (32 KiB); budget 5 ms per frame\n");
  printf ("{\"bench\": \"marker-tracker\", \"case\": \"640x360\", \"p50_ms\": %.4f, "
          "\"p99_ms\": %.4f}\n", p50, p99);

  for (guint k = 0; k < N_POSES; k++)
    g_free (bgrx[k]);
  return found == n_frames ? 0 : 1;
}
