/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The patient display with two monitors. Xvfb has one RandR output per screen, and GDK makes a
 * monitor of an output (RandR 1.5 monitors without one, or sharing one, are not GDK monitors), so
 * this test starts a private X server of its own: Xorg with the "dummy" video driver, whose
 * sixteen virtual outputs are real RandR outputs. Two of them are lit side by side (DUMMY0 at the
 * left, DUMMY1 at the right, 1280x1024 each) before GTK opens the display; turning DUMMY1's CRTC
 * off and on again is unplugging it and plugging it back, which GDK follows at run time.
 *
 * There is no window manager: a window maps where it asks to be, and a fullscreen request to a
 * mapped window is a _NET_WM_STATE client message to the root window that nobody grants. So the
 * test watches what the code asked for (the window moved to the monitor's origin, the
 * fullscreen state it maps with, the client messages) and the monitor GDK reports for the
 * surface. Without Xorg or the dummy driver it skips, saying which to install. */
#include "config.h"

#include <errno.h>
#include <gdk/x11/gdkx.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xrandr.h>

#include "app/proprio-patient-display.h"
#include "app/proprio-preferences-window.h"
#include "app/proprio-window.h"
#include "proprio-test-gui.h"

#define DUMMY_DRIVER "/usr/lib/xorg/modules/drivers/dummy_drv.so"
#define MONITOR_W 1280
#define MONITOR_H 1024

static ProprioApplication *app;
static GPid xorg_pid;
static Display *xdpy;        /* the test's own connection: it plugs and watches */
static Atom net_wm_state;
static Atom net_wm_state_fullscreen;

/* ---- the private X server ---- */

static const char xorg_conf[] =
  "Section \"ServerFlags\"\n"
  "  Option \"AutoAddDevices\" \"false\"\n"
  "  Option \"AutoEnableDevices\" \"false\"\n"
  "  Option \"DontVTSwitch\" \"true\"\n"
  "EndSection\n"
  "Section \"Device\"\n"
  "  Identifier \"dummy\"\n"
  "  Driver \"dummy\"\n"
  "  VideoRam 65536\n"
  "EndSection\n"
  "Section \"Monitor\"\n"
  "  Identifier \"monitor\"\n"
  "  HorizSync 5.0 - 1000.0\n"
  "  VertRefresh 5.0 - 200.0\n"
  "EndSection\n"
  "Section \"Screen\"\n"
  "  Identifier \"screen\"\n"
  "  Device \"dummy\"\n"
  "  Monitor \"monitor\"\n"
  "  DefaultDepth 24\n"
  "  SubSection \"Display\"\n"
  "    Depth 24\n"
  "    Modes \"1280x1024\"\n"
  "    Virtual 2560 1024\n"
  "  EndSubSection\n"
  "EndSection\n";

