/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "station/proprio-station.h"

G_BEGIN_DECLS

/* Parts of the Preferences window's General page: the distance unit and palette rows over their
 * settings, and the calibration row, which opens the board's calibration dialog over `window`
 * and is sensitive only while `station` (may be NULL) has a balance board. */
void proprio_preferences_general_bind (GtkWindow      *window,
                                       GSettings      *settings,
                                       ProprioStation *station,
                                       AdwComboRow    *unit_row,
                                       AdwComboRow    *palette_row,
                                       AdwActionRow   *calibrate_row);
/* Screen readers name each row by its title, and the control in it by the same words (without
 * the mnemonic marks); a row's subtitle is its description. Walks `widget` and its children. */
void proprio_preferences_label_rows   (GtkWidget      *widget);

G_END_DECLS
