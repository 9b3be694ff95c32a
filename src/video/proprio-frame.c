/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-frame"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-frame.h"
#include "proprio-camera-source.h"

struct _ProprioFrame
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  gint64           t_us;
  GBytes          *pixels;    /* NULL for a texture frame */
  gsize            stride;
  GdkMemoryFormat  format;
  GdkTexture      *texture;   /* made on first use for in-memory frames */
  guint8          *download;  /* texture frames: straight RGBA copy for get_pixel() */
};

G_DEFINE_BOXED_TYPE (ProprioFrame, proprio_frame, proprio_frame_ref, proprio_frame_unref)

/* Premultiplied formats are right for opaque video (alpha is 255, so multiplying changes
 * nothing), and they are the ones GSK uploads or blits without converting. */
gboolean
proprio_frame_format_from_video (GstVideoFormat   format,
                                 GdkMemoryFormat *out)
{
  switch (format)
    {
    case GST_VIDEO_FORMAT_BGRA: *out = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_RGBA: *out = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_ARGB: *out = GDK_MEMORY_A8R8G8B8_PREMULTIPLIED; return TRUE;
    case GST_VIDEO_FORMAT_ABGR: *out = GDK_MEMORY_A8B8G8R8; return TRUE;
    case GST_VIDEO_FORMAT_RGB:  *out = GDK_MEMORY_R8G8B8; return TRUE;
    case GST_VIDEO_FORMAT_BGR:  *out = GDK_MEMORY_B8G8R8; return TRUE;
    default: return FALSE;
    }
}

ProprioFrame *
proprio_frame_new (GBytes          *pixels,
                   int              width,
                   int              height,
                   gsize            stride,
                   GdkMemoryFormat  format,
                   gint64           t_us)
{
  ProprioFrame *self;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels) >= stride * (gsize) (height - 1), NULL);

  self = g_new0 (ProprioFrame, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = width;
  self->height = height;
  self->t_us = t_us;
  self->pixels = g_bytes_ref (pixels);
  self->stride = stride;
  self->format = format;
  return self;
}

typedef struct
{
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedBuffer;

static void
mapped_buffer_free (gpointer data)
{
  MappedBuffer *mb = data;

  gst_buffer_unmap (mb->buffer, &mb->map);
  gst_buffer_unref (mb->buffer);
  g_free (mb);
}

ProprioFrame *
proprio_frame_new_from_buffer (GstBuffer          *buffer,
                               const GstVideoInfo *info,
                               gint64              t_us,
                               GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  GdkMemoryFormat format;
  MappedBuffer *mb;
  gsize offset, stride, needed;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!proprio_frame_format_from_video (GST_VIDEO_INFO_FORMAT (info), &format))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video format %s cannot be shown"),
                   gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (info)));
      return NULL;
    }

  mb = g_new0 (MappedBuffer, 1);
  if (!gst_buffer_map (buffer, &mb->map, GST_MAP_READ))
    {
      g_free (mb);
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("A video frame could not be read"));
      return NULL;
    }
  mb->buffer = gst_buffer_ref (buffer);

  /* A GstVideoMeta (from a pool with padding) overrides the default layout in @info. */
  offset = GST_VIDEO_INFO_PLANE_OFFSET (info, 0);
  stride = GST_VIDEO_INFO_PLANE_STRIDE (info, 0);
  {
    GstVideoMeta *meta = gst_buffer_get_video_meta (buffer);

    if (meta != NULL)
      {
        offset = meta->offset[0];
        stride = meta->stride[0];
      }
  }
  needed = offset + stride * (GST_VIDEO_INFO_HEIGHT (info) - 1)
           + (gsize) GST_VIDEO_INFO_WIDTH (info) * GST_VIDEO_INFO_COMP_PSTRIDE (info, 0);
  if (needed > mb->map.size)
    {
      mapped_buffer_free (mb);
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("A video frame was shorter than its format says"));
      return NULL;
    }

  /* The GBytes owns the mapping: whoever holds the last reference (this frame or a texture the
   * renderer still uses) unmaps and releases the buffer. */
  bytes = g_bytes_new_with_free_func (mb->map.data + offset, mb->map.size - offset,
                                      mapped_buffer_free, mb);
  return proprio_frame_new (bytes, GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info),
                            stride, format, t_us);
}

