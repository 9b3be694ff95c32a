/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-protocol-balance"

#include <math.h>
#include <string.h>

#include "devices/proprio-balance-protocol.h"
#include "devices/proprio-protocol-private.h"
#include "test-protocol-common.h"

#define EPS 1e-9

/* Loads TL=10 TR=20 BL=30 BR=40 on the default 433 x 238 mm board:
 * x = 216.5 * ((20 + 40) - (10 + 30)) / 100 = 43.3, y = 119 * ((10 + 20) - (30 + 40)) / 100 = -47.6 */
static void
assert_reference_sample (const ProprioSample *s)
{
  g_assert_cmpuint (s->n_channels, ==, 7);
  g_assert_cmpuint (s->flags, ==, PROPRIO_SAMPLE_HAS_COP);
  g_assert_cmpfloat_with_epsilon (s->values[0], 10.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[1], 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[2], 30.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[3], 40.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[4], 100.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[5], 43.3, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[6], -47.6, EPS);
}

static void
test_compute_cop (void)
{
  double x, y;

  g_assert_true (proprio_balance_compute_cop (25, 25, 25, 25, 433, 238, 5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 0.0, EPS);
  g_assert_cmpfloat_with_epsilon (y, 0.0, EPS);

  /* All the weight on the front right sensor: the CoP sits on it. */
  g_assert_true (proprio_balance_compute_cop (0, 60, 0, 0, 433, 238, 5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 216.5, EPS);
  g_assert_cmpfloat_with_epsilon (y, 119.0, EPS);

  /* Back left only. */
  g_assert_true (proprio_balance_compute_cop (0, 0, 60, 0, 400, 200, 5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, -200.0, EPS);
  g_assert_cmpfloat_with_epsilon (y, -100.0, EPS);

  g_assert_true (proprio_balance_compute_cop (10, 20, 30, 40, 433, 238, 5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 43.3, EPS);
  g_assert_cmpfloat_with_epsilon (y, -47.6, EPS);

  /* Exactly at the minimum load still counts; below it does not. */
  g_assert_true (proprio_balance_compute_cop (1.25, 1.25, 1.25, 1.25, 433, 238, 5, &x, &y));
  g_assert_false (proprio_balance_compute_cop (1, 1, 1, 1.99, 433, 238, 5, &x, &y));
  g_assert_true (isnan (x) && isnan (y));
  g_assert_false (proprio_balance_compute_cop (0, 0, 0, 0, 433, 238, 0, &x, &y));
  g_assert_true (isnan (x) && isnan (y));
  g_assert_false (proprio_balance_compute_cop (NAN, 1, 1, 1, 433, 238, 0, &x, &y));
}

/* Negative loads put the CoP anywhere (100,-90,0,0 gives x = -4113.5 mm on a 433 mm board): off
 * the board is never a centre of pressure. Noise at an edge, within 5 %, still is. */
static void
test_cop_off_board (void)
{
  double x, y;

  g_assert_false (proprio_balance_compute_cop (100, -90, 0, 0, 433, 238, 5, &x, &y));
  g_assert_true (isnan (x) && isnan (y));
  g_assert_false (proprio_balance_compute_cop (0, 0, 50, -10, 433, 238, 5, &x, &y));
  g_assert_true (isnan (x) && isnan (y));
  /* Off the front edge only. */
  g_assert_false (proprio_balance_compute_cop (40, 40, -6, -6, 433, 238, 5, &x, &y));

  /* x = 216.5 * 61 / 60 = 220.1: 1.7 % beyond the sensors. */
  g_assert_true (proprio_balance_compute_cop (-0.25, 30.25, -0.25, 30.25, 433, 238, 5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 216.5 * 61.0 / 60.0, EPS);
  g_assert_cmpfloat_with_epsilon (y, 0.0, EPS);
}

/* A corner below -2 kg is a fault: the line is skipped and counted, and the protocol says which
 * corner once (again only after a reset). Small negative readings are noise and pass. */
static void
test_negative_load_is_fault (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();
  g_autofree char *notice = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after_reset = NULL;

  g_assert_null (proprio_protocol_take_notice (protocol));
  feed_text (protocol, "100,-90,0,0\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 1);
  notice = proprio_protocol_take_notice (protocol);
  g_assert_cmpstr (notice, ==, "Corner TR reads −90 kg: check the load cell or tare the empty board");

  /* The same fault again: counted, not said again. */
  feed_text (protocol, "100,-85,0,0\n10,20,30,40\n", 0, samples);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 2);
  g_assert_null (proprio_protocol_take_notice (protocol));
  g_assert_cmpuint (samples->len, ==, 1);
  assert_reference_sample (sample_at (samples, 0));

  /* Another corner is news. */
  feed_text (protocol, "TL:30,TR:30,BL:-2.5,BR:30\n", 0, samples);
  second = proprio_protocol_take_notice (protocol);
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (second, "Corner BL reads −2 kg"));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 3);

  /* -1.9 kg is within the tolerance: a sample, with its CoP on the board. */
  feed_text (protocol, "20,20,-1.9,20\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_cmpuint (sample_at (samples, 1)->flags, ==, PROPRIO_SAMPLE_HAS_COP);
  g_assert_cmpfloat_with_epsilon (sample_at (samples, 1)->values[2], -1.9, EPS);

  proprio_protocol_reset (protocol);
  feed_text (protocol, "100,-90,0,0\n", 0, samples);
  after_reset = proprio_protocol_take_notice (protocol);
  g_assert_cmpstr (after_reset, ==, notice);
  g_assert_cmpuint (samples->len, ==, 2);
}

/* Raw counts have no known scale: they are not judged, but an off-board CoP still is not one. */
static void
test_negative_counts_not_judged (void)
{
  g_autoptr(GHashTable) options = options_new ("units", "counts", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", options);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "100,-90,0,0\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpuint (sample_at (samples, 0)->flags, ==, 0);
  g_assert_true (isnan (sample_at (samples, 0)->values[5]));
  g_assert_null (proprio_protocol_take_notice (protocol));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 0);
}

static void
test_channels (void)
{
  g_autoptr(ProprioProtocol) kg = protocol_new_with ("balance", NULL);
  g_autoptr(GHashTable) counts_options = options_new ("units", "counts", NULL);
  g_autoptr(ProprioProtocol) counts = protocol_new_with ("balance", counts_options);
  g_autoptr(GHashTable) gain_options = options_new ("units", "counts",
                                                    "gain", "0.01,0.01,0.01,0.01", NULL);
  g_autoptr(ProprioProtocol) gained = protocol_new_with ("balance", gain_options);
  const char *kg_names[] = { "tl_kg", "tr_kg", "bl_kg", "br_kg", "total_kg", "cop_x_mm",
                             "cop_y_mm" };
  const char *count_names[] = { "tl_counts", "tr_counts", "bl_counts", "br_counts",
                                "total_counts", "cop_x_mm", "cop_y_mm" };

  g_assert_cmpstr (proprio_protocol_get_name (kg), ==, "balance");
  g_assert_cmpuint (proprio_protocol_get_n_channels (kg), ==, 7);
  g_assert_cmpuint (proprio_protocol_get_n_channels (counts), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpstr (proprio_protocol_get_channel (kg, i)->name, ==, kg_names[i]);
      g_assert_cmpstr (proprio_protocol_get_channel (counts, i)->name, ==, count_names[i]);
      g_assert_cmpstr (proprio_protocol_get_channel (gained, i)->name, ==, kg_names[i]);
    }
  g_assert_cmpstr (proprio_protocol_get_channel (kg, 0)->unit, ==, "kg");
  g_assert_cmpstr (proprio_protocol_get_channel (kg, 0)->label, ==, "TL");
  g_assert_cmpstr (proprio_protocol_get_channel (kg, 5)->unit, ==, "mm");
  g_assert_cmpstr (proprio_protocol_get_channel (kg, 5)->label, ==, "CoP x");
  g_assert_cmpstr (proprio_protocol_get_channel (counts, 4)->unit, ==, "counts");
}

static void
test_plain_line (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "10,20,30,40\n", 1234, samples);
  feed_text (protocol, "10;20;30;40\n10\t20\t30\t40\n  10  20 30   40  \n10, 20; 30 ,40,\n", 99,
             samples);
  g_assert_cmpuint (samples->len, ==, 5);
  for (guint i = 0; i < samples->len; i++)
    assert_reference_sample (sample_at (samples, i));
  g_assert_cmpint (sample_at (samples, 0)->t_us, ==, 1234);
  g_assert_cmpint (sample_at (samples, 4)->t_us, ==, 99);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->frames, ==, 5);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 0);
}

static void
test_order_permutations (void)
{
  struct { const char *order; const char *line; } cases[] = {
    { "tl,tr,br,bl", "10,20,40,30\n" },            /* the HX711 wa,wb,wc,wd board */
    { "t,tr,tl,br,bl", "123456;20;10;40;30\n" },   /* millis;TR;TL;BR;BL */
    { "BR,BL,TR,TL", "40 30 20 10\n" },
    { "-,tl,tr,bl,br,-", "7,10,20,30,40,8\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) options = options_new ("order", cases[i].order, NULL);
      g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", options);
      g_autoptr(GArray) samples = samples_new ();

      feed_text (protocol, cases[i].line, 0, samples);
      /* A line with the default four columns does not fit a five or six column order. */
      feed_text (protocol, "10,20,30,40,50,60,70\n", 0, samples);
      g_assert_cmpuint (samples->len, ==, 1);
      assert_reference_sample (sample_at (samples, 0));
      g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 1);
    }
}

static void
test_labelled (void)
{
  g_autoptr(GHashTable) options = options_new ("order", "t,tr,tl,br,bl", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", options);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "TL:10,TR:20,BL:30,BR:40\n", 0, samples);
  feed_text (protocol, "br:40\tbl:30 tr:20,tl:10\n", 0, samples);
  feed_text (protocol, "millis:5000,Tl:10,tR:20,bL:30,Br:40,raw:99999\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 3);
  for (guint i = 0; i < samples->len; i++)
    assert_reference_sample (sample_at (samples, i));

  /* A corner missing, given twice, a non-number, or labels mixed with plain columns. */
  feed_text (protocol, "TL:10,TR:20,BL:30\n", 0, samples);
  feed_text (protocol, "TL:10,TR:20,BL:30,BR:40,tl:1\n", 0, samples);
  feed_text (protocol, "TL:10,TR:20,BL:30,BR:x\n", 0, samples);
  feed_text (protocol, "TL:10,TR:20,BL:30,40\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 3);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 4);
}

static void
test_tare_gain (void)
{
  g_autoptr(GHashTable) options = options_new ("units", "counts",
                                               "tare", "100,200,300,400",
                                               "gain", "0.01, 0.01, 0.02, 0.02", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", options);
  g_autoptr(GArray) samples = samples_new ();
  const ProprioSample *s;

  /* (1000, 2000, 1000, 1000) counts above tare → 10, 20, 20, 20 kg; total 70;
   * x = 216.5 * (40 - 30) / 70, y = 119 * (30 - 40) / 70 = -17. */
  feed_text (protocol, "1100,2200,1300,1400\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  s = sample_at (samples, 0);
  g_assert_cmpfloat_with_epsilon (s->values[0], 10.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[1], 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[2], 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[3], 20.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[4], 70.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[5], 216.5 * 10.0 / 70.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[6], -17.0, EPS);
  g_assert_cmpstr (proprio_protocol_get_channel (protocol, 0)->name, ==, "tl_kg");
}

static void
test_tare_counts (void)
{
  g_autoptr(GHashTable) options = options_new ("units", "counts",
                                               "tare", "-5,0,5,10.5", "min_load", "100", NULL);
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", options);
  g_autoptr(GArray) samples = samples_new ();
  const ProprioSample *s;

  feed_text (protocol, "45,50,55,60.5\n5,5,5,5\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  s = sample_at (samples, 0);
  g_assert_cmpfloat_with_epsilon (s->values[0], 50.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[3], 50.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[4], 200.0, EPS);
  g_assert_cmpuint (s->flags, ==, PROPRIO_SAMPLE_HAS_COP);
  g_assert_cmpfloat_with_epsilon (s->values[5], 0.0, EPS);
  /* 10 + 5 + 0 - 5.5 = 9.5 counts: below min_load, which is in the output unit. */
  s = sample_at (samples, 1);
  g_assert_cmpfloat_with_epsilon (s->values[4], 9.5, EPS);
  g_assert_cmpuint (s->flags, ==, 0);
}

static void
test_min_load (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GHashTable) options = options_new ("min_load", "2", "geometry", "400x200", NULL);
  g_autoptr(ProprioProtocol) light = protocol_new_with ("balance", options);
  g_autoptr(GArray) samples = samples_new ();
  const ProprioSample *s;

  feed_text (protocol, "1,1,1,1\n1.25,1.25,1.25,1.25\n", 7, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  s = sample_at (samples, 0);
  g_assert_cmpuint (s->flags & PROPRIO_SAMPLE_HAS_COP, ==, 0);
  g_assert_cmpfloat_with_epsilon (s->values[4], 4.0, EPS);
  g_assert_true (isnan (s->values[5]));
  g_assert_true (isnan (s->values[6]));
  g_assert_cmpuint (sample_at (samples, 1)->flags, ==, PROPRIO_SAMPLE_HAS_COP);

  g_array_set_size (samples, 0);
  feed_text (light, "1,1,1,1\n10,20,30,40\n", 7, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  s = sample_at (samples, 0);
  g_assert_cmpuint (s->flags, ==, PROPRIO_SAMPLE_HAS_COP);
  g_assert_cmpfloat_with_epsilon (s->values[5], 0.0, EPS);
  s = sample_at (samples, 1);
  g_assert_cmpfloat_with_epsilon (s->values[5], 40.0, EPS);
  g_assert_cmpfloat_with_epsilon (s->values[6], -40.0, EPS);
}

static void
test_crlf_and_split (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const char *text = "10,20,30,40\r\n10,20,30,40\r\n";
  gsize len = strlen (text);

  /* Every split point, including between '\r' and '\n'. */
  for (gsize cut = 0; cut <= len; cut++)
    {
      proprio_protocol_feed (protocol, (const guint8 *) text, cut, 1, collect_sample, samples);
      proprio_protocol_feed (protocol, (const guint8 *) text + cut, len - cut, 2, collect_sample,
                             samples);
    }
  g_assert_cmpuint (samples->len, ==, 2 * (len + 1));
  for (guint i = 0; i < samples->len; i++)
    assert_reference_sample (sample_at (samples, i));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 0);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 0);
}

static void
test_skipped_lines (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();
  const char *junk[] = {
    "\n", "   \r\n", "# HX711 four corner board\n", "HX711 ready, send r to start\n",
    ".80,13.95\n",                  /* half line after connecting mid-stream */
    "nan,1,2,3\n", "1,inf,2,3\n", "1,2,-INF,3\n", "1e999,1,1,1\n",
    "1,,2,3\n", ",1,2,3,4\n", "1,2,3,4,5\n", "1,2,3,0x10\n", "1,2,3,4e\n",
    "1,2,\x01,4\n", "TL:1,TR:2,BL:3,BR:4,TL:5\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    feed_text (protocol, junk[i], 0, samples);
  feed_text (protocol, "10,20,30,40\n", 0, samples);

  g_assert_cmpuint (samples->len, ==, 1);
  assert_reference_sample (sample_at (samples, 0));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, G_N_ELEMENTS (junk));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 0);
}

static void
test_long_lines (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();
  g_autoptr(GString) line = g_string_new ("10,20,30,40");
  g_autofree char *junk = g_strnfill (5000, '7');

  /* 4096 bytes before the line ending is the longest line we still read, with \r\n too. */
  while (line->len < 4096)
    g_string_append_c (line, ' ');
  g_string_append (line, "\r\n");
  feed_text (protocol, line->str, 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 0);

  /* One byte more is dropped whole, with or without \r. */
  g_string_insert_c (line, 0, ' ');
  feed_text (protocol, line->str, 0, samples);
  g_string_truncate (line, line->len - 2);
  g_string_append_c (line, '\n');
  feed_text (protocol, line->str, 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 2);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 4098 + 4097);

  /* A long stream with no newline is dropped as it arrives, in any chunk size. */
  for (guint i = 0; i < 100; i++)
    feed_text (protocol, junk, 0, samples);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==,
                    4098 + 4097 + 100 * 5000);
  feed_text (protocol, "\n10,20,30,40\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 2);
  assert_reference_sample (sample_at (samples, 1));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->skipped_lines, ==, 3);
}

static void
test_reset (void)
{
  g_autoptr(ProprioProtocol) protocol = protocol_new_with ("balance", NULL);
  g_autoptr(GArray) samples = samples_new ();

  feed_text (protocol, "99,99,", 0, samples);
  proprio_protocol_reset (protocol);
  feed_text (protocol, "10,20,30,40\n", 0, samples);
  g_assert_cmpuint (samples->len, ==, 1);
  assert_reference_sample (sample_at (samples, 0));
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->discarded_bytes, ==, 6);
  g_assert_cmpuint (proprio_protocol_get_stats (protocol)->frames, ==, 1);
}

static void
test_commands (void)
{
  g_autoptr(ProprioProtocol) plain = protocol_new_with ("balance", NULL);
  g_autoptr(GHashTable) options = options_new ("start", "r", "stop", "s\\n", NULL);
  g_autoptr(ProprioProtocol) hx711 = protocol_new_with ("balance", options);

  assert_command (proprio_protocol_get_start_command (plain), NULL);
  assert_command (proprio_protocol_get_stop_command (plain), NULL);
  assert_command (proprio_protocol_get_reset_command (plain), NULL);
  g_assert_null (proprio_protocol_get_last_reply (plain));
  assert_command (proprio_protocol_get_start_command (hx711), "r");
  assert_command (proprio_protocol_get_stop_command (hx711), "s\n");
}

static void
test_invalid_options (void)
{
  struct { const char *name, *value, *mention; } cases[] = {
    { "oder", "tl,tr,bl,br", "“oder”" },
    { "order", "tl,tr,bl", "order" },
    { "order", "tl,tr,bl,bl", "order" },
    { "order", "tl,tr,bl,br,x", "order" },
    { "units", "lbs", "units" },
    { "tare", "1,2,3", "tare" },
    { "gain", "1,2,3,x", "gain" },
    { "geometry", "433", "geometry" },
    { "geometry", "433x-1", "geometry" },
    { "min_load", "-1", "min_load" },
    { "min_load", "nan", "min_load" },
    { "start", "", "start" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) options = options_new (cases[i].name, cases[i].value, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioProtocol) protocol = proprio_protocol_new ("balance", options, &error);

      g_assert_null (protocol);
      g_assert_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION);
      g_assert_nonnull (strstr (error->message, cases[i].mention));
    }
}

/* The plain-decimal fast path must give exactly what strtod gives, and the grammar stays strict. */
static void
test_parse_number (void)
{
  static const char * const good[] = {
    "0", "-0", "+7", "25.0", "-92.8", "0.1", "0.3", "123456789012345", "1234567.89012345",
    "-0.000000000000001", "9007199254740993", "1234567890123456789", "1.5e3", "-2E-2", "007.50",
    ".5", "5.",
  };
  static const char * const bad[] = {
    "", "+", "-", ".", "nan", "inf", "0x10", " 1", "1 ", "1e", "1e+", "1.2.3", "--1", "1,5",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  double v;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (proprio_protocol_parse_number (good[i], strlen (good[i]), &v));
      g_assert_true (v == g_ascii_strtod (good[i], NULL));
      g_assert_cmpint (signbit (v), ==, signbit (g_ascii_strtod (good[i], NULL)));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (proprio_protocol_parse_number (bad[i], strlen (bad[i]), &v));

  /* Random decimals of every length and number of places, as a device prints them. */
  for (guint i = 0; i < 200000; i++)
    {
      char text[40];
      guint places = (guint) g_rand_int_range (rand, 0, 16);
      guint64 m = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand))
                  % (guint64) pow (10, g_rand_int_range (rand, 1, 16));
      guint64 scale = (guint64) pow (10, places);
      int n;

      /* All of m's digits are significant: m / 10^places, printed with its places. */
      if (places == 0)
        n = g_snprintf (text, sizeof text, "%s%" G_GUINT64_FORMAT, i % 2 ? "-" : "", m);
      else
        n = g_snprintf (text, sizeof text, "%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                        i % 2 ? "-" : "", m / scale, (int) places, m % scale);
      g_assert_true (proprio_protocol_parse_number (text, (gsize) n, &v));
      if (v != g_ascii_strtod (text, NULL))
        g_error ("%s parsed as %.17g, strtod gives %.17g", text, v, g_ascii_strtod (text, NULL));
    }
}

static void
test_unknown_protocol (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioProtocol) protocol = proprio_protocol_new ("wii", NULL, &error);

  g_assert_null (protocol);
  g_assert_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_UNKNOWN);
  g_assert_cmpstrv (proprio_protocol_list_names (),
                    ((const char * const[]) { "balance", "lines", "cyton", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/balance/compute-cop", test_compute_cop);
  g_test_add_func ("/balance/cop-off-board-is-not-cop", test_cop_off_board);
  g_test_add_func ("/balance/negative-load-is-fault", test_negative_load_is_fault);
  g_test_add_func ("/balance/negative-counts-not-judged", test_negative_counts_not_judged);
  g_test_add_func ("/balance/channel-names", test_channels);
  g_test_add_func ("/balance/plain-line-separators", test_plain_line);
  g_test_add_func ("/balance/order-permutations", test_order_permutations);
  g_test_add_func ("/balance/labelled-lines", test_labelled);
  g_test_add_func ("/balance/tare-and-gain", test_tare_gain);
  g_test_add_func ("/balance/tare-in-counts", test_tare_counts);
  g_test_add_func ("/balance/min-load-and-geometry", test_min_load);
  g_test_add_func ("/balance/crlf-split-anywhere", test_crlf_and_split);
  g_test_add_func ("/balance/skipped-lines-counted", test_skipped_lines);
  g_test_add_func ("/balance/over-long-lines-bounded", test_long_lines);
  g_test_add_func ("/balance/reset-drops-partial-line", test_reset);
  g_test_add_func ("/balance/start-stop-commands", test_commands);
  g_test_add_func ("/balance/invalid-options", test_invalid_options);
  g_test_add_func ("/protocol/unknown-name", test_unknown_protocol);
  g_test_add_func ("/protocol/parse-number-exact", test_parse_number);

  return g_test_run ();
}
