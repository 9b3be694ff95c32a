/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-table-reader"

#include <glib.h>
#include <math.h>
#include <stdint.h>

#include "core/proprio-table-reader.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Any bytes: header detection, every row, every field as text and as a number, and a column
 * lookup. The reader must never read out of bounds, loop, or hold more than one bounded row. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ProprioTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  guint n_columns, rows = 0;

  reader = proprio_table_reader_new_for_data (data, size, &error);
  if (reader == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }

  n_columns = proprio_table_reader_get_n_columns (reader);
  g_assert (n_columns >= 1 && n_columns <= PROPRIO_TABLE_READER_MAX_COLUMNS);
  (void) proprio_table_reader_find_column (reader, "t_us");
  if (!proprio_table_reader_lookup_column (reader, "cop_x_mm", NULL, &error))
    g_clear_error (&error);

  while (proprio_table_reader_next_row (reader, &error))
    {
      rows++;
      g_assert (rows <= size);   /* each row consumes at least one byte */
      for (guint c = 0; c < n_columns; c++)
        {
          double value;

          g_assert (proprio_table_reader_get_field (reader, c) != NULL);
          (void) proprio_table_reader_field_is_empty (reader, c);
          if (!proprio_table_reader_get_double (reader, c, &value, &error))
            g_clear_error (&error);
        }
    }
  g_clear_error (&error);
  return 0;
}
