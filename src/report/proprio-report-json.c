/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-json.h"

#include <math.h>

JsonObject *
proprio_json_parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

JsonObject *
proprio_json_member_object (JsonObject *object,
                            const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
proprio_json_member_array (JsonObject *object,
                           const char *name)
{
  JsonNode *node = member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
proprio_json_member_string (JsonObject *object,
                            const char *name)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static double
node_double (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  if (type == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return NAN;
}

double
proprio_json_member_double (JsonObject *object,
                            const char *name)
{
  return node_double (member (object, name));
}

gint64
proprio_json_member_int (JsonObject *object,
                         const char *name,
                         gint64      fallback)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
proprio_json_member_bool (JsonObject *object,
                          const char *name,
                          gboolean    fallback)
{
  JsonNode *node = member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

JsonObject *
proprio_json_array_object (JsonArray *array,
                           guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

double *
proprio_json_array_doubles (JsonArray *array,
                            gsize     *n_out)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  double *values;

  *n_out = n;
  if (array == NULL)
    return NULL;
  values = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    values[i] = node_double (json_array_get_element (array, i));
  return values;
}

gint64 *
proprio_json_array_ints (JsonArray *array,
                         gsize     *n_out)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  gint64 *values;

  *n_out = n;
  if (array == NULL)
    return NULL;
  values = g_new0 (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        values[i] = json_node_get_int (node);
    }
  return values;
}
