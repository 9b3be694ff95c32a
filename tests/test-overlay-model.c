/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "core/proprio-overlay.h"

void add_model_tests (void);

typedef struct
{
  guint changed;
  guint can_undo_notifies;
} Counts;

static void
changed_cb (ProprioOverlay *overlay,
            Counts         *counts)
{
  counts->changed++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Counts     *counts)
{
  counts->can_undo_notifies++;
}

/* ---- editing and undo ---- */

static void
test_add_rejects_invalid (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  ProprioOverlayShape bad = { .kind = PROPRIO_OVERLAY_N_KINDS };

  g_assert_cmpuint (proprio_overlay_add_plumb (overlay, 1.5), ==, 0);
  g_assert_cmpuint (proprio_overlay_add_plumb (overlay, -0.01), ==, 0);
  g_assert_cmpuint (proprio_overlay_add_level (overlay, NAN), ==, 0);
  g_assert_cmpuint (proprio_overlay_add_line (overlay, 0, 0, INFINITY, 0), ==, 0);
  g_assert_cmpuint (proprio_overlay_add_grid (overlay, 0.5, 0.5, 0.51, 0.7), ==, 0);
  g_assert_cmpuint (proprio_overlay_add (overlay, &bad), ==, 0);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 0);
  g_assert_false (proprio_overlay_can_undo (overlay));

  for (guint i = 0; i < PROPRIO_OVERLAY_MAX_SHAPES; i++)
    g_assert_cmpuint (proprio_overlay_add_plumb (overlay, 0.5), ==, i + 1);
  g_assert_cmpuint (proprio_overlay_add_plumb (overlay, 0.5), ==, 0);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, PROPRIO_OVERLAY_MAX_SHAPES);
}

static void
test_undo_add_move_delete (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  const ProprioOverlayShape *s;
  Counts counts = { 0 };
  guint id;

  g_signal_connect (overlay, "changed", G_CALLBACK (changed_cb), &counts);
  g_signal_connect (overlay, "notify::can-undo", G_CALLBACK (notify_cb), &counts);

  id = proprio_overlay_add_line (overlay, 0.25, 0.25, 0.5, 0.5);
  g_assert_cmpuint (id, ==, 1);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.can_undo_notifies, ==, 1);

  /* A drag: many small moves, one undo step. */
  proprio_overlay_begin_group (overlay);
  for (int i = 0; i < 10; i++)
    g_assert_true (proprio_overlay_move (overlay, id, 0.025, 0.0));
  g_assert_false (proprio_overlay_undo (overlay));   /* not while dragging */
  proprio_overlay_end_group (overlay);
  g_assert_cmpuint (counts.changed, ==, 12);
  s = proprio_overlay_lookup (overlay, id);
  g_assert_cmpfloat_with_epsilon (s->p[0].x, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s->p[1].x, 0.75, 1e-12);

  g_assert_true (proprio_overlay_remove (overlay, id));
  g_assert_false (proprio_overlay_remove (overlay, id));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 0);

  /* Undo ×3: back through delete, move, add to empty. */
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpfloat_with_epsilon (proprio_overlay_lookup (overlay, id)->p[0].x, 0.5, 1e-12);
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpfloat (proprio_overlay_lookup (overlay, id)->p[0].x, ==, 0.25);
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 0);
  g_assert_false (proprio_overlay_can_undo (overlay));
  g_assert_false (proprio_overlay_undo (overlay));
  g_assert_true (proprio_overlay_can_redo (overlay));

  /* Redo ×2: the line again, at its moved place, with its id. */
  g_assert_true (proprio_overlay_redo (overlay));
  g_assert_true (proprio_overlay_redo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 1);
  s = proprio_overlay_get_shape (overlay, 0);
  g_assert_cmpuint (s->id, ==, id);
  g_assert_cmpint (s->kind, ==, PROPRIO_OVERLAY_LINE);
  g_assert_cmpfloat_with_epsilon (s->p[1].x, 0.75, 1e-12);
  g_assert_cmpfloat (s->p[1].y, ==, 0.5);
  g_assert_true (proprio_overlay_can_redo (overlay));
  g_assert_true (proprio_overlay_can_undo (overlay));

  /* A new edit forgets what could be redone. */
  g_assert_cmpuint (proprio_overlay_add_plumb (overlay, 0.5), ==, 2);
  g_assert_false (proprio_overlay_can_redo (overlay));
  g_assert_false (proprio_overlay_redo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 2);
}

