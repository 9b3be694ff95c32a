/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-muscle-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-scroll-guard.h"

#include "proprio-muscle-page-private.h"

G_DEFINE_FINAL_TYPE (ProprioMusclePage, proprio_muscle_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (ProprioMuscleExercise, proprio_muscle_exercise,
  G_DEFINE_ENUM_VALUE (PROPRIO_MUSCLE_EXERCISE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (PROPRIO_MUSCLE_EXERCISE_MVC, "mvc-calibration"),
  G_DEFINE_ENUM_VALUE (PROPRIO_MUSCLE_EXERCISE_DRILL, "activation-drill"))

/* The simulated sleeve the hint offers: eight channels, a patient who does the exercises. */
#define SIMULATED_SLEEVE "sim:cyton"

enum {
  PROP_0,
  PROP_STATION,
  PROP_SETTINGS,
  PROP_DEVICE,
  PROP_EXERCISE,
  PROP_SHOW_RAW,
  PROP_PAIR_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const exercise_ids[] = {
  PROPRIO_STATION_EXERCISE_LIVE, "mvc-calibration", "activation-drill"
};

const char *
proprio_muscle_exercise_to_id (ProprioMuscleExercise exercise)
{
  g_return_val_if_fail (exercise < PROPRIO_MUSCLE_N_EXERCISES, PROPRIO_STATION_EXERCISE_LIVE);
  return exercise_ids[exercise];
}

gboolean
proprio_muscle_exercise_from_id (const char            *id,
                                 ProprioMuscleExercise *exercise)
{
  for (guint i = 0; i < G_N_ELEMENTS (exercise_ids); i++)
    if (g_strcmp0 (id, exercise_ids[i]) == 0)
      {
        *exercise = (ProprioMuscleExercise) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
proprio_muscle_page_is_running (ProprioMusclePage *self)
{
  return self->station != NULL && proprio_station_is_running (self->station);
}

/* ---- the per-frame path ---- */

static void
view_samples_cb (const ProprioSample *samples,
                 gsize                n,
                 gpointer             user_data)
{
  ProprioMusclePage *self = user_data;

  proprio_emg_view_push (self->view, samples, n);
}

/* Before drawing, the station catches up, so prompt and numbers are those of this frame; a
 * device that has just said what it streams gets its bars at once. */
static void
before_frame_cb (gint64   now_us,
                 gpointer user_data)
{
  ProprioMusclePage *self = user_data;

  proprio_station_update (self->station, now_us);
  proprio_muscle_page_sync_layout (self, FALSE);
  proprio_muscle_page_update_running (self, now_us);
}

void
proprio_muscle_page_push_samples (ProprioMusclePage   *self,
                                  const ProprioSample *samples,
                                  gsize                n)
{
  g_return_if_fail (PROPRIO_IS_MUSCLE_PAGE (self));
  g_return_if_fail (samples != NULL || n == 0);

  if (n == 0)
    return;
  proprio_muscle_page_sync_layout (self, FALSE);
  view_samples_cb (samples, n, self);
  proprio_station_push_samples (self->station, samples, n);
  proprio_muscle_page_update_running (self, samples[n - 1].t_us);
}

/* ---- device ---- */

ProprioStation *
proprio_muscle_page_get_station (ProprioMusclePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), NULL);
  return self->station;
}

ProprioDevice *
proprio_muscle_page_get_device (ProprioMusclePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), NULL);
  return self->station != NULL ? proprio_station_get_device (self->station) : NULL;
}

static void
device_changed_cb (ProprioMusclePage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  self->is_emg = device != NULL &&
                 proprio_device_get_stream_kind (device) == PROPRIO_STREAM_EMG;
  proprio_stream_follower_set_device (self->follower, self->is_emg ? device : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, self->is_emg ? "emg" : "no-device");
  proprio_muscle_page_sync_layout (self, TRUE);
  proprio_muscle_page_update_error (self);
  proprio_muscle_page_update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

/* Connecting, streaming, unplugged: the layout and the reason for missing envelopes may change. */
static void
device_state_changed_cb (ProprioMusclePage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  /* A "lines" port says it streams EMG only once it has seen its channels. */
  if (self->is_emg != (device != NULL &&
                       proprio_device_get_stream_kind (device) == PROPRIO_STREAM_EMG))
    {
      device_changed_cb (self);
      return;
    }
  proprio_muscle_page_sync_layout (self, FALSE);
  proprio_muscle_page_update_error (self);
}

/* ---- properties ---- */

ProprioMuscleExercise
proprio_muscle_page_get_exercise (ProprioMusclePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MUSCLE_PAGE (self), PROPRIO_MUSCLE_EXERCISE_LIVE);
  return self->exercise;
}

void
proprio_muscle_page_set_exercise (ProprioMusclePage     *self,
                                  ProprioMuscleExercise  exercise)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROPRIO_IS_MUSCLE_PAGE (self));
  g_return_if_fail (exercise < PROPRIO_MUSCLE_N_EXERCISES);

  /* The station refuses while an exercise runs; the selector then shows what it still has. */
  if (!proprio_station_select_exercise (self->station, proprio_muscle_exercise_to_id (exercise),
                                        &error))
    {
      g_debug ("%s", error->message);
      self->updating_ui = TRUE;
      adw_combo_row_set_selected (self->exercise_row, self->exercise);
      self->updating_ui = FALSE;
    }
}

