/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-metrics"

/* `proprio-cli metrics sway` end to end: the built binary ($PROPRIO_CLI) on files written here. */

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/proprio-sway.h"
#include "proprio-test-cli.h"

#define CHI2 5.991

typedef ProprioCliFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  proprio_cli_fixture_setup (f, "proprio-cli-metrics");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  proprio_cli_fixture_teardown (f);
}

/* The value of "key" in the JSON printed by the CLI; NaN for null. Fails if it is missing. */
static double
json_value (const char *json,
            const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\": ", key);
  const char *at = strstr (json, needle);
  char *end = NULL;
  double value;

  if (at == NULL)
    g_error ("key %s missing from %s", key, json);
  at += strlen (needle);
  if (g_str_has_prefix (at, "null"))
    return NAN;
  value = g_ascii_strtod (at, &end);
  g_assert_true (end != at);
  g_assert_true (*end == ',' || *end == '\n');
  return value;
}

static void
assert_one_json_object (const char *json)
{
  g_autofree char *copy = g_strstrip (g_strdup (json));
  guint open = 0, close = 0;

  g_assert_true (g_str_has_prefix (copy, "{"));
  g_assert_true (g_str_has_suffix (copy, "}"));
  for (const char *p = copy; *p; p++)
    {
      open += *p == '{';
      close += *p == '}';
    }
  g_assert_cmpuint (open, ==, 1);
  g_assert_cmpuint (close, ==, 1);
}

#define assert_json(json, key, expected, rel) \
  g_assert_cmpfloat_with_epsilon (json_value ((json), (key)), (expected), \
                                  (rel) * fabs ((double) (expected)) + 1e-12)

static void
assert_has (const char *text,
            const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text, needle);
}

/* The 3-4-5 triangle of test-sway (values worked by hand there): (0,0) (3,0) (3,4) (0,0) at
 * t = 0, 0.5, 2.0, 2.5 s; here on a monotonic clock far from 0 and with two rows without CoP
 * (nobody on the board) between the 2nd and 3rd samples, which are skipped. */
static const char triangle_csv[] =
  "t_us,cop_x_mm,cop_y_mm,tl_kg\n"
  "86400000000,0,0,70.2\n"
  "86400500000,3,0,70.1\n"
  "86401000000,,,0.3\n"
  "86401500000,,,0.1\n"
  "86402000000,3,4,69.9\n"
  "86402500000,0,0,70.0\n";

static void
assert_triangle_json (const char *json,
                      double      rel)
{
  double md = (3.0 * sqrt (3.25) + sqrt (11.25)) / 4.0;

  assert_one_json_object (json);
  assert_json (json, "n", 4, 0);
  assert_json (json, "duration_s", 2.5, rel);
  assert_json (json, "path_length_mm", 12.0, rel);
  assert_json (json, "path_length_ml_mm", 6.0, rel);
  assert_json (json, "path_length_ap_mm", 8.0, rel);
  assert_json (json, "mean_velocity_mm_s", 4.8, rel);
  assert_json (json, "mean_velocity_ml_mm_s", 2.4, rel);
  assert_json (json, "mean_velocity_ap_mm_s", 3.2, rel);
  assert_json (json, "rms_mm", sqrt (21.0 / 4.0), rel);
  assert_json (json, "rms_ml_mm", 1.5, rel);
  assert_json (json, "rms_ap_mm", sqrt (3.0), rel);
  assert_json (json, "sd_ml_mm", sqrt (3.0), rel);
  assert_json (json, "sd_ap_mm", 2.0, rel);
  assert_json (json, "range_ml_mm", 3.0, rel);
  assert_json (json, "range_ap_mm", 4.0, rel);
  assert_json (json, "mean_distance_mm", md, rel);
  assert_json (json, "ellipse95_area_mm2", G_PI * CHI2 * sqrt (8.0), rel);
  assert_json (json, "ellipse95_major_mm", sqrt (CHI2 * (3.5 + sqrt (4.25))), rel);
  assert_json (json, "ellipse95_minor_mm", sqrt (CHI2 * (3.5 - sqrt (4.25))), rel);
  assert_json (json, "ellipse95_angle_deg", 0.5 * (180.0 - atan (4.0) * 180.0 / G_PI), rel);
  assert_json (json, "confidence_ellipse95_area_mm2", 2.0 * G_PI * 19.0 * sqrt (8.0), rel);
  assert_json (json, "mean_frequency_hz", 12.0 / (2.0 * G_PI * md * 2.5), rel);
}

