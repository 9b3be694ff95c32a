/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-application.h"
#include "proprio-balance-page.h"
#include "proprio-mirror-page.h"
#include "proprio-options.h"
#include "proprio-pacer-overlay.h"
#include "proprio-patient-display.h"
#include "proprio-snapshot.h"
#include "widgets/proprio-panel-cache.h"
#include "widgets/proprio-perf-overlay.h"
#include "proprio-window-private.h"

G_DEFINE_FINAL_TYPE (ProprioWindow, proprio_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_DEVICE,
  PROP_PERFORMANCE_OVERLAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void proprio_window_init_perf_overlay (ProprioWindow *self);
static void proprio_window_setup (ProprioWindow      *self,
                                  ProprioApplication *app);

ProprioWindow *
proprio_window_new (ProprioApplication *application)
{
  ProprioWindow *self;

  g_return_val_if_fail (PROPRIO_IS_APPLICATION (application), NULL);

  self = g_object_new (PROPRIO_TYPE_WINDOW, "application", application, NULL);
  proprio_window_setup (self, application);
  return self;
}

const char *
proprio_window_get_view (ProprioWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
proprio_window_set_view (ProprioWindow *self,
                         const char    *view)
{
  ProprioView parsed;

  g_return_if_fail (PROPRIO_IS_WINDOW (self));

  if (!proprio_view_from_string (view, &parsed, NULL))
    {
      g_warning ("Ignoring unknown view “%s”", view);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, proprio_view_to_string (parsed));
}

static void
visible_child_changed_cb (ProprioWindow *self)
{
  const char *view = proprio_window_get_view (self);

  if (view != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "last-view", view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
update_notice_revealer (ProprioWindow *self)
{
  gtk_revealer_set_reveal_child (self->notice_revealer, g_hash_table_size (self->notices) > 0);
}

static void
notice_dismiss_cb (GtkButton     *button,
                   ProprioWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "notice-id");

  proprio_window_remove_notice (self, id);
}

void
proprio_window_add_notice (ProprioWindow     *self,
                           const char        *id,
                           ProprioNoticeKind  kind,
                           const char        *text)
{
  static const char * const icons[] = {
    "dialog-information-symbolic", "dialog-warning-symbolic", "dialog-error-symbolic"
  };
  GtkWidget *row, *icon, *label, *dismiss;

  g_return_if_fail (PROPRIO_IS_WINDOW (self));
  g_return_if_fail (id != NULL && text != NULL);
  g_return_if_fail (kind <= PROPRIO_NOTICE_ERROR);

  proprio_window_remove_notice (self, id);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (row, "notice");
  if (kind == PROPRIO_NOTICE_ERROR)
    gtk_widget_add_css_class (row, "error");
  gtk_widget_set_name (row, id);

  icon = gtk_image_new_from_icon_name (icons[kind]);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);

  dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_add_css_class (dismiss, "circular");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dismiss"), -1);
  g_object_set_data_full (G_OBJECT (dismiss), "notice-id", g_strdup (id), g_free);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (notice_dismiss_cb), self);

  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), dismiss);
  gtk_box_append (self->notice_box, row);

  g_hash_table_insert (self->notices, g_strdup (id), row);
  update_notice_revealer (self);
}

void
proprio_window_remove_notice (ProprioWindow *self,
                              const char    *id)
{
  GtkWidget *row;

  g_return_if_fail (PROPRIO_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  row = g_hash_table_lookup (self->notices, id);
  if (row == NULL)
    return;

  gtk_box_remove (self->notice_box, row);
  g_hash_table_remove (self->notices, id);
  update_notice_revealer (self);
}

gboolean
proprio_window_has_notice (ProprioWindow *self,
                           const char    *id)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), FALSE);
  return g_hash_table_contains (self->notices, id);
}

