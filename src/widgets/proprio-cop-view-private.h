/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-sway.h"
#include "proprio-cop-trail.h"
#include "proprio-cop-view.h"

G_BEGIN_DECLS

/* The trail fades in this many steps (each piece of it takes the step of its age). */
#define COP_VIEW_N_BUCKETS 6

/* The trail is drawn in pieces of this many µs of samples, each a node kept while it is unchanged
 * (proprio-cop-view-nodes.c). */
#define COP_VIEW_CHUNK_US (G_USEC_PER_SEC / 5)

/* GNOME palette: the same hues read well on light and dark backgrounds. */
#define COP_VIEW_BLUE_1   0x99c1f1
#define COP_VIEW_BLUE_3   0x3584e4
#define COP_VIEW_GREEN_4  0x2ec27e
#define COP_VIEW_ORANGE_3 0xff7800
#define COP_VIEW_RED_3    0xe01b24

/* Bars average the corner loads over this window so that the numbers are readable. */
#define COP_VIEW_BARS_WINDOW_US (G_USEC_PER_SEC / 2)

typedef struct
{
  double          width, height;
  graphene_rect_t area;          /* where the board is drawn: the widget less the bar strips */
  graphene_rect_t lr_bar;        /* left/right weight-bearing bar (empty when bars are hidden) */
  graphene_rect_t fb_bar;        /* front/back weight-bearing bar */
  double          cx, cy;        /* board origin in widget px */
  double          scale;         /* px per mm, zoom included */
  double          sx;            /* +1, or −1 when mirrored */
} CopViewLayout;

typedef struct
{
  GdkRGBA fg;
  GdkRGBA view_bg;   /* behind the board when opaque */
  GdkRGBA ring;      /* around the dot, so that it stands out from the trail and the video */
} CopViewColors;

/* Which stored points are visible at a given time, as indexes into the trail. */
typedef struct
{
  gint64 cutoff;                              /* points after this are not shown yet */
  gint64 t_ref;                               /* "now" of the picture: ages count from here */
  guint  shown_end;                           /* first hidden point */
  /* These two count from the step time (proprio_cop_view_step_time), as the trail and the bars
   * are drawn. */
  guint  bucket_start[COP_VIEW_N_BUCKETS];    /* first point of each fading step, oldest first */
  guint  bars_end;                            /* first point after what the bars average */
  guint  ellipse_start;
} CopViewWindows;

/* A vertex of the trail's path, in widget px: a line to it, or the start of a run. */
typedef struct
{
  float    x, y;
  gboolean line;
} CopViewVertex;

/* What a kept node was drawn for: when any of it changes, every kept node is drawn again. */
typedef struct
{
  double          cx, cy, scale, sx;
  graphene_rect_t area;
  guint32         color;
} CopViewNodeKey;

/* A piece of the trail: the points with sequence numbers [first_seq, end_seq), joined to the
 * point before or not, in fading step `level` (COP_VIEW_N_BUCKETS − 1 is the newest). */
typedef struct
{
  guint64        first_seq, end_seq;
  gboolean       joined;
  int            level;
  GskRenderNode *node;     /* NULL: none of it is on the board */
} CopViewChunk;

/* The same, as absolute sequence numbers: when it has not changed, the picture has not either. */
typedef struct
{
  guint64 shown_end;
  guint64 bucket_start[COP_VIEW_N_BUCKETS];
  guint64 ellipse_start;
  guint64 bars_end;
} CopViewSignature;

/* Text sizes of the view. Seen from 2 m, what the patient reads (the weight-bearing figures,
 * the target numbers) is large and bold; the board's side labels are bold. */
typedef enum
{
  COP_VIEW_TEXT_NORMAL,   /* hints */
  COP_VIEW_TEXT_LABEL,    /* Front, Back, L, R, the scale bar: 1.2×, bold */
  COP_VIEW_TEXT_LARGE,    /* weight-bearing percentages, target numbers: 1.6×, bold */
} CopViewTextSize;

#define COP_VIEW_LABEL_SCALE 1.2
#define COP_VIEW_LARGE_SCALE 1.6

/* Texts drawn every frame (the weight-bearing figures, target numbers) change seldom: their
 * layouts are kept, which spares a Pango shaping per text and frame. */
