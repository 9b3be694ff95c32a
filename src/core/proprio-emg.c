/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg"

#include "config.h"

#include "proprio-emg.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-filter.h"

/* Notches stop at this share of the Nyquist frequency: closer to it, the band-stop's width no
 * longer fits below Nyquist and the section would also cut the top of the pass band. */
#define NOTCH_MAX_NYQUIST_SHARE 0.95
/* The offset follows the signal with this time constant when no high-pass removes it. */
#define OFFSET_TIME_CONSTANT_S  2.0
/* A rectify + low-pass envelope needs its cut-off well inside the band of the signal it smooths. */
#define ENVELOPE_LOWPASS_MAX_HZ 50.0

/* Sections: 2 high-pass, up to PROPRIO_EMG_MAX_NOTCHES notches, 2 low-pass. */
#define MAX_SECTIONS (PROPRIO_EMG_MAX_NOTCHES + 4)

typedef struct
{
  double z1, z2;
} SectionState;

struct _ProprioEmgProcessor
{
  ProprioEmgConfig config;

  ProprioBiquad    sections[MAX_SECTIONS];
  SectionState     state[MAX_SECTIONS];
  guint            n_sections;
  double           notches[PROPRIO_EMG_MAX_NOTCHES];
  guint            n_notches;

  gboolean         started;
  double           offset;
  double           offset_alpha;   /* 0 when the high-pass removes the offset */

  /* RMS: squares of the last `window` filtered samples; `sum` is their running sum, replaced by
   * `fresh` (summed from scratch since the last wrap of the ring) whenever the ring wraps, so the
   * rounding errors of adding and subtracting never build up beyond one window. */
  double          *squares;
  guint            window;
  guint            pos;
  guint            count;
  double           sum;
  double           fresh;

  ProprioBiquad    envelope_lp;
  SectionState     envelope_state;
};

struct _ProprioEmgBank
{
  guint                 n_channels;
  ProprioEmgProcessor **channels;
};

G_DEFINE_QUARK (proprio-emg-error-quark, proprio_emg_error)

/* Butterworth sections of order 4: the pole pairs of the analogue prototype at angles π/8 and
 * 3π/8 from the negative real axis give Q = 1 / (2 cos θ). */
static const double butterworth4_q[2] = { 0.54119610014619698, 1.3065629648763766 };

typedef enum
{
  SECTION_LOWPASS,
  SECTION_HIGHPASS,
  SECTION_NOTCH,
} SectionKind;

/* Bilinear transform of the analogue prototypes 1/(s² + s/Q + 1) (low-pass), s²/(…) (high-pass)
 * and (s² + 1)/(…) (notch), with K = tan(π f/fs) pre-warping the frequency f. */
static void
design_section (SectionKind    kind,
                double         freq_hz,
                double         q,
                double         rate_hz,
                ProprioBiquad *out)
{
  double k = tan (G_PI * freq_hz / rate_hz);
  double k2 = k * k;
  double norm = 1.0 / (1.0 + k / q + k2);

  out->a1 = 2.0 * (k2 - 1.0) * norm;
  out->a2 = (1.0 - k / q + k2) * norm;
  switch (kind)
    {
    case SECTION_LOWPASS:
      out->b0 = k2 * norm;
      out->b1 = 2.0 * out->b0;
      out->b2 = out->b0;
      break;
    case SECTION_HIGHPASS:
      out->b0 = norm;
      out->b1 = -2.0 * norm;
      out->b2 = norm;
      break;
    case SECTION_NOTCH:
      out->b0 = (1.0 + k2) * norm;
      out->b1 = out->a1;
      out->b2 = out->b0;
      break;
    default:
      g_assert_not_reached ();
    }
}

static inline double
section_step (const ProprioBiquad *bq,
              SectionState        *st,
              double               x)
{
  double y = bq->b0 * x + st->z1;

  st->z1 = bq->b1 * x - bq->a1 * y + st->z2;
  st->z2 = bq->b2 * x - bq->a2 * y;
  return y;
}

double
proprio_emg_default_lowpass_hz (double rate_hz)
{
  return MIN (PROPRIO_EMG_DEFAULT_LOWPASS_MAX_HZ, 0.45 * rate_hz);
}

