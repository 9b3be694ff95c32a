/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-mirror-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "core/proprio-overlay-geometry.h"
#include "widgets/proprio-emg-view-station.h"
#include "widgets/proprio-panel-cache.h"

#include "proprio-application.h"
#include "proprio-mirror-page-private.h"

G_DEFINE_FINAL_TYPE (ProprioMirrorPage, proprio_mirror_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATION,
  PROP_SETTINGS,
  PROP_CAMERA_SPEC,
  PROP_DEVICE,
  PROP_NOTICE,
  PROP_TOOL,
  N_PROPS
};

enum {
  SIGNAL_TOAST,
  SIGNAL_ADD_TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const tool_names[] = {
  "select", "plumb", "level", "grid", "line", "circle", "angle", NULL
};

void
proprio_mirror_page_emit_toast (ProprioMirrorPage *self,
                                const char        *text)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, text);
}

void
proprio_mirror_page_add_toast (ProprioMirrorPage *self,
                               AdwToast          *toast)
{
  g_autoptr(AdwToast) owned = g_object_ref_sink (toast);

  g_signal_emit (self, signals[SIGNAL_ADD_TOAST], 0, owned);
}

/* The toast goes to the toast overlay the page sits in (the window's); in none, its title goes out
 * as a plain "toast". */
static void
proprio_mirror_page_real_add_toast (ProprioMirrorPage *self,
                                    AdwToast          *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (toast));
  else
    proprio_mirror_page_emit_toast (self, adw_toast_get_title (toast));
}

/* ---- notice ---- */

static void
set_notice (ProprioMirrorPage *self,
            const char        *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;
  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

static void
camera_notice_cb (ProprioMirrorPage *self)
{
  set_notice (self, proprio_camera_get_notice (self->camera));
  proprio_mirror_page_update_status (self);
}

/* ---- camera spec and life ---- */

char *
proprio_mirror_page_dup_effective_spec (ProprioMirrorPage *self)
{
  if (self->explicit_spec != NULL)
    return g_strdup (self->explicit_spec);
  if (self->settings != NULL)
    return g_settings_get_string (self->settings, "camera");
  return g_strdup ("auto");
}

void
proprio_mirror_page_apply_spec (ProprioMirrorPage *self,
                                const char        *spec)
{
  g_autoptr(GError) error = NULL;

  if (!proprio_camera_set_spec (self->camera, spec, &error))
    {
      /* The camera keeps what it showed; say why the choice did not take. */
      g_warning ("Ignoring camera “%s”: %s", spec, error->message);
      set_notice (self, error->message);
      return;
    }
  proprio_mirror_page_update_camera_ui (self);
}

static void
camera_setting_changed_cb (ProprioMirrorPage *self)
{
  g_autofree char *spec = NULL;

  /* A camera chosen in the preferences or the page replaces the one from the command line. */
  g_clear_pointer (&self->explicit_spec, g_free);
  spec = proprio_mirror_page_dup_effective_spec (self);
  proprio_mirror_page_apply_spec (self, spec);
}


/* ---- the inset and the device ---- */

/* The picture-in-picture shows what the device gives: a balance board's centre of pressure, an
 * EMG sleeve's activation bars. */
static void
update_inset_visibility (ProprioMirrorPage *self)
{
  gboolean wanted = gtk_toggle_button_get_active (self->inset_button);
  const char *tooltip;

  gtk_widget_set_visible (GTK_WIDGET (self->inset), wanted && self->is_balance);
  gtk_widget_set_visible (GTK_WIDGET (self->emg_inset), wanted && self->is_emg);
  gtk_widget_set_sensitive (GTK_WIDGET (self->inset_button), self->is_balance || self->is_emg);
  if (self->is_balance)
    tooltip = _("Show the balance board’s centre of pressure over the video (I)");
  else if (self->is_emg)
    tooltip = _("Show the muscle activation bars over the video (I)");
  else
    tooltip = _("The inset needs a balance board or an EMG sleeve as the device");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->inset_button), tooltip);
}

