/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "app/proprio-preferences-window.h"
#include "app/proprio-window-private.h"
#include "devices/proprio-device-spec.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-panel-cache.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static ProprioWindow *
open_window (void)
{
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 5000));
  /* Let the first frames (and the devices and views started with the window) settle. */
  proprio_test_wait_ms (300);
  return window;
}

static void
close_window (ProprioWindow *window)
{
  GtkWidget *weak = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
}

static void
test_window_opens_and_closes (void)
{
  ProprioWindow *window = open_window ();

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Proprio");
  close_window (window);
}

static void
test_window_pages_reachable_by_action (void)
{
  static const char * const views[] = { "muscle", "mirror", "joint", "balance" };
  static const char * const accels[] = { "<Alt>2", "<Alt>3", "<Alt>4", "<Alt>1" };
  ProprioWindow *window = open_window ();

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.view::%s", views[i]);
      g_auto(GStrv) keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app), detailed);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", views[i]));
      g_assert_cmpstr (proprio_window_get_view (window), ==, views[i]);
      g_assert_cmpuint (g_strv_length (keys), ==, 1);
      g_assert_cmpstr (keys[0], ==, accels[i]);
    }

  close_window (window);
}

static void
test_window_view_is_remembered (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioWindow *window = open_window ();
  g_autofree char *saved = NULL;

  proprio_window_set_view (window, "joint");
  saved = g_settings_get_string (settings, "last-view");
  g_assert_cmpstr (saved, ==, "joint");
  close_window (window);

  window = open_window ();
  g_assert_cmpstr (proprio_window_get_view (window), ==, "joint");
  proprio_window_set_view (window, "balance");
  close_window (window);
}

static void
test_window_notices (void)
{
  ProprioWindow *window = open_window ();

  g_assert_false (proprio_window_has_notice (window, "test-notice"));
  proprio_window_add_notice (window, "test-notice", PROPRIO_NOTICE_WARNING, "Something to know");
  g_assert_true (proprio_window_has_notice (window, "test-notice"));
  /* The same id replaces rather than stacks. */
  proprio_window_add_notice (window, "test-notice", PROPRIO_NOTICE_ERROR, "Something else");
  g_assert_true (proprio_window_has_notice (window, "test-notice"));
  proprio_window_remove_notice (window, "test-notice");
  g_assert_false (proprio_window_has_notice (window, "test-notice"));
  close_window (window);
}

static gboolean
has_preferences_window (gpointer data)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (PROPRIO_IS_PREFERENCES_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

static void
test_window_preferences_open (void)
{
  ProprioWindow *window = open_window ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  g_assert_true (proprio_test_wait_until (has_preferences_window, NULL, 3000));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (PROPRIO_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_destroy (l->data);
        break;
      }
  proprio_test_wait_ms (50);
  g_assert_false (has_preferences_window (NULL));
  close_window (window);
}

static GtkWindow *
find_window_of_type (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  GtkWindow *overlay = gtk_application_window_get_help_overlay (data) ?
                       GTK_WINDOW (gtk_application_window_get_help_overlay (data)) : NULL;

  return overlay != NULL && gtk_widget_get_visible (GTK_WIDGET (overlay));
}

static gboolean
about_shown (gpointer data)
{
  return find_window_of_type (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

/* The primary menu's other two entries open their windows. */
static void
test_window_shortcuts_and_about (void)
{
  ProprioWindow *window = open_window ();
  GtkWindow *about;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (proprio_test_wait_until (shortcuts_shown, window, 3000));
  proprio_test_wait_ms (300);
  {
    GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
    g_autoptr(GdkTexture) picture = proprio_test_render_widget (overlay);
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "shortcuts.png", NULL);

    g_assert_true (gdk_texture_save_to_png (picture, path));
  }
  gtk_widget_set_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))), FALSE);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (proprio_test_wait_until (about_shown, NULL, 3000));
  about = find_window_of_type (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Proprio");
  gtk_window_destroy (about);
  close_window (window);
}

static gboolean
device_in_state (gpointer data)
{
  ProprioWindow *window = data;
  ProprioDevice *device = proprio_window_get_device (window);
  ProprioDeviceState wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "wanted"));

  return device != NULL && proprio_device_get_state (device) == wanted;
}

static gboolean
wait_for_device_state (ProprioWindow      *window,
                       ProprioDeviceState  state)
{
  g_object_set_data (G_OBJECT (window), "wanted", GINT_TO_POINTER (state));
  return proprio_test_wait_until (device_in_state, window, 5000);
}

