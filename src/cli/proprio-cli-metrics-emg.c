/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/proprio-emg.h"
#include "core/proprio-emg-mvc.h"
#include "core/proprio-emg-onset.h"
#include "core/proprio-emg-quality.h"
#include "core/proprio-stream.h"
#include "core/proprio-table-reader.h"
#include "exercises/proprio-variant-json.h"
#include "proprio-cli.h"
#include "proprio-cli-metrics-emg.h"

#define EMG_COMMAND "metrics emg"
#define TIME_COLUMN "t_us"
/* Beyond ±2^53 µs a double no longer holds whole microseconds. */
#define MAX_ABS_TIME_US 9.0e15
/* A step longer than this many median steps is a gap (lost samples). */
#define GAP_FACTOR 2.0
#define DEFAULT_BASELINE_S 1.0
#define MVC_NAME_COLUMN "column"
#define MVC_VALUE_COLUMN "mvc_uv"

typedef struct
{
  /* As given on the command line (owned); NULL when absent. */
  char     *file;
  char     *window, *notch, *highpass, *lowpass, *envelope_lowpass, *mvc, *baseline;
  char     *threshold, *min_duration, *onset_window, *cue, *columns;
  char     *contractions, *mvc_window, *save_mvc;
  gboolean  input_envelope;
  gboolean  json;

  /* Resolved */
  double    window_ms, notch_hz, highpass_hz;
  double    lowpass_hz;            /* NaN: the default for the file's rate */
  double    envelope_lowpass_hz;   /* 0: RMS envelope */
  double    baseline_s, h, min_duration_ms, onset_window_ms, cue_s;
  GArray   *intervals;             /* ProprioEmgInterval, µs after the first row; NULL: none */
  double    mvc_window_s;
} EmgOptions;

