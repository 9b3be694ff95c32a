/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/proprio-csv-writer.h"
#include "proprio-store.h"
#include "proprio-stream-file.h"

struct _ProprioStreamFile
{
  char    *path;
  int      fd;
  GString *buffer;
  off_t    committed;
  guint64  lines;
  guint64  buffered_lines;
  guint64  written_lines;
  gboolean failed;
};

ProprioStreamFile *
proprio_stream_file_create (const char  *path,
                            const char  *header,
                            GError     **error)
{
  ProprioStreamFile *self;
  int fd;

  g_return_val_if_fail (path != NULL && header != NULL, NULL);

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the recording file “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }
  self = g_new0 (ProprioStreamFile, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->buffer = g_string_sized_new (64 * 1024);
  g_string_append (self->buffer, header);
  g_string_append_c (self->buffer, '\n');
  if (!proprio_stream_file_flush (self, error))
    {
      proprio_stream_file_free (self);
      return NULL;
    }
  return self;
}

void
proprio_stream_file_free (ProprioStreamFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    {
      proprio_stream_file_flush (self, NULL);
      close (self->fd);
    }
  g_string_free (self->buffer, TRUE);
  g_free (self->path);
  g_free (self);
}

void
proprio_stream_file_append_line (ProprioStreamFile *self,
                                 const char        *line,
                                 gsize              length)
{
  g_return_if_fail (self != NULL);
  g_string_append_len (self->buffer, line, length);
  g_string_append_c (self->buffer, '\n');
  self->lines++;
  self->buffered_lines++;
}

static void
set_write_error (ProprioStreamFile  *self,
                 int                 errsv,
                 GError            **error)
{
  if (errsv == ENOSPC || errsv == EDQUOT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("Recording stopped: the disk is full while writing “%s”. Free some space; "
                   "what was recorded before is kept."), self->path);
  else if (errsv == EFBIG)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("Recording stopped: “%s” has reached the largest file size allowed here; "
                   "what was recorded before is kept."), self->path);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Recording stopped: cannot write “%s”: %s. What was recorded before is "
                   "kept."), self->path, g_strerror (errsv));
}

gboolean
proprio_stream_file_flush (ProprioStreamFile  *self,
                           GError            **error)
{
  gsize done = 0;
  struct stat st;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->fd < 0 || self->failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot write “%s”: an earlier write failed"), self->path);
      return FALSE;
    }
  /* A folder removed under us still takes writes into the unlinked file: that is a loss the
   * user must hear about at once, not at the end. */
  if (fstat (self->fd, &st) == 0 && st.st_nlink == 0)
    {
      self->failed = TRUE;
      set_write_error (self, ENOENT, error);
      return FALSE;
    }
  while (done < self->buffer->len)
    {
      gssize n = write (self->fd, self->buffer->str + done, self->buffer->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;

          /* Never leave half a line: cut the file back to the last whole one. */
          if (ftruncate (self->fd, self->committed) == 0)
            lseek (self->fd, self->committed, SEEK_SET);
          self->failed = TRUE;
          set_write_error (self, errsv, error);
          return FALSE;
        }
      done += (gsize) n;
    }
  if (done > 0 && fdatasync (self->fd) != 0 && errno != EINVAL)
    {
      int errsv = errno;

      self->failed = TRUE;
      set_write_error (self, errsv, error);
      return FALSE;
    }
  self->committed += (off_t) done;
  g_string_truncate (self->buffer, 0);
  self->written_lines += self->buffered_lines;
  self->buffered_lines = 0;
  return TRUE;
}

gboolean
proprio_stream_file_close (ProprioStreamFile  *self,
                           GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  if (self->fd < 0)
    return TRUE;
  ok = self->buffer->len == 0 && !self->failed ? TRUE : proprio_stream_file_flush (self, error);
  if (close (self->fd) != 0 && ok)
    {
      int errsv = errno;

      ok = FALSE;
      set_write_error (self, errsv, error);
    }
  self->fd = -1;
  return ok;
}

