/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-metrics-jps"

/* `proprio-cli metrics jps` end to end: the built binary ($PROPRIO_CLI) on files written here. */

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "proprio-test-cli.h"

typedef ProprioCliFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  proprio_cli_fixture_setup (f, "proprio-cli-jps");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  proprio_cli_fixture_teardown (f);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (text == NULL || strstr (text, needle) == NULL)
    g_error ("“%s” does not contain “%s”", text, needle);
}

/* The number after `"key": ` within the object that follows `"object": `. */
static double
json_value (const char *json,
            const char *object,
            const char *key)
{
  g_autofree char *obj_needle = g_strdup_printf ("\"%s\": {", object);
  g_autofree char *key_needle = g_strdup_printf ("\"%s\": ", key);
  const char *at = strstr (json, obj_needle);
  const char *end_of_object;
  char *end = NULL;
  double value;

  if (at == NULL)
    g_error ("object %s missing from %s", object, json);
  at += strlen (obj_needle);
  end_of_object = strchr (at, '}');
  g_assert_nonnull (end_of_object);
  at = strstr (at, key_needle);
  if (at == NULL || at > end_of_object)
    g_error ("key %s missing from object %s in %s", key, object, json);
  at += strlen (key_needle);
  if (g_str_has_prefix (at, "null"))
    return NAN;
  value = g_ascii_strtod (at, &end);
  g_assert_true (end != at);
  g_assert_true (*end == ',' || *end == '}');
  return value;
}

#define assert_json(json, object, key, expected) \
  g_assert_cmpfloat_with_epsilon (json_value ((json), (object), (key)), (expected), 1e-12)

/* Per target "knee 30": e = −1, +7 (the empty row is excluded); "knee 60": e = −1, +7. Each and
 * overall: CE = 3, AE = (1 + 7) / 2 = 4, VE = √((16 + 16) / 2) = 4, E = √(9 + 16) = 5: numbers
 * a double holds exactly, so the whole output can be compared byte for byte. */
static const char ids_csv[] =
  "target_id,target_deg,reproduced_deg,valid\n"
  "knee 30,30,29,1\n"
  "knee 30,30,,0\n"
  "knee 60,60,59,1\n"
  "knee 30,30,37,1\n"
  "knee 60,60,67,1\n";

static void
test_cli_jps_json_exact (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = proprio_cli_fixture_write (f, "ids.csv", ids_csv);
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "jps", path, "--json", NULL), ==, 0);
  g_assert_cmpstr (out, ==,
                   "{\n"
                   "  \"overall\": {\"n\": 4, \"ce_deg\": 3, \"ae_deg\": 4, \"ve_deg\": 4, "
                   "\"e_deg\": 5},\n"
                   "  \"targets\": {\n"
                   "    \"knee 30\": {\"n\": 2, \"ce_deg\": 3, \"ae_deg\": 4, \"ve_deg\": 4, "
                   "\"e_deg\": 5},\n"
                   "    \"knee 60\": {\"n\": 2, \"ce_deg\": 3, \"ae_deg\": 4, \"ve_deg\": 4, "
                   "\"e_deg\": 5}\n"
                   "  }\n"
                   "}\n");
}

/* Without ids, targets are keyed by their angle, shortest exact: "30", "42.5", "-15".
 *   30:    e = +2, −3, +4  → CE 1, AE 3, VE √(26/3), E √(29/3) (worked out in test-jps)
 *   42.5:  e = +0.5, −1.5  → CE −0.5, AE 1, VE 1, E √1.25
 *   -15:   only an excluded row → n 0 and null metrics
 * Overall e = 2, −3, 4, 0.5, −1.5: CE 2/5 = 0.4, AE 11/5 = 2.2,
 * VE² = (1.6² + 3.4² + 3.6² + 0.1² + 1.9²) / 5 = (2.56 + 11.56 + 12.96 + 0.01 + 3.61) / 5 = 6.14,
 * E² = 0.16 + 6.14 = 6.3 = (4 + 9 + 16 + 0.25 + 2.25) / 5. Semicolons and CRLF on purpose. */