static gboolean
is_replaying (ProprioMirrorPage *self)
{
  return proprio_camera_get_delay (self->camera) > 0 || proprio_camera_get_frozen (self->camera);
}

/* One message for each reason the inset has no CoP to show: the board is not there (its state
 * says so, whatever the replay), the replay reaches back before the first sample the inset got,
 * or (the view's default) nobody stands on the board. */
void
proprio_mirror_page_update_inset_hint (ProprioMirrorPage *self)
{
  ProprioDevice *device = self->is_balance || self->is_emg
                          ? proprio_station_get_device (self->station) : NULL;
  gint64 shown = proprio_camera_get_shown_time_us (self->camera);
  const char *hint = NULL;

  if (device != NULL)
    switch (proprio_device_get_state (device))
      {
      case PROPRIO_DEVICE_STATE_DISCONNECTED:
      case PROPRIO_DEVICE_STATE_ERROR:
        /* The device's own message (often long) is in the device menu; the inset is small. */
        hint = self->is_emg ? _("EMG sleeve not connected") : _("Balance board not connected");
        break;
      case PROPRIO_DEVICE_STATE_CONNECTING:
        hint = self->is_emg ? _("Waiting for the EMG sleeve…")
                            : _("Waiting for the balance board…");
        break;
      case PROPRIO_DEVICE_STATE_STREAMING:
      default:
        break;
      }
  if (hint == NULL && is_replaying (self) && shown > 0 &&
      (self->inset_first_us == 0 || shown < self->inset_first_us))
    hint = self->is_emg ? _("No EMG data that far back") : _("No balance data that far back");
  /* Streaming, yet nothing to draw: the device gives no envelopes (no EMG stage on it). */
  if (hint == NULL && self->is_emg && self->inset_first_us != 0 &&
      proprio_emg_view_get_n_channels (self->emg_inset) == 0)
    hint = _("No muscle activation from this device");
  proprio_cop_view_set_hint (self->inset, self->is_balance ? hint : NULL);
  proprio_emg_view_set_hint (self->emg_inset, self->is_emg ? hint : NULL);
}

/* The inset shows the instant of the frame on screen: live, it runs on its own; delayed or frozen,
 * it follows the capture time of the frame shown, so the trace matches the movement. */
static void
sync_inset_time (ProprioMirrorPage *self)
{
  gint64 shown = proprio_camera_get_shown_time_us (self->camera);

  proprio_cop_view_set_display_time_us (self->inset, is_replaying (self) ? shown : 0);
  proprio_emg_view_set_display_time_us (self->emg_inset, is_replaying (self) ? shown : 0);
  proprio_mirror_page_update_inset_hint (self);
}

/* A delayed or frozen picture says so on the picture, large, for the patient: it is not a mirror
 * then. */
void
proprio_mirror_page_update_badge (ProprioMirrorPage *self)
{
  double delay = proprio_camera_get_delay (self->camera);
  g_autofree char *text = NULL;

  if (proprio_camera_get_frozen (self->camera))
    text = g_strdup (_("Frozen"));
  else if (delay > 0)
    /* Translators: the video shown is a replay, %.1f seconds late; "−" is a minus sign */
    text = g_strdup_printf (_("Replay −%.1f s"), delay);
  if (text != NULL)
    gtk_label_set_label (self->replay_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_badge), text != NULL);
}

static void
forget_inset (ProprioMirrorPage *self)
{
  proprio_cop_view_clear (self->inset);
  proprio_emg_view_clear (self->emg_inset);
  self->inset_first_us = 0;
}

/* The EMG inset's channels, names and MVCs, from the station (as the Muscle page has them). */
static void
setup_emg_inset (ProprioMirrorPage *self)
{
  if (self->is_emg)
    proprio_emg_view_show_station_channels (self->emg_inset, self->station);
  else
    proprio_emg_view_set_channels (self->emg_inset, 0, NULL, NULL);
}

