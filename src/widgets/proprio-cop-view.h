/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/proprio-sample.h"
#include "core/proprio-stream.h"
#include "core/proprio-target.h"

G_BEGIN_DECLS

#define PROPRIO_TYPE_COP_VIEW (proprio_cop_view_get_type ())

G_DECLARE_FINAL_TYPE (ProprioCopView, proprio_cop_view, PROPRIO, COP_VIEW, GtkWidget)

GtkWidget *proprio_cop_view_new                 (void);

/* Feed samples of the "balance" protocol, oldest first (e.g. what a tick callback drained from the
 * device ring). Samples with fewer than PROPRIO_BALANCE_N_CHANNELS channels are ignored. A sample older
 * than the newest one kept starts a new trace (the source was restarted). Redraws only when the
 * new samples change what is visible. */
void       proprio_cop_view_push                (ProprioCopView      *self,
                                                 const ProprioSample *samples,
                                                 gsize                n);
/* Forgets every sample (e.g. at the start of a trial). */
void       proprio_cop_view_clear               (ProprioCopView      *self);

/* The view copies the arrays. xy_mm holds n_points (x, y) pairs; fewer than 3 points hide the
 * polygon. */
void       proprio_cop_view_set_targets         (ProprioCopView      *self,
                                                 const ProprioTarget *targets,
                                                 guint                n);
void       proprio_cop_view_set_polygon         (ProprioCopView      *self,
                                                 const double        *xy_mm,
                                                 guint                n_points);

/* Mapping between widget coordinates (px, origin top-left) and board millimetres (x + right,
 * y + forward), for the current size, zoom and mirroring. Both return FALSE while the widget has
 * no size (the outputs are then set to 0). */
gboolean   proprio_cop_view_widget_to_board     (ProprioCopView      *self,
                                                 double               widget_x,
                                                 double               widget_y,
                                                 double              *x_mm,
                                                 double              *y_mm);
gboolean   proprio_cop_view_board_to_widget     (ProprioCopView      *self,
                                                 double               x_mm,
                                                 double               y_mm,
                                                 double              *widget_x,
                                                 double              *widget_y);

double     proprio_cop_view_get_board_width_mm  (ProprioCopView      *self);
void       proprio_cop_view_set_board_width_mm  (ProprioCopView      *self,
                                                 double               width_mm);
double     proprio_cop_view_get_board_length_mm (ProprioCopView      *self);
void       proprio_cop_view_set_board_length_mm (ProprioCopView      *self,
                                                 double               length_mm);
/* The zoom range, 1 (the whole board) to 20 (a few millimetres of quiet standing fill it). */
#define PROPRIO_COP_VIEW_ZOOM_MIN 1.0
#define PROPRIO_COP_VIEW_ZOOM_MAX 20.0

double     proprio_cop_view_get_zoom            (ProprioCopView      *self);
/* Setting a zoom turns "auto-zoom" off. */
void       proprio_cop_view_set_zoom            (ProprioCopView      *self,
                                                 double               zoom);
gboolean   proprio_cop_view_get_auto_zoom       (ProprioCopView      *self);
void       proprio_cop_view_set_auto_zoom       (ProprioCopView      *self,
                                                 gboolean             auto_zoom);
gboolean   proprio_cop_view_get_mirrored        (ProprioCopView      *self);
void       proprio_cop_view_set_mirrored        (ProprioCopView      *self,
                                                 gboolean             mirrored);
gboolean   proprio_cop_view_get_show_trail      (ProprioCopView      *self);
void       proprio_cop_view_set_show_trail      (ProprioCopView      *self,
                                                 gboolean             show_trail);
gboolean   proprio_cop_view_get_show_ellipse    (ProprioCopView      *self);
void       proprio_cop_view_set_show_ellipse    (ProprioCopView      *self,
                                                 gboolean             show_ellipse);
gboolean   proprio_cop_view_get_show_bars       (ProprioCopView      *self);
void       proprio_cop_view_set_show_bars       (ProprioCopView      *self,
                                                 gboolean             show_bars);
gboolean   proprio_cop_view_get_show_feedback   (ProprioCopView      *self);
void       proprio_cop_view_set_show_feedback   (ProprioCopView      *self,
                                                 gboolean             show_feedback);
double     proprio_cop_view_get_trail_seconds   (ProprioCopView      *self);
void       proprio_cop_view_set_trail_seconds   (ProprioCopView      *self,
                                                 double               seconds);
double     proprio_cop_view_get_ellipse_seconds (ProprioCopView      *self);
void       proprio_cop_view_set_ellipse_seconds (ProprioCopView      *self,
                                                 double               seconds);
/* The live dot's radius in pixels, 4–40 (default 7). */
double     proprio_cop_view_get_dot_radius      (ProprioCopView      *self);
void       proprio_cop_view_set_dot_radius      (ProprioCopView      *self,
                                                 double               radius_px);
gint64     proprio_cop_view_get_delay_us        (ProprioCopView      *self);
void       proprio_cop_view_set_delay_us        (ProprioCopView      *self,
                                                 gint64               delay_us);
gint64     proprio_cop_view_get_display_time_us (ProprioCopView      *self);
void       proprio_cop_view_set_display_time_us (ProprioCopView      *self,
                                                 gint64               t_us);
gboolean   proprio_cop_view_get_transparent     (ProprioCopView      *self);
void       proprio_cop_view_set_transparent     (ProprioCopView      *self,
                                                 gboolean             transparent);
/* Over video, GTK 4.8's Cairo renderer redraws the whole view every frame: with `flatten`, the
 * board, the ellipse and the trail's kept pieces are one picture, drawn again only when one of
 * them changes (five times a second), and only the newest piece and the dot are drawn each frame.
 * Other renderers draw as usual. */
gboolean   proprio_cop_view_get_flatten         (ProprioCopView      *self);
void       proprio_cop_view_set_flatten         (ProprioCopView      *self,
                                                 gboolean             flatten);
/* What the view says, in a pill at its centre, while no CoP is shown at its instant: NULL (the
 * default) says "Step onto the board"; an owner that knows better (no data that far back, the
 * board not connected) sets its own. An empty string is taken as NULL. */
const char *proprio_cop_view_get_hint           (ProprioCopView      *self);
void       proprio_cop_view_set_hint            (ProprioCopView      *self,
                                                 const char          *hint);
/* The text drawn when there is no CoP: the hint, or the default. */
const char *proprio_cop_view_get_shown_hint     (ProprioCopView      *self);
/* The point the dot is drawn at now (the newest sample at or before the view's instant, when it
 * has a CoP): its time and position. FALSE when no CoP is shown (the outputs are then left
 * alone). For tests and for a replay that must say what it shows. */
gboolean   proprio_cop_view_get_shown_cop       (ProprioCopView      *self,
                                                 gint64              *t_us,
                                                 double              *x_mm,
                                                 double              *y_mm);

G_END_DECLS
