/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "proprio-camera-private.h"

/* --- the worker ---
 *
 * Opening a camera (the driver's open and format probe, the first set_state to PLAYING) and
 * stopping one (set_state NULL joins streaming threads, and pipewiresrc waits for its PipeWire
 * connection) can take hundreds of milliseconds. None of it may freeze the window, so all of it
 * runs on a worker, and only its answers come to the main thread.
 *
 * Why a one-thread GThreadPool per camera, rather than a pipeline thread with its own
 * GMainContext (as Clapper runs its player) or a GTask each time: the state machine (spec,
 * retry, fallback, notices, properties) stays on the main thread as it was, where every
 * listener expects it, and the worker is a plain queue of blocking jobs. One thread runs them
 * in the order they were asked for, so closing a camera always finishes before it is opened
 * again (a V4L2 device opened twice is busy), and nothing needs a lock but the queue. Each
 * request carries a generation: a job already superseded when its turn comes is skipped, and
 * an answer superseded on its way is not shown (its pipeline goes back to be closed). The
 * camera and the worker share only this refcounted struct: disposing the camera cuts the link
 * (camera = NULL) and does not wait, the jobs queued still run (closing what was open) and
 * their answers are dropped; the last job's answer lets the pool go. */
struct _ProprioCameraWorker
{
  gatomicrefcount  ref;
  GThreadPool     *pool;
  gint             latest;    /* atomic: the generation of the newest request */
  GMainContext    *context;   /* where answers go: the camera's */
  ProprioCamera   *camera;    /* main thread only; NULL once the camera is disposed */
};

typedef enum
{
  JOB_OPEN,
  JOB_CLOSE,
} JobKind;

typedef struct
{
  ProprioCameraWorker   *worker;
  JobKind                kind;
  guint                  generation;

  /* JOB_CLOSE: the pipeline to free */
  ProprioCameraPipeline *pipeline;

  /* JOB_OPEN: all the worker reads, copied, so that it never touches the camera */
  ProprioCameraSpec     *spec;
  GstDevice             *device;           /* the monitor's device, or NULL */
  int                    play_fd;          /* for the device's pipewiresrc, or -1 */
  gboolean               open_device;      /* @device, or else the V4L2 node of the spec */
  char                  *fallback_notice;  /* not a device: a test pattern, and why */
  gboolean               mirror;
  ProprioDelayBuffer    *delay;
  GSource               *wake;
  ProprioTrackingSink   *tracking;
  gboolean               tracking_on;
  ProprioRecordSink     *recording;
  ProprioSimCamera      *sim;

  /* the answer */
  ProprioCameraPipeline *opened;
  gboolean               is_device;
  ProprioCameraState     state;
  char                  *notice;
  char                  *label;
} Job;

static ProprioCameraWorker *
worker_ref (ProprioCameraWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref);
  return worker;
}

static void
worker_unref (ProprioCameraWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref))
    return;
  /* Returns at once; a job still running finishes and the pool goes with its thread. */
  g_thread_pool_free (worker->pool, FALSE, FALSE);
  g_main_context_unref (worker->context);
  g_free (worker);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_pointer (&job->pipeline, proprio_camera_pipeline_free);
  g_clear_pointer (&job->opened, proprio_camera_pipeline_free);
  g_clear_pointer (&job->spec, proprio_camera_spec_free);
  gst_clear_object (&job->device);
  if (job->play_fd >= 0)
    g_close (job->play_fd, NULL);
  g_free (job->fallback_notice);
  g_clear_pointer (&job->delay, proprio_delay_buffer_unref);
  g_clear_pointer (&job->wake, g_source_unref);
  g_clear_pointer (&job->tracking, proprio_tracking_sink_unref);
  g_clear_pointer (&job->recording, proprio_record_sink_unref);
  g_clear_pointer (&job->sim, proprio_sim_camera_unref);
  g_free (job->notice);
  g_free (job->label);
  worker_unref (job->worker);
  g_free (job);
}