static void
device_state_cb (ProprioMirrorPage *self)
{
  proprio_mirror_page_update_inset_hint (self);
}

ProprioDevice *
proprio_mirror_page_get_device (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->station != NULL ? proprio_station_get_device (self->station) : NULL;
}

ProprioStation *
proprio_mirror_page_get_station (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->station;
}

/* The inset follows the station's device when it is a balance board or an EMG sleeve. */
static void
device_changed_cb (ProprioMirrorPage *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  ProprioStreamKind kind = device != NULL ? proprio_device_get_stream_kind (device)
                                          : PROPRIO_STREAM_GENERIC;

  self->is_balance = kind == PROPRIO_STREAM_BALANCE;
  self->is_emg = kind == PROPRIO_STREAM_EMG;
  proprio_stream_follower_set_device (self->follower,
                                      self->is_balance || self->is_emg ? device : NULL);
  /* A port that learns its channels from its first lines says them later: set up again then. */
  self->emg_layout_n = device != NULL ? proprio_device_get_n_channels (device) : 0;
  setup_emg_inset (self);
  if (self->hint_device != device)
    {
      if (self->hint_device != NULL)
        g_signal_handlers_disconnect_by_data (self->hint_device, self);
      g_set_object (&self->hint_device, device);
      if (device != NULL)
        g_signal_connect_object (device, "notify::state", G_CALLBACK (device_state_cb), self,
                                 G_CONNECT_SWAPPED);
    }
  forget_inset (self);
  update_inset_visibility (self);
  proprio_mirror_page_update_inset_hint (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

static void
inset_samples_cb (const ProprioSample *samples,
                  gsize                n,
                  gpointer             user_data)
{
  ProprioMirrorPage *self = user_data;

  if (n == 0)
    return;
  /* The stage says its channels with the first samples it processed. */
  if (self->is_emg && (samples[n - 1].n_channels != self->emg_layout_n ||
                       proprio_emg_view_get_n_channels (self->emg_inset) == 0))
    {
      self->emg_layout_n = samples[n - 1].n_channels;
      setup_emg_inset (self);
    }
  if (self->inset_first_us == 0)
    {
      self->inset_first_us = samples[0].t_us;
      proprio_mirror_page_update_inset_hint (self);
    }
  if (self->is_emg)
    proprio_emg_view_push (self->emg_inset, samples, n);
  else
    proprio_cop_view_push (self->inset, samples, n);
}

static void
emg_calibration_changed_cb (ProprioMirrorPage *self)
{
  /* New MVCs: the bars go to %MVC (the same channels keep their history). */
  setup_emg_inset (self);
}

/* A running exercise is current for this frame too. */
static void
before_frame_cb (gint64   now_us,
                 gpointer user_data)
{
  ProprioMirrorPage *self = user_data;

  proprio_station_update (self->station, now_us);
}

/* The inset sits in the bottom-right corner of the video itself (not of the letterbox bars), at
 * a fixed share of the video's width. */
static gboolean
get_child_position_cb (GtkOverlay        *overlay,
                       GtkWidget         *widget,
                       GdkRectangle      *allocation,
                       ProprioMirrorPage *self)
{
  ProprioOverlayFit fit;
  int video_width, video_height, min_w, min_h, margin = 12;
  int width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int height = gtk_widget_get_height (GTK_WIDGET (overlay));
  double w, h;

  if (widget != GTK_WIDGET (self->inset) && widget != GTK_WIDGET (self->emg_inset) &&
      widget != GTK_WIDGET (self->replay_badge))
    return FALSE;

  proprio_mirror_page_get_video_size (self, &video_width, &video_height);
  proprio_overlay_fit_contain (&fit, video_width, video_height, width, height);
  if (widget == GTK_WIDGET (self->replay_badge))
    {
      /* Top left of the picture itself, where no overlay tool puts its handles by default. */
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &min_w, NULL, NULL);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, min_w, NULL, &min_h, NULL, NULL);
      allocation->width = MIN (min_w, width);
      allocation->height = min_h;
      allocation->x = MAX (0, (int) fit.x + margin);
      allocation->y = MAX (0, (int) fit.y + margin);
      return TRUE;
    }
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);

  w = MAX (fit.width * PROPRIO_MIRROR_PAGE_INSET_SHARE, min_w);
  h = MAX (w * 0.75, min_h);
  allocation->width = (int) w;
  allocation->height = (int) h;
  allocation->x = MAX (0, (int) (fit.x + fit.width - w) - margin);
  allocation->y = MAX (0, (int) (fit.y + fit.height - h) - margin);
  return TRUE;
}

