/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>

#include "core/proprio-clock.h"
#include "proprio-camera.h"
#include "proprio-camera-pipeline.h"
#include "proprio-camera-private.h"

G_DEFINE_FINAL_TYPE (ProprioCamera, proprio_camera, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ProprioCameraState, proprio_camera_state,
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_STATE_FALLBACK, "fallback"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_STATE_ERROR, "error"))

enum
{
  PROP_0,
  PROP_SPEC,
  PROP_STATE,
  PROP_NOTICE,
  PROP_SOURCE_LABEL,
  PROP_FPS,
  PROP_DROPPED,
  PROP_MIRROR,
  PROP_DELAY,
  PROP_FROZEN,
  PROP_SHOWN_TIME_US,
  PROP_DELAY_AVAILABLE,
  PROP_SHOWN_FRAME,
  PROP_TRACKING,
  PROP_RECORDING,
  N_PROPS
};

enum
{
  SIGNAL_FRAME,
  SIGNAL_MARKERS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- small setters that notify only on change --- */

void
_proprio_camera_set_state (ProprioCamera      *self,
                           ProprioCameraState  state,
                           const char         *notice)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->notice, notice) != 0)
    {
      g_free (self->notice);
      self->notice = g_strdup (notice);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
    }
  _proprio_camera_update_recording (self);
}

void
_proprio_camera_set_source_label (ProprioCamera *self,
                                  const char    *label)
{
  if (g_strcmp0 (self->source_label, label) == 0)
    return;
  g_free (self->source_label);
  self->source_label = g_strdup (label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_LABEL]);
}

void
_proprio_camera_set_fps (ProprioCamera *self,
                         double         fps)
{
  if (self->fps == fps)
    return;
  self->fps = fps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS]);
}

void
_proprio_camera_add_dropped (ProprioCamera *self,
                             guint64        n)
{
  if (n == 0)
    return;
  self->dropped += n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
}

void
_proprio_camera_notify_recording (ProprioCamera *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING]);
}

void
_proprio_camera_notify_tracking (ProprioCamera *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACKING]);
}

void
_proprio_camera_emit_markers_changed (ProprioCamera *self)
{
  g_signal_emit (self, signals[SIGNAL_MARKERS_CHANGED], 0);
}

/* --- what is shown --- */

static void
show_frame (ProprioCamera *self,
            ProprioFrame  *frame)
{
  if (frame != self->shown)
    {
      proprio_frame_ref (frame);
      g_clear_pointer (&self->shown, proprio_frame_unref);
      self->shown = frame;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_FRAME]);
    }
  if (self->shown_t_us != proprio_frame_get_time_us (frame))
    {
      self->shown_t_us = proprio_frame_get_time_us (frame);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN_TIME_US]);
    }
}

static void
present_delayed (ProprioCamera *self)
{
  gint64 want = proprio_clock_now_us () - (gint64) (self->delay_s * G_USEC_PER_SEC);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioFrame) frame = NULL;
  gint64 t_us = 0;

  jpeg = proprio_delay_buffer_lookup (self->delay_buffer, want, &t_us);
  /* Not yet recorded that far back: hold the oldest frame until the buffer has filled. */
  if (jpeg == NULL)
    jpeg = proprio_delay_buffer_get_oldest (self->delay_buffer, &t_us);
  if (jpeg == NULL)
    return;
  /* The same frame as last time: nothing to decode. (The newest live frame is never the one a
   * delay shows, so a time match with anything else shown is that same capture.) */
  if (self->shown != NULL && self->shown != self->live
      && proprio_frame_get_time_us (self->shown) == t_us)
    return;

  frame = proprio_frame_new_from_jpeg (jpeg, t_us, &error);
  if (frame == NULL)
    {
      g_warning ("A delayed frame could not be decoded: %s", error->message);
      return;
    }
  show_frame (self, frame);
}

static void
present (ProprioCamera *self)
{
  if (self->frozen || self->live == NULL)
    return;
  if (self->delay_s <= 0)
    show_frame (self, self->live);
  else
    present_delayed (self);
}