/* The server goes with the test, even when an assertion aborts it. */
static void
xorg_child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts Xorg on a free display number; returns it, or -1 with `why` set. */
static int
start_xorg (char **why)
{
  g_autofree char *xorg = g_find_program_in_path ("Xorg");
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  g_autoptr(GError) error = NULL;
  char number[16] = "";
  size_t got = 0;
  int out = -1;
  gint64 deadline;

  if (xorg == NULL || !g_file_test (DUMMY_DRIVER, G_FILE_TEST_EXISTS))
    {
      *why = g_strdup ("needs Xorg and its dummy video driver (Debian: xserver-xorg-core "
                       "xserver-xorg-video-dummy) for two monitors");
      return -1;
    }
  dir = proprio_test_make_tmp_dir ();
  conf = g_build_filename (dir, "xorg.conf", NULL);
  if (!g_file_set_contents (conf, xorg_conf, -1, &error))
    {
      *why = g_strdup (error->message);
      return -1;
    }
  {
    g_autofree char *log = g_build_filename (dir, "xorg.log", NULL);
    /* A relative -config: Xorg run by a user other than root takes no absolute path. */
    const char *argv[] = { xorg, "-displayfd", "1", "-noreset", "-nolisten", "tcp",
                           "-logfile", log, "-config", "xorg.conf", "-configdir", "none",
                           NULL };

    if (!g_spawn_async_with_pipes (dir, (char **) argv, NULL,
                                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                   xorg_child_setup, NULL, &xorg_pid, NULL, &out, NULL, &error))
      {
        *why = g_strdup_printf ("Xorg did not start: %s", error->message);
        return -1;
      }
  }
  /* -displayfd: the number, then a newline, once the server takes connections. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (got < sizeof number - 1 && strchr (number, '\n') == NULL)
    {
      struct pollfd pfd = { out, POLLIN, 0 };
      int left = (int) ((deadline - g_get_monotonic_time ()) / 1000);
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, left) <= 0)
        break;
      n = read (out, number + got, sizeof number - 1 - got);
      if (n <= 0 && errno != EINTR)
        break;
      if (n > 0)
        got += (size_t) n;
      number[got] = '\0';
    }
  close (out);
  if (strchr (number, '\n') == NULL)
    {
      *why = g_strdup ("Xorg with the dummy driver did not start within 30 s");
      kill (xorg_pid, SIGTERM);
      return -1;
    }
  return atoi (number);
}

static void
stop_xorg (void)
{
  if (xorg_pid > 0)
    {
      kill (xorg_pid, SIGTERM);
      waitpid (xorg_pid, NULL, 0);
      g_spawn_close_pid (xorg_pid);
      xorg_pid = 0;
    }
}

static RRMode
find_mode (XRRScreenResources *res)
{
  for (int i = 0; i < res->nmode; i++)
    if (res->modes[i].width == MONITOR_W && res->modes[i].height == MONITOR_H)
      return res->modes[i].id;
  return None;
}

/* Lights DUMMY1 at the right of DUMMY0 (plug), or turns it off (unplug); the screen grows and
 * shrinks with it, as with a real second monitor. */
static void
plug_second (gboolean plugged)
{
  Window root = DefaultRootWindow (xdpy);
  XRRScreenResources *res = XRRGetScreenResources (xdpy, root);
  RRMode mode = find_mode (res);

  g_assert_cmpint (res->noutput, >=, 2);
  g_assert_cmpint (res->ncrtc, >=, 2);
  g_assert_true (mode != None);
  XGrabServer (xdpy);
  if (plugged)
    {
      XRRSetScreenSize (xdpy, root, 2 * MONITOR_W, MONITOR_H, 2 * 338, 270);
      XRRAddOutputMode (xdpy, res->outputs[1], mode);
      g_assert_cmpint (XRRSetCrtcConfig (xdpy, res, res->crtcs[1], CurrentTime, MONITOR_W, 0, mode,
                                         RR_Rotate_0, &res->outputs[1], 1), ==, RRSetConfigSuccess);
    }
  else
    {
      g_assert_cmpint (XRRSetCrtcConfig (xdpy, res, res->crtcs[1], CurrentTime, 0, 0, None,
                                         RR_Rotate_0, NULL, 0), ==, RRSetConfigSuccess);
      XRRSetScreenSize (xdpy, root, MONITOR_W, MONITOR_H, 338, 270);
    }
  XUngrabServer (xdpy);
  /* The dummy driver tells an output connected when it is probed: probe, as a settings panel
   * would, so the new layout is the current one for every client. */
  XRRFreeScreenResources (XRRGetScreenResources (xdpy, root));
  XSync (xdpy, False);
  XRRFreeScreenResources (res);
}

static void
set_up_first (void)
{
  Window root = DefaultRootWindow (xdpy);
  XRRScreenResources *res = XRRGetScreenResources (xdpy, root);
  RRMode mode = find_mode (res);

  g_assert_true (mode != None);
  XRRAddOutputMode (xdpy, res->outputs[0], mode);
  XRRSetScreenSize (xdpy, root, 2 * MONITOR_W, MONITOR_H, 2 * 338, 270);
  g_assert_cmpint (XRRSetCrtcConfig (xdpy, res, res->crtcs[0], CurrentTime, 0, 0, mode,
                                     RR_Rotate_0, &res->outputs[0], 1), ==, RRSetConfigSuccess);
  XSync (xdpy, False);
  XRRFreeScreenResources (res);
}

/* ---- what the code asked the window manager for ---- */

typedef struct
{
  Window window;
  long   action;   /* 1 add, 0 remove */
  gboolean seen;
} StateRequest;

static void
drain_requests (StateRequest *want)
{
  while (XPending (xdpy) > 0)
    {
      XEvent ev;

      XNextEvent (xdpy, &ev);
      if (want != NULL && ev.type == ClientMessage && ev.xclient.message_type == net_wm_state &&
          ev.xclient.window == want->window && ev.xclient.data.l[0] == want->action &&
          ((Atom) ev.xclient.data.l[1] == net_wm_state_fullscreen ||
           (Atom) ev.xclient.data.l[2] == net_wm_state_fullscreen))
        want->seen = TRUE;
    }
}

static gboolean
request_seen (gpointer data)
{
  StateRequest *want = data;

  drain_requests (want);
  return want->seen;
}

/* The window's _NET_WM_STATE property (what it maps with) names fullscreen. */
static gboolean
maps_fullscreen (Window window)
{
  Atom type;
  int format;
  unsigned long n = 0, after;
  unsigned char *data = NULL;
  gboolean found = FALSE;

  if (XGetWindowProperty (xdpy, window, net_wm_state, 0, 32, False, XA_ATOM, &type, &format, &n,
                          &after, &data) == Success && data != NULL)
    {
      for (unsigned long i = 0; i < n; i++)
        if (((Atom *) data)[i] == net_wm_state_fullscreen)
          found = TRUE;
      XFree (data);
    }
  return found;
}

/* ---- helpers ---- */

static Window
xid_of (GtkWindow *window)
{
  return gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window)));
}