static Job *
job_new (ProprioCameraWorker *worker,
         JobKind              kind,
         guint                generation)
{
  Job *job = g_new0 (Job, 1);

  job->worker = worker_ref (worker);
  job->kind = kind;
  job->generation = generation;
  job->play_fd = -1;
  return job;
}

/* --- on the worker thread --- */

/* Builds and plays a pipeline from @source (and takes over @source_fd). NULL on failure, with
 * nothing left running. */
static ProprioCameraPipeline *
play (Job         *job,
      GstElement  *source,
      GstCaps     *source_caps,
      int          width,
      int          height,
      int          source_fd,
      GError     **error)
{
  ProprioCameraPipelineConfig config = {
    .source = source,
    .source_caps = source_caps,
    .width = width,
    .height = height,
    .mirror = job->mirror,
    .delay = job->delay,
    .delay_width = PROPRIO_CAMERA_DELAY_WIDTH,
    .wake = job->wake,
    .source_fd = source_fd,
    .tracking = job->tracking,
    .tracking_on = job->tracking_on,
    .recording = job->recording,
    /* Closed until the camera, seeing what it opened, says whether to record it. */
    .recording_on = FALSE,
  };
  ProprioCameraPipeline *pipeline;

  pipeline = proprio_camera_pipeline_new (&config, error);
  if (pipeline == NULL)
    return NULL;
  if (!proprio_camera_pipeline_play (pipeline, error))
    {
      proprio_camera_pipeline_free (pipeline);
      return NULL;
    }
  return pipeline;
}

/* The simulated leg (proprio-sim-camera.h) at the spec's size and rate. */
static ProprioCameraPipeline *
play_sim (Job     *job,
          GError **error)
{
  g_autoptr(GstElement) src = NULL;

  src = proprio_sim_camera_create_source (job->sim, job->spec->width, job->spec->height,
                                          job->spec->fps, error);
  if (src == NULL)
    return NULL;
  gst_object_ref_sink (src);
  return play (job, src, NULL, job->spec->width, job->spec->height, -1, error);
}

static ProprioCameraPipeline *
play_test_pattern (Job       *job,
                   gboolean   moving,
                   GError   **error)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstElement) src = gst_element_factory_make ("videotestsrc", NULL);

  if (src == NULL)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The GStreamer element “%s” is missing: install the GStreamer base and "
                     "good plugins"), "videotestsrc");
      return NULL;
    }
  /* Hold a full reference of our own: the pipeline takes another. */
  gst_object_ref_sink (src);
  /* Live, so frames come at the frame rate and carry capture-like times. SMPTE bars differ
   * left to right, which makes mirroring visible; "ball" moves. */
  g_object_set (src, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (src), "pattern", moving ? "ball" : "smpte");
  caps = gst_caps_new_simple ("video/x-raw",
                              "width", G_TYPE_INT, job->spec->width,
                              "height", G_TYPE_INT, job->spec->height,
                              "framerate", GST_TYPE_FRACTION, job->spec->fps, 1, NULL);
  return play (job, src, caps, job->spec->width, job->spec->height, -1, error);
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

static ProprioCameraPipeline *
play_device (Job     *job,
             GError **error)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstCaps) mode_caps = NULL;
  g_autoptr(GArray) modes = NULL;
  ProprioCameraMode mode = { 0 };
  g_autoptr(GstElement) src = NULL;
  int fd = -1;

  if (job->device != NULL)
    {
      src = gst_device_create_element (job->device, NULL);
      if (src != NULL)
        {
          gst_object_ref_sink (src);
          /* Through the portal: the camera's own PipeWire connection, kept open as long as
           * the pipeline is. */
          if (job->play_fd >= 0
              && g_object_class_find_property (G_OBJECT_GET_CLASS (src), "fd") != NULL)
            {
              fd = job->play_fd;
              job->play_fd = -1;
              g_object_set (src, "fd", fd, NULL);
            }
        }
      caps = gst_device_get_caps (job->device);
      job->label = gst_device_get_display_name (job->device);
    }
  else
    {
      src = gst_element_factory_make ("v4l2src", NULL);
      if (src != NULL)
        {
          gst_object_ref_sink (src);
          g_object_set (src, "device", job->spec->path, NULL);
          caps = probe_caps (src);
        }
      job->label = g_strdup (job->spec->path);
    }
  if (src == NULL)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The camera “%s” cannot be opened: its GStreamer plugin is missing"),
                   job->label);
      return NULL;
    }

  modes = caps ? proprio_camera_modes_from_caps (caps) : NULL;
  if (modes != NULL
      && proprio_camera_mode_choose (modes, job->spec->width, job->spec->height,
                                     job->spec->fps, &mode))
    mode_caps = proprio_camera_mode_to_caps (&mode);
  else
    mode = (ProprioCameraMode) { job->spec->width, job->spec->height, job->spec->fps, 1 };

  return play (job, src, mode_caps, mode.width, mode.height, fd, error);
}