static void
emg_options_clear (EmgOptions *o)
{
  g_clear_pointer (&o->file, g_free);
  g_clear_pointer (&o->window, g_free);
  g_clear_pointer (&o->notch, g_free);
  g_clear_pointer (&o->highpass, g_free);
  g_clear_pointer (&o->lowpass, g_free);
  g_clear_pointer (&o->envelope_lowpass, g_free);
  g_clear_pointer (&o->mvc, g_free);
  g_clear_pointer (&o->baseline, g_free);
  g_clear_pointer (&o->threshold, g_free);
  g_clear_pointer (&o->min_duration, g_free);
  g_clear_pointer (&o->onset_window, g_free);
  g_clear_pointer (&o->cue, g_free);
  g_clear_pointer (&o->columns, g_free);
  g_clear_pointer (&o->contractions, g_free);
  g_clear_pointer (&o->mvc_window, g_free);
  g_clear_pointer (&o->save_mvc, g_free);
  g_clear_pointer (&o->intervals, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EmgOptions, emg_options_clear)

typedef struct
{
  char   *name;
  guint   column;
  double  scale;        /* the column's unit → µV */
  GArray *values;       /* double, µV */

  /* Results */
  double                 rms_uv, peak_uv, mean_uv, hum_uv, mvc_uv;
  double                 calibration_mvc_uv;   /* from --contractions */
  GArray                *onsets_s, *offsets_s;
  guint                  quality_windows[PROPRIO_EMG_QUALITY_N_STATES];
  ProprioEmgQualityState quality;
  char                  *quality_message;
} EmgChannel;

static void
emg_channel_free (EmgChannel *ch)
{
  g_free (ch->name);
  g_clear_pointer (&ch->values, g_array_unref);
  g_clear_pointer (&ch->onsets_s, g_array_unref);
  g_clear_pointer (&ch->offsets_s, g_array_unref);
  g_free (ch->quality_message);
  g_free (ch);
}

typedef struct
{
  GArray    *t_us;        /* gint64 */
  GPtrArray *channels;    /* EmgChannel */
  double     fs_hz;
  double     duration_s;
  guint      gaps;
  double     max_gap_s;
  gboolean   have_mvc;
} EmgInput;

static void
emg_input_clear (EmgInput *in)
{
  g_clear_pointer (&in->t_us, g_array_unref);
  g_clear_pointer (&in->channels, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EmgInput, emg_input_clear)

static void
print_option (FILE       *out,
              const char *option,
              const char *text)
{
  fprintf (out, "  %-22s%s\n", option, text);
}

static void
print_emg_help (FILE *out)
{
  fprintf (out, "%s\n  proprio-cli metrics emg FILE [OPTIONS…]\n\n", _("Usage:"));
  fprintf (out, "%s\n\n",
           _("Surface-EMG metrics (SENIAM / ISEK processing; onsets after Hodges & Bui 1996) of\n"
             "Proprio's CSV: a column t_us (µs) and one column per electrode. EMG columns are\n"
             "those whose unit suffix is a voltage (ch1_uv, emg_mv) or whose name starts with “emg”;\n"
             "counter and accelerometer columns are left out. The rate comes from the timestamps.\n"
             "Per channel: the RMS of the filtered signal, the peak and mean envelope, the signal\n"
             "quality, %MVC with --mvc, and muscle onsets after a quiet baseline at the start."));
  fprintf (out, "%s\n", _("Options:"));
  print_option (out, "--window MS", _("RMS envelope window, 25–500 ms (default 100)"));
  print_option (out, "--envelope-lowpass HZ",
           _("Rectify and low-pass instead of the RMS envelope (e.g. 6)"));
  print_option (out, "--highpass HZ", _("High-pass cut-off, 0 for none (default 20)"));
  print_option (out, "--lowpass HZ",
           _("Low-pass cut-off, 0 for none (default 450, or 0.45 × the rate if lower)"));
  print_option (out, "--notch HZ",
           _("Mains notch and its harmonics: 0 (default), 50 or 60"));
  print_option (out, "--input-envelope",
           _("The columns already hold an envelope (MyoWare SIG): no filtering"));
  print_option (out, "--mvc FILE",
           _("MVC per channel, a CSV with the columns “column” and “mvc_uv”"));
  print_option (out, "--baseline S",
           _("Quiet baseline at the start for onsets, seconds (default 1; 0: no onsets)"));
  print_option (out, "--threshold H",
           _("Onset threshold: baseline mean + H × SD (default 3)"));
  print_option (out, "--onset-window MS", _("Onset averaging window, 25–50 ms (default 25)"));
  print_option (out, "--min-duration MS",
           _("Shortest burst or pause that counts, ms (default 50)"));
  print_option (out, "--cue S",
           _("Cue, seconds after the first row: onsets are timed from it (default 0)"));
  print_option (out, "--contractions LIST",
           _("MVC calibration: contractions, START-END seconds after the first row\n"
             "                        (e.g. 2-5,8-11)"));
  print_option (out, "--mvc-window S",
           _("MVC: length of the best window in each contraction (default 1)"));
  print_option (out, "--save-mvc FILE",
           _("Write the calibration's MVCs as a CSV that --mvc reads"));
  print_option (out, "--columns A,B", _("Analyse these columns instead"));
  print_option (out, "--json", _("Print one JSON object instead of a table"));
  print_option (out, "-h, --help", _("Show this help"));
  fputc ('\n', out);
  fprintf (out, "%s\n\n",
           _("MVC rule: within each contraction, the highest mean of the envelope over any\n"
             "window of --mvc-window seconds wholly inside it; the MVC is the average of these\n"
             "over the contractions. MVC file: a CSV with a header “column,mvc_uv” and one row\n"
             "per channel, e.g. “ch1_uv,412.5”."));
  fprintf (out, "%s\n",
           _("JSON keys: fs_hz, channels → {COLUMN → {rms_uv, peak_envelope_uv, mean_envelope_uv,\n"
             "onsets_s, offsets_s, quality, quality_message, hum_uv, quality_ok_share, with\n"
             "--mvc: mvc_uv, mvc_pct_peak, mvc_pct_mean, with --contractions:\n"
             "calibration_mvc_uv}}; also n, duration_s, gaps, max_gap_s, highpass_hz,\n"
             "lowpass_hz, notch_hz, window_ms, envelope_lowpass_hz, baseline_s, threshold_sd.\n"
             "quality is the problem found in most signal-check windows (ok when none), and\n"
             "quality_ok_share the share of windows without a problem.\n"
             "Values in µV and s; null where a value is undefined."));
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

/* Parses an optional option value; FALSE when it is given but is not a number in [lo, hi]. */
static gboolean
parse_option (const char *text,
              double      fallback,
              double      lo,
              double      hi,
              double     *out)
{
  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  return parse_number (text, out) && *out >= lo && *out <= hi;
}

/* Returns -1 on success, else the exit status (0 after --help, 2 after a usage error). */
static int
parse_emg_options (int          argc,
                   char       **argv,
                   EmgOptions  *o)
{
  gboolean help = FALSE;
  /* Values are taken as strings so that every bad value gets the same clear message. */
  GOptionEntry entries[] = {
    { "window", 0, 0, G_OPTION_ARG_STRING, &o->window, NULL, NULL },
    { "envelope-lowpass", 0, 0, G_OPTION_ARG_STRING, &o->envelope_lowpass, NULL, NULL },
    { "highpass", 0, 0, G_OPTION_ARG_STRING, &o->highpass, NULL, NULL },
    { "lowpass", 0, 0, G_OPTION_ARG_STRING, &o->lowpass, NULL, NULL },
    { "notch", 0, 0, G_OPTION_ARG_STRING, &o->notch, NULL, NULL },
    { "input-envelope", 0, 0, G_OPTION_ARG_NONE, &o->input_envelope, NULL, NULL },
    { "mvc", 0, 0, G_OPTION_ARG_FILENAME, &o->mvc, NULL, NULL },
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &o->baseline, NULL, NULL },
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &o->threshold, NULL, NULL },
    { "onset-window", 0, 0, G_OPTION_ARG_STRING, &o->onset_window, NULL, NULL },
    { "min-duration", 0, 0, G_OPTION_ARG_STRING, &o->min_duration, NULL, NULL },
    { "cue", 0, 0, G_OPTION_ARG_STRING, &o->cue, NULL, NULL },
    { "columns", 0, 0, G_OPTION_ARG_STRING, &o->columns, NULL, NULL },
    { "contractions", 0, 0, G_OPTION_ARG_STRING, &o->contractions, NULL, NULL },
    { "mvc-window", 0, 0, G_OPTION_ARG_STRING, &o->mvc_window, NULL, NULL },
    { "save-mvc", 0, 0, G_OPTION_ARG_FILENAME, &o->save_mvc, NULL, NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  int status = proprio_cli_parse_file_command (EMG_COMMAND, argc, argv, entries, &help,
                                               print_emg_help, &o->file);

  if (status >= 0)
    return status;

  if (!parse_option (o->window, PROPRIO_EMG_DEFAULT_WINDOW_MS, PROPRIO_EMG_MIN_WINDOW_MS,
                     PROPRIO_EMG_MAX_WINDOW_MS, &o->window_ms))
    return proprio_cli_usage_error (EMG_COMMAND, _("--window needs 25 to 500 ms, not “%s”"),
                                    o->window);
  if (!parse_option (o->envelope_lowpass, 0.0, 0.0, G_MAXDOUBLE, &o->envelope_lowpass_hz)
      || (o->envelope_lowpass != NULL && o->envelope_lowpass_hz <= 0.0))
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--envelope-lowpass needs a cut-off above 0 Hz, not “%s”"),
                                    o->envelope_lowpass);
  if (o->envelope_lowpass != NULL && o->window != NULL)
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--window and --envelope-lowpass choose different "
                                      "envelopes; give one of them"));
  if (!parse_option (o->highpass, PROPRIO_EMG_DEFAULT_HIGHPASS_HZ, 0.0, G_MAXDOUBLE,
                     &o->highpass_hz))
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--highpass needs a cut-off in Hz (0 for none), not “%s”"),
                                    o->highpass);
  if (!parse_option (o->lowpass, NAN, 0.0, G_MAXDOUBLE, &o->lowpass_hz))
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--lowpass needs a cut-off in Hz (0 for none), not “%s”"),
                                    o->lowpass);
  if (!parse_option (o->notch, 0.0, 0.0, G_MAXDOUBLE, &o->notch_hz)
      || (o->notch_hz != 0.0 && o->notch_hz != 50.0 && o->notch_hz != 60.0))
    return proprio_cli_usage_error (EMG_COMMAND, _("--notch must be 0, 50 or 60, not “%s”"),
                                    o->notch);
  if (!parse_option (o->baseline, DEFAULT_BASELINE_S, 0.0, 3600.0, &o->baseline_s))
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--baseline needs a number of seconds (0 for no onsets), "
                                      "not “%s”"), o->baseline);
  if (!parse_option (o->threshold, PROPRIO_EMG_ONSET_DEFAULT_H, 0.0, 100.0, &o->h)
      || o->h <= 0.0)
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--threshold needs a number of standard deviations above 0, "
                                      "not “%s”"), o->threshold);
  if (!parse_option (o->onset_window, PROPRIO_EMG_ONSET_DEFAULT_WINDOW_MS, 25.0, 50.0,
                     &o->onset_window_ms))
    return proprio_cli_usage_error (EMG_COMMAND, _("--onset-window needs 25 to 50 ms, not “%s”"),
                                    o->onset_window);
  if (!parse_option (o->min_duration, PROPRIO_EMG_ONSET_DEFAULT_MIN_DURATION_MS, 0.0, 60000.0,
                     &o->min_duration_ms))
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--min-duration needs 0 to 60000 ms, not “%s”"),
                                    o->min_duration);
  if (!parse_option (o->cue, 0.0, -1e9, 1e9, &o->cue_s))
    return proprio_cli_usage_error (EMG_COMMAND, _("--cue needs a number of seconds, not “%s”"),
                                    o->cue);
  if (!parse_option (o->mvc_window, 1.0, 0.0, 60.0, &o->mvc_window_s) || o->mvc_window_s <= 0.0)
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--mvc-window needs a number of seconds above 0, not “%s”"),
                                    o->mvc_window);
  if (o->save_mvc != NULL && o->contractions == NULL)
    return proprio_cli_usage_error (EMG_COMMAND,
                                    _("--save-mvc needs the calibration’s --contractions"));
  if (o->contractions != NULL)
    {
      g_auto(GStrv) items = g_strsplit (o->contractions, ",", -1);

      o->intervals = g_array_new (FALSE, FALSE, sizeof (ProprioEmgInterval));
      for (guint i = 0; items[i] != NULL; i++)
        {
          g_auto(GStrv) ends = g_strsplit (g_strstrip (items[i]), "-", 2);
          double from, to;
          ProprioEmgInterval interval;

          if (g_strv_length (ends) != 2 || !parse_number (ends[0], &from)
              || !parse_number (ends[1], &to) || from < 0.0 || to <= from || to > 1e6)
            return proprio_cli_usage_error (EMG_COMMAND,
                                            _("--contractions needs START-END pairs in seconds "
                                              "after the first row, e.g. 2-5,8-11, not “%s”"),
                                            items[i]);
          interval.start_us = (gint64) llround (from * 1e6);
          interval.end_us = (gint64) llround (to * 1e6);
          g_array_append_val (o->intervals, interval);
        }
    }
  return -1;
}

