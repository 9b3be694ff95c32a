/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan"

#include "config.h"

#include <math.h>

#include "proprio-plan-private.h"

struct _ProprioPlanStep
{
  GObject              parent_instance;

  ProprioPlanStepKind  kind;
  char                *exercise_id;
  GVariant            *settings;
  char                *title;
  char                *note;
  double               seconds;
};

G_DEFINE_FINAL_TYPE (ProprioPlanStep, proprio_plan_step, G_TYPE_OBJECT)

enum {
  STEP_PROP_0,
  STEP_PROP_KIND,
  STEP_PROP_EXERCISE_ID,
  STEP_PROP_SETTINGS,
  STEP_PROP_TITLE,
  STEP_PROP_NOTE,
  STEP_PROP_SECONDS,
  STEP_N_PROPS
};

static GParamSpec *step_properties[STEP_N_PROPS];

static GVariant *
empty_settings (void)
{
  return g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
}

static ProprioPlanStep *
step_new (ProprioPlanStepKind  kind,
          const char          *exercise_id,
          GVariant            *settings,
          const char          *title,
          double               seconds)
{
  ProprioPlanStep *self = g_object_new (PROPRIO_TYPE_PLAN_STEP, NULL);

  self->kind = kind;
  g_free (self->exercise_id);
  self->exercise_id = g_strdup (exercise_id != NULL ? exercise_id : "");
  if (settings != NULL)
    {
      g_variant_ref_sink (settings);
      g_clear_pointer (&self->settings, g_variant_unref);
      self->settings = settings;
    }
  g_free (self->title);
  self->title = _proprio_plan_clip_text (title);
  if (kind != PROPRIO_PLAN_STEP_EXERCISE)
    self->seconds = CLAMP (isfinite (seconds) ? seconds : 60.0, PROPRIO_PLAN_MIN_SECONDS,
                           PROPRIO_PLAN_MAX_SECONDS);
  return self;
}

ProprioPlanStep *
proprio_plan_step_new_exercise (const char *exercise_id,
                                GVariant   *settings,
                                const char *title)
{
  g_return_val_if_fail (exercise_id != NULL && *exercise_id != '\0', NULL);
  g_return_val_if_fail (settings == NULL ||
                        g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT), NULL);
  return step_new (PROPRIO_PLAN_STEP_EXERCISE, exercise_id, settings, title, 0);
}

ProprioPlanStep *
proprio_plan_step_new_from_engine_settings (const char *exercise_id,
                                            GVariant   *settings,
                                            const char *title)
{
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_return_val_if_fail (exercise_id != NULL && *exercise_id != '\0', NULL);
  g_return_val_if_fail (settings != NULL &&
                        g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT), NULL);

  g_variant_ref_sink (settings);
  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, settings);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!proprio_plan_is_setup_key (key))
        g_variant_builder_add (&builder, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_unref (settings);
  return step_new (PROPRIO_PLAN_STEP_EXERCISE, exercise_id, g_variant_builder_end (&builder),
                   title, 0);
}

ProprioPlanStep *
proprio_plan_step_new_pause (double      seconds,
                             const char *title)
{
  return step_new (PROPRIO_PLAN_STEP_PAUSE, "", NULL, title, seconds);
}

ProprioPlanStep *
proprio_plan_step_new_pacer (const char *pacer_id,
                             double      seconds,
                             GVariant   *settings,
                             const char *title)
{
  g_return_val_if_fail (settings == NULL ||
                        g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT), NULL);
  return step_new (PROPRIO_PLAN_STEP_PACER, pacer_id, settings, title, seconds);
}

ProprioPlanStep *
proprio_plan_step_copy (ProprioPlanStep *self)
{
  ProprioPlanStep *copy;

  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), NULL);

  copy = step_new (self->kind, self->exercise_id, self->settings, self->title, self->seconds);
  proprio_plan_step_set_note (copy, self->note);
  return copy;
}

ProprioPlanStepKind
proprio_plan_step_get_kind (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), PROPRIO_PLAN_STEP_EXERCISE);
  return self->kind;
}

const char *
proprio_plan_step_get_exercise_id (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), NULL);
  return self->exercise_id;
}

GVariant *
proprio_plan_step_get_settings (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), NULL);
  return self->settings;
}

void
proprio_plan_step_set_settings (ProprioPlanStep *self,
                                GVariant        *settings)
{
  g_return_if_fail (PROPRIO_IS_PLAN_STEP (self));
  g_return_if_fail (settings == NULL || g_variant_is_of_type (settings, G_VARIANT_TYPE_VARDICT));

  if (settings == NULL)
    settings = empty_settings ();
  else
    g_variant_ref_sink (settings);
  if (g_variant_equal (settings, self->settings))
    {
      g_variant_unref (settings);
      return;
    }
  g_variant_unref (self->settings);
  self->settings = settings;
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_SETTINGS]);
}

