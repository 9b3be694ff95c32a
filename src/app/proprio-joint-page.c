/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-joint-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-marker-picker.h"
#include "widgets/proprio-scroll-guard.h"

#include "proprio-joint-page-private.h"

G_DEFINE_FINAL_TYPE (ProprioJointPage, proprio_joint_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATION,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ENGINE_ID "jps-protocol"

static ProprioExercise *
engine (ProprioJointPage *self)
{
  return PROPRIO_EXERCISE (self->engine);
}

static gboolean
engine_active (ProprioJointPage *self)
{
  return proprio_exercise_is_active (engine (self));
}

/* An angle to work with: the camera (markers or a frozen frame), or a device that streams
 * angles. */
static gboolean
has_source (ProprioJointPage *self)
{
  return self->use_camera || self->use_frame || self->is_angle;
}

/* ---- what the patient sees ---- */

static void
update_time_left (ProprioJointPage *self,
                  gint64            now_us)
{
  ProprioMatchStage stage =
    proprio_match_exercise_get_stage (PROPRIO_MATCH_EXERCISE (self->engine));
  double left = -1.0;
  int seconds;

  /* Counted in whole seconds while the patient can see: memorising and resting. With the eyes
   * closed a number on the screen would only distract the therapist's reading of the limb. */
  if (proprio_station_get_running (self->station) == engine (self) &&
      (stage == PROPRIO_MATCH_STAGE_MEMORISE || stage == PROPRIO_MATCH_STAGE_REST))
    left = proprio_exercise_get_time_left (engine (self),
                                           proprio_station_get_exercise_time (self->station,
                                                                              now_us));
  seconds = left >= 0 ? (int) ceil (left - 1e-6) : -1;
  if (seconds == self->shown_seconds)
    return;
  self->shown_seconds = seconds;
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), seconds >= 0);
  if (seconds >= 0)
    {
      /* Translators: seconds left of memorising a position or of a rest */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second",
                                                            "%d seconds", seconds), seconds);

      gtk_label_set_label (self->time_label, text);
    }
}

/* 0–180° unless a target or the start lies beyond: then whole 30° steps past it. */
static void
update_range (ProprioJointPage *self)
{
  ProprioMatchExercise *match = PROPRIO_MATCH_EXERCISE (self->engine);
  double lo = 0.0, hi = 180.0, start = gtk_spin_button_get_value (self->start_spin);

  for (guint i = 0; i < proprio_match_exercise_get_n_targets (match); i++)
    {
      double angle;

      proprio_match_exercise_get_target (match, i, &angle);
      lo = MIN (lo, floor ((angle - 15.0) / 30.0) * 30.0);
      hi = MAX (hi, ceil ((angle + 15.0) / 30.0) * 30.0);
    }
  lo = MIN (lo, floor ((start - 15.0) / 30.0) * 30.0);
  hi = MAX (hi, ceil ((start + 15.0) / 30.0) * 30.0);
  proprio_angle_dial_set_range (self->dial, lo, hi);
}

static void
update_dial (ProprioJointPage *self)
{
  ProprioMatchDisplay display;
  gboolean active = engine_active (self);
  gboolean visible = !active || proprio_exercise_get_feedback_visible (engine (self));
  gboolean covered;

  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (self->engine), &display);
  update_range (self);
  proprio_angle_dial_set_angle (self->dial, self->live_angle);
  proprio_angle_dial_set_show_angle (self->dial, visible);
  proprio_angle_dial_set_target (self->dial, active && display.show_target ? display.target[0]
                                                                           : NAN,
                                 display.tolerance);
  proprio_angle_dial_set_registered (self->dial, active && display.show_registered
                                                 ? display.registered[0] : NAN);
  proprio_angle_dial_set_start (self->dial, active ? display.start[0]
                                                   : gtk_spin_button_get_value (self->start_spin));
  proprio_angle_dial_set_progress (self->dial,
                                   active && display.stage == PROPRIO_MATCH_STAGE_MEMORISE
                                   ? display.memorise_progress : NAN);

  /* Eyes closed from the return to the start until the position is registered. */
  covered = active && (display.stage == PROPRIO_MATCH_STAGE_RETURN ||
                       display.stage == PROPRIO_MATCH_STAGE_REPRODUCE);
  /* On a frozen frame the therapist freezes and places the points while the patient
   * reproduces: the picture stays (the prompt says "Eyes closed"), the target arc is hidden. */
  if (self->use_frame)
    covered = FALSE;
  if (self->frame_arc != NULL)
    gtk_widget_queue_draw (self->frame_arc);
  gtk_widget_set_visible (self->cover, covered);
  /* On the camera's picture the angle arc and its value are feedback too. */
  if (self->picker != NULL)
    proprio_marker_picker_set_show_angle (PROPRIO_MARKER_PICKER (self->picker), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->cover_label), !self->dark_screen);
  if (self->dark_screen)
    gtk_widget_add_css_class (self->cover, "joint-dark");
  else
    gtk_widget_remove_css_class (self->cover, "joint-dark");
}

