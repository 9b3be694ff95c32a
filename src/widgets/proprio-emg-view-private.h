/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-emg-view.h"

G_BEGIN_DECLS

/* ProprioEmgView is split over six files: proprio-emg-view.c (the object, its settings and the
 * kept samples), proprio-emg-view-channels.c (each channel's name, colour, unit, MVC, warning,
 * scale and zone), proprio-emg-view-model.c (what is shown at an instant: values, scales, the
 * decimated strip, the layout, whether a redraw is due), proprio-emg-view-draw.c (the snapshot),
 * proprio-emg-view-strip.c (the history strips) and proprio-emg-view-input.c (dragging zone
 * edges). */

/* GNOME palette: the same hues read on light and dark backgrounds. */
#define EMG_VIEW_BLUE_3   0x3584e4
#define EMG_VIEW_GREEN_4  0x2ec27e
#define EMG_VIEW_GREEN_5  0x26a269
#define EMG_VIEW_ORANGE_3 0xff7800
#define EMG_VIEW_ORANGE_5 0xc64600
#define EMG_VIEW_RED_3    0xe01b24
#define EMG_VIEW_YELLOW_2 0xf8e45c

/* What is kept beyond the strip's window: the Mirror page's longest video delay, so a delayed
 * picture-in-picture still finds its instant. */
#define EMG_VIEW_KEEP_EXTRA_US   (30 * G_USEC_PER_SEC)
/* 2 kHz for 131 s; at lower rates the time bound applies first. */
#define EMG_VIEW_MAX_ROWS        (1u << 18)
/* The automatic scale looks at the largest envelope per block of this length. */
#define EMG_VIEW_BLOCK_US        (250 * G_TIME_SPAN_MILLISECOND)
#define EMG_VIEW_N_BLOCKS        ((guint) ((60 * G_USEC_PER_SEC + EMG_VIEW_KEEP_EXTRA_US) / \
                                           EMG_VIEW_BLOCK_US) + 8)

/* Text sizes in px. What the patient reads from 2 m (values, names) is at least 24 px (14 px in
 * the compact inset, which sits in a corner of a video the patient watches up close). */
#define EMG_VIEW_TEXT_MIN_PX          24.0
#define EMG_VIEW_COMPACT_TEXT_MIN_PX  14.0
#define EMG_VIEW_TICK_PX              13.0

/* How close (px) the pointer must be to a zone edge to take it. */
#define EMG_VIEW_HANDLE_REACH_PX      10.0
/* How far the zone is drawn beyond the bar on each side: the handles are easy to see and take. */
#define EMG_VIEW_ZONE_OVERHANG_PX     10.0

typedef struct
{
  guint              raw_index, envelope_index;
  char              *name;
  char              *unit;           /* without an MVC; NULL: "µV" */
  GdkRGBA            color;
  double             mvc;
  char              *warning;
  double             full_scale;     /* set by the page; 0: automatic */
  ProprioEmgZoneKind zone_kind;
  double             lower, upper;
} EmgChannel;

/* The kept samples: for each row its time and, per channel, the envelope and the raw value (float:
 * seven digits are far beyond what an electrode measures). A ring that grows to
 * EMG_VIEW_MAX_ROWS; rows are trimmed by age. */
typedef struct
{
  guint   n;            /* values per row: the view's channels */
  guint   capacity;     /* a power of two, or 0 */
  guint   start, len;
  gint64 *t;
  float  *env;          /* capacity × n */
  float  *raw;
} EmgRows;

/* One pixel column of the history strip: the envelope's and the raw signal's range and the
 * envelope's mean over the rows in its time span. */
typedef struct
{
  float   env_min, env_max, env_sum;
  float   raw_min, raw_max;
  guint32 n_env, n_raw;
} EmgColumn;

/* Strip columns keyed to absolute time (column k spans [k · col_us, (k + 1) · col_us)), so as the
 * strip scrolls only the newest columns are computed; the others come from here. Slot k mod width
 * holds column k when tags[slot] == k. */
