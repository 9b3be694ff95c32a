/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Joint position page on its third angle source, three points on a frozen frame, in a real
 * window under Xvfb with the test camera (videotestsrc): the source chosen in the page's combo,
 * the clear words before the points are placed and while the video is live, the target drawn as
 * an arc on the video while memorising and hidden while reproducing, and a two-trial protocol
 * whose reproductions are three points placed through the overlay model on a frozen frame: each
 * trial's reproduced angle is the angle of those points (within 0.1°) at the frozen frame's
 * time. PROPRIO_SCREENSHOT=FILE saves the window while the first target is memorised. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/proprio-joint-page-private.h"
#include "app/proprio-window-private.h"
#include "widgets/proprio-frame-paintable.h"
#include "proprio-test-gui.h"

#define VIDEO_W 320
#define VIDEO_H 180
/* The arc's colour, drawn opaque: no pixel of the test pattern has it. */
#define ARC_RGB 0xf6d32d

static ProprioApplication *app;

typedef struct
{
  ProprioWindow        *window;
  ProprioStation       *station;
  ProprioCamera        *camera;
  ProprioJointPage     *page;
  ProprioMatchExercise *match;
} Harness;

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static gboolean
has_video (gpointer data)
{
  Harness *h = data;
  GdkPaintable *paintable = GDK_PAINTABLE (proprio_frame_paintable_for_camera (h->camera));

  return gdk_paintable_get_intrinsic_width (paintable) == VIDEO_W &&
         proprio_camera_get_shown_time_us (h->camera) > 0;
}

static gboolean
in_stage (Harness           *h,
          ProprioMatchStage  stage)
{
  return proprio_match_exercise_get_stage (h->match) == stage;
}

static gboolean
is_memorising (gpointer data)
{
  return in_stage (data, PROPRIO_MATCH_STAGE_MEMORISE);
}

static gboolean
is_reproducing (gpointer data)
{
  return in_stage (data, PROPRIO_MATCH_STAGE_REPRODUCE);
}

static gboolean
is_done (gpointer data)
{
  Harness *h = data;

  return proprio_exercise_get_phase (PROPRIO_EXERCISE (h->match)) == PROPRIO_EXERCISE_PHASE_DONE;
}

static void
harness_init (Harness *h)
{
  g_autoptr(GError) error = NULL;

  h->station = proprio_application_get_station (app);
  /* No angle device: the frozen frame needs none. */
  g_assert_true (proprio_station_set_device_spec (h->station, "sim:balance", &error));
  g_assert_no_error (error);
  h->camera = proprio_station_get_camera (h->station);
  proprio_camera_monitor_set_use_portal (proprio_station_get_camera_monitor (h->station), FALSE);
  h->window = proprio_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1200, 800);
  proprio_window_set_view (h->window, "joint");
  gtk_window_present (GTK_WINDOW (h->window));
  g_assert_true (proprio_test_wait_until (is_drawn, h->window, 5000));
  /* After the window, which applies the camera of the settings. */
  g_assert_true (proprio_camera_set_spec (h->camera, "test?size=320x180", &error));
  g_assert_no_error (error);
  h->page = h->window->joint;
  h->match = PROPRIO_MATCH_EXERCISE (proprio_joint_page_get_engine (h->page));
}

static void
harness_clear (Harness *h)
{
  GtkWidget *weak = GTK_WIDGET (h->window);

  proprio_station_stop (h->station);
  proprio_camera_set_frozen (h->camera, FALSE);
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
  g_assert_true (proprio_camera_set_spec (h->camera, "none", NULL));
}

/* The angle at the vertex of three normalised points, measured in the video's pixels: what the
 * page must register, computed here from the points alone. */
static double
expected_angle (const double p[6])
{
  double ax = p[0] * VIDEO_W - p[2] * VIDEO_W, ay = p[1] * VIDEO_H - p[3] * VIDEO_H;
  double bx = p[4] * VIDEO_W - p[2] * VIDEO_W, by = p[5] * VIDEO_H - p[3] * VIDEO_H;

  return acos ((ax * bx + ay * by) / (hypot (ax, ay) * hypot (bx, by))) * 180.0 / G_PI;
}

