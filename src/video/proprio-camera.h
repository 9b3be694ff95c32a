/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-marker-tracker.h"
#include "core/proprio-ring.h"
#include "core/proprio-sim-joint.h"
#include "proprio-camera-monitor.h"
#include "proprio-camera-source.h"
#include "proprio-delay-buffer.h"
#include "proprio-frame.h"
#include "proprio-sim-camera.h"

G_BEGIN_DECLS

/* The camera of the Mirror page: a GStreamer pipeline from a camera (or a test pattern) to the
 * frame to show, with mirroring, delayed replay and freeze frame. It knows nothing of GTK: a
 * view follows the shown-frame property (src/widgets/proprio-frame-paintable.h does).
 *
 * Use it from the main thread; it never blocks it. Opening and closing cameras (which can take
 * hundreds of milliseconds with some drivers) happen on a worker thread of the camera's own:
 * start, set_spec and stop return at once, and what they lead to comes later, on the main
 * context, as the state, notice, source-label and fps properties and the frames. Requests in
 * quick succession end in the last one asked for; a camera dropped while its worker is busy
 * is safe (the worker's late answers are dropped). Typical use:
 *
 *   camera = proprio_camera_new ();
 *   proprio_camera_set_spec (camera, "auto", &error);     // or from --camera=
 *   proprio_camera_start (camera, &error);
 *   gtk_picture_set_paintable (picture,     // in the UI layer
 *                              GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera)));
 *   g_object_bind_property (switch, "active", camera, "mirror", G_BINDING_BIDIRECTIONAL);
 *   g_object_bind_property (adjustment, "value", camera, "delay", G_BINDING_BIDIRECTIONAL);
 *
 * What is shown (the shown-frame property, notified on the main thread): the latest live frame;
 * or with delay > 0, the frame captured `delay` seconds ago, decoded from the delay buffer; or,
 * while frozen, the frame that was showing when it froze. The capture
 * time of the frame shown is the shown-time-us property (CLOCK_MONOTONIC µs, the clock of every
 * sensor sample), so an overlay can draw the CoP trace of that same instant. The replay shows
 * frames as they were shown then: mirrored or not as the mirror was at the time.
 *
 * Health: the state and notice properties say what is shown and why (a notice is a sentence for
 * the therapist, NULL when all is as asked); fps is frames shown per second, measured over the
 * last second; dropped counts the frames not shown since start: gaps in the frame times (the
 * source or a busy streaming thread skipped them) and frames replaced by a newer one before the
 * main thread got to them.
 *
 * A camera that fails or is unplugged is replaced by a test pattern (state FALLBACK with a
 * notice), and used again as soon as it is back: the device monitor's hot-plug events, and a
 * retry every few seconds for devices the monitor cannot see. "auto" with no camera does the
 * same, so a camera plugged in later is picked up.
 *
 * Delayed replay keeps the last PROPRIO_CAMERA_MAX_DELAY_S seconds as JPEG (quality 75, at most
 * PROPRIO_CAMERA_DELAY_WIDTH pixels wide), encoded on a GStreamer thread, in a delay buffer of
 * PROPRIO_CAMERA_DELAY_BUDGET bytes. Measured by bench-video at 640x360: 5-16 kB a frame for
 * test patterns, 105 kB for pure noise (the worst case); camera pictures lie between, so 30 s at
 * 30 fps takes some 15-40 MB. When pictures are noisier than the budget allows, the oldest
 * frames go and delay-available says how far back the replay reaches. Encoding costs 2.5-7 ms
 * a frame on that thread, so while the delay is 0 only about 8 frames a second are encoded: a
 * delay switched on starts from the past at once, at that rate for its first seconds. Only the
 * frame being shown is decoded, on the main thread (median 0.3-1.6 ms). Raw 640x360 RGB would
 * take 622 MB for the same 30 s.
 *
 * Marker tracking (the joint angle from the video, see "marker tracking" below): while the
 * tracking property is TRUE, a third branch of the pipeline hands each frame, scaled down to fit
 * PROPRIO_CAMERA_TRACK_MAX_WIDTH x PROPRIO_CAMERA_TRACK_MAX_HEIGHT, to the camera's
 * ProprioMarkerTracker on that branch's own streaming thread; each tracked frame becomes one
 * sample of the angle ring (core/proprio-marker-sample.h), stamped with the frame's capture time.
 * While it is FALSE the branch's valve drops every frame before it is scaled: no CPU.
 */
