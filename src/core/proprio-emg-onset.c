/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg"

#include "config.h"

#include "proprio-emg-onset.h"

#include <glib/gi18n.h>
#include <math.h>

typedef enum
{
  STATE_QUIET,
  STATE_RISING,    /* above the threshold, not yet for min_duration */
  STATE_ACTIVE,
  STATE_FALLING,   /* at or below the threshold, not yet for min_duration */
} State;

struct _ProprioEmgOnsetDetector
{
  ProprioEmgOnsetConfig config;
  gint64                min_duration_us;

  /* The last `window` envelope samples and their times; the running sum is replaced by one
   * summed from scratch at each wrap of the ring, so rounding never accumulates. */
  double               *values;
  gint64               *times;
  guint                 window;
  guint                 pos, count;
  double                sum, fresh;

  gboolean              have_baseline;
  double                base_mean, base_sd;
  gboolean              learning;
  gint64                learn_start_us, learn_end_us;
  guint                 learn_n;
  double                learn_mean, learn_m2;   /* Welford */

  gboolean              have_cue;
  gint64                cue_us;

  State                 state;
  gint64                crossing_us;     /* when the window mean crossed the threshold */
  gint64                candidate_us;    /* the event time that crossing would report */
};

G_DEFINE_QUARK (proprio-emg-onset-error-quark, proprio_emg_onset_error)

void
proprio_emg_onset_config_init (ProprioEmgOnsetConfig *config,
                               double                 rate_hz)
{
  g_return_if_fail (config != NULL);

  config->rate_hz = rate_hz;
  config->window_ms = PROPRIO_EMG_ONSET_DEFAULT_WINDOW_MS;
  config->h = PROPRIO_EMG_ONSET_DEFAULT_H;
  config->min_duration_ms = PROPRIO_EMG_ONSET_DEFAULT_MIN_DURATION_MS;
}

ProprioEmgOnsetDetector *
proprio_emg_onset_detector_new (const ProprioEmgOnsetConfig *config,
                                GError                     **error)
{
  ProprioEmgOnsetDetector *self;
  double window;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(config->window_ms >= 25.0 && config->window_ms <= 50.0))
    {
      g_set_error (error, PROPRIO_EMG_ONSET_ERROR, PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING,
                   _("The onset window must be 25 to 50 ms (Hodges & Bui), not %g"),
                   config->window_ms);
      return NULL;
    }
  if (!(config->h > 0.0 && config->h <= 100.0))
    {
      g_set_error (error, PROPRIO_EMG_ONSET_ERROR, PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING,
                   _("The onset threshold must be above 0 and at most 100 standard deviations, "
                     "not %g"), config->h);
      return NULL;
    }
  if (!(config->min_duration_ms >= 0.0 && config->min_duration_ms <= 60000.0))
    {
      g_set_error (error, PROPRIO_EMG_ONSET_ERROR, PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING,
                   _("The minimum burst duration must be 0 to 60000 ms, not %g"),
                   config->min_duration_ms);
      return NULL;
    }
  window = round (config->window_ms * config->rate_hz / 1000.0);
  if (!isfinite (config->rate_hz) || config->rate_hz <= 0.0 || window < 1.0)
    {
      g_set_error (error, PROPRIO_EMG_ONSET_ERROR, PROPRIO_EMG_ONSET_ERROR_INVALID_SETTING,
                   _("A %g ms onset window needs at least %g samples per second; this device "
                     "gives %g"), config->window_ms, ceil (500.0 / config->window_ms),
                   config->rate_hz);
      return NULL;
    }

  self = g_new0 (ProprioEmgOnsetDetector, 1);
  self->config = *config;
  self->min_duration_us = (gint64) llround (config->min_duration_ms * 1000.0);
  self->window = (guint) window;
  self->values = g_new0 (double, self->window);
  self->times = g_new0 (gint64, self->window);
  self->state = STATE_QUIET;
  return self;
}

void
proprio_emg_onset_detector_free (ProprioEmgOnsetDetector *self)
{
  if (self == NULL)
    return;
  g_free (self->values);
  g_free (self->times);
  g_free (self);
}

void
proprio_emg_onset_detector_set_baseline (ProprioEmgOnsetDetector *self,
                                         double                   mean,
                                         double                   sd)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (mean) && isfinite (sd) && sd >= 0.0);

  self->base_mean = mean;
  self->base_sd = sd;
  self->have_baseline = TRUE;
  self->learning = FALSE;
}

