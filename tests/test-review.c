/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review window on a real store (the report fixture: a static test and an activation drill
 * run by the real engines on the balance and EMG recordings, three exercises stored as results
 * only, and a session whose EMG file has gone): the views show the samples of the instant the
 * clock is at, on one clock; stepping the replay through a condition yields the stored sway
 * figures from what the CoP view shows; the recomputed figures equal the stored ones; playing at
 * 4× moves the clock four times the frame time; a missing recording is a message. */
#include "config.h"

#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>

#include "app/proprio-review-video.h"
#include "app/proprio-review-window.h"
#include "core/proprio-sway.h"
#include "proprio-test-gui.h"
#include "proprio-test-records.h"
#include "proprio-test-report.h"
#include "station/proprio-station.h"
#include "store/proprio-stream-file.h"
#include "video/proprio-camera-private.h"
#include "widgets/proprio-angle-dial.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-review-timeline.h"

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static gboolean
window_loaded (gpointer data)
{
  return g_strcmp0 (proprio_review_window_get_state (data), "loading") != 0;
}

static ProprioReviewWindow *
open_review (ProprioReportFixture *fx,
             const char           *session_id)
{
  ProprioReviewWindow *window = proprio_review_window_new (NULL, fx->store, session_id);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (window_loaded, window, 30000));
  g_assert_cmpstr (proprio_review_window_get_state (window), ==, "review");
  return window;
}

/* The store must not outlive the window's hold on it past the fixture. */
static void
close_review (ProprioReviewWindow *window)
{
  GObject *weak = G_OBJECT (window);

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && weak != NULL; i++)
    proprio_test_wait_ms (10);
  g_assert_null (weak);
}

/* The sample of the instant: the last at or before it. */
static const ProprioSample *
sample_at (const ProprioReviewStream *stream,
           gint64                     t_us)
{
  static ProprioSample sample;
  guint end = proprio_review_upper_bound (stream, t_us);

  g_assert_cmpuint (end, >, 0);
  proprio_review_stream_get_sample (stream, end - 1, &sample);
  return &sample;
}

static ProprioReviewExercise *
find_exercise (ProprioReview *review,
               const char    *id)
{
  for (guint i = 0; i < review->exercises->len; i++)
    {
      ProprioReviewExercise *exercise = review->exercises->pdata[i];

      if (g_str_equal (exercise->stored->exercise_id, id))
        return exercise;
    }
  g_assert_not_reached ();
}

/* Seeking shows, in the CoP view and the EMG view alike, the sample of the instant sought, going
 * forward and going back. */