#define PROPRIO_TYPE_CAMERA (proprio_camera_get_type ())
#define PROPRIO_TYPE_CAMERA_STATE (proprio_camera_state_get_type ())

G_DECLARE_FINAL_TYPE (ProprioCamera, proprio_camera, PROPRIO, CAMERA, GObject)

typedef enum
{
  PROPRIO_CAMERA_STATE_STOPPED,   /* not started, stopped, or the spec is "none" */
  PROPRIO_CAMERA_STATE_PLAYING,   /* showing what the spec asks for */
  PROPRIO_CAMERA_STATE_FALLBACK,  /* the camera is missing or failed: a test pattern stands in,
                                   * the notice says why, and the camera is awaited */
  PROPRIO_CAMERA_STATE_ERROR,     /* nothing can be shown; the notice says why */
} ProprioCameraState;

#define PROPRIO_CAMERA_MAX_DELAY_S    30.0
#define PROPRIO_CAMERA_DELAY_BUDGET   (64u * 1024 * 1024)
#define PROPRIO_CAMERA_DELAY_WIDTH    640

GType               proprio_camera_state_get_type     (void) G_GNUC_CONST;

ProprioCamera      *proprio_camera_new                (void);

/* Parses @spec (see proprio-camera-source.h: auto, test, ball, sim, none, /dev/videoN,
 * name:NAME, with ?size=WxH&fps=N). A running camera switches to it: the old source stops
 * showing at once, the new one follows when open (the state says when). FALSE only for a spec
 * that does not parse. */
gboolean            proprio_camera_set_spec           (ProprioCamera        *self,
                                                       const char           *spec,
                                                       GError              **error);
/* The canonical spec string. */
char               *proprio_camera_dup_spec           (ProprioCamera        *self);
/* Optional: share the application's monitor (else the camera makes its own when a spec needs
 * one). Set it before starting. */
void                proprio_camera_set_monitor        (ProprioCamera        *self,
                                                       ProprioCameraMonitor *monitor);

/* Starts showing, without waiting: the state is STOPPED until the source is open, then
 * PLAYING, FALLBACK or ERROR (notified on the main context). Returns FALSE (state ERROR) only
 * when it is clear at once that nothing at all can be shown (no test pattern element); a
 * missing camera is a FALLBACK state, not a failure. */
gboolean            proprio_camera_start              (ProprioCamera        *self,
                                                       GError              **error);
/* Stops at once: the state is STOPPED, no more frames come and the delay buffer is empty when
 * this returns; the pipeline itself is shut down on the worker. The shown frame stays. */
void                proprio_camera_stop               (ProprioCamera        *self);

/* The latest live frame (whatever the delay or freeze), or NULL. No new reference. */
ProprioFrame       *proprio_camera_get_live_frame     (ProprioCamera        *self);
/* The frame shown now (the shown-frame property), or NULL. No new reference. */
ProprioFrame       *proprio_camera_get_shown_frame    (ProprioCamera        *self);
ProprioDelayBuffer *proprio_camera_get_delay_buffer   (ProprioCamera        *self);

ProprioCameraState  proprio_camera_get_state          (ProprioCamera        *self);
const char         *proprio_camera_get_notice         (ProprioCamera        *self);
/* "Test pattern" or the camera's name. */
const char         *proprio_camera_get_source_label   (ProprioCamera        *self);
double              proprio_camera_get_fps            (ProprioCamera        *self);
guint64             proprio_camera_get_dropped        (ProprioCamera        *self);
gint64              proprio_camera_get_shown_time_us  (ProprioCamera        *self);
/* Seconds of past video the delay buffer holds now: a delay longer than this shows the oldest
 * frame until the buffer has filled. */