static void
test_proprio_csv_json (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;

  path = proprio_cli_fixture_write (f, "triangle.csv", triangle_csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, "--json", NULL), ==, 0);
  assert_triangle_json (out, 1e-8);
  assert_json (out, "skipped_rows", 2, 0);
  assert_json (out, "max_gap_s", 1.5, 1e-12);
  assert_json (out, "start_s", 0.0, 0);
  assert_json (out, "end_s", 2.5, 1e-12);
  g_assert_true (isnan (json_value (out, "lowpass_hz")));
  /* The fixed keys come first, in the documented order. */
  g_assert_true (strstr (out, "\"n\"") < strstr (out, "\"duration_s\""));
  g_assert_true (strstr (out, "\"mean_frequency_hz\"") < strstr (out, "\"skipped_rows\""));
}

/* Another program's export: semicolons, quoted text, time in seconds or ms, CoP in cm. The same
 * triangle, so the same numbers in mm. */
static void
test_foreign_columns_and_units (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *seconds = NULL;
  g_autofree char *millis = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_ms = NULL;

  if (!proprio_test_have_cli ())
    return;

  seconds = proprio_cli_fixture_write (f, "export.csv",
                        "Zeit;ML;AP;Note\r\n"
                        "10.0;0;0;\"a;b\"\r\n"
                        "10.5;0.3;0;x\r\n"
                        "12.0;0.3;0.4;\"y\"\r\n"
                        "12.5;0;0;z\r\n");
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", seconds, "--json", "--time-col", "Zeit",
                                "--x-col", "ML", "--y-col", "AP", "--unit", "cm", NULL), ==, 0);
  assert_triangle_json (out, 1e-8);

  millis = proprio_cli_fixture_write (f, "export-ms.tsv",
                       "time_ms\tx_m\ty_m\n"
                       "0\t0\t0\n"
                       "500\t0.003\t0\n"
                       "2000\t0.003\t0.004\n"
                       "2500\t0\t0\n");
  g_assert_cmpint (proprio_test_run_metrics (&out_ms, NULL, "sway", millis, "--json", "--time-col", "time_ms",
                                "--time-unit", "ms", "--x-col", "x_m", "--y-col", "y_m",
                                "--unit", "m", NULL), ==, 0);
  assert_triangle_json (out_ms, 1e-8);
}

/* --from/--to count from the first row of the file (here a row without CoP at t = 0): the 4-point
 * square of test-sway at t = 1, 2, 4, 5 s is selected; the rows at 6 and 7 s are left out.
 * Square by hand: path 30 mm over T = 4 s, mean distance √50. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;

  path = proprio_cli_fixture_write (f, "window.csv",
                     "t_us,cop_x_mm,cop_y_mm\n"
                     "5000000,,\n"
                     "6000000,0,0\n"
                     "7000000,10,0\n"
                     "9000000,10,10\n"
                     "10000000,0,10\n"
                     "11000000,50,50\n"
                     "12000000,-50,50\n");
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, "--from", "1", "--to", "5", "--json",
                                NULL), ==, 0);
  assert_json (out, "n", 4, 0);
  assert_json (out, "duration_s", 4.0, 1e-12);
  assert_json (out, "path_length_mm", 30.0, 1e-9);
  assert_json (out, "mean_velocity_mm_s", 7.5, 1e-9);
  assert_json (out, "mean_distance_mm", sqrt (50.0), 1e-8);
  assert_json (out, "skipped_rows", 0, 0);
  assert_json (out, "start_s", 1.0, 1e-12);
  assert_json (out, "end_s", 5.0, 1e-12);
}

/* A long file (30 s at 100 Hz, uneven times) with and without --lowpass: the CLI prints what the
 * library computes on the same samples (the file holds them at full precision). */