void
proprio_emg_config_init (ProprioEmgConfig *config,
                         double            rate_hz)
{
  g_return_if_fail (config != NULL);

  config->rate_hz = rate_hz;
  config->highpass_hz = PROPRIO_EMG_DEFAULT_HIGHPASS_HZ;
  config->lowpass_hz = proprio_emg_default_lowpass_hz (rate_hz);
  config->notch_hz = 0.0;
  config->envelope_mode = PROPRIO_EMG_ENVELOPE_RMS;
  config->window_ms = PROPRIO_EMG_DEFAULT_WINDOW_MS;
  config->envelope_lowpass_hz = PROPRIO_EMG_DEFAULT_ENVELOPE_LOWPASS_HZ;
  config->input_is_envelope = FALSE;
}

static gboolean
rate_too_low (GError     **error,
              const char  *what,
              double       freq_hz,
              double       needed_hz,
              gboolean     strictly,
              double       rate_hz)
{
  if (strictly ? rate_hz > needed_hz : rate_hz >= needed_hz)
    return FALSE;
  /* TRANSLATORS: the first %s is a filter, e.g. "high-pass"; the numbers are Hz and samples per
   * second. */
  if (strictly)
    g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW,
                 _("A %g Hz %s needs more than %g samples per second; this device gives %g"),
                 freq_hz, what, needed_hz, rate_hz);
  else
    g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW,
                 _("A %g Hz %s needs at least %g samples per second; this device gives %g"),
                 freq_hz, what, needed_hz, rate_hz);
  return TRUE;
}

gboolean
proprio_emg_config_validate (const ProprioEmgConfig *c,
                             GError                **error)
{
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (c->rate_hz) || c->rate_hz <= 0.0)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The sample rate must be a positive number of samples per second, not %g"),
                   c->rate_hz);
      return FALSE;
    }
  if (c->input_is_envelope)
    return TRUE;   /* nothing is filtered */

  if (!isfinite (c->highpass_hz) || c->highpass_hz < 0.0)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The high-pass cut-off must be 0 (off) or a positive number of Hz, not %g"),
                   c->highpass_hz);
      return FALSE;
    }
  if (c->highpass_hz > 0.0
      && rate_too_low (error, _("high-pass"), c->highpass_hz,
                       c->highpass_hz / PROPRIO_EMG_HIGHPASS_MAX_RATE_SHARE, FALSE, c->rate_hz))
    return FALSE;

  if (!isfinite (c->lowpass_hz) || c->lowpass_hz < 0.0)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The low-pass cut-off must be 0 (off) or a positive number of Hz, not %g"),
                   c->lowpass_hz);
      return FALSE;
    }
  if (c->lowpass_hz > 0.0)
    {
      if (rate_too_low (error, _("low-pass"), c->lowpass_hz, 2.0 * c->lowpass_hz, TRUE,
                        c->rate_hz))
        return FALSE;
      if (c->lowpass_hz <= c->highpass_hz)
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                       _("The low-pass cut-off (%g Hz) must be above the high-pass cut-off "
                         "(%g Hz)"), c->lowpass_hz, c->highpass_hz);
          return FALSE;
        }
    }

  if (c->notch_hz != 0.0 && c->notch_hz != 50.0 && c->notch_hz != 60.0)
    {
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("The mains notch must be 0 (off), 50 or 60 Hz, not %g"), c->notch_hz);
      return FALSE;
    }
  /* The notch's band must fit below 0.95 × Nyquist: the smallest whole rate above that. */
  if (c->notch_hz > 0.0
      && rate_too_low (error, _("mains notch"), c->notch_hz,
                       floor (2.0 * c->notch_hz / NOTCH_MAX_NYQUIST_SHARE) + 1.0, FALSE,
                       c->rate_hz))
    return FALSE;

  switch (c->envelope_mode)
    {
    case PROPRIO_EMG_ENVELOPE_RMS:
      if (!(c->window_ms >= PROPRIO_EMG_MIN_WINDOW_MS && c->window_ms <= PROPRIO_EMG_MAX_WINDOW_MS))
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                       _("The RMS window must be %g to %g ms, not %g"),
                       PROPRIO_EMG_MIN_WINDOW_MS, PROPRIO_EMG_MAX_WINDOW_MS, c->window_ms);
          return FALSE;
        }
      if (lround (c->window_ms * c->rate_hz / 1000.0) < 2)
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_RATE_TOO_LOW,
                       _("A %g ms RMS window needs at least %g samples per second to hold two "
                         "samples; this device gives %g"),
                       c->window_ms, ceil (1500.0 / c->window_ms), c->rate_hz);
          return FALSE;
        }
      break;
    case PROPRIO_EMG_ENVELOPE_LOWPASS:
      if (!isfinite (c->envelope_lowpass_hz) || c->envelope_lowpass_hz <= 0.0
          || c->envelope_lowpass_hz > ENVELOPE_LOWPASS_MAX_HZ)
        {
          g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                       _("The envelope low-pass must be above 0 and at most %g Hz, not %g"),
                       ENVELOPE_LOWPASS_MAX_HZ, c->envelope_lowpass_hz);
          return FALSE;
        }
      if (rate_too_low (error, _("envelope low-pass"), c->envelope_lowpass_hz,
                        2.0 * c->envelope_lowpass_hz, TRUE, c->rate_hz))
        return FALSE;
      break;
    default:
      g_set_error (error, PROPRIO_EMG_ERROR, PROPRIO_EMG_ERROR_INVALID_SETTING,
                   _("Unknown envelope mode %d"), (int) c->envelope_mode);
      return FALSE;
    }
  return TRUE;
}

