/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-sample.h"

G_BEGIN_DECLS

/* Samples to CSV: a header "t_us,<channel names>", then one row per sample; NaN is an empty
 * field; numbers always use a decimal point. Rows are buffered and written whole, at least once a
 * second, so a recorder that is killed leaves a valid file up to the last flush, and a failed
 * write is cut back to the last complete row. The file is created 0600 (patient data). */

#define PROPRIO_CSV_WRITER_ERROR (proprio_csv_writer_error_quark ())

typedef enum
{
  PROPRIO_CSV_WRITER_ERROR_OPEN,
  PROPRIO_CSV_WRITER_ERROR_WRITE,
  PROPRIO_CSV_WRITER_ERROR_NO_SPACE,
} ProprioCsvWriterError;

typedef struct _ProprioCsvWriter ProprioCsvWriter;

GQuark            proprio_csv_writer_error_quark  (void);

ProprioCsvWriter *proprio_csv_writer_new          (const char               *path,
                                                   GError                  **error);
/* Closes without reporting errors; use close() to know that everything reached the disk. */
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
/* Flushes, syncs to disk and closes. The writer is unusable afterwards (free it). */
gboolean          proprio_csv_writer_close        (ProprioCsvWriter         *self,
                                                   GError                  **error);

guint64           proprio_csv_writer_get_rows     (ProprioCsvWriter         *self);
const char       *proprio_csv_writer_get_path     (ProprioCsvWriter         *self);

/* Formats one value as the writer does: "%.10g" with a '.', NaN as "". For tests. */
void              proprio_csv_format_value        (GString                  *out,
                                                   double                    value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioCsvWriter, proprio_csv_writer_free)

G_END_DECLS
