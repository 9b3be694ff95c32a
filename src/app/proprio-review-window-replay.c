/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review-window"

/* The replay clock and the views it drives: each frame while playing, the clock moves by the
 * frame time that passed times the speed, and every view is brought to that one instant from the
 * stream files' samples (the same push and display-time calls the live pages and the Mirror
 * page's delayed replay use). */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-review-window-private.h"

/* A jump forward further than this rebuilds a view rather than pushing every sample between. */
#define REBUILD_JUMP_US (20 * G_USEC_PER_SEC)
/* An angle older than this at the instant shown is not shown as the angle of that instant. */
#define ANGLE_MAX_AGE_US (G_USEC_PER_SEC / 2)

/* --- the views --- */

static GtkWidget *
view_card (const char *title,
           GtkWidget  *view)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_box_append (GTK_BOX (card), label);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_box_append (GTK_BOX (card), view);
  gtk_widget_set_margin_start (card, 6);
  gtk_widget_set_margin_end (card, 6);
  gtk_widget_set_margin_top (card, 6);
  return card;
}

static void
build_emg_channels (ProprioReviewWindow *self,
                    ProprioReviewStream *stream)
{
  guint raw[PROPRIO_EMG_VIEW_MAX_CHANNELS], envelope[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  char *names[PROPRIO_EMG_VIEW_MAX_CHANNELS] = { NULL };
  gboolean units_uv[PROPRIO_EMG_VIEW_MAX_CHANNELS] = { FALSE };
  guint n_columns = g_strv_length (stream->columns), n = 0;

  /* The EMG stage appends "<name>_env" per electrode after the raw channels: a bar each. */
  for (guint i = 0; i < n_columns && n < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    if (g_str_has_suffix (stream->columns[i], "_env"))
      {
        g_autofree char *base = g_strndup (stream->columns[i], strlen (stream->columns[i]) - 4);

        raw[n] = G_MAXUINT;
        for (guint j = 0; j < n_columns; j++)
          if (g_str_equal (stream->columns[j], base))
            raw[n] = j;
        envelope[n] = i;
        names[n] = g_strdup (raw[n] != G_MAXUINT ? stream->labels[raw[n]] : base);
        units_uv[n] = g_str_has_suffix (base, "_uv");
        n++;
      }
  /* An envelope-only board (MyoWare) records its envelopes as they are. */
  for (guint i = 0; n == 0 && i < n_columns && i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      raw[i] = G_MAXUINT;
      envelope[i] = i;
      names[i] = g_strdup (stream->labels[i]);
      units_uv[i] = g_str_has_suffix (stream->columns[i], "_uv");
      if (i + 1 == MIN (n_columns, PROPRIO_EMG_VIEW_MAX_CHANNELS))
        n = i + 1;
    }
  proprio_emg_view_set_channels (self->emg_view, n, raw, envelope);
  for (guint i = 0; i < n; i++)
    {
      proprio_emg_view_set_channel_name (self->emg_view, i, names[i]);
      /* Columns carry their unit ("ch1_uv"): anything but µV is shown as a bare number. */
      proprio_emg_view_set_channel_unit (self->emg_view, i, units_uv[i] ? NULL : "");
      g_clear_pointer (&names[i], g_free);
    }
}

void
_proprio_review_window_build_views (ProprioReviewWindow *self)
{
  ProprioReview *review = self->review;
  ProprioReviewStream *balance = proprio_review_find_stream (review, PROPRIO_STREAM_BALANCE);
  ProprioReviewStream *emg = proprio_review_find_stream (review, PROPRIO_STREAM_EMG);
  ProprioReviewStream *angle = proprio_review_find_stream (review, PROPRIO_STREAM_ANGLE);

  if (review->video != NULL)
    {
      GtkWidget *card, *mirror;

      self->video = PROPRIO_REVIEW_VIDEO (proprio_review_video_new (review));
      card = view_card (_("Video"), GTK_WIDGET (self->video));
      /* The frames are kept as they were shown (mirrored when the camera mirrored), so as
       * recorded is the default; a mirror image is one click away. */
      mirror = gtk_toggle_button_new_with_mnemonic (_("_Mirror"));
      gtk_widget_set_tooltip_text (mirror, _("Show the video as a mirror image"));
      gtk_widget_set_halign (mirror, GTK_ALIGN_END);
      gtk_widget_add_css_class (mirror, "flat");
      g_object_bind_property (mirror, "active", self->video, "mirrored", G_BINDING_DEFAULT);
      gtk_box_append (GTK_BOX (card), mirror);
      gtk_box_append (self->views, card);
    }
  if (balance != NULL)
    {
      self->cop_view = PROPRIO_COP_VIEW (proprio_cop_view_new ());
      proprio_cop_view_set_hint (self->cop_view, _("No centre of pressure at this instant"));
      /* Quiet standing sways a few millimetres: zoomed to it, as the Balance page does. */
      proprio_cop_view_set_auto_zoom (self->cop_view, TRUE);
      self->cop_feed.stream = balance;
      gtk_box_append (self->views, view_card (_("Centre of Pressure"),
                                              GTK_WIDGET (self->cop_view)));
    }
  if (emg != NULL)
    {
      self->emg_view = PROPRIO_EMG_VIEW (proprio_emg_view_new ());
      build_emg_channels (self, emg);
      proprio_emg_view_set_hint (self->emg_view, _("No muscle activity at this instant"));
      self->emg_feed.stream = emg;
      gtk_box_append (self->views, view_card (_("Muscles"), GTK_WIDGET (self->emg_view)));
    }
  if (angle != NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      self->angle_dial = PROPRIO_ANGLE_DIAL (proprio_angle_dial_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->angle_dial), TRUE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->angle_dial));
      self->angle_feed.stream = angle;
      gtk_box_append (self->views, view_card (_("Joint Angle"), box));
    }
  if (balance == NULL && emg == NULL && angle == NULL && review->video == NULL)
    {
      GtkWidget *page = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "dialog-information-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Nothing to Replay"));
      adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                       _("No recording of this session can be read. Its "
                                         "exercises and their stored figures are listed."));
      gtk_widget_set_hexpand (page, TRUE);
      gtk_box_append (self->views, page);
    }

  proprio_review_timeline_set_range (self->timeline, review->start_us, review->end_us);
  proprio_review_timeline_clear_marks (self->timeline);
  for (guint i = 0; i < review->exercises->len; i++)
    {
      const ProprioReviewExercise *exercise = review->exercises->pdata[i];

      proprio_review_timeline_add_span (self->timeline, exercise->stored->start_us,
                                        exercise->stored->end_us, exercise->stored->title);
    }
  for (guint i = 0; i < review->events->len; i++)
    {
      const ProprioEvent *event = review->events->pdata[i];
      g_autofree char *text = g_strdup_printf ("%s %s", event->kind,
                                               event->text != NULL ? event->text : "");

      proprio_review_timeline_add_tick (self->timeline, event->t_us, g_strstrip (text));
    }
}

