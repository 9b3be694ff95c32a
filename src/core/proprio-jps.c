/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-jps"

#include "config.h"

#include "proprio-jps.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (proprio-jps-error-quark, proprio_jps_error)

static void
metrics_set_undefined (ProprioJpsMetrics *m)
{
  m->ce_deg = m->ae_deg = m->ve_deg = m->e_deg = NAN;
}

/* Two passes over the errors (mean first, then the squared deviations from it), so VE of trials
 * far from 0° with a small spread loses no digits to cancellation. */
static void
metrics_from_errors (const double      *err,
                     guint              n,
                     guint              n_excluded,
                     ProprioJpsMetrics *out)
{
  double sum = 0.0, sum_abs = 0.0, sum_dev2 = 0.0, ce;

  out->n = n;
  out->n_excluded = n_excluded;
  if (n == 0)
    {
      metrics_set_undefined (out);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      sum += err[i];
      sum_abs += fabs (err[i]);
    }
  ce = sum / n;
  for (guint i = 0; i < n; i++)
    sum_dev2 += (err[i] - ce) * (err[i] - ce);

  out->ce_deg = ce;
  out->ae_deg = sum_abs / n;
  out->ve_deg = sqrt (sum_dev2 / n);
  out->e_deg = hypot (out->ce_deg, out->ve_deg);
}

static gboolean
check_finite (double   target,
              double   reproduced,
              gsize    trial,
              GError **error)
{
  if (isfinite (target) && isfinite (reproduced))
    return TRUE;
  /* Whole sentences, so translators never assemble one from pieces. */
  if (!isfinite (target))
    g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE,
                 _("trial %u: the target angle is not a finite number"),
                 (guint) trial + 1);
  else
    g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE,
                 _("trial %u: the reproduced angle is not a finite number"),
                 (guint) trial + 1);
  return FALSE;
}

static void
set_no_trials_error (guint    n_excluded,
                     GError **error)
{
  if (n_excluded == 0)
    g_set_error_literal (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS,
                         _("there are no trials to analyse"));
  else
    g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NO_TRIALS,
                 ngettext ("no valid trial to analyse (the only trial is marked invalid)",
                           "no valid trial to analyse (all %u trials are "
                           "marked invalid)", (gulong) n_excluded),
                 n_excluded);
}

gboolean
proprio_jps_compute (const double       *target_deg,
                     const double       *reproduced_deg,
                     const gboolean     *valid,
                     gsize               n,
                     ProprioJpsMetrics  *out,
                     GError            **error)
{
  g_autofree double *err = NULL;
  guint used = 0, excluded = 0;

  g_return_val_if_fail (n == 0 || (target_deg != NULL && reproduced_deg != NULL), FALSE);
  g_return_val_if_fail (n <= G_MAXUINT, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  err = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      if (valid != NULL && !valid[i])
        {
          excluded++;
          continue;
        }
      if (!check_finite (target_deg[i], reproduced_deg[i], i, error))
        return FALSE;
      err[used++] = reproduced_deg[i] - target_deg[i];
    }
  if (used == 0)
    {
      set_no_trials_error (excluded, error);
      return FALSE;
    }
  metrics_from_errors (err, used, excluded, out);
  return TRUE;
}

char *
proprio_jps_format_number (double  value,
                           char   *buf)
{
  g_return_val_if_fail (buf != NULL, NULL);

  if (!isfinite (value))
    {
      g_strlcpy (buf, isnan (value) ? "nan" : value > 0 ? "inf" : "-inf",
                 G_ASCII_DTOSTR_BUF_SIZE);
      return buf;
    }
  if (value == 0.0)
    value = 0.0;   /* -0 reads as 0: one key for one angle */

  /* Plain decimals for angles and the like (30, not 3e+01), with as few digits as read back
   * exactly; exponents only for the very large or small. 17 significant digits always do. */
  if (fabs (value) >= 1e-6 && fabs (value) < 1e15)
    for (int decimals = 0; decimals <= 17; decimals++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%df", decimals);
        g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
        if (g_ascii_strtod (buf, NULL) == value)
          return buf;
      }
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  return buf;
}

static void
target_clear (gpointer data)
{
  ProprioJpsTarget *target = data;

  g_clear_pointer (&target->key, g_free);
}

void
proprio_jps_result_free (ProprioJpsResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->targets, g_array_unref);
  g_free (result);
}

