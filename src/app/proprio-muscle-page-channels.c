/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-muscle-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "widgets/proprio-palette.h"

#include "proprio-muscle-page-private.h"

/* Distinct on light and dark backgrounds alike (GNOME's palette), in channel order. */
static const char * const default_colors[PROPRIO_EMG_VIEW_MAX_CHANNELS] = {
  "#3584e4", "#2ec27e", "#ff7800", "#9141ac", "#e01b24", "#e5a50a", "#986a44", "#5e5c64",
};

/* ---- the sentences ---- */

/* The stage's own messages name the electrode by the device's label ("Ch 3"); the therapist
 * reads the muscle's name, so the sentence is made here from the state, with the same words. */
char *
proprio_muscle_quality_sentence (ProprioEmgQualityState  state,
                                 const char             *name,
                                 double                  hum_uv)
{
  switch (state)
    {
    case PROPRIO_EMG_QUALITY_FLAT:
      return g_strdup_printf (_("Check the electrode on %s: the signal is flat"), name);
    case PROPRIO_EMG_QUALITY_SATURATED:
      return g_strdup_printf (_("Check the electrode on %s: the signal hits the amplifier’s "
                                "limit (saturated)"), name);
    case PROPRIO_EMG_QUALITY_LEAD_OFF:
      return g_strdup_printf (_("Check the electrode on %s: it seems to be off the skin "
                                "(mains hum %.0f µV)"), name, hum_uv);
    case PROPRIO_EMG_QUALITY_NOISY:
      return g_strdup_printf (_("Check the electrode on %s: strong mains hum (%.0f µV)"),
                              name, hum_uv);
    case PROPRIO_EMG_QUALITY_UNKNOWN:
    case PROPRIO_EMG_QUALITY_OK:
    default:
      return NULL;
    }
}

/* ---- names and colours, kept by channel position ---- */

static char *
stored_entry (ProprioMusclePage *self,
              const char        *key,
              guint              index)
{
  g_auto(GStrv) values = NULL;

  if (self->settings == NULL)
    return NULL;
  values = g_settings_get_strv (self->settings, key);
  if (index < g_strv_length (values) && *values[index] != '\0')
    return g_strdup (values[index]);
  return NULL;
}

static void
store_entry (ProprioMusclePage *self,
             const char        *key,
             guint              index,
             const char        *value)
{
  g_auto(GStrv) values = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n;

  if (self->settings == NULL)
    return;
  values = g_settings_get_strv (self->settings, key);
  n = MAX (g_strv_length (values), index + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *entry = i < g_strv_length (values) ? values[i] : "";

      g_strv_builder_add (builder, i == index ? (value != NULL ? value : "") : entry);
    }
  updated = g_strv_builder_end (builder);
  /* Trailing defaults say nothing: a sleeve with fewer channels later leaves no clutter. */
  for (n = g_strv_length (updated); n > 0 && *updated[n - 1] == '\0'; n--)
    g_clear_pointer (&updated[n - 1], g_free);
  g_settings_set_strv (self->settings, key, (const char * const *) updated);
}

static void
channel_color (ProprioMusclePage *self,
               guint              index,
               GdkRGBA           *rgba)
{
  g_autofree char *stored = stored_entry (self, "emg-channel-colors", index);

  if (stored == NULL || !gdk_rgba_parse (rgba, stored))
    {
      /* A colour the therapist chose stays; the default follows the palette preference. */
      guint32 rgb;

      gdk_rgba_parse (rgba, default_colors[index % G_N_ELEMENTS (default_colors)]);
      rgb = ((guint32) (rgba->red * 255 + 0.5) << 16) | ((guint32) (rgba->green * 255 + 0.5) << 8)
            | (guint32) (rgba->blue * 255 + 0.5);
      rgb = proprio_palette_series (index, rgb);
      *rgba = (GdkRGBA) { ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                          (rgb & 0xff) / 255.0, 1.0 };
    }
}

