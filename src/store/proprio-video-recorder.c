/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-store"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <time.h>

#include "proprio-video-file.h"
#include "proprio-video-recorder.h"

typedef struct
{
  gint64  t_us;
  GBytes *jpeg;
  int     width;
  int     height;
} Frame;

struct _ProprioVideoRecorder
{
  GObject             parent_instance;

  char               *index_path;
  GMainContext       *context;      /* where the signals are emitted */
  GThread            *thread;

  GMutex              lock;         /* guards everything below */
  GCond               cond;
  GQueue              queue;        /* Frame */
  gsize               queued_bytes;
  gboolean            stopping;
  gint64              since_us;
  ProprioVideoWriter *writer;       /* thread only, once made */
  gboolean            has_files;
  gboolean            failed;
  GError             *error;        /* the first write error */
  guint               n_frames;
  guint64             dropped;
  gboolean            drop_told;
  guint64             bytes;
  gint64              first_us;
  gint64              last_us;
  gint64              cpu_us;
};

G_DEFINE_FINAL_TYPE (ProprioVideoRecorder, proprio_video_recorder, G_TYPE_OBJECT)

enum
{
  SIGNAL_STARTED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
frame_free (Frame *frame)
{
  g_bytes_unref (frame->jpeg);
  g_free (frame);
}

/* --- signals, on the main context --- */

typedef struct
{
  ProprioVideoRecorder *self;
  char                 *message;   /* NULL: "started" */
  gboolean              failed;
} Tell;

static gboolean
tell_cb (gpointer data)
{
  Tell *tell = data;

  if (tell->message == NULL)
    g_signal_emit (tell->self, signals[SIGNAL_STARTED], 0);
  else
    g_signal_emit (tell->self, signals[SIGNAL_PROBLEM], 0, tell->message, tell->failed);
  return G_SOURCE_REMOVE;
}

static void
tell_free (gpointer data)
{
  Tell *tell = data;

  g_object_unref (tell->self);
  g_free (tell->message);
  g_free (tell);
}

static void
tell (ProprioVideoRecorder *self,
      const char           *message,
      gboolean              failed)
{
  Tell *t = g_new0 (Tell, 1);
  GSource *source = g_idle_source_new ();

  t->self = g_object_ref (self);
  t->message = g_strdup (message);
  t->failed = failed;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, tell_cb, t, tell_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* --- the thread --- */

static void
note_cpu (ProprioVideoRecorder *self)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    self->cpu_us = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Called with the lock held; takes `error`. */
static void
fail (ProprioVideoRecorder *self,
      GError               *error)
{
  self->failed = TRUE;
  if (self->error == NULL)
    self->error = g_error_copy (error);
  tell (self, error->message, TRUE);
  g_error_free (error);
  /* Nothing more will be written: let the queue go. */
  g_queue_clear_full (&self->queue, (GDestroyNotify) frame_free);
  self->queued_bytes = 0;
}

/* Writes one frame, the lock released (a write may wait for the disk). */
static void
write_frame (ProprioVideoRecorder *self,
             Frame                *frame)
{
  GError *error = NULL;
  gboolean made = FALSE, skipped = FALSE;
  gsize length;
  const guint8 *data = g_bytes_get_data (frame->jpeg, &length);

  if (self->writer == NULL)
    {
      self->writer = proprio_video_writer_create (self->index_path, &error);
      made = self->writer != NULL;
    }
  if (self->writer != NULL &&
      !proprio_video_writer_append (self->writer, frame->t_us, data, length,
                                    (guint) MAX (frame->width, 0),
                                    (guint) MAX (frame->height, 0), &error))
    {
      /* A frame refused (not a JPEG, out of order) is left out; a failed write ends it all. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        {
          g_clear_error (&error);
          skipped = TRUE;
        }
    }

  g_mutex_lock (&self->lock);
  if (made)
    {
      self->has_files = TRUE;
      tell (self, NULL, FALSE);
    }
  if (error != NULL)
    fail (self, error);
  else if (!skipped)
    {
      if (self->n_frames == 0)
        self->first_us = frame->t_us;
      self->n_frames++;
      self->bytes += length;
      self->last_us = frame->t_us;
    }
  g_mutex_unlock (&self->lock);
}

static gpointer
recorder_thread (gpointer data)
{
  ProprioVideoRecorder *self = data;
  GError *error = NULL;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      Frame *frame;

      while (g_queue_is_empty (&self->queue) && !self->stopping)
        g_cond_wait (&self->cond, &self->lock);
      frame = g_queue_pop_head (&self->queue);
      if (frame == NULL)
        break;   /* stopping, and all is written */
      self->queued_bytes -= g_bytes_get_size (frame->jpeg);
      if (self->failed)
        {
          frame_free (frame);
          continue;
        }
      g_mutex_unlock (&self->lock);
      write_frame (self, frame);
      frame_free (frame);
      note_cpu (self);
      g_mutex_lock (&self->lock);
    }
  g_mutex_unlock (&self->lock);

  if (self->writer != NULL && !self->failed)
    {
      if (!proprio_video_writer_close (self->writer, &error))
        {
          g_mutex_lock (&self->lock);
          fail (self, error);
          g_mutex_unlock (&self->lock);
        }
    }
  note_cpu (self);
  return NULL;
}

/* --- public --- */

ProprioVideoRecorder *
proprio_video_recorder_new (const char *index_path)
{
  ProprioVideoRecorder *self;

  g_return_val_if_fail (index_path != NULL && g_str_has_suffix (index_path, ".csv"), NULL);

  self = g_object_new (PROPRIO_TYPE_VIDEO_RECORDER, NULL);
  self->index_path = g_strdup (index_path);
  return self;
}

void
proprio_video_recorder_set_since (ProprioVideoRecorder *self,
                                  gint64                t_us)
{
  g_return_if_fail (PROPRIO_IS_VIDEO_RECORDER (self));

  g_mutex_lock (&self->lock);
  self->since_us = t_us;
  g_mutex_unlock (&self->lock);
}

gboolean
proprio_video_recorder_start (ProprioVideoRecorder  *self,
                              GError               **error)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->thread = g_thread_try_new ("proprio-video", recorder_thread, self, error);
  return self->thread != NULL;
}

void
proprio_video_recorder_push (ProprioVideoRecorder *self,
                             gint64                t_us,
                             GBytes               *jpeg,
                             int                   width,
                             int                   height)
{
  gsize size;

  g_return_if_fail (PROPRIO_IS_VIDEO_RECORDER (self));
  g_return_if_fail (jpeg != NULL);

  size = g_bytes_get_size (jpeg);
  g_mutex_lock (&self->lock);
  if (self->failed || self->stopping || self->thread == NULL || t_us < self->since_us)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  if (self->queued_bytes + size > PROPRIO_VIDEO_RECORDER_QUEUE_BYTES)
    {
      self->dropped++;
      if (!self->drop_told)
        {
          self->drop_told = TRUE;
          tell (self, _("Some video frames were not recorded: the disk cannot keep up. The rest "
                        "of the session is recorded as usual."), FALSE);
        }
    }
  else
    {
      Frame *frame = g_new (Frame, 1);

      frame->t_us = t_us;
      frame->jpeg = g_bytes_ref (jpeg);
      frame->width = width;
      frame->height = height;
      g_queue_push_tail (&self->queue, frame);
      self->queued_bytes += size;
      g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

gboolean
proprio_video_recorder_stop (ProprioVideoRecorder  *self,
                             GError               **error)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), FALSE);

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  if (self->thread != NULL)
    g_clear_pointer (&self->thread, g_thread_join);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

const char *
proprio_video_recorder_get_index_path (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), NULL);
  return self->index_path;
}

