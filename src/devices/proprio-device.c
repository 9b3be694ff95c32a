/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-device"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-device-private.h"

/* 16384 samples: over a minute of Cyton data, so a reader that stalls briefly loses nothing. */
#define RING_CAPACITY 16384

typedef struct
{
  guint              generation;
  ProprioDeviceState state;
  char              *message;
} StateUpdate;

enum
{
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ProprioDevice, proprio_device, G_TYPE_OBJECT)
G_DEFINE_QUARK (proprio-device-error-quark, proprio_device_error)

G_DEFINE_ENUM_TYPE (ProprioDeviceState, proprio_device_state,
  G_DEFINE_ENUM_VALUE (PROPRIO_DEVICE_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (PROPRIO_DEVICE_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (PROPRIO_DEVICE_STATE_STREAMING, "streaming"),
  G_DEFINE_ENUM_VALUE (PROPRIO_DEVICE_STATE_ERROR, "error"))

static void
state_update_free (StateUpdate *update)
{
  g_free (update->message);
  g_free (update);
}

/* Main thread: make `state` and `message` public and tell the listeners. */
static void
apply_state (ProprioDevice      *self,
             ProprioDeviceState  state,
             const char         *message)
{
  gboolean state_changed = self->state != state;
  gboolean message_changed = g_strcmp0 (self->message, message) != 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (message_changed)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (state_changed)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
dispatch_updates (gpointer user_data)
{
  ProprioDevice *self = user_data;
  g_autoptr(GObject) keep = g_object_ref (G_OBJECT (self));
  ProprioDeviceCore *core = self->core;
  GQueue updates = G_QUEUE_INIT;
  StateUpdate *update;

  g_mutex_lock (&core->lock);
  updates = core->updates;
  g_queue_init (&core->updates);
  g_mutex_unlock (&core->lock);

  /* Each change on its own, in order: a listener sees every step, not just the last. */
  while ((update = g_queue_pop_head (&updates)) != NULL)
    {
      if (update->generation == self->generation)
        {
          if (update->state == PROPRIO_DEVICE_STATE_ERROR)
            self->active = FALSE;
          apply_state (self, update->state, update->message);
        }
      state_update_free (update);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
update_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs update_source_funcs = {
  .dispatch = update_source_dispatch,
};

static GMutex readers_lock;
static GCond  readers_cond;
static guint  n_readers;

void
proprio_device_reader_started (void)
{
  g_mutex_lock (&readers_lock);
  n_readers++;
  g_mutex_unlock (&readers_lock);
}

void
proprio_device_reader_finished (void)
{
  g_mutex_lock (&readers_lock);
  n_readers--;
  g_cond_broadcast (&readers_cond);
  g_mutex_unlock (&readers_lock);
}

gboolean
proprio_device_wait_for_readers (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean done;

  g_mutex_lock (&readers_lock);
  while (n_readers > 0 && g_cond_wait_until (&readers_cond, &readers_lock, deadline))
    ;
  done = n_readers == 0;
  g_mutex_unlock (&readers_lock);
  return done;
}

static ProprioDeviceCore *
proprio_device_core_new (void)
{
  ProprioDeviceCore *core = g_new0 (ProprioDeviceCore, 1);

  core->sim_intent = (ProprioSimIntent) PROPRIO_SIM_INTENT_INIT;

  g_atomic_ref_count_init (&core->ref);
  g_mutex_init (&core->lock);
  g_queue_init (&core->updates);
  core->ring = proprio_ring_new (RING_CAPACITY);
  core->strings = g_ptr_array_new_with_free_func (g_free);
  return core;
}

ProprioDeviceCore *
proprio_device_core_ref (ProprioDeviceCore *core)
{
  g_atomic_ref_count_inc (&core->ref);
  return core;
}

void
proprio_device_core_unref (ProprioDeviceCore *core)
{
  if (!g_atomic_ref_count_dec (&core->ref))
    return;

  /* The device destroyed the source in dispose(); this only runs after that. */
  g_assert (core->update_source == NULL);
  g_queue_clear_full (&core->updates, (GDestroyNotify) state_update_free);
  g_clear_object (&core->stage);
  g_clear_pointer (&core->protocol, proprio_protocol_free);
  g_clear_pointer (&core->ring, proprio_ring_unref);
  g_ptr_array_unref (core->strings);
  g_free (core->label);
  g_free (core->path);
  g_free (core->protocol_name);
  g_mutex_clear (&core->lock);
  g_free (core);
}

void
proprio_device_post_state (ProprioDeviceCore  *core,
                           guint               generation,
                           ProprioDeviceState  state,
                           const char         *message)
{
  StateUpdate *update;

  g_mutex_lock (&core->lock);
  /* The device is gone: nobody is left to tell. */
  if (core->update_source == NULL)
    {
      g_mutex_unlock (&core->lock);
      return;
    }
  update = g_new0 (StateUpdate, 1);
  update->generation = generation;
  update->state = state;
  update->message = g_strdup (message);
  g_queue_push_tail (&core->updates, update);
  /* Thread-safe, and wakes the context up; under the lock so dispose() cannot destroy the
   * source in between. */
  g_source_set_ready_time (core->update_source, 0);
  g_mutex_unlock (&core->lock);
}

void
proprio_device_note_feed (ProprioDeviceCore *core,
                          const gint64      *t_us,
                          guint              n)
{
  const ProprioProtocolStats *stats = proprio_protocol_get_stats (core->protocol);

  g_mutex_lock (&core->lock);
  core->counters.samples += n;
  core->counters.lost = stats->lost;
  core->counters.discarded_bytes = stats->discarded_bytes;
  core->counters.skipped_lines = stats->skipped_lines;
  for (guint i = 0; i < n; i++)
    {
      core->arrivals[core->arrivals_head] = t_us[i];
      core->arrivals_head = (core->arrivals_head + 1) % PROPRIO_DEVICE_ARRIVALS;
      core->n_arrivals = MIN (core->n_arrivals + 1, PROPRIO_DEVICE_ARRIVALS);
    }
  if (n > 0)
    core->counters.last_sample_us = t_us[n - 1];

  g_mutex_unlock (&core->lock);
}

static const char *
keep_string (ProprioDeviceCore *core,
             const char        *text)
{
  char *copy = g_strdup (text != NULL ? text : "");

  g_ptr_array_add (core->strings, copy);
  return copy;
}

static void
keep_channel (ProprioDeviceCore        *core,
              const ProprioChannelInfo *info,
              ProprioChannelInfo       *out)
{
  out->name = keep_string (core, info->name);
  out->label = keep_string (core, info->label);
  out->unit = keep_string (core, info->unit);
}

/* Under the lock: the published channels are the stage's output for the protocol's layout. */
static void
layout_channels (ProprioDeviceCore *core)
{
  if (core->stage == NULL)
    {
      memcpy (core->channels, core->input, core->n_input * sizeof core->input[0]);
      core->n_channels = core->n_input;
      return;
    }

  core->n_channels = proprio_sample_stage_get_n_channels (core->stage, core->input, core->n_input);
  for (guint i = 0; i < core->n_channels; i++)
    {
      ProprioChannelInfo info = { NULL, NULL, NULL };

      proprio_sample_stage_get_channel (core->stage, core->input, core->n_input, i, &info);
      keep_channel (core, &info, &core->channels[i]);
    }
}

gboolean
proprio_device_publish_channels (ProprioDeviceCore *core)
{
  guint n_input = proprio_protocol_get_n_channels (core->protocol);

  if (n_input == 0)
    return FALSE;

  g_mutex_lock (&core->lock);
  /* The protocol's channels are fixed once known. */
  if (core->n_input == 0)
    {
      for (guint i = 0; i < n_input; i++)
        keep_channel (core, proprio_protocol_get_channel (core->protocol, i), &core->input[i]);
      core->n_input = n_input;
      layout_channels (core);
    }
  g_mutex_unlock (&core->lock);
  return TRUE;
}

void
proprio_device_note_reconnect (ProprioDeviceCore *core)
{
  g_mutex_lock (&core->lock);
  core->counters.reconnects++;
  g_mutex_unlock (&core->lock);
}

static void
proprio_device_dispose (GObject *object)
{
  ProprioDevice *self = PROPRIO_DEVICE (object);

  /* The reader holds its own references to all it uses: it only needs to be told. It winds down
   * on its own (stop command, simulator) and joins any earlier reader itself, so nothing here
   * waits for it; dropping our handle lets its thread go when it ends. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->thread, g_thread_unref);
  g_clear_object (&self->cancellable);

  if (self->core != NULL)
    {
      g_mutex_lock (&self->core->lock);
      if (self->core->update_source != NULL)
        {
          g_source_destroy (self->core->update_source);
          g_clear_pointer (&self->core->update_source, g_source_unref);
        }
      g_mutex_unlock (&self->core->lock);
    }

  G_OBJECT_CLASS (proprio_device_parent_class)->dispose (object);
}

static void
proprio_device_finalize (GObject *object)
{
  ProprioDevice *self = PROPRIO_DEVICE (object);

  g_clear_pointer (&self->core, proprio_device_core_unref);
  g_clear_pointer (&self->protocol, proprio_protocol_free);
  g_clear_pointer (&self->spec, proprio_device_spec_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->spec_string);
  g_free (self->label);
  g_free (self->message);

  G_OBJECT_CLASS (proprio_device_parent_class)->finalize (object);
}

static void
proprio_device_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ProprioDevice *self = PROPRIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_device_class_init (ProprioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = proprio_device_dispose;
  object_class->finalize = proprio_device_finalize;
  object_class->get_property = proprio_device_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       PROPRIO_TYPE_DEVICE_STATE, PROPRIO_DEVICE_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
proprio_device_init (ProprioDevice *self)
{
  self->state = PROPRIO_DEVICE_STATE_DISCONNECTED;
  self->core = proprio_device_core_new ();
  self->context = g_main_context_ref_thread_default ();

  self->core->update_source = g_source_new (&update_source_funcs, sizeof (GSource));
  g_source_set_callback (self->core->update_source, dispatch_updates, self, NULL);
  g_source_set_static_name (self->core->update_source, "[proprio] device state");
  g_source_attach (self->core->update_source, self->context);
}

static const char *
simulator_label (ProprioSimKind kind)
{
  switch (kind)
    {
    case PROPRIO_SIM_BALANCE: return _("Simulated balance board");
    case PROPRIO_SIM_EMG: return _("Simulated EMG sensor");
    case PROPRIO_SIM_CYTON: return _("Simulated OpenBCI Cyton");
    case PROPRIO_SIM_ANGLE: return _("Simulated goniometer");
    default: g_return_val_if_reached (NULL);
    }
}

/* Takes the simulator's own options (rate, seed) out of `options`; the rest is the protocol's.
 * Line simulators name their channel, which the protocol would otherwise have to guess. */
static gboolean
take_simulator_options (ProprioSimKind   kind,
                        GHashTable      *options,
                        const char      *text,
                        double          *out_rate_hz,
                        guint32         *out_seed,
                        GError         **error)
{
  const char *value;
  guint64 seed = 1;

  *out_rate_hz = proprio_sim_kind_default_rate (kind);
  if ((value = g_hash_table_lookup (options, "rate")) != NULL)
    {
      char *end = NULL;
      double rate = g_ascii_strtod (value, &end);

      /* The whole value must be the number: "rate=50O" is a typo, not 50 Hz. The test is written
       * so that NaN fails it too. */
      if (end == value || *end != '\0' || !(rate >= 1.0 && rate <= 2000.0))
        {
          g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_INVALID,
                       _("Device “%s”: the rate (rate=) must be between 1 and 2000 samples per "
                         "second, not “%s”"), text, value);
          return FALSE;
        }
      *out_rate_hz = rate;
      g_hash_table_remove (options, "rate");
    }
  if ((value = g_hash_table_lookup (options, "seed")) != NULL)
    {
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seed, NULL))
        {
          g_set_error (error, PROPRIO_DEVICE_ERROR, PROPRIO_DEVICE_ERROR_INVALID,
                       _("Device “%s”: the seed (seed=) must be a whole number from 0 to %u, "
                         "not “%s”"), text, G_MAXUINT32, value);
          return FALSE;
        }
      g_hash_table_remove (options, "seed");
    }
  *out_seed = (guint32) seed;

  if (kind == PROPRIO_SIM_EMG && !g_hash_table_contains (options, "channels"))
    {
      g_hash_table_insert (options, g_strdup ("channels"), g_strdup ("emg"));
      if (!g_hash_table_contains (options, "units"))
        g_hash_table_insert (options, g_strdup ("units"), g_strdup ("uV"));
    }
  if (kind == PROPRIO_SIM_ANGLE && !g_hash_table_contains (options, "channels"))
    {
      g_hash_table_insert (options, g_strdup ("channels"), g_strdup ("angle"));
      if (!g_hash_table_contains (options, "units"))
        g_hash_table_insert (options, g_strdup ("units"), g_strdup ("deg"));
    }
  return TRUE;
}

/* The reader's copy of what it needs from the spec, and the protocol, which it uses from now on. */
static void
take_over_core (ProprioDevice *self)
{
  ProprioDeviceCore *core = self->core;

  core->label = g_strdup (self->label);
  core->path = g_strdup (self->spec->path);
  core->protocol_name = g_strdup (self->spec->protocol);
  core->baud = self->spec->baud;
  core->protocol = g_steal_pointer (&self->protocol);
}

typedef struct
{
  ProprioDeviceSpec *spec;
  ProprioSimKind     sim_kind;
  double             sim_rate_hz;
  guint32            sim_seed;
  ProprioProtocol   *protocol;
} CheckedSpec;

static void
checked_spec_clear (CheckedSpec *checked)
{
  g_clear_pointer (&checked->spec, proprio_device_spec_free);
  g_clear_pointer (&checked->protocol, proprio_protocol_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckedSpec, checked_spec_clear)

/* Every check of a spec in one place, shared by proprio_device_new() and
 * proprio_device_spec_validate(), so a command line is judged exactly as the device would be. The
 * protocol is pure code (no I/O, no threads), so making one is the check of its options. */
static gboolean
check_spec (const char   *text,
            CheckedSpec  *out,
            GError      **error)
{
  g_autoptr(GHashTable) options = NULL;
  GHashTableIter iter;
  gpointer key, value;

  out->spec = proprio_device_spec_parse (text, error);
  if (out->spec == NULL)
    return FALSE;

  /* A copy: the spec keeps what the user wrote, the protocol gets what it understands. */
  options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, out->spec->options);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (options, g_strdup (key), g_strdup (value));

  if (out->spec->sim != NULL)
    {
      if (!proprio_sim_kind_from_string (out->spec->sim, &out->sim_kind))
        g_return_val_if_reached (FALSE);
      if (!take_simulator_options (out->sim_kind, options, text, &out->sim_rate_hz,
                                   &out->sim_seed, error))
        return FALSE;
    }

  out->protocol = proprio_protocol_new (out->spec->protocol, options, error);
  /* The protocol knows its option, not which device it was for: a station may run several. */
  if (out->protocol == NULL && error != NULL)
    g_prefix_error (error, _("Device “%s”: "), text);
  return out->protocol != NULL;
}

gboolean
proprio_device_spec_validate (const char  *text,
                              GError     **error)
{
  g_auto(CheckedSpec) checked = { 0 };

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_spec (text, &checked, error);
}

ProprioDevice *
proprio_device_new (const char  *spec,
                    GError     **error)
{
  g_autoptr(ProprioDevice) self = NULL;
  g_auto(CheckedSpec) checked = { 0 };

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_spec (spec, &checked, error))
    return NULL;

  self = g_object_new (PROPRIO_TYPE_DEVICE, NULL);
  if (checked.spec->sim != NULL)
    {
      self->simulated = TRUE;
      self->sim_kind = checked.sim_kind;
      self->sim_rate_hz = checked.sim_rate_hz;
      self->sim_seed = checked.sim_seed;
      self->label = g_strdup (simulator_label (self->sim_kind));
    }
  else
    self->label = g_strdup_printf ("%s · %s", checked.spec->path, checked.spec->protocol);

  self->protocol = g_steal_pointer (&checked.protocol);
  self->spec_string = proprio_device_spec_to_string (checked.spec);
  self->spec = g_steal_pointer (&checked.spec);
  take_over_core (self);
  proprio_device_publish_channels (self->core);
  /* GENERIC for a "lines" device still to learn its channels: the getter asks them later. */
  self->stream_kind = proprio_protocol_get_stream_kind (self->core->protocol);

  return g_steal_pointer (&self);
}

const char *
proprio_device_get_spec (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  return self->spec_string;
}

const char *
proprio_device_get_label (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  return self->label;
}

gboolean
proprio_device_is_simulated (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), FALSE);
  return self->simulated;
}

