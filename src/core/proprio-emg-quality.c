/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg"

#include "config.h"

#include "proprio-emg-quality.h"

#include <glib/gi18n.h>
#include <math.h>

#define FULL_SCALE_SHARE      0.99
#define RAIL_MIN_RUN          3
#define RAIL_MIN_SPAN_FLATS   100.0
#define LEAD_OFF_MIN_SHARE    0.9
#define NOISY_MIN_SHARE       0.25

/* Samples in runs of at least RAIL_MIN_RUN identical values at the window's current extreme. */
typedef struct
{
  double value;
  guint  run;
  guint  in_runs;
} Extreme;

/* One window being filled; values relative to `reference` (the last completed window's mean,
 * or the first sample), so large offsets cost no precision and leak nothing into the Goertzel. */
typedef struct
{
  gboolean active;
  double   reference;
  guint    n;
  double   sum, sum_sq;
  double   g_s1, g_s2;          /* Goertzel state at the mains frequency */
  guint    beyond_full_scale;
  Extreme  hi, lo;
} Window;

struct _ProprioEmgQuality
{
  ProprioEmgQualityConfig config;
  char                   *name;
  guint                   window;
  double                  g_coeff;

  /* Two windows staggered by half a window: a report every half window, each over a whole one. */
  Window                  win[2];
  guint64                 pushed;
  gboolean                have_mean;
  double                  last_mean;

  ProprioEmgQualityReport report;
};

G_DEFINE_QUARK (proprio-emg-quality-error-quark, proprio_emg_quality_error)

static const char * const state_names[PROPRIO_EMG_QUALITY_N_STATES] = {
  [PROPRIO_EMG_QUALITY_UNKNOWN] = "unknown",
  [PROPRIO_EMG_QUALITY_OK] = "ok",
  [PROPRIO_EMG_QUALITY_FLAT] = "flat",
  [PROPRIO_EMG_QUALITY_SATURATED] = "saturated",
  [PROPRIO_EMG_QUALITY_LEAD_OFF] = "lead-off",
  [PROPRIO_EMG_QUALITY_NOISY] = "noisy",
};

const char *
proprio_emg_quality_state_to_string (ProprioEmgQualityState state)
{
  g_return_val_if_fail ((guint) state < PROPRIO_EMG_QUALITY_N_STATES, "unknown");
  return state_names[state];
}

void
proprio_emg_quality_config_init (ProprioEmgQualityConfig *config,
                                 double                   rate_hz)
{
  g_return_if_fail (config != NULL);

  config->rate_hz = rate_hz;
  config->window_s = 1.0;
  config->mains_hz = 50.0;
  config->flat_sd_uv = 0.1;
  config->full_scale_uv = 0.0;
  config->rail_share = 0.05;
  config->hum_limit_uv = 20.0;
  config->lead_off_hum_uv = 200.0;
}

static void
window_start (Window *w,
              double  reference)
{
  *w = (Window) {
    .active = TRUE,
    .reference = reference,
    .hi = { -INFINITY, 0, 0 },
    .lo = { INFINITY, 0, 0 },
  };
}

