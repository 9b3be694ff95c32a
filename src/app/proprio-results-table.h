/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The results tables of the work areas' side panels, one look for every page: a GtkGrid of
 * labels where names and messages wrap (German ones are long), so a table never widens the fixed
 * side panel; figures are right-aligned in tabular digits; an undefined figure is a dash.
 * Column 0 holds names; a cell wider than one column holds a message. */
GtkWidget *proprio_results_add_cell   (GtkGrid    *grid,
                                       int         column,
                                       int         row,
                                       int         width,
                                       const char *text,
                                       const char *style);
/* A column heading (wraps at 9 characters), with an optional tooltip that spells it out. */
void       proprio_results_add_header (GtkGrid    *grid,
                                       int         column,
                                       int         row,
                                       const char *text,
                                       const char *tooltip);
/* `value` with `decimals` decimals, or "—" when it is not finite (never reached, not
 * measured). */
void       proprio_results_add_number (GtkGrid    *grid,
                                       int         column,
                                       int         row,
                                       int         decimals,
                                       double      value);
void       proprio_results_clear      (GtkGrid    *grid);

/* Rebuilding a table drops its children (a focused one among them), and the panel would jump to
 * wherever the focus lands. The keeper puts it back where the therapist had scrolled it, once at
 * once and again after the new rows are laid out (on the owner's next frame). Embed it in the
 * page; clear it in dispose. */
typedef struct
{
  GtkWidget         *owner;
  GtkScrolledWindow *scroll;
  double             at;
  guint              tick;
} ProprioPanelScroll;

void       proprio_panel_scroll_init    (ProprioPanelScroll *self,
                                         GtkWidget          *owner,
                                         GtkScrolledWindow  *scroll);
/* Before the rebuild. */
void       proprio_panel_scroll_hold    (ProprioPanelScroll *self);
/* After the rebuild. */
void       proprio_panel_scroll_restore (ProprioPanelScroll *self);
void       proprio_panel_scroll_clear   (ProprioPanelScroll *self);

G_END_DECLS
