/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "store/proprio-output-file.h"

G_BEGIN_DECLS

/* A new file written under a temporary name next to its target and moved there only once it is
 * complete: a failed or cancelled report leaves nothing, and an existing file is replaced only
 * when asked (plain files only: never a link, a device or a folder). Internal to report/. */
typedef struct
{
  ProprioOutputFile out;
  int               fd;
  int               errsv;     /* the first write error (errno), 0 while all is well */
} ProprioReportFile;

gboolean       _proprio_report_file_open  (ProprioReportFile    *file,
                                           const char           *path,
                                           gboolean              replace,
                                           GError              **error);
/* A cairo_write_func_t: writes to the temporary file, keeping the first error. */
cairo_status_t _proprio_report_file_write (void                 *closure,
                                           const unsigned char  *data,
                                           unsigned int          length);
/* commit: sync and move into place (an error says why not); else (or on failure) the temporary
 * file is removed. */
gboolean       _proprio_report_file_close (ProprioReportFile    *file,
                                           gboolean              commit,
                                           GError              **error);

/* The message for a failed write of `path` (a full disk said so). */
void           _proprio_report_set_write_error (GError         **error,
                                                const char      *path,
                                                int              errsv);

G_END_DECLS
