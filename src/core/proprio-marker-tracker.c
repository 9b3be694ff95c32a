/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-marker-tracker"

#include "config.h"

#include "proprio-marker-tracker.h"

#include <math.h>
#include <string.h>

/* The sampling grid is at most this size, which bounds the work and the scratch memory. */
#define GRID_MAX_W 320
#define GRID_MAX_H 180

/* 5 bits per channel: the table (32 KiB) stays in the L1 cache. */
#define LUT_BITS 5
#define LUT_SIZE (1 << (3 * LUT_BITS))

/* A second blob of at least this share of the largest one's area is a rival, not noise. */
#define RIVAL_AREA_RATIO 0.25
/* Blobs this close (in marker diameters) are pieces of one marker. */
#define MERGE_GAP_DIAMETERS 0.25
/* Hip or ankle closer than this to the knee gives no usable angle. */
#define MIN_SEGMENT_PX 1.0

typedef struct
{
  gboolean               has_color;
  ProprioHsv             color;
  ProprioMarkerTolerance tolerance;
  guint8                 overlaps;   /* bits of the other markers whose ranges meet this one's */
} MarkerConfig;

typedef struct
{
  guint  cells;
  int    x0, y0, x1, y1;   /* grid box, inclusive */
} Blob;

struct _ProprioMarkerTracker
{
  GMutex        lock;
  MarkerConfig  config[PROPRIO_N_MARKERS];
  double        min_area_px;
  gboolean      lut_dirty;
  guint8       *lut;      /* RGB cell → bit per marker whose range holds it */
  guint8       *cells;    /* grid: the lut bits of each sample */
  guint32      *visited;  /* grid: flood-fill marks */
  guint32      *stack;
  GArray       *blobs;    /* Blob */
};

static const ProprioMarkerTolerance default_tolerance = { 15.0, 0.30, 0.35 };

void
proprio_rgb_to_hsv (double      r,
                    double      g,
                    double      b,
                    ProprioHsv *out)
{
  double max = MAX (r, MAX (g, b));
  double min = MIN (r, MIN (g, b));
  double delta = max - min;
  double h;

  g_return_if_fail (out != NULL);

  out->v = max;
  out->s = max > 0.0 ? delta / max : 0.0;
  if (delta <= 0.0)
    h = 0.0;   /* grey: hue undefined, 0 by convention */
  else if (max == r)
    h = 60.0 * fmod ((g - b) / delta + 6.0, 6.0);
  else if (max == g)
    h = 60.0 * ((b - r) / delta + 2.0);
  else
    h = 60.0 * ((r - g) / delta + 4.0);
  if (h >= 360.0)
    h -= 360.0;
  out->h = h;
}

static gboolean
hsv_matches (const ProprioHsv             *pixel,
             const ProprioHsv             *target,
             const ProprioMarkerTolerance *tol)
{
  double dh = fabs (pixel->h - target->h);

  if (dh > 180.0)
    dh = 360.0 - dh;
  return dh <= tol->hue_deg
         && fabs (pixel->s - target->s) <= tol->saturation
         && fabs (pixel->v - target->v) <= tol->value;
}

/* Called with the lock held. */
static void
rebuild_lut (ProprioMarkerTracker *self)
{
  guint8 seen_together[PROPRIO_N_MARKERS] = { 0 };

  for (guint i = 0; i < LUT_SIZE; i++)
    {
      guint8 bits = 0;
      ProprioHsv hsv;

      /* The centre of the cell stands for all of its colours. */
      proprio_rgb_to_hsv (((i >> 10) * 8 + 4) / 255.0, (((i >> 5) & 31) * 8 + 4) / 255.0,
                          ((i & 31) * 8 + 4) / 255.0, &hsv);
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        {
          const MarkerConfig *c = &self->config[m];

          if (c->has_color && hsv_matches (&hsv, &c->color, &c->tolerance))
            bits |= 1u << m;
        }
      self->lut[i] = bits;
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        if (bits & (1u << m))
          seen_together[m] |= bits & ~(1u << m);
    }
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    self->config[m].overlaps = seen_together[m];
  self->lut_dirty = FALSE;
}

