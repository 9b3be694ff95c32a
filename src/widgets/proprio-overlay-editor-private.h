/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-overlay-editor.h"

G_BEGIN_DECLS

/* One class over two files: proprio-overlay-editor.c (object, actions, drawing) and
 * proprio-overlay-editor-input.c (what a press, a drag and a release do with each tool). */

struct _ProprioOverlayEditor
{
  GtkWidget           parent_instance;

  ProprioOverlay     *overlay;
  gulong              changed_id;
  int                 video_width;
  int                 video_height;
  ProprioOverlayTool  tool;
  guint               selected;

  /* A drag in progress: the shape it moves or creates, and how. */
  gboolean            pressed;
  guint               drag_id;
  int                 drag_handle;          /* a point index, or -1 to move the whole shape */
  gboolean            drag_creates;         /* the press added drag_id */
  ProprioOverlayPoint drag_origin;          /* the press, normalised */
  ProprioOverlayShape drag_start;           /* drag_id as it was at the press */
  gboolean            drag_moved;           /* the pointer left the click slop */
  gboolean            group_open;           /* the drag holds an undo group open */
  double              press_x;              /* widget pixels */
  double              press_y;
  double              last_x;
  double              last_y;
  const char         *cursor;               /* the cursor name set, or NULL */

  /* An angle being placed: points fixed so far, and where the pointer is. */
  guint               angle_n;
  ProprioOverlayPoint angle_points[PROPRIO_OVERLAY_MAX_POINTS];
  ProprioOverlayPoint angle_live;
  gboolean            angle_press_added;    /* this press fixed the first point */

  /* A line placed by two clicks: the first click fixed line_start; the pointer is at line_live. */
  gboolean            line_pending;
  ProprioOverlayPoint line_start;
  ProprioOverlayPoint line_live;
  gboolean            line_second;          /* this press may end a pending line */
};

/* In proprio-overlay-editor-input.c */
void proprio_overlay_editor_cancel_draft (ProprioOverlayEditor *self);
/* The unfinished angle or two-click line as a shape to draw; FALSE when there is none. */
gboolean proprio_overlay_editor_get_draft (ProprioOverlayEditor *self,
                                           ProprioOverlayShape  *out_shape);

/* In proprio-overlay-editor.c */
void proprio_overlay_editor_select        (ProprioOverlayEditor *self,
                                           guint                 id);

G_END_DECLS
