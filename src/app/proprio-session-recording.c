/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a session records of the station: every device's ring as a stream file, the exercises'
 * events, prompts and targets as events, and every exercise result in the store. */
#define G_LOG_DOMAIN "proprio-session"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "devices/proprio-device-spec.h"

#include "proprio-session-controller-private.h"

/* A "lines" device names its channels with its first lines: until then its stream waits. */
#define WAIT_CHANNELS_MS 200

void
_proprio_session_stream_free (ProprioSessionStream *stream)
{
  g_free (stream->name);
  g_free (stream->channels_json);
  g_clear_object (&stream->device);
  g_free (stream);
}

static void
add_event (ProprioSessionController *self,
           gint64                    t_us,
           const char               *kind,
           const char               *text)
{
  if (self->recorder != NULL)
    proprio_recorder_add_event (self->recorder, t_us > 0 ? t_us : proprio_clock_now_us (), kind,
                                text);
}

/* The rate the device's samples are meant to come at: a simulator's own, a Cyton's 250 Hz; 0 for
 * a port whose rate only its data tell (an export then takes the recording's mean). */
static double
nominal_rate (ProprioDevice *device)
{
  g_autoptr(ProprioDeviceSpec) spec = proprio_device_spec_parse (proprio_device_get_spec (device),
                                                                 NULL);
  ProprioSimKind kind;

  if (spec == NULL)
    return 0.0;
  if (spec->sim != NULL && proprio_sim_kind_from_string (spec->sim, &kind))
    {
      const char *rate = spec->options != NULL ? g_hash_table_lookup (spec->options, "rate")
                                               : NULL;

      return rate != NULL ? g_ascii_strtod (rate, NULL) : proprio_sim_kind_default_rate (kind);
    }
  if (g_strcmp0 (spec->protocol, "cyton") == 0)
    return 250.0;
  return 0.0;
}

/* "balance", then "balance-2" for a second balance device in the same session. */
static char *
unique_stream_name (ProprioSessionController *self,
                    const char               *base)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, n);
      gboolean taken = FALSE;

      for (guint i = 0; i < self->streams->len && !taken; i++)
        taken = g_str_equal (((ProprioSessionStream *) self->streams->pdata[i])->name, name);
      if (!taken)
        return g_steal_pointer (&name);
    }
}

static void
stream_added_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!proprio_store_finish_boolean (PROPRIO_STORE (source), result, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The stream is recorded, but the records could not list it: %s"),
                         error->message);

      _proprio_session_controller_report (self, message, FALSE);
    }
  _proprio_session_controller_release (self);
}

static gboolean wait_for_channels_cb (gpointer user_data);

/* Records `device`'s ring from now on, in a file of its own. */
static void
add_device_stream (ProprioSessionController *self,
                   ProprioDevice            *device)
{
  ProprioChannelInfo channels[PROPRIO_MAX_CHANNELS];
  g_autoptr(GError) error = NULL;
  ProprioStreamInfo info = { 0 };
  ProprioSessionStream *stream;
  guint n = proprio_device_get_n_channels (device);

  if (n == 0)
    {
      g_set_object (&self->waiting_device, device);
      if (self->waiting_id == 0)
        self->waiting_id = g_timeout_add (WAIT_CHANNELS_MS, wait_for_channels_cb, self);
      return;
    }
  g_clear_object (&self->waiting_device);
  g_clear_handle_id (&self->waiting_id, g_source_remove);

  n = MIN (n, PROPRIO_MAX_CHANNELS);
  for (guint i = 0; i < n; i++)
    channels[i] = *proprio_device_get_channel (device, i);
  stream = g_new0 (ProprioSessionStream, 1);
  stream->name = unique_stream_name (self,
                                     proprio_stream_kind_to_string (
                                       proprio_device_get_stream_kind (device)));
  stream->device = g_object_ref (device);
  stream->rate_hz = nominal_rate (device);
  if (!proprio_recorder_add_stream (self->recorder, stream->name, proprio_device_get_ring (device),
                                    channels, n, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s is not recorded: %s"),
                                                  proprio_device_get_label (device),
                                                  error->message);

      _proprio_session_controller_report (self, message, FALSE);
      _proprio_session_stream_free (stream);
      return;
    }
  g_ptr_array_add (self->streams, stream);
  add_event (self, 0, "device", proprio_device_get_spec (device));

  stream->kind = proprio_device_get_stream_kind (device);
  stream->channels_json = proprio_store_channels_to_json (channels, n);
  info.name = stream->name;
  info.kind = stream->kind;
  info.rate_hz = stream->rate_hz;
  info.channels_json = stream->channels_json;
  info.device_spec = (char *) proprio_device_get_spec (device);
  _proprio_session_controller_hold (self);
  proprio_store_add_stream (self->store, self->session->id, &info, NULL, stream_added_cb,
                            g_object_ref (self));
}