static void
update_fps (ProprioCamera *self,
            gint64         t_us)
{
  /* Counting by capture times: frames shown per second of video, not of main-loop jitter. */
  if (self->fps_window_start_us == 0 || t_us < self->fps_window_start_us)
    {
      self->fps_window_start_us = t_us;
      self->fps_window_frames = 0;
      return;
    }
  self->fps_window_frames++;
  if (t_us - self->fps_window_start_us >= G_USEC_PER_SEC)
    {
      double fps = self->fps_window_frames * (double) G_USEC_PER_SEC
                   / (t_us - self->fps_window_start_us);

      _proprio_camera_set_fps (self, fps);
      self->fps_window_start_us = t_us;
      self->fps_window_frames = 0;
    }
}

static gboolean
on_wake (gpointer user_data)
{
  ProprioCamera *self = user_data;
  ProprioFrame *frame;
  guint64 lost = 0;

  if (self->pipeline == NULL)
    return G_SOURCE_CONTINUE;

  frame = proprio_camera_pipeline_take_frame (self->pipeline, &lost);
  _proprio_camera_add_dropped (self, lost);
  if (frame == NULL)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&self->live, proprio_frame_unref);
  self->live = frame;
  self->last_arrival_us = proprio_clock_now_us ();
  update_fps (self, proprio_frame_get_time_us (frame));
  present (self);
  g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame);
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  /* Re-arm before running: a frame arriving during the callback wakes us again. */
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs wake_funcs = { .dispatch = wake_dispatch };

static gboolean
on_health (gpointer user_data)
{
  ProprioCamera *self = user_data;
  double available;

  if (self->last_arrival_us != 0 && proprio_clock_now_us () - self->last_arrival_us > STALL_US)
    {
      _proprio_camera_set_fps (self, 0);
      self->fps_window_start_us = 0;
    }

  available = proprio_delay_buffer_get_span_us (self->delay_buffer) / (double) G_USEC_PER_SEC;
  /* Tenths of a second are all a label shows: spare the listeners 30 notifications a second. */
  if ((gint64) (available * 10) != (gint64) (self->delay_available * 10))
    {
      self->delay_available = available;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY_AVAILABLE]);
    }
  return G_SOURCE_CONTINUE;
}

/* --- GObject --- */

static void
proprio_camera_dispose (GObject *object)
{
  ProprioCamera *self = PROPRIO_CAMERA (object);

  proprio_camera_stop (self);
  /* Does not wait for the worker: what it still does for this camera is dropped. */
  _proprio_camera_worker_shutdown (self);
  if (self->monitor_changed_id != 0)
    g_clear_signal_handler (&self->monitor_changed_id,
                            proprio_camera_monitor_get_devices (self->monitor));
  g_clear_object (&self->monitor);
  if (self->wake != NULL)
    {
      g_source_destroy (self->wake);
      g_clear_pointer (&self->wake, g_source_unref);
    }
  g_clear_pointer (&self->shown, proprio_frame_unref);
  g_clear_pointer (&self->live, proprio_frame_unref);

  G_OBJECT_CLASS (proprio_camera_parent_class)->dispose (object);
}

static void
proprio_camera_finalize (GObject *object)
{
  ProprioCamera *self = PROPRIO_CAMERA (object);

  g_clear_pointer (&self->spec, proprio_camera_spec_free);
  g_clear_pointer (&self->delay_buffer, proprio_delay_buffer_unref);
  g_free (self->notice);
  g_free (self->source_label);
  _proprio_camera_tracking_finalize (self);
  _proprio_camera_recording_finalize (self);

  G_OBJECT_CLASS (proprio_camera_parent_class)->finalize (object);
}

