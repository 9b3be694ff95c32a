/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-preferences"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "proprio-pedal-key.h"
#include "proprio-preferences-pages.h"

/* ---- Sound and Keys ---- */

struct _ProprioPreferencesSoundPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  GtkSwitch          *sounds_switch;
  AdwActionRow       *volume_row;
  GtkScale           *volume_scale;
  GtkAdjustment      *volume_adjustment;
  AdwActionRow       *pedal_key_row;
  GtkLabel           *pedal_key_label;
  GtkButton          *pedal_key_button;
  AdwComboRow        *pedal_action_row;
};

G_DEFINE_FINAL_TYPE (ProprioPreferencesSoundPage, proprio_preferences_sound_page,
                     ADW_TYPE_PREFERENCES_PAGE)

/* The setting is 0–1 as GStreamer's volume; the therapist reads per cent. */
static gboolean
volume_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
volume_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.0, 1.0));
}

/* An enum setting shown by a combo row: the row's position is the enum's value. */
static gboolean
enum_index_get_mapping (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
enum_index_set_mapping (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint index = g_value_get_uint (value);
  guint n = g_strv_length ((char **) nicks);

  return g_variant_new_string (nicks[index < n ? index : 0]);
}

static const char * const pedal_action_nicks[] = {
  "plan-next", "exercise-toggle", "plan-previous", "snapshot", NULL
};

static void
pedal_key_changed_cb (ProprioPreferencesSoundPage *self)
{
  g_autofree char *label = proprio_pedal_key_label (self->settings);

  gtk_label_set_text (self->pedal_key_label, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pedal_key_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, label, -1);
}

static void
volume_sensitivity_cb (ProprioPreferencesSoundPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->volume_row),
                            g_settings_get_boolean (self->settings, "cue-sounds"));
}

GtkWidget *
proprio_preferences_sound_page_capture (ProprioPreferencesSoundPage *self)
{
  GtkRoot *root;

  g_return_val_if_fail (PROPRIO_IS_PREFERENCES_SOUND_PAGE (self), NULL);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  return proprio_pedal_key_capture (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->settings);
}

static void
pedal_key_clicked_cb (ProprioPreferencesSoundPage *self)
{
  proprio_preferences_sound_page_capture (self);
}

static void
proprio_preferences_sound_page_dispose (GObject *object)
{
  ProprioPreferencesSoundPage *self = PROPRIO_PREFERENCES_SOUND_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PREFERENCES_SOUND_PAGE);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (proprio_preferences_sound_page_parent_class)->dispose (object);
}

static void
proprio_preferences_sound_page_class_init (ProprioPreferencesSoundPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_preferences_sound_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-preferences-sound.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage, sounds_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage, volume_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage,
                                        volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage, pedal_key_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage,
                                        pedal_key_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage,
                                        pedal_key_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesSoundPage,
                                        pedal_action_row);
}

static void
proprio_preferences_sound_page_init (ProprioPreferencesSoundPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
proprio_preferences_sound_page_new (GSettings *settings)
{
  ProprioPreferencesSoundPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PROPRIO_TYPE_PREFERENCES_SOUND_PAGE, NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "cue-sounds", self->sounds_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "cue-volume", self->volume_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, volume_get_mapping, volume_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "pedal-action", self->pedal_action_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_index_get_mapping,
                                enum_index_set_mapping, (gpointer) pedal_action_nicks, NULL);
  g_signal_connect_object (settings, "changed::pedal-key", G_CALLBACK (pedal_key_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::cue-sounds", G_CALLBACK (volume_sensitivity_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->pedal_key_button, "clicked", G_CALLBACK (pedal_key_clicked_cb),
                            self);
  pedal_key_changed_cb (self);
  volume_sensitivity_cb (self);
  return GTK_WIDGET (self);
}

/* ---- Exercises ---- */

struct _ProprioPreferencesExercisesPage
{
  AdwPreferencesPage  parent_instance;
  GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (ProprioPreferencesExercisesPage, proprio_preferences_exercises_page,
                     ADW_TYPE_PREFERENCES_PAGE)

/* A row with a spin button over a number setting; its range is the schema's. */
static GtkWidget *
add_spin_row (ProprioPreferencesExercisesPage *self,
              AdwPreferencesGroup             *group,
              const char                      *key,
              const char                      *title,
              const char                      *subtitle,
              double                           step,
              guint                            digits)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  double lower = 0, upper = 1000;
  const char *kind;
  GVariant *limits;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &limits);
  if (g_str_equal (kind, "range"))
    g_variant_get (limits, "(dd)", &lower, &upper);
  g_variant_unref (limits);

  spin = gtk_spin_button_new_with_range (lower, upper, step);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);
  g_settings_bind (self->settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  return spin;
}

