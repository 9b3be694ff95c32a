/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-recorder"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>
#include <time.h>

#include "core/proprio-stream-reader.h"
#include "proprio-recorder.h"
#include "proprio-stream-file.h"

#define DRAIN_INTERVAL_US (50 * 1000)
/* Half a second, so a kill -9 loses less than one second whatever the timing of the kill. */
#define FLUSH_INTERVAL_US (G_USEC_PER_SEC / 2)
#define CHUNK 512

typedef struct
{
  char                *name;
  ProprioStreamReader *reader;
  ProprioStreamFile   *file;
  guint                n_channels;
} Stream;

typedef struct
{
  gint64  t_us;
  char   *kind;
  char   *text;
} QueuedEvent;

struct _ProprioRecorder
{
  GObject       parent_instance;

  char         *folder;
  GMainContext *context;      /* where "problem" is emitted */

  GMutex        lock;         /* streams, message, counts, running */
  GCond         wake;
  GPtrArray    *streams;      /* Stream */
  ProprioStreamFile *events;
  GAsyncQueue  *event_queue;  /* QueuedEvent */
  GThread      *thread;
  gboolean      running;
  gboolean      stopping;
  gboolean      failed;
  GError       *error;        /* the first write error */
  char         *message;
  guint64       dropped;
  gint64        last_us;
  gint64        since_us;     /* older samples are not written */
  gint64        cpu_us;
  GString      *line;         /* thread only */
};

enum
{
  PROP_0,
  PROP_MESSAGE,
  PROP_FAILED,
  N_PROPS
};

enum
{
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ProprioRecorder, proprio_recorder, G_TYPE_OBJECT)

static void
stream_free (Stream *stream)
{
  g_free (stream->name);
  proprio_stream_reader_free (stream->reader);
  proprio_stream_file_free (stream->file);
  g_free (stream);
}

static void
queued_event_free (QueuedEvent *event)
{
  g_free (event->kind);
  g_free (event->text);
  g_free (event);
}

/* --- problems, told on the main context --- */

typedef struct
{
  ProprioRecorder *self;
  char            *message;
} Problem;

