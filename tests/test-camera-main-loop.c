/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Nothing in the camera path blocks the main thread: opening, switching, freezing and stopping
 * the test pattern, the moving "sim" pattern and a camera that takes a quarter of a second to
 * open and to close (as some USB cameras do), and a device monitor whose provider is as slow
 * to start and stop. The main thread's longest stall is measured all along and must stay under
 * 20 ms. Also: requests in quick succession end in the last one, and a camera dropped while its
 * worker is busy is safe. */
#include <errno.h>
#include <fcntl.h>
#include <gst/gst.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"

#define MAX_STALL_US  (20 * G_TIME_SPAN_MILLISECOND)
#define SLOW_US       (250 * G_TIME_SPAN_MILLISECOND)
#define TIMEOUT_MS    20000

/* --- the stall meter ---
 *
 * The main thread is stalled whenever it is neither waiting in poll() nor free to: so the meter
 * wraps the main context's poll function and measures each stretch between two polls (whatever
 * ran in it: sources dispatched, or the test's own calls into the camera). Time the thread
 * spent runnable but not running (the machine is busy, another process had the CPU) is not a
 * stall of ours: the kernel counts it per thread (schedstat's run-queue wait) and it is taken
 * off. What remains is time the thread computed or waited for something, which is what a
 * blocking call costs. */
typedef struct
{
  GPollFunc    poll;           /* the context's own */
  int          schedstat_fd;   /* the main thread's, or -1 where the kernel has none */
  gboolean     armed;
  gint64       left_us;        /* when the last poll returned */
  guint64      left_wait_ns;   /* run-queue wait by then */
  gint64       longest_us;
  const char  *phase;
  const char  *longest_phase;
  guint        stretches;
  guint        ticks;
} Meter;

static Meter meter = { .schedstat_fd = -1 };
static GThread *main_thread;

static guint64
runqueue_wait_ns (void)
{
  char text[128];
  ssize_t n;
  unsigned long long on_cpu = 0, waiting = 0;

  if (meter.schedstat_fd < 0)
    return 0;
  n = pread (meter.schedstat_fd, text, sizeof text - 1, 0);
  if (n <= 0)
    return 0;
  text[n] = '\0';
  if (sscanf (text, "%llu %llu", &on_cpu, &waiting) != 2)
    return 0;
  return waiting;
}

static void
meter_mark (void)
{
  meter.left_us = g_get_monotonic_time ();
  meter.left_wait_ns = runqueue_wait_ns ();
}

static void
meter_account (void)
{
  gint64 stall;

  if (!meter.armed || meter.left_us == 0)
    return;
  stall = g_get_monotonic_time () - meter.left_us
          - (gint64) ((runqueue_wait_ns () - meter.left_wait_ns) / 1000);
  meter.stretches++;
  if (stall > meter.longest_us)
    {
      meter.longest_us = stall;
      meter.longest_phase = meter.phase;
    }
}

static gint
measuring_poll (GPollFD *fds,
                guint    nfds,
                gint     timeout)
{
  gint ret;

  /* Only the main thread's polls: the meter is about it alone. */
  if (g_thread_self () != main_thread)
    return meter.poll (fds, nfds, timeout);
  meter_account ();
  ret = meter.poll (fds, nfds, timeout);
  meter_mark ();
  return ret;
}

static gboolean
on_tick (gpointer data)
{
  meter.ticks++;
  return G_SOURCE_CONTINUE;
}

static void
meter_arm (const char *phase)
{
  meter.phase = phase;
  meter.longest_us = 0;
  meter.longest_phase = NULL;
  meter.stretches = 0;
  meter.ticks = 0;
  meter.armed = TRUE;
  meter_mark ();
}

static void
meter_phase (const char *phase)
{
  meter.phase = phase;
}

