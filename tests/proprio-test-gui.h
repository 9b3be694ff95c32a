/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "app/proprio-application.h"

G_BEGIN_DECLS

/* Initialises GTK and libadwaita for a widget test. Returns FALSE (after printing a TAP plan that
 * skips everything) when there is no display, so the caller can `return 0`. */
gboolean            proprio_test_gui_init        (int        *argc,
                                                  char     ***argv);
/* An application that is registered (startup has run) but not running a main loop. Its records
 * are in a folder of its own, made for the test and removed when the test program exits. */
ProprioApplication *proprio_test_app_new         (void);
/* The same with the records in `data_dir` (kept). */
ProprioApplication *proprio_test_app_new_in      (const char *data_dir);
/* A new empty folder for the test's files, removed when the test program exits. */
char               *proprio_test_make_tmp_dir    (void);
/* Iterates the main context until `condition` holds or `timeout_ms` passes. */
gboolean            proprio_test_wait_until      (gboolean  (*condition) (gpointer data),
                                                  gpointer    data,
                                                  guint       timeout_ms);
void                proprio_test_wait_ms         (guint       ms);
/* Renders a realized widget the way it is on screen, into a texture. */
GdkTexture         *proprio_test_render_widget   (GtkWidget  *widget);
/* Number of distinct colours in a texture, counted up to `cap`. */
guint               proprio_test_count_colors    (GdkTexture *texture,
                                                  guint       cap);
/* Reads the pixel at (x, y) as 0xAARRGGBB. */
guint32             proprio_test_pixel           (GdkTexture *texture,
                                                  int         x,
                                                  int         y);

G_END_DECLS
