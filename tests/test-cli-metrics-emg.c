/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-metrics-emg"

/* `proprio-cli metrics emg` end to end: the built binary ($PROPRIO_CLI) on CSV files written here,
 * its JSON parsed and compared with the core library run on the same numbers. */

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "core/proprio-emg.h"
#include "core/proprio-emg-onset.h"
#include "proprio-test-cli.h"

#define CYTON_RATE 250.0

typedef ProprioCliFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  proprio_cli_fixture_setup (f, "proprio-cli-emg");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  proprio_cli_fixture_teardown (f);
}

/* --- A small strict JSON reader: objects become a{sv} in their order, arrays av, numbers d,
 * strings s, null an empty maybe. It fails the test on anything that is not JSON. --- */

static void
json_skip_space (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
    (*p)++;
}

static char *
json_parse_string (const char **p)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_assert_cmpint (**p, ==, '"');
  (*p)++;
  while (**p != '"')
    {
      g_assert_cmpint (**p, !=, '\0');
      g_assert_cmpint ((guchar) **p, >=, 0x20);
      if (**p == '\\')
        {
          (*p)++;
          if (**p == 'u')
            {
              char hex[5] = { 0 };

              memcpy (hex, *p + 1, 4);
              g_string_append_unichar (s, (gunichar) g_ascii_strtoull (hex, NULL, 16));
              *p += 5;
              continue;
            }
          g_assert_true (**p == '"' || **p == '\\' || **p == '/');
        }
      g_string_append_c (s, **p);
      (*p)++;
    }
  (*p)++;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GVariant *
json_parse_value (const char **p)
{
  json_skip_space (p);
  if (**p == '{')
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE ("a{sv}"));
      (*p)++;
      json_skip_space (p);
      while (**p != '}')
        {
          g_autofree char *key = NULL;
          GVariant *value;

          json_skip_space (p);
          key = json_parse_string (p);
          json_skip_space (p);
          g_assert_cmpint (**p, ==, ':');
          (*p)++;
          value = json_parse_value (p);
          g_variant_builder_add (&b, "{sv}", key, value);
          json_skip_space (p);
          if (**p == ',')
            (*p)++;
          else
            g_assert_cmpint (**p, ==, '}');
        }
      (*p)++;
      return g_variant_builder_end (&b);
    }
  if (**p == '[')
    {
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE ("av"));
      (*p)++;
      json_skip_space (p);
      while (**p != ']')
        {
          g_variant_builder_add (&b, "v", json_parse_value (p));
          json_skip_space (p);
          if (**p == ',')
            (*p)++;
          else
            g_assert_cmpint (**p, ==, ']');
        }
      (*p)++;
      return g_variant_builder_end (&b);
    }
  if (**p == '"')
    {
      char *s = json_parse_string (p);

      return g_variant_new_take_string (s);
    }
  if (g_str_has_prefix (*p, "null"))
    {
      *p += 4;
      return g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
    }
  {
    char *end = NULL;
    double v = g_ascii_strtod (*p, &end);

    g_assert_true (end != *p);
    *p = end;
    return g_variant_new_double (v);
  }
}

static GVariant *
json_parse (const char *text)
{
  const char *p = text;
  GVariant *v = g_variant_ref_sink (json_parse_value (&p));

  json_skip_space (&p);
  g_assert_cmpint (*p, ==, '\0');   /* exactly one value */
  return v;
}

/* The member `key` of an object (unboxed; NULL when absent). */
static GVariant *
json_member (GVariant   *object,
             const char *key)
{
  g_assert_true (g_variant_is_of_type (object, G_VARIANT_TYPE ("a{sv}")));
  return g_variant_lookup_value (object, key, NULL);
}

static gboolean
json_is_null (GVariant *v)
{
  return g_variant_is_of_type (v, G_VARIANT_TYPE ("mv")) && g_variant_n_children (v) == 0;
}

/* A number member; NaN for null. Fails when it is missing or of another kind. */
static double
json_number (GVariant   *object,
             const char *key)
{
  g_autoptr(GVariant) v = json_member (object, key);

  if (v == NULL)
    g_error ("key %s missing", key);
  if (json_is_null (v))
    return NAN;
  g_assert_true (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE));
  return g_variant_get_double (v);
}

