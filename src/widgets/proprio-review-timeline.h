/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* ProprioReviewTimeline: a recorded session along one line, drawn with Cairo: its duration with
 * the elapsed time at both ends, each exercise run as a span with its title, each event (cues,
 * prompts, marks) as a tick under it, and the play head. Times are CLOCK_MONOTONIC µs, as the
 * recording has them; the labels count from the range's start.
 *
 * A click or a drag anywhere on it emits "seek" (gint64 t_us, clamped to the range); the owner
 * moves its clock and sets the position back. The tooltip names the event or the span under the
 * pointer, with its time. */

#define PROPRIO_TYPE_REVIEW_TIMELINE (proprio_review_timeline_get_type ())
G_DECLARE_FINAL_TYPE (ProprioReviewTimeline, proprio_review_timeline, PROPRIO, REVIEW_TIMELINE,
                      GtkWidget)

GtkWidget  *proprio_review_timeline_new          (void);
void        proprio_review_timeline_set_range    (ProprioReviewTimeline *self,
                                                  gint64                 start_us,
                                                  gint64                 end_us);
gint64      proprio_review_timeline_get_start    (ProprioReviewTimeline *self);
gint64      proprio_review_timeline_get_end      (ProprioReviewTimeline *self);
/* Forgets every span and tick. */
void        proprio_review_timeline_clear_marks  (ProprioReviewTimeline *self);
void        proprio_review_timeline_add_span     (ProprioReviewTimeline *self,
                                                  gint64                 start_us,
                                                  gint64                 end_us,
                                                  const char            *title);
void        proprio_review_timeline_add_tick     (ProprioReviewTimeline *self,
                                                  gint64                 t_us,
                                                  const char            *text);
guint       proprio_review_timeline_get_n_spans  (ProprioReviewTimeline *self);
guint       proprio_review_timeline_get_n_ticks  (ProprioReviewTimeline *self);
void        proprio_review_timeline_set_position (ProprioReviewTimeline *self,
                                                  gint64                 t_us);
gint64      proprio_review_timeline_get_position (ProprioReviewTimeline *self);
/* The time at widget x (px), and back; FALSE while the widget has no width. */
gboolean    proprio_review_timeline_x_to_time    (ProprioReviewTimeline *self,
                                                  double                 x,
                                                  gint64                *t_us);
gboolean    proprio_review_timeline_time_to_x    (ProprioReviewTimeline *self,
                                                  gint64                 t_us,
                                                  double                *x);
/* What the tooltip says at widget x (px): the nearest tick within a few pixels, else the span
 * there, with its time; NULL for nothing. Free with g_free (). */
char       *proprio_review_timeline_describe_at  (ProprioReviewTimeline *self,
                                                  double                 x);

G_END_DECLS
