/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints what the video path costs:
 *   1. capture → texture ready on the main thread, for the live camera path at 1280x720@30
 *      (videotestsrc stands in for the camera; the time includes conversion, flip and handoff),
 *      and which elements of the camera's pipeline copy or convert each frame (a transform not
 *      in passthrough writes a new buffer: a conversion when the format changes, a copy with
 *      work done — scaling, flipping — otherwise);
 *   2. the delay buffer's price per frame: the encode branch (1280x720 BGRA → 640x360 JPEG),
 *      bytes per frame and what 30 s at 30 fps then takes, and decoding the shown frame.
 * Picture content matters for JPEG: smpte is flat (best case), snow is noise (worst case); a
 * camera picture lies between. Ends with one JSON line per case.
 *   bench-video [--seconds N]     (N of live frames, default 5) */
#define G_LOG_DOMAIN "bench-video"

#include <gst/base/gstbasetransform.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/proprio-clock.h"
#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"
#include "widgets/proprio-frame-paintable.h"
#include "proprio-bench.h"

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

typedef struct
{
  gint64    *latency;
  gint64    *texture;
  guint      n, wanted;
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
  if (++log->n == log->wanted)
    g_main_loop_quit (log->loop);
}

/* Every transform between the source and the appsinks, and what it does to each frame. Returns
 * how many write a new buffer (not in passthrough), and how many of those change the format. */
static guint
describe_transforms (ProprioCamera *camera,
                     guint         *conversions_out,
                     guint         *delay_out)
{
  GstElement *source = proprio_camera_pipeline_get_source (camera->pipeline);
  g_autoptr(GstObject) bin = gst_element_get_parent (source);
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;
  guint writers = 0, conversions = 0, delay = 0;

  *conversions_out = *delay_out = 0;
  if (bin == NULL || !GST_IS_BIN (bin))
    return 0;
  it = gst_bin_iterate_sorted (GST_BIN (bin));
  printf ("  per-frame work of the camera pipeline (sinks first; 640x360: the delay branch):\n");
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *e = g_value_get_object (&item);
      g_autoptr(GstPad) sink = gst_element_get_static_pad (e, "sink");
      g_autoptr(GstPad) src = gst_element_get_static_pad (e, "src");
      g_autoptr(GstCaps) in = sink != NULL ? gst_pad_get_current_caps (sink) : NULL;
      g_autoptr(GstCaps) out = src != NULL ? gst_pad_get_current_caps (src) : NULL;
      const char *factory = GST_OBJECT_NAME (gst_element_get_factory (e));
      GstVideoInfo vi_in, vi_out;

      if (GST_IS_BASE_TRANSFORM (e) && in != NULL && out != NULL
          && gst_video_info_from_caps (&vi_in, in) && gst_video_info_from_caps (&vi_out, out))
        {
          /* In place (capsfilter) touches the same buffer: no copy either. */
          gboolean pass = gst_base_transform_is_passthrough (GST_BASE_TRANSFORM (e))
                          || gst_base_transform_is_in_place (GST_BASE_TRANSFORM (e));
          gboolean converts = GST_VIDEO_INFO_FORMAT (&vi_in) != GST_VIDEO_INFO_FORMAT (&vi_out);

          printf ("    %-14s %s %dx%d -> %s %dx%d: %s\n", factory,
                  gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&vi_in)),
                  vi_in.width, vi_in.height,
                  gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&vi_out)),
                  vi_out.width, vi_out.height,
                  pass ? "passthrough or in place (no copy)"
                       : converts ? "CONVERTS (a new buffer each frame)"
                                  : "COPIES (a new buffer each frame)");
          /* The delay branch makes the small frames (and what is made from them). */
          if (vi_out.width == PROPRIO_CAMERA_DELAY_WIDTH)
            delay += !pass;
          else
            {
              writers += !pass;
              conversions += !pass && converts;
            }
        }
      else if (!GST_IS_BASE_TRANSFORM (e))
        printf ("    %-14s\n", factory);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  *conversions_out = conversions;
  *delay_out = delay;
  return writers;
}

static void
bench_live (double seconds)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(GError) error = NULL;
  LiveLog *log = g_new0 (LiveLog, 1);
  guint writers, conversions, delay;
  gint64 latency_sorted_p50, texture_p50;

  log->wanted = MAX (30, (guint) (seconds * 30));
  log->latency = g_new0 (gint64, log->wanted);
  log->texture = g_new0 (gint64, log->wanted);
  log->loop = g_main_loop_new (NULL, FALSE);
  if (!proprio_camera_set_spec (camera, "test", &error) || !proprio_camera_start (camera, &error))
    g_error ("%s", error->message);
  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), log);
  g_main_loop_run (log->loop);

  printf ("Live path, test pattern 1280x720@30, mirror on, delay branch recording:\n");
  print_stats ("capture time → texture ready", log->latency, log->n);
  print_stats ("GdkMemoryTexture creation (zero copy)", log->texture, log->n);
  printf ("  fps %.1f, dropped %" G_GUINT64_FORMAT "\n", proprio_camera_get_fps (camera),
          proprio_camera_get_dropped (camera));
  writers = describe_transforms (camera, &conversions, &delay);
  printf ("  => live path: %u new buffer(s) a frame, %u of them a format conversion (the "
          "mirror's flip is a copy); delay branch: %u more (scale, convert; then JPEG); the "
          "texture is %s\n\n", writers, conversions, delay,
          log->texture[log->n / 2] < 100 ? "made over the mapped buffer (no copy)"
                                         : "slow to make: a copy?");
  latency_sorted_p50 = log->latency[log->n / 2];
  texture_p50 = log->texture[log->n / 2];
  proprio_bench_json ("video", "live-720p30", "p50_ms", latency_sorted_p50 / 1000.0,
                      "p99_ms",
                      log->latency[MIN (log->n - 1, (log->n * 99 + 99) / 100 - 1)] / 1000.0,
                      "texture_p50_ms", texture_p50 / 1000.0,
                      "live_copies_per_frame", (double) writers,
                      "live_conversions_per_frame", (double) conversions,
                      "delay_buffers_per_frame", (double) delay,
                      "fps", proprio_camera_get_fps (camera), NULL);
  proprio_camera_stop (camera);
  g_main_loop_unref (log->loop);
  g_free (log->latency);
  g_free (log->texture);
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
  {
    g_autofree char *name = g_strdup_printf ("delay-%s", pattern);

    proprio_bench_json ("video", name, "encode_ms", (branch_us - source_us) / 1000.0 / CODEC_FRAMES,
                        "jpeg_kb", total / 1000.0 / jpegs->len,
                        "mb_per_30s", 900.0 * (total / (double) jpegs->len
                                               + PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD) / 1e6,
                        "decode_p50_ms", decode[jpegs->len / 2] / 1000.0, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  double seconds;

  g_set_prgname ("bench-video");
  seconds = proprio_bench_parse_duration (&argc, &argv, 5, NULL);
  gst_init (&argc, &argv);
  bench_live (seconds);
  bench_codec ("smpte");
  bench_codec ("ball");
  bench_codec ("snow");
  return 0;
}
