/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-marker-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "core/proprio-overlay-geometry.h"
#include "proprio-frame-paintable.h"
#include "proprio-marker-picker-private.h"

/* A frame and its sample come from one buffer: their times are equal (a little slack for the
 * rounding of two conversions). */
#define MATCH_US 1000
/* Tracking on but no sample for this long: the camera is still opening, or stalled. */
#define STALE_US (1 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (ProprioMarkerPicker, proprio_marker_picker, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CAMERA,
  PROP_PICKING,
  PROP_SHOW_ANGLE,
  PROP_SHOW_CONTROLS,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- words ---- */

static const char *
pick_hint (int marker)
{
  switch (marker)
    {
    case PROPRIO_MARKER_HIP:
      return _("Click the middle of the hip marker in the video");
    case PROPRIO_MARKER_KNEE:
      return _("Click the middle of the knee marker in the video");
    case PROPRIO_MARKER_ANKLE:
      return _("Click the middle of the ankle marker in the video");
    default:
      return _("To pick a marker again, choose it below and click it in the video");
    }
}

void
_proprio_marker_picker_set_hint (ProprioMarkerPicker *self,
                                 const char          *hint,
                                 gboolean             is_error)
{
  if (g_strcmp0 (self->hint, hint) != 0)
    {
      g_free (self->hint);
      self->hint = g_strdup (hint);
      gtk_label_set_text (GTK_LABEL (self->hint_label), hint);
    }
  self->hint_is_error = is_error;
  if (is_error)
    gtk_widget_add_css_class (self->hint_label, "error");
  else
    gtk_widget_remove_css_class (self->hint_label, "error");
}

