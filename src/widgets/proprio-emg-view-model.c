/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-emg-view"

/* The data side of the EMG view: the kept rows, the instant shown and its values and scales, the
 * strip decimated to pixel columns, the layout for a size, and whether a frame must be drawn. */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <string.h>

#include "proprio-emg-view-private.h"

/* ---- rows ---- */

void
_proprio_emg_rows_free (EmgRows *rows)
{
  g_clear_pointer (&rows->t, g_free);
  g_clear_pointer (&rows->env, g_free);
  g_clear_pointer (&rows->raw, g_free);
  rows->capacity = rows->start = rows->len = 0;
}

void
_proprio_emg_rows_clear (EmgRows *rows,
                         guint    n)
{
  if (rows->n != n)
    {
      _proprio_emg_rows_free (rows);
      rows->n = n;
    }
  rows->start = rows->len = 0;
}

static void
rows_grow (EmgRows *rows)
{
  guint capacity = rows->capacity == 0 ? 1024 : rows->capacity * 2;
  gint64 *t = g_new (gint64, capacity);
  float *env = g_new (float, (gsize) capacity * MAX (rows->n, 1));
  float *raw = g_new (float, (gsize) capacity * MAX (rows->n, 1));

  /* Unrolled into order, so the new ring starts at 0. */
  for (guint i = 0; i < rows->len; i++)
    {
      guint from = emg_rows_slot (rows, i);

      t[i] = rows->t[from];
      memcpy (env + (gsize) i * rows->n, rows->env + (gsize) from * rows->n,
              rows->n * sizeof (float));
      memcpy (raw + (gsize) i * rows->n, rows->raw + (gsize) from * rows->n,
              rows->n * sizeof (float));
    }
  g_free (rows->t);
  g_free (rows->env);
  g_free (rows->raw);
  rows->t = t;
  rows->env = env;
  rows->raw = raw;
  rows->capacity = capacity;
  rows->start = 0;
}

void
_proprio_emg_rows_push (EmgRows     *rows,
                        gint64       t_us,
                        const float *env,
                        const float *raw)
{
  guint slot;

  if (rows->len == rows->capacity)
    {
      if (rows->capacity >= EMG_VIEW_MAX_ROWS)
        {
          /* Full at a very high rate: the oldest row goes (the strip needs far fewer). */
          rows->start = (rows->start + 1) & (rows->capacity - 1);
          rows->len--;
        }
      else
        rows_grow (rows);
    }
  slot = emg_rows_slot (rows, rows->len);
  rows->t[slot] = t_us;
  memcpy (rows->env + (gsize) slot * rows->n, env, rows->n * sizeof (float));
  memcpy (rows->raw + (gsize) slot * rows->n, raw, rows->n * sizeof (float));
  rows->len++;
}

void
_proprio_emg_rows_trim (EmgRows *rows,
                        gint64   oldest_us)
{
  guint drop = _proprio_emg_rows_upper_bound (rows, oldest_us - 1);

  if (drop == 0)
    return;
  rows->start = emg_rows_slot (rows, drop);
  rows->len -= drop;
}