/* A test pattern in place of the camera, with @notice saying why. */
static void
fall_back_in_worker (Job        *job,
                     const char *notice)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&job->label, g_free);
  job->opened = play_test_pattern (job, FALSE, &error);
  if (job->opened == NULL)
    {
      job->state = PROPRIO_CAMERA_STATE_ERROR;
      job->notice = g_strdup (error->message);
      return;
    }
  job->state = PROPRIO_CAMERA_STATE_FALLBACK;
  job->notice = g_strdup (notice);
  job->label = g_strdup (_("Test pattern"));
}

static void
open_in_worker (Job *job)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;

  switch (job->spec->kind)
    {
    case PROPRIO_CAMERA_SOURCE_TEST:
    case PROPRIO_CAMERA_SOURCE_SIM:
      if (job->spec->kind == PROPRIO_CAMERA_SOURCE_SIM)
        job->opened = play_sim (job, &error);
      else
        job->opened = play_test_pattern (job, job->spec->ball, &error);
      if (job->opened != NULL)
        {
          job->state = PROPRIO_CAMERA_STATE_PLAYING;
          job->label = g_strdup (job->spec->kind == PROPRIO_CAMERA_SOURCE_SIM
                                 ? _("Simulated leg") : _("Test pattern"));
        }
      else
        {
          job->state = PROPRIO_CAMERA_STATE_ERROR;
          job->notice = g_strdup (error->message);
        }
      return;

    case PROPRIO_CAMERA_SOURCE_NONE:
      return;

    case PROPRIO_CAMERA_SOURCE_AUTO:
    case PROPRIO_CAMERA_SOURCE_PATH:
    case PROPRIO_CAMERA_SOURCE_NAME:
    default:
      break;
    }

  if (!job->open_device)
    {
      fall_back_in_worker (job, job->fallback_notice);
      return;
    }
  job->opened = play_device (job, &error);
  if (job->opened != NULL)
    {
      job->is_device = TRUE;
      job->state = PROPRIO_CAMERA_STATE_PLAYING;
      return;
    }
  notice = g_strdup_printf (_("%s Showing a test pattern; the camera will be tried again."),
                            error->message);
  fall_back_in_worker (job, notice);
}

static gboolean job_answer (gpointer data);

static void
worker_run (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  g_autoptr(GSource) answer = NULL;

  if (job->kind == JOB_CLOSE)
    g_clear_pointer (&job->pipeline, proprio_camera_pipeline_free);
  else if (job->generation == (guint) g_atomic_int_get (&job->worker->latest))
    open_in_worker (job);
  /* else superseded before its turn: nothing opened, the answer only says it is done. */

  /* An idle source rather than g_main_context_invoke(), which would run the answer right here
   * if the main context happened to be free. */
  answer = g_idle_source_new ();
  g_source_set_priority (answer, G_PRIORITY_DEFAULT);
  g_source_set_name (answer, "[proprio] camera worker answer");
  g_source_set_callback (answer, job_answer, job, job_free);
  g_source_attach (answer, job->worker->context);
}

/* --- on the main thread --- */

static void
worker_push (ProprioCameraWorker *worker,
             Job                 *job)
{
  if (worker->camera != NULL)
    worker->camera->jobs_pending++;
  g_thread_pool_push (worker->pool, job, NULL);
}

