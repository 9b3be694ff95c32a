/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-video-file-private.h"
#include "proprio-video-file.h"

#define INDEX_HEADER "t_us,offset,bytes,width,height"
/* An index line is short; anything longer is not one of ours. */
#define MAX_LINE 128

char *
proprio_video_file_mjpeg_path (const char *index_path)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (index_path != NULL, NULL);

  if (!g_str_has_suffix (index_path, ".csv"))
    return NULL;
  stem = g_strndup (index_path, strlen (index_path) - strlen (".csv"));
  return g_strconcat (stem, ".mjpeg", NULL);
}

/* --- the index parser --- */

static gboolean
parse_u64 (const char **p,
           guint64      max,
           guint64     *out)
{
  const char *s = *p;
  guint64 value = 0;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  for (; g_ascii_isdigit (*s); s++)
    {
      guint digit = (guint) (*s - '0');

      if (value > (max - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }
  *p = s;
  *out = value;
  return TRUE;
}

/* One index line (without its newline) into `entry`; FALSE when it is not a well-formed line. */
static gboolean
parse_line (const char        *line,
            gsize              length,
            ProprioVideoEntry *entry)
{
  char buffer[MAX_LINE + 1];
  const char *p = buffer;
  guint64 value;
  gboolean negative = FALSE;

  if (length > 0 && line[length - 1] == '\r')
    length--;
  if (length == 0 || length > MAX_LINE)
    return FALSE;
  memcpy (buffer, line, length);
  buffer[length] = '\0';

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!parse_u64 (&p, G_MAXINT64, &value) || *p++ != ',')
    return FALSE;
  entry->t_us = negative ? -(gint64) value : (gint64) value;
  if (!parse_u64 (&p, G_MAXINT64, &entry->offset) || *p++ != ',')
    return FALSE;
  if (!parse_u64 (&p, PROPRIO_VIDEO_MAX_FRAME_BYTES, &value) || value < 2)
    return FALSE;
  entry->bytes = (guint32) value;
  entry->width = entry->height = 0;
  if (*p == '\0')
    return TRUE;
  if (*p++ != ',' || !parse_u64 (&p, G_MAXUINT16, &value))
    return FALSE;
  entry->width = (guint16) value;
  if (*p++ != ',' || !parse_u64 (&p, G_MAXUINT16, &value))
    return FALSE;
  entry->height = (guint16) value;
  return *p == '\0';
}

GArray *
_proprio_video_index_parse (const char            *data,
                            gsize                  length,
                            guint64                frames_size,
                            ProprioVideoCheckFunc  check,
                            gpointer               user_data,
                            const char            *name,
                            GError               **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ProprioVideoEntry));
  const char *p, *end;
  const char *newline = NULL;
  guint lineno = 1, first_bad = 0;
  gint64 last_t_us = G_MININT64;
  guint64 last_end = 0;
  gsize header_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data == NULL)
    {
      data = "";
      length = 0;
    }
  p = data;
  end = data + length;
  /* Comment lines first ("# …": an exported copy says where it came from), then the header:
   * "t_us,offset,bytes" and, from the first version on, ",width,height". */
  while (p < end && *p == '#' && (newline = memchr (p, '\n', (gsize) (end - p))) != NULL)
    p = newline + 1;
  if (p < end)
    newline = memchr (p, '\n', (gsize) (end - p));
  header_length = newline != NULL ? (gsize) (newline - p) : 0;
  if (header_length > 0 && p[header_length - 1] == '\r')
    header_length--;
  if (newline == NULL ||
      !((header_length == strlen (INDEX_HEADER) && memcmp (p, INDEX_HEADER, header_length) == 0) ||
        (header_length == strlen ("t_us,offset,bytes") &&
         memcmp (p, "t_us,offset,bytes", header_length) == 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a Proprio video index (its first line is not “%s”)"),
                   name, INDEX_HEADER);
      return NULL;
    }
  p = newline + 1;

  /* A last line without its newline was cut short by a crash: never a frame. */
  while (p < end && (newline = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      ProprioVideoEntry entry;
      gboolean good;

      lineno++;
      good = parse_line (p, (gsize) (newline - p), &entry) &&
             entry.t_us >= last_t_us &&
             entry.offset >= last_end &&
             entry.offset <= frames_size &&
             entry.bytes <= frames_size - entry.offset &&
             (check == NULL || check (entry.offset, user_data));
      p = newline + 1;
      if (!good)
        {
          if (first_bad == 0)
            first_bad = lineno;
          continue;
        }
      /* A good frame after a bad line: the bad one is damage, not a tail left by a crash. */
      if (first_bad != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The video index “%s” is damaged at line %u. The video of this session "
                         "cannot be shown; the other recordings are not affected."),
                       name, first_bad);
          return NULL;
        }
      g_array_append_val (entries, entry);
      last_t_us = entry.t_us;
      last_end = entry.offset + entry.bytes;
    }
  return g_steal_pointer (&entries);
}