/* µV per unit of a column's unit suffix ("ch1_uv" → 1, "emg_mv" → 1000); 0 when it is not a
 * voltage. */
static double
unit_scale (const char *unit)
{
  if (g_ascii_strcasecmp (unit, "uv") == 0 || g_strcmp0 (unit, "µv") == 0
      || g_strcmp0 (unit, "µV") == 0)
    return 1.0;
  if (g_ascii_strcasecmp (unit, "mv") == 0)
    return 1e3;
  if (g_ascii_strcasecmp (unit, "v") == 0)
    return 1e6;
  return 0.0;
}

static EmgChannel *
emg_channel_new (const char *name,
                 guint       column)
{
  EmgChannel *ch = g_new0 (EmgChannel, 1);
  const char *underscore = strrchr (name, '_');
  double scale = underscore != NULL ? unit_scale (underscore + 1) : 0.0;

  ch->name = g_strdup (name);
  ch->column = column;
  /* A column without a voltage unit ("emg") is in the device's own units, taken as they are. */
  ch->scale = scale > 0.0 ? scale : 1.0;
  ch->values = g_array_new (FALSE, FALSE, sizeof (double));
  ch->onsets_s = g_array_new (FALSE, FALSE, sizeof (double));
  ch->offsets_s = g_array_new (FALSE, FALSE, sizeof (double));
  ch->mvc_uv = NAN;
  ch->calibration_mvc_uv = NAN;
  return ch;
}

