/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* ProprioAngleDial: a joint angle on a half-circle dial, for the patient to read from 2 m: the
 * current angle as a thick needle and a large number, the target as a band (target ± tolerance)
 * with a line at its middle, the registered angle of the last trial as a second needle, and a
 * mark at the start position. Each part can be hidden: in a reproduction the needle and the
 * number go (show-angle FALSE) and the target too, so nothing tells where the limb is.
 *
 * Values are degrees in the source's convention; the dial spans range-min (left) to range-max
 * (right), 0–180° by default; values outside are drawn at the ends. NaN hides a part. Drawn with
 * Cairo on the frame clock only when something changed. */

#define PROPRIO_TYPE_ANGLE_DIAL (proprio_angle_dial_get_type ())
G_DECLARE_FINAL_TYPE (ProprioAngleDial, proprio_angle_dial, PROPRIO, ANGLE_DIAL, GtkWidget)

GtkWidget *proprio_angle_dial_new            (void);

void       proprio_angle_dial_set_angle      (ProprioAngleDial *self,
                                              double            angle_deg);
double     proprio_angle_dial_get_angle      (ProprioAngleDial *self);
void       proprio_angle_dial_set_show_angle (ProprioAngleDial *self,
                                              gboolean          show);
gboolean   proprio_angle_dial_get_show_angle (ProprioAngleDial *self);
/* NaN for no target. */
void       proprio_angle_dial_set_target     (ProprioAngleDial *self,
                                              double            target_deg,
                                              double            tolerance_deg);
double     proprio_angle_dial_get_target     (ProprioAngleDial *self);
void       proprio_angle_dial_set_registered (ProprioAngleDial *self,
                                              double            angle_deg);
double     proprio_angle_dial_get_registered (ProprioAngleDial *self);
void       proprio_angle_dial_set_start      (ProprioAngleDial *self,
                                              double            angle_deg);
void       proprio_angle_dial_set_range      (ProprioAngleDial *self,
                                              double            min_deg,
                                              double            max_deg);
/* 0..1 drawn as a ring around the hub (memorising, holding still), NaN for none. */
void       proprio_angle_dial_set_progress   (ProprioAngleDial *self,
                                              double            progress);

/* The point of the needle of `angle_deg` (the current angle's, or the registered one's) at
 * `fraction` of its length (0: the hub, 1: its tip, clamped to that), in widget coordinates for
 * the dial's size and range now. FALSE when the dial is too small to be drawn (the outputs are
 * then left alone). For tests and the latency bench, which read the pixels there. */
gboolean   proprio_angle_dial_needle_to_widget (ProprioAngleDial *self,
                                                double            angle_deg,
                                                double            fraction,
                                                double           *widget_x,
                                                double           *widget_y);

G_END_DECLS