#define COP_VIEW_TEXT_CACHE 12

typedef struct
{
  char            *text;
  CopViewTextSize  size;
  PangoLayout     *layout;
  GskRenderNode   *node;     /* the layout drawn in node_color at (0, 0), or NULL */
  GdkRGBA          node_color;
  guint64          used;     /* the text clock when it was last drawn */
} CopViewCachedText;

struct _ProprioCopView
{
  GtkWidget         parent_instance;

  ProprioCopTrail  *trail;
  GArray           *targets;        /* ProprioTarget */
  GArray           *polygon;        /* double, x/y pairs in mm */
  /* The ellipse's running sums over the points with sequence numbers [moments_start,
   * moments_end): each frame adds the new points and removes those that left the window. */
  GArray           *trail_vertices; /* CopViewVertex, reused each frame */
  ProprioSwayMoments moments;
  guint64           moments_start;
  guint64           moments_end;
  guint64           moments_updates;  /* since the last pass over the whole window */

  double            board_width_mm;
  double            board_length_mm;
  double            zoom;
  double            zoom_at_pinch;
  double            trail_seconds;
  double            ellipse_seconds;
  double            dot_radius_px;
  gint64            delay_us;
  gint64            display_time_us;
  char             *hint;           /* NULL: the default */

  guint             mirrored : 1;
  guint             show_trail : 1;
  guint             show_ellipse : 1;
  guint             show_bars : 1;
  guint             show_feedback : 1;
  guint             transparent : 1;
  guint             flatten : 1;
  guint             auto_zoom : 1;

  guint             tick_id;
  CopViewSignature  signature;      /* what the last queued draw shows */

  /* Board, grid, labels and polygon change rarely: drawn once into a node and reused. */
  GskRenderNode    *background;
  int               background_width;
  int               background_height;
  int               background_scale;
  GdkRGBA           background_fg;

  CopViewCachedText text_cache[COP_VIEW_TEXT_CACHE];
  guint64           text_clock;

  /* Auto-zoom: the sway's extent (mm) over the points up to extent_end_seq, from a full pass at
   * the picture time extent_scan_us. */
  gboolean          extent_valid;
  double            extent_x, extent_y;
  guint64           extent_end_seq;
  gint64            extent_scan_us;

  /* The trail's pieces as drawn last frame, oldest first, and a second array to fill next. */
  GArray           *chunks;         /* CopViewChunk */
  GArray           *chunks_spare;
  CopViewNodeKey    chunk_key;
  guint64           chunks_built;   /* pieces drawn anew since the view was made (tests) */
  /* The ellipse as drawn last, and where (px: centre x, y, semi-axes a, b; angle in radians). */
  GskRenderNode    *ellipse_node;
  gint64            ellipse_t_us;   /* the step time when it last changed */
  guint             ellipse_refresh_id;  /* a redraw for a change held back by the period */
  CopViewNodeKey    ellipse_key;
  double            ellipse_px[5];
  /* With `flatten`: the nodes the picture shows (held), the picture, and how often it was drawn. */
  GPtrArray        *flat_nodes;
  GskRenderNode    *flat_picture;
  int               flat_scale;
  guint64           flat_drawn;
};

void   proprio_cop_view_compute_layout  (ProprioCopView *self,
                                         double          width,
                                         double          height,
                                         CopViewLayout  *layout);
gint64 proprio_cop_view_now             (ProprioCopView *self);
void   proprio_cop_view_compute_windows (ProprioCopView *self,
                                         gint64          now,
                                         CopViewWindows *windows);
/* Queues a draw when the visible state moved on; returns whether time alone can still change it
 * (then a tick callback keeps checking). */
gboolean proprio_cop_view_update_visible (ProprioCopView *self);
/* A property changed: redraw, and rebuild the cached background too when it shows the change. */
void   proprio_cop_view_invalidate      (ProprioCopView *self,
                                         gboolean        background);
/* With auto-zoom: fits the zoom to what must be seen (sway of the last seconds, targets, the
 * limits polygon). Called when the visible points change. */
void   proprio_cop_view_fit_zoom        (ProprioCopView *self);
/* Sets the zoom without turning auto-zoom off. */
void   proprio_cop_view_apply_auto_zoom (ProprioCopView *self,
                                         double          zoom);