/* The station's choice, shown: from this page, another window or a plan. A balance exercise
 * shows as the live view here (its settings are the Balance page's). */
static void
exercise_id_changed_cb (ProprioMusclePage *self)
{
  static const char * const settings_pages[] = { "live", "mvc", "drill" };
  ProprioMuscleExercise exercise = PROPRIO_MUSCLE_EXERCISE_LIVE;

  proprio_muscle_exercise_from_id (proprio_station_get_exercise_id (self->station), &exercise);
  self->exercise = exercise;
  self->engine = proprio_station_get_engine (self->station,
                                             proprio_muscle_exercise_to_id (exercise));
  self->shown_phase = self->engine != NULL ? proprio_exercise_get_phase (self->engine)
                                           : PROPRIO_EXERCISE_PHASE_IDLE;
  if (adw_combo_row_get_selected (self->exercise_row) != exercise)
    {
      self->updating_ui = TRUE;
      adw_combo_row_set_selected (self->exercise_row, exercise);
      self->updating_ui = FALSE;
    }
  gtk_stack_set_visible_child_name (self->settings_stack, settings_pages[exercise]);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  proprio_muscle_page_show_zones (self);
  proprio_muscle_page_engine_changed (self);
  proprio_muscle_page_update_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXERCISE]);
}

static void
exercise_row_selected_cb (ProprioMusclePage *self)
{
  if (self->updating_ui)
    return;
  proprio_muscle_page_set_exercise (self, adw_combo_row_get_selected (self->exercise_row));
}

static void
set_show_raw (ProprioMusclePage *self,
              gboolean           show_raw)
{
  show_raw = !!show_raw;
  if (self->show_raw == show_raw)
    return;
  self->show_raw = show_raw;
  proprio_emg_view_set_show_raw (self->view, show_raw);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RAW]);
}

static void
set_pair_view (ProprioMusclePage *self,
               gboolean           pair_view)
{
  pair_view = !!pair_view;
  if (self->pair_view == pair_view)
    return;
  self->pair_view = pair_view;
  proprio_muscle_page_channels_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAIR_VIEW]);
}

/* ---- the calibration, kept across restarts ---- */

static void
calibration_changed_cb (ProprioMusclePage *self)
{
  ProprioEmgCalibration *calibration = proprio_station_get_emg_calibration (self->station);

  if (self->settings != NULL)
    {
      g_autoptr(GVariant) stored = g_settings_get_value (self->settings, "emg-calibration");
      g_autoptr(GVariant) now = g_variant_ref_sink (
        calibration != NULL ? proprio_emg_calibration_to_variant (calibration)
                            : g_variant_new_array (G_VARIANT_TYPE ("{sd}"), NULL, 0));

      /* Every page of every window hears this: one write is enough. */
      if (!g_variant_equal (stored, now))
        g_settings_set_value (self->settings, "emg-calibration", now);
    }
  proprio_muscle_page_update_calibration (self);
}

/* The station starts without a calibration; the latest one of an earlier run is the settings'. */
static void
restore_calibration (ProprioMusclePage *self)
{
  g_autoptr(GVariant) stored = NULL;
  g_autoptr(ProprioEmgCalibration) calibration = NULL;
  g_autoptr(GError) error = NULL;

  if (self->settings == NULL || proprio_station_get_emg_calibration (self->station) != NULL)
    return;
  stored = g_settings_get_value (self->settings, "emg-calibration");
  if (g_variant_n_children (stored) == 0)
    return;
  calibration = proprio_emg_calibration_new_from_variant (stored, &error);
  if (calibration == NULL)
    {
      /* A damaged value is dropped, not kept to fail at every start. */
      g_warning ("Ignoring the stored MVC calibration: %s", error->message);
      g_settings_reset (self->settings, "emg-calibration");
      return;
    }
  proprio_station_set_emg_calibration (self->station, calibration);
}