void
proprio_mirror_page_get_video_size (ProprioMirrorPage *self,
                                    int               *width,
                                    int               *height)
{
  GdkPaintable *paintable = GDK_PAINTABLE (proprio_frame_paintable_for_camera (self->camera));

  *width = gdk_paintable_get_intrinsic_width (paintable);
  *height = gdk_paintable_get_intrinsic_height (paintable);
  if (*width <= 0 || *height <= 0)
    {
      *width = PROPRIO_CAMERA_DEFAULT_WIDTH;
      *height = PROPRIO_CAMERA_DEFAULT_HEIGHT;
    }
}

/* ---- properties ---- */

const char *
proprio_mirror_page_get_notice (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->notice;
}

const char *
proprio_mirror_page_get_tool (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->tool;
}

void
proprio_mirror_page_set_tool (ProprioMirrorPage *self,
                              const char        *tool)
{
  g_return_if_fail (PROPRIO_IS_MIRROR_PAGE (self));
  g_return_if_fail (tool != NULL && g_strv_contains (tool_names, tool));

  if (g_strcmp0 (self->tool, tool) == 0)
    return;
  g_free (self->tool);
  self->tool = g_strdup (tool);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

ProprioCamera *
proprio_mirror_page_get_camera (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->camera;
}

ProprioOverlay *
proprio_mirror_page_get_overlay (ProprioMirrorPage *self)
{
  g_return_val_if_fail (PROPRIO_IS_MIRROR_PAGE (self), NULL);
  return self->overlay;
}

/* ---- GtkWidget ---- */

static void
proprio_mirror_page_map (GtkWidget *widget)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (widget);

  GTK_WIDGET_CLASS (proprio_mirror_page_parent_class)->map (widget);

  /* The inset starts from now (the follower restarts itself): nothing was drawn while hidden. */
  forget_inset (self);
  if (!self->holds_camera)
    {
      self->holds_camera = TRUE;
      proprio_station_hold_camera (self->station);
    }
  proprio_mirror_page_update_status (self);
}

static void
release_camera (ProprioMirrorPage *self)
{
  if (!self->holds_camera)
    return;
  self->holds_camera = FALSE;
  proprio_station_release_camera (self->station);
}

static void
proprio_mirror_page_unmap (GtkWidget *widget)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (widget);

  /* No camera, no encoding, no CPU while no Mirror page is shown (in any window). */
  release_camera (self);

  GTK_WIDGET_CLASS (proprio_mirror_page_parent_class)->unmap (widget);
}

/* ---- GObject ---- */

static void bind_camera (ProprioMirrorPage *self);

