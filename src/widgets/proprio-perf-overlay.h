/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "station/proprio-station.h"

G_BEGIN_DECLS

/* A debug overlay (the window toggles it with Ctrl+Shift+P) that shows, live, what the app costs
 * and how fresh what it shows is: the time between frames and the time a frame takes (from the
 * frame clock), frames dropped, the age of the newest sample when a frame was painted (the
 * station device's last_sample_us against the monotonic clock), the device's health (rate, lost,
 * skipped), the process's CPU % and its resident memory. The figures are refreshed twice a
 * second while the widget is mapped; nothing runs while it is hidden.
 *
 * Dropped frames: a gap between two painted frames of 1.5 to 4 refresh intervals counts the
 * frames that fit in it; a longer gap is an idle window (GTK only paints when something
 * changed), not a drop. */

#define PROPRIO_TYPE_PERF_OVERLAY (proprio_perf_overlay_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPerfOverlay, proprio_perf_overlay, PROPRIO, PERF_OVERLAY, GtkWidget)

/* The figures shown, as of the last refresh. Negative values mean "not known yet". */
typedef struct
{
  guint   refreshes;         /* how many times the figures were refreshed */
  double  frame_interval_ms; /* median time between painted frames, last refresh period */
  double  frame_work_ms;     /* median time from the frame clock's update to after-paint */
  guint64 dropped_frames;    /* since the overlay was mapped */
  double  sample_age_ms;     /* newest sample's age at the last paint; -1 without samples */
  double  rate_hz;           /* the device's sample rate; -1 without a device */
  guint64 lost;              /* samples lost: gaps in counters plus ring overflows */
  guint64 skipped;           /* lines skipped plus bytes discarded while resynchronising */
  double  cpu_percent;       /* of one core, over the last refresh period */
  double  rss_mib;           /* resident set size */
} ProprioPerfFigures;

GtkWidget *proprio_perf_overlay_new         (ProprioStation     *station);
void       proprio_perf_overlay_get_figures (ProprioPerfOverlay *self,
                                             ProprioPerfFigures *out);

G_END_DECLS
