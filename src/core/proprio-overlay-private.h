/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-overlay.h"

G_BEGIN_DECLS

/* Shared between proprio-overlay.c (the model) and proprio-overlay-text.c (its text form). */

/* Parses the text form into a new array of shapes (ids 0), or NULL with an error. */
GArray *proprio_overlay_parse          (const char     *text,
                                        gssize          length,
                                        GError        **error);
/* Replaces the shapes with `parsed`, giving them fresh ids; one undo step when `undoable`. */
void    proprio_overlay_replace_shapes (ProprioOverlay *self,
                                        GArray         *parsed,
                                        gboolean        undoable);

G_END_DECLS
