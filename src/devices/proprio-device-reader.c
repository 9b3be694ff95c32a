/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-device"

#include "config.h"

#include <glib/gi18n.h>
#include <poll.h>

#include "core/proprio-clock.h"
#include "proprio-device-private.h"
#include "proprio-port-list.h"
#include "proprio-simulator.h"
#include "proprio-transport.h"

/* The reader thread: open → start → read/decode/stage/push, and when a device that was streaming
 * vanishes, wait for it to come back: at the same path, or as the same USB adapter elsewhere. */

#define READ_TIMEOUT_MS      100
#define RETRY_INTERVAL_MS    500
/* A streaming device silent this long is treated as unplugged. */
#define SILENCE_US           (1 * G_USEC_PER_SEC)
/* After opening, a device silent this long gets a notice (we keep listening: it may be switched
 * on later). */
#define FIRST_SAMPLE_US      (3 * G_USEC_PER_SEC)
/* The Cyton streams at 250 Hz unless told otherwise. */
#define CYTON_RATE_HZ        250.0
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
  CONNECTION_FAILED,    /* never got going: the port failed before any sample */
} ConnectionEnd;

/* How often a port's measured sample period is taken again from the health figures. */
#define PERIOD_CHECK_US (250 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  ProprioDeviceCore  *core;
  ProprioSampleStage *stage;           /* NULL for none */
  gboolean            channels_published;
  gint64              last_t_us;       /* time given to the newest sample pushed so far */
  gint64              opened_us;       /* when this connection's port was opened */
  gint64              stream_start_us; /* arrival of this connection's first sample, 0 before */
  gboolean            reconnected;     /* this connection follows an unplug */
  gboolean            after_gap;       /* the next sample pushed follows a gap */
  double              known_period_us; /* a simulator's, or the protocol's nominal; 0 if none */
  gboolean            period_is_exact; /* known_period_us is the simulator's own pace */
  double              measured_period_us; /* from the rate while streaming, kept across gaps */
  gint64              period_checked_us;  /* arrival when it was last measured, 0 before */
  ProprioSimulator   *simulator;       /* NULL for a port */
  guint               sim_intent_serial; /* the core's intent the simulator has */
  ProprioSample      *pending;         /* samples decoded from this read, not pushed yet */
  gint64             *arrivals;        /* their arrival times, for the health figures */
  guint               n_pending;
  guint               n_pushed;        /* samples pushed since the last read began */
} FeedState;

/* The time between samples to spread a burst with, or 0 when nothing says (then we don't). A
 * simulator knows its pace. For a port, the rate measured while it streamed, but not from a
 * health window that still spans a gap (that would understate it), else the protocol's nominal
 * rate. */
static double
spread_period (FeedState *feed,
               gint64     arrival)
{
  ProprioDeviceHealth health;

  if (feed->period_is_exact)
    return feed->known_period_us;

  /* The health figures walk the last two seconds of arrivals: at a few kHz, once per read would
   * cost more than the parsing. A rate does not change faster than this. */
  if (feed->measured_period_us > 0 && feed->period_checked_us > 0 &&
      arrival - feed->period_checked_us < PERIOD_CHECK_US)
    return feed->measured_period_us;
  feed->period_checked_us = arrival;

  proprio_device_core_get_health (feed->core, &health);
  if (health.rate_hz > 0 &&
      (!feed->reconnected ||
       (feed->stream_start_us > 0 &&
        arrival - feed->stream_start_us >= PROPRIO_DEVICE_HEALTH_WINDOW_US)))
    feed->measured_period_us = 1e6 / health.rate_hz;
  return feed->measured_period_us > 0 ? feed->measured_period_us : feed->known_period_us;
}

/* Everything one read() returns arrived at one instant, but was sampled before (a USB adapter or
 * the OS delivers bursts). Spread such samples back evenly, so times strictly increase and
 * velocities stay meaningful; the newest keeps its arrival time. Never further back than the
 * previous sample or the moment the port was opened, and never more than one sample period
 * apart: after a gap (an unplug, a silence) the first burst stays at its end, so the gap stays
 * visible. With no period known at all the burst is not spread (a microsecond apart). Samples
 * whose protocol gave them an earlier time of their own (a line held back until the next one
 * confirmed it) keep theirs. */
