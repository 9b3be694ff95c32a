/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-exercise"

#include "config.h"

#include "proprio-exercise-private.h"

#include <glib/gi18n.h>
#include <math.h>

/* Shared by every engine's apply_settings (): one wording for every setting, naming it, so a
 * session plan with a typo or a wrong value says which line to fix. */

void
proprio_settings_error (GError     **error,
                        const char  *key,
                        const char  *reason)
{
  g_set_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS,
               _("Setting “%s”: %s"), key, reason);
}

gboolean
proprio_settings_check_keys (GVariant            *settings,
                             const char * const  *known,
                             GError             **error)
{
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, settings);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    if (!g_strv_contains (known, key))
      {
        g_set_error (error, PROPRIO_EXERCISE_ERROR, PROPRIO_EXERCISE_ERROR_INVALID_SETTINGS,
                     _("“%s” is not a setting of this exercise"), key);
        return FALSE;
      }
  return TRUE;
}

gboolean
proprio_settings_get_value (GVariant            *settings,
                            const char          *key,
                            const GVariantType  *type,
                            GVariant           **value,
                            GError             **error)
{
  g_autoptr(GVariant) found = g_variant_lookup_value (settings, key, NULL);

  *value = NULL;
  if (found == NULL)
    return TRUE;
  if (!g_variant_is_of_type (found, type))
    {
      g_autofree char *reason =
        g_strdup_printf (_("expected a value of type “%.*s”, not “%s”"),
                         (int) g_variant_type_get_string_length (type),
                         g_variant_type_peek_string (type),
                         g_variant_get_type_string (found));

      proprio_settings_error (error, key, reason);
      return FALSE;
    }
  *value = g_steal_pointer (&found);
  return TRUE;
}

gboolean
proprio_settings_get_double (GVariant    *settings,
                             const char  *key,
                             double       min,
                             double       max,
                             double      *value,
                             GError     **error)
{
  g_autoptr(GVariant) found = g_variant_lookup_value (settings, key, NULL);
  double d;

  if (found == NULL)
    return TRUE;
  /* Plans written by hand may say 30 for 30.0. */
  if (g_variant_is_of_type (found, G_VARIANT_TYPE_DOUBLE))
    d = g_variant_get_double (found);
  else if (g_variant_is_of_type (found, G_VARIANT_TYPE_INT32))
    d = g_variant_get_int32 (found);
  else if (g_variant_is_of_type (found, G_VARIANT_TYPE_UINT32))
    d = g_variant_get_uint32 (found);
  else
    {
      proprio_settings_error (error, key, _("expected a number"));
      return FALSE;
    }
  if (!isfinite (d) || d < min || d > max)
    {
      g_autofree char *reason = g_strdup_printf (_("%g is outside the range %g to %g"),
                                                 d, min, max);

      proprio_settings_error (error, key, reason);
      return FALSE;
    }
  *value = d;
  return TRUE;
}

gboolean
proprio_settings_get_uint (GVariant    *settings,
                           const char  *key,
                           guint        min,
                           guint        max,
                           guint       *value,
                           GError     **error)
{
  g_autoptr(GVariant) found = g_variant_lookup_value (settings, key, NULL);
  gint64 n;

  if (found == NULL)
    return TRUE;
  if (g_variant_is_of_type (found, G_VARIANT_TYPE_UINT32))
    n = g_variant_get_uint32 (found);
  else if (g_variant_is_of_type (found, G_VARIANT_TYPE_INT32))
    n = g_variant_get_int32 (found);
  else
    {
      proprio_settings_error (error, key, _("expected a whole number"));
      return FALSE;
    }
  if (n < min || n > max)
    {
      /* No G_*_FORMAT inside _(): gettext would cut the message short. */
      g_autofree char *reason = g_strdup_printf (_("%lld is outside the range %u to %u"),
                                                 (long long) n, min, max);

      proprio_settings_error (error, key, reason);
      return FALSE;
    }
  *value = (guint) n;
  return TRUE;
}

gboolean
proprio_settings_get_boolean (GVariant    *settings,
                              const char  *key,
                              gboolean    *value,
                              GError     **error)
{
  g_autoptr(GVariant) found = NULL;

  if (!proprio_settings_get_value (settings, key, G_VARIANT_TYPE_BOOLEAN, &found, error))
    return FALSE;
  if (found != NULL)
    *value = g_variant_get_boolean (found);
  return TRUE;
}

gboolean
proprio_settings_get_nick (GVariant            *settings,
                           const char          *key,
                           const char * const  *nicks,
                           guint                n_nicks,
                           guint               *value,
                           GError             **error)
{
  g_autoptr(GVariant) found = NULL;
  g_autoptr(GString) choices = NULL;
  g_autofree char *reason = NULL;
  const char *text;

  if (!proprio_settings_get_value (settings, key, G_VARIANT_TYPE_STRING, &found, error))
    return FALSE;
  if (found == NULL)
    return TRUE;
  text = g_variant_get_string (found, NULL);
  for (guint i = 0; i < n_nicks; i++)
    if (g_strcmp0 (nicks[i], text) == 0)
      {
        *value = i;
        return TRUE;
      }

  choices = g_string_new (NULL);
  for (guint i = 0; i < n_nicks; i++)
    g_string_append_printf (choices, "%s“%s”", i > 0 ? ", " : "", nicks[i]);
  reason = g_strdup_printf (_("“%s” is not one of %s"), text, choices->str);
  proprio_settings_error (error, key, reason);
  return FALSE;
}