static gboolean
rate_shown (gpointer data)
{
  ProprioWindow *window = data;

  return g_str_has_suffix (gtk_label_get_label (window->rate_label), " Hz");
}

/* With no hardware and no --device, the window runs the simulated board, says so, and its device
 * control connects, disconnects and shows the state and the live rate. */
static void
test_window_device_control (void)
{
  ProprioWindow *window = open_window ();
  ProprioDevice *device = proprio_window_get_device (window);
  double rate;

  g_assert_nonnull (device);
  g_assert_cmpstr (proprio_device_get_spec (device), ==, "sim:balance");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->simulated_tag)));
  g_assert_cmpstr (gtk_label_get_label (window->device_button_label), ==, "Balance board");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->device_button)), ==,
                   "Simulated balance board");

  g_assert_true (wait_for_device_state (window, PROPRIO_DEVICE_STATE_STREAMING));
  g_assert_true (proprio_test_wait_until (rate_shown, window, 3000));
  g_assert_cmpstr (gtk_label_get_label (window->status_label), ==,
                   "Simulated balance board · Streaming");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->status_icon), "state-streaming"));
  /* The simulator runs at 100 Hz; the label shows what arrives. */
  rate = g_ascii_strtod (gtk_label_get_label (window->health_rate), NULL);
  g_assert_cmpfloat (rate, >, 50);
  g_assert_cmpfloat (rate, <, 150);
  g_assert_cmpstr (gtk_label_get_label (window->health_lost), ==, "0");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-disconnect", NULL));
  g_assert_true (wait_for_device_state (window, PROPRIO_DEVICE_STATE_DISCONNECTED));
  g_assert_cmpstr (gtk_label_get_label (window->status_label), ==,
                   "Simulated balance board · Disconnected");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->connect_button)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->disconnect_button)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-connect", NULL));
  g_assert_true (wait_for_device_state (window, PROPRIO_DEVICE_STATE_STREAMING));

  /* Choosing another simulator in the menu replaces the device. */
  gtk_drop_down_set_selected (window->device_dropdown, 2);
  g_assert_cmpstr (proprio_device_get_spec (proprio_window_get_device (window)), ==, "sim:cyton");
  g_assert_true (wait_for_device_state (window, PROPRIO_DEVICE_STATE_STREAMING));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->port_options_box)));

  close_window (window);
}

/* A port that does not exist: a clear error in the window, not a crash, and the simulators stay
 * one click away. */
static void
test_window_device_error_is_visible (void)
{
  ProprioWindow *window = open_window ();
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_window_use_device_spec (window, "/dev/nonexistent-proprio?protocol=balance",
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (wait_for_device_state (window, PROPRIO_DEVICE_STATE_ERROR));
  g_assert_true (proprio_window_has_notice (window, "device"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->device_message_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (window->device_message_label), "/dev/nonexistent-proprio"));

  /* A malformed spec is refused before anything changes. */
  g_assert_false (proprio_window_use_device_spec (window, "nonsense", &error));
  g_assert_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID);
  g_assert_cmpstr (proprio_device_get_spec (proprio_window_get_device (window)), ==,
                   "/dev/nonexistent-proprio?protocol=balance&baud=115200");
  close_window (window);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
luminance (guint32 argb)
{
  return 0.2126 * ((argb >> 16) & 0xff) + 0.7152 * ((argb >> 8) & 0xff) + 0.0722 * (argb & 0xff);
}

/* A screenshot of the window has real content (many colours), and its page background follows
 * the light and dark styles. PROPRIO_SCREENSHOT=FILE also writes the light one there. */
/* A snapshot asked for and then the window closed before it could be taken: the pending shot
 * neither keeps the window alive nor touches it once it is gone. */
/* Ctrl+Shift+P (and the menu) show the performance overlay over the page; hidden, it is not
 * mapped, so it costs nothing. */
static void
test_window_performance_overlay (void)
{
  ProprioWindow *window = open_window ();
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "win.performance-overlay");

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>p");
  g_assert_nonnull (window->perf_overlay);
  g_assert_false (gtk_widget_get_mapped (window->perf_overlay));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.performance-overlay",
                                             NULL));
  proprio_test_wait_ms (200);
  g_assert_true (gtk_widget_get_mapped (window->perf_overlay));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.performance-overlay",
                                             NULL));
  g_assert_false (gtk_widget_get_visible (window->perf_overlay));
  close_window (window);
}

/* The header bar, the session bar and the status bar are drawn as pictures, again only when they
 * change: while the Balance page's view moves every frame (the simulated board), they are not
 * drawn every frame. */
