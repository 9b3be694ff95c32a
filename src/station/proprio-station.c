/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-station"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <gst/gst.h>

#include "core/proprio-clock.h"
#include "core/proprio-emg-stage.h"
#include "core/proprio-stream-reader.h"
#include "devices/proprio-device-spec.h"
#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-cop-matching.h"
#include "exercises/proprio-jps-protocol.h"
#include "exercises/proprio-los-test.h"
#include "exercises/proprio-mvc-calibration.h"
#include "exercises/proprio-static-test.h"
#include "exercises/proprio-weight-shift.h"

#include "proprio-station-camera-angle-private.h"
#include "proprio-station-private.h"

/* While an exercise runs and no view has pumped the station for this long, the timer does. */
#define PUMP_INTERVAL_MS 16
#define PUMP_STALE_US    (25 * 1000)

struct _ProprioStation
{
  GObject               parent_instance;

  ProprioDevice        *device;
  ProprioStreamReader  *reader;       /* the device's ring, for the running exercise */

  ProprioCamera        *camera;
  ProprioCameraMonitor *monitor;
  guint                 camera_holds;
  ProprioStationCameraAngle *camera_angle;  /* the angle source (proprio-station-camera-angle.c) */
  GHashTable           *added_engines;      /* id → ProprioExercise, added for tests */

  ProprioStaticTest    *static_test;
  ProprioWeightShift   *weight_shift;
  ProprioLosTest       *los_test;
  char                 *exercise_id;
  ProprioExercise      *exercise;     /* selected engine (not owned), NULL for live */
  ProprioExercise      *running;      /* started last, until it ends (not owned) */
  gboolean              sound_enabled;
  gboolean              was_running;  /* what "running" announced last */
  gint64                newest_us;    /* newest sample handed to the running engine */
  gint64                last_update_us;
  guint                 pump_id;
  GListStore           *results;      /* of ProprioExerciseResult, every run so far */

  /* EMG (see the section "EMG" below). */
  ProprioMvcCalibration *mvc_calibration;
  ProprioActivationDrill *activation_drill;
  ProprioEmgStage       *emg_stage;       /* on the device while it streams EMG, else NULL */
  ProprioEmgCalibration *emg_calibration; /* the latest MVCs, NULL for none */
  char                  *emg_error;       /* why an EMG device got no stage, or NULL */
  guint                  mains_hz;
  double                 emg_highpass_hz; /* the stage's filters: the preferences' */
  double                 emg_window_ms;
  guint                  emg_quality_id;  /* polls the stage's quality, twice a second */
  guint                  emg_quality_serial;
  ProprioEmgQualityState emg_states[PROPRIO_MAX_CHANNELS];

  ProprioStationPacer   *pacer;           /* beside any exercise (proprio-station-pacer.c) */
  /* Position matching (see proprio-station-joint.c). */
  ProprioJpsProtocol    *jps_protocol;
  ProprioCopMatching    *cop_matching;
};

G_DEFINE_FINAL_TYPE (ProprioStation, proprio_station, G_TYPE_OBJECT)
G_DEFINE_QUARK (proprio-station-error-quark, proprio_station_error)

enum {
  PROP_0,
  PROP_DEVICE,
  PROP_CAMERA,
  PROP_EXERCISE_ID,
  PROP_EXERCISE,
  PROP_RUNNING,
  PROP_SOUND_ENABLED,
  PROP_MAINS_HZ,
  PROP_EMG_HIGHPASS_HZ,
  PROP_EMG_WINDOW_MS,
  PROP_ANGLE_SOURCE,
  N_PROPS
};