/* The choosers of the side panel list the names; replacing one keeps what each had chosen. */
static void
refresh_name_lists (ProprioMusclePage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) mvc_names = g_ptr_array_new ();
  AdwComboRow *rows[] = { self->target_row, self->quiet_row, self->pair_a_row, self->pair_b_row,
                          self->mvc_channel_row };
  guint selected[] = { self->target_choice, self->quiet_choice, self->pair_a_choice,
                       self->pair_b_choice, self->mvc_choice };
  gboolean was_updating = self->updating_ui;

  G_STATIC_ASSERT (G_N_ELEMENTS (rows) == G_N_ELEMENTS (selected));
  g_ptr_array_add (mvc_names, (gpointer) _("All channels"));
  for (guint i = 0; i < self->n_channels; i++)
    {
      g_ptr_array_add (names, self->channels[i].name);
      g_ptr_array_add (mvc_names, self->channels[i].name);
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (mvc_names, NULL);

  self->updating_ui = TRUE;
  gtk_string_list_splice (self->channel_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->channel_names)),
                          (const char * const *) names->pdata);
  gtk_string_list_splice (self->mvc_channels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->mvc_channels)),
                          (const char * const *) mvc_names->pdata);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      guint n = g_list_model_get_n_items (adw_combo_row_get_model (rows[r]));

      /* A choice beyond a smaller sleeve shows its first channel, and comes back with the
       * sleeve. */
      if (n > 0)
        adw_combo_row_set_selected (rows[r], selected[r] < n ? selected[r] : 0);
    }
  self->updating_ui = was_updating;
}

static void
apply_name (ProprioMusclePage *self,
            guint              index)
{
  ProprioMuscleChannel *ch = &self->channels[index];

  proprio_emg_view_set_channel_name (self->view, index, ch->name);
  if (ch->quality_row != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ch->quality_row), ch->name);
  refresh_name_lists (self);
  proprio_muscle_page_update_quality (self);
  proprio_muscle_page_channels_changed (self);
}

guint
proprio_muscle_page_get_n_channels (ProprioMusclePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), 0);
  return self->n_channels;
}

const char *
proprio_muscle_page_get_channel_name (ProprioMusclePage *self,
                                      guint              channel)
{
  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), NULL);
  return channel < self->n_channels ? self->channels[channel].name : NULL;
}

void
proprio_muscle_page_set_channel_name (ProprioMusclePage *self,
                                      guint              channel,
                                      const char        *name)
{
  ProprioMuscleChannel *ch;
  g_autofree char *trimmed = NULL;

  g_return_if_fail (PROPRIO_IS_MUSCLE_PAGE (self));
  g_return_if_fail (channel < self->n_channels);

  ch = &self->channels[channel];
  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  store_entry (self, "emg-channel-names", channel, trimmed);
  g_free (ch->name);
  ch->name = g_strdup (*trimmed != '\0' ? trimmed : ch->label);
  /* Set from elsewhere: the entry shows it (while typing, its spaces are left alone). */
  if (ch->name_row != NULL)
    {
      g_autofree char *shown =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ch->name_row))));

      if (g_strcmp0 (shown, trimmed) != 0)
        {
          self->updating_ui = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (ch->name_row), trimmed);
          self->updating_ui = FALSE;
        }
    }
  apply_name (self, channel);
}

ProprioEmgQualityState
proprio_muscle_page_get_quality (ProprioMusclePage  *self,
                                 guint               channel,
                                 char              **message)
{
  ProprioMuscleChannel *ch;

  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), PROPRIO_EMG_QUALITY_UNKNOWN);

  if (message != NULL)
    *message = NULL;
  if (channel >= self->n_channels)
    return PROPRIO_EMG_QUALITY_UNKNOWN;
  ch = &self->channels[channel];
  if (message != NULL)
    *message = proprio_muscle_quality_sentence (ch->state, ch->name, ch->hum_uv);
  return ch->state;
}

static void
name_row_changed_cb (GtkEditable       *editable,
                     ProprioMusclePage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "channel"));

  if (self->updating_ui || index >= self->n_channels)
    return;
  proprio_muscle_page_set_channel_name (self, index, gtk_editable_get_text (editable));
}

static void
color_changed_cb (GtkColorButton    *button,
                  GParamSpec        *pspec,
                  ProprioMusclePage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "channel"));
  g_autofree char *text = NULL;
  GdkRGBA rgba;

  if (self->updating_ui || index >= self->n_channels)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  text = g_strdup_printf ("#%02x%02x%02x", (int) lround (rgba.red * 255),
                          (int) lround (rgba.green * 255), (int) lround (rgba.blue * 255));
  store_entry (self, "emg-channel-colors", index, text);
  proprio_emg_view_set_channel_color (self->view, index, &rgba);
}