static GArray *
json_numbers (GVariant   *object,
              const char *key)
{
  g_autoptr(GVariant) v = json_member (object, key);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_nonnull (v);
  g_assert_true (g_variant_is_of_type (v, G_VARIANT_TYPE ("av")));
  for (gsize i = 0; i < g_variant_n_children (v); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (v, i);
      g_autoptr(GVariant) item = g_variant_get_variant (boxed);
      double d = g_variant_get_double (item);

      g_array_append_val (out, d);
    }
  return out;
}

static char *
json_keys (GVariant *object)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, object);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    g_string_append_printf (keys, "%s%s", keys->len > 0 ? "," : "", key);
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* --- Recordings --- */

#define N_EXG 8

typedef struct
{
  guint   n;
  gint64 *t_us;
  double *values[N_EXG];   /* exactly as written to the file */
} Recording;

static void
recording_free (Recording *r)
{
  g_free (r->t_us);
  for (guint c = 0; c < N_EXG; c++)
    g_free (r->values[c]);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recording, recording_free)

/* A Cyton recording at 250 Hz: ch1 has bursts at 2–3 s and 4.5–5.5 s over 3 µV noise, ch2 is
 * off (flat zeros), ch3 is clipped at ±1000 µV, the rest noise and a little hum; a counter and
 * accelerometer columns that must not be analysed. Rows in [skip_from, skip_to) are left out. */
static char *
cyton_csv (double     seconds,
           guint      skip_from,
           guint      skip_to,
           Recording **out)
{
  g_autoptr(GString) csv = g_string_new ("t_us,counter");
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint n = (guint) (seconds * CYTON_RATE);
  Recording *r = g_new0 (Recording, 1);

  r->t_us = g_new (gint64, n);
  for (guint c = 0; c < N_EXG; c++)
    {
      g_string_append_printf (csv, ",ch%u_uv", c + 1);
      r->values[c] = g_new (double, n);
    }
  g_string_append (csv, ",ax_g,ay_g,az_g\n");

  for (guint i = 0; i < n; i++)
    {
      double t = i / CYTON_RATE;
      gint64 t_us = 7000000000 + (gint64) i * 4000;

      if (i >= skip_from && i < skip_to)
        continue;
      r->t_us[r->n] = t_us;
      g_string_append_printf (csv, "%" G_GINT64_FORMAT ",%u", t_us, i % 256);
      for (guint c = 0; c < N_EXG; c++)
        {
          double u = (g_rand_double (rand) * 2.0 - 1.0) * sqrt (3.0);
          double v, back;
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          switch (c)
            {
            case 0:
              v = -1200.0 + u * ((t >= 2.0 && t < 3.0) || (t >= 4.5 && t < 5.5) ? 120.0 : 3.0);
              break;
            case 1:
              v = 0.0;
              break;
            case 2:
              v = 1400.0 * sin (2.0 * G_PI * 2.0 * t) + 5.0 * u;
              v = CLAMP (v, -1000.0, 1000.0);
              break;
            default:
              v = 300.0 * c + 2.0 * u + 2.0 * sin (2.0 * G_PI * 50.0 * t);
              break;
            }
          g_ascii_formatd (buf, sizeof buf, "%.4f", v);
          back = g_ascii_strtod (buf, NULL);
          r->values[c][r->n] = back;
          g_string_append_printf (csv, ",%s", buf);
        }
      g_string_append (csv, ",0.02,-0.05,0.98\n");
      r->n++;
    }
  *out = r;
  return g_string_free (g_steal_pointer (&csv), FALSE);
}

typedef struct
{
  double  rms, peak, mean;
  GArray *onsets, *offsets;
} Expected;

