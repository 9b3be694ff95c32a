/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-view"

/* The trail and the 95 % ellipse as render nodes that are kept from frame to frame.
 *
 * Why. GTK 4.8's Cairo renderer redraws what differs between two frames' node trees, and a Cairo
 * node differs whenever it is a new node: its whole bounds are then cleared, replayed through a
 * scratch image as large as the bounds, and sent to the X server. A trail drawn as one node each
 * frame made that the whole trace every frame, and the ellipse its whole box — most of the Balance
 * page's CPU at 1 kHz. Here the trail is cut into pieces of COP_VIEW_CHUNK_US of samples; a piece
 * that got no new points and did not step to a fainter shade is the same node again, so only the
 * newest piece is drawn anew, and five times a second (proprio_cop_view_step_time) the pieces
 * that fade a step. The ellipse is the same node again until it has moved by half a pixel, and
 * then changes at a step time too. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "proprio-cop-view-private.h"

#define TRAIL_WIDTH_PX   2.5
/* Half a pixel: nobody sees the ellipse lag by that, and at 1 kHz it is ten or more frames. */
#define ELLIPSE_SLACK_PX 0.5
/* The ellipse summarises the last seconds: a new picture at each step time (five a second, in the
 * frame that redraws the trail's fading anyway) shows how it grows; each costs a redraw of all it
 * covers. */

static void
node_key_init (CopViewNodeKey      *key,
               const CopViewLayout *layout,
               guint32              color)
{
  memset (key, 0, sizeof *key);   /* padding too: keys are compared with memcmp */
  key->cx = layout->cx;
  key->cy = layout->cy;
  key->scale = layout->scale;
  key->sx = layout->sx;
  key->area = layout->area;
  key->color = color;
}

static void
clear_chunks (GArray *chunks)
{
  for (guint i = 0; i < chunks->len; i++)
    g_clear_pointer (&g_array_index (chunks, CopViewChunk, i).node, gsk_render_node_unref);
  g_array_set_size (chunks, 0);
}

void
proprio_cop_view_drop_nodes (ProprioCopView *self)
{
  if (self->chunks != NULL)
    clear_chunks (self->chunks);
  if (self->chunks_spare != NULL)
    clear_chunks (self->chunks_spare);
  g_clear_pointer (&self->ellipse_node, gsk_render_node_unref);
  g_clear_handle_id (&self->ellipse_refresh_id, g_source_remove);
  g_clear_pointer (&self->flat_nodes, g_ptr_array_unref);
  g_clear_pointer (&self->flat_picture, gsk_render_node_unref);
}

static gint64
chunk_id (gint64 t_us)
{
  /* Floor division: replayed or test times may be negative. */
  return t_us >= 0 ? t_us / COP_VIEW_CHUNK_US : -((-t_us + COP_VIEW_CHUNK_US - 1) / COP_VIEW_CHUNK_US);
}

gint64
proprio_cop_view_step_time (const CopViewWindows *windows)
{
  return chunk_id (windows->t_ref) * COP_VIEW_CHUNK_US;
}

/* The fading step of a piece whose newest point is `age_us` old: N − 1 is the newest. */
static int
chunk_level (gint64 age_us,
             gint64 trail_us)
{
  gint64 step = (age_us * COP_VIEW_N_BUCKETS) / MAX (trail_us, 1);

  return COP_VIEW_N_BUCKETS - 1 - (int) CLAMP (step, 0, COP_VIEW_N_BUCKETS - 1);
}

/* Points [from, end) of the trail as one stroked path, or NULL when none of it is on the board.
 * `from` may be the previous piece's last point, so the pieces join up. */
