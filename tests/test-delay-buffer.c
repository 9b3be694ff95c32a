/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <string.h>

#include "video/proprio-delay-buffer.h"

#define FRAME_US 33333   /* 30 frames per second */
#define T0       1000000000

/* A frame whose payload says which frame it is, so a lookup can be checked by content. */
static GBytes *
make_frame (guint k,
            gsize size)
{
  guint8 *data = g_malloc0 (size);

  g_assert_cmpuint (size, >=, sizeof k);
  memcpy (data, &k, sizeof k);
  return g_bytes_new_take (data, size);
}

static guint
frame_index (GBytes *bytes)
{
  guint k;

  g_assert_nonnull (bytes);
  memcpy (&k, g_bytes_get_data (bytes, NULL), sizeof k);
  return k;
}

static gint64
t_of (guint k)
{
  return T0 + (gint64) k * FRAME_US;
}

/* Frame k captured at t_k is what a viewer delayed by D sees at t_k + D, and keeps seeing until
 * frame k + 1 is due. The fake clock is just the times passed in. */
static void
test_fake_clock_delay (void)
{
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (64 * 1024 * 1024,
                                                                31 * G_USEC_PER_SEC);
  const gint64 delay = 5 * G_USEC_PER_SEC;

  for (guint k = 0; k < 600; k++)   /* 20 s of video */
    {
      g_autoptr(GBytes) f = make_frame (k, 1000);

      g_assert_true (proprio_delay_buffer_push (buf, t_of (k), f));
    }
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 600);
  g_assert_cmpint (proprio_delay_buffer_get_span_us (buf), ==, 599 * (gint64) FRAME_US);

  for (guint k = 0; k < 450; k++)
    {
      gint64 now = t_of (k) + delay;
      gint64 got_t = 0;
      g_autoptr(GBytes) exact = proprio_delay_buffer_lookup (buf, now - delay, &got_t);
      g_autoptr(GBytes) later = proprio_delay_buffer_lookup (buf, now - delay + FRAME_US - 1, NULL);
      g_autoptr(GBytes) before = NULL;

      g_assert_cmpuint (frame_index (exact), ==, k);
      g_assert_cmpint (got_t, ==, t_of (k));
      g_assert_cmpuint (frame_index (later), ==, k);
      if (k > 0)
        {
          before = proprio_delay_buffer_lookup (buf, now - delay - 1, NULL);
          g_assert_cmpuint (frame_index (before), ==, k - 1);
        }
    }

  /* Earlier than the first frame: nothing; later than the last: the last. */
  g_assert_null (proprio_delay_buffer_lookup (buf, T0 - 1, NULL));
  {
    g_autoptr(GBytes) last = proprio_delay_buffer_lookup (buf, G_MAXINT64, NULL);
    g_autoptr(GBytes) oldest = NULL;
    gint64 oldest_t = 0;

    g_assert_cmpuint (frame_index (last), ==, 599);
    oldest = proprio_delay_buffer_get_oldest (buf, &oldest_t);
    g_assert_cmpuint (frame_index (oldest), ==, 0);
    g_assert_cmpint (oldest_t, ==, T0);
  }
}

/* 30 s at 30 fps of 50 kB frames is 45 MB: with a 10 MB budget the oldest go, the rest stay
 * findable, and the bytes never exceed the budget at any point. */
static void
test_budget (void)
{
  const gsize budget = 10 * 1000 * 1000;
  const gsize size = 50 * 1000;
  const gsize cost = size + PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD;
  const guint fit = budget / cost;   /* 199 */
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (budget, 31 * G_USEC_PER_SEC);

  for (guint k = 0; k < 900; k++)
    {
      g_autoptr(GBytes) f = make_frame (k, size);

      g_assert_true (proprio_delay_buffer_push (buf, t_of (k), f));
      g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), <=, budget);
      g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, MIN (k + 1, fit));
    }
  g_assert_cmpuint (fit, ==, 199);
  g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), ==, fit * cost);
  g_assert_cmpuint (proprio_delay_buffer_get_evicted (buf), ==, 900 - fit);
  g_assert_cmpint (proprio_delay_buffer_get_span_us (buf), ==, (gint64) (fit - 1) * FRAME_US);

  /* The oldest kept is frame 900 - 199 = 701; asking earlier finds nothing. */
  {
    g_autoptr(GBytes) first = proprio_delay_buffer_lookup (buf, t_of (701), NULL);

    g_assert_cmpuint (frame_index (first), ==, 701);
    g_assert_null (proprio_delay_buffer_lookup (buf, t_of (700), NULL));
  }

  /* Halving the budget evicts at once. */
  proprio_delay_buffer_set_budget (buf, budget / 2);
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, (budget / 2) / cost);
  g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), <=, budget / 2);
  {
    g_autoptr(GBytes) newest = proprio_delay_buffer_lookup (buf, t_of (899), NULL);

    g_assert_cmpuint (frame_index (newest), ==, 899);
  }

  proprio_delay_buffer_clear (buf);
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 0);
  g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), ==, 0);
  g_assert_null (proprio_delay_buffer_lookup (buf, G_MAXINT64, NULL));
}