/* What the library computes for one channel with the CLI's defaults. */
static void
expected_for (const Recording *r,
              guint            channel,
              double           rate,
              double           notch,
              Expected        *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioEmgProcessor) proc = NULL;
  g_autoptr(ProprioEmgOnsetDetector) det = NULL;
  ProprioEmgConfig config;
  ProprioEmgOnsetConfig oconfig;
  double sum_sq = 0.0, sum = 0.0;

  proprio_emg_config_init (&config, rate);
  config.notch_hz = notch;
  proc = proprio_emg_processor_new (&config, &error);
  g_assert_no_error (error);
  proprio_emg_onset_config_init (&oconfig, rate);
  det = proprio_emg_onset_detector_new (&oconfig, &error);
  g_assert_no_error (error);
  proprio_emg_onset_detector_learn_baseline (det, r->t_us[0], r->t_us[0] + 1000000);
  proprio_emg_onset_detector_set_cue (det, r->t_us[0]);

  e->peak = -INFINITY;
  e->onsets = g_array_new (FALSE, FALSE, sizeof (double));
  e->offsets = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < r->n; i++)
    {
      double y, env = proprio_emg_processor_process (proc, r->values[channel][i], &y);
      ProprioEmgOnsetEvent ev;

      sum_sq += y * y;
      sum += env;
      e->peak = MAX (e->peak, env);
      if (proprio_emg_onset_detector_push (det, r->t_us[i], env, &ev))
        g_array_append_val (ev.kind == PROPRIO_EMG_ONSET ? e->onsets : e->offsets,
                            ev.since_cue_s);
    }
  e->rms = sqrt (sum_sq / r->n);
  e->mean = sum / r->n;
}

static void
expected_clear (Expected *e)
{
  g_clear_pointer (&e->onsets, g_array_unref);
  g_clear_pointer (&e->offsets, g_array_unref);
}

static void
assert_close (double actual,
              double expected)
{
  /* %.9g in the JSON: nine significant digits. */
  g_assert_cmpfloat_with_epsilon (actual, expected, 1e-7 * MAX (1.0, fabs (expected)));
}

static void
assert_times (GArray *actual,
              GArray *expected)
{
  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < actual->len; i++)
    assert_close (g_array_index (actual, double, i), g_array_index (expected, double, i));
}

static void
test_cyton_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Recording) rec = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *top_keys = NULL;
  g_autofree char *channel_names = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;

  if (!proprio_test_have_cli ())
    return;

  csv = cyton_csv (8.0, 0, 0, &rec);
  path = proprio_cli_fixture_write (f, "cyton.csv", csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, &err, "emg", path, "--json", NULL), ==, 0);
  json = json_parse (out);

  /* The keys the task fixes come first, in this order; extras after. */
  top_keys = json_keys (json);
  g_assert_true (g_str_has_prefix (top_keys, "fs_hz,channels,"));
  assert_close (json_number (json, "fs_hz"), CYTON_RATE);
  g_assert_cmpfloat (json_number (json, "gaps"), ==, 0.0);
  g_assert_cmpfloat (json_number (json, "n"), ==, rec->n);

  channels = json_member (json, "channels");
  g_assert_nonnull (channels);
  /* Counter and accelerometer columns are not EMG. */
  channel_names = json_keys (channels);
  g_assert_cmpstr (channel_names, ==, "ch1_uv,ch2_uv,ch3_uv,ch4_uv,ch5_uv,ch6_uv,ch7_uv,ch8_uv");

  for (guint c = 0; c < N_EXG; c++)
    {
      g_autofree char *name = g_strdup_printf ("ch%u_uv", c + 1);
      g_autoptr(GVariant) ch = json_member (channels, name);
      g_autofree char *keys = json_keys (ch);
      g_autoptr(GArray) onsets = NULL;
      g_autoptr(GArray) offsets = NULL;
      g_autoptr(GVariant) mvc = json_member (ch, "mvc_pct_peak");
      Expected e = { 0 };

      g_assert_true (g_str_has_prefix (keys,
                                       "rms_uv,peak_envelope_uv,mean_envelope_uv,onsets_s,"));
      g_assert_null (mvc);   /* only with --mvc */
      expected_for (rec, c, CYTON_RATE, 0.0, &e);
      assert_close (json_number (ch, "rms_uv"), e.rms);
      assert_close (json_number (ch, "peak_envelope_uv"), e.peak);
      assert_close (json_number (ch, "mean_envelope_uv"), e.mean);
      onsets = json_numbers (ch, "onsets_s");
      offsets = json_numbers (ch, "offsets_s");
      assert_times (onsets, e.onsets);
      assert_times (offsets, e.offsets);
      if (c == 0)
        {
          /* The two bursts, within one onset window of where they start. */
          g_assert_cmpuint (onsets->len, ==, 2);
          g_assert_cmpfloat (fabs (g_array_index (onsets, double, 0) - 2.0), <=, 0.025);
          g_assert_cmpfloat (fabs (g_array_index (onsets, double, 1) - 4.5), <=, 0.025);
        }
      expected_clear (&e);
    }

  /* Flat and saturated channels are reported, with a message naming them. */
  {
    g_autoptr(GVariant) ch1 = json_member (channels, "ch1_uv");
    g_autoptr(GVariant) ch2 = json_member (channels, "ch2_uv");
    g_autoptr(GVariant) ch3 = json_member (channels, "ch3_uv");
    g_autoptr(GVariant) q1 = json_member (ch1, "quality");
    g_autoptr(GVariant) q2 = json_member (ch2, "quality");
    g_autoptr(GVariant) q3 = json_member (ch3, "quality");
    g_autoptr(GVariant) m2 = json_member (ch2, "quality_message");
    g_autoptr(GVariant) m1 = json_member (ch1, "quality_message");

    g_assert_cmpstr (g_variant_get_string (q1, NULL), ==, "ok");
    g_assert_cmpstr (g_variant_get_string (q2, NULL), ==, "flat");
    g_assert_cmpstr (g_variant_get_string (q3, NULL), ==, "saturated");
    g_assert_cmpstr (g_variant_get_string (m2, NULL), ==,
                     "Check the electrode on ch2_uv: the signal is flat");
    g_assert_true (json_is_null (m1));
    g_assert_cmpfloat (json_number (ch2, "rms_uv"), ==, 0.0);
    g_assert_cmpfloat (json_number (ch1, "quality_ok_share"), ==, 1.0);
    g_assert_cmpfloat (json_number (ch2, "quality_ok_share"), ==, 0.0);
  }
}