static void
proprio_preferences_exercises_page_dispose (GObject *object)
{
  g_clear_object (&PROPRIO_PREFERENCES_EXERCISES_PAGE (object)->settings);
  G_OBJECT_CLASS (proprio_preferences_exercises_page_parent_class)->dispose (object);
}

static void
proprio_preferences_exercises_page_class_init (ProprioPreferencesExercisesPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = proprio_preferences_exercises_page_dispose;
}

static void
proprio_preferences_exercises_page_init (ProprioPreferencesExercisesPage *self)
{
}

GtkWidget *
proprio_preferences_exercises_page_new (GSettings *settings)
{
  ProprioPreferencesExercisesPage *self;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PROPRIO_TYPE_PREFERENCES_EXERCISES_PAGE,
                       "title", _("Exercises"),
                       "icon-name", "proprio-balance-symbolic",
                       NULL);
  self->settings = g_object_ref (settings);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Starting Values"));
  adw_preferences_group_set_description (group, _("What the Balance and Muscle pages start "
                                                  "with, and take at once when changed here; a "
                                                  "session plan’s steps set their own."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
  add_spin_row (self, group, "default-static-duration-s", _("Static Test _Condition (s)"),
                _("How long the patient stands in each condition (eyes open, closed, foam…)"),
                1, 0);
  add_spin_row (self, group, "default-shift-timeout-s", _("Weight Shift _Time per Target (s)"),
                _("A target not reached by then counts as missed"), 1, 0);
  add_spin_row (self, group, "default-drill-work-s", _("Drill _Work (s)"),
                _("Each work phase of a muscle activation drill"), 1, 0);
  add_spin_row (self, group, "default-drill-rest-s", _("Drill _Rest (s)"),
                _("The rest between work phases"), 1, 0);
  add_spin_row (self, group, "default-drill-reps", _("Drill Re_petitions"),
                _("Work phases in a drill"), 1, 0);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Muscle Signal"));
  adw_preferences_group_set_description (group, _("How the envelope is made from the raw EMG. "
                                                  "A connected sleeve restarts with the new "
                                                  "filters when no exercise runs."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
  add_spin_row (self, group, "emg-highpass-hz", _("_High-Pass Filter (Hz)"),
                _("Removes movement artefact before the envelope; SENIAM advises 10–20 Hz"),
                1, 0);
  add_spin_row (self, group, "emg-window-ms", _("_Envelope Window (ms)"),
                _("The moving RMS window: shorter follows faster, longer is smoother"), 5, 0);
  return GTK_WIDGET (self);
}

/* ---- Data ---- */

struct _ProprioPreferencesDataPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  char               *in_use;
  AdwActionRow       *folder_row;
  GtkButton          *folder_button;
  GtkButton          *folder_reset_button;
  AdwActionRow       *folder_note_row;
  GtkNativeDialog    *chooser;
  char               *note;
};

G_DEFINE_FINAL_TYPE (ProprioPreferencesDataPage, proprio_preferences_data_page,
                     ADW_TYPE_PREFERENCES_PAGE)

static void
set_note (ProprioPreferencesDataPage *self,
          const char                 *note,
          gboolean                    error)
{
  g_free (self->note);
  self->note = g_strdup (note);
  adw_action_row_set_subtitle (self->folder_note_row, note != NULL ? note : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->folder_note_row),
                                 error ? _("Not Changed") : _("From the Next Start"));
  gtk_widget_set_visible (GTK_WIDGET (self->folder_note_row), note != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->folder_note_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->folder_note_row), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->folder_note_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, note != NULL ? note : "",
                                  -1);
}

