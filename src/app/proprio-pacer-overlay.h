/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "station/proprio-station.h"

G_BEGIN_DECLS

/* The running pacer over whatever page the window shows (the Balance board, the EMG view): a
 * card in the top left corner of the work area, half its height (nearly all of it with the
 * "pacer-overlay-large" setting), with buttons in its bottom corners to stop the pacer and to
 * open its panel. Shown while the pacer runs (and 3 s more, saying "Done", when a run ends) and
 * the "pacer-overlay" setting is on; hidden, it costs nothing. */

#define PROPRIO_TYPE_PACER_OVERLAY (proprio_pacer_overlay_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPacerOverlay, proprio_pacer_overlay, PROPRIO, PACER_OVERLAY, GtkWidget)

/* Adds the card to `overlay`, placed over `area` (a child of the overlay, e.g. the window's
 * page stack), and returns it (owned by the overlay). */
GtkWidget *proprio_pacer_overlay_attach   (GtkOverlay     *overlay,
                                           GtkWidget      *area,
                                           ProprioStation *station,
                                           GSettings      *settings);
GtkWidget *proprio_pacer_overlay_get_view (ProprioPacerOverlay *self);

G_END_DECLS
