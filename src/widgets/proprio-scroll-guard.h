/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Scrolling a settings panel must scroll the panel, not change the value of whatever spin button
 * happens to pass under the pointer. This turns off the scroll-to-change of every GtkSpinButton
 * below `root` (typing, the +/− buttons and the arrow keys still work), so the scroll goes on to
 * the GtkScrolledWindow around them. Returns how many spin buttons it found. */
guint proprio_scroll_guard_spin_buttons (GtkWidget *root);

/* TRUE when `spin` still changes its value on scroll (for tests). */
gboolean proprio_scroll_guard_spin_scrolls (GtkSpinButton *spin);

G_END_DECLS
