/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "core/proprio-jps.h"
#include "core/proprio-table-reader.h"
#include "proprio-cli-metrics-jps.h"
#include "exercises/proprio-variant-json.h"
#include "proprio-cli.h"

#define JPS_COMMAND "metrics jps"

#define TARGET_COLUMN     "target_deg"
#define REPRODUCED_COLUMN "reproduced_deg"
#define ID_COLUMN         "target_id"
#define VALID_COLUMN      "valid"

typedef struct
{
  GArray    *trials;   /* ProprioJpsTrial; target_id points into ids */
  GPtrArray *ids;      /* owned strings */
  gboolean   has_ids;
} JpsInput;

static void
jps_input_clear (JpsInput *in)
{
  g_clear_pointer (&in->trials, g_array_unref);
  g_clear_pointer (&in->ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (JpsInput, jps_input_clear)

static void
print_jps_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli metrics jps FILE [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n",
           _("Computes joint-position sense errors from a table of trials with a header row\n"
             "(comma, semicolon or tab; numbers with a decimal point). Columns: target_deg and\n"
             "reproduced_deg (degrees), optionally target_id (trials with the same id are one\n"
             "target; without it, trials with the same target angle are) and valid (1 or 0;\n"
             "0 rows are excluded and counted). Per target and overall, with e = reproduced −\n"
             "target: CE, the constant error (mean e); AE, the absolute error (mean |e|); VE,\n"
             "the variable error (SD of e, divided by n); E, the total error √(CE² + VE²),\n"
             "the RMS of e."));
  fprintf (out, "%s\n", _("Options:"));
  fprintf (out, "  --json            %s\n", _("Print one JSON object instead of a table"));
  fprintf (out, "  -h, --help        %s\n\n", _("Show this help"));
  fprintf (out, "%s\n", _("JSON keys (degrees; null where a target has no valid trial):"));
  fprintf (out, "  {\"overall\": {\"n\", \"ce_deg\", \"ae_deg\", \"ve_deg\", \"e_deg\"},\n"
                "   \"targets\": {\"<target_id or target angle>\": {…the same keys…}}}\n");
}

/* Returns -1 on success, else the exit status (0 after --help, 2 after a usage error). */
static int
parse_jps_options (int        argc,
                   char     **argv,
                   char     **file,
                   gboolean  *json)
{
  gboolean help = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  return proprio_cli_parse_file_command (JPS_COMMAND, argc, argv, entries, &help, print_jps_help,
                                         file);
}

static gboolean
read_angle (ProprioTableReader  *reader,
            guint                column,
            const char          *name,
            double              *out,
            GError             **error)
{
  guint line = proprio_table_reader_get_line (reader);

  if (proprio_table_reader_field_is_empty (reader, column))
    {
      g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE,
                   _("line %u: column “%s” is empty; mark a trial without a result with "
                     "valid = 0"), line, name);
      return FALSE;
    }
  if (!proprio_table_reader_get_double (reader, column, out, error))
    return FALSE;
  if (!isfinite (*out))
    {
      g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE,
                   _("line %u: the value in column “%s” is not a finite number"), line, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_valid (ProprioTableReader  *reader,
            guint                column,
            gboolean            *out,
            GError             **error)
{
  g_autofree char *text = g_strstrip (g_strdup (proprio_table_reader_get_field (reader, column)));

  if (g_str_equal (text, "1"))
    *out = TRUE;
  else if (g_str_equal (text, "0"))
    *out = FALSE;
  else
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NOT_A_NUMBER,
                   _("line %u: column “%s” must be 1 (valid trial) or 0 (excluded), not “%s”"),
                   proprio_table_reader_get_line (reader), VALID_COLUMN, shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_jps_input (const char  *file,
                JpsInput    *in,
                GError     **error)
{
  g_autoptr(ProprioTableReader) reader = NULL;
  guint tc, rc;
  int idc, vc;

  reader = proprio_table_reader_new_for_path (file, error);
  if (reader == NULL)
    return FALSE;
  if (!proprio_table_reader_lookup_column (reader, TARGET_COLUMN, &tc, error)
      || !proprio_table_reader_lookup_column (reader, REPRODUCED_COLUMN, &rc, error))
    return FALSE;
  idc = proprio_table_reader_find_column (reader, ID_COLUMN);
  vc = proprio_table_reader_find_column (reader, VALID_COLUMN);
  in->has_ids = idc >= 0;

  in->trials = g_array_new (FALSE, TRUE, sizeof (ProprioJpsTrial));
  in->ids = g_ptr_array_new_with_free_func (g_free);

  while (proprio_table_reader_next_row (reader, error))
    {
      ProprioJpsTrial trial = { NAN, NAN, TRUE, NULL };

      if (vc >= 0 && !read_valid (reader, vc, &trial.valid, error))
        return FALSE;
      if (idc >= 0)
        {
          char *id = g_strstrip (g_strdup (proprio_table_reader_get_field (reader, idc)));

          if (*id == '\0')
            {
              g_free (id);
              g_set_error (error, PROPRIO_TABLE_READER_ERROR,
                           PROPRIO_TABLE_READER_ERROR_MISSING_COLUMN,
                           _("line %u: column “%s” is empty; every trial needs its target"),
                           proprio_table_reader_get_line (reader), ID_COLUMN);
              return FALSE;
            }
          g_ptr_array_add (in->ids, id);
          trial.target_id = id;
        }

      if (trial.valid)
        {
          if (!read_angle (reader, tc, TARGET_COLUMN, &trial.target_deg, error)
              || !read_angle (reader, rc, REPRODUCED_COLUMN, &trial.reproduced_deg, error))
            return FALSE;
        }
      else
        {
          /* An excluded trial may have no result at all; its target still names its group
           * when it can be read. */
          g_autoptr(GError) ignored = NULL;

          if (!proprio_table_reader_get_double (reader, tc, &trial.target_deg, &ignored))
            trial.target_deg = NAN;
        }
      g_array_append_val (in->trials, trial);
    }
  return error == NULL || *error == NULL;
}

static void
json_number (GString *out,
             double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN: a target without valid trials has null metrics. */
  if (isfinite (value))
    g_string_append (out, proprio_jps_format_number (value, buf));
  else
    g_string_append (out, "null");
}

static void
json_string (GString    *out,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  proprio_json_append_string (out, valid);
}

static void
json_metrics (GString                 *out,
              const ProprioJpsMetrics *m)
{
  g_string_append_printf (out, "{\"n\": %u, \"ce_deg\": ", m->n);
  json_number (out, m->ce_deg);
  g_string_append (out, ", \"ae_deg\": ");
  json_number (out, m->ae_deg);
  g_string_append (out, ", \"ve_deg\": ");
  json_number (out, m->ve_deg);
  g_string_append (out, ", \"e_deg\": ");
  json_number (out, m->e_deg);
  g_string_append_c (out, '}');
}

static void
print_json (const ProprioJpsResult *result)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"overall\": ");

  json_metrics (out, &result->overall);
  g_string_append (out, ",\n  \"targets\": {");
  for (guint i = 0; i < result->targets->len; i++)
    {
      const ProprioJpsTarget *t = &g_array_index (result->targets, ProprioJpsTarget, i);

      g_string_append (out, i == 0 ? "\n    " : ",\n    ");
      json_string (out, t->key);
      g_string_append (out, ": ");
      json_metrics (out, &t->metrics);
    }
  g_string_append (out, result->targets->len > 0 ? "\n  }\n}\n" : "}\n}\n");
  fputs (out->str, stdout);
}

/* Pads by characters, not bytes, so ids and translated labels with accents still line up. */
static void
print_padded (const char *text,
              int         width)
{
  long pad = width - g_utf8_strlen (text, -1);

  fputs (text, stdout);
  for (long i = 0; i < pad; i++)
    fputc (' ', stdout);
}

static void
print_value (double value)
{
  if (isnan (value))
    printf ("%12s", "–");   /* 3 bytes, 1 column: lines up with %10.3f */
  else
    printf ("%10.3f", value);
}

static void
print_metrics_row (const char              *label,
                   const ProprioJpsMetrics *m)
{
  g_autofree char *shown = g_utf8_make_valid (label, -1);

  print_padded (shown, 20);
  printf ("%4u%10u", m->n, m->n_excluded);
  print_value (m->ce_deg);
  print_value (m->ae_deg);
  print_value (m->ve_deg);
  print_value (m->e_deg);
  fputc ('\n', stdout);
}

static void
print_table (const ProprioJpsResult *result,
             const JpsInput         *in,
             const char             *file)
{
  g_autofree char *name = g_filename_display_basename (file);

  printf (_("Joint-position sense errors of %s (e = reproduced − target, degrees)\n\n"), name);
  print_padded (in->has_ids ? _("Target") : _("Target (°)"), 20);
  printf ("%4s", "n");
  printf ("%10s", _("excluded"));
  printf ("%10s%10s%10s%10s\n", "CE", "AE", "VE", "E");
  for (guint i = 0; i < result->targets->len; i++)
    {
      const ProprioJpsTarget *t = &g_array_index (result->targets, ProprioJpsTarget, i);

      print_metrics_row (t->key, &t->metrics);
    }
  print_metrics_row (_("Overall"), &result->overall);
  printf ("\n%s\n", _("CE constant error (mean e), AE absolute error (mean |e|), VE variable "
                      "error (SD of e, divided by n), E total error √(CE² + VE²)."));
}

int
proprio_cli_metrics_jps (int    argc,
                         char **argv)
{
  g_autofree char *file = NULL;
  g_auto(JpsInput) in = { 0 };
  g_autoptr(ProprioJpsResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;

  g_return_val_if_fail (argc >= 1 && argv != NULL, 2);

  status = parse_jps_options (argc, argv, &file, &json);
  if (status >= 0)
    return status;

  if (!read_jps_input (file, &in, &error))
    {
      g_printerr ("proprio-cli %s: %s\n", JPS_COMMAND, error->message);
      return 1;
    }

  result = proprio_jps_analyse ((const ProprioJpsTrial *) (void *) in.trials->data,
                                in.trials->len, &error);
  if (result == NULL)
    {
      g_autofree char *name = g_filename_display_name (file);

      g_printerr ("proprio-cli %s: %s: %s\n", JPS_COMMAND, name, error->message);
      return 1;
    }

  if (json)
    print_json (result);
  else
    print_table (result, &in, file);
  return 0;
}
