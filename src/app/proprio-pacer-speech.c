/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer-sound"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "proprio-pacer-speech.h"

/* The espeak element's rate is relative (−100 … 100): a little slower is easier to follow while
 * moving. */
#define SPEECH_RATE       (-15)
/* A word takes espeak milliseconds; this is for a synthesiser that hangs. */
#define RENDER_TIMEOUT_NS (5 * GST_SECOND)

struct _ProprioPacerSpeech
{
  char         *voice;
  guint         rate_hz;
  GThread      *worker;
  GAsyncQueue  *queue;       /* of char * words; "" asks the worker to end */
  GMutex        lock;
  GHashTable   *cache;       /* word → GBytes (S16 mono PCM); under lock */
  GHashTable   *queued;      /* words asked for; under lock */
  gboolean      failed;      /* under lock */
};

gboolean
proprio_pacer_speech_available (void)
{
  g_autoptr(GstElementFactory) factory = NULL;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  factory = gst_element_factory_find ("espeak");
  return factory != NULL;
}

/* The error of a failed render, if the bus holds one. */
static gboolean
bus_failed (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (msg != NULL)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (msg, &error, NULL);
      g_debug ("Speech failed: %s", error->message);
      return TRUE;
    }
  return FALSE;
}

/* On the worker: `word` spoken into PCM at the sound's rate, or NULL. */
static GBytes *
render_word (ProprioPacerSpeech *self,
             const char         *word)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autofree char *desc = NULL;
  GstElement *src, *sink;
  gboolean ok = TRUE;

  desc = g_strdup_printf ("espeak name=src ! audioconvert ! audioresample ! "
                          "audio/x-raw,format=S16LE,channels=1,rate=%u ! "
                          "appsink name=sink sync=false", self->rate_hz);
  pipeline = gst_parse_launch (desc, &error);
  if (pipeline == NULL)
    {
      g_debug ("No speech pipeline: %s", error->message);
      return NULL;
    }
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "text", word, "voice", self->voice, "rate", SPEECH_RATE, NULL);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    ok = FALSE;

  while (ok)
    {
      g_autoptr(GstSample) sample =
        gst_app_sink_try_pull_sample (GST_APP_SINK (sink), RENDER_TIMEOUT_NS);
      GstBuffer *buffer;
      GstMapInfo map;

      if (sample == NULL)
        {
          ok = gst_app_sink_is_eos (GST_APP_SINK (sink)) && !bus_failed (pipeline);
          break;
        }
      buffer = gst_sample_get_buffer (sample);
      if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_byte_array_append (pcm, map.data, (guint) map.size);
          gst_buffer_unmap (buffer, &map);
        }
    }
  g_debug ("Rendered “%s”: %u bytes, %s", word, pcm->len, ok ? "ok" : "failed");
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  if (!ok || pcm->len == 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&pcm));
}

static gpointer
worker_main (gpointer data)
{
  ProprioPacerSpeech *self = data;

  for (;;)
    {
      g_autofree char *word = g_async_queue_pop (self->queue);
      GBytes *pcm;
      gboolean failed;

      if (*word == '\0')
        break;
      g_mutex_lock (&self->lock);
      failed = self->failed;
      g_mutex_unlock (&self->lock);
      if (failed)
        continue;

      pcm = render_word (self, word);
      g_mutex_lock (&self->lock);
      if (pcm != NULL)
        g_hash_table_insert (self->cache, g_strdup (word), pcm);
      else
        self->failed = TRUE;
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

ProprioPacerSpeech *
proprio_pacer_speech_new (const char *voice,
                          guint       rate_hz)
{
  ProprioPacerSpeech *self = g_new0 (ProprioPacerSpeech, 1);

  g_return_val_if_fail (voice != NULL, NULL);

  self->voice = g_strdup (voice);
  self->rate_hz = rate_hz;
  g_mutex_init (&self->lock);
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_bytes_unref);
  self->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queue = g_async_queue_new_full (g_free);
  self->worker = g_thread_new ("pacer-speech", worker_main, self);
  return self;
}

void
proprio_pacer_speech_free (ProprioPacerSpeech *self)
{
  if (self == NULL)
    return;
  /* Ahead of the words still queued: the worker ends after the one it is rendering. */
  g_async_queue_push_front (self->queue, g_strdup (""));
  g_thread_join (self->worker);
  g_async_queue_unref (self->queue);
  g_hash_table_unref (self->cache);
  g_hash_table_unref (self->queued);
  g_mutex_clear (&self->lock);
  g_free (self->voice);
  g_free (self);
}

void
proprio_pacer_speech_render (ProprioPacerSpeech *self,
                             const char * const *words)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (*words[i] != '\0' && !g_hash_table_contains (self->queued, words[i]))
      {
        g_hash_table_add (self->queued, g_strdup (words[i]));
        g_async_queue_push (self->queue, g_strdup (words[i]));
      }
  g_mutex_unlock (&self->lock);
}

GBytes *
proprio_pacer_speech_lookup (ProprioPacerSpeech *self,
                             const char         *word)
{
  GBytes *pcm;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  pcm = g_hash_table_lookup (self->cache, word);
  if (pcm != NULL)
    g_bytes_ref (pcm);
  g_mutex_unlock (&self->lock);
  return pcm;
}

gboolean
proprio_pacer_speech_failed (ProprioPacerSpeech *self)
{
  gboolean failed;

  g_return_val_if_fail (self != NULL, TRUE);

  g_mutex_lock (&self->lock);
  failed = self->failed;
  g_mutex_unlock (&self->lock);
  return failed;
}