gsize
proprio_stream_file_get_buffered (ProprioStreamFile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->buffer->len;
}

guint64
proprio_stream_file_get_lines_written (ProprioStreamFile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->written_lines;
}

guint64
proprio_stream_file_get_lines (ProprioStreamFile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lines;
}

const char *
proprio_stream_file_get_path (ProprioStreamFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

char *
proprio_stream_file_sample_header (const ProprioChannelInfo *channels,
                                   guint                     n_channels)
{
  GString *out = g_string_new ("t_us");

  for (guint i = 0; i < n_channels; i++)
    {
      g_string_append_c (out, ',');
      /* Column names are the devices' own identifiers; a comma or quote would break the file. */
      for (const char *p = channels[i].name; p != NULL && *p != '\0'; p++)
        g_string_append_c (out, (*p == ',' || *p == '"' || (guchar) *p < 0x20) ? '_' : *p);
    }
  return g_string_free (out, FALSE);
}

void
proprio_stream_file_format_sample (GString             *out,
                                   const ProprioSample *sample,
                                   guint                n_channels)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, sample->t_us);
  for (guint i = 0; i < n_channels; i++)
    {
      g_string_append_c (out, ',');
      if (i < sample->n_channels)
        proprio_csv_format_value (out, sample->values[i]);
    }
}