const char *
proprio_plan_step_get_title (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), NULL);
  return self->title;
}

void
proprio_plan_step_set_title (ProprioPlanStep *self,
                             const char      *title)
{
  g_autofree char *clipped = NULL;

  g_return_if_fail (PROPRIO_IS_PLAN_STEP (self));

  clipped = _proprio_plan_clip_text (title);
  if (g_str_equal (clipped, self->title))
    return;
  g_free (self->title);
  self->title = g_steal_pointer (&clipped);
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_TITLE]);
}

const char *
proprio_plan_step_get_note (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), NULL);
  return self->note;
}

void
proprio_plan_step_set_note (ProprioPlanStep *self,
                            const char      *note)
{
  g_autofree char *clipped = NULL;

  g_return_if_fail (PROPRIO_IS_PLAN_STEP (self));

  clipped = _proprio_plan_clip_text (note);
  if (g_str_equal (clipped, self->note))
    return;
  g_free (self->note);
  self->note = g_steal_pointer (&clipped);
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_NOTE]);
}

double
proprio_plan_step_get_seconds (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), 0);
  return self->seconds;
}

void
proprio_plan_step_set_seconds (ProprioPlanStep *self,
                               double           seconds)
{
  g_return_if_fail (PROPRIO_IS_PLAN_STEP (self));

  if (self->kind == PROPRIO_PLAN_STEP_EXERCISE || !isfinite (seconds))
    return;
  seconds = CLAMP (seconds, PROPRIO_PLAN_MIN_SECONDS, PROPRIO_PLAN_MAX_SECONDS);
  if (seconds == self->seconds)
    return;
  self->seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), step_properties[STEP_PROP_SECONDS]);
}

gboolean
proprio_plan_step_is_timed (ProprioPlanStep *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (self), FALSE);
  return self->kind != PROPRIO_PLAN_STEP_EXERCISE;
}

static void
proprio_plan_step_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ProprioPlanStep *self = PROPRIO_PLAN_STEP (object);

  switch (prop_id)
    {
    case STEP_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case STEP_PROP_EXERCISE_ID:
      g_value_set_string (value, self->exercise_id);
      break;
    case STEP_PROP_SETTINGS:
      g_value_set_variant (value, self->settings);
      break;
    case STEP_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case STEP_PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case STEP_PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_step_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ProprioPlanStep *self = PROPRIO_PLAN_STEP (object);

  switch (prop_id)
    {
    case STEP_PROP_SETTINGS:
      proprio_plan_step_set_settings (self, g_value_get_variant (value));
      break;
    case STEP_PROP_TITLE:
      proprio_plan_step_set_title (self, g_value_get_string (value));
      break;
    case STEP_PROP_NOTE:
      proprio_plan_step_set_note (self, g_value_get_string (value));
      break;
    case STEP_PROP_SECONDS:
      proprio_plan_step_set_seconds (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_step_finalize (GObject *object)
{
  ProprioPlanStep *self = PROPRIO_PLAN_STEP (object);

  g_free (self->exercise_id);
  g_clear_pointer (&self->settings, g_variant_unref);
  g_free (self->title);
  g_free (self->note);

  G_OBJECT_CLASS (proprio_plan_step_parent_class)->finalize (object);
}

static void
proprio_plan_step_class_init (ProprioPlanStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_plan_step_get_property;
  object_class->set_property = proprio_plan_step_set_property;
  object_class->finalize = proprio_plan_step_finalize;

  step_properties[STEP_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PROPRIO_TYPE_PLAN_STEP_KIND,
                       PROPRIO_PLAN_STEP_EXERCISE, ro);
  step_properties[STEP_PROP_EXERCISE_ID] =
    g_param_spec_string ("exercise-id", NULL, NULL, "", ro);
  step_properties[STEP_PROP_SETTINGS] =
    g_param_spec_variant ("settings", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL, rw);
  step_properties[STEP_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "", rw);
  step_properties[STEP_PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, "", rw);
  step_properties[STEP_PROP_SECONDS] =
    g_param_spec_double ("seconds", NULL, NULL, 0, PROPRIO_PLAN_MAX_SECONDS, 0, rw);
  g_object_class_install_properties (object_class, STEP_N_PROPS, step_properties);
}

static void
proprio_plan_step_init (ProprioPlanStep *self)
{
  self->exercise_id = g_strdup ("");
  self->settings = empty_settings ();
  self->title = g_strdup ("");
  self->note = g_strdup ("");
}
