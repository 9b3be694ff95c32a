/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The index parser, apart from the files, so the fuzz harness can drive it with any bytes. */

typedef struct
{
  gint64  t_us;
  guint64 offset;
  guint32 bytes;
  guint16 width;
  guint16 height;
} ProprioVideoEntry;

/* The largest frame the reader accepts (a 4K JPEG at the highest quality is far less). */
#define PROPRIO_VIDEO_MAX_FRAME_BYTES (64u * 1024u * 1024u)

/* TRUE when the frames file has a JPEG start-of-image marker at `offset`. */
typedef gboolean (*ProprioVideoCheckFunc) (guint64  offset,
                                           gpointer user_data);

/* Parses the index text `data` against a frames file of `frames_size` bytes: a GArray of
 * ProprioVideoEntry, every entry whole, in range, in order and passing `check` (may be NULL).
 * Lines after the last good one are a cut tail and left out; a bad line before a good one, or a
 * header that is not an index, is G_IO_ERROR_INVALID_DATA naming `name`. */
GArray *_proprio_video_index_parse (const char            *data,
                                    gsize                  length,
                                    guint64                frames_size,
                                    ProprioVideoCheckFunc  check,
                                    gpointer               user_data,
                                    const char            *name,
                                    GError               **error);

G_END_DECLS