/* --- bringing the views to the instant --- */

/* Pushes what `feed`'s view lacks up to `position`: the new samples when the clock moved forward
 * a little, else (a seek back, or far ahead) the last `back_us` before it, from a cleared view. */
static gboolean
feed_range (ReviewFeed *feed,
            gint64      position,
            gint64      back_us,
            guint      *start,
            guint      *end)
{
  gboolean rebuild = !feed->primed || position < feed->position ||
                     position - feed->position > REBUILD_JUMP_US;

  *end = proprio_review_upper_bound (feed->stream, position);
  *start = rebuild ? proprio_review_upper_bound (feed->stream, position - back_us) : feed->end;
  *start = MIN (*start, *end);
  feed->end = *end;
  feed->position = position;
  feed->primed = TRUE;
  return rebuild;
}

/* Samples [start, end) of `feed`'s stream in the window's scratch array, as a view takes them. */
static const ProprioSample *
samples_at (ProprioReviewWindow *self,
            ReviewFeed          *feed,
            guint                start,
            guint                end)
{
  g_array_set_size (self->scratch, end - start);
  for (guint i = start; i < end; i++)
    proprio_review_stream_get_sample (feed->stream, i,
                                      &g_array_index (self->scratch, ProprioSample, i - start));
  return (const ProprioSample *) (gpointer) self->scratch->data;
}

/* A device changed mid-session has a file of its own ("balance-2"): the stream of `kind` that had
 * begun by `position` (the latest such), else the first. TRUE when the feed moved to another. */