ProprioMarkerTracker *
proprio_marker_tracker_new (void)
{
  ProprioMarkerTracker *self = g_new0 (ProprioMarkerTracker, 1);

  g_mutex_init (&self->lock);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    self->config[m].tolerance = default_tolerance;
  self->min_area_px = 20.0;
  self->lut = g_malloc0 (LUT_SIZE);
  self->lut_dirty = TRUE;
  self->cells = g_malloc (GRID_MAX_W * GRID_MAX_H);
  self->visited = g_new (guint32, GRID_MAX_W * GRID_MAX_H);
  self->stack = g_new (guint32, GRID_MAX_W * GRID_MAX_H);
  self->blobs = g_array_new (FALSE, FALSE, sizeof (Blob));
  return self;
}

void
proprio_marker_tracker_free (ProprioMarkerTracker *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  g_free (self->lut);
  g_free (self->cells);
  g_free (self->visited);
  g_free (self->stack);
  g_array_unref (self->blobs);
  g_free (self);
}

void
proprio_marker_tracker_set_color (ProprioMarkerTracker *self,
                                  ProprioMarkerId       marker,
                                  const ProprioHsv     *color)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (marker < PROPRIO_N_MARKERS);
  g_return_if_fail (color != NULL);

  g_mutex_lock (&self->lock);
  self->config[marker].has_color = TRUE;
  self->config[marker].color = *color;
  self->lut_dirty = TRUE;
  g_mutex_unlock (&self->lock);
}

void
proprio_marker_tracker_unset_color (ProprioMarkerTracker *self,
                                    ProprioMarkerId       marker)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (marker < PROPRIO_N_MARKERS);

  g_mutex_lock (&self->lock);
  self->config[marker].has_color = FALSE;
  self->lut_dirty = TRUE;
  g_mutex_unlock (&self->lock);
}

gboolean
proprio_marker_tracker_get_color (ProprioMarkerTracker *self,
                                  ProprioMarkerId       marker,
                                  ProprioHsv           *out)
{
  gboolean has_color;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (marker < PROPRIO_N_MARKERS, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_mutex_lock (&self->lock);
  has_color = self->config[marker].has_color;
  *out = self->config[marker].color;
  g_mutex_unlock (&self->lock);
  return has_color;
}

void
proprio_marker_tracker_set_tolerance (ProprioMarkerTracker         *self,
                                      ProprioMarkerId               marker,
                                      const ProprioMarkerTolerance *tol)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (marker < PROPRIO_N_MARKERS);
  g_return_if_fail (tol != NULL);

  g_mutex_lock (&self->lock);
  self->config[marker].tolerance = *tol;
  self->lut_dirty = TRUE;
  g_mutex_unlock (&self->lock);
}

void
proprio_marker_tracker_get_tolerance (ProprioMarkerTracker   *self,
                                      ProprioMarkerId         marker,
                                      ProprioMarkerTolerance *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (marker < PROPRIO_N_MARKERS);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->config[marker].tolerance;
  g_mutex_unlock (&self->lock);
}

void
proprio_marker_tracker_set_min_area (ProprioMarkerTracker *self,
                                     double                min_area)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (min_area >= 1.0);

  g_mutex_lock (&self->lock);
  self->min_area_px = min_area;
  g_mutex_unlock (&self->lock);
}

static guint
bytes_per_pixel (ProprioPixelFormat format)
{
  return format == PROPRIO_PIXEL_FORMAT_RGB ? 3 : 4;
}

static gboolean
frame_is_readable (const ProprioMarkerFrame *frame)
{
  if (frame->data == NULL
      || (frame->format != PROPRIO_PIXEL_FORMAT_RGB && frame->format != PROPRIO_PIXEL_FORMAT_RGBX
          && frame->format != PROPRIO_PIXEL_FORMAT_BGRX))
    return FALSE;
  if (frame->width < 1 || frame->height < 1
      || frame->width > PROPRIO_MARKER_FRAME_MAX_SIDE
      || frame->height > PROPRIO_MARKER_FRAME_MAX_SIDE)
    return FALSE;
  return frame->stride >= (gsize) frame->width * bytes_per_pixel (frame->format);
}