/* Disarms the meter and checks what it saw: the loop ran all along, never stalled for long. */
static void
meter_check (void)
{
  meter_account ();
  meter.armed = FALSE;
  g_test_message ("longest main-thread stall: %" G_GINT64_FORMAT " us (%s), %u stretches, "
                  "%u ticks", meter.longest_us,
                  meter.longest_phase ? meter.longest_phase : "-", meter.stretches, meter.ticks);
  g_assert_cmpuint (meter.ticks, >, 50);
  if (meter.longest_us >= MAX_STALL_US)
    g_error ("the main thread stalled %" G_GINT64_FORMAT " us while %s", meter.longest_us,
             meter.longest_phase);
}

static void
meter_init (void)
{
  GMainContext *context = g_main_context_default ();

  main_thread = g_thread_self ();
  meter.schedstat_fd = open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (meter.schedstat_fd < 0)
    g_test_message ("no schedstat (%s): run-queue waits count as stalls", g_strerror (errno));
  meter.poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, measuring_poll);
  /* A high-priority tick: the loop comes round at least every millisecond. */
  g_timeout_add_full (G_PRIORITY_HIGH, 1, on_tick, NULL, NULL);
}

/* --- waiting --- */

#define WAIT_UNTIL(cond)                                                              \
  G_STMT_START {                                                                      \
    gint64 deadline_ = g_get_monotonic_time () + TIMEOUT_MS * G_TIME_SPAN_MILLISECOND; \
    while (!(cond))                                                                   \
      {                                                                               \
        if (g_get_monotonic_time () > deadline_)                                      \
          g_error ("timed out waiting for %s", #cond);                                \
        g_main_context_iteration (NULL, TRUE);                                        \
      }                                                                               \
  } G_STMT_END

static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  guint  frames;
  int    last_width;
} Frames;

static void
on_frame (ProprioCamera *camera,
          ProprioFrame  *frame,
          Frames        *log)
{
  log->frames++;
  log->last_width = proprio_frame_get_width (frame);
}

/* Waits for @n frames @width wide. */
static void
wait_frames (Frames *log,
             guint   n,
             int     width)
{
  guint target;

  WAIT_UNTIL (log->last_width == width);
  target = log->frames + n;
  WAIT_UNTIL (log->frames >= target);
  g_assert_cmpint (log->last_width, ==, width);
}

static ProprioCameraState
state_of (ProprioCamera *camera)
{
  return proprio_camera_get_state (camera);
}

static void
set_spec (ProprioCamera *camera,
          const char    *spec)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_camera_set_spec (camera, spec, &error));
  g_assert_no_error (error);
}

static void
start (ProprioCamera *camera)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_camera_start (camera, &error));
  g_assert_no_error (error);
}

/* --- a slow camera: a live test source that takes SLOW_US to open and to close --- */

static gint slow_opens;       /* NULL to READY transitions begun */
static gint slow_closes;      /* READY to NULL transitions done */
static gint slow_on_main;     /* of either, on the main thread (must stay 0) */

typedef struct
{
  GstBin parent_instance;
} SlowSource;

typedef struct
{
  GstBinClass parent_class;
} SlowSourceClass;

static GType slow_source_get_type (void);
G_DEFINE_TYPE (SlowSource, slow_source, GST_TYPE_BIN)

static GstStateChangeReturn
slow_source_change_state (GstElement     *element,
                          GstStateChange  transition)
{
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY
      || transition == GST_STATE_CHANGE_READY_TO_NULL)
    {
      if (g_thread_self () == main_thread)
        g_atomic_int_inc (&slow_on_main);
      if (transition == GST_STATE_CHANGE_NULL_TO_READY)
        g_atomic_int_inc (&slow_opens);
      /* What a slow driver does in open() and close(). */
      g_usleep (SLOW_US);
    }
  ret = GST_ELEMENT_CLASS (slow_source_parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_NULL)
    g_atomic_int_inc (&slow_closes);
  return ret;
}

static void
slow_source_class_init (SlowSourceClass *klass)
{
  GST_ELEMENT_CLASS (klass)->change_state = slow_source_change_state;
}

static void
slow_source_init (SlowSource *self)
{
  GstElement *src = gst_element_factory_make ("videotestsrc", NULL);
  g_autoptr(GstPad) pad = NULL;

  g_object_set (src, "is-live", TRUE, NULL);
  gst_bin_add (GST_BIN (self), src);
  pad = gst_element_get_static_pad (src, "src");
  gst_element_add_pad (GST_ELEMENT (self), gst_ghost_pad_new ("src", pad));
}