void
proprio_stream_file_format_event (GString    *out,
                                  gint64      t_us,
                                  const char *kind,
                                  const char *text)
{
  const char *fields[2] = { kind != NULL ? kind : "", text != NULL ? text : "" };

  g_string_append_printf (out, "%" G_GINT64_FORMAT, t_us);
  for (guint f = 0; f < 2; f++)
    {
      g_string_append (out, ",\"");
      for (const char *p = fields[f]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append (out, "\"\"");
          else if ((guchar) *p < 0x20)
            g_string_append_c (out, ' ');  /* one event, one line */
          else
            g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
}

/* --- reading --- */

typedef gboolean (*LineFunc) (const char *line, guint lineno, gpointer user_data, GError **error);

/* Calls `func` for every whole line (the header is line 1); a last line without its newline was
 * cut short by a crash and is not a row. */
static gboolean
for_each_line (const char  *path,
               LineFunc     func,
               gpointer     user_data,
               GError     **error)
{
  FILE *file = fopen (path, "re");
  char *line = NULL;
  size_t size = 0;
  ssize_t n;
  guint lineno = 0;
  gboolean ok = TRUE;

  if (file == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read the recording “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  while (ok && (n = getline (&line, &size, file)) > 0)
    {
      if (line[n - 1] != '\n')
        break;
      line[n - 1] = '\0';
      ok = func (line, ++lineno, user_data, error);
    }
  free (line);
  fclose (file);
  return ok;
}

typedef struct
{
  GStrv   columns;
  guint   n_channels;
  GArray *samples;
  const char *path;
} SampleRead;

static gboolean
parse_sample_line (const char  *line,
                   guint        lineno,
                   gpointer     user_data,
                   GError     **error)
{
  SampleRead *read = user_data;
  ProprioSample sample = { 0 };
  const char *p = line;
  char *end;
  gboolean complete = TRUE;

  if (lineno == 1)
    {
      g_auto(GStrv) names = g_strsplit (line, ",", -1);

      if (names[0] == NULL || !g_str_equal (names[0], "t_us") ||
          g_strv_length (names) - 1 > PROPRIO_MAX_CHANNELS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” is not a Proprio stream file (its first line is not “t_us,…”)"),
                       read->path);
          return FALSE;
        }
      read->n_channels = g_strv_length (names) - 1;
      read->columns = g_new0 (char *, read->n_channels + 1);
      for (guint i = 0; i < read->n_channels; i++)
        read->columns[i] = g_strdup (names[i + 1]);
      return TRUE;
    }

  sample.t_us = g_ascii_strtoll (p, &end, 10);
  if (end == p || (*end != ',' && *end != '\0'))
    goto bad;
  p = end;
  sample.n_channels = (guint16) read->n_channels;
  for (guint i = 0; i < read->n_channels; i++)
    {
      if (*p != ',')
        goto bad;
      p++;
      if (*p == ',' || *p == '\0')
        {
          sample.values[i] = NAN;
          complete = FALSE;
          continue;
        }
      sample.values[i] = g_ascii_strtod (p, &end);
      if (end == p)
        goto bad;
      p = end;
    }
  if (*p != '\0')
    goto bad;
  if (complete)
    sample.flags |= PROPRIO_SAMPLE_HAS_COP;
  g_array_append_val (read->samples, sample);
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Line %u of the recording “%s” is damaged"), lineno, read->path);
  return FALSE;
}

gboolean
proprio_stream_file_read_samples (const char  *path,
                                  GStrv       *columns,
                                  GArray     **samples,
                                  GError     **error)
{
  SampleRead read = { NULL, 0, NULL, path };

  g_return_val_if_fail (path != NULL, FALSE);

  read.samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  if (!for_each_line (path, parse_sample_line, &read, error))
    {
      g_strfreev (read.columns);
      g_array_unref (read.samples);
      return FALSE;
    }
  if (read.columns == NULL)
    read.columns = g_new0 (char *, 1);
  if (columns != NULL)
    *columns = read.columns;
  else
    g_strfreev (read.columns);
  if (samples != NULL)
    *samples = read.samples;
  else
    g_array_unref (read.samples);
  return TRUE;
}

GStrv
proprio_stream_file_read_columns (const char  *path,
                                  GError     **error)
{
  FILE *file = fopen (path, "re");
  char *line = NULL;
  size_t size = 0;
  ssize_t n;
  GStrv names, columns;

  if (file == NULL)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot read the recording “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }
  n = getline (&line, &size, file);
  fclose (file);
  if (n <= 0 || line[n - 1] != '\n' || !g_str_has_prefix (line, "t_us"))
    {
      free (line);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a Proprio stream file (its first line is not “t_us,…”)"), path);
      return NULL;
    }
  line[n - 1] = '\0';
  names = g_strsplit (line, ",", -1);
  free (line);
  columns = g_strdupv (names + 1);
  g_strfreev (names);
  return columns;
}

typedef struct
{
  ProprioStreamRowFunc func;
  gpointer             user_data;
  guint                n_values;
  double              *values;
  const char          *path;
  gboolean             stopped;
} RowRead;

static gboolean
parse_row_line (const char  *line,
                guint        lineno,
                gpointer     user_data,
                GError     **error)
{
  RowRead *read = user_data;
  const char *p = line;
  char *end;
  gint64 t_us;

  if (lineno == 1)
    {
      g_auto(GStrv) names = g_strsplit (line, ",", -1);

      read->n_values = g_strv_length (names) - 1;
      read->values = g_new0 (double, MAX (read->n_values, 1));
      return TRUE;
    }
  t_us = g_ascii_strtoll (p, &end, 10);
  if (end == p)
    goto bad;
  p = end;
  for (guint i = 0; i < read->n_values; i++)
    {
      if (*p != ',')
        goto bad;
      p++;
      if (*p == ',' || *p == '\0')
        {
          read->values[i] = NAN;
          continue;
        }
      read->values[i] = g_ascii_strtod (p, &end);
      if (end == p)
        goto bad;
      p = end;
    }
  if (*p != '\0')
    goto bad;
  if (!read->func (t_us, read->values, read->n_values, read->user_data))
    {
      read->stopped = TRUE;
      return FALSE;
    }
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Line %u of the recording “%s” is damaged"), lineno, read->path);
  return FALSE;
}

gboolean
proprio_stream_file_foreach_row (const char           *path,
                                 ProprioStreamRowFunc  func,
                                 gpointer              user_data,
                                 GError              **error)
{
  RowRead read = { func, user_data, 0, NULL, path, FALSE };
  gboolean ok;

  g_return_val_if_fail (path != NULL && func != NULL, FALSE);
  ok = for_each_line (path, parse_row_line, &read, error);
  g_free (read.values);
  return ok && !read.stopped;
}

/* A quoted field at *p; advances past it. */
static char *
parse_quoted (const char **p)
{
  GString *out = g_string_new (NULL);
  const char *q = *p;

  if (*q != '"')
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  for (q++; *q != '\0'; q++)
    {
      if (*q == '"')
        {
          if (q[1] == '"')
            {
              g_string_append_c (out, '"');
              q++;
              continue;
            }
          *p = q + 1;
          return g_string_free (out, FALSE);
        }
      g_string_append_c (out, *q);
    }
  g_string_free (out, TRUE);
  return NULL;
}

typedef struct
{
  GPtrArray  *events;
  const char *path;
} EventRead;

static gboolean
parse_event_line (const char  *line,
                  guint        lineno,
                  gpointer     user_data,
                  GError     **error)
{
  EventRead *read = user_data;
  g_autofree char *kind = NULL;
  g_autofree char *text = NULL;
  const char *p = line;
  char *end;
  gint64 t_us;

  if (lineno == 1)
    return TRUE;
  t_us = g_ascii_strtoll (p, &end, 10);
  if (end == p || *end != ',')
    goto bad;
  p = end + 1;
  kind = parse_quoted (&p);
  if (kind == NULL || *p != ',')
    goto bad;
  p++;
  text = parse_quoted (&p);
  if (text == NULL || *p != '\0')
    goto bad;
  g_ptr_array_add (read->events, proprio_event_new (t_us, kind, text));
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Line %u of the events file “%s” is damaged"), lineno, read->path);
  return FALSE;
}

gboolean
proprio_stream_file_read_events (const char  *path,
                                 GPtrArray  **events,
                                 GError     **error)
{
  EventRead read = { g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free), path };

  g_return_val_if_fail (path != NULL && events != NULL, FALSE);
  if (!for_each_line (path, parse_event_line, &read, error))
    {
      g_ptr_array_unref (read.events);
      return FALSE;
    }
  *events = read.events;
  return TRUE;
}