guint
_proprio_emg_rows_upper_bound (const EmgRows *rows,
                               gint64         t_us)
{
  guint lo = 0, hi = rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (emg_rows_t (rows, mid) <= t_us)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---- the automatic scale: largest envelope per block ---- */

void
_proprio_emg_view_reset_blocks (ProprioEmgView *self)
{
  for (guint b = 0; b < EMG_VIEW_N_BLOCKS; b++)
    self->block_tags[b] = G_MININT64;
}

void
_proprio_emg_view_note_block (ProprioEmgView *self,
                              gint64          t_us,
                              const float    *env)
{
  gint64 block = t_us / EMG_VIEW_BLOCK_US;
  guint slot = (guint) (block % EMG_VIEW_N_BLOCKS);

  if (self->block_tags[slot] != block)
    {
      self->block_tags[slot] = block;
      for (guint i = 0; i < self->n_channels; i++)
        self->block_max[slot][i] = -INFINITY;
    }
  for (guint i = 0; i < self->n_channels; i++)
    if (env[i] > self->block_max[slot][i])     /* false for NaN */
      self->block_max[slot][i] = env[i];
}

/* The largest envelope of `channel` in the strip's window up to the instant of `state`. */
static double
largest_envelope (ProprioEmgView     *self,
                  const EmgViewState *state,
                  guint               channel)
{
  gint64 history_us = (gint64) (self->history_s * G_USEC_PER_SEC);
  gint64 last = state->t_us / EMG_VIEW_BLOCK_US;
  gint64 first = MAX (state->t_us - history_us, 0) / EMG_VIEW_BLOCK_US;
  double largest = -INFINITY;

  for (gint64 b = first; b < last; b++)
    {
      guint slot = (guint) (b % EMG_VIEW_N_BLOCKS);

      if (self->block_tags[slot] == b)
        largest = MAX (largest, self->block_max[slot][channel]);
    }
  if (state->shown_end == self->rows.len)
    {
      guint slot = (guint) (last % EMG_VIEW_N_BLOCKS);

      if (self->block_tags[slot] == last)
        largest = MAX (largest, self->block_max[slot][channel]);
    }
  else
    {
      /* An instant in the past: its block also holds later rows, which it must not see. */
      for (guint i = state->shown_end; i-- > 0;)
        {
          float v;

          if (emg_rows_t (&self->rows, i) < last * EMG_VIEW_BLOCK_US)
            break;
          v = emg_rows_env (&self->rows, i, channel);
          if (v > largest)
            largest = v;
        }
    }
  return largest;
}

/* ---- the instant shown ---- */

const char *
_proprio_emg_view_unit (ProprioEmgView *self,
                        guint           channel)
{
  const EmgChannel *c = &self->channels[channel];

  if (c->mvc > 0)
    return _("%MVC");
  return c->unit != NULL ? c->unit : "µV";
}

static double
scale_of (ProprioEmgView     *self,
          const EmgViewState *state,
          guint               channel)
{
  const EmgChannel *c = &self->channels[channel];
  double largest;

  if (c->full_scale > 0)
    return c->full_scale;
  if (c->mvc > 0)
    return 120;
  /* The header's rule: the largest envelope in view, up to the next 50, at least 100. A zone
   * stays on the bar too. */
  largest = state->have ? largest_envelope (self, state, channel) : -INFINITY;
  if (c->zone_kind != PROPRIO_EMG_ZONE_NONE)
    largest = MAX (largest, c->upper);
  if (!(largest > 100))
    return 100;
  return ceil (largest / 50) * 50;
}

void
_proprio_emg_view_compute_state (ProprioEmgView *self,
                                 EmgViewState   *state)
{
  const EmgRows *rows = &self->rows;
  guint last;

  state->shown_end = self->display_time_us != 0
                     ? _proprio_emg_rows_upper_bound (rows, self->display_time_us)
                     : rows->len;
  state->have = state->shown_end > 0;
  state->t_us = state->have ? emg_rows_t (rows, state->shown_end - 1) : 0;
  last = state->have ? state->shown_end - 1 : 0;
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      const EmgChannel *c = &self->channels[i];
      double env;

      if (i >= self->n_channels)
        {
          state->value[i] = NAN;
          state->scale[i] = 100;
          continue;
        }
      env = state->have ? emg_rows_env (rows, last, i) : NAN;
      state->value[i] = c->mvc > 0 ? 100.0 * env / c->mvc : env;
      state->scale[i] = scale_of (self, state, i);
    }

  state->ratio = state->symmetry = NAN;
  if (self->pair_a < self->n_channels && self->pair_b < self->n_channels &&
      self->pair_a != self->pair_b)
    {
      double a = state->value[self->pair_a], b = state->value[self->pair_b];
      gboolean same_unit = g_strcmp0 (_proprio_emg_view_unit (self, self->pair_a),
                                      _proprio_emg_view_unit (self, self->pair_b)) == 0;

      /* A ratio of %MVC to µV means nothing: only like with like. */
      if (same_unit && isfinite (a) && isfinite (b))
        {
          if (b > 0)
            state->ratio = a / b;
          if (a + b > 0)
            state->symmetry = 100 * (a - b) / (a + b);
        }
    }
}

