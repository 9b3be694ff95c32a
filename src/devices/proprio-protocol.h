/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "core/proprio-sample.h"
#include "core/proprio-stream.h"

G_BEGIN_DECLS

/* A protocol turns the bytes of one serial stream into timestamped samples. It is pure code: no
 * I/O, no threads, no clocks of its own (the caller passes the arrival time), so tests and fuzzers
 * call it directly. Implementations: "balance", "lines", "cyton".
 *
 * "balance": one text line per sample, four load cells → channels tl, tr, bl, br, total (in kg,
 *   or in counts when units=counts and no gain is given: tl_counts …), cop_x_mm, cop_y_mm.
 *   Plain columns (, ; tab or spaces) or labelled "TL:1,TR:2,BL:3,BR:4" (any case, extra labels
 *   ignored). Options: order=tl,tr,bl,br (column order; t or - skips a column, e.g.
 *   t,tr,tl,br,bl), units=kg|counts, tare=a,b,c,d and gain=a,b,c,d (tl,tr,bl,br order;
 *   value = (raw − tare) × gain; a gain means kg per count), geometry=433x238 (sensor spacing in
 *   mm), min_load=5 (in the output unit; below it PROPRIO_SAMPLE_HAS_COP is clear and the CoP is
 *   NAN), start=, stop= (text to send, C escapes allowed, e.g. start=r). A line with a corner
 *   below −2 kg (loads in kg only) is a fault: skipped, counted, and said once per corner by
 *   proprio_protocol_take_notice() until reset(). A CoP off the board is never HAS_COP.
 * "lines": N numeric columns (plain or labelled), up to PROPRIO_MAX_CHANNELS. Options:
 *   channels=emg1,emg2 (names; labels are matched to them case-insensitively, others ignored),
 *   units=uV or units=uV,deg (one for all or one per channel), start=, stop=. Column names are
 *   "<name>_<unit>" in lower case with a unit, else "<name>". Without channels= (and without a
 *   unit list), the channels are ch1…chN, or the labels, of the first two consecutive lines that
 *   agree — so proprio_protocol_get_n_channels() is 0 until then, and fixed from then on (also
 *   across reset()). The first of those two lines is emitted with its own arrival time.
 * "cyton": OpenBCI Cyton packets; see proprio-cyton-protocol.h. Option: gains=24,…,24 (eight).
 *
 * Text protocols skip and count (skipped_lines) blank lines, # comments, banners, lines that do
 * not have the expected fields, non-finite numbers, and lines over 4096 bytes (those are dropped
 * as they stream by and their bytes are counted in discarded_bytes). */

#define PROPRIO_PROTOCOL_ERROR (proprio_protocol_error_quark ())

typedef enum
{
  PROPRIO_PROTOCOL_ERROR_UNKNOWN,         /* no protocol of that name */
  PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,  /* an option is unknown or its value malformed */
} ProprioProtocolError;

typedef struct
{
  guint64 frames;           /* samples emitted */
  guint64 lost;             /* samples known to be missing (gaps in a sample counter) */
  guint64 discarded_bytes;  /* bytes thrown away while looking for the next frame */
  guint64 skipped_lines;    /* text lines skipped: banners, comments, half lines, NaN, too long */
  guint64 replies;          /* complete command replies seen ("...$$$") */
} ProprioProtocolStats;

typedef void (*ProprioSampleFunc) (const ProprioSample *sample,
                                   gpointer             user_data);

typedef struct _ProprioProtocol ProprioProtocol;

GQuark                    proprio_protocol_error_quark   (void);

/* `options` maps option names to string values (from a device spec's query, or the CLI); NULL
 * means all defaults. Unknown options are an error, so a typo never silently does nothing. */
ProprioProtocol          *proprio_protocol_new           (const char          *name,
                                                          GHashTable          *options,
                                                          GError             **error);
void                      proprio_protocol_free          (ProprioProtocol     *self);
const char               *proprio_protocol_get_name      (ProprioProtocol     *self);

guint                     proprio_protocol_get_n_channels (ProprioProtocol    *self);
const ProprioChannelInfo *proprio_protocol_get_channel   (ProprioProtocol     *self,
                                                          guint                index);
/* What the stream is (core/proprio-stream.h): fixed by "balance" and "cyton"; for "lines" decided
 * by the channels (GENERIC until they are known). */
ProprioStreamKind         proprio_protocol_get_stream_kind (ProprioProtocol   *self);

/* Decode `len` bytes that arrived at `t_us`; calls `func` once per complete sample, in order. */
void                      proprio_protocol_feed          (ProprioProtocol     *self,
                                                          const guint8        *data,
                                                          gsize                len,
                                                          gint64               t_us,
                                                          ProprioSampleFunc    func,
                                                          gpointer             user_data);
/* Forget any partial frame (after a reconnect). Statistics are kept. */
void                      proprio_protocol_reset         (ProprioProtocol     *self);
const ProprioProtocolStats *proprio_protocol_get_stats   (ProprioProtocol     *self);

/* Bytes to send to start / stop streaming, or NULL when the device streams on its own. */
GBytes                   *proprio_protocol_get_start_command (ProprioProtocol *self);
GBytes                   *proprio_protocol_get_stop_command  (ProprioProtocol *self);

/* Bytes that put the device into a known state before starting (Cyton: "v", a soft reset that
 * answers with a banner ending in "$$$"), or NULL when there is no such command. */
GBytes                   *proprio_protocol_get_reset_command (ProprioProtocol *self);
/* The text of the last complete command reply, without its "$$$" and surrounding white space, or
 * NULL when none was seen (only the Cyton protocol has replies). Valid until the next feed(). */
const char               *proprio_protocol_get_last_reply    (ProprioProtocol *self);

/* A fault the data itself shows, translated and said once when it starts (balance: a corner far
 * below zero), or NULL when there is nothing new since the last call. Free it with g_free(). */
char                     *proprio_protocol_take_notice       (ProprioProtocol *self);

/* The names of the available protocols, NULL-terminated, for help texts. */
const char * const       *proprio_protocol_list_names        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioProtocol, proprio_protocol_free)

G_END_DECLS
