/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review"

#include "config.h"

#include "proprio-review.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-report-json.h"
#include "proprio-review-private.h"
#include "store/proprio-stream-file.h"

static void
stream_free (gpointer data)
{
  ProprioReviewStream *stream = data;

  g_free (stream->name);
  g_free (stream->path);
  g_strfreev (stream->columns);
  g_strfreev (stream->labels);
  g_clear_pointer (&stream->samples, g_array_unref);
  g_free (stream->problem);
  g_free (stream);
}

void
_proprio_review_figure_free (gpointer data)
{
  ProprioReviewFigure *figure = data;

  g_free (figure->label);
  g_free (figure->unit);
  g_free (figure);
}

static void
exercise_free (gpointer data)
{
  ProprioReviewExercise *exercise = data;

  g_clear_pointer (&exercise->stored, proprio_stored_exercise_free);
  g_clear_pointer (&exercise->figures, g_ptr_array_unref);
  g_free (exercise->note);
  g_free (exercise);
}

static void
review_clear (gpointer data)
{
  ProprioReview *self = data;

  g_clear_pointer (&self->session, proprio_session_free);
  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->exercises, g_ptr_array_unref);
  g_free (self->video_path);
  g_clear_pointer (&self->video, proprio_video_file_free);
  g_free (self->video_problem);
}

ProprioReview *
proprio_review_ref (ProprioReview *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
proprio_review_unref (ProprioReview *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, review_clear);
}

gboolean
proprio_review_figures_agree (double stored,
                              double recomputed)
{
  if (isnan (stored) || isnan (recomputed))
    return isnan (stored) && isnan (recomputed);
  if (stored == recomputed)
    return TRUE;
  return fabs (stored - recomputed) <= PROPRIO_REVIEW_TOLERANCE * MAX (fabs (stored),
                                                                      fabs (recomputed));
}

guint
proprio_review_upper_bound (const ProprioReviewStream *stream,
                            gint64                     t_us)
{
  guint lo = 0, hi;

  g_return_val_if_fail (stream != NULL, 0);
  if (stream->samples == NULL)
    return 0;
  hi = stream->samples->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (stream->samples, ProprioSample, mid).t_us <= t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

ProprioReviewStream *
proprio_review_find_stream (ProprioReview     *self,
                            ProprioStreamKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->streams->len; i++)
    {
      ProprioReviewStream *stream = self->streams->pdata[i];

      if (stream->kind == kind && stream->samples != NULL && stream->samples->len > 0)
        return stream;
    }
  return NULL;
}

/* The channel list [{"name","label","unit"}…] gives each column its label. */
static GStrv
column_labels (GStrv       columns,
               const char *channels_json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root = NULL;
  JsonArray *channels = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  if (channels_json != NULL && json_parser_load_from_data (parser, channels_json, -1, NULL))
    root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    channels = json_node_get_array (root);
  for (guint i = 0; columns[i] != NULL; i++)
    {
      const char *label = NULL;

      for (guint k = 0; channels != NULL && k < json_array_get_length (channels); k++)
        {
          JsonObject *channel = proprio_json_array_object (channels, k);

          if (g_strcmp0 (proprio_json_member_string (channel, "name"), columns[i]) == 0)
            label = proprio_json_member_string (channel, "label");
        }
      g_strv_builder_add (labels, label != NULL && *label != '\0' ? label : columns[i]);
    }
  return g_strv_builder_end (labels);
}

static ProprioReviewStream *
read_stream (const ProprioStreamInfo *info)
{
  ProprioReviewStream *stream = g_new0 (ProprioReviewStream, 1);
  g_autoptr(GError) error = NULL;

  stream->name = g_strdup (info->name);
  stream->kind = info->kind;
  stream->path = g_strdup (info->path);
  if (!g_file_test (info->path, G_FILE_TEST_EXISTS))
    /* Translators: %s is a stream's name ("balance", "emg") */
    stream->problem = g_strdup_printf (_("The %s recording is missing from the session’s "
                                         "folder: it cannot be replayed"), info->name);
  else if (!proprio_stream_file_read_samples (info->path, &stream->columns, &stream->samples,
                                              &error))
    /* Translators: the first %s is a stream's name ("balance"), the second why */
    stream->problem = g_strdup_printf (_("The %s recording cannot be read: %s"), info->name,
                                       error->message);
  if (stream->columns != NULL)
    stream->labels = column_labels (stream->columns, info->channels_json);
  if (stream->problem == NULL && stream->samples->len == 0)
    /* Translators: %s is a stream's name ("balance", "emg") */
    stream->problem = g_strdup_printf (_("The %s recording holds no samples"), info->name);
  return stream;
}