EmgZoneState
_proprio_emg_view_zone_state (ProprioEmgView *self,
                              guint           channel,
                              double          value)
{
  const EmgChannel *c = &self->channels[channel];

  if (!isfinite (value))
    return EMG_VIEW_OUTSIDE;
  switch (c->zone_kind)
    {
    case PROPRIO_EMG_ZONE_BAND:
      if (value > c->upper)
        return EMG_VIEW_ABOVE;
      return value >= c->lower ? EMG_VIEW_IN_ZONE : EMG_VIEW_OUTSIDE;
    case PROPRIO_EMG_ZONE_CEILING:
      return value <= c->upper ? EMG_VIEW_IN_ZONE : EMG_VIEW_ABOVE;
    case PROPRIO_EMG_ZONE_NONE:
    default:
      return EMG_VIEW_OUTSIDE;
    }
}

/* A leading "-" as the minus sign "−": from 2 m a hyphen is easily missed. */
static void
with_minus_sign (char  *buf,
                 gsize  size)
{
  g_autofree char *rest = NULL;

  if (buf[0] != '-')
    return;
  rest = g_strdup (buf + 1);
  g_snprintf (buf, size, "−%s", rest);
}

void
_proprio_emg_view_format_value (double  value,
                                char   *buf,
                                gsize   size)
{
  if (!isfinite (value))
    g_strlcpy (buf, "–", size);
  else if (fabs (value) < 9.95)
    g_snprintf (buf, size, "%.1f", value);
  else
    g_snprintf (buf, size, "%.0f", value);
  with_minus_sign (buf, size);
}

void
_proprio_emg_view_format_pair (double  ratio,
                               double  symmetry,
                               char   *ratio_buf,
                               char   *symmetry_buf,
                               gsize   size)
{
  if (isfinite (ratio))
    g_snprintf (ratio_buf, size, "%.2f", ratio);
  else
    g_strlcpy (ratio_buf, "–", size);
  if (isfinite (symmetry))
    g_snprintf (symmetry_buf, size, "%+.0f %%", symmetry);
  else
    g_strlcpy (symmetry_buf, "–", size);
  with_minus_sign (symmetry_buf, size);
}

/* ---- the strip's pixel columns ---- */

void
_proprio_emg_view_clear_strip_nodes (ProprioEmgView *self)
{
  self->strip_generation++;
  for (guint i = 0; i < PROPRIO_EMG_VIEW_MAX_CHANNELS; i++)
    {
      g_clear_pointer (&self->strip_nodes[i].node, gsk_render_node_unref);
      for (guint j = 0; j < EMG_VIEW_FIGURE_CACHE; j++)
        g_clear_pointer (&self->figures[i][j].node, gsk_render_node_unref);
      self->figures_next[i] = 0;
    }
}

void
_proprio_emg_view_reset_strip (ProprioEmgView *self)
{
  for (guint s = 0; s < self->strip.width; s++)
    self->strip.tags[s] = G_MININT64;
  _proprio_emg_view_clear_strip_nodes (self);
}

/* Columns of `width` px over the history window. */
static void
ensure_strip (ProprioEmgView *self,
              guint           width)
{
  gint64 col_us = MAX ((gint64) (self->history_s * G_USEC_PER_SEC) / MAX (width, 1), 1);

  if (self->strip.width == width && self->strip.col_us == col_us)
    return;
  g_free (self->strip.tags);
  g_free (self->strip.cols);
  self->strip.width = width;
  self->strip.col_us = col_us;
  self->strip.tags = g_new (gint64, MAX (width, 1));
  self->strip.cols = g_new0 (EmgColumn, (gsize) MAX (width, 1) * PROPRIO_EMG_VIEW_MAX_CHANNELS);
  _proprio_emg_view_reset_strip (self);
}

gint64
_proprio_emg_view_column_ref (ProprioEmgView     *self,
                              const EmgViewState *state)
{
  return self->strip.col_us > 0 ? state->t_us / self->strip.col_us : 0;
}

static void
compute_column (ProprioEmgView     *self,
                const EmgViewState *state,
                gint64              k,
                EmgColumn          *cols)
{
  const EmgRows *rows = &self->rows;
  gint64 from = k * self->strip.col_us, to = from + self->strip.col_us;
  guint n = self->n_channels;

  for (guint c = 0; c < n; c++)
    cols[c] = (EmgColumn) { INFINITY, -INFINITY, 0, INFINITY, -INFINITY, 0, 0 };
  for (guint i = _proprio_emg_rows_upper_bound (rows, from - 1); i < state->shown_end; i++)
    {
      guint slot = emg_rows_slot (rows, i);
      const float *env = rows->env + (gsize) slot * n, *raw = rows->raw + (gsize) slot * n;

      if (rows->t[slot] >= to)
        break;
      for (guint c = 0; c < n; c++)
        {
          EmgColumn *col = &cols[c];

          if (isfinite (env[c]))
            {
              col->env_min = MIN (col->env_min, env[c]);
              col->env_max = MAX (col->env_max, env[c]);
              col->env_sum += env[c];
              col->n_env++;
            }
          if (isfinite (raw[c]))
            {
              col->raw_min = MIN (col->raw_min, raw[c]);
              col->raw_max = MAX (col->raw_max, raw[c]);
              col->n_raw++;
            }
        }
    }
}