static void
flush_pending (FeedState *feed)
{
  double period_us, step_us = 0.0;
  gint64 arrival, floor_us, span;
  guint n = feed->n_pending;

  if (n == 0)
    {
      /* Still publish the protocol's counters: skipped lines matter when nothing decodes. */
      proprio_device_note_feed (feed->core, NULL, 0);
      return;
    }

  arrival = feed->pending[n - 1].t_us;
  if (feed->stream_start_us == 0)
    feed->stream_start_us = arrival;
  period_us = spread_period (feed, arrival);
  floor_us = MAX (feed->last_t_us, feed->opened_us);
  span = arrival - floor_us;
  if (span > 0)
    step_us = MIN ((double) span / n, period_us > 0 ? period_us : 1.0);

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
      if (feed->after_gap)
        {
          sample->flags |= PROPRIO_SAMPLE_AFTER_GAP;
          feed->after_gap = FALSE;
        }
      if (feed->stage != NULL)
        proprio_sample_stage_process (feed->stage, sample);
      proprio_ring_push (feed->core->ring, sample);
    }
  proprio_device_note_feed (feed->core, feed->arrivals, n);
  feed->n_pushed += n;
  feed->n_pending = 0;
}

static void
push_sample (const ProprioSample *sample,
             gpointer             user_data)
{
  FeedState *feed = user_data;

  if (!feed->channels_published)
    feed->channels_published = proprio_device_publish_channels (feed->core);
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

/* Cyton-style reset: send it and wait for a complete reply ("…$$$"). TRUE when it came (or we
 * were cancelled); NO_ANSWER when it did not come in time. */
static gboolean
reset_device (ProprioDeviceReader  *reader,
              ProprioTransport     *transport,
              GBytes               *command,
              GError              **error)
{
  ProprioDeviceCore *core = reader->core;
  guint64 replies_before = proprio_protocol_get_stats (core->protocol)->replies;
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
      proprio_protocol_feed (core->protocol, buf, (gsize) n, proprio_clock_now_us (),
                             ignore_sample, NULL);
      if (proprio_protocol_get_stats (core->protocol)->replies > replies_before)
        return TRUE;
    }

  g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_NO_ANSWER,
               _("%s does not answer. Check that the board is switched on, its dongle plugged "
                 "in and set to the right channel, and that the protocol is right. Still "
                 "trying…"),
               core->label);
  return FALSE;
}

/* A notice when the port is not the one the spec names: the device came back elsewhere. */
static char *
connection_notice (ProprioDeviceReader *reader,
                   const char          *path)
{
  ProprioDeviceCore *core = reader->core;

  if (reader->simulated)
    return NULL;
  if (core->path != NULL && !g_str_equal (path, core->path))
    return g_strdup_printf (_("%s came back as %s"), core->label, path);
  return proprio_transport_check_latency_timer (path, NULL);
}

/* `feed` lives as long as the reader thread: sample times keep increasing across reconnects.
 * A device that is there but silent, or does not answer its reset, is not given up: it gets a
 * notice and we keep listening (it may be switched on later). */
