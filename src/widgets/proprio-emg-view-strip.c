/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* The history strips of the EMG view: the envelope's band and line, and the raw trace, drawn
 * from the decimated pixel columns as whole-pixel boxes. Each channel's strip up to the newest
 * column is a node kept until the strip scrolls by a column; the newest column, which grows with
 * every sample, is drawn over it as plain colour nodes, so GTK repaints one column a frame. */

#include "config.h"

#include <math.h>

#include "proprio-emg-view-private.h"

#define LINE_PX 2

/* Boxes one pixel wide, side by side: neighbours of the same extent go as one box (a flat
 * stretch of signal is one rectangle, not a hundred). */
typedef struct
{
  cairo_t *cr;
  double   x;
  int      y1, y2, n;
} BoxRun;

static void
box_run_flush (BoxRun *run)
{
  if (run->n > 0)
    cairo_rectangle (run->cr, run->x, run->y1, run->n, run->y2 - run->y1);
  run->n = 0;
}

static void
box_run_add (BoxRun *run,
             double  x,
             int     y1,
             int     y2)
{
  if (run->n > 0 && run->y1 == y1 && run->y2 == y2 && run->x + run->n == x)
    {
      run->n++;
      return;
    }
  box_run_flush (run);
  *run = (BoxRun) { run->cr, x, y1, y2, 1 };
}

/* The pixel row of a share of the strip's scale (0 at the bottom). */
static int
strip_px (double top,
          double h,
          double share)
{
  return (int) lround (top + h * (1 - CLAMP (share, 0.0, 1.0)));
}

/* The strips' pixels for columns [0, n) of `cols` (x0 + x is column x), in one Cairo node for
 * the envelope and one for the raw trace: zone band, min–max band, mean line, raw range. */
static void
draw_strip_columns (ProprioEmgView      *self,
                    GtkSnapshot         *snapshot,
                    const EmgCellLayout *cell,
                    const EmgColumn    **cols,
                    guint                n,
                    double               scale,
                    double               zone_scale,
                    double               raw_peak,
                    const EmgViewColors *colors)
{
  const EmgChannel *c = &self->channels[cell->channel];
  double x0 = floor (cell->strip.origin.x);
  double top = cell->strip.origin.y, h = cell->strip.size.height;
  guint width = self->layout.strip_width;
  BoxRun run;
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (snapshot, &cell->strip);
  if (c->zone_kind != PROPRIO_EMG_ZONE_NONE)
    {
      double y1 = top + h * (1 - CLAMP (c->upper / zone_scale, 0.0, 1.0));
      double y2 = top + h * (1 - CLAMP (c->lower / zone_scale, 0.0, 1.0));

      gdk_cairo_set_source_rgba (cr, &colors->zone_fill);
      cairo_rectangle (cr, x0, y1, width, y2 - y1);
      cairo_fill (cr);
    }

  /* The band (min to max of each column) and the line (the mean, joined to the previous
   * column's), as whole-pixel boxes: Cairo fills those without antialiasing work, several times
   * faster than a stroked path, and one pixel per column looks the same. A column without
   * samples stays empty, so a gap in the data stays a gap. */
  run = (BoxRun) { cr, 0, 0, 0, 0 };
  for (guint x = 0; x < n; x++)
    {
      int y_max, y_min;

      if (cols[x] == NULL || cols[x]->n_env == 0)
        continue;
      y_max = strip_px (top, h, cols[x]->env_max / scale);
      y_min = strip_px (top, h, cols[x]->env_min / scale);
      box_run_add (&run, x0 + x, y_max, MAX (y_min, y_max + 1));
    }
  box_run_flush (&run);
  gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { c->color.red, c->color.green, c->color.blue,
                                              colors->high_contrast ? 0.55 : 0.35 });
  cairo_fill (cr);

  {
    int prev = G_MININT;

    for (guint x = 0; x < n; x++)
      {
        int y, from, to;

        if (cols[x] == NULL || cols[x]->n_env == 0)
          {
            prev = G_MININT;
            continue;
          }
        y = strip_px (top, h, cols[x]->env_sum / cols[x]->n_env / scale);
        from = prev != G_MININT ? MIN (prev, y) : y;
        to = prev != G_MININT ? MAX (prev, y) : y;
        box_run_add (&run, x0 + x, from - LINE_PX / 2, to + LINE_PX / 2);
        prev = y;
      }
  }
  box_run_flush (&run);
  gdk_cairo_set_source_rgba (cr, &c->color);
  cairo_fill (cr);
  cairo_destroy (cr);

  if (cell->raw.size.height > 0)
    {
      double rt = cell->raw.origin.y, rh = cell->raw.size.height, mid = rt + rh / 2;

      cr = gtk_snapshot_append_cairo (snapshot, &cell->raw);
      run = (BoxRun) { cr, 0, 0, 0, 0 };
      for (guint x = 0; x < n; x++)
        {
          int y1, y2;

          if (cols[x] == NULL || cols[x]->n_raw == 0)
            continue;
          y1 = (int) lround (mid - rh / 2 * CLAMP (cols[x]->raw_max / raw_peak, -1.0, 1.0));
          y2 = (int) lround (mid - rh / 2 * CLAMP (cols[x]->raw_min / raw_peak, -1.0, 1.0));
          box_run_add (&run, x0 + x, y1, MAX (y2, y1 + 1));
        }
      box_run_flush (&run);
      gdk_cairo_set_source_rgba (cr, &(GdkRGBA) { colors->fg.red, colors->fg.green,
                                                  colors->fg.blue, 0.7 });
      cairo_fill (cr);
      cairo_destroy (cr);
    }
}