static void
proprio_camera_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ProprioCamera *self = PROPRIO_CAMERA (object);

  switch (prop_id)
    {
    case PROP_SPEC: g_value_take_string (value, proprio_camera_dup_spec (self)); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_NOTICE: g_value_set_string (value, self->notice); break;
    case PROP_SOURCE_LABEL: g_value_set_string (value, self->source_label); break;
    case PROP_FPS: g_value_set_double (value, self->fps); break;
    case PROP_DROPPED: g_value_set_uint64 (value, self->dropped); break;
    case PROP_MIRROR: g_value_set_boolean (value, self->mirror); break;
    case PROP_DELAY: g_value_set_double (value, self->delay_s); break;
    case PROP_FROZEN: g_value_set_boolean (value, self->frozen); break;
    case PROP_SHOWN_TIME_US: g_value_set_int64 (value, self->shown_t_us); break;
    case PROP_DELAY_AVAILABLE: g_value_set_double (value, self->delay_available); break;
    case PROP_SHOWN_FRAME: g_value_set_boxed (value, self->shown); break;
    case PROP_TRACKING: g_value_set_boolean (value, self->tracking_on); break;
    case PROP_RECORDING: g_value_set_boolean (value, self->recording_on); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_camera_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ProprioCamera *self = PROPRIO_CAMERA (object);

  switch (prop_id)
    {
    case PROP_MIRROR: proprio_camera_set_mirror (self, g_value_get_boolean (value)); break;
    case PROP_DELAY: proprio_camera_set_delay (self, g_value_get_double (value)); break;
    case PROP_FROZEN: proprio_camera_set_frozen (self, g_value_get_boolean (value)); break;
    case PROP_TRACKING: proprio_camera_set_tracking (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_camera_class_init (ProprioCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = proprio_camera_dispose;
  object_class->finalize = proprio_camera_finalize;
  object_class->get_property = proprio_camera_get_property;
  object_class->set_property = proprio_camera_set_property;

  properties[PROP_SPEC] = g_param_spec_string ("spec", NULL, NULL, "auto", ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PROPRIO_TYPE_CAMERA_STATE,
                                              PROPRIO_CAMERA_STATE_STOPPED, ro);
  properties[PROP_NOTICE] = g_param_spec_string ("notice", NULL, NULL, NULL, ro);
  properties[PROP_SOURCE_LABEL] = g_param_spec_string ("source-label", NULL, NULL, NULL, ro);
  properties[PROP_FPS] = g_param_spec_double ("fps", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_DROPPED] = g_param_spec_uint64 ("dropped", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_MIRROR] = g_param_spec_boolean ("mirror", NULL, NULL, TRUE, rw);
  properties[PROP_DELAY] = g_param_spec_double ("delay", NULL, NULL,
                                                0, PROPRIO_CAMERA_MAX_DELAY_S, 0, rw);
  properties[PROP_FROZEN] = g_param_spec_boolean ("frozen", NULL, NULL, FALSE, rw);
  properties[PROP_SHOWN_TIME_US] = g_param_spec_int64 ("shown-time-us", NULL, NULL,
                                                       0, G_MAXINT64, 0, ro);
  properties[PROP_DELAY_AVAILABLE] = g_param_spec_double ("delay-available", NULL, NULL,
                                                          0, G_MAXDOUBLE, 0, ro);
  /* Notified on the main thread whenever another frame is shown: what a view draws. */
  properties[PROP_SHOWN_FRAME] = g_param_spec_boxed ("shown-frame", NULL, NULL,
                                                     PROPRIO_TYPE_FRAME, ro);
  /* The tracking branch passes frames to the marker tracker (see proprio-camera.h). */
  properties[PROP_TRACKING] = g_param_spec_boolean ("tracking", NULL, NULL, FALSE, rw);
  /* Frames go to a record function now (see proprio-camera.h). */
  properties[PROP_RECORDING] = g_param_spec_boolean ("recording", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                     G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Each live frame as it reaches the main thread (for trackers), whatever is shown. */
  signals[SIGNAL_FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        PROPRIO_TYPE_FRAME | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* A marker colour or tolerance was set through the camera (main thread). */
  signals[SIGNAL_MARKERS_CHANGED] = g_signal_new ("markers-changed", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);
}

static void
proprio_camera_init (ProprioCamera *self)
{
  self->spec = proprio_camera_spec_parse ("auto", NULL);
  self->mirror = TRUE;
  self->retry_interval_s = RETRY_FIRST_S;
  /* A second past the longest delay, so the slider's end always has a frame. */
  self->delay_buffer = proprio_delay_buffer_new (PROPRIO_CAMERA_DELAY_BUDGET,
                                                 (gint64) ((PROPRIO_CAMERA_MAX_DELAY_S + 1)
                                                           * G_USEC_PER_SEC));
  self->wake = g_source_new (&wake_funcs, sizeof (GSource));
  g_source_set_name (self->wake, "[proprio] camera frame");
  g_source_set_priority (self->wake, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->wake, on_wake, self, NULL);
  g_source_set_ready_time (self->wake, -1);
  g_source_attach (self->wake, g_main_context_get_thread_default ());
  _proprio_camera_tracking_init (self);
  _proprio_camera_recording_init (self);
  _proprio_camera_worker_init (self);
}

/* --- public API --- */

ProprioCamera *
proprio_camera_new (void)
{
  return g_object_new (PROPRIO_TYPE_CAMERA, NULL);
}

gboolean
proprio_camera_set_spec (ProprioCamera  *self,
                         const char     *spec,
                         GError        **error)
{
  ProprioCameraSpec *parsed;

  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = proprio_camera_spec_parse (spec, error);
  if (parsed == NULL)
    return FALSE;
  proprio_camera_spec_free (self->spec);
  self->spec = parsed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);

  if (self->running)
    {
      self->retry_interval_s = RETRY_FIRST_S;
      _proprio_camera_open_source (self);
    }
  return TRUE;
}

char *
proprio_camera_dup_spec (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return proprio_camera_spec_to_string (self->spec);
}

gboolean
proprio_camera_start (ProprioCamera  *self,
                      GError        **error)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_proprio_camera_can_show_anything (self, error))
    return FALSE;
  if (!self->running)
    {
      self->running = TRUE;
      self->retry_interval_s = RETRY_FIRST_S;
      self->health_timer = g_timeout_add (HEALTH_INTERVAL_MS, on_health, self);
      _proprio_camera_open_source (self);
    }
  return TRUE;
}

void
proprio_camera_stop (ProprioCamera *self)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  if (!self->running)
    return;
  self->running = FALSE;
  /* At once: the pipeline shows nothing more; the worker stops it. */
  _proprio_camera_stop_source (self);
  g_clear_handle_id (&self->health_timer, g_source_remove);
  proprio_delay_buffer_clear (self->delay_buffer);
  self->last_arrival_us = 0;
  _proprio_camera_set_fps (self, 0);
  _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_STOPPED, NULL);
}

