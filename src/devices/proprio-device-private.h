/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "proprio-device.h"
#include "proprio-device-spec.h"
#include "proprio-protocol.h"
#include "proprio-simulator-signals.h"

G_BEGIN_DECLS

/* proprio-device.c holds the object and its main-thread side; proprio-device-reader.c the reader
 * thread. The thread only borrows the device: dispose() stops and joins it before anything it
 * uses goes away. */

/* Arrival times kept for the rate and jitter figures: 2 s at up to 2 kHz. */
#define PROPRIO_DEVICE_ARRIVALS 4096
#define PROPRIO_DEVICE_HEALTH_WINDOW_US (2 * G_USEC_PER_SEC)

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
  ProprioRing        *ring;
  ProprioStreamKind   stream_kind;   /* fixed by the protocol, or GENERIC: the channels decide */

  /* Used only by the reader thread once connected (one reader at a time). */
  ProprioProtocol    *protocol;

  /* Main thread only. */
  GMainContext       *context;
  GSource            *update_source;
  ProprioDeviceState  state;
  char               *message;
  guint               generation;   /* bumped by connect() and disconnect(): older news is stale */
  gboolean            active;       /* a connection is wanted */
  GThread            *thread;
  GCancellable       *cancellable;

  /* Shared with the reader thread, under `lock`. */
  GMutex              lock;
  GQueue              updates;      /* of StateUpdate, for the main context */
  ProprioDeviceHealth counters;     /* samples, lost, discarded, skipped, overflows, reconnects */
  gint64              arrivals[PROPRIO_DEVICE_ARRIVALS];
  guint               n_arrivals;
  guint               arrivals_head;
  guint               n_channels;
  ProprioChannelInfo  channels[PROPRIO_MAX_CHANNELS];
  char               *channel_strings[PROPRIO_MAX_CHANNELS][3];
};

typedef struct
{
  ProprioDevice *self;
  GCancellable  *cancellable;
  guint          generation;
  GThread       *previous;   /* the last reader, joined before this one touches the port */
} ProprioDeviceReader;

gpointer proprio_device_reader_thread (gpointer                 data);

/* From the reader thread: queue a state change for the main context. */
void     proprio_device_post_state    (ProprioDevice          *self,
                                       guint                   generation,
                                       ProprioDeviceState      state,
                                       const char             *message);
/* From the reader thread, after each protocol feed: `n` samples were pushed at these times. Also
 * takes the protocol's statistics. */
void     proprio_device_note_feed     (ProprioDevice          *self,
                                       const gint64           *t_us,
                                       guint                   n);
void     proprio_device_note_reconnect (ProprioDevice         *self);
/* Copies the protocol's channels for other threads once it has any; TRUE when published. Called
 * before the first sample is pushed, so a sample in the ring always has its channels known. */
gboolean proprio_device_publish_channels (ProprioDevice       *self);

G_END_DECLS
