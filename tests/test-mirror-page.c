/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Mirror page with real widgets, a real GStreamer test pattern and simulated devices. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/proprio-mirror-page.h"
#include "app/proprio-mirror-page-private.h"
#include "app/proprio-snapshot.h"
#include "core/proprio-clock.h"
#include "core/proprio-overlay-geometry.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-emg-view-private.h"
#include "widgets/proprio-frame-paintable.h"
#include "widgets/proprio-overlay-editor.h"
#include "widgets/proprio-panel-cache.h"
#include "proprio-test-gui.h"

/* The overlay stroke of the default style (GNOME Yellow 2), opaque. */
#define OVERLAY_ARGB 0xfff8e45cu

static ProprioApplication *app;

typedef struct
{
  GtkWidget         *window;
  ProprioMirrorPage *page;
  ProprioStation    *station;
  GSettings         *settings;
  char              *tmpdir;
  char              *folder;       /* the snapshot folder (not created beforehand) */
  char              *saved_path;
  GError            *saved_error;
  gboolean           saved_done;
} Harness;

/* ---- helpers ---- */

static gpointer
child (Harness    *h,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (h->page), PROPRIO_TYPE_MIRROR_PAGE,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static ProprioCamera *
camera (Harness *h)
{
  return proprio_mirror_page_get_camera (h->page);
}

static gboolean
video_is_shown (gpointer data)
{
  Harness *h = data;
  GdkPaintable *paintable = gtk_picture_get_paintable (child (h, "picture"));

  return gtk_widget_get_mapped (GTK_WIDGET (h->page)) &&
         gdk_paintable_get_intrinsic_width (paintable) > 0 &&
         gtk_widget_get_width (GTK_WIDGET (child (h, "video_overlay"))) > 100;
}

static void
harness_init (Harness    *h,
              const char *camera_spec,
              const char *device_spec)
{
  g_autoptr(GError) error = NULL;

  h->settings = g_object_ref (proprio_application_get_settings (app));
  g_settings_reset (h->settings, "mirror-overlay");
  g_settings_reset (h->settings, "mirror-inset");
  g_settings_reset (h->settings, "mirror-video");
  g_settings_reset (h->settings, "camera");
  h->tmpdir = g_dir_make_tmp ("proprio-mirror-XXXXXX", &error);
  g_assert_no_error (error);
  h->folder = g_build_filename (h->tmpdir, "snapshots", NULL);
  g_settings_set_string (h->settings, "snapshot-folder", h->folder);

  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1100, 720);
  h->station = proprio_station_new ();
  h->page = PROPRIO_MIRROR_PAGE (proprio_mirror_page_new (h->station, h->settings, camera_spec));
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->page));
  if (device_spec != NULL)
    {
      g_autoptr(ProprioDevice) device = proprio_device_new (device_spec, &error);

      g_assert_no_error (error);
      proprio_station_set_device (h->station, device);
      proprio_device_connect (device);
    }
  gtk_window_present (GTK_WINDOW (h->window));
  g_assert_true (proprio_test_wait_until (video_is_shown, h, 5000));
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *sub = g_build_filename (path, name, NULL);

          remove_tree (sub);
        }
      g_chmod (path, 0700);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
harness_clear (Harness *h)
{
  ProprioDevice *device = proprio_mirror_page_get_device (h->page);

  if (device != NULL)
    proprio_device_disconnect (device);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (50);
  g_object_run_dispose (G_OBJECT (h->station));
  g_clear_object (&h->station);
  remove_tree (h->tmpdir);
  g_settings_reset (h->settings, "snapshot-folder");
  g_settings_reset (h->settings, "mirror-overlay");
  g_settings_reset (h->settings, "camera");
  g_clear_object (&h->settings);
  g_clear_pointer (&h->tmpdir, g_free);
  g_clear_pointer (&h->folder, g_free);
  g_clear_pointer (&h->saved_path, g_free);
  g_clear_error (&h->saved_error);
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  Harness *h = data;

  h->saved_path = proprio_mirror_page_snapshot_finish (PROPRIO_MIRROR_PAGE (object), result,
                                                       &h->saved_error);
  h->saved_done = TRUE;
}

static gboolean
saved (gpointer data)
{
  return ((Harness *) data)->saved_done;
}

static void
take_snapshot (Harness *h)
{
  h->saved_done = FALSE;
  g_clear_pointer (&h->saved_path, g_free);
  g_clear_error (&h->saved_error);
  proprio_mirror_page_snapshot_async (h->page, NULL, snapshot_cb, h);
  g_assert_true (proprio_test_wait_until (saved, h, 5000));
}

/* The widget x of a normalised video x, through the contain fit of the video area. */
static double
video_x_to_widget (Harness *h,
                   double   x)
{
  GtkWidget *area = child (h, "video_overlay");
  GdkPaintable *paintable = gtk_picture_get_paintable (child (h, "picture"));
  ProprioOverlayFit fit;
  double wx, wy;

  proprio_overlay_fit_contain (&fit, gdk_paintable_get_intrinsic_width (paintable),
                               gdk_paintable_get_intrinsic_height (paintable),
                               gtk_widget_get_width (area), gtk_widget_get_height (area));
  proprio_overlay_fit_to_widget (&fit, (ProprioOverlayPoint) { x, 0.5 }, &wx, &wy);
  return wx;
}

static gboolean
row_has_overlay_near (GdkTexture *texture,
                      int         x,
                      int         y,
                      int         reach)
{
  for (int dx = -reach; dx <= reach; dx++)
    if (proprio_test_pixel (texture, x + dx, y) == OVERLAY_ARGB)
      return TRUE;
  return FALSE;
}

static void
store_toast (char       **out,
             const char  *text)
{
  g_free (*out);
  *out = g_strdup (text);
}

static void
store_add_toast (AdwToast **out,
                 AdwToast  *toast)
{
  g_set_object (out, toast);
}

static gboolean
pointer_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
string_is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* ---- tests ---- */

static void
test_shows_test_pattern (void)
{
  Harness h = { 0 };
  GdkPaintable *paintable;

  harness_init (&h, "test", NULL);
  paintable = gtk_picture_get_paintable (child (&h, "picture"));
  g_assert_true (paintable == GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera (&h))));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 1280);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 720);
  g_assert_cmpint (proprio_camera_get_state (camera (&h)), ==, PROPRIO_CAMERA_STATE_PLAYING);
  /* Asked for a test pattern: nothing to tell the therapist. */
  g_assert_null (proprio_mirror_page_get_notice (h.page));
  /* Mirrored by default (mirror-video). */
  g_assert_true (proprio_camera_get_mirror (camera (&h)));
  g_assert_true (gtk_toggle_button_get_active (child (&h, "mirror_button")));
  g_assert_cmpstr (gtk_label_get_label (child (&h, "delay_label")), ==, "Live");
  harness_clear (&h);
}