/* Opening checks every index line against the frames: part of the loading, off the main thread. */
static void
open_video (ProprioReview *self)
{
  g_autoptr(GError) error = NULL;
  ProprioVideoFile *video = proprio_video_file_open (self->video_path, &error);
  guint n;

  if (video == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        self->video_problem = g_strdup (_("The video is missing from the session’s folder: it "
                                          "cannot be replayed"));
      else
        /* Translators: %s says why */
        self->video_problem = g_strdup_printf (_("The video cannot be read: %s"),
                                               error->message);
      return;
    }
  n = proprio_video_file_get_n_frames (video);
  if (n == 0)
    {
      self->video_problem = g_strdup (_("The video holds no frames"));
      proprio_video_file_free (video);
      return;
    }
  self->video = video;
  self->start_us = MIN (self->start_us, proprio_video_file_get_time (video, 0));
  self->end_us = MAX (self->end_us, proprio_video_file_get_time (video, n - 1));
}

ProprioReview *
proprio_review_load (ProprioStore  *store,
                     const char    *session_id,
                     GError       **error)
{
  g_autoptr(ProprioReview) self = g_atomic_rc_box_new0 (ProprioReview);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  g_return_val_if_fail (PROPRIO_IS_STORE (store), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  self->session = proprio_store_get_session_sync (store, session_id, error);
  if (self->session == NULL)
    return NULL;
  infos = proprio_store_list_streams_sync (store, session_id, error);
  if (infos == NULL)
    return NULL;
  stored = proprio_store_list_exercises_sync (store, session_id, error);
  if (stored == NULL)
    return NULL;
  self->events = proprio_store_list_events_sync (store, session_id, NULL);
  if (self->events == NULL)
    /* The events are a help to find one's way, not what the review stands on. */
    self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);

  self->start_us = self->session->start_us;
  self->end_us = self->session->end_us;
  self->streams = g_ptr_array_new_with_free_func (stream_free);
  for (guint i = 0; i < infos->len; i++)
    {
      const ProprioStreamInfo *info = infos->pdata[i];
      ProprioReviewStream *stream;

      if (g_str_equal (info->name, "video"))
        {
          g_free (self->video_path);
          self->video_path = g_strdup (info->path);
          continue;
        }
      stream = read_stream (info);
      g_ptr_array_add (self->streams, stream);
      if (stream->samples != NULL && stream->samples->len > 0)
        {
          /* A session still open (or cut by a crash) ends with its data, not at 0. */
          gint64 first = g_array_index (stream->samples, ProprioSample, 0).t_us;
          gint64 last = g_array_index (stream->samples, ProprioSample,
                                       stream->samples->len - 1).t_us;

          self->start_us = MIN (self->start_us, first);
          self->end_us = MAX (self->end_us, last);
        }
    }
  for (guint i = 0; i < self->events->len; i++)
    {
      const ProprioEvent *event = self->events->pdata[i];

      self->end_us = MAX (self->end_us, event->t_us);
    }
  if (self->video_path != NULL)
    open_video (self);

  self->exercises = g_ptr_array_new_with_free_func (exercise_free);
  for (guint i = 0; i < stored->len; i++)
    {
      ProprioReviewExercise *exercise = g_new0 (ProprioReviewExercise, 1);

      exercise->stored = proprio_stored_exercise_copy (stored->pdata[i]);
      exercise->figures = g_ptr_array_new_with_free_func (_proprio_review_figure_free);
      self->end_us = MAX (self->end_us, exercise->stored->end_us);
      _proprio_review_recompute (self, exercise);
      g_ptr_array_add (self->exercises, exercise);
    }
  if (self->end_us <= self->start_us)
    self->end_us = self->start_us + G_USEC_PER_SEC;
  return g_steal_pointer (&self);
}
