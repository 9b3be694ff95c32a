/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-protocol"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-protocol-private.h"

G_DEFINE_QUARK (proprio-protocol-error-quark, proprio_protocol_error)

static const ProprioProtocolClass * const classes[] = {
  &proprio_balance_protocol_class,
  &proprio_lines_protocol_class,
  &proprio_cyton_protocol_class,
};

const char * const *
proprio_protocol_list_names (void)
{
  static const char * const names[] = { "balance", "lines", "cyton", NULL };

  return names;
}

static gboolean
check_options (const ProprioProtocolClass  *klass,
               GHashTable                  *options,
               GError                     **error)
{
  GHashTableIter iter;
  gpointer key;

  if (options == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, options);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (key == NULL || !g_strv_contains ((const char * const *) klass->options, key))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) klass->options);

          g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                       _("The %s protocol has no option “%s” (options: %s)"),
                       klass->name, key != NULL ? (const char *) key : "", allowed);
          return FALSE;
        }
    }
  return TRUE;
}

ProprioProtocol *
proprio_protocol_new (const char  *name,
                      GHashTable  *options,
                      GError     **error)
{
  const ProprioProtocolClass *klass = NULL;
  g_autoptr(ProprioProtocol) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_str_equal (classes[i]->name, name))
      klass = classes[i];

  if (klass == NULL)
    {
      g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_UNKNOWN,
                   _("Unknown device protocol “%s” (use balance, lines or cyton)"), name);
      return NULL;
    }

  if (!check_options (klass, options, error))
    return NULL;

  self = g_new0 (ProprioProtocol, 1);
  self->klass = klass;
  if (!klass->init (self, options, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
proprio_protocol_free (ProprioProtocol *self)
{
  if (self == NULL)
    return;

  /* init may have failed half way: finalize copes with a partial impl. */
  if (self->klass->finalize != NULL)
    self->klass->finalize (self);
  for (guint i = 0; i < PROPRIO_MAX_CHANNELS; i++)
    for (guint j = 0; j < 3; j++)
      g_free (self->channel_strings[i][j]);
  g_clear_pointer (&self->start_command, g_bytes_unref);
  g_clear_pointer (&self->stop_command, g_bytes_unref);
  g_clear_pointer (&self->reset_command, g_bytes_unref);
  g_free (self->last_reply);
  g_free (self->notice);
  g_free (self);
}

const char *
proprio_protocol_get_name (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->klass->name;
}

guint
proprio_protocol_get_n_channels (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_channels;
}

const ProprioChannelInfo *
proprio_protocol_get_channel (ProprioProtocol *self,
                              guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_channels, NULL);

  return &self->channels[index];
}

ProprioStreamKind
proprio_protocol_get_stream_kind (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, PROPRIO_STREAM_GENERIC);

  if (self->klass->kind != PROPRIO_STREAM_GENERIC)
    return self->klass->kind;
  return proprio_stream_kind_for_channels (self->channels, self->n_channels);
}

void
proprio_protocol_feed (ProprioProtocol   *self,
                       const guint8      *data,
                       gsize              len,
                       gint64             t_us,
                       ProprioSampleFunc  func,
                       gpointer           user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (func != NULL);

  if (len == 0)
    return;
  self->klass->feed (self, data, len, t_us, func, user_data);
}

void
proprio_protocol_reset (ProprioProtocol *self)
{
  g_return_if_fail (self != NULL);

  self->klass->reset (self);
}

const ProprioProtocolStats *
proprio_protocol_get_stats (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->stats;
}

GBytes *
proprio_protocol_get_start_command (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->start_command != NULL ? g_bytes_ref (self->start_command) : NULL;
}

GBytes *
proprio_protocol_get_stop_command (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->stop_command != NULL ? g_bytes_ref (self->stop_command) : NULL;
}

GBytes *
proprio_protocol_get_reset_command (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reset_command != NULL ? g_bytes_ref (self->reset_command) : NULL;
}

const char *
proprio_protocol_get_last_reply (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_reply;
}

void
proprio_protocol_set_channel (ProprioProtocol *self,
                              guint            index,
                              const char      *name,
                              const char      *label,
                              const char      *unit)
{
  const char *texts[3] = { name, label, unit };

  g_assert (index < PROPRIO_MAX_CHANNELS);

  for (guint j = 0; j < 3; j++)
    {
      g_free (self->channel_strings[index][j]);
      self->channel_strings[index][j] = g_strdup (texts[j] != NULL ? texts[j] : "");
    }
  self->channels[index].name = self->channel_strings[index][0];
  self->channels[index].label = self->channel_strings[index][1];
  self->channels[index].unit = self->channel_strings[index][2];
  self->n_channels = MAX (self->n_channels, index + 1);
}

