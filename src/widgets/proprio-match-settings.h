/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "exercises/proprio-match-exercise.h"

G_BEGIN_DECLS

/* ProprioMatchSettings: the settings of a matching protocol (proprio-match-exercise.h) shared by
 * the Joint position page and the Balance page's position matching: trials and order, movement,
 * memorising, registration, knowledge of results (with a preview of the trials that get it) and
 * timing, as preference groups. Every change is applied to the engine at once (validated by
 * proprio_exercise_apply_settings (); a schedule that does not parse says why under it and is not
 * applied). While the engine runs the groups are insensitive; when it is not running they follow
 * the engine, so two windows show the same settings. The targets are the page's own. */

#define PROPRIO_TYPE_MATCH_SETTINGS (proprio_match_settings_get_type ())
G_DECLARE_FINAL_TYPE (ProprioMatchSettings, proprio_match_settings,
                      PROPRIO, MATCH_SETTINGS, GtkBox)

GtkWidget            *proprio_match_settings_new          (ProprioMatchExercise *exercise);
ProprioMatchExercise *proprio_match_settings_get_exercise (ProprioMatchSettings *self);
/* The error under the schedule, or NULL when it applied. */
const char           *proprio_match_settings_get_error    (ProprioMatchSettings *self);
/* Reads the engine's configuration into the widgets (after the page changed the targets). */
void                  proprio_match_settings_sync         (ProprioMatchSettings *self);

G_END_DECLS
