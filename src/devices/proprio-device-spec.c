/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-device-spec"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "proprio-device-spec.h"

G_DEFINE_QUARK (proprio-device-spec-error-quark, proprio_device_spec_error)

static const char * const simulators[] = { "balance", "emg", "cyton", "angle" };
static const char * const protocols[] = { "balance", "lines", "cyton" };

static gboolean
in_list (const char        *value,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (value, list[i]))
      return TRUE;
  return FALSE;
}

gboolean
proprio_device_spec_is_valid_baud (guint baud)
{
  static const guint bauds[] = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400,
                                 460800, 500000, 921600, 1000000, 2000000 };

  for (guint i = 0; i < G_N_ELEMENTS (bauds); i++)
    if (bauds[i] == baud)
      return TRUE;
  return FALSE;
}

void
proprio_device_spec_free (ProprioDeviceSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->path);
  g_free (spec->sim);
  g_free (spec->protocol);
  g_clear_pointer (&spec->options, g_hash_table_unref);
  g_free (spec);
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* "%XX" to the byte; a lone '%' or "%00" is an error, so nothing is silently dropped. */
static char *
decode_path (const char  *text,
             const char  *encoded,
             GError     **error)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (encoded));

  for (const char *p = encoded; *p != '\0'; p++)
    {
      int hi, lo;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      hi = hex_value (p[1]);
      lo = hi >= 0 ? hex_value (p[2]) : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        {
          g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                       _("Device “%s”: the path has a “%%” that is not followed by two hex "
                         "digits; write “%%” in a path as %%25 (and “?” as %%3F, “&” as %%26, "
                         "“=” as %%3D)"), text);
          return NULL;
        }
      g_string_append_c (out, (char) (hi * 16 + lo));
      p += 2;
    }
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                   _("Device “%s”: the path is not valid UTF-8 once decoded"), text);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Only what the spec syntax gives a meaning to is encoded, so ordinary paths stay readable. */
static void
append_encoded (GString    *out,
                const char *text,
                const char *reserved)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || strchr (reserved, *p) != NULL)
        g_string_append_printf (out, "%%%02X", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
}

static gboolean
parse_query (ProprioDeviceSpec  *spec,
             const char         *text,
             const char         *query,
             GError            **error)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
  gboolean seen_protocol = FALSE, seen_baud = FALSE;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (pairs[i][0] == '\0')
        continue;
      if (eq == NULL || eq == pairs[i] || eq[1] == '\0')
        {
          g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                       _("Device “%s”: option “%s” needs the form name=value"), text, pairs[i]);
          return FALSE;
        }
      key = g_uri_unescape_segment (pairs[i], eq, NULL);
      value = g_uri_unescape_string (eq + 1, NULL);
      if (key == NULL || value == NULL)
        {
          g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                       _("Device “%s”: option “%s” is not validly escaped"), text, pairs[i]);
          return FALSE;
        }
      if (g_hash_table_contains (spec->options, key) ||
          (g_str_equal (key, "protocol") && seen_protocol) ||
          (g_str_equal (key, "baud") && seen_baud))
        {
          g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                       _("Device “%s”: option “%s” is given twice"), text, key);
          return FALSE;
        }

      if (g_str_equal (key, "baud"))
        {
          guint64 baud = 0;

          if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &baud, NULL) ||
              !proprio_device_spec_is_valid_baud ((guint) baud))
            {
              g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                           _("Device “%s”: “%s” is not a supported baud rate (try 9600, 57600 or 115200)"),
                           text, value);
              return FALSE;
            }
          spec->baud = (guint) baud;
          seen_baud = TRUE;
        }
      else if (g_str_equal (key, "protocol"))
        {
          if (spec->sim != NULL)
            {
              g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                           _("Device “%s”: a simulator speaks its own protocol; drop “protocol=”"),
                           text);
              return FALSE;
            }
          if (!in_list (value, protocols, G_N_ELEMENTS (protocols)))
            {
              g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                           _("Device “%s”: unknown protocol “%s” (use balance, lines or cyton)"),
                           text, value);
              return FALSE;
            }
          g_free (spec->protocol);
          spec->protocol = g_steal_pointer (&value);
          seen_protocol = TRUE;
        }
      else
        g_hash_table_insert (spec->options, g_steal_pointer (&key), g_steal_pointer (&value));
    }

  return TRUE;
}

ProprioDeviceSpec *
proprio_device_spec_parse (const char  *text,
                           GError     **error)
{
  g_autoptr(ProprioDeviceSpec) spec = NULL;
  g_autofree char *head = NULL;
  const char *query;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                           _("No device given: use sim:balance, sim:emg, sim:cyton, sim:angle or a port path"));
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                           _("The device name is not valid UTF-8"));
      return NULL;
    }

  spec = g_new0 (ProprioDeviceSpec, 1);
  spec->baud = 115200;
  spec->options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  query = strchr (text, '?');
  head = query ? g_strndup (text, query - text) : g_strdup (text);

  if (g_str_has_prefix (head, "sim:"))
    {
      const char *kind = head + strlen ("sim:");

      if (!in_list (kind, simulators, G_N_ELEMENTS (simulators)))
        {
          g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                       _("Device “%s”: unknown simulator “%s” (use sim:balance, sim:emg, sim:cyton or sim:angle)"),
                       text, kind);
          return NULL;
        }
      spec->sim = g_strdup (kind);
      if (g_str_equal (kind, "balance"))
        spec->protocol = g_strdup ("balance");
      else if (g_str_equal (kind, "cyton"))
        spec->protocol = g_strdup ("cyton");
      else
        spec->protocol = g_strdup ("lines");
    }
  else if (head[0] == '/' || g_str_has_prefix (head, "./") || g_str_has_prefix (head, "../"))
    {
      spec->path = decode_path (text, head, error);
      if (spec->path == NULL)
        return NULL;
      spec->protocol = g_strdup ("balance");
    }
  else
    {
      g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                   _("Device “%s” is neither a simulator (sim:balance, sim:emg, sim:cyton, sim:angle) nor a port path such as /dev/ttyACM0"),
                   text);
      return NULL;
    }

  if (query != NULL && !parse_query (spec, text, query + 1, error))
    return NULL;

  return g_steal_pointer (&spec);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_options (GString    *out,
                GHashTable *options,
                char        sep)
{
  g_autofree gpointer *keys = NULL;
  guint n_keys = 0;

  if (options == NULL)
    return;
  /* Sorted, so that the same device always prints the same string. */
  keys = g_hash_table_get_keys_as_array (options, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *key = keys[i];
      g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
      g_autofree char *v = g_uri_escape_string (g_hash_table_lookup (options, key), ",:", FALSE);

      g_string_append_printf (out, "%c%s=%s", sep, k, v);
      sep = '&';
    }
}

char *
proprio_device_spec_build (const char *path,
                           const char *protocol,
                           guint       baud,
                           GHashTable *options)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (protocol != NULL, NULL);

  append_encoded (out, path, "?&=");
  g_string_append_printf (out, "?protocol=%s&baud=%u", protocol, baud);
  append_options (out, options, '&');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
proprio_device_spec_to_string (const ProprioDeviceSpec *spec)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  if (spec->sim == NULL)
    return proprio_device_spec_build (spec->path, spec->protocol, spec->baud, spec->options);

  out = g_string_new (NULL);
  g_string_append_printf (out, "sim:%s", spec->sim);
  append_options (out, spec->options, '?');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