static gboolean
emit_problem (gpointer data)
{
  Problem *problem = data;

  g_object_notify_by_pspec (G_OBJECT (problem->self), properties[PROP_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (problem->self), properties[PROP_FAILED]);
  g_signal_emit (problem->self, signals[SIGNAL_PROBLEM], 0, problem->message);
  return G_SOURCE_REMOVE;
}

static void
problem_free (gpointer data)
{
  Problem *problem = data;

  g_object_unref (problem->self);
  g_free (problem->message);
  g_free (problem);
}

/* Called with the lock held. */
static void
report (ProprioRecorder *self,
        const char      *message)
{
  Problem *problem = g_new0 (Problem, 1);
  GSource *source = g_idle_source_new ();

  g_free (self->message);
  self->message = g_strdup (message);
  g_debug ("%s", message);
  problem->self = g_object_ref (self);
  problem->message = g_strdup (message);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_problem, problem, problem_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* Called with the lock held. */
static void
fail (ProprioRecorder *self,
      GError          *error)
{
  if (!self->failed)
    {
      self->failed = TRUE;
      report (self, error->message);
      self->error = error;
    }
  else
    g_error_free (error);
}

/* --- the thread --- */

typedef struct
{
  ProprioRecorder *self;
  Stream          *stream;
} DrainData;

static void
write_samples (const ProprioSample *samples,
               gsize                n_samples,
               gpointer             user_data)
{
  DrainData *data = user_data;
  GString *line = data->self->line;

  for (gsize i = 0; i < n_samples; i++)
    {
      if (samples[i].t_us < data->self->since_us)
        continue;
      g_string_truncate (line, 0);
      proprio_stream_file_format_sample (line, &samples[i], data->stream->n_channels);
      proprio_stream_file_append_line (data->stream->file, line->str, line->len);
      if (samples[i].t_us > data->self->last_us)
        data->self->last_us = samples[i].t_us;
    }
}

/* Drains every ring and the event queue into the files' buffers; flushes when `flush`. Called
 * with the lock held. */
static void
drain_all (ProprioRecorder *self,
           gboolean         flush)
{
  QueuedEvent *event;
  guint64 dropped = 0;

  if (self->failed)
    return;
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = self->streams->pdata[i];
      DrainData data = { self, stream };

      proprio_stream_reader_drain (stream->reader, write_samples, &data);
      dropped += proprio_stream_reader_take_dropped (stream->reader);
    }
  while ((event = g_async_queue_try_pop (self->event_queue)) != NULL)
    {
      g_string_truncate (self->line, 0);
      proprio_stream_file_format_event (self->line, event->t_us, event->kind, event->text);
      proprio_stream_file_append_line (self->events, self->line->str, self->line->len);
      queued_event_free (event);
    }
  if (dropped > 0)
    {
      g_autofree char *message = NULL;

      self->dropped += dropped;
      message = g_strdup_printf (ngettext ("%llu sample is missing from the recording because "
                                           "writing fell behind (is the disk very slow?)",
                                           "%llu samples are missing from the recording because "
                                           "writing fell behind (is the disk very slow?)",
                                           self->dropped),
                                 (unsigned long long) self->dropped);
      report (self, message);
    }
  if (flush)
    {
      GError *error = NULL;

      for (guint i = 0; i < self->streams->len && error == NULL; i++)
        proprio_stream_file_flush (((Stream *) self->streams->pdata[i])->file, &error);
      if (error == NULL)
        proprio_stream_file_flush (self->events, &error);
      if (error != NULL)
        fail (self, error);
    }
}

static void
note_cpu (ProprioRecorder *self)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    self->cpu_us = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gpointer
recorder_thread (gpointer data)
{
  ProprioRecorder *self = data;
  gint64 last_flush = g_get_monotonic_time ();

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 now;

      g_cond_wait_until (&self->wake, &self->lock, g_get_monotonic_time () + DRAIN_INTERVAL_US);
      if (self->stopping)
        break;
      now = g_get_monotonic_time ();
      drain_all (self, now - last_flush >= FLUSH_INTERVAL_US);
      if (now - last_flush >= FLUSH_INTERVAL_US)
        last_flush = now;
      note_cpu (self);
    }
  /* What arrived before stop() belongs in the files. */
  drain_all (self, TRUE);
  note_cpu (self);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* --- API --- */

ProprioRecorder *
proprio_recorder_new (const char *folder)
{
  ProprioRecorder *self;

  g_return_val_if_fail (folder != NULL, NULL);
  self = g_object_new (PROPRIO_TYPE_RECORDER, NULL);
  self->folder = g_strdup (folder);
  return self;
}

static gboolean
valid_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 32 || g_str_equal (name, "events"))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
proprio_recorder_add_stream (ProprioRecorder          *self,
                             const char               *name,
                             ProprioRing              *ring,
                             const ProprioChannelInfo *channels,
                             guint                     n_channels,
                             GError                  **error)
{
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *header = NULL;
  Stream *stream;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (ring != NULL, FALSE);
  g_return_val_if_fail (n_channels <= PROPRIO_MAX_CHANNELS, FALSE);

  if (!valid_name (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot name a stream (letters, digits, - and _ only)"),
                   name != NULL ? name : "");
      return FALSE;
    }
  file_name = g_strconcat (name, ".csv", NULL);
  path = g_build_filename (self->folder, file_name, NULL);
  header = proprio_stream_file_sample_header (channels, n_channels);

  stream = g_new0 (Stream, 1);
  stream->file = proprio_stream_file_create (path, header, error);
  if (stream->file == NULL)
    {
      g_free (stream);
      return FALSE;
    }
  stream->name = g_strdup (name);
  stream->n_channels = n_channels;
  stream->reader = proprio_stream_reader_new (CHUNK);
  /* From the oldest sample the ring keeps, so nothing between connect and start is lost. */
  proprio_stream_reader_set_ring (stream->reader, ring, FALSE);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->streams, stream);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
proprio_recorder_set_since (ProprioRecorder *self,
                            gint64           t_us)
{
  g_return_if_fail (PROPRIO_IS_RECORDER (self));
  g_mutex_lock (&self->lock);
  self->since_us = t_us;
  g_mutex_unlock (&self->lock);
}

void
proprio_recorder_add_event (ProprioRecorder *self,
                            gint64           t_us,
                            const char      *kind,
                            const char      *text)
{
  QueuedEvent *event;

  g_return_if_fail (PROPRIO_IS_RECORDER (self));
  event = g_new0 (QueuedEvent, 1);
  event->t_us = t_us;
  event->kind = g_strdup (kind != NULL ? kind : "");
  event->text = g_strdup (text != NULL ? text : "");
  g_async_queue_push (self->event_queue, event);
}

