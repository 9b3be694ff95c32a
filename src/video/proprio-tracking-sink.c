/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <time.h>

#include "core/proprio-marker-sample.h"
#include "proprio-tracking-sink.h"

/* Two frames further apart than this are not one run of the branch (it was off, or another
 * pipeline's thread took over): the CPU between them is not one frame's. */
#define BRANCH_MAX_GAP_US (200 * G_TIME_SPAN_MILLISECOND)

struct _ProprioTrackingSink
{
  gatomicrefcount       ref;
  ProprioMarkerTracker *tracker;
  ProprioRing          *ring;

  GMutex                lock;           /* one frame at a time; guards what follows */
  gint64                last_t_us;
  GThread              *last_thread;    /* the thread of the previous frame */
  double                last_thread_ms; /* its CPU time when that frame was done */
  ProprioCameraTrackingStats stats;
  double                tracker_total_ms;
  double                branch_total_ms;
  guint64               branch_frames;
};

/* The calling thread's own CPU time: what this frame cost, whatever else the machine runs. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0.0;
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

ProprioTrackingSink *
proprio_tracking_sink_new (void)
{
  ProprioTrackingSink *self = g_new0 (ProprioTrackingSink, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->tracker = proprio_marker_tracker_new ();
  self->ring = proprio_ring_new (PROPRIO_TRACKING_RING_CAPACITY);
  return self;
}

ProprioTrackingSink *
proprio_tracking_sink_ref (ProprioTrackingSink *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
proprio_tracking_sink_unref (ProprioTrackingSink *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  proprio_marker_tracker_free (self->tracker);
  proprio_ring_unref (self->ring);
  g_mutex_clear (&self->lock);
  g_free (self);
}

ProprioMarkerTracker *
proprio_tracking_sink_get_tracker (ProprioTrackingSink *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tracker;
}

ProprioRing *
proprio_tracking_sink_get_ring (ProprioTrackingSink *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->ring;
}

void
proprio_tracking_sink_process (ProprioTrackingSink      *self,
                               const ProprioMarkerFrame *frame,
                               gint64                    t_us,
                               guint64                   missed,
                               gboolean                  after_gap)
{
  ProprioMarkerTrackerResult result;
  ProprioSample sample;
  GThread *thread = g_thread_self ();
  gboolean consecutive;
  double start_ms, end_ms;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  g_mutex_lock (&self->lock);
  start_ms = thread_cpu_ms ();
  /* A frame that cannot be read leaves every set marker LOST: a sample without an angle, so the
   * readers see the gap rather than nothing. */
  proprio_marker_tracker_process (self->tracker, frame, &result);
  end_ms = thread_cpu_ms ();

  if (t_us <= self->last_t_us)
    t_us = self->last_t_us + 1;
  /* Frames on one thread this close together belong to one run of one branch. */
  consecutive = thread == self->last_thread && missed == 0 && !after_gap
                && t_us - self->last_t_us < BRANCH_MAX_GAP_US && end_ms >= self->last_thread_ms;
  self->last_t_us = t_us;
  proprio_marker_sample_pack (&result, frame->width, frame->height, t_us, &sample);
  if (missed > 0 || after_gap)
    sample.flags |= PROPRIO_SAMPLE_AFTER_GAP;
  proprio_ring_push (self->ring, &sample);

  self->stats.frames++;
  self->stats.frames_missed += missed;
  self->stats.width = frame->width;
  self->stats.height = frame->height;
  self->stats.tracker_ms = end_ms - start_ms;
  self->tracker_total_ms += self->stats.tracker_ms;
  self->stats.mean_tracker_ms = self->tracker_total_ms / self->stats.frames;
  /* The thread's CPU since its previous frame is the whole branch for this one (the scaling
   * and the queue's hand-over run on it too); it only counts when no frame was skipped. */
  self->stats.branch_ms = 0.0;
  if (consecutive)
    {
      self->stats.branch_ms = end_ms - self->last_thread_ms;
      self->branch_total_ms += self->stats.branch_ms;
      self->branch_frames++;
      self->stats.mean_branch_ms = self->branch_total_ms / self->branch_frames;
    }
  self->last_thread = thread;
  self->last_thread_ms = end_ms;
  g_mutex_unlock (&self->lock);
}

void
proprio_tracking_sink_get_stats (ProprioTrackingSink        *self,
                                 ProprioCameraTrackingStats *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->stats;
  g_mutex_unlock (&self->lock);
}
