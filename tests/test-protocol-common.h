/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the protocol tests: collect what a protocol emits. */

#include <string.h>

#include "devices/proprio-protocol.h"

static void
collect_sample (const ProprioSample *sample,
                gpointer             user_data)
{
  g_array_append_val ((GArray *) user_data, *sample);
}

static inline GArray *
samples_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (ProprioSample));
}

static inline const ProprioSample *
sample_at (GArray *samples,
           guint   i)
{
  g_assert_cmpuint (i, <, samples->len);
  return &g_array_index (samples, ProprioSample, i);
}

static inline void
feed_text (ProprioProtocol *protocol,
           const char      *text,
           gint64           t_us,
           GArray          *samples)
{
  proprio_protocol_feed (protocol, (const guint8 *) text, strlen (text), t_us,
                         collect_sample, samples);
}

/* name=value pairs, NULL-terminated. */
static inline GHashTable *
options_new (const char *first,
             ...)
{
  GHashTable *options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (options, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return options;
}

static inline ProprioProtocol *
protocol_new_with (const char *name,
                   GHashTable *options)
{
  g_autoptr(GError) error = NULL;
  ProprioProtocol *protocol = proprio_protocol_new (name, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (protocol);
  return protocol;
}

static inline void
assert_command (GBytes     *bytes,
                const char *expected)
{
  gsize len = 0;
  const char *data;

  if (expected == NULL)
    {
      g_assert_null (bytes);
      return;
    }
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpmem (data, len, expected, strlen (expected));
  g_bytes_unref (bytes);
}
