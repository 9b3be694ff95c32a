/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-video-index"

#include <gio/gio.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/proprio-video-file-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

typedef struct
{
  const guint8 *frames;
  gsize         length;
} Frames;

static gboolean
check_soi (guint64  offset,
           gpointer user_data)
{
  const Frames *frames = user_data;

  /* The parser asks only about offsets inside the file. */
  FUZZ_CHECK (offset < frames->length);
  return offset + 2 <= frames->length &&
         frames->frames[offset] == 0xFF && frames->frames[offset + 1] == 0xD8;
}

/* Input: two bytes (little endian) give the length of the frames file, which follows; the rest is
 * the index text. Whatever the bytes, every entry the parser keeps must name a whole frame inside
 * the file, at a start-of-image marker, in order and without going back in time. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Frames frames;
  gsize frames_length;
  gint64 last_t_us = G_MININT64;
  guint64 last_end = 0;

  if (size < 2)
    return 0;
  frames_length = MIN ((gsize) (data[0] | (data[1] << 8)), size - 2);
  frames.frames = data + 2;
  frames.length = frames_length;

  entries = _proprio_video_index_parse ((const char *) data + 2 + frames_length,
                                        size - 2 - frames_length, frames_length, check_soi,
                                        &frames, "video.csv", &error);
  if (entries == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == G_IO_ERROR &&
                  error->code == G_IO_ERROR_INVALID_DATA);
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const ProprioVideoEntry *entry = &g_array_index (entries, ProprioVideoEntry, i);

      FUZZ_CHECK (entry->bytes >= 2 && entry->bytes <= PROPRIO_VIDEO_MAX_FRAME_BYTES);
      FUZZ_CHECK (entry->offset >= last_end);
      FUZZ_CHECK (entry->offset + entry->bytes <= frames_length);
      FUZZ_CHECK (frames.frames[entry->offset] == 0xFF && frames.frames[entry->offset + 1] == 0xD8);
      FUZZ_CHECK (entry->t_us >= last_t_us);
      last_t_us = entry->t_us;
      last_end = entry->offset + entry->bytes;
    }
  return 0;
}
