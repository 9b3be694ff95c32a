/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera-monitor"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>

#include "proprio-camera-monitor.h"
#include "proprio-camera-portal.h"

#define CAMERA_CLASSES    "Video/Source"
#define PIPEWIRE_PROVIDER "pipewiredeviceprovider"
#define PORTAL_PROBE_S    3

struct _ProprioCameraMonitor
{
  GObject             parent_instance;
  GstDeviceMonitor   *monitor;     /* direct access, once started on the worker */
  gboolean            direct_running;
  guint               probe_timer;
  gboolean            probing;     /* a portal probe is on the worker */
  GListStore         *devices;
  guint               bus_watch;
  gboolean            started;
  gboolean            ready;       /* the list holds what the first look found */
  guint               generation;  /* bumped by stop: older answers of the worker are stale */

  gboolean            use_portal;
  ProprioCameraAccess access;
  char               *access_message;
  GCancellable       *portal_cancel;  /* while the portal is asked */
  int                 pipewire_fd;    /* the portal's connection: probes list cameras on it */
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
  PROP_READY,
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
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
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
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
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
set_ready (ProprioCameraMonitor *self,
           gboolean              ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
add_devices (ProprioCameraMonitor *self,
             GList                *list)
{
  for (GList *l = list; l != NULL; l = l->next)
    {
      guint position;

      if (gst_device_has_classes (l->data, CAMERA_CLASSES)
          && !find_device (self, l->data, &position))
        g_list_store_append (self->devices, l->data);
    }
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

/* Brings the list up to date with the cameras a probe found: cameras gone are removed, new
 * ones added, the others kept as they are. */
static void
update_from_probe (ProprioCameraMonitor *self,
                   GList                *cameras)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

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
}

/* --- the worker ---
 *
 * Starting a GstDeviceMonitor loads the providers' plugins, reads udev and connects to
 * PipeWire; stopping one disconnects; a portal probe connects, lists and disconnects. Each can
 * take long enough to freeze the window, so they run on a worker thread. One thread, shared by
 * all monitors, runs them in order: a monitor stopped is stopped before the next one starts,
 * and the PipeWire provider (one object per process) is never probed twice at once. Jobs copy
 * what they need and never touch the monitor; their answers come back on the monitor's main
 * context through a weak reference, with the generation they were asked in: an answer to a
 * monitor stopped (or gone) since is dropped, and a device monitor it started is sent back to
 * be stopped. */

typedef enum
{
  JOB_START_DIRECT,
  JOB_STOP_DIRECT,
  JOB_PROBE,
} MonitorJobKind;

typedef struct
{
  MonitorJobKind    kind;
  GWeakRef          owner;
  GMainContext     *context;
  guint             generation;
  gboolean          first;           /* JOB_PROBE: the first, which also checks the plugin */
  int               fd;              /* JOB_PROBE: a copy of the portal's connection */
  GstDeviceMonitor *device_monitor;  /* JOB_START_DIRECT: made; JOB_STOP_DIRECT: to stop */
  gboolean          ok;
  GList            *devices;         /* found: GstDevice, a reference each */
} MonitorJob;

static void
monitor_job_free (gpointer data)
{
  MonitorJob *job = data;

  g_weak_ref_clear (&job->owner);
  g_clear_pointer (&job->context, g_main_context_unref);
  if (job->fd >= 0)
    g_close (job->fd, NULL);
  gst_clear_object (&job->device_monitor);
  g_list_free_full (job->devices, gst_object_unref);
  g_free (job);
}

static MonitorJob *
monitor_job_new (ProprioCameraMonitor *self,
                 MonitorJobKind        kind)
{
  MonitorJob *job = g_new0 (MonitorJob, 1);

  job->kind = kind;
  g_weak_ref_init (&job->owner, self);
  job->context = g_main_context_ref_thread_default ();
  job->generation = self ? self->generation : 0;
  job->fd = -1;
  return job;
}

/* Lists the portal's cameras once: the provider is probed, not started (a started PipeWire
 * provider crashed in its own stop when the portal's connection was busy), so the list is
 * brought up to date every PORTAL_PROBE_S seconds instead of by events. */
static void
probe_in_worker (MonitorJob *job)
{
  g_autoptr(GstDeviceProvider) provider = NULL;
  GList *found;

  provider = gst_device_provider_factory_get_by_name (PIPEWIRE_PROVIDER);
  if (provider == NULL
      || g_object_class_find_property (G_OBJECT_GET_CLASS (provider), "fd") == NULL)
    return;
  /* The provider connects on a copy of its own of this descriptor, and lets it go after. */
  g_object_set (provider, "fd", job->fd, NULL);
  found = gst_device_provider_get_devices (provider);
  for (GList *l = found; l != NULL; l = l->next)
    if (gst_device_has_classes (l->data, CAMERA_CLASSES))
      job->devices = g_list_prepend (job->devices, gst_object_ref (l->data));
  job->devices = g_list_reverse (job->devices);
  g_list_free_full (found, gst_object_unref);
  job->ok = TRUE;
}

static gboolean monitor_job_answer (gpointer data);

static void
monitor_worker_run (gpointer data,
                    gpointer user_data)
{
  MonitorJob *job = data;
  g_autoptr(GSource) answer = NULL;

  switch (job->kind)
    {
    case JOB_START_DIRECT:
      job->device_monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (job->device_monitor, CAMERA_CLASSES, NULL);
      job->ok = gst_device_monitor_start (job->device_monitor);
      /* The devices present at start come from get_devices(), not as bus messages. */
      if (job->ok)
        job->devices = gst_device_monitor_get_devices (job->device_monitor);
      break;

    case JOB_STOP_DIRECT:
      gst_device_monitor_stop (job->device_monitor);
      monitor_job_free (job);
      return;

    case JOB_PROBE:
    default:
      probe_in_worker (job);
      break;
    }

  /* An idle source, so that the answer runs on the monitor's thread, never here. */
  answer = g_idle_source_new ();
  g_source_set_name (answer, "[proprio] camera monitor answer");
  g_source_set_callback (answer, monitor_job_answer, job, monitor_job_free);
  g_source_attach (answer, job->context);
}

static void
monitor_worker_push (MonitorJob *job)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (monitor_worker_run, NULL, 1, FALSE, NULL));
  g_thread_pool_push (pool, job, NULL);
}

