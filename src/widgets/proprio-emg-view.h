/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/proprio-sample.h"

G_BEGIN_DECLS

/* ProprioEmgView: live muscle activation, up to PROPRIO_EMG_VIEW_MAX_CHANNELS channels, drawn
 * with Cairo from samples of the EMG stage's layout (raw channels, then one envelope each).
 *
 * BARS: per channel a big vertical activation bar (the latest envelope, in %MVC when the channel
 * has an MVC, else in µV), its target zone drawn on the bar (a band [lower, upper] to reach, or a
 * ceiling [0, upper] to stay under), the envelope of the last `history-s` seconds (default 10) as
 * a strip beside or under the bar, and optionally the raw trace. The bar turns the zone colour
 * while the value is inside its zone. Each channel has a name ("Glute med L") and a colour, and
 * can carry a warning line ("Check the electrode on Glute med L").
 * PAIR: two channels side by side at double size with their ratio (a / b) and the symmetry index
 * 100 · (a − b) / (a + b) in large type (left vs right, or target vs compensating muscle).
 * Compact: bars only, no history, small labels (the Mirror page's picture-in-picture).
 *
 * Readable from 2 m: bar values and names at least 24 px (compact: 14 px), dark on light or the
 * reverse with high contrast, honouring the style's dark mode.
 *
 * Zones can be dragged (when "zones-editable"): the upper and lower edges of a zone on a bar are
 * handles; dragging one emits "zone-changed" (guint channel, double lower, double upper) in the
 * channel's display unit. Keyboard: none here (the page has spin buttons for the same values).
 *
 * Time: samples carry CLOCK_MONOTONIC µs. The view shows the newest sample, or, with a display
 * time set (set_display_time_us () ≠ 0, the Mirror page's delayed video), the last sample at or
 * before that time, so the bars are delayed with the video on the same clock. It keeps at least
 * history-s + 10 s of envelope (decimated for drawing, not for storage of the latest value); in
 * fact history-s + 30 s, the Mirror page's longest delay, so a delayed inset finds its instant.
 *
 * Drawing cost: at most one redraw per frame and only when something visible changed; the
 * history strip is decimated to the widget's pixel width (min/max per column).
 *
 * Layout: in BARS mode the cells (one per channel: name, figure, bar, warning, strip) go in one
 * row while they stay wide enough for 2 m type, else in as many rows as make them largest; the
 * full view paints its own background (the style's view colour), the compact one sits on its
 * host's card and takes its colours from the host's foreground (the Mirror inset's white on
 * dark). Properties: "compact", "show-raw", "zones-editable", "history-s", "hint",
 * "display-time-us". */

#define PROPRIO_EMG_VIEW_MAX_CHANNELS 8

typedef enum
{
  PROPRIO_EMG_VIEW_BARS,
  PROPRIO_EMG_VIEW_PAIR,
} ProprioEmgViewMode;

typedef enum
{
  PROPRIO_EMG_ZONE_NONE,     /* no zone */
  PROPRIO_EMG_ZONE_BAND,     /* reach and hold [lower, upper] */
  PROPRIO_EMG_ZONE_CEILING,  /* stay below upper (lower is 0) */
} ProprioEmgZoneKind;

#define PROPRIO_TYPE_EMG_VIEW (proprio_emg_view_get_type ())
G_DECLARE_FINAL_TYPE (ProprioEmgView, proprio_emg_view, PROPRIO, EMG_VIEW, GtkWidget)

GtkWidget *proprio_emg_view_new                (void);

/* The channels shown: for each, the sample index of its raw signal and of its envelope
 * (G_MAXUINT: none — an envelope-only board has no raw trace; a channel without an envelope
 * shows no bar). n ≤ PROPRIO_EMG_VIEW_MAX_CHANNELS. Forgets the history; names, colours, MVCs
 * and zones of channels that stay are kept. */
void       proprio_emg_view_set_channels       (ProprioEmgView      *self,
                                                guint                n,
                                                const guint         *raw_index,
                                                const guint         *envelope_index);
guint      proprio_emg_view_get_n_channels     (ProprioEmgView      *self);
void       proprio_emg_view_set_channel_name   (ProprioEmgView      *self,
                                                guint                channel,
                                                const char          *name);
const char *proprio_emg_view_get_channel_name  (ProprioEmgView      *self,
                                                guint                channel);
/* The sample indices given to set_channels (); FALSE when channel ≥ get_n_channels (). */
gboolean   proprio_emg_view_get_channel_indices (ProprioEmgView     *self,
                                                guint                channel,
                                                guint               *raw_index,
                                                guint               *envelope_index);
/* NULL: the default colour of that channel (none of the zone colours). */
void       proprio_emg_view_set_channel_color  (ProprioEmgView      *self,
                                                guint                channel,
                                                const GdkRGBA       *color);
void       proprio_emg_view_get_channel_color  (ProprioEmgView      *self,
                                                guint                channel,
                                                GdkRGBA             *color);
/* The envelope's unit shown without an MVC: "µV" (NULL, the default), "mV", or "" for device
 * units (a bare number: nothing pretends to be µV). */
void       proprio_emg_view_set_channel_unit   (ProprioEmgView      *self,
                                                guint                channel,
                                                const char          *unit);
