/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-camera-private.h"

void
_proprio_camera_close_pipeline (ProprioCamera *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_pointer (&self->pipeline, proprio_camera_pipeline_free);
  self->fps_window_start_us = 0;
}

static void fall_back (ProprioCamera *self,
                       const char    *notice);

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  ProprioCamera *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *notice = NULL;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_EOS:
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &error, &debug);
      g_debug ("pipeline stopped: %s (%s)", error ? error->message : "end of stream",
               debug ? debug : "");
      if (self->pipeline_is_device)
        {
          notice = g_strdup_printf (_("The camera “%s” stopped (%s). Showing a test pattern "
                                      "until it is back."), self->source_label,
                                    error ? error->message : _("no more pictures"));
          /* Replaces this pipeline and its bus watch: stop dispatching this one. */
          fall_back (self, notice);
          return G_SOURCE_REMOVE;
        }
      notice = g_strdup_printf (_("The video stopped: %s"),
                                error ? error->message : _("no more pictures"));
      self->bus_watch = 0;
      _proprio_camera_close_pipeline (self);
      _proprio_camera_set_fps (self, 0);
      _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_ERROR, notice);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      gst_message_parse_warning (message, &error, &debug);
      g_debug ("pipeline warning: %s (%s)", error->message, debug ? debug : "");
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Builds and plays a pipeline from @source. On failure nothing is left running. */
static gboolean
play (ProprioCamera  *self,
      GstElement     *source,
      GstCaps        *source_caps,
      int             width,
      int             height,
      gboolean        is_device,
      GError        **error)
{
  ProprioCameraPipelineConfig config = {
    .source = source,
    .source_caps = source_caps,
    .width = width,
    .height = height,
    .mirror = self->mirror,
    .delay = self->delay_buffer,
    .delay_width = PROPRIO_CAMERA_DELAY_WIDTH,
    .wake = self->wake,
  };
  g_autoptr(GstBus) bus = NULL;

  _proprio_camera_close_pipeline (self);
  self->pipeline = proprio_camera_pipeline_new (&config, error);
  if (self->pipeline == NULL)
    return FALSE;
  self->pipeline_is_device = is_device;
  bus = proprio_camera_pipeline_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (!proprio_camera_pipeline_play (self->pipeline, error))
    {
      _proprio_camera_close_pipeline (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
play_test_pattern (ProprioCamera  *self,
                   gboolean        moving,
                   GError        **error)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstElement) src = gst_element_factory_make ("videotestsrc", NULL);

  if (src == NULL)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The GStreamer element “%s” is missing: install the GStreamer base and "
                     "good plugins"), "videotestsrc");
      return FALSE;
    }
  /* Hold a full reference of our own: the pipeline takes another. */
  gst_object_ref_sink (src);
  /* Live, so frames come at the frame rate and carry capture-like times. SMPTE bars differ
   * left to right, which makes mirroring visible; "sim" moves. */
  g_object_set (src, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (src), "pattern", moving ? "ball" : "smpte");
  caps = gst_caps_new_simple ("video/x-raw",
                              "width", G_TYPE_INT, self->spec->width,
                              "height", G_TYPE_INT, self->spec->height,
                              "framerate", GST_TYPE_FRACTION, self->spec->fps, 1, NULL);
  if (!play (self, src, caps, self->spec->width, self->spec->height, FALSE, error))
    return FALSE;
  _proprio_camera_set_source_label (self, _("Test pattern"));
  return TRUE;
}

static gboolean device_available (ProprioCamera *self);
static void     schedule_retry   (ProprioCamera *self,
                                  guint          seconds);

