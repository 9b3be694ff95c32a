/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-patient-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-match-exercise.h"
#include "widgets/proprio-emg-view-station.h"
#include "widgets/proprio-frame-paintable.h"
#include "widgets/proprio-overlay-draw.h"

#include "proprio-patient-window-private.h"

/* The patient display's own views of the station: each follows the device's ring on this
 * window's frame clock (never the therapist's pixels), and takes what to draw from the engine. */

static gboolean
engine_is (ProprioPatientWindow *self,
           const char           *id)
{
  return self->engine != NULL && g_str_equal (proprio_exercise_get_id (self->engine), id);
}

static gboolean
engine_active (ProprioPatientWindow *self)
{
  return self->engine != NULL && proprio_exercise_is_active (self->engine);
}

static void
before_frame_cb (gint64   now_us,
                 gpointer user_data)
{
  _proprio_patient_window_frame (user_data, now_us);
}

/* ---- balance ---- */

/* The dot at a fortieth of the view's height (20 px on a 1080p screen): read from across the
 * room, where the therapist's 7 px are lost. */
static void
cop_frame_cb (gint64   now_us,
              gpointer user_data)
{
  ProprioPatientWindow *self = user_data;
  double radius = gtk_widget_get_height (GTK_WIDGET (self->cop)) / 40.0;

  proprio_cop_view_set_dot_radius (self->cop, CLAMP (radius, 7.0, 40.0));
  _proprio_patient_window_frame (self, now_us);
}

static void
cop_samples_cb (const ProprioSample *samples,
                gsize                n,
                gpointer             user_data)
{
  ProprioPatientWindow *self = user_data;

  proprio_cop_view_push (self->cop, samples, n);
  for (gsize i = n; i-- > 0;)
    if (samples[i].n_channels >= PROPRIO_BALANCE_N_CHANNELS &&
        isfinite (samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_X]) &&
        isfinite (samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_Y]))
      {
        self->has_cop = TRUE;
        self->cop_xy[0] = samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_X];
        self->cop_xy[1] = samples[i].values[PROPRIO_BALANCE_CHANNEL_COP_Y];
        self->cop_us = samples[i].t_us;
        break;
      }
}

static void
update_balance (ProprioPatientWindow *self)
{
  gboolean balance = self->engine != NULL &&
                     proprio_exercise_get_stream_kind (self->engine) == PROPRIO_STREAM_BALANCE;
  gboolean visible = !engine_active (self) || proprio_exercise_get_feedback_visible (self->engine);

  if (balance && engine_active (self))
    {
      guint n_targets = 0;
      const ProprioTarget *targets = proprio_exercise_get_targets (self->engine, &n_targets);

      proprio_cop_view_set_targets (self->cop, targets, n_targets);
    }
  else
    proprio_cop_view_set_targets (self->cop, NULL, 0);
  /* Limits of stability: the directions reached so far, as the therapist sees them. */
  if (engine_is (self, "los-test") && engine_active (self))
    {
      double all[2 * PROPRIO_N_DIRECTIONS], xy[2 * PROPRIO_N_DIRECTIONS];
      guint n = 0;

      proprio_los_test_get_polygon (PROPRIO_LOS_TEST (self->engine), all);
      for (guint k = 0; k < PROPRIO_N_DIRECTIONS; k++)
        if (isfinite (all[2 * k]) && isfinite (all[2 * k + 1]))
          {
            xy[2 * n] = all[2 * k];
            xy[2 * n + 1] = all[2 * k + 1];
            n++;
          }
      proprio_cop_view_set_polygon (self->cop, xy, n);
    }
  else
    proprio_cop_view_set_polygon (self->cop, NULL, 0);
  proprio_cop_view_set_show_feedback (self->cop, !balance || visible);
  /* Position matching: the weight-bearing gauges would tell where the CoP is. */
  proprio_cop_view_set_show_bars (self->cop, !engine_is (self, "cop-matching") || visible);
}

/* ---- muscle ---- */

static void
emg_samples_cb (const ProprioSample *samples,
                gsize                n,
                gpointer             user_data)
{
  ProprioPatientWindow *self = user_data;

  /* A sleeve says its channels with its first samples. */
  if (self->n_emg == 0)
    {
      self->n_emg = proprio_emg_view_show_station_channels (self->emg, self->station);
      if (self->n_emg > 0)
        _proprio_patient_window_update_areas (self);
    }
  proprio_emg_view_push (self->emg, samples, n);
}

static void
emg_calibration_cb (ProprioPatientWindow *self)
{
  self->n_emg = proprio_emg_view_show_station_channels (self->emg, self->station);
  _proprio_patient_window_update_areas (self);
}

/* The drill's zones, as the therapist's bars show them: the band on the muscle to activate,
 * the ceiling on the one to keep quiet. */
