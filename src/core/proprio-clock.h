/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one clock of Proprio: CLOCK_MONOTONIC in microseconds. Every sample, video frame and event
 * carries a time from here, so streams recorded by different threads line up. */
static inline gint64
proprio_clock_now_us (void)
{
  return g_get_monotonic_time ();
}

G_END_DECLS