static void
test_notch_option (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Recording) rec = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;
  g_autoptr(GVariant) ch4 = NULL;
  Expected e = { 0 };

  if (!proprio_test_have_cli ())
    return;

  csv = cyton_csv (4.0, 0, 0, &rec);
  path = proprio_cli_fixture_write (f, "cyton.csv", csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, "--json", "--notch", "50", NULL), ==, 0);
  json = json_parse (out);
  assert_close (json_number (json, "notch_hz"), 50.0);
  channels = json_member (json, "channels");
  ch4 = json_member (channels, "ch4_uv");
  expected_for (rec, 3, CYTON_RATE, 50.0, &e);
  assert_close (json_number (ch4, "rms_uv"), e.rms);
  expected_clear (&e);
}

static void
test_mvc (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(Recording) rec = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *mvc = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;
  g_autoptr(GVariant) ch1 = NULL;
  g_autoptr(GVariant) ch4 = NULL;

  if (!proprio_test_have_cli ())
    return;

  csv = cyton_csv (4.0, 0, 0, &rec);
  path = proprio_cli_fixture_write (f, "cyton.csv", csv);
  mvc = proprio_cli_fixture_write (f, "mvc.csv", "column,mvc_uv\nch1_uv,80\nch2_uv,12.5\n");
  g_assert_cmpint (proprio_test_run_metrics (&out, &err, "emg", path, "--json", "--mvc", mvc, NULL), ==, 0);
  json = json_parse (out);
  channels = json_member (json, "channels");
  ch1 = json_member (channels, "ch1_uv");
  assert_close (json_number (ch1, "mvc_uv"), 80.0);
  assert_close (json_number (ch1, "mvc_pct_peak"),
                100.0 * json_number (ch1, "peak_envelope_uv") / 80.0);
  assert_close (json_number (ch1, "mvc_pct_mean"),
                100.0 * json_number (ch1, "mean_envelope_uv") / 80.0);
  /* A channel the file does not calibrate: null, and said so. */
  ch4 = json_member (channels, "ch4_uv");
  g_assert_true (isnan (json_number (ch4, "mvc_pct_peak")));
  g_assert_nonnull (strstr (err, "no MVC for column “ch4_uv”"));

  /* A bad MVC file is an error. */
  g_free (mvc);
  g_clear_pointer (&err, g_free);
  mvc = proprio_cli_fixture_write (f, "bad-mvc.csv", "column,mvc_uv\nch1_uv,-3\n");
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", path, "--mvc", mvc, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "positive"));
}

