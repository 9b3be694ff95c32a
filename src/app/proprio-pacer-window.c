/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer"

#include "config.h"

#include <glib/gi18n.h>

#include "widgets/proprio-pacer-view.h"

#include "proprio-pacer-actions.h"
#include "proprio-pacer-window.h"

struct _ProprioPacerWindow
{
  AdwWindow          parent_instance;

  ProprioStation    *station;
  GSettings         *settings;
  ProprioPacerSound *sound;
  ProprioPacer      *pacer;
  GPtrArray         *preset_ids;      /* parallel to preset_row's model */
  gboolean           updating;        /* the controls follow the settings: not an edit */

  GtkButton         *start_button;
  GtkToggleButton   *mute_button;
  ProprioPacerView  *view;
  AdwComboRow       *preset_row;
  AdwActionRow      *phase_rows[PROPRIO_PACER_N_SLOTS];
  GtkSpinButton     *phase_spins[PROPRIO_PACER_N_SLOTS];
  AdwActionRow      *repetitions_row;
  GtkSpinButton     *repetitions_spin;
  GtkSwitch         *lead_in_switch;
  GtkLabel          *error_label;
  GtkScale          *volume_scale;
  GtkSwitch         *mute_switch;
  GtkSwitch         *ticks_switch;
  AdwActionRow      *speech_row;
  GtkSwitch         *speech_switch;
  GtkSwitch         *overlay_switch;
  GtkSwitch         *large_switch;
};

G_DEFINE_FINAL_TYPE (ProprioPacerWindow, proprio_pacer_window, ADW_TYPE_WINDOW)

/* The row's title without its mnemonic mark, as the control's accessible label. */
static void
label_control (AdwPreferencesRow *row,
               GtkWidget         *control)
{
  g_autofree char *plain = NULL;
  const char *title = adw_preferences_row_get_title (row);
  GString *s = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (s, *p);
  plain = g_string_free (s, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, plain,
                                  -1);
}

static const char *
phase_title (ProprioPacerMode mode,
             guint            slot)
{
  if (mode == PROPRIO_PACER_TEMPO)
    {
      const char *titles[] = { N_("_Down (s)"), N_("_Hold (s)"), N_("_Up (s)"), N_("H_old (s)") };

      return _(titles[slot]);
    }
  else
    {
      const char *titles[] = { N_("_Breathe in (s)"), N_("_Hold (s)"), N_("Breathe _out (s)"),
                               N_("H_old (s)") };

      return _(titles[slot]);
    }
}

/* ---- settings → controls ---- */

static void
show_pattern (ProprioPacerWindow *self)
{
  g_autofree char *preset = g_settings_get_string (self->settings, "pacer-preset");
  g_autoptr(GError) error = NULL;
  ProprioPacerPattern p;
  guint index = 0;

  self->updating = TRUE;
  g_ptr_array_find_with_equal_func (self->preset_ids, preset, g_str_equal, &index);
  adw_combo_row_set_selected (self->preset_row, index);
  if (!proprio_pacer_pattern_from_settings (self->settings, &p, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      self->updating = FALSE;
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->phase_rows[i]),
                                     phase_title (p.mode, i));
      label_control (ADW_PREFERENCES_ROW (self->phase_rows[i]),
                     GTK_WIDGET (self->phase_spins[i]));
      gtk_spin_button_set_value (self->phase_spins[i], (double) p.phase_us[i] / G_USEC_PER_SEC);
    }
  gtk_spin_button_set_value (self->repetitions_spin, p.repetitions);
  adw_action_row_set_subtitle (self->repetitions_row,
                               p.repetitions == 0 ? _("0: until stopped")
                               : p.mode == PROPRIO_PACER_TEMPO ? _("Repetitions in the set")
                               : _("Breaths in the run"));
  self->updating = FALSE;
}

/* ---- controls → settings ---- */

