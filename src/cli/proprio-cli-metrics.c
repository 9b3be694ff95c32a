/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/proprio-sway.h"
#include "core/proprio-table-reader.h"
#include "proprio-cli-metrics-jps.h"
#include "proprio-cli.h"
#include "proprio-cli-metrics-emg.h"

#define SWAY_COMMAND "metrics sway"

/* Column names of Proprio's own balance CSV. */
#define DEFAULT_TIME_COLUMN "t_us"
#define DEFAULT_X_COLUMN    "cop_x_mm"
#define DEFAULT_Y_COLUMN    "cop_y_mm"

/* Beyond ±2^53 µs a double no longer holds whole microseconds. */
#define MAX_ABS_TIME_US 9.0e15
/* A centre of pressure 1000 km from the origin is a wrong column or unit, not a posture; below it
 * every sum of squares and products the metrics take stays far inside the range of a double. */
#define MAX_ABS_COP_MM 1.0e9

/* The keys of --json, in order, for the output and for --help alike. */
#define METRIC(field) G_STRUCT_OFFSET (ProprioSwayMetrics, field)
static const struct
{
  const char *key;
  glong       offset;
} metric_keys[] = {
  { "duration_s", METRIC (duration_s) },
  { "path_length_mm", METRIC (path_length_mm) },
  { "path_length_ml_mm", METRIC (path_length_ml_mm) },
  { "path_length_ap_mm", METRIC (path_length_ap_mm) },
  { "mean_velocity_mm_s", METRIC (mean_velocity_mm_s) },
  { "mean_velocity_ml_mm_s", METRIC (mean_velocity_ml_mm_s) },
  { "mean_velocity_ap_mm_s", METRIC (mean_velocity_ap_mm_s) },
  { "rms_mm", METRIC (rms_mm) },
  { "rms_ml_mm", METRIC (rms_ml_mm) },
  { "rms_ap_mm", METRIC (rms_ap_mm) },
  { "sd_ml_mm", METRIC (sd_ml_mm) },
  { "sd_ap_mm", METRIC (sd_ap_mm) },
  { "range_ml_mm", METRIC (range_ml_mm) },
  { "range_ap_mm", METRIC (range_ap_mm) },
  { "mean_distance_mm", METRIC (mean_distance_mm) },
  { "ellipse95_area_mm2", METRIC (ellipse95.area) },
  { "ellipse95_major_mm", METRIC (ellipse95.major) },
  { "ellipse95_minor_mm", METRIC (ellipse95.minor) },
  { "ellipse95_angle_deg", METRIC (ellipse95.angle_deg) },
  { "confidence_ellipse95_area_mm2", METRIC (confidence_ellipse95_area_mm2) },
  { "mean_frequency_hz", METRIC (mean_frequency_hz) },
};
#undef METRIC
/* After the metrics: about the input and the window. */
static const char * const extra_keys[] = {
  "skipped_rows", "max_gap_s", "start_s", "end_s", "from_s", "to_s", "window_clipped",
  "lowpass_hz", "mean_ml_mm", "mean_ap_mm",
};

static double
metric_value (const ProprioSwayMetrics *m,
              guint                     i)
{
  return G_STRUCT_MEMBER (double, m, metric_keys[i].offset);
}

typedef struct
{
  /* As given on the command line (owned); NULL when absent. */
  char       *file;
  char       *from, *to, *lowpass, *time_col_arg, *x_col_arg, *y_col_arg, *time_unit, *unit;

  /* Resolved */
  const char *time_col, *x_col, *y_col;
  double      time_scale_us;   /* file time unit → µs */
  double      length_scale_mm; /* file CoP unit → mm */
  gboolean    has_from, has_to;
  double      from_s, to_s;
  double      lowpass_hz;      /* 0: none */
  gboolean    json;
} SwayOptions;

