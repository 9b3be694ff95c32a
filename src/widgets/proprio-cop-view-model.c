/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-view"

/* The data side of the CoP view: the stored trace, what of it is visible when, and the mapping
 * between widget pixels and board millimetres. */

#include <math.h>
#include <string.h>

#include "core/proprio-clock.h"
#include "proprio-cop-view-private.h"

/* Space around the board for its labels, and the strips that hold the weight-bearing bars. */
#define PAD_PX          26.0
/* Room for the gauges and their large figures (COP_VIEW_TEXT_LARGE). */
#define STRIP_BOTTOM_PX 64.0
#define STRIP_RIGHT_PX  104.0
#define BAR_PX          16.0

/* Auto-zoom: the last seconds of sway, with a margin, fill this share of the half view. */
#define AUTO_ZOOM_WINDOW_US  (5 * G_USEC_PER_SEC)
#define AUTO_ZOOM_MARGIN_MM  4.0
#define AUTO_ZOOM_FILL       0.8
#define AUTO_ZOOM_IN_RATIO   1.4
/* A new zoom leaves the sway room to grow by a sixth before the zoom must change again: a zoom
 * step redraws the whole board, and creeping out by a hair with every wider sway did that
 * several times a second. */
#define AUTO_ZOOM_HEADROOM   0.85
#define AUTO_ZOOM_RESCAN_US  (G_USEC_PER_SEC / 4)

/* ---- time and visibility ---- */

gint64
proprio_cop_view_now (ProprioCopView *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* The frame time is the same clock as the samples, and stays constant through one frame. */
  if (clock != NULL)
    return gdk_frame_clock_get_frame_time (clock);
  return proprio_clock_now_us ();
}

void
proprio_cop_view_compute_windows (ProprioCopView *self,
                                  gint64          now,
                                  CopViewWindows *windows)
{
  ProprioCopTrail *trail = self->trail;
  guint len = proprio_cop_trail_get_length (trail);
  gint64 trail_us = (gint64) (self->trail_seconds * G_USEC_PER_SEC);
  gint64 ellipse_us = (gint64) (self->ellipse_seconds * G_USEC_PER_SEC);
  gint64 step_us;

  if (self->display_time_us == 0 && self->delay_us == 0)
    {
      /* Live: every sample shows at once, even one stamped a little after the frame began. */
      windows->cutoff = G_MAXINT64;
      windows->t_ref = now;
      if (len > 0)
        windows->t_ref = MAX (now, proprio_cop_trail_get (trail, len - 1)->t_us);
      windows->shown_end = len;
    }
  else
    {
      gint64 base = self->display_time_us != 0 ? self->display_time_us : now;

      windows->cutoff = base - self->delay_us;
      windows->t_ref = windows->cutoff;
      windows->shown_end = proprio_cop_trail_upper_bound (trail, windows->cutoff);
    }

  /* From the step time, as the trail is drawn (proprio-cop-view-nodes.c): these move only then. */
  step_us = proprio_cop_view_step_time (windows);
  windows->bars_end = MIN (proprio_cop_trail_upper_bound (trail, step_us), windows->shown_end);
  for (guint k = 0; k < COP_VIEW_N_BUCKETS; k++)
    {
      gint64 start = step_us - trail_us * (COP_VIEW_N_BUCKETS - k) / COP_VIEW_N_BUCKETS;

      windows->bucket_start[k] = MIN (proprio_cop_trail_upper_bound (trail, start),
                                      windows->shown_end);
    }
  windows->ellipse_start = MIN (proprio_cop_trail_upper_bound (trail, windows->t_ref - ellipse_us),
                                windows->shown_end);
}

static void
signature_from_windows (ProprioCopView         *self,
                        const CopViewWindows   *windows,
                        CopViewSignature       *signature)
{
  guint64 first = proprio_cop_trail_get_first_seq (self->trail);

  memset (signature, 0, sizeof *signature);
  signature->shown_end = first + windows->shown_end;
  /* Windows that are not drawn must not cause redraws. */
  if (self->show_feedback && self->show_trail)
    for (guint k = 0; k < COP_VIEW_N_BUCKETS; k++)
      signature->bucket_start[k] = first + windows->bucket_start[k];
  if (self->show_feedback && self->show_ellipse)
    signature->ellipse_start = first + windows->ellipse_start;
  if (self->show_bars)
    signature->bars_end = first + windows->bars_end;
}