ProprioEmgQuality *
proprio_emg_quality_new (const ProprioEmgQualityConfig *config,
                         const char                    *channel_name,
                         GError                       **error)
{
  ProprioEmgQuality *self;
  const ProprioEmgQualityConfig *c = config;
  double window;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (channel_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  window = round (c->rate_hz * c->window_s);
  if (!isfinite (c->rate_hz) || c->rate_hz <= 0.0 || !isfinite (window) || window < 16.0
      || window > (double) G_MAXINT32)
    {
      g_set_error (error, PROPRIO_EMG_QUALITY_ERROR, PROPRIO_EMG_QUALITY_ERROR_INVALID_SETTING,
                   _("The signal check needs at least 16 samples per window; %g samples per "
                     "second over %g s give %g"), c->rate_hz, c->window_s, window);
      return NULL;
    }
  if (!(c->mains_hz > 0.0 && c->mains_hz < c->rate_hz / 2.0))
    {
      g_set_error (error, PROPRIO_EMG_QUALITY_ERROR, PROPRIO_EMG_QUALITY_ERROR_INVALID_SETTING,
                   _("Mains hum at %g Hz cannot be measured at %g samples per second"),
                   c->mains_hz, c->rate_hz);
      return NULL;
    }
  if (!(c->flat_sd_uv >= 0.0 && c->full_scale_uv >= 0.0 && c->rail_share > 0.0
        && c->rail_share <= 1.0 && c->hum_limit_uv >= 0.0 && c->lead_off_hum_uv >= 0.0))
    {
      g_set_error (error, PROPRIO_EMG_QUALITY_ERROR, PROPRIO_EMG_QUALITY_ERROR_INVALID_SETTING,
                   _("The signal check’s limits must be positive numbers"));
      return NULL;
    }

  self = g_new0 (ProprioEmgQuality, 1);
  self->config = *config;
  self->name = g_strdup (channel_name);
  self->window = (guint) window;
  self->g_coeff = 2.0 * cos (2.0 * G_PI * c->mains_hz / c->rate_hz);
  self->report = (ProprioEmgQualityReport) { PROPRIO_EMG_QUALITY_UNKNOWN, NAN, NAN, NAN, NAN };
  return self;
}

void
proprio_emg_quality_free (ProprioEmgQuality *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self);
}

static void
extreme_update_high (Extreme *e,
                     double   x)
{
  if (x > e->value)
    *e = (Extreme) { x, 1, 0 };
  else if (x == e->value)
    {
      e->run++;
      if (e->run == RAIL_MIN_RUN)
        e->in_runs += RAIL_MIN_RUN;
      else if (e->run > RAIL_MIN_RUN)
        e->in_runs++;
    }
  else
    e->run = 0;
}

static void
window_finish (ProprioEmgQuality *self,
               Window            *win)
{
  const ProprioEmgQualityConfig *c = &self->config;
  ProprioEmgQualityReport *r = &self->report;
  double n = win->n;
  double mean = win->sum / n;
  double var = MAX (0.0, win->sum_sq / n - mean * mean);
  double re, im, x_mag, hum_power, rails;

  /* Goertzel: X(f) from the last two states; the mains sine of amplitude A gives |X| ≈ A·n/2,
   * so its RMS A/√2 is √2·|X|/n. The window's mean (a residual offset) leaks into X by at most
   * |mean|/sin(πf/fs), which is subtracted exactly as the DTFT of a constant. */
  {
    double w = 2.0 * G_PI * c->mains_hz / c->rate_hz;
    double dc_re, dc_im, sum_cos = 0.0, sum_sin = 0.0;

    /* y = s₁ − e^{−jω}·s₂ equals e^{jω(n−1)}·X(ω); undo that phase to compare X with the
     * constant's DTFT Σ e^{−jωk}. */
    re = win->g_s1 - win->g_s2 * cos (w);
    im = win->g_s2 * sin (w);
    {
      double ph = -w * (n - 1.0);
      double r2 = re * cos (ph) - im * sin (ph);
      double i2 = re * sin (ph) + im * cos (ph);

      re = r2;
      im = i2;
    }
    /* Σ_{k<n} e^{−jωk} in closed form. */
    if (fabs (sin (w / 2.0)) > 1e-12)
      {
        double ratio = sin (w * n / 2.0) / sin (w / 2.0);

        sum_cos = ratio * cos (-w * (n - 1.0) / 2.0);
        sum_sin = ratio * sin (-w * (n - 1.0) / 2.0);
      }
    dc_re = mean * sum_cos;
    dc_im = mean * sum_sin;
    re -= dc_re;
    im -= dc_im;
    x_mag = sqrt (re * re + im * im);
  }

  r->sd_uv = sqrt (var);
  r->hum_uv = G_SQRT2 * x_mag / n;
  hum_power = r->hum_uv * r->hum_uv;
  r->hum_share = var > 0.0 ? MIN (1.0, hum_power / var) : 0.0;

  if (c->full_scale_uv > 0.0)
    rails = win->beyond_full_scale;
  else if (win->hi.value - win->lo.value > RAIL_MIN_SPAN_FLATS * c->flat_sd_uv)
    rails = win->hi.in_runs + win->lo.in_runs;
  else
    rails = 0;
  r->rail_share = rails / n;

  if (r->sd_uv < c->flat_sd_uv)
    r->state = PROPRIO_EMG_QUALITY_FLAT;
  else if (r->rail_share >= c->rail_share)
    r->state = PROPRIO_EMG_QUALITY_SATURATED;
  else if (r->hum_share >= LEAD_OFF_MIN_SHARE && r->hum_uv >= c->lead_off_hum_uv)
    r->state = PROPRIO_EMG_QUALITY_LEAD_OFF;
  else if (r->hum_share >= NOISY_MIN_SHARE && r->hum_uv >= c->hum_limit_uv)
    r->state = PROPRIO_EMG_QUALITY_NOISY;
  else
    r->state = PROPRIO_EMG_QUALITY_OK;

  self->last_mean = win->reference + mean;
  self->have_mean = TRUE;
}

