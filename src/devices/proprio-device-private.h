/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "core/proprio-sample-stage.h"

#include "proprio-device.h"
#include "proprio-device-spec.h"
#include "proprio-protocol.h"
#include "proprio-simulator-signals.h"

G_BEGIN_DECLS

/* proprio-device.c holds the object and its main-thread side; proprio-device-reader.c the reader
 * thread. What the reader uses lives in a ProprioDeviceCore that both hold a reference to, so the
 * reader never borrows the device: disconnect() and dispose() only cancel it and return at once,
 * and the reader winds down (sends the stop command, stops the simulator) on its own. News it
 * posts after the device is gone is dropped. */

/* Arrival times kept for the rate and jitter figures: 2 s at up to 2 kHz. */
#define PROPRIO_DEVICE_ARRIVALS 4096
#define PROPRIO_DEVICE_HEALTH_WINDOW_US (2 * G_USEC_PER_SEC)

typedef struct
{
  gatomicrefcount     ref;

  /* Fixed once the device is made. */
  char               *label;
  char               *path;          /* the port, NULL for a simulator */
  char               *protocol_name;
  guint               baud;
  ProprioRing        *ring;
  ProprioProtocol    *protocol;      /* used by one reader at a time */

  /* Shared between the threads, under `lock`. */
  GMutex              lock;
  GSource            *update_source; /* NULL once the device is gone */
  GQueue              updates;       /* of StateUpdate, for the main context */
  ProprioSampleStage *stage;         /* what the next reader runs samples through */
  ProprioSimIntent    sim_intent;    /* what a simulator is asked to do; see set_sim_intent() */
  guint               sim_intent_serial;
  ProprioDeviceHealth counters;      /* samples, lost, discarded, skipped, overflows, reconnects */
  gint64              arrivals[PROPRIO_DEVICE_ARRIVALS];
  guint               n_arrivals;
  guint               arrivals_head;
  /* The protocol's channels, and what the device publishes: the stage's output layout. */
  guint               n_input;
  ProprioChannelInfo  input[PROPRIO_MAX_CHANNELS];
  guint               n_channels;
  ProprioChannelInfo  channels[PROPRIO_MAX_CHANNELS];
  /* Every string ever handed out in `input` or `channels`: they stay valid as long as the
   * device, even when set_stage() changes the layout. */
  GPtrArray          *strings;
} ProprioDeviceCore;

struct _ProprioDevice
{
  GObject             parent_instance;

  /* Fixed at construction. */
  ProprioDeviceSpec  *spec;
  char               *spec_string;
  char               *label;
  gboolean            simulated;
  ProprioSimKind      sim_kind;
  double              sim_rate_hz;
  guint32             sim_seed;
  ProprioStreamKind   stream_kind;   /* fixed by the protocol, or GENERIC: the channels decide */
  ProprioProtocol    *protocol;      /* until the core takes it over at the end of new() */
  ProprioDeviceCore  *core;

  /* Main thread only. */
  GMainContext       *context;
  ProprioDeviceState  state;
  char               *message;
  guint               generation;   /* bumped by connect() and disconnect(): older news is stale */
  gboolean            active;       /* a connection is wanted */
  GThread            *thread;       /* the newest reader; each reader joins the one before */
  GCancellable       *cancellable;
};

typedef struct
{
  ProprioDeviceCore  *core;          /* a reference of its own */
  GCancellable       *cancellable;   /* a reference of its own */
  guint               generation;
  GThread            *previous;      /* the last reader, joined before this one touches the port */
  gboolean            simulated;
  ProprioSimKind      sim_kind;
  double              sim_rate_hz;
  guint32             sim_seed;
} ProprioDeviceReader;

gpointer proprio_device_reader_thread (gpointer                 data);

ProprioDeviceCore *proprio_device_core_ref   (ProprioDeviceCore *core);
void               proprio_device_core_unref (ProprioDeviceCore *core);

/* From the reader thread: queue a state change for the main context. */
void     proprio_device_post_state    (ProprioDeviceCore      *core,
                                       guint                   generation,
                                       ProprioDeviceState      state,
                                       const char             *message);
/* From the reader thread, after each protocol feed: `n` samples were pushed at these times. Also
 * takes the protocol's statistics. */
void     proprio_device_note_feed     (ProprioDeviceCore      *core,
                                       const gint64           *t_us,
                                       guint                   n);
void     proprio_device_note_reconnect (ProprioDeviceCore     *core);
/* Publishes the protocol's channels, through the stage if there is one, for other threads once
 * the protocol has any; TRUE when published. Called before the first sample is pushed, so a
 * sample in the ring always has its channels known. */
gboolean proprio_device_publish_channels (ProprioDeviceCore   *core);
void     proprio_device_core_get_health (ProprioDeviceCore    *core,
                                         ProprioDeviceHealth  *out);
/* The reader threads still running, for proprio_device_wait_for_readers(). */
void     proprio_device_reader_started  (void);
void     proprio_device_reader_finished (void);

G_END_DECLS