/* Replaces the points with @p (hip, knee, ankle), as the therapist's clicks would leave them. */
static void
place_points (Harness      *h,
              const double  p[6])
{
  ProprioOverlay *overlay = proprio_joint_page_get_frame_overlay (h->page);

  proprio_overlay_clear (overlay);
  g_assert_cmpuint (proprio_overlay_add_angle (overlay, p[0], p[1], p[2], p[3], p[4], p[5]), >,
                    0);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 1);
}

/* Runs the window's own shortcut for @trigger ("f"), as a key press reaching the window does. */
static gboolean
press (ProprioWindow *window,
       const char    *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "proprio-window-keys") != 0)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *text =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

/* F, the window's key on this page. */
static void
freeze (Harness  *h,
        gboolean  frozen)
{
  if (proprio_camera_get_frozen (h->camera) != frozen)
    g_assert_true (press (h->window, "f"));
  g_assert_true (proprio_camera_get_frozen (h->camera) == frozen);
  g_assert_true (gtk_toggle_button_get_active (h->page->freeze_button) == frozen);
  g_assert_true (gtk_widget_get_visible (h->page->frozen_badge) == frozen);
}

static guint
arc_pixels (Harness *h)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint32 *pixels = NULL;
  int w, hgt;
  guint n = 0;

  proprio_test_wait_ms (100);
  texture = proprio_test_render_widget (h->page->frame_view);
  w = gdk_texture_get_width (texture);
  hgt = gdk_texture_get_height (texture);
  /* One download (native-endian ARGB, as Cairo's), then every pixel. */
  pixels = g_new (guint32, (gsize) w * hgt);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * hgt; i++)
    n += (pixels[i] & 0xffffff) == ARC_RGB;
  return n;
}

static const char *
hint (Harness *h)
{
  return gtk_label_get_text (h->page->frame_hint);
}

/* A knee seen from the side: hip up left, knee in the middle, the ankle where @p ends. */
static void
knee_points (double angle_deg,
             double p[6])
{
  /* The thigh from the knee (0.5, 0.6) to the hip, 100 px up and 40 px left; the shank 80 px
   * long at angle_deg from the thigh, measured in pixels. */
  double thigh = atan2 (-100.0, -40.0), shank = thigh - angle_deg * G_PI / 180.0;

  p[2] = 0.5;
  p[3] = 0.6;
  p[0] = p[2] + -40.0 / VIDEO_W;
  p[1] = p[3] + -100.0 / VIDEO_H;
  p[4] = p[2] + 80.0 * cos (shank) / VIDEO_W;
  p[5] = p[3] + 80.0 * sin (shank) / VIDEO_H;
}

