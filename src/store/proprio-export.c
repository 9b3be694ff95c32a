/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-export"

#include "config.h"

#include <edflib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/proprio-stream.h"
#include "proprio-export.h"
#include "proprio-output-file.h"
#include "proprio-stream-file.h"
#include "proprio-video-file.h"
#include "proprio-video-recorder.h"

G_DEFINE_QUARK (proprio-export-error-quark, proprio_export_error)

/* EDF+ dates before this are not allowed; it is also the conventional anonymous date. */
#define ANONYMOUS_YEAR 1985
/* What edflib writes of an annotation's text. */
#define ANNOTATION_BYTES 40

/* --- output files that never harm what is there (proprio-output-file.h) --- */

typedef ProprioOutputFile Target;

static void
target_clear (Target *target)
{
  proprio_output_file_clear (target);
}

/* Makes the temporary file next to `path`; returns its fd, or -1. */
static int
target_open (Target       *target,
             const char   *path,
             gboolean      replace,
             GError      **error)
{
  ProprioOutputProblem problem;
  int errsv;
  int fd = proprio_output_file_open (target, path, replace, &problem, &errsv);
  g_autofree char *dir = NULL;

  if (fd >= 0)
    return fd;
  switch (problem)
    {
    case PROPRIO_OUTPUT_NOT_PLAIN:
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write “%s”: it is not a plain file (a link, a device or a "
                     "folder) and is left as it is; give the name of a new file"), path);
      break;
    case PROPRIO_OUTPUT_EXISTS:
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS,
                   _("“%s” exists already and is left as it is; choose another name, or "
                     "replace it (--force)"), path);
      break;
    default:
      dir = g_path_get_dirname (path);
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write in the folder “%s”: %s. Choose a folder you can write to."),
                   dir, g_strerror (errsv));
      break;
    }
  return -1;
}

static gboolean
target_commit (Target  *target,
               GError **error)
{
  ProprioOutputProblem problem;
  int errsv;

  if (proprio_output_file_commit (target, &problem, &errsv))
    return TRUE;
  if (problem == PROPRIO_OUTPUT_NOT_PLAIN)
    g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE,
                 _("Cannot write “%s”: it is not a plain file and is left as it is"),
                 target->final);
  else if (problem == PROPRIO_OUTPUT_APPEARED)
    g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS,
                 _("“%s” appeared while exporting and is left as it is; choose another "
                   "name"), target->final);
  else
    g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                 _("Cannot write “%s”: %s"), target->final, g_strerror (errsv));
  return FALSE;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  if (errsv == ENOSPC || errsv == EDQUOT || errsv == EFBIG)
    g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                 _("Cannot write “%s”: the disk is full. Free some space and export again."),
                 path);
  else
    g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                 _("Cannot write “%s”: %s"), path, g_strerror (errsv));
}

/* --- what is exported --- */

typedef struct
{
  ProprioSession        *session;
  ProprioPatient        *patient;
  GPtrArray             *streams;    /* ProprioStreamInfo, without the video */
  ProprioStreamInfo     *video;      /* the "video" stream, or NULL */
  GPtrArray             *events;     /* ProprioEvent */
  GPtrArray             *exercises;  /* ProprioStoredExercise */
  ProprioExportFlags     flags;
  ProprioExportProgressFunc progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
  double                 done;       /* progress: work done */
  double                 total;      /* and to do */
} Export;

static void
export_clear (Export *ex)
{
  g_clear_pointer (&ex->session, proprio_session_free);
  g_clear_pointer (&ex->patient, proprio_patient_free);
  g_clear_pointer (&ex->streams, g_ptr_array_unref);
  g_clear_pointer (&ex->video, proprio_stream_info_free);
  g_clear_pointer (&ex->events, g_ptr_array_unref);
  g_clear_pointer (&ex->exercises, g_ptr_array_unref);
}

static void
report_progress (Export *ex)
{
  if (ex->progress != NULL && ex->total > 0)
    ex->progress (MIN (ex->done / ex->total, 1.0), ex->progress_data);
}

static gboolean
anonymise (Export *ex)
{
  return (ex->flags & PROPRIO_EXPORT_ANONYMISE) != 0;
}

