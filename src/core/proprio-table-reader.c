/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-table-reader"

#include "config.h"

#include "proprio-table-reader.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* The input buffer holds at least one whole header row, so the delimiter can be chosen by looking
 * ahead before the row is parsed. */
#define BUFFER_SIZE (PROPRIO_TABLE_READER_MAX_ROW_BYTES + 1)

/* How much of a bad field an error message quotes. */
#define MAX_QUOTED_CHARS 40

#define READ_EOF   (-1)
#define READ_ERROR (-2)

struct _ProprioTableReader
{
  GInputStream *stream;
  char         *display_name;

  guint8       *buf;
  gsize         buf_pos;
  gsize         buf_len;
  gboolean      eof;
  gboolean      after_cr;     /* the last byte was a CR: an LF right after it ends the same line */
  guint         next_line;    /* line number of the next byte to read */

  char          delimiter;
  char        **columns;      /* header names, valid UTF-8 */
  guint         n_columns;

  guint         row_line;
  GString      *row;          /* the current row's fields, each NUL-terminated */
  GArray       *offsets;      /* guint: where each field starts in `row` */
  gboolean      failed;
};

typedef enum
{
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_SEEN,      /* a quote inside a quoted field: the closing one or the first of "" */
  AFTER_QUOTE,     /* spaces after a closing quote */
} ParseState;

G_DEFINE_QUARK (proprio-table-reader-error-quark, proprio_table_reader_error)

static gboolean
fill_buffer (ProprioTableReader  *self,
             GError             **error)
{
  gssize got;

  if (self->buf_pos > 0)
    {
      memmove (self->buf, self->buf + self->buf_pos, self->buf_len - self->buf_pos);
      self->buf_len -= self->buf_pos;
      self->buf_pos = 0;
    }
  if (self->buf_len == BUFFER_SIZE)
    return TRUE;

  got = g_input_stream_read (self->stream, self->buf + self->buf_len, BUFFER_SIZE - self->buf_len,
                             NULL, error);
  if (got < 0)
    {
      g_prefix_error (error, "%s: ", self->display_name);
      return FALSE;
    }
  if (got == 0)
    self->eof = TRUE;
  self->buf_len += (gsize) got;
  return TRUE;
}

/* The next byte with every line end (LF, CRLF, CR) turned into one '\n', counting lines. */
static int
read_byte (ProprioTableReader  *self,
           GError             **error)
{
  for (;;)
    {
      int c;

      if (self->buf_pos == self->buf_len)
        {
          if (self->eof)
            return READ_EOF;
          if (!fill_buffer (self, error))
            return READ_ERROR;
          continue;
        }

      c = self->buf[self->buf_pos++];
      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (c == '\n')
            continue;
        }
      if (c == '\r')
        {
          self->after_cr = TRUE;
          c = '\n';
        }
      if (c == '\n')
        self->next_line++;
      return c;
    }
}

static void
begin_field (ProprioTableReader *self)
{
  guint offset = (guint) self->row->len;

  g_array_append_val (self->offsets, offset);
}

static void
end_field (ProprioTableReader *self)
{
  g_string_append_c (self->row, '\0');
}

/* Reads one row into self->row / self->offsets. max_fields bounds the fields (the header's count
 * for data rows). Sets *got_row to FALSE at the end of the input. */
