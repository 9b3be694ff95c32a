/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/proprio-overlay.h"
#include "widgets/proprio-overlay-draw.h"

G_BEGIN_DECLS

/* A transparent widget that draws a ProprioOverlay over whatever lies beneath it (put it over the
 * video's GtkPicture in a GtkOverlay) and lets the therapist edit it with the pointer.
 *
 * The video is assumed shown "contain" in the same allocation (as GtkPicture does); set its size
 * with proprio_overlay_editor_set_video_size so shapes land on the right part of the picture.
 *
 * Tools: "select" picks the shape under the pointer (or one of its handles) and drags it;
 * "plumb" and "level" place a line where pressed and follow the drag; "line", "circle" and
 * "grid" span from press to release (centre to rim for a circle, one cell for a grid), and a
 * line also takes two clicks (the line follows the pointer from the first); "angle"
 * takes three points — press on the first, drag (or click) to the vertex, click the third —
 * and shows the angle live next to the vertex while placing it.
 *
 * Widget actions: overlay.tool (string state, one of the tool names above),
 * overlay.undo (Ctrl+Z), overlay.redo (Ctrl+Shift+Z, Ctrl+Y), overlay.delete (Delete,
 * BackSpace) and overlay.cancel (Escape: drop an unfinished angle, clear the selection). */

#define PROPRIO_TYPE_OVERLAY_EDITOR (proprio_overlay_editor_get_type ())

G_DECLARE_FINAL_TYPE (ProprioOverlayEditor, proprio_overlay_editor, PROPRIO, OVERLAY_EDITOR,
                      GtkWidget)

typedef enum
{
  PROPRIO_OVERLAY_TOOL_SELECT,
  PROPRIO_OVERLAY_TOOL_PLUMB,
  PROPRIO_OVERLAY_TOOL_LEVEL,
  PROPRIO_OVERLAY_TOOL_GRID,
  PROPRIO_OVERLAY_TOOL_LINE,
  PROPRIO_OVERLAY_TOOL_CIRCLE,
  PROPRIO_OVERLAY_TOOL_ANGLE,
  PROPRIO_OVERLAY_N_TOOLS
} ProprioOverlayTool;

/* Hit tolerance around lines and handles, in widget pixels. */
#define PROPRIO_OVERLAY_EDITOR_TOLERANCE 8.0

/* `overlay` NULL (here and in set_overlay): a new, empty one. The editor keeps a reference. */
GtkWidget          *proprio_overlay_editor_new            (ProprioOverlay       *overlay);
ProprioOverlay     *proprio_overlay_editor_get_overlay    (ProprioOverlayEditor *self);
void                proprio_overlay_editor_set_overlay    (ProprioOverlayEditor *self,
                                                           ProprioOverlay       *overlay);
/* 0 × 0: unknown, the shapes span the whole widget. Default 1280 × 720. */
void                proprio_overlay_editor_set_video_size (ProprioOverlayEditor *self,
                                                           int                   width,
                                                           int                   height);
void                proprio_overlay_editor_set_tool       (ProprioOverlayEditor *self,
                                                           ProprioOverlayTool    tool);
ProprioOverlayTool  proprio_overlay_editor_get_tool       (ProprioOverlayEditor *self);
/* The id of the selected shape, or 0. */
guint               proprio_overlay_editor_get_selected   (ProprioOverlayEditor *self);
void                proprio_overlay_editor_set_selected   (ProprioOverlayEditor *self,
                                                           guint                 id);
/* Where the video sits in the widget now. */
void                proprio_overlay_editor_get_fit        (ProprioOverlayEditor *self,
                                                           ProprioOverlayFit    *fit);

/* What to do with the tool, in a sentence for the status area ("Drag to draw a line, or click
 * its two ends"); NULL for an invalid tool. Translated. */
const char         *proprio_overlay_tool_get_hint         (ProprioOverlayTool    tool);
/* "select", "plumb", …; NULL for an invalid tool. FALSE when `name` is no tool. */
const char         *proprio_overlay_tool_to_string        (ProprioOverlayTool    tool);
gboolean            proprio_overlay_tool_from_string      (const char           *name,
                                                           ProprioOverlayTool   *out_tool);

/* Pointer input in widget coordinates, as the gestures deliver it (tests call these directly):
 * a press, moves while pressed, the release; hover moves with no button down. */
void                proprio_overlay_editor_pointer_down   (ProprioOverlayEditor *self,
                                                           double                x,
                                                           double                y);
void                proprio_overlay_editor_pointer_move   (ProprioOverlayEditor *self,
                                                           double                x,
                                                           double                y);
void                proprio_overlay_editor_pointer_up     (ProprioOverlayEditor *self,
                                                           double                x,
                                                           double                y);
void                proprio_overlay_editor_pointer_hover  (ProprioOverlayEditor *self,
                                                           double                x,
                                                           double                y);

G_END_DECLS
