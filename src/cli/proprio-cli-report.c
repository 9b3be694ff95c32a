/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "proprio-cli.h"
#include "report/proprio-bundle.h"
#include "report/proprio-report.h"
#include "report/proprio-trends.h"

/* --- trends --- */

static void
print_trends_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli trends PATIENT [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n",
           _("Shows a patient’s progress across their sessions: per series one value a session\n"
             "and the change since the first session. Series: sway area (95 % prediction\n"
             "ellipse, mm²) and sway velocity (mm/s) per mCTSIB condition, the limits of\n"
             "stability’s maximum excursion (% of the target distance, mean over the\n"
             "directions), the weight-shift score (0–100), the activation reached (%MVC, mean\n"
             "peak of the reps) and the time in band (% of the work time) of activation drills,\n"
             "and the joint-position absolute error (degrees). Runs cancelled or still running\n"
             "are left out (the static test keeps its completed conditions); with several runs\n"
             "in one session the last counts."));
  fprintf (out, "%s\n", _("Options:"));
  fprintf (out, "  --until SESSION   %s\n", _("Only sessions up to this one"));
  fprintf (out, "  --json            %s\n", _("Print one JSON object instead of a table"));
  fprintf (out, "  -h, --help        %s\n\n", _("Show this help"));
  fprintf (out, "%s\n", _("JSON keys (null where undefined; every series is present):"));
  fprintf (out, "  {\"patient\", \"sessions\" (sessions looked at),\n"
                "   \"series\": [{\"id\", \"title\", \"unit\", \"better\" (\"lower\"|\"higher\"),\n"
                "               \"points\": [{\"session\", \"date\" (ISO 8601, UTC), \"value\"}],\n"
                "               \"first\", \"last\", \"change\" (last − first),"
                " \"change_percent\"}]}\n");
  fprintf (out, "%s\n", _("Series ids:"));
  fprintf (out, "  sway-area-<condition>, sway-velocity-<condition> (<condition>: eyes-open,\n"
                "  eyes-closed, foam-eyes-open, foam-eyes-closed), los-excursion,\n"
                "  weight-shift-score, mvc-reached, time-in-band, jps-absolute-error\n");
}

/* A figure in the user's locale with the precision that suits its size. */
static char *
format_value (double value)
{
  double magnitude = fabs (value);

  if (!isfinite (value))
    return g_strdup ("—");
  if (magnitude >= 100.0)
    return g_strdup_printf ("%.0f", value);
  if (magnitude >= 10.0)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.2f", value);
}

static void
print_trends_table (const ProprioTrends *trends)
{
  g_autoptr(GString) empty = g_string_new (NULL);
  guint shown = 0;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Patient %s: %u session\n",
                        "Patient %s: %u sessions\n", trends->n_sessions),
           trends->patient_id, trends->n_sessions);
  for (guint i = 0; i < trends->series->len; i++)
    {
      const ProprioTrendSeries *series = trends->series->pdata[i];
      double change, percent;

      if (series->points->len == 0)
        {
          g_string_append_printf (empty, "%s%s", empty->len > 0 ? ", " : "", series->title);
          continue;
        }
      shown++;
      g_print ("\n%s%s%s%s\n", series->title, *series->unit ? " (" : "", series->unit,
               *series->unit ? ")" : "");
      for (guint p = 0; p < series->points->len; p++)
        {
          const ProprioTrendPoint *point = &g_array_index (series->points, ProprioTrendPoint, p);
          g_autofree char *date = g_date_time_format (point->date, "%Y-%m-%d %H:%M");
          g_autofree char *value = format_value (point->value);

          g_print ("  %s  %10s  %s\n", date, value, point->session_id);
        }
      if (proprio_trend_series_get_change (series, &change, &percent))
        {
          g_autofree char *delta = format_value (change);
          g_autofree char *pct = isfinite (percent) ? g_strdup_printf (" (%+.0f %%)", percent)
                                                    : g_strdup ("");
          const char *verdict = change == 0.0 ? _("no change")
                                : proprio_trend_series_improved (series) ? _("better")
                                : _("worse");

          /* TRANSLATORS: e.g. "Change since the first session: -100 (-50 %), better" */
          g_print (_("  Change since the first session: %s%s%s, %s\n"),
                   change > 0 ? "+" : "", delta, pct, verdict);
        }
    }
  if (shown == 0)
    g_print ("\n%s\n", _("No session of this patient has a value for any series yet."));
  else if (empty->len > 0)
    g_print ("\n%s %s\n", _("No values yet:"), empty->str);
}

