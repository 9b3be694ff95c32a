/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-line-splitter.h"
#include "proprio-protocol-private.h"

/* Labelled lines may carry labels we ignore; bound how many we look at. */
#define MAX_FIELDS 32
#define MAX_NAME_LEN 32

typedef struct
{
  ProprioLineSplitter splitter;

  /* Once fixed, the channel list never changes: recordings already have their header. */
  gboolean            fixed;
  guint               n;
  char               *names[PROPRIO_MAX_CHANNELS];   /* as given, matched case-insensitively */
  char               *units[PROPRIO_MAX_CHANNELS];
  char               *unit_all;                      /* one unit for inferred channels */

  /* Without a channels option, a first valid line only proposes the channels; the next one must
   * agree, so a half line after connecting mid-stream cannot define them. */
  gboolean            have_candidate;
  gboolean            candidate_labelled;
  guint               candidate_n;
  char               *candidate_names[PROPRIO_MAX_CHANNELS];
  ProprioSample       candidate_sample;

  ProprioProtocol    *self;
  gint64              t_us;
  ProprioSampleFunc   func;
  gpointer            user_data;
} Lines;

static const char * const lines_options[] = { "channels", "units", "start", "stop", NULL };

static gboolean
is_valid_name (const char *name,
               gsize       len)
{
  if (len == 0 || len > MAX_NAME_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '-' && name[i] != '.')
      return FALSE;
  return TRUE;
}