static void
test_window_bars_cached (void)
{
  ProprioWindow *window = open_window ();
  GtkWidget *bars[] = { GTK_WIDGET (window->header_bar), window->status_bar, window->session_bar };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint drawn[G_N_ELEMENTS (bars)];
  gint64 frames;

  proprio_test_wait_ms (500);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      GtkWidget *cache = gtk_widget_get_parent (bars[i]);

      g_assert_true (PROPRIO_IS_PANEL_CACHE (cache));
      drawn[i] = proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (cache));
    }
  frames = gdk_frame_clock_get_frame_counter (clock);
  proprio_test_wait_ms (1500);
  frames = gdk_frame_clock_get_frame_counter (clock) - frames;
  g_test_message ("%" G_GINT64_FORMAT " frames in 1.5 s", frames);
  g_assert_cmpint (frames, >, 20);
  for (guint i = 0; i < G_N_ELEMENTS (bars); i++)
    {
      guint n = proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (gtk_widget_get_parent (bars[i])))
                - drawn[i];

      g_test_message ("bar %u drawn %u times", i, n);
      /* The session bar's clock ticks each second; nothing else changes. */
      g_assert_cmpuint (n, <=, 3);
    }
  close_window (window);
}

static void
test_window_close_during_snapshot (void)
{
  ProprioWindow *window = open_window ();
  GtkWidget *weak;

  /* Any page is its own snapshot: the Balance page stays on screen; closing drops the shot. */
  proprio_window_set_view (window, "balance");
  proprio_window_snapshot (window);
  g_assert_cmpstr (proprio_window_get_view (window), ==, "balance");
  close_window (window);

  /* On the Mirror page the shot waits for a paint that never comes; it gives up quietly. */
  window = open_window ();
  proprio_window_set_view (window, "mirror");
  proprio_test_wait_ms (300);
  weak = GTK_WIDGET (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &weak);
  proprio_window_snapshot (window);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (2500);
  g_assert_null (weak);
  g_settings_reset (proprio_application_get_settings (app), "last-view");
}

static void
test_window_screenshot (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioWindow *window = open_window ();
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "window-screenshot.png", NULL);
  const char *wanted = g_getenv ("PROPRIO_SCREENSHOT");
  int w, h;

  /* For the README's picture: zoomed in as a therapist would for quiet standing, with a few
   * seconds of trail. */
  if (wanted != NULL)
    {
      GtkWidget *view = find_descendant (GTK_WIDGET (window->balance_page), PROPRIO_TYPE_COP_VIEW);

      g_assert_nonnull (view);
      proprio_cop_view_set_zoom (PROPRIO_COP_VIEW (view), 4.0);
      proprio_test_wait_ms (6000);
    }
  light = proprio_test_render_widget (GTK_WIDGET (window));
  w = gdk_texture_get_width (light);
  h = gdk_texture_get_height (light);
  g_assert_cmpuint (proprio_test_count_colors (light, 64), >=, 32);
  g_assert_true (gdk_texture_save_to_png (light, path));
  if (wanted != NULL)
    g_assert_true (gdk_texture_save_to_png (light, wanted));
  g_assert_cmpfloat (luminance (proprio_test_pixel (light, w / 2, h - 60)), >, 180);

  g_settings_set_string (settings, "color-scheme", "dark");
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  proprio_test_wait_ms (200);
  dark = proprio_test_render_widget (GTK_WIDGET (window));
  g_assert_cmpfloat (luminance (proprio_test_pixel (dark, w / 2, h - 60)), <, 80);
  g_settings_reset (settings, "color-scheme");

  close_window (window);
}

int
main (int argc, char **argv)
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  app = proprio_test_app_new ();

  g_test_add_func ("/window/opens-and-closes", test_window_opens_and_closes);
  g_test_add_func ("/window/pages-reachable-by-action", test_window_pages_reachable_by_action);
  g_test_add_func ("/window/view-is-remembered", test_window_view_is_remembered);
  g_test_add_func ("/window/notices", test_window_notices);
  g_test_add_func ("/window/preferences-open", test_window_preferences_open);
  g_test_add_func ("/window/shortcuts-and-about", test_window_shortcuts_and_about);
  g_test_add_func ("/window/device-control", test_window_device_control);
  g_test_add_func ("/window/device-error-is-visible", test_window_device_error_is_visible);
  g_test_add_func ("/window/performance-overlay", test_window_performance_overlay);
  g_test_add_func ("/window/bars-cached", test_window_bars_cached);
  g_test_add_func ("/window/close-during-snapshot", test_window_close_during_snapshot);
  g_test_add_func ("/window/screenshot", test_window_screenshot);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