/* Hands @pipeline to the worker to be stopped and freed; it shows nothing more from now on. */
static void
close_later (ProprioCameraWorker   *worker,
             ProprioCameraPipeline *pipeline)
{
  Job *job;

  if (pipeline == NULL)
    return;
  proprio_camera_pipeline_set_attached (pipeline, FALSE);
  job = job_new (worker, JOB_CLOSE, 0);
  job->pipeline = pipeline;
  worker_push (worker, job);
}

/* A new request: answers to older ones will not count. */
static guint
next_generation (ProprioCamera *self)
{
  self->missing_pending = FALSE;
  self->generation++;
  g_atomic_int_set (&self->worker->latest, (gint) self->generation);
  return self->generation;
}

void
_proprio_camera_worker_init (ProprioCamera *self)
{
  ProprioCameraWorker *worker = g_new0 (ProprioCameraWorker, 1);

  g_atomic_ref_count_init (&worker->ref);
  /* One thread: jobs run one after the other, in order. Not exclusive: the thread returns to
   * GLib's spare threads when idle. */
  worker->pool = g_thread_pool_new ((GFunc) worker_run, NULL, 1, FALSE, NULL);
  worker->context = g_main_context_ref_thread_default ();
  worker->camera = self;
  self->worker = worker;
}

void
_proprio_camera_worker_shutdown (ProprioCamera *self)
{
  if (self->worker == NULL)
    return;
  /* What is queued still runs (closing the pipelines), but nothing answers to this camera. */
  next_generation (self);
  self->worker->camera = NULL;
  g_clear_pointer (&self->worker, worker_unref);
}

void
_proprio_camera_stop_source (ProprioCamera *self)
{
  if (self->worker != NULL)
    next_generation (self);
  self->awaiting_monitor = FALSE;
  g_clear_handle_id (&self->retry_timer, g_source_remove);
  _proprio_camera_close_pipeline (self);
}

void
_proprio_camera_close_pipeline (ProprioCamera *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL && self->worker != NULL)
    close_later (self->worker, g_steal_pointer (&self->pipeline));
  /* Only without a worker (never in practice): close it here rather than leak it. */
  g_clear_pointer (&self->pipeline, proprio_camera_pipeline_free);
  self->fps_window_start_us = 0;
  _proprio_camera_update_recording (self);
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
      /* This watch goes with its pipeline, below: stop dispatching it. */
      self->bus_watch = 0;
      if (self->pipeline_is_device)
        {
          notice = g_strdup_printf (_("The camera “%s” stopped (%s). Showing a test pattern "
                                      "until it is back."), self->source_label,
                                    error ? error->message : _("no more pictures"));
          fall_back (self, notice);
          return G_SOURCE_REMOVE;
        }
      notice = g_strdup_printf (_("The video stopped: %s"),
                                error ? error->message : _("no more pictures"));
      next_generation (self);
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

static gboolean device_available (ProprioCamera *self);
static void     schedule_retry   (ProprioCamera *self,
                                  guint          seconds);

/* Showing a test pattern in place of the camera asked for, or about to. */
static gboolean
awaiting_camera (ProprioCamera *self)
{
  return self->running
         && (self->state == PROPRIO_CAMERA_STATE_FALLBACK || self->missing_pending);
}