/* --- reading --- */

struct _ProprioVideoFile
{
  char   *index_path;
  char   *mjpeg_path;
  int     fd;
  GArray *entries;
};

static gboolean
pread_all (int      fd,
           void    *buffer,
           gsize    length,
           guint64  offset)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = pread (fd, (guint8 *) buffer + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

static gboolean
check_soi (guint64  offset,
           gpointer user_data)
{
  ProprioVideoFile *self = user_data;
  guint8 marker[2];

  return pread_all (self->fd, marker, 2, offset) && marker[0] == 0xFF && marker[1] == 0xD8;
}

static void
set_open_error (GError     **error,
                int          errsv,
                const char  *path)
{
  if (errsv == ENOENT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The video “%s” is missing. It may have been moved or deleted; the other "
                   "recordings of the session are not affected."), path);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Cannot read the video “%s”: %s"), path, g_strerror (errsv));
}

ProprioVideoFile *
proprio_video_file_open (const char  *path,
                         GError     **error)
{
  g_autoptr(ProprioVideoFile) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *index = NULL;
  gsize index_length;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (ProprioVideoFile, 1);
  self->fd = -1;
  self->index_path = g_strdup (path);
  self->mjpeg_path = proprio_video_file_mjpeg_path (path);
  if (self->mjpeg_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” is not a video index (its name does not end in “.csv”)"), path);
      return NULL;
    }

  /* The frames first: its size bounds every index line, and a frame written after this point
   * (a session still recording) is simply not in this view of the video. */
  self->fd = open (self->mjpeg_path, O_RDONLY | O_CLOEXEC);
  if (self->fd < 0 || fstat (self->fd, &st) != 0)
    {
      set_open_error (error, errno, self->mjpeg_path);
      return NULL;
    }
  if (!g_file_get_contents (self->index_path, &index, &index_length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        set_open_error (error, ENOENT, self->index_path);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("Cannot read the video index: %s"), local_error->message);
      return NULL;
    }
  self->entries = _proprio_video_index_parse (index, index_length, (guint64) st.st_size,
                                              check_soi, self, self->index_path, error);
  if (self->entries == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

void
proprio_video_file_free (ProprioVideoFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  g_clear_pointer (&self->entries, g_array_unref);
  g_free (self->index_path);
  g_free (self->mjpeg_path);
  g_free (self);
}

guint
proprio_video_file_get_n_frames (ProprioVideoFile *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entries->len;
}

static const ProprioVideoEntry *
entry_at (ProprioVideoFile *self,
          guint             index)
{
  return &g_array_index (self->entries, ProprioVideoEntry, index);
}

gint64
proprio_video_file_get_time (ProprioVideoFile *self,
                             guint             index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->entries->len, 0);
  return entry_at (self, index)->t_us;
}

gboolean
proprio_video_file_find (ProprioVideoFile *self,
                         gint64            t_us,
                         guint            *index)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, FALSE);

  /* The first frame after t_us; the one before it is the answer. Equal times (two frames in one
   * µs) resolve to the last of them, the frame on screen at that instant. */
  hi = self->entries->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (entry_at (self, mid)->t_us <= t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  if (index != NULL)
    *index = lo - 1;
  return TRUE;
}

GBytes *
proprio_video_file_read (ProprioVideoFile  *self,
                         guint              index,
                         GError           **error)
{
  const ProprioVideoEntry *entry;
  guint8 *data;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (index >= self->entries->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The video has no frame %u (it has %u)"), index, self->entries->len);
      return NULL;
    }
  entry = entry_at (self, index);
  data = g_malloc (entry->bytes);
  errno = 0;
  if (!pread_all (self->fd, data, entry->bytes, entry->offset) ||
      data[0] != 0xFF || data[1] != 0xD8)
    {
      int errsv = errno;

      g_free (data);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Frame %u of the video “%s” cannot be read (%s). The file was changed "
                     "after it was opened."), index, self->mjpeg_path,
                   errsv != 0 ? g_strerror (errsv) : _("it is shorter"));
      return NULL;
    }
  return g_bytes_new_take (data, entry->bytes);
}

void
proprio_video_file_get_size (ProprioVideoFile *self,
                             guint             index,
                             guint            *width,
                             guint            *height)
{
  const ProprioVideoEntry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->entries->len);
  entry = entry_at (self, index);
  if (width != NULL)
    *width = entry->width;
  if (height != NULL)
    *height = entry->height;
}

