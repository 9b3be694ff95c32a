/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-overlay"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "proprio-overlay-private.h"

/* The text form of an overlay list and template files; the grammar is in proprio-overlay.h. The parser reads
 * untrusted files (templates shared between clinics, damaged sessions): it never trusts a length
 * or a count, reads nothing past `length`, and holds at most one line besides the result. */

#define HEADER_KEYWORD "proprio-overlays"
#define MAX_TOKENS     (1 + 2 * PROPRIO_OVERLAY_MAX_POINTS)

/* The shortest decimal that reads back as exactly `v`, so a saved overlay reloads bit for bit
 * and the file stays readable ("0.5", not "0.50000000000000000"). */
static void
append_number (GString *string,
               double   v)
{
  static const char * const formats[] = {
    "%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g", "%.9g",
    "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g", "%.17g",
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (string, buf);
}

char *
proprio_overlay_to_string (ProprioOverlay *self)
{
  GString *string;
  guint n_shapes;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), NULL);

  string = g_string_new (NULL);
  g_string_append_printf (string, HEADER_KEYWORD " %d\n", PROPRIO_OVERLAY_FORMAT_VERSION);
  n_shapes = proprio_overlay_get_n_shapes (self);
  for (guint i = 0; i < n_shapes; i++)
    {
      const ProprioOverlayShape *shape = proprio_overlay_get_shape (self, i);
      guint n = proprio_overlay_kind_n_points (shape->kind);

      g_string_append (string, proprio_overlay_kind_to_string (shape->kind));
      for (guint k = 0; k < n; k++)
        {
          g_string_append_c (string, ' ');
          append_number (string, shape->p[k].x);
          g_string_append_c (string, ' ');
          append_number (string, shape->p[k].y);
        }
      g_string_append_c (string, '\n');
    }
  return g_string_free (string, FALSE);
}

/* A token as it may appear in a message: valid UTF-8, and short. */
static char *
quote_token (const char *token)
{
  g_autofree char *valid = g_utf8_make_valid (token, -1);

  if (g_utf8_strlen (valid, -1) > 24)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 24);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

static void set_line_error (GError     **error,
                            int          code,
                            guint        line,
                            const char  *format,
                            ...) G_GNUC_PRINTF (4, 5);

static void
set_line_error (GError     **error,
                int          code,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PROPRIO_OVERLAY_ERROR, code, _("Line %u: %s"), line, message);
}

/* Splits `line` in place at ASCII spaces. Stores at most MAX_TOKENS pointers; returns how many
 * tokens there are in all. */
static guint
tokenize (char  *line,
          char **tokens)
{
  guint n = 0;
  char *p = line;

  while (*p != '\0')
    {
      while (g_ascii_isspace (*p))
        *p++ = '\0';
      if (*p == '\0')
        break;
      if (n < MAX_TOKENS)
        tokens[n] = p;
      n++;
      while (*p != '\0' && !g_ascii_isspace (*p))
        p++;
    }
  return n;
}

static gboolean
parse_header (char    **tokens,
              guint     n_tokens,
              guint     line,
              GError  **error)
{
  guint64 version;

  if (n_tokens != 2 || strcmp (tokens[0], HEADER_KEYWORD) != 0 ||
      !g_ascii_string_to_unsigned (tokens[1], 10, 1, G_MAXUINT32, &version, NULL))
    {
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("expected “%s %d”: this is not a Proprio overlay list"),
                      HEADER_KEYWORD, PROPRIO_OVERLAY_FORMAT_VERSION);
      return FALSE;
    }
  if (version > PROPRIO_OVERLAY_FORMAT_VERSION)
    {
      set_line_error (error, PROPRIO_OVERLAY_ERROR_VERSION, line,
                      _("these overlays were saved by a newer version of Proprio (format %u); "
                        "update Proprio to open them"), (guint) version);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_coordinate (const char  *token,
                  guint        line,
                  double      *out,
                  GError     **error)
{
  g_autofree char *quoted = NULL;
  char *end = NULL;
  double v;

  v = g_ascii_strtod (token, &end);
  if (end == token || *end != '\0')
    {
      quoted = quote_token (token);
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("“%s” is not a number"), quoted);
      return FALSE;
    }
  if (!(v >= 0.0 && v <= 1.0))
    {
      quoted = quote_token (token);
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("%s is off the video (coordinates go from 0 to 1)"), quoted);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_shape (char                **tokens,
             guint                 n_tokens,
             guint                 line,
             ProprioOverlayShape  *shape,
             GError              **error)
{
  g_autofree char *quoted = NULL;
  guint n_points;

  memset (shape, 0, sizeof *shape);
  if (!proprio_overlay_kind_from_string (tokens[0], &shape->kind))
    {
      quoted = quote_token (tokens[0]);
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("unknown shape “%s” (expected plumb, level, grid, line, circle or angle)"),
                      quoted);
      return FALSE;
    }

  n_points = proprio_overlay_kind_n_points (shape->kind);
  if (n_tokens - 1 != 2 * n_points)
    {
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("%s takes %u numbers (an x and a y for each point), found %u"),
                      tokens[0], 2 * n_points, n_tokens - 1);
      return FALSE;
    }
  for (guint i = 0; i < n_points; i++)
    if (!parse_coordinate (tokens[1 + 2 * i], line, &shape->p[i].x, error) ||
        !parse_coordinate (tokens[2 + 2 * i], line, &shape->p[i].y, error))
      return FALSE;

  if (!proprio_overlay_shape_is_valid (shape))
    {
      /* Coordinates are in range, so only a grid's cell size is left to be wrong. */
      set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                      _("the grid’s cells are too small (at least %g of the video each way)"),
                      PROPRIO_OVERLAY_GRID_MIN_CELL);
      return FALSE;
    }
  return TRUE;
}