/* The same rule as the live streams use (proprio_stream_is_emg_channel), on a CSV header: the
 * unit is what follows the last underscore. */
static gboolean
column_is_emg (const char *name)
{
  const char *underscore = strrchr (name, '_');
  ProprioChannelInfo info = { name, name, underscore != NULL ? underscore + 1 : "" };

  return proprio_stream_is_emg_channel (&info);
}

static gboolean
choose_columns (const EmgOptions    *o,
                ProprioTableReader  *reader,
                guint                time_column,
                EmgInput            *in,
                GError             **error)
{
  if (o->columns != NULL)
    {
      g_auto(GStrv) names = g_strsplit (o->columns, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        {
          guint column;

          g_strstrip (names[i]);
          if (*names[i] == '\0')
            continue;
          if (!proprio_table_reader_lookup_column (reader, names[i], &column, error))
            return FALSE;
          g_ptr_array_add (in->channels,
                           emg_channel_new (proprio_table_reader_get_column_name (reader, column),
                                            column));
        }
    }
  else
    for (guint c = 0; c < proprio_table_reader_get_n_columns (reader); c++)
      {
        const char *name = proprio_table_reader_get_column_name (reader, c);

        if (c != time_column && column_is_emg (name))
          g_ptr_array_add (in->channels, emg_channel_new (name, c));
      }

  if (in->channels->len == 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint c = 0; c < proprio_table_reader_get_n_columns (reader); c++)
        g_string_append_printf (list, "%s%s", c > 0 ? ", " : "",
                                proprio_table_reader_get_column_name (reader, c));
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                   _("No EMG column (a unit suffix _uv, _mv or _v, or a name starting with "
                     "“emg”) among the columns %s; name them with --columns"), list->str);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_emg_input (const EmgOptions  *o,
                EmgInput          *in,
                GError           **error)
{
  g_autoptr(ProprioTableReader) reader = NULL;
  guint tc;
  gboolean have_prev = FALSE;
  gint64 first_t = 0, prev_t = 0;

  reader = proprio_table_reader_new_for_path (o->file, error);
  if (reader == NULL)
    return FALSE;
  if (!proprio_table_reader_lookup_column (reader, TIME_COLUMN, &tc, error))
    return FALSE;

  in->t_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  in->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) emg_channel_free);
  if (!choose_columns (o, reader, tc, in, error))
    return FALSE;

  while (proprio_table_reader_next_row (reader, error))
    {
      guint line = proprio_table_reader_get_line (reader);
      double t_raw;
      gint64 t;

      if (proprio_table_reader_field_is_empty (reader, tc))
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                       _("line %u: the time (column “%s”) is empty"), line, TIME_COLUMN);
          return FALSE;
        }
      if (!proprio_table_reader_get_double (reader, tc, &t_raw, error))
        return FALSE;
      if (!isfinite (t_raw) || fabs (t_raw) > MAX_ABS_TIME_US)
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                       _("line %u: the time (column “%s”) is not a usable number of "
                         "microseconds"), line, TIME_COLUMN);
          return FALSE;
        }
      t = (gint64) llround (t_raw);
      if (!have_prev)
        first_t = t;
      else if (t <= prev_t)
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                       _("line %u: the time %.6f s is not after the row before it (%.6f s); the "
                         "rows must be in time order"),
                       line, (double) (t - first_t) / G_USEC_PER_SEC,
                       (double) (prev_t - first_t) / G_USEC_PER_SEC);
          return FALSE;
        }
      have_prev = TRUE;
      prev_t = t;
      g_array_append_val (in->t_us, t);

      for (guint i = 0; i < in->channels->len; i++)
        {
          EmgChannel *ch = g_ptr_array_index (in->channels, i);
          double v;

          if (!proprio_table_reader_get_double (reader, ch->column, &v, error))
            return FALSE;
          if (!isfinite (v))
            {
              /* The filters cannot run across a hole, and skipping it would shift the rest. */
              g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                           _("line %u: the value in column “%s” is empty or not a finite "
                             "number"), line, ch->name);
              return FALSE;
            }
          v *= ch->scale;
          g_array_append_val (ch->values, v);
        }
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The rate from the timestamps: the mean step over the steps that are not gaps (longer than
 * GAP_FACTOR × the median step), so lost samples do not lower it. */
static gboolean
measure_rate (EmgInput  *in,
              GError   **error)
{
  guint n = in->t_us->len;
  g_autofree gint64 *steps = NULL;
  gint64 median, kept_sum = 0;
  guint kept = 0;
  const gint64 *t = (const gint64 *) (void *) in->t_us->data;

  if (n < 3)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_DATA,
                   ngettext ("The recording has %u sample; EMG metrics need at least a second "
                             "of signal",
                             "The recording has %u samples; EMG metrics need at least a second "
                             "of signal", n), n);
      return FALSE;
    }
  steps = g_new (gint64, n - 1);
  for (guint i = 1; i < n; i++)
    steps[i - 1] = t[i] - t[i - 1];
  qsort (steps, n - 1, sizeof (gint64), (int (*) (const void *, const void *)) compare_int64);
  median = steps[(n - 1) / 2];

  in->gaps = 0;
  in->max_gap_s = 0.0;
  for (guint i = 1; i < n; i++)
    {
      gint64 step = t[i] - t[i - 1];

      if ((double) step > GAP_FACTOR * (double) median)
        {
          in->gaps++;
          in->max_gap_s = MAX (in->max_gap_s, (double) step / G_USEC_PER_SEC);
        }
      else
        {
          kept_sum += step;
          kept++;
        }
    }
  in->fs_hz = kept * (double) G_USEC_PER_SEC / (double) kept_sum;
  in->duration_s = (double) (t[n - 1] - t[0]) / G_USEC_PER_SEC;
  return TRUE;
}