const EmgColumn *
_proprio_emg_view_get_columns (ProprioEmgView     *self,
                               const EmgViewState *state,
                               gint64              k)
{
  EmgStrip *strip = &self->strip;
  guint slot;
  EmgColumn *cols;
  gint64 k_ref = _proprio_emg_view_column_ref (self, state);

  g_assert (strip->width > 0 && k >= 0);
  slot = (guint) (k % strip->width);
  cols = strip->cols + (gsize) slot * PROPRIO_EMG_VIEW_MAX_CHANNELS;
  if (strip->tags[slot] == k && k < k_ref)
    return cols;
  compute_column (self, state, k, cols);
  /* Every row of a column before the instant's has arrived (rows come in time order), so it
   * is final; the instant's own column still grows and is computed again next time. */
  strip->tags[slot] = k < k_ref ? k : G_MININT64;
  return cols;
}

/* ---- layout ---- */

#define MIN_CELL_PX    150.0
/* Room above a strip for its caption (EMG_VIEW_TICK_PX text). */
#define CAPTION_PX     18.0

static graphene_rect_t
rect (double x,
      double y,
      double w,
      double h)
{
  return GRAPHENE_RECT_INIT (x, y, MAX (w, 0), MAX (h, 0));
}

static void
layout_compact_cell (EmgCellLayout         *c,
                     const graphene_rect_t *cell)
{
  double pad = 3, x = cell->origin.x + pad, y = cell->origin.y + pad;
  double w = cell->size.width - 2 * pad, h = cell->size.height - 2 * pad;
  double bar_w = CLAMP (w * 0.4, 8, 64);

  c->cell = *cell;
  c->value_px = CLAMP (MIN (w * 0.3, h * 0.14), EMG_VIEW_COMPACT_TEXT_MIN_PX, 28);
  c->name_px = CLAMP (w * 0.22, EMG_VIEW_COMPACT_TEXT_MIN_PX, 18);
  c->warning_px = 0;
  c->value = rect (x, y, w, c->value_px * 1.25);
  c->name = rect (x, y + h - c->name_px * 1.3, w, c->name_px * 1.3);
  c->bar = rect (x + (w - bar_w) / 2, c->value.origin.y + c->value.size.height + 2, bar_w,
                 c->name.origin.y - 2 - (c->value.origin.y + c->value.size.height + 2));
  c->warning = c->strip = c->raw = rect (x, y, 0, 0);
}