enum {
  SIGNAL_EXERCISE_EVENT,
  SIGNAL_CALIBRATION_APPLIED,
  SIGNAL_EMG_QUALITY_CHANGED,
  SIGNAL_EMG_CALIBRATION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const exercise_ids[] = {
  PROPRIO_STATION_EXERCISE_LIVE, "static-test", "weight-shift", "los-test", "mvc-calibration",
  "activation-drill", "jps-protocol", "cop-matching", NULL
};

/* ---- running state ---- */

static gboolean
engine_active (ProprioStation *self)
{
  return self->running != NULL && proprio_exercise_is_active (self->running);
}

static gboolean pump_cb (gpointer user_data);

/* "running" follows the engine; the pump timer runs exactly while something runs. */
static void
sync_running (ProprioStation *self)
{
  gboolean running = engine_active (self);

  if (running && self->pump_id == 0)
    self->pump_id = g_timeout_add (PUMP_INTERVAL_MS, pump_cb, self);
  else if (!running)
    g_clear_handle_id (&self->pump_id, g_source_remove);

  if (running != self->was_running)
    {
      self->was_running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  /* An angle exercise on the camera holds it (and tracks) while it runs. */
  _proprio_station_camera_angle_sync (self->camera_angle);
}

static void
engine_changed_cb (ProprioExercise *engine,
                   ProprioStation  *self)
{
  if (engine == self->running)
    sync_running (self);
}

static void
engine_event_cb (ProprioExercise      *engine,
                 ProprioExerciseEvent  event,
                 gint64                t_us,
                 ProprioStation       *self)
{
  if (engine == self->running)
    g_signal_emit (self, signals[SIGNAL_EXERCISE_EVENT], 0, engine, event, t_us);
}

/* A run ended: its result is the station's to keep, whatever the pages do with the engine. */
static void
engine_finished_cb (ProprioExercise       *engine,
                    ProprioExerciseResult *result,
                    ProprioStation        *self)
{
  g_list_store_append (self->results, result);
}

GListModel *
proprio_station_get_results (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return G_LIST_MODEL (self->results);
}

static void
feed_cb (const ProprioSample *samples,
         gsize                n,
         gpointer             user_data)
{
  ProprioStation *self = user_data;

  if (engine_active (self))
    proprio_exercise_feed_many (self->running, samples, n);
  self->newest_us = MAX (self->newest_us, samples[n - 1].t_us);
}

static void
tick (ProprioStation *self,
      gint64          now_us)
{
  /* An engine that just finished on a sample still has to announce it: ticks flush "changed". */
  if (self->running != NULL)
    proprio_exercise_tick (self->running, MAX (now_us, self->newest_us));
}

/* How much more a person sways than with eyes open on firm ground (mCTSIB conditions; a demo
 * then gives Romberg quotients above 1, as a patient would). */
static double
condition_sway_scale (ProprioStaticCondition condition)
{
  switch (condition)
    {
    case PROPRIO_STATIC_EYES_CLOSED:      return 1.5;
    case PROPRIO_STATIC_FOAM_EYES_OPEN:   return 1.8;
    case PROPRIO_STATIC_FOAM_EYES_CLOSED: return 2.6;
    case PROPRIO_STATIC_EYES_OPEN:
    default:
      return 1.0;
    }
}

/* A simulated board behaves like a patient doing the exercise on screen: it goes for the active
 * target, and sways as the static test's condition makes a person sway; a simulated EMG sleeve
 * contracts the drill's muscles in its work phases. */
void
proprio_station_intent_for_exercise (ProprioExercise  *exercise,
                                     ProprioSimIntent *intent)
{
  guint n_targets = 0;
  const ProprioTarget *targets;

  g_return_if_fail (exercise == NULL || PROPRIO_IS_EXERCISE (exercise));
  g_return_if_fail (intent != NULL);

  *intent = (ProprioSimIntent) PROPRIO_SIM_INTENT_INIT;
  if (exercise == NULL || !proprio_exercise_is_active (exercise))
    return;

  intent->active = TRUE;
  targets = proprio_exercise_get_targets (exercise, &n_targets);
  for (guint i = 0; i < n_targets; i++)
    if (targets[i].state == PROPRIO_TARGET_ACTIVE || targets[i].state == PROPRIO_TARGET_DWELLING)
      {
        intent->has_target = TRUE;
        intent->target_x_mm = targets[i].x_mm;
        intent->target_y_mm = targets[i].y_mm;
        break;
      }
  if (PROPRIO_IS_STATIC_TEST (exercise))
    {
      ProprioStaticTest *test = PROPRIO_STATIC_TEST (exercise);
      guint current = proprio_static_test_get_current (test);

      if (current < proprio_static_test_get_n_conditions (test))
        intent->sway_scale =
          condition_sway_scale (proprio_static_test_get_result (test, current)->condition);
    }
  if (PROPRIO_IS_ACTIVATION_DRILL (exercise))
    {
      ProprioActivationDrill *drill = PROPRIO_ACTIVATION_DRILL (exercise);
      ProprioActivationMode mode = proprio_activation_drill_get_run_mode (drill);
      ProprioActivationFeedback target, quiet;

      /* The band and the threshold are in %MVC, or in µV without an MVC: either way a share of
       * the simulated patient's own MVC. The patient aims for the middle of the band. */
      proprio_activation_drill_get_feedback (drill, PROPRIO_ACTIVATION_TARGET, &target);
      proprio_activation_drill_get_feedback (drill, PROPRIO_ACTIVATION_QUIET, &quiet);
      intent->emg_work =
        proprio_activation_drill_get_stage (drill) == PROPRIO_ACTIVATION_STAGE_WORK;
      if (mode != PROPRIO_ACTIVATION_INHIBIT)
        {
          intent->emg_target_channel =
            (int) proprio_activation_drill_get_electrode (drill, PROPRIO_ACTIVATION_TARGET);
          intent->emg_level = (target.lower + target.upper) / 2.0 /
                              (target.has_mvc ? 100.0 : PROPRIO_SIM_EMG_MVC_UV);
        }
      if (mode != PROPRIO_ACTIVATION_ACTIVATE)
        {
          intent->emg_quiet_channel =
            (int) proprio_activation_drill_get_electrode (drill, PROPRIO_ACTIVATION_QUIET);
          intent->emg_quiet_limit = quiet.threshold /
                                    (quiet.has_mvc ? 100.0 : PROPRIO_SIM_EMG_MVC_UV);
        }
    }
  /* An MVC calibration: the patient squeezes as hard as they can in each contraction, with
   * every muscle of the sleeve (the channels not calibrated do no harm). */
  if (PROPRIO_IS_MVC_CALIBRATION (exercise))
    {
      intent->emg_all_channels = TRUE;
      intent->emg_level = 1.0;
      intent->emg_work =
        proprio_mvc_calibration_get_contraction (PROPRIO_MVC_CALIBRATION (exercise)) > 0;
    }
  _proprio_station_match_intent (exercise, intent);
}

static void
update_sim_intent (ProprioStation *self)
{
  ProprioSimIntent intent;

  _proprio_station_camera_angle_update (self->camera_angle,
                                        engine_active (self) ? self->running : NULL);
  if (self->device == NULL || !proprio_device_is_simulated (self->device))
    return;
  proprio_station_intent_for_exercise (engine_active (self) ? self->running : NULL, &intent);
  proprio_device_set_sim_intent (self->device, &intent);
}

void
proprio_station_update (ProprioStation *self,
                        gint64          now_us)
{
  ProprioStreamReader *angle_reader;

  g_return_if_fail (PROPRIO_IS_STATION (self));

  self->last_update_us = proprio_clock_now_us ();
  if (!engine_active (self))
    {
      /* Nothing to feed: keep the cursor at the newest sample so a start begins from now. */
      proprio_stream_reader_skip_to_now (self->reader);
      tick (self, now_us);
      update_sim_intent (self);
      return;
    }

  /* An angle exercise on the camera source reads the camera's angle ring, one on a frozen frame
   * nothing (its angles come with the registrations), any other the device. */
  angle_reader = _proprio_station_camera_angle_reader (self->camera_angle, self->running);
  if (_proprio_station_camera_angle_feeds_nothing (self->camera_angle, self->running))
    proprio_stream_reader_skip_to_now (self->reader);
  else if (angle_reader != NULL)
    {
      proprio_stream_reader_drain (angle_reader, feed_cb, self);
      proprio_stream_reader_skip_to_now (self->reader);
    }
  else
    proprio_stream_reader_drain (self->reader, feed_cb, self);
  if (self->device != NULL)
    {
      guint64 dropped = proprio_stream_reader_take_dropped (self->reader);

      if (dropped > 0)
        proprio_device_add_ring_overflows (self->device, dropped);
    }
  tick (self, now_us);
  update_sim_intent (self);
}

static gboolean
pump_cb (gpointer user_data)
{
  ProprioStation *self = user_data;
  gint64 now = proprio_clock_now_us ();

  /* Views pump on their frame clocks; this only covers the time when none draws. */
  if (now - self->last_update_us >= PUMP_STALE_US)
    proprio_station_update (self, now);
  return G_SOURCE_CONTINUE;
}

void
proprio_station_push_samples (ProprioStation      *self,
                              const ProprioSample *samples,
                              gsize                n)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (samples != NULL || n == 0);

  if (n == 0)
    return;
  feed_cb (samples, n, self);
  tick (self, samples[n - 1].t_us);
}

/* ---- EMG: the device's EMG stage, its signal quality, MVC calibration ---- */

/* The Cyton's own rate (it streams 250 samples per second unless told otherwise). */
#define EMG_CYTON_RATE_HZ     250.0
/* The GUI hears about a change of signal quality at most this often. */
#define EMG_QUALITY_POLL_MS   500

/* The nominal rate of `device`'s stream, which the EMG filters are designed for: a simulator's
 * own (its rate= option or its default), a Cyton's 250 Hz; 0 for a port whose rate only the data
 * tell ("lines"), so the stage measures it from the samples' times. */
static double
emg_nominal_rate (ProprioDevice *device)
{
  g_autoptr(ProprioDeviceSpec) spec = NULL;
  ProprioSimKind kind;

  spec = proprio_device_spec_parse (proprio_device_get_spec (device), NULL);
  if (spec == NULL)
    return 0.0;
  if (spec->sim != NULL && proprio_sim_kind_from_string (spec->sim, &kind))
    {
      const char *rate = spec->options != NULL ? g_hash_table_lookup (spec->options, "rate")
                                               : NULL;

      /* The device checked the option when it was made. */
      return rate != NULL ? g_ascii_strtod (rate, NULL) : proprio_sim_kind_default_rate (kind);
    }
  if (g_strcmp0 (spec->protocol, "cyton") == 0)
    return EMG_CYTON_RATE_HZ;
  return 0.0;
}

static gboolean
emg_quality_poll_cb (gpointer user_data)
{
  ProprioStation *self = user_data;
  gboolean changed = FALSE;
  guint serial, n;

  if (self->emg_stage == NULL)
    {
      self->emg_quality_id = 0;
      return G_SOURCE_REMOVE;
    }
  serial = proprio_emg_stage_get_quality_serial (self->emg_stage);
  if (serial == self->emg_quality_serial)
    return G_SOURCE_CONTINUE;
  self->emg_quality_serial = serial;

  /* The serial also moves on a reset or a new layout: only a different state is news. */
  n = MIN (proprio_emg_stage_get_n_emg_channels (self->emg_stage), PROPRIO_MAX_CHANNELS);
  for (guint i = 0; i < n; i++)
    {
      ProprioEmgQualityReport report;

      proprio_emg_stage_get_quality (self->emg_stage, i, &report, NULL);
      if (report.state != self->emg_states[i])
        {
          self->emg_states[i] = report.state;
          changed = TRUE;
        }
    }
  if (changed)
    g_signal_emit (self, signals[SIGNAL_EMG_QUALITY_CHANGED], 0);
  return G_SOURCE_CONTINUE;
}

/* A device that streams EMG gets a ProprioEmgStage before it connects, so every consumer of its
 * ring sees raw and envelope; other devices get none. A device handed over already connected
 * keeps what it has (a stage can only change while it is disconnected). */
static void
emg_attach_stage (ProprioStation *self)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgConfig config;
  double rate;