double
proprio_video_file_get_duration (ProprioVideoFile *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  n = self->entries->len;
  if (n < 2)
    return 0;
  return (double) (entry_at (self, n - 1)->t_us - entry_at (self, 0)->t_us) / G_USEC_PER_SEC;
}

guint64
proprio_video_file_get_bytes (ProprioVideoFile *self)
{
  guint64 total = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->entries->len; i++)
    total += entry_at (self, i)->bytes;
  return total;
}

/* --- writing --- */

struct _ProprioVideoWriter
{
  char    *index_path;
  char    *mjpeg_path;
  int      mjpeg_fd;
  int      index_fd;
  guint64  mjpeg_end;        /* bytes of whole frames written */
  guint64  index_end;        /* bytes of whole index lines written and synced */
  GString *pending;          /* index lines of frames not yet synced */
  guint    n_frames;
  guint    n_synced;
  gint64   last_t_us;
  gint64   last_sync_t_us;
  gint64   sync_interval_us;
  gboolean failed;
};

static void
set_write_error (ProprioVideoWriter  *self,
                 int                  errsv,
                 const char          *path,
                 GError             **error)
{
  self->failed = TRUE;
  if (errsv == ENOSPC || errsv == EDQUOT || errsv == EFBIG)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("Video recording stopped: the disk is full. Free some space. The video "
                   "recorded until now is kept."));
  else if (errsv == ENOENT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("Video recording stopped: the session folder was removed while recording."));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Video recording stopped: cannot write “%s”: %s. The video recorded until "
                   "now is kept."), path, g_strerror (errsv));
}

static gboolean
failed_error (ProprioVideoWriter  *self,
              GError             **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("Video recording has stopped after an earlier error"));
  return FALSE;
}

/* Writes `length` bytes at the end of `fd` (at `*end`); on a failure cuts the file back to `*end`
 * so it never ends in half a frame or half a line. */
static int
write_whole (int           fd,
             guint64      *end,
             const guint8 *data,
             gsize         length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;

          if (ftruncate (fd, (off_t) *end) == 0)
            lseek (fd, (off_t) *end, SEEK_SET);
          return errsv;
        }
      done += (gsize) n;
    }
  *end += length;
  return 0;
}

static int
create_excl (const char *path)
{
  return open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
}

ProprioVideoWriter *
proprio_video_writer_create (const char  *index_path,
                             GError     **error)
{
  g_autoptr(ProprioVideoWriter) self = NULL;
  int errsv;

  g_return_val_if_fail (index_path != NULL, NULL);

  self = g_new0 (ProprioVideoWriter, 1);
  self->mjpeg_fd = self->index_fd = -1;
  self->index_path = g_strdup (index_path);
  self->mjpeg_path = proprio_video_file_mjpeg_path (index_path);
  self->pending = g_string_sized_new (4096);
  self->last_t_us = G_MININT64;
  self->last_sync_t_us = G_MININT64;
  self->sync_interval_us = G_USEC_PER_SEC;
  g_return_val_if_fail (self->mjpeg_path != NULL, NULL);

  self->mjpeg_fd = create_excl (self->mjpeg_path);
  if (self->mjpeg_fd < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the video file “%s”: %s"), self->mjpeg_path,
                   g_strerror (errsv));
      return NULL;
    }
  self->index_fd = create_excl (self->index_path);
  if (self->index_fd < 0)
    {
      errsv = errno;
      /* The frames file is ours and still empty: do not leave it behind. */
      close (self->mjpeg_fd);
      self->mjpeg_fd = -1;
      g_unlink (self->mjpeg_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the video file “%s”: %s"), self->index_path,
                   g_strerror (errsv));
      return NULL;
    }
  errsv = write_whole (self->index_fd, &self->index_end, (const guint8 *) INDEX_HEADER "\n",
                       strlen (INDEX_HEADER) + 1);
  if (errsv == 0 && fdatasync (self->index_fd) != 0 && errno != EINVAL)
    errsv = errno;
  if (errsv != 0)
    {
      set_write_error (self, errsv, self->index_path, error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static gboolean sync_pending (ProprioVideoWriter  *self,
                              GError             **error);

gboolean
proprio_video_writer_append (ProprioVideoWriter  *self,
                             gint64               t_us,
                             const guint8        *jpeg,
                             gsize                length,
                             guint                width,
                             guint                height,
                             GError             **error)
{
  guint64 offset;
  int errsv;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (jpeg != NULL || length == 0, FALSE);

  if (self->failed || self->mjpeg_fd < 0)
    return failed_error (self, error);
  /* A frame the reader would refuse is not written; the recording goes on. */
  if (length < 2 || length > PROPRIO_VIDEO_MAX_FRAME_BYTES || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("A video frame was left out: it is not a JPEG image"));
      return FALSE;
    }
  if (t_us < self->last_t_us)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A video frame was left out: its time is before the previous frame's"));
      return FALSE;
    }

  offset = self->mjpeg_end;
  errsv = write_whole (self->mjpeg_fd, &self->mjpeg_end, jpeg, length);
  if (errsv != 0)
    {
      set_write_error (self, errsv, self->mjpeg_path, error);
      /* The frames before this one are whole: their index lines still go in (the index is
       * small, and a disk with no room for a frame often has room for a line). */
      sync_pending (self, NULL);
      return FALSE;
    }
  g_string_append_printf (self->pending, "%" G_GINT64_FORMAT ",%" G_GUINT64_FORMAT ",%"
                          G_GSIZE_FORMAT ",%u,%u\n", t_us, offset, length,
                          MIN (width, G_MAXUINT16), MIN (height, G_MAXUINT16));
  self->n_frames++;
  self->last_t_us = t_us;
  if (self->last_sync_t_us == G_MININT64)
    self->last_sync_t_us = t_us;
  if (t_us - self->last_sync_t_us >= self->sync_interval_us)
    return proprio_video_writer_flush (self, error);
  return TRUE;
}