const char *
proprio_device_get_protocol_name (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  return self->spec->protocol;
}

ProprioDeviceState
proprio_device_get_state (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), PROPRIO_DEVICE_STATE_DISCONNECTED);
  return self->state;
}

const char *
proprio_device_get_message (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  return self->message;
}

ProprioRing *
proprio_device_get_ring (ProprioDevice *self)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  return self->core->ring;
}

guint
proprio_device_get_n_channels (ProprioDevice *self)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), 0);
  g_mutex_lock (&self->core->lock);
  n = self->core->n_channels;
  g_mutex_unlock (&self->core->lock);
  return n;
}

const ProprioChannelInfo *
proprio_device_get_channel (ProprioDevice *self,
                            guint          index)
{
  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), NULL);
  g_return_val_if_fail (index < proprio_device_get_n_channels (self), NULL);
  return &self->core->channels[index];
}

void
proprio_device_set_sim_intent (ProprioDevice          *self,
                               const ProprioSimIntent *intent)
{
  ProprioDeviceCore *core;

  g_return_if_fail (PROPRIO_IS_DEVICE (self));
  g_return_if_fail (intent != NULL);

  if (!self->simulated)
    return;
  core = self->core;
  g_mutex_lock (&core->lock);
  if (!proprio_sim_intent_equal (&core->sim_intent, intent))
    {
      core->sim_intent = *intent;
      core->sim_intent_serial++;
    }
  g_mutex_unlock (&core->lock);
}

