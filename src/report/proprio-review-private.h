/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "exercises/proprio-exercise.h"
#include "proprio-review.h"

G_BEGIN_DECLS

/* Between the files of ProprioReview: loading (proprio-review.c), recomputing the static test and
 * the drill (proprio-review-metrics.c) and the CoP and matching exercises
 * (proprio-review-engines.c). */
void _proprio_review_figure_free (gpointer               data);
/* Fills `exercise`'s figures, check and note from `review`'s streams. */
void _proprio_review_recompute   (ProprioReview         *review,
                                  ProprioReviewExercise *exercise);

void                 _proprio_review_add_figure         (ProprioReviewExercise *exercise,
                                                         const char            *label,
                                                         const char            *unit,
                                                         double                 stored,
                                                         double                 recomputed);
/* The stream of `kind` whose samples cover `t_us`, or NULL (with *problem the reason a stream
 * of that kind could not be read, when one could not). */
ProprioReviewStream *_proprio_review_stream_at          (ProprioReview         *review,
                                                         ProprioStreamKind      kind,
                                                         gint64                 t_us,
                                                         const char           **problem);
void                 _proprio_review_set_missing        (ProprioReviewExercise *exercise,
                                                         const char            *problem,
                                                         const char            *what);
/* The stored settings (floating), typed as `engine`'s own. */
GVariant            *_proprio_review_settings_from_json (ProprioExercise       *engine,
                                                         JsonObject            *json);
/* A number (u or d) of an a{sv}, or NaN. */
double               _proprio_review_summary_value      (GVariant              *summary,
                                                         const char            *key);

/* Weight shift and limits of stability: the engine on the balance stream. */
void _proprio_review_recompute_cop      (ProprioReview         *review,
                                         ProprioReviewExercise *exercise,
                                         JsonObject            *settings,
                                         JsonObject            *results);
/* Joint-position and CoP matching: the engine on the angle or balance stream, the therapist's
 * registrations at their recorded instants. */
void _proprio_review_recompute_matching (ProprioReview         *review,
                                         ProprioReviewExercise *exercise,
                                         JsonObject            *settings,
                                         JsonObject            *results);

G_END_DECLS
