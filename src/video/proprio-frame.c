/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-frame"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "proprio-frame.h"
#include "proprio-camera-source.h"

struct _ProprioFrame
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  gint64           t_us;
  GBytes          *pixels;
  gsize            stride;
  GstVideoFormat   format;
  GData           *qdata;     /* what layers above derive from the pixels (a texture) */
};

G_DEFINE_BOXED_TYPE (ProprioFrame, proprio_frame, proprio_frame_ref, proprio_frame_unref)

gboolean
proprio_frame_format_is_supported (GstVideoFormat format)
{
  switch (format)
    {
    case GST_VIDEO_FORMAT_BGRA:
    case GST_VIDEO_FORMAT_RGBA:
    case GST_VIDEO_FORMAT_ARGB:
    case GST_VIDEO_FORMAT_ABGR:
    case GST_VIDEO_FORMAT_RGB:
    case GST_VIDEO_FORMAT_BGR:
      return TRUE;
    default:
      return FALSE;
    }
}

static guint
bytes_per_pixel (GstVideoFormat format)
{
  return format == GST_VIDEO_FORMAT_RGB || format == GST_VIDEO_FORMAT_BGR ? 3 : 4;
}

ProprioFrame *
proprio_frame_new (GBytes         *pixels,
                   int             width,
                   int             height,
                   gsize           stride,
                   GstVideoFormat  format,
                   gint64          t_us)
{
  ProprioFrame *self;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (proprio_frame_format_is_supported (format), NULL);
  g_return_val_if_fail (stride >= (gsize) width * bytes_per_pixel (format), NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels)
                        >= stride * (gsize) (height - 1) + (gsize) width * bytes_per_pixel (format),
                        NULL);

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
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (info);
  MappedBuffer *mb;
  gsize offset, stride, needed;

  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!proprio_frame_format_is_supported (format))
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The video format %s cannot be shown"), gst_video_format_to_string (format));
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

/* gdk-pixbuf rather than a GStreamer decoder: one synchronous call on the thread that shows the
 * frame, the same libjpeg work GTK's own loader did before, and no pipeline to keep. */
ProprioFrame *
proprio_frame_new_from_jpeg (GBytes  *jpeg,
                             gint64   t_us,
                             GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) pixels = NULL;
  GdkPixbuf *pixbuf;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (jpeg != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  loader = gdk_pixbuf_loader_new_with_type ("jpeg", &local_error);
  data = g_bytes_get_data (jpeg, &size);
  if (loader != NULL && gdk_pixbuf_loader_write (loader, data, size, &local_error)
      && gdk_pixbuf_loader_close (loader, &local_error))
    pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  else
    pixbuf = NULL;
  if (loader != NULL && local_error != NULL)
    gdk_pixbuf_loader_close (loader, NULL);   /* freeing a loader left open warns */

  /* The replay writes only 8-bit RGB JPEG; anything else is not one of ours. */
  if (pixbuf == NULL || gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB
      || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || gdk_pixbuf_get_n_channels (pixbuf) != 3)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("A recorded video frame could not be decoded: %s"),
                   local_error != NULL ? local_error->message : _("not an RGB picture"));
      return NULL;
    }

  /* The bytes hold the pixbuf: no copy of the decoded pixels. */
  pixels = gdk_pixbuf_read_pixel_bytes (pixbuf);
  return proprio_frame_new (pixels, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf),
                            gdk_pixbuf_get_rowstride (pixbuf), GST_VIDEO_FORMAT_RGB, t_us);
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

  g_datalist_clear (&self->qdata);
  g_clear_pointer (&self->pixels, g_bytes_unref);
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

GstVideoFormat
proprio_frame_get_format (ProprioFrame *self)
{
  g_return_val_if_fail (self != NULL, GST_VIDEO_FORMAT_UNKNOWN);
  return self->format;
}

GBytes *
proprio_frame_get_bytes (ProprioFrame   *self,
                         gsize          *stride,
                         GstVideoFormat *format)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (stride != NULL)
    *stride = self->stride;
  if (format != NULL)
    *format = self->format;
  return self->pixels;
}

gpointer
proprio_frame_get_qdata (ProprioFrame *self,
                         GQuark        quark)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_datalist_id_get_data (&self->qdata, quark);
}

void
proprio_frame_set_qdata_full (ProprioFrame   *self,
                              GQuark          quark,
                              gpointer        data,
                              GDestroyNotify  destroy)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (quark != 0);

  g_datalist_id_set_data_full (&self->qdata, quark, data, destroy);
}

static void
read_pixel (const guint8   *p,
            GstVideoFormat  format,
            guint8          rgba[4])
{
  /* Premultiplied or not makes no difference: video is opaque. */
  switch ((int) format)
    {
    case GST_VIDEO_FORMAT_BGRA:
      rgba[0] = p[2]; rgba[1] = p[1]; rgba[2] = p[0]; rgba[3] = p[3]; break;
    case GST_VIDEO_FORMAT_RGBA:
      rgba[0] = p[0]; rgba[1] = p[1]; rgba[2] = p[2]; rgba[3] = p[3]; break;
    case GST_VIDEO_FORMAT_ARGB:
      rgba[0] = p[1]; rgba[1] = p[2]; rgba[2] = p[3]; rgba[3] = p[0]; break;
    case GST_VIDEO_FORMAT_ABGR:
      rgba[0] = p[3]; rgba[1] = p[2]; rgba[2] = p[1]; rgba[3] = p[0]; break;
    case GST_VIDEO_FORMAT_RGB:
      rgba[0] = p[0]; rgba[1] = p[1]; rgba[2] = p[2]; rgba[3] = 255; break;
    case GST_VIDEO_FORMAT_BGR:
      rgba[0] = p[2]; rgba[1] = p[1]; rgba[2] = p[0]; rgba[3] = 255; break;
    default:
      g_assert_not_reached ();
    }
}

gboolean
proprio_frame_get_pixel (ProprioFrame *self,
                         int           x,
                         int           y,
                         guint8        rgba[4])
{
  const guint8 *data;

  g_return_val_if_fail (self != NULL, FALSE);

  if (x < 0 || y < 0 || x >= self->width || y >= self->height)
    return FALSE;

  data = g_bytes_get_data (self->pixels, NULL);
  read_pixel (data + (gsize) y * self->stride + (gsize) x * bytes_per_pixel (self->format),
              self->format, rgba);
  return TRUE;
}
