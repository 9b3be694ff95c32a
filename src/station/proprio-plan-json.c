/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-json"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "proprio-plan-json.h"

G_DEFINE_QUARK (proprio-json-error-quark, proprio_json_error)

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
} Reader;

static gboolean parse_value (Reader    *r,
                             GVariant **out,
                             GError   **error);

/* Line and column (1-based, in characters) of the reader's position, for messages a person can
 * find in a text editor. */
static void
position (Reader *r,
          guint  *line,
          guint  *column)
{
  *line = 1;
  *column = 1;
  for (const char *q = r->start; q < r->p && q < r->end; q = g_utf8_next_char (q))
    {
      if (*q == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else
        (*column)++;
    }
}

static gboolean G_GNUC_PRINTF (4, 5)
fail (Reader      *r,
      GError     **error,
      int          code,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  guint line, column;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  position (r, &line, &column);
  /* Translators: where a file is malformed: "Line 3, column 7: expected “,” or “}”" */
  g_set_error (error, PROPRIO_JSON_ERROR, code, _("Line %u, column %u: %s"), line, column, what);
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
at_end (Reader *r)
{
  return r->p >= r->end;
}

static gboolean
literal (Reader     *r,
         const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           guint   *value,
           GError **error)
{
  *value = 0;
  if (r->end - r->p < 4)
    return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("a \\u escape needs four hex digits"));
  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (r->p[i]);

      if (d < 0)
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("a \\u escape needs four hex digits"));
      *value = *value * 16 + (guint) d;
    }
  r->p += 4;
  return TRUE;
}

/* At the opening quote. The input was checked to be UTF-8, so only escapes and control
 * characters need a look. */
static gboolean
parse_string (Reader  *r,
              char   **out,
              GError **error)
{
  g_autoptr(GString) s = g_string_new (NULL);

  r->p++;
  while (TRUE)
    {
      char c;

      if (at_end (r))
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("the text ends inside a string"));
      c = *r->p;
      if (c == '"')
        {
          r->p++;
          break;
        }
      if ((guchar) c < 0x20)
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX,
                     _("a control character inside a string (write it as an escape)"));
      if (c != '\\')
        {
          g_string_append_c (s, c);
          r->p++;
          continue;
        }
      r->p++;
      if (at_end (r))
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("the text ends inside a string"));
      c = *r->p++;
      switch (c)
        {
        case '"':  g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/':  g_string_append_c (s, '/'); break;
        case 'b':  g_string_append_c (s, '\b'); break;
        case 'f':  g_string_append_c (s, '\f'); break;
        case 'n':  g_string_append_c (s, '\n'); break;
        case 'r':  g_string_append_c (s, '\r'); break;
        case 't':  g_string_append_c (s, '\t'); break;
        case 'u':
          {
            guint unit, low;
            gunichar ch;

            if (!read_hex4 (r, &unit, error))
              return FALSE;
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX,
                           _("a lone low surrogate in a \\u escape"));
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                if (!literal (r, "\\u"))
                  return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX,
                               _("a high surrogate without its low half"));
                if (!read_hex4 (r, &low, error))
                  return FALSE;
                if (low < 0xDC00 || low > 0xDFFF)
                  return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX,
                               _("a high surrogate without its low half"));
                ch = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              }
            else
              ch = unit;
            /* GVariant strings end at NUL: a text holding one cannot be kept whole. */
            if (ch == 0)
              return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX,
                           _("a string holds the character U+0000"));
            g_string_append_unichar (s, ch);
            break;
          }
        default:
          r->p--;
          return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("an unknown escape in a string"));
        }
    }
  *out = g_string_free (g_steal_pointer (&s), FALSE);
  return TRUE;
}

static gboolean
is_digit (Reader *r)
{
  return !at_end (r) && *r->p >= '0' && *r->p <= '9';
}

/* The JSON grammar exactly (no leading +, no leading zeros, no hex, no NaN), then the C locale's
 * strtod on the span. */
static gboolean
parse_number (Reader    *r,
              GVariant **out,
              GError   **error)
{
  const char *begin = r->p;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;

  if (*r->p == '-')
    r->p++;
  if (!is_digit (r))
    return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected a digit"));
  if (*r->p == '0')
    r->p++;
  else
    while (is_digit (r))
      r->p++;
  if (!at_end (r) && *r->p == '.')
    {
      integral = FALSE;
      r->p++;
      if (!is_digit (r))
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected a digit after “.”"));
      while (is_digit (r))
        r->p++;
    }
  if (!at_end (r) && (*r->p == 'e' || *r->p == 'E'))
    {
      integral = FALSE;
      r->p++;
      if (!at_end (r) && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!is_digit (r))
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected a digit in the exponent"));
      while (is_digit (r))
        r->p++;
    }

  text = g_strndup (begin, (gsize) (r->p - begin));
  if (integral)
    {
      gint64 value;
      char *rest = NULL;

      errno = 0;
      value = g_ascii_strtoll (text, &rest, 10);
      /* "-0" is a number no integer holds: it stays the double it was written from. */
      if (errno == 0 && rest != NULL && *rest == '\0' && !(value == 0 && *begin == '-'))
        {
          *out = g_variant_ref_sink (g_variant_new_int64 (value));
          return TRUE;
        }
    }
  {
    double value = g_ascii_strtod (text, NULL);

    if (!isfinite (value))
      {
        r->p = begin;
        return fail (r, error, PROPRIO_JSON_ERROR_LIMIT, _("a number too large to use"));
      }
    *out = g_variant_ref_sink (g_variant_new_double (value));
  }
  return TRUE;
}