static inline void
read_pixel (const ProprioMarkerFrame *frame,
            int                       x,
            int                       y,
            guint                    *r,
            guint                    *g,
            guint                    *b)
{
  const guint8 *p = frame->data + (gsize) y * frame->stride
                    + (gsize) x * bytes_per_pixel (frame->format);

  if (frame->format == PROPRIO_PIXEL_FORMAT_BGRX)
    {
      *r = p[2];
      *g = p[1];
      *b = p[0];
    }
  else
    {
      *r = p[0];
      *g = p[1];
      *b = p[2];
    }
}

static inline guint8
classify (const guint8 *lut,
          guint         r,
          guint         g,
          guint         b)
{
  return lut[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)];
}

/* Samples the frame on the grid, one row pointer at a time: the hot loop of the tracker. */
static void
fill_grid (ProprioMarkerTracker     *self,
           const ProprioMarkerFrame *frame,
           int                       step,
           int                       gw,
           int                       gh)
{
  guint bpp = bytes_per_pixel (frame->format);
  gsize dx = (gsize) step * bpp;
  guint ri = frame->format == PROPRIO_PIXEL_FORMAT_BGRX ? 2 : 0;
  guint bi = 2 - ri;

  for (int gy = 0; gy < gh; gy++)
    {
      const guint8 *p = frame->data + (gsize) gy * step * frame->stride;
      guint8 *row = self->cells + (gsize) gy * gw;

      for (int gx = 0; gx < gw; gx++, p += dx)
        row[gx] = classify (self->lut, p[ri], p[1], p[bi]);
    }
}

/* 4-connected blobs of the cells with `bit`; fills self->blobs. Returns all matching cells. */
static guint
find_blobs (ProprioMarkerTracker *self,
            guint8                bit,
            int                   gw,
            int                   gh)
{
  guint32 n_cells = (guint32) gw * gh;
  guint total = 0;

  memset (self->visited, 0, n_cells * sizeof (guint32));
  g_array_set_size (self->blobs, 0);

  for (guint32 start = 0; start < n_cells; start++)
    {
      Blob blob;
      guint32 top = 0;

      if (!(self->cells[start] & bit) || self->visited[start])
        continue;

      blob.cells = 0;
      blob.x0 = blob.x1 = start % gw;
      blob.y0 = blob.y1 = start / gw;
      self->visited[start] = 1;
      self->stack[top++] = start;
      while (top > 0)
        {
          guint32 i = self->stack[--top];
          int x = i % gw, y = i / gw;
          /* Each cell is pushed once (marked when pushed), so the stack never overflows. */
          guint32 next[4];
          guint n_next = 0;

          blob.cells++;
          blob.x0 = MIN (blob.x0, x);
          blob.x1 = MAX (blob.x1, x);
          blob.y0 = MIN (blob.y0, y);
          blob.y1 = MAX (blob.y1, y);
          if (x > 0)
            next[n_next++] = i - 1;
          if (x + 1 < gw)
            next[n_next++] = i + 1;
          if (y > 0)
            next[n_next++] = i - gw;
          if (y + 1 < gh)
            next[n_next++] = i + gw;
          for (guint k = 0; k < n_next; k++)
            if ((self->cells[next[k]] & bit) && !self->visited[next[k]])
              {
                self->visited[next[k]] = 1;
                self->stack[top++] = next[k];
              }
        }
      total += blob.cells;
      g_array_append_val (self->blobs, blob);
    }
  return total;
}

static double
box_gap (const Blob *a,
         const Blob *b)
{
  int gx = MAX (0, MAX (a->x0 - b->x1, b->x0 - a->x1) - 1);
  int gy = MAX (0, MAX (a->y0 - b->y1, b->y0 - a->y1) - 1);

  return hypot (gx, gy);
}

/* Measures the marker at full resolution over the merged box (grid box widened by one step,
 * since a sample stands for the pixels up to the next one). */
