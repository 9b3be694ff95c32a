/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "proprio-pacer-view-private.h"

G_DEFINE_FINAL_TYPE (ProprioPacerView, proprio_pacer_view, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_PACER, PROP_DISPLAY_TIME_US, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ---- what is shown ---- */

gint64
_proprio_pacer_view_now (ProprioPacerView *self)
{
  if (self->display_time_us != 0)
    return self->display_time_us;
  if (self->tick_id != 0 && self->frame_time_us != 0)
    return self->frame_time_us;
  return proprio_clock_now_us ();
}

gboolean
_proprio_pacer_view_animates (ProprioPacerView *self)
{
  gboolean animations = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations",
                &animations, NULL);
  return animations;
}

/* +1 while breathing in or coming up, −1 while breathing out or going down, 0 in a hold. */
static double
level_slope (ProprioPacerPhase phase)
{
  switch (phase)
    {
    case PROPRIO_PACER_PHASE_INHALE:
    case PROPRIO_PACER_PHASE_UP:
      return 1.0;
    case PROPRIO_PACER_PHASE_EXHALE:
    case PROPRIO_PACER_PHASE_DOWN:
      return -1.0;
    default:
      return 0.0;
    }
}

double
_proprio_pacer_view_shown_level (ProprioPacerView        *self,
                                 const ProprioPacerState *st)
{
  double level = st->level;

  if (st->status != PROPRIO_PACER_RUNNING || st->phase_duration_us <= 0)
    return level;
  if (!_proprio_pacer_view_animates (self))
    {
      /* Still pictures, one a second: where the breath or the limb should be by the end of
       * this count. */
      gint64 step_end = MIN ((gint64) st->count * G_USEC_PER_SEC, st->phase_duration_us);
      double p = (double) step_end / (double) st->phase_duration_us;

      if (st->phase == PROPRIO_PACER_PHASE_READY)
        return level;
      level = CLAMP (level + (p - st->progress) * level_slope (st->phase), 0.0, 1.0);
      return level;
    }
  /* A breath speeds up and slows down at its ends; a slow movement keeps one speed. */
  if (proprio_pacer_get_mode (self->pacer) == PROPRIO_PACER_BREATH)
    return (1.0 - cos (G_PI * level)) / 2.0;
  return level;
}

static guint64
state_key (ProprioPacerView        *self,
           const ProprioPacerState *st)
{
  guint64 level = (guint64) lround (_proprio_pacer_view_shown_level (self, st) * 2000.0);

  return ((guint64) st->phase << 56) | ((guint64) st->status << 52)
         | ((guint64) (st->count & 0xff) << 44) | ((guint64) (st->repetition & 0xffff) << 28)
         | (level & 0xfffffff);
}

static void
update_accessible (ProprioPacerView        *self,
                   const ProprioPacerState *st)
{
  g_autofree char *label = NULL;

  if (st->phase == self->a11y_phase && st->repetition == self->a11y_repetition)
    return;
  self->a11y_phase = st->phase;
  self->a11y_repetition = st->repetition;
  if (st->phase == PROPRIO_PACER_PHASE_NONE)
    label = g_strdup (st->status == PROPRIO_PACER_DONE ? _("Pacer: done") : _("Pacer: stopped"));
  else
    {
      guint seconds = (guint) ((st->phase_duration_us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC);

      /* Translators: "Breathe in, 4 seconds" (a phase of the pacer and how long it lasts). */
      label = g_strdup_printf (ngettext ("%s, %u second", "%s, %u seconds", seconds),
                               proprio_pacer_phase_get_word (st->phase), seconds);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Once per frame while running: one draw when something drawn changes, none otherwise. */
static void
refresh (ProprioPacerView *self)
{
  ProprioPacerState st;
  guint64 key;

  if (self->pacer == NULL)
    return;
  proprio_pacer_get_state (self->pacer, _proprio_pacer_view_now (self), &st);
  update_accessible (self, &st);
  key = state_key (self, &st);
  if (key == self->drawn_key)
    return;
  self->drawn_key = key;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ProprioPacerView *self = PROPRIO_PACER_VIEW (widget);

  self->frame_time_us = gdk_frame_clock_get_frame_time (clock);
  refresh (self);
  return G_SOURCE_CONTINUE;
}

/* The frame clock is followed exactly while there is something moving to show. */
static void
sync_tick (ProprioPacerView *self)
{
  gboolean want = gtk_widget_get_mapped (GTK_WIDGET (self)) && self->pacer != NULL
                  && proprio_pacer_is_running (self->pacer) && self->display_time_us == 0;

  if (want && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  else if (!want && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
      self->frame_time_us = 0;
    }
}

static void
pacer_changed_cb (ProprioPacerView *self)
{
  sync_tick (self);
  refresh (self);
  /* A new pattern can change what is drawn with the same key (the idle caption). */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- API ---- */

GtkWidget *
proprio_pacer_view_new (ProprioPacer *pacer)
{
  g_return_val_if_fail (pacer == NULL || PROPRIO_IS_PACER (pacer), NULL);
  return g_object_new (PROPRIO_TYPE_PACER_VIEW, "pacer", pacer, NULL);
}

ProprioPacer *
proprio_pacer_view_get_pacer (ProprioPacerView *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER_VIEW (self), NULL);
  return self->pacer;
}

void
proprio_pacer_view_set_pacer (ProprioPacerView *self,
                              ProprioPacer     *pacer)
{
  g_return_if_fail (PROPRIO_IS_PACER_VIEW (self));
  g_return_if_fail (pacer == NULL || PROPRIO_IS_PACER (pacer));

  if (!g_set_object (&self->pacer, pacer))
    return;
  g_signal_group_set_target (self->pacer_signals, pacer);
  self->a11y_phase = (ProprioPacerPhase) -1;
  pacer_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACER]);
}

void
proprio_pacer_view_set_display_time (ProprioPacerView *self,
                                     gint64            t_us)
{
  g_return_if_fail (PROPRIO_IS_PACER_VIEW (self));

  if (self->display_time_us == t_us)
    return;
  self->display_time_us = t_us;
  sync_tick (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TIME_US]);
}

void
proprio_pacer_view_get_drawn (ProprioPacerView      *self,
                              ProprioPacerViewDrawn *out)
{
  g_return_if_fail (PROPRIO_IS_PACER_VIEW (self));
  g_return_if_fail (out != NULL);
  *out = self->drawn;
}

/* ---- GtkWidget ---- */

static void
proprio_pacer_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (proprio_pacer_view_parent_class)->map (widget);
  sync_tick (PROPRIO_PACER_VIEW (widget));
  refresh (PROPRIO_PACER_VIEW (widget));
}