static char *
one_line (const char *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  for (char *p = copy; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      *p = ' ';
  return copy;
}

/* "# " and what the file is: when, from what, by what. */
static char *
comment_line (Export *ex)
{
  GString *out = g_string_new ("# ");
  g_autofree char *spec = one_line (ex->session->device_spec);

  if (anonymise (ex))
    g_string_append (out, "start: anonymised (t_us counted from the session start)");
  else
    {
      g_autofree char *start = g_date_time_format_iso8601 (ex->session->started_at);

      g_string_append_printf (out, "start: %s", start);
    }
  g_string_append_printf (out, "; device: %s; software: Proprio %s", *spec ? spec : "unknown",
                          PACKAGE_VERSION);
  {
    g_autofree char *id = one_line (ex->patient->id);

    g_string_append_printf (out, "; patient: %s", id);
  }
  if (!anonymise (ex))
    {
      g_autofree char *name = one_line (ex->patient->name);

      g_string_append_printf (out, "; session: %s", ex->session->id);
      if (*name)
        g_string_append_printf (out, "; name: %s", name);
      if (ex->patient->birth_date != NULL)
        g_string_append_printf (out, "; born: %s", ex->patient->birth_date);
    }
  return g_string_free (out, FALSE);
}

/* --- CSV --- */

static gboolean
write_all (FILE        *file,
           const char  *path,
           const char  *text,
           gsize        length,
           GError     **error)
{
  if (length > 0 && fwrite (text, 1, length, file) != length)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish_file (FILE        *file,
             const char  *path,
             GError     **error)
{
  int rc = fflush (file);

  if (rc == 0)
    rc = fsync (fileno (file));
  if (rc != 0)
    {
      int errsv = errno;

      fclose (file);
      set_write_error (error, path, errsv);
      return FALSE;
    }
  if (fclose (file) != 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  return TRUE;
}

/* Copies a stream file under the comment line; the rows keep their text, so the numbers stay
 * exactly as recorded (t_us shifted when anonymising). */
static gboolean
copy_stream_csv (Export             *ex,
                 ProprioStreamInfo  *info,
                 FILE               *out,
                 const char         *out_path,
                 GError            **error)
{
  g_autofree char *comment = comment_line (ex);
  FILE *in = fopen (info->path, "re");
  char *line = NULL;
  size_t size = 0;
  ssize_t n;
  guint lineno = 0;
  gboolean ok = TRUE;
  GString *shifted = g_string_new (NULL);

  if (in == NULL)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                   _("Cannot read the recording “%s”: %s"), info->path, g_strerror (errsv));
      g_string_free (shifted, TRUE);
      return FALSE;
    }
  ok = write_all (out, out_path, comment, strlen (comment), error) &&
       write_all (out, out_path, "\n", 1, error);
  while (ok && (n = getline (&line, &size, in)) > 0)
    {
      /* A row cut short by a crash is not data. */
      if (line[n - 1] != '\n')
        break;
      ex->done += n;
      if (++lineno % 4096 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
            {
              ok = FALSE;
              break;
            }
          report_progress (ex);
        }
      if (lineno > 1 && anonymise (ex))
        {
          char *end;
          gint64 t = g_ascii_strtoll (line, &end, 10);

          g_string_printf (shifted, "%" G_GINT64_FORMAT "%s", t - ex->session->start_us, end);
          ok = write_all (out, out_path, shifted->str, shifted->len, error);
        }
      else
        ok = write_all (out, out_path, line, (gsize) n, error);
    }
  free (line);
  fclose (in);
  g_string_free (shifted, TRUE);
  return ok;
}

/* Writes one file of the CSV folder through a temporary name. */
typedef gboolean (*WriteFunc) (Export *ex, gpointer data, FILE *out, const char *path,
                               GError **error);

static gboolean
write_target (Export      *ex,
              const char  *path,
              gboolean     replace,
              WriteFunc    func,
              gpointer     data,
              GError     **error)
{
  Target target = { 0 };
  int fd = target_open (&target, path, replace, error);
  FILE *out;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  out = fdopen (fd, "w");
  if (out == NULL)
    {
      set_write_error (error, target.temp, errno);
      close (fd);
      target_clear (&target);
      return FALSE;
    }
  ok = func (ex, data, out, path, error);
  if (ok)
    ok = finish_file (out, path, error);
  else
    fclose (out);
  if (ok)
    ok = target_commit (&target, error);
  target_clear (&target);
  return ok;
}

static gboolean
write_stream (Export *ex, gpointer data, FILE *out, const char *path, GError **error)
{
  return copy_stream_csv (ex, data, out, path, error);
}

/* The video's frames as they are: a motion JPEG file any player reads. */
static gboolean
write_frames (Export *ex, gpointer data, FILE *out, const char *path, GError **error)
{
  const char *in_path = data;
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);
  FILE *in = fopen (in_path, "re");
  gboolean ok = TRUE;
  size_t n;

  if (in == NULL)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                   _("Cannot read the video “%s”: %s"), in_path, g_strerror (errsv));
      return FALSE;
    }
  while (ok && (n = fread (buffer, 1, 1024 * 1024, in)) > 0)
    {
      ex->done += n;
      ok = !g_cancellable_set_error_if_cancelled (ex->cancellable, error) &&
           write_all (out, path, (const char *) buffer, n, error);
      report_progress (ex);
    }
  if (ok && ferror (in))
    {
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                   _("Cannot read the video “%s”: %s"), in_path, g_strerror (EIO));
      ok = FALSE;
    }
  fclose (in);
  return ok;
}

/* The video (index and frames) into the CSV folder: left out when anonymised, since the picture
 * shows the patient, and when its files are gone and SKIP_MISSING says to go on. */