static gboolean
read_row (ProprioTableReader  *self,
          guint                max_fields,
          gboolean            *got_row,
          GError             **error)
{
  ParseState state = FIELD_START;
  gsize row_bytes = 0;

  g_string_truncate (self->row, 0);
  g_array_set_size (self->offsets, 0);
  self->row_line = self->next_line;
  *got_row = FALSE;

  for (;;)
    {
      int c = read_byte (self, error);

      if (c == READ_ERROR)
        return FALSE;
      if (c != READ_EOF && ++row_bytes > PROPRIO_TABLE_READER_MAX_ROW_BYTES)
        {
          g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG,
                       _("%s, line %u: the row is longer than %u bytes; is this a delimited text "
                         "file?"),
                       self->display_name, self->row_line, PROPRIO_TABLE_READER_MAX_ROW_BYTES);
          return FALSE;
        }
      if (c == '\0')
        {
          g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG,
                       _("%s, line %u: contains a NUL byte; is this a text file?"),
                       self->display_name, self->next_line);
          return FALSE;
        }

      /* A new field begins: enforce the bound before storing anything for it. */
      if (state == FIELD_START && !(self->offsets->len == 0 && (c == READ_EOF || c == '\n')))
        {
          if (self->offsets->len >= max_fields)
            {
              if (max_fields == PROPRIO_TABLE_READER_MAX_COLUMNS && self->n_columns == 0)
                g_set_error (error, PROPRIO_TABLE_READER_ERROR,
                             PROPRIO_TABLE_READER_ERROR_TOO_MANY_COLUMNS,
                             _("%s, line %u: the header has more than %u columns"),
                             self->display_name, self->row_line, max_fields);
              else
                g_set_error (error, PROPRIO_TABLE_READER_ERROR,
                             PROPRIO_TABLE_READER_ERROR_FIELD_COUNT,
                             _("%s, line %u: the row has more fields than the header (%u)"),
                             self->display_name, self->row_line, max_fields);
              return FALSE;
            }
        }

      switch (state)
        {
        case FIELD_START:
          if (c == READ_EOF || c == '\n')
            {
              if (self->offsets->len == 0)
                {
                  if (c == READ_EOF)
                    return TRUE;                    /* end of input */
                  self->row_line = self->next_line; /* an empty line: skip it */
                  row_bytes = 0;
                  continue;
                }
              begin_field (self);                   /* the empty field after a last delimiter */
              end_field (self);
              *got_row = TRUE;
              return TRUE;
            }
          begin_field (self);
          if (c == self->delimiter)
            end_field (self);
          else if (c == '"')
            state = QUOTED;
          else
            {
              g_string_append_c (self->row, (char) c);
              state = UNQUOTED;
            }
          break;

        case UNQUOTED:
          if (c == READ_EOF || c == '\n')
            {
              end_field (self);
              *got_row = TRUE;
              return TRUE;
            }
          if (c == self->delimiter)
            {
              end_field (self);
              state = FIELD_START;
            }
          else
            g_string_append_c (self->row, (char) c);
          break;

        case QUOTED:
          if (c == READ_EOF)
            {
              g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_BAD_QUOTE,
                           _("%s, line %u: a quoted field in this row is never closed"),
                           self->display_name, self->row_line);
              return FALSE;
            }
          if (c == '"')
            state = QUOTE_SEEN;
          else
            g_string_append_c (self->row, (char) c);
          break;

        case QUOTE_SEEN:
        case AFTER_QUOTE:
          if (c == '"' && state == QUOTE_SEEN)
            {
              g_string_append_c (self->row, '"');
              state = QUOTED;
            }
          else if (c == READ_EOF || c == '\n')
            {
              end_field (self);
              *got_row = TRUE;
              return TRUE;
            }
          else if (c == self->delimiter)
            {
              end_field (self);
              state = FIELD_START;
            }
          else if (c == ' ')
            state = AFTER_QUOTE;
          else
            {
              g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_BAD_QUOTE,
                           _("%s, line %u: unexpected text after a closing quote (a quote inside "
                             "a quoted field is written \"\")"),
                           self->display_name, self->next_line);
              return FALSE;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* Counts the candidate delimiters outside quotes in the first line (already in the buffer). */
static char
detect_delimiter (ProprioTableReader *self)
{
  static const char candidates[] = { '\t', ';', ',' };   /* in order of preference on a tie */
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean in_quotes = FALSE;
  char best = ',';
  guint best_count = 0;

  for (gsize i = self->buf_pos; i < self->buf_len; i++)
    {
      char c = (char) self->buf[i];

      if (c == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (c == '\n' || c == '\r'))
        break;
      else if (!in_quotes)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == candidates[k])
            counts[k]++;
    }

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    if (counts[k] > best_count)
      {
        best = candidates[k];
        best_count = counts[k];
      }
  return best;
}