ProprioEmgProcessor *
proprio_emg_processor_new (const ProprioEmgConfig *config,
                           GError                **error)
{
  ProprioEmgProcessor *self;
  const ProprioEmgConfig *c = config;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!proprio_emg_config_validate (config, error))
    return NULL;

  self = g_new0 (ProprioEmgProcessor, 1);
  self->config = *config;

  if (!c->input_is_envelope)
    {
      if (c->highpass_hz > 0.0)
        for (guint i = 0; i < 2; i++)
          design_section (SECTION_HIGHPASS, c->highpass_hz, butterworth4_q[i], c->rate_hz,
                          &self->sections[self->n_sections++]);
      else
        self->offset_alpha = 1.0 - exp (-1.0 / (OFFSET_TIME_CONSTANT_S * c->rate_hz));

      for (double f = c->notch_hz;
           c->notch_hz > 0.0 && f < NOTCH_MAX_NYQUIST_SHARE * c->rate_hz / 2.0
           && self->n_notches < PROPRIO_EMG_MAX_NOTCHES;
           f += c->notch_hz)
        {
          self->notches[self->n_notches++] = f;
          design_section (SECTION_NOTCH, f, PROPRIO_EMG_NOTCH_Q, c->rate_hz,
                          &self->sections[self->n_sections++]);
        }

      if (c->lowpass_hz > 0.0)
        for (guint i = 0; i < 2; i++)
          design_section (SECTION_LOWPASS, c->lowpass_hz, butterworth4_q[i], c->rate_hz,
                          &self->sections[self->n_sections++]);

      if (c->envelope_mode == PROPRIO_EMG_ENVELOPE_RMS)
        {
          self->window = (guint) lround (c->window_ms * c->rate_hz / 1000.0);
          self->squares = g_new0 (double, self->window);
        }
      else
        design_section (SECTION_LOWPASS, c->envelope_lowpass_hz, G_SQRT2 / 2.0, c->rate_hz,
                        &self->envelope_lp);
    }
  return self;
}

void
proprio_emg_processor_free (ProprioEmgProcessor *self)
{
  if (self == NULL)
    return;
  g_free (self->squares);
  g_free (self);
}

void
proprio_emg_processor_reset (ProprioEmgProcessor *self)
{
  g_return_if_fail (self != NULL);

  self->started = FALSE;
  self->offset = 0.0;
  for (guint i = 0; i < self->n_sections; i++)
    self->state[i] = (SectionState) { 0.0, 0.0 };
  self->envelope_state = (SectionState) { 0.0, 0.0 };
  if (self->squares != NULL)
    memset (self->squares, 0, self->window * sizeof (double));
  self->pos = 0;
  self->count = 0;
  self->sum = 0.0;
  self->fresh = 0.0;
}