static void
test_undo_group_without_change (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  guint id = proprio_overlay_add_plumb (overlay, 0.5);

  proprio_overlay_add_level (overlay, 0.5);
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_true (proprio_overlay_can_redo (overlay));

  /* There and back again inside nested groups: no undo step, and the redo is not lost. */
  proprio_overlay_begin_group (overlay);
  proprio_overlay_begin_group (overlay);
  g_assert_true (proprio_overlay_move (overlay, id, 0.25, 0.0));
  proprio_overlay_end_group (overlay);
  g_assert_false (proprio_overlay_can_undo (overlay));   /* the outer group is still open */
  g_assert_true (proprio_overlay_move (overlay, id, -0.25, 0.0));
  proprio_overlay_end_group (overlay);
  g_assert_true (proprio_overlay_can_redo (overlay));
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 0);
  g_assert_false (proprio_overlay_can_undo (overlay));
  g_assert_true (proprio_overlay_redo (overlay));
  g_assert_true (proprio_overlay_redo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 2);
}

static void
test_undo_depth_bounded (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  guint undone = 0;

  for (guint i = 0; i < PROPRIO_OVERLAY_MAX_UNDO + 5; i++)
    proprio_overlay_add_level (overlay, i / 200.0);
  while (proprio_overlay_undo (overlay))
    undone++;
  g_assert_cmpuint (undone, ==, PROPRIO_OVERLAY_MAX_UNDO);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 5);
}

static void
test_move_stays_on_video (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  const ProprioOverlayShape *s;
  guint plumb, line, grid;

  plumb = proprio_overlay_add_plumb (overlay, 0.9);
  g_assert_true (proprio_overlay_move (overlay, plumb, 0.5, 0.0));
  g_assert_cmpfloat (proprio_overlay_lookup (overlay, plumb)->p[0].x, ==, 1.0);

  /* The move is cut short; the line keeps its length. */
  line = proprio_overlay_add_line (overlay, 0.25, 0.5, 0.75, 0.5);
  g_assert_true (proprio_overlay_move (overlay, line, -0.5, 0.25));
  s = proprio_overlay_lookup (overlay, line);
  g_assert_cmpfloat (s->p[0].x, ==, 0.0);
  g_assert_cmpfloat (s->p[1].x, ==, 0.5);
  g_assert_cmpfloat (s->p[0].y, ==, 0.75);

  g_assert_true (proprio_overlay_move_point (overlay, line, 1, 2.0, -1.0));
  s = proprio_overlay_lookup (overlay, line);
  g_assert_cmpfloat (s->p[1].x, ==, 1.0);
  g_assert_cmpfloat (s->p[1].y, ==, 0.0);
  g_assert_false (proprio_overlay_move_point (overlay, line, 2, 0.5, 0.5));
  g_assert_false (proprio_overlay_move_point (overlay, 999, 0, 0.5, 0.5));
  g_assert_false (proprio_overlay_move (overlay, line, NAN, 0.0));

  /* A grid cell cannot collapse. */
  grid = proprio_overlay_add_grid (overlay, 0.25, 0.25, 0.5, 0.5);
  g_assert_false (proprio_overlay_move_point (overlay, grid, 1, 0.26, 0.5));
  g_assert_cmpfloat (proprio_overlay_lookup (overlay, grid)->p[1].x, ==, 0.5);

  /* A grid of the smallest cell stays valid when moved, whatever the rounding of the move
   * (found by the fuzzer). */
  grid = proprio_overlay_add_grid (overlay, 0.01, 0.0, 0.2, 0.02);
  g_assert_cmpuint (grid, !=, 0);
  for (int i = 1; i <= 50; i++)
    g_assert_true (proprio_overlay_move (overlay, grid, 0.0137 * (i % 7), 0.0113 * (i % 5) - 0.02));
}

