/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "core/proprio-overlay.h"

G_BEGIN_DECLS

/* Drawing overlays with Cairo, shared by the editor widget (on screen) and the Mirror page's
 * snapshot (offscreen, at the video's native size). Every stroke is bright over a dark outline so
 * it reads on a dark gym floor and a white wall alike; widths are whole pixels and plumb and level
 * lines sit on the pixel grid, so they stay crisp. Everything is clipped to the video. */

typedef struct
{
  double stroke[4];      /* RGBA of the lines */
  double outline[4];     /* RGBA of the dark band under them */
  double selected[4];    /* RGBA of the selected shape (editor only) */
  double label[4];       /* RGBA of the angle read-out */
  double label_bg[4];    /* RGBA of the pill under it */
  double line_width;     /* bright stroke, widget pixels (a whole number) */
  double outline_width;  /* dark band, widget pixels, wider than line_width */
  double font_size;      /* angle read-out, pixels */
} ProprioOverlayStyle;

/* Legibility from 2 m: shares of the height of the picture as shown, and floors in pixels. */
#define PROPRIO_OVERLAY_LINE_SHARE     0.004
#define PROPRIO_OVERLAY_MIN_LINE_WIDTH 3.0
#define PROPRIO_OVERLAY_FONT_SHARE     0.04
#define PROPRIO_OVERLAY_MIN_FONT_SIZE  16.0

/* The default style for the video shown at video_width × video_height pixels (the fit's size, not
 * the widget's): lines 3 px up to 750 px high, 5 px at 1080, 9 at 2160; the angle read-out 4 % of
 * the height, bold, on a dark pill. */
void proprio_overlay_style_init (ProprioOverlayStyle       *style,
                                 double                     video_width,
                                 double                     video_height);

/* The pixel size of the angle read-out's text `text` in `style` (without its pill). */
void proprio_overlay_measure_label (const ProprioOverlayStyle *style,
                                    const char                *text,
                                    int                       *width,
                                    int                       *height);

/* Draws every shape of `overlay` for a video of video_width × video_height shown "contain" in
 * an area of widget_width × widget_height at the origin of `cr`. For a snapshot at the video's
 * native resolution pass the video size for both. `style` NULL: proprio_overlay_style_init for
 * that size. Leaves the state of `cr` as it found it. */
void proprio_overlay_draw       (ProprioOverlay            *overlay,
                                 cairo_t                   *cr,
                                 double                     widget_width,
                                 double                     widget_height,
                                 int                        video_width,
                                 int                        video_height,
                                 const ProprioOverlayStyle *style);

/* One shape (an unfinished angle may have its third point equal to its vertex: only one arm and
 * no read-out are drawn then). `selected` draws it in the selection colour with its handles. */
void proprio_overlay_draw_shape (cairo_t                   *cr,
                                 const ProprioOverlayShape *shape,
                                 const ProprioOverlayFit   *fit,
                                 const ProprioOverlayStyle *style,
                                 gboolean                   selected);

G_END_DECLS
