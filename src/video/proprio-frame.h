/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* One video frame, immutable and reference counted, with the CLOCK_MONOTONIC µs time it was
 * captured (the same clock as every sensor sample, see core/proprio-clock.h).
 *
 * A frame is pixels in memory: from the camera, the mapped GstBuffer itself (no copy); from the
 * delayed replay, a decoded JPEG. The pixels are packed 8-bit RGB in one of the formats
 * proprio_frame_format_is_supported() accepts, so a renderer can show them as they are. This
 * layer knows nothing of GTK: the UI turns a frame into a texture over the same bytes
 * (src/widgets/proprio-frame-paintable.h) and keeps it on the frame with the qdata below.
 * Create and read frames on any thread. */
typedef struct _ProprioFrame ProprioFrame;

#define PROPRIO_TYPE_FRAME (proprio_frame_get_type ())

GType            proprio_frame_get_type         (void) G_GNUC_CONST;

/* @pixels holds @height rows of @stride bytes in @format, which must be supported (see below).
 * A reference to @pixels is taken. */
ProprioFrame    *proprio_frame_new              (GBytes             *pixels,
                                                 int                 width,
                                                 int                 height,
                                                 gsize               stride,
                                                 GstVideoFormat      format,
                                                 gint64              t_us);
/* Maps @buffer for reading and keeps it mapped (and referenced) until the frame and anything
 * holding its bytes are gone. @info must describe a supported format. Returns NULL with @error
 * set when the buffer cannot be mapped or the format is not supported. */
ProprioFrame    *proprio_frame_new_from_buffer  (GstBuffer          *buffer,
                                                 const GstVideoInfo *info,
                                                 gint64              t_us,
                                                 GError            **error);
/* Decodes a JPEG image (a delay-buffer entry) into an RGB frame. Returns NULL with @error set
 * when @jpeg is not a readable JPEG. */
ProprioFrame    *proprio_frame_new_from_jpeg    (GBytes             *jpeg,
                                                 gint64              t_us,
                                                 GError            **error);

ProprioFrame    *proprio_frame_ref              (ProprioFrame       *self);
void             proprio_frame_unref            (ProprioFrame       *self);

int              proprio_frame_get_width        (ProprioFrame       *self);
int              proprio_frame_get_height       (ProprioFrame       *self);
gint64           proprio_frame_get_time_us      (ProprioFrame       *self);
GstVideoFormat   proprio_frame_get_format       (ProprioFrame       *self);
/* The pixel bytes (no new reference) and their layout. */
GBytes          *proprio_frame_get_bytes        (ProprioFrame       *self,
                                                 gsize              *stride,
                                                 GstVideoFormat     *format);
/* Reads one pixel as straight R, G, B, A bytes (video is opaque: A is 255 in practice). */
gboolean         proprio_frame_get_pixel        (ProprioFrame       *self,
                                                 int                 x,
                                                 int                 y,
                                                 guint8              rgba[4]);

/* Data kept with the frame and destroyed with it, for what a layer above derives from the
 * pixels once (the UI's texture). Thread-safe; @destroy runs on the thread dropping the last
 * reference. Setting replaces (and destroys) the previous data under @quark. */
gpointer         proprio_frame_get_qdata        (ProprioFrame       *self,
                                                 GQuark              quark);
void             proprio_frame_set_qdata_full   (ProprioFrame       *self,
                                                 GQuark              quark,
                                                 gpointer            data,
                                                 GDestroyNotify      destroy);

/* Whether @format is one a frame can hold: packed 8-bit RGB, BGRA, RGBA, ARGB, ABGR (opaque, as
 * videoconvert makes them), RGB or BGR, the layouts GDK shows without conversion. */
gboolean         proprio_frame_format_is_supported (GstVideoFormat  format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioFrame, proprio_frame_unref)

G_END_DECLS