static gboolean
camera_is_playing (gpointer data)
{
  return proprio_camera_get_state (camera (data)) == PROPRIO_CAMERA_STATE_PLAYING;
}

static void
test_camera_runs_only_while_mapped (void)
{
  Harness h = { 0 };

  harness_init (&h, "test", NULL);
  gtk_widget_set_visible (GTK_WIDGET (h.page), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (h.page)));
  g_assert_cmpint (proprio_camera_get_state (camera (&h)), ==, PROPRIO_CAMERA_STATE_STOPPED);
  g_assert_cmpfloat (proprio_camera_get_fps (camera (&h)), ==, 0);

  gtk_widget_set_visible (GTK_WIDGET (h.page), TRUE);
  g_assert_true (proprio_test_wait_until (video_is_shown, &h, 5000));
  /* The camera opens on its worker: playing a little after the page is mapped. */
  g_assert_true (proprio_test_wait_until (camera_is_playing, &h, 5000));
  harness_clear (&h);
}

static void
test_snapshot_contains_overlay (void)
{
  Harness h = { 0 };
  g_autoptr(GdkTexture) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GtkWidget *area;
  GStatBuf st;
  double x;
  int column, hits = 0;

  harness_init (&h, "test", NULL);
  g_assert_cmpuint (proprio_overlay_add_plumb (proprio_mirror_page_get_overlay (h.page), 0.3),
                    !=, 0);
  proprio_test_wait_ms (100);

  take_snapshot (&h);
  g_assert_no_error (h.saved_error);
  g_assert_nonnull (h.saved_path);

  /* Where and how it was written. */
  base = g_path_get_basename (h.saved_path);
  g_assert_true (g_str_has_prefix (base, "proprio-snapshot-"));
  g_assert_true (g_str_has_suffix (base, ".png"));
  g_assert_cmpuint (strlen (base), ==, strlen ("proprio-snapshot-YYYYMMDD-HHMMSS.png"));
  g_assert_true (g_str_has_prefix (h.saved_path, h.folder));
  g_assert_cmpint (g_stat (h.saved_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (h.folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* What is in it: the video area at its on-screen size, with the plumb line where it shows. */
  png = gdk_texture_new_from_filename (h.saved_path, &error);
  g_assert_no_error (error);
  area = child (&h, "video_overlay");
  g_assert_cmpint (gdk_texture_get_width (png), ==, gtk_widget_get_width (area));
  g_assert_cmpint (gdk_texture_get_height (png), ==, gtk_widget_get_height (area));

  x = video_x_to_widget (&h, 0.3);
  column = (int) floor (x);
  for (int y = 20; y < gdk_texture_get_height (png) - 20; y += 37)
    {
      /* A 2 px line on the pixel grid: the overlay colour within a pixel of the column. */
      g_assert_true (row_has_overlay_near (png, column, y, 1));
      /* Nothing of the overlay colour 30 px either side. */
      g_assert_false (row_has_overlay_near (png, column - 30, y, 3));
      g_assert_false (row_has_overlay_near (png, column + 30, y, 3));
      hits++;
    }
  g_assert_cmpint (hits, >, 10);

  /* A second shot in the same second gets its own name; the first is kept. */
  {
    g_autofree char *first = g_strdup (h.saved_path);
    g_autofree char *second = NULL;
    g_autofree char *stamp_first = g_strndup (base, strlen ("proprio-snapshot-YYYYMMDD-HHMMSS"));
    g_autofree char *base_second = NULL;

    take_snapshot (&h);
    g_assert_no_error (h.saved_error);
    second = g_strdup (h.saved_path);
    g_assert_cmpstr (first, !=, second);
    g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
    base_second = g_path_get_basename (second);
    if (g_str_has_prefix (base_second, stamp_first))
      {
        g_autofree char *expected = g_strdup_printf ("%s-2.png", stamp_first);

        g_assert_cmpstr (base_second, ==, expected);
      }
  }

  /* The page's own snapshot button says the file's name (not its path) and offers its folder. */
  {
    g_autoptr(AdwToast) toast = NULL;
    g_autofree char *text = NULL;
    g_autofree char *name = NULL;
    g_autofree char *title = NULL;
    g_autoptr(GFile) folder = g_file_new_for_path (h.folder);
    g_autofree char *uri = g_file_get_uri (folder);
    const char *target;

    g_signal_connect_swapped (h.page, "add-toast", G_CALLBACK (store_add_toast), &toast);
    g_signal_connect_swapped (h.page, "toast", G_CALLBACK (store_toast), &text);
    gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.snapshot", NULL);
    g_assert_true (proprio_test_wait_until (string_is_set, &text, 5000));
    g_assert_nonnull (toast);
    g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "Saved proprio-snapshot-"));
    g_assert_true (g_str_has_suffix (adw_toast_get_title (toast), ".png"));
    g_assert_null (strchr (adw_toast_get_title (toast), '/'));
    name = g_strdup (adw_toast_get_title (toast) + strlen ("Saved "));
    title = g_build_filename (h.folder, name, NULL);
    g_assert_true (g_file_test (title, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (adw_toast_get_timeout (toast), >, 0);
    g_assert_cmpuint (adw_toast_get_timeout (toast), <=, 3);
    g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Open Folder");
    g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "app.open-folder");
    target = g_variant_get_string (adw_toast_get_action_target_value (toast), NULL);
    g_assert_cmpstr (target, ==, uri);
    /* Outside a toast overlay (this test's plain window) the title goes out as plain text. */
    g_assert_cmpstr (text, ==, adw_toast_get_title (toast));
    g_signal_handlers_disconnect_by_func (h.page, store_toast, &text);
    g_signal_handlers_disconnect_by_func (h.page, store_add_toast, &toast);
  }
  harness_clear (&h);
}

static void
test_snapshot_unwritable_folder (void)
{
  Harness h = { 0 };
  g_autofree char *folder = NULL;

  harness_init (&h, "test", NULL);
  if (geteuid () == 0)
    /* Permissions do not stop root; /proc takes no new files from anyone. */
    folder = g_strdup ("/proc/proprio-snapshots");
  else
    {
      folder = g_build_filename (h.tmpdir, "read-only", NULL);
      g_assert_cmpint (g_mkdir (folder, 0500), ==, 0);
    }
  g_settings_set_string (h.settings, "snapshot-folder", folder);

  take_snapshot (&h);
  g_assert_null (h.saved_path);
  g_assert_nonnull (h.saved_error);
  g_assert_true (h.saved_error->domain == G_IO_ERROR);
  /* The message names the folder so the therapist knows which one to fix. */
  g_assert_nonnull (strstr (h.saved_error->message, folder));
  g_assert_true (g_str_has_prefix (h.saved_error->message, "Could not"));
  harness_clear (&h);
}

static void
test_snapshot_needs_page_on_screen (void)
{
  g_autoptr(GSettings) settings = g_object_ref (proprio_application_get_settings (app));
  g_autoptr(ProprioStation) station = proprio_station_new ();
  GtkWidget *page = g_object_ref_sink (proprio_mirror_page_new (station, settings, "test"));
  Harness h = { .page = PROPRIO_MIRROR_PAGE (page) };

  take_snapshot (&h);
  g_assert_error (h.saved_error, PROPRIO_SNAPSHOT_ERROR, PROPRIO_SNAPSHOT_ERROR_NOT_SHOWN);
  g_assert_null (h.saved_path);
  g_clear_error (&h.saved_error);
  /* Never mapped: the camera never ran. */
  g_assert_cmpint (proprio_camera_get_state (proprio_mirror_page_get_camera (h.page)), ==,
                   PROPRIO_CAMERA_STATE_STOPPED);
  g_object_unref (page);
}

static gboolean
inset_has_followed (gpointer data)
{
  Harness *h = data;
  gint64 shown = proprio_camera_get_shown_time_us (camera (h));

  return shown != 0 && proprio_clock_now_us () - shown > 900 * G_TIME_SPAN_MILLISECOND;
}

static gboolean
buffer_holds_a_second (gpointer data)
{
  return proprio_camera_get_delay_available (camera (data)) >= 0.9;
}

static void
test_delay_moves_inset_clock (void)
{
  Harness h = { 0 };
  ProprioCopView *inset;
  gint64 lag;

  harness_init (&h, "test", "sim:balance");
  inset = child (&h, "inset");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (inset)));
  g_assert_true (proprio_cop_view_get_transparent (inset));
  /* Live: the inset runs on its own clock. */
  g_assert_cmpint (proprio_cop_view_get_display_time_us (inset), ==, 0);

  gtk_range_set_value (child (&h, "delay_scale"), 1.0);
  g_assert_cmpfloat (proprio_camera_get_delay (camera (&h)), ==, 1.0);
  g_assert_true (proprio_test_wait_until (inset_has_followed, &h, 5000));
  /* On a busy machine the encoder lags: the label says "recorded so far" until it catches up. */
  g_assert_true (proprio_test_wait_until (buffer_holds_a_second, &h, 10000));
  proprio_test_wait_ms (300);

  /* The inset shows the instant of the frame on screen, a second ago. */
  g_assert_cmpint (proprio_cop_view_get_display_time_us (inset), ==,
                   proprio_camera_get_shown_time_us (camera (&h)));
  lag = proprio_clock_now_us () - proprio_camera_get_shown_time_us (camera (&h));
  g_assert_cmpint (lag, >=, 900 * G_TIME_SPAN_MILLISECOND);
  /* Measured against the newest frame, not the wall clock: a busy machine delays both. */
  lag = proprio_frame_get_time_us (proprio_camera_get_live_frame (camera (&h))) -
        proprio_camera_get_shown_time_us (camera (&h));
  g_assert_cmpint (lag, <, 1500 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpstr (gtk_label_get_label (child (&h, "delay_label")), ==, "1.0 s behind");

  /* Frozen: the inset stays on the frozen frame's instant. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.freeze", NULL);
  g_assert_true (proprio_camera_get_frozen (camera (&h)));
  proprio_test_wait_ms (200);
  g_assert_cmpint (proprio_cop_view_get_display_time_us (inset), ==,
                   proprio_camera_get_shown_time_us (camera (&h)));
  g_assert_cmpstr (gtk_label_get_label (child (&h, "delay_label")), ==, "Frozen");

  /* Live again: back to the inset's own clock. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.live", NULL);
  g_assert_false (proprio_camera_get_frozen (camera (&h)));
  g_assert_cmpfloat (proprio_camera_get_delay (camera (&h)), ==, 0.0);
  g_assert_cmpint (proprio_cop_view_get_display_time_us (inset), ==, 0);
  harness_clear (&h);
}

static gboolean buffer_holds_past (gpointer data);

static gboolean
emg_inset_has_value (gpointer data)
{
  ProprioEmgView *emg = child (data, "emg_inset");

  return proprio_emg_view_get_n_channels (emg) == 1 &&
         isfinite (proprio_emg_view_get_value (emg, 0));
}

/* With an EMG sleeve the picture-in-picture shows its activation bars, named and scaled as the
 * station has them; a balance board brings the centre of pressure back. */
static void
test_emg_device_shows_bars (void)
{
  Harness h = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) balance = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(ProprioEmgCalibration) calibration = proprio_emg_calibration_new ();
  const ProprioChannelInfo *info;
  const EmgViewLayout *layout;
  ProprioEmgView *emg;
  graphene_rect_t bounds;
  GdkRGBA color;
  guint raw, env;
  guint32 rgb;
  double x, bottom, value, half;

  harness_init (&h, "test", "sim:emg");
  emg = child (&h, "emg_inset");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (&h, "inset"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (emg)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (&h, "inset_button"))));
  g_assert_true (proprio_emg_view_get_compact (emg));
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (emg)));
  g_assert_null (proprio_mirror_page_get_notice (h.page));
  g_assert_true (proprio_test_wait_until (emg_inset_has_value, &h, 10000));
  g_assert_null (proprio_emg_view_get_hint (emg));

  /* The device's channel, by its label, in µV until calibrated. */
  g_assert_true (proprio_emg_view_get_channel_indices (emg, 0, &raw, &env));
  info = proprio_device_get_channel (proprio_mirror_page_get_device (h.page), raw);
  g_assert_cmpstr (proprio_emg_view_get_channel_name (emg, 0), ==, info->label);
  g_assert_cmpstr (proprio_emg_view_get_display_unit (emg, 0), ==, "µV");
  {
    g_autofree char *env_name = proprio_emg_stage_envelope_name (info->name);

    g_assert_cmpstr (proprio_device_get_channel (proprio_mirror_page_get_device (h.page),
                                                 env)->name, ==, env_name);
  }

  /* Drawn on the inset's card: the bar filled from the bottom in the channel's colour, half way
   * up for a scale of twice the value (frozen, so the value holds still). */
  proprio_camera_set_frozen (camera (&h), TRUE);
  proprio_test_wait_ms (200);
  value = proprio_emg_view_get_value (emg, 0);
  g_assert_cmpfloat (value, >, 0);
  proprio_emg_view_set_full_scale (emg, 0, 2 * value);
  proprio_test_wait_ms (200);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (emg), child (&h, "video_overlay"),
                                            &bounds));
  g_assert_cmpfloat (bounds.size.width, >=, 200);
  layout = _proprio_emg_view_get_layout (emg);
  g_assert_cmpuint (layout->n_cells, ==, 1);
  g_assert_cmpfloat (proprio_emg_view_get_value (emg, 0), ==, value);
  texture = proprio_test_render_widget (child (&h, "video_overlay"));
  if (g_getenv ("PROPRIO_EMG_VIEW_PNG") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("PROPRIO_EMG_VIEW_PNG"),
                                                "mirror-emg-inset.png", NULL);

      g_assert_true (gdk_texture_save_to_png (texture, path));
    }
  proprio_emg_view_get_channel_color (emg, 0, &color);
  x = bounds.origin.x + layout->cells[0].bar.origin.x + layout->cells[0].bar.size.width / 2;
  bottom = bounds.origin.y + layout->cells[0].bar.origin.y + layout->cells[0].bar.size.height;
  rgb = ((guint32) lround (color.red * 255) << 16) | ((guint32) lround (color.green * 255) << 8) |
        (guint32) lround (color.blue * 255);
  half = layout->cells[0].bar.size.height / 2;
  g_test_message ("EMG inset: %.1f µV on a bar of %.0f px", value, 2 * half);
  g_assert_cmpfloat (half, >=, 40);
  g_assert_cmphex (proprio_test_pixel (texture, (int) x, (int) bottom - 2) & 0xffffff, ==, rgb);
  g_assert_cmphex (proprio_test_pixel (texture, (int) x, (int) (bottom - half + 4)) & 0xffffff,
                   ==, rgb);
  /* Above the fill, the track on the card. */
  g_assert_cmphex (proprio_test_pixel (texture, (int) x, (int) (bottom - half - 4)) & 0xffffff,
                   !=, rgb);
  proprio_emg_view_set_full_scale (emg, 0, 0);
  proprio_camera_set_frozen (camera (&h), FALSE);

  /* An MVC for the channel (by its name) puts the bars in %MVC. */
  proprio_emg_calibration_set (calibration, info->name, 250);
  proprio_station_set_emg_calibration (h.station, calibration);
  g_assert_cmpstr (proprio_emg_view_get_display_unit (emg, 0), ==, "%MVC");
  g_assert_cmpfloat (proprio_emg_view_get_channel_mvc (emg, 0), ==, 250);
  g_assert_cmpuint (proprio_emg_view_get_n_channels (emg), ==, 1);
  proprio_station_set_emg_calibration (h.station, NULL);
  g_assert_cmpstr (proprio_emg_view_get_display_unit (emg, 0), ==, "µV");

  /* A balance board brings the CoP inset back; the inset toggle hides it again. */
  proprio_device_disconnect (proprio_mirror_page_get_device (h.page));
  balance = proprio_device_new ("sim:balance", &error);
  g_assert_no_error (error);
  proprio_station_set_device (h.station, balance);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (&h, "inset"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (emg)));
  g_assert_cmpuint (proprio_emg_view_get_n_channels (emg), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.inset", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (&h, "inset"))));
  g_assert_false (g_settings_get_boolean (h.settings, "mirror-inset"));
  proprio_station_set_device (h.station, NULL);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (&h, "inset_button"))));
  harness_clear (&h);
}