double              proprio_camera_get_delay_available (ProprioCamera       *self);

gboolean            proprio_camera_get_mirror         (ProprioCamera        *self);
void                proprio_camera_set_mirror         (ProprioCamera        *self,
                                                       gboolean              mirror);
/* Seconds, 0 to PROPRIO_CAMERA_MAX_DELAY_S. */
double              proprio_camera_get_delay          (ProprioCamera        *self);
void                proprio_camera_set_delay          (ProprioCamera        *self,
                                                       double                seconds);
gboolean            proprio_camera_get_frozen         (ProprioCamera        *self);
void                proprio_camera_set_frozen         (ProprioCamera        *self,
                                                       gboolean              frozen);

/* ---- marker tracking ----
 *
 * The branch: tee ! valve ! queue (leaky, 1 frame) ! videoscale ! BGRA at most 640x360 (the
 * aspect kept, never enlarged) ! appsink (1 frame, drop), at most 30 frames a second. A tracker slower than the camera drops
 * the oldest frame, never delays the next; frames skipped are counted and the sample after them
 * carries PROPRIO_SAMPLE_AFTER_GAP. The frames are the ones shown (mirrored when the camera
 * mirrors), so marker positions are in the coordinates of the picture on screen.
 *
 * The angle ring has one writer, the branch of the pipeline shown (a pipeline being replaced is
 * detached first), and a cursor per reader: the station feeds exercises from it, a view draws
 * from it. Samples are described in core/proprio-marker-sample.h; their times strictly
 * increase. Marker colours and tolerances are the tracker's settings: set them through the
 * functions below (which notify "markers-changed") or on the tracker itself. */
#define PROPRIO_CAMERA_TRACK_MAX_WIDTH  640
#define PROPRIO_CAMERA_TRACK_MAX_HEIGHT 360
/* Frames are tracked at the camera's rate up to this; a faster camera has frames left out
 * before they are scaled (evenly, not counted as dropped). */
#define PROPRIO_CAMERA_TRACK_MAX_FPS    30

typedef struct
{
  guint64 frames;          /* frames tracked since the camera was made */
  guint64 frames_missed;   /* frames the branch dropped while tracking (it fell behind) */
  int     width, height;   /* size of the frames tracked last */
  double  tracker_ms;      /* thread CPU of the tracker on the last frame */
  double  branch_ms;       /* thread CPU of the whole branch (scaling too) on the last frame,
                            * 0 when not known yet */
  double  mean_tracker_ms; /* over every frame tracked */
  double  mean_branch_ms;
} ProprioCameraTrackingStats;

/* The "tracking" property (default FALSE). Any time; a running pipeline follows at once. */
gboolean              proprio_camera_get_tracking        (ProprioCamera              *self);
void                  proprio_camera_set_tracking        (ProprioCamera              *self,
                                                          gboolean                    tracking);
/* The camera's tracker, for as long as the camera lives (no new reference). */
ProprioMarkerTracker *proprio_camera_get_marker_tracker  (ProprioCamera              *self);
/* The angle stream, for as long as the camera lives (no new reference). */
ProprioRing          *proprio_camera_get_angle_ring      (ProprioCamera              *self);
/* Any thread. */
void                  proprio_camera_get_tracking_stats  (ProprioCamera              *self,
                                                          ProprioCameraTrackingStats *out);

/* Sets @marker's colour to the mean colour of a small disc (about 1 % of the frame's height in
 * radius) around (x, y) of @frame, in @frame's pixels: the frame the user clicked, as shown
 * (live, delayed or frozen). FALSE with PROPRIO_CAMERA_ERROR_MARKER_COLOR, and nothing changed,
 * when the point is outside the frame or has no colour a marker can be told by (grey, white,
 * too dark). */
gboolean              proprio_camera_pick_marker_color   (ProprioCamera              *self,
                                                          ProprioFrame               *frame,
                                                          ProprioMarkerId             marker,
                                                          double                      x,
                                                          double                      y,
                                                          GError                    **error);