const ProprioEmgConfig *
proprio_emg_processor_get_config (ProprioEmgProcessor *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->config;
}

guint
proprio_emg_processor_get_window_samples (ProprioEmgProcessor *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->window;
}

const double *
proprio_emg_processor_get_notches (ProprioEmgProcessor *self,
                                   guint               *n_out)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (n_out != NULL)
    *n_out = self->n_notches;
  return self->notches;
}

double
proprio_emg_processor_magnitude (ProprioEmgProcessor *self,
                                 double               freq_hz)
{
  double gain = 1.0;

  g_return_val_if_fail (self != NULL, NAN);

  for (guint i = 0; i < self->n_sections; i++)
    gain *= proprio_biquad_magnitude (&self->sections[i], freq_hz, self->config.rate_hz);
  return gain;
}

double
proprio_emg_processor_process (ProprioEmgProcessor *self,
                               double               x,
                               double              *filtered)
{
  double y, sq;

  g_return_val_if_fail (self != NULL, NAN);

  if (!isfinite (x))
    {
      if (filtered != NULL)
        *filtered = NAN;
      return NAN;
    }
  if (self->config.input_is_envelope)
    {
      if (filtered != NULL)
        *filtered = x;
      return x;
    }

  /* The first sample is taken as the offset, so every section starts at rest in the steady state
   * of the input: a Cyton's offset of thousands of µV then causes no start-up ringing. */
  if (!self->started)
    {
      self->offset = x;
      self->started = TRUE;
    }
  else if (self->offset_alpha > 0.0)
    self->offset += self->offset_alpha * (x - self->offset);

  y = x - self->offset;
  for (guint i = 0; i < self->n_sections; i++)
    y = section_step (&self->sections[i], &self->state[i], y);
  if (filtered != NULL)
    *filtered = y;

  if (self->config.envelope_mode == PROPRIO_EMG_ENVELOPE_LOWPASS)
    return MAX (0.0, section_step (&self->envelope_lp, &self->envelope_state, fabs (y)));

  sq = y * y;
  self->sum += sq - self->squares[self->pos];
  self->fresh += sq;
  self->squares[self->pos] = sq;
  if (++self->pos == self->window)
    {
      self->pos = 0;
      self->sum = self->fresh;
      self->fresh = 0.0;
    }
  if (self->count < self->window)
    self->count++;
  /* While the window fills, the RMS of what it holds so far. */
  return sqrt (MAX (self->sum, 0.0) / self->count);
}

ProprioEmgBank *
proprio_emg_bank_new (const ProprioEmgConfig *config,
                      guint                   n_channels,
                      GError                **error)
{
  g_autoptr(ProprioEmgBank) self = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (n_channels > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (ProprioEmgBank, 1);
  self->channels = g_new0 (ProprioEmgProcessor *, n_channels);
  self->n_channels = n_channels;
  for (guint i = 0; i < n_channels; i++)
    {
      self->channels[i] = proprio_emg_processor_new (config, error);
      if (self->channels[i] == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

void
proprio_emg_bank_free (ProprioEmgBank *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_channels; i++)
    proprio_emg_processor_free (self->channels[i]);
  g_free (self->channels);
  g_free (self);
}

guint
proprio_emg_bank_get_n_channels (ProprioEmgBank *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_channels;
}

ProprioEmgProcessor *
proprio_emg_bank_get_processor (ProprioEmgBank *self,
                                guint           channel)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (channel < self->n_channels, NULL);
  return self->channels[channel];
}

void
proprio_emg_bank_process (ProprioEmgBank *self,
                          const double   *x,
                          double         *envelope,
                          double         *filtered)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (x != NULL && envelope != NULL);

  for (guint i = 0; i < self->n_channels; i++)
    envelope[i] = proprio_emg_processor_process (self->channels[i], x[i],
                                                 filtered != NULL ? &filtered[i] : NULL);
}