static void
test_table (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Recording) rec = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  if (!proprio_test_have_cli ())
    return;

  csv = cyton_csv (4.0, 0, 0, &rec);
  path = proprio_cli_fixture_write (f, "cyton.csv", csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "250.0 Hz"));
  g_assert_nonnull (strstr (out, "ch8_uv"));
  g_assert_null (strstr (out, "ax_g"));
  g_assert_nonnull (strstr (out, "Check the electrode on ch2_uv: the signal is flat"));
  g_assert_nonnull (strstr (out, "Check the electrode on ch3_uv"));
}

static void
test_gaps (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Recording) rec = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GVariant) json = NULL;

  if (!proprio_test_have_cli ())
    return;

  /* 100 lost samples (0.4 s) after 3 s: the rate stays 250 Hz, the gap is reported. */
  csv = cyton_csv (6.0, 750, 850, &rec);
  path = proprio_cli_fixture_write (f, "gap.csv", csv);
  g_assert_cmpint (proprio_test_run_metrics (&out, &err, "emg", path, "--json", NULL), ==, 0);
  json = json_parse (out);
  assert_close (json_number (json, "fs_hz"), CYTON_RATE);
  g_assert_cmpfloat (json_number (json, "gaps"), ==, 1.0);
  assert_close (json_number (json, "max_gap_s"), 0.404);
  g_assert_nonnull (strstr (err, "1 gap in the timestamps"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Note: 1 gap"));
}

static void
test_units (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("t_us,a_uv,b_mv,emg,angle_deg\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;
  g_autoptr(GVariant) a = NULL;
  g_autoptr(GVariant) b = NULL;
  g_autofree char *names = NULL;

  if (!proprio_test_have_cli ())
    return;

  /* The same signal in µV and in mV: the same numbers in µV come out. */
  for (guint i = 0; i < 3000; i++)
    {
      int v = (int) g_rand_int_range (rand, -200, 200);

      g_string_append_printf (csv, "%u,%d,%d.%03d,%d,10\n", i * 1000, v * 1000,
                              v, 0, v);
    }
  path = proprio_cli_fixture_write (f, "units.csv", csv->str);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, "--json", NULL), ==, 0);
  json = json_parse (out);
  channels = json_member (json, "channels");
  names = json_keys (channels);
  g_assert_cmpstr (names, ==, "a_uv,b_mv,emg");
  a = json_member (channels, "a_uv");
  b = json_member (channels, "b_mv");
  assert_close (json_number (b, "rms_uv"), json_number (a, "rms_uv"));
  g_assert_cmpfloat (json_number (a, "rms_uv"), >, 1000.0);
}

static void
test_input_envelope (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("t_us,emg\n");
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;
  g_autoptr(GVariant) ch = NULL;
  g_autoptr(GVariant) quality = NULL;
  g_autoptr(GArray) onsets = NULL;
  double sum = 0.0, sum_sq = 0.0;

  if (!proprio_test_have_cli ())
    return;

  /* A MyoWare SIG envelope at 50 Hz (too slow for any filter): 10 at rest, 300 from 2 to 3 s. */
  for (guint i = 0; i < 250; i++)
    {
      int v = i >= 100 && i < 150 ? 300 : 10 + (int) (i % 3);

      g_string_append_printf (csv, "%u,%d\n", i * 20000, v);
      sum += v;
      sum_sq += (double) v * v;
    }
  path = proprio_cli_fixture_write (f, "myoware.csv", csv->str);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, "--json", "--input-envelope", NULL), ==,
                   0);
  json = json_parse (out);
  assert_close (json_number (json, "fs_hz"), 50.0);
  g_assert_true (isnan (json_number (json, "highpass_hz")));
  channels = json_member (json, "channels");
  ch = json_member (channels, "emg");
  assert_close (json_number (ch, "peak_envelope_uv"), 300.0);
  assert_close (json_number (ch, "mean_envelope_uv"), sum / 250.0);
  assert_close (json_number (ch, "rms_uv"), sqrt (sum_sq / 250.0));
  quality = json_member (ch, "quality");
  g_assert_cmpstr (g_variant_get_string (quality, NULL), ==, "unknown");
  onsets = json_numbers (ch, "onsets_s");
  g_assert_cmpuint (onsets->len, ==, 1);
  /* The first 25 ms window (one sample at 50 Hz) above the threshold is the 2 s sample. */
  assert_close (g_array_index (onsets, double, 0), 2.0);

  /* Without the flag, 50 Hz is refused for the default 20 Hz high-pass. */
  g_assert_cmpint (proprio_test_run_metrics (NULL, NULL, "emg", path, NULL), ==, 1);
}