static void
sway_options_clear (SwayOptions *opts)
{
  g_clear_pointer (&opts->file, g_free);
  g_clear_pointer (&opts->from, g_free);
  g_clear_pointer (&opts->to, g_free);
  g_clear_pointer (&opts->lowpass, g_free);
  g_clear_pointer (&opts->time_col_arg, g_free);
  g_clear_pointer (&opts->x_col_arg, g_free);
  g_clear_pointer (&opts->y_col_arg, g_free);
  g_clear_pointer (&opts->time_unit, g_free);
  g_clear_pointer (&opts->unit, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwayOptions, sway_options_clear)

typedef struct
{
  GArray  *t_us;        /* gint64 */
  GArray  *x, *y;       /* double, mm */
  guint    skipped;     /* rows in the window without a CoP */
  gint64   first_t_us;  /* time of the first row of the file (origin of --from/--to) */
  gint64   last_t_us;   /* time of the last row of the file */
  guint    rows;        /* rows in the file */
} SwayInput;

static void
sway_input_clear (SwayInput *in)
{
  g_clear_pointer (&in->t_us, g_array_unref);
  g_clear_pointer (&in->x, g_array_unref);
  g_clear_pointer (&in->y, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SwayInput, sway_input_clear)

static void
print_metrics_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli metrics ANALYSIS [OPTIONS…]\n\n%s\n",
           _("Usage:"), _("Analyses:"));
  fprintf (out, "  %-8s %s\n", "sway", _("Centre-of-pressure sway metrics of a balance recording"));
  fprintf (out, "  %-8s %s\n", "emg", _("Muscle activity metrics of an EMG recording"));
  fprintf (out, "  %-8s %s\n", "jps", _("Joint-position sense errors (CE, AE, VE, E) of trials"));
  fprintf (out, "\n%s\n", _("Run “proprio-cli metrics ANALYSIS --help” for its options."));
}

/* Comma-separated, wrapped under 80 columns. */
static void
print_key_list (FILE              *out,
                const char * const *keys,
                gsize               n)
{
  gsize column = 0;

  for (gsize i = 0; i < n; i++)
    {
      gsize len = strlen (keys[i]) + (i + 1 < n ? 1 : 0);

      if (column > 0 && column + 1 + len > 78)
        {
          fputc ('\n', out);
          column = 0;
        }
      fputs (column == 0 ? "  " : " ", out);
      fputs (keys[i], out);
      if (i + 1 < n)
        fputc (',', out);
      column += (column == 0 ? 2 : 1) + len;
    }
  fputc ('\n', out);
}

static void
print_sway_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli metrics sway FILE [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n",
           _("Computes posturography sway metrics (Prieto et al. 1996; Duarte & Freitas 2010;\n"
             "Schubert & Kirchner 2014) from a delimited text file with a header row (comma,\n"
             "semicolon or tab; numbers with a decimal point). By default it reads Proprio's own\n"
             "CSV: columns t_us, cop_x_mm (medio-lateral) and cop_y_mm (antero-posterior). Rows\n"
             "without a centre of pressure (nobody on the board) are skipped and counted."));
  fprintf (out, "%s\n", _("Options:"));
  fprintf (out, "  --from S          %s\n", _("Start of the window, seconds after the first row"));
  fprintf (out, "  --to S            %s\n", _("End of the window, seconds after the first row"));
  fprintf (out, "  --lowpass HZ      %s\n",
           _("Low-pass the CoP first (2nd-order Butterworth, forward and backward)"));
  fprintf (out, "  --json            %s\n", _("Print one JSON object (mm, s) instead of a table"));
  fprintf (out, "  --time-col NAME   %s\n", _("Time column (default t_us)"));
  fprintf (out, "  --x-col NAME      %s\n", _("Medio-lateral CoP column (default cop_x_mm)"));
  fprintf (out, "  --y-col NAME      %s\n", _("Antero-posterior CoP column (default cop_y_mm)"));
  fprintf (out, "  --time-unit UNIT  %s\n",
           _("s, ms or us (default us for a column named t_us, else s)"));
  fprintf (out, "  --unit UNIT       %s\n", _("CoP unit: mm, cm or m (default mm)"));
  fprintf (out, "  -h, --help        %s\n", _("Show this help"));

  fprintf (out, "\n%s\n",
           _("JSON keys (--json; lengths in mm, times in s, null where undefined):"));
  {
    const char *keys[G_N_ELEMENTS (metric_keys) + 1] = { "n" };

    for (guint i = 0; i < G_N_ELEMENTS (metric_keys); i++)
      keys[i + 1] = metric_keys[i].key;
    print_key_list (out, keys, G_N_ELEMENTS (keys));
  }
  fprintf (out, "%s\n", _("then about the input: rows skipped, the longest step, the first and "
                          "last\nsample analysed, the window (clipped to the file), the filter, "
                          "the mean position:"));
  print_key_list (out, extra_keys, G_N_ELEMENTS (extra_keys));
}

