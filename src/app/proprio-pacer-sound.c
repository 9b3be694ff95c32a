/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer-sound"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsrc.h>
#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "proprio-pacer-sound.h"
#include "proprio-pacer-speech.h"

/* Mono at 22.05 kHz: enough for beeps and voice (espeak speaks at this rate), light to mix. */
#define RATE_HZ        22050
#define BLOCK_SAMPLES  256                    /* 11.6 ms */
/* How much the audio sink keeps queued: a cue is heard at most this much after it is mixed. */
#define SINK_BUFFER_US 60000
#define SINK_LATENCY_US 10000
/* An event older than this is no cue any more (the machine stalled): it is skipped. */
#define STALE_US       300000
/* After the pacer stops, the pipeline plays out the last cue, then closes the device. */
#define RELEASE_MS     1500

typedef enum
{
  CUE_RISE,     /* breathe in, up */
  CUE_FALL,     /* breathe out, down */
  CUE_HOLD,
  CUE_READY,
  CUE_TICK,
  CUE_CHIME,
  N_CUES
} Cue;

/* A cue being mixed: its samples, how far it has played, and how long to wait before it
 * starts (a word after its phase's beep). */
typedef struct
{
  GBytes *pcm;
  gsize   pos;
  gsize   delay;
} Voice;

struct _ProprioPacerSound
{
  GObject                  parent_instance;

  GstElement              *sink_override;
  GstElement              *pipeline;
  GstElement              *volume_element;
  guint                    bus_watch;
  guint                    release_id;
  GBytes                  *cues[N_CUES];

  GMutex                   lock;
  GArray                  *voices;      /* of Voice, under lock: the streaming thread mixes */
  guint64                  samples_out; /* streaming thread only */

  double                   volume;
  gboolean                 muted;
  gboolean                 ticks;
  gboolean                 speech;
  gboolean                 speech_available;
  gboolean                 audio_failed;
  char                    *voice;
  ProprioPacerSpeech      *speech_cache;
  ProprioPacerSoundCounts  counts;
};

G_DEFINE_FINAL_TYPE (ProprioPacerSound, proprio_pacer_sound, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_TICKS,
  PROP_SPEECH,
  PROP_SPEECH_AVAILABLE,
  PROP_AUDIO_FAILED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* ---- the cues ---- */

/* A sine of `hz` with a short rise and a smooth fall, so it clicks neither on nor off. */
static void
append_tone (GArray *samples,
             double  hz,
             double  ms,
             double  amplitude,
             double  decay_per_s)
{
  guint n = (guint) (RATE_HZ * ms / 1000.0);
  guint attack = RATE_HZ / 200, release = MIN (n / 3, (guint) (RATE_HZ / 25));

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / RATE_HZ;
      double env = exp (-decay_per_s * t);
      gint16 v;

      if (i < attack)
        env *= (double) i / attack;
      if (i + release > n)
        env *= 0.5 - 0.5 * cos (G_PI * (double) (n - i) / release);
      v = (gint16) lround (32767.0 * amplitude * env * sin (2 * G_PI * hz * t));
      g_array_append_val (samples, v);
    }
}

static GBytes *
samples_to_bytes (GArray *samples)
{
  gsize len = samples->len * sizeof (gint16);

  return g_bytes_new_take (g_array_free (samples, FALSE), len);
}

static void
make_cues (ProprioPacerSound *self)
{
  struct { double hz, ms, amp, decay; } tones[] = {
    [CUE_RISE]  = { 880.0, 130, 0.55, 4 },    /* A5 */
    [CUE_FALL]  = { 587.3, 130, 0.55, 4 },    /* D5 */
    [CUE_HOLD]  = { 740.0, 100, 0.45, 6 },    /* F#5 */
    [CUE_READY] = { 659.3, 70, 0.4, 8 },      /* E5 */
    [CUE_TICK]  = { 1760.0, 14, 0.22, 120 },  /* a soft knock */
  };

  for (guint i = 0; i < CUE_CHIME; i++)
    {
      GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));

      append_tone (samples, tones[i].hz, tones[i].ms, tones[i].amp, tones[i].decay);
      self->cues[i] = samples_to_bytes (samples);
    }
  /* The end: a rising pair (E5, A5). */
  {
    GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));

    append_tone (samples, 659.3, 160, 0.5, 3);
    append_tone (samples, 880.0, 260, 0.5, 3);
    self->cues[CUE_CHIME] = samples_to_bytes (samples);
  }
}