/* ---- actions ---- */

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  proprio_muscle_page_start (PROPRIO_MUSCLE_PAGE (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  proprio_muscle_page_stop (PROPRIO_MUSCLE_PAGE (widget));
}

static void
forget_calibration_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (widget);

  if (proprio_muscle_page_is_running (self))
    return;
  proprio_station_set_emg_calibration (self->station, NULL);
}

static void
use_simulator_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!proprio_station_set_device_spec (self->station, SIMULATED_SLEEVE, &error))
    {
      gtk_label_set_label (self->refusal_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
    }
}

/* ---- GObject ---- */

static void
proprio_muscle_page_constructed (GObject *object)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (object);

  G_OBJECT_CLASS (proprio_muscle_page_parent_class)->constructed (object);

  g_assert (PROPRIO_IS_STATION (self->station));
  self->mvc = PROPRIO_MVC_CALIBRATION (proprio_station_get_engine (self->station,
                                                                    "mvc-calibration"));
  self->drill = PROPRIO_ACTIVATION_DRILL (proprio_station_get_engine (self->station,
                                                                       "activation-drill"));
  proprio_muscle_page_init_channels (self);
  proprio_muscle_page_init_exercises (self);

  if (self->settings != NULL)
    {
      static const struct { const char *key; gsize offset; } defaults[] = {
        { "default-drill-work-s", G_STRUCT_OFFSET (ProprioMusclePage, work_spin) },
        { "default-drill-rest-s", G_STRUCT_OFFSET (ProprioMusclePage, rest_spin) },
        { "default-drill-reps", G_STRUCT_OFFSET (ProprioMusclePage, reps_spin) },
      };

      g_settings_bind (self->settings, "emg-show-raw", self, "show-raw", G_SETTINGS_BIND_DEFAULT);
      /* The drill's starting values are the preferences' (and follow them when changed there). */
      for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
        g_settings_bind (self->settings, defaults[i].key,
                         gtk_spin_button_get_adjustment (
                           G_STRUCT_MEMBER (GtkSpinButton *, self, defaults[i].offset)),
                         "value", G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY);
    }
  g_object_bind_property (self, "show-raw", self->raw_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self, "pair-view", self->pair_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->follower = proprio_stream_follower_new (GTK_WIDGET (self), before_frame_cb,
                                                view_samples_cb, self);
  g_object_bind_property (self->station, "exercise", self->engine_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->station, "device", self->device_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->station, "sound-enabled", self->sound_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->station, "notify::device", G_CALLBACK (device_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::exercise-id",
                           G_CALLBACK (exercise_id_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::running",
                           G_CALLBACK (proprio_muscle_page_engine_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "emg-quality-changed",
                           G_CALLBACK (proprio_muscle_page_update_quality), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "emg-calibration-changed",
                           G_CALLBACK (calibration_changed_cb), self, G_CONNECT_SWAPPED);

  /* Scrolling the side panel scrolls it; it never changes a band or a duration. */
  proprio_scroll_guard_spin_buttons (GTK_WIDGET (self->panel_scroll));

  restore_calibration (self);
  device_changed_cb (self);
  proprio_muscle_page_update_calibration (self);
  exercise_id_changed_cb (self);
}

static void
proprio_muscle_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_EXERCISE:
      proprio_muscle_page_set_exercise (self, g_value_get_enum (value));
      break;
    case PROP_SHOW_RAW:
      set_show_raw (self, g_value_get_boolean (value));
      break;
    case PROP_PAIR_VIEW:
      set_pair_view (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_muscle_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, proprio_muscle_page_get_device (self));
      break;
    case PROP_EXERCISE:
      g_value_set_enum (value, self->exercise);
      break;
    case PROP_SHOW_RAW:
      g_value_set_boolean (value, self->show_raw);
      break;
    case PROP_PAIR_VIEW:
      g_value_set_boolean (value, self->pair_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_muscle_page_dispose (GObject *object)
{
  ProprioMusclePage *self = PROPRIO_MUSCLE_PAGE (object);

  g_clear_pointer (&self->follower, proprio_stream_follower_free);
  proprio_panel_scroll_clear (&self->panel_keeper);
  if (self->engine_signals != NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
  g_clear_object (&self->engine_signals);
  if (self->device_signals != NULL)
    g_signal_group_set_target (self->device_signals, NULL);
  g_clear_object (&self->device_signals);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  if (self->settings != NULL)
    {
      g_settings_unbind (self, "show-raw");
      g_signal_handlers_disconnect_by_data (self->settings, self);
    }
  proprio_muscle_page_clear_channels (self);
  self->engine = NULL;
  self->mvc = NULL;
  self->drill = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_MUSCLE_PAGE);
  g_clear_object (&self->channel_names);
  g_clear_object (&self->mvc_channels);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_muscle_page_parent_class)->dispose (object);
}

static void
proprio_muscle_page_class_init (ProprioMusclePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  g_type_ensure (PROPRIO_TYPE_EMG_VIEW);

  object_class->constructed = proprio_muscle_page_constructed;
  object_class->set_property = proprio_muscle_page_set_property;
  object_class->get_property = proprio_muscle_page_get_property;
  object_class->dispose = proprio_muscle_page_dispose;
  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, PROPRIO_TYPE_DEVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXERCISE] =
    g_param_spec_enum ("exercise", NULL, NULL, PROPRIO_TYPE_MUSCLE_EXERCISE,
                       PROPRIO_MUSCLE_EXERCISE_LIVE, flags);
  properties[PROP_SHOW_RAW] = g_param_spec_boolean ("show-raw", NULL, NULL, FALSE, flags);
  properties[PROP_PAIR_VIEW] = g_param_spec_boolean ("pair-view", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "musclepage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-muscle-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioMusclePage, name)
  BIND (stack);
  BIND (no_device_status);
  BIND (refusal_label);
  BIND (flap);
  BIND (panel_scroll);
  BIND (prompt_label);
  BIND (status_box);
  BIND (rep_label);
  BIND (time_label);
  BIND (successes_label);
  BIND (hold_bar);
  BIND (message_label);
  BIND (error_bar);
  BIND (error_label);
  BIND (unit_label);
  BIND (view);
  BIND (exercise_row);
  BIND (start_button);
  BIND (stop_button);
  BIND (results_title);
  BIND (results_placeholder);
  BIND (results_grid);
  BIND (calibration_row);
  BIND (forget_button);
  BIND (channels_group);
  BIND (quality_group);
  BIND (raw_switch);
  BIND (pair_switch);
  BIND (pair_a_row);
  BIND (pair_b_row);
  BIND (sound_switch);
#undef BIND
  proprio_muscle_page_bind_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "muscle.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "muscle.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "muscle.forget-calibration", NULL,
                                   forget_calibration_action);
  gtk_widget_class_install_action (widget_class, "muscle.use-simulator", NULL,
                                   use_simulator_action);
  gtk_widget_class_install_property_action (widget_class, "muscle.show-raw", "show-raw");
  gtk_widget_class_install_property_action (widget_class, "muscle.pair-view", "pair-view");
}

static void
proprio_muscle_page_init (ProprioMusclePage *self)
{
  self->shown_seconds = -1;
  self->channel_names = gtk_string_list_new (NULL);
  self->mvc_channels = gtk_string_list_new (NULL);
  self->engine_signals = g_signal_group_new (PROPRIO_TYPE_EXERCISE);
  g_signal_group_connect_swapped (self->engine_signals, "changed",
                                  G_CALLBACK (proprio_muscle_page_engine_changed), self);
  self->device_signals = g_signal_group_new (PROPRIO_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify::state",
                                  G_CALLBACK (device_state_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The side panel is drawn as one picture while it does not change: walked node by node in
   * every frame the bars move, it cost a third of the page's frame
   * (widgets/proprio-panel-cache.c). */
  proprio_panel_cache_wrap_flap (self->flap);
  proprio_panel_scroll_init (&self->panel_keeper, GTK_WIDGET (self), self->panel_scroll);

  g_signal_connect_swapped (self->exercise_row, "notify::selected",
                            G_CALLBACK (exercise_row_selected_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "no-device");
}

GtkWidget *
proprio_muscle_page_new (ProprioStation *station,
                         GSettings      *settings)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_MUSCLE_PAGE, "station", station, "settings", settings, NULL);
}
