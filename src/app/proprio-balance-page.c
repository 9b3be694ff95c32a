/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-balance-page"

#include "config.h"

#include "core/proprio-clock.h"

#include "proprio-application.h"
#include "proprio-balance-page-private.h"
#include "widgets/proprio-panel-cache.h"
#include "proprio-calibration-dialog.h"
#include "widgets/proprio-scroll-guard.h"

G_DEFINE_FINAL_TYPE (ProprioBalancePage, proprio_balance_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (ProprioBalanceExercise, proprio_balance_exercise,
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_STATIC, "static"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT, "weight-shift"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_LOS, "los"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_MATCHING, "matching"))

enum {
  PROP_0,
  PROP_STATION,
  PROP_SETTINGS,
  PROP_DEVICE,
  PROP_EXERCISE,
  PROP_SOUND_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- the per-frame path ---- */

static const char * const exercise_ids[] = {
  "live", "static-test", "weight-shift", "los-test", "cop-matching"
};

const char *
proprio_balance_exercise_to_id (ProprioBalanceExercise exercise)
{
  g_return_val_if_fail (exercise < PROPRIO_BALANCE_N_EXERCISES, "live");
  return exercise_ids[exercise];
}

gboolean
proprio_balance_exercise_from_id (const char             *id,
                                  ProprioBalanceExercise *exercise)
{
  for (guint i = 0; i < G_N_ELEMENTS (exercise_ids); i++)
    if (g_strcmp0 (id, exercise_ids[i]) == 0)
      {
        *exercise = (ProprioBalanceExercise) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
proprio_balance_page_is_running (ProprioBalancePage *self)
{
  return self->station != NULL && proprio_station_is_running (self->station);
}

/* The view's share of a batch; the station feeds its own cursor to the exercise. */
static void
view_samples_cb (const ProprioSample *samples,
                 gsize                n,
                 gpointer             user_data)
{
  ProprioBalancePage *self = user_data;

  if (self->review < 0)
    proprio_cop_view_push (self->view, samples, n);
}

/* Before drawing, the station catches up, so prompt and targets are those of this frame. */
static void
before_frame_cb (gint64   now_us,
                 gpointer user_data)
{
  ProprioBalancePage *self = user_data;

  proprio_station_update (self->station, now_us);
  proprio_balance_page_update_time_left (self, now_us);
}

void
proprio_balance_page_push_samples (ProprioBalancePage  *self,
                                   const ProprioSample *samples,
                                   gsize                n)
{
  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));
  g_return_if_fail (samples != NULL || n == 0);

  if (n == 0)
    return;
  view_samples_cb (samples, n, self);
  proprio_station_push_samples (self->station, samples, n);
}

/* ---- device ---- */

ProprioStation *
proprio_balance_page_get_station (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), NULL);
  return self->station;
}

ProprioDevice *
proprio_balance_page_get_device (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), NULL);
  return self->station != NULL ? proprio_station_get_device (self->station) : NULL;
}

static void
device_changed_cb (ProprioBalancePage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  self->is_balance = device != NULL &&
                     proprio_device_get_stream_kind (device) == PROPRIO_STREAM_BALANCE;
  proprio_stream_follower_set_device (self->follower, self->is_balance ? device : NULL);
  proprio_cop_view_clear (self->view);

  gtk_stack_set_visible_child_name (self->stack, self->is_balance ? "board" : "no-device");
  proprio_balance_page_update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

/* ---- properties ---- */

ProprioBalanceExercise
proprio_balance_page_get_exercise (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), PROPRIO_BALANCE_EXERCISE_LIVE);
  return self->exercise;
}

void
proprio_balance_page_set_exercise (ProprioBalancePage     *self,
                                   ProprioBalanceExercise  exercise)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));
  g_return_if_fail (exercise < PROPRIO_BALANCE_N_EXERCISES);

  /* The station refuses while a test runs; the selector then shows what it still has. */
  if (!proprio_station_select_exercise (self->station, proprio_balance_exercise_to_id (exercise),
                                        &error))
    {
      g_debug ("%s", error->message);
      adw_combo_row_set_selected (self->exercise_row, self->exercise);
    }
}

/* The station's choice, shown: from this page, another window or a plan. Selecting never touches
 * an engine's results: they stay until that exercise starts again. */
