/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GVariant → JSON, for exercise results (json-glib is not a dependency).
 *
 *   booleans            true / false
 *   integers            decimal (64-bit values are written in full)
 *   doubles             %.17g in the C locale, so they read back to the same double; NaN and
 *                       infinities (which JSON cannot express) are null
 *   strings, paths      quoted, with ", \ and control characters escaped; UTF-8 kept as is
 *   variants            their content
 *   maybes              null or their content
 *   dictionaries        objects (keys that are not strings are written as JSON text and quoted)
 *   arrays, tuples      arrays
 * Objects and arrays are written compactly, in GVariant order. */
void  proprio_variant_json_append (GString  *out,
                                   GVariant *value);
char *proprio_variant_to_json     (GVariant *value);

/* One double as JSON (null when not finite). */
void  proprio_json_append_double  (GString  *out,
                                   double    value);
/* One string as a JSON string literal. */
void  proprio_json_append_string  (GString    *out,
                                   const char *text);

G_END_DECLS
