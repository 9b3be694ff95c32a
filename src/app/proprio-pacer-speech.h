/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Words synthesised ahead of time for the pacer's cues (proprio-pacer-sound.c): GStreamer's
 * espeak element renders each word once, on a worker thread, into mono S16 PCM at the sound's
 * rate; the cache hands the samples out at once when a cue is due. */
typedef struct _ProprioPacerSpeech ProprioPacerSpeech;

/* Whether a synthesiser is installed (the espeak GStreamer element). */
gboolean            proprio_pacer_speech_available (void);
ProprioPacerSpeech *proprio_pacer_speech_new       (const char         *voice,
                                                    guint               rate_hz);
/* Waits for the word being rendered, if any (at most a few seconds). */
void                proprio_pacer_speech_free      (ProprioPacerSpeech *self);
/* Queues the words not cached yet, in this order. */
void                proprio_pacer_speech_render    (ProprioPacerSpeech *self,
                                                    const char * const *words);
/* The samples of `word`, or NULL while it is not rendered (or could not be). */
GBytes             *proprio_pacer_speech_lookup    (ProprioPacerSpeech *self,
                                                    const char         *word);
/* The synthesiser failed (e.g. no such voice): nothing more will be rendered. */
gboolean            proprio_pacer_speech_failed    (ProprioPacerSpeech *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioPacerSpeech, proprio_pacer_speech_free)

G_END_DECLS