static gboolean
on_retry (gpointer user_data)
{
  ProprioCamera *self = user_data;

  self->retry_timer = 0;
  if (!awaiting_camera (self))
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

/* Sends an open request for the current spec to the worker, after closing what plays.
 * @missing: @fallback_notice says the camera is not there (rather than that it failed). */
static void
request_open (ProprioCamera *self,
              GstDevice     *device,
              gboolean       open_device,
              const char    *fallback_notice,
              gboolean       missing)
{
  Job *job;

  _proprio_camera_close_pipeline (self);
  job = job_new (self->worker, JOB_OPEN, next_generation (self));
  self->missing_pending = missing;
  job->spec = proprio_camera_spec_copy (self->spec);
  job->device = device ? gst_object_ref (device) : NULL;
  job->play_fd = device ? proprio_camera_monitor_dup_play_fd (self->monitor) : -1;
  job->open_device = open_device;
  job->fallback_notice = g_strdup (fallback_notice);
  job->mirror = self->mirror;
  job->delay = proprio_delay_buffer_ref (self->delay_buffer);
  job->wake = g_source_ref (self->wake);
  job->tracking = proprio_tracking_sink_ref (self->tracking);
  job->tracking_on = self->tracking_on;
  job->recording = proprio_record_sink_ref (self->recording);
  job->sim = proprio_sim_camera_ref (self->sim);
  worker_push (self->worker, job);
}

/* Shows the answer to the newest open request. */
static void
install (ProprioCamera *self,
         Job           *job)
{
  g_autoptr(GstBus) bus = NULL;

  self->pipeline = g_steal_pointer (&job->opened);
  self->pipeline_is_device = job->is_device;
  if (self->pipeline != NULL)
    {
      /* Messages posted since it started wait on the bus: the watch sees them all. */
      bus = proprio_camera_pipeline_get_bus (self->pipeline);
      self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
      /* The mirror and the tracking may have been switched while it opened. */
      proprio_camera_pipeline_set_mirror (self->pipeline, self->mirror);
      proprio_camera_pipeline_set_tracking (self->pipeline, self->tracking_on);
      proprio_camera_pipeline_set_attached (self->pipeline, TRUE);
    }
  if (job->label != NULL)
    _proprio_camera_set_source_label (self, job->label);
  _proprio_camera_set_state (self, job->state, job->notice);

  if (job->is_device)
    self->retry_interval_s = RETRY_FIRST_S;
  else if (job->state == PROPRIO_CAMERA_STATE_FALLBACK)
    {
      /* After a failed open, wait longer each time: a camera that is there but broken should
       * not restart the pipeline every two seconds. */
      schedule_retry (self, self->retry_interval_s);
      self->retry_interval_s = MIN (self->retry_interval_s * 2, RETRY_MAX_S);
    }
}

static gboolean
job_answer (gpointer data)
{
  Job *job = data;
  ProprioCamera *self = job->worker->camera;

  if (self == NULL)
    {
      /* The camera is gone: what was opened for it goes back to be closed. */
      close_later (job->worker, g_steal_pointer (&job->opened));
      return G_SOURCE_REMOVE;
    }
  g_assert (self->jobs_pending > 0);
  self->jobs_pending--;
  if (job->kind == JOB_OPEN)
    {
      if (job->generation == self->generation && self->running)
        {
          self->missing_pending = FALSE;
          install (self, job);
        }
      else
        close_later (job->worker, g_steal_pointer (&job->opened));
    }
  return G_SOURCE_REMOVE;
}

static void
fall_back (ProprioCamera *self,
           const char    *notice)
{
  request_open (self, NULL, FALSE, notice, FALSE);
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
  if (added > 0 && awaiting_camera (self))
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
  g_autofree char *notice = NULL;
  ProprioCameraAccess access;

  g_clear_handle_id (&self->retry_timer, g_source_remove);
  self->awaiting_monitor = FALSE;

  switch (self->spec->kind)
    {
    case PROPRIO_CAMERA_SOURCE_NONE:
      next_generation (self);
      _proprio_camera_close_pipeline (self);
      _proprio_camera_set_source_label (self, NULL);
      _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_STOPPED, NULL);
      return;

    case PROPRIO_CAMERA_SOURCE_TEST:
    case PROPRIO_CAMERA_SOURCE_SIM:
      request_open (self, NULL, FALSE, NULL, FALSE);
      return;

    case PROPRIO_CAMERA_SOURCE_AUTO:
    case PROPRIO_CAMERA_SOURCE_PATH:
    case PROPRIO_CAMERA_SOURCE_NAME:
    default:
      break;
    }

  ensure_monitor (self);
  access = proprio_camera_monitor_get_access (self->monitor);
  if ((access == PROPRIO_CAMERA_ACCESS_DIRECT || access == PROPRIO_CAMERA_ACCESS_PORTAL)
      && !proprio_camera_monitor_is_ready (self->monitor))
    {
      /* The monitor is still listing the cameras there are: deciding now would show a test
       * pattern and "no camera" for a moment. Whatever plays goes on until the list is in. */
      next_generation (self);
      self->awaiting_monitor = TRUE;
      return;
    }

  device = proprio_camera_monitor_find (self->monitor, self->spec);
  /* A stat of a device node, not an open: quick. */
  if (device != NULL
      || (self->spec->kind == PROPRIO_CAMERA_SOURCE_PATH
          && g_file_test (self->spec->path, G_FILE_TEST_EXISTS)))
    {
      request_open (self, device, TRUE, NULL, FALSE);
      return;
    }
  notice = missing_notice (self);
  request_open (self, NULL, FALSE, notice, TRUE);
}

