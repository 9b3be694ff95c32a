/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-json"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-plan-json.h"

/* A value as JSON gives it (proprio_json_parse ()), in the types an engine's settings use. */

static gboolean G_GNUC_PRINTF (3, 4)
type_error (GError     **error,
            const char  *what,
            const char  *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (what != NULL && *what != '\0')
    /* Translators: a settings key and what is wrong with its value */
    g_set_error (error, PROPRIO_JSON_ERROR, PROPRIO_JSON_ERROR_TYPE, _("“%s”: %s"), what, message);
  else
    g_set_error_literal (error, PROPRIO_JSON_ERROR, PROPRIO_JSON_ERROR_TYPE, message);
  return FALSE;
}

/* The value inside any number of variant boxes (an av's items are boxed). */
static GVariant *
unbox (GVariant *value)
{
  g_variant_ref (value);
  while (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *inner = g_variant_get_variant (value);

      g_variant_unref (value);
      value = inner;
    }
  return value;
}

static gboolean
is_null (GVariant *value)
{
  return g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE) && g_variant_n_children (value) == 0;
}

/* A number as an integer in [min, max], or FALSE. */
static gboolean
integer_in (GVariant *value,
            double    min,
            double    max,
            gint64   *out_signed,
            guint64  *out_unsigned)
{
  double d;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    {
      gint64 x = g_variant_get_int64 (value);

      if ((double) x < min || (double) x > max)
        return FALSE;
      *out_signed = x;
      *out_unsigned = (guint64) x;
      return x >= 0 || min < 0;
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    {
      guint64 t = g_variant_get_uint64 (value);

      if ((double) t > max)
        return FALSE;
      *out_signed = (gint64) t;
      *out_unsigned = t;
      return TRUE;
    }
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    return FALSE;
  d = g_variant_get_double (value);
  /* 2^63 and 2^64 as doubles are already outside the ranges: compare with < on the high end. */
  if (!isfinite (d) || d != floor (d) || d < min || d >= max + 1.0)
    return FALSE;
  *out_signed = d < 0 ? (gint64) d : (gint64) (guint64) d;
  *out_unsigned = d < 0 ? 0 : (guint64) d;
  return TRUE;
}

static GVariant *
coerce (GVariant           *value,
        const GVariantType *type,
        const char         *what,
        guint               depth,
        GError            **error);

static GVariant *
coerce_number (GVariant           *value,
               const GVariantType *type,
               const char         *what,
               GError            **error)
{
  gint64 x = 0;
  guint64 t = 0;
  const char *sig = g_variant_type_peek_string (type);

  if (g_variant_type_equal (type, G_VARIANT_TYPE_DOUBLE))
    {
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        return g_variant_new_double ((double) g_variant_get_int64 (value));
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
        return g_variant_new_double ((double) g_variant_get_uint64 (value));
      if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        return g_variant_ref (value);
      /* The writer turns NaN (an undefined figure) into null. */
      if (is_null (value))
        return g_variant_new_double (NAN);
      type_error (error, what, _("should be a number"));
      return NULL;
    }

  switch (sig[0])
    {
    case 'y':
      if (integer_in (value, 0, G_MAXUINT8, &x, &t))
        return g_variant_new_byte ((guint8) t);
      break;
    case 'n':
      if (integer_in (value, G_MININT16, G_MAXINT16, &x, &t))
        return g_variant_new_int16 ((gint16) x);
      break;
    case 'q':
      if (integer_in (value, 0, G_MAXUINT16, &x, &t))
        return g_variant_new_uint16 ((guint16) t);
      break;
    case 'i':
      if (integer_in (value, G_MININT32, G_MAXINT32, &x, &t))
        return g_variant_new_int32 ((gint32) x);
      break;
    case 'h':
      break;
    case 'u':
      if (integer_in (value, 0, G_MAXUINT32, &x, &t))
        return g_variant_new_uint32 ((guint32) t);
      break;
    case 'x':
      if (integer_in (value, (double) G_MININT64, (double) G_MAXINT64, &x, &t))
        return g_variant_new_int64 (x);
      break;
    case 't':
      if (integer_in (value, 0, (double) G_MAXUINT64, &x, &t))
        return g_variant_new_uint64 (t);
      break;
    default:
      break;
    }
  type_error (error, what, _("should be a whole number in range"));
  return NULL;
}

static GVariant *
coerce_items (GVariant           *value,
              const GVariantType *type,
              const char         *what,
              guint               depth,
              GError            **error)
{
  GVariantBuilder builder;
  gboolean tuple = g_variant_type_is_tuple (type);
  const GVariantType *item_type = tuple ? g_variant_type_first (type)
                                        : g_variant_type_element (type);
  gsize n = g_variant_n_children (value);

  if (tuple && n != g_variant_type_n_items (type))
    {
      type_error (error, what, _("should be a list of %d values"),
                  (int) g_variant_type_n_items (type));
      return NULL;
    }
  g_variant_builder_init (&builder, type);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (value, i);
      g_autofree char *path = g_strdup_printf ("%s[%" G_GSIZE_FORMAT "]", what ? what : "", i);
      GVariant *typed = coerce (item, item_type, path, depth + 1, error);

      if (typed == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add_value (&builder, typed);
      if (tuple)
        item_type = g_variant_type_next (item_type);
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
coerce_dict (GVariant           *value,
             const GVariantType *type,
             const char         *what,
             guint               depth,
             GError            **error)
{
  const GVariantType *entry = g_variant_type_element (type);
  const GVariantType *value_type = g_variant_type_value (entry);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *item;

  if (!g_variant_type_equal (g_variant_type_key (entry), G_VARIANT_TYPE_STRING))
    {
      type_error (error, what, _("has a form plan files cannot hold"));
      return NULL;
    }
  g_variant_builder_init (&builder, type);
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &item))
    {
      g_autofree char *path = what != NULL && *what != '\0' ? g_strdup_printf ("%s.%s", what, key)
                                                            : g_strdup (key);
      GVariant *typed = coerce (item, value_type, path, depth + 1, error);

      g_variant_unref (item);
      if (typed == NULL)
        {
          g_variant_builder_clear (&builder);
          return NULL;
        }
      g_variant_builder_add_value (&builder, g_variant_new_dict_entry (g_variant_new_string (key),
                                                                       typed));
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
coerce (GVariant           *boxed,
        const GVariantType *type,
        const char         *what,
        guint               depth,
        GError            **error)
{
  g_autoptr(GVariant) value = unbox (boxed);

  if (depth > PROPRIO_JSON_MAX_DEPTH + 1)
    {
      type_error (error, what, _("is nested too deep"));
      return NULL;
    }
  if (g_variant_is_of_type (value, type) && g_variant_type_is_definite (type))
    return g_variant_ref (value);

  if (g_variant_type_equal (type, G_VARIANT_TYPE_VARIANT))
    return g_variant_new_variant (value);
  if (g_variant_type_is_maybe (type))
    {
      GVariant *inner;

      if (is_null (value))
        return g_variant_new_maybe (g_variant_type_element (type), NULL);
      inner = coerce (value, g_variant_type_element (type), what, depth + 1, error);
      return inner != NULL ? g_variant_new_maybe (NULL, inner) : NULL;
    }
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    {
      type_error (error, what, _("should be true or false"));
      return NULL;
    }
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING) ||
      g_variant_type_equal (type, G_VARIANT_TYPE_OBJECT_PATH) ||
      g_variant_type_equal (type, G_VARIANT_TYPE_SIGNATURE))
    {
      const char *text;

      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          type_error (error, what, _("should be a text in quotes"));
          return NULL;
        }
      text = g_variant_get_string (value, NULL);
      if (g_variant_type_equal (type, G_VARIANT_TYPE_OBJECT_PATH) &&
          g_variant_is_object_path (text))
        return g_variant_new_object_path (text);
      if (g_variant_type_equal (type, G_VARIANT_TYPE_SIGNATURE) && g_variant_is_signature (text))
        return g_variant_new_signature (text);
      type_error (error, what, _("has the wrong form"));
      return NULL;
    }
  if (g_variant_type_is_basic (type))
    return coerce_number (value, type, what, error);

  if (g_variant_type_is_array (type) && g_variant_type_is_dict_entry (g_variant_type_element (type)))
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
        {
          type_error (error, what, _("should be a group of named values"));
          return NULL;
        }
      return coerce_dict (value, type, what, depth, error);
    }
  if (g_variant_type_is_array (type) || g_variant_type_is_tuple (type))
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("av")))
        {
          type_error (error, what, _("should be a list"));
          return NULL;
        }
      return coerce_items (value, type, what, depth, error);
    }
  type_error (error, what, _("has a form plan files cannot hold"));
  return NULL;
}

GVariant *
proprio_json_coerce (GVariant           *value,
                     const GVariantType *type,
                     const char         *what,
                     GError            **error)
{
  GVariant *result;

  g_return_val_if_fail (value != NULL, NULL);
  g_return_val_if_fail (type != NULL && g_variant_type_is_definite (type), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = coerce (value, type, what, 0, error);
  return result != NULL ? g_variant_ref_sink (result) : NULL;
}