static gboolean
parse_number (const char *text,
              double     *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* Returns -1 on success, else the exit status (0 after --help, 2 after a usage error). */
static int
parse_sway_options (int          argc,
                    char       **argv,
                    SwayOptions *opts)
{
  gboolean help = FALSE;
  /* Values are taken as strings so that every bad value gets the same clear message. */
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &opts->from, NULL, NULL },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opts->to, NULL, NULL },
    { "lowpass", 0, 0, G_OPTION_ARG_STRING, &opts->lowpass, NULL, NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opts->json, NULL, NULL },
    { "time-col", 0, 0, G_OPTION_ARG_STRING, &opts->time_col_arg, NULL, NULL },
    { "x-col", 0, 0, G_OPTION_ARG_STRING, &opts->x_col_arg, NULL, NULL },
    { "y-col", 0, 0, G_OPTION_ARG_STRING, &opts->y_col_arg, NULL, NULL },
    { "time-unit", 0, 0, G_OPTION_ARG_STRING, &opts->time_unit, NULL, NULL },
    { "unit", 0, 0, G_OPTION_ARG_STRING, &opts->unit, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  int status = proprio_cli_parse_file_command (SWAY_COMMAND, argc, argv, entries, &help,
                                               print_sway_help, &opts->file);

  if (status >= 0)
    return status;

  opts->time_col = opts->time_col_arg ? opts->time_col_arg : DEFAULT_TIME_COLUMN;
  opts->x_col = opts->x_col_arg ? opts->x_col_arg : DEFAULT_X_COLUMN;
  opts->y_col = opts->y_col_arg ? opts->y_col_arg : DEFAULT_Y_COLUMN;

  if (opts->time_unit == NULL)
    opts->time_scale_us = g_str_equal (opts->time_col, DEFAULT_TIME_COLUMN) ? 1.0 : 1e6;
  else if (g_str_equal (opts->time_unit, "s"))
    opts->time_scale_us = 1e6;
  else if (g_str_equal (opts->time_unit, "ms"))
    opts->time_scale_us = 1e3;
  else if (g_str_equal (opts->time_unit, "us") || g_str_equal (opts->time_unit, "µs"))
    opts->time_scale_us = 1.0;
  else
    return proprio_cli_usage_error (SWAY_COMMAND, _("--time-unit must be s, ms or us, not “%s”"),
                                    opts->time_unit);

  if (opts->unit == NULL || g_str_equal (opts->unit, "mm"))
    opts->length_scale_mm = 1.0;
  else if (g_str_equal (opts->unit, "cm"))
    opts->length_scale_mm = 10.0;
  else if (g_str_equal (opts->unit, "m"))
    opts->length_scale_mm = 1000.0;
  else
    return proprio_cli_usage_error (SWAY_COMMAND, _("--unit must be mm, cm or m, not “%s”"),
                                    opts->unit);

  opts->has_from = opts->from != NULL;
  if (opts->has_from && !parse_number (opts->from, &opts->from_s))
    return proprio_cli_usage_error (SWAY_COMMAND, _("--from needs a number of seconds, not “%s”"),
                                    opts->from);
  opts->has_to = opts->to != NULL;
  if (opts->has_to && !parse_number (opts->to, &opts->to_s))
    return proprio_cli_usage_error (SWAY_COMMAND, _("--to needs a number of seconds, not “%s”"),
                                    opts->to);
  if (opts->has_from && opts->has_to && opts->to_s <= opts->from_s)
    return proprio_cli_usage_error (SWAY_COMMAND, _("--to (%g s) must be after --from (%g s)"),
                                    opts->to_s, opts->from_s);

  opts->lowpass_hz = 0.0;
  if (opts->lowpass != NULL
      && (!parse_number (opts->lowpass, &opts->lowpass_hz) || opts->lowpass_hz <= 0.0))
    return proprio_cli_usage_error (SWAY_COMMAND,
                                    _("--lowpass needs a cut-off above 0 Hz, not “%s”"),
                                    opts->lowpass);
  return -1;
}