static gboolean
export_video (Export     *ex,
              const char *folder,
              gboolean    replace,
              GPtrArray  *written,
              GError    **error)
{
  g_autofree char *frames = NULL;
  char *path;

  if (ex->video == NULL || anonymise (ex))
    return TRUE;
  frames = proprio_video_file_mjpeg_path (ex->video->path);
  if (frames == NULL || !g_file_test (ex->video->path, G_FILE_TEST_EXISTS) ||
      !g_file_test (frames, G_FILE_TEST_EXISTS))
    {
      if ((ex->flags & PROPRIO_EXPORT_SKIP_MISSING) != 0)
        return TRUE;
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                   _("The video of this session is missing from its folder (“%s”); the other "
                     "recordings can be exported without it by a snapshot bundle."),
                   frames != NULL ? frames : ex->video->path);
      return FALSE;
    }
  path = g_build_filename (folder, PROPRIO_VIDEO_STREAM_NAME ".csv", NULL);
  g_ptr_array_add (written, path);
  if (!write_target (ex, path, replace, write_stream, ex->video, error))
    return FALSE;
  path = g_build_filename (folder, PROPRIO_VIDEO_STREAM_NAME ".mjpeg", NULL);
  g_ptr_array_add (written, path);
  return write_target (ex, path, replace, write_frames, frames, error);
}

static gboolean
write_events (Export *ex, gpointer data, FILE *out, const char *path, GError **error)
{
  g_autofree char *comment = comment_line (ex);
  g_autoptr(GString) line = g_string_new (comment);

  g_string_append (line, "\nt_us,kind,text\n");
  for (guint i = 0; i < ex->events->len; i++)
    {
      ProprioEvent *event = ex->events->pdata[i];

      proprio_stream_file_format_event (line, event->t_us - (anonymise (ex) ? ex->session->start_us
                                                                             : 0),
                                        event->kind, event->text);
      g_string_append_c (line, '\n');
    }
  return write_all (out, path, line->str, line->len, error);
}

static gboolean
write_exercises (Export *ex, gpointer data, FILE *out, const char *path, GError **error)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GRegex) wall = g_regex_new ("\"started_at\" *: *\"[^\"]*\"", 0, 0, NULL);

  for (guint i = 0; i < ex->exercises->len; i++)
    {
      ProprioStoredExercise *e = ex->exercises->pdata[i];
      g_autofree char *text = NULL;

      /* Anonymised: the wall-clock start would date the session. */
      text = anonymise (ex) && e->result_json != NULL
             ? g_regex_replace_literal (wall, e->result_json, -1, 0, "\"started_at\":null", 0,
                                        NULL)
             : g_strdup (e->result_json != NULL ? e->result_json : "null");
      g_string_append_printf (json, "%s\n  %s", i > 0 ? "," : "", text);
    }
  g_string_append (json, "\n]\n");
  return write_all (out, path, json->str, json->len, error);
}

static gboolean
export_csv (Export      *ex,
            const char  *folder,
            GError     **error)
{
  gboolean replace = (ex->flags & PROPRIO_EXPORT_REPLACE) != 0;
  gboolean made = FALSE;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  struct stat st;
  gboolean ok = TRUE;

  if (lstat (folder, &st) == 0)
    {
      if (!S_ISDIR (st.st_mode))
        {
          g_set_error (error, PROPRIO_EXPORT_ERROR,
                       S_ISREG (st.st_mode) && !replace ? PROPRIO_EXPORT_ERROR_EXISTS
                                                        : PROPRIO_EXPORT_ERROR_NOT_WRITABLE,
                       _("“%s” exists and is not a folder; it is left as it is. Give the name "
                         "of a new folder for the CSV files."), folder);
          return FALSE;
        }
      if (!replace)
        {
          g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS,
                       _("“%s” exists already and is left as it is; choose another name, or "
                         "replace its files (--force)"), folder);
          return FALSE;
        }
    }
  else if (g_mkdir (folder, 0700) == 0)
    made = TRUE;
  else
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE,
                   _("Cannot make the folder “%s”: %s. Choose a folder you can write to."),
                   folder, g_strerror (errsv));
      return FALSE;
    }

  for (guint i = 0; i < ex->streams->len; i++)
    {
      ProprioStreamInfo *info = ex->streams->pdata[i];
      struct stat in;

      if (stat (info->path, &in) == 0)
        ex->total += in.st_size;
    }
  if (ex->video != NULL && !anonymise (ex))
    {
      g_autofree char *frames = proprio_video_file_mjpeg_path (ex->video->path);
      struct stat in;

      if (frames != NULL && stat (frames, &in) == 0)
        ex->total += in.st_size;
    }
  ex->total += 1;

  for (guint i = 0; ok && i < ex->streams->len; i++)
    {
      ProprioStreamInfo *info = ex->streams->pdata[i];
      g_autofree char *name = g_strconcat (info->name, ".csv", NULL);
      char *path;

      if ((ex->flags & PROPRIO_EXPORT_SKIP_MISSING) != 0 &&
          !g_file_test (info->path, G_FILE_TEST_EXISTS))
        continue;
      path = g_build_filename (folder, name, NULL);
      ok = write_target (ex, path, replace, write_stream, info, error);
      g_ptr_array_add (written, path);
    }
  if (ok)
    ok = export_video (ex, folder, replace, written, error);
  if (ok)
    {
      char *path = g_build_filename (folder, "events.csv", NULL);

      ok = write_target (ex, path, replace, write_events, NULL, error);
      g_ptr_array_add (written, path);
    }
  if (ok)
    {
      char *path = g_build_filename (folder, "exercises.json", NULL);

      ok = write_target (ex, path, replace, write_exercises, NULL, error);
      g_ptr_array_add (written, path);
    }
  /* A folder this export made holds only what it wrote: an incomplete one goes. */
  if (!ok && made)
    {
      for (guint i = 0; i < written->len; i++)
        g_unlink (written->pdata[i]);
      g_rmdir (folder);
    }
  if (ok)
    {
      ex->done = ex->total;
      report_progress (ex);
    }
  return ok;
}

