/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/proprio-clock.h"
#include "proprio-camera-pipeline-private.h"
#include "proprio-camera-source.h"

/* A frame time further than this from its arrival is not trusted (a source with a clock of its
 * own, a broken driver): the arrival time is used instead. */
#define MAX_TIME_SKEW_US (2 * G_USEC_PER_SEC)


/* Frames closer than this to the last one let through are left out of the tracking: 80 % of the
 * period at the highest rate, so a camera at that rate with some jitter loses none. */
#define TRACK_MIN_INTERVAL (GST_SECOND / PROPRIO_CAMERA_TRACK_MAX_FPS * 4 / 5)

/* Frames missing before @buffer, judged by its time: the source skipped them (a V4L2 sequence
 * gap shows as a time gap too) or a leaky queue dropped them because a thread fell behind. */
guint64
_proprio_pipeline_frames_missing (GstClockTime *last_pts,
                GstBuffer    *buffer,
                GstClockTime  min_step)
{
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstClockTime duration = GST_BUFFER_DURATION (buffer);
  GstClockTime last = *last_pts;
  guint64 steps;

  /* A branch that keeps one frame in so many expects steps of at least min_step. */
  if (GST_CLOCK_TIME_IS_VALID (duration) && duration < min_step)
    duration = min_step;
  *last_pts = pts;
  if (!GST_CLOCK_TIME_IS_VALID (pts) || !GST_CLOCK_TIME_IS_VALID (last)
      || !GST_CLOCK_TIME_IS_VALID (duration) || duration == 0 || pts <= last)
    return 0;
  steps = (pts - last + duration / 2) / duration;
  return steps > 1 ? steps - 1 : 0;
}

/* Buffer times are running times; adding the base time gives the pipeline clock's time, which
 * is CLOCK_MONOTONIC in nanoseconds because we make the pipeline use the system clock. */
gint64
_proprio_pipeline_sample_time_us (ProprioCameraPipeline *self,
                GstSample             *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  gint64 now = proprio_clock_now_us ();
  GstClockTime running, base;
  gint64 t_us;

  if (!self->monotonic || !GST_BUFFER_PTS_IS_VALID (buffer) || segment == NULL)
    return now;
  running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  base = gst_element_get_base_time (self->pipeline);
  if (!GST_CLOCK_TIME_IS_VALID (running) || !GST_CLOCK_TIME_IS_VALID (base))
    return now;
  t_us = (gint64) ((base + running) / GST_USECOND);
  if (t_us > now + MAX_TIME_SKEW_US || t_us < now - MAX_TIME_SKEW_US)
    return now;
  return t_us;
}

static GstFlowReturn
on_live_sample (GstAppSink *sink,
                gpointer    user_data)
{
  ProprioCameraPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GError) error = NULL;
  ProprioFrame *frame;
  GstCaps *caps;
  guint64 missing;

  if (sample == NULL)
    return GST_FLOW_EOS;

  caps = gst_sample_get_caps (sample);
  if (caps != self->live_caps)
    {
      if (caps == NULL || !gst_video_info_from_caps (&self->live_info, caps))
        return GST_FLOW_NOT_NEGOTIATED;
      gst_caps_replace (&self->live_caps, caps);
    }

  frame = proprio_frame_new_from_buffer (gst_sample_get_buffer (sample), &self->live_info,
                                         _proprio_pipeline_sample_time_us (self, sample), &error);
  if (frame == NULL)
    {
      GST_ELEMENT_ERROR (self->pipeline, STREAM, FORMAT, ("%s", error->message), (NULL));
      return GST_FLOW_ERROR;
    }
  missing = _proprio_pipeline_frames_missing (&self->last_pts, gst_sample_get_buffer (sample), 0);

  /* Counted under the same lock as the mailbox, so that whoever takes a frame also takes
   * exactly the losses that came before it. */
  g_mutex_lock (&self->lock);
  if (self->detached)
    {
      g_mutex_unlock (&self->lock);
      proprio_frame_unref (frame);
      return GST_FLOW_OK;
    }
  self->lost += missing;
  if (self->mailbox != NULL)
    {
      proprio_frame_unref (self->mailbox);
      self->lost++;
    }
  self->mailbox = frame;
  /* Thread-safe, and idempotent until the source runs: one wake-up however many frames came.
   * Under the lock, so that once detached the wake source (which the camera may destroy) is
   * never touched again. */
  g_source_set_ready_time (self->wake, 0);
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_delay_sample (GstAppSink *sink,
                 gpointer    user_data)
{
  ProprioCameraPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GBytes) bytes = NULL;
  GstBuffer *buffer;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;

  buffer = gst_sample_get_buffer (sample);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  /* A copy, not a wrapped buffer: the encoder's output memory is sized for the worst case, and
   * the budget must count what is really held. */
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  /* Under the lock: once detached returns, no frame of this pipeline reaches the buffer. */
  g_mutex_lock (&self->delay_lock);
  if (!self->delay_detached)
    proprio_delay_buffer_push (self->delay, _proprio_pipeline_sample_time_us (self, sample), bytes);
  g_mutex_unlock (&self->delay_lock);
  return GST_FLOW_OK;
}