typedef struct
{
  GstDevice parent_instance;
} SlowCamera;

typedef struct
{
  GstDeviceClass parent_class;
} SlowCameraClass;

static GType slow_camera_get_type (void);
G_DEFINE_TYPE (SlowCamera, slow_camera, GST_TYPE_DEVICE)

static GstElement *
slow_camera_create_element (GstDevice  *device,
                            const char *name)
{
  return g_object_new (slow_source_get_type (), "name", name, NULL);
}

static void
slow_camera_class_init (SlowCameraClass *klass)
{
  GST_DEVICE_CLASS (klass)->create_element = slow_camera_create_element;
}

static void
slow_camera_init (SlowCamera *self)
{
}

/* The provider is slow too: starting and stopping it takes SLOW_US (udev, a PipeWire
 * connection). */
static gint provider_starts;
static gint provider_stops;
static GstDevice *slow_device;

typedef struct
{
  GstDeviceProvider parent_instance;
} SlowProvider;

typedef struct
{
  GstDeviceProviderClass parent_class;
} SlowProviderClass;

static GType slow_provider_get_type (void);
G_DEFINE_TYPE (SlowProvider, slow_provider, GST_TYPE_DEVICE_PROVIDER)

static GList *
slow_provider_probe (GstDeviceProvider *provider)
{
  return g_list_append (NULL, gst_object_ref (slow_device));
}

static gboolean
slow_provider_start (GstDeviceProvider *provider)
{
  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&slow_on_main);
  g_usleep (SLOW_US);
  gst_device_provider_device_add (provider, gst_object_ref (slow_device));
  g_atomic_int_inc (&provider_starts);
  return TRUE;
}

static void
slow_provider_stop (GstDeviceProvider *provider)
{
  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&slow_on_main);
  g_usleep (SLOW_US);
  g_atomic_int_inc (&provider_stops);
}

static void
slow_provider_class_init (SlowProviderClass *klass)
{
  GstDeviceProviderClass *dp = GST_DEVICE_PROVIDER_CLASS (klass);

  dp->probe = slow_provider_probe;
  dp->start = slow_provider_start;
  dp->stop = slow_provider_stop;
  gst_device_provider_class_set_static_metadata (dp, "Slow test cameras", "Video/Source",
                                                 "A camera slow to open", "Proprio");
}

static void
slow_provider_init (SlowProvider *self)
{
}

/* A camera and its monitor, the monitor started (slowly) and ready. */
static ProprioCamera *
camera_with_monitor (ProprioCameraMonitor **monitor_out)
{
  ProprioCamera *camera = proprio_camera_new ();
  g_autoptr(ProprioCameraMonitor) monitor = proprio_camera_monitor_new ();

  proprio_camera_monitor_set_use_portal (monitor, FALSE);
  proprio_camera_set_monitor (camera, monitor);
  if (monitor_out != NULL)
    *monitor_out = g_object_ref (monitor);
  return camera;
}

/* --- tests --- */

/* The test pattern and "sim": open, switch, freeze, stop, with the loop never held up. */
static void
test_patterns_never_stall (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  Frames log = { 0 };

  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &log);
  set_spec (camera, "test?size=320x180");

  meter_arm ("opening the test pattern");
  start (camera);
  WAIT_UNTIL (state_of (camera) == PROPRIO_CAMERA_STATE_PLAYING);
  wait_frames (&log, 5, 320);

  meter_phase ("switching to sim");
  set_spec (camera, "sim?size=160x120");
  wait_frames (&log, 5, 160);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);

  meter_phase ("freezing");
  proprio_camera_set_frozen (camera, TRUE);
  run_for (200);
  proprio_camera_set_frozen (camera, FALSE);
  wait_frames (&log, 3, 160);

  meter_phase ("switching the size");
  set_spec (camera, "sim?size=320x180&fps=15");
  wait_frames (&log, 3, 320);

  meter_phase ("stopping");
  proprio_camera_stop (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  _proprio_camera_settle (camera);
  run_for (100);
  meter_check ();
}

