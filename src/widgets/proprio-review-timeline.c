/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review-timeline"

#include "config.h"

#include "proprio-review-timeline.h"

#include <glib/gi18n.h>
#include <math.h>

/* Room for the elapsed time at each end, the spans' row, the track and the ticks' row. */
#define PAD_X        12.0
#define LABEL_W      64.0
#define SPAN_TOP     4.0
#define SPAN_H       26.0
#define TRACK_TOP    (SPAN_TOP + SPAN_H + 6.0)
#define TRACK_H      8.0
#define TICK_TOP     (TRACK_TOP + TRACK_H + 2.0)
#define TICK_H       12.0
#define HEIGHT       ((int) (TICK_TOP + TICK_H + 4.0))
/* A tick within this many pixels of the pointer is the one the tooltip names. */
#define HIT_PX       5.0

typedef struct
{
  gint64  start_us, end_us;
  char   *text;
} Mark;

struct _ProprioReviewTimeline
{
  GtkWidget  parent_instance;

  gint64     start_us, end_us;
  gint64     position_us;
  GArray    *spans;     /* Mark */
  GArray    *ticks;     /* Mark, end_us unused */
  double     drag_x;
};

G_DEFINE_FINAL_TYPE (ProprioReviewTimeline, proprio_review_timeline, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mark_clear (gpointer data)
{
  Mark *mark = data;

  g_free (mark->text);
}

static char *
format_elapsed (gint64 us)
{
  gint64 s = MAX (us, 0) / G_USEC_PER_SEC;

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
track_extent (ProprioReviewTimeline *self,
              double                *x0,
              double                *x1)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  *x0 = PAD_X + LABEL_W;
  *x1 = MAX (*x0 + 1, width - PAD_X - LABEL_W);
}

gboolean
proprio_review_timeline_time_to_x (ProprioReviewTimeline *self,
                                   gint64                 t_us,
                                   double                *x)
{
  double x0, x1;

  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), FALSE);
  *x = 0;
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->end_us <= self->start_us)
    return FALSE;
  track_extent (self, &x0, &x1);
  t_us = CLAMP (t_us, self->start_us, self->end_us);
  *x = x0 + (x1 - x0) * (double) (t_us - self->start_us) / (double) (self->end_us - self->start_us);
  return TRUE;
}

gboolean
proprio_review_timeline_x_to_time (ProprioReviewTimeline *self,
                                   double                 x,
                                   gint64                *t_us)
{
  double x0, x1, f;

  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), FALSE);
  *t_us = self->start_us;
  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 || self->end_us <= self->start_us)
    return FALSE;
  track_extent (self, &x0, &x1);
  f = CLAMP ((x - x0) / (x1 - x0), 0.0, 1.0);
  *t_us = self->start_us + (gint64) llround (f * (double) (self->end_us - self->start_us));
  return TRUE;
}

/* --- drawing --- */

static void
lookup (GtkStyleContext *context,
        const char      *name,
        guint32          fallback,
        GdkRGBA         *out)
{
  if (!gtk_style_context_lookup_color (context, name, out))
    *out = (GdkRGBA) { ((fallback >> 16) & 0xff) / 255.0, ((fallback >> 8) & 0xff) / 255.0,
                       (fallback & 0xff) / 255.0, 1.0 };
}