static Cue
phase_cue (ProprioPacerPhase phase)
{
  switch (phase)
    {
    case PROPRIO_PACER_PHASE_INHALE:
    case PROPRIO_PACER_PHASE_UP:
      return CUE_RISE;
    case PROPRIO_PACER_PHASE_EXHALE:
    case PROPRIO_PACER_PHASE_DOWN:
      return CUE_FALL;
    case PROPRIO_PACER_PHASE_READY:
      return CUE_READY;
    default:
      return CUE_HOLD;
    }
}

/* ---- mixing (on the streaming thread) ---- */

static void
need_data_cb (GstAppSrc *src,
              guint      length,
              gpointer   user_data)
{
  ProprioPacerSound *self = user_data;
  float mix[BLOCK_SAMPLES] = { 0 };
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, BLOCK_SAMPLES * sizeof (gint16), NULL);
  GstMapInfo map;

  g_mutex_lock (&self->lock);
  for (guint v = 0; v < self->voices->len;)
    {
      Voice *voice = &g_array_index (self->voices, Voice, v);
      gsize n_samples = g_bytes_get_size (voice->pcm) / sizeof (gint16);
      const gint16 *pcm = g_bytes_get_data (voice->pcm, NULL);
      gsize start = MIN (voice->delay, (gsize) BLOCK_SAMPLES);

      voice->delay -= start;
      for (gsize i = start; i < BLOCK_SAMPLES && voice->pos < n_samples; i++)
        mix[i] += pcm[voice->pos++];
      if (voice->pos >= n_samples)
        {
          g_bytes_unref (voice->pcm);
          g_array_remove_index_fast (self->voices, v);
        }
      else
        v++;
    }
  g_mutex_unlock (&self->lock);

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  for (guint i = 0; i < BLOCK_SAMPLES; i++)
    ((gint16 *) map.data)[i] = (gint16) CLAMP (mix[i], -32768.0f, 32767.0f);
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (self->samples_out, GST_SECOND, RATE_HZ);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (BLOCK_SAMPLES, GST_SECOND, RATE_HZ);
  self->samples_out += BLOCK_SAMPLES;
  gst_app_src_push_buffer (src, buffer);
}

static void
add_voice (ProprioPacerSound *self,
           GBytes            *pcm,
           gsize              delay)
{
  Voice voice = { g_bytes_ref (pcm), 0, delay };

  g_mutex_lock (&self->lock);
  g_array_append_val (self->voices, voice);
  g_mutex_unlock (&self->lock);
}

static void
clear_voices (ProprioPacerSound *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->voices->len; i++)
    g_bytes_unref (g_array_index (self->voices, Voice, i).pcm);
  g_array_set_size (self->voices, 0);
  g_mutex_unlock (&self->lock);
}

/* ---- the pipeline ---- */

static void
teardown (ProprioPacerSound *self)
{
  g_clear_handle_id (&self->release_id, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  self->volume_element = NULL;
  clear_voices (self);
}

static void
fail (ProprioPacerSound *self,
      const char        *why)
{
  /* A machine without sound is no error to the patient: the cues stay visual. */
  g_debug ("Pacer cues not played: %s", why);
  teardown (self);
  if (!self->audio_failed)
    {
      self->audio_failed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_FAILED]);
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    user_data)
{
  ProprioPacerSound *self = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (msg, &error, NULL);
      self->bus_watch = 0;
      fail (self, error->message);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* A short buffer in the real sink (pulsesink, alsasink…), chosen by autoaudiosink. */
static void
element_added_cb (GstBin     *bin,
                  GstBin     *sub_bin,
                  GstElement *element,
                  gpointer    user_data)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS (element);

  if (g_object_class_find_property (klass, "buffer-time") != NULL
      && g_object_class_find_property (klass, "latency-time") != NULL)
    g_object_set (element, "buffer-time", (gint64) SINK_BUFFER_US,
                  "latency-time", (gint64) SINK_LATENCY_US, NULL);
}