static void
measure (ProprioMarkerTracker     *self,
         const ProprioMarkerFrame *frame,
         guint8                    bit,
         const Blob               *box,
         int                       step,
         ProprioMarkerResult      *out)
{
  int px0 = MAX (0, (box->x0 - 1) * step);
  int py0 = MAX (0, (box->y0 - 1) * step);
  int px1 = MIN (frame->width - 1, (box->x1 + 1) * step + step - 1);
  int py1 = MIN (frame->height - 1, (box->y1 + 1) * step + step - 1);
  double sx = 0.0, sy = 0.0;
  guint n = 0;
  int mx0 = G_MAXINT, my0 = G_MAXINT, mx1 = -1, my1 = -1;

  for (int y = py0; y <= py1; y++)
    for (int x = px0; x <= px1; x++)
      {
        guint r, g, b;

        read_pixel (frame, x, y, &r, &g, &b);
        if (!(classify (self->lut, r, g, b) & bit))
          continue;
        n++;
        sx += x + 0.5;
        sy += y + 0.5;
        mx0 = MIN (mx0, x);
        mx1 = MAX (mx1, x);
        my0 = MIN (my0, y);
        my1 = MAX (my1, y);
      }

  out->area_px = n;
  if (n == 0 || n < self->min_area_px)
    {
      out->state = PROPRIO_MARKER_LOST;
      return;
    }
  out->state = PROPRIO_MARKER_FOUND;
  out->x = sx / n;
  out->y = sy / n;
  /* A filled disc covers π/4 of its box. */
  out->quality = MIN (1.0, n / (G_PI / 4.0 * (mx1 - mx0 + 1) * (my1 - my0 + 1)));
}

static void
track_marker (ProprioMarkerTracker     *self,
              const ProprioMarkerFrame *frame,
              guint                     m,
              int                       step,
              int                       gw,
              int                       gh,
              ProprioMarkerResult      *out)
{
  guint8 bit = 1u << m;
  guint total, min_cells, best = 0, merged_cells;
  double diameter;
  Blob box;

  total = find_blobs (self, bit, gw, gh);
  min_cells = MAX (1, (guint) ceil (self->min_area_px / ((double) step * step)));
  for (guint i = 1; i < self->blobs->len; i++)
    if (g_array_index (self->blobs, Blob, i).cells > g_array_index (self->blobs, Blob, best).cells)
      best = i;
  if (self->blobs->len == 0 || g_array_index (self->blobs, Blob, best).cells < min_cells)
    {
      out->state = PROPRIO_MARKER_LOST;
      out->area_px = total * (double) step * step;
      return;
    }

  box = g_array_index (self->blobs, Blob, best);
  diameter = 2.0 * sqrt (box.cells / G_PI);
  merged_cells = box.cells;
  for (guint i = 0; i < self->blobs->len; i++)
    {
      const Blob *other = &g_array_index (self->blobs, Blob, i);
      const Blob *largest = &g_array_index (self->blobs, Blob, best);

      if (i == best)
        continue;
      if (box_gap (largest, other) <= MAX (1.0, MERGE_GAP_DIAMETERS * diameter))
        {
          box.x0 = MIN (box.x0, other->x0);
          box.y0 = MIN (box.y0, other->y0);
          box.x1 = MAX (box.x1, other->x1);
          box.y1 = MAX (box.y1, other->y1);
          merged_cells += other->cells;
        }
      else if (other->cells >= min_cells && other->cells >= RIVAL_AREA_RATIO * largest->cells)
        {
          out->state = PROPRIO_MARKER_AMBIGUOUS;
          out->area_px = total * (double) step * step;
          return;
        }
    }

  measure (self, frame, bit, &box, step, out);
  if (out->state == PROPRIO_MARKER_FOUND)
    out->quality *= (double) merged_cells / total;
}

double
proprio_marker_angle_deg (double ax,
                          double ay,
                          double bx,
                          double by,
                          double cx,
                          double cy)
{
  double ux = ax - bx, uy = ay - by, vx = cx - bx, vy = cy - by;

  if ((ux == 0.0 && uy == 0.0) || (vx == 0.0 && vy == 0.0))
    return NAN;
  /* atan2 of |cross| and dot is accurate near 0° and 180°, where acos is not. */
  return atan2 (fabs (ux * vy - uy * vx), ux * vx + uy * vy) * 180.0 / G_PI;
}

