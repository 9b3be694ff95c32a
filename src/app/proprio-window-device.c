/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "devices/proprio-device-spec.h"
#include "devices/proprio-port-list.h"

#include "proprio-window-private.h"

/* The device control in the header bar: which device, connect / disconnect, its state and health.
 * Port enumeration runs on a worker thread; the device reads on its own thread; everything here
 * only reacts to notifications and a twice-a-second health poll. */

typedef struct
{
  char     *spec;    /* for simulators and explicit specs; NULL for a port (built from the dropdowns) */
  char     *path;    /* port path, for ports */
} DeviceEntry;

static void select_entry (ProprioWindow *self,
                          guint          position);

static const char * const protocol_names[] = { "balance", "lines", "cyton" };
static const guint bauds[] = { 9600, 57600, 115200, 230400 };

static void
device_entry_free (DeviceEntry *entry)
{
  g_free (entry->spec);
  g_free (entry->path);
  g_free (entry);
}

static void
add_entry (ProprioWindow *self,
           const char    *label,
           const char    *spec,
           const char    *path)
{
  DeviceEntry *entry = g_new0 (DeviceEntry, 1);

  entry->spec = g_strdup (spec);
  entry->path = g_strdup (path);
  g_ptr_array_add (self->device_entries, entry);
  gtk_string_list_append (self->device_model, label);
}

static guint
find_entry (ProprioWindow *self,
            const char    *spec,
            const char    *path)
{
  for (guint i = 0; i < self->device_entries->len; i++)
    {
      DeviceEntry *entry = g_ptr_array_index (self->device_entries, i);

      if ((spec != NULL && g_strcmp0 (entry->spec, spec) == 0) ||
          (path != NULL && g_strcmp0 (entry->path, path) == 0))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static const char *
state_text (ProprioDeviceState state)
{
  switch (state)
    {
    case PROPRIO_DEVICE_STATE_CONNECTING:
      return _("Connecting…");
    case PROPRIO_DEVICE_STATE_STREAMING:
      return _("Streaming");
    case PROPRIO_DEVICE_STATE_ERROR:
      return _("Error");
    case PROPRIO_DEVICE_STATE_DISCONNECTED:
    default:
      return _("Disconnected");
    }
}

static const char *
state_css_class (ProprioDeviceState state)
{
  switch (state)
    {
    case PROPRIO_DEVICE_STATE_CONNECTING:
      return "state-connecting";
    case PROPRIO_DEVICE_STATE_STREAMING:
      return "state-streaming";
    case PROPRIO_DEVICE_STATE_ERROR:
      return "state-error";
    case PROPRIO_DEVICE_STATE_DISCONNECTED:
    default:
      return "state-disconnected";
    }
}

static void
set_state_class (GtkWidget          *widget,
                 ProprioDeviceState  state)
{
  static const char * const classes[] = {
    "state-connecting", "state-streaming", "state-error", "state-disconnected"
  };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (widget, classes[i]);
  gtk_widget_add_css_class (widget, state_css_class (state));
}

static void
update_health (ProprioWindow *self)
{
  ProprioDeviceHealth health = { 0 };
  g_autofree char *rate = NULL, *jitter = NULL, *lost = NULL, *discarded = NULL, *skipped = NULL;
  gboolean streaming;

  if (self->device == NULL)
    return;

  proprio_device_get_health (self->device, &health);
  streaming = proprio_device_get_state (self->device) == PROPRIO_DEVICE_STATE_STREAMING;

  /* Translators: samples per second */
  rate = streaming ? g_strdup_printf (_("%.0f Hz"), health.rate_hz) : g_strdup ("—");
  /* Translators: milliseconds */
  jitter = streaming ? g_strdup_printf (_("%.1f ms"), health.jitter_ms) : g_strdup ("—");
  lost = g_strdup_printf ("%" G_GUINT64_FORMAT, health.lost);
  discarded = g_strdup_printf ("%" G_GUINT64_FORMAT, health.discarded_bytes);
  skipped = g_strdup_printf ("%" G_GUINT64_FORMAT, health.skipped_lines);

  gtk_label_set_label (self->rate_label, rate);
  gtk_label_set_label (self->health_rate, rate);
  gtk_label_set_label (self->health_jitter, jitter);
  gtk_label_set_label (self->health_lost, lost);
  gtk_label_set_label (self->health_discarded, discarded);
  gtk_label_set_label (self->health_skipped, skipped);
}

static gboolean
health_timer_cb (gpointer user_data)
{
  update_health (PROPRIO_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

/* Next to the SIMULATED tag, the header bar only needs what is simulated. */
static const char *
short_label (ProprioDevice *device)
{
  const char *spec = proprio_device_get_spec (device);

  if (!proprio_device_is_simulated (device))
    return proprio_device_get_label (device);
  if (g_str_has_prefix (spec, "sim:emg"))
    return _("EMG sensor");
  if (g_str_has_prefix (spec, "sim:cyton"))
    return _("OpenBCI Cyton");
  if (g_str_has_prefix (spec, "sim:angle"))
    return _("Goniometer");
  return _("Balance board");
}

static void
update_state (ProprioWindow *self)
{
  ProprioDeviceState state = PROPRIO_DEVICE_STATE_DISCONNECTED;
  const char *message = NULL;
  const char *label = _("No device");
  gboolean simulated = FALSE;
  g_autofree char *status = NULL;

  if (self->device != NULL)
    {
      state = proprio_device_get_state (self->device);
      message = proprio_device_get_message (self->device);
      label = proprio_device_get_label (self->device);
      simulated = proprio_device_is_simulated (self->device);
    }

  gtk_label_set_label (self->device_button_label,
                       self->device != NULL ? short_label (self->device) : label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->device_button), label);
  gtk_widget_set_visible (GTK_WIDGET (self->simulated_tag), simulated);
  gtk_label_set_label (self->device_state_label, state_text (state));
  set_state_class (GTK_WIDGET (self->status_icon), state);
  set_state_class (GTK_WIDGET (self->device_state_icon), state);

  /* Translators: "<device name> · <state>", in the status bar */
  status = g_strdup_printf (_("%s · %s"), label, state_text (state));
  gtk_label_set_label (self->status_label, status);

  gtk_widget_set_visible (GTK_WIDGET (self->device_message_label), message != NULL);
  gtk_label_set_label (self->device_message_label, message ? message : "");

  /* Problems stay in view until they are solved; a healthy stream clears them. */
  if (message != NULL && state != PROPRIO_DEVICE_STATE_STREAMING)
    proprio_window_add_notice (self, "device",
                               state == PROPRIO_DEVICE_STATE_ERROR ? PROPRIO_NOTICE_ERROR
                                                                   : PROPRIO_NOTICE_WARNING,
                               message);
  else if (message != NULL)
    proprio_window_add_notice (self, "device", PROPRIO_NOTICE_INFO, message);
  else
    proprio_window_remove_notice (self, "device");

  gtk_widget_set_visible (GTK_WIDGET (self->connect_button),
                          state == PROPRIO_DEVICE_STATE_DISCONNECTED ||
                          state == PROPRIO_DEVICE_STATE_ERROR);
  gtk_widget_set_visible (GTK_WIDGET (self->disconnect_button),
                          state == PROPRIO_DEVICE_STATE_CONNECTING ||
                          state == PROPRIO_DEVICE_STATE_STREAMING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.device-connect", self->device != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.device-disconnect", self->device != NULL);

  update_health (self);
}

/* Replaces the station's device with one made from `spec`, and connects it: every window
 * follows (see device_changed_cb). */
static gboolean
use_device (ProprioWindow  *self,
            const char     *spec,
            GError        **error)
{
  return proprio_station_set_device_spec (self->station, spec, error);
}

/* The station's device changed (from this window, another one, a calibration): show it. */
static void
device_changed_cb (ProprioWindow *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);
  const char *spec = device != NULL ? proprio_device_get_spec (device) : NULL;
  guint position;

  self->device = device;
  if (spec != NULL)
    {
      position = find_entry (self, spec, NULL);
      if (position == GTK_INVALID_LIST_POSITION)
        {
          position = self->device_entries->len;
          add_entry (self, proprio_device_get_label (device), spec, NULL);
        }
      select_entry (self, position);
    }
  update_state (self);
  proprio_window_notify_device (self);
}

/* Switches to `spec` (a calibration, a station script) and shows it in the device menu. */
gboolean
proprio_window_use_device_spec (ProprioWindow  *self,
                                const char     *spec,
                                GError        **error)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), FALSE);

  /* The menu follows through device_changed_cb. */
  return use_device (self, spec, error);
}