void
_proprio_joint_page_update_prompt (ProprioJointPage *self)
{
  const char *prompt = NULL, *message = NULL;

  if (proprio_exercise_get_phase (engine (self)) != PROPRIO_EXERCISE_PHASE_IDLE)
    {
      prompt = proprio_exercise_get_prompt (engine (self));
      message = proprio_exercise_get_message (engine (self));
    }
  if (prompt == NULL || *prompt == '\0')
    prompt = _("Joint position matching");
  gtk_label_set_label (self->prompt_label, prompt);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static void
update_progress (ProprioJointPage *self)
{
  ProprioMatchDisplay display;
  g_autofree char *text = NULL;

  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (self->engine), &display);
  if (engine_active (self) && display.trial > 0)
    text = g_strdup_printf (_("Trial %u of %u — target %.0f°"), display.trial, display.n_trials,
                            display.target[0]);
  else if (engine_active (self))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u trial planned",
                                         "%u trials planned", display.n_trials),
                            display.n_trials);
  gtk_label_set_label (self->progress_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label), text != NULL);
}

static void update_controls (ProprioJointPage *self);

void
_proprio_joint_page_sync_controls (ProprioJointPage *self)
{
  update_controls (self);
}

static void
update_controls (ProprioJointPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean active = engine_active (self);
  gboolean busy = proprio_station_is_running (self->station) && !active;

  gtk_widget_action_set_enabled (widget, "joint.start", has_source (self) && !active && !busy);
  gtk_widget_action_set_enabled (widget, "joint.use-camera", !active && !self->use_camera);
  gtk_widget_action_set_enabled (widget, "joint.freeze", self->use_frame);
  gtk_widget_action_set_enabled (widget, "joint.clear-points",
                                 self->use_frame && isfinite (self->live_angle));
  gtk_widget_action_set_enabled (widget, "joint.stop", active);
  gtk_widget_action_set_enabled (widget, "joint.register",
                                 proprio_match_exercise_can_register (
                                   PROPRIO_MATCH_EXERCISE (self->engine)));
  gtk_widget_action_set_enabled (widget, "joint.capture", !active && isfinite (self->live_angle));
  gtk_widget_action_set_enabled (widget, "joint.add-target",
                                 !active && proprio_match_exercise_get_n_targets (
                                   PROPRIO_MATCH_EXERCISE (self->engine)) <
                                 PROPRIO_MATCH_MAX_TARGETS);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !active);
  gtk_widget_set_visible (GTK_WIDGET (self->register_button), active);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->targets_group), !active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_combo), !active);
  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (self->targets_message)), TRUE);
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->start_spin),
                                                     ADW_TYPE_PREFERENCES_GROUP), !active);
}

/* The engine changed (a sample, a tick, a start or stop — from any window). */
static void
engine_changed_cb (ProprioJointPage *self)
{
  ProprioExercisePhase phase = proprio_exercise_get_phase (engine (self));
  guint trials = proprio_match_exercise_get_n_trials (PROPRIO_MATCH_EXERCISE (self->engine));

  _proprio_joint_page_update_prompt (self);
  update_dial (self);
  update_progress (self);
  /* The frozen frame's hint says whether Register takes the angle now. */
  _proprio_joint_page_frame_update (self);
  update_time_left (self, proprio_clock_now_us ());
  if (phase != self->shown_phase || trials != self->shown_trials)
    {
      self->shown_phase = phase;
      self->shown_trials = trials;
      _proprio_joint_page_update_results (self);
      _proprio_joint_page_update_targets (self);
    }
  else if (phase == PROPRIO_EXERCISE_PHASE_IDLE || !engine_active (self))
    _proprio_joint_page_update_target_message (self);
  update_controls (self);
}

/* ---- the per-frame path ---- */

static void device_kind_cb (ProprioJointPage *self);