static void
layout_cell (ProprioEmgView        *self,
             EmgCellLayout         *c,
             const graphene_rect_t *cell,
             gboolean               big,
             gboolean               any_warning)
{
  double pad = 10, x = cell->origin.x + pad, y = cell->origin.y + pad;
  double w = cell->size.width - 2 * pad, h = cell->size.height - 2 * pad;
  double rest_y, avail, strip_h = 0, raw_h = 0, bar_h, bar_w, gap = 8, warning_h;

  c->cell = *cell;
  c->name_px = CLAMP (MIN (h * 0.055, w * 0.17), EMG_VIEW_TEXT_MIN_PX, 36);
  c->value_px = CLAMP (MIN (w * 0.3, h * 0.13), 28, 72);
  if (big)
    c->value_px = CLAMP (c->value_px * 1.5, 28, 110);
  c->warning_px = CLAMP (MIN (c->name_px * 0.75, w * 0.12), 16, 26);

  /* Under the name, room for the swatch of the channel's colour. */
  c->name = rect (cell->origin.x + 6, y, cell->size.width - 12, c->name_px * 1.3);
  c->value = rect (x, y + c->name.size.height + 8, w, c->value_px * 1.2);
  rest_y = c->value.origin.y + c->value.size.height + gap;
  /* Up to three lines for a warning ("Check the electrode on Glute med L: the signal is flat"
   * rarely fits in one), in every cell while any channel has one, so the bars keep one
   * baseline. */
  warning_h = any_warning ? c->warning_px * 3.8 : 0;
  avail = y + h - rest_y - warning_h - gap;

  /* The bar comes first; the strip wants enough height to tell its band from its line, and
   * without it there are bars only. */
  if (avail * (self->show_raw ? 0.22 : 0.28) >= 36)
    {
      strip_h = avail * (self->show_raw ? 0.22 : 0.28);
      raw_h = self->show_raw ? avail * 0.12 : 0;
    }
  /* Each strip has its caption above it. */
  bar_h = avail - strip_h - raw_h - (strip_h > 0 ? CAPTION_PX : 0) - (raw_h > 0 ? CAPTION_PX : 0);
  bar_w = CLAMP (w * 0.38, 28, big ? 180 : 120);

  /* The tick labels sit left of the bar: keep the bar clear of them in narrow cells. */
  /* Above the bar, room for the scale's unit over its top label. */
  c->bar = rect (x + MIN (MAX ((w - bar_w) / 2, 40), w - bar_w), rest_y + 22, bar_w,
                 bar_h - 22);
  c->warning = rect (x, c->bar.origin.y + c->bar.size.height + 4, w, warning_h);
  c->strip = rect (x, c->warning.origin.y + c->warning.size.height + CAPTION_PX, w, strip_h);
  c->raw = rect (x, c->strip.origin.y + c->strip.size.height + CAPTION_PX, w, raw_h);
}

/* How many rows of cells for n channels in `width`.
 *
 * From 2 m the patient compares bar heights and reads the figures; the therapist reads the names
 * and the strips. Bars on one baseline, side by side, compare at a glance and are tallest, so
 * the cells go in one row (each a tall column: name, figure, bar, strip under it) as long as a
 * cell stays at least MIN_CELL_PX wide, what a name of about ten letters at 24 px bold and the
 * bar with its scale need. A narrower window wraps into the fewest rows that keep cells that
 * wide: shorter bars, but names and figures that can still be read. */
static guint
grid_rows (guint  n,
           double width)
{
  for (guint r = 1; r < n; r++)
    if (width / ((n + r - 1) / r) >= MIN_CELL_PX)
      return r;
  return MAX (n, 1);
}

static void
compute_layout (ProprioEmgView *self,
                EmgViewLayout  *layout,
                int             width,
                int             height)
{
  guint n = self->n_channels;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;
  layout->compact = self->compact;
  layout->pair = !self->compact && self->mode == PROPRIO_EMG_VIEW_PAIR &&
                 self->pair_a < n && self->pair_b < n && self->pair_a != self->pair_b;
  if (n == 0 || width <= 0 || height <= 0)
    return;

  if (self->compact)
    {
      double cw = (double) width / n;

      layout->n_cells = n;
      for (guint i = 0; i < n; i++)
        {
          graphene_rect_t cell = rect (i * cw, 0, cw, height);

          layout->cells[i].channel = i;
          layout_compact_cell (&layout->cells[i], &cell);
        }
      return;
    }

  if (layout->pair)
    {
      double panel = width * 0.24, cw = (width - panel) / 2;
      graphene_rect_t a = rect (0, 0, cw, height), b = rect (cw + panel, 0, cw, height);

      layout->n_cells = 2;
      layout->cells[0].channel = self->pair_a;
      layout->cells[1].channel = self->pair_b;
      gboolean any_warning = self->channels[self->pair_a].warning != NULL ||
                             self->channels[self->pair_b].warning != NULL;

      layout_cell (self, &layout->cells[0], &a, TRUE, any_warning);
      layout_cell (self, &layout->cells[1], &b, TRUE, any_warning);
      layout->pair_panel = rect (cw, 0, panel, height);
      /* "−100 %" must fit the panel at this size. */
      layout->pair_px = CLAMP (MIN (panel * 0.22, height * 0.12), 28, 96);
    }
  else
    {
      guint rows = grid_rows (n, width), cols = (n + rows - 1) / rows;
      double cw = (double) width / cols, ch = (double) height / rows;
      gboolean any_warning = FALSE;

      for (guint i = 0; i < n; i++)
        any_warning |= self->channels[i].warning != NULL;

      layout->n_cells = n;
      for (guint i = 0; i < n; i++)
        {
          guint r = i / cols, in_row = MIN (cols, n - r * cols);
          /* A shorter last row is centred under the others. */
          double x0 = (width - in_row * cw) / 2;
          graphene_rect_t cell = rect (x0 + (i % cols) * cw, r * ch, cw, ch);

          layout->cells[i].channel = i;
          layout_cell (self, &layout->cells[i], &cell, FALSE, any_warning);
        }
    }
  layout->strip_width = (guint) floor (layout->cells[0].strip.size.width);
  if (layout->cells[0].strip.size.height <= 0)
    layout->strip_width = 0;
}

