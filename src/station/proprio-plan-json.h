/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small JSON reader for plan files (json-glib is not a dependency; the writer is
 * exercises/proprio-variant-json.h). Pure code with no I/O, so the fuzz harness calls it directly.
 *
 * proprio_json_parse () reads one JSON value (RFC 8259) into its *natural* GVariant:
 *   object → a{sv} (in file order; a key given twice is an error), array → av, string → s,
 *   a number without fraction or exponent that fits 64 bits → x, any other number → d,
 *   true / false → b, null → mv (nothing).
 * The input must be UTF-8 and at most PROPRIO_JSON_MAX_BYTES; nesting deeper than
 * PROPRIO_JSON_MAX_DEPTH, a string holding U+0000 and numbers beyond a double are errors. Every
 * error says where (line and column) and what was expected.
 *
 * proprio_json_coerce () turns a natural value into one of `type`, the way an engine's settings
 * are typed (its get_settings () is the template): integers become any integer type that holds
 * them or a double, integral doubles become integers, null becomes NaN for a double, arrays
 * become arrays or tuples of the element types, objects become a{s…}, v takes the value as it is,
 * m… takes null or a value. Anything else fails, naming the path ("targets-mm[2]"). */

#define PROPRIO_JSON_MAX_BYTES (4 * 1024 * 1024)
#define PROPRIO_JSON_MAX_DEPTH 32

#define PROPRIO_JSON_ERROR (proprio_json_error_quark ())

typedef enum
{
  PROPRIO_JSON_ERROR_SYNTAX,   /* not JSON, or not all of it */
  PROPRIO_JSON_ERROR_LIMIT,    /* too large, too deep, a number out of range */
  PROPRIO_JSON_ERROR_TYPE,     /* proprio_json_coerce (): the value does not fit the type */
} ProprioJsonError;

GQuark    proprio_json_error_quark (void);

/* A new (non-floating) reference, or NULL with an error. `length` -1: NUL-terminated. */
GVariant *proprio_json_parse       (const char          *text,
                                    gssize               length,
                                    GError             **error);
/* A new (non-floating) reference of `type`, or NULL with an error. `what` names the value in
 * messages (a settings key); may be NULL. */
GVariant *proprio_json_coerce      (GVariant            *value,
                                    const GVariantType  *type,
                                    const char          *what,
                                    GError             **error);

G_END_DECLS
