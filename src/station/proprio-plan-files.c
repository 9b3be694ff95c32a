/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-library"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-plan.h"
#include "proprio-plan-files.h"

gboolean
_proprio_file_id_read (const char    *path,
                       ProprioFileId *id,
                       gboolean      *is_regular)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return FALSE;
  id->dev = st.st_dev;
  id->ino = st.st_ino;
  id->size = st.st_size;
  id->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  if (is_regular != NULL)
    *is_regular = S_ISREG (st.st_mode);
  return TRUE;
}

gboolean
_proprio_file_id_equal (const ProprioFileId *a,
                        const ProprioFileId *b)
{
  return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
         a->mtime_ns == b->mtime_ns;
}

/* Macros rather than functions, so the compiler checks each message's format against its
 * arguments. `saved_errno` is read before anything else can change errno. */
#define io_error(error, saved_errno, format, path)                                            \
  ({                                                                                          \
    int _e = (saved_errno);                                                                   \
    g_autofree char *_name = g_filename_display_name (path);                                  \
    g_set_error ((error), G_IO_ERROR, g_io_error_from_errno (_e), (format), _name,            \
                 g_strerror (_e));                                                            \
    FALSE;                                                                                    \
  })

#define foreign(error, format, path)                                                          \
  ({                                                                                          \
    g_autofree char *_name = g_filename_display_basename (path);                              \
    g_set_error ((error), PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE, (format),      \
                 _name);                                                                      \
    FALSE;                                                                                    \
  })

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Where the new name and the file's data survive a power cut. */
static void
sync_folder (const char *folder)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return;
  fsync (fd);
  close (fd);
}

/* rename () without replacing what may have appeared at `to`. */
static int
rename_noreplace (const char *from,
                  const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  /* A file system without RENAME_NOREPLACE: link () refuses an existing name just the same. */
  if (link (from, to) != 0)
    return -1;
  g_unlink (from);
  return 0;
}

gboolean
_proprio_plan_write_file (const char           *path,
                          const char           *contents,
                          gsize                 length,
                          ProprioPlanWriteMode  mode,
                          const ProprioFileId  *expected,
                          ProprioFileId        *written,
                          GError              **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  ProprioFileId current;
  gboolean exists, regular = FALSE;
  int fd, saved;

  g_return_val_if_fail (path != NULL && contents != NULL, FALSE);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    return io_error (error, errno, _("Cannot make the folder “%s”: %s"), folder);

  exists = _proprio_file_id_read (path, &current, &regular);
  if (!exists && errno != ENOENT)
    return io_error (error, errno, _("Cannot look at “%s”: %s"), path);
  if (exists && !regular)
    return foreign (error, _("“%s” is not a plain file (a link, a folder or a device): it was "
                             "left as it is"), path);
  if (exists && mode == PROPRIO_PLAN_WRITE_NEW)
    {
      if (expected == NULL)
        return foreign (error, _("A file “%s” that Proprio did not write is in the way: it was "
                                 "left as it is"), path);
      if (!_proprio_file_id_equal (&current, expected))
        return foreign (error, _("“%s” was changed by another program since Proprio saved it: "
                                 "it was left as it is"), path);
    }

  /* Hidden, in the same folder, so the rename is atomic and a leftover does not pass for a plan. */
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return io_error (error, errno, _("Cannot write in the folder “%s”: %s"), folder);
  if (!write_all (fd, contents, length) || fsync (fd) != 0)
    {
      saved = errno != 0 ? errno : EIO;
      close (fd);
      g_unlink (tmp);
      return io_error (error, saved, _("Cannot write “%s”: %s"), path);
    }
  if (close (fd) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      return io_error (error, saved, _("Cannot write “%s”: %s"), path);
    }

  /* The file was checked above; rename () replaces it, anything else must not be there. There is
   * a moment between the check and the rename when another program could change it: the check
   * is for people and programs working on their own time, not a lock. */
  if (exists ? rename (tmp, path) != 0 : rename_noreplace (tmp, path) != 0)
    {
      saved = errno;
      g_unlink (tmp);
      if (saved == EEXIST)
        return foreign (error, _("A file “%s” appeared while Proprio was saving: it was left as "
                                 "it is"), path);
      return io_error (error, saved, _("Cannot save “%s”: %s"), path);
    }
  sync_folder (folder);

  if (written != NULL && !_proprio_file_id_read (path, written, NULL))
    return io_error (error, errno, _("Cannot look at “%s”: %s"), path);
  return TRUE;
}

gboolean
_proprio_plan_delete_file (const char           *path,
                           const ProprioFileId  *expected,
                           GError              **error)
{
  ProprioFileId current;
  gboolean regular = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!_proprio_file_id_read (path, &current, &regular))
    {
      if (errno == ENOENT)
        return TRUE;
      return io_error (error, errno, _("Cannot look at “%s”: %s"), path);
    }
  if (expected == NULL || !regular || !_proprio_file_id_equal (&current, expected))
    return foreign (error, _("“%s” was changed by another program since Proprio saved it: it "
                             "was kept"), path);
  if (g_unlink (path) != 0)
    return io_error (error, errno, _("Cannot delete “%s”: %s"), path);
  return TRUE;
}
