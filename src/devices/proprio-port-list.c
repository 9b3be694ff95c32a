/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-port-list"

#include "config.h"

#include <glib/gi18n.h>
#include <libserialport.h>
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
    {
      ProprioPortInfo *info = g_new0 (ProprioPortInfo, 1);
      const char *description = sp_get_port_description (list[i]);
      enum sp_transport transport = sp_get_port_transport (list[i]);

      info->path = g_strdup (sp_get_port_name (list[i]));
      info->description = g_strdup (description != NULL ? description : "");
      info->transport = g_strdup (transport_name (transport));
      info->usb_vid = info->usb_pid = -1;
      if (transport == SP_TRANSPORT_USB)
        {
          int vid = -1, pid = -1;

          if (sp_get_port_usb_vid_pid (list[i], &vid, &pid) == SP_OK)
            {
              info->usb_vid = vid;
              info->usb_pid = pid;
            }
          info->manufacturer = g_strdup (sp_get_port_usb_manufacturer (list[i]));
          info->product = g_strdup (sp_get_port_usb_product (list[i]));
          info->serial = g_strdup (sp_get_port_usb_serial (list[i]));
        }
      g_ptr_array_add (ports, info);
    }
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