  g_clear_object (&self->emg_stage);
  g_clear_pointer (&self->emg_error, g_free);
  g_clear_handle_id (&self->emg_quality_id, g_source_remove);
  for (guint i = 0; i < PROPRIO_MAX_CHANNELS; i++)
    self->emg_states[i] = PROPRIO_EMG_QUALITY_UNKNOWN;

  if (self->device == NULL
      || proprio_device_get_stream_kind (self->device) != PROPRIO_STREAM_EMG
      || proprio_device_get_state (self->device) != PROPRIO_DEVICE_STATE_DISCONNECTED)
    return;

  rate = emg_nominal_rate (self->device);
  proprio_emg_config_init (&config, rate);
  /* With the rate still to be measured, the stage lowers this to 0.45 × rate when it knows. */
  if (rate == 0.0)
    config.lowpass_hz = PROPRIO_EMG_DEFAULT_LOWPASS_MAX_HZ;
  config.notch_hz = self->mains_hz;
  config.highpass_hz = self->emg_highpass_hz;
  config.window_ms = self->emg_window_ms;
  self->emg_stage = proprio_emg_stage_new (&config, self->mains_hz, &error);
  if (self->emg_stage == NULL)
    {
      /* The raw channels still stream; only the envelopes (and what needs them) are missing. */
      g_message ("No EMG envelopes for %s: %s", proprio_device_get_label (self->device),
                 error->message);
      self->emg_error = g_strdup (error->message);
      return;
    }
  proprio_device_set_stage (self->device, PROPRIO_SAMPLE_STAGE (self->emg_stage));
  self->emg_quality_serial = proprio_emg_stage_get_quality_serial (self->emg_stage);
  self->emg_quality_id = g_timeout_add (EMG_QUALITY_POLL_MS, emg_quality_poll_cb, self);
}