static gboolean
read_cop_value (ProprioTableReader  *reader,
                guint                column,
                const char          *name,
                double               scale,
                double              *out,
                GError             **error)
{
  if (!proprio_table_reader_get_double (reader, column, out, error))
    return FALSE;
  if (!isfinite (*out))
    {
      g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                   _("line %u: the value in column “%s” is not a finite number"),
                   proprio_table_reader_get_line (reader), name);
      return FALSE;
    }
  /* Beyond it the metrics would overflow into infinity or NaN: refuse the row, not the result. */
  if (fabs (*out * scale) > MAX_ABS_COP_MM)
    {
      g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                   _("line %u: the value %g in column “%s” is too far from the origin for a "
                     "centre of pressure (at most %g mm); check the column and --unit"),
                   proprio_table_reader_get_line (reader), *out, name, MAX_ABS_COP_MM);
      return FALSE;
    }
  *out *= scale;
  return TRUE;
}

/* Reads the window's samples, checking each row as it comes so errors can name its line. */
static gboolean
read_sway_input (const SwayOptions  *opts,
                 SwayInput          *in,
                 GError            **error)
{
  g_autoptr(ProprioTableReader) reader = NULL;
  guint tc, xc, yc;
  gboolean have_prev = FALSE;
  gint64 first_t = 0, prev_t = 0;

  reader = proprio_table_reader_new_for_path (opts->file, error);
  if (reader == NULL)
    return FALSE;
  if (!proprio_table_reader_lookup_column (reader, opts->time_col, &tc, error)
      || !proprio_table_reader_lookup_column (reader, opts->x_col, &xc, error)
      || !proprio_table_reader_lookup_column (reader, opts->y_col, &yc, error))
    return FALSE;

  in->t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  in->x = g_array_new (FALSE, FALSE, sizeof (double));
  in->y = g_array_new (FALSE, FALSE, sizeof (double));

  while (proprio_table_reader_next_row (reader, error))
    {
      guint line = proprio_table_reader_get_line (reader);
      gboolean x_empty, y_empty;
      double t_raw, rel_s, x, y;
      gint64 t;

      if (proprio_table_reader_field_is_empty (reader, tc))
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                       _("line %u: the time (column “%s”) is empty"), line, opts->time_col);
          return FALSE;
        }
      if (!proprio_table_reader_get_double (reader, tc, &t_raw, error))
        return FALSE;
      t_raw *= opts->time_scale_us;
      if (!isfinite (t_raw) || fabs (t_raw) > MAX_ABS_TIME_US)
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                       _("line %u: the time (column “%s”) is not a usable number; check "
                         "--time-unit"), line, opts->time_col);
          return FALSE;
        }
      t = (gint64) llround (t_raw);

      if (!have_prev)
        first_t = t;
      else if (t <= prev_t)
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_MONOTONIC,
                       _("line %u: the time %.6f s is not after the row before it (%.6f s); the "
                         "rows must be in time order"),
                       line, (double) (t - first_t) / G_USEC_PER_SEC,
                       (double) (prev_t - first_t) / G_USEC_PER_SEC);
          return FALSE;
        }
      have_prev = TRUE;
      prev_t = t;
      in->rows++;

      rel_s = (double) (t - first_t) / G_USEC_PER_SEC;
      if ((opts->has_from && rel_s < opts->from_s) || (opts->has_to && rel_s > opts->to_s))
        continue;

      x_empty = proprio_table_reader_field_is_empty (reader, xc);
      y_empty = proprio_table_reader_field_is_empty (reader, yc);
      if (x_empty && y_empty)
        {
          in->skipped++;   /* nobody on the board */
          continue;
        }
      if (x_empty != y_empty)
        {
          g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                       _("line %u: column “%s” is empty but column “%s” is not"),
                       line, x_empty ? opts->x_col : opts->y_col,
                       x_empty ? opts->y_col : opts->x_col);
          return FALSE;
        }
      if (!read_cop_value (reader, xc, opts->x_col, opts->length_scale_mm, &x, error)
          || !read_cop_value (reader, yc, opts->y_col, opts->length_scale_mm, &y, error))
        return FALSE;

      g_array_append_val (in->t_us, t);
      g_array_append_val (in->x, x);
      g_array_append_val (in->y, y);
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  in->first_t_us = first_t;
  in->last_t_us = prev_t;
  return TRUE;
}

