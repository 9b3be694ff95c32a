/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "exercises/proprio-exercise.h"

G_BEGIN_DECLS

/* The exercises' audible cues, one module for every work area (the balance tests and training,
 * the MVC calibration and the activation drills): the display's bell for countdown seconds and
 * step-off, short sine beeps (resources) for a trial's or a work phase's start (and a target's
 * cue), its stop, and a target hit (a target reached, an EMG band reached). The application plays
 * the running exercise's events once, whatever the windows. Where GTK has no media backend or the
 * system no audio output, the beeps are silently skipped. */
typedef struct _ProprioCueSound ProprioCueSound;

ProprioCueSound *proprio_cue_sound_new       (void);
void             proprio_cue_sound_free      (ProprioCueSound      *self);
/* Returns the resource path of the beep played, "bell" for the display's bell, or NULL when the
 * event has no sound. */
const char      *proprio_cue_sound_play      (ProprioCueSound      *self,
                                              GtkWidget            *widget,
                                              ProprioExerciseEvent  event);
/* The beeps' loudness, 0 to 1 (the "cue-volume" preference); at 0 the bell is silent too. */
void             proprio_cue_sound_set_volume (ProprioCueSound     *self,
                                               double               volume);
double           proprio_cue_sound_get_volume (ProprioCueSound     *self);
/* Sounds requested so far (played or skipped for want of audio). */
guint            proprio_cue_sound_get_count (ProprioCueSound      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioCueSound, proprio_cue_sound_free)

G_END_DECLS
