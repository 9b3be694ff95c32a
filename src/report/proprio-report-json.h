/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading the results the store keeps as JSON (proprio_exercise_result_to_json ()), forgiving by
 * design: a member that is missing or of another type reads as "none" (NULL, NaN, FALSE), so a
 * result written by an older or newer engine gives fewer figures, never a crash. Internal to
 * report/. */

/* The parsed text's root object (a new reference), or NULL when it is not a JSON object. */
JsonObject *proprio_json_parse_object  (const char  *text);

JsonObject *proprio_json_member_object (JsonObject  *object,
                                        const char  *member);
JsonArray  *proprio_json_member_array  (JsonObject  *object,
                                        const char  *member);
const char *proprio_json_member_string (JsonObject  *object,
                                        const char  *member);
/* A number (an integer is converted); NaN for null, missing or not a number. */
double      proprio_json_member_double (JsonObject  *object,
                                        const char  *member);
gint64      proprio_json_member_int    (JsonObject  *object,
                                        const char  *member,
                                        gint64       fallback);
gboolean    proprio_json_member_bool   (JsonObject  *object,
                                        const char  *member,
                                        gboolean     fallback);
/* Element `index` of an array as an object, or NULL. */
JsonObject *proprio_json_array_object  (JsonArray   *array,
                                        guint        index);
/* An array of numbers as doubles (null and non-numbers: NaN); n_out its length. NULL for no
 * array. Free with g_free (). */
double     *proprio_json_array_doubles (JsonArray   *array,
                                        gsize       *n_out);
/* An array of integers (anything else: 0). */
gint64     *proprio_json_array_ints    (JsonArray   *array,
                                        gsize       *n_out);

G_END_DECLS
