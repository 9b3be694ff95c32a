/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-marker-tracker"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/proprio-limb-render.h"
#include "core/proprio-marker-sample.h"
#include "core/proprio-marker-tracker.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

/* Input layout: 16 header bytes (size, stride padding, format, three colours, tolerances, the
 * minimum area, a pick point), then pixels, repeated to fill the frame. The frame is copied to a
 * buffer of exactly the bytes the tracker may read (no padding after the last row), so any read
 * past them is caught by the sanitizers. */
#define HEADER 16

static guint8
byte_at (const uint8_t *data,
         size_t         size,
         size_t         i)
{
  return i < size ? data[i] : 0;
}

static void
check_result (const ProprioMarkerFrame         *frame,
              const ProprioMarkerTrackerResult *res)
{
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      const ProprioMarkerResult *r = &res->markers[m];

      CHECK (r->state <= PROPRIO_MARKER_COLOR_OVERLAP);
      if (r->state == PROPRIO_MARKER_FOUND)
        {
          CHECK (r->x >= 0.0 && r->x <= frame->width);
          CHECK (r->y >= 0.0 && r->y <= frame->height);
          CHECK (r->area_px >= 1.0 && r->area_px <= (double) frame->width * frame->height);
          CHECK (r->quality >= 0.0 && r->quality <= 1.0);
        }
      else
        {
          CHECK (isnan (r->x) && isnan (r->y));
          CHECK (r->quality == 0.0);
        }
    }
  if (res->has_angle)
    {
      CHECK (res->angle_deg >= 0.0 && res->angle_deg <= 180.0);
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        CHECK (res->markers[m].state == PROPRIO_MARKER_FOUND);
    }
  else
    CHECK (isnan (res->angle_deg));
}

/* What a reader of the camera's angle stream gets: never a marker without a position, never an
 * angle without three markers found, shares and qualities in range. */
static void
check_view (const ProprioMarkerSampleView *view)
{
  gboolean all_found = TRUE;

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      const ProprioMarkerSampleMarker *mk = &view->markers[m];

      CHECK (mk->state <= PROPRIO_MARKER_COLOR_OVERLAP);
      CHECK (mk->quality >= 0.0 && mk->quality <= 1.0);
      if (mk->state == PROPRIO_MARKER_FOUND)
        CHECK (isfinite (mk->x) && isfinite (mk->y));
      else
        CHECK (isnan (mk->x) && isnan (mk->y) && isnan (mk->radius) && mk->quality == 0.0);
      all_found = all_found && mk->state == PROPRIO_MARKER_FOUND;
    }
  if (!isnan (view->angle_deg))
    CHECK (all_found && view->angle_deg >= 0.0 && view->angle_deg <= 180.0);
  CHECK (view->quality >= 0.0 && view->quality <= 1.0);
}

/* A tracker result through the angle stream and back keeps what it says; a sample made of the
 * input's own bytes (a damaged recording) reads as something sane. */
