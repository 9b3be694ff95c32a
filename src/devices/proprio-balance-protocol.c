/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-balance-protocol.h"
#include "proprio-line-splitter.h"
#include "proprio-protocol-private.h"

/* Labelled lines may carry extra labels (a time stamp, a raw value) that we ignore. */
#define MAX_LABELLED_FIELDS 32
#define SKIP_COLUMN (-1)
/* A corner may read a little below zero (noise, a tare taken with a sock on the board), but a
 * load cell cannot be pulled up by more than that: below −2 kg it is broken, unplugged or the
 * board was tared under load, and the line is a fault, not a sample. Only loads in kg are
 * checked: raw counts have no known scale. */
#define NEGATIVE_LOAD_TOLERANCE_KG 2.0
/* The CoP of real loads lies on the board; allow 5 % of the half-size beyond the sensors for
 * load-cell noise when someone stands at an edge. */
#define COP_MARGIN 0.05

typedef struct
{
  ProprioLineSplitter splitter;

  /* Column i of a plain line is corner order[i] (PROPRIO_BALANCE_CHANNEL_TL..BR) or SKIP_COLUMN. */
  int                 order[PROPRIO_MAX_CHANNELS];
  guint               n_columns;
  double              tare[4];
  double              gain[4];
  double              width_mm;
  double              length_mm;
  double              min_load;
  gboolean            in_kg;           /* loads in kg, so NEGATIVE_LOAD_TOLERANCE_KG applies */
  guint               faulted_corners; /* bit per corner already reported since the last reset */

  /* The feed() in progress, for the line callback. */
  ProprioProtocol    *self;
  gint64              t_us;
  ProprioSampleFunc   func;
  gpointer            user_data;
} Balance;

static const char * const balance_options[] = {
  "order", "units", "tare", "gain", "geometry", "min_load", "start", "stop", NULL
};

static const char * const corner_names[] = { "tl", "tr", "bl", "br" };

gboolean
proprio_balance_compute_cop (double  tl,
                             double  tr,
                             double  bl,
                             double  br,
                             double  width_mm,
                             double  length_mm,
                             double  min_load,
                             double *x_mm,
                             double *y_mm)
{
  double total = tl + tr + bl + br;
  double x, y;

  g_return_val_if_fail (x_mm != NULL, FALSE);
  g_return_val_if_fail (y_mm != NULL, FALSE);

  *x_mm = NAN;
  *y_mm = NAN;

  if (!isfinite (total) || total <= 0.0 || total < min_load)
    return FALSE;

  x = (width_mm / 2.0) * ((tr + br) - (tl + bl)) / total;
  y = (length_mm / 2.0) * ((tl + tr) - (bl + br)) / total;
  if (!isfinite (x) || !isfinite (y))
    return FALSE;
  /* Only negative loads put it off the board: that is a fault, never a centre of pressure. */
  if (fabs (x) > width_mm / 2.0 * (1.0 + COP_MARGIN) ||
      fabs (y) > length_mm / 2.0 * (1.0 + COP_MARGIN))
    return FALSE;

  *x_mm = x;
  *y_mm = y;
  return TRUE;
}

static gboolean
parse_order (Balance     *balance,
             const char  *value,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  guint n = g_strv_length (parts);
  gboolean seen[4] = { FALSE, FALSE, FALSE, FALSE };

  if (n < 4 || n > PROPRIO_MAX_CHANNELS)
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);
      int corner = SKIP_COLUMN;

      for (guint c = 0; c < 4; c++)
        if (g_ascii_strcasecmp (part, corner_names[c]) == 0)
          corner = (int) c;

      if (corner == SKIP_COLUMN)
        {
          if (!g_str_equal (part, "-") && g_ascii_strcasecmp (part, "t") != 0)
            goto fail;
        }
      else
        {
          if (seen[corner])
            goto fail;
          seen[corner] = TRUE;
        }
      balance->order[i] = corner;
    }
  if (!seen[0] || !seen[1] || !seen[2] || !seen[3])
    goto fail;

  balance->n_columns = n;
  return TRUE;

fail:
  g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
               _("The balance protocol’s option “order” lists the columns of a line: each of "
                 "tl, tr, bl, br once, and t or - for a column to skip (e.g. t,tr,tl,br,bl); "
                 "“%s” is not such a list"),
               value);
  return FALSE;
}