/* The envelope the device put in its ring for the last sample at or before `t_us`. */
static gboolean
ring_envelope_at (ProprioDevice *device,
                  guint          index,
                  gint64         t_us,
                  double        *value,
                  gint64        *found_us)
{
  ProprioRingCursor cursor;
  ProprioSample batch[256];
  gboolean found = FALSE;
  gsize n;

  proprio_ring_cursor_init (&cursor, proprio_device_get_ring (device), FALSE);
  while ((n = proprio_ring_read (&cursor, batch, G_N_ELEMENTS (batch))) > 0)
    for (gsize i = 0; i < n; i++)
      if (batch[i].t_us <= t_us && index < batch[i].n_channels)
        {
          *value = batch[i].values[index];
          *found_us = batch[i].t_us;
          found = TRUE;
        }
  proprio_ring_cursor_clear (&cursor);
  return found;
}

/* Delayed, the bars show the instant of the frame on screen (same clock), from the samples the
 * inset kept; frozen, they stay there; live again, they run on their own. */
static void
test_emg_inset_follows_delay (void)
{
  Harness h = { 0 };
  ProprioDevice *device;
  ProprioEmgView *emg;
  gint64 display, shown, found_us = 0;
  double value, expected = NAN, frozen;
  guint env;

  harness_init (&h, "test", "sim:emg");
  emg = child (&h, "emg_inset");
  device = proprio_mirror_page_get_device (h.page);
  g_assert_true (proprio_test_wait_until (emg_inset_has_value, &h, 10000));
  g_assert_cmpint (proprio_emg_view_get_display_time_us (emg), ==, 0);
  g_assert_true (proprio_emg_view_get_channel_indices (emg, 0, NULL, &env));

  gtk_range_set_value (child (&h, "delay_scale"), 1.0);
  g_assert_true (proprio_test_wait_until (inset_has_followed, &h, 5000));
  g_assert_true (proprio_test_wait_until (buffer_holds_a_second, &h, 10000));
  proprio_test_wait_ms (300);

  /* Read together, with no frame in between. */
  display = proprio_emg_view_get_display_time_us (emg);
  shown = proprio_emg_view_get_shown_time_us (emg);
  value = proprio_emg_view_get_value (emg, 0);
  g_assert_cmpint (display, ==, proprio_camera_get_shown_time_us (camera (&h)));
  /* The sample shown is the last at or before the frame's time: the one the ring has there. */
  g_assert_true (ring_envelope_at (device, env, display, &expected, &found_us));
  g_test_message ("frame at %" G_GINT64_FORMAT ", sample at %" G_GINT64_FORMAT ": %.3f µV (ring "
                  "%.3f)", display, shown, value, expected);
  g_assert_cmpint (shown, ==, found_us);
  g_assert_cmpfloat (fabs (value - expected), <=, 1e-3 * fabs (expected) + 1e-6);
  /* An instant about the delay ago (on a busy machine the newest frame itself may be late, so
   * measured against the clock, as the CoP inset's test does). */
  g_assert_cmpint (proprio_clock_now_us () - shown, >=, 900 * G_TIME_SPAN_MILLISECOND);

  /* Frozen: the same instant, whatever the sleeve does meanwhile. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.freeze", NULL);
  proprio_test_wait_ms (100);
  frozen = proprio_emg_view_get_value (emg, 0);
  display = proprio_emg_view_get_display_time_us (emg);
  proprio_test_wait_ms (400);
  g_assert_cmpint (proprio_emg_view_get_display_time_us (emg), ==, display);
  g_assert_cmpint (display, ==, proprio_camera_get_shown_time_us (camera (&h)));
  g_assert_cmpfloat (proprio_emg_view_get_value (emg, 0), ==, frozen);

  /* Live again. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.live", NULL);
  g_assert_cmpint (proprio_emg_view_get_display_time_us (emg), ==, 0);
  harness_clear (&h);
}

/* Each reason for no bars says so, in the EMG sleeve's words. */
static gboolean
emg_hint_is (gpointer data)
{
  void **args = data;

  return g_strcmp0 (proprio_emg_view_get_hint (child (args[0], "emg_inset")), args[1]) == 0;
}

static void
test_emg_inset_hints (void)
{
  Harness h = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) sleeve = NULL;
  ProprioEmgView *emg;
  void *args[2] = { &h, NULL };

  harness_init (&h, "test", NULL);
  g_assert_true (proprio_test_wait_until (buffer_holds_past, &h, 10000));
  sleeve = proprio_device_new ("sim:emg", &error);
  g_assert_no_error (error);
  proprio_station_set_device (h.station, sleeve);
  emg = child (&h, "emg_inset");
  g_assert_cmpstr (proprio_emg_view_get_hint (emg), ==, "EMG sleeve not connected");
  proprio_device_connect (sleeve);
  g_assert_cmpstr (proprio_emg_view_get_hint (emg), ==, "Waiting for the EMG sleeve…");
  g_assert_true (proprio_test_wait_until (emg_inset_has_value, &h, 10000));
  g_assert_null (proprio_emg_view_get_hint (emg));

  /* The replay reaches back before the sleeve's first sample. */
  proprio_camera_set_delay (camera (&h), 30.0);
  args[1] = "No EMG data that far back";
  g_assert_true (proprio_test_wait_until (emg_hint_is, args, 5000));
  proprio_camera_set_delay (camera (&h), 0.0);
  g_assert_null (proprio_emg_view_get_hint (emg));
  proprio_device_disconnect (sleeve);
  args[1] = "EMG sleeve not connected";
  g_assert_true (proprio_test_wait_until (emg_hint_is, args, 5000));
  proprio_station_set_device (h.station, NULL);
  g_assert_null (proprio_emg_view_get_hint (emg));
  harness_clear (&h);
}