static void
samples_cb (const ProprioSample *samples,
            gsize                n,
            gpointer             user_data)
{
  ProprioJointPage *self = user_data;
  gboolean had = isfinite (self->live_angle);

  for (gsize i = 0; i < n; i++)
    if (samples[i].n_channels >= 1 && !isinf (samples[i].values[0]))
      {
        self->live_angle = samples[i].values[0];
        self->live_us = samples[i].t_us;
      }
  update_dial (self);
  if (had != isfinite (self->live_angle))
    update_controls (self);
}

/* Before drawing, the station catches up, so prompt and dial are those of this frame. */
static void
before_frame_cb (gint64   now_us,
                 gpointer user_data)
{
  ProprioJointPage *self = user_data;

  proprio_station_update (self->station, now_us);
  update_time_left (self, now_us);
  /* The camera's angle for the live reading and for capturing a target; the device's comes
   * through the follower. */
  if (self->use_camera)
    proprio_stream_reader_drain (self->camera_reader, samples_cb, self);
  /* A port's channels are learnt from its first lines: an angle board is known only then. */
  if (!self->is_angle)
    device_kind_cb (self);
}

void
proprio_joint_page_push_samples (ProprioJointPage    *self,
                                 const ProprioSample *samples,
                                 gsize                n)
{
  g_return_if_fail (PROPRIO_IS_JOINT_PAGE (self));
  g_return_if_fail (samples != NULL || n == 0);

  if (n == 0)
    return;
  samples_cb (samples, n, self);
  proprio_station_push_samples (self->station, samples, n);
}

/* ---- the device ---- */

static void
device_changed_cb (ProprioJointPage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  g_autofree char *subtitle = NULL;

  self->is_angle = device != NULL &&
                   proprio_device_get_stream_kind (device) == PROPRIO_STREAM_ANGLE;
  proprio_stream_follower_set_device (self->follower, self->is_angle && !self->use_camera &&
                                                      !self->use_frame ? device : NULL);
  if (!self->use_camera && !self->use_frame)
    self->live_angle = NAN;
  gtk_stack_set_visible_child_name (self->stack, has_source (self) ? "joint" : "no-device");
  if (device != NULL)
    subtitle = g_strdup (proprio_device_get_label (device));
  adw_action_row_set_subtitle (self->source_row, self->is_angle && subtitle != NULL
                                                 ? subtitle : _("None connected"));
  gtk_widget_set_visible (GTK_WIDGET (self->source_row), !self->use_camera && !self->use_frame);
  update_dial (self);
  update_controls (self);
}

/* A device connects as GENERIC and learns its channels: the angle is known once they come. */
static void
device_kind_cb (ProprioJointPage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  gboolean is_angle = device != NULL &&
                      proprio_device_get_stream_kind (device) == PROPRIO_STREAM_ANGLE;

  if (is_angle != self->is_angle)
    device_changed_cb (self);
}

/* ---- the camera as the angle source ---- */

/* The page holds the camera while it is on screen with the camera chosen: the station then
 * tracks, the picker draws what it tracks. A run from the camera is held by the station itself. */
static void
sync_camera_hold (ProprioJointPage *self)
{
  gboolean want = (self->use_camera || self->use_frame) &&
                  gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && !self->holds_camera)
    proprio_station_hold_camera (self->station);
  else if (!want && self->holds_camera)
    proprio_station_release_camera (self->station);
  self->holds_camera = want;
}

static void
source_changed_cb (ProprioJointPage *self)
{
  ProprioCamera *camera = proprio_station_get_camera (self->station);
  ProprioAngleSource source = proprio_station_get_angle_source (self->station);

  self->use_camera = source == PROPRIO_ANGLE_SOURCE_CAMERA;
  self->use_frame = source == PROPRIO_ANGLE_SOURCE_FROZEN_FRAME;
  self->updating_source = TRUE;
  /* The combo's rows are in the order of the sources. */
  adw_combo_row_set_selected (self->source_combo, source);
  self->updating_source = FALSE;
  if (self->use_frame)
    _proprio_joint_page_frame_ensure (self);
  if (self->use_camera && self->picker == NULL)
    {
      self->picker = proprio_marker_picker_new (camera);
      gtk_widget_set_hexpand (self->picker, TRUE);
      gtk_widget_set_vexpand (self->picker, TRUE);
      gtk_box_append (self->camera_box, self->picker);
    }
  proprio_stream_reader_set_ring (self->camera_reader,
                                  self->use_camera ? proprio_camera_get_angle_ring (camera) : NULL,
                                  TRUE);
  self->live_angle = NAN;
  gtk_stack_set_visible_child_name (self->view_stack, self->use_camera ? "camera"
                                                      : self->use_frame ? "frame" : "dial");
  sync_camera_hold (self);
  /* The frozen frame's angle is the live reading (for capturing a target too). */
  _proprio_joint_page_frame_update (self);
  device_changed_cb (self);
}

