/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-port-list"

#include "config.h"

#include <glib/gi18n.h>
#include <libserialport.h>
#include <stdlib.h>
#include <string.h>

#include "proprio-port-list.h"
#include "proprio-transport.h"

void
proprio_port_info_free (ProprioPortInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->description);
  g_free (info->transport);
  g_free (info->manufacturer);
  g_free (info->product);
  g_free (info->serial);
  g_free (info);
}

ProprioPortInfo *
proprio_port_info_copy (const ProprioPortInfo *info)
{
  ProprioPortInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (ProprioPortInfo, 1);
  *copy = *info;
  copy->path = g_strdup (info->path);
  copy->description = g_strdup (info->description);
  copy->transport = g_strdup (info->transport);
  copy->manufacturer = g_strdup (info->manufacturer);
  copy->product = g_strdup (info->product);
  copy->serial = g_strdup (info->serial);
  return copy;
}

char *
proprio_port_info_describe (const ProprioPortInfo *info)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  out = g_string_new (info->path);
  if (info->description != NULL && info->description[0] != '\0')
    g_string_append_printf (out, " — %s", info->description);
  if (info->usb_vid >= 0)
    {
      g_string_append_printf (out, " (USB %04x:%04x", (guint) info->usb_vid, (guint) info->usb_pid);
      if (info->serial != NULL && info->serial[0] != '\0')
        g_string_append_printf (out, _(", serial %s"), info->serial);
      g_string_append_c (out, ')');
    }
  else if (info->transport != NULL)
    g_string_append_printf (out, " (%s)", info->transport);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
transport_name (enum sp_transport transport)
{
  switch (transport)
    {
    case SP_TRANSPORT_USB: return "usb";
    case SP_TRANSPORT_BLUETOOTH: return "bluetooth";
    case SP_TRANSPORT_NATIVE:
    default: return "native";
    }
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const ProprioPortInfo *pa = *(ProprioPortInfo * const *) a;
  const ProprioPortInfo *pb = *(ProprioPortInfo * const *) b;

  return strcmp (pa->path, pb->path);
}

static ProprioPortInfo *
info_from_port (struct sp_port *port)
{
  ProprioPortInfo *info = g_new0 (ProprioPortInfo, 1);
  const char *description = sp_get_port_description (port);
  enum sp_transport transport = sp_get_port_transport (port);

  info->path = g_strdup (sp_get_port_name (port));
  info->description = g_strdup (description != NULL ? description : "");
  info->transport = g_strdup (transport_name (transport));
  info->usb_vid = info->usb_pid = -1;
  if (transport == SP_TRANSPORT_USB)
    {
      int vid = -1, pid = -1, bus = 0, address = 0;

      if (sp_get_port_usb_vid_pid (port, &vid, &pid) == SP_OK)
        {
          info->usb_vid = vid;
          info->usb_pid = pid;
        }
      if (sp_get_port_usb_bus_address (port, &bus, &address) == SP_OK)
        {
          info->usb_bus = MAX (bus, 0);
          info->usb_address = MAX (address, 0);
        }
      info->manufacturer = g_strdup (sp_get_port_usb_manufacturer (port));
      info->product = g_strdup (sp_get_port_usb_product (port));
      info->serial = g_strdup (sp_get_port_usb_serial (port));
    }
  return info;
}

GPtrArray *
proprio_port_list_sync (GError **error)
{
  g_autoptr(GPtrArray) ports = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_port_info_free);
  struct sp_port **list = NULL;
  enum sp_return r;

  r = sp_list_ports (&list);
  if (r != SP_OK)
    {
      char *message = sp_last_error_message ();

      g_set_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_FAILED,
                   _("Cannot list the serial ports: %s"), message != NULL ? message : "?");
      sp_free_error_message (message);
      return NULL;
    }

  for (guint i = 0; list[i] != NULL; i++)
    g_ptr_array_add (ports, info_from_port (list[i]));
  sp_free_port_list (list);

  g_ptr_array_sort (ports, compare_ports);
  return g_steal_pointer (&ports);
}

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *ports = proprio_port_list_sync (&error);

  if (ports == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ports, (GDestroyNotify) g_ptr_array_unref);
}

void
proprio_port_list_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, proprio_port_list_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_in_thread);
}

GPtrArray *
proprio_port_list_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == proprio_port_list_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

ProprioPortInfo *
proprio_port_info_for_path (const char *path)
{
  g_autofree char *resolved = NULL;
  struct sp_port *port = NULL;
  ProprioPortInfo *info;

  g_return_val_if_fail (path != NULL, NULL);

  /* libserialport finds a port by its device node's sysfs entry, not by a symlink to it. */
  resolved = realpath (path, NULL);
  if (resolved == NULL || proprio_transport_path_is_pty (resolved) ||
      sp_get_port_by_name (resolved, &port) != SP_OK)
    return NULL;
  info = info_from_port (port);
  sp_free_port (port);
  return info;
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

const ProprioPortInfo *
proprio_port_list_find_same_device (GPtrArray             *ports,
                                    const ProprioPortInfo *identity)
{
  const ProprioPortInfo *only = NULL, *at_old_path = NULL;
  guint n_candidates = 0;

  g_return_val_if_fail (ports != NULL, NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  /* A native or Bluetooth port has nothing that survives a replug but its path. */
  if (identity->usb_vid < 0 || identity->usb_pid < 0)
    return NULL;

  for (guint i = 0; i < ports->len; i++)
    {
      const ProprioPortInfo *port = g_ptr_array_index (ports, i);

      if (port->usb_vid != identity->usb_vid || port->usb_pid != identity->usb_pid)
        continue;
      if (is_set (identity->serial))
        {
          /* A serial number names one adapter: nothing else about it needs to match. */
          if (g_strcmp0 (port->serial, identity->serial) == 0)
            return port;
          continue;
        }
      /* Without one, an adapter with a serial number is surely another device, and so is one on
       * another bus (the address changes on every replug, so it cannot be compared). */
      if (is_set (port->serial))
        continue;
      if (identity->usb_bus > 0 && port->usb_bus > 0 && port->usb_bus != identity->usb_bus)
        continue;
      n_candidates++;
      only = port;
      if (g_strcmp0 (port->path, identity->path) == 0)
        at_old_path = port;
    }

  if (n_candidates == 1)
    return only;
  return at_old_path;
}