/* Frames older than max-age behind the newest go even when the budget has room. */
static void
test_max_age (void)
{
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (64 * 1024 * 1024,
                                                                2 * G_USEC_PER_SEC);

  for (guint k = 0; k < 300; k++)   /* 10 s */
    {
      g_autoptr(GBytes) f = make_frame (k, 100);

      proprio_delay_buffer_push (buf, t_of (k), f);
    }
  /* Kept: t_299 - t_k <= 2 s, i.e. k >= 299 - 60 = 239 (60 frames are 1999980 µs). */
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 61);
  g_assert_cmpuint (proprio_delay_buffer_get_evicted (buf), ==, 0);
  g_assert_cmpint (proprio_delay_buffer_get_span_us (buf), ==, 60 * (gint64) FRAME_US);
  g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), ==,
                    61 * (100 + PROPRIO_DELAY_BUFFER_FRAME_OVERHEAD));
}

static void
test_refusals (void)
{
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (4096, G_USEC_PER_SEC);
  g_autoptr(GBytes) small = make_frame (1, 100);
  g_autoptr(GBytes) huge = make_frame (2, 4096);

  g_assert_true (proprio_delay_buffer_push (buf, 1000, small));
  /* Going back in time would break the ordering lookups rely on. */
  g_assert_false (proprio_delay_buffer_push (buf, 999, small));
  /* Equal times are fine: two frames of the same instant, the later one wins a lookup. */
  {
    g_autoptr(GBytes) other = make_frame (7, 100);
    g_autoptr(GBytes) got = NULL;

    g_assert_true (proprio_delay_buffer_push (buf, 1000, other));
    got = proprio_delay_buffer_lookup (buf, 1000, NULL);
    g_assert_cmpuint (frame_index (got), ==, 7);
  }
  /* Bigger than the whole budget (4096 + overhead): refused, and nothing else evicted. */
  g_assert_false (proprio_delay_buffer_push (buf, 2000, huge));
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 2);
}

/* Growth and wrap-around of the circular index keep the order: push, evict by age, push more
 * than the initial capacity, and check every lookup. */
static void
test_wraparound (void)
{
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (64 * 1024 * 1024,
                                                                100 * (gint64) FRAME_US);

  for (guint k = 0; k < 5000; k++)
    {
      g_autoptr(GBytes) f = make_frame (k, 8);

      g_assert_true (proprio_delay_buffer_push (buf, t_of (k), f));
      if (k % 37 == 0)
        {
          guint lo = k >= 100 ? k - 100 : 0;

          for (guint j = lo; j <= k; j++)
            {
              g_autoptr(GBytes) got = proprio_delay_buffer_lookup (buf, t_of (j) + 5, NULL);

              g_assert_cmpuint (frame_index (got), ==, j);
            }
        }
    }
  g_assert_cmpuint (proprio_delay_buffer_get_n_frames (buf), ==, 101);
}

/* One thread pushes while another looks up: no torn reads, lookups stay ordered. */
typedef struct
{
  ProprioDelayBuffer *buf;
  guint               n;
} PushJob;

static gpointer
pusher (gpointer data)
{
  PushJob *job = data;

  for (guint k = 0; k < job->n; k++)
    {
      g_autoptr(GBytes) f = make_frame (k, 64);

      proprio_delay_buffer_push (job->buf, t_of (k), f);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(ProprioDelayBuffer) buf = proprio_delay_buffer_new (256 * 1024, G_MAXINT64 / 2);
  PushJob job = { buf, 20000 };
  GThread *thread = g_thread_new ("pusher", pusher, &job);
  guint last = 0;

  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GBytes) got = proprio_delay_buffer_lookup (buf, G_MAXINT64, NULL);

      if (got != NULL)
        {
          guint k = frame_index (got);

          g_assert_cmpuint (k, >=, last);
          last = k;
        }
      g_assert_cmpuint (proprio_delay_buffer_get_bytes (buf), <=, 256 * 1024);
    }
  g_thread_join (thread);
  {
    g_autoptr(GBytes) got = proprio_delay_buffer_lookup (buf, G_MAXINT64, NULL);

    g_assert_cmpuint (frame_index (got), ==, 19999);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delay-buffer/fake-clock-frame-k-at-t-plus-delay", test_fake_clock_delay);
  g_test_add_func ("/delay-buffer/budget-evicts-oldest", test_budget);
  g_test_add_func ("/delay-buffer/max-age-evicts", test_max_age);
  g_test_add_func ("/delay-buffer/refuses-backwards-and-oversized", test_refusals);
  g_test_add_func ("/delay-buffer/wraparound-keeps-order", test_wraparound);
  g_test_add_func ("/delay-buffer/push-and-lookup-threads", test_threads);

  return g_test_run ();
}