static gboolean
wait_for_channels_cb (gpointer user_data)
{
  ProprioSessionController *self = user_data;

  if (self->waiting_device == NULL || self->recorder == NULL)
    {
      self->waiting_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (proprio_device_get_n_channels (self->waiting_device) == 0)
    return G_SOURCE_CONTINUE;
  self->waiting_id = 0;
  add_device_stream (self, self->waiting_device);
  return G_SOURCE_REMOVE;
}

/* --- the station --- */

static void
device_changed_cb (ProprioSessionController *self)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  g_clear_object (&self->waiting_device);
  g_clear_handle_id (&self->waiting_id, g_source_remove);
  if (device == NULL)
    {
      add_event (self, 0, "device", "");
      return;
    }
  /* The old device's file stays as it is; the new one gets its own. */
  add_device_stream (self, device);
}

static void
exercise_event_cb (ProprioSessionController *self,
                   ProprioExercise          *exercise,
                   ProprioExerciseEvent      event,
                   gint64                    t_us)
{
  GEnumClass *klass = g_type_class_ref (PROPRIO_TYPE_EXERCISE_EVENT);
  GEnumValue *value = g_enum_get_value (klass, event);

  add_event (self, t_us, value != NULL ? value->value_nick : "event",
             proprio_exercise_get_id (exercise));
  g_type_class_unref (klass);
}

static const char *
target_state_name (ProprioTargetState state)
{
  switch (state)
    {
    case PROPRIO_TARGET_ACTIVE:   return "active";
    case PROPRIO_TARGET_DWELLING: return "dwelling";
    case PROPRIO_TARGET_HIT:      return "hit";
    case PROPRIO_TARGET_MISSED:   return "missed";
    case PROPRIO_TARGET_IDLE:
    default:
      return "shown";
    }
}

/* What the patient is shown: the prompt when it changes, and each target whose place, size or
 * state changes (not the dwell progress, which moves every frame). */
static void
engine_changed_cb (ProprioExercise          *engine,
                   ProprioSessionController *self)
{
  const char *prompt = proprio_exercise_get_prompt (engine);
  const ProprioTarget *targets;
  guint n_targets = 0;
  gint64 now = proprio_station_get_exercise_time (self->station, proprio_clock_now_us ());
  ProprioExercisePhase phase = proprio_exercise_get_phase (engine);

  /* The therapist resumed a paused run (the patient back on the board): the review replays the
   * run from the recording and resumes it at the same place, after the latest sample the run
   * had taken (what followed reached it resumed). */
  if (self->last_phase == PROPRIO_EXERCISE_PHASE_PAUSED &&
      (phase == PROPRIO_EXERCISE_PHASE_WAITING || phase == PROPRIO_EXERCISE_PHASE_COUNTDOWN ||
       phase == PROPRIO_EXERCISE_PHASE_RUNNING))
    {
      gint64 last = proprio_exercise_get_last_sample_us (engine);

      add_event (self, last > 0 ? last : now, "resume", proprio_exercise_get_id (engine));
    }
  self->last_phase = phase;
  if (g_strcmp0 (prompt, self->last_prompt) != 0)
    {
      g_free (self->last_prompt);
      self->last_prompt = g_strdup (prompt);
      add_event (self, now, "prompt", prompt != NULL ? prompt : "");
    }

  targets = proprio_exercise_get_targets (engine, &n_targets);
  for (guint i = 0; i < n_targets; i++)
    {
      const ProprioTarget *t = &targets[i];
      const ProprioTarget *was = i < self->last_targets->len
                                 ? &g_array_index (self->last_targets, ProprioTarget, i) : NULL;
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], r[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *text = NULL;

      if (was != NULL && was->x_mm == t->x_mm && was->y_mm == t->y_mm &&
          was->radius_mm == t->radius_mm && was->state == t->state)
        continue;
      /* Machine-readable, whatever the language: "3 active x=120 y=0 r=30" (mm). */
      g_ascii_formatd (x, sizeof x, "%.1f", t->x_mm);
      g_ascii_formatd (y, sizeof y, "%.1f", t->y_mm);
      g_ascii_formatd (r, sizeof r, "%.1f", t->radius_mm);
      text = g_strdup_printf ("%u %s x=%s y=%s r=%s", i + 1, target_state_name (t->state), x, y, r);
      add_event (self, now, "target", text);
    }
  if (n_targets < self->last_targets->len)
    add_event (self, now, "target", "none");
  g_array_set_size (self->last_targets, 0);
  if (n_targets > 0)
    g_array_append_vals (self->last_targets, targets, n_targets);
}