static void
test_matches_library (Fixture       *f,
                      gconstpointer  data)
{
  const guint n = 3001;
  g_autofree gint64 *t = g_new (gint64, n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(GString) csv = g_string_new ("t_us,cop_x_mm,cop_y_mm\n");
  g_autofree char *path = NULL;
  const double cutoffs[] = { 0.0, 6.0 };
  guint32 seed = 7;

  if (!proprio_test_have_cli ())
    return;

  for (guint i = 0; i < n; i++)
    {
      char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];
      double s;

      seed = seed * 1664525u + 1013904223u;
      t[i] = 1000000 + (gint64) i * 10000 + (gint64) (seed >> 24) * 10;
      s = t[i] / 1e6;
      x[i] = 6.0 * cos (2 * G_PI * 0.4 * s) + 0.3 * sin (2 * G_PI * 7.0 * s);
      y[i] = 4.0 * sin (2 * G_PI * 0.4 * s) + 0.2 * sin (2 * G_PI * 13.0 * s + 1.0) - 12.0;
      g_string_append_printf (csv, "%" G_GINT64_FORMAT ",%s,%s\n", t[i],
                              g_ascii_dtostr (bx, sizeof bx, x[i]),
                              g_ascii_dtostr (by, sizeof by, y[i]));
    }
  path = proprio_cli_fixture_write (f, "long.csv", csv->str);

  for (guint c = 0; c < G_N_ELEMENTS (cutoffs); c++)
    {
      g_autofree char *out = NULL;
      g_autofree char *cutoff = g_strdup_printf ("%g", cutoffs[c]);
      g_autoptr(GError) error = NULL;
      ProprioSwayMetrics m;

      g_assert_true (proprio_sway_compute (t, x, y, n, cutoffs[c], &m, &error));
      g_assert_no_error (error);
      if (cutoffs[c] > 0)
        g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, "--json", "--lowpass", cutoff,
                                      NULL), ==, 0);
      else
        g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, "--json", NULL), ==, 0);

      assert_one_json_object (out);
      assert_json (out, "n", n, 0);
      assert_json (out, "duration_s", m.duration_s, 1e-8);
      assert_json (out, "path_length_mm", m.path_length_mm, 1e-8);
      assert_json (out, "rms_mm", m.rms_mm, 1e-8);
      assert_json (out, "sd_ap_mm", m.sd_ap_mm, 1e-8);
      assert_json (out, "ellipse95_area_mm2", m.ellipse95.area, 1e-8);
      assert_json (out, "ellipse95_angle_deg", m.ellipse95.angle_deg, 1e-8);
      assert_json (out, "confidence_ellipse95_area_mm2", m.confidence_ellipse95_area_mm2, 1e-8);
      assert_json (out, "mean_frequency_hz", m.mean_frequency_hz, 1e-8);
      if (cutoffs[c] > 0)
        assert_json (out, "lowpass_hz", cutoffs[c], 1e-12);
    }
}

static void
test_table_output (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;

  path = proprio_cli_fixture_write (f, "triangle.csv", triangle_csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, NULL), ==, 0);
  assert_has (out, "Path length (mm)");
  assert_has (out, "12.000");          /* total path */
  assert_has (out, "Mean velocity (mm/s)");
  assert_has (out, "4.800");
  assert_has (out, "2 rows without a centre of pressure skipped");
  assert_has (out, "95 % prediction ellipse");
  assert_has (out, "area 53.23 mm²");  /* π·5.991·√8 = 53.2346 */
  assert_has (out, "52.0°");
  assert_has (out, "Mean frequency");
}

