/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "report/proprio-review.h"

G_BEGIN_DECLS

/* A past session replayed through the live views: its video (when one was recorded), the
 * centre-of-pressure view, the EMG bars and
 * envelopes and the angle dial, each shown when the session has that stream, all driven by one
 * replay clock on the recording's own CLOCK_MONOTONIC times, so the instant shown is the same
 * instant in every view. Under them a timeline (exercise runs as spans, events as ticks, the
 * play head), play / pause, seek and speed 0.25×–4×; beside them the session's exercises with
 * their stored figures and the same figures recomputed from the raw recording
 * (report/proprio-review.h), marked where they agree and said plainly where they do not or where
 * a recording is missing.
 *
 * The session is read on a worker thread; nothing of the live station is touched, so a session
 * may be recording meanwhile. The clock advances on the frame clock while playing (frame time ×
 * speed), never with a timer per sample; seeking back rebuilds what the views keep (the trail's
 * last seconds, the envelopes' history).
 *
 * Keys: Space play / pause; ← → one second; Shift+← → ten seconds; Home, End; [ ] slower,
 * faster; Escape closes. */

#define PROPRIO_TYPE_REVIEW_WINDOW (proprio_review_window_get_type ())
G_DECLARE_FINAL_TYPE (ProprioReviewWindow, proprio_review_window, PROPRIO, REVIEW_WINDOW,
                      AdwWindow)

/* The speeds offered, slowest first. */
#define PROPRIO_REVIEW_N_SPEEDS 5
extern const double proprio_review_speeds[PROPRIO_REVIEW_N_SPEEDS];

ProprioReviewWindow *proprio_review_window_new          (GtkWindow           *parent,
                                                         ProprioStore        *store,
                                                         const char          *session_id);
/* "loading", "review" or "error": what the window shows (for tests). */
const char          *proprio_review_window_get_state    (ProprioReviewWindow *self);
/* What was read (NULL until then). */
ProprioReview       *proprio_review_window_get_review   (ProprioReviewWindow *self);
/* The replay clock: the instant shown, CLOCK_MONOTONIC µs of the recording. */
gint64               proprio_review_window_get_position (ProprioReviewWindow *self);
/* Moves the clock (clamped to the session) and shows that instant at once. */
void                 proprio_review_window_seek         (ProprioReviewWindow *self,
                                                         gint64               t_us);
void                 proprio_review_window_set_playing  (ProprioReviewWindow *self,
                                                         gboolean             playing);
gboolean             proprio_review_window_get_playing  (ProprioReviewWindow *self);
/* The nearest offered speed is taken. */
void                 proprio_review_window_set_speed    (ProprioReviewWindow *self,
                                                         double               speed);
double               proprio_review_window_get_speed    (ProprioReviewWindow *self);
/* The views shown; NULL for a stream the session lacks. The video is a ProprioReviewVideo. */
GtkWidget           *proprio_review_window_get_video    (ProprioReviewWindow *self);
GtkWidget           *proprio_review_window_get_cop_view (ProprioReviewWindow *self);
GtkWidget           *proprio_review_window_get_emg_view (ProprioReviewWindow *self);
GtkWidget           *proprio_review_window_get_angle_dial (ProprioReviewWindow *self);
GtkWidget           *proprio_review_window_get_timeline (ProprioReviewWindow *self);
/* The line above the views about what is missing ("The emg recording is missing …"), or NULL. */
const char          *proprio_review_window_get_message  (ProprioReviewWindow *self);

G_END_DECLS