/* ---- text form ---- */

static ProprioOverlay *
make_every_kind (void)
{
  ProprioOverlay *overlay = proprio_overlay_new ();

  g_assert_cmpuint (proprio_overlay_add_plumb (overlay, 0.5), !=, 0);
  g_assert_cmpuint (proprio_overlay_add_level (overlay, 1.0 / 3.0), !=, 0);
  g_assert_cmpuint (proprio_overlay_add_grid (overlay, 0.1, 0.2, 0.3, 0.45), !=, 0);
  g_assert_cmpuint (proprio_overlay_add_line (overlay, 0.0, 1.0, 1e-7, 0.999999999), !=, 0);
  g_assert_cmpuint (proprio_overlay_add_circle (overlay, 0.5, 0.5, 0.6, 0.55), !=, 0);
  g_assert_cmpuint (proprio_overlay_add_angle (overlay, 0.4, 0.3, 0.5, 0.6, 0.6, 0.3), !=, 0);
  return overlay;
}

static void
assert_same_shapes (ProprioOverlay *a,
                    ProprioOverlay *b)
{
  g_assert_cmpuint (proprio_overlay_get_n_shapes (a), ==, proprio_overlay_get_n_shapes (b));
  for (guint i = 0; i < proprio_overlay_get_n_shapes (a); i++)
    g_assert_true (proprio_overlay_shape_equal (proprio_overlay_get_shape (a, i),
                                                proprio_overlay_get_shape (b, i)));
}

static void
test_text_round_trip (void)
{
  g_autoptr(ProprioOverlay) overlay = make_every_kind ();
  g_autoptr(ProprioOverlay) parsed = NULL;
  g_autoptr(ProprioOverlay) simple = proprio_overlay_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = proprio_overlay_to_string (overlay);
  g_autofree char *again = NULL;
  g_autofree char *simple_text = NULL;

  parsed = proprio_overlay_from_string (text, -1, &error);
  g_assert_no_error (error);
  assert_same_shapes (overlay, parsed);
  g_assert_false (proprio_overlay_can_undo (parsed));
  again = proprio_overlay_to_string (parsed);
  g_assert_cmpstr (again, ==, text);

  g_assert_cmpstr (strstr (text, "level 0.5 0.3333333333333333\n"), !=, NULL);
  proprio_overlay_add_plumb (simple, 0.5);
  proprio_overlay_add_angle (simple, 0.25, 0.125, 0.5, 1, 0, 0.75);
  simple_text = proprio_overlay_to_string (simple);
  g_assert_cmpstr (simple_text, ==,
                   "proprio-overlays 1\nplumb 0.5 0.5\nangle 0.25 0.125 0.5 1 0 0.75\n");
}

static void
test_text_lenient_layout (void)
{
  static const char text[] =
    "\xef\xbb\xbf# saved by an editor that writes a byte-order mark and CRLF\r\n"
    "\r\n"
    "  proprio-overlays   1  \r\n"
    "# a midline\r\n"
    "plumb\t0.5  0.25\r\n"
    "line 0 0 1 1";
  g_autoptr(ProprioOverlay) overlay = NULL;
  g_autoptr(GError) error = NULL;

  overlay = proprio_overlay_from_string (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 2);
  g_assert_cmpfloat (proprio_overlay_get_shape (overlay, 0)->p[0].y, ==, 0.25);
  g_assert_cmpfloat (proprio_overlay_get_shape (overlay, 1)->p[1].x, ==, 1.0);
}

#define NUL_TEXT "proprio-overlays 1\nplumb 0.5\0 0.5\n"