static void
set_source (ProprioJointPage   *self,
            ProprioAngleSource  source)
{
  g_autoptr(GError) error = NULL;

  if (!proprio_station_set_angle_source (self->station, source, &error))
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
  /* Refused or not, the page shows the station's source. */
  source_changed_cb (self);
}

static void
source_combo_cb (ProprioJointPage *self)
{
  if (!self->updating_source)
    set_source (self, (ProprioAngleSource) MIN (adw_combo_row_get_selected (self->source_combo),
                                                PROPRIO_ANGLE_SOURCE_FROZEN_FRAME));
}

static void
use_camera_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_source (PROPRIO_JOINT_PAGE (widget), PROPRIO_ANGLE_SOURCE_CAMERA);
}

/* ---- actions ---- */

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!has_source (self) || engine_active (self))
    return;
  if (!proprio_station_select_exercise (self->station, ENGINE_ID, &error) ||
      !proprio_station_start (self->station, &error))
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }
  engine_changed_cb (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);

  if (proprio_station_get_running (self->station) == engine (self))
    proprio_station_stop (self->station);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);
  g_autoptr(GError) error = NULL;

  /* The station registers from the source: the latest angle, or the frozen frame's. Refused
   * (no frozen frame, no points), the trial goes on and the reason shows. */
  if (proprio_station_get_running (self->station) == engine (self) &&
      !proprio_station_register (self->station, &error))
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
}

static void
freeze_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _proprio_joint_page_frame_toggle_freeze (PROPRIO_JOINT_PAGE (widget));
}

static void
clear_points_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _proprio_joint_page_frame_clear (PROPRIO_JOINT_PAGE (widget));
}

static void
capture_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _proprio_joint_page_capture (PROPRIO_JOINT_PAGE (widget));
}

static void
add_target_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);

  _proprio_joint_page_add_target (self, gtk_spin_button_get_value (self->new_target_spin));
}

/* ---- settings ---- */

static void
screen_changed_cb (ProprioJointPage *self)
{
  self->dark_screen = adw_combo_row_get_selected (self->screen_row) == 1;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "joint-reproduce-screen",
                           self->dark_screen ? "dark" : "eyes-closed");
  update_dial (self);
}

static void
screen_setting_cb (ProprioJointPage *self)
{
  g_autofree char *screen = g_settings_get_string (self->settings, "joint-reproduce-screen");
  guint selected = g_strcmp0 (screen, "dark") == 0 ? 1 : 0;

  if (adw_combo_row_get_selected (self->screen_row) != selected)
    adw_combo_row_set_selected (self->screen_row, selected);
}

/* ---- GObject ---- */

static void
proprio_joint_page_constructed (GObject *object)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (object);

  G_OBJECT_CLASS (proprio_joint_page_parent_class)->constructed (object);

  g_assert (PROPRIO_IS_STATION (self->station));
  self->engine = PROPRIO_JPS_PROTOCOL (proprio_station_get_engine (self->station, ENGINE_ID));
  self->follower = proprio_stream_follower_new (GTK_WIDGET (self), before_frame_cb, samples_cb,
                                                self);
  self->match_settings = proprio_match_settings_new (PROPRIO_MATCH_EXERCISE (self->engine));
  gtk_box_append (self->settings_box, self->match_settings);
  _proprio_joint_page_init_targets (self);
  proprio_scroll_guard_spin_buttons (GTK_WIDGET (self->flap));

  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::joint-reproduce-screen",
                               G_CALLBACK (screen_setting_cb), self, G_CONNECT_SWAPPED);
      screen_setting_cb (self);
    }
  g_signal_connect_swapped (self->screen_row, "notify::selected", G_CALLBACK (screen_changed_cb),
                            self);
  self->dark_screen = adw_combo_row_get_selected (self->screen_row) == 1;

  g_signal_connect_object (self->engine, "changed", G_CALLBACK (engine_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::device", G_CALLBACK (device_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* A port learns its channels once it streams: the page then knows it gives angles. */
  self->device_signals = g_signal_group_new (PROPRIO_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify::state",
                                  G_CALLBACK (device_kind_cb), self);
  g_object_bind_property (self->station, "device", self->device_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->station, "notify::running", G_CALLBACK (engine_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::angle-source", G_CALLBACK (source_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->source_combo, "notify::selected", G_CALLBACK (source_combo_cb),
                            self);
  source_changed_cb (self);
  engine_changed_cb (self);
  _proprio_joint_page_update_results (self);
}

static void
proprio_joint_page_map (GtkWidget *widget)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);

  GTK_WIDGET_CLASS (proprio_joint_page_parent_class)->map (widget);
  /* A device that learnt its channels while the page was hidden. */
  device_kind_cb (self);
  sync_camera_hold (self);
  if (self->use_camera)
    proprio_stream_reader_skip_to_now (self->camera_reader);
}

