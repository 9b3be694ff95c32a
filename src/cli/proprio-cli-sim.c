/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>

#include "devices/proprio-simulator.h"
#include "proprio-cli.h"

typedef struct
{
  GMainLoop *loop;
  guint      timeout_id;
} SimRun;

static gboolean
on_signal (gpointer user_data)
{
  SimRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  SimRun *run = user_data;

  run->timeout_id = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

int
proprio_cli_sim (int argc, char **argv)
{
  g_autofree char *device = NULL;
  g_autofree char *link = NULL;
  double rate = 0.0, duration = 0.0;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "device", 'd', 0, G_OPTION_ARG_STRING, &device,
      N_("What to simulate: balance, emg, cyton or angle"), N_("KIND") },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate,
      N_("Samples per second (default: balance 100, emg 500, cyton 250, angle 50)"), N_("HZ") },
    { "link", 'l', 0, G_OPTION_ARG_FILENAME, &link,
      N_("Keep a symlink at PATH pointing to the pseudo-terminal"), N_("PATH") },
    { "duration", 't', 0, G_OPTION_ARG_DOUBLE, &duration,
      N_("Stop after S seconds (default: run until interrupted)"), N_("S") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the random signals (same seed, same data)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioSimulator) simulator = NULL;
  SimRun run = { NULL, 0 };
  ProprioSimKind kind;
  guint sigint_id, sigterm_id;

  /* For the usage line: GOption would otherwise name the program after argv[0], "sim". */
  if (g_get_prgname () == NULL)
    g_set_prgname ("proprio-cli sim");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Simulate a device on a pseudo-terminal. Prints the terminal’s "
                                  "path, then speaks the device’s real protocol (a Cyton waits "
                                  "for “b”) until interrupted."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("sim", "%s", error->message);
  if (argc > 1)
    return proprio_cli_usage_error ("sim", _("Unexpected argument “%s”"), argv[1]);
  if (device == NULL)
    return proprio_cli_usage_error ("sim", _("Say what to simulate with --device balance, emg, "
                                             "cyton or angle"));
  if (!proprio_sim_kind_from_string (device, &kind))
    return proprio_cli_usage_error ("sim", _("Unknown device “%s” (use balance, emg, cyton or "
                                             "angle)"), device);
  if (rate == 0.0)
    rate = proprio_sim_kind_default_rate (kind);
  if (!(rate >= 1.0 && rate <= 2000.0))
    return proprio_cli_usage_error ("sim", _("The rate must be between 1 and 2000 samples per "
                                             "second"));
  if (!(duration >= 0.0 && duration <= 7 * 24 * 3600.0))
    return proprio_cli_usage_error ("sim", _("The duration must be a positive number of "
                                             "seconds"));
  if (seed < 0 || seed > G_MAXUINT32)
    return proprio_cli_usage_error ("sim", _("The seed must be between 0 and %u"), G_MAXUINT32);

  simulator = proprio_simulator_new (kind, rate, (guint32) seed);
  if (!proprio_simulator_start (simulator, &error) ||
      (link != NULL && !proprio_simulator_link (simulator, link, &error)))
    {
      g_printerr ("proprio-cli sim: %s\n", error->message);
      return 1;
    }

  /* The path is what scripts wait for: print it alone on stdout, at once. */
  g_print ("%s\n", proprio_simulator_get_path (simulator));
  fflush (stdout);
  g_printerr (_("Simulating %s at %g samples per second on %s%s%s. Press Ctrl+C to stop.\n"),
              device, rate, proprio_simulator_get_path (simulator),
              link != NULL ? " ← " : "", link != NULL ? link : "");

  run.loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &run);
  if (duration > 0.0)
    run.timeout_id = g_timeout_add ((guint) (duration * 1000.0 + 0.5), on_timeout, &run);
  g_main_loop_run (run.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run.timeout_id, g_source_remove);
  g_main_loop_unref (run.loop);

  /* Closes the pty (readers see the device unplugged) and removes the link. */
  proprio_simulator_stop (simulator);
  g_printerr (_("Sent %llu samples (%llu dropped because nobody was reading).\n"),
              (unsigned long long) proprio_simulator_get_sent (simulator),
              (unsigned long long) proprio_simulator_get_dropped (simulator));
  return 0;
}