static void
proprio_pacer_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (proprio_pacer_view_parent_class)->unmap (widget);
  sync_tick (PROPRIO_PACER_VIEW (widget));
}

static void
proprio_pacer_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  *minimum = 160;
  *natural = 320;
}

static void
proprio_pacer_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  _proprio_pacer_view_snapshot (PROPRIO_PACER_VIEW (widget), snapshot);
}

/* Sizes follow the allocation and the style's colours follow the theme: lay out again. */
static void
proprio_pacer_view_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (proprio_pacer_view_parent_class)->css_changed (widget, change);
  _proprio_pacer_view_clear_texts (PROPRIO_PACER_VIEW (widget));
  gtk_widget_queue_draw (widget);
}

static void
proprio_pacer_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ProprioPacerView *self = PROPRIO_PACER_VIEW (object);

  switch (prop_id)
    {
    case PROP_PACER:
      g_value_set_object (value, self->pacer);
      break;
    case PROP_DISPLAY_TIME_US:
      g_value_set_int64 (value, self->display_time_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_pacer_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ProprioPacerView *self = PROPRIO_PACER_VIEW (object);

  switch (prop_id)
    {
    case PROP_PACER:
      proprio_pacer_view_set_pacer (self, g_value_get_object (value));
      break;
    case PROP_DISPLAY_TIME_US:
      proprio_pacer_view_set_display_time (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_pacer_view_dispose (GObject *object)
{
  ProprioPacerView *self = PROPRIO_PACER_VIEW (object);

  if (self->pacer_signals != NULL)
    g_signal_group_set_target (self->pacer_signals, NULL);
  g_clear_object (&self->pacer_signals);
  g_clear_object (&self->pacer);
  _proprio_pacer_view_clear_texts (self);

  G_OBJECT_CLASS (proprio_pacer_view_parent_class)->dispose (object);
}

static void
proprio_pacer_view_class_init (ProprioPacerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->get_property = proprio_pacer_view_get_property;
  object_class->set_property = proprio_pacer_view_set_property;
  object_class->dispose = proprio_pacer_view_dispose;
  widget_class->map = proprio_pacer_view_map;
  widget_class->unmap = proprio_pacer_view_unmap;
  widget_class->measure = proprio_pacer_view_measure;
  widget_class->snapshot = proprio_pacer_view_snapshot;
  widget_class->css_changed = proprio_pacer_view_css_changed;

  properties[PROP_PACER] =
    g_param_spec_object ("pacer", NULL, NULL, PROPRIO_TYPE_PACER, flags);
  properties[PROP_DISPLAY_TIME_US] =
    g_param_spec_int64 ("display-time-us", NULL, NULL, 0, G_MAXINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "pacerview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
proprio_pacer_view_init (ProprioPacerView *self)
{
  self->a11y_phase = (ProprioPacerPhase) -1;
  self->pacer_signals = g_signal_group_new (PROPRIO_TYPE_PACER);
  g_signal_group_connect_swapped (self->pacer_signals, "changed", G_CALLBACK (pacer_changed_cb),
                                  self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pacer: stopped"), -1);
  /* Nothing to click: input goes to what is under it only outside its card. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}
