/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-table-reader"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/proprio-table-reader.h"

static ProprioTableReader *
reader_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  ProprioTableReader *reader = proprio_table_reader_new_for_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static double
get_double (ProprioTableReader *reader,
            guint               column)
{
  g_autoptr(GError) error = NULL;
  double value = 0;

  g_assert_true (proprio_table_reader_get_double (reader, column, &value, &error));
  g_assert_no_error (error);
  return value;
}

static void
assert_next_row (ProprioTableReader *reader,
                 guint               line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_table_reader_next_row (reader, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_table_reader_get_line (reader), ==, line);
}

static void
assert_end (ProprioTableReader *reader)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (proprio_table_reader_next_row (reader, &error));
  g_assert_no_error (error);
}

static void
assert_message_has (const GError *error,
                    const char   *needle)
{
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

/* Proprio's own CSV: comma, plain numbers (exponent and sign too), rows numbered from line 2. */
static void
test_comma (void)
{
  g_autoptr(ProprioTableReader) r = reader_for ("t_us,cop_x_mm,cop_y_mm\n"
                                                "0,1.5,2\n"
                                                "10000,-3e1,+4.25\n");

  g_assert_cmpint (proprio_table_reader_get_delimiter (r), ==, ',');
  g_assert_cmpuint (proprio_table_reader_get_n_columns (r), ==, 3);
  g_assert_cmpstr (proprio_table_reader_get_column_name (r, 2), ==, "cop_y_mm");
  g_assert_cmpuint (proprio_table_reader_get_line (r), ==, 1);

  assert_next_row (r, 2);
  g_assert_cmpfloat (get_double (r, 0), ==, 0.0);
  g_assert_cmpfloat (get_double (r, 1), ==, 1.5);
  g_assert_cmpfloat (get_double (r, 2), ==, 2.0);
  assert_next_row (r, 3);
  g_assert_cmpfloat (get_double (r, 0), ==, 10000.0);
  g_assert_cmpfloat (get_double (r, 1), ==, -30.0);
  g_assert_cmpfloat (get_double (r, 2), ==, 4.25);
  assert_end (r);
  assert_end (r);
}

/* The delimiter is the most frequent of tab, semicolon and comma outside quotes in the header. */
static void
test_delimiter_detection (void)
{
  g_autoptr(ProprioTableReader) semi = reader_for ("time;ML (cm);AP (cm)\n0.01;1.5;-2\n");
  g_autoptr(ProprioTableReader) tab = reader_for ("time\tx,y\tz\n1\t2,5\t3\n");
  g_autoptr(ProprioTableReader) quoted = reader_for ("\"a;b;c\",d,e\n1,2,3\n");
  g_autoptr(ProprioTableReader) single = reader_for ("value\n1\n2\n");

  g_assert_cmpint (proprio_table_reader_get_delimiter (semi), ==, ';');
  g_assert_cmpstr (proprio_table_reader_get_column_name (semi, 1), ==, "ML (cm)");
  assert_next_row (semi, 2);
  g_assert_cmpfloat (get_double (semi, 0), ==, 0.01);
  g_assert_cmpfloat (get_double (semi, 2), ==, -2.0);

  /* One tab each side of "x,y": two tabs beat one comma. */
  g_assert_cmpint (proprio_table_reader_get_delimiter (tab), ==, '\t');
  g_assert_cmpuint (proprio_table_reader_get_n_columns (tab), ==, 3);
  g_assert_cmpstr (proprio_table_reader_get_column_name (tab, 1), ==, "x,y");
  assert_next_row (tab, 2);
  g_assert_cmpstr (proprio_table_reader_get_field (tab, 1), ==, "2,5");

  /* Semicolons inside quotes do not count. */
  g_assert_cmpint (proprio_table_reader_get_delimiter (quoted), ==, ',');
  g_assert_cmpstr (proprio_table_reader_get_column_name (quoted, 0), ==, "a;b;c");

  g_assert_cmpuint (proprio_table_reader_get_n_columns (single), ==, 1);
  assert_next_row (single, 2);
  g_assert_cmpfloat (get_double (single, 0), ==, 1.0);
}

/* Quoted fields: delimiters, "" for a quote, line breaks inside (line numbers keep counting
 * physical lines), spaces after the closing quote, and quoted numbers. */
static void
test_quotes (void)
{
  g_autoptr(ProprioTableReader) r = reader_for ("name,note,value\n"
                                                "\"a,b\",\"say \"\"hi\"\"\",\"1.25\"\n"
                                                "x,\"two\nlines\" ,2\n"
                                                "y,,3\n"
                                                "\"\",plain \"quote\",4\n");

  assert_next_row (r, 2);
  g_assert_cmpstr (proprio_table_reader_get_field (r, 0), ==, "a,b");
  g_assert_cmpstr (proprio_table_reader_get_field (r, 1), ==, "say \"hi\"");
  g_assert_cmpfloat (get_double (r, 2), ==, 1.25);
  assert_next_row (r, 3);
  g_assert_cmpstr (proprio_table_reader_get_field (r, 1), ==, "two\nlines");
  g_assert_cmpfloat (get_double (r, 2), ==, 2.0);
  assert_next_row (r, 5);
  g_assert_cmpstr (proprio_table_reader_get_field (r, 1), ==, "");
  assert_next_row (r, 6);
  g_assert_cmpstr (proprio_table_reader_get_field (r, 0), ==, "");
  g_assert_cmpstr (proprio_table_reader_get_field (r, 1), ==, "plain \"quote\"");
  assert_end (r);
}

/* CRLF and CR line ends, a byte-order mark, blank lines, no final line end, spaces in the
 * header. */
static void
test_line_ends (void)
{
  g_autoptr(ProprioTableReader) crlf = reader_for ("\xEF\xBB\xBF t , x ,y\r\n1,2,3\r\n\r\n4,5,6");
  g_autoptr(ProprioTableReader) cr = reader_for ("t;x\r1;2\r3;4\r");

  g_assert_cmpstr (proprio_table_reader_get_column_name (crlf, 0), ==, "t");
  g_assert_cmpstr (proprio_table_reader_get_column_name (crlf, 1), ==, "x");
  assert_next_row (crlf, 2);
  g_assert_cmpfloat (get_double (crlf, 2), ==, 3.0);
  assert_next_row (crlf, 4);
  g_assert_cmpfloat (get_double (crlf, 0), ==, 4.0);
  g_assert_cmpfloat (get_double (crlf, 2), ==, 6.0);
  assert_end (crlf);

  g_assert_cmpint (proprio_table_reader_get_delimiter (cr), ==, ';');
  assert_next_row (cr, 2);
  g_assert_cmpfloat (get_double (cr, 1), ==, 2.0);
  assert_next_row (cr, 3);
  g_assert_cmpfloat (get_double (cr, 1), ==, 4.0);
  assert_end (cr);
}

/* An empty field (or only spaces) reads as NaN and is reported empty; a trailing delimiter is an
 * empty last field. Literal "nan" is a number (NaN) but not an empty field. */
static void
test_empty_fields (void)
{
  g_autoptr(ProprioTableReader) r = reader_for ("t,x,y\n1,,  \n2,nan,7\n");

  assert_next_row (r, 2);
  g_assert_true (isnan (get_double (r, 1)));
  g_assert_true (isnan (get_double (r, 2)));
  g_assert_true (proprio_table_reader_field_is_empty (r, 1));
  g_assert_true (proprio_table_reader_field_is_empty (r, 2));
  g_assert_false (proprio_table_reader_field_is_empty (r, 0));
  assert_next_row (r, 3);
  g_assert_true (isnan (get_double (r, 1)));
  g_assert_false (proprio_table_reader_field_is_empty (r, 1));
}

static void
test_column_lookup (void)
{
  g_autoptr(ProprioTableReader) r = reader_for ("t_us,cop_x_mm,Cop_Y_mm\n1,2,3\n");
  g_autoptr(GError) error = NULL;
  guint column = 99;

  g_assert_cmpint (proprio_table_reader_find_column (r, "cop_x_mm"), ==, 1);
  g_assert_cmpint (proprio_table_reader_find_column (r, "cop_y_mm"), ==, 2);   /* any case */
  g_assert_cmpint (proprio_table_reader_find_column (r, "cop_z_mm"), ==, -1);
  g_assert_true (proprio_table_reader_lookup_column (r, "t_us", &column, &error));
  g_assert_cmpuint (column, ==, 0);

  g_assert_false (proprio_table_reader_lookup_column (r, "time", &column, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_MISSING_COLUMN);
  assert_message_has (error, "“time”");
  assert_message_has (error, "t_us, cop_x_mm, Cop_Y_mm");
}

/* A decimal comma in a semicolon file is not silently misread: the error names the line, the
 * column and the fix. Text is an error too. */
static void
test_not_a_number (void)
{
  g_autoptr(ProprioTableReader) r = reader_for ("t;x\n1;2.5\n2;1,5\n3;abc\n");
  g_autoptr(GError) error = NULL;
  double value = 42;

  assert_next_row (r, 2);
  assert_next_row (r, 3);
  g_assert_false (proprio_table_reader_get_double (r, 1, &value, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NOT_A_NUMBER);
  assert_message_has (error, "line 3");
  assert_message_has (error, "“x”");
  assert_message_has (error, "“1,5”");
  assert_message_has (error, "decimal point");
  g_assert_cmpfloat (value, ==, 42);
  g_clear_error (&error);

  assert_next_row (r, 4);
  g_assert_false (proprio_table_reader_get_double (r, 1, &value, &error));
  assert_message_has (error, "line 4");
  g_assert_null (strstr (error->message, "decimal point"));
}

/* Rows with the wrong number of fields fail with their line; reading then stays failed. */
static void
test_field_count (void)
{
  g_autoptr(ProprioTableReader) fewer = reader_for ("a,b,c\n1,2,3\n4,5\n7,8,9\n");
  g_autoptr(ProprioTableReader) more = reader_for ("a,b\n1,2\n\n3,4,5\n");
  g_autoptr(GError) error = NULL;

  assert_next_row (fewer, 2);
  g_assert_false (proprio_table_reader_next_row (fewer, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_FIELD_COUNT);
  assert_message_has (error, "line 3");
  assert_message_has (error, "2 fields");
  g_clear_error (&error);
  g_assert_false (proprio_table_reader_next_row (fewer, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_FAILED);
  g_clear_error (&error);

  assert_next_row (more, 2);
  g_assert_false (proprio_table_reader_next_row (more, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_FIELD_COUNT);
  assert_message_has (error, "line 4");
}

static void
test_bad_quotes (void)
{
  g_autoptr(ProprioTableReader) unclosed = reader_for ("a,b\n1,\"2\n3,4\n");
  g_autoptr(ProprioTableReader) after = reader_for ("a,b\n1,\"2\"x\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (proprio_table_reader_next_row (unclosed, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_BAD_QUOTE);
  assert_message_has (error, "line 2");
  g_clear_error (&error);

  g_assert_false (proprio_table_reader_next_row (after, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_BAD_QUOTE);
  assert_message_has (error, "line 2");
}

/* A 4 MiB line (one huge field, or an unclosed quote swallowing the file) stops at the row limit
 * with an error naming the line, instead of growing memory with the input. */
static void
test_huge_line_bounded (void)
{
  const gsize size = 4 * 1024 * 1024;
  g_autofree char *text = g_malloc (size + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTableReader) r = NULL;

  /* Header, one good row, then digits without end. */
  memset (text, '7', size);
  text[size] = '\0';
  memcpy (text, "a,b\n1,2\n3,", strlen ("a,b\n1,2\n3,"));
  r = reader_for (text);
  assert_next_row (r, 2);
  g_assert_false (proprio_table_reader_next_row (r, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG);
  assert_message_has (error, "line 3");
  g_clear_error (&error);
  g_clear_pointer (&r, proprio_table_reader_free);

  /* An unclosed quote on line 2 followed by many short lines. */
  for (gsize i = 0; i < size; i++)
    text[i] = (i % 8 == 7) ? '\n' : '5';
  memcpy (text, "a,b\n1,\"2", strlen ("a,b\n1,\"2"));
  r = reader_for (text);
  g_assert_false (proprio_table_reader_next_row (r, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG);
  assert_message_has (error, "line 2");
  g_clear_error (&error);
  g_clear_pointer (&r, proprio_table_reader_free);

  /* A huge header is refused when the reader is created. */
  memset (text, 'h', size);
  g_assert_null (proprio_table_reader_new_for_data (text, size, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG);
  assert_message_has (error, "line 1");
  g_clear_error (&error);

  /* So is a header with more columns than the limit. */
  for (gsize i = 0; i < 2 * PROPRIO_TABLE_READER_MAX_COLUMNS; i++)
    text[i] = (i % 2) ? ',' : 'c';
  text[2 * PROPRIO_TABLE_READER_MAX_COLUMNS] = '\n';
  g_assert_null (proprio_table_reader_new_for_data (text, 2 * PROPRIO_TABLE_READER_MAX_COLUMNS + 1,
                                                    &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_TOO_MANY_COLUMNS);
}

static void
test_empty_and_binary_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTableReader) r = NULL;
  static const char with_nul[] = "a,b\n1,2\n3\0,4\n";

  g_assert_null (proprio_table_reader_new_for_data ("", 0, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NO_HEADER);
  g_clear_error (&error);
  g_assert_null (proprio_table_reader_new_for_data ("\n\r\n\n", 4, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NO_HEADER);
  g_clear_error (&error);

  r = proprio_table_reader_new_for_data (with_nul, sizeof with_nul - 1, &error);
  g_assert_no_error (error);
  assert_next_row (r, 2);
  g_assert_false (proprio_table_reader_next_row (r, &error));
  g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_ROW_TOO_LONG);
  assert_message_has (error, "line 3");
}

/* A file far larger than the read buffer, CRLF throughout so that line ends straddle buffer
 * boundaries: every row and line number comes back right. Also a file that does not exist. */
static void
test_large_file (void)
{
  const guint rows = 40000;
  g_autoptr(GString) text = g_string_new ("t_us,cop_x_mm,cop_y_mm\r\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("proprio-table-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(ProprioTableReader) r = NULL;
  guint count = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < rows; i++)
    g_string_append_printf (text, "%u,%u.%u,\"-%u\"\r\n", i * 10000, i % 97, i % 10, i);
  path = g_build_filename (dir, "big.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, text->len, &error));
  g_assert_cmpuint (text->len, >, 10 * (PROPRIO_TABLE_READER_MAX_ROW_BYTES + 1));

  r = proprio_table_reader_new_for_path (path, &error);
  g_assert_no_error (error);
  while (proprio_table_reader_next_row (r, &error))
    {
      g_assert_cmpuint (proprio_table_reader_get_line (r), ==, count + 2);
      g_assert_cmpfloat (get_double (r, 0), ==, count * 10000.0);
      g_assert_cmpfloat_with_epsilon (get_double (r, 1), (count % 97) + (count % 10) / 10.0, 1e-12);
      g_assert_cmpfloat (get_double (r, 2), ==, -(double) count);
      count++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, rows);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_null (proprio_table_reader_new_for_path (path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* One field, one row: the value read, or the error. */
static gboolean
read_one (const char  *field,
          double      *value,
          GError     **error)
{
  g_autofree char *text = g_strdup_printf ("v\n%s\n", field);
  g_autoptr(ProprioTableReader) r = reader_for (text);

  assert_next_row (r, 2);
  return proprio_table_reader_get_double (r, 0, value, error);
}

/* Decimal numbers only, each read to the nearest double; hex is text, and a number too large for
 * a double is an error, never infinity. */
static void
test_numbers_decimal_only (void)
{
  static const struct { const char *text; double value; } good[] = {
    { "16", 16.0 }, { "-1.5", -1.5 }, { "+2", 2.0 }, { ".5", 0.5 }, { "5.", 5.0 },
    { "1e3", 1000.0 }, { "1E-3", 0.001 }, { "  7  ", 7.0 }, { "0.1", 0.1 },
    { "1.7976931348623157e308", 1.7976931348623157e308 },
    { "4.94065645841247e-324", 4.94065645841247e-324 },
    { "1e-300", 1e-300 }, { "1e-400", 0.0 },
  };
  static const char * const not_numbers[] = {
    "0x10", "0X1A", "0x1p3", "1e", "e5", ".", "-", "+-1", "1.2.3", "12abc", "1e+",
    "infinit", "nan(1)", "--1", "1 2",
  };
  static const char * const too_large[] = { "1e400", "-1e309", "1.8e308", "1" "000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = NAN;

      g_test_message ("%s", good[i].text);
      g_assert_true (read_one (good[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (value, ==, good[i].value);
    }
  {
    g_autoptr(GError) error = NULL;
    double value = 0.0;

    g_assert_true (read_one ("-0", &value, &error));
    g_assert_true (value == 0.0 && signbit (value));
  }
  for (guint i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 0.0;

      g_test_message ("%s", not_numbers[i]);
      g_assert_false (read_one (not_numbers[i], &value, &error));
      g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_NOT_A_NUMBER);
      assert_message_has (error, "line 2, column “v”");
    }
  for (guint i = 0; i < G_N_ELEMENTS (too_large); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 0.0;

      g_assert_false (read_one (too_large[i], &value, &error));
      g_assert_error (error, PROPRIO_TABLE_READER_ERROR, PROPRIO_TABLE_READER_ERROR_OUT_OF_RANGE);
      assert_message_has (error, "line 2, column “v”");
      assert_message_has (error, "too large");
    }
  {
    g_autoptr(GError) error = NULL;
    double value = 0.0;

    g_assert_false (read_one ("0x10", &value, &error));
    assert_message_has (error, "only decimal numbers");
  }
}

/* What other lab software writes for missing or overflowed values reads as such, for the caller
 * to judge (the sway metrics refuse them). */
static void
test_numbers_words (void)
{
  static const struct { const char *text; double value; } words[] = {
    { "inf", INFINITY }, { "-Inf", -INFINITY }, { "Infinity", INFINITY }, { "+INF", INFINITY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 0.0;

      g_assert_true (read_one (words[i].text, &value, &error));
      g_assert_cmpfloat (value, ==, words[i].value);
    }
  {
    g_autoptr(GError) error = NULL;
    double value = 0.0;

    g_assert_true (read_one ("NaN", &value, &error));
    g_assert_true (isnan (value));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/table-reader/comma-separated", test_comma);
  g_test_add_func ("/table-reader/detects-semicolon-and-tab", test_delimiter_detection);
  g_test_add_func ("/table-reader/quoted-fields", test_quotes);
  g_test_add_func ("/table-reader/crlf-cr-bom-blank-lines", test_line_ends);
  g_test_add_func ("/table-reader/empty-field-is-nan", test_empty_fields);
  g_test_add_func ("/table-reader/column-lookup-and-missing-column", test_column_lookup);
  g_test_add_func ("/table-reader/not-a-number-names-line-and-column", test_not_a_number);
  g_test_add_func ("/table-reader/wrong-field-count", test_field_count);
  g_test_add_func ("/table-reader/bad-quotes", test_bad_quotes);
  g_test_add_func ("/table-reader/huge-line-is-bounded", test_huge_line_bounded);
  g_test_add_func ("/table-reader/empty-and-binary-input", test_empty_and_binary_input);
  g_test_add_func ("/table-reader/large-file-crlf-across-buffers", test_large_file);
  g_test_add_func ("/table-reader/numbers-decimal-only", test_numbers_decimal_only);
  g_test_add_func ("/table-reader/numbers-words", test_numbers_words);

  return g_test_run ();
}