static gboolean
overlay_saved (gpointer data)
{
  Harness *h = data;
  g_autofree char *text = g_settings_get_string (h->settings, "mirror-overlay");

  return strstr (text, "plumb 0.25") != NULL;
}

static void
test_overlay_saved_and_restored (void)
{
  Harness h = { 0 };
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *again;
  ProprioOverlay *restored;

  harness_init (&h, "test", NULL);
  proprio_overlay_add_plumb (proprio_mirror_page_get_overlay (h.page), 0.25);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (h.page)));
  g_assert_true (proprio_test_wait_until (overlay_saved, &h, 3000));

  /* The next start shows them, with nothing to undo: restoring is not an edit. */
  settings = g_object_ref (h.settings);
  again = g_object_ref_sink (proprio_mirror_page_new (h.station, settings, "test"));
  restored = proprio_mirror_page_get_overlay (PROPRIO_MIRROR_PAGE (again));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (restored), ==, 1);
  g_assert_cmpint (proprio_overlay_get_shape (restored, 0)->kind, ==, PROPRIO_OVERLAY_PLUMB);
  g_assert_cmpfloat (proprio_overlay_get_shape (restored, 0)->p[0].x, ==, 0.25);
  g_assert_false (proprio_overlay_can_undo (restored));
  g_object_unref (again);

  /* Undo through the page's action, and the setting follows. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.undo", NULL);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (proprio_mirror_page_get_overlay (h.page)), ==, 0);
  harness_clear (&h);
}

static void
test_actions_drive_tools_and_delay (void)
{
  Harness h = { 0 };
  ProprioOverlayEditor *editor;
  ProprioOverlay *overlay;
  guint id;

  harness_init (&h, "test", NULL);
  editor = child (&h, "editor");
  overlay = proprio_mirror_page_get_overlay (h.page);
  g_assert_true (proprio_overlay_editor_get_overlay (editor) == overlay);

  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.tool", "s", "angle");
  g_assert_cmpint (proprio_overlay_editor_get_tool (editor), ==, PROPRIO_OVERLAY_TOOL_ANGLE);
  g_assert_cmpstr (proprio_mirror_page_get_tool (h.page), ==, "angle");
  proprio_overlay_editor_set_tool (editor, PROPRIO_OVERLAY_TOOL_PLUMB);
  g_assert_cmpstr (proprio_mirror_page_get_tool (h.page), ==, "plumb");

  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delay-up", NULL);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delay-up", NULL);
  g_assert_cmpfloat (proprio_camera_get_delay (camera (&h)), ==, 2.0);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delay-down", NULL);
  g_assert_cmpfloat (proprio_camera_get_delay (camera (&h)), ==, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delay-down", NULL);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delay-down", NULL);
  g_assert_cmpfloat (proprio_camera_get_delay (camera (&h)), ==, 0.0);

  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.mirror", NULL);
  g_assert_false (proprio_camera_get_mirror (camera (&h)));
  g_assert_false (g_settings_get_boolean (h.settings, "mirror-video"));
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.mirror", NULL);
  g_assert_true (proprio_camera_get_mirror (camera (&h)));

  /* Delete removes the selected shape, and only that one. */
  id = proprio_overlay_add_level (overlay, 0.5);
  proprio_overlay_add_plumb (overlay, 0.5);
  proprio_overlay_editor_set_selected (editor, id);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.delete", NULL);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 1);
  g_assert_null (proprio_overlay_lookup (overlay, id));
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.undo", NULL);
  g_assert_nonnull (proprio_overlay_lookup (overlay, id));
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.redo", NULL);
  g_assert_null (proprio_overlay_lookup (overlay, id));
  harness_clear (&h);
}

