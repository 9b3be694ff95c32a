/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera-monitor"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "proprio-camera-monitor.h"
#include "proprio-camera-portal.h"

#define CAMERA_CLASSES    "Video/Source"
#define PIPEWIRE_PROVIDER "pipewiredeviceprovider"
#define PORTAL_PROBE_S    3

struct _ProprioCameraMonitor
{
  GObject             parent_instance;
  GstDeviceMonitor   *monitor;     /* direct access */
  GstDeviceProvider  *provider;    /* through the portal: PipeWire on the portal's connection */
  guint               probe_timer;
  GListStore         *devices;
  guint               bus_watch;
  gboolean            started;
  gboolean            direct_running;  /* the GstDeviceMonitor is started */

  gboolean            use_portal;
  ProprioCameraAccess access;
  char               *access_message;
  GCancellable       *portal_cancel;  /* while the portal is asked */
  int                 pipewire_fd;    /* the portal's connection, for the provider's lifetime */
  int                 play_fd;        /* another, for the cameras' pipewiresrc elements: the
                                       * plugin shares one connection per descriptor, and a
                                       * provider sharing it with playing sources crashed */
};

G_DEFINE_FINAL_TYPE (ProprioCameraMonitor, proprio_camera_monitor, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ProprioCameraAccess, proprio_camera_access,
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_ACCESS_DIRECT, "direct"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_ACCESS_ASKING, "asking"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_ACCESS_PORTAL, "portal"),
  G_DEFINE_ENUM_VALUE (PROPRIO_CAMERA_ACCESS_REFUSED, "refused"))