typedef struct
{
  const char *name;
  const char *contents;
  const char *extra_arg;     /* one more argument, or NULL */
  const char *expected;      /* in stderr */
} BadFile;

/* Bad data: exit status 1 and a message naming what is wrong and where. */
static void
test_data_errors (Fixture       *f,
                  gconstpointer  data)
{
  static const BadFile cases[] = {
    { "no-y.csv", "t_us,cop_x_mm\n0,1\n", NULL,
      "no column “cop_y_mm”; its columns are: t_us, cop_x_mm" },
    { "two.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,2\n", NULL, "at least 3 samples" },
    { "skipped.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n1,,\n2,,\n3,,\n", NULL, "3 rows without" },
    { "backwards.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,2\n5000,3,3\n20000,1,1\n", NULL,
      "line 4: the time 0.005000 s is not after the row before it (0.010000 s)" },
    { "repeat.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,2\n10000,3,3\n", NULL, "line 4" },
    { "nan.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,nan,2\n20000,3,3\n", NULL,
      "line 3: the value in column “cop_x_mm” is not a finite number" },
    { "inf.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,-inf\n20000,3,3\n", NULL, "line 3" },
    { "text.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,two\n", NULL,
      "line 3, column “cop_y_mm”: “two” is not a number" },
    { "half.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,,2\n", NULL,
      "line 3: column “cop_x_mm” is empty but column “cop_y_mm” is not" },
    { "no-time.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n,1,2\n", NULL, "line 3: the time" },
    { "fields.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,1\n", NULL,
      "line 3: the row has 2 fields" },
    { "fast.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,2\n20000,1,3\n", "--lowpass=60",
      "below half the mean sample rate (50 Hz)" },
  };

  if (!proprio_test_have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = proprio_cli_fixture_write (f, cases[i].name, cases[i].contents);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_test_message ("case %s", cases[i].name);
      g_assert_cmpint (proprio_test_run_metrics (&out, &err, "sway", path, cases[i].extra_arg, NULL), ==, 1);
      assert_has (err, cases[i].expected);
      g_assert_cmpstr (out, ==, "");
    }

  {
    g_autofree char *missing = g_build_filename (f->dir, "does-not-exist.csv", NULL);
    g_autofree char *err = NULL;

    g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "sway", missing, NULL), ==, 1);
    assert_has (err, "does-not-exist.csv");
  }
}

/* Wrong command lines: exit status 2 and a pointer to --help. */
static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  const char *cases[][4] = {
    { "sway", NULL },
    { "sway", "PATH", "PATH", NULL },
    { "sway", "PATH", "--unit=km", NULL },
    { "sway", "PATH", "--time-unit=h", NULL },
    { "sway", "PATH", "--from=abc", NULL },
    { "sway", "PATH", "--lowpass=-3", NULL },
    { "sway", "PATH", "--bogus", NULL },
    { "nonsense", NULL },
  };

  if (!proprio_test_have_cli ())
    return;

  path = proprio_cli_fixture_write (f, "triangle.csv", triangle_csv);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[4] = { NULL };
      g_autofree char *err = NULL;

      for (guint k = 0; k < 4 && cases[i][k] != NULL; k++)
        args[k] = g_str_equal (cases[i][k], "PATH") ? path : cases[i][k];
      g_assert_cmpint (proprio_test_run_metrics (NULL, &err, args[0], args[1], args[2], args[3], NULL), ==, 2);
      assert_has (err, "--help");
    }

  {
    g_autofree char *err = NULL;

    g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "sway", path, "--from", "5", "--to", "2", NULL),
                     ==, 2);
    assert_has (err, "must be after --from");
  }
  g_assert_cmpint (proprio_test_run_metrics (NULL, NULL, NULL), ==, 2);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *metrics_help = NULL;
  g_autofree char *sway_help = NULL;

  if (!proprio_test_have_cli ())
    return;

  g_assert_cmpint (proprio_test_run_metrics (&metrics_help, NULL, "--help", NULL), ==, 0);
  assert_has (metrics_help, "sway");
  g_assert_cmpint (proprio_test_run_metrics (&sway_help, NULL, "sway", "--help", NULL), ==, 0);
  assert_has (sway_help, "--lowpass HZ");
  assert_has (sway_help, "--time-col NAME");
  assert_has (sway_help, "--unit UNIT");
}