static void
test_seek_shows_instant (ProprioReportFixture *fx,
                         gconstpointer         data)
{
  ProprioReviewWindow *window = open_review (fx, fx->sessions[1]);
  ProprioReview *review = proprio_review_window_get_review (window);
  ProprioReviewStream *balance = proprio_review_find_stream (review, PROPRIO_STREAM_BALANCE);
  ProprioReviewStream *emg = proprio_review_find_stream (review, PROPRIO_STREAM_EMG);
  ProprioCopView *cop = PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (window));
  ProprioEmgView *emg_view = PROPRIO_EMG_VIEW (proprio_review_window_get_emg_view (window));
  gint64 first = balance->t_us[0];
  const gint64 offsets[] = { 3333000, 7010000, 1250000, 9999999, 4000000 };

  g_assert_nonnull (cop);
  g_assert_nonnull (emg_view);
  g_assert_null (proprio_review_window_get_angle_dial (window));
  g_assert_null (proprio_review_window_get_message (window));
  g_assert_cmpint (proprio_review_window_get_position (window), ==, review->start_us);

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gint64 t = first + offsets[i];
      const ProprioSample *want = sample_at (balance, t);
      gint64 shown_t = 0;
      double x = NAN, y = NAN;

      proprio_review_window_seek (window, t);
      g_assert_cmpint (proprio_review_window_get_position (window), ==, t);
      g_assert_true (proprio_cop_view_get_shown_cop (cop, &shown_t, &x, &y));
      g_assert_cmpint (shown_t, ==, want->t_us);
      g_assert_cmpfloat (x, ==, (float) want->values[PROPRIO_BALANCE_CHANNEL_COP_X]);
      g_assert_cmpfloat (y, ==, (float) want->values[PROPRIO_BALANCE_CHANNEL_COP_Y]);
      g_assert_cmpint (proprio_review_timeline_get_position (
                         PROPRIO_REVIEW_TIMELINE (proprio_review_window_get_timeline (window))),
                       ==, t);
    }

  /* In the drill, 200 s on: the EMG bars show that instant's envelope; the CoP has ended. */
  {
    gint64 t = emg->t_us[0] + 1234567;
    const ProprioSample *want = sample_at (emg, t);

    proprio_review_window_seek (window, t);
    g_assert_cmpint (proprio_emg_view_get_shown_time_us (emg_view), ==, want->t_us);
    /* The view keeps its envelopes as floats. */
    g_assert_cmpfloat_with_epsilon (proprio_emg_view_get_value (emg_view, 0), want->values[2],
                                    1e-5 * want->values[2]);
    g_assert_false (proprio_cop_view_get_shown_cop (cop, NULL, NULL, NULL));
  }

  /* Back to the static test: the view was rebuilt with the seconds before it. */
  {
    gint64 t = first + 6 * G_USEC_PER_SEC + 5000;
    gint64 shown_t = 0;

    proprio_review_window_seek (window, t);
    g_assert_true (proprio_cop_view_get_shown_cop (cop, &shown_t, NULL, NULL));
    g_assert_cmpint (shown_t, ==, sample_at (balance, t)->t_us);
  }

  /* Home and End through the window's own actions. */
  gtk_widget_activate_action (GTK_WIDGET (window), "review.end", NULL);
  g_assert_cmpint (proprio_review_window_get_position (window), ==, review->end_us);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.home", NULL);
  g_assert_cmpint (proprio_review_window_get_position (window), ==, review->start_us);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.step", "x",
                              (gint64) 10 * G_USEC_PER_SEC);
  g_assert_cmpint (proprio_review_window_get_position (window), ==,
                   review->start_us + 10 * G_USEC_PER_SEC);
  close_review (window);
}

/* Stepping the replay sample by sample through each condition and taking what the CoP view
 * shows gives the stored figures: the view shows what was measured, at the time it was. */
static void
test_replay_yields_stored_metrics (ProprioReportFixture *fx,
                                   gconstpointer         data)
{
  ProprioReviewWindow *window = open_review (fx, fx->sessions[1]);
  ProprioReview *review = proprio_review_window_get_review (window);
  ProprioReviewStream *balance = proprio_review_find_stream (review, PROPRIO_STREAM_BALANCE);
  ProprioCopView *cop = PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (window));
  ProprioReviewExercise *st = find_exercise (review, "static-test");
  gint64 first = balance->t_us[0];

  g_assert_cmpuint (st->figures->len, ==, 8);   /* two conditions, four figures each */
  for (guint c = 0; c < 2; c++)
    {
      gint64 start = first + c * 5 * G_USEC_PER_SEC, end = start + 5 * G_USEC_PER_SEC;
      g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
      ProprioSwayMetrics m;
      g_autoptr(GError) error = NULL;
      const ProprioReviewFigure *path = st->figures->pdata[4 * c];
      const ProprioReviewFigure *area = st->figures->pdata[4 * c + 2];

      /* A quarter-period step: every sample is seen, some more than once. */
      for (gint64 now = start; now < end; now += 2500)
        {
          gint64 shown_t;
          double sx, sy;

          proprio_review_window_seek (window, now);
          g_assert_true (proprio_cop_view_get_shown_cop (cop, &shown_t, &sx, &sy));
          if (t->len > 0 && g_array_index (t, gint64, t->len - 1) == shown_t)
            continue;
          g_array_append_val (t, shown_t);
          g_array_append_val (x, sx);
          g_array_append_val (y, sy);
        }
      g_assert_cmpuint (t->len, ==, 500);   /* 5 s at 100 Hz */
      g_assert_true (proprio_sway_compute ((gint64 *) (gpointer) t->data,
                                           (double *) (gpointer) x->data,
                                           (double *) (gpointer) y->data, t->len, 10.0, &m,
                                           &error));
      g_assert_no_error (error);
      /* The view keeps positions as floats: agreement to a part in 10⁵. */
      g_assert_true (g_str_has_suffix (path->label, "path length"));
      g_assert_cmpfloat (fabs (m.path_length_mm - path->stored), <=, 1e-5 * path->stored);
      g_assert_true (g_str_has_suffix (area->label, "ellipse area"));
      g_assert_cmpfloat (fabs (m.ellipse95.area - area->stored), <=, 1e-5 * area->stored);
    }
  close_review (window);
}

