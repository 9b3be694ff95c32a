/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan.h"

G_BEGIN_DECLS

/* Between the files of the plan model (proprio-plan.c, -step.c, -file.c). */
void  _proprio_plan_set_example (ProprioPlan *self,
                                 gboolean     example);
/* A copy that is UTF-8 and at most PROPRIO_PLAN_MAX_TEXT characters ("" for NULL). */
char *_proprio_plan_clip_text   (const char  *text);

G_END_DECLS