gboolean
proprio_stream_file_last_time (const char *path,
                               gint64     *t_us)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  char buffer[8192];
  struct stat st;
  off_t start;
  gssize n;
  gboolean found = FALSE;

  if (fd < 0)
    return FALSE;
  if (fstat (fd, &st) != 0)
    {
      close (fd);
      return FALSE;
    }
  /* The last whole line ends at the last newline; rows are far shorter than the tail read. */
  start = st.st_size > (off_t) sizeof buffer - 1 ? st.st_size - (off_t) sizeof buffer + 1 : 0;
  n = pread (fd, buffer, sizeof buffer - 1, start);
  close (fd);
  if (n <= 0)
    return FALSE;
  buffer[n] = '\0';
  while (n > 0 && !found)
    {
      char *last_nl, *line;

      while (n > 0 && buffer[n - 1] != '\n')
        n--;
      if (n == 0)
        break;
      buffer[n - 1] = '\0';
      last_nl = strrchr (buffer, '\n');
      line = last_nl != NULL ? last_nl + 1 : (start == 0 ? buffer : NULL);
      if (line == NULL)
        break;
      if (g_ascii_isdigit (line[0]) || line[0] == '-')
        {
          char *end;
          gint64 value = g_ascii_strtoll (line, &end, 10);

          if (end != line && (*end == ',' || *end == '\0'))
            {
              *t_us = value;
              found = TRUE;
            }
        }
      if (!found)
        {
          /* The header, or a line we cannot read: look further up only if not the header. */
          if (last_nl == NULL)
            break;
          n = last_nl - buffer + 1;
        }
    }
  return found;
}