static void
root_position (GtkWindow *window,
               int       *x,
               int       *y)
{
  Window child;

  XTranslateCoordinates (xdpy, xid_of (window), DefaultRootWindow (xdpy), 0, 0, x, y, &child);
}

static GdkMonitor *
monitor_named (const char *connector)
{
  GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      if (g_strcmp0 (gdk_monitor_get_connector (monitor), connector) == 0)
        return monitor;   /* the display's list keeps it */
    }
  return NULL;
}

static GdkMonitor *
surface_monitor (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  return gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface), surface);
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static guint wanted_monitors;

static gboolean
has_wanted_monitors (gpointer data)
{
  drain_requests (data);
  return g_list_model_get_n_items (gdk_display_get_monitors (gdk_display_get_default ())) ==
         wanted_monitors;
}

static void
wait_for_monitors (guint         n,
                   StateRequest *want)
{
  wanted_monitors = n;
  g_assert_true (proprio_test_wait_until (has_wanted_monitors, want, 20000));
}

typedef struct
{
  GtkWindow *window;
  int        x;
} AtX;

static gboolean
is_at_x (gpointer data)
{
  AtX *at = data;
  int x = -1, y = -1;

  drain_requests (NULL);
  root_position (at->window, &x, &y);
  return x == at->x && y == 0;
}

static gboolean
action_state (const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (app), name);

  g_assert_nonnull (state);
  return g_variant_get_boolean (state);
}

static ProprioWindow *
open_therapist_window (void)
{
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 10000));
  proprio_test_wait_ms (100);
  return window;
}

static ProprioPatientWindow *
open_display (void)
{
  ProprioPatientWindow *display;

  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display", NULL);
  display = proprio_patient_display_get_window (app);
  g_assert_nonnull (display);
  g_assert_true (proprio_test_wait_until (is_drawn, display, 10000));
  return display;
}

static void
destroy_and_wait (GtkWidget *widget)
{
  gpointer weak = widget;

  g_object_add_weak_pointer (G_OBJECT (widget), &weak);
  gtk_window_destroy (GTK_WINDOW (widget));
  for (guint i = 0; i < 100 && weak != NULL; i++)
    proprio_test_wait_ms (20);
  g_assert_null (weak);
}

/* Opens the display with `setting` and checks it went fullscreen on `connector`: moved to that
 * monitor's origin, mapped with the fullscreen state, and GDK puts its surface there. */
static ProprioPatientWindow *
open_display_expecting (const char *setting,
                        const char *connector)
{
  GdkMonitor *target = monitor_named (connector);
  GdkRectangle geometry;
  ProprioPatientWindow *display;
  AtX at;

  g_assert_nonnull (target);
  gdk_monitor_get_geometry (target, &geometry);
  g_settings_set_string (proprio_application_get_settings (app), "patient-display-monitor",
                         setting);
  display = open_display ();
  at = (AtX) { GTK_WINDOW (display), geometry.x };
  g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));
  g_assert_true (maps_fullscreen (xid_of (GTK_WINDOW (display))));
  g_assert_true (surface_monitor (GTK_WINDOW (display)) == target);
  return display;
}

/* ---- tests ---- */