/* --- EDF+ --- */

void
proprio_export_edf_range (double  min,
                          double  max,
                          double *phys_min,
                          double *phys_max)
{
  double bounds[2] = { min, max };

  if (!isfinite (min) || !isfinite (max))
    bounds[0] = -1.0, bounds[1] = 1.0;
  if (bounds[1] - bounds[0] < 1e-6 * MAX (fabs (bounds[0]), 1.0))
    {
      bounds[0] -= MAX (fabs (bounds[0]) * 1e-3, 0.5);
      bounds[1] += MAX (fabs (bounds[1]) * 1e-3, 0.5);
    }
  /* The header keeps 8 characters: round outward to the finest value that fits. */
  for (guint b = 0; b < 2; b++)
    {
      double value = bounds[b];
      double fitted = b == 0 ? -99999999.0 : 99999999.0;

      for (int digits = 7; digits >= 0; digits--)
        {
          double scale = pow (10.0, digits);
          double rounded = b == 0 ? floor (value * scale) / scale : ceil (value * scale) / scale;
          char text[64];

          g_snprintf (text, sizeof text, "%.*f", digits, rounded);
          if (strlen (text) <= 8)
            {
              fitted = g_ascii_strtod (text, NULL);
              /* The text may round back inside the data: step one unit further out. */
              if (b == 0 && fitted > value)
                fitted -= 1.0 / scale;
              if (b == 1 && fitted < value)
                fitted += 1.0 / scale;
              g_snprintf (text, sizeof text, "%.*f", digits, fitted);
              if (strlen (text) <= 8)
                {
                  fitted = g_ascii_strtod (text, NULL);
                  break;
                }
            }
        }
      bounds[b] = fitted;
    }
  *phys_min = bounds[0];
  *phys_max = bounds[1];
}

/* edflib prints the header's physical range by cutting digits off (toward zero), so -168.499,
 * held in binary as -168.49899…, would become "-168.498" and the data would clip. A nudge far
 * below the last printed digit makes the cut land on the value itself. */
static double
away_from_zero (double value)
{
  return value + copysign (fabs (value) * 1e-12 + 1e-12, value);
}

/* One EDF signal: a column of a stream, resampled. */
typedef struct
{
  guint   stream;       /* index into the loaded streams */
  guint   column;       /* index into that stream's values */
  char   *label;
  char   *unit;
  double  phys_min, phys_max;
  gsize   cursor;       /* resampling position in the stream */
} Signal;

typedef struct
{
  ProprioStreamInfo *info;
  guint              rate;       /* samples per second in the EDF */
  gboolean           estimated;  /* rate measured from the data */
  GArray            *times;      /* gint64 */
  GArray            *values;     /* double, n_columns per row */
  guint              n_columns;
  GArray            *columns;    /* guint: which file columns are kept */
  double            *last;       /* last finite value per column */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_array_unref (loaded->times);
  g_array_unref (loaded->values);
  g_array_unref (loaded->columns);
  g_free (loaded->last);
  g_free (loaded);
}

static void
signal_free (Signal *signal)
{
  g_free (signal->label);
  g_free (signal->unit);
  g_free (signal);
}

