/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/proprio-sample.h"

G_BEGIN_DECLS

/* A session's stream files: append-only CSV, written in whole lines.
 *
 *   samples  "t_us,<channel names with units>", then one row per sample (t_us on the monotonic
 *            clock; a missing value, e.g. no CoP, is an empty field; numbers read back exactly)
 *   events   "t_us,kind,text"; text is quoted ("" for a quote) and has no line breaks
 *
 * Each flush writes whole lines and then fdatasync()s, so after a crash the file holds every line
 * up to the last flush; a line cut short (a power cut mid-write) has no newline and readers skip
 * it. A failed write is cut back to the last whole line. Files are created 0600 with O_EXCL. */

typedef struct _ProprioStreamFile ProprioStreamFile;

ProprioStreamFile *proprio_stream_file_create      (const char         *path,
                                                    const char         *header,
                                                    GError            **error);
void               proprio_stream_file_free        (ProprioStreamFile  *self);
/* Appends one line (without its newline) to the buffer. */
void               proprio_stream_file_append_line (ProprioStreamFile  *self,
                                                    const char         *line,
                                                    gsize               length);
/* Writes what is buffered and syncs it to the disk. After a failure every later call fails. */
gboolean           proprio_stream_file_flush       (ProprioStreamFile  *self,
                                                    GError            **error);
gboolean           proprio_stream_file_close       (ProprioStreamFile  *self,
                                                    GError            **error);
gsize              proprio_stream_file_get_buffered (ProprioStreamFile *self);
/* Lines (after the header) in the file, and given to append_line(). */
guint64            proprio_stream_file_get_lines_written (ProprioStreamFile *self);
guint64            proprio_stream_file_get_lines   (ProprioStreamFile  *self);
const char        *proprio_stream_file_get_path    (ProprioStreamFile  *self);

/* The header line of a sample file for these channels. */
char              *proprio_stream_file_sample_header (const ProprioChannelInfo *channels,
                                                      guint                     n_channels);
/* A sample as a line of `n_channels` values into `out` (appended). */
void               proprio_stream_file_format_sample (GString                  *out,
                                                      const ProprioSample      *sample,
                                                      guint                     n_channels);
/* An event as a line into `out` (appended). */
void               proprio_stream_file_format_event  (GString                  *out,
                                                      gint64                    t_us,
                                                      const char               *kind,
                                                      const char               *text);

/* Reads a sample file: its column names (without t_us; NULL-terminated) and every whole row as a
 * ProprioSample (empty fields NaN; HAS_COP is not known from a file and is set when every value
 * is present). */
gboolean           proprio_stream_file_read_samples (const char   *path,
                                                     GStrv        *columns,
                                                     GArray      **samples,
                                                     GError      **error);
/* The column names of a sample file (without t_us). */
GStrv              proprio_stream_file_read_columns (const char   *path,
                                                     GError      **error);
/* Calls `func` with every whole row of a sample file: t_us and its values (NaN for an empty
 * field). `func` returns FALSE to stop (then this returns FALSE without an error). `bytes_read`
 * (may be NULL) is kept up to date for progress. */
typedef gboolean (*ProprioStreamRowFunc) (gint64        t_us,
                                          const double *values,
                                          guint         n_values,
                                          gpointer      user_data);
gboolean           proprio_stream_file_foreach_row  (const char          *path,
                                                     ProprioStreamRowFunc func,
                                                     gpointer             user_data,
                                                     GError             **error);
/* Reads an events file: GPtrArray of ProprioEvent (proprio-store.h). */
gboolean           proprio_stream_file_read_events  (const char   *path,
                                                     GPtrArray   **events,
                                                     GError      **error);
/* The t_us of the last whole row of a samples or events file; FALSE when it has none. */
gboolean           proprio_stream_file_last_time    (const char   *path,
                                                     gint64       *t_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStreamFile, proprio_stream_file_free)

G_END_DECLS
