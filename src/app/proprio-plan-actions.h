/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-application.h"

G_BEGIN_DECLS

/* The plan controls as application actions, so a station script, a foot pedal's helper or any
 * window drives the one run (`gapplication action io.github.proprio.Proprio plan-next`):
 *   plan-start     start the plan open in the plan panel, from its first step
 *   plan-next      plan-previous   plan-skip   plan-repeat   plan-stop   (see ProprioPlanRun)
 *   plan-select s  open the plan of that id, e.g. 'knee-acl' (while no plan runs)
 * Each is enabled only while it applies, so a key bound to it passes on to the widgets when no
 * plan runs. */
void proprio_plan_actions_add   (ProprioApplication *app);
/* At startup, once the station is there: reads the plans (in the background) and lets the
 * actions follow the run. */
void proprio_plan_actions_start (ProprioApplication *app);

G_END_DECLS