/* A camera that takes SLOW_US to open and as long to close, and a monitor as slow to start:
 * all of it happens on workers while the main loop runs on. This is the regression test of
 * opening on the main thread, which stalled for the whole open. */
static void
test_slow_camera_never_stalls (void)
{
  g_autoptr(ProprioCameraMonitor) monitor = NULL;
  g_autoptr(ProprioCamera) camera = camera_with_monitor (&monitor);
  Frames log = { 0 };
  gint opens = g_atomic_int_get (&slow_opens);
  gint starts = g_atomic_int_get (&provider_starts);
  gint stops = g_atomic_int_get (&provider_stops);
  gint closes;
  guint frames_when_stopped;

  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &log);
  set_spec (camera, "name:Slow Camera?size=320x180");

  meter_arm ("opening the slow camera (and starting its monitor)");
  start (camera);
  /* Waiting for the monitor's first list, not guessing "no camera". */
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  WAIT_UNTIL (state_of (camera) != PROPRIO_CAMERA_STATE_STOPPED);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Slow Camera");
  g_assert_cmpint (g_atomic_int_get (&provider_starts), ==, starts + 1);
  g_assert_cmpint (g_atomic_int_get (&slow_opens), ==, opens + 1);
  wait_frames (&log, 5, 320);

  meter_phase ("switching from the slow camera to the test pattern");
  closes = g_atomic_int_get (&slow_closes);
  set_spec (camera, "test?size=160x120");
  wait_frames (&log, 5, 160);
  g_assert_cmpint (g_atomic_int_get (&slow_closes), ==, closes + 1);

  meter_phase ("switching back to the slow camera");
  set_spec (camera, "name:Slow Camera?size=320x180");
  wait_frames (&log, 5, 320);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);

  meter_phase ("freezing the slow camera");
  proprio_camera_set_frozen (camera, TRUE);
  run_for (100);
  proprio_camera_set_frozen (camera, FALSE);

  meter_phase ("stopping the slow camera");
  closes = g_atomic_int_get (&slow_closes);
  proprio_camera_stop (camera);
  /* Stopped at once, though the camera takes SLOW_US to close on the worker. */
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  frames_when_stopped = log.frames;
  WAIT_UNTIL (g_atomic_int_get (&slow_closes) == closes + 1);
  g_assert_cmpuint (log.frames, ==, frames_when_stopped);

  meter_phase ("stopping the monitor");
  proprio_camera_monitor_stop (monitor);
  WAIT_UNTIL (g_atomic_int_get (&provider_stops) == stops + 1);
  run_for (50);
  meter_check ();

  /* Every slow call was made on a worker. */
  g_assert_cmpint (g_atomic_int_get (&slow_on_main), ==, 0);
}

/* A start followed at once by a stop ends stopped, with nothing shown; several specs in a row
 * end on the last. */
