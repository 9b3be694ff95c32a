/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The knowledge-of-results schedule as typed: separators, % signs, bounds, clear errors. */
#include "config.h"

#include <string.h>

#include "core/proprio-percent-list.h"

static void
test_parse (void)
{
  double v[4] = { -1, -1, -1, -1 };
  guint n = 0;

  g_assert_true (proprio_percent_list_parse ("100, 50, 0", v, 4, &n, NULL));
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (v[0], ==, 100.0);
  g_assert_cmpfloat (v[1], ==, 50.0);
  g_assert_cmpfloat (v[2], ==, 0.0);
  g_assert_true (proprio_percent_list_parse ("  75%;\t33.5 %, ", v, 4, &n, NULL));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (v[0], ==, 75.0);
  g_assert_cmpfloat (v[1], ==, 33.5);
}

static void
test_errors (void)
{
  static const char * const bad[] = { "", " , ;", "100, 101", "-5", "fifty", "0x10", "nan",
                                      "50,,5x", "inf", "1, 2, 3, 4, 5" };
  static const char * const named[] = { NULL, NULL, "“101”", "“-5”", "“fifty”", "“0x10”",
                                        "“nan”", "“5x”", "“inf”", "at most 4" };
  double v[4] = { 7, 7, 7, 7 };
  guint n = 9;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (proprio_percent_list_parse (bad[i], v, 4, &n, &error));
      g_assert_error (error, PROPRIO_PERCENT_LIST_ERROR,
                      (i < 2 || i == 9) ? PROPRIO_PERCENT_LIST_ERROR_COUNT
                                        : PROPRIO_PERCENT_LIST_ERROR_INVALID);
      if (named[i] != NULL)
        g_assert_nonnull (strstr (error->message, named[i]));
      /* Nothing written on error. */
      g_assert_cmpuint (n, ==, 9);
      g_assert_cmpfloat (v[0], ==, 7.0);
    }
}

static void
test_format (void)
{
  static const double values[] = { 100.0, 50.0, 12.5, 0.0 };
  g_autofree char *text = proprio_percent_list_format (values, 4);
  g_autofree char *empty = proprio_percent_list_format (NULL, 0);

  g_assert_cmpstr (text, ==, "100, 50, 12.5, 0");
  g_assert_cmpstr (empty, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/percent-list/parse", test_parse);
  g_test_add_func ("/percent-list/errors", test_errors);
  g_test_add_func ("/percent-list/format", test_format);
  return g_test_run ();
}