static void
check_sample (const ProprioMarkerFrame         *frame,
              const ProprioMarkerTrackerResult *res,
              const uint8_t                    *data,
              size_t                            size)
{
  ProprioMarkerSampleView view;
  ProprioSample sample;

  proprio_marker_sample_pack (res, frame->width, frame->height, 1, &sample);
  CHECK (proprio_marker_sample_unpack (&sample, &view));
  check_view (&view);
  CHECK (isnan (view.angle_deg) == !res->has_angle);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    CHECK (view.markers[m].state == res->markers[m].state);

  memset (&sample, 0, sizeof sample);
  sample.n_channels = (guint16) (byte_at (data, size, 14) % (PROPRIO_MAX_CHANNELS + 8));
  memcpy (sample.values, data, MIN (size, sizeof sample.values));
  CHECK (proprio_marker_sample_unpack (&sample, &view)
         == (sample.n_channels >= PROPRIO_MARKER_SAMPLE_N_CHANNELS
             && sample.n_channels <= PROPRIO_MAX_CHANNELS));
  check_view (&view);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ProprioMarkerTracker) tracker = proprio_marker_tracker_new ();
  g_autofree guint8 *pixels = NULL;
  const ProprioPixelFormat formats[] = { PROPRIO_PIXEL_FORMAT_RGB, PROPRIO_PIXEL_FORMAT_RGBX,
                                         PROPRIO_PIXEL_FORMAT_BGRX, PROPRIO_PIXEL_FORMAT_RGB };
  ProprioMarkerTrackerResult res;
  ProprioMarkerFrame frame;
  ProprioHsv picked;
  guint8 flags = byte_at (data, size, 3);
  guint bpp;
  gsize len;
  int width, height, px, py;
  gboolean ok;

  /* Up to 720 × 400: wider than the tracker's sampling grid, so every step size is reached. */
  width = 1 + (byte_at (data, size, 0) | (byte_at (data, size, 1) & 0x03) << 8) % 720;
  height = 1 + byte_at (data, size, 2) * 400 / 256;
  frame.format = formats[flags & 3];
  bpp = frame.format == PROPRIO_PIXEL_FORMAT_RGB ? 3 : 4;
  frame.width = width;
  frame.height = height;
  frame.stride = (gsize) width * bpp + ((flags >> 2) & 7) * 5;
  len = frame.stride * (height - 1) + (gsize) width * bpp;
  pixels = g_malloc (len);
  for (gsize i = 0; i < len; i++)
    pixels[i] = size > HEADER ? data[HEADER + i % (size - HEADER)] : (guint8) i;
  frame.data = pixels;

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      guint8 c = byte_at (data, size, 4 + m);
      guint8 t = byte_at (data, size, 7 + m);
      ProprioHsv hsv = { c * 360.0 / 256.0, (c & 0x0f) / 15.0, (c >> 4) / 15.0 };
      ProprioMarkerTolerance tol = { (t & 0x1f) * 6.0, ((t >> 5) & 3) / 3.0, (t >> 7) ? 1.0 : 0.2 };

      if (c == 0)
        continue;   /* leave this marker unset */
      proprio_marker_tracker_set_color (tracker, m, &hsv);
      proprio_marker_tracker_set_tolerance (tracker, m, &tol);
    }
  proprio_marker_tracker_set_min_area (tracker, 1.0 + byte_at (data, size, 10));

  ok = proprio_marker_tracker_process (tracker, &frame, &res);
  CHECK (ok);
  check_result (&frame, &res);
  check_sample (&frame, &res, data, size);

  /* A click anywhere, also off the frame. */
  px = (int) byte_at (data, size, 11) * 3 - 20;
  py = (int) byte_at (data, size, 12) * 2 - 20;
  ok = proprio_marker_pick_color (&frame, px, py, byte_at (data, size, 13) % 40, &picked);
  CHECK (ok == (px >= 0 && py >= 0 && px < width && py < height));
  if (ok)
    CHECK (picked.h >= 0.0 && picked.h < 360.0 && picked.s >= 0.0 && picked.s <= 1.0
           && picked.v >= 0.0 && picked.v <= 1.0);

  /* The limb renderer on a scene from the same bytes, with geometry reaching far off the frame
   * (and sizes from nothing to huge), into a buffer as tight as the tracker's. */
  if (flags & 0x40)
    {
      ProprioLimbScene scene;
      gsize rgb_stride = (gsize) width * 3 + ((flags >> 2) & 7);
      g_autofree guint8 *rgb = g_malloc (rgb_stride * (height - 1) + (gsize) width * 3);
      ProprioMarkerFrame rgb_frame = { rgb, width, height, rgb_stride, PROPRIO_PIXEL_FORMAT_RGB };

      proprio_limb_scene_init_default (&scene, width, height);
      scene.hip_x = ((int) byte_at (data, size, 11) - 64) * width / 64.0;
      scene.hip_y = ((int) byte_at (data, size, 12) - 64) * height / 64.0;
      scene.thigh_direction_deg = byte_at (data, size, 13) * 1.5;
      scene.knee_angle_deg = byte_at (data, size, 14) * 0.75;
      scene.thigh_length = byte_at (data, size, 15) * (flags & 0x20 ? 1e6 : 1.0);
      scene.shank_length = scene.thigh_length * 0.8;
      scene.marker_radius = (byte_at (data, size, 10) & 0x1f) * 0.7;
      scene.limb_width = (byte_at (data, size, 10) >> 5) * 4.0;
      scene.noise = (byte_at (data, size, 7) & 0x3f) * (flags & 0x10 ? 1e300 : 1.0);
      scene.blur_radius = byte_at (data, size, 8) & (flags & 0x20 ? 0xff : 0x03);
      scene.hide_marker[1] = (byte_at (data, size, 9) & 1) != 0;
      scene.seed = byte_at (data, size, 9);
      proprio_limb_render (&scene, rgb, width, height, rgb_stride);
      CHECK (proprio_marker_tracker_process (tracker, &rgb_frame, &res));
      check_result (&rgb_frame, &res);
    }

  /* A frame that claims more than it is (stride shorter than a row) is refused, not read. */
  if (flags & 0x80)
    {
      frame.stride = (gsize) width * bpp - 1;
      CHECK (!proprio_marker_tracker_process (tracker, &frame, &res));
      CHECK (!res.has_angle);
    }
  return 0;
}