static void
set_source (cairo_t       *cr,
            const GdkRGBA *color,
            double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
show_text (ProprioReviewTimeline *self,
           cairo_t               *cr,
           const char            *text,
           double                 x,
           double                 y,
           double                 max_width,
           double                 xalign)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - xalign * w, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
proprio_review_timeline_snapshot (GtkWidget   *widget,
                                  GtkSnapshot *snapshot)
{
  ProprioReviewTimeline *self = PROPRIO_REVIEW_TIMELINE (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GdkRGBA fg, accent, warning;
  double x0, x1, head;
  g_autofree char *start_label = NULL, *end_label = NULL;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  gtk_style_context_get_color (context, &fg);
  lookup (context, "accent_bg_color", 0x3584e4, &accent);
  lookup (context, "warning_color", 0xe5a50a, &warning);
  track_extent (self, &x0, &x1);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The track, and what of it has been played. */
  set_source (cr, &fg, 0.15);
  cairo_rectangle (cr, x0, TRACK_TOP, x1 - x0, TRACK_H);
  cairo_fill (cr);
  proprio_review_timeline_time_to_x (self, self->position_us, &head);
  set_source (cr, &accent, 0.6);
  cairo_rectangle (cr, x0, TRACK_TOP, MAX (head - x0, 0), TRACK_H);
  cairo_fill (cr);

  /* Exercise runs: a span each, its title inside while it fits. */
  for (guint i = 0; i < self->spans->len; i++)
    {
      const Mark *span = &g_array_index (self->spans, Mark, i);
      double sx0, sx1;

      proprio_review_timeline_time_to_x (self, span->start_us, &sx0);
      proprio_review_timeline_time_to_x (self, span->end_us, &sx1);
      sx1 = MAX (sx1, sx0 + 2);
      set_source (cr, &accent, 0.25);
      cairo_rectangle (cr, sx0, SPAN_TOP, sx1 - sx0, SPAN_H);
      cairo_fill (cr);
      set_source (cr, &accent, 1.0);
      cairo_rectangle (cr, sx0, SPAN_TOP, 3, SPAN_H);
      cairo_fill (cr);
      if (sx1 - sx0 > 24)
        {
          set_source (cr, &fg, 1.0);
          show_text (self, cr, span->text, sx0 + 6, SPAN_TOP + SPAN_H / 2, sx1 - sx0 - 10, 0);
        }
    }

  /* Events: one short line each, in one path. */
  set_source (cr, &warning, 1.0);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      double tx;

      proprio_review_timeline_time_to_x (self, g_array_index (self->ticks, Mark, i).start_us, &tx);
      cairo_move_to (cr, round (tx) + 0.5, TICK_TOP);
      cairo_line_to (cr, round (tx) + 0.5, TICK_TOP + TICK_H);
    }
  cairo_stroke (cr);

  /* The play head across everything, with a knob on the track. */
  set_source (cr, &fg, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, round (head) + 0.5, SPAN_TOP);
  cairo_line_to (cr, round (head) + 0.5, TICK_TOP + TICK_H);
  cairo_stroke (cr);
  cairo_arc (cr, head, TRACK_TOP + TRACK_H / 2, TRACK_H, 0, 2 * G_PI);
  cairo_fill (cr);

  /* The start on the left, the whole duration on the right. */
  start_label = format_elapsed (0);
  end_label = format_elapsed (self->end_us - self->start_us);
  show_text (self, cr, start_label, x0 - 10, TRACK_TOP + TRACK_H / 2, 0, 1.0);
  show_text (self, cr, end_label, x1 + 10, TRACK_TOP + TRACK_H / 2, 0, 0.0);
  cairo_destroy (cr);
}

static void
proprio_review_timeline_measure (GtkWidget      *widget,
                                 GtkOrientation  orientation,
                                 int             for_size,
                                 int            *minimum,
                                 int            *natural,
                                 int            *minimum_baseline,
                                 int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (2 * (PAD_X + LABEL_W) + 120);
  else
    *minimum = *natural = HEIGHT;
}

/* --- input --- */

static void
seek_to_x (ProprioReviewTimeline *self,
           double                 x)
{
  gint64 t_us;

  if (proprio_review_timeline_x_to_time (self, x, &t_us))
    g_signal_emit (self, signals[SIGNAL_SEEK], 0, t_us);
}

static void
drag_begin_cb (GtkGestureDrag        *gesture,
               double                 x,
               double                 y,
               ProprioReviewTimeline *self)
{
  self->drag_x = x;
  seek_to_x (self, x);
}

static void
drag_update_cb (GtkGestureDrag        *gesture,
                double                 dx,
                double                 dy,
                ProprioReviewTimeline *self)
{
  seek_to_x (self, self->drag_x + dx);
}

char *
proprio_review_timeline_describe_at (ProprioReviewTimeline *self,
                                     double                 x)
{
  const Mark *best = NULL;
  double best_d = HIT_PX;
  gint64 t_us;

  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), NULL);
  for (guint i = 0; i < self->ticks->len; i++)
    {
      const Mark *tick = &g_array_index (self->ticks, Mark, i);
      double tx;

      if (proprio_review_timeline_time_to_x (self, tick->start_us, &tx) &&
          fabs (tx - x) <= best_d)
        {
          best = tick;
          best_d = fabs (tx - x);
        }
    }
  if (best != NULL)
    {
      g_autofree char *at = format_elapsed (best->start_us - self->start_us);

      return g_strdup_printf ("%s  %s", at, best->text);
    }
  if (!proprio_review_timeline_x_to_time (self, x, &t_us))
    return NULL;
  for (guint i = 0; i < self->spans->len; i++)
    {
      const Mark *span = &g_array_index (self->spans, Mark, i);

      if (span->start_us <= t_us && t_us <= span->end_us)
        {
          g_autofree char *from = format_elapsed (span->start_us - self->start_us);
          g_autofree char *to = format_elapsed (span->end_us - self->start_us);

          /* Translators: an exercise on the timeline: its title, from, to
           * ("Static test  1:05–2:10") */
          return g_strdup_printf (_("%s  %s–%s"), span->text, from, to);
        }
    }
  return NULL;
}

