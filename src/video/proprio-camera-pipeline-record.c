/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The recording branch of a camera pipeline: the frames a session records, as JPEG. */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>

#include "proprio-camera-pipeline-private.h"

/* Frames closer than this to the last one let through are not recorded (as for tracking). */
#define RECORD_MIN_INTERVAL (GST_SECOND / PROPRIO_CAMERA_RECORD_MAX_FPS * 4 / 5)

/* On the recording branch's streaming thread: the encoded frame, copied (the encoder's memory is
 * sized for the worst case), goes to the camera's record sink. */
static GstFlowReturn
on_record_sample (GstAppSink *sink,
                  gpointer    user_data)
{
  ProprioCameraPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GBytes) bytes = NULL;
  GstStructure *structure;
  GstBuffer *buffer;
  GstMapInfo map;
  guint64 missing;
  int width = 0, height = 0;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (g_atomic_int_compare_and_exchange (&self->record_restart, TRUE, FALSE))
    self->record_last_pts = GST_CLOCK_TIME_NONE;
  missing = _proprio_pipeline_frames_missing (&self->record_last_pts, buffer,
                            gst_util_uint64_scale_int (GST_SECOND, 1,
                                                       PROPRIO_CAMERA_RECORD_MAX_FPS));
  structure = gst_sample_get_caps (sample) != NULL
              ? gst_caps_get_structure (gst_sample_get_caps (sample), 0) : NULL;
  if (structure != NULL)
    {
      gst_structure_get_int (structure, "width", &width);
      gst_structure_get_int (structure, "height", &height);
    }
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  /* Under the lock: once detached returns, no frame of this pipeline reaches the sink. */
  g_mutex_lock (&self->record_lock);
  if (!self->record_detached)
    proprio_record_sink_push (self->recording, _proprio_pipeline_sample_time_us (self, sample), bytes, width,
                              height, missing);
  g_mutex_unlock (&self->record_lock);
  return GST_FLOW_OK;
}

/* tee ! valve ! queue ! videoscale ! videoconvert ! I420 (full range) ! jpegenc ! appsink */
gboolean
_proprio_camera_pipeline_build_record_branch (ProprioCameraPipeline             *self,
                     const ProprioCameraPipelineConfig *config,
                     GstElement                        *tee,
                     GError                           **error)
{
  static const char * const factories[] = {
    "valve", "queue", "videoscale", "videoconvert", "jpegenc", "appsink",
  };
  enum { VALVE, QUEUE, SCALE, CONVERT, ENC, SINK, N_MADE };
  GstAppSinkCallbacks callbacks = { .new_sample = on_record_sample };
  g_autoptr(GstCaps) caps = NULL;
  GstElement *made[N_MADE];
  GstElement *chain[N_MADE + 1];
  int rw, rh;

  if (!_proprio_pipeline_make_all (factories, made, N_MADE, error))
    return FALSE;
  proprio_camera_record_size (config->width, config->height, &rw, &rh);
  /* Full-range BT.601 as JPEG files are (see the delay branch). */
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                              "colorimetry", G_TYPE_STRING, "1:4:0:0",
                              "width", G_TYPE_INT, rw, "height", G_TYPE_INT, rh,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  self->record_valve = made[VALVE];
  gst_util_set_object_arg (G_OBJECT (made[VALVE]), "drop-mode", "forward-sticky-events");
  g_object_set (made[VALVE], "drop", !config->recording_on, NULL);
  _proprio_pipeline_set_leaky (made[QUEUE], 2);
  g_object_set (made[ENC], "quality", PROPRIO_CAMERA_RECORD_QUALITY, NULL);
  /* Not async, like the tracking sink: with the valve closed it never prerolls. */
  g_object_set (made[SINK], "sync", FALSE, "async", FALSE, "max-buffers", 2, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (made[SINK]), &callbacks, self, NULL);

  chain[0] = made[VALVE];
  chain[1] = made[QUEUE];
  chain[2] = made[SCALE];
  chain[3] = made[CONVERT];
  chain[4] = _proprio_pipeline_make_capsfilter (caps);
  chain[5] = made[ENC];
  chain[6] = made[SINK];
  if (!_proprio_pipeline_add_chain (GST_BIN (self->pipeline), chain, G_N_ELEMENTS (chain), error))
    return FALSE;
  _proprio_pipeline_add_rate_probe (made[QUEUE], &self->record_kept_pts, RECORD_MIN_INTERVAL);
  if (!gst_element_link (tee, chain[0]))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video pipeline could not be linked (tee to recording)"));
      return FALSE;
    }
  return TRUE;
}

void
proprio_camera_pipeline_set_recording (ProprioCameraPipeline *self,
                                       gboolean               recording)
{
  gboolean dropping;

  g_return_if_fail (self != NULL);

  if (self->record_valve == NULL)
    return;
  g_object_get (self->record_valve, "drop", &dropping, NULL);
  if (dropping == !recording)
    return;
  if (recording)
    g_atomic_int_set (&self->record_restart, TRUE);
  g_object_set (self->record_valve, "drop", !recording, NULL);
}