static void
exercise_id_changed_cb (ProprioBalancePage *self)
{
  static const char * const settings_pages[] = {
    "live", "static", "weight-shift", "los", "matching"
  };
  ProprioBalanceExercise exercise = PROPRIO_BALANCE_EXERCISE_LIVE;

  proprio_balance_exercise_from_id (proprio_station_get_exercise_id (self->station), &exercise);
  self->exercise = exercise;
  self->engine = proprio_station_get_engine (self->station,
                                             proprio_balance_exercise_to_id (exercise));
  self->shown_phase = self->engine != NULL ? proprio_exercise_get_phase (self->engine)
                                           : PROPRIO_EXERCISE_PHASE_IDLE;
  proprio_balance_page_end_review (self);
  /* Following the station (an EMG exercise shows as the live view here) must not choose. */
  if (adw_combo_row_get_selected (self->exercise_row) != exercise)
    {
      gboolean was_updating = self->updating_ui;

      self->updating_ui = TRUE;
      adw_combo_row_set_selected (self->exercise_row, exercise);
      self->updating_ui = was_updating;
    }
  gtk_stack_set_visible_child_name (self->settings_stack, settings_pages[exercise]);
  proprio_balance_page_show_targets (self);
  proprio_balance_page_engine_changed (self);
  proprio_balance_page_update_controls (self);
  proprio_balance_page_update_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXERCISE]);
}

ProprioExercise *
proprio_balance_page_get_engine (ProprioBalancePage     *self,
                                 ProprioBalanceExercise  exercise)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), NULL);

  g_return_val_if_fail (exercise < PROPRIO_BALANCE_N_EXERCISES, NULL);

  return proprio_station_get_engine (self->station, proprio_balance_exercise_to_id (exercise));
}

gboolean
proprio_balance_page_get_sound_enabled (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), FALSE);
  return proprio_station_get_sound_enabled (self->station);
}

void
proprio_balance_page_set_sound_enabled (ProprioBalancePage *self,
                                        gboolean            enabled)
{
  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));
  proprio_station_set_sound_enabled (self->station, enabled);
}

static void
sound_enabled_changed_cb (ProprioBalancePage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_ENABLED]);
}

static void
exercise_row_selected_cb (ProprioBalancePage *self)
{
  if (self->updating_ui)
    return;
  proprio_balance_page_set_exercise (self, adw_combo_row_get_selected (self->exercise_row));
}

/* ---- settings ---- */

static void
board_size_changed_cb (ProprioBalancePage *self)
{
  proprio_balance_page_apply_board_size (self);
}

