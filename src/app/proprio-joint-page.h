/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/proprio-overlay.h"
#include "core/proprio-sample.h"
#include "exercises/proprio-jps-protocol.h"
#include "station/proprio-station.h"

G_BEGIN_DECLS

/* The Joint position work area: joint-position matching on an angle source (a goniometer or an
 * angle board, the camera's tracked markers, or three points the therapist places on a frozen
 * frame of the camera), with the station's "jps-protocol" engine. The patient's side: a large
 * dial (current angle, target band, registered angle) or the camera's picture (the markers, or
 * the frozen frame's points with the target drawn as an arc while it is memorised), the
 * prompt and the seconds left, and "Eyes closed" in large type (or a dark screen, the
 * "joint-reproduce-screen" setting) while the position is reproduced. The therapist's side panel:
 * the source, Start / Register / Stop, the targets (typed, or the current angle captured), the
 * protocol's settings, and the results: per-target and overall CE, AE, VE and E, a plot of the
 * errors over the trials and the table of trials.
 *
 * A view of the station, like every page: the engine and its results live there.
 *
 * Properties:
 *   "station"  (ProprioStation *, construct-only)
 *   "settings" (GSettings *, construct-only, may be NULL)
 *
 * Actions (group "joint"): joint.start (selects "jps-protocol" in the station and starts it),
 * joint.register (Space and Return while it runs, through the window), joint.stop,
 * joint.capture (the current angle becomes a target), joint.add-target; with the frozen frame,
 * joint.freeze (F, through the window) and joint.clear-points. */

#define PROPRIO_TYPE_JOINT_PAGE (proprio_joint_page_get_type ())
G_DECLARE_FINAL_TYPE (ProprioJointPage, proprio_joint_page, PROPRIO, JOINT_PAGE, GtkWidget)

GtkWidget          *proprio_joint_page_new          (ProprioStation   *station,
                                                     GSettings        *settings);
ProprioStation     *proprio_joint_page_get_station  (ProprioJointPage *self);
ProprioJpsProtocol *proprio_joint_page_get_engine   (ProprioJointPage *self);
/* Hands samples to the dial and to the station's running exercise exactly as the per-frame
 * drain of the device's ring does. For tests and replays. */
void                proprio_joint_page_push_samples (ProprioJointPage    *self,
                                                     const ProprioSample *samples,
                                                     gsize                n);
/* The points on the frozen frame: the overlay the page's editor edits (one angle shape, p[0]
 * proximal, p[1] the joint, p[2] distal). Made on first call; the page keeps a reference. */
ProprioOverlay     *proprio_joint_page_get_frame_overlay (ProprioJointPage *self);

G_END_DECLS