static gboolean
video_is_640_wide (gpointer data)
{
  Harness *h = data;

  return gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (child (h, "picture"))) ==
         640;
}

static void
test_camera_choice_follows_setting (void)
{
  Harness h = { 0 };
  g_autofree char *spec = NULL;

  harness_init (&h, "test", NULL);
  g_settings_set_string (h.settings, "camera", "sim?size=640x360");
  spec = proprio_camera_dup_spec (camera (&h));
  g_assert_cmpstr (spec, ==, "sim?size=640x360");
  g_assert_true (proprio_test_wait_until (video_is_shown, &h, 5000));
  /* The new source opens on the camera's worker: the old frames show until it has. */
  g_assert_true (proprio_test_wait_until (video_is_640_wide, &h, 5000));
  harness_clear (&h);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_missing_camera_falls_back_with_notice (void)
{
  Harness h = { 0 };
  guint notices = 0;
  const char *notice;

  harness_init (&h, "/dev/video99", NULL);
  /* The test pattern stands in, and the page says why (the window shows it as a notice). */
  g_assert_cmpint (proprio_camera_get_state (camera (&h)), ==, PROPRIO_CAMERA_STATE_FALLBACK);
  notice = proprio_mirror_page_get_notice (h.page);
  g_assert_nonnull (notice);
  g_assert_cmpstr (notice, ==, proprio_camera_get_notice (camera (&h)));
  g_assert_nonnull (strstr (notice, "/dev/video99"));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (gtk_picture_get_paintable (
                     child (&h, "picture"))), ==, 1280);

  /* Choosing the test pattern in the camera list withdraws the notice. */
  g_signal_connect_swapped (h.page, "notify::notice", G_CALLBACK (count_notify), &notices);
  for (GtkWidget *row = gtk_widget_get_first_child (child (&h, "camera_list")); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "source"), "test") == 0)
      g_signal_emit_by_name (child (&h, "camera_list"), "row-activated", row);
  {
    g_autofree char *setting = g_settings_get_string (h.settings, "camera");

    g_assert_cmpstr (setting, ==, "test");
  }
  g_assert_true (proprio_test_wait_until (video_is_shown, &h, 5000));
  proprio_test_wait_ms (200);
  g_assert_cmpint (proprio_camera_get_state (camera (&h)), ==, PROPRIO_CAMERA_STATE_PLAYING);
  g_assert_null (proprio_mirror_page_get_notice (h.page));
  g_assert_cmpuint (notices, >=, 1);
  g_signal_handlers_disconnect_by_func (h.page, count_notify, &notices);
  harness_clear (&h);
}

