/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "proprio-plan-private.h"

G_DEFINE_QUARK (proprio-plan-error-quark, proprio_plan_error)

G_DEFINE_ENUM_TYPE (ProprioPlanStepKind, proprio_plan_step_kind,
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_EXERCISE, "exercise"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_PAUSE, "pause"),
                    G_DEFINE_ENUM_VALUE (PROPRIO_PLAN_STEP_PACER, "pacer"))

static const char * const kind_names[] = { "exercise", "pause", "pacer" };

const char *
proprio_plan_step_kind_to_string (ProprioPlanStepKind kind)
{
  g_return_val_if_fail (kind <= PROPRIO_PLAN_STEP_PACER, "exercise");
  return kind_names[kind];
}

gboolean
proprio_plan_step_kind_from_string (const char          *text,
                                    ProprioPlanStepKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = (ProprioPlanStepKind) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
proprio_plan_is_setup_key (const char *key)
{
  static const char * const setup_keys[] = {
    /* the board (Preferences, calibration) */
    "board-width-mm", "board-length-mm",
    /* measured on this patient: limits of stability, height, MVCs and the units they give */
    "limits-centre-mm", "limits-excursion-mm", "height-m",
    "target-mvc", "quiet-mvc", "target-unit", "quiet-unit",
    /* the analysis filter of the preferences */
    "lowpass-hz",
    /* a channel name of the EMG device connected now */
    "channel",
    NULL
  };

  return key != NULL && g_strv_contains (setup_keys, key);
}

char *
_proprio_plan_clip_text (const char *text)
{
  glong n;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  n = g_utf8_strlen (text, -1);
  if (n <= PROPRIO_PLAN_MAX_TEXT)
    return g_strdup (text);
  return g_utf8_substring (text, 0, PROPRIO_PLAN_MAX_TEXT);
}


/* ---- ProprioPlan ---- */

struct _ProprioPlan
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *notes;
  gboolean    example;
  GListStore *steps;
};

G_DEFINE_FINAL_TYPE (ProprioPlan, proprio_plan, G_TYPE_OBJECT)

enum {
  PLAN_PROP_0,
  PLAN_PROP_ID,
  PLAN_PROP_TITLE,
  PLAN_PROP_NOTES,
  PLAN_PROP_EXAMPLE,
  PLAN_PROP_N_STEPS,
  PLAN_N_PROPS
};

enum {
  PLAN_SIGNAL_CHANGED,
  PLAN_N_SIGNALS
};

static GParamSpec *plan_properties[PLAN_N_PROPS];
static guint plan_signals[PLAN_N_SIGNALS];

static void
emit_changed (ProprioPlan *self)
{
  g_signal_emit (self, plan_signals[PLAN_SIGNAL_CHANGED], 0);
}

static void
step_notify_cb (ProprioPlanStep *step,
                GParamSpec      *pspec,
                ProprioPlan     *self)
{
  emit_changed (self);
}

ProprioPlan *
proprio_plan_new (const char *title)
{
  ProprioPlan *self = g_object_new (PROPRIO_TYPE_PLAN, NULL);

  g_free (self->title);
  self->title = _proprio_plan_clip_text (title);
  return self;
}

/* The example flag is not a property to set: only the file reader marks a plan as one. */
void
_proprio_plan_set_example (ProprioPlan *self,
                           gboolean     example)
{
  self->example = !!example;
}

ProprioPlan *
proprio_plan_duplicate (ProprioPlan *self)
{
  ProprioPlan *copy;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);

  copy = proprio_plan_new (self->title);
  proprio_plan_set_notes (copy, self->notes);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProprioPlanStep) step = g_list_model_get_item (G_LIST_MODEL (self->steps), i);
      g_autoptr(ProprioPlanStep) step_copy = proprio_plan_step_copy (step);

      proprio_plan_append_step (copy, step_copy);
    }
  return copy;
}

const char *
proprio_plan_get_id (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);
  return self->id;
}

