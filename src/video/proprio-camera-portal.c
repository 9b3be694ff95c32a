/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera-portal"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <string.h>

#include "proprio-camera-portal.h"

#define PORTAL_NAME       "org.freedesktop.portal.Desktop"
#define PORTAL_PATH       "/org/freedesktop/portal/desktop"
#define CAMERA_INTERFACE  "org.freedesktop.portal.Camera"
#define REQUEST_INTERFACE "org.freedesktop.portal.Request"

/* A portal request's Response codes. */
#define RESPONSE_GRANTED   0
#define RESPONSE_CANCELLED 1

G_DEFINE_QUARK (proprio-camera-portal-error-quark, proprio_camera_portal_error)

gboolean
proprio_camera_portal_wanted (void)
{
  const char *env = g_getenv ("PROPRIO_CAMERA_PORTAL");

  if (env != NULL && *env != '\0')
    return g_str_equal (env, "1");
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* --- one request, step by step --- */

typedef struct
{
  GDBusConnection *connection;
  char            *handle;        /* the request object the answer comes from */
  guint            response_id;   /* its Response subscription */
  GSource         *cancel_source; /* while waiting for the answer */
} Request;

static void
request_stop_waiting (Request *r)
{
  if (r->response_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (r->connection, r->response_id);
      r->response_id = 0;
    }
  if (r->cancel_source != NULL)
    {
      g_source_destroy (r->cancel_source);
      g_clear_pointer (&r->cancel_source, g_source_unref);
    }
}

static void
request_free (Request *r)
{
  request_stop_waiting (r);
  g_clear_object (&r->connection);
  g_free (r->handle);
  g_free (r);
}

/* Most D-Bus errors mean "there is no camera portal here": no portal service, an old portal
 * without the camera interface, or a portal without a backend that can ask the user. A
 * cancellation stays one. */
static void
return_unavailable (GTask  *task,
                    GError *cause)
{
  g_autoptr(GError) error = cause;
  g_autofree char *remote = error ? g_dbus_error_get_remote_error (error) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("camera portal unavailable: %s (%s)", error ? error->message : "no camera",
           remote ? remote : "");
  g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                           PROPRIO_CAMERA_PORTAL_ERROR_UNAVAILABLE,
                           _("The camera portal is not available: %s"),
                           error ? error->message : _("it reports no camera"));
}

static void
on_open_remote (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint32 index = -1;
  int fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds,
                                                            result, &error);
  /* A cancellation stays one: the caller tells it from a failure. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (reply == NULL)
    {
      g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                               PROPRIO_CAMERA_PORTAL_ERROR_FAILED,
                               _("The camera portal could not connect to the cameras: %s"),
                               error->message);
      return;
    }
  g_variant_get (reply, "(h)", &index);
  fd = fds != NULL ? g_unix_fd_list_get (fds, index, &error) : -1;
  if (fd < 0)
    {
      g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                               PROPRIO_CAMERA_PORTAL_ERROR_FAILED,
                               _("The camera portal could not connect to the cameras: %s"),
                               error ? error->message : _("no connection was handed over"));
      return;
    }
  g_task_return_int (task, fd);
}

static void
open_remote (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  g_dbus_connection_call_with_unix_fd_list (r->connection, PORTAL_NAME, PORTAL_PATH,
                                            CAMERA_INTERFACE, "OpenPipeWireRemote",
                                            g_variant_new ("(a{sv})", NULL),
                                            G_VARIANT_TYPE ("(h)"),
                                            G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            g_task_get_cancellable (task),
                                            on_open_remote, g_object_ref (task));
}

static void
on_response (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);
  guint32 response = G_MAXUINT32;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;
  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  g_debug ("camera access: response %u", response);
  /* The subscription holds the task: keep it alive past the unsubscribe. */
  g_object_ref (task);
  request_stop_waiting (r);

  if (response == RESPONSE_GRANTED)
    open_remote (task);
  else if (response == RESPONSE_CANCELLED)
    g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                             PROPRIO_CAMERA_PORTAL_ERROR_REFUSED,
                             _("Access to the camera was refused"));
  else
    g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                             PROPRIO_CAMERA_PORTAL_ERROR_FAILED,
                             _("The camera portal could not ask for access to the camera. "
                               "Choose the camera again to retry."));
  g_object_unref (task);
}

