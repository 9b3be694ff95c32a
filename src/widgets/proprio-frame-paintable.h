/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "video/proprio-camera.h"
#include "video/proprio-frame.h"

G_BEGIN_DECLS

/* A frame as a GdkTexture: a GdkMemoryTexture over the frame's own bytes (for camera frames the
 * mapped GstBuffer: no copy), made on first use and kept on the frame, so every view of one
 * frame shares one texture. Main thread only. */
GdkTexture            *proprio_frame_get_texture              (ProprioFrame          *frame);
/* The GdkMemoryFormat that shows @format without conversion, or FALSE if there is none (every
 * format a ProprioFrame holds has one). */
gboolean               proprio_frame_memory_format            (GstVideoFormat         format,
                                                               GdkMemoryFormat       *out);

/* A GdkPaintable that shows one ProprioFrame, the one set last, scaled to whatever size it is
 * drawn at (a GtkPicture keeps the aspect ratio). Before any frame it draws black at 16:9.
 * Setting a frame invalidates the contents, and the size only when the frame size changed. */
#define PROPRIO_TYPE_FRAME_PAINTABLE (proprio_frame_paintable_get_type ())

G_DECLARE_FINAL_TYPE (ProprioFramePaintable, proprio_frame_paintable, PROPRIO, FRAME_PAINTABLE,
                      GObject)

ProprioFramePaintable *proprio_frame_paintable_new            (void);
/* The paintable that follows @camera's shown frame: one per camera, made on first call and kept
 * with the camera (no new reference). It keeps its last frame when the camera goes. */
ProprioFramePaintable *proprio_frame_paintable_for_camera     (ProprioCamera         *camera);
/* @frame may be NULL to show black again. Main thread only. */
void                   proprio_frame_paintable_set_frame      (ProprioFramePaintable *self,
                                                               ProprioFrame          *frame);
/* The frame shown now, or NULL (no new reference). */
ProprioFrame          *proprio_frame_paintable_get_frame      (ProprioFramePaintable *self);
/* The texture shown now, or NULL (no new reference): for a snapshot to PNG. */
GdkTexture            *proprio_frame_paintable_get_texture    (ProprioFramePaintable *self);
/* Draw BGRA frames as Cairo images over the frame's bytes instead of textures: for GSK's Cairo
 * renderer, which converts a memory texture on every frame it draws but composites an image
 * directly (no copy either way). The GL renderer wants the texture (default: FALSE). */
void                   proprio_frame_paintable_set_cairo_direct (ProprioFramePaintable *self,
                                                                 gboolean               cairo_direct);
gboolean               proprio_frame_paintable_get_cairo_direct (ProprioFramePaintable *self);
/* Sets cairo-direct from the renderer of @widget's window (call it when @widget is realized). */
void                   proprio_frame_paintable_follow_renderer  (ProprioFramePaintable *self,
                                                                 GtkWidget             *widget);

G_END_DECLS
