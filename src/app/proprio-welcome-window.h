/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PROPRIO_TYPE_WELCOME_WINDOW (proprio_welcome_window_get_type ())

G_DECLARE_FINAL_TYPE (ProprioWelcomeWindow, proprio_welcome_window, PROPRIO, WELCOME_WINDOW,
                      AdwWindow)

/* The first-start tour: a few screens (the demo device, connecting a real board, sleeve or
 * camera, where the records are kept, the keys that matter), paged with Back and Next or the
 * arrow keys. `data_dir` is the folder shown as where the records are. */
ProprioWelcomeWindow *proprio_welcome_window_new       (const char           *data_dir);
guint                 proprio_welcome_window_get_n_pages (ProprioWelcomeWindow *self);
/* The screen shown, from 0. */
guint                 proprio_welcome_window_get_page  (ProprioWelcomeWindow *self);
/* Goes to the next screen; on the last one, closes the window. */
void                  proprio_welcome_window_next      (ProprioWelcomeWindow *self);
void                  proprio_welcome_window_previous  (ProprioWelcomeWindow *self);

G_END_DECLS