/* The newest column, which changes every frame, as the same whole-pixel boxes in plain colour
 * nodes over the kept node of the others: GTK's renderer then repaints one column, not the
 * strip. */
static void
draw_newest_column (ProprioEmgView      *self,
                    GtkSnapshot         *snapshot,
                    const EmgCellLayout *cell,
                    const EmgColumn     *col,
                    const EmgColumn     *prev_col,
                    double               scale,
                    double               raw_peak,
                    const EmgViewColors *colors)
{
  const EmgChannel *c = &self->channels[cell->channel];
  double x = floor (cell->strip.origin.x) + self->layout.strip_width - 1;
  double top = cell->strip.origin.y, h = cell->strip.size.height;

  if (col == NULL)
    return;
  if (col->n_env > 0)
    {
      int y_max = strip_px (top, h, col->env_max / scale);
      int y_min = MAX (strip_px (top, h, col->env_min / scale), y_max + 1);
      int y = strip_px (top, h, col->env_sum / col->n_env / scale), from = y, to = y;

      gtk_snapshot_append_color (snapshot,
                                 &(GdkRGBA) { c->color.red, c->color.green, c->color.blue,
                                              colors->high_contrast ? 0.55 : 0.35 },
                                 &GRAPHENE_RECT_INIT (x, y_max, 1, y_min - y_max));
      if (prev_col != NULL && prev_col->n_env > 0)
        {
          int prev = strip_px (top, h, prev_col->env_sum / prev_col->n_env / scale);

          from = MIN (prev, y);
          to = MAX (prev, y);
        }
      gtk_snapshot_append_color (snapshot, &c->color,
                                 &GRAPHENE_RECT_INIT (x, from - LINE_PX / 2, 1,
                                                      to - from + 2 * (LINE_PX / 2)));
    }
  if (cell->raw.size.height > 0 && col->n_raw > 0)
    {
      double rt = cell->raw.origin.y, rh = cell->raw.size.height, mid = rt + rh / 2;
      int y1 = (int) lround (mid - rh / 2 * CLAMP (col->raw_max / raw_peak, -1.0, 1.0));
      int y2 = (int) lround (mid - rh / 2 * CLAMP (col->raw_min / raw_peak, -1.0, 1.0));

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { colors->fg.red, colors->fg.green,
                                                        colors->fg.blue, 0.7 },
                                 &GRAPHENE_RECT_INIT (x, y1, 1, MAX (y2, y1 + 1) - y1));
    }
}

void
_proprio_emg_view_draw_strip (ProprioEmgView      *self,
            GtkSnapshot         *snapshot,
            const EmgViewLayout *layout,
            const EmgCellLayout *cell,
            const EmgViewState  *state,
            const EmgViewColors *colors)
{
  const EmgChannel *c = &self->channels[cell->channel];
  guint ch = cell->channel, width = layout->strip_width;
  double scale = emg_view_envelope_scale (c, state->scale[ch]);
  gint64 k_ref = _proprio_emg_view_column_ref (self, state);
  EmgStripNode *kept = &self->strip_nodes[ch];
  const EmgColumn *cols[4096];
  double peak = 0;

  g_assert (width <= G_N_ELEMENTS (cols));
  if (!state->have)
    {
      /* Only the zone band: no columns. */
      draw_strip_columns (self, snapshot, cell, cols, 0, scale, state->scale[ch], 1, colors);
      return;
    }

  for (guint x = 0; x < width; x++)
    {
      gint64 k = k_ref - (gint64) (width - 1 - x);

      cols[x] = k >= 0 ? _proprio_emg_view_get_columns (self, state, k) + ch : NULL;
    }
  if (cell->raw.size.height > 0)
    {
      for (guint x = 0; x < width; x++)
        if (cols[x] != NULL && cols[x]->n_raw > 0)
          peak = MAX (peak, MAX (fabs (cols[x]->raw_min), fabs (cols[x]->raw_max)));
      peak = _proprio_emg_view_nice_step (MAX (peak, 10));
    }

  if (kept->node == NULL || kept->generation != self->strip_generation ||
      kept->k_ref != k_ref || kept->scale != scale || kept->raw_peak != peak)
    {
      GtkSnapshot *part = gtk_snapshot_new ();

      g_clear_pointer (&kept->node, gsk_render_node_unref);
      draw_strip_columns (self, part, cell, cols, width - 1, scale, state->scale[ch], peak,
                          colors);
      kept->node = gtk_snapshot_free_to_node (part);
      kept->generation = self->strip_generation;
      kept->k_ref = k_ref;
      kept->scale = scale;
      kept->raw_peak = peak;
    }
  if (kept->node != NULL)
    gtk_snapshot_append_node (snapshot, kept->node);
  draw_newest_column (self, snapshot, cell, cols[width - 1], width > 1 ? cols[width - 2] : NULL,
                      scale, peak, colors);
}
