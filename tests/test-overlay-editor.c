/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>
#include <string.h>

#include "proprio-test-gui.h"
#include "widgets/proprio-overlay-editor.h"

/* What the editor draws with (GNOME Yellow 2), and the plain video under it. */
#define YELLOW 0xfff8e45cu
#define GRAY   0xff808080u
#define WHITE  0xffffffffu
#define NOTHING 0x00000000u

typedef struct
{
  GtkWidget            *window;
  GtkWidget            *stack;
  ProprioOverlayEditor *editor;
  ProprioOverlay       *overlay;
  ProprioOverlayFit     fit;
} Harness;

typedef struct
{
  GtkWidget *widget;
  int        width, height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *w = data;

  return gtk_widget_get_mapped (w->widget) && gtk_widget_get_width (w->widget) == w->width &&
         gtk_widget_get_height (w->widget) == w->height;
}

/* A window showing a plain gray "video" of video_w × video_h in a GtkPicture, with the editor
 * over it in a GtkOverlay, the way the Mirror page stacks them. */
static void
harness_init (Harness *h,
              int      width,
              int      height,
              int      video_w,
              int      video_h)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = g_malloc ((gsize) video_w * video_h * 3);
  GtkWidget *picture;
  SizeWait wait;

  memset (pixels, 0x80, (gsize) video_w * video_h * 3);
  bytes = g_bytes_new_take (g_steal_pointer (&pixels), (gsize) video_w * video_h * 3);
  texture = gdk_memory_texture_new (video_w, video_h, GDK_MEMORY_R8G8B8, bytes,
                                    (gsize) video_w * 3);

  h->overlay = proprio_overlay_new ();
  h->editor = PROPRIO_OVERLAY_EDITOR (proprio_overlay_editor_new (h->overlay));
  proprio_overlay_editor_set_video_size (h->editor, video_w, video_h);
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  h->stack = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (h->stack), picture);
  gtk_overlay_add_overlay (GTK_OVERLAY (h->stack), GTK_WIDGET (h->editor));

  h->window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (h->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (h->window), width, height);
  gtk_window_set_child (GTK_WINDOW (h->window), h->stack);
  gtk_window_present (GTK_WINDOW (h->window));

  wait = (SizeWait) { GTK_WIDGET (h->editor), width, height };
  g_assert_true (proprio_test_wait_until (has_size, &wait, 5000));
  proprio_overlay_editor_get_fit (h->editor, &h->fit);
}

static void
harness_clear (Harness *h)
{
  gtk_window_destroy (GTK_WINDOW (h->window));
  g_clear_object (&h->overlay);
  proprio_test_wait_ms (20);
}

static guint32
pixel (GdkTexture *texture,
       double      x,
       double      y)
{
  return proprio_test_pixel (texture, (int) floor (x), (int) floor (y));
}

/* The plumb line at 0.25 of the video, rendered at several window sizes and aspect ratios, sits on
 * the mapped column, is clipped to the picture, and leaves the picture visible beside it. */
