/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-percent-list"

#include <glib.h>
#include <math.h>
#include <stdint.h>

#include "core/proprio-percent-list.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_VALUES 20

/* Any text: either a clear error, or 1–20 values from 0 to 100 that read back from their own
 * formatting. Never out of bounds, never a value outside the range. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  double values[MAX_VALUES], again[MAX_VALUES];
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = NULL;
  guint n = 0, m = 0;

  if (!proprio_percent_list_parse (text, values, MAX_VALUES, &n, &error))
    {
      g_assert (error != NULL && error->message != NULL);
      g_assert (n == 0);
      return 0;
    }
  g_assert (n >= 1 && n <= MAX_VALUES);
  for (guint i = 0; i < n; i++)
    g_assert (isfinite (values[i]) && values[i] >= 0.0 && values[i] <= 100.0);
  formatted = proprio_percent_list_format (values, n);
  g_assert (proprio_percent_list_parse (formatted, again, MAX_VALUES, &m, NULL));
  g_assert (m == n);
  for (guint i = 0; i < n; i++)
    g_assert (fabs (again[i] - values[i]) <= 1e-12 * 100.0);
  return 0;
}
