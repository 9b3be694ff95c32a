/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera"

#include "config.h"

#include <time.h>

#include "proprio-record-sink.h"

struct _ProprioRecordSink
{
  gatomicrefcount          ref;

  GMutex                   lock;      /* held while a frame is handed over; guards what follows */
  ProprioCameraRecordFunc  func;
  gpointer                 user_data;
  GDestroyNotify           notify;
  gboolean                 on;
  gint64                   last_t_us;
  GThread                 *last_thread;
  double                   last_thread_ms;
  ProprioCameraRecordStats stats;
  double                   branch_total_ms;
  guint64                  branch_frames;
};

/* Two frames further apart than this are not one run of the branch: the CPU between them is
 * not one frame's. */
#define BRANCH_MAX_GAP_US (200 * G_TIME_SPAN_MILLISECOND)

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0.0;
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

ProprioRecordSink *
proprio_record_sink_new (void)
{
  ProprioRecordSink *self = g_new0 (ProprioRecordSink, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->last_t_us = G_MININT64;
  return self;
}

ProprioRecordSink *
proprio_record_sink_ref (ProprioRecordSink *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
proprio_record_sink_unref (ProprioRecordSink *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
    return;
  if (self->notify != NULL)
    self->notify (self->user_data);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
proprio_record_sink_set_func (ProprioRecordSink       *self,
                              ProprioCameraRecordFunc  func,
                              gpointer                 user_data,
                              GDestroyNotify           notify)
{
  GDestroyNotify old_notify;
  gpointer old_data;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  old_notify = self->notify;
  old_data = self->user_data;
  self->func = func;
  self->user_data = user_data;
  self->notify = notify;
  /* A new recording: its first frame is not "after" the last one of the previous. */
  self->last_t_us = G_MININT64;
  g_mutex_unlock (&self->lock);
  if (old_notify != NULL)
    old_notify (old_data);
}

gboolean
proprio_record_sink_has_func (ProprioRecordSink *self)
{
  gboolean has;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  has = self->func != NULL;
  g_mutex_unlock (&self->lock);
  return has;
}

void
proprio_record_sink_set_on (ProprioRecordSink *self,
                            gboolean           on)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  self->on = on;
  g_mutex_unlock (&self->lock);
}

void
proprio_record_sink_push (ProprioRecordSink *self,
                          gint64             t_us,
                          GBytes            *jpeg,
                          int                width,
                          int                height,
                          guint64            missed)
{
  GThread *thread = g_thread_self ();
  double now_ms = thread_cpu_ms ();

  g_return_if_fail (self != NULL && jpeg != NULL);

  g_mutex_lock (&self->lock);
  if (self->func != NULL && self->on && t_us > self->last_t_us)
    {
      /* The whole branch's CPU for one frame (scale, convert, encode): the thread's time since
       * the previous frame of the same run. */
      if (thread == self->last_thread && self->last_t_us != G_MININT64 &&
          t_us - self->last_t_us < BRANCH_MAX_GAP_US)
        {
          self->stats.branch_ms = now_ms - self->last_thread_ms;
          self->branch_total_ms += self->stats.branch_ms;
          self->branch_frames++;
          self->stats.mean_branch_ms = self->branch_total_ms / self->branch_frames;
        }
      self->func (t_us, jpeg, width, height, self->user_data);
      self->stats.frames++;
      self->stats.frames_missed += missed;
      self->stats.width = width;
      self->stats.height = height;
      self->last_t_us = t_us;
    }
  self->last_thread = thread;
  self->last_thread_ms = thread_cpu_ms ();
  g_mutex_unlock (&self->lock);
}

void
proprio_record_sink_get_stats (ProprioRecordSink        *self,
                               ProprioCameraRecordStats *out)
{
  g_return_if_fail (self != NULL && out != NULL);

  g_mutex_lock (&self->lock);
  *out = self->stats;
  g_mutex_unlock (&self->lock);
}
