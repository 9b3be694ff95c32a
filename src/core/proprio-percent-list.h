/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A list of percentages as a therapist types it: "100, 50, 0" (commas, semicolons, spaces or tabs
 * between them, an optional % after each; decimal points, never commas, in the numbers). Used for
 * the faded knowledge-of-results schedule, one percentage per block of trials. */

#define PROPRIO_PERCENT_LIST_ERROR (proprio_percent_list_error_quark ())

typedef enum
{
  PROPRIO_PERCENT_LIST_ERROR_INVALID,  /* not a number from 0 to 100 */
  PROPRIO_PERCENT_LIST_ERROR_COUNT,    /* none, or more than `max` */
} ProprioPercentListError;

GQuark   proprio_percent_list_error_quark (void);

/* Parses `text` into `values` (room for `max`); `n` gets the count. On error (a message naming the
 * offending entry) `values` and `n` are left as they were. */
gboolean proprio_percent_list_parse       (const char  *text,
                                           double      *values,
                                           guint        max,
                                           guint       *n,
                                           GError     **error);
/* "100, 50, 0": the shortest form of each value, so it parses back to the same list. */
char    *proprio_percent_list_format      (const double *values,
                                           guint         n);

G_END_DECLS