static void
check_plumb_at_size (int    width,
                     int    height,
                     double expect_x,
                     double expect_y)
{
  g_autoptr(GdkTexture) texture = NULL;
  ProprioOverlayStyle style;
  Harness h;
  double x, mid_y, bottom;
  int column;

  harness_init (&h, width, height, 1280, 720);
  g_assert_cmpfloat (h.fit.x, ==, expect_x);
  g_assert_cmpfloat (h.fit.y, ==, expect_y);
  g_assert_cmpuint (proprio_overlay_add_plumb (h.overlay, 0.25), !=, 0);
  proprio_test_wait_ms (50);
  texture = proprio_test_render_widget (h.stack);
  proprio_overlay_style_init (&style, h.fit.width, h.fit.height);
  g_assert_cmpfloat (style.line_width, ==, 3.0);

  x = h.fit.x + 0.25 * h.fit.width;
  column = (int) round (x);
  mid_y = h.fit.y + h.fit.height / 2;
  bottom = h.fit.y + h.fit.height;
  /* A 3 px line centred on the mapped x covers its column and one either side fully. */
  g_assert_cmphex (pixel (texture, column - 1, mid_y), ==, YELLOW);
  g_assert_cmphex (pixel (texture, column, mid_y), ==, YELLOW);
  g_assert_cmphex (pixel (texture, column + 1, mid_y), ==, YELLOW);
  g_assert_cmphex (pixel (texture, column, h.fit.y + 1), ==, YELLOW);
  g_assert_cmphex (pixel (texture, column, bottom - 2), ==, YELLOW);
  /* The dark band beside it, then the video untouched: the editor is transparent. */
  g_assert_cmphex (pixel (texture, column + 2, mid_y), !=, YELLOW);
  g_assert_cmphex (pixel (texture, column + 2, mid_y), !=, GRAY);
  g_assert_cmphex (pixel (texture, column + 3, mid_y), ==, GRAY);
  g_assert_cmphex (pixel (texture, column - 4, mid_y), ==, GRAY);
  /* GtkPicture put the video where the fit says: gray inside, nothing in the bars. */
  if (h.fit.y >= 2)
    {
      g_assert_cmphex (pixel (texture, column + 20, h.fit.y), ==, GRAY);
      g_assert_cmphex (pixel (texture, column + 20, h.fit.y - 1), ==, NOTHING);
      /* Clipped to the picture: no line over the bars. */
      g_assert_cmphex (pixel (texture, column, h.fit.y - 1), ==, NOTHING);
      g_assert_cmphex (pixel (texture, column, ceil (bottom) + 1), ==, NOTHING);
    }
  if (h.fit.x >= 2)
    {
      g_assert_cmphex (pixel (texture, h.fit.x, mid_y), ==, GRAY);
      g_assert_cmphex (pixel (texture, h.fit.x - 1, mid_y), ==, NOTHING);
    }
  harness_clear (&h);
}

static void
test_plumb_pixels_at_sizes (void)
{
  check_plumb_at_size (640, 480, 0, 60);     /* 4:3 window: bars above and below */
  check_plumb_at_size (840, 360, 100, 0);    /* 21:9 window: bars left and right */
  check_plumb_at_size (500, 500, 0, 109);    /* square, odd bar: GtkPicture rounds it down */
}

