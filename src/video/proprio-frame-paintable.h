/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "proprio-frame.h"

G_BEGIN_DECLS

/* A GdkPaintable that shows one ProprioFrame, the one set last, scaled to whatever size it is
 * drawn at (a GtkPicture keeps the aspect ratio). Before any frame it draws black at 16:9.
 * Setting a frame invalidates the contents, and the size only when the frame size changed. */
#define PROPRIO_TYPE_FRAME_PAINTABLE (proprio_frame_paintable_get_type ())

G_DECLARE_FINAL_TYPE (ProprioFramePaintable, proprio_frame_paintable, PROPRIO, FRAME_PAINTABLE,
                      GObject)

ProprioFramePaintable *proprio_frame_paintable_new         (void);
/* @frame may be NULL to show black again. Main thread only. */
void                   proprio_frame_paintable_set_frame   (ProprioFramePaintable *self,
                                                            ProprioFrame          *frame);
/* The frame shown now, or NULL (no new reference). */
ProprioFrame          *proprio_frame_paintable_get_frame   (ProprioFramePaintable *self);
/* The texture shown now, or NULL (no new reference): for a snapshot to PNG. */
GdkTexture            *proprio_frame_paintable_get_texture (ProprioFramePaintable *self);

G_END_DECLS
