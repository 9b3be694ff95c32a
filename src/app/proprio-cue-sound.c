/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cue-sound"

#include "config.h"

#include "proprio-cue-sound.h"

typedef enum
{
  BEEP_START,
  BEEP_STOP,
  BEEP_HIT,
  N_BEEPS
} Beep;

static const char * const beep_paths[N_BEEPS] = {
  RESOURCE_PREFIX "/proprio-cue-start.wav",
  RESOURCE_PREFIX "/proprio-cue-stop.wav",
  RESOURCE_PREFIX "/proprio-cue-hit.wav",
};

struct _ProprioCueSound
{
  /* Opened on first use: loading the media backend costs a moment that a page which never
   * runs an exercise should not pay. */
  GtkMediaStream *streams[N_BEEPS];
  guint           count;
  double          volume;       /* 0 to 1, the preference's */
};

ProprioCueSound *
proprio_cue_sound_new (void)
{
  ProprioCueSound *self = g_new0 (ProprioCueSound, 1);

  self->volume = 1.0;
  return self;
}

void
proprio_cue_sound_set_volume (ProprioCueSound *self,
                              double           volume)
{
  g_return_if_fail (self != NULL);

  self->volume = CLAMP (volume, 0.0, 1.0);
  for (guint i = 0; i < N_BEEPS; i++)
    if (self->streams[i] != NULL)
      gtk_media_stream_set_volume (self->streams[i], self->volume);
}

double
proprio_cue_sound_get_volume (ProprioCueSound *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->volume;
}

void
proprio_cue_sound_free (ProprioCueSound *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < N_BEEPS; i++)
    {
      if (self->streams[i] != NULL)
        gtk_media_stream_pause (self->streams[i]);
      g_clear_object (&self->streams[i]);
    }
  g_free (self);
}

static void
play_beep (ProprioCueSound *self,
           Beep             beep)
{
  GtkMediaStream *stream;

  if (self->streams[beep] == NULL)
    {
      self->streams[beep] = gtk_media_file_new_for_resource (beep_paths[beep]);
      gtk_media_stream_set_volume (self->streams[beep], self->volume);
    }
  stream = self->streams[beep];

  /* No media backend, or no audio output: the cue stays visual. */
  if (gtk_media_stream_get_error (stream) != NULL)
    return;

  if (gtk_media_stream_get_playing (stream))
    gtk_media_stream_pause (stream);
  if (gtk_media_stream_is_seekable (stream))
    gtk_media_stream_seek (stream, 0);
  gtk_media_stream_play (stream);
}

const char *
proprio_cue_sound_play (ProprioCueSound      *self,
                        GtkWidget            *widget,
                        ProprioExerciseEvent  event)
{
  Beep beep;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  switch (event)
    {
    case PROPRIO_EXERCISE_EVENT_COUNTDOWN:
    case PROPRIO_EXERCISE_EVENT_STEP_OFF:
      self->count++;
      /* The bell has no volume of its own: silence is the one level it can follow. */
      if (self->volume <= 0.0)
        return NULL;
      gdk_display_beep (gtk_widget_get_display (widget));
      return "bell";
    case PROPRIO_EXERCISE_EVENT_START:
    case PROPRIO_EXERCISE_EVENT_CUE:
      beep = BEEP_START;
      break;
    case PROPRIO_EXERCISE_EVENT_STOP:
      beep = BEEP_STOP;
      break;
    case PROPRIO_EXERCISE_EVENT_TARGET_HIT:
      beep = BEEP_HIT;
      break;
    case PROPRIO_EXERCISE_EVENT_TARGET_MISSED:
    case PROPRIO_EXERCISE_EVENT_DONE:   /* the STOP of the last trial already sounded */
    default:
      return NULL;
    }

  self->count++;
  play_beep (self, beep);
  return beep_paths[beep];
}

guint
proprio_cue_sound_get_count (ProprioCueSound *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->count;
}