/* ---- actions ---- */

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  proprio_balance_page_start (PROPRIO_BALANCE_PAGE (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  proprio_balance_page_stop (PROPRIO_BALANCE_PAGE (widget));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  proprio_balance_page_next (PROPRIO_BALANCE_PAGE (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  proprio_balance_page_retry (PROPRIO_BALANCE_PAGE (widget));
}

static void
live_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  proprio_balance_page_end_review (PROPRIO_BALANCE_PAGE (widget));
}

static void
clear_targets_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (widget);

  if (self->exercise == PROPRIO_BALANCE_EXERCISE_MATCHING)
    {
      proprio_balance_page_clear_matching_targets (self);
      return;
    }
  proprio_weight_shift_clear_targets (self->weight_shift);
  proprio_balance_page_show_targets (self);
}

static void
calibrate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (widget);
  GtkWidget *dialog;
  GtkRoot *root;

  if (!self->is_balance)
    return;
  dialog = proprio_calibration_dialog_new (self->station, self->settings);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
proprio_balance_page_constructed (GObject *object)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  G_OBJECT_CLASS (proprio_balance_page_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "mirror-patient-view", self->view, "mirrored",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-width-mm", self->view, "board-width-mm",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-length-mm", self->view, "board-length-mm",
                       G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->settings, "changed::board-width-mm",
                               G_CALLBACK (board_size_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::board-length-mm",
                               G_CALLBACK (board_size_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::analysis-lowpass-hz",
                               G_CALLBACK (proprio_balance_page_apply_settings), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::distance-unit",
                               G_CALLBACK (proprio_balance_page_update_results), self,
                               G_CONNECT_SWAPPED);
      /* The starting values are the preferences' (and follow them when changed there). */
      g_settings_bind (self->settings, "default-static-duration-s",
                       gtk_spin_button_get_adjustment (self->duration_spin), "value",
                       G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY);
      g_settings_bind (self->settings, "default-shift-timeout-s",
                       gtk_spin_button_get_adjustment (self->timeout_spin), "value",
                       G_SETTINGS_BIND_GET | G_SETTINGS_BIND_NO_SENSITIVITY);
    }
  g_assert (PROPRIO_IS_STATION (self->station));
  self->static_test = PROPRIO_STATIC_TEST (proprio_station_get_engine (self->station,
                                                                        "static-test"));
  self->weight_shift = PROPRIO_WEIGHT_SHIFT (proprio_station_get_engine (self->station,
                                                                         "weight-shift"));
  self->los_test = PROPRIO_LOS_TEST (proprio_station_get_engine (self->station, "los-test"));
  self->cop_matching = PROPRIO_COP_MATCHING (proprio_station_get_engine (self->station,
                                                                         "cop-matching"));
  proprio_balance_page_init_exercises (self);

  self->follower = proprio_stream_follower_new (GTK_WIDGET (self), before_frame_cb,
                                                view_samples_cb, self);
  g_object_bind_property (self->station, "exercise", self->engine_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->station, "sound-enabled", self->sound_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->station, "notify::device", G_CALLBACK (device_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::exercise-id",
                           G_CALLBACK (exercise_id_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::running",
                           G_CALLBACK (proprio_balance_page_engine_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::sound-enabled",
                           G_CALLBACK (sound_enabled_changed_cb), self, G_CONNECT_SWAPPED);

  /* Scrolling the side panel scrolls it; it never changes a duration or a distance. */
  proprio_scroll_guard_spin_buttons (GTK_WIDGET (self->settings_stack));

  proprio_balance_page_apply_board_size (self);
  proprio_balance_page_apply_settings (self);
  device_changed_cb (self);
  exercise_id_changed_cb (self);
}

static void
proprio_balance_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_EXERCISE:
      proprio_balance_page_set_exercise (self, g_value_get_enum (value));
      break;
    case PROP_SOUND_ENABLED:
      proprio_balance_page_set_sound_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_balance_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, proprio_balance_page_get_device (self));
      break;
    case PROP_EXERCISE:
      g_value_set_enum (value, self->exercise);
      break;
    case PROP_SOUND_ENABLED:
      g_value_set_boolean (value, proprio_balance_page_get_sound_enabled (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_balance_page_dispose (GObject *object)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  g_clear_pointer (&self->follower, proprio_stream_follower_free);
  proprio_panel_scroll_clear (&self->panel_keeper);
  if (self->engine_signals != NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
  g_clear_object (&self->engine_signals);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  if (self->weight_shift != NULL)
    g_signal_handlers_disconnect_by_data (self->weight_shift, self);
  self->engine = NULL;
  self->static_test = NULL;
  self->weight_shift = NULL;
  self->los_test = NULL;
  self->cop_matching = NULL;
  self->matching_settings = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_BALANCE_PAGE);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_balance_page_parent_class)->dispose (object);
}

static void
proprio_balance_page_finalize (GObject *object)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  g_free (self->review_samples);
  g_free (self->idle_targets);

  G_OBJECT_CLASS (proprio_balance_page_parent_class)->finalize (object);
}

static void
proprio_balance_page_class_init (ProprioBalancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  g_type_ensure (PROPRIO_TYPE_COP_VIEW);

  object_class->constructed = proprio_balance_page_constructed;
  object_class->set_property = proprio_balance_page_set_property;
  object_class->get_property = proprio_balance_page_get_property;
  object_class->dispose = proprio_balance_page_dispose;
  object_class->finalize = proprio_balance_page_finalize;
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
    g_param_spec_enum ("exercise", NULL, NULL, PROPRIO_TYPE_BALANCE_EXERCISE,
                       PROPRIO_BALANCE_EXERCISE_LIVE, flags);
  properties[PROP_SOUND_ENABLED] =
    g_param_spec_boolean ("sound-enabled", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "balancepage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-balance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, flap);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, panel_scroll);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, choose_device_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, panel_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, view);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, time_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, message_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, review_bar);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, review_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, exercise_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, settings_stack);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, results_title);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, results_grid);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, results_placeholder);
  proprio_balance_page_bind_callbacks (widget_class);

  gtk_widget_class_install_action (widget_class, "balance.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "balance.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "balance.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "balance.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "balance.live", NULL, live_action);
  gtk_widget_class_install_action (widget_class, "balance.clear-targets", NULL,
                                   clear_targets_action);
  gtk_widget_class_install_action (widget_class, "balance.calibrate", NULL, calibrate_action);
}

static void
proprio_balance_page_init (ProprioBalancePage *self)
{
  self->review = -1;
  self->shown_seconds = -1;
  self->engine_signals = g_signal_group_new (PROPRIO_TYPE_EXERCISE);
  g_signal_group_connect_swapped (self->engine_signals, "changed",
                                  G_CALLBACK (proprio_balance_page_engine_changed), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The side panel as one picture while it does not change, as on the Muscle page: the trail
   * moves every frame, the panel's rows seldom (widgets/proprio-panel-cache.c). */
  proprio_panel_cache_wrap_flap (self->flap);
  proprio_panel_scroll_init (&self->panel_keeper, GTK_WIDGET (self), self->panel_scroll);

  g_signal_connect_swapped (self->exercise_row, "notify::selected",
                            G_CALLBACK (exercise_row_selected_cb), self);
  gtk_stack_set_visible_child_name (self->stack, "no-device");
}

GtkWidget *
proprio_balance_page_new (ProprioStation *station,
                          GSettings      *settings)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_BALANCE_PAGE, "station", station, "settings", settings, NULL);
}
