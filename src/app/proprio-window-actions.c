/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "exercises/proprio-match-exercise.h"

#include "proprio-pedal-key.h"
#include "proprio-window-private.h"

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
show_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ProprioWindow *self = PROPRIO_WINDOW (widget);

  gtk_menu_button_popup (self->device_button);
}

static void
device_connect_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  proprio_window_device_connect (PROPRIO_WINDOW (widget));
}

static void
device_disconnect_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  proprio_window_device_disconnect (PROPRIO_WINDOW (widget));
}

/* ---- the running exercise ---- */

static void
exercise_toggle_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ProprioWindow *self = PROPRIO_WINDOW (widget);
  ProprioExercise *exercise = proprio_station_get_exercise (self->station);

  /* While a plan runs, the one key goes through its steps (start, go on, stop, next). */
  if (self->plan_run != NULL && proprio_plan_run_toggle (self->plan_run))
    return;
  /* The page of the exercise starts it: it applies its settings and says why it cannot start
   * (no EMG channels yet, the same muscle twice, no angle). On the Joint position page, Space
   * starts its protocol whatever was chosen elsewhere. */
  if (!proprio_station_is_running (self->station) && self->joint != NULL &&
      (g_strcmp0 (proprio_window_get_view (self), "joint") == 0 ||
       (exercise != NULL && proprio_exercise_get_stream_kind (exercise) == PROPRIO_STREAM_ANGLE)))
    gtk_widget_activate_action (GTK_WIDGET (self->joint), "joint.start", NULL);
  else if (!proprio_station_is_running (self->station) && exercise != NULL)
    {
      if (proprio_exercise_get_stream_kind (exercise) == PROPRIO_STREAM_EMG && self->muscle != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self->muscle), "muscle.start", NULL);
      else if (self->balance != NULL)
        gtk_widget_activate_action (GTK_WIDGET (self->balance), "balance.start", NULL);
      else
        proprio_station_toggle (self->station);
    }
  else
    proprio_station_toggle (self->station);
}

/* Return registers a matching protocol's position (Space does too, through the toggle). */
static void
exercise_register_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ProprioStation *station = PROPRIO_WINDOW (widget)->station;
  ProprioExercise *running = proprio_station_get_running (station);
  g_autoptr(GError) error = NULL;

  /* The station registers from the angle source (a frozen frame's points, too). */
  if (running != NULL && PROPRIO_IS_MATCH_EXERCISE (running) &&
      !proprio_station_register (station, &error))
    g_debug ("Not registered: %s", error->message);
}

static void
exercise_stop_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ProprioWindow *self = PROPRIO_WINDOW (widget);

  /* A plan's step (a rest too) stops and the plan waits on it. */
  if (self->plan_run == NULL || !proprio_plan_run_stop_step (self->plan_run))
    proprio_station_stop (self->station);
}

static void
plan_panel_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  proprio_window_toggle_plan_panel (PROPRIO_WINDOW (widget));
}

/* ---- keys that cannot be lost ----
 *
 * Single keys (Space for the therapist's free hand, the Mirror tools) are the window's, caught
 * in the capture phase before any widget: a button that took the focus when it was clicked
 * would otherwise swallow Space, and a page's own bindings go deaf once the focus is outside
 * it. They step aside for typing (an entry or a spin button has the focus) and for popovers, and
 * a key whose action does not apply now (Escape with nothing running) goes on to the widgets. */

typedef struct
{
  guint            keyval;
  GdkModifierType  modifiers;
  const char      *view;      /* only on this work area, or NULL for any */
  const char      *action;    /* "win.…" or "app.…", else on the page of `view` */
  const char      *tool;      /* mirror.tool's parameter */
} WindowKey;