static double
file_end_s (const SwayInput *in)
{
  return (double) (in->last_t_us - in->first_t_us) / G_USEC_PER_SEC;
}

/* The window as it applies to this file: --from and --to, clipped to its first and last rows. */
static void
window_bounds (const SwayOptions *opts,
               const SwayInput   *in,
               double            *from_s,
               double            *to_s,
               gboolean          *clipped)
{
  double end = file_end_s (in);

  *clipped = FALSE;
  *from_s = 0.0;
  *to_s = end;
  if (opts->has_from)
    {
      *from_s = MAX (opts->from_s, 0.0);
      *clipped |= opts->from_s < 0.0;
    }
  if (opts->has_to)
    {
      *to_s = MIN (opts->to_s, end);
      *clipped |= opts->to_s > end;
    }
}

/* Says on stderr where the window asked for reaches past the file, so a "30 s" result that is
 * really 29.99 s, or 20 s, is never taken for what was asked. */
static void
note_clipped_window (const SwayOptions *opts,
                     const SwayInput   *in)
{
  double end = file_end_s (in);

  if (opts->has_from && opts->from_s < 0.0)
    g_printerr (_("proprio-cli %s: note: --from %g s is before the first row; the window starts "
                  "at 0 s\n"), SWAY_COMMAND, opts->from_s);
  if (opts->has_to && opts->to_s > end)
    g_printerr (_("proprio-cli %s: note: the file ends at %.3f s, before --to %g s; the window "
                  "ends there\n"), SWAY_COMMAND, end, opts->to_s);
}

/* The metrics overflow before the input does only for inputs read_cop_value refuses; this is the
 * last guard, so no inf or NaN is ever printed as a result. The mean frequency alone may be
 * undefined (a CoP that does not move), and is shown as such. */
static gboolean
check_finite (const ProprioSwayMetrics  *m,
              GError                   **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (metric_keys); i++)
    {
      double v = metric_value (m, i);

      if (isfinite (v) || (isnan (v) && g_str_equal (metric_keys[i].key, "mean_frequency_hz")))
        continue;
      g_set_error (error, PROPRIO_SWAY_ERROR, PROPRIO_SWAY_ERROR_NOT_FINITE,
                   _("The %s of this window is not a finite number: the values are too large to "
                     "compute with; check the columns and --unit"), metric_keys[i].key);
      return FALSE;
    }
  return TRUE;
}

/* Largest step between consecutive analysed samples: where skipped rows left a hole. */
static double
max_gap_s (const SwayInput *in)
{
  gint64 gap = 0;

  for (guint i = 1; i < in->t_us->len; i++)
    gap = MAX (gap, g_array_index (in->t_us, gint64, i) - g_array_index (in->t_us, gint64, i - 1));
  return (double) gap / G_USEC_PER_SEC;
}

static void
json_add (GString    *out,
          const char *key,
          double      value)
{
  if (out->len > 2)
    g_string_append (out, ",\n");
  g_string_append_printf (out, "  \"%s\": ", key);
  proprio_cli_json_number (out, value);
}