/* ---- the layout ---- */

static void
clear_rows (ProprioMusclePage *self)
{
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[i];

      if (ch->name_row != NULL && self->channels_group != NULL)
        adw_preferences_group_remove (self->channels_group, ch->name_row);
      if (ch->quality_row != NULL && self->quality_group != NULL)
        adw_preferences_group_remove (self->quality_group, ch->quality_row);
      ch->name_row = ch->color_button = ch->quality_row = ch->quality_icon = NULL;
      g_clear_pointer (&ch->device_name, g_free);
      g_clear_pointer (&ch->label, g_free);
      g_clear_pointer (&ch->name, g_free);
    }
  self->n_channels = 0;
}

void
proprio_muscle_page_clear_channels (ProprioMusclePage *self)
{
  clear_rows (self);
  g_clear_object (&self->layout_stage);
}

static void
add_rows (ProprioMusclePage *self,
          guint              index)
{
  ProprioMuscleChannel *ch = &self->channels[index];
  g_autofree char *stored = stored_entry (self, "emg-channel-names", index);
  GdkRGBA rgba;

  channel_color (self, index, &rgba);
  ch->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ch->name_row), ch->label);
  gtk_editable_set_text (GTK_EDITABLE (ch->name_row), stored != NULL ? stored : "");
  gtk_widget_set_tooltip_text (ch->name_row,
                               _("The muscle under this electrode, e.g. “Glute med L”"));
  g_object_set_data (G_OBJECT (ch->name_row), "channel", GUINT_TO_POINTER (index));
  g_signal_connect (ch->name_row, "changed", G_CALLBACK (name_row_changed_cb), self);

  ch->color_button = gtk_color_button_new_with_rgba (&rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (ch->color_button), FALSE);
  gtk_widget_set_valign (ch->color_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (ch->color_button, _("Colour of this channel’s bar"));
  g_object_set_data (G_OBJECT (ch->color_button), "channel", GUINT_TO_POINTER (index));
  g_signal_connect (ch->color_button, "notify::rgba", G_CALLBACK (color_changed_cb), self);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (ch->name_row), ch->color_button);
  adw_preferences_group_add (self->channels_group, ch->name_row);

  ch->quality_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ch->quality_row), ch->name);
  ch->quality_icon = gtk_image_new ();
  adw_action_row_add_prefix (ADW_ACTION_ROW (ch->quality_row), ch->quality_icon);
  adw_preferences_group_add (self->quality_group, ch->quality_row);

  proprio_emg_view_set_channel_color (self->view, index, &rgba);
}

/* The stage's EMG channels (after a device change, once a device says what it streams, after a
 * reconnection with a new stage): bars, rows and choosers for each. */
void
proprio_muscle_page_sync_layout (ProprioMusclePage *self,
                                 gboolean           force)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  ProprioEmgStage *stage = self->is_emg ? proprio_station_get_emg_stage (self->station) : NULL;
  guint n_stage = stage != NULL ? proprio_emg_stage_get_n_emg_channels (stage) : 0;
  guint raw[PROPRIO_EMG_VIEW_MAX_CHANNELS], envelopes[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  g_autofree char *note = NULL;
  guint n = 0;

  if (!force && stage == self->layout_stage && n_stage == self->layout_n_stage)
    return;
  g_set_object (&self->layout_stage, stage);
  self->layout_n_stage = n_stage;

  clear_rows (self);
  for (guint i = 0; i < n_stage && n < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[n];
      const ProprioChannelInfo *info;
      g_autofree char *stored = NULL;
      guint input, envelope;

      if (!proprio_emg_stage_get_emg_channel (stage, i, &input, &envelope) ||
          (info = proprio_device_get_channel (device, input)) == NULL)
        continue;
      ch->input = input;
      ch->envelope = envelope;
      ch->device_name = g_strdup (info->name);
      ch->label = g_strdup (info->label != NULL && *info->label != '\0' ? info->label
                                                                         : info->name);
      stored = stored_entry (self, "emg-channel-names", n);
      ch->name = g_strdup (stored != NULL ? stored : ch->label);
      ch->state = PROPRIO_EMG_QUALITY_UNKNOWN;
      ch->hum_uv = 0;
      raw[n] = input;
      envelopes[n] = envelope;
      n++;
    }
  self->n_channels = n;

  proprio_emg_view_set_channels (self->view, n, raw, envelopes);
  for (guint i = 0; i < n; i++)
    {
      add_rows (self, i);
      proprio_emg_view_set_channel_name (self->view, i, self->channels[i].name);
    }
  if (n_stage > n)
    note = g_strdup_printf (_("Name each electrode after its muscle and pick its colour. The "
                              "first %u of the device’s %u EMG channels are shown."), n, n_stage);
  adw_preferences_group_set_description (self->channels_group,
                                         note != NULL ? note
                                         : _("Name each electrode after its muscle and pick its "
                                             "colour."));
  gtk_widget_set_visible (GTK_WIDGET (self->channels_group), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_group), n > 0);

  refresh_name_lists (self);
  proprio_muscle_page_update_quality (self);
  proprio_muscle_page_update_calibration (self);
  proprio_muscle_page_update_error (self);
}