static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("t_us,emg\n");
  g_autofree char *path = NULL;
  g_autofree char *mvc_path = g_build_filename (f->dir, "mvc.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(GVariant) json = NULL;
  g_autoptr(GVariant) channels = NULL;
  g_autoptr(GVariant) ch = NULL;

  if (!proprio_test_have_cli ())
    return;

  /* An envelope at 100 Hz: two contractions, 1–4 s and 6–9 s, holding 200 µV with plateaus of
   * 300 and 500 µV for 1.2 s; the best 1 s windows sit on the plateaus: MVC = 400 µV. */
  for (guint i = 0; i < 1000; i++)
    {
      double s = i / 100.0, v = 5.0;

      if (s >= 1.0 && s < 4.0)
        v = s >= 2.0 && s < 3.2 ? 300.0 : 200.0;
      if (s >= 6.0 && s < 9.0)
        v = s >= 7.5 && s < 8.7 ? 500.0 : 200.0;
      g_string_append_printf (csv, "%u,%g\n", 3000000 + i * 10000, v);
    }
  path = proprio_cli_fixture_write (f, "calibration.csv", csv->str);
  g_assert_cmpint (proprio_test_run_metrics (&out, &err, "emg", path, "--input-envelope", "--json",
                                "--contractions", "1-4, 6-9", "--save-mvc", mvc_path, NULL), ==, 0);
  json = json_parse (out);
  channels = json_member (json, "channels");
  ch = json_member (channels, "emg");
  assert_close (json_number (ch, "calibration_mvc_uv"), 400.0);
  g_assert_true (g_file_get_contents (mvc_path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "column,mvc_uv\nemg,400\n");
  g_assert_nonnull (strstr (err, "MVCs written to"));

  /* The saved file normalises the same recording: its 500 µV peak is 125 % MVC. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&json, g_variant_unref);
  g_clear_pointer (&channels, g_variant_unref);
  g_clear_pointer (&ch, g_variant_unref);
  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", path, "--input-envelope", "--json",
                                "--mvc", mvc_path, NULL), ==, 0);
  json = json_parse (out);
  channels = json_member (json, "channels");
  ch = json_member (channels, "emg");
  assert_close (json_number (ch, "mvc_pct_peak"), 125.0);

  /* A contraction shorter than the window, and malformed options. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", path, "--input-envelope", "--contractions",
                                "1-4,6-6.5", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Contraction 2 lasts 0.50 s"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", path, "--contractions", "5-2", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "START-END"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", path, "--save-mvc", mvc_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--contractions"));
}

typedef struct
{
  const char *name;
  const char *contents;
  const char *args[4];
  int         status;
  const char *message;
} BadCase;

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) slow = g_string_new ("t_us,ch1_uv\n");
  g_autoptr(GString) good = g_string_new ("t_us,ch1_uv\n");
  g_autofree char *slow_csv = NULL;
  g_autofree char *good_csv = NULL;

  if (!proprio_test_have_cli ())
    return;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (slow, "%u,%g\n", i * 25000, 10.0 * sin (i));
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (good, "%u,%g\n", i * 1000, 10.0 * sin (i));
  slow_csv = g_string_free (g_steal_pointer (&slow), FALSE);
  good_csv = g_string_free (g_steal_pointer (&good), FALSE);

  {
    const BadCase cases[] = {
      { "backwards.csv", "t_us,ch1_uv\n0,1\n1000,2\n1000,3\n", { NULL }, 1,
        "line 4: the time 0.001000 s is not after the row before it" },
      { "nan.csv", "t_us,ch1_uv\n0,1\n1000,nan\n2000,3\n", { NULL }, 1,
        "line 3: the value in column “ch1_uv” is empty or not a finite number" },
      { "empty.csv", "t_us,ch1_uv\n0,1\n1000,\n2000,3\n", { NULL }, 1,
        "line 3: the value in column “ch1_uv”" },
      { "slow.csv", slow_csv, { NULL }, 1,
        "A 20 Hz high-pass needs at least 100 samples per second; this device gives 40" },
      { "noemg.csv", "t_us,counter,ax_g\n0,1,0.1\n1000,2,0.1\n", { NULL }, 1,
        "No EMG column" },
      { "short.csv", "t_us,ch1_uv\n0,1\n1000,2\n", { NULL }, 1, "2 samples" },
      { "good.csv", good_csv, { "--baseline", "5", NULL }, 1, "shorter --baseline" },
      { "good.csv", good_csv, { "--notch", "55", NULL }, 2, "--notch must be 0, 50 or 60" },
      { "good.csv", good_csv, { "--window", "10", NULL }, 2, "--window needs 25 to 500 ms" },
      { "good.csv", good_csv, { "--lowpass", "600", NULL }, 1, "600 Hz low-pass" },
      { "good.csv", good_csv, { "--columns", "nope", NULL }, 1, "nope" },
      { "good.csv", good_csv, { "extra", NULL }, 2, "Unexpected argument" },
    };

    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        g_autofree char *path = proprio_cli_fixture_write (f, cases[c].name, cases[c].contents);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        status = proprio_test_run_metrics (&out, &err, "emg", path, cases[c].args[0], cases[c].args[1],
                              cases[c].args[2], NULL);
        g_assert_cmpint (status, ==, cases[c].status);
        g_assert_cmpstr (out, ==, "");
        if (strstr (err, cases[c].message) == NULL)
          g_error ("case %u: “%s” not in “%s”", c, cases[c].message, err);
      }
  }

  /* No file, and a file that is not there. */
  {
    g_autofree char *err = NULL;
    g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);

    g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "Missing the FILE"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (proprio_test_run_metrics (NULL, &err, "emg", missing, NULL), ==, 1);
  }

  /* The good file itself is fine, so the cases above fail for their own reason. */
  {
    g_autofree char *path = proprio_cli_fixture_write (f, "good.csv", good_csv);

    g_assert_cmpint (proprio_test_run_metrics (NULL, NULL, "emg", path, NULL), ==, 0);
    g_assert_cmpint (proprio_test_run_metrics (NULL, NULL, "emg", path, "--baseline", "2", NULL), ==, 0);
  }
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *metrics_help = NULL;
  const char *keys[] = { "fs_hz", "channels", "rms_uv", "peak_envelope_uv", "mean_envelope_uv",
                         "onsets_s", "mvc_pct_peak", "mvc_pct_mean" };

  if (!proprio_test_have_cli ())
    return;

  g_assert_cmpint (proprio_test_run_metrics (&out, NULL, "emg", "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (strstr (out, keys[i]));
  g_assert_cmpint (proprio_test_run_metrics (&metrics_help, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (metrics_help, "emg "));
  g_assert_nonnull (strstr (metrics_help, "sway "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli-emg/cyton-json-against-library", test_cyton_json);
  ADD ("/cli-emg/notch-option", test_notch_option);
  ADD ("/cli-emg/mvc-file", test_mvc);
  ADD ("/cli-emg/table", test_table);
  ADD ("/cli-emg/gaps-reported", test_gaps);
  ADD ("/cli-emg/voltage-units", test_units);
  ADD ("/cli-emg/input-is-envelope", test_input_envelope);
  ADD ("/cli-emg/mvc-calibration-saved-and-used", test_calibration);
  ADD ("/cli-emg/errors-and-exit-codes", test_errors);
  ADD ("/cli-emg/help-lists-keys", test_help);
#undef ADD
  return g_test_run ();
}