/* Whether the picture can still change with time alone, with no new samples. */
static gboolean
needs_ticks (ProprioCopView       *self,
             const CopViewWindows *windows)
{
  guint len = proprio_cop_trail_get_length (self->trail);
  double horizon_s = 0;
  gint64 last_t;

  if (self->display_time_us != 0 || len == 0)
    return FALSE;
  if (windows->shown_end < len)
    return TRUE;                 /* delayed samples are waiting for their time */
  if (!self->show_feedback)
    return FALSE;
  if (self->show_trail)
    horizon_s = self->trail_seconds;
  if (self->show_ellipse)
    horizon_s = MAX (horizon_s, self->ellipse_seconds);
  last_t = proprio_cop_trail_get (self->trail, len - 1)->t_us;
  return last_t > windows->t_ref - (gint64) (horizon_s * G_USEC_PER_SEC);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (widget);

  if (proprio_cop_view_update_visible (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Queues a draw when the visible state moved on; returns whether time alone can still change it. */
gboolean
proprio_cop_view_update_visible (ProprioCopView *self)
{
  CopViewWindows windows;
  CopViewSignature signature;
  gboolean ticks;

  proprio_cop_view_compute_windows (self, proprio_cop_view_now (self), &windows);
  signature_from_windows (self, &windows, &signature);
  if (memcmp (&signature, &self->signature, sizeof signature) != 0)
    {
      self->signature = signature;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      if (self->auto_zoom)
        proprio_cop_view_fit_zoom (self);
    }

  ticks = needs_ticks (self, &windows);
  if (ticks && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
  return ticks;
}

/* How far from the board's centre what must be seen reaches, per axis (mm). */
static void
extent_add (const ProprioCopPoint *p,
            double                *ex,
            double                *ey)
{
  if (!(p->flags & PROPRIO_SAMPLE_HAS_COP))
    return;
  *ex = MAX (*ex, fabs (p->x_mm));
  *ey = MAX (*ey, fabs (p->y_mm));
}

/* The sway's part is a pass over the last AUTO_ZOOM_WINDOW_US of points (5000 at 1 kHz) a few
 * times a second; in between, only the new points are looked at. */
static void
needed_extent (ProprioCopView *self,
               double         *ex,
               double         *ey)
{
  CopViewWindows windows;
  gint64 from;
  guint len = proprio_cop_trail_get_length (self->trail), end;
  guint64 first;

  proprio_cop_view_compute_windows (self, proprio_cop_view_now (self), &windows);
  first = proprio_cop_trail_get_first_seq (self->trail);
  end = MIN (windows.shown_end, len);
  if (self->extent_valid && llabs (windows.t_ref - self->extent_scan_us) < AUTO_ZOOM_RESCAN_US &&
      self->extent_end_seq >= first && self->extent_end_seq <= first + end)
    {
      /* Between passes the new points only widen what is needed; points that left the window
       * narrow it at the next pass (zooming in can wait that long, zooming out cannot). */
      for (guint i = (guint) (self->extent_end_seq - first); i < end; i++)
        extent_add (proprio_cop_trail_get (self->trail, i), &self->extent_x, &self->extent_y);
    }
  else
    {
      from = windows.t_ref - AUTO_ZOOM_WINDOW_US;
      self->extent_x = self->extent_y = 0;
      for (guint i = end; i-- > 0;)
        {
          const ProprioCopPoint *p = proprio_cop_trail_get (self->trail, i);

          if (p->t_us < from)
            break;
          extent_add (p, &self->extent_x, &self->extent_y);
        }
      self->extent_scan_us = windows.t_ref;
      self->extent_valid = TRUE;
    }
  self->extent_end_seq = first + end;
  *ex = self->extent_x;
  *ey = self->extent_y;
  for (guint i = 0; i < self->targets->len; i++)
    {
      const ProprioTarget *t = &g_array_index (self->targets, ProprioTarget, i);

      *ex = MAX (*ex, fabs (t->x_mm) + t->radius_mm);
      *ey = MAX (*ey, fabs (t->y_mm) + t->radius_mm);
    }
  for (guint i = 0; i + 1 < self->polygon->len; i += 2)
    {
      *ex = MAX (*ex, fabs (g_array_index (self->polygon, double, i)));
      *ey = MAX (*ey, fabs (g_array_index (self->polygon, double, i + 1)));
    }
}

void
proprio_cop_view_fit_zoom (ProprioCopView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double ex, ey, wanted, fit;
  CopViewLayout layout;

  if (width <= 0 || height <= 0)
    return;
  needed_extent (self, &ex, &ey);
  if (ex == 0 && ey == 0)
    return;

  /* At zoom 1 the board fits; `fit` px per mm. The sway fills AUTO_ZOOM_FILL of the half area. */
  proprio_cop_view_compute_layout (self, width, height, &layout);
  fit = layout.scale / self->zoom;
  wanted = MIN (AUTO_ZOOM_FILL * layout.area.size.width / 2 / (fit * (ex + AUTO_ZOOM_MARGIN_MM)),
                AUTO_ZOOM_FILL * layout.area.size.height / 2 / (fit * (ey + AUTO_ZOOM_MARGIN_MM)));
  wanted = CLAMP (wanted, PROPRIO_COP_VIEW_ZOOM_MIN, PROPRIO_COP_VIEW_ZOOM_MAX);

  /* Out at once when something would leave the view; in only when it is well worth it, so the
   * picture does not breathe with every sway. */
  if (wanted < self->zoom || wanted > self->zoom * AUTO_ZOOM_IN_RATIO)
    proprio_cop_view_apply_auto_zoom (self, CLAMP (wanted * AUTO_ZOOM_HEADROOM,
                                                   PROPRIO_COP_VIEW_ZOOM_MIN,
                                                   PROPRIO_COP_VIEW_ZOOM_MAX));
}

void
proprio_cop_view_invalidate (ProprioCopView *self,
                             gboolean        background)
{
  if (background)
    {
      g_clear_pointer (&self->background, gsk_render_node_unref);
      proprio_cop_view_clear_text_cache (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* New targets or a new polygon may need another fit (a fit that changes nothing stops here). */
  if (self->auto_zoom)
    proprio_cop_view_fit_zoom (self);
  proprio_cop_view_update_visible (self);
}

void
proprio_cop_view_trim (ProprioCopView *self)
{
  guint len = proprio_cop_trail_get_length (self->trail);
  gint64 newest, keep_us;

  if (len == 0)
    return;
  newest = proprio_cop_trail_get (self->trail, len - 1)->t_us;
  keep_us = (gint64) (MAX (MAX (self->trail_seconds, self->ellipse_seconds), 1.0)
                      * G_USEC_PER_SEC) + self->delay_us + COP_VIEW_BARS_WINDOW_US;
  if (self->display_time_us != 0 && newest > self->display_time_us)
    keep_us += newest - self->display_time_us;
  proprio_cop_trail_trim_before (self->trail, newest - keep_us);
}

/* ---- public API ---- */

void
proprio_cop_view_push (ProprioCopView      *self,
                       const ProprioSample *samples,
                       gsize                n)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));
  g_return_if_fail (samples != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    {
      const ProprioSample *s = &samples[i];
      const double *v = s->values;
      ProprioCopPoint p;
      double left, right_side, sum;

      if (s->n_channels < PROPRIO_BALANCE_N_CHANNELS)
        continue;

      left = v[PROPRIO_BALANCE_CHANNEL_TL] + v[PROPRIO_BALANCE_CHANNEL_BL];
      right_side = v[PROPRIO_BALANCE_CHANNEL_TR] + v[PROPRIO_BALANCE_CHANNEL_BR];
      sum = left + right_side;

      p.t_us = s->t_us;
      p.flags = s->flags;
      p.x_mm = (float) v[PROPRIO_BALANCE_CHANNEL_COP_X];
      p.y_mm = (float) v[PROPRIO_BALANCE_CHANNEL_COP_Y];
      if (sum > 0 && isfinite (sum))
        {
          p.left_frac = (float) (left / sum);
          p.front_frac = (float) ((v[PROPRIO_BALANCE_CHANNEL_TL] + v[PROPRIO_BALANCE_CHANNEL_TR])
                                  / sum);
        }
      else
        p.left_frac = p.front_frac = NAN;
      if (!isfinite (p.x_mm) || !isfinite (p.y_mm))
        p.flags &= ~(guint32) PROPRIO_SAMPLE_HAS_COP;

      if (!proprio_cop_trail_append (self->trail, &p))
        {
          /* Time went backwards: the source was restarted, so the old trace means nothing. */
          proprio_cop_trail_clear (self->trail);
          proprio_cop_trail_append (self->trail, &p);
        }
    }

  proprio_cop_view_trim (self);
  proprio_cop_view_update_visible (self);
}

void
proprio_cop_view_clear (ProprioCopView *self)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));

  proprio_cop_trail_clear (self->trail);
  proprio_cop_view_update_visible (self);
}

void
proprio_cop_view_set_targets (ProprioCopView      *self,
                              const ProprioTarget *targets,
                              guint                n)
{
  gboolean same;

  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));
  g_return_if_fail (targets != NULL || n == 0);

  same = self->targets->len == n;
  for (guint i = 0; same && i < n; i++)
    {
      const ProprioTarget *a = &g_array_index (self->targets, ProprioTarget, i);
      const ProprioTarget *b = &targets[i];

      same = a->x_mm == b->x_mm && a->y_mm == b->y_mm && a->radius_mm == b->radius_mm &&
             a->state == b->state && a->progress == b->progress;
    }
  if (same)
    return;

  g_array_set_size (self->targets, 0);
  g_array_append_vals (self->targets, targets, n);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
