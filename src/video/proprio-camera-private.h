/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-camera.h"
#include "proprio-camera-pipeline.h"
#include "proprio-record-sink.h"

G_BEGIN_DECLS

/* ProprioCamera is split over four files: proprio-camera.c (the object, what is shown, health),
 * proprio-camera-open.c (choosing and opening sources, fallback and return, and the worker
 * thread that does the blocking part of it), proprio-camera-tracking.c (marker tracking and
 * the simulated leg) and proprio-camera-recording.c (the frames a session records). */

/* Shared by the camera and its worker thread; see proprio-camera-open.c. */
typedef struct _ProprioCameraWorker ProprioCameraWorker;

/* fps and the delay span are re-read this often; a source silent for STALL_US shows 0 fps. */
#define HEALTH_INTERVAL_MS 500
#define STALL_US           (1500 * G_TIME_SPAN_MILLISECOND)
/* A missing camera is looked for every RETRY_POLL_S; after a failed attempt to open one, the
 * next attempt waits RETRY_FIRST_S, doubling after each failure up to RETRY_MAX_S. */
#define RETRY_POLL_S       2
#define RETRY_FIRST_S      2
#define RETRY_MAX_S        32

struct _ProprioCamera
{
  GObject                parent_instance;

  ProprioCameraSpec     *spec;
  ProprioCameraMonitor  *monitor;
  gulong                 monitor_changed_id;
  ProprioCameraPipeline *pipeline;
  gboolean               pipeline_is_device;  /* a camera, not a test pattern */
  guint                  bus_watch;
  GSource               *wake;
  guint                  health_timer;
  guint                  retry_timer;
  guint                  retry_interval_s;
  gboolean               running;

  ProprioCameraWorker   *worker;
  guint                  generation;        /* of the newest request: older answers are stale */
  guint                  jobs_pending;      /* sent to the worker, not yet answered */
  gboolean               awaiting_monitor;  /* to open once the monitor has listed cameras */
  gboolean               missing_pending;   /* the newest request is a test pattern for a
                                             * camera not there: the decision may change
                                             * before it is answered */

  ProprioFrame          *shown;
  ProprioDelayBuffer    *delay_buffer;
  ProprioFrame          *live;

  ProprioCameraState     state;
  char                  *notice;
  char                  *source_label;
  gboolean               mirror;
  gboolean               frozen;
  double                 delay_s;
  double                 fps;
  guint64                dropped;
  gint64                 shown_t_us;
  double                 delay_available;

  gint64                 fps_window_start_us;
  guint                  fps_window_frames;
  gint64                 last_arrival_us;

  ProprioTrackingSink   *tracking;          /* the tracker and the angle ring, always there */
  gboolean               tracking_on;
  ProprioSimCamera      *sim;               /* the "sim" spec's leg, always there */
  ProprioRecordSink     *recording;         /* who gets recorded frames, always there */
  gboolean               recording_on;      /* frames flow to a record function now */
};

void _proprio_camera_set_state          (ProprioCamera      *self,
                                        ProprioCameraState  state,
                                        const char         *notice);
void _proprio_camera_set_source_label   (ProprioCamera      *self,
                                        const char         *label);
void _proprio_camera_set_fps            (ProprioCamera      *self,
                                        double              fps);
void _proprio_camera_add_dropped        (ProprioCamera      *self,
                                        guint64             n);
/* Shows what the spec asks for, or a test pattern and a notice (and schedules a retry). */
void _proprio_camera_open_source        (ProprioCamera      *self);
void _proprio_camera_close_pipeline     (ProprioCamera      *self);
/* Closes what plays, drops what was asked of the worker and what awaited the monitor. */
void _proprio_camera_stop_source        (ProprioCamera      *self);
/* FALSE (state ERROR, and @error says why) when not even a test pattern can be shown. Quick:
 * a look in the plugin registry, no plugin is loaded. */
gboolean _proprio_camera_can_show_anything (ProprioCamera  *self,
                                            GError        **error);
/* The monitor's access to cameras changed (the camera portal answered). */
void _proprio_camera_access_changed     (ProprioCamera      *self);
/* The worker thread: made in init, let go in dispose (what it still does then is dropped). */
void _proprio_camera_worker_init        (ProprioCamera      *self);
void _proprio_camera_worker_shutdown    (ProprioCamera      *self);

/* proprio-camera-tracking.c: made in init, let go in finalize. */
void _proprio_camera_tracking_init      (ProprioCamera      *self);
void _proprio_camera_tracking_finalize  (ProprioCamera      *self);
/* "tracking" changed: the camera's class notifies it. */
void _proprio_camera_notify_tracking    (ProprioCamera      *self);
void _proprio_camera_emit_markers_changed (ProprioCamera    *self);

/* proprio-camera-recording.c: made in init, let go in finalize. */
void _proprio_camera_recording_init     (ProprioCamera      *self);
void _proprio_camera_recording_finalize (ProprioCamera      *self);
/* Opens or closes the pipeline's recording valve for the state and the function; notifies
 * "recording". Called whenever the state or the pipeline changes. */
void _proprio_camera_update_recording   (ProprioCamera      *self);
void _proprio_camera_notify_recording   (ProprioCamera      *self);

/* For tests only: runs the camera's main context until every request sent to the worker has
 * been answered (and a camera waiting for its monitor's first list has had it), so a test can
 * assert the state right after start or set_spec. An application never needs to wait: it
 * follows the state and notice properties. */
void _proprio_camera_settle             (ProprioCamera      *self);

G_END_DECLS