static ConnectionEnd
run_connection (ProprioDeviceReader  *reader,
                ProprioTransport     *transport,
                const char           *path,
                FeedState            *feed,
                gboolean              is_reconnect,
                gboolean             *streamed,
                GError              **error)
{
  ProprioDeviceCore *core = reader->core;
  g_autofree char *notice = NULL;
  g_autoptr(GBytes) start = NULL;
  g_autoptr(GBytes) reset = NULL;
  gint64 last_sample_us = 0;
  gboolean told = FALSE;
  guint8 buf[READ_BUFFER_SIZE];

  *streamed = FALSE;
  feed->opened_us = proprio_clock_now_us ();
  feed->stream_start_us = 0;
  feed->period_checked_us = 0;
  feed->reconnected = is_reconnect;
  feed->after_gap = is_reconnect;
  /* Whatever arrived while nobody listened is stale; a half frame from before is worse. */
  proprio_transport_discard_input (transport);
  proprio_protocol_reset (core->protocol);
  if (feed->stage != NULL)
    proprio_sample_stage_reset (feed->stage);

  reset = proprio_protocol_get_reset_command (core->protocol);
  while (reset != NULL && !reset_device (reader, transport, reset, error))
    {
      if (!g_error_matches (*error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_NO_ANSWER))
        return CONNECTION_FAILED;
      if (!told)
        proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_CONNECTING,
                                   (*error)->message);
      told = TRUE;
      g_clear_error (error);
    }
  start = proprio_protocol_get_start_command (core->protocol);
  if (start != NULL && !send_command (transport, start, error))
    return CONNECTION_FAILED;

  notice = connection_notice (reader, path);

  while (!g_cancellable_is_cancelled (reader->cancellable))
    {
      gssize n = proprio_transport_read (transport, buf, sizeof buf, READ_TIMEOUT_MS,
                                         reader->cancellable, error);
      gint64 now = proprio_clock_now_us ();

      if (n < 0)
        return *streamed ? CONNECTION_LOST : CONNECTION_FAILED;

      /* The simulated patient follows the exercise: hand on what the station asked. */
      if (feed->simulator != NULL)
        {
          ProprioSimIntent intent;
          gboolean fresh;

          g_mutex_lock (&core->lock);
          fresh = core->sim_intent_serial != feed->sim_intent_serial;
          intent = core->sim_intent;
          feed->sim_intent_serial = core->sim_intent_serial;
          g_mutex_unlock (&core->lock);
          if (fresh)
            proprio_simulator_set_intent (feed->simulator, &intent);
        }

      if (n > 0)
        {
          g_autofree char *fault = NULL;

          /* One arrival time for everything in this read: the bytes came together
           * (flush_pending() spreads them back for the samples' own times). */
          feed->n_pushed = 0;
          proprio_protocol_feed (core->protocol, buf, (gsize) n, now, push_sample, feed);
          flush_pending (feed);
          if (feed->n_pushed > 0)
            {
              last_sample_us = now;
              if (!*streamed)
                {
                  *streamed = TRUE;
                  if (is_reconnect)
                    proprio_device_note_reconnect (core);
                  proprio_device_post_state (core, reader->generation,
                                             PROPRIO_DEVICE_STATE_STREAMING, notice);
                }
            }
          /* A fault the data shows (a broken load cell) is news once. */
          fault = proprio_protocol_take_notice (core->protocol);
          if (fault != NULL)
            {
              proprio_device_post_state (core, reader->generation,
                                         *streamed ? PROPRIO_DEVICE_STATE_STREAMING
                                                   : PROPRIO_DEVICE_STATE_CONNECTING,
                                         fault);
              told = TRUE;
            }
        }

      if (*streamed && now - last_sample_us > SILENCE_US)
        {
          g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_LOST,
                       _("%s stopped sending data"), core->label);
          return CONNECTION_LOST;
        }
      if (!*streamed && !told && now - feed->opened_us > FIRST_SAMPLE_US)
        {
          g_autofree char *message =
            g_strdup_printf (_("%s is connected but sends nothing that reads as %s data. Check "
                               "that it is switched on, the protocol and the baud rate (%u). "
                               "Still listening…"),
                             core->label, core->protocol_name, core->baud);

          proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_CONNECTING,
                                     message);
          told = TRUE;
        }
    }

  /* Asked to stop: leave the device quiet for the next program (Cyton: "s"). */
  {
    g_autoptr(GBytes) stop = proprio_protocol_get_stop_command (core->protocol);

    if (stop != NULL)
      send_command (transport, stop, NULL);
  }
  return CONNECTION_CANCELLED;
}

/* While an unplugged USB adapter is away: the port it is at now, if it came back elsewhere. */
static char *
find_moved_port (const ProprioPortInfo *identity)
{
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(GError) error = NULL;
  const ProprioPortInfo *match;

  if (identity == NULL)
    return NULL;
  ports = proprio_port_list_sync (&error);
  if (ports == NULL)
    {
      g_debug ("%s", error->message);
      return NULL;
    }
  match = proprio_port_list_find_same_device (ports, identity);
  return match != NULL ? g_strdup (match->path) : NULL;
}