static void
test_tools_place_and_drag (void)
{
  Harness h;
  const ProprioOverlayShape *s;
  guint plumb;

  harness_init (&h, 640, 480, 1280, 720);   /* video at x 0..640, y 60..420, scale 0.5 */

  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_PLUMB);
  proprio_overlay_editor_pointer_down (h.editor, 160, 200);
  proprio_overlay_editor_pointer_up (h.editor, 160, 200);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  s = proprio_overlay_get_shape (h.overlay, 0);
  plumb = s->id;
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_PLUMB);
  g_assert_cmpfloat (s->p[0].x, ==, 0.25);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, plumb);

  /* Select and drag 100 px right, through many motion events: one undo step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.tool", "s", "select"));
  g_assert_cmpint (proprio_overlay_editor_get_tool (h.editor), ==, PROPRIO_OVERLAY_TOOL_SELECT);
  proprio_overlay_editor_set_selected (h.editor, 0);
  proprio_overlay_editor_pointer_down (h.editor, 166, 300);   /* 6 px off: within tolerance */
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, plumb);
  for (int dx = 10; dx <= 100; dx += 10)
    proprio_overlay_editor_pointer_move (h.editor, 166 + dx, 300 + dx / 10);
  proprio_overlay_editor_pointer_up (h.editor, 266, 300);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_lookup (h.overlay, plumb)->p[0].x, 0.40625,
                                  1e-12);
  g_assert_cmpfloat (proprio_overlay_lookup (h.overlay, plumb)->p[0].y, ==, 140.0 / 360.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.undo", NULL));
  g_assert_cmpfloat (proprio_overlay_lookup (h.overlay, plumb)->p[0].x, ==, 0.25);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.redo", NULL));
  g_assert_cmpfloat_with_epsilon (proprio_overlay_lookup (h.overlay, plumb)->p[0].x, 0.40625,
                                  1e-12);

  /* A press on nothing clears the selection. */
  proprio_overlay_editor_pointer_down (h.editor, 600, 100);
  proprio_overlay_editor_pointer_up (h.editor, 600, 100);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, 0);

  /* A click with the line tool only fixes an end (no shape, no undo step); a drag after it
   * draws a line from the drag's own press. */
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_LINE);
  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_up (h.editor, 102, 101);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_move (h.editor, 200, 150);
  proprio_overlay_editor_pointer_up (h.editor, 320, 240);
  s = proprio_overlay_get_shape (h.overlay, 1);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_LINE);
  g_assert_cmpfloat (s->p[0].x, ==, 100.0 / 640.0);
  g_assert_cmpfloat (s->p[0].y, ==, 40.0 / 360.0);
  g_assert_cmpfloat (s->p[1].x, ==, 0.5);
  g_assert_cmpfloat (s->p[1].y, ==, 0.5);
  /* Dragged past the video's edge, the end stops on the edge. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.undo", NULL));
  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_up (h.editor, 700, 20);
  s = proprio_overlay_get_shape (h.overlay, 1);
  g_assert_cmpfloat (s->p[1].x, ==, 1.0);
  g_assert_cmpfloat (s->p[1].y, ==, 0.0);

  /* Delete removes the selection; undo brings it back. */
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, s->id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.delete", NULL));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.undo", NULL));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 2);

  /* A click with the grid and circle tools gives a square cell / a round zone of a set size. */
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_GRID);
  proprio_overlay_editor_pointer_down (h.editor, 320, 240);
  proprio_overlay_editor_pointer_up (h.editor, 320, 240);
  s = proprio_overlay_get_shape (h.overlay, 2);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_GRID);
  g_assert_cmpfloat_with_epsilon (s->p[1].x - s->p[0].x, 0.125 * 720.0 / 1280.0, 1e-12);
  g_assert_cmpfloat (s->p[1].y - s->p[0].y, ==, 0.125);
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_CIRCLE);
  proprio_overlay_editor_pointer_down (h.editor, 320, 240);
  proprio_overlay_editor_pointer_up (h.editor, 320, 240);
  s = proprio_overlay_get_shape (h.overlay, 3);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_CIRCLE);
  g_assert_cmpfloat_with_epsilon (s->p[1].x - s->p[0].x, 0.1 * 720.0 / 1280.0, 1e-12);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 4);

  harness_clear (&h);
}

/* Counts pixels of one colour in [x0, x1) × [y0, y1), downloading the texture once. */
static guint
count_color (GdkTexture *texture,
             int x0, int y0, int x1, int y1,
             guint32     color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *data = g_new (guint32, (gsize) width * height);
  guint n = 0;

  g_assert_cmpint (x1, <=, width);
  g_assert_cmpint (y1, <=, height);
  gdk_texture_download (texture, (guchar *) data, (gsize) width * 4);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += data[(gsize) y * width + x] == color;
  return n;
}

static void
test_angle_live_readout (void)
{
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) live = NULL;
  const ProprioOverlayShape *s;
  Harness h;

  harness_init (&h, 640, 480, 1280, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.tool", "s", "angle"));

  /* First arm by dragging from the shoulder to the hip (the vertex)... */
  proprio_overlay_editor_pointer_down (h.editor, 320, 100);
  proprio_overlay_editor_pointer_move (h.editor, 320, 200);
  proprio_overlay_editor_pointer_up (h.editor, 320, 240);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);
  proprio_test_wait_ms (50);
  before = proprio_test_render_widget (h.stack);
  /* ...then the pointer swings the second arm, and the angle reads live beside the vertex. */
  proprio_overlay_editor_pointer_hover (h.editor, 420, 240);
  proprio_test_wait_ms (50);
  live = proprio_test_render_widget (h.stack);
  /* The read-out sits on the far side of the vertex (320, 240) from the arms (up and right). */
  g_assert_cmpuint (count_color (before, 250, 240, 320, 320, WHITE), ==, 0);
  g_assert_cmpuint (count_color (live, 250, 240, 320, 320, WHITE), >, 20);

  proprio_overlay_editor_pointer_down (h.editor, 420, 240);
  proprio_overlay_editor_pointer_up (h.editor, 420, 240);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  s = proprio_overlay_get_shape (h.overlay, 0);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_ANGLE);
  g_assert_cmpfloat_with_epsilon (proprio_overlay_shape_angle (s, 1280, 720), 90.0, 1e-9);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, s->id);

  /* Escape drops an angle half placed. */
  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_up (h.editor, 100, 100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.cancel", NULL));
  proprio_overlay_editor_pointer_down (h.editor, 200, 200);
  proprio_overlay_editor_pointer_up (h.editor, 200, 200);
  proprio_overlay_editor_pointer_down (h.editor, 300, 200);
  proprio_overlay_editor_pointer_up (h.editor, 300, 200);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  harness_clear (&h);
}