/* ---- signal quality ---- */

void
proprio_muscle_page_update_quality (ProprioMusclePage *self)
{
  ProprioEmgStage *stage = self->layout_stage;

  for (guint i = 0; i < self->n_channels; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[i];
      ProprioEmgQualityReport report = { PROPRIO_EMG_QUALITY_UNKNOWN, };
      g_autofree char *sentence = NULL;
      const char *subtitle, *icon;

      if (stage != NULL)
        proprio_emg_stage_get_quality (stage, i, &report, NULL);
      ch->state = report.state;
      ch->hum_uv = report.hum_uv;
      sentence = proprio_muscle_quality_sentence (ch->state, ch->name, ch->hum_uv);
      proprio_emg_view_set_channel_warning (self->view, i, sentence);

      if (ch->quality_row == NULL)
        continue;
      switch (ch->state)
        {
        case PROPRIO_EMG_QUALITY_OK:
          subtitle = _("Signal good");
          icon = "emblem-ok-symbolic";
          break;
        case PROPRIO_EMG_QUALITY_UNKNOWN:
          subtitle = _("Checking the signal…");
          icon = "content-loading-symbolic";
          break;
        default:
          subtitle = sentence;
          icon = "dialog-warning-symbolic";
          break;
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (ch->quality_row), subtitle);
      gtk_image_set_from_icon_name (GTK_IMAGE (ch->quality_icon), icon);
      gtk_widget_remove_css_class (ch->quality_icon, "success");
      gtk_widget_remove_css_class (ch->quality_icon, "warning");
      if (ch->state == PROPRIO_EMG_QUALITY_OK)
        gtk_widget_add_css_class (ch->quality_icon, "success");
      else if (ch->state != PROPRIO_EMG_QUALITY_UNKNOWN)
        gtk_widget_add_css_class (ch->quality_icon, "warning");
    }
}

/* ---- calibration and units ---- */

void
proprio_muscle_page_update_calibration (ProprioMusclePage *self)
{
  ProprioEmgCalibration *calibration = proprio_station_get_emg_calibration (self->station);
  guint n_calibrated = 0;
  g_autofree char *subtitle = NULL;
  const char *unit;

  for (guint i = 0; i < self->n_channels; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[i];
      double mvc = 0;

      if (calibration == NULL || !proprio_emg_calibration_lookup (calibration, ch->device_name,
                                                                   &mvc) ||
          !(mvc > 0 && isfinite (mvc)))
        mvc = 0;
      ch->mvc = mvc;
      proprio_emg_view_set_channel_mvc (self->view, i, mvc);
      if (mvc > 0)
        n_calibrated++;
    }

  if (calibration == NULL)
    subtitle = g_strdup (_("Not calibrated: activation in µV"));
  else if (self->n_channels == 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u channel calibrated",
                                             "%u channels calibrated",
                                             proprio_emg_calibration_get_n_channels (calibration)),
                                proprio_emg_calibration_get_n_channels (calibration));
  else
    subtitle = g_strdup_printf (_("%u of %u channels calibrated: activation in %%MVC"),
                                n_calibrated, self->n_channels);
  adw_action_row_set_subtitle (self->calibration_row, subtitle);

  /* Said on screen, so nobody reads µV as %MVC. */
  if (self->n_channels == 0)
    unit = "";
  else if (n_calibrated == self->n_channels)
    /* xgettext:no-c-format */
    unit = _("Activation in %MVC (maximum voluntary contraction)");
  else if (n_calibrated == 0)
    /* xgettext:no-c-format */
    unit = _("Activation in µV — calibrate the MVC to see %MVC");
  else
    /* xgettext:no-c-format */
    unit = _("Activation in %MVC where calibrated, else in µV");
  gtk_label_set_label (self->unit_label, unit);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_label), *unit != '\0');

  proprio_muscle_page_channels_changed (self);
  proprio_muscle_page_update_controls (self);
}