/* Not an assertion of looks, a picture for people to look at: the page as a therapist sees it. */
/* ---- snapshot toasts ---- */

static void
record_uri (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       data)
{
  char **out = data;

  g_free (*out);
  *out = g_variant_dup_string (parameter, NULL);
}

/* One helper for every snapshot toast: the name, a short time, and a button on app.open-folder
 * whose target is the folder. */
static void
test_snapshot_toast (void)
{
  g_autoptr(AdwToast) toast = proprio_snapshot_toast_new ("/tmp/a b/proprio-snapshot-1.png");
  g_autoptr(AdwToast) odd = proprio_snapshot_toast_new ("/tmp/proprio-snapshot-<&>.png");
  g_autoptr(GAction) real = NULL;
  g_autoptr(GSimpleAction) recorder = NULL;
  g_autofree char *opened = NULL;
  GAction *action;

  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Saved proprio-snapshot-1.png");
  g_assert_cmpuint (adw_toast_get_timeout (toast), <=, 3);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Open Folder");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "app.open-folder");
  /* The title is markup: a name is shown as it is, never read as markup. */
  g_assert_cmpstr (adw_toast_get_title (odd), ==, "Saved proprio-snapshot-&lt;&amp;&gt;.png");

  /* The application has the action; a recording stand-in gets the folder's URI. */
  action = g_action_map_lookup_action (G_ACTION_MAP (app), "open-folder");
  g_assert_nonnull (action);
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action),
                                       G_VARIANT_TYPE_STRING));
  real = g_object_ref (action);
  g_action_map_remove_action (G_ACTION_MAP (app), "open-folder");
  recorder = g_simple_action_new ("open-folder", G_VARIANT_TYPE_STRING);
  g_signal_connect (recorder, "activate", G_CALLBACK (record_uri), &opened);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (recorder));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-folder",
                                  adw_toast_get_action_target_value (toast));
  g_assert_cmpstr (opened, ==, "file:///tmp/a%20b");
  g_action_map_remove_action (G_ACTION_MAP (app), "open-folder");
  g_action_map_add_action (G_ACTION_MAP (app), real);

  /* The real one opens only local folders: over D-Bus anyone may call it. */
  g_test_expect_message ("proprio-snapshot", G_LOG_LEVEL_WARNING, "Not opening https:*");
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-folder",
                                  g_variant_new_string ("https://example.org/"));
  g_test_expect_message ("proprio-snapshot", G_LOG_LEVEL_WARNING, "Not opening file:///*");
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-folder",
                                  g_variant_new_string ("file:///proprio-no-such-folder"));
  g_test_assert_expected_messages ();
}

/* In a toast overlay (as in the window), the page's toast goes there, not out as text. */
static void
test_snapshot_toast_in_overlay (void)
{
  Harness h = { 0 };
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *text = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();

  harness_init (&h, "test", NULL);
  g_object_ref (h.page);
  gtk_window_set_child (GTK_WINDOW (h.window), overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (h.page));
  g_object_unref (h.page);
  g_assert_true (proprio_test_wait_until (video_is_shown, &h, 5000));

  g_signal_connect_swapped (h.page, "add-toast", G_CALLBACK (store_add_toast), &toast);
  g_signal_connect_swapped (h.page, "toast", G_CALLBACK (store_toast), &text);
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.snapshot", NULL);
  g_assert_true (proprio_test_wait_until (pointer_is_set, &toast, 5000));
  proprio_test_wait_ms (100);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "Saved proprio-snapshot-"));
  g_assert_null (text);
  g_signal_handlers_disconnect_by_func (h.page, store_toast, &text);
  g_signal_handlers_disconnect_by_func (h.page, store_add_toast, &toast);
  harness_clear (&h);
}

/* ---- first-use rough edges ---- */

/* A replay is not a mirror: the patient reads that on the picture itself. */
static void
test_replay_badge_follows_camera (void)
{
  Harness h = { 0 };
  GtkWidget *badge, *area;
  graphene_rect_t bounds;

  harness_init (&h, "test", NULL);
  badge = child (&h, "replay_badge");
  area = child (&h, "video_overlay");
  g_assert_false (gtk_widget_get_visible (badge));

  proprio_camera_set_delay (camera (&h), 3.0);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "Replay −3.0 s");
  gtk_range_set_value (child (&h, "delay_scale"), 12.5);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "Replay −12.5 s");

  /* Frozen says frozen, with or without a delay. */
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.freeze", NULL);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "Frozen");
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.live", NULL);
  g_assert_false (gtk_widget_get_visible (badge));
  proprio_camera_set_frozen (camera (&h), TRUE);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "Frozen");

  /* Large (from 2 m), on the picture, clear of the inset. */
  proprio_test_wait_ms (200);
  g_assert_true (gtk_widget_get_mapped (badge));
  g_assert_true (gtk_widget_compute_bounds (badge, area, &bounds));
  g_assert_cmpfloat (bounds.size.height, >=, 40);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <, gtk_widget_get_height (area) / 2.0);

  proprio_camera_set_frozen (camera (&h), FALSE);
  g_assert_false (gtk_widget_get_visible (badge));
  harness_clear (&h);
}

static gboolean
buffer_holds_past (gpointer data)
{
  return proprio_camera_get_delay_available (camera (data)) >= 1.5;
}

static gboolean
inset_got_samples (gpointer data)
{
  Harness *h = data;

  /* The state is dispatched on the main loop apart from the samples: wait for both. */
  return h->page->inset_first_us != 0 &&
         proprio_device_get_state (proprio_mirror_page_get_device (h->page)) ==
         PROPRIO_DEVICE_STATE_STREAMING;
}

/* The live frame on screen was taken after the inset's first sample. */
static gboolean
shown_after_first_sample (gpointer data)
{
  Harness *h = data;

  return proprio_camera_get_shown_time_us (camera (h)) >= h->page->inset_first_us;
}