static void
test_two_monitors (void)
{
  GdkDisplay *gdk = gdk_display_get_default ();
  GdkMonitor *left = monitor_named ("DUMMY0");
  GdkMonitor *right = monitor_named ("DUMMY1");
  GdkRectangle geometry;
  g_autofree char *label = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (gdk_display_get_monitors (gdk)), ==, 2);
  g_assert_nonnull (left);
  g_assert_nonnull (right);
  gdk_monitor_get_geometry (right, &geometry);
  g_assert_cmpint (geometry.x, ==, MONITOR_W);
  g_assert_cmpint (geometry.width, ==, MONITOR_W);
  g_assert_cmpint (geometry.height, ==, MONITOR_H);

  /* Automatic: the monitor the therapist is not on; a chosen connector wins, even the
   * therapist's own; one that is not connected is automatic. */
  g_assert_true (proprio_patient_display_choose_monitor (gdk, "", left) == right);
  g_assert_true (proprio_patient_display_choose_monitor (gdk, NULL, right) == left);
  g_assert_true (proprio_patient_display_choose_monitor (gdk, "DUMMY0", left) == left);
  g_assert_true (proprio_patient_display_choose_monitor (gdk, "HDMI-9", left) == right);

  /* Without EDID the X server names the model after the connector: said once. */
  label = proprio_patient_display_describe_monitor (right);
  g_assert_cmpstr (label, ==, "DUMMY1");
}

static void
test_automatic_then_chosen (void)
{
  ProprioWindow *window = open_therapist_window ();
  ProprioPatientWindow *display;

  /* Without a window manager the therapist's window maps at the origin: the left monitor. */
  g_assert_true (surface_monitor (GTK_WINDOW (window)) == monitor_named ("DUMMY0"));

  display = open_display_expecting ("", "DUMMY1");
  /* The keyboard stays the therapist's. */
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) ==
                 GTK_WINDOW (window));
  /* Chosen in Preferences while it is open: it goes there, and back with Automatic. */
  {
    AtX at = { GTK_WINDOW (display), 0 };

    g_settings_set_string (proprio_application_get_settings (app), "patient-display-monitor",
                           "DUMMY0");
    g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));
    g_assert_true (surface_monitor (GTK_WINDOW (display)) == monitor_named ("DUMMY0"));
    at.x = MONITOR_W;
    g_settings_set_string (proprio_application_get_settings (app), "patient-display-monitor", "");
    g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));
    g_assert_true (surface_monitor (GTK_WINDOW (display)) == monitor_named ("DUMMY1"));
  }
  destroy_and_wait (GTK_WIDGET (display));

  display = open_display_expecting ("DUMMY0", "DUMMY0");
  destroy_and_wait (GTK_WIDGET (display));

  display = open_display_expecting ("HDMI-9", "DUMMY1");
  destroy_and_wait (GTK_WIDGET (display));

  g_settings_reset (proprio_application_get_settings (app), "patient-display-monitor");
  destroy_and_wait (GTK_WIDGET (window));
}

/* Its monitor unplugged, the display becomes a window again (it asks to leave fullscreen) and
 * stays open on the screen left; plugged back, the monitor takes it fullscreen again. */