static gboolean
read_mvc_file (const char             *path,
               ProprioEmgCalibration **out,
               GError                **error)
{
  g_autoptr(ProprioTableReader) reader = NULL;
  g_autoptr(ProprioEmgCalibration) cal = proprio_emg_calibration_new ();
  guint nc, vc;

  reader = proprio_table_reader_new_for_path (path, error);
  if (reader == NULL)
    return FALSE;
  if (!proprio_table_reader_lookup_column (reader, MVC_NAME_COLUMN, &nc, error)
      || !proprio_table_reader_lookup_column (reader, MVC_VALUE_COLUMN, &vc, error))
    return FALSE;
  while (proprio_table_reader_next_row (reader, error))
    {
      const char *name = proprio_table_reader_get_field (reader, nc);
      double mvc;

      if (!proprio_table_reader_get_double (reader, vc, &mvc, error))
        return FALSE;
      if (!isfinite (mvc) || mvc <= 0.0)
        {
          g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT,
                       _("%s, line %u: the MVC of “%s” must be a positive number of µV"),
                       path, proprio_table_reader_get_line (reader), name);
          return FALSE;
        }
      proprio_emg_calibration_set (cal, name, mvc);
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  *out = g_steal_pointer (&cal);
  return TRUE;
}

static void
config_for (const EmgOptions *o,
            double            fs_hz,
            ProprioEmgConfig *config)
{
  proprio_emg_config_init (config, fs_hz);
  config->highpass_hz = o->highpass_hz;
  if (!isnan (o->lowpass_hz))
    config->lowpass_hz = o->lowpass_hz;
  config->notch_hz = o->notch_hz;
  config->window_ms = o->window_ms;
  if (o->envelope_lowpass_hz > 0.0)
    {
      config->envelope_mode = PROPRIO_EMG_ENVELOPE_LOWPASS;
      config->envelope_lowpass_hz = o->envelope_lowpass_hz;
    }
  config->input_is_envelope = o->input_envelope;
}

/* The state of most windows among the problems, so one noisy second in a long recording does not
 * hide behind "ok" and a channel that was flat throughout says so. */
static ProprioEmgQualityState
summarise_quality (const guint *windows)
{
  ProprioEmgQualityState worst = PROPRIO_EMG_QUALITY_OK;
  guint total = 0, most = 0;

  for (guint s = 0; s < PROPRIO_EMG_QUALITY_N_STATES; s++)
    total += windows[s];
  if (total == 0)
    return PROPRIO_EMG_QUALITY_UNKNOWN;
  for (guint s = PROPRIO_EMG_QUALITY_FLAT; s < PROPRIO_EMG_QUALITY_N_STATES; s++)
    if (windows[s] > most)
      {
        most = windows[s];
        worst = (ProprioEmgQualityState) s;
      }
  return worst;
}

