/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-overlay"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/proprio-overlay.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

/* Any bytes as an overlay list (session field or template file). Parsing must fail with an error
 * or give valid shapes that print back to text which parses to the very same shapes and text;
 * a failed load into an existing overlay must leave it untouched. The parsed shapes are then
 * edited, hit-tested, undone and redone to keep the model's invariants under arbitrary input. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ProprioOverlay) overlay = NULL;
  g_autoptr(ProprioOverlay) existing = proprio_overlay_new ();
  g_autoptr(ProprioOverlay) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  ProprioOverlayShape before;
  ProprioOverlayFit fit;
  guint n, changes = 0, undone = 0, redone = 0;

  proprio_overlay_add_plumb (existing, 0.5);
  if (!proprio_overlay_set_from_string (existing, (const char *) data, (gssize) size, &error))
    {
      CHECK (error != NULL && error->domain == PROPRIO_OVERLAY_ERROR);
      CHECK (g_utf8_validate (error->message, -1, NULL));
      CHECK (proprio_overlay_get_n_shapes (existing) == 1);
      CHECK (proprio_overlay_get_shape (existing, 0)->p[0].x == 0.5);
    }
  g_clear_error (&error);

  overlay = proprio_overlay_from_string ((const char *) data, (gssize) size, &error);
  if (overlay == NULL)
    {
      CHECK (error != NULL);
      return 0;
    }
  CHECK (error == NULL);

  n = proprio_overlay_get_n_shapes (overlay);
  CHECK (n <= PROPRIO_OVERLAY_MAX_SHAPES);
  for (guint i = 0; i < n; i++)
    CHECK (proprio_overlay_shape_is_valid (proprio_overlay_get_shape (overlay, i)));

  text = proprio_overlay_to_string (overlay);
  again = proprio_overlay_from_string (text, -1, &error);
  CHECK (again != NULL && error == NULL);
  CHECK (proprio_overlay_get_n_shapes (again) == n);
  for (guint i = 0; i < n; i++)
    CHECK (proprio_overlay_shape_equal (proprio_overlay_get_shape (overlay, i),
                                        proprio_overlay_get_shape (again, i)));
  text_again = proprio_overlay_to_string (again);
  CHECK (g_str_equal (text, text_again));

  /* Edit every shape once, with the input's own bytes steering the moves. */
  proprio_overlay_fit_contain (&fit, 1280, 720, 640, 480);
  for (guint i = 0; i < n; i++)
    {
      const ProprioOverlayShape *shape = proprio_overlay_get_shape (overlay, i);
      guint id = shape->id;
      double dx = ((int) data[i % size] - 128) / 100.0;
      double x, y;
      int handle;

      proprio_overlay_fit_to_widget (&fit, shape->p[0], &x, &y);
      CHECK (proprio_overlay_hit_test (overlay, &fit, x, y, 8.0, &handle) != 0);
      (void) proprio_overlay_shape_angle (shape, 1280, 720);
      before = *shape;
      CHECK (proprio_overlay_move (overlay, id, dx, -dx));
      shape = proprio_overlay_lookup (overlay, id);
      CHECK (shape != NULL && proprio_overlay_shape_is_valid (shape));
      if (!proprio_overlay_shape_equal (&before, shape))
        changes++;
    }
  /* Every move that changed something is one step, up to the bounded history. */
  while (proprio_overlay_undo (overlay))
    undone++;
  CHECK (undone == MIN (changes, PROPRIO_OVERLAY_MAX_UNDO));
  CHECK (proprio_overlay_get_n_shapes (overlay) == n);
  if (changes <= PROPRIO_OVERLAY_MAX_UNDO)
    for (guint i = 0; i < n; i++)
      CHECK (proprio_overlay_shape_equal (proprio_overlay_get_shape (overlay, i),
                                          proprio_overlay_get_shape (again, i)));
  while (proprio_overlay_redo (overlay))
    redone++;
  CHECK (redone == undone);
  proprio_overlay_clear (overlay);
  CHECK (proprio_overlay_get_n_shapes (overlay) == 0);
  return 0;
}
