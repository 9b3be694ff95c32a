/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-review.h"

G_BEGIN_DECLS

/* Between the files of ProprioReview: loading (proprio-review.c) and recomputing
 * (proprio-review-metrics.c). */
void _proprio_review_figure_free (gpointer               data);
/* Fills `exercise`'s figures, check and note from `review`'s streams. */
void _proprio_review_recompute   (ProprioReview         *review,
                                  ProprioReviewExercise *exercise);

G_END_DECLS
