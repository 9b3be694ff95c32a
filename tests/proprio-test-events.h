/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "exercises/proprio-exercise.h"

G_BEGIN_DECLS

/* Records every "event" an exercise emits, with its time, for the engines' tests. */
typedef struct
{
  GArray *kinds;  /* ProprioExerciseEvent */
  GArray *times;  /* gint64, µs */
} ProprioTestEvents;

void   proprio_test_events_init  (ProprioTestEvents    *events,
                                  ProprioExercise      *exercise);
void   proprio_test_events_clear (ProprioTestEvents    *events);
guint  proprio_test_events_count (ProprioTestEvents    *events,
                                  ProprioExerciseEvent  kind);
/* The time of the first event of `kind`, or -1. */
gint64 proprio_test_events_first (ProprioTestEvents    *events,
                                  ProprioExerciseEvent  kind);

G_END_DECLS