static void
test_unplug_and_back (void)
{
  ProprioWindow *window = open_therapist_window ();
  ProprioPatientWindow *display = open_display_expecting ("", "DUMMY1");
  StateRequest leave = { xid_of (GTK_WINDOW (display)), 0, FALSE };
  StateRequest enter = { None, 1, FALSE };
  AtX at = { GTK_WINDOW (display), 0 };

  XSelectInput (xdpy, DefaultRootWindow (xdpy), SubstructureNotifyMask);
  drain_requests (NULL);

  plug_second (FALSE);
  wait_for_monitors (1, &leave);
  g_assert_true (proprio_test_wait_until (request_seen, &leave, 10000));
  /* Still open, a window on the screen that is left, no longer fullscreen. */
  g_assert_true (proprio_patient_display_get_window (app) == display);
  g_assert_true (proprio_test_wait_until (is_drawn, display, 10000));
  g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));
  g_assert_true (surface_monitor (GTK_WINDOW (display)) == monitor_named ("DUMMY0"));
  g_assert_false (maps_fullscreen (xid_of (GTK_WINDOW (display))));
  g_assert_false (gtk_window_is_fullscreen (GTK_WINDOW (display)));
  g_assert_true (action_state ("patient-display"));
  /* The keyboard is still the therapist's. */
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) ==
                 GTK_WINDOW (window));

  /* Shift+F11 makes it fullscreen there, on the one screen. */
  enter.window = xid_of (GTK_WINDOW (display));
  g_action_group_activate_action (G_ACTION_GROUP (app), "patient-display-fullscreen", NULL);
  g_assert_true (proprio_test_wait_until (request_seen, &enter, 10000));
  g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));

  enter.seen = FALSE;
  at.x = MONITOR_W;
  plug_second (TRUE);
  wait_for_monitors (2, &enter);
  g_assert_true (proprio_test_wait_until (request_seen, &enter, 10000));
  g_assert_true (proprio_test_wait_until (is_at_x, &at, 10000));
  g_assert_true (surface_monitor (GTK_WINDOW (display)) == monitor_named ("DUMMY1"));

  XSelectInput (xdpy, DefaultRootWindow (xdpy), NoEventMask);
  destroy_and_wait (GTK_WIDGET (display));
  destroy_and_wait (GTK_WIDGET (window));
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return ADW_COMBO_ROW (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
combo_labels (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GString *labels = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (labels, "%s%s", i > 0 ? "|" : "",
                            gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (labels, FALSE);
}

typedef struct
{
  AdwComboRow *row;
  const char  *labels;
} Labels;

static gboolean
row_lists (gpointer data)
{
  Labels *want = data;
  g_autofree char *labels = combo_labels (want->row);

  return g_str_equal (labels, want->labels);
}

static void
assert_row_lists (AdwComboRow *row,
                  const char  *labels)
{
  Labels want = { row, labels };

  if (!proprio_test_wait_until (row_lists, &want, 20000))
    {
      g_autofree char *got = combo_labels (row);

      g_assert_cmpstr (got, ==, labels);
    }
}

/* The Preferences list: both monitors, kept up to date on hot-plug; the chosen one, unplugged,
 * stays listed as not connected and is chosen again when it comes back. */
static void
test_preferences_follow_hotplug (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPreferencesWindow *prefs =
    proprio_preferences_window_new (settings, proprio_application_get_station (app));
  AdwComboRow *row = find_combo_row (GTK_WIDGET (prefs), "Mo_nitor");
  g_autofree char *stored = NULL;

  g_assert_nonnull (row);
  assert_row_lists (row, "Automatic|DUMMY0|DUMMY1");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  adw_combo_row_set_selected (row, 2);
  stored = g_settings_get_string (settings, "patient-display-monitor");
  g_assert_cmpstr (stored, ==, "DUMMY1");

  plug_second (FALSE);
  wait_for_monitors (1, NULL);
  assert_row_lists (row, "Automatic|DUMMY0|DUMMY1 (not connected)");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  g_clear_pointer (&stored, g_free);
  stored = g_settings_get_string (settings, "patient-display-monitor");
  g_assert_cmpstr (stored, ==, "DUMMY1");

  plug_second (TRUE);
  wait_for_monitors (2, NULL);
  assert_row_lists (row, "Automatic|DUMMY0|DUMMY1");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);

  g_settings_reset (settings, "patient-display-monitor");
  assert_row_lists (row, "Automatic|DUMMY0|DUMMY1");
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *why = NULL;
  g_autofree char *name = NULL;
  int number;
  int status;

  number = start_xorg (&why);
  if (number < 0)
    {
      g_print ("1..0 # SKIP %s\n", why);
      return 0;
    }
  name = g_strdup_printf (":%d", number);
  xdpy = XOpenDisplay (name);
  if (xdpy == NULL)
    {
      g_print ("1..0 # SKIP the private X server %s took no connection\n", name);
      stop_xorg ();
      return 0;
    }
  net_wm_state = XInternAtom (xdpy, "_NET_WM_STATE", False);
  net_wm_state_fullscreen = XInternAtom (xdpy, "_NET_WM_STATE_FULLSCREEN", False);
  set_up_first ();
  plug_second (TRUE);
  g_setenv ("DISPLAY", name, TRUE);

  if (!proprio_test_gui_init (&argc, &argv))
    {
      stop_xorg ();
      return 0;
    }
  app = proprio_test_app_new ();

  g_test_add_func ("/patient-display-monitors/two-monitors", test_two_monitors);
  g_test_add_func ("/patient-display-monitors/automatic-then-chosen", test_automatic_then_chosen);
  g_test_add_func ("/patient-display-monitors/unplug-and-back", test_unplug_and_back);
  g_test_add_func ("/patient-display-monitors/preferences-follow-hotplug",
                   test_preferences_follow_hotplug);
  status = g_test_run ();
  g_clear_object (&app);
  XCloseDisplay (xdpy);
  stop_xorg ();
  return status;
}