/* Syncs the frames, then writes and syncs their index lines; whatever failed before. */
static gboolean
sync_pending (ProprioVideoWriter  *self,
              GError             **error)
{
  struct stat st;
  int errsv;

  if (self->pending->len == 0)
    return TRUE;
  /* A folder removed under us still takes writes into the unlinked files: say so at once. */
  if (fstat (self->index_fd, &st) == 0 && st.st_nlink == 0)
    {
      set_write_error (self, ENOENT, self->index_path, error);
      return FALSE;
    }
  /* Frames first: an index line reaches the disk only after the frame it names. */
  if (fdatasync (self->mjpeg_fd) != 0 && errno != EINVAL)
    {
      set_write_error (self, errno, self->mjpeg_path, error);
      return FALSE;
    }
  errsv = write_whole (self->index_fd, &self->index_end, (const guint8 *) self->pending->str,
                       self->pending->len);
  if (errsv == 0 && fdatasync (self->index_fd) != 0 && errno != EINVAL)
    errsv = errno;
  if (errsv != 0)
    {
      set_write_error (self, errsv, self->index_path, error);
      return FALSE;
    }
  g_string_truncate (self->pending, 0);
  self->n_synced = self->n_frames;
  return TRUE;
}

gboolean
proprio_video_writer_flush (ProprioVideoWriter  *self,
                            GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->failed || self->mjpeg_fd < 0)
    return failed_error (self, error);
  self->last_sync_t_us = self->last_t_us;
  return sync_pending (self, error);
}

gboolean
proprio_video_writer_close (ProprioVideoWriter  *self,
                            GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->mjpeg_fd < 0)
    return TRUE;
  ok = proprio_video_writer_flush (self, error);
  if (close (self->mjpeg_fd) != 0 && ok)
    ok = (set_write_error (self, errno, self->mjpeg_path, error), FALSE);
  if (close (self->index_fd) != 0 && ok)
    ok = (set_write_error (self, errno, self->index_path, error), FALSE);
  self->mjpeg_fd = self->index_fd = -1;
  return ok;
}

void
proprio_video_writer_free (ProprioVideoWriter *self)
{
  if (self == NULL)
    return;
  if (self->mjpeg_fd >= 0 && self->index_fd >= 0 && !self->failed)
    proprio_video_writer_close (self, NULL);
  if (self->mjpeg_fd >= 0)
    close (self->mjpeg_fd);
  if (self->index_fd >= 0)
    close (self->index_fd);
  g_string_free (self->pending, TRUE);
  g_free (self->index_path);
  g_free (self->mjpeg_path);
  g_free (self);
}

void
proprio_video_writer_set_sync_interval (ProprioVideoWriter *self,
                                        gint64              interval_us)
{
  g_return_if_fail (self != NULL);
  self->sync_interval_us = MAX (interval_us, 0);
}

guint
proprio_video_writer_get_n_frames (ProprioVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_frames;
}

guint
proprio_video_writer_get_n_frames_synced (ProprioVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_synced;
}

guint64
proprio_video_writer_get_bytes (ProprioVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->mjpeg_end;
}

const char *
proprio_video_writer_get_index_path (ProprioVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->index_path;
}

const char *
proprio_video_writer_get_mjpeg_path (ProprioVideoWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->mjpeg_path;
}
