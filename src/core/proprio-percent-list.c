/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-percent-list"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-percent-list.h"

G_DEFINE_QUARK (proprio-percent-list-error-quark, proprio_percent_list_error)

/* An entry longer than this is not a percentage anyone typed; it is cut in the message. */
#define MAX_SHOWN 24

static gboolean
is_separator (char c)
{
  return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

gboolean
proprio_percent_list_parse (const char  *text,
                            double      *values,
                            guint        max,
                            guint       *n,
                            GError     **error)
{
  g_autofree double *parsed = NULL;
  guint count = 0;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (values != NULL && max > 0, FALSE);
  g_return_val_if_fail (n != NULL, FALSE);

  parsed = g_new (double, max);
  p = text;
  for (;;)
    {
      const char *start, *end;
      g_autofree char *entry = NULL;
      char *stop = NULL;
      double value;

      while (*p != '\0' && is_separator (*p))
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && !is_separator (*p))
        p++;
      end = p;
      /* "50%" is 50; a % on its own ("50 %") belongs to the number before it. */
      if (end > start && end[-1] == '%')
        end--;
      if (end == start && count > 0)
        continue;
      entry = g_strndup (start, end - start);
      value = g_ascii_strtod (entry, &stop);
      if (*entry == '\0' || stop == entry || *stop != '\0' || !isfinite (value) ||
          value < 0.0 || value > 100.0 || strpbrk (entry, "xXpP") != NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (start, MIN ((gssize) (p - start),
                                                                   MAX_SHOWN));

          g_set_error (error, PROPRIO_PERCENT_LIST_ERROR, PROPRIO_PERCENT_LIST_ERROR_INVALID,
                       _("“%s” is not a percentage from 0 to 100"), shown);
          return FALSE;
        }
      if (count == max)
        {
          g_set_error (error, PROPRIO_PERCENT_LIST_ERROR, PROPRIO_PERCENT_LIST_ERROR_COUNT,
                       _("Give at most %u percentages, one per block"), max);
          return FALSE;
        }
      parsed[count++] = value;
    }
  if (count == 0)
    {
      g_set_error_literal (error, PROPRIO_PERCENT_LIST_ERROR, PROPRIO_PERCENT_LIST_ERROR_COUNT,
                           _("Give at least one percentage, e.g. “100, 50, 0”"));
      return FALSE;
    }
  memcpy (values, parsed, count * sizeof (double));
  *n = count;
  return TRUE;
}

char *
proprio_percent_list_format (const double *values,
                             guint         n)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (values != NULL || n == 0, g_string_free (text, FALSE));

  for (guint i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              g_ascii_formatd (buf, sizeof buf, "%.15g", values[i]));
    }
  return g_string_free (text, FALSE);
}