static gboolean
analyse_channel (const EmgOptions       *o,
                 const EmgInput         *in,
                 EmgChannel             *ch,
                 ProprioEmgCalibration  *cal,
                 GError                **error)
{
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  g_autoptr(ProprioEmgQuality) quality = NULL;
  g_autoptr(ProprioEmgOnsetDetector) onset = NULL;
  ProprioEmgConfig config;
  ProprioEmgQualityConfig qconfig;
  ProprioEmgOnsetConfig oconfig;
  const gint64 *t = (const gint64 *) (void *) in->t_us->data;
  const double *x = (const double *) (void *) ch->values->data;
  guint n = in->t_us->len;
  double sum_sq = 0.0, sum_env = 0.0, peak = -INFINITY, hum_sum = 0.0;
  guint hum_windows = 0;
  g_autoptr(GArray) envelope = NULL;
  /* The latest message of each state: the summary's state picks one. */
  char *messages[PROPRIO_EMG_QUALITY_N_STATES] = { NULL, };

  config_for (o, in->fs_hz, &config);
  proc = proprio_emg_processor_new (&config, error);
  if (proc == NULL)
    return FALSE;

  proprio_emg_quality_config_init (&qconfig, in->fs_hz);
  if (o->notch_hz > 0.0)
    qconfig.mains_hz = o->notch_hz;
  /* An envelope is not judged: its floor at zero would read as a rail, and it has no mains hum
   * to measure. Nor is a signal too slow to carry the mains frequency: its quality stays
   * "unknown" rather than failing the whole analysis. */
  if (!o->input_envelope)
    {
      g_autoptr(GError) local_error = NULL;

      quality = proprio_emg_quality_new (&qconfig, ch->name, &local_error);
      if (quality == NULL)
        g_printerr ("proprio-cli %s: %s: %s\n", EMG_COMMAND, ch->name, local_error->message);
    }

  if (o->baseline_s > 0.0)
    {
      proprio_emg_onset_config_init (&oconfig, in->fs_hz);
      oconfig.window_ms = o->onset_window_ms;
      oconfig.h = o->h;
      oconfig.min_duration_ms = o->min_duration_ms;
      onset = proprio_emg_onset_detector_new (&oconfig, error);
      if (onset == NULL)
        return FALSE;
      proprio_emg_onset_detector_learn_baseline (onset, t[0],
                                                 t[0] + (gint64) llround (o->baseline_s * 1e6));
      proprio_emg_onset_detector_set_cue (onset, t[0] + (gint64) llround (o->cue_s * 1e6));
    }

  if (o->intervals != NULL)
    envelope = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (guint i = 0; i < n; i++)
    {
      double filtered, env = proprio_emg_processor_process (proc, x[i], &filtered);
      ProprioEmgOnsetEvent event;

      if (envelope != NULL)
        g_array_append_val (envelope, env);

      sum_sq += filtered * filtered;
      sum_env += env;
      peak = MAX (peak, env);
      /* Quality is judged on the raw signal: a rail or a flat line shows there, not after the
       * filters. */
      if (quality != NULL && proprio_emg_quality_push (quality, x[i]))
        {
          const ProprioEmgQualityReport *r = proprio_emg_quality_get_report (quality);

          ch->quality_windows[r->state]++;
          hum_sum += r->hum_uv;
          hum_windows++;
          if (r->state != PROPRIO_EMG_QUALITY_OK)
            {
              g_free (messages[r->state]);
              messages[r->state] = proprio_emg_quality_dup_message (quality);
            }
        }
      if (onset != NULL && proprio_emg_onset_detector_push (onset, t[i], env, &event))
        g_array_append_val (event.kind == PROPRIO_EMG_ONSET ? ch->onsets_s : ch->offsets_s,
                            event.since_cue_s);
    }

  ch->rms_uv = sqrt (sum_sq / n);
  ch->mean_uv = sum_env / n;
  ch->peak_uv = peak;
  ch->hum_uv = hum_windows > 0 ? hum_sum / hum_windows : NAN;
  ch->quality = summarise_quality (ch->quality_windows);
  ch->quality_message = g_steal_pointer (&messages[ch->quality]);
  for (guint s = 0; s < PROPRIO_EMG_QUALITY_N_STATES; s++)
    g_free (messages[s]);
  if (cal != NULL)
    proprio_emg_calibration_lookup (cal, ch->name, &ch->mvc_uv);

  if (envelope != NULL)
    {
      g_autoptr(GArray) intervals = g_array_copy (o->intervals);

      /* The contractions are given from the first row; the library works on the sample clock. */
      for (guint k = 0; k < intervals->len; k++)
        {
          ProprioEmgInterval *iv = &g_array_index (intervals, ProprioEmgInterval, k);

          iv->start_us += t[0];
          iv->end_us += t[0];
        }
      if (!proprio_emg_mvc_compute (t, (const double *) (void *) envelope->data, n,
                                    (const ProprioEmgInterval *) (void *) intervals->data,
                                    intervals->len, o->mvc_window_s, &ch->calibration_mvc_uv,
                                    NULL, error))
        {
          g_prefix_error (error, _("%s: "), ch->name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
json_key_number (GString    *out,
                 const char *indent,
                 const char *key,
                 double      value)
{
  g_string_append_printf (out, ",\n%s\"%s\": ", indent, key);
  proprio_cli_json_number (out, value);
}

static void
json_array (GString      *out,
            const GArray *values)
{
  g_string_append_c (out, '[');
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      proprio_cli_json_number (out, g_array_index (values, double, i));
    }
  g_string_append_c (out, ']');
}

static void
print_json (const EmgOptions *o,
            const EmgInput   *in,
            const ProprioEmgConfig *config)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"fs_hz\": ");
  const char *ind = "      ";

  proprio_cli_json_number (out, in->fs_hz);
  g_string_append (out, ",\n  \"channels\": {");
  for (guint i = 0; i < in->channels->len; i++)
    {
      const EmgChannel *ch = g_ptr_array_index (in->channels, i);

      g_string_append (out, i > 0 ? ",\n    " : "\n    ");
      proprio_json_append_string (out, ch->name);
      g_string_append (out, ": {\n      \"rms_uv\": ");
      proprio_cli_json_number (out, ch->rms_uv);
      json_key_number (out, ind, "peak_envelope_uv", ch->peak_uv);
      json_key_number (out, ind, "mean_envelope_uv", ch->mean_uv);
      g_string_append_printf (out, ",\n%s\"onsets_s\": ", ind);
      if (o->baseline_s > 0.0)
        json_array (out, ch->onsets_s);
      else
        g_string_append (out, "null");
      g_string_append_printf (out, ",\n%s\"offsets_s\": ", ind);
      if (o->baseline_s > 0.0)
        json_array (out, ch->offsets_s);
      else
        g_string_append (out, "null");
      if (in->have_mvc)
        {
          json_key_number (out, ind, "mvc_uv", ch->mvc_uv);
          json_key_number (out, ind, "mvc_pct_peak", proprio_emg_mvc_percent (ch->peak_uv,
                                                                              ch->mvc_uv));
          json_key_number (out, ind, "mvc_pct_mean", proprio_emg_mvc_percent (ch->mean_uv,
                                                                              ch->mvc_uv));
        }
      if (o->intervals != NULL)
        json_key_number (out, ind, "calibration_mvc_uv", ch->calibration_mvc_uv);
      g_string_append_printf (out, ",\n%s\"quality\": \"%s\"", ind,
                              proprio_emg_quality_state_to_string (ch->quality));
      g_string_append_printf (out, ",\n%s\"quality_message\": ", ind);
      if (ch->quality_message != NULL)
        proprio_json_append_string (out, ch->quality_message);
      else
        g_string_append (out, "null");
      json_key_number (out, ind, "hum_uv", ch->hum_uv);
      {
        guint total = 0;

        for (guint st = 0; st < PROPRIO_EMG_QUALITY_N_STATES; st++)
          total += ch->quality_windows[st];
        json_key_number (out, ind, "quality_ok_share",
                         total > 0 ? (double) ch->quality_windows[PROPRIO_EMG_QUALITY_OK] / total
                                   : NAN);
      }
      g_string_append (out, "\n    }");
    }
  g_string_append (out, "\n  }");
  g_string_append_printf (out, ",\n  \"n\": %u", in->t_us->len);
  json_key_number (out, "  ", "duration_s", in->duration_s);
  g_string_append_printf (out, ",\n  \"gaps\": %u", in->gaps);
  json_key_number (out, "  ", "max_gap_s", in->gaps > 0 ? in->max_gap_s : 0.0);
  json_key_number (out, "  ", "highpass_hz",
                  config->input_is_envelope || config->highpass_hz <= 0.0 ? NAN
                                                                           : config->highpass_hz);
  json_key_number (out, "  ", "lowpass_hz",
                  config->input_is_envelope || config->lowpass_hz <= 0.0 ? NAN
                                                                          : config->lowpass_hz);
  json_key_number (out, "  ", "notch_hz",
                  config->input_is_envelope || config->notch_hz <= 0.0 ? NAN : config->notch_hz);
  json_key_number (out, "  ", "window_ms",
                  config->envelope_mode == PROPRIO_EMG_ENVELOPE_RMS && !config->input_is_envelope
                  ? config->window_ms : NAN);
  json_key_number (out, "  ", "envelope_lowpass_hz",
                  config->envelope_mode == PROPRIO_EMG_ENVELOPE_LOWPASS
                  && !config->input_is_envelope ? config->envelope_lowpass_hz : NAN);
  json_key_number (out, "  ", "baseline_s", o->baseline_s);
  json_key_number (out, "  ", "threshold_sd", o->h);
  g_string_append (out, "\n}\n");
  fputs (out->str, stdout);
}

/* Right-aligned by characters, for headers with a µ. */
static void
print_header (const char *label,
              int         width)
{
  for (long i = g_utf8_strlen (label, -1); i < width; i++)
    fputc (' ', stdout);
  fputs (label, stdout);
}

static void
print_value (double value)
{
  if (isfinite (value))
    printf ("%12.2f", value);
  else
    printf ("%14s", "–");   /* 3 bytes, 1 column: lines up with %12.2f */
}

static void
print_times (const GArray *values)
{
  if (values->len == 0)
    {
      fputs ("–", stdout);
      return;
    }
  for (guint i = 0; i < values->len; i++)
    printf ("%s%.3f", i > 0 ? ", " : "", g_array_index (values, double, i));
}

static void
print_table (const EmgOptions       *o,
             const EmgInput         *in,
             const ProprioEmgConfig *config)
{
  g_autofree char *name = g_filename_display_basename (o->file);

  printf (_("EMG metrics of %s\n\n"), name);
  proprio_cli_print_padded (_("Samples"), 16);
  printf (_("%u at %.1f Hz (from the timestamps), %.3f s\n"), in->t_us->len, in->fs_hz,
          in->duration_s);
  if (in->gaps > 0)
    {
      proprio_cli_print_padded ("", 16);
      printf (ngettext ("Note: %u gap in the timestamps (longest %.3f s): samples were lost "
                        "there, and the filters run across it as if it were one sample period\n",
                        "Note: %u gaps in the timestamps (longest %.3f s): samples were lost "
                        "there, and the filters run across them as if each were one sample "
                        "period\n", in->gaps),
              in->gaps, in->max_gap_s);
    }
  proprio_cli_print_padded (_("Processing"), 16);
  if (config->input_is_envelope)
    printf ("%s\n", _("none: the input is already an envelope"));
  else
    {
      fputs (_("offset removed"), stdout);
      if (config->highpass_hz > 0.0)
        printf (_("; high-pass %g Hz"), config->highpass_hz);
      if (config->notch_hz > 0.0)
        printf (_("; notch %g Hz and harmonics"), config->notch_hz);
      if (config->lowpass_hz > 0.0)
        printf (_("; low-pass %g Hz"), config->lowpass_hz);
      fputs (_(" (4th-order Butterworth)\n"), stdout);
      proprio_cli_print_padded (_("Envelope"), 16);
      if (config->envelope_mode == PROPRIO_EMG_ENVELOPE_RMS)
        printf (_("RMS over %g ms\n"), config->window_ms);
      else
        printf (_("rectified, low-pass %g Hz\n"), config->envelope_lowpass_hz);
    }
  proprio_cli_print_padded (_("Onsets"), 16);
  if (o->baseline_s > 0.0)
    printf (_("baseline: the first %g s; threshold mean + %g SD over %g ms; seconds after the "
              "cue at %g s\n"), o->baseline_s, o->h, o->onset_window_ms, o->cue_s);
  else
    printf ("%s\n", _("not detected (--baseline 0)"));

  printf ("\n");
  proprio_cli_print_padded (_("Channel"), 16);
  print_header (_("RMS µV"), 12);
  print_header (_("Peak env"), 12);
  print_header (_("Mean env"), 12);
  print_header (_("Hum µV"), 12);
  if (in->have_mvc)
    {
      /* xgettext:no-c-format */
      print_header (_("Peak %MVC"), 12);
      /* xgettext:no-c-format */
      print_header (_("Mean %MVC"), 12);
    }
  printf ("  %-10s %s\n", _("Quality"), _("Onsets (s)"));
  for (guint i = 0; i < in->channels->len; i++)
    {
      const EmgChannel *ch = g_ptr_array_index (in->channels, i);

      proprio_cli_print_padded (ch->name, 16);
      print_value (ch->rms_uv);
      print_value (ch->peak_uv);
      print_value (ch->mean_uv);
      print_value (ch->hum_uv);
      if (in->have_mvc)
        {
          print_value (proprio_emg_mvc_percent (ch->peak_uv, ch->mvc_uv));
          print_value (proprio_emg_mvc_percent (ch->mean_uv, ch->mvc_uv));
        }
      printf ("  %-10s ", proprio_emg_quality_state_to_string (ch->quality));
      if (o->baseline_s > 0.0)
        print_times (ch->onsets_s);
      printf ("\n");
    }
  if (o->intervals != NULL)
    {
      printf ("\n");
      printf (ngettext ("MVC from %u contraction (the best %g s window in each, averaged):\n",
                        "MVC from %u contractions (the best %g s window in each, averaged):\n",
                        o->intervals->len), o->intervals->len, o->mvc_window_s);
      for (guint i = 0; i < in->channels->len; i++)
        {
          const EmgChannel *ch = g_ptr_array_index (in->channels, i);

          proprio_cli_print_padded (ch->name, 16);
          printf ("%12.2f µV\n", ch->calibration_mvc_uv);
        }
    }
  for (guint i = 0; i < in->channels->len; i++)
    {
      const EmgChannel *ch = g_ptr_array_index (in->channels, i);

      if (ch->quality_message != NULL)
        printf ("\n%s", ch->quality_message);
    }
  printf ("\n");
}

/* The format read_mvc_file () reads: "column,mvc_uv", one row per channel. */
static gboolean
save_mvc_file (const char      *path,
               const EmgInput  *in,
               GError         **error)
{
  g_autoptr(GString) out = g_string_new (MVC_NAME_COLUMN "," MVC_VALUE_COLUMN "\n");

  for (guint i = 0; i < in->channels->len; i++)
    {
      const EmgChannel *ch = g_ptr_array_index (in->channels, i);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* Quoted when the name could be mistaken for a delimiter or a quote. */
      if (strpbrk (ch->name, ",;\t\"") != NULL)
        {
          g_autofree char *doubled = NULL;
          g_auto(GStrv) parts = g_strsplit (ch->name, "\"", -1);

          doubled = g_strjoinv ("\"\"", parts);
          g_string_append_printf (out, "\"%s\"", doubled);
        }
      else
        g_string_append (out, ch->name);
      g_string_append_printf (out, ",%s\n",
                              g_ascii_formatd (buf, sizeof buf, "%.9g", ch->calibration_mvc_uv));
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

int
proprio_cli_metrics_emg (int    argc,
                         char **argv)
{
  g_auto(EmgOptions) opts = { 0 };
  g_auto(EmgInput) in = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgCalibration) cal = NULL;
  ProprioEmgConfig config;
  int status;

  g_return_val_if_fail (argc >= 1 && argv != NULL, 2);

  status = parse_emg_options (argc, argv, &opts);
  if (status >= 0)
    return status;

  if (!read_emg_input (&opts, &in, &error) || !measure_rate (&in, &error))
    {
      g_printerr ("proprio-cli %s: %s\n", EMG_COMMAND, error->message);
      return 1;
    }
  if (opts.baseline_s > 0.0 && in.duration_s <= opts.baseline_s)
    {
      g_printerr (_("proprio-cli %s: the recording lasts %.3f s, no longer than the %g s quiet "
                    "baseline that onset detection needs; give a shorter --baseline, or "
                    "--baseline 0 to skip onsets\n"), EMG_COMMAND, in.duration_s,
                  opts.baseline_s);
      return 1;
    }
  if (opts.mvc != NULL)
    {
      if (!read_mvc_file (opts.mvc, &cal, &error))
        {
          g_printerr ("proprio-cli %s: %s\n", EMG_COMMAND, error->message);
          return 1;
        }
      in.have_mvc = TRUE;
    }

  config_for (&opts, in.fs_hz, &config);
  for (guint i = 0; i < in.channels->len; i++)
    {
      EmgChannel *ch = g_ptr_array_index (in.channels, i);

      if (!analyse_channel (&opts, &in, ch, cal, &error))
        {
          if (g_error_matches (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW))
            g_printerr (_("proprio-cli %s: %s (the recording has %.1f samples per second)\n"),
                        EMG_COMMAND, error->message, in.fs_hz);
          else
            g_printerr ("proprio-cli %s: %s\n", EMG_COMMAND, error->message);
          return 1;
        }
      if (in.have_mvc && isnan (ch->mvc_uv))
        g_printerr (_("proprio-cli %s: %s has no MVC for column “%s”; its %%MVC is left "
                      "out\n"), EMG_COMMAND, opts.mvc, ch->name);
    }
  if (in.gaps > 0)
    g_printerr (ngettext ("proprio-cli %s: note: %u gap in the timestamps (longest %.3f s); the "
                          "filters run across it\n",
                          "proprio-cli %s: note: %u gaps in the timestamps (longest %.3f s); the "
                          "filters run across them\n", in.gaps),
                EMG_COMMAND, in.gaps, in.max_gap_s);

  if (opts.save_mvc != NULL)
    {
      if (!save_mvc_file (opts.save_mvc, &in, &error))
        {
          g_printerr ("proprio-cli %s: %s\n", EMG_COMMAND, error->message);
          return 1;
        }
      g_printerr (_("proprio-cli %s: MVCs written to %s\n"), EMG_COMMAND, opts.save_mvc);
    }

  if (opts.json)
    print_json (&opts, &in, &config);
  else
    print_table (&opts, &in, &config);
  return 0;
}
