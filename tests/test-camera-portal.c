/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera portal path end to end, on real parts: a private session bus, a PipeWire daemon
 * with WirePlumber, a camera node (videotestsrc into pipewiresink, as a camera service
 * publishes one), the real xdg-desktop-portal with its permission store, and the app's monitor
 * and camera taking the camera through pipewiresrc on the portal's connection.
 *
 * Needs pipewire, wireplumber, gstreamer1.0-pipewire, xdg-desktop-portal and
 * xdg-desktop-portal-gtk (the portal only offers cameras with an access backend), and a display
 * for that backend; the README's test command installs them and runs under Xvfb. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "video/proprio-camera.h"
#include "video/proprio-camera-portal.h"
#include "video/proprio-camera-private.h"

#define CAMERA_NAME "Proprio Portal Test Camera"
#define W 320
#define H 180
#define PORTAL_EXE "/usr/libexec/xdg-desktop-portal"

typedef struct
{
  char            *tmpdir;
  GPtrArray       *daemons;     /* GSubprocess, stopped in reverse order */
  GDBusConnection *bus;
  GstElement      *camera;      /* the camera node's pipeline */
  const char      *skip;        /* why the whole test cannot run here */
} World;

static World world;

/* --- the world: bus, PipeWire, camera node, portal --- */

/* A test that fails aborts: its daemons must not outlive it (the bus's own services go when
 * the bus does). */