static const char *
inset_hint (Harness *h)
{
  return proprio_cop_view_get_hint (child (h, "inset"));
}

static gboolean
hint_is_too_far_back (gpointer data)
{
  return g_strcmp0 (inset_hint (data), "No balance data that far back") == 0;
}

static gboolean
inset_hint_is_disconnected (gpointer data)
{
  return g_strcmp0 (inset_hint (data), "Balance board not connected") == 0;
}

/* Each reason for no CoP in the inset has its own message, and only that one. */
static void
test_inset_hint_per_state (void)
{
  Harness h = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) board = NULL;

  /* Video first: the replay buffer then reaches back before the board's first sample. */
  harness_init (&h, "test", NULL);
  g_assert_true (proprio_test_wait_until (buffer_holds_past, &h, 10000));
  board = proprio_device_new ("sim:balance", &error);
  g_assert_no_error (error);
  proprio_station_set_device (h.station, board);

  /* A board that is not connected says so, live or replayed. */
  g_assert_cmpint (proprio_device_get_state (board), ==, PROPRIO_DEVICE_STATE_DISCONNECTED);
  g_assert_cmpstr (inset_hint (&h), ==, "Balance board not connected");
  proprio_camera_set_delay (camera (&h), 30.0);
  g_assert_cmpstr (inset_hint (&h), ==, "Balance board not connected");
  proprio_camera_set_delay (camera (&h), 0.0);

  proprio_device_connect (board);
  g_assert_cmpint (proprio_device_get_state (board), ==, PROPRIO_DEVICE_STATE_CONNECTING);
  g_assert_cmpstr (inset_hint (&h), ==, "Waiting for the balance board…");
  g_assert_true (proprio_test_wait_until (inset_got_samples, &h, 10000));
  g_assert_cmpint (proprio_device_get_state (board), ==, PROPRIO_DEVICE_STATE_STREAMING);

  /* Live and streaming: the view's own default (nobody on the board, if so). */
  g_assert_null (inset_hint (&h));
  g_assert_cmpstr (proprio_cop_view_get_shown_hint (child (&h, "inset")), ==,
                   "Step onto the board");

  /* The replay reaches back before the first sample: no data that far back. */
  proprio_camera_set_delay (camera (&h), 30.0);
  g_assert_true (proprio_test_wait_until (hint_is_too_far_back, &h, 5000));
  g_assert_cmpint (proprio_camera_get_shown_time_us (camera (&h)), <, h.page->inset_first_us);

  /* Live again, or a freeze of a frame the board saw: the default. */
  proprio_camera_set_delay (camera (&h), 0.0);
  g_assert_null (inset_hint (&h));
  g_assert_true (proprio_test_wait_until (shown_after_first_sample, &h, 10000));
  proprio_camera_set_frozen (camera (&h), TRUE);
  g_assert_cmpint (proprio_camera_get_shown_time_us (camera (&h)), >=, h.page->inset_first_us);
  g_assert_null (inset_hint (&h));
  proprio_camera_set_frozen (camera (&h), FALSE);

  /* Disconnected while replaying: the board's state wins over the replay's reach. */
  proprio_camera_set_delay (camera (&h), 30.0);
  g_assert_true (proprio_test_wait_until (hint_is_too_far_back, &h, 5000));
  proprio_device_disconnect (board);
  g_assert_true (proprio_test_wait_until (inset_hint_is_disconnected, &h, 5000));
  proprio_camera_set_delay (camera (&h), 0.0);
  g_assert_cmpstr (inset_hint (&h), ==, "Balance board not connected");

  /* No balance board, no hint left behind for the next one. */
  proprio_station_set_device (h.station, NULL);
  g_assert_null (inset_hint (&h));
  harness_clear (&h);
}

/* The inset is on top of the therapist's lines: a line across the video does not run through it. */
static void
test_inset_above_overlays (void)
{
  Harness h = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) board = NULL;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  GtkWidget *area, *inset, *editor, *last = NULL;
  graphene_rect_t bounds;
  ProprioOverlayFit fit;
  int video_width, video_height, x, above;

  harness_init (&h, "test", NULL);
  /* A board that is not connected: the inset shows, with nothing moving in it. */
  board = proprio_device_new ("sim:balance", &error);
  g_assert_no_error (error);
  proprio_station_set_device (h.station, board);
  area = child (&h, "video_overlay");
  inset = child (&h, "inset");
  editor = child (&h, "editor");
  proprio_camera_set_frozen (camera (&h), TRUE);
  proprio_test_wait_ms (300);
  g_assert_true (gtk_widget_get_mapped (inset));

  /* Above in the overlay's order, and takes no pointer input from the editor. */
  for (GtkWidget *c = gtk_widget_get_first_child (area); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (c == inset || gtk_widget_is_ancestor (editor, c))
      last = c;
  g_assert_true (last == inset);
  g_assert_false (gtk_widget_get_can_target (inset));

  g_assert_true (gtk_widget_compute_bounds (inset, area, &bounds));
  x = (int) (bounds.origin.x + bounds.size.width / 2);
  above = (int) bounds.origin.y - 20;
  g_assert_cmpint (above, >, 0);
  before = proprio_test_render_widget (area);

  proprio_mirror_page_get_video_size (h.page, &video_width, &video_height);
  proprio_overlay_fit_contain (&fit, video_width, video_height, gtk_widget_get_width (area),
                               gtk_widget_get_height (area));
  proprio_overlay_add_plumb (proprio_mirror_page_get_overlay (h.page),
                             proprio_overlay_fit_to_video (&fit, x, 0).x);
  proprio_test_wait_ms (100);
  after = proprio_test_render_widget (area);

  /* The line is drawn on the video above the inset... */
  g_assert_true (row_has_overlay_near (after, x, above, 4));
  /* ...and inside the inset every pixel is the inset's, as without the line. */
  {
    int width = gdk_texture_get_width (after), height = gdk_texture_get_height (after);
    g_autofree guint32 *a = g_new (guint32, (gsize) width * height);
    g_autofree guint32 *b = g_new (guint32, (gsize) width * height);

    g_assert_cmpint (gdk_texture_get_width (before), ==, width);
    g_assert_cmpint (gdk_texture_get_height (before), ==, height);
    gdk_texture_download (after, (guchar *) a, (gsize) width * 4);
    gdk_texture_download (before, (guchar *) b, (gsize) width * 4);
    for (int y = (int) bounds.origin.y + 14;
         y < (int) (bounds.origin.y + bounds.size.height) - 14; y++)
      for (int dx = -6; dx <= 6; dx++)
        g_assert_cmphex (a[(gsize) y * width + x + dx], ==, b[(gsize) y * width + x + dx]);
  }
  harness_clear (&h);
}

static void
count_cb (GdkPaintable *paintable,
          guint        *n)
{
  (*n)++;
}

/* The overlays are drawn once as a picture while the video plays under them, again when they
 * change; the inset over the video draws its board and trail as one picture too. */