static void
subscribe_response (GTask      *task,
                    const char *handle)
{
  Request *r = g_task_get_task_data (task);

  request_stop_waiting (r);
  g_free (r->handle);
  r->handle = g_strdup (handle);
  r->response_id = g_dbus_connection_signal_subscribe (r->connection, PORTAL_NAME,
                                                       REQUEST_INTERFACE, "Response", handle,
                                                       NULL, G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE,
                                                       on_response, g_object_ref (task),
                                                       g_object_unref);
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *r = g_task_get_task_data (task);

  /* Withdraw the question, so no dialog is left behind. */
  g_dbus_connection_call (r->connection, PORTAL_NAME, r->handle, REQUEST_INTERFACE, "Close",
                          NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
  g_object_ref (task);
  request_stop_waiting (r);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
on_access_camera (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *handle = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      request_stop_waiting (r);
      return_unavailable (task, g_steal_pointer (&error));
      return;
    }
  /* Portals older than the handle_token option answer on a path of their own choosing. */
  g_variant_get (reply, "(&o)", &handle);
  if (g_strcmp0 (handle, r->handle) != 0)
    subscribe_response (task, handle);

  if (cancellable != NULL)
    {
      r->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (r->cancel_source, G_SOURCE_FUNC (on_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (r->cancel_source, g_task_get_context (task));
    }
}

/* The request path the portal will use: the unique name without ':' and with '.' as '_'. */
static char *
request_path (GDBusConnection *connection,
              const char      *token)
{
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);

  g_strdelimit (sender, ".", '_');
  return g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
}

static void
access_camera (GTask *task)
{
  Request *r = g_task_get_task_data (task);
  g_autofree char *token = g_strdup_printf ("proprio%u", g_random_int ());
  g_autofree char *path = request_path (r->connection, token);
  GVariantBuilder options;

  /* Listen before asking: the answer can come before the call returns. */
  subscribe_response (task, path);
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_dbus_connection_call (r->connection, PORTAL_NAME, PORTAL_PATH, CAMERA_INTERFACE,
                          "AccessCamera", g_variant_new ("(a{sv})", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_access_camera, g_object_ref (task));
}

static void
on_camera_present (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_unavailable (task, g_steal_pointer (&error));
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) || !g_variant_get_boolean (value))
    {
      return_unavailable (task, NULL);
      return;
    }
  access_camera (task);
}

static void
ask_camera_present (GTask *task)
{
  Request *r = g_task_get_task_data (task);

  g_dbus_connection_call (r->connection, PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", CAMERA_INTERFACE, "IsCameraPresent"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_camera_present, g_object_ref (task));
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->connection = g_bus_get_finish (result, &error);
  if (r->connection == NULL)
    {
      return_unavailable (task, g_steal_pointer (&error));
      return;
    }
  ask_camera_present (task);
}

void
proprio_camera_portal_open_async (GDBusConnection     *connection,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *r;

  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_camera_portal_open_async);
  r = g_new0 (Request, 1);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);

  if (connection != NULL)
    {
      r->connection = g_object_ref (connection);
      ask_camera_present (task);
    }
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, g_object_ref (task));
}

int
proprio_camera_portal_open_finish (GAsyncResult  *result,
                                   GError       **error)
{
  gssize fd;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == proprio_camera_portal_open_async, -1);

  fd = g_task_propagate_int (G_TASK (result), error);
  return fd >= 0 ? (int) fd : -1;
}

static void
on_remote_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  r->connection = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (r->connection == NULL)
    {
      g_task_return_new_error (task, PROPRIO_CAMERA_PORTAL_ERROR,
                               PROPRIO_CAMERA_PORTAL_ERROR_FAILED,
                               _("The camera portal could not connect to the cameras: %s"),
                               error->message);
      return;
    }
  open_remote (task);
}

void
proprio_camera_portal_open_remote_async (GDBusConnection     *connection,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *r;

  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_camera_portal_open_remote_async);
  r = g_new0 (Request, 1);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);

  if (connection != NULL)
    {
      r->connection = g_object_ref (connection);
      open_remote (task);
    }
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_remote_bus, g_object_ref (task));
}

int
proprio_camera_portal_open_remote_finish (GAsyncResult  *result,
                                          GError       **error)
{
  gssize fd;

  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == proprio_camera_portal_open_remote_async, -1);

  fd = g_task_propagate_int (G_TASK (result), error);
  return fd >= 0 ? (int) fd : -1;
}