static void
print_json (const ProprioSwayMetrics *m,
            const SwayInput          *in,
            const SwayOptions        *opts)
{
  g_autoptr(GString) out = g_string_new ("{\n");
  gint64 t0 = g_array_index (in->t_us, gint64, 0);
  gint64 t1 = g_array_index (in->t_us, gint64, in->t_us->len - 1);
  double from_s, to_s;
  gboolean clipped;

  window_bounds (opts, in, &from_s, &to_s, &clipped);
  g_string_append_printf (out, "  \"n\": %u", m->n);
  for (guint i = 0; i < G_N_ELEMENTS (metric_keys); i++)
    json_add (out, metric_keys[i].key, metric_value (m, i));
  /* Extras, after the fixed keys, in the order of extra_keys. */
  g_string_append_printf (out, ",\n  \"skipped_rows\": %u", in->skipped);
  json_add (out, "max_gap_s", max_gap_s (in));
  json_add (out, "start_s", (double) (t0 - in->first_t_us) / G_USEC_PER_SEC);
  json_add (out, "end_s", (double) (t1 - in->first_t_us) / G_USEC_PER_SEC);
  json_add (out, "from_s", from_s);
  json_add (out, "to_s", to_s);
  g_string_append_printf (out, ",\n  \"window_clipped\": %s", clipped ? "true" : "false");
  json_add (out, "lowpass_hz", opts->lowpass_hz > 0.0 ? opts->lowpass_hz : NAN);
  json_add (out, "mean_ml_mm", m->mean_x_mm);
  json_add (out, "mean_ap_mm", m->mean_y_mm);
  g_string_append (out, "\n}\n");
  fputs (out->str, stdout);
}

static void
print_row (const char *label,
           double      total,
           double      ml,
           double      ap)
{
  const double values[] = { total, ml, ap };

  proprio_cli_print_padded (label, 28);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (isnan (values[i]))
        printf ("%12s", "–");   /* 3 bytes, 1 column: lines up with %10.3f */
      else
        printf ("%10.3f", values[i]);
    }
  fputc ('\n', stdout);
}

static void
print_table (const ProprioSwayMetrics *m,
             const SwayInput          *in,
             const SwayOptions        *opts)
{
  gint64 t0 = g_array_index (in->t_us, gint64, 0);
  gint64 t1 = g_array_index (in->t_us, gint64, in->t_us->len - 1);
  g_autofree char *name = g_filename_display_basename (opts->file);

  printf (_("Sway metrics of %s\n\n"), name);
  proprio_cli_print_padded (_("Samples"), 28);
  printf (ngettext ("%u (%u row without a centre of pressure skipped; longest step %.3f s)\n",
                    "%u (%u rows without a centre of pressure skipped; longest step %.3f s)\n",
                    in->skipped),
          m->n, in->skipped, max_gap_s (in));
  proprio_cli_print_padded (_("Window"), 28);
  printf (_("%.3f to %.3f s after the first row (duration %.3f s)\n"),
          (double) (t0 - in->first_t_us) / G_USEC_PER_SEC,
          (double) (t1 - in->first_t_us) / G_USEC_PER_SEC, m->duration_s);
  proprio_cli_print_padded (_("Pre-filter"), 28);
  if (opts->lowpass_hz > 0.0)
    {
      double mean_period_s = m->duration_s / (m->n - 1);

      printf (_("Butterworth low-pass, 2nd order, %g Hz, forward and backward (zero phase), "
                "designed for the mean rate %.1f Hz\n"),
              opts->lowpass_hz, 1.0 / mean_period_s);
      /* The filter runs on the sample index: a hole counts as one sample period. */
      if (max_gap_s (in) > 2.0 * mean_period_s)
        {
          proprio_cli_print_padded ("", 28);
          printf (_("Note: the filter treats the longest step (%.3f s) as one sample period\n"),
                  max_gap_s (in));
        }
    }
  else
    printf ("%s\n", _("none"));

  printf ("\n");
  proprio_cli_print_padded ("", 28);
  printf ("%10s%10s%10s\n", _("Total"), _("ML"), _("AP"));
  print_row (_("Path length (mm)"),
             m->path_length_mm, m->path_length_ml_mm, m->path_length_ap_mm);
  print_row (_("Mean velocity (mm/s)"),
             m->mean_velocity_mm_s, m->mean_velocity_ml_mm_s, m->mean_velocity_ap_mm_s);
  print_row (_("RMS distance (mm)"), m->rms_mm, m->rms_ml_mm, m->rms_ap_mm);
  print_row (_("Standard deviation (mm)"), NAN, m->sd_ml_mm, m->sd_ap_mm);
  print_row (_("Range (mm)"), NAN, m->range_ml_mm, m->range_ap_mm);
  print_row (_("Mean distance (mm)"), m->mean_distance_mm, NAN, NAN);

  printf ("\n");
  /* xgettext:no-c-format */
  proprio_cli_print_padded (_("95 % prediction ellipse"), 28);
  printf (_("area %.2f mm², semi-axes %.2f × %.2f mm, major axis %.1f° from ML\n"),
          m->ellipse95.area, m->ellipse95.major, m->ellipse95.minor, m->ellipse95.angle_deg);
  /* xgettext:no-c-format */
  proprio_cli_print_padded (_("95 % confidence ellipse"), 28);
  printf (_("area %.2f mm² (Prieto 1996: where the mean position lies)\n"),
          m->confidence_ellipse95_area_mm2);
  proprio_cli_print_padded (_("Mean frequency"), 28);
  if (isfinite (m->mean_frequency_hz))
    printf ("%.3f Hz\n", m->mean_frequency_hz);
  else
    printf ("%s\n", _("undefined: the centre of pressure does not move"));
}