static GskRenderNode *
build_chunk (ProprioCopView      *self,
             const CopViewLayout *layout,
             guint                from,
             guint                end,
             int                  level,
             guint32              color)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE, margin;
  /* The newest step follows every pixel; the fainter, older ones a chord of up to 2 px, which on
   * a 2.5 px line nobody can tell from the curve and halves a fast trace's cost. */
  float step = level + 1 < COP_VIEW_N_BUCKETS ? 2.0f : 1.0f;
  gboolean pen_down = FALSE;
  float last_x = 0, last_y = 0;
  const CopViewVertex *v;
  graphene_rect_t bounds;
  GskRenderNode *node;
  cairo_t *cr;

  g_array_set_size (self->trail_vertices, 0);
  for (guint i = from; i < end; i++)
    {
      const ProprioCopPoint *p = proprio_cop_trail_get (self->trail, i);
      CopViewVertex vertex;
      double wx, wy;

      if (!(p->flags & PROPRIO_SAMPLE_HAS_COP))
        {
          pen_down = FALSE;    /* nobody on the board: a gap, not a jump */
          continue;
        }
      cop_view_to_widget (layout, p->x_mm, p->y_mm, &wx, &wy);
      vertex.x = (float) wx;
      vertex.y = (float) wy;
      if (pen_down && i + 1 < end && fabsf (vertex.x - last_x) < step &&
          fabsf (vertex.y - last_y) < step)
        continue;              /* under a pixel: invisible, and slow sway is mostly that */
      vertex.line = pen_down;
      pen_down = TRUE;
      last_x = vertex.x;
      last_y = vertex.y;
      g_array_append_val (self->trail_vertices, vertex);
      x1 = MIN (x1, wx);
      y1 = MIN (y1, wy);
      x2 = MAX (x2, wx);
      y2 = MAX (y2, wy);
    }
  if (x1 > x2)
    return NULL;
  /* Points skipped by the decimation lie within 2 px of a vertex. */
  margin = TRAIL_WIDTH_PX + 2;
  if (!graphene_rect_intersection (&layout->area,
                                   &GRAPHENE_RECT_INIT (x1 - margin, y1 - margin,
                                                        x2 - x1 + 2 * margin,
                                                        y2 - y1 + 2 * margin), &bounds) ||
      bounds.size.width < 1 || bounds.size.height < 1)
    return NULL;

  node = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (node);
  cairo_set_line_width (cr, TRAIL_WIDTH_PX);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  /* Stroking long self-crossing paths dominates a frame; the coarser rasteriser halves it and
   * cannot be told apart on a 2.5 px line. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  v = (const CopViewVertex *) (gpointer) self->trail_vertices->data;
  for (guint i = 0; i < self->trail_vertices->len; i++)
    {
      if (v[i].line)
        cairo_line_to (cr, v[i].x, v[i].y);
      else
        cairo_move_to (cr, v[i].x, v[i].y);
    }
  cop_view_set_hex (cr, color, 0.9 * (level + 1) / COP_VIEW_N_BUCKETS);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return node;
}

/* The trail from the piece that holds the window's oldest point (whole pieces: the tail goes a
 * piece at a time, in the faintest shade) to the newest shown point. Each piece takes the shade
 * of its newest point's age. */
void
proprio_cop_view_snapshot_trail (ProprioCopView       *self,
                                 GtkSnapshot          *snapshot,
                                 const CopViewLayout  *layout,
                                 const CopViewWindows *windows,
                                 guint32               color)
{
  gint64 trail_us = (gint64) (self->trail_seconds * G_USEC_PER_SEC);
  guint64 first_seq = proprio_cop_trail_get_first_seq (self->trail);
  guint end = windows->shown_end, i, i0, start;
  gint64 t_q;
  GArray *old = self->chunks, *now = self->chunks_spare;
  CopViewNodeKey key;
  guint o = 0;
  gint64 id;

  node_key_init (&key, layout, color);
  if (memcmp (&key, &self->chunk_key, sizeof key) != 0)
    {
      clear_chunks (old);          /* moved, zoomed, resized or recoloured: all of it is new */
      self->chunk_key = key;
    }
  g_assert (now->len == 0);

  /* Ages count from the picture's time rounded down to a piece: the pieces then fade a step and
   * the tail loses its oldest piece all in the same frame, five times a second. Changing at
   * their own moments, a piece far behind the dot stretched most frames' damage (the box GTK
   * redraws holds every change of the frame) from the dot to the tail. */
  t_q = proprio_cop_view_step_time (windows);
  start = windows->bucket_start[0];
  if (start < end)
    {
      id = chunk_id (proprio_cop_trail_get (self->trail, start)->t_us);
      i0 = i = proprio_cop_trail_upper_bound (self->trail, id * COP_VIEW_CHUNK_US - 1);
      while (i < end)
        {
          guint j = MIN (proprio_cop_trail_upper_bound (self->trail,
                                                        (id + 1) * COP_VIEW_CHUNK_US - 1), end);
          CopViewChunk chunk = { 0 };
          gboolean kept = FALSE;

          /* upper_bound gives the first point after the piece, so j > i: the point at i is in
           * it. Pieces with no points are skipped by jumping to the next point's piece below. */
          chunk.first_seq = first_seq + i;
          chunk.end_seq = first_seq + j;
          chunk.joined = i > i0;
          chunk.level = chunk_level (t_q - proprio_cop_trail_get (self->trail, j - 1)->t_us,
                                     trail_us);
          while (o < old->len && g_array_index (old, CopViewChunk, o).first_seq < chunk.first_seq)
            g_clear_pointer (&g_array_index (old, CopViewChunk, o++).node, gsk_render_node_unref);
          if (o < old->len)
            {
              CopViewChunk *before = &g_array_index (old, CopViewChunk, o);

              kept = before->first_seq == chunk.first_seq && before->end_seq == chunk.end_seq &&
                     before->joined == chunk.joined && before->level == chunk.level;
              if (kept)
                {
                  chunk.node = g_steal_pointer (&before->node);   /* NULL: off the board */
                  o++;
                }
            }
          if (!kept)
            {
              chunk.node = build_chunk (self, layout, chunk.joined ? i - 1 : i, j, chunk.level,
                                        color);
              self->chunks_built++;
            }
          if (chunk.node != NULL)
            gtk_snapshot_append_node (snapshot, chunk.node);
          g_array_append_val (now, chunk);
          if (j >= end)
            break;
          i = j;
          id = chunk_id (proprio_cop_trail_get (self->trail, j)->t_us);
        }
    }
  clear_chunks (old);
  self->chunks = now;
  self->chunks_spare = old;
}