static void
set_status (ProprioMarkerPicker *self,
            const char          *status)
{
  if (g_strcmp0 (self->status, status) == 0)
    return;
  g_free (self->status);
  self->status = g_strdup (status);
  gtk_label_set_text (GTK_LABEL (self->status_label), status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/* The status line and each marker's words, from the sample drawn (or the tracker's settings
 * when there is none). */
static void
update_texts (ProprioMarkerPicker *self)
{
  g_autofree char *status = NULL;
  const ProprioMarkerSampleView *view = self->has_view ? &self->view : NULL;
  gint64 now = proprio_clock_now_us ();

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      g_autofree char *text = NULL;

      if (self->camera == NULL)
        text = g_strdup ("");
      else
        text = _proprio_marker_picker_state_text (self, m, view);
      if (g_strcmp0 (text, self->marker_text[m]) != 0)
        {
          g_free (self->marker_text[m]);
          self->marker_text[m] = g_steal_pointer (&text);
          gtk_label_set_text (GTK_LABEL (self->marker_label[m]), self->marker_text[m]);
        }
    }

  if (self->camera == NULL)
    status = g_strdup ("");
  else if (!proprio_camera_get_tracking (self->camera))
    status = g_strdup (_("Tracking is off"));
  else if (self->last_sample_us == 0 || now - self->last_sample_us > STALE_US)
    status = g_strdup (_("Waiting for the camera…"));
  else if (view == NULL)
    status = g_strdup (_("The markers are tracked on the live picture only"));
  else if (!isnan (view->angle_deg))
    /* TRANSLATORS: the knee angle in degrees, in large type under the video. */
    status = self->show_angle ? g_strdup_printf (_("Knee %.0f°"), view->angle_deg)
                              : g_strdup (_("All three markers found"));
  else
    {
      /* The first thing to fix, in the order a therapist would fix it. */
      static const ProprioMarkerState order[] = {
        PROPRIO_MARKER_UNSET, PROPRIO_MARKER_COLOR_OVERLAP, PROPRIO_MARKER_LOST,
        PROPRIO_MARKER_AMBIGUOUS,
      };

      for (guint k = 0; k < G_N_ELEMENTS (order) && status == NULL; k++)
        for (guint m = 0; m < PROPRIO_N_MARKERS && status == NULL; m++)
          if (view->markers[m].state == order[k])
            status = g_strdup (self->marker_text[m]);
      if (status == NULL)
        status = g_strdup (_("No angle"));
    }
  set_status (self, status);
}

/* ---- following the tracking ---- */

static const ProprioSample *
sample_for_time (ProprioMarkerPicker *self,
                 gint64               t_us)
{
  for (guint i = 0; i < self->history_len; i++)
    if (ABS (self->history[i].t_us - t_us) <= MATCH_US)
      return &self->history[i];
  return NULL;
}

static const ProprioSample *
newest_sample (ProprioMarkerPicker *self)
{
  if (self->history_len == 0)
    return NULL;
  return &self->history[(self->history_next + PICKER_HISTORY - 1) % PICKER_HISTORY];
}

/* Reads what the tracker produced and picks the sample of the frame shown: the same capture
 * time, or for the live picture the newest (its own sample follows within milliseconds). A
 * delayed or frozen picture gets no marks: the tracking is of the live one. */
static void
refresh (ProprioMarkerPicker *self)
{
  ProprioFrame *frame;
  const ProprioSample *chosen = NULL;
  ProprioSample buf[PICKER_HISTORY];
  gboolean had = self->has_view;
  gint64 had_t = self->view.t_us;
  gsize n;

  if (self->camera == NULL || !self->has_cursor)
    return;
  while ((n = proprio_ring_read (&self->cursor, buf, G_N_ELEMENTS (buf))) > 0)
    {
      for (gsize i = 0; i < n; i++)
        {
          self->history[self->history_next] = buf[i];
          self->history_next = (self->history_next + 1) % PICKER_HISTORY;
          self->history_len = MIN (self->history_len + 1, PICKER_HISTORY);
        }
      self->last_sample_us = proprio_clock_now_us ();
    }

  frame = proprio_camera_get_shown_frame (self->camera);
  if (frame != NULL && proprio_camera_get_tracking (self->camera))
    {
      chosen = sample_for_time (self, proprio_frame_get_time_us (frame));
      if (chosen == NULL && !proprio_camera_get_frozen (self->camera)
          && proprio_camera_get_delay (self->camera) <= 0.0)
        chosen = newest_sample (self);
    }
  self->has_view = chosen != NULL && proprio_marker_sample_unpack (chosen, &self->view);
  if (self->has_view != had || (self->has_view && self->view.t_us != had_t))
    gtk_widget_queue_draw (self->video);
  update_texts (self);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  refresh (PROPRIO_MARKER_PICKER (user_data));
  return G_SOURCE_CONTINUE;
}

static void
restart_cursor (ProprioMarkerPicker *self)
{
  if (self->has_cursor)
    proprio_ring_cursor_clear (&self->cursor);
  self->has_cursor = self->camera != NULL;
  if (self->has_cursor)
    proprio_ring_cursor_init (&self->cursor, proprio_camera_get_angle_ring (self->camera), TRUE);
  self->history_len = self->history_next = 0;
  self->has_view = FALSE;
  self->last_sample_us = 0;
}

/* The window's renderer decides how frames are best drawn (Cairo images under GSK's Cairo
 * renderer, textures under GL): see proprio_frame_paintable_follow_renderer (). */
static void
picture_realize_cb (ProprioMarkerPicker *self)
{
  if (self->camera != NULL)
    proprio_frame_paintable_follow_renderer (proprio_frame_paintable_for_camera (self->camera),
                                             self->picture);
}

static void
video_map_cb (ProprioMarkerPicker *self)
{
  /* From now: what was tracked while nobody looked is not drawn. */
  restart_cursor (self);
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->video, tick_cb, self, NULL);
}

static void
video_unmap_cb (ProprioMarkerPicker *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->video, self->tick_id);
  self->tick_id = 0;
}

/* ---- the controls ---- */