static gboolean
follow_stream (ProprioReviewWindow *self,
               ReviewFeed          *feed,
               ProprioStreamKind    kind)
{
  ProprioReviewStream *best = NULL;

  for (guint i = 0; i < self->review->streams->len; i++)
    {
      ProprioReviewStream *stream = self->review->streams->pdata[i];

      if (stream->kind != kind || stream->n_samples == 0)
        continue;
      if (best == NULL || stream->t_us[0] <= self->position_us)
        best = stream;
    }
  if (best == NULL || best == feed->stream)
    return FALSE;
  feed->stream = best;
  feed->primed = FALSE;
  return TRUE;
}

static void
show_cop (ProprioReviewWindow *self)
{
  gint64 back_us = (gint64) ((MAX (proprio_cop_view_get_trail_seconds (self->cop_view),
                                   proprio_cop_view_get_ellipse_seconds (self->cop_view)) + 1.0)
                             * G_USEC_PER_SEC);
  guint start, end;

  follow_stream (self, &self->cop_feed, PROPRIO_STREAM_BALANCE);
  if (feed_range (&self->cop_feed, self->position_us, back_us, &start, &end))
    proprio_cop_view_clear (self->cop_view);
  if (end > start)
    proprio_cop_view_push (self->cop_view, samples_at (self, &self->cop_feed, start, end),
                           end - start);
  /* 0 would mean "live": a recording never starts at the clock's origin, but be sure. */
  proprio_cop_view_set_display_time_us (self->cop_view, MAX (self->position_us, 1));
}

static void
show_emg (ProprioReviewWindow *self)
{
  gint64 back_us = (gint64) ((proprio_emg_view_get_history_s (self->emg_view) + 1.0)
                             * G_USEC_PER_SEC);
  guint start, end;

  if (follow_stream (self, &self->emg_feed, PROPRIO_STREAM_EMG))
    build_emg_channels (self, self->emg_feed.stream);
  if (feed_range (&self->emg_feed, self->position_us, back_us, &start, &end))
    proprio_emg_view_clear (self->emg_view);
  if (end > start)
    proprio_emg_view_push (self->emg_view, samples_at (self, &self->emg_feed, start, end),
                           end - start);
  proprio_emg_view_set_display_time_us (self->emg_view, MAX (self->position_us, 1));
}

static void
show_angle (ProprioReviewWindow *self)
{
  guint end;
  double angle = NAN;

  follow_stream (self, &self->angle_feed, PROPRIO_STREAM_ANGLE);
  end = proprio_review_upper_bound (self->angle_feed.stream, self->position_us);

  if (end > 0)
    {
      const ProprioReviewStream *stream = self->angle_feed.stream;

      if (self->position_us - stream->t_us[end - 1] <= ANGLE_MAX_AGE_US &&
          stream->n_channels > 0)
        angle = stream->values[(gsize) (end - 1) * stream->n_channels];
    }
  proprio_angle_dial_set_angle (self->angle_dial, angle);
}

static char *
format_clock (gint64 us,
              gboolean tenths)
{
  gint64 ds = MAX (us, 0) / (G_USEC_PER_SEC / 10);
  int s = (int) (ds / 10);

  if (!tenths)
    return g_strdup_printf ("%d:%02d", s / 60, s % 60);
  return g_strdup_printf ("%d:%02d.%d", s / 60, s % 60, (int) (ds % 10));
}

static void
show_event (ProprioReviewWindow *self)
{
  GPtrArray *events = self->review->events;
  const ProprioEvent *last = NULL;
  guint lo = 0, hi = events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (((const ProprioEvent *) events->pdata[mid])->t_us <= self->position_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0)
    last = events->pdata[lo - 1];
  if (last == NULL)
    gtk_label_set_label (self->event_label, "");
  else
    {
      g_autofree char *at = format_clock (last->t_us - self->review->start_us, FALSE);
      /* Translators: the last event before the play head: its time, kind and text */
      g_autofree char *text = g_strdup_printf (_("Last event: %s  %s %s"), at, last->kind,
                                               last->text != NULL ? last->text : "");

      gtk_label_set_label (self->event_label, text);
    }
}

void
_proprio_review_window_show_instant (ProprioReviewWindow *self)
{
  g_autofree char *elapsed = NULL;

  if (self->review == NULL)
    return;
  if (self->video != NULL)
    proprio_review_video_show_time (self->video, self->position_us);
  if (self->cop_view != NULL)
    show_cop (self);
  if (self->emg_view != NULL)
    show_emg (self);
  if (self->angle_dial != NULL)
    show_angle (self);
  proprio_review_timeline_set_position (self->timeline, self->position_us);
  elapsed = format_clock (self->position_us - self->review->start_us, TRUE);
  gtk_label_set_label (self->time_label, elapsed);
  show_event (self);
}