static void
proprio_mirror_page_constructed (GObject *object)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);
  g_autofree char *spec = NULL;

  G_OBJECT_CLASS (proprio_mirror_page_parent_class)->constructed (object);

  g_assert (PROPRIO_IS_STATION (self->station));
  self->camera = g_object_ref (proprio_station_get_camera (self->station));
  self->monitor = g_object_ref (proprio_station_get_camera_monitor (self->station));
  bind_camera (self);
  self->follower = proprio_stream_follower_new (GTK_WIDGET (self), before_frame_cb,
                                                inset_samples_cb, self);
  g_signal_connect_object (self->station, "notify::device", G_CALLBACK (device_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "emg-calibration-changed",
                           G_CALLBACK (emg_calibration_changed_cb), self, G_CONNECT_SWAPPED);

  proprio_mirror_page_init_overlay (self);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "mirror-video", self->camera, "mirror",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "mirror-inset", self->inset_button, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "mirror-patient-view", self->inset, "mirrored",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-width-mm", self->inset, "board-width-mm",
                       G_SETTINGS_BIND_GET);
      g_settings_bind (self->settings, "board-length-mm", self->inset, "board-length-mm",
                       G_SETTINGS_BIND_GET);
      g_signal_connect_object (self->settings, "changed::camera",
                               G_CALLBACK (camera_setting_changed_cb), self, G_CONNECT_SWAPPED);
    }

  proprio_mirror_page_init_controls (self);
  spec = proprio_mirror_page_dup_effective_spec (self);
  proprio_mirror_page_apply_spec (self, spec);
  device_changed_cb (self);
}

static void
proprio_mirror_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CAMERA_SPEC:
      self->explicit_spec = g_value_dup_string (value);
      break;
    case PROP_TOOL:
      proprio_mirror_page_set_tool (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_mirror_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CAMERA_SPEC:
      g_value_set_string (value, self->explicit_spec);
      break;
    case PROP_DEVICE:
      g_value_set_object (value, proprio_mirror_page_get_device (self));
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    case PROP_TOOL:
      g_value_set_string (value, self->tool);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_mirror_page_dispose (GObject *object)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);

  if (self->overlay != NULL)
    {
      proprio_mirror_page_flush_overlay (self);
      g_signal_handlers_disconnect_by_data (self->overlay, self);
    }
  /* The parts outlive the template children their handlers update: cut them loose first. */
  g_clear_pointer (&self->follower, proprio_stream_follower_free);
  if (self->hint_device != NULL)
    g_signal_handlers_disconnect_by_data (self->hint_device, self);
  g_clear_object (&self->hint_device);
  if (self->station != NULL)
    {
      release_camera (self);
      g_signal_handlers_disconnect_by_data (self->station, self);
    }
  if (self->camera != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera, self);
      g_signal_handlers_disconnect_by_data (proprio_frame_paintable_for_camera (self->camera), self);
    }
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (proprio_camera_monitor_get_devices (self->monitor),
                                          self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_MIRROR_PAGE);
  g_clear_object (&self->overlay);
  g_clear_object (&self->camera);
  g_clear_object (&self->monitor);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_mirror_page_parent_class)->dispose (object);
}

static void
proprio_mirror_page_finalize (GObject *object)
{
  ProprioMirrorPage *self = PROPRIO_MIRROR_PAGE (object);

  g_clear_pointer (&self->mode_sizes, g_array_unref);
  g_clear_pointer (&self->mode_rates, g_array_unref);
  g_free (self->explicit_spec);
  g_free (self->tool);
  g_free (self->notice);

  G_OBJECT_CLASS (proprio_mirror_page_parent_class)->finalize (object);
}