/* "ch1_uv" → unit "uV", label "ch1". */
static void
split_column (const char  *name,
              char       **label,
              char       **unit)
{
  static const char *const units[][2] = {
    { "_uv", "uV" }, { "_mv", "mV" }, { "_v", "V" }, { "_kg", "kg" }, { "_mm", "mm" },
    { "_deg", "deg" }, { "_g", "g" }, { "_counts", "counts" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_has_suffix (name, units[i][0]))
      {
        *label = g_strndup (name, strlen (name) - strlen (units[i][0]));
        *unit = g_strdup (units[i][1]);
        return;
      }
  *label = g_strdup (name);
  *unit = g_strdup ("");
}

/* The columns of a stream that go into the EDF file. */
static gboolean
keep_column (ProprioStreamKind  kind,
             const char        *name)
{
  g_autofree char *label = NULL;
  g_autofree char *unit = NULL;
  ProprioChannelInfo info;

  split_column (name, &label, &unit);
  info.name = name;
  info.label = label;
  info.unit = unit;
  switch (kind)
    {
    case PROPRIO_STREAM_EMG:
      return proprio_stream_is_emg_channel (&info);
    case PROPRIO_STREAM_BALANCE:
      return g_str_has_prefix (name, "cop_");
    case PROPRIO_STREAM_ANGLE:
    case PROPRIO_STREAM_GENERIC:
    default:
      return g_strcmp0 (name, "counter") != 0;
    }
}

typedef struct
{
  Export  *ex;
  Loaded  *loaded;
  guint    rows;
  GError **error;
} LoadData;

static gboolean
load_row (gint64        t_us,
          const double *values,
          guint         n_values,
          gpointer      user_data)
{
  LoadData *data = user_data;
  Loaded *loaded = data->loaded;

  g_array_append_val (loaded->times, t_us);
  for (guint c = 0; c < loaded->columns->len; c++)
    {
      guint column = g_array_index (loaded->columns, guint, c);
      double value = column < n_values ? values[column] : NAN;

      g_array_append_val (loaded->values, value);
    }
  if (++data->rows % 8192 == 0)
    {
      data->ex->done += 8192;
      report_progress (data->ex);
      if (g_cancellable_is_cancelled (data->ex->cancellable))
        return FALSE;
    }
  return TRUE;
}

static Loaded *
load_stream (Export             *ex,
             ProprioStreamInfo  *info,
             GError            **error)
{
  g_auto(GStrv) columns = proprio_stream_file_read_columns (info->path, error);
  Loaded *loaded;
  LoadData data = { ex, NULL, 0, error };

  if (columns == NULL)
    return NULL;
  loaded = g_new0 (Loaded, 1);
  loaded->info = info;
  loaded->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  loaded->values = g_array_new (FALSE, FALSE, sizeof (double));
  loaded->columns = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; columns[i] != NULL; i++)
    if (keep_column (info->kind, columns[i]))
      g_array_append_val (loaded->columns, i);
  loaded->n_columns = loaded->columns->len;
  loaded->last = g_new0 (double, MAX (loaded->n_columns, 1));
  data.loaded = loaded;
  if (loaded->n_columns > 0 &&
      !proprio_stream_file_foreach_row (info->path, load_row, &data, error))
    {
      if (error != NULL && *error == NULL)
        g_cancellable_set_error_if_cancelled (ex->cancellable, error);
      loaded_free (loaded);
      return NULL;
    }
  return loaded;
}

/* The value of column `c` at time `t`: linear between the samples around it; before the first
 * or after the last, the nearest; a missing value, the last one before it. Times asked for must
 * increase. */
static double
resample (Loaded *loaded,
          guint   c,
          gint64  t,
          gsize  *cursor)
{
  const gint64 *times = (const gint64 *) (gpointer) loaded->times->data;
  const double *values = (const double *) (gpointer) loaded->values->data;
  gsize n = loaded->times->len;
  guint width = loaded->n_columns;
  gsize i;
  double a, b;

  while (*cursor + 1 < n && times[*cursor + 1] <= t)
    (*cursor)++;
  i = *cursor;
  a = values[i * width + c];
  if (t <= times[i] || i + 1 >= n)
    b = a;
  else
    {
      double fraction = (double) (t - times[i]) / (double) (times[i + 1] - times[i]);

      b = values[(i + 1) * width + c];
      if (isfinite (a) && isfinite (b))
        a = a + (b - a) * fraction;
      else if (!isfinite (a))
        a = b;
    }
  if (!isfinite (a))
    return NAN;
  return a;
}

static gboolean
edf_check (int          rc,
           const char  *path,
           const char  *what,
           GError     **error)
{
  if (rc == 0)
    return TRUE;
  g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
               _("Cannot write the EDF+ file “%s”: %s failed"), path, what);
  return FALSE;
}

/* At most `max` bytes of `text`, cut at a character boundary. */
static char *
utf8_cut (const char *text,
          gsize       max)
{
  const char *end = text;

  while (*end != '\0')
    {
      const char *next = g_utf8_next_char (end);

      if ((gsize) (next - text) > max)
        break;
      end = next;
    }
  return g_strndup (text, end - text);
}

