/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-file.h"

#include <errno.h>
#include <glib/gi18n.h>
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
  ProprioOutputProblem problem;
  g_autofree char *dir = NULL;
  int errsv;

  file->fd = proprio_output_file_open (&file->out, path, replace, &problem, &errsv);
  file->errsv = 0;
  if (file->fd >= 0)
    return TRUE;
  switch (problem)
    {
    case PROPRIO_OUTPUT_NOT_PLAIN:
      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write “%s”: it is not a plain file (a link, a device or a "
                     "folder) and is left as it is; give the name of a new file"), path);
      break;
    case PROPRIO_OUTPUT_EXISTS:
      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_EXISTS,
                   _("“%s” exists already and is left as it is; choose another name, or "
                     "replace it (--force)"), path);
      break;
    default:
      dir = g_path_get_dirname (path);
      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write in the folder “%s”: %s. Choose a folder you can write to."),
                   dir, g_strerror (errsv));
      break;
    }
  return FALSE;
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
  proprio_output_file_clear (&file->out);
}

gboolean
_proprio_report_file_close (ProprioReportFile  *file,
                            gboolean            commit,
                            GError            **error)
{
  ProprioOutputProblem problem;
  int errsv;

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
      _proprio_report_set_write_error (error, file->out.final, file->errsv);
      file_clear (file);
      return FALSE;
    }
  if (!proprio_output_file_commit (&file->out, &problem, &errsv))
    {
      if (problem == PROPRIO_OUTPUT_NOT_PLAIN)
        g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                     _("Cannot write “%s”: it is not a plain file and is left as it is"),
                     file->out.final);
      else if (problem == PROPRIO_OUTPUT_APPEARED)
        g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_EXISTS,
                     _("“%s” appeared while the report was made and is left as it is; choose "
                       "another name"), file->out.final);
      else
        _proprio_report_set_write_error (error, file->out.final, errsv);
      file_clear (file);
      return FALSE;
    }
  file_clear (file);
  return TRUE;
}
