/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-csv-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-csv-writer.h"

#define FLUSH_INTERVAL_US G_USEC_PER_SEC
/* Also flush when this much is buffered, so memory stays bounded at high rates. */
#define FLUSH_BYTES (256 * 1024)

G_DEFINE_QUARK (proprio-csv-writer-error-quark, proprio_csv_writer_error)

struct _ProprioCsvWriter
{
  char    *path;          /* what the caller named */
  char    *file_path;     /* where the rows go: path, or a new file next to it (REPLACE) */
  gboolean replace;       /* rename file_path over path at close */
  int      fd;
  GString *buffer;        /* whole rows only */
  off_t    committed;     /* file size after the last complete flush */
  gint64   last_flush_us;
  guint    n_channels;
  guint64  rows;
  guint64  buffered_rows; /* rows in the buffer */
  guint64  written_rows;  /* rows in the file */
  gint64   first_t_us, last_t_us;          /* rows given */
  gint64   written_last_t_us;
  gboolean failed;        /* after a write error, refuse further writes */
};

static gboolean
is_regular (const struct stat *st)
{
  return S_ISREG (st->st_mode);
}

static void
set_not_regular_error (const char  *path,
                       GError     **error)
{
  g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NOT_REGULAR,
               _("Cannot write “%s”: it is not a plain file (it is a link, a device, a pipe or a "
                 "folder) and is left as it is; give the name of a new file"), path);
}

/* O_EXCL: the file is ours, or nothing happens. O_EXCL also refuses a symbolic link, dangling or
 * not, so a link planted at the path can never redirect patient data or clobber its target. */
static int
create_new (const char  *path,
            GError     **error)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
  struct stat st;
  int errsv = errno;

  if (fd >= 0)
    {
      /* The umask may have taken bits away, never added them; be exact anyway. */
      if (fchmod (fd, 0600) != 0)
        {
          errsv = errno;
          close (fd);
          g_unlink (path);
          g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_OPEN,
                       _("Cannot create “%s”: %s"), path, g_strerror (errsv));
          return -1;
        }
      return fd;
    }

  if (errsv == EEXIST && lstat (path, &st) == 0 && !is_regular (&st))
    set_not_regular_error (path, error);
  else if (errsv == EEXIST)
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_EXISTS,
                 _("“%s” already exists and is left as it is"), path);
  else
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_OPEN,
                 _("Cannot create “%s”: %s"), path, g_strerror (errsv));
  return -1;
}

/* A new file in the same folder (so the final rename stays on one file system), named after the
 * recording so that one left by a failed run is recognisable. */
static int
create_replacement (const char  *path,
                    char       **out_file_path,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = NULL;
  struct stat st;
  int fd;

  if (lstat (path, &st) == 0 && !is_regular (&st))
    {
      set_not_regular_error (path, error);
      return -1;
    }

  template = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.new-XXXXXX", dir, base);
  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_OPEN,
                   _("Cannot create a new file next to “%s”: %s"), path, g_strerror (errsv));
      return -1;
    }
  *out_file_path = g_steal_pointer (&template);
  return fd;
}

ProprioCsvWriter *
proprio_csv_writer_new (const char             *path,
                        ProprioCsvWriterFlags   flags,
                        GError                **error)
{
  ProprioCsvWriter *self;
  g_autofree char *file_path = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean replace = FALSE;
  struct stat st;
  int fd = -1;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* With nothing to replace, the file is made in place, as without REPLACE: then a recorder that
   * is killed leaves its rows under the name the user gave. */
  if (!(flags & PROPRIO_CSV_WRITER_REPLACE) ||
      (lstat (path, &st) != 0 && errno == ENOENT))
    {
      fd = create_new (path, &local_error);
      file_path = g_strdup (path);
      /* Created by someone else in the meantime: REPLACE takes the other way after all. */
      if (fd < 0 && (flags & PROPRIO_CSV_WRITER_REPLACE) &&
          g_error_matches (local_error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_EXISTS))
        {
          g_clear_error (&local_error);
          g_clear_pointer (&file_path, g_free);
          replace = TRUE;
        }
    }
  else
    replace = TRUE;
  if (replace)
    fd = create_replacement (path, &file_path, &local_error);
  if (fd < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_new0 (ProprioCsvWriter, 1);
  self->path = g_strdup (path);
  self->file_path = g_steal_pointer (&file_path);
  self->replace = replace;
  self->fd = fd;
  self->buffer = g_string_sized_new (4096);
  self->last_flush_us = g_get_monotonic_time ();
  return self;
}

void
proprio_csv_writer_free (ProprioCsvWriter *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    {
      proprio_csv_writer_flush (self, NULL);
      close (self->fd);
    }
  g_string_free (self->buffer, TRUE);
  g_free (self->path);
  g_free (self->file_path);
  g_free (self);
}

guint64
proprio_csv_writer_get_rows (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows;
}

guint64
proprio_csv_writer_get_rows_written (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->written_rows;
}

gboolean
proprio_csv_writer_get_written_span (ProprioCsvWriter *self,
                                     gint64           *first_t_us,
                                     gint64           *last_t_us)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->written_rows == 0)
    return FALSE;
  if (first_t_us != NULL)
    *first_t_us = self->first_t_us;
  if (last_t_us != NULL)
    *last_t_us = self->written_last_t_us;
  return TRUE;
}