typedef struct
{
  gint64     col_us;
  guint      width;
  gint64    *tags;
  EmgColumn *cols;      /* width × PROPRIO_EMG_VIEW_MAX_CHANNELS */
} EmgStrip;

/* A channel's strips (envelope and raw) as drawn up to the column before the newest: the newest
 * column grows with every sample, the others change only when the strip scrolls by a column
 * (every 10 s / width, a few frames), so the node is kept and appended again until then. The
 * same node in two frames is no damage to GTK's renderer: only the newest column is painted. */
typedef struct
{
  GskRenderNode *node;
  guint          generation;     /* ProprioEmgView.strip_generation when drawn */
  gint64         k_ref;          /* the newest column then */
  double         scale, raw_peak;
} EmgStripNode;

/* A figure as drawn (the number and its unit, in place): a bar's value moves within a range,
 * and each distinct text is laid out and turned into nodes once, not every frame. */
#define EMG_VIEW_FIGURE_CACHE 24

typedef struct
{
  char           text[16];
  GskRenderNode *node;
} EmgFigureNode;

/* Where one channel is drawn. */
typedef struct
{
  guint           channel;
  graphene_rect_t cell;
  graphene_rect_t name;
  graphene_rect_t value;
  graphene_rect_t bar;        /* the track: 0 at the bottom, the full scale at the top */
  graphene_rect_t warning;    /* empty when there is no room (compact) */
  graphene_rect_t strip;      /* envelope history; empty in compact mode or without room */
  graphene_rect_t raw;        /* raw trace; empty unless shown */
  double          name_px, value_px, warning_px;
} EmgCellLayout;

