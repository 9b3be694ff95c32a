/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-sample.h"

G_BEGIN_DECLS

/* Samples to CSV: a header "t_us,<channel names>", then one row per sample; NaN is an empty
 * field; numbers always use a decimal point and the fewest digits that read back exactly. Rows are
 * buffered and written whole, at least once a second, so a recorder that is killed leaves a valid
 * file up to the last flush, and a failed write is cut back to the last complete row. The file is
 * created 0600 (patient data).
 *
 * The writer never harms a file it did not create: the path must not exist yet (it is created
 * with O_EXCL, so a symbolic link is never followed), unless PROPRIO_CSV_WRITER_REPLACE is given;
 * then a regular file there is replaced only at close(), by renaming a new file written next to
 * it, so a recording that fails leaves the old file as it was (with nothing there, the file is
 * made in place). Links, devices, pipes and folders are never written to or replaced. */

#define PROPRIO_CSV_WRITER_ERROR (proprio_csv_writer_error_quark ())

typedef enum
{
  PROPRIO_CSV_WRITER_ERROR_OPEN,
  PROPRIO_CSV_WRITER_ERROR_WRITE,
  PROPRIO_CSV_WRITER_ERROR_NO_SPACE,
  PROPRIO_CSV_WRITER_ERROR_EXISTS,       /* the path exists and REPLACE was not given */
  PROPRIO_CSV_WRITER_ERROR_NOT_REGULAR,  /* the path is a link, device, pipe or folder */
} ProprioCsvWriterError;

typedef enum
{
  PROPRIO_CSV_WRITER_FLAGS_NONE = 0,
  PROPRIO_CSV_WRITER_REPLACE    = 1 << 0,  /* replace an existing regular file, at close() */
} ProprioCsvWriterFlags;

typedef struct _ProprioCsvWriter ProprioCsvWriter;

GQuark            proprio_csv_writer_error_quark  (void);

ProprioCsvWriter *proprio_csv_writer_new          (const char               *path,
                                                   ProprioCsvWriterFlags     flags,
                                                   GError                  **error);
/* Closes without reporting errors; use close() to know that everything reached the disk. A
 * writer that is freed without close() leaves a replaced file as it was. */
void              proprio_csv_writer_free         (ProprioCsvWriter         *self);

gboolean          proprio_csv_writer_write_header (ProprioCsvWriter         *self,
                                                   const ProprioChannelInfo *channels,
                                                   guint                     n_channels,
                                                   GError                  **error);
/* Writes the first `n_channels` values of the sample (the header's count). Flushes when a
 * second has passed since the last flush. */
gboolean          proprio_csv_writer_write_sample (ProprioCsvWriter         *self,
                                                   const ProprioSample      *sample,
                                                   GError                  **error);
/* Flush when a second has passed since the last one; call it from a timer too, so rows do not
 * wait for the next sample. */
gboolean          proprio_csv_writer_maybe_flush  (ProprioCsvWriter         *self,
                                                   GError                  **error);
gboolean          proprio_csv_writer_flush        (ProprioCsvWriter         *self,
                                                   GError                  **error);
/* Flushes, syncs to disk and closes; with REPLACE, then renames the new file over the old one.
 * After a failed write nothing is renamed: the rows written so far stay in the new file
 * (get_file_path()). The writer is unusable afterwards (free it). */
gboolean          proprio_csv_writer_close        (ProprioCsvWriter         *self,
                                                   GError                  **error);
/* Instead of close(): closes and removes the file this writer created (never a file that was
 * there before; with REPLACE the old file stays as it was). */
void              proprio_csv_writer_discard      (ProprioCsvWriter         *self);

/* Rows given to write_sample(), and rows that are in the file (flushed, whole). */
guint64           proprio_csv_writer_get_rows     (ProprioCsvWriter         *self);
guint64           proprio_csv_writer_get_rows_written (ProprioCsvWriter     *self);
/* The t_us of the first and last rows in the file; FALSE when there is none. */
gboolean          proprio_csv_writer_get_written_span (ProprioCsvWriter     *self,
                                                   gint64                   *first_t_us,
                                                   gint64                   *last_t_us);
/* The path given to new(), and the file the rows go to (a new file next to it with REPLACE). */
const char       *proprio_csv_writer_get_path     (ProprioCsvWriter         *self);
const char       *proprio_csv_writer_get_file_path (ProprioCsvWriter        *self);

/* Formats one value as the writer does: the shortest of "%.15g", "%.16g", "%.17g" that reads
 * back exactly with g_ascii_strtod() (the sign of zero included), NaN as "". For tests. */
void              proprio_csv_format_value        (GString                  *out,
                                                   double                    value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioCsvWriter, proprio_csv_writer_free)

G_END_DECLS