ProprioJpsResult *
proprio_jps_analyse (const ProprioJpsTrial  *trials,
                     gsize                   n,
                     GError                **error)
{
  g_autoptr(ProprioJpsResult) result = NULL;
  g_autoptr(GHashTable) index = NULL;   /* key → position in result->targets */
  g_autofree guint *group = NULL;       /* trial → its target's position */
  g_autofree double *err = NULL;
  guint used = 0, excluded = 0;

  g_return_val_if_fail (n == 0 || trials != NULL, NULL);
  g_return_val_if_fail (n <= G_MAXUINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = g_new0 (ProprioJpsResult, 1);
  result->targets = g_array_new (FALSE, TRUE, sizeof (ProprioJpsTarget));
  g_array_set_clear_func (result->targets, target_clear);
  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  group = g_new (guint, MAX (n, 1));
  err = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    {
      const ProprioJpsTrial *t = &trials[i];
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      const char *key;
      gpointer pos;

      if (t->valid && !check_finite (t->target_deg, t->reproduced_deg, i, error))
        return NULL;
      /* An invalid trial without an id may hold no usable angle: it only joins a group that
       * another trial names, and otherwise counts only towards the overall exclusions. */
      if (t->target_id != NULL)
        key = t->target_id;
      else if (isfinite (t->target_deg))
        key = proprio_jps_format_number (t->target_deg, buf);
      else
        key = NULL;

      if (key == NULL)
        group[i] = G_MAXUINT;
      else if (g_hash_table_lookup_extended (index, key, NULL, &pos))
        group[i] = GPOINTER_TO_UINT (pos);
      else
        {
          ProprioJpsTarget target = { 0 };

          target.key = g_strdup (key);
          target.target_deg = t->target_deg;
          group[i] = result->targets->len;
          g_array_append_val (result->targets, target);
          g_hash_table_insert (index, g_strdup (key), GUINT_TO_POINTER (group[i]));
        }

      if (t->valid)
        err[used++] = t->reproduced_deg - t->target_deg;
      else
        excluded++;
    }
  if (used == 0)
    {
      set_no_trials_error (excluded, error);
      return NULL;
    }
  metrics_from_errors (err, used, excluded, &result->overall);

  /* Each target again over its own trials; n is small (3–6 per target), so the simple way. */
  for (guint g = 0; g < result->targets->len; g++)
    {
      ProprioJpsTarget *target = &g_array_index (result->targets, ProprioJpsTarget, g);
      guint g_used = 0, g_excluded = 0;

      for (gsize i = 0; i < n; i++)
        {
          if (group[i] != g)
            continue;
          if (trials[i].valid)
            err[g_used++] = trials[i].reproduced_deg - trials[i].target_deg;
          else
            g_excluded++;
        }
      metrics_from_errors (err, g_used, g_excluded, &target->metrics);
    }
  return g_steal_pointer (&result);
}

gboolean
proprio_jps_compute_2d (const double         *tx,
                        const double         *ty,
                        const double         *rx,
                        const double         *ry,
                        const gboolean       *valid,
                        gsize                 n,
                        ProprioJps2dMetrics  *out,
                        GError              **error)
{
  double sum_x = 0.0, sum_y = 0.0, sum_r = 0.0, max_r = 0.0;
  guint used = 0, excluded = 0;

  g_return_val_if_fail (n == 0 || (tx != NULL && ty != NULL && rx != NULL && ry != NULL), FALSE);
  g_return_val_if_fail (n <= G_MAXUINT, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      double dx, dy, r;

      if (valid != NULL && !valid[i])
        {
          excluded++;
          continue;
        }
      if (!isfinite (tx[i]) || !isfinite (ty[i]) || !isfinite (rx[i]) || !isfinite (ry[i]))
        {
          g_set_error (error, PROPRIO_JPS_ERROR, PROPRIO_JPS_ERROR_NOT_FINITE,
                       _("trial %u: a target or reproduced position is not a "
                         "finite number"), (guint) i + 1);
          return FALSE;
        }
      dx = rx[i] - tx[i];
      dy = ry[i] - ty[i];
      r = hypot (dx, dy);
      sum_x += dx;
      sum_y += dy;
      sum_r += r;
      max_r = MAX (max_r, r);
      used++;
    }
  if (used == 0)
    {
      set_no_trials_error (excluded, error);
      return FALSE;
    }
  out->n = used;
  out->n_excluded = excluded;
  out->ce_x = sum_x / used;
  out->ce_y = sum_y / used;
  out->radial_mean = sum_r / used;
  out->radial_max = max_r;
  return TRUE;
}