void
proprio_emg_onset_detector_learn_baseline (ProprioEmgOnsetDetector *self,
                                           gint64                   start_us,
                                           gint64                   end_us)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (end_us > start_us);

  self->learning = TRUE;
  self->have_baseline = FALSE;
  self->learn_start_us = start_us;
  self->learn_end_us = end_us;
  self->learn_n = 0;
  self->learn_mean = self->learn_m2 = 0.0;
}

gboolean
proprio_emg_onset_detector_get_baseline (ProprioEmgOnsetDetector *self,
                                         double                  *mean,
                                         double                  *sd)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (mean != NULL)
    *mean = self->have_baseline ? self->base_mean : NAN;
  if (sd != NULL)
    *sd = self->have_baseline ? self->base_sd : NAN;
  return self->have_baseline;
}

double
proprio_emg_onset_detector_get_threshold (ProprioEmgOnsetDetector *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  if (!self->have_baseline)
    return NAN;
  return self->base_mean + self->config.h * self->base_sd;
}

gboolean
proprio_emg_onset_detector_is_active (ProprioEmgOnsetDetector *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->state == STATE_ACTIVE || self->state == STATE_FALLING;
}

void
proprio_emg_onset_detector_set_cue (ProprioEmgOnsetDetector *self,
                                    gint64                   cue_us)
{
  g_return_if_fail (self != NULL);
  self->cue_us = cue_us;
  self->have_cue = TRUE;
}

static void
learn (ProprioEmgOnsetDetector *self,
       gint64                   t_us,
       double                   v)
{
  if (t_us >= self->learn_start_us && t_us < self->learn_end_us)
    {
      double delta = v - self->learn_mean;

      self->learn_n++;
      self->learn_mean += delta / self->learn_n;
      self->learn_m2 += delta * (v - self->learn_mean);
    }
  else if (t_us >= self->learn_end_us && self->learn_n >= 2)
    {
      self->base_mean = self->learn_mean;
      /* Sample SD (n − 1), as Hodges & Bui's baseline statistics. */
      self->base_sd = sqrt (self->learn_m2 / (self->learn_n - 1));
      self->have_baseline = TRUE;
      self->learning = FALSE;
    }
}

static void
fill_event (ProprioEmgOnsetDetector *self,
            ProprioEmgOnsetKind      kind,
            ProprioEmgOnsetEvent    *event)
{
  if (event == NULL)
    return;
  event->kind = kind;
  event->t_us = self->candidate_us;
  event->since_cue_s = self->have_cue ? (double) (self->candidate_us - self->cue_us) / 1e6 : NAN;
}

gboolean
proprio_emg_onset_detector_push (ProprioEmgOnsetDetector *self,
                                 gint64                   t_us,
                                 double                   envelope,
                                 ProprioEmgOnsetEvent    *event)
{
  guint oldest;
  double mean, threshold;
  gboolean above;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!isfinite (envelope))
    return FALSE;

  self->sum += envelope - self->values[self->pos];
  self->fresh += envelope;
  self->values[self->pos] = envelope;
  self->times[self->pos] = t_us;
  if (++self->pos == self->window)
    {
      self->pos = 0;
      self->sum = self->fresh;
      self->fresh = 0.0;
    }
  if (self->count < self->window)
    self->count++;

  if (self->learning)
    learn (self, t_us, envelope);
  if (!self->have_baseline || self->count < self->window)
    return FALSE;

  /* The ring is full, so its oldest sample is the one at pos. */
  oldest = self->pos;
  mean = self->sum / self->window;
  threshold = self->base_mean + self->config.h * self->base_sd;
  above = mean > threshold;

  switch (self->state)
    {
    case STATE_QUIET:
      if (!above)
        return FALSE;
      self->state = STATE_RISING;
      self->crossing_us = t_us;
      self->candidate_us = t_us;
      break;
    case STATE_RISING:
      if (!above)
        {
          self->state = STATE_QUIET;   /* a spike */
          return FALSE;
        }
      break;
    case STATE_ACTIVE:
      if (above)
        return FALSE;
      self->state = STATE_FALLING;
      self->crossing_us = t_us;
      self->candidate_us = self->times[oldest];
      break;
    case STATE_FALLING:
      if (above)
        {
          self->state = STATE_ACTIVE;  /* a dip inside the burst */
          return FALSE;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (t_us - self->crossing_us < self->min_duration_us)
    return FALSE;
  if (self->state == STATE_RISING)
    {
      self->state = STATE_ACTIVE;
      fill_event (self, PROPRIO_EMG_ONSET, event);
    }
  else
    {
      self->state = STATE_QUIET;
      fill_event (self, PROPRIO_EMG_OFFSET, event);
    }
  return TRUE;
}