ProprioStreamKind
proprio_device_get_stream_kind (ProprioDevice *self)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_DEVICE (self), PROPRIO_STREAM_GENERIC);

  if (self->stream_kind != PROPRIO_STREAM_GENERIC)
    return self->stream_kind;
  n = proprio_device_get_n_channels (self);
  return proprio_stream_kind_for_channels (self->core->channels, n);
}

void
proprio_device_add_ring_overflows (ProprioDevice *self,
                                   guint64        n)
{
  g_return_if_fail (PROPRIO_IS_DEVICE (self));
  g_mutex_lock (&self->core->lock);
  self->core->counters.ring_overflows += n;
  g_mutex_unlock (&self->core->lock);
}

void
proprio_device_get_health (ProprioDevice       *self,
                           ProprioDeviceHealth *out)
{
  g_return_if_fail (PROPRIO_IS_DEVICE (self));
  g_return_if_fail (out != NULL);

  proprio_device_core_get_health (self->core, out);
}

void
proprio_device_core_get_health (ProprioDeviceCore   *core,
                                ProprioDeviceHealth *out)
{
  gint64 now = g_get_monotonic_time ();
  double sum = 0.0, sum_sq = 0.0;
  gint64 newest = 0, oldest = 0;
  guint n_intervals = 0;

  g_mutex_lock (&core->lock);
  *out = core->counters;

  /* Walk back from the newest arrival over the last two seconds. */
  for (guint i = 0; i < core->n_arrivals; i++)
    {
      guint slot = (core->arrivals_head + PROPRIO_DEVICE_ARRIVALS - 1 - i) % PROPRIO_DEVICE_ARRIVALS;
      gint64 t = core->arrivals[slot];

      if (now - t > PROPRIO_DEVICE_HEALTH_WINDOW_US)
        break;
      if (i == 0)
        newest = t;
      else
        {
          double interval_ms = (oldest - t) / 1000.0;

          sum += interval_ms;
          sum_sq += interval_ms * interval_ms;
          n_intervals++;
        }
      oldest = t;
    }
  g_mutex_unlock (&core->lock);

  out->rate_hz = 0.0;
  out->jitter_ms = 0.0;
  if (n_intervals > 0 && newest > oldest)
    {
      double mean = sum / n_intervals;

      out->rate_hz = n_intervals / ((newest - oldest) / (double) G_USEC_PER_SEC);
      out->jitter_ms = sqrt (MAX (0.0, sum_sq / n_intervals - mean * mean));
    }
}