static void
apply_volume (ProprioPacerSound *self)
{
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", self->volume, "mute", self->muted, NULL);
}

static gboolean
ensure_pipeline (ProprioPacerSound *self)
{
  GstAppSrcCallbacks callbacks = { .need_data = need_data_cb };
  GstElement *src, *convert, *resample, *volume, *sink;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->pipeline != NULL)
    return TRUE;
  if (self->audio_failed)
    return FALSE;

  src = gst_element_factory_make ("appsrc", NULL);
  convert = gst_element_factory_make ("audioconvert", NULL);
  resample = gst_element_factory_make ("audioresample", NULL);
  volume = gst_element_factory_make ("volume", NULL);
  sink = self->sink_override != NULL ? g_object_ref (self->sink_override)
                                     : gst_element_factory_make ("autoaudiosink", NULL);
  if (src == NULL || convert == NULL || resample == NULL || volume == NULL || sink == NULL)
    {
      g_clear_object (&src);
      g_clear_object (&convert);
      g_clear_object (&resample);
      g_clear_object (&volume);
      g_clear_object (&sink);
      fail (self, "GStreamer's base and good plugins are not installed");
      return FALSE;
    }

  self->pipeline = gst_pipeline_new ("pacer-sound");
  gst_object_ref_sink (self->pipeline);
  gst_bin_add_many (GST_BIN (self->pipeline), src, convert, resample, volume, sink, NULL);
  gst_element_link_many (src, convert, resample, volume, sink, NULL);
  self->volume_element = volume;
  apply_volume (self);

  caps = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "S16LE",
                              "layout", G_TYPE_STRING, "interleaved",
                              "channels", G_TYPE_INT, 1, "rate", G_TYPE_INT, RATE_HZ, NULL);
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "is-live", FALSE,
                "max-bytes", (guint64) (BLOCK_SAMPLES * sizeof (gint16)), NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, self, NULL);
  g_signal_connect (self->pipeline, "deep-element-added", G_CALLBACK (element_added_cb), NULL);
  self->samples_out = 0;

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      fail (self, "the audio output could not be opened");
      return FALSE;
    }
  return TRUE;
}

static gboolean
release_cb (gpointer user_data)
{
  ProprioPacerSound *self = user_data;

  self->release_id = 0;
  teardown (self);
  return G_SOURCE_REMOVE;
}

/* ---- speech ---- */

/* The voice of the language the UI is shown in: the first language of the locale, when the
 * UI is translated (the words are spoken as they are shown); English otherwise. */
static char *
pick_voice (void)
{
  const char * const *names = g_get_language_names ();

  if (g_str_equal (_("Breathe in"), "Breathe in"))
    return g_strdup ("en");
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize n = strcspn (names[i], "_.@");

      if (n >= 2 && n <= 3 && !g_str_equal (names[i], "C"))
        return g_strndup (names[i], n);
    }
  return g_strdup ("en");
}

/* The words a run of `pacer` says: its phases, then the counts up to its longest phase. */
static GPtrArray *
vocabulary (ProprioPacer *pacer)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  ProprioPacerPattern p;
  gint64 longest;

  proprio_pacer_get_pattern (pacer, &p);
  longest = p.lead_in_us;
  if (p.lead_in_us > 0)
    g_ptr_array_add (words, g_strdup (proprio_pacer_phase_get_word (PROPRIO_PACER_PHASE_READY)));
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    if (p.phase_us[i] > 0)
      {
        const char *word = proprio_pacer_phase_get_word (proprio_pacer_phase_for_slot (p.mode, i));

        if (!g_ptr_array_find_with_equal_func (words, word, g_str_equal, NULL))
          g_ptr_array_add (words, g_strdup (word));
        longest = MAX (longest, p.phase_us[i]);
      }
  for (guint n = 1; n <= (guint) ((longest + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC); n++)
    g_ptr_array_add (words, g_strdup_printf ("%u", n));
  g_ptr_array_add (words, NULL);
  return words;
}