/* On the tracking branch's streaming thread: the scaled frame goes to the tracker as it is
 * (mapped, no copy), and its sample into the angle ring. */
static GstFlowReturn
on_tracking_sample (GstAppSink *sink,
                    gpointer    user_data)
{
  ProprioCameraPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  ProprioMarkerFrame marker_frame;
  GstVideoFrame frame;
  GstBuffer *buffer;
  GstCaps *caps;
  gboolean restart;
  guint64 missing;
  gint64 t_us;

  if (sample == NULL)
    return GST_FLOW_EOS;

  caps = gst_sample_get_caps (sample);
  if (caps != self->tracking_caps)
    {
      if (caps == NULL || !gst_video_info_from_caps (&self->tracking_info, caps))
        return GST_FLOW_NOT_NEGOTIATED;
      gst_caps_replace (&self->tracking_caps, caps);
    }
  buffer = gst_sample_get_buffer (sample);
  /* While the valve was closed no frame was lost, but the first sample after it does follow a
   * gap. */
  restart = g_atomic_int_compare_and_exchange (&self->tracking_restart, TRUE, FALSE);
  if (restart)
    self->tracking_last_pts = GST_CLOCK_TIME_NONE;
  missing = _proprio_pipeline_frames_missing (&self->tracking_last_pts, buffer,
                            gst_util_uint64_scale_int (GST_SECOND, 1,
                                                       PROPRIO_CAMERA_TRACK_MAX_FPS));
  t_us = _proprio_pipeline_sample_time_us (self, sample);
  if (!gst_video_frame_map (&frame, &self->tracking_info, buffer, GST_MAP_READ))
    return GST_FLOW_OK;

  marker_frame = (ProprioMarkerFrame) {
    .data = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
    .width = GST_VIDEO_FRAME_WIDTH (&frame),
    .height = GST_VIDEO_FRAME_HEIGHT (&frame),
    .stride = (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
    /* BGRA as negotiated: the tracker ignores the alpha byte. */
    .format = PROPRIO_PIXEL_FORMAT_BGRX,
  };
  /* Under the lock: once detached returns, no frame of this pipeline reaches the ring. */
  g_mutex_lock (&self->tracking_lock);
  if (!self->tracking_detached)
    proprio_tracking_sink_process (self->tracking, &marker_frame, t_us, missing, restart);
  g_mutex_unlock (&self->tracking_lock);
  gst_video_frame_unmap (&frame);
  return GST_FLOW_OK;
}

/* Before a branch's queue, on the source's thread: a camera faster than the branch's rate has
 * frames left out here, before they cost a copy or a scale. @user_data: the branch's last kept
 * time; the interval is the probe's data pointer's neighbour (see _proprio_pipeline_add_rate_probe). */
typedef struct
{
  GstClockTime *kept_pts;
  GstClockTime  min_interval;
} RateProbe;

static GstPadProbeReturn
rate_probe (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  RateProbe *probe = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);
  GstClockTime kept = *probe->kept_pts;

  if (GST_CLOCK_TIME_IS_VALID (pts) && GST_CLOCK_TIME_IS_VALID (kept)
      && pts > kept && pts - kept < probe->min_interval)
    return GST_PAD_PROBE_DROP;
  *probe->kept_pts = pts;
  return GST_PAD_PROBE_OK;
}

