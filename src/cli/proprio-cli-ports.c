/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "devices/proprio-port-list.h"
#include "devices/proprio-transport.h"
#include "proprio-cli.h"

int
proprio_cli_ports (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ports = NULL;

  /* For the usage line: GOption would otherwise name the program after argv[0], "ports". */
  if (g_get_prgname () == NULL)
    g_set_prgname ("proprio-cli ports");
  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("List the serial ports this computer has, with what "
                                           "they say they are (USB vendor and product ids, "
                                           "serial number)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("ports", "%s", error->message);
  if (argc > 1)
    return proprio_cli_usage_error ("ports", _("Unexpected argument “%s”"), argv[1]);

  ports = proprio_port_list_sync (&error);
  if (ports == NULL)
    {
      g_printerr ("proprio-cli ports: %s\n", error->message);
      return 1;
    }

  if (ports->len == 0)
    {
      g_print ("%s\n", _("No serial ports found. Plug the device in and switch it on; USB serial "
                         "devices appear as /dev/ttyACM… or /dev/ttyUSB…."));
      return 0;
    }

  for (guint i = 0; i < ports->len; i++)
    {
      ProprioPortInfo *info = g_ptr_array_index (ports, i);
      g_autofree char *line = proprio_port_info_describe (info);
      g_autofree char *notice = proprio_transport_check_latency_timer (info->path, NULL);

      g_print ("%s\n", line);
      if (notice != NULL)
        g_print ("  %s\n", notice);
    }
  return 0;
}