static gboolean
export_edf (Export      *ex,
            const char  *path,
            GError     **error)
{
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) loaded_free);
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) signal_free);
  g_autoptr(GDateTime) start = NULL;
  g_autofree short *buffer = NULL;
  Target target = { 0 };
  gint64 t0 = G_MAXINT64, t_end = G_MININT64;
  gint64 n_records;
  guint max_rate = 1;
  int handle = -1, fd;
  gboolean ok = FALSE;

  for (guint i = 0; i < ex->streams->len; i++)
    {
      struct stat in;

      if (stat (((ProprioStreamInfo *) ex->streams->pdata[i])->path, &in) == 0)
        ex->total += in.st_size / 40.0;  /* rows, roughly */
    }
  ex->total = ex->total * 2 + 1;

  /* Load, choose rates and ranges. */
  for (guint i = 0; i < ex->streams->len; i++)
    {
      ProprioStreamInfo *info = ex->streams->pdata[i];
      Loaded *l = load_stream (ex, info, error);
      g_auto(GStrv) columns = NULL;
      const gint64 *times;
      gsize n;

      if (l == NULL)
        return FALSE;
      n = l->times->len;
      if (l->n_columns == 0 || n == 0)
        {
          loaded_free (l);
          continue;
        }
      times = (const gint64 *) (gpointer) l->times->data;
      if (info->rate_hz >= 0.5)
        l->rate = (guint) lround (info->rate_hz);
      else
        {
          double span = (times[n - 1] - times[0]) / (double) G_USEC_PER_SEC;

          l->rate = n > 1 && span > 0 ? (guint) MAX (lround ((n - 1) / span), 1) : 1;
          l->estimated = TRUE;
        }
      t0 = MIN (t0, times[0]);
      t_end = MAX (t_end, times[n - 1]);
      max_rate = MAX (max_rate, l->rate);
      columns = proprio_stream_file_read_columns (info->path, error);
      if (columns == NULL)
        {
          loaded_free (l);
          return FALSE;
        }
      for (guint c = 0; c < l->n_columns; c++)
        {
          Signal *signal = g_new0 (Signal, 1);
          const double *values = (const double *) (gpointer) l->values->data;
          double min = INFINITY, max = -INFINITY;

          signal->stream = loaded->len;
          signal->column = c;
          split_column (columns[g_array_index (l->columns, guint, c)], &signal->label,
                        &signal->unit);
          /* A second device of the same kind in the session ("balance-2"): its signals say so,
           * or a reader would see two "cop_x". */
          if (strchr (info->name, '-') != NULL &&
              g_ascii_isdigit (info->name[strlen (info->name) - 1]))
            {
              char *label = g_strdup_printf ("%s:%s", strrchr (info->name, '-') + 1,
                                             signal->label);

              g_free (signal->label);
              signal->label = label;
            }
          for (gsize r = 0; r < n; r++)
            {
              double v = values[r * l->n_columns + c];

              if (isfinite (v))
                {
                  min = MIN (min, v);
                  max = MAX (max, v);
                }
            }
          if (!isfinite (min))
            min = max = 0.0;  /* never a value: written as 0 */
          proprio_export_edf_range (min, max, &signal->phys_min, &signal->phys_max);
          g_ptr_array_add (signals, signal);
        }
      g_ptr_array_add (loaded, l);
    }
  if (signals->len == 0)
    {
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NO_DATA,
                   _("Session “%s” has no recorded samples to export"), ex->session->id);
      return FALSE;
    }
  if (signals->len > EDFLIB_MAXSIGNALS - 1)
    g_ptr_array_set_size (signals, EDFLIB_MAXSIGNALS - 1);
  n_records = MAX ((t_end - t0 + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1);
  /* The grid's last point must be inside the data: a sample exactly at a second's end. */
  if (t0 + n_records * G_USEC_PER_SEC <= t_end)
    n_records++;

  fd = target_open (&target, path, (ex->flags & PROPRIO_EXPORT_REPLACE) != 0, error);
  if (fd < 0)
    return FALSE;
  close (fd);  /* edflib opens the file by its name */

  handle = edfopen_file_writeonly (target.temp, EDFLIB_FILETYPE_EDFPLUS, (int) signals->len);
  if (handle < 0)
    {
      g_set_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_FAILED,
                   _("Cannot write the EDF+ file “%s” (edflib error %d)"), path, handle);
      target_clear (&target);
      return FALSE;
    }
  for (guint s = 0; s < signals->len; s++)
    {
      Signal *signal = signals->pdata[s];
      Loaded *l = loaded->pdata[signal->stream];
      g_autofree char *label = utf8_cut (signal->label, 16);

      if (!edf_check (edf_set_samplefrequency (handle, (int) s, (int) l->rate), path,
                      "setting the sample rate", error) ||
          !edf_check (edf_set_physical_maximum (handle, (int) s, away_from_zero (signal->phys_max)),
                      path, "setting the physical maximum", error) ||
          !edf_check (edf_set_physical_minimum (handle, (int) s, away_from_zero (signal->phys_min)),
                      path,
                      "setting the physical minimum", error) ||
          !edf_check (edf_set_digital_maximum (handle, (int) s, 32767), path,
                      "setting the digital maximum", error) ||
          !edf_check (edf_set_digital_minimum (handle, (int) s, -32768), path,
                      "setting the digital minimum", error) ||
          !edf_check (edf_set_label (handle, (int) s, label), path, "setting a label", error) ||
          !edf_check (edf_set_physical_dimension (handle, (int) s, signal->unit), path,
                      "setting a unit", error))
        goto out;
      edf_set_prefilter (handle, (int) s, l->estimated ? "resampled, mean rate" : "resampled");
    }

  /* Who and when. */
  edf_set_patientcode (handle, ex->patient->id);
  edf_set_equipment (handle, "Proprio " PACKAGE_VERSION);
  if (anonymise (ex))
    {
      edf_set_startdatetime (handle, ANONYMOUS_YEAR, 1, 1, 0, 0, 0);
      edf_set_recording_additional (handle, "anonymised,resampled");
    }
  else
    {
      g_autoptr(GDateTime) local = NULL;

      start = g_date_time_add (ex->session->started_at, t0 - ex->session->start_us);
      local = g_date_time_to_utc (start);
      if (g_date_time_get_year (local) >= 1985 && g_date_time_get_year (local) <= 2084)
        {
          edf_set_startdatetime (handle, g_date_time_get_year (local),
                                 g_date_time_get_month (local),
                                 g_date_time_get_day_of_month (local),
                                 g_date_time_get_hour (local), g_date_time_get_minute (local),
                                 g_date_time_get_second (local));
          edf_set_subsecond_starttime (handle, g_date_time_get_microsecond (local) * 10);
        }
      if (ex->patient->name != NULL)
        edf_set_patientname (handle, ex->patient->name);
      if (ex->patient->birth_date != NULL)
        {
          int y, m, d;

          if (sscanf (ex->patient->birth_date, "%d-%d-%d", &y, &m, &d) == 3)
            edf_set_birthdate (handle, y, m, d);
        }
      edf_set_admincode (handle, ex->session->id);
      edf_set_recording_additional (handle, "UTC,resampled");
    }
  edf_set_number_of_annotation_signals (handle, 4);

  /* Records: one second each. */
  buffer = g_new0 (short, max_rate);
  for (gint64 r = 0; r < n_records; r++)
    {
      if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
        goto out;
      for (guint s = 0; s < signals->len; s++)
        {
          Signal *signal = signals->pdata[s];
          Loaded *l = loaded->pdata[signal->stream];

          for (guint k = 0; k < l->rate; k++)
            {
              gint64 t = t0 + r * G_USEC_PER_SEC + (gint64) llround (k * 1e6 / l->rate);
              double v = resample (l, signal->column, t, &signal->cursor);

              if (!isfinite (v))
                v = isfinite (l->last[signal->column]) ? l->last[signal->column] : 0.0;
              l->last[signal->column] = v;
              /* Rounded to the nearest step here: edflib's own conversion can be a step off. */
              v = (v - signal->phys_min) / (signal->phys_max - signal->phys_min) * 65535.0;
              buffer[k] = (short) CLAMP (lround (v) - 32768, -32768, 32767);
            }
          if (edfwrite_digital_short_samples (handle, buffer) != 0)
            {
              set_write_error (error, path, errno != 0 ? errno : EIO);
              goto out;
            }
        }
      if (r % 16 == 0)
        {
          ex->done = ex->total / 2 + (ex->total / 2) * (double) r / (double) n_records;
          report_progress (ex);
        }
    }

  /* Annotations: what was resampled, then exercises and events. edflib keeps 40 bytes of each
   * (cut here at a character boundary); events.csv of a CSV export has the whole text. */
  for (guint i = 0; i < loaded->len; i++)
    {
      Loaded *l = loaded->pdata[i];
      g_autofree char *text = g_strdup_printf ("Resampled: %s %u Hz%s", l->info->name, l->rate,
                                               l->estimated ? " (mean)" : "");
      g_autofree char *cut = utf8_cut (text, ANNOTATION_BYTES);

      edfwrite_annotation_utf8 (handle, 0, -1, cut);
    }
  for (guint i = 0; i < ex->exercises->len; i++)
    {
      ProprioStoredExercise *e = ex->exercises->pdata[i];
      g_autofree char *text = g_strdup_printf ("Exercise: %s (%s)", e->title ? e->title
                                                                               : e->exercise_id,
                                               e->outcome ? e->outcome : "");
      g_autofree char *cut = utf8_cut (text, ANNOTATION_BYTES);
      gint64 onset = e->start_us - t0;

      if (onset < 0)
        onset = 0;
      edfwrite_annotation_utf8 (handle, onset / 100,
                                e->end_us > e->start_us ? (e->end_us - e->start_us) / 100 : -1,
                                cut);
    }
  for (guint i = 0; i < ex->events->len; i++)
    {
      ProprioEvent *event = ex->events->pdata[i];
      g_autofree char *text = g_strdup_printf ("%s: %s", event->kind, event->text);
      g_autofree char *cut = utf8_cut (text, ANNOTATION_BYTES);

      if (event->t_us < t0 || event->t_us > t0 + n_records * G_USEC_PER_SEC)
        continue;  /* outside the file: EDF+ cannot place it */
      edfwrite_annotation_utf8 (handle, (event->t_us - t0) / 100, -1, cut);
    }
  ok = TRUE;