/* Before an EMG exercise starts: the device streams EMG and its stage has said where the
 * envelopes are; the MVC calibration learns them. */
static gboolean
emg_prepare_exercise (ProprioStation   *self,
                      ProprioExercise  *exercise,
                      GError          **error)
{
  g_autoptr(GArray) envelopes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n;

  if (proprio_station_get_stream_kind (self) != PROPRIO_STREAM_EMG)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           _("This exercise needs an EMG device: choose one in the device menu"));
      return FALSE;
    }
  if (exercise != PROPRIO_EXERCISE (self->mvc_calibration))
    return TRUE;

  n = self->emg_stage != NULL ? proprio_emg_stage_get_n_emg_channels (self->emg_stage) : 0;
  for (guint i = 0; i < n; i++)
    {
      guint input, envelope;

      if (proprio_emg_stage_get_emg_channel (self->emg_stage, i, &input, &envelope)
          && envelope != G_MAXUINT && input < proprio_device_get_n_channels (self->device))
        {
          g_array_append_val (envelopes, envelope);
          g_ptr_array_add (names, (gpointer) proprio_device_get_channel (self->device,
                                                                        input)->name);
        }
    }
  if (envelopes->len == 0)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           self->emg_stage == NULL
                           ? _("This EMG device gives no envelopes to calibrate: reconnect it "
                               "from the device menu")
                           : _("The EMG device has not sent its channels yet: wait until it "
                               "streams, then start again"));
      return FALSE;
    }
  proprio_mvc_calibration_set_channels (self->mvc_calibration, (const guint *) envelopes->data,
                                        (const char * const *) names->pdata, envelopes->len);
  return TRUE;
}

static void
emg_mvc_finished_cb (ProprioExercise       *engine,
                     ProprioExerciseResult *result,
                     ProprioStation        *self)
{
  ProprioEmgCalibration *calibration;

  /* Only a whole run calibrates: a stopped one would make every %MVC after it wrong. */
  calibration = proprio_mvc_calibration_dup_calibration (PROPRIO_MVC_CALIBRATION (engine));
  if (calibration == NULL)
    return;
  g_clear_pointer (&self->emg_calibration, proprio_emg_calibration_free);
  self->emg_calibration = calibration;
  g_signal_emit (self, signals[SIGNAL_EMG_CALIBRATION_CHANGED], 0);
}

static void watch_engine (ProprioStation  *self,
                          ProprioExercise *engine);

static void
emg_init (ProprioStation *self)
{
  self->mains_hz = 50;
  self->emg_highpass_hz = PROPRIO_EMG_DEFAULT_HIGHPASS_HZ;
  self->emg_window_ms = PROPRIO_EMG_DEFAULT_WINDOW_MS;
  self->mvc_calibration = proprio_mvc_calibration_new ();
  watch_engine (self, PROPRIO_EXERCISE (self->mvc_calibration));
  g_signal_connect_object (self->mvc_calibration, "finished", G_CALLBACK (emg_mvc_finished_cb),
                           self, 0);
  self->activation_drill = proprio_activation_drill_new ();
  watch_engine (self, PROPRIO_EXERCISE (self->activation_drill));
}

ProprioEmgStage *
proprio_station_get_emg_stage (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->emg_stage;
}

const char *
proprio_station_get_emg_error (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->emg_error;
}

/* A connected EMG device gets new filters (notch, high-pass, window) by reconnecting, unless
 * that would cut into a running exercise: then they apply to the next device (or reconnection
 * by the station). */