static const WindowKey window_keys[] = {
  { GDK_KEY_space, 0, NULL, "win.exercise-toggle", NULL },
  { GDK_KEY_Return, GDK_CONTROL_MASK, NULL, "win.exercise-toggle", NULL },
  { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, NULL, "win.exercise-toggle", NULL },
  { GDK_KEY_Escape, 0, NULL, "win.exercise-stop", NULL },
  { GDK_KEY_Return, 0, NULL, "win.exercise-register", NULL },
  { GDK_KEY_KP_Enter, 0, NULL, "win.exercise-register", NULL },
  { GDK_KEY_r, 0, "muscle", "muscle.show-raw", NULL },
  { GDK_KEY_p, 0, "muscle", "muscle.pair-view", NULL },
  /* A plan's steps; Page Up/Down is what presentation remotes and many foot pedals send. */
  { GDK_KEY_Right, 0, NULL, "app.plan-next", NULL },
  { GDK_KEY_Page_Down, 0, NULL, "app.plan-next", NULL },
  { GDK_KEY_Left, 0, NULL, "app.plan-previous", NULL },
  { GDK_KEY_Page_Up, 0, NULL, "app.plan-previous", NULL },
  { GDK_KEY_f, 0, "mirror", "mirror.freeze", NULL },
  { GDK_KEY_f, 0, "joint", "joint.freeze", NULL },
  { GDK_KEY_m, 0, "mirror", "mirror.mirror", NULL },
  { GDK_KEY_i, 0, "mirror", "mirror.inset", NULL },
  { GDK_KEY_bracketright, 0, "mirror", "mirror.delay-up", NULL },
  { GDK_KEY_plus, 0, "mirror", "mirror.delay-up", NULL },
  { GDK_KEY_KP_Add, 0, "mirror", "mirror.delay-up", NULL },
  { GDK_KEY_bracketleft, 0, "mirror", "mirror.delay-down", NULL },
  { GDK_KEY_minus, 0, "mirror", "mirror.delay-down", NULL },
  { GDK_KEY_KP_Subtract, 0, "mirror", "mirror.delay-down", NULL },
  { GDK_KEY_0, 0, "mirror", "mirror.live", NULL },
  { GDK_KEY_v, 0, "mirror", "mirror.tool", "select" },
  { GDK_KEY_p, 0, "mirror", "mirror.tool", "plumb" },
  { GDK_KEY_l, 0, "mirror", "mirror.tool", "level" },
  { GDK_KEY_g, 0, "mirror", "mirror.tool", "grid" },
  { GDK_KEY_n, 0, "mirror", "mirror.tool", "line" },
  { GDK_KEY_c, 0, "mirror", "mirror.tool", "circle" },
  { GDK_KEY_a, 0, "mirror", "mirror.tool", "angle" },
  { GDK_KEY_Delete, 0, "mirror", "mirror.delete", NULL },
  { GDK_KEY_KP_Delete, 0, "mirror", "mirror.delete", NULL },
  { GDK_KEY_z, GDK_CONTROL_MASK, "mirror", "mirror.undo", NULL },
  { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mirror", "mirror.redo", NULL },
  { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "mirror", "mirror.redo", NULL },
  { GDK_KEY_y, GDK_CONTROL_MASK, "mirror", "mirror.redo", NULL },
};

/* Typing goes to what is being typed in; a popover keeps its own keys (Escape closes it). */
static gboolean
focus_wants_keys (ProprioWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_EDITABLE (w) || GTK_IS_POPOVER (w) || GTK_IS_TEXT_VIEW (w))
      return TRUE;
  return FALSE;
}

static gboolean
key_applies (ProprioWindow   *self,
             const WindowKey *key)
{
  gboolean plan = self->plan_run != NULL && proprio_plan_run_is_active (self->plan_run);

  if (g_str_equal (key->action, "win.exercise-toggle"))
    return plan || proprio_station_get_exercise (self->station) != NULL ||
           proprio_station_is_running (self->station) ||
           g_strcmp0 (proprio_window_get_view (self), "joint") == 0;
  /* Plain Return belongs to the focused button or row unless a position is waiting for it. */
  if (g_str_equal (key->action, "win.exercise-register"))
    {
      ProprioExercise *running = proprio_station_get_running (self->station);

      return running != NULL && PROPRIO_IS_MATCH_EXERCISE (running) &&
             proprio_match_exercise_can_register (PROPRIO_MATCH_EXERCISE (running));
    }
  if (g_str_equal (key->action, "win.exercise-stop"))
    return proprio_station_is_running (self->station) ||
           (plan && proprio_plan_run_is_resting (self->plan_run));
  /* The arrows move the focus as usual unless a plan runs. */
  if (g_str_has_prefix (key->action, "app."))
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      return app != NULL && g_action_group_get_action_enabled (G_ACTION_GROUP (app),
                                                               key->action + 4);
    }
  return TRUE;
}

