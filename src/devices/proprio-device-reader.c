/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-device"

#include "config.h"

#include <glib/gi18n.h>
#include <poll.h>

#include "core/proprio-clock.h"
#include "proprio-device-private.h"
#include "proprio-simulator.h"
#include "proprio-transport.h"

/* The reader thread: open → start → read/decode/push, and when a device that was streaming
 * vanishes, wait for the same path to come back. */

#define READ_TIMEOUT_MS      100
#define RETRY_INTERVAL_MS    500
/* A streaming device silent this long is treated as unplugged. */
#define SILENCE_US           (1 * G_USEC_PER_SEC)
/* After opening, the first sample must come within this time. */
#define FIRST_SAMPLE_US      (3 * G_USEC_PER_SEC)
/* The Cyton needs up to ~1 s for its soft-reset banner. */
#define REPLY_TIMEOUT_US     (3 * G_USEC_PER_SEC)
#define WRITE_TIMEOUT_MS     500
#define READ_BUFFER_SIZE     4096
/* The shortest sample on the wire is a one-digit line ("1\n"), so one read decodes at most half
 * its size in samples, plus one held back from the read before (a "lines" stream learning its
 * channels). More still works: flush_pending() then runs more than once per read. */
#define MAX_SAMPLES_PER_READ (READ_BUFFER_SIZE / 2 + 1)

typedef enum
{
  CONNECTION_CANCELLED,
  CONNECTION_LOST,      /* was streaming, then vanished or fell silent */
  CONNECTION_FAILED,    /* never got going: no reply, no samples */
} ConnectionEnd;

typedef struct
{
  ProprioDevice *self;
  gboolean       channels_published;
  gint64         last_t_us;      /* time given to the newest sample pushed so far */
  ProprioSample *pending;        /* samples decoded from this read, not pushed yet */
  gint64        *arrivals;       /* their arrival times, for the health figures */
  guint          n_pending;
  guint          n_pushed;       /* samples pushed since the last read began */
} FeedState;

/* Everything one read() returns arrived at one instant, but was sampled over the time since the
 * previous sample (a USB adapter or the OS delivers bursts). Spread such samples back evenly over
 * that interval, at most one sample period apart, so times strictly increase and velocities stay
 * meaningful; the newest keeps its arrival time. Samples whose protocol gave them an earlier time
 * of their own (a line held back until the next one confirmed it) keep theirs. */
static void
flush_pending (FeedState *feed)
{
  ProprioDeviceHealth health;
  double period_us = 0, step_us;
  gint64 arrival, span;
  guint n = feed->n_pending;

  if (n == 0)
    {
      /* Still publish the protocol's counters: skipped lines matter when nothing decodes. */
      proprio_device_note_feed (feed->self, NULL, 0);
      return;
    }

  proprio_device_get_health (feed->self, &health);
  if (health.rate_hz > 0)
    period_us = 1e6 / health.rate_hz;

  arrival = feed->pending[n - 1].t_us;
  span = feed->last_t_us > 0 ? arrival - feed->last_t_us : 0;
  step_us = span > 0 ? (double) span / n : period_us;
  if (period_us > 0 && step_us > period_us)
    step_us = period_us;

  for (guint i = 0; i < n; i++)
    {
      ProprioSample *sample = &feed->pending[i];
      gint64 t = sample->t_us;

      feed->arrivals[i] = t;
      if (t == arrival)
        t = arrival - (gint64) ((double) (n - 1 - i) * step_us + 0.5);
      if (t <= feed->last_t_us)
        t = feed->last_t_us + 1;
      sample->t_us = t;
      feed->last_t_us = t;
      proprio_ring_push (feed->self->ring, sample);
    }
  proprio_device_note_feed (feed->self, feed->arrivals, n);
  feed->n_pushed += n;
  feed->n_pending = 0;
}

static void
push_sample (const ProprioSample *sample,
             gpointer             user_data)
{
  FeedState *feed = user_data;

  if (!feed->channels_published)
    feed->channels_published = proprio_device_publish_channels (feed->self);
  if (feed->n_pending == MAX_SAMPLES_PER_READ)
    flush_pending (feed);
  feed->pending[feed->n_pending++] = *sample;
}