static gboolean
enter (Reader  *r,
       GError **error)
{
  if (++r->depth > PROPRIO_JSON_MAX_DEPTH)
    return fail (r, error, PROPRIO_JSON_ERROR_LIMIT, _("nested more than %d levels deep"),
                 PROPRIO_JSON_MAX_DEPTH);
  r->p++;
  return TRUE;
}

static gboolean
parse_array (Reader    *r,
             GVariant **out,
             GError   **error)
{
  GVariantBuilder builder;

  if (!enter (r, error))
    return FALSE;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  skip_space (r);
  if (!at_end (r) && *r->p == ']')
    r->p++;
  else
    while (TRUE)
      {
        GVariant *item = NULL;

        if (!parse_value (r, &item, error))
          {
            g_variant_builder_clear (&builder);
            return FALSE;
          }
        g_variant_builder_add (&builder, "v", item);
        g_variant_unref (item);
        skip_space (r);
        if (!at_end (r) && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (!at_end (r) && *r->p == ']')
          {
            r->p++;
            break;
          }
        g_variant_builder_clear (&builder);
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected “,” or “]”"));
      }
  r->depth--;
  *out = g_variant_ref_sink (g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
parse_object (Reader    *r,
              GVariant **out,
              GError   **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GVariantBuilder builder;

  if (!enter (r, error))
    return FALSE;
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  skip_space (r);
  if (!at_end (r) && *r->p == '}')
    r->p++;
  else
    while (TRUE)
      {
        g_autofree char *key = NULL;
        GVariant *value = NULL;
        const char *key_at;

        skip_space (r);
        key_at = r->p;
        if (at_end (r) || *r->p != '"')
          {
            g_variant_builder_clear (&builder);
            return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected a key in quotes"));
          }
        if (!parse_string (r, &key, error))
          {
            g_variant_builder_clear (&builder);
            return FALSE;
          }
        if (g_hash_table_contains (keys, key))
          {
            g_variant_builder_clear (&builder);
            r->p = key_at;
            return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("the key “%s” is given twice"),
                         key);
          }
        skip_space (r);
        if (at_end (r) || *r->p != ':')
          {
            g_variant_builder_clear (&builder);
            return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected “:”"));
          }
        r->p++;
        if (!parse_value (r, &value, error))
          {
            g_variant_builder_clear (&builder);
            return FALSE;
          }
        g_variant_builder_add (&builder, "{sv}", key, value);
        g_variant_unref (value);
        g_hash_table_add (keys, g_steal_pointer (&key));
        skip_space (r);
        if (!at_end (r) && *r->p == ',')
          {
            r->p++;
            continue;
          }
        if (!at_end (r) && *r->p == '}')
          {
            r->p++;
            break;
          }
        g_variant_builder_clear (&builder);
        return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected “,” or “}”"));
      }
  r->depth--;
  *out = g_variant_ref_sink (g_variant_builder_end (&builder));
  return TRUE;
}

static gboolean
parse_value (Reader    *r,
             GVariant **out,
             GError   **error)
{
  skip_space (r);
  if (at_end (r))
    return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("the text ends where a value should be"));

  switch (*r->p)
    {
    case '{':
      return parse_object (r, out, error);
    case '[':
      return parse_array (r, out, error);
    case '"':
      {
        char *text = NULL;

        if (!parse_string (r, &text, error))
          return FALSE;
        *out = g_variant_ref_sink (g_variant_new_take_string (text));
        return TRUE;
      }
    case 't':
      if (!literal (r, "true"))
        break;
      *out = g_variant_ref_sink (g_variant_new_boolean (TRUE));
      return TRUE;
    case 'f':
      if (!literal (r, "false"))
        break;
      *out = g_variant_ref_sink (g_variant_new_boolean (FALSE));
      return TRUE;
    case 'n':
      if (!literal (r, "null"))
        break;
      *out = g_variant_ref_sink (g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL));
      return TRUE;
    default:
      if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
        return parse_number (r, out, error);
      break;
    }
  return fail (r, error, PROPRIO_JSON_ERROR_SYNTAX, _("expected a value"));
}

GVariant *
proprio_json_parse (const char  *text,
                    gssize       length,
                    GError     **error)
{
  Reader r = { 0 };
  GVariant *value = NULL;
  gsize n;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = length < 0 ? strlen (text) : (gsize) length;
  if (n > PROPRIO_JSON_MAX_BYTES)
    {
      g_set_error (error, PROPRIO_JSON_ERROR, PROPRIO_JSON_ERROR_LIMIT,
                   _("The file is larger than %d MiB"), PROPRIO_JSON_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  r.start = r.p = text != NULL ? text : "";
  r.end = r.start + n;
  /* Checked once here, so strings can be copied byte by byte; a NUL byte is not UTF-8 text. */
  if (!g_utf8_validate_len (r.start, n, &r.p) || memchr (r.start, '\0', n) != NULL)
    {
      if (r.p == r.end)
        r.p = memchr (r.start, '\0', n);
      fail (&r, error, PROPRIO_JSON_ERROR_SYNTAX, _("the text is not UTF-8"));
      return NULL;
    }
  r.p = r.start;
  /* A byte-order mark some editors write at the start. */
  if (n >= 3 && memcmp (r.p, "\xEF\xBB\xBF", 3) == 0)
    r.p += 3;

  if (!parse_value (&r, &value, error))
    return NULL;
  skip_space (&r);
  if (!at_end (&r))
    {
      g_variant_unref (value);
      fail (&r, error, PROPRIO_JSON_ERROR_SYNTAX, _("more text after the end of the value"));
      return NULL;
    }
  return value;
}
