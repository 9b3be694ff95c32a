/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Camera unplug and return, through GStreamer's real device-monitor machinery: this test
 * registers a device provider whose one camera (a live videotestsrc underneath) it can plug in,
 * fail and unplug at will. */
#include <gst/gst.h>
#include <string.h>

#include "video/proprio-camera.h"
#include "video/proprio-camera-private.h"

/* --- a camera device whose element is a live test source --- */

typedef struct
{
  GstDevice   parent_instance;
  /* The element made for the current pipeline, weakly. A GWeakRef, not a weak pointer: the
   * camera makes and drops its pipelines on a worker thread while the test reads this. */
  GWeakRef    last_element;
} TestCamera;

typedef struct
{
  GstDeviceClass parent_class;
} TestCameraClass;

static GType test_camera_get_type (void);
G_DEFINE_TYPE (TestCamera, test_camera, GST_TYPE_DEVICE)

static GstElement *
test_camera_create_element (GstDevice  *device,
                            const char *name)
{
  TestCamera *self = (TestCamera *) device;
  GstElement *src = gst_element_factory_make ("videotestsrc", name);

  g_object_set (src, "is-live", TRUE, NULL);
  g_weak_ref_set (&self->last_element, src);
  return src;
}

static void
test_camera_finalize (GObject *object)
{
  TestCamera *self = (TestCamera *) object;

  g_weak_ref_clear (&self->last_element);
  G_OBJECT_CLASS (test_camera_parent_class)->finalize (object);
}

static void
test_camera_class_init (TestCameraClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_camera_finalize;
  GST_DEVICE_CLASS (klass)->create_element = test_camera_create_element;
}

static void
test_camera_init (TestCamera *self)
{
  g_weak_ref_init (&self->last_element, NULL);
}

static GstDevice *
test_camera_new (void)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (
    "video/x-raw, format=BGRA, width=320, height=180, framerate=30/1; "
    "video/x-raw, format=BGRA, width=160, height=120, framerate=30/1");

  return g_object_new (test_camera_get_type (), "display-name", "Test Camera",
                       "device-class", "Video/Source", "caps", caps, NULL);
}

/* --- the provider --- */

typedef struct
{
  GstDeviceProvider parent_instance;
} TestProvider;

typedef struct
{
  GstDeviceProviderClass parent_class;
} TestProviderClass;

static GType test_provider_get_type (void);
G_DEFINE_TYPE (TestProvider, test_provider, GST_TYPE_DEVICE_PROVIDER)

static GstDevice *the_camera;      /* non-NULL while plugged in */

static GList *
test_provider_probe (GstDeviceProvider *provider)
{
  return the_camera ? g_list_append (NULL, gst_object_ref (the_camera)) : NULL;
}

static gboolean
test_provider_start (GstDeviceProvider *provider)
{
  if (the_camera != NULL)
    gst_device_provider_device_add (provider, gst_object_ref (the_camera));
  return TRUE;
}

static void
test_provider_stop (GstDeviceProvider *provider)
{
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  GstDeviceProviderClass *dp = GST_DEVICE_PROVIDER_CLASS (klass);

  dp->probe = test_provider_probe;
  dp->start = test_provider_start;
  dp->stop = test_provider_stop;
  gst_device_provider_class_set_static_metadata (dp, "Test cameras", "Video/Source",
                                                 "Cameras for tests", "Proprio");
}

static void
test_provider_init (TestProvider *self)
{
}

static GstDeviceProvider *
get_provider (void)
{
  /* The factory keeps one provider: this is the one the camera's monitor runs. */
  return gst_device_provider_factory_get_by_name ("proprio-test-cameras");
}

static void
plug (void)
{
  g_autoptr(GstDeviceProvider) provider = get_provider ();

  g_assert_null (the_camera);
  the_camera = test_camera_new ();
  gst_object_ref_sink (the_camera);
  if (gst_device_provider_is_started (provider))
    gst_device_provider_device_add (provider, gst_object_ref (the_camera));
}

static void
unplug (void)
{
  g_autoptr(GstDeviceProvider) provider = get_provider ();
  TestCamera *cam = (TestCamera *) the_camera;
  g_autoptr(GstElement) element = g_weak_ref_get (&cam->last_element);

  /* What a yanked USB camera does: the source fails, then the device goes away. */
  if (element != NULL)
    GST_ELEMENT_ERROR (element, RESOURCE, READ, ("Device is gone"), (NULL));
  gst_device_provider_device_remove (provider, the_camera);
  gst_clear_object (&the_camera);
}

/* --- tests --- */

static void
wait_until_ready (ProprioCameraMonitor *monitor)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!proprio_camera_monitor_is_ready (monitor))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_for_state (ProprioCamera      *camera,
                ProprioCameraState  state)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (proprio_camera_get_state (camera) != state)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wait_for_frame_of_width (ProprioCamera *camera,
                         int            width)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      ProprioFrame *f = proprio_camera_get_live_frame (camera);

      if (f != NULL && proprio_frame_get_width (f) == width)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* auto picks the camera; unplugging it brings the test pattern and a notice naming it; plugging
 * it back returns to it and clears the notice. The fallback pattern is a different size from
 * the camera here, so frames show which one is running. */