/* ---- why there is nothing to show ---- */

void
proprio_muscle_page_update_error (ProprioMusclePage *self)
{
  ProprioEmgStage *stage = self->is_emg ? proprio_station_get_emg_stage (self->station) : NULL;
  g_autofree char *error = NULL;
  const char *hint = NULL;

  if (self->is_emg)
    {
      if (stage == NULL)
        error = g_strdup (proprio_station_get_emg_error (self->station));
      else
        error = proprio_emg_stage_dup_error (stage);
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No muscle activation can be shown: %s"), error);

      gtk_label_set_label (self->error_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_bar), error != NULL);

  if (self->is_emg && self->n_channels == 0 && error == NULL)
    hint = _("Waiting for the sleeve’s channels…");
  proprio_emg_view_set_hint (self->view, hint);
}

/* Another window renamed or recoloured a channel: this page shows the same. */
static void
stored_names_changed_cb (ProprioMusclePage *self)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < self->n_channels; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[i];
      g_autofree char *stored = stored_entry (self, "emg-channel-names", i);
      const char *name = stored != NULL ? stored : ch->label;

      if (g_strcmp0 (name, ch->name) == 0)
        continue;
      g_free (ch->name);
      ch->name = g_strdup (name);
      if (ch->name_row != NULL)
        {
          g_autofree char *shown =
            g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (ch->name_row))));

          if (g_strcmp0 (shown, stored != NULL ? stored : "") != 0)
            {
              self->updating_ui = TRUE;
              gtk_editable_set_text (GTK_EDITABLE (ch->name_row), stored != NULL ? stored : "");
              self->updating_ui = FALSE;
            }
        }
      proprio_emg_view_set_channel_name (self->view, i, ch->name);
      if (ch->quality_row != NULL)
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (ch->quality_row), ch->name);
      changed = TRUE;
    }
  if (!changed)
    return;
  refresh_name_lists (self);
  proprio_muscle_page_update_quality (self);
  proprio_muscle_page_channels_changed (self);
}

static void
stored_colors_changed_cb (ProprioMusclePage *self)
{
  for (guint i = 0; i < self->n_channels; i++)
    {
      ProprioMuscleChannel *ch = &self->channels[i];
      GdkRGBA rgba, shown;

      channel_color (self, i, &rgba);
      proprio_emg_view_set_channel_color (self->view, i, &rgba);
      if (ch->color_button == NULL)
        continue;
      gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (ch->color_button), &shown);
      if (!gdk_rgba_equal (&shown, &rgba))
        {
          self->updating_ui = TRUE;
          gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (ch->color_button), &rgba);
          self->updating_ui = FALSE;
        }
    }
}

void
proprio_muscle_page_init_channels (ProprioMusclePage *self)
{
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::emg-channel-names",
                               G_CALLBACK (stored_names_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::emg-channel-colors",
                               G_CALLBACK (stored_colors_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (proprio_palette_get_default (), "notify::kind",
                           G_CALLBACK (stored_colors_changed_cb), self, G_CONNECT_SWAPPED);
    }
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (self->channel_names));
  adw_combo_row_set_model (self->quiet_row, G_LIST_MODEL (self->channel_names));
  adw_combo_row_set_model (self->pair_a_row, G_LIST_MODEL (self->channel_names));
  adw_combo_row_set_model (self->pair_b_row, G_LIST_MODEL (self->channel_names));
  adw_combo_row_set_model (self->mvc_channel_row, G_LIST_MODEL (self->mvc_channels));
  gtk_widget_set_visible (GTK_WIDGET (self->channels_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_group), FALSE);
}
