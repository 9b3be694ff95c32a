/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-sim-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <math.h>
#include <string.h>

#include "proprio-camera-source.h"
#include "proprio-sim-camera.h"

/* How many drawn frames the truth is kept for: 8 s at 30 fps. */
#define TRUTH_FRAMES 256
/* A tracked frame's time matches a drawn one within this (both come from the same PTS). */
#define TRUTH_MATCH_US 1000
/* The joint's range on screen: a knee does not bend further than this. */
#define MIN_KNEE_DEG 10.0

typedef struct
{
  gint64 t_us;
  double angle_deg;
} Truth;

struct _ProprioSimCamera
{
  gatomicrefcount       ref;
  GMutex                lock;   /* guards everything below */
  ProprioSimJoint      *joint;
  ProprioSimJointIntent intent;
  gboolean              hidden[PROPRIO_N_MARKERS];
  Truth                 truth[TRUTH_FRAMES];
  guint                 truth_next;
  guint64               frames;
  gint64                last_t_us;
};

/* One source element's own state, owned by its appsrc's callbacks. */
typedef struct
{
  ProprioSimCamera *sim;
  GstBufferPool    *pool;
  GstVideoInfo      info;
  GstClockTime      next_pts;
  GstClockTime      duration;
} Source;

static const ProprioRgb marker_rgb[PROPRIO_N_MARKERS] = {
  { 20, 200, 60 },    /* hip: green */
  { 220, 20, 200 },   /* knee: magenta */
  { 20, 110, 250 },   /* ankle: blue */
};

ProprioSimCamera *
proprio_sim_camera_new (guint32 seed)
{
  ProprioSimCamera *self = g_new0 (ProprioSimCamera, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->joint = proprio_sim_joint_new (seed);
  self->intent = (ProprioSimJointIntent) PROPRIO_SIM_JOINT_INTENT_INIT;
  return self;
}

ProprioSimCamera *
proprio_sim_camera_ref (ProprioSimCamera *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
proprio_sim_camera_unref (ProprioSimCamera *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  proprio_sim_joint_free (self->joint);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
proprio_sim_camera_set_intent (ProprioSimCamera            *self,
                               const ProprioSimJointIntent *intent)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (intent != NULL);

  g_mutex_lock (&self->lock);
  self->intent = *intent;
  g_mutex_unlock (&self->lock);
}

void
proprio_sim_camera_get_intent (ProprioSimCamera      *self,
                               ProprioSimJointIntent *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->intent;
  g_mutex_unlock (&self->lock);
}

void
proprio_sim_camera_set_marker_hidden (ProprioSimCamera *self,
                                      ProprioMarkerId   marker,
                                      gboolean          hidden)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (marker < PROPRIO_N_MARKERS);

  g_mutex_lock (&self->lock);
  self->hidden[marker] = !!hidden;
  g_mutex_unlock (&self->lock);
}

void
proprio_sim_camera_get_marker_color (ProprioMarkerId  marker,
                                     ProprioHsv      *out)
{
  g_return_if_fail (marker < PROPRIO_N_MARKERS);
  g_return_if_fail (out != NULL);

  proprio_rgb_to_hsv (marker_rgb[marker].r / 255.0, marker_rgb[marker].g / 255.0,
                      marker_rgb[marker].b / 255.0, out);
}

gboolean
proprio_sim_camera_lookup_truth (ProprioSimCamera *self,
                                 gint64            t_us,
                                 double           *angle_deg)
{
  gint64 best = G_MAXINT64;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (angle_deg != NULL, FALSE);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < TRUTH_FRAMES; i++)
    {
      gint64 d = ABS (self->truth[i].t_us - t_us);

      if (self->truth[i].t_us != 0 && d <= TRUTH_MATCH_US && d < best)
        {
          best = d;
          *angle_deg = self->truth[i].angle_deg;
        }
    }
  g_mutex_unlock (&self->lock);
  return best != G_MAXINT64;
}

