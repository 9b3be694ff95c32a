/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-pacer-view.h"

G_BEGIN_DECLS

/* Layout caches: a layout keeps its text and size, so a count that does not change costs no
 * shaping. */
typedef enum
{
  PACER_TEXT_WORD,
  PACER_TEXT_COUNT,
  PACER_TEXT_SUB,
  N_PACER_TEXTS
} PacerText;

typedef struct
{
  PangoLayout *layout;
  char        *text;
  int          px;
} PacerLayout;

struct _ProprioPacerView
{
  GtkWidget              parent_instance;

  ProprioPacer          *pacer;
  GSignalGroup          *pacer_signals;
  guint                  tick_id;
  gint64                 display_time_us;  /* 0: the frame clock's */
  gint64                 frame_time_us;    /* of the last tick */
  /* What the last queued draw will show: a tick redraws only when this changes. */
  guint64                drawn_key;
  ProprioPacerPhase      a11y_phase;
  guint                  a11y_repetition;
  PacerLayout            texts[N_PACER_TEXTS];
  ProprioPacerViewDrawn  drawn;
};

/* The time the view shows now. */
gint64  _proprio_pacer_view_now          (ProprioPacerView        *self);
/* Whether the desktop wants motion (GtkSettings gtk-enable-animations). */
gboolean _proprio_pacer_view_animates    (ProprioPacerView        *self);
/* The level as drawn: eased while moving, stepped to whole seconds without animations. */
double  _proprio_pacer_view_shown_level  (ProprioPacerView        *self,
                                          const ProprioPacerState *state);
void    _proprio_pacer_view_snapshot     (ProprioPacerView        *self,
                                          GtkSnapshot             *snapshot);
void    _proprio_pacer_view_clear_texts  (ProprioPacerView        *self);

G_END_DECLS