static GBytes *
lookup_word (ProprioPacerSound *self,
             const char        *word)
{
  if (!self->speech || self->speech_cache == NULL)
    return NULL;
  return proprio_pacer_speech_lookup (self->speech_cache, word);
}

/* ---- API ---- */

void
proprio_pacer_sound_prepare (ProprioPacerSound *self,
                             ProprioPacer      *pacer)
{
  g_return_if_fail (PROPRIO_IS_PACER_SOUND (self));
  g_return_if_fail (PROPRIO_IS_PACER (pacer));

  /* Each start tries the output again: a headset may have been plugged in since. */
  if (self->audio_failed)
    {
      self->audio_failed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_FAILED]);
    }
  ensure_pipeline (self);
  if (self->speech && self->speech_available)
    {
      g_autoptr(GPtrArray) words = vocabulary (pacer);

      if (self->speech_cache == NULL)
        self->speech_cache = proprio_pacer_speech_new (self->voice, RATE_HZ);
      proprio_pacer_speech_render (self->speech_cache, (const char * const *) words->pdata);
    }
}

void
proprio_pacer_sound_release (ProprioPacerSound *self)
{
  g_return_if_fail (PROPRIO_IS_PACER_SOUND (self));

  if (self->pipeline != NULL && self->release_id == 0)
    self->release_id = g_timeout_add (RELEASE_MS, release_cb, self);
}

void
proprio_pacer_sound_play (ProprioPacerSound       *self,
                          const ProprioPacerEvent *event)
{
  g_autoptr(GBytes) word = NULL;
  gsize beep_samples;
  Cue cue;

  g_return_if_fail (PROPRIO_IS_PACER_SOUND (self));
  g_return_if_fail (event != NULL);

  if (proprio_clock_now_us () - event->t_us > STALE_US || !ensure_pipeline (self))
    {
      self->counts.skipped++;
      return;
    }

  switch (event->kind)
    {
    case PROPRIO_PACER_EVENT_PHASE:
      cue = phase_cue (event->phase);
      add_voice (self, self->cues[cue], 0);
      self->counts.beeps++;
      /* The word follows its beep rather than sounding through it. */
      word = lookup_word (self, proprio_pacer_phase_get_word (event->phase));
      beep_samples = g_bytes_get_size (self->cues[cue]) / sizeof (gint16);
      if (word != NULL)
        {
          add_voice (self, word, beep_samples + RATE_HZ / 50);
          self->counts.words++;
        }
      break;
    case PROPRIO_PACER_EVENT_SECOND:
      {
        g_autofree char *count = g_strdup_printf ("%u", event->count);

        word = lookup_word (self, count);
      }
      if (word != NULL)
        {
          add_voice (self, word, 0);
          self->counts.words++;
        }
      else if (self->ticks)
        {
          add_voice (self, self->cues[CUE_TICK], 0);
          self->counts.ticks++;
        }
      break;
    case PROPRIO_PACER_EVENT_DONE:
    default:
      add_voice (self, self->cues[CUE_CHIME], 0);
      self->counts.chimes++;
      proprio_pacer_sound_release (self);
      break;
    }
}

gboolean
proprio_pacer_sound_has_word (ProprioPacerSound *self,
                              const char        *text)
{
  g_autoptr(GBytes) pcm = NULL;

  g_return_val_if_fail (PROPRIO_IS_PACER_SOUND (self), FALSE);

  if (self->speech_cache == NULL)
    return FALSE;
  pcm = proprio_pacer_speech_lookup (self->speech_cache, text);
  return pcm != NULL;
}

const char *
proprio_pacer_sound_get_voice (ProprioPacerSound *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER_SOUND (self), NULL);
  return self->voice;
}

gboolean
proprio_pacer_sound_get_speech_available (ProprioPacerSound *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER_SOUND (self), FALSE);
  return self->speech_available;
}