enum
{
  PROP_0,
  PROP_ACCESS,
  PROP_ACCESS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_access (ProprioCameraMonitor *self,
            ProprioCameraAccess   access,
            const char           *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->access_message, message) != 0)
    {
      g_free (self->access_message);
      self->access_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_MESSAGE]);
    }
  if (self->access != access)
    {
      self->access = access;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
find_device (ProprioCameraMonitor *self,
             GstDevice            *device,
             guint                *position)
{
  return g_list_store_find (self->devices, device, position);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  ProprioCameraMonitor *self = user_data;
  g_autoptr(GstDevice) device = NULL;
  g_autofree char *name = NULL;
  guint position;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      if (gst_device_has_classes (device, CAMERA_CLASSES) && !find_device (self, device, &position))
        {
          name = gst_device_get_display_name (device);
          g_debug ("camera added: %s", name);
          g_list_store_append (self->devices, device);
        }
      break;

    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      if (find_device (self, device, &position))
        {
          name = gst_device_get_display_name (device);
          g_debug ("camera removed: %s", name);
          g_list_store_remove (self->devices, position);
        }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
proprio_camera_monitor_dispose (GObject *object)
{
  ProprioCameraMonitor *self = PROPRIO_CAMERA_MONITOR (object);

  proprio_camera_monitor_stop (self);
  gst_clear_object (&self->monitor);
  g_clear_object (&self->devices);
  g_clear_pointer (&self->access_message, g_free);

  G_OBJECT_CLASS (proprio_camera_monitor_parent_class)->dispose (object);
}

static void
proprio_camera_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ProprioCameraMonitor *self = PROPRIO_CAMERA_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ACCESS:
      g_value_set_enum (value, self->access);
      break;
    case PROP_ACCESS_MESSAGE:
      g_value_set_string (value, self->access_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_camera_monitor_class_init (ProprioCameraMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = proprio_camera_monitor_dispose;
  object_class->get_property = proprio_camera_monitor_get_property;

  properties[PROP_ACCESS] =
    g_param_spec_enum ("access", NULL, NULL, PROPRIO_TYPE_CAMERA_ACCESS,
                       PROPRIO_CAMERA_ACCESS_DIRECT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCESS_MESSAGE] =
    g_param_spec_string ("access-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
proprio_camera_monitor_init (ProprioCameraMonitor *self)
{
  self->devices = g_list_store_new (GST_TYPE_DEVICE);
  self->use_portal = proprio_camera_portal_wanted ();
  self->pipewire_fd = -1;
  self->play_fd = -1;
}

ProprioCameraMonitor *
proprio_camera_monitor_new (void)
{
  return g_object_new (PROPRIO_TYPE_CAMERA_MONITOR, NULL);
}

static void
add_devices (ProprioCameraMonitor *self,
             GList                *list)
{
  for (GList *l = list; l != NULL; l = l->next)
    {
      guint position;

      if (gst_device_has_classes (l->data, CAMERA_CLASSES) && !find_device (self, l->data, &position))
        g_list_store_append (self->devices, l->data);
    }
}

static gboolean
start_direct (ProprioCameraMonitor  *self,
              GError               **error)
{
  g_autoptr(GstBus) bus = NULL;
  GList *list;

  if (self->monitor == NULL)
    {
      self->monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (self->monitor, CAMERA_CLASSES, NULL);
    }

  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  if (!gst_device_monitor_start (self->monitor))
    {
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("Cannot look for cameras: no camera support is installed (GStreamer "
                     "Video4Linux or PipeWire plugins)"));
      return FALSE;
    }

  self->direct_running = TRUE;

  /* The devices present at start come back from get_devices(), not as bus messages. */
  list = gst_device_monitor_get_devices (self->monitor);
  add_devices (self, list);
  g_list_free_full (list, gst_object_unref);
  return TRUE;
}

/* A camera's identity across probes: PipeWire's serial, else its name. */
static char *
device_key (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  const char *serial = props ? gst_structure_get_string (props, "object.serial") : NULL;

  return serial ? g_strdup (serial) : gst_device_get_display_name (device);
}

static gboolean
list_has_key (GList      *list,
              const char *key)
{
  for (GList *l = list; l != NULL; l = l->next)
    {
      g_autofree char *k = device_key (l->data);

      if (g_strcmp0 (k, key) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Lists the portal's cameras once (the provider connects, lists and disconnects) and brings
 * the list up to date: cameras gone are removed, new ones added, the others kept as they are. */
static void
probe_portal_cameras (ProprioCameraMonitor *self)
{
  GList *found = gst_device_provider_get_devices (self->provider);
  GList *cameras = NULL;
  guint n;

  for (GList *l = found; l != NULL; l = l->next)
    if (gst_device_has_classes (l->data, CAMERA_CLASSES))
      cameras = g_list_prepend (cameras, l->data);
  cameras = g_list_reverse (cameras);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i - 1);
      g_autofree char *key = device_key (device);

      if (!list_has_key (cameras, key))
        g_list_store_remove (self->devices, i - 1);
    }
  for (GList *l = cameras; l != NULL; l = l->next)
    {
      g_autofree char *key = device_key (l->data);
      g_autoptr(GList) current = NULL;

      n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
      for (guint i = 0; i < n; i++)
        current = g_list_prepend (current, g_list_model_get_item (G_LIST_MODEL (self->devices), i));
      if (!list_has_key (current, key))
        g_list_store_append (self->devices, l->data);
      g_list_free_full (g_steal_pointer (&current), gst_object_unref);
    }
  g_list_free (cameras);
  g_list_free_full (found, gst_object_unref);
}

static gboolean
on_probe_timer (gpointer user_data)
{
  probe_portal_cameras (user_data);
  return G_SOURCE_CONTINUE;
}

/* Lists the cameras on the portal's PipeWire connection @fd (taken over, even on failure).
 * The provider is probed, not started: a started PipeWire provider crashed in its own stop
 * when the portal's connection was busy, so the list is brought up to date every
 * PORTAL_PROBE_S seconds instead of by events. */
static gboolean
start_portal_provider (ProprioCameraMonitor  *self,
                       int                    fd,
                       GError               **error)
{
  g_autoptr(GstDeviceProvider) provider = NULL;
  g_autoptr(GError) local_error = NULL;

  provider = gst_device_provider_factory_get_by_name (PIPEWIRE_PROVIDER);
  if (provider == NULL
      || g_object_class_find_property (G_OBJECT_GET_CLASS (provider), "fd") == NULL)
    {
      g_close (fd, NULL);
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_PIPELINE,
                   _("The camera portal needs GStreamer's PipeWire plugin (version 0.3.30 or "
                     "newer), which is not installed"));
      return FALSE;
    }
  self->pipewire_fd = fd;
  g_object_set (provider, "fd", fd, NULL);
  self->provider = g_steal_pointer (&provider);
  self->play_fd = proprio_camera_portal_open_remote (&local_error);
  if (self->play_fd < 0)
    g_debug ("cameras play on the listing connection: %s", local_error->message);
  probe_portal_cameras (self);
  self->probe_timer = g_timeout_add_seconds (PORTAL_PROBE_S, on_probe_timer, self);
  return TRUE;
}

static void
on_portal_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ProprioCameraMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = proprio_camera_portal_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->portal_cancel);
  if (!self->started)
    {
      if (fd >= 0)
        g_close (fd, NULL);
      return;
    }

  if (fd >= 0 && start_portal_provider (self, fd, &error))
    {
      g_debug ("cameras come through the camera portal");
      set_access (self, PROPRIO_CAMERA_ACCESS_PORTAL, NULL);
      return;
    }
  /* A refusal is the user's choice: cameras are not opened behind the portal's back. */
  if (g_error_matches (error, PROPRIO_CAMERA_PORTAL_ERROR, PROPRIO_CAMERA_PORTAL_ERROR_REFUSED))
    {
      set_access (self, PROPRIO_CAMERA_ACCESS_REFUSED,
                  _("Proprio may not use the camera: access was refused. Allow it in the "
                    "system’s privacy settings, then choose the camera again."));
      return;
    }
  if (g_error_matches (error, PROPRIO_CAMERA_PORTAL_ERROR, PROPRIO_CAMERA_PORTAL_ERROR_FAILED))
    {
      set_access (self, PROPRIO_CAMERA_ACCESS_REFUSED, error->message);
      return;
    }

  /* No portal, or one without cameras, or no way to use it: open cameras directly. */
  g_debug ("cameras are opened directly: %s", error->message);
  g_clear_error (&error);
  set_access (self, PROPRIO_CAMERA_ACCESS_DIRECT, NULL);
  if (!start_direct (self, &error))
    g_debug ("%s", error->message);
}

static void
ask_portal (ProprioCameraMonitor *self)
{
  if (self->portal_cancel != NULL)
    return;
  self->portal_cancel = g_cancellable_new ();
  set_access (self, PROPRIO_CAMERA_ACCESS_ASKING, NULL);
  proprio_camera_portal_open_async (NULL, self->portal_cancel, on_portal_opened,
                                    g_object_ref (self));
}

gboolean
proprio_camera_monitor_start (ProprioCameraMonitor  *self,
                              GError               **error)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started)
    {
      if (self->access == PROPRIO_CAMERA_ACCESS_REFUSED)
        ask_portal (self);
      return TRUE;
    }

  if (self->use_portal)
    {
      self->started = TRUE;
      ask_portal (self);
      return TRUE;
    }
  if (!start_direct (self, error))
    return FALSE;
  self->started = TRUE;
  return TRUE;
}