static void
ignore_sample (const ProprioSample *sample,
               gpointer             user_data)
{
}

/* Sleeps `ms`, or less if cancelled. Returns FALSE when cancelled. */
static gboolean
wait_or_cancel (GCancellable *cancellable,
                int           ms)
{
  GPollFD fd;

  if (!g_cancellable_make_pollfd (cancellable, &fd))
    {
      g_usleep ((gulong) ms * 1000);
      return !g_cancellable_is_cancelled (cancellable);
    }
  g_poll (&fd, 1, ms);
  g_cancellable_release_fd (cancellable);
  return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
send_command (ProprioTransport  *transport,
              GBytes            *command,
              GError           **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (command, &len);

  return proprio_transport_write_all (transport, data, len, WRITE_TIMEOUT_MS, error);
}

/* Cyton-style reset: send it and wait for a complete reply ("…$$$"). */
static gboolean
reset_device (ProprioDeviceReader  *reader,
              ProprioTransport     *transport,
              GBytes               *command,
              GError              **error)
{
  ProprioDevice *self = reader->self;
  guint64 replies_before = proprio_protocol_get_stats (self->protocol)->replies;
  gint64 deadline;
  guint8 buf[512];

  if (!send_command (transport, command, error))
    return FALSE;

  deadline = g_get_monotonic_time () + REPLY_TIMEOUT_US;
  while (g_get_monotonic_time () < deadline)
    {
      gssize n = proprio_transport_read (transport, buf, sizeof buf, READ_TIMEOUT_MS,
                                         reader->cancellable, error);

      if (n < 0)
        return FALSE;
      if (g_cancellable_is_cancelled (reader->cancellable))
        return TRUE;
      proprio_protocol_feed (self->protocol, buf, (gsize) n, proprio_clock_now_us (),
                             ignore_sample, NULL);
      if (proprio_protocol_get_stats (self->protocol)->replies > replies_before)
        return TRUE;
    }

  g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_NO_ANSWER,
               _("%s does not answer. Check that the board is switched on, its dongle plugged "
                 "in and set to the right channel, and that the protocol is right."),
               self->label);
  return FALSE;
}

/* `feed` lives as long as the reader thread: sample times keep increasing across reconnects. */
static ConnectionEnd
run_connection (ProprioDeviceReader  *reader,
                ProprioTransport     *transport,
                FeedState            *feed,
                gboolean              is_reconnect,
                gboolean             *streamed,
                GError              **error)
{
  ProprioDevice *self = reader->self;
  g_autofree char *notice = NULL;
  g_autoptr(GBytes) start = NULL;
  g_autoptr(GBytes) reset = NULL;
  gint64 opened_us, last_sample_us = 0;
  guint8 buf[READ_BUFFER_SIZE];

  *streamed = FALSE;
  /* Whatever arrived while nobody listened is stale; a half frame from before is worse. */
  proprio_transport_discard_input (transport);
  proprio_protocol_reset (self->protocol);

  reset = proprio_protocol_get_reset_command (self->protocol);
  if (reset != NULL && !reset_device (reader, transport, reset, error))
    return CONNECTION_FAILED;
  start = proprio_protocol_get_start_command (self->protocol);
  if (start != NULL && !send_command (transport, start, error))
    return CONNECTION_FAILED;

  if (!self->simulated)
    notice = proprio_transport_check_latency_timer (self->spec->path, NULL);

  opened_us = g_get_monotonic_time ();
  while (!g_cancellable_is_cancelled (reader->cancellable))
    {
      gssize n = proprio_transport_read (transport, buf, sizeof buf, READ_TIMEOUT_MS,
                                         reader->cancellable, error);
      gint64 now = proprio_clock_now_us ();

      if (n < 0)
        return *streamed ? CONNECTION_LOST : CONNECTION_FAILED;

      if (n > 0)
        {
          /* One arrival time for everything in this read: the bytes came together
           * (flush_pending() spreads them back for the samples' own times). */
          feed->n_pushed = 0;
          proprio_protocol_feed (self->protocol, buf, (gsize) n, now, push_sample, feed);
          flush_pending (feed);
          if (feed->n_pushed > 0)
            {
              last_sample_us = now;
              if (!*streamed)
                {
                  *streamed = TRUE;
                  if (is_reconnect)
                    proprio_device_note_reconnect (self);
                  proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_STREAMING,
                                             notice);
                }
            }
        }

      if (*streamed && now - last_sample_us > SILENCE_US)
        {
          g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_LOST,
                       _("%s stopped sending data"), self->label);
          return CONNECTION_LOST;
        }
      if (!*streamed && now - opened_us > FIRST_SAMPLE_US)
        {
          g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_NO_ANSWER,
                       _("%s is connected but sends nothing that reads as %s data. Check the "
                         "protocol and the baud rate (%u)."),
                       self->label, self->spec->protocol, self->spec->baud);
          return CONNECTION_FAILED;
        }
    }

  /* Asked to stop: leave the device quiet for the next program (Cyton: "s"). */
  {
    g_autoptr(GBytes) stop = proprio_protocol_get_stop_command (self->protocol);

    if (stop != NULL)
      send_command (transport, stop, NULL);
  }
  return CONNECTION_CANCELLED;
}

