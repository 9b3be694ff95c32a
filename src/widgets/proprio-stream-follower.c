/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-stream-follower"

#include "config.h"

#include "core/proprio-clock.h"

#include "proprio-stream-follower.h"

/* Samples drained per read: a second of a fast board fits in one frame's reads. */
#define FOLLOWER_CHUNK 256

struct _ProprioStreamFollower
{
  GtkWidget               *widget;    /* not owned: the follower lives inside it */
  ProprioFollowerTickFunc  before;
  ProprioSamplesFunc       func;
  gpointer                 user_data;
  ProprioDevice           *device;
  ProprioStreamReader     *reader;
  guint                    tick_id;
  gulong                   map_id;
  gulong                   unmap_id;
};

gsize
proprio_stream_follower_drain (ProprioStreamFollower *self)
{
  gsize n;
  guint64 dropped;

  g_return_val_if_fail (self != NULL, 0);

  n = proprio_stream_reader_drain (self->reader, self->func, self->user_data);
  dropped = proprio_stream_reader_take_dropped (self->reader);
  if (dropped > 0 && self->device != NULL)
    proprio_device_add_ring_overflows (self->device, dropped);
  return n;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  ProprioStreamFollower *self = user_data;

  /* The frame clock's time is on the monotonic clock too, but a tick may run late: "now" is
   * what an exercise must be ticked to. */
  if (self->before != NULL)
    self->before (proprio_clock_now_us (), self->user_data);
  proprio_stream_follower_drain (self);
  return G_SOURCE_CONTINUE;
}

static void
start_ticking (ProprioStreamFollower *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->widget, tick_cb, self, NULL);
}

static void
mapped_cb (GtkWidget             *widget,
           ProprioStreamFollower *self)
{
  proprio_stream_follower_restart (self);
  start_ticking (self);
}

static void
unmapped_cb (GtkWidget             *widget,
             ProprioStreamFollower *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
}

ProprioStreamFollower *
proprio_stream_follower_new (GtkWidget               *widget,
                             ProprioFollowerTickFunc  before,
                             ProprioSamplesFunc       func,
                             gpointer                 user_data)
{
  ProprioStreamFollower *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (ProprioStreamFollower, 1);
  self->widget = widget;
  self->before = before;
  self->func = func;
  self->user_data = user_data;
  self->reader = proprio_stream_reader_new (FOLLOWER_CHUNK);
  self->map_id = g_signal_connect (widget, "map", G_CALLBACK (mapped_cb), self);
  self->unmap_id = g_signal_connect (widget, "unmap", G_CALLBACK (unmapped_cb), self);
  if (gtk_widget_get_mapped (widget))
    start_ticking (self);
  return self;
}

void
proprio_stream_follower_free (ProprioStreamFollower *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->map_id, self->widget);
  g_clear_signal_handler (&self->unmap_id, self->widget);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  g_clear_object (&self->device);
  proprio_stream_reader_free (self->reader);
  g_free (self);
}

void
proprio_stream_follower_set_device (ProprioStreamFollower *self,
                                    ProprioDevice         *device)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (device == NULL || PROPRIO_IS_DEVICE (device));

  g_set_object (&self->device, device);
  proprio_stream_reader_set_ring (self->reader,
                                  device != NULL ? proprio_device_get_ring (device) : NULL, TRUE);
}

ProprioDevice *
proprio_stream_follower_get_device (ProprioStreamFollower *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->device;
}

void
proprio_stream_follower_restart (ProprioStreamFollower *self)
{
  g_return_if_fail (self != NULL);
  proprio_stream_reader_skip_to_now (self->reader);
}