static char *
spec_for_port (ProprioWindow *self,
               const char    *path)
{
  guint protocol = MIN (gtk_drop_down_get_selected (self->protocol_dropdown),
                        G_N_ELEMENTS (protocol_names) - 1);
  guint baud = MIN (gtk_drop_down_get_selected (self->baud_dropdown), G_N_ELEMENTS (bauds) - 1);

  /* The builder encodes what the spec syntax reserves, so any port name round-trips. */
  return proprio_device_spec_build (path, protocol_names[protocol], bauds[baud], NULL);
}

/* The station's device shown again in the menu (after a refused switch). */
static void
show_current_device (ProprioWindow *self)
{
  const char *spec = self->device != NULL ? proprio_device_get_spec (self->device) : NULL;
  guint position = spec != NULL ? find_entry (self, spec, NULL) : GTK_INVALID_LIST_POSITION;

  if (position != GTK_INVALID_LIST_POSITION)
    select_entry (self, position);
}

static void
switch_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ProprioWindow    *self)
{
  const char *spec = g_object_get_data (G_OBJECT (dialog), "spec");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "switch") != 0)
    {
      show_current_device (self);
      return;
    }
  if (!use_device (self, spec, &error))
    proprio_window_add_notice (self, "device", PROPRIO_NOTICE_ERROR, error->message);
}

/* Another device ends the exercise in progress (its samples would mean nothing to it): ask
 * first, and say that what was measured is kept. */
