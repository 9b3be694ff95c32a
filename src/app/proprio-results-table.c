/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "proprio-results-table.h"

GtkWidget *
proprio_results_add_cell (GtkGrid    *grid,
                          int         column,
                          int         row,
                          int         width,
                          const char *text,
                          const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 || width > 1 ? 0.0f : 1.0f);
  if (column == 0 || width > 1)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), width > 1 ? 40 : 14);
    }
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  if (column > 0 && width == 1)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (grid, label, column, row, width, 1);
  return label;
}

void
proprio_results_add_header (GtkGrid    *grid,
                            int         column,
                            int         row,
                            const char *text,
                            const char *tooltip)
{
  GtkWidget *label = proprio_results_add_cell (grid, column, row, 1, text, "caption-heading");

  gtk_widget_remove_css_class (label, "numeric");
  gtk_label_set_justify (GTK_LABEL (label), column == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 9);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
}

void
proprio_results_add_number (GtkGrid *grid,
                            int      column,
                            int      row,
                            int      decimals,
                            double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value))
    g_snprintf (text, sizeof text, "%.*f", decimals, value);
  else
    g_strlcpy (text, "—", sizeof text);
  proprio_results_add_cell (grid, column, row, 1, text, NULL);
}

void
proprio_results_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

void
proprio_panel_scroll_init (ProprioPanelScroll *self,
                           GtkWidget          *owner,
                           GtkScrolledWindow  *scroll)
{
  self->owner = owner;
  self->scroll = scroll;
  self->at = 0;
  self->tick = 0;
}

void
proprio_panel_scroll_hold (ProprioPanelScroll *self)
{
  /* A restore still pending knows the place better than the half-rebuilt panel does. */
  if (self->tick == 0)
    self->at = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroll));
}

static gboolean
restore_cb (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  ProprioPanelScroll *self = user_data;

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroll), self->at);
  self->tick = 0;
  return G_SOURCE_REMOVE;
}

void
proprio_panel_scroll_restore (ProprioPanelScroll *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroll), self->at);
  if (self->tick == 0 && gtk_widget_get_mapped (self->owner))
    self->tick = gtk_widget_add_tick_callback (self->owner, restore_cb, self, NULL);
}

void
proprio_panel_scroll_clear (ProprioPanelScroll *self)
{
  if (self->tick != 0 && self->owner != NULL)
    gtk_widget_remove_tick_callback (self->owner, self->tick);
  self->tick = 0;
}
