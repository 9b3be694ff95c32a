/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The four work areas, in the order of the view switcher. */
typedef enum
{
  PROPRIO_VIEW_BALANCE,
  PROPRIO_VIEW_MUSCLE,
  PROPRIO_VIEW_MIRROR,
  PROPRIO_VIEW_JOINT,
} ProprioView;

#define PROPRIO_OPTIONS_ERROR (proprio_options_error_quark ())

typedef enum
{
  PROPRIO_OPTIONS_ERROR_INVALID,
} ProprioOptionsError;

GQuark      proprio_options_error_quark (void);
const char *proprio_view_to_string      (ProprioView  view);
gboolean    proprio_view_from_string    (const char  *text,
                                         ProprioView *view,
                                         GError     **error);

/* The analysis filter as a results table states it: "Low-pass 10 Hz", or "No filter" for a
 * cut-off of 0 (the analysis-lowpass-hz setting's "off"). */
char       *proprio_analysis_filter_describe (double      hz);

G_END_DECLS