static const char angles_csv[] =
  "reproduced_deg;target_deg;valid\r\n"
  "32;30;1\r\n"
  "43;42.5;1\r\n"
  "27;30;1\r\n"
  "oops;-15;0\r\n"
  "34;30;1\r\n"
  "41;42.5;1\r\n";

static void
test_cli_jps_json_by_angle (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = proprio_cli_fixture_write (f, "angles.csv", angles_csv);
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "jps", "--json", path, NULL), ==, 0);
  g_assert_cmpfloat (json_value (out, "overall", "n"), ==, 5);
  assert_json (out, "overall", "ce_deg", 0.4);
  assert_json (out, "overall", "ae_deg", 2.2);
  assert_json (out, "overall", "ve_deg", sqrt (6.14));
  assert_json (out, "overall", "e_deg", sqrt (6.3));

  g_assert_cmpfloat (json_value (out, "30", "n"), ==, 3);
  assert_json (out, "30", "ce_deg", 1.0);
  assert_json (out, "30", "ae_deg", 3.0);
  assert_json (out, "30", "ve_deg", sqrt (26.0 / 3.0));
  assert_json (out, "30", "e_deg", sqrt (29.0 / 3.0));

  g_assert_cmpfloat (json_value (out, "42.5", "n"), ==, 2);
  assert_json (out, "42.5", "ce_deg", -0.5);
  assert_json (out, "42.5", "ae_deg", 1.0);
  assert_json (out, "42.5", "ve_deg", 1.0);
  assert_json (out, "42.5", "e_deg", sqrt (1.25));

  assert_has (out, "\"-15\": {\"n\": 0, \"ce_deg\": null, \"ae_deg\": null, \"ve_deg\": null, "
                   "\"e_deg\": null}");
  /* Targets in order of first appearance. */
  g_assert_true (strstr (out, "\"30\"") < strstr (out, "\"42.5\""));
  g_assert_true (strstr (out, "\"42.5\"") < strstr (out, "\"-15\""));
}

static void
test_cli_jps_json_escapes_ids (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *path = proprio_cli_fixture_write (f, "quote.csv",
                                      "target_id,target_deg,reproduced_deg\n"
                                      "\"hip \"\"left\"\" \\\",10,12\n");
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "jps", path, "--json", NULL), ==, 0);
  assert_has (out, "\"hip \\\"left\\\" \\\\\": {\"n\": 1, \"ce_deg\": 2, \"ae_deg\": 2, "
                   "\"ve_deg\": 0, \"e_deg\": 2}");
}

static void
test_cli_jps_table (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = proprio_cli_fixture_write (f, "ids.csv", ids_csv);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "jps", path, NULL), ==, 0);
  assert_has (out, "ids.csv");
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (!g_str_has_prefix (lines[i], "knee 30") && !g_str_has_prefix (lines[i], "Overall"))
        continue;
      /* label, n, excluded, CE, AE, VE, E */
      cols = g_strsplit_set (lines[i] + 8, " ", -1);
      {
        g_autofree char *joined = NULL;
        g_autoptr(GPtrArray) v = g_ptr_array_new ();

        for (guint k = 0; cols[k] != NULL; k++)
          if (*cols[k] != '\0')
            g_ptr_array_add (v, cols[k]);
        g_ptr_array_add (v, NULL);
        joined = g_strjoinv (" ", (char **) v->pdata);
        if (g_str_has_prefix (lines[i], "knee 30"))
          g_assert_cmpstr (joined, ==, "2 1 3.000 4.000 4.000 5.000");
        else
          g_assert_cmpstr (joined, ==, "4 1 3.000 4.000 4.000 5.000");
      }
      rows++;
    }
  g_assert_cmpuint (rows, ==, 2);
  assert_has (out, "knee 60");
}