gboolean
_proprio_camera_can_show_anything (ProprioCamera  *self,
                                   GError        **error)
{
  g_autoptr(GstElementFactory) pattern = gst_element_factory_find ("videotestsrc");
  g_autoptr(GError) missing = NULL;

  /* The one failure known at once: without a test pattern there is nothing to fall back on.
   * Everything else comes later, as state and notice. */
  if (pattern != NULL)
    return TRUE;
  missing = g_error_new (PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                         _("The GStreamer element “%s” is missing: install the GStreamer base "
                           "and good plugins"), "videotestsrc");
  _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_ERROR, missing->message);
  g_propagate_error (error, g_steal_pointer (&missing));
  return FALSE;
}

void
_proprio_camera_access_changed (ProprioCamera *self)
{
  g_autofree char *notice = NULL;
  ProprioCameraAccess access;

  if (!self->running)
    return;
  /* Not decided yet, or decided on what the monitor said before: decide again. */
  if (self->awaiting_monitor || self->missing_pending)
    {
      _proprio_camera_open_source (self);
      return;
    }
  if (self->state != PROPRIO_CAMERA_STATE_FALLBACK)
    return;
  if (device_available (self))
    {
      self->retry_interval_s = RETRY_FIRST_S;
      _proprio_camera_open_source (self);
      return;
    }
  access = proprio_camera_monitor_get_access (self->monitor);
  if ((access == PROPRIO_CAMERA_ACCESS_DIRECT || access == PROPRIO_CAMERA_ACCESS_PORTAL)
      && !proprio_camera_monitor_is_ready (self->monitor))
    {
      /* Access settled but the cameras are still being listed: the pattern and its notice
       * stay until the list is in, rather than say "no camera" for a moment. */
      self->awaiting_monitor = TRUE;
      return;
    }
  /* Still no camera: only what the notice says changes, the test pattern plays on. */
  notice = missing_notice (self);
  _proprio_camera_set_state (self, PROPRIO_CAMERA_STATE_FALLBACK, notice);
}

static void
on_monitor_ready (ProprioCamera *self)
{
  if (self->running && self->awaiting_monitor
      && proprio_camera_monitor_is_ready (self->monitor))
    _proprio_camera_open_source (self);
}

void
_proprio_camera_settle (ProprioCamera *self)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  while (self->worker != NULL && (self->jobs_pending > 0 || self->awaiting_monitor))
    g_main_context_iteration (self->worker->context, TRUE);
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
    {
      g_signal_handlers_disconnect_by_func (self->monitor, _proprio_camera_access_changed, self);
      g_signal_handlers_disconnect_by_func (self->monitor, on_monitor_ready, self);
    }
  g_clear_object (&self->monitor);
  self->monitor = monitor ? g_object_ref (monitor) : proprio_camera_monitor_new ();
  self->monitor_changed_id = g_signal_connect (proprio_camera_monitor_get_devices (self->monitor),
                                               "items-changed",
                                               G_CALLBACK (on_devices_changed), self);
  g_signal_connect_object (self->monitor, "notify::access",
                           G_CALLBACK (_proprio_camera_access_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->monitor, "notify::ready",
                           G_CALLBACK (on_monitor_ready), self, G_CONNECT_SWAPPED);
}