void
proprio_pacer_sound_get_counts (ProprioPacerSound       *self,
                                ProprioPacerSoundCounts *out)
{
  g_return_if_fail (PROPRIO_IS_PACER_SOUND (self));
  g_return_if_fail (out != NULL);
  *out = self->counts;
}

ProprioPacerSound *
proprio_pacer_sound_new (void)
{
  return g_object_new (PROPRIO_TYPE_PACER_SOUND, NULL);
}

ProprioPacerSound *
proprio_pacer_sound_new_for_sink (GstElement *sink)
{
  ProprioPacerSound *self = proprio_pacer_sound_new ();

  g_return_val_if_fail (GST_IS_ELEMENT (sink), self);
  self->sink_override = gst_object_ref_sink (sink);
  return self;
}

/* ---- GObject ---- */

static void
proprio_pacer_sound_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProprioPacerSound *self = PROPRIO_PACER_SOUND (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_TICKS:
      g_value_set_boolean (value, self->ticks);
      break;
    case PROP_SPEECH:
      g_value_set_boolean (value, self->speech);
      break;
    case PROP_SPEECH_AVAILABLE:
      g_value_set_boolean (value, self->speech_available);
      break;
    case PROP_AUDIO_FAILED:
      g_value_set_boolean (value, self->audio_failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_flag (ProprioPacerSound *self,
          gboolean          *flag,
          gboolean           value,
          guint              prop)
{
  if (*flag == !!value)
    return;
  *flag = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
proprio_pacer_sound_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProprioPacerSound *self = PROPRIO_PACER_SOUND (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      if (self->volume != g_value_get_double (value))
        {
          self->volume = g_value_get_double (value);
          apply_volume (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MUTED:
      set_flag (self, &self->muted, g_value_get_boolean (value), PROP_MUTED);
      apply_volume (self);
      break;
    case PROP_TICKS:
      set_flag (self, &self->ticks, g_value_get_boolean (value), PROP_TICKS);
      break;
    case PROP_SPEECH:
      set_flag (self, &self->speech, g_value_get_boolean (value), PROP_SPEECH);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_pacer_sound_dispose (GObject *object)
{
  ProprioPacerSound *self = PROPRIO_PACER_SOUND (object);

  teardown (self);
  g_clear_pointer (&self->speech_cache, proprio_pacer_speech_free);
  g_clear_object (&self->sink_override);

  G_OBJECT_CLASS (proprio_pacer_sound_parent_class)->dispose (object);
}

static void
proprio_pacer_sound_finalize (GObject *object)
{
  ProprioPacerSound *self = PROPRIO_PACER_SOUND (object);

  for (guint i = 0; i < N_CUES; i++)
    g_clear_pointer (&self->cues[i], g_bytes_unref);
  g_array_unref (self->voices);
  g_mutex_clear (&self->lock);
  g_free (self->voice);

  G_OBJECT_CLASS (proprio_pacer_sound_parent_class)->finalize (object);
}

static void
proprio_pacer_sound_class_init (ProprioPacerSoundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_pacer_sound_get_property;
  object_class->set_property = proprio_pacer_sound_set_property;
  object_class->dispose = proprio_pacer_sound_dispose;
  object_class->finalize = proprio_pacer_sound_finalize;

  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 0.7, rw);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  properties[PROP_TICKS] = g_param_spec_boolean ("ticks", NULL, NULL, TRUE, rw);
  properties[PROP_SPEECH] = g_param_spec_boolean ("speech", NULL, NULL, TRUE, rw);
  properties[PROP_SPEECH_AVAILABLE] =
    g_param_spec_boolean ("speech-available", NULL, NULL, FALSE, ro);
  properties[PROP_AUDIO_FAILED] = g_param_spec_boolean ("audio-failed", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
proprio_pacer_sound_init (ProprioPacerSound *self)
{
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  g_mutex_init (&self->lock);
  self->voices = g_array_new (FALSE, FALSE, sizeof (Voice));
  self->volume = 0.7;
  self->ticks = TRUE;
  self->speech = TRUE;
  self->speech_available = proprio_pacer_speech_available ();
  self->voice = pick_voice ();
  make_cues (self);
}
