/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* ProprioPanelCache: a bin that draws its child (a page's side panel) as one picture while the
 * child does not change, with the Cairo renderer ("child" property); with any other renderer it
 * draws the child as usual. Input, focus and accessibility stay the child's. */
#define PROPRIO_TYPE_PANEL_CACHE (proprio_panel_cache_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPanelCache, proprio_panel_cache, PROPRIO, PANEL_CACHE, GtkWidget)

GtkWidget *proprio_panel_cache_new          (void);
void       proprio_panel_cache_set_child    (ProprioPanelCache *self,
                                             GtkWidget         *child);
GtkWidget *proprio_panel_cache_get_child    (ProprioPanelCache *self);
/* How many times the picture was drawn (tests: not every frame, again after a change). */
guint      proprio_panel_cache_get_n_drawn  (ProprioPanelCache *self);

/* Puts a cache between `flap` and its flap (the side panel). */
void       proprio_panel_cache_wrap_flap    (gpointer           flap);
/* Puts a cache in the place of `child`, a child of a GtkBox, with `child` inside it: for the
 * window's bars, which change seldom while the views change every frame. */
void       proprio_panel_cache_wrap_box_child (GtkWidget        *child);

/* Whether `widget`'s window draws with GSK's Cairo renderer, where a picture pays. */
gboolean       proprio_panel_cache_renders_with_cairo (GtkWidget     *widget);
/* The pixels of `node`, drawn once at `scale`, as a node that paints them within whole pixels
 * around its bounds; NULL when it is empty or too large. */
GskRenderNode *proprio_panel_cache_draw_picture       (GskRenderNode *node,
                                                       int            scale);

G_END_DECLS