void
_proprio_pipeline_add_rate_probe (GstElement   *queue,
                GstClockTime *kept_pts,
                GstClockTime  min_interval)
{
  g_autoptr(GstPad) pad = gst_element_get_static_pad (queue, "sink");
  RateProbe *probe = g_new (RateProbe, 1);

  probe->kept_pts = kept_pts;
  probe->min_interval = min_interval;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, rate_probe, probe, g_free);
}

GstElement *
_proprio_pipeline_make_capsfilter (GstCaps *caps)
{
  GstElement *e = gst_element_factory_make ("capsfilter", NULL);

  g_object_set (e, "caps", caps, NULL);
  return e;
}

/* Adds @chain to @bin (which then owns it, linked or not) and links it in order. */
gboolean
_proprio_pipeline_add_chain (GstBin      *bin,
           GstElement **chain,
           guint        n,
           GError     **error)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < n; i++)
    gst_bin_add (bin, chain[i]);
  for (guint i = 0; ok && i + 1 < n; i++)
    if (!gst_element_link (chain[i], chain[i + 1]))
      {
        g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                     _("The video pipeline could not be linked (%s to %s)"),
                     GST_ELEMENT_NAME (chain[i]), GST_ELEMENT_NAME (chain[i + 1]));
        ok = FALSE;
      }
  return ok;
}