void
proprio_window_add_toast (ProprioWindow *self,
                          const char    *text)
{
  g_return_if_fail (PROPRIO_IS_WINDOW (self));

  /* An async job (a snapshot, a template) may finish after the window was closed. */
  if (self->toast_overlay == NULL)
    return;
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
proprio_window_close_request (GtkWindow *window)
{
  ProprioWindow *self = PROPRIO_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (proprio_window_parent_class)->close_request (window);
}

static void
calibration_applied_cb (ProprioWindow *self)
{
  proprio_window_add_toast (self, _("Calibration applied"));
}

static void
camera_notice_cb (ProprioWindow *self)
{
  const char *notice = proprio_mirror_page_get_notice (self->mirror);

  if (notice != NULL)
    proprio_window_add_notice (self, "camera", PROPRIO_NOTICE_WARNING, notice);
  else
    proprio_window_remove_notice (self, "camera");
}

/* The work areas replace their placeholders; each is a view of the station. */
static void
proprio_window_init_pages (ProprioWindow *self,
                           const char    *camera_spec)
{
  self->balance = PROPRIO_BALANCE_PAGE (proprio_balance_page_new (self->station, self->settings));
  gtk_widget_set_vexpand (GTK_WIDGET (self->balance), TRUE);
  gtk_box_remove (self->balance_page, GTK_WIDGET (self->balance_placeholder));
  gtk_box_append (self->balance_page, GTK_WIDGET (self->balance));
  g_signal_connect_object (self->station, "calibration-applied",
                           G_CALLBACK (calibration_applied_cb), self, G_CONNECT_SWAPPED);

  self->muscle = PROPRIO_MUSCLE_PAGE (proprio_muscle_page_new (self->station, self->settings));
  gtk_widget_set_vexpand (GTK_WIDGET (self->muscle), TRUE);
  gtk_box_remove (self->muscle_page, GTK_WIDGET (self->muscle_placeholder));
  gtk_box_append (self->muscle_page, GTK_WIDGET (self->muscle));

  self->mirror = PROPRIO_MIRROR_PAGE (proprio_mirror_page_new (self->station, self->settings,
                                                               camera_spec));
  gtk_widget_set_vexpand (GTK_WIDGET (self->mirror), TRUE);
  gtk_box_remove (self->mirror_page, GTK_WIDGET (self->mirror_placeholder));
  gtk_box_append (self->mirror_page, GTK_WIDGET (self->mirror));
  g_signal_connect_object (self->mirror, "notify::notice", G_CALLBACK (camera_notice_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mirror, "toast", G_CALLBACK (proprio_window_add_toast), self,
                           G_CONNECT_SWAPPED);
  camera_notice_cb (self);

  self->joint = PROPRIO_JOINT_PAGE (proprio_joint_page_new (self->station, self->settings));
  gtk_widget_set_vexpand (GTK_WIDGET (self->joint), TRUE);
  gtk_box_remove (self->joint_page, GTK_WIDGET (self->joint_placeholder));
  gtk_box_append (self->joint_page, GTK_WIDGET (self->joint));
}

static void
free_weak_ref (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* A pending shot holds the window weakly: closing the window never waits for it. */
static void
snapshot_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(ProprioWindow) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = proprio_snapshot_finish (result, &error);
  g_autofree char *text = NULL;

  free_weak_ref (ref);
  if (self == NULL)
    return;

  if (path == NULL)
    {
      text = g_strdup_printf (_("No snapshot saved: %s"), error->message);
      proprio_window_add_toast (self, text);
    }
  else if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, proprio_snapshot_toast_new (path));
}

/* What the visible work area shows, without switching: the Mirror page's video area (video,
 * overlays, inset); any other page whole (the Balance board or the Muscle bars with the side
 * panel and results). */
void
proprio_window_snapshot (ProprioWindow *self)
{
  g_autofree char *folder = NULL;
  const char *view;
  GtkWidget *area;
  GWeakRef *ref;

  g_return_if_fail (PROPRIO_IS_WINDOW (self));

  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  view = proprio_window_get_view (self);
  if (g_strcmp0 (view, "mirror") == 0)
    {
      proprio_mirror_page_snapshot_async (self->mirror, NULL, snapshot_done_cb, ref);
      return;
    }
  area = adw_view_stack_get_visible_child (self->view_stack);
  folder = proprio_snapshot_dup_folder (self->settings);
  proprio_snapshot_async (NULL, area, folder, _("Nothing is shown to take a snapshot of"), NULL,
                          snapshot_done_cb, ref);
}

/* What needs the application (its settings and command-line choices). GtkWindow sets its
 * "application" after construction, so this runs from proprio_window_new(). */
static void
proprio_window_setup (ProprioWindow      *self,
                      ProprioApplication *app)
{
  const char *view;
  g_autofree char *last_view = NULL;

  self->settings = g_object_ref (proprio_application_get_settings (app));
  self->station = g_object_ref (proprio_application_get_station (app));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  view = proprio_application_get_view (app);
  if (view == NULL)
    view = last_view = g_settings_get_string (self->settings, "last-view");
  proprio_window_set_view (self, view);

  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (visible_child_changed_cb), self);

  proprio_window_init_pages (self, proprio_application_get_camera_spec (app));
  proprio_window_init_plan (self, app);
  proprio_window_init_snapshot_button (self);
  proprio_patient_display_attach (self, app);
  proprio_window_init_device (self);
  proprio_window_init_session (self, app);
  proprio_window_init_perf_overlay (self);
  /* The pacer over every page, in the same overlay (proprio-pacer-overlay.c). */
  proprio_pacer_overlay_attach (GTK_OVERLAY (adw_toast_overlay_get_child (self->toast_overlay)),
                                GTK_WIDGET (self->view_stack), self->station, self->settings);
}