static gboolean
read_header (ProprioTableReader  *self,
             GError             **error)
{
  gboolean got_row;

  /* Look ahead to the end of the header row (or the row size limit). */
  while (!self->eof && self->buf_len < BUFFER_SIZE
         && memchr (self->buf + self->buf_pos, '\n', self->buf_len - self->buf_pos) == NULL
         && memchr (self->buf + self->buf_pos, '\r', self->buf_len - self->buf_pos) == NULL)
    if (!fill_buffer (self, error))
      return FALSE;

  if (self->buf_len >= 3 && memcmp (self->buf, "\xEF\xBB\xBF", 3) == 0)
    self->buf_pos = 3;

  self->delimiter = detect_delimiter (self);

  if (!read_row (self, PROPRIO_TABLE_READER_MAX_COLUMNS, &got_row, error))
    return FALSE;
  if (!got_row)
    {
      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NO_HEADER,
                   _("%s is empty: expected a header row with column names"), self->display_name);
      return FALSE;
    }

  self->n_columns = self->offsets->len;
  self->columns = g_new0 (char *, self->n_columns + 1);
  for (guint i = 0; i < self->n_columns; i++)
    {
      const char *raw = self->row->str + g_array_index (self->offsets, guint, i);

      self->columns[i] = g_strstrip (g_utf8_make_valid (raw, -1));
    }
  return TRUE;
}

ProprioTableReader *
proprio_table_reader_new_for_stream (GInputStream  *stream,
                                     const char    *display_name,
                                     GError       **error)
{
  g_autoptr(ProprioTableReader) self = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (ProprioTableReader, 1);
  self->stream = g_object_ref (stream);
  self->display_name = g_strdup (display_name != NULL ? display_name : _("input"));
  self->buf = g_malloc (BUFFER_SIZE);
  self->next_line = 1;
  self->row = g_string_sized_new (256);
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!read_header (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

ProprioTableReader *
proprio_table_reader_new_for_path (const char  *path,
                                   GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);   /* its message already names the file */
  if (stream == NULL)
    return NULL;

  display_name = g_filename_display_name (path);
  return proprio_table_reader_new_for_stream (G_INPUT_STREAM (stream), display_name, error);
}

ProprioTableReader *
proprio_table_reader_new_for_data (const void  *data,
                                   gsize        size,
                                   GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  return proprio_table_reader_new_for_stream (stream, NULL, error);
}

void
proprio_table_reader_free (ProprioTableReader *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->stream);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->buf, g_free);
  g_clear_pointer (&self->columns, g_strfreev);
  if (self->row != NULL)
    g_string_free (self->row, TRUE);
  g_clear_pointer (&self->offsets, g_array_unref);
  g_free (self);
}

char
proprio_table_reader_get_delimiter (ProprioTableReader *self)
{
  g_return_val_if_fail (self != NULL, '\0');

  return self->delimiter;
}

guint
proprio_table_reader_get_n_columns (ProprioTableReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

const char *
proprio_table_reader_get_column_name (ProprioTableReader *self,
                                      guint               column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  return self->columns[column];
}

int
proprio_table_reader_find_column (ProprioTableReader *self,
                                  const char         *name)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->n_columns; i++)
    if (g_str_equal (self->columns[i], name))
      return (int) i;
  for (guint i = 0; i < self->n_columns; i++)
    if (g_ascii_strcasecmp (self->columns[i], name) == 0)
      return (int) i;
  return -1;
}

gboolean
proprio_table_reader_lookup_column (ProprioTableReader  *self,
                                    const char          *name,
                                    guint               *out_column,
                                    GError             **error)
{
  g_autofree char *known = NULL;
  int column;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  column = proprio_table_reader_find_column (self, name);
  if (column < 0)
    {
      known = g_strjoinv (", ", self->columns);
      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_MISSING_COLUMN,
                   _("%s has no column “%s”; its columns are: %s"),
                   self->display_name, name, known);
      return FALSE;
    }
  if (out_column != NULL)
    *out_column = (guint) column;
  return TRUE;
}

gboolean
proprio_table_reader_next_row (ProprioTableReader  *self,
                               GError             **error)
{
  gboolean got_row;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->failed)
    {
      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_FAILED,
                   _("%s: reading stopped after an earlier error"), self->display_name);
      return FALSE;
    }

  if (!read_row (self, self->n_columns, &got_row, error))
    {
      self->failed = TRUE;
      return FALSE;
    }
  if (!got_row)
    {
      g_array_set_size (self->offsets, 0);
      return FALSE;
    }
  if (self->offsets->len != self->n_columns)
    {
      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_FIELD_COUNT,
                   _("%s, line %u: the row has %u fields but the header has %u"),
                   self->display_name, self->row_line, self->offsets->len, self->n_columns);
      self->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

