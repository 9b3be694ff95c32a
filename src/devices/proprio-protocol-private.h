/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "core/proprio-stream.h"

#include "proprio-protocol.h"

G_BEGIN_DECLS

/* What each protocol implements. The base (proprio-protocol.c) owns the channel list, the
 * statistics and the commands, so implementations only decode. */
typedef struct
{
  const char  *name;
  /* The stream kind every instance produces, or GENERIC when the channels decide. */
  ProprioStreamKind kind;
  /* NULL-terminated list of the option names the protocol accepts; checked before init. */
  const char * const *options;
  gboolean   (*init)     (ProprioProtocol *self,
                          GHashTable      *options,
                          GError         **error);
  void       (*finalize) (ProprioProtocol *self);
  void       (*feed)     (ProprioProtocol *self,
                          const guint8    *data,
                          gsize            len,
                          gint64           t_us,
                          ProprioSampleFunc func,
                          gpointer         user_data);
  void       (*reset)    (ProprioProtocol *self);
} ProprioProtocolClass;

struct _ProprioProtocol
{
  const ProprioProtocolClass *klass;
  gpointer                    impl;      /* the implementation's own state */

  ProprioProtocolStats        stats;

  guint                       n_channels;
  ProprioChannelInfo          channels[PROPRIO_MAX_CHANNELS];
  /* Backing storage for the strings in `channels` (name, label, unit per channel). */
  char                       *channel_strings[PROPRIO_MAX_CHANNELS][3];

  GBytes                     *start_command;
  GBytes                     *stop_command;
  GBytes                     *reset_command;
  char                       *last_reply;
  char                       *notice;    /* not yet taken by proprio_protocol_take_notice() */
};

extern const ProprioProtocolClass proprio_balance_protocol_class;
extern const ProprioProtocolClass proprio_lines_protocol_class;
extern const ProprioProtocolClass proprio_cyton_protocol_class;

/* Set channel `index` (< PROPRIO_MAX_CHANNELS); grows n_channels to index + 1 if needed. */
void        proprio_protocol_set_channel (ProprioProtocol *self,
                                          guint            index,
                                          const char      *name,
                                          const char      *label,
                                          const char      *unit);
void        proprio_protocol_set_last_reply (ProprioProtocol *self,
                                             const char      *text,
                                             gsize            len);
/* A fault the data shows, for proprio_protocol_take_notice() (replaces one not yet taken). */
void        proprio_protocol_set_notice     (ProprioProtocol *self,
                                             const char      *text);

/* Option helpers: each sets a PROPRIO_PROTOCOL_ERROR_INVALID_OPTION error that names the
 * protocol, the option and what is allowed. */
gboolean    proprio_protocol_parse_doubles (const char      *protocol,
                                            const char      *option,
                                            const char      *value,
                                            double          *out,
                                            guint            n,
                                            GError         **error);
gboolean    proprio_protocol_parse_command (const char      *protocol,
                                            const char      *option,
                                            const char      *value,
                                            GBytes         **out,
                                            GError         **error);
/* Strict decimal number: optional sign, digits with an optional point, optional exponent; must be
 * finite. `text` need not be NUL-terminated. */
gboolean    proprio_protocol_parse_number  (const char      *text,
                                            gsize            len,
                                            double          *out);

G_END_DECLS
