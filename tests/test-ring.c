/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "core/proprio-ring.h"

static ProprioSample
make_sample (guint64 seq)
{
  ProprioSample s = { 0 };

  s.t_us = (gint64) seq * 1000;
  s.n_channels = 2;
  s.values[0] = (double) seq;
  s.values[1] = -(double) seq;
  return s;
}

static void
test_ring_capacity_rounds_up (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (100);

  g_assert_cmpuint (proprio_ring_get_capacity (ring), ==, 128);
  g_assert_cmpuint (proprio_ring_get_written (ring), ==, 0);
}

static void
test_ring_reads_in_order (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (16);
  ProprioRingCursor cursor;
  ProprioSample out[16];
  gsize n;

  proprio_ring_cursor_init (&cursor, ring, TRUE);
  for (guint64 i = 0; i < 10; i++)
    {
      ProprioSample s = make_sample (i);
      proprio_ring_push (ring, &s);
    }

  g_assert_cmpuint (proprio_ring_available (&cursor), ==, 10);
  n = proprio_ring_read (&cursor, out, 4);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpfloat (out[0].values[0], ==, 0.0);
  g_assert_cmpfloat (out[3].values[0], ==, 3.0);
  n = proprio_ring_read (&cursor, out, 16);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpfloat (out[5].values[0], ==, 9.0);
  g_assert_cmpint (out[5].t_us, ==, 9000);
  g_assert_cmpuint (cursor.dropped, ==, 0);
  g_assert_cmpuint (proprio_ring_read (&cursor, out, 16), ==, 0);
  proprio_ring_cursor_clear (&cursor);
}

static void
test_ring_slow_reader_counts_drops (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (16);
  ProprioRingCursor cursor;
  ProprioSample out[32];
  gsize n;

  proprio_ring_cursor_init (&cursor, ring, FALSE);
  for (guint64 i = 0; i < 40; i++)
    {
      ProprioSample s = make_sample (i);
      proprio_ring_push (ring, &s);
    }

  /* 40 written into 16 slots: the slot of sequence 24 is the one the writer would fill next, so
   * it counts as gone too; 25..39 remain. */
  g_assert_cmpuint (proprio_ring_available (&cursor), ==, 15);
  n = proprio_ring_read (&cursor, out, 32);
  g_assert_cmpuint (n, ==, 15);
  g_assert_cmpuint (cursor.dropped, ==, 25);
  g_assert_cmpfloat (out[0].values[0], ==, 25.0);
  g_assert_cmpfloat (out[14].values[0], ==, 39.0);
  proprio_ring_cursor_clear (&cursor);
}

static void
test_ring_independent_cursors (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (16);
  ProprioRingCursor a, b;
  ProprioSample out[16];
  ProprioSample s = make_sample (7);

  proprio_ring_cursor_init (&a, ring, TRUE);
  proprio_ring_push (ring, &s);
  proprio_ring_cursor_init (&b, ring, TRUE);
  s = make_sample (8);
  proprio_ring_push (ring, &s);

  g_assert_cmpuint (proprio_ring_read (&a, out, 16), ==, 2);
  g_assert_cmpfloat (out[0].values[0], ==, 7.0);
  g_assert_cmpuint (proprio_ring_read (&b, out, 16), ==, 1);
  g_assert_cmpfloat (out[0].values[0], ==, 8.0);
  proprio_ring_cursor_clear (&a);
  proprio_ring_cursor_clear (&b);
}

#define N_THREADED 200000

static gpointer
writer_thread (gpointer data)
{
  ProprioRing *ring = data;

  for (guint64 i = 0; i < N_THREADED; i++)
    {
      ProprioSample s = make_sample (i);
      proprio_ring_push (ring, &s);
      if (i % 1024 == 0)
        g_thread_yield ();
    }
  return NULL;
}

/* One writer thread, one reader: every sample the reader sees is intact (its two channels agree
 * with its sequence), in order, and seen + dropped accounts for every sample written. */
static void
test_ring_two_threads (void)
{
  g_autoptr(ProprioRing) ring = proprio_ring_new (256);
  ProprioRingCursor cursor;
  ProprioSample out[64];
  GThread *thread;
  guint64 seen = 0;
  double last = -1;

  proprio_ring_cursor_init (&cursor, ring, FALSE);
  thread = g_thread_new ("ring-writer", writer_thread, ring);

  while (cursor.next < N_THREADED)
    {
      gsize n = proprio_ring_read (&cursor, out, G_N_ELEMENTS (out));

      for (gsize i = 0; i < n; i++)
        {
          g_assert_cmpfloat (out[i].values[0], ==, -out[i].values[1]);
          g_assert_cmpint (out[i].t_us, ==, (gint64) out[i].values[0] * 1000);
          g_assert_cmpfloat (out[i].values[0], >, last);
          last = out[i].values[0];
        }
      seen += n;
    }

  g_thread_join (thread);
  g_assert_cmpuint (seen + cursor.dropped, ==, N_THREADED);
  g_assert_cmpfloat (last, ==, N_THREADED - 1);
  proprio_ring_cursor_clear (&cursor);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ring/capacity-rounds-up", test_ring_capacity_rounds_up);
  g_test_add_func ("/ring/reads-in-order", test_ring_reads_in_order);
  g_test_add_func ("/ring/slow-reader-counts-drops", test_ring_slow_reader_counts_drops);
  g_test_add_func ("/ring/independent-cursors", test_ring_independent_cursors);
  g_test_add_func ("/ring/two-threads", test_ring_two_threads);

  return g_test_run ();
}