void
_proprio_pipeline_set_leaky (GstElement *queue,
           guint       max_buffers)
{
  /* leaky=downstream: a full queue drops its oldest buffer, never blocks the source. */
  g_object_set (queue, "leaky", 2, "max-size-buffers", max_buffers,
                "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
}

/* Creates every factory in @factories into @out, or none: on failure what was made is dropped
 * and @error names the first missing factory. */
gboolean
_proprio_pipeline_make_all (const char * const *factories,
          GstElement        **out,
          guint               n,
          GError            **error)
{
  for (guint i = 0; i < n; i++)
    {
      out[i] = gst_element_factory_make (factories[i], NULL);
      if (out[i] == NULL)
        {
          for (guint j = 0; j < i; j++)
            gst_object_unref (gst_object_ref_sink (out[j]));
          g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                       _("The GStreamer element “%s” is missing: install the GStreamer base and "
                         "good plugins"), factories[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* Before the tee, on the source's thread: the mirror image, made in place. videoflip did this at
 * 3 ns a pixel (a third of the Mirror page's CPU at 720p30); reversing each row of 32-bit pixels,
 * four at a time where SSE2 is there (every x86-64), is several times cheaper. Every branch sees
 * the same picture, as the patient does. */
static GstPadProbeReturn
flip_probe (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         user_data)
{
  ProprioCameraPipeline *self = user_data;
  GstBuffer *buffer;
  GstVideoFrame frame;

  if (!g_atomic_int_get (&self->mirror))
    return GST_PAD_PROBE_OK;
  /* A copy only when someone else holds the frame too (a source's own buffer pool does not). */
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  if (!gst_video_frame_map (&frame, &self->flip_info, buffer, GST_MAP_READWRITE))
    return GST_PAD_PROBE_OK;
  for (int y = 0; y < GST_VIDEO_FRAME_HEIGHT (&frame); y++)
    {
      guint32 *row = (guint32 *) (gpointer) ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                                             + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));

      int l = 0, r = GST_VIDEO_FRAME_WIDTH (&frame) - 1;

#ifdef __SSE2__
      /* Four pixels from each end at a time, each group reversed in a register. */
      for (; r - l + 1 >= 8; l += 4, r -= 4)
        {
          __m128i a = _mm_loadu_si128 ((const __m128i *) (gpointer) (row + l));
          __m128i b = _mm_loadu_si128 ((const __m128i *) (gpointer) (row + r - 3));

          _mm_storeu_si128 ((__m128i *) (gpointer) (row + l),
                            _mm_shuffle_epi32 (b, _MM_SHUFFLE (0, 1, 2, 3)));
          _mm_storeu_si128 ((__m128i *) (gpointer) (row + r - 3),
                            _mm_shuffle_epi32 (a, _MM_SHUFFLE (0, 1, 2, 3)));
        }
#endif
      for (; l < r; l++, r--)
        {
          guint32 t = row[l];

          row[l] = row[r];
          row[r] = t;
        }
    }
  gst_video_frame_unmap (&frame);
  return GST_PAD_PROBE_OK;
}

/* Before the delay branch's queue: while no delay is shown, one frame in DELAY_IDLE_INTERVAL is
 * encoded rather than every one, so that a delay switched on has its past at once (at that lower
 * rate for its first seconds) without paying a JPEG encode per frame all session. */
#define DELAY_IDLE_INTERVAL (GST_SECOND / 8)

static GstPadProbeReturn
delay_probe (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         user_data)
{
  ProprioCameraPipeline *self = user_data;
  GstClockTime pts = GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info));
  GstClockTime kept = self->delay_kept_pts;

  if (!proprio_delay_buffer_get_in_use (self->delay) && GST_CLOCK_TIME_IS_VALID (pts) &&
      GST_CLOCK_TIME_IS_VALID (kept) && pts > kept && pts - kept < DELAY_IDLE_INTERVAL)
    return GST_PAD_PROBE_DROP;
  self->delay_kept_pts = pts;
  return GST_PAD_PROBE_OK;
}

static gboolean
build_delay_branch (ProprioCameraPipeline             *self,
                    const ProprioCameraPipelineConfig *config,
                    GstElement                        *tee,
                    GError                           **error)
{
  static const char * const factories[] = {
    "queue", "videoscale", "videoconvert", "jpegenc", "appsink",
  };
  GstAppSinkCallbacks callbacks = { .new_sample = on_delay_sample };
  g_autoptr(GstCaps) caps = NULL;
  /* Never wider than the live frames: upscaling would only cost bytes. */
  int dw = MIN (config->delay_width > 0 ? config->delay_width : 640, config->width) / 2 * 2;
  /* Keep the aspect ratio and an even height, as I420 wants. */
  int dh = (int) (((gint64) dw * config->height / config->width + 1) / 2 * 2);
  GstElement *made[5];
  GstElement *chain[6];

  if (!_proprio_pipeline_make_all (factories, made, G_N_ELEMENTS (factories), error))
    return FALSE;
  /* JPEG files are full range (JFIF); jpegenc copies the planes as they are, so ask
   * videoconvert for full-range BT.601 or replayed whites come out grey (235). */
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                              "colorimetry", G_TYPE_STRING, "1:4:0:0",
                              "width", G_TYPE_INT, dw, "height", G_TYPE_INT, dh,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  _proprio_pipeline_set_leaky (made[0], 3);
  g_object_set (made[3], "quality", config->delay_quality > 0 ? config->delay_quality : 75,
                NULL);
  g_object_set (made[4], "sync", FALSE, "max-buffers", 4, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (made[4]), &callbacks, self, NULL);

  chain[0] = made[0];
  chain[1] = made[1];
  chain[2] = made[2];
  chain[3] = _proprio_pipeline_make_capsfilter (caps);
  chain[4] = made[3];
  chain[5] = made[4];
  if (!_proprio_pipeline_add_chain (GST_BIN (self->pipeline), chain, 6, error))
    return FALSE;
  if (!gst_element_link (tee, chain[0]))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video pipeline could not be linked (tee to delay)"));
      return FALSE;
    }
  {
    g_autoptr(GstPad) pad = gst_element_get_static_pad (made[0], "sink");

    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, delay_probe, self, NULL);
  }
  return TRUE;
}