static void
die_with_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
launcher_new (const char *log_name)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *log = g_build_filename (world.tmpdir, log_name, NULL);

  /* The daemons' own warnings are theirs, not failures of this test. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  return launcher;
}

static GSubprocess *
spawn (const char *log_name,
       const char *first_arg,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (log_name);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_add (world.daemons, process);
  return process;
}

static void
wait_for_file (const char *path,
               guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }
}

/* A session bus: the system's session configuration, or @config. */
static char *
start_bus (const char *config)
{
  g_autofree char *config_arg = config ? g_strconcat ("--config-file=", config, NULL)
                                       : g_strdup ("--session");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *bus;
  char *address;

  /* Services the bus starts (the portal, its backend, the permission store) get its
   * environment: this test's private folders and desktop, without G_DEBUG. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_set_child_setup (launcher, die_with_test, NULL, NULL);
  bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", config_arg,
                                     "--print-address=1", "--nofork", NULL);
  g_assert_no_error (error);
  g_ptr_array_add (world.daemons, bus);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  return address;
}

static gboolean
have_everything (void)
{
  static const char * const programs[] = { "dbus-daemon", "pipewire", "wireplumber" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_autofree char *path = g_find_program_in_path (programs[i]);

      if (path == NULL)
        {
          world.skip = "pipewire, wireplumber or dbus-daemon is not installed";
          return FALSE;
        }
    }
  if (!g_file_test (PORTAL_EXE, G_FILE_TEST_IS_EXECUTABLE))
    world.skip = "xdg-desktop-portal is not installed";
  else if (gst_element_factory_find ("pipewiresink") == NULL)
    world.skip = "GStreamer's PipeWire plugin is not installed";
  else if (g_getenv ("DISPLAY") == NULL)
    world.skip = "the portal's access backend needs a display (run under Xvfb)";
  return world.skip == NULL;
}

/* The camera a camera service (WirePlumber's V4L2 monitor, libcamera) would publish: a video
 * source node with the Camera role, which is what the portal offers. SMPTE bars differ left
 * to right, so the picture proves the mirror. */
static void
start_camera_node (void)
{
  g_autoptr(GError) error = NULL;
  GstStateChangeReturn ret;

  world.camera = gst_parse_launch ("videotestsrc is-live=true pattern=smpte "
                                   "! video/x-raw,format=BGRx,width=320,height=180,framerate=30/1 "
                                   "! pipewiresink mode=provide client-name=proprio-test-camera "
                                   "stream-properties=\"props,media.class=Video/Source,"
                                   "media.role=Camera,node.description=(string)\\\""
                                   CAMERA_NAME "\\\"\"", &error);
  g_assert_no_error (error);
  ret = gst_element_set_state (world.camera, GST_STATE_PLAYING);
  g_assert_cmpint (ret, !=, GST_STATE_CHANGE_FAILURE);
}

static void
set_permission (const char *answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *answers[] = { answer, NULL };

  /* A host application has the empty application id. */
  reply = g_dbus_connection_call_sync (world.bus, "org.freedesktop.impl.portal.PermissionStore",
                                       "/org/freedesktop/impl/portal/PermissionStore",
                                       "org.freedesktop.impl.portal.PermissionStore",
                                       "SetPermission",
                                       g_variant_new ("(sbss^as)", "devices", TRUE, "camera", "",
                                                      answers),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
camera_present (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (world.bus, "org.freedesktop.portal.Desktop",
                                       "/org/freedesktop/portal/desktop",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.portal.Camera",
                                                      "IsCameraPresent"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 30000,
                                       NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(v)", &value);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value);
}

static void
wait_camera_present (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!camera_present ())
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
}

static void
world_up (void)
{
  g_autofree char *runtime = NULL;
  g_autofree char *address = NULL;
  g_autofree char *socket = NULL;
  g_autoptr(GError) error = NULL;

  world.daemons = g_ptr_array_new_with_free_func (g_object_unref);
  if (!have_everything ())
    return;

  world.tmpdir = g_dir_make_tmp ("proprio-portal-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (world.tmpdir, "run", NULL);
  g_assert_cmpint (g_mkdir (runtime, 0700), ==, 0);
  /* Everything (ours and the daemons') finds each other and keeps state in here. */
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_unsetenv ("PIPEWIRE_RUNTIME_DIR");
  g_unsetenv ("PIPEWIRE_REMOTE");
  for (guint i = 0; i < 4; i++)
    {
      static const char * const vars[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                                           "XDG_CACHE_HOME" };
      static const char * const dirs[] = { "data", "config", "state", "cache" };
      g_autofree char *dir = g_build_filename (world.tmpdir, dirs[i], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
  /* The portal picks its access backend by desktop; the GTK backend serves GNOME. */
  g_setenv ("XDG_CURRENT_DESKTOP", "GNOME", TRUE);

  address = start_bus (NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  world.bus = g_dbus_connection_new_for_address_sync (address,
                                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                      | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                      NULL, NULL, &error);
  g_assert_no_error (error);

  spawn ("pipewire.log", "pipewire", NULL);
  socket = g_build_filename (runtime, "pipewire-0", NULL);
  wait_for_file (socket, 10000);
  spawn ("wireplumber.log", "wireplumber", NULL);
  start_camera_node ();
  /* The portal, its GTK backend and the permission store start on demand, as in a desktop
   * session: the bus activates them. In a session the portal has long seen the camera; here
   * it has just started, so wait until it has. */
  wait_camera_present (10000);
}

static void
print_log (const char *name)
{
  g_autofree char *path = g_build_filename (world.tmpdir, name, NULL);
  g_autofree char *text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL) && *text != '\0')
    g_test_message ("--- %s ---\n%s", name, text);
}

static void
world_down (void)
{
  if (world.camera != NULL)
    {
      gst_element_set_state (world.camera, GST_STATE_NULL);
      gst_clear_object (&world.camera);
    }
  g_clear_object (&world.bus);
  /* Last started, first stopped: the portal before PipeWire, the bus last. */
  for (guint i = world.daemons->len; i > 0; i--)
    {
      GSubprocess *process = g_ptr_array_index (world.daemons, i - 1);

      g_subprocess_send_signal (process, SIGTERM);
      g_subprocess_wait (process, NULL, NULL);
    }
  g_clear_pointer (&world.daemons, g_ptr_array_unref);
  if (world.tmpdir != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", world.tmpdir);

      g_assert_cmpint (system (cmd), ==, 0);
      g_clear_pointer (&world.tmpdir, g_free);
    }
}

static gboolean
skip_if_missing (void)
{
  if (world.skip == NULL)
    return FALSE;
  g_test_skip (world.skip);
  return TRUE;
}

/* --- waiting on the main loop --- */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
}

static int
portal_open (GDBusConnection  *connection,
             GError          **error)
{
  Waiter w = { 0 };
  int fd;

  proprio_camera_portal_open_async (connection, NULL, store_result, &w);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  fd = proprio_camera_portal_open_finish (w.result, error);
  g_object_unref (w.result);
  return fd;
}

static gboolean
access_is (ProprioCameraMonitor *monitor,
           ProprioCameraAccess   access)
{
  return proprio_camera_monitor_get_access (monitor) == access;
}

#define WAIT_UNTIL(cond, timeout_ms)                                                    \
  G_STMT_START {                                                                        \
    gint64 deadline_ = g_get_monotonic_time () + (timeout_ms) * G_TIME_SPAN_MILLISECOND; \
    while (!(cond))                                                                     \
      {                                                                                 \
        if (g_get_monotonic_time () > deadline_)                                        \
          {                                                                             \
            print_log ("pipewire.log");                                                 \
            print_log ("wireplumber.log");                                              \
            g_error ("timed out waiting for %s", #cond);                                \
          }                                                                             \
        g_main_context_iteration (NULL, FALSE);                                         \
        g_usleep (2 * G_TIME_SPAN_MILLISECOND);                                         \
      }                                                                                 \
  } G_STMT_END

static gboolean
lists_test_camera (ProprioCameraMonitor *monitor)
{
  GListModel *devices = proprio_camera_monitor_get_devices (monitor);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *name = gst_device_get_display_name (device);

      if (g_strcmp0 (name, CAMERA_NAME) == 0)
        return TRUE;
    }
  return FALSE;
}

/* --- tests --- */

/* A bus without a portal (nothing to activate): "unavailable", so the monitor opens cameras
 * directly. */
static void
test_no_portal_is_unavailable (void)
{
  g_autofree char *config = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  if (skip_if_missing ())
    return;
  config = g_build_filename (world.tmpdir, "empty-bus.conf", NULL);
  g_file_set_contents (config,
                       "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
                       "<auth>EXTERNAL</auth><policy context=\"default\">"
                       "<allow send_destination=\"*\" eavesdrop=\"true\"/>"
                       "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>"
                       "</busconfig>", -1, &error);
  g_assert_no_error (error);
  address = start_bus (config);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                       | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  fd = portal_open (connection, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, PROPRIO_CAMERA_PORTAL_ERROR, PROPRIO_CAMERA_PORTAL_ERROR_UNAVAILABLE);
  g_dbus_connection_close_sync (connection, NULL, NULL);
}

/* Granted: the portal hands over a PipeWire connection on which the camera node is visible. */
static void
test_granted_gives_pipewire (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioCameraMonitor) monitor = NULL;
  int fd;

  if (skip_if_missing ())
    return;
  set_permission ("yes");
  fd = portal_open (world.bus, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (g_close (fd, NULL), ==, TRUE);

  monitor = proprio_camera_monitor_new ();
  proprio_camera_monitor_set_use_portal (monitor, TRUE);
  g_assert_true (proprio_camera_monitor_start (monitor, &error));
  g_assert_no_error (error);
  /* The answer comes later, on the main loop: asking never blocks. */
  g_assert_cmpint (proprio_camera_monitor_get_access (monitor), ==, PROPRIO_CAMERA_ACCESS_ASKING);
  WAIT_UNTIL (!access_is (monitor, PROPRIO_CAMERA_ACCESS_ASKING), 30000);
  g_assert_cmpint (proprio_camera_monitor_get_access (monitor), ==, PROPRIO_CAMERA_ACCESS_PORTAL);
  g_assert_null (proprio_camera_monitor_get_access_message (monitor));
  WAIT_UNTIL (lists_test_camera (monitor), 10000);

  /* Unplugged and plugged in again: the list follows. */
  g_assert_cmpint (gst_element_set_state (world.camera, GST_STATE_NULL), ==,
                   GST_STATE_CHANGE_SUCCESS);
  WAIT_UNTIL (!lists_test_camera (monitor), 15000);
  g_assert_cmpint (gst_element_set_state (world.camera, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  WAIT_UNTIL (lists_test_camera (monitor), 15000);
  proprio_camera_monitor_stop (monitor);
  g_assert_cmpuint (g_list_model_get_n_items (proprio_camera_monitor_get_devices (monitor)), ==, 0);
}

static guint frames_seen;

static void
count_frame (void)
{
  frames_seen++;
}

static void
assert_rgb (ProprioFrame *frame,
            int           x,
            int           r,
            int           g,
            int           b)
{
  guint8 rgba[4];

  g_assert_true (proprio_frame_get_pixel (frame, x, 0, rgba));
  g_assert_cmpint (abs (rgba[0] - r), <=, 8);
  g_assert_cmpint (abs (rgba[1] - g), <=, 8);
  g_assert_cmpint (abs (rgba[2] - b), <=, 8);
}

/* Refused, the camera shows the test pattern and says why, and opens nothing behind the
 * portal's back; allowed later and asked again, the camera plays through pipewiresrc,
 * mirrored. */
static void
test_refused_then_allowed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioCameraMonitor) monitor = NULL;
  g_autoptr(ProprioCamera) camera = NULL;
  GstElementFactory *factory;
  ProprioFrame *frame;

  if (skip_if_missing ())
    return;
  set_permission ("no");
  monitor = proprio_camera_monitor_new ();
  proprio_camera_monitor_set_use_portal (monitor, TRUE);
  camera = proprio_camera_new ();
  proprio_camera_set_monitor (camera, monitor);
  g_assert_true (proprio_camera_set_spec (camera, "auto?size=320x180", &error));
  g_signal_connect (camera, "frame", G_CALLBACK (count_frame), NULL);
  g_assert_true (proprio_camera_start (camera, &error));
  g_assert_no_error (error);
  /* The test pattern opens on the camera's worker; the portal's answer comes later still. */
  _proprio_camera_settle (camera);

  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_FALLBACK);
  /* Unless the portal has already answered (then the notice says so, checked below). */
  if (access_is (monitor, PROPRIO_CAMERA_ACCESS_ASKING))
    g_assert_cmpstr (proprio_camera_get_notice (camera), ==,
                     "Asking for permission to use the camera. Showing a test pattern "
                     "meanwhile.");
  WAIT_UNTIL (!access_is (monitor, PROPRIO_CAMERA_ACCESS_ASKING), 30000);
  g_assert_cmpint (proprio_camera_monitor_get_access (monitor), ==, PROPRIO_CAMERA_ACCESS_REFUSED);
  g_assert_cmpstr (proprio_camera_monitor_get_access_message (monitor), ==,
                   "Proprio may not use the camera: access was refused. Allow it in the "
                   "system’s privacy settings, then choose the camera again.");
  g_assert_cmpuint (g_list_model_get_n_items (proprio_camera_monitor_get_devices (monitor)), ==, 0);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_FALLBACK);
  g_assert_cmpstr (proprio_camera_get_notice (camera), ==,
                   proprio_camera_monitor_get_access_message (monitor));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, "Test pattern");

  /* The therapist allows it in the settings and opens the camera list again. */
  set_permission ("yes");
  g_assert_true (proprio_camera_monitor_start (monitor, &error));
  WAIT_UNTIL (proprio_camera_get_state (camera) == PROPRIO_CAMERA_STATE_PLAYING, 30000);
  g_assert_cmpint (proprio_camera_monitor_get_access (monitor), ==, PROPRIO_CAMERA_ACCESS_PORTAL);
  g_assert_null (proprio_camera_get_notice (camera));
  g_assert_cmpstr (proprio_camera_get_source_label (camera), ==, CAMERA_NAME);
  factory = gst_element_get_factory (proprio_camera_pipeline_get_source (camera->pipeline));
  g_assert_cmpstr (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), ==,
                   "pipewiresrc");

  /* Pictures come through: SMPTE bars, white at the left edge, blue at the right, swapped by
   * the mirror (on by default). */
  frames_seen = 0;
  WAIT_UNTIL (frames_seen >= 5, 15000);
  frame = proprio_camera_get_live_frame (camera);
  g_assert_cmpint (proprio_frame_get_width (frame), ==, W);
  g_assert_cmpint (proprio_frame_get_height (frame), ==, H);
  assert_rgb (frame, 0, 0, 0, 255);
  assert_rgb (frame, W - 1, 255, 255, 255);
  WAIT_UNTIL (proprio_camera_get_fps (camera) > 10.0, 5000);
  g_assert_cmpfloat (proprio_camera_get_fps (camera), <, 35.0);

  proprio_camera_stop (camera);
  proprio_camera_monitor_stop (monitor);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  world_up ();
  g_test_add_func ("/camera-portal/no-portal-is-unavailable", test_no_portal_is_unavailable);
  g_test_add_func ("/camera-portal/granted-gives-pipewire-cameras", test_granted_gives_pipewire);
  g_test_add_func ("/camera-portal/refused-then-allowed-plays-pipewiresrc",
                   test_refused_then_allowed);
  status = g_test_run ();
  world_down ();
  return status;
}
