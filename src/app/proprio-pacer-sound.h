/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "exercises/proprio-pacer.h"

G_BEGIN_DECLS

/* The pacer's cues, through GStreamer: a beep at each phase change (higher for breathing in and
 * coming up, lower for breathing out and going down, between for a hold), a soft tick at each
 * second, a chime at the end, and spoken words and counts ("Breathe in", "2", "3"…) in the UI
 * language where a speech synthesiser is installed (GStreamer's espeak element, Debian package
 * gstreamer1.0-espeak); the spoken count then stands in for the tick.
 *
 * One pipeline plays while the pacer runs (appsrc → volume → the audio sink): it mixes the cues
 * into a stream of 12 ms blocks, so a cue starts within a block and the sink's short buffer of
 * its due time, and two cues can overlap. The words are synthesised once, in the background,
 * when the pacer starts (a worker thread renders each into memory), so speaking costs no
 * latency; a word not ready yet is a tick or a beep instead.
 *
 * No audio device, no media backend, no synthesiser: the cues are silently skipped (never an
 * error dialog); "speech-available" says whether words can be spoken.
 *
 * Properties: "volume" (double 0–1), "muted", "ticks" (a tick per second), "speech" (speak
 * words and counts), "speech-available" (read-only), "audio-failed" (read-only: the sink could
 * not play; nothing more is tried until the next prepare ()). */

#define PROPRIO_TYPE_PACER_SOUND (proprio_pacer_sound_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPacerSound, proprio_pacer_sound, PROPRIO, PACER_SOUND, GObject)

/* The cues played (or mixed but silent for mute), for tests and diagnostics. */
typedef struct
{
  guint beeps;
  guint ticks;
  guint words;
  guint chimes;
  guint skipped;     /* stale events, audio failed */
} ProprioPacerSoundCounts;

ProprioPacerSound *proprio_pacer_sound_new            (void);
/* Plays into `sink` (e.g. an appsink with sync=TRUE in tests) instead of autoaudiosink; the
 * sound takes a reference. */
ProprioPacerSound *proprio_pacer_sound_new_for_sink   (GstElement              *sink);

/* Starts the pipeline and renders the words `pacer`'s pattern needs. Cheap when prepared. */
void               proprio_pacer_sound_prepare        (ProprioPacerSound       *self,
                                                       ProprioPacer            *pacer);
/* Stops the pipeline (after the cues in flight). */
void               proprio_pacer_sound_release        (ProprioPacerSound       *self);
/* The cue for `event`; an event more than 300 ms old (a machine that stalled) is skipped. */
void               proprio_pacer_sound_play           (ProprioPacerSound       *self,
                                                       const ProprioPacerEvent *event);
/* TRUE when the words for `text` are synthesised and ready to play. */
gboolean           proprio_pacer_sound_has_word       (ProprioPacerSound       *self,
                                                       const char              *text);
/* The espeak voice used ("en", "de", "es"…). */
const char        *proprio_pacer_sound_get_voice      (ProprioPacerSound       *self);
gboolean           proprio_pacer_sound_get_speech_available (ProprioPacerSound *self);
void               proprio_pacer_sound_get_counts     (ProprioPacerSound       *self,
                                                       ProprioPacerSoundCounts *out);

G_END_DECLS