GArray *
proprio_overlay_parse (const char  *text,
                       gssize       length,
                       GError     **error)
{
  g_autoptr(GArray) shapes = NULL;
  const char *p, *end;
  gboolean have_header = FALSE;
  guint line = 0;

  if (text == NULL)
    length = 0;
  else if (length < 0)
    length = (gssize) strnlen (text, PROPRIO_OVERLAY_MAX_TEXT_BYTES + 1);
  if (length > PROPRIO_OVERLAY_MAX_TEXT_BYTES)
    {
      g_set_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_TOO_LARGE,
                   _("The overlay list is too large (over %d KiB); it cannot be a Proprio "
                     "overlay list"), PROPRIO_OVERLAY_MAX_TEXT_BYTES / 1024);
      return NULL;
    }

  shapes = g_array_new (FALSE, TRUE, sizeof (ProprioOverlayShape));
  p = text;
  /* Some editors start a file they save with a UTF-8 byte-order mark. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  end = text != NULL ? text + length : NULL;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = newline != NULL ? newline : end;
      g_autofree char *buf = NULL;
      char *tokens[MAX_TOKENS];
      guint n_tokens;

      line++;
      if (memchr (p, '\0', (gsize) (line_end - p)) != NULL)
        {
          set_line_error (error, PROPRIO_OVERLAY_ERROR_PARSE, line,
                          _("contains a NUL byte: this is not a Proprio overlay list"));
          return NULL;
        }
      buf = g_strndup (p, (gsize) (line_end - p));
      p = newline != NULL ? newline + 1 : end;

      g_strstrip (buf);   /* also drops the \r of a CRLF line end */
      if (buf[0] == '\0' || buf[0] == '#')
        continue;

      n_tokens = tokenize (buf, tokens);
      if (!have_header)
        {
          if (!parse_header (tokens, n_tokens, line, error))
            return NULL;
          have_header = TRUE;
          continue;
        }

      if (shapes->len >= PROPRIO_OVERLAY_MAX_SHAPES)
        {
          set_line_error (error, PROPRIO_OVERLAY_ERROR_TOO_LARGE, line,
                          _("more than %d shapes; an overlay holds at most %d"),
                          PROPRIO_OVERLAY_MAX_SHAPES, PROPRIO_OVERLAY_MAX_SHAPES);
          return NULL;
        }
      g_array_set_size (shapes, shapes->len + 1);
      if (!parse_shape (tokens, n_tokens, line,
                        &g_array_index (shapes, ProprioOverlayShape, shapes->len - 1), error))
        return NULL;
    }

  if (!have_header)
    {
      g_set_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_PARSE,
                   _("The overlay list is empty: its first line must be “%s %d”"),
                   HEADER_KEYWORD, PROPRIO_OVERLAY_FORMAT_VERSION);
      return NULL;
    }
  return g_steal_pointer (&shapes);
}

ProprioOverlay *
proprio_overlay_from_string (const char  *text,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(ProprioOverlay) self = NULL;
  g_autoptr(GArray) parsed = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = proprio_overlay_parse (text, length, error);
  if (parsed == NULL)
    return NULL;
  self = proprio_overlay_new ();
  proprio_overlay_replace_shapes (self, parsed, FALSE);
  return g_steal_pointer (&self);
}

gboolean
proprio_overlay_set_from_string (ProprioOverlay  *self,
                                 const char      *text,
                                 gssize           length,
                                 GError         **error)
{
  g_autoptr(GArray) parsed = NULL;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  parsed = proprio_overlay_parse (text, length, error);
  if (parsed == NULL)
    return FALSE;
  proprio_overlay_replace_shapes (self, parsed, TRUE);
  return TRUE;
}

gboolean
proprio_overlay_save_template (ProprioOverlay  *self,
                               const char      *path,
                               GError         **error)
{
  g_autofree char *text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      display = g_filename_display_name (dir);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s” for overlay templates: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  text = proprio_overlay_to_string (self);
  /* Consistent: a crash mid-write leaves the old template or the new one, never half of one. */
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
proprio_overlay_load_template (ProprioOverlay  *self,
                               const char      *path,
                               GError         **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  GStatBuf st;
  gsize length = 0;

  g_return_val_if_fail (PROPRIO_IS_OVERLAY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_basename (path);
  /* Refuse a huge file before reading it into memory; the parser checks the size again. */
  if (g_stat (path, &st) == 0 && st.st_size > PROPRIO_OVERLAY_MAX_TEXT_BYTES)
    {
      g_set_error (error, PROPRIO_OVERLAY_ERROR, PROPRIO_OVERLAY_ERROR_TOO_LARGE,
                   _("“%s” is too large to be an overlay template"), display);
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (!proprio_overlay_set_from_string (self, contents, (gssize) length, error))
    {
      g_prefix_error (error, "%s: ", display);
      return FALSE;
    }
  return TRUE;
}