proprio_cop_view_set_polygon (ProprioCopView *self,
                              const double   *xy_mm,
                              guint           n_points)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));
  g_return_if_fail (xy_mm != NULL || n_points == 0);

  if (self->polygon->len == 2 * n_points &&
      (n_points == 0 || memcmp (self->polygon->data, xy_mm, 2 * n_points * sizeof (double)) == 0))
    return;

  g_array_set_size (self->polygon, 0);
  g_array_append_vals (self->polygon, xy_mm, 2 * n_points);
  proprio_cop_view_invalidate (self, TRUE);
}

void
proprio_cop_view_compute_layout (ProprioCopView *self,
                                 double          width,
                                 double          height,
                                 CopViewLayout  *layout)
{
  double avail_w, avail_h, fit, half_w, half_l;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;
  layout->area = GRAPHENE_RECT_INIT (0, 0, width, height);
  if (self->show_bars)
    {
      layout->area.size.width = MAX (width - STRIP_RIGHT_PX, 1);
      layout->area.size.height = MAX (height - STRIP_BOTTOM_PX, 1);
    }

  avail_w = MAX (layout->area.size.width - 2 * PAD_PX, 1);
  avail_h = MAX (layout->area.size.height - 2 * PAD_PX, 1);
  fit = MIN (avail_w / self->board_width_mm, avail_h / self->board_length_mm);
  layout->scale = fit * self->zoom;
  layout->cx = layout->area.origin.x + layout->area.size.width / 2;
  layout->cy = layout->area.origin.y + layout->area.size.height / 2;
  layout->sx = self->mirrored ? -1 : 1;

  if (self->show_bars)
    {
      /* The bars line up with the board as it fits, whatever the zoom. */
      half_w = MIN (self->board_width_mm / 2 * fit, layout->area.size.width / 2);
      half_l = MIN (self->board_length_mm / 2 * fit, layout->area.size.height / 2);
      layout->lr_bar = GRAPHENE_RECT_INIT (layout->cx - half_w,
                                           layout->area.size.height + 8,
                                           2 * half_w, BAR_PX);
      layout->fb_bar = GRAPHENE_RECT_INIT (layout->area.size.width + 8,
                                           layout->cy - half_l,
                                           BAR_PX, 2 * half_l);
    }
}

