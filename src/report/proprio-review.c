/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review"

#include "config.h"

#include "proprio-review.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-report-json.h"
#include "proprio-review-private.h"
#include "store/proprio-stream-file.h"
#include "store/proprio-video-recorder.h"

static void
stream_free (gpointer data)
{
  ProprioReviewStream *stream = data;

  g_free (stream->name);
  g_free (stream->path);
  g_strfreev (stream->columns);
  g_strfreev (stream->labels);
  g_free (stream->t_us);
  g_free (stream->flags);
  g_free (stream->values);
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
  hi = stream->n_samples;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (stream->t_us[mid] <= t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
proprio_review_stream_get_sample (const ProprioReviewStream *stream,
                                  guint                      index,
                                  ProprioSample             *sample)
{
  guint n;

  g_return_if_fail (stream != NULL && sample != NULL);
  g_return_if_fail (index < stream->n_samples);
  n = MIN (stream->n_channels, PROPRIO_MAX_CHANNELS);
  sample->t_us = stream->t_us[index];
  sample->flags = stream->flags[index];
  sample->n_channels = n;
  sample->reserved = 0;
  memcpy (sample->values, stream->values + (gsize) index * stream->n_channels,
          n * sizeof (double));
}

ProprioReviewStream *
proprio_review_find_stream (ProprioReview     *self,
                            ProprioStreamKind  kind)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint i = 0; i < self->streams->len; i++)
    {
      ProprioReviewStream *stream = self->streams->pdata[i];

      if (stream->kind == kind && stream->n_samples > 0)
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

typedef struct
{
  GArray *t_us, *flags, *values;
  guint   n_channels;
} RowsRead;

static gboolean
add_row (gint64        t_us,
         const double *values,
         guint         n_values,
         gpointer      user_data)
{
  RowsRead *rows = user_data;
  guint32 flags = n_values > 0 ? PROPRIO_SAMPLE_HAS_COP : 0;

  /* The times the replay searches must increase; a row that goes back is not one of ours. */
  if (rows->t_us->len > 0 && t_us <= g_array_index (rows->t_us, gint64, rows->t_us->len - 1))
    return TRUE;
  for (guint i = 0; i < n_values; i++)
    if (isnan (values[i]))
      flags = 0;
  g_array_append_val (rows->t_us, t_us);
  g_array_append_val (rows->flags, flags);
  g_array_append_vals (rows->values, values, rows->n_channels);
  return TRUE;
}

static ProprioReviewStream *
read_stream (const ProprioStreamInfo *info)
{
  ProprioReviewStream *stream = g_new0 (ProprioReviewStream, 1);
  g_autoptr(GError) error = NULL;
  RowsRead rows = { NULL };

  stream->name = g_strdup (info->name);
  stream->kind = info->kind;
  stream->path = g_strdup (info->path);
  if (!g_file_test (info->path, G_FILE_TEST_EXISTS))
    {
      /* Translators: %s is a stream's name ("balance", "emg") */
      stream->problem = g_strdup_printf (_("The %s recording is missing from the session’s "
                                           "folder: it cannot be replayed"), info->name);
      return stream;
    }
  stream->columns = proprio_stream_file_read_columns (info->path, &error);
  if (stream->columns != NULL)
    {
      rows.n_channels = g_strv_length (stream->columns);
      rows.t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      rows.flags = g_array_new (FALSE, FALSE, sizeof (guint32));
      rows.values = g_array_new (FALSE, FALSE, sizeof (double));
      if (!proprio_stream_file_foreach_row (info->path, add_row, &rows, &error))
        g_clear_pointer (&stream->columns, g_strfreev);
    }
  if (stream->columns == NULL)
    {
      /* Translators: the first %s is a stream's name ("balance"), the second why */
      stream->problem = g_strdup_printf (_("The %s recording cannot be read: %s"), info->name,
                                         error->message);
      g_clear_pointer (&rows.t_us, g_array_unref);
      g_clear_pointer (&rows.flags, g_array_unref);
      g_clear_pointer (&rows.values, g_array_unref);
      return stream;
    }
  stream->n_channels = rows.n_channels;
  stream->n_samples = rows.t_us->len;
  stream->t_us = (gint64 *) (gpointer) g_array_free (rows.t_us, FALSE);
  stream->flags = (guint32 *) (gpointer) g_array_free (rows.flags, FALSE);
  stream->values = (double *) (gpointer) g_array_free (rows.values, FALSE);
  stream->labels = column_labels (stream->columns, info->channels_json);
  if (stream->n_samples == 0)
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

      if (g_str_equal (info->name, PROPRIO_VIDEO_STREAM_NAME))
        {
          g_free (self->video_path);
          self->video_path = g_strdup (info->path);
          continue;
        }
      stream = read_stream (info);
      g_ptr_array_add (self->streams, stream);
      if (stream->n_samples > 0)
        {
          /* A session still open (or cut by a crash) ends with its data, not at 0. */
          self->start_us = MIN (self->start_us, stream->t_us[0]);
          self->end_us = MAX (self->end_us, stream->t_us[stream->n_samples - 1]);
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