static void
emg_restage (ProprioStation *self)
{
  gboolean was_connected;

  if (self->emg_stage == NULL || engine_active (self))
    return;
  was_connected = proprio_device_get_state (self->device) != PROPRIO_DEVICE_STATE_DISCONNECTED;
  proprio_device_disconnect (self->device);
  emg_attach_stage (self);
  if (was_connected)
    proprio_device_connect (self->device);
}

guint
proprio_station_get_mains_hz (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), 50);
  return self->mains_hz;
}

void
proprio_station_set_mains_hz (ProprioStation *self,
                              guint           mains_hz)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (mains_hz == 50 || mains_hz == 60);

  if (self->mains_hz == mains_hz)
    return;
  self->mains_hz = mains_hz;
  emg_restage (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAINS_HZ]);
}

double
proprio_station_get_emg_highpass_hz (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), PROPRIO_EMG_DEFAULT_HIGHPASS_HZ);
  return self->emg_highpass_hz;
}

double
proprio_station_get_emg_window_ms (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), PROPRIO_EMG_DEFAULT_WINDOW_MS);
  return self->emg_window_ms;
}

void
proprio_station_set_emg_filters (ProprioStation *self,
                                 double          highpass_hz,
                                 double          window_ms)
{
  gboolean highpass_changed, window_changed;

  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (highpass_hz >= 0 && window_ms >= 25 && window_ms <= 500);

  highpass_changed = self->emg_highpass_hz != highpass_hz;
  window_changed = self->emg_window_ms != window_ms;
  if (!highpass_changed && !window_changed)
    return;
  self->emg_highpass_hz = highpass_hz;
  self->emg_window_ms = window_ms;
  emg_restage (self);
  if (highpass_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMG_HIGHPASS_HZ]);
  if (window_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMG_WINDOW_MS]);
}

ProprioEmgCalibration *
proprio_station_get_emg_calibration (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->emg_calibration;
}

void
proprio_station_set_emg_calibration (ProprioStation        *self,
                                     ProprioEmgCalibration *calibration)
{
  g_autoptr(GError) error = NULL;
  ProprioEmgCalibration *copy = NULL;

  g_return_if_fail (PROPRIO_IS_STATION (self));

  if (calibration != NULL)
    {
      /* The stored form is the copy: what a session file would keep is what the station has. */
      g_autoptr(GVariant) variant = g_variant_ref_sink (
        proprio_emg_calibration_to_variant (calibration));

      copy = proprio_emg_calibration_new_from_variant (variant, &error);
      g_return_if_fail (copy != NULL);
    }
  g_clear_pointer (&self->emg_calibration, proprio_emg_calibration_free);
  self->emg_calibration = copy;
  g_signal_emit (self, signals[SIGNAL_EMG_CALIBRATION_CHANGED], 0);
}

/* ---- the device ---- */

ProprioDevice *
proprio_station_get_device (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->device;
}

ProprioStreamKind
proprio_station_get_stream_kind (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), PROPRIO_STREAM_GENERIC);
  return self->device != NULL ? proprio_device_get_stream_kind (self->device)
                              : PROPRIO_STREAM_GENERIC;
}

gboolean
proprio_station_set_device_spec (ProprioStation  *self,
                                 const char      *spec,
                                 GError         **error)
{
  g_autoptr(ProprioDevice) device = NULL;

  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  device = proprio_device_new (spec, error);
  if (device == NULL)
    return FALSE;
  proprio_station_set_device (self, device);
  proprio_device_connect (device);
  return TRUE;
}

void
proprio_station_set_device (ProprioStation *self,
                            ProprioDevice  *device)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (device == NULL || PROPRIO_IS_DEVICE (device));

  if (self->device == device)
    return;
  if (engine_active (self))
    proprio_station_stop (self);

  if (self->device != NULL)
    proprio_device_disconnect (self->device);
  g_set_object (&self->device, device);
  emg_attach_stage (self);
  proprio_stream_reader_set_ring (self->reader,
                                  device != NULL ? proprio_device_get_ring (device) : NULL, TRUE);
  self->newest_us = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}

void
proprio_station_connect_device (ProprioStation *self)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  if (self->device != NULL)
    proprio_device_connect (self->device);
}

void
proprio_station_disconnect_device (ProprioStation *self)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  if (self->device != NULL)
    proprio_device_disconnect (self->device);
}

gboolean
proprio_station_apply_calibration (ProprioStation  *self,
                                   const char      *spec,
                                   GError         **error)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (engine_active (self))
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY,
                           _("Stop the running exercise before calibrating the board"));
      return FALSE;
    }
  if (!proprio_station_set_device_spec (self, spec, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_CALIBRATION_APPLIED], 0, spec);
  return TRUE;
}

/* ---- the camera ---- */

ProprioCamera *
proprio_station_get_camera (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->camera;
}

ProprioCameraMonitor *
proprio_station_get_camera_monitor (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->monitor;
}

void
proprio_station_hold_camera (ProprioStation *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROPRIO_IS_STATION (self));

  if (self->camera_holds++ > 0)
    return;
  /* Nothing at all to show is the camera's notice, not a failure here. */
  if (!proprio_camera_start (self->camera, &error))
    g_debug ("Camera not started: %s", error->message);
  _proprio_station_camera_angle_sync (self->camera_angle);
}

void
proprio_station_release_camera (ProprioStation *self)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (self->camera_holds > 0);

  if (--self->camera_holds == 0)
    {
      proprio_camera_stop (self->camera);
      _proprio_station_camera_angle_sync (self->camera_angle);
    }
}