void
proprio_protocol_set_last_reply (ProprioProtocol *self,
                                 const char      *text,
                                 gsize            len)
{
  g_free (self->last_reply);
  self->last_reply = g_strstrip (g_strndup (text, len));
}

void
proprio_protocol_set_notice (ProprioProtocol *self,
                             const char      *text)
{
  g_free (self->notice);
  self->notice = g_strdup (text);
}

char *
proprio_protocol_take_notice (ProprioProtocol *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_steal_pointer (&self->notice);
}

gboolean
proprio_protocol_parse_number (const char *text,
                               gsize       len,
                               double     *out)
{
  /* Exact powers of ten: every one up to 1e22 is a double. */
  static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                  1e11, 1e12, 1e13, 1e14, 1e15 };
  char buf[64];
  gsize i = 0, digits = 0, frac_digits = 0;
  guint64 mantissa = 0;
  gboolean negative = FALSE;
  char *end = NULL;
  double value;

  if (len == 0 || len >= sizeof buf)
    return FALSE;

  /* Check the grammar ourselves: strtod would also take "nan", "inf", hex and leading spaces. */
  if (text[i] == '+' || text[i] == '-')
    negative = text[i++] == '-';
  while (i < len && g_ascii_isdigit (text[i]))
    {
      if (digits < 16)
        mantissa = mantissa * 10 + (guint64) (text[i] - '0');
      i++, digits++;
    }
  if (i < len && text[i] == '.')
    {
      i++;
      while (i < len && g_ascii_isdigit (text[i]))
        {
          if (digits < 16)
            mantissa = mantissa * 10 + (guint64) (text[i] - '0');
          i++, digits++, frac_digits++;
        }
    }
  if (digits == 0)
    return FALSE;

  /* The common case, a plain decimal of at most 15 digits: the digits and the power of ten are
   * both exact doubles, so one division rounds correctly and gives what strtod gives, without
   * its copy and its locale look-ups (the lines protocol parses up to 16 000 numbers a second). */
  if (i == len && digits <= 15)
    {
      value = (double) mantissa / pow10[frac_digits];
      *out = negative ? -value : value;
      return TRUE;
    }
  if (i < len && (text[i] == 'e' || text[i] == 'E'))
    {
      gsize exp_digits = 0;

      i++;
      if (i < len && (text[i] == '+' || text[i] == '-'))
        i++;
      while (i < len && g_ascii_isdigit (text[i]))
        i++, exp_digits++;
      if (exp_digits == 0)
        return FALSE;
    }
  if (i != len)
    return FALSE;

  memcpy (buf, text, len);
  buf[len] = '\0';
  value = g_ascii_strtod (buf, &end);
  if (end != buf + len || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
proprio_protocol_parse_doubles (const char  *protocol,
                                const char  *option,
                                const char  *value,
                                double      *out,
                                guint        n,
                                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  if (g_strv_length (parts) != n)
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (!proprio_protocol_parse_number (part, strlen (part), &out[i]))
        goto fail;
    }
  return TRUE;

fail:
  g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
               ngettext ("The %s protocol’s option “%s” needs %u number, not “%s”",
                         "The %s protocol’s option “%s” needs %u comma-separated numbers, not “%s”",
                         n),
               protocol, option, n, value);
  return FALSE;
}

gboolean
proprio_protocol_parse_command (const char  *protocol,
                                const char  *option,
                                const char  *value,
                                GBytes     **out,
                                GError     **error)
{
  /* C escapes let a profile say "r\n" for boards that read whole lines. */
  g_autofree char *bytes = g_strcompress (value);
  gsize len = strlen (bytes);

  if (len == 0 || len > 64)
    {
      g_set_error (error, PROPRIO_PROTOCOL_ERROR, PROPRIO_PROTOCOL_ERROR_INVALID_OPTION,
                   _("The %s protocol’s option “%s” needs the text to send (1 to 64 characters, "
                     "C escapes such as \\n allowed)"),
                   protocol, option);
      return FALSE;
    }

  g_clear_pointer (out, g_bytes_unref);
  *out = g_bytes_new_take (g_steal_pointer (&bytes), len);
  return TRUE;
}