static void
test_cli_jps_help (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *metrics_out = NULL;
  const char *keys[] = { "\"overall\"", "\"targets\"", "\"n\"", "\"ce_deg\"", "\"ae_deg\"",
                         "\"ve_deg\"", "\"e_deg\"", "target_deg", "reproduced_deg", "target_id",
                         "valid" };

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "jps", "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_has (out, keys[i]);
  g_assert_cmpint (proprio_test_run_metrics (&metrics_out, NULL, "--help", NULL), ==, 0);
  assert_has (metrics_out, "jps ");
  assert_has (metrics_out, "sway ");
}

typedef struct
{
  const char *name;
  const char *contents;   /* NULL: the file is not created */
  const char *message;    /* a part of the error message */
} BadInput;

static const BadInput bad_inputs[] = {
  { "empty", "", "is empty" },
  { "header-only", "target_deg,reproduced_deg\n", "no trials" },
  { "missing-column", "target_deg,angle\n30,31\n", "reproduced_deg" },
  { "nan", "target_deg,reproduced_deg\n30,31\n30,nan\n", "line 3" },
  { "nan-message", "target_deg,reproduced_deg\n30,31\n30,nan\n", "not a finite number" },
  { "infinite-target", "target_deg,reproduced_deg\ninf,31\n", "target_deg" },
  { "non-numeric", "target_deg,reproduced_deg\n30,thirty\n", "line 2" },
  { "empty-value", "target_deg,reproduced_deg\n30,\n", "valid = 0" },
  { "bad-valid", "target_deg,reproduced_deg,valid\n30,31,yes\n", "must be 1" },
  { "empty-id", "target_id,target_deg,reproduced_deg\n,30,31\n", "target_id" },
  { "all-excluded", "target_deg,reproduced_deg,valid\n30,31,0\n30,29,0\n", "all 2 trials" },
  { "field-count", "target_deg,reproduced_deg\n30,31,32\n", "line 2" },
  { "no-such-file", NULL, "no-such-file" },
};

static void
test_cli_jps_bad_input (Fixture       *f,
                        gconstpointer  data)
{
  if (!proprio_test_have_cli ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      const BadInput *b = &bad_inputs[i];
      g_autofree char *path = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      if (b->contents != NULL)
        path = proprio_cli_fixture_write (f, b->name, b->contents);
      else
        path = g_build_filename (f->dir, b->name, NULL);
      g_test_message ("case %s", b->name);
      g_assert_cmpint (proprio_test_run_metrics (&out, &err, "jps", path, "--json", NULL), ==, 1);
      g_assert_cmpstr (out, ==, "");
      assert_has (err, "proprio-cli metrics jps: ");
      assert_has (err, b->message);
    }
}

static void
test_cli_jps_usage (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = proprio_cli_fixture_write (f, "ids.csv", ids_csv);
  g_autofree char *err1 = NULL, *err2 = NULL, *err3 = NULL;

  if (!proprio_test_have_cli ())
    return;
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err1, "jps", NULL), ==, 2);
  assert_has (err1, "Missing the FILE");
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err2, "jps", path, path, NULL), ==, 2);
  assert_has (err2, "Unexpected argument");
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err3, "jps", path, "--lowpass", "3", NULL), ==, 2);
  assert_has (err3, "--help");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/metrics-jps/json-exact", test_cli_jps_json_exact);
  ADD ("/cli/metrics-jps/json-targets-by-angle", test_cli_jps_json_by_angle);
  ADD ("/cli/metrics-jps/json-escapes-ids", test_cli_jps_json_escapes_ids);
  ADD ("/cli/metrics-jps/table", test_cli_jps_table);
  ADD ("/cli/metrics-jps/help-lists-keys", test_cli_jps_help);
  ADD ("/cli/metrics-jps/bad-input-is-a-clear-error", test_cli_jps_bad_input);
  ADD ("/cli/metrics-jps/usage-errors", test_cli_jps_usage);
#undef ADD

  return g_test_run ();
}