const EmgViewLayout *
_proprio_emg_view_get_layout (ProprioEmgView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (!self->layout_valid || self->layout.width != width || self->layout.height != height)
    {
      compute_layout (self, &self->layout, width, height);
      self->layout_valid = TRUE;
      _proprio_emg_view_clear_strip_nodes (self);
      if (self->layout.strip_width > 0)
        ensure_strip (self, self->layout.strip_width);
    }
  return &self->layout;
}

double
_proprio_emg_view_value_to_y (const EmgCellLayout *cell,
                              double               scale,
                              double               value)
{
  double bottom = cell->bar.origin.y + cell->bar.size.height;

  return bottom - CLAMP (value / scale, 0.0, 1.0) * cell->bar.size.height;
}

double
_proprio_emg_view_y_to_value (const EmgCellLayout *cell,
                              double               scale,
                              double               y)
{
  double bottom = cell->bar.origin.y + cell->bar.size.height;

  if (cell->bar.size.height <= 0)
    return 0;
  return CLAMP ((bottom - y) / cell->bar.size.height, 0.0, 1.0) * scale;
}

/* ---- redraws ---- */

static int
strip_y (const EmgCellLayout *cell,
         double               scale,
         double               value)
{
  return (int) lround (cell->strip.origin.y + cell->strip.size.height *
                       (1 - CLAMP (value / scale, 0.0, 1.0)));
}

void
_proprio_emg_view_update_visible (ProprioEmgView *self)
{
  const EmgViewLayout *layout;
  EmgViewSignature signature;
  EmgViewState state;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  layout = _proprio_emg_view_get_layout (self);
  _proprio_emg_view_compute_state (self, &state);
  memset (&signature, 0, sizeof signature);
  signature.t_us = state.have ? 1 : 0;

  for (guint i = 0; i < layout->n_cells; i++)
    {
      const EmgCellLayout *cell = &layout->cells[i];
      guint ch = cell->channel;
      double v = state.value[ch], scale = state.scale[ch];

      signature.ch[ch].scale = scale;
      signature.ch[ch].bar_px = isfinite (v) ? (int) lround (CLAMP (v / scale, 0.0, 1.0) *
                                                              cell->bar.size.height) : -1;
      signature.ch[ch].zone = _proprio_emg_view_zone_state (self, ch, v);
      _proprio_emg_view_format_value (v, signature.ch[ch].text, sizeof signature.ch[ch].text);
      if (layout->strip_width > 0 && state.have)
        {
          gint64 k_ref = _proprio_emg_view_column_ref (self, &state);
          const EmgColumn *col = _proprio_emg_view_get_columns (self, &state, k_ref) + ch;
          double env_scale = emg_view_envelope_scale (&self->channels[ch], scale);

          signature.k_ref = k_ref;
          if (col->n_env > 0)
            {
              signature.ch[ch].band_lo = strip_y (cell, env_scale, col->env_min);
              signature.ch[ch].band_hi = strip_y (cell, env_scale, col->env_max);
              signature.ch[ch].line = strip_y (cell, env_scale, col->env_sum / col->n_env);
            }
          if (self->show_raw && col->n_raw > 0)
            {
              signature.ch[ch].raw_lo = (int) lround (col->raw_min);
              signature.ch[ch].raw_hi = (int) lround (col->raw_max);
            }
        }
    }
  if (layout->pair)
    _proprio_emg_view_format_pair (state.ratio, state.symmetry, signature.ratio,
                                   signature.symmetry, sizeof signature.ratio);

  if (memcmp (&signature, &self->signature, sizeof signature) != 0)
    {
      self->signature = signature;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}
