/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which GSK renderer Proprio asks for when the user chose none.
 *
 * Without a GPU (no DRM render node: a virtual machine, a minimal clinic PC), GTK's GL renderer
 * runs on Mesa's software rasteriser (llvmpipe), which on the Balance page at 1 kHz costs about
 * three times the CPU of the Cairo renderer and two and a half times its memory (47 % of a core
 * and 222 MiB against 16 % and 85 MiB, bench/bench-load). So with no render node in `dri_dir`
 * (normally "/dev/dri") the Cairo renderer is chosen; with one, GTK's own choice (GL on a GPU)
 * stands. Returns "cairo", or NULL to leave GTK to choose. */
const char *proprio_renderer_default (const char *dri_dir);

/* Sets GSK_RENDERER from proprio_renderer_default ("/dev/dri") unless the user set it, and with
 * the Cairo renderer GDK_DEBUG=gl-disable unless the user set GDK_DEBUG (nothing in Proprio draws
 * with GL then, yet GDK would load the whole GL stack at start to choose a visual: with Mesa's
 * software driver about 45 MiB of the process). Call before GTK starts. */
void        proprio_renderer_setup   (void);

G_END_DECLS
