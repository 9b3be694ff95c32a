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
