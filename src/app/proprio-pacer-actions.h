/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "station/proprio-station.h"

#include "proprio-pacer-sound.h"

G_BEGIN_DECLS

/* The pacer's application side: the station's pacer follows the settings (pacer-preset, the
 * custom timings, pacer-repetitions, pacer-lead-in), its events become sounds (volume, mute,
 * ticks and speech from the settings), and these application actions drive it, from the menus,
 * the keyboard or a script (`gapplication action io.github.proprio.Proprio pacer-start`):
 *
 *   app.pacer-start, app.pacer-stop, app.pacer-toggle (Ctrl+B)
 *   app.pacer-preset (s, stateful: the pacer-preset setting), app.pacer-mute (stateful)
 *   app.pacer-show (Ctrl+Shift+B): the pacer panel, with presets, timings, sound and a big view
 *
 * With speech on and no synthesiser installed, the first start says so once, in a toast. */
typedef struct _ProprioPacerActions ProprioPacerActions;

/* Custom patterns, as pacer-preset values. */
#define PROPRIO_PACER_CUSTOM_BREATH "custom-breath"
#define PROPRIO_PACER_CUSTOM_TEMPO  "custom-tempo"

ProprioPacerActions *proprio_pacer_actions_new       (GtkApplication      *app,
                                                      ProprioStation      *station,
                                                      GSettings           *settings);
void                 proprio_pacer_actions_free      (ProprioPacerActions *self);
ProprioPacerSound   *proprio_pacer_actions_get_sound (ProprioPacerActions *self);
/* The pattern the settings describe (for the panel); FALSE with a message when the stored
 * custom timings are out of range. */
gboolean             proprio_pacer_pattern_from_settings (GSettings           *settings,
                                                          ProprioPacerPattern *out,
                                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioPacerActions, proprio_pacer_actions_free)

G_END_DECLS