/* The side list: the static test and the drill recomputed from the raw streams agree with what
 * was stored, figure by figure; the rest say they are stored figures only. */
static void
test_recomputed_equal_stored (ProprioReportFixture *fx,
                              gconstpointer         data)
{
  ProprioReviewWindow *window = open_review (fx, fx->sessions[1]);
  ProprioReview *review = proprio_review_window_get_review (window);
  const char *checked[] = { "static-test", "activation-drill" };
  guint n_not_checked = 0;

  g_assert_cmpuint (review->exercises->len, ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    {
      ProprioReviewExercise *exercise = find_exercise (review, checked[i]);

      g_assert_cmpint (exercise->check, ==, PROPRIO_REVIEW_AGREES);
      g_assert_cmpuint (exercise->figures->len, >=, 5);
      for (guint k = 0; k < exercise->figures->len; k++)
        {
          const ProprioReviewFigure *figure = exercise->figures->pdata[k];

          g_test_message ("%s: %s stored %.17g recomputed %.17g", checked[i], figure->label,
                          figure->stored, figure->recomputed);
          g_assert_true (figure->agrees);
          if (isnan (figure->stored))
            g_assert_true (isnan (figure->recomputed));
          else
            g_assert_cmpfloat (fabs (figure->stored - figure->recomputed), <=,
                               1e-9 * fabs (figure->stored));
        }
    }
  /* The drill did real work: three reps, each in the band. */
  {
    ProprioReviewExercise *drill = find_exercise (review, "activation-drill");

    g_assert_cmpfloat (((ProprioReviewFigure *) drill->figures->pdata[0])->recomputed, ==, 3);
    g_assert_cmpfloat (((ProprioReviewFigure *) drill->figures->pdata[2])->recomputed, >, 1.0);
  }
  for (guint i = 0; i < review->exercises->len; i++)
    if (((ProprioReviewExercise *) review->exercises->pdata[i])->check ==
        PROPRIO_REVIEW_MISSING_DATA)
      n_not_checked++;
  /* Weight shift, limits of stability, JPS: the fixture stores their figures without a recording
   * under them. */
  g_assert_cmpuint (n_not_checked, ==, 3);
  close_review (window);
}

typedef struct
{
  ProprioReviewWindow *window;
  gint64               first_frame, first_position;
  gint64               last_frame, last_position;
  guint                n_frames;
} FrameLog;

static void
after_paint_cb (GdkFrameClock *clock,
                FrameLog      *log)
{
  gint64 frame = gdk_frame_clock_get_frame_time (clock);
  gint64 position = proprio_review_window_get_position (log->window);

  if (!proprio_review_window_get_playing (log->window))
    return;
  if (log->n_frames++ == 0)
    {
      log->first_frame = frame;
      log->first_position = position;
    }
  log->last_frame = frame;
  log->last_position = position;
}

static gboolean
played_4s (gpointer data)
{
  FrameLog *log = data;

  return log->n_frames > 2 && log->last_position - log->first_position >= 4 * G_USEC_PER_SEC;
}

/* At 4× the clock moves four frame times a frame, and about four seconds a second. */
static void
test_play_4x (ProprioReportFixture *fx,
              gconstpointer         data)
{
  ProprioReviewWindow *window = open_review (fx, fx->sessions[1]);
  ProprioReview *review = proprio_review_window_get_review (window);
  FrameLog log = { window };
  GdkFrameClock *clock;
  gulong handler;
  gint64 wall_start, wall_end;
  double by_frames, by_wall;

  /* [ and ] step through the speeds; the dropdown follows. */
  gtk_widget_activate_action (GTK_WIDGET (window), "review.speed", "i", 1);
  g_assert_cmpfloat (proprio_review_window_get_speed (window), ==, 2.0);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.speed", "i", 1);
  g_assert_cmpfloat (proprio_review_window_get_speed (window), ==, 4.0);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.speed", "i", 1);
  g_assert_cmpfloat (proprio_review_window_get_speed (window), ==, 4.0);
  proprio_review_window_set_speed (window, 0.3);
  g_assert_cmpfloat (proprio_review_window_get_speed (window), ==, 0.25);
  proprio_review_window_set_speed (window, 4.0);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &log);
  proprio_review_window_seek (window, review->start_us);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.toggle-play", NULL);
  g_assert_true (proprio_review_window_get_playing (window));
  g_assert_true (proprio_test_wait_until (played_4s, &log, 20000));
  wall_start = log.first_frame;
  wall_end = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "review.toggle-play", NULL);
  g_assert_false (proprio_review_window_get_playing (window));
  g_signal_handler_disconnect (clock, handler);

  /* Exact to a microsecond a frame: the clock is frame time × speed. */
  by_frames = (double) (log.last_position - log.first_position) /
              (double) (log.last_frame - log.first_frame);
  g_assert_cmpfloat (fabs (by_frames - 4.0), <=, 4.0 * log.n_frames / 1e5);
  /* Against the wall clock, with room for a loaded machine's late frames. */
  by_wall = (double) (log.last_position - log.first_position) /
            (double) (wall_end - wall_start);
  g_test_message ("4x: %.4f by frame time over %u frames, %.3f by the wall clock", by_frames,
                  log.n_frames, by_wall);
  g_assert_cmpfloat (by_wall, >, 2.5);
  g_assert_cmpfloat (by_wall, <=, 4.0 * 1.001);
  /* Paused, it stays. */
  {
    gint64 held = proprio_review_window_get_position (window);

    proprio_test_wait_ms (100);
    g_assert_cmpint (proprio_review_window_get_position (window), ==, held);
  }
  close_review (window);
}