static void
preset_selected_cb (ProprioPacerWindow *self)
{
  guint index = adw_combo_row_get_selected (self->preset_row);

  if (self->updating || index >= self->preset_ids->len)
    return;
  g_settings_set_string (self->settings, "pacer-preset", g_ptr_array_index (self->preset_ids,
                                                                             index));
}

/* Editing a timing makes the pattern a custom one of the same kind, from those timings. */
static void
phase_changed_cb (ProprioPacerWindow *self)
{
  g_autoptr(GError) error = NULL;
  ProprioPacerPattern p;
  gboolean tempo;

  if (self->updating)
    return;
  proprio_pacer_pattern_from_settings (self->settings, &p, NULL);
  tempo = p.mode == PROPRIO_PACER_TEMPO;
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    p.phase_us[i] = (gint64) (gtk_spin_button_get_value (self->phase_spins[i]) * G_USEC_PER_SEC
                              + 0.5);
  if (!proprio_pacer_pattern_validate (&p, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  /* The timings first: until the pattern is the custom one, they change nothing. */
  g_settings_set (self->settings, tempo ? "pacer-custom-tempo" : "pacer-custom-breath",
                  "(dddd)", (double) p.phase_us[0] / G_USEC_PER_SEC,
                  (double) p.phase_us[1] / G_USEC_PER_SEC, (double) p.phase_us[2] / G_USEC_PER_SEC,
                  (double) p.phase_us[3] / G_USEC_PER_SEC);
  g_settings_set_string (self->settings, "pacer-preset",
                         tempo ? PROPRIO_PACER_CUSTOM_TEMPO : PROPRIO_PACER_CUSTOM_BREATH);
}

static void
repetitions_changed_cb (ProprioPacerWindow *self)
{
  if (!self->updating)
    g_settings_set_uint (self->settings, "pacer-repetitions",
                         (guint) gtk_spin_button_get_value_as_int (self->repetitions_spin));
}

static void
running_cb (ProprioPacerWindow *self)
{
  gboolean running = proprio_pacer_is_running (self->pacer);
  GtkWidget *button = GTK_WIDGET (self->start_button);

  gtk_button_set_label (self->start_button, running ? _("_Stop") : _("_Start"));
  if (running)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  running ? _("Stop the pacer") : _("Start the pacer"), -1);
}

static void
mute_changed_cb (ProprioPacerWindow *self)
{
  gboolean muted = g_settings_get_boolean (self->settings, "pacer-mute");

  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  /* After the icon: a new icon resets what the button is called. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mute_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mute the pacer"), -1);
}

static void
speech_available_cb (ProprioPacerWindow *self)
{
  gboolean available = proprio_pacer_sound_get_speech_available (self->sound);

  gtk_widget_set_sensitive (GTK_WIDGET (self->speech_switch), available);
  if (!available)
    adw_action_row_set_subtitle (self->speech_row,
                                 _("No speech synthesiser is installed (Debian: "
                                   "gstreamer1.0-espeak): the pacer beeps instead"));
}

/* ---- building ---- */

static void
fill_presets (ProprioPacerWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const ProprioPacerPreset *presets;
  guint n;

  presets = proprio_pacer_get_presets (&n);
  self->preset_ids = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      gtk_string_list_append (model, _(presets[i].title));
      g_ptr_array_add (self->preset_ids, (gpointer) presets[i].id);
    }
  gtk_string_list_append (model, _("Custom breathing"));
  g_ptr_array_add (self->preset_ids, (gpointer) PROPRIO_PACER_CUSTOM_BREATH);
  gtk_string_list_append (model, _("Custom tempo"));
  g_ptr_array_add (self->preset_ids, (gpointer) PROPRIO_PACER_CUSTOM_TEMPO);
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (model));
}

static void
bind_switch (ProprioPacerWindow *self,
             const char         *key,
             GtkSwitch          *control)
{
  g_settings_bind (self->settings, key, control, "active", G_SETTINGS_BIND_DEFAULT);
  label_control (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (GTK_WIDGET (control),
                                                               ADW_TYPE_ACTION_ROW)),
                 GTK_WIDGET (control));
}

