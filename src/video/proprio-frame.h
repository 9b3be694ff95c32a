/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* One video frame, immutable and reference counted, with the CLOCK_MONOTONIC µs time it was
 * captured (the same clock as every sensor sample, see core/proprio-clock.h).
 *
 * A frame holds either pixels in memory (from the camera: the mapped GstBuffer itself, no copy)
 * or a texture (a decoded frame of the delayed replay). Either way proprio_frame_get_texture()
 * gives a GdkTexture; for in-memory frames it is a GdkMemoryTexture over the same bytes, made on
 * first use and kept. Create frames on any thread; call get_texture() and get_pixel() on the
 * main thread only. */
typedef struct _ProprioFrame ProprioFrame;

#define PROPRIO_TYPE_FRAME (proprio_frame_get_type ())

GType            proprio_frame_get_type         (void) G_GNUC_CONST;

/* @pixels holds @height rows of @stride bytes in @format. A reference to @pixels is taken. */
ProprioFrame    *proprio_frame_new              (GBytes            *pixels,
                                                 int                width,
                                                 int                height,
                                                 gsize              stride,
                                                 GdkMemoryFormat    format,
                                                 gint64             t_us);
/* Maps @buffer for reading and keeps it mapped (and referenced) until the frame and any texture
 * made from it are gone. @info must describe a packed 8-bit RGB format GDK can show: BGRA, RGBA,
 * ARGB, ABGR (opaque, as videoconvert makes them), RGB or BGR. Returns NULL with @error set when
 * the buffer cannot be mapped or the format is not one of those. */
ProprioFrame    *proprio_frame_new_from_buffer  (GstBuffer         *buffer,
                                                 const GstVideoInfo *info,
                                                 gint64             t_us,
                                                 GError           **error);
/* Wraps an existing texture (a reference is taken). */
ProprioFrame    *proprio_frame_new_from_texture (GdkTexture        *texture,
                                                 gint64             t_us);

ProprioFrame    *proprio_frame_ref              (ProprioFrame      *self);
void             proprio_frame_unref            (ProprioFrame      *self);

int              proprio_frame_get_width        (ProprioFrame      *self);
int              proprio_frame_get_height       (ProprioFrame      *self);
gint64           proprio_frame_get_time_us      (ProprioFrame      *self);
/* The pixel bytes and their layout, or NULL for a texture frame. */
GBytes          *proprio_frame_get_bytes        (ProprioFrame      *self,
                                                 gsize             *stride,
                                                 GdkMemoryFormat   *format);
GdkTexture      *proprio_frame_get_texture      (ProprioFrame      *self);
/* Reads one pixel as straight (not premultiplied) R, G, B, A bytes. Texture frames are
 * downloaded once for this and the copy kept, so it suits tests and sparse probes. */
gboolean         proprio_frame_get_pixel        (ProprioFrame      *self,
                                                 int                x,
                                                 int                y,
                                                 guint8             rgba[4]);

/* The GdkMemoryFormat that shows @format without conversion, or FALSE if there is none. */
gboolean         proprio_frame_format_from_video (GstVideoFormat    format,
                                                  GdkMemoryFormat  *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioFrame, proprio_frame_unref)

G_END_DECLS