guint
proprio_station_get_camera_holds (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), 0);
  return self->camera_holds;
}

/* ---- the joint angle (the rest is in proprio-station-camera-angle.c) ---- */

ProprioAngleSource
proprio_station_get_angle_source (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), PROPRIO_ANGLE_SOURCE_DEVICE);
  return _proprio_station_camera_angle_get_source (self->camera_angle);
}

gboolean
proprio_station_set_angle_source (ProprioStation      *self,
                                  ProprioAngleSource   source,
                                  GError             **error)
{
  ProprioAngleSource old;

  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  g_return_val_if_fail (source == PROPRIO_ANGLE_SOURCE_DEVICE
                        || source == PROPRIO_ANGLE_SOURCE_CAMERA
                        || source == PROPRIO_ANGLE_SOURCE_FROZEN_FRAME, FALSE);

  old = _proprio_station_camera_angle_get_source (self->camera_angle);
  if (!_proprio_station_camera_angle_set_source (self->camera_angle, source, error))
    return FALSE;
  if (old != source)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANGLE_SOURCE]);
  return TRUE;
}

void
proprio_station_set_frame_angle (ProprioStation *self,
                                 double          angle_deg,
                                 gint64          frame_us)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  _proprio_station_camera_angle_set_frame (self->camera_angle, angle_deg, frame_us);
}

double
proprio_station_get_frame_angle (ProprioStation *self,
                                 gint64         *frame_us)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NAN);
  return _proprio_station_camera_angle_get_frame (self->camera_angle, frame_us);
}

gboolean
proprio_station_register (ProprioStation  *self,
                          GError         **error)
{
  gboolean done;

  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  done = _proprio_station_camera_angle_register (self->camera_angle,
                                                 engine_active (self) ? self->running : NULL,
                                                 error);
  sync_running (self);
  return done;
}

/* ---- exercises ---- */

static void watch_engine (ProprioStation  *self,
                          ProprioExercise *engine);

void
_proprio_station_add_engine (ProprioStation  *self,
                             const char      *id,
                             ProprioExercise *engine)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));
  g_return_if_fail (id != NULL && PROPRIO_IS_EXERCISE (engine));
  g_return_if_fail (proprio_station_get_engine (self, id) == NULL);

  g_hash_table_insert (self->added_engines, g_strdup (id), g_object_ref (engine));
  watch_engine (self, engine);
}

const char * const *
proprio_station_get_exercise_ids (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  /* exercise_ids[0] is "live". */
  return exercise_ids + 1;
}

ProprioExercise *
proprio_station_get_engine (ProprioStation *self,
                            const char     *id)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);

  if (g_strcmp0 (id, "static-test") == 0)
    return PROPRIO_EXERCISE (self->static_test);
  if (g_strcmp0 (id, "weight-shift") == 0)
    return PROPRIO_EXERCISE (self->weight_shift);
  if (g_strcmp0 (id, "los-test") == 0)
    return PROPRIO_EXERCISE (self->los_test);
  if (g_strcmp0 (id, "mvc-calibration") == 0)
    return PROPRIO_EXERCISE (self->mvc_calibration);
  if (g_strcmp0 (id, "activation-drill") == 0)
    return PROPRIO_EXERCISE (self->activation_drill);
  if (g_strcmp0 (id, "jps-protocol") == 0)
    return PROPRIO_EXERCISE (self->jps_protocol);
  if (g_strcmp0 (id, "cop-matching") == 0)
    return PROPRIO_EXERCISE (self->cop_matching);
  return id != NULL ? g_hash_table_lookup (self->added_engines, id) : NULL;
}

const char *
proprio_station_get_exercise_id (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->exercise_id;
}

ProprioExercise *
proprio_station_get_exercise (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->exercise;
}

ProprioExercise *
proprio_station_get_running (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return engine_active (self) ? self->running : NULL;
}

gboolean
proprio_station_is_running (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  return engine_active (self);
}

gboolean
proprio_station_select_exercise (ProprioStation  *self,
                                 const char      *id,
                                 GError         **error)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);

  if (id == NULL)
    id = PROPRIO_STATION_EXERCISE_LIVE;
  if (!g_strv_contains (exercise_ids, id) && proprio_station_get_engine (self, id) == NULL)
    {
      g_set_error (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_UNKNOWN,
                   _("There is no exercise “%s”"), id);
      return FALSE;
    }
  if (g_strcmp0 (self->exercise_id, id) == 0)
    return TRUE;
  if (engine_active (self))
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY,
                           _("Stop the running exercise before choosing another one"));
      return FALSE;
    }

  g_free (self->exercise_id);
  self->exercise_id = g_strdup (id);
  self->exercise = proprio_station_get_engine (self, id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXERCISE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXERCISE]);
  return TRUE;
}

