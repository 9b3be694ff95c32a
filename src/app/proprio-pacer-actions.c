/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer"

#include "config.h"

#include <glib/gi18n.h>

#include "core/proprio-clock.h"

#include "proprio-pacer-actions.h"
#include "proprio-pacer-window.h"
#include "proprio-window.h"

struct _ProprioPacerActions
{
  GtkApplication    *app;        /* not owned: it owns us */
  ProprioStation    *station;
  GSettings         *settings;
  ProprioPacer      *pacer;      /* the station's */
  ProprioPacerSound *sound;
  GtkWidget         *panel;      /* weak: the open pacer panel, or NULL */
  gboolean           said_no_speech;
};

static const char * const pattern_keys[] = {
  "pacer-preset", "pacer-custom-breath", "pacer-custom-tempo", "pacer-repetitions",
  "pacer-lead-in",
};

gboolean
proprio_pacer_pattern_from_settings (GSettings            *settings,
                                     ProprioPacerPattern  *out,
                                     GError              **error)
{
  g_autofree char *preset = g_settings_get_string (settings, "pacer-preset");
  gboolean tempo = g_str_equal (preset, PROPRIO_PACER_CUSTOM_TEMPO);
  ProprioPacerPattern p = { 0 };

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (tempo || g_str_equal (preset, PROPRIO_PACER_CUSTOM_BREATH))
    {
      double s[PROPRIO_PACER_N_SLOTS];

      g_settings_get (settings, tempo ? "pacer-custom-tempo" : "pacer-custom-breath", "(dddd)",
                      &s[0], &s[1], &s[2], &s[3]);
      p.mode = tempo ? PROPRIO_PACER_TEMPO : PROPRIO_PACER_BREATH;
      for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
        p.phase_us[i] = (gint64) (s[i] * G_USEC_PER_SEC + 0.5);
    }
  else if (!proprio_pacer_preset_apply (preset, &p, error))
    return FALSE;
  p.repetitions = g_settings_get_uint (settings, "pacer-repetitions");
  p.lead_in_us = g_settings_get_boolean (settings, "pacer-lead-in")
                 ? PROPRIO_PACER_DEFAULT_LEAD_IN_US : 0;
  *out = p;
  return proprio_pacer_pattern_validate (&p, error);
}

static void
apply_settings (ProprioPacerActions *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "pacer-preset");
  g_autoptr(GError) error = NULL;
  ProprioPacerPattern p;

  /* Timings edited into something out of range (by hand, in dconf) keep the last good ones. */
  if (!proprio_pacer_pattern_from_settings (self->settings, &p, &error)
      || !proprio_pacer_set_pattern (self->pacer, &p, preset, &error))
    g_message ("Pacer settings not used: %s", error->message);
}

static ProprioWindow *
find_window (ProprioPacerActions *self)
{
  GtkWindow *active = gtk_application_get_active_window (self->app);

  if (PROPRIO_IS_WINDOW (active))
    return PROPRIO_WINDOW (active);
  for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
running_cb (ProprioPacerActions *self)
{
  ProprioWindow *window;

  if (!proprio_pacer_is_running (self->pacer))
    {
      proprio_pacer_sound_release (self->sound);
      return;
    }
  proprio_pacer_sound_prepare (self->sound, self->pacer);
  if (!self->said_no_speech && g_settings_get_boolean (self->settings, "pacer-speech")
      && !proprio_pacer_sound_get_speech_available (self->sound)
      && (window = find_window (self)) != NULL)
    {
      self->said_no_speech = TRUE;
      proprio_window_add_toast (window, _("No speech synthesiser: the pacer beeps instead of "
                                          "counting aloud (install gstreamer1.0-espeak)"));
    }
}

static void
event_cb (ProprioPacer            *pacer,
          const ProprioPacerEvent *event,
          ProprioPacerActions     *self)
{
  proprio_pacer_sound_play (self->sound, event);
}

/* ---- actions ---- */

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ProprioPacerActions *self = user_data;

  if (!proprio_pacer_is_running (self->pacer))
    proprio_pacer_start (self->pacer, proprio_clock_now_us ());
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ProprioPacerActions *self = user_data;

  proprio_pacer_stop (self->pacer);
}

