/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "devices/proprio-device-spec.h"
#include "video/proprio-camera-source.h"

#include "proprio-application.h"
#include "proprio-cue-sound.h"
#include "proprio-options.h"
#include "proprio-pacer-actions.h"
#include "proprio-patient-display.h"
#include "proprio-plan-actions.h"
#include "proprio-preferences-window.h"
#include "proprio-session-actions.h"
#include "proprio-snapshot.h"
#include "proprio-window.h"

struct _ProprioApplication
{
  AdwApplication  parent_instance;

  GSettingsSchema *schema;
  GSettings      *settings;
  ProprioStation *station;      /* the running session: every window is a view of it */
  ProprioCueSound *sound;       /* the exercises' cues, heard once whatever the windows */
  ProprioPacerActions *pacer;   /* the station's pacer: settings, actions, sounds */
  ProprioSessionController *sessions;  /* the records and the session they are recording */
  ProprioPlanLibrary *plans;    /* the session plans on disk and the examples */
  ProprioPlanRun *plan_run;     /* the plan running on the station, for every window */
  char           *device_spec;
  char           *camera_spec;
  char           *view;
  gboolean        option_error;   /* GOption rejected the command line */
};

G_DEFINE_FINAL_TYPE (ProprioApplication, proprio_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "device", 'd', 0, G_OPTION_ARG_STRING, NULL,
    N_("Device to connect: sim:balance, sim:emg, sim:cyton, sim:angle, or a port such as /dev/ttyACM0?protocol=balance&baud=115200"),
    N_("SPEC") },
  { "camera", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Camera: auto, test, ball (a moving pattern), sim (a simulated leg with markers), none, or a device such as /dev/video0"),
    N_("SPEC") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Work area to open: balance, muscle, mirror or joint"), N_("VIEW") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

/* An installed schema wins; an uninstalled build (started as build/src/proprio) falls back to the
 * one compiled into its own build folder, so it runs without an environment set up for it. */
GSettingsSchema *
proprio_application_lookup_schema (GError **error)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build = NULL;
  g_autofree char *compiled = NULL;
  GSettingsSchema *schema = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APP_ID, TRUE);
  if (schema != NULL)
    return schema;

  compiled = g_build_filename (PROPRIO_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);
  if (g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    build = g_settings_schema_source_new_from_directory (PROPRIO_BUILD_SCHEMA_DIR, installed,
                                                         FALSE, NULL);
  if (build != NULL)
    schema = g_settings_schema_source_lookup (build, APP_ID, FALSE);
  if (schema == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The settings schema %s is not installed. Start Proprio from its source folder "
                   "with “bash build-aux/dev run”, or install it (meson install -C build)."),
                 APP_ID);
  return schema;
}