typedef struct
{
  const char *text;
  gssize      length;
  int         code;
  const char *message;
} Corrupt;

static void
test_text_corrupt_rejected (void)
{
  g_autofree char *many = NULL;
  g_autofree char *huge = NULL;
  const Corrupt cases[] = {
    { "", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "The overlay list is empty: its first line must be “proprio-overlays 1”" },
    { "# only a comment\n\n", -1, PROPRIO_OVERLAY_ERROR_PARSE, "The overlay list is empty" },
    { "hello", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 1: expected “proprio-overlays 1”: this is not a Proprio overlay list" },
    { "proprio-overlays one\n", -1, PROPRIO_OVERLAY_ERROR_PARSE, "Line 1: expected" },
    { "proprio-overlays 0\n", -1, PROPRIO_OVERLAY_ERROR_PARSE, "Line 1: expected" },
    { "\nproprio-overlays 2\n", -1, PROPRIO_OVERLAY_ERROR_VERSION,
      "Line 2: these overlays were saved by a newer version of Proprio (format 2)" },
    { "proprio-overlays 1\nplumb 0.5\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: plumb takes 2 numbers (an x and a y for each point), found 1" },
    { "proprio-overlays 1\nangle 0 0 0 0 0 0 0 0 0 0 0 0\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: angle takes 6 numbers (an x and a y for each point), found 12" },
    { "proprio-overlays 1\n\n# c\nline 0 0 1 x\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 4: “x” is not a number" },
    { "proprio-overlays 1\nline 0 0 1 0.5,5\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: “0.5,5” is not a number" },
    { "proprio-overlays 1\ncircle 0.5 0.5 1.5 0.5\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: 1.5 is off the video (coordinates go from 0 to 1)" },
    { "proprio-overlays 1\nlevel nan 0.5\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: nan is off the video" },
    { "proprio-overlays 1\nlevel 0.5 -inf\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: -inf is off the video" },
    { "proprio-overlays 1\nplumb 0.5 0.5\nstar 0 0\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 3: unknown shape “star” (expected plumb, level, grid, line, circle or angle)" },
    { "proprio-overlays 1\ngrid 0 0 0.01 0.5\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: the grid’s cells are too small" },
    { NUL_TEXT, sizeof NUL_TEXT - 1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: contains a NUL byte: this is not a Proprio overlay list" },
    { "proprio-overlays 1\n\xff\xfe 0 0\n", -1, PROPRIO_OVERLAY_ERROR_PARSE,
      "Line 2: unknown shape “\xef\xbf\xbd\xef\xbf\xbd”" },
    { "proprio-overlays 1\nplumb 0.123456789012345678901234567890x 0\n", -1,
      PROPRIO_OVERLAY_ERROR_PARSE, "Line 2: “0.1234567890123456789012…” is not a number" },
  };
  GString *builder;

  builder = g_string_new ("proprio-overlays 1\n");
  for (guint i = 0; i <= PROPRIO_OVERLAY_MAX_SHAPES; i++)
    g_string_append (builder, "plumb 0.5 0.5\n");
  many = g_string_free (builder, FALSE);
  huge = g_strnfill (PROPRIO_OVERLAY_MAX_TEXT_BYTES + 1, '#');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ProprioOverlay) overlay = NULL;
      g_autoptr(GError) error = NULL;

      overlay = proprio_overlay_from_string (cases[i].text, cases[i].length, &error);
      g_assert_null (overlay);
      g_assert_error (error, PROPRIO_OVERLAY_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].message);
    }

  {
    g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
    g_autoptr(GError) error = NULL;

    proprio_overlay_add_plumb (overlay, 0.25);
    g_assert_false (proprio_overlay_set_from_string (overlay, many, -1, &error));
    g_assert_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_TOO_LARGE);
    g_assert_cmpstr (error->message, ==, "Line 202: more than 200 shapes; an overlay holds at most 200");
    g_clear_error (&error);
    g_assert_false (proprio_overlay_set_from_string (overlay, huge, -1, &error));
    g_assert_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_TOO_LARGE);
    /* Nothing changed, and the failed loads left no undo step. */
    g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 1);
    g_assert_cmpfloat (proprio_overlay_get_shape (overlay, 0)->p[0].x, ==, 0.25);
    g_assert_true (proprio_overlay_undo (overlay));
    g_assert_false (proprio_overlay_can_undo (overlay));
  }
}