gpointer
proprio_device_reader_thread (gpointer data)
{
  g_autofree ProprioDeviceReader *reader = data;
  ProprioDevice *self = reader->self;
  g_autoptr(ProprioSimulator) simulator = NULL;
  g_autofree ProprioSample *pending = g_new (ProprioSample, MAX_SAMPLES_PER_READ);
  g_autofree gint64 *arrivals = g_new (gint64, MAX_SAMPLES_PER_READ);
  FeedState feed = { .self = self, .pending = pending, .arrivals = arrivals };
  gboolean ever_streamed = FALSE, waiting = FALSE;
  const char *path = self->spec->path;

  if (reader->previous != NULL)
    g_thread_join (g_steal_pointer (&reader->previous));

  if (self->simulated)
    {
      g_autoptr(GError) error = NULL;

      simulator = proprio_simulator_new (self->sim_kind, self->sim_rate_hz, self->sim_seed);
      if (!proprio_simulator_start (simulator, &error))
        {
          proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                     error->message);
          g_object_unref (reader->cancellable);
          return NULL;
        }
      path = proprio_simulator_get_path (simulator);
    }

  while (!g_cancellable_is_cancelled (reader->cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioTransport) transport = NULL;
      ConnectionEnd end;
      gboolean streamed = FALSE;

      transport = proprio_transport_open (path, self->spec->baud, &error);
      if (transport == NULL)
        {
          if (!ever_streamed)
            {
              proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                         error->message);
              break;
            }
          /* Still unplugged: look again shortly, quietly. */
          wait_or_cancel (reader->cancellable, RETRY_INTERVAL_MS);
          continue;
        }

      if (waiting)
        {
          proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_CONNECTING, NULL);
          waiting = FALSE;
        }

      end = run_connection (reader, transport, &feed, ever_streamed, &streamed, &error);
      g_clear_pointer (&transport, proprio_transport_close);
      ever_streamed |= streamed;

      if (end == CONNECTION_CANCELLED)
        break;
      if (!ever_streamed)
        {
          proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                     error != NULL ? error->message : NULL);
          break;
        }

      if (error != NULL)
        g_debug ("%s: %s", self->label, error->message);
      {
        g_autofree char *message =
          g_strdup_printf (_("%s was unplugged or stopped answering. Waiting for it to come back…"),
                           self->label);

        proprio_device_post_state (self, reader->generation, PROPRIO_DEVICE_STATE_DISCONNECTED,
                                   message);
      }
      waiting = TRUE;
      wait_or_cancel (reader->cancellable, RETRY_INTERVAL_MS);
    }

  if (simulator != NULL)
    proprio_simulator_stop (simulator);
  g_object_unref (reader->cancellable);
  return NULL;
}
