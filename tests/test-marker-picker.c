/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The marker picker in a real window under Xvfb, on the simulated camera's real pipeline: the
 * markers picked by clicks in turn, the angle drawn and said, a hidden marker and colours too
 * alike in words, the tolerance slider, the angle hidden for the reproduce phase. */
#include <math.h>
#include <string.h>

#include "core/proprio-limb-render.h"
#include "proprio-test-gui.h"
#include "video/proprio-camera-private.h"
#include "widgets/proprio-marker-picker.h"
#include "widgets/proprio-marker-picker-private.h"

/* Generous: two busy cores, and ASan. */
#define WAIT_MS 20000
#define W 640
#define H 360

/* The angle's arc and value pill are drawn in GNOME Yellow 2. */
#define YELLOW_R 0xf8
#define YELLOW_G 0xe4
#define YELLOW_B 0x5c

typedef struct
{
  GtkWidget           *window;
  ProprioCamera       *camera;
  ProprioMarkerPicker *picker;
} Harness;

static gboolean
picture_shown (gpointer data)
{
  Harness *h = data;
  GtkWidget *video = proprio_marker_picker_get_video_area (h->picker);

  return proprio_camera_get_shown_frame (h->camera) != NULL && gtk_widget_get_mapped (video)
         && gtk_widget_get_width (video) > 100 && gtk_widget_get_height (video) > 100;
}

static void
harness_init (Harness *h,
              gboolean tracking)
{
  g_autoptr(GError) error = NULL;

  memset (h, 0, sizeof *h);
  h->camera = proprio_camera_new ();
  g_assert_true (proprio_camera_set_spec (h->camera, "sim?size=640x360", &error));
  g_assert_no_error (error);
  proprio_camera_set_tracking (h->camera, tracking);
  g_assert_true (proprio_camera_start (h->camera, &error));
  g_assert_no_error (error);

  h->picker = PROPRIO_MARKER_PICKER (proprio_marker_picker_new (h->camera));
  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 960, 760);
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->picker));
  gtk_window_present (GTK_WINDOW (h->window));
  g_assert_true (proprio_test_wait_until (picture_shown, h, WAIT_MS));
}

static void
harness_clear (Harness *h)
{
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_camera_stop (h->camera);
  _proprio_camera_settle (h->camera);
  g_clear_object (&h->camera);
  proprio_test_wait_ms (20);
}

static void
set_sim_colors (ProprioCamera *camera)
{
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioHsv hsv;

      proprio_sim_camera_get_marker_color (m, &hsv);
      proprio_camera_set_marker_color (camera, m, &hsv);
    }
}

typedef struct
{
  Harness    *h;
  const char *prefix;
  const char *suffix;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;
  const char *status = proprio_marker_picker_get_status (w->h->picker);

  return status != NULL && g_str_has_prefix (status, w->prefix)
         && (w->suffix == NULL || g_str_has_suffix (status, w->suffix));
}

static void
wait_status (Harness    *h,
             const char *prefix,
             const char *suffix)
{
  StatusWait w = { h, prefix, suffix };

  if (!proprio_test_wait_until (status_is, &w, WAIT_MS))
    g_error ("status is “%s”, not “%s…%s”", proprio_marker_picker_get_status (h->picker), prefix,
             suffix ? suffix : "");
}

/* Where marker @m is in the frame shown (mirrored, as the camera shows it), from the angle the
 * simulated leg was drawn at for that frame, in the video area's coordinates. */
static void
marker_in_widget (Harness *h,
                  guint    m,
                  double  *x,
                  double  *y)
{
  ProprioFrame *frame = proprio_camera_get_shown_frame (h->camera);
  ProprioLimbScene scene;
  double angle, pts[3][2];

  g_assert_nonnull (frame);
  g_assert_true (proprio_sim_camera_lookup_truth (proprio_camera_get_sim (h->camera),
                                                  proprio_frame_get_time_us (frame), &angle));
  proprio_sim_camera_scene (W, H, angle, &scene);
  proprio_limb_scene_get_points (&scene, pts);
  g_assert_true (proprio_camera_get_mirror (h->camera));
  g_assert_true (proprio_marker_picker_frame_to_widget (h->picker, W - pts[m][0], pts[m][1],
                                                        x, y));
}

/* Pixels close to the angle's yellow in the rendered picker. */
static guint
count_yellow (Harness *h)
{
  g_autoptr(GdkTexture) texture = proprio_test_render_widget (GTK_WIDGET (h->picker));
  int w = gdk_texture_get_width (texture), hh = gdk_texture_get_height (texture);
  gsize stride = (gsize) w * 4;
  g_autofree guint8 *pixels = g_malloc (stride * hh);
  guint n = 0;

  /* Downloaded once (proprio_test_pixel downloads the texture per pixel): native-endian
   * 32-bit ARGB words. */
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < hh; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 argb;
        int r, g, b;

        memcpy (&argb, pixels + y * stride + x * 4, sizeof argb);
        r = (argb >> 16) & 0xff;
        g = (argb >> 8) & 0xff;
        b = argb & 0xff;
        n += ABS (r - YELLOW_R) < 12 && ABS (g - YELLOW_G) < 12 && ABS (b - YELLOW_B) < 20;
      }
  return n;
}

