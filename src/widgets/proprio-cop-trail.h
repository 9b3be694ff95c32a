/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One centre-of-pressure point as the CoP view keeps it: small, because a view holds tens of
 * thousands of them (delay + the longest window it draws). */
typedef struct
{
  gint64  t_us;        /* the sample's time, CLOCK_MONOTONIC µs */
  float   x_mm;        /* medio-lateral, + right */
  float   y_mm;        /* antero-posterior, + forward */
  float   left_frac;   /* (TL + BL) / total, NaN without load */
  float   front_frac;  /* (TL + TR) / total, NaN without load */
  guint32 flags;       /* ProprioSampleFlags */
} ProprioCopPoint;

/* A time-ordered ring of points with absolute sequence numbers, so a reader can remember "up to
 * which point did I draw" across appends and trims. Main-thread only, no locking. */
typedef struct _ProprioCopTrail ProprioCopTrail;

/* max_points is rounded up to a power of two. */
ProprioCopTrail       *proprio_cop_trail_new          (guint                  max_points);
void                   proprio_cop_trail_free         (ProprioCopTrail       *self);
void                   proprio_cop_trail_clear        (ProprioCopTrail       *self);
/* Appends; the oldest point goes when the ring is full. Returns FALSE (and appends nothing) when
 * p is older than the newest point: time ran backwards, the caller decides what that means. */
gboolean               proprio_cop_trail_append       (ProprioCopTrail       *self,
                                                       const ProprioCopPoint *p);
/* Drops every point older than t_us. */
void                   proprio_cop_trail_trim_before  (ProprioCopTrail       *self,
                                                       gint64                 t_us);
guint                  proprio_cop_trail_get_length   (ProprioCopTrail       *self);
/* Sequence number of index 0; index i has sequence first_seq + i. */
guint64                proprio_cop_trail_get_first_seq (ProprioCopTrail      *self);
/* Index 0 is the oldest point. */
const ProprioCopPoint *proprio_cop_trail_get          (ProprioCopTrail       *self,
                                                       guint                  index);
/* The index of the first point with t_us > t (the length when there is none). */
guint                  proprio_cop_trail_upper_bound  (ProprioCopTrail       *self,
                                                       gint64                 t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioCopTrail, proprio_cop_trail_free)

G_END_DECLS