/* Drops what no window can show any more. */
void   proprio_cop_view_trim            (ProprioCopView *self);
void   proprio_cop_view_snapshot        (GtkWidget      *widget,
                                         GtkSnapshot    *snapshot);

/* The trail and the ellipse from nodes kept across frames (proprio-cop-view-nodes.c). */
void   proprio_cop_view_snapshot_trail   (ProprioCopView       *self,
                                          GtkSnapshot          *snapshot,
                                          const CopViewLayout  *layout,
                                          const CopViewWindows *windows,
                                          guint32               color);
void   proprio_cop_view_snapshot_ellipse (ProprioCopView       *self,
                                          GtkSnapshot          *snapshot,
                                          const CopViewLayout  *layout,
                                          const ProprioEllipse *ellipse,
                                          gint64                step_us);
/* The picture's time rounded down to a trail piece (COP_VIEW_CHUNK_US). What changes slowly
 * (the trail's fading, its tail, the weight-bearing bars) changes at these steps only, all in the
 * same frame: between them a frame redraws only around the dot. */
gint64 proprio_cop_view_step_time        (const CopViewWindows *windows);
/* Lets go of the kept nodes. */
void   proprio_cop_view_drop_nodes       (ProprioCopView       *self);

/* Drawing helpers shared by the background and the per-frame parts. */
void         proprio_cop_view_get_colors       (ProprioCopView        *self,
                                                CopViewColors         *colors);

PangoLayout *proprio_cop_view_text_layout      (GtkWidget             *widget,
                                                const char            *text,
                                                CopViewTextSize        size);
/* The same from the view's cache (owned by the view: valid until the next call). */
PangoLayout *proprio_cop_view_cached_layout    (ProprioCopView        *self,
                                                const char            *text,
                                                CopViewTextSize        size);
/* The same drawn in `color`, as a node at (0, 0) (owned by the view: valid until the next call):
 * the same node each frame is no work for GTK's diff and no glyph run to build. */
GskRenderNode *proprio_cop_view_cached_text_node (ProprioCopView    *self,
                                                  const char        *text,
                                                  CopViewTextSize    size,
                                                  const GdkRGBA     *color,
                                                  PangoLayout      **layout);
/* Fonts or scale changed: forget the kept layouts. */
void         proprio_cop_view_clear_text_cache (ProprioCopView        *self);
/* Outline width of a target, in px. */
#define TARGET_LINE_PX 4.0

/* Where a weight-bearing gauge's needle is (0–1 along the bar) for these load shares. */
double       proprio_cop_view_gauge_position   (ProprioCopView        *self,
                                                gboolean               vertical,
                                                double                 left,
                                                double                 front);
/* The scale bar's length for `px_per_mm`: 1, 2 or 5 × 10ⁿ mm, 60–150 px long on screen. */
double       proprio_cop_view_scale_bar_mm     (double                 px_per_mm);
/* Where text anchored at (x, y) goes: ax, ay = 0 for left/top, 0.5 centre, 1 right/bottom; kept
 * inside `within` (when not NULL) if it fits, so labels stay readable when zoomed in. */
void         proprio_cop_view_place_text       (PangoLayout           *layout,
                                                double                 x,
                                                double                 y,
                                                double                 ax,
                                                double                 ay,
                                                const graphene_rect_t *within,
                                                double                *px,
                                                double                *py);
/* The board, grid, labels and polygon. */
GskRenderNode *proprio_cop_view_build_background (ProprioCopView      *self,
                                                  const CopViewLayout *layout,
                                                  const CopViewColors *colors);

static inline void
cop_view_to_widget (const CopViewLayout *layout,
                    double               x_mm,
                    double               y_mm,
                    double              *wx,
                    double              *wy)
{
  *wx = layout->cx + layout->sx * layout->scale * x_mm;
  *wy = layout->cy - layout->scale * y_mm;
}

static inline void
cop_view_set_hex (cairo_t *cr,
                  guint32  rgb,
                  double   alpha)
{
  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static inline void
cop_view_set_fg (cairo_t             *cr,
                 const CopViewColors *colors,
                 double               alpha)
{
  cairo_set_source_rgba (cr, colors->fg.red, colors->fg.green, colors->fg.blue,
                         colors->fg.alpha * alpha);
}

G_END_DECLS