static void
test_frozen_frame_trials (void)
{
  static const double targets[] = { 45.0, 60.0 };
  static const double errors[] = { 3.7, -2.4 };
  double p[6], before[6];
  gint64 frame_us = -1;
  double angle;
  guint memorise_pixels, reproduce_pixels;
  Harness h;

  harness_init (&h);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "no-device");

  /* The third row of the source chooser. */
  adw_combo_row_set_selected (h.page->source_combo, 2);
  g_assert_cmpint (proprio_station_get_angle_source (h.station), ==,
                   PROPRIO_ANGLE_SOURCE_FROZEN_FRAME);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->stack), ==, "joint");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (h.page->view_stack), ==, "frame");
  g_assert_true (h.page->holds_camera);
  if (!proprio_test_wait_until (has_video, &h, 20000))
    g_error ("no video: %d x %d, shown at %" G_GINT64_FORMAT ", state %d, %s",
             gdk_paintable_get_intrinsic_width (
               GDK_PAINTABLE (proprio_frame_paintable_for_camera (h.camera))),
             gdk_paintable_get_intrinsic_height (
               GDK_PAINTABLE (proprio_frame_paintable_for_camera (h.camera))),
             proprio_camera_get_shown_time_us (h.camera), proprio_camera_get_state (h.camera),
             proprio_camera_get_notice (h.camera));
  proprio_overlay_clear (proprio_joint_page_get_frame_overlay (h.page));
  g_assert_cmpint (proprio_overlay_editor_get_tool (h.page->frame_editor), ==,
                   PROPRIO_OVERLAY_TOOL_ANGLE);
  g_assert_cmpstr (hint (&h), ==, "Place the three points on the hip, knee and ankle");

  /* No points yet: refused at the start, in words. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_false (proprio_station_is_running (h.station));
  g_assert_nonnull (strstr (gtk_label_get_text (h.page->message_label),
                            "Place the three points"));

  /* Frozen, the points placed: the station has their angle at the frozen frame's time. */
  freeze (&h, TRUE);
  knee_points (90.0, p);
  place_points (&h, p);
  angle = proprio_station_get_frame_angle (h.station, &frame_us);
  g_assert_cmpfloat (fabs (angle - expected_angle (p)), <, 0.1);
  g_assert_cmpfloat (fabs (angle - 90.0), <, 0.1);
  g_assert_cmpint (frame_us, ==, proprio_camera_get_shown_time_us (h.camera));
  g_assert_cmpint (proprio_overlay_editor_get_tool (h.page->frame_editor), ==,
                   PROPRIO_OVERLAY_TOOL_SELECT);
  g_assert_nonnull (strstr (hint (&h), "Frozen frame: 90.0°"));
  /* A second angle replaces the first: one measurement at a time. */
  knee_points (100.0, before);
  proprio_overlay_add_angle (proprio_joint_page_get_frame_overlay (h.page), before[0], before[1],
                             before[2], before[3], before[4], before[5]);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (proprio_joint_page_get_frame_overlay (h.page)),
                    ==, 1);
  g_assert_cmpfloat (fabs (proprio_station_get_frame_angle (h.station, NULL) - 100.0), <, 0.1);
  /* Live again: the angle stays, the frame time goes. */
  freeze (&h, FALSE);
  proprio_station_get_frame_angle (h.station, &frame_us);
  g_assert_cmpint (frame_us, ==, 0);
  g_assert_nonnull (strstr (hint (&h), "The video is live"));

  proprio_match_exercise_set_targets (h.match, targets, 2);
  proprio_match_exercise_set_trials_per_target (h.match, 1);
  proprio_match_exercise_set_order (h.match, PROPRIO_MATCH_ORDER_BLOCKED, 1);
  proprio_match_exercise_set_memorise (h.match, PROPRIO_MATCH_MEMORISE_TIMED, 1.5, 3.0);
  proprio_match_exercise_set_register (h.match, PROPRIO_MATCH_REGISTER_KEY, 2.0, 1.0, 5.0);
  proprio_match_exercise_set_feedback (h.match, PROPRIO_MATCH_FEEDBACK_NEVER, NULL, 0, 0);
  proprio_match_exercise_set_timing (h.match, 0.0, 0.5, 2.0, 0.5, 0.5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_true (proprio_station_get_running (h.station) == PROPRIO_EXERCISE (h.match));

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      const ProprioMatchTrial *trial;
      double want;

      g_assert_true (proprio_test_wait_until (is_memorising, &h, 20000));
      g_assert_false (proprio_camera_get_frozen (h.camera));
      memorise_pixels = arc_pixels (&h);
      /* PROPRIO_SCREENSHOT=FILE: the page memorising the first target, for the README. */
      if (i == 0 && g_getenv ("PROPRIO_SCREENSHOT") != NULL)
        {
          g_autoptr(GdkTexture) shot = proprio_test_render_widget (GTK_WIDGET (h.window));

          g_assert_true (gdk_texture_save_to_png (shot, g_getenv ("PROPRIO_SCREENSHOT")));
        }
      g_assert_true (proprio_test_wait_until (is_reproducing, &h, 20000));
      reproduce_pixels = arc_pixels (&h);
      g_test_message ("trial %u: %u arc pixels memorising, %u reproducing", i + 1,
                      memorise_pixels, reproduce_pixels);
      /* The target on the video to learn from, gone for the reproduction; the picture stays
       * for the therapist (no cover over it). */
      g_assert_cmpuint (memorise_pixels, >, 100);
      g_assert_cmpuint (reproduce_pixels, ==, 0);
      g_assert_false (gtk_widget_get_visible (h.page->cover));

      /* The key while the video is live registers nothing: said, and the trial goes on. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.register", NULL));
      g_assert_cmpuint (proprio_match_exercise_get_n_trials (h.match), ==, i);
      g_assert_nonnull (strstr (gtk_label_get_text (h.page->message_label), "Freeze the video"));

      /* The patient holds; the therapist freezes, drags the points onto the limb, registers. */
      proprio_test_wait_ms (300);
      freeze (&h, TRUE);
      proprio_test_wait_ms (200);
      knee_points (targets[i] + errors[i], p);
      place_points (&h, p);
      want = expected_angle (p);
      /* The page's button for the first trial, the window's Return for the second. */
      if (i == 0)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.register", NULL));
      else
        g_assert_true (press (h.window, "Return"));
      g_assert_cmpuint (proprio_match_exercise_get_n_trials (h.match), ==, i + 1);
      trial = proprio_match_exercise_get_trial (h.match, i);
      g_test_message ("trial %u: target %.0f°, points %.3f°, reproduced %.3f°", trial->index,
                      trial->target[0], want, trial->reproduced[0]);
      g_assert_cmpint (trial->validity, ==, PROPRIO_MATCH_VALID);
      g_assert_cmpfloat (fabs (trial->reproduced[0] - want), <, 0.1);
      g_assert_cmpfloat (fabs (trial->error[0] - errors[i]), <, 0.1);
      g_assert_cmpint (trial->registered_us, ==, proprio_camera_get_shown_time_us (h.camera));
      /* Left frozen after the first: the next memorising brings the live picture back. */
      if (i > 0)
        freeze (&h, FALSE);
    }
  g_assert_true (proprio_test_wait_until (is_done, &h, 20000));
  g_assert_cmpuint (proprio_match_exercise_get_n_valid (h.match), ==, 2);

  /* The points stay while the page lives, and in the settings for the next one. */
  g_assert_cmpuint (proprio_overlay_get_n_shapes (proprio_joint_page_get_frame_overlay (h.page)),
                    ==, 1);
  {
    g_autofree char *text = NULL;

    g_assert_nonnull (h.page->settings);
    text = g_settings_get_string (h.page->settings, "joint-frame-points");
    g_assert_nonnull (strstr (text, "angle "));
  }

  /* Another window's page shows the same points (and so pushes the same angle). */
  {
    GtkWidget *other = g_object_ref_sink (proprio_joint_page_new (h.station, NULL));

    g_assert_true (proprio_joint_page_get_frame_overlay (PROPRIO_JOINT_PAGE (other)) ==
                   proprio_joint_page_get_frame_overlay (h.page));
    g_object_run_dispose (G_OBJECT (other));
    g_object_unref (other);
  }

  /* No camera: said on the picture's line, and a start is refused in words. */
  g_assert_true (proprio_camera_set_spec (h.camera, "none", NULL));
  proprio_test_wait_ms (100);
  g_assert_nonnull (strstr (hint (&h), "No camera is chosen"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "joint.start", NULL));
  g_assert_false (proprio_station_is_running (h.station));
  g_assert_nonnull (strstr (gtk_label_get_text (h.page->message_label), "no camera"));

  /* Back to the device source: the frozen view goes, the camera is let go. */
  adw_combo_row_set_selected (h.page->source_combo, 0);
  g_assert_cmpint (proprio_station_get_angle_source (h.station), ==, PROPRIO_ANGLE_SOURCE_DEVICE);
  g_assert_false (h.page->holds_camera);
  {
    static const double defaults[] = { 45.0, 60.0 };

    proprio_match_exercise_set_targets (h.match, defaults, 2);
  }
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

  g_test_add_func ("/joint-frame/frozen-frame-trials", test_frozen_frame_trials);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