static void
fit_within (int  width,
            int  height,
            int  max_width,
            int  max_height,
            int *out_width,
            int *out_height)
{
  double scale;

  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (out_width != NULL && out_height != NULL);

  scale = MIN (1.0, MIN ((double) max_width / width, (double) max_height / height));
  /* Even sides, as videoscale's BGRA output needs none but I420-minded sources expect. */
  *out_width = MAX (2, (int) (width * scale + 1) / 2 * 2);
  *out_height = MAX (2, (int) (height * scale + 1) / 2 * 2);
  *out_width = MIN (*out_width, MAX (2, width / 2 * 2));
  *out_height = MIN (*out_height, MAX (2, height / 2 * 2));
}

void
proprio_camera_tracking_size (int  width,
                              int  height,
                              int *out_width,
                              int *out_height)
{
  fit_within (width, height, PROPRIO_CAMERA_TRACK_MAX_WIDTH, PROPRIO_CAMERA_TRACK_MAX_HEIGHT,
              out_width, out_height);
}

void
proprio_camera_record_size (int  width,
                            int  height,
                            int *out_width,
                            int *out_height)
{
  fit_within (width, height, PROPRIO_CAMERA_RECORD_MAX_WIDTH, PROPRIO_CAMERA_RECORD_MAX_HEIGHT,
              out_width, out_height);
}

static gboolean
build_tracking_branch (ProprioCameraPipeline             *self,
                       const ProprioCameraPipelineConfig *config,
                       GstElement                        *tee,
                       GError                           **error)
{
  static const char * const factories[] = { "valve", "queue", "videoscale", "appsink" };
  enum { VALVE, QUEUE, SCALE, SINK, N_MADE };
  GstAppSinkCallbacks callbacks = { .new_sample = on_tracking_sample };
  g_autoptr(GstCaps) caps = NULL;
  GstElement *made[N_MADE];
  GstElement *chain[5];
  int tw, th;

  if (!_proprio_pipeline_make_all (factories, made, N_MADE, error))
    return FALSE;
  proprio_camera_tracking_size (config->width, config->height, &tw, &th);
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA",
                              "width", G_TYPE_INT, tw, "height", G_TYPE_INT, th,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  self->valve = made[VALVE];
  /* Closed, it still passes the caps and segment on, so the branch is negotiated from the
   * start and opening it later costs nothing but the frames. */
  gst_util_set_object_arg (G_OBJECT (made[VALVE]), "drop-mode", "forward-sticky-events");
  g_object_set (made[VALVE], "drop", !config->tracking_on, NULL);
  _proprio_pipeline_set_leaky (made[QUEUE], 1);
  /* Not async: with the valve closed this sink never prerolls, and a sink the pipeline waits
   * for would hold every other branch at its first frame. */
  g_object_set (made[SINK], "sync", FALSE, "async", FALSE, "max-buffers", 1, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (made[SINK]), &callbacks, self, NULL);

  chain[0] = made[VALVE];
  chain[1] = made[QUEUE];
  chain[2] = made[SCALE];
  chain[3] = _proprio_pipeline_make_capsfilter (caps);
  chain[4] = made[SINK];
  if (!_proprio_pipeline_add_chain (GST_BIN (self->pipeline), chain, 5, error))
    return FALSE;
  _proprio_pipeline_add_rate_probe (made[QUEUE], &self->tracking_kept_pts, TRACK_MIN_INTERVAL);
  if (!gst_element_link (tee, chain[0]))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video pipeline could not be linked (tee to tracking)"));
      return FALSE;
    }
  return TRUE;
}

