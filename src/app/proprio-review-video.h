/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "report/proprio-review.h"

G_BEGIN_DECLS

/* ProprioReviewVideo: a session's recorded video at the replay's instant: the last frame at or
 * before it (proprio_video_file_find ()), scaled to fit, optionally mirrored. Frames are read and
 * decoded (JPEG, gdk_texture_new_from_bytes ()) on a worker thread, one at a time: when the
 * clock runs ahead of the decoding the next decode takes the newest frame wanted, so a fast replay
 * skips frames instead of falling behind. */

#define PROPRIO_TYPE_REVIEW_VIDEO (proprio_review_video_get_type ())
G_DECLARE_FINAL_TYPE (ProprioReviewVideo, proprio_review_video, PROPRIO, REVIEW_VIDEO, GtkWidget)

/* `review` must have a video (review->video != NULL); the widget keeps a reference. */
GtkWidget  *proprio_review_video_new            (ProprioReview      *review);
/* Shows the frame of `t_us` (nothing before the first frame). */
void        proprio_review_video_show_time      (ProprioReviewVideo *self,
                                                 gint64              t_us);
/* The frame on screen; FALSE while none is. */
gboolean    proprio_review_video_get_shown_index (ProprioReviewVideo *self,
                                                 guint              *index);
GdkTexture *proprio_review_video_get_texture    (ProprioReviewVideo *self);
void        proprio_review_video_set_mirrored   (ProprioReviewVideo *self,
                                                 gboolean            mirrored);
gboolean    proprio_review_video_get_mirrored   (ProprioReviewVideo *self);
/* Why the last frame could not be shown, or NULL. */
const char *proprio_review_video_get_problem    (ProprioReviewVideo *self);

G_END_DECLS