out:
  if (edfclose_file (handle) != 0 && ok)
    {
      set_write_error (error, path, errno != 0 ? errno : EIO);
      ok = FALSE;
    }
  if (ok)
    {
      /* edflib does not sync: the file must be on the disk before it takes the name. */
      int sync_fd = open (target.temp, O_RDONLY | O_CLOEXEC);

      if (sync_fd >= 0)
        {
          if (fsync (sync_fd) != 0)
            {
              set_write_error (error, path, errno);
              ok = FALSE;
            }
          close (sync_fd);
        }
    }
  if (ok)
    ok = target_commit (&target, error);
  target_clear (&target);
  if (ok)
    {
      ex->done = ex->total;
      report_progress (ex);
    }
  return ok;
}

/* --- entry points --- */

gboolean
proprio_export_session (ProprioStore              *store,
                        const char                *session_id,
                        ProprioExportFormat        format,
                        const char                *path,
                        ProprioExportFlags         flags,
                        ProprioExportProgressFunc  progress,
                        gpointer                   progress_data,
                        GCancellable              *cancellable,
                        GError                   **error)
{
  Export ex = { 0 };
  gboolean ok;

  g_return_val_if_fail (PROPRIO_IS_STORE (store), FALSE);
  g_return_val_if_fail (session_id != NULL && path != NULL, FALSE);

  ex.flags = flags;
  ex.progress = progress;
  ex.progress_data = progress_data;
  ex.cancellable = cancellable;
  if ((ex.session = proprio_store_get_session_sync (store, session_id, error)) == NULL ||
      (ex.patient = proprio_store_get_patient_sync (store, ex.session->patient_id,
                                                    error)) == NULL ||
      (ex.streams = proprio_store_list_streams_sync (store, session_id, error)) == NULL ||
      (ex.events = proprio_store_list_events_sync (store, session_id, error)) == NULL ||
      (ex.exercises = proprio_store_list_exercises_sync (store, session_id, error)) == NULL)
    {
      export_clear (&ex);
      return FALSE;
    }
  /* The video is not a stream of numbers: the CSV export copies its files, EDF+ has no room. */
  for (guint i = 0; i < ex.streams->len; i++)
    if (g_str_equal (((ProprioStreamInfo *) ex.streams->pdata[i])->name,
                     PROPRIO_VIDEO_STREAM_NAME))
      {
        ex.video = g_ptr_array_steal_index (ex.streams, i);
        break;
      }
  if (ex.session->started_at == NULL)
    ex.session->started_at = g_date_time_new_from_unix_utc (0);
  if (format == PROPRIO_EXPORT_EDF)
    ok = export_edf (&ex, path, error);
  else
    ok = export_csv (&ex, path, error);
  export_clear (&ex);
  return ok;
}