/* Sets @marker's colour as it is (a colour kept from an earlier session, a known sticker). */
void                  proprio_camera_set_marker_color    (ProprioCamera              *self,
                                                          ProprioMarkerId             marker,
                                                          const ProprioHsv           *color);
/* Forgets @marker's colour (it is then UNSET: no angle until it is picked again). */
void                  proprio_camera_clear_marker_color  (ProprioCamera              *self,
                                                          ProprioMarkerId             marker);
/* The same tolerance for the three markers. */
void                  proprio_camera_set_marker_tolerance (ProprioCamera             *self,
                                                           const ProprioMarkerTolerance *tol);

/* ---- recording ----
 *
 * A session records the camera through a fourth branch: tee ! valve ! queue (leaky, 2 frames)
 * ! videoscale ! videoconvert ! I420 within PROPRIO_CAMERA_RECORD_MAX_WIDTH x
 * PROPRIO_CAMERA_RECORD_MAX_HEIGHT (the aspect kept, never enlarged) ! jpegenc (quality
 * PROPRIO_CAMERA_RECORD_QUALITY) ! appsink, at most PROPRIO_CAMERA_RECORD_MAX_FPS frames a
 * second. The function gets each JPEG on that branch's streaming thread, stamped with the
 * frame's capture time (the clock of ProprioFrame and of every sample). An encoder or a
 * function slower than the camera loses recorded frames (counted), never a live one.
 *
 * Frames are recorded while a function is set and the camera shows what its spec asks for
 * (state PLAYING): a test pattern standing in for a missing camera is not recorded, and a camera
 * that nothing holds open (stopped) records nothing. While no function is set the valve drops
 * every frame before it is scaled: no CPU. The frames are the ones shown (mirrored when the
 * camera mirrors). */
#define PROPRIO_CAMERA_RECORD_MAX_WIDTH  640
#define PROPRIO_CAMERA_RECORD_MAX_HEIGHT 360
#define PROPRIO_CAMERA_RECORD_QUALITY    75
#define PROPRIO_CAMERA_RECORD_MAX_FPS    30

/* On a streaming thread: @jpeg is one frame (keep a reference to hold it). Return quickly. */
typedef void (*ProprioCameraRecordFunc) (gint64   t_us,
                                         GBytes  *jpeg,
                                         int      width,
                                         int      height,
                                         gpointer user_data);

typedef struct
{
  guint64 frames;          /* frames handed to record functions since the camera was made */
  guint64 frames_missed;   /* frames the branch lost while recording (it fell behind) */
  int     width, height;   /* size of the frames recorded last */
  double  branch_ms;       /* thread CPU of the branch (scale, convert, encode) on the last frame */
  double  mean_branch_ms;
} ProprioCameraRecordStats;

/* Sets (NULL: clears) who gets the recorded frames; the "recording" property follows. When this
 * returns, the previous function is never called again and its @notify has run. */
void                  proprio_camera_set_record_func     (ProprioCamera              *self,
                                                          ProprioCameraRecordFunc     func,
                                                          gpointer                    user_data,
                                                          GDestroyNotify              notify);
/* A function is set and frames flow to it now (the camera plays what its spec asks). */
gboolean              proprio_camera_get_recording       (ProprioCamera              *self);
/* Any thread. */
void                  proprio_camera_get_record_stats    (ProprioCamera              *self,
                                                          ProprioCameraRecordStats   *out);
/* The size of recorded frames for @width x @height video (even sides). */
void                  proprio_camera_record_size         (int                         width,
                                                          int                         height,
                                                          int                        *out_width,
                                                          int                        *out_height);

/* The simulated leg the "sim" spec shows (proprio-sim-camera.h), for the camera's lifetime (no
 * new reference); it moves as the intent says whether or not it is shown. */
ProprioSimCamera     *proprio_camera_get_sim             (ProprioCamera              *self);
void                  proprio_camera_set_sim_intent      (ProprioCamera              *self,
                                                          const ProprioSimJointIntent *intent);

G_END_DECLS