/* "%MVC" with an MVC, else the channel's unit. */
const char *proprio_emg_view_get_display_unit  (ProprioEmgView      *self,
                                                guint                channel);
/* mvc > 0 (in the envelope's unit): values, zones and scale in %MVC; 0: in µV. */
void       proprio_emg_view_set_channel_mvc    (ProprioEmgView      *self,
                                                guint                channel,
                                                double               mvc);
double     proprio_emg_view_get_channel_mvc    (ProprioEmgView      *self,
                                                guint                channel);
/* A line under the channel's bar for the therapist (signal quality); NULL clears it. */
void       proprio_emg_view_set_channel_warning (ProprioEmgView     *self,
                                                guint                channel,
                                                const char          *warning);
/* Full scale of the bar in the display unit; 0 (default): 120 %MVC with an MVC, else
 * automatic (the largest envelope of the history, rounded up to 50 µV steps, at least 100). */
void       proprio_emg_view_set_full_scale     (ProprioEmgView      *self,
                                                guint                channel,
                                                double               full_scale);

/* The channel's zone, in its display unit. */
void       proprio_emg_view_set_zone           (ProprioEmgView      *self,
                                                guint                channel,
                                                ProprioEmgZoneKind   kind,
                                                double               lower,
                                                double               upper);
ProprioEmgZoneKind
           proprio_emg_view_get_zone           (ProprioEmgView      *self,
                                                guint                channel,
                                                double              *lower,
                                                double              *upper);
void       proprio_emg_view_set_zones_editable (ProprioEmgView      *self,
                                                gboolean             editable);
gboolean   proprio_emg_view_get_zones_editable (ProprioEmgView      *self);

void       proprio_emg_view_set_mode           (ProprioEmgView      *self,
                                                ProprioEmgViewMode   mode);
ProprioEmgViewMode
           proprio_emg_view_get_mode           (ProprioEmgView      *self);
/* The two channels of the pair view (a is the left/target one). */
void       proprio_emg_view_set_pair           (ProprioEmgView      *self,
                                                guint                a,
                                                guint                b);
void       proprio_emg_view_set_compact        (ProprioEmgView      *self,
                                                gboolean             compact);
gboolean   proprio_emg_view_get_compact        (ProprioEmgView      *self);
void       proprio_emg_view_set_show_raw       (ProprioEmgView      *self,
                                                gboolean             show_raw);
gboolean   proprio_emg_view_get_show_raw       (ProprioEmgView      *self);
/* 2–60 s, default 10. */
void       proprio_emg_view_set_history_s      (ProprioEmgView      *self,
                                                double               seconds);
double     proprio_emg_view_get_history_s      (ProprioEmgView      *self);
/* A line across the view when there is nothing to show ("Connect an EMG sleeve…"); NULL: none. */
void       proprio_emg_view_set_hint           (ProprioEmgView      *self,
                                                const char          *hint);
const char *proprio_emg_view_get_hint          (ProprioEmgView      *self);

/* Samples of the layout given to set_channels (), oldest first. A sample older than the newest
 * kept starts a new trace. */
void       proprio_emg_view_push               (ProprioEmgView      *self,
                                                const ProprioSample *samples,
                                                gsize                n);
void       proprio_emg_view_clear              (ProprioEmgView      *self);
/* 0: live (the newest sample); else show the instant `t_us` (delayed video). */
void       proprio_emg_view_set_display_time_us (ProprioEmgView     *self,
                                                gint64               t_us);
gint64     proprio_emg_view_get_display_time_us (ProprioEmgView     *self);
/* The time of the sample shown (the newest, or the last at or before the display time); 0 when
 * there is none. */
gint64     proprio_emg_view_get_shown_time_us  (ProprioEmgView      *self);

/* The value the bar shows now, in the display unit; NaN when there is none. For tests and for
 * the page's numbers. */
double     proprio_emg_view_get_value          (ProprioEmgView      *self,
                                                guint                channel);
/* The bar's full scale now, in the display unit (see set_full_scale ()). */
double     proprio_emg_view_get_scale          (ProprioEmgView      *self,
                                                guint                channel);
/* Where the bar of `channel` shows `value` (display unit) at its scale now: the middle of the bar's
 * width at the height of that value, in widget coordinates (values beyond the scale at its ends).
 * The fill covers the bar below that point while the value is larger. FALSE when the channel has
 * no bar on screen (out of range, the view without a size, or not one of the pair's two); the
 * outputs are then left alone. For tests and the latency bench, which read the pixels there. */
gboolean   proprio_emg_view_value_to_widget    (ProprioEmgView      *self,
                                                guint                channel,
                                                double               value,
                                                double              *widget_x,
                                                double              *widget_y);
/* The pair's figures now: ratio a / b and symmetry index 100 · (a − b) / (a + b), from the values
 * in their display units; NaN where not defined (no value, b = 0, or one channel in %MVC and the
 * other in µV, which do not compare). FALSE when both are NaN. */
gboolean   proprio_emg_view_get_pair_values    (ProprioEmgView      *self,
                                                double              *ratio,
                                                double              *symmetry);

G_END_DECLS