int
proprio_cli_trends (int    argc,
                    char **argv)
{
  gboolean json = FALSE, help = FALSE;
  g_autofree char *until = NULL;
  const GOptionEntry entries[] = {
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, NULL, NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(ProprioTrends) trends = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  /* Help is ours (with the JSON keys); GOption's would exit() from inside the library. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    return proprio_cli_usage_error ("trends", "%s", error->message);
  if (help)
    {
      print_trends_help (stdout);
      return 0;
    }
  if (g_strv_length (args) < 2)
    return proprio_cli_usage_error ("trends", _("Say whose trends to show: the patient’s ID, "
                                                "e.g. “trends P-07”"));
  if (g_strv_length (args) > 2)
    return proprio_cli_usage_error ("trends", _("Unexpected argument “%s”"), args[2]);

  store = proprio_cli_open_store ("trends");
  if (store == NULL)
    return 1;
  trends = proprio_trends_compute (store, args[1], until, &error);
  if (trends == NULL)
    {
      g_printerr ("proprio-cli trends: %s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autofree char *text = proprio_trends_to_json (trends);

      fputs (text, stdout);
    }
  else
    print_trends_table (trends);
  return 0;
}

/* --- export pdf | bundle --- */


static void
print_export_report_help (FILE       *out,
                          const char *format)
{
  gboolean pdf = g_str_equal (format, "pdf");

  fprintf (out, "%s\n  proprio-cli export %s SESSION --out %s [OPTIONS…]\n\n", _("Usage:"), format,
           pdf ? _("FILE") : _("FOLDER"));
  if (pdf)
    fprintf (out, "%s\n\n",
             _("Writes the session’s clinical report as PDF: the patient and the session, each\n"
               "exercise with its settings, figures and plots (statokinesigrams with the 95 %\n"
               "ellipse, stabilograms, the limits-of-stability polygon, EMG envelopes with the\n"
               "band and threshold, joint-position errors per trial), the patient’s trends up\n"
               "to this session and the methods. A session with a missing recording or no\n"
               "exercises gives a report that says what is missing."));
  else
    fprintf (out, "%s\n\n",
             _("Makes a snapshot bundle of the session inside FOLDER: a new folder named by the\n"
               "patient ID and the session’s start (a number is added when the name is taken)\n"
               "holding each stream as CSV, events.csv, exercises.json, session.json (settings,\n"
               "results, metrics and streams, in one JSON object), report.pdf and every figure\n"
               "of the report as PNG in figures/. Its path is printed on stdout."));
  fprintf (out, "%s\n", _("Options:"));
  fprintf (out, "  -O, --out %-8s %s\n", pdf ? _("FILE") : _("FOLDER"),
           pdf ? _("The new PDF file") : _("The folder to make the bundle in"));
  fprintf (out, "  -a, --anonymise   %s\n",
           _("Patient ID only: no name, birth date, session ID or dates"));
  fprintf (out, "  --paper a4|letter %s\n", _("Paper size (default: the locale’s)"));
  fprintf (out, "  --therapist NAME  %s\n", _("Who ran the session, for the report"));
  fprintf (out, "  --notes TEXT      %s\n", _("Notes printed on the report’s first page"));
  if (pdf)
    fprintf (out, "  -f, --force       %s\n",
             _("Replace an existing file at --out, once the report is written"));
  fprintf (out, "  -h, --help        %s\n", _("Show this help"));
}

static int
export_report (ProprioStore               *store,
               const char                 *command,
               const char                 *session_id,
               const char                 *out,
               gboolean                    pdf,
               const ProprioReportOptions *options)
{
  g_autoptr(GError) error = NULL;

  if (pdf)
    {
      guint pages = 0;

      if (!proprio_report_write_pdf (store, session_id, out, options, &pages, &error))
        {
          g_printerr ("proprio-cli %s: %s\n", command, error->message);
          return 1;
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote the report of session %s to %s (%u page)\n",
                               "Wrote the report of session %s to %s (%u pages)\n", pages),
                  session_id, out, pages);
    }
  else
    {
      g_autofree char *bundle = proprio_bundle_export (store, session_id, out, options, &error);

      if (bundle == NULL)
        {
          g_printerr ("proprio-cli %s: %s\n", command, error->message);
          return 1;
        }
      g_printerr (_("Made the bundle of session %s in %s\n"), session_id, bundle);
      g_print ("%s\n", bundle);
    }
  return 0;
}

int
proprio_cli_export_report (int    argc,
                           char **argv)
{
  const char *format = argv[1];
  gboolean pdf = g_str_equal (format, "pdf");
  g_autofree char *command = g_strconcat ("export ", format, NULL);
  g_autofree char *out = NULL, *paper = NULL, *therapist = NULL, *notes = NULL;
  gboolean anonymise = FALSE, force = FALSE, help = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out, NULL, NULL },
    { "anonymise", 'a', 0, G_OPTION_ARG_NONE, &anonymise, NULL, NULL },
    { "anonymize", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &anonymise, NULL, NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, NULL, NULL },
    { "therapist", 0, 0, G_OPTION_ARG_STRING, &therapist, NULL, NULL },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, NULL, NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  ProprioReportOptions options = { 0 };
  guint n_args;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    return proprio_cli_usage_error (command, "%s", error->message);
  if (help)
    {
      print_export_report_help (stdout, format);
      return 0;
    }
  /* args: "export", the format, the session. */
  n_args = g_strv_length (args);
  if (n_args < 3)
    return proprio_cli_usage_error (command, _("Say which session, e.g. “export %s "
                                               "20260101T090000Z-1A2B --out %s”"), format,
                                    pdf ? "report.pdf" : ".");
  if (n_args > 3)
    return proprio_cli_usage_error (command, _("Unexpected argument “%s”"), args[3]);
  if (out == NULL)
    return proprio_cli_usage_error (command, pdf ? _("Say where to write with --out FILE")
                                                 : _("Say where to make the bundle with --out "
                                                     "FOLDER"));
  if (!pdf && force)
    return proprio_cli_usage_error (command, _("A bundle never replaces anything: it gets a new "
                                               "name when its name is taken, so --force is not "
                                               "needed"));
  options.paper = proprio_paper_for_locale ();
  if (paper != NULL && !proprio_paper_from_string (paper, &options.paper))
    return proprio_cli_usage_error (command, _("Unknown paper “%s” (use a4 or letter)"), paper);
  options.anonymise = anonymise;
  options.replace = force;
  options.therapist = therapist;
  options.notes = notes;

  store = proprio_cli_open_store (command);
  if (store == NULL)
    return 1;
  return export_report (store, command, args[2], out, pdf, &options);
}
