/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The views' colours by what they mean, in the palette the therapist chose (the "palette"
 * preference). The standard palette is each view's own GNOME colours: a view passes its colour
 * and gets it back. The colour-blind-safe palette is Okabe and Ito's (2008), whose hues stay apart
 * with protanopia, deuteranopia and tritanopia; the views never rely on colour alone (targets are
 * numbered, zones are labelled), the palette only keeps the colours apart too.
 *
 * One palette for the process (every window shows the same patient); views connect to
 * proprio_palette_get_default ()'s "notify::kind" to redraw when it changes. */

typedef enum
{
  PROPRIO_PALETTE_STANDARD,
  PROPRIO_PALETTE_COLORBLIND,
} ProprioPaletteKind;

typedef enum
{
  PROPRIO_PALETTE_TRAIL,        /* the CoP trail, an active target */
  PROPRIO_PALETTE_DOT,          /* the CoP dot */
  PROPRIO_PALETTE_GOOD,         /* in the zone, a target reached, a held position */
  PROPRIO_PALETTE_CAUTION,      /* above the band, leaning too far */
  PROPRIO_PALETTE_ALERT,        /* above the ceiling, off the board */
  PROPRIO_PALETTE_WARNING,      /* a message's colour */
} ProprioPaletteRole;

#define PROPRIO_TYPE_PALETTE (proprio_palette_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPalette, proprio_palette, PROPRIO, PALETTE, GObject)

/* The process's palette ("kind": ProprioPaletteKind as an int). */
ProprioPalette     *proprio_palette_get_default (void);
ProprioPaletteKind  proprio_palette_get_kind    (void);
void                proprio_palette_set_kind    (ProprioPaletteKind kind);
/* 0xRRGGBB for `role`: `standard` itself in the standard palette. `dark`: on a dark background
 * (a lighter shade where the colour-blind-safe one would be too dark to read). */
guint32             proprio_palette_pick        (ProprioPaletteRole role,
                                                 guint32            standard,
                                                 gboolean           dark);
/* The colour of data series `index` (EMG channels, position targets): `standard` in the
 * standard palette, else the colour-blind-safe series, which avoids the GOOD/CAUTION/ALERT hues. */
guint32             proprio_palette_series      (guint              index,
                                                 guint32            standard);

G_END_DECLS