const char *
proprio_csv_writer_get_path (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

const char *
proprio_csv_writer_get_file_path (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->file_path;
}

static void
set_write_error (ProprioCsvWriter  *self,
                 int                errsv,
                 GError           **error)
{
  /* The count is the rows really in the file, so the message and the file agree. */
  if (errsv == ENOSPC || errsv == EDQUOT)
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NO_SPACE,
                 ngettext ("Cannot write “%s”: the disk is full. Free some space; the %llu row "
                           "written before is kept.",
                           "Cannot write “%s”: the disk is full. Free some space; the %llu rows "
                           "written before are kept.", self->written_rows),
                 self->file_path, (unsigned long long) self->written_rows);
  else if (errsv == EFBIG)
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NO_SPACE,
                 ngettext ("Cannot write “%s”: the file has reached the largest size allowed "
                           "here; the %llu row written before is kept.",
                           "Cannot write “%s”: the file has reached the largest size allowed "
                           "here; the %llu rows written before are kept.", self->written_rows),
                 self->file_path, (unsigned long long) self->written_rows);
  else
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_WRITE,
                 _("Cannot write “%s”: %s"), self->file_path, g_strerror (errsv));
}

gboolean
proprio_csv_writer_flush (ProprioCsvWriter  *self,
                          GError           **error)
{
  gsize done = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->fd < 0 || self->failed)
    {
      g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_WRITE,
                   _("Cannot write “%s”: an earlier write failed"), self->file_path);
      return FALSE;
    }

  self->last_flush_us = g_get_monotonic_time ();
  while (done < self->buffer->len)
    {
      gssize n = write (self->fd, self->buffer->str + done, self->buffer->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;

          /* Never leave half a row behind: cut the file back to the last whole one. */
          if (ftruncate (self->fd, self->committed) == 0)
            lseek (self->fd, self->committed, SEEK_SET);
          self->failed = TRUE;
          set_write_error (self, errsv, error);
          return FALSE;
        }
      done += (gsize) n;
    }
  self->committed += (off_t) done;
  g_string_truncate (self->buffer, 0);
  self->written_rows += self->buffered_rows;
  self->buffered_rows = 0;
  self->written_last_t_us = self->last_t_us;
  return TRUE;
}

gboolean
proprio_csv_writer_maybe_flush (ProprioCsvWriter  *self,
                                GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->buffer->len == 0)
    return TRUE;
  if (self->buffer->len < FLUSH_BYTES &&
      g_get_monotonic_time () - self->last_flush_us < FLUSH_INTERVAL_US)
    return TRUE;
  return proprio_csv_writer_flush (self, error);
}

gboolean
proprio_csv_writer_write_header (ProprioCsvWriter         *self,
                                 const ProprioChannelInfo *channels,
                                 guint                     n_channels,
                                 GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (channels != NULL || n_channels == 0, FALSE);
  g_return_val_if_fail (n_channels <= PROPRIO_MAX_CHANNELS, FALSE);

  self->n_channels = n_channels;
  g_string_append (self->buffer, "t_us");
  for (guint i = 0; i < n_channels; i++)
    {
      g_string_append_c (self->buffer, ',');
      g_string_append (self->buffer, channels[i].name);
    }
  g_string_append_c (self->buffer, '\n');
  /* The header goes out at once: even an empty recording is a valid CSV. */
  return proprio_csv_writer_flush (self, error);
}

void
proprio_csv_format_value (GString *out,
                          double   value)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;
  /* 15 digits keep 0.1 as "0.1"; 17 always read back exactly, so the loop ends there. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      double back;

      g_ascii_formatd (buf, sizeof buf, formats[i], value);
      back = g_ascii_strtod (buf, NULL);
      if (back == value && signbit (back) == signbit (value))
        break;
    }
  g_string_append (out, buf);
}

gboolean
proprio_csv_writer_write_sample (ProprioCsvWriter     *self,
                                 const ProprioSample  *sample,
                                 GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  if (self->rows == 0)
    self->first_t_us = sample->t_us;
  self->last_t_us = sample->t_us;
  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, sample->t_us);
  for (guint i = 0; i < self->n_channels; i++)
    {
      g_string_append_c (self->buffer, ',');
      if (i < sample->n_channels)
        proprio_csv_format_value (self->buffer, sample->values[i]);
    }
  g_string_append_c (self->buffer, '\n');
  self->rows++;
  self->buffered_rows++;
  return proprio_csv_writer_maybe_flush (self, error);
}

gboolean
proprio_csv_writer_close (ProprioCsvWriter  *self,
                          GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->fd >= 0, FALSE);

  ok = proprio_csv_writer_flush (self, error);
  if (ok && fsync (self->fd) != 0 && errno != EINVAL)
    {
      set_write_error (self, errno, error);
      ok = FALSE;
    }
  if (close (self->fd) != 0 && ok)
    {
      set_write_error (self, errno, error);
      ok = FALSE;
    }
  self->fd = -1;

  /* Only a complete recording replaces the old file; rename() swaps it in one step, and never
   * follows a link that might have appeared at the path in the meantime. */
  if (ok && self->replace && g_rename (self->file_path, self->path) != 0)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_WRITE,
                   _("Cannot replace “%s” with the new recording “%s”: %s"), self->path,
                   self->file_path, g_strerror (errsv));
      ok = FALSE;
    }
  else if (ok && self->replace)
    {
      g_free (self->file_path);
      self->file_path = g_strdup (self->path);
      self->replace = FALSE;
    }
  return ok;
}

void
proprio_csv_writer_discard (ProprioCsvWriter *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->fd >= 0);

  close (self->fd);
  self->fd = -1;
  /* file_path is always a file this writer created (O_EXCL or mkstemp): removing it can only
   * take back what we made. */
  if (self->file_path != NULL)
    g_unlink (self->file_path);
  g_string_truncate (self->buffer, 0);
  self->buffered_rows = 0;
  self->written_rows = 0;
}