static void
test_unplug_and_return (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(ProprioCameraMonitor) monitor = proprio_camera_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDevice) found = NULL;
  g_autofree char *notice = NULL;

  plug ();
  g_assert_true (proprio_camera_monitor_start (monitor, &error));
  /* The device monitor starts on a worker: the list fills a little later. */
  g_assert_false (proprio_camera_monitor_is_ready (monitor));
  wait_until_ready (monitor);
  g_assert_cmpuint (g_list_model_get_n_items (proprio_camera_monitor_get_devices (monitor)), ==, 1);
  proprio_camera_set_monitor (camera, monitor);
  /* 320x180 is offered; 400x300 is not, so the fallback pattern (which makes any size) differs. */
  g_assert_true (proprio_camera_set_spec (camera, "auto?size=400x300", &error));
  g_assert_true (proprio_camera_start (camera, &error));
  g_assert_no_error (error);
  _proprio_camera_settle (camera);

  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test Camera");
  g_assert_null (proprio_camera_get_notice (camera));
  wait_for_frame_of_width (camera, 320);

  unplug ();
  wait_for_state (camera, PROPRIO_CAMERA_STATE_FALLBACK);
  notice = g_strdup (proprio_camera_get_notice (camera));
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "Test Camera"));
  g_assert_nonnull (strstr (notice, "Device is gone"));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test pattern");
  wait_for_frame_of_width (camera, 400);
  g_assert_cmpuint (g_list_model_get_n_items (proprio_camera_monitor_get_devices (monitor)), ==, 0);

  plug ();
  wait_for_state (camera, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_null (proprio_camera_get_notice (camera));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test Camera");
  wait_for_frame_of_width (camera, 320);

  /* The monitor finds it by name too. */
  {
    g_autoptr(ProprioCameraSpec) by_name = proprio_camera_spec_parse ("name:Test Camera", NULL);
    g_autoptr(ProprioCameraSpec) other = proprio_camera_spec_parse ("name:Other", NULL);
    g_autoptr(GArray) modes = NULL;

    found = proprio_camera_monitor_find (monitor, by_name);
    g_assert_true (found == the_camera);
    g_assert_null (proprio_camera_monitor_find (monitor, other));
    g_assert_null (proprio_camera_device_dup_path (found));
    modes = proprio_camera_device_list_modes (found);
    g_assert_cmpuint (modes->len, ==, 2);
  }

  proprio_camera_stop (camera);
  unplug ();
}

/* A camera named but absent at start: fallback with a notice, then used once it appears. */
static void
test_named_camera_arrives_later (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(ProprioCameraMonitor) monitor = proprio_camera_monitor_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (the_camera);
  proprio_camera_set_monitor (camera, monitor);
  g_assert_true (proprio_camera_set_spec (camera, "name:Test Camera?size=400x300", &error));
  g_assert_true (proprio_camera_start (camera, &error));
  /* The camera waits for the monitor's first list before it says the camera is missing. */
  _proprio_camera_settle (camera);
  g_assert_true (proprio_camera_monitor_is_ready (monitor));
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_FALLBACK);
  g_assert_nonnull (strstr (proprio_camera_get_notice (camera), "Test Camera"));
  g_assert_true (proprio_camera_monitor_is_started (monitor));

  plug ();
  wait_for_state (camera, PROPRIO_CAMERA_STATE_PLAYING);
  wait_for_frame_of_width (camera, 320);
  proprio_camera_stop (camera);
  unplug ();
}

/* A camera plugged in while the test pattern for its absence is still being opened: the
 * camera is used as soon as that settles, not at the next retry. */
static void
test_plugged_while_falling_back (void)
{
  g_autoptr(ProprioCamera) camera = proprio_camera_new ();
  g_autoptr(ProprioCameraMonitor) monitor = proprio_camera_monitor_new ();
  g_autoptr(GError) error = NULL;

  g_assert_null (the_camera);
  g_assert_true (proprio_camera_monitor_start (monitor, &error));
  wait_until_ready (monitor);
  proprio_camera_set_monitor (camera, monitor);
  g_assert_true (proprio_camera_set_spec (camera, "name:Test Camera?size=400x300", &error));
  g_assert_true (proprio_camera_start (camera, &error));
  /* The worker is opening the test pattern: no answer yet. */
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_STOPPED);
  plug ();
  _proprio_camera_settle (camera);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test Camera");
  g_assert_null (proprio_camera_get_notice (camera));
  wait_for_frame_of_width (camera, 320);
  proprio_camera_stop (camera);
  unplug ();
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_assert_true (gst_device_provider_register (NULL, "proprio-test-cameras", GST_RANK_PRIMARY,
                                               test_provider_get_type ()));

  g_test_add_func ("/camera-hotplug/unplug-falls-back-and-returns", test_unplug_and_return);
  g_test_add_func ("/camera-hotplug/named-camera-arrives-later", test_named_camera_arrives_later);
  g_test_add_func ("/camera-hotplug/plugged-while-falling-back", test_plugged_while_falling_back);

  return g_test_run ();
}
