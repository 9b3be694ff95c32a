/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-options"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-options.h"

G_DEFINE_QUARK (proprio-options-error-quark, proprio_options_error)

static const char * const view_names[] = { "balance", "muscle", "mirror", "joint" };

const char *
proprio_view_to_string (ProprioView view)
{
  g_return_val_if_fail (view <= PROPRIO_VIEW_JOINT, NULL);
  return view_names[view];
}

gboolean
proprio_view_from_string (const char   *text,
                          ProprioView  *view,
                          GError      **error)
{
  g_return_val_if_fail (view != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (view_names); i++)
    if (g_ascii_strcasecmp (text, view_names[i]) == 0)
      {
        *view = (ProprioView) i;
        return TRUE;
      }

  g_set_error (error, PROPRIO_OPTIONS_ERROR, PROPRIO_OPTIONS_ERROR_INVALID,
               _("Unknown view “%s”: use balance, muscle, mirror or joint"), text ? text : "");
  return FALSE;
}

char *
proprio_analysis_filter_describe (double hz)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* NaN and negative cut-offs mean no filter too: nothing is filtered with them. */
  if (!(hz > 0.0))
    return g_strdup (_("No filter"));
  /* "%g" keeps 10 as "10" and 2.5 as "2.5", with the locale's decimal mark: people read it. */
  g_snprintf (number, sizeof number, "%.3g", hz);
  return g_strdup_printf (_("Low-pass %s Hz"), number);
}
