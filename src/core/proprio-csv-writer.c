/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-csv-writer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
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
  char    *path;
  int      fd;
  GString *buffer;        /* whole rows only */
  off_t    committed;     /* file size after the last complete flush */
  gint64   last_flush_us;
  guint    n_channels;
  guint64  rows;
  gboolean failed;        /* after a write error, refuse further writes */
};

ProprioCsvWriter *
proprio_csv_writer_new (const char  *path,
                        GError     **error)
{
  ProprioCsvWriter *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
  /* An existing file keeps its mode on O_CREAT: tighten it, it is about to hold patient data.
   * (Only a regular file: never chmod a device node or a pipe someone pointed us at.) */
  if (fd < 0 || (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && fchmod (fd, 0600) != 0))
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_OPEN,
                   _("Cannot create “%s”: %s"), path, g_strerror (errsv));
      return NULL;
    }

  self = g_new0 (ProprioCsvWriter, 1);
  self->path = g_strdup (path);
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
  g_free (self);
}

guint64
proprio_csv_writer_get_rows (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows;
}

const char *
proprio_csv_writer_get_path (ProprioCsvWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

static void
set_write_error (ProprioCsvWriter  *self,
                 int                errsv,
                 GError           **error)
{
  if (errsv == ENOSPC || errsv == EDQUOT)
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_NO_SPACE,
                 _("Cannot write “%s”: the disk is full. Free some space; the recording up to "
                   "this point is kept."), self->path);
  else
    g_set_error (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_WRITE,
                 _("Cannot write “%s”: %s"), self->path, g_strerror (errsv));
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
                   _("Cannot write “%s”: an earlier write failed"), self->path);
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
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", value));
}

gboolean
proprio_csv_writer_write_sample (ProprioCsvWriter     *self,
                                 const ProprioSample  *sample,
                                 GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);

  g_string_append_printf (self->buffer, "%" G_GINT64_FORMAT, sample->t_us);
  for (guint i = 0; i < self->n_channels; i++)
    {
      g_string_append_c (self->buffer, ',');
      if (i < sample->n_channels)
        proprio_csv_format_value (self->buffer, sample->values[i]);
    }
  g_string_append_c (self->buffer, '\n');
  self->rows++;
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
  return ok;
}
