/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-balance-page"

#include "config.h"

#include "core/proprio-clock.h"

#include "proprio-application.h"
#include "proprio-balance-page-private.h"
#include "proprio-calibration-dialog.h"

G_DEFINE_FINAL_TYPE (ProprioBalancePage, proprio_balance_page, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (ProprioBalanceExercise, proprio_balance_exercise,
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_STATIC, "static"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT, "weight-shift"),
  G_DEFINE_ENUM_VALUE (PROPRIO_BALANCE_EXERCISE_LOS, "los"))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DEVICE,
  PROP_EXERCISE,
  PROP_SOUND_ENABLED,
  N_PROPS
};

enum {
  SIGNAL_CALIBRATION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- the per-frame path ---- */

/* Everything a batch of samples touches; no allocation. */
static void
handle_samples (ProprioBalancePage  *self,
                const ProprioSample *samples,
                gsize                n)
{
  if (n == 0)
    return;

  if (self->review < 0)
    proprio_cop_view_push (self->view, samples, n);
  if (self->running != NULL && proprio_exercise_is_active (self->running))
    proprio_exercise_feed_many (self->running, samples, n);
  self->newest_us = MAX (self->newest_us, samples[n - 1].t_us);
}

static void
tick_engine (ProprioBalancePage *self,
             gint64              now_us)
{
  /* An engine that just finished on a sample still has to announce it: ticks flush "changed". */
  if (self->running == NULL)
    return;
  /* Never tick behind the samples already fed: a tick is "no sample arrived until now". */
  proprio_exercise_tick (self->running, MAX (now_us, self->newest_us));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (widget);

  if (self->cursor.ring != NULL)
    {
      gsize n;

      while ((n = proprio_ring_read (&self->cursor, self->chunk, PROPRIO_BALANCE_PAGE_CHUNK)) > 0)
        handle_samples (self, self->chunk, n);

      if (self->cursor.dropped > self->reported_dropped)
        {
          proprio_device_add_ring_overflows (self->device,
                                             self->cursor.dropped - self->reported_dropped);
          self->reported_dropped = self->cursor.dropped;
        }
    }

  tick_engine (self, proprio_clock_now_us ());
  return G_SOURCE_CONTINUE;
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
  handle_samples (self, samples, n);
  tick_engine (self, samples[n - 1].t_us);
}

/* ---- device ---- */

static gboolean
device_is_balance (ProprioDevice *device)
{
  return device != NULL &&
         proprio_device_get_stream_kind (device) == PROPRIO_STREAM_BALANCE;
}

static void
restart_cursor (ProprioBalancePage *self)
{
  proprio_ring_cursor_clear (&self->cursor);
  self->reported_dropped = 0;
  if (self->is_balance)
    proprio_ring_cursor_init (&self->cursor, proprio_device_get_ring (self->device), TRUE);
}

ProprioDevice *
proprio_balance_page_get_device (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), NULL);
  return self->device;
}

void
proprio_balance_page_set_device (ProprioBalancePage *self,
                                 ProprioDevice      *device)
{
  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));
  g_return_if_fail (device == NULL || PROPRIO_IS_DEVICE (device));

  if (self->device == device)
    return;

  /* Samples of another board would mean nothing to a test in progress. */
  if (self->running != NULL && proprio_exercise_is_active (self->running))
    proprio_balance_page_stop (self);

  g_set_object (&self->device, device);
  self->is_balance = device_is_balance (device);
  restart_cursor (self);
  proprio_cop_view_clear (self->view);
  self->newest_us = 0;

  gtk_stack_set_visible_child_name (self->stack, self->is_balance ? "board" : "no-device");
  proprio_balance_page_update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

/* ---- properties ---- */

static void select_exercise (ProprioBalancePage     *self,
                             ProprioBalanceExercise  exercise);

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
  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));
  g_return_if_fail (exercise < PROPRIO_BALANCE_N_EXERCISES);

  if (self->exercise == exercise)
    return;
  select_exercise (self, exercise);
}

static void
select_exercise (ProprioBalancePage     *self,
                 ProprioBalanceExercise  exercise)
{
  static const char * const settings_pages[] = { "live", "static", "weight-shift", "los" };

  if (self->running != NULL && proprio_exercise_is_active (self->running))
    {
      g_warning ("Stop the running exercise before choosing another one");
      adw_combo_row_set_selected (self->exercise_row, self->exercise);
      return;
    }

  self->exercise = exercise;
  self->engine = proprio_balance_page_get_engine (self, exercise);
  proprio_balance_page_end_review (self);
  adw_combo_row_set_selected (self->exercise_row, exercise);
  gtk_stack_set_visible_child_name (self->settings_stack, settings_pages[exercise]);
  proprio_balance_page_apply_settings (self);
  proprio_balance_page_show_targets (self);
  proprio_balance_page_update_controls (self);
  proprio_balance_page_update_results (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXERCISE]);
}

