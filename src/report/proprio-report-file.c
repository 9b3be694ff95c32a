/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-report.h"

void
_proprio_report_set_write_error (GError     **error,
                                 const char  *path,
                                 int          errsv)
{
  if (errsv == ENOSPC || errsv == EDQUOT || errsv == EFBIG)
    g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_FAILED,
                 _("Cannot write “%s”: the disk is full. Free some space and try again."), path);
  else
    g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_FAILED,
                 _("Cannot write “%s”: %s"), path, g_strerror (errsv));
}

gboolean
_proprio_report_file_open (ProprioReportFile  *file,
                           const char         *path,
                           gboolean            replace,
                           GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *pattern = NULL;
  struct stat st;
  int fd;

  if (lstat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                       _("Cannot write “%s”: it is not a plain file (a link, a device or a "
                         "folder) and is left as it is; give the name of a new file"), path);
          return FALSE;
        }
      if (!replace)
        {
          g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_EXISTS,
                       _("“%s” exists already and is left as it is; choose another name, or "
                         "replace it (--force)"), path);
          return FALSE;
        }
    }
  pattern = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (pattern, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write in the folder “%s”: %s. Choose a folder you can write to."),
                   dir, g_strerror (errsv));
      return FALSE;
    }
  file->final = g_strdup (path);
  file->temp = g_steal_pointer (&pattern);
  file->fd = fd;
  file->errsv = 0;
  file->replace = replace;
  return TRUE;
}

cairo_status_t
_proprio_report_file_write (void                *closure,
                            const unsigned char *data,
                            unsigned int         length)
{
  ProprioReportFile *file = closure;

  while (length > 0 && file->errsv == 0)
    {
      ssize_t n = write (file->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          file->errsv = n < 0 ? errno : EIO;
          break;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return file->errsv == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
file_clear (ProprioReportFile *file)
{
  if (file->fd >= 0)
    close (file->fd);
  file->fd = -1;
  if (file->temp != NULL)
    g_unlink (file->temp);
  g_clear_pointer (&file->temp, g_free);
  g_clear_pointer (&file->final, g_free);
}

gboolean
_proprio_report_file_close (ProprioReportFile  *file,
                            gboolean            commit,
                            GError            **error)
{
  struct stat st;
  int rc;

  if (!commit)
    {
      file_clear (file);
      return FALSE;
    }
  if (file->errsv == 0 && fsync (file->fd) != 0)
    file->errsv = errno;
  if (close (file->fd) != 0 && file->errsv == 0)
    file->errsv = errno;
  file->fd = -1;
  if (file->errsv != 0)
    {
      _proprio_report_set_write_error (error, file->final, file->errsv);
      file_clear (file);
      return FALSE;
    }
  if (file->replace)
    {
      /* Checked again: a link planted meanwhile is not replaced. */
      if (lstat (file->final, &st) == 0 && !S_ISREG (st.st_mode))
        {
          g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                       _("Cannot write “%s”: it is not a plain file and is left as it is"),
                       file->final);
          file_clear (file);
          return FALSE;
        }
      rc = rename (file->temp, file->final);
    }
  else
    {
      /* Atomically "only if nothing is there". */
      rc = renameat2 (AT_FDCWD, file->temp, AT_FDCWD, file->final, RENAME_NOREPLACE);
      if (rc != 0 && (errno == EINVAL || errno == ENOSYS))
        {
          rc = link (file->temp, file->final);
          if (rc == 0)
            g_unlink (file->temp);
        }
    }
  if (rc != 0)
    {
      int errsv = errno;

      if (errsv == EEXIST)
        g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_EXISTS,
                     _("“%s” appeared while the report was made and is left as it is; choose "
                       "another name"), file->final);
      else
        _proprio_report_set_write_error (error, file->final, errsv);
      file_clear (file);
      return FALSE;
    }
  g_clear_pointer (&file->temp, g_free);
  file_clear (file);
  return TRUE;
}
