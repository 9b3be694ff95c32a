/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints what the video path costs:
 *   1. capture → texture ready on the main thread, for the live camera path at 1280x720@30
 *      (videotestsrc stands in for the camera; the time includes conversion, flip and handoff);
 *   2. the delay buffer's price per frame: the encode branch (1280x720 BGRA → 640x360 JPEG),
 *      bytes per frame and what 30 s at 30 fps then takes, and decoding the shown frame.
 * Picture content matters for JPEG: smpte is flat (best case), snow is noise (worst case); a
 * camera picture lies between. Run: build/bench/bench-video */
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/proprio-clock.h"
#include "video/proprio-camera.h"
#include "widgets/proprio-frame-paintable.h"

static int
cmp_int64 (const void *a,
           const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
print_stats (const char *what,
             gint64     *v,
             guint       n)
{
  qsort (v, n, sizeof *v, cmp_int64);
  printf ("  %-44s median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (n=%u)\n", what,
          v[n / 2] / 1000.0, v[n * 95 / 100] / 1000.0, v[n - 1] / 1000.0, n);
}

/* --- 1. live latency --- */

#define LIVE_FRAMES 150

typedef struct
{
  gint64 latency[LIVE_FRAMES];
  gint64 texture[LIVE_FRAMES];
  guint  n;
  GMainLoop *loop;
} LiveLog;

static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          LiveLog       *log)
{
  gint64 t0 = proprio_clock_now_us ();

  proprio_frame_get_texture (frame);
  log->texture[log->n] = proprio_clock_now_us () - t0;
  log->latency[log->n] = proprio_clock_now_us () - proprio_frame_get_time_us (frame);
  if (++log->n == LIVE_FRAMES)
    g_main_loop_quit (log->loop);
}

static void
bench_live (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(GError) error = NULL;
  LiveLog *log = g_new0 (LiveLog, 1);

  log->loop = g_main_loop_new (NULL, FALSE);
  if (!proprio_camera_set_spec (camera, "test", &error) || !proprio_camera_start (camera, &error))
    g_error ("%s", error->message);
  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), log);
  g_main_loop_run (log->loop);

  printf ("Live path, test pattern 1280x720@30, mirror on, delay branch recording:\n");
  print_stats ("capture time → texture ready", log->latency, log->n);
  print_stats ("GdkMemoryTexture creation (zero copy)", log->texture, log->n);
  printf ("  fps %.1f, dropped %" G_GUINT64_FORMAT "\n\n", proprio_camera_get_fps (camera),
          proprio_camera_get_dropped (camera));
  proprio_camera_stop (camera);
  g_main_loop_unref (log->loop);
  g_free (log);
}

/* --- 2. delay buffer encode / decode --- */

#define CODEC_FRAMES 120

static gint64
run_pipeline (const char *description,
              GPtrArray  *jpegs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  gint64 t0, elapsed;

  if (pipeline == NULL)
    g_error ("%s", error->message);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  t0 = proprio_clock_now_us ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      g_autoptr(GstSample) sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
      GstMapInfo map;
      GstBuffer *buffer;

      if (sample == NULL)
        break;
      buffer = gst_sample_get_buffer (sample);
      if (jpegs != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_ptr_array_add (jpegs, g_bytes_new (map.data, map.size));
          gst_buffer_unmap (buffer, &map);
        }
    }
  elapsed = proprio_clock_now_us () - t0;
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return elapsed;
}

static void
bench_codec (const char *pattern)
{
  g_autofree char *base = NULL;
  g_autofree char *branch = NULL;
  g_autoptr(GPtrArray) jpegs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 source_us, branch_us, decode[CODEC_FRAMES], decode_gdk[CODEC_FRAMES];
  gsize total = 0, max = 0;

  base = g_strdup_printf ("videotestsrc pattern=%s num-buffers=%d "
                          "! video/x-raw,format=BGRA,width=1280,height=720,framerate=30/1 "
                          "! appsink name=sink sync=false", pattern, CODEC_FRAMES);
  branch = g_strdup_printf ("videotestsrc pattern=%s num-buffers=%d "
                            "! video/x-raw,format=BGRA,width=1280,height=720,framerate=30/1 "
                            "! videoscale ! videoconvert "
                            "! video/x-raw,format=I420,colorimetry=1:4:0:0,width=%d,height=360 "
                            "! jpegenc quality=75 ! appsink name=sink sync=false",
                            pattern, CODEC_FRAMES, PROPRIO_CAMERA_DELAY_WIDTH);
  source_us = run_pipeline (base, NULL);
  branch_us = run_pipeline (branch, jpegs);

  for (guint i = 0; i < jpegs->len; i++)
    {
      GBytes *b = g_ptr_array_index (jpegs, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioFrame) frame = NULL;
      gint64 t0 = proprio_clock_now_us ();

      /* What the camera does for the frame it shows, and the texture the view then makes. */
      frame = proprio_frame_new_from_jpeg (b, t0, &error);
      if (frame == NULL)
        g_error ("%s", error->message);
      proprio_frame_get_texture (frame);
      decode[i] = proprio_clock_now_us () - t0;

      /* For comparison within this run: GTK's own loader, which the camera used before. */
      {
        g_autoptr(GdkTexture) texture = NULL;

        t0 = proprio_clock_now_us ();
        texture = gdk_texture_new_from_bytes (b, &error);
        decode_gdk[i] = proprio_clock_now_us () - t0;
        if (texture == NULL)
          g_error ("%s", error->message);
      }
      total += g_bytes_get_size (b);
      max = MAX (max, g_bytes_get_size (b));
    }

  printf ("Delay buffer, pattern=%s (720p BGRA in, %dx360 JPEG q75 stored):\n", pattern,
          PROPRIO_CAMERA_DELAY_WIDTH);
  printf ("  encode branch (scale + convert + jpegenc)    %7.2f ms/frame\n",
          (branch_us - source_us) / 1000.0 / CODEC_FRAMES);
  printf ("  JPEG size                                    mean %6.1f kB   max %6.1f kB\n",
          total / 1000.0 / jpegs->len, max / 1000.0);
  printf ("  30 s at 30 fps (900 frames)                  %6.1f MB of %u MiB budget\n",
          900.0 * (total / (double) jpegs->len + PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD) / 1e6,
          PROPRIO_CAMERA_DELAY_BUDGET / (1024 * 1024));
  print_stats ("decode shown frame (gdk-pixbuf + texture)", decode, jpegs->len);
  print_stats ("  for comparison: gdk_texture_new_from_bytes", decode_gdk, jpegs->len);
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  bench_live ();
  bench_codec ("smpte");
  bench_codec ("ball");
  bench_codec ("snow");
  return 0;
}
