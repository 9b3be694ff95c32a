/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan.h"

G_BEGIN_DECLS

/* The example plans are JSON files in the resources, in English; their texts are listed in
 * proprio-plan-examples.c so gettext finds them, and translated when an example is loaded. */

/* Every text of the shipped examples (titles, notes, step titles and notes), NULL-terminated. */
const char * const *proprio_plan_examples_get_strings (void);
/* Replaces the plan's texts by their translations (before it is marked an example). */
void                proprio_plan_examples_translate   (ProprioPlan *plan);

G_END_DECLS