static void
confirm_switch (ProprioWindow *self,
                const char    *spec)
{
  ProprioExercise *running = proprio_station_get_running (self->station);
  g_autofree char *body = g_strdup_printf (
    _("Changing the device stops “%s”. What it measured so far is kept."),
    proprio_exercise_get_title (running));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Running Exercise?"),
                                              body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Running"),
                                    "switch", _("_Stop and Change Device"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "spec", g_strdup (spec), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (switch_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
selection_changed_cb (ProprioWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->device_dropdown);
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  DeviceEntry *entry;

  if (self->updating_device_ui || selected >= self->device_entries->len)
    return;

  entry = g_ptr_array_index (self->device_entries, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->port_options_box), entry->path != NULL);
  spec = entry->path != NULL ? spec_for_port (self, entry->path) : g_strdup (entry->spec);
  /* Showing the station's device (another window chose it) is not choosing it again. */
  if (self->device != NULL && g_strcmp0 (spec, proprio_device_get_spec (self->device)) == 0)
    return;
  if (proprio_station_is_running (self->station))
    {
      confirm_switch (self, spec);
      return;
    }

  if (!use_device (self, spec, &error))
    proprio_window_add_notice (self, "device", PROPRIO_NOTICE_ERROR, error->message);
}

static void
select_entry (ProprioWindow *self,
              guint          position)
{
  self->updating_device_ui = TRUE;
  gtk_drop_down_set_selected (self->device_dropdown, position);
  self->updating_device_ui = FALSE;
}

static void
ports_listed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  ProprioWindow *self;

  ports = proprio_port_list_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = PROPRIO_WINDOW (user_data);
  if (ports == NULL)
    {
      proprio_window_add_notice (self, "ports", PROPRIO_NOTICE_WARNING, error->message);
      return;
    }

  self->updating_device_ui = TRUE;
  for (guint i = 0; i < ports->len; i++)
    {
      ProprioPortInfo *info = g_ptr_array_index (ports, i);
      g_autofree char *label = proprio_port_info_describe (info);

      if (find_entry (self, NULL, info->path) == GTK_INVALID_LIST_POSITION)
        add_entry (self, label, NULL, info->path);
    }
  self->updating_device_ui = FALSE;

  if (ports->len == 0 && self->device != NULL && proprio_device_is_simulated (self->device))
    proprio_window_add_notice (self, "ports", PROPRIO_NOTICE_INFO,
                               _("No serial ports found: showing a simulated device. Plug in a device and choose it in the device menu."));
  else
    proprio_window_remove_notice (self, "ports");
}

void
proprio_window_init_device (ProprioWindow *self)
{
  self->device_model = gtk_string_list_new (NULL);
  self->device_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) device_entry_free);
  self->updating_device_ui = TRUE;
  add_entry (self, _("Simulated balance board"), "sim:balance", NULL);
  add_entry (self, _("Simulated EMG sensor"), "sim:emg", NULL);
  add_entry (self, _("Simulated OpenBCI Cyton"), "sim:cyton", NULL);
  add_entry (self, _("Simulated goniometer"), "sim:angle", NULL);
  gtk_drop_down_set_model (self->device_dropdown, G_LIST_MODEL (self->device_model));
  self->updating_device_ui = FALSE;

  g_signal_connect_swapped (self->device_dropdown, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->protocol_dropdown, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->baud_dropdown, "notify::selected",
                            G_CALLBACK (selection_changed_cb), self);

  /* The device's own news, whichever device the station has. */
  self->device_signals = g_signal_group_new (PROPRIO_TYPE_DEVICE);
  g_signal_group_connect_swapped (self->device_signals, "notify::state",
                                  G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->device_signals, "notify::message",
                                  G_CALLBACK (update_state), self);
  g_object_bind_property (self->station, "device", self->device_signals, "target",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->station, "notify::device", G_CALLBACK (device_changed_cb), self,
                           G_CONNECT_SWAPPED);
  device_changed_cb (self);

  self->ports_cancellable = g_cancellable_new ();
  proprio_port_list_async (self->ports_cancellable, ports_listed_cb, self);
  self->health_timer = g_timeout_add (500, health_timer_cb, self);
}

void
proprio_window_dispose_device (ProprioWindow *self)
{
  g_cancellable_cancel (self->ports_cancellable);
  g_clear_object (&self->ports_cancellable);
  g_clear_handle_id (&self->health_timer, g_source_remove);
  /* The device is the station's: closing a window leaves it running for the others. */
  if (self->device_signals != NULL)
    g_signal_group_set_target (self->device_signals, NULL);
  g_clear_object (&self->device_signals);
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (self->station, self);
  self->device = NULL;
  g_clear_pointer (&self->device_entries, g_ptr_array_unref);
  g_clear_object (&self->device_model);
}

void
proprio_window_device_connect (ProprioWindow *self)
{
  proprio_station_connect_device (self->station);
}

void
proprio_window_device_disconnect (ProprioWindow *self)
{
  proprio_station_disconnect_device (self->station);
}

ProprioDevice *
proprio_window_get_device (ProprioWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_WINDOW (self), NULL);
  return self->device;
}