static void
test_overlays_drawn_once_over_video (void)
{
  Harness h = { 0 };
  GtkWidget *editor, *cache;
  GdkPaintable *paintable;
  guint frames = 0, drawn;

  harness_init (&h, "test", NULL);
  editor = child (&h, "editor");
  cache = gtk_widget_get_parent (editor);
  g_assert_true (PROPRIO_IS_PANEL_CACHE (cache));
  g_assert_true (proprio_cop_view_get_flatten (PROPRIO_COP_VIEW (child (&h, "inset"))));
  proprio_overlay_add_plumb (proprio_mirror_page_get_overlay (h.page), 0.5);
  proprio_overlay_add_circle (proprio_mirror_page_get_overlay (h.page), 0.4, 0.4, 0.5, 0.5);
  proprio_test_wait_ms (300);
  drawn = proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (cache));
  g_assert_cmpuint (drawn, >=, 1);

  paintable = gtk_picture_get_paintable (child (&h, "picture"));
  g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (count_cb), &frames);
  proprio_test_wait_ms (1000);
  g_signal_handlers_disconnect_by_func (paintable, count_cb, &frames);
  g_test_message ("video frames: %u, overlay pictures: %u", frames,
                  proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (cache)) - drawn);
  g_assert_cmpuint (frames, >=, 10);
  g_assert_cmpuint (proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (cache)), ==, drawn);

  proprio_overlay_add_level (proprio_mirror_page_get_overlay (h.page), 0.3);
  proprio_test_wait_ms (200);
  g_assert_cmpuint (proprio_panel_cache_get_n_drawn (PROPRIO_PANEL_CACHE (cache)), >, drawn);
  harness_clear (&h);
}

/* The chosen tool's hint is on the page, for every tool. */
static void
test_tool_hint_per_tool (void)
{
  static const char * const tools[] = {
    "select", "plumb", "level", "grid", "line", "circle", "angle"
  };
  Harness h = { 0 };
  GtkLabel *label;

  harness_init (&h, "test", NULL);
  label = child (&h, "tool_hint_label");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      ProprioOverlayTool tool;

      gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.tool", "s", tools[i]);
      g_assert_true (proprio_overlay_tool_from_string (tools[i], &tool));
      g_assert_cmpstr (gtk_label_get_label (label), ==, proprio_overlay_tool_get_hint (tool));
    }
  gtk_widget_activate_action (GTK_WIDGET (h.page), "mirror.tool", "s", "line");
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Drag to draw a line, or click its two ends");
  proprio_overlay_editor_set_tool (child (&h, "editor"), PROPRIO_OVERLAY_TOOL_ANGLE);
  g_assert_cmpstr (gtk_label_get_label (label), ==,
                   "Click three points: the angle is measured at the second");
  harness_clear (&h);
}

/* A toast rises from the bottom of the window: nothing the therapist drags sits there. */
static void
test_delay_controls_clear_of_toasts (void)
{
  Harness h = { 0 };
  graphene_rect_t scale, video;

  harness_init (&h, "test", NULL);
  g_assert_true (gtk_widget_compute_bounds (child (&h, "delay_scale"), h.window, &scale));
  g_assert_true (gtk_widget_compute_bounds (child (&h, "video_overlay"), h.window, &video));
  g_assert_cmpfloat (scale.origin.y + scale.size.height, <=, video.origin.y);
  /* The video reaches the bottom of the page. */
  g_assert_cmpfloat (video.origin.y + video.size.height, >=,
                     gtk_widget_get_height (GTK_WIDGET (h.page)) - 1);
  harness_clear (&h);
}

static void
test_screenshot (void)
{
  Harness h = { 0 };
  ProprioOverlay *overlay;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *build_root = g_getenv ("PROPRIO_BUILD_ROOT");

  harness_init (&h, "test", "sim:balance");
  overlay = proprio_mirror_page_get_overlay (h.page);
  proprio_overlay_add_plumb (overlay, 0.5);
  proprio_overlay_add_angle (overlay, 0.35, 0.3, 0.45, 0.6, 0.6, 0.4);
  gtk_range_set_value (child (&h, "delay_scale"), 5.0);
  proprio_test_wait_ms (2500);

  /* The picture is of a page at work: five seconds late (still filling), bars and overlays. */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (&h, "delay_label")),
                                   "5.0 s behind"));
  texture = proprio_test_render_widget (h.window);
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 32);
  path = g_build_filename (build_root ? build_root : g_get_tmp_dir (), "mirror-page.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/mirror-page/shows-test-pattern", test_shows_test_pattern);
  g_test_add_func ("/mirror-page/camera-runs-only-while-mapped",
                   test_camera_runs_only_while_mapped);
  g_test_add_func ("/mirror-page/snapshot-contains-overlay", test_snapshot_contains_overlay);
  g_test_add_func ("/mirror-page/snapshot-unwritable-folder", test_snapshot_unwritable_folder);
  g_test_add_func ("/mirror-page/snapshot-needs-page-on-screen",
                   test_snapshot_needs_page_on_screen);
  g_test_add_func ("/mirror-page/delay-moves-inset-clock", test_delay_moves_inset_clock);
  g_test_add_func ("/mirror-page/emg-device-shows-bars", test_emg_device_shows_bars);
  g_test_add_func ("/mirror-page/emg-inset-follows-delay", test_emg_inset_follows_delay);
  g_test_add_func ("/mirror-page/emg-inset-hints", test_emg_inset_hints);
  g_test_add_func ("/mirror-page/overlay-saved-and-restored", test_overlay_saved_and_restored);
  g_test_add_func ("/mirror-page/actions-drive-tools-and-delay",
                   test_actions_drive_tools_and_delay);
  g_test_add_func ("/mirror-page/camera-choice-follows-setting",
                   test_camera_choice_follows_setting);
  g_test_add_func ("/mirror-page/missing-camera-falls-back-with-notice",
                   test_missing_camera_falls_back_with_notice);
  g_test_add_func ("/mirror-page/snapshot-toast", test_snapshot_toast);
  g_test_add_func ("/mirror-page/snapshot-toast-in-overlay", test_snapshot_toast_in_overlay);
  g_test_add_func ("/mirror-page/replay-badge-follows-camera", test_replay_badge_follows_camera);
  g_test_add_func ("/mirror-page/inset-hint-per-state", test_inset_hint_per_state);
  g_test_add_func ("/mirror-page/inset-above-overlays", test_inset_above_overlays);
  g_test_add_func ("/mirror-page/overlays-drawn-once-over-video",
                   test_overlays_drawn_once_over_video);
  g_test_add_func ("/mirror-page/tool-hint-per-tool", test_tool_hint_per_tool);
  g_test_add_func ("/mirror-page/delay-controls-clear-of-toasts",
                   test_delay_controls_clear_of_toasts);
  g_test_add_func ("/mirror-page/screenshot", test_screenshot);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
