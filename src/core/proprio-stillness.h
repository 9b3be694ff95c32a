/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A stillness detector for a joint angle (one axis) or a centre of pressure (two axes): it says
 * when the position has been held, and where.
 *
 * Definition: the position is *still* when, for at least `hold_us`, every sample lies within a
 * range of `range` on each axis (max − min ≤ range, in the input's unit: degrees or mm), with no
 * missing position (NaN) and no gap between samples longer than `max_gap_us`. A range rather
 * than a speed threshold, because a speed from noisy samples (a goniometer's 0.1–0.2° of noise at
 * 50 Hz is already ~10°/s sample to sample) would need filtering and its delay.
 *
 * The *stretch* is the latest run of samples that stays within the range, capped to the last
 * `hold_us` (plus the one sample at or before its start): its duration grows from 0 to `hold_us`
 * while the patient holds, and its mean is the held position. A missing position or a gap
 * starts it again; a sample out of the range drops the older samples until the rest fits.
 *
 * Pure and O(1) amortised per sample (monotonic queues for the minimum and maximum), so a
 * 1 kHz board costs nothing. Times must increase; a sample not later than the previous one is
 * ignored. */

typedef struct _ProprioStillness ProprioStillness;

/* n_dims is 1 or 2. */
ProprioStillness *proprio_stillness_new          (guint             n_dims,
                                                  double            range,
                                                  gint64            hold_us,
                                                  gint64            max_gap_us);
void              proprio_stillness_free         (ProprioStillness *self);
/* Forgets every sample (a new phase). */
void              proprio_stillness_reset        (ProprioStillness *self);
/* Adds the position at t_us (n_dims values; NULL or any NaN: no position). TRUE when still. */
gboolean          proprio_stillness_push         (ProprioStillness *self,
                                                  gint64            t_us,
                                                  const double     *position);
gboolean          proprio_stillness_is_still     (ProprioStillness *self);
/* The duration of the current stretch (0 without samples), at most about hold_us. */
gint64            proprio_stillness_get_held_us  (ProprioStillness *self);
/* held / hold, 0..1 (1 when hold_us is 0 and a position came). */
double            proprio_stillness_get_progress (ProprioStillness *self);
/* The mean position over the current stretch; FALSE (mean untouched) when it is empty. */
gboolean          proprio_stillness_get_mean     (ProprioStillness *self,
                                                  double           *mean);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioStillness, proprio_stillness_free)

G_END_DECLS