#define LOCKED_GET(type, field)                     \
  G_STMT_START {                                    \
    type value;                                     \
    g_mutex_lock (&self->lock);                     \
    value = self->field;                            \
    g_mutex_unlock (&self->lock);                   \
    return value;                                   \
  } G_STMT_END

gboolean
proprio_video_recorder_has_files (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), FALSE);
  LOCKED_GET (gboolean, has_files);
}

gboolean
proprio_video_recorder_get_failed (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), FALSE);
  LOCKED_GET (gboolean, failed);
}

guint
proprio_video_recorder_get_n_frames (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (guint, n_frames);
}

guint64
proprio_video_recorder_get_dropped (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (guint64, dropped);
}

guint64
proprio_video_recorder_get_bytes (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (guint64, bytes);
}

gint64
proprio_video_recorder_get_first_us (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (gint64, first_us);
}

gint64
proprio_video_recorder_get_last_us (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (gint64, last_us);
}

gint64
proprio_video_recorder_get_cpu_us (ProprioVideoRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_VIDEO_RECORDER (self), 0);
  LOCKED_GET (gint64, cpu_us);
}

static void
proprio_video_recorder_finalize (GObject *object)
{
  ProprioVideoRecorder *self = PROPRIO_VIDEO_RECORDER (object);

  if (self->thread != NULL)
    proprio_video_recorder_stop (self, NULL);
  g_clear_pointer (&self->writer, proprio_video_writer_free);
  g_queue_clear_full (&self->queue, (GDestroyNotify) frame_free);
  g_clear_error (&self->error);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->index_path);
  G_OBJECT_CLASS (proprio_video_recorder_parent_class)->finalize (object);
}

static void
proprio_video_recorder_class_init (ProprioVideoRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = proprio_video_recorder_finalize;

  /* ::started: the video's files were made (its first frame came). */
  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* ::problem (message, failed): frames lost, or (failed) the video stopped. */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
proprio_video_recorder_init (ProprioVideoRecorder *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->queue);
  self->context = g_main_context_ref_thread_default ();
}
