/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-protocol"

#include <string.h>

#include "proprio-line-splitter.h"

void
proprio_line_splitter_reset (ProprioLineSplitter *self)
{
  g_return_if_fail (self != NULL);

  self->len = 0;
  self->discarding = FALSE;
}

void
proprio_line_splitter_feed (ProprioLineSplitter  *self,
                            const guint8         *data,
                            gsize                 len,
                            ProprioProtocolStats *stats,
                            ProprioLineFunc       func,
                            gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (stats != NULL);
  g_return_if_fail (func != NULL);

  while (len > 0)
    {
      const guint8 *nl = memchr (data, '\n', len);
      gsize chunk = nl != NULL ? (gsize) (nl - data) : len;

      if (self->discarding)
        {
          stats->discarded_bytes += chunk;
        }
      else if (self->len + chunk > PROPRIO_LINE_MAX + 1)
        {
          /* One byte of slack above the maximum leaves room for a '\r' before the '\n'. */
          stats->discarded_bytes += self->len + chunk;
          self->len = 0;
          self->discarding = TRUE;
        }
      else
        {
          memcpy (self->buf + self->len, data, chunk);
          self->len += chunk;
        }

      if (nl == NULL)
        return;

      if (self->discarding)
        {
          stats->skipped_lines++;
          self->discarding = FALSE;
        }
      else
        {
          gsize line_len = self->len;

          if (line_len > 0 && self->buf[line_len - 1] == '\r')
            line_len--;

          if (line_len > PROPRIO_LINE_MAX)
            {
              stats->discarded_bytes += self->len;
              stats->skipped_lines++;
              self->len = 0;
            }
          else
            {
              self->len = 0;
              self->buf[line_len] = '\0';
              func (self->buf, line_len, user_data);
            }
        }

      data += chunk + 1;
      len -= chunk + 1;
    }
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static inline gboolean
is_separator (char c)
{
  return c == ',' || c == ';' || is_space (c);
}

ProprioLineShape
proprio_line_split_fields (const char       *line,
                           gsize             len,
                           ProprioLineField *fields,
                           guint             max_fields,
                           guint            *n_fields)
{
  const char *p = line;
  const char *end = line + len;
  ProprioLineShape shape = PROPRIO_LINE_BLANK;
  guint n = 0;

  g_return_val_if_fail (line != NULL || len == 0, PROPRIO_LINE_INVALID);
  g_return_val_if_fail (fields != NULL, PROPRIO_LINE_INVALID);
  g_return_val_if_fail (n_fields != NULL, PROPRIO_LINE_INVALID);

  *n_fields = 0;

  while (p < end && is_space (*p))
    p++;
  while (end > p && is_space (end[-1]))
    end--;
  if (p == end || *p == '#')
    return PROPRIO_LINE_BLANK;

  while (p < end)
    {
      const char *start = p;
      const char *colon = NULL;
      ProprioLineShape field_shape;

      while (p < end && !is_separator (*p))
        {
          /* Binary noise is never part of a sample line. */
          if ((guchar) *p < 0x20 || *p == 0x7f)
            return PROPRIO_LINE_INVALID;
          if (*p == ':' && colon == NULL)
            colon = p;
          p++;
        }
      if (p == start || n == max_fields)
        return PROPRIO_LINE_INVALID;

      if (colon != NULL)
        {
          if (colon == start || colon + 1 == p)
            return PROPRIO_LINE_INVALID;
          fields[n].label = start;
          fields[n].label_len = colon - start;
          fields[n].value = colon + 1;
          fields[n].value_len = p - (colon + 1);
          field_shape = PROPRIO_LINE_LABELLED;
        }
      else
        {
          fields[n].label = NULL;
          fields[n].label_len = 0;
          fields[n].value = start;
          fields[n].value_len = p - start;
          field_shape = PROPRIO_LINE_PLAIN;
        }
      if (shape != PROPRIO_LINE_BLANK && shape != field_shape)
        return PROPRIO_LINE_INVALID;
      shape = field_shape;
      n++;

      while (p < end && is_space (*p))
        p++;
      if (p < end && (*p == ',' || *p == ';'))
        {
          p++;
          while (p < end && is_space (*p))
            p++;
        }
    }

  *n_fields = n;
  return shape;
}
