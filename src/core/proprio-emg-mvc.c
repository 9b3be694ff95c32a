/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg"

#include "config.h"

#include "proprio-emg-mvc.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _ProprioEmgCalibration
{
  GHashTable *mvc;   /* channel name → double* */
};

G_DEFINE_QUARK (proprio-emg-mvc-error-quark, proprio_emg_mvc_error)

/* The highest mean over windows of window_us wholly inside [c->start_us, c->end_us); NaN if none.
 * Two pointers over the samples keep it O(n). */
static double
best_window_mean (const gint64             *t_us,
                  const double             *envelope,
                  gsize                     n,
                  const ProprioEmgInterval *c,
                  gint64                    window_us)
{
  double best = NAN, sum = 0.0;
  gsize first = 0, end = 0;

  while (first < n && t_us[first] < c->start_us)
    first++;
  end = first;
  for (gsize i = first; i < n && t_us[i] + window_us <= c->end_us; i++)
    {
      double mean;

      /* Window i holds samples i … end − 1, those with t < tᵢ + window. */
      while (end < n && t_us[end] < t_us[i] + window_us)
        sum += envelope[end++];
      mean = sum / (double) (end - i);
      if (isnan (best) || mean > best)
        best = mean;
      sum -= envelope[i];
    }
  return best;
}

gboolean
proprio_emg_mvc_compute (const gint64             *t_us,
                         const double             *envelope,
                         gsize                     n,
                         const ProprioEmgInterval *contractions,
                         guint                     n_contractions,
                         double                    window_s,
                         double                   *mvc_out,
                         double                   *best_out,
                         GError                  **error)
{
  gint64 window_us;
  double total = 0.0;

  g_return_val_if_fail (t_us != NULL || n == 0, FALSE);
  g_return_val_if_fail (envelope != NULL || n == 0, FALSE);
  g_return_val_if_fail (contractions != NULL || n_contractions == 0, FALSE);
  g_return_val_if_fail (mvc_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *mvc_out = NAN;
  if (n_contractions == 0)
    {
      g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_NO_CONTRACTION,
                   _("No contraction was recorded for the MVC calibration"));
      return FALSE;
    }
  if (!(window_s > 0.0 && window_s < 3600.0))
    {
      g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_DATA,
                   _("The MVC window must be a positive number of seconds, not %g"), window_s);
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    if (!isfinite (envelope[i]) || (i > 0 && t_us[i] <= t_us[i - 1]))
      {
        g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_DATA,
                     /* No G_*_FORMAT inside _(): gettext would cut the message short. */
                     _("Sample %lu of the calibration recording is not a finite value after the "
                       "one before it"), (unsigned long) (i + 1));
        return FALSE;
      }

  window_us = (gint64) llround (window_s * G_USEC_PER_SEC);
  for (guint c = 0; c < n_contractions; c++)
    {
      double best = best_window_mean (t_us, envelope, n, &contractions[c], window_us);

      if (isnan (best))
        {
          g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_NO_CONTRACTION,
                       _("Contraction %u lasts %.2f s; the MVC needs at least %g s of recorded "
                         "signal in each contraction"),
                       c + 1, (double) (contractions[c].end_us - contractions[c].start_us) / 1e6,
                       window_s);
          return FALSE;
        }
      if (best_out != NULL)
        best_out[c] = best;
      total += best;
    }

  *mvc_out = total / n_contractions;
  if (!(*mvc_out > 0.0))
    {
      g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_DATA,
                   _("The contractions show no muscle activity (MVC %g); check the electrodes and "
                     "repeat the calibration"), *mvc_out);
      return FALSE;
    }
  return TRUE;
}

double
proprio_emg_mvc_percent (double envelope,
                         double mvc)
{
  if (!isfinite (mvc) || mvc <= 0.0)
    return NAN;
  return 100.0 * envelope / mvc;
}

ProprioEmgCalibration *
proprio_emg_calibration_new (void)
{
  ProprioEmgCalibration *self = g_new0 (ProprioEmgCalibration, 1);

  self->mvc = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
proprio_emg_calibration_free (ProprioEmgCalibration *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->mvc);
  g_free (self);
}

void
proprio_emg_calibration_set (ProprioEmgCalibration *self,
                             const char            *channel,
                             double                 mvc)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (channel != NULL);
  g_return_if_fail (isfinite (mvc) && mvc > 0.0);

  g_hash_table_replace (self->mvc, g_strdup (channel), g_memdup2 (&mvc, sizeof mvc));
}

gboolean
proprio_emg_calibration_lookup (ProprioEmgCalibration *self,
                                const char            *channel,
                                double                *mvc)
{
  const double *value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);

  value = g_hash_table_lookup (self->mvc, channel);
  if (mvc != NULL)
    *mvc = value != NULL ? *value : NAN;
  return value != NULL;
}

guint
proprio_emg_calibration_get_n_channels (ProprioEmgCalibration *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->mvc);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
proprio_emg_calibration_dup_channels (ProprioEmgCalibration *self)
{
  GPtrArray *names;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, NULL);

  names = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->mvc);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

GVariant *
proprio_emg_calibration_to_variant (ProprioEmgCalibration *self)
{
  g_auto(GStrv) names = NULL;
  GVariantBuilder builder;

  g_return_val_if_fail (self != NULL, NULL);

  names = proprio_emg_calibration_dup_channels (self);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  for (guint i = 0; names[i] != NULL; i++)
    {
      double mvc;

      proprio_emg_calibration_lookup (self, names[i], &mvc);
      g_variant_builder_add (&builder, "{sd}", names[i], mvc);
    }
  return g_variant_builder_end (&builder);
}

ProprioEmgCalibration *
proprio_emg_calibration_new_from_variant (GVariant  *variant,
                                          GError   **error)
{
  g_autoptr(ProprioEmgCalibration) self = NULL;
  GVariantIter iter;
  const char *name;
  double mvc;

  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE ("a{sd}")))
    {
      g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT,
                   _("A stored MVC calibration has the type %s instead of a{sd}"),
                   g_variant_get_type_string (variant));
      return NULL;
    }
  self = proprio_emg_calibration_new ();
  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "{&sd}", &name, &mvc))
    {
      if (!isfinite (mvc) || mvc <= 0.0)
        {
          g_set_error (error, PROPRIO_EMG_MVC_ERROR, PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT,
                       _("The stored MVC of “%s” (%g) is not a positive number; calibrate "
                         "again"), name, mvc);
          return NULL;
        }
      proprio_emg_calibration_set (self, name, mvc);
    }
  return g_steal_pointer (&self);
}