gboolean
proprio_marker_tracker_process (ProprioMarkerTracker       *self,
                                const ProprioMarkerFrame   *frame,
                                ProprioMarkerTrackerResult *out)
{
  int step, gw, gh;
  const ProprioMarkerResult *hip, *knee, *ankle;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->angle_deg = NAN;
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    out->markers[m].x = out->markers[m].y = NAN;

  g_mutex_lock (&self->lock);
  if (self->lut_dirty)
    rebuild_lut (self);

  if (!frame_is_readable (frame))
    {
      for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
        out->markers[m].state = self->config[m].has_color ? PROPRIO_MARKER_LOST
                                                          : PROPRIO_MARKER_UNSET;
      g_mutex_unlock (&self->lock);
      return FALSE;
    }

  step = MAX (1, MAX ((frame->width + GRID_MAX_W - 1) / GRID_MAX_W,
                      (frame->height + GRID_MAX_H - 1) / GRID_MAX_H));
  gw = (frame->width + step - 1) / step;
  gh = (frame->height + step - 1) / step;
  g_assert (gw <= GRID_MAX_W && gh <= GRID_MAX_H);
  fill_grid (self, frame, step, gw, gh);

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      ProprioMarkerResult *r = &out->markers[m];

      if (!self->config[m].has_color)
        r->state = PROPRIO_MARKER_UNSET;
      else if (self->config[m].overlaps != 0)
        r->state = PROPRIO_MARKER_COLOR_OVERLAP;
      else
        track_marker (self, frame, m, step, gw, gh, r);
      if (r->state != PROPRIO_MARKER_FOUND)
        {
          r->x = r->y = NAN;
          r->quality = 0.0;
        }
    }
  g_mutex_unlock (&self->lock);

  hip = &out->markers[PROPRIO_MARKER_HIP];
  knee = &out->markers[PROPRIO_MARKER_KNEE];
  ankle = &out->markers[PROPRIO_MARKER_ANKLE];
  if (hip->state == PROPRIO_MARKER_FOUND && knee->state == PROPRIO_MARKER_FOUND
      && ankle->state == PROPRIO_MARKER_FOUND
      && hypot (hip->x - knee->x, hip->y - knee->y) >= MIN_SEGMENT_PX
      && hypot (ankle->x - knee->x, ankle->y - knee->y) >= MIN_SEGMENT_PX)
    {
      out->angle_deg = proprio_marker_angle_deg (hip->x, hip->y, knee->x, knee->y,
                                                 ankle->x, ankle->y);
      out->has_angle = isfinite (out->angle_deg);
    }
  return TRUE;
}

gboolean
proprio_marker_pick_color (const ProprioMarkerFrame *frame,
                           int                       x,
                           int                       y,
                           int                       radius,
                           ProprioHsv               *out)
{
  double sr = 0.0, sg = 0.0, sb = 0.0;
  guint n = 0;
  int r2;

  g_return_val_if_fail (frame != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!frame_is_readable (frame) || x < 0 || y < 0 || x >= frame->width || y >= frame->height)
    return FALSE;
  radius = CLAMP (radius, 0, 64);
  r2 = radius * radius;
  for (int py = MAX (0, y - radius); py <= MIN (frame->height - 1, y + radius); py++)
    for (int px = MAX (0, x - radius); px <= MIN (frame->width - 1, x + radius); px++)
      {
        guint r, g, b;

        if ((px - x) * (px - x) + (py - y) * (py - y) > r2)
          continue;
        read_pixel (frame, px, py, &r, &g, &b);
        sr += r;
        sg += g;
        sb += b;
        n++;
      }
  /* n >= 1: the clicked pixel itself is always inside. */
  proprio_rgb_to_hsv (sr / n / 255.0, sg / n / 255.0, sb / n / 255.0, out);
  return TRUE;
}

const char *
proprio_marker_state_to_string (ProprioMarkerState state)
{
  switch (state)
    {
    case PROPRIO_MARKER_UNSET:
      return "unset";
    case PROPRIO_MARKER_FOUND:
      return "found";
    case PROPRIO_MARKER_LOST:
      return "lost";
    case PROPRIO_MARKER_AMBIGUOUS:
      return "ambiguous";
    case PROPRIO_MARKER_COLOR_OVERLAP:
      return "color-overlap";
    default:
      return "invalid";
    }
}