/* The folder set, and, when it is not the one the records are in now, when it takes over. */
static void
folder_changed_cb (ProprioPreferencesDataPage *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "data-folder");
  g_autofree char *standard = NULL;
  g_autofree char *subtitle = NULL;
  const char *env = g_getenv ("PROPRIO_DATA_DIR");
  const char *next;

  if (*setting == '\0')
    {
      /* The standard folder, without $PROPRIO_DATA_DIR's say (that is told apart below). */
      standard = g_build_filename (g_get_user_data_dir (), "proprio", NULL);
      subtitle = g_strdup_printf (_("%s (the standard folder)"), standard);
      next = standard;
    }
  else
    {
      subtitle = g_strdup (setting);
      next = setting;
    }
  adw_action_row_set_subtitle (self->folder_row, subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->folder_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->folder_reset_button), *setting != '\0');

  if (env != NULL && *env != '\0')
    {
      g_autofree char *note = g_strdup_printf (_("PROPRIO_DATA_DIR is set, so the records stay in "
                                                 "%s whatever is chosen here."), env);
      set_note (self, note, FALSE);
    }
  else if (self->in_use != NULL && g_strcmp0 (self->in_use, next) != 0)
    {
      g_autofree char *note = g_strdup_printf (_("Used from the next start of Proprio; until then "
                                                 "the records are kept in %s. Nothing is moved: "
                                                 "to take them along, copy that folder’s "
                                                 "contents yourself with Proprio closed."),
                                               self->in_use);
      set_note (self, note, FALSE);
    }
  else
    set_note (self, NULL, FALSE);
}

gboolean
proprio_preferences_data_page_choose (ProprioPreferencesDataPage  *self,
                                      GFile                       *folder,
                                      GError                     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (PROPRIO_IS_PREFERENCES_DATA_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  path = g_file_get_path (folder);
  if (path == NULL)
    g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("This folder is not on this computer’s disks. Choose a local folder: the "
                   "records are a database that needs one."));
  else if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    g_set_error (&local, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                 _("“%s” is not a folder. Choose a folder for the records."), path);
  else if (g_access (path, W_OK | X_OK) != 0)
    {
      int errsv = errno;

      g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Proprio cannot write in “%s” (%s). Choose a folder you can save files "
                     "in."), path, g_strerror (errsv));
    }

  if (local != NULL)
    {
      set_note (self, local->message, TRUE);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_settings_set_string (self->settings, "data-folder", path);
  folder_changed_cb (self);
  return TRUE;
}

void
proprio_preferences_data_page_set_in_use (ProprioPreferencesDataPage *self,
                                          const char                 *in_use)
{
  g_return_if_fail (PROPRIO_IS_PREFERENCES_DATA_PAGE (self));

  g_free (self->in_use);
  self->in_use = g_strdup (in_use);
  folder_changed_cb (self);
}

const char *
proprio_preferences_data_page_get_note (ProprioPreferencesDataPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_PREFERENCES_DATA_PAGE (self), NULL);
  return self->note;
}

static void
chooser_response_cb (GtkNativeDialog            *chooser,
                     int                         response,
                     ProprioPreferencesDataPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (folder != NULL)
        proprio_preferences_data_page_choose (self, folder, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
folder_clicked_cb (ProprioPreferencesDataPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *setting = g_settings_get_string (self->settings, "data-folder");

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Data Folder"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->in_use != NULL || *setting != '\0')
    {
      g_autoptr(GFile) start = g_file_new_for_path (*setting != '\0' ? setting : self->in_use);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
folder_reset_clicked_cb (ProprioPreferencesDataPage *self)
{
  g_settings_reset (self->settings, "data-folder");
  folder_changed_cb (self);
}

static void
proprio_preferences_data_page_dispose (GObject *object)
{
  ProprioPreferencesDataPage *self = PROPRIO_PREFERENCES_DATA_PAGE (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_PREFERENCES_DATA_PAGE);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->in_use, g_free);
  g_clear_pointer (&self->note, g_free);
  G_OBJECT_CLASS (proprio_preferences_data_page_parent_class)->dispose (object);
}

static void
proprio_preferences_data_page_class_init (ProprioPreferencesDataPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_preferences_data_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-preferences-data.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesDataPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesDataPage, folder_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesDataPage,
                                        folder_reset_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioPreferencesDataPage,
                                        folder_note_row);
}

static void
proprio_preferences_data_page_init (ProprioPreferencesDataPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
proprio_preferences_data_page_new (GSettings  *settings,
                                   const char *in_use)
{
  ProprioPreferencesDataPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PROPRIO_TYPE_PREFERENCES_DATA_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->in_use = g_strdup (in_use);
  g_signal_connect_object (settings, "changed::data-folder", G_CALLBACK (folder_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->folder_button, "clicked", G_CALLBACK (folder_clicked_cb), self);
  g_signal_connect_swapped (self->folder_reset_button, "clicked",
                            G_CALLBACK (folder_reset_clicked_cb), self);
  folder_changed_cb (self);
  return GTK_WIDGET (self);
}
