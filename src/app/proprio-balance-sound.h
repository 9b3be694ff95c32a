/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "exercises/proprio-exercise.h"

G_BEGIN_DECLS

/* Short cues for the balance exercises: the display's bell for countdown seconds and step-off,
 * short sine beeps (resources) for start, stop, cue and hit. Where GTK has no media backend or
 * the system no audio output, the beeps are silently skipped. */
typedef struct _ProprioBalanceSound ProprioBalanceSound;

ProprioBalanceSound *proprio_balance_sound_new       (void);
void                 proprio_balance_sound_free      (ProprioBalanceSound  *self);
/* Returns the resource path of the beep played, "bell" for the display's bell, or NULL when the
 * event has no sound. */
const char          *proprio_balance_sound_play      (ProprioBalanceSound  *self,
                                                      GtkWidget            *widget,
                                                      ProprioExerciseEvent  event);
/* Sounds requested so far (played or skipped for want of audio). */
guint                proprio_balance_sound_get_count (ProprioBalanceSound  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioBalanceSound, proprio_balance_sound_free)

G_END_DECLS