static gboolean
is_valid_unit (const char *unit)
{
  gsize len = strlen (unit);

  if (len > MAX_NAME_LEN)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (unit[i]) && strchr ("_-./%", unit[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* "<name>_<unit>" in lower case when there is a unit, else the name; anything but letters,
 * digits and '_' becomes '_' so the result is a safe CSV column name. */
static char *
column_name (const char *name,
             const char *unit)
{
  char *joined;

  if (unit != NULL && unit[0] != '\0')
    {
      g_autofree char *both = g_strconcat (name, "_", unit, NULL);

      joined = g_ascii_strdown (both, -1);
    }
  else
    joined = g_strdup (name);

  for (char *p = joined; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      *p = '_';
  return joined;
}

static void
fix_channels (ProprioProtocol *self,
              Lines           *lines)
{
  for (guint i = 0; i < lines->n; i++)
    {
      const char *unit = lines->units[i] != NULL ? lines->units[i] : lines->unit_all;
      g_autofree char *name = column_name (lines->names[i], unit);

      proprio_protocol_set_channel (self, i, name, lines->names[i], unit != NULL ? unit : "");
    }
  lines->fixed = TRUE;
}

static gboolean
lines_init (ProprioProtocol  *self,
            GHashTable       *options,
            GError          **error)
{
  Lines *lines = g_new0 (Lines, 1);
  const char *channels = NULL;
  const char *units = NULL;
  const char *value;
  g_auto(GStrv) unit_list = NULL;
  guint n_units = 0;

  self->impl = lines;

  if (options != NULL)
    {
      channels = g_hash_table_lookup (options, "channels");
      units = g_hash_table_lookup (options, "units");

      if ((value = g_hash_table_lookup (options, "start")) &&
          !proprio_protocol_parse_command ("lines", "start", value, &self->start_command, error))
        return FALSE;
      if ((value = g_hash_table_lookup (options, "stop")) &&
          !proprio_protocol_parse_command ("lines", "stop", value, &self->stop_command, error))
        return FALSE;
    }

  if (channels != NULL)
    {
      g_auto(GStrv) names = g_strsplit (channels, ",", -1);
      guint n = g_strv_length (names);

      for (guint i = 0; i < n; i++)
        g_strstrip (names[i]);

      for (guint i = 0; i < n && i <= PROPRIO_MAX_CHANNELS; i++)
        {
          gboolean duplicate = FALSE;

          for (guint j = 0; j < i; j++)
            duplicate |= g_ascii_strcasecmp (names[i], names[j]) == 0;
          if (duplicate || !is_valid_name (names[i], strlen (names[i])))
            {
              n = 0;
              break;
            }
        }
      if (n == 0 || n > PROPRIO_MAX_CHANNELS)
        {
          g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                       _("The lines protocol’s option “channels” needs 1 to %d different names "
                         "made of letters, digits, _ - or . (e.g. emg1,emg2), not “%s”"),
                       PROPRIO_MAX_CHANNELS, channels);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        lines->names[i] = g_strdup (names[i]);
      lines->n = n;
    }

  if (units != NULL)
    {
      unit_list = g_strsplit (units, ",", -1);
      n_units = g_strv_length (unit_list);

      for (guint i = 0; i < n_units; i++)
        {
          g_strstrip (unit_list[i]);
          if (!is_valid_unit (unit_list[i]))
            n_units = 0;
        }
      if (n_units == 0 || n_units > PROPRIO_MAX_CHANNELS ||
          (n_units > 1 && channels != NULL && n_units != lines->n))
        {
          g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                       _("The lines protocol’s option “units” needs one unit for all channels or "
                         "one per channel (e.g. uV or deg,deg), made of letters, digits, "
                         "_ - . / or %%, not “%s”"),
                       units);
          return FALSE;
        }
    }

  if (n_units == 1)
    lines->unit_all = g_strdup (unit_list[0]);
  else if (n_units > 1)
    {
      /* A unit list without names still says how many columns there are. */
      if (channels == NULL)
        {
          for (guint i = 0; i < n_units; i++)
            lines->names[i] = g_strdup_printf ("ch%u", i + 1);
          lines->n = n_units;
        }
      for (guint i = 0; i < n_units; i++)
        lines->units[i] = g_strdup (unit_list[i]);
    }

  if (lines->n > 0)
    fix_channels (self, lines);
  return TRUE;
}

static void
clear_candidate (Lines *lines)
{
  for (guint i = 0; i < PROPRIO_MAX_CHANNELS; i++)
    g_clear_pointer (&lines->candidate_names[i], g_free);
  lines->have_candidate = FALSE;
  lines->candidate_n = 0;
}

static void
lines_finalize (ProprioProtocol *self)
{
  Lines *lines = self->impl;

  if (lines == NULL)
    return;
  clear_candidate (lines);
  for (guint i = 0; i < PROPRIO_MAX_CHANNELS; i++)
    {
      g_free (lines->names[i]);
      g_free (lines->units[i]);
    }
  g_free (lines->unit_all);
  g_clear_pointer (&self->impl, g_free);
}

static gboolean
parse_values (const ProprioLineField *fields,
              guint                   n,
              double                 *values)
{
  for (guint i = 0; i < n; i++)
    if (!proprio_protocol_parse_number (fields[i].value, fields[i].value_len, &values[i]))
      return FALSE;
  return TRUE;
}

/* Maps labelled fields onto `names`; every name must appear exactly once. */
static gboolean
map_labels (const ProprioLineField *fields,
            guint                   n_fields,
            char * const           *names,
            guint                   n,
            double                 *values)
{
  guint found = 0;
  guint32 seen = 0;

  for (guint i = 0; i < n_fields; i++)
    for (guint c = 0; c < n; c++)
      if (strlen (names[c]) == fields[i].label_len &&
          g_ascii_strncasecmp (fields[i].label, names[c], fields[i].label_len) == 0)
        {
          if ((seen & (1u << c)) != 0 ||
              !proprio_protocol_parse_number (fields[i].value, fields[i].value_len, &values[c]))
            return FALSE;
          seen |= 1u << c;
          found++;
          break;
        }
  return found == n;
}

static void
emit (Lines               *lines,
      const ProprioSample *sample)
{
  lines->self->stats.frames++;
  lines->func (sample, lines->user_data);
}

/* Proposes the channels of an unconfigured stream, fixing them when two lines agree. */
static void
infer_channels (Lines                  *lines,
                ProprioLineShape        shape,
                const ProprioLineField *fields,
                guint                   n_fields,
                ProprioSample          *sample)
{
  gboolean labelled = shape == PROPRIO_LINE_LABELLED;
  guint n = n_fields;
  double mapped[PROPRIO_MAX_CHANNELS];

  if (n > PROPRIO_MAX_CHANNELS || !parse_values (fields, n, sample->values))
    goto skip;
  if (labelled)
    {
      for (guint i = 0; i < n; i++)
        {
          if (!is_valid_name (fields[i].label, fields[i].label_len))
            goto skip;
          for (guint j = 0; j < i; j++)
            if (fields[i].label_len == fields[j].label_len &&
                g_ascii_strncasecmp (fields[i].label, fields[j].label, fields[i].label_len) == 0)
              goto skip;
        }
    }

  if (lines->have_candidate && lines->candidate_labelled == labelled &&
      lines->candidate_n == n &&
      (!labelled || map_labels (fields, n_fields, lines->candidate_names, n, mapped)))
    {
      if (labelled)
        memcpy (sample->values, mapped, n * sizeof (double));
      for (guint i = 0; i < n; i++)
        lines->names[i] = g_steal_pointer (&lines->candidate_names[i]);
      lines->n = n;
      fix_channels (lines->self, lines);
      emit (lines, &lines->candidate_sample);
      clear_candidate (lines);
      sample->n_channels = n;
      emit (lines, sample);
      return;
    }

  /* An earlier proposal that this line contradicts was a stray line after all. */
  if (lines->have_candidate)
    lines->self->stats.skipped_lines++;
  clear_candidate (lines);
  for (guint i = 0; i < n; i++)
    lines->candidate_names[i] = labelled ? g_strndup (fields[i].label, fields[i].label_len)
                                         : g_strdup_printf ("ch%u", i + 1);
  lines->candidate_n = n;
  lines->candidate_labelled = labelled;
  lines->candidate_sample = *sample;
  lines->candidate_sample.n_channels = n;
  lines->have_candidate = TRUE;
  return;

skip:
  lines->self->stats.skipped_lines++;
}

static void
lines_line (const char *line,
            gsize       len,
            gpointer    user_data)
{
  Lines *lines = user_data;
  ProprioLineField fields[MAX_FIELDS];
  ProprioSample sample = { 0 };
  ProprioLineShape shape;
  guint n_fields = 0;
  gboolean ok = FALSE;

  sample.t_us = lines->t_us;
  shape = proprio_line_split_fields (line, len, fields, G_N_ELEMENTS (fields), &n_fields);

  if (shape == PROPRIO_LINE_PLAIN || shape == PROPRIO_LINE_LABELLED)
    {
      if (!lines->fixed)
        {
          infer_channels (lines, shape, fields, n_fields, &sample);
          return;
        }
      if (shape == PROPRIO_LINE_PLAIN)
        ok = n_fields == lines->n && parse_values (fields, n_fields, sample.values);
      else
        ok = map_labels (fields, n_fields, lines->names, lines->n, sample.values);
    }

  if (!ok)
    {
      lines->self->stats.skipped_lines++;
      return;
    }
  sample.n_channels = lines->n;
  emit (lines, &sample);
}

static void
lines_feed (ProprioProtocol   *self,
            const guint8      *data,
            gsize              len,
            gint64             t_us,
            ProprioSampleFunc  func,
            gpointer           user_data)
{
  Lines *lines = self->impl;

  lines->self = self;
  lines->t_us = t_us;
  lines->func = func;
  lines->user_data = user_data;
  proprio_line_splitter_feed (&lines->splitter, data, len, &self->stats, lines_line, lines);
  lines->func = NULL;
  lines->user_data = NULL;
}

static void
lines_reset (ProprioProtocol *self)
{
  Lines *lines = self->impl;

  /* The partial line from before a reconnect will never be completed. */
  self->stats.discarded_bytes += lines->splitter.discarding ? 0 : lines->splitter.len;
  proprio_line_splitter_reset (&lines->splitter);
  /* A proposal that never got its confirming line is not a sample. */
  if (lines->have_candidate)
    self->stats.skipped_lines++;
  clear_candidate (lines);
}

const ProprioProtocolClass proprio_lines_protocol_class = {
  .name = "lines",
  .kind = PROPRIO_STREAM_GENERIC,   /* from the channels: EMG, angle or generic */
  .options = lines_options,
  .init = lines_init,
  .finalize = lines_finalize,
  .feed = lines_feed,
  .reset = lines_reset,
};