static gboolean
timeline_laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 200;
}

/* Spans for the exercises, ticks for the events, and the tooltip names what is under the
 * pointer. */
static void
test_timeline (ProprioReportFixture *fx,
               gconstpointer         data)
{
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session = proprio_store_get_session_sync (fx->store, fx->sessions[1],
                                                                      &error);
  ProprioReviewWindow *window;
  ProprioReviewTimeline *timeline;
  ProprioReview *review;
  g_autofree char *text = NULL;
  double x;

  g_assert_no_error (error);
  g_ptr_array_add (events, proprio_event_new (session->start_us + 150 * G_USEC_PER_SEC, "mark",
                                              "Patient reports dizziness"));
  g_assert_true (proprio_store_add_events_sync (fx->store, fx->sessions[1], events, &error));
  g_assert_no_error (error);

  window = open_review (fx, fx->sessions[1]);
  review = proprio_review_window_get_review (window);
  timeline = PROPRIO_REVIEW_TIMELINE (proprio_review_window_get_timeline (window));
  g_assert_cmpuint (proprio_review_timeline_get_n_spans (timeline), ==, review->exercises->len);
  g_assert_cmpuint (proprio_review_timeline_get_n_ticks (timeline), ==, review->events->len);
  g_assert_cmpint (proprio_review_timeline_get_start (timeline), ==, review->start_us);
  g_assert_cmpint (proprio_review_timeline_get_end (timeline), ==, review->end_us);
  g_assert_true (proprio_test_wait_until (timeline_laid_out, timeline, 10000));

  g_assert_true (proprio_review_timeline_time_to_x (timeline,
                                                    session->start_us + 150 * G_USEC_PER_SEC,
                                                    &x));
  text = proprio_review_timeline_describe_at (timeline, x + 1);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "Patient reports dizziness"));
  g_assert_nonnull (strstr (text, "2:30"));
  g_clear_pointer (&text, g_free);
  /* Inside the drill's span (200 s on), away from any tick: the span. */
  g_assert_true (proprio_review_timeline_time_to_x (timeline,
                                                    session->start_us + 205 * G_USEC_PER_SEC,
                                                    &x));
  text = proprio_review_timeline_describe_at (timeline, x);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, find_exercise (review, "activation-drill")->stored->title));
  g_clear_pointer (&text, g_free);

  /* A click seeks there. */
  {
    gint64 want;

    g_assert_true (proprio_review_timeline_x_to_time (timeline, x, &want));
    g_signal_emit_by_name (timeline, "seek", want);
    g_assert_cmpint (proprio_review_window_get_position (window), ==, want);
  }
  close_review (window);
}