gboolean
proprio_station_start (ProprioStation  *self,
                       GError         **error)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);

  if (engine_active (self))
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_BUSY,
                           _("An exercise is already running"));
      return FALSE;
    }
  if (self->exercise == NULL)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_UNKNOWN,
                           _("Choose an exercise first"));
      return FALSE;
    }
  /* The EMG exercises read the envelopes of the device's EMG stage. */
  if (proprio_exercise_get_stream_kind (self->exercise) == PROPRIO_STREAM_EMG)
    {
      if (!emg_prepare_exercise (self, self->exercise, error))
        return FALSE;
    }
  /* The joint-angle exercises read the chosen angle source. */
  else if (proprio_exercise_get_stream_kind (self->exercise) == PROPRIO_STREAM_ANGLE)
    {
      if (!_proprio_station_camera_angle_prepare (self->camera_angle, self->exercise, error))
        return FALSE;
    }
  /* The balance exercises read the centre of pressure. */
  else if (proprio_station_get_stream_kind (self) != PROPRIO_STREAM_BALANCE)
    {
      g_set_error_literal (error, PROPRIO_STATION_ERROR, PROPRIO_STATION_ERROR_NO_STREAM,
                           _("This exercise needs a balance board: choose one in the device menu"));
      return FALSE;
    }

  self->running = self->exercise;
  /* The run begins now: what the board sent before is not part of it. */
  proprio_stream_reader_skip_to_now (self->reader);
  self->newest_us = 0;
  proprio_exercise_start (self->running);
  sync_running (self);
  return TRUE;
}

gboolean
proprio_station_stop (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);

  if (!engine_active (self))
    return FALSE;
  proprio_exercise_stop (self->running);
  sync_running (self);
  return TRUE;
}

gboolean
proprio_station_proceed (ProprioStation *self)
{
  gboolean done;

  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);

  if (!engine_active (self) ||
      proprio_exercise_get_phase (self->running) != PROPRIO_EXERCISE_PHASE_PAUSED)
    return FALSE;
  done = proprio_exercise_proceed (self->running);
  sync_running (self);
  return done;
}

void
proprio_station_toggle (ProprioStation *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PROPRIO_IS_STATION (self));

  if (!engine_active (self))
    {
      if (self->exercise != NULL && !proprio_station_start (self, &error))
        g_debug ("Not started: %s", error->message);
    }
  else if (proprio_exercise_get_phase (self->running) == PROPRIO_EXERCISE_PHASE_PAUSED)
    proprio_station_proceed (self);
  /* A matching protocol's key registers the position (or ends the memorising); it never stops
   * the test halfway through: Escape does. */
  else if (PROPRIO_IS_MATCH_EXERCISE (self->running))
    {
      if (!proprio_station_register (self, &error))
        g_debug ("Not registered: %s", error->message);
    }
  else
    proprio_station_stop (self);
}

gint64
proprio_station_get_exercise_time (ProprioStation *self,
                                   gint64          now_us)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), now_us);
  return MAX (now_us, self->newest_us);
}

gboolean
proprio_station_get_sound_enabled (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), FALSE);
  return self->sound_enabled;
}

void
proprio_station_set_sound_enabled (ProprioStation *self,
                                   gboolean        enabled)
{
  g_return_if_fail (PROPRIO_IS_STATION (self));

  enabled = !!enabled;
  if (self->sound_enabled == enabled)
    return;
  self->sound_enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_ENABLED]);
}

ProprioPacer *
proprio_station_get_pacer (ProprioStation *self)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (self), NULL);
  return self->pacer != NULL ? _proprio_station_pacer_get (self->pacer) : NULL;
}

/* ---- GObject ---- */