static gboolean
parse_geometry (Balance     *balance,
                const char  *value,
                GError     **error)
{
  const char *x = strpbrk (value, "xX");
  double w, l;

  if (x == NULL ||
      !proprio_protocol_parse_number (value, x - value, &w) ||
      !proprio_protocol_parse_number (x + 1, strlen (x + 1), &l) ||
      w <= 0.0 || l <= 0.0)
    {
      g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                   _("The balance protocol’s option “geometry” needs the sensor spacing in mm as "
                     "WIDTHxLENGTH (e.g. 433x238), not “%s”"),
                   value);
      return FALSE;
    }
  balance->width_mm = w;
  balance->length_mm = l;
  return TRUE;
}

static gboolean
balance_init (ProprioProtocol  *self,
              GHashTable       *options,
              GError          **error)
{
  Balance *balance = g_new0 (Balance, 1);
  const char *value;
  const char *unit = "kg";
  gboolean counts = FALSE;

  self->impl = balance;

  for (guint i = 0; i < 4; i++)
    {
      balance->order[i] = (int) i;
      balance->gain[i] = 1.0;
    }
  balance->n_columns = 4;
  balance->width_mm = PROPRIO_BALANCE_DEFAULT_WIDTH_MM;
  balance->length_mm = PROPRIO_BALANCE_DEFAULT_LENGTH_MM;
  balance->min_load = PROPRIO_BALANCE_DEFAULT_MIN_LOAD;

  if (options == NULL)
    goto channels;

  if ((value = g_hash_table_lookup (options, "order")) && !parse_order (balance, value, error))
    return FALSE;

  if ((value = g_hash_table_lookup (options, "units")))
    {
      if (g_ascii_strcasecmp (value, "counts") == 0)
        counts = TRUE;
      else if (g_ascii_strcasecmp (value, "kg") != 0)
        {
          g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                       _("The balance protocol’s option “units” is kg or counts, not “%s”"), value);
          return FALSE;
        }
    }

  if ((value = g_hash_table_lookup (options, "tare")) &&
      !proprio_protocol_parse_doubles ("balance", "tare", value, balance->tare, 4, error))
    return FALSE;

  if ((value = g_hash_table_lookup (options, "gain")))
    {
      if (!proprio_protocol_parse_doubles ("balance", "gain", value, balance->gain, 4, error))
        return FALSE;
      /* A gain is kg per count: with it, raw counts become kilograms. */
      counts = FALSE;
    }

  if ((value = g_hash_table_lookup (options, "geometry")) && !parse_geometry (balance, value, error))
    return FALSE;

  if ((value = g_hash_table_lookup (options, "min_load")))
    {
      if (!proprio_protocol_parse_doubles ("balance", "min_load", value, &balance->min_load, 1,
                                           error))
        return FALSE;
      if (balance->min_load < 0.0)
        {
          g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                       _("The balance protocol’s option “min_load” cannot be negative (“%s”)"),
                       value);
          return FALSE;
        }
    }

  if ((value = g_hash_table_lookup (options, "start")) &&
      !proprio_protocol_parse_command ("balance", "start", value, &self->start_command, error))
    return FALSE;
  if ((value = g_hash_table_lookup (options, "stop")) &&
      !proprio_protocol_parse_command ("balance", "stop", value, &self->stop_command, error))
    return FALSE;

channels:
  if (counts)
    unit = "counts";
  balance->in_kg = !counts;
  for (guint i = 0; i < PROPRIO_BALANCE_N_CHANNELS; i++)
    {
      const char *name, *label, *channel_unit;

      proprio_stream_balance_channel (i, unit, &name, &label, &channel_unit);
      proprio_protocol_set_channel (self, i, name, label, channel_unit);
    }
  return TRUE;
}

static void
balance_finalize (ProprioProtocol *self)
{
  g_clear_pointer (&self->impl, g_free);
}