static int
metrics_sway (int    argc,
              char **argv)
{
  g_auto(SwayOptions) opts = { 0 };
  g_auto(SwayInput) in = { 0 };
  g_autoptr(GError) error = NULL;
  ProprioSwayMetrics m;
  int status;

  status = parse_sway_options (argc, argv, &opts);
  if (status >= 0)
    return status;

  if (!read_sway_input (&opts, &in, &error))
    {
      g_printerr ("proprio-cli %s: %s\n", SWAY_COMMAND, error->message);
      return 1;
    }

  /* A window that misses the file entirely: say where the file is. */
  if (in.rows > 0 && opts.has_from && opts.from_s > file_end_s (&in))
    {
      g_printerr (_("proprio-cli %s: --from %g s is after the end of the file, which spans "
                    "0–%.3f s\n"), SWAY_COMMAND, opts.from_s, file_end_s (&in));
      return 1;
    }
  if (in.rows > 0 && opts.has_to && opts.to_s < 0.0)
    {
      g_printerr (_("proprio-cli %s: --to %g s is before the start of the file, which spans "
                    "0–%.3f s\n"), SWAY_COMMAND, opts.to_s, file_end_s (&in));
      return 1;
    }
  note_clipped_window (&opts, &in);

  if (!proprio_sway_compute ((const gint64 *) (void *) in.t_us->data,
                             (const double *) (void *) in.x->data,
                             (const double *) (void *) in.y->data,
                             in.t_us->len, opts.lowpass_hz, &m, &error)
      || !check_finite (&m, &error))
    {
      g_printerr ("proprio-cli %s: %s\n", SWAY_COMMAND, error->message);
      if ((opts.has_from || opts.has_to) && in.rows > 0)
        g_printerr (_("(the file spans 0–%.3f s)\n"), file_end_s (&in));
      if (in.skipped > 0)
        g_printerr (ngettext ("(%u row without a centre of pressure was skipped)\n",
                              "(%u rows without a centre of pressure were skipped)\n",
                              in.skipped), in.skipped);
      return 1;
    }

  if (opts.json)
    print_json (&m, &in, &opts);
  else
    print_table (&m, &in, &opts);
  return 0;
}

int
proprio_cli_metrics (int    argc,
                     char **argv)
{
  const char *analysis;

  if (argc < 2)
    {
      print_metrics_help (stderr);
      return 2;
    }

  analysis = argv[1];
  if (g_str_equal (analysis, "--help") || g_str_equal (analysis, "-h")
      || g_str_equal (analysis, "help"))
    {
      print_metrics_help (stdout);
      return 0;
    }
  if (g_str_equal (analysis, "sway"))
    return metrics_sway (argc - 1, argv + 1);
  if (g_str_equal (analysis, "emg"))
    return proprio_cli_metrics_emg (argc - 1, argv + 1);
  if (g_str_equal (analysis, "jps"))
    return proprio_cli_metrics_jps (argc - 1, argv + 1);

  return proprio_cli_usage_error ("metrics", _("Unknown analysis “%s”"), analysis);
}