guint64
proprio_sim_camera_get_frames_drawn (ProprioSimCamera *self)
{
  guint64 n;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  n = self->frames;
  g_mutex_unlock (&self->lock);
  return n;
}

void
proprio_sim_camera_scene (int               width,
                          int               height,
                          double            knee_angle_deg,
                          ProprioLimbScene *scene)
{
  double hip_min, hip_max;

  g_return_if_fail (scene != NULL);

  proprio_limb_scene_init_default (scene, width, height);
  /* Seated, seen from the patient's left: the thigh runs level from the hip (right) to the knee,
   * the shank hangs from it at 90° and swings forward (left) to straight at 180°. The leg sits
   * near the middle, with room for the ankle at full extension on any aspect ratio. */
  scene->thigh_direction_deg = 180.0;
  hip_min = 0.66 * height;
  hip_max = MAX (hip_min, width - 0.06 * height);
  scene->hip_x = CLAMP (width / 2.0 + 0.2 * height, hip_min, hip_max);
  scene->hip_y = 0.40 * height;
  scene->knee_angle_deg = CLAMP (knee_angle_deg, MIN_KNEE_DEG, 180.0);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    scene->marker[m] = marker_rgb[m];
}

/* --- the source element (appsrc, on its streaming thread) --- */

static void
source_free (gpointer data)
{
  Source *source = data;

  if (source->pool != NULL)
    {
      gst_buffer_pool_set_active (source->pool, FALSE);
      gst_object_unref (source->pool);
    }
  proprio_sim_camera_unref (source->sim);
  g_free (source);
}

/* The knee angle at t_us, and what to hide, as the patient does it then. Also kept as truth. */
static double
joint_at (ProprioSimCamera *self,
          gint64            t_us,
          gboolean          hidden[PROPRIO_N_MARKERS])
{
  double t_s = t_us / (double) G_USEC_PER_SEC;
  double angle;

  g_mutex_lock (&self->lock);
  /* The same intent again changes nothing; a new one starts a movement at this frame. */
  proprio_sim_joint_set_intent (self->joint, &self->intent, t_s);
  angle = CLAMP (proprio_sim_joint_angle (self->joint, t_s), MIN_KNEE_DEG, 180.0);
  memcpy (hidden, self->hidden, sizeof self->hidden);
  self->truth[self->truth_next] = (Truth) { t_us, angle };
  self->truth_next = (self->truth_next + 1) % TRUTH_FRAMES;
  self->frames++;
  g_mutex_unlock (&self->lock);
  return angle;
}

/* The running time of the next frame: one frame after the last, or now after a stall (the frames
 * in between are skipped, and the camera counts them as dropped by their times). */
static GstClockTime
next_frame_time (Source     *source,
                 GstElement *element)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (element);
  GstClockTime base = gst_element_get_base_time (element);
  GstClockTime running = 0;
  GstClockTime pts;

  if (clock != NULL)
    {
      GstClockTime now = gst_clock_get_time (clock);

      if (GST_CLOCK_TIME_IS_VALID (now) && GST_CLOCK_TIME_IS_VALID (base) && now > base)
        running = now - base;
    }
  if (!GST_CLOCK_TIME_IS_VALID (source->next_pts)
      || source->next_pts + source->duration < running)
    source->next_pts = running;
  pts = source->next_pts;
  source->next_pts += source->duration;
  return pts;
}