/* --- the clock --- */

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);
  gint64 frame_us = gdk_frame_clock_get_frame_time (clock);
  double speed = proprio_review_speeds[self->speed_index];

  if (self->last_frame_us != 0 && frame_us > self->last_frame_us)
    self->position_us += (gint64) llround ((double) (frame_us - self->last_frame_us) * speed);
  self->last_frame_us = frame_us;
  if (self->position_us >= self->review->end_us)
    {
      self->position_us = self->review->end_us;
      _proprio_review_window_show_instant (self);
      self->tick_id = 0;
      proprio_review_window_set_playing (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  _proprio_review_window_show_instant (self);
  return G_SOURCE_CONTINUE;
}

void
_proprio_review_window_stop_ticking (ProprioReviewWindow *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  self->last_frame_us = 0;
}

void
proprio_review_window_set_playing (ProprioReviewWindow *self,
                                   gboolean             playing)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_WINDOW (self));

  playing = playing && self->review != NULL;
  if (playing && self->position_us >= self->review->end_us)
    proprio_review_window_seek (self, self->review->start_us);   /* play again from the start */
  if (playing == self->playing && (playing == (self->tick_id != 0)))
    return;
  self->playing = playing;
  if (playing && self->tick_id == 0)
    {
      self->last_frame_us = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
    }
  else if (!playing)
    _proprio_review_window_stop_ticking (self);
  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
}

void
proprio_review_window_seek (ProprioReviewWindow *self,
                            gint64               t_us)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_WINDOW (self));
  if (self->review == NULL)
    return;
  self->position_us = CLAMP (t_us, self->review->start_us, self->review->end_us);
  /* Playing on from the new place: the next frame counts from itself. */
  self->last_frame_us = 0;
  _proprio_review_window_show_instant (self);
}

/* --- keys --- */

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);

  proprio_review_window_set_playing (self, !self->playing);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);

  proprio_review_window_seek (self, self->position_us + g_variant_get_int64 (parameter));
}

static void
home_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);

  proprio_review_window_seek (self, G_MININT64);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);

  proprio_review_window_seek (self, G_MAXINT64);
}

static void
speed_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (widget);
  int index = (int) self->speed_index + g_variant_get_int32 (parameter);

  index = CLAMP (index, 0, PROPRIO_REVIEW_N_SPEEDS - 1);
  proprio_review_window_set_speed (self, proprio_review_speeds[index]);
}

void
_proprio_review_window_install_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "review.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_install_action (widget_class, "review.step", "x", step_action);
  gtk_widget_class_install_action (widget_class, "review.home", NULL, home_action);
  gtk_widget_class_install_action (widget_class, "review.end", NULL, end_action);
  gtk_widget_class_install_action (widget_class, "review.speed", "i", speed_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
add_key (GtkShortcutController *controller,
         const char            *accelerator,
         const char            *action,
         GVariant              *arguments)
{
  GtkShortcutTrigger *trigger = gtk_shortcut_trigger_parse_string (accelerator);
  GtkShortcut *shortcut;

  /* A typo here is a key that silently does nothing: the tests run with fatal warnings. */
  g_warn_if_fail (trigger != NULL);
  shortcut = gtk_shortcut_new (trigger, gtk_named_action_new (action));

  if (arguments != NULL)
    gtk_shortcut_set_arguments (shortcut, arguments);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* The replay's keys are the window's: taken before any widget, so a button or the speed list
 * that kept the focus after a click cannot swallow Space or the arrows. */
void
_proprio_review_window_add_key_controller (ProprioReviewWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_key (keys, "space", "review.toggle-play", NULL);
  add_key (keys, "Left", "review.step", g_variant_new_int64 (-G_USEC_PER_SEC));
  add_key (keys, "Right", "review.step", g_variant_new_int64 (G_USEC_PER_SEC));
  add_key (keys, "<Shift>Left", "review.step", g_variant_new_int64 (-10 * G_USEC_PER_SEC));
  add_key (keys, "<Shift>Right", "review.step", g_variant_new_int64 (10 * G_USEC_PER_SEC));
  add_key (keys, "Home", "review.home", NULL);
  add_key (keys, "End", "review.end", NULL);
  add_key (keys, "bracketleft", "review.speed", g_variant_new_int32 (-1));
  add_key (keys, "bracketright", "review.speed", g_variant_new_int32 (1));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