/* A session whose EMG file is gone: a message that names it, no EMG view, no crash; a session
 * ID the store does not know: the error page. */
static void
test_missing_stream (ProprioReportFixture *fx,
                     gconstpointer         data)
{
  ProprioReviewWindow *window = open_review (fx, fx->sessions[2]);
  const char *message = proprio_review_window_get_message (window);

  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "emg"));
  g_assert_nonnull (strstr (message, "missing"));
  g_assert_null (proprio_review_window_get_emg_view (window));
  g_assert_null (proprio_review_window_get_cop_view (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "review.toggle-play", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "review.end", NULL);
  close_review (window);

  window = proprio_review_window_new (NULL, fx->store, "no-such-session");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (window_loaded, window, 30000));
  g_assert_cmpstr (proprio_review_window_get_state (window), ==, "error");
  close_review (window);
}

/* A video of the session, 10 frames a second for 2 s from `t0`: frame k a flat colour whose red
 * is 40 + 10 k, so a frame on screen tells which it is. Returns the index path. */
static char *
write_video (ProprioReportFixture *fx,
             const char           *session_id,
             gint64                t0)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session = proprio_store_get_session_sync (fx->store, session_id,
                                                                      &error);
  g_autofree char *path = g_build_filename (session->folder, "video.csv", NULL);
  g_autoptr(ProprioVideoWriter) writer = proprio_video_writer_create (path, &error);
  ProprioStreamInfo info = { "video", PROPRIO_STREAM_GENERIC, path, 10.0, (char *) "[]", NULL };

  g_assert_no_error (error);
  for (guint k = 0; k < 20; k++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 48);
      g_autofree char *jpeg = NULL;
      gsize length = 0;

      gdk_pixbuf_fill (pixbuf, ((guint32) (40 + 10 * k) << 24) | (0x30 << 16) | (0x20 << 8));
      g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &length, "jpeg", &error,
                                                "quality", "95", NULL));
      g_assert_no_error (error);
      g_assert_true (proprio_video_writer_append (writer, t0 + k * 100000, (guint8 *) jpeg,
                                                  length, 64, 48, &error));
      g_assert_no_error (error);
    }
  g_assert_true (proprio_video_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (fx->store, session_id, &info, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

typedef struct
{
  ProprioReviewVideo *video;
  guint               index;
} WantFrame;

static gboolean
frame_shown (gpointer data)
{
  WantFrame *want = data;
  guint index;

  return proprio_review_video_get_shown_index (want->video, &index) && index == want->index;
}

static guint
texture_red (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *pixels = g_malloc (4 * w * h);

  gdk_texture_download (texture, pixels, 4 * w);
  /* Cairo's ARGB32 in memory order on little-endian machines: B, G, R, A. */
  return pixels[4 * (w * (h / 2) + w / 2) + 2];
}

/* The video of one instant beside the CoP of the same instant: seeking shows the last frame at
 * or before the clock (decoded off the main thread), forward and back. */
static void
test_video_in_sync (ProprioReportFixture *fx,
                    gconstpointer         data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = proprio_store_list_streams_sync (fx->store, fx->sessions[1],
                                                                  &error);
  const ProprioStreamInfo *balance_info = NULL;
  g_autoptr(GArray) samples = NULL;
  g_auto(GStrv) columns = NULL;
  gint64 first;
  g_autofree char *path = NULL;
  ProprioReviewWindow *window;
  ProprioReviewVideo *video;
  ProprioCopView *cop;
  const gint64 offsets[] = { 1250000, 300000, 1999999, 50000 };

  g_assert_no_error (error);
  for (guint i = 0; i < streams->len; i++)
    if (g_str_equal (((ProprioStreamInfo *) streams->pdata[i])->name, "balance"))
      balance_info = streams->pdata[i];
  g_assert_nonnull (balance_info);
  g_assert_true (proprio_stream_file_read_samples (balance_info->path, &columns, &samples,
                                                   &error));
  first = g_array_index (samples, ProprioSample, 0).t_us;
  path = write_video (fx, fx->sessions[1], first + 2 * G_USEC_PER_SEC);

  window = open_review (fx, fx->sessions[1]);
  video = PROPRIO_REVIEW_VIDEO (proprio_review_window_get_video (window));
  cop = PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (window));
  g_assert_nonnull (video);
  g_assert_null (proprio_review_window_get_message (window));

  /* Before the first frame: none. */
  proprio_review_window_seek (window, first + G_USEC_PER_SEC);
  g_assert_false (proprio_review_video_get_shown_index (video, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      gint64 t = first + 2 * G_USEC_PER_SEC + offsets[i];
      WantFrame want = { video, (guint) (offsets[i] / 100000) };
      gint64 cop_t = 0;
      guint red;

      proprio_review_window_seek (window, t);
      g_assert_true (proprio_test_wait_until (frame_shown, &want, 10000));
      red = texture_red (proprio_review_video_get_texture (video));
      g_test_message ("frame %u: red %u", want.index, red);
      g_assert_cmpint (ABS ((int) red - (int) (40 + 10 * want.index)), <=, 4);
      /* The CoP of the same instant. */
      g_assert_true (proprio_cop_view_get_shown_cop (cop, &cop_t, NULL, NULL));
      g_assert_cmpint (cop_t, <=, t);
      g_assert_cmpint (t - cop_t, <, 10000);
    }

  /* What is on screen: the views really draw (and a picture of it on request). */
  {
    g_autoptr(GdkTexture) shot = NULL;
    const char *out = g_getenv ("PROPRIO_REVIEW_SCREENSHOT");

    gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
    proprio_review_window_seek (window, first + 2 * G_USEC_PER_SEC + 1250000);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    shot = proprio_test_render_widget (GTK_WIDGET (window));
    g_assert_cmpuint (proprio_test_count_colors (shot, 64), >=, 16);
    if (out != NULL)
      g_assert_true (gdk_texture_save_to_png (shot, out));
  }

  g_assert_false (proprio_review_video_get_mirrored (video));
  proprio_review_video_set_mirrored (video, TRUE);
  g_assert_true (proprio_review_video_get_mirrored (video));
  close_review (window);

  /* The frames gone: a message, the rest replays. */
  {
    g_autofree char *mjpeg = proprio_video_file_mjpeg_path (path);
    const char *message;

    g_assert_cmpint (g_unlink (mjpeg), ==, 0);
    window = open_review (fx, fx->sessions[1]);
    message = proprio_review_window_get_message (window);
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, "video"));
    g_assert_null (proprio_review_window_get_video (window));
    g_assert_nonnull (proprio_review_window_get_cop_view (window));
    close_review (window);
  }
}