static void
window_add (ProprioEmgQuality *self,
            Window            *win,
            double             x)
{
  double v, s;

  if (self->config.full_scale_uv > 0.0
      && fabs (x) >= FULL_SCALE_SHARE * self->config.full_scale_uv)
    win->beyond_full_scale++;
  extreme_update_high (&win->hi, x);
  /* The low extreme is the high extreme of −x. */
  {
    Extreme neg = { -win->lo.value, win->lo.run, win->lo.in_runs };

    extreme_update_high (&neg, -x);
    win->lo = (Extreme) { -neg.value, neg.run, neg.in_runs };
  }

  v = x - win->reference;
  win->sum += v;
  win->sum_sq += v * v;
  s = v + self->g_coeff * win->g_s1 - win->g_s2;
  win->g_s2 = win->g_s1;
  win->g_s1 = s;
  win->n++;
}

gboolean
proprio_emg_quality_push (ProprioEmgQuality *self,
                          double             x)
{
  gboolean ready = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!isfinite (x))
    return FALSE;
  if (self->pushed == 0)
    window_start (&self->win[0], x);
  if (self->pushed == self->window / 2)
    window_start (&self->win[1], self->have_mean ? self->last_mean : x);
  self->pushed++;

  for (guint k = 0; k < G_N_ELEMENTS (self->win); k++)
    {
      Window *win = &self->win[k];

      if (!win->active)
        continue;
      window_add (self, win, x);
      if (win->n < self->window)
        continue;
      window_finish (self, win);
      window_start (win, self->last_mean);
      ready = TRUE;
    }
  return ready;
}

ProprioEmgQualityState
proprio_emg_quality_get_state (ProprioEmgQuality *self)
{
  g_return_val_if_fail (self != NULL, PROPRIO_EMG_QUALITY_UNKNOWN);
  return self->report.state;
}

const ProprioEmgQualityReport *
proprio_emg_quality_get_report (ProprioEmgQuality *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->report;
}

guint
proprio_emg_quality_get_window_samples (ProprioEmgQuality *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->window;
}

char *
proprio_emg_quality_dup_message (ProprioEmgQuality *self)
{
  const ProprioEmgQualityReport *r;

  g_return_val_if_fail (self != NULL, NULL);

  r = &self->report;
  switch (r->state)
    {
    case PROPRIO_EMG_QUALITY_FLAT:
      return g_strdup_printf (_("Check the electrode on %s: the signal is flat"), self->name);
    case PROPRIO_EMG_QUALITY_SATURATED:
      return g_strdup_printf (_("Check the electrode on %s: the signal hits the amplifier’s "
                                "limit (saturated)"), self->name);
    case PROPRIO_EMG_QUALITY_LEAD_OFF:
      return g_strdup_printf (_("Check the electrode on %s: it seems to be off the skin "
                                "(mains hum %.0f µV)"), self->name, r->hum_uv);
    case PROPRIO_EMG_QUALITY_NOISY:
      return g_strdup_printf (_("Check the electrode on %s: strong mains hum (%.0f µV)"),
                              self->name, r->hum_uv);
    case PROPRIO_EMG_QUALITY_UNKNOWN:
    case PROPRIO_EMG_QUALITY_OK:
    default:
      return NULL;
    }
}