static gboolean
on_retry (gpointer user_data)
{
  ProprioCamera *self = user_data;

  self->retry_timer = 0;
  if (!self->running || self->state != PROPRIO_CAMERA_STATE_FALLBACK)
    return G_SOURCE_REMOVE;
  /* Looking is cheap (a list, a stat); reopening restarts the pipeline, so only when it can
   * work. */
  if (device_available (self))
    _proprio_camera_open_source (self);
  else
    schedule_retry (self, RETRY_POLL_S);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (ProprioCamera *self,
                guint          seconds)
{
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  self->retry_timer = g_timeout_add_seconds (seconds, on_retry, self);
}

static void
fall_back (ProprioCamera *self,
           const char    *notice)
{
  g_autoptr(GError) error = NULL;

  if (!play_test_pattern (self, FALSE, &error))
    {
      _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_ERROR, error->message);
      return;
    }
  _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_FALLBACK, notice);

  /* After a failed open, wait longer each time: a camera that is there but broken should not
   * restart the pipeline every two seconds. */
  schedule_retry (self, self->retry_interval_s);
  self->retry_interval_s = MIN (self->retry_interval_s * 2, RETRY_MAX_S);
}

static void
on_devices_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  ProprioCamera *self = user_data;

  /* A camera came: if it is the one awaited, use it now rather than at the next retry. */
  if (added > 0 && self->running && self->state == PROPRIO_CAMERA_STATE_FALLBACK)
    {
      self->retry_interval_s = RETRY_FIRST_S;
      g_clear_handle_id (&self->retry_timer, g_source_remove);
      self->retry_timer = g_idle_add (on_retry, self);
    }
}

static void
ensure_monitor (ProprioCamera *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor == NULL)
    proprio_camera_set_monitor (self, NULL);
  if (!proprio_camera_monitor_is_started (self->monitor)
      && !proprio_camera_monitor_start (self->monitor, &error))
    g_debug ("%s", error->message);
}

static gboolean
device_available (ProprioCamera *self)
{
  g_autoptr(GstDevice) device = NULL;

  ensure_monitor (self);
  device = proprio_camera_monitor_find (self->monitor, self->spec);
  return device != NULL
         || (self->spec->kind == PROPRIO_CAMERA_SOURCE_PATH
             && g_file_test (self->spec->path, G_FILE_TEST_EXISTS));
}

/* Asks a source that is not in the monitor (a device node without udev) what it can do. */
static GstCaps *
probe_caps (GstElement *source)
{
  g_autoptr(GstPad) pad = NULL;
  GstCaps *caps = NULL;

  if (gst_element_set_state (source, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (source, GST_STATE_NULL);
      return NULL;
    }
  pad = gst_element_get_static_pad (source, "src");
  if (pad != NULL)
    caps = gst_pad_query_caps (pad, NULL);
  gst_element_set_state (source, GST_STATE_NULL);
  return caps;
}

static gboolean
play_device (ProprioCamera  *self,
             GstDevice      *device,
             GError        **error)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstCaps) mode_caps = NULL;
  g_autoptr(GArray) modes = NULL;
  g_autofree char *label = NULL;
  ProprioCameraMode mode = { 0 };
  g_autoptr(GstElement) src = NULL;

  if (device != NULL)
    {
      src = proprio_camera_monitor_create_element (self->monitor, device);
      if (src != NULL)
        gst_object_ref_sink (src);
      caps = gst_device_get_caps (device);
      label = gst_device_get_display_name (device);
    }
  else
    {
      src = gst_element_factory_make ("v4l2src", NULL);
      if (src != NULL)
        {
          gst_object_ref_sink (src);
          g_object_set (src, "device", self->spec->path, NULL);
          caps = probe_caps (src);
        }
      label = g_strdup (self->spec->path);
    }
  if (src == NULL)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The camera “%s” cannot be opened: its GStreamer plugin is missing"), label);
      return FALSE;
    }

  modes = caps ? proprio_camera_modes_from_caps (caps) : NULL;
  if (modes != NULL
      && proprio_camera_mode_choose (modes, self->spec->width, self->spec->height,
                                     self->spec->fps, &mode))
    mode_caps = proprio_camera_mode_to_caps (&mode);
  else
    mode = (ProprioCameraMode) { self->spec->width, self->spec->height, self->spec->fps, 1 };

  _proprio_camera_set_source_label (self, label);
  return play (self, src, mode_caps, mode.width, mode.height, TRUE, error);
}