static void
run_reader (ProprioDeviceReader *reader)
{
  ProprioDeviceCore *core = reader->core;
  g_autoptr(ProprioSimulator) simulator = NULL;
  g_autoptr(ProprioPortInfo) identity = NULL;
  g_autofree ProprioSample *pending = g_new (ProprioSample, MAX_SAMPLES_PER_READ);
  g_autofree gint64 *arrivals = g_new (gint64, MAX_SAMPLES_PER_READ);
  g_autofree char *path = NULL;
  FeedState feed = { .core = core, .pending = pending, .arrivals = arrivals };
  gboolean ever_streamed = FALSE, waiting = FALSE;

  g_mutex_lock (&core->lock);
  if (core->stage != NULL)
    feed.stage = g_object_ref (core->stage);
  g_mutex_unlock (&core->lock);

  if (reader->simulated)
    {
      g_autoptr(GError) error = NULL;

      simulator = proprio_simulator_new (reader->sim_kind, reader->sim_rate_hz, reader->sim_seed);
      if (!proprio_simulator_start (simulator, &error))
        {
          proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                     error->message);
          g_clear_object (&feed.stage);
          return;
        }
      path = g_strdup (proprio_simulator_get_path (simulator));
      feed.simulator = simulator;
      feed.known_period_us = 1e6 / reader->sim_rate_hz;
      feed.period_is_exact = TRUE;
    }
  else
    {
      path = g_strdup (core->path);
      if (g_strcmp0 (core->protocol_name, "cyton") == 0)
        feed.known_period_us = 1e6 / CYTON_RATE_HZ;
    }

  while (!g_cancellable_is_cancelled (reader->cancellable))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioTransport) transport = NULL;
      ConnectionEnd end;
      gboolean streamed = FALSE;

      transport = proprio_transport_open (path, core->baud, &error);
      if (transport == NULL && ever_streamed)
        {
          /* Not back at its path: a USB adapter may come back under another name. */
          g_autofree char *moved = find_moved_port (identity);

          if (moved != NULL && !g_str_equal (moved, path))
            {
              g_autoptr(GError) moved_error = NULL;

              transport = proprio_transport_open (moved, core->baud, &moved_error);
              if (transport != NULL)
                {
                  g_free (path);
                  path = g_steal_pointer (&moved);
                }
            }
        }
      if (transport == NULL)
        {
          if (!ever_streamed)
            {
              proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                         error->message);
              break;
            }
          /* Still unplugged: look again shortly, quietly. */
          wait_or_cancel (reader->cancellable, RETRY_INTERVAL_MS);
          continue;
        }

      /* Remember who it is while it is here, to know it again if it returns elsewhere. */
      if (identity == NULL && !reader->simulated)
        identity = proprio_port_info_for_path (path);

      if (waiting)
        {
          proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_CONNECTING,
                                     NULL);
          waiting = FALSE;
        }

      end = run_connection (reader, transport, path, &feed, ever_streamed, &streamed, &error);
      g_clear_pointer (&transport, proprio_transport_close);
      ever_streamed |= streamed;

      if (end == CONNECTION_CANCELLED)
        break;
      if (!ever_streamed)
        {
          proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_ERROR,
                                     error != NULL ? error->message : NULL);
          break;
        }

      if (error != NULL)
        g_debug ("%s: %s", core->label, error->message);
      {
        g_autofree char *message =
          g_strdup_printf (_("%s was unplugged or stopped answering. Waiting for it to come back…"),
                           core->label);

        proprio_device_post_state (core, reader->generation, PROPRIO_DEVICE_STATE_DISCONNECTED,
                                   message);
      }
      waiting = TRUE;
      wait_or_cancel (reader->cancellable, RETRY_INTERVAL_MS);
    }

  if (simulator != NULL)
    proprio_simulator_stop (simulator);
  g_clear_object (&feed.stage);
}

gpointer
proprio_device_reader_thread (gpointer data)
{
  ProprioDeviceReader *reader = data;

  /* One reader at a time on the port: the one before may still be sending its stop command. */
  if (reader->previous != NULL)
    g_thread_join (g_steal_pointer (&reader->previous));

  run_reader (reader);

  g_object_unref (reader->cancellable);
  proprio_device_core_unref (reader->core);
  g_free (reader);
  /* Last: whoever waits for the readers may tear down what they used once this is counted. */
  proprio_device_reader_finished ();
  return NULL;
}