/* An angle recording drives the dial with the angle of the instant; a gap in it shows none. The
 * session's static test has no balance recording: it says so instead of a figure. */
static void
test_angle_and_no_balance (ProprioReportFixture *fx,
                           gconstpointer         data)
{
  static const ProprioChannelInfo knee = { "knee_deg", "Knee", "deg" };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session = proprio_store_get_session_sync (fx->store, fx->sessions[0],
                                                                      &error);
  g_autofree char *path = g_build_filename (session->folder, "angle.csv", NULL);
  g_autofree char *header = proprio_stream_file_sample_header (&knee, 1);
  g_autofree char *json = proprio_store_channels_to_json (&knee, 1);
  ProprioStreamInfo info = { (char *) "angle", PROPRIO_STREAM_ANGLE, path, 30.0, json, NULL };
  g_autoptr(ProprioStreamFile) sf = proprio_stream_file_create (path, header, &error);
  gint64 t0 = session->start_us + 500000;
  ProprioReviewWindow *window;
  ProprioAngleDial *dial;
  ProprioReviewExercise *st;

  g_assert_no_error (error);
  /* 30 Hz for 10 s, the knee bending 5° a second. */
  for (guint k = 0; k < 300; k++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      ProprioSample s = { .t_us = t0 + k * 33333, .n_channels = 1 };

      s.values[0] = 20.0 + 5.0 * k / 30.0;
      proprio_stream_file_format_sample (line, &s, 1);
      proprio_stream_file_append_line (sf, line->str, line->len);
    }
  g_assert_true (proprio_stream_file_close (sf, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (fx->store, fx->sessions[0], &info, &error));
  g_assert_no_error (error);

  window = open_review (fx, fx->sessions[0]);
  dial = PROPRIO_ANGLE_DIAL (proprio_review_window_get_angle_dial (window));
  g_assert_nonnull (dial);
  g_assert_null (proprio_review_window_get_cop_view (window));
  g_assert_null (proprio_review_window_get_emg_view (window));

  proprio_review_window_seek (window, t0 + 91 * 33333 + 10000);
  g_assert_cmpfloat (proprio_angle_dial_get_angle (dial), ==, 20.0 + 5.0 * 91 / 30.0);
  proprio_review_window_seek (window, t0 + 12 * 33333);
  g_assert_cmpfloat (proprio_angle_dial_get_angle (dial), ==, 20.0 + 5.0 * 12 / 30.0);
  /* A second after the last sample: no angle at that instant. */
  proprio_review_window_seek (window, t0 + 299 * 33333 + G_USEC_PER_SEC);
  g_assert_true (isnan (proprio_angle_dial_get_angle (dial)));

  st = find_exercise (proprio_review_window_get_review (window), "static-test");
  g_assert_cmpint (st->check, ==, PROPRIO_REVIEW_MISSING_DATA);
  g_assert_nonnull (strstr (st->note, "no balance recording"));
  close_review (window);
}

/* A board changed mid-session has its own file (balance-2): the CoP view follows whichever board
 * was recording at the instant, going forward and back. */
static void
test_second_device (ProprioReportFixture *fx,
                    gconstpointer         data)
{
  static const ProprioChannelInfo balance[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSession) session = proprio_store_get_session_sync (fx->store, fx->sessions[1],
                                                                      &error);
  g_autofree char *path = g_build_filename (session->folder, "balance-2.csv", NULL);
  g_autofree char *header = proprio_stream_file_sample_header (balance, 7);
  g_autofree char *json = proprio_store_channels_to_json (balance, 7);
  ProprioStreamInfo info = { (char *) "balance-2", PROPRIO_STREAM_BALANCE, path, 100.0, json,
                             NULL };
  g_autoptr(ProprioStreamFile) sf = proprio_stream_file_create (path, header, &error);
  gint64 t0 = session->start_us + 30 * G_USEC_PER_SEC;
  ProprioReviewWindow *window;
  ProprioCopView *cop;
  ProprioReviewStream *first;
  double x = NAN;

  g_assert_no_error (error);
  for (guint k = 0; k < 200; k++)
    {
      g_autoptr(GString) line = g_string_new (NULL);
      ProprioSample s = { .t_us = t0 + k * 10000, .n_channels = 7,
                          .values = { 18, 18, 18, 18, 72, 77.0, -12.5 } };

      proprio_stream_file_format_sample (line, &s, 7);
      proprio_stream_file_append_line (sf, line->str, line->len);
    }
  g_assert_true (proprio_stream_file_close (sf, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (fx->store, fx->sessions[1], &info, &error));
  g_assert_no_error (error);

  window = open_review (fx, fx->sessions[1]);
  cop = PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (window));
  first = proprio_review_find_stream (proprio_review_window_get_review (window),
                                      PROPRIO_STREAM_BALANCE);
  g_assert_cmpstr (first->name, ==, "balance");

  proprio_review_window_seek (window, t0 + 505000);
  g_assert_true (proprio_cop_view_get_shown_cop (cop, NULL, &x, NULL));
  g_assert_cmpfloat (x, ==, 77.0);
  proprio_review_window_seek (window, first->t_us[300]);
  g_assert_true (proprio_cop_view_get_shown_cop (cop, NULL, &x, NULL));
  g_assert_cmpfloat (x, ==, (float) first->values[300 * 7 + PROPRIO_BALANCE_CHANNEL_COP_X]);
  close_review (window);
}

/* --- a session recorded with the real station, camera and recorder --- */

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

typedef struct
{
  ProprioSessionController *controller;
  ProprioStation           *station;
} Recording;

static gboolean
recorded_enough (gpointer data)
{
  Recording *r = data;

  return proprio_session_controller_get_video_frames (r->controller) >= 30;
}

/* A session recorded as the app records one (the simulated board, GStreamer's test pattern as
 * the camera, the session's recorder and video recorder), reviewed: the video frame and the CoP
 * shown are those of the instant the clock is at, on the one clock. */
static void
test_recorded_session_in_sync (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("proprio-review-rec-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "records", NULL);
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioSessionController) controller = NULL;
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("V-1");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  ProprioCamera *camera = proprio_station_get_camera (station);
  ProprioReviewWindow *window;
  ProprioReview *review;
  ProprioReviewStream *balance;
  ProprioReviewVideo *video;
  Recording r;

  proprio_station_set_sound_enabled (station, FALSE);
  g_assert_true (proprio_station_set_device_spec (station, "sim:balance", &error));
  g_assert_true (proprio_camera_set_spec (camera, "test?size=640x360&fps=30", &error));
  g_assert_no_error (error);
  controller = proprio_session_controller_new (station, data_dir);
  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  g_assert_true (proprio_store_save_patient_sync (proprio_session_controller_get_store (controller),
                                                  patient, FALSE, &error));
  g_assert_true (proprio_session_controller_set_patient (controller, patient, &error));
  g_assert_no_error (error);

  proprio_station_hold_camera (station);
  _proprio_camera_settle (camera);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
  proprio_session_controller_begin_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  g_assert_true (proprio_session_controller_begin_session_finish (controller, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  r = (Recording) { controller, station };
  g_assert_true (proprio_records_wait (recorded_enough, &r, 60000));
  proprio_session_controller_end_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  session = proprio_session_controller_end_session_finish (controller, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  proprio_station_release_camera (station);

  window = proprio_review_window_new (NULL, proprio_session_controller_get_store (controller),
                                      session->id);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (window_loaded, window, 30000));
  g_assert_cmpstr (proprio_review_window_get_state (window), ==, "review");
  review = proprio_review_window_get_review (window);
  balance = proprio_review_find_stream (review, PROPRIO_STREAM_BALANCE);
  video = PROPRIO_REVIEW_VIDEO (proprio_review_window_get_video (window));
  g_assert_nonnull (balance);
  g_assert_nonnull (video);
  g_assert_cmpuint (proprio_video_file_get_n_frames (review->video), >=, 30);

  for (guint k = 5; k + 1 < proprio_video_file_get_n_frames (review->video); k += 6)
    {
      /* Halfway between two frames: the earlier one is the frame of that instant. */
      gint64 t = (proprio_video_file_get_time (review->video, k) +
                  proprio_video_file_get_time (review->video, k + 1)) / 2;
      WantFrame want = { video, k };
      gint64 cop_t = 0;
      guint end = proprio_review_upper_bound (balance, t);

      proprio_review_window_seek (window, t);
      g_assert_true (proprio_test_wait_until (frame_shown, &want, 10000));
      g_assert_cmpuint (end, >, 0);
      g_assert_true (proprio_cop_view_get_shown_cop (
                       PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (window)), &cop_t,
                       NULL, NULL));
      g_assert_cmpint (cop_t, ==, balance->t_us[end - 1]);
      g_assert_cmpint (cop_t, <=, t);
      g_test_message ("instant %+.3f s: frame %u at %+.3f s, CoP at %+.3f s",
                      (t - review->start_us) / 1e6, k,
                      (proprio_video_file_get_time (review->video, k) - review->start_us) / 1e6,
                      (cop_t - review->start_us) / 1e6);
    }
  close_review (window);
  g_clear_object (&controller);
  g_clear_object (&station);
  nftw (tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int
main (int    argc,
      char **argv)
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
#define ADD(path, func) \
  g_test_add (path, ProprioReportFixture, NULL, proprio_report_fixture_set_up, func, \
              proprio_report_fixture_tear_down)
  ADD ("/review/seek-shows-the-instant-in-every-view", test_seek_shows_instant);
  ADD ("/review/replay-through-the-views-yields-the-stored-metrics",
       test_replay_yields_stored_metrics);
  ADD ("/review/recomputed-figures-equal-the-stored", test_recomputed_equal_stored);
  ADD ("/review/play-at-4x-moves-the-clock-4x", test_play_4x);
  ADD ("/review/timeline-spans-ticks-and-tooltips", test_timeline);
  ADD ("/review/missing-stream-is-a-message", test_missing_stream);
  ADD ("/review/video-and-cop-of-one-instant", test_video_in_sync);
  ADD ("/review/angle-dial-and-no-balance-recording", test_angle_and_no_balance);
  ADD ("/review/second-board-mid-session", test_second_device);
#undef ADD
  g_test_add_func ("/review/recorded-session-video-and-cop-in-sync",
                   test_recorded_session_in_sync);
  return g_test_run ();
}
