/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan.h"

G_BEGIN_DECLS

/* Between the files of the plan model (proprio-plan.c, proprio-plan-file.c). */
void _proprio_plan_set_example (ProprioPlan *self,
                                gboolean     example);

G_END_DECLS