static void
test_quick_requests_end_in_the_last (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  Frames log = { 0 };

  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &log);
  set_spec (camera, "test?size=320x180");
  start (camera);
  proprio_camera_stop (camera);
  _proprio_camera_settle (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  run_for (300);
  g_assert_cmpuint (log.frames, ==, 0);
  g_assert_null (proprio_camera_get_live_frame (camera));

  start (camera);
  set_spec (camera, "sim?size=160x120");
  set_spec (camera, "none");
  set_spec (camera, "test?size=240x180");
  _proprio_camera_settle (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  wait_frames (&log, 5, 240);
  /* Only the last one was shown: the others were dropped before or after opening. */
  run_for (200);
  g_assert_cmpint (log.last_width, ==, 240);

  /* none after a test pattern: stopped, and stays so. */
  set_spec (camera, "test?size=160x120");
  set_spec (camera, "none");
  _proprio_camera_settle (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  log.last_width = 0;
  run_for (300);
  g_assert_cmpint (log.last_width, ==, 0);
}

/* The slow camera asked for, then the test pattern before it has opened: the test pattern
 * shows, and the slow camera is not left open. */
static void
test_switch_while_opening (void)
{
  g_autoptr(ProprioCameraMonitor) monitor = NULL;
  g_autoptr(ProprioCamera) camera = camera_with_monitor (&monitor);
  Frames log = { 0 };
  gint opens, closes;

  g_signal_connect (camera, "frame", G_CALLBACK (on_frame), &log);
  set_spec (camera, "name:Slow Camera?size=320x180");
  start (camera);
  _proprio_camera_settle (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);

  /* Switched away and back and away while the slow camera closes and opens. */
  opens = g_atomic_int_get (&slow_opens);
  closes = g_atomic_int_get (&slow_closes);
  set_spec (camera, "test?size=160x120");
  set_spec (camera, "name:Slow Camera?size=320x180");
  WAIT_UNTIL (g_atomic_int_get (&slow_closes) == closes + 1);
  set_spec (camera, "test?size=240x180");
  _proprio_camera_settle (camera);
  g_assert_cmpint (state_of (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test pattern");
  wait_frames (&log, 5, 240);
  /* Whatever of the slow camera was opened meanwhile is closed again. */
  WAIT_UNTIL (g_atomic_int_get (&slow_closes) - closes
              == g_atomic_int_get (&slow_opens) - opens + 1);

  proprio_camera_stop (camera);
  proprio_camera_monitor_stop (monitor);
}

/* Dropping the camera while its worker opens the slow camera: dispose does not wait, the
 * answer is dropped and the camera opened meanwhile is closed. (Under AddressSanitizer this
 * is the use-after-free test.) */
static void
test_dispose_while_opening (void)
{
  g_autoptr(ProprioCameraMonitor) monitor = proprio_camera_monitor_new ();
  ProprioCamera *camera;
  gint opens, closes;
  gint64 t0;

  proprio_camera_monitor_set_use_portal (monitor, FALSE);
  g_assert_true (proprio_camera_monitor_start (monitor, NULL));
  WAIT_UNTIL (proprio_camera_monitor_is_ready (monitor));

  camera = proprio_camera_new ();
  proprio_camera_set_monitor (camera, monitor);
  set_spec (camera, "name:Slow Camera?size=320x180");
  opens = g_atomic_int_get (&slow_opens);
  closes = g_atomic_int_get (&slow_closes);
  start (camera);
  /* The open is under way on the worker. */
  WAIT_UNTIL (g_atomic_int_get (&slow_opens) == opens + 1);
  t0 = g_get_monotonic_time ();
  g_object_unref (camera);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, MAX_STALL_US);

  /* The worker finishes the open, its answer finds no camera, and the camera is closed. */
  WAIT_UNTIL (g_atomic_int_get (&slow_closes) == closes + 1);
  run_for (100);
  g_assert_cmpint (g_atomic_int_get (&slow_opens), ==, opens + 1);

  proprio_camera_monitor_stop (monitor);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GstCaps) caps = NULL;
  int status;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  meter_init ();

  caps = gst_caps_from_string ("video/x-raw, format=BGRA, width=320, height=180, "
                               "framerate=30/1");
  slow_device = g_object_new (slow_camera_get_type (), "display-name", "Slow Camera",
                              "device-class", "Video/Source", "caps", caps, NULL);
  gst_object_ref_sink (slow_device);
  g_assert_true (gst_device_provider_register (NULL, "proprio-slow-cameras", GST_RANK_PRIMARY,
                                               slow_provider_get_type ()));

  g_test_add_func ("/camera-main-loop/patterns-never-stall", test_patterns_never_stall);
  g_test_add_func ("/camera-main-loop/slow-camera-never-stalls", test_slow_camera_never_stalls);
  g_test_add_func ("/camera-main-loop/quick-requests-end-in-the-last",
                   test_quick_requests_end_in_the_last);
  g_test_add_func ("/camera-main-loop/switch-while-opening", test_switch_while_opening);
  g_test_add_func ("/camera-main-loop/dispose-while-opening", test_dispose_while_opening);

  status = g_test_run ();
  gst_clear_object (&slow_device);
  return status;
}
