/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "proprio-output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int
proprio_output_file_open (ProprioOutputFile    *file,
                          const char           *path,
                          gboolean              replace,
                          ProprioOutputProblem *problem,
                          int                  *errsv)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *pattern = NULL;
  struct stat st;
  int fd;

  *errsv = 0;
  if (lstat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          *problem = PROPRIO_OUTPUT_NOT_PLAIN;
          return -1;
        }
      if (!replace)
        {
          *problem = PROPRIO_OUTPUT_EXISTS;
          return -1;
        }
    }
  pattern = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (pattern, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      *errsv = errno;
      *problem = PROPRIO_OUTPUT_NO_FOLDER;
      return -1;
    }
  file->final = g_strdup (path);
  file->temp = g_steal_pointer (&pattern);
  file->replace = replace;
  return fd;
}

gboolean
proprio_output_file_commit (ProprioOutputFile    *file,
                            ProprioOutputProblem *problem,
                            int                  *errsv)
{
  struct stat st;
  int rc;

  *errsv = 0;
  if (file->replace)
    {
      /* Checked again: a link planted meanwhile is not replaced. */
      if (lstat (file->final, &st) == 0 && !S_ISREG (st.st_mode))
        {
          *problem = PROPRIO_OUTPUT_NOT_PLAIN;
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
      *errsv = errno;
      *problem = *errsv == EEXIST ? PROPRIO_OUTPUT_APPEARED : PROPRIO_OUTPUT_FAILED;
      return FALSE;
    }
  /* In place: nothing left to remove. */
  g_clear_pointer (&file->temp, g_free);
  return TRUE;
}

void
proprio_output_file_clear (ProprioOutputFile *file)
{
  if (file->temp != NULL)
    g_unlink (file->temp);
  g_clear_pointer (&file->temp, g_free);
  g_clear_pointer (&file->final, g_free);
}