/* Three clicks on the frozen picture pick hip, knee and ankle in turn; a click on the grey wall
 * is refused in words and changes nothing. Live again, the angle is tracked, drawn (the yellow
 * arc and value) and said in the status line; hidden for the reproduce phase, it is neither. */
static void
test_pick_in_turn_then_angle (void)
{
  ProprioMarkerTracker *tracker;
  ProprioHsv hsv, expected;
  Harness h;
  double x, y;
  guint yellow;

  harness_init (&h, TRUE);
  tracker = proprio_camera_get_marker_tracker (h.camera);
  g_assert_cmpint (proprio_marker_picker_get_picking (h.picker), ==, PROPRIO_MARKER_HIP);
  g_assert_cmpstr (proprio_marker_picker_get_hint (h.picker), ==,
                   "Click the middle of the hip marker in the video");
  g_assert_cmpstr (proprio_marker_picker_get_marker_text (h.picker, PROPRIO_MARKER_KNEE), ==,
                   "Knee marker not picked yet");
  /* The first thing to do, in the status line. */
  wait_status (&h, "Hip marker not picked yet", NULL);

  /* A frozen picture holds still for the clicks. */
  proprio_camera_set_frozen (h.camera, TRUE);
  g_assert_true (proprio_marker_picker_frame_to_widget (h.picker, 8, 8, &x, &y));
  g_assert_false (proprio_marker_picker_click (h.picker, x, y));
  g_assert_nonnull (strstr (proprio_marker_picker_get_hint (h.picker), "no clear colour"));
  g_assert_cmpint (proprio_marker_picker_get_picking (h.picker), ==, PROPRIO_MARKER_HIP);
  g_assert_false (proprio_marker_tracker_get_color (tracker, PROPRIO_MARKER_HIP, &hsv));

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      marker_in_widget (&h, m, &x, &y);
      g_assert_true (proprio_marker_picker_click (h.picker, x + 1.0, y - 1.0));
      g_assert_true (proprio_marker_tracker_get_color (tracker, m, &hsv));
      proprio_sim_camera_get_marker_color (m, &expected);
      g_assert_cmpfloat_with_epsilon (hsv.h, expected.h, 3.0);
      g_assert_cmpint (proprio_marker_picker_get_picking (h.picker), ==,
                       m + 1 < PROPRIO_N_MARKERS ? (int) m + 1 : -1);
    }
  g_assert_cmpstr (proprio_marker_picker_get_hint (h.picker), ==,
                   "To pick a marker again, choose it below and click it in the video");
  /* Done: a stray click changes nothing. */
  g_assert_false (proprio_marker_picker_click (h.picker, x, y));

  proprio_camera_set_frozen (h.camera, FALSE);
  wait_status (&h, "Knee ", "°");
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    g_assert_nonnull (strstr (proprio_marker_picker_get_marker_text (h.picker, m), "found"));
  proprio_test_wait_ms (100);
  yellow = count_yellow (&h);
  g_test_message ("%u yellow pixels with the angle shown", yellow);
  /* The README's picture of the picker:
   *   PROPRIO_PICKER_SCREENSHOT=$PWD/resources/screenshots/marker-picker.png
   *     xvfb-run -a meson test -C build test-marker-picker */
  if (g_getenv ("PROPRIO_PICKER_SCREENSHOT") != NULL)
    {
      ProprioSimJointIntent bent = { PROPRIO_SIM_JOINT_MEMORISE, 95.0, 170.0 };
      g_autoptr(GdkTexture) shot = NULL;

      /* A knee bent as in a test, not the straight leg of the start. */
      proprio_camera_set_sim_intent (h.camera, &bent);
      wait_status (&h, "Knee 9", "°");
      proprio_test_wait_ms (1500);
      shot = proprio_test_render_widget (GTK_WIDGET (h.picker));

      g_assert_true (gdk_texture_save_to_png (shot, g_getenv ("PROPRIO_PICKER_SCREENSHOT")));
    }
  g_assert_cmpuint (yellow, >, 40);

  proprio_marker_picker_set_show_angle (h.picker, FALSE);
  wait_status (&h, "All three markers found", NULL);
  proprio_test_wait_ms (100);
  g_assert_cmpuint (count_yellow (&h), <, yellow / 10);
  harness_clear (&h);
}

/* A marker that leaves the picture is lost, in words, on its button and in the status line,
 * and no angle is drawn or said; back in the picture, the angle is back. */