ProprioFrame *
proprio_camera_get_live_frame (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->live;
}

ProprioFrame *
proprio_camera_get_shown_frame (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->shown;
}

ProprioDelayBuffer *
proprio_camera_get_delay_buffer (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->delay_buffer;
}

ProprioCameraState
proprio_camera_get_state (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), PROPRIO_CAMERA_STATE_STOPPED);

  return self->state;
}

const char *
proprio_camera_get_notice (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->notice;
}

const char *
proprio_camera_get_source_label (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->source_label;
}

double
proprio_camera_get_fps (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), 0);

  return self->fps;
}

guint64
proprio_camera_get_dropped (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), 0);

  return self->dropped;
}

gint64
proprio_camera_get_shown_time_us (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), 0);

  return self->shown_t_us;
}

double
proprio_camera_get_delay_available (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), 0);

  return self->delay_available;
}

gboolean
proprio_camera_get_mirror (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);

  return self->mirror;
}

void
proprio_camera_set_mirror (ProprioCamera *self,
                           gboolean       mirror)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  mirror = !!mirror;
  if (self->mirror == mirror)
    return;
  self->mirror = mirror;
  if (self->pipeline != NULL)
    proprio_camera_pipeline_set_mirror (self->pipeline, mirror);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIRROR]);
}

double
proprio_camera_get_delay (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), 0);

  return self->delay_s;
}

void
proprio_camera_set_delay (ProprioCamera *self,
                          double         seconds)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  seconds = CLAMP (seconds, 0, PROPRIO_CAMERA_MAX_DELAY_S);
  if (self->delay_s == seconds)
    return;
  self->delay_s = seconds;
  proprio_delay_buffer_set_in_use (self->delay_buffer, seconds > 0);
  present (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

gboolean
proprio_camera_get_frozen (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);

  return self->frozen;
}

void
proprio_camera_set_frozen (ProprioCamera *self,
                           gboolean       frozen)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  frozen = !!frozen;
  if (self->frozen == frozen)
    return;
  self->frozen = frozen;
  present (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);
}