static void
sync_controls (ProprioMarkerPicker *self)
{
  ProprioMarkerTolerance tol;

  self->updating = TRUE;
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->marker_button[m]),
                                    self->picking == (int) m);
      self->has_color[m] = self->camera != NULL
        && proprio_marker_tracker_get_color (proprio_camera_get_marker_tracker (self->camera), m,
                                             &self->color[m]);
      gtk_widget_queue_draw (self->marker_swatch[m]);
    }
  if (self->camera != NULL)
    {
      proprio_marker_tracker_get_tolerance (proprio_camera_get_marker_tracker (self->camera),
                                            PROPRIO_MARKER_HIP, &tol);
      gtk_adjustment_set_value (self->tolerance, tol.hue_deg);
    }
  gtk_widget_set_sensitive (self->controls, self->camera != NULL);
  gtk_widget_set_cursor_from_name (self->video, self->picking >= 0 ? "crosshair" : NULL);
  self->updating = FALSE;
  if (!self->hint_is_error)
    _proprio_marker_picker_set_hint (self, pick_hint (self->picking), FALSE);
  update_texts (self);
}

static void
markers_changed_cb (ProprioMarkerPicker *self)
{
  sync_controls (self);
}

static void
tracking_changed_cb (ProprioMarkerPicker *self)
{
  refresh (self);
  gtk_widget_queue_draw (self->video);
}

static void
video_draw_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  _proprio_marker_picker_draw (PROPRIO_MARKER_PICKER (user_data), cr, width, height);
}

static void
pressed_cb (GtkGestureClick     *gesture,
            int                  n_press,
            double               x,
            double               y,
            ProprioMarkerPicker *self)
{
  if (n_press == 1)
    proprio_marker_picker_click (self, x, y);
}

/* ---- GObject ---- */

static void
proprio_marker_picker_dispose (GObject *object)
{
  ProprioMarkerPicker *self = PROPRIO_MARKER_PICKER (object);

  video_unmap_cb (self);
  if (self->camera_signals != NULL)
    g_signal_group_set_target (self->camera_signals, NULL);
  g_clear_object (&self->camera_signals);
  if (self->has_cursor)
    proprio_ring_cursor_clear (&self->cursor);
  self->has_cursor = FALSE;
  g_clear_object (&self->camera);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_pointer (&self->status_label, gtk_widget_unparent);
  g_clear_pointer (&self->controls, gtk_widget_unparent);
  g_clear_pointer (&self->hint_label, gtk_widget_unparent);

  G_OBJECT_CLASS (proprio_marker_picker_parent_class)->dispose (object);
}

static void
proprio_marker_picker_finalize (GObject *object)
{
  ProprioMarkerPicker *self = PROPRIO_MARKER_PICKER (object);

  g_free (self->status);
  g_free (self->hint);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    g_free (self->marker_text[m]);

  G_OBJECT_CLASS (proprio_marker_picker_parent_class)->finalize (object);
}