static void
update_muscle (ProprioPatientWindow *self)
{
  ProprioActivationDrill *drill;
  static const ProprioActivationMuscle muscles[] = { PROPRIO_ACTIVATION_QUIET,
                                                     PROPRIO_ACTIVATION_TARGET };

  for (guint i = 0; i < self->n_emg; i++)
    proprio_emg_view_set_zone (self->emg, i, PROPRIO_EMG_ZONE_NONE, 0, 0);
  if (!engine_is (self, "activation-drill"))
    return;
  drill = PROPRIO_ACTIVATION_DRILL (self->engine);
  for (guint m = 0; m < G_N_ELEMENTS (muscles); m++)
    {
      ProprioActivationFeedback feedback;
      guint channel = proprio_activation_drill_get_electrode (drill, muscles[m]);

      proprio_activation_drill_get_feedback (drill, muscles[m], &feedback);
      if (!feedback.used || channel >= self->n_emg)
        continue;
      if (muscles[m] == PROPRIO_ACTIVATION_TARGET)
        proprio_emg_view_set_zone (self->emg, channel, PROPRIO_EMG_ZONE_BAND, feedback.lower,
                                   feedback.upper);
      else
        proprio_emg_view_set_zone (self->emg, channel, PROPRIO_EMG_ZONE_CEILING, 0,
                                   feedback.threshold);
    }
}

/* ---- mirror ---- */

static void
draw_overlay (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  ProprioPatientWindow *self = user_data;
  GdkPaintable *video = gtk_picture_get_paintable (
    GTK_PICTURE (gtk_overlay_get_child (GTK_OVERLAY (self->video))));
  int video_width = video != NULL ? gdk_paintable_get_intrinsic_width (video) : 0;
  int video_height = video != NULL ? gdk_paintable_get_intrinsic_height (video) : 0;

  if (self->overlay == NULL || video_width <= 0 || video_height <= 0)
    return;
  proprio_overlay_draw (self->overlay, cr, width, height, video_width, video_height, NULL);
}

void
proprio_patient_window_set_overlay (ProprioPatientWindow *self,
                                    ProprioOverlay       *overlay)
{
  g_return_if_fail (PROPRIO_IS_PATIENT_WINDOW (self));
  g_return_if_fail (overlay == NULL || PROPRIO_IS_OVERLAY (overlay));

  if (self->overlay == overlay)
    return;
  if (self->overlay != NULL)
    g_clear_signal_handler (&self->overlay_changed_id, self->overlay);
  g_set_object (&self->overlay, overlay);
  if (overlay != NULL)
    self->overlay_changed_id = g_signal_connect_swapped (overlay, "changed",
                                                         G_CALLBACK (gtk_widget_queue_draw),
                                                         self->overlay_area);
  if (self->overlay_area != NULL)
    gtk_widget_queue_draw (self->overlay_area);
}

/* The camera runs while the video is on screen here, as it does for a Mirror page. */
void
_proprio_patient_window_hold_camera (ProprioPatientWindow *self,
                                     gboolean              hold)
{
  if (self->station == NULL || hold == self->holds_camera)
    return;
  self->holds_camera = hold;
  if (hold)
    proprio_station_hold_camera (self->station);
  else
    proprio_station_release_camera (self->station);
}

/* ---- joint ---- */

static void
angle_samples_cb (const ProprioSample *samples,
                  gsize                n,
                  gpointer             user_data)
{
  ProprioPatientWindow *self = user_data;

  for (gsize i = 0; i < n; i++)
    if (samples[i].n_channels >= 1 && !isinf (samples[i].values[0]))
      self->live_angle = samples[i].values[0];
  proprio_angle_dial_set_angle (self->dial, self->live_angle);
}

static void
angle_frame_cb (gint64   now_us,
                gpointer user_data)
{
  ProprioPatientWindow *self = user_data;

  _proprio_patient_window_frame (self, now_us);
  if (proprio_station_get_angle_source (self->station) == PROPRIO_ANGLE_SOURCE_CAMERA)
    proprio_stream_reader_drain (self->camera_angles, angle_samples_cb, self);
}

static void
update_joint (ProprioPatientWindow *self)
{
  ProprioMatchDisplay display;
  gboolean active;

  if (!engine_is (self, "jps-protocol"))
    {
      proprio_angle_dial_set_show_angle (self->dial, TRUE);
      proprio_angle_dial_set_target (self->dial, NAN, 0);
      proprio_angle_dial_set_registered (self->dial, NAN);
      proprio_angle_dial_set_progress (self->dial, NAN);
      return;
    }
  active = engine_active (self);
  proprio_match_exercise_get_display (PROPRIO_MATCH_EXERCISE (self->engine), &display);
  proprio_angle_dial_set_show_angle (self->dial,
                                     !active || proprio_exercise_get_feedback_visible (self->engine));
  proprio_angle_dial_set_target (self->dial, active && display.show_target ? display.target[0]
                                                                           : NAN,
                                 display.tolerance);
  proprio_angle_dial_set_registered (self->dial, active && display.show_registered
                                                 ? display.registered[0] : NAN);
  proprio_angle_dial_set_start (self->dial, active ? display.start[0] : NAN);
  proprio_angle_dial_set_progress (self->dial, active && display.stage == PROPRIO_MATCH_STAGE_MEMORISE
                                               ? display.memorise_progress : NAN);
}