static gboolean
query_tooltip_cb (GtkWidget             *widget,
                  int                    x,
                  int                    y,
                  gboolean               keyboard,
                  GtkTooltip            *tooltip,
                  ProprioReviewTimeline *self)
{
  g_autofree char *text = proprio_review_timeline_describe_at (self, x);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* --- object --- */

static void
proprio_review_timeline_finalize (GObject *object)
{
  ProprioReviewTimeline *self = PROPRIO_REVIEW_TIMELINE (object);

  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->ticks, g_array_unref);
  G_OBJECT_CLASS (proprio_review_timeline_parent_class)->finalize (object);
}

static void
proprio_review_timeline_class_init (ProprioReviewTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = proprio_review_timeline_finalize;
  widget_class->snapshot = proprio_review_timeline_snapshot;
  widget_class->measure = proprio_review_timeline_measure;

  signals[SIGNAL_SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_css_name (widget_class, "reviewtimeline");
}

static void
proprio_review_timeline_init (ProprioReviewTimeline *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->spans = g_array_new (FALSE, TRUE, sizeof (Mark));
  self->ticks = g_array_new (FALSE, TRUE, sizeof (Mark));
  g_array_set_clear_func (self->spans, mark_clear);
  g_array_set_clear_func (self->ticks, mark_clear);
  self->end_us = 1;
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");
}

GtkWidget *
proprio_review_timeline_new (void)
{
  return g_object_new (PROPRIO_TYPE_REVIEW_TIMELINE, NULL);
}

void
proprio_review_timeline_set_range (ProprioReviewTimeline *self,
                                   gint64                 start_us,
                                   gint64                 end_us)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self));
  self->start_us = start_us;
  self->end_us = MAX (end_us, start_us + 1);
  self->position_us = CLAMP (self->position_us, self->start_us, self->end_us);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
proprio_review_timeline_get_start (ProprioReviewTimeline *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), 0);
  return self->start_us;
}

gint64
proprio_review_timeline_get_end (ProprioReviewTimeline *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), 0);
  return self->end_us;
}

void
proprio_review_timeline_clear_marks (ProprioReviewTimeline *self)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self));
  g_array_set_size (self->spans, 0);
  g_array_set_size (self->ticks, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
proprio_review_timeline_add_span (ProprioReviewTimeline *self,
                                  gint64                 start_us,
                                  gint64                 end_us,
                                  const char            *title)
{
  Mark mark = { start_us, MAX (end_us, start_us), g_strdup (title != NULL ? title : "") };

  g_return_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self));
  g_array_append_val (self->spans, mark);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
proprio_review_timeline_add_tick (ProprioReviewTimeline *self,
                                  gint64                 t_us,
                                  const char            *text)
{
  Mark mark = { t_us, t_us, g_strdup (text != NULL ? text : "") };

  g_return_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self));
  g_array_append_val (self->ticks, mark);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
proprio_review_timeline_get_n_spans (ProprioReviewTimeline *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), 0);
  return self->spans->len;
}

guint
proprio_review_timeline_get_n_ticks (ProprioReviewTimeline *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), 0);
  return self->ticks->len;
}

void
proprio_review_timeline_set_position (ProprioReviewTimeline *self,
                                      gint64                 t_us)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self));
  t_us = CLAMP (t_us, self->start_us, self->end_us);
  if (t_us == self->position_us)
    return;
  self->position_us = t_us;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
proprio_review_timeline_get_position (ProprioReviewTimeline *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_TIMELINE (self), 0);
  return self->position_us;
}