/* A key can mean one thing per work area (P: the plumb line on the Mirror page, the pair view on
 * the Muscle page): one shortcut per key, and the entry of the page on screen. */
static const WindowKey *
key_for_view (const WindowKey *key,
              const char      *view)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_keys); i++)
    {
      const WindowKey *k = &window_keys[i];

      if (k->keyval == key->keyval && k->modifiers == key->modifiers &&
          (k->view == NULL || g_strcmp0 (k->view, view) == 0))
        return k;
    }
  return NULL;
}

static gboolean
window_key_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  ProprioWindow *self = PROPRIO_WINDOW (widget);
  const WindowKey *key = key_for_view (user_data, proprio_window_get_view (self));

  if (key == NULL)
    return FALSE;
  if (proprio_pedal_key_run (widget, key->keyval, key->modifiers))
    return TRUE;
  if ((key->modifiers & GDK_CONTROL_MASK) == 0 && focus_wants_keys (self))
    return FALSE;
  if (!key_applies (self, key))
    return FALSE;

  if (g_str_has_prefix (key->action, "win.") || g_str_has_prefix (key->action, "app."))
    return gtk_widget_activate_action (widget, key->action, NULL);
  if (g_str_has_prefix (key->action, "muscle."))
    return self->muscle != NULL &&
           gtk_widget_activate_action (GTK_WIDGET (self->muscle), key->action, NULL);
  if (g_str_has_prefix (key->action, "joint."))
    return self->joint != NULL &&
           gtk_widget_activate_action (GTK_WIDGET (self->joint), key->action, NULL);
  if (key->tool != NULL)
    return gtk_widget_activate_action (GTK_WIDGET (self->mirror), key->action, "s", key->tool);
  return gtk_widget_activate_action (GTK_WIDGET (self->mirror), key->action, NULL);
}

void
proprio_window_init_keys (ProprioWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_name (controller, "proprio-window-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (window_keys); i++)
    {
      const WindowKey *key = &window_keys[i];
      GtkShortcut *shortcut;
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = window_keys[j].keyval == key->keyval && window_keys[j].modifiers == key->modifiers;
      if (seen)
        continue;
      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key->keyval, key->modifiers),
                                   gtk_callback_action_new (window_key_cb, (gpointer) key, NULL));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
  /* The foot pedal's key means the pedal's action, whatever it does above: GTK runs the
   * controller added last first (and window_key_cb asks the pedal too). */
  proprio_pedal_key_attach (GTK_WIDGET (self));
}

void
proprio_window_class_init_actions (GtkWidgetClass *widget_class)
{
  /* A property action: its state is the visible work area, so "win.view::mirror" both switches
   * to the Mirror page and shows as checked in menus. */
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_property_action (widget_class, "win.performance-overlay",
                                            "performance-overlay");
  gtk_widget_class_install_action (widget_class, "win.show-device", NULL, show_device_action);
  gtk_widget_class_install_action (widget_class, "win.device-connect", NULL, device_connect_action);
  gtk_widget_class_install_action (widget_class, "win.device-disconnect", NULL,
                                   device_disconnect_action);
  gtk_widget_class_install_action (widget_class, "win.exercise-toggle", NULL,
                                   exercise_toggle_action);
  gtk_widget_class_install_action (widget_class, "win.exercise-stop", NULL,
                                   exercise_stop_action);
  gtk_widget_class_install_action (widget_class, "win.plan-panel", NULL, plan_panel_action);
  gtk_widget_class_install_action (widget_class, "win.exercise-register", NULL,
                                   exercise_register_action);
}