/* A 30 s recording at 100 Hz (0 to 29.99 s), a CoP that moves. */
static char *
write_thirty_seconds (Fixture *f)
{
  g_autoptr(GString) csv = g_string_new ("t_us,cop_x_mm,cop_y_mm\n");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "%u,%d,%d\n", i * 10000, (int) (i % 7) - 3, (int) (i % 5) - 2);
  return proprio_cli_fixture_write (f, "thirty.csv", csv->str);
}

/* Values whose metrics overflow, and numbers that are not decimal, are errors naming the row and
 * column; no result is ever inf or NaN. */
static void
test_out_of_range (Fixture       *f,
                   gconstpointer  data)
{
  static const BadFile cases[] = {
    { "huge.csv", "t_us,cop_x_mm,cop_y_mm\n0,1e300,-1e300\n10000,-1e300,1e300\n"
      "20000,1e300,1e300\n30000,-1e300,-1e300\n", NULL,
      "line 2: the value 1e+300 in column “cop_x_mm” is too far from the origin" },
    { "huge-y.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2,2\n20000,3,-2e9\n", NULL,
      "line 4: the value -2e+09 in column “cop_y_mm”" },
    { "huge-unit.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,2e6,2\n20000,3,3\n", "--unit=m",
      "line 3: the value 2e+06 in column “cop_x_mm”" },
    { "max.csv", "t_us,cop_x_mm,cop_y_mm\n0,1.7976931348623157e308,1\n10000,2,2\n20000,3,3\n",
      NULL, "line 2: the value 1.79769e+308 in column “cop_x_mm”" },
    { "over.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,1e400,2\n20000,3,3\n", NULL,
      "line 3, column “cop_x_mm”: “1e400” is too large" },
    { "hex.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n10000,0x10,2\n20000,3,3\n", NULL,
      "line 3, column “cop_x_mm”: “0x10” is not a number" },
    { "hex-time.csv", "t_us,cop_x_mm,cop_y_mm\n0,1,1\n0x2710,2,2\n20000,3,3\n", NULL,
      "line 3, column “t_us”: “0x2710” is not a number" },
  };

  if (!proprio_test_have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = proprio_cli_fixture_write (f, cases[i].name, cases[i].contents);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_test_message ("case %s", cases[i].name);
      g_assert_cmpint (proprio_test_run_metrics (&out, &err, "sway", path, "--json", cases[i].extra_arg, NULL),
                       ==, 1);
      assert_has (err, cases[i].expected);
      g_assert_cmpstr (out, ==, "");
    }

  /* Just inside the bound, every number is finite. */
  {
    g_autofree char *path = proprio_cli_fixture_write (f, "big.csv", "t_us,cop_x_mm,cop_y_mm\n0,1e9,-1e9\n"
                                        "10000,-1e9,1e9\n20000,1e9,1e9\n30000,-1e9,-1e9\n");
    g_autofree char *out = NULL;

    g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "sway", path, "--json", NULL), ==, 0);
    g_assert_null (strstr (out, "inf"));
    g_assert_null (strstr (out, "nan"));
    g_assert_cmpfloat (json_value (out, "range_ml_mm"), ==, 2e9);
    g_assert_true (isfinite (json_value (out, "ellipse95_area_mm2")));
  }
}