static void
test_set_from_string_undoable (void)
{
  g_autoptr(ProprioOverlay) overlay = proprio_overlay_new ();
  g_autoptr(GError) error = NULL;
  guint old_id;

  old_id = proprio_overlay_add_level (overlay, 0.75);
  g_assert_true (proprio_overlay_set_from_string (overlay, "proprio-overlays 1\nplumb 0.5 0.5\n"
                                                  "plumb 0.25 0.5\n", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 2);
  g_assert_null (proprio_overlay_lookup (overlay, old_id));
  g_assert_cmpuint (proprio_overlay_get_shape (overlay, 1)->id, >, old_id);
  g_assert_true (proprio_overlay_undo (overlay));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (overlay), ==, 1);
  g_assert_cmpfloat (proprio_overlay_lookup (overlay, old_id)->p[0].y, ==, 0.75);
}

/* ---- templates ---- */

static void
test_template_save_load (void)
{
  g_autoptr(ProprioOverlay) overlay = make_every_kind ();
  g_autoptr(ProprioOverlay) loaded = proprio_overlay_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("proprio-overlay-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *missing = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "templates", "knee", NULL);
  path = g_build_filename (dir, "lunge.overlay", NULL);

  g_assert_true (proprio_overlay_save_template (overlay, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Saving again replaces the file whole. */
  g_assert_true (proprio_overlay_save_template (overlay, path, &error));
  g_assert_true (proprio_overlay_load_template (loaded, path, &error));
  g_assert_no_error (error);
  assert_same_shapes (overlay, loaded);
  g_assert_true (proprio_overlay_undo (loaded));
  g_assert_cmpuint (proprio_overlay_get_n_shapes (loaded), ==, 0);

  bad = g_build_filename (dir, "broken.overlay", NULL);
  g_assert_true (g_file_set_contents (bad, "proprio-overlays 1\nline 0 0\n", -1, NULL));
  g_assert_false (proprio_overlay_load_template (loaded, bad, &error));
  g_assert_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "broken.overlay: Line 2: line takes 4 numbers (an x and a y for each point), found 2");
  g_clear_error (&error);

  missing = g_build_filename (dir, "none.overlay", NULL);
  g_assert_false (proprio_overlay_load_template (loaded, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (bad), ==, 0);
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
  dir = g_build_filename (tmp, "templates", NULL);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_assert_cmpint (g_rmdir (tmp), ==, 0);
}

void
add_model_tests (void)
{
  g_test_add_func ("/overlay/model/add-rejects-invalid-and-caps-count", test_add_rejects_invalid);
  g_test_add_func ("/overlay/undo/add-move-delete-undo3-redo2", test_undo_add_move_delete);
  g_test_add_func ("/overlay/undo/group-without-net-change", test_undo_group_without_change);
  g_test_add_func ("/overlay/undo/depth-bounded", test_undo_depth_bounded);
  g_test_add_func ("/overlay/model/move-stays-on-video", test_move_stays_on_video);
  g_test_add_func ("/overlay/text/round-trip-exact", test_text_round_trip);
  g_test_add_func ("/overlay/text/comments-crlf-and-spacing", test_text_lenient_layout);
  g_test_add_func ("/overlay/text/corrupt-rejected-with-line", test_text_corrupt_rejected);
  g_test_add_func ("/overlay/text/set-from-string-is-undoable", test_set_from_string_undoable);
  g_test_add_func ("/overlay/template/save-0600-in-0700-and-load", test_template_save_load);
}