static void
test_actions_follow_model (void)
{
  Harness h;
  guint id;

  harness_init (&h, 320, 240, 640, 480);
  id = proprio_overlay_add_level (h.overlay, 0.5);
  proprio_overlay_editor_set_selected (h.editor, id);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, id);
  /* Undo from elsewhere takes the selected shape away: the selection follows. */
  g_assert_true (proprio_overlay_undo (h.overlay));
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, 0);
  /* An unknown tool name leaves the tool alone. */
  g_object_set (h.editor, "tool", "laser", NULL);
  g_assert_cmpint (proprio_overlay_editor_get_tool (h.editor), ==, PROPRIO_OVERLAY_TOOL_SELECT);
  g_object_set (h.editor, "tool", "level", NULL);
  g_assert_cmpint (proprio_overlay_editor_get_tool (h.editor), ==, PROPRIO_OVERLAY_TOOL_LEVEL);
  harness_clear (&h);
}

/* The yellow run across the row `y` through a plumb line near x, in pixels. */
static int
line_run (GdkTexture *texture,
          int         x,
          int         y)
{
  int n = 0;

  for (int dx = -20; dx <= 20; dx++)
    n += proprio_test_pixel (texture, x + dx, y) == YELLOW;
  return n;
}

/* Seen from 2 m, lines and the angle read-out grow with the picture as shown: a line at least
 * 0.4 % of its height (3 px at least), the read-out's text at least 4 %. */
static void
test_legible_at_sizes (void)
{
  static const struct { int window, video; } sizes[] = { { 360, 360 }, { 1000, 1000 } };
  int runs[2], label_h[2], label_w[2];

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GdkTexture) texture = NULL;
      ProprioOverlayStyle style;
      Harness h;
      int x;

      /* A square video filling a square window: shown exactly `window` px high. */
      harness_init (&h, sizes[i].window, sizes[i].window, sizes[i].video, sizes[i].video);
      g_assert_cmpfloat (h.fit.height, ==, sizes[i].window);
      proprio_overlay_add_plumb (h.overlay, 0.5);
      proprio_test_wait_ms (50);
      texture = proprio_test_render_widget (h.stack);
      x = (int) (h.fit.x + 0.5 * h.fit.width);
      runs[i] = line_run (texture, x, (int) (h.fit.y + h.fit.height / 3));

      proprio_overlay_style_init (&style, h.fit.width, h.fit.height);
      g_assert_cmpfloat (style.line_width, ==, runs[i]);
      proprio_overlay_measure_label (&style, "127°", &label_w[i], &label_h[i]);
      g_assert_cmpfloat (label_h[i], >=, 0.04 * h.fit.height);
      g_assert_cmpfloat (style.font_size, >=, 0.04 * h.fit.height);
      harness_clear (&h);
    }
  g_assert_cmpint (runs[0], ==, 3);                /* 360 px: the 3 px floor */
  g_assert_cmpint (runs[1], ==, 4);                /* 1000 px: 0.4 % */
  g_assert_cmpint (label_h[1], >, 2 * label_h[0]);
  g_assert_cmpint (label_w[1], >, 2 * label_w[0]);
}

/* The read-out sits on a dark pill: white text over black whatever the picture (here white). */
static void
test_angle_label_on_pill (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);
  guint dark = 0, white = 0;
  guint32 *data;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* A right angle at the centre opening up and right: the read-out goes down and left of it. */
  proprio_overlay_add_angle (overlay, 0.5, 0.1, 0.5, 0.5, 0.9, 0.5);
  proprio_overlay_draw (overlay, cr, 1280, 720, 1280, 720, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int y = 360; y < 480; y++)
    for (int x = 520; x < 640; x++)
      {
        guint32 p = data[y * stride + x] & 0xffffff;

        dark += ((p >> 16) & 0xff) < 0x40 && ((p >> 8) & 0xff) < 0x40 && (p & 0xff) < 0x40;
        white += p == 0xffffff;
      }
  cairo_surface_destroy (surface);
  /* The pill (dark) around the glyphs (white) in the quarter below left of the vertex. */
  g_assert_cmpuint (dark, >, 1500);
  g_assert_cmpuint (white, >, 100);
}