guint
proprio_table_reader_get_line (ProprioTableReader *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->row_line;
}

const char *
proprio_table_reader_get_field (ProprioTableReader *self,
                                guint               column)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (column < self->offsets->len, NULL);

  return self->row->str + g_array_index (self->offsets, guint, column);
}

static const char *
skip_spaces (const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

gboolean
proprio_table_reader_field_is_empty (ProprioTableReader *self,
                                     guint               column)
{
  const char *field;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < self->offsets->len, FALSE);

  field = proprio_table_reader_get_field (self, column);
  return *skip_spaces (field) == '\0';
}

/* The length of the number at `s`: a decimal number ([+-] digits [. digits] [e [+-] digits], or
 * [+-] . digits …), or one of the words nan, inf, infinity that lab software writes for missing or
 * overflowed values (any case, signed). 0 for anything else: strtod would also read hexadecimal
 * ("0x10" as 16) and C99 hex floats, which no delimited data file means. */
static gsize
scan_number (const char *s,
             gboolean   *is_word)
{
  static const char * const words[] = { "infinity", "inf", "nan" };
  const char *p = s;
  gsize digits = 0;

  *is_word = FALSE;
  if (*p == '+' || *p == '-')
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strncasecmp (p, words[i], strlen (words[i])) == 0)
      {
        *is_word = TRUE;
        return (gsize) (p - s) + strlen (words[i]);
      }

  while (g_ascii_isdigit (*p))
    p++, digits++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++, digits++;
    }
  if (digits == 0)
    return 0;
  if (*p == 'e' || *p == 'E')
    {
      const char *e = p + 1;

      if (*e == '+' || *e == '-')
        e++;
      if (!g_ascii_isdigit (*e))
        return 0;
      while (g_ascii_isdigit (*e))
        e++;
      p = e;
    }
  return (gsize) (p - s);
}

static char *
quote_field (const char *field)
{
  g_autofree char *valid = g_utf8_make_valid (field, -1);

  if (g_utf8_strlen (valid, -1) > MAX_QUOTED_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, MAX_QUOTED_CHARS);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

gboolean
proprio_table_reader_get_double (ProprioTableReader  *self,
                                 guint                column,
                                 double              *out,
                                 GError             **error)
{
  const char *field, *start, *end;
  gboolean is_word;
  double value;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (column < self->offsets->len, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  field = proprio_table_reader_get_field (self, column);
  start = skip_spaces (field);
  if (*start == '\0')
    {
      *out = NAN;
      return TRUE;
    }

  len = scan_number (start, &is_word);
  end = len > 0 ? skip_spaces (start + len) : start;
  if (len == 0 || *end != '\0')
    {
      g_autofree char *shown = quote_field (field);
      gboolean decimal_comma = strchr (field, ',') != NULL && strchr (field, '.') == NULL;
      gboolean hex = strchr (field, 'x') != NULL || strchr (field, 'X') != NULL;

      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NOT_A_NUMBER,
                   _("%s, line %u, column “%s”: “%s” is not a number%s"),
                   self->display_name, self->row_line, self->columns[column], shown,
                   decimal_comma ? _(" (write numbers with a decimal point, not a comma)")
                   : hex ? _(" (only decimal numbers are read)") : "");
      return FALSE;
    }

  /* g_ascii_strtod ignores the locale: "1.5" everywhere, never "1,5". */
  value = g_ascii_strtod (start, NULL);
  /* A decimal number too large for a double would silently become infinity. (Too small ones
   * become 0 or a denormal, which is their value as near as a double can hold it.) */
  if (!is_word && !isfinite (value))
    {
      g_autofree char *shown = quote_field (field);

      g_set_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_OUT_OF_RANGE,
                   _("%s, line %u, column “%s”: “%s” is too large for a number (at most about "
                     "1.8e308)"),
                   self->display_name, self->row_line, self->columns[column], shown);
      return FALSE;
    }

  *out = value;
  return TRUE;
}