void
proprio_plan_set_id (ProprioPlan *self,
                     const char  *id)
{
  g_return_if_fail (PROPRIO_IS_PLAN (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), plan_properties[PLAN_PROP_ID]);
}

const char *
proprio_plan_get_title (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);
  return self->title;
}

void
proprio_plan_set_title (ProprioPlan *self,
                        const char  *title)
{
  g_autofree char *clipped = NULL;

  g_return_if_fail (PROPRIO_IS_PLAN (self));
  g_return_if_fail (!self->example);

  clipped = _proprio_plan_clip_text (title);
  if (g_str_equal (clipped, self->title))
    return;
  g_free (self->title);
  self->title = g_steal_pointer (&clipped);
  g_object_notify_by_pspec (G_OBJECT (self), plan_properties[PLAN_PROP_TITLE]);
  emit_changed (self);
}

const char *
proprio_plan_get_notes (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);
  return self->notes;
}

void
proprio_plan_set_notes (ProprioPlan *self,
                        const char  *notes)
{
  g_autofree char *clipped = NULL;

  g_return_if_fail (PROPRIO_IS_PLAN (self));
  g_return_if_fail (!self->example);

  clipped = _proprio_plan_clip_text (notes);
  if (g_str_equal (clipped, self->notes))
    return;
  g_free (self->notes);
  self->notes = g_steal_pointer (&clipped);
  g_object_notify_by_pspec (G_OBJECT (self), plan_properties[PLAN_PROP_NOTES]);
  emit_changed (self);
}

gboolean
proprio_plan_is_example (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), FALSE);
  return self->example;
}

GListModel *
proprio_plan_get_steps (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);
  return G_LIST_MODEL (self->steps);
}

guint
proprio_plan_get_n_steps (ProprioPlan *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->steps));
}

ProprioPlanStep *
proprio_plan_get_step (ProprioPlan *self,
                       guint        index)
{
  ProprioPlanStep *step;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), NULL);

  step = g_list_model_get_item (G_LIST_MODEL (self->steps), index);
  /* The store keeps its own reference: hand out a borrowed one. */
  if (step != NULL)
    g_object_unref (step);
  return step;
}

int
proprio_plan_find_step (ProprioPlan     *self,
                        ProprioPlanStep *step)
{
  guint position;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), -1);

  if (step == NULL || !g_list_store_find (self->steps, step, &position))
    return -1;
  return (int) position;
}

static void
steps_changed (ProprioPlan *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), plan_properties[PLAN_PROP_N_STEPS]);
  emit_changed (self);
}

gboolean
proprio_plan_insert_step (ProprioPlan     *self,
                          guint            index,
                          ProprioPlanStep *step)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), FALSE);
  g_return_val_if_fail (PROPRIO_IS_PLAN_STEP (step), FALSE);

  n = proprio_plan_get_n_steps (self);
  if (self->example || n >= PROPRIO_PLAN_MAX_STEPS || proprio_plan_find_step (self, step) >= 0)
    return FALSE;
  g_signal_connect_object (step, "notify", G_CALLBACK (step_notify_cb), self, 0);
  g_list_store_insert (self->steps, MIN (index, n), step);
  steps_changed (self);
  return TRUE;
}

gboolean
proprio_plan_append_step (ProprioPlan     *self,
                          ProprioPlanStep *step)
{
  return proprio_plan_insert_step (self, G_MAXUINT, step);
}

gboolean
proprio_plan_remove_step (ProprioPlan *self,
                          guint        index)
{
  ProprioPlanStep *step;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), FALSE);

  step = proprio_plan_get_step (self, index);
  if (self->example || step == NULL)
    return FALSE;
  g_signal_handlers_disconnect_by_func (step, step_notify_cb, self);
  g_list_store_remove (self->steps, index);
  steps_changed (self);
  return TRUE;
}