/* A window reaching past the file says so, on stderr and in the JSON. */
static void
test_window_clipped (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;

  if (!proprio_test_have_cli ())
    return;

  path = write_thirty_seconds (f);
  g_assert_cmpint (proprio_test_run_metrics (&out, &err, "sway", path, "--from", "5", "--to", "35", "--json",
                                NULL), ==, 0);
  assert_has (err, "note: the file ends at 29.990 s, before --to 35 s");
  g_assert_cmpfloat (json_value (out, "from_s"), ==, 5.0);
  g_assert_cmpfloat (json_value (out, "to_s"), ==, 29.99);
  g_assert_cmpfloat (json_value (out, "end_s"), ==, 29.99);
  assert_has (out, "\"window_clipped\": true");

  /* Inside the file: no note, and the window as asked. */
  g_assert_cmpint (proprio_test_run_metrics (&out2, &err2, "sway", path, "--from", "5", "--to", "25", "--json",
                                NULL), ==, 0);
  g_assert_cmpstr (err2, ==, "");
  g_assert_cmpfloat (json_value (out2, "to_s"), ==, 25.0);
  assert_has (out2, "\"window_clipped\": false");

  /* Past the end: where the file is. */
  g_assert_cmpint (proprio_test_run_metrics (&out3, &err3, "sway", path, "--from", "40", NULL), ==, 1);
  assert_has (err3, "--from 40 s is after the end of the file, which spans 0–29.990 s");
  g_assert_cmpstr (out3, ==, "");

  /* Too short a window inside the file: the span too. */
  g_assert_cmpint (proprio_test_run_metrics (&out4, &err4, "sway", path, "--from", "29.985", NULL), ==, 1);
  assert_has (err4, "at least 3 samples");
  assert_has (err4, "the file spans 0–29.990 s");
}

/* --help lists every key --json prints. */
static void
test_help_lists_json_keys (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *help = NULL;
  g_auto(GStrv) lines = NULL;
  guint keys = 0;

  if (!proprio_test_have_cli ())
    return;

  path = proprio_cli_fixture_write (f, "triangle.csv", triangle_csv);
  g_assert_cmpint (proprio_test_run_metrics (&json, NULL, "sway", path, "--json", NULL), ==, 0);
  g_assert_cmpint (proprio_test_run_metrics (&help, NULL, "sway", "--help", NULL), ==, 0);
  lines = g_strsplit (json, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *open = strchr (lines[i], '"');
      g_autofree char *key = NULL;
      g_autofree char *listed = NULL;

      if (open == NULL)
        continue;
      key = g_strndup (open + 1, strchr (open + 1, '"') - open - 1);
      listed = g_strdup_printf (" %s", key);
      g_test_message ("%s", key);
      g_assert_nonnull (strstr (help, listed));
      keys++;
    }
  g_assert_cmpuint (keys, >=, 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-metrics/proprio-csv-to-json", test_proprio_csv_json);
  ADD ("/cli-metrics/foreign-columns-and-units", test_foreign_columns_and_units);
  ADD ("/cli-metrics/window-from-first-row", test_window);
  ADD ("/cli-metrics/matches-library-with-and-without-lowpass", test_matches_library);
  ADD ("/cli-metrics/readable-table", test_table_output);
  ADD ("/cli-metrics/bad-data-exits-1", test_data_errors);
  ADD ("/cli-metrics/bad-usage-exits-2", test_usage_errors);
  ADD ("/cli-metrics/help", test_help);
  ADD ("/cli-metrics/out-of-range-exits-1", test_out_of_range);
  ADD ("/cli-metrics/window-clipped-is-said", test_window_clipped);
  ADD ("/cli-metrics/help-lists-json-keys", test_help_lists_json_keys);
#undef ADD

  return g_test_run ();
}
