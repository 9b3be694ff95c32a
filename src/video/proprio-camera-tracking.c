/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-camera-private.h"

/* A colour a marker can be told by: saturated and bright enough that the background, skin and
 * shadows do not share it. Below these the tracker would follow a grey wall. */
#define PICK_MIN_SATURATION 0.25
#define PICK_MIN_VALUE      0.20
/* The picked disc's radius as a share of the frame height (4 px at 360 lines, 7 at 720). */
#define PICK_RADIUS_SHARE   0.01
#define PICK_MIN_RADIUS     2

void
_proprio_camera_tracking_init (ProprioCamera *self)
{
  self->tracking = proprio_tracking_sink_new ();
  /* Any seed gives a patient; a fixed one makes demos and tests repeat. */
  self->sim = proprio_sim_camera_new (1);
}

void
_proprio_camera_tracking_finalize (ProprioCamera *self)
{
  g_clear_pointer (&self->tracking, proprio_tracking_sink_unref);
  g_clear_pointer (&self->sim, proprio_sim_camera_unref);
}

gboolean
proprio_camera_get_tracking (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);

  return self->tracking_on;
}

void
proprio_camera_set_tracking (ProprioCamera *self,
                             gboolean       tracking)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));

  tracking = !!tracking;
  if (self->tracking_on == tracking)
    return;
  self->tracking_on = tracking;
  /* A pipeline still opening gets it in install (), like the mirror. */
  if (self->pipeline != NULL)
    proprio_camera_pipeline_set_tracking (self->pipeline, tracking);
  _proprio_camera_notify_tracking (self);
}

ProprioMarkerTracker *
proprio_camera_get_marker_tracker (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return proprio_tracking_sink_get_tracker (self->tracking);
}

ProprioRing *
proprio_camera_get_angle_ring (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return proprio_tracking_sink_get_ring (self->tracking);
}

void
proprio_camera_get_tracking_stats (ProprioCamera              *self,
                                   ProprioCameraTrackingStats *out)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (out != NULL);

  proprio_tracking_sink_get_stats (self->tracking, out);
}

/* The frame's pixels as the tracker reads them; FALSE for a layout it does not read. */
static gboolean
marker_frame_of (ProprioFrame       *frame,
                 ProprioMarkerFrame *out)
{
  GstVideoFormat format;
  GBytes *bytes;
  gsize stride;

  bytes = proprio_frame_get_bytes (frame, &stride, &format);
  switch (format)
    {
    case GST_VIDEO_FORMAT_BGRA:
    case GST_VIDEO_FORMAT_BGRx:
      out->format = PROPRIO_PIXEL_FORMAT_BGRX;
      break;
    case GST_VIDEO_FORMAT_RGBA:
    case GST_VIDEO_FORMAT_RGBx:
      out->format = PROPRIO_PIXEL_FORMAT_RGBX;
      break;
    case GST_VIDEO_FORMAT_RGB:
      out->format = PROPRIO_PIXEL_FORMAT_RGB;
      break;
    default:
      return FALSE;
    }
  out->data = g_bytes_get_data (bytes, NULL);
  out->width = proprio_frame_get_width (frame);
  out->height = proprio_frame_get_height (frame);
  out->stride = stride;
  return TRUE;
}

gboolean
proprio_camera_pick_marker_color (ProprioCamera    *self,
                                  ProprioFrame     *frame,
                                  ProprioMarkerId   marker,
                                  double            x,
                                  double            y,
                                  GError          **error)
{
  ProprioMarkerFrame pixels;
  ProprioHsv color;
  int radius;

  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (marker < PROPRIO_N_MARKERS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!marker_frame_of (frame, &pixels))
    {
      g_set_error_literal (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR,
                           _("This picture cannot be read for colours: wait for the next "
                             "frame and click again"));
      return FALSE;
    }
  /* Compared as doubles: a point far off (or NaN) must not reach an int conversion. */
  if (!(x >= 0.0 && y >= 0.0 && x < pixels.width && y < pixels.height))
    {
      g_set_error_literal (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR,
                           _("Click inside the picture, on the marker itself"));
      return FALSE;
    }
  radius = MAX (PICK_MIN_RADIUS, (int) lround (pixels.height * PICK_RADIUS_SHARE));
  if (!proprio_marker_pick_color (&pixels, (int) x, (int) y, radius, &color))
    {
      g_set_error_literal (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR,
                           _("This picture cannot be read for colours: wait for the next "
                             "frame and click again"));
      return FALSE;
    }
  if (color.s < PICK_MIN_SATURATION || color.v < PICK_MIN_VALUE)
    {
      g_set_error_literal (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_MARKER_COLOR,
                           _("There is no clear colour here (grey, white or too dark). Click "
                             "the middle of a brightly coloured marker; markers of green, "
                             "magenta, blue or orange work best."));
      return FALSE;
    }
  proprio_marker_tracker_set_color (proprio_camera_get_marker_tracker (self), marker, &color);
  _proprio_camera_emit_markers_changed (self);
  return TRUE;
}

void
proprio_camera_set_marker_color (ProprioCamera    *self,
                                 ProprioMarkerId   marker,
                                 const ProprioHsv *color)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (marker < PROPRIO_N_MARKERS);
  g_return_if_fail (color != NULL);

  proprio_marker_tracker_set_color (proprio_camera_get_marker_tracker (self), marker, color);
  _proprio_camera_emit_markers_changed (self);
}

void
proprio_camera_clear_marker_color (ProprioCamera   *self,
                                   ProprioMarkerId  marker)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (marker < PROPRIO_N_MARKERS);

  proprio_marker_tracker_unset_color (proprio_camera_get_marker_tracker (self), marker);
  _proprio_camera_emit_markers_changed (self);
}

void
proprio_camera_set_marker_tolerance (ProprioCamera                *self,
                                     const ProprioMarkerTolerance *tol)
{
  ProprioMarkerTracker *tracker;

  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (tol != NULL);

  tracker = proprio_camera_get_marker_tracker (self);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    proprio_marker_tracker_set_tolerance (tracker, m, tol);
  _proprio_camera_emit_markers_changed (self);
}

ProprioSimCamera *
proprio_camera_get_sim (ProprioCamera *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA (self), NULL);

  return self->sim;
}

void
proprio_camera_set_sim_intent (ProprioCamera               *self,
                               const ProprioSimJointIntent *intent)
{
  g_return_if_fail (PROPRIO_IS_CAMERA (self));
  g_return_if_fail (intent != NULL);

  proprio_sim_camera_set_intent (self->sim, intent);
}