typedef struct
{
  char                      *session_id;
  char                      *path;
  ProprioExportFormat        format;
  ProprioExportFlags         flags;
  ProprioExportProgressFunc  progress;
  gpointer                   progress_data;
  GMainContext              *context;
} AsyncExport;

static void
async_export_free (AsyncExport *data)
{
  g_free (data->session_id);
  g_free (data->path);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  AsyncExport *data;
  double       fraction;
  GTask       *task;  /* keeps data alive */
} ProgressCall;

static gboolean
call_progress (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->data->progress (call->fraction, call->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_object_unref (call->task);
  g_free (call);
}

static void
on_thread_progress (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  AsyncExport *data = g_task_get_task_data (task);
  ProgressCall *call = g_new0 (ProgressCall, 1);
  GSource *source = g_idle_source_new ();

  call->data = data;
  call->fraction = fraction;
  call->task = g_object_ref (task);
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, call_progress, call, progress_call_free);
  g_source_attach (source, data->context);
  g_source_unref (source);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncExport *data = task_data;
  GError *error = NULL;

  if (proprio_export_session (source_object, data->session_id, data->format, data->path,
                              data->flags, data->progress != NULL ? on_thread_progress : NULL,
                              task, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
proprio_export_session_async (ProprioStore              *store,
                              const char                *session_id,
                              ProprioExportFormat        format,
                              const char                *path,
                              ProprioExportFlags         flags,
                              ProprioExportProgressFunc  progress,
                              gpointer                   progress_data,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncExport *data;

  g_return_if_fail (PROPRIO_IS_STORE (store));
  g_return_if_fail (session_id != NULL && path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_export_session_async);
  /* The outcome is what the export did: a cancel that came after the file took its name must
   * not be reported as "nothing was written" (the export stops with G_IO_ERROR_CANCELLED itself
   * when the cancel is in time). */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (AsyncExport, 1);
  data->session_id = g_strdup (session_id);
  data->path = g_strdup (path);
  data->format = format;
  data->flags = flags;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) async_export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
proprio_export_session_finish (ProprioStore  *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