/* Over everything the window shows, in a corner, out of the way of the pages' controls. */
static void
proprio_window_init_perf_overlay (ProprioWindow *self)
{
  GtkWidget *content = adw_toast_overlay_get_child (self->toast_overlay);
  GtkWidget *overlay = gtk_overlay_new ();

  g_object_ref (content);
  adw_toast_overlay_set_child (self->toast_overlay, overlay);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), content);
  g_object_unref (content);

  self->perf_overlay = proprio_perf_overlay_new (self->station);
  gtk_widget_set_halign (self->perf_overlay, GTK_ALIGN_END);
  gtk_widget_set_valign (self->perf_overlay, GTK_ALIGN_END);
  gtk_widget_set_margin_end (self->perf_overlay, 12);
  gtk_widget_set_margin_bottom (self->perf_overlay, 48);
  gtk_widget_set_visible (self->perf_overlay, self->show_perf);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->perf_overlay);
}

void
proprio_window_notify_device (ProprioWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

static void
proprio_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ProprioWindow *self = PROPRIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, proprio_window_get_view (self));
      break;
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_PERFORMANCE_OVERLAY:
      g_value_set_boolean (value, self->show_perf);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ProprioWindow *self = PROPRIO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      proprio_window_set_view (self, g_value_get_string (value));
      break;
    case PROP_PERFORMANCE_OVERLAY:
      self->show_perf = g_value_get_boolean (value);
      /* Hidden, it measures nothing (it follows the frame clock only while mapped). */
      if (self->perf_overlay != NULL)
        gtk_widget_set_visible (self->perf_overlay, self->show_perf);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_window_dispose (GObject *object)
{
  ProprioWindow *self = PROPRIO_WINDOW (object);

  proprio_window_dispose_device (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_WINDOW);
  /* Children of the pages' boxes, gone with the template. */
  self->balance = NULL;
  self->muscle = NULL;
  self->mirror = NULL;
  self->plan_panel = NULL;
  self->plan_revealer = NULL;
  self->plan_button = NULL;
  g_clear_object (&self->plan_run);
  self->joint = NULL;
  g_clear_object (&self->station);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->notices, g_hash_table_unref);
  g_clear_object (&self->bundle_toast);
  g_clear_pointer (&self->bundle_path, g_free);

  G_OBJECT_CLASS (proprio_window_parent_class)->dispose (object);
}

static void
proprio_window_class_init (ProprioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = proprio_window_get_property;
  object_class->set_property = proprio_window_set_property;
  object_class->dispose = proprio_window_dispose;
  window_class->close_request = proprio_window_close_request;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "balance",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, PROPRIO_TYPE_DEVICE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A debug view a clinic can turn on to see when a machine is too slow (Ctrl+Shift+P). */
  properties[PROP_PERFORMANCE_OVERLAY] =
    g_param_spec_boolean ("performance-overlay", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/proprio-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioWindow, name)
  BIND (toast_overlay);
  BIND (header_bar);
  BIND (status_bar);
  BIND (device_button);
  BIND (device_state_icon);
  BIND (device_button_label);
  BIND (device_popover);
  BIND (device_dropdown);
  BIND (port_options_box);
  BIND (protocol_dropdown);
  BIND (baud_dropdown);
  BIND (simulated_tag);
  BIND (device_state_label);
  BIND (device_message_label);
  BIND (connect_button);
  BIND (disconnect_button);
  BIND (health_rate);
  BIND (health_jitter);
  BIND (health_lost);
  BIND (health_discarded);
  BIND (health_skipped);
  BIND (switcher_title);
  BIND (switcher_bar);
  BIND (view_stack);
  BIND (notice_revealer);
  BIND (notice_box);
  BIND (balance_page);
  BIND (balance_placeholder);
  BIND (muscle_page);
  BIND (muscle_placeholder);
  BIND (mirror_page);
  BIND (mirror_placeholder);
  BIND (joint_page);
  BIND (joint_placeholder);
  BIND (status_icon);
  BIND (status_label);
  BIND (rate_label);
#undef BIND

  proprio_window_class_init_actions (widget_class);
}

static void
proprio_window_init (ProprioWindow *self)
{
  self->notices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  proprio_window_init_keys (self);
  /* The bars above and below the page change seldom; the page's views every frame, and GTK 4.8's
   * Cairo renderer would draw every icon and label of the bars with each of those frames. */
  proprio_panel_cache_wrap_box_child (GTK_WIDGET (self->header_bar));
  proprio_panel_cache_wrap_box_child (GTK_WIDGET (self->status_bar));

  g_object_bind_property (self->switcher_title, "title-visible",
                          self->switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
}