/* Why the camera asked for is not shown. */
static char *
missing_notice (ProprioCamera *self)
{
  switch (proprio_camera_monitor_get_access (self->monitor))
    {
    case PROPRIO_CAMERA_ACCESS_ASKING:
      return g_strdup (_("Asking for permission to use the camera. Showing a test pattern "
                         "meanwhile."));
    case PROPRIO_CAMERA_ACCESS_REFUSED:
      return g_strdup (proprio_camera_monitor_get_access_message (self->monitor));
    case PROPRIO_CAMERA_ACCESS_DIRECT:
    case PROPRIO_CAMERA_ACCESS_PORTAL:
    default:
      break;
    }
  if (self->spec->kind == PROPRIO_CAMERA_SOURCE_AUTO)
    return g_strdup (_("No camera found. Showing a test pattern; a camera plugged in will be "
                       "used."));
  return g_strdup_printf (_("The camera “%s” is not connected. Showing a test pattern until "
                            "it is."),
                          self->spec->path ? self->spec->path : self->spec->name);
}

void
_proprio_camera_open_source (ProprioCamera *self)
{
  g_autoptr(GstDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;

  g_clear_handle_id (&self->retry_timer, g_source_remove);

  switch (self->spec->kind)
    {
    case PROPRIO_CAMERA_SOURCE_NONE:
      _proprio_camera_close_pipeline (self);
      _proprio_camera_set_source_label (self, NULL);
      _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_STOPPED, NULL);
      return;

    case PROPRIO_CAMERA_SOURCE_TEST:
    case PROPRIO_CAMERA_SOURCE_SIM:
      if (play_test_pattern (self, self->spec->kind == PROPRIO_CAMERA_SOURCE_SIM, &error))
        _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_PLAYING, NULL);
      else
        _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_ERROR, error->message);
      return;

    case PROPRIO_CAMERA_SOURCE_AUTO:
    case PROPRIO_CAMERA_SOURCE_PATH:
    case PROPRIO_CAMERA_SOURCE_NAME:
    default:
      break;
    }

  ensure_monitor (self);
  device = proprio_camera_monitor_find (self->monitor, self->spec);
  if (device != NULL
      || (self->spec->kind == PROPRIO_CAMERA_SOURCE_PATH
          && g_file_test (self->spec->path, G_FILE_TEST_EXISTS)))
    {
      if (play_device (self, device, &error))
        {
          self->retry_interval_s = RETRY_FIRST_S;
          _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_PLAYING, NULL);
          return;
        }
      notice = g_strdup_printf (_("%s Showing a test pattern; the camera will be tried again."),
                                error->message);
    }
  else
    notice = missing_notice (self);
  fall_back (self, notice);
}

void
_proprio_camera_access_changed (ProprioCamera *self)
{
  g_autofree char *notice = NULL;

  if (!self->running || self->state != PROPRIO_CAMERA_STATE_FALLBACK)
    return;
  if (device_available (self))
    {
      self->retry_interval_s = RETRY_FIRST_S;
      _proprio_camera_open_source (self);
      return;
    }
  /* Still no camera: only what the notice says changes, the test pattern plays on. */
  notice = missing_notice (self);
  _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_FALLBACK, notice);
}

/* --- public API --- */

void
proprio_camera_set_monitor (ProprioCamera        *self,
                            ProprioCameraMonitor *monitor)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (monitor == NULL || PROPRIO_IS_CAMERA_MONITOR (monitor));

  if (self->monitor_changed_id != 0)
    g_clear_signal_handler (&self->monitor_changed_id,
                            proprio_camera_monitor_get_devices (self->monitor));
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_func (self->monitor, _proprio_camera_access_changed, self);
  g_clear_object (&self->monitor);
  self->monitor = monitor ? g_object_ref (monitor) : proprio_camera_monitor_new ();
  self->monitor_changed_id = g_signal_connect (proprio_camera_monitor_get_devices (self->monitor),
                                               "items-changed",
                                               G_CALLBACK (on_devices_changed), self);
  g_signal_connect_object (self->monitor, "notify::access",
                           G_CALLBACK (_proprio_camera_access_changed), self, G_CONNECT_SWAPPED);
}
