/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "proprio-test-events.h"

static void
on_event (ProprioExercise      *exercise,
          ProprioExerciseEvent  event,
          gint64                t_us,
          ProprioTestEvents    *events)
{
  g_array_append_val (events->kinds, event);
  g_array_append_val (events->times, t_us);
}

void
proprio_test_events_init (ProprioTestEvents *events,
                          ProprioExercise   *exercise)
{
  events->kinds = g_array_new (FALSE, FALSE, sizeof (ProprioExerciseEvent));
  events->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (exercise, "event", G_CALLBACK (on_event), events);
}

void
proprio_test_events_clear (ProprioTestEvents *events)
{
  g_array_unref (events->kinds);
  g_array_unref (events->times);
}

guint
proprio_test_events_count (ProprioTestEvents    *events,
                           ProprioExerciseEvent  kind)
{
  guint n = 0;

  for (guint i = 0; i < events->kinds->len; i++)
    n += g_array_index (events->kinds, ProprioExerciseEvent, i) == kind;
  return n;
}

gint64
proprio_test_events_first (ProprioTestEvents    *events,
                           ProprioExerciseEvent  kind)
{
  for (guint i = 0; i < events->kinds->len; i++)
    if (g_array_index (events->kinds, ProprioExerciseEvent, i) == kind)
      return g_array_index (events->times, gint64, i);
  return -1;
}