ProprioApplication *
proprio_application_new (void)
{
  return g_object_new (PROPRIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

GSettings *
proprio_application_get_settings (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->settings;
}

ProprioStation *
proprio_application_get_station (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->station;
}

ProprioSessionController *
proprio_application_get_sessions (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->sessions;
}

ProprioPlanLibrary *
proprio_application_get_plans (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->plans;
}

ProprioPlanRun *
proprio_application_get_plan_run (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->plan_run;
}

const char *
proprio_application_get_device_spec (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->device_spec;
}

const char *
proprio_application_get_camera_spec (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->camera_spec;
}

const char *
proprio_application_get_view (ProprioApplication *self)
{
  g_return_val_if_fail (PROPRIO_IS_APPLICATION (self), NULL);
  return self->view;
}

/* Validate the options before anything is shown: a typo in a station script should fail at
 * once with a message and a non-zero exit, not open a window on the wrong device. */
static int
proprio_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  ProprioApplication *self = PROPRIO_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  const char *value = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("proprio %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* The whole spec, simulator and protocol options included: "sim:balance?rate=-5" must not
   * open a window that just says "Disconnected". */
  if (g_variant_dict_lookup (options, "device", "&s", &value))
    {
      if (!proprio_device_spec_validate (value, &error))
        goto fail;
      g_free (self->device_spec);
      self->device_spec = g_strdup (value);
    }

  if (g_variant_dict_lookup (options, "camera", "&s", &value))
    {
      g_autoptr(ProprioCameraSpec) spec = proprio_camera_spec_parse (value, &error);

      if (spec == NULL)
        goto fail;
      g_free (self->camera_spec);
      self->camera_spec = g_strdup (value);
    }

  if (g_variant_dict_lookup (options, "view", "&s", &value))
    {
      ProprioView view;

      if (!proprio_view_from_string (value, &view, &error))
        goto fail;
      g_free (self->view);
      self->view = g_strdup (proprio_view_to_string (view));
    }

  /* Before anything is shown: without its settings the app cannot start, and saying how to run
   * it beats GLib's abort. */
  if (self->schema == NULL)
    {
      self->schema = proprio_application_lookup_schema (&error);
      if (self->schema == NULL)
        {
          g_printerr ("proprio: %s\n", error->message);
          return 1;
        }
    }

  return -1;

fail:
  g_printerr ("proprio: %s\n", error->message);
  return 2;
}

/* GOption's own complaints (an unknown option, a missing value) get the same form as ours,
 * "proprio: …", and the same exit status, 2; GApplication alone prints the bare message and
 * returns 1. */
static void
option_error_hook (GOptionContext *context,
                   GOptionGroup   *group,
                   gpointer        user_data,
                   GError        **error)
{
  ProprioApplication *self = PROPRIO_APPLICATION (user_data);

  self->option_error = TRUE;
  if (error != NULL && *error != NULL)
    g_prefix_error (error, "proprio: ");
}

static gboolean
proprio_application_local_command_line (GApplication   *app,
                                        char         ***arguments,
                                        int            *exit_status)
{
  ProprioApplication *self = PROPRIO_APPLICATION (app);
  GOptionGroup *hook_group;
  gboolean handled;

  /* A group without entries: invisible in --help, there only for its error hook (the main
   * group GApplication makes is out of reach). */
  hook_group = g_option_group_new ("proprio-errors", "", "", self, NULL);
  g_option_group_set_error_hook (hook_group, option_error_hook);
  g_application_add_option_group (app, hook_group);

  self->option_error = FALSE;
  handled = G_APPLICATION_CLASS (proprio_application_parent_class)->local_command_line (app,
                                                                                      arguments,
                                                                                      exit_status);
  if (handled && self->option_error)
    *exit_status = 2;
  return handled;
}

static void
apply_color_scheme (ProprioApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;
    case 2:
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
      break;
    default:
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.snapshot", { "<Control>s", NULL } },
  { "app.snapshot-bundle", { "<Control><Shift>s", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "app.patient-display", { "F11", NULL } },
  { "app.patient-display-fullscreen", { "<Shift>F11", NULL } },
  { "win.performance-overlay", { "<Control><Shift>p", NULL } },
  { "win.device-connect", { "<Control><Shift>c", NULL } },
  { "win.device-disconnect", { "<Control><Shift>d", NULL } },
  { "win.show-device", { "<Control>d", NULL } },
  { "win.view::balance", { "<Alt>1", NULL } },
  { "win.view::muscle", { "<Alt>2", NULL } },
  { "win.view::mirror", { "<Alt>3", NULL } },
  { "win.view::joint", { "<Alt>4", NULL } },
  { "win.plan-panel", { "F9", NULL } },
};

static void
exercise_event_cb (ProprioApplication   *self,
                   ProprioExercise      *exercise,
                   ProprioExerciseEvent  event,
                   gint64                t_us)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!proprio_station_get_sound_enabled (self->station) || window == NULL)
    return;
  proprio_cue_sound_play (self->sound, GTK_WIDGET (window), event);
}

/* A calibrated board is the one to use at the next start too. */
static void
calibration_applied_cb (ProprioApplication *self,
                        const char         *spec)
{
  g_settings_set_string (self->settings, "device", spec);
}

/* The device at start: --device, else the setting; "auto" is the simulated board, so the app is
 * alive at once (real ports found in the background are offered in the device menu: their
 * protocol cannot be guessed safely). */
static void
start_station (ProprioApplication *self)
{
  g_autofree char *setting = NULL;
  g_autoptr(GError) error = NULL;
  const char *spec = self->device_spec;

  self->station = proprio_station_new ();
  self->sound = proprio_cue_sound_new ();
  g_signal_connect_object (self->station, "exercise-event", G_CALLBACK (exercise_event_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "calibration-applied",
                           G_CALLBACK (calibration_applied_cb), self, G_CONNECT_SWAPPED);
  /* The mains frequency the EMG stage notches out is the preference's. */
  g_settings_bind (self->settings, "mains-frequency", self->station, "mains-hz",
                   G_SETTINGS_BIND_GET);

  if (spec == NULL)
    {
      setting = g_settings_get_string (self->settings, "device");
      if (!g_str_equal (setting, "auto"))
        spec = setting;
    }
  if (spec == NULL)
    spec = "sim:balance";
  /* A stored spec that no longer works (an old option) leaves the window to say so. */
  if (!proprio_station_set_device_spec (self->station, spec, &error))
    g_message ("Device “%s” not used: %s", spec, error->message);

  {
    g_autofree char *folder = proprio_plan_library_default_folder ();

    self->plans = proprio_plan_library_new (folder, RESOURCE_PREFIX "/plans");
    self->plan_run = proprio_plan_run_new (self->station);
    proprio_plan_actions_start (self);
  }
}

static void
proprio_application_startup (GApplication *app)
{
  ProprioApplication *self = PROPRIO_APPLICATION (app);

  G_APPLICATION_CLASS (proprio_application_parent_class)->startup (app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
  /* handle-local-options found the schema; an application registered without running (the
   * tests) looks it up here. */
  if (self->schema == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->schema = proprio_application_lookup_schema (&error);
      if (self->schema == NULL)
        {
          g_printerr ("proprio: %s\n", error->message);
          exit (1);
        }
    }
  self->settings = g_settings_new_full (self->schema, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
  start_station (self);
  self->pacer = proprio_pacer_actions_new (GTK_APPLICATION (self), self->station, self->settings);
  /* The records open in the background; the station works meanwhile, storing nothing. */
  self->sessions = proprio_session_controller_new (self->station, NULL);
  g_settings_bind (self->settings, "session-video", self->sessions, "record-video",
                   G_SETTINGS_BIND_GET);
  proprio_session_controller_open (self->sessions);
  proprio_session_actions_init (self);
}

static void
proprio_application_shutdown (GApplication *app)
{
  ProprioApplication *self = PROPRIO_APPLICATION (app);

  /* A plan's step ends with the station; every change to a plan reaches the disk. */
  if (self->plan_run != NULL)
    g_object_run_dispose (G_OBJECT (self->plan_run));
  g_clear_object (&self->plan_run);
  if (self->plans != NULL)
    proprio_plan_library_flush (self->plans);
  g_clear_object (&self->plans);
  /* An open session is closed properly (its files synced, its end stored) before the station
   * that feeds it goes. */
  if (self->sessions != NULL)
    proprio_session_controller_close (self->sessions);
  g_clear_object (&self->sessions);
  /* The last window is gone: stop the device and the camera now, not at finalize. */
  g_clear_pointer (&self->pacer, proprio_pacer_actions_free);
  if (self->station != NULL)
    g_object_run_dispose (G_OBJECT (self->station));
  g_clear_object (&self->station);
  g_clear_pointer (&self->sound, proprio_cue_sound_free);

  G_APPLICATION_CLASS (proprio_application_parent_class)->shutdown (app);
}

static void
proprio_application_activate (GApplication *app)
{
  ProprioApplication *self = PROPRIO_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  /* The patient display is no window to work in: the therapist's is brought up. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app));
       !PROPRIO_IS_WINDOW (window) && l != NULL; l = l->next)
    window = l->data;
  if (!PROPRIO_IS_WINDOW (window))
    window = GTK_WINDOW (proprio_window_new (self));

  gtk_window_present (window);
}

static void
proprio_application_finalize (GObject *object)
{
  ProprioApplication *self = PROPRIO_APPLICATION (object);

  g_clear_pointer (&self->pacer, proprio_pacer_actions_free);
  g_clear_object (&self->sessions);
  g_clear_object (&self->plan_run);
  g_clear_object (&self->plans);
  g_clear_object (&self->station);
  g_clear_pointer (&self->sound, proprio_cue_sound_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->schema, g_settings_schema_unref);
  g_clear_pointer (&self->device_spec, g_free);
  g_clear_pointer (&self->camera_spec, g_free);
  g_clear_pointer (&self->view, g_free);

  G_OBJECT_CLASS (proprio_application_parent_class)->finalize (object);
}

static void
proprio_application_class_init (ProprioApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = proprio_application_finalize;
  app_class->local_command_line = proprio_application_local_command_line;
  app_class->handle_local_options = proprio_application_handle_local_options;
  app_class->startup = proprio_application_startup;
  app_class->activate = proprio_application_activate;
  app_class->shutdown = proprio_application_shutdown;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *developers[] = { "The Proprio developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application", app,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Proprio"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Proprio developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Live visual feedback for neuromuscular re-education: balance, muscle activation and joint position."),
                        "website", "https://github.com/proprio/proprio",
                        "issue-url", "https://github.com/proprio/proprio/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ProprioApplication *self = PROPRIO_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  /* The station lends its camera monitor: the camera picker lists what the camera menu does. */
  ProprioPreferencesWindow *prefs = proprio_preferences_window_new (self->settings, self->station);

  gtk_window_set_application (GTK_WINDOW (prefs), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* The window an action from the menu, a key or `gapplication action` is for. */
static ProprioWindow *
action_window (GtkApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (app);

  /* From `gapplication action` there may be no window yet, or only a dialog in front. */
  for (GList *l = gtk_application_get_windows (app); !PROPRIO_IS_WINDOW (window) && l; l = l->next)
    window = l->data;
  if (!PROPRIO_IS_WINDOW (window))
    {
      g_application_activate (G_APPLICATION (app));
      window = gtk_application_get_active_window (app);
    }
  return PROPRIO_IS_WINDOW (window) ? PROPRIO_WINDOW (window) : NULL;
}

static void
snapshot_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  ProprioWindow *window = action_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    proprio_window_snapshot (window);
}

static void
snapshot_bundle_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  ProprioWindow *window = action_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    proprio_window_save_bundle (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close windows rather than quit outright, so each one stops its devices and saves its state. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
  { "snapshot", snapshot_action },
  { "snapshot-bundle", snapshot_bundle_action },
};

static void
proprio_application_init (ProprioApplication *self)
{

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Live visual feedback for neuromuscular re-education."));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  proprio_snapshot_add_actions (G_ACTION_MAP (self));
  proprio_plan_actions_add (self);
  proprio_patient_display_add_actions (self);
}
