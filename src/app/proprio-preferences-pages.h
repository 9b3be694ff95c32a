/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Pages of the Preferences window, each over the application's GSettings.
 *
 * Sound and Keys: the exercises' cue sounds (on/off, volume) and the foot pedal (the key it types,
 * captured from a press, and what it does; see proprio-pedal-key.h).
 *
 * Exercises: the starting values of the exercises' timings, and the EMG processing.
 *
 * Data: the data folder of the records, chosen with the desktop's folder chooser. It is used from
 * the next start and nothing is moved: the page says which folder is in use now when another one
 * is set. */

#define PROPRIO_TYPE_PREFERENCES_SOUND_PAGE (proprio_preferences_sound_page_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPreferencesSoundPage, proprio_preferences_sound_page, PROPRIO,
                      PREFERENCES_SOUND_PAGE, AdwPreferencesPage)

#define PROPRIO_TYPE_PREFERENCES_EXERCISES_PAGE (proprio_preferences_exercises_page_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPreferencesExercisesPage, proprio_preferences_exercises_page,
                      PROPRIO, PREFERENCES_EXERCISES_PAGE, AdwPreferencesPage)

#define PROPRIO_TYPE_PREFERENCES_DATA_PAGE (proprio_preferences_data_page_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPreferencesDataPage, proprio_preferences_data_page, PROPRIO,
                      PREFERENCES_DATA_PAGE, AdwPreferencesPage)

GtkWidget *proprio_preferences_sound_page_new        (GSettings                  *settings);
/* Opens the pedal key capture, as the row's "Set…" button does; returns the dialog. */
GtkWidget *proprio_preferences_sound_page_capture    (ProprioPreferencesSoundPage *self);

/* The exercises' starting values (static test, weight shift, activation drill) and the EMG
 * envelope's high-pass and window. */
GtkWidget *proprio_preferences_exercises_page_new    (GSettings                  *settings);

/* `in_use` is the folder the running application keeps its records in. */
GtkWidget *proprio_preferences_data_page_new         (GSettings                  *settings,
                                                      const char                 *in_use);
void       proprio_preferences_data_page_set_in_use  (ProprioPreferencesDataPage  *self,
                                                      const char                 *in_use);
/* Stores `folder` as the data folder after checking it can hold the records; FALSE with a
 * message for the therapist (also shown on the page) when it cannot. As the folder chooser
 * does on "Select". */
gboolean   proprio_preferences_data_page_choose      (ProprioPreferencesDataPage  *self,
                                                      GFile                      *folder,
                                                      GError                    **error);
/* What the page says under the folder (the note: "from the next start…"), or NULL when hidden. */
const char *proprio_preferences_data_page_get_note   (ProprioPreferencesDataPage  *self);

G_END_DECLS