ProprioExercise *
proprio_balance_page_get_engine (ProprioBalancePage     *self,
                                 ProprioBalanceExercise  exercise)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), NULL);

  switch (exercise)
    {
    case PROPRIO_BALANCE_EXERCISE_STATIC:       return PROPRIO_EXERCISE (self->static_test);
    case PROPRIO_BALANCE_EXERCISE_WEIGHT_SHIFT: return PROPRIO_EXERCISE (self->weight_shift);
    case PROPRIO_BALANCE_EXERCISE_LOS:          return PROPRIO_EXERCISE (self->los_test);
    case PROPRIO_BALANCE_EXERCISE_LIVE:
    default:
      return NULL;
    }
}

gboolean
proprio_balance_page_get_sound_enabled (ProprioBalancePage *self)
{
  g_return_val_if_fail (PROPRIO_IS_BALANCE_PAGE (self), FALSE);
  return self->sound_enabled;
}

void
proprio_balance_page_set_sound_enabled (ProprioBalancePage *self,
                                        gboolean            enabled)
{
  g_return_if_fail (PROPRIO_IS_BALANCE_PAGE (self));

  enabled = !!enabled;
  if (self->sound_enabled == enabled)
    return;
  self->sound_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_ENABLED]);
}

static void
exercise_row_selected_cb (ProprioBalancePage *self)
{
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

  proprio_weight_shift_clear_targets (self->weight_shift);
  proprio_balance_page_show_targets (self);
}

static void
calibration_applied_cb (ProprioBalancePage *self,
                        const char         *new_spec)
{
  g_signal_emit (self, signals[SIGNAL_CALIBRATION_CHANGED], 0, new_spec);
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
  dialog = proprio_calibration_dialog_new (self->device, self->settings);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (calibration_applied_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Space and Ctrl+Return: one key for the therapist's hand that is not on the patient. */
static gboolean
toggle_shortcut (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (widget);

  if (self->running != NULL && proprio_exercise_is_active (self->running))
    {
      if (proprio_exercise_get_phase (self->running) == PROPRIO_EXERCISE_PHASE_PAUSED)
        proprio_balance_page_next (self);
      else
        proprio_balance_page_stop (self);
    }
  else
    proprio_balance_page_start (self);
  return TRUE;
}

/* ---- GtkWidget ---- */

static void
proprio_balance_page_map (GtkWidget *widget)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (widget);

  GTK_WIDGET_CLASS (proprio_balance_page_parent_class)->map (widget);

  /* Hidden, the page drew nothing and read nothing: what the board sent meanwhile is not lost
   * data, so the view starts from now. A running exercise still wants every sample it can get. */
  if (self->running == NULL || !proprio_exercise_is_active (self->running))
    restart_cursor (self);
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
    }
  proprio_balance_page_apply_board_size (self);
  select_exercise (self, PROPRIO_BALANCE_EXERCISE_LIVE);
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
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_DEVICE:
      proprio_balance_page_set_device (self, g_value_get_object (value));
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
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_EXERCISE:
      g_value_set_enum (value, self->exercise);
      break;
    case PROP_SOUND_ENABLED:
      g_value_set_boolean (value, self->sound_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_balance_page_dispose (GObject *object)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  proprio_balance_page_dispose_exercises (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_BALANCE_PAGE);
  proprio_ring_cursor_clear (&self->cursor);
  g_clear_object (&self->device);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sound, proprio_balance_sound_free);

  G_OBJECT_CLASS (proprio_balance_page_parent_class)->dispose (object);
}

static void
proprio_balance_page_finalize (GObject *object)
{
  ProprioBalancePage *self = PROPRIO_BALANCE_PAGE (object);

  g_free (self->chunk);
  g_free (self->review_samples);

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
  widget_class->map = proprio_balance_page_map;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, PROPRIO_TYPE_DEVICE, flags);
  properties[PROP_EXERCISE] =
    g_param_spec_enum ("exercise", NULL, NULL, PROPRIO_TYPE_BALANCE_EXERCISE,
                       PROPRIO_BALANCE_EXERCISE_LIVE, flags);
  properties[PROP_SOUND_ENABLED] =
    g_param_spec_boolean ("sound-enabled", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The therapist applied a calibration: reconnect the device with this spec. */
  signals[SIGNAL_CALIBRATION_CHANGED] =
    g_signal_new ("calibration-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "balancepage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-balance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, flap);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, panel_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, view);
  gtk_widget_class_bind_template_child (widget_class, ProprioBalancePage, prompt_label);
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

  gtk_widget_class_add_binding (widget_class, GDK_KEY_space, 0, toggle_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                toggle_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                toggle_shortcut, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "balance.stop", NULL);
}

static void
proprio_balance_page_init (ProprioBalancePage *self)
{
  self->chunk = g_new (ProprioSample, PROPRIO_BALANCE_PAGE_CHUNK);
  self->review = -1;
  self->sound_enabled = TRUE;
  self->sound = proprio_balance_sound_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self, "sound-enabled", self->sound_switch, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_swapped (self->exercise_row, "notify::selected",
                            G_CALLBACK (exercise_row_selected_cb), self);
  proprio_balance_page_init_exercises (self);
  gtk_stack_set_visible_child_name (self->stack, "no-device");

  gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

GtkWidget *
proprio_balance_page_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_BALANCE_PAGE, "settings", settings, NULL);
}