ProprioFrame *
proprio_frame_new_from_texture (GdkTexture *texture,
                                gint64      t_us)
{
  ProprioFrame *self;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  self = g_new0 (ProprioFrame, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = gdk_texture_get_width (texture);
  self->height = gdk_texture_get_height (texture);
  self->t_us = t_us;
  self->texture = g_object_ref (texture);
  return self;
}

ProprioFrame *
proprio_frame_ref (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
proprio_frame_unref (ProprioFrame *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->pixels, g_bytes_unref);
  g_free (self->download);
  g_free (self);
}

int
proprio_frame_get_width (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

int
proprio_frame_get_height (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->height;
}

gint64
proprio_frame_get_time_us (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->t_us;
}

GBytes *
proprio_frame_get_bytes (ProprioFrame    *self,
                         gsize           *stride,
                         GdkMemoryFormat *format)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->pixels == NULL)
    return NULL;
  if (stride != NULL)
    *stride = self->stride;
  if (format != NULL)
    *format = self->format;
  return self->pixels;
}

GdkTexture *
proprio_frame_get_texture (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->texture == NULL)
    self->texture = gdk_memory_texture_new (self->width, self->height, self->format,
                                            self->pixels, self->stride);
  return self->texture;
}

static void
read_pixel (const guint8    *p,
            GdkMemoryFormat  format,
            guint8           rgba[4])
{
  switch ((int) format)
    {
    case GDK_MEMORY_B8G8R8A8_PREMULTIPLIED:
      rgba[0] = p[2]; rgba[1] = p[1]; rgba[2] = p[0]; rgba[3] = p[3]; break;
    case GDK_MEMORY_R8G8B8A8_PREMULTIPLIED:
      rgba[0] = p[0]; rgba[1] = p[1]; rgba[2] = p[2]; rgba[3] = p[3]; break;
    case GDK_MEMORY_A8R8G8B8_PREMULTIPLIED:
      rgba[0] = p[1]; rgba[1] = p[2]; rgba[2] = p[3]; rgba[3] = p[0]; break;
    case GDK_MEMORY_A8B8G8R8:
      rgba[0] = p[3]; rgba[1] = p[2]; rgba[2] = p[1]; rgba[3] = p[0]; break;
    case GDK_MEMORY_R8G8B8:
      rgba[0] = p[0]; rgba[1] = p[1]; rgba[2] = p[2]; rgba[3] = 255; break;
    case GDK_MEMORY_B8G8R8:
      rgba[0] = p[2]; rgba[1] = p[1]; rgba[2] = p[0]; rgba[3] = 255; break;
    default:
      g_assert_not_reached ();
    }
}

static guint
bytes_per_pixel (GdkMemoryFormat format)
{
  return format == GDK_MEMORY_R8G8B8 || format == GDK_MEMORY_B8G8R8 ? 3 : 4;
}

gboolean
proprio_frame_get_pixel (ProprioFrame *self,
                         int           x,
                         int           y,
                         guint8        rgba[4])
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;

  if (self->pixels != NULL)
    {
      const guint8 *data = g_bytes_get_data (self->pixels, NULL);

      read_pixel (data + (gsize) y * self->stride + (gsize) x * bytes_per_pixel (self->format),
                  self->format, rgba);
      return TRUE;
    }

  if (self->download == NULL)
    {
      /* gdk_texture_download() gives cairo's native layout: premultiplied BGRA on little-endian
       * hosts, ARGB on big-endian ones; video is opaque, so premultiplication is moot. */
      self->download = g_malloc ((gsize) self->width * self->height * 4);
      gdk_texture_download (self->texture, self->download, (gsize) self->width * 4);
    }
  read_pixel (self->download + ((gsize) y * self->width + x) * 4, GDK_MEMORY_DEFAULT, rgba);
  return TRUE;
}
