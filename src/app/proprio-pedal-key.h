/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The foot pedal: a USB pedal is a keyboard that types one key. The "pedal-key" preference names
 * that key (a GDK key name, default Page_Down, which presentation remotes and most pedals send);
 * "pedal-action" says what it does (the next plan step, start/stop, the previous step, a
 * snapshot). Nothing to install or pair: the key works in the main window like any shortcut, and
 * steps aside while something is being typed. */

/* The action the preference names, such as "app.plan-next" or "win.exercise-toggle". */
const char *proprio_pedal_action_name (GSettings *settings);
/* The pedal key's keyval, or 0 for none (empty or an unknown name). */
guint       proprio_pedal_key_get     (GSettings *settings);
/* A readable name for the key set, such as "Page Down", or "None". Free with g_free. */
char       *proprio_pedal_key_label   (GSettings *settings);
/* Catches the pedal key in `window` (a window of the ProprioApplication, whose settings say
 * which key) before any widget. GTK runs the controller added last first: attach it after the
 * window's own key controllers (whose handlers may also ask proprio_pedal_key_run first). */
void        proprio_pedal_key_attach  (GtkWidget *window);
/* proprio_pedal_key_press with the settings of `window`'s ProprioApplication. */
gboolean    proprio_pedal_key_run     (GtkWidget       *window,
                                       guint            keyval,
                                       GdkModifierType  state);
/* What a press of `keyval` does in `window`: TRUE when it was the pedal key and its action ran. */
gboolean    proprio_pedal_key_press   (GtkWidget       *window,
                                       GSettings       *settings,
                                       guint            keyval,
                                       GdkModifierType  state);
/* Asks for a press of the pedal (or a key) over `parent` and stores it; "No Key" clears it,
 * Escape or Cancel keeps what was set. Returns the dialog. */
GtkWidget  *proprio_pedal_key_capture (GtkWindow *parent,
                                       GSettings *settings);
/* The capture dialog's handling of a key press (for tests): TRUE when the key was taken. */
gboolean    proprio_pedal_key_capture_press (GtkWidget       *dialog,
                                             guint            keyval,
                                             GdkModifierType  state);

G_END_DECLS
