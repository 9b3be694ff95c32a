/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <math.h>

#include "widgets/proprio-cop-trail.h"

static ProprioCopPoint
point_at (gint64 t_us,
          float  x_mm)
{
  ProprioCopPoint p = { 0 };

  p.t_us = t_us;
  p.x_mm = x_mm;
  p.left_frac = NAN;
  p.front_frac = NAN;
  return p;
}

static void
test_append_and_order (void)
{
  g_autoptr(ProprioCopTrail) trail = proprio_cop_trail_new (64);

  for (int i = 0; i < 10; i++)
    {
      ProprioCopPoint p = point_at (1000 + 10 * i, (float) i);

      g_assert_true (proprio_cop_trail_append (trail, &p));
    }
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 10);
  g_assert_cmpuint (proprio_cop_trail_get_first_seq (trail), ==, 0);
  g_assert_cmpint (proprio_cop_trail_get (trail, 0)->t_us, ==, 1000);
  g_assert_cmpint (proprio_cop_trail_get (trail, 9)->t_us, ==, 1090);
  g_assert_cmpfloat (proprio_cop_trail_get (trail, 4)->x_mm, ==, 4.0f);
}

static void
test_time_backwards_refused (void)
{
  g_autoptr(ProprioCopTrail) trail = proprio_cop_trail_new (64);
  ProprioCopPoint a = point_at (5000, 1), b = point_at (4999, 2), c = point_at (5000, 3);

  g_assert_true (proprio_cop_trail_append (trail, &a));
  g_assert_false (proprio_cop_trail_append (trail, &b));
  /* Equal times are fine: two samples can complete in the same read. */
  g_assert_true (proprio_cop_trail_append (trail, &c));
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 2);
}

static void
test_full_ring_drops_oldest (void)
{
  /* 40 rounds up to 64; 100 points keep the newest 64 with their sequence numbers. */
  g_autoptr(ProprioCopTrail) trail = proprio_cop_trail_new (40);

  for (int i = 0; i < 100; i++)
    {
      ProprioCopPoint p = point_at (i, (float) i);

      proprio_cop_trail_append (trail, &p);
    }
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 64);
  g_assert_cmpuint (proprio_cop_trail_get_first_seq (trail), ==, 36);
  g_assert_cmpint (proprio_cop_trail_get (trail, 0)->t_us, ==, 36);
  g_assert_cmpint (proprio_cop_trail_get (trail, 63)->t_us, ==, 99);
}

static void
test_growth_keeps_order (void)
{
  /* Past the initial 1024 slots the ring grows; a wrapped ring must unwrap in order. */
  g_autoptr(ProprioCopTrail) trail = proprio_cop_trail_new (1 << 14);

  for (int i = 0; i < 1000; i++)
    {
      ProprioCopPoint p = point_at (i, 0);

      proprio_cop_trail_append (trail, &p);
    }
  proprio_cop_trail_trim_before (trail, 900);   /* head moves, so the next appends wrap */
  for (int i = 1000; i < 3000; i++)
    {
      ProprioCopPoint p = point_at (i, 0);

      proprio_cop_trail_append (trail, &p);
    }
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 2100);
  for (guint i = 0; i < 2100; i++)
    g_assert_cmpint (proprio_cop_trail_get (trail, i)->t_us, ==, 900 + (gint64) i);
}

static void
test_upper_bound_and_trim (void)
{
  g_autoptr(ProprioCopTrail) trail = proprio_cop_trail_new (64);
  const gint64 times[] = { 10, 20, 20, 30, 40 };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      ProprioCopPoint p = point_at (times[i], 0);

      proprio_cop_trail_append (trail, &p);
    }
  g_assert_cmpuint (proprio_cop_trail_upper_bound (trail, 5), ==, 0);
  g_assert_cmpuint (proprio_cop_trail_upper_bound (trail, 10), ==, 1);
  g_assert_cmpuint (proprio_cop_trail_upper_bound (trail, 20), ==, 3);
  g_assert_cmpuint (proprio_cop_trail_upper_bound (trail, 39), ==, 4);
  g_assert_cmpuint (proprio_cop_trail_upper_bound (trail, 40), ==, 5);

  proprio_cop_trail_trim_before (trail, 20);    /* drops only t = 10 */
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 4);
  g_assert_cmpuint (proprio_cop_trail_get_first_seq (trail), ==, 1);
  g_assert_cmpint (proprio_cop_trail_get (trail, 0)->t_us, ==, 20);

  proprio_cop_trail_clear (trail);
  g_assert_cmpuint (proprio_cop_trail_get_length (trail), ==, 0);
  /* Sequence numbers never repeat, so a reader's "drawn up to" stays meaningful. */
  g_assert_cmpuint (proprio_cop_trail_get_first_seq (trail), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cop-trail/append-keeps-order", test_append_and_order);
  g_test_add_func ("/cop-trail/time-backwards-refused", test_time_backwards_refused);
  g_test_add_func ("/cop-trail/full-ring-drops-oldest", test_full_ring_drops_oldest);
  g_test_add_func ("/cop-trail/growth-keeps-order", test_growth_keeps_order);
  g_test_add_func ("/cop-trail/upper-bound-and-trim", test_upper_bound_and_trim);

  return g_test_run ();
}