static void
proprio_station_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ProprioStation *self = PROPRIO_STATION (object);

  switch (prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, self->device);
      break;
    case PROP_CAMERA:
      g_value_set_object (value, self->camera);
      break;
    case PROP_EXERCISE_ID:
      g_value_set_string (value, self->exercise_id);
      break;
    case PROP_EXERCISE:
      g_value_set_object (value, self->exercise);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, engine_active (self));
      break;
    case PROP_SOUND_ENABLED:
      g_value_set_boolean (value, self->sound_enabled);
      break;
    case PROP_MAINS_HZ:
      g_value_set_uint (value, self->mains_hz);
      break;
    case PROP_EMG_HIGHPASS_HZ:
      g_value_set_double (value, self->emg_highpass_hz);
      break;
    case PROP_EMG_WINDOW_MS:
      g_value_set_double (value, self->emg_window_ms);
      break;
    case PROP_ANGLE_SOURCE:
      g_value_set_enum (value, proprio_station_get_angle_source (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_station_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ProprioStation *self = PROPRIO_STATION (object);
  g_autoptr(GError) error = NULL;

  switch (prop_id)
    {
    case PROP_EXERCISE_ID:
      if (!proprio_station_select_exercise (self, g_value_get_string (value), &error))
        g_warning ("%s", error->message);
      break;
    case PROP_SOUND_ENABLED:
      proprio_station_set_sound_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_MAINS_HZ:
      proprio_station_set_mains_hz (self, g_value_get_uint (value));
      break;
    case PROP_EMG_HIGHPASS_HZ:
      proprio_station_set_emg_filters (self, g_value_get_double (value), self->emg_window_ms);
      break;
    case PROP_EMG_WINDOW_MS:
      proprio_station_set_emg_filters (self, self->emg_highpass_hz, g_value_get_double (value));
      break;
    case PROP_ANGLE_SOURCE:
      if (!proprio_station_set_angle_source (self, g_value_get_enum (value), &error))
        g_warning ("%s", error->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_station_dispose (GObject *object)
{
  ProprioStation *self = PROPRIO_STATION (object);

  g_clear_handle_id (&self->pump_id, g_source_remove);
  g_clear_handle_id (&self->emg_quality_id, g_source_remove);
  if (self->device != NULL)
    proprio_device_disconnect (self->device);
  g_clear_object (&self->device);
  if (self->camera != NULL)
    proprio_camera_stop (self->camera);
  g_clear_pointer (&self->camera_angle, _proprio_station_camera_angle_free);
  g_clear_object (&self->camera);
  g_clear_object (&self->monitor);
  self->exercise = NULL;
  self->running = NULL;
  g_clear_object (&self->static_test);
  g_clear_object (&self->weight_shift);
  g_clear_object (&self->los_test);
  g_clear_object (&self->mvc_calibration);
  g_clear_object (&self->activation_drill);
  g_clear_object (&self->jps_protocol);
  g_clear_object (&self->cop_matching);
  g_clear_object (&self->emg_stage);
  g_clear_pointer (&self->added_engines, g_hash_table_unref);
  g_clear_pointer (&self->pacer, _proprio_station_pacer_free);

  G_OBJECT_CLASS (proprio_station_parent_class)->dispose (object);
}

static void
proprio_station_finalize (GObject *object)
{
  ProprioStation *self = PROPRIO_STATION (object);

  g_clear_pointer (&self->reader, proprio_stream_reader_free);
  g_clear_object (&self->results);
  g_free (self->exercise_id);
  g_clear_pointer (&self->emg_calibration, proprio_emg_calibration_free);
  g_free (self->emg_error);

  G_OBJECT_CLASS (proprio_station_parent_class)->finalize (object);
}

static void
proprio_station_class_init (ProprioStationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_station_get_property;
  object_class->set_property = proprio_station_set_property;
  object_class->dispose = proprio_station_dispose;
  object_class->finalize = proprio_station_finalize;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, PROPRIO_TYPE_DEVICE, ro);
  properties[PROP_CAMERA] =
    g_param_spec_object ("camera", NULL, NULL, PROPRIO_TYPE_CAMERA, ro);
  properties[PROP_EXERCISE_ID] =
    g_param_spec_string ("exercise-id", NULL, NULL, PROPRIO_STATION_EXERCISE_LIVE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXERCISE] =
    g_param_spec_object ("exercise", NULL, NULL, PROPRIO_TYPE_EXERCISE, ro);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_SOUND_ENABLED] =
    g_param_spec_boolean ("sound-enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MAINS_HZ] =
    g_param_spec_uint ("mains-hz", NULL, NULL, 50, 60, 50,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EMG_HIGHPASS_HZ] =
    g_param_spec_double ("emg-highpass-hz", NULL, NULL, 0, 200, PROPRIO_EMG_DEFAULT_HIGHPASS_HZ,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EMG_WINDOW_MS] =
    g_param_spec_double ("emg-window-ms", NULL, NULL, 25, 500, PROPRIO_EMG_DEFAULT_WINDOW_MS,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ANGLE_SOURCE] =
    g_param_spec_enum ("angle-source", NULL, NULL, PROPRIO_TYPE_ANGLE_SOURCE,
                       PROPRIO_ANGLE_SOURCE_DEVICE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_EXERCISE_EVENT] =
    g_signal_new ("exercise-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  PROPRIO_TYPE_EXERCISE, PROPRIO_TYPE_EXERCISE_EVENT, G_TYPE_INT64);
  signals[SIGNAL_CALIBRATION_APPLIED] =
    g_signal_new ("calibration-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_EMG_QUALITY_CHANGED] =
    g_signal_new ("emg-quality-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EMG_CALIBRATION_CHANGED] =
    g_signal_new ("emg-calibration-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
watch_engine (ProprioStation  *self,
              ProprioExercise *engine)
{
  g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb), self, 0);
  g_signal_connect_object (engine, "event", G_CALLBACK (engine_event_cb), self, 0);
  g_signal_connect_object (engine, "finished", G_CALLBACK (engine_finished_cb), self, 0);
}

static void
proprio_station_init (ProprioStation *self)
{
  /* The camera needs GStreamer; initialising twice is harmless. */
  gst_init (NULL, NULL);

  self->reader = proprio_stream_reader_new (256);
  self->results = g_list_store_new (PROPRIO_TYPE_EXERCISE_RESULT);
  self->exercise_id = g_strdup (PROPRIO_STATION_EXERCISE_LIVE);
  self->sound_enabled = TRUE;

  self->camera = proprio_camera_new ();
  self->monitor = proprio_camera_monitor_new ();
  proprio_camera_set_monitor (self->camera, self->monitor);
  self->camera_angle = _proprio_station_camera_angle_new (self);
  self->added_engines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  self->static_test = proprio_static_test_new ();
  self->weight_shift = proprio_weight_shift_new ();
  self->los_test = proprio_los_test_new ();
  watch_engine (self, PROPRIO_EXERCISE (self->static_test));
  watch_engine (self, PROPRIO_EXERCISE (self->weight_shift));
  watch_engine (self, PROPRIO_EXERCISE (self->los_test));
  emg_init (self);
  self->pacer = _proprio_station_pacer_new ();
  self->jps_protocol = proprio_jps_protocol_new ();
  self->cop_matching = proprio_cop_matching_new ();
  watch_engine (self, PROPRIO_EXERCISE (self->jps_protocol));
  watch_engine (self, PROPRIO_EXERCISE (self->cop_matching));
}

ProprioStation *
proprio_station_new (void)
{
  return g_object_new (PROPRIO_TYPE_STATION, NULL);
}