static void
on_need_data (GstAppSrc *appsrc,
              guint      length,
              gpointer   user_data)
{
  Source *source = user_data;
  GstElement *element = GST_ELEMENT (appsrc);
  GstBuffer *buffer = NULL;
  GstVideoFrame frame;
  ProprioLimbScene scene;
  gboolean hidden[PROPRIO_N_MARKERS];
  GstClockTime pts, base;
  gint64 t_us;
  double angle;

  if (gst_buffer_pool_acquire_buffer (source->pool, &buffer, NULL) != GST_FLOW_OK)
    return;
  pts = next_frame_time (source, element);
  base = gst_element_get_base_time (element);
  /* The pipeline runs on the system clock, CLOCK_MONOTONIC: base + running time is the capture
   * instant on the common clock, the time the camera's frames will carry. */
  t_us = (gint64) ((GST_CLOCK_TIME_IS_VALID (base) ? base + pts : pts) / GST_USECOND);
  angle = joint_at (source->sim, t_us, hidden);

  if (!gst_video_frame_map (&frame, &source->info, buffer, GST_MAP_WRITE))
    {
      gst_buffer_unref (buffer);
      return;
    }
  proprio_sim_camera_scene (GST_VIDEO_INFO_WIDTH (&source->info),
                            GST_VIDEO_INFO_HEIGHT (&source->info), angle, &scene);
  memcpy (scene.hide_marker, hidden, sizeof scene.hide_marker);
  proprio_limb_render (&scene, GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                       GST_VIDEO_INFO_WIDTH (&source->info), GST_VIDEO_INFO_HEIGHT (&source->info),
                       GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0));
  gst_video_frame_unmap (&frame);

  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DURATION (buffer) = source->duration;
  /* Flushing or stopped: the buffer is dropped, and the next need-data comes when it plays. */
  gst_app_src_push_buffer (appsrc, buffer);
}

GstElement *
proprio_sim_camera_create_source (ProprioSimCamera  *self,
                                  int                width,
                                  int                height,
                                  int                fps,
                                  GError           **error)
{
  GstAppSrcCallbacks callbacks = { .need_data = on_need_data };
  g_autoptr(GstCaps) caps = NULL;
  GstStructure *config;
  GstElement *bin, *appsrc, *sync;
  g_autoptr(GstPad) pad = NULL;
  Source *source;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0 && fps > 0, NULL);

  appsrc = gst_element_factory_make ("appsrc", NULL);
  sync = gst_element_factory_make ("clocksync", NULL);
  if (appsrc == NULL || sync == NULL)
    {
      if (appsrc != NULL)
        gst_object_unref (gst_object_ref_sink (appsrc));
      if (sync != NULL)
        gst_object_unref (gst_object_ref_sink (sync));
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The GStreamer element “%s” is missing: install the GStreamer base and "
                     "good plugins"), appsrc == NULL ? "appsrc" : "clocksync");
      return NULL;
    }

  source = g_new0 (Source, 1);
  source->sim = proprio_sim_camera_ref (self);
  source->next_pts = GST_CLOCK_TIME_NONE;
  source->duration = gst_util_uint64_scale_int (GST_SECOND, 1, fps);
  gst_video_info_set_format (&source->info, GST_VIDEO_FORMAT_RGB, width, height);
  GST_VIDEO_INFO_FPS_N (&source->info) = fps;
  GST_VIDEO_INFO_FPS_D (&source->info) = 1;
  caps = gst_video_info_to_caps (&source->info);

  /* Buffers come back to the pool when the pipeline is done with them: no allocation and no
   * page faults per frame. */
  source->pool = gst_buffer_pool_new ();
  config = gst_buffer_pool_get_config (source->pool);
  gst_buffer_pool_config_set_params (config, caps, (guint) GST_VIDEO_INFO_SIZE (&source->info),
                                     2, 0);
  gst_buffer_pool_set_config (source->pool, config);
  gst_buffer_pool_set_active (source->pool, TRUE);

  /* Live: nothing is made before the pipeline plays, and times are capture times. Two frames
   * queued at most; the one drawn waits in clocksync until its instant. */
  g_object_set (appsrc, "caps", caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                "max-buffers", (guint64) 2, "block", FALSE, "emit-signals", FALSE, NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (appsrc), &callbacks, source, source_free);

  bin = gst_bin_new ("proprio-sim-camera");
  gst_bin_add_many (GST_BIN (bin), appsrc, sync, NULL);
  if (!gst_element_link (appsrc, sync))
    {
      gst_object_unref (gst_object_ref_sink (bin));
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video pipeline could not be linked (%s to %s)"), "appsrc", "clocksync");
      return NULL;
    }
  pad = gst_element_get_static_pad (sync, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  return bin;
}