gboolean
proprio_plan_move_step (ProprioPlan *self,
                        guint        from,
                        guint        to)
{
  g_autoptr(GPtrArray) order = NULL;
  guint n, lo, hi;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), FALSE);

  n = proprio_plan_get_n_steps (self);
  if (self->example || from >= n || to >= n)
    return FALSE;
  if (from == to)
    return TRUE;

  /* One splice over the span, so a view never sees the step missing in between (a run would
   * take a missing current step for a deleted one). */
  lo = MIN (from, to);
  hi = MAX (from, to);
  order = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = lo; i <= hi; i++)
    g_ptr_array_add (order, g_list_model_get_item (G_LIST_MODEL (self->steps), i));
  if (from < to)
    {
      gpointer moved = order->pdata[0];

      memmove (order->pdata, order->pdata + 1, (order->len - 1) * sizeof (gpointer));
      order->pdata[order->len - 1] = moved;
    }
  else
    {
      gpointer moved = order->pdata[order->len - 1];

      memmove (order->pdata + 1, order->pdata, (order->len - 1) * sizeof (gpointer));
      order->pdata[0] = moved;
    }
  g_list_store_splice (self->steps, lo, order->len, order->pdata, order->len);
  emit_changed (self);
  return TRUE;
}

double
proprio_plan_get_timed_seconds (ProprioPlan *self)
{
  double total = 0;
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN (self), 0);

  n = proprio_plan_get_n_steps (self);
  for (guint i = 0; i < n; i++)
    total += proprio_plan_step_get_seconds (proprio_plan_get_step (self, i));
  return total;
}

static void
proprio_plan_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ProprioPlan *self = PROPRIO_PLAN (object);

  switch (prop_id)
    {
    case PLAN_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PLAN_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PLAN_PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PLAN_PROP_EXAMPLE:
      g_value_set_boolean (value, self->example);
      break;
    case PLAN_PROP_N_STEPS:
      g_value_set_uint (value, proprio_plan_get_n_steps (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ProprioPlan *self = PROPRIO_PLAN (object);

  switch (prop_id)
    {
    case PLAN_PROP_TITLE:
      if (!self->example)
        proprio_plan_set_title (self, g_value_get_string (value));
      break;
    case PLAN_PROP_NOTES:
      if (!self->example)
        proprio_plan_set_notes (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_plan_dispose (GObject *object)
{
  ProprioPlan *self = PROPRIO_PLAN (object);

  if (self->steps != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->steps));

      for (guint i = 0; i < n; i++)
        g_signal_handlers_disconnect_by_func (proprio_plan_get_step (self, i), step_notify_cb,
                                              self);
    }
  g_clear_object (&self->steps);

  G_OBJECT_CLASS (proprio_plan_parent_class)->dispose (object);
}

static void
proprio_plan_finalize (GObject *object)
{
  ProprioPlan *self = PROPRIO_PLAN (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->notes);

  G_OBJECT_CLASS (proprio_plan_parent_class)->finalize (object);
}

static void
proprio_plan_class_init (ProprioPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_plan_get_property;
  object_class->set_property = proprio_plan_set_property;
  object_class->dispose = proprio_plan_dispose;
  object_class->finalize = proprio_plan_finalize;

  plan_properties[PLAN_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  plan_properties[PLAN_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", rw);
  plan_properties[PLAN_PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", rw);
  plan_properties[PLAN_PROP_EXAMPLE] = g_param_spec_boolean ("example", NULL, NULL, FALSE, ro);
  plan_properties[PLAN_PROP_N_STEPS] = g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0,
                                                          ro);
  g_object_class_install_properties (object_class, PLAN_N_PROPS, plan_properties);

  /* Anything a file holds changed: the title, the notes, the steps or one step. */
  plan_signals[PLAN_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
proprio_plan_init (ProprioPlan *self)
{
  self->title = g_strdup ("");
  self->notes = g_strdup ("");
  self->steps = g_list_store_new (PROPRIO_TYPE_PLAN_STEP);
}