ProprioCameraPipeline *
proprio_camera_pipeline_new (const ProprioCameraPipelineConfig  *config,
                             GError                            **error)
{
  static const char * const factories[] = {
    "jpegdec", "videoconvert", "videoscale", "tee", "queue", "appsink",
  };
  enum { DEC, CONVERT, SCALE, TEE, QUEUE, SINK, N_MADE };
  ProprioCameraPipeline *self;
  GstAppSinkCallbacks callbacks = { .new_sample = on_live_sample };
  g_autoptr(GstClock) clock = NULL;
  g_autoptr(GstCaps) out_caps = NULL;
  GstElement *made[N_MADE];
  GstElement *chain[8];
  GstElement *live[2];
  gboolean jpeg = FALSE;
  gboolean linked;
  guint n = 0;
  int clock_type = GST_CLOCK_TYPE_REALTIME;

  g_return_val_if_fail (config != NULL && GST_IS_ELEMENT (config->source), NULL);
  g_return_val_if_fail (config->width > 0 && config->height > 0, NULL);
  g_return_val_if_fail (config->wake != NULL, NULL);

  if (!_proprio_pipeline_make_all (factories, made, N_MADE, error))
    {
      if (config->source_fd >= 0)
        g_close (config->source_fd, NULL);
      return NULL;
    }

  self = g_new0 (ProprioCameraPipeline, 1);
  g_mutex_init (&self->lock);
  g_mutex_init (&self->delay_lock);
  g_mutex_init (&self->tracking_lock);
  g_mutex_init (&self->record_lock);
  self->record_detached = TRUE;
  self->record_last_pts = GST_CLOCK_TIME_NONE;
  self->record_kept_pts = GST_CLOCK_TIME_NONE;
  self->recording = config->recording ? proprio_record_sink_ref (config->recording) : NULL;
  self->source_fd = config->source_fd;
  self->detached = TRUE;
  self->delay_detached = TRUE;
  self->tracking_detached = TRUE;
  self->last_pts = GST_CLOCK_TIME_NONE;
  self->tracking_last_pts = GST_CLOCK_TIME_NONE;
  self->tracking_kept_pts = GST_CLOCK_TIME_NONE;
  self->tracking = config->tracking ? proprio_tracking_sink_ref (config->tracking) : NULL;
  self->wake = g_source_ref (config->wake);
  self->delay = config->delay ? proprio_delay_buffer_ref (config->delay) : NULL;
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("proprio-camera"));
  self->source = gst_object_ref_sink (config->source);
  self->delay_kept_pts = GST_CLOCK_TIME_NONE;
  g_atomic_int_set (&self->mirror, config->mirror);
  gst_video_info_set_format (&self->flip_info, GST_VIDEO_FORMAT_BGRA, config->width,
                             config->height);

  /* One clock for frames and samples: the system clock, checked to be the monotonic one. A
   * source that offers its own clock (pipewiresrc) is not allowed to replace it. */
  clock = gst_system_clock_obtain ();
  g_object_get (clock, "clock-type", &clock_type, NULL);
  self->monotonic = clock_type == GST_CLOCK_TYPE_MONOTONIC;
  gst_pipeline_use_clock (GST_PIPELINE (self->pipeline), clock);

  chain[n++] = self->source;
  if (config->source_caps != NULL)
    {
      chain[n++] = _proprio_pipeline_make_capsfilter (config->source_caps);
      jpeg = gst_structure_has_name (gst_caps_get_structure (config->source_caps, 0),
                                     "image/jpeg");
    }
  if (jpeg)
    chain[n++] = made[DEC];
  else
    gst_object_unref (gst_object_ref_sink (made[DEC]));
  chain[n++] = made[CONVERT];
  chain[n++] = made[SCALE];
  out_caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "BGRA",
                                  "width", G_TYPE_INT, config->width,
                                  "height", G_TYPE_INT, config->height,
                                  "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  chain[n++] = _proprio_pipeline_make_capsfilter (out_caps);
  chain[n++] = made[TEE];

  live[0] = made[QUEUE];
  _proprio_pipeline_set_leaky (live[0], 1);
  live[1] = made[SINK];
  g_object_set (live[1], "sync", FALSE, "max-buffers", 1, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (live[1]), &callbacks, self, NULL);

  /* Both chains go into the bin whatever happens, so that freeing the pipeline frees them. */
  linked = _proprio_pipeline_add_chain (GST_BIN (self->pipeline), chain, n, error);
  if (!_proprio_pipeline_add_chain (GST_BIN (self->pipeline), live, 2, linked ? error : NULL) || !linked)
    goto fail;
  if (!gst_element_link (made[TEE], live[0]))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video pipeline could not be linked (tee to live)"));
      goto fail;
    }
  {
    g_autoptr(GstPad) pad = gst_element_get_static_pad (made[TEE], "sink");

    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, flip_probe, self, NULL);
  }
  if (self->delay != NULL && !build_delay_branch (self, config, made[TEE], error))
    goto fail;
  if (self->tracking != NULL && !build_tracking_branch (self, config, made[TEE], error))
    goto fail;
  if (self->recording != NULL && !_proprio_camera_pipeline_build_record_branch (self, config, made[TEE], error))
    goto fail;

  return self;