ProprioPacerWindow *
proprio_pacer_window_new (ProprioStation    *station,
                          GSettings         *settings,
                          ProprioPacerSound *sound)
{
  ProprioPacerWindow *self;

  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PROPRIO_IS_PACER_SOUND (sound), NULL);

  self = g_object_new (PROPRIO_TYPE_PACER_WINDOW, NULL);
  self->station = g_object_ref (station);
  self->settings = g_object_ref (settings);
  self->sound = g_object_ref (sound);
  self->pacer = g_object_ref (proprio_station_get_pacer (station));
  proprio_pacer_view_set_pacer (self->view, self->pacer);

  fill_presets (self);
  show_pattern (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preset_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pattern"), -1);
  label_control (ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (GTK_WIDGET (self->volume_scale),
                                                               ADW_TYPE_ACTION_ROW)),
                 GTK_WIDGET (self->volume_scale));
  g_signal_connect_object (settings, "changed", G_CALLBACK (show_pattern), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->preset_row, "notify::selected", G_CALLBACK (preset_selected_cb),
                            self);
  for (guint i = 0; i < PROPRIO_PACER_N_SLOTS; i++)
    g_signal_connect_swapped (self->phase_spins[i], "value-changed",
                              G_CALLBACK (phase_changed_cb), self);
  g_signal_connect_swapped (self->repetitions_spin, "value-changed",
                            G_CALLBACK (repetitions_changed_cb), self);
  label_control (ADW_PREFERENCES_ROW (self->repetitions_row),
                 GTK_WIDGET (self->repetitions_spin));

  bind_switch (self, "pacer-lead-in", self->lead_in_switch);
  bind_switch (self, "pacer-mute", self->mute_switch);
  bind_switch (self, "pacer-ticks", self->ticks_switch);
  bind_switch (self, "pacer-speech", self->speech_switch);
  bind_switch (self, "pacer-overlay", self->overlay_switch);
  bind_switch (self, "pacer-overlay-large", self->large_switch);
  g_settings_bind (settings, "pacer-volume",
                   gtk_range_get_adjustment (GTK_RANGE (self->volume_scale)), "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (settings, "changed::pacer-mute", G_CALLBACK (mute_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pacer, "notify::running", G_CALLBACK (running_cb), self,
                           G_CONNECT_SWAPPED);
  mute_changed_cb (self);
  running_cb (self);
  speech_available_cb (self);
  return self;
}

static void
proprio_pacer_window_dispose (GObject *object)
{
  ProprioPacerWindow *self = PROPRIO_PACER_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PACER_WINDOW);
  g_clear_object (&self->pacer);
  g_clear_object (&self->sound);
  g_clear_object (&self->settings);
  g_clear_object (&self->station);
  g_clear_pointer (&self->preset_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (proprio_pacer_window_parent_class)->dispose (object);
}

static void
proprio_pacer_window_class_init (ProprioPacerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_pacer_window_dispose;

  g_type_ensure (PROPRIO_TYPE_PACER_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-pacer-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioPacerWindow, name)
  BIND (start_button);
  BIND (mute_button);
  BIND (view);
  BIND (preset_row);
  BIND (repetitions_row);
  BIND (repetitions_spin);
  BIND (lead_in_switch);
  BIND (error_label);
  BIND (volume_scale);
  BIND (mute_switch);
  BIND (ticks_switch);
  BIND (speech_row);
  BIND (speech_switch);
  BIND (overlay_switch);
  BIND (large_switch);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "phase0_row", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase1_row", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase2_row", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_rows[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase3_row", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_rows[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase0_spin", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_spins[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase1_spin", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_spins[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase2_spin", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_spins[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "phase3_spin", FALSE,
                                             G_STRUCT_OFFSET (ProprioPacerWindow, phase_spins[3]));
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
proprio_pacer_window_init (ProprioPacerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