static void
test_lost_marker_in_words (void)
{
  ProprioSimCamera *sim;
  Harness h;

  harness_init (&h, TRUE);
  sim = proprio_camera_get_sim (h.camera);
  set_sim_colors (h.camera);
  wait_status (&h, "Knee ", "°");
  proprio_sim_camera_set_marker_hidden (sim, PROPRIO_MARKER_KNEE, TRUE);
  wait_status (&h, "Knee marker lost", NULL);
  g_assert_cmpstr (proprio_marker_picker_get_marker_text (h.picker, PROPRIO_MARKER_KNEE), ==,
                   "Knee marker lost");
  g_assert_cmpstr (proprio_marker_picker_get_marker_text (h.picker, PROPRIO_MARKER_HIP), ==,
                   "Hip marker found");
  proprio_test_wait_ms (100);
  g_assert_cmpuint (count_yellow (&h), <, 10);
  proprio_sim_camera_set_marker_hidden (sim, PROPRIO_MARKER_KNEE, FALSE);
  wait_status (&h, "Knee ", "°");
  harness_clear (&h);
}

/* Two markers of one colour: the tracker says so and the picker names the pair. */
static void
test_colors_too_alike_in_words (void)
{
  ProprioHsv green;
  Harness h;

  harness_init (&h, TRUE);
  set_sim_colors (h.camera);
  proprio_sim_camera_get_marker_color (PROPRIO_MARKER_HIP, &green);
  proprio_camera_set_marker_color (h.camera, PROPRIO_MARKER_ANKLE, &green);
  wait_status (&h, "Hip and ankle colours too alike", NULL);
  g_assert_cmpstr (proprio_marker_picker_get_marker_text (h.picker, PROPRIO_MARKER_ANKLE), ==,
                   proprio_marker_picker_get_status (h.picker));
  harness_clear (&h);
}

/* Every state in words, for a sample made by hand, including an ambiguous marker named by its
 * colour. */
static void
test_state_words (void)
{
  ProprioMarkerSampleView view = { 0 };
  ProprioHsv green;
  Harness h;
  char *text;

  harness_init (&h, FALSE);
  set_sim_colors (h.camera);
  proprio_sim_camera_get_marker_color (PROPRIO_MARKER_HIP, &green);
  g_assert_cmpstr (_proprio_marker_color_name (&green), ==, "green");

  view.markers[0].state = PROPRIO_MARKER_AMBIGUOUS;
  view.markers[1].state = PROPRIO_MARKER_COLOR_OVERLAP;
  view.markers[2].state = PROPRIO_MARKER_COLOR_OVERLAP;
  text = _proprio_marker_picker_state_text (h.picker, PROPRIO_MARKER_HIP, &view);
  g_assert_cmpstr (text, ==, "Two green blobs: hip ambiguous");
  g_free (text);
  text = _proprio_marker_picker_state_text (h.picker, PROPRIO_MARKER_KNEE, &view);
  g_assert_cmpstr (text, ==,
                   "Knee and ankle colours too alike: pick one again or narrow the tolerance");
  g_free (text);
  view.markers[2].state = PROPRIO_MARKER_LOST;
  text = _proprio_marker_picker_state_text (h.picker, PROPRIO_MARKER_ANKLE, &view);
  g_assert_cmpstr (text, ==, "Ankle marker lost");
  g_free (text);

  /* Tracking off is said as such, whatever the markers. */
  wait_status (&h, "Tracking is off", NULL);
  harness_clear (&h);
}

/* The tolerance slider sets all three markers' tolerance, hue and the rest in proportion, and
 * follows a tolerance set through the camera. */
static void
test_tolerance_slider (void)
{
  ProprioMarkerTolerance tol = { 0 };
  ProprioMarkerTolerance narrow = { 10.0, 0.2, 0.25 };
  Harness h;

  harness_init (&h, FALSE);
  g_assert_cmpfloat (gtk_adjustment_get_value (h.picker->tolerance), ==, 15.0);
  gtk_adjustment_set_value (h.picker->tolerance, 30.0);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      proprio_marker_tracker_get_tolerance (proprio_camera_get_marker_tracker (h.camera), m,
                                            &tol);
      g_assert_cmpfloat (tol.hue_deg, ==, 30.0);
      g_assert_cmpfloat_with_epsilon (tol.saturation, 0.60, 1e-9);
      g_assert_cmpfloat_with_epsilon (tol.value, 0.70, 1e-9);
    }
  proprio_camera_set_marker_tolerance (h.camera, &narrow);
  g_assert_cmpfloat (gtk_adjustment_get_value (h.picker->tolerance), ==, 10.0);
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  gst_init (&argc, &argv);

  g_test_add_func ("/marker-picker/pick-in-turn-then-angle", test_pick_in_turn_then_angle);
  g_test_add_func ("/marker-picker/lost-marker-in-words", test_lost_marker_in_words);
  g_test_add_func ("/marker-picker/colors-too-alike-in-words", test_colors_too_alike_in_words);
  g_test_add_func ("/marker-picker/state-words", test_state_words);
  g_test_add_func ("/marker-picker/tolerance-slider", test_tolerance_slider);
  return g_test_run ();
}