/* Fills raw[4] from a line; FALSE when the line is not a sample of this board. */
static gboolean
read_corners (Balance    *balance,
              const char *line,
              gsize       len,
              double      raw[4])
{
  ProprioLineField fields[MAX_LABELLED_FIELDS];
  gboolean seen[4] = { FALSE, FALSE, FALSE, FALSE };
  guint n_fields = 0;

  switch (proprio_line_split_fields (line, len, fields, G_N_ELEMENTS (fields), &n_fields))
    {
    case PROPRIO_LINE_PLAIN:
      if (n_fields != balance->n_columns)
        return FALSE;
      for (guint i = 0; i < n_fields; i++)
        {
          double v;

          /* Skipped columns must be numbers too: that rejects more half lines. */
          if (!proprio_protocol_parse_number (fields[i].value, fields[i].value_len, &v))
            return FALSE;
          if (balance->order[i] != SKIP_COLUMN)
            raw[balance->order[i]] = v;
        }
      return TRUE;

    case PROPRIO_LINE_LABELLED:
      for (guint i = 0; i < n_fields; i++)
        {
          int corner = SKIP_COLUMN;

          for (guint c = 0; c < 4; c++)
            if (fields[i].label_len == 2 &&
                g_ascii_strncasecmp (fields[i].label, corner_names[c], 2) == 0)
              corner = (int) c;
          if (corner == SKIP_COLUMN)
            continue;
          if (seen[corner] ||
              !proprio_protocol_parse_number (fields[i].value, fields[i].value_len, &raw[corner]))
            return FALSE;
          seen[corner] = TRUE;
        }
      return seen[0] && seen[1] && seen[2] && seen[3];

    case PROPRIO_LINE_BLANK:
    case PROPRIO_LINE_INVALID:
    default:
      return FALSE;
    }
}

/* FALSE when a corner reads far below zero; says so once per corner and connection. */
static gboolean
check_corners (Balance      *balance,
               const double  loads[4])
{
  for (guint c = 0; c < 4; c++)
    {
      if (loads[c] >= -NEGATIVE_LOAD_TOLERANCE_KG)
        continue;
      if (!(balance->faulted_corners & (1u << c)))
        {
          g_autofree char *corner = g_ascii_strup (corner_names[c], -1);
          g_autofree char *notice =
            /* Translators: %s is a corner of the board (TL, TR, BL, BR), %.0f its load in kg */
            g_strdup_printf (_("Corner %s reads −%.0f kg: check the load cell or tare the empty "
                               "board"),
                             corner, fabs (loads[c]));

          balance->faulted_corners |= 1u << c;
          proprio_protocol_set_notice (balance->self, notice);
        }
      return FALSE;
    }
  return TRUE;
}

static void
balance_line (const char *line,
              gsize       len,
              gpointer    user_data)
{
  Balance *balance = user_data;
  ProprioProtocol *self = balance->self;
  ProprioSample sample = { 0 };
  double raw[4];
  double total = 0.0;

  if (!read_corners (balance, line, len, raw))
    {
      self->stats.skipped_lines++;
      return;
    }

  for (guint c = 0; c < 4; c++)
    {
      sample.values[c] = (raw[c] - balance->tare[c]) * balance->gain[c];
      total += sample.values[c];
    }
  if (!isfinite (total))
    {
      self->stats.skipped_lines++;
      return;
    }
  if (balance->in_kg && !check_corners (balance, sample.values))
    {
      self->stats.skipped_lines++;
      return;
    }

  sample.t_us = balance->t_us;
  sample.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  sample.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = total;
  if (proprio_balance_compute_cop (sample.values[0], sample.values[1],
                                   sample.values[2], sample.values[3],
                                   balance->width_mm, balance->length_mm, balance->min_load,
                                   &sample.values[PROPRIO_BALANCE_CHANNEL_COP_X],
                                   &sample.values[PROPRIO_BALANCE_CHANNEL_COP_Y]))
    sample.flags |= PROPRIO_SAMPLE_HAS_COP;

  self->stats.frames++;
  balance->func (&sample, balance->user_data);
}

static void
balance_feed (ProprioProtocol   *self,
              const guint8      *data,
              gsize              len,
              gint64             t_us,
              ProprioSampleFunc  func,
              gpointer           user_data)
{
  Balance *balance = self->impl;

  balance->self = self;
  balance->t_us = t_us;
  balance->func = func;
  balance->user_data = user_data;
  proprio_line_splitter_feed (&balance->splitter, data, len, &self->stats, balance_line, balance);
  balance->func = NULL;
  balance->user_data = NULL;
}

static void
balance_reset (ProprioProtocol *self)
{
  Balance *balance = self->impl;

  /* The partial line from before a reconnect will never be completed. */
  self->stats.discarded_bytes += balance->splitter.discarding ? 0 : balance->splitter.len;
  proprio_line_splitter_reset (&balance->splitter);
  /* A board that comes back may have been repaired or tared: report its faults anew. */
  balance->faulted_corners = 0;
}

const ProprioProtocolClass proprio_balance_protocol_class = {
  .name = "balance",
  .kind = PROPRIO_STREAM_BALANCE,
  .options = balance_options,
  .init = balance_init,
  .finalize = balance_finalize,
  .feed = balance_feed,
  .reset = balance_reset,
};