typedef struct
{
  int             width, height;
  gboolean        pair;           /* drawn as a pair (mode PAIR with two valid channels) */
  gboolean        compact;
  guint           n_cells;
  EmgCellLayout   cells[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  graphene_rect_t pair_panel;     /* the ratio and symmetry between the two cells */
  double          pair_px;
  guint           strip_width;    /* px, the same in every cell; 0: no strips */
} EmgViewLayout;

/* What the view shows at its instant. */
typedef struct
{
  gboolean have;                  /* some sample is at or before the instant */
  gint64   t_us;                  /* that sample's time */
  guint    shown_end;             /* rows [0, shown_end) are at or before it */
  double   value[PROPRIO_EMG_VIEW_MAX_CHANNELS];   /* display unit; NaN: none */
  double   scale[PROPRIO_EMG_VIEW_MAX_CHANNELS];   /* full scale of the bar, display unit */
  double   ratio, symmetry;       /* PAIR; NaN when not defined */
} EmgViewState;

typedef enum
{
  EMG_VIEW_OUTSIDE,               /* no zone, or below a band */
  EMG_VIEW_IN_ZONE,
  EMG_VIEW_ABOVE,                 /* above a band or a ceiling */
} EmgZoneState;

/* Everything a frame shows that can change without a setter: when it is the same, the picture
 * is too and no redraw is queued. */
typedef struct
{
  gint64 t_us;
  gint64 k_ref;
  struct
  {
    int  bar_px, zone, band_lo, band_hi, line, raw_lo, raw_hi;
    char text[16];
    double scale;
  } ch[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  char ratio[16], symmetry[16];
} EmgViewSignature;

typedef struct
{
  GdkRGBA  fg, bg, card, track, grid;
  GdkRGBA  in_zone, above_band, above_ceiling, zone_fill, zone_edge, warning;
  gboolean dark, high_contrast;
} EmgViewColors;

struct _ProprioEmgView
{
  GtkWidget           parent_instance;

  guint               n_channels;
  EmgChannel          channels[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  gboolean            editable, compact, show_raw;
  ProprioEmgViewMode  mode;
  guint               pair_a, pair_b;
  double              history_s;
  char               *hint;
  gint64              display_time_us;

  EmgRows             rows;
  EmgStrip            strip;
  /* Largest envelope per EMG_VIEW_BLOCK_US block, per channel (the automatic scale). */
  gint64              block_tags[EMG_VIEW_N_BLOCKS];
  float               block_max[EMG_VIEW_N_BLOCKS][PROPRIO_EMG_VIEW_MAX_CHANNELS];

  EmgViewLayout       layout;
  gboolean            layout_valid;
  EmgViewSignature    signature;      /* what the last queued draw shows */

  /* Frames, ticks, names and warnings change rarely: drawn once into a node and reused. */
  GskRenderNode      *background;
  double              background_scale[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  GdkRGBA             background_fg;
  /* Bumped by every setting, size or sample reset that changes what a kept strip shows. */
  guint               strip_generation;
  EmgStripNode        strip_nodes[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  /* The figures of the last frame, kept so that an unchanged one is not shaped again. */
  PangoLayout        *value_text[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  gboolean            unit_fits[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  PangoLayout        *pair_text[2];
  EmgFigureNode       figures[PROPRIO_EMG_VIEW_MAX_CHANNELS][EMG_VIEW_FIGURE_CACHE];
  guint               figures_next[PROPRIO_EMG_VIEW_MAX_CHANNELS];

  /* Dragging a zone edge. */
  gboolean            dragging;
  guint               drag_channel;
  gboolean            drag_upper;
  double              drag_scale;
};

/* proprio-emg-view.c */
/* A setting changed what is drawn: redraw, and rebuild the cached background when `background`. */
void     _proprio_emg_view_invalidate   (ProprioEmgView      *self,
                                         gboolean             background);
void     _proprio_emg_view_get_colors   (ProprioEmgView      *self,
                                         EmgViewColors       *colors);
/* Channel `channel`'s colour until the page gives one: none of the zone colours. */
GdkRGBA  _proprio_emg_view_default_color (guint              channel);

/* proprio-emg-view-model.c */
void     _proprio_emg_rows_clear        (EmgRows             *rows,
                                         guint                n);
void     _proprio_emg_rows_free         (EmgRows             *rows);
void     _proprio_emg_rows_push         (EmgRows             *rows,
                                         gint64               t_us,
                                         const float         *env,
                                         const float         *raw);
/* Drops rows older than `oldest_us`. */
void     _proprio_emg_rows_trim         (EmgRows             *rows,
                                         gint64               oldest_us);
/* The first row with t > t_us (rows->len when none). */
guint    _proprio_emg_rows_upper_bound  (const EmgRows       *rows,
                                         gint64               t_us);

static inline guint
emg_rows_slot (const EmgRows *rows,
               guint          i)
{
  return (rows->start + i) & (rows->capacity - 1);
}

static inline gint64
emg_rows_t (const EmgRows *rows,
            guint          i)
{
  return rows->t[emg_rows_slot (rows, i)];
}

static inline float
emg_rows_env (const EmgRows *rows,
              guint          i,
              guint          channel)
{
  return rows->env[(gsize) emg_rows_slot (rows, i) * rows->n + channel];
}

static inline float
emg_rows_raw (const EmgRows *rows,
              guint          i,
              guint          channel)
{
  return rows->raw[(gsize) emg_rows_slot (rows, i) * rows->n + channel];
}

/* The bar's full scale (display unit) in the envelope's own unit, for the strip's columns. */
static inline double
emg_view_envelope_scale (const EmgChannel *c,
                         double            scale)
{
  return c->mvc > 0 ? scale * c->mvc / 100 : scale;
}

/* Forgets every cached strip column (new samples of another trace, another size). */
void     _proprio_emg_view_reset_strip  (ProprioEmgView      *self);
/* Drops the kept strip nodes (EmgStripNode) and figures (EmgFigureNode): the layout, a setting
 * or the samples changed. */
void     _proprio_emg_view_clear_strip_nodes (ProprioEmgView *self);
void     _proprio_emg_view_reset_blocks (ProprioEmgView      *self);
void     _proprio_emg_view_note_block   (ProprioEmgView      *self,
                                         gint64               t_us,
                                         const float         *env);
/* Lays the view out for its current size (cached until a setting or the size changes). */
const EmgViewLayout *_proprio_emg_view_get_layout (ProprioEmgView *self);
void     _proprio_emg_view_compute_state (ProprioEmgView     *self,
                                          EmgViewState       *state);
/* Column k of the strip, one per channel, for the instant of `state` (cached when complete). */
const EmgColumn *_proprio_emg_view_get_columns (ProprioEmgView     *self,
                                                const EmgViewState *state,
                                                gint64              k);
gint64   _proprio_emg_view_column_ref   (ProprioEmgView      *self,
                                         const EmgViewState  *state);
EmgZoneState _proprio_emg_view_zone_state (ProprioEmgView    *self,
                                           guint              channel,
                                           double             value);
/* The number shown for `value` ("42", "7.5", "–"). */
void     _proprio_emg_view_format_value (double               value,
                                         char                *buf,
                                         gsize                size);
void     _proprio_emg_view_format_pair  (double               ratio,
                                         double               symmetry,
                                         char                *ratio_buf,
                                         char                *symmetry_buf,
                                         gsize                size);
/* The display unit of `channel`: "%MVC" with an MVC, else its unit. */
const char *_proprio_emg_view_unit      (ProprioEmgView      *self,
                                         guint                channel);
/* Queues a draw when what is shown moved on (new samples, another instant). */
void     _proprio_emg_view_update_visible (ProprioEmgView    *self);

/* The widget y of `value` on the bar of `cell`, and back. */
double   _proprio_emg_view_value_to_y   (const EmgCellLayout *cell,
                                         double               scale,
                                         double               value);
double   _proprio_emg_view_y_to_value   (const EmgCellLayout *cell,
                                         double               scale,
                                         double               y);

/* proprio-emg-view-draw.c */
void     _proprio_emg_view_snapshot     (GtkWidget           *widget,
                                         GtkSnapshot         *snapshot);
/* 1, 2, 2.5 or 5 × 10ⁿ, the smallest at least `x`. */
double   _proprio_emg_view_nice_step    (double               x);

/* proprio-emg-view-strip.c: the envelope strip and raw trace of one cell. */
void     _proprio_emg_view_draw_strip   (ProprioEmgView      *self,
                                         GtkSnapshot         *snapshot,
                                         const EmgViewLayout *layout,
                                         const EmgCellLayout *cell,
                                         const EmgViewState  *state,
                                         const EmgViewColors *colors);
PangoLayout *_proprio_emg_view_text     (GtkWidget           *widget,
                                         const char          *text,
                                         double               px,
                                         PangoWeight          weight);

/* proprio-emg-view-input.c: the gestures call these; tests may too (widget coordinates). */
void     _proprio_emg_view_init_input   (ProprioEmgView      *self);
/* TRUE when (x, y) takes a zone edge (the drag then follows the pointer). */
gboolean _proprio_emg_view_pointer_down (ProprioEmgView      *self,
                                         double               x,
                                         double               y);
void     _proprio_emg_view_pointer_move (ProprioEmgView      *self,
                                         double               x,
                                         double               y);
void     _proprio_emg_view_pointer_up   (ProprioEmgView      *self,
                                         double               x,
                                         double               y);
/* The hover cursor: "ns-resize" over a zone edge that can be dragged. */
void     _proprio_emg_view_pointer_hover (ProprioEmgView     *self,
                                          double              x,
                                          double              y);
/* The zone edge at (x, y), if any. */
gboolean _proprio_emg_view_find_handle  (ProprioEmgView      *self,
                                         double               x,
                                         double               y,
                                         guint               *channel,
                                         gboolean            *upper);
/* Emits "zone-changed". */
void     _proprio_emg_view_emit_zone_changed (ProprioEmgView *self,
                                              guint           channel);

G_END_DECLS