gboolean
proprio_recorder_start (ProprioRecorder  *self,
                        GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  path = g_build_filename (self->folder, "events.csv", NULL);
  self->events = proprio_stream_file_create (path, "t_us,kind,text", error);
  if (self->events == NULL)
    return FALSE;
  self->running = TRUE;
  self->thread = g_thread_new ("proprio-recorder", recorder_thread, self);
  return TRUE;
}

gboolean
proprio_recorder_stop (ProprioRecorder  *self,
                       GError          **error)
{
  GError *close_error = NULL;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), FALSE);
  if (self->thread == NULL)
    return TRUE;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));

  g_mutex_lock (&self->lock);
  self->running = FALSE;
  for (guint i = 0; i < self->streams->len && !self->failed; i++)
    if (!proprio_stream_file_close (((Stream *) self->streams->pdata[i])->file, &close_error))
      fail (self, close_error);
  if (!self->failed && !proprio_stream_file_close (self->events, &close_error))
    fail (self, close_error);
  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
proprio_recorder_is_running (ProprioRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), FALSE);
  return self->thread != NULL;
}

gboolean
proprio_recorder_get_failed (ProprioRecorder *self)
{
  gboolean failed;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), FALSE);
  g_mutex_lock (&self->lock);
  failed = self->failed;
  g_mutex_unlock (&self->lock);
  return failed;
}

char *
proprio_recorder_dup_message (ProprioRecorder *self)
{
  char *message;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), NULL);
  /* A copy: the recorder thread may replace it at any moment. */
  g_mutex_lock (&self->lock);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->lock);
  return message;
}

guint64
proprio_recorder_get_rows_written (ProprioRecorder *self,
                                   const char      *name)
{
  guint64 rows = 0;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *stream = self->streams->pdata[i];

      if (g_strcmp0 (stream->name, name) == 0)
        rows = proprio_stream_file_get_lines_written (stream->file);
    }
  g_mutex_unlock (&self->lock);
  return rows;
}

guint64
proprio_recorder_get_dropped (ProprioRecorder *self)
{
  guint64 dropped;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  dropped = self->dropped;
  g_mutex_unlock (&self->lock);
  return dropped;
}

gint64
proprio_recorder_get_last_us (ProprioRecorder *self)
{
  gint64 last;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  last = self->last_us;
  g_mutex_unlock (&self->lock);
  return last;
}

gint64
proprio_recorder_get_cpu_us (ProprioRecorder *self)
{
  gint64 cpu;

  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), 0);
  g_mutex_lock (&self->lock);
  cpu = self->cpu_us;
  g_mutex_unlock (&self->lock);
  return cpu;
}

const char *
proprio_recorder_get_folder (ProprioRecorder *self)
{
  g_return_val_if_fail (PROPRIO_IS_RECORDER (self), NULL);
  return self->folder;
}

static void
proprio_recorder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProprioRecorder *self = PROPRIO_RECORDER (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_mutex_lock (&self->lock);
      g_value_set_string (value, self->message);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FAILED:
      g_value_set_boolean (value, proprio_recorder_get_failed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_recorder_dispose (GObject *object)
{
  ProprioRecorder *self = PROPRIO_RECORDER (object);

  proprio_recorder_stop (self, NULL);
  G_OBJECT_CLASS (proprio_recorder_parent_class)->dispose (object);
}

static void
proprio_recorder_finalize (GObject *object)
{
  ProprioRecorder *self = PROPRIO_RECORDER (object);

  g_ptr_array_unref (self->streams);
  proprio_stream_file_free (self->events);
  g_async_queue_unref (self->event_queue);
  g_clear_error (&self->error);
  g_free (self->message);
  g_free (self->folder);
  g_string_free (self->line, TRUE);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  G_OBJECT_CLASS (proprio_recorder_parent_class)->finalize (object);
}

static void
proprio_recorder_class_init (ProprioRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = proprio_recorder_get_property;
  object_class->dispose = proprio_recorder_dispose;
  object_class->finalize = proprio_recorder_finalize;

  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FAILED] =
    g_param_spec_boolean ("failed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ProprioRecorder::problem (message): samples lost or a write failed; on the recorder's main
   * context, at once. */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
proprio_recorder_init (ProprioRecorder *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  self->event_queue = g_async_queue_new_full ((GDestroyNotify) queued_event_free);
  self->line = g_string_sized_new (256);
  self->context = g_main_context_ref_thread_default ();
}
