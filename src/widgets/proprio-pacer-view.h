/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "exercises/proprio-pacer.h"

G_BEGIN_DECLS

/* The pacer as the patient follows it from 2 m: for breathing, a disc that grows while breathing
 * in and shrinks while breathing out inside a ring that marks "full"; for a tempo, a ring that
 * fills through each phase and a bar that shows where the movement should be. Both carry the
 * phase word ("Breathe in", "Hold", "Breathe out"; "Down", "Hold", "Up") and the count in large
 * bold type, with the breath or rep number under them. It draws its own opaque card in the
 * style's colours (dark style and high contrast included), so it reads over any page.
 *
 * Redraws: a tick callback runs only while the widget is mapped and the pacer runs, and queues
 * at most one draw per frame, only when what is drawn changes (in a hold, once a second). With
 * animations turned off (GtkSettings gtk-enable-animations, the desktop's reduced motion) the
 * disc and bar move in whole-second steps to where the count says they should be by then.
 *
 * Accessible role "status": its label says the phase and how long it lasts, updated at each
 * phase change. */

#define PROPRIO_TYPE_PACER_VIEW (proprio_pacer_view_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPacerView, proprio_pacer_view, PROPRIO, PACER_VIEW, GtkWidget)

/* What the last snapshot drew, in widget pixels (tests, and the overlay's layout). */
typedef struct
{
  guint             n_draws;
  ProprioPacerMode  mode;
  ProprioPacerPhase phase;
  guint             count;          /* drawn in the middle; 0 when none */
  double            level;          /* as drawn (eased, or stepped with reduced motion) */
  double            cx, cy;         /* the disc's or ring's centre */
  double            radius;         /* breath: the disc; tempo: the ring's middle line */
  double            max_radius;     /* breath: the "full" ring */
  double            min_radius;     /* breath: the disc when empty */
  double            marker_y;       /* tempo: the bar's marker (top = up) */
  double            word_px;        /* the phase word's font size */
  guint32           fill_rgb;       /* the phase colour, 0xRRGGBB */
} ProprioPacerViewDrawn;

GtkWidget    *proprio_pacer_view_new               (ProprioPacer          *pacer);
ProprioPacer *proprio_pacer_view_get_pacer         (ProprioPacerView      *self);
void          proprio_pacer_view_set_pacer         (ProprioPacerView      *self,
                                                    ProprioPacer          *pacer);
/* Draw the pacer as at `t_us` instead of the frame clock's time (0: follow the frame clock). */
void          proprio_pacer_view_set_display_time  (ProprioPacerView      *self,
                                                    gint64                 t_us);
void          proprio_pacer_view_get_drawn         (ProprioPacerView      *self,
                                                    ProprioPacerViewDrawn *out);

G_END_DECLS
