/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file written under a temporary name next to its target (".NAME.XXXXXX", 0600) and moved
 * there only once complete, so a failed or cancelled export leaves nothing, and an existing file
 * is replaced only when asked, and only a plain file (never a link, a device or a folder). The
 * mechanism only: callers say what went wrong in their own words (and error domains) from the
 * problem and errno these return. */

typedef enum
{
  PROPRIO_OUTPUT_NOT_PLAIN,   /* the target is a link, a device or a folder */
  PROPRIO_OUTPUT_EXISTS,      /* the target exists and replace was not asked */
  PROPRIO_OUTPUT_NO_FOLDER,   /* the temporary file cannot be made in the folder (errno) */
  PROPRIO_OUTPUT_APPEARED,    /* commit: the target appeared meanwhile and is left alone */
  PROPRIO_OUTPUT_FAILED,      /* commit: the move failed (errno) */
} ProprioOutputProblem;

typedef struct
{
  char     *final;
  char     *temp;
  gboolean  replace;
} ProprioOutputFile;

/* The temporary file's fd, or -1 with the problem (and errno where it applies). */
int      proprio_output_file_open   (ProprioOutputFile    *file,
                                     const char           *path,
                                     gboolean              replace,
                                     ProprioOutputProblem *problem,
                                     int                  *errsv);
/* Moves the (written, synced, closed) temporary file into place. */
gboolean proprio_output_file_commit (ProprioOutputFile    *file,
                                     ProprioOutputProblem *problem,
                                     int                  *errsv);
/* Removes the temporary file if it is still there and forgets the names. */
void     proprio_output_file_clear  (ProprioOutputFile    *file);

G_END_DECLS