static void
toggle_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  ProprioPacerActions *self = user_data;

  if (proprio_pacer_is_running (self->pacer))
    proprio_pacer_stop (self->pacer);
  else
    proprio_pacer_start (self->pacer, proprio_clock_now_us ());
}

static void
show_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ProprioPacerActions *self = user_data;

  if (self->panel == NULL)
    {
      self->panel = GTK_WIDGET (proprio_pacer_window_new (self->station, self->settings,
                                                          self->sound));
      g_object_add_weak_pointer (G_OBJECT (self->panel), (gpointer *) &self->panel);
      gtk_window_set_application (GTK_WINDOW (self->panel), self->app);
      gtk_window_set_transient_for (GTK_WINDOW (self->panel),
                                    GTK_WINDOW (find_window (self)));
    }
  gtk_window_present (GTK_WINDOW (self->panel));
}

static const GActionEntry actions[] = {
  { "pacer-start", start_action },
  { "pacer-stop", stop_action },
  { "pacer-toggle", toggle_action },
  { "pacer-show", show_action },
};

ProprioPacerActions *
proprio_pacer_actions_new (GtkApplication *app,
                           ProprioStation *station,
                           GSettings      *settings)
{
  ProprioPacerActions *self = g_new0 (ProprioPacerActions, 1);
  g_autoptr(GAction) preset = NULL, mute = NULL;
  static const char *toggle_accels[] = { "<Control>b", NULL };
  static const char *show_accels[] = { "<Control><Shift>b", NULL };

  self->app = app;
  self->station = g_object_ref (station);
  self->settings = g_object_ref (settings);
  self->pacer = g_object_ref (proprio_station_get_pacer (station));
  self->sound = proprio_pacer_sound_new ();

  g_settings_bind (settings, "pacer-volume", self->sound, "volume", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "pacer-mute", self->sound, "muted", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "pacer-ticks", self->sound, "ticks", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "pacer-speech", self->sound, "speech", G_SETTINGS_BIND_GET);
  for (guint i = 0; i < G_N_ELEMENTS (pattern_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", pattern_keys[i], NULL);

      g_signal_connect_swapped (settings, signal, G_CALLBACK (apply_settings), self);
    }
  apply_settings (self);
  g_signal_connect_swapped (self->pacer, "notify::running", G_CALLBACK (running_cb), self);
  g_signal_connect (self->pacer, "event", G_CALLBACK (event_cb), self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), self);
  /* Stateful and tied to the settings: a menu shows the current pattern and mute as checked. */
  preset = g_settings_create_action (settings, "pacer-preset");
  mute = g_settings_create_action (settings, "pacer-mute");
  g_action_map_add_action (G_ACTION_MAP (app), preset);
  g_action_map_add_action (G_ACTION_MAP (app), mute);
  gtk_application_set_accels_for_action (app, "app.pacer-toggle", toggle_accels);
  gtk_application_set_accels_for_action (app, "app.pacer-show", show_accels);
  return self;
}

void
proprio_pacer_actions_free (ProprioPacerActions *self)
{
  if (self == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->pacer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->pacer, self);
      proprio_pacer_stop (self->pacer);
      g_clear_object (&self->pacer);
    }
  if (self->panel != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->panel), (gpointer *) &self->panel);
      gtk_window_destroy (GTK_WINDOW (self->panel));
    }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_action_map_remove_action (G_ACTION_MAP (self->app), actions[i].name);
  g_action_map_remove_action (G_ACTION_MAP (self->app), "pacer-preset");
  g_action_map_remove_action (G_ACTION_MAP (self->app), "pacer-mute");
  g_object_run_dispose (G_OBJECT (self->sound));
  g_clear_object (&self->sound);
  g_clear_object (&self->settings);
  g_clear_object (&self->station);
  g_free (self);
}

ProprioPacerSound *
proprio_pacer_actions_get_sound (ProprioPacerActions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sound;
}