static void
proprio_marker_picker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ProprioMarkerPicker *self = PROPRIO_MARKER_PICKER (object);

  switch (prop_id)
    {
    case PROP_CAMERA: g_value_set_object (value, self->camera); break;
    case PROP_PICKING: g_value_set_int (value, self->picking); break;
    case PROP_SHOW_ANGLE: g_value_set_boolean (value, self->show_angle); break;
    case PROP_SHOW_CONTROLS: g_value_set_boolean (value, self->show_controls); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_marker_picker_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ProprioMarkerPicker *self = PROPRIO_MARKER_PICKER (object);

  switch (prop_id)
    {
    case PROP_CAMERA: proprio_marker_picker_set_camera (self, g_value_get_object (value)); break;
    case PROP_PICKING: proprio_marker_picker_set_picking (self, g_value_get_int (value)); break;
    case PROP_SHOW_ANGLE:
      proprio_marker_picker_set_show_angle (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_CONTROLS:
      proprio_marker_picker_set_show_controls (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_marker_picker_class_init (ProprioMarkerPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = proprio_marker_picker_dispose;
  object_class->finalize = proprio_marker_picker_finalize;
  object_class->get_property = proprio_marker_picker_get_property;
  object_class->set_property = proprio_marker_picker_set_property;

  properties[PROP_CAMERA] = g_param_spec_object ("camera", NULL, NULL, PROPRIO_TYPE_CAMERA, rw);
  properties[PROP_PICKING] = g_param_spec_int ("picking", NULL, NULL, -1, PROPRIO_N_MARKERS - 1,
                                               PROPRIO_MARKER_HIP, rw);
  properties[PROP_SHOW_ANGLE] = g_param_spec_boolean ("show-angle", NULL, NULL, TRUE, rw);
  properties[PROP_SHOW_CONTROLS] = g_param_spec_boolean ("show-controls", NULL, NULL, TRUE, rw);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                 | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markerpicker");
}

static void
proprio_marker_picker_init (ProprioMarkerPicker *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkGesture *click;

  self->picking = PROPRIO_MARKER_HIP;
  self->in_sequence = TRUE;
  self->show_angle = TRUE;
  self->show_controls = TRUE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_hexpand (self->overlay, TRUE);
  gtk_widget_set_vexpand (self->overlay, TRUE);
  self->picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  g_signal_connect_swapped (self->picture, "realize", G_CALLBACK (picture_realize_cb), self);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->picture);
  self->video = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->video), video_draw_cb, self, NULL);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->video);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (self->video, GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (self->video, "map", G_CALLBACK (video_map_cb), self);
  g_signal_connect_swapped (self->video, "unmap", G_CALLBACK (video_unmap_cb), self);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  /* Read from 2 m: large, bold. */
  self->status_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->status_label, "title-1");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->status_label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_parent (self->status_label, GTK_WIDGET (self));

  _proprio_marker_picker_build_controls (self);
  gtk_widget_set_parent (self->controls, GTK_WIDGET (self));
  self->hint_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->hint_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->hint_label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_parent (self->hint_label, GTK_WIDGET (self));

  self->camera_signals = g_signal_group_new (PROPRIO_TYPE_CAMERA);
  g_signal_group_connect_swapped (self->camera_signals, "markers-changed",
                                  G_CALLBACK (markers_changed_cb), self);
  g_signal_group_connect_swapped (self->camera_signals, "notify::tracking",
                                  G_CALLBACK (tracking_changed_cb), self);
  g_signal_group_connect_swapped (self->camera_signals, "notify::shown-frame",
                                  G_CALLBACK (tracking_changed_cb), self);
  sync_controls (self);
}

/* ---- public API ---- */

GtkWidget *
proprio_marker_picker_new (ProprioCamera *camera)
{
  g_return_val_if_fail (camera == NULL || PROPRIO_IS_CAMERA (camera), NULL);

  return g_object_new (PROPRIO_TYPE_MARKER_PICKER, "camera", camera, NULL);
}

ProprioCamera *
proprio_marker_picker_get_camera (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), NULL);

  return self->camera;
}

void
proprio_marker_picker_set_camera (ProprioMarkerPicker *self,
                                  ProprioCamera       *camera)
{
  g_return_if_fail (PROPRIO_IS_MARKER_PICKER (self));
  g_return_if_fail (camera == NULL || PROPRIO_IS_CAMERA (camera));

  if (!g_set_object (&self->camera, camera))
    return;
  gtk_picture_set_paintable (GTK_PICTURE (self->picture),
                             camera ? GDK_PAINTABLE (proprio_frame_paintable_for_camera (camera))
                                    : NULL);
  g_signal_group_set_target (self->camera_signals, camera);
  if (gtk_widget_get_realized (self->picture))
    picture_realize_cb (self);
  restart_cursor (self);
  _proprio_marker_picker_set_hint (self, NULL, FALSE);
  sync_controls (self);
  gtk_widget_queue_draw (self->video);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA]);
}

int
proprio_marker_picker_get_picking (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), -1);

  return self->picking;
}

void
proprio_marker_picker_set_picking (ProprioMarkerPicker *self,
                                   int                  marker)
{
  g_return_if_fail (PROPRIO_IS_MARKER_PICKER (self));
  g_return_if_fail (marker >= -1 && marker < PROPRIO_N_MARKERS);

  if (self->picking == marker)
    return;
  self->picking = marker;
  sync_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKING]);
}

gboolean
proprio_marker_picker_get_show_angle (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), FALSE);

  return self->show_angle;
}

void
proprio_marker_picker_set_show_angle (ProprioMarkerPicker *self,
                                      gboolean             show)
{
  g_return_if_fail (PROPRIO_IS_MARKER_PICKER (self));

  show = !!show;
  if (self->show_angle == show)
    return;
  self->show_angle = show;
  update_texts (self);
  gtk_widget_queue_draw (self->video);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ANGLE]);
}

