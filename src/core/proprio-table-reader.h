/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A streaming reader for delimited text tables with a header row: Proprio's own CSV and what
 * spreadsheets and other lab software export.
 * - The delimiter (comma, semicolon or tab) is chosen from the header row: the one that occurs
 *   most often outside quotes (ties: tab, then semicolon, then comma).
 * - Fields may be quoted with "…"; "" inside a quoted field is one quote; quoted fields may hold
 *   delimiters and line breaks. LF, CRLF and CR line ends; a UTF-8 byte-order mark is skipped;
 *   empty lines are skipped. Header names are stripped of surrounding spaces.
 * - Every row must have as many fields as the header.
 * - Numbers are decimal ("-1.5", ".5", "2e-3"), read in the C locale (decimal point), whatever the
 *   user's locale; hexadecimal ("0x10") is not a number. The words nan, inf and infinity (any
 *   case, signed) read as NaN and ±infinity, for the callers to judge; a decimal number beyond
 *   the range of a double is an error, never infinity. An empty field reads as NaN.
 * - Memory per row is bounded: a row (all of its physical lines) may hold at most
 *   PROPRIO_TABLE_READER_MAX_ROW_BYTES bytes and the header at most
 *   PROPRIO_TABLE_READER_MAX_COLUMNS columns; beyond that, reading stops with an error.
 * Errors name the input and the line number (counted from 1, physical lines). */

#define PROPRIO_TABLE_READER_ERROR (proprio_table_reader_error_quark ())

#define PROPRIO_TABLE_READER_MAX_ROW_BYTES (64 * 1024)
#define PROPRIO_TABLE_READER_MAX_COLUMNS   1024

typedef enum
{
  PROPRIO_TABLE_READER_ERROR_NO_HEADER,        /* empty input */
  PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG,     /* a row over the byte limit, or a NUL byte */
  PROPRIO_TABLE_READER_ERROR_TOO_MANY_COLUMNS,
  PROPRIO_TABLE_READER_ERROR_BAD_QUOTE,        /* unclosed quote, or text after a closing quote */
  PROPRIO_TABLE_READER_ERROR_FIELD_COUNT,      /* a row with more or fewer fields than the header */
  PROPRIO_TABLE_READER_ERROR_MISSING_COLUMN,
  PROPRIO_TABLE_READER_ERROR_NOT_A_NUMBER,
  PROPRIO_TABLE_READER_ERROR_FAILED,           /* reading on after an earlier error */
  PROPRIO_TABLE_READER_ERROR_OUT_OF_RANGE,     /* a decimal number beyond what a double holds */
} ProprioTableReaderError;

typedef struct _ProprioTableReader ProprioTableReader;

GQuark              proprio_table_reader_error_quark    (void);

/* Each constructor reads the header row; it returns NULL with an error if there is none. */
ProprioTableReader *proprio_table_reader_new_for_path   (const char          *path,
                                                         GError             **error);
/* display_name names the input in error messages. */
ProprioTableReader *proprio_table_reader_new_for_stream (GInputStream        *stream,
                                                         const char          *display_name,
                                                         GError             **error);
/* Reads `data` in place: it must stay alive and unchanged while the reader is used. */
ProprioTableReader *proprio_table_reader_new_for_data   (const void          *data,
                                                         gsize                size,
                                                         GError             **error);
void                proprio_table_reader_free           (ProprioTableReader  *self);

char                proprio_table_reader_get_delimiter  (ProprioTableReader  *self);
guint               proprio_table_reader_get_n_columns  (ProprioTableReader  *self);
const char         *proprio_table_reader_get_column_name (ProprioTableReader *self,
                                                          guint               column);
/* Exact match first, then a case-insensitive one; -1 when there is no such column. */
int                 proprio_table_reader_find_column    (ProprioTableReader  *self,
                                                         const char          *name);
/* As find_column, with an error that lists the columns the input does have. */
gboolean            proprio_table_reader_lookup_column  (ProprioTableReader  *self,
                                                         const char          *name,
                                                         guint               *out_column,
                                                         GError             **error);

/* Advances to the next row. FALSE at the end of the input (error left unset) or on an error;
 * after an error every further call fails. */
gboolean            proprio_table_reader_next_row       (ProprioTableReader  *self,
                                                         GError             **error);
/* The line on which the current row (or, before the first next_row, the header) starts. */
guint               proprio_table_reader_get_line       (ProprioTableReader  *self);
/* The unquoted text of a field of the current row; valid until the next next_row. */
const char         *proprio_table_reader_get_field      (ProprioTableReader  *self,
                                                         guint                column);
/* TRUE when the field holds nothing but spaces. */
gboolean            proprio_table_reader_field_is_empty (ProprioTableReader  *self,
                                                         guint                column);
/* A decimal number in the C locale; NaN for an empty field; an error naming line and column
 * otherwise (not a number, or out of range). */
gboolean            proprio_table_reader_get_double     (ProprioTableReader  *self,
                                                         guint                column,
                                                         double              *out,
                                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioTableReader, proprio_table_reader_free)

G_END_DECLS