static void
angle_source_cb (ProprioPatientWindow *self)
{
  ProprioCamera *camera = proprio_station_get_camera (self->station);
  gboolean camera_source =
    proprio_station_get_angle_source (self->station) == PROPRIO_ANGLE_SOURCE_CAMERA;

  proprio_stream_reader_set_ring (self->camera_angles,
                                  camera_source && camera != NULL
                                  ? proprio_camera_get_angle_ring (camera) : NULL, TRUE);
  _proprio_patient_window_device_changed (self);
}

/* ---- all of them ---- */

void
_proprio_patient_window_device_changed (ProprioPatientWindow *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  ProprioStreamKind kind = device != NULL ? proprio_device_get_stream_kind (device)
                                          : PROPRIO_STREAM_GENERIC;
  gboolean camera_angles =
    proprio_station_get_angle_source (self->station) == PROPRIO_ANGLE_SOURCE_CAMERA;

  proprio_stream_follower_set_device (self->cop_follower,
                                      kind == PROPRIO_STREAM_BALANCE ? device : NULL);
  proprio_stream_follower_set_device (self->emg_follower,
                                      kind == PROPRIO_STREAM_EMG ? device : NULL);
  proprio_stream_follower_set_device (self->angle_follower,
                                      kind == PROPRIO_STREAM_ANGLE && !camera_angles ? device
                                                                                     : NULL);
  proprio_cop_view_clear (self->cop);
  self->has_cop = FALSE;
  self->live_angle = NAN;
  proprio_angle_dial_set_angle (self->dial, NAN);
  self->n_emg = proprio_emg_view_show_station_channels (self->emg, self->station);
  _proprio_patient_window_update_areas (self);
}

void
_proprio_patient_window_update_areas (ProprioPatientWindow *self)
{
  update_balance (self);
  update_muscle (self);
  update_joint (self);
}

static GtkWidget *
framed (GtkWidget *child)
{
  gtk_widget_set_hexpand (child, TRUE);
  gtk_widget_set_vexpand (child, TRUE);
  gtk_widget_set_margin_start (child, 24);
  gtk_widget_set_margin_end (child, 24);
  return child;
}

void
_proprio_patient_window_init_areas (ProprioPatientWindow *self)
{
  ProprioCamera *camera = proprio_station_get_camera (self->station);
  GtkWidget *picture;

  self->cop = PROPRIO_COP_VIEW (proprio_cop_view_new ());
  /* The patient needs the dot, the targets and the bars, not the sway ellipse. */
  proprio_cop_view_set_show_ellipse (self->cop, FALSE);
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "mirror-patient-view", self->cop, "mirrored",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-width-mm", self->cop, "board-width-mm",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-length-mm", self->cop, "board-length-mm",
                       G_SETTINGS_BIND_GET);
    }
  gtk_stack_add_named (self->stack, framed (GTK_WIDGET (self->cop)), "balance");
  self->cop_follower = proprio_stream_follower_new (GTK_WIDGET (self->cop), cop_frame_cb,
                                                    cop_samples_cb, self);

  self->emg = PROPRIO_EMG_VIEW (proprio_emg_view_new ());
  proprio_emg_view_set_zones_editable (self->emg, FALSE);
  gtk_stack_add_named (self->stack, framed (GTK_WIDGET (self->emg)), "muscle");
  self->emg_follower = proprio_stream_follower_new (GTK_WIDGET (self->emg), before_frame_cb,
                                                    emg_samples_cb, self);
  g_signal_connect_object (self->station, "emg-calibration-changed",
                           G_CALLBACK (emg_calibration_cb), self, G_CONNECT_SWAPPED);

  picture = gtk_picture_new ();
  if (camera != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture),
                               GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera)));
  self->video = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (self->video), picture);
  self->overlay_area = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->overlay_area), draw_overlay, self, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->video), self->overlay_area);
  gtk_stack_add_named (self->stack, framed (self->video), "mirror");

  self->dial = PROPRIO_ANGLE_DIAL (proprio_angle_dial_new ());
  /* The dial draws in the widget's colour, on no background of its own: white on the black. */
  gtk_widget_add_css_class (GTK_WIDGET (self->dial), "patient-dial");
  gtk_stack_add_named (self->stack, framed (GTK_WIDGET (self->dial)), "joint");
  self->angle_follower = proprio_stream_follower_new (GTK_WIDGET (self->dial), angle_frame_cb,
                                                      angle_samples_cb, self);
  self->camera_angles = proprio_stream_reader_new (64);
  g_signal_connect_object (self->station, "notify::angle-source", G_CALLBACK (angle_source_cb),
                           self, G_CONNECT_SWAPPED);
  angle_source_cb (self);
}

void
_proprio_patient_window_dispose_areas (ProprioPatientWindow *self)
{
  g_clear_pointer (&self->cop_follower, proprio_stream_follower_free);
  g_clear_pointer (&self->emg_follower, proprio_stream_follower_free);
  g_clear_pointer (&self->angle_follower, proprio_stream_follower_free);
  g_clear_pointer (&self->camera_angles, proprio_stream_reader_free);
}