gboolean
proprio_marker_picker_get_show_controls (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), FALSE);

  return self->show_controls;
}

void
proprio_marker_picker_set_show_controls (ProprioMarkerPicker *self,
                                         gboolean             show)
{
  g_return_if_fail (PROPRIO_IS_MARKER_PICKER (self));

  show = !!show;
  if (self->show_controls == show)
    return;
  self->show_controls = show;
  gtk_widget_set_visible (self->controls, show);
  gtk_widget_set_visible (self->hint_label, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CONTROLS]);
}

const char *
proprio_marker_picker_get_status (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), NULL);

  return self->status;
}

const char *
proprio_marker_picker_get_hint (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), NULL);

  return self->hint;
}

const char *
proprio_marker_picker_get_marker_text (ProprioMarkerPicker *self,
                                       ProprioMarkerId      marker)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), NULL);
  g_return_val_if_fail (marker < PROPRIO_N_MARKERS, NULL);

  return self->marker_text[marker];
}

GtkWidget *
proprio_marker_picker_get_video_area (ProprioMarkerPicker *self)
{
  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), NULL);

  return self->video;
}

static gboolean
current_fit (ProprioMarkerPicker *self,
             ProprioOverlayFit   *fit)
{
  ProprioFrame *frame = self->camera ? proprio_camera_get_shown_frame (self->camera) : NULL;

  if (frame == NULL)
    return FALSE;
  proprio_overlay_fit_contain (fit, proprio_frame_get_width (frame),
                               proprio_frame_get_height (frame),
                               gtk_widget_get_width (self->video),
                               gtk_widget_get_height (self->video));
  return fit->scale > 0.0;
}

gboolean
proprio_marker_picker_frame_to_widget (ProprioMarkerPicker *self,
                                       double               frame_x,
                                       double               frame_y,
                                       double              *widget_x,
                                       double              *widget_y)
{
  ProprioOverlayFit fit;

  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), FALSE);
  g_return_val_if_fail (widget_x != NULL && widget_y != NULL, FALSE);

  if (!current_fit (self, &fit))
    return FALSE;
  *widget_x = fit.x + frame_x * fit.scale;
  *widget_y = fit.y + frame_y * fit.scale;
  return TRUE;
}

gboolean
proprio_marker_picker_click (ProprioMarkerPicker *self,
                             double               x,
                             double               y)
{
  g_autoptr(GError) error = NULL;
  ProprioMarkerTracker *tracker;
  ProprioOverlayFit fit;
  ProprioFrame *frame;
  int next = -1;

  g_return_val_if_fail (PROPRIO_IS_MARKER_PICKER (self), FALSE);

  if (self->camera == NULL || self->picking < 0)
    return FALSE;
  if (!current_fit (self, &fit))
    {
      _proprio_marker_picker_set_hint (self, _("Wait for the picture, then click the marker"),
                                       TRUE);
      return FALSE;
    }
  frame = proprio_camera_get_shown_frame (self->camera);
  if (!proprio_camera_pick_marker_color (self->camera, frame, self->picking,
                                         (x - fit.x) / fit.scale, (y - fit.y) / fit.scale,
                                         &error))
    {
      _proprio_marker_picker_set_hint (self, error->message, TRUE);
      return FALSE;
    }

  /* Picking all three (at first, or after Pick Again): hip, knee, ankle in turn. One marker
   * chosen by its button: then any still without a colour; none left, done, so that a stray
   * click cannot change a colour. */
  if (self->in_sequence && self->picking < PROPRIO_N_MARKERS - 1)
    next = self->picking + 1;
  else
    {
      tracker = proprio_camera_get_marker_tracker (self->camera);
      for (int k = 1; k < PROPRIO_N_MARKERS && next < 0; k++)
        {
          int m = (self->picking + k) % PROPRIO_N_MARKERS;
          ProprioHsv color;

          if (!proprio_marker_tracker_get_color (tracker, m, &color))
            next = m;
        }
      self->in_sequence = FALSE;
    }
  _proprio_marker_picker_set_hint (self, NULL, FALSE);
  proprio_marker_picker_set_picking (self, next);
  return TRUE;
}