gboolean
proprio_cop_view_board_to_widget (ProprioCopView *self,
                                  double          x_mm,
                                  double          y_mm,
                                  double         *widget_x,
                                  double         *widget_y)
{
  int width, height;
  CopViewLayout layout;

  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), FALSE);
  g_return_val_if_fail (widget_x != NULL && widget_y != NULL, FALSE);

  *widget_x = *widget_y = 0;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return FALSE;

  proprio_cop_view_compute_layout (self, width, height, &layout);
  *widget_x = layout.cx + layout.sx * layout.scale * x_mm;
  *widget_y = layout.cy - layout.scale * y_mm;
  return TRUE;
}

gboolean
proprio_cop_view_widget_to_board (ProprioCopView *self,
                                  double          widget_x,
                                  double          widget_y,
                                  double         *x_mm,
                                  double         *y_mm)
{
  int width, height;
  CopViewLayout layout;

  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), FALSE);
  g_return_val_if_fail (x_mm != NULL && y_mm != NULL, FALSE);

  *x_mm = *y_mm = 0;
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    return FALSE;

  proprio_cop_view_compute_layout (self, width, height, &layout);
  *x_mm = (widget_x - layout.cx) / (layout.sx * layout.scale);
  *y_mm = (layout.cy - widget_y) / layout.scale;
  return TRUE;
}

gboolean
proprio_cop_view_get_shown_cop (ProprioCopView *self,
                                gint64         *t_us,
                                double         *x_mm,
                                double         *y_mm)
{
  CopViewWindows windows;
  const ProprioCopPoint *p;

  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), FALSE);
  proprio_cop_view_compute_windows (self, proprio_cop_view_now (self), &windows);
  if (windows.shown_end == 0)
    return FALSE;
  /* The same point the dot is drawn at. */
  p = proprio_cop_trail_get (self->trail, windows.shown_end - 1);
  if (!(p->flags & PROPRIO_SAMPLE_HAS_COP) || !isfinite (p->x_mm) || !isfinite (p->y_mm))
    return FALSE;
  if (t_us != NULL)
    *t_us = p->t_us;
  if (x_mm != NULL)
    *x_mm = p->x_mm;
  if (y_mm != NULL)
    *y_mm = p->y_mm;
  return TRUE;
}