/* Line takes two clicks as well as a drag: the first click fixes one end and the line follows the
 * pointer, the second click ends it; one undo step for the line. */
static void
test_line_two_clicks (void)
{
  g_autoptr(GdkTexture) texture = NULL;
  const ProprioOverlayShape *s;
  Harness h;

  harness_init (&h, 640, 480, 1280, 720);   /* video at x 0..640, y 60..420, scale 0.5 */
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_LINE);

  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_up (h.editor, 101, 100);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);
  g_assert_false (proprio_overlay_can_undo (h.overlay));

  /* The line so far follows the pointer: drawn from the first end to where it hovers. */
  proprio_overlay_editor_pointer_hover (h.editor, 500, 100);
  proprio_test_wait_ms (50);
  texture = proprio_test_render_widget (h.stack);
  g_assert_cmphex (pixel (texture, 300, 100), !=, GRAY);
  g_assert_cmphex (pixel (texture, 300, 200), ==, GRAY);
  g_clear_object (&texture);

  proprio_overlay_editor_pointer_down (h.editor, 320, 240);
  proprio_overlay_editor_pointer_up (h.editor, 321, 241);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  s = proprio_overlay_get_shape (h.overlay, 0);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_LINE);
  g_assert_cmpfloat (s->p[0].x, ==, 100.0 / 640.0);
  g_assert_cmpfloat (s->p[0].y, ==, 40.0 / 360.0);
  g_assert_cmpfloat (s->p[1].x, ==, 0.5);
  g_assert_cmpfloat (s->p[1].y, ==, 0.5);
  g_assert_cmpuint (proprio_overlay_editor_get_selected (h.editor), ==, s->id);
  g_assert_true (proprio_overlay_undo (h.overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);
  g_assert_false (proprio_overlay_can_undo (h.overlay));

  /* The draft goes with Escape, and with another tool: the next click starts again. */
  proprio_overlay_editor_pointer_down (h.editor, 100, 100);
  proprio_overlay_editor_pointer_up (h.editor, 100, 100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.editor), "overlay.cancel", NULL));
  proprio_overlay_editor_pointer_down (h.editor, 200, 200);
  proprio_overlay_editor_pointer_up (h.editor, 200, 200);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_SELECT);
  proprio_overlay_editor_set_tool (h.editor, PROPRIO_OVERLAY_TOOL_LINE);
  proprio_overlay_editor_pointer_down (h.editor, 300, 300);
  proprio_overlay_editor_pointer_up (h.editor, 300, 300);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);

  /* A second click on the first end draws nothing; a drag still draws press to release. */
  proprio_overlay_editor_pointer_down (h.editor, 300, 300);
  proprio_overlay_editor_pointer_up (h.editor, 300, 300);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 0);
  proprio_overlay_editor_pointer_down (h.editor, 160, 150);
  proprio_overlay_editor_pointer_move (h.editor, 260, 150);
  proprio_overlay_editor_pointer_up (h.editor, 480, 150);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (h.overlay), ==, 1);
  s = proprio_overlay_get_shape (h.overlay, 0);
  g_assert_cmpfloat (s->p[0].x, ==, 0.25);
  g_assert_cmpfloat (s->p[1].x, ==, 0.75);
  g_assert_cmpfloat (s->p[0].y, ==, 0.25);
  g_assert_cmpfloat (s->p[1].y, ==, 0.25);
  harness_clear (&h);
}

