/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-protocol.h"

G_BEGIN_DECLS

/* The longest text line we keep, without its line ending. Anything longer is not a sample line
 * of any device we know, so it is dropped as it streams by instead of being buffered. */
#define PROPRIO_LINE_MAX 4096

typedef struct
{
  gsize    len;
  gboolean discarding;   /* inside an over-long line: drop bytes until the next '\n' */
  char     buf[PROPRIO_LINE_MAX + 2];
} ProprioLineSplitter;

/* `line` is NUL-terminated at `len` and has no '\n' nor trailing '\r'. */
typedef void (*ProprioLineFunc) (const char *line,
                                 gsize       len,
                                 gpointer    user_data);

void     proprio_line_splitter_reset (ProprioLineSplitter  *self);
/* Over-long lines add their bytes (all but the '\n') to stats->discarded_bytes and count once in
 * stats->skipped_lines. */
void     proprio_line_splitter_feed  (ProprioLineSplitter  *self,
                                      const guint8         *data,
                                      gsize                 len,
                                      ProprioProtocolStats *stats,
                                      ProprioLineFunc       func,
                                      gpointer              user_data);

typedef struct
{
  const char *label;     /* NULL in a plain field */
  gsize       label_len;
  const char *value;
  gsize       value_len;
} ProprioLineField;

typedef enum
{
  PROPRIO_LINE_BLANK,     /* empty, only white space, or a '#' comment */
  PROPRIO_LINE_PLAIN,     /* numbers in columns: fields[i].label == NULL */
  PROPRIO_LINE_LABELLED,  /* label:value pairs */
  PROPRIO_LINE_INVALID,   /* empty fields, mixed shapes, control bytes, more than max_fields */
} ProprioLineShape;

/* Split a line into fields separated by ',' ';' or runs of spaces/tabs; one trailing ',' or ';'
 * is tolerated (Arduino sketches often print a separator after every value). Values are not
 * checked here: see proprio_protocol_parse_number(). */
ProprioLineShape proprio_line_split_fields (const char       *line,
                                            gsize             len,
                                            ProprioLineField *fields,
                                            guint             max_fields,
                                            guint            *n_fields);

G_END_DECLS