static void
stop_direct_later (GstDeviceMonitor *device_monitor)
{
  MonitorJob *job = monitor_job_new (NULL, JOB_STOP_DIRECT);

  job->device_monitor = device_monitor;
  monitor_worker_push (job);
}

static void
start_direct (ProprioCameraMonitor *self)
{
  monitor_worker_push (monitor_job_new (self, JOB_START_DIRECT));
}

static void
direct_started (ProprioCameraMonitor *self,
                MonitorJob           *job)
{
  g_autoptr(GstBus) bus = NULL;

  if (!job->ok)
    {
      /* Nothing to list: an empty list, which the camera reads as "no camera". */
      g_debug ("Cannot look for cameras: no camera support is installed (GStreamer "
               "Video4Linux or PipeWire plugins)");
      set_ready (self, TRUE);
      return;
    }
  self->monitor = g_steal_pointer (&job->device_monitor);
  self->direct_running = TRUE;
  /* Hot-plug messages posted since it started wait on the bus; those of devices already
   * listed are recognised as such. */
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  add_devices (self, job->devices);
  set_ready (self, TRUE);
}

static void
close_portal_fds (ProprioCameraMonitor *self)
{
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
}

/* Granted, but the portal's cameras cannot be listed: open cameras directly. */
static void
portal_unusable (ProprioCameraMonitor *self,
                 const char           *why)
{
  g_debug ("cameras are opened directly: %s", why);
  close_portal_fds (self);
  set_access (self, PROPRIO_CAMERA_ACCESS_DIRECT, NULL);
  start_direct (self);
}

static void
queue_probe (ProprioCameraMonitor *self,
             gboolean              first)
{
  MonitorJob *job;
  int fd;

  if (self->probing || self->pipewire_fd < 0)
    return;
  fd = fcntl (self->pipewire_fd, F_DUPFD_CLOEXEC, 3);
  if (fd < 0)
    {
      g_debug ("cannot list the portal's cameras: %s", g_strerror (errno));
      if (first)
        portal_unusable (self, "no copy of the portal's connection");
      return;
    }
  job = monitor_job_new (self, JOB_PROBE);
  job->first = first;
  job->fd = fd;
  self->probing = TRUE;
  monitor_worker_push (job);
}

static gboolean
on_probe_timer (gpointer user_data)
{
  queue_probe (user_data, FALSE);
  return G_SOURCE_CONTINUE;
}