void
proprio_camera_monitor_stop (ProprioCameraMonitor *self)
{
  g_return_if_fail (PROPRIO_IS_CAMERA_MONITOR (self));

  if (!self->started)
    return;
  if (self->portal_cancel != NULL)
    {
      g_cancellable_cancel (self->portal_cancel);
      g_clear_object (&self->portal_cancel);
    }
  if (self->direct_running)
    {
      gst_device_monitor_stop (self->monitor);
      self->direct_running = FALSE;
    }
  g_clear_handle_id (&self->probe_timer, g_source_remove);
  gst_clear_object (&self->provider);
  if (self->pipewire_fd >= 0)
    {
      g_close (self->pipewire_fd, NULL);
      self->pipewire_fd = -1;
    }
  if (self->play_fd >= 0)
    {
      g_close (self->play_fd, NULL);
      self->play_fd = -1;
    }
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_list_store_remove_all (self->devices);
  self->started = FALSE;
  set_access (self, PROPRIO_CAMERA_ACCESS_DIRECT, NULL);
}

gboolean
proprio_camera_monitor_is_started (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), FALSE);

  return self->started;
}

void
proprio_camera_monitor_set_use_portal (ProprioCameraMonitor *self,
                                       gboolean              use_portal)
{
  g_return_if_fail (PROPRIO_IS_CAMERA_MONITOR (self));
  g_return_if_fail (!self->started);

  self->use_portal = !!use_portal;
}

ProprioCameraAccess
proprio_camera_monitor_get_access (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), PROPRIO_CAMERA_ACCESS_DIRECT);

  return self->access;
}

const char *
proprio_camera_monitor_get_access_message (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), NULL);

  return self->access_message;
}

GListModel *
proprio_camera_monitor_get_devices (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), NULL);

  return G_LIST_MODEL (self->devices);
}

GstDevice *
proprio_camera_monitor_find (ProprioCameraMonitor    *self,
                             const ProprioCameraSpec *spec)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);
      g_autofree char *path = NULL;
      g_autofree char *name = NULL;

      switch (spec->kind)
        {
        case PROPRIO_CAMERA_SOURCE_AUTO:
          return g_steal_pointer (&device);

        case PROPRIO_CAMERA_SOURCE_PATH:
          path = proprio_camera_device_dup_path (device);
          if (g_strcmp0 (path, spec->path) == 0)
            return g_steal_pointer (&device);
          break;

        case PROPRIO_CAMERA_SOURCE_NAME:
          name = gst_device_get_display_name (device);
          if (g_strcmp0 (name, spec->name) == 0)
            return g_steal_pointer (&device);
          break;

        case PROPRIO_CAMERA_SOURCE_TEST:
        case PROPRIO_CAMERA_SOURCE_SIM:
        case PROPRIO_CAMERA_SOURCE_NONE:
        default:
          return NULL;
        }
    }
  return NULL;
}

GstElement *
proprio_camera_monitor_create_element (ProprioCameraMonitor *self,
                                       GstDevice            *device)
{
  GstElement *element;

  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  element = gst_device_create_element (device, NULL);
  if (element != NULL && self->provider != NULL && self->play_fd >= 0
      && g_object_class_find_property (G_OBJECT_GET_CLASS (element), "fd") != NULL)
    g_object_set (element, "fd", self->play_fd, NULL);
  return element;
}

char *
proprio_camera_device_dup_path (GstDevice *device)
{
  g_autoptr(GstStructure) props = NULL;
  /* The V4L2 provider has used both names over the years. */
  static const char * const keys[] = { "api.v4l2.path", "device.path" };

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  props = gst_device_get_properties (device);
  if (props == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *path = gst_structure_get_string (props, keys[i]);

      if (path != NULL)
        return g_strdup (path);
    }
  return NULL;
}

GArray *
proprio_camera_device_list_modes (GstDevice *device)
{
  g_autoptr(GstCaps) caps = NULL;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  caps = gst_device_get_caps (device);
  if (caps == NULL)
    return g_array_new (FALSE, FALSE, sizeof (ProprioCameraMode));
  return proprio_camera_modes_from_caps (caps);
}
