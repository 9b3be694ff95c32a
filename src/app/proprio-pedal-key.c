/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pedal"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-application.h"
#include "proprio-pedal-key.h"

/* In the order of the PedalAction enum of the schema. */
static const char * const pedal_actions[] = {
  "app.plan-next",
  "win.exercise-toggle",
  "app.plan-previous",
  "app.snapshot",
};

const char *
proprio_pedal_action_name (GSettings *settings)
{
  int action;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  action = g_settings_get_enum (settings, "pedal-action");
  if (action < 0 || action >= (int) G_N_ELEMENTS (pedal_actions))
    action = 0;
  return pedal_actions[action];
}

guint
proprio_pedal_key_get (GSettings *settings)
{
  g_autofree char *name = NULL;
  guint keyval;

  g_return_val_if_fail (G_IS_SETTINGS (settings), 0);
  name = g_settings_get_string (settings, "pedal-key");
  if (*name == '\0')
    return 0;
  keyval = gdk_keyval_from_name (name);
  return keyval == GDK_KEY_VoidSymbol ? 0 : keyval;
}

char *
proprio_pedal_key_label (GSettings *settings)
{
  guint keyval = proprio_pedal_key_get (settings);

  if (keyval == 0)
    return g_strdup (C_("pedal key", "None"));
  /* GTK's own words for keys, translated as in every shortcut it shows ("Page Down"). */
  return gtk_accelerator_get_label (keyval, 0);
}

/* Typing goes to what is being typed in, as the window's own single keys do. */
static gboolean
typing (GtkWidget *window)
{
  GtkRoot *root = gtk_widget_get_root (window);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_POPOVER (w) || GTK_IS_TEXT_VIEW (w))
      return TRUE;
  return FALSE;
}

static gboolean
action_enabled (GtkWidget  *window,
                const char *name)
{
  GtkApplication *app;

  if (!g_str_has_prefix (name, "app."))
    return TRUE;
  app = gtk_window_get_application (GTK_WINDOW (window));
  return app != NULL && g_action_group_get_action_enabled (G_ACTION_GROUP (app), name + 4);
}

gboolean
proprio_pedal_key_press (GtkWidget       *window,
                         GSettings       *settings,
                         guint            keyval,
                         GdkModifierType  state)
{
  guint pedal;
  const char *action;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  pedal = proprio_pedal_key_get (settings);
  /* A pedal sends the bare key; with Ctrl or Alt it is someone's shortcut. */
  if (pedal == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  if (gdk_keyval_to_lower (keyval) != gdk_keyval_to_lower (pedal))
    return FALSE;
  if (typing (window))
    return FALSE;
  action = proprio_pedal_action_name (settings);
  /* No plan to step through: the key does what it always did (Page Down scrolls a list). */
  if (!action_enabled (window, action))
    return FALSE;
  return gtk_widget_activate_action (window, action, NULL);
}

gboolean
proprio_pedal_key_run (GtkWidget       *window,
                       guint            keyval,
                       GdkModifierType  state)
{
  GtkApplication *app;

  g_return_val_if_fail (GTK_IS_WINDOW (window), FALSE);
  app = gtk_window_get_application (GTK_WINDOW (window));
  if (!PROPRIO_IS_APPLICATION (app))
    return FALSE;
  return proprio_pedal_key_press (window,
                                  proprio_application_get_settings (PROPRIO_APPLICATION (app)),
                                  keyval, state);
}

static gboolean
window_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       gpointer               user_data)
{
  return proprio_pedal_key_run (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)),
                                keyval, state);
}

void
proprio_pedal_key_attach (GtkWidget *window)
{
  GtkEventController *controller;

  g_return_if_fail (GTK_IS_WINDOW (window));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "proprio-pedal-key");
  /* Before any widget: the pedal's key means the pedal's action, whatever it does otherwise. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (window_key_pressed_cb), NULL);
  gtk_widget_add_controller (window, controller);
}

/* ---- capturing the key ---- */

static gboolean
is_modifier (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_Caps_Lock: case GDK_KEY_Num_Lock:
    case GDK_KEY_ISO_Level3_Shift:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
proprio_pedal_key_capture_press (GtkWidget       *dialog,
                                 guint            keyval,
                                 GdkModifierType  state)
{
  GSettings *settings = g_object_get_data (G_OBJECT (dialog), "proprio-settings");
  const char *name;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  /* Escape is the way out, Tab and Return move through the buttons: not pedal keys. */
  if (keyval == GDK_KEY_Escape || keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab ||
      keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || is_modifier (keyval) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  name = gdk_keyval_name (gdk_keyval_to_lower (keyval));
  if (name == NULL)
    return FALSE;
  g_settings_set_string (settings, "pedal-key", name);
  gtk_window_close (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
capture_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        gpointer               user_data)
{
  return proprio_pedal_key_capture_press (GTK_WIDGET (user_data), keyval, state);
}

static void
capture_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GSettings        *settings)
{
  if (g_str_equal (response, "none"))
    g_settings_set_string (settings, "pedal-key", "");
}

GtkWidget *
proprio_pedal_key_capture (GtkWindow *parent,
                           GSettings *settings)
{
  GtkWidget *dialog;
  GtkEventController *controller;
  g_autofree char *current = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  current = proprio_pedal_key_label (settings);
  dialog = adw_message_dialog_new (parent, _("Press the Pedal"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Press the foot pedal, or the key it should stand for. Now: "
                                    "%s. Escape keeps it."), current);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "none", _("_No Key"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "proprio-settings", g_object_ref (settings),
                          g_object_unref);
  g_signal_connect_data (dialog, "response", G_CALLBACK (capture_response_cb),
                         g_object_ref (settings), (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (capture_key_pressed_cb), dialog);
  gtk_widget_add_controller (dialog, controller);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
