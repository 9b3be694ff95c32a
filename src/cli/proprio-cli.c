/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "proprio-cli.h"

static const ProprioCliCommand commands[] = {
  { "ports",   N_("List serial ports"), proprio_cli_ports },
  { "sim",     N_("Run a simulated device on a pseudo-terminal"), proprio_cli_sim },
  { "record",  N_("Record a device to CSV"), proprio_cli_record },
  { "metrics", N_("Compute clinical metrics from a recording"), proprio_cli_metrics },
  { "patients", N_("List the patients in the records"), proprio_cli_patients },
  { "sessions", N_("List the recorded sessions"), proprio_cli_sessions },
  { "export",  N_("Export a session: CSV, EDF+, a PDF report or a snapshot bundle"),
    proprio_cli_export },
  { "trends",  N_("Show a patient’s progress across sessions"), proprio_cli_trends },
};

int
proprio_cli_usage_error (const char *command,
                         const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr ("proprio-cli %s: %s\n", command, message);
  else
    g_printerr ("proprio-cli: %s\n", message);
  g_printerr (_("Try “proprio-cli%s%s --help”.\n"), command ? " " : "", command ? command : "");
  return 2;
}

void
proprio_cli_print_padded (const char *label,
                          int         width)
{
  long pad = width - g_utf8_strlen (label, -1);

  fputs (label, stdout);
  for (long i = 0; i < pad; i++)
    fputc (' ', stdout);
}

void
proprio_cli_json_number (GString *out,
                         double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.9g", value)
                                         : "null");
}

int
proprio_cli_parse_file_command (const char          *command,
                                int                  argc,
                                char               **argv,
                                const GOptionEntry  *entries,
                                const gboolean      *help,
                                void               (*print_help) (FILE *out),
                                char               **file)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  guint n_args;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  /* Help is ours: GOption's would exit() from inside the library. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    return proprio_cli_usage_error (command, "%s", error->message);

  if (*help)
    {
      print_help (stdout);
      return 0;
    }

  n_args = g_strv_length (args);
  if (n_args < 2)
    return proprio_cli_usage_error (command, _("Missing the FILE to analyse"));
  if (n_args > 2)
    return proprio_cli_usage_error (command, _("Unexpected argument “%s”"), args[2]);
  *file = g_strdup (args[1]);
  return -1;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli [--version] [--help] %s\n\n%s\n",
           _("Usage:"), _("COMMAND [OPTIONS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “proprio-cli COMMAND --help” for the options of one command."));
}

int
proprio_cli_run (int argc, char **argv)
{
  const char *name;

  if (argc < 2)
    {
      print_help (stderr);
      return 2;
    }

  name = argv[1];
  if (g_str_equal (name, "--version") || g_str_equal (name, "-V"))
    {
      g_print ("proprio-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_help (stdout);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return commands[i].func (argc - 1, argv + 1);

  if (name[0] == '-')
    return proprio_cli_usage_error (NULL, _("Unknown option “%s”"), name);
  return proprio_cli_usage_error (NULL, _("Unknown command “%s”"), name);
}