static void
proprio_mirror_page_class_init (ProprioMirrorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  /* The camera needs GStreamer; initialising twice is harmless. */
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  g_type_ensure (PROPRIO_TYPE_COP_VIEW);
  g_type_ensure (PROPRIO_TYPE_EMG_VIEW);
  g_type_ensure (PROPRIO_TYPE_OVERLAY_EDITOR);
  g_type_ensure (PROPRIO_TYPE_PANEL_CACHE);

  object_class->constructed = proprio_mirror_page_constructed;
  object_class->set_property = proprio_mirror_page_set_property;
  object_class->get_property = proprio_mirror_page_get_property;
  object_class->dispose = proprio_mirror_page_dispose;
  object_class->finalize = proprio_mirror_page_finalize;
  widget_class->map = proprio_mirror_page_map;
  widget_class->unmap = proprio_mirror_page_unmap;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, construct);
  properties[PROP_CAMERA_SPEC] =
    g_param_spec_string ("camera-spec", NULL, NULL, NULL, construct);
  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION, construct);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, PROPRIO_TYPE_DEVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TOOL] =
    g_param_spec_string ("tool", NULL, NULL, "select", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A message for the window's toast overlay. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A toast with a button (a snapshot's Open Folder): added to the window's toast overlay by the
   * default handler. */
  signals[SIGNAL_ADD_TOAST] =
    g_signal_new_class_handler ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (proprio_mirror_page_real_add_toast), NULL, NULL,
                                NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mirrorpage");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-mirror-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, content);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, video_overlay);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, picture);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, editor);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, inset);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, emg_inset);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, replay_badge);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, tool_hint_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, tool_box);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, mirror_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, freeze_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, inset_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, delay_adjustment);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, delay_scale);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, delay_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, health_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, camera_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, camera_list);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, fps_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ProprioMirrorPage, camera_label);
  gtk_widget_class_bind_template_callback (widget_class, get_child_position_cb);
  proprio_mirror_page_bind_callbacks (widget_class);

  proprio_mirror_page_install_actions (widget_class);
}

/* The picture's window decides how frames are best drawn (proprio_frame_paintable_follow_renderer). */
static void
picture_realize_cb (GtkWidget         *picture,
                    ProprioMirrorPage *self)
{
  proprio_frame_paintable_follow_renderer (proprio_frame_paintable_for_camera (self->camera),
                                           picture);
}

/* The station's camera, shown and controlled here. */
static void
bind_camera (ProprioMirrorPage *self)
{
  g_signal_connect_object (self->picture, "realize", G_CALLBACK (picture_realize_cb), self, 0);
  if (gtk_widget_get_realized (GTK_WIDGET (self->picture)))
    picture_realize_cb (GTK_WIDGET (self->picture), self);
  gtk_picture_set_paintable (self->picture,
                             GDK_PAINTABLE (proprio_frame_paintable_for_camera (self->camera)));
  g_object_bind_property (self->camera, "mirror", self->mirror_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->camera, "frozen", self->freeze_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->delay_adjustment, "value", self->camera, "delay",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  g_signal_connect_object (self->camera, "notify::notice", G_CALLBACK (camera_notice_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::state",
                           G_CALLBACK (proprio_mirror_page_update_status), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::shown-time-us", G_CALLBACK (sync_inset_time),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::delay", G_CALLBACK (sync_inset_time), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::frozen", G_CALLBACK (sync_inset_time), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::delay",
                           G_CALLBACK (proprio_mirror_page_update_badge), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::frozen",
                           G_CALLBACK (proprio_mirror_page_update_badge), self, G_CONNECT_SWAPPED);
  proprio_mirror_page_update_badge (self);
}

/* What the chosen tool wants from the pointer, said where the therapist looks for it. */
static void
update_tool_hint (ProprioMirrorPage *self)
{
  ProprioOverlayTool tool = PROPRIO_OVERLAY_TOOL_SELECT;

  proprio_overlay_tool_from_string (self->tool, &tool);
  gtk_label_set_label (self->tool_hint_label, proprio_overlay_tool_get_hint (tool));
}

static void
proprio_mirror_page_init (ProprioMirrorPage *self)
{
  self->tool = g_strdup ("select");

  gtk_widget_init_template (GTK_WIDGET (self));
  update_tool_hint (self);
  g_signal_connect (self, "notify::tool", G_CALLBACK (update_tool_hint), NULL);

  proprio_cop_view_set_transparent (self->inset, TRUE);
  g_signal_connect_object (self->inset_button, "notify::active",
                           G_CALLBACK (update_inset_visibility), self, G_CONNECT_SWAPPED);
}

GtkWidget *
proprio_mirror_page_new (ProprioStation *station,
                         GSettings      *settings,
                         const char     *camera_spec_or_NULL)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_MIRROR_PAGE,
                       "station", station,
                       "settings", settings,
                       "camera-spec", camera_spec_or_NULL,
                       NULL);
}