static void
probed (ProprioCameraMonitor *self,
        MonitorJob           *job)
{
  self->probing = FALSE;
  if (!job->ok)
    {
      if (job->first)
        portal_unusable (self, "the camera portal needs GStreamer's PipeWire plugin (version "
                               "0.3.30 or newer)");
      return;
    }
  update_from_probe (self, job->devices);
  if (job->first)
    {
      g_debug ("cameras come through the camera portal");
      self->probe_timer = g_timeout_add_seconds (PORTAL_PROBE_S, on_probe_timer, self);
      set_ready (self, TRUE);
      set_access (self, PROPRIO_CAMERA_ACCESS_PORTAL, NULL);
    }
}

static gboolean
monitor_job_answer (gpointer data)
{
  MonitorJob *job = data;
  g_autoptr(ProprioCameraMonitor) self = g_weak_ref_get (&job->owner);
  gboolean current = self != NULL && self->started && job->generation == self->generation;

  switch (job->kind)
    {
    case JOB_START_DIRECT:
      if (current)
        direct_started (self, job);
      else if (job->ok)
        stop_direct_later (g_steal_pointer (&job->device_monitor));
      break;

    case JOB_PROBE:
      if (current)
        probed (self, job);
      break;

    case JOB_STOP_DIRECT:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* --- the portal --- */

static void
on_play_remote_opened (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ProprioCameraMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = proprio_camera_portal_open_remote_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->portal_cancel);
  if (!self->started)
    {
      if (fd >= 0)
        g_close (fd, NULL);
      return;
    }
  if (fd < 0)
    g_debug ("cameras play on the listing connection: %s", error->message);
  self->play_fd = fd;
  queue_probe (self, TRUE);
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
  if (!self->started)
    {
      if (fd >= 0)
        g_close (fd, NULL);
      g_clear_object (&self->portal_cancel);
      return;
    }

  if (fd >= 0)
    {
      /* Granted. A second connection for playing, then the first list of cameras; access
       * turns PORTAL with that list in place. */
      self->pipewire_fd = fd;
      proprio_camera_portal_open_remote_async (NULL, self->portal_cancel, on_play_remote_opened,
                                               g_object_ref (self));
      return;
    }
  g_clear_object (&self->portal_cancel);
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

  /* No portal, or one without cameras: open cameras directly. */
  g_debug ("cameras are opened directly: %s", error->message);
  set_access (self, PROPRIO_CAMERA_ACCESS_DIRECT, NULL);
  start_direct (self);
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

  self->started = TRUE;
  if (self->use_portal)
    ask_portal (self);
  else
    start_direct (self);
  return TRUE;
}

void
proprio_camera_monitor_stop (ProprioCameraMonitor *self)
{
  g_return_if_fail (PROPRIO_IS_CAMERA_MONITOR (self));

  if (!self->started)
    return;
  /* Whatever the worker is doing for this start will not count. */
  self->generation++;
  if (self->portal_cancel != NULL)
    {
      g_cancellable_cancel (self->portal_cancel);
      g_clear_object (&self->portal_cancel);
    }
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->direct_running)
    {
      stop_direct_later (g_steal_pointer (&self->monitor));
      self->direct_running = FALSE;
    }
  gst_clear_object (&self->monitor);
  g_clear_handle_id (&self->probe_timer, g_source_remove);
  self->probing = FALSE;
  close_portal_fds (self);
  g_list_store_remove_all (self->devices);
  self->started = FALSE;
  set_ready (self, FALSE);
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
  int fd;

  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  element = gst_device_create_element (device, NULL);
  fd = self->play_fd >= 0 ? self->play_fd : self->pipewire_fd;
  if (element != NULL && fd >= 0
      && g_object_class_find_property (G_OBJECT_GET_CLASS (element), "fd") != NULL)
    g_object_set (element, "fd", fd, NULL);
  return element;
}

int
proprio_camera_monitor_dup_play_fd (ProprioCameraMonitor *self)
{
  int fd;

  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), -1);

  fd = self->play_fd >= 0 ? self->play_fd : self->pipewire_fd;
  return fd >= 0 ? fcntl (fd, F_DUPFD_CLOEXEC, 3) : -1;
}

gboolean
proprio_camera_monitor_is_ready (ProprioCameraMonitor *self)
{
  g_return_val_if_fail (PROPRIO_IS_CAMERA_MONITOR (self), FALSE);

  return self->ready;
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