/* Each tool says what it wants from the pointer. */
static void
test_tool_hints (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (proprio_overlay_tool_get_hint (PROPRIO_OVERLAY_TOOL_LINE), ==,
                   "Drag to draw a line, or click its two ends");
  g_assert_cmpstr (proprio_overlay_tool_get_hint (PROPRIO_OVERLAY_TOOL_ANGLE), ==,
                   "Click three points: the angle is measured at the second");
  g_assert_cmpstr (proprio_overlay_tool_get_hint (PROPRIO_OVERLAY_TOOL_PLUMB), ==,
                   "Click to place a plumb line; drag to move it");
  for (int tool = 0; tool < PROPRIO_OVERLAY_N_TOOLS; tool++)
    {
      const char *hint = proprio_overlay_tool_get_hint (tool);

      g_assert_nonnull (hint);
      g_assert_cmpuint (strlen (hint), >, 10);
      g_assert_false (g_hash_table_contains (seen, hint));
      g_hash_table_add (seen, (gpointer) hint);
    }
  g_assert_null (proprio_overlay_tool_get_hint (PROPRIO_OVERLAY_N_TOOLS));
}

static void
test_destroy_mid_drag (void)
{
  g_autoptr(ProprioOverlay) overlay = NULL;
  Harness h;
  guint id;

  harness_init (&h, 640, 480, 1280, 720);
  id = proprio_overlay_add_level (h.overlay, 0.5);     /* y = 240 */
  proprio_overlay_editor_pointer_down (h.editor, 100, 242);
  proprio_overlay_editor_pointer_move (h.editor, 100, 300);
  g_assert_false (proprio_overlay_can_undo (h.overlay));   /* the drag's group is open */
  g_assert_cmpfloat (proprio_overlay_lookup (h.overlay, id)->p[0].y, >, 0.5);

  /* The page goes away mid-drag: the model it shares must not be left unable to undo. */
  overlay = g_object_ref (h.overlay);
  harness_clear (&h);
  g_assert_true (proprio_overlay_can_undo (overlay));
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpfloat (proprio_overlay_lookup (overlay, id)->p[0].y, ==, 0.5);
}

/* The Mirror page's snapshot: overlays drawn at the video's native size over the frame. */
static void
test_draw_snapshot_native_size (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);
  guint32 *data;
  int stride;

  cairo_set_source_rgb (cr, 128 / 255.0, 128 / 255.0, 128 / 255.0);
  cairo_paint (cr);
  proprio_overlay_add_plumb (overlay, 0.25);
  proprio_overlay_add_level (overlay, 0.5);
  proprio_overlay_draw (overlay, cr, 1280, 720, 1280, 720, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  /* 720 px high: 3 px lines on x = 320 (columns 319–321) and y = 360 (rows 359–361). */
  g_assert_cmphex (data[100 * stride + 319], ==, YELLOW);
  g_assert_cmphex (data[100 * stride + 320], ==, YELLOW);
  g_assert_cmphex (data[100 * stride + 321], ==, YELLOW);
  g_assert_cmphex (data[361 * stride + 900], ==, YELLOW);
  g_assert_cmphex (data[100 * stride + 330], ==, GRAY);
  g_assert_cmphex (data[359 * stride + 900], ==, YELLOW);
  g_assert_cmphex (data[360 * stride + 900], ==, YELLOW);
  g_assert_cmphex (data[370 * stride + 900], ==, GRAY);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/overlay-editor/render/plumb-on-mapped-column-at-sizes",
                   test_plumb_pixels_at_sizes);
  g_test_add_func ("/overlay-editor/input/tools-place-and-drag", test_tools_place_and_drag);
  g_test_add_func ("/overlay-editor/input/angle-shows-live-readout", test_angle_live_readout);
  g_test_add_func ("/overlay-editor/input/line-two-clicks", test_line_two_clicks);
  g_test_add_func ("/overlay-editor/tool-hints", test_tool_hints);
  g_test_add_func ("/overlay-editor/render/legible-at-sizes", test_legible_at_sizes);
  g_test_add_func ("/overlay-editor/draw/angle-label-on-pill", test_angle_label_on_pill);
  g_test_add_func ("/overlay-editor/actions/follow-model", test_actions_follow_model);
  g_test_add_func ("/overlay-editor/input/destroy-mid-drag-closes-undo-group",
                   test_destroy_mid_drag);
  g_test_add_func ("/overlay-editor/draw/snapshot-at-native-size", test_draw_snapshot_native_size);

  return g_test_run ();
}