static gboolean
ellipse_refresh_cb (gpointer data)
{
  ProprioCopView *self = data;

  self->ellipse_refresh_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

/* The ellipse stays one kept Cairo node. Cairo replays a node only where the frame changed (into a
 * scratch image of that overlap), so the trail's head moving inside it costs little; GSK's own
 * rounded shapes would be scan-converted whole, however little of them is redrawn. */
void
proprio_cop_view_snapshot_ellipse (ProprioCopView       *self,
                                   GtkSnapshot          *snapshot,
                                   const CopViewLayout  *layout,
                                   const ProprioEllipse *e,
                                   gint64                step_us)
{
  double a, b, theta, hx, hy, wx, wy, *kept = self->ellipse_px;
  gboolean moved;
  graphene_rect_t bounds;
  CopViewNodeKey key;
  cairo_t *cr;

  /* In pixels: the centre and the semi-axes. */
  cop_view_to_widget (layout, e->cx, e->cy, &wx, &wy);
  a = e->major * layout->scale;
  b = MAX (e->minor, 0) * layout->scale;
  theta = e->angle_deg * G_PI / 180;

  /* The same node again, unless it moved by half a pixel somewhere and the step time moved on. */
  node_key_init (&key, layout, COP_VIEW_ORANGE_3);
  moved = !(fabs (wx - kept[0]) < ELLIPSE_SLACK_PX && fabs (wy - kept[1]) < ELLIPSE_SLACK_PX &&
            fabs (a - kept[2]) < ELLIPSE_SLACK_PX && fabs (b - kept[3]) < ELLIPSE_SLACK_PX &&
            /* A turn by δ moves the outline by up to (a − b)·δ; the axes are the same every π. */
            fabs (remainder (theta - kept[4], G_PI)) * (a - b) < ELLIPSE_SLACK_PX);
  if (self->ellipse_node != NULL && memcmp (&key, &self->ellipse_key, sizeof key) == 0 &&
      (!moved || step_us == self->ellipse_t_us))
    {
      /* Moved, but too soon: if nothing else redraws the view, a timer does. */
      if (moved && self->ellipse_refresh_id == 0)
        self->ellipse_refresh_id = g_timeout_add (COP_VIEW_CHUNK_US / 1000, ellipse_refresh_cb,
                                                  self);
      gtk_snapshot_append_node (snapshot, self->ellipse_node);
      return;
    }

  g_clear_pointer (&self->ellipse_node, gsk_render_node_unref);
  hx = sqrt (a * a * cos (theta) * cos (theta) + b * b * sin (theta) * sin (theta));
  hy = sqrt (a * a * sin (theta) * sin (theta) + b * b * cos (theta) * cos (theta));
  if (!graphene_rect_intersection (&layout->area,
                                   &GRAPHENE_RECT_INIT (wx - hx - 2, wy - hy - 2,
                                                        2 * hx + 4, 2 * hy + 4), &bounds) ||
      bounds.size.width < 1 || bounds.size.height < 1)
    return;

  self->ellipse_node = gsk_cairo_node_new (&bounds);
  self->ellipse_key = key;
  self->ellipse_t_us = step_us;
  kept[0] = wx;
  kept[1] = wy;
  kept[2] = a;
  kept[3] = b;
  kept[4] = theta;

  cr = gsk_cairo_node_get_draw_context (self->ellipse_node);
  cairo_save (cr);
  cairo_translate (cr, layout->cx, layout->cy);
  cairo_scale (cr, layout->sx * layout->scale, -layout->scale);
  cairo_translate (cr, e->cx, e->cy);
  cairo_rotate (cr, theta);
  /* A flat cloud still draws, as a line, instead of a singular matrix. */
  cairo_scale (cr, e->major, MAX (e->minor, e->major * 1e-3));
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);

  cop_view_set_hex (cr, COP_VIEW_ORANGE_3, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2);
  cop_view_set_hex (cr, COP_VIEW_ORANGE_3, 0.9);
  cairo_stroke (cr);
  cairo_destroy (cr);
  gtk_snapshot_append_node (snapshot, self->ellipse_node);
}