fail:
  proprio_camera_pipeline_free (self);
  return NULL;
}

gboolean
proprio_camera_pipeline_play (ProprioCameraPipeline  *self,
                              GError                **error)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GError) gst_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    return TRUE;

  /* The element that failed said why on the bus; that message is what the user needs. */
  bus = gst_element_get_bus (self->pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (message != NULL)
    gst_message_parse_error (message, &gst_error, NULL);
  g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
               _("The camera could not be started: %s"),
               gst_error ? gst_error->message : _("unknown error"));
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  return FALSE;
}

void
proprio_camera_pipeline_free (ProprioCameraPipeline *self)
{
  if (self == NULL)
    return;

  /* Joins the streaming threads: no callback runs after this. */
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  gst_clear_object (&self->pipeline);
  gst_clear_object (&self->source);
  gst_clear_caps (&self->live_caps);
  gst_clear_caps (&self->tracking_caps);
  g_clear_pointer (&self->tracking, proprio_tracking_sink_unref);
  g_clear_pointer (&self->recording, proprio_record_sink_unref);
  g_clear_pointer (&self->mailbox, proprio_frame_unref);
  g_clear_pointer (&self->delay, proprio_delay_buffer_unref);
  g_clear_pointer (&self->wake, g_source_unref);
  /* The source may have used the descriptor up to here (pipewiresrc's connection). */
  if (self->source_fd >= 0)
    g_close (self->source_fd, NULL);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->delay_lock);
  g_mutex_clear (&self->tracking_lock);
  g_mutex_clear (&self->record_lock);
  g_free (self);
}

void
proprio_camera_pipeline_set_attached (ProprioCameraPipeline *self,
                                      gboolean               attached)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->detached = !attached;
  if (attached && self->mailbox != NULL)
    g_source_set_ready_time (self->wake, 0);
  g_mutex_unlock (&self->lock);
  g_mutex_lock (&self->delay_lock);
  self->delay_detached = !attached;
  g_mutex_unlock (&self->delay_lock);
  g_mutex_lock (&self->tracking_lock);
  self->tracking_detached = !attached;
  g_mutex_unlock (&self->tracking_lock);
  g_mutex_lock (&self->record_lock);
  self->record_detached = !attached;
  g_mutex_unlock (&self->record_lock);
}

void
proprio_camera_pipeline_set_tracking (ProprioCameraPipeline *self,
                                      gboolean               tracking)
{
  gboolean dropping;

  g_return_if_fail (self != NULL);

  if (self->valve == NULL)
    return;
  g_object_get (self->valve, "drop", &dropping, NULL);
  if (dropping == !tracking)
    return;
  if (tracking)
    g_atomic_int_set (&self->tracking_restart, TRUE);
  g_object_set (self->valve, "drop", !tracking, NULL);
}

GstBus *
proprio_camera_pipeline_get_bus (ProprioCameraPipeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return gst_element_get_bus (self->pipeline);
}

GstElement *
proprio_camera_pipeline_get_source (ProprioCameraPipeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

void
proprio_camera_pipeline_set_mirror (ProprioCameraPipeline *self,
                                    gboolean               mirror)
{
  g_return_if_fail (self != NULL);

  g_atomic_int_set (&self->mirror, !!mirror);
}

ProprioFrame *
proprio_camera_pipeline_take_frame (ProprioCameraPipeline *self,
                                    guint64               *lost)
{
  ProprioFrame *frame;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  frame = g_steal_pointer (&self->mailbox);
  if (lost != NULL)
    *lost = self->lost;
  self->lost = 0;
  g_mutex_unlock (&self->lock);
  return frame;
}
