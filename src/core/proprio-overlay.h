/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "proprio-overlay-geometry.h"

G_BEGIN_DECLS

/* The shapes a therapist places over the mirror video: plumb and level lines, a grid, free lines,
 * circles and angles, in normalised video coordinates (see proprio-overlay-geometry.h for why).
 * Every change can be undone; a drag that moves a shape through many positions is one step when
 * wrapped in begin_group/end_group. The list is ordered bottom to top: later shapes draw over and
 * win hit tests against earlier ones.
 *
 * Text form (sessions and templates), one shape a line, numbers in the C locale:
 *
 *   proprio-overlays 1
 *   # comments and blank lines are ignored
 *   plumb 0.5 0.5
 *   angle 0.4 0.3 0.5 0.6 0.6 0.3
 *
 * Each line is a kind followed by its points' x y pairs (1, 2 or 3 points, see
 * ProprioOverlayKind), every coordinate 0..1. Parsing is strict and bounded: any deviation is an
 * error that names the line; nothing is changed then. GLib/GObject only, no GTK. */

#define PROPRIO_TYPE_OVERLAY (proprio_overlay_get_type ())
#define PROPRIO_OVERLAY_ERROR (proprio_overlay_error_quark ())

#define PROPRIO_OVERLAY_MAX_SHAPES     200
#define PROPRIO_OVERLAY_MAX_UNDO       100
#define PROPRIO_OVERLAY_MAX_TEXT_BYTES (64 * 1024)
#define PROPRIO_OVERLAY_FORMAT_VERSION 1

typedef enum
{
  PROPRIO_OVERLAY_ERROR_PARSE,      /* text that is not an overlay list; the message names the line */
  PROPRIO_OVERLAY_ERROR_TOO_LARGE,  /* over PROPRIO_OVERLAY_MAX_TEXT_BYTES or _MAX_SHAPES */
  PROPRIO_OVERLAY_ERROR_VERSION,    /* written by a newer Proprio */
} ProprioOverlayError;

G_DECLARE_FINAL_TYPE (ProprioOverlay, proprio_overlay, PROPRIO, OVERLAY, GObject)

GQuark          proprio_overlay_error_quark     (void);

ProprioOverlay *proprio_overlay_new             (void);

guint           proprio_overlay_get_n_shapes    (ProprioOverlay            *self);
/* Bottom to top; the pointer is valid until the next change. */
const ProprioOverlayShape *proprio_overlay_get_shape (ProprioOverlay       *self,
                                                      guint                 index);
/* NULL when no shape has that id (for instance after an undo removed it). */
const ProprioOverlayShape *proprio_overlay_lookup    (ProprioOverlay       *self,
                                                      guint                 id);

/* Adds a copy of `shape` on top (its id is ignored) and returns the new id, or 0 when the shape
 * is invalid (proprio_overlay_shape_is_valid) or the overlay already holds MAX_SHAPES. */
guint           proprio_overlay_add             (ProprioOverlay            *self,
                                                 const ProprioOverlayShape *shape);
guint           proprio_overlay_add_plumb       (ProprioOverlay            *self,
                                                 double                     x);
guint           proprio_overlay_add_level       (ProprioOverlay            *self,
                                                 double                     y);
/* A grid through (x, y) whose cells are (cell_x - x) × (cell_y - y). */
guint           proprio_overlay_add_grid        (ProprioOverlay            *self,
                                                 double                     x,
                                                 double                     y,
                                                 double                     cell_x,
                                                 double                     cell_y);
guint           proprio_overlay_add_line        (ProprioOverlay            *self,
                                                 double                     x0,
                                                 double                     y0,
                                                 double                     x1,
                                                 double                     y1);
guint           proprio_overlay_add_circle      (ProprioOverlay            *self,
                                                 double                     cx,
                                                 double                     cy,
                                                 double                     rim_x,
                                                 double                     rim_y);
/* The angle is at the vertex (vx, vy). */
guint           proprio_overlay_add_angle       (ProprioOverlay            *self,
                                                 double                     ax,
                                                 double                     ay,
                                                 double                     vx,
                                                 double                     vy,
                                                 double                     bx,
                                                 double                     by);

/* Replaces the points of shape `id` (the kind must stay the same). FALSE when there is no such
 * shape or the new points are invalid. */
gboolean        proprio_overlay_update          (ProprioOverlay            *self,
                                                 guint                      id,
                                                 const ProprioOverlayShape *shape);
/* Moves the whole shape by (dx, dy), cut short so every point stays on the video. */
gboolean        proprio_overlay_move            (ProprioOverlay            *self,
                                                 guint                      id,
                                                 double                     dx,
                                                 double                     dy);
/* Moves one point to (x, y), clamped to the video. */
gboolean        proprio_overlay_move_point      (ProprioOverlay            *self,
                                                 guint                      id,
                                                 guint                      index,
                                                 double                     x,
                                                 double                     y);
gboolean        proprio_overlay_remove          (ProprioOverlay            *self,
                                                 guint                      id);
void            proprio_overlay_clear           (ProprioOverlay            *self);

/* The topmost shape within `tolerance` widget pixels of (x, y), or 0; see
 * proprio_overlay_shape_hit for `out_handle`. */
guint           proprio_overlay_hit_test        (ProprioOverlay            *self,
                                                 const ProprioOverlayFit   *fit,
                                                 double                     x,
                                                 double                     y,
                                                 double                     tolerance,
                                                 int                       *out_handle);

/* Changes between begin and end become one undo step (none if nothing changed). Nestable. */
void            proprio_overlay_begin_group     (ProprioOverlay            *self);
void            proprio_overlay_end_group       (ProprioOverlay            *self);
/* FALSE when there is nothing to undo/redo, or a group is open. */
gboolean        proprio_overlay_undo            (ProprioOverlay            *self);
gboolean        proprio_overlay_redo            (ProprioOverlay            *self);
gboolean        proprio_overlay_can_undo        (ProprioOverlay            *self);
gboolean        proprio_overlay_can_redo        (ProprioOverlay            *self);

/* The text form above, always parseable by from_string; coordinates round-trip exactly. */
char           *proprio_overlay_to_string       (ProprioOverlay            *self);
/* A new overlay (empty undo history) from the text form; `length` -1 for NUL-terminated. */
ProprioOverlay *proprio_overlay_from_string     (const char                *text,
                                                 gssize                     length,
                                                 GError                   **error);
/* Replaces every shape with those of `text`, as one undo step; on error nothing changes. */
gboolean        proprio_overlay_set_from_string (ProprioOverlay            *self,
                                                 const char                *text,
                                                 gssize                     length,
                                                 GError                   **error);

/* Templates: the text form in a file, written atomically, mode 0600, creating missing parent
 * folders with mode 0700. Loading replaces the shapes as one undo step. */
gboolean        proprio_overlay_save_template   (ProprioOverlay            *self,
                                                 const char                *path,
                                                 GError                   **error);
gboolean        proprio_overlay_load_template   (ProprioOverlay            *self,
                                                 const char                *path,
                                                 GError                   **error);

G_END_DECLS
