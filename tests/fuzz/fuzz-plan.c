/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-plan"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

#include "station/proprio-plan.h"
#include "station/proprio-plan-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define CHECK(cond) G_STMT_START { if (!(cond)) abort (); } G_STMT_END

/* Types an engine's settings use: every value the reader gives must either take one of them or
 * be refused with an error, never crash. */
static const char * const types[] = {
  "d", "u", "i", "x", "t", "y", "b", "s", "as", "ad", "a(dd)", "(dd)", "a{sv}", "a{sd}", "md",
  "v", "aad",
};

/* Any bytes as a plan file. Reading fails with an error in words, or gives a plan whose file
 * form reads back to the very same plan (the same text again). The same bytes as any JSON value
 * are coerced to each settings type. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioPlan) plan = NULL;
  g_autoptr(GVariant) value = NULL;

  plan = proprio_plan_new_from_json ((const char *) data, (gssize) size, FALSE, &error);
  if (plan == NULL)
    {
      CHECK (error != NULL && error->domain == PROPRIO_PLAN_ERROR);
      CHECK (g_utf8_validate (error->message, -1, NULL));
    }
  else
    {
      g_autofree char *json = proprio_plan_to_json (plan);
      g_autofree char *again_json = NULL;
      g_autoptr(ProprioPlan) again = NULL;

      CHECK (error == NULL);
      CHECK (proprio_plan_get_n_steps (plan) <= PROPRIO_PLAN_MAX_STEPS);
      again = proprio_plan_new_from_json (json, -1, FALSE, &error);
      CHECK (again != NULL && error == NULL);
      again_json = proprio_plan_to_json (again);
      CHECK (g_str_equal (json, again_json));
      CHECK (proprio_plan_get_n_steps (again) == proprio_plan_get_n_steps (plan));
    }
  g_clear_error (&error);

  value = proprio_json_parse ((const char *) data, (gssize) size, &error);
  if (value == NULL)
    {
      CHECK (error != NULL && error->domain == PROPRIO_JSON_ERROR);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GError) type_error = NULL;
      g_autoptr(GVariant) typed = proprio_json_coerce (value, G_VARIANT_TYPE (types[i]), "key",
                                                       &type_error);

      CHECK ((typed == NULL) == (type_error != NULL));
      if (typed != NULL)
        CHECK (g_variant_is_of_type (typed, G_VARIANT_TYPE (types[i])));
    }
  return 0;
}
