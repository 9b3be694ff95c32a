/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The station's pacer on the real monotonic clock: its timer delivers every event once, in
 * order, never before it is due; the pacer runs with or without an exercise. */
#include "config.h"

#include "core/proprio-clock.h"
#include "station/proprio-station.h"

typedef struct
{
  GArray *events;     /* ProprioPacerEvent */
  GArray *heard_us;   /* gint64: the clock when each arrived */
} Heard;

static void
event_cb (ProprioPacer            *pacer,
          const ProprioPacerEvent *event,
          Heard                   *heard)
{
  gint64 now = proprio_clock_now_us ();

  g_array_append_val (heard->events, *event);
  g_array_append_val (heard->heard_us, now);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_for_events (Heard *heard,
                 guint  n,
                 guint  timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!timed_out && heard->events->len < n)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return heard->events->len >= n;
}

static void
test_station_ticks_pacer (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  ProprioPacer *pacer = proprio_station_get_pacer (station);
  /* 1.5 s in, 1 s out, twice: PHASE, SECOND, PHASE, PHASE, SECOND, PHASE, DONE. */
  ProprioPacerPattern p = { PROPRIO_PACER_BREATH, { 1500000, 0, 1000000, 0 }, 2, 0 };
  Heard heard = { g_array_new (FALSE, FALSE, sizeof (ProprioPacerEvent)),
                  g_array_new (FALSE, FALSE, sizeof (gint64)) };
  static const ProprioPacerEventKind kinds[] = {
    PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_EVENT_PHASE,
    PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_EVENT_PHASE,
    PROPRIO_PACER_EVENT_DONE,
  };
  static const gint64 due[] = { 0, 1000000, 1500000, 2500000, 3500000, 4000000, 5000000 };
  gint64 t0;

  g_assert_nonnull (pacer);
  g_assert_true (proprio_station_get_pacer (station) == pacer);
  g_assert_false (proprio_station_is_running (station));
  g_assert_true (proprio_pacer_set_pattern (pacer, &p, NULL, NULL));
  g_signal_connect (pacer, "event", G_CALLBACK (event_cb), &heard);

  t0 = proprio_clock_now_us ();
  proprio_pacer_start (pacer, t0);
  g_assert_true (wait_for_events (&heard, G_N_ELEMENTS (kinds), 20000));
  g_assert_cmpuint (heard.events->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < heard.events->len; i++)
    {
      const ProprioPacerEvent *e = &g_array_index (heard.events, ProprioPacerEvent, i);
      gint64 at = g_array_index (heard.heard_us, gint64, i);

      g_assert_cmpint (e->kind, ==, kinds[i]);
      g_assert_cmpint (e->t_us, ==, t0 + due[i]);
      /* Never early; late only by what a busy machine adds to a timer. */
      g_assert_cmpint (at, >=, e->t_us);
      g_assert_cmpint (at - e->t_us, <, G_USEC_PER_SEC);
    }
  g_assert_cmpint (proprio_pacer_get_status (pacer), ==, PROPRIO_PACER_DONE);
  g_assert_false (proprio_station_is_running (station));

  g_array_unref (heard.events);
  g_array_unref (heard.heard_us);
}

/* Disposing the station stops its pacer: no timer outlives it. */
static void
test_station_dispose_stops_pacer (void)
{
  ProprioStation *station = proprio_station_new ();
  g_autoptr(ProprioPacer) pacer = g_object_ref (proprio_station_get_pacer (station));

  proprio_pacer_start (pacer, proprio_clock_now_us ());
  g_assert_true (proprio_pacer_is_running (pacer));
  g_object_run_dispose (G_OBJECT (station));
  g_assert_false (proprio_pacer_is_running (pacer));
  g_assert_null (proprio_station_get_pacer (station));
  g_object_unref (station);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/station-pacer/timer-delivers-events-on-time", test_station_ticks_pacer);
  g_test_add_func ("/station-pacer/dispose-stops-pacer", test_station_dispose_stops_pacer);

  return g_test_run ();
}
