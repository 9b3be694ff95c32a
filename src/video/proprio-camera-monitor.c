/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera-monitor"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-camera-monitor.h"

struct _ProprioCameraMonitor
{
  GObject           parent_instance;
  GstDeviceMonitor *monitor;
  GListStore       *devices;
  guint             bus_watch;
  gboolean          started;
};

G_DEFINE_FINAL_TYPE (ProprioCameraMonitor, proprio_camera_monitor, G_TYPE_OBJECT)

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
      if (!find_device (self, device, &position))
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

  G_OBJECT_CLASS (proprio_camera_monitor_parent_class)->dispose (object);
}

static void
proprio_camera_monitor_class_init (ProprioCameraMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = proprio_camera_monitor_dispose;
}

static void
proprio_camera_monitor_init (ProprioCameraMonitor *self)
{
  self->devices = g_list_store_new (GST_TYPE_DEVICE);
}

ProprioCameraMonitor *
proprio_camera_monitor_new (void)
{
  return g_object_new (PROPRIO_TYPE_CAMERA_MONITOR, NULL);
}

gboolean
proprio_camera_monitor_start (ProprioCameraMonitor  *self,
                              GError               **error)
{
  g_autoptr(GstBus) bus = NULL;
  GList *list;

  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started)
    return TRUE;

  if (self->monitor == NULL)
    {
      self->monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (self->monitor, "Video/Source", NULL);
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
  self->started = TRUE;

  /* The devices present at start come back from get_devices(), not as bus messages. */
  list = gst_device_monitor_get_devices (self->monitor);
  for (GList *l = list; l != NULL; l = l->next)
    {
      guint position;

      if (!find_device (self, l->data, &position))
        g_list_store_append (self->devices, l->data);
    }
  g_list_free_full (list, gst_object_unref);
  return TRUE;
}

void
proprio_camera_monitor_stop (ProprioCameraMonitor *self)
{
  g_return_if_fail (PROPRIO_IS_CAMERA_MONITOR (self));

  if (!self->started)
    return;
  gst_device_monitor_stop (self->monitor);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_list_store_remove_all (self->devices);
  self->started = FALSE;
}

gboolean
proprio_camera_monitor_is_started (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), FALSE);

  return self->started;
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
