/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "core/proprio-ring.h"
#include "core/proprio-sample.h"
#include "core/proprio-sample-stage.h"
#include "core/proprio-stream.h"
#include "proprio-simulator-signals.h"

G_BEGIN_DECLS

/* One data source, made from a device spec ("sim:balance", "/dev/ttyACM0?protocol=cyton"): a
 * reader thread reads the port, decodes it and pushes timestamped samples into the ring. Samples
 * stay in the ring across disconnects. If a streaming device vanishes, the device says so and
 * reconnects by itself when the same path returns, or the same USB adapter (by serial number, or
 * VID:PID) under another path. Simulators run behind a real pseudo-terminal, so they take exactly
 * the path hardware takes.
 *
 * "state" and "message" are notified on the GMainContext that was thread-default when the device
 * was made (the GUI's main thread), never from the reader thread; the getters return what the
 * last notification announced. */

typedef enum
{
  PROPRIO_DEVICE_STATE_DISCONNECTED,  /* not connected; may be waiting for an unplugged device to return */
  PROPRIO_DEVICE_STATE_CONNECTING,    /* opening, starting, waiting for the first sample (a
                                       * silent device gets a message and is still listened to) */
  PROPRIO_DEVICE_STATE_STREAMING,     /* samples are arriving */
  PROPRIO_DEVICE_STATE_ERROR,         /* gave up; the message says why; connect() tries again */
} ProprioDeviceState;

#define PROPRIO_TYPE_DEVICE_STATE (proprio_device_state_get_type ())
GType proprio_device_state_get_type (void) G_GNUC_CONST;

#define PROPRIO_DEVICE_ERROR (proprio_device_error_quark ())

typedef enum
{
  PROPRIO_DEVICE_ERROR_INVALID,    /* the spec or its options are invalid */
  PROPRIO_DEVICE_ERROR_NO_ANSWER,  /* the device does not reply or sends no usable data */
  PROPRIO_DEVICE_ERROR_LOST,       /* a streaming device fell silent */
} ProprioDeviceError;

typedef struct
{
  guint64 samples;          /* decoded samples since the device was made */
  double  rate_hz;          /* over the last ~2 s; 0 when nothing arrives */
  double  jitter_ms;        /* standard deviation of the time between samples, last ~2 s */
  guint64 lost;             /* samples known missing (gaps in a sample counter) */
  guint64 discarded_bytes;  /* bytes skipped while resynchronising */
  guint64 skipped_lines;    /* text lines that were not samples */
  guint64 ring_overflows;   /* samples readers lost because they fell behind (reported by them) */
  guint   reconnects;       /* times the device came back after being unplugged */
  gint64  last_sample_us;   /* arrival time of the newest sample, 0 when none */
} ProprioDeviceHealth;

#define PROPRIO_TYPE_DEVICE (proprio_device_get_type ())
G_DECLARE_FINAL_TYPE (ProprioDevice, proprio_device, PROPRIO, DEVICE, GObject)

GQuark                    proprio_device_error_quark        (void);

/* Validates the spec and the protocol's options now, so a typo fails here, not on connect. */
ProprioDevice            *proprio_device_new                (const char          *spec,
                                                             GError             **error);

const char               *proprio_device_get_spec           (ProprioDevice       *self);
/* "Simulated balance board", "/dev/ttyACM0 · balance". */
const char               *proprio_device_get_label          (ProprioDevice       *self);
gboolean                  proprio_device_is_simulated       (ProprioDevice       *self);
const char               *proprio_device_get_protocol_name  (ProprioDevice       *self);

/* Neither blocks, nor does dropping the last reference: the work happens on the reader thread,
 * which winds down by itself (sending the device's stop command). connect() while connected does
 * nothing; disconnect() also stops waiting for an unplugged device to return. */
void                      proprio_device_connect            (ProprioDevice       *self);
void                      proprio_device_disconnect         (ProprioDevice       *self);

ProprioDeviceState        proprio_device_get_state          (ProprioDevice       *self);
/* The last error or notice, translated, or NULL. */
const char               *proprio_device_get_message        (ProprioDevice       *self);
/* Safe from any thread. */
void                      proprio_device_get_health         (ProprioDevice       *self,
                                                             ProprioDeviceHealth *out);
/* Readers that find samples overwritten (ProprioRingCursor.dropped grew) report it here, so the
 * health shows it. Safe from any thread. */
void                      proprio_device_add_ring_overflows (ProprioDevice       *self,
                                                             guint64              n);

ProprioRing              *proprio_device_get_ring           (ProprioDevice       *self);
/* The channels of the samples: the protocol's, or the stage's output for them. A "lines" device
 * without a channels option learns them from its first lines, so this is 0 until the first
 * sample; only proprio_device_set_stage() changes it after that. Pointers stay valid as long as
 * the device. */
guint                     proprio_device_get_n_channels     (ProprioDevice       *self);
const ProprioChannelInfo *proprio_device_get_channel        (ProprioDevice       *self,
                                                             guint                index);
/* For a simulator: what the exercise on screen asks of the simulated patient, so a demo shows
 * what it is for (proprio-simulator-signals.h). Ignored by real devices. Safe to call often: only
 * a change reaches the simulator. */
void                      proprio_device_set_sim_intent     (ProprioDevice          *self,
                                                             const ProprioSimIntent *intent);

/* What the device streams (core/proprio-stream.h). A "lines" device that learns its channels from
 * the data is GENERIC until its first sample. */
ProprioStreamKind         proprio_device_get_stream_kind    (ProprioDevice       *self);

/* Runs every decoded sample through `stage` (or none: NULL) on the reader thread before it is
 * pushed; the channel list becomes the stage's output layout. Only while not connected. */
void                      proprio_device_set_stage          (ProprioDevice       *self,
                                                             ProprioSampleStage  *stage);

/* Waits up to `timeout_ms` for the reader threads of disconnected or freed devices to finish
 * (stop commands sent, simulators stopped), e.g. before the program exits. TRUE when none is
 * left. */
gboolean                  proprio_device_wait_for_readers   (guint                timeout_ms);

G_END_DECLS
