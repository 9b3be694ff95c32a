/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-station"

#include "config.h"

#include "core/proprio-clock.h"

#include "proprio-station-private.h"

/* The station's one pacer, and the timer that ticks it: it wakes exactly when the next event
 * is due (each second, each phase change), not on a fixed period, so a cue is at most a
 * millisecond late and an idle pacer costs nothing. The views read the pacer's state on their
 * own frame clocks; only the events (the sounds) need this timer. */
struct _ProprioStationPacer
{
  ProprioPacer *pacer;
  guint         timer_id;
  gulong        changed_id;
};

static void schedule (ProprioStationPacer *self);

static gboolean
timer_cb (gpointer user_data)
{
  ProprioStationPacer *self = user_data;

  self->timer_id = 0;
  proprio_pacer_tick (self->pacer, proprio_clock_now_us ());
  /* The events may have stopped or restarted it, which scheduled already. */
  if (self->timer_id == 0)
    schedule (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (ProprioStationPacer *self)
{
  gint64 next, wait_us;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  next = proprio_pacer_get_next_event_us (self->pacer);
  if (next == G_MAXINT64)
    return;
  /* Rounded up: a timer that fires a little early would only find nothing due. */
  wait_us = MAX (next - proprio_clock_now_us (), 0);
  self->timer_id = g_timeout_add_full (G_PRIORITY_HIGH, (guint) ((wait_us + 999) / 1000),
                                       timer_cb, self, NULL);
}

static void
changed_cb (ProprioPacer        *pacer,
            ProprioStationPacer *self)
{
  schedule (self);
}

ProprioStationPacer *
_proprio_station_pacer_new (void)
{
  ProprioStationPacer *self = g_new0 (ProprioStationPacer, 1);

  self->pacer = proprio_pacer_new ();
  self->changed_id = g_signal_connect (self->pacer, "changed", G_CALLBACK (changed_cb), self);
  return self;
}

void
_proprio_station_pacer_free (ProprioStationPacer *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->pacer);
  proprio_pacer_stop (self->pacer);
  g_clear_object (&self->pacer);
  g_free (self);
}

ProprioPacer *
_proprio_station_pacer_get (ProprioStationPacer *self)
{
  return self->pacer;
}