void
proprio_device_connect (ProprioDevice *self)
{
  ProprioDeviceReader *reader;

  g_return_if_fail (PROPRIO_IS_DEVICE (self));

  if (self->active)
    return;

  self->active = TRUE;
  self->generation++;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  reader = g_new0 (ProprioDeviceReader, 1);
  reader->core = proprio_device_core_ref (self->core);
  reader->cancellable = g_object_ref (self->cancellable);
  reader->generation = self->generation;
  reader->previous = g_steal_pointer (&self->thread);
  reader->simulated = self->simulated;
  reader->sim_kind = self->sim_kind;
  reader->sim_rate_hz = self->sim_rate_hz;
  reader->sim_seed = self->sim_seed;
  proprio_device_reader_started ();
  self->thread = g_thread_new ("proprio-device", proprio_device_reader_thread, reader);

  apply_state (self, PROPRIO_DEVICE_STATE_CONNECTING, NULL);
}

void
proprio_device_disconnect (ProprioDevice *self)
{
  g_return_if_fail (PROPRIO_IS_DEVICE (self));

  /* The reader winds down on its own (and sends the stop command); its news is stale now. */
  self->active = FALSE;
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  apply_state (self, PROPRIO_DEVICE_STATE_DISCONNECTED, NULL);
}

void
proprio_device_set_stage (ProprioDevice      *self,
                          ProprioSampleStage *stage)
{
  ProprioDeviceCore *core;

  g_return_if_fail (PROPRIO_IS_DEVICE (self));
  g_return_if_fail (stage == NULL || PROPRIO_IS_SAMPLE_STAGE (stage));
  /* A reader takes the stage when it starts; swapping it under a running one would change the
   * layout of samples already on their way. */
  g_return_if_fail (!self->active);

  core = self->core;
  g_mutex_lock (&core->lock);
  g_set_object (&core->stage, stage);
  if (core->n_input > 0)
    layout_channels (core);
  g_mutex_unlock (&core->lock);
}