static void
proprio_joint_page_unmap (GtkWidget *widget)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (widget);

  GTK_WIDGET_CLASS (proprio_joint_page_parent_class)->unmap (widget);
  sync_camera_hold (self);
}

static void
proprio_joint_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_joint_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_joint_page_dispose (GObject *object)
{
  ProprioJointPage *self = PROPRIO_JOINT_PAGE (object);

  g_clear_pointer (&self->follower, proprio_stream_follower_free);
  if (self->holds_camera && self->station != NULL)
    proprio_station_release_camera (self->station);
  self->holds_camera = FALSE;
  g_clear_pointer (&self->camera_reader, proprio_stream_reader_free);
  self->picker = NULL;
  _proprio_joint_page_frame_dispose (self);
  if (self->device_signals != NULL)
    g_signal_group_set_target (self->device_signals, NULL);
  g_clear_object (&self->device_signals);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  self->engine = NULL;
  self->match_settings = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_JOINT_PAGE);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_joint_page_parent_class)->dispose (object);
}

static void
proprio_joint_page_class_init (ProprioJointPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (PROPRIO_TYPE_ANGLE_DIAL);
  g_type_ensure (PROPRIO_TYPE_ERROR_PLOT);

  object_class->constructed = proprio_joint_page_constructed;
  object_class->set_property = proprio_joint_page_set_property;
  object_class->get_property = proprio_joint_page_get_property;
  object_class->dispose = proprio_joint_page_dispose;
  widget_class->map = proprio_joint_page_map;
  widget_class->unmap = proprio_joint_page_unmap;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jointpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-joint-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioJointPage, name)
  BIND (stack);
  BIND (flap);
  BIND (prompt_label);
  BIND (time_label);
  BIND (message_label);
  BIND (view_stack);
  BIND (dial);
  BIND (camera_box);
  BIND (source_combo);
  BIND (cover);
  BIND (cover_label);
  BIND (source_row);
  BIND (start_button);
  BIND (register_button);
  BIND (stop_button);
  BIND (progress_label);
  BIND (results_placeholder);
  BIND (summary_grid);
  BIND (plot);
  BIND (plot_caption);
  BIND (trials_grid);
  BIND (targets_group);
  BIND (targets_list);
  BIND (new_target_spin);
  BIND (start_spin);
  BIND (targets_message);
  BIND (settings_box);
  BIND (screen_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "joint.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "joint.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "joint.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "joint.capture", NULL, capture_action);
  gtk_widget_class_install_action (widget_class, "joint.add-target", NULL, add_target_action);
  gtk_widget_class_install_action (widget_class, "joint.use-camera", NULL, use_camera_action);
  gtk_widget_class_install_action (widget_class, "joint.freeze", NULL, freeze_action);
  gtk_widget_class_install_action (widget_class, "joint.clear-points", NULL, clear_points_action);
}

static void
proprio_joint_page_init (ProprioJointPage *self)
{
  self->live_angle = NAN;
  self->shown_seconds = -1;
  self->camera_reader = proprio_stream_reader_new (64);
  self->shown_phase = PROPRIO_EXERCISE_PHASE_IDLE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "no-device");
}

GtkWidget *
proprio_joint_page_new (ProprioStation *station,
                        GSettings      *settings)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_JOINT_PAGE, "station", station, "settings", settings, NULL);
}

ProprioStation *
proprio_joint_page_get_station (ProprioJointPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_JOINT_PAGE (self), NULL);
  return self->station;
}

ProprioJpsProtocol *
proprio_joint_page_get_engine (ProprioJointPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_JOINT_PAGE (self), NULL);
  return self->engine;
}
