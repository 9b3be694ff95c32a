/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-review-video.h"
#include "proprio-review-window.h"
#include "widgets/proprio-angle-dial.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-review-timeline.h"

G_BEGIN_DECLS

/* Where a view's replay stands: the samples of its stream pushed so far end at `end` (an index),
 * for the clock at `position`. */
typedef struct
{
  ProprioReviewStream *stream;
  guint                end;
  gint64               position;
  gboolean             primed;
} ReviewFeed;

struct _ProprioReviewWindow
{
  AdwWindow            parent_instance;

  ProprioStore        *store;
  char                *session_id;
  ProprioReview       *review;
  GCancellable        *cancellable;

  /* The replay clock. */
  gint64               position_us;
  gboolean             playing;
  guint                speed_index;
  guint                tick_id;
  gint64               last_frame_us;   /* 0: the next frame starts the count */

  GArray              *scratch;         /* ProprioSample: what is pushed to a view at once */
  ReviewFeed           cop_feed;
  ReviewFeed           emg_feed;
  ReviewFeed           angle_feed;

  AdwWindowTitle      *title;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *message;
  GtkBox              *views;
  ProprioReviewVideo  *video;
  ProprioCopView      *cop_view;
  ProprioEmgView      *emg_view;
  ProprioAngleDial    *angle_dial;
  ProprioReviewTimeline *timeline;
  GtkButton           *play_button;
  GtkLabel            *time_label;
  GtkLabel            *event_label;
  GtkDropDown         *speed_dropdown;
  GtkListBox          *exercises;
};

/* proprio-review-window-replay.c: the clock and the views it drives. */
void _proprio_review_window_build_views   (ProprioReviewWindow *self);
void _proprio_review_window_show_instant  (ProprioReviewWindow *self);
void _proprio_review_window_install_keys  (GtkWidgetClass      *widget_class);
void _proprio_review_window_add_key_controller (ProprioReviewWindow *self);
void _proprio_review_window_stop_ticking  (ProprioReviewWindow *self);

/* proprio-review-window-figures.c: the exercises beside the views. */
void _proprio_review_window_fill_exercises (ProprioReviewWindow *self);

G_END_DECLS