static void
running_changed_cb (ProprioSessionController *self)
{
  ProprioExercise *engine = proprio_station_get_running (self->station);
  g_autoptr(GObject) followed = g_signal_group_dup_target (self->engine_signals);

  if (engine != NULL && (gpointer) followed != (gpointer) engine)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", proprio_exercise_get_id (engine),
                                               proprio_exercise_get_title (engine));

      add_event (self, 0, "exercise-start", text);
      g_clear_pointer (&self->last_prompt, g_free);
      g_array_set_size (self->last_targets, 0);
      self->last_phase = PROPRIO_EXERCISE_PHASE_IDLE;
      g_signal_group_set_target (self->engine_signals, engine);
      engine_changed_cb (engine, self);
    }
  else if (engine == NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
}

static void
exercise_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ProprioSessionController) self = user_data;
  g_autoptr(GError) error = NULL;

  if (proprio_store_finish_boolean (PROPRIO_STORE (source), result, &error))
    self->n_exercises++;
  else
    {
      g_autofree char *message = g_strdup_printf (_("An exercise result was not stored: %s"),
                                                  error->message);

      _proprio_session_controller_report (self, message, FALSE);
    }
  _proprio_session_controller_release (self);
}

static void
results_changed_cb (GListModel               *results,
                    guint                     position,
                    guint                     removed,
                    guint                     added,
                    ProprioSessionController *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ProprioExerciseResult) result = g_list_model_get_item (results, i);
      g_autofree char *text =
        g_strdup_printf ("%s: %s", proprio_exercise_result_get_id (result),
                         proprio_exercise_outcome_to_string (
                           proprio_exercise_result_get_outcome (result)));

      add_event (self, proprio_exercise_result_get_end_us (result), "exercise-end", text);
      _proprio_session_controller_hold (self);
      proprio_store_add_exercise (self->store, self->session->id, result, NULL,
                                  exercise_stored_cb, g_object_ref (self));
    }
}

/* --- start and end --- */

static void
results_disconnect (ProprioSessionController *self)
{
  g_signal_handlers_disconnect_by_func (proprio_station_get_results (self->station),
                                        results_changed_cb, self);
}

gboolean
_proprio_session_recording_start (ProprioSessionController  *self,
                                  GError                   **error)
{
  ProprioDevice *device = proprio_station_get_device (self->station);

  g_assert (self->recorder != NULL && self->session != NULL);

  /* Only what comes from the session's start on: the ring also holds what came before. */
  proprio_recorder_set_since (self->recorder, self->session->start_us);
  if (!proprio_recorder_start (self->recorder, error))
    return FALSE;
  add_event (self, self->session->start_us, "session-start", self->session->id);
  if (device != NULL)
    add_device_stream (self, device);
  else
    add_event (self, 0, "device", "");

  g_signal_group_set_target (self->station_signals, self->station);
  g_signal_connect (proprio_station_get_results (self->station), "items-changed",
                    G_CALLBACK (results_changed_cb), self);
  running_changed_cb (self);
  _proprio_session_video_start (self);
  return TRUE;
}

void
_proprio_session_recording_detach (ProprioSessionController *self,
                                   gint64                    end_us)
{
  g_signal_group_set_target (self->station_signals, NULL);
  g_signal_group_set_target (self->engine_signals, NULL);
  results_disconnect (self);
  g_clear_object (&self->waiting_device);
  g_clear_handle_id (&self->waiting_id, g_source_remove);
  _proprio_session_video_detach (self);
  add_event (self, end_us, "session-end", self->session != NULL ? self->session->id : "");
}

void
_proprio_session_recording_clear (ProprioSessionController *self)
{
  g_clear_object (&self->recorder);
  _proprio_session_video_clear (self);
  g_ptr_array_set_size (self->streams, 0);
  g_clear_pointer (&self->last_prompt, g_free);
  g_array_set_size (self->last_targets, 0);
  g_clear_pointer (&self->problem, g_free);
  self->failed = FALSE;
  self->n_exercises = 0;
}

void
_proprio_session_recording_init (ProprioSessionController *self)
{
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) _proprio_session_stream_free);
  self->last_targets = g_array_new (FALSE, FALSE, sizeof (ProprioTarget));

  self->station_signals = g_signal_group_new (PROPRIO_TYPE_STATION);
  g_signal_group_connect_swapped (self->station_signals, "notify::device",
                                  G_CALLBACK (device_changed_cb), self);
  g_signal_group_connect_swapped (self->station_signals, "notify::running",
                                  G_CALLBACK (running_changed_cb), self);
  g_signal_group_connect_swapped (self->station_signals, "exercise-event",
                                  G_CALLBACK (exercise_event_cb), self);

  self->engine_signals = g_signal_group_new (PROPRIO_TYPE_EXERCISE);
  g_signal_group_connect (self->engine_signals, "changed", G_CALLBACK (engine_changed_cb), self);
}
